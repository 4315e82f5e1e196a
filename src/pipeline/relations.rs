//! Stage 7: relations. Requires entities (and quotes, to skip reporting parentheticals; and the
//! byline, whose line is never a relation); creates `Document::relations` and Policy entities for
//! opposed laws and rules.
//!
//! A cue from the relation lexicon ("spoken out against", "partner with", "signed … accord with"
//! with a gap of up to three words) takes as subject the coordinated group of actors nearest
//! before it ("Microsoft, Intel and IBM") and as object the group right after it ("Brazil,
//! Russia, India, China, South Africa"; a demonym, title or possessive before a person is only a
//! modifier: "met Syrian President Bashar Assad" = Assad), or for `opposes` a policy noun phrase
//! ("the impending legislation"). Passive voice ("was fiercely criticised by X") swaps them; a
//! passive cue without an agent yields nothing. A capital right before or after a cue stands for
//! its country ("Pyongyang fired … at Seoul"). Negation ("did not oppose", "denied") keeps the
//! assertion with negative polarity; intent ("is looking to partner", "wants X to attack") and
//! threats keep their modality; a relation inside a claim ("claimed that X attacked Y") keeps a
//! low confidence. Guards of the lexicon keep cues such as "met" and "clash with" out of sport
//! news. An entity never relates to itself.

use std::sync::Arc;

use super::resolve::finish;
use super::util::starts_upper;
use super::Stage;
use crate::document::{
    Document, Entity, EntityType, Mention, MentionForm, MentionSource, Modality, Predicate,
    Relation, Span, TokenKind,
};
use crate::resources::{Resources, CUE_GAP};

pub struct Relations {
    res: Arc<Resources>,
}

impl Relations {
    pub fn new(res: Arc<Resources>) -> Self {
        Relations { res }
    }
}

const NEGATIONS: &[&str] = &[
    "not", "n't", "never", "no", "nothing", "refused", "declined", "neither", "nor", "denied",
    "denies", "deny", "denying",
];
const INTENT: &[&str] = &[
    "looking",
    "plans",
    "plan",
    "planned",
    "planning",
    "wants",
    "want",
    "seeks",
    "seeking",
    "intends",
    "hopes",
    "aims",
    "will",
    "would",
    "could",
    "may",
    "might",
    "expected",
    "ready",
    "prepared",
    "considering",
    "pledged",
    "promised",
    "vowed",
    "should",
    "must",
    "shall",
    "can",
];
/// Verbs after which "to" + cue states what happened, not what is intended ("began to cooperate").
const FACTIVE: &[&str] = &[
    "began",
    "begun",
    "begin",
    "begins",
    "started",
    "start",
    "starts",
    "continued",
    "continue",
    "continues",
    "managed",
    "went",
    "helped",
];
/// Words that report a relation as someone's claim: it keeps a low confidence.
const CLAIMS: &[&str] = &[
    "claimed",
    "claims",
    "claim",
    "claiming",
    "alleged",
    "alleges",
    "allege",
    "alleging",
    "allegedly",
    "reportedly",
    "purportedly",
    "supposedly",
    "rumoured",
    "rumored",
    "accused",
    "accuses",
    "accusing",
];
/// Verbs by which one party wants another to act ("wants Putin to attack", "urged X to back").
const DESIRE: &[&str] = &[
    "wants",
    "want",
    "wanted",
    "asked",
    "asks",
    "asking",
    "urged",
    "urges",
    "urging",
    "pressed",
    "presses",
    "pressing",
    "pressure",
    "pressured",
    "pressuring",
    "encouraged",
    "encourages",
    "called",
    "calls",
    "calling",
    "told",
    "tells",
    "expects",
    "expected",
    "invited",
    "invites",
    "persuade",
    "persuaded",
];
const POLICY_HEADS: &[&str] = &[
    "law",
    "laws",
    "legislation",
    "regulation",
    "regulations",
    "rule",
    "rules",
    "policy",
    "policies",
    "bill",
    "measure",
    "measures",
    "act",
    "ban",
    "tariff",
    "tariffs",
    "sanctions",
    "proposal",
    "plan",
    "reform",
    "reforms",
    "treaty",
    "deal",
    "agreement",
    "restrictions",
    "requirements",
    "order",
    "directive",
    "decree",
    "mandate",
    "tax",
    "program",
    "programme",
];
/// Words that end a noun phrase before its head ("countries who break the rules", "criticised
/// over the deal").
const NP_BREAKERS: &[&str] = &[
    "who", "which", "that", "under", "to", "of", "for", "in", "on", "with", "by", "from", "at",
    "as", "and", "or", "but", "if", "than", "great", "good", "lot", "is", "are", "was", "were",
    "be", "been", "has", "have", "had", "over", "about", "after", "before", "against", "into",
    "since", "during", "because", "while", "amid", "despite", "through", "without", "within",
    "between", "among", "like", "until",
];
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "this", "these", "that", "those", "any",
];
/// Words that may stand between a cue and its object besides determiners and titles.
const OBJECT_MODIFIERS: &[&str] = &["both", "former", "then", "’s", "'s"];
/// Demonyms count as actors only before these nouns ("Chinese officials condemned ...").
const COLLECTIVE_ACTORS: &[&str] = &[
    "officials",
    "government",
    "authorities",
    "leaders",
    "leader",
    "forces",
    "military",
    "troops",
    "soldiers",
    "army",
    "navy",
    "police",
    "warplanes",
    "diplomats",
    "lawmakers",
    "regulators",
    "ministers",
    "ministry",
    "negotiators",
    "president",
    "premier",
    "ambassador",
    "envoy",
    "embassy",
    "delegation",
    "parliament",
];
/// Words that make a sentence about armed force (an `armed` cue keeps its class only with one).
const ARMED: &[&str] = &[
    "forces",
    "troops",
    "soldiers",
    "army",
    "military",
    "militants",
    "rebels",
    "insurgents",
    "fighters",
    "police",
    "gunmen",
    "militia",
    "militias",
    "navy",
    "warplanes",
    "jets",
    "tanks",
    "missile",
    "missiles",
    "rocket",
    "rockets",
    "bomb",
    "bombs",
    "shells",
    "artillery",
    "mortar",
    "guns",
    "gunfire",
    "weapons",
    "airstrike",
    "airstrikes",
    "rioters",
    "riot",
];
/// Sport words: three different ones in an article, or one in a sentence, make cues guarded with
/// `nosport` ("Wales host France", "United clash with Chelsea") stand down.
const SPORT_SENTENCE: &[&str] = &[
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "keeper",
    "goal",
    "goals",
    "league",
    "cup",
    "semi-final",
    "quarter-final",
    "tournament",
    "championship",
    "championships",
    "squad",
    "fixture",
    "fixtures",
    "scrum",
    "fly-half",
    "wicket",
    "wickets",
    "innings",
    "batsman",
    "bowler",
    "referee",
    "coach",
    "medal",
    "medals",
    "sprinter",
    "marathon",
    "athlete",
    "athletes",
    "athletics",
    "tennis",
    "football",
    "rugby",
    "cricket",
    "golf",
    "boxing",
    "premiership",
    "stadium",
    "kick-off",
    "half-time",
    "penalty",
    "penalties",
    "play-off",
    "playoff",
    "sprint",
];
/// More sport words, counted only over the whole article ("final", "title" and "season" are
/// common in other news too).
const SPORT_ARTICLE: &[&str] = &[
    "match",
    "matches",
    "final",
    "finals",
    "season",
    "title",
    "champions",
    "club",
    "clubs",
    "olympic",
    "olympics",
    "seed",
    "seeded",
    "try",
    "tries",
];
/// Words that open a clause of their own: an actor before one is not the subject of a cue after
/// it ("the United States, where he met Bush"; "Kennedy, whose party opposes").
const SUBORDINATORS: &[&str] = &[
    "where", "when", "while", "whereas", "although", "though", "because", "after", "before",
    "since", "until", "unless", "whose", "if",
];
const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "it"];
/// Verbs of saying and thinking that open a reported clause.
const SAYING: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "claimed",
    "claims",
    "argued",
    "argues",
    "insisted",
    "insists",
    "stated",
    "states",
    "believes",
    "believed",
    "thinks",
    "thought",
    "suggested",
    "suggests",
    "admitted",
    "admits",
];
/// Verbs after which a pronoun is still the actor's own subject ("Peru denied that it had",
/// "Britain announced it would").
const OWN_CLAUSE: &[&str] = &[
    "denied",
    "denies",
    "deny",
    "announced",
    "announces",
    "promised",
    "promises",
    "pledged",
    "vowed",
    "confirmed",
    "confirms",
    "hoped",
    "hopes",
    "decided",
    "agreed",
];
/// People who speak and act for a government: "officials in Canberra said" is Australia speaking,
/// "students in Nairobi said" is not Kenya.
pub const GOVERNMENT_PEOPLE: &[&str] = &[
    "officials",
    "official",
    "diplomats",
    "authorities",
    "sources",
    "ministers",
    "leaders",
    "government",
    "spokesman",
    "spokeswoman",
    "spokesperson",
];

/// Prepositions before a capital that make it a place, not its government ("in London").
const LOCATIVE: &[&str] = &[
    "in", "at", "from", "to", "near", "into", "outside", "inside", "across", "around", "via",
    "through", "of", "for", "on", "toward", "towards", "over", "between",
];
/// One cue found in the text: its span and its line of the lexicon.
#[derive(Clone, Copy, Debug)]
struct CueMatch {
    span: Span,
    cue: usize,
}

/// Which way a cue's actors stand.
enum Voice {
    Active,
    /// "was (fiercely) opposed (earlier) by X": the auxiliary's token, and the "by" token when an
    /// agent is named.
    Passive {
        aux: usize,
        agent: Option<usize>,
    },
}

impl Stage for Relations {
    fn name(&self) -> &'static str {
        "relations"
    }

    fn run(&self, doc: &mut Document) {
        // mentions in text order, found by binary search (policies found on the way wait in
        // `pending` until the end)
        doc.mentions.sort_by_key(|m| m.span.start);
        let mut pending: Vec<Mention> = Vec::new();
        let cues = self.cues(doc);
        let sport_article = is_sport_article(doc);
        let titles: Vec<Span> = self
            .res
            .titles_in(doc)
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        for c in &cues {
            self.capital_as_object(doc, c.span);
            if !sport_article {
                self.capital_as_subject(doc, c.span);
            }
        }
        let mut relations = Vec::new();
        for c in cues {
            let Some(si) = doc.sentence_at(c.span.start) else {
                continue;
            };
            if doc.sentences[si].headline {
                continue;
            }
            let sentence = doc.sentences[si].span;
            if doc
                .byline
                .as_ref()
                .is_some_and(|b| b.line.overlaps(sentence))
            {
                continue;
            }
            // "Aid minister Hilary Benn": a capitalised cue inside a sentence is part of a name
            if starts_upper(doc.slice(c.span)) && doc.sentences[si].tokens.start != ct_of(doc, c) {
                continue;
            }
            let rc = self.res.relation_cues[c.cue].clone();
            if rc.no_sport && (sport_article || self.sport_sentence(doc, si)) {
                continue;
            }
            let range = doc.sentences[si].tokens.clone();
            let ct = doc.token_at_or_after(c.span.start);
            let ce = doc.token_at_or_after(c.span.end);
            if rc.infinitive && !self.after_modal(doc, ct, range.start) {
                continue;
            }
            // "talks between Britain and France", "a resumption of ties between X and Y": the
            // parties are the group after the cue, each with the others
            if doc.slice(c.span).to_lowercase().ends_with(" between") {
                let parties = self.group_after(doc, c.span.end, sentence, &titles);
                let lead = words(&doc.text[sentence.start..c.span.start]);
                let lead = &lead[lead.len().saturating_sub(4)..];
                let negated = lead
                    .iter()
                    .any(|w| NEGATIONS.contains(&w.as_str()) || w.ends_with("n't"));
                for (i, &(a, aspan)) in parties.iter().enumerate() {
                    for &(b, bspan) in &parties[i + 1..] {
                        if a == b {
                            continue;
                        }
                        relations.push(Relation {
                            subject: a,
                            predicate: rc.predicate,
                            object: b,
                            cue: c.span,
                            event_class: rc.event_class,
                            span: c.span.cover(aspan).cover(bspan),
                            sentence,
                            negated,
                            modality: Modality::Asserted,
                            confidence: 0.7,
                        });
                    }
                }
                continue;
            }
            let (subjects, mut objects, passive) = match self.voice(doc, ct, ce, range.clone()) {
                Voice::Passive {
                    aux,
                    agent: Some(by),
                } => {
                    let agents = self.group_after(doc, doc.tokens[by].span.end, sentence, &titles);
                    let patients = self.group_before(doc, doc.tokens[aux].span.start, sentence);
                    (agents, patients, true)
                }
                // "was criticised over the deal": nobody is named as doing it
                Voice::Passive { agent: None, .. } => continue,
                Voice::Active => (
                    self.group_before(doc, c.span.start, sentence),
                    self.group_after(doc, c.span.end, sentence, &titles),
                    false,
                ),
            };
            if subjects.is_empty() {
                continue;
            }
            // the group before the cue: the subjects, or in the passive the patients
            let left = if passive {
                objects.clone()
            } else {
                subjects.clone()
            };
            if objects.is_empty() && rc.predicate == Predicate::Opposes && !passive {
                if let Some(p) = self.policy(doc, c.span.end, sentence, &mut pending) {
                    objects.push(p);
                }
            }
            // "agreed with Dr Fox's view", "agreed with her that ...": sharing a view is no
            // agreement between the two
            if rc.event_class == "AGREE"
                && doc.slice(c.span).to_lowercase().starts_with("agree")
                && objects.first().is_some_and(|o| {
                    let k = doc.token_at_or_after(o.1.end);
                    k < range.end && matches!(doc.token_text(k), "’s" | "'s" | "that")
                })
            {
                continue;
            }
            // "The US, Russia and Switzerland met yesterday", "Gondor and Arnor have renewed
            // diplomatic ties": each with the others
            let reciprocal = objects.is_empty()
                && subjects.len() >= 2
                && !passive
                && rc.predicate == Predicate::PartnersWith
                && matches!(rc.event_class, "CONSULT" | "COOPERATE" | "AGREE")
                && !ends_with_preposition(doc.slice(c.span))
                && self.nothing_after(doc, ce, range.end);
            if objects.is_empty() && !reciprocal {
                continue;
            }
            // negation, modality and claims from the words before the cue
            let left_start = left.iter().map(|s| s.1.start).min().unwrap_or(c.span.start);
            let left_end = left
                .iter()
                .map(|s| s.1.end)
                .max()
                .unwrap_or(c.span.start)
                .min(c.span.start);
            let between = words(&doc.text[left_end..c.span.start]);
            let before = words(&doc.text[sentence.start..left_start.max(sentence.start)]);
            let negated = between
                .iter()
                .any(|w| NEGATIONS.contains(&w.as_str()) || w.ends_with("n't"));
            // "wants Putin to attack", "agreed to restore ties" (not "began to cooperate")
            let infinitive = between.last().is_some_and(|w| w == "to")
                && !(between.len() >= 2 && FACTIVE.contains(&between[between.len() - 2].as_str()));
            let about_to = between.windows(2).any(|w| w[0] == "about" && w[1] == "to");
            let desire = infinitive
                && before
                    .iter()
                    .rev()
                    .take(4)
                    .any(|w| DESIRE.contains(&w.as_str()));
            let claimed = between
                .iter()
                .chain(before.iter())
                .any(|w| CLAIMS.contains(&w.as_str()));
            let modality = if between.iter().any(|w| w.starts_with("threaten")) {
                Modality::Threatened
            } else if infinitive || about_to || between.iter().any(|w| INTENT.contains(&w.as_str()))
            {
                Modality::Intended
            } else {
                Modality::Asserted
            };
            let mut confidence: f32 = if between.len() > 5 { 0.6 } else { 0.75 };
            if desire {
                confidence = confidence.min(0.5);
            }
            if claimed {
                confidence = confidence.min(0.45);
            }
            let event_class = if rc.armed && !self.armed_sentence(doc, si) {
                "DISAPPROVE"
            } else {
                rc.event_class
            };
            let pairs: Vec<((usize, Span), (usize, Span))> = if reciprocal {
                let mut v = Vec::new();
                for (i, &a) in subjects.iter().enumerate() {
                    for &b in &subjects[i + 1..] {
                        v.push((a, b));
                    }
                }
                v
            } else {
                subjects
                    .iter()
                    .flat_map(|&s| objects.iter().map(move |&o| (s, o)))
                    .collect()
            };
            for ((s, sspan), (o, ospan)) in pairs {
                if s == o {
                    continue;
                }
                // "met", "visited": between governments and their people, not two footballers
                if rc.political && !is_political(doc, s) && !is_political(doc, o) {
                    continue;
                }
                relations.push(Relation {
                    subject: s,
                    predicate: rc.predicate,
                    object: o,
                    cue: c.span,
                    event_class,
                    span: sspan.cover(ospan).cover(c.span),
                    sentence,
                    negated,
                    modality,
                    confidence,
                });
            }
        }
        let mut seen = std::collections::HashSet::new();
        relations.retain(|r: &Relation| {
            seen.insert((r.subject, r.predicate, r.object, r.sentence, r.negated))
        });
        doc.relations = relations;
        doc.mentions.append(&mut pending);
        finish(doc);
    }
}

/// Does a cue end with the preposition that introduces its object ("met with", "ties with")?
fn ends_with_preposition(cue: &str) -> bool {
    let last = cue.rsplit(' ').next().unwrap_or("").to_lowercase();
    matches!(
        last.as_str(),
        "with" | "to" | "on" | "at" | "against" | "into" | "between" | "behind" | "by" | "of"
    )
}

/// The index of a cue's first token.
fn ct_of(doc: &Document, c: CueMatch) -> usize {
    doc.token_at_or_after(c.span.start)
}

/// Lowercase words of a stretch of text.
fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(|w| w.to_lowercase()).collect()
}

/// Officials, government bodies and countries: the parties of diplomatic meetings and visits.
fn is_political(doc: &Document, e: usize) -> bool {
    matches!(
        doc.entities[e].etype,
        EntityType::Official | EntityType::Agency | EntityType::Country
    )
}

/// An article about sport: three different sport words, at least three times in all.
fn is_sport_article(doc: &Document) -> bool {
    let mut hits: Vec<String> = Vec::new();
    let mut total = 0;
    for k in 0..doc.tokens.len() {
        if doc.tokens[k].kind != TokenKind::Word {
            continue;
        }
        let w = doc.token_text(k).to_lowercase();
        if SPORT_SENTENCE.contains(&w.as_str()) || SPORT_ARTICLE.contains(&w.as_str()) {
            total += 1;
            if !hits.contains(&w) {
                hits.push(w);
            }
        }
    }
    total >= 3 && hits.len() >= 3
}

/// Is this word an adverb that may stand inside a verb group ("was fiercely opposed")?
fn is_adverb(w: &str) -> bool {
    let l = w.to_lowercase();
    (l.len() > 4 && l.ends_with("ly") && !starts_upper(w))
        || matches!(
            l.as_str(),
            "also" | "later" | "earlier" | "again" | "now" | "then" | "already" | "still" | "once"
        )
}

/// A past participle that can head a passive cue ("criticised", "struck").
fn is_participle(w: &str) -> bool {
    w.ends_with("ed")
        || matches!(
            w,
            "struck" | "met" | "hit" | "shot" | "cut" | "sent" | "given" | "broken" | "fought"
        )
}

impl Relations {
    /// Every cue of the lexicon in the body, gapped ones included; where two overlap, the longer.
    fn cues(&self, doc: &Document) -> Vec<CueMatch> {
        let body = Span::new(doc.body_start, doc.text.len());
        let mut found: Vec<CueMatch> = self
            .res
            .relation_matcher
            .find(&doc.text, &doc.tokens, body)
            .into_iter()
            .map(|m| CueMatch {
                span: m.span,
                cue: m.payloads[0] as usize,
            })
            .collect();
        for m in self
            .res
            .relation_head_matcher
            .find(&doc.text, &doc.tokens, body)
        {
            // the longest completion of the gapped cues with this head ("renewed ties with"
            // before "renewed ties")
            let best = m
                .payloads
                .iter()
                .filter_map(|&g| {
                    let g = &self.res.relation_gapped[g as usize];
                    self.complete_gapped(doc, m.span.end, &g.segments)
                        .map(|end| (end, g.cue))
                })
                .max_by_key(|&(end, cue)| (end, std::cmp::Reverse(cue)));
            if let Some((end, cue)) = best {
                found.push(CueMatch {
                    span: Span::new(m.span.start, end),
                    cue,
                });
            }
        }
        found.sort_by(|a, b| {
            b.span
                .len()
                .cmp(&a.span.len())
                .then(a.span.start.cmp(&b.span.start))
        });
        // kept cues never overlap: the only one that can overlap a cue is the kept one starting
        // last before it ends
        let mut starts: std::collections::BTreeMap<usize, usize> = Default::default();
        let mut kept: Vec<CueMatch> = Vec::new();
        for c in found {
            let free = starts
                .range(..c.span.end)
                .next_back()
                .is_none_or(|(_, &end)| end <= c.span.start);
            if free {
                starts.insert(c.span.start, c.span.end);
                kept.push(c);
            }
        }
        kept.sort_by_key(|c| c.span.start);
        kept
    }

    /// Where a gapped cue whose first segment ends at byte `pos` ends, if its other segments
    /// follow, each within `CUE_GAP` plain words, in the same paragraph.
    fn complete_gapped(
        &self,
        doc: &Document,
        pos: usize,
        segments: &[Vec<String>],
    ) -> Option<usize> {
        let n = doc.tokens.len();
        let mut k = doc.token_at_or_after(pos);
        let mut end = pos;
        for seg in segments {
            let mut found = None;
            for gap in 0..=CUE_GAP {
                if k + gap + seg.len() > n {
                    break;
                }
                let fits = (k..k + gap + seg.len()).all(|j| !doc.tokens[j].para_start)
                    && seg
                        .iter()
                        .enumerate()
                        .all(|(i, w)| doc.token_text(k + gap + i).eq_ignore_ascii_case(w));
                if fits {
                    found = Some(k + gap);
                    break;
                }
                // the next word must be one a gap can hold before trying a longer gap
                if k + gap >= n || !is_gap_word(doc, k + gap) {
                    break;
                }
            }
            let start = found?;
            k = start + seg.len();
            end = doc.tokens[k - 1].span.end;
        }
        Some(end)
    }

    /// Active or passive: a participle cue after a form of "be" (adverbs and "not" may stand
    /// between), with its agent after "by" ("was fiercely opposed earlier by X").
    fn voice(&self, doc: &Document, ct: usize, ce: usize, range: std::ops::Range<usize>) -> Voice {
        if ce == 0 || ce <= ct || !is_participle(&doc.token_text(ce - 1).to_lowercase()) {
            return Voice::Active;
        }
        let mut a = ct;
        while a > range.start
            && ct - a < 3
            && (is_adverb(doc.token_text(a - 1))
                || matches!(doc.token_text(a - 1), "not" | "never" | "n't"))
        {
            a -= 1;
        }
        if a == range.start
            || !matches!(
                doc.token_text(a - 1).to_lowercase().as_str(),
                "was" | "were" | "been" | "being" | "is" | "are" | "be" | "get" | "gets" | "got"
            )
        {
            return Voice::Active;
        }
        let mut b = ce;
        while b < range.end && b - ce < 2 && is_adverb(doc.token_text(b)) {
            b += 1;
        }
        let agent = (b < range.end && doc.token_text(b).eq_ignore_ascii_case("by")).then_some(b);
        Voice::Passive { aux: a - 1, agent }
    }

    /// Nothing but time and place follows token `k` in the sentence ("met yesterday", "met in
    /// Zurich on Monday"): a reciprocal cue then has no object.
    fn nothing_after(&self, doc: &Document, k: usize, end: usize) -> bool {
        k >= end
            || matches!(
                doc.token_text(k).to_lowercase().as_str(),
                "." | ","
                    | ";"
                    | "yesterday"
                    | "today"
                    | "on"
                    | "in"
                    | "at"
                    | "last"
                    | "this"
                    | "earlier"
                    | "later"
                    | "again"
                    | "privately"
                    | "briefly"
                    | "after"
                    | "following"
                    | "for"
            )
    }

    /// Does a bare verb stand at token `k`: after "to", a modal, "do" or a negation, adverbs
    /// aside ("should back", "to also back", "did not back")?
    fn after_modal(&self, doc: &Document, k: usize, start: usize) -> bool {
        let mut j = k;
        while j > start && is_adverb(doc.token_text(j - 1)) {
            j -= 1;
        }
        j > start
            && matches!(
                doc.token_text(j - 1).to_lowercase().as_str(),
                "to" | "will"
                    | "would"
                    | "should"
                    | "could"
                    | "can"
                    | "may"
                    | "might"
                    | "must"
                    | "shall"
                    | "do"
                    | "does"
                    | "did"
                    | "not"
                    | "n't"
                    | "cannot"
            )
    }

    fn sport_sentence(&self, doc: &Document, si: usize) -> bool {
        doc.sentences[si]
            .tokens
            .clone()
            .any(|k| SPORT_SENTENCE.contains(&doc.token_text(k).to_lowercase().as_str()))
    }

    fn armed_sentence(&self, doc: &Document, si: usize) -> bool {
        doc.sentences[si]
            .tokens
            .clone()
            .any(|k| ARMED.contains(&doc.token_text(k).to_lowercase().as_str()))
    }

    /// A capital right after a relation cue stands for its country: "accusing Tokyo of ...".
    fn capital_as_object(&self, doc: &mut Document, cue: Span) {
        let k = doc.token_at_or_after(cue.end);
        if k >= doc.tokens.len() {
            return;
        }
        let limit = doc.tokens[(k + 2).min(doc.tokens.len() - 1)].span.end;
        let Some(mi) = self
            .starting_in(doc, cue.end, limit)
            .find(|&i| doc.mentions[i].span.end <= limit)
        else {
            return;
        };
        self.capital_to_country(doc, mi);
    }

    /// The capital nearest before a relation cue, when it is the cue's subject, stands for its
    /// country: "Pyongyang on Thursday fired ...", "Washington officials are about to restore
    /// ties ..." (not "protesters in London condemned ...").
    fn capital_as_subject(&self, doc: &mut Document, cue: Span) {
        let Some(si) = doc.sentence_at(cue.start) else {
            return;
        };
        let sentence = doc.sentences[si].span;
        let Some(mi) = self
            .starting_in(doc, sentence.start, cue.start)
            .filter(|&i| doc.mentions[i].span.end <= cue.start)
            .max_by_key(|&i| doc.mentions[i].span.end)
        else {
            return;
        };
        let m = &doc.mentions[mi];
        let gap = &doc.text[m.span.end..cue.start];
        if gap.split_whitespace().count() > 8 || gap.contains([';', '“', '”', '"', '.']) {
            return;
        }
        let range = doc.sentences[si].tokens.clone();
        if self.locative(doc, m.span) {
            return;
        }
        // the capital heads its clause: a verb group, a time or a group of officials follows
        // ("Beijing has", "Pyongyang on Thursday", "Washington security officials"), not a noun
        // it qualifies ("the London bombings")
        let next = doc.token_at_or_after(m.span.end);
        let cue_k = doc.token_at_or_after(cue.start);
        let heads_clause = next >= cue_k || {
            let w = doc.token_text(next).to_lowercase();
            is_adverb(&w)
                || matches!(
                    w.as_str(),
                    "," | "on"
                        | "last"
                        | "this"
                        | "has"
                        | "have"
                        | "had"
                        | "is"
                        | "was"
                        | "are"
                        | "were"
                        | "will"
                        | "would"
                        | "could"
                        | "may"
                        | "might"
                        | "did"
                        | "does"
                        | "today"
                        | "yesterday"
                )
                || (next..(next + 3).min(cue_k).min(range.end))
                    .any(|j| COLLECTIVE_ACTORS.contains(&doc.token_text(j).to_lowercase().as_str()))
        };
        if heads_clause {
            self.capital_to_country(doc, mi);
        }
    }

    /// Does a preposition of place stand before the span ("in Nairobi"), other than after people
    /// who act for a government ("officials in Nairobi")?
    fn locative(&self, doc: &Document, span: Span) -> bool {
        let k = doc.token_at_or_after(span.start);
        let start = doc
            .sentence_at(span.start)
            .map_or(0, |si| doc.sentences[si].tokens.start);
        k > start
            && LOCATIVE.contains(&doc.token_text(k - 1).to_lowercase().as_str())
            && !(k > start + 1
                && GOVERNMENT_PEOPLE.contains(&doc.token_text(k - 2).to_lowercase().as_str()))
    }

    /// Mention `mi`, when it was found as a place but stands for a government, becomes that
    /// government: a capital its country ("Seoul" = South Korea), a seat of government the body
    /// the gazetteer knows by that name ("White House", "Kremlin": agencies of their country).
    fn capital_to_country(&self, doc: &mut Document, mi: usize) {
        let gaz = &self.res.gazetteer;
        if doc.mentions[mi].etype != EntityType::Location {
            return;
        }
        let capital = doc.mentions[mi]
            .gazetteer
            .and_then(|g| gaz.entries[g].capital_of);
        let seat = || {
            let name = doc.slice(doc.mentions[mi].span);
            let name = name.strip_prefix("the ").unwrap_or(name);
            gaz.lookup(name)
                .filter(|&g| gaz.entries[g].etype == EntityType::Agency)
        };
        let (g, form) = match capital {
            Some(c) => (c, MentionForm::Capital),
            None => match seat() {
                Some(a) => (a, MentionForm::Alias),
                None => return,
            },
        };
        let ge = &gaz.entries[g];
        let etype = ge.etype;
        let e = match doc
            .entities
            .iter()
            .position(|e| e.etype == etype && e.name == ge.name)
        {
            Some(e) => e,
            None => {
                doc.entities.push(Entity {
                    name: ge.name.clone(),
                    etype,
                    aliases: Vec::new(),
                    wikidata: ge.wikidata.clone(),
                    country_code: (etype == EntityType::Country)
                        .then(|| ge.country.clone())
                        .flatten(),
                    mentions: Vec::new(),
                    confidence: 0.8,
                    local: false,
                });
                doc.entities.len() - 1
            }
        };
        let m = &mut doc.mentions[mi];
        m.entity = Some(e);
        m.etype = etype;
        m.gazetteer = Some(g);
        m.form = form;
    }

    /// The indices of the mentions starting in `[from, to)` (mentions are in text order).
    fn starting_in(&self, doc: &Document, from: usize, to: usize) -> std::ops::Range<usize> {
        let a = doc.mentions.partition_point(|m| m.span.start < from);
        let b = doc.mentions.partition_point(|m| m.span.start < to);
        a..b.max(a)
    }

    /// The mention starting at token `k`, if any.
    fn mention_at(&self, doc: &Document, k: usize) -> Option<usize> {
        let start = doc.tokens.get(k)?.span.start;
        self.starting_in(doc, start, start + 1).next()
    }

    fn actor(&self, doc: &Document, m: &Mention) -> Option<usize> {
        let e = m.entity?;
        let t = doc.entities[e].etype;
        if !t.is_actor() {
            return None;
        }

        if m.form == MentionForm::Demonym {
            // the noun after the demonym, past other demonyms and countries coordinated with it:
            // "Chinese officials", "Eriadori and Calenardhon leaders"
            let mut k = doc.token_at_or_after(m.span.end);
            for _ in 0..8 {
                if k >= doc.tokens.len() {
                    break;
                }
                if matches!(doc.token_text(k), "and" | "," | "or") {
                    k += 1;
                    continue;
                }
                match self.mention_at(doc, k) {
                    Some(n)
                        if doc.mentions[n].etype == EntityType::Country
                            || doc.mentions[n].form == MentionForm::Demonym =>
                    {
                        k = doc.token_at_or_after(doc.mentions[n].span.end);
                    }
                    _ => break,
                }
            }
            let next = if k < doc.tokens.len() {
                doc.token_text(k).to_lowercase()
            } else {
                String::new()
            };
            if !COLLECTIVE_ACTORS.contains(&next.as_str()) {
                return None;
            }
        }
        Some(e)
    }

    /// Mentions whose span lies in a reporting parenthetical ", Zhou said," are not subjects.
    fn in_parenthetical(&self, doc: &Document, m: &Mention, sentence: Span) -> bool {
        let before = doc.text[sentence.start..m.span.start].trim_end();
        let after = doc.text[m.span.end..sentence.end].trim_start();
        before.ends_with(',')
            && ["said,", "says,", "added,", "told reporters,", "noted,"]
                .iter()
                .any(|p| after.starts_with(p))
    }

    /// The coordinated group of actors nearest before `pos` in the sentence. The nearest actor
    /// stands within eight words, in the same clause (no "where", "because", ... between; no
    /// pronoun subject of its own, unless after the actor's own verb: "Britain said it would");
    /// an actor inside a parenthetical right before the cue gives way to the one before it
    /// ("Sir Digby Jones, CBI director general, warned").
    fn group_before(&self, doc: &Document, pos: usize, sentence: Span) -> Vec<(usize, Span)> {
        let mut cands: Vec<&Mention> = doc.mentions[self.starting_in(doc, sentence.start, pos)]
            .iter()
            .filter(|m| m.span.end <= pos && !self.in_parenthetical(doc, m, sentence))
            .collect();
        // "students in Nairobi condemned ...": a capital after a preposition is where they are,
        // not its government ("officials in Nairobi" are)
        cands.retain(|m| !(m.form == MentionForm::Capital && self.locative(doc, m.span)));
        cands.sort_by_key(|m| m.span.start);
        let Some(mut first) = cands.iter().rposition(|m| self.actor(doc, m).is_some()) else {
            return Vec::new();
        };
        let m = cands[first];
        let gap = &doc.text[m.span.end..pos];
        // a reporting parenthetical (", Zhou said,", ", he added,") is no part of the clause
        let pieces: Vec<&str> = gap.split(',').collect();
        let clause: Vec<&str> = pieces
            .iter()
            .enumerate()
            .filter(|&(i, p)| {
                let w = words(p);
                let inner = i > 0 && i + 1 < pieces.len();
                !(inner
                    && (1..=4).contains(&w.len())
                    && w.last().is_some_and(|l| SAYING.contains(&l.as_str())))
            })
            .map(|(_, p)| *p)
            .collect();
        let gap_words: Vec<String> = words(&clause.join(","))
            .into_iter()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
            .filter(|w| !w.is_empty())
            .collect();
        // a clause of its own opens between them ("Canada, where he met"), unless the
        // subordinator only introduces the cue ("won the match while working with")
        let n = gap_words.len();
        if n > 8
            || gap.contains([';', '“', '”', '"', '.'])
            || gap_words[..n.saturating_sub(1)]
                .iter()
                .any(|w| SUBORDINATORS.contains(&w.as_str()))
        {
            return Vec::new();
        }
        let saying = |i: usize| SAYING.contains(&gap_words[i].as_str());
        let own_verb = |i: usize| saying(i) || OWN_CLAUSE.contains(&gap_words[i].as_str());
        if let Some(p) = gap_words
            .iter()
            .position(|w| SUBJECT_PRONOUNS.contains(&w.as_str()))
        {
            // the pronoun is the subject; it is the actor only right after the actor's own
            // verb of saying: "Britain said (that) it would", not "told Wales he had"
            let own = (p >= 1 && own_verb(p - 1))
                || (p >= 2 && gap_words[p - 1] == "that" && own_verb(p - 2));
            if !own {
                return Vec::new();
            }
        } else if (0..n).any(saying) {
            // "Mr Blair said states had to work with ...": the reported clause has its own
            // subject, and it is not the speaker
            return Vec::new();
        }
        let mut appositive = false;
        if gap.trim_end().ends_with(',') {
            let close = m.span.end + gap.rfind(',').unwrap_or(0);
            if let Some(open) = doc.text[sentence.start..m.span.start]
                .rfind(',')
                .map(|o| sentence.start + o)
            {
                let inside_before = doc.text[open + 1..m.span.start].trim();
                let inside_after = doc.text[m.span.end..close].trim();
                // "a senior adviser at the World Bank", "for the Liberal Democrats", "who ...":
                // a description of the subject, not its name
                let description = inside_before.split_whitespace().any(|w| {
                    let w = w.to_lowercase();
                    LOCATIVE.contains(&w.as_str())
                        || matches!(w.as_str(), "who" | "which" | "whose" | "with")
                });
                if inside_after.is_empty() && !description {
                    // ", Norman Brennan, accused", ", turnaround expert Enrico Bondi, sued":
                    // the name in apposition is the subject
                    appositive = true;
                } else {
                    // the actor right before the parenthetical, or none
                    match cands.iter().rposition(|c| {
                        c.span.end <= open && doc.text[c.span.end..open].trim().is_empty()
                    }) {
                        Some(j) if self.actor(doc, cands[j]).is_some() => first = j,
                        _ => return Vec::new(),
                    }
                }
            }
        }
        let m = cands[first];
        let Some(e) = self.actor(doc, m) else {
            return Vec::new();
        };
        let mut group = vec![(e, m.span)];
        let mut right_edge = m.span.start;
        if !appositive {
            for m in cands[..first].iter().rev() {
                let gap = &doc.text[m.span.end..right_edge];
                if !is_coordination(gap) {
                    break;
                }
                let Some(e) = self.actor(doc, m) else { break };
                group.push((e, m.span));
                right_edge = m.span.start;
            }
        }
        group.reverse();
        group
    }

    /// Is token `k` part of a title ("President", "foreign secretary")?
    fn in_title(&self, doc: &Document, k: usize, titles: &[Span]) -> bool {
        let t = doc.tokens[k].span;
        let i = titles.partition_point(|s| s.end <= t.start);
        titles.get(i).is_some_and(|s| s.contains(t))
    }

    /// The words between a cue (or a coordination) and its object: determiners, titles and a
    /// few modifiers ("the", "both", "President", "former"), no more than three besides titles.
    fn object_gap(&self, doc: &Document, from: usize, to: usize, titles: &[Span]) -> bool {
        let (a, b) = (doc.token_at_or_after(from), doc.token_at_or_after(to));
        let mut plain = 0;
        for k in a..b {
            if self.in_title(doc, k, titles) {
                continue;
            }
            let w = doc.token_text(k).to_lowercase();
            // "warned that Labour ...": a new clause, not a determiner
            if w == "that"
                || !(DETERMINERS.contains(&w.as_str()) || OBJECT_MODIFIERS.contains(&w.as_str()))
            {
                return false;
            }
            plain += 1;
        }
        plain <= 3
    }

    /// Only titles and possessives between a modifier and the person it qualifies: "Syrian
    /// President", "Britain's foreign secretary", "China's".
    fn only_titles(&self, doc: &Document, from: usize, to: usize, titles: &[Span]) -> bool {
        let (a, b) = (doc.token_at_or_after(from), doc.token_at_or_after(to));
        a < b
            && (a..b).all(|k| {
                self.in_title(doc, k, titles)
                    || matches!(doc.token_text(k), "’s" | "'s" | "former" | "then")
            })
    }

    /// The coordinated group of actors right after `pos` in the sentence: after determiners and
    /// titles only, a demonym, country or organisation before a person's title being only a
    /// modifier ("met with Syrian President Bashar Assad" is Assad).
    fn group_after(
        &self,
        doc: &Document,
        pos: usize,
        sentence: Span,
        titles: &[Span],
    ) -> Vec<(usize, Span)> {
        let mut cands: Vec<&Mention> = doc.mentions[self.starting_in(doc, pos, sentence.end)]
            .iter()
            .filter(|m| m.span.end <= sentence.end)
            .collect();
        cands.sort_by_key(|m| m.span.start);
        let mut group = Vec::new();
        let mut left_edge = pos;
        let mut i = 0;
        while i < cands.len() {
            let m = cands[i];
            let gap = &doc.text[left_edge..m.span.start];
            let lead_ok = if group.is_empty() {
                self.object_gap(doc, left_edge, m.span.start, titles)
            } else {
                is_coordination(gap)
                    || self.coordination_then_titles(doc, gap, left_edge, m.span.start, titles)
            };
            if !lead_ok {
                break;
            }
            // a modifier of the person after it: "Syrian President Bashar Assad"
            let modifier = !m.etype.is_person()
                && cands.get(i + 1).is_some_and(|n| {
                    n.etype.is_person()
                        && n.entity.is_some()
                        && self.only_titles(doc, m.span.end, n.span.start, titles)
                });
            let m = if modifier {
                i += 1;
                cands[i]
            } else {
                m
            };
            // "oppose the Bill": a policy word taken for a name is no actor
            if POLICY_HEADS.contains(&doc.slice(m.span).to_lowercase().as_str()) {
                break;
            }
            let Some(e) = self.actor(doc, m) else { break };
            group.push((e, m.span));
            left_edge = m.span.end;
            i += 1;
        }
        group
    }

    /// ", and former President", "and Chinese Premier": a coordination, then an object gap.
    fn coordination_then_titles(
        &self,
        doc: &Document,
        gap: &str,
        from: usize,
        to: usize,
        titles: &[Span],
    ) -> bool {
        let g = gap.trim_start();
        let lead = [", and ", ", or ", "and ", "or ", ", ", "& "]
            .iter()
            .find(|l| g.starts_with(**l));
        match lead {
            Some(l) => {
                let skip = gap.len() - g.len() + l.len();
                self.object_gap(doc, from + skip, to, titles)
            }
            None => false,
        }
    }

    /// A policy noun phrase after the cue: "the impending legislation", "new export rules".
    fn policy(
        &self,
        doc: &mut Document,
        pos: usize,
        sentence: Span,
        pending: &mut Vec<Mention>,
    ) -> Option<(usize, Span)> {
        let mut k = doc.token_at_or_after(pos);
        let end_k = doc.token_at_or_after(sentence.end);
        if k < end_k && DETERMINERS.contains(&doc.token_text(k).to_lowercase().as_str()) {
            k += 1;
        }
        let start_k = k;
        let mut head = None;
        while k < end_k && k < start_k + 5 {
            let w = doc.token_text(k);
            if !w.chars().all(|c| c.is_alphanumeric() || c == '-')
                || NP_BREAKERS.contains(&w.to_lowercase().as_str())
            {
                break;
            }
            if POLICY_HEADS.contains(&w.to_lowercase().as_str()) {
                head = Some(k);
                // "the export control law" — keep going while more policy words follow
                if k + 1 < end_k
                    && POLICY_HEADS.contains(&doc.token_text(k + 1).to_lowercase().as_str())
                {
                    k += 1;
                    continue;
                }
                break;
            }
            k += 1;
        }
        let h = head?;
        let span = Span::new(doc.tokens[start_k].span.start, doc.tokens[h].span.end);
        let name = doc.slice(span).to_string();
        // a capitalised name ("the Cybersecurity Law") is a policy of its own across articles
        // ("the Bill" alone is no name: local to its article)
        let local = !starts_upper(&name) || POLICY_HEADS.contains(&name.to_lowercase().as_str());
        let e = match doc
            .entities
            .iter()
            .position(|e| e.etype == EntityType::Policy && e.name == name)
        {
            Some(e) => e,
            None => {
                doc.entities.push(Entity {
                    name,
                    etype: EntityType::Policy,
                    aliases: Vec::new(),
                    wikidata: None,
                    country_code: None,
                    mentions: Vec::new(),
                    confidence: 0.6,
                    local,
                });
                doc.entities.len() - 1
            }
        };
        let same = self
            .starting_in(doc, span.start, span.start + 1)
            .find(|&i| doc.mentions[i].span == span);
        if let Some(m) = same.map(|i| &mut doc.mentions[i]) {
            // "oppose the Bill": the recogniser's name is the policy
            m.entity = Some(e);
            m.etype = EntityType::Policy;
            m.gazetteer = None;
            m.form = MentionForm::Name;
        } else if !pending.iter().any(|m| m.span == span) {
            pending.push(Mention {
                span,
                etype: EntityType::Policy,
                source: MentionSource::Cue,
                form: MentionForm::Name,
                gazetteer: None,
                confidence: 0.6,
                entity: Some(e),
            });
        }
        Some((e, span))
    }
}

/// A word a cue's gap may hold: not punctuation, not a word that starts a new phrase or clause.
fn is_gap_word(doc: &Document, k: usize) -> bool {
    let t = &doc.tokens[k];
    if !matches!(t.kind, TokenKind::Word | TokenKind::Number) {
        return false;
    }
    !matches!(
        doc.token_text(k).to_lowercase().as_str(),
        "and"
            | "or"
            | "but"
            | "that"
            | "who"
            | "which"
            | "with"
            | "to"
            | "by"
            | "for"
            | "from"
            | "in"
            | "on"
            | "at"
            | "of"
            | "not"
            | "n't"
    )
}

/// Text between two coordinated names: ",", "and", ", and", "or".
fn is_coordination(gap: &str) -> bool {
    matches!(
        gap.trim(),
        "," | "and"
            | ", and"
            | "or"
            | ", or"
            | "&"
            | "as well as"
            | "and the"
            | ", and the"
            | ", the"
    )
}

#[cfg(test)]
mod tests {
    use crate::pipeline::testing::{relations, run};

    #[test]
    fn coordination_never_relates_an_entity_to_itself() {
        let d =
            run("China said it would partner with Brazil, Russia, India, China and South Africa.");
        let r = relations(&d);
        assert_eq!(r.len(), 4, "{r:?}");
        assert!(
            r.iter()
                .all(|(s, p, o, neg)| s == "China" && *p == "partnersWith" && o != "China" && !neg),
            "{r:?}"
        );
    }

    #[test]
    fn negation_and_passive_voice() {
        let d = run("Canada did not oppose Mexico on the issue.");
        assert_eq!(
            relations(&d),
            vec![("Canada".into(), "opposes", "Mexico".into(), true)]
        );
        let d = run("Google was criticised by France over the deal.");
        assert_eq!(
            relations(&d),
            vec![("France".into(), "opposes", "Google".into(), false)]
        );
    }

    use crate::document::Modality;

    /// (subject, predicate, object, negated, event class, modality, confidence) by entity name.
    fn full(
        text: &str,
    ) -> Vec<(
        String,
        &'static str,
        String,
        bool,
        &'static str,
        Modality,
        f32,
    )> {
        let d = run(text);
        d.relations
            .iter()
            .map(|r| {
                (
                    d.entities[r.subject].name.clone(),
                    r.predicate.local_name(),
                    d.entities[r.object].name.clone(),
                    r.negated,
                    r.event_class,
                    r.modality,
                    r.confidence,
                )
            })
            .collect()
    }

    /// (subject, predicate, object) of the positive relations.
    fn edges(text: &str) -> Vec<(String, &'static str, String)> {
        relations(&run(text))
            .into_iter()
            .filter(|r| !r.3)
            .map(|(s, p, o, _)| (s, p, o))
            .collect()
    }

    fn edge(s: &str, p: &'static str, o: &str) -> (String, &'static str, String) {
        (s.to_string(), p, o.to_string())
    }

    #[test]
    fn ties_restored_and_broken_with_a_gap() {
        let r = full("Headline\n\nNorway restored full diplomatic ties with Chile on Monday.");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(
            (r[0].0.as_str(), r[0].1, r[0].2.as_str()),
            ("Norway", "partnersWith", "Chile")
        );
        assert_eq!(r[0].4, "COOPERATE");
        let r = full("Headline\n\nPeru has severed its relations with Bolivia.");
        assert_eq!(
            (r[0].0.as_str(), r[0].1, r[0].2.as_str(), r[0].4),
            ("Peru", "opposes", "Bolivia", "SANCTION"),
            "{r:?}"
        );
        assert_eq!(
            edges("Headline\n\nKenya signed a new trade accord with Ghana in Accra."),
            vec![edge("Kenya", "partnersWith", "Ghana")]
        );
        // two countries renewing ties with each other, no "with"
        assert_eq!(
            edges(
                "Headline\n\nAustria and Hungary have renewed diplomatic ties after a long break."
            ),
            vec![edge("Austria", "partnersWith", "Hungary")]
        );
        // a gap holds no clause: "signed it and then" is no accord
        assert!(edges(
            "Headline\n\nKenya signed the letter and then an accord with Ghana was drafted."
        )
        .is_empty());
    }

    #[test]
    fn meetings_visits_and_supplies() {
        let r = full("Headline\n\nChancellor Ada Lundqvist visited Argentina last week.");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(
            (r[0].1, r[0].2.as_str(), r[0].4),
            ("partnersWith", "Argentina", "CONSULT")
        );
        let r = full("Headline\n\nBrazil will supply Ecuador with wheat.");
        assert_eq!(
            (r[0].0.as_str(), r[0].2.as_str(), r[0].4, r[0].5),
            ("Brazil", "Ecuador", "AID", Modality::Intended),
            "{r:?}"
        );
        let r = full("Headline\n\nSweden provided humanitarian aid to Nepal in May.");
        assert_eq!(
            (r[0].0.as_str(), r[0].2.as_str(), r[0].4),
            ("Sweden", "Nepal", "AID"),
            "{r:?}"
        );
        // several actors meeting: each with the others
        let mut e = edges("Headline\n\nAustria, Hungary and Slovenia met on Monday.");
        e.sort();
        assert_eq!(
            e,
            vec![
                edge("Austria", "partnersWith", "Hungary"),
                edge("Austria", "partnersWith", "Slovenia"),
                edge("Hungary", "partnersWith", "Slovenia"),
            ]
        );
        // meeting a target, not an actor
        assert!(edges("Headline\n\nAustria met its deficit target on Monday.").is_empty());
    }

    #[test]
    fn sport_news_has_no_visits_or_clashes() {
        let text = "Headline\n\nItaly host France on Saturday. The coach named his squad for the \
                    match and the league leaders play at the stadium. Germany clash with Spain in \
                    the cup final.";
        assert!(edges(text).is_empty(), "{:?}", edges(text));
    }

    #[test]
    fn armed_attacks_and_verbal_clashes() {
        let r = full("Headline\n\nChile fired two artillery shells at Peru on Thursday.");
        assert_eq!(
            (r[0].0.as_str(), r[0].1, r[0].2.as_str(), r[0].4),
            ("Chile", "opposes", "Peru", "ASSAULT"),
            "{r:?}"
        );
        let r = full("Headline\n\nEgyptian troops clashed with Libyan forces near the border.");
        assert_eq!(
            (r[0].0.as_str(), r[0].2.as_str(), r[0].4),
            ("Egypt", "Libya", "ASSAULT"),
            "{r:?}"
        );
        let r = full("Headline\n\nFinance minister Ruth Hallam clashed with Defence minister Piet Orme over the budget.");
        assert_eq!(
            (r[0].0.as_str(), r[0].2.as_str(), r[0].4),
            ("Ruth Hallam", "Piet Orme", "DISAPPROVE"),
            "{r:?}"
        );
    }

    #[test]
    fn demonyms_and_titles_before_a_name_are_modifiers() {
        assert_eq!(
            edges("Headline\n\nThe envoy Mara Quist met with Syrian President Omar Haddad on Tuesday."),
            vec![edge("Mara Quist", "partnersWith", "Omar Haddad")]
        );
        assert_eq!(
            edges("Headline\n\nSenator Lia Brandt criticised Canada's foreign minister Paul Ostrander."),
            vec![edge("Lia Brandt", "opposes", "Paul Ostrander")]
        );
        // "warned that ...": a new clause, not an object
        assert!(
            edges("Headline\n\nSenator Lia Brandt warned that Canada would suffer.").is_empty()
        );
    }

    #[test]
    fn nominalised_objects() {
        assert_eq!(
            edges("Headline\n\nThe Irish government condemned an attack by Moldovan soldiers near the border."),
            vec![edge("Ireland", "opposes", "Moldova")]
        );
        assert_eq!(
            edges("Headline\n\nPeru welcomed the resumption of formal diplomatic ties with Chile."),
            vec![edge("Peru", "partnersWith", "Chile")]
        );
        assert_eq!(
            edges("Headline\n\nTalks between Austria and Hungary resumed on Monday."),
            vec![edge("Austria", "partnersWith", "Hungary")]
        );
    }

    #[test]
    fn passive_voice_with_adverbs_and_without_agent() {
        assert_eq!(
            edges("Headline\n\nKenya was fiercely opposed by Uganda in the vote."),
            vec![edge("Uganda", "opposes", "Kenya")]
        );
        assert_eq!(
            edges("Headline\n\nKenya was opposed earlier by Uganda."),
            vec![edge("Uganda", "opposes", "Kenya")]
        );
        // no agent: nobody is said to oppose Kenya, and Kenya opposes nothing
        assert!(relations(&run(
            "Headline\n\nKenya was heavily criticised over the plan."
        ))
        .is_empty());
        assert_eq!(
            relations(&run("Headline\n\nKenya was not criticised by Uganda.")),
            vec![("Uganda".into(), "opposes", "Kenya".into(), true)]
        );
    }

    #[test]
    fn capitals_and_seats_of_government_before_a_cue() {
        assert_eq!(
            edges(
                "Headline\n\nNairobi on Monday condemned Kampala's decision to close the border."
            ),
            vec![edge("Kenya", "opposes", "Uganda")]
        );
        assert_eq!(
            edges("Headline\n\nWashington security officials are about to restore ties with Cuba."),
            vec![edge("United States", "partnersWith", "Cuba")]
        );
        // a capital ending the sentence after the cue
        assert_eq!(
            edges("Headline\n\nSantiago on Friday fired three mortar shells at Lima."),
            vec![edge("Chile", "opposes", "Peru")]
        );
        // a place where people protest is not its government; its officials are
        assert!(
            !edges("Headline\n\nStudents in Nairobi condemned Uganda on Monday.")
                .iter()
                .any(|(s, _, _)| s == "Kenya")
        );
        assert_eq!(
            edges("Headline\n\nOfficials in Nairobi restored ties with Uganda on Monday."),
            vec![edge("Kenya", "partnersWith", "Uganda")]
        );
    }

    #[test]
    fn claims_and_wishes_keep_a_low_confidence_or_intent() {
        let r = full("Headline\n\nChile claimed that Peru had attacked Bolivia.");
        assert_eq!(
            (r[0].0.as_str(), r[0].2.as_str()),
            ("Peru", "Bolivia"),
            "{r:?}"
        );
        assert!(r[0].6 < 0.5, "{r:?}");
        let r = full("Headline\n\nChile wants Peru to attack Bolivia.");
        assert_eq!(
            (r[0].0.as_str(), r[0].5),
            ("Peru", Modality::Intended),
            "{r:?}"
        );
        assert!(r[0].6 <= 0.5, "{r:?}");
        assert_eq!(
            relations(&run("Headline\n\nPeru did not restore ties with Chile.")),
            vec![("Peru".into(), "partnersWith", "Chile".into(), true)]
        );
        assert_eq!(
            relations(&run("Headline\n\nPeru denied that it had attacked Chile.")),
            vec![("Peru".into(), "opposes", "Chile".into(), true)]
        );
    }

    #[test]
    fn subjects_stay_in_their_clause() {
        // a reported clause with its own subject
        assert!(
            edges("Headline\n\nMinister Lena Vossberg said firms had to work with Japan.")
                .is_empty()
        );
        // a reporting parenthetical is no clause of its own
        assert_eq!(
            edges("Headline\n\nPeru, the minister said, is keen to work with Chile."),
            vec![edge("Peru", "partnersWith", "Chile")]
        );
        // an organisation inside an apposition is not the subject
        assert_eq!(
            edges("Headline\n\nAna Ruiz, a senior adviser at the World Bank, criticised Chile."),
            vec![edge("Ana Ruiz", "opposes", "Chile")]
        );
        // a relative clause of place
        assert!(edges(
            "Headline\n\nHe flew home from Canada, where he met President Lorne Baxter."
        )
        .is_empty());
        // sharing a view is no agreement; a capitalised cue is part of a name
        assert!(
            edges("Headline\n\nSenator Lia Brandt agreed with Canada's view on the matter.")
                .is_empty()
        );
        assert!(edges("Headline\n\nShe spoke with Aid minister Tom Rell and Japan.").is_empty());
    }
}

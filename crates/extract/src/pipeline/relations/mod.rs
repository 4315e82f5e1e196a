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
//!
//! The stage is split by concern: `cues` finds the cues and their voice and guards, `arguments`
//! the groups of actors and policies they relate, `capitals` turns capitals into their
//! governments, `modality` reads negation, intent, threats, desire and claims.

mod arguments;
mod capitals;
mod cues;
mod modality;
#[cfg(test)]
mod tests;
mod tree;

pub(super) use tree::actor_at;

pub(crate) use tree::SCOPE_TSV;

use std::sync::Arc;

use super::resolve::finish;
use super::util::starts_upper;
use super::Stage;
use crate::cameo::Cameo;
use crate::document::{Document, EntityType, Mention, Modality, Predicate, Relation, Span};
use crate::resources::Resources;
use cues::{ct_of, ends_with_preposition, is_political, Voice};
pub(crate) use cues::{is_adverb, is_sport_article};
use modality::{assess, is_negated};

pub use capitals::GOVERNMENT_PEOPLE;

pub struct Relations {
    res: Arc<Resources>,
}

impl Relations {
    pub fn new(res: Arc<Resources>) -> Self {
        Relations { res }
    }
}

impl Stage for Relations {
    fn name(&self) -> &'static str {
        "relations"
    }

    fn run(&self, doc: &mut Document) {
        // mentions in text order, found by binary search (policies found on the way wait in
        // `pending` until the end)
        // (the longest first where several start together: "Egyptian troops" before "Egyptian")
        doc.mentions
            .sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
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
                let negated = is_negated(lead);
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
                            code: None,
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
            // one of the acting group named again after the cue is no counterpart of the others
            // ("Thailand and India have declined the offer, with Thailand preferring ...")
            objects.retain(|o| !subjects.iter().any(|s| s.0 == o.0));
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
            // in sport, "backed New Zealand to win the series" is a forecast, no support (in
            // politics "backed Ukraine to join the WTO" is)
            if rc.event_class == "SUPPORT"
                && (sport_article || self.sport_sentence(doc, si))
                && objects.last().is_some_and(|o| {
                    let k = doc.token_at_or_after(o.1.end);
                    k + 1 < range.end
                        && doc.token_text(k) == "to"
                        && doc.token_text(k + 1).starts_with(char::is_lowercase)
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
            // ("the EU said that the US should back ...": the EU's advice, see `advised`;
            // only a body or a state advising: a person may be the subject's leader)
            if modality::advised(&between, &before)
                && doc
                    .mentions_within(Span::new(sentence.start, left_start.max(sentence.start)))
                    .last()
                    .is_some_and(|m| !m.etype.is_person())
            {
                continue;
            }
            let (negated, modality, confidence) = assess(&between, &before);
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
                    code: None,
                    span: sspan.cover(ospan).cover(c.span),
                    sentence,
                    negated,
                    modality,
                    confidence,
                });
            }
        }
        // the parse reads who did what to whom; the surface cues add the pairs it does not
        // reach (an unparsed sentence, a cue outside the CAMEO lexicon, a parse that misses an
        // argument), never a second reading of a pair it has read (with either polarity), nor
        // a cue it reads as a wish, a condition or a question
        let cues = relations.iter().map(|r| r.cue).collect();
        let (mut from_tree, notes) = self.tree_relations(doc, sport_article, cues, &mut pending);
        let tree::SurfaceNotes {
            mut vetoed,
            negated: mut negated_verbs,
            ..
        } = notes;
        // a surface cue on a verb the tree reads as negated is negated ("officials denied
        // that X had teamed up with Y")
        negated_verbs.sort_unstable();
        for r in relations.iter_mut() {
            let at = negated_verbs.partition_point(|c| c.end <= r.cue.start);
            if negated_verbs.get(at).is_some_and(|c| c.overlaps(r.cue)) {
                r.negated = true;
            }
        }
        // (looked up, not scanned: a long document holds thousands of each)
        let read: std::collections::HashSet<_> = from_tree
            .iter()
            .map(|t| (t.sentence, t.subject, t.object, t.predicate))
            .collect();
        // the same cue read for the same subject against another party: the tree chose the
        // target ("criticised Britain's financial watchdog, the FSA" is no criticism of
        // Britain); a policy the surface read stays beside it ("rejected a takeover proposal
        // from X"), and so do partners (a group that met, which the parse may split)
        let cued: std::collections::HashSet<_> = from_tree
            .iter()
            .filter(|t| t.predicate == Predicate::Opposes)
            .map(|t| (t.cue, t.subject))
            .collect();
        relations.retain(|r| {
            r.predicate != Predicate::Opposes
                || doc.entities[r.object].etype == EntityType::Policy
                || !cued.contains(&(r.cue, r.subject))
        });
        vetoed.sort_unstable();
        relations.retain(|r| {
            // a vetoed cue overlapping this one starts before its end, in its sentence
            let before_end = vetoed.partition_point(|c| c.start < r.cue.end);
            let is_vetoed = vetoed[..before_end]
                .iter()
                .rev()
                .take_while(|c| c.start >= r.sentence.start)
                .any(|c| c.overlaps(r.cue));
            !is_vetoed && !read.contains(&(r.sentence, r.subject, r.object, r.predicate))
        });
        from_tree.append(&mut relations);
        let mut relations = from_tree;
        let mut seen = std::collections::HashSet::new();
        relations.retain(|r: &Relation| {
            seen.insert((r.subject, r.predicate, r.object, r.sentence, r.negated))
        });
        // a person and the organisation the article says they hold a post in are one side:
        // "a meeting between Ana Ruiz, Zentavo's chief operating officer, and bankers" is no
        // meeting of Ruiz with Zentavo
        // (or named inside the title the role was read from, whatever type the name was
        // given: "Ruhi Dogusoy, Turkcell's chief operating officer")
        let posts: std::collections::HashSet<(usize, usize)> = doc
            .roles
            .iter()
            .flat_map(|r| {
                // (a body's name, or any name that owns the title: "X's chief operating
                // officer")
                let owner = |m: &Mention| {
                    m.entity.is_some_and(|e| !doc.entities[e].etype.is_person())
                        || doc.text[m.span.end..].starts_with(['\'', '’'])
                };
                r.organization
                    .into_iter()
                    .chain(
                        doc.mentions_within(r.title_span)
                            .filter(move |m| owner(m))
                            .filter_map(|m| m.entity),
                    )
                    .map(move |o| (r.person, o))
            })
            .collect();
        relations.retain(|r| {
            !posts.contains(&(r.subject, r.object)) && !posts.contains(&(r.object, r.subject))
        });
        // nor are a government body and its own country ("the White House backs the US's
        // strong dollar policy")
        let gaz = &self.res.gazetteer;
        let own_country = |a: usize, b: usize| {
            let (ea, eb) = (&doc.entities[a], &doc.entities[b]);
            if ea.etype != EntityType::Agency || eb.etype != EntityType::Country {
                return false;
            }
            let Some(country) = eb.country_code.as_deref() else {
                return false;
            };
            // an agent's country ("Iranian authorities"), or the gazetteer's ("White House")
            ea.country_code.as_deref() == Some(country)
                || gaz
                    .lookup(&ea.name)
                    .is_some_and(|g| gaz.entries[g].country.as_deref() == Some(country))
        };
        relations
            .retain(|r| !own_country(r.subject, r.object) && !own_country(r.object, r.subject));
        doc.relations = relations;
        doc.mentions.append(&mut pending);
        finish(doc);
    }
}

impl Relations {
    /// The relations read from the dependency parse (see [`tree`]), policies resolved, and the
    /// notes for the surface cues (`cues`, their spans): what it reads as not asserted at all
    /// (wishes, conditions, questions) or as negated.
    fn tree_relations(
        &self,
        doc: &mut Document,
        sport_article: bool,
        cues: Vec<Span>,
        pending: &mut Vec<Mention>,
    ) -> (Vec<Relation>, tree::SurfaceNotes) {
        let cameo = Cameo::builtin();
        // a capital that is a party stands for its government ("Pyongyang condemned Seoul")
        for span in tree::argument_spans(doc, cameo) {
            let holding = self
                .starting_in(
                    doc,
                    doc.sentence_at(span.start)
                        .map_or(0, |s| doc.sentences[s].span.start),
                    span.end,
                )
                .filter(|&i| {
                    doc.mentions[i].span.start <= span.start && doc.mentions[i].span.end >= span.end
                })
                .collect::<Vec<_>>();
            for mi in holding {
                self.capital_to_country(doc, mi);
            }
        }
        let mut found: Vec<(usize, tree::TreeRelation)> = Vec::new();
        let mut one = Vec::new();
        let mut notes = tree::SurfaceNotes::for_cues(cues);
        for si in 0..doc.sentences.len() {
            let sentence = doc.sentences[si].span;
            if doc.sentences[si].headline
                || doc
                    .byline
                    .as_ref()
                    .is_some_and(|b| b.line.overlaps(sentence))
            {
                continue;
            }
            let Some(t) = tree::Tree::new(doc, si) else {
                continue;
            };
            let sport = sport_article || self.sport_sentence(doc, si);
            let armed = self.armed_sentence(doc, si);
            one.clear();
            tree::sentence_relations(doc, &t, cameo, sport, armed, &mut one, &mut notes);
            found.extend(one.drain(..).map(|r| (si, r)));
        }
        let mut out = Vec::with_capacity(found.len());
        for (si, r) in found {
            let sentence = doc.sentences[si].span;
            let (object, ospan) = match r.object {
                tree::Target::Entity(e, span) => (e, span),
                tree::Target::Policy(pos) => match self.policy(doc, pos, sentence, pending) {
                    Some(p) => p,
                    None => continue,
                },
            };
            if object == r.subject.0 {
                continue;
            }
            out.push(Relation {
                subject: r.subject.0,
                predicate: r.predicate,
                object,
                cue: r.cue,
                event_class: r.plover,
                code: Some(r.code),
                span: r.subject.1.cover(ospan).cover(r.cue),
                sentence,
                negated: r.negated,
                modality: r.modality,
                confidence: r.confidence,
            });
        }
        (out, notes)
    }
}

/// Lowercase words of a stretch of text.
fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(|w| w.to_lowercase()).collect()
}

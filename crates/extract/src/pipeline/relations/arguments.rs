//! The arguments of a cue: the coordinated group of actors before it (in its own clause, past
//! reporting parentheticals and appositions), the group after it (past determiners, titles and
//! modifiers such as demonyms), or for `opposes` a policy noun phrase; and when nothing but time
//! and place follows a reciprocal cue.

use super::capitals::LOCATIVE;
use super::{words, Relations};
use crate::document::{Document, Entity, EntityType, Mention, MentionForm, MentionSource, Span};
use crate::pipeline::util::starts_upper;

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
pub(super) const COLLECTIVE_ACTORS: &[&str] = &[
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
/// Words that open a clause of their own: an actor before one is not the subject of a cue after
/// it ("the United States, where he met Bush"; "Kennedy, whose party opposes").
const SUBORDINATORS: &[&str] = &[
    "where", "when", "while", "whereas", "although", "though", "because", "after", "before",
    "since", "until", "unless", "whose", "if",
];
const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "it"];
/// Verbs of saying and thinking that open a reported clause.
pub(super) const SAYING: &[&str] = &[
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

impl Relations {
    /// Nothing but time and place follows token `k` in the sentence ("met yesterday", "met in
    /// Zurich on Monday"): a reciprocal cue then has no object.
    pub(super) fn nothing_after(&self, doc: &Document, k: usize, end: usize) -> bool {
        // "teamed up to develop", "met to discuss": a purpose, not a partner
        let purpose = || {
            doc.token_text(k) == "to"
                && k + 1 < end
                && doc
                    .token_text(k + 1)
                    .starts_with(|c: char| c.is_ascii_lowercase())
                && !matches!(
                    doc.token_text(k + 1),
                    "the" | "a" | "an" | "his" | "her" | "its" | "their" | "this" | "that"
                )
        };
        k >= end
            || purpose()
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

    /// The indices of the mentions starting in `[from, to)` (mentions are in text order).
    pub(super) fn starting_in(
        &self,
        doc: &Document,
        from: usize,
        to: usize,
    ) -> std::ops::Range<usize> {
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

        // a country modifying a noun that is no actor ("US television host Dick Clark")
        if matches!(t, EntityType::Country) && super::tree::is_modifier(doc, m.span) {
            return None;
        }
        // an employer before a title and a person's name ("Manchester United striker Ruud van
        // Nistelrooy", "Microsoft chief Bill Gates"): the person is the party
        if !t.is_person() {
            let mut k = doc.token_at_or_after(m.span.end);
            let mut titles = 0;
            while titles < 2
                && k < doc.tokens.len()
                && doc.tokens[k].kind == crate::document::TokenKind::Word
                && doc
                    .token_text(k)
                    .chars()
                    .all(|c| c.is_lowercase() || c == '-')
                && self.mention_at(doc, k).is_none()
            {
                titles += 1;
                k += 1;
            }
            if titles > 0
                && self
                    .mention_at(doc, k)
                    .and_then(|n| doc.mentions[n].entity)
                    .is_some_and(|p| doc.entities[p].etype.is_person())
            {
                return None;
            }
        }
        // the country inside an agent ("Irish" in "Irish government", "Iraq" in "Iraq's
        // national security advisor"): the agent acts
        // (an agent lies in its sentence: only the sentence's mentions up to `m` are read)
        let from = doc
            .sentence_at(m.span.start)
            .map_or(0, |si| doc.sentences[si].span.start);
        if self.starting_in(doc, from, m.span.start + 1).any(|k| {
            let o = &doc.mentions[k];
            o.source == MentionSource::Agent
                && o.span != m.span
                && o.span.start <= m.span.start
                && o.span.end >= m.span.end
                && o.entity.is_some_and(|x| x != e)
        }) {
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
    pub(super) fn group_before(
        &self,
        doc: &Document,
        pos: usize,
        sentence: Span,
    ) -> Vec<(usize, Span)> {
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
        // "ahead of Mr Sears' sentencing, prosecutors blamed": past a comma, a plural noun right
        // before the cue is its own (unnamed) subject
        if gap.contains(',')
            && !gap.trim_end().ends_with(',')
            && gap_words.last().is_some_and(|w| {
                w.len() > 3
                    && w.ends_with('s')
                    && !w.ends_with("ss")
                    && w.chars().all(|c| c.is_lowercase())
                    && !matches!(
                        w.as_str(),
                        "has" | "was" | "does" | "always" | "also" | "thus"
                    )
            })
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
                if m.span.end > right_edge {
                    continue; // overlaps the one taken: an agent and the demonym inside it
                }
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
    pub(super) fn group_after(
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
            if m.span.start < left_edge {
                i += 1;
                continue; // inside the one taken: the demonym of an agent ("Chinese police")
            }
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
    pub(super) fn policy(
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
                    codes: Vec::new(),
                    sectors: Vec::new(),
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

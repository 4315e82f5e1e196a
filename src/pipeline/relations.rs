//! Stage 6: relations. Requires entities (and quotes, to skip reporting parentheticals); creates
//! `Document::relations` and Policy entities for opposed laws and rules.
//!
//! A cue from the relation lexicon ("spoken out against", "partner with") takes as subject the
//! coordinated group of actors nearest before it ("Microsoft, Intel and IBM") and as object the
//! group right after it ("Brazil, Russia, India, China, South Africa"), or for `opposes` a policy
//! noun phrase ("the impending legislation"). Passive voice ("was criticised by X") swaps them.
//! Negation ("did not oppose") keeps the assertion with negative polarity; intent ("is looking
//! to partner") and threats keep their modality. An entity never relates to itself.

use std::sync::Arc;

use super::resolve::finish;
use super::util::starts_upper;
use super::Stage;
use crate::document::{
    Document, Entity, EntityType, Mention, MentionForm, MentionSource, Modality, Predicate,
    Relation, Span,
};
use crate::resources::Resources;

pub struct Relations {
    res: Arc<Resources>,
}

impl Relations {
    pub fn new(res: Arc<Resources>) -> Self {
        Relations { res }
    }
}

const NEGATIONS: &[&str] = &[
    "not", "n't", "never", "no", "refused", "declined", "neither", "nor",
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
/// Words that end a noun phrase before its head ("countries who break the rules").
const NP_BREAKERS: &[&str] = &[
    "who", "which", "that", "under", "to", "of", "for", "in", "on", "with", "by", "from", "at",
    "as", "and", "or", "but", "if", "than", "great", "good", "lot", "is", "are", "was", "were",
    "be", "been", "has", "have", "had",
];
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "this", "these", "that", "those", "any",
];
/// Demonyms count as actors only before these nouns ("Chinese officials condemned ...").
const COLLECTIVE_ACTORS: &[&str] = &[
    "officials",
    "government",
    "authorities",
    "leaders",
    "forces",
    "military",
    "troops",
    "diplomats",
    "lawmakers",
    "regulators",
    "ministers",
    "negotiators",
];

impl Stage for Relations {
    fn name(&self) -> &'static str {
        "relations"
    }

    fn run(&self, doc: &mut Document) {
        let body = Span::new(doc.body_start, doc.text.len());
        let cue_matches: Vec<(Span, usize)> = self
            .res
            .relation_matcher
            .find(&doc.text, &doc.tokens, body)
            .into_iter()
            .map(|m| (m.span, m.payloads[0] as usize))
            .collect();
        for &(cue, _) in &cue_matches {
            self.capital_as_object(doc, cue);
        }
        let mut relations = Vec::new();
        for (cue, ci) in cue_matches {
            let Some(si) = doc.sentence_at(cue.start) else {
                continue;
            };
            if doc.sentences[si].headline {
                continue;
            }
            let sentence = doc.sentences[si].span;
            let rc = &self.res.relation_cues[ci];
            let ct = doc.token_at_or_after(cue.start);
            let ce = doc.token_at_or_after(cue.end);
            let passive = ct > 0
                && matches!(
                    doc.token_text(ct - 1),
                    "was" | "were" | "been" | "being" | "is" | "are"
                )
                && ce < doc.tokens.len()
                && doc.token_text(ce) == "by";
            let (subjects, objects) = if passive {
                let agents = self.group_after(doc, doc.tokens[ce].span.end, sentence);
                let patients = self.group_before(doc, doc.tokens[ct - 1].span.start, sentence);
                (agents, patients)
            } else {
                (
                    self.group_before(doc, cue.start, sentence),
                    self.group_after(doc, cue.end, sentence),
                )
            };
            if subjects.is_empty() {
                continue;
            }
            let mut objects: Vec<(usize, Span)> = objects;
            if objects.is_empty() && rc.predicate == Predicate::Opposes && !passive {
                if let Some(p) = self.policy(doc, cue.end, sentence) {
                    objects.push(p);
                }
            }
            if objects.is_empty() {
                continue;
            }
            // negation and modality from the words between the subject and the cue
            let subj_end = subjects
                .iter()
                .map(|s| s.1.end)
                .max()
                .unwrap_or(cue.start)
                .min(cue.start);
            let between: Vec<String> = doc.text[subj_end..cue.start]
                .split_whitespace()
                .map(|w| w.to_lowercase())
                .collect();
            let negated = between
                .iter()
                .any(|w| NEGATIONS.contains(&w.as_str()) || w.ends_with("n't"));
            let modality = if between.iter().any(|w| w.starts_with("threaten")) {
                Modality::Threatened
            } else if between.iter().any(|w| INTENT.contains(&w.as_str())) {
                Modality::Intended
            } else {
                Modality::Asserted
            };
            let far = between.len() > 5;
            for &(s, sspan) in &subjects {
                for &(o, ospan) in &objects {
                    if s == o {
                        continue;
                    }
                    relations.push(Relation {
                        subject: s,
                        predicate: rc.predicate,
                        object: o,
                        cue,
                        event_class: rc.event_class,
                        span: sspan.cover(ospan).cover(cue),
                        sentence,
                        negated,
                        modality,
                        confidence: if far { 0.6 } else { 0.75 },
                    });
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        relations.retain(|r: &Relation| {
            seen.insert((r.subject, r.predicate, r.object, r.sentence, r.negated))
        });
        doc.relations = relations;
        finish(doc);
    }
}

impl Relations {
    /// A capital right after a relation cue stands for its country: "accusing Tokyo of ...".
    fn capital_as_object(&self, doc: &mut Document, cue: Span) {
        let gaz = &self.res.gazetteer;
        let k = doc.token_at_or_after(cue.end);
        let Some(limit) = doc.tokens.get(k + 2).map(|t| t.span.end) else {
            return;
        };
        let Some(mi) = doc
            .mentions
            .iter()
            .position(|m| m.span.start >= cue.end && m.span.end <= limit)
        else {
            return;
        };
        let Some(country) = doc.mentions[mi]
            .gazetteer
            .and_then(|g| gaz.entries[g].capital_of)
        else {
            return;
        };
        if doc.mentions[mi].etype != EntityType::Location {
            return;
        }
        let ce = &gaz.entries[country];
        let e = match doc
            .entities
            .iter()
            .position(|e| e.etype == EntityType::Country && e.name == ce.name)
        {
            Some(e) => e,
            None => {
                doc.entities.push(Entity {
                    name: ce.name.clone(),
                    etype: EntityType::Country,
                    aliases: Vec::new(),
                    wikidata: ce.wikidata.clone(),
                    country_code: ce.country.clone(),
                    mentions: Vec::new(),
                    confidence: 0.8,
                    local: false,
                });
                doc.entities.len() - 1
            }
        };
        let m = &mut doc.mentions[mi];
        m.entity = Some(e);
        m.etype = EntityType::Country;
        m.gazetteer = Some(country);
        m.form = MentionForm::Capital;
    }

    fn actor(&self, doc: &Document, m: &Mention) -> Option<usize> {
        let e = m.entity?;
        let t = doc.entities[e].etype;
        if !t.is_actor() {
            return None;
        }
        if m.form == MentionForm::Demonym {
            let k = doc.token_at_or_after(m.span.end);
            let next = if k < doc.tokens.len() {
                doc.token_text(k)
            } else {
                ""
            };
            if !COLLECTIVE_ACTORS.contains(&next) {
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

    /// The coordinated group of actors nearest before `pos` in the sentence.
    fn group_before(&self, doc: &Document, pos: usize, sentence: Span) -> Vec<(usize, Span)> {
        let cands: Vec<&Mention> = doc
            .mentions
            .iter()
            .filter(|m| {
                m.span.start >= sentence.start
                    && m.span.end <= pos
                    && !self.in_parenthetical(doc, m, sentence)
            })
            .collect();
        let mut group = Vec::new();
        let mut right_edge = pos;
        for m in cands.iter().rev() {
            let gap = &doc.text[m.span.end..right_edge];
            let Some(e) = self.actor(doc, m) else {
                if group.is_empty() {
                    continue;
                }
                break;
            };
            if group.is_empty() {
                // the nearest actor: at most eight words and no clause break before the cue
                let words = gap.split_whitespace().count();
                if words > 8 || gap.contains([';', '“', '”', '"', '.']) {
                    break;
                }
            } else if !is_coordination(gap) {
                break;
            }
            group.push((e, m.span));
            right_edge = m.span.start;
        }
        group.reverse();
        group
    }

    /// The coordinated group of actors right after `pos` (within three words) in the sentence.
    fn group_after(&self, doc: &Document, pos: usize, sentence: Span) -> Vec<(usize, Span)> {
        let mut group = Vec::new();
        let mut left_edge = pos;
        for m in doc
            .mentions
            .iter()
            .filter(|m| m.span.start >= pos && m.span.end <= sentence.end)
        {
            let gap = &doc.text[left_edge..m.span.start];
            if group.is_empty() {
                let words: Vec<&str> = gap.split_whitespace().collect();
                if words.len() > 3
                    || gap.contains([',', ';', '.', '“', '"'])
                    || !words
                        .iter()
                        .all(|w| DETERMINERS.contains(&w.to_lowercase().as_str()) || *w == "both")
                {
                    break;
                }
            } else if !is_coordination(gap) {
                break;
            }
            let Some(e) = self.actor(doc, m) else { break };
            group.push((e, m.span));
            left_edge = m.span.end;
        }
        group
    }

    /// A policy noun phrase after the cue: "the impending legislation", "new export rules".
    fn policy(&self, doc: &mut Document, pos: usize, sentence: Span) -> Option<(usize, Span)> {
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
        let local = !starts_upper(&name);
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
        if !doc.mentions.iter().any(|m| m.span == span) {
            doc.mentions.push(Mention {
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
}

//! Capitals and seats of government that stand for their government: a capital right after a
//! cue, or heading the clause before it ("Pyongyang fired … at Seoul", "the Kremlin condemned"),
//! becomes its country or agency; not after a preposition of place ("protesters in London").

use super::arguments::COLLECTIVE_ACTORS;
use super::cues::is_adverb;
use super::Relations;
use crate::document::{Document, Entity, EntityType, MentionForm, Span};

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
pub(super) const LOCATIVE: &[&str] = &[
    "in", "at", "from", "to", "near", "into", "outside", "inside", "across", "around", "via",
    "through", "of", "for", "on", "toward", "towards", "over", "between",
];

impl Relations {
    /// A capital right after a relation cue stands for its country: "accusing Tokyo of ...".
    pub(super) fn capital_as_object(&self, doc: &mut Document, cue: Span) {
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
    pub(super) fn capital_as_subject(&self, doc: &mut Document, cue: Span) {
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
    pub(super) fn locative(&self, doc: &Document, span: Span) -> bool {
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
    pub(super) fn capital_to_country(&self, doc: &mut Document, mi: usize) {
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
                    codes: Vec::new(),
                    sectors: Vec::new(),
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
}

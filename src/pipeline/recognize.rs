//! Stage 2: entity mentions. Requires tokens and sentences; creates `Document::mentions`
//! (sorted, non-overlapping, not yet tied to entities).
//!
//! `RuleRecognizer` combines gazetteer matches (countries, demonyms, capitals, agencies,
//! companies, outlets, people) with capitalised-span heuristics typed by organisation head words,
//! given names / surnames and context cues (titles, speech verbs), plus lowercase generic agencies
//! ("the foreign ministry"). Any other `Recognizer` (a trained model) can join through
//! `Recognize::with`; overlapping candidates are settled by length, then by source.

use std::sync::Arc;

use super::util::{fold, starts_upper, MONTHS_AND_DAYS, NAME_PARTICLES, NOT_NAMES};
use super::{Recognizer, Stage};
use crate::document::{Document, EntityType, Mention, MentionForm, MentionSource, Span, TokenKind};
use crate::resources::{HeadPosition, Resources, TitleClass};

/// The recognition stage: runs its recognizers and keeps the best non-overlapping candidates.
pub struct Recognize {
    recognizers: Vec<Box<dyn Recognizer>>,
}

impl Recognize {
    pub fn with(recognizers: Vec<Box<dyn Recognizer>>) -> Self {
        Recognize { recognizers }
    }
}

impl Stage for Recognize {
    fn name(&self) -> &'static str {
        "recognize"
    }
    fn run(&self, doc: &mut Document) {
        let mut cands: Vec<Mention> = self
            .recognizers
            .iter()
            .flat_map(|r| r.recognize(doc))
            .collect();
        doc.mentions = select(&mut cands);
    }
}

/// Longest candidate first; equal spans go to the stronger source.
fn select(cands: &mut [Mention]) -> Vec<Mention> {
    cands.sort_by(|a, b| {
        b.span
            .len()
            .cmp(&a.span.len())
            .then(b.source.cmp(&a.source))
            .then(a.span.start.cmp(&b.span.start))
    });
    let mut kept: Vec<Mention> = Vec::new();
    for c in cands.iter() {
        if kept.iter().all(|k| !k.span.overlaps(c.span)) {
            kept.push(c.clone());
        }
    }
    kept.sort_by_key(|m| m.span.start);
    kept
}

/// Rule- and gazetteer-based recognizer.
pub struct RuleRecognizer {
    res: Arc<Resources>,
}

/// Lowercase generic government bodies: "foreign ministry", "defense department".
const GENERIC_AGENCY_MODIFIERS: &[&str] = &[
    "foreign",
    "defence",
    "defense",
    "finance",
    "commerce",
    "trade",
    "interior",
    "justice",
    "health",
    "education",
    "agriculture",
    "energy",
    "environment",
    "information",
    "culture",
    "economy",
    "industry",
    "labor",
    "labour",
    "transport",
    "home",
    "state",
    "treasury",
    "foreign affairs",
    "public security",
    "state security",
];
/// Last words of names of events, competitions and awards ("Davis Cup", "Academy Awards").
const EVENT_HEADS: &[&str] = &[
    "Cup",
    "Awards",
    "Award",
    "Prize",
    "Prizes",
    "Games",
    "Olympics",
    "Championship",
    "Championships",
    "Open",
    "Festival",
    "Trophy",
    "Tour",
    "Series",
    "Summit",
    "Conference",
    "Election",
    "Elections",
    "Marathon",
    "Grand",
];
const GENERIC_AGENCY_HEADS: &[&str] = &["ministry", "department", "office"];

impl RuleRecognizer {
    pub fn new(res: Arc<Resources>) -> Self {
        RuleRecognizer { res }
    }

    fn is_given(&self, w: &str) -> bool {
        self.res.given_names.contains(w) || self.res.given_names.contains(&fold(w))
    }
    fn is_surname(&self, w: &str) -> bool {
        self.res.surnames.contains(w) || self.res.surnames.contains(&fold(w))
    }

    /// Lexical evidence that the tokens form a person's name.
    fn person_evidence(&self, words: &[&str]) -> bool {
        if words.is_empty() || words.len() > 5 {
            return false;
        }
        let name_like = words.iter().all(|w| {
            let w = w.trim_end_matches('.');
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’' || c == '.')
                && (starts_upper(w) || NAME_PARTICLES.contains(&w) || w.contains('-'))
        });
        if !name_like {
            return false;
        }
        let first = words[0];
        let last = words[words.len() - 1];
        if words.len() == 1 {
            return false;
        }
        self.is_given(first) || self.is_surname(last) || self.is_surname(first) || {
            // an initial in the middle: "Christopher J. Bing"
            words.len() == 3 && words[1].len() == 2 && words[1].ends_with('.')
        }
    }

    /// Organisation type from head words.
    fn org_type(&self, words: &[&str]) -> Option<EntityType> {
        let heads = &self.res.org_heads;
        if let Some(last) = words.last() {
            if let Some((t, _)) = heads.get(*last) {
                return Some(*t);
            }
        }
        words.iter().find_map(|w| match heads.get(*w) {
            Some((t, HeadPosition::Any)) => Some(*t),
            _ => None,
        })
    }
}

/// A capitalised token that may be part of a name.
fn capitalised(doc: &Document, i: usize) -> bool {
    let t = &doc.tokens[i];
    if t.kind != TokenKind::Word && t.kind != TokenKind::Number {
        return false;
    }
    let s = doc.token_text(i);
    if s == "’s" || s == "'s" || MONTHS_AND_DAYS.contains(&s) {
        return false;
    }
    if starts_upper(s) {
        return true;
    }
    // "al-Hakim", "bin-Salman"
    if let Some((pre, rest)) = s.split_once('-') {
        return pre.len() <= 3 && starts_upper(rest);
    }
    false
}

/// A sentence in Title Case or ALL CAPS: capitalisation says nothing about names there.
fn title_like(doc: &Document, range: std::ops::Range<usize>) -> bool {
    let mut words = 0;
    let mut caps = 0;
    let mut all_caps = 0;
    for i in range {
        let t = &doc.tokens[i];
        let s = doc.token_text(i);
        if t.kind == TokenKind::Word && s.chars().count() > 3 {
            words += 1;
            if starts_upper(s) {
                caps += 1;
            }
            if super::util::is_all_caps(s) {
                all_caps += 1;
            }
        }
    }
    // Title Case: (nearly) every longer word capitalised; ALL CAPS: most of them
    words >= 4 && (caps * 10 >= words * 9 || all_caps * 10 >= words * 7)
}

impl Recognizer for RuleRecognizer {
    fn recognize(&self, doc: &Document) -> Vec<Mention> {
        let mut out = Vec::new();
        let body = Span::new(doc.body_start, doc.text.len());
        let gaz = &self.res.gazetteer;
        for m in gaz.matcher.find(&doc.text, &doc.tokens, body) {
            // prefer the entry whose type is most specific to news: country > org > person > place
            let best = m
                .payloads
                .iter()
                .map(|&p| gaz.forms[p as usize])
                .min_by_key(|(e, _)| match gaz.entries[*e].etype {
                    EntityType::Country => 0,
                    t if t.is_org() => 1,
                    t if t.is_person() => 2,
                    _ => 3,
                });
            if let Some((entry, form)) = best {
                let e = &gaz.entries[entry];
                out.push(Mention {
                    span: m.span,
                    etype: e.etype,
                    source: MentionSource::Gazetteer,
                    form,
                    gazetteer: Some(entry),
                    confidence: 0.95,
                    entity: None,
                });
            }
        }
        let titles = self.res.titles_in(doc);
        for s in &doc.sentences {
            if title_like(doc, s.tokens.clone()) {
                continue;
            }
            self.chunks(doc, s.tokens.clone(), &titles, &mut out);
            self.generic_agencies(doc, s.tokens.clone(), &mut out);
        }
        out
    }
}

impl RuleRecognizer {
    /// Capitalised runs in one sentence, split and typed.
    fn chunks(
        &self,
        doc: &Document,
        range: std::ops::Range<usize>,
        titles: &[(Span, TitleClass)],
        out: &mut Vec<Mention>,
    ) {
        let mut i = range.start;
        let first_word = |k: usize| {
            // the sentence's first word, or the first word after an opening quote
            k == range.start || (k > range.start && doc.tokens[k - 1].kind == TokenKind::Quote)
        };
        while i < range.end {
            if !capitalised(doc, i) || (first_word(i) && NOT_NAMES.contains(&doc.token_text(i))) {
                i += 1;
                continue;
            }
            let start = i;
            let mut end = i + 1;
            loop {
                if end < range.end && !doc.tokens[end].line_start && capitalised(doc, end) {
                    end += 1;
                    continue;
                }
                // connectors: "of", "of the", "for", "on", "and", "&", name particles
                let mut k = end;
                while k < range.end && !doc.tokens[k].line_start && k - end < 2 {
                    let w = doc.token_text(k);
                    if matches!(w, "of" | "for" | "on" | "and" | "&" | "the")
                        || NAME_PARTICLES.contains(&w)
                    {
                        k += 1;
                    } else {
                        break;
                    }
                }
                if k > end && k < range.end && !doc.tokens[k].line_start && capitalised(doc, k) {
                    end = k + 1;
                    continue;
                }
                break;
            }
            self.split_and_type(doc, start, end, range.clone(), titles, out);
            i = end;
        }
    }

    /// A capitalised word that can modify a title: not a gazetteer name, not an organisation head.
    fn title_modifier(&self, doc: &Document, k: usize) -> bool {
        let w = doc.token_text(k);
        if !starts_upper(w) || self.res.org_heads.contains_key(w) || w.ends_with('.') {
            return false;
        }
        let span = doc.tokens[k].span;
        self.res
            .gazetteer
            .matcher
            .find(&doc.text, &doc.tokens, span)
            .is_empty()
    }

    fn words<'a>(&self, doc: &'a Document, a: usize, b: usize) -> Vec<&'a str> {
        (a..b).map(|k| doc.token_text(k)).collect()
    }

    fn split_and_type(
        &self,
        doc: &Document,
        start: usize,
        end: usize,
        sentence: std::ops::Range<usize>,
        titles: &[(Span, TitleClass)],
        out: &mut Vec<Mention>,
    ) {
        // 1. a title inside the run separates what precedes it from the person it introduces
        for (tspan, class) in titles {
            let mut ts = doc.token_at_or_after(tspan.start);
            let te = doc.token_at_or_after(tspan.end);
            if ts < start || te > end || te >= end {
                continue;
            }
            // capitalised words before the title belong to it ("International Trade Minister"),
            // up to a gazetteer name ("Canadian") or an organisation head
            while ts > start && self.title_modifier(doc, ts - 1) {
                ts -= 1;
            }
            if !capitalised(doc, te) {
                continue; // "Lord of the Rings": no name follows the title
            }
            let rest = self.words(doc, te, end);
            let honorific = *class == TitleClass::Honorific;
            if honorific
                || self.person_evidence(&rest)
                || (ts == start && self.org_type(&rest).is_none())
            {
                if ts > start {
                    self.split_and_type(doc, start, ts, sentence.clone(), titles, out);
                }
                self.push_typed(doc, te, end, sentence, true, out);
                return;
            }
        }
        // 2. after an organisation head word, a person may follow: "... Cyberspace Administration Wang Jianchao"
        for k in start + 1..end {
            let w = doc.token_text(k - 1);
            if self.res.org_heads.contains_key(w) {
                let rest = self.words(doc, k, end);
                if self.person_evidence(&rest) && self.org_type(&rest).is_none() {
                    self.split_and_type(doc, start, k, sentence.clone(), titles, out);
                    self.push_typed(doc, k, end, sentence, false, out);
                    return;
                }
            }
        }
        // 3. "X of the Y" where both parts are headed organisations: two names
        for k in (start + 1..end.saturating_sub(1)).rev() {
            if doc.token_text(k) == "of" {
                let r = if doc.token_text(k + 1) == "the" {
                    k + 2
                } else {
                    k + 1
                };
                let left = self.words(doc, start, k);
                let right = self.words(doc, r, end);
                if r < end
                    && self.org_type(&left).is_some()
                    && right
                        .last()
                        .is_some_and(|w| self.res.org_heads.contains_key(*w))
                {
                    self.push_typed(doc, start, k, sentence.clone(), false, out);
                    self.split_and_type(doc, r, end, sentence, titles, out);
                    return;
                }
            }
        }
        // 4. "and" joins two names unless the whole is one headed organisation
        for k in start + 1..end.saturating_sub(1) {
            if matches!(doc.token_text(k), "and" | "&") {
                let all = self.words(doc, start, end);
                let left = self.words(doc, start, k);
                let left_any = left.first().is_some_and(|w| {
                    matches!(self.res.org_heads.get(*w), Some((_, HeadPosition::Any)))
                });
                let ends_with_head = all
                    .last()
                    .is_some_and(|w| self.res.org_heads.contains_key(*w));
                let left_has_head = self.org_type(&left).is_some();
                if !(left_any || (ends_with_head && !left_has_head)) {
                    self.split_and_type(doc, start, k, sentence.clone(), titles, out);
                    self.split_and_type(doc, k + 1, end, sentence, titles, out);
                    return;
                }
            }
        }
        // 5. a leading country or demonym before a multi-word organisation: "U.S. Treasury Department"
        let gaz = &self.res.gazetteer;
        if end - start >= 3 {
            let first = doc.tokens[start].span;
            let lead = gaz.matcher.find(&doc.text, &doc.tokens, first);
            if let Some(m) = lead.first() {
                let country = m
                    .payloads
                    .iter()
                    .any(|&p| gaz.entries[gaz.forms[p as usize].0].etype == EntityType::Country);
                let rest = self.words(doc, start + 1, end);
                if country && m.span == first && self.org_type(&rest).is_some() {
                    self.push_typed(doc, start + 1, end, sentence, false, out);
                    return;
                }
            }
        }
        self.push_typed(doc, start, end, sentence, false, out);
    }

    /// Type a final part and push it when typed.
    fn push_typed(
        &self,
        doc: &Document,
        start: usize,
        mut end: usize,
        sentence: std::ops::Range<usize>,
        after_title: bool,
        out: &mut Vec<Mention>,
    ) {
        // trailing connectors never end a name
        while end > start
            && matches!(
                doc.token_text(end - 1),
                "of" | "for" | "on" | "and" | "the" | "&"
            )
        {
            end -= 1;
        }
        if start >= end {
            return;
        }
        let words = self.words(doc, start, end);
        if words.last().is_some_and(|w| EVENT_HEADS.contains(w)) {
            return; // events and awards are not entities of the ontology
        }
        let span = Span::new(doc.tokens[start].span.start, doc.tokens[end - 1].span.end);
        let mention = |etype, source, confidence| Mention {
            span,
            etype,
            source,
            form: MentionForm::Name,
            gazetteer: None,
            confidence,
            entity: None,
        };
        if let Some(t) = self.org_type(&words) {
            // a head word alone ("Energy", "Bank") names nothing
            if words.len() >= 2 {
                out.push(mention(t, MentionSource::Shape, 0.7));
                return;
            }
        }
        if self.person_evidence(&words) {
            let source = if after_title {
                MentionSource::Cue
            } else {
                MentionSource::Shape
            };
            out.push(mention(
                EntityType::Person,
                source,
                if after_title { 0.85 } else { 0.75 },
            ));
            return;
        }
        let name_like = words.len() <= 4
            && words.iter().all(|w| {
                w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '.' || c == '’' || c == '\'')
            });
        if !name_like {
            return;
        }
        // context cues: a preceding title, or a speech verb next to the name
        let prev = start
            .checked_sub(1)
            .filter(|p| *p >= sentence.start)
            .map(|p| doc.token_text(p).to_lowercase());
        let next = (end < sentence.end).then(|| doc.token_text(end).to_lowercase());
        let speech = |w: &Option<String>| {
            w.as_deref().is_some_and(|w| {
                matches!(
                    w,
                    "said"
                        | "says"
                        | "told"
                        | "added"
                        | "explained"
                        | "stated"
                        | "noted"
                        | "wrote"
                        | "argued"
                        | "insisted"
                )
            })
        };
        // a lone capitalised word next to "said" is a name only if it is a known given name or
        // surname ("Zhou said", not "Analysts said")
        let lone_ok = (words.len() > 1 || self.is_given(words[0]) || self.is_surname(words[0]))
            && !words.iter().any(|w| super::util::is_all_caps(w));
        if after_title || (lone_ok && (speech(&prev) || speech(&next))) {
            out.push(mention(EntityType::Person, MentionSource::Cue, 0.7));
        }
    }

    /// Lowercase generic agencies: "the foreign ministry", "China's defense department".
    fn generic_agencies(
        &self,
        doc: &Document,
        range: std::ops::Range<usize>,
        out: &mut Vec<Mention>,
    ) {
        for k in range.start + 1..range.end {
            let head = doc.token_text(k);
            if !GENERIC_AGENCY_HEADS.contains(&head) {
                continue;
            }
            let prev = doc.token_text(k - 1);
            let two = (k >= range.start + 2).then(|| format!("{} {}", doc.token_text(k - 2), prev));
            let start = if two
                .as_deref()
                .is_some_and(|t| GENERIC_AGENCY_MODIFIERS.contains(&t))
            {
                k - 2
            } else if GENERIC_AGENCY_MODIFIERS.contains(&prev) {
                k - 1
            } else {
                continue;
            };
            out.push(Mention {
                span: Span::new(doc.tokens[start].span.start, doc.tokens[k].span.end),
                etype: EntityType::Agency,
                source: MentionSource::Cue,
                form: MentionForm::Name,
                gazetteer: None,
                confidence: 0.75,
                entity: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Metadata;
    use crate::pipeline::segment::Segmenter;

    fn mentions(text: &str) -> Vec<(String, EntityType)> {
        let res = Arc::new(Resources::builtin().unwrap());
        let mut doc = Document::new(Metadata::default(), text.to_string());
        Segmenter.run(&mut doc);
        Recognize::with(vec![Box::new(RuleRecognizer::new(res))]).run(&mut doc);
        doc.mentions
            .iter()
            .map(|m| (doc.slice(m.span).to_string(), m.etype))
            .collect()
    }

    #[test]
    fn splits_titles_heads_and_units() {
        let m = mentions(
            "According to China Daily, deputy director-general of the Bureau of International Cooperation of the Cyberspace Administration Wang Jianchao told reporters.",
        );
        assert!(
            m.contains(&("China Daily".into(), EntityType::MediaOutlet)),
            "{m:?}"
        );
        assert!(
            m.contains(&(
                "Bureau of International Cooperation".into(),
                EntityType::Agency
            )),
            "{m:?}"
        );
        assert!(
            m.iter().any(
                |(s, t)| s.starts_with("Cyberspace Administration") && *t == EntityType::Agency
            ),
            "{m:?}"
        );
        assert!(
            m.contains(&("Wang Jianchao".into(), EntityType::Person)),
            "{m:?}"
        );
    }

    #[test]
    fn coordinated_names_stay_apart() {
        let m = mentions("Several firms, including Microsoft, Intel and IBM, objected. U.S. President Donald Trump agreed.");
        let names: Vec<&str> = m.iter().map(|(s, _)| s.as_str()).collect();
        for n in ["Microsoft", "Intel", "IBM", "U.S.", "Donald Trump"] {
            assert!(names.contains(&n), "{n} missing from {names:?}");
        }
        assert!(!names.iter().any(|n| n.contains("President")), "{names:?}");
    }

    #[test]
    fn titles_without_a_name_and_event_names_are_not_people() {
        let m = mentions("The film Lord of the Rings won again, and Andy Roddick lost the Davis Cup tie, Ms. Lee said.");
        assert!(
            !m.iter()
                .any(|(s, _)| s.contains("of the Rings") || s.contains("Davis")),
            "{m:?}"
        );
        assert!(
            m.contains(&("Andy Roddick".into(), EntityType::Person)),
            "{m:?}"
        );
    }

    #[test]
    fn lowercase_generic_agency() {
        let m = mentions("A coordinator for the foreign ministry’s cyber affairs division spoke.");
        assert!(
            m.contains(&("foreign ministry".into(), EntityType::Agency)),
            "{m:?}"
        );
    }
}

//! Finding the speaker of a quote: the speech cue after the closing mark or before the opening
//! one, the phrase beside it (a name, a title and name, an apposition, a pronoun, "the
//! company", a short noun phrase), signatures ("“...” ― Name"), block quotes introduced by the
//! sentence before, and the outlet that relays a quote ("according to Reuters").

use super::attribution::{ends_clause, is_according, is_when_word, NAMING_VERBS};
use super::spans::Marks;
use super::{clause_end, next_token_start, span, trim_end, Quotes, SUBJECT_PRONOUNS};
use crate::document::{Document, EntityType, Span, TokenKind};
use crate::pipeline::util::{pronoun, Pronoun};

pub(super) struct Attribution {
    pub(super) cue: Span,
    pub(super) speaker_span: Option<Span>,
    pub(super) speaker: Option<usize>,
    pub(super) reported_by: Option<usize>,
    pub(super) confidence: f32,
}

const ROLE_NOUNS: &[(&str, &[EntityType])] = &[
    ("company", &[EntityType::Company]),
    ("firm", &[EntityType::Company]),
    (
        "group",
        &[
            EntityType::Company,
            EntityType::Organization,
            EntityType::ArmedGroup,
        ],
    ),
    ("ministry", &[EntityType::Agency]),
    ("department", &[EntityType::Agency]),
    ("agency", &[EntityType::Agency]),
    ("government", &[EntityType::Country, EntityType::Agency]),
    ("country", &[EntityType::Country]),
    (
        "organisation",
        &[EntityType::Organization, EntityType::ArmedGroup],
    ),
    (
        "organization",
        &[EntityType::Organization, EntityType::ArmedGroup],
    ),
    ("newspaper", &[EntityType::MediaOutlet]),
    ("official", &[EntityType::Official]),
    // "the president told The Atlantic": the nearest official named before
    ("president", &[EntityType::Official]),
    ("minister", &[EntityType::Official]),
    ("senator", &[EntityType::Official]),
    ("governor", &[EntityType::Official]),
    ("mayor", &[EntityType::Official]),
    ("secretary", &[EntityType::Official]),
    ("congressman", &[EntityType::Official]),
    ("congresswoman", &[EntityType::Official]),
    ("chancellor", &[EntityType::Official]),
    ("premier", &[EntityType::Official]),
    ("ambassador", &[EntityType::Official]),
    ("spokesman", &[EntityType::Official, EntityType::Person]),
    ("spokeswoman", &[EntityType::Official, EntityType::Person]),
    ("candidate", &[EntityType::Official, EntityType::Person]),
    ("nominee", &[EntityType::Official, EntityType::Person]),
];

impl Quotes {
    fn sentence_of(&self, doc: &Document, k: usize) -> Span {
        doc.sentence_at(doc.tokens[k].span.start)
            .map(|i| doc.sentences[i].span)
            .unwrap_or(doc.tokens[k].span)
    }

    /// The entity a speaker phrase refers to: a mention inside it, a pronoun, or "the company".
    pub(super) fn resolve_phrase(
        &self,
        doc: &Document,
        phrase: Span,
    ) -> (Option<Span>, Option<usize>) {
        // a person mention in the phrase wins over an organisation ("Harvard University scholar Ben Buchanan")
        let inside: Vec<_> = doc
            .mentions_starting_in(phrase)
            .iter()
            .filter(|m| phrase.contains(m.span) && m.entity.is_some())
            .collect();
        if let Some(m) = inside
            .iter()
            .find(|m| m.etype.is_person())
            .or(inside.first())
        {
            return (Some(m.span), m.entity);
        }
        let text = doc.slice(phrase).trim();
        if let Some(kind) = pronoun(text) {
            return (
                Some(phrase),
                self.antecedent(doc, phrase.start, |t| match kind {
                    Pronoun::Person => t.is_person(),
                    Pronoun::Org => t.is_org() || t == EntityType::Country,
                    Pronoun::Any => t.is_actor(),
                }),
            );
        }
        let lower = text.to_lowercase();
        let head = lower.rsplit(' ').next().unwrap_or("");
        if lower.starts_with("the ") {
            if let Some((_, types)) = ROLE_NOUNS.iter().find(|(n, _)| *n == head) {
                return (
                    Some(phrase),
                    self.antecedent(doc, phrase.start, |t| types.contains(&t)),
                );
            }
        }
        (Some(phrase), None)
    }

    /// The nearest entity mentioned before `pos` whose type passes `ok`.
    fn antecedent(
        &self,
        doc: &Document,
        pos: usize,
        ok: impl Fn(EntityType) -> bool,
    ) -> Option<usize> {
        doc.mentions[..doc.mentions.partition_point(|m| m.span.start < pos)]
            .iter()
            .rev()
            .filter(|m| m.span.end <= pos)
            .find_map(|m| m.entity.filter(|&e| ok(doc.entities[e].etype)))
    }

    /// "according to X" in the sentence (outside the quote): the outlet that relays it.
    pub(super) fn according_to(
        &self,
        doc: &Document,
        sentence: Span,
        cues: &[Span],
        exclude: Span,
    ) -> Option<usize> {
        cues.iter()
            .filter(|c| sentence.contains(**c) && !exclude.overlaps(**c) && is_according(doc, **c))
            .find_map(|c| {
                doc.mentions_starting_in(span(c.end, c.end + 41))
                    .iter()
                    .find(|m| {
                        m.span.start >= c.end
                            && m.span.start <= c.end + 40
                            && m.span.end <= sentence.end
                    })
                    .and_then(|m| m.entity.filter(|&e| doc.entities[e].etype.is_actor()))
            })
    }

    /// Is this cue one of the verbs that are cues right after a quote only
    /// (`speech_postposed.txt`)?
    fn postposed_only(&self, doc: &Document, cue: Span) -> bool {
        self.res
            .postposed_cues
            .contains(&doc.slice(cue).to_lowercase())
    }

    /// Cue and speaker after the closing mark.
    pub(super) fn post(&self, doc: &Document, mk: &Marks, cues: &[Span]) -> Option<Attribution> {
        let close = mk.close?;
        let mut sentence = self.sentence_of(doc, close);
        let mut k = close + 1;
        if k < doc.tokens.len() && doc.token_text(k) == "," {
            k += 1;
        }
        // the cues read when the sentence after the quote is its attribution: there, the
        // speech lexicon's cues only (see below); before it, all
        let mut extended: Option<Vec<Span>> = None;
        // “... Really?” Bush said. — a question, an exclamation or a full stop closes the
        // quote, and the segmenter the sentence, but a sentence after it that opens with a
        // speaker and a cue is the quote's attribution (“...?” Trump said of Apple in
        // February, when ...; “... .” McDonough wrote in an email to top officials)
        if k < doc.tokens.len()
            && close > 0
            && doc.tokens[k].span.start >= sentence.end
            && !doc.tokens[k].para_start
        {
            let closing = doc.text[..doc.tokens[close].span.start]
                .trim_end_matches(['’', '\'', '"', '”', ' '])
                .chars()
                .last();
            if let (Some(end @ ('?' | '!' | '.')), Some(next)) =
                (closing, doc.sentence_at(doc.tokens[k].span.start))
            {
                let next = doc.sentences[next].span;
                let words = doc.slice(next).split_whitespace().count();
                // (a full stop only after a quote that is a sentence of its own: not “...
                // of “fanatic recklessness.” South Korean President Park said ...”)
                let whole = self.sentence_of(doc, mk.open).start == doc.tokens[mk.open].span.start;
                // (only the speech lexicon's cues there: the verbs that are cues right after
                // a quote only tell the story on in the next sentence, “Why?” The meeting
                // began at noon; a cue that opens a quote of its own attributes that one:
                // “...?” He answered, “...”)
                let lexical: Vec<Span> = cues
                    .iter()
                    .copied()
                    .filter(|c| c.start < sentence.end || !self.postposed_only(doc, *c))
                    .collect();
                let first = lexical
                    .iter()
                    .find(|c| c.start >= next.start && c.end <= next.end);
                if next.start == doc.tokens[k].span.start
                    && !doc.tokens[k].line_start
                    && first.is_some_and(|c| {
                        !cue_opens_quote(doc, *c)
                            && ((end != '.' && words <= 8)
                                || (whole && opens_with_attribution(doc, k, *c)))
                    })
                {
                    sentence = sentence.cover(next);
                    extended = Some(lexical);
                }
            }
        }
        let cues: &[Span] = extended.as_deref().unwrap_or(cues);
        if k >= doc.tokens.len()
            || doc.tokens[k].span.start >= sentence.end
            || doc.tokens[k].para_start
        {
            return None;
        }
        let from = doc.tokens[k].span.start;
        if matches!(doc.token_text(k), "―" | "—" | "–" | "-") && k == close + 1 {
            // a signature: “...” ― Sonya Herridge
            let end = doc.tokens[k + 1..]
                .iter()
                .take_while(|t| {
                    !t.line_start && !matches!(doc.slice(t.span), "," | "(" | "“" | "\"")
                })
                .last()?
                .span
                .end;
            let phrase = span(next_token_start(doc, doc.tokens[k].span.end), end);
            if phrase.is_empty() || doc.slice(phrase).split_whitespace().count() > 6 {
                return None;
            }
            let (sp, e) = self.resolve_phrase(doc, phrase);
            return Some(Attribution {
                cue: doc.tokens[k].span,
                speaker_span: sp.or(Some(phrase)),
                speaker: e,
                reported_by: None,
                confidence: if e.is_some() { 0.8 } else { 0.6 },
            });
        }
        // the first cue within twelve tokens, inside the sentence
        let limit = doc
            .tokens
            .get(k + 8)
            .map_or(doc.text.len(), |t| t.span.end)
            .min(sentence.end);
        let cue = cues
            .iter()
            .find(|c| c.start >= from && c.end <= limit)
            .or_else(|| {
                // a long title and name: “...,” Oversight Chairman Jason Chaffetz (R-Utah) said
                let limit = doc.tokens.get(k + 14).map_or(sentence.end, |t| t.span.end);
                cues.iter()
                    .find(|c| c.start >= from && c.end <= limit.min(sentence.end))
                    .filter(|c| {
                        doc.text[from..c.start].split_whitespace().all(|w| {
                            w.starts_with(|ch: char| ch.is_uppercase() || "(-".contains(ch))
                        })
                    })
            })
            .or_else(|| {
                // “...,” Douglas Holtz-Eakin, an economist and tax expert, told The Times.
                // (the name may follow a title: "Senate Majority Leader Mitch McConnell, R-Ky.,")
                // (or a title in apposition before it: "the White House press secretary, Josh
                // Earnest, said")
                let title_end = doc.tokens.get(k + 9).map_or(sentence.end, |t| t.span.end);
                let named = doc
                    .mentions_starting_in(span(from, title_end))
                    .iter()
                    .find(|m| {
                        let before = &doc.text[from..m.span.start];
                        let words = before.split_whitespace().count();
                        m.span.start >= from
                            && m.span.end <= title_end
                            && m.etype.is_person()
                            && ((words <= 4
                                && before
                                    .split_whitespace()
                                    .all(|w| w.starts_with(char::is_uppercase)))
                                || (before.trim_end().ends_with(',')
                                    && words <= 7
                                    && matches!(
                                        before.split_whitespace().next(),
                                        Some("the" | "a" | "an" | "The" | "A" | "An")
                                    )
                                    && !before
                                        .trim_end()
                                        .trim_end_matches(',')
                                        .contains([',', '.', '“', '”', '"'])))
                    })?;
                let comma = doc.token_at_or_after(named.span.end);
                if doc
                    .tokens
                    .get(comma)
                    .is_none_or(|t| doc.slice(t.span) != ",")
                {
                    return None;
                }
                let limit = doc
                    .tokens
                    .get(comma + 25)
                    .map_or(doc.text.len(), |t| t.span.end)
                    .min(sentence.end);
                cues.iter().find(|c| {
                    c.start >= named.span.end
                        && c.end <= limit
                        && doc.text[..c.start].trim_end().ends_with(',')
                })
            })
            .copied();
        let Some(cue) = cue else {
            // the attribution closes the sentence: “...” to drive up the price, she said.
            return cues
                .iter()
                .filter(|c| c.start >= from && c.end <= sentence.end)
                .find_map(|&c| {
                    if !ends_clause(&doc.text[c.end..sentence.end]) {
                        return None;
                    }
                    let k = doc.token_at_or_after(c.start);
                    let (start, span, e) = self.subject_before(doc, sentence, k)?;
                    (start >= from && doc.text[from..start].trim_end().ends_with(',')).then_some(
                        Attribution {
                            cue: c,
                            speaker_span: Some(span),
                            speaker: e,
                            reported_by: None,
                            confidence: if e.is_some() { 0.8 } else { 0.6 },
                        },
                    )
                });
        };
        let is_according = is_according(doc, cue);
        let quote_span = span(doc.tokens[mk.open].span.start, doc.tokens[close].span.end);
        let (speaker_span, speaker) = if cue.start == from {
            // "said Segal", "said Long Zhou, a coordinator ...": the phrase up to the clause end
            let clause_end = clause_end(doc, cue.end, sentence.end);
            let phrase_start = next_token_start(doc, cue.end);
            // (not a participle, whose subject is never after it: "..., saying that ...", nor
            // a reported clause: "said she wanted change in Washington")
            if phrase_start >= clause_end
                || doc.slice(cue).ends_with("ing")
                || opens_clause(doc.slice(span(phrase_start, clause_end)))
            {
                return None;
            }
            let phrase = span(phrase_start, clause_end);
            self.resolve_phrase(doc, phrase)
        } else {
            // "Segal said", "she said", "the company said", "Ms. Okafor said"
            let phrase = span(from, cue.start);
            // (a described speaker may hold a comma: "the bespectacled, 71-year-old diplomat")
            let described = {
                let p = doc.slice(phrase);
                p.starts_with("the ")
                    && p.split_whitespace().count() <= 6
                    && !p.contains(['.', '“', '”', '"'])
                    && p.matches(',').count() == 1
                    && !p.trim_end().ends_with(',')
            };
            if doc.slice(phrase).contains([',', '.', '“', '”', '"'])
                && !described
                && !doc
                    .mentions_starting_in(phrase)
                    .iter()
                    .any(|m| phrase.contains(m.span))
            {
                return None;
            }
            match self.resolve_phrase(doc, span(from, trim_end(doc, phrase))) {
                (Some(sp), Some(e)) => (Some(sp), Some(e)),
                (Some(sp), None)
                    if pronoun(doc.slice(sp).trim()).is_some()
                        || doc.slice(sp).to_lowercase().starts_with("the ")
                        || is_bare_name(doc.slice(sp)) =>
                {
                    (Some(sp), None)
                }
                // an unnamed speaker: “...,” my father often said
                _ => match self.subject_before(doc, sentence, doc.token_at_or_after(cue.start)) {
                    Some((start, span, e)) if start == from => (Some(span), e),
                    _ => return None,
                },
            }
        };
        let mut a = Attribution {
            cue,
            speaker_span,
            speaker,
            reported_by: None,
            confidence: if speaker.is_some() { 0.9 } else { 0.7 },
        };
        if !is_according {
            if let Some(outlet) = self.according_to(doc, sentence, cues, quote_span) {
                if Some(outlet) != a.speaker {
                    a.reported_by = Some(outlet);
                }
            }
        }
        Some(a)
    }

    /// Cue and speaker before the opening mark: "X told reporters, “...”", "X said: “...”",
    /// "X told reporters the plan was “only the first step”".
    pub(super) fn pre(
        &self,
        doc: &Document,
        mk: &Marks,
        cues: &[Span],
        quoted: &[Span],
    ) -> Option<Attribution> {
        let mut sentence = self.sentence_of(doc, mk.open);
        let open_start = doc.tokens[mk.open].span.start;
        let candidates = |sentence: Span| -> Vec<Span> {
            cues.iter()
                .rev()
                .copied()
                .filter(|c| {
                    c.end <= open_start
                        && c.start >= sentence.start
                        && !doc.text[c.end..open_start].contains(['“', '”', '"'])
                        && !doc.text[c.end..open_start].contains("''")
                })
                .collect()
        };
        let quote_goes_on_lowercase = doc.text[doc.tokens[mk.open].span.end..]
            .trim_start()
            .starts_with(char::is_lowercase);
        let mut found = candidates(sentence);
        if found.is_empty() {
            // a block quote introduced by the sentence before: "He told the crowd:" (the quote
            // opens its own sentence; a colon inside the quote's sentence is another's: "X
            // delivered a blunt message: “...”", see `colon_speakers`)
            if !doc.text[sentence.start..open_start].trim().is_empty() {
                return None;
            }
            let i = doc.sentence_at(sentence.start)?.checked_sub(1)?;
            let before = doc.sentences[i].span;
            let tail = doc.text[before.start..open_start].trim_end();
            if !tail.ends_with(':') || before.end > open_start {
                return None;
            }
            sentence = before;
            found = candidates(before);
        }
        // the nearest cue whose speaker can be found ("She says Trump's tweets are “lies”")
        let (cue, (speaker_span, speaker)) = found.into_iter().find_map(|cue| {
            // "..., said Segal, “it makes sense.”": the speaker follows the cue (not after a
            // verb of telling, whose object is the one addressed: "telling Reuters, “...”")
            let addressed = {
                let w = doc.slice(cue).to_lowercase();
                let w = w.split_whitespace().next().unwrap_or("");
                [
                    "tell", "told", "ask", "inform", "assure", "remind", "warn", "urge",
                ]
                .iter()
                .any(|b| w.starts_with(b))
            };
            let after_cue: Vec<_> = doc
                .mentions_starting_in(span(cue.end, open_start))
                .iter()
                .filter(|m| {
                    !addressed
                        && m.span.start >= cue.end
                        && doc.text[cue.end..m.span.start].trim().is_empty()
                        && m.span.end <= open_start
                        && match doc.text[m.span.end..open_start].trim() {
                            "," | ":" => true,
                            // "said Fiorina “was heavily involved”": the name is the subject
                            // of the reported clause, which the quote goes on with
                            "" => !quote_goes_on_lowercase,
                            _ => false,
                        }
                        && m.entity.is_some()
                })
                .collect();
            let speaker = match after_cue
                .iter()
                .find(|m| m.etype.is_person())
                .or(after_cue.first())
            {
                Some(m) => Some((m.span, m.entity)),
                // "According to X" names the source only right before the quote
                None if is_according(doc, cue) => None,
                None => self.speaker_before(doc, cue, sentence, quoted),
            };
            speaker.map(|sp| (cue, sp))
        })?;
        let gap = doc.text[cue.end..open_start].trim();
        let adjacent =
            matches!(gap, "" | "," | ":" | "that") || gap == "reporters," || gap == "journalists,";
        let quote_span = span(open_start, doc.tokens[mk.last].span.end);
        let confidence = match (speaker.is_some(), adjacent) {
            (true, true) => 0.85,
            (true, false) => 0.75,
            _ => 0.55,
        };
        let mut a = Attribution {
            cue,
            speaker_span: Some(speaker_span),
            speaker,
            reported_by: None,
            confidence,
        };
        if let Some(outlet) = self.according_to(doc, sentence, cues, quote_span) {
            if Some(outlet) != a.speaker {
                a.reported_by = Some(outlet);
            }
        }
        Some(a)
    }

    /// The speaker of a cue, looking left: a pronoun or "the company" right before it, else the
    /// nearest person named before it in the sentence, else the nearest other actor.
    fn speaker_before(
        &self,
        doc: &Document,
        cue: Span,
        sentence: Span,
        quoted: &[Span],
    ) -> Option<(Span, Option<usize>)> {
        let k = doc.token_at_or_after(cue.start);
        if let Some((_, span, e)) = self.subject_before(doc, sentence, k) {
            if !quoted.iter().any(|q| q.contains(span)) {
                return Some((span, e));
            }
        }
        if is_noun_like(doc, k) {
            return None;
        }
        if k >= 1 && doc.tokens[k - 1].span.start >= sentence.start {
            let prev = doc.tokens[k - 1].span;
            if pronoun(doc.slice(prev)).is_some() && doc.mentions_holding(prev).next().is_none() {
                let (sp, e) = self.resolve_phrase(doc, prev);
                return Some((sp.unwrap_or(prev), e));
            }
            if k >= 2
                && doc.tokens[k - 2].span.start >= sentence.start
                && doc.token_text(k - 2).eq_ignore_ascii_case("the")
            {
                let phrase = span(doc.tokens[k - 2].span.start, prev.end);
                if let (Some(sp), Some(e)) = self.resolve_phrase(doc, phrase) {
                    return Some((sp, Some(e)));
                }
            }
        }
        let before: Vec<_> = doc
            .mentions_within(span(sentence.start, cue.start.max(sentence.start)))
            .filter(|m| {
                m.span.end <= cue.start
                    && m.span.start >= sentence.start
                    && !quoted.iter().any(|q| q.contains(m.span))
                    && m.entity.is_some_and(|e| doc.entities[e].etype.is_actor())
            })
            .collect();
        let m = before
            .iter()
            .rev()
            .find(|m| m.etype.is_person())
            .or(before.last())?;
        Some((m.span, m.entity))
    }

    /// The subject of the cue at token `k`: skipping auxiliaries and adverbs ("has also said"),
    /// a pronoun, a named actor (after an apposition: "Adam Segal, director of ..., said"), or a
    /// short noun phrase ("experts", "a Democratic source", "advisers to Mr. Obama"). Returns
    /// where the subject starts, its span and its entity.
    pub(super) fn subject_before(
        &self,
        doc: &Document,
        s: Span,
        k: usize,
    ) -> Option<(usize, Span, Option<usize>)> {
        let first = doc.token_at_or_after(s.start);
        // "states", "reports", "tweets" are nouns as often as verbs: only a name or a pronoun
        // makes them a verb of saying
        let noun_like = is_noun_like(doc, k);
        if k > first
            && matches!(
                doc.token_text(k - 1).to_lowercase().as_str(),
                "without" | "the" | "a" | "an" | "his" | "her" | "their" | "its" | "’s" | "'s"
            )
        {
            return None; // "goes without saying", "the remarks", "Trump's tweets"
        }
        let mut j = k;
        while j > first {
            let w = doc.token_text(j - 1).to_lowercase();
            if NEGATIONS.contains(&w.as_str()) {
                return None; // "did not say"
            }
            if matches!(
                w.as_str(),
                "was" | "were" | "is" | "are" | "be" | "been" | "being"
            ) && !doc.token_text(k).ends_with("ing")
            {
                return None; // a passive: "the sanctions were announced", "was told"
            }
            if AUXILIARIES.contains(&w.as_str()) || (w.ends_with("ly") && w.len() > 4) {
                j -= 1;
            } else {
                break;
            }
        }
        if j == first {
            return None;
        }
        let last = j - 1;
        let end = doc.tokens[last].span.end;
        if doc.token_text(last) == "," {
            // an apposition: "Phil Smith, a spokesman for the union, said"
            let open = doc.tokens[first..last]
                .iter()
                .rposition(|t| doc.slice(t.span) == ",")
                .map(|i| first + i)?;
            if last - open > 25 || open == first {
                return None;
            }
            let name_end = doc.tokens[open - 1].span.end;
            let m = doc
                .mentions_holding(span(name_end - 1, name_end))
                .find(|m| {
                    m.span.end == doc.tokens[open - 1].span.end
                        && m.entity.is_some_and(|e| doc.entities[e].etype.is_actor())
                })?;
            // the subject starts at the title before the name: "German Economy Minister X, who ..."
            let mut t = doc.token_at_or_after(m.span.start);
            while t > first
                && doc.tokens[t - 1].kind == TokenKind::Word
                && doc.token_text(t - 1).starts_with(char::is_uppercase)
            {
                t -= 1;
            }
            return Some((doc.tokens[t].span.start.min(m.span.start), m.span, m.entity));
        }
        let text = doc.token_text(last);
        if pronoun(text).is_some() || matches!(text, "we" | "We" | "I") {
            let span = doc.tokens[last].span;
            let (sp, e) = self.resolve_phrase(doc, span);
            return Some((span.start, sp.unwrap_or(span), e));
        }
        if noun_like {
            let named = doc.mentions_holding(span(end - 1, end)).any(|m| {
                m.span.end == end && m.entity.is_some_and(|e| doc.entities[e].etype.is_actor())
            });
            if !named {
                return None;
            }
        }
        // a noun phrase back to the clause boundary, at most eight tokens
        let mut start = last;
        while start > first && last - start < 8 {
            let t = doc.token_text(start - 1);
            let lower = t.to_lowercase();
            if doc.tokens[start - 1].kind == TokenKind::Quote
                || matches!(t, "," | ";" | ":" | "—" | "–" | "(" | ")")
                || BOUNDARY_WORDS.contains(&lower.as_str())
            {
                break;
            }
            start -= 1;
        }
        let phrase = span(doc.tokens[start].span.start, end);
        let inside: Vec<_> = doc
            .mentions_within(phrase)
            .filter(|m| m.entity.is_some())
            .collect();
        let last_word = text.to_lowercase();
        if let Some(m) = inside.iter().rev().find(|m| m.span.end == end) {
            // the phrase ends with a name: "Putney", "The S.E.C.", "Mr. Obama's advisers" not here
            let governed = doc.text[phrase.start..m.span.start]
                .split_whitespace()
                .last()
                .is_some_and(|w| matches!(w, "to" | "of" | "for" | "at" | "with" | "from"));
            if !governed
                || SPOKESPEOPLE
                    .iter()
                    .any(|p| doc.slice(phrase).to_lowercase().contains(p))
            {
                return Some((phrase.start, m.span, m.entity));
            }
            return Some((phrase.start, phrase, None));
        }
        let first_word = doc.token_text(start).to_lowercase();
        if last_word.chars().all(char::is_alphabetic)
            && !STOPWORDS.contains(&last_word.as_str())
            && !PREPOSITIONS.contains(&first_word.as_str())
            && !last_word.ends_with("ed")
            && (start == first || last - start <= 5)
        {
            let (sp, e) = self.resolve_phrase(doc, phrase);
            return Some((phrase.start, sp.unwrap_or(phrase), e));
        }
        None
    }
}

/// Cues that are nouns as often as verbs ("battleground states", "Trump's tweets").
const NOUN_LIKE_CUES: &[&str] = &[
    "states", "reports", "claims", "notes", "comments", "remarks", "tweets", "calls", "promises",
    "pledges", "demands", "vows", "jokes", "boasts", "laments", "warns", "stresses", "counters",
    "replies", "responds", "posted", "observes",
];

const AUXILIARIES: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "later",
    "previously",
    "again",
    "would",
    "will",
    "did",
    "does",
    "do",
    "then",
    "once",
    "now",
    "still",
    "already",
    "just",
    "long",
    "often",
    "first",
    "all",
    "both",
    "too",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "being",
    "may",
    "might",
    "could",
    "can",
    "should",
    "must",
    "'ve",
    "’ve",
];

const NEGATIONS: &[&str] = &["not", "n't", "n’t", "never", "no"];

/// Words that end a subject phrase on their left.
const BOUNDARY_WORDS: &[&str] = &[
    "that", "which", "who", "whom", "but", "and", "or", "while", "as", "because", "since",
    "although", "though", "if", "when", "where", "after", "before", "so", "yet", "whether", "than",
    "said", "says", "say", "told",
];

/// Function words that cannot end a subject phrase.
const STOPWORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "by", "from", "this", "that",
    "these", "those", "it", "is", "was", "are", "were", "be", "and", "or", "but", "not", "as",
    "so", "there", "here", "what", "how", "why", "when", "who", "which", "also", "then", "than",
    "his", "her", "their", "its", "my", "our", "your",
];

/// Prepositions that cannot start a subject phrase.
const PREPOSITIONS: &[&str] = &[
    "for", "of", "to", "in", "on", "at", "by", "with", "from", "about", "into", "over", "after",
    "before", "under", "against", "during",
];

/// Phrases whose named organisation is the speaker ("a spokesman for the ministry said").
const SPOKESPEOPLE: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "representative",
    "statement",
];

/// Does a phrase after a verb of saying open its reported clause rather than name its
/// speaker: "that ...", or a subject pronoun ("said she wanted change in Washington")?
pub(super) fn opens_clause(phrase: &str) -> bool {
    phrase.split_whitespace().next().is_some_and(|w| {
        SUBJECT_PRONOUNS.contains(&w) || matches!(w, "that" | "it" | "there" | "if" | "whether")
    })
}

/// Is the cue at token `k` a form that is a noun as often as a verb (`NOUN_LIKE_CUES`)?
fn is_noun_like(doc: &Document, k: usize) -> bool {
    NOUN_LIKE_CUES.contains(&doc.token_text(k).to_lowercase().as_str())
}

/// One to four capitalised words and nothing else ("Renteria", "Mary Ann Cole"): a name the
/// recogniser missed, right between a closing mark and its speech cue.
fn is_bare_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase())
                && w.chars().all(|c| c.is_alphabetic() || "-'’.".contains(c))
        })
        && pronoun(text.trim()).is_none()
}

/// Does the sentence that begins at token `k` open with an attribution of the quote before
/// it, `cue` being its first cue (one that opens no quote of its own): a speaker of one to five
/// tokens and a cue ("Trump said of Apple ...", "McDonough wrote
/// in an email ..."), or a cue and a name ("said Smith")? Only when the cue is followed by the
/// sentence's end or an adverbial: not a clause of its own ("He said the plan ...", "She said
/// that ...") nor the person told ("told BBC Radio 4's Today programme it was ..."), which
/// report something else.
fn opens_with_attribution(doc: &Document, k: usize, cue: Span) -> bool {
    let start = doc.tokens[k].span.start;
    let c = doc.token_at_or_after(cue.start);
    if c > k + 5 || doc.sentence_at(cue.start) != doc.sentence_at(start) {
        return false;
    }
    // a name, a pronoun or a short description, with no auxiliary ("United fans had declared
    // Saturday ...", "Boeing continues to enjoy ...": the story goes on)
    let speaker_ok = doc.tokens[k..c].iter().all(|t| {
        (t.kind == TokenKind::Word
            && !AUXILIARIES.contains(&doc.slice(t.span).to_lowercase().as_str()))
            || matches!(doc.slice(t.span), "." | "'s" | "’s" | "-")
    }) && doc.token_text(k).starts_with(char::is_uppercase)
        // "That said, she is ...": an idiom, no speaker
        && !(c == k + 1 && matches!(doc.token_text(k), "That" | "This"));
    let after = doc.token_at_or_after(cue.end);
    let next = doc
        .tokens
        .get(after)
        .filter(|t| doc.sentence_at(t.span.start) == doc.sentence_at(start))
        .map(|t| doc.slice(t.span).to_lowercase());
    // a verb of naming is a cue for the words it names ("called it “a disaster”"), never for a
    // quote before it ("Smith also called on the authorities to ..."); "according to X, ..."
    // attributes what follows it
    if NAMING_VERBS.contains(&doc.slice(cue).to_lowercase().as_str()) || is_according(doc, cue) {
        return false;
    }
    if c == k {
        // "said Smith": a name follows, and no quote of its own ("Said Mr Fogg: “...”")
        let sentence = doc
            .sentence_at(start)
            .map_or(cue, |i| doc.sentences[i].span);
        return doc.tokens.get(after).is_some_and(|t| {
            t.span.start < sentence.end && doc.slice(t.span).starts_with(char::is_uppercase)
        }) && !doc.text[cue.end..sentence.end].contains([':', '“', '"']);
    }
    // what follows the cue: the end of the sentence or an adverbial ("in an email", "of
    // Apple", "on Monday"); not a quote of its own ("added, “...”") nor a clause (nor the
    // person told: "told BBC Radio 4's Today programme it was impossible ...")
    // ("this week", not "this is wrong")
    let this_time = || {
        doc.tokens.get(after + 1).is_some_and(|t| {
            matches!(
                doc.slice(t.span).to_lowercase().as_str(),
                "week" | "month" | "year" | "morning" | "afternoon" | "evening" | "weekend"
            )
        })
    };
    speaker_ok
        && next.is_none_or(|w| {
            (w == "this" && this_time())
                || is_when_word(&w)
                || matches!(
                    w.as_str(),
                    "." | ","
                        | "in"
                        | "on"
                        | "at"
                        | "of"
                        | "about"
                        | "during"
                        | "after"
                        | "before"
                        | "while"
                        | "when"
                        | "from"
                        | "via"
                )
        })
}

/// Is the cue followed by a quote it introduces ("answered, “...”", "said: “...”", "told the
/// BBC: “...”"): a quotation mark within six tokens of it, or a colon, in its sentence?
fn cue_opens_quote(doc: &Document, cue: Span) -> bool {
    let sentence = doc.sentence_at(cue.start);
    let after = doc.token_at_or_after(cue.end);
    doc.tokens[after..]
        .iter()
        .take_while(|t| doc.sentence_at(t.span.start) == sentence)
        .enumerate()
        .any(|(i, t)| match doc.slice(t.span) {
            ":" => true,
            "“" | "\"" | "‘" => i < 6,
            _ => false,
        })
}

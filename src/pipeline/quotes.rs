//! Stage 5: quotations. Requires entities; creates `Document::quotes`.
//!
//! Direct quotes are found from quotation marks (straight or typographic, across paragraphs when
//! a continued paragraph reopens the quote); the speaker comes from a speech cue next to the
//! quote: post-posed ("..., said Segal" / "..., Segal said" / "..., she said"), pre-posed ("Wang
//! told reporters, ..."), or "according to X". A quote with no cue of its own continues the
//! previous speaker in the same or previous paragraph. "According to <outlet>" beside another
//! speaker marks the outlet as relaying the quote. Indirect speech: "X said (that) ...".

use std::sync::Arc;

use super::util::{pronoun, Pronoun};
use super::Stage;
use crate::document::{Document, EntityType, Quote, QuoteKind, Span, TokenKind};
use crate::resources::Resources;

pub struct Quotes {
    res: Arc<Resources>,
}

impl Quotes {
    pub fn new(res: Arc<Resources>) -> Self {
        Quotes { res }
    }
}

/// A quoted stretch: token indices of the opening and closing marks (closing may be absent).
#[derive(Clone, Copy, Debug)]
struct Marks {
    open: usize,
    close: Option<usize>,
    /// last token inside the quote
    last: usize,
}

fn is_open(doc: &Document, k: usize) -> bool {
    let s = doc.token_text(k);
    match s {
        "“" | "„" | "«" | "``" => true,
        // a straight mark, or a closing one misused as an opening one ("”Fear. I am ...")
        "\"" | "''" | "”" => {
            let start = doc.tokens[k].span.start;
            let before = doc.text[..start].chars().next_back();
            let after = doc.text[doc.tokens[k].span.end..].chars().next();
            before.is_none_or(|c| c.is_whitespace() || "([{—–-".contains(c))
                && after.is_some_and(|c| {
                    if s == "”" {
                        c.is_alphanumeric()
                    } else {
                        !c.is_whitespace()
                    }
                })
        }
        _ => false,
    }
}

fn is_close(doc: &Document, k: usize) -> bool {
    matches!(doc.token_text(k), "”" | "»" | "\"" | "''") && !is_open(doc, k)
}

/// Pair quotation marks; a quote left open at a paragraph's end continues when the next
/// paragraph opens with a quotation mark.
fn find_marks(doc: &Document) -> Vec<Marks> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let n = doc.tokens.len();
    for k in 0..n {
        if doc.tokens[k].kind != TokenKind::Quote {
            if let Some(o) = open {
                // a paragraph break inside an open quote
                if doc.tokens[k].para_start && k > o + 1 {
                    out.push(Marks {
                        open: o,
                        close: None,
                        last: k - 1,
                    });
                    open = None;
                }
            }
            continue;
        }
        match open {
            None if is_open(doc, k) => open = Some(k),
            Some(o) if is_close(doc, k) => {
                if k > o + 1 {
                    out.push(Marks {
                        open: o,
                        close: Some(k),
                        last: k - 1,
                    });
                }
                open = None;
            }
            Some(_) if is_open(doc, k) && doc.tokens[k].para_start => {
                // the next paragraph of a continued quote: keep the first opening mark
            }
            Some(o) if is_open(doc, k) => {
                // an unclosed quote followed by a new one: end the first before it
                if k > o + 1 {
                    out.push(Marks {
                        open: o,
                        close: None,
                        last: k - 1,
                    });
                }
                open = Some(k);
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        if o + 1 < n {
            out.push(Marks {
                open: o,
                close: None,
                last: n - 1,
            });
        }
    }
    single_marks(doc, &mut out);
    out
}

/// Quotes in single marks (‘...’ or '...', as headlines write them) outside double-quoted
/// text: an opening mark after a space or the sentence start and before a letter, closed in
/// the same sentence by a mark before a space or punctuation, so apostrophes ("don’t",
/// "Clinton’s") never open or close one.
fn single_marks(doc: &Document, out: &mut Vec<Marks>) {
    let inside = |k: usize, out: &[Marks]| {
        out.iter()
            .any(|m| m.open <= k && k <= m.close.unwrap_or(m.last))
    };
    let mut found = Vec::new();
    for s in &doc.sentences {
        let (k0, k1) = (
            doc.token_at_or_after(s.span.start),
            doc.token_at_or_after(s.span.end),
        );
        let mut k = k0;
        while k < k1 {
            let t = doc.token_text(k);
            let start = doc.tokens[k].span.start;
            let end = doc.tokens[k].span.end;
            let before = doc.text[..start].chars().next_back();
            let after = doc.text[end..].chars().next();
            let opens = matches!(t, "‘" | "'")
                && before.is_none_or(|c| c.is_whitespace() || "([{—–-“\"".contains(c))
                && after.is_some_and(char::is_alphanumeric)
                && !inside(k, out);
            if !opens {
                k += 1;
                continue;
            }
            let close = (k + 2..k1).find(|&j| {
                matches!(doc.token_text(j), "’" | "'")
                    && doc.text[doc.tokens[j].span.end..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
            });
            match close {
                Some(j) => {
                    found.push(Marks {
                        open: k,
                        close: Some(j),
                        last: j - 1,
                    });
                    k = j + 1;
                }
                None => k += 1,
            }
        }
    }
    out.extend(found);
    out.sort_by_key(|m| m.open);
}

impl Stage for Quotes {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn run(&self, doc: &mut Document) {
        let body = span(doc.body_start, doc.text.len());
        let mut cues: Vec<Span> = self
            .res
            .speech_matcher
            .find(&doc.text, &doc.tokens, body)
            .into_iter()
            .map(|m| m.span)
            .collect();
        // verbs of naming attribute the quoted words that follow them ("called it “a disaster”")
        cues.extend(
            doc.tokens
                .iter()
                .filter(|t| {
                    t.span.start >= body.start
                        && NAMING_VERBS.contains(&doc.slice(t.span).to_lowercase().as_str())
                })
                .map(|t| t.span),
        );
        cues.sort_by_key(|c| c.start);
        // a cue inside a name is no cue ("the United States", "Says You")
        cues.retain(|c| !doc.mentions.iter().any(|m| m.span.overlaps(*c)));
        let marks = find_marks(doc);
        let quoted: Vec<Span> = marks
            .iter()
            .map(|m| {
                span(
                    doc.tokens[m.open].span.start,
                    doc.tokens[m.close.unwrap_or(m.last)].span.end,
                )
            })
            .collect();
        let mut quotes: Vec<Quote> = Vec::new();
        // per quote: was its attribution its own (not inherited from the previous quote)?
        let mut own: Vec<bool> = Vec::new();
        for mk in &marks {
            let content = span(
                doc.tokens[mk.open + 1].span.start,
                doc.tokens[mk.last].span.end,
            );
            let words = (mk.open + 1..=mk.last)
                .filter(|&k| doc.tokens[k].kind == TokenKind::Word)
                .count();
            let attribution = self
                .post(doc, mk, &cues)
                .or_else(|| self.pre(doc, mk, &cues, &quoted));
            let short = words < 4;
            // the second half of a quote interrupted by its attribution: “...,” said X, “...”
            let interrupted = quotes.last().is_some_and(|prev: &Quote| {
                prev.speaker_span.is_some()
                    && prev.evidence.contains(doc.tokens[mk.open].span)
                    && prev
                        .cue
                        .is_some_and(|c| c.start > prev.content.end && c.end < content.start)
            });
            if short && attribution.is_none() && !interrupted {
                continue; // scare quotes, titles of works
            }
            // the word before the opening mark, in the same sentence
            let before_open = mk
                .open
                .checked_sub(1)
                .filter(|&k| {
                    !doc.tokens[mk.open].para_start
                        && doc.sentence_at(doc.tokens[k].span.start)
                            == doc.sentence_at(doc.tokens[mk.open].span.start)
                })
                .map(|k| doc.token_text(k));
            // a short quote is a fragment of a sentence unless its attribution follows it
            let post_posed = attribution
                .as_ref()
                .is_some_and(|a| a.cue.start >= content.end);
            let mixed = (short && !post_posed && !interrupted)
                || before_open.is_some_and(|w| {
                    w.chars().next().is_some_and(|c| c.is_lowercase())
                        && !cues
                            .iter()
                            .any(|c| c.end == doc.tokens[mk.open - 1].span.end)
                });
            let s0 = doc
                .sentence_at(doc.tokens[mk.open].span.start)
                .map(|i| doc.sentences[i].span);
            let s1 = doc
                .sentence_at(doc.tokens[mk.close.unwrap_or(mk.last)].span.start)
                .map(|i| doc.sentences[i].span);
            let mut evidence = match (s0, s1) {
                (Some(a), Some(b)) => a.cover(b),
                _ => content,
            };
            let mut q = Quote {
                content,
                parts: Vec::new(),
                kind: if mixed {
                    QuoteKind::Mixed
                } else {
                    QuoteKind::Direct
                },
                speaker_span: None,
                speaker: None,
                cue: None,
                reported_by: None,
                evidence,
                confidence: 0.6,
            };
            let has_own = attribution.is_some();
            if let Some(a) = attribution {
                evidence = evidence.cover(a.cue);
                q.evidence = evidence;
                q.cue = Some(a.cue);
                q.speaker_span = a.speaker_span;
                q.speaker = a.speaker;
                q.reported_by = a.reported_by;
                q.confidence = a.confidence;
            } else if let Some(prev) = quotes.last() {
                // a continuation: same or previous paragraph, nobody else named in between
                // the gap, and what follows the quote in its sentence (“...,” Name, a ..., told X.)
                let gap = span(prev.content.end, content.start);
                let after = span(content.end, s1.map_or(content.end, |s| s.end));
                let para_breaks = doc
                    .tokens
                    .iter()
                    .filter(|t| t.para_start && gap.contains(t.span))
                    .count();
                // another actor named outside the previous attribution's sentence takes the floor
                let attribution_sentence = prev
                    .cue
                    .and_then(|c| doc.sentence_at(c.start))
                    .map(|i| doc.sentences[i].span);
                let intruder = doc.mentions.iter().any(|m| {
                    (gap.contains(m.span) || after.contains(m.span))
                        && !quoted.iter().any(|q| q.contains(m.span))
                        && !attribution_sentence.is_some_and(|s| s.contains(m.span))
                        && m.entity.is_some_and(|e| {
                            doc.entities[e].etype.is_actor() && Some(e) != prev.speaker
                        })
                });
                if prev.speaker_span.is_some() && para_breaks <= 1 && !intruder {
                    q.speaker_span = prev.speaker_span;
                    q.speaker = prev.speaker;
                    q.cue = prev.cue;
                    q.reported_by = prev.reported_by;
                    q.confidence = 0.65;
                }
            }
            quotes.push(q);
            own.push(has_own);
        }
        self.extend_mixed(doc, &mut quotes, &own);
        let mut quotes = join_pieces(doc, quotes, &own);
        self.indirect(doc, &cues, &mut quotes);
        quotes.sort_by_key(|q| q.content.start);
        // only actors speak or relay ("officials in Canberra said": the place keeps its words)
        for q in &mut quotes {
            let actor = |e: &usize| doc.entities[*e].etype.is_actor();
            q.speaker = q.speaker.filter(actor);
            q.reported_by = q.reported_by.filter(actor);
        }
        doc.quotes = quotes;
    }
}

struct Attribution {
    cue: Span,
    speaker_span: Option<Span>,
    speaker: Option<usize>,
    reported_by: Option<usize>,
    confidence: f32,
}

const ROLE_NOUNS: &[(&str, &[EntityType])] = &[
    ("company", &[EntityType::Company]),
    ("firm", &[EntityType::Company]),
    ("group", &[EntityType::Company, EntityType::Organization]),
    ("ministry", &[EntityType::Agency]),
    ("department", &[EntityType::Agency]),
    ("agency", &[EntityType::Agency]),
    ("government", &[EntityType::Country, EntityType::Agency]),
    ("country", &[EntityType::Country]),
    ("organisation", &[EntityType::Organization]),
    ("organization", &[EntityType::Organization]),
    ("newspaper", &[EntityType::MediaOutlet]),
    ("official", &[EntityType::Official]),
];

impl Quotes {
    fn sentence_of(&self, doc: &Document, k: usize) -> Span {
        doc.sentence_at(doc.tokens[k].span.start)
            .map(|i| doc.sentences[i].span)
            .unwrap_or(doc.tokens[k].span)
    }

    /// The entity a speaker phrase refers to: a mention inside it, a pronoun, or "the company".
    fn resolve_phrase(&self, doc: &Document, phrase: Span) -> (Option<Span>, Option<usize>) {
        // a person mention in the phrase wins over an organisation ("Harvard University scholar Ben Buchanan")
        let inside: Vec<_> = doc
            .mentions
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
        doc.mentions
            .iter()
            .rev()
            .filter(|m| m.span.end <= pos)
            .find_map(|m| m.entity.filter(|&e| ok(doc.entities[e].etype)))
    }

    /// "according to X" in the sentence (outside the quote): the outlet that relays it.
    fn according_to(
        &self,
        doc: &Document,
        sentence: Span,
        cues: &[Span],
        exclude: Span,
    ) -> Option<usize> {
        cues.iter()
            .filter(|c| sentence.contains(**c) && !exclude.overlaps(**c) && is_according(doc, **c))
            .find_map(|c| {
                doc.mentions
                    .iter()
                    .find(|m| {
                        m.span.start >= c.end
                            && m.span.start <= c.end + 40
                            && m.span.end <= sentence.end
                    })
                    .and_then(|m| m.entity.filter(|&e| doc.entities[e].etype.is_actor()))
            })
    }

    /// Cue and speaker after the closing mark.
    fn post(&self, doc: &Document, mk: &Marks, cues: &[Span]) -> Option<Attribution> {
        let close = mk.close?;
        let sentence = self.sentence_of(doc, close);
        let mut k = close + 1;
        if k < doc.tokens.len() && doc.token_text(k) == "," {
            k += 1;
        }
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
                let title_end = doc.tokens.get(k + 5).map_or(sentence.end, |t| t.span.end);
                let named = doc.mentions.iter().find(|m| {
                    m.span.start >= from
                        && m.span.end <= title_end
                        && doc.text[from..m.span.start]
                            .split_whitespace()
                            .all(|w| w.starts_with(char::is_uppercase))
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
            if phrase_start >= clause_end {
                return None;
            }
            let phrase = span(phrase_start, clause_end);
            self.resolve_phrase(doc, phrase)
        } else {
            // "Segal said", "she said", "the company said", "Ms. Okafor said"
            let phrase = span(from, cue.start);
            if doc.slice(phrase).contains([',', '.', '“', '”', '"'])
                && !doc.mentions.iter().any(|m| phrase.contains(m.span))
            {
                return None;
            }
            match self.resolve_phrase(doc, span(from, trim_end(doc, phrase))) {
                (Some(sp), Some(e)) => (Some(sp), Some(e)),
                (Some(sp), None)
                    if pronoun(doc.slice(sp).trim()).is_some()
                        || doc.slice(sp).to_lowercase().starts_with("the ") =>
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
    fn pre(
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
        let mut found = candidates(sentence);
        if found.is_empty() {
            // a block quote introduced by the sentence before: "He told the crowd:"
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
            // "..., said Segal, “it makes sense.”": the speaker follows the cue
            let after_cue: Vec<_> = doc
                .mentions
                .iter()
                .filter(|m| {
                    m.span.start >= cue.end
                        && doc.text[cue.end..m.span.start].trim().is_empty()
                        && m.span.end <= open_start
                        && matches!(doc.text[m.span.end..open_start].trim(), "" | "," | ":")
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
            if pronoun(doc.slice(prev)).is_some()
                && !doc.mentions.iter().any(|m| m.span.contains(prev))
            {
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
            .mentions
            .iter()
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

    /// A mixed quote ("X said the plan was “only the first step”") is the whole reported clause:
    /// from after the cue (and "that") to the end of the sentence when the cue comes first; from
    /// the start of the sentence to the attribution when it comes after.
    fn extend_mixed(&self, doc: &Document, quotes: &mut [Quote], own: &[bool]) {
        for (q, &own) in quotes.iter_mut().zip(own) {
            let Some(cue) = q.cue else { continue };
            if q.kind != QuoteKind::Mixed || !own || is_according(doc, cue) {
                continue;
            }
            let Some(si) = doc.sentence_at(q.content.start) else {
                continue;
            };
            let s = doc.sentences[si].span;
            if !s.contains(cue) {
                continue;
            }
            let sentence_end = trim_terminal(doc, s);
            let content = if cue.end <= q.content.start {
                let from = complement_start(doc, cue, s);
                span(from.min(q.content.start), sentence_end.max(q.content.end))
            } else if cue.start >= q.content.end {
                // "... “lies and conspiracy theories,” she says."
                let until = attribution_start(doc, q, cue, s).max(q.content.end);
                let from = q.content.start.min(clause_start(doc, s, q.content.start));
                span(from, until)
            } else {
                continue;
            };
            q.content = span(content.start, trim_end(doc, content));
            q.evidence = q.evidence.cover(s);
        }
    }

    /// Reported speech without quotation marks, one per sentence that holds no quotation:
    /// "Zhou said (that) China is ...", "China is ..., Zhou said.", "China, Zhou said, is ...",
    /// "Experts say ...", "According to the report, ...", "..., according to X."
    fn indirect(&self, doc: &Document, cues: &[Span], quotes: &mut Vec<Quote>) {
        let taken: Vec<Span> = quotes.iter().map(|q| q.evidence).collect();
        for s in &doc.sentences {
            if s.headline || taken.iter().any(|t| t.overlaps(s.span)) {
                continue;
            }
            for &cue in cues.iter().filter(|c| s.span.contains(**c)) {
                let found = if is_according(doc, cue) {
                    self.according_clause(doc, s.span, cue)
                } else {
                    self.reported_clause(doc, s.span, cue)
                };
                let Some((parts, speaker_span, speaker)) = found else {
                    continue;
                };
                let words: usize = parts
                    .iter()
                    .map(|p| doc.slice(*p).split_whitespace().count())
                    .sum();
                if words < 3 {
                    continue;
                }
                let content = parts[0].cover(parts[parts.len() - 1]);
                let reported_by = self
                    .according_to(doc, s.span, cues, content)
                    .filter(|&o| Some(o) != speaker);
                quotes.push(Quote {
                    content,
                    parts: if parts.len() > 1 { parts } else { Vec::new() },
                    kind: QuoteKind::Indirect,
                    speaker_span: Some(speaker_span),
                    speaker,
                    cue: Some(cue),
                    reported_by,
                    evidence: s.span,
                    confidence: if speaker.is_some() { 0.7 } else { 0.5 },
                });
                break;
            }
        }
    }

    /// "According to X, CONTENT" and "CONTENT, according to X": the content pieces and source.
    fn according_clause(
        &self,
        doc: &Document,
        s: Span,
        cue: Span,
    ) -> Option<(Vec<Span>, Span, Option<usize>)> {
        let before = doc.text[s.start..cue.start].trim();
        let source_end = clause_end(doc, cue.end, s.end);
        let source = span(next_token_start(doc, cue.end), source_end);
        if source.is_empty() || doc.slice(source).split_whitespace().count() > 12 {
            return None;
        }
        let (sp, e) = self.resolve_phrase(doc, source);
        let sp = sp.unwrap_or(source);
        let content = if before.is_empty() || before.len() <= 4 {
            // "According to X, CONTENT." (or "But according to X, ...")
            let comma = doc.token_at_or_after(source_end);
            if doc
                .tokens
                .get(comma)
                .is_none_or(|t| doc.slice(t.span) != ",")
            {
                return None;
            }
            let from = doc.tokens.get(comma + 1)?.span.start;
            span(from, trim_terminal(doc, span(from, s.end)))
        } else if before.ends_with(',') {
            // "CONTENT, according to X."
            let after = doc.text[source_end..s.end].trim();
            if !after.trim_end_matches(['.', '!', '?', '"', '”']).is_empty() {
                return None;
            }
            span(
                s.start,
                trim_end(doc, span(s.start, before_comma(doc, cue.start))),
            )
        } else {
            return None;
        };
        (!content.is_empty()).then(|| (vec![content], sp, e))
    }

    /// A verb of saying with its subject and its reported clause, in any of the three orders.
    fn reported_clause(
        &self,
        doc: &Document,
        s: Span,
        cue: Span,
    ) -> Option<(Vec<Span>, Span, Option<usize>)> {
        let head = doc.slice(cue).to_lowercase();
        let head = head.split_whitespace().next().unwrap_or("");
        if !CLAUSE_VERBS.contains(&head) {
            return None;
        }
        let k = doc.token_at_or_after(cue.start);
        let after = doc.text[cue.end..s.end].trim_start();
        let subject = self.subject_before(doc, s, k);
        // "..., said Segal." / "..., said Segal, a coordinator at ..." / "..., said a spokesman."
        // (not "Weiß, who ..., said Berlin would push": an apposition's subject comes first)
        if subject.is_none()
            && k >= 1
            && doc.token_text(k - 1) == ","
            && doc.tokens[k - 1].span.start > s.start
        {
            let phrase_end = clause_end(doc, cue.end, s.end);
            let phrase = span(next_token_start(doc, cue.end), phrase_end);
            let named = doc
                .mentions
                .iter()
                .find(|m| phrase.contains(m.span) && m.entity.is_some());
            let first = doc.slice(phrase).split_whitespace().next().unwrap_or("");
            let fits = match named {
                // the name ends the phrase ("said Foreign Minister Ada Obi")
                Some(m) => doc.text[m.span.end..phrase.end].trim().is_empty(),
                None => {
                    matches!(first.to_lowercase().as_str(), "a" | "an" | "the" | "one")
                        && doc.slice(phrase).split_whitespace().count() <= 5
                }
            };
            if fits && doc.slice(phrase).split_whitespace().count() <= 6 {
                let (sp, e) = self.resolve_phrase(doc, phrase);
                let content_end = before_comma(doc, cue.start);
                let content = span(s.start, trim_end(doc, span(s.start, content_end)));
                return Some((vec![content], sp.unwrap_or(phrase), e));
            }
        }
        let (subject, sp, e) = subject?;
        let before = doc.text[s.start..subject].trim_end();
        if before.ends_with(',') && doc.text[s.start..subject].trim().len() > 1 {
            let comma = s.start + before.len() - 1;
            let first = span(s.start, trim_end(doc, span(s.start, comma)));
            if after.starts_with(',') {
                // "China, Zhou said, is looking to ..."
                let from = next_token_start(doc, next_token_start(doc, cue.end) + 1);
                let second = span(from, trim_terminal(doc, span(from, s.end)));
                if second.is_empty() {
                    return Some((vec![first], sp, e));
                }
                return Some((vec![first, second], sp, e));
            }
            if ends_clause(after) {
                // "China is looking to ..., Zhou said (on Tuesday)."
                return Some((vec![first], sp, e));
            }
        }
        if !before.is_empty()
            && !before.ends_with([',', ';', ':', '—', '–'])
            && !is_connective(before)
        {
            return None;
        }
        if ends_clause(after) {
            return None;
        }
        let from = complement_start(doc, cue, s);
        let content = span(from, trim_terminal(doc, span(from, s.end)));
        (!content.is_empty()).then(|| (vec![content], sp, e))
    }

    /// The subject of the cue at token `k`: skipping auxiliaries and adverbs ("has also said"),
    /// a pronoun, a named actor (after an apposition: "Adam Segal, director of ..., said"), or a
    /// short noun phrase ("experts", "a Democratic source", "advisers to Mr. Obama"). Returns
    /// where the subject starts, its span and its entity.
    fn subject_before(
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
            let m = doc.mentions.iter().find(|m| {
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
            let named = doc.mentions.iter().any(|m| {
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
            .mentions
            .iter()
            .filter(|m| phrase.contains(m.span) && m.entity.is_some())
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

/// Verbs of naming and judging: cues for the quoted words after them ("Cruz called Trump a
/// “pathological liar”", "Christie blasted Clinton as a “disgrace”"), though not verbs of saying
/// (not in the speech lexicon, never cues of indirect speech).
const NAMING_VERBS: &[&str] = &[
    "called",
    "calls",
    "calling",
    "described",
    "describes",
    "describing",
    "dubbed",
    "dubs",
    "branded",
    "brands",
    "labeled",
    "labelled",
    "labels",
    "characterized",
    "characterised",
    "characterizes",
    "characterises",
    "termed",
    "terms",
    "blasted",
    "criticized",
    "criticised",
    "condemned",
    "denounced",
    "slammed",
    "praised",
    "hailed",
    "lauded",
    "dismissed",
    "accused",
    "likened",
    "compared",
    "mocked",
    "ridiculed",
    "proclaimed",
    "exhorted",
    "decried",
];

/// Verbs of saying that take a reported clause ("said (that) ...").
const CLAUSE_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "tell",
    "added",
    "adds",
    "adding",
    "stated",
    "states",
    "noted",
    "notes",
    "wrote",
    "writes",
    "argued",
    "argues",
    "insisted",
    "insists",
    "claimed",
    "claims",
    "declared",
    "declares",
    "announced",
    "announces",
    "asserted",
    "asserts",
    "warned",
    "warns",
    "stressed",
    "stresses",
    "emphasized",
    "emphasised",
    "emphasizes",
    "emphasises",
    "acknowledged",
    "acknowledges",
    "admitted",
    "admits",
    "conceded",
    "concedes",
    "explained",
    "explains",
    "suggested",
    "suggests",
    "predicted",
    "predicts",
    "cautioned",
    "cautions",
    "complained",
    "complains",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "pointed",
    "points",
    "maintained",
    "maintains",
    "contended",
    "contends",
    "countered",
    "counters",
    "tweeted",
    "tweets",
    "recalled",
    "recalls",
    "replied",
    "replies",
    "responded",
    "observed",
    "observes",
    "remarked",
    "reiterated",
    "reiterates",
    "alleged",
    "alleges",
    "revealed",
    "reveals",
    "testified",
    "testifies",
    "vowed",
    "vows",
    "promised",
    "promises",
    "pledged",
    "pledges",
    "boasted",
    "joked",
    "reported",
    "reports",
];

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

/// Is the cue at token `k` a form that is a noun as often as a verb (`NOUN_LIKE_CUES`)?
fn is_noun_like(doc: &Document, k: usize) -> bool {
    NOUN_LIKE_CUES.contains(&doc.token_text(k).to_lowercase().as_str())
}

fn is_according(doc: &Document, cue: Span) -> bool {
    doc.slice(cue).eq_ignore_ascii_case("according to")
}

/// A clause that starts with a connective ("But", "And", "Still,") before the subject.
fn is_connective(before: &str) -> bool {
    matches!(
        before.trim_end_matches(',').to_lowercase().as_str(),
        "but"
            | "and"
            | "yet"
            | "still"
            | "however"
            | "meanwhile"
            | "instead"
            | "so"
            | "now"
            | "indeed"
            | "separately"
            | "also"
            | "earlier"
            | "later"
            | "today"
            | "yesterday"
    )
}

/// Nothing but an adverbial left after the cue: "said.", "said on Tuesday.", "said in a
/// statement.", "said, citing ..."
fn ends_clause(after: &str) -> bool {
    let rest = after
        .trim()
        .trim_end_matches(['.', '!', '?', '”', '"', '\''])
        .trim_end();
    if rest.is_empty() || rest.starts_with(',') {
        return true;
    }
    // "said on Tuesday, a move likely to ...": the adverbial up to the first comma
    let head = rest.split(',').next().unwrap_or(rest);
    let words: Vec<&str> = head.split_whitespace().collect();
    words.len() <= 6
        && !words.contains(&"that")
        && matches!(
            words[0].to_lowercase().as_str(),
            "on" | "in"
                | "at"
                | "during"
                | "last"
                | "this"
                | "earlier"
                | "later"
                | "late"
                | "early"
                | "yesterday"
                | "today"
                | "recently"
                | "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
                | "to"
                | "via"
        )
}

/// Where the reported clause after a cue starts: past an adverbial or an addressee ("told
/// CNN on Tuesday that ..."), past "that".
fn complement_start(doc: &Document, cue: Span, s: Span) -> usize {
    let k = doc.token_at_or_after(cue.end);
    let end = doc.token_at_or_after(s.end);
    // "that" within the next eight tokens, no comma or quotation mark before it
    for j in k..(k + 9).min(end) {
        let t = doc.token_text(j);
        if t == "," || doc.tokens[j].kind == TokenKind::Quote {
            break;
        }
        if t.eq_ignore_ascii_case("that") {
            return doc.tokens.get(j + 1).map_or(s.end, |t| t.span.start);
        }
    }
    if k < end && matches!(doc.token_text(k), "," | ":") {
        return doc.tokens.get(k + 1).map_or(s.end, |t| t.span.start);
    }
    doc.tokens.get(k).map_or(s.end, |t| t.span.start).min(s.end)
}

/// The start of the clause holding `pos`: after the last "that" or clause-opening comma before
/// it in the sentence, else the sentence start.
fn clause_start(doc: &Document, s: Span, pos: usize) -> usize {
    let first = doc.token_at_or_after(s.start);
    let k = doc.token_at_or_after(pos);
    for j in (first..k).rev() {
        if doc.token_text(j).eq_ignore_ascii_case("that") {
            return doc.tokens[j + 1].span.start;
        }
    }
    s.start
}

/// Where the attribution after a quote starts: the comma before the speaker and cue.
fn attribution_start(doc: &Document, q: &Quote, cue: Span, s: Span) -> usize {
    let gap = &doc.text[q.content.end..cue.start];
    match gap.rfind(',') {
        Some(i) => trim_end(doc, span(s.start, q.content.end + i)),
        None => q.content.end,
    }
}

/// The end of the text before the comma that precedes `pos`.
fn before_comma(doc: &Document, pos: usize) -> usize {
    let t = doc.text[..pos].trim_end();
    t.strip_suffix(',').map_or(t.len(), str::len)
}

/// Join the pieces of one quotation: the second half of a quote interrupted by its attribution
/// (“...,” she said, “...”, or “...,” she said. “...”), and quotes that follow each other with
/// nothing between them, into one quote with `parts`. Mixed quotes extended to the same clause
/// become one.
fn join_pieces(doc: &Document, quotes: Vec<Quote>, own: &[bool]) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::new();
    let mut out_own: Vec<bool> = Vec::new();
    for (q, &q_own) in quotes.into_iter().zip(own) {
        if let (Some(prev), Some(&prev_own)) = (out.last_mut(), out_own.last()) {
            if prev.content.contains(q.content) {
                continue; // two mixed quotes of one reported clause
            }
            if let Some(parts) = joined(doc, prev, prev_own, &q, q_own) {
                if !prev_own && q_own {
                    prev.cue = q.cue;
                    prev.speaker_span = q.speaker_span;
                    prev.speaker = q.speaker;
                    prev.reported_by = q.reported_by;
                    prev.confidence = q.confidence;
                    *out_own.last_mut().expect("non-empty") = true;
                }
                prev.content = prev.content.cover(q.content);
                prev.evidence = prev.evidence.cover(q.evidence);
                prev.parts = parts;
                continue;
            }
        }
        out.push(q);
        out_own.push(q_own);
    }
    out
}

/// The parts of `a` and `b` as one quotation, when they are one.
fn joined(doc: &Document, a: &Quote, a_own: bool, b: &Quote, b_own: bool) -> Option<Vec<Span>> {
    if a.kind != QuoteKind::Direct || b.kind != QuoteKind::Direct {
        return None;
    }
    let gap = span(a.content.end, b.content.start);
    if doc
        .tokens
        .iter()
        .any(|t| t.para_start && gap.contains(t.span))
    {
        return None;
    }
    let words_in = |within: Option<Span>| {
        let k0 = doc.token_at_or_after(gap.start);
        doc.tokens[k0..]
            .iter()
            .take_while(|t| t.span.end <= gap.end)
            .filter(|t| t.kind == TokenKind::Word && !within.is_some_and(|w| w.contains(t.span)))
            .count()
    };
    let one = match (a_own, b_own) {
        // “A.” “B,” she said.
        (false, true) => words_in(None) == 0,
        // “A,” she said, “B.” / “A,” she said. “B.” / She said: “A.” “B.”
        (true, false) => {
            b.speaker_span == a.speaker_span && {
                let attribution = a
                    .cue
                    .filter(|c| gap.contains(*c))
                    .and_then(|c| doc.sentence_at(c.start))
                    .map(|i| doc.sentences[i].span);
                words_in(attribution) == 0
            }
        }
        // “A,” he said, “B.”: the second half found the same cue before it
        (true, true) => a.cue == b.cue && a.speaker_span == b.speaker_span,
        _ => false,
    };
    one.then(|| {
        let mut parts = a.parts().to_vec();
        parts.extend_from_slice(b.parts());
        parts
    })
}

/// A span from `start` to `end`, empty when `end` comes first: the patterns below compute
/// ends from clause boundaries, which may fall before the start on odd text; a stage never
/// panics.
fn span(start: usize, end: usize) -> Span {
    Span::new(start, end.max(start))
}

fn next_token_start(doc: &Document, pos: usize) -> usize {
    let k = doc.token_at_or_after(pos);
    doc.tokens.get(k).map_or(pos, |t| t.span.start)
}

/// End of the clause that starts at `from`: the next comma, semicolon or period-ending token.
fn clause_end(doc: &Document, from: usize, limit: usize) -> usize {
    let mut end = from;
    for t in &doc.tokens[doc.token_at_or_after(from)..] {
        if t.span.start >= limit {
            break;
        }
        let s = &doc.text[t.span.start..t.span.end];
        if matches!(
            s,
            "," | ";" | "." | "!" | "?" | ":" | "“" | "”" | "\"" | "—" | "("
        ) {
            break;
        }
        end = t.span.end;
    }
    end
}

fn trim_end(doc: &Document, span: Span) -> usize {
    if span.start >= span.end {
        return span.start;
    }
    span.start + doc.text[span.start..span.end].trim_end().len()
}

/// A sentence span without its final punctuation.
fn trim_terminal(doc: &Document, span: Span) -> usize {
    if span.start >= span.end {
        return span.start;
    }
    let t = doc.text[span.start..span.end].trim_end();
    let t = t.trim_end_matches(['.', '!', '?', '”', '"']);
    span.start + t.len()
}

#[cfg(test)]
mod tests {
    use crate::pipeline::testing::{quotes, run};

    /// (speaker span text, quote text, kind) of each quote.
    fn spoken(d: &crate::document::Document) -> Vec<(String, String, &'static str)> {
        d.quotes
            .iter()
            .map(|q| {
                (
                    q.speaker_span
                        .map_or(String::new(), |s| d.slice(s).to_string()),
                    q.text(&d.text).into_owned(),
                    q.kind.local_name(),
                )
            })
            .collect()
    }

    #[test]
    fn interrupted_quote_is_one_quotation_in_two_pieces() {
        for text in [
            "“We will not,” Finance Minister Ada Obi said, “accept these terms.”",
            "“We will not,” said Finance Minister Ada Obi. “We cannot accept these terms.”",
        ] {
            let d = run(text);
            let q = quotes(&d);
            assert_eq!(q.len(), 1, "{q:?}");
            assert_eq!(q[0].0.as_deref(), Some("Ada Obi"), "{q:?}");
            assert_eq!(d.quotes[0].parts.len(), 2, "{q:?}");
            assert!(
                q[0].1.starts_with("We will not, … ") && q[0].1.contains("accept these terms"),
                "{q:?}"
            );
        }
        // a second speaker's quote stays apart
        let d = run("“We will not,” said Finance Minister Ada Obi. “They must,” said Trade Minister Ken Sato.");
        assert_eq!(quotes(&d).len(), 2, "{:?}", quotes(&d));
    }

    #[test]
    fn wire_copy_double_single_marks_are_quotation_marks() {
        let d = run(
            "Headline\n\n''The deal is dead for this year,'' Senator Maria Lopez told reporters.",
        );
        let q = spoken(&d);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].0, "Maria Lopez");
        assert_eq!(q[0].1, "The deal is dead for this year,");
    }

    #[test]
    fn mixed_quote_is_the_reported_clause() {
        let d = run(
            "Mayor Tom Reyes said the new budget was “a betrayal of the city” and would be vetoed.",
        );
        let q = spoken(&d);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].0, "Tom Reyes");
        assert_eq!(
            q[0].1,
            "the new budget was “a betrayal of the city” and would be vetoed"
        );
        assert_eq!(q[0].2, "Mixed");
    }

    #[test]
    fn reported_speech_in_three_orders() {
        let d = run("Headline\n\nThe central bank will raise rates again in March, the IMF said on Tuesday. \
                     Growth, Finance Minister Ada Obi said, would recover by the summer. \
                     Trade Minister Ken Sato told parliament that the tariffs would stay.");
        let q = spoken(&d);
        assert_eq!(q.len(), 3, "{q:?}");
        assert_eq!(q[0].0, "IMF");
        assert_eq!(q[0].1, "The central bank will raise rates again in March");
        assert_eq!(q[1].0, "Ada Obi");
        assert_eq!(q[1].1, "Growth … would recover by the summer");
        assert_eq!(q[2].0, "Ken Sato");
        assert_eq!(q[2].1, "the tariffs would stay");
        assert!(q.iter().all(|x| x.2 == "Indirect"), "{q:?}");
    }

    #[test]
    fn unnamed_and_pronoun_speakers_keep_their_words() {
        let d = run(
            "Headline\n\nSenator Tom Hale left early. He said the vote would fail. \
                     Several economists say the plan will raise prices for farmers.",
        );
        let q = spoken(&d);
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].0, "He");
        assert_eq!(d.entities[d.quotes[0].speaker.unwrap()].name, "Tom Hale");
        assert_eq!(q[1].0, "Several economists");
        assert_eq!(d.quotes[1].speaker, None);
    }

    #[test]
    fn according_to_a_source() {
        let d = run(
            "Headline\n\nAccording to Reuters, the talks collapsed after midnight. \
                     The ceasefire held through the night, according to the United Nations.",
        );
        let q = spoken(&d);
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].0, "Reuters");
        assert_eq!(q[0].1, "the talks collapsed after midnight");
        assert_eq!(q[1].1, "The ceasefire held through the night");
        assert_eq!(
            d.entities[d.quotes[1].speaker.unwrap()].name,
            "United Nations"
        );
    }

    #[test]
    fn odd_clause_boundaries_never_panic() {
        for text in [
            "Headline\n\nThe firm closed the book on Friday, saying \"insider information\" could have helped.",
            "Headline\n\nIt said, \"\" and, said \"",
            "Headline\n\n, said , according to , \u{201c}\u{201d} ― \n\n:",
        ] {
            let _ = run(text);
        }
    }

    #[test]
    fn not_speech() {
        // a cue inside a name, a negated verb, a noun that looks like a verb
        let d = run(
            "Headline\n\nThe United States will send more troops to the border region. \
                     Senator Tom Hale did not say whether the vote would pass. \
                     Several battleground states could decide a close election this year.",
        );
        assert!(d.quotes.is_empty(), "{:?}", spoken(&d));
    }

    #[test]
    fn signatures_and_block_quotes() {
        let d = run("Headline\n\n“He is not fit to lead this country.” ― Maria Lopez\n\nThe senator told the crowd:\n\n“We will win this fight in the courts and in the streets.”");
        let q = spoken(&d);
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].0, "Maria Lopez");
        assert_eq!(q[1].0, "The senator");
    }

    #[test]
    fn quote_across_paragraphs_and_pronoun_speaker() {
        let d = run("Senator Tom Hale spoke last.\n\n“Every month we lose is a month of diesel generators.\n\n“Nobody wants that outcome for the country,” he said.");
        let q = quotes(&d);
        assert_eq!(q.len(), 1, "one quotation across two paragraphs: {q:?}");
        assert_eq!(q[0].0.as_deref(), Some("Tom Hale"));
        assert!(
            q[0].1.contains("diesel generators") && q[0].1.contains("Nobody wants"),
            "{q:?}"
        );
    }

    #[test]
    fn relaying_outlet_is_not_the_speaker() {
        let d = run("According to Reuters, Trade Minister Ken Sato told reporters, “the talks are over for now.”");
        let q = &d.quotes[0];
        assert_eq!(d.entities[q.speaker.unwrap()].name, "Ken Sato");
        assert_eq!(d.entities[q.reported_by.unwrap()].name, "Reuters");
    }
}

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
        "“" | "„" | "«" => true,
        "\"" => {
            let start = doc.tokens[k].span.start;
            let before = doc.text[..start].chars().next_back();
            let after = doc.text[doc.tokens[k].span.end..].chars().next();
            before.is_none_or(|c| c.is_whitespace() || "([{—–-".contains(c))
                && after.is_some_and(|c| !c.is_whitespace())
        }
        _ => false,
    }
}

fn is_close(doc: &Document, k: usize) -> bool {
    matches!(doc.token_text(k), "”" | "»" | "\"") && !is_open(doc, k)
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
    out
}

impl Stage for Quotes {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn run(&self, doc: &mut Document) {
        let body = Span::new(doc.body_start, doc.text.len());
        let cues: Vec<Span> = self
            .res
            .speech_matcher
            .find(&doc.text, &doc.tokens, body)
            .into_iter()
            .map(|m| m.span)
            .collect();
        let marks = find_marks(doc);
        let quoted: Vec<Span> = marks
            .iter()
            .map(|m| {
                Span::new(
                    doc.tokens[m.open].span.start,
                    doc.tokens[m.close.unwrap_or(m.last)].span.end,
                )
            })
            .collect();
        let mut quotes: Vec<Quote> = Vec::new();
        for mk in &marks {
            let content = Span::new(
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
            let before_open = mk.open.checked_sub(1).map(|k| doc.token_text(k));
            let mixed = short
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
                let gap = Span::new(prev.content.end, content.start);
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
                    gap.contains(m.span)
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
        }
        self.indirect(doc, &cues, &marks, &mut quotes);
        quotes.sort_by_key(|q| q.content.start);
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
    ) -> Option<(Span, usize)> {
        cues.iter()
            .filter(|c| {
                sentence.contains(**c)
                    && !exclude.overlaps(**c)
                    && doc.slice(**c).eq_ignore_ascii_case("according to")
            })
            .find_map(|c| {
                doc.mentions
                    .iter()
                    .find(|m| {
                        m.span.start >= c.end
                            && m.span.start <= c.end + 40
                            && m.span.end <= sentence.end
                    })
                    .and_then(|m| {
                        m.entity
                            .filter(|&e| doc.entities[e].etype.is_actor())
                            .map(|e| (*c, e))
                    })
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
        // the first cue within eight tokens, inside the sentence
        let limit = doc
            .tokens
            .get(k + 8)
            .map_or(doc.text.len(), |t| t.span.end)
            .min(sentence.end);
        let cue = *cues.iter().find(|c| c.start >= from && c.end <= limit)?;
        let is_according = doc.slice(cue).eq_ignore_ascii_case("according to");
        let quote_span = Span::new(doc.tokens[mk.open].span.start, doc.tokens[close].span.end);
        let (speaker_span, speaker) = if cue.start == from {
            // "said Segal", "said Long Zhou, a coordinator ...": the phrase up to the clause end
            let clause_end = clause_end(doc, cue.end, sentence.end);
            let phrase_start = next_token_start(doc, cue.end);
            if phrase_start >= clause_end {
                return None;
            }
            let phrase = Span::new(phrase_start, clause_end);
            self.resolve_phrase(doc, phrase)
        } else {
            // "Segal said", "she said", "the company said", "Ms. Okafor said"
            let phrase = Span::new(from, cue.start);
            if doc.slice(phrase).contains([',', '.', '“', '”', '"'])
                && !doc.mentions.iter().any(|m| phrase.contains(m.span))
            {
                return None;
            }
            match self.resolve_phrase(doc, Span::new(from, trim_end(doc, phrase))) {
                (Some(sp), Some(e)) => (Some(sp), Some(e)),
                (Some(sp), None)
                    if pronoun(doc.slice(sp).trim()).is_some()
                        || doc.slice(sp).to_lowercase().starts_with("the ") =>
                {
                    (Some(sp), None)
                }
                _ => return None,
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
            if let Some((c, outlet)) = self.according_to(doc, sentence, cues, quote_span) {
                if Some(outlet) != a.speaker {
                    a.reported_by = Some(outlet);
                    let _ = c;
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
        let sentence = self.sentence_of(doc, mk.open);
        let open_start = doc.tokens[mk.open].span.start;
        let cue = *cues.iter().rev().find(|c| {
            c.end <= open_start
                && c.start >= sentence.start
                && !doc.slice(**c).eq_ignore_ascii_case("according to")
                && !doc.text[c.end..open_start].contains(['“', '”', '"'])
        })?;
        let gap = doc.text[cue.end..open_start].trim();
        let adjacent =
            matches!(gap, "" | "," | ":" | "that") || gap == "reporters," || gap == "journalists,";
        let quote_span = Span::new(open_start, doc.tokens[mk.last].span.end);
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
        let (speaker_span, speaker) = match after_cue
            .iter()
            .find(|m| m.etype.is_person())
            .or(after_cue.first())
        {
            Some(m) => (m.span, m.entity),
            None => self.speaker_before(doc, cue, sentence, quoted)?,
        };
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
        if let Some((_, outlet)) = self.according_to(doc, sentence, cues, quote_span) {
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
                let phrase = Span::new(doc.tokens[k - 2].span.start, prev.end);
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

    /// Reported speech without quotation marks: "Zhou said China is ...", "China, Zhou said, is ...".
    fn indirect(&self, doc: &Document, cues: &[Span], marks: &[Marks], quotes: &mut Vec<Quote>) {
        for s in &doc.sentences {
            if s.headline
                || marks
                    .iter()
                    .any(|m| s.span.contains(doc.tokens[m.open].span))
            {
                continue;
            }
            for cue in cues.iter().filter(|c| s.span.contains(**c)) {
                let ctext = doc.slice(*cue).to_lowercase();
                if !matches!(
                    ctext.as_str(),
                    "said"
                        | "says"
                        | "told reporters"
                        | "told journalists"
                        | "added"
                        | "warned"
                        | "argued"
                        | "stated"
                        | "insisted"
                        | "claimed"
                        | "noted"
                ) {
                    continue;
                }
                // the speaker: a mention (or pronoun) ending right before the cue
                let speaker_mention = doc.mentions.iter().rfind(|m| {
                    m.span.start >= s.span.start
                        && m.span.end <= cue.start
                        && doc.text[m.span.end..cue.start].trim().is_empty()
                        && m.entity.is_some()
                });
                let Some(sm) = speaker_mention else { continue };
                let Some(e) = sm.entity else { continue };
                if !doc.entities[e].etype.is_actor() {
                    continue;
                }
                let before = doc.text[s.span.start..sm.span.start].trim_end();
                let after_cue = doc.text[cue.end..s.span.end].trim_start();
                let content = if before.ends_with(',') && after_cue.starts_with(',') {
                    // "China, Zhou said, is looking to ...": the sentence around the parenthetical
                    Span::new(s.span.start, trim_terminal(doc, s.span))
                } else if before.is_empty()
                    || before.ends_with(',')
                    || title_words_only(before.rsplit(',').next().unwrap_or(""))
                {
                    let mut from = next_token_start(doc, cue.end);
                    if from >= s.span.end {
                        continue;
                    }
                    let rest = &doc.text[from..s.span.end];
                    let first = rest.split_whitespace().next().unwrap_or("");
                    if matches!(
                        first,
                        "on" | "in"
                            | "at"
                            | "during"
                            | "late"
                            | "early"
                            | "last"
                            | "this"
                            | "earlier"
                            | "later"
                    ) {
                        // "said on Tuesday that ...": the content starts after "that", or there is none
                        match rest.split_whitespace().take(7).position(|w| w == "that") {
                            Some(_) => from += rest.find(" that ").map_or(0, |i| i + 6),
                            None => continue,
                        }
                    } else if rest.starts_with("that ") {
                        from += 5;
                    }
                    Span::new(from, trim_terminal(doc, Span::new(from, s.span.end)))
                } else {
                    continue;
                };
                let words = doc.text[content.start..content.end]
                    .split_whitespace()
                    .count();
                if words < 4 {
                    continue;
                }
                let reported_by = self
                    .according_to(doc, s.span, cues, content)
                    .map(|(_, o)| o)
                    .filter(|&o| o != e);
                quotes.push(Quote {
                    content,
                    parts: Vec::new(),
                    kind: QuoteKind::Indirect,
                    speaker_span: Some(sm.span),
                    speaker: Some(e),
                    cue: Some(*cue),
                    reported_by,
                    evidence: s.span,
                    confidence: 0.7,
                });
                break;
            }
        }
    }
}

/// "Vice Commerce Minister", "State Department spokesperson": capitalised words or a short title
/// before a name, nothing that could be a clause of its own.
fn title_words_only(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 5
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || w.chars().all(|c| c.is_lowercase() || c == '-') && words.len() <= 3
        })
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
    span.start + doc.text[span.start..span.end].trim_end().len()
}

/// A sentence span without its final punctuation.
fn trim_terminal(doc: &Document, span: Span) -> usize {
    let t = doc.text[span.start..span.end].trim_end();
    let t = t.trim_end_matches(['.', '!', '?', '”', '"']);
    span.start + t.len()
}

#[cfg(test)]
mod tests {
    use crate::pipeline::testing::{quotes, run};

    #[test]
    fn interrupted_quote_keeps_its_speaker_for_both_halves() {
        let d = run("“We will not,” Finance Minister Ada Obi said, “accept these terms.”");
        let q = quotes(&d);
        assert_eq!(q.len(), 2, "{q:?}");
        assert!(
            q.iter().all(|(s, _)| s.as_deref() == Some("Ada Obi")),
            "{q:?}"
        );
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

//! Quotation-mark spans: pairing opening and closing marks (straight, typographic, doubled
//! wire-copy and single marks), quotes continued across paragraphs, and joining the pieces of
//! one quotation (interrupted by its attribution, or adjacent) into one quote with parts.

use super::span;
use crate::document::{Document, Quote, QuoteKind, Span, TokenKind};

/// A quoted stretch: token indices of the opening and closing marks (closing may be absent).
#[derive(Clone, Copy, Debug)]
pub(super) struct Marks {
    pub(super) open: usize,
    pub(super) close: Option<usize>,
    /// last token inside the quote
    pub(super) last: usize,
}

fn is_open(doc: &Document, k: usize) -> bool {
    let s = doc.token_text(k);
    match s {
        // an opening mark misused as a closing one ("“It's unusual,“ said Noble"): after a
        // word or punctuation and before a space
        "“" | "„" => {
            let start = doc.tokens[k].span.start;
            let before = doc.text[..start].chars().next_back();
            let after = doc.text[doc.tokens[k].span.end..].chars().next();
            let closing = before.is_some_and(|c| !c.is_whitespace() && !"([{—–-".contains(c))
                && after.is_none_or(char::is_whitespace);
            !closing
        }
        "«" | "``" => true,
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
    matches!(doc.token_text(k), "”" | "»" | "\"" | "''" | "“" | "„") && !is_open(doc, k)
}

/// The closing mark of a quote ending in a nested one, as wire copy writes it with doubled
/// apostrophes: in `''... 'Fox and Friends,'''` the first two apostrophes close the inner
/// quote with one of them, so the outer quote closes at the apostrophe right after.
fn closing_mark(doc: &Document, k: usize) -> usize {
    let adjacent = k + 1 < doc.tokens.len()
        && doc.token_text(k) == "''"
        && matches!(doc.token_text(k + 1), "'" | "’")
        && doc.tokens[k + 1].span.start == doc.tokens[k].span.end;
    if adjacent {
        k + 1
    } else {
        k
    }
}

/// Pair quotation marks; a quote left open at a paragraph's end continues when the next
/// paragraph opens with a quotation mark.
pub(super) fn find_marks(doc: &Document) -> Vec<Marks> {
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
            // with no quote open, a typographic opening mark opens one whatever its spacing
            // ("said:“ We will fight.”")
            None if is_open(doc, k) || matches!(doc.token_text(k), "“" | "„") => open = Some(k),
            Some(o) if is_close(doc, k) => {
                if k > o + 1 {
                    out.push(Marks {
                        open: o,
                        close: Some(closing_mark(doc, k)),
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

/// Join the pieces of one quotation: the second half of a quote interrupted by its attribution
/// (“...,” she said, “...”, or “...,” she said. “...”), and quotes that follow each other with
/// nothing between them, into one quote with `parts`. Mixed quotes extended to the same clause
/// become one.
pub(super) fn join_pieces(doc: &Document, quotes: Vec<Quote>, own: &[bool]) -> Vec<Quote> {
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
    // the tokens of the gap only (a scan of every token made a quote-heavy article quadratic)
    if doc.tokens[doc.token_at_or_after(gap.start)..]
        .iter()
        .take_while(|t| t.span.start < gap.end)
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

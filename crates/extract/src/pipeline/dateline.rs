//! Stage 1b: the wire-copy dateline. Requires tokens and sentences; sets
//! `Document::meta.dateline` and makes the dateline a sentence of its own (so that no quote,
//! role or relation reads across it).
//!
//! A dateline opens the body (its first line, or the line after the headline) in one of these
//! shapes:
//!
//! - `PLACE[, REGION] DATE` alone on its line: "LONDON 1996-08-30", "AL-AIN, United Arab
//!   Emirates 1996-12-06" (the place in capitals);
//! - `PLACE[, REGION][,] [DATE] (AGENCY)` then a dash or the end of the line: "WASHINGTON
//!   (Reuters) -", "BRUSSELS, March 3 (Reuters) -", "PERUGIA, Italy (AP)" (the place in
//!   capitals or Title Case);
//! - `PLACE[, REGION] DATE` or `PLACE, REGION` then a dash and text ("SPRINGFIELD, Ill. —");
//! - `PLACE —` and text, when the gazetteer knows PLACE as a place ("NEW DELHI —").
//!
//! PLACE is one to four words; DATE is ISO ("1996-08-30") or a month name with a day and an
//! optional year ("March 3", "Aug. 30, 2020"); a dash is `-`, `--`, `–` or `—`. The place and the
//! region become mentions in `recognize`; the agency stays in the metadata.

use std::sync::Arc;

use super::Stage;
use crate::document::{Dateline, Document, Sentence, Span};
use crate::resources::Resources;

/// The dateline stage.
pub struct Datelines {
    res: Arc<Resources>,
}

impl Datelines {
    pub fn new(res: Arc<Resources>) -> Self {
        Datelines { res }
    }

    fn known_place(&self, name: &str) -> bool {
        let gaz = &self.res.gazetteer;
        gaz.lookup(name)
            .is_some_and(|g| gaz.entries[g].etype.is_place())
    }
}

impl Stage for Datelines {
    fn name(&self) -> &'static str {
        "dateline"
    }
    fn run(&self, doc: &mut Document) {
        doc.meta.dateline = None;
        let Some(d) = find(&doc.text, doc.body_start, doc.meta.title.as_deref(), |p| {
            self.known_place(p)
        }) else {
            return;
        };
        split_after(doc, d.span.end);
        doc.meta.dateline = Some(d);
    }
}

/// End the sentence holding byte offset `end` there (when a token ends exactly there and more
/// tokens follow in the same sentence).
fn split_after(doc: &mut Document, end: usize) {
    let k = doc.tokens.partition_point(|t| t.span.end <= end);
    if k == 0 || doc.tokens[k - 1].span.end != end {
        return;
    }
    let last = k - 1;
    let Some(si) = doc.sentences.iter().position(|s| s.tokens.contains(&last)) else {
        return;
    };
    let s = doc.sentences[si].clone();
    if last + 1 >= s.tokens.end {
        return;
    }
    let first = Sentence {
        span: Span::new(s.span.start, doc.tokens[last].span.end),
        tokens: s.tokens.start..last + 1,
        headline: s.headline,
        words: 0..0,
    };
    let rest = Sentence {
        span: Span::new(doc.tokens[last + 1].span.start, s.span.end),
        tokens: last + 1..s.tokens.end,
        headline: false,
        words: 0..0,
    };
    doc.sentences.splice(si..=si, [first, rest]);
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

fn is_month(w: &str) -> bool {
    MONTHS.contains(&w.trim_end_matches('.').to_lowercase().as_str())
}

fn is_dash(w: &str) -> bool {
    matches!(w, "-" | "--" | "–" | "—" | "―")
}

/// A word of a place name: letters with `.`, `-`, `'` inside, starting with a capital.
fn place_word(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().any(char::is_alphabetic)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
        && !is_dash(w)
}

fn all_caps(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
}

/// An ISO date, "March 3", "Aug. 30, 2020" at the start of `rest` (words with their offsets);
/// returns how many words it takes.
fn date_words(words: &[(usize, &str)]) -> usize {
    let Some(&(_, w)) = words.first() else {
        return 0;
    };
    let iso = w.len() == 10
        && w.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if iso {
        return 1;
    }
    if !is_month(w) {
        return 0;
    }
    let day = |s: &str| {
        let s = s.trim_end_matches(',');
        !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit())
    };
    let year = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit());
    match words.get(1) {
        Some(&(_, d)) if day(d) => match words.get(2) {
            Some(&(_, y)) if d.ends_with(',') && year(y) => 3,
            _ => 2,
        },
        _ => 0,
    }
}

/// The dateline of an article body starting at `from`: its first non-empty line, or the next
/// one when the first is the headline (`title`). `known_place` says whether a name is a place
/// the gazetteer knows.
pub fn find(
    text: &str,
    from: usize,
    title: Option<&str>,
    known_place: impl Fn(&str) -> bool,
) -> Option<Dateline> {
    let mut lines = Vec::new();
    let mut pos = from.min(text.len());
    for line in text[pos..].split_inclusive('\n') {
        if !line.trim().is_empty() {
            lines.push((pos, line.trim_end_matches(['\n', '\r'])));
            if lines.len() == 2 {
                break;
            }
        }
        pos += line.len();
    }
    let (start, first) = *lines.first()?;
    if title.is_some_and(|t| t.trim() == first.trim()) {
        let &(start, second) = lines.get(1)?;
        parse_line(second, start, &known_place)
    } else {
        parse_line(first, start, &known_place)
    }
}

/// A dateline at the start of `line` (which starts at byte `base` of the text).
fn parse_line(line: &str, base: usize, known_place: &impl Fn(&str) -> bool) -> Option<Dateline> {
    // words with byte offsets; "," and brackets are words of their own
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut i = 0;
    while i < line.len() && words.len() < 24 {
        let c = line[i..].chars().next()?;
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if matches!(c, ',' | '(' | ')') {
            words.push((i, &line[i..i + 1]));
            i += 1;
            continue;
        }
        let mut j = i;
        while j < line.len() {
            let d = line[j..].chars().next()?;
            if d.is_whitespace() || matches!(d, ',' | '(' | ')') {
                break;
            }
            j += d.len_utf8();
        }
        words.push((i, &line[i..j]));
        i = j;
    }
    let span_of = |a: usize, z: usize| {
        Span::new(
            base + words[a].0,
            base + words[z - 1].0 + words[z - 1].1.len(),
        )
    };
    // PLACE
    let mut k = 0;
    while k < words.len() && k < 4 && place_word(words[k].1) && !is_month(words[k].1) {
        k += 1;
    }
    if k == 0 {
        return None;
    }
    let place = span_of(0, k);
    let place_len = k;
    let place_caps = words[..k].iter().all(|(_, w)| all_caps(w));
    // , REGION
    let mut region = None;
    if words.get(k).is_some_and(|w| w.1 == ",") {
        let r0 = k + 1;
        let mut r = r0;
        while r < words.len() && r - r0 < 4 && place_word(words[r].1) && !is_month(words[r].1) {
            r += 1;
        }
        if r > r0 {
            region = Some(span_of(r0, r));
            k = r;
        }
    }
    // [,] DATE
    let mut date = None;
    let mut d0 = k;
    if words.get(d0).is_some_and(|w| w.1 == ",") {
        d0 += 1;
    }
    let n = date_words(&words[d0.min(words.len())..]);
    if n > 0 {
        date = Some(text_of(line, &words, d0, d0 + n));
        k = d0 + n;
    }
    // (AGENCY)
    let mut agency = None;
    if words.get(k).is_some_and(|w| w.1 == "(") {
        let a0 = k + 1;
        let close = (a0..words.len().min(a0 + 5)).find(|&j| words[j].1 == ")");
        if let Some(c) = close.filter(|&c| c > a0) {
            let ok = words[a0..c].iter().all(|(_, w)| {
                w.chars()
                    .all(|ch| ch.is_alphabetic() || matches!(ch, '.' | '&' | '-'))
            }) && words[a0].1.chars().next().is_some_and(char::is_alphabetic);
            if ok {
                agency = Some(text_of(line, &words, a0, c));
                k = c + 1;
            }
        }
    }
    // a dash and text, or the end of the line
    let dash = words.get(k).is_some_and(|w| is_dash(w.1));
    let end_of_line = k == words.len();
    let text_follows = dash && words.len() > k + 1;
    let accept = if agency.is_some() {
        (place_caps || place_len <= 3) && (dash || end_of_line)
    } else if date.is_some() {
        place_caps && (end_of_line || dash)
    } else {
        place_caps
            && text_follows
            && (region.is_some() || known_place(&text_of(line, &words, 0, place_len)))
    };
    if !accept {
        return None;
    }
    let end = if dash { k + 1 } else { k };
    Some(Dateline {
        span: span_of(0, end),
        place,
        region,
        date,
        agency,
    })
}

/// The line's text from word `a` to the end of word `z - 1`.
fn text_of(line: &str, words: &[(usize, &str)], a: usize, z: usize) -> String {
    line[words[a].0..words[z - 1].0 + words[z - 1].1.len()].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (place, region, date, agency, whole dateline) as written.
    type Parsed = (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
    );

    fn parse(line: &str) -> Option<Parsed> {
        let known = |p: &str| matches!(p.to_lowercase().as_str(), "new delhi" | "london");
        parse_line(line, 0, &known).map(|d| {
            (
                line[d.place.start..d.place.end].to_string(),
                d.region.map(|r| line[r.start..r.end].to_string()),
                d.date,
                d.agency,
                line[d.span.start..d.span.end].to_string(),
            )
        })
    }

    #[test]
    fn wire_datelines() {
        let p = parse("LONDON 1996-08-30").unwrap();
        assert_eq!(
            (p.0.as_str(), p.2.as_deref()),
            ("LONDON", Some("1996-08-30"))
        );
        let p = parse("WASHINGTON (Reuters) - The Senate voted on Friday.").unwrap();
        assert_eq!(p.0, "WASHINGTON");
        assert_eq!(p.3.as_deref(), Some("Reuters"));
        assert_eq!(p.4, "WASHINGTON (Reuters) -");
        let p = parse("NEW DELHI — India said on Monday it would act.").unwrap();
        assert_eq!((p.0.as_str(), p.4.as_str()), ("NEW DELHI", "NEW DELHI —"));
        let p = parse("BRUSSELS, March 3 (Reuters) - EU ministers met.").unwrap();
        assert_eq!(
            (p.0.as_str(), p.1, p.2.as_deref(), p.3.as_deref()),
            ("BRUSSELS", None, Some("March 3"), Some("Reuters"))
        );
        let p = parse("AL-AIN, United Arab Emirates 1996-12-06").unwrap();
        assert_eq!(
            (p.0.as_str(), p.1.as_deref()),
            ("AL-AIN", Some("United Arab Emirates"))
        );
        let p = parse("PERUGIA, Italy (AP)").unwrap();
        assert_eq!((p.0.as_str(), p.1.as_deref()), ("PERUGIA", Some("Italy")));
        let p = parse("Washington (Reuters) - Lawmakers met.").unwrap();
        assert_eq!(p.0, "Washington");
    }

    #[test]
    fn not_datelines() {
        for line in [
            "BREAKING — markets fall",
            "UPDATE - shares rise",
            "SOCCER - JAPAN GET LUCKY WIN, CHINA IN SURPRISE DEFEAT.",
            "London is a big city.",
            "LONDON",
            "The Senate (Reuters) said",
            "Leeds 2 Chelsea 1",
            "NEW DELHI",
        ] {
            assert_eq!(parse(line), None, "{line}");
        }
    }

    #[test]
    fn second_line_after_the_headline_only() {
        let text = "Japan wins\nTOKYO 1996-08-30\nJapan won.";
        let d = find(text, 0, Some("Japan wins"), |_| false).unwrap();
        assert_eq!(&text[d.place.start..d.place.end], "TOKYO");
        let text = "Japan won today.\nTOKYO 1996-08-30\n";
        assert!(find(text, 0, Some("Another title"), |_| false).is_none());
        // a headline is never a dateline, even when it opens with a country
        let text = "RUSSIA - YELTSIN RETURNS\nMoscow is calm.";
        assert!(find(text, 0, Some("RUSSIA - YELTSIN RETURNS"), |_| true).is_none());
    }
}

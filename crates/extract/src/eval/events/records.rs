//! The record-by-record reader of PETRARCH validation files: comments blanked, `<Sentence>`
//! records found, their attributes, `<EventCoding>` tags and `<Text>` read (see the parent
//! module documentation for the rules).

use super::{ExpectedEvent, Record};
use crate::error::{Error, Result};

/// Byte offset -> 1-based line number.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Self {
        Lines(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }
    fn at(&self, pos: usize) -> usize {
        self.0.partition_point(|&s| s <= pos)
    }
}

/// The text with every `<!-- ... -->` comment blanked out (line breaks kept, so byte offsets
/// and line numbers stay those of the file).
fn blank_comments(text: &str, file: &str, lines: &Lines) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    while let Some(open) = text[rest..].find("<!--").map(|i| rest + i) {
        out.push_str(&text[rest..open]);
        let Some(close) = text[open + 4..].find("-->").map(|i| open + 4 + i + 3) else {
            return Err(Error::Data {
                file: file.to_string(),
                line: lines.at(open),
                message: "comment `<!--` never closed by `-->`".into(),
            });
        };
        out.extend(
            text[open..close]
                .bytes()
                .map(|b| if b == b'\n' { '\n' } else { ' ' }),
        );
        rest = close;
    }
    out.push_str(&text[rest..]);
    Ok(out)
}

/// Offset of the next `<name` tag at or after `from` (the name whole: `<Sentence` is not
/// `<Sentences`).
fn find_tag(text: &str, name: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = text[at..].find(name).map(|i| at + i) {
        match text[i + name.len()..].chars().next() {
            Some(c) if c.is_whitespace() || c == '>' || c == '/' => return Some(i),
            None => return None,
            _ => at = i + name.len(),
        }
    }
    None
}

/// `key="value" key = 'value'` -> pairs (keys lowercased). `None` when the text is not that.
fn attributes(s: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let eq = rest.find('=')?;
        let key = rest[..eq].trim();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            return None;
        }
        let value = rest[eq + 1..].trim_start();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let end = value[1..].find(quote)? + 1;
        out.push((key.to_ascii_lowercase(), decode_entities(&value[1..end])));
        rest = value[end + 1..].trim_start();
    }
    Some(out)
}

/// XML character references: the five named ones and numeric ones; anything else is kept.
pub(super) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = rest.find(';').filter(|&j| j <= 10).and_then(|j| {
            let name = &rest[1..j];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => match name.strip_prefix('#') {
                    Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16)
                        .ok()
                        .and_then(char::from_u32),
                    Some(dec) => dec.parse().ok().and_then(char::from_u32),
                    None => None,
                },
            };
            c.map(|c| (c, j + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A `YYYYMMDD` date as a number, when it is one.
fn yyyymmdd(s: &str) -> Option<u32> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: u32 = s.parse().ok()?;
    let (year, month, day) = (d / 10000, d / 100 % 100, d % 100);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some(d)
}

/// A date as PETRARCH reads it: `YYMMDD` (years up to 30 are 20YY) or `YYYYMMDD`.
pub(super) fn yymmdd_or_yyyymmdd(s: &str) -> Option<u32> {
    let s = s.trim();
    match s.len() {
        6 if s.bytes().all(|b| b.is_ascii_digit()) => {
            let yy: u32 = s[..2].parse().ok()?;
            let century = if yy <= 30 { 20 } else { 19 };
            yyyymmdd(&format!("{century}{s}"))
        }
        _ => yyyymmdd(s),
    }
}

/// Read the validation records of a PETRARCH file. The outer error is fatal (a comment never
/// closed, no record at all); each record is parsed or is an error naming its line, so one
/// malformed record costs that record only.
pub fn parse_records(text: &str, file: &str) -> Result<Vec<Result<Record>>> {
    let lines = Lines::new(text);
    let masked = blank_comments(text, file, &lines)?;
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(start) = find_tag(&masked, "<Sentence", pos) {
        let next = find_tag(&masked, "<Sentence", start + 1);
        let end = masked[start..]
            .find("</Sentence>")
            .map(|i| start + i)
            .filter(|&c| next.is_none_or(|n| c < n));
        let line = lines.at(start);
        out.push(match end {
            Some(end) => {
                parse_record(&masked, start, end, &lines).map_err(|(at, message)| Error::Data {
                    file: file.to_string(),
                    line: lines.at(at),
                    message,
                })
            }
            None => Err(Error::Data {
                file: file.to_string(),
                line,
                message: format!(
                    "record without `</Sentence>` before {}",
                    if next.is_some() {
                        "the next `<Sentence`"
                    } else {
                        "the end of the file"
                    }
                ),
            }),
        });
        pos = match (end, next) {
            (Some(end), _) => end + "</Sentence>".len(),
            (None, Some(n)) => n,
            (None, None) => masked.len(),
        };
    }
    if out.is_empty() {
        return Err(Error::Data {
            file: file.to_string(),
            line: 1,
            message: "no `<Sentence ...>` record".into(),
        });
    }
    Ok(out)
}

/// One record between `start` (its `<Sentence`) and `end` (its `</Sentence>`). Errors carry the
/// byte offset they are about.
fn parse_record(
    text: &str,
    start: usize,
    end: usize,
    lines: &Lines,
) -> std::result::Result<Record, (usize, String)> {
    let tag_end = text[start..end]
        .find('>')
        .map(|i| start + i)
        .ok_or((start, "`<Sentence` tag without `>`".to_string()))?;
    let attrs_text = text[start + "<Sentence".len()..tag_end].trim_end_matches('/');
    let attrs = attributes(attrs_text).ok_or((
        start,
        format!(
            "cannot read the attributes of `<Sentence{}>` (expected key=\"value\" pairs)",
            attrs_text.trim_end()
        ),
    ))?;
    let attr = |k: &str| attrs.iter().find(|(key, _)| key == k).map(|(_, v)| v);
    let id = attr("id")
        .filter(|v| !v.trim().is_empty())
        .ok_or((start, "record without an `id` attribute".to_string()))?
        .trim()
        .to_string();
    let date = match attr("date") {
        None => None,
        Some(d) => Some(yymmdd_or_yyyymmdd(d).ok_or((
            start,
            format!("record {id}: date {d:?} is neither YYYYMMDD nor YYMMDD"),
        ))?),
    };
    let body = tag_end + 1;
    let mut events = Vec::new();
    let mut at = body;
    while let Some(ec) = find_tag(&text[..end], "<EventCoding", at) {
        let close = text[ec..end]
            .find('>')
            .map(|i| ec + i)
            .ok_or((ec, format!("record {id}: `<EventCoding` without `>`")))?;
        let inner = text[ec + "<EventCoding".len()..close].trim_end_matches('/');
        let a = attributes(inner).ok_or((
            ec,
            format!("record {id}: cannot read the attributes of `<EventCoding{inner}>`"),
        ))?;
        let get = |k: &str| a.iter().find(|(key, _)| key == k).map(|(_, v)| v.trim());
        match (get("sourcecode"), get("targetcode"), get("eventcode")) {
            (Some(s), Some(t), Some(e)) => {
                let root_digits = e.bytes().take(2).filter(u8::is_ascii_digit).count();
                if root_digits < 2 || !e.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    return Err((
                        ec,
                        format!("record {id}: event code {e:?} does not start with a CAMEO root (two digits)"),
                    ));
                }
                events.push(ExpectedEvent {
                    source: s.to_ascii_uppercase(),
                    target: t.to_ascii_uppercase(),
                    code: e.to_string(),
                });
            }
            _ if get("noevents").is_some() || get("error").is_some() => {}
            _ => {
                return Err((
                    ec,
                    format!(
                        "record {id}: `<EventCoding>` needs sourcecode, targetcode and eventcode \
                         (or noevents / error)"
                    ),
                ))
            }
        }
        at = close;
    }
    let open = text[body..end]
        .find("<Text>")
        .map(|i| body + i)
        .ok_or((start, format!("record {id}: no `<Text>`")))?;
    let close = text[open..end]
        .find("</Text>")
        .map(|i| open + i)
        .ok_or((open, format!("record {id}: `<Text>` without `</Text>`")))?;
    let raw = &text[open + "<Text>".len()..close];
    if let Some(i) = raw.find('<') {
        let at = open + "<Text>".len() + i;
        return Err((at, format!("record {id}: a tag inside `<Text>`")));
    }
    let sentence = decode_entities(raw)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Record {
        id,
        date,
        text: sentence,
        events,
        line: lines.at(start),
    })
}

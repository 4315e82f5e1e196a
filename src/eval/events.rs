//! The pipeline's opposes / partnersWith relations scored against CAMEO-coded events: the
//! PETRARCH validation records (`<Sentence>` records with `<EventCoding sourcecode targetcode
//! eventcode>` and `<Text>`) and a PETRARCH actor dictionary.
//!
//! **Records** ([`parse_records`]). Read record by record, because these files are not
//! well-formed XML: `<!-- ... -->` comments are dropped first; a record runs from a `<Sentence
//! ...>` tag (self-closed `<Sentence .../>` too) to the next `</Sentence>`; anything between
//! records is ignored. Attributes take double or single quotes, with spaces around `=`
//! allowed. A record needs an `id`, a `<Text>` (entities such as `&amp;` decoded, whitespace
//! collapsed to single spaces: one sentence, one article) and `<EventCoding>` tags with
//! `sourcecode`, `targetcode` and `eventcode` (starting with the two digits of its CAMEO root;
//! test codes such as `174K` occur), or `noevents` / `error`; a record without events, or
//! without `<EventCoding>` at all, expects none. A `date` is `YYYYMMDD` or `YYMMDD`. `<Parse>`
//! trees are ignored. A malformed record is an error
//! naming its file and line and costs that record only; the next record is read as usual.
//!
//! **Families** ([`family`]): the CAMEO root is the first two digits of the event code; roots
//! 03-08 (cooperation: intend to cooperate, consult, diplomatic and material cooperation, aid,
//! yield) are `partnersWith`, roots 11-20 (disapprove ... mass violence) are `opposes`; other
//! roots (statements, appeals, demands, investigations, and non-CAMEO test codes) are not
//! scored. A record is scored when it expects at least one event of a scored family.
//!
//! **Actor dictionary** ([`ActorDictionary::parse`], the TABARI / PETRARCH format): a primary
//! phrase (`_` or spaces between words, an old stemming `_` at the end dropped) with an optional
//! `[CODE]`; `+PHRASE` lines are synonyms; lines starting with a tab or space hold `[CODE]`
//! (a default code, replacing the primary line's) or a date restriction `[CODE <DATE]`,
//! `[CODE >DATE]`, `[CODE DATE-DATE]` (dates `YYMMDD` or `YYYYMMDD`, two-digit years up to 30
//! being 20YY, limits inclusive). On a record's date the first restriction that applies, in
//! file order, gives the code, else the default, else none. `CODE/CODE` gives several codes
//! at once (a compound actor). `#` and `;` start comments, lines starting with `<!` and
//! `<!-- ... -->` (over several lines too) are comments. Codes are read in upper case.
//! [`ActorDictionary::gazetteer_entries`] turns the actors the gazetteer does not know yet into
//! gazetteer entries, so the pipeline recognises and links them; synonyms of a known entry
//! become its aliases.
//!
//! **Codes of a predicted actor** ([`predictions`]): every code the dictionary gives, on the
//! record's date, to the entity's name, aliases or mention texts; plus, for a Country, its
//! CAMEO country code (ISO 3166-1 alpha-3, `data/eval/cameo_countries.tsv`). Its countries
//! ([`country`]: the first three letters of a code) are those of its codes plus the CAMEO code
//! of the country any of its mentions' gazetteer entries belongs to ("State Department" is
//! USA, "Obama" is USA). Codes without a three-letter prefix (`---`, null codes) are dropped.
//!
//! **Agreement** ([`Level`]), between a predicted relation and a gold event of the same family:
//! `family` alone; `family_source`: the subject agrees with the source; `family_source_target`:
//! subject with source and object with target; `strict`: the same with whole codes. An actor
//! agrees with a gold code when they share the country prefix (`GONGOV` and `GON`, `USAGOV` and
//! `USA`; so international codes agree on `IGO` alone at that level), or, for `strict`, when
//! one of its codes is the gold code. A gold actor written as a quoted name (PETRARCH's actors
//! found outside the dictionary) agrees with a predicted actor when one's normalised name
//! contains the other's, words whole. `partnersWith` is symmetric: subject and object may be
//! swapped. Negated relations never count; intended or threatened ones do.
//!
//! **Counts.** Gold items are the record's scored events, an event repeated (same family,
//! source, target) or, for `partnersWith`, mirrored (the target's matching event: `032` visit /
//! `033` host) counted once. Predictions are the positive relations of the record's article.
//! At each level, gold items and predictions are matched one to one (a maximum bipartite
//! matching): precision = matched / predicted, recall = matched / gold items. Records without a
//! scored event are not in these counts; a positive relation there is a false alarm, counted
//! apart.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::document::{Document, EntityType, Modality, Predicate};
use crate::error::{Error, Result};
use crate::ner::score::Counts;
use crate::resources::{GazEntry, Resources, TitleClass};
use crate::text::normalize_key;

/// One expected event of a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedEvent {
    /// CAMEO actor code (`ARN`, `USAGOV`, `---REB`) or a quoted name (`"THE MINISTRY OF MAGIC"`).
    pub source: String,
    pub target: String,
    /// CAMEO event code (`064`, `1124`).
    pub code: String,
}

/// One validation record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    /// `YYYYMMDD`, when the record has a date (it picks date-restricted actor codes).
    pub date: Option<u32>,
    /// The sentence, whitespace collapsed.
    pub text: String,
    /// Empty when the record expects no event (`noevents`, `error`).
    pub events: Vec<ExpectedEvent>,
    /// 1-based line of the `<Sentence` tag.
    pub line: usize,
}

/// The relation family of a CAMEO event code: roots 03-08 `PartnersWith`, 11-20 `Opposes`.
pub fn family(event_code: &str) -> Option<Predicate> {
    let root: u32 = event_code.get(..2)?.parse().ok()?;
    match root {
        3..=8 => Some(Predicate::PartnersWith),
        11..=20 => Some(Predicate::Opposes),
        _ => None,
    }
}

/// The country (or international kind: `IGO`, `NGO`) of a CAMEO actor code: its first three
/// characters, when they are letters.
pub fn country(code: &str) -> Option<&str> {
    let p = code.get(..3)?;
    p.bytes().all(|b| b.is_ascii_alphabetic()).then_some(p)
}

// ---------------------------------------------------------------------------------------------
// Records

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
fn decode_entities(s: &str) -> String {
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
fn yymmdd_or_yyyymmdd(s: &str) -> Option<u32> {
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

// ---------------------------------------------------------------------------------------------
// Actor dictionary

/// When a code applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// The default code.
    Always,
    /// On or before the date (`YYYYMMDD`).
    Before(u32),
    /// On or after the date.
    After(u32),
    /// Between the dates, inclusive.
    Between(u32, u32),
}

impl When {
    fn applies(self, date: u32) -> bool {
        match self {
            When::Always => true,
            When::Before(d) => date <= d,
            When::After(d) => date >= d,
            When::Between(a, b) => a <= date && date <= b,
        }
    }
}

/// One `[CODE restriction]` of an actor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeRule {
    /// Upper case; several for `[A/B]`.
    pub codes: Vec<String>,
    pub when: When,
}

/// One actor: its phrases and codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The primary phrase, then its synonyms; words separated by single spaces, as written.
    pub names: Vec<String>,
    pub rules: Vec<CodeRule>,
    /// 1-based line of the primary phrase.
    pub line: usize,
}

impl Actor {
    /// The codes on a date: the first restriction (in file order) that applies, else the last
    /// default, else none. Without a date, the default.
    pub fn codes_on(&self, date: Option<u32>) -> &[String] {
        if let Some(d) = date {
            let restricted = self.rules.iter().filter(|r| r.when != When::Always);
            if let Some(r) = restricted.into_iter().find(|r| r.when.applies(d)) {
                return &r.codes;
            }
        }
        self.rules
            .iter()
            .rev()
            .find(|r| r.when == When::Always)
            .map_or(&[], |r| r.codes.as_slice())
    }

    /// Every code the actor can have, on any date.
    pub fn all_codes(&self) -> impl Iterator<Item = &str> {
        self.rules
            .iter()
            .flat_map(|r| r.codes.iter().map(String::as_str))
    }
}

/// A PETRARCH actor dictionary.
#[derive(Clone, Debug, Default)]
pub struct ActorDictionary {
    pub actors: Vec<Actor>,
    /// Normalised phrase -> actors.
    by_key: HashMap<String, Vec<usize>>,
}

/// Words written lower case inside a name ("Prince of Dol Amroth").
const NAME_PARTICLES: &[&str] = &[
    "of", "the", "and", "for", "de", "du", "des", "la", "le", "al", "el", "von", "van", "da",
];

/// `CODE`, `CODE <DATE`, `CODE >DATE`, `CODE DATE-DATE` (the text inside the brackets).
fn code_rule(inner: &str) -> std::result::Result<CodeRule, String> {
    let inner = inner.trim();
    let (code, restriction) = inner
        .split_once(char::is_whitespace)
        .map_or((inner, ""), |(c, r)| (c, r.trim()));
    let codes: Vec<String> = code.split('/').map(str::to_ascii_uppercase).collect();
    if code.is_empty() || codes.iter().any(String::is_empty) {
        return Err(format!("empty code in [{inner}]"));
    }
    let bad_date = || {
        format!("cannot read the date restriction in [{inner}] (expected <DATE, >DATE or DATE-DATE, dates YYMMDD or YYYYMMDD)")
    };
    let when = if restriction.is_empty() {
        When::Always
    } else if let Some(d) = restriction.strip_prefix('<') {
        When::Before(yymmdd_or_yyyymmdd(d).ok_or_else(bad_date)?)
    } else if let Some(d) = restriction.strip_prefix('>') {
        When::After(yymmdd_or_yyyymmdd(d).ok_or_else(bad_date)?)
    } else if let Some((a, b)) = restriction.split_once('-') {
        let (a, b) = (
            yymmdd_or_yyyymmdd(a).ok_or_else(bad_date)?,
            yymmdd_or_yyyymmdd(b).ok_or_else(bad_date)?,
        );
        if b < a {
            return Err(format!("the interval in [{inner}] ends before it starts"));
        }
        When::Between(a, b)
    } else {
        return Err(bad_date());
    };
    Ok(CodeRule { codes, when })
}

/// A phrase as written (`ARNOR_`, `MINAS_TIRITH`, `RADAGAST THE_BROWN`) -> words separated by
/// single spaces (`ARNOR`, `MINAS TIRITH`, `RADAGAST THE BROWN`).
fn phrase(s: &str) -> String {
    s.split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

impl ActorDictionary {
    /// Parse a dictionary; `file` names it in errors (`file, line N: ...`).
    pub fn parse(text: &str, file: &str) -> Result<Self> {
        let bad = |line: usize, message: String| Error::Data {
            file: file.to_string(),
            line,
            message,
        };
        let mut actors: Vec<Actor> = Vec::new();
        let mut in_comment = false;
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let mut line = raw.trim_end_matches('\r').to_string();
            if in_comment {
                match line.find("-->") {
                    Some(e) => {
                        line = line[e + 3..].to_string();
                        in_comment = false;
                    }
                    None => continue,
                }
            }
            if line.starts_with("<!") {
                // a comment line (`<!-- ... -->`, `<! -- ... -->`), maybe the first of several
                in_comment = !line.contains("-->");
                continue;
            }
            while let Some(open) = line.find("<!--") {
                match line[open..].find("-->") {
                    Some(e) => line.replace_range(open..open + e + 3, " "),
                    None => {
                        line.truncate(open);
                        in_comment = true;
                    }
                }
            }
            if let Some(c) = line.find(['#', ';']) {
                line.truncate(c);
            }
            if line.trim().is_empty() {
                continue;
            }
            let code_in = |s: &str| -> std::result::Result<Option<CodeRule>, Error> {
                let Some(open) = s.find('[') else {
                    return Ok(None);
                };
                let close = s[open..]
                    .find(']')
                    .ok_or_else(|| bad(n, format!("`[` without `]`: {:?}", s.trim())))?;
                code_rule(&s[open + 1..open + close])
                    .map(Some)
                    .map_err(|m| bad(n, m))
            };
            if line.starts_with(char::is_whitespace) {
                let Some(actor) = actors.last_mut() else {
                    return Err(bad(n, "a code line before any actor".into()));
                };
                match code_in(&line)? {
                    Some(rule) if line.trim_start().starts_with('[') => actor.rules.push(rule),
                    _ => {
                        return Err(bad(
                            n,
                            format!(
                                "an indented line must be a code in brackets, as `\\t[CODE]` or \
                                 `\\t[CODE <YYMMDD]`: {:?}",
                                line.trim()
                            ),
                        ))
                    }
                }
            } else if let Some(syn) = line.strip_prefix('+') {
                let Some(actor) = actors.last_mut() else {
                    return Err(bad(n, "a synonym (`+`) before any actor".into()));
                };
                if syn.contains('[') {
                    return Err(bad(
                        n,
                        "a synonym takes its actor's codes: no [code] after `+NAME`".into(),
                    ));
                }
                let name = phrase(syn);
                if name.is_empty() {
                    return Err(bad(n, "`+` without a phrase".into()));
                }
                actor.names.push(name);
            } else {
                let name = phrase(line.split('[').next().unwrap_or(""));
                if name.is_empty() {
                    return Err(bad(
                        n,
                        format!("a code without an actor phrase: {:?}", line.trim()),
                    ));
                }
                actors.push(Actor {
                    names: vec![name],
                    rules: code_in(&line)?.into_iter().collect(),
                    line: n,
                });
            }
        }
        if in_comment {
            return Err(bad(
                text.lines().count(),
                "comment `<!--` never closed by `-->`".into(),
            ));
        }
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in actors.iter().enumerate() {
            for name in &a.names {
                let ids = by_key.entry(normalize_key(name)).or_default();
                if !ids.contains(&i) {
                    ids.push(i);
                }
            }
        }
        Ok(ActorDictionary { actors, by_key })
    }

    /// The actors with this phrase (case, accents and punctuation ignored).
    pub fn actors_named(&self, name: &str) -> &[usize] {
        self.by_key
            .get(&normalize_key(name))
            .map_or(&[], Vec::as_slice)
    }

    /// Gazetteer entries that make the pipeline recognise the actors `known` does not: a new
    /// entry per actor none of whose phrases the gazetteer has (its phrases as they are written
    /// in text: see [`surface_forms`]; typed by [`actor_type`]), and, for an actor the
    /// gazetteer knows by one phrase, its other phrases as aliases of that entry.
    pub fn gazetteer_entries(&self, known: &Resources) -> Vec<GazEntry> {
        let gaz = &known.gazetteer;
        let mut out = Vec::new();
        for a in &self.actors {
            let unknown: Vec<String> = a
                .names
                .iter()
                .filter(|n| gaz.lookup(n).is_none())
                .flat_map(|n| surface_forms(n))
                .collect();
            if unknown.is_empty() {
                continue;
            }
            match a.names.iter().find_map(|n| gaz.lookup(n)) {
                Some(i) => {
                    let e = &gaz.entries[i];
                    out.push(GazEntry {
                        name: e.name.clone(),
                        etype: e.etype,
                        wikidata: None,
                        country: e.country.clone(),
                        aliases: unknown,
                        demonyms: Vec::new(),
                        capital_of: None,
                    });
                }
                None => {
                    let mut forms = unknown.into_iter();
                    let Some(name) = forms.next() else { continue };
                    out.push(GazEntry {
                        name,
                        etype: actor_type(a, known),
                        wikidata: None,
                        country: None,
                        aliases: forms.collect(),
                        demonyms: Vec::new(),
                        capital_of: None,
                    });
                }
            }
        }
        out
    }
}

/// How a dictionary phrase (upper case) may be written in text: Title Case with particles in
/// lower case after the first word ("Prince of Dol Amroth"), the same with words of up to three
/// letters kept in capitals ("Gonzo GMO"), with only the first part of a hyphenated word
/// capitalised ("Barad-dur"), and in capitals. Words with a period or a digit stay as written
/// ("U.N.", "77"); a leading "the" is dropped ("The Shire" is found as "Shire").
pub fn surface_forms(phrase: &str) -> Vec<String> {
    let mut words: Vec<&str> = phrase.split_whitespace().collect();
    if words.len() > 1 && words[0].eq_ignore_ascii_case("the") {
        words.remove(0);
    }
    fn capitalised(w: &str) -> String {
        let lower = w.to_lowercase();
        let mut c = lower.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    }
    let styled = |style: u8| -> String {
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let lower = w.to_lowercase();
                if w.contains(|c: char| c == '.' || c.is_ascii_digit()) {
                    w.to_string()
                } else if style == 3 {
                    w.to_uppercase()
                } else if i > 0 && NAME_PARTICLES.contains(&lower.as_str()) {
                    lower
                } else if style == 1 && w.chars().count() <= 3 {
                    w.to_uppercase()
                } else if style == 2 {
                    capitalised(w)
                } else {
                    w.split('-').map(capitalised).collect::<Vec<_>>().join("-")
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out: Vec<String> = Vec::new();
    for style in 0..4 {
        let form = styled(style);
        if !form.is_empty() && !out.contains(&form) {
            out.push(form);
        }
    }
    out
}

/// The entity type of a new gazetteer entry for an actor: Official when its phrase starts with
/// a public-office title ("President ..."); Country when all its codes are bare three-letter
/// codes (CAMEO codes fictional peoples and places so too); else by the agent part of its first
/// longer code: GOV, MIL, LEG, JUD, COP, SPY an Agency; MED, TV, RAD a MediaOutlet; anything
/// else an Organization.
pub fn actor_type(actor: &Actor, res: &Resources) -> EntityType {
    let first_word = actor.names[0]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    if res.is_title(&first_word, TitleClass::Official) {
        return EntityType::Official;
    }
    let codes: Vec<&str> = actor.all_codes().collect();
    if !codes.is_empty()
        && codes
            .iter()
            .all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        return EntityType::Country;
    }
    let agent = codes
        .iter()
        .find(|c| c.len() > 3 && country(c).is_some())
        .map_or("", |c| &c[3..]);
    const AGENCY: &[&str] = &["GOV", "MIL", "LEG", "JUD", "COP", "SPY"];
    const MEDIA: &[&str] = &["MED", "TV", "RAD"];
    if AGENCY.iter().any(|a| agent.starts_with(a)) {
        EntityType::Agency
    } else if MEDIA.iter().any(|m| agent.starts_with(m)) {
        EntityType::MediaOutlet
    } else {
        EntityType::Organization
    }
}

// ---------------------------------------------------------------------------------------------
// Predictions

/// `data/eval/cameo_countries.tsv`: ISO 3166-1 alpha-2 -> CAMEO country code.
const CAMEO_COUNTRIES: &str = include_str!("../../data/eval/cameo_countries.tsv");

/// The CAMEO code of a country given by its ISO 3166-1 alpha-2 code (`US` -> `USA`).
pub fn cameo_country(iso2: &str) -> Option<&'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            CAMEO_COUNTRIES
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| {
                    let mut c = l.split('\t');
                    Some((c.next()?, c.next()?))
                })
                .collect()
        })
        .get(iso2)
        .copied()
}

/// A party to a predicted relation, with the codes it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PredictedActor {
    /// The entity's name.
    pub name: String,
    pub etype: EntityType,
    /// Whole CAMEO codes: the dictionary's for its names, a Country's country code.
    pub codes: Vec<String>,
    /// Country prefixes: of `codes`, and of the countries its gazetteer entries belong to.
    pub countries: Vec<String>,
    /// Normalised name, aliases and mention texts (to compare with quoted gold names).
    pub keys: Vec<String>,
}

/// A relation of the pipeline, ready for scoring.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    pub family: Predicate,
    pub subject: PredictedActor,
    pub object: PredictedActor,
    /// The cue as written ("criticised", "met with").
    pub cue: String,
    pub event_class: &'static str,
    pub modality: Modality,
    pub negated: bool,
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

/// The codes of entity `e` of `doc` on `date` (see the module documentation).
pub fn predicted_actor(
    doc: &Document,
    e: usize,
    res: &Resources,
    dict: &ActorDictionary,
    date: Option<u32>,
) -> PredictedActor {
    let entity = &doc.entities[e];
    let mut keys: Vec<String> = Vec::new();
    let names = std::iter::once(entity.name.as_str())
        .chain(entity.aliases.iter().map(String::as_str))
        .chain(
            entity
                .mentions
                .iter()
                .map(|&m| doc.slice(doc.mentions[m].span)),
        );
    for n in names {
        let k = normalize_key(n);
        if !k.is_empty() {
            push_unique(&mut keys, &k);
        }
    }
    let mut codes: Vec<String> = Vec::new();
    for k in &keys {
        for &a in dict.actors_named(k) {
            for c in dict.actors[a].codes_on(date) {
                if country(c).is_some() {
                    push_unique(&mut codes, c);
                }
            }
        }
    }
    if entity.etype == EntityType::Country {
        if let Some(c) = entity.country_code.as_deref().and_then(cameo_country) {
            push_unique(&mut codes, c);
        }
    }
    let mut countries: Vec<String> = Vec::new();
    for c in &codes {
        if let Some(p) = country(c) {
            push_unique(&mut countries, p);
        }
    }
    for &m in &entity.mentions {
        let iso = doc.mentions[m]
            .gazetteer
            .and_then(|g| res.gazetteer.entries[g].country.as_deref());
        if let Some(c) = iso.and_then(cameo_country) {
            push_unique(&mut countries, c);
        }
    }
    PredictedActor {
        name: entity.name.clone(),
        etype: entity.etype,
        codes,
        countries,
        keys,
    }
}

/// Every relation of an extracted article (negated ones too, marked), with its actors' codes on
/// `date`.
pub fn predictions(
    doc: &Document,
    res: &Resources,
    dict: &ActorDictionary,
    date: Option<u32>,
) -> Vec<Prediction> {
    doc.relations
        .iter()
        .map(|r| Prediction {
            family: r.predicate,
            subject: predicted_actor(doc, r.subject, res, dict, date),
            object: predicted_actor(doc, r.object, res, dict, date),
            cue: doc.slice(r.cue).to_string(),
            event_class: r.event_class,
            modality: r.modality,
            negated: r.negated,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Scoring

/// How much of a gold event a prediction agrees with, loosest first; each implies the ones
/// before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// The same family.
    Family,
    /// The same family, subject ~ source.
    FamilySource,
    /// The same family, subject ~ source and object ~ target (countries).
    Full,
    /// `Full` with whole codes.
    Strict,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Family,
        Level::FamilySource,
        Level::Full,
        Level::Strict,
    ];

    /// `family`, `family_source`, `family_source_target`, `strict`.
    pub fn name(self) -> &'static str {
        match self {
            Level::Family => "family",
            Level::FamilySource => "family_source",
            Level::Full => "family_source_target",
            Level::Strict => "strict",
        }
    }
}

/// The scored families, in report order.
pub const FAMILIES: [Predicate; 2] = [Predicate::Opposes, Predicate::PartnersWith];

/// One gold item: a record's scored event, repeated and mirrored events counted once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldItem {
    pub family: Predicate,
    pub source: String,
    pub target: String,
    /// Indices of the record's events this item stands for.
    pub events: Vec<usize>,
}

/// The gold items of a record's events (see the module documentation).
pub fn gold_items(events: &[ExpectedEvent]) -> Vec<GoldItem> {
    let mut out: Vec<GoldItem> = Vec::new();
    for (i, ev) in events.iter().enumerate() {
        let Some(family) = family(&ev.code) else {
            continue;
        };
        let same = |g: &GoldItem| {
            g.family == family
                && ((g.source == ev.source && g.target == ev.target)
                    || (family == Predicate::PartnersWith
                        && g.source == ev.target
                        && g.target == ev.source))
        };
        match out.iter_mut().find(|g| same(g)) {
            Some(g) => g.events.push(i),
            None => out.push(GoldItem {
                family,
                source: ev.source.clone(),
                target: ev.target.clone(),
                events: vec![i],
            }),
        }
    }
    out
}

/// Does the gold actor (code, or quoted name) agree with a predicted actor?
pub fn actor_agrees(gold: &str, actor: &PredictedActor, strict: bool) -> bool {
    if let Some(name) = gold.strip_prefix('"').and_then(|g| g.strip_suffix('"')) {
        let g = format!(" {} ", normalize_key(name));
        return actor
            .keys
            .iter()
            .any(|k| g.contains(&format!(" {k} ")) || format!(" {k} ").contains(&g));
    }
    if strict {
        actor.codes.iter().any(|c| c == gold)
    } else {
        country(gold).is_some_and(|g| actor.countries.iter().any(|c| c == g))
    }
}

/// Does the prediction agree with the gold item at this level?
pub fn agrees(level: Level, gold: &GoldItem, p: &Prediction) -> bool {
    if gold.family != p.family {
        return false;
    }
    let strict = level == Level::Strict;
    let src = |a: &PredictedActor| actor_agrees(&gold.source, a, strict);
    let tgt = |a: &PredictedActor| actor_agrees(&gold.target, a, strict);
    let symmetric = p.family == Predicate::PartnersWith;
    match level {
        Level::Family => true,
        Level::FamilySource => src(&p.subject) || (symmetric && src(&p.object)),
        Level::Full | Level::Strict => {
            (src(&p.subject) && tgt(&p.object)) || (symmetric && src(&p.object) && tgt(&p.subject))
        }
    }
}

/// Maximum one-to-one matching (augmenting paths): for each prediction, its gold item.
fn max_matching(
    n_gold: usize,
    n_pred: usize,
    edge: impl Fn(usize, usize) -> bool,
) -> Vec<Option<usize>> {
    fn augment(
        g: usize,
        adj: &[Vec<usize>],
        seen: &mut [bool],
        gold_of: &mut [Option<usize>],
    ) -> bool {
        for &p in &adj[g] {
            if !seen[p] {
                seen[p] = true;
                if gold_of[p].is_none_or(|h| augment(h, adj, seen, gold_of)) {
                    gold_of[p] = Some(g);
                    return true;
                }
            }
        }
        false
    }
    let adj: Vec<Vec<usize>> = (0..n_gold)
        .map(|g| (0..n_pred).filter(|&p| edge(g, p)).collect())
        .collect();
    let mut gold_of = vec![None; n_pred];
    for g in 0..n_gold {
        augment(g, &adj, &mut vec![false; n_pred], &mut gold_of);
    }
    gold_of
}

/// What a record expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    /// At least one event of a scored family.
    Scored,
    /// Events, none of a scored family.
    OtherEvents,
    /// No event at all.
    NoEvents,
}

/// The outcome of one record.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordScore {
    pub kind: RecordKind,
    pub gold: Vec<GoldItem>,
    /// Per gold item: the strictest level at which it was matched.
    pub gold_level: Vec<Option<Level>>,
    /// Per prediction: the strictest level at which it was matched (`None` for negated ones).
    pub pred_level: Vec<Option<Level>>,
}

impl RecordScore {
    /// Does the record hold a disagreement at `family_source_target`: a scored gold item or a
    /// positive prediction not matched at that level?
    pub fn has_mistake(&self, predictions: &[Prediction]) -> bool {
        let full = |l: &Option<Level>| l.is_some_and(|l| l >= Level::Full);
        !self.gold_level.iter().all(full)
            || predictions
                .iter()
                .zip(&self.pred_level)
                .any(|(p, l)| !p.negated && !full(l))
    }
}

/// Counts summed over records.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventScores {
    /// `[level][family]` over scored records ([`Level::ALL`], [`FAMILIES`] order); `correct` is
    /// the number of matched pairs.
    counts: [[Counts; 2]; 4],
    /// Records with a scored event.
    pub scored_records: usize,
    /// Their expected events of a scored family, per family (before repeats are merged).
    pub events: [usize; 2],
    /// Records with events, none of a scored family.
    pub other_records: usize,
    /// Records expecting no event.
    pub no_event_records: usize,
    /// Records without a scored event where the pipeline found a positive relation, and those
    /// relations; `false_alarm_no_event_records` of the records expect no event at all.
    pub false_alarm_records: usize,
    pub false_alarm_relations: usize,
    pub false_alarm_no_event_records: usize,
    /// Negated relations found in scored records (never counted as predictions).
    pub negated: usize,
}

fn family_index(f: Predicate) -> usize {
    FAMILIES.iter().position(|x| *x == f).unwrap_or(0)
}

impl EventScores {
    /// Counts at a level for one family, or both (`None`).
    pub fn counts(&self, level: Level, family: Option<Predicate>) -> Counts {
        let row = &self.counts[level as usize];
        match family {
            Some(f) => row[family_index(f)],
            None => Counts {
                gold: row[0].gold + row[1].gold,
                predicted: row[0].predicted + row[1].predicted,
                correct: row[0].correct + row[1].correct,
            },
        }
    }

    /// Score one record against the relations found in its text.
    pub fn add(&mut self, record: &Record, predictions: &[Prediction]) -> RecordScore {
        let gold = gold_items(&record.events);
        let positive: Vec<usize> = (0..predictions.len())
            .filter(|&p| !predictions[p].negated)
            .collect();
        let kind = if !gold.is_empty() {
            RecordKind::Scored
        } else if record.events.is_empty() {
            RecordKind::NoEvents
        } else {
            RecordKind::OtherEvents
        };
        let mut gold_level = vec![None; gold.len()];
        let mut pred_level = vec![None; predictions.len()];
        match kind {
            RecordKind::Scored => {
                self.scored_records += 1;
                self.negated += predictions.len() - positive.len();
                for ev in &record.events {
                    if let Some(f) = family(&ev.code) {
                        self.events[family_index(f)] += 1;
                    }
                }
                for level in Level::ALL {
                    let row = &mut self.counts[level as usize];
                    for g in &gold {
                        row[family_index(g.family)].gold += 1;
                    }
                    for &p in &positive {
                        row[family_index(predictions[p].family)].predicted += 1;
                    }
                    let matched = max_matching(gold.len(), positive.len(), |g, p| {
                        agrees(level, &gold[g], &predictions[positive[p]])
                    });
                    for (p, g) in matched.iter().enumerate() {
                        if let Some(g) = *g {
                            row[family_index(gold[g].family)].correct += 1;
                            gold_level[g] = Some(level);
                            pred_level[positive[p]] = Some(level);
                        }
                    }
                }
            }
            RecordKind::OtherEvents | RecordKind::NoEvents => {
                if kind == RecordKind::NoEvents {
                    self.no_event_records += 1;
                } else {
                    self.other_records += 1;
                }
                if !positive.is_empty() {
                    self.false_alarm_records += 1;
                    self.false_alarm_relations += positive.len();
                    if kind == RecordKind::NoEvents {
                        self.false_alarm_no_event_records += 1;
                    }
                }
            }
        }
        RecordScore {
            kind,
            gold,
            gold_level,
            pred_level,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORDS: &str = r#"<Validation>
# junk between records is fine, even <EventCoding...> in prose
<Sentences>
<Sentence date="20200105" id="R-1" category="TEST" sentence="true">
<!-- a comment <EventCoding sourcecode="XXX" targetcode="YYY" eventcode="111"> -->
<EventCoding sourcecode="ZAN" targetcode="QUOGOV" eventcode="111"></EventCoding>
<Text>
Zandor criticised   the Quorvian
government &amp; its allies.
</Text>
<Parse>(ROOT (S (NP (NNP Zandor)) (VP (VBD criticised))))</Parse>
</Sentence>
####### stray text
<Sentence date = "20200106" id ='R-2' evaluate="true"/>
<EventCoding eventcode="040" sourcecode="ZAN" targetcode='"THE HIGH COUNCIL"' />
<EventCoding noevents="True" />
<Text>Zandor met the High Council.</Text>
</Parse></Sentence>
<Sentence id="R-3" date="2020-01-07">
<EventCoding noevents="True"/>
<Text>Broken date.</Text>
</Sentence>
<Sentence id="R-4">
<EventCoding sourcecode="ZAN" eventcode="111"/>
<Text>No target code.</Text>
</Sentence>
<Sentence id="R-5" date="20200108">
<EventCoding noevents="True"/>
<Text>Never closed.
<Sentence id="R-6" date="20200109">
<EventCoding error="sentencediscard"></EventCoding>
<Text>Quorvia and Zandor.</Text>
</Sentence>
<Sentence id="R-7" date="950106"><EventCoding sourcecode="QUO" targetcode="ZAN" eventcode="174K"/>
<Text>Quorvia expelled the Zandorian envoy.</Text></Sentence>
<Sentence id="R-8"><Text>Nothing is coded here.</Text></Sentence>
</Sentences>
"#;

    fn line_of(e: &Error) -> usize {
        match e {
            Error::Data { line, .. } => *line,
            other => panic!("not a data error: {other:?}"),
        }
    }

    #[test]
    fn records_are_read_one_by_one_and_a_bad_one_costs_itself_only() {
        let recs = parse_records(RECORDS, "gold.xml").unwrap();
        assert_eq!(recs.len(), 8);
        let r1 = recs[0].as_ref().unwrap();
        assert_eq!(r1.id, "R-1");
        assert_eq!(r1.date, Some(20200105));
        assert_eq!(r1.line, 4);
        assert_eq!(
            r1.text,
            "Zandor criticised the Quorvian government & its allies."
        );
        assert_eq!(
            r1.events,
            vec![ExpectedEvent {
                source: "ZAN".into(),
                target: "QUOGOV".into(),
                code: "111".into()
            }]
        );
        let r2 = recs[1].as_ref().unwrap();
        assert_eq!(
            (r2.id.as_str(), r2.date, r2.line),
            ("R-2", Some(20200106), 14)
        );
        assert_eq!(r2.events.len(), 1);
        assert_eq!(r2.events[0].target, "\"THE HIGH COUNCIL\"");
        // a bad date, a missing attribute, an unclosed record: errors naming file and line
        let e3 = recs[2].as_ref().unwrap_err();
        assert_eq!(line_of(e3), 19);
        assert!(e3.to_string().starts_with("gold.xml, line 19:"), "{e3}");
        assert!(e3.to_string().contains("YYYYMMDD"), "{e3}");
        let e4 = recs[3].as_ref().unwrap_err();
        assert_eq!(line_of(e4), 24);
        assert!(e4.to_string().contains("targetcode"), "{e4}");
        let e5 = recs[4].as_ref().unwrap_err();
        assert_eq!(line_of(e5), 27);
        assert!(e5.to_string().contains("</Sentence>"), "{e5}");
        // the record after the unclosed one is read as usual
        let r6 = recs[5].as_ref().unwrap();
        assert_eq!(
            (r6.id.as_str(), r6.text.as_str()),
            ("R-6", "Quorvia and Zandor.")
        );
        assert!(r6.events.is_empty());
        // a two-digit year, a test code with a letter, a record without any <EventCoding>
        let r7 = recs[6].as_ref().unwrap();
        assert_eq!(r7.date, Some(19950106));
        assert_eq!(r7.events[0].code, "174K");
        assert_eq!(family(&r7.events[0].code), Some(Predicate::Opposes));
        let r8 = recs[7].as_ref().unwrap();
        assert_eq!((r8.date, r8.events.len()), (None, 0));
    }

    #[test]
    fn files_that_cannot_be_read_at_all() {
        let e = parse_records("<Validation>\n\n<!-- open\n", "a.xml").unwrap_err();
        assert_eq!(line_of(&e), 3);
        let e = parse_records("<Validation><Sentences></Sentences>", "b.xml").unwrap_err();
        assert!(e.to_string().contains("no `<Sentence"), "{e}");
        let recs = parse_records(
            "<Sentence id=\"x\">\n<Text>a <b>c</b></Text>\n</Sentence>",
            "c.xml",
        )
        .unwrap();
        assert!(recs[0].is_err());
        assert_eq!(
            decode_entities("a &lt;b&gt; &#65;&#x42; &bogus; &"),
            "a <b> AB &bogus; &"
        );
    }

    const ACTORS: &str = "<!-- TEST ACTORS -->
<!--
several lines
of comment -->
ZANDOR_ [ZAN] # a comment
+ZANDORIAN
+KARNA_CITY ; legacy comment
QUORVIA  [QUO]
HIGH_COUNCIL_OF_QUORVIA [QUOGOV]
PRINCE OF THE_MARSHES
\t[MRS <950630]
\t[---]
OLD_KINGDOM
\t[OLK 19900101-19991231]
\t[NEW >000101]
\t[OLD]
TWIN_TOWNS  [AAA/BBB]
<! -- a comment written loosely -->
FRANCE [FRA]
+GALLIA
";

    #[test]
    fn actor_dictionary_phrases_synonyms_and_dated_codes() {
        let d = ActorDictionary::parse(ACTORS, "actors.txt").unwrap();
        let names: Vec<&str> = d.actors.iter().map(|a| a.names[0].as_str()).collect();
        assert_eq!(
            names,
            [
                "ZANDOR",
                "QUORVIA",
                "HIGH COUNCIL OF QUORVIA",
                "PRINCE OF THE MARSHES",
                "OLD KINGDOM",
                "TWIN TOWNS",
                "FRANCE"
            ]
        );
        assert_eq!(d.actors[0].names, ["ZANDOR", "ZANDORIAN", "KARNA CITY"]);
        assert_eq!(d.actors[0].line, 5);
        let codes = |name: &str, date: Option<u32>| -> Vec<String> {
            d.actors_named(name)
                .iter()
                .flat_map(|&a| d.actors[a].codes_on(date).to_vec())
                .collect()
        };
        assert_eq!(codes("Karna City", None), ["ZAN"]);
        assert_eq!(codes("zandorian", Some(20200101)), ["ZAN"]);
        assert_eq!(codes("Prince of the Marshes", Some(19950630)), ["MRS"]);
        assert_eq!(codes("Prince of the Marshes", Some(19950701)), ["---"]);
        assert_eq!(codes("Old Kingdom", Some(19950101)), ["OLK"]);
        assert_eq!(codes("Old Kingdom", Some(20100101)), ["NEW"]);
        assert_eq!(codes("Old Kingdom", Some(20000101)), ["NEW"]);
        assert_eq!(codes("Old Kingdom", Some(19800101)), ["OLD"]);
        assert_eq!(codes("Old Kingdom", None), ["OLD"]);
        assert_eq!(codes("Twin Towns", None), ["AAA", "BBB"]);
        assert!(codes("Nowhere", None).is_empty());
    }

    #[test]
    fn actor_dictionary_errors_name_the_line() {
        let cases = [
            ("ZANDOR [ZAN\n", 1, "without `]`"),
            ("ZANDOR [ZAN]\n\t[ZAN <19950231]\n", 2, "date restriction"),
            (
                "ZANDOR [ZAN]\n\t[ZAN 20100101-20000101]\n",
                2,
                "ends before",
            ),
            ("+ZANDORIAN\n", 1, "before any actor"),
            ("\t[ZAN]\n", 1, "before any actor"),
            ("ZANDOR\n\tZAN\n", 2, "brackets"),
            ("ZANDOR\n+ZANDORIAN [ZAN]\n", 2, "synonym"),
            ("# fine\n[ZAN]\n", 2, "without an actor phrase"),
            ("ZANDOR [ZAN]\n<!-- open\n", 2, "never closed"),
        ];
        for (text, line, what) in cases {
            match ActorDictionary::parse(text, "a.txt") {
                Err(e @ Error::Data { .. }) => {
                    assert_eq!(line_of(&e), line, "{text:?}: {e}");
                    assert!(e.to_string().contains(what), "{text:?}: {e}");
                    assert!(e.to_string().starts_with("a.txt, line"), "{e}");
                }
                other => panic!("{text:?}: expected an error, got {other:?}"),
            }
        }
    }

    #[test]
    fn phrases_become_the_forms_text_uses() {
        assert_eq!(surface_forms("ZANDOR"), ["Zandor", "ZANDOR"]);
        assert_eq!(
            surface_forms("PRINCE OF THE MARSHES"),
            ["Prince of the Marshes", "PRINCE OF THE MARSHES"]
        );
        assert_eq!(
            surface_forms("THE NORTH-WOLD GMO"),
            [
                "North-Wold Gmo",
                "North-Wold GMO",
                "North-wold Gmo",
                "NORTH-WOLD GMO"
            ]
        );
        assert_eq!(surface_forms("U.N."), ["U.N."]);
        assert_eq!(surface_forms("GROUP OF 77"), ["Group of 77", "GROUP OF 77"]);
    }

    #[test]
    fn dictionary_actors_become_gazetteer_entries_unless_known() {
        let res = Resources::builtin().unwrap();
        let d = ActorDictionary::parse(ACTORS, "actors.txt").unwrap();
        let entries = d.gazetteer_entries(&res);
        let zandor = entries.iter().find(|e| e.name == "Zandor").unwrap();
        assert_eq!(zandor.etype, EntityType::Country);
        assert!(zandor.aliases.contains(&"Zandorian".to_string()));
        assert!(zandor.aliases.contains(&"Karna City".to_string()));
        let council = entries
            .iter()
            .find(|e| e.name == "High Council of Quorvia")
            .unwrap();
        assert_eq!(council.etype, EntityType::Agency);
        let twin = entries.iter().find(|e| e.name == "Twin Towns").unwrap();
        assert_eq!(twin.etype, EntityType::Country);
        // France is known: only its unknown synonym is added, as an alias of the known entry
        let france: Vec<&GazEntry> = entries.iter().filter(|e| e.name == "France").collect();
        assert_eq!(france.len(), 1);
        assert_eq!(france[0].etype, EntityType::Country);
        assert_eq!(france[0].aliases, ["Gallia", "GALLIA"]);
        let prince = entries
            .iter()
            .find(|e| e.name == "Prince of the Marshes")
            .unwrap();
        assert_eq!(prince.etype, EntityType::Official);
    }

    #[test]
    fn families_from_cameo_roots() {
        for (code, f) in [
            ("030", Some(Predicate::PartnersWith)),
            ("064", Some(Predicate::PartnersWith)),
            ("0841", Some(Predicate::PartnersWith)),
            ("111", Some(Predicate::Opposes)),
            ("1124", Some(Predicate::Opposes)),
            ("204", Some(Predicate::Opposes)),
            ("010", None),
            ("023", None),
            ("090", None),
            ("100", None),
            ("903", None),
            ("7", None),
        ] {
            assert_eq!(family(code), f, "{code}");
        }
        assert_eq!(country("GONGOV"), Some("GON"));
        assert_eq!(country("---REB"), None);
        assert_eq!(cameo_country("US"), Some("USA"));
        assert_eq!(cameo_country("SU"), Some("USR"));
        assert_eq!(
            CAMEO_COUNTRIES
                .lines()
                .filter(|l| !l.starts_with('#'))
                .count(),
            254
        );
    }

    fn actor(codes: &[&str], countries: &[&str], keys: &[&str]) -> PredictedActor {
        PredictedActor {
            name: keys.first().unwrap_or(&"x").to_string(),
            etype: EntityType::Country,
            codes: codes.iter().map(|s| s.to_string()).collect(),
            countries: countries.iter().map(|s| s.to_string()).collect(),
            keys: keys.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn pred(family: Predicate, s: PredictedActor, o: PredictedActor, negated: bool) -> Prediction {
        Prediction {
            family,
            subject: s,
            object: o,
            cue: "cue".into(),
            event_class: "DISAPPROVE",
            modality: Modality::Asserted,
            negated,
        }
    }

    #[test]
    fn codes_agree_on_the_country_or_in_whole() {
        let gon = actor(&["GON"], &["GON"], &["gondor"]);
        let usa_agency = actor(&[], &["USA"], &["state department"]);
        assert!(actor_agrees("GONGOV", &gon, false));
        assert!(!actor_agrees("GONGOV", &gon, true));
        assert!(actor_agrees("GON", &gon, true));
        assert!(actor_agrees("USAGOV", &usa_agency, false));
        assert!(!actor_agrees("USAGOV", &usa_agency, true));
        assert!(!actor_agrees("---GOV", &gon, false));
        let council = actor(&[], &[], &["high council", "the high council"]);
        assert!(actor_agrees("\"THE HIGH COUNCIL\"", &council, false));
        assert!(actor_agrees("\"THE HIGH COUNCIL\"", &council, true));
        assert!(!actor_agrees("\"THE HIGH COUNCILLOR\"", &council, false));
    }

    #[test]
    fn one_to_one_matching_per_level_and_symmetric_partners() {
        let (arn, gon, osg) = (
            actor(&["ARN"], &["ARN"], &["arnor"]),
            actor(&["GON"], &["GON"], &["gondor"]),
            actor(&["OSG"], &["OSG"], &["osgiliath"]),
        );
        let ev = |s: &str, t: &str, c: &str| ExpectedEvent {
            source: s.into(),
            target: t.into(),
            code: c.into(),
        };
        let record = Record {
            id: "x".into(),
            date: None,
            text: String::new(),
            events: vec![
                // one partnersWith fact, written both ways (visit / host): one gold item
                ev("ARNGOV", "GON", "032"),
                ev("GON", "ARNGOV", "033"),
                // two opposes events
                ev("ARN", "OSG", "111"),
                ev("OSG", "GON", "190"),
                // not scored
                ev("ARN", "GON", "010"),
            ],
            line: 1,
        };
        let p = Predicate::PartnersWith;
        let o = Predicate::Opposes;
        let preds = vec![
            // partners stated the other way round: agrees in full (symmetric), not strictly
            pred(p, gon.clone(), arn.clone(), false),
            // opposes, right source, wrong target
            pred(o, arn.clone(), gon.clone(), false),
            // opposes, reversed direction: family only
            pred(o, gon.clone(), osg.clone(), false),
            // negated: never counted
            pred(o, arn.clone(), osg.clone(), true),
        ];
        let mut s = EventScores::default();
        let r = s.add(&record, &preds);
        assert_eq!(r.kind, RecordKind::Scored);
        assert_eq!(r.gold.len(), 3);
        assert_eq!(r.gold[0].events, vec![0, 1]);
        assert_eq!(s.events, [2, 2]);
        assert_eq!(s.negated, 1);
        let c = |l: Level, f: Option<Predicate>| {
            let c = s.counts(l, f);
            (c.gold, c.predicted, c.correct)
        };
        assert_eq!(c(Level::Family, None), (3, 3, 3));
        assert_eq!(c(Level::FamilySource, Some(o)), (2, 2, 1));
        assert_eq!(c(Level::Full, Some(o)), (2, 2, 0));
        assert_eq!(c(Level::Full, Some(p)), (1, 1, 1));
        assert_eq!(c(Level::Strict, Some(p)), (1, 1, 0));
        assert_eq!(
            r.pred_level,
            [
                Some(Level::Full),
                Some(Level::FamilySource),
                Some(Level::Family),
                None
            ]
        );
        assert!(r.has_mistake(&preds));

        // one prediction cannot match two gold items; a record without scored events
        let mut s = EventScores::default();
        let quiet = Record {
            events: vec![ev("ARN", "GON", "010")],
            ..record.clone()
        };
        let r = s.add(&quiet, &preds);
        assert_eq!(r.kind, RecordKind::OtherEvents);
        assert_eq!(
            (
                s.false_alarm_records,
                s.false_alarm_relations,
                s.scored_records
            ),
            (1, 3, 0)
        );
        assert_eq!(s.counts(Level::Family, None).predicted, 0);
    }

    #[test]
    fn maximum_matching_finds_the_augmenting_path() {
        // gold 0 agrees with preds 0 and 1, gold 1 only with pred 0: both match
        let m = max_matching(2, 2, |g, p| (g, p) != (1, 1));
        assert_eq!(m, vec![Some(1), Some(0)]);
    }
}

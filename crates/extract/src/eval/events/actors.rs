//! The PETRARCH actor dictionary: phrases, synonyms and dated codes, and the gazetteer entries
//! that make the pipeline recognise its actors.

use std::collections::HashMap;

use super::country;
use super::records::yymmdd_or_yyyymmdd;
use crate::document::EntityType;
use crate::error::{Error, Result};
use crate::resources::{GazEntry, Resources, TitleClass};
use crate::text::normalize_key;

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

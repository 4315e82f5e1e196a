//! The actor gazetteer: people who hold or held an office, with their dated CAMEO actor codes
//! ("Barack Obama": `USAGOV` from 2009-01-20 to 2017-01-20), international organisations
//! (`IGOUNO`) and armed non-state groups ("Taliban": `AFGREB`). Built from the Phoenix
//! (PETRARCH 2) actor dictionaries of the Open Event Data Alliance (MIT) by
//! `scripts/phoenix_actors.py` into `data/gazetteers/actors.tsv`, compiled in.
//!
//! It is not a gazetteer of the recogniser: its names never make mentions (Phoenix lists some
//! 20,000 people, many of them ambiguous) nor model features. The pipeline's `actors` stage
//! looks up the entities the recogniser found by their names and types and annotates them:
//! an Official is a person whose government-type code covers the article's date.
//!
//! Loading keeps the file as compiled in and an index of key hashes (a few hundred kilobytes);
//! a line is parsed when a name is looked up.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::text::normalize_key;

/// The built-in gazetteer file, as compiled in (its hash is part of the pipeline's fingerprint).
pub const BUILTIN_TSV: &str = include_str!("../../../data/gazetteers/actors.tsv");
/// Its name, for messages.
pub const BUILTIN_NAME: &str = "data/gazetteers/actors.tsv";

/// CAMEO sectors of public office: government, military, police, judiciary, legislature,
/// intelligence. A person's code with one of them as its first sector is a public office;
/// so is an international governmental organisation's (`IGO`: the UN's secretary-general).
pub const GOVERNMENT_SECTORS: &[&str] = &["GOV", "MIL", "COP", "JUD", "LEG", "SPY"];

/// CAMEO's three-letter sector and role codes (the parts of an actor code after its country),
/// as the Phoenix dictionaries use them; what a code's [`Term::sectors`] are drawn from.
pub const SECTORS: &[&str] = &[
    "GOV", "MIL", "COP", "JUD", "LEG", "SPY", "REB", "OPP", "PTY", "INS", "SEP", "UAF", "ELI",
    "BUS", "MNC", "MED", "EDU", "HLH", "HRI", "LAB", "AGR", "ENV", "REF", "REL", "CVL", "CRM",
    "DEV", "IGO", "NGO", "IMG", "NGM", "MOD", "RAD", "AMN", "IRC", "GRP", "UNO", "SET", "MUS",
    "CHR", "JEW", "HIN", "BUD", "SIK", "CTH", "PRO", "SHI", "SUN", "ALQ", "KID", "HCH", "HCR",
    "WFP", "FAO", "WHO", "ILO", "IAE", "WTO", "IMF", "WBK", "UNP",
];

/// `data/eval/cameo_countries.tsv`: ISO 3166-1 alpha-2, CAMEO country code, name.
pub(crate) const CAMEO_COUNTRIES: &str = include_str!("../../../data/eval/cameo_countries.tsv");

/// The (ISO 3166-1 alpha-2, CAMEO country code) pairs of [`CAMEO_COUNTRIES`].
fn country_pairs() -> impl Iterator<Item = (&'static str, &'static str)> {
    CAMEO_COUNTRIES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut c = l.split('\t');
            Some((c.next()?, c.next()?))
        })
}

/// The ISO 3166-1 alpha-2 code of a CAMEO country code (`USA` -> `US`).
pub fn iso2_of_cameo(cameo: &str) -> Option<&'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE
        .get_or_init(|| country_pairs().map(|(iso2, c)| (c, iso2)).collect())
        .get(cameo)
        .copied()
}

/// The CAMEO code of a country given by its ISO 3166-1 alpha-2 code (`US` -> `USA`).
pub fn cameo_of_iso2(iso2: &str) -> Option<&'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE
        .get_or_init(|| country_pairs().collect())
        .get(iso2)
        .copied()
}

/// What an entry names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActorKind {
    /// A person with at least one dated code: an office holder, a rebel leader.
    Person,
    /// An international organisation (`IGO...`, `NGO...` codes).
    International,
    /// An armed non-state group.
    Armed,
}

/// A day as `YYYYMMDD` (comparable as a number).
pub type Day = u32;

/// `YYYY-MM-DD` -> `YYYYMMDD`.
pub fn day(iso: &str) -> Option<Day> {
    let b = iso.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits: String = iso.chars().filter(|c| *c != '-').collect();
    if digits.len() != 8 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// `YYYYMMDD` -> `YYYY-MM-DD`.
pub fn iso(d: Day) -> String {
    format!("{:04}-{:02}-{:02}", d / 10000, d / 100 % 100, d % 100)
}

/// One code of an entry, with the days it applies (inclusive); both ends `None` for the
/// default code, which applies when no dated one does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The CAMEO actor code: `USAGOV`, `AFGGOVEDU`, `IGOUNO`, `LBNREB`, `ELI`.
    pub code: String,
    pub start: Option<Day>,
    pub end: Option<Day>,
    /// `CODE@..` forms: a dated term (possibly open at one end).
    pub dated: bool,
}

impl Term {
    /// The sectors of the code, in order: the known three-letter codes after a country or
    /// international prefix (`USAGOV` -> GOV; `AFGGOVEDU` -> GOV, EDU; `IGOUNO` -> IGO, UNO;
    /// `ELI` -> ELI).
    pub fn sectors(&self) -> Vec<&str> {
        let c = self.code.as_str();
        let mut out = Vec::new();
        let mut i = 0;
        while i + 3 <= c.len() {
            let s = &c[i..i + 3];
            if SECTORS.contains(&s) && !(i == 0 && c.len() > 3 && !is_international(s)) {
                out.push(s);
            }
            i += 3;
        }
        out
    }

    /// The code's country (CAMEO / ISO 3166-1 alpha-3) when it starts with one.
    pub fn country(&self) -> Option<&str> {
        let p = self.code.get(..3)?;
        (self.code.len() > 3 && !SECTORS.contains(&p)).then_some(p)
    }

    /// A public office: the first sector is a government-type one, or the code is an
    /// international governmental organisation's.
    pub fn is_office(&self) -> bool {
        let sectors = self.sectors();
        match sectors.first() {
            Some(&"IGO") => true,
            Some(s) => GOVERNMENT_SECTORS.contains(s) && self.country().is_some(),
            None => false,
        }
    }

    /// Does the term cover this day?
    pub fn covers(&self, d: Day) -> bool {
        self.dated && self.start.is_none_or(|s| s <= d) && self.end.is_none_or(|e| d <= e)
    }
}

fn is_international(prefix: &str) -> bool {
    matches!(prefix, "IGO" | "NGO" | "IMG" | "NGM" | "MNC" | "UAF")
}

/// One line of the gazetteer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// Lowercase words, as in the file.
    pub name: String,
    pub kind: ActorKind,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub terms: Vec<Term>,
}

/// Where a person stands on a day, by the dictionary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfficeStatus {
    /// An office covers the day (or, with no day, the person held one at some time).
    Current,
    /// Every office the dictionary knows ended before the day.
    Former,
    /// No office before or on the day (the first starts later, or there is none).
    None,
}

impl Actor {
    /// The codes that apply on a day, as PETRARCH codes them: every dated term covering it,
    /// else the default codes. Without a day (an article without a date), every code: any
    /// period counts.
    pub fn codes_on(&self, on: Option<Day>) -> Vec<&Term> {
        let Some(d) = on else {
            return self.terms.iter().collect();
        };
        let dated: Vec<&Term> = self.terms.iter().filter(|t| t.covers(d)).collect();
        if !dated.is_empty() {
            return dated;
        }
        self.terms.iter().filter(|t| !t.dated).collect()
    }

    /// The person's public offices (dated office terms) that began on or before the day (all
    /// of them without a day), in the file's order.
    pub fn offices_until(&self, on: Option<Day>) -> Vec<&Term> {
        self.terms
            .iter()
            .filter(|t| t.dated && t.is_office())
            .filter(|t| match (on, t.start) {
                (Some(d), Some(s)) => s <= d,
                _ => true,
            })
            .collect()
    }

    /// Is the person in office on the day (see [`OfficeStatus`])?
    pub fn status_on(&self, on: Option<Day>) -> OfficeStatus {
        let offices = self.offices_until(on);
        match on {
            _ if offices.is_empty() => OfficeStatus::None,
            None => OfficeStatus::Current,
            Some(d) if offices.iter().any(|t| t.covers(d)) => OfficeStatus::Current,
            Some(_) => OfficeStatus::Former,
        }
    }
}

/// The gazetteer: the file's text and an index from name-key hashes to lines.
pub struct ActorGazetteer {
    text: &'static str,
    /// (hash of the normalised name, byte offset of its line), sorted.
    index: Vec<(u64, u32)>,
}

fn key_hash(key: &str) -> u64 {
    let h = blake3::hash(key.as_bytes());
    u64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"))
}

/// A term as written: `CODE`, `CODE@START..END`, `CODE@START..`, `CODE@..END`.
fn parse_term(s: &str) -> Option<Term> {
    let (code, range) = match s.split_once('@') {
        None => (s, None),
        Some((c, r)) => (c, Some(r)),
    };
    if code.len() < 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let Some(range) = range else {
        return Some(Term {
            code: code.to_string(),
            start: None,
            end: None,
            dated: false,
        });
    };
    let (a, b) = range.split_once("..")?;
    let side = |x: &str| -> Option<Option<Day>> {
        if x.is_empty() {
            Some(None)
        } else {
            day(x).map(Some)
        }
    };
    Some(Term {
        code: code.to_string(),
        start: side(a)?,
        end: side(b)?,
        dated: true,
    })
}

/// One data line, or `None` when malformed.
pub fn parse_line(line: &str) -> Option<Actor> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() != 4 || cols[0].is_empty() {
        return None;
    }
    let kind = match cols[1] {
        "person" => ActorKind::Person,
        "international" => ActorKind::International,
        "armed" => ActorKind::Armed,
        _ => return None,
    };
    let terms = cols[3]
        .split('|')
        .map(parse_term)
        .collect::<Option<Vec<_>>>()?;
    Some(Actor {
        name: cols[0].to_string(),
        kind,
        country: (!cols[2].is_empty()).then(|| cols[2].to_string()),
        terms,
    })
}

impl ActorGazetteer {
    /// The built-in gazetteer, indexed once per process.
    pub fn builtin() -> &'static ActorGazetteer {
        static G: OnceLock<ActorGazetteer> = OnceLock::new();
        G.get_or_init(|| ActorGazetteer::new(BUILTIN_TSV))
    }

    /// Index a gazetteer text (lines are parsed when looked up; `#` lines are comments).
    pub fn new(text: &'static str) -> Self {
        let mut index = Vec::new();
        let mut offset = 0usize;
        for line in text.split_inclusive('\n') {
            if !line.starts_with('#') {
                if let Some((name, _)) = line.split_once('\t') {
                    index.push((key_hash(&normalize_key(name)), offset as u32));
                }
            }
            offset += line.len();
        }
        index.sort_unstable();
        ActorGazetteer { text, index }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The entry with this name (case, accents and punctuation ignored: the normalised key;
    /// German umlauts also as the dictionaries spell them, "Jürgen" as "Juergen").
    pub fn lookup(&self, name: &str) -> Option<Actor> {
        self.lookup_key(name)
            .or_else(|| self.lookup_key(&umlauts_spelled_out(name)?))
    }

    fn lookup_key(&self, name: &str) -> Option<Actor> {
        let key = normalize_key(name);
        if key.is_empty() {
            return None;
        }
        let h = key_hash(&key);
        let lo = self.index.partition_point(|&(k, _)| k < h);
        self.index[lo..]
            .iter()
            .take_while(|&&(k, _)| k == h)
            .find_map(|&(_, off)| {
                let line = self.text[off as usize..].lines().next()?;
                let a = parse_line(line)?;
                (normalize_key(&a.name) == key).then_some(a)
            })
    }

    /// Every entry, parsed (for tests and reports).
    pub fn entries(&self) -> impl Iterator<Item = (usize, Option<Actor>)> + '_ {
        self.text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
            .map(|(i, l)| (i + 1, parse_line(l)))
    }
}

/// `name` with ä, ö, ü and ß written out (ae, oe, ue, ss), as the Phoenix dictionaries spell
/// German names; `None` when it has none of them.
fn umlauts_spelled_out(name: &str) -> Option<String> {
    if !name.contains(['ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü', 'ß']) {
        return None;
    }
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'Ä' => out.push_str("Ae"),
            'Ö' => out.push_str("Oe"),
            'Ü' => out.push_str("Ue"),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_builtin_gazetteer_parses() {
        let g = ActorGazetteer::builtin();
        let mut n = 0;
        for (line, a) in g.entries() {
            let a = a.unwrap_or_else(|| panic!("{BUILTIN_NAME}:{line}: malformed"));
            assert!(!a.terms.is_empty(), "{BUILTIN_NAME}:{line}: no code");
            n += 1;
        }
        assert_eq!(n, g.len());
        assert!(n > 20_000, "{n} entries");
    }

    #[test]
    fn umlauts_are_found_as_the_dictionaries_spell_them() {
        let g = ActorGazetteer::builtin();
        let a = g.lookup("Jürgen Trittin").expect("Juergen Trittin");
        assert_eq!(a.kind, ActorKind::Person);
        assert_eq!(a.country.as_deref(), Some("DE"));
        // the plain folding still comes first ("Schröder" is the dictionaries' "Schroeder" too)
        assert!(g.lookup("Gerhard Schröder").is_some());
    }

    #[test]
    fn obama_was_president_from_2009_to_2017() {
        let obama = ActorGazetteer::builtin().lookup("Barack Obama").unwrap();
        assert_eq!(obama.kind, ActorKind::Person);
        assert_eq!(obama.country.as_deref(), Some("US"));
        let gov = obama.terms.iter().find(|t| t.code == "USAGOV").unwrap();
        assert_eq!((gov.start, gov.end), (Some(20090120), Some(20170120)));
        assert_eq!(gov.sectors(), vec!["GOV"]);
        assert_eq!(gov.country(), Some("USA"));
        assert!(gov.is_office());
        assert_eq!(obama.status_on(Some(20120601)), OfficeStatus::Current);
        assert_eq!(obama.status_on(Some(20200601)), OfficeStatus::Former);
        assert_eq!(obama.status_on(Some(20050601)), OfficeStatus::None);
        assert_eq!(obama.status_on(None), OfficeStatus::Current);
        let codes: Vec<&str> = obama
            .codes_on(Some(20120601))
            .iter()
            .map(|t| t.code.as_str())
            .collect();
        assert_eq!(codes, vec!["USAGOV"]);
        // six-digit years: 78 is 1978 (the pivot reads 00-30 as 2000-2030)
        let eli = obama.terms.iter().find(|t| t.code == "USAELI").unwrap();
        assert_eq!(eli.start, Some(19780101));
    }

    #[test]
    fn armed_groups_and_international_organisations() {
        let g = ActorGazetteer::builtin();
        for name in ["Taliban", "Hezbollah", "Hamas"] {
            assert_eq!(
                g.lookup(name).map(|a| a.kind),
                Some(ActorKind::Armed),
                "{name}"
            );
        }
        let taliban = g
            .lookup("the taliban")
            .or_else(|| g.lookup("Taliban"))
            .unwrap();
        assert_eq!(taliban.country.as_deref(), Some("AF"));
        assert_eq!(taliban.codes_on(Some(20100101))[0].sectors(), vec!["REB"]);
        let un = g.lookup("United Nations").unwrap();
        assert_eq!(un.kind, ActorKind::International);
        assert_eq!(un.terms[0].sectors(), vec!["IGO", "UNO"]);
        // single words and titles are not person names here
        assert!(g.lookup("Obama").is_none());
        assert!(g.lookup("President Obama").is_none());
    }

    #[test]
    fn terms_parse_and_cover() {
        let t = parse_term("AFGGOVEDU@2003-01-01..").unwrap();
        assert!(t.covers(20991231) && !t.covers(20021231));
        assert_eq!(t.sectors(), vec!["GOV", "EDU"]);
        let t = parse_term("IGOUNO@..2006-12-31").unwrap();
        assert!(t.covers(19000101) && !t.covers(20070101) && t.is_office());
        let t = parse_term("ELI").unwrap();
        assert!(!t.dated && !t.covers(20000101) && !t.is_office());
        assert_eq!(t.sectors(), vec!["ELI"]);
        assert!(parse_term("USAGOV@2009-13-01").is_none());
        assert!(parse_term("usagov").is_none());
        assert_eq!(day("2020-03-04"), Some(20200304));
        assert_eq!(iso(20200304), "2020-03-04");
    }
}

//! Gazetteers and lexicons: the plain files under `data/` (compiled into the binary, so it runs
//! from anywhere) plus any user files given with `--gazetteer`. Parsing errors name file and line.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::document::{EntityType, MentionForm, Predicate};
use crate::error::Error;
use crate::matcher::PhraseMatcher;
use crate::text::{fold, normalize_key};

/// One gazetteer entry: a named thing with its surface forms.
#[derive(Clone, Debug, PartialEq)]
pub struct GazEntry {
    pub name: String,
    pub etype: EntityType,
    pub wikidata: Option<String>,
    /// ISO 3166-1 alpha-2 code: the country itself, or the country an entry belongs to.
    pub country: Option<String>,
    pub aliases: Vec<String>,
    pub demonyms: Vec<String>,
    /// For a capital city: the index of its country's entry.
    pub capital_of: Option<usize>,
}

/// All gazetteer entries and an automaton over their surface forms.
pub struct Gazetteer {
    pub entries: Vec<GazEntry>,
    /// Surface form id -> (entry, form); payload ids of `matcher` index this.
    pub forms: Vec<(usize, MentionForm)>,
    pub matcher: PhraseMatcher,
    by_code: HashMap<String, usize>,
    by_key: HashMap<String, usize>,
}

impl Gazetteer {
    /// The entry whose name or alias has this normalised key (`util::normalize_key`).
    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.by_key.get(&normalize_key(name)).copied()
    }

    pub fn country_by_code(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TitleClass {
    Official,
    Role,
    Honorific,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeadPosition {
    Last,
    Any,
}

/// One line of the relation-cue lexicon: its predicate, PLOVER class and guards.
#[derive(Clone, Debug)]
pub struct RelationCue {
    pub predicate: Predicate,
    pub event_class: &'static str,
    /// `nosport`: not in sport news (an article or sentence about a match: "Wales host France").
    pub no_sport: bool,
    /// `political`: one side must be an Official, an Agency or a Country ("met", "visited").
    pub political: bool,
    /// `armed`: the class holds only when the sentence names armed forces or weapons; otherwise
    /// the cue is a verbal attack, DISAPPROVE ("attacked Labour's taxes", "clashed with").
    pub armed: bool,
    /// `infinitive`: only as a bare verb after "to", a modal, "do" or a negation ("will back",
    /// "to back"; "back" is also a noun and an adverb).
    pub infinitive: bool,
}

/// A relation cue with gaps ("signed … accord with"): after its first words, each further
/// segment follows within [`CUE_GAP`] words.
#[derive(Clone, Debug)]
pub struct GappedCue {
    /// Index into `Resources::relation_cues`.
    pub cue: usize,
    /// The lowercase words of every segment after the first.
    pub segments: Vec<Vec<String>>,
}

/// The most words a gap in a relation cue spans ("signed an 800-tonne trade accord with").
pub const CUE_GAP: usize = 3;

/// Everything the extraction stages look up.
pub struct Resources {
    pub gazetteer: Gazetteer,
    pub titles: Vec<(String, TitleClass)>,
    /// `titles` as a set, for single-word lookups.
    title_set: HashSet<(String, TitleClass)>,
    pub title_matcher: PhraseMatcher,
    pub given_names: HashSet<String>,
    pub surnames: HashSet<String>,
    pub speech_matcher: PhraseMatcher,
    pub speech_cues: Vec<String>,
    /// Verbs that are speech cues right after a quote only (`speech_postposed.txt`).
    pub postposed_cues: HashSet<String>,
    /// Names of kinds of things (products, technologies, acronyms of common nouns) that are
    /// no entity, as written (`not_entities.txt`).
    pub not_entities: HashSet<String>,
    /// Sports clubs and franchises (`teams.txt`), as written: in sport news such a name is
    /// the team, whatever else it names.
    pub teams: HashSet<String>,
    /// One per line of `relation_cues.tsv`.
    pub relation_cues: Vec<RelationCue>,
    /// Cues without gaps; payloads index `relation_cues`.
    pub relation_matcher: PhraseMatcher,
    /// Cues with gaps; `relation_head_matcher` finds their first segment (payloads index this).
    pub relation_gapped: Vec<GappedCue>,
    pub relation_head_matcher: PhraseMatcher,
    pub org_heads: HashMap<String, (EntityType, HeadPosition)>,
    pub metonymy_verbs: HashSet<String>,
    /// Lowercase words near a person's name: `true` = political, `false` = private life.
    pub person_context: HashMap<String, bool>,
    /// BLAKE3 of every data file loaded (built-in and user), in load order.
    pub fingerprint: String,
}

/// A data file: its name (for messages) and contents.
struct Source<'a> {
    name: &'a str,
    text: &'a str,
}

/// The built-in data files, compiled in.
const BUILTIN: &[(&str, &str)] = &[
    (
        "data/gazetteers/countries.tsv",
        include_str!("../../../data/gazetteers/countries.tsv"),
    ),
    (
        "data/gazetteers/places.tsv",
        include_str!("../../../data/gazetteers/places.tsv"),
    ),
    (
        "data/gazetteers/organizations.tsv",
        include_str!("../../../data/gazetteers/organizations.tsv"),
    ),
    (
        "data/gazetteers/people.tsv",
        include_str!("../../../data/gazetteers/people.tsv"),
    ),
    (
        "data/lexicons/titles.tsv",
        include_str!("../../../data/lexicons/titles.tsv"),
    ),
    (
        "data/lexicons/given_names.txt",
        include_str!("../../../data/lexicons/given_names.txt"),
    ),
    (
        "data/lexicons/surnames.txt",
        include_str!("../../../data/lexicons/surnames.txt"),
    ),
    (
        "data/lexicons/person_context.tsv",
        include_str!("../../../data/lexicons/person_context.tsv"),
    ),
    (
        "data/lexicons/metonymy_verbs.txt",
        include_str!("../../../data/lexicons/metonymy_verbs.txt"),
    ),
    (
        "data/lexicons/speech_verbs.txt",
        include_str!("../../../data/lexicons/speech_verbs.txt"),
    ),
    (
        "data/lexicons/speech_postposed.txt",
        include_str!("../../../data/lexicons/speech_postposed.txt"),
    ),
    (
        "data/lexicons/not_entities.txt",
        include_str!("../../../data/lexicons/not_entities.txt"),
    ),
    (
        "data/lexicons/relation_cues.tsv",
        include_str!("../../../data/lexicons/relation_cues.tsv"),
    ),
    (
        "data/lexicons/org_heads.tsv",
        include_str!("../../../data/lexicons/org_heads.tsv"),
    ),
    (
        "data/lexicons/teams.txt",
        include_str!("../../../data/lexicons/teams.txt"),
    ),
    // read by `agents`; listed here so that its hash is part of the fingerprint
    (crate::agents::BUILTIN_NAME, crate::agents::BUILTIN_TSV),
    // read by the `actors` stage, likewise
    (crate::actors::BUILTIN_NAME, crate::actors::BUILTIN_TSV),
    // read by `cameo` and the relations stage, likewise
    ("data/lexicons/cameo.tsv", crate::cameo::BUILTIN_TSV),
    (
        "data/lexicons/cameo_scope.tsv",
        crate::pipeline::relations::SCOPE_TSV,
    ),
];

fn builtin(path: &str) -> Source<'static> {
    let (name, text) = BUILTIN
        .iter()
        .find(|(n, _)| n.ends_with(path))
        .expect("a built-in data file");
    Source { name, text }
}

const EVENT_CLASSES: &[&str] = &[
    "DISAPPROVE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "ACCUSE",
    "ASSAULT",
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
];

fn data_lines<'a>(src: &'a Source<'a>) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    src.text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

fn bad(src: &Source, line: usize, message: impl Into<String>) -> Error {
    Error::Data {
        file: src.name.to_string(),
        line,
        message: message.into(),
    }
}

fn columns<'a>(
    src: &Source,
    line_no: usize,
    line: &'a str,
    n: usize,
) -> Result<Vec<&'a str>, Error> {
    let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
    if cols.len() < n {
        return Err(bad(
            src,
            line_no,
            format!("expected {n} tab-separated columns, found {}", cols.len()),
        ));
    }
    Ok(cols)
}

fn list(col: &str) -> Vec<String> {
    col.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// Every form of a pattern with `{a,b,c}` alternatives: "{sign,signed} a deal" -> "sign a deal",
/// "signed a deal".
fn expand_braces(pattern: &str) -> Result<Vec<String>, String> {
    let Some(open) = pattern.find('{') else {
        if pattern.contains('}') {
            return Err(format!("{pattern:?}: '}}' without '{{'"));
        }
        return Ok(vec![pattern.to_string()]);
    };
    let close = pattern[open..]
        .find('}')
        .map(|i| open + i)
        .ok_or_else(|| format!("{pattern:?}: '{{' without '}}'"))?;
    let (head, alts, tail) = (
        &pattern[..open],
        &pattern[open + 1..close],
        &pattern[close + 1..],
    );
    if alts.contains('{') {
        return Err(format!("{pattern:?}: nested '{{'"));
    }
    let mut out = Vec::new();
    for alt in alts.split(',') {
        out.extend(expand_braces(&format!("{head}{}{tail}", alt.trim()))?);
    }
    Ok(out)
}

fn opt(col: &str) -> Option<String> {
    let c = col.trim();
    (!c.is_empty()).then(|| c.to_string())
}

fn wikidata(src: &Source, line: usize, col: &str) -> Result<Option<String>, Error> {
    match opt(col) {
        Some(q)
            if q.starts_with('Q') && q.len() > 1 && q[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            Ok(Some(q))
        }
        Some(q) => Err(bad(
            src,
            line,
            format!("wikidata id {q:?} is not of the form Q123"),
        )),
        None => Ok(None),
    }
}

fn etype(src: &Source, line: usize, col: &str) -> Result<EntityType, Error> {
    EntityType::from_local_name(col).ok_or_else(|| {
        bad(
            src,
            line,
            format!("unknown type {col:?} (expected Official, Person, Agency, Company, MediaOutlet, Organization, Country or Location)"),
        )
    })
}

/// A name written the other side of the Atlantic: "Organization" / "Organisation",
/// "Defense" / "Defence", "Center" / "Centre" (British news writes "the US Department of
/// Defence"). `None` when the name holds none of them.
fn other_spelling(name: &str) -> Option<String> {
    const PAIRS: [(&str, &str); 3] = [
        ("Organization", "Organisation"),
        ("Defense", "Defence"),
        ("Center", "Centre"),
    ];
    let mut out = name.to_string();
    for (us, uk) in PAIRS {
        if out.contains(us) {
            out = out.replace(us, uk);
        } else if out.contains(uk) {
            out = out.replace(uk, us);
        }
    }
    (out != name).then_some(out)
}

#[derive(Default)]
struct GazBuilder {
    entries: Vec<GazEntry>,
    by_code: HashMap<String, usize>,
    by_name: HashMap<(String, &'static str), usize>,
}

impl GazBuilder {
    fn push(&mut self, e: GazEntry) -> usize {
        // a later entry with the same name and family extends the earlier one (user files add aliases)
        let key = (e.name.clone(), e.etype.family());
        if let Some(&i) = self.by_name.get(&key) {
            let old = &mut self.entries[i];
            old.aliases.extend(e.aliases);
            old.demonyms.extend(e.demonyms);
            if e.wikidata.is_some() {
                old.wikidata = e.wikidata;
            }
            old.etype = e.etype;
            return i;
        }
        self.entries.push(e);
        self.by_name.insert(key, self.entries.len() - 1);
        self.entries.len() - 1
    }

    fn countries(&mut self, src: &Source) -> Result<(), Error> {
        for (n, line) in data_lines(src) {
            let c = columns(src, n, line, 6)?;
            let code = c[1].to_string();
            let idx = self.push(GazEntry {
                name: c[0].to_string(),
                etype: EntityType::Country,
                wikidata: wikidata(src, n, c[2])?,
                country: opt(&code),
                aliases: list(c[3]),
                demonyms: list(c[4]),
                capital_of: None,
            });
            if !code.is_empty() {
                self.by_code.insert(code.clone(), idx);
            }
            // several capitals are several cities ("Pretoria|Cape Town"); a value that extends or
            // respells the previous one is its alias ("Washington|Washington, D.C.", "Brasília|Brasilia")
            let mut cities: Vec<(String, Vec<String>)> = Vec::new();
            for cap in list(c[5]) {
                let same = cities.last().is_some_and(|(name, _)| {
                    cap.starts_with(name.as_str()) || normalize_key(&cap) == normalize_key(name)
                });
                match cities.last_mut() {
                    Some((_, aliases)) if same => aliases.push(cap),
                    _ => cities.push((cap, Vec::new())),
                }
            }
            for (name, aliases) in cities {
                self.push(GazEntry {
                    name,
                    etype: EntityType::Location,
                    wikidata: None,
                    country: opt(&code),
                    aliases,
                    demonyms: Vec::new(),
                    capital_of: Some(idx),
                });
            }
        }
        Ok(())
    }

    fn places(&mut self, src: &Source) -> Result<(), Error> {
        for (n, line) in data_lines(src) {
            let c = columns(src, n, line, 4)?;
            self.push(GazEntry {
                name: c[0].to_string(),
                etype: EntityType::Location,
                wikidata: wikidata(src, n, c[2])?,
                country: opt(c[1]),
                aliases: list(c[3]),
                demonyms: Vec::new(),
                capital_of: None,
            });
        }
        Ok(())
    }

    /// The generic format: `name type country_iso2 wikidata aliases [office]`.
    fn generic(&mut self, src: &Source) -> Result<(), Error> {
        for (n, line) in data_lines(src) {
            let c = columns(src, n, line, 5)?;
            if c[0] == "name" && c[1] == "type" {
                continue; // a header line
            }
            let t = etype(src, n, c[1])?;
            self.push(GazEntry {
                name: c[0].to_string(),
                etype: t,
                wikidata: wikidata(src, n, c[3])?,
                country: opt(c[2]),
                aliases: list(c[4]),
                demonyms: Vec::new(),
                capital_of: None,
            });
        }
        Ok(())
    }

    fn build(self) -> Gazetteer {
        let mut forms = Vec::new();
        let mut patterns = Vec::new();
        // the other spelling of each name ("World Trade Organisation" in British news)
        let spelled: Vec<Option<String>> = self
            .entries
            .iter()
            .map(|e| other_spelling(&e.name))
            .collect();
        for (i, e) in self.entries.iter().enumerate() {
            let base = if e.capital_of.is_some() {
                MentionForm::Capital
            } else {
                MentionForm::Name
            };
            let mut add = |surface: &str, form: MentionForm| {
                forms.push((i, form));
                patterns.push((surface.to_string(), (forms.len() - 1) as u32));
                // "the Associated Press" and "Associated Press" are both in news text
            };
            add(&e.name, base);
            if let Some(v) = &spelled[i] {
                add(v, base);
            }
            for a in &e.aliases {
                let form = if a.len() <= 6
                    && a.chars()
                        .filter(|c| c.is_alphabetic())
                        .all(|c| c.is_uppercase())
                {
                    MentionForm::Acronym
                } else if base == MentionForm::Capital {
                    MentionForm::Capital
                } else {
                    MentionForm::Alias
                };
                add(a, form);
            }
            for d in &e.demonyms {
                add(d, MentionForm::Demonym);
            }
        }
        let matcher = PhraseMatcher::new(patterns, false);
        let mut by_key = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                by_key.entry(normalize_key(n)).or_insert(i);
            }
            if let Some(v) = &spelled[i] {
                by_key.entry(normalize_key(v)).or_insert(i);
            }
        }
        Gazetteer {
            entries: self.entries,
            forms,
            matcher,
            by_code: self.by_code,
            by_key,
        }
    }
}

impl Resources {
    /// Every title phrase in the document body with its class, leftmost-longest.
    pub fn titles_in(
        &self,
        doc: &crate::document::Document,
    ) -> Vec<(crate::document::Span, TitleClass)> {
        let body = crate::document::Span::new(doc.body_start, doc.text.len());
        self.title_matcher
            .find(&doc.text, &doc.tokens, body)
            .into_iter()
            .map(|m| (m.span, self.titles[m.payloads[0] as usize].1))
            .collect()
    }

    /// Is `word` a given name ("Chelsea", "Jack"), as written or folded to ASCII?
    pub fn is_given_name(&self, word: &str) -> bool {
        self.given_names.contains(word) || self.given_names.contains(&crate::text::fold(word))
    }

    /// Is `word` (lowercase) a title of any class ("mr", "president", "coach")?
    pub fn is_any_title(&self, word: &str) -> bool {
        [
            TitleClass::Honorific,
            TitleClass::Official,
            TitleClass::Role,
        ]
        .iter()
        .any(|&c| self.is_title(word, c))
    }

    /// Is `word` (lowercase) a title of this class?
    pub fn is_title(&self, word: &str, class: TitleClass) -> bool {
        self.title_set.contains(&(word.to_string(), class))
    }

    /// The built-in data files.
    pub fn builtin() -> Result<Self, Error> {
        Self::load(&[])
    }

    /// The built-in data plus user gazetteer files in the generic format
    /// (`name<TAB>type<TAB>country_iso2<TAB>wikidata<TAB>aliases`).
    pub fn load(extra_gazetteers: &[&Path]) -> Result<Self, Error> {
        Self::load_with(extra_gazetteers, Vec::new())
    }

    /// [`Resources::load`], plus gazetteer entries built by the caller (read from another
    /// dictionary format, such as a PETRARCH actor dictionary), added after the files. An entry
    /// with the name and type family of an earlier one extends it, as in a user file. The entries
    /// count in the fingerprint.
    pub fn load_with(
        extra_gazetteers: &[&Path],
        extra_entries: Vec<GazEntry>,
    ) -> Result<Self, Error> {
        let mut g = GazBuilder::default();
        g.countries(&builtin("gazetteers/countries.tsv"))?;
        g.places(&builtin("gazetteers/places.tsv"))?;
        g.generic(&builtin("gazetteers/organizations.tsv"))?;
        g.generic(&builtin("gazetteers/people.tsv"))?;
        let mut fingerprint = blake3::Hasher::new();
        for (_, text) in BUILTIN {
            fingerprint.update(text.as_bytes());
        }
        for path in extra_gazetteers {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
            fingerprint.update(text.as_bytes());
            let name = path.display().to_string();
            g.generic(&Source {
                name: &name,
                text: &text,
            })?;
        }
        for e in extra_entries {
            let line = [
                e.name.as_str(),
                e.etype.local_name(),
                e.country.as_deref().unwrap_or(""),
                e.wikidata.as_deref().unwrap_or(""),
                &e.aliases.join("|"),
            ]
            .join("\t");
            fingerprint.update(line.as_bytes());
            fingerprint.update(b"\n");
            g.push(e);
        }
        let gazetteer = g.build();

        let src = builtin("lexicons/titles.tsv");
        let mut titles = Vec::new();
        for (n, line) in data_lines(&src) {
            let c = columns(&src, n, line, 2)?;
            let class = match c[1] {
                "official" => TitleClass::Official,
                "role" => TitleClass::Role,
                "honorific" => TitleClass::Honorific,
                other => return Err(bad(&src, n, format!("unknown title class {other:?}"))),
            };
            titles.push((c[0].to_lowercase(), class));
        }
        let title_set = titles.iter().cloned().collect();
        let title_matcher = PhraseMatcher::new(
            titles
                .iter()
                .enumerate()
                .map(|(i, (t, _))| (t.clone(), i as u32)),
            true,
        );

        let words = |src: Source| -> HashSet<String> {
            data_lines(&src)
                .map(|(_, l)| l.trim().to_string())
                .collect()
        };
        let with_folded = |set: HashSet<String>| -> HashSet<String> {
            let folded: Vec<String> = set.iter().map(|w| fold(w)).collect();
            set.into_iter().chain(folded).collect()
        };
        let given_names = with_folded(words(builtin("lexicons/given_names.txt")));
        let surnames = with_folded(words(builtin("lexicons/surnames.txt")));
        let metonymy_verbs = words(builtin("lexicons/metonymy_verbs.txt"));
        let teams = words(builtin("lexicons/teams.txt"));
        let src = builtin("lexicons/person_context.tsv");
        let mut person_context = HashMap::new();
        for (n, line) in data_lines(&src) {
            let c = columns(&src, n, line, 2)?;
            let political = match c[1] {
                "political" => true,
                "private" => false,
                other => return Err(bad(&src, n, format!("unknown class {other:?}"))),
            };
            person_context.insert(c[0].to_lowercase(), political);
        }

        let src = builtin("lexicons/speech_verbs.txt");
        let speech_cues: Vec<String> = data_lines(&src)
            .map(|(_, l)| l.trim().to_lowercase())
            .collect();
        let postposed_cues: HashSet<String> = data_lines(&builtin("lexicons/speech_postposed.txt"))
            .map(|(_, l)| l.trim().to_lowercase())
            .collect();
        let not_entities: HashSet<String> = data_lines(&builtin("lexicons/not_entities.txt"))
            .map(|(_, l)| l.trim().to_string())
            .collect();
        let speech_matcher = PhraseMatcher::new(
            speech_cues
                .iter()
                .enumerate()
                .map(|(i, s)| (s.clone(), i as u32)),
            true,
        );

        let src = builtin("lexicons/relation_cues.tsv");
        let mut relation_cues = Vec::new();
        let mut rel_patterns = Vec::new();
        let mut relation_gapped = Vec::new();
        let mut head_patterns = Vec::new();
        for (n, line) in data_lines(&src) {
            let c = columns(&src, n, line, 3)?;
            let predicate = Predicate::from_local_name(c[0]).ok_or_else(|| {
                bad(
                    &src,
                    n,
                    format!("unknown predicate {:?} (opposes or partnersWith)", c[0]),
                )
            })?;
            let event_class = EVENT_CLASSES
                .iter()
                .find(|e| **e == c[1])
                .ok_or_else(|| bad(&src, n, format!("unknown event class {:?}", c[1])))?;
            let mut cue = RelationCue {
                predicate,
                event_class,
                no_sport: false,
                political: false,
                armed: false,
                infinitive: false,
            };
            for guard in c.get(3).map_or(Vec::new(), |g| list(&g.replace(',', "|"))) {
                match guard.as_str() {
                    "nosport" => cue.no_sport = true,
                    "political" => cue.political = true,
                    "armed" => cue.armed = true,
                    "infinitive" => cue.infinitive = true,
                    other => {
                        return Err(bad(
                            &src,
                            n,
                            format!(
                                "unknown guard {other:?} (nosport, political, armed, infinitive)"
                            ),
                        ))
                    }
                }
            }
            let ci = relation_cues.len();
            relation_cues.push(cue);
            for pattern in list(c[2]) {
                for form in expand_braces(&pattern).map_err(|m| bad(&src, n, m))? {
                    let form = form.replace("...", "…");
                    let segments: Vec<Vec<String>> = form
                        .split('…')
                        .map(|seg| seg.split_whitespace().map(str::to_lowercase).collect())
                        .collect();
                    if segments.iter().any(Vec::is_empty) {
                        return Err(bad(
                            &src,
                            n,
                            format!("{form:?}: a gap (…) needs words on both sides"),
                        ));
                    }
                    if segments.len() == 1 {
                        rel_patterns.push((segments[0].join(" "), ci as u32));
                    } else {
                        head_patterns.push((segments[0].join(" "), relation_gapped.len() as u32));
                        relation_gapped.push(GappedCue {
                            cue: ci,
                            segments: segments[1..].to_vec(),
                        });
                    }
                }
            }
        }
        let relation_matcher = PhraseMatcher::new(rel_patterns, true);
        let relation_head_matcher = PhraseMatcher::new(head_patterns, true);

        let src = builtin("lexicons/org_heads.tsv");
        let mut org_heads = HashMap::new();
        for (n, line) in data_lines(&src) {
            let c = columns(&src, n, line, 3)?;
            let t = etype(&src, n, c[1])?;
            let pos = match c[2] {
                "last" => HeadPosition::Last,
                "any" => HeadPosition::Any,
                other => {
                    return Err(bad(
                        &src,
                        n,
                        format!("unknown position {other:?} (last or any)"),
                    ))
                }
            };
            org_heads.insert(c[0].to_string(), (t, pos));
        }

        Ok(Resources {
            gazetteer,
            titles,
            title_matcher,
            given_names,
            surnames,
            speech_matcher,
            speech_cues,
            postposed_cues,
            not_entities,
            teams,
            relation_cues,
            relation_matcher,
            relation_gapped,
            relation_head_matcher,
            org_heads,
            metonymy_verbs,
            person_context,
            title_set,
            fingerprint: fingerprint.finalize().to_hex()[..16].to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wikidata_id_names_one_gazetteer_entry() {
        // entity IRIs come from Wikidata ids: one id on two entries would make one entity of
        // two things (Q71 was once both Geneva and the Red Cross)
        let r = Resources::builtin().unwrap();
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for e in &r.gazetteer.entries {
            if let Some(q) = e.wikidata.as_deref() {
                if let Some(other) = seen.insert(q, &e.name) {
                    assert_eq!(other, e.name, "{q} is both {other} and {}", e.name);
                }
            }
        }
    }

    #[test]
    fn a_name_spelled_the_other_side_of_the_atlantic_is_the_same_entry() {
        let r = Resources::builtin().unwrap();
        let g = &r.gazetteer;
        let wto = g
            .lookup("World Trade Organization")
            .expect("in the gazetteer");
        assert_eq!(g.lookup("World Trade Organisation"), Some(wto));
        assert_eq!(
            other_spelling("US Department of Defence").as_deref(),
            Some("US Department of Defense")
        );
        assert_eq!(other_spelling("Bank of England"), None);
    }

    #[test]
    fn builtin_data_loads_and_links_capitals() {
        let r = Resources::builtin().unwrap();
        let g = &r.gazetteer;
        let cn = g
            .country_by_code("CN")
            .expect("China is in the country gazetteer");
        assert_eq!(g.entries[cn].name, "China");
        assert_eq!(g.entries[cn].wikidata.as_deref(), Some("Q148"));
        let beijing = g.entries.iter().position(|e| e.name == "Beijing").unwrap();
        assert_eq!(g.entries[beijing].capital_of, Some(cn));
        assert!(r
            .titles
            .iter()
            .any(|(t, c)| t == "president" && *c == TitleClass::Official));
        assert!(r.given_names.contains("Adam"));
    }

    #[test]
    fn bad_user_gazetteer_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("mine.tsv");
        std::fs::write(
            &p,
            "# comment\nAcme Widgets\tCompany\tUS\t\tAcme\nBroken\tSpaceship\t\t\t\n",
        )
        .unwrap();
        let err = Resources::load(&[&p]).err().unwrap().to_string();
        assert!(
            err.contains("mine.tsv:3: ") && err.contains("Spaceship"),
            "{err}"
        );
    }

    #[test]
    fn relation_cues_expand_braces_and_gaps() {
        assert_eq!(
            expand_braces("{sign,signed} … {deal,pact} with").unwrap(),
            vec![
                "sign … deal with",
                "sign … pact with",
                "signed … deal with",
                "signed … pact with"
            ]
        );
        assert!(expand_braces("{sign,signed … deal").is_err());
        let r = Resources::builtin().unwrap();
        let g = r
            .relation_gapped
            .iter()
            .find(|g| g.segments == vec![vec!["accord".to_string(), "with".to_string()]])
            .expect("signed … accord with is a gapped cue");
        assert_eq!(r.relation_cues[g.cue].predicate, Predicate::PartnersWith);
        assert!(r
            .relation_cues
            .iter()
            .any(|c| c.no_sport && c.political && c.event_class == "CONSULT"));
    }
}

//! The agent lexicon: nouns for actors that belong to a country ("police", "rebels", "foreign
//! minister", "state media"), each with its CAMEO sector code, the entity type it yields and its
//! scope. Built from the Phoenix (PETRARCH 2) agent dictionary of the Open Event Data Alliance
//! (MIT) by `scripts/phoenix_agents.py` into `data/lexicons/agents.tsv`, compiled in.
//!
//! The lexicon knows phrases only; the pipeline's `agents` stage puts them next to a country
//! ("Chinese police", "officials from Japan"). Lookups are word by word over lowercase words
//! (tokens as the segmenter cuts them: a possessive `'s` is a word of its own), longest phrase
//! first, through two tries: one read backwards from the last word
//! ([`AgentLexicon::longest_ending_at`]) and one forwards ([`AgentLexicon::longest_starting_at`]).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::document::EntityType;
use crate::error::{Error, Result};

/// The built-in lexicon file, as compiled in (its hash is part of the pipeline's fingerprint).
pub const BUILTIN_TSV: &str = include_str!("../../../data/lexicons/agents.tsv");
/// Its name, for messages.
pub const BUILTIN_NAME: &str = "data/lexicons/agents.tsv";

/// The longest phrase of the built-in lexicon has fewer words than this (checked by a test);
/// callers may bound their look-ahead with it.
pub const MAX_WORDS: usize = 12;

/// How far the entity an agent phrase names reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgentScope {
    /// A collective, or a body a country has one of ("police", "officials", "the foreign
    /// ministry"): one entity per country, the same in every article.
    Country,
    /// One unnamed person, or one of many bodies ("a foreign minister", "a Chinese company"):
    /// an entity of this article only.
    Article,
}

/// One phrase of the lexicon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agent {
    /// Lowercase words separated by single spaces, as written in the file ("foreign minister",
    /// "party 's military wing").
    pub phrase: String,
    /// CAMEO agent code, added after a country code: `COP`, `GOVMED`.
    pub sector: String,
    pub etype: EntityType,
    pub scope: AgentScope,
}

impl Agent {
    /// The phrase as text: words joined by spaces, a possessive or comma joined to the word
    /// before it ("party's military wing").
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.phrase.len());
        for w in self.phrase.split(' ') {
            if !out.is_empty() && !matches!(w, "'s" | "," | "'") {
                out.push(' ');
            }
            out.push_str(w);
        }
        out
    }

    /// The whole CAMEO code of this agent of a country, given the country's CAMEO code: `CHN` +
    /// `COP` = `CHNCOP`.
    pub fn cameo_code(&self, country: &str) -> String {
        format!("{country}{}", self.sector)
    }

    /// Does the phrase name one person ("foreign minister", not "officials")?
    pub fn is_person(&self) -> bool {
        self.etype.is_person()
    }
}

/// A trie over word ids: `edges[(node, word)] = child`; node 0 is the root.
#[derive(Default)]
struct Trie {
    edges: HashMap<(u32, u32), u32>,
    /// The agent a path ends on, per node.
    ends: Vec<Option<u32>>,
}

impl Trie {
    fn insert(&mut self, words: impl Iterator<Item = u32>, agent: u32) {
        if self.ends.is_empty() {
            self.ends.push(None);
        }
        let mut node = 0u32;
        for w in words {
            node = match self.edges.get(&(node, w)) {
                Some(&n) => n,
                None => {
                    let n = self.ends.len() as u32;
                    self.ends.push(None);
                    self.edges.insert((node, w), n);
                    n
                }
            };
        }
        self.ends[node as usize] = Some(agent);
    }

    /// Follow `words` from the root; the agent and step count of the longest complete phrase.
    fn longest(&self, words: impl Iterator<Item = Option<u32>>) -> Option<(usize, u32)> {
        let mut node = 0u32;
        let mut best = None;
        for (i, w) in words.enumerate() {
            let Some(w) = w else { break };
            match self.edges.get(&(node, w)) {
                Some(&n) => node = n,
                None => break,
            }
            if let Some(a) = self.ends[node as usize] {
                best = Some((i + 1, a));
            }
        }
        best
    }
}

/// All agent phrases and the two tries over them.
pub struct AgentLexicon {
    pub agents: Vec<Agent>,
    vocab: HashMap<String, u32>,
    by_phrase: HashMap<String, usize>,
    forward: Trie,
    backward: Trie,
}

/// The words of a phrase or noun phrase as the segmenter cuts them, lowercased, `’` read as
/// `'`: split at whitespace, a possessive `'s` and a trailing apostrophe or comma split off
/// ("workers' federation" -> `workers`, `'`, `federation`).
pub fn phrase_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.split_whitespace() {
        let w = raw.to_lowercase().replace('’', "'");
        let (w, comma) = match w.strip_suffix(',') {
            Some(s) if !s.is_empty() => (s.to_string(), true),
            _ => (w, false),
        };
        if let Some(stem) = w.strip_suffix("'s").filter(|s| !s.is_empty()) {
            out.push(stem.to_string());
            out.push("'s".to_string());
        } else if let Some(stem) = w.strip_suffix('\'').filter(|s| !s.is_empty()) {
            out.push(stem.to_string());
            out.push("'".to_string());
        } else {
            out.push(w);
        }
        if comma {
            out.push(",".to_string());
        }
    }
    out
}

fn bad(file: &str, line: usize, message: impl Into<String>) -> Error {
    Error::Data {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

impl AgentLexicon {
    /// The built-in lexicon (`data/lexicons/agents.tsv`), read once.
    pub fn builtin() -> Result<&'static AgentLexicon> {
        static LEXICON: OnceLock<AgentLexicon> = OnceLock::new();
        if let Some(l) = LEXICON.get() {
            return Ok(l);
        }
        let l = Self::parse(BUILTIN_TSV, BUILTIN_NAME)?;
        Ok(LEXICON.get_or_init(|| l))
    }

    /// Read a lexicon in the format of `data/lexicons/agents.tsv` (`phrase sector type scope`,
    /// tab-separated; `#` comments). Errors name the file and line.
    pub fn parse(text: &str, file: &str) -> Result<Self> {
        let mut lex = AgentLexicon {
            agents: Vec::new(),
            vocab: HashMap::new(),
            by_phrase: HashMap::new(),
            forward: Trie::default(),
            backward: Trie::default(),
        };
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            if cols.len() < 4 {
                return Err(bad(
                    file,
                    n,
                    format!("expected 4 tab-separated columns, found {}", cols.len()),
                ));
            }
            let words = phrase_words(cols[0]);
            if words.is_empty() {
                return Err(bad(file, n, "empty phrase"));
            }
            let phrase = words.join(" ");
            if phrase != cols[0] {
                return Err(bad(
                    file,
                    n,
                    format!("phrase {:?} is not lowercase words separated by single spaces (expected {phrase:?})", cols[0]),
                ));
            }
            let sector = cols[1];
            if sector.is_empty()
                || sector.len() % 3 != 0
                || !sector.bytes().all(|b| b.is_ascii_uppercase())
            {
                return Err(bad(
                    file,
                    n,
                    format!("sector {sector:?} is not a CAMEO agent code (COP, GOVMED)"),
                ));
            }
            let etype = EntityType::from_local_name(cols[2])
                .filter(|t| t.is_person() || t.is_org())
                .ok_or_else(|| {
                    bad(
                        file,
                        n,
                        format!("type {:?}: expected Official, Person, Agency, Company, MediaOutlet or Organization", cols[2]),
                    )
                })?;
            let scope = match cols[3] {
                "country" => AgentScope::Country,
                "article" => AgentScope::Article,
                other => {
                    return Err(bad(
                        file,
                        n,
                        format!("scope {other:?}: expected country or article"),
                    ))
                }
            };
            if lex.by_phrase.contains_key(&phrase) {
                return Err(bad(file, n, format!("phrase {phrase:?} is listed twice")));
            }
            let id = lex.agents.len() as u32;
            let ids: Vec<u32> = words
                .iter()
                .map(|w| {
                    let next = lex.vocab.len() as u32;
                    *lex.vocab.entry(w.clone()).or_insert(next)
                })
                .collect();
            lex.forward.insert(ids.iter().copied(), id);
            lex.backward.insert(ids.iter().rev().copied(), id);
            lex.by_phrase.insert(phrase.clone(), id as usize);
            lex.agents.push(Agent {
                phrase,
                sector: sector.to_string(),
                etype,
                scope,
            });
        }
        Ok(lex)
    }

    fn word_id(&self, w: &str) -> Option<u32> {
        if let Some(&id) = self.vocab.get(w) {
            return Some(id);
        }
        if w.bytes().any(|b| b.is_ascii_uppercase()) || !w.is_ascii() {
            let lower = w.to_lowercase().replace('’', "'");
            return self.vocab.get(&lower).copied();
        }
        None
    }

    /// The agent with exactly this phrase (any case, any spacing).
    pub fn get(&self, phrase: &str) -> Option<&Agent> {
        self.index_of(phrase).map(|i| &self.agents[i])
    }

    /// The index in `agents` of the agent with exactly this phrase.
    pub fn index_of(&self, phrase: &str) -> Option<usize> {
        self.by_phrase.get(&phrase_words(phrase).join(" ")).copied()
    }

    /// The longest phrase that ends with word `end - 1` of `words` (the words of a text, any
    /// case): `(start, agent index)` with `words[start..end]` the phrase.
    pub fn longest_ending_at<S: AsRef<str>>(
        &self,
        words: &[S],
        end: usize,
    ) -> Option<(usize, usize)> {
        let end = end.min(words.len());
        let ids = words[..end].iter().rev().map(|w| self.word_id(w.as_ref()));
        self.backward
            .longest(ids)
            .map(|(n, a)| (end - n, a as usize))
    }

    /// The longest phrase that starts with word `start` of `words`: `(end, agent index)` with
    /// `words[start..end]` the phrase.
    pub fn longest_starting_at<S: AsRef<str>>(
        &self,
        words: &[S],
        start: usize,
    ) -> Option<(usize, usize)> {
        let ids = words
            .get(start..)
            .unwrap_or_default()
            .iter()
            .map(|w| self.word_id(w.as_ref()));
        self.forward
            .longest(ids)
            .map(|(n, a)| (start + n, a as usize))
    }

    /// The agent a noun phrase names: the longest phrase ending at its last word ("Chinese
    /// riot police", "Japan's foreign minister"), else the longest starting at its first word
    /// after a determiner ("the police from China", "officials of Japan").
    pub fn find_in(&self, text: &str) -> Option<&Agent> {
        let words = phrase_words(text);
        if let Some((_, a)) = self.longest_ending_at(&words, words.len()) {
            return Some(&self.agents[a]);
        }
        let first = usize::from(
            words
                .first()
                .is_some_and(|w| matches!(w.as_str(), "the" | "a" | "an")),
        );
        self.longest_starting_at(&words, first)
            .map(|(_, a)| &self.agents[a])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_loads_with_the_usual_agents() {
        let lex = AgentLexicon::builtin().unwrap();
        assert!(lex.agents.len() > 4000, "{}", lex.agents.len());
        let police = lex.get("police").unwrap();
        assert_eq!(
            (police.sector.as_str(), police.etype, police.scope),
            ("COP", EntityType::Agency, AgentScope::Country)
        );
        let rebels = lex.get("Rebels").unwrap();
        assert_eq!(
            (rebels.sector.as_str(), rebels.etype, rebels.scope),
            ("REB", EntityType::Organization, AgentScope::Country)
        );
        let fm = lex.get("foreign  minister").unwrap();
        assert_eq!(
            (fm.etype, fm.scope),
            (EntityType::Official, AgentScope::Article)
        );
        assert_eq!(lex.get("troops").unwrap().etype, EntityType::Agency);
        assert_eq!(lex.get("officials").unwrap().etype, EntityType::Agency);
        assert_eq!(
            lex.get("state media").unwrap().etype,
            EntityType::MediaOutlet
        );
        assert_eq!(lex.get("companies").unwrap().etype, EntityType::Company);
        assert_eq!(
            lex.get("opposition").unwrap().etype,
            EntityType::Organization
        );
        // generic words, things and international agents are not in it
        for dropped in ["man", "people", "person", "tanker", "peacekeeping troops"] {
            assert!(lex.get(dropped).is_none(), "{dropped}");
        }
        assert_eq!(police.cameo_code("CHN"), "CHNCOP");
        let wing = lex.get("party's military wing").unwrap();
        assert_eq!(wing.text(), "party's military wing");
        for a in &lex.agents {
            assert!(phrase_words(&a.phrase).len() < MAX_WORDS, "{}", a.phrase);
        }
    }

    #[test]
    fn phrases_split_as_the_segmenter_splits_tokens() {
        // the lexicon's words must be the tokens the pipeline sees
        let lex = AgentLexicon::builtin().unwrap();
        // (abbreviations such as "brig. gen." are cut as the segmenter's list of abbreviations
        // says, which knows only some)
        for a in lex.agents.iter().filter(|a| !a.phrase.contains('.')) {
            // capitalised, as names are written
            let text: String = a
                .text()
                .split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
                })
                .collect::<Vec<_>>()
                .join(" ");
            let tokens: Vec<String> = crate::pipeline::segment::tokenize(&text, 0)
                .iter()
                .map(|t| text[t.span.start..t.span.end].to_lowercase())
                .collect();
            assert_eq!(tokens, phrase_words(&text), "{text:?}");
        }
    }

    #[test]
    fn longest_phrase_ending_or_starting_at_a_word() {
        let lex = AgentLexicon::builtin().unwrap();
        let words = ["The", "Chinese", "Riot", "Police", "arrested", "them"];
        let (start, a) = lex.longest_ending_at(&words, 4).unwrap();
        assert_eq!((start, lex.agents[a].phrase.as_str()), (2, "riot police"));
        let (end, a) = lex.longest_starting_at(&words, 2).unwrap();
        assert_eq!((end, lex.agents[a].phrase.as_str()), (4, "riot police"));
        assert_eq!(lex.longest_starting_at(&words, 4), None);
        assert_eq!(lex.longest_ending_at(&words, 0), None);
        assert_eq!(lex.longest_starting_at(&words, 99), None);
        let words = ["the", "minister", "of", "foreign", "affairs", "said"];
        let (end, a) = lex.longest_starting_at(&words, 1).unwrap();
        assert_eq!(
            (end, lex.agents[a].phrase.as_str()),
            (5, "minister of foreign affairs")
        );
        assert_eq!(
            lex.find_in("Chinese riot police").unwrap().phrase,
            "riot police"
        );
        assert_eq!(
            lex.find_in("the officials from Japan").unwrap().phrase,
            "officials"
        );
        assert!(lex.find_in("Japan").is_none());
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let e = AgentLexicon::parse(
            "# h\npolice\tCOP\tAgency\tcountry\nrebels\tREB\tThing\tcountry\n",
            "x.tsv",
        )
        .err()
        .unwrap()
        .to_string();
        assert!(e.contains("x.tsv:3: ") && e.contains("Thing"), "{e}");
        for bad in [
            "police\tcop\tAgency\tcountry",
            "Police\tCOP\tAgency\tcountry",
            "police\tCOP\tCountry\tcountry",
            "police\tCOP\tAgency\tworld",
            "police\tCOP\tAgency",
            "police\tCOP\tAgency\tcountry\npolice\tCOP\tAgency\tcountry",
        ] {
            assert!(AgentLexicon::parse(bad, "x.tsv").is_err(), "{bad}");
        }
    }
}

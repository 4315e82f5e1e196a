//! CAMEO event codes for verbs in clauses, from the PETRARCH2 verb dictionary.
//!
//! [`Cameo::builtin`] reads `data/lexicons/cameo.tsv`, which `scripts/cameo_lexicon.py` generates
//! from `CAMEO.2.0.txt`, the verb dictionary of the PETRARCH2 event coder (Open Event Data
//! Alliance, MIT licence). The file is compiled in, and every string this module returns is a
//! slice of it.
//!
//! # The file
//!
//! Tab-separated records, `#` lines are comments (the file's header says the same at length):
//!
//! - `C code root plover`: an event code, its CAMEO root (its first two digits) and its PLOVER
//!   class (`-` for root 01, public statements, which PLOVER does not code).
//! - `S &name members`: a synonym set; members are separated by `|`, a member of several words
//!   matches them consecutively, a trailing `_` makes a member exact (no plural).
//! - `B name code`: a verb block (PETRARCH's `--- NAME [code] ---`) and its default code.
//! - `V lemma code further forms`: a verb of the block above: its own code (empty: the block's),
//!   the further words of a multi-word verb (`out` for "carry out"), and the `|`-separated
//!   lowercase forms of its verb word (base, -s, -ed, -ing, irregular and British forms).
//! - `P code pattern`: a pattern of the block above, as CAMEO writes it, lowercased.
//!
//! Codes: `111` is one event from the source (the clause's subject) to the target; `042:043`
//! adds a second event, 043, from the target back to the source ([`CameoMatch::reverse`]);
//! `:173` is only an event from the target to the source: the subject undergoes it ("appeared
//! before the court", [`CameoMatch::passive`]); `---` is no event.
//!
//! # Matching
//!
//! A clause is given to [`Cameo::code`] as the verb, the lowercase words before it (`before`,
//! its subject and auxiliaries) and the lowercase words after it (`after`, its particles,
//! objects and prepositional phrases), in text order.
//!
//! 1. A multi-word verb matches only when its further words are the first words of `after`
//!    ("carried out an attack": `after` = `["out", "an", "attack"]`); they are
//!    [`CameoMatch::consumed`] and the patterns see the rest. A caller working from a parse should
//!    put the verb's particles first.
//! 2. Each pattern of the verb's block is tried. Its words after `*` must all be found in the
//!    rest of `after`, in order but not necessarily adjacent (`(to border)` is "to" and, later,
//!    "border"), its words before `*` in `before`. A `{...}` noun phrase and a `(...)`
//!    prepositional phrase are just their words in order; `a_b` are consecutive words; `a/b` is
//!    either; `&name` is any member of the set. A word matches itself, its regular plural
//!    ("sanction" ~ "sanctions", "ally" ~ "allies") and its British or American spelling
//!    ("defense" ~ "defence", "favor" ~ "favour", "center" ~ "centre"), unless written with a
//!    trailing `_`, which matches exactly (so do prepositions and a few function words; in a
//!    phrase of consecutive words only the last takes a plural). `$` (source), `+` (target), `%` (compound actor) and
//!    `^` (a skipped phrase) are not words: a `$` or `+` only requires its side to hold some
//!    word, and is reported in [`CameoMatch::source`] / [`CameoMatch::target`] with the
//!    preposition it follows.
//! 3. The matching pattern with the most words wins, ties going to the first in the file; it
//!    gives the code, even `---` (no event). With no pattern, the verb's own code, else the
//!    block's default; a verb of a `---` block produces events only through its patterns.
//!
//! [`Cameo::verbs`] finds the verbs a word form belongs to (several, when blocks share a verb
//! or when it starts multi-word verbs) and [`Cameo::classify`] picks among them as PETRARCH
//! does: multi-word verbs that match before single words, then pattern matches, then file order.
//!
//! Matching is allocation-free for clauses of up to 64 words on each side: words are interned
//! when the file is read, each clause word costs one hash lookup, patterns compare integers.
//!
//! Not represented: PETRARCH's verb-verb transformations ("A said A will attack B"), its use of
//! the parse tree (which noun phrase is the object), and actor codes. The CAMEO root to PLOVER
//! class mapping is newsgraph's, written in the file: 01 none, 02 and 10 REQUEST, 03 AGREE,
//! 04 CONSULT, 05 SUPPORT (057 AGREE), 06 COOPERATE, 07 AID, 08 CONCEDE (087x RETREAT), 09 and
//! 11 ACCUSE, 12 REJECT, 13 THREATEN, 14 PROTEST, 15 MOBILIZE, 16 SANCTION, 17 COERCE, 18-20
//! ASSAULT.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// The shipped lexicon (`data/lexicons/cameo.tsv`), compiled in.
pub const BUILTIN_TSV: &str = include_str!("../../../data/lexicons/cameo.tsv");

/// Words on one side of the verb that are matched without allocating.
const STACK_WORDS: usize = 64;
/// Interned id of a clause word the lexicon does not know: matches nothing.
const UNKNOWN: u32 = u32::MAX;

/// Prepositions a `$` / `+` marker can follow outside parentheses ("toward +").
const PREPOSITIONS: [&str; 30] = [
    "about", "across", "after", "against", "among", "around", "as", "at", "before", "behind",
    "between", "beyond", "by", "for", "from", "in", "inside", "into", "near", "of", "on", "onto",
    "over", "through", "to", "toward", "towards", "under", "upon", "with",
];

/// Other words a pattern may hold that take no plural.
const FUNCTION_WORDS: [&str; 12] = [
    "a", "an", "and", "itself", "himself", "herself", "no", "not", "or", "that", "the", "will",
];

/// A verb of the lexicon: one `V` line (a verb and its forms in one block).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VerbId(u32);

/// The side of the verb a `$` / `+` marker is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// In the clause before the verb (`$ * ...`): the subject's side.
    Before,
    /// In the clause after the verb (`* ... +`).
    After,
}

/// Where a pattern puts the source (`$`) or the target (`+`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    /// Which side of the verb.
    pub side: Side,
    /// The preposition whose object the marker is: `(to +)` and `toward +` give "to" and
    /// "toward".
    pub prep: Option<&'static str>,
}

/// The event a verb states in a clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CameoMatch {
    /// The CAMEO event code as the dictionary writes it: 3 or 4 digits ("111", "0874").
    pub code: &'static str,
    /// The CAMEO root: the code's first two digits (11 for "111").
    pub root: u8,
    /// The PLOVER class of the code (`None` for root 01, public statements).
    pub plover: Option<&'static str>,
    /// The dictionary gives only the passive code (`[:173]`): the event goes from the target to
    /// the clause's subject ("X appeared before the court": the court acts on X).
    pub passive: bool,
    /// The code of a second event from the target back to the source (`[042:043]`: a visit
    /// made and a visit hosted); the same code for symmetric events (`[057:057]`).
    pub reverse: Option<&'static str>,
    /// The pattern that gave the code, as the dictionary writes it (lowercased), with `*` for
    /// the verb; `None` when the code is the verb's or the block's default.
    pub pattern: Option<&'static str>,
    /// Pattern words matched: the specificity that chose the pattern (0 for a default).
    pub words: usize,
    /// Words at the start of `after` that belong to a multi-word verb ("out" of "carry out").
    pub consumed: usize,
    /// Where the pattern puts the source (`$`), if it says.
    pub source: Option<Mark>,
    /// Where the pattern puts the target (`+`), if it says.
    pub target: Option<Mark>,
    /// The pattern marks a compound actor (`%`): each member of the subject acts on the others.
    pub compound: bool,
}

/// Counts of what the lexicon holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    /// Verb blocks.
    pub blocks: usize,
    /// Verbs (`V` lines), multi-word ones included.
    pub verbs: usize,
    /// Distinct word forms.
    pub forms: usize,
    /// Patterns.
    pub patterns: usize,
    /// Synonym sets.
    pub sets: usize,
    /// Event codes.
    pub codes: usize,
}

/// The CAMEO verb lexicon: word forms to verbs, verbs to blocks, blocks to patterns.
pub struct Cameo {
    forms: HashMap<&'static str, Box<[VerbId]>>,
    verbs: Vec<Verb>,
    blocks: Vec<Block>,
    patterns: Vec<Pattern>,
    sets: Vec<Set>,
    vocab: HashMap<Cow<'static, str>, u32>,
    codes: HashMap<&'static str, (u8, Option<&'static str>)>,
}

struct Verb {
    lemma: &'static str,
    block: u32,
    /// The verb's own code; `None`: the block's.
    code: Option<Code>,
    /// Word ids of the further words of a multi-word verb.
    further: Box<[u32]>,
}

struct Block {
    name: &'static str,
    code: Code,
    patterns: Range<usize>,
}

/// A code column: the active part (source to target) and the passive part (target to source),
/// `None` for an absent or `---` part.
#[derive(Clone, Copy)]
struct Code {
    active: Option<&'static str>,
    passive: Option<&'static str>,
}

struct Pattern {
    text: &'static str,
    code: Code,
    before: Box<[Elem]>,
    after: Box<[Elem]>,
    words: usize,
    source: Option<Mark>,
    target: Option<Mark>,
    compound: bool,
}

/// One element of a pattern: alternative phrases (one, or several for `a/b`), or a set.
enum Elem {
    Phrases(Box<[Phrase]>),
    Set(u32),
}

/// Consecutive words; each word is the ids of the surfaces it accepts.
struct Phrase {
    words: Box<[Box<[u32]>]>,
}

struct Set {
    phrases: Box<[Phrase]>,
    /// First-word id -> the phrases starting with it.
    by_first: HashMap<u32, Box<[u32]>>,
}

/// How a verb fits a clause, before the code is read off.
struct Fit {
    consumed: usize,
    pattern: Option<usize>,
}

impl Cameo {
    /// The lexicon shipped in `data/lexicons/cameo.tsv`, read once.
    ///
    /// Panics only if the shipped file is malformed, which a unit test rules out.
    pub fn builtin() -> &'static Cameo {
        static BUILT: OnceLock<Cameo> = OnceLock::new();
        BUILT.get_or_init(|| match Cameo::parse(BUILTIN_TSV) {
            Ok(c) => c,
            Err(e) => panic!("data/lexicons/cameo.tsv: {e}"),
        })
    }

    /// Reads a lexicon in the format of `data/lexicons/cameo.tsv`. Errors name the line.
    pub fn parse(text: &'static str) -> Result<Cameo, String> {
        Parser::default().run(text)
    }

    /// The verbs a lowercase word form belongs to ("criticised", "met", "meeting"), in file
    /// order; empty when it is no verb of the lexicon.
    pub fn verbs(&self, form: &str) -> &[VerbId] {
        self.forms.get(form).map_or(&[], |v| v)
    }

    /// The base form of a verb, with its further words ("criticise", "carry out").
    pub fn lemma(&self, v: VerbId) -> &'static str {
        self.verb(v).lemma
    }

    /// The name of a verb's block (PETRARCH's verb class: "DENOUNCE", "MEET_PEOPLE"), as the
    /// file writes it (lowercased).
    pub fn block(&self, v: VerbId) -> &'static str {
        self.blocks[self.verb(v).block as usize].name
    }

    /// The event verb `v` states in a clause: `before` = the lowercase words of the clause
    /// before the verb, `after` = those after it, in text order. `None` when the verb is a
    /// multi-word verb whose further words do not start `after`, when the winning pattern's
    /// code is `---`, or when no pattern matches and the verb has no code of its own or from
    /// its block. See the module documentation for the rules.
    pub fn code(&self, v: VerbId, before: &[&str], after: &[&str]) -> Option<CameoMatch> {
        self.with_ids(before, |b| {
            self.with_ids(after, |a| {
                self.fit(v, b, a).and_then(|f| self.result(v, &f))
            })
        })
    }

    /// The best reading of a verb form in a clause among all the verbs it belongs to: verbs
    /// whose further words match (the most further words first), then those with a matching
    /// pattern (the most pattern words first), then the first in the file, as PETRARCH
    /// prefers multi-word verbs and the first definition of a word. `None` when the form is
    /// no verb or the best reading states no event.
    pub fn classify(
        &self,
        form: &str,
        before: &[&str],
        after: &[&str],
    ) -> Option<(VerbId, CameoMatch)> {
        let candidates = self.verbs(form);
        if candidates.is_empty() {
            return None;
        }
        self.with_ids(before, |b| {
            self.with_ids(after, |a| {
                let mut best: Option<(VerbId, Fit, (usize, i64))> = None;
                for &v in candidates {
                    let Some(fit) = self.fit(v, b, a) else {
                        continue;
                    };
                    let rank = (
                        fit.consumed,
                        fit.pattern.map_or(-1, |p| self.patterns[p].words as i64),
                    );
                    if best.as_ref().is_none_or(|(_, _, r)| rank > *r) {
                        best = Some((v, fit, rank));
                    }
                }
                let (v, fit, _) = best?;
                self.result(v, &fit).map(|m| (v, m))
            })
        })
    }

    /// The PLOVER class of an event code (`None` for root 01 and for codes the lexicon does
    /// not use).
    pub fn plover(&self, code: &str) -> Option<&'static str> {
        self.codes.get(code).and_then(|c| c.1)
    }

    /// How much the lexicon holds.
    pub fn counts(&self) -> Counts {
        Counts {
            blocks: self.blocks.len(),
            verbs: self.verbs.len(),
            forms: self.forms.len(),
            patterns: self.patterns.len(),
            sets: self.sets.len(),
            codes: self.codes.len(),
        }
    }

    fn verb(&self, v: VerbId) -> &Verb {
        &self.verbs[v.0 as usize]
    }

    /// Calls `f` with the interned ids of `words`, on the stack when there are few.
    fn with_ids<R>(&self, words: &[&str], f: impl FnOnce(&[u32]) -> R) -> R {
        let id = |w: &&str| self.vocab.get(*w).copied().unwrap_or(UNKNOWN);
        if words.len() <= STACK_WORDS {
            let mut buf = [UNKNOWN; STACK_WORDS];
            for (slot, w) in buf.iter_mut().zip(words) {
                *slot = id(w);
            }
            f(&buf[..words.len()])
        } else {
            let ids: Vec<u32> = words.iter().map(id).collect();
            f(&ids)
        }
    }

    /// Does the verb fit the clause (its further words start `after`), and which pattern of its
    /// block matches best.
    fn fit(&self, v: VerbId, before: &[u32], after: &[u32]) -> Option<Fit> {
        let verb = self.verb(v);
        let consumed = verb.further.len();
        if after.len() < consumed || after[..consumed] != *verb.further {
            return None;
        }
        let after = &after[consumed..];
        let block = &self.blocks[verb.block as usize];
        let mut pattern: Option<usize> = None;
        for i in block.patterns.clone() {
            let p = &self.patterns[i];
            if pattern.is_some_and(|b| self.patterns[b].words >= p.words) {
                continue; // cannot beat the one found (ties keep the first)
            }
            if self.matches(p, before, after) {
                pattern = Some(i);
            }
        }
        Some(Fit { consumed, pattern })
    }

    fn result(&self, v: VerbId, fit: &Fit) -> Option<CameoMatch> {
        let verb = self.verb(v);
        let block = &self.blocks[verb.block as usize];
        let (code, p) = match fit.pattern {
            Some(i) => (self.patterns[i].code, Some(&self.patterns[i])),
            None => (verb.code.unwrap_or(block.code), None),
        };
        let (main, passive, reverse) = match (code.active, code.passive) {
            (Some(a), r) => (a, false, r),
            (None, Some(b)) => (b, true, None),
            (None, None) => return None,
        };
        let &(root, plover) = self.codes.get(main)?;
        Some(CameoMatch {
            code: main,
            root,
            plover,
            passive,
            reverse,
            pattern: p.map(|p| p.text),
            words: p.map_or(0, |p| p.words),
            consumed: fit.consumed,
            source: p.and_then(|p| p.source),
            target: p.and_then(|p| p.target),
            compound: p.is_some_and(|p| p.compound),
        })
    }

    fn matches(&self, p: &Pattern, before: &[u32], after: &[u32]) -> bool {
        for mark in [p.source, p.target].into_iter().flatten() {
            let side = if mark.side == Side::Before {
                before
            } else {
                after
            };
            if side.is_empty() {
                return false;
            }
        }
        self.subsequence(&p.after, after) && self.subsequence(&p.before, before)
    }

    /// Are the elements found in `ids` in order? Each element takes the match that ends first,
    /// which leaves the most room for the rest.
    fn subsequence(&self, elems: &[Elem], ids: &[u32]) -> bool {
        let mut at = 0;
        for e in elems {
            match self.earliest_end(e, ids, at) {
                Some(end) => at = end,
                None => return false,
            }
        }
        true
    }

    fn earliest_end(&self, e: &Elem, ids: &[u32], from: usize) -> Option<usize> {
        let mut best: Option<usize> = None;
        for start in from..ids.len() {
            if best.is_some_and(|b| start + 1 >= b) {
                break;
            }
            let mut consider = |ph: &Phrase| {
                let end = start + ph.words.len();
                if end <= ids.len()
                    && best.is_none_or(|b| end < b)
                    && ph
                        .words
                        .iter()
                        .zip(&ids[start..end])
                        .all(|(w, id)| w.contains(id))
                {
                    best = Some(end);
                }
            };
            match e {
                Elem::Phrases(phrases) => phrases.iter().for_each(&mut consider),
                Elem::Set(s) => {
                    let set = &self.sets[*s as usize];
                    if let Some(list) = set.by_first.get(&ids[start]) {
                        list.iter()
                            .for_each(|&i| consider(&set.phrases[i as usize]));
                    }
                }
            }
        }
        best
    }
}

/// Reads the file: interns words, resolves sets and codes.
#[derive(Default)]
struct Parser {
    forms: HashMap<&'static str, Vec<VerbId>>,
    verbs: Vec<Verb>,
    blocks: Vec<Block>,
    patterns: Vec<Pattern>,
    sets: Vec<Set>,
    set_index: HashMap<&'static str, u32>,
    vocab: HashMap<Cow<'static, str>, u32>,
    codes: HashMap<&'static str, (u8, Option<&'static str>)>,
    /// Codes named by blocks, verbs and patterns, with their line, checked at the end.
    used: Vec<(&'static str, usize)>,
}

impl Parser {
    fn run(mut self, text: &'static str) -> Result<Cameo, String> {
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&'static str> = line.split('\t').collect();
            let want = match cols[0] {
                "C" => 4,
                "S" | "B" | "P" => 3,
                "V" => 5,
                other => return Err(format!("line {n}: unknown record type {other:?}")),
            };
            if cols.len() != want {
                return Err(format!(
                    "line {n}: {} record with {} columns, not {want}",
                    cols[0],
                    cols.len()
                ));
            }
            match cols[0] {
                "C" => self.code_line(&cols, n)?,
                "S" => self.set_line(&cols, n)?,
                "B" => {
                    let code = self.code(cols[2], n)?;
                    let at = self.patterns.len();
                    self.blocks.push(Block {
                        name: cols[1],
                        code,
                        patterns: at..at,
                    });
                }
                "V" => self.verb_line(&cols, n)?,
                _ => self.pattern_line(&cols, n)?,
            }
        }
        if self.blocks.is_empty() {
            return Err("no verb blocks".to_string());
        }
        for &(code, n) in &self.used {
            if !self.codes.contains_key(code) {
                return Err(format!("line {n}: code {code} has no C line"));
            }
        }
        Ok(Cameo {
            forms: self
                .forms
                .into_iter()
                .map(|(k, v)| (k, v.into_boxed_slice()))
                .collect(),
            verbs: self.verbs,
            blocks: self.blocks,
            patterns: self.patterns,
            sets: self.sets,
            vocab: self.vocab,
            codes: self.codes,
        })
    }

    fn code_line(&mut self, cols: &[&'static str], n: usize) -> Result<(), String> {
        let code = cols[1];
        if !(3..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("line {n}: bad event code {code:?}"));
        }
        let root: u8 = cols[2]
            .parse()
            .map_err(|_| format!("line {n}: bad root {:?}", cols[2]))?;
        if cols[2] != &code[..2] {
            return Err(format!(
                "line {n}: root {} is not the first two digits of {code}",
                cols[2]
            ));
        }
        let plover = match cols[3] {
            "-" => None,
            c if !c.is_empty() && c.bytes().all(|b| b.is_ascii_uppercase()) => Some(c),
            c => return Err(format!("line {n}: bad PLOVER class {c:?}")),
        };
        if self.codes.insert(code, (root, plover)).is_some() {
            return Err(format!("line {n}: code {code} listed twice"));
        }
        Ok(())
    }

    /// A code column: `111`, `042:043`, `:173`, `---`.
    fn code(&mut self, text: &'static str, n: usize) -> Result<Code, String> {
        let (a, p) = match text.split_once(':') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let mut part = |s: &'static str| -> Result<Option<&'static str>, String> {
            if s.is_empty() || s == "---" {
                return Ok(None);
            }
            if !(3..=4).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("line {n}: bad code {text:?}"));
            }
            self.used.push((s, n));
            Ok(Some(s))
        };
        let active = part(a)?;
        let passive = match p {
            Some(p) => part(p)?,
            None => None,
        };
        if text.is_empty() || text == ":" {
            return Err(format!("line {n}: empty code"));
        }
        Ok(Code { active, passive })
    }

    fn intern(&mut self, word: Cow<'static, str>) -> u32 {
        let next = self.vocab.len() as u32;
        *self.vocab.entry(word).or_insert(next)
    }

    /// A word as a pattern or set writes it: exact (only itself) or with its plurals and
    /// spelling variants.
    fn word(&mut self, w: &'static str, exact: bool) -> Box<[u32]> {
        let mut ids = vec![self.intern(Cow::Borrowed(w))];
        if !exact && !PREPOSITIONS.contains(&w) && !FUNCTION_WORDS.contains(&w) {
            for form in noun_forms(w) {
                let id = self.intern(Cow::Owned(form));
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        ids.into_boxed_slice()
    }

    /// `words` consecutive; `exact`: the last word too matches only itself (the others always
    /// do: only a phrase's last word takes a plural).
    fn phrase(&mut self, words: &[&'static str], exact: bool) -> Phrase {
        let last = words.len() - 1;
        let words = words
            .iter()
            .enumerate()
            .map(|(i, w)| self.word(w, exact || i < last))
            .collect();
        Phrase { words }
    }

    fn set_line(&mut self, cols: &[&'static str], n: usize) -> Result<(), String> {
        let name = cols[1];
        if !name.starts_with('&') || name.len() < 2 {
            return Err(format!("line {n}: bad set name {name:?}"));
        }
        let mut phrases = Vec::new();
        for member in cols[2].split('|') {
            let (body, exact) = match member.strip_suffix('_') {
                Some(b) => (b, true),
                None => (member, false),
            };
            let words: Vec<&'static str> = body.split(' ').filter(|w| !w.is_empty()).collect();
            if words.is_empty() {
                return Err(format!("line {n}: empty member in set {name}"));
            }
            phrases.push(self.phrase(&words, exact));
        }
        let mut by_first: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, ph) in phrases.iter().enumerate() {
            for &id in ph.words[0].iter() {
                let list = by_first.entry(id).or_default();
                if !list.contains(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        let index = self.sets.len() as u32;
        if self.set_index.insert(name, index).is_some() {
            return Err(format!("line {n}: set {name} defined twice"));
        }
        self.sets.push(Set {
            phrases: phrases.into_boxed_slice(),
            by_first: by_first
                .into_iter()
                .map(|(k, v)| (k, v.into_boxed_slice()))
                .collect(),
        });
        Ok(())
    }

    fn verb_line(&mut self, cols: &[&'static str], n: usize) -> Result<(), String> {
        let Some(block) = self.blocks.len().checked_sub(1) else {
            return Err(format!("line {n}: verb before the first block"));
        };
        let code = if cols[2].is_empty() {
            None
        } else {
            Some(self.code(cols[2], n)?)
        };
        let further: Vec<u32> = cols[3]
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| self.intern(Cow::Borrowed(w)))
            .collect();
        let id = VerbId(self.verbs.len() as u32);
        if cols[1].is_empty() || cols[4].is_empty() {
            return Err(format!("line {n}: verb without a lemma or forms"));
        }
        for form in cols[4].split('|') {
            if form.is_empty() || form.contains(' ') {
                return Err(format!("line {n}: bad verb form {form:?}"));
            }
            let ids = self.forms.entry(form).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        self.verbs.push(Verb {
            lemma: cols[1],
            block: block as u32,
            code,
            further: further.into_boxed_slice(),
        });
        Ok(())
    }

    fn pattern_line(&mut self, cols: &[&'static str], n: usize) -> Result<(), String> {
        if self.blocks.is_empty() {
            return Err(format!("line {n}: pattern before the first block"));
        }
        let code = self.code(cols[1], n)?;
        let text = cols[2];
        let mut sides: [Vec<Elem>; 2] = [Vec::new(), Vec::new()];
        let mut side = 0; // 0 before the verb, 1 after
        let mut seen_verb = false;
        let (mut source, mut target, mut compound) = (None, None, false);
        let mut words = 0;
        let (mut parens, mut braces) = (0usize, 0usize);
        let mut prep: Option<&'static str> = None; // of the open parenthesis
        let mut open_prep = false; // the next word is an open parenthesis's preposition
        let mut last_word: Option<&'static str> = None; // on this side, for "toward +"
        for token in text.split(' ').filter(|t| !t.is_empty()) {
            let mut core = token;
            while let Some(rest) = core.strip_prefix(['(', '{']) {
                if core.starts_with('(') {
                    parens += 1;
                    open_prep = true;
                } else {
                    braces += 1;
                }
                core = rest;
            }
            let body = core.trim_end_matches([')', '}']);
            let closing = &core[body.len()..];
            match body {
                "" => {}
                "*" => {
                    if seen_verb {
                        return Err(format!("line {n}: two '*' in pattern {text:?}"));
                    }
                    seen_verb = true;
                    side = 1;
                    last_word = None;
                }
                "$" | "+" => {
                    let s = if side == 0 { Side::Before } else { Side::After };
                    let p = if parens > 0 {
                        prep
                    } else {
                        last_word.filter(|w| PREPOSITIONS.contains(w))
                    };
                    let mark = Some(Mark { side: s, prep: p });
                    if body == "$" {
                        source = mark;
                    } else {
                        target = mark;
                    }
                }
                "%" => compound = true,
                "^" => {}
                _ if body.starts_with('&') => {
                    let Some(&s) = self.set_index.get(body) else {
                        return Err(format!(
                            "line {n}: undefined set {body} in pattern {text:?}"
                        ));
                    };
                    sides[side].push(Elem::Set(s));
                    words += 1;
                    last_word = None;
                }
                _ => {
                    if body.contains(['*', '$', '+', '%', '^', '&', '(', ')', '{', '}']) {
                        return Err(format!("line {n}: bad word {body:?} in pattern {text:?}"));
                    }
                    let mut alternatives = Vec::new();
                    let mut shortest = usize::MAX;
                    for alt in body.split('/') {
                        let (alt, exact) = match alt.strip_suffix('_') {
                            Some(a) => (a, true),
                            None => (alt, false),
                        };
                        let parts: Vec<&'static str> =
                            alt.split('_').filter(|w| !w.is_empty()).collect();
                        if parts.is_empty() {
                            return Err(format!("line {n}: empty word in pattern {text:?}"));
                        }
                        shortest = shortest.min(parts.len());
                        alternatives.push(self.phrase(&parts, exact));
                    }
                    sides[side].push(Elem::Phrases(alternatives.into_boxed_slice()));
                    words += shortest;
                    if open_prep {
                        prep = Some(body);
                    }
                    last_word = Some(body);
                }
            }
            open_prep = false;
            for c in closing.chars() {
                let depth = if c == ')' { &mut parens } else { &mut braces };
                *depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| format!("line {n}: unbalanced {c} in {text:?}"))?;
                if c == ')' {
                    prep = None;
                }
            }
        }
        if !seen_verb {
            return Err(format!("line {n}: pattern without '*': {text:?}"));
        }
        if parens != 0 || braces != 0 {
            return Err(format!("line {n}: unbalanced brackets in {text:?}"));
        }
        let [before, after] = sides;
        self.patterns.push(Pattern {
            text,
            code,
            before: before.into_boxed_slice(),
            after: after.into_boxed_slice(),
            words,
            source,
            target,
            compound,
        });
        let end = self.patterns.len();
        if let Some(b) = self.blocks.last_mut() {
            b.patterns.end = end;
        }
        Ok(())
    }
}

/// The other surfaces a pattern noun matches: its regular plurals and its British / American
/// spellings (with their plurals). Over-generation is harmless: a form that is no English word
/// never occurs in a clause.
fn noun_forms(w: &str) -> Vec<String> {
    let mut out = plurals(w);
    for v in spellings(w) {
        out.extend(plurals(&v));
        out.push(v);
    }
    out.retain(|f| f != w);
    out
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Regular plurals: +s, +es after a sibilant, y -> ies after a consonant, o -> os / oes,
/// f(e) -> ves, man -> men.
fn plurals(w: &str) -> Vec<String> {
    let b = w.as_bytes();
    let n = b.len();
    let consonant_before = |k: usize| n > k && !is_vowel(b[n - k - 1]);
    if w.ends_with(['s', 'x', 'z']) || w.ends_with("ch") || w.ends_with("sh") {
        vec![format!("{w}es")]
    } else if w.ends_with('y') && consonant_before(1) {
        vec![format!("{}ies", &w[..n - 1])]
    } else if w.ends_with('o') && consonant_before(1) {
        vec![format!("{w}s"), format!("{w}es")]
    } else if w.ends_with("fe") {
        vec![format!("{w}s"), format!("{}ves", &w[..n - 2])]
    } else if w.ends_with('f') && !w.ends_with("ff") {
        vec![format!("{w}s"), format!("{}ves", &w[..n - 1])]
    } else if w.ends_with("man") && n > 3 {
        vec![format!("{w}s"), format!("{}men", &w[..n - 3])]
    } else {
        vec![format!("{w}s")]
    }
}

/// British <-> American spellings of a noun, by its ending.
fn spellings(w: &str) -> Vec<String> {
    let n = w.len();
    let mut out = Vec::new();
    let swap = |out: &mut Vec<String>, from: &str, to: &str| {
        if let Some(stem) = w.strip_suffix(from) {
            out.push(format!("{stem}{to}"));
        }
    };
    swap(&mut out, "ization", "isation");
    swap(&mut out, "isation", "ization");
    swap(&mut out, "fense", "fence");
    swap(&mut out, "fence", "fense");
    swap(&mut out, "license", "licence");
    swap(&mut out, "licence", "license");
    swap(&mut out, "ntre", "nter");
    swap(&mut out, "nter", "ntre");
    swap(&mut out, "atre", "ater");
    swap(&mut out, "ater", "atre");
    swap(&mut out, "logue", "log");
    swap(&mut out, "dgement", "dgment");
    swap(&mut out, "dgment", "dgement");
    if w.ends_with("log") {
        out.push(format!("{w}ue"));
    }
    if w == "program" {
        out.push("programme".to_string());
    }
    if w == "programme" {
        out.push("program".to_string());
    }
    if n >= 6 && w.ends_with("our") {
        out.push(format!("{}or", &w[..n - 3]));
    } else if n >= 5 && w.ends_with("or") && !is_vowel(w.as_bytes()[n - 3]) {
        out.push(format!("{}our", &w[..n - 2]));
    }
    out
}

#[cfg(test)]
mod tests;

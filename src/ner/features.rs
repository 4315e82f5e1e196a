//! Feature extraction for the sequence labeller: every feature is a 64-bit hash of a template id
//! and its strings, so no feature string is ever allocated at tagging time.
//!
//! Templates (token i of a sentence): the word, its lowercase form and shape; lowercase words and
//! shapes in a window of two; prefixes and suffixes up to four characters; word and shape
//! bigrams; sentence position; gazetteer membership of the phrases covering it (country, place,
//! organisation, outlet, person, demonym) and of its neighbours; given names, surnames, titles,
//! organisation head words; word-cluster paths; and two document-level facts: whether the
//! word appears elsewhere in the article lowercased, or capitalised in mid-sentence.

use std::collections::{HashMap, HashSet};

use crate::document::EntityType;
use crate::resources::Resources;
use crate::text::normalize_key;

/// FNV-1a, 64 bits.
#[derive(Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new(template: u8) -> Self {
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        h.byte(template);
        h
    }
    #[inline]
    pub(crate) fn byte(&mut self, b: u8) {
        self.0 ^= b as u64;
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }
    #[inline]
    pub(crate) fn str(mut self, s: &str) -> Self {
        for b in s.bytes() {
            self.byte(b);
        }
        self.byte(0xff); // separator: ("ab","c") != ("a","bc")
        self
    }
    pub(crate) fn finish(self) -> u64 {
        // final avalanche (splitmix64) so identity hashing of the result spreads well
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Hash of a string for lexicon lookups.
pub(crate) fn key_hash(s: &str) -> u64 {
    Fnv::new(0).str(s).finish()
}

/// Gazetteer and word-list categories (bit flags).
pub(crate) mod cat {
    pub const COUNTRY: u16 = 1;
    pub const PLACE: u16 = 2;
    pub const ORG: u16 = 4;
    pub const MEDIA: u16 = 8;
    pub const PERSON: u16 = 16;
    pub const DEMONYM: u16 = 32;
    pub const AGENCY: u16 = 64;
    pub const COMPANY: u16 = 128;
    pub const NAMES: [(u16, &str); 8] = [
        (COUNTRY, "country"),
        (PLACE, "place"),
        (ORG, "org"),
        (MEDIA, "media"),
        (PERSON, "person"),
        (DEMONYM, "demonym"),
        (AGENCY, "agency"),
        (COMPANY, "company"),
    ];
}

/// Word lists the features consult, built from the gazetteers and lexicons.
pub struct Lexicon {
    /// Normalised phrase key hash -> categories.
    phrases: HashMap<u64, u16>,
    max_len: usize,
    given: HashSet<u64>,
    surnames: HashSet<u64>,
    titles: HashSet<u64>,
    title_max_len: usize,
    org_heads: HashSet<u64>,
    /// Lowercase word hash -> cluster bit path ("0110...").
    clusters: HashMap<u64, String>,
}

impl Lexicon {
    /// From the loaded resources (built-in data plus user gazetteers) and optional word clusters.
    pub fn new(res: &Resources, clusters: HashMap<u64, String>) -> Self {
        let mut phrases: HashMap<u64, u16> = HashMap::new();
        let mut max_len = 1;
        let mut add = |name: &str, c: u16| {
            let k = normalize_key(name);
            if k.is_empty() {
                return;
            }
            max_len = max_len.max(k.split(' ').count());
            *phrases.entry(key_hash(&k)).or_default() |= c;
        };
        for e in &res.gazetteer.entries {
            let c = match e.etype {
                EntityType::Country => cat::COUNTRY,
                EntityType::Location => cat::PLACE,
                EntityType::MediaOutlet => cat::MEDIA | cat::ORG,
                EntityType::Agency => cat::AGENCY | cat::ORG,
                EntityType::Company => cat::COMPANY | cat::ORG,
                EntityType::Organization | EntityType::Policy => cat::ORG,
                EntityType::Person | EntityType::Official => cat::PERSON,
            };
            add(&e.name, c);
            for a in &e.aliases {
                add(a, c);
            }
            for d in &e.demonyms {
                add(d, cat::DEMONYM);
            }
        }
        let set = |words: &HashSet<String>| -> HashSet<u64> {
            words.iter().map(|w| key_hash(&normalize_key(w))).collect()
        };
        let mut title_max_len = 1;
        let titles = res
            .titles
            .iter()
            .map(|(t, _)| {
                let k = normalize_key(t);
                title_max_len = title_max_len.max(k.split(' ').count());
                key_hash(&k)
            })
            .collect();
        Lexicon {
            phrases,
            max_len: max_len.min(8),
            given: set(&res.given_names),
            surnames: set(&res.surnames),
            titles,
            title_max_len: title_max_len.min(5),
            org_heads: res
                .org_heads
                .keys()
                .map(|w| key_hash(&normalize_key(w)))
                .collect(),
            clusters,
        }
    }

    /// Word clusters by word hash.
    pub(crate) fn clusters(&self) -> &HashMap<u64, String> {
        &self.clusters
    }
}

/// Facts about words across one document.
#[derive(Default)]
pub struct DocContext {
    /// Lowercase word hashes seen lowercased in mid-sentence.
    lower_mid: HashSet<u64>,
    /// Lowercase word hashes seen capitalised in mid-sentence (outside ALL CAPS sentences).
    cap_mid: HashSet<u64>,
}

impl DocContext {
    pub fn new<S: AsRef<str>>(sentences: &[Vec<S>]) -> Self {
        let mut c = DocContext::default();
        for s in sentences {
            if all_caps_sentence(s) {
                continue;
            }
            for (i, w) in s.iter().enumerate().skip(1) {
                let w = w.as_ref();
                let Some(first) = w.chars().next() else {
                    continue;
                };
                if !first.is_alphabetic() {
                    continue;
                }
                let h = key_hash(&w.to_lowercase());
                if first.is_lowercase() {
                    c.lower_mid.insert(h);
                } else if i > 0 {
                    c.cap_mid.insert(h);
                }
            }
        }
        c
    }
}

/// Most alphabetic words written in capitals (a headline or a table row).
pub fn all_caps_sentence<S: AsRef<str>>(s: &[S]) -> bool {
    let mut words = 0;
    let mut caps = 0;
    for w in s {
        let w = w.as_ref();
        if w.chars().count() > 1 && w.chars().all(|c| c.is_alphabetic()) {
            words += 1;
            if w.chars().all(|c| c.is_uppercase()) {
                caps += 1;
            }
        }
    }
    words >= 2 && caps * 10 >= words * 8
}

/// "Xxxx" -> "Xx", "U.S." -> "X.X.", "1996" -> "d", "al-Hakim" -> "x-Xx".
pub(crate) fn shape(w: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    for c in w.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if s != last {
            out.push(s);
            last = s;
        }
    }
    out
}

/// Typographic quotes and dashes as the training data writes them (`"`, `'`, `-`), so that the
/// features of a word after `“` are those learnt after `"`.
fn canonical(w: &str) -> &str {
    match w {
        "“" | "”" | "„" | "‟" | "«" | "»" | "``" | "''" => "\"",
        "‘" | "’" | "‚" | "‹" | "›" | "`" => "'",
        "—" | "–" | "--" => "-",
        "’s" => "'s",
        _ => w,
    }
}

/// Per-token values computed once per sentence.
struct Tok {
    word: String,
    lower: String,
    shape: String,
    key: String,
}

const PAD_L: &str = "<s>";
const PAD_R: &str = "</s>";

/// Features of each token of one sentence: `out[i]` receives the hashes for token i.
pub fn sentence_features<S: AsRef<str>>(
    lex: &Lexicon,
    doc: &DocContext,
    sentence: &[S],
    out: &mut Vec<Vec<u64>>,
) {
    let n = sentence.len();
    out.clear();
    out.resize_with(n, Vec::new);
    let toks: Vec<Tok> = sentence
        .iter()
        .map(|w| {
            let w = canonical(w.as_ref());
            Tok {
                word: w.to_string(),
                lower: w.to_lowercase(),
                shape: shape(w),
                key: normalize_key(w),
            }
        })
        .collect();
    let caps_sentence = all_caps_sentence(sentence);

    // phrase categories: begin / inside / single, per token
    let mut gaz = vec![(0u16, 0u16, 0u16); n];
    let mut title = vec![false; n];
    let mut buf = String::new();
    for i in 0..n {
        buf.clear();
        for (j, tok) in toks.iter().enumerate().take(n.min(i + lex.max_len)).skip(i) {
            if tok.key.is_empty() {
                break;
            }
            if j > i {
                buf.push(' ');
            }
            buf.push_str(&tok.key);
            let h = key_hash(&buf);
            if let Some(&c) = lex.phrases.get(&h) {
                if j == i {
                    gaz[i].2 |= c;
                } else {
                    gaz[i].0 |= c;
                    for g in gaz.iter_mut().take(j + 1).skip(i + 1) {
                        g.1 |= c;
                    }
                }
            }
            if j - i < lex.title_max_len && lex.titles.contains(&h) {
                for t in title.iter_mut().take(j + 1).skip(i) {
                    *t = true;
                }
            }
        }
    }
    let flags = |i: usize| -> [bool; 3] {
        let h = key_hash(&toks[i].key);
        [
            lex.given.contains(&h),
            lex.surnames.contains(&h),
            lex.org_heads.contains(&h),
        ]
    };
    let tok_flags: Vec<[bool; 3]> = (0..n).map(flags).collect();

    let lw = |i: isize| -> &str {
        if i < 0 {
            PAD_L
        } else if i as usize >= n {
            PAD_R
        } else {
            &toks[i as usize].lower
        }
    };
    let sh = |i: isize| -> &str {
        if i < 0 {
            PAD_L
        } else if i as usize >= n {
            PAD_R
        } else {
            &toks[i as usize].shape
        }
    };

    for (i, f) in out.iter_mut().enumerate() {
        let t = &toks[i];
        let ii = i as isize;
        let mut push = |h: Fnv| f.push(h.finish());
        push(Fnv::new(1));
        push(Fnv::new(2).str(&t.word));
        push(Fnv::new(3).str(&t.lower));
        push(Fnv::new(4).str(lw(ii - 1)));
        push(Fnv::new(5).str(lw(ii + 1)));
        push(Fnv::new(6).str(lw(ii - 2)));
        push(Fnv::new(7).str(lw(ii + 2)));
        push(Fnv::new(8).str(&t.shape));
        push(Fnv::new(9).str(sh(ii - 1)));
        push(Fnv::new(10).str(sh(ii + 1)));
        push(Fnv::new(11).str(sh(ii - 1)).str(&t.shape).str(sh(ii + 1)));
        push(Fnv::new(12).str(lw(ii - 1)).str(&t.lower));
        push(Fnv::new(13).str(&t.lower).str(lw(ii + 1)));
        push(Fnv::new(14).str(lw(ii - 1)).str(&t.shape));
        push(Fnv::new(15).str(&t.shape).str(lw(ii + 1)));
        let chars: Vec<char> = t.lower.chars().collect();
        for k in 1..=4.min(chars.len()) {
            let p: String = chars[..k].iter().collect();
            let s: String = chars[chars.len() - k..].iter().collect();
            push(Fnv::new(16 + k as u8).str(&p));
            push(Fnv::new(20 + k as u8).str(&s));
        }
        // the first word of the sentence, or of a quotation or parenthesis
        let opener = i > 0 && matches!(toks[i - 1].word.as_str(), "\"" | "'" | "(" | "[");
        if i == 0 || opener {
            push(Fnv::new(25).str(&t.shape));
        }
        if caps_sentence {
            push(Fnv::new(26));
            push(Fnv::new(27).str(&t.lower));
        }
        // gazetteer categories of this token and its neighbours
        let (b, inside, single) = gaz[i];
        for (bit, name) in cat::NAMES {
            if b & bit != 0 {
                push(Fnv::new(30).str(name));
            }
            if inside & bit != 0 {
                push(Fnv::new(31).str(name));
            }
            if single & bit != 0 {
                push(Fnv::new(32).str(name));
                push(Fnv::new(33).str(name).str(&t.shape));
            }
            if i > 0 && (gaz[i - 1].2 | gaz[i - 1].0 | gaz[i - 1].1) & bit != 0 {
                push(Fnv::new(34).str(name));
            }
            if i + 1 < n && (gaz[i + 1].2 | gaz[i + 1].0 | gaz[i + 1].1) & bit != 0 {
                push(Fnv::new(35).str(name));
            }
        }
        let fl = tok_flags[i];
        for (k, on) in fl.iter().enumerate() {
            if *on {
                push(Fnv::new(40 + k as u8).str(&t.shape));
            }
        }
        if i > 0 {
            for (k, on) in tok_flags[i - 1].iter().enumerate() {
                if *on {
                    push(Fnv::new(44 + k as u8));
                }
            }
        }
        if i + 1 < n {
            for (k, on) in tok_flags[i + 1].iter().enumerate() {
                if *on {
                    push(Fnv::new(48 + k as u8));
                }
            }
        }
        if title[i] {
            push(Fnv::new(52));
        }
        if i > 0 && title[i - 1] {
            push(Fnv::new(53).str(&t.shape));
        }
        if i + 1 < n && title[i + 1] {
            push(Fnv::new(54));
        }
        // word clusters: path prefixes of length 4, 8, 12 and the whole path; and how the word
        // is usually written in mid-sentence (lowercase, capitalised, mixed)
        if let Some(value) = lex.clusters.get(&key_hash(&t.lower)) {
            let (path, casing) = value.split_once(':').unwrap_or((value, ""));
            for (k, len) in [4usize, 8, 12, 20].into_iter().enumerate() {
                if path.len() >= len || k == 3 {
                    push(Fnv::new(60 + k as u8).str(&path[..len.min(path.len())]));
                }
            }
            if !casing.is_empty() {
                push(Fnv::new(68).str(casing).str(&t.shape));
                if i == 0 || opener || caps_sentence {
                    push(Fnv::new(69).str(casing).str(if caps_sentence {
                        "caps"
                    } else {
                        "first"
                    }));
                }
            }
        }
        for (d, tpl) in [(-1isize, 64u8), (1, 66)] {
            let j = ii + d;
            if j >= 0 && (j as usize) < n {
                if let Some(value) = lex.clusters.get(&key_hash(&toks[j as usize].lower)) {
                    let path = value.split_once(':').map_or(value.as_str(), |(p, _)| p);
                    push(Fnv::new(tpl).str(&path[..8.min(path.len())]));
                }
            }
        }
        // document context for capitalised words
        if t.word.chars().next().is_some_and(|c| c.is_uppercase()) {
            let h = key_hash(&t.lower);
            if doc.lower_mid.contains(&h) {
                push(Fnv::new(70).str(if i == 0 { "first" } else { "mid" }));
            }
            if doc.cap_mid.contains(&h) {
                push(Fnv::new(71).str(if caps_sentence { "caps" } else { "cased" }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_compress_runs() {
        assert_eq!(shape("Reuters"), "Xx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("1996-08-30"), "d-d-d");
        assert_eq!(shape("al-Hakim"), "x-Xx");
        assert_eq!(shape("São"), "Xx");
    }

    #[test]
    fn hashes_separate_fields() {
        assert_ne!(
            Fnv::new(1).str("ab").str("c").finish(),
            Fnv::new(1).str("a").str("bc").finish()
        );
        assert_ne!(Fnv::new(1).str("a").finish(), Fnv::new(2).str("a").finish());
    }

    #[test]
    fn all_caps_headlines() {
        assert!(all_caps_sentence(&[
            "CRICKET",
            "-",
            "LEICESTERSHIRE",
            "TAKE",
            "OVER"
        ]));
        assert!(!all_caps_sentence(&["The", "U.S.", "said", "so"]));
    }
}

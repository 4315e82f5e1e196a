//! Feature extraction for the sequence labeller: every feature is a 64-bit hash of a template id
//! and its strings, so no feature string is ever allocated at tagging time.
//!
//! Templates (token i of a sentence): the word, its lowercase form and shape; lowercase words and
//! shapes in a window of two; prefixes and suffixes up to four characters; word and shape
//! bigrams; sentence position; gazetteer membership of the phrases covering it (country, place,
//! organisation, outlet, person, demonym) and of its neighbours; given names, surnames, titles,
//! organisation head words; word-cluster paths; and two document-level facts: whether the
//! word appears elsewhere in the article lowercased, or capitalised in mid-sentence.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::perceptron::{IdMap, IdSet};
use crate::document::EntityType;
use crate::resources::Resources;
use crate::text::normalize_key;

/// The 64-bit hash behind every feature: strings are mixed eight bytes at a time, each string's
/// length closing it (so ("ab", "c") and ("a", "bc") differ), and the result is finished with
/// splitmix64 so that its low bits index hash tables well.
#[derive(Clone, Copy)]
pub(crate) struct FeatureHash(u64);

const MIX: u64 = 0x9e37_79b9_7f4a_7c15;

impl FeatureHash {
    pub(crate) fn new(template: u8) -> Self {
        FeatureHash((template as u64 + 1).wrapping_mul(MIX))
    }
    #[inline]
    fn mix(&mut self, x: u64) {
        self.0 = (self.0 ^ x).wrapping_mul(MIX).rotate_left(29);
    }
    #[inline]
    pub(crate) fn str(mut self, s: &str) -> Self {
        let b = s.as_bytes();
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            self.mix(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let mut tail = 0u64;
        for (i, x) in chunks.remainder().iter().enumerate() {
            tail |= (*x as u64) << (8 * i);
        }
        self.mix(tail);
        self.mix(b.len() as u64 | 0xff00_0000_0000_0000);
        self
    }
    pub(crate) fn finish(self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Hash of a string for lexicon lookups.
pub(crate) fn key_hash(s: &str) -> u64 {
    FeatureHash::new(0).str(s).finish()
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
    phrases: IdMap<u16>,
    /// Hashes of every phrase's and title's token prefixes, the whole phrase included, so that
    /// the phrase scan stops as soon as nothing can match.
    prefixes: IdSet,
    max_len: usize,
    given: IdSet,
    surnames: IdSet,
    titles: IdSet,
    title_max_len: usize,
    org_heads: IdSet,
    /// Lowercase word hash -> cluster bit path ("0110..."), with ":L" / ":C" / ":M" casing.
    clusters: IdMap<String>,
}

impl Lexicon {
    /// From the loaded resources (built-in data plus user gazetteers) and optional word clusters.
    pub fn new(res: &Resources, clusters: HashMap<u64, String>) -> Self {
        let clusters: IdMap<String> = clusters.into_iter().collect();
        let mut phrases: IdMap<u16> = IdMap::default();
        let mut max_len = 1;
        let mut prefixes = IdSet::default();
        let mut add_prefixes = |k: &str| {
            for (i, _) in k.match_indices(' ') {
                prefixes.insert(key_hash(&k[..i]));
            }
            prefixes.insert(key_hash(k));
        };
        let mut keys: Vec<(String, u16)> = Vec::new();
        let mut add = |name: &str, c: u16| {
            let k = normalize_key(name);
            if !k.is_empty() {
                keys.push((k, c));
            }
        };
        for e in &res.gazetteer.entries {
            let c = match e.etype {
                EntityType::Country => cat::COUNTRY,
                EntityType::Location => cat::PLACE,
                EntityType::MediaOutlet => cat::MEDIA | cat::ORG,
                EntityType::Agency => cat::AGENCY | cat::ORG,
                EntityType::Company => cat::COMPANY | cat::ORG,
                EntityType::Organization | EntityType::ArmedGroup | EntityType::Policy => cat::ORG,
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
        for (k, c) in keys {
            max_len = max_len.max(k.split(' ').count());
            add_prefixes(&k);
            *phrases.entry(key_hash(&k)).or_default() |= c;
        }
        let set = |words: &HashSet<String>| -> IdSet {
            words.iter().map(|w| key_hash(&normalize_key(w))).collect()
        };
        let mut title_max_len = 1;
        let titles = res
            .titles
            .iter()
            .map(|(t, _)| {
                let k = normalize_key(t);
                title_max_len = title_max_len.max(k.split(' ').count());
                add_prefixes(&k);
                key_hash(&k)
            })
            .collect();
        Lexicon {
            phrases,
            prefixes,
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
    pub(crate) fn clusters(&self) -> &IdMap<String> {
        &self.clusters
    }
}

/// Facts about words across one document.
#[derive(Default)]
pub struct DocContext {
    /// Lowercase word hashes seen lowercased in mid-sentence.
    lower_mid: IdSet,
    /// Lowercase word hashes seen capitalised in mid-sentence (outside ALL CAPS sentences).
    cap_mid: IdSet,
}

impl DocContext {
    pub fn new<S: AsRef<str>>(sentences: &[Vec<S>]) -> Self {
        let mut c = DocContext::default();
        for s in sentences {
            if all_caps_sentence(s) {
                continue;
            }
            for w in s.iter().skip(1) {
                let w = w.as_ref();
                let Some(first) = w.chars().next() else {
                    continue;
                };
                if !first.is_alphabetic() {
                    continue;
                }
                let h = key_hash(&lowercase(w));
                if first.is_lowercase() {
                    c.lower_mid.insert(h);
                } else {
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
struct Tok<'a> {
    word: &'a str,
    lower: Cow<'a, str>,
    shape: String,
    key: Cow<'a, str>,
    /// Hash of `lower` (cluster and document-context lookups).
    lower_hash: u64,
    /// Hash of `key` (name lists, one-word phrases).
    key_hash: u64,
}

/// Lowercase, allocating only when the word has capitals.
fn lowercase(w: &str) -> Cow<'_, str> {
    if w.chars().any(char::is_uppercase) {
        Cow::Owned(w.to_lowercase())
    } else {
        Cow::Borrowed(w)
    }
}

/// `normalize_key` of one token, without allocating for plain lowercase ASCII words.
fn token_key(w: &str) -> Cow<'_, str> {
    if w.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(normalize_key(w))
    }
}

/// A field of item i, or the padding outside the sentence.
fn padded<'t, T>(items: &'t [T], i: isize, f: impl Fn(&'t T) -> &'t str) -> &'t str {
    match usize::try_from(i) {
        Err(_) => PAD_L,
        Ok(i) if i >= items.len() => PAD_R,
        Ok(i) => f(&items[i]),
    }
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
    // keep the inner vectors' capacity from sentence to sentence
    out.truncate(n);
    out.iter_mut().for_each(Vec::clear);
    out.resize_with(n, || Vec::with_capacity(96));
    let toks: Vec<Tok> = sentence
        .iter()
        .map(|w| {
            let w = canonical(w.as_ref());
            let lower = lowercase(w);
            let key = token_key(w);
            Tok {
                word: w,
                lower_hash: key_hash(&lower),
                lower,
                shape: shape(w),
                key_hash: key_hash(&key),
                key,
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
            let h = if j == i { tok.key_hash } else { key_hash(&buf) };
            // every phrase and title is among the prefixes: nothing starts or goes on this way
            if !lex.prefixes.contains(&h) {
                break;
            }
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
        let h = toks[i].key_hash;
        [
            lex.given.contains(&h),
            lex.surnames.contains(&h),
            lex.org_heads.contains(&h),
        ]
    };
    let tok_flags: Vec<[bool; 3]> = (0..n).map(flags).collect();

    let lw = |i: isize| padded(&toks, i, |t| t.lower.as_ref());
    let sh = |i: isize| padded(&toks, i, |t| t.shape.as_str());

    for (i, f) in out.iter_mut().enumerate() {
        let t = &toks[i];
        let ii = i as isize;
        let mut push = |h: FeatureHash| f.push(h.finish());
        push(FeatureHash::new(1));
        push(FeatureHash::new(2).str(t.word));
        push(FeatureHash::new(3).str(&t.lower));
        push(FeatureHash::new(4).str(lw(ii - 1)));
        push(FeatureHash::new(5).str(lw(ii + 1)));
        push(FeatureHash::new(6).str(lw(ii - 2)));
        push(FeatureHash::new(7).str(lw(ii + 2)));
        push(FeatureHash::new(8).str(&t.shape));
        push(FeatureHash::new(9).str(sh(ii - 1)));
        push(FeatureHash::new(10).str(sh(ii + 1)));
        push(
            FeatureHash::new(11)
                .str(sh(ii - 1))
                .str(&t.shape)
                .str(sh(ii + 1)),
        );
        push(FeatureHash::new(12).str(lw(ii - 1)).str(&t.lower));
        push(FeatureHash::new(13).str(&t.lower).str(lw(ii + 1)));
        push(FeatureHash::new(14).str(lw(ii - 1)).str(&t.shape));
        push(FeatureHash::new(15).str(&t.shape).str(lw(ii + 1)));
        let lower: &str = &t.lower;
        for (k, (b, c)) in lower.char_indices().take(4).enumerate() {
            push(FeatureHash::new(17 + k as u8).str(&lower[..b + c.len_utf8()]));
        }
        for (k, (b, _)) in lower.char_indices().rev().take(4).enumerate() {
            push(FeatureHash::new(21 + k as u8).str(&lower[b..]));
        }
        // the first word of the sentence, or of a quotation or parenthesis
        let opener = i > 0 && matches!(toks[i - 1].word, "\"" | "'" | "(" | "[");
        if i == 0 || opener {
            push(FeatureHash::new(25).str(&t.shape));
        }
        if caps_sentence {
            push(FeatureHash::new(26));
            push(FeatureHash::new(27).str(&t.lower));
        }
        // gazetteer categories of this token and its neighbours
        let (b, inside, single) = gaz[i];
        for (bit, name) in cat::NAMES {
            if b & bit != 0 {
                push(FeatureHash::new(30).str(name));
            }
            if inside & bit != 0 {
                push(FeatureHash::new(31).str(name));
            }
            if single & bit != 0 {
                push(FeatureHash::new(32).str(name));
                push(FeatureHash::new(33).str(name).str(&t.shape));
            }
            if i > 0 && (gaz[i - 1].2 | gaz[i - 1].0 | gaz[i - 1].1) & bit != 0 {
                push(FeatureHash::new(34).str(name));
            }
            if i + 1 < n && (gaz[i + 1].2 | gaz[i + 1].0 | gaz[i + 1].1) & bit != 0 {
                push(FeatureHash::new(35).str(name));
            }
        }
        let fl = tok_flags[i];
        for (k, on) in fl.iter().enumerate() {
            if *on {
                push(FeatureHash::new(40 + k as u8).str(&t.shape));
            }
        }
        if i > 0 {
            for (k, on) in tok_flags[i - 1].iter().enumerate() {
                if *on {
                    push(FeatureHash::new(44 + k as u8));
                }
            }
        }
        if i + 1 < n {
            for (k, on) in tok_flags[i + 1].iter().enumerate() {
                if *on {
                    push(FeatureHash::new(48 + k as u8));
                }
            }
        }
        if title[i] {
            push(FeatureHash::new(52));
        }
        if i > 0 && title[i - 1] {
            push(FeatureHash::new(53).str(&t.shape));
        }
        if i + 1 < n && title[i + 1] {
            push(FeatureHash::new(54));
        }
        // word clusters: path prefixes of length 4, 8, 12 and the whole path; and how the word
        // is usually written in mid-sentence (lowercase, capitalised, mixed)
        if let Some(value) = lex.clusters.get(&t.lower_hash) {
            let (path, casing) = value.split_once(':').unwrap_or((value, ""));
            for (k, len) in [4usize, 8, 12, 20].into_iter().enumerate() {
                if path.len() >= len || k == 3 {
                    push(FeatureHash::new(60 + k as u8).str(&path[..len.min(path.len())]));
                }
            }
            if !casing.is_empty() {
                push(FeatureHash::new(68).str(casing).str(&t.shape));
                if i == 0 || opener || caps_sentence {
                    push(FeatureHash::new(69).str(casing).str(if caps_sentence {
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
                if let Some(value) = lex.clusters.get(&toks[j as usize].lower_hash) {
                    let path = value.split_once(':').map_or(value.as_str(), |(p, _)| p);
                    push(FeatureHash::new(tpl).str(&path[..8.min(path.len())]));
                }
            }
        }
        // document context for capitalised words
        if t.word.chars().next().is_some_and(|c| c.is_uppercase()) {
            let h = t.lower_hash;
            if doc.lower_mid.contains(&h) {
                push(FeatureHash::new(70).str(if i == 0 { "first" } else { "mid" }));
            }
            if doc.cap_mid.contains(&h) {
                push(FeatureHash::new(71).str(if caps_sentence { "caps" } else { "cased" }));
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
            FeatureHash::new(1).str("ab").str("c").finish(),
            FeatureHash::new(1).str("a").str("bc").finish()
        );
        assert_ne!(
            FeatureHash::new(1).str("a").finish(),
            FeatureHash::new(2).str("a").finish()
        );
        assert_ne!(
            FeatureHash::new(1).str("abcdefgh").str("").finish(),
            FeatureHash::new(1).str("").str("abcdefgh").finish()
        );
        assert_ne!(
            FeatureHash::new(1).str("a\0").finish(),
            FeatureHash::new(1).str("a").finish()
        );
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

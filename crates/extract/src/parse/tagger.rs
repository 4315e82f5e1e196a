//! The UPOS tagger: a greedy left-to-right averaged perceptron over hashed word, affix, shape
//! and context features and the two previous predicted tags, with a tag dictionary that tags
//! frequent unambiguous words without scoring them.
//!
//! [`Lex`] holds each word's precomputed hashes (lowercased form with digits folded to `0`,
//! exact form, prefixes and suffixes of 1-4 characters, shape); the parser's features use it too.

use super::weights::{Fx, KeyMap, Rng, Table, Trainer};

/// The 17 Universal POS tags.
pub const UPOS: [&str; 17] = [
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
    "PUNCT", "SCONJ", "SYM", "VERB", "X",
];
pub const N_TAGS: usize = UPOS.len();
const X: u8 = upos("X");

/// The index of a UPOS name in [`UPOS`], for constants (an unknown name fails to compile).
pub const fn upos(name: &str) -> u8 {
    let mut i = 0;
    while i < UPOS.len() {
        let (a, b) = (UPOS[i].as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return i as u8;
            }
        }
        i += 1;
    }
    panic!("not a UPOS tag")
}
/// Pseudo-tags for features: before the sentence start.
const START: u64 = 100;

/// The index of a UPOS name; unknown names are `X`.
pub fn tag_index(t: &str) -> u8 {
    UPOS.iter().position(|u| *u == t).unwrap_or(X as usize) as u8
}

/// Precomputed hashes of one word.
#[derive(Clone, Copy, Debug, Default)]
pub struct Lex {
    /// Lowercased, digits as `0`.
    pub lower: u64,
    /// Exact form.
    pub form: u64,
    pub prefix: [u64; 3],
    pub suffix: [u64; 4],
    pub shape: u64,
    /// Bit 0: capitalised, 1: all capitals, 2: has a digit, 3: has a hyphen, 4: no letters.
    pub flags: u8,
    /// The word's ambiguity class for the parser (0 until [`Tagger::fill_amb`]).
    pub amb: u32,
}

const CAP: u8 = 1;
const ALLCAPS: u8 = 2;
const DIGIT: u8 = 4;
const HYPHEN: u8 = 8;
const NOALPHA: u8 = 16;

impl Lex {
    pub fn new(word: &str) -> Lex {
        let mut lower = Fx::new(1);
        let mut form = Fx::new(2);
        let mut prefix = [0u64; 3];
        let mut last = ['\0'; 4]; // last four lowercased characters, most recent first
        let mut shape = Fx::new(3);
        let (mut prev_class, mut run) = (0u8, 0usize);
        let mut n = 0usize;
        let (mut upper, mut letters) = (0usize, 0usize);
        let mut flags = 0u8;
        for c in word.chars() {
            form = form.with(c as u64);
            let l = if c.is_ascii() {
                c.to_ascii_lowercase()
            } else {
                c.to_lowercase().next().unwrap_or(c)
            };
            let class = if c.is_ascii_digit() {
                flags |= DIGIT;
                b'd'
            } else if c.is_alphabetic() {
                letters += 1;
                if c.is_uppercase() {
                    upper += 1;
                    b'X'
                } else {
                    b'x'
                }
            } else {
                if c == '-' {
                    flags |= HYPHEN;
                }
                c as u8
            };
            let folded = if c.is_ascii_digit() { '0' } else { l };
            lower = lower.with(folded as u64);
            if n < 3 {
                prefix[n] = lower.with(0xfe).key() as u64;
            }
            last = [folded, last[0], last[1], last[2]];
            if class == prev_class {
                run += 1;
            } else {
                run = 1;
                prev_class = class;
            }
            if run <= 2 {
                shape = shape.with(class as u64);
            }
            n += 1;
        }
        for p in n..3 {
            prefix[p] = prefix[p.saturating_sub(1)];
        }
        let mut suffix = [0u64; 4];
        let mut s = Fx::new(4);
        for k in 0..4 {
            s = s.with(last[k] as u64);
            suffix[k] = s.key() as u64;
        }
        if word.chars().next().is_some_and(char::is_uppercase) {
            flags |= CAP;
        }
        if letters > 0 && upper == letters {
            flags |= ALLCAPS;
        }
        if letters == 0 {
            flags |= NOALPHA;
        }
        Lex {
            lower: lower.key() as u64,
            form: form.key() as u64,
            prefix,
            suffix,
            shape: shape.key() as u64,
            flags,
            amb: 0,
        }
    }
}

pub const N_TAG_FEATURES: usize = 37;

/// The tagger's features for word `i` given the two previous tags and each word's ambiguity
/// class (the tags its lowercased form had in training, 0 for unknown words).
pub fn tag_features(
    lex: &[Lex],
    amb: &[u32],
    i: usize,
    p1: u64,
    p2: u64,
    out: &mut [u32; N_TAG_FEATURES],
) {
    let none = Lex {
        lower: 7,
        form: 7,
        prefix: [7; 3],
        suffix: [7; 4],
        shape: 7,
        flags: 0,
        amb: 0,
    };
    let at = |j: isize| -> &Lex {
        if j < 0 || j as usize >= lex.len() {
            &none
        } else {
            &lex[j as usize]
        }
    };
    let i_ = i as isize;
    let w = at(i_);
    let (wm1, wm2, wp1, wp2) = (at(i_ - 1), at(i_ - 2), at(i_ + 1), at(i_ + 2));
    let first = (i == 0) as u64;
    let a = |j: usize| amb.get(j).map_or(1u64 << 40, |x| *x as u64);
    let (a0, a1, a2) = (a(i), a(i + 1), a(i + 2));
    let f = |t: u64| Fx::new(t);
    let feats = [
        f(0),
        f(1).with(w.lower),
        f(2).with(w.suffix[0]),
        f(3).with(w.suffix[1]),
        f(4).with(w.suffix[2]),
        f(5).with(w.suffix[3]),
        f(6).with(w.prefix[0]),
        f(7).with(w.prefix[1]),
        f(8).with(w.prefix[2]),
        f(9).with(w.shape),
        f(10).with(p1),
        f(11).with(p2),
        f(12).with(p1).with(p2),
        f(13).with(p1).with(w.lower),
        f(14).with(wm1.lower),
        f(15).with(wm1.suffix[2]),
        f(16).with(wm2.lower),
        f(17).with(wp1.lower),
        f(18).with(wp1.suffix[2]),
        f(19).with(wp2.lower),
        f(20).with(w.flags as u64).with(first),
        f(21).with(wp1.shape),
        f(22).with(wm1.lower).with(w.lower),
        f(23).with(w.lower).with(wp1.lower),
        f(24).with(p1).with(w.suffix[2]),
        f(25).with(w.form),
        f(26).with(p1).with(wp1.lower),
        f(27).with(a0),
        f(28).with(a1),
        f(29).with(a2),
        f(30).with(p1).with(a1),
        f(31).with(a0).with(a1),
        f(32).with(w.suffix[2]).with(a1),
        f(33).with(a1).with(a2),
        f(34).with(w.lower).with(a1),
        f(35).with(p1).with(p2).with(a0),
        f(36).with(w.lower).with(wp1.suffix[2]),
    ];
    for (o, x) in out.iter_mut().zip(feats) {
        *o = x.key();
    }
}

/// A trained tagger: weights and the tag dictionary (exact form hash -> tag).
#[derive(Clone)]
pub struct Tagger {
    pub table: Table,
    pub dict: KeyMap<u8>,
    /// Ambiguity classes: lowercased form key -> bit set of the tags seen with it.
    pub amb: KeyMap<u32>,
}

/// Ambiguity-class key of a word.
pub fn amb_key(l: &Lex) -> u32 {
    Fx::new(78).with(l.lower).key()
}

/// Words seen at least twice and the tags they had (a tag counts from 5% of its uses).
pub fn build_amb(data: &[(Vec<Lex>, Vec<u8>)]) -> KeyMap<u32> {
    let mut counts: KeyMap<[u32; N_TAGS]> = KeyMap::default();
    for (lex, tags) in data {
        for (l, t) in lex.iter().zip(tags) {
            counts.entry(amb_key(l)).or_insert([0; N_TAGS])[*t as usize] += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(k, c)| {
            let n: u32 = c.iter().sum();
            let mut mask = 0u32;
            for (t, m) in c.iter().enumerate() {
                if *m as f64 >= 0.05 * n as f64 && *m > 0 {
                    mask |= 1 << t;
                }
            }
            (n >= 2).then_some((k, mask))
        })
        .collect()
}

/// Dictionary key of a word.
fn dict_key(l: &Lex) -> u32 {
    Fx::new(77).with(l.form).key()
}

impl Tagger {
    /// Set each word's ambiguity class ([`Lex::amb`]; 0 for words not seen twice in training).
    pub fn fill_amb(&self, lex: &mut [Lex]) {
        for l in lex {
            l.amb = self.amb.get(&amb_key(l)).copied().unwrap_or(0);
        }
    }

    /// Tag a sentence.
    pub fn tag(&self, lex: &[Lex]) -> Vec<u8> {
        let amb: Vec<u32> = lex
            .iter()
            .map(|l| self.amb.get(&amb_key(l)).copied().unwrap_or(0))
            .collect();
        let mut tags = Vec::with_capacity(lex.len());
        let mut feats = [0u32; N_TAG_FEATURES];
        let mut acc = [0i32; N_TAGS];
        for i in 0..lex.len() {
            let t = match self.dict.get(&dict_key(&lex[i])) {
                Some(&t) => t,
                None => {
                    let (p1, p2) = prev(&tags, i);
                    tag_features(lex, &amb, i, p1, p2, &mut feats);
                    acc.fill(0);
                    self.table.accumulate(&feats, &mut acc);
                    argmax_i(&acc) as u8
                }
            };
            tags.push(t);
        }
        tags
    }
}

fn prev(tags: &[u8], i: usize) -> (u64, u64) {
    let p1 = if i >= 1 { tags[i - 1] as u64 } else { START };
    let p2 = if i >= 2 { tags[i - 2] as u64 } else { START };
    (p1, p2)
}

fn argmax_i(s: &[i32]) -> usize {
    let mut best = 0;
    for j in 1..s.len() {
        if s[j] > s[best] {
            best = j;
        }
    }
    best
}

fn argmax_f(s: &[f32]) -> usize {
    let mut best = 0;
    for j in 1..s.len() {
        if s[j] > s[best] {
            best = j;
        }
    }
    best
}

/// Frequent words (at least `min_count` times) seen with one tag at least 97% of the time.
pub fn build_dict(data: &[(Vec<Lex>, Vec<u8>)], min_count: u32) -> KeyMap<u8> {
    let mut counts: KeyMap<[u32; N_TAGS]> = KeyMap::default();
    for (lex, tags) in data {
        for (l, t) in lex.iter().zip(tags) {
            counts.entry(dict_key(l)).or_insert([0; N_TAGS])[*t as usize] += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(k, c)| {
            let n: u32 = c.iter().sum();
            let (t, m) = c.iter().enumerate().max_by_key(|(_, m)| **m)?;
            (n >= min_count && *m as f64 >= 0.97 * n as f64).then_some((k, t as u8))
        })
        .collect()
}

/// Accuracy of a tagger on sentences.
pub fn accuracy(t: &Tagger, data: &[(Vec<Lex>, Vec<u8>)]) -> f64 {
    let (mut ok, mut n) = (0usize, 0usize);
    for (lex, gold) in data {
        let pred = t.tag(lex);
        ok += pred.iter().zip(gold).filter(|(a, b)| a == b).count();
        n += gold.len();
    }
    ok as f64 / n.max(1) as f64
}

/// One tagger training epoch: mistakes among the words scored (not those the dictionary
/// tags), and the dev accuracy when there is dev data.
#[derive(Clone, Copy, Debug)]
pub struct TaggerEpoch {
    /// 1-based.
    pub epoch: usize,
    pub errors: usize,
    pub decisions: usize,
    pub dev_upos: Option<f64>,
    /// Weight rows of this epoch's tagger.
    pub features: usize,
}

/// Train a tagger for `epochs`, keeping the epoch with the best `dev` accuracy (the last one
/// without dev data), telling `progress` about each epoch. Returns the tagger and, with dev
/// data, its dev accuracy and the epoch kept (1-based).
pub fn train_tagger(
    train: &[(Vec<Lex>, Vec<u8>)],
    dev: Option<&[(Vec<Lex>, Vec<u8>)]>,
    epochs: usize,
    seed: u64,
    prune: i16,
    mut progress: impl FnMut(TaggerEpoch),
) -> (Tagger, Option<(f64, usize)>) {
    let dict = build_dict(train, 20);
    let amb_map = build_amb(train);
    let mut tr = Trainer::new(N_TAGS);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = Rng::new(seed);
    let mut best: Option<(Tagger, f64, usize)> = None;
    let mut feats = [0u32; N_TAG_FEATURES];
    let mut scores = [0f32; N_TAGS];
    let mut last = None;
    for epoch in 1..=epochs.max(1) {
        rng.shuffle(&mut order);
        let (mut errors, mut decisions) = (0, 0);
        for &s in &order {
            let (lex, gold) = &train[s];
            let amb: Vec<u32> = lex
                .iter()
                .map(|l| amb_map.get(&amb_key(l)).copied().unwrap_or(0))
                .collect();
            let mut tags: Vec<u8> = Vec::with_capacity(lex.len());
            for i in 0..lex.len() {
                if let Some(&t) = dict.get(&dict_key(&lex[i])) {
                    tags.push(t);
                    continue;
                }
                let (p1, p2) = prev(&tags, i);
                tag_features(lex, &amb, i, p1, p2, &mut feats);
                tr.scores(&feats, &mut scores);
                let p = argmax_f(&scores);
                tr.update(&feats, gold[i] as usize, p);
                tr.tick();
                errors += (p != gold[i] as usize) as usize;
                decisions += 1;
                tags.push(p as u8);
            }
        }
        let t = Tagger {
            table: tr.table(prune),
            dict: dict.clone(),
            amb: amb_map.clone(),
        };
        let dev_upos = dev.map(|d| accuracy(&t, d));
        progress(TaggerEpoch {
            epoch,
            errors,
            decisions,
            dev_upos,
            features: t.table.len(),
        });
        match dev_upos {
            Some(a) if best.as_ref().is_none_or(|b| a > b.1) => best = Some((t, a, epoch)),
            Some(_) => {}
            None => last = Some(t),
        }
    }
    match best {
        Some((t, a, e)) => (t, Some((a, e))),
        None => (last.expect("one epoch"), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lex_folds_case_and_digits_and_sees_affixes() {
        let a = Lex::new("Running");
        let b = Lex::new("running");
        assert_eq!(a.lower, b.lower);
        assert_ne!(a.form, b.form);
        let j = Lex::new("jumping");
        assert_eq!(a.suffix[..3], j.suffix[..3]);
        assert_ne!(a.suffix[3], j.suffix[3]);
        assert_eq!(Lex::new("1999").lower, Lex::new("2004").lower);
        assert!(a.flags & CAP != 0 && b.flags & CAP == 0);
        assert!(Lex::new("NATO").flags & ALLCAPS != 0);
        assert!(Lex::new("well-known").flags & HYPHEN != 0);
        assert_eq!(Lex::new("Smith").shape, Lex::new("Jones").shape);
        assert_eq!(Lex::new("").prefix, Lex::new("").prefix);
    }

    #[test]
    fn tagger_learns_a_tiny_language() {
        let sents = [
            "the dog runs .",
            "a cat sleeps .",
            "the cat runs .",
            "a dog sleeps .",
        ];
        let tags = [5u8, 7, 15, 12];
        let data: Vec<(Vec<Lex>, Vec<u8>)> = sents
            .iter()
            .map(|s| (s.split(' ').map(Lex::new).collect(), tags.to_vec()))
            .collect();
        let (t, acc) = train_tagger(&data, Some(&data), 5, 1, 0, |_| {});
        assert_eq!(acc.map(|(a, _)| a), Some(1.0));
        let lex: Vec<Lex> = "the dog sleeps .".split(' ').map(Lex::new).collect();
        assert_eq!(t.tag(&lex), tags.to_vec());
    }
}

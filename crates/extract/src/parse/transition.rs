//! Greedy arc-eager dependency parsing (Nivre 2003) with the root at the end of the buffer
//! (Ballesteros & Nivre 2013), trained with the dynamic oracle of Goldberg & Nivre (2012).
//!
//! Words are `0..n`; the root is `n` and always the last buffer item, never shifted. A
//! configuration is a stack, the buffer front `b` and the arcs so far. Transitions: SHIFT (push
//! `b`; not the root), REDUCE (pop a word that has a head), LEFT (the stack top gets `b` as
//! head and is popped), RIGHT (`b` gets the stack top as head and is pushed). The parse ends
//! when the stack is empty and only the root is left; every word then has a head, and the
//! words the root took (by LEFT) are its children: one of them, the one with the largest
//! subtree, stays the root, the others attach to it.
//!
//! Transitions are unlabelled and scored by one classifier over Zhang & Nivre (2011) style
//! features ([`action_features`]), including the tagger's ambiguity classes of s0, n0 and n1
//! (the tags their forms had in training, [`Lex::amb`]), which let the parser doubt a tag.
//! Each arc is labelled when it is made by a second classifier ([`label_features`]) that sees
//! both ends, their tags, children and neighbours. Arcs to the root are always `root`, other
//! arcs never are.
//!
//! Non-projective gold trees are projectivised for training by lifting ([`projectivize`]):
//! the shortest non-projective arc's dependent moves to its head's head until none are left
//! (labels unchanged). The parser only builds projective trees.

use super::tagger::Lex;
use super::weights::{Fx, Rng, Table, Trainer};

pub const SHIFT: usize = 0;
pub const REDUCE: usize = 1;
pub const LEFT: usize = 2;
pub const RIGHT: usize = 3;
pub const N_ACTIONS: usize = 4;
pub const NONE: u32 = u32::MAX;
const NO_LABEL: u8 = u8::MAX;
const PUNCT_TAG: u8 = super::tagger::upos("PUNCT");
const VERB_TAG: u8 = super::tagger::upos("VERB");

/// A parser configuration with the per-word facts the features read.
pub struct State {
    n: usize,
    pub stack: Vec<u32>,
    pub b: usize,
    pub head: Vec<u32>,
    pub label: Vec<u8>,
    lm: Vec<u32>,
    lm2: Vec<u32>,
    rm: Vec<u32>,
    rm2: Vec<u32>,
    lval: Vec<u8>,
    rval: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
    in_stack: Vec<bool>,
    /// Word, tag and suffix hashes; index `n` is the root, `n + 1` stands for "none".
    w: Vec<u64>,
    p: Vec<u64>,
    suf: Vec<u64>,
    /// Ambiguity classes ([`Lex::amb`]).
    amb: Vec<u64>,
    /// Punctuation marks and verbs before each word.
    punct: Vec<u32>,
    verbs: Vec<u32>,
}

impl State {
    pub fn new(lex: &[Lex], tags: &[u8]) -> State {
        let n = lex.len();
        let mut w: Vec<u64> = lex.iter().map(|l| l.lower).collect();
        let mut p: Vec<u64> = tags.iter().map(|t| *t as u64).collect();
        let mut suf: Vec<u64> = lex.iter().map(|l| l.suffix[2]).collect();
        let mut amb: Vec<u64> = lex.iter().map(|l| l.amb as u64).collect();
        amb.extend([1 << 40, 1 << 41]);
        let mut punct = Vec::with_capacity(n + 1);
        let mut verbs = Vec::with_capacity(n + 1);
        let (mut c, mut v) = (0, 0);
        for t in tags {
            punct.push(c);
            verbs.push(v);
            c += (*t == PUNCT_TAG) as u32;
            v += (*t == VERB_TAG) as u32;
        }
        punct.push(c);
        verbs.push(v);
        w.extend([11, 12]);
        p.extend([40, 41]);
        suf.extend([11, 12]);
        State {
            n,
            stack: Vec::with_capacity(n),
            b: 0,
            head: vec![NONE; n + 1],
            label: vec![NO_LABEL; n + 1],
            lm: vec![NONE; n + 1],
            lm2: vec![NONE; n + 1],
            rm: vec![NONE; n + 1],
            rm2: vec![NONE; n + 1],
            lval: vec![0; n + 1],
            rval: vec![0; n + 1],
            lset: vec![0; n + 1],
            rset: vec![0; n + 1],
            in_stack: vec![false; n + 1],
            w,
            p,
            suf,
            amb,
            punct,
            verbs,
        }
    }

    pub fn root(&self) -> usize {
        self.n
    }

    pub fn terminal(&self) -> bool {
        self.stack.is_empty() && self.b >= self.n
    }

    fn s0(&self) -> u32 {
        self.stack.last().copied().unwrap_or(NONE)
    }

    /// Whether each action is possible.
    pub fn valid(&self) -> [bool; N_ACTIONS] {
        let s0 = self.s0();
        let has_s0 = s0 != NONE;
        let headed = has_s0 && self.head[s0 as usize] != NONE;
        let b_word = self.b < self.n;
        let mut v = [false; N_ACTIONS];
        v[SHIFT] = b_word;
        v[REDUCE] = headed;
        v[LEFT] = has_s0 && !headed;
        v[RIGHT] = has_s0 && b_word;
        v
    }

    fn add_arc(&mut self, h: usize, d: usize, l: u8) {
        self.head[d] = h as u32;
        self.label[d] = l;
        let bit = 1u64 << (l as u32).min(63);
        let d32 = d as u32;
        if d < h {
            let lm = self.lm[h];
            if lm == NONE || d32 < lm {
                self.lm2[h] = lm;
                self.lm[h] = d32;
            } else if self.lm2[h] == NONE || d32 < self.lm2[h] {
                self.lm2[h] = d32;
            }
            self.lval[h] = self.lval[h].saturating_add(1);
            self.lset[h] |= bit;
        } else {
            let rm = self.rm[h];
            if rm == NONE || d32 > rm {
                self.rm2[h] = rm;
                self.rm[h] = d32;
            } else if self.rm2[h] == NONE || d32 > self.rm2[h] {
                self.rm2[h] = d32;
            }
            self.rval[h] = self.rval[h].saturating_add(1);
            self.rset[h] |= bit;
        }
    }

    /// The (head, dependent) of the arc an action would make.
    pub fn arc_of(&self, action: usize) -> Option<(usize, usize)> {
        let s0 = self.s0() as usize;
        match action {
            LEFT => Some((self.b, s0)),
            RIGHT => Some((s0, self.b)),
            _ => None,
        }
    }

    /// Apply a (valid) action; `label` is used by LEFT and RIGHT.
    pub fn apply(&mut self, action: usize, label: u8) {
        match action {
            SHIFT => {
                self.in_stack[self.b] = true;
                self.stack.push(self.b as u32);
                self.b += 1;
            }
            REDUCE => {
                let s = self.stack.pop().expect("reduce needs a stack") as usize;
                self.in_stack[s] = false;
            }
            LEFT => {
                let s = self.stack.pop().expect("left needs a stack") as usize;
                self.in_stack[s] = false;
                self.add_arc(self.b, s, label);
            }
            _ => {
                let s = self.s0() as usize;
                self.add_arc(s, self.b, label);
                self.in_stack[self.b] = true;
                self.stack.push(self.b as u32);
                self.b += 1;
            }
        }
    }

    /// Goldberg & Nivre (2012) costs: how many gold arcs each valid action makes unreachable
    /// (`gold[i]` is the head of word i, the root being `n`). `u32::MAX` for invalid actions.
    pub fn costs(&self, gold: &[u32]) -> [u32; N_ACTIONS] {
        let v = self.valid();
        let mut c = [u32::MAX; N_ACTIONS];
        let n = self.n;
        let b = self.b;
        let s0 = self.s0() as usize;
        // stack words with no head yet whose gold head is `h`
        let headless_deps_in_stack = |h: usize| {
            self.stack
                .iter()
                .filter(|&&k| self.head[k as usize] == NONE && gold[k as usize] as usize == h)
                .count() as u32
        };
        let deps_in_buffer = |h: usize| (b..n).filter(|&k| gold[k] as usize == h).count() as u32;
        if v[SHIFT] {
            let g = gold[b] as usize;
            let head_in_stack = (g < n && self.in_stack[g]) as u32;
            c[SHIFT] = head_in_stack + headless_deps_in_stack(b);
        }
        if v[REDUCE] {
            c[REDUCE] = deps_in_buffer(s0);
        }
        if v[LEFT] {
            let g = gold[s0] as usize;
            let head_later = (g > b && g <= n) as u32;
            c[LEFT] = head_later + deps_in_buffer(s0);
        }
        if v[RIGHT] {
            let g = gold[b] as usize;
            let lost_head = if g == s0 {
                0
            } else {
                ((g < n && self.in_stack[g]) || g > b) as u32
            };
            c[RIGHT] = lost_head + headless_deps_in_stack(b);
        }
        c
    }

    #[inline]
    fn ix(&self, i: u32) -> usize {
        if i == NONE {
            self.n + 1
        } else {
            i as usize
        }
    }

    #[inline]
    fn lab(&self, i: u32) -> u64 {
        if i == NONE {
            200
        } else {
            self.label[i as usize] as u64
        }
    }

    #[inline]
    fn child(v: &[u32], i: u32) -> u32 {
        if i == NONE {
            NONE
        } else {
            v[i as usize]
        }
    }
}

pub const N_ACTION_FEATURES: usize = 95;

fn bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

/// Features of a configuration for the transition classifier.
pub fn action_features(st: &State, out: &mut [u32; N_ACTION_FEATURES]) {
    let s0 = st.s0();
    let s1 = if st.stack.len() >= 2 {
        st.stack[st.stack.len() - 2]
    } else {
        NONE
    };
    let b0 = st.b as u32;
    let b1 = if st.b < st.n { b0 + 1 } else { NONE };
    let b2 = if st.b + 1 < st.n { b0 + 2 } else { NONE };
    let s0h = State::child(&st.head, s0);
    let s0h2 = State::child(&st.head, s0h);
    let s0l = State::child(&st.lm, s0);
    let s0l2 = State::child(&st.lm2, s0);
    let s0r = State::child(&st.rm, s0);
    let s0r2 = State::child(&st.rm2, s0);
    let b0l = st.lm[st.b];
    let b0l2 = st.lm2[st.b];
    let w = |i: u32| st.w[st.ix(i)];
    let p = |i: u32| st.p[st.ix(i)];
    let l = |i: u32| st.lab(i);
    let dist = if s0 == NONE || st.b >= st.n {
        9
    } else {
        bucket(st.b - s0 as usize)
    };
    let (s0vl, s0vr, s0sl, s0sr) = if s0 == NONE {
        (9, 9, 0, 0)
    } else {
        let s = s0 as usize;
        (
            st.lval[s].min(6) as u64,
            st.rval[s].min(6) as u64,
            st.lset[s],
            st.rset[s],
        )
    };
    let (b0vl, b0sl) = (st.lval[st.b].min(6) as u64, st.lset[st.b]);
    let (s0w, s0p, n0w, n0p) = (w(s0), p(s0), w(b0), p(b0));
    let headed = (s0 != NONE && s0h != NONE) as u64;
    let (puncts, verbs) = if s0 == NONE {
        (9, 9)
    } else {
        (
            (st.punct[st.b] - st.punct[s0 as usize]).min(3) as u64,
            (st.verbs[st.b] - st.verbs[s0 as usize + 1].min(st.verbs[st.b])).min(2) as u64,
        )
    };
    let suf = |i: u32| st.suf[st.ix(i)];
    let amb = |i: u32| st.amb[st.ix(i)];
    let f = Fx::new;
    let feats: [Fx; N_ACTION_FEATURES] = [
        f(1).with(s0w).with(s0p),
        f(2).with(s0w),
        f(3).with(s0p),
        f(4).with(n0w).with(n0p),
        f(5).with(n0w),
        f(6).with(n0p),
        f(7).with(w(b1)).with(p(b1)),
        f(8).with(w(b1)),
        f(9).with(p(b1)),
        f(10).with(w(b2)).with(p(b2)),
        f(11).with(w(b2)),
        f(12).with(p(b2)),
        f(13).with(s0w).with(s0p).with(n0w).with(n0p),
        f(14).with(s0w).with(s0p).with(n0w),
        f(15).with(s0w).with(n0w).with(n0p),
        f(16).with(s0w).with(s0p).with(n0p),
        f(17).with(s0p).with(n0w).with(n0p),
        f(18).with(s0w).with(n0w),
        f(19).with(s0p).with(n0p),
        f(20).with(n0p).with(p(b1)),
        f(21).with(n0p).with(p(b1)).with(p(b2)),
        f(22).with(s0p).with(n0p).with(p(b1)),
        f(23).with(p(s0h)).with(s0p).with(n0p),
        f(24).with(s0p).with(p(s0l)).with(n0p),
        f(25).with(s0p).with(p(s0r)).with(n0p),
        f(26).with(s0p).with(n0p).with(p(b0l)),
        f(27).with(s0w).with(dist),
        f(28).with(s0p).with(dist),
        f(29).with(n0w).with(dist),
        f(30).with(n0p).with(dist),
        f(31).with(s0w).with(n0w).with(dist),
        f(32).with(s0p).with(n0p).with(dist),
        f(33).with(s0w).with(s0vr),
        f(34).with(s0p).with(s0vr),
        f(35).with(s0w).with(s0vl),
        f(36).with(s0p).with(s0vl),
        f(37).with(n0w).with(b0vl),
        f(38).with(n0p).with(b0vl),
        f(39).with(w(s0h)),
        f(40).with(p(s0h)),
        f(41).with(l(s0)),
        f(42).with(w(s0l)),
        f(43).with(p(s0l)),
        f(44).with(l(s0l)),
        f(45).with(w(s0r)),
        f(46).with(p(s0r)),
        f(47).with(l(s0r)),
        f(48).with(w(b0l)),
        f(49).with(p(b0l)),
        f(50).with(l(b0l)),
        f(51).with(w(s0h2)),
        f(52).with(p(s0h2)),
        f(53).with(l(s0h)),
        f(54).with(w(s0l2)),
        f(55).with(p(s0l2)),
        f(56).with(l(s0l2)),
        f(57).with(w(s0r2)),
        f(58).with(p(s0r2)),
        f(59).with(l(s0r2)),
        f(60).with(w(b0l2)),
        f(61).with(p(b0l2)),
        f(62).with(l(b0l2)),
        f(63).with(s0p).with(p(s0l)).with(p(s0l2)),
        f(64).with(s0p).with(p(s0r)).with(p(s0r2)),
        f(65).with(s0p).with(p(s0h)).with(p(s0h2)),
        f(66).with(n0p).with(p(b0l)).with(p(b0l2)),
        f(67).with(s0w).with(s0sr),
        f(68).with(s0p).with(s0sr),
        f(69).with(s0w).with(s0sl),
        f(70).with(s0p).with(s0sl),
        f(71).with(n0w).with(b0sl),
        f(72).with(n0p).with(b0sl),
        f(73).with(w(s1)).with(p(s1)),
        f(74).with(p(s1)),
        f(75).with(p(s1)).with(s0p).with(n0p),
        f(76),
        f(77).with(headed).with(s0p).with(n0p),
        f(78).with(p(s1)).with(s0p).with(headed),
        f(79).with(n0w).with(w(b1)),
        f(80).with(suf(b0)).with(n0p).with(s0p),
        f(81).with(suf(s0)).with(s0p).with(n0p),
        f(82).with(s0w).with(n0p).with(p(b1)),
        f(83).with(s0p).with(n0w).with(p(b1)),
        f(84).with(w(s1)).with(s0w),
        f(85).with(s0p).with(n0p).with(puncts).with(dist),
        f(86).with(s0p).with(l(s0)).with(n0p).with(headed),
        f(87).with(s0p).with(p(s0r)).with(n0w),
        f(88).with(s0p).with(n0p).with(verbs).with(dist),
        f(89).with(l(s0)).with(l(s0h)).with(n0p),
        f(90).with(w(s0r)).with(n0w),
        f(91).with(n0w).with(p(b1)).with(p(b2)),
        f(92).with(s0p).with(amb(s0)),
        f(93).with(n0p).with(amb(b0)),
        f(94).with(s0p).with(n0p).with(amb(b0)),
        f(95).with(n0p).with(p(b1)).with(amb(b1)),
    ];
    for (o, x) in out.iter_mut().zip(feats) {
        *o = x.key();
    }
}

pub const N_LABEL_FEATURES: usize = 24;

/// Features for labelling the arc `h -> d` about to be made.
pub fn label_features(st: &State, h: usize, d: usize, out: &mut [u32; N_LABEL_FEATURES]) {
    let w = |i: u32| st.w[st.ix(i)];
    let p = |i: u32| st.p[st.ix(i)];
    let dir = (d < h) as u64;
    let dist = bucket(h.abs_diff(d)) + 10 * (h == st.n) as u64;
    let (dw, dp, hw, hp) = (st.w[d], st.p[d], st.w[h], st.p[h]);
    let prev = |i: usize| if i == 0 { NONE } else { i as u32 - 1 };
    let next = |i: usize| if i + 1 >= st.n { NONE } else { i as u32 + 1 };
    let hh = st.head[h];
    let f = Fx::new;
    let feats: [Fx; N_LABEL_FEATURES] = [
        f(101).with(dw),
        f(102).with(dp),
        f(103).with(dw).with(dp),
        f(104).with(hw).with(dir),
        f(105).with(hp).with(dir),
        f(106).with(hp).with(dp).with(dir),
        f(107).with(hw).with(dp).with(dir),
        f(108).with(hp).with(dw).with(dir),
        f(109).with(hw).with(dw),
        f(110).with(dp).with(hp).with(dist).with(dir),
        f(111).with(dp).with(st.lset[d]),
        f(112).with(dp).with(st.rset[d]),
        f(113).with(dp).with(st.lset[h]).with(dir),
        f(114).with(dp).with(st.rset[h]).with(dir),
        f(115).with(dp).with(p(prev(d))).with(p(next(d))),
        f(116).with(dp).with(st.lab(st.lm[d])),
        f(117).with(dp).with(st.lab(st.rm[d])),
        f(118).with(dp).with(hp).with(p(hh)),
        f(119).with(st.suf[d]).with(dp),
        f(120).with(dw).with(dir),
        f(121).with(dir),
        f(122).with(hp).with(dp).with(p(next(h))),
        f(123).with(dp).with(p(st.lm[d])).with(p(st.rm[d])),
        f(124).with(dp).with(w(st.lm[d])).with(dir),
    ];
    for (o, x) in out.iter_mut().zip(feats) {
        *o = x.key();
    }
}

/// The trained classifiers.
pub struct ParserTables {
    pub actions: Table,
    pub labels: Table,
    pub root_label: u8,
}

fn best_valid_i(acc: &[i32], valid: &[bool]) -> usize {
    let mut best = usize::MAX;
    for j in 0..valid.len() {
        if valid[j] && (best == usize::MAX || acc[j] > acc[best]) {
            best = j;
        }
    }
    best
}

fn best_label_i(acc: &[i32], root: u8) -> u8 {
    let mut best = usize::MAX;
    for j in 0..acc.len() {
        if j != root as usize && (best == usize::MAX || acc[j] > acc[best]) {
            best = j;
        }
    }
    best.min(u8::MAX as usize - 1) as u8
}

impl ParserTables {
    fn label(&self, st: &State, h: usize, d: usize, lf: &mut [u32; N_LABEL_FEATURES]) -> u8 {
        if h == st.n {
            return self.root_label;
        }
        label_features(st, h, d, lf);
        let mut acc = [0i32; 256];
        let c = self.labels.classes();
        self.labels.accumulate(lf, &mut acc[..c]);
        best_label_i(&acc[..c], self.root_label)
    }

    /// Parse a tagged sentence: per word, the head (`n` = root) and label index.
    pub fn parse(&self, lex: &[Lex], tags: &[u8]) -> (Vec<u32>, Vec<u8>) {
        let mut st = State::new(lex, tags);
        let mut af = [0u32; N_ACTION_FEATURES];
        let mut lf = [0u32; N_LABEL_FEATURES];
        while !st.terminal() {
            let valid = st.valid();
            let a = if valid.iter().filter(|v| **v).count() == 1 {
                valid.iter().position(|v| *v).expect("one valid")
            } else {
                action_features(&st, &mut af);
                let mut acc = [0i32; N_ACTIONS];
                self.actions.accumulate(&af, &mut acc);
                best_valid_i(&acc, &valid)
            };
            let l = match st.arc_of(a) {
                Some((h, d)) => self.label(&st, h, d, &mut lf),
                None => 0,
            };
            st.apply(a, l);
        }
        self.single_root(&mut st, &mut lf);
        let n = st.n;
        (st.head[..n].to_vec(), st.label[..n].to_vec())
    }

    /// Keep the root child with the largest subtree; attach the other root children to it.
    fn single_root(&self, st: &mut State, lf: &mut [u32; N_LABEL_FEATURES]) {
        let n = st.n;
        let kids: Vec<usize> = (0..n).filter(|&i| st.head[i] as usize == n).collect();
        if kids.len() <= 1 {
            return;
        }
        let mut size = vec![1usize; n + 1];
        // heads form a tree over 0..=n: add each word to every ancestor
        for i in 0..n {
            let mut h = st.head[i] as usize;
            let mut guard = 0;
            while h < n && guard <= n {
                size[h] += 1;
                h = st.head[h] as usize;
                guard += 1;
            }
        }
        let keep = *kids
            .iter()
            .max_by_key(|&&k| (size[k], std::cmp::Reverse(k)))
            .expect("several kids");
        for &k in &kids {
            if k != keep {
                let l = self.label(st, keep, k, lf);
                st.head[k] = keep as u32;
                st.label[k] = l;
            }
        }
    }
}

/// Training state for both classifiers.
pub struct ParserTrainer {
    pub actions: Trainer,
    pub labels: Trainer,
    pub root_label: u8,
}

fn best_valid_f(s: &[f32], ok: impl Fn(usize) -> bool) -> usize {
    let mut best = usize::MAX;
    for j in 0..s.len() {
        if ok(j) && (best == usize::MAX || s[j] > s[best]) {
            best = j;
        }
    }
    best
}

impl ParserTrainer {
    pub fn new(labels: usize, root_label: u8) -> Self {
        ParserTrainer {
            actions: Trainer::new(N_ACTIONS),
            labels: Trainer::new(labels),
            root_label,
        }
    }

    /// One sentence with the dynamic oracle. `gold` heads (root = n) must be projective;
    /// with `explore`, the parser follows its own prediction with probability `p_follow` even
    /// when it is wrong. Returns (wrong decisions, decisions).
    #[allow(clippy::too_many_arguments)]
    pub fn learn(
        &mut self,
        lex: &[Lex],
        tags: &[u8],
        gold: &[u32],
        gold_labels: &[u8],
        explore: bool,
        p_follow: f64,
        rng: &mut Rng,
    ) -> (usize, usize) {
        let mut st = State::new(lex, tags);
        let mut af = [0u32; N_ACTION_FEATURES];
        let mut lf = [0u32; N_LABEL_FEATURES];
        let mut scores = [0f32; N_ACTIONS];
        let mut lscores = vec![0f32; self.labels.classes()];
        let (mut wrong, mut total) = (0, 0);
        while !st.terminal() {
            let valid = st.valid();
            let costs = st.costs(gold);
            let min = *costs.iter().min().expect("actions");
            action_features(&st, &mut af);
            self.actions.scores(&af, &mut scores);
            let pred = best_valid_f(&scores, |j| valid[j]);
            let best_gold = best_valid_f(&scores, |j| valid[j] && costs[j] == min);
            total += 1;
            let next = if costs[pred] == min {
                pred
            } else {
                wrong += 1;
                self.actions.update(&af, best_gold, pred);
                if explore && rng.unit() < p_follow {
                    pred
                } else {
                    best_gold
                }
            };
            self.actions.tick();
            let l = match st.arc_of(next) {
                Some((h, _)) if h == st.n => self.root_label,
                Some((h, d)) => {
                    label_features(&st, h, d, &mut lf);
                    self.labels.scores(&lf, &mut lscores);
                    let root = self.root_label as usize;
                    let pl = best_valid_f(&lscores, |j| j != root);
                    if gold[d] as usize == h {
                        let g = gold_labels[d] as usize;
                        self.labels.update(&lf, g, pl);
                        self.labels.tick();
                        g as u8
                    } else {
                        pl as u8
                    }
                }
                None => 0,
            };
            st.apply(next, l);
        }
        (wrong, total)
    }

    pub fn tables(&self, prune_actions: i16, prune_labels: i16) -> ParserTables {
        ParserTables {
            actions: self.actions.table(prune_actions),
            labels: self.labels.table(prune_labels),
            root_label: self.root_label,
        }
    }
}

/// Is the arc `h -> d` projective (every word between them descends from `h`)?
fn projective_arc(heads: &[u32], h: usize, d: usize) -> bool {
    let n = heads.len();
    let (lo, hi) = if h < d { (h, d) } else { (d, h) };
    (lo + 1..hi).all(|k| {
        let mut a = k;
        let mut guard = 0;
        while a != h && a < n && guard <= n {
            a = heads[a] as usize;
            guard += 1;
        }
        a == h
    })
}

/// Lift non-projective arcs (shortest first) until the tree is projective. `heads[i]` is word
/// i's head, `heads.len()` the root. Returns how many arcs were lifted.
pub fn projectivize(heads: &mut [u32]) -> usize {
    let n = heads.len();
    let mut lifted = 0;
    loop {
        let worst = (0..n)
            .filter(|&d| !projective_arc(heads, heads[d] as usize, d))
            .min_by_key(|&d| ((heads[d] as usize).abs_diff(d), d));
        match worst {
            Some(d) if (heads[d] as usize) < n => {
                heads[d] = heads[heads[d] as usize];
                lifted += 1;
            }
            _ => return lifted,
        }
        if lifted > 4 * n {
            return lifted; // a malformed (cyclic) tree
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follow zero-cost actions (trying them in a rotating order) and return the heads.
    fn oracle_parse(gold: &[u32], pick: usize) -> Vec<u32> {
        let lex: Vec<Lex> = (0..gold.len()).map(|i| Lex::new(&i.to_string())).collect();
        let tags = vec![0u8; gold.len()];
        let mut st = State::new(&lex, &tags);
        let mut step = pick;
        while !st.terminal() {
            let c = st.costs(gold);
            let zero: Vec<usize> = (0..N_ACTIONS).filter(|&a| c[a] == 0).collect();
            assert!(!zero.is_empty(), "no zero-cost action for {gold:?}");
            let a = zero[step % zero.len()];
            step = step.wrapping_mul(31).wrapping_add(7);
            st.apply(a, 0);
        }
        st.head[..gold.len()].to_vec()
    }

    /// Every projective tree over n words (root = n), by choosing heads and keeping
    /// projective ones with one root child.
    fn projective_trees(n: usize) -> Vec<Vec<u32>> {
        let mut out = Vec::new();
        let total = (n + 1).pow(n as u32);
        for mut code in 0..total {
            let mut h = vec![0u32; n];
            for x in h.iter_mut() {
                *x = (code % (n + 1)) as u32;
                code /= n + 1;
            }
            let acyclic = (0..n).all(|i| {
                let (mut a, mut k) = (i, 0);
                while a < n && k <= n {
                    a = h[a] as usize;
                    k += 1;
                }
                a == n
            });
            let roots = h.iter().filter(|&&x| x as usize == n).count();
            if acyclic
                && roots == 1
                && (0..n).all(|i| h[i] as usize != i)
                && (0..n).all(|d| projective_arc(&h, h[d] as usize, d))
            {
                out.push(h);
            }
        }
        out
    }

    #[test]
    fn dynamic_oracle_rebuilds_every_projective_tree() {
        let mut count = 0;
        for n in 1..=6 {
            for t in projective_trees(n) {
                for pick in 0..3 {
                    assert_eq!(oracle_parse(&t, pick), t, "tree {t:?}");
                }
                count += 1;
            }
        }
        assert!(count > 500, "{count} trees");
        // hand-written sentence shapes (root = number of words):
        // "The new chief said on Monday that talks failed ."
        // "Officials , who declined to be named , said it was over ."
        // "He gave up ."
        let sentences: [&[u32]; 3] = [
            &[2, 2, 3, 10, 5, 3, 8, 8, 3, 3],
            &[8, 3, 3, 0, 6, 6, 3, 3, 13, 11, 11, 8, 8],
            &[1, 4, 1, 1],
        ];
        for h in sentences {
            assert_eq!(projectivize(&mut h.to_vec()), 0, "{h:?}");
            for pick in 0..5 {
                assert_eq!(oracle_parse(h, pick), h.to_vec());
            }
        }
    }

    #[test]
    fn oracle_costs_count_lost_arcs() {
        // words 0 1 2, gold: 0 <- 1 -> 2, 1 root (3)
        let gold = [1u32, 3, 1];
        let lex: Vec<Lex> = ["a", "b", "c"].iter().map(|w| Lex::new(w)).collect();
        let mut st = State::new(&lex, &[0, 0, 0]);
        st.apply(SHIFT, 0);
        let c = st.costs(&gold);
        assert_eq!(c[LEFT], 0);
        // RIGHT gives word 1 the wrong head and loses 0 <- 1; SHIFT loses 0 <- 1
        assert_eq!(c[RIGHT], 2);
        assert_eq!(c[SHIFT], 1);
        assert_eq!(c[REDUCE], u32::MAX);
        // a wrong move, then the oracle still finds the best reachable tree
        st.apply(RIGHT, 0);
        while !st.terminal() {
            let c = st.costs(&gold);
            let a = (0..N_ACTIONS).min_by_key(|&a| c[a]).unwrap();
            st.apply(a, 0);
        }
        assert_eq!(st.head[2], 1);
    }

    #[test]
    fn projectivize_lifts_crossing_arcs() {
        // 0 -> 2 crosses 1 -> 3 (root 4): A B C D with heads B? build: 1 is root
        let mut h = vec![2u32, 4, 1, 1];
        // arc 2 -> 0 spans word 1, which is not under 2: non-projective
        assert!(!projective_arc(&h, 2, 0));
        assert_eq!(projectivize(&mut h), 1);
        assert_eq!(h, vec![1, 4, 1, 1]);
        assert!((0..4).all(|d| projective_arc(&h, h[d] as usize, d)));
    }
}

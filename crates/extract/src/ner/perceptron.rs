//! A first-order structured perceptron with weight averaging (Collins 2002) and constrained
//! Viterbi decoding over BIO tags.
//!
//! Score of a tag sequence y for tokens with feature sets F_t:
//! `sum_t (sum_{f in F_t} W[f, y_t] + T[y_{t-1}, y_t])`, with `y_{-1}` the start state. Training
//! decodes each sentence with the current weights and, when the best sequence differs from the
//! gold one, adds the gold sequence's features and subtracts the predicted one's. The weights
//! kept are the average over every step (the lazy "w - u / c" form), which generalises far
//! better than the last weights.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Tags: `O`, then `B-`/`I-` for each entity type in order.
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];
pub const LABELS: usize = 1 + 2 * TYPES.len();
const START: usize = LABELS;

pub fn label_name(y: usize) -> String {
    if y == 0 {
        "O".to_string()
    } else {
        let t = TYPES[(y - 1) / 2];
        if (y - 1) % 2 == 0 {
            format!("B-{t}")
        } else {
            format!("I-{t}")
        }
    }
}

pub fn begin(t: usize) -> usize {
    1 + 2 * t
}
pub fn inside(t: usize) -> usize {
    2 + 2 * t
}
/// The entity type index of a tag, `None` for `O`.
pub fn type_of(y: usize) -> Option<usize> {
    (y > 0).then(|| (y - 1) / 2)
}
pub fn is_inside(y: usize) -> bool {
    y > 0 && (y - 1) % 2 == 1
}

/// May tag `y` follow `prev` (`START` at the beginning)? `I-X` only continues `B-X` or `I-X`.
pub fn allowed(prev: usize, y: usize) -> bool {
    if !is_inside(y) {
        return true;
    }
    prev != START && prev != 0 && type_of(prev) == type_of(y)
}

/// Hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);
impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | *b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;
pub type IdSet = std::collections::HashSet<u64, BuildHasherDefault<IdHasher>>;

/// Weights: one row of `LABELS` per feature, plus transitions from each tag and from the start.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    pub index: IdMap<u32>,
    pub emit: Vec<f32>,
    pub trans: Vec<f32>,
}

impl Weights {
    pub fn empty() -> Self {
        Weights {
            index: IdMap::default(),
            emit: Vec::new(),
            trans: vec![0.0; (LABELS + 1) * LABELS],
        }
    }

    /// Feature rows of a token (unknown features have none).
    pub fn rows(&self, feats: &[u64], out: &mut Vec<u32>) {
        out.clear();
        out.extend(feats.iter().filter_map(|f| self.index.get(f).copied()));
    }

    /// Emission scores per token from feature rows.
    fn emissions(&self, rows: &[Vec<u32>]) -> Vec<[f32; LABELS]> {
        rows.iter()
            .map(|r| {
                let mut s = [0f32; LABELS];
                for &f in r {
                    let w = &self.emit[f as usize * LABELS..(f as usize + 1) * LABELS];
                    for (a, b) in s.iter_mut().zip(w) {
                        *a += b;
                    }
                }
                s
            })
            .collect()
    }

    /// The best allowed tag sequence.
    pub fn decode(&self, rows: &[Vec<u32>]) -> Vec<usize> {
        viterbi(&self.emissions(rows), &self.trans)
    }
}

/// The best sequence and, per token, a confidence: the margin of the best path over the best
/// path with a different tag at that token, squashed to (0.5, 1).
pub fn decode_with_confidence(em: &[[f32; LABELS]], trans: &[f32]) -> (Vec<usize>, Vec<f32>) {
    let (fwd, bwd) = max_marginals(em, trans);
    let path = viterbi(em, trans);
    let conf = path
        .iter()
        .enumerate()
        .map(|(t, &y)| {
            let best = fwd[t][y] + bwd[t][y];
            let other = (0..LABELS)
                .filter(|&z| z != y)
                .map(|z| fwd[t][z] + bwd[t][z])
                .fold(f32::NEG_INFINITY, f32::max);
            let margin = best - other;
            1.0 / (1.0 + (-margin / 4.0).exp())
        })
        .collect();
    (path, conf)
}

/// One feature's weights in the tagging table.
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u64,
    w: [i16; LABELS],
}

/// The weights as used for tagging: an open-addressing table (linear probing, key 0 = empty)
/// holding each feature's hash and its 16-bit weights together, so that one lookup is one
/// memory access; emissions are summed in integers and scaled once.
#[derive(Clone)]
pub struct Table {
    slots: Vec<Slot>,
    mask: usize,
    pub scale: f32,
    pub trans: Vec<f32>,
}

impl Table {
    /// Quantise `w` to 16 bits with one scale for the whole model.
    pub fn new(w: &Weights) -> Self {
        let max = w
            .emit
            .iter()
            .fold(0f32, |m, x| m.max(x.abs()))
            .max(f32::MIN_POSITIVE);
        let scale = max / i16::MAX as f32;
        let mut t = Self::with_scale(w.index.len(), scale, w.trans.clone());
        for (k, row) in &w.index {
            let r = &w.emit[*row as usize * LABELS..(*row as usize + 1) * LABELS];
            t.insert(*k, std::array::from_fn(|y| (r[y] / scale).round() as i16));
        }
        t
    }

    /// An empty table for `n` features.
    pub fn with_scale(n: usize, scale: f32, trans: Vec<f32>) -> Self {
        let cap = (n + n / 2).next_power_of_two().max(16);
        Table {
            slots: vec![Slot::default(); cap],
            mask: cap - 1,
            scale,
            trans,
        }
    }

    pub fn insert(&mut self, key: u64, w: [i16; LABELS]) {
        if key == 0 {
            return; // the empty marker; a feature hashing to 0 is dropped
        }
        let mut i = key as usize & self.mask;
        while self.slots[i].key != 0 && self.slots[i].key != key {
            i = (i + 1) & self.mask;
        }
        self.slots[i] = Slot { key, w };
    }

    #[inline]
    fn get(&self, key: u64) -> Option<&[i16; LABELS]> {
        let mut i = key as usize & self.mask;
        loop {
            let s = &self.slots[i];
            if s.key == key {
                return Some(&s.w);
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    pub fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.key != 0).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every (feature, weights) pair, sorted by feature.
    pub fn entries(&self) -> Vec<(u64, [i16; LABELS])> {
        let mut v: Vec<(u64, [i16; LABELS])> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| (s.key, s.w))
            .collect();
        v.sort_unstable_by_key(|e| e.0);
        v
    }

    /// Emission scores of each token from its feature hashes.
    pub fn emissions(&self, feats: &[Vec<u64>]) -> Vec<[f32; LABELS]> {
        feats
            .iter()
            .map(|f| {
                let mut acc = [0i32; LABELS];
                for &h in f {
                    if let Some(w) = self.get(h) {
                        for (a, b) in acc.iter_mut().zip(w) {
                            *a += *b as i32;
                        }
                    }
                }
                acc.map(|a| a as f32 * self.scale)
            })
            .collect()
    }
}

/// Viterbi over emission scores and transitions `trans[prev * LABELS + y]` (prev = `LABELS` is
/// the start).
pub fn viterbi(em: &[[f32; LABELS]], trans: &[f32]) -> Vec<usize> {
    let n = em.len();
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![[f32::NEG_INFINITY; LABELS]; n];
    let mut back = vec![[0usize; LABELS]; n];
    for y in 0..LABELS {
        if allowed(START, y) {
            score[0][y] = trans[START * LABELS + y] + em[0][y];
        }
    }
    for t in 1..n {
        for y in 0..LABELS {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for p in 0..LABELS {
                if !allowed(p, y) || score[t - 1][p] == f32::NEG_INFINITY {
                    continue;
                }
                let s = score[t - 1][p] + trans[p * LABELS + y];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            score[t][y] = best + em[t][y];
            back[t][y] = arg;
        }
    }
    let mut y = (0..LABELS)
        .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]).then(b.cmp(&a)))
        .unwrap_or(0);
    let mut path = vec![0; n];
    for t in (0..n).rev() {
        path[t] = y;
        y = back[t][y];
    }
    path
}

/// Max-product forward and backward scores: `fwd[t][y] + bwd[t][y]` is the best score of any
/// allowed path through tag y at t.
fn max_marginals(em: &[[f32; LABELS]], trans: &[f32]) -> (Vec<[f32; LABELS]>, Vec<[f32; LABELS]>) {
    let n = em.len();
    let ninf = f32::NEG_INFINITY;
    let mut fwd = vec![[ninf; LABELS]; n];
    let mut bwd = vec![[ninf; LABELS]; n];
    if n == 0 {
        return (fwd, bwd);
    }
    for y in 0..LABELS {
        if allowed(START, y) {
            fwd[0][y] = trans[START * LABELS + y] + em[0][y];
        }
    }
    for t in 1..n {
        for y in 0..LABELS {
            let best = (0..LABELS)
                .filter(|&p| allowed(p, y))
                .map(|p| fwd[t - 1][p] + trans[p * LABELS + y])
                .fold(ninf, f32::max);
            fwd[t][y] = best + em[t][y];
        }
    }
    bwd[n - 1] = [0.0; LABELS];
    for t in (0..n - 1).rev() {
        for y in 0..LABELS {
            bwd[t][y] = (0..LABELS)
                .filter(|&z| allowed(y, z))
                .map(|z| trans[y * LABELS + z] + em[t + 1][z] + bwd[t + 1][z])
                .fold(ninf, f32::max);
        }
    }
    (fwd, bwd)
}

/// Averaged-perceptron training state.
pub struct Trainer {
    pub w: Weights,
    /// Sum of `(s - 1) * update` over the updates made at step s, for every weight.
    u_emit: Vec<f32>,
    u_trans: Vec<f32>,
    step: f32,
}

impl Trainer {
    /// Every feature of the training data gets a row up front.
    pub fn new(index: IdMap<u32>) -> Self {
        let n = index.len();
        Trainer {
            w: Weights {
                index,
                emit: vec![0.0; n * LABELS],
                trans: vec![0.0; (LABELS + 1) * LABELS],
            },
            u_emit: vec![0.0; n * LABELS],
            u_trans: vec![0.0; (LABELS + 1) * LABELS],
            step: 0.0,
        }
    }

    /// One perceptron step on a sentence; returns whether the prediction was wrong.
    pub fn learn(&mut self, rows: &[Vec<u32>], gold: &[usize]) -> bool {
        let pred = self.w.decode(rows);
        let wrong = pred != gold;
        if wrong {
            let c = self.step;
            for (t, r) in rows.iter().enumerate() {
                let (g, p) = (gold[t], pred[t]);
                let (gp, pp) = if t == 0 {
                    (START, START)
                } else {
                    (gold[t - 1], pred[t - 1])
                };
                if g != p {
                    for &f in r {
                        let base = f as usize * LABELS;
                        self.w.emit[base + g] += 1.0;
                        self.u_emit[base + g] += c;
                        self.w.emit[base + p] -= 1.0;
                        self.u_emit[base + p] -= c;
                    }
                }
                if (gp, g) != (pp, p) {
                    self.w.trans[gp * LABELS + g] += 1.0;
                    self.u_trans[gp * LABELS + g] += c;
                    self.w.trans[pp * LABELS + p] -= 1.0;
                    self.u_trans[pp * LABELS + p] -= c;
                }
            }
        }
        self.step += 1.0;
        wrong
    }

    /// The average of the weights after each step so far: an update `d` made at step s of T
    /// counts `T - s + 1` times, so the average is `w - u / T` with `u = sum (s - 1) d`.
    pub fn averaged(&self) -> Weights {
        let c = self.step.max(1.0);
        let avg = |w: &[f32], u: &[f32]| -> Vec<f32> {
            w.iter().zip(u).map(|(w, u)| w - u / c).collect()
        };
        Weights {
            index: self.w.index.clone(),
            emit: avg(&self.w.emit, &self.u_emit),
            trans: avg(&self.w.trans, &self.u_trans),
        }
    }
}

/// Drop features whose weights are all (nearly) zero.
pub fn prune(w: &Weights, epsilon: f32) -> Weights {
    let mut keys: Vec<(u64, u32)> = w.index.iter().map(|(k, v)| (*k, *v)).collect();
    keys.sort_unstable();
    let mut out = Weights::empty();
    out.trans = w.trans.clone();
    for (k, row) in keys {
        let r = &w.emit[row as usize * LABELS..(row as usize + 1) * LABELS];
        if r.iter().any(|x| x.abs() > epsilon) {
            out.index.insert(k, out.index.len() as u32);
            out.emit.extend_from_slice(r);
        }
    }
    out
}

/// Deterministic pseudo-random numbers (xorshift64*), for shuffling and sampling (the NER
/// trainer and the parser's trainer share it).
pub struct Rng(u64);
impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_hot(rows: &[u32]) -> Vec<Vec<u32>> {
        rows.iter().map(|&r| vec![r]).collect()
    }

    #[test]
    fn labels_round_trip() {
        assert_eq!(label_name(0), "O");
        assert_eq!(label_name(begin(1)), "B-ORG");
        assert_eq!(label_name(inside(3)), "I-MISC");
        assert_eq!(type_of(inside(2)), Some(2));
        assert!(is_inside(inside(0)) && !is_inside(begin(0)));
    }

    #[test]
    fn constraints_forbid_inside_after_other_type() {
        assert!(!allowed(START, inside(0)));
        assert!(!allowed(0, inside(0)));
        assert!(!allowed(begin(1), inside(0)));
        assert!(allowed(begin(0), inside(0)));
        assert!(allowed(inside(0), inside(0)));
        assert!(allowed(inside(0), begin(0)));
    }

    #[test]
    fn viterbi_finds_the_best_allowed_path() {
        // token 0 prefers O, token 1 prefers I-PER (forbidden after O), then B-PER is best
        let mut em = vec![[0f32; LABELS]; 2];
        em[0][0] = 2.0;
        em[0][begin(0)] = 1.0;
        em[1][inside(0)] = 5.0;
        em[1][begin(0)] = 1.0;
        let trans = vec![0f32; (LABELS + 1) * LABELS];
        // O then B-PER = 3; B-PER then I-PER = 6: the allowed path with I-PER wins
        assert_eq!(viterbi(&em, &trans), vec![begin(0), inside(0)]);
        em[1][inside(0)] = 1.5;
        // O B-PER = 3 beats B-PER I-PER = 2.5
        assert_eq!(viterbi(&em, &trans), vec![0, begin(0)]);
        assert!(viterbi(&[], &trans).is_empty());
    }

    #[test]
    fn viterbi_agrees_with_brute_force() {
        let mut rng = Rng::new(7);
        let mut r = || (rng.next_u64() % 1000) as f32 / 100.0 - 5.0;
        let em: Vec<[f32; LABELS]> = (0..3).map(|_| std::array::from_fn(|_| r())).collect();
        let trans: Vec<f32> = (0..(LABELS + 1) * LABELS).map(|_| r()).collect();
        let mut best = (f32::NEG_INFINITY, vec![]);
        for a in 0..LABELS {
            for b in 0..LABELS {
                for c in 0..LABELS {
                    let p = [a, b, c];
                    if !allowed(START, a) || !allowed(a, b) || !allowed(b, c) {
                        continue;
                    }
                    let mut s = trans[START * LABELS + a];
                    for t in 0..3 {
                        s += em[t][p[t]];
                        if t > 0 {
                            s += trans[p[t - 1] * LABELS + p[t]];
                        }
                    }
                    if s > best.0 {
                        best = (s, p.to_vec());
                    }
                }
            }
        }
        assert_eq!(viterbi(&em, &trans), best.1);
        let (fwd, bwd) = max_marginals(&em, &trans);
        for t in 0..3 {
            let m = (0..LABELS)
                .map(|y| fwd[t][y] + bwd[t][y])
                .fold(f32::NEG_INFINITY, f32::max);
            assert!((m - best.0).abs() < 1e-3, "max-marginal {m} vs {}", best.0);
        }
    }

    #[test]
    fn perceptron_update_and_average() {
        let mut index = IdMap::default();
        index.insert(10, 0);
        index.insert(20, 1);
        let mut tr = Trainer::new(index);
        // feature row 0 should mean B-PER, row 1 O
        let rows = one_hot(&[0, 1]);
        let gold = vec![begin(0), 0];
        assert!(tr.learn(&rows, &gold), "untrained weights predict all O");
        // after one update at step 1: W[0, B-PER] = 1, W[0, O] = -1
        assert_eq!(tr.w.emit[begin(0)], 1.0);
        assert_eq!(tr.w.emit[0], -1.0);
        assert!(!tr.learn(&rows, &gold), "second pass is right");
        // the weights after step 1 and after step 2 are both 1: their average is 1
        let avg = tr.averaged();
        assert!((avg.emit[begin(0)] - 1.0).abs() < 1e-6);
        // one more wrong step with the opposite gold: W[0, B-PER] after steps 1..3 is 1, 1, 0
        assert!(tr.learn(&rows, &[0, 0]));
        assert_eq!(tr.w.emit[begin(0)], 0.0);
        let avg = tr.averaged();
        assert!(
            (avg.emit[begin(0)] - 2.0 / 3.0).abs() < 1e-6,
            "{}",
            avg.emit[begin(0)]
        );
        assert_eq!(avg.decode(&rows), gold);
        // pruning drops the all-zero row of feature 20; rows are looked up again by hash
        let pruned = prune(&avg, 1e-6);
        assert_eq!(pruned.index.len(), 1);
        let mut r0 = Vec::new();
        pruned.rows(&[10], &mut r0);
        let mut r1 = Vec::new();
        pruned.rows(&[20], &mut r1);
        assert!(r1.is_empty());
        assert_eq!(pruned.decode(&[r0, r1]), gold);
    }

    #[test]
    fn rng_is_deterministic() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        let mut v: Vec<u32> = (0..20).collect();
        let mut w = v.clone();
        a.shuffle(&mut v);
        b.shuffle(&mut w);
        assert_eq!(v, w);
        assert_ne!(v, (0..20).collect::<Vec<_>>());
    }
}

//! Multiclass averaged perceptron over hashed features, shared by the tagger, the transition
//! classifier and the arc labeller.
//!
//! Features are 32-bit keys made by mixing a template number with the values it looks at
//! ([`Fx`]). Training keeps `f32` weights in a hash map of rows and averages them lazily
//! (`w - u / steps`, as in `ner::perceptron`); the trained weights become a [`Table`]: 16-bit
//! quantised rows in one open-addressing array, where a lookup is one probe into memory that
//! holds the key and the row together. Near-zero rows are pruned before quantising.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Hasher for `u32` keys that are already mixed: spreads them over the 64 bits the map uses.
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);
impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ *b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}
pub type KeyMap<V> = HashMap<u32, V, BuildHasherDefault<KeyHasher>>;

/// Feature hashing: `Fx::new(template).with(a).with(b).key()`.
#[derive(Clone, Copy)]
pub struct Fx(u64);
impl Fx {
    #[inline]
    pub fn new(template: u64) -> Self {
        Fx((template + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }
    #[inline]
    pub fn with(self, v: u64) -> Self {
        Fx((self.0.rotate_left(26) ^ v).wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }
    /// The final 32-bit key (never 0, the empty-slot marker).
    #[inline]
    pub fn key(self) -> u32 {
        let mut x = self.0 ^ (self.0 >> 31);
        x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x ^= x >> 29;
        let k = (x >> 32) as u32;
        if k == 0 {
            1
        } else {
            k
        }
    }
}

/// A hash of a string's bytes (word forms), stable across runs and platforms.
#[inline]
pub fn str_hash(s: &str) -> u64 {
    let mut h = Fx::new(0x5157);
    for b in s.as_bytes() {
        h = h.with(*b as u64);
    }
    h.0
}

/// Quantised weights for inference, in an open-addressed hash table keyed by feature hash.
/// Narrow tables (a few classes) keep each row in its slot: `[key low, key high, w_0 ..
/// w_{C-1}]` as `u16`s. Wide tables (the tagger's tags, the parser's labels) keep slots of
/// `[key, row]` and the rows packed apart, so the empty slots of the hash table do not each
/// hold a whole row: that halves their memory.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    classes: usize,
    stride: usize,
    mask: usize,
    /// Narrow: the slots. Wide: the packed rows, `len * classes`.
    data: Vec<u16>,
    /// Wide only: per slot, the key and the row index.
    index: Vec<u32>,
    len: usize,
    pub scale: f32,
}

/// Tables with more classes than this keep their rows apart from the slots.
const INLINE_CLASSES: usize = 8;

impl Table {
    /// A table of `classes` weights per feature for about `n` features.
    pub fn with_capacity(classes: usize, n: usize, scale: f32) -> Self {
        // load factor at most 2/3: probes stay short
        let cap = (n + n / 2 + 1).next_power_of_two().max(16);
        let inline = classes <= INLINE_CLASSES;
        let stride = classes + 2;
        Table {
            classes,
            stride,
            mask: cap - 1,
            data: if inline {
                vec![0; cap * stride]
            } else {
                Vec::with_capacity(n * classes)
            },
            index: if inline { Vec::new() } else { vec![0; cap * 2] },
            len: 0,
            scale,
        }
    }

    fn inline(&self) -> bool {
        self.index.is_empty()
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Memory held by the table's slots and rows.
    pub fn bytes(&self) -> usize {
        self.data.len() * 2 + self.index.len() * 4
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    #[inline]
    fn key_at(&self, slot: usize) -> u32 {
        if self.inline() {
            let b = slot * self.stride;
            self.data[b] as u32 | (self.data[b + 1] as u32) << 16
        } else {
            self.index[2 * slot]
        }
    }

    /// The weights of the feature in `slot` (which holds a key).
    #[inline]
    fn row_at(&self, slot: usize) -> &[u16] {
        if self.inline() {
            let b = slot * self.stride;
            &self.data[b + 2..b + self.stride]
        } else {
            let r = self.index[2 * slot + 1] as usize * self.classes;
            &self.data[r..r + self.classes]
        }
    }

    pub fn insert(&mut self, key: u32, w: &[i16]) {
        debug_assert_eq!(w.len(), self.classes);
        if key == 0 {
            return;
        }
        let mut i = key as usize & self.mask;
        loop {
            let k = self.key_at(i);
            if k == 0 || k == key {
                if self.inline() {
                    let b = i * self.stride;
                    self.data[b] = key as u16;
                    self.data[b + 1] = (key >> 16) as u16;
                    for (d, x) in self.data[b + 2..b + self.stride].iter_mut().zip(w) {
                        *d = *x as u16;
                    }
                } else if k == 0 {
                    self.index[2 * i] = key;
                    self.index[2 * i + 1] = self.len as u32;
                    self.data.extend(w.iter().map(|x| *x as u16));
                } else {
                    let r = self.index[2 * i + 1] as usize * self.classes;
                    for (d, x) in self.data[r..r + self.classes].iter_mut().zip(w) {
                        *d = *x as u16;
                    }
                }
                if k == 0 {
                    self.len += 1;
                }
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The row of a feature.
    #[inline]
    pub fn get(&self, key: u32) -> Option<&[u16]> {
        let mut i = key as usize & self.mask;
        loop {
            let k = self.key_at(i);
            if k == key {
                return Some(self.row_at(i));
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Add the rows of `keys` to `acc` (integer units; multiply by `scale` for weights).
    #[inline]
    pub fn accumulate(&self, keys: &[u32], acc: &mut [i32]) {
        let acc = &mut acc[..self.classes];
        // touch every home slot first: independent loads, so the cache misses overlap
        let mut touch = 0u32;
        for &k in keys {
            touch ^= self.key_at(k as usize & self.mask);
        }
        std::hint::black_box(touch);
        for &k in keys {
            if let Some(row) = self.get(k) {
                for (a, w) in acc.iter_mut().zip(row) {
                    *a += *w as i16 as i32;
                }
            }
        }
    }

    /// Every feature and its row, sorted by key.
    pub fn entries(&self) -> Vec<(u32, Vec<i16>)> {
        let cap = self.mask + 1;
        let mut v: Vec<(u32, Vec<i16>)> = (0..cap)
            .filter(|&i| self.key_at(i) != 0)
            .map(|i| {
                (
                    self.key_at(i),
                    self.row_at(i).iter().map(|x| *x as i16).collect(),
                )
            })
            .collect();
        v.sort_unstable_by_key(|e| e.0);
        v
    }
}

/// Averaged-perceptron training state for one multiclass classifier.
pub struct Trainer {
    classes: usize,
    index: KeyMap<u32>,
    w: Vec<f32>,
    /// Sum of `step * update` per weight (for the lazy average).
    u: Vec<f64>,
    step: f64,
}

impl Trainer {
    pub fn new(classes: usize) -> Self {
        Trainer {
            classes,
            index: KeyMap::default(),
            w: Vec::new(),
            u: Vec::new(),
            step: 0.0,
        }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    pub fn features(&self) -> usize {
        self.index.len()
    }

    /// Current (not averaged) scores of every class.
    pub fn scores(&self, keys: &[u32], out: &mut [f32]) {
        let c = self.classes;
        let out = &mut out[..c];
        out.fill(0.0);
        for k in keys {
            if let Some(&r) = self.index.get(k) {
                let row = &self.w[r as usize * c..(r as usize + 1) * c];
                for (o, w) in out.iter_mut().zip(row) {
                    *o += w;
                }
            }
        }
    }

    fn row(&mut self, key: u32) -> usize {
        let n = self.index.len() as u32;
        let r = *self.index.entry(key).or_insert(n) as usize;
        if r == n as usize {
            self.w.resize(self.w.len() + self.classes, 0.0);
            self.u.resize(self.u.len() + self.classes, 0.0);
        }
        r
    }

    /// Reward `good` and penalise `bad` on these features (no-op when they are equal).
    pub fn update(&mut self, keys: &[u32], good: usize, bad: usize) {
        if good == bad {
            return;
        }
        let c = self.classes;
        let s = self.step;
        for &k in keys {
            let r = self.row(k) * c;
            self.w[r + good] += 1.0;
            self.u[r + good] += s;
            self.w[r + bad] -= 1.0;
            self.u[r + bad] -= s;
        }
    }

    /// One decision made (counts for the average).
    pub fn tick(&mut self) {
        self.step += 1.0;
    }

    /// The averaged weights quantised to 16 bits with one scale (the largest weight is
    /// `i16::MAX`); rows whose largest quantised weight is below `min_q` are dropped.
    pub fn table(&self, min_q: i16) -> Table {
        let c = self.classes;
        let steps = self.step.max(1.0);
        let mut keys: Vec<(u32, u32)> = self.index.iter().map(|(k, r)| (*k, *r)).collect();
        keys.sort_unstable();
        let avg = |r: u32, j: usize| {
            let b = r as usize * c + j;
            (self.w[b] as f64 - self.u[b] / steps) as f32
        };
        let mut max = f32::MIN_POSITIVE;
        for &(_, r) in &keys {
            for j in 0..c {
                max = max.max(avg(r, j).abs());
            }
        }
        let scale = max / i16::MAX as f32;
        let mut rows: Vec<(u32, Vec<i16>)> = Vec::new();
        for (k, r) in keys {
            let q: Vec<i16> = (0..c).map(|j| (avg(r, j) / scale).round() as i16).collect();
            if q.iter()
                .any(|x| *x != 0 && x.unsigned_abs() >= min_q.unsigned_abs())
            {
                rows.push((k, q));
            }
        }
        let mut t = Table::with_capacity(c, rows.len(), scale);
        for (k, q) in rows {
            t.insert(k, &q);
        }
        t
    }
}

pub use crate::ner::perceptron::Rng;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_round_trips_rows_and_sums_them() {
        let mut t = Table::with_capacity(3, 4, 0.5);
        t.insert(7, &[1, -2, 3]);
        t.insert(7 + 32, &[10, 0, -10]); // same home slot: probes on
        t.insert(7, &[2, -2, 3]); // overwrite
        assert_eq!(t.len(), 2);
        let mut acc = [0i32; 3];
        t.accumulate(&[7, 39, 99], &mut acc);
        assert_eq!(acc, [12, -2, -7]);
        assert_eq!(t.entries()[0], (7, vec![2, -2, 3]));
        assert!(t.get(99).is_none());
    }

    #[test]
    fn averaged_perceptron_learns_and_averages() {
        let mut tr = Trainer::new(2);
        let f = [Fx::new(1).with(2).key()];
        let mut s = [0f32; 2];
        tr.scores(&f, &mut s);
        assert_eq!(s, [0.0, 0.0]);
        tr.update(&f, 1, 0);
        tr.tick();
        tr.tick();
        tr.scores(&f, &mut s);
        assert_eq!(s, [-1.0, 1.0]);
        let t = tr.table(0);
        let mut acc = [0i32; 2];
        t.accumulate(&f, &mut acc);
        assert!(acc[1] > 0 && acc[0] < 0, "{acc:?}");
        // a row below the pruning threshold is dropped
        assert!(tr.table(i16::MAX).len() == 1);
        tr.update(&[5], 0, 1);
        tr.tick();
        assert_eq!(tr.table(0).len(), 2);
        assert_eq!(tr.table(i16::MAX).len(), 1);
    }

    #[test]
    fn keys_differ_by_template_and_value() {
        let a = Fx::new(1).with(5).key();
        assert_ne!(a, Fx::new(2).with(5).key());
        assert_ne!(a, Fx::new(1).with(6).key());
        assert_eq!(a, Fx::new(1).with(5).key());
        assert_ne!(str_hash("the"), str_hash("The"));
    }
}

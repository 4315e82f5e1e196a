//! Word clusters from unlabelled text, used as features by the tagger (words that occur in
//! similar contexts share a cluster, so a name never seen in training still looks like its
//! neighbours).
//!
//! Method: each word of the vocabulary is described by the words seen immediately left and right
//! of it (the `context_words` most frequent words, plus one "other" bucket per side), weighted by
//! positive pointwise mutual information and normalised. The words are then split recursively in
//! two (principal-direction split refined by spherical 2-means, i.e. bisecting k-means) down to
//! `depth` levels; a word's cluster is its path of left (0) / right (1) turns, so prefixes of the
//! path name coarser clusters, as with Brown clusters.

use std::collections::HashMap;

/// (dimension, value) pairs sorted by dimension.
type SparseVec = Vec<(u32, f32)>;

#[derive(Clone, Debug)]
pub struct ClusterConfig {
    pub min_count: u32,
    pub max_words: usize,
    pub context_words: usize,
    pub depth: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            min_count: 3,
            max_words: 60_000,
            context_words: 1_000,
            depth: 14,
        }
    }
}

/// Word counts and left/right neighbour counts, gathered sentence by sentence.
#[derive(Default)]
pub struct Cooccurrence {
    /// Per word id: occurrences.
    counts: Vec<u32>,
    sentences: Vec<Vec<u32>>,
    ids: HashMap<String, u32>,
    words: Vec<String>,
    /// Per word id: (lowercase, capitalised) occurrences in mid-sentence.
    casing: Vec<(u32, u32)>,
}

impl Cooccurrence {
    /// Add one sentence (tokens as written; they are lowercased).
    pub fn add<S: AsRef<str>>(&mut self, tokens: &[S]) {
        let mut s = Vec::with_capacity(tokens.len());
        let caps = super::features::all_caps_sentence(tokens);
        for (i, t) in tokens.iter().enumerate() {
            let w = t.as_ref().to_lowercase();
            let next = self.words.len() as u32;
            let id = *self.ids.entry(w.clone()).or_insert(next);
            if id == next {
                self.words.push(w);
                self.casing.push((0, 0));
                self.counts.push(0);
            }
            self.counts[id as usize] += 1;
            // casing counts only where capitals carry information
            let first = t.as_ref().chars().next();
            if i > 0 && !caps && first.is_some_and(char::is_alphabetic) {
                let prev = tokens[i - 1].as_ref();
                if !matches!(prev, "\"" | "“" | "‘" | "'" | "(" | ":" | "-" | "—") {
                    let c = &mut self.casing[id as usize];
                    if first.is_some_and(char::is_lowercase) {
                        c.0 += 1;
                    } else {
                        c.1 += 1;
                    }
                }
            }
            s.push(id);
        }
        self.sentences.push(s);
    }

    /// How a word is written in mid-sentence: `L` (lowercase at least 90% of the time), `C`
    /// (capitalised at least 90%), `M` (mixed); `None` when seen fewer than 3 times there.
    pub fn casing(&self, word: &str) -> Option<char> {
        let (l, c) = self.casing[*self.ids.get(word)? as usize];
        let n = l + c;
        if n < 3 {
            None
        } else if l * 10 >= n * 9 {
            Some('L')
        } else if c * 10 >= n * 9 {
            Some('C')
        } else {
            Some('M')
        }
    }

    pub fn tokens(&self) -> usize {
        self.sentences.iter().map(Vec::len).sum()
    }

    /// Cluster the vocabulary: word -> bit path.
    pub fn cluster(&self, cfg: &ClusterConfig) -> HashMap<String, String> {
        let (vocab, vecs, dims) = self.vectors(cfg);
        if vocab.len() < 2 {
            return HashMap::new();
        }
        let mut paths = vec![String::new(); vocab.len()];
        let all: Vec<usize> = (0..vocab.len()).collect();
        bisect(&vecs, dims, all, cfg.depth, &mut paths);
        // too few words to split: one cluster
        for p in paths.iter_mut().filter(|p| p.is_empty()) {
            p.push('0');
        }
        vocab
            .iter()
            .zip(paths)
            .map(|(w, p)| (w.to_string(), p))
            .collect()
    }

    /// The vocabulary and its normalised sparse PPMI context vectors (2c dimensions).
    fn vectors(&self, cfg: &ClusterConfig) -> (Vec<&str>, Vec<SparseVec>, usize) {
        // vocabulary by frequency (ties by word, for determinism)
        let mut by_freq: Vec<(u32, &str)> = self
            .words
            .iter()
            .zip(&self.counts)
            .map(|(w, c)| (*c, w.as_str()))
            .collect();
        by_freq.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let vocab: Vec<&str> = by_freq
            .iter()
            .filter(|(c, _)| *c >= cfg.min_count)
            .take(cfg.max_words)
            .map(|(_, w)| *w)
            .collect();
        let row: HashMap<u32, usize> = vocab
            .iter()
            .enumerate()
            .map(|(i, w)| (self.ids[*w], i))
            .collect();
        let ctx: HashMap<u32, usize> = vocab
            .iter()
            .take(cfg.context_words)
            .enumerate()
            .map(|(i, w)| (self.ids[*w], i))
            .collect();
        let c = cfg.context_words.min(vocab.len()) + 1; // + "other"
        let ctx_of = |id: Option<&u32>| id.and_then(|i| ctx.get(i)).copied().unwrap_or(c - 1);
        // co-occurrence counts: left contexts in [0, c), right contexts in [c, 2c)
        let mut co: Vec<HashMap<u32, f32>> = vec![HashMap::new(); vocab.len()];
        let mut ctx_total = vec![0f64; 2 * c];
        let mut total = 0f64;
        for s in &self.sentences {
            for (i, id) in s.iter().enumerate() {
                let Some(&r) = row.get(id) else { continue };
                let left = ctx_of(i.checked_sub(1).and_then(|j| s.get(j)));
                let right = c + ctx_of(s.get(i + 1));
                for k in [left, right] {
                    *co[r].entry(k as u32).or_default() += 1.0;
                    ctx_total[k] += 1.0;
                    total += 1.0;
                }
            }
        }
        let vecs: Vec<Vec<(u32, f32)>> = co
            .iter()
            .map(|m| {
                let wt: f64 = m.values().map(|v| *v as f64).sum();
                let mut v: Vec<(u32, f32)> = m
                    .iter()
                    .filter_map(|(k, n)| {
                        let pmi = ((*n as f64 * total) / (wt * ctx_total[*k as usize])).ln();
                        (pmi > 0.0).then_some((*k, pmi as f32))
                    })
                    .collect();
                v.sort_unstable_by_key(|(k, _)| *k);
                let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
                if norm > 0.0 {
                    v.iter_mut().for_each(|(_, x)| *x /= norm);
                }
                v
            })
            .collect();
        (vocab, vecs, 2 * c)
    }
}

fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Dot product of a sparse and a dense vector.
fn sdot(a: &[(u32, f32)], b: &[f32]) -> f32 {
    a.iter().map(|(k, x)| x * b[*k as usize]).sum()
}

/// Split `members` in two, appending 0 / 1 to their paths, recursively: first by the sign of
/// their projection on the principal direction (a few power iterations on the centred data),
/// then refined by spherical 2-means.
fn bisect(
    vecs: &[Vec<(u32, f32)>],
    dims: usize,
    members: Vec<usize>,
    depth: usize,
    paths: &mut [String],
) {
    if depth == 0 || members.len() < 4 {
        return;
    }
    let n = members.len() as f32;
    let mut mean = vec![0f32; dims];
    for &m in &members {
        for (k, x) in &vecs[m] {
            mean[*k as usize] += x / n;
        }
    }
    // power iteration for the top principal direction of the centred vectors
    let mut dir: Vec<f32> = (0..dims)
        .map(|i| ((i * 7919) % 101) as f32 - 50.0)
        .collect();
    normalise(&mut dir);
    for _ in 0..12 {
        let md = mean.iter().zip(&dir).map(|(a, b)| a * b).sum::<f32>();
        let mut next = vec![0f32; dims];
        for &m in &members {
            let p = sdot(&vecs[m], &dir) - md;
            for (k, x) in &vecs[m] {
                next[*k as usize] += p * x;
            }
            // minus the mean's share: sum_m p_m * mean
        }
        let psum: f32 = members.iter().map(|&m| sdot(&vecs[m], &dir) - md).sum();
        next.iter_mut().zip(&mean).for_each(|(a, b)| *a -= psum * b);
        normalise(&mut next);
        dir = next;
    }
    let md = mean.iter().zip(&dir).map(|(a, b)| a * b).sum::<f32>();
    let mut side: Vec<bool> = members.iter().map(|&m| sdot(&vecs[m], &dir) > md).collect();
    for _ in 0..5 {
        let mut cents = [vec![0f32; dims], vec![0f32; dims]];
        for (s, &m) in side.iter().zip(&members) {
            for (k, x) in &vecs[m] {
                cents[*s as usize][*k as usize] += x;
            }
        }
        cents.iter_mut().for_each(|c| normalise(c));
        for (s, &m) in side.iter_mut().zip(&members) {
            *s = sdot(&vecs[m], &cents[1]) > sdot(&vecs[m], &cents[0]);
        }
    }
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for (s, m) in side.into_iter().zip(members) {
        if s {
            paths[m].push('1');
            right.push(m);
        } else {
            paths[m].push('0');
            left.push(m);
        }
    }
    if left.is_empty() || right.is_empty() {
        return;
    }
    bisect(vecs, dims, left, depth - 1, paths);
    bisect(vecs, dims, right, depth - 1, paths);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_share_clusters() {
        let mut co = Cooccurrence::default();
        // days after "on", cities after "in": two distributional classes
        for _ in 0..20 {
            for d in ["monday", "tuesday", "friday"] {
                co.add(&["we", "met", "on", d, "morning", "."]);
            }
            for c in ["paris", "london", "berlin"] {
                co.add(&["she", "lives", "in", c, "now", "."]);
            }
        }
        let cfg = ClusterConfig {
            min_count: 1,
            depth: 3,
            ..Default::default()
        };
        let cl = co.cluster(&cfg);
        let top = |w: &str| cl[w].chars().next().unwrap();
        assert_eq!(top("monday"), top("friday"));
        assert_eq!(top("paris"), top("berlin"));
        assert_ne!(top("monday"), top("paris"), "{cl:?}");
        assert!(cl.values().all(|p| p.len() <= 3));
        // deterministic
        assert_eq!(cl, co.cluster(&cfg));
    }
}

//! The trained entity recogniser: an averaged structured perceptron over hashed features
//! ([`features`]), decoded with constrained Viterbi ([`perceptron`]), trained and scored on
//! CoNLL-style corpora ([`corpus`], [`score`]).
//!
//! It labels tokens with coarse CoNLL types (PER, ORG, LOC, MISC); the pipeline's recognition
//! stage turns them into the ontology's fine types with gazetteers, titles and head words.
//!
//! Model file (`.ngm`): the magic `NGNER\0\0\x01`, a little-endian `u32` length and a JSON
//! header ([`ModelInfo`]), the transition matrix (`(LABELS + 1) * LABELS` `f32`), then per
//! feature (sorted by hash) its `u64` hash and `LABELS` `i16` weights scaled by `header.scale`,
//! then the word clusters as `u64` word hash, `u8` length, path bytes.

pub mod clusters;
pub mod corpus;
pub mod features;
pub mod perceptron;
pub mod score;

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::resources::Resources;
use corpus::{TagSpan, TaggedDoc};
use features::{sentence_features, DocContext, Lexicon};
use perceptron::{IdMap, Rng, Table, Trainer, Weights, LABELS, TYPES};
use score::Scorer;

const MAGIC: &[u8; 8] = b"NGNER\0\0\x01";

/// What a model file says about itself.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ModelInfo {
    pub types: Vec<String>,
    pub features: usize,
    pub clusters: usize,
    pub epochs: usize,
    pub seed: u64,
    /// Training files (names only).
    pub trained_on: Vec<String>,
    pub train_sentences: usize,
    pub dev_f1: Option<f64>,
    /// Hash of the gazetteers and lexicons the features were computed with.
    pub lexicon_fingerprint: String,
    pub scale: f32,
    pub newsgraph_version: String,
}

/// A loaded model with the word lists its features need.
pub struct NerModel {
    pub info: ModelInfo,
    fingerprint: String,
    table: Table,
    lexicon: Lexicon,
}

/// One token's label: `None` for outside, else the type index into [`TYPES`] and whether it
/// begins an entity; with the tagger's confidence.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TokenLabel {
    pub label: usize,
    pub confidence: f32,
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    pub epochs: usize,
    pub seed: u64,
    /// Features seen fewer times in training are dropped.
    pub min_count: u32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 15,
            seed: 1,
            min_count: 1,
        }
    }
}

/// Progress of one epoch.
#[derive(Clone, Debug, Serialize)]
pub struct EpochReport {
    pub epoch: usize,
    pub train_errors: usize,
    pub train_sentences: usize,
    pub dev_precision: Option<f64>,
    pub dev_recall: Option<f64>,
    pub dev_f1: Option<f64>,
    pub seconds: f64,
}

/// The coarse type of a corpus type name: CoNLL's own, and the fine types of CrossNER, Universal
/// NER, OntoNotes and the Broad Twitter Corpus folded onto them (politician -> PER, country ->
/// LOC, politicalparty -> ORG, election -> MISC, ...). Unknown names are outside.
pub fn coarse_type(t: &str) -> Option<usize> {
    let c = match t.to_ascii_lowercase().as_str() {
        "per" | "peop" | "person" | "politician" | "scientist" | "writer" | "musicalartist" => {
            "PER"
        }
        "org" | "organisation" | "organization" | "politicalparty" | "university" | "band"
        | "company" | "norp_org" => "ORG",
        "loc" | "location" | "country" | "gpe" => "LOC",
        "misc" | "election" | "event" | "norp" | "award" | "product" | "work_of_art" | "law"
        | "language" | "nationality" => "MISC",
        _ => return None,
    };
    TYPES.iter().position(|x| *x == c)
}

/// Map a corpus tag to our label index; types with no coarse type are outside.
fn label_index(tag: &str, prev: usize) -> usize {
    let Some((p, t)) = tag.split_once('-') else {
        return 0;
    };
    let Some(ti) = coarse_type(t) else {
        return 0;
    };
    // IOB1: I- after anything but the same type begins an entity
    let begins = p == "B" || p == "S" || perceptron::type_of(prev) != Some(ti);
    if begins {
        perceptron::begin(ti)
    } else {
        perceptron::inside(ti)
    }
}

/// Gold label indices of a tag sequence (IOB1 or IOB2).
pub fn gold_labels<S: AsRef<str>>(tags: &[S]) -> Vec<usize> {
    let mut out = Vec::with_capacity(tags.len());
    let mut prev = 0;
    for t in tags {
        prev = label_index(t.as_ref(), prev);
        out.push(prev);
    }
    out
}

/// Spans of predicted label indices.
pub fn label_spans(labels: &[usize]) -> Vec<TagSpan> {
    // decoding never puts I-X after anything but B-X / I-X, so a span is a begin tag and the
    // inside tags that follow it; a stray I-X (gold-style) starts one too, as in `corpus::spans`
    let mut out: Vec<TagSpan> = Vec::new();
    for (i, &y) in labels.iter().enumerate() {
        let Some(t) = perceptron::type_of(y) else {
            continue;
        };
        let continues = perceptron::is_inside(y)
            && i > 0
            && perceptron::type_of(labels[i - 1]) == Some(t)
            && out.last().is_some_and(|s| s.end == i);
        match out.last_mut() {
            Some(s) if continues => s.end = i + 1,
            _ => out.push(TagSpan {
                start: i,
                end: i + 1,
                etype: TYPES[t].to_string(),
            }),
        }
    }
    out
}

/// The model shipped in `data/models/ner.ngm` (compiled in).
static BUILTIN: &[u8] = include_bytes!("../../../../data/models/ner.ngm");

impl NerModel {
    /// The built-in model (CoNLL-2003 English training set; see `data/README.md`).
    pub fn builtin(res: &Resources) -> Result<NerModel, Error> {
        Self::from_bytes(BUILTIN, res).map_err(|message| Error::Model {
            path: "data/models/ner.ngm (built in)".into(),
            message,
        })
    }

    /// Identifies the weights: a hash of the model file's bytes.
    pub fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }

    /// Label every sentence of a document (document-level features see all of them).
    pub fn tag_document<S: AsRef<str>>(&self, sentences: &[Vec<S>]) -> Vec<Vec<TokenLabel>> {
        let ctx = DocContext::new(sentences);
        let mut feats = Vec::new();
        sentences
            .iter()
            .map(|s| {
                sentence_features(&self.lexicon, &ctx, s, &mut feats);
                let em = self.table.emissions(&feats);
                let (path, conf) = perceptron::decode_with_confidence(&em, &self.table.trans);
                path.into_iter()
                    .zip(conf)
                    .map(|(label, confidence)| TokenLabel { label, confidence })
                    .collect()
            })
            .collect()
    }

    /// Score against gold documents. `only_gold_types`: predictions of types the gold file never
    /// uses are not counted (out-of-domain sets without MISC).
    pub fn evaluate(&self, docs: &[TaggedDoc], only_gold_types: bool) -> Scorer {
        // gold spans with their types folded onto ours (see `coarse_type`)
        let gold = |tags: &[String]| -> Vec<TagSpan> {
            corpus::spans(tags)
                .into_iter()
                .filter_map(|s| {
                    coarse_type(&s.etype).map(|t| TagSpan {
                        etype: TYPES[t].to_string(),
                        ..s
                    })
                })
                .collect()
        };
        let only = only_gold_types.then(|| {
            docs.iter()
                .flat_map(|d| &d.sentences)
                .flat_map(|s| gold(&s.tags))
                .map(|s| s.etype)
                .collect()
        });
        let mut scorer = Scorer::new(only);
        for d in docs {
            let toks: Vec<Vec<&str>> = d
                .sentences
                .iter()
                .map(|s| s.tokens.iter().map(String::as_str).collect())
                .collect();
            let labels = self.tag_document(&toks);
            for (s, l) in d.sentences.iter().zip(labels) {
                let pred: Vec<usize> = l.iter().map(|t| t.label).collect();
                scorer.add(s.tokens.len(), &gold(&s.tags), &label_spans(&pred));
            }
        }
        scorer
    }

    /// Train on `train`, report each epoch (scored on `dev` when given) and keep the averaged
    /// weights of the best dev epoch (the last epoch without dev data).
    pub fn train(
        train: &[TaggedDoc],
        dev: Option<&[TaggedDoc]>,
        res: &Resources,
        clusters: HashMap<String, String>,
        cfg: &TrainConfig,
        trained_on: Vec<String>,
        mut progress: impl FnMut(&EpochReport),
    ) -> NerModel {
        let n_clusters = clusters.len();
        let cluster_hashes = clusters
            .into_iter()
            .map(|(w, p)| (features::key_hash(&w), p))
            .collect();
        let lexicon = Lexicon::new(res, cluster_hashes);
        // features of every training sentence, then rows for those seen often enough
        let mut hashed: Vec<(Vec<Vec<u64>>, Vec<usize>)> = Vec::new();
        let mut counts: IdMap<u32> = IdMap::default();
        for d in train {
            let ctx = DocContext::new(
                &d.sentences
                    .iter()
                    .map(|s| s.tokens.clone())
                    .collect::<Vec<_>>(),
            );
            for s in &d.sentences {
                let mut f = Vec::new();
                sentence_features(&lexicon, &ctx, &s.tokens, &mut f);
                for tok in &f {
                    for h in tok {
                        *counts.entry(*h).or_default() += 1;
                    }
                }
                hashed.push((f, gold_labels(&s.tags)));
            }
        }
        let mut keys: Vec<u64> = counts
            .iter()
            .filter(|(_, c)| **c >= cfg.min_count)
            .map(|(k, _)| *k)
            .collect();
        keys.sort_unstable();
        let index: IdMap<u32> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, i as u32))
            .collect();
        drop(counts);
        let mut trainer = Trainer::new(index);
        let mut data: Vec<(Vec<Vec<u32>>, Vec<usize>)> = hashed
            .into_iter()
            .map(|(f, g)| {
                let rows = f
                    .iter()
                    .map(|t| {
                        let mut r = Vec::new();
                        trainer.w.rows(t, &mut r);
                        r
                    })
                    .collect();
                (rows, g)
            })
            .collect();
        let mut rng = Rng::new(cfg.seed);
        let mut best: Option<(f64, Weights, usize)> = None;
        let mut info = ModelInfo {
            types: TYPES.iter().map(|t| t.to_string()).collect(),
            features: 0,
            clusters: n_clusters,
            epochs: cfg.epochs,
            seed: cfg.seed,
            trained_on,
            train_sentences: data.len(),
            dev_f1: None,
            lexicon_fingerprint: res.fingerprint.clone(),
            scale: 1.0,
            newsgraph_version: env!("CARGO_PKG_VERSION").to_string(),
        };
        let mut model = NerModel {
            fingerprint: String::new(),
            info: info.clone(),
            table: Table::new(&Weights::empty()),
            lexicon,
        };
        for epoch in 1..=cfg.epochs {
            let t0 = std::time::Instant::now();
            rng.shuffle(&mut data);
            let mut errors = 0;
            for (rows, gold) in &data {
                if trainer.learn(rows, gold) {
                    errors += 1;
                }
            }
            let averaged = trainer.averaged();
            model.table = Table::new(&averaged);
            let mut report = EpochReport {
                epoch,
                train_errors: errors,
                train_sentences: data.len(),
                dev_precision: None,
                dev_recall: None,
                dev_f1: None,
                seconds: 0.0,
            };
            if let Some(dev) = dev {
                let m = model.evaluate(dev, false).micro();
                report.dev_precision = Some(m.precision());
                report.dev_recall = Some(m.recall());
                report.dev_f1 = Some(m.f1());
                if best.as_ref().is_none_or(|b| m.f1() > b.0) {
                    best = Some((m.f1(), averaged.clone(), epoch));
                }
            }
            report.seconds = t0.elapsed().as_secs_f64();
            progress(&report);
        }
        let last = trainer.averaged();
        let chosen = match best {
            Some((f1, w, epoch)) => {
                // six decimals: a short decimal reads back exactly, so the file round-trips
                info.dev_f1 = Some((f1 * 1e6).round() / 1e6);
                info.epochs = epoch;
                w
            }
            None => last,
        };
        let pruned = perceptron::prune(&chosen, 1e-4);
        model.table = Table::new(&pruned);
        info.features = pruned.index.len();
        model.info = info;
        model.fingerprint = blake3::hash(&model.to_bytes()).to_hex()[..16].to_string();
        model
    }

    /// Write the model file.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let bytes = self.to_bytes();
        std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let entries = self.table.entries();
        let mut info = self.info.clone();
        info.scale = self.table.scale;
        info.features = entries.len();
        info.clusters = self.lexicon.clusters().len();
        let header = serde_json::to_vec(&info).expect("header serialises");
        let mut out = Vec::with_capacity(16 + header.len() + info.features * (8 + 2 * LABELS));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(header.len() as u32).to_le_bytes());
        out.extend_from_slice(&header);
        for t in &self.table.trans {
            out.extend_from_slice(&t.to_le_bytes());
        }
        for (k, w) in entries {
            out.extend_from_slice(&k.to_le_bytes());
            for x in w {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        let mut clusters: Vec<(&u64, &String)> = self.lexicon.clusters().iter().collect();
        clusters.sort_unstable();
        for (k, p) in clusters {
            out.extend_from_slice(&k.to_le_bytes());
            out.push(p.len().min(255) as u8);
            out.extend_from_slice(&p.as_bytes()[..p.len().min(255)]);
        }
        out
    }

    /// Read a model file; its features consult `res` (gazetteers and lexicons).
    pub fn load(path: &Path, res: &Resources) -> Result<NerModel, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Self::from_bytes(&bytes, res).map_err(|message| Error::Model {
            path: path.to_path_buf(),
            message,
        })
    }

    pub fn from_bytes(bytes: &[u8], res: &Resources) -> Result<NerModel, String> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err("not a newsgraph NER model (bad magic bytes)".into());
        }
        let len = u32::from_le_bytes(r.take(4)?.try_into().expect("4 bytes")) as usize;
        let info: ModelInfo =
            serde_json::from_slice(r.take(len)?).map_err(|e| format!("bad model header: {e}"))?;
        if info.types != TYPES {
            return Err(format!(
                "model types {:?}, expected {:?}",
                info.types, TYPES
            ));
        }
        // the counts in the header must fit the bytes that follow (a corrupt header must not
        // make us allocate or loop for nothing)
        let rest = bytes.len() - r.pos;
        let needed = (LABELS + 1) * LABELS * 4
            + info.features.saturating_mul(8 + 2 * LABELS)
            + info.clusters.saturating_mul(9);
        if needed > rest {
            return Err(format!(
                "header announces {} features and {} clusters, but only {rest} bytes follow",
                info.features, info.clusters
            ));
        }
        let mut trans = vec![0f32; (LABELS + 1) * LABELS];
        for t in trans.iter_mut() {
            *t = f32::from_le_bytes(r.take(4)?.try_into().expect("4 bytes"));
        }
        let mut table = Table::with_scale(info.features, info.scale, trans);
        for _ in 0..info.features {
            let k = u64::from_le_bytes(r.take(8)?.try_into().expect("8 bytes"));
            let row = r.take(2 * LABELS)?;
            table.insert(
                k,
                std::array::from_fn(|y| i16::from_le_bytes([row[2 * y], row[2 * y + 1]])),
            );
        }
        let mut clusters = HashMap::with_capacity(info.clusters);
        for _ in 0..info.clusters {
            let k = u64::from_le_bytes(r.take(8)?.try_into().expect("8 bytes"));
            let n = r.take(1)?[0] as usize;
            let p = std::str::from_utf8(r.take(n)?)
                .ok()
                .filter(|p| valid_cluster_value(p))
                .ok_or_else(|| format!("bad cluster path at byte {}", r.pos))?
                .to_string();
            clusters.insert(k, p);
        }
        if r.pos != bytes.len() {
            return Err(format!("{} trailing bytes", bytes.len() - r.pos));
        }
        Ok(NerModel {
            fingerprint: blake3::hash(bytes).to_hex()[..16].to_string(),
            info,
            table,
            lexicon: Lexicon::new(res, clusters),
        })
    }
}

/// A cluster value: a bit path, optionally with the usual casing (`0110`, `0110:L`).
pub fn valid_cluster_value(v: &str) -> bool {
    let (path, casing) = v.split_once(':').unwrap_or((v, "L"));
    !path.is_empty()
        && path.bytes().all(|b| b == b'0' || b == b'1')
        && matches!(casing, "L" | "C" | "M")
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.bytes.len());
        match end {
            Some(e) => {
                let s = &self.bytes[self.pos..e];
                self.pos = e;
                Ok(s)
            }
            None => Err(format!("truncated at byte {}", self.pos)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_model_round_trips_and_corruption_is_an_error() {
        let res = Resources::builtin().unwrap();
        let m = NerModel::builtin(&res).unwrap();
        let again = m.to_bytes();
        let first_difference = again.iter().zip(BUILTIN).position(|(a, b)| a != b);
        assert!(
            again.len() == BUILTIN.len() && first_difference.is_none(),
            "load then save differs: {} vs {} bytes, first difference at {first_difference:?}",
            again.len(),
            BUILTIN.len()
        );
        // truncated anywhere: an error, never a panic
        let mut cut = 0;
        while cut < BUILTIN.len() {
            assert!(
                NerModel::from_bytes(&BUILTIN[..cut], &res).is_err(),
                "cut at {cut}"
            );
            cut = if cut < 400 { cut + 1 } else { cut * 3 / 2 };
        }
        // a header that announces more than follows
        let text = String::from_utf8_lossy(&BUILTIN[12..400]).to_string();
        let start = text.find("\"features\":").unwrap() + 12;
        let mut bad = BUILTIN.to_vec();
        bad[12 + start] = b'9';
        bad[12 + start + 1] = b'9';
        let err = NerModel::from_bytes(&bad, &res).err().unwrap_or_default();
        assert!(!err.is_empty());
        assert!(!valid_cluster_value("01é"));
        assert!(valid_cluster_value("0110:C") && valid_cluster_value("1"));
    }

    #[test]
    fn tags_fold_onto_coarse_types() {
        assert_eq!(
            gold_labels(&["I-PER", "I-PER", "O", "B-politician"]),
            vec![1, 2, 0, 1]
        );
        assert_eq!(coarse_type("politicalparty"), Some(1));
        assert_eq!(coarse_type("election"), Some(3));
        assert_eq!(coarse_type("date"), None);
    }
}

//! Part-of-speech tagging and labelled dependency parsing, trained on Universal Dependencies.
//!
//! A [`ParserModel`] holds a greedy averaged-perceptron UPOS tagger ([`tagger`]) and a greedy
//! arc-eager transition parser trained with a dynamic oracle ([`transition`]); both use hashed
//! features and 16-bit quantised weight tables ([`weights`]). [`conllu`] reads and writes
//! CoNLL-U, [`score`](mod@score) gives UPOS / UAS / LAS.
//!
//! ```
//! use newsgraph_extract::parse::ParserModel;
//! let model = ParserModel::builtin()?; // or ParserModel::load(path)
//! let words = model.tag_and_parse(&["Officials", "denied", "the", "report", "."]);
//! // one analysis per word: UPOS, head (0 = root, else 1-based) and relation
//! assert_eq!(words.len(), 5);
//! assert_eq!(words.iter().filter(|w| w.head == 0).count(), 1);
//! assert_eq!((words[1].upos, words[1].deprel), ("VERB", "root"));
//! assert_eq!((words[0].head, words[0].deprel), (2, "nsubj"));
//! # Ok::<(), newsgraph_extract::Error>(())
//! ```
//!
//! The parser also reads each word's ambiguity class from the tagger ([`Tagger::fill_amb`]).
//!
//! Training ([`ParserModel::train`]): the parser learns on tags predicted by taggers trained on
//! the other folds of the training set (jack-knifing), so that it sees the tagger's mistakes
//! as it will at run time; gold trees are projectivised by lifting ([`transition`]). Each
//! stage keeps its best epoch on the dev set (tagger: UPOS accuracy; parser: LAS).
//!
//! Model file (`.ngp`): the magic `NGPARSE\x02`, a little-endian `u32` length and a JSON header
//! ([`ParserInfo`]); then the tagger table, the tag dictionary, the ambiguity classes, the
//! transition table and the label table. A table is `u32` classes, `u32` rows, `f32` scale,
//! then per row (sorted by key) its `u32` feature key, a `u8` n and either (n = 255) `classes`
//! `i16` weights or n pairs of `u8` class and `i16` weight (sparse rows). The dictionary is
//! `u32` entries, then per entry a `u32` key and a `u8` tag; the ambiguity classes are `u32`
//! entries, then per entry a `u32` key and a `u32` tag set. Weights are quantised with one
//! scale per table (the largest weight is `i16::MAX`); rows below a threshold are pruned.

pub mod conllu;
pub mod score;
pub mod tagger;
pub mod transition;
pub mod weights;
pub mod words;

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::Error;
pub use conllu::{read_conllu, write_conllu, ParsedWord, Sentence, Word};
pub use score::{score, ParseScore};

use tagger::{Lex, Tagger, UPOS};
use transition::{ParserTables, ParserTrainer};
use weights::{KeyMap, Rng, Table};

/// Which word of a name stands for it in the parse ([`ParserModel::tag_and_parse_names`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameHead {
    /// The first word after a determiner (a person's name: "Jack Straw").
    First,
    /// The last before a preposition or conjunction ("University of Bordeaux").
    Last,
}

const MAGIC: &[u8; 8] = b"NGPARSE\x02";

/// What a model file says about itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParserInfo {
    pub upos: Vec<String>,
    /// Dependency relations; the index is the label id.
    pub labels: Vec<String>,
    pub root_label: usize,
    pub tagger_epoch: usize,
    pub parser_epoch: usize,
    pub seed: u64,
    pub train_sentences: usize,
    pub train_words: usize,
    /// Gold arcs moved by projectivisation.
    pub lifted_arcs: usize,
    pub jackknife: usize,
    /// Scores on the dev set with predicted tags, as chosen.
    pub dev: Option<ParseScore>,
    pub newsgraph_version: String,
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct ParseTrainConfig {
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    pub seed: u64,
    /// Folds for jack-knifed training tags (below 2: the final tagger tags the training set).
    pub jackknife: usize,
    /// First parser epoch (0-based) in which the parser follows its own mistakes.
    pub explore_from: usize,
    /// Probability of following a wrong prediction while exploring.
    pub p_follow: f64,
    /// Rows whose largest quantised weight (the largest of the table being `i16::MAX`) is
    /// smaller are dropped: tagger, transition and label tables.
    pub prune_tagger: i16,
    pub prune_actions: i16,
    pub prune_labels: i16,
}

impl Default for ParseTrainConfig {
    fn default() -> Self {
        ParseTrainConfig {
            tagger_epochs: 12,
            parser_epochs: 18,
            seed: 1,
            jackknife: 5,
            explore_from: 1,
            p_follow: 0.9,
            prune_tagger: 300,
            prune_actions: 400,
            prune_labels: 400,
        }
    }
}

/// Progress of training: one line per epoch of the final tagger and of the parser, and one for
/// the jack-knifed training tags.
#[derive(Clone, Debug, Serialize)]
pub struct EpochReport {
    /// `jackknife` (the training set tagged by taggers trained on the other folds; `epoch` is
    /// the number of folds, errors and decisions are tagging mistakes and words), `tagger` or
    /// `parser`.
    pub stage: &'static str,
    pub epoch: usize,
    pub train_errors: usize,
    pub decisions: usize,
    /// The tagger's dev accuracy (tagger epochs).
    pub dev_upos: Option<f64>,
    /// UPOS / UAS / LAS on dev (parser epochs).
    pub dev: Option<ParseScore>,
    /// Weight rows of the classifier(s) after this epoch (none for `jackknife`).
    pub features: Option<usize>,
    pub seconds: f64,
}

/// A trained tagger and parser.
pub struct ParserModel {
    pub info: ParserInfo,
    tagger: Tagger,
    parser: ParserTables,
    fingerprint: String,
}

/// A sentence prepared for training: word hashes, gold tags, projective gold heads (root =
/// number of words), label ids.
struct Item {
    lex: Vec<Lex>,
    gold_tags: Vec<u8>,
    heads: Vec<u32>,
    labels: Vec<u8>,
}

/// Does every word reach the root (no cycles, heads in range)?
fn is_tree(heads: &[u32]) -> bool {
    let n = heads.len();
    (0..n).all(|i| {
        let (mut a, mut k) = (i, 0);
        while a < n && k <= n {
            a = heads[a] as usize;
            k += 1;
        }
        a == n
    })
}

fn prepare(s: &Sentence, labels: &[String], lifted: &mut usize) -> Option<Item> {
    let n = s.words.len();
    if n == 0 {
        return None;
    }
    let mut heads: Vec<u32> = s
        .words
        .iter()
        .map(|w| {
            if w.head == 0 {
                n as u32
            } else {
                w.head as u32 - 1
            }
        })
        .collect();
    if !is_tree(&heads) {
        return None;
    }
    *lifted += transition::projectivize(&mut heads);
    let lab = s
        .words
        .iter()
        .map(|w| labels.iter().position(|l| *l == w.deprel).unwrap_or(0) as u8)
        .collect();
    Some(Item {
        lex: s.words.iter().map(|w| Lex::new(&w.form)).collect(),
        gold_tags: s.words.iter().map(|w| tagger::tag_index(&w.upos)).collect(),
        heads,
        labels: lab,
    })
}

/// The model shipped in `data/models/parser.ngp` (compiled in).
static BUILTIN: &[u8] = include_bytes!("../../../../data/models/parser.ngp");

impl ParserModel {
    /// The built-in model: trained on UD English EWT train (CC BY-SA 4.0) by
    /// `scripts/train-parser.sh` (`newsgraph train parser --seed 1`; provenance in data/README.md).
    pub fn builtin() -> Result<ParserModel, Error> {
        Self::decode(BUILTIN).map_err(|message| Error::Model {
            path: "data/models/parser.ngp (built in)".into(),
            message,
        })
    }

    /// The built-in model, decoded once per process and shared (the pipeline's parse stage uses
    /// it, so its relation names live as long as the program).
    pub fn builtin_shared() -> Result<&'static ParserModel, Error> {
        static SHARED: std::sync::OnceLock<ParserModel> = std::sync::OnceLock::new();
        if let Some(m) = SHARED.get() {
            return Ok(m);
        }
        let model = Self::builtin()?;
        Ok(SHARED.get_or_init(|| model))
    }

    /// Train on `train`, choosing epochs on `dev` (may be empty: then the last epochs are
    /// kept). Deterministic for a seed.
    pub fn train(train: &[Sentence], dev: &[Sentence], cfg: &ParseTrainConfig) -> ParserModel {
        Self::train_with_progress(train, dev, cfg, |_| {})
    }

    /// [`ParserModel::train`], reporting each epoch.
    pub fn train_with_progress(
        train: &[Sentence],
        dev: &[Sentence],
        cfg: &ParseTrainConfig,
        mut progress: impl FnMut(&EpochReport),
    ) -> ParserModel {
        let mut set: BTreeSet<String> = train
            .iter()
            .flat_map(|s| s.words.iter().map(|w| w.deprel.clone()))
            .collect();
        set.insert("root".to_string());
        let labels: Vec<String> = set.into_iter().take(250).collect();
        let root_label = labels.iter().position(|l| l == "root").unwrap_or(0);
        let mut lifted = 0;
        let mut items: Vec<Item> = train
            .iter()
            .filter_map(|s| prepare(s, &labels, &mut lifted))
            .collect();
        let tag_data: Vec<(Vec<Lex>, Vec<u8>)> = items
            .iter()
            .map(|i| (i.lex.clone(), i.gold_tags.clone()))
            .collect();
        let mut dev_tag_data: Vec<(Vec<Lex>, Vec<u8>)> = dev
            .iter()
            .map(|s| {
                (
                    s.words.iter().map(|w| Lex::new(&w.form)).collect(),
                    s.words.iter().map(|w| tagger::tag_index(&w.upos)).collect(),
                )
            })
            .collect();
        let dev_opt = (!dev.is_empty()).then_some(&dev_tag_data[..]);

        // training tags: jack-knifed
        let t0 = std::time::Instant::now();
        let k = cfg.jackknife;
        let train_tags: Vec<Vec<u8>> = if k >= 2 {
            let folds: Vec<Vec<(usize, Vec<u8>)>> = (0..k)
                .into_par_iter()
                .map(|f| {
                    let rest: Vec<(Vec<Lex>, Vec<u8>)> = tag_data
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % k != f)
                        .map(|(_, d)| d.clone())
                        .collect();
                    let (t, _) = tagger::train_tagger(
                        &rest,
                        None,
                        cfg.tagger_epochs,
                        cfg.seed.wrapping_add(f as u64 + 1),
                        cfg.prune_tagger,
                        |_| {},
                    );
                    (0..tag_data.len())
                        .filter(|i| i % k == f)
                        .map(|i| (i, t.tag(&tag_data[i].0)))
                        .collect()
                })
                .collect();
            let mut tags = vec![Vec::new(); tag_data.len()];
            for (i, t) in folds.into_iter().flatten() {
                tags[i] = t;
            }
            let right: usize = tags
                .iter()
                .zip(&tag_data)
                .map(|(p, (_, g))| p.iter().zip(g).filter(|(a, b)| a == b).count())
                .sum();
            let words: usize = tag_data.iter().map(|d| d.1.len()).sum();
            progress(&EpochReport {
                stage: "jackknife",
                epoch: k,
                train_errors: words - right,
                decisions: words,
                dev_upos: None,
                dev: None,
                features: None,
                seconds: t0.elapsed().as_secs_f64(),
            });
            tags
        } else {
            Vec::new()
        };

        // the final tagger
        let mut t0 = std::time::Instant::now();
        let (tagger, dev_best) = tagger::train_tagger(
            &tag_data,
            dev_opt,
            cfg.tagger_epochs,
            cfg.seed,
            cfg.prune_tagger,
            |e| {
                progress(&EpochReport {
                    stage: "tagger",
                    epoch: e.epoch,
                    train_errors: e.errors,
                    decisions: e.decisions,
                    dev_upos: e.dev_upos,
                    dev: None,
                    features: Some(e.features),
                    seconds: t0.elapsed().as_secs_f64(),
                });
                t0 = std::time::Instant::now();
            },
        );
        let dev_upos = dev_best.map(|(a, _)| a);
        let tagger_epoch = dev_best.map_or(cfg.tagger_epochs.max(1), |(_, e)| e);
        let train_tags = if train_tags.is_empty() {
            tag_data.iter().map(|(l, _)| tagger.tag(l)).collect()
        } else {
            train_tags
        };
        let dev_tags: Vec<Vec<u8>> = dev_tag_data.iter().map(|(l, _)| tagger.tag(l)).collect();
        for it in items.iter_mut() {
            tagger.fill_amb(&mut it.lex);
        }
        for (lex, _) in dev_tag_data.iter_mut() {
            tagger.fill_amb(lex);
        }

        // the parser
        let mut trainer = ParserTrainer::new(labels.len(), root_label as u8);
        let mut rng = Rng::new(cfg.seed ^ 0x5eed);
        let mut order: Vec<usize> = (0..items.len()).collect();
        let mut best: Option<(ParserTables, ParseScore, usize)> = None;
        let mut last = None;
        for epoch in 0..cfg.parser_epochs.max(1) {
            let t0 = std::time::Instant::now();
            rng.shuffle(&mut order);
            let (mut wrong, mut total) = (0, 0);
            let explore = epoch >= cfg.explore_from;
            for &i in &order {
                let it = &items[i];
                let (w, t) = trainer.learn(
                    &it.lex,
                    &train_tags[i],
                    &it.heads,
                    &it.labels,
                    explore,
                    cfg.p_follow,
                    &mut rng,
                );
                wrong += w;
                total += t;
            }
            let tables = trainer.tables(cfg.prune_actions, cfg.prune_labels);
            let features = tables.actions.len() + tables.labels.len();
            let dev_score = (!dev.is_empty()).then(|| {
                let pred: Vec<Vec<ParsedWord>> = dev_tag_data
                    .par_iter()
                    .zip(&dev_tags)
                    .map(|((lex, _), tags)| analyses(&tables, &labels, lex, tags))
                    .collect();
                score(dev, &pred)
            });
            progress(&EpochReport {
                stage: "parser",
                epoch: epoch + 1,
                train_errors: wrong,
                decisions: total,
                dev_upos: None,
                dev: dev_score.clone(),
                features: Some(features),
                seconds: t0.elapsed().as_secs_f64(),
            });
            match dev_score {
                Some(s) => {
                    if best.as_ref().is_none_or(|b| s.las > b.1.las) {
                        best = Some((tables, s, epoch + 1));
                    }
                }
                None => last = Some(tables),
            }
        }
        let (parser, dev_score, parser_epoch) = match best {
            Some((t, s, e)) => (t, Some(s), e),
            None => (last.expect("one epoch"), None, cfg.parser_epochs.max(1)),
        };
        let dev_score = dev_score.map(|mut s| {
            s.upos = round6(dev_upos.unwrap_or(s.upos));
            s.uas = round6(s.uas);
            s.las = round6(s.las);
            s.las_full = round6(s.las_full);
            s
        });
        let info = ParserInfo {
            upos: UPOS.iter().map(|u| u.to_string()).collect(),
            labels,
            root_label,
            tagger_epoch,
            parser_epoch,
            seed: cfg.seed,
            train_sentences: items.len(),
            train_words: tag_data.iter().map(|d| d.1.len()).sum(),
            lifted_arcs: lifted,
            jackknife: k,
            dev: dev_score,
            newsgraph_version: env!("CARGO_PKG_VERSION").to_string(),
        };
        let mut model = ParserModel {
            info,
            tagger,
            parser,
            fingerprint: String::new(),
        };
        model.fingerprint = fingerprint_of(&model.to_bytes());
        model
    }

    /// Identifies the weights: a hash of the model file's bytes.
    pub fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }

    /// Dependency relation names, indexed by label id.
    pub fn labels(&self) -> &[String] {
        &self.info.labels
    }

    /// The parts of speech the lower-case form of `word` had in the tagger's training text (a
    /// bit per UPOS tag; 0 for a word seen fewer than twice).
    fn tags_seen(&self, word: &str) -> u32 {
        let lex = Lex::new(word);
        self.tagger
            .amb
            .get(&tagger::amb_key(&lex))
            .copied()
            .unwrap_or(0)
    }

    /// Whether `word` is a common word of English: seen in the tagger's training text with a
    /// part of speech other than a proper noun's ("factory", "race"; not "pemex", "healy").
    pub fn is_common_word(&self, word: &str) -> bool {
        const PROPN: u32 = 1 << tagger::upos("PROPN");
        self.tags_seen(word) & !PROPN != 0
    }

    /// Whether `word` may be a verb or an auxiliary: seen as one in the tagger's training text
    /// ("has", "said"; not "million", "public", "of").
    pub fn may_be_verb(&self, word: &str) -> bool {
        const VERBS: u32 = 1 << tagger::upos("VERB") | 1 << tagger::upos("AUX");
        self.tags_seen(word) & VERBS != 0
    }

    /// The part of speech of each word of one sentence: the tagger alone, no parse.
    pub fn tag(&self, words: &[&str]) -> Vec<&'static str> {
        let lex: Vec<Lex> = words.iter().map(|w| Lex::new(w)).collect();
        self.tagger
            .tag(&lex)
            .into_iter()
            .map(|t| UPOS[t as usize])
            .collect()
    }

    /// Tag and parse one sentence (tokenised into syntactic words).
    pub fn tag_and_parse(&self, words: &[&str]) -> Vec<ParsedWord<'_>> {
        let mut lex: Vec<Lex> = words.iter().map(|w| Lex::new(w)).collect();
        let tags = self.tagger.tag(&lex);
        self.tagger.fill_amb(&mut lex);
        analyses(&self.parser, &self.info.labels, &lex, &tags)
    }

    /// Tag one sentence, then parse it with each of `names` (word ranges in order, disjoint)
    /// as one word: one analysis per name and per word outside the names.
    ///
    /// The tagger sees every word, in context; the parser sees a name as one of its words (the
    /// same index in `heads` says which: a person's first, "Jack" of "Jack Straw", as UD
    /// heads a name; else the last before a preposition or a conjunction, "University" of
    /// "University of Bordeaux"), with that word's tag, a proper noun's unless it is a noun or
    /// number. A name of one word keeps an adjective's tag too ("Peruvian"), and is otherwise
    /// a proper noun whatever the tagger guessed ("Wright, a professor": not an interjection).
    pub fn tag_and_parse_names(
        &self,
        words: &[&str],
        names: &[std::ops::Range<usize>],
        heads: &[NameHead],
    ) -> Vec<ParsedWord<'_>> {
        const PROPN: u8 = tagger::upos("PROPN");
        const NOUN: u8 = tagger::upos("NOUN");
        const NUM: u8 = tagger::upos("NUM");
        const ADP: u8 = tagger::upos("ADP");
        const ADJ: u8 = tagger::upos("ADJ");
        const CCONJ: u8 = tagger::upos("CCONJ");
        const DET: u8 = tagger::upos("DET");
        const PART: u8 = tagger::upos("PART");
        const PUNCT: u8 = tagger::upos("PUNCT");
        debug_assert!(
            names.len() == heads.len()
                && names
                    .iter()
                    .all(|r| r.end > r.start && r.end <= words.len())
                && names.windows(2).all(|p| p[0].end <= p[1].start),
            "names must be in order, disjoint, not empty, inside the sentence"
        );
        let mut lex: Vec<Lex> = words.iter().map(|w| Lex::new(w)).collect();
        let tags = self.tagger.tag(&lex);
        self.tagger.fill_amb(&mut lex);
        if names.is_empty() {
            return analyses(&self.parser, &self.info.labels, &lex, &tags);
        }
        let mut group_lex = Vec::with_capacity(lex.len());
        let mut group_tags = Vec::with_capacity(lex.len());
        let mut i = 0;
        for (r, how) in names.iter().zip(heads) {
            group_lex.extend_from_slice(&lex[i..r.start]);
            group_tags.extend_from_slice(&tags[i..r.start]);
            // skip a leading determiner; stop at the first preposition or conjunction
            let first = (r.start..r.end)
                .find(|&k| tags[k] != DET)
                .unwrap_or(r.start);
            let stop = (first + 1..r.end)
                .find(|&k| matches!(tags[k], ADP | CCONJ))
                .unwrap_or(r.end);
            // (not a possessive "'s" or a final full stop: "McDonald's", "Inc.")
            let last = (first..stop)
                .rev()
                .find(|&k| !matches!(tags[k], PART | PUNCT))
                .unwrap_or(first);
            let head = match how {
                NameHead::First => first,
                NameHead::Last => last,
            };
            group_lex.push(lex[head]);
            let kept = r.len() == 1 && matches!(tags[head], ADJ | PROPN);
            let common = tags[head] == NOUN && !words[head].starts_with(char::is_uppercase);
            group_tags.push(if kept || common || tags[head] == NUM {
                tags[head]
            } else {
                PROPN
            });
            i = r.end;
        }
        group_lex.extend_from_slice(&lex[i..]);
        group_tags.extend_from_slice(&tags[i..]);
        analyses(&self.parser, &self.info.labels, &group_lex, &group_tags)
    }

    /// Tag and parse sentences (in parallel).
    pub fn parse_sentences(&self, sentences: &[Sentence]) -> Vec<Vec<ParsedWord<'_>>> {
        sentences
            .par_iter()
            .map(|s| self.tag_and_parse(&s.forms()))
            .collect()
    }

    /// Scores against gold sentences (gold tokenisation, predicted tags).
    pub fn evaluate(&self, gold: &[Sentence]) -> ParseScore {
        score(gold, &self.parse_sentences(gold))
    }

    /// Write the model file.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        std::fs::write(path, self.to_bytes()).map_err(|e| Error::io(path, e))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let header = serde_json::to_vec(&self.info).expect("header serialises");
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(header.len() as u32).to_le_bytes());
        out.extend_from_slice(&header);
        write_table(&mut out, &self.tagger.table);
        let mut dict: Vec<(u32, u8)> = self.tagger.dict.iter().map(|(k, v)| (*k, *v)).collect();
        dict.sort_unstable();
        out.extend_from_slice(&(dict.len() as u32).to_le_bytes());
        for (k, t) in dict {
            out.extend_from_slice(&k.to_le_bytes());
            out.push(t);
        }
        let mut amb: Vec<(u32, u32)> = self.tagger.amb.iter().map(|(k, v)| (*k, *v)).collect();
        amb.sort_unstable();
        out.extend_from_slice(&(amb.len() as u32).to_le_bytes());
        for (k, m) in amb {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&m.to_le_bytes());
        }
        write_table(&mut out, &self.parser.actions);
        write_table(&mut out, &self.parser.labels);
        out
    }

    /// Read a model file.
    pub fn load(path: &Path) -> Result<ParserModel, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Self::decode(&bytes).map_err(|message| Error::Model {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Read a model from its bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<ParserModel, Error> {
        Self::decode(bytes).map_err(|message| Error::Model {
            path: "(in memory)".into(),
            message,
        })
    }

    fn decode(bytes: &[u8]) -> Result<ParserModel, String> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err("not a newsgraph parser model (bad magic bytes or version)".into());
        }
        let len = r.u32()? as usize;
        let info: ParserInfo =
            serde_json::from_slice(r.take(len)?).map_err(|e| format!("bad model header: {e}"))?;
        if info.upos != UPOS {
            return Err(format!("model tags {:?}, expected {:?}", info.upos, UPOS));
        }
        if info.labels.is_empty() || info.labels.len() > 250 || info.root_label >= info.labels.len()
        {
            return Err(format!("bad label set ({} labels)", info.labels.len()));
        }
        let table = read_table(&mut r, UPOS.len())?;
        let n = r.u32()? as usize;
        if n.saturating_mul(5) > r.rest() {
            return Err(format!(
                "tag dictionary of {n} entries, but only {} bytes follow",
                r.rest()
            ));
        }
        let mut dict = KeyMap::default();
        for _ in 0..n {
            let k = r.u32()?;
            let t = r.take(1)?[0];
            if t as usize >= UPOS.len() {
                return Err(format!("bad tag {t} at byte {}", r.pos));
            }
            dict.insert(k, t);
        }
        let n = r.u32()? as usize;
        if n.saturating_mul(8) > r.rest() {
            return Err(format!(
                "{n} ambiguity classes, but only {} bytes follow",
                r.rest()
            ));
        }
        let mut amb = KeyMap::default();
        for _ in 0..n {
            let k = r.u32()?;
            amb.insert(k, r.u32()?);
        }
        let actions = read_table(&mut r, transition::N_ACTIONS)?;
        let labels = read_table(&mut r, info.labels.len())?;
        if r.pos != bytes.len() {
            return Err(format!("{} trailing bytes", bytes.len() - r.pos));
        }
        Ok(ParserModel {
            parser: ParserTables {
                actions,
                labels,
                root_label: info.root_label as u8,
            },
            info,
            tagger: Tagger { table, dict, amb },
            fingerprint: fingerprint_of(bytes),
        })
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn fingerprint_of(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..16].to_string()
}

/// Parse tagged words into analyses.
fn analyses<'m>(
    tables: &ParserTables,
    labels: &'m [String],
    lex: &[Lex],
    tags: &[u8],
) -> Vec<ParsedWord<'m>> {
    let n = lex.len();
    let (heads, labs) = tables.parse(lex, tags);
    (0..n)
        .map(|i| ParsedWord {
            upos: UPOS[tags[i] as usize],
            head: if heads[i] as usize >= n {
                0
            } else {
                heads[i] as usize + 1
            },
            deprel: labels.get(labs[i] as usize).map_or("dep", |l| l.as_str()),
        })
        .collect()
}

fn write_table(out: &mut Vec<u8>, t: &Table) {
    let entries = t.entries();
    out.extend_from_slice(&(t.classes() as u32).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    out.extend_from_slice(&t.scale.to_le_bytes());
    for (k, w) in entries {
        out.extend_from_slice(&k.to_le_bytes());
        let nz: Vec<(usize, i16)> = w
            .iter()
            .enumerate()
            .filter(|(_, x)| **x != 0)
            .map(|(j, x)| (j, *x))
            .collect();
        if 3 * nz.len() < 2 * w.len() && nz.len() < DENSE as usize {
            out.push(nz.len() as u8);
            for (j, x) in nz {
                out.push(j as u8);
                out.extend_from_slice(&x.to_le_bytes());
            }
        } else {
            out.push(DENSE);
            for x in w {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
    }
}

/// Row marker: all `classes` weights follow (else the byte counts `(class, weight)` pairs).
const DENSE: u8 = 255;

fn read_table(r: &mut Reader, classes: usize) -> Result<Table, String> {
    let c = r.u32()? as usize;
    if c != classes {
        return Err(format!("table of {c} classes, expected {classes}"));
    }
    let n = r.u32()? as usize;
    let scale = f32::from_le_bytes(r.take(4)?.try_into().expect("4 bytes"));
    if n.saturating_mul(5) > r.rest() {
        return Err(format!(
            "table of {n} rows, but only {} bytes follow",
            r.rest()
        ));
    }
    let mut t = Table::with_capacity(c, n, scale);
    let mut row = vec![0i16; c];
    for _ in 0..n {
        let k = r.u32()?;
        let nz = r.take(1)?[0];
        if nz == DENSE {
            let b = r.take(2 * c)?;
            for (j, x) in row.iter_mut().enumerate() {
                *x = i16::from_le_bytes([b[2 * j], b[2 * j + 1]]);
            }
        } else {
            row.fill(0);
            for _ in 0..nz {
                let b = r.take(3)?;
                let j = b[0] as usize;
                if j >= c {
                    return Err(format!("class {j} of {c} at byte {}", r.pos));
                }
                row[j] = i16::from_le_bytes([b[1], b[2]]);
            }
        }
        t.insert(k, &row);
    }
    Ok(t)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if self.pos + n > self.bytes.len() {
            return Err(format!(
                "truncated: needs {n} bytes at byte {}, file has {}",
                self.pos,
                self.bytes.len()
            ));
        }
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn rest(&self) -> usize {
        self.bytes.len() - self.pos
    }
}

#[cfg(test)]
mod tests;

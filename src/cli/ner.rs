//! `train ner` and `eval ner`.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use newsgraph_extract::ner::score::{Counts, Scorer};
use newsgraph_extract::ner::{corpus, NerModel, TrainConfig};

use super::{Cli, Exit};

pub struct TrainArgs<'a> {
    pub train: &'a [PathBuf],
    pub dev: Option<&'a Path>,
    pub output: &'a Path,
    pub epochs: usize,
    pub seed: u64,
    pub min_count: u32,
    pub clusters: Option<&'a Path>,
    pub json: bool,
}

fn read_corpus(path: &Path) -> anyhow::Result<Vec<corpus::TaggedDoc>> {
    Ok(corpus::read(path)?)
}

/// `word<TAB>bitpath[<TAB>casing]` lines (the output of `newsgraph train clusters`; casing is
/// L, C or M: mostly lowercase, mostly capitalised, mixed), or Brown clusters as written by
/// wcluster: `bitpath<TAB>word<TAB>count`.
pub fn read_clusters(path: &Path) -> anyhow::Result<HashMap<String, String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read clusters {}", path.display()))?;
    let mut out = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        // "# " starts a comment; a word may begin with '#' ("#elections")
        if line.trim().is_empty() || line.starts_with("# ") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let bits = |s: &str| !s.is_empty() && s.bytes().all(|b| b == b'0' || b == b'1');
        let casing = |c: &str| matches!(c, "L" | "C" | "M");
        let (word, value) = match cols.as_slice() {
            [w, p] if bits(p) => (*w, p.to_string()),
            [w, p, c] if bits(p) && casing(c) => (*w, format!("{p}:{c}")),
            [p, w, ..] if bits(p) => (*w, p.to_string()),
            _ => anyhow::bail!(
                "{}:{}: expected `word<TAB>bits[<TAB>L|C|M]` or `bits<TAB>word<TAB>count`",
                path.display(),
                n + 1
            ),
        };
        if !newsgraph_extract::ner::valid_cluster_value(&value) {
            anyhow::bail!("{}:{}: bad cluster path {value:?}", path.display(), n + 1);
        }
        out.insert(word.to_lowercase(), value);
    }
    Ok(out)
}

pub fn train(cli: &Cli, args: TrainArgs) -> anyhow::Result<Exit> {
    super::check_output(Some(args.output))?;
    if args.json && super::is_stdio(args.output) {
        anyhow::bail!("--json and --output - would both write to stdout: give -o FILE");
    }
    let res = super::load_resources(cli)?;
    let mut train = Vec::new();
    for p in args.train {
        let docs = read_corpus(p)?;
        if !cli.quiet {
            let n: usize = docs.iter().map(|d| d.sentences.len()).sum();
            eprintln!(
                "read {}: {} documents, {n} sentences",
                p.display(),
                docs.len()
            );
        }
        train.extend(docs);
    }
    let dev = args.dev.map(read_corpus).transpose()?;
    let clusters = args
        .clusters
        .map(read_clusters)
        .transpose()?
        .unwrap_or_default();
    let cfg = TrainConfig {
        epochs: args.epochs,
        seed: args.seed,
        min_count: args.min_count,
    };
    let names = args
        .train
        .iter()
        .map(|p| {
            p.file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    let quiet = cli.quiet;
    let model = NerModel::train(&train, dev.as_deref(), &res, clusters, &cfg, names, |r| {
        if quiet {
            return;
        }
        match r.dev_f1 {
            Some(f1) => eprintln!(
                "epoch {:>2}/{}: {} of {} training sentences wrong; dev P {:.4} R {:.4} F1 {:.4} ({:.1} s)",
                r.epoch,
                cfg.epochs,
                r.train_errors,
                r.train_sentences,
                r.dev_precision.unwrap_or_default(),
                r.dev_recall.unwrap_or_default(),
                f1,
                r.seconds
            ),
            None => eprintln!(
                "epoch {:>2}/{}: {} of {} training sentences wrong ({:.1} s)",
                r.epoch, cfg.epochs, r.train_errors, r.train_sentences, r.seconds
            ),
        }
    });
    let bytes = model.to_bytes();
    super::write_whole(args.output, &bytes, true)
        .with_context(|| format!("writing the model to {}", args.output.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&model.info)?);
    } else if !cli.quiet {
        let size = bytes.len();
        eprintln!(
            "wrote {} ({} features, {:.1} MB){}",
            args.output.display(),
            model.info.features,
            size as f64 / 1e6,
            model
                .info
                .dev_f1
                .map(|f| format!("; best dev F1 {f:.4} at epoch {}", model.info.epochs))
                .unwrap_or_default()
        );
    }
    Ok(Exit::Ok)
}

#[derive(serde::Serialize)]
struct TypeScore {
    #[serde(rename = "type")]
    etype: String,
    precision: f64,
    recall: f64,
    f1: f64,
    gold: usize,
    predicted: usize,
    correct: usize,
}

#[derive(serde::Serialize)]
struct EvalReport {
    gold: String,
    /// `pipeline` (the default), `model-only` or `fine`.
    mode: &'static str,
    /// Articles the pipeline ran over (pipeline and fine modes).
    #[serde(skip_serializing_if = "Option::is_none")]
    documents: Option<usize>,
    sentences: usize,
    tokens: usize,
    /// Pipeline: over PER, ORG and LOC; model-only: over every type the gold file uses.
    micro: TypeScore,
    /// Micro average over PER, ORG and LOC (the types the graph has entities of).
    per_org_loc: TypeScore,
    types: Vec<TypeScore>,
    /// --fine: among spans found with gold boundaries, how often two close classes are told apart.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    distinctions: Vec<Distinction>,
    seconds: f64,
}

#[derive(serde::Serialize)]
struct Distinction {
    classes: [&'static str; 2],
    accuracy: f64,
    spans: usize,
}

fn type_score(name: &str, c: &Counts) -> TypeScore {
    TypeScore {
        etype: name.to_string(),
        precision: c.precision(),
        recall: c.recall(),
        f1: c.f1(),
        gold: c.gold,
        predicted: c.predicted,
        correct: c.correct,
    }
}

fn report(gold: &Path, mode: EvalMode, sc: &Scorer, seconds: f64) -> EvalReport {
    let coarse = newsgraph_extract::eval::ner::per_org_loc(sc);
    EvalReport {
        gold: gold.display().to_string(),
        mode: mode.name(),
        documents: None,
        sentences: sc.sentences,
        tokens: sc.tokens,
        micro: if mode == EvalMode::Pipeline {
            type_score("micro", &coarse)
        } else {
            type_score("micro", &sc.micro())
        },
        per_org_loc: type_score("PER+ORG+LOC", &coarse),
        types: sc.by_type.iter().map(|(t, c)| type_score(t, c)).collect(),
        distinctions: Vec::new(),
        seconds,
    }
}

fn print_report(r: &EvalReport) {
    let docs = r
        .documents
        .map(|d| format!("{d} articles, "))
        .unwrap_or_default();
    println!(
        "{} ({}): {docs}{} sentences, {} tokens ({:.2} s)",
        r.gold, r.mode, r.sentences, r.tokens, r.seconds
    );
    println!(
        "{:<14} {:>9} {:>9} {:>9} {:>7} {:>9} {:>7}",
        "type", "precision", "recall", "F1", "gold", "predicted", "correct"
    );
    let mut rows: Vec<&TypeScore> = r.types.iter().collect();
    if r.mode != "fine" {
        rows.push(&r.per_org_loc);
    }
    if r.mode != "pipeline" {
        rows.push(&r.micro);
    }
    for t in rows {
        println!(
            "{:<14} {:>9.4} {:>9.4} {:>9.4} {:>7} {:>9} {:>7}",
            t.etype, t.precision, t.recall, t.f1, t.gold, t.predicted, t.correct
        );
    }
    for d in &r.distinctions {
        println!(
            "{} vs {}: {:.4} of {} spans found with gold boundaries typed right",
            d.classes[0], d.classes[1], d.accuracy, d.spans
        );
    }
}

/// What `eval ner` scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvalMode {
    /// The whole pipeline on rebuilt articles, coarse types (the default).
    Pipeline,
    /// The trained model alone on the gold tokens.
    ModelOnly,
    /// The whole pipeline on each sentence, fine types (CrossNER).
    Fine,
}

impl EvalMode {
    fn name(self) -> &'static str {
        match self {
            EvalMode::Pipeline => "pipeline",
            EvalMode::ModelOnly => "model-only",
            EvalMode::Fine => "fine",
        }
    }
}

pub fn eval(
    cli: &Cli,
    gold: &[PathBuf],
    mode: EvalMode,
    json: bool,
    errors: Option<&Path>,
) -> anyhow::Result<Exit> {
    let mut reports = Vec::new();
    match mode {
        EvalMode::Fine | EvalMode::Pipeline => {
            let pipeline = super::load_pipeline(cli)?;
            // `-`: stdout
            let mut listing = errors
                .map(|path| super::open_output(Some(path)))
                .transpose()?;
            for g in gold {
                let docs = read_corpus(g)?;
                let t0 = std::time::Instant::now();
                let (r, mistakes) = if mode == EvalMode::Fine {
                    let fs = newsgraph_extract::eval::fine::evaluate(&pipeline, &docs);
                    let mut r = report(g, mode, &fs.scorer, t0.elapsed().as_secs_f64());
                    r.documents = Some(fs.scorer.sentences);
                    for classes in [["Official", "Person"], ["Country", "Location"]] {
                        let (accuracy, spans) = fs.pair_accuracy(classes[0], classes[1]);
                        r.distinctions.push(Distinction {
                            classes,
                            accuracy,
                            spans,
                        });
                    }
                    (r, fs.errors)
                } else {
                    let scores = newsgraph_extract::eval::ner::evaluate(
                        &pipeline,
                        &docs,
                        &g.display().to_string(),
                    );
                    let mut r = report(g, mode, &scores.scorer, t0.elapsed().as_secs_f64());
                    r.documents = Some(scores.documents);
                    (r, scores.errors)
                };
                if let Some(out) = listing.as_mut() {
                    write_errors(out, &mistakes, g)?;
                }
                reports.push(r);
            }
            flush_errors(listing, errors)?;
        }
        EvalMode::ModelOnly => {
            let res = super::load_resources(cli)?;
            let model = super::load_model(cli, &res)?;
            for g in gold {
                let docs = read_corpus(g)?;
                let t0 = std::time::Instant::now();
                let sc = model.evaluate(&docs, true);
                reports.push(report(g, mode, &sc, t0.elapsed().as_secs_f64()));
            }
        }
    }
    if json {
        let v = if reports.len() == 1 {
            serde_json::to_value(&reports[0])?
        } else {
            serde_json::to_value(&reports)?
        };
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        for (i, r) in reports.iter().enumerate() {
            if i > 0 {
                println!();
            }
            print_report(r);
        }
    }
    Ok(Exit::Ok)
}

pub fn clusters(
    cli: &Cli,
    input: &[PathBuf],
    output: &Path,
    cfg: newsgraph_extract::ner::clusters::ClusterConfig,
) -> anyhow::Result<Exit> {
    use newsgraph_extract::pipeline::{segment::Segmenter, Stage};
    let t0 = std::time::Instant::now();
    let (files, errors) = newsgraph_extract::input::collect_files(input);
    let mut failed = errors.len();
    for e in &errors {
        eprintln!("error: {e}");
    }
    let mut co = newsgraph_extract::ner::clusters::Cooccurrence::default();
    let mut articles = 0;
    for f in &files {
        for d in newsgraph_extract::input::read_path(f) {
            match d {
                Ok(mut doc) => {
                    Segmenter.run(&mut doc);
                    for s in &doc.sentences {
                        let toks: Vec<&str> = s.tokens.clone().map(|i| doc.token_text(i)).collect();
                        co.add(&toks);
                    }
                    articles += 1;
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    failed += 1;
                }
            }
        }
    }
    let clusters = co.cluster(&cfg);
    let mut lines: Vec<(&String, &String)> = clusters.iter().collect();
    lines.sort_unstable_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)));
    let mut out = String::new();
    for (w, p) in lines {
        out.push_str(w);
        out.push('\t');
        out.push_str(p);
        if let Some(c) = co.casing(w) {
            out.push('\t');
            out.push(c);
        }
        out.push('\n');
    }
    super::write_whole(output, out.as_bytes(), false)?;
    if !cli.quiet {
        eprintln!(
            "{articles} articles, {} tokens: {} words in {} clusters; wrote {} ({:.1} s)",
            co.tokens(),
            clusters.len(),
            clusters
                .values()
                .collect::<std::collections::HashSet<_>>()
                .len(),
            output.display(),
            t0.elapsed().as_secs_f64()
        );
    }
    Ok(if failed > 0 { Exit::Partial } else { Exit::Ok })
}

/// One JSON line per mistake, each with the gold file it came from.
fn write_errors(
    out: &mut impl Write,
    errors: &[newsgraph_extract::eval::ner::NerError],
    gold: &Path,
) -> anyhow::Result<()> {
    for e in errors {
        let mut v = serde_json::to_value(e)?;
        v["gold_file"] = serde_json::Value::from(gold.display().to_string());
        serde_json::to_writer(&mut *out, &v)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Flushes the --errors listing, naming the file when that fails.
fn flush_errors(listing: Option<impl Write>, path: Option<&Path>) -> anyhow::Result<()> {
    if let Some(mut out) = listing {
        out.flush()
            .with_context(|| format!("writing {}", path.unwrap_or(Path::new("-")).display()))?;
    }
    Ok(())
}

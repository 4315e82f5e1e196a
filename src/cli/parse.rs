//! `parse`, `train parser` and `eval parser`: the UD tagger and dependency parser.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use newsgraph_extract::document::{Document, Metadata};
use newsgraph_extract::parse::{
    read_conllu, words::sentence_words, write_conllu, ParseScore, ParseTrainConfig, ParserModel,
    Sentence, Word,
};
use newsgraph_extract::pipeline::{segment::Segmenter, Stage};

use super::{Cli, Exit};

/// The parser model: `--parser FILE`, else the built-in one.
pub fn load_parser(path: Option<&Path>) -> anyhow::Result<ParserModel> {
    Ok(match path {
        Some(p) => ParserModel::load(p)?,
        None => ParserModel::builtin()?,
    })
}

fn read_treebank(path: &Path) -> anyhow::Result<Vec<Sentence>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(read_conllu(&text, &path.display().to_string())?)
}

/// Sentences and words of plain text as newsgraph splits them, as CoNLL-U sentences without
/// annotations (`# sent_id`, `# text`, `SpaceAfter=No` where no space follows).
pub fn text_sentences(text: String) -> Vec<Sentence> {
    let mut doc = Document::new(Metadata::default(), text);
    Segmenter.run(&mut doc);
    let mut out = Vec::new();
    for s in 0..doc.sentences.len() {
        let words = sentence_words(&doc, s);
        if words.is_empty() {
            continue;
        }
        let span = doc.sentences[s].span;
        let flat: String = doc
            .slice(span)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        out.push(Sentence {
            comments: vec![
                format!("# sent_id = {}", out.len() + 1),
                format!("# text = {flat}"),
            ],
            words: words
                .iter()
                .map(|w| Word {
                    form: doc.slice(w.span).to_string(),
                    lemma: "_".into(),
                    upos: "_".into(),
                    xpos: "_".into(),
                    feats: "_".into(),
                    head: 0,
                    deprel: "_".into(),
                    deps: "_".into(),
                    misc: if w.space_after { "_" } else { "SpaceAfter=No" }.into(),
                })
                .collect(),
            multiword: Vec::new(),
        });
    }
    out
}

pub fn parse(
    input: Option<&Path>,
    conllu: bool,
    parser: Option<&Path>,
    output: Option<&Path>,
) -> anyhow::Result<Exit> {
    let model = load_parser(parser)?;
    let (text, origin) = match input {
        Some(p) if p.as_os_str() != "-" => (
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?,
            p.display().to_string(),
        ),
        _ => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("cannot read stdin")?;
            (s, "<stdin>".to_string())
        }
    };
    let sentences = if conllu {
        read_conllu(&text, &origin)?
    } else {
        text_sentences(text)
    };
    let parsed = model.parse_sentences(&sentences);
    let mut out = super::open_output(output)?;
    out.write_all(write_conllu(&sentences, &parsed).as_bytes())?;
    out.flush()?;
    Ok(Exit::Ok)
}

pub struct TrainArgs<'a> {
    pub train: &'a [PathBuf],
    pub dev: Option<&'a Path>,
    pub output: &'a Path,
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    pub seed: u64,
    pub json: bool,
}

pub fn train(cli: &Cli, a: TrainArgs) -> anyhow::Result<Exit> {
    super::check_output(Some(a.output))?;
    if a.json && super::is_stdio(a.output) {
        anyhow::bail!("--json and --output - would both write to stdout: give -o FILE");
    }
    let started = Instant::now();
    let mut train = Vec::new();
    for f in a.train {
        train.extend(read_treebank(f)?);
    }
    let dev = match a.dev {
        Some(d) => read_treebank(d)?,
        None => Vec::new(),
    };
    let cfg = ParseTrainConfig {
        tagger_epochs: a.tagger_epochs,
        parser_epochs: a.parser_epochs,
        seed: a.seed,
        ..ParseTrainConfig::default()
    };
    let model = ParserModel::train_with_progress(&train, &dev, &cfg, |r| {
        if cli.quiet {
            return;
        }
        let dev = match (&r.dev, r.dev_upos) {
            (Some(d), _) => format!("; dev UPOS {:.4} UAS {:.4} LAS {:.4}", d.upos, d.uas, d.las),
            (None, Some(u)) => format!("; dev UPOS {u:.4}"),
            (None, None) => String::new(),
        };
        let what = if r.stage == "jackknife" {
            format!("jack-knifed training tags ({} folds)", r.epoch)
        } else {
            format!("{} epoch {}", r.stage, r.epoch)
        };
        eprintln!(
            "{what}: {} errors in {} decisions{dev} ({:.1}s)",
            r.train_errors, r.decisions, r.seconds
        );
    });
    let bytes = model.to_bytes();
    super::write_whole(a.output, &bytes, true)?;
    if a.json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer(&mut out, &model.info)?;
        writeln!(out)?;
    }
    if !cli.quiet {
        let size = bytes.len();
        eprintln!(
            "wrote {} ({:.1} MB) in {:.1}s",
            a.output.display(),
            size as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(Exit::Ok)
}

#[derive(serde::Serialize)]
struct FileScore<'a> {
    gold: String,
    #[serde(flatten)]
    score: &'a ParseScore,
}

/// The sentences of documents whose `# newdoc id` starts with `prefix` (a sentence belongs to the
/// document opened last before it).
fn in_documents(sentences: Vec<Sentence>, prefix: &str) -> Vec<Sentence> {
    let mut doc = String::new();
    sentences
        .into_iter()
        .filter(|s| {
            if let Some(id) = s.comment("newdoc id") {
                doc = id.to_string();
            }
            doc.starts_with(prefix)
        })
        .collect()
}

pub fn eval(
    cli: &Cli,
    gold: &[PathBuf],
    parser: Option<&Path>,
    docs: Option<&str>,
    json: bool,
) -> anyhow::Result<Exit> {
    let model = load_parser(parser)?;
    let mut per_file = Vec::new();
    let started = Instant::now();
    for f in gold {
        let mut sentences = read_treebank(f)?;
        if let Some(prefix) = docs {
            sentences = in_documents(sentences, prefix);
            if sentences.is_empty() {
                anyhow::bail!("{}: no document id starts with {prefix:?}", f.display());
            }
        }
        per_file.push((f.display().to_string(), model.evaluate(&sentences)));
    }
    let mut total = ParseScore::default();
    for (_, s) in &per_file {
        total.merge(s);
    }
    let seconds = started.elapsed().as_secs_f64();
    let name = gold
        .iter()
        .map(|g| g.display().to_string())
        .collect::<Vec<_>>()
        .join(" ");
    if json {
        let report = serde_json::json!({
            "gold": name,
            "figures": { "upos": total.upos, "uas": total.uas, "las": total.las, "las_full": total.las_full },
            "total": total,
            "files": per_file.iter().map(|(g, s)| FileScore { gold: g.clone(), score: s }).collect::<Vec<_>>(),
        });
        let mut out = std::io::stdout().lock();
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else {
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "{:<50} {:>9} {:>8} {:>8} {:>8} {:>8}",
            "gold", "words", "UPOS", "UAS", "LAS", "LAS-sub"
        )?;
        let row = |out: &mut dyn Write, g: &str, s: &ParseScore| {
            writeln!(
                out,
                "{:<50} {:>9} {:>8.4} {:>8.4} {:>8.4} {:>8.4}",
                g, s.words, s.upos, s.uas, s.las, s.las_full
            )
        };
        for (g, s) in &per_file {
            row(&mut out, g, s)?;
        }
        if per_file.len() > 1 {
            row(&mut out, "all", &total)?;
        }
    }
    if !cli.quiet {
        eprintln!(
            "{} sentences, {} words tagged and parsed in {:.2}s",
            total.sentences, total.words, seconds
        );
    }
    Ok(Exit::Ok)
}

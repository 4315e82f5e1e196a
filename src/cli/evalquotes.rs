//! `eval quotes`: the pipeline's quotations and speakers against PolNeAR-style brat standoff
//! (scoring rules in `newsgraph_extract::eval::quotes`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::bail;
use rayon::prelude::*;

use newsgraph_extract::eval::quotes::{
    gold_items, mistakes, parse_ann, pred_items, resolve_sources, Counts, GoldItem, Mistake,
    PredItem, QuoteScores, SpeechLexicon, Subset, TextView, THRESHOLDS,
};
use newsgraph_extract::Pipeline;

use super::{Cli, Exit};

/// One article: its annotation file (the first annotator's, by name) and its text file.
struct Article {
    ann: PathBuf,
    text: PathBuf,
}

/// An annotator's file is `<article>_<4 hex digits>.ann` beside `text/<article>.txt`; a plain
/// `<article>.ann` goes with `text/<article>.txt`.
fn text_stem<'a>(stem: &'a str, text_dir: &Path) -> &'a str {
    let Some((article, annotator)) = stem.rsplit_once('_') else {
        return stem;
    };
    let annotator_like = annotator.len() == 4 && annotator.bytes().all(|b| b.is_ascii_hexdigit());
    if annotator_like && !text_dir.join(format!("{stem}.txt")).is_file() {
        article
    } else {
        stem
    }
}

/// The articles of a split, and how many other annotators' files were left out.
fn articles(ann_dir: &Path, text_dir: &Path) -> anyhow::Result<(Vec<Article>, usize)> {
    let mut names: Vec<String> = std::fs::read_dir(ann_dir)
        .map_err(|e| anyhow::anyhow!("{}: {e}", ann_dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ann"))
        .collect();
    names.sort();
    let mut out: Vec<Article> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut unused = 0;
    for name in names {
        let stem = &name[..name.len() - ".ann".len()];
        let article = text_stem(stem, text_dir);
        if !seen.insert(article.to_string()) {
            unused += 1;
            continue;
        }
        out.push(Article {
            ann: ann_dir.join(&name),
            text: text_dir.join(format!("{article}.txt")),
        });
    }
    Ok((out, unused))
}

struct Scored {
    gold: Vec<GoldItem>,
    pred: Vec<PredItem>,
    without_content: usize,
    /// The article's text, kept when mistakes are listed.
    text: Option<String>,
}

fn score_article(
    a: &Article,
    pipeline: &Pipeline,
    lex: &SpeechLexicon,
    keep_text: bool,
) -> Result<Scored, String> {
    let ann_name = a.ann.display().to_string();
    let ann = std::fs::read_to_string(&a.ann).map_err(|e| format!("{ann_name}: {e}"))?;
    let brat = parse_ann(&ann, &ann_name).map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(&a.text)
        .map_err(|e| format!("{ann_name}: cannot read its text {}: {e}", a.text.display()))?;
    let view = TextView::new(&text);
    brat.check_text(&view, &ann_name)
        .map_err(|e| e.to_string())?;
    // read as `extract` reads a .txt file (headline, optional headers); the text stays whole,
    // so code point offsets agree with the annotations
    let origin = a.text.display().to_string();
    let id = std::fs::canonicalize(&a.text)
        .map(|p| p.display().to_string())
        .ok();
    let mut doc = newsgraph_extract::input::read_text(text.clone(), &origin, id)
        .map_err(|e| e.to_string())?;
    if doc.text != text {
        return Err(format!(
            "{origin}: the reader changed the text; offsets would not agree"
        ));
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.run(&mut doc))).map_err(
        |_| format!("{origin}: internal error while extracting this article (please report it)"),
    )?;
    Ok(Scored {
        gold: {
            let mut gold = gold_items(&brat, &view, lex);
            resolve_sources(&mut gold, &doc);
            gold
        },
        pred: pred_items(&doc, &view, lex),
        without_content: brat.without_content,
        text: keep_text.then_some(text),
    })
}

#[derive(serde::Serialize)]
struct Row {
    /// `<subset>_<threshold × 10, two digits>`: `all_03`, `direct_08`, ...
    #[serde(rename = "type")]
    name: String,
    subset: &'static str,
    threshold: f64,
    gold: usize,
    predicted: usize,
    matched: usize,
    precision: f64,
    recall: f64,
    f1: f64,
    speaker_accuracy: f64,
    speaker_scored: usize,
    speaker_correct: usize,
    gold_without_source: usize,
    matched_without_source: usize,
}

impl Row {
    fn new(subset: Subset, t: usize, c: &Counts) -> Row {
        Row {
            name: row_name(subset, t),
            subset: subset.name(),
            threshold: THRESHOLDS[t],
            gold: c.gold,
            predicted: c.predicted,
            matched: c.matched,
            precision: c.precision(),
            recall: c.recall(),
            f1: c.f1(),
            speaker_accuracy: c.speaker_accuracy(),
            speaker_scored: c.speaker_scored,
            speaker_correct: c.speaker_correct,
            gold_without_source: c.gold_without_source,
            matched_without_source: c.matched_without_source,
        }
    }
}

fn row_name(subset: Subset, t: usize) -> String {
    format!(
        "{}_{:02}",
        subset.name(),
        (THRESHOLDS[t] * 10.0).round() as u32
    )
}

/// Speaker accuracy of one row, where `scripts/floors.py` finds it as `<row>/speaker`.
#[derive(serde::Serialize)]
struct Distinction {
    classes: [String; 2],
    accuracy: f64,
    pairs: usize,
}

/// Shaped for `scripts/floors.py`: `micro` (all attributions at 0.3), `types` (one row per
/// subset and threshold, addressed by name: its F1) and `distinctions` (`<row>/speaker`: its
/// speaker accuracy).
#[derive(serde::Serialize)]
struct Report {
    gold: String,
    articles: usize,
    skipped: usize,
    annotator_files_unused: usize,
    gold_without_content: usize,
    micro: Row,
    types: Vec<Row>,
    distinctions: Vec<Distinction>,
    seconds: f64,
}

pub fn eval(cli: &Cli, gold: &Path, json: bool, errors: Option<&Path>) -> anyhow::Result<Exit> {
    let t0 = Instant::now();
    let (ann_dir, text_dir) = (gold.join("attributions"), gold.join("text"));
    if !ann_dir.is_dir() || !text_dir.is_dir() {
        bail!(
            "{}: expected folders attributions/ (brat .ann files) and text/ (.txt articles), \
             as in a PolNeAR split such as ../shared/data/polnear/dev",
            gold.display()
        );
    }
    let res = Arc::new(super::load_resources(cli)?);
    let model = super::load_model(cli, &res)?;
    let lex = SpeechLexicon::new(res.speech_cues.iter().map(String::as_str));
    let pipeline = Pipeline::with_model(res.clone(), Some(Arc::new(model)));
    let (articles, unused) = articles(&ann_dir, &text_dir)?;
    if articles.is_empty() {
        bail!("{}: no .ann files", ann_dir.display());
    }
    let results: Vec<Result<Scored, String>> = articles
        .par_iter()
        .map(|a| score_article(a, &pipeline, &lex, errors.is_some()))
        .collect();
    super::check_output(errors)?;
    // `-`: stdout
    let mut listing = match errors {
        Some(path) => Some(super::open_output(Some(path))?),
        None => None,
    };
    let mut scores = QuoteScores::default();
    let (mut skipped, mut without_content) = (0, 0);
    for (a, r) in articles.iter().zip(results) {
        match r {
            Ok(s) => {
                scores.add(&s.gold, &s.pred);
                if let (Some(out), Some(text)) = (listing.as_mut(), s.text.as_deref()) {
                    write_mistakes(out, &a.ann, text, &s.gold, &s.pred).map_err(|e| {
                        anyhow::anyhow!("{}: {e}", errors.unwrap_or(gold).display())
                    })?;
                }
                without_content += s.without_content;
            }
            Err(e) => {
                eprintln!("error: {e} (article skipped)");
                skipped += 1;
            }
        }
    }
    let mut types = Vec::new();
    let mut distinctions = Vec::new();
    for s in Subset::ALL {
        for t in 0..THRESHOLDS.len() {
            let c = scores.get(s, t);
            distinctions.push(Distinction {
                classes: [row_name(s, t), "speaker".to_string()],
                accuracy: c.speaker_accuracy(),
                pairs: c.speaker_scored,
            });
            types.push(Row::new(s, t, c));
        }
    }
    if let Some(mut out) = listing {
        use std::io::Write;
        out.flush()?;
    }
    let report = Report {
        gold: gold.display().to_string(),
        articles: scores.articles,
        skipped,
        annotator_files_unused: unused,
        gold_without_content: without_content,
        micro: Row::new(Subset::All, 0, scores.get(Subset::All, 0)),
        types,
        distinctions,
        seconds: (t0.elapsed().as_secs_f64() * 100.0).round() / 100.0,
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report);
    }
    Ok(Exit::of_batch(skipped, scores.articles))
}

fn print_report(r: &Report) {
    let all = &r.micro;
    println!(
        "{}: {} articles read, {} skipped; {} other annotators' files not used; {} gold attributions ({} without a source), {} predicted quotes ({:.2} s)",
        r.gold,
        r.articles,
        r.skipped,
        r.annotator_files_unused,
        all.gold,
        all.gold_without_source,
        all.predicted,
        r.seconds
    );
    println!(
        "{:<8} {:>7} {:>6} {:>9} {:>7} {:>9} {:>7} {:>7} {:>8} {:>6}",
        "subset",
        "overlap",
        "gold",
        "predicted",
        "matched",
        "precision",
        "recall",
        "F1",
        "speaker",
        "n"
    );
    for t in &r.types {
        println!(
            "{:<8} {:>7.1} {:>6} {:>9} {:>7} {:>9.4} {:>7.4} {:>7.4} {:>8.4} {:>6}",
            t.subset,
            t.threshold,
            t.gold,
            t.predicted,
            t.matched,
            t.precision,
            t.recall,
            t.f1,
            t.speaker_accuracy,
            t.speaker_scored
        );
    }
    println!(
        "speaker: share of the n matched quotes whose gold has a source where the predicted speaker \
         (or its entity) overlaps that source; {} matched at 0.3 have no gold source",
        all.matched_without_source
    );
    if r.gold_without_content > 0 {
        println!(
            "{} attributions without a content span not scored",
            r.gold_without_content
        );
    }
}

/// One line of the `--errors` listing.
#[derive(serde::Serialize)]
struct MistakeRecord {
    /// The annotation file.
    article: String,
    /// `missed` (gold nobody matched), `spurious` (a prediction that matched no gold) or
    /// `wrong_speaker` (matched, but the predicted speaker misses the gold source).
    kind: &'static str,
    gold: Option<GoldRecord>,
    predicted: Option<PredRecord>,
}

#[derive(serde::Serialize)]
struct GoldRecord {
    content: String,
    cue: String,
    source: String,
    direct: bool,
    speech: bool,
}

#[derive(serde::Serialize)]
struct PredRecord {
    content: String,
    cue: Option<String>,
    speaker: Option<String>,
}

/// The mistakes of one article at overlap 0.3, one JSON object per line.
fn write_mistakes(
    out: &mut impl std::io::Write,
    ann: &Path,
    text: &str,
    gold: &[GoldItem],
    pred: &[PredItem],
) -> std::io::Result<()> {
    let view = TextView::new(text);
    let g = |i: usize| {
        let item = &gold[i];
        GoldRecord {
            content: view.text_of(&item.content),
            cue: view.text_of(&item.cue),
            source: view.text_of(&item.source),
            direct: item.direct,
            speech: item.speech,
        }
    };
    let p = |i: usize| {
        let item = &pred[i];
        PredRecord {
            content: view.text_of(&item.content),
            cue: item.cue.map(|c| view.text_of(&[c])),
            speaker: item.speaker_span.map(|s| view.text_of(&[s])),
        }
    };
    for m in mistakes(gold, pred, 0) {
        let (kind, gold_item, pred_item) = match m {
            Mistake::Missed { gold } => ("missed", Some(g(gold)), None),
            Mistake::Spurious { pred, near } => ("spurious", near.map(g), Some(p(pred))),
            Mistake::WrongSpeaker { gold, pred } => ("wrong_speaker", Some(g(gold)), Some(p(pred))),
        };
        let record = MistakeRecord {
            article: ann.display().to_string(),
            kind,
            gold: gold_item,
            predicted: pred_item,
        };
        serde_json::to_writer(&mut *out, &record)?;
        writeln!(out)?;
    }
    Ok(())
}

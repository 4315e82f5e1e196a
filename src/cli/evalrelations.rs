//! `eval relations`: the pipeline's person → organisation affiliations (roles naming an
//! organisation) against CoNLL04 Work_For and KBP37 employment relations (scoring rules in
//! `newsgraph_extract::eval::relations`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::anyhow;
use rayon::prelude::*;

use newsgraph_extract::document::{Document, Metadata};
use newsgraph_extract::eval::relations::{
    item_counts, match_pairs, parse, predicted_pairs, Agreement, Format, Item, PredPair,
};
use newsgraph_extract::ner::score::Counts;
use newsgraph_extract::Pipeline;

use super::{Cli, Exit};

/// What the pipeline made of one item.
struct Extracted {
    doc: Document,
    pairs: Vec<PredPair>,
    /// For each agreement, the gold pair each prediction is matched to.
    matches: [Vec<Option<usize>>; 2],
}

fn extract(
    item: &Item,
    format: Format,
    origin: &str,
    pipeline: &Pipeline,
) -> Result<Extracted, String> {
    let meta = Metadata {
        id: item.id.clone(),
        origin: format!("{origin}:{}", item.line),
        ..Default::default()
    };
    // the sentence is the article's body (no title, so it is not read as a headline)
    let mut doc = Document::new(meta, item.text.clone());
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.run(&mut doc))).map_err(
        |_| {
            format!(
                "{origin}, item {}: internal error while extracting {} (please report it)",
                item.line, item.id
            )
        },
    )?;
    let pairs = predicted_pairs(&doc, format);
    let matches = Agreement::ALL.map(|how| match_pairs(&doc, &pairs, &item.gold, how));
    Ok(Extracted {
        doc,
        pairs,
        matches,
    })
}

#[derive(serde::Serialize)]
struct Row {
    /// `exact`, `overlap`, `<file>` (exact) or `<file>_overlap`.
    #[serde(rename = "type")]
    name: String,
    agreement: &'static str,
    gold: usize,
    predicted: usize,
    matched: usize,
    precision: f64,
    recall: f64,
    f1: f64,
}

impl Row {
    fn new(name: String, how: Agreement, c: Counts) -> Row {
        Row {
            name,
            agreement: how.name(),
            gold: c.gold,
            predicted: c.predicted,
            matched: c.correct,
            precision: c.precision(),
            recall: c.recall(),
            f1: c.f1(),
        }
    }
}

#[derive(serde::Serialize)]
struct FileReport {
    file: String,
    /// The row name of the file's figures.
    name: String,
    format: &'static str,
    items: usize,
    skipped: usize,
    items_with_gold: usize,
    gold_pairs: usize,
    predicted: usize,
    /// Items without a gold pair where a pair was predicted, and the pairs predicted there.
    items_without_gold_with_predictions: usize,
    predictions_without_gold: usize,
    #[serde(skip)]
    counts: [Counts; 2],
}

/// Shaped for `scripts/floors.py`: `micro` (exact agreement over all files) and `types` (rows
/// by name: their F1).
#[derive(serde::Serialize)]
struct Report {
    gold: String,
    items: usize,
    skipped: usize,
    gold_pairs: usize,
    predicted: usize,
    predictions_without_gold: usize,
    files: Vec<FileReport>,
    micro: Row,
    types: Vec<Row>,
    seconds: f64,
}

/// A short row name for a file: its stem, prefixed with its folder's name unless the stem
/// already holds it (`conll04_dev`, `kbp37_dev`).
fn row_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match path
        .parent()
        .and_then(Path::file_name)
        .map(|d| d.to_string_lossy().into_owned())
    {
        Some(dir) if !dir.is_empty() && !stem.contains(&dir) => format!("{dir}_{stem}"),
        _ => stem,
    }
}

fn add(a: &mut Counts, b: Counts) {
    a.gold += b.gold;
    a.predicted += b.predicted;
    a.correct += b.correct;
}

pub fn eval(
    cli: &Cli,
    gold: &[PathBuf],
    json: bool,
    errors: Option<&Path>,
) -> anyhow::Result<Exit> {
    let t0 = Instant::now();
    let res = Arc::new(super::load_resources(cli)?);
    let model = super::load_model(cli, &res)?;
    let pipeline = Pipeline::with_model(res.clone(), Some(Arc::new(model)));
    super::check_output(errors)?;
    // `-`: stdout
    let mut listing = match errors {
        Some(path) => Some(super::open_output(Some(path))?),
        None => None,
    };
    let mut files = Vec::new();
    let mut total = [Counts::default(); 2];
    let (mut skipped, mut done) = (0, 0);
    for path in gold {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| anyhow!("{name}: {e}"))?;
        let (format, parsed) = parse(&text, &name)?;
        let mut file = FileReport {
            file: name.clone(),
            name: row_name(path),
            format: format.name(),
            items: parsed.len(),
            skipped: 0,
            items_with_gold: 0,
            gold_pairs: 0,
            predicted: 0,
            items_without_gold_with_predictions: 0,
            predictions_without_gold: 0,
            counts: [Counts::default(); 2],
        };
        let mut items = Vec::new();
        for r in parsed {
            match r {
                Ok(i) => items.push(i),
                Err(e) => {
                    eprintln!("error: {e} (item skipped)");
                    file.skipped += 1;
                }
            }
        }
        let results: Vec<Result<Extracted, String>> = items
            .par_iter()
            .map(|i| extract(i, format, &name, &pipeline))
            .collect();
        for (item, result) in items.iter().zip(results) {
            let x = match result {
                Ok(x) => x,
                Err(e) => {
                    eprintln!("error: {e} (item skipped)");
                    file.skipped += 1;
                    continue;
                }
            };
            for (k, m) in x.matches.iter().enumerate() {
                add(&mut file.counts[k], item_counts(m, item.gold.len()));
            }
            file.gold_pairs += item.gold.len();
            file.predicted += x.pairs.len();
            if item.gold.is_empty() {
                if !x.pairs.is_empty() {
                    file.items_without_gold_with_predictions += 1;
                    file.predictions_without_gold += x.pairs.len();
                }
            } else {
                file.items_with_gold += 1;
            }
            if let Some(out) = listing.as_mut() {
                write_mistakes(out, &name, item, &x)
                    .map_err(|e| anyhow!("{}: {e}", errors.unwrap_or(path).display()))?;
            }
        }
        skipped += file.skipped;
        done += file.items - file.skipped;
        for (t, c) in total.iter_mut().zip(file.counts) {
            add(t, c);
        }
        files.push(file);
    }
    if let Some(mut out) = listing {
        out.flush()?;
    }
    let mut types: Vec<Row> = Agreement::ALL
        .iter()
        .enumerate()
        .map(|(k, &how)| Row::new(how.name().to_string(), how, total[k]))
        .collect();
    for f in &files {
        for (k, &how) in Agreement::ALL.iter().enumerate() {
            let name = match how {
                Agreement::Exact => f.name.clone(),
                Agreement::Overlap => format!("{}_overlap", f.name),
            };
            types.push(Row::new(name, how, f.counts[k]));
        }
    }
    let report = Report {
        gold: files
            .iter()
            .map(|f| f.file.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        items: files.iter().map(|f| f.items).sum(),
        skipped,
        gold_pairs: files.iter().map(|f| f.gold_pairs).sum(),
        predicted: files.iter().map(|f| f.predicted).sum(),
        predictions_without_gold: files.iter().map(|f| f.predictions_without_gold).sum(),
        micro: Row::new("micro".into(), Agreement::Exact, total[0]),
        types,
        files,
        seconds: (t0.elapsed().as_secs_f64() * 100.0).round() / 100.0,
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report);
    }
    Ok(Exit::of_batch(skipped, done))
}

fn print_report(r: &Report) {
    for f in &r.files {
        println!(
            "{} ({}): {} items, {} skipped, {} with gold pairs ({} pairs); {} pairs predicted, {} \
             of them in {} items without gold",
            f.file,
            f.format,
            f.items,
            f.skipped,
            f.items_with_gold,
            f.gold_pairs,
            f.predicted,
            f.predictions_without_gold,
            f.items_without_gold_with_predictions
        );
    }
    println!(
        "{:<24} {:<9} {:>5} {:>9} {:>7} {:>9} {:>7} {:>7}",
        "row", "agreement", "gold", "predicted", "matched", "precision", "recall", "F1"
    );
    for t in &r.types {
        println!(
            "{:<24} {:<9} {:>5} {:>9} {:>7} {:>9.4} {:>7.4} {:>7.4}",
            t.name, t.agreement, t.gold, t.predicted, t.matched, t.precision, t.recall, t.f1
        );
    }
    println!(
        "agreement: exact = a mention of the person has the gold head's span and a mention of the \
         organisation the gold tail's (a leading \"the \" and a final \".\" trimmed); overlap = the mentions overlap \
         them. One to one. Precision counts every predicted pair, in items with gold or without \
         ({} pairs in items without gold). ({:.2} s)",
        r.predictions_without_gold, r.seconds
    );
}

#[derive(serde::Serialize)]
struct GoldRecord<'a> {
    person: &'a str,
    organization: &'a str,
    matched: bool,
}

#[derive(serde::Serialize)]
struct PredRecord<'a> {
    person: &'a str,
    organization: &'a str,
    /// The organisation entity's type (Organization, Company, Country, ...).
    organization_type: &'static str,
    titles: &'a [String],
    matched: bool,
}

/// One line of the `--errors` listing: an item with a gold pair missed or a pair predicted
/// that matches none (exact agreement).
#[derive(serde::Serialize)]
struct MistakeRecord<'a> {
    file: &'a str,
    item: usize,
    id: &'a str,
    misses: usize,
    false_positives: usize,
    text: &'a str,
    gold: Vec<GoldRecord<'a>>,
    predicted: Vec<PredRecord<'a>>,
    /// Every entity the pipeline found: `name (Type)`.
    entities: Vec<String>,
}

fn write_mistakes(
    out: &mut impl Write,
    file: &str,
    item: &Item,
    x: &Extracted,
) -> std::io::Result<()> {
    let exact = &x.matches[0];
    let matched_gold: Vec<bool> = (0..item.gold.len())
        .map(|g| exact.contains(&Some(g)))
        .collect();
    let misses = matched_gold.iter().filter(|m| !**m).count();
    let false_positives = exact.iter().filter(|m| m.is_none()).count();
    if misses == 0 && false_positives == 0 {
        return Ok(());
    }
    let slice = |s: newsgraph_extract::document::Span| &item.text[s.start..s.end];
    let line = MistakeRecord {
        file,
        item: item.line,
        id: &item.id,
        misses,
        false_positives,
        text: &item.text,
        gold: item
            .gold
            .iter()
            .zip(&matched_gold)
            .map(|(g, &matched)| GoldRecord {
                person: slice(g.person),
                organization: slice(g.organization),
                matched,
            })
            .collect(),
        predicted: x
            .pairs
            .iter()
            .zip(exact)
            .map(|(p, m)| PredRecord {
                person: &x.doc.entities[p.person].name,
                organization: &x.doc.entities[p.organization].name,
                organization_type: x.doc.entities[p.organization].etype.local_name(),
                titles: &p.titles,
                matched: m.is_some(),
            })
            .collect(),
        entities: x
            .doc
            .entities
            .iter()
            .map(|e| format!("{} ({})", e.name, e.etype.local_name()))
            .collect(),
    };
    serde_json::to_writer(&mut *out, &line)?;
    writeln!(out)
}

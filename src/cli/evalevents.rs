//! `eval events`: the pipeline's opposes / partnersWith relations against CAMEO-coded PETRARCH
//! validation records (scoring rules in `newsgraph_extract::eval::events`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{anyhow, Context};
use rayon::prelude::*;

use newsgraph_extract::document::{Document, Metadata, Predicate};
use newsgraph_extract::eval::events::{
    family, parse_records, predicted_actor, predictions, ActorDictionary, EventScores, Level,
    PredictedActor, Prediction, Record, RecordKind, RecordScore, FAMILIES,
};
use newsgraph_extract::ner::score::Counts;
use newsgraph_extract::{Pipeline, Resources};

use super::{Cli, Exit};

/// The actor dictionary read when `--actors` is not given, if it lies beside the gold file.
const DEFAULT_ACTORS: &str = "PETR.Validate.actors.txt";

/// What the pipeline made of one record.
struct Extracted {
    predictions: Vec<Prediction>,
    /// Every entity of the article with its codes, kept when mistakes are listed.
    entities: Vec<PredictedActor>,
}

fn extract(
    record: &Record,
    origin: &str,
    pipeline: &Pipeline,
    res: &Resources,
    dict: &ActorDictionary,
    keep_entities: bool,
) -> Result<Extracted, String> {
    let meta = Metadata {
        id: record.id.clone(),
        origin: format!("{origin}:{}", record.line),
        ..Default::default()
    };
    let mut doc = Document::new(meta, record.text.clone());
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.run(&mut doc))).map_err(
        |_| {
            format!(
                "{origin}:{}: internal error while extracting record {} (please report it)",
                record.line, record.id
            )
        },
    )?;
    let entities = if keep_entities {
        (0..doc.entities.len())
            .map(|e| predicted_actor(&doc, e, res, dict, record.date))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Extracted {
        predictions: predictions(&doc, res, dict, record.date),
        entities,
    })
}

/// The dictionary named by `--actors`, else the default one beside the gold file (if any).
fn actor_dictionary(
    gold: &Path,
    actors: Option<&Path>,
) -> anyhow::Result<(ActorDictionary, Option<PathBuf>)> {
    let path = match actors {
        Some(p) => p.to_path_buf(),
        None => match gold.parent().map(|d| d.join(DEFAULT_ACTORS)) {
            Some(p) if p.is_file() => p,
            _ => return Ok((ActorDictionary::default(), None)),
        },
    };
    let text = std::fs::read_to_string(&path).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let dict = ActorDictionary::parse(&text, &path.display().to_string())?;
    Ok((dict, Some(path)))
}

#[derive(serde::Serialize)]
struct Row {
    /// `family`, `family_source`, `family_source_target`, `strict` for both families;
    /// `opposes` / `partnersWith` (family + source + target) and `<family>_<level>` for one.
    #[serde(rename = "type")]
    name: String,
    family: &'static str,
    level: &'static str,
    gold: usize,
    predicted: usize,
    matched: usize,
    precision: f64,
    recall: f64,
    f1: f64,
}

impl Row {
    fn new(family: Option<Predicate>, level: Level, c: Counts) -> Row {
        let fam = family.map_or("all", |f| f.local_name());
        let name = match (family, level) {
            (None, l) => l.name().to_string(),
            (Some(f), Level::Full) => f.local_name().to_string(),
            (Some(f), l) => format!("{}_{}", f.local_name(), l.name()),
        };
        Row {
            name,
            family: fam,
            level: level.name(),
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
struct FalseAlarms {
    /// Records without a scored event where a positive relation was found.
    records: usize,
    relations: usize,
    /// Of those records, the ones that expect no event at all.
    records_without_events: usize,
}

/// Shaped for `scripts/floors.py`: `micro` (family + source + target over both families) and
/// `types` (rows by name: their F1).
#[derive(serde::Serialize)]
struct Report {
    gold: String,
    actors: Option<String>,
    actors_read: usize,
    gazetteer_entries_added: usize,
    records: usize,
    skipped: usize,
    without_text: usize,
    scored_records: usize,
    other_records: usize,
    no_event_records: usize,
    /// Expected events of the scored families in scored records, before repeats are merged.
    events: serde_json::Value,
    negated: usize,
    false_alarms: FalseAlarms,
    micro: Row,
    types: Vec<Row>,
    seconds: f64,
}

pub fn eval(
    cli: &Cli,
    gold: &Path,
    actors: Option<&Path>,
    json: bool,
    errors: Option<&Path>,
) -> anyhow::Result<Exit> {
    let t0 = Instant::now();
    let name = gold.display().to_string();
    let text = std::fs::read_to_string(gold).map_err(|e| anyhow!("{name}: {e}"))?;
    let parsed = parse_records(&text, &name)?;
    let (dict, actors_path) = actor_dictionary(gold, actors)?;
    if actors_path.is_none() && !cli.quiet {
        eprintln!(
            "note: no actor dictionary (--actors, or {DEFAULT_ACTORS} beside the gold file): \
             actors are coded by their gazetteer country only"
        );
    }
    let base = super::load_resources(cli)?;
    let entries = dict.gazetteer_entries(&base);
    let added = entries.len();
    let extra: Vec<&Path> = cli.gazetteer.iter().map(PathBuf::as_path).collect();
    let res = Arc::new(
        Resources::load_with(&extra, entries)
            .context("loading gazetteers and lexicons with the actor dictionary")?,
    );
    let model = super::load_model(cli, &res)?;
    let pipeline = Pipeline::with_model(res.clone(), Some(Arc::new(model)));

    let mut skipped = 0;
    let mut records: Vec<Record> = Vec::new();
    for r in parsed {
        match r {
            Ok(r) => records.push(r),
            Err(e) => {
                eprintln!("error: {e} (record skipped)");
                skipped += 1;
            }
        }
    }
    let without_text = records.iter().filter(|r| r.text.is_empty()).count();
    records.retain(|r| !r.text.is_empty());
    let results: Vec<Result<Extracted, String>> = records
        .par_iter()
        .map(|r| extract(r, &name, &pipeline, &res, &dict, errors.is_some()))
        .collect();
    super::check_output(errors)?;
    // `-`: stdout
    let mut listing = match errors {
        Some(path) => Some(super::open_output(Some(path))?),
        None => None,
    };
    let mut scores = EventScores::default();
    for (record, result) in records.iter().zip(results) {
        match result {
            Ok(x) => {
                let score = scores.add(record, &x.predictions);
                if let Some(out) = listing.as_mut() {
                    write_mistakes(out, record, &x, &score)
                        .map_err(|e| anyhow!("{}: {e}", errors.unwrap_or(gold).display()))?;
                }
            }
            Err(e) => {
                eprintln!("error: {e} (record skipped)");
                skipped += 1;
            }
        }
    }
    if let Some(mut out) = listing {
        out.flush()?;
    }
    let read = scores.scored_records + scores.other_records + scores.no_event_records;
    let mut types = Vec::new();
    for f in FAMILIES.map(Some).into_iter().chain([None]) {
        for level in Level::ALL {
            types.push(Row::new(f, level, scores.counts(level, f)));
        }
    }
    let report = Report {
        gold: name,
        actors: actors_path.map(|p| p.display().to_string()),
        actors_read: dict.actors.len(),
        gazetteer_entries_added: added,
        records: read + without_text,
        skipped,
        without_text,
        scored_records: scores.scored_records,
        other_records: scores.other_records,
        no_event_records: scores.no_event_records,
        events: serde_json::json!({
            "opposes": scores.events[0],
            "partnersWith": scores.events[1],
        }),
        negated: scores.negated,
        false_alarms: FalseAlarms {
            records: scores.false_alarm_records,
            relations: scores.false_alarm_relations,
            records_without_events: scores.false_alarm_no_event_records,
        },
        micro: Row::new(None, Level::Full, scores.counts(Level::Full, None)),
        types,
        seconds: (t0.elapsed().as_secs_f64() * 100.0).round() / 100.0,
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report);
    }
    Ok(Exit::of_batch(skipped, read))
}

fn print_report(r: &Report) {
    println!(
        "{}: {} records read, {} skipped; {} with an opposes / partnersWith event ({} opposes, {} \
         partnersWith events), {} with other events only, {} without events, {} without text; \
         actors: {} ({} actors, {} gazetteer entries added) ({:.2} s)",
        r.gold,
        r.records,
        r.skipped,
        r.scored_records,
        r.events["opposes"],
        r.events["partnersWith"],
        r.other_records,
        r.no_event_records,
        r.without_text,
        r.actors.as_deref().unwrap_or("none"),
        r.actors_read,
        r.gazetteer_entries_added,
        r.seconds
    );
    println!(
        "{:<13} {:<21} {:>5} {:>9} {:>7} {:>9} {:>7} {:>7}",
        "family", "agreement", "gold", "predicted", "matched", "precision", "recall", "F1"
    );
    for t in &r.types {
        println!(
            "{:<13} {:<21} {:>5} {:>9} {:>7} {:>9.4} {:>7.4} {:>7.4}",
            t.family, t.level, t.gold, t.predicted, t.matched, t.precision, t.recall, t.f1
        );
    }
    println!(
        "agreement: family = the relation's family (CAMEO roots 03-08 partnersWith, 11-20 \
         opposes); family_source = and its subject has the source's country code (first three \
         letters); family_source_target = and its object the target's (partnersWith either way \
         round); strict = the same with whole codes. Gold counts a repeated or mirrored event once."
    );
    println!(
        "false alarms: {} positive relations in {} of the {} records without a scored event ({} \
         of them expect no event at all); {} negated relations in scored records not counted",
        r.false_alarms.relations,
        r.false_alarms.records,
        r.other_records + r.no_event_records,
        r.false_alarms.records_without_events,
        r.negated
    );
}

/// One line of the `--errors` listing: a scored record with a disagreement at family + source +
/// target, or a record without a scored event where a relation was found.
#[derive(serde::Serialize)]
struct MistakeRecord<'a> {
    record: &'a str,
    line: usize,
    date: Option<u32>,
    /// `disagreement` or `false_alarm`.
    kind: &'static str,
    text: &'a str,
    expected: Vec<ExpectedRecord<'a>>,
    predicted: Vec<PredRecord<'a>>,
    /// Every entity the pipeline found, with its codes.
    entities: Vec<ActorRecord<'a>>,
}

#[derive(serde::Serialize)]
struct ExpectedRecord<'a> {
    source: &'a str,
    target: &'a str,
    event: &'a str,
    /// `opposes`, `partnersWith`, or null when the event's root is not scored.
    family: Option<&'static str>,
    /// The strictest agreement a prediction reached with it (null: none, or not scored).
    agreement: Option<&'static str>,
}

#[derive(serde::Serialize)]
struct ActorRecord<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    etype: &'static str,
    codes: &'a [String],
    countries: &'a [String],
}

impl<'a> From<&'a PredictedActor> for ActorRecord<'a> {
    fn from(a: &'a PredictedActor) -> Self {
        ActorRecord {
            name: &a.name,
            etype: a.etype.local_name(),
            codes: &a.codes,
            countries: &a.countries,
        }
    }
}

#[derive(serde::Serialize)]
struct PredRecord<'a> {
    subject: ActorRecord<'a>,
    predicate: &'static str,
    object: ActorRecord<'a>,
    cue: &'a str,
    event_class: &'static str,
    modality: &'static str,
    negated: bool,
    /// The strictest agreement it reached with a gold event (null: none, or negated).
    agreement: Option<&'static str>,
}

fn write_mistakes(
    out: &mut impl Write,
    record: &Record,
    x: &Extracted,
    score: &RecordScore,
) -> std::io::Result<()> {
    let kind = match score.kind {
        RecordKind::Scored if score.has_mistake(&x.predictions) => "disagreement",
        RecordKind::Scored => return Ok(()),
        _ if x.predictions.iter().any(|p| !p.negated) => "false_alarm",
        _ => return Ok(()),
    };
    let expected = record
        .events
        .iter()
        .enumerate()
        .map(|(i, ev)| ExpectedRecord {
            source: &ev.source,
            target: &ev.target,
            event: &ev.code,
            family: family(&ev.code).map(|f| f.local_name()),
            agreement: score
                .gold
                .iter()
                .position(|g| g.events.contains(&i))
                .and_then(|g| score.gold_level[g])
                .map(Level::name),
        })
        .collect();
    let predicted = x
        .predictions
        .iter()
        .zip(&score.pred_level)
        .map(|(p, level)| PredRecord {
            subject: (&p.subject).into(),
            predicate: p.family.local_name(),
            object: (&p.object).into(),
            cue: &p.cue,
            event_class: p.event_class,
            modality: p.modality.local_name(),
            negated: p.negated,
            agreement: level.map(Level::name),
        })
        .collect();
    let line = MistakeRecord {
        record: &record.id,
        line: record.line,
        date: record.date,
        kind,
        text: &record.text,
        expected,
        predicted,
        entities: x.entities.iter().map(ActorRecord::from).collect(),
    };
    serde_json::to_writer(&mut *out, &line)?;
    writeln!(out)
}

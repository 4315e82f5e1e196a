//! Throughput benchmark (not a test): extraction alone, extraction + RDF building, writing to an
//! on-disk store one transaction per article, and `ingest` as users run it (bulk loader and
//! transactions only, each against the extraction of the same run), over a directory of articles (default: ../shared/data/bbc-news,
//! or NEWSGRAPH_BENCH_DIR). Run with `cargo bench --bench throughput`; figures go to stdout.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use newsgraph_extract::input::{collect_files, read_path};
use newsgraph_extract::ner::NerModel;
use newsgraph_extract::{Document, Pipeline, Resources};
use newsgraph_graph::graph;
use newsgraph_graph::ingest::{ingest_with, IngestOptions};
use newsgraph_graph::store::GraphStore;
use rayon::prelude::*;

fn main() {
    let dir = std::env::var_os("NEWSGRAPH_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/bbc-news")
        });
    if !dir.exists() {
        eprintln!(
            "no benchmark corpus at {} (set NEWSGRAPH_BENCH_DIR)",
            dir.display()
        );
        std::process::exit(2);
    }
    let t = Instant::now();
    let res = Arc::new(Resources::builtin().expect("built-in data loads"));
    println!(
        "load gazetteers and lexicons: {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    let model = Arc::new(NerModel::builtin(&res).expect("built-in model loads"));
    println!(
        "load the NER model: {:.0} ms ({} features)",
        t.elapsed().as_secs_f64() * 1000.0,
        model.info.features
    );
    let pipeline = Pipeline::with_model(res.clone(), Some(model.clone()));
    let rules_only = Pipeline::with_model(res, None);

    let (files, _) = collect_files(std::slice::from_ref(&dir));
    let docs: Vec<Document> = files
        .iter()
        .flat_map(|f| read_path(f))
        .filter_map(Result::ok)
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let words: usize = docs.iter().map(|d| d.text.split_whitespace().count()).sum();
    println!(
        "corpus: {} articles, {:.2} MB, {} words ({})",
        docs.len(),
        bytes as f64 / 1e6,
        words,
        dir.display()
    );

    // extraction, one thread: best of three runs, and the annotated documents
    let time = |p: &Pipeline| {
        let mut best = f64::MAX;
        let mut annotated = Vec::new();
        for _ in 0..3 {
            let mut batch = docs.clone();
            let t = Instant::now();
            for d in &mut batch {
                p.run(d);
            }
            best = best.min(t.elapsed().as_secs_f64());
            annotated = batch;
        }
        (best, annotated)
    };
    let (best, annotated) = time(&pipeline);
    println!(
        "extract (1 thread, best of 3): {:.2} s = {:.0} articles/s, {:.0} words/s, {:.2} MB/s",
        best,
        docs.len() as f64 / best,
        words as f64 / best,
        bytes as f64 / 1e6 / best
    );
    // what each stage costs, one thread, best of three per stage
    let names = pipeline.stage_names();
    let mut per_stage = vec![f64::MAX; names.len()];
    for _ in 0..3 {
        let mut batch = docs.clone();
        let mut run = vec![0.0; names.len()];
        for d in &mut batch {
            let mut i = 0;
            pipeline.run_timed(d, |_, took| {
                run[i] += took.as_secs_f64();
                i += 1;
            });
        }
        for (b, r) in per_stage.iter_mut().zip(run) {
            *b = b.min(r);
        }
    }
    let total: f64 = per_stage.iter().sum();
    let stages: Vec<String> = names
        .iter()
        .zip(&per_stage)
        .map(|(n, t)| format!("{n} {:.0} ms ({:.1}%)", t * 1000.0, t / total * 100.0))
        .collect();
    println!("stages (1 thread, best of 3 each): {}", stages.join(", "));
    let late: f64 = names
        .iter()
        .zip(&per_stage)
        .filter(|(n, _)| matches!(**n, "quotes" | "relations"))
        .map(|(_, t)| t)
        .sum();
    println!(
        "quotes + relations: {:.0} ms, {:.1}% on top of the stages before them",
        late * 1000.0,
        late / (total - late) * 100.0
    );
    let (rules, _) = time(&rules_only);
    println!(
        "extract without the model (rules and gazetteers only): {:.2} s = {:.0} words/s; the model adds {:.0}%",
        rules,
        words as f64 / rules,
        (best / rules - 1.0) * 100.0
    );
    let mut batch = docs.clone();
    let t = Instant::now();
    batch.par_iter_mut().for_each(|d| pipeline.run(d));
    let par = t.elapsed().as_secs_f64();
    println!(
        "extract ({} threads, as `newsgraph extract` runs): {:.2} s = {:.0} articles/s, {:.0} words/s",
        rayon::current_num_threads(),
        par,
        docs.len() as f64 / par,
        words as f64 / par
    );
    let entities: usize = annotated.iter().map(|d| d.entities.len()).sum();
    let quotes: usize = annotated.iter().map(|d| d.quotes.len()).sum();
    let relations: usize = annotated.iter().map(|d| d.relations.len()).sum();
    println!("found: {entities} entities, {quotes} quotes, {relations} relations");

    let t = Instant::now();
    let graphs: Vec<_> = annotated
        .iter()
        .map(|d| graph::build(d, pipeline.fingerprint()))
        .collect();
    let quads: usize = graphs.iter().map(|g| g.facts.len() + g.meta.len()).sum();
    println!(
        "build RDF: {:.2} s for {} quads",
        t.elapsed().as_secs_f64(),
        quads
    );

    let store_dir = std::env::temp_dir().join(format!("newsgraph-bench-{}", std::process::id()));
    let store = GraphStore::open(&store_dir).expect("store opens");
    let t = Instant::now();
    for g in &graphs {
        store.write_article(g).expect("write");
    }
    store.flush().expect("flush");
    let w = t.elapsed().as_secs_f64();
    println!(
        "write to store (one transaction per article): {:.2} s = {:.0} articles/s",
        w,
        graphs.len() as f64 / w
    );
    let t = Instant::now();
    for g in &graphs {
        store.write_article(g).expect("write");
    }
    println!("re-ingest unchanged: {:.2} s", t.elapsed().as_secs_f64());
    let size = dir_size(&store_dir);
    println!(
        "store on disk: {:.1} MB, {} quads",
        size as f64 / 1e6,
        store.len().unwrap_or(0)
    );
    drop(store);
    let _ = std::fs::remove_dir_all(&store_dir);

    // `newsgraph ingest` as users run it (files read, extracted and written, extraction and
    // writing overlapped) into a new store: through the bulk loader (the default) and in
    // transactions only (`--commit-every 0`), against the two-thread extraction above
    for (what, bulk_quads) in [
        (
            "bulk loader, the default",
            newsgraph_graph::store::BULK_INGEST_QUADS,
        ),
        ("transactions only, --commit-every 0", 0),
    ] {
        let dir_of = |n: &str| {
            std::env::temp_dir().join(format!("newsgraph-bench-{n}-{}", std::process::id()))
        };
        let store_dir = dir_of(if bulk_quads > 0 { "bulk" } else { "tx" });
        let options = IngestOptions {
            bulk_quads,
            ..IngestOptions::default()
        };
        let run = || {
            let t = Instant::now();
            let s = ingest_with(
                &store_dir,
                &pipeline,
                std::slice::from_ref(&dir),
                &options,
                |_| {},
            )
            .expect("ingest");
            (s, t.elapsed().as_secs_f64())
        };
        let (s, w) = run();
        assert!(s.stopped.is_none() && s.failed == 0, "{s:?}");
        let (again, unchanged) = run();
        assert_eq!(again.articles_unchanged, s.articles_new);
        println!(
            "ingest ({what}): {w:.2} s = {:.0} articles/s, {:.1}x the extraction (2 threads) above; {} quads, store {:.1} MB; again, unchanged: {unchanged:.2} s",
            s.articles_new as f64 / w,
            w / par,
            s.quads_written,
            dir_size(&store_dir) as f64 / 1e6,
        );
        let _ = std::fs::remove_dir_all(&store_dir);
    }
}

/// Bytes of the files directly in `dir`.
fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|r| {
            r.filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

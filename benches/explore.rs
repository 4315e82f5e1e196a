//! Lookup and export benchmark (not a test): with a corpus ingested (default
//! ../shared/data/bbc-news, or NEWSGRAPH_BENCH_DIR; the store is built once in
//! NEWSGRAPH_BENCH_STORE or a temporary directory), times what a user waits for:
//! - `newsgraph entity NAME` for the 60 most mentioned entities' names, 20 prefixes and 20
//!   misspellings: median and 90th percentile, in-process (index + card) and as the CLI process;
//! - `newsgraph entities --type Official --limit 20`;
//! - an ego-graph export of depth 2 (DOT) around the most mentioned Official, Country and Company.
//!
//! Run with `cargo bench --bench explore`; figures go to stdout.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use newsgraph_extract::document::EntityType;
use newsgraph_graph::export::{load, write_dot, ExportFilter};
use newsgraph_graph::lookup::{card, NameIndex, Sort};
use newsgraph_graph::store::GraphStore;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn summary(name: &str, mut v: Vec<f64>) {
    v.sort_by(f64::total_cmp);
    let q = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    println!(
        "{name}: n={} median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        v.len(),
        q(0.5),
        q(0.9),
        q(1.0)
    );
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = std::env::var_os("NEWSGRAPH_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data/bbc-news"));
    if !corpus.exists() {
        eprintln!(
            "no benchmark corpus at {} (set NEWSGRAPH_BENCH_DIR)",
            corpus.display()
        );
        std::process::exit(2);
    }
    let tmp = tempfile::tempdir().expect("temporary directory");
    let store_dir = std::env::var_os("NEWSGRAPH_BENCH_STORE")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("db"));
    let bin = env!("CARGO_BIN_EXE_newsgraph");
    let t = Instant::now();
    let out = Command::new(bin)
        .arg("--store")
        .arg(&store_dir)
        .arg("-q")
        .arg("ingest")
        .arg(&corpus)
        .output()
        .expect("newsgraph runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!(
        "ingest (or check unchanged) {}: {:.1} s",
        corpus.display(),
        ms(t) / 1000.0
    );

    let store = GraphStore::open_read_only(&store_dir).expect("store opens");
    let t = Instant::now();
    let ix = NameIndex::build(&store).expect("index builds");
    println!(
        "build the name index: {:.0} ms ({} entities)",
        ms(t),
        ix.entries.len()
    );
    let t = Instant::now();
    let (ix2, rebuilt) = NameIndex::open(&store).expect("index opens");
    println!(
        "open the saved name index: {:.1} ms (rebuilt: {rebuilt}, {} entities)",
        ms(t),
        ix2.entries.len()
    );

    // queries: the most mentioned names, prefixes of them, misspellings of them
    let top = ix.list(&[], Sort::Mentions, 60);
    let mut queries: Vec<String> = top.iter().map(|e| e.label.clone()).collect();
    for e in top.iter().take(20) {
        let n = e.label.chars().count();
        queries.push(e.label.chars().take((n / 2).max(3)).collect());
    }
    for e in top.iter().filter(|e| e.label.chars().count() >= 6).take(20) {
        // swap two letters in the middle
        let mut c: Vec<char> = e.label.chars().collect();
        let m = c.len() / 2;
        c.swap(m - 1, m);
        queries.push(c.into_iter().collect());
    }

    let mut lib = Vec::new();
    for q in &queries {
        let t = Instant::now();
        let (ix, _) = NameIndex::open(&store).expect("index opens");
        let hits = ix.search(q, &[], 11);
        if let Some(h) = hits.first() {
            let c = card(&store, &h.entry.iri, 5).expect("card");
            std::hint::black_box(c);
        }
        lib.push(ms(t));
    }
    summary("entity NAME, in process (open index + search + card)", lib);

    let mut cli = Vec::new();
    for q in &queries {
        let t = Instant::now();
        let out = Command::new(bin)
            .arg("--store")
            .arg(&store_dir)
            .args(["entity", q])
            .output()
            .expect("newsgraph runs");
        cli.push(ms(t));
        assert!(matches!(out.status.code(), Some(0) | Some(1)));
    }
    summary("`newsgraph entity NAME` (whole process)", cli);

    let mut lists = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let out = Command::new(bin)
            .arg("--store")
            .arg(&store_dir)
            .args(["entities", "--type", "Official", "--limit", "20"])
            .output()
            .expect("newsgraph runs");
        assert!(out.status.success());
        lists.push(ms(t));
    }
    summary(
        "`newsgraph entities --type Official --limit 20` (whole process)",
        lists,
    );

    for ty in [
        EntityType::Official,
        EntityType::Country,
        EntityType::Company,
    ] {
        let Some(center) = ix
            .list(&[ty], Sort::Mentions, 1)
            .first()
            .map(|e| e.iri.clone())
        else {
            continue;
        };
        let label = ix.get(&center).map(|e| e.label.clone()).unwrap_or_default();
        let mut times = Vec::new();
        let mut size = (0, 0);
        for _ in 0..5 {
            let t = Instant::now();
            let f = ExportFilter {
                center: Some(oxigraph::model::NamedNode::new(center.clone()).expect("IRI")),
                depth: 2,
                ..ExportFilter::default()
            };
            let g = load(&store, &f).expect("export loads");
            let mut dot = Vec::new();
            write_dot(&g, &mut dot).expect("dot");
            size = (g.node_count(), g.edge_count());
            times.push(ms(t));
        }
        summary(
            &format!(
                "ego export depth 2 around {label} ({ty}; {} nodes, {} edges), in process",
                size.0, size.1
            ),
            times,
        );
        let mut times = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            let out = Command::new(bin)
                .arg("--store")
                .arg(&store_dir)
                .args([
                    "-q", "export", "--format", "dot", "--depth", "2", "--entity", &label,
                ])
                .output()
                .expect("newsgraph runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            times.push(ms(t));
        }
        summary(
            &format!("`newsgraph export --entity '{label}' --depth 2` (whole process)"),
            times,
        );
    }
}

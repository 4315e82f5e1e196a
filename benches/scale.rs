//! Scale curve (not a test): ingest a large corpus into one store, 1,000 articles per `ingest`
//! run, as a newsroom adds its days' news, and print after each run the time per 1,000 articles,
//! the store's size on disk and the run's peak RSS; at 1k, 2k, 5k, 10k, 20k, 50k and 100k
//! articles also the whole-process latency of `entity` and of a `query` (median of 5).
//!
//! The corpus comes from `scripts/synth_corpus.py` (BBC articles with their people and
//! organisations renamed per copy):
//!
//! ```text
//! scripts/synth_corpus.py --articles 100000 --out /var/tmp/synth ../shared/data/bbc-news
//! NEWSGRAPH_SCALE_DIR=/var/tmp/synth NEWSGRAPH_SCALE_ARTICLES=100000 \
//!     cargo bench --bench scale | tee scale.csv
//! scripts/plot_scale.py scale.csv docs/scale.svg
//! ```
//!
//! Output: CSV on stdout (one row per run), progress on stderr. The store is made in
//! NEWSGRAPH_SCALE_STORE (default: a temporary folder, removed at the end).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

mod common;

const CHUNK: usize = 1000;
const CHECKPOINTS: [usize; 7] = [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000];

fn dir_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_bytes(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// Median whole-process time of a command, in milliseconds (5 runs).
fn latency_ms(make: impl Fn() -> Command) -> f64 {
    let mut times: Vec<f64> = (0..5)
        .map(|_| {
            let started = Instant::now();
            let out = make().output().expect("newsgraph runs");
            assert!(
                out.status.success() || out.status.code() == Some(1),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[2]
}

fn main() {
    let Some(dir) = std::env::var_os("NEWSGRAPH_SCALE_DIR").map(PathBuf::from) else {
        eprintln!("set NEWSGRAPH_SCALE_DIR to a corpus made by scripts/synth_corpus.py");
        std::process::exit(2);
    };
    let wanted: usize = std::env::var("NEWSGRAPH_SCALE_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let mut files = common::txt_files_under(&dir);
    files.truncate(wanted);
    if files.is_empty() {
        eprintln!("no .txt articles under {}", dir.display());
        std::process::exit(2);
    }
    let temp = tempfile::tempdir().expect("a temporary folder");
    let store = std::env::var_os("NEWSGRAPH_SCALE_STORE")
        .map(PathBuf::from)
        .unwrap_or_else(|| temp.path().join("store"));
    let bin = env!("CARGO_BIN_EXE_newsgraph");
    let newsgraph = || {
        let mut c = Command::new(bin);
        c.env_remove("NEWSGRAPH_STORE").arg("--store").arg(&store);
        c
    };
    // one entity per kind that every copy names (places are not renamed) and one query whose
    // answer does not grow with the store
    let lookups = ["United States", "London", "Iraq"];
    let query = "SELECT ?a WHERE { ?a a ng:Article ; schema:headline ?h } LIMIT 10";

    println!("articles,seconds,seconds_per_1000,store_mb,bytes_per_article,peak_rss_mb,entity_ms,query_ms");
    let mut done = 0;
    for chunk in files.chunks(CHUNK) {
        let (secs, rss) = common::run_measured(
            newsgraph()
                .args(["--quiet", "ingest"])
                .args(chunk)
                .stdout(Stdio::null())
                .stderr(Stdio::inherit()),
        );
        done += chunk.len();
        let bytes = dir_bytes(&store);
        let (entity, query_ms) = if CHECKPOINTS.contains(&done) || done == files.len() {
            let e = lookups
                .iter()
                .map(|name| {
                    latency_ms(|| {
                        let mut c = newsgraph();
                        c.args(["entity", name]);
                        c
                    })
                })
                .sum::<f64>()
                / lookups.len() as f64;
            let q = latency_ms(|| {
                let mut c = newsgraph();
                c.args(["query", query]);
                c
            });
            (format!("{e:.1}"), format!("{q:.1}"))
        } else {
            (String::new(), String::new())
        };
        println!(
            "{done},{secs:.2},{:.2},{:.1},{},{rss:.1},{entity},{query_ms}",
            secs * CHUNK as f64 / chunk.len() as f64,
            bytes as f64 / 1e6,
            bytes / done as u64,
        );
        eprintln!(
            "{done} articles: {secs:.1} s for the last {}, store {:.0} MB, peak RSS {rss:.0} MB",
            chunk.len(),
            bytes as f64 / 1e6
        );
    }
}

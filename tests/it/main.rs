//! Integration tests: the `newsgraph` binary on the project's own samples and on malformed
//! inputs, the ontology and vocabulary module agreeing, and SHACL validation of the graph.

mod actors;
mod byline;
mod cli;
mod ecosystem;
mod entities;
mod evalevents;
mod evalquotes;
mod evalrelations;
mod export;
mod formats;
mod malformed;
mod ner;
mod parse;
mod reliability;
mod remote;
mod samples;
mod serve;
mod servers;
mod shacl;
mod vocab;
mod watch;
mod why;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn bin() -> Command {
    let mut c = Command::cargo_bin("newsgraph").expect("the newsgraph binary is built");
    c.env_remove("NEWSGRAPH_STORE");
    c
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn samples() -> PathBuf {
    repo().join("data/samples")
}

/// Assert that a command succeeded; its stderr is the failure message.
pub fn assert_ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Two sorted lists of lines are the same; else the failure names `what` and shows the first
/// lines each list holds alone.
pub fn assert_same_lines(a: &[String], b: &[String], what: &str) {
    let only = |x: &[String], y: &[String]| -> Vec<String> {
        x.iter()
            .filter(|l| y.binary_search(l).is_err())
            .take(5)
            .cloned()
            .collect()
    };
    assert!(a == b, "{what}: {:#?} / {:#?}", only(a, b), only(b, a));
}

/// The binary, pointed at a store.
pub fn at(store: &Path) -> Command {
    let mut c = bin();
    c.arg("--store").arg(store);
    c
}

/// `extract --format json` over paths: asserts success, returns one JSON value per article.
pub fn extract_json<P: AsRef<std::ffi::OsStr>>(paths: &[P]) -> Vec<serde_json::Value> {
    let out = bin()
        .args(["extract", "--format", "json"])
        .args(paths)
        .output()
        .unwrap();
    assert_ok(&out);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Ingest paths into a store; returns the process output.
pub fn ingest(store: &Path, paths: &[&Path]) -> std::process::Output {
    at(store)
        .arg("ingest")
        .args(paths)
        .output()
        .expect("newsgraph runs")
}

fn query_json(store: &Path, sparql: &str) -> serde_json::Value {
    let out = at(store)
        .args(["query", "--format", "json", sparql])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "query failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Run a SELECT query and return its rows as (variable -> value) maps.
pub fn select(store: &Path, sparql: &str) -> Vec<std::collections::HashMap<String, String>> {
    query_json(store, sparql)["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            b.as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v["value"].as_str().unwrap().to_string()))
                .collect()
        })
        .collect()
}

pub fn ask(store: &Path, sparql: &str) -> bool {
    query_json(store, sparql)["boolean"].as_bool().unwrap()
}

/// A store with all samples ingested, built once per test process.
pub fn sample_store() -> &'static Path {
    use std::sync::OnceLock;
    static STORE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &STORE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let db = dir.path().join("db");
            let out = ingest(&db, &[&samples()]);
            assert!(
                out.status.success(),
                "ingest of samples failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            (dir, db)
        })
        .1
}

/// The row named `name` in the `types` list of an `eval ... --json` report.
pub fn row<'a>(v: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    v["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["type"] == name)
        .unwrap_or_else(|| panic!("no row {name} in {v}"))
}

/// Is the JSON number `v` equal to `want` (up to rounding)?
pub fn close(v: &serde_json::Value, want: f64) -> bool {
    (v.as_f64().unwrap() - want).abs() < 1e-9
}

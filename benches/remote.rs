//! Remote stores (not a test): the BBC corpus ingested into the embedded store and, through
//! `--endpoint`, into a local Oxigraph server and into Virtuoso (both started here, over fresh
//! directories), with each run's wall time, articles per second and peak memory, and a re-run
//! of the unchanged corpus; then the remote stores are compared with the embedded one (`stats
//! --json`, the answers to four queries, and the exported entity graph) and the bench exits 1
//! on any difference. Run with `cargo bench --bench remote`. Corpus: the first
//! `NEWSGRAPH_REMOTE_ARTICLES` files (default: all) of ../shared/data/bbc-news (or
//! NEWSGRAPH_BENCH_DIR). A server whose package is absent is skipped with a message.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

mod common;
#[path = "../tests/it/servers.rs"]
mod servers;

fn newsgraph(store: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_newsgraph"));
    c.env_remove("NEWSGRAPH_STORE").arg("--store").arg(store);
    c
}

fn output(mut c: Command) -> String {
    let out = c.output().expect("newsgraph runs");
    assert!(
        out.status.success(),
        "{c:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What is compared between stores: `stats --json`, sorted CSV answers to the queries, the
/// sorted node and edge lines of the exported graph.
fn answers(mut base: impl FnMut() -> Command) -> Vec<String> {
    let queries = [
        "SELECT ?a ?b WHERE { ?x ng:opposes ?y . ?x skos:prefLabel ?a . ?y skos:prefLabel ?b }",
        "SELECT ?who (COUNT(?q) AS ?n) WHERE { ?q a ng:Quotation ; ng:speaker ?s . ?s skos:prefLabel ?who } GROUP BY ?who",
        "SELECT ?p ?o WHERE { ?m a org:Membership ; org:member ?x ; org:organization ?y . ?x skos:prefLabel ?p . ?y skos:prefLabel ?o }",
        "SELECT ?e (COUNT(?m) AS ?n) WHERE { GRAPH ?g { ?m a ng:Merge ; ng:entity ?x } ?x skos:prefLabel ?e } GROUP BY ?e",
    ];
    let mut out = vec![{
        let mut c = base();
        c.args(["stats", "--json"]);
        output(c)
    }];
    for q in queries {
        let mut c = base();
        c.args(["query", "--format", "csv", "--limit-rows", "0", q]);
        let mut rows: Vec<String> = output(c).lines().map(str::to_string).collect();
        rows.sort();
        out.push(rows.join("\n"));
    }
    let mut c = base();
    c.args(["export", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&output(c)).unwrap();
    for k in ["nodes", "edges"] {
        let mut items: Vec<String> = v[k]
            .as_array()
            .into_iter()
            .flatten()
            .map(|x| x.to_string())
            .collect();
        items.sort();
        out.push(items.join("\n"));
    }
    out
}

fn main() {
    let source = std::env::var_os("NEWSGRAPH_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/bbc-news")
        });
    let mut files = common::txt_files_under(&source);
    if let Some(n) = std::env::var("NEWSGRAPH_REMOTE_ARTICLES")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        files.truncate(n);
    }
    assert!(!files.is_empty(), "no articles under {}", source.display());
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for (i, f) in files.iter().enumerate() {
        std::fs::copy(f, corpus.join(format!("{i:05}.txt"))).unwrap();
    }
    let n = files.len() as f64;
    println!("{} articles from {}", files.len(), source.display());

    let started = Instant::now();
    let mut c = Command::new(env!("CARGO_BIN_EXE_newsgraph"));
    c.args(["extract", "--format", "json"])
        .arg(&corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    common::run_measured(&mut c);
    let extract = started.elapsed().as_secs_f64();
    println!("| store | ingest s | articles/s | peak RSS MB | re-run s | same answers |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| (extraction alone) | {extract:.1} | {:.0} | | | |",
        n / extract
    );

    let emb = dir.path().join("embedded");
    let mut c = newsgraph(&emb);
    c.arg("--quiet").arg("ingest").arg(&corpus);
    let (secs, rss) = common::run_measured(&mut c);
    let mut c = newsgraph(&emb);
    c.arg("--quiet").arg("ingest").arg(&corpus);
    let (again, _) = common::run_measured(&mut c);
    println!(
        "| embedded | {secs:.1} | {:.0} | {rss:.0} | {again:.2} | |",
        n / secs
    );
    let want = answers(|| newsgraph(&emb));

    let mut differ = false;
    type Start = fn(&Path) -> Option<servers::Server>;
    let servers: [(&str, Start); 2] = [
        ("Oxigraph server 0.5", |d| servers::oxigraph(d, None)),
        ("Virtuoso 7.2", servers::virtuoso),
    ];
    for (name, start) in servers {
        let sdir = dir.path().join(name.split(' ').next().unwrap());
        std::fs::create_dir_all(&sdir).unwrap();
        let Some(server) = start(&sdir) else {
            println!("| {name} | skipped (not installed) | | | | |");
            continue;
        };
        let state = sdir.join("state");
        let remote = || {
            let mut c = newsgraph(&state);
            c.args(["--endpoint", &server.endpoint]);
            c
        };
        let mut c = remote();
        c.arg("--quiet").arg("ingest").arg(&corpus);
        let (secs, rss) = common::run_measured(&mut c);
        let mut c = remote();
        c.arg("--quiet").arg("ingest").arg(&corpus);
        let (again, _) = common::run_measured(&mut c);
        let same = answers(remote) == want;
        differ |= !same;
        let state_mb = dir_mb(&state);
        println!(
            "| {name} | {secs:.1} | {:.0} | {rss:.0} | {again:.2} | {} (local state {state_mb:.0} MB) |",
            n / secs,
            if same { "yes" } else { "NO" }
        );
    }
    println!("embedded store {:.0} MB", dir_mb(&emb));
    if differ {
        eprintln!("a remote store answers differently from the embedded store");
        std::process::exit(1);
    }
}

/// Bytes under a directory, in MB.
fn dir_mb(dir: &Path) -> f64 {
    fn walk(p: &Path) -> u64 {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => std::fs::read_dir(p)
                .map(|rd| rd.flatten().map(|e| walk(&e.path())).sum())
                .unwrap_or(0),
            Ok(m) => m.len(),
            Err(_) => 0,
        }
    }
    walk(dir) as f64 / 1e6
}

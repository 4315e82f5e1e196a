//! Remote stores (issue 15 item 4), against two real servers started here: Oxigraph's server
//! (`oxigraph serve`, PyPI `oxigraph`) and Virtuoso Open Source 7 (`virtuoso-t`, Debian
//! `virtuoso-opensource`). Each test ingests the same corpus into the embedded store and,
//! through `--endpoint`, into the server, and checks that the two hold the same graph: the
//! same quads in every graph, the same `stats`, the same answers to queries, the same exported
//! graph; after a re-run, a changed article and a removal too; and that a server that goes
//! away stops `ingest` with the endpoint named and the local state as it was, and a run once it
//! is back completes the job. A server whose package is absent is skipped with a message
//! (`.ci/run` installs both).

use std::fs;
use std::path::{Path, PathBuf};

use crate::servers::{oxigraph, virtuoso, Server};
use crate::{assert_ok, at, samples};

/// The samples and articles that meet again across files (so that resolution merges), in a
/// folder of their own.
fn corpus(dir: &Path) -> PathBuf {
    let c = dir.join("corpus");
    fs::create_dir_all(&c).unwrap();
    for e in fs::read_dir(samples()).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().is_some_and(|n| n != "README.md") {
            fs::copy(&p, c.join(p.file_name().unwrap())).unwrap();
        }
    }
    let people = ["Anna Maria Berg", "Anna M. Berg", "Paul Smith", "Li Wei"];
    for i in 0..12 {
        fs::write(
            c.join(format!("extra{i:02}.txt")),
            format!(
                "Talks on trade, part {i}\n\nFrance criticised China over the steel deal, and Germany backed the European Commission (EC) on day {i}.\n\n\"We will not accept this,\" said {}, the French trade minister.\n\nThe EC said it would respond.\n",
                people[i % people.len()]
            ),
        )
        .unwrap();
    }
    c
}

fn run(c: &mut assert_cmd::Command) -> std::process::Output {
    c.output().expect("newsgraph runs")
}

fn remote(store: &Path, endpoint: &str) -> assert_cmd::Command {
    let mut c = at(store);
    c.args(["--endpoint", endpoint, "--remote-retries", "1"]);
    c
}

fn text(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Sorted N-Quads of newsgraph's graphs, without the revision stamp, with Virtuoso's `"1"` /
/// `"0"` booleans (its lexical forms of true and false) written as `true` / `false`.
fn dump(mut c: assert_cmd::Command) -> Vec<String> {
    let out = run(c.args(["export", "--format", "nquads"]));
    assert_ok(&out);
    let boolean = "^^<http://www.w3.org/2001/XMLSchema#boolean>";
    let mut lines: Vec<String> = text(&out)
        .lines()
        .filter(|l| !l.contains("#revision>"))
        .map(|l| {
            l.replace(&format!("\"1\"{boolean}"), &format!("\"true\"{boolean}"))
                .replace(&format!("\"0\"{boolean}"), &format!("\"false\"{boolean}"))
        })
        .collect();
    lines.sort();
    lines
}

/// Sorted CSV rows of a query.
fn rows(mut c: assert_cmd::Command, sparql: &str) -> Vec<String> {
    let out = run(c.args(["query", "--format", "csv", sparql]));
    assert_ok(&out);
    let t = text(&out);
    let mut lines: Vec<String> = t.lines().skip(1).map(str::to_string).collect();
    lines.sort();
    lines
}

/// What users ask of the graph: who opposes whom, who said what, who holds which role, which
/// entities merged across articles.
const QUERIES: [&str; 4] = [
    "SELECT ?a ?b WHERE { ?x ng:opposes ?y . ?x skos:prefLabel ?a . ?y skos:prefLabel ?b }",
    "SELECT ?who (COUNT(?q) AS ?n) WHERE { ?q a ng:Quotation ; ng:speaker ?s . ?s skos:prefLabel ?who } GROUP BY ?who",
    "SELECT ?p ?o WHERE { ?m a org:Membership ; org:member ?x ; org:organization ?y . ?x skos:prefLabel ?p . ?y skos:prefLabel ?o }",
    "SELECT ?e ?name WHERE { GRAPH ?g { ?m a ng:Merge ; ng:entity ?x ; ng:mergedName ?name } ?x skos:prefLabel ?e }",
];

/// The embedded store at `emb` and the server hold the same graph.
fn assert_same(emb: &Path, state: &Path, endpoint: &str) {
    let (a, b) = (dump(at(emb)), dump(remote(state, endpoint)));
    crate::assert_same_lines(
        &a,
        &b,
        "the embedded store (left) and the remote store (right) differ",
    );
    let stats = |mut c: assert_cmd::Command| {
        let out = run(c.args(["stats", "--json"]));
        assert_ok(&out);
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    assert_eq!(stats(at(emb)), stats(remote(state, endpoint)));
    for q in QUERIES {
        assert_eq!(rows(at(emb), q), rows(remote(state, endpoint), q), "{q}");
    }
    let graph = |mut c: assert_cmd::Command| {
        let out = run(c.args(["export", "--format", "json"]));
        assert_ok(&out);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut items: Vec<String> = ["nodes", "edges", "links"]
            .iter()
            .filter_map(|k| v[k].as_array())
            .flatten()
            .map(|x| x.to_string())
            .collect();
        items.sort();
        items
    };
    let g = graph(at(emb));
    assert!(g.len() > 20, "{}", g.len());
    assert_eq!(g, graph(remote(state, endpoint)));
}

/// The scenario both servers go through.
fn same_graph_as_the_embedded_store(mut server: Server, dir: &Path) {
    let endpoint = server.endpoint.clone();
    let corpus = corpus(dir);
    let (emb, state) = (dir.join("embedded"), dir.join("state"));
    assert_ok(&run(at(&emb).arg("ingest").arg(&corpus)));
    let out = run(remote(&state, &endpoint).arg("ingest").arg(&corpus));
    assert_ok(&out);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!("into {endpoint} (local state")),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_same(&emb, &state, &endpoint);

    // run again: nothing to write
    let out = run(remote(&state, &endpoint).arg("ingest").arg(&corpus));
    assert_ok(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains(" 0 new, 0 changed, "));

    // an article changed, another removed
    fs::write(
        corpus.join("extra03.txt"),
        "Talks on trade, part 3\n\nJapan condemned Russia over the missile test.\n",
    )
    .unwrap();
    for mut c in [at(&emb), remote(&state, &endpoint)] {
        assert_ok(&run(c.arg("ingest").arg(&corpus)));
    }
    let gone = corpus.join("extra05.txt");
    for mut c in [at(&emb), remote(&state, &endpoint)] {
        assert_ok(&run(c.arg("remove").arg(&gone)));
    }
    fs::remove_file(&gone).unwrap();
    assert_same(&emb, &state, &endpoint);

    // the server is killed in the middle of a run: ingest stops, names the endpoint, and keeps
    // what it committed; the same command, once the server is back, completes the job (taking
    // out any article whose change the server had only begun) and both stores agree again
    let many = dir.join("many");
    crate::reliability::write_articles(&many, 150);
    let articles = |endpoint: &str| -> usize {
        let out = run(remote(&state, endpoint).args(["stats", "--json"]));
        if !out.status.success() {
            return 0;
        }
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["articles"]
            .as_u64()
            .unwrap() as usize
    };
    let before = articles(&endpoint);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .env_remove("NEWSGRAPH_STORE")
        .arg("--store")
        .arg(&state)
        .args(["--endpoint", &endpoint, "--remote-retries", "1", "ingest"])
        .arg(&many)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // bounded: the run takes seconds; kill the server once it holds a few of the new articles
    for _ in 0..2000 {
        if articles(&endpoint) >= before + 5 || child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    server.stop();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "the run ended before the kill: {err}"
    );
    assert!(
        err.contains(&endpoint) && err.contains("cannot connect"),
        "{err}"
    );
    assert!(err.contains("stopped; committed before the error"), "{err}");
    server.launch();
    let out = run(remote(&state, &endpoint).arg("ingest").arg(&many));
    assert_ok(&out);
    let again = String::from_utf8_lossy(&out.stderr);
    assert!(!again.contains(" 0 new,"), "{again}");
    // what the kill interrupted, for the test's log (whether a change was half sent varies)
    eprintln!(
        "server killed once it held {} articles or more; re-run: {}",
        before + 5,
        again
            .lines()
            .filter(|l| l.contains("taken out") || l.contains("ingested"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    assert_ok(&run(at(&emb).arg("ingest").arg(&many)));
    assert_same(&emb, &state, &endpoint);

    // the local state is a store of its own: other writers and other endpoints are refused
    let out = run(at(&state).arg("ingest").arg(&corpus));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is the local state of the remote store"));
    let out = run(remote(&dir.join("other"), &endpoint)
        .arg("ingest")
        .arg(&corpus));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("already holds a newsgraph graph"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn oxigraph_server_holds_the_graph_the_embedded_store_holds() {
    let dir = tempfile::tempdir().unwrap();
    if let Some(s) = oxigraph(dir.path(), None) {
        same_graph_as_the_embedded_store(s, dir.path());
    }
}

/// The README's move from a laptop to a server: the laptop store's dump bulk-loaded into the
/// server, then the laptop store (now the server's local state) keeps ingesting into it.
#[test]
fn a_laptop_store_moves_to_a_server_and_ingest_goes_on_there() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let (laptop, emb) = (dir.path().join("laptop"), dir.path().join("embedded"));
    assert_ok(&run(at(&laptop).arg("ingest").arg(samples())));
    let dump = dir.path().join("graph.nq");
    assert_ok(&run(at(&laptop)
        .args(["export", "--format", "nquads", "-o"])
        .arg(&dump)));
    let Some(server) = oxigraph(dir.path(), Some(&dump)) else {
        return;
    };
    // the samples again (unchanged) and new articles
    let out = run(remote(&laptop, &server.endpoint)
        .arg("ingest")
        .arg(samples())
        .arg(&corpus));
    assert_ok(&out);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(" 14 new, 0 changed, 12 unchanged, 0 failed"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ok(&run(at(&emb).arg("ingest").arg(samples())));
    assert_ok(&run(at(&emb).arg("ingest").arg(&corpus)));
    assert_same(&emb, &laptop, &server.endpoint);
}

#[test]
fn virtuoso_holds_the_graph_the_embedded_store_holds() {
    let dir = tempfile::tempdir().unwrap();
    if let Some(s) = virtuoso(dir.path()) {
        same_graph_as_the_embedded_store(s, dir.path());
    }
}

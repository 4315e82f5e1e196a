//! Command-line behaviour: re-ingest is a no-op, a changed article replaces its graph, query
//! formats and errors, stats, extract's JSON Lines.

use std::fs;

use crate::{ask, at, bin, ingest, select};

const ARTICLE_V1: &str = "Title: Ministers meet\nDate: 2026-02-01\n\nMinisters meet in Oslo\n\nNorwegian Energy Minister Kari Nordby said Norway agreed to partner with Denmark on grid links.\n\n“We share one sea,” said Nordby.\n";
const ARTICLE_V2: &str = "Title: Ministers meet\nDate: 2026-02-01\n\nMinisters meet in Oslo\n\nNorwegian Energy Minister Kari Nordby said Norway agreed to partner with Sweden on grid links.\n\n“We share one sea,” said Nordby.\n";

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
fn reingest_is_a_noop_and_a_changed_article_replaces_its_graph() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("db");
    let article = dir.path().join("nordby.txt");
    fs::write(&article, ARTICLE_V1).unwrap();

    let first = ingest(&store, &[&article]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("1 new, 0 changed, 0 unchanged, 0 failed"),
        "{}",
        stderr(&first)
    );
    let partners = "SELECT ?n WHERE { ?a skos:prefLabel \"Norway\" ; ng:partnersWith ?b . ?b skos:prefLabel ?n }";
    assert_eq!(
        select(&store, partners)
            .iter()
            .map(|r| r["n"].clone())
            .collect::<Vec<_>>(),
        vec!["Denmark"]
    );
    let quads = |s: &std::path::Path| {
        select(s, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"].clone()
    };
    let before = quads(&store);

    let again = ingest(&store, &[&article]);
    assert!(
        stderr(&again).contains("0 new, 0 changed, 1 unchanged"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        quads(&store),
        before,
        "re-ingesting an unchanged article changed the store"
    );

    fs::write(&article, ARTICLE_V2).unwrap();
    let changed = ingest(&store, &[&article]);
    assert!(
        stderr(&changed).contains("0 new, 1 changed, 0 unchanged"),
        "{}",
        stderr(&changed)
    );
    assert_eq!(
        select(&store, partners)
            .iter()
            .map(|r| r["n"].clone())
            .collect::<Vec<_>>(),
        vec!["Sweden"]
    );
    assert!(!ask(
        &store,
        "ASK { ?a skos:prefLabel \"Norway\" ; ng:partnersWith ?b . ?b skos:prefLabel \"Denmark\" }"
    ));
    // an entity no article mentions any more leaves the entity graph
    assert!(!ask(&store, "ASK { ?e skos:prefLabel \"Denmark\" }"));
    assert!(ask(
        &store,
        "ASK { ?e a ng:Country ; skos:prefLabel \"Sweden\" }"
    ));
    // one article, one graph, one metadata record
    let articles = select(&store, "SELECT ?a WHERE { ?a a ng:Article }");
    assert_eq!(articles.len(), 1);
}

#[test]
fn query_formats_and_syntax_errors() {
    let store = crate::sample_store();
    for (fmt, needle) in [
        ("table", "name"),
        ("csv", "name\r\n"),
        ("tsv", "?name"),
        ("xml", "<sparql"),
        ("json", "\"bindings\""),
    ] {
        let out = at(store)
            .args([
                "query",
                "--format",
                fmt,
                "SELECT ?name WHERE { ?e a ng:Country ; skos:prefLabel ?name } ORDER BY ?name LIMIT 3",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{fmt}: {}", stderr(&out));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(needle) && text.contains("Australia"),
            "{fmt}: {text}"
        );
    }
    let out = at(store)
        .args([
            "query",
            "--format",
            "turtle",
            "CONSTRUCT { ?e a ng:Country } WHERE { ?e a ng:Country }",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("ng:Country"));
    let bad = at(store)
        .args(["query", "SELECT ?x WHERE { ?x ?y }"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let e = stderr(&bad);
    assert!(e.contains("syntax error") && e.contains("column"), "{e}");
    // the query can come from stdin
    let out = at(store)
        .args(["query", "--format", "csv"])
        .write_stdin("ASK { ?a a ng:Article }")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("true"));
}

#[test]
fn missing_store_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .arg("--store")
        .arg(dir.path().join("nothing"))
        .arg("stats")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no store here"), "{}", stderr(&out));
}

#[test]
fn stats_counts_what_was_ingested() {
    let store = crate::sample_store();
    let out = at(store).args(["stats", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["articles"], 7, "{v}");
    assert!(
        v["entities_by_type"]["Official"].as_u64().unwrap() >= 10,
        "{v}"
    );
    assert!(
        v["relations_by_predicate"]["opposes"].as_u64().unwrap() >= 3,
        "{v}"
    );
    assert!(v["quotes"].as_u64().unwrap() >= 15, "{v}");
}

#[test]
fn extract_prints_one_json_object_per_article_with_code_point_offsets() {
    let path = crate::samples().join("03_wire.jsonl");
    let lines = crate::extract_json(&[&path]);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "wire-001");
    // offsets are code points into the "text" field as read
    let input: Vec<serde_json::Value> = fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for (rec, art) in lines.iter().zip(&input) {
        for e in rec["entities"].as_array().unwrap() {
            assert!(e["id"].as_str().unwrap().starts_with("https://"));
        }
        assert_spans_match(rec, art["text"].as_str().unwrap());
    }
    let wire1 = &lines[0];
    let names: Vec<&str> = wire1["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    for n in ["Jürgen Weiß", "João Araújo", "São Paulo", "Brazil"] {
        assert!(names.contains(&n), "{n} not in {names:?}");
    }
    // turtle and nquads render the same article as RDF
    for fmt in ["turtle", "nquads"] {
        let out = bin()
            .args(["extract", "--format", fmt])
            .arg(crate::samples().join("01_semiconductor_pact.txt"))
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stdout)
                .contains("https://w3id.org/newsgraph/ontology#Quotation")
                || String::from_utf8_lossy(&out.stdout).contains("ng:Quotation"),
            "{fmt}"
        );
    }
}

#[test]
fn help_teaches_with_examples_and_exit_codes() {
    let out = bin().arg("--help").output().unwrap();
    let h = String::from_utf8_lossy(&out.stdout);
    assert!(h.contains("Examples:") && h.contains("Exit codes"), "{h}");
    for sub in ["ingest", "extract", "query", "stats"] {
        assert!(bin()
            .args([sub, "--help"])
            .output()
            .unwrap()
            .status
            .success());
    }
}

#[test]
fn stdin_and_query_files() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("db");
    let text = "Title: Wire\n\nWire\n\nBrazilian President Ana Costa said Brazil opposes the new tariffs.\n";
    let out = at(&store)
        .args(["ingest", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let q = dir.path().join("officials.rq");
    fs::write(
        &q,
        "SELECT ?n WHERE { ?p a ng:Official ; skos:prefLabel ?n }",
    )
    .unwrap();
    let out = at(&store)
        .args(["query", "--format", "csv", "--file"])
        .arg(&q)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Ana Costa"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // the same text on stdin again is the same article: unchanged
    let again = at(&store)
        .args(["ingest", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(stderr(&again).contains("1 unchanged"), "{}", stderr(&again));
}

#[test]
fn official_is_not_demoted_by_a_plain_mention_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    fs::write(
        &a,
        "Grid talks\n\nNorwegian Energy Minister Kari Nordby met Danish officials in Oslo.\n",
    )
    .unwrap();
    fs::write(
        &b,
        "Awards night\n\nKari Nordby attended the ceremony with friends.\n",
    )
    .unwrap();
    for (i, order) in [[&a, &b], [&b, &a]].iter().enumerate() {
        let store = dir.path().join(format!("db{i}"));
        assert!(ingest(&store, &[order[0], order[1]]).status.success());
        let types: Vec<String> = select(
            &store,
            "SELECT ?t WHERE { ?p skos:prefLabel \"Kari Nordby\" ; a ?t }",
        )
        .into_iter()
        .map(|r| r["t"].clone())
        .collect();
        assert_eq!(
            types,
            vec!["https://w3id.org/newsgraph/ontology#Official"],
            "order {i}"
        );
        let out = at(&store).args(["stats", "--json"]).output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let by_type: u64 = v["entities_by_type"]
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(
            v["entities"].as_u64().unwrap(),
            by_type,
            "one type per entity here: {v}"
        );
    }
}

#[test]
fn offsets_count_code_points_in_the_file_as_read() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("crlf.txt");
    let body = "\u{feff}Title: Zürich talks\r\nDate: 2026-01-05\r\n\r\nZürich talks\r\n\r\nSwiss President Anna Müller said Switzerland will partner with Austria.\r\n\r\n“We are good neighbours here,” said Müller.\r\n";
    fs::write(&f, body).unwrap();
    let rec = crate::extract_json(&[&f]).remove(0);
    let checked = assert_spans_match(&rec, body.trim_start_matches('\u{feff}'));
    assert!(checked >= 5, "{rec}");
    assert!(
        rec["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "Anna Müller" && e["type"] == "Official"),
        "{rec}"
    );
}

/// Every mention and quote span of an `extract` record, read as code points of `text`, gives the
/// record's own text for it. Returns how many spans were checked.
fn assert_spans_match(rec: &serde_json::Value, text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let span = |v: &serde_json::Value| {
        let (s, t) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[s..t].iter().collect::<String>(),
            v["text"].as_str().unwrap(),
            "{v}"
        );
    };
    let mut checked = 0;
    for e in rec["entities"].as_array().unwrap() {
        for m in e["mentions"].as_array().unwrap() {
            span(m);
            checked += 1;
        }
    }
    for q in rec["quotes"].as_array().unwrap() {
        // a quote in pieces: each piece is its text, and the quote's text joins them
        match q["parts"].as_array() {
            Some(parts) => {
                assert!(parts.len() > 1, "{q}");
                parts.iter().for_each(span);
                let joined: Vec<&str> = parts.iter().map(|p| p["text"].as_str().unwrap()).collect();
                assert_eq!(q["text"].as_str().unwrap(), joined.join(" … "), "{q}");
                let (s, e) = (q["start"].as_u64().unwrap(), q["end"].as_u64().unwrap());
                assert_eq!(parts[0]["start"].as_u64().unwrap(), s, "{q}");
                assert_eq!(parts[parts.len() - 1]["end"].as_u64().unwrap(), e, "{q}");
            }
            None => span(q),
        }
        checked += 1;
    }
    checked
}

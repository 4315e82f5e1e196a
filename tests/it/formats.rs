//! Every output read back by an independent reader, as users feed them: rdflib reads the SPARQL
//! results (CSV, TSV, JSON, XML) and the RDF dumps, Python's `csv` module the CSV, networkx
//! the node-link JSON; and the inputs users have: dates in the shapes feeds write them,
//! Markdown, names with letters that do not decompose. `scripts/test.sh` and `.ci/run` install
//! rdflib and networkx.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::{assert_ok, at, extract_json, ingest, sample_store, select};

/// Run a Python script with arguments; returns its stdout. A missing module fails with the
/// command that installs it.
fn python(script: &str, args: &[&Path]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("ModuleNotFoundError"),
        "a Python package is missing: run scripts/test.sh (it installs rdflib and networkx): {err}"
    );
    assert!(out.status.success(), "python failed: {err}");
    String::from_utf8(out.stdout).unwrap()
}

fn query(format: &str, sparql: &str) -> Vec<u8> {
    let out = at(sample_store())
        .args(["query", "--format", format, sparql])
        .output()
        .unwrap();
    assert_ok(&out);
    out.stdout
}

const MENTIONS: &str = "SELECT ?m ?text ?begin WHERE { ?m a nif:Phrase ; nif:anchorOf ?text ; nif:beginIndex ?begin } ORDER BY ?m LIMIT 60";

#[test]
fn select_results_in_every_w3c_format_read_the_same_in_rdflib_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for f in ["csv", "tsv", "json", "xml"] {
        let bytes = query(f, MENTIONS);
        assert!(bytes.ends_with(b"\n"), "{f} ends without a newline");
        let p = dir.path().join(format!("r.{f}"));
        std::fs::write(&p, &bytes).unwrap();
        files.push(p);
    }
    let csv = String::from_utf8(std::fs::read(&files[0]).unwrap()).unwrap();
    assert!(
        csv.contains("#char=") && csv.contains("\r\n\"https://"),
        "NIF IRIs with their comma are quoted: {csv}"
    );
    let script = r#"
import sys, csv, json, io
from rdflib.query import Result
rows = {}
for path, fmt in zip(sys.argv[1:], ['csv', 'tsv', 'json', 'xml']):
    r = Result.parse(open(path, 'rb'), format=fmt)
    rows[fmt] = [[str(b.get(v)) for v in r.vars] for b in r.bindings]
    rows[fmt + '_vars'] = [str(v) for v in r.vars]
with open(sys.argv[1], newline='') as f:
    table = list(csv.reader(f))
rows['csv_module'] = table
print(json.dumps(rows))
"#;
    let paths: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let v: Value = serde_json::from_str(&python(script, &paths)).unwrap();
    let json_rows = v["json"].as_array().unwrap();
    assert!(json_rows.len() > 20, "{v}");
    for f in ["csv", "tsv", "xml"] {
        assert_eq!(v[f], v["json"], "{f} and json differ");
        assert_eq!(v[format!("{f}_vars")], v["json_vars"], "{f}");
    }
    // Python's csv module: a header and one record per row, each with three fields
    let table = v["csv_module"].as_array().unwrap();
    assert_eq!(table[0], serde_json::json!(["m", "text", "begin"]));
    assert_eq!(table.len(), json_rows.len() + 1);
    assert!(table.iter().all(|r| r.as_array().unwrap().len() == 3));
    assert!(
        json_rows
            .iter()
            .any(|r| r[0].as_str().unwrap().contains("#char=")
                && r[0].as_str().unwrap().contains(','))
    );
}

#[test]
fn ask_results_are_newline_terminated_and_json_xml_read_in_rdflib() {
    let q = "ASK { ?x a ng:Country }";
    // rdflib's CSV and TSV readers know no boolean result (they take every document for a
    // table): CSV and TSV are one line, `true` or `false`
    assert_eq!(query("csv", q), b"true\r\n");
    assert_eq!(query("tsv", q), b"true\n");
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for f in ["json", "xml"] {
        let bytes = query(f, q);
        assert!(bytes.ends_with(b"\n"), "{f}");
        let p = dir.path().join(format!("a.{f}"));
        std::fs::write(&p, &bytes).unwrap();
        files.push(p);
    }
    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, query("csv", "ASK { ?x a ng:Nothing }")).unwrap();
    let script = r#"
import sys, csv
from rdflib.query import Result
print([Result.parse(open(p, 'rb'), format=f).askAnswer for p, f in zip(sys.argv[1:3], ['json', 'xml'])])
print(list(csv.reader(open(sys.argv[3], newline=''))))
"#;
    let out = python(script, &[&files[0], &files[1], &csv]);
    assert_eq!(out, "[True, True]\n[['false']]\n");
}

/// The dump, the number of quads rdflib reads from it, and the prefixes it declares.
fn rdflib_quads(path: &Path, format: &str) -> (usize, Vec<String>) {
    let script = format!(
        r#"
import sys, rdflib
ds = rdflib.Dataset()
ds.parse(sys.argv[1], format='{format}')
print(len(list(ds.quads((None, None, None, None)))))
"#
    );
    let n: usize = python(&script, &[path]).trim().parse().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let prefixes = if format == "trig" {
        text.lines()
            .filter_map(|l| l.strip_prefix("@prefix "))
            .map(|l| l.split(':').next().unwrap().to_string())
            .collect()
    } else {
        let v: Value = serde_json::from_str(&text).unwrap();
        v["@context"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    (n, prefixes)
}

#[test]
fn store_dumps_declare_our_prefixes_and_round_trip_in_rdflib() {
    let dir = tempfile::tempdir().unwrap();
    let nq = at(sample_store())
        .args(["export", "--format", "nquads"])
        .output()
        .unwrap();
    assert_ok(&nq);
    let quads = String::from_utf8_lossy(&nq.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    for (format, rdflib_format) in [("trig", "trig"), ("jsonld", "json-ld")] {
        let p = dir.path().join(format!("store.{format}"));
        let out = at(sample_store())
            .args(["export", "--format", format, "-o"])
            .arg(&p)
            .output()
            .unwrap();
        assert_ok(&out);
        let (n, prefixes) = rdflib_quads(&p, rdflib_format);
        assert_eq!(
            n, quads,
            "{format}: rdflib reads as many quads as the store holds"
        );
        for p in ["ng", "ent", "schema", "skos", "nif"] {
            assert!(
                prefixes.iter().any(|x| x == p),
                "{format}: no {p} prefix in {prefixes:?}"
            );
        }
    }
    // one article's JSON-LD too
    let p = dir.path().join("one.jsonld");
    let out = at(sample_store())
        .args([
            "export",
            "--format",
            "jsonld",
            "--article",
            "wire-001",
            "-o",
        ])
        .arg(&p)
        .output()
        .unwrap();
    assert_ok(&out);
    let (n, prefixes) = rdflib_quads(&p, "json-ld");
    assert!(
        n > 10 && prefixes.iter().any(|x| x == "ng"),
        "{n} {prefixes:?}"
    );
}

#[test]
fn node_link_json_is_read_by_networkx_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.json");
    let out = at(sample_store())
        .args(["export", "--format", "json", "-o"])
        .arg(&p)
        .output()
        .unwrap();
    assert_ok(&out);
    let v: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    let script = r#"
import sys, json
import networkx as nx
data = json.load(open(sys.argv[1]))
g = nx.node_link_graph(data)
opposes = sum(1 for _, _, d in g.edges(data=True) if d['relation'] == 'opposes')
print(g.number_of_nodes(), g.number_of_edges(), g.is_directed(), opposes)
"#;
    let got = python(script, &[&p]);
    let edges = v["edges"].as_array().unwrap();
    let opposes = edges.iter().filter(|e| e["relation"] == "opposes").count();
    assert!(opposes > 0);
    assert_eq!(
        got.trim(),
        format!(
            "{} {} True {opposes}",
            v["nodes"].as_array().unwrap().len(),
            edges.len()
        )
    );
}

#[test]
fn article_dates_in_many_shapes_are_one_datatype_and_filter_by_day() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for (i, date) in [
        "Tue, 3 Mar 2020 10:00:00 GMT",
        "March 4, 2020",
        "5 March 2020",
        "2020-03-06T23:30:00-05:00",
        "2020-02-20",
        "sometime last spring",
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(
            inputs.join(format!("a{i}.txt")),
            format!("Title: Story {i}\nDate: {date}\n\nFrance criticised Germany over the plan number {i}.\n"),
        )
        .unwrap();
    }
    let db = dir.path().join("db");
    let out = ingest(&db, &[&inputs]);
    assert_ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("sometime last spring") && stderr.contains("not understood"),
        "the unreadable date is reported: {stderr}"
    );
    let rows = select(
        &db,
        "SELECT ?h ?d WHERE { ?a schema:headline ?h ; schema:datePublished ?d \
         FILTER(?d >= \"2020-03-01\"^^xsd:date) } ORDER BY ?d",
    );
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["h"].as_str(), r["d"].as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Story 0", "2020-03-03"),
            ("Story 1", "2020-03-04"),
            ("Story 2", "2020-03-05"),
            ("Story 3", "2020-03-06"),
        ]
    );
    let types = select(
        &db,
        "SELECT DISTINCT ?t WHERE { ?a schema:datePublished ?d BIND(DATATYPE(?d) AS ?t) } ORDER BY ?t",
    );
    let types: Vec<&str> = types.iter().map(|r| r["t"].as_str()).collect();
    assert_eq!(
        types,
        vec![
            "http://www.w3.org/2001/XMLSchema#date",
            "http://www.w3.org/2001/XMLSchema#string"
        ]
    );
    // --since sees the RSS-style date
    let out = at(&db)
        .args([
            "export",
            "--format",
            "json",
            "--since",
            "2020-03-03",
            "--until",
            "2020-03-03",
        ])
        .output()
        .unwrap();
    assert_ok(&out);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["edges"].as_array().unwrap().len(), 1, "{v}");
}

#[test]
fn markdown_is_read_as_text_with_offsets_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("brussels.md");
    let src = "# EU weighs **new** sanctions\n\n**Brussels** — The [European Commission](https://commission.europa.eu/index_en) said on _Monday_ it would act.\n\n“We will not wait for **anyone**,” said [Ursula von der Leyen](https://example.org/uvdl), the commission's president.\n";
    std::fs::write(&p, src).unwrap();
    let docs = extract_json(&[&p]);
    let d = &docs[0];
    assert_eq!(d["title"], "EU weighs new sanctions");
    let chars: Vec<char> = src.chars().collect();
    let quotes = d["quotes"].as_array().unwrap();
    let q = quotes
        .iter()
        .find(|q| q["text"].as_str().unwrap().contains("We will not wait"))
        .unwrap_or_else(|| panic!("{d}"));
    let text = q["text"].as_str().unwrap();
    assert!(!text.contains("**") && !text.contains("]("), "{text}");
    let (s, e) = (
        q["start"].as_u64().unwrap() as usize,
        q["end"].as_u64().unwrap() as usize,
    );
    let in_file: String = chars[s..e].iter().collect();
    assert!(in_file.starts_with("We will not wait"), "{in_file:?}");
    assert_eq!(in_file.replace("**", "  "), text, "offsets index the file");
    // every entity mention is the file's text at its offsets, markup-free
    for ent in d["entities"].as_array().unwrap() {
        for m in ent["mentions"].as_array().unwrap() {
            let (s, e) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            let t = m["text"].as_str().unwrap();
            assert_eq!(chars[s..e].iter().collect::<String>(), t);
            assert!(!t.contains(['[', ']', '*', '(']), "{t}");
        }
    }
    let names: Vec<&str> = d["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"European Commission"), "{names:?}");
    assert!(names.contains(&"Ursula von der Leyen"), "{names:?}");
}

#[test]
fn names_with_letters_that_do_not_decompose_get_ascii_keys_and_iris() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("wind.txt");
    std::fs::write(
        &p,
        "Title: Wind deal\n\nDanish energy company Ørsted signed a supply agreement with Siemens on Tuesday.\n\n\
         “The turbines are ready,” said Jürgen Weiß, chief executive of the supplier.\n",
    )
    .unwrap();
    let d = &extract_json(&[&p])[0];
    let ids: Vec<&str> = d["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert!(ids.iter().any(|i| i.ends_with("/orsted")), "{ids:?}");
    assert!(ids.iter().any(|i| i.ends_with("/jurgen-weiss")), "{ids:?}");
    let db = dir.path().join("db");
    assert_ok(&ingest(&db, &[&p]));
    for (name, label) in [("orsted", "Ørsted"), ("jurgen weiss", "Jürgen Weiß")] {
        let out = at(&db).args(["entity", name, "--json"]).output().unwrap();
        assert_ok(&out);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let best = &v["matches"][0];
        assert_eq!(best["match"], "exact", "{v}");
        assert_eq!(v["cards"][0]["label"], label, "{v}");
    }
}

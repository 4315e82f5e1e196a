//! `newsgraph export` on the sample graph, checked by independent readers: Graphviz parses the
//! DOT (and renders SVG), serde_json the node-link JSON, and the RDF dumps are counted.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::{at, sample_store};

fn export(args: &[&str]) -> Vec<u8> {
    let out = at(sample_store())
        .arg("export")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "export {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Graphviz's own parser: `dot -Tcanon` exits 0 only for valid DOT.
fn graphviz(dot: &[u8], format: &str) -> Vec<u8> {
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Graphviz `dot` is installed (apt-get install graphviz; .ci/run does)");
    child.stdin.take().unwrap().write_all(dot).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "dot -T{format} rejected the DOT: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn dot_of_the_sample_graph_is_valid_graphviz_with_styled_nodes_and_a_legend() {
    let dot = export(&["--format", "dot"]);
    let text = String::from_utf8_lossy(&dot);
    assert!(text.starts_with("digraph"), "{text}");
    assert!(text.contains("cluster_legend"), "a legend: {text}");
    assert!(
        text.contains("opposes") && text.contains("partnersWith"),
        "{text}"
    );
    let canon = graphviz(&dot, "canon");
    assert!(!canon.is_empty());
    let svg = String::from_utf8_lossy(&graphviz(&dot, "svg")).to_string();
    assert!(svg.contains("<svg"), "{svg}");
    // the same through newsgraph's own svg output
    let svg2 = String::from_utf8_lossy(&export(&["--format", "svg"])).to_string();
    assert!(svg2.contains("<svg") && svg2.contains("</svg>"));
}

#[test]
fn json_node_link_is_consistent_and_filters_narrow_it() {
    let all: Value = serde_json::from_slice(&export(&["--format", "json"])).unwrap();
    let nodes = all["nodes"].as_array().unwrap();
    let links = all["edges"].as_array().unwrap();
    assert!(!nodes.is_empty() && !links.is_empty());
    let ids: Vec<&str> = nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    for l in links {
        assert!(ids.contains(&l["source"].as_str().unwrap()), "{l}");
        assert!(ids.contains(&l["target"].as_str().unwrap()), "{l}");
        assert!(l["weight"].as_u64().unwrap() >= 1);
    }
    // only opposes edges
    let opp: Value =
        serde_json::from_slice(&export(&["--format", "json", "--relation", "opposes"])).unwrap();
    let opp_links = opp["edges"].as_array().unwrap();
    assert!(!opp_links.is_empty());
    assert!(opp_links.iter().all(|l| l["relation"] == "opposes"));
    assert!(opp_links.len() < links.len());
    // an ego graph around China: China is in it, and it is smaller than the whole
    let ego: Value = serde_json::from_slice(&export(&[
        "--format", "json", "--entity", "China", "--depth", "1",
    ]))
    .unwrap();
    let ego_nodes = ego["nodes"].as_array().unwrap();
    assert!(ego_nodes.iter().any(|n| n["label"] == "China"), "{ego}");
    assert!(ego_nodes.len() < nodes.len());
    // a weight nobody reaches leaves nothing
    let none: Value =
        serde_json::from_slice(&export(&["--format", "json", "--min-weight", "1000"])).unwrap();
    assert!(none["edges"].as_array().unwrap().is_empty());
    // types: only countries
    let countries: Value =
        serde_json::from_slice(&export(&["--format", "json", "--type", "Country"])).unwrap();
    assert!(countries["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["type"] == "Country"));
}

#[test]
fn graphml_and_rdf_dumps() {
    let gml = String::from_utf8_lossy(&export(&["--format", "graphml"])).to_string();
    assert!(gml.contains("<graphml") && gml.trim_end().ends_with("</graphml>"));
    let nq = String::from_utf8_lossy(&export(&["--format", "nquads"])).to_string();
    let all_quads = nq.lines().filter(|l| !l.trim().is_empty()).count();
    assert!(all_quads > 1000, "{all_quads}");
    // one article: its graph, metadata and entities only
    let one = String::from_utf8_lossy(&export(&["--format", "nquads", "--article", "wire-001"]))
        .to_string();
    let n = one.lines().filter(|l| !l.trim().is_empty()).count();
    assert!(n > 10 && n < all_quads, "{n} of {all_quads}");
    let ttl = String::from_utf8_lossy(&export(&["--format", "turtle"])).to_string();
    assert!(ttl.contains("@prefix") || ttl.contains("PREFIX"));
}

#[test]
fn unknown_entity_and_missing_article_are_clear_errors() {
    let out = at(sample_store())
        .args(["export", "--entity", "Qwxyzzy Nonesuch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no entity matches"));
    let out = at(sample_store())
        .args([
            "export",
            "--format",
            "nquads",
            "--article",
            "no-such-article",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-article"));
}

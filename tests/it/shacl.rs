//! The graph built from the samples conforms to `ontology/shapes.ttl`, checked by an independent
//! validator (pyshacl; `scripts/test.sh` and `.ci/run` install it).

use std::process::Command;

/// Assert that the whole graph in `store` conforms to the shapes (pyshacl over its N-Triples).
pub fn assert_store_conforms(store: &std::path::Path) {
    let out = crate::at(store)
        .args([
            "query",
            "--format",
            "ntriples",
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.len() > 1_000, "the graph is suspiciously small");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("graph.nt");
    std::fs::write(&data, &out.stdout).unwrap();
    let shapes = crate::repo().join("ontology/shapes.ttl");
    let r = Command::new("python3")
        .args(["-m", "pyshacl", "-s"])
        .arg(&shapes)
        .args(["-df", "nt", "-sf", "turtle"])
        .arg(&data)
        .output()
        .expect("python3 runs");
    let report = String::from_utf8_lossy(&r.stdout);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        !err.contains("No module named pyshacl"),
        "pyshacl is not installed: run `pip install pyshacl` (scripts/test.sh does)"
    );
    assert!(
        r.status.success(),
        "the graph does not conform:\n{}\n{}",
        &report[..report.len().min(6000)],
        err
    );
    assert!(report.contains("Conforms: True"), "{report}");
}

#[test]
fn sample_graph_conforms_to_the_shapes() {
    assert_store_conforms(crate::sample_store());
}

#[test]
fn shapes_catch_a_broken_graph() {
    // the validator and the shapes really check: a quotation without text must fail
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("bad.ttl");
    std::fs::write(
        &data,
        "@prefix ng: <https://w3id.org/newsgraph/ontology#> .\n<https://w3id.org/newsgraph/article/x#quote-1> a ng:Quotation ; ng:kind ng:Direct .\n\
         <https://w3id.org/newsgraph/entity/org/acme> a ng:Company ; ng:opposes <https://w3id.org/newsgraph/entity/org/acme> .\n",
    )
    .unwrap();
    let shapes = crate::repo().join("ontology/shapes.ttl");
    let r = Command::new("python3")
        .args(["-m", "pyshacl", "-s"])
        .arg(&shapes)
        .arg(&data)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&r.stdout);
    assert!(
        !r.status.success() && report.contains("Conforms: False"),
        "{report}"
    );
    assert!(
        report.contains("never opposes"),
        "the self-edge rule fired: {report}"
    );
}

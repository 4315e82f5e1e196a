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

/// Run pyshacl over a Turtle file with the project's shapes: (conforms, report).
fn validate_ttl(ttl: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("g.ttl");
    std::fs::write(&data, ttl).unwrap();
    let r = Command::new("python3")
        .args(["-m", "pyshacl", "-s"])
        .arg(crate::repo().join("ontology/shapes.ttl"))
        .arg(&data)
        .output()
        .expect("python3 runs");
    let report = String::from_utf8_lossy(&r.stdout).to_string();
    (
        r.status.success() && report.contains("Conforms: True"),
        report,
    )
}

#[test]
fn shapes_hold_the_skos_label_rules() {
    let head = "@prefix ng: <https://w3id.org/newsgraph/ontology#> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix org: <http://www.w3.org/ns/org#> .\n";
    let ok = format!("{head}<https://w3id.org/newsgraph/entity/org/fma> a ng:Agency ; skos:prefLabel \"FMA\" ; skos:altLabel \"Frostbyte Monitoring Authority\" .\n<https://w3id.org/newsgraph/role/ceo> a org:Role ; skos:prefLabel \"ceo\" .\n");
    let (conforms, report) = validate_ttl(&ok);
    assert!(conforms, "{report}");
    for bad in [
        // the same literal as preferred and alternative label
        "<https://w3id.org/newsgraph/entity/org/fma> a ng:Agency ; skos:prefLabel \"FMA\" ; skos:altLabel \"FMA\" .",
        // a role with two preferred labels
        "<https://w3id.org/newsgraph/role/svp> a org:Role ; skos:prefLabel \"senior vice president\", \"senior vice-president\" .",
        // two preferred labels in one language
        "<https://w3id.org/newsgraph/role/svp> a org:Role ; skos:prefLabel \"a\"@en, \"b\"@en .",
    ] {
        let (conforms, report) = validate_ttl(&format!("{head}{bad}\n"));
        assert!(!conforms, "{bad}: {report}");
        assert!(report.contains("SKOS"), "{report}");
    }
}

#[test]
fn labels_stay_skos_across_articles_that_name_an_entity_and_a_role_otherwise() {
    // the first article knows the authority by its acronym alone, the second defines it (the
    // acronym joins the stored entity and comes back as an alias); the role's title is written
    // two ways
    let dir = tempfile::tempdir().unwrap();
    let (a1, a2) = (dir.path().join("a1.txt"), dir.path().join("a2.txt"));
    std::fs::write(&a1, "Title: One\n\nThe FMA said on Monday it had opened an inquiry into the Dutch bank ING.\n\nMaria Lopez, senior vice president of Zentrix Systems, said the firm would cooperate.\n").unwrap();
    std::fs::write(&a2, "Title: Two\n\nThe Frostbyte Monitoring Authority (FMA) said on Friday it had fined ING.\n\nMaria Lopez, senior vice-president of Zentrix Systems, said the company would appeal.\n").unwrap();
    let db = dir.path().join("db");
    crate::assert_ok(&crate::ingest(&db, &[&a1]));
    crate::assert_ok(&crate::ingest(&db, &[&a2]));
    let labels = crate::select(
        &db,
        "SELECT ?p ?l WHERE { ?e skos:prefLabel \"FMA\" ; ?p ?l FILTER(?p IN (skos:prefLabel, skos:altLabel)) } ORDER BY ?p ?l",
    );
    let labels: Vec<(String, String)> = labels
        .iter()
        .map(|r| {
            (
                r["p"].rsplit('#').next().unwrap().to_string(),
                r["l"].clone(),
            )
        })
        .collect();
    assert_eq!(
        labels,
        vec![
            (
                "altLabel".to_string(),
                "Frostbyte Monitoring Authority".to_string()
            ),
            ("prefLabel".to_string(), "FMA".to_string())
        ]
    );
    let roles = crate::select(
        &db,
        "SELECT DISTINCT ?l WHERE { ?m org:role ?r . ?r skos:prefLabel ?l }",
    );
    assert_eq!(roles.len(), 1, "{roles:?}");
    assert_eq!(roles[0]["l"], "senior vice president");
    assert_store_conforms(&db);
}

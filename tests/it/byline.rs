//! Bylines on purpose-written articles: the author and the outlet become entities the article is
//! `ng:writtenBy` / `ng:writtenFor`, the byline line is neither a quotation nor a relation, a
//! sentence starting with "By" is no byline, and the graph still conforms to the shapes.

use std::path::{Path, PathBuf};

use crate::{ask, assert_ok, extract_json, ingest, select};

const WIRE: &str = "Harbour strike ends in São Paulo after talks\n\n\
By Maren Holt, Reuters\n\n\
Dock workers returned to work on Tuesday after the union signed a wage agreement with the \
port authority. \"We have what we asked for,\" said union leader Piotr Zalewski.\n\n\
Chile criticised Peru over the delays, officials said.\n";

const PROFILE: &str = "Ferries resume after the storm\n\n\
The ferries between the islands resumed on Monday, the operator said.\n\n\
Written by Nick Ferrante\n\n\
Nicholas A. Ferrante is a transport reporter for the Financial Times. Nick grew up on the coast.\n";

const WITH_AUTHOR: &str = "Author: Ines Kowalczyk\n\n\
Council approves budget\n\n\
The council approved its budget on Monday. Ines Kowalczyk followed the vote.\n\n\
By Ines Kowalczyk\n";

const SPORT: &str = "Late goal settles the derby\n\n\
By the end of the match the home side had scored twice.\n\n\
The visitors never recovered, the coach said.\n";

fn articles(dir: &Path) -> Vec<PathBuf> {
    [
        ("wire.txt", WIRE),
        ("profile.txt", PROFILE),
        ("with-author.txt", WITH_AUTHOR),
        ("sport.txt", SPORT),
    ]
    .iter()
    .map(|(name, text)| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    })
    .collect()
}

fn author_of(store: &Path, headline: &str) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = select(
        store,
        &format!(
            "SELECT ?name ?label WHERE {{ ?a schema:headline {headline:?} . \
             OPTIONAL {{ ?a schema:author ?n OPTIONAL {{ ?n skos:prefLabel ?l }} BIND(COALESCE(?l, ?n) AS ?name) }} \
             OPTIONAL {{ ?a ng:writtenBy ?p . ?p skos:prefLabel ?label }} }}"
        ),
    )
    .into_iter()
    .map(|r| {
        (
            r.get("name").cloned().unwrap_or_default(),
            r.get("label").cloned().unwrap_or_default(),
        )
    })
    .collect();
    rows.sort();
    rows
}

#[test]
fn bylines_name_the_author_and_the_outlet() {
    let dir = tempfile::tempdir().unwrap();
    let paths = articles(dir.path());
    let store = dir.path().join("db");
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    assert_ok(&ingest(&store, &refs));

    // "By Maren Holt, Reuters": author text and entity, outlet text and entity, the line as evidence
    let h = "Harbour strike ends in São Paulo after talks";
    assert_eq!(
        author_of(&store, h),
        vec![("Maren Holt".to_string(), "Maren Holt".to_string())]
    );
    assert!(ask(
        &store,
        &format!(
            "ASK {{ ?a schema:headline {h:?} ; schema:publisher ?o ; schema:author ?p ; \
             ng:writtenFor ?o ; ng:writtenBy ?p ; ng:byline ?b . ?o a ng:MediaOutlet ; skos:prefLabel \"Reuters\" . \
             ?b nif:anchorOf \"By Maren Holt, Reuters\" ; nif:beginIndex ?s }}"
        )
    ));
    // the byline line is no quotation and no relation
    assert!(!ask(
        &store,
        "ASK { ?q a ng:Quotation ; ng:speaker ?p . ?p skos:prefLabel \"Maren Holt\" }"
    ));
    assert!(!ask(
        &store,
        "ASK { ?r a ng:RelationAssertion ; rdf:subject|rdf:object ?p . ?p skos:prefLabel \"Maren Holt\" }"
    ));
    // the rest of the article is read as before
    assert!(ask(
        &store,
        "ASK { ?c skos:prefLabel \"Chile\" ; ng:opposes ?p . ?p skos:prefLabel \"Peru\" }"
    ));

    // "Written by Nick Ferrante" and the bio of "Nicholas A. Ferrante": one person, and
    // schema:author is that entity (the byline's text stays in ng:byline)
    assert_eq!(
        author_of(&store, "Ferries resume after the storm"),
        vec![(
            "Nicholas A. Ferrante".to_string(),
            "Nicholas A. Ferrante".to_string()
        )]
    );
    assert!(ask(
        &store,
        "ASK { ?p skos:prefLabel \"Nicholas A. Ferrante\" ; skos:altLabel \"Nick Ferrante\" . \
         ?m org:member ?p ; org:organization ?o . ?o skos:prefLabel \"Financial Times\" }"
    ));

    // metadata keeps its author text; the byline links the person
    assert_eq!(
        author_of(&store, "Council approves budget"),
        vec![("Ines Kowalczyk".to_string(), "Ines Kowalczyk".to_string())]
    );

    // "By the end of the match" is a sentence
    assert_eq!(
        author_of(&store, "Late goal settles the derby"),
        vec![(String::new(), String::new())]
    );

    // the whole graph still conforms to the shapes
    crate::shacl::assert_store_conforms(&store);
}

#[test]
fn extract_json_carries_the_byline() {
    let dir = tempfile::tempdir().unwrap();
    let paths = articles(dir.path());
    let recs = extract_json(&paths);
    let wire = &recs[0];
    assert_eq!(wire["author"], "Maren Holt");
    assert_eq!(wire["source"], "Reuters");
    assert_eq!(wire["authors"].as_array().unwrap().len(), 1);
    assert!(wire["outlet"].as_str().is_some());
    // offsets in code points: the headline's "ã" comes before the byline
    let b = &wire["byline"];
    let chars: Vec<char> = WIRE.chars().collect();
    let (s, e) = (
        b["start"].as_u64().unwrap() as usize,
        b["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        chars[s..e].iter().collect::<String>(),
        "By Maren Holt, Reuters"
    );
    assert_eq!(b["text"], "By Maren Holt, Reuters");
    let sport = &recs[3];
    assert!(sport["author"].is_null() && sport["byline"].is_null());
    assert!(sport["authors"].as_array().unwrap().is_empty());
}

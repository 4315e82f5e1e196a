//! Actors from the Phoenix dictionaries, through the store: an office holder is an Official on
//! the dates of his office and a former official after it (his office kept as a dated
//! membership), an armed group has a type of its own, sector codes are kept on the entity.

use std::path::Path;

fn write(dir: &Path, name: &str, date: &str, body: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, format!("Title: {name}\nDate: {date}\n\n{body}\n")).unwrap();
    p
}

/// The article graph of the article whose headline is `title`.
fn graph_of(db: &Path, title: &str) -> String {
    let rows = crate::select(
        db,
        &format!("SELECT ?g WHERE {{ ?a schema:headline \"{title}\" ; ng:graph ?g }}"),
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    rows[0]["g"].clone()
}

#[test]
fn a_president_quoted_in_office_is_an_official_and_a_former_one_a_person_with_a_dated_office() {
    let dir = tempfile::tempdir().unwrap();
    let a2012 = write(
        dir.path(),
        "talks-2012",
        "2012-06-01",
        "Barack Obama said on Tuesday that the talks with Iran would go on.",
    );
    let a2020 = write(
        dir.path(),
        "memoir-2020",
        "2020-03-03",
        "Barack Obama said on Tuesday that his memoir would be out in the autumn.",
    );
    let db = dir.path().join("db");
    crate::assert_ok(&crate::ingest(&db, &[&a2012, &a2020]));

    // 2012: in office, an Official with the US government's CAMEO code and sector
    let g = graph_of(&db, "talks-2012");
    let rows = crate::select(
        &db,
        &format!(
            "SELECT ?t ?code ?sector WHERE {{ GRAPH <{g}> {{ ?e ng:articleName \"Barack Obama\" ; \
             ng:articleType ?t ; ng:actorCode ?code ; ng:sectorCode ?sector }} }}"
        ),
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0]["t"].ends_with("#Official"), "{rows:?}");
    assert_eq!(rows[0]["code"], "USAGOV");
    assert_eq!(rows[0]["sector"], "GOV");

    // 2020: a former president, a Person in this article, with his office dated and not current
    let g = graph_of(&db, "memoir-2020");
    let rows = crate::select(
        &db,
        &format!(
            "SELECT ?t ?start ?end ?current ?code WHERE {{ GRAPH <{g}> {{ \
             ?e ng:articleName \"Barack Obama\" ; ng:articleType ?t . \
             ?m a org:Membership ; org:member ?e ; ng:official true ; ng:actorCode ?code ; \
             schema:startDate ?start ; schema:endDate ?end ; ng:current ?current ; \
             ng:evidence ?s ; prov:wasDerivedFrom ?source }} }}"
        ),
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    let r = &rows[0];
    assert!(r["t"].ends_with("#Person"), "{r:?}");
    assert_eq!(
        (
            r["code"].as_str(),
            r["start"].as_str(),
            r["end"].as_str(),
            r["current"].as_str()
        ),
        ("USAGOV", "2009-01-20", "2017-01-20", "false")
    );
    assert!(
        !crate::ask(
            &db,
            &format!(
                "ASK {{ GRAPH <{g}> {{ ?e ng:articleName \"Barack Obama\" ; ng:actorCode ?c }} }}"
            )
        ),
        "no code applies in 2020"
    );
    // the entity graph: one of two articles says Official, so the entity is one
    assert!(crate::ask(
        &db,
        "ASK { ?e skos:prefLabel \"Barack Obama\" ; a ng:Official }"
    ));
    crate::shacl::assert_store_conforms(&db);
}

#[test]
fn armed_groups_have_a_type_of_their_own_and_stand_in_opposes_edges() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "raid",
        "2010-05-01",
        "Officials said the Taliban attacked Afghan police in Kandahar on Monday. \
         Hezbollah condemned Israel over the raid.",
    );
    let db = dir.path().join("db");
    crate::assert_ok(&crate::ingest(&db, &[&a]));
    for (name, code) in [("Taliban", "AFGREB"), ("Hezbollah", "LBNREB")] {
        let rows = crate::select(
            &db,
            &format!(
                "SELECT ?code ?sector WHERE {{ ?e skos:prefLabel \"{name}\" ; a ng:ArmedGroup ; \
                 ng:actorCode ?code ; ng:sectorCode ?sector }}"
            ),
        );
        assert_eq!(rows.len(), 1, "{name}: {rows:?}");
        assert_eq!(rows[0]["code"], code);
        assert_eq!(rows[0]["sector"], "REB");
    }
    assert!(crate::ask(
        &db,
        "ASK { ?h skos:prefLabel \"Hezbollah\" ; ng:opposes ?i . ?i skos:prefLabel \"Israel\" }"
    ));
    // an agent noun keeps its sector too
    assert!(crate::ask(
        &db,
        "ASK { ?p skos:prefLabel \"Afghan police\" ; ng:sectorCode \"COP\" }"
    ));
    crate::shacl::assert_store_conforms(&db);
}

#[test]
fn extract_json_carries_codes_sectors_and_offices() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "talks",
        "2012-06-01",
        "Barack Obama said on Tuesday that the talks with Iran would go on.",
    );
    let out = crate::extract_json(&[&a]);
    let obama = out[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Barack Obama")
        .unwrap();
    assert_eq!(obama["type"], "Official");
    assert_eq!(obama["codes"], serde_json::json!(["USAGOV"]));
    assert_eq!(obama["sectors"], serde_json::json!(["GOV"]));
    assert_eq!(
        obama["offices"][0],
        serde_json::json!({"code": "USAGOV", "country": "US", "start": "2009-01-20",
                           "end": "2017-01-20", "current": true})
    );
}

#[test]
fn the_conversion_script_keeps_full_names_with_dated_codes_and_drops_the_rest() {
    // purpose-written dictionaries in the Phoenix format (not copied from Phoenix)
    let dir = tempfile::tempdir().unwrap();
    let countries = "\
# comment\n\
ARNOR_  [ARN]\n\
+ARNORIAN_\n\
\n\
ELENDIL_THE_TALL_  # a king\n\
+KING_ELENDIL_\n\
+ELENDIL\n\
\t[ARNELI 850101-990630]\n\
\t[ARNGOV >990701]\n\
\t[ARNGOVMIL 2004017-20061201]\n\
ARAGORN_ARATHORN\n\
\t[ARNREB 19310101-301231]\n\
\t[ARNELI]\n";
    let international = "\
WHITE_COUNCIL_ [IGOWHC]\n\
+COUNCIL_OF_THE_WISE\n\
GANDALF_GREYHAME_\n\
\t[IGOWHC 19310101-20011231]\n";
    let armed = "\
ORC_ARMY_OF_MORDOR_ [MORREB]\n\
+ORGANIZATION_\n\
+TIGERS\n\
+JOHN_SAURON\n";
    for (name, text) in [
        ("Phoenix.Countries.actors.txt", countries),
        ("Phoenix.International.actors.txt", international),
        ("Phoenix.MilNonState.actors.txt", armed),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = dir.path().join("actors.tsv");
    let run = std::process::Command::new("python3")
        .arg(crate::repo().join("scripts/phoenix_actors.py"))
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .arg("--no-supplement")
        .output()
        .expect("python3 runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    lines.sort();
    assert_eq!(
        lines,
        vec![
            // an open term stays open; 85 is 1985, 99 is 1999; a seven-digit date is dropped
            "elendil the tall\tperson\t\tARNELI@1985-01-01..1999-06-30|ARNGOV@1999-07-01..",
            // an eight-digit date is read as written ("30" in six digits would be 2030)
            "aragorn arathorn\tperson\t\tARNREB@1931-01-01..2030-12-31|ARNELI",
            "council of the wise\tinternational\t\tIGOWHC",
            "gandalf greyhame\tperson\t\tIGOWHC@1931-01-01..2001-12-31",
            "orc army of mordor\tarmed\t\tMORREB",
            "white council\tinternational\t\tIGOWHC",
        ]
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
    // dropped: "King Elendil" (a title), "Elendil" (one word), "Organization" (a generic word),
    // "Tigers" (common word), "John Sauron" (a person listed under a group); the countries'
    // own names (undated records) are not kept
}

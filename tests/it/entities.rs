//! One entity per real-world thing across articles (and not more than one thing per entity),
//! `entity` lookups and cards, `entities` listings, `remove`, and user input that tries to reach
//! SPARQL through `entity`.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{assert_ok, at, ingest, select};

/// Purpose-written articles: one person under three names in three articles (full name, with a
/// middle initial, bare surname tied to the full name in its article), a bare surname alone in
/// a fourth, two different people who share a surname, an acronym defined in one article and
/// used alone in another, and Apple the company next to apples the fruit.
const ARTICLES: &[(&str, &str)] = &[
    (
        "a1.txt",
        "Title: Budget talks\nDate: 2026-03-02\n\nFinance Minister Adaeze Nwosu-Hart said on Monday that the budget would be balanced by 2028.\n\n\"We will not borrow more,\" Nwosu-Hart told reporters in Abuja.\n",
    ),
    (
        "a2.txt",
        "Title: Bond markets calm\nDate: 2026-03-05\n\nAdaeze N. Nwosu-Hart, the finance minister, met bankers in Lagos on Thursday.\n\nThe meeting lasted two hours, officials said.\n",
    ),
    (
        "a3.txt",
        "Title: Cabinet reshuffle\nDate: 2026-03-09\n\nPresident Bola Adeyemi kept Adaeze Nwosu-Hart in the cabinet on Monday.\n\nAnalysts said Nwosu-Hart had won the trust of investors.\n",
    ),
    (
        "a4.txt",
        "Title: Football\nDate: 2026-03-10\n\nThe striker Nwosu-Hart scored twice on Saturday as Enugu Rangers beat Kano Pillars.\n",
    ),
    (
        "b1.txt",
        "Title: Coach named\nDate: 2026-03-11\n\nDaniel Okonkwo, the new coach of Enugu Rangers, said the team would play attacking football.\n",
    ),
    (
        "b2.txt",
        "Title: Trade deal\nDate: 2026-03-12\n\nKenya's trade minister, Grace Okonkwo, said on Friday that Kenya would partner with Ghana on textile exports.\n",
    ),
    (
        "c1.txt",
        "Title: Chip makers\nDate: 2026-03-13\n\nThe Amalgamated Semiconductor Consortium (ASC) said on Tuesday it would build a plant in Ohio.\n\nThe ASC said the plant would employ 2,000 people.\n",
    ),
    (
        "c2.txt",
        "Title: Plant approved\nDate: 2026-03-20\n\nOhio regulators approved the new ASC factory on Friday, the governor said.\n\nASC shares rose 4% in New York.\n",
    ),
    (
        "d1.txt",
        "Title: Phone sales\nDate: 2026-03-21\n\nApple said on Thursday that iPhone sales rose 8% in the quarter.\n\nThe company's chief executive said demand in China was strong.\n",
    ),
    (
        "d2.txt",
        "Title: Harvest\nDate: 2026-03-22\n\nFarmers in Kent said the apple harvest was the worst in a decade.\n\nPrices for apples and pears rose sharply, the growers' association said.\n",
    ),
];

fn write_articles(dir: &Path) -> Vec<PathBuf> {
    ARTICLES
        .iter()
        .map(|(name, text)| {
            let p = dir.join(name);
            fs::write(&p, text).unwrap();
            p
        })
        .collect()
}

fn entity_json(store: &Path, args: &[&str]) -> (i32, Value, String) {
    let out = at(store)
        .arg("entity")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        v,
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// Entities whose label or alias contains `part` (SPARQL over the entity graph).
fn entities_named(store: &Path, part: &str) -> Vec<String> {
    let rows = select(
        store,
        &format!(
            "SELECT DISTINCT ?e WHERE {{ GRAPH <https://w3id.org/newsgraph/graph/entities> {{ ?e skos:prefLabel|skos:altLabel ?n }} FILTER(CONTAINS(LCASE(?n), \"{part}\")) }}"
        ),
    );
    let mut v: Vec<String> = rows.into_iter().map(|r| r["e"].clone()).collect();
    v.sort();
    v
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: PathBuf,
    files: Vec<PathBuf>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("db");
    let files = write_articles(dir.path());
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let out = ingest(&store, &refs);
    assert_ok(&out);
    Fixture {
        _dir: dir,
        store,
        files,
    }
}

#[test]
fn one_person_under_three_names_is_one_entity_but_a_lone_surname_is_not() {
    let f = fixture();
    // full name, middle-initial form and tied surname: one entity mentioned by a1, a2, a3
    let (code, v, err) = entity_json(&f.store, &["Adaeze Nwosu-Hart"]);
    assert_eq!(code, 0, "{err}");
    let card = &v["cards"][0];
    assert_eq!(card["article_count"], 3, "{card:#}");
    assert_eq!(card["type"], "Official", "{card:#}");
    let names: Vec<&str> = card["merged_names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Nwosu-Hart"), "{names:?}");
    assert!(names.contains(&"Adaeze N. Nwosu-Hart"), "{names:?}");
    let reasons: Vec<&str> = card["merged_names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["reason"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"PartOfName"), "{reasons:?}");
    assert!(reasons.contains(&"MiddleInitial"), "{reasons:?}");
    // the footballer called only "Nwosu-Hart" in a4 is someone else
    let all = entities_named(&f.store, "nwosu");
    assert_eq!(all.len(), 2, "{all:?}");
    // looked up by the bare surname, both are found: the one of that exact name first, then
    // the minister, whose alias it is
    let (code, v, _) = entity_json(&f.store, &["nwosu-hart", "--limit", "2"]);
    assert_eq!(code, 0);
    assert_eq!(v["matches"][0]["match"], "exact");
    assert_eq!(v["cards"][0]["article_count"], 1);
    assert_eq!(v["matches"][1]["match"], "alias");
    assert_eq!(v["cards"][1]["label"], "Adaeze Nwosu-Hart");
}

#[test]
fn two_people_sharing_a_surname_stay_two() {
    let f = fixture();
    let okonkwo = entities_named(&f.store, "okonkwo");
    assert_eq!(okonkwo.len(), 2, "{okonkwo:?}");
    let (code, v, _) = entity_json(&f.store, &["Okonkwo", "--limit", "5"]);
    assert_eq!(code, 0);
    let labels: Vec<&str> = v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"Grace Okonkwo"), "{labels:?}");
    assert!(labels.contains(&"Daniel Okonkwo"), "{labels:?}");
}

#[test]
fn an_acronym_used_alone_joins_the_organisation_that_defined_it() {
    let f = fixture();
    let (code, v, err) = entity_json(&f.store, &["ASC"]);
    assert_eq!(code, 0, "{err}");
    let card = &v["cards"][0];
    assert_eq!(
        card["label"], "Amalgamated Semiconductor Consortium",
        "{card:#}"
    );
    assert_eq!(card["article_count"], 2, "{card:#}");
    assert_eq!(entities_named(&f.store, "asc").len(), 1);
    assert_eq!(entities_named(&f.store, "amalgamated").len(), 1);
}

#[test]
fn apple_the_company_is_an_entity_and_the_fruit_is_not() {
    let f = fixture();
    let (code, v, _) = entity_json(&f.store, &["Apple"]);
    assert_eq!(code, 0);
    let card = &v["cards"][0];
    assert_eq!(card["type"], "Company", "{card:#}");
    assert_eq!(card["article_count"], 1, "{card:#}");
    assert_eq!(entities_named(&f.store, "apple").len(), 1);
}

#[test]
fn lookups_are_case_accent_and_typo_tolerant_and_say_did_you_mean() {
    let f = fixture();
    for q in [
        "ADAEZE NWOSU HART",
        "adaeze nwosu-hart",
        "Adaéze Nwosu Hart",
        "Adaeze Nwosu-Hrat",
    ] {
        let (code, v, err) = entity_json(&f.store, &[q]);
        assert_eq!(code, 0, "{q}: {err}");
        assert_eq!(v["cards"][0]["label"], "Adaeze Nwosu-Hart", "{q}");
    }
    let (code, v, _) = entity_json(&f.store, &["Grace Okonkwo"]);
    assert_eq!(
        (code, v["matches"][0]["match"].as_str()),
        (0, Some("exact"))
    );
    let (code, v, err) = entity_json(&f.store, &["Okonkwu Graace"]);
    assert_eq!(code, 1, "{v}");
    assert!(err.contains("no entity matches"), "{err}");
    let (code, _, err) = entity_json(&f.store, &["Zzyzx Qwertyuiop"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no entity matches 'Zzyzx Qwertyuiop'"),
        "{err}"
    );
    let (code, v, err) = entity_json(&f.store, &["Grace Okonkwoo"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["matches"][0]["match"], "fuzzy");
    // a name that matches nothing exactly but is near one: suggestion on stderr
    let out = at(&f.store)
        .args(["entity", "Gracie Okonkwoh Smith"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean: Grace Okonkwo"), "{err}");
}

#[test]
fn names_that_look_like_sparql_are_just_names() {
    let f = fixture();
    let count = |s: &Path| {
        select(s, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"].clone()
    };
    let before = count(&f.store);
    for evil in [
        "\" } ; DROP ALL ; #",
        "x' } UNION { ?s ?p ?o } #",
        "<http://evil> } DELETE WHERE { ?s ?p ?o }",
        "\\\" . ?e ?p ?o . FILTER(true) #",
        "Apple\" || true || \"",
    ] {
        let out = at(&f.store).args(["entity", evil]).output().unwrap();
        // either nothing matches or a real entity does; never an error, never a changed store
        assert!(
            matches!(out.status.code(), Some(0) | Some(1)),
            "{evil}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("query"),
            "{evil}"
        );
    }
    assert_eq!(count(&f.store), before);
}

#[test]
fn entities_lists_by_type_and_mentions() {
    let f = fixture();
    let out = at(&f.store)
        .args(["entities", "--type", "official", "--json", "--limit", "3"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!rows.is_empty() && rows.len() <= 3);
    assert!(rows.iter().all(|r| r["type"] == "Official"), "{rows:?}");
    assert_eq!(rows[0]["label"], "Adaeze Nwosu-Hart");
    let counts: Vec<u64> = rows
        .iter()
        .map(|r| r["mentions"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let bad = at(&f.store)
        .args(["entities", "--type", "Politician"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown entity type 'Politician'"));
}

#[test]
fn removing_articles_keeps_the_entity_graph_consistent() {
    let f = fixture();
    let c2 = f.files.iter().find(|p| p.ends_with("c2.txt")).unwrap();
    let c1 = f.files.iter().find(|p| p.ends_with("c1.txt")).unwrap();
    let out = at(&f.store).arg("remove").arg(c2).output().unwrap();
    assert_ok(&out);
    let (code, v, _) = entity_json(&f.store, &["Amalgamated Semiconductor Consortium"]);
    assert_eq!(code, 0);
    assert_eq!(v["cards"][0]["article_count"], 1);
    let out = at(&f.store).arg("remove").arg(c1).output().unwrap();
    assert!(out.status.success());
    // no article mentions it any more: gone from the entity graph and from lookups
    assert!(entities_named(&f.store, "amalgamated").is_empty());
    let (code, _, _) = entity_json(&f.store, &["ASC"]);
    assert_eq!(code, 1);
    // removing it again: not found, exit 2, nothing else touched
    let out = at(&f.store).arg("remove").arg(c1).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no article"));
    // a changed article: the middle-initial article no longer names the minister
    let a2 = f.files.iter().find(|p| p.ends_with("a2.txt")).unwrap();
    fs::write(
        a2,
        "Title: Bond markets calm\nDate: 2026-03-05\n\nBankers met in Lagos on Thursday.\n",
    )
    .unwrap();
    assert!(ingest(&f.store, &[a2]).status.success());
    let (_, v, _) = entity_json(&f.store, &["Adaeze Nwosu-Hart"]);
    let card = &v["cards"][0];
    assert_eq!(card["article_count"], 2, "{card:#}");
    assert!(
        !card["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "Adaeze N. Nwosu-Hart"),
        "{card:#}"
    );
}

#[test]
fn removing_a_json_lines_file_removes_every_article_read_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("db");
    let wire = dir.path().join("wire.jsonl");
    fs::copy(crate::samples().join("03_wire.jsonl"), &wire).unwrap();
    let text = dir.path().join("a1.txt");
    fs::write(&text, ARTICLES[0].1).unwrap();
    assert!(ingest(&store, &[&wire, &text]).status.success());
    let articles =
        |s: &Path| select(s, "SELECT (COUNT(?a) AS ?n) WHERE { ?a a ng:Article }")[0]["n"].clone();
    let before: usize = articles(&store).parse().unwrap();
    let lines = fs::read_to_string(&wire)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    assert!(lines >= 2);
    let out = at(&store)
        .args(["remove", "--json"])
        .arg(&wire)
        .output()
        .unwrap();
    assert_ok(&out);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["articles_removed"], lines as u64);
    assert_eq!(articles(&store), (before - lines).to_string());
    // the text article and its entities are still there
    let (code, _, _) = entity_json(&store, &["Adaeze Nwosu-Hart"]);
    assert_eq!(code, 0);
}

#[test]
fn a_changed_article_is_not_resolved_against_its_own_old_version() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("db");
    let art = dir.path().join("fwa.txt");
    fs::write(&art, "Title: Widgets\n\nThe Federal Widget Agency (FWA) said on Monday that prices would fall.\n\nFWA director John Smith said the cut was overdue.\n").unwrap();
    assert!(ingest(&store, &[&art]).status.success());
    fs::write(&art, "Title: Widgets\n\nThe FWA said on Monday that prices would fall.\n\nFWA director John Smith said the cut was overdue.\n").unwrap();
    assert!(ingest(&store, &[&art]).status.success());
    // the old version's full name is gone with it; nothing was merged "from another article"
    assert!(entities_named(&store, "federal widget").is_empty());
    let merges = select(
        &store,
        "SELECT ?m WHERE { ?m ng:reason ng:CrossArticleAlias }",
    );
    assert!(merges.is_empty(), "{merges:?}");
}

//! `why A B` and `timeline ENTITY` on the sample store: what a user checks by eye (the
//! relation and its sentence, the role, dates in order, the window, names that match nothing).

use serde_json::Value;

use crate::{assert_ok, at, ingest, samples};

fn sample_store() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("db");
    assert_ok(&ingest(&store, &[&samples()]));
    (dir, store)
}

fn json(store: &std::path::Path, args: &[&str]) -> (i32, Value) {
    let out = at(store).args(args).output().unwrap();
    let code = out.status.code().unwrap_or(-1);
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (code, v)
}

#[test]
fn why_lists_the_relation_both_ways_with_its_sentence_article_and_date() {
    let (_d, store) = sample_store();
    let (code, w) = json(&store, &["why", "China", "Japan", "--json"]);
    assert_eq!(code, 0, "{w}");
    assert_eq!(w["a"]["label"], "China");
    assert_eq!(w["b"]["label"], "Japan");
    let links = w["links"].as_array().unwrap();
    let rel = links
        .iter()
        .find(|l| l["kind"] == "relation" && l["label"] == "opposes")
        .unwrap_or_else(|| panic!("no opposes link in {w}"));
    assert_eq!(rel["direction"], "a->b");
    assert_eq!(rel["summary"], "China opposes Japan");
    let ev = &rel["evidence"][0];
    assert!(
        ev["sentence"]
            .as_str()
            .unwrap()
            .contains("Beijing condemned the agreement"),
        "{ev}"
    );
    assert_eq!(ev["date"], "2026-03-12");
    assert!(ev["title"].as_str().unwrap().contains("chip supply pact"));
    // offsets point at the sentence in the article text
    assert!(ev["begin"].as_u64().unwrap() < ev["end"].as_u64().unwrap());
    // they are also named together in that sentence
    assert!(links.iter().any(|l| l["kind"] == "co_mention"), "{w}");
    // the same question the other way round: the relation is b->a
    let (_, back) = json(&store, &["why", "Japan", "China", "--json"]);
    assert!(back["links"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["kind"] == "relation" && l["direction"] == "b->a"));
}

#[test]
fn why_finds_a_role_and_prints_a_table_for_people() {
    let (_d, store) = sample_store();
    let (code, w) = json(&store, &["why", "Kang Min-jun", "South Korea", "--json"]);
    assert_eq!(code, 0);
    let role = w["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "role")
        .unwrap_or_else(|| panic!("no role link in {w}"));
    assert_eq!(role["label"], "industry minister");
    assert_eq!(role["direction"], "a->b");

    let out = at(&store).args(["why", "China", "Japan"]).output().unwrap();
    assert_ok(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("China [Country]  and  Japan [Country]"),
        "{text}"
    );
    assert!(
        text.contains("China opposes Japan (1 statement, 1 article)"),
        "{text}"
    );
    assert!(text.contains("(2026-03-12)"), "{text}");
}

#[test]
fn why_with_an_unknown_name_says_so_and_exits_1() {
    let (_d, store) = sample_store();
    let out = at(&store)
        .args(["why", "China", "Chinna Japann Republik"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no entity matches 'Chinna Japann Republik'"),
        "{err}"
    );
}

#[test]
fn timeline_is_ordered_by_date_and_the_window_keeps_only_its_articles() {
    let (_d, store) = sample_store();
    let (code, t) = json(&store, &["timeline", "China", "--json"]);
    assert_eq!(code, 0);
    let items = t["items"].as_array().unwrap();
    assert!(items.len() >= 3, "{t}");
    let dates: Vec<&str> = items.iter().filter_map(|i| i["date"].as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    assert!(dates.contains(&"2026-03-12") && dates.contains(&"2026-04-15"));
    for kind in ["relation", "quote"] {
        assert!(items.iter().any(|i| i["kind"] == kind), "no {kind} in {t}");
    }
    let (_, april) = json(
        &store,
        &["timeline", "China", "--since", "2026-04-01", "--json"],
    );
    let april = april["items"].as_array().unwrap();
    assert!(!april.is_empty());
    assert!(april.iter().all(|i| i["date"] == "2026-04-15"));
    assert!(april
        .iter()
        .any(|i| i["summary"] == "China opposes European Union"));

    let out = at(&store)
        .args(["timeline", "China", "--until", "2026-13-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid date `2026-13-01`"));
}

#[test]
fn timeline_lists_roles_of_a_person() {
    let (_d, store) = sample_store();
    let (_, t) = json(&store, &["timeline", "Kang Min-jun", "--json"]);
    let items = t["items"].as_array().unwrap();
    let role = items.iter().find(|i| i["kind"] == "role").unwrap();
    assert_eq!(role["label"], "Industry Minister");
    assert_eq!(role["other"]["label"], "South Korea");
}

#[test]
fn timeline_of_an_outlet_lists_the_quotations_it_relayed() {
    let (_d, store) = sample_store();
    let (_, t) = json(&store, &["timeline", "Associated Press", "--json"]);
    let items = t["items"].as_array().unwrap();
    let relayed = items
        .iter()
        .find(|i| i["kind"] == "quote" && i["direction"] == "in")
        .unwrap_or_else(|| panic!("no relayed quotation: {t}"));
    assert_eq!(relayed["other"]["label"], "Tomás Herrera");
    assert_eq!(relayed["summary"], "Associated Press quoted Tomás Herrera");
}

#[test]
fn timeline_pages_join_up_to_the_whole_timeline_and_count_every_item() {
    let (_d, store) = sample_store();
    let (_, whole) = json(&store, &["timeline", "China", "--json"]);
    let all = whole["items"].as_array().unwrap().clone();
    assert!(all.len() >= 3, "{whole}");
    assert_eq!(whole["total"], all.len());
    // pages of two, read until one comes back empty, are the whole timeline in order
    let mut joined = Vec::new();
    for page in 0.. {
        let offset = (page * 2).to_string();
        let (code, t) = json(
            &store,
            &[
                "timeline", "China", "--offset", &offset, "--limit", "2", "--json",
            ],
        );
        assert_eq!(code, 0);
        assert_eq!(t["total"], all.len(), "{t}");
        assert_eq!(t["offset"], page * 2);
        let items = t["items"].as_array().unwrap();
        if items.is_empty() {
            break;
        }
        assert!(items.len() <= 2);
        joined.extend(items.iter().cloned());
    }
    assert_eq!(joined, all);
    // the text heading counts the whole timeline and names the items shown
    let out = at(&store)
        .args(["timeline", "China", "--offset", "1", "--limit", "1"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(&format!("China [Country]: {} items (items 2-2)", all.len())),
        "{text}"
    );
}

#[test]
fn why_counts_every_sentence_naming_both_across_many_articles() {
    // enough articles naming both that the walk splits them between threads: every one of
    // them must be counted once, and the quotation naming the other found in its article
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let n = 90;
    for i in 0..n {
        let text = format!(
            "Talks {i}\n\nFrance and Germany met in Brussels on round {i} of the talks. \
             The weather was mild.\n"
        );
        std::fs::write(docs.join(format!("a{i:03}.txt")), text).unwrap();
    }
    std::fs::write(
        docs.join("q.txt"),
        "Paris speaks\n\nFrance said: \"Germany must move first on the budget rules.\"\n",
    )
    .unwrap();
    let store = dir.path().join("db");
    assert_ok(&ingest(&store, &[&docs]));
    let (code, w) = json(
        &store,
        &["why", "France", "Germany", "--json", "--items", "2"],
    );
    assert_eq!(code, 0, "{w}");
    let links = w["links"].as_array().unwrap();
    let co = links
        .iter()
        .find(|l| l["kind"] == "co_mention")
        .unwrap_or_else(|| panic!("no co-mention link in {w}"));
    assert_eq!(co["statements"], n + 1, "{co}");
    assert_eq!(co["articles"], n + 1, "{co}");
    assert_eq!(co["evidence"].as_array().unwrap().len(), 2);
    assert!(
        links
            .iter()
            .any(|l| l["kind"] == "quote_about" && l["summary"] == "France spoke of Germany"),
        "{w}"
    );
}

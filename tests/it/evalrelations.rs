//! `eval relations` on a purpose-written CoNLL04-style file: the counts worked out by hand, an
//! item whose role names another organisation than the gold one is a miss (and a false
//! positive), a malformed item costs itself only, and `--json` has the `micro` row.

use super::bin;

/// 1: "Jane Roe, chief executive of the Acme Corporation" (gold tail with "the": matched);
/// 2: John Doe is director of the Harbor Institute and "later visited Zenith Bank", but the gold
/// says he works for Zenith Bank;
/// 3: four tokens, three tags (malformed); 4: "Tom Poe, spokesman for Vexa Labs" without gold.
const GOLD: &str = r#"[
 {"tokens": ["Jane", "Roe", ",", "chief", "executive", "of", "the", "Acme", "Corporation", ",",
   "said", "sales", "rose", "."],
  "tags": ["B-Peop", "L-Peop", "O", "O", "O", "O", "B-Org", "I-Org", "L-Org", "O", "O", "O", "O",
   "O"],
  "relations": [{"head": 0, "tail": 1, "type": "Work_For"}], "orig_id": 1},
 {"tokens": ["John", "Doe", ",", "director", "of", "the", "Harbor", "Institute", ",", "later",
   "visited", "Zenith", "Bank", "."],
  "tags": ["B-Peop", "L-Peop", "O", "O", "O", "B-Org", "I-Org", "L-Org", "O", "O", "O", "B-Org",
   "L-Org", "O"],
  "relations": [{"head": 0, "tail": 2, "type": "Work_For"}], "orig_id": 2},
 {"tokens": ["Mary", "Major", "visited", "Paris"], "tags": ["B-Peop", "L-Peop", "O"],
  "relations": [], "orig_id": 3},
 {"tokens": ["Tom", "Poe", ",", "spokesman", "for", "Vexa", "Labs", ",", "declined", "to",
   "comment", "."],
  "tags": ["B-Peop", "L-Peop", "O", "O", "O", "B-Org", "L-Org", "O", "O", "O", "O", "O"],
  "relations": [], "orig_id": 4}
]"#;

#[test]
fn counts_misses_and_json_rows() {
    let dir = tempfile::tempdir().unwrap();
    // a file in a folder whose name its stem holds: its rows are named by the stem
    std::fs::create_dir(dir.path().join("tiny")).unwrap();
    let gold = dir.path().join("tiny/tiny_dev.json");
    std::fs::write(&gold, GOLD).unwrap();
    let listing = dir.path().join("errors.jsonl");
    let out = bin()
        .args(["eval", "relations", "--json", "--gold"])
        .arg(&gold)
        .arg("--errors")
        .arg(&listing)
        .output()
        .unwrap();
    // the malformed item is reported with its number and skipped: exit code 1
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("tiny_dev.json, item 3: 4 tokens but 3 tags"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["items"], 4, "{v}");
    assert_eq!(v["skipped"], 1);
    // two gold pairs; three predicted (one in the item without gold); Jane Roe's matched
    let micro = &v["micro"];
    assert_eq!(
        (&micro["gold"], &micro["predicted"], &micro["matched"]),
        (&2.into(), &3.into(), &1.into()),
        "{micro}"
    );
    assert_eq!(v["predictions_without_gold"], 1);
    let rows: Vec<&str> = v["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["type"].as_str().unwrap())
        .collect();
    assert!(
        rows.contains(&"overlap") && rows.contains(&"tiny_dev"),
        "{rows:?}"
    );

    // the listing: John Doe's gold Zenith Bank missed, Harbor Institute predicted instead;
    // Tom Poe's pair is a false positive
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&listing)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    let doe = &lines[0];
    assert_eq!(doe["id"], "2");
    assert_eq!(doe["gold"][0]["organization"], "Zenith Bank");
    assert_eq!(doe["gold"][0]["matched"], false);
    assert_eq!(doe["predicted"][0]["organization"], "Harbor Institute");
    assert_eq!(doe["predicted"][0]["titles"][0], "director");
    assert_eq!(
        (&lines[1]["misses"], &lines[1]["false_positives"]),
        (&0.into(), &1.into())
    );
}

#[test]
fn table_and_unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("tiny.json");
    std::fs::write(&gold, GOLD).unwrap();
    let out = bin()
        .args(["eval", "relations", "--gold"])
        .arg(&gold)
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("4 items, 1 skipped"), "{table}");
    // a file that is no JSON array and no KBP37 item is an error naming file and line
    std::fs::write(&gold, "[{\"tokens\": ").unwrap();
    let out = bin()
        .args(["eval", "relations", "--gold"])
        .arg(&gold)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tiny.json:1"), "{err}");
}

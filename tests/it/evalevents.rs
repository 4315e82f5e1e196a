//! `eval events` on a purpose-written records file and actor dictionary (fictional countries,
//! plus France and Germany from the gazetteer): the printed counts are the ones worked out by
//! hand, a malformed record costs itself only, and a file that cannot be read is an error naming
//! file and line.

use std::path::Path;

use super::{assert_ok, bin, close, row};

/// A dictionary in PETRARCH's format: an agency of Quorvia, a synonym, a code on a tab line.
const ACTORS: &str = "<!-- Actors written for the newsgraph tests -->
ZANDOR [ZAN]
+ZANDORIAN
QUORVIA [QUO]
KARNA_COUNCIL [QUOGOV]  # a body of Quorvia
VELM
\t[VEL]
";

/// T-1 agrees in whole codes; T-2 is one partnersWith fact coded both ways (one gold item) that
/// the extractor states the other way round; T-3 and T-8 agree on the countries but not on the
/// whole codes (QUOMIL for the Karna Council's QUOGOV, FRAGOV for France's FRA); T-4 has no cue
/// the lexicon knows ("sent a trade mission to"); T-5 is negated; T-9's gold has the direction the other way round (family
/// only); T-6 expects nothing but "welcomed" is a partnersWith cue (a false alarm); T-7's event is
/// a statement (root 01, not scored); BAD-1 has a malformed date.
const GOLD: &str = r#"<Validation>
# records written for the newsgraph tests; junk between records is ignored
<Sentences>
<Sentence date="20240101" id="T-1" category="TEST">
<!-- a comment -->
<EventCoding sourcecode="ZAN" targetcode="QUO" eventcode="111"></EventCoding>
<Text>
Zandor condemned Quorvia on Monday.
</Text>
<Parse>(ROOT)</Parse>
</Sentence>
<Sentence date="20240102" id="T-2" category="TEST"/>
<EventCoding sourcecode="ZAN" targetcode="QUO" eventcode="057" />
<EventCoding sourcecode="QUO" targetcode="ZAN" eventcode="057" />
<Text>Quorvia signed a deal with Zandor on Tuesday.</Text>
</Sentence>
<Sentence date="20240103" id="T-3" category="TEST">
<EventCoding sourcecode="QUOMIL" targetcode="ZAN" eventcode="111"></EventCoding>
<Text>The Karna Council criticised Zandor.</Text>
</Sentence>
<Sentence date="20240104" id="T-4" category="TEST">
<EventCoding sourcecode="VEL" targetcode="QUO" eventcode="064"></EventCoding>
<Text>Velm sent a trade mission to Quorvia.</Text>
</Sentence>
<Sentence date="2024-01-05" id="BAD-1" category="TEST">
<EventCoding sourcecode="VEL" targetcode="QUO" eventcode="064"></EventCoding>
<Text>This record has a bad date.</Text>
</Sentence>
<Sentence date="20240105" id="T-5" category="TEST">
<EventCoding sourcecode="ZAN" targetcode="VEL" eventcode="111"></EventCoding>
<Text>Zandor did not criticise Velm.</Text>
</Sentence>
<Sentence date="20240106" id="T-6" category="TEST">
<EventCoding noevents="True"></EventCoding>
<Text>Velm welcomed Zandor at the summit.</Text>
</Sentence>
<Sentence date="20240107" id="T-7" category="TEST">
<EventCoding sourcecode="QUO" targetcode="ZAN" eventcode="010"></EventCoding>
<Text>Quorvia said that Zandor must pay.</Text>
</Sentence>
<Sentence date="20240108" id="T-8" category="TEST">
<EventCoding sourcecode="FRAGOV" targetcode="DEU" eventcode="111"></EventCoding>
<Text>France criticised Germany over the new rules.</Text>
</Sentence>
<Sentence date="20240109" id="T-9" category="TEST">
<EventCoding sourcecode="VEL" targetcode="QUO" eventcode="111"></EventCoding>
<Text>Velm was criticised by Quorvia.</Text>
</Sentence>
</Sentences>
</Validation>
"#;

/// The gold file, with the dictionary beside it under the name read by default.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gold.xml"), GOLD).unwrap();
    std::fs::write(dir.path().join("PETR.Validate.actors.txt"), ACTORS).unwrap();
    dir
}

#[test]
fn counts_are_the_hand_counted_ones() {
    let dir = corpus();
    let gold = dir.path().join("gold.xml");
    let listing = dir.path().join("errors.jsonl");
    let out = bin()
        .args(["eval", "events", "--json", "--gold"])
        .arg(&gold)
        .arg("--errors")
        .arg(&listing)
        .output()
        .unwrap();
    // the malformed record is reported and skipped: exit code 1
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("gold.xml:25: record BAD-1"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}"));
    assert_eq!(
        (n("records"), n("skipped"), n("scored_records")),
        (9, 1, 7),
        "{v}"
    );
    assert_eq!(
        (n("other_records"), n("no_event_records"), n("negated")),
        (1, 1, 1)
    );
    assert_eq!((n("actors_read"), n("gazetteer_entries_added")), (4, 4));
    assert_eq!(
        v["events"],
        serde_json::json!({"opposes": 5, "partnersWith": 3})
    );
    assert_eq!(
        v["false_alarms"],
        serde_json::json!({"records": 1, "relations": 1, "records_without_events": 1})
    );
    // (row, gold, predicted, matched)
    let want = [
        ("family", 7, 6, 6),
        ("family_source", 7, 6, 5),
        ("family_source_target", 7, 6, 5),
        ("strict", 7, 6, 3),
        ("opposes_family", 5, 4, 4),
        ("opposes_family_source", 5, 4, 3),
        ("opposes", 5, 4, 3),
        ("opposes_strict", 5, 4, 1),
        ("partnersWith", 2, 2, 2),
        ("partnersWith_strict", 2, 2, 2),
    ];
    for (name, g, p, m) in want {
        let x = row(&v, name);
        assert_eq!(
            (
                x["gold"].as_u64(),
                x["predicted"].as_u64(),
                x["matched"].as_u64()
            ),
            (Some(g), Some(p), Some(m)),
            "{name}: {x}"
        );
    }
    // the shape scripts/floors.py reads: micro = family + source + target, both families
    assert!(close(&v["micro"]["precision"], 5.0 / 6.0), "{v}");
    assert!(close(&v["micro"]["recall"], 5.0 / 7.0), "{v}");
    assert!(close(&v["micro"]["f1"], 10.0 / 13.0), "{v}");
    assert!(close(&row(&v, "opposes")["f1"], 2.0 / 3.0));

    // the listing: T-5 (negated), T-6 (false alarm), T-9 (direction); T-4 ("sent a trade
    // mission to") is found since relations read CAMEO's verb patterns
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&listing)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = lines
        .iter()
        .map(|l| l["record"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["T-5", "T-6", "T-9"]);
    let t5 = &lines[0];
    assert_eq!(t5["text"], "Zandor did not criticise Velm.");
    assert_eq!(t5["predicted"][0]["negated"], true);
    assert_eq!(t5["predicted"][0]["cue"], "criticise");
    assert_eq!(lines[1]["kind"], "false_alarm");
    let t9 = &lines[2];
    assert_eq!(t9["kind"], "disagreement");
    assert_eq!(t9["expected"][0]["agreement"], "family");
    assert_eq!(t9["predicted"][0]["subject"]["name"], "Quorvia");
    assert_eq!(
        t9["predicted"][0]["subject"]["codes"],
        serde_json::json!(["QUO"])
    );
    assert_eq!(t9["predicted"][0]["object"]["name"], "Velm");

    // the table says the same
    let out = bin()
        .args(["eval", "events", "--gold"])
        .arg(&gold)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("9 records read, 1 skipped; 7 with an opposes / partnersWith event"),
        "{table}"
    );
    let line = |family: &str, level: &str| {
        table
            .lines()
            .find(|l| {
                let w: Vec<&str> = l.split_whitespace().collect();
                w.len() == 8 && w[0] == family && w[1] == level
            })
            .unwrap_or_else(|| panic!("no {family} {level} row in\n{table}"))
            .split_whitespace()
            .skip(2)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        line("all", "family_source_target"),
        "7 6 5 0.8333 0.7143 0.7692"
    );
    assert_eq!(line("opposes", "strict"), "5 4 1 0.2500 0.2000 0.2222");
    assert!(table.contains("false alarms: 1 positive relations in 1 of the 2 records"));
}

#[test]
fn unreadable_files_are_errors_naming_file_and_line() {
    let dir = corpus();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let run = |gold: &Path, extra: &[&str]| {
        bin()
            .args(["eval", "events", "--gold"])
            .arg(gold)
            .args(extra)
            .output()
            .unwrap()
    };
    // a comment never closed: nothing can be read after it
    let open = write(
        "open.xml",
        "<Sentences>\n<Sentence id=\"a\"><Text>Hello.</Text></Sentence>\n<!-- never closed\n",
    );
    let out = run(&open, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("open.xml:3:"), "{err}");
    // no record at all
    let empty = write("empty.xml", "<Validation>\n</Validation>\n");
    let out = run(&empty, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty.xml:1: no `<Sentence"));
    // every record malformed: nothing scored
    let bad = write(
        "bad.xml",
        "<Sentence date=\"1\" id=\"a\"><Text>Hi.</Text></Sentence>\n",
    );
    let out = run(&bad, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.xml:1: record a"));
    // a bad actor dictionary, and a missing one named explicitly
    let actors = write("actors.txt", "ZANDOR [ZAN]\n\t[ZAN <2024]\n");
    let out = run(
        &dir.path().join("gold.xml"),
        &["--actors", actors.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("actors.txt:2:"), "{err}");
    let out = run(
        &dir.path().join("gold.xml"),
        &["--actors", "no-such-actors.txt"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-actors.txt"));
}

/// Without a dictionary, countries are still coded from the gazetteer (France FRA, Germany
/// DEU): the stderr note says so.
#[test]
fn without_a_dictionary_countries_are_coded_by_the_gazetteer() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.xml");
    std::fs::write(
        &gold,
        r#"<Sentence date="20240108" id="T-8">
<EventCoding sourcecode="FRAGOV" targetcode="DEU" eventcode="111"/>
<Text>France criticised Germany over the new rules.</Text>
</Sentence>"#,
    )
    .unwrap();
    let out = bin()
        .args(["eval", "events", "--json", "--gold"])
        .arg(&gold)
        .output()
        .unwrap();
    assert_ok(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no actor dictionary"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(close(&v["micro"]["f1"], 1.0), "{v}");
    assert!(close(&row(&v, "strict")["f1"], 0.0), "{v}");
}

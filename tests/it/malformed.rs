//! Malformed inputs each get a clear message naming the file (and line) and lose nothing else.

use std::fs;

use crate::{bin, ingest, select};

#[test]
fn bad_inputs_are_reported_and_the_rest_is_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("good.txt"), "Good news for Oslo\n\nNorwegian Prime Minister Erna Lund said Norway will partner with Iceland.\n").unwrap();
    fs::write(
        input.join("bad_utf8.txt"),
        b"Headline\n\nThis text has a bad byte \xff here.\n",
    )
    .unwrap();
    fs::write(input.join("binary.txt"), b"\x00\x01\x02\x03PK\x05\x06").unwrap();
    fs::write(input.join("empty.txt"), "").unwrap();
    fs::write(
        input.join("feed.jsonl"),
        "{\"id\": \"a1\", \"text\": \"Danish Foreign Minister Lars Holm said Denmark opposes the plan.\"}\n{\"id\": \"a2\", \"text\": broken\n{\"id\": \"a3\", \"title\": \"no text field\"}\n{\"id\": \"a4\", \"text\": \"Finland agreed to cooperate with Estonia on border security.\"}\n",
    )
    .unwrap();
    let missing = dir.path().join("does-not-exist.txt");
    let store = dir.path().join("db");
    let out = ingest(&store, &[&input, &missing]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "partial failure exits 1: {err}");
    assert!(
        err.contains("bad_utf8.txt:3:") && err.contains("invalid UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("binary.txt") && err.contains("binary"),
        "{err}"
    );
    assert!(err.contains("empty.txt") && err.contains("empty"), "{err}");
    assert!(
        err.contains("feed.jsonl:2:") && err.contains("invalid JSON"),
        "{err}"
    );
    assert!(
        err.contains("feed.jsonl:3") && err.contains("\"text\""),
        "{err}"
    );
    assert!(err.contains("does-not-exist.txt"), "{err}");
    assert!(err.contains("3 new") && err.contains("6 failed"), "{err}");
    let ids: Vec<String> = select(
        &store,
        "SELECT ?id WHERE { ?a a ng:Article ; schema:identifier ?id } ORDER BY ?id",
    )
    .into_iter()
    .map(|r| r["id"].clone())
    .collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(ids.contains(&"a1".to_string()) && ids.contains(&"a4".to_string()));
}

#[test]
fn unreadable_directory_entry_does_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("ok.md");
    fs::write(
        &f,
        "# Headline\n\nGerman Chancellor Anna Weber met French President Paul Roux in Berlin.\n",
    )
    .unwrap();
    let out = bin()
        .arg("--store")
        .arg(dir.path().join("db"))
        .args(["extract", "--format", "json"])
        .arg(&f)
        .arg(dir.path().join("nope"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

#[test]
fn strange_text_never_breaks_the_pipeline() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for text in [
        "“",
        "\"\"\"",
        "...",
        "A",
        "ALL CAPS HEADLINE ABOUT CHINA AND THE U.S.",
        "said said said, “”, told",
        "Mr. Dr. Sen. U.S. U.K.",
        "Zürich São Paulo Nguyễn Thị Lan 北京 مرحبا",
        "\u{200b}\u{feff}\t\r\n\r\n",
        "(((((",
        "Microsoft, Intel and and and , , IBM opposed opposed",
    ] {
        lines.push_str(&serde_json::json!({ "text": format!("{text} x") }).to_string());
        lines.push('\n');
    }
    let long = "China said it would partner with Brazil. ".repeat(5000);
    lines.push_str(&serde_json::json!({ "text": long }).to_string());
    lines.push('\n');
    let f = dir.path().join("odd.jsonl");
    fs::write(&f, lines).unwrap();
    assert_eq!(crate::extract_json(&[&f]).len(), 12);
}

/// Regression: a sentence ending on a speech cue, a speaker before a paragraph break, and an
/// empty speaker slot made the quote stage slice backwards and abort the whole batch.
#[test]
fn speech_cue_at_a_sentence_end_does_not_abort_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    let texts = [
        "Adam Segal said\nChina will act soon.",
        "X is Adam Segal\n\nsaid that the plan is good for all.",
        "“This is a long quote here,” said , he added.",
    ];
    for (i, text) in texts.iter().enumerate() {
        let p = dir.path().join(format!("{i}.txt"));
        fs::write(&p, text).unwrap();
        paths.push(p);
    }
    // the samples hard-wrapped at 60 columns, as plain-text feeds often are
    for name in [
        "01_semiconductor_pact.txt",
        "02_cyber_sanctions.md",
        "05_hard_cases.txt",
    ] {
        let text = fs::read_to_string(crate::samples().join(name)).unwrap();
        let mut wrapped = String::new();
        for para in text.split("\n\n") {
            let mut col = 0;
            for w in para.split_whitespace() {
                if col + w.len() > 60 {
                    wrapped.push('\n');
                    col = 0;
                } else if col > 0 {
                    wrapped.push(' ');
                }
                wrapped.push_str(w);
                col += w.len() + 1;
            }
            wrapped.push_str("\n\n");
        }
        let p = dir.path().join(format!("wrapped-{name}"));
        fs::write(&p, wrapped).unwrap();
        paths.push(p);
    }
    assert_eq!(crate::extract_json(&paths).len(), paths.len());
}

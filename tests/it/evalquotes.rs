//! `eval quotes` on a purpose-written two-article brat directory: the printed scores are the ones
//! counted by hand, the second annotator's file is left out, and a bad .ann file or a missing
//! text costs its article only.

use std::path::Path;

use super::{assert_ok, bin, close, row};

const ALPHA: &str = "Budget Talks Stall

“We will not sign this budget,” said Maria Lopez, the finance minister.

The report found that spending rose sharply last year.

Lopez told reporters that the talks would continue next week.

Lopez added that nobody expected a quick deal before the summer.
";

/// Offsets are code points (the typographic quotation marks are one each, three bytes).
/// E1 direct speech ("said"), E2 not speech ("found"), E3 indirect speech ("told").
const ALPHA_ANN: &str = "T1\tSource 57 68\tMaria Lopez
T2\tCue 52 56\tsaid
T3\tContent 20 51\t“We will not sign this budget,”
T4\tAttribution 52 56\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tSource 93 103\tThe report
T6\tCue 104 109\tfound
T7\tContent 110 146\tthat spending rose sharply last year
T8\tAttribution 104 109\tfound
E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5
T9\tSource 149 154\tLopez
T10\tCue 155 159\ttold
T11\tContent 170 209\tthat the talks would continue next week
T12\tAttribution 155 159\ttold
E3\tAttribution:T12 Cue:T10 Source:T9 Content:T11
T13\tDiscuss 0 18\tBudget Talks Stall
#1\tAnnotatorNotes T13\theadline
";

/// A second annotator of the same article: must not be read (it would add a gold item).
const ALPHA_ANN_2: &str =
    "T1\tContent 93 146\tThe report found that spending rose sharply last year
T2\tCue 104 109\tfound
T3\tAttribution 104 109\tfound
E1\tAttribution-no-source:T3 Content:T1 Cue:T2
";

const BETA: &str = "Senator Defends Plan

“The plan is fair and it protects families who need help most,” Senator John Hart said on Monday. “Nobody should be surprised.”

Reportedly, the vote was delayed.
";

/// E1: one direct quote in two pieces (12 + 4 words); E2: no source, cue not speech.
const BETA_ANN: &str = "T1\tSource 86 103\tSenator John Hart
T2\tCue 104 108\tsaid
T3\tContent 22 85;120 149\t“The plan is fair and it protects families who need help most,” “Nobody should be surprised.”
T4\tAttribution 104 108\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tCue 151 161\tReportedly
T6\tContent 163 183\tthe vote was delayed
T7\tAttribution-no-source 151 161\tReportedly
E2\tAttribution-no-source:T7 Content:T6 Cue:T5
";

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (t, a) = (dir.path().join("text"), dir.path().join("attributions"));
    std::fs::create_dir_all(&t).unwrap();
    std::fs::create_dir_all(&a).unwrap();
    write(&t, "alpha.txt", ALPHA);
    write(&a, "alpha_0a1b.ann", ALPHA_ANN);
    write(&a, "alpha_ffff.ann", ALPHA_ANN_2);
    write(&t, "beta.txt", BETA);
    write(&a, "beta.ann", BETA_ANN);
    dir
}

/// The extractor finds, in alpha: the direct quote (6 words, = E1), "the talks would continue
/// next week" (6 of E3's 7 words: 0.86), both with the right speaker, and "nobody expected a
/// quick deal before the summer", which the gold does not annotate (unmatched; its cue "added"
/// is speech, so it counts against `all` and `speech`); it misses E2. In beta: one quote in two
/// pieces, 12 + 4 words = E1's 16, speaker John Hart.
#[test]
fn scores_are_the_hand_counted_ones() {
    let dir = corpus();
    let out = bin()
        .args(["eval", "quotes", "--json", "--gold"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_ok(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["articles"], 2, "{v}");
    assert_eq!(v["skipped"], 0);
    assert_eq!(v["annotator_files_unused"], 1);
    // (row, gold, predicted, matched, precision, recall, f1, speaker scored, speaker accuracy)
    let want = [
        ("all_03", 5, 4, 3, 0.75, 0.6, 2.0 / 3.0, 3, 1.0),
        ("all_08", 5, 4, 3, 0.75, 0.6, 2.0 / 3.0, 3, 1.0),
        ("direct_03", 2, 2, 2, 1.0, 1.0, 1.0, 2, 1.0),
        ("direct_08", 2, 2, 2, 1.0, 1.0, 1.0, 2, 1.0),
        ("speech_03", 3, 4, 3, 0.75, 1.0, 6.0 / 7.0, 3, 1.0),
        ("speech_08", 3, 4, 3, 0.75, 1.0, 6.0 / 7.0, 3, 1.0),
    ];
    for (name, gold, predicted, matched, p, r, f1, n, acc) in want {
        let x = row(&v, name);
        assert_eq!(
            (
                x["gold"].as_u64(),
                x["predicted"].as_u64(),
                x["matched"].as_u64()
            ),
            (Some(gold), Some(predicted), Some(matched)),
            "{name}: {x}"
        );
        assert!(
            close(&x["precision"], p) && close(&x["recall"], r) && close(&x["f1"], f1),
            "{name}: {x}"
        );
        assert_eq!(x["speaker_scored"].as_u64(), Some(n), "{name}: {x}");
        assert!(close(&x["speaker_accuracy"], acc), "{name}: {x}");
    }
    assert_eq!(row(&v, "all_03")["gold_without_source"], 1);
    // the shape scripts/floors.py reads
    assert!(close(&v["micro"]["f1"], 2.0 / 3.0), "{v}");
    assert!(v["distinctions"]
        .as_array()
        .unwrap()
        .iter()
        .any(
            |d| d["classes"] == serde_json::json!(["direct_08", "speaker"])
                && close(&d["accuracy"], 1.0)
        ));

    // the table says the same
    let out = bin()
        .args(["eval", "quotes", "--gold"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("2 articles read, 0 skipped"), "{table}");
    let line = |subset: &str, overlap: &str| {
        table
            .lines()
            .find(|l| {
                let w: Vec<&str> = l.split_whitespace().collect();
                w.len() == 10 && w[0] == subset && w[1] == overlap
            })
            .unwrap_or_else(|| panic!("no {subset} {overlap} row in\n{table}"))
            .split_whitespace()
            .skip(2)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(line("all", "0.3"), "5 4 3 0.7500 0.6000 0.6667 1.0000 3");
    assert_eq!(line("direct", "0.8"), "2 2 2 1.0000 1.0000 1.0000 1.0000 2");
    assert_eq!(line("speech", "0.3"), "3 4 3 0.7500 1.0000 0.8571 1.0000 3");
}

/// `--errors` lists what a user would look at: the two gold attributions missed and the quote
/// the gold does not have, each with its texts.
#[test]
fn mistakes_are_listed_as_json_lines() {
    let dir = corpus();
    let listing = dir.path().join("mistakes.jsonl");
    let out = bin()
        .args(["eval", "quotes", "--gold"])
        .arg(dir.path())
        .arg("--errors")
        .arg(&listing)
        .output()
        .unwrap();
    assert_ok(&out);
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&listing)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["kind"].as_str().unwrap(),
                l["gold"]["cue"]
                    .as_str()
                    .or(l["predicted"]["cue"].as_str())
                    .unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("missed", "found"),
            ("spurious", "added"),
            ("missed", "Reportedly")
        ],
        "{lines:?}"
    );
    assert_eq!(
        lines[1]["predicted"]["content"],
        "nobody expected a quick deal before the summer"
    );
    assert_eq!(lines[1]["predicted"]["speaker"], "Lopez");
    assert!(lines[0]["article"]
        .as_str()
        .unwrap()
        .ends_with("alpha_0a1b.ann"));
    assert_eq!(
        lines[2]["gold"]["content"], "the vote was delayed",
        "{lines:?}"
    );
}

#[test]
fn a_bad_file_costs_its_article_only() {
    let dir = corpus();
    let a = dir.path().join("attributions");
    write(&dir.path().join("text"), "gamma.txt", "Short text.\n");
    write(
        &a,
        "gamma_0001.ann",
        "T1\tContent 0 5\tShort\nthis line is not brat\n",
    );
    write(&a, "delta_0001.ann", "T1\tContent 0 5\tShort\n");
    // offsets that do not fit the text
    write(&dir.path().join("text"), "eps.txt", "Short text.\n");
    write(
        &a,
        "eps.ann",
        "T1\tContent 0 5\tShort\nT2\tContent 6 10\tword\n",
    );
    let out = bin()
        .args(["eval", "quotes", "--json", "--gold"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("gamma_0001.ann:2: not a brat annotation line"),
        "{err}"
    );
    assert!(
        err.contains("delta_0001.ann") && err.contains("delta.txt"),
        "{err}"
    );
    assert!(err.contains("eps.ann:2"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["articles"].as_u64(), v["skipped"].as_u64()),
        (Some(2), Some(3)),
        "{v}"
    );
    assert!(close(&v["micro"]["f1"], 2.0 / 3.0), "{v}");

    // no attributions/ and text/ folders: nothing done
    let out = bin()
        .args(["eval", "quotes", "--gold"])
        .arg(dir.path().join("text"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("attributions/"));
}

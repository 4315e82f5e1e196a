//! The tagger and parser through the command line: `parse` writes well-formed CoNLL-U from text
//! and keeps the words of CoNLL-U input, `train parser` is deterministic and its model is
//! usable, `eval parser` counts what a user would count by hand, bad files are named.

use std::path::Path;

use super::{assert_ok, bin};

/// A tiny treebank written for these tests (three sentences, one with a multi-word token).
const TREEBANK: &str = "\
# sent_id = a1
# text = Officials denied the report.
1\tOfficials\tofficial\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tdenied\tdeny\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\treport\treport\tNOUN\tNN\t_\t2\tobj\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# sent_id = a2
# text = Ministers don't agree.
1\tMinisters\tminister\tNOUN\tNNS\t_\t4\tnsubj\t_\t_
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_
4\tagree\tagree\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# sent_id = a3
# text = Police arrested the men.
1\tPolice\tpolice\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tarrested\tarrest\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\tmen\tman\tNOUN\tNNS\t_\t2\tobj\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

/// A word line: id, form, upos, head, deprel.
type Line = (String, String, String, usize, String);

/// Word lines of CoNLL-U text, grouped by sentence.
fn trees(conllu: &str) -> Vec<Vec<Line>> {
    conllu
        .split("\n\n")
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.lines()
                .filter(|l| !l.starts_with('#'))
                .map(|l| l.split('\t').collect::<Vec<_>>())
                .filter(|c| c[0].chars().all(|ch| ch.is_ascii_digit()))
                .map(|c| {
                    assert_eq!(c.len(), 10, "ten columns: {c:?}");
                    (
                        c[0].to_string(),
                        c[1].to_string(),
                        c[3].to_string(),
                        c[6].parse().expect("numeric head"),
                        c[7].to_string(),
                    )
                })
                .collect()
        })
        .collect()
}

/// Every word has a head inside its sentence, and exactly one word is the root.
fn assert_trees(t: &[Vec<Line>]) {
    for s in t {
        let roots = s.iter().filter(|w| w.3 == 0).count();
        assert_eq!(roots, 1, "one root: {s:?}");
        assert!(s.iter().all(|w| w.3 <= s.len()), "heads inside: {s:?}");
        assert!(
            s.iter().all(|w| (w.3 == 0) == (w.4 == "root")),
            "root label on the root only: {s:?}"
        );
    }
}

#[test]
fn parse_text_writes_conllu_with_ud_words() {
    let out = bin()
        .arg("parse")
        .write_stdin("The minister didn't resign. Sino-US talks resumed on Monday.\n")
        .output()
        .unwrap();
    assert_ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("# text = The minister didn't resign."),
        "{text}"
    );
    let t = trees(&text);
    assert_eq!(t.len(), 2, "{text}");
    let forms: Vec<&str> = t[0].iter().map(|w| w.1.as_str()).collect();
    assert_eq!(forms, ["The", "minister", "did", "n't", "resign", "."]);
    let forms: Vec<&str> = t[1].iter().map(|w| w.1.as_str()).collect();
    assert_eq!(forms[..3], ["Sino", "-", "US"]);
    assert_trees(&t);
    // the built-in model gets the plain facts of a plain sentence right
    let s = &t[0];
    assert_eq!(s[4].4, "root", "{s:?}");
    assert_eq!(
        (s[1].2.as_str(), s[1].3, s[1].4.as_str()),
        ("NOUN", 5, "nsubj")
    );
    assert_eq!((s[3].2.as_str(), s[3].3), ("PART", 5));
}

#[test]
fn parse_conllu_keeps_words_comments_and_multiword_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.conllu");
    std::fs::write(&gold, TREEBANK).unwrap();
    let out = bin()
        .arg("parse")
        .arg("--conllu")
        .arg(&gold)
        .output()
        .unwrap();
    assert_ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("# sent_id = a2\n# text = Ministers don't agree.\n"));
    assert!(text.contains("\n2-3\tdon't\t"), "{text}");
    let (g, p) = (trees(TREEBANK), trees(&text));
    let forms = |t: &[Vec<Line>]| {
        t.iter()
            .flat_map(|s| s.iter().map(|w| (w.0.clone(), w.1.clone())))
            .collect::<Vec<_>>()
    };
    assert_eq!(forms(&g), forms(&p));
    assert_trees(&p);
    // lemma, xpos and feats are not predicted
    assert!(text
        .lines()
        .filter(|l| l.starts_with("1\t"))
        .all(|l| l.split('\t').nth(2) == Some("_")));
}

#[test]
fn train_is_deterministic_and_eval_counts_words() {
    let dir = tempfile::tempdir().unwrap();
    let tb = dir.path().join("tb.conllu");
    std::fs::write(&tb, TREEBANK).unwrap();
    let train = |out: &Path| {
        let o = bin()
            .args(["--quiet", "train", "parser", "--tagger-epochs", "3"])
            .args(["--parser-epochs", "4", "--train"])
            .arg(&tb)
            .arg("--dev")
            .arg(&tb)
            .arg("-o")
            .arg(out)
            .output()
            .unwrap();
        assert_ok(&o);
    };
    let (m1, m2) = (dir.path().join("m1.ngp"), dir.path().join("m2.ngp"));
    train(&m1);
    train(&m2);
    assert_eq!(std::fs::read(&m1).unwrap(), std::fs::read(&m2).unwrap());

    let out = bin()
        .args(["eval", "parser", "--json", "--parser"])
        .arg(&m1)
        .arg("--gold")
        .arg(&tb)
        .output()
        .unwrap();
    assert_ok(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // 15 syntactic words (the multi-word token line is not a word), 3 sentences
    assert_eq!(v["total"]["words"], 15);
    assert_eq!(v["total"]["sentences"], 3);
    let f = &v["figures"];
    for k in ["upos", "uas", "las", "las_full"] {
        let x = f[k].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&x), "{k} {x}");
    }
    // trained and scored on the same three sentences, the model learns them
    assert!(f["uas"].as_f64().unwrap() >= 0.8, "{v}");
    assert!(f["las"].as_f64().unwrap() <= f["uas"].as_f64().unwrap());
}

#[test]
fn bad_treebank_and_model_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.conllu");
    std::fs::write(
        &bad,
        "1\tOne\t_\tNUM\t_\t_\t0\troot\t_\t_\n2\ttwo\t_\tNUM\t_\t_\t1\n\n",
    )
    .unwrap();
    let out = bin()
        .args(["eval", "parser", "--gold"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.conllu:2: "), "{err}");

    let model = dir.path().join("not-a-model.ngp");
    std::fs::write(&model, b"hello").unwrap();
    let out = bin()
        .args(["parse", "--parser"])
        .arg(&model)
        .write_stdin("Hello.")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not-a-model.ngp"), "{err}");
}

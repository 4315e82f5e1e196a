//! Tests of the whole model: training on purpose-written sentences, parsing them back, the
//! model file's round trip and its errors.

use super::*;

/// Purpose-written sentences (not corpus text), in CoNLL-U.
const SENTENCES: &str = "\
1\tThe\t_\tDET\t_\t_\t2\tdet\t_\t_
2\tminister\t_\tNOUN\t_\t_\t3\tnsubj\t_\t_
3\tresigned\t_\tVERB\t_\t_\t0\troot\t_\t_
4\tyesterday\t_\tNOUN\t_\t_\t3\tobl:tmod\t_\t_
5\t.\t_\tPUNCT\t_\t_\t3\tpunct\t_\t_

1\tFrance\t_\tPROPN\t_\t_\t2\tnsubj\t_\t_
2\tcondemned\t_\tVERB\t_\t_\t0\troot\t_\t_
3\tthe\t_\tDET\t_\t_\t4\tdet\t_\t_
4\tdeal\t_\tNOUN\t_\t_\t2\tobj\t_\t_
5\t.\t_\tPUNCT\t_\t_\t2\tpunct\t_\t_

1\tHer\t_\tPRON\t_\t_\t2\tnmod:poss\t_\t_
2\tparty\t_\tNOUN\t_\t_\t3\tnsubj\t_\t_
3\twon\t_\tVERB\t_\t_\t0\troot\t_\t_
4\tthe\t_\tDET\t_\t_\t5\tdet\t_\t_
5\telection\t_\tNOUN\t_\t_\t3\tobj\t_\t_
6\tin\t_\tADP\t_\t_\t7\tcase\t_\t_
7\tMay\t_\tPROPN\t_\t_\t3\tobl\t_\t_
8\t.\t_\tPUNCT\t_\t_\t3\tpunct\t_\t_

1\tThe\t_\tDET\t_\t_\t2\tdet\t_\t_
2\tplan\t_\tNOUN\t_\t_\t4\tnsubj:pass\t_\t_
3\twas\t_\tAUX\t_\t_\t4\taux:pass\t_\t_
4\trejected\t_\tVERB\t_\t_\t0\troot\t_\t_
5\tby\t_\tADP\t_\t_\t7\tcase\t_\t_
6\tthe\t_\tDET\t_\t_\t7\tdet\t_\t_
7\tcourt\t_\tNOUN\t_\t_\t4\tobl:agent\t_\t_
8\t.\t_\tPUNCT\t_\t_\t4\tpunct\t_\t_

1\tThey\t_\tPRON\t_\t_\t2\tnsubj\t_\t_
2\tgave\t_\tVERB\t_\t_\t0\troot\t_\t_
3\tup\t_\tADP\t_\t_\t2\tcompound:prt\t_\t_
4\tand\t_\tCCONJ\t_\t_\t5\tcc\t_\t_
5\tleft\t_\tVERB\t_\t_\t2\tconj\t_\t_
6\t.\t_\tPUNCT\t_\t_\t2\tpunct\t_\t_

1\tThe\t_\tDET\t_\t_\t2\tdet\t_\t_
2\tman\t_\tNOUN\t_\t_\t6\tnsubj\t_\t_
3\twho\t_\tPRON\t_\t_\t4\tnsubj\t_\t_
4\tspoke\t_\tVERB\t_\t_\t2\tacl:relcl\t_\t_
5\tthen\t_\tADV\t_\t_\t6\tadvmod\t_\t_
6\tleft\t_\tVERB\t_\t_\t0\troot\t_\t_
7\t.\t_\tPUNCT\t_\t_\t6\tpunct\t_\t_

";

fn sentences() -> Vec<Sentence> {
    read_conllu(SENTENCES, "test").unwrap()
}

fn small_config() -> ParseTrainConfig {
    ParseTrainConfig {
        tagger_epochs: 10,
        parser_epochs: 20,
        seed: 3,
        jackknife: 0,
        explore_from: 2,
        p_follow: 0.9,
        prune_tagger: 0,
        prune_actions: 0,
        prune_labels: 0,
    }
}

fn all_parses(m: &ParserModel, s: &[Sentence]) -> Vec<Vec<(String, usize, String)>> {
    s.iter()
        .map(|s| {
            m.tag_and_parse(&s.forms())
                .into_iter()
                .map(|w| (w.upos.to_string(), w.head, w.deprel.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn a_model_trained_on_a_few_sentences_parses_them_back() {
    let s = sentences();
    let m = ParserModel::train(&s, &s, &small_config());
    let sc = m.evaluate(&s);
    assert_eq!((sc.upos, sc.uas, sc.las_full), (1.0, 1.0, 1.0), "{sc:?}");
    assert!(m.labels().iter().any(|l| l == "obl:agent"));
    // every word has one head and there is one root, also on unseen input
    let out = m.tag_and_parse(&["The", "court", "won", "the", "plan", "in", "May", "."]);
    assert_eq!(out.iter().filter(|w| w.head == 0).count(), 1);
    assert!(out.iter().all(|w| w.head <= out.len()));
    assert!(m.tag_and_parse(&[]).is_empty());
    assert_eq!(m.tag_and_parse(&["Hello"])[0].head, 0);
    // same data and seed: same bytes
    let again = ParserModel::train(&s, &s, &small_config());
    assert_eq!(again.to_bytes(), m.to_bytes());
    assert_eq!(again.fingerprint(), m.fingerprint());
}

#[test]
fn save_load_round_trip_and_bad_files() {
    let s = sentences();
    let m = ParserModel::train(&s, &s, &small_config());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ngp");
    m.save(&path).unwrap();
    let back = ParserModel::load(&path).unwrap();
    assert_eq!(back.fingerprint(), m.fingerprint());
    assert_eq!(back.info, m.info);
    assert_eq!(all_parses(&back, &s), all_parses(&m, &s));
    let bytes = m.to_bytes();
    assert_eq!(back.to_bytes(), bytes);
    for cut in [3, 20, bytes.len() / 2, bytes.len() - 1] {
        std::fs::write(&path, &bytes[..cut]).unwrap();
        match ParserModel::load(&path) {
            Err(Error::Model { path: p, message }) => {
                assert_eq!(p, path);
                assert!(!message.is_empty());
            }
            other => panic!(
                "cut at {cut}: expected a model error, got {:?}",
                other.is_ok()
            ),
        }
    }
    let foreign = b"NGNER\0\0\x01 something else entirely";
    assert!(matches!(
        ParserModel::from_bytes(foreign),
        Err(Error::Model { .. })
    ));
}

#[test]
fn written_conllu_carries_the_predictions() {
    let s = sentences();
    let m = ParserModel::train(&s, &s, &small_config());
    let parsed = m.parse_sentences(&s[..2]);
    let text = write_conllu(&s[..2], &parsed);
    let back = read_conllu(&text, "out").unwrap();
    assert_eq!(back.len(), 2);
    for (b, p) in back.iter().zip(&parsed) {
        for (w, q) in b.words.iter().zip(p) {
            assert_eq!(
                (w.upos.as_str(), w.head, w.deprel.as_str()),
                (q.upos, q.head, q.deprel)
            );
        }
    }
}

#[test]
fn the_builtin_model_parses_news() {
    let m = ParserModel::builtin().unwrap();
    assert!(
        m.info.dev.as_ref().is_some_and(|d| d.las > 0.8),
        "{:?}",
        m.info.dev
    );
    let words = [
        "The", "minister", "said", "on", "Monday", "that", "the", "talks", "had", "failed", ".",
    ];
    let p = m.tag_and_parse(&words);
    assert_eq!(p.iter().filter(|w| w.head == 0).count(), 1);
    assert_eq!((p[2].upos, p[2].head, p[2].deprel), ("VERB", 0, "root"));
    assert_eq!((p[1].head, p[1].deprel), (3, "nsubj"));
    assert_eq!((p[9].head, p[9].deprel), (3, "ccomp"));
    assert_eq!(p[7].deprel, "nsubj");
    assert_eq!(
        m.fingerprint(),
        ParserModel::from_bytes(&m.to_bytes())
            .unwrap()
            .fingerprint()
    );
}

#[test]
fn wide_tables_keep_rows_apart_from_empty_slots() {
    // the built-in model's weights stay within a small multiple of what they hold: empty
    // hash slots of the tagger and label tables hold no row (extract's memory budget)
    let m = ParserModel::builtin().unwrap();
    let mut total = 0;
    for t in [&m.tagger.table, &m.parser.actions, &m.parser.labels] {
        let payload = t.len() * t.classes() * 2;
        if t.classes() > 8 {
            assert!(
                t.bytes() < payload * 3 / 2,
                "{} > 1.5 x {payload}",
                t.bytes()
            );
        }
        total += t.bytes();
    }
    assert!(total < 40_000_000, "parser tables take {total} bytes");
}

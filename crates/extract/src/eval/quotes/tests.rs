//! Unit tests of the quotation scorer: brat standoff reading, word-overlap matching, subsets, on purpose-written annotations.

use super::*;

const ANN: &str = "T1\tSource 0 5\tMaria\n\
T2\tCue 6 10\tsaid\n\
T3\tContent 11 20;25 30\tthe plan is great\n\
T4\tAttribution 6 10\tsaid\n\
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n\
#1\tAnnotatorNotes T3\ta note\n\
T5\tDiscuss 0 5\tMaria\n\
T6\tContent 40 50\tshort text\n\
T7\tCue 51 55\tsays\n\
T8\tAttribution-no-source 51 55\tsays\n\
E2\tAttribution-no-source:T8 Cue:T7 Content:T6\n";

#[test]
fn brat_parser_reads_discontinuous_spans_and_events() {
    let d = parse_ann(ANN, "a.ann").unwrap();
    assert_eq!(d.textbounds.len(), 8);
    assert_eq!(d.textbounds[2].pieces, vec![(11, 20), (25, 30)]);
    assert_eq!(d.textbounds[2].line, 3);
    assert_eq!(d.attributions.len(), 2);
    let a = &d.attributions[0];
    assert_eq!((a.id.as_str(), a.line), ("E1", 5));
    assert_eq!(a.content, vec![(11, 20), (25, 30)]);
    assert_eq!(a.cue, vec![(6, 10)]);
    assert_eq!(a.source, vec![(0, 5)]);
    let b = &d.attributions[1];
    assert_eq!(b.content, vec![(40, 50)]);
    assert!(b.source.is_empty());
}

#[test]
fn brat_parser_unites_content_roles_and_follows_line_breaks_in_span_text() {
    let ann = "T1\tContent 0 4;10 14\tab\ncd efgh\nT2\tContent 5 9\tmore\n\
               T3\tCue 20 24\tsaid\nE1\tAttribution:T3 Content:T2 Cue:T3 Content2:T1\n";
    let d = parse_ann(ann, "b.ann").unwrap();
    assert_eq!(d.textbounds[0].text, "ab\ncd efgh");
    assert_eq!(d.textbounds[1].line, 3);
    assert_eq!(d.attributions[0].content, vec![(0, 4), (5, 9), (10, 14)]);
    assert!(d.attributions[0].source.is_empty());
}

#[test]
fn brat_parser_names_the_bad_line() {
    let cases = [
        (
            "T1\tContent 0 4\tabcd\nthis is not brat\n",
            2,
            "not a brat annotation line",
        ),
        ("T1\tContent 0 x\tabcd\n", 1, "bad offsets"),
        ("T1\tContent 9 4\tabcd\n", 1, "bad offsets"),
        ("T1\tContent 0 4 abcd\n", 1, "no tab"),
        (
            "\nT1\tContent 0 4\tabcd\nT1\tCue 0 4\tabcd\n",
            3,
            "defined twice",
        ),
        (
            "T1\tContent 0 4\tabcd\nE1\tAttribution:T1 Content:T9\n",
            2,
            "T9",
        ),
        (
            "T1\tContent 0 4\tabcd\nE1\tAttribution:T1 Content\n",
            2,
            "Role:T",
        ),
    ];
    for (ann, line, what) in cases {
        match parse_ann(ann, "x.ann") {
            Err(Error::Data {
                file,
                line: l,
                message,
            }) => {
                assert_eq!((file.as_str(), l), ("x.ann", line), "{ann:?}: {message}");
                assert!(message.contains(what), "{ann:?}: {message}");
            }
            other => panic!("{ann:?}: expected an error, got {other:?}"),
        }
    }
}

#[test]
fn span_text_is_checked_against_the_article() {
    let text = "Maria said the plan is great.";
    let view = TextView::new(text);
    let ok = parse_ann(
        "T1\tSource 0 5\tMaria\nT2\tContent 11 19;23 28\tthe plan great\n",
        "a.ann",
    )
    .unwrap();
    ok.check_text(&view, "a.ann").unwrap();
    let shifted = parse_ann("T1\tSource 0 5\tMaria\nT2\tSource 1 6\tMaria\n", "a.ann").unwrap();
    let e = shifted.check_text(&view, "a.ann").unwrap_err().to_string();
    assert!(e.starts_with("a.ann:2:"), "{e}");
    let beyond = parse_ann("T1\tSource 20 99\tx\n", "a.ann").unwrap();
    assert!(beyond.check_text(&view, "a.ann").is_err());
}

#[test]
fn words_are_runs_of_letters_and_digits() {
    let v = TextView::new("“We’ll win,” she said — 100%.");
    // We, ll, win, she, said, 100
    assert_eq!(v.words.len(), 6);
    assert_eq!(v.words_of(&[(0, 12)]), vec![0, 1, 2]);
    // a piece touching half a word takes the word
    assert_eq!(v.words_of(&[(2, 3), (14, 16)]), vec![0, 3]);
    assert_eq!(v.words_of(&[(11, 13)]), Vec::<usize>::new());
}

fn w(r: std::ops::Range<usize>) -> Vec<usize> {
    r.collect()
}

#[test]
fn overlap_is_shared_words_over_the_longer_span() {
    assert_eq!(overlap(&w(0..10), &w(0..10)), 1.0);
    assert_eq!(overlap(&w(0..10), &w(5..8)), 0.3);
    assert_eq!(overlap(&w(5..8), &w(0..10)), 0.3);
    assert_eq!(overlap(&w(0..10), &w(8..20)), 2.0 / 12.0);
    assert_eq!(overlap(&[], &[]), 0.0);
    assert_eq!(overlap(&[1, 3, 5], &[3, 4, 5, 6]), 0.5);
}

#[test]
fn matching_at_03_but_not_at_08() {
    // gold: a 10-word content; prediction: its last 4 words (0.4) -> matches at 0.3 only
    let gold = vec![w(0..10)];
    let pred = vec![w(6..10)];
    assert_eq!(greedy_match(&gold, &pred, 0.3), vec![Some(0)]);
    assert_eq!(greedy_match(&gold, &pred, 0.8), vec![None]);
    // exactly 0.3 matches at 0.3; 0.8 exactly matches at 0.8
    assert_eq!(greedy_match(&gold, &[w(0..3)], 0.3), vec![Some(0)]);
    assert_eq!(greedy_match(&gold, &[w(0..2)], 0.3), vec![None]);
    assert_eq!(greedy_match(&gold, &[w(0..8)], 0.8), vec![Some(0)]);
    assert_eq!(greedy_match(&gold, &[w(0..7)], 0.8), vec![None]);
}

#[test]
fn matching_is_one_to_one_and_greedy_by_overlap() {
    // two predictions on one gold: the better one wins, the other is unmatched
    let gold = vec![w(0..10)];
    assert_eq!(
        greedy_match(&gold, &[w(0..5), w(0..9)], 0.3),
        vec![None, Some(0)]
    );
    // one prediction over two golds: the better overlap; the other gold stays unmatched
    let gold = vec![w(0..4), w(4..10)];
    assert_eq!(greedy_match(&gold, &[w(0..10)], 0.3), vec![Some(1)]);
    // greedy: pred 0 takes gold 0 (1.0) although gold 1 was also within reach
    let gold = vec![w(0..4), w(2..8)];
    let pred = vec![w(0..4), w(2..6)];
    assert_eq!(greedy_match(&gold, &pred, 0.3), vec![Some(0), Some(1)]);
}

#[test]
fn quotation_marks_and_apostrophes() {
    assert!(has_quotation_mark("“We will win,” she said"));
    assert!(has_quotation_mark("that it was \"a disaster\""));
    assert!(has_quotation_mark("''This isn't tax reform,''"));
    assert!(has_quotation_mark("'You will be thrown out'"));
    assert!(has_quotation_mark("he called it ‘fake news’"));
    assert!(!has_quotation_mark("Clinton's team didn't go"));
    assert!(!has_quotation_mark("Clinton’s team won’t go"));
    assert!(!has_quotation_mark("the voters' choice"));
}

#[test]
fn speech_cues_up_to_inflection() {
    let lex = SpeechLexicon::new([
        "said",
        "says",
        "told",
        "added",
        "according to",
        "pointed out",
        "went on",
    ]);
    for cue in [
        "said",
        "Says",
        "saying",
        "has said",
        "told reporters",
        "tells",
        "adding",
        "added",
        "According to",
        "points out",
        "goes on",
        "said:",
    ] {
        assert!(lex.is_speech(cue), "{cue}");
    }
    for cue in [
        "reports",
        "has learned",
        "found",
        "—",
        ":",
        "according",
        "pointed",
        "accorded",
    ] {
        assert!(!lex.is_speech(cue), "{cue}");
    }
    assert_eq!(stem("noted"), stem("notes"));
    assert_eq!(stem("denied"), stem("denies"));
    assert_eq!(stem("stressed"), stem("stresses"));
    assert_eq!(stem("admitted"), stem("admits"));
}

fn gold(words: Vec<usize>, source: &[Range], direct: bool, speech: bool) -> GoldItem {
    GoldItem {
        words,
        content: Vec::new(),
        cue: Vec::new(),
        source: source.to_vec(),
        source_entities: Vec::new(),
        direct,
        speech,
    }
}

#[test]
fn a_speaker_is_right_by_span_or_by_entity() {
    let mut g = gold(vec![1, 2], &[(10, 13)], true, true); // "she"
    let mut p = pred(vec![1, 2], &[(40, 45)], true, true); // "Warren", elsewhere
    assert!(!same_speaker(&p, &g));
    p.speaker_entity = Some(3);
    assert!(
        !same_speaker(&p, &g),
        "no entity resolved for the gold source yet"
    );
    g.source_entities = vec![2, 3];
    assert!(same_speaker(&p, &g));
    p.speaker_entity = Some(4);
    assert!(!same_speaker(&p, &g));
    p.speaker = vec![(11, 12)];
    assert!(same_speaker(&p, &g), "overlapping spans suffice");
}

fn pred(words: Vec<usize>, speaker: &[Range], direct: bool, speech: bool) -> PredItem {
    PredItem {
        words,
        content: Vec::new(),
        speaker_span: None,
        cue: None,
        speaker: speaker.to_vec(),
        speaker_entity: None,
        direct,
        speech,
    }
}

#[test]
fn subsets_count_predictions_by_their_gold_or_their_looks() {
    let g = vec![
        // direct speech, speaker at 0..5
        gold(w(0..10), &[(0, 5)], true, true),
        // indirect, non-speech cue ("found"), no source
        gold(w(20..30), &[], false, false),
        // indirect speech, speaker at 200..205
        gold(w(40..50), &[(200, 205)], false, true),
    ];
    let p = vec![
        // matches gold 0 at both thresholds, speaker right (overlaps the source)
        pred(w(0..10), &[(3, 8)], true, true),
        // overlaps gold 1 by 0.2: unmatched, counted where gold 1 belongs (all only)
        pred(w(28..30), &[], true, true),
        // matches gold 2 at 0.3 (0.5) not at 0.8; speaker wrong
        pred(w(45..50), &[(300, 305)], false, true),
        // overlaps nothing, looks direct, no speech cue
        pred(w(60..64), &[], true, false),
    ];
    let mut s = QuoteScores::default();
    s.add(&g, &p);
    let all3 = s.get(Subset::All, 0);
    assert_eq!((all3.gold, all3.predicted, all3.matched), (3, 4, 2));
    assert_eq!((all3.speaker_scored, all3.speaker_correct), (2, 1));
    assert_eq!(all3.gold_without_source, 1);
    let all8 = s.get(Subset::All, 1);
    assert_eq!((all8.gold, all8.predicted, all8.matched), (3, 4, 1));
    assert_eq!(all8.speaker_accuracy(), 1.0);
    let direct3 = s.get(Subset::Direct, 0);
    // predictions: 0 (its gold is direct) and 3 (looks direct); not 1 (its gold is not)
    assert_eq!(
        (direct3.gold, direct3.predicted, direct3.matched),
        (1, 2, 1)
    );
    assert_eq!(direct3.precision(), 0.5);
    let speech3 = s.get(Subset::Speech, 0);
    // predictions 0 and 2 (gold speech); 1 belongs to gold 1 (not speech); 3 has no cue
    assert_eq!(
        (speech3.gold, speech3.predicted, speech3.matched),
        (2, 2, 2)
    );
    assert_eq!(speech3.speaker_accuracy(), 0.5);
    let speech8 = s.get(Subset::Speech, 1);
    // at 0.8 prediction 2 is unmatched but still overlaps gold 2 most: counted in speech
    assert_eq!(
        (speech8.gold, speech8.predicted, speech8.matched),
        (2, 2, 1)
    );
    assert!((all3.f1() - 2.0 * (0.5 * (2.0 / 3.0)) / (0.5 + 2.0 / 3.0)).abs() < 1e-12);
}

#[test]
fn speaker_counts_through_the_entity_mentions() {
    // gold source "he" at 50..52; predicted speaker span elsewhere but its entity is
    // mentioned there
    let g = vec![gold(w(0..5), &[(50, 52)], true, true)];
    let p = vec![pred(w(0..5), &[(10, 15), (50, 52)], true, true)];
    let mut s = QuoteScores::default();
    s.add(&g, &p);
    assert_eq!(s.get(Subset::All, 0).speaker_correct, 1);
    let p = vec![pred(w(0..5), &[], true, true)];
    let mut s = QuoteScores::default();
    s.add(&g, &p);
    assert_eq!(s.get(Subset::All, 0).speaker_correct, 0);
    assert_eq!(s.get(Subset::All, 0).speaker_scored, 1);
}

#[test]
fn a_relative_pronoun_source_stands_for_its_antecedent() {
    let d = crate::pipeline::testing::run(
        "Dam\n\nSenator Ada Obi, who said the dam was safe, left the hearing. Ken Sato stayed.",
    );
    let obi = d
        .mentions
        .iter()
        .find(|m| d.slice(m.span).contains("Obi"))
        .and_then(|m| m.entity)
        .expect("Ada Obi is an entity");
    let mut g = vec![gold(vec![0], &[at_in(&d.text, "who")], false, true)];
    resolve_sources(&mut g, &d);
    assert_eq!(g[0].source_entities, vec![obi]);
    // "who" far from any name refers to nothing
    let d = crate::pipeline::testing::run("Dam\n\nThe people who said the dam was safe left.");
    let mut g = vec![gold(vec![0], &[at_in(&d.text, "who")], false, true)];
    resolve_sources(&mut g, &d);
    assert!(g[0].source_entities.is_empty());
}

/// The code point range of the first `s` in `text`.
fn at_in(text: &str, s: &str) -> Range {
    let b = text.find(s).unwrap();
    let start = text[..b].chars().count();
    (start, start + s.chars().count())
}

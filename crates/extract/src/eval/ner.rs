//! Coarse entity types of the whole pipeline, as a user receives them, scored on column-format
//! NER corpora (CoNLL-2003, Universal NER, WikiGold, CoNLL04, CrossNER).
//!
//! Each gold document is rebuilt as a user would feed it: its sentences one per line, the
//! tokens joined by spaces except where English writes none ("Japan 's" -> "Japan's", "( AP )"
//! -> "(AP)", see [`detokenize`]). A corpus without document units (every document one
//! sentence, as CoNLL04's JSON, or one document for the whole file, as CrossNER) is cut into
//! documents of [`GROUP`] consecutive sentences. Each document is read as a plain-text article
//! ([`crate::input::read_plain`]: the first line is the headline) and runs through every stage.
//!
//! The entities' mentions (what `extract` writes) are mapped back to gold tokens by byte
//! offsets: a mention covers the tokens it overlaps. Fine types are folded: Official and
//! Person -> PER; Agency, Company, MediaOutlet, Organization -> ORG; Country, Location -> LOC;
//! a demonym ("Chinese", written for China), a name written as the first half of a hyphenated
//! modifier ("London-based", "Moscow-backed", which CoNLL tags MISC whole) and a named policy ->
//! MISC. Pronouns ("he", "the
//! company"), agents of a country ("Chinese police": descriptions, not names) and unnamed
//! policies are left out. Gold types fold as for the model ([`crate::ner::coarse_type`]); only
//! types the gold file uses are scored, so a demonym is never counted against us in a corpus
//! without MISC, and where gold tags it MISC it is a MISC hit. The pipeline makes no other MISC,
//! so its headline figure is the micro average over PER, ORG and LOC ([`Scores::per_org_loc`]).

use std::collections::BTreeSet;

use serde::Serialize;

use crate::document::{Document, EntityType, MentionForm, MentionSource};
use crate::ner::corpus::{spans, TagSpan, TaggedDoc, TaggedSentence};
use crate::ner::perceptron::TYPES;
use crate::ner::score::{Counts, Scorer};
use crate::pipeline::Pipeline;

/// Sentences per document for corpora without document units.
pub const GROUP: usize = 10;

/// The coarse types the pipeline's headline figure averages over.
pub const HEADLINE_TYPES: [&str; 3] = ["PER", "ORG", "LOC"];

/// A gold document rebuilt as article text.
#[derive(Clone, Debug)]
pub struct Rebuilt<'a> {
    pub text: String,
    pub sentences: Vec<&'a TaggedSentence>,
    /// Byte offsets in `text` of each sentence's tokens.
    pub offsets: Vec<Vec<(usize, usize)>>,
}

/// Whether `t` is written without a space before it.
fn attaches_left(t: &str) -> bool {
    matches!(
        t,
        "," | "." | ";" | ":" | "?" | "!" | "%" | ")" | "]" | "}" | "..." | "\u{201d}"
    ) || {
        let l = t.to_ascii_lowercase();
        matches!(
            l.as_str(),
            "'s" | "n't" | "'t" | "'re" | "'ve" | "'ll" | "'d" | "'m" | "’s" | "n’t"
        )
    }
}

/// Whether the token after `t` is written without a space before it.
fn attaches_right(t: &str) -> bool {
    matches!(t, "(" | "[" | "{" | "\u{201c}")
}

/// Join one sentence's tokens as English is written, returning the text and each token's byte
/// offsets in it: no space before `, . ; : ? ! % ) ] }`, a closing typographic quote and clitics
/// (`'s`, `n't`), none after `( [ {` and an opening typographic quote;
/// straight double quotes alternate between opening and closing; a treebank's quote written as
/// two tokens (`` ` ` `` opening, `' '` closing, as CoNLL04 has them) is a typographic quote,
/// its first token's offsets holding it and its second's empty.
pub fn detokenize<S: AsRef<str>>(tokens: &[S]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut offsets = Vec::with_capacity(tokens.len());
    let mut quote_open = false;
    let mut glue_next = true;
    let mut second_half = false;
    for (i, t) in tokens.iter().enumerate() {
        if second_half {
            second_half = false;
            offsets.push((text.len(), text.len()));
            continue;
        }
        let pair = |q: &str| t.as_ref() == q && tokens.get(i + 1).is_some_and(|n| n.as_ref() == q);
        let t = if pair("`") {
            second_half = true;
            "\u{201c}"
        } else if pair("'") {
            second_half = true;
            "\u{201d}"
        } else {
            t.as_ref()
        };
        let mut glue = glue_next || attaches_left(t);
        glue_next = attaches_right(t);
        if t == "\"" {
            if quote_open {
                glue = true;
            } else {
                glue_next = true;
            }
            quote_open = !quote_open;
        }
        if !glue {
            text.push(' ');
        }
        offsets.push((text.len(), text.len() + t.len()));
        text.push_str(t);
    }
    (text, offsets)
}

/// The documents of a corpus as articles: its own document units, or [`GROUP`] sentences each
/// when it has none.
pub fn rebuild(docs: &[TaggedDoc]) -> Vec<Rebuilt<'_>> {
    let units: Vec<Vec<&TaggedSentence>> =
        if docs.len() == 1 || docs.iter().all(|d| d.sentences.len() <= 1) {
            let all: Vec<&TaggedSentence> = docs.iter().flat_map(|d| &d.sentences).collect();
            all.chunks(GROUP).map(<[_]>::to_vec).collect()
        } else {
            docs.iter().map(|d| d.sentences.iter().collect()).collect()
        };
    units
        .into_iter()
        .map(|sentences| {
            let mut text = String::new();
            let mut offsets = Vec::with_capacity(sentences.len());
            for s in &sentences {
                let (line, offs) = detokenize(&s.tokens);
                let base = text.len();
                offsets.push(
                    offs.into_iter()
                        .map(|(a, b)| (a + base, b + base))
                        .collect(),
                );
                text.push_str(&line);
                text.push('\n');
            }
            Rebuilt {
                text,
                sentences,
                offsets,
            }
        })
        .collect()
}

/// The coarse class a user-visible mention counts as, `None` when it is not a name.
fn predicted_class(doc: &Document, m: usize) -> Option<&'static str> {
    let mention = &doc.mentions[m];
    if mention.form == MentionForm::Pronoun || mention.source == MentionSource::Agent {
        return None;
    }
    // a name written as a modifier, like a demonym: "London-based", "Moscow-backed" (CoNLL
    // tags the whole word MISC)
    let hyphened = doc.text[mention.span.end..]
        .strip_prefix('-')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_lowercase()));
    if mention.form == MentionForm::Demonym || hyphened {
        return Some("MISC");
    }
    let entity = mention.entity.map(|e| &doc.entities[e]);
    let etype = entity.map_or(mention.etype, |e| e.etype);
    Some(match etype {
        EntityType::Official | EntityType::Person => "PER",
        EntityType::Agency
        | EntityType::Company
        | EntityType::MediaOutlet
        | EntityType::Organization
        | EntityType::ArmedGroup => "ORG",
        EntityType::Country | EntityType::Location => "LOC",
        EntityType::Policy if entity.is_some_and(|e| !e.local) => "MISC",
        EntityType::Policy => return None,
    })
}

fn gold_spans(s: &TaggedSentence) -> Vec<TagSpan> {
    spans(&s.tags)
        .into_iter()
        .filter_map(|g| {
            crate::ner::coarse_type(&g.etype).map(|t| TagSpan {
                etype: TYPES[t].to_string(),
                ..g
            })
        })
        .collect()
}

/// A predicted span with what the pipeline said about it.
#[derive(Clone, Debug)]
pub(crate) struct Predicted {
    pub(crate) span: TagSpan,
    pub(crate) fine: EntityType,
    pub(crate) source: MentionSource,
    pub(crate) form: MentionForm,
}

/// One mistake: a gold entity missed or mistyped, or a prediction matching no gold entity.
#[derive(Clone, Debug, Serialize)]
pub struct NerError {
    /// `missed` (no prediction overlaps the gold entity), `type` (same boundaries, another
    /// type), `boundary` (a prediction overlaps it with other boundaries), `spurious` (a
    /// prediction overlapping no gold entity of a scored type).
    pub kind: &'static str,
    /// Document number (from 0) and line in it (from 0; line 0 is the headline).
    pub document: usize,
    pub line: usize,
    /// The line as fed to the pipeline.
    pub sentence: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gold: Option<ErrorSpan>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predicted: Option<ErrorSpan>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ErrorSpan {
    pub text: String,
    #[serde(rename = "type")]
    pub etype: String,
    /// The pipeline's fine type, source and form (predictions only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fine: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
}

/// The pipeline's scores on one corpus.
pub struct Scores {
    pub scorer: Scorer,
    pub documents: usize,
    /// Every mistake, in document order.
    pub errors: Vec<NerError>,
}

impl Scores {
    /// Micro-averaged counts over PER, ORG and LOC (the types the pipeline makes entities of).
    pub fn per_org_loc(&self) -> Counts {
        per_org_loc(&self.scorer)
    }
}

/// Micro-averaged counts of a scorer over PER, ORG and LOC only.
pub fn per_org_loc(sc: &Scorer) -> Counts {
    let mut c = Counts::default();
    for (t, n) in &sc.by_type {
        if HEADLINE_TYPES.contains(&t.as_str()) {
            c.gold += n.gold;
            c.predicted += n.predicted;
            c.correct += n.correct;
        }
    }
    c
}

/// Run the pipeline over every rebuilt document of `docs` and score its mentions; `origin`
/// names the corpus in the documents' metadata.
pub fn evaluate(pipeline: &Pipeline, docs: &[TaggedDoc], origin: &str) -> Scores {
    let only: BTreeSet<String> = docs
        .iter()
        .flat_map(|d| &d.sentences)
        .flat_map(gold_spans)
        .map(|s| s.etype)
        .collect();
    let mut scorer = Scorer::new(Some(only.clone()));
    let rebuilt = rebuild(docs);
    let mut errors = Vec::new();
    let mut documents = 0;
    for (chunk_no, chunk) in rebuilt.chunks(64).enumerate() {
        let read: Vec<Option<Document>> = chunk
            .iter()
            .enumerate()
            .map(|(i, r)| {
                crate::input::read_plain(
                    r.text.clone(),
                    &format!("{origin}#doc{}", chunk_no * 64 + i + 1),
                )
                .ok()
            })
            .collect();
        let ok: Vec<usize> = (0..read.len()).filter(|&i| read[i].is_some()).collect();
        // a document the reader refused (none: the text is never empty) or a stage panicked on
        // scores with no predictions
        let mut extracted: Vec<Option<Document>> = vec![None; chunk.len()];
        let ran = pipeline.run_all(read.into_iter().flatten().collect());
        for (i, d) in ok.into_iter().zip(ran) {
            extracted[i] = d.ok();
        }
        for (i, (r, doc)) in chunk.iter().zip(&extracted).enumerate() {
            documents += 1;
            score_document(
                r,
                doc.as_ref(),
                chunk_no * 64 + i,
                &only,
                &mut scorer,
                &mut errors,
            );
        }
    }
    Scores {
        scorer,
        documents,
        errors,
    }
}

fn score_document(
    r: &Rebuilt,
    doc: Option<&Document>,
    doc_no: usize,
    only: &BTreeSet<String>,
    scorer: &mut Scorer,
    errors: &mut Vec<NerError>,
) {
    // every token of the document: (sentence, token in sentence, start, end)
    let flat: Vec<(usize, usize, usize, usize)> = r
        .offsets
        .iter()
        .enumerate()
        .flat_map(|(si, offs)| {
            offs.iter()
                .enumerate()
                .map(move |(ti, &(a, b))| (si, ti, a, b))
        })
        .collect();
    let mut predicted: Vec<Vec<Predicted>> = vec![Vec::new(); r.sentences.len()];
    if let Some(doc) = doc {
        let mut seen = BTreeSet::new();
        for e in &doc.entities {
            for &m in &e.mentions {
                let Some(class) = predicted_class(doc, m) else {
                    continue;
                };
                let span = doc.mentions[m].span;
                let first = flat.partition_point(|t| t.3 <= span.start);
                let Some(&(si, start, ..)) = flat.get(first) else {
                    continue;
                };
                if flat[first].2 >= span.end {
                    continue;
                }
                // the last token the mention overlaps, within the same line
                let last = flat.partition_point(|t| t.2 < span.end) - 1;
                let end = if flat[last].0 == si {
                    flat[last].1
                } else {
                    r.offsets[si].len() - 1
                };
                if !seen.insert((si, start, end)) {
                    continue;
                }
                let mention = &doc.mentions[m];
                predicted[si].push(Predicted {
                    span: TagSpan {
                        start,
                        end: end + 1,
                        etype: class.to_string(),
                    },
                    fine: mention
                        .entity
                        .map_or(mention.etype, |e| doc.entities[e].etype),
                    source: mention.source,
                    form: mention.form,
                });
            }
        }
    }
    for (si, s) in r.sentences.iter().enumerate() {
        let gold = gold_spans(s);
        let mut pred = std::mem::take(&mut predicted[si]);
        pred.sort_by(|a, b| a.span.cmp(&b.span));
        let spans: Vec<TagSpan> = pred.iter().map(|p| p.span.clone()).collect();
        scorer.add(s.tokens.len(), &gold, &spans);
        collect_errors(r, doc_no, si, &gold, &pred, only, errors);
    }
}

/// The mistakes of one sentence (`si` of `r`): each gold span missed, typed wrong or found with
/// other boundaries, and each prediction overlapping no gold span, over the types in `only`.
pub(crate) fn collect_errors(
    r: &Rebuilt,
    doc_no: usize,
    si: usize,
    gold: &[TagSpan],
    pred: &[Predicted],
    only: &BTreeSet<String>,
    errors: &mut Vec<NerError>,
) {
    let offs = &r.offsets[si];
    let line_start = offs.first().map_or(0, |o| o.0);
    let line_end = offs.last().map_or(0, |o| o.1);
    let text = |s: &TagSpan| r.text[offs[s.start].0..offs[s.end - 1].1].to_string();
    let gold_span = |g: &TagSpan| ErrorSpan {
        text: text(g),
        etype: g.etype.clone(),
        fine: None,
        source: None,
        form: None,
    };
    let pred_span = |p: &Predicted| ErrorSpan {
        text: text(&p.span),
        etype: p.span.etype.clone(),
        fine: Some(p.fine.local_name().to_string()),
        source: Some(format!("{:?}", p.source)),
        form: Some(format!("{:?}", p.form)),
    };
    let overlaps = |a: &TagSpan, b: &TagSpan| a.start < b.end && b.start < a.end;
    let pred: Vec<&Predicted> = pred
        .iter()
        .filter(|p| only.contains(&p.span.etype))
        .collect();
    let gold: Vec<&TagSpan> = gold.iter().filter(|g| only.contains(&g.etype)).collect();
    let mut push = |kind, gold: Option<ErrorSpan>, predicted: Option<ErrorSpan>| {
        errors.push(NerError {
            kind,
            document: doc_no,
            line: si,
            sentence: r.text[line_start..line_end].to_string(),
            gold,
            predicted,
        })
    };
    for g in &gold {
        if pred.iter().any(|p| p.span == **g) {
            continue;
        }
        let same = pred
            .iter()
            .find(|p| p.span.start == g.start && p.span.end == g.end);
        let over = pred.iter().find(|p| overlaps(&p.span, g));
        match (same, over) {
            (Some(p), _) => push("type", Some(gold_span(g)), Some(pred_span(p))),
            (None, Some(p)) => push("boundary", Some(gold_span(g)), Some(pred_span(p))),
            (None, None) => push("missed", Some(gold_span(g)), None),
        }
    }
    for p in &pred {
        if !gold.iter().any(|g| overlaps(&p.span, g)) {
            push("spurious", None, Some(pred_span(p)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_written_as_a_hyphened_modifier_counts_as_misc() {
        // CoNLL tags "Moscow-backed" MISC whole, as it tags "Russian"
        let d = crate::pipeline::testing::run(
            "Headline\n\nKenya condemned the Moscow-backed candidate Ivan Petrov.",
        );
        let at = |name: &str| {
            d.mentions
                .iter()
                .position(|m| d.slice(m.span) == name)
                .unwrap_or_else(|| panic!("{name}: {:?}", d.mentions))
        };
        assert_eq!(predicted_class(&d, at("Moscow")), Some("MISC"));
        assert_eq!(predicted_class(&d, at("Kenya")), Some("LOC"));
    }

    #[test]
    fn detokenizes_as_english_is_written() {
        let toks = [
            "Japan", "'s", "coach", "(", "AP", ")", "said", "\"", "no", "\"", ",", "he", "did",
            "n't", ".",
        ];
        let (text, offs) = detokenize(&toks);
        assert_eq!(text, "Japan's coach (AP) said \"no\", he didn't.");
        for (t, (a, b)) in toks.iter().zip(&offs) {
            assert_eq!(&text[*a..*b], *t);
        }
    }

    #[test]
    fn sentences_without_documents_are_grouped() {
        let s = |w: &str| TaggedSentence {
            tokens: vec![w.to_string()],
            tags: vec!["O".to_string()],
        };
        let docs: Vec<TaggedDoc> = (0..25)
            .map(|i| TaggedDoc {
                sentences: vec![s(&format!("w{i}"))],
            })
            .collect();
        let r = rebuild(&docs);
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].text.lines().count(), GROUP);
        assert_eq!(
            &r[2].text[r[2].offsets[4][0].0..r[2].offsets[4][0].1],
            "w24"
        );
        let two = vec![
            TaggedDoc {
                sentences: vec![s("a"), s("b")],
            },
            TaggedDoc {
                sentences: vec![s("c")],
            },
        ];
        assert_eq!(rebuild(&two).len(), 2);
    }
}

//! Readers for annotated NER corpora in column formats.
//!
//! One token per line, blank lines between sentences, `-DOCSTART-` lines (or `# newdoc`
//! comments) between documents. The token is the first column and the tag the last, separated
//! by tabs or spaces (CoNLL-2003 `TOKEN POS CHUNK TAG`, WikiGold and CrossNER `TOKEN TAG`, the
//! Broad Twitter Corpus); Universal NER's `index TOKEN TAG - annotator` is recognised by its
//! leading index and `#` comment lines. Tags are IOB1 or IOB2 with any type names; spans are
//! read the same way from both (`B-` or a change of type starts an entity). A JSON array of
//! `{"tokens", "tags"}` sentences (CoNLL04, BILOU tags) is read too.

use std::path::Path;

use crate::error::Error;

/// One annotated sentence.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TaggedSentence {
    pub tokens: Vec<String>,
    /// The tags as written.
    pub tags: Vec<String>,
}

/// Sentences of one document (documents give the tagger its document-level context).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TaggedDoc {
    pub sentences: Vec<TaggedSentence>,
}

/// An entity span over token indices `start..end` with its type name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TagSpan {
    pub start: usize,
    pub end: usize,
    pub etype: String,
}

fn is_tag(s: &str) -> bool {
    s == "O"
        || (s.len() > 2
            && s.as_bytes()[1] == b'-'
            && matches!(s.as_bytes()[0], b'B' | b'I' | b'E' | b'S' | b'L' | b'U'))
}

/// Read a column-format file, or a JSON array of `{"tokens": [...], "tags": [...]}` sentences
/// (the CoNLL04 layout, BILOU tags).
pub fn read(path: &Path) -> Result<Vec<TaggedDoc>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let name = path.display().to_string();
    if text.trim_start().starts_with('[') {
        parse_json(&text, &name)
    } else {
        parse(&text, &name)
    }
}

/// A JSON array of sentences with `tokens` and `tags`; each sentence is its own document.
pub fn parse_json(text: &str, name: &str) -> Result<Vec<TaggedDoc>, Error> {
    #[derive(serde::Deserialize)]
    struct Sentence {
        tokens: Vec<String>,
        tags: Vec<String>,
    }
    let bad = |message: String| Error::Data {
        file: name.to_string(),
        line: 1,
        message,
    };
    let sentences: Vec<Sentence> = serde_json::from_str(text)
        .map_err(|e| bad(format!("not a JSON array of sentences: {e}")))?;
    sentences
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            if s.tokens.len() != s.tags.len() {
                return Err(bad(format!(
                    "sentence {}: {} tokens but {} tags",
                    i + 1,
                    s.tokens.len(),
                    s.tags.len()
                )));
            }
            if let Some(t) = s.tags.iter().find(|t| !is_tag(t)) {
                return Err(bad(format!("sentence {}: {t:?} is not a tag", i + 1)));
            }
            Ok(TaggedDoc {
                sentences: vec![TaggedSentence {
                    tokens: s.tokens,
                    tags: s.tags,
                }],
            })
        })
        .collect()
}

/// Parse column-format text; `name` appears in errors.
pub fn parse(text: &str, name: &str) -> Result<Vec<TaggedDoc>, Error> {
    let mut docs = vec![TaggedDoc::default()];
    let mut sent = TaggedSentence::default();
    let flush = |docs: &mut Vec<TaggedDoc>, sent: &mut TaggedSentence| {
        if !sent.tokens.is_empty() {
            docs.last_mut()
                .expect("one document")
                .sentences
                .push(std::mem::take(sent));
        }
    };
    let new_doc = |docs: &mut Vec<TaggedDoc>| {
        if docs.last().is_some_and(|d| !d.sentences.is_empty()) {
            docs.push(TaggedDoc::default());
        }
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut docs, &mut sent);
            continue;
        }
        if line.starts_with("-DOCSTART-") {
            flush(&mut docs, &mut sent);
            new_doc(&mut docs);
            continue;
        }
        let cols: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split(' ').filter(|c| !c.is_empty()).collect()
        };
        // Universal NER: "# newdoc id = ...", "# sent_id = ...", "# text = ..."
        if line.starts_with('#') && sent.tokens.is_empty() && line.contains(" = ") {
            if line.starts_with("# newdoc") {
                new_doc(&mut docs);
            }
            continue;
        }
        let (token, tag) = if cols.len() >= 5
            && cols[0].parse::<u32>().is_ok()
            && is_tag(cols[2])
            && cols[3] == "-"
            && line.contains('\t')
        {
            (cols[1], cols[2])
        } else if cols.len() >= 2 {
            (cols[0], cols[cols.len() - 1])
        } else {
            return Err(Error::Data {
                file: name.to_string(),
                line: n + 1,
                message: format!("expected a token and a tag, found {line:?}"),
            });
        };
        if !is_tag(tag) {
            return Err(Error::Data {
                file: name.to_string(),
                line: n + 1,
                message: format!("{tag:?} is not a tag (O, or B-, I-, E-, S-, L-, U- and a type)"),
            });
        }
        sent.tokens.push(token.to_string());
        sent.tags.push(tag.to_string());
    }
    flush(&mut docs, &mut sent);
    docs.retain(|d| !d.sentences.is_empty());
    Ok(docs)
}

/// Entity spans of a tag sequence, read as IOB1, IOB2, IOBES or BILOU alike.
pub fn spans<S: AsRef<str>>(tags: &[S]) -> Vec<TagSpan> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, &str)> = None;
    for (i, t) in tags.iter().enumerate() {
        let t = t.as_ref();
        let (prefix, ty) = match t.split_once('-') {
            Some((p, ty)) if t != "O" => (p, ty),
            _ => ("O", ""),
        };
        let continues = matches!(prefix, "I" | "E" | "L") && cur.is_some_and(|(_, c)| c == ty);
        if !continues {
            if let Some((s, c)) = cur.take() {
                out.push(TagSpan {
                    start: s,
                    end: i,
                    etype: c.to_string(),
                });
            }
            if prefix != "O" {
                cur = Some((i, ty));
            }
        }
        if matches!(prefix, "E" | "S" | "L" | "U") {
            if let Some((s, c)) = cur.take() {
                out.push(TagSpan {
                    start: s,
                    end: i + 1,
                    etype: c.to_string(),
                });
            }
        }
    }
    if let Some((s, c)) = cur {
        out.push(TagSpan {
            start: s,
            end: tags.len(),
            etype: c.to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob1_and_iob2_give_the_same_spans() {
        let iob1 = ["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"];
        let iob2 = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "B-ORG"];
        let want = vec![
            TagSpan {
                start: 0,
                end: 2,
                etype: "PER".into(),
            },
            TagSpan {
                start: 3,
                end: 4,
                etype: "LOC".into(),
            },
            TagSpan {
                start: 4,
                end: 5,
                etype: "LOC".into(),
            },
            TagSpan {
                start: 5,
                end: 6,
                etype: "ORG".into(),
            },
        ];
        assert_eq!(spans(&iob1), want);
        assert_eq!(spans(&iob2), want);
        let bilou = ["B-PER", "L-PER", "O", "U-LOC", "U-LOC", "U-ORG"];
        assert_eq!(spans(&bilou), want);
        // a stray I- after O starts an entity (conlleval does the same)
        assert_eq!(spans(&["O", "I-MISC"]).len(), 1);
    }

    #[test]
    fn reads_conll_uner_and_two_column_files() {
        let conll = "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\nPeter NNP I-NP I-PER\n\n-DOCSTART- -X- O O\n\nBonn NNP I-NP I-LOC\n";
        let docs = parse(conll, "x").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        assert_eq!(docs[0].sentences[0].tokens, vec!["EU", "rejects"]);
        assert_eq!(docs[0].sentences[0].tags, vec!["I-ORG", "O"]);
        let uner = "# newdoc id = a\n# sent_id = a-1\n# text = What is Miramar?\n1\tWhat\tO\t-\t-\n2\tis\tO\t-\t-\n3\tMiramar\tB-LOC\t-\tx\n4\t?\tO\t-\t-\n";
        let docs = parse(uner, "u").unwrap();
        assert_eq!(
            docs[0].sentences[0].tokens,
            vec!["What", "is", "Miramar", "?"]
        );
        assert_eq!(docs[0].sentences[0].tags[2], "B-LOC");
        let two = "#farms\tO\nItalian\tB-election\n";
        let docs = parse(two, "t").unwrap();
        assert_eq!(docs[0].sentences[0].tokens, vec!["#farms", "Italian"]);
    }

    #[test]
    fn reads_json_sentences() {
        let j = r#"[{"tokens": ["John", "Booth", "left"], "tags": ["B-Peop", "L-Peop", "O"], "orig_id": 1}]"#;
        let docs = parse_json(j, "c.json").unwrap();
        assert_eq!(spans(&docs[0].sentences[0].tags)[0].etype, "Peop");
        let err = parse_json(r#"[{"tokens": ["a"], "tags": []}]"#, "c.json")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("c.json") && err.contains("1 tokens but 0 tags"),
            "{err}"
        );
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let err = parse("EU B-ORG\nrejects\n", "f.txt")
            .unwrap_err()
            .to_string();
        assert!(err.contains("f.txt:2"), "{err}");
        // a CoNLL line whose token is a number is not Universal NER's layout
        let docs = parse("1996\tCD\tI-NP\tO\n", "c").unwrap();
        assert_eq!(docs[0].sentences[0].tokens, vec!["1996"]);
        assert_eq!(docs[0].sentences[0].tags, vec!["O"]);
        let err = parse("EU NNP ORG\n", "f.txt").unwrap_err().to_string();
        assert!(
            err.contains("f.txt:1") && err.contains("not a tag"),
            "{err}"
        );
    }
}

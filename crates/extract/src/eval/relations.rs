//! `eval relations`: the pipeline's person → organisation affiliations (its [`Role`]s that name
//! an organisation) against annotated relation corpora.
//!
//! Two gold formats, told apart by content:
//! - CoNLL04 as SpERT distributes it: a JSON array of `{tokens, tags, relations, orig_id}`;
//!   `tags` are BILOU (`U-Peop`, `B-Org`, `I-Org`, `L-Org`), `relations` are `{head, tail,
//!   type}` where `head` / `tail` index the entities in the order the tags give them. Gold pairs
//!   are the `Work_For` relations from a `Peop` to an `Org`. The text is the tokens written as
//!   English is (no space before a comma or a clitic, the treebank's quote pairs as quotes).
//! - KBP37: `ID<TAB>"sentence with <e1> .. </e1> and <e2> .. </e2> markers"`, then a line with
//!   the label (`per:employee_of(e1,e2)`), then a blank line. Gold pairs are `per:employee_of`
//!   (person → employer) and `org:top_members/employees` (the other way round); `org:members`
//!   is between organisations and is not scored. The text is the sentence's words, markers left
//!   out, joined by single spaces.
//!
//! A predicted pair (person, organisation) matches a gold pair exactly when a mention of the
//! person has the gold head's span and a mention of the organisation the gold tail's, spans
//! compared after a leading "the " / "The " and a final "." are trimmed from either; loosely when the mentions
//! need only overlap the gold spans. Gold and predicted pairs are matched one to one (a maximum
//! matching).
//!
//! [`Role`]: crate::document::Role

use crate::document::{Document, Span};
use crate::error::Error;
use crate::ner::corpus::spans;
use crate::ner::score::Counts;

/// A gold person → organisation pair: byte spans in [`Item::text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GoldPair {
    pub person: Span,
    pub organization: Span,
}

/// One annotated sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// `orig_id` (CoNLL04) or the sentence id (KBP37).
    pub id: String,
    /// 1-based: the item's number in the JSON array (CoNLL04) or its first line (KBP37).
    pub line: usize,
    pub text: String,
    pub gold: Vec<GoldPair>,
}

/// The gold file formats read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Conll04,
    Kbp37,
}

impl Format {
    /// A JSON array is CoNLL04; anything else is read as KBP37.
    pub fn detect(text: &str) -> Format {
        if text.trim_start().starts_with('[') {
            Format::Conll04
        } else {
            Format::Kbp37
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Format::Conll04 => "conll04",
            Format::Kbp37 => "kbp37",
        }
    }
}

/// The items of a gold file; a malformed item is an error of its own (with file and item or
/// line), the file as a whole an error when it cannot be read at all.
pub fn parse(text: &str, name: &str) -> Result<(Format, Vec<Result<Item, Error>>), Error> {
    let format = Format::detect(text);
    let items = match format {
        Format::Conll04 => parse_conll04(text, name)?,
        Format::Kbp37 => parse_kbp37(text, name),
    };
    Ok((format, items))
}

/// Byte spans of tokens joined by single spaces, and the text.
fn join_tokens<S: AsRef<str>>(tokens: &[S]) -> (String, Vec<Span>) {
    let mut text = String::new();
    let mut out = Vec::with_capacity(tokens.len());
    for t in tokens {
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(t.as_ref());
        out.push(Span::new(start, text.len()));
    }
    (text, out)
}

/// CoNLL04's tokens written as English is ([`crate::eval::ner::detokenize`]: "International
/// Paper's chairman", the treebank's quote pairs as typographic quotes), with each token's
/// byte span in the text.
fn written(tokens: &[String]) -> (String, Vec<Span>) {
    let (text, offsets) = crate::eval::ner::detokenize(tokens);
    (
        text,
        offsets.into_iter().map(|(a, b)| Span::new(a, b)).collect(),
    )
}

/// CoNLL04 in SpERT's JSON layout.
pub fn parse_conll04(text: &str, name: &str) -> Result<Vec<Result<Item, Error>>, Error> {
    #[derive(serde::Deserialize)]
    struct Relation {
        head: usize,
        tail: usize,
        #[serde(rename = "type")]
        rtype: String,
    }
    #[derive(serde::Deserialize)]
    struct Raw {
        tokens: Vec<String>,
        tags: Vec<String>,
        #[serde(default)]
        relations: Vec<Relation>,
        #[serde(default)]
        orig_id: Option<serde_json::Value>,
    }
    let values: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| Error::Data {
        file: name.to_string(),
        line: e.line(),
        message: format!("not a JSON array of CoNLL04 items: {e}"),
    })?;
    Ok(values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let bad = |message: String| Error::Input {
                origin: format!("{name}, item {}", i + 1),
                message,
            };
            let raw: Raw = serde_json::from_value(v).map_err(|e| bad(e.to_string()))?;
            if raw.tokens.len() != raw.tags.len() {
                return Err(bad(format!(
                    "{} tokens but {} tags",
                    raw.tokens.len(),
                    raw.tags.len()
                )));
            }
            if let Some(t) = raw.tags.iter().find(|t| {
                *t != "O"
                    && !(t.len() > 2
                        && t.as_bytes()[1] == b'-'
                        && matches!(t.as_bytes()[0], b'B' | b'I' | b'L' | b'U' | b'E' | b'S'))
            }) {
                return Err(bad(format!("{t:?} is not a BILOU tag")));
            }
            let (text, tokens) = written(&raw.tokens);
            let entities = spans(&raw.tags);
            let mut gold = Vec::new();
            for r in &raw.relations {
                let (Some(h), Some(t)) = (entities.get(r.head), entities.get(r.tail)) else {
                    return Err(bad(format!(
                        "relation {} ({} -> {}) names an entity beyond the {} the tags give",
                        r.rtype,
                        r.head,
                        r.tail,
                        entities.len()
                    )));
                };
                if r.rtype == "Work_For" && h.etype == "Peop" && t.etype == "Org" {
                    let span = |s: &crate::ner::corpus::TagSpan| {
                        Span::new(tokens[s.start].start, tokens[s.end - 1].end)
                    };
                    gold.push(GoldPair {
                        person: span(h),
                        organization: span(t),
                    });
                }
            }
            let id = match raw.orig_id {
                Some(serde_json::Value::String(s)) => s,
                Some(v) if !v.is_null() => v.to_string(),
                _ => (i + 1).to_string(),
            };
            Ok(Item {
                id,
                line: i + 1,
                text,
                gold,
            })
        })
        .collect())
}

/// The gold pair a KBP37 label gives, `None` for the labels not scored; an error for a line
/// that is no label.
/// `Some(true)`: e1 is the person.
fn kbp37_label(label: &str) -> Result<Option<bool>, String> {
    if label == "no_relation" {
        return Ok(None);
    }
    let (rel, args) = label
        .strip_suffix(')')
        .and_then(|l| l.split_once('('))
        .ok_or_else(|| {
            format!("{label:?} is not a relation label such as per:employee_of(e1,e2)")
        })?;
    let e1_first = match args {
        "e1,e2" => true,
        "e2,e1" => false,
        _ => return Err(format!("{label:?}: arguments are (e1,e2) or (e2,e1)")),
    };
    Ok(match rel {
        "per:employee_of" => Some(e1_first),
        "org:top_members/employees" => Some(!e1_first),
        _ if rel.starts_with("per:") || rel.starts_with("org:") => None,
        _ => return Err(format!("{label:?} is not a relation label")),
    })
}

/// The text of a KBP37 sentence without its markers, and the spans of `<e1>` and `<e2>`.
fn kbp37_sentence(s: &str) -> Result<(String, Span, Span), String> {
    let s = s.trim();
    let s = s
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(s);
    let mut words: Vec<&str> = Vec::new();
    let mut marks: [[Option<usize>; 2]; 2] = [[None; 2]; 2];
    for w in s.split_whitespace() {
        let slot = match w {
            "<e1>" => Some((0, 0)),
            "</e1>" => Some((0, 1)),
            "<e2>" => Some((1, 0)),
            "</e2>" => Some((1, 1)),
            _ => None,
        };
        match slot {
            Some((e, side)) => {
                if marks[e][side].replace(words.len()).is_some() {
                    return Err(format!("{w} appears twice"));
                }
            }
            None => words.push(w),
        }
    }
    let (text, tokens) = join_tokens(&words);
    let span = |e: usize| -> Result<Span, String> {
        match marks[e] {
            [Some(a), Some(b)] if a < b => Ok(Span::new(tokens[a].start, tokens[b - 1].end)),
            _ => Err(format!("<e{0}> ... </e{0}> missing or empty", e + 1)),
        }
    };
    Ok((text, span(0)?, span(1)?))
}

/// KBP37's three-line items.
pub fn parse_kbp37(text: &str, name: &str) -> Vec<Result<Item, Error>> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((n, line)) = lines.next() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let bad = |line: usize, message: String| Error::Data {
            file: name.to_string(),
            line: line + 1,
            message,
        };
        let Some((id, sentence)) = line.split_once('\t') else {
            out.push(Err(bad(
                n,
                "expected an id, a tab and a sentence with <e1> and <e2> markers".to_string(),
            )));
            // skip to the next blank line
            while lines.peek().is_some_and(|(_, l)| !l.trim().is_empty()) {
                lines.next();
            }
            continue;
        };
        let label = lines
            .next_if(|(_, l)| !l.trim().is_empty())
            .map(|(m, l)| (m, l.trim()));
        let item = (|| {
            let (m, label) = label.ok_or_else(|| bad(n + 1, "expected a relation label".into()))?;
            let (text, e1, e2) = kbp37_sentence(sentence).map_err(|e| bad(n, e))?;
            let person_e1 = kbp37_label(label).map_err(|e| bad(m, e))?;
            let gold = match person_e1 {
                Some(true) => vec![GoldPair {
                    person: e1,
                    organization: e2,
                }],
                Some(false) => vec![GoldPair {
                    person: e2,
                    organization: e1,
                }],
                None => Vec::new(),
            };
            Ok(Item {
                id: id.trim().to_string(),
                line: n + 1,
                text,
                gold,
            })
        })();
        out.push(item);
    }
    out
}

/// A person → organisation pair the pipeline found (roles naming the same two entities are one
/// pair), with the titles of its roles.
#[derive(Clone, Debug, PartialEq)]
pub struct PredPair {
    pub person: usize,
    pub organization: usize,
    pub titles: Vec<String>,
}

/// The document's roles that name an organisation, as pairs, in the gold format's types: a post
/// in a country ("U.S. Ambassador") is a pair for KBP37, which counts a government as an
/// employer, and none for CoNLL04, whose `Work_For` ends at an `Org` and which types a country
/// or place `Loc` (as `eval ner` folds our Country and Location to LOC).
pub fn predicted_pairs(doc: &Document, format: Format) -> Vec<PredPair> {
    let mut out: Vec<PredPair> = Vec::new();
    for r in &doc.roles {
        let Some(org) = r.organization else { continue };
        if format == Format::Conll04 && doc.entities[org].etype.is_place() {
            continue;
        }
        match out
            .iter_mut()
            .find(|p| p.person == r.person && p.organization == org)
        {
            Some(p) => {
                if !p.titles.contains(&r.title) {
                    p.titles.push(r.title.clone());
                }
            }
            None => out.push(PredPair {
                person: r.person,
                organization: org,
                titles: vec![r.title.clone()],
            }),
        }
    }
    out
}

/// How a mention must agree with a gold span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agreement {
    /// The same span, once a leading "the " / "The " and a final "." are trimmed from both.
    Exact,
    /// Overlapping spans.
    Overlap,
}

impl Agreement {
    pub const ALL: [Agreement; 2] = [Agreement::Exact, Agreement::Overlap];
    pub fn name(self) -> &'static str {
        match self {
            Agreement::Exact => "exact",
            Agreement::Overlap => "overlap",
        }
    }
}

/// The span without a leading "the " / "The " and a final "." (CoNLL04's tokens keep the
/// sentence's full stop on the last word: "... of the Public Utilities Commission.").
pub fn trim_the(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let mut out = span;
    if s.len() > 4 && (s.starts_with("the ") || s.starts_with("The ")) {
        out.start += 4;
    }
    if out.len() > 1 && text[..out.end].ends_with('.') {
        out.end -= 1;
    }
    out
}

/// A mention of `entity` agrees with the gold span.
pub fn mentions_span(doc: &Document, entity: usize, gold: Span, how: Agreement) -> bool {
    let gold_trimmed = trim_the(&doc.text, gold);
    doc.entities[entity].mentions.iter().any(|&m| {
        let s = doc.mentions[m].span;
        match how {
            Agreement::Exact => trim_the(&doc.text, s) == gold_trimmed,
            Agreement::Overlap => s.overlaps(gold),
        }
    })
}

/// The predicted pair agrees with the gold pair.
pub fn pair_agrees(doc: &Document, p: &PredPair, g: &GoldPair, how: Agreement) -> bool {
    mentions_span(doc, p.person, g.person, how)
        && mentions_span(doc, p.organization, g.organization, how)
}

/// A maximum one-to-one matching of `preds` × `golds` over `agrees`: for each prediction, the
/// gold it is matched to.
pub fn one_to_one(
    preds: usize,
    golds: usize,
    agrees: impl Fn(usize, usize) -> bool,
) -> Vec<Option<usize>> {
    let edges: Vec<Vec<usize>> = (0..preds)
        .map(|p| (0..golds).filter(|&g| agrees(p, g)).collect())
        .collect();
    let mut gold_of: Vec<Option<usize>> = vec![None; preds];
    let mut pred_of: Vec<Option<usize>> = vec![None; golds];
    fn augment(
        p: usize,
        edges: &[Vec<usize>],
        seen: &mut [bool],
        gold_of: &mut [Option<usize>],
        pred_of: &mut [Option<usize>],
    ) -> bool {
        for &g in &edges[p] {
            if seen[g] {
                continue;
            }
            seen[g] = true;
            if pred_of[g].is_none_or(|q| augment(q, edges, seen, gold_of, pred_of)) {
                pred_of[g] = Some(p);
                gold_of[p] = Some(g);
                return true;
            }
        }
        false
    }
    for p in 0..preds {
        let mut seen = vec![false; golds];
        augment(p, &edges, &mut seen, &mut gold_of, &mut pred_of);
    }
    gold_of
}

/// For each predicted pair, the gold pair it is matched to.
pub fn match_pairs(
    doc: &Document,
    preds: &[PredPair],
    gold: &[GoldPair],
    how: Agreement,
) -> Vec<Option<usize>> {
    one_to_one(preds.len(), gold.len(), |p, g| {
        pair_agrees(doc, &preds[p], &gold[g], how)
    })
}

/// The counts of one item at one agreement.
pub fn item_counts(matches: &[Option<usize>], gold: usize) -> Counts {
    Counts {
        gold,
        predicted: matches.len(),
        correct: matches.iter().filter(|m| m.is_some()).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Entity, EntityType, Mention, MentionForm, MentionSource, Metadata};

    fn ok(items: Vec<Result<Item, Error>>) -> Vec<Item> {
        items.into_iter().map(Result::unwrap).collect()
    }

    fn at(item: &Item, s: Span) -> &str {
        &item.text[s.start..s.end]
    }

    #[test]
    fn conll04_work_for_spans_come_from_the_tokens_and_the_entity_order() {
        // entities in tag order: 0 "the U.S. Navy" (Org, B-I-L), 1 "John Smith" (Peop), 2 "Ohio"
        // (U-Loc), 3 "Acme Corp." (Org); relations index them.
        let j = r#"[{"tokens": ["the", "U.S.", "Navy", "hired", "John", "Smith", "of", "Ohio", "from",
            "Acme", "Corp.", "."],
          "tags": ["B-Org", "I-Org", "L-Org", "O", "B-Peop", "L-Peop", "O", "U-Loc", "O", "B-Org",
            "L-Org", "O"],
          "relations": [{"head": 1, "tail": 0, "type": "Work_For"},
                        {"head": 1, "tail": 2, "type": "Live_In"},
                        {"head": 1, "tail": 3, "type": "Work_For"}],
          "orig_id": 42}]"#;
        let (format, items) = parse(j, "c.json").unwrap();
        assert_eq!(format, Format::Conll04);
        let items = ok(items);
        let it = &items[0];
        assert_eq!(
            it.text,
            "the U.S. Navy hired John Smith of Ohio from Acme Corp.."
        );
        assert_eq!(it.id, "42");
        assert_eq!(it.gold.len(), 2, "Live_In is not scored");
        assert_eq!(at(it, it.gold[0].person), "John Smith");
        assert_eq!(at(it, it.gold[0].organization), "the U.S. Navy");
        assert_eq!(at(it, it.gold[1].organization), "Acme Corp.");
    }

    #[test]
    fn conll04_single_token_entities_and_bad_items() {
        let j = r#"[{"tokens": ["Smith", "of", "IBM"], "tags": ["U-Peop", "O", "U-Org"],
                     "relations": [{"head": 0, "tail": 1, "type": "Work_For"}]},
                    {"tokens": ["a", "b"], "tags": ["O"], "relations": []},
                    {"tokens": ["a"], "tags": ["U-Org"],
                     "relations": [{"head": 0, "tail": 3, "type": "Work_For"}]},
                    {"tokens": ["IBM", "hired", "Smith"], "tags": ["U-Org", "O", "U-Peop"],
                     "relations": [{"head": 0, "tail": 1, "type": "Work_For"}]}]"#;
        let items = parse_conll04(j, "c.json").unwrap();
        let first = items[0].as_ref().unwrap();
        assert_eq!(at(first, first.gold[0].person), "Smith");
        assert_eq!(at(first, first.gold[0].organization), "IBM");
        let e = items[1].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("c.json, item 2: 2 tokens but 1 tags"), "{e}");
        let e = items[2].as_ref().unwrap_err().to_string();
        assert!(
            e.starts_with("c.json, item 3: ") && e.contains("beyond"),
            "{e}"
        );
        // an Org → Peop Work_For is not a person → organisation pair
        assert!(items[3].as_ref().unwrap().gold.is_empty());
        assert!(parse_conll04("[{]", "c.json")
            .unwrap_err()
            .to_string()
            .contains("c.json"));
    }

    #[test]
    fn kbp37_markers_labels_and_directions() {
        let t = "1\t\" <e1> Tim Cook </e1> runs <e2> Apple </e2> . \"\nper:employee_of(e1,e2)\n\n\
                 2\t\" The <e1> Acme Corp. </e1> named <e2> Jane Roe </e2> chief . \"\norg:top_members/employees(e1,e2)\n\n\
                 3\t\" <e1> SMU </e1> joined <e2> NCAA </e2> \"\norg:members(e2,e1)\n\n\
                 4\t\" <e1> A </e1> and B \"\nper:employee_of(e1,e2)\n\n\
                 5\t\" <e1> A </e1> and <e2> B </e2> \"\nemployee_of\n\n";
        let (format, items) = parse(t, "k.txt").unwrap();
        assert_eq!(format, Format::Kbp37);
        assert_eq!(items.len(), 5);
        let a = items[0].as_ref().unwrap();
        assert_eq!(a.text, "Tim Cook runs Apple .");
        assert_eq!(
            (at(a, a.gold[0].person), at(a, a.gold[0].organization)),
            ("Tim Cook", "Apple")
        );
        let b = items[1].as_ref().unwrap();
        assert_eq!(b.line, 4);
        assert_eq!(at(b, b.gold[0].person), "Jane Roe");
        assert_eq!(at(b, b.gold[0].organization), "Acme Corp.");
        assert!(
            items[2].as_ref().unwrap().gold.is_empty(),
            "org:members is not scored"
        );
        let e = items[3].as_ref().unwrap_err().to_string();
        assert!(e.contains("k.txt:10") && e.contains("<e2>"), "{e}");
        let e = items[4].as_ref().unwrap_err().to_string();
        assert!(e.contains("k.txt:14") && e.contains("employee_of"), "{e}");
    }

    fn doc_with(text: &str, ents: &[(&str, EntityType)]) -> Document {
        let mut doc = Document::new(Metadata::default(), text.to_string());
        for (i, (name, etype)) in ents.iter().enumerate() {
            let start = text.find(name).unwrap();
            doc.mentions.push(Mention {
                span: Span::new(start, start + name.len()),
                etype: *etype,
                source: MentionSource::Model,
                form: MentionForm::Name,
                gazetteer: None,
                confidence: 1.0,
                entity: Some(i),
            });
            doc.entities.push(Entity {
                name: name.to_string(),
                etype: *etype,
                aliases: Vec::new(),
                wikidata: None,
                country_code: None,
                mentions: vec![i],
                confidence: 1.0,
                local: false,
                codes: Vec::new(),
                sectors: Vec::new(),
            });
        }
        doc
    }

    #[test]
    fn the_is_trimmed_and_overlap_is_looser() {
        let text = "John Smith of the Acme Corp. said";
        let doc = doc_with(
            text,
            &[
                ("John Smith", EntityType::Person),
                ("Acme Corp.", EntityType::Company),
            ],
        );
        let pred = PredPair {
            person: 0,
            organization: 1,
            titles: vec![],
        };
        let gold = |p: &str, o: &str| {
            let (a, b) = (text.find(p).unwrap(), text.find(o).unwrap());
            GoldPair {
                person: Span::new(a, a + p.len()),
                organization: Span::new(b, b + o.len()),
            }
        };
        assert_eq!(
            trim_the(text, gold("John", "the Acme Corp.").organization),
            gold("John", "Acme Corp").organization
        );
        assert!(pair_agrees(
            &doc,
            &pred,
            &gold("John Smith", "the Acme Corp."),
            Agreement::Exact
        ));
        assert!(pair_agrees(
            &doc,
            &pred,
            &gold("John Smith", "Acme Corp."),
            Agreement::Exact
        ));
        // "Smith" alone is not the span, but overlaps it
        assert!(!pair_agrees(
            &doc,
            &pred,
            &gold("Smith", "Acme Corp."),
            Agreement::Exact
        ));
        assert!(pair_agrees(
            &doc,
            &pred,
            &gold("Smith", "Acme Corp."),
            Agreement::Overlap
        ));
        // the roles the other way round never agree
        assert!(!pair_agrees(
            &doc,
            &pred,
            &gold("Acme Corp.", "John Smith"),
            Agreement::Overlap
        ));
        // "the" inside a name is kept: "the" only at the start
        assert_eq!(trim_the("the", Span::new(0, 3)), Span::new(0, 3));
        // a final full stop goes, from gold and mention alike ("Corp." = "Corp")
        assert_eq!(
            trim_the("The Acme Corp.", Span::new(0, 14)),
            Span::new(4, 13)
        );
        let g = |o: &str| GoldPair {
            person: Span::new(0, 10),
            organization: Span::new(14, 14 + o.len()),
        };
        assert!(pair_agrees(
            &doc,
            &pred,
            &g("the Acme Corp"),
            Agreement::Exact
        ));
    }

    #[test]
    fn matching_is_one_to_one_and_maximal() {
        // p0 agrees with g0 and g1, p1 with g0 only: a greedy p0→g0 would leave p1 unmatched.
        let agrees = |p: usize, g: usize| matches!((p, g), (0, 0) | (0, 1) | (1, 0));
        assert_eq!(one_to_one(2, 2, agrees), vec![Some(1), Some(0)]);
        // two predictions, one gold: one is matched
        let m = one_to_one(2, 1, |_, _| true);
        assert_eq!(
            item_counts(&m, 1),
            Counts {
                gold: 1,
                predicted: 2,
                correct: 1
            }
        );
    }

    #[test]
    fn roles_with_an_organisation_are_pairs_once() {
        let mut doc = doc_with("x", &[]);
        let role = |person, organization: Option<usize>, title: &str| crate::document::Role {
            person,
            organization,
            title: title.to_string(),
            title_span: Span::default(),
            sentence: Span::default(),
            official: false,
            confidence: 1.0,
        };
        doc.roles = vec![
            role(0, Some(1), "president"),
            role(0, Some(1), "chairman"),
            role(2, None, "minister"),
            role(0, Some(1), "president"),
        ];
        let pairs = predicted_pairs(&doc, Format::Kbp37);
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].titles, vec!["president", "chairman"]);
    }

    #[test]
    fn a_post_in_a_country_is_no_conll04_work_for() {
        let mut doc = doc_with(
            "Smith Acme United States",
            &[
                ("Smith", EntityType::Person),
                ("Acme", EntityType::Organization),
                ("United States", EntityType::Country),
            ],
        );
        let role = |organization| crate::document::Role {
            person: 0,
            organization: Some(organization),
            title: "president".to_string(),
            title_span: Span::default(),
            sentence: Span::default(),
            official: false,
            confidence: 1.0,
        };
        doc.roles = vec![role(1), role(2)];
        assert_eq!(predicted_pairs(&doc, Format::Kbp37).len(), 2);
        let conll = predicted_pairs(&doc, Format::Conll04);
        assert_eq!(conll.len(), 1);
        assert_eq!(conll[0].organization, 1);
    }

    #[test]
    fn conll04_tokens_are_written_as_english_is() {
        let tokens: Vec<String> = [
            "`", "`", "Fine", ",", "'", "'", "said", "Acme", "'s", "Smith", ".",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        let (text, spans) = written(&tokens);
        assert_eq!(text, "\u{201c}Fine,\u{201d} said Acme's Smith.");
        assert_eq!(&text[spans[7].start..spans[7].end], "Acme");
        assert_eq!(&text[spans[9].start..spans[9].end], "Smith");
    }
}

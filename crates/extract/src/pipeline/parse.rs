//! Stage 4: parse. Requires sentences, tokens and mentions; creates `Document::words` and each
//! sentence's `words` range: Universal Dependencies syntactic words (clitics and hyphenated
//! compounds split as UD English does, see [`crate::parse::words`]) with a part of speech, a
//! head and a dependency relation from the trained parser ([`crate::parse::ParserModel`]).
//!
//! A sentence is parsed when it mentions an entity (headlines too): the later stages read
//! who did what to whom, who said what and who holds which post, and a sentence that names
//! nobody has none of these to give, so parsing it would only cost time. A sentence of more
//! than [`MAX_WORDS`] words (a table or a list that the segmenter could not split) is left
//! unparsed too: no clause structure is to be read from it. Later stages read arguments,
//! negation and modality from the tree; a sentence without words simply yields nothing there.

use super::Stage;
use crate::document::{Document, Word};
use crate::parse::words::sentence_words;
use crate::parse::ParserModel;

/// Sentences naming fewer entities than this are not parsed.
pub const MIN_MENTIONS: usize = 2;

/// Sentences longer than this (in words) are not parsed.
pub const MAX_WORDS: usize = 250;

pub struct Parse {
    model: &'static ParserModel,
}

impl Parse {
    pub fn new(model: &'static ParserModel) -> Self {
        Parse { model }
    }
}

impl Stage for Parse {
    fn name(&self) -> &'static str {
        "parse"
    }

    fn run(&self, doc: &mut Document) {
        doc.words.clear();
        let mut forms: Vec<&str> = Vec::new();
        let mut out: Vec<Word> = Vec::with_capacity(doc.tokens.len() + doc.tokens.len() / 8);
        let mut ranges = Vec::with_capacity(doc.sentences.len());
        let mut starts: Vec<usize> = doc.mentions.iter().map(|m| m.span.start).collect();
        starts.sort_unstable();
        for s in 0..doc.sentences.len() {
            let base = out.len();
            let span = doc.sentences[s].span;
            let first = starts.partition_point(|&m| m < span.start);
            let named = starts[first..]
                .iter()
                .take_while(|&&m| m < span.end)
                .count();
            if named < MIN_MENTIONS {
                ranges.push(base..base);
                continue;
            }
            let spans = sentence_words(doc, s);
            if spans.is_empty() || spans.len() > MAX_WORDS {
                ranges.push(base..base);
                continue;
            }
            forms.clear();
            forms.extend(spans.iter().map(|w| doc.slice(w.span)));
            let parsed = self.model.tag_and_parse(&forms);
            for (w, p) in spans.iter().zip(parsed) {
                out.push(Word {
                    span: w.span,
                    token: w.token,
                    upos: p.upos,
                    head: (p.head > 0).then(|| base + p.head - 1),
                    deprel: p.deprel,
                });
            }
            ranges.push(base..out.len());
        }
        for (sentence, r) in doc.sentences.iter_mut().zip(ranges) {
            sentence.words = r;
        }
        doc.words = out;
    }
}

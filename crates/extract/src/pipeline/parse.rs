//! Stage 4: parse. Requires sentences, tokens and mentions; creates `Document::words` and each
//! sentence's `words` range: Universal Dependencies syntactic words (clitics and hyphenated
//! compounds split as UD English does, see [`crate::parse::words`]) with a part of speech, a
//! head and a dependency relation from the trained parser ([`crate::parse::ParserModel`]).
//!
//! A sentence is parsed when it names two entities or more (headlines too): the later stages
//! read who did what to whom, who said what and who holds which post, and a sentence that
//! names fewer has no pair to give, so parsing it would only cost time. The quote stage parses
//! later ([`parse_later`]) a sentence naming one entity with a verb of saying or thinking whose
//! attribution the surface patterns did not read. A sentence of more
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
        for (s, named) in named_per_sentence(doc).into_iter().enumerate() {
            let base = out.len();
            if named >= MIN_MENTIONS {
                parse_sentence(self.model, doc, s, &mut forms, &mut out);
            }
            ranges.push(base..out.len());
        }
        for (sentence, r) in doc.sentences.iter_mut().zip(ranges) {
            sentence.words = r;
        }
        doc.words = out;
    }
}

/// Parses sentence `s` of `doc` (unless it has no words or more than [`MAX_WORDS`]) and appends
/// its words to `out`, whose length is the index of its first word.
fn parse_sentence<'d>(
    model: &'static ParserModel,
    doc: &'d Document,
    s: usize,
    forms: &mut Vec<&'d str>,
    out: &mut Vec<Word>,
) {
    let base = out.len();
    let spans = sentence_words(doc, s);
    if spans.is_empty() || spans.len() > MAX_WORDS {
        return;
    }
    forms.clear();
    forms.extend(spans.iter().map(|w| doc.slice(w.span)));
    let parsed = model.tag_and_parse(forms);
    for (w, p) in spans.iter().zip(parsed) {
        out.push(Word {
            span: w.span,
            token: w.token,
            upos: p.upos,
            head: (p.head > 0).then(|| base + p.head - 1),
            deprel: p.deprel,
        });
    }
}

/// Parses sentence `s` after the parse stage, for a later stage that needs its tree (the quote
/// stage, for a sentence naming one entity with a verb of saying whose attribution the surface
/// patterns did not read): its words are appended to `Document::words`. Nothing happens when
/// the sentence is parsed already.
pub(crate) fn parse_later(model: &'static ParserModel, doc: &mut Document, s: usize) {
    if !doc.sentences[s].words.is_empty() {
        return;
    }
    let mut out = std::mem::take(&mut doc.words);
    let base = out.len();
    let mut forms = Vec::new();
    parse_sentence(model, doc, s, &mut forms, &mut out);
    let end = out.len();
    doc.words = out;
    doc.sentences[s].words = base..end;
}

/// How many mentions start in each sentence.
pub(crate) fn named_per_sentence(doc: &Document) -> Vec<usize> {
    let mut starts: Vec<usize> = doc.mentions.iter().map(|m| m.span.start).collect();
    starts.sort_unstable();
    doc.sentences
        .iter()
        .map(|s| {
            let first = starts.partition_point(|&m| m < s.span.start);
            starts[first..]
                .iter()
                .take_while(|&&m| m < s.span.end)
                .count()
        })
        .collect()
}

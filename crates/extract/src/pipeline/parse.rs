//! Stage 4: parse. Requires sentences, tokens and mentions; creates `Document::words` and each
//! sentence's `words` range: Universal Dependencies syntactic words (clitics and hyphenated
//! compounds split as UD English does, see [`crate::parse::words`]; each mention of two words
//! or more is one word, see `names_in`) with a part of speech, a head and a dependency relation
//! from the trained parser ([`crate::parse::ParserModel`]).
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
use std::ops::Range;

use crate::document::{Document, EntityType, Span, Word};
use crate::parse::words::{sentence_words, WordSpan};
use crate::parse::{NameHead, ParsedWord, ParserModel};

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
    let (names, heads) = names_in(doc, s, &spans);
    let mut parsed = model.tag_and_parse_names(forms, &names, &heads);
    // the words of `spans` each parsed word covers (a name's several, else one)
    let mut groups: Vec<Range<usize>> = Vec::with_capacity(parsed.len());
    for r in names
        .iter()
        .cloned()
        .chain(std::iter::once(spans.len()..spans.len()))
    {
        let from = groups.last().map_or(0, |g| g.end);
        groups.extend((from..r.start).map(|k| k..k + 1));
        if !r.is_empty() {
            groups.push(r);
        }
    }
    let name_at: Vec<bool> = groups.iter().map(|g| g.len() > 1).collect();
    titles_before_names(&mut parsed, &name_at);
    subject_of_following_clause(&mut parsed, &name_at);
    for (p, g) in parsed.into_iter().zip(groups) {
        let (first, last) = (spans[g.start], spans[g.end - 1]);
        out.push(Word {
            span: Span::new(first.span.start, last.span.end),
            token: first.token,
            upos: p.upos,
            head: (p.head > 0).then(|| base + p.head - 1),
            deprel: p.deprel,
        });
    }
}

/// "Senate Majority Leader Karen Blix delivered", "Senator Ana Reyes issued": a name right after
/// the noun it is parsed in apposition with or as `flat` of (no comma between: a title)
/// becomes the head, taking the title's place in
/// the tree, and the title its `compound`, as Universal Dependencies has it; the title's
/// dependents after the name go to the name. (A parser that reads the name as one word tends
/// to make the last title noun the head.)
fn titles_before_names(parsed: &mut [ParsedWord<'static>], name_at: &[bool]) {
    for w in 1..parsed.len() {
        let h = w - 1;
        if !name_at[w]
            || name_at[h]
            || !matches!(parsed[w].deprel, "appos" | "flat")
            || parsed[w].head != h + 1
            || !matches!(parsed[h].upos, "NOUN" | "PROPN")
        {
            continue;
        }
        parsed[w].head = parsed[h].head;
        parsed[w].deprel = parsed[h].deprel;
        parsed[h].head = w + 1;
        parsed[h].deprel = "compound";
        for x in parsed.iter_mut().skip(w + 1) {
            if x.head == h + 1 {
                x.head = w + 1;
            }
        }
    }
}

/// "said Karen Blix “was personally involved”": a name parsed as the subject after a verb,
/// followed right away by a clause of that verb with an auxiliary or copula and no subject of
/// its own, is that clause's subject, and the clause the verb's complement (a finite clause
/// needs its subject; "said Karen Blix, “We will ...”" has one and is left alone).
fn subject_of_following_clause(parsed: &mut [ParsedWord<'static>], name_at: &[bool]) {
    let n = parsed.len();
    for x in 0..n {
        let v = parsed[x].head;
        if !name_at[x] || parsed[x].deprel != "nsubj" || v == 0 || v > x {
            continue;
        }
        let v = v - 1;
        // the next word that is no punctuation, and the clause it belongs to
        let Some(next) = (x + 1..n).find(|&k| parsed[k].upos != "PUNCT") else {
            continue;
        };
        let mut c = next;
        while parsed[c].head != 0 && parsed[c].head - 1 != v && parsed[c].head - 1 > x {
            c = parsed[c].head - 1;
        }
        if parsed[c].head != v + 1 || !matches!(parsed[c].deprel, "parataxis" | "ccomp") {
            continue;
        }
        let kids = |rels: &[&str]| {
            (0..n).any(|k| parsed[k].head == c + 1 && rels.contains(&parsed[k].deprel))
        };
        if kids(&["nsubj", "nsubj:pass", "expl", "csubj"]) || !kids(&["aux", "aux:pass", "cop"]) {
            continue;
        }
        parsed[x].head = c + 1;
        parsed[c].deprel = "ccomp";
    }
}

/// The mentions of sentence `s` of two words or more (names: "Ofer Bar-Yosef", "the University
/// of Bordeaux"; also the phrases resolution made mentions, "the company", and, in a sentence
/// parsed later, the agents stage's, "the Japanese foreign minister") as ranges of `words`, in
/// order, not overlapping (the longest first among those starting at one word; a mention
/// inside another is left out and has no word of its own). The parser reads each as one word:
/// a name's inner structure is no clause structure, and a parser trained on a treebank reads
/// an unknown name's words less well than one proper noun ("directed by Ofer Bar-Yosef of
/// Harvard University and Bernard Vandermeersch" is read as "directed by A of B and C"). A
/// mention whose ends fall inside a word (a hyphenated word it cuts) is left out.
fn names_in(doc: &Document, s: usize, words: &[WordSpan]) -> (Vec<Range<usize>>, Vec<NameHead>) {
    let sentence = doc.sentences[s].span;
    let mut names: Vec<(Span, EntityType)> = doc
        .mentions_within(sentence)
        .map(|m| (m.span, m.etype))
        .collect();
    names.sort_unstable_by_key(|(m, _)| (m.start, std::cmp::Reverse(m.end)));
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut heads = Vec::new();
    let mut w = 0;
    for (m, etype) in names {
        while w < words.len() && words[w].span.start < m.start {
            w += 1;
        }
        if w == words.len() || words[w].span.start != m.start {
            continue;
        }
        if out.last().is_some_and(|r| r.end > w) {
            continue;
        }
        let Some(k) = words[w..].iter().position(|x| x.span.end >= m.end) else {
            continue;
        };
        if k > 0 && words[w + k].span.end == m.end {
            out.push(w..w + k + 1);
            heads.push(name_head(etype));
        }
    }
    (out, heads)
}

/// How the parser reads a name of type `t`: a person's by its first word ("Jack" of "Jack
/// Straw": Universal Dependencies heads a person's name there and hangs the rest as `flat`),
/// any other by its head word.
fn name_head(t: EntityType) -> NameHead {
    if t.is_person() {
        NameHead::First
    } else {
        NameHead::Last
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

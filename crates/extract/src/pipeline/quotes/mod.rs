//! Stage 5: quotations. Requires entities; creates `Document::quotes`.
//!
//! Direct quotes are found from quotation marks (straight or typographic, across paragraphs when
//! a continued paragraph reopens the quote); the speaker comes from a speech cue next to the
//! quote: post-posed ("..., said Segal" / "..., Segal said" / "..., she said"), pre-posed ("Wang
//! told reporters, ..."), or "according to X". A quote with no cue of its own continues the
//! previous speaker in the same or previous paragraph. "According to (an outlet)" beside another
//! speaker marks the outlet as relaying the quote. Indirect speech: "X said (that) ...".
//!
//! The stage in parts: `spans` finds the quotation marks and joins the pieces of one quotation,
//! `speaker` finds the cue and speaker beside a quote, `attribution` widens mixed quotes and
//! finds indirect speech ("X said (that) ...", "according to X").

mod attribution;
mod spans;
mod speaker;
#[cfg(test)]
mod tests;
mod tree;

use std::sync::Arc;

use super::Stage;
use crate::document::{Document, Quote, QuoteKind, Span, TokenKind};
use crate::parse::ParserModel;
use crate::resources::Resources;
use attribution::{is_thinking_cue, NAMING_VERBS};
use spans::{find_marks, join_pieces};

pub struct Quotes {
    res: Arc<Resources>,
    /// For the sentences that need a tree and the parse stage left unparsed.
    parser: &'static ParserModel,
}

impl Quotes {
    pub fn new(res: Arc<Resources>, parser: &'static ParserModel) -> Self {
        Quotes { res, parser }
    }
}

impl Stage for Quotes {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn run(&self, doc: &mut Document) {
        let body = span(doc.body_start, doc.text.len());
        let mut cues: Vec<Span> = self
            .res
            .speech_matcher
            .find(&doc.text, &doc.tokens, body)
            .into_iter()
            .map(|m| m.span)
            .collect();
        // verbs of naming attribute the quoted words that follow them ("called it “a disaster”");
        // the verbs of `speech_postposed.txt` are cues right after a quote only ("“...,” Toomey
        // fumed", "“...,” the editorial read"); verbs of thinking are read last (see
        // `thinking_attributions`): one pass over the words finds all three
        let mut postposed: Vec<Span> = Vec::new();
        let mut thinking: Vec<Span> = Vec::new();
        for (k, t) in doc.tokens.iter().enumerate() {
            if t.span.start < body.start || t.kind != TokenKind::Word {
                continue;
            }
            let w = doc.slice(t.span).to_lowercase();
            if NAMING_VERBS.contains(&w.as_str()) {
                cues.push(t.span);
            } else if self.res.postposed_cues.contains(&w) {
                postposed.push(t.span);
            }
            if is_thinking_cue(doc, k, &w) {
                thinking.push(t.span);
            }
        }
        cues.sort_by_key(|c| c.start);
        // a cue inside a name is no cue ("the United States", "Says You"); a cue that runs into
        // a name ends before it ("told The Atlantic": "told")
        cues.retain_mut(|c| {
            if let Some(m) = doc.mentions_starting_in(*c).first() {
                let k = doc.token_at_or_after(m.span.start);
                match k.checked_sub(1).map(|j| doc.tokens[j].span) {
                    Some(prev) if prev.start >= c.start && m.span.start > c.start => {
                        *c = span(c.start, prev.end)
                    }
                    _ => return false,
                }
            }
            doc.mentions_holding(span(c.start, c.start + 1))
                .next()
                .is_none()
        });
        let marks = find_marks(doc);
        // any verb in the past tense right after a quote that ends a clause and its subject
        // ("“...,” he surmised", "“...,” the nominee riffed", "“...,” riffed Pence"): news
        // writes nothing else there
        for mk in &marks {
            if let Some(v) = mk
                .close
                .and_then(|c| verb_after_quote(doc, mk.open, mk.last, c))
            {
                postposed.push(doc.tokens[v].span);
            }
        }
        postposed.sort_by_key(|c| c.start);
        postposed.dedup();
        // "put it" attributes only after "as" ("As Ms. Simonyan put it in a statement, ...") or
        // before a comma or colon ("X put it: ..."); "put it to a vote" does not
        cues.retain(|c| {
            if !doc.slice(*c).eq_ignore_ascii_case("put it") {
                return true;
            }
            let k = doc.token_at_or_after(c.start);
            let after_as =
                (k.saturating_sub(6)..k).any(|j| doc.token_text(j).eq_ignore_ascii_case("as"));
            after_as || doc.text[c.end..].trim_start().starts_with([',', ':'])
        });
        // the cues after a quote: these and the post-posed ones
        let mut post_cues = cues.clone();
        post_cues.extend(
            postposed.into_iter().filter(|&t| {
                cues_in(&cues, t).is_empty() && doc.mentions_holding(t).next().is_none()
            }),
        );
        post_cues.sort_by_key(|c| c.start);
        let quoted: Vec<Span> = marks
            .iter()
            .map(|m| {
                span(
                    doc.tokens[m.open].span.start,
                    doc.tokens[m.close.unwrap_or(m.last)].span.end,
                )
            })
            .collect();
        let mut quotes: Vec<Quote> = Vec::new();
        // per quote: was its attribution its own (not inherited from the previous quote)?
        let mut own: Vec<bool> = Vec::new();
        for mk in &marks {
            let content = span(
                doc.tokens[mk.open + 1].span.start,
                doc.tokens[mk.last].span.end,
            );
            let words = (mk.open + 1..=mk.last)
                .filter(|&k| doc.tokens[k].kind == TokenKind::Word)
                .count();
            // the cues from the sentence before the opening mark to the one after the closing
            // mark: no attribution reaches further (a scan of every cue per quote made
            // quote-heavy articles quadratic)
            let near = {
                let first = doc
                    .sentence_at(doc.tokens[mk.open].span.start)
                    .map_or(0, |i| i.saturating_sub(1));
                let last = doc
                    .sentence_at(doc.tokens[mk.close.unwrap_or(mk.last)].span.start)
                    .map_or(doc.sentences.len(), |i| (i + 2).min(doc.sentences.len()));
                let from = doc.sentences.get(first).map_or(0, |s| s.span.start);
                let to = last
                    .checked_sub(1)
                    .and_then(|i| doc.sentences.get(i))
                    .map_or(doc.text.len(), |s| s.span.end)
                    .max(doc.tokens[mk.last].span.end);
                span(from.min(doc.tokens[mk.open].span.start), to)
            };
            // (only after a quote that opens a sentence or a clause and closes as one: “...,” /
            // “...?” / “...”, — not after a phrase quoted inside a sentence: “liberals” allowed
            // terrorism, chanting “Bernie or Jill,” questioned ...)
            let opens_clause = mk.open == 0
                || doc.tokens[mk.open].para_start
                || doc.tokens[mk.open].line_start
                || doc.sentence_at(doc.tokens[mk.open].span.start)
                    != doc.sentence_at(doc.tokens[mk.open - 1].span.start)
                || matches!(
                    doc.token_text(mk.open - 1),
                    ":" | "," | "—" | "–" | "-" | "("
                );
            let punctuated = opens_clause
                && mk.close.is_some_and(|c| {
                    doc.text[..doc.tokens[c].span.start]
                        .trim_end()
                        .ends_with([',', '?', '!', '.'])
                        || doc
                            .tokens
                            .get(c + 1)
                            .is_some_and(|t| doc.slice(t.span) == ",")
                });
            let near_post = cues_in(if punctuated { &post_cues } else { &cues }, near);
            let near = cues_in(&cues, near);
            let attribution = self
                .post(doc, mk, near_post)
                .or_else(|| self.pre(doc, mk, near, &quoted));
            let short = words < 4;
            // the second half of a quote interrupted by its attribution: “...,” said X, “...”
            let interrupted = quotes.last().is_some_and(|prev: &Quote| {
                prev.speaker_span.is_some()
                    && prev.evidence.contains(doc.tokens[mk.open].span)
                    && prev
                        .cue
                        .is_some_and(|c| c.start > prev.content.end && c.end < content.start)
            });
            if short && attribution.is_none() && !interrupted {
                continue; // scare quotes, titles of works
            }
            // the word before the opening mark, in the same sentence
            let before_open = mk
                .open
                .checked_sub(1)
                .filter(|&k| {
                    !doc.tokens[mk.open].para_start
                        && doc.sentence_at(doc.tokens[k].span.start)
                            == doc.sentence_at(doc.tokens[mk.open].span.start)
                })
                .map(|k| doc.token_text(k));
            // a short quote is a fragment of a sentence unless its attribution follows it
            let post_posed = attribution
                .as_ref()
                .is_some_and(|a| a.cue.start >= content.end);
            let mixed = (short && !post_posed && !interrupted)
                || before_open.is_some_and(|w| {
                    w.chars().next().is_some_and(|c| c.is_lowercase())
                        && !near
                            .iter()
                            .any(|c| c.end == doc.tokens[mk.open - 1].span.end)
                });
            let s0 = doc
                .sentence_at(doc.tokens[mk.open].span.start)
                .map(|i| doc.sentences[i].span);
            let s1 = doc
                .sentence_at(doc.tokens[mk.close.unwrap_or(mk.last)].span.start)
                .map(|i| doc.sentences[i].span);
            let mut evidence = match (s0, s1) {
                (Some(a), Some(b)) => a.cover(b),
                _ => content,
            };
            let mut q = Quote {
                content,
                parts: Vec::new(),
                kind: if mixed {
                    QuoteKind::Mixed
                } else {
                    QuoteKind::Direct
                },
                speaker_span: None,
                speaker: None,
                cue: None,
                reported_by: None,
                evidence,
                confidence: 0.6,
            };
            let has_own = attribution.is_some();
            if let Some(a) = attribution {
                evidence = evidence.cover(a.cue);
                q.evidence = evidence;
                q.cue = Some(a.cue);
                q.speaker_span = a.speaker_span;
                q.speaker = a.speaker;
                q.reported_by = a.reported_by;
                q.confidence = a.confidence;
            } else if let Some(prev) = quotes.last() {
                // a continuation: same or previous paragraph, nobody else named in between
                // the gap, and what follows the quote in its sentence (“...,” Name, a ..., told X.)
                let gap = span(prev.content.end, content.start);
                let after = span(content.end, s1.map_or(content.end, |s| s.end));
                let para_breaks = doc
                    .tokens
                    .iter()
                    .filter(|t| t.para_start && gap.contains(t.span))
                    .count();
                // another actor named outside the previous attribution's sentence takes the floor
                let attribution_sentence = prev
                    .cue
                    .and_then(|c| doc.sentence_at(c.start))
                    .map(|i| doc.sentences[i].span);
                let intruder = doc
                    .mentions_starting_in(gap)
                    .iter()
                    .chain(doc.mentions_starting_in(after))
                    .any(|m| {
                        (gap.contains(m.span) || after.contains(m.span))
                            && !within_quoted(&quoted, m.span)
                            && !attribution_sentence.is_some_and(|s| s.contains(m.span))
                            && m.entity.is_some_and(|e| {
                                doc.entities[e].etype.is_actor() && Some(e) != prev.speaker
                            })
                    });
                // "McConnell delivered a blunt message to Trump: “...”": a colon after a
                // sentence naming another actor introduces that actor's words (see
                // `colon_speakers`), not more of the previous speaker's
                let lead = doc.text[..doc.tokens[mk.open].span.start].trim_end();
                let introduced = lead.ends_with(':')
                    && doc.sentence_at(lead.len() - 1).is_some_and(|si| {
                        let s = doc.sentences[si].span;
                        doc.mentions_starting_in(span(s.start, lead.len()))
                            .iter()
                            .any(|m| {
                                !within_quoted(&quoted, m.span)
                                    && m.entity.is_some_and(|e| {
                                        doc.entities[e].etype.is_actor() && Some(e) != prev.speaker
                                    })
                            })
                    });
                if prev.speaker_span.is_some() && para_breaks <= 1 && !intruder && !introduced {
                    q.speaker_span = prev.speaker_span;
                    q.speaker = prev.speaker;
                    q.cue = prev.cue;
                    q.reported_by = prev.reported_by;
                    q.confidence = 0.65;
                }
            }
            quotes.push(q);
            own.push(has_own);
        }
        self.extend_mixed(doc, &mut quotes, &own);
        let mut quotes = join_pieces(doc, quotes, &own);
        self.tree_speakers(doc, &mut quotes);
        self.colon_speakers(doc, &mut quotes);
        self.post_speakers(doc, &mut quotes);
        self.governing_speakers(doc, &mut quotes);
        self.indirect(doc, &cues, &mut quotes);
        self.parse_unread(doc, &quotes);
        self.tree_attributions(doc, &mut quotes);
        self.thinking_attributions(doc, &thinking, &mut quotes);
        self.colon_lines(doc, &mut quotes);
        quotes.sort_by_key(|q| q.content.start);
        // only actors speak or relay ("officials in Canberra said": the place keeps its words)
        for q in &mut quotes {
            let actor = |e: &usize| doc.entities[*e].etype.is_actor();
            q.speaker = q.speaker.filter(actor);
            q.reported_by = q.reported_by.filter(actor);
        }
        doc.quotes = quotes;
    }
}

/// Pronouns that stand as the subject of a post-posed verb of saying.
const SUBJECT_PRONOUNS: &[&str] = &[
    "he", "she", "they", "i", "we", "He", "She", "They", "I", "We",
];
/// Past tenses after a quote and a subject that do not make the subject the speaker: "“...,”
/// he used to", and reporting another's words ("“...,” the newspaper quoted Ogden as saying").
const NOT_ATTRIBUTING: &[&str] = &[
    "used", "based", "involved", "needed", "wanted", "tried", "quoted", "cited", "reported",
];

/// Words that may follow a post-posed verb of saying: "he surmised on Sunday", "riffed at".
const AFTER_VERB: &[&str] = &[
    "on",
    "in",
    "at",
    "to",
    "after",
    "before",
    "during",
    "as",
    "while",
    "when",
    "last",
    "this",
    "yesterday",
    "today",
    "with",
    "about",
    "from",
    "and",
    "but",
];

/// A word that reads as a verb in the past tense: lowercase letters ending in "ed".
fn past_verb(w: &str) -> bool {
    w.len() >= 5
        && w.ends_with("ed")
        && w.chars().all(|c| c.is_ascii_lowercase())
        && !NOT_ATTRIBUTING.contains(&w)
}

/// The token of a verb in the past tense that attributes the quote closing at `close`: the quote
/// ends a clause (its last word inside is ",", "?" or "!"), and after the closing mark come a
/// subject and the verb ("he surmised", "Pence riffed", "the Republican nominee riffed") or the
/// verb and a subject ("riffed Pence", "riffed the nominee"), in the same paragraph.
fn verb_after_quote(doc: &Document, open: usize, last: usize, close: usize) -> Option<usize> {
    if !matches!(doc.token_text(last), "," | "?" | "!") {
        return None;
    }
    // a quote of a word or two is a title or a term ("“Lincoln,” the film released in 2012")
    let words = (open + 1..last)
        .filter(|&j| doc.tokens[j].kind == TokenKind::Word)
        .count();
    if words < 3 {
        return None;
    }
    let n = doc.tokens.len();
    let k = close + 1;
    let same_paragraph = |j: usize| j < n && (k..=j).all(|i| !doc.tokens[i].para_start);
    if !same_paragraph(k + 1) {
        return None;
    }
    let text = |j: usize| doc.token_text(j);
    let capital = |j: usize| text(j).starts_with(char::is_uppercase);
    // verb first: "riffed Pence", "riffed the nominee"
    let quote_sentence = doc.sentence_at(doc.tokens[close].span.start);
    let in_quote_sentence = |j: usize| doc.sentence_at(doc.tokens[j].span.start) == quote_sentence;
    if past_verb(text(k)) && (capital(k + 1) || text(k + 1) == "the") && in_quote_sentence(k) {
        return Some(k);
    }
    // a pronoun or a name, then the verb
    let after_subject = if SUBJECT_PRONOUNS.contains(&text(k)) {
        Some(k + 1)
    } else if let Some(m) = doc.mentions_starting_in(doc.tokens[k].span).first() {
        Some(doc.token_at_or_after(m.span.end))
    } else if matches!(text(k), "the" | "a" | "an") {
        // "the Republican vice-presidential nominee riffed": up to four words, no punctuation
        (k + 2..(k + 6).min(n))
            .take_while(|&j| doc.tokens[j - 1].kind == TokenKind::Word)
            .find(|&j| past_verb(text(j)))
    } else {
        None
    };
    // the verb ends its clause or goes on with an adverbial ("he surmised.", "riffed on
    // Monday"), and stays in the quote's sentence ("“Will you resign?” He walked out." is not
    // attribution; "the newly elected mayor said": "elected" is no verb here)
    let ends_clause = |j: usize| {
        j + 1 >= n
            || doc.tokens[j + 1].kind != TokenKind::Word
            || AFTER_VERB.contains(&text(j + 1))
            || text(j + 1).ends_with("ly")
    };
    after_subject.filter(|&j| {
        same_paragraph(j) && past_verb(text(j)) && ends_clause(j) && in_quote_sentence(j)
    })
}

/// A span from `start` to `end`, empty when `end` comes first: the patterns of this stage
/// compute ends from clause boundaries, which may fall before the start on odd text; a stage
/// never panics.
fn span(start: usize, end: usize) -> Span {
    Span::new(start, end.max(start))
}

fn next_token_start(doc: &Document, pos: usize) -> usize {
    let k = doc.token_at_or_after(pos);
    doc.tokens.get(k).map_or(pos, |t| t.span.start)
}

/// End of the clause that starts at `from`: the next comma, semicolon or period-ending token.
fn clause_end(doc: &Document, from: usize, limit: usize) -> usize {
    let mut end = from;
    for t in &doc.tokens[doc.token_at_or_after(from)..] {
        if t.span.start >= limit {
            break;
        }
        let s = &doc.text[t.span.start..t.span.end];
        if matches!(
            s,
            "," | ";" | "." | "!" | "?" | ":" | "“" | "”" | "\"" | "—" | "("
        ) {
            break;
        }
        end = t.span.end;
    }
    end
}

fn trim_end(doc: &Document, span: Span) -> usize {
    if span.start >= span.end {
        return span.start;
    }
    span.start + doc.text[span.start..span.end].trim_end().len()
}

/// A sentence span without its final punctuation.
fn trim_terminal(doc: &Document, span: Span) -> usize {
    if span.start >= span.end {
        return span.start;
    }
    let t = doc.text[span.start..span.end].trim_end();
    let t = t.trim_end_matches(['.', '!', '?', '”', '"']);
    span.start + t.len()
}

/// The cues (sorted by start) that start within `within`.
pub(super) fn cues_in(cues: &[Span], within: Span) -> &[Span] {
    let lo = cues.partition_point(|c| c.start < within.start);
    let hi = cues.partition_point(|c| c.start < within.end);
    &cues[lo..hi.max(lo)]
}

/// Whether `s` lies inside one of the quoted stretches (sorted by start, never overlapping).
fn within_quoted(quoted: &[Span], s: Span) -> bool {
    let i = quoted.partition_point(|q| q.start <= s.start);
    quoted[..i].iter().rev().take(2).any(|q| q.contains(s))
}

//! Stage 1: tokens and sentences. Requires the text; creates `Document::tokens` and
//! `Document::sentences`. Knows abbreviations ("U.S.", "Sen.", "Dr.") so that they neither end a
//! sentence nor lose their period, splits possessive "'s", and keeps quotation marks as tokens.

use super::util::{starts_upper, NOT_NAMES};
use crate::document::{Document, Sentence, Span, Token, TokenKind};
use unicode_normalization::char::is_combining_mark;

/// Abbreviations that keep their period (compared without the period, case-sensitive).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt",
    "Adm", "Cmdr", "Rev", "Hon", "Pres", "Amb", "Supt", "Insp", "Det", "St", "Ste", "Jr", "Sr",
    "Inc", "Corp", "Ltd", "Co", "Bros", "Plc", "LLC", "Dept", "Univ", "Assn", "No", "Nos", "vs",
    "etc", "al", "approx", "Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "Mon", "Tue", "Tues", "Wed", "Thu", "Thurs", "Fri", "Sat", "Sun", "Mt", "Ft", "Ave", "Blvd",
    "Rd", "est", "e.g", "i.e", "Ph.D", "a.m", "p.m", "Msgr",
];

/// Abbreviations that precede a name and therefore never end a sentence.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt",
    "Adm", "Cmdr", "Rev", "Hon", "Pres", "Amb", "Supt", "Insp", "Det", "St", "Mt", "Msgr", "No",
    "vs",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '”'
            | '„'
            | '‟'
            | '«'
            | '»'
            | '‘'
            | '‚'
            | '‹'
            | '›'
            | '’'
            | '\''
            | '`'
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Split `text[from..]` into tokens.
pub fn tokenize(text: &str, from: usize) -> Vec<Token> {
    let bytes_len = text.len();
    let chars: Vec<(usize, char)> = text[from..]
        .char_indices()
        .map(|(b, c)| (b + from, c))
        .collect();
    let n = chars.len();
    let pos = |i: usize| if i < n { chars[i].0 } else { bytes_len };
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut newlines = 0usize;
    let mut at_start = true;
    while i < n {
        let c = chars[i].1;
        if c.is_whitespace() {
            if c == '\n' {
                newlines += 1;
            }
            i += 1;
            continue;
        }
        let start = i;
        let kind;
        if is_word_char(c) {
            // a word (or number), with internal joiners, abbreviation periods and possessives split
            let numeric = c.is_ascii_digit();
            let mut j = i + 1;
            loop {
                while j < n && is_word_char(chars[j].1) {
                    j += 1;
                }
                if j + 1 < n && is_word_char(chars[j + 1].1) {
                    let joiner = chars[j].1;
                    let ok = match joiner {
                        '-' | '&' | '_' | '/' if !numeric || joiner != '/' => {
                            joiner != '/' || numeric
                        }
                        '.' | ',' if numeric => chars[j + 1].1.is_ascii_digit(),
                        '.' => true,
                        '\'' | '’' => {
                            // split possessive 's / ’s unless more letters follow ("don't" stays)
                            let s_next = matches!(chars[j + 1].1, 's' | 'S')
                                && (j + 2 >= n || !is_word_char(chars[j + 2].1));
                            !s_next
                        }
                        _ => false,
                    };
                    if ok {
                        j += 1;
                        continue;
                    }
                }
                break;
            }
            // abbreviation period: "U.S." "Sen." "J." (an initial)
            if j < n && chars[j].1 == '.' {
                let word = &text[pos(i)..pos(j)];
                let initial = word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase());
                let dotted = word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2);
                if initial || dotted || ABBREVIATIONS.contains(&word) {
                    j += 1;
                }
            }
            kind = if numeric {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            i = j;
        } else if is_apostrophe(c)
            && i + 1 < n
            && matches!(chars[i + 1].1, 's' | 'S')
            && (i + 2 >= n || !is_word_char(chars[i + 2].1))
            && i > 0
            && is_word_char(chars[i - 1].1)
        {
            // possessive suffix as its own token
            kind = TokenKind::Word;
            i += 2;
        } else if is_quote_char(c) {
            kind = TokenKind::Quote;
            // wire copy writes double quotation marks as two single ones: '' and ``
            let doubled = matches!(c, '\'' | '`') && i + 1 < n && chars[i + 1].1 == c;
            i += if doubled { 2 } else { 1 };
        } else {
            kind = TokenKind::Punct;
            i += 1;
        }
        tokens.push(Token {
            span: Span::new(pos(start), pos(i)),
            kind,
            para_start: !at_start && newlines >= 2,
            line_start: !at_start && newlines >= 1,
        });
        at_start = false;
        newlines = 0;
    }
    tokens
}

fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_lowercase())
}

const CONTINUATION_WORDS: &[&str] = &[
    "the", "a", "an", "of", "and", "or", "to", "in", "on", "for", "with", "by", "at", "from",
    "that", "as",
];

/// A closing quotation mark or bracket that belongs to the sentence before it: typographic
/// closers, or a straight quote attached to the preceding token.
fn is_closer(text: &str, tokens: &[Token], j: usize) -> bool {
    let s = &text[tokens[j].span.start..tokens[j].span.end];
    match s {
        "”" | "’" | ")" | "]" | "»" => true,
        "\"" | "'" => j > 0 && tokens[j].span.start == tokens[j - 1].span.end,
        _ => false,
    }
}

/// Does a sentence end after token `i`?
fn ends_after(text: &str, tokens: &[Token], i: usize) -> bool {
    let mut t = &text[tokens[i].span.start..tokens[i].span.end];
    // terminal punctuation followed by closing marks: the last closing mark decides
    if i + 1 < tokens.len()
        && !tokens[i + 1].line_start
        && is_closer(text, tokens, i + 1)
        && (is_terminal(t) || is_closer(text, tokens, i))
    {
        return false;
    }
    if is_closer(text, tokens, i) {
        let mut k = i;
        while k > 0 && is_closer(text, tokens, k) {
            k -= 1;
        }
        let before = &text[tokens[k].span.start..tokens[k].span.end];
        if is_terminal(before) {
            t = before;
        }
    }
    if i + 1 >= tokens.len() {
        return true;
    }
    let next = &tokens[i + 1];
    if next.para_start {
        return true;
    }
    if next.line_start {
        let next_text = &text[next.span.start..next.span.end];
        let prev_lower_cont = t == "," || CONTINUATION_WORDS.contains(&t.to_lowercase().as_str());
        return !(starts_lower(next_text) || prev_lower_cont);
    }
    ends_after_terminal(text, tokens, i, t)
}

fn is_terminal(t: &str) -> bool {
    matches!(t, "." | "!" | "?" | "…")
}

/// `t` is the text of token `i` (the terminal punctuation or abbreviation, before any closing
/// quotes); `last` is the last token of the would-be sentence.
/// `t` is the text of token `last` (terminal punctuation or an abbreviation; after closing
/// marks, the punctuation before them); the caller has handled the end of the text and line
/// breaks.
fn ends_after_terminal(text: &str, tokens: &[Token], last: usize, t: &str) -> bool {
    let next = &tokens[last + 1];
    let next_text = &text[next.span.start..next.span.end];
    if is_terminal(t) {
        return starts_upper(next_text)
            || next_text.starts_with(|c: char| c.is_ascii_digit())
            || next.kind == TokenKind::Quote
            || matches!(next_text, "(" | "[" | "—" | "-");
    }
    if let Some(stem) = t.strip_suffix('.') {
        if stem.contains('.') || ABBREVIATIONS.contains(&stem) || stem.chars().count() == 1 {
            if TITLE_ABBREVIATIONS.contains(&stem) || stem.chars().count() == 1 {
                return false;
            }
            return NOT_NAMES.contains(&next_text) || next.kind == TokenKind::Quote;
        }
    }
    false
}

/// A run of tokens this long without a sentence end is cut after the next comma, semicolon
/// or colon, and one of [`HARD_SENTENCE_TOKENS`] is cut wherever it stands: text without
/// punctuation (a page run together, a list) has no sentences, and every stage's work per
/// sentence must stay bounded whatever the input. News sentences stay far below (EWT's longest
/// holds 159 words).
pub const SOFT_SENTENCE_TOKENS: usize = 200;
/// See [`SOFT_SENTENCE_TOKENS`].
pub const HARD_SENTENCE_TOKENS: usize = 300;

/// Group tokens into sentences.
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..tokens.len() {
        let len = i + 1 - start;
        let cut = len >= HARD_SENTENCE_TOKENS
            || (len >= SOFT_SENTENCE_TOKENS
                && matches!(
                    &text[tokens[i].span.start..tokens[i].span.end],
                    "," | ";" | ":"
                ));
        if cut || ends_after(text, tokens, i) {
            out.push(Sentence {
                span: Span::new(tokens[start].span.start, tokens[i].span.end),
                tokens: start..i + 1,
                headline: false,
                words: 0..0,
            });
            start = i + 1;
        }
    }
    if start < tokens.len() {
        let last = tokens.len() - 1;
        out.push(Sentence {
            span: Span::new(tokens[start].span.start, tokens[last].span.end),
            tokens: start..last + 1,
            headline: false,
            words: 0..0,
        });
    }
    out
}

/// The segmentation stage.
pub struct Segmenter;

impl super::Stage for Segmenter {
    fn name(&self) -> &'static str {
        "segment"
    }
    fn run(&self, doc: &mut Document) {
        doc.tokens = tokenize(&doc.text, doc.body_start);
        doc.sentences = sentences(&doc.text, &doc.tokens);
        // the first sentence is the headline when it is alone on the first line and matches the title
        if let (Some(first), Some(title)) = (doc.sentences.first(), doc.meta.title.as_deref()) {
            let s = doc.slice(first.span).trim();
            if s == title.trim() {
                doc.sentences[0].headline = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        tokenize(s, 0)
            .iter()
            .map(|t| s[t.span.start..t.span.end].to_string())
            .collect()
    }

    fn sents(s: &str) -> Vec<String> {
        let t = tokenize(s, 0);
        sentences(s, &t)
            .iter()
            .map(|x| s[x.span.start..x.span.end].to_string())
            .collect()
    }

    #[test]
    fn keeps_abbreviations_and_splits_possessives() {
        assert_eq!(
            toks("U.S. President Donald Trump’s plan, Sen. Li's view."),
            vec![
                "U.S.",
                "President",
                "Donald",
                "Trump",
                "’s",
                "plan",
                ",",
                "Sen.",
                "Li",
                "'s",
                "view",
                "."
            ]
        );
        assert_eq!(
            toks("deputy director-general don't 1,000.5"),
            vec!["deputy", "director-general", "don't", "1,000.5"]
        );
    }

    #[test]
    fn sentence_boundaries_respect_abbreviations_and_quotes() {
        let s = "The U.S. Treasury Department said so. Dr. Ana Ruiz agreed. \"It works,\" she said. He left.";
        assert_eq!(
            sents(s),
            vec![
                "The U.S. Treasury Department said so.",
                "Dr. Ana Ruiz agreed.",
                "\"It works,\" she said.",
                "He left."
            ]
        );
        let s2 = "It was made in the U.S. The plan failed.\n\nNew paragraph here";
        assert_eq!(
            sents(s2),
            vec![
                "It was made in the U.S.",
                "The plan failed.",
                "New paragraph here"
            ]
        );
        let s3 = "“This is over.” Then he left.";
        assert_eq!(sents(s3), vec!["“This is over.”", "Then he left."]);
    }

    #[test]
    fn strange_text_never_panics() {
        for s in [
            "",
            " ",
            "\u{0}\u{1}",
            "''''",
            "“”",
            "...",
            "a.b.c.",
            "Zürich’s Nguyễn’",
            "\n\n\n",
            "-",
        ] {
            let t = tokenize(s, 0);
            let _ = sentences(s, &t);
        }
    }
}

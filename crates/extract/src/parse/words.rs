//! Syntactic words from newsgraph's tokens, the way Universal Dependencies English treebanks
//! split them: clitics apart ("don't" = "do" + "n't", "I'm" = "I" + "'m", "can't" = "ca" +
//! "n't"; possessive "'s" is already a token of its own), hyphenated words in three ("Sino-US"
//! = "Sino" "-" "US"), everything else as tokenised. Each word keeps its byte span in the
//! document, so a parse can be mapped back onto tokens, mentions and quotes.

use crate::document::{Document, Span, TokenKind};

/// One syntactic word: its span in `Document::text`, the token it comes from, and whether
/// whitespace follows it (CoNLL-U `SpaceAfter=No` when not).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordSpan {
    pub span: Span,
    pub token: usize,
    pub space_after: bool,
}

/// Endings split off as words of their own, longest first; matched case-insensitively with
/// straight or typographic apostrophes.
const CLITICS: &[&str] = &["n't", "'ll", "'re", "'ve", "'m", "'d"];

/// The syntactic words of sentence `s` of `doc`.
pub fn sentence_words(doc: &Document, s: usize) -> Vec<WordSpan> {
    let sentence = &doc.sentences[s];
    let mut out = Vec::new();
    for t in sentence.tokens.clone() {
        let tok = &doc.tokens[t];
        let text = doc.slice(tok.span);
        // the text's last token has nothing glued to it
        let space_after = doc
            .tokens
            .get(t + 1)
            .is_none_or(|n| n.span.start > tok.span.end);
        let mut pieces: Vec<Span> = Vec::new();
        if let Some(cut) = magnitude_cut(text) {
            pieces.push(Span::new(tok.span.start, tok.span.start + cut));
            pieces.push(Span::new(tok.span.start + cut, tok.span.end));
        } else if tok.kind == TokenKind::Word {
            split_word(text, tok.span.start, &mut pieces);
        } else {
            pieces.push(tok.span);
        }
        let n = pieces.len();
        for (i, span) in pieces.into_iter().enumerate() {
            out.push(WordSpan {
                span,
                token: t,
                space_after: if i + 1 == n { space_after } else { false },
            });
        }
    }
    out
}

/// Magnitudes written glued to a number in news copy ("£100m", "$5bn", "30k"), split off as
/// UD English does ("$3M" = "$" "3" "M"): read whole, the tagger takes an unknown word such as
/// "5bn" for a particle and the parse of its clause breaks.
const MAGNITUDES: &[&str] = &["m", "mn", "bn", "b", "k", "tn", "trn"];

/// Where a number glued to a magnitude ("100m", "1.2bn") splits, if `text` is one.
fn magnitude_cut(text: &str) -> Option<usize> {
    let cut = text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
    let (number, unit) = text.split_at(cut);
    (number.starts_with(|c: char| c.is_ascii_digit())
        && number.ends_with(|c: char| c.is_ascii_digit())
        && MAGNITUDES.iter().any(|m| unit.eq_ignore_ascii_case(m)))
    .then_some(cut)
}

fn split_word(text: &str, base: usize, out: &mut Vec<Span>) {
    // "cannot" -> "can" "not", "gonna" -> "gon" "na", as UD English writes them
    for (word, cut) in [("cannot", 3), ("gonna", 3), ("wanna", 3), ("gotta", 3)] {
        if text.eq_ignore_ascii_case(word) {
            out.push(Span::new(base, base + cut));
            out.push(Span::new(base + cut, base + text.len()));
            return;
        }
    }
    // a clitic ending: "don't" -> "do" "n't"; "can't" -> "ca" "n't"; "I’m" -> "I" "’m"
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for c in CLITICS {
        let n = c.len(); // the clitics are ASCII: bytes are characters
        if chars.len() > n {
            let cut = chars[chars.len() - n].0;
            let tail = text[cut..].chars().map(|ch| match ch {
                '’' => '\'',
                ch => ch.to_ascii_lowercase(),
            });
            if tail.eq(c.chars()) {
                split_hyphens(&text[..cut], base, out);
                out.push(Span::new(base + cut, base + text.len()));
                return;
            }
        }
    }
    split_hyphens(text, base, out);
}

/// "director-general" -> "director" "-" "general", when letters stand on both sides of each
/// hyphen; numbers and codes ("1-0", "F-16", "COVID-19") stay whole.
fn split_hyphens(text: &str, base: usize, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let splittable = text.contains('-')
        && text
            .split('-')
            .all(|p| !p.is_empty() && p.chars().all(char::is_alphabetic));
    if !splittable {
        out.push(Span::new(base, base + b.len()));
        return;
    }
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b'-' {
            out.push(Span::new(base + start, base + i));
            out.push(Span::new(base + i, base + i + 1));
            start = i + 1;
        }
    }
    out.push(Span::new(base + start, base + b.len()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Metadata;
    use crate::pipeline::segment::Segmenter;
    use crate::pipeline::Stage;

    fn words(text: &str) -> Vec<(String, bool)> {
        let mut doc = Document::new(Metadata::default(), text.to_string());
        Segmenter.run(&mut doc);
        (0..doc.sentences.len())
            .flat_map(|s| sentence_words(&doc, s))
            .map(|w| (doc.slice(w.span).to_string(), w.space_after))
            .collect()
    }

    #[test]
    fn splits_clitics_and_hyphens_like_ud() {
        let w: Vec<String> =
            words("I don't think the director-general can’t see Sino-US F-16 deals. We cannot.")
                .into_iter()
                .map(|(w, _)| w)
                .collect();
        assert_eq!(
            w,
            [
                "I", "do", "n't", "think", "the", "director", "-", "general", "ca", "n’t", "see",
                "Sino", "-", "US", "F-16", "deals", ".", "We", "can", "not", "."
            ]
        );
    }

    #[test]
    fn splits_magnitudes_from_their_numbers() {
        let w: Vec<String> =
            words("It paid £100m, not $1.2bn or 30K, for 3m shares of G8 in 2004.")
                .into_iter()
                .map(|(w, _)| w)
                .collect();
        assert_eq!(
            w,
            [
                "It", "paid", "£", "100", "m", ",", "not", "$", "1.2", "bn", "or", "30", "K", ",",
                "for", "3", "m", "shares", "of", "G8", "in", "2004", "."
            ]
        );
    }

    #[test]
    fn space_after_follows_the_text() {
        let w = words("Macron's plan.");
        assert_eq!(
            w,
            [
                ("Macron".to_string(), false),
                ("'s".to_string(), true),
                ("plan".to_string(), false),
                (".".to_string(), true)
            ]
        );
    }
}

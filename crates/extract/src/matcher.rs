//! Phrase matching on token boundaries: an Aho-Corasick automaton over many surface forms whose
//! matches are kept only where they start and end on token boundaries, then chosen
//! leftmost-longest without overlap.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::document::{Span, Token};

pub struct PhraseMatcher {
    ac: Option<AhoCorasick>,
    /// Pattern id -> payload ids (several payloads may share one surface form).
    payloads: Vec<Vec<u32>>,
}

/// One match: a span and the payloads of the pattern that matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhraseMatch<'a> {
    pub span: Span,
    pub payloads: &'a [u32],
}

impl PhraseMatcher {
    /// `patterns`: (surface form, payload). Equal surface forms share one pattern.
    pub fn new(patterns: impl IntoIterator<Item = (String, u32)>, case_insensitive: bool) -> Self {
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut surfaces: Vec<String> = Vec::new();
        let mut payloads: Vec<Vec<u32>> = Vec::new();
        for (surface, payload) in patterns {
            let surface = surface.trim().to_string();
            if surface.is_empty() {
                continue;
            }
            let key = if case_insensitive {
                surface.to_lowercase()
            } else {
                surface.clone()
            };
            let id = *index.entry(key).or_insert_with(|| {
                surfaces.push(surface.clone());
                payloads.push(Vec::new());
                surfaces.len() - 1
            });
            if !payloads[id].contains(&payload) {
                payloads[id].push(payload);
            }
        }
        let ac = if surfaces.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .ascii_case_insensitive(case_insensitive)
                    .build(&surfaces)
                    .expect("phrase automaton builds from plain strings"),
            )
        };
        PhraseMatcher { ac, payloads }
    }

    /// Non-overlapping matches in `text[range]` that begin at a token start and end at a token
    /// end, leftmost first, longest at each position.
    pub fn find<'a>(&'a self, text: &str, tokens: &[Token], range: Span) -> Vec<PhraseMatch<'a>> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        if tokens.is_empty() || range.is_empty() {
            return Vec::new();
        }
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        let hay = &text[range.start..range.end];
        for m in ac.find_overlapping_iter(hay) {
            let s = m.start() + range.start;
            let e = m.end() + range.start;
            let si = tokens.partition_point(|t| t.span.start < s);
            if si >= tokens.len() || tokens[si].span.start != s {
                continue;
            }
            let ei = tokens.partition_point(|t| t.span.end < e);
            if ei >= tokens.len() || tokens[ei].span.end != e {
                continue;
            }
            // a phrase never crosses a paragraph break
            if (si + 1..=ei).any(|k| tokens[k].para_start) {
                continue;
            }
            cands.push((s, e, m.pattern().as_usize()));
        }
        cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = Vec::new();
        let mut last_end = 0;
        for (s, e, p) in cands {
            if s < last_end {
                continue;
            }
            out.push(PhraseMatch {
                span: Span::new(s, e),
                payloads: &self.payloads[p],
            });
            last_end = e;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::segment::tokenize;

    #[test]
    fn matches_only_whole_tokens_longest_first() {
        let m = PhraseMatcher::new(
            vec![
                ("Intel".to_string(), 0),
                ("South Africa".to_string(), 1),
                ("Africa".to_string(), 2),
            ],
            false,
        );
        let text = "Intelligence from South Africa and Intel’s chips";
        let toks = tokenize(text, 0);
        let found: Vec<_> = m
            .find(text, &toks, Span::new(0, text.len()))
            .into_iter()
            .map(|x| (&text[x.span.start..x.span.end], x.payloads.to_vec()))
            .collect();
        assert_eq!(found, vec![("South Africa", vec![1]), ("Intel", vec![0])]);
    }

    #[test]
    fn case_insensitive_lexicon() {
        let m = PhraseMatcher::new(vec![("deputy director-general".to_string(), 7)], true);
        let text = "Deputy Director-General Wang";
        let toks = tokenize(text, 0);
        assert_eq!(m.find(text, &toks, Span::new(0, text.len())).len(), 1);
    }
}

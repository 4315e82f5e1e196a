//! CoNLL-U reading and writing (<https://universaldependencies.org/format.html>).
//!
//! A sentence keeps its comment lines, its syntactic words (ID FORM LEMMA UPOS XPOS FEATS HEAD
//! DEPREL DEPS MISC) and its multi-word token lines (`3-4`), which are written back before the
//! word they start at. Empty nodes (`8.1`) are skipped. The writer puts our predicted UPOS, HEAD
//! and DEPREL in their columns, keeps ID, FORM and MISC (tokenisation: `SpaceAfter=No`) and
//! writes `_` in the columns we do not predict (LEMMA, XPOS, FEATS, DEPS).

use crate::error::Error;

/// One syntactic word with its gold columns as read.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// 0 = root, else the 1-based id of the head.
    pub head: usize,
    pub deprel: String,
    pub deps: String,
    pub misc: String,
}

/// A multi-word token line (`start-end FORM ...`), kept verbatim.
#[derive(Clone, Debug, PartialEq)]
pub struct MultiwordToken {
    /// 1-based id of the first word it covers.
    pub start: usize,
    pub end: usize,
    pub line: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sentence {
    /// Comment lines with their `#`.
    pub comments: Vec<String>,
    pub words: Vec<Word>,
    pub multiword: Vec<MultiwordToken>,
}

impl Sentence {
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }

    /// A comment's value: `# newdoc id = X` gives `Some("X")` for `"newdoc id"`.
    pub fn comment(&self, key: &str) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            let (k, v) = c.trim_start_matches('#').split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
    }
}

/// A word's predicted analysis: UPOS, head (0 = root, else 1-based) and relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParsedWord<'m> {
    pub upos: &'m str,
    pub head: usize,
    pub deprel: &'m str,
}

/// Read every sentence of a CoNLL-U text; `origin` names the file in errors.
pub fn read_conllu(text: &str, origin: &str) -> Result<Vec<Sentence>, Error> {
    let err = |line: usize, message: String| Error::Data {
        file: origin.to_string(),
        line,
        message,
    };
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    // line numbers of the current sentence's words, to name bad heads
    let mut lines: Vec<usize> = Vec::new();
    let finish = |cur: &mut Sentence, lines: &mut Vec<usize>, out: &mut Vec<Sentence>| {
        let s = std::mem::take(cur);
        let n = s.words.len();
        for (w, l) in s.words.iter().zip(lines.iter()) {
            if w.head > n {
                return Err(err(*l, format!("head {} beyond the {n} words", w.head)));
            }
        }
        for m in &s.multiword {
            if m.end > n {
                return Err(err(
                    0,
                    format!("multi-word token {} beyond the words", m.line),
                ));
            }
        }
        lines.clear();
        if !s.words.is_empty() || !s.comments.is_empty() {
            out.push(s);
        }
        Ok(())
    };
    for (i, raw) in text.lines().enumerate() {
        let ln = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            finish(&mut cur, &mut lines, &mut out)?;
            continue;
        }
        if line.starts_with('#') {
            if !cur.words.is_empty() {
                return Err(err(ln, "comment inside a sentence".into()));
            }
            cur.comments.push(line.to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(ln, format!("{} columns, expected 10", cols.len())));
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node
        }
        if let Some((a, b)) = id.split_once('-') {
            let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) else {
                return Err(err(ln, format!("bad multi-word token id {id:?}")));
            };
            if a != cur.words.len() + 1 || b < a {
                return Err(err(ln, format!("multi-word token {id} out of order")));
            }
            cur.multiword.push(MultiwordToken {
                start: a,
                end: b,
                line: line.to_string(),
            });
            continue;
        }
        match id.parse::<usize>() {
            Ok(n) if n == cur.words.len() + 1 => {}
            _ => {
                return Err(err(
                    ln,
                    format!("bad word id {id:?}, expected {}", cur.words.len() + 1),
                ))
            }
        }
        let head = match cols[6] {
            "_" => 0,
            h => h
                .parse::<usize>()
                .map_err(|_| err(ln, format!("bad head {h:?}")))?,
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            deps: cols[8].to_string(),
            misc: cols[9].to_string(),
        });
        lines.push(ln);
    }
    finish(&mut cur, &mut lines, &mut out)?;
    Ok(out)
}

/// Append a sentence as CoNLL-U with the analyses `parsed` (one per word), ending with a blank
/// line.
pub fn write_sentence(out: &mut String, s: &Sentence, parsed: &[ParsedWord]) {
    for c in &s.comments {
        out.push_str(c);
        out.push('\n');
    }
    let mut mwt = s.multiword.iter().peekable();
    for (i, w) in s.words.iter().enumerate() {
        while let Some(m) = mwt.next_if(|m| m.start == i + 1) {
            out.push_str(&m.line);
            out.push('\n');
        }
        let p = parsed.get(i);
        let field = |x: &str| {
            if x.is_empty() {
                "_".to_string()
            } else {
                x.to_string()
            }
        };
        let line = [
            (i + 1).to_string(),
            field(&w.form),
            "_".into(),
            field(p.map_or("_", |p| p.upos)),
            "_".into(),
            "_".into(),
            p.map_or("_".into(), |p| p.head.to_string()),
            field(p.map_or("_", |p| p.deprel)),
            "_".into(),
            field(&w.misc),
        ]
        .join("\t");
        out.push_str(&line);
        out.push('\n');
    }
    out.push('\n');
}

/// Every sentence as CoNLL-U with its analyses.
pub fn write_conllu(sentences: &[Sentence], parsed: &[Vec<ParsedWord>]) -> String {
    let mut out = String::new();
    for (s, p) in sentences.iter().zip(parsed) {
        write_sentence(&mut out, s, p);
    }
    out
}

/// A sentence's own (gold) analyses, to write it back or score against.
pub fn gold_analysis(s: &Sentence) -> Vec<ParsedWord<'_>> {
    s.words
        .iter()
        .map(|w| ParsedWord {
            upos: &w.upos,
            head: w.head,
            deprel: &w.deprel,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# newdoc id = test_news_1\n# sent_id = 1\n# text = I can't go.\n\
1\tI\tI\tPRON\tPRP\tCase=Nom\t4\tnsubj\t4:nsubj\t_\n\
2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tca\tcan\tAUX\tMD\t_\t4\taux\t4:aux\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n\
4\tgo\tgo\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n\
4.1\tgone\tgo\tVERB\tVB\t_\t_\t_\t4:conj\t_\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n\
\n\
# sent_id = 2\n\
1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t0:root\t_\n\n";

    fn cols(text: &str, keep: &[usize]) -> Vec<String> {
        text.lines()
            .filter(|l| !l.contains(".1\t"))
            .map(|l| {
                if l.starts_with('#') || l.is_empty() || l.split('\t').next().unwrap().contains('-')
                {
                    l.to_string()
                } else {
                    let c: Vec<&str> = l.split('\t').collect();
                    keep.iter().map(|&i| c[i]).collect::<Vec<_>>().join("\t")
                }
            })
            .collect()
    }

    #[test]
    fn round_trip_keeps_comments_multiword_tokens_and_our_columns() {
        let s = read_conllu(TEXT, "t.conllu").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words.len(), 5);
        assert_eq!(s[0].comment("newdoc id"), Some("test_news_1"));
        assert_eq!(s[0].words[1].form, "ca");
        assert_eq!(s[0].multiword[0].start, 2);
        let parsed: Vec<Vec<ParsedWord>> = s.iter().map(gold_analysis).collect();
        let out = write_conllu(&s, &parsed);
        let keep = [0, 1, 3, 6, 7, 9];
        assert_eq!(cols(&out, &keep), cols(TEXT, &keep));
        // and reading our output gives the same sentences' kept columns
        let again = read_conllu(&out, "out").unwrap();
        assert_eq!(again.len(), 2);
        assert_eq!(again[0].words[3].head, 0);
        assert_eq!(again[0].multiword, s[0].multiword);
        assert_eq!(again[0].comments, s[0].comments);
        assert!(out
            .lines()
            .any(|l| l == "4\tgo\t_\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No"));
    }

    fn line_of(r: Result<Vec<Sentence>, Error>) -> (String, usize) {
        match r {
            Err(Error::Data { file, line, .. }) => (file, line),
            other => panic!("expected a data error, got {other:?}"),
        }
    }

    #[test]
    fn errors_name_file_and_line() {
        let bad_cols = "# c\n1\tA\t_\tX\n";
        assert_eq!(line_of(read_conllu(bad_cols, "f")), ("f".into(), 2));
        let bad_id = "1\tA\t_\tX\t_\t_\t0\troot\t_\t_\n3\tB\t_\tX\t_\t_\t1\tdep\t_\t_\n";
        assert_eq!(line_of(read_conllu(bad_id, "f")).1, 2);
        let bad_head = "1\tA\t_\tX\t_\t_\t0\troot\t_\t_\n2\tB\t_\tX\t_\t_\tx\tdep\t_\t_\n";
        assert_eq!(line_of(read_conllu(bad_head, "f")).1, 2);
        let far_head = "\n1\tA\t_\tX\t_\t_\t0\troot\t_\t_\n2\tB\t_\tX\t_\t_\t9\tdep\t_\t_\n\n";
        assert_eq!(line_of(read_conllu(far_head, "f")).1, 3);
    }
}

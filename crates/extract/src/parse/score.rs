//! Tagging and parsing scores in the CoNLL 2018 shared task style: over every syntactic word,
//! punctuation included, with gold tokenisation. LAS compares universal relations (the part
//! before `:`, as the shared task's evaluation does); `las_full` compares whole labels with
//! their subtypes (`nmod:poss`).

use serde::{Deserialize, Serialize};

use super::conllu::{ParsedWord, Sentence};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ParseScore {
    pub sentences: usize,
    pub words: usize,
    pub upos_correct: usize,
    pub head_correct: usize,
    pub las_correct: usize,
    pub las_full_correct: usize,
    pub upos: f64,
    pub uas: f64,
    pub las: f64,
    pub las_full: f64,
}

fn universal(l: &str) -> &str {
    l.split(':').next().unwrap_or(l)
}

impl ParseScore {
    /// Count one sentence (its words and `pred` must align).
    pub fn add(&mut self, gold: &Sentence, pred: &[ParsedWord]) {
        self.sentences += 1;
        for (g, p) in gold.words.iter().zip(pred) {
            self.words += 1;
            self.upos_correct += (g.upos == p.upos) as usize;
            if g.head == p.head {
                self.head_correct += 1;
                self.las_correct += (universal(&g.deprel) == universal(p.deprel)) as usize;
                self.las_full_correct += (g.deprel == p.deprel) as usize;
            }
        }
        // words the prediction lacks count as wrong
        self.words += gold.words.len().saturating_sub(pred.len());
        self.finish();
    }

    /// Add another score's counts (several files as one); rates recomputed.
    pub fn merge(&mut self, other: &ParseScore) {
        self.sentences += other.sentences;
        self.words += other.words;
        self.upos_correct += other.upos_correct;
        self.head_correct += other.head_correct;
        self.las_correct += other.las_correct;
        self.las_full_correct += other.las_full_correct;
        self.finish();
    }

    fn finish(&mut self) {
        let n = self.words.max(1) as f64;
        self.upos = self.upos_correct as f64 / n;
        self.uas = self.head_correct as f64 / n;
        self.las = self.las_correct as f64 / n;
        self.las_full = self.las_full_correct as f64 / n;
    }
}

/// Score predictions against gold sentences.
pub fn score(gold: &[Sentence], pred: &[Vec<ParsedWord>]) -> ParseScore {
    let mut s = ParseScore::default();
    for (g, p) in gold.iter().zip(pred) {
        s.add(g, p);
    }
    s.finish();
    s
}

#[cfg(test)]
mod tests {
    use super::super::conllu::{gold_analysis, read_conllu};
    use super::*;

    #[test]
    fn counts_heads_labels_and_subtypes() {
        let text =
            "1\tMy\t_\tPRON\t_\t_\t2\tnmod:poss\t_\t_\n2\tdog\t_\tNOUN\t_\t_\t3\tnsubj\t_\t_\n\
3\tbarks\t_\tVERB\t_\t_\t0\troot\t_\t_\n4\t.\t_\tPUNCT\t_\t_\t3\tpunct\t_\t_\n\n";
        let s = read_conllu(text, "t").unwrap();
        let mut p = gold_analysis(&s[0]);
        let perfect = score(&s, &[p.clone()]);
        assert_eq!((perfect.upos, perfect.uas, perfect.las), (1.0, 1.0, 1.0));
        p[0].deprel = "nmod"; // subtype differs: LAS right, full LAS wrong
        p[1].upos = "PROPN";
        p[3].head = 2; // wrong head
        let sc = score(&s, &[p]);
        assert_eq!(sc.words, 4);
        assert_eq!(sc.upos, 0.75);
        assert_eq!(sc.uas, 0.75);
        assert_eq!(sc.las, 0.75);
        assert_eq!(sc.las_full, 0.5);
    }
}

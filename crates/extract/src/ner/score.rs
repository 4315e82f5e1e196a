//! Exact-span scoring as CoNLL's `conlleval` does it: an entity counts as found only when both
//! its boundaries and its type match; precision, recall and F1 per type and micro-averaged.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::corpus::TagSpan;

/// The harmonic mean of precision and recall (0 when both are 0).
pub fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
    fn add(&mut self, o: Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.correct += o.correct;
    }
}

/// `a / b`, 0 when `b` is 0.
pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Counts per type over many sentences.
#[derive(Clone, Debug, Default)]
pub struct Scorer {
    pub by_type: BTreeMap<String, Counts>,
    /// Only these types are scored (predictions of other types are ignored); `None`: all.
    pub only: Option<BTreeSet<String>>,
    pub sentences: usize,
    pub tokens: usize,
}

impl Scorer {
    pub fn new(only: Option<BTreeSet<String>>) -> Self {
        Scorer {
            only,
            ..Default::default()
        }
    }

    /// Add one sentence's gold and predicted spans.
    pub fn add(&mut self, tokens: usize, gold: &[TagSpan], predicted: &[TagSpan]) {
        self.sentences += 1;
        self.tokens += tokens;
        let keep = |s: &&TagSpan| self.only.as_ref().is_none_or(|o| o.contains(&s.etype));
        let g: BTreeSet<&TagSpan> = gold.iter().filter(keep).collect();
        let p: BTreeSet<&TagSpan> = predicted.iter().filter(keep).collect();
        for s in &g {
            self.by_type.entry(s.etype.clone()).or_default().gold += 1;
        }
        for s in &p {
            let c = self.by_type.entry(s.etype.clone()).or_default();
            c.predicted += 1;
            if g.contains(s) {
                c.correct += 1;
            }
        }
    }

    pub fn micro(&self) -> Counts {
        let mut all = Counts::default();
        for c in self.by_type.values() {
            all.add(*c);
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(s: usize, e: usize, t: &str) -> TagSpan {
        TagSpan {
            start: s,
            end: e,
            etype: t.into(),
        }
    }

    #[test]
    fn exact_spans_and_types_only() {
        let mut sc = Scorer::new(None);
        let gold = [span(0, 2, "PER"), span(3, 4, "LOC"), span(5, 6, "ORG")];
        // right, wrong type, wrong boundary, spurious
        let pred = [
            span(0, 2, "PER"),
            span(3, 4, "ORG"),
            span(5, 7, "ORG"),
            span(8, 9, "MISC"),
        ];
        sc.add(10, &gold, &pred);
        let m = sc.micro();
        assert_eq!((m.gold, m.predicted, m.correct), (3, 4, 1));
        assert!((m.precision() - 0.25).abs() < 1e-9);
        assert!((m.recall() - 1.0 / 3.0).abs() < 1e-9);
        assert!((m.f1() - 2.0 * 0.25 * (1.0 / 3.0) / (0.25 + 1.0 / 3.0)).abs() < 1e-9);
        assert_eq!(sc.by_type["PER"].f1(), 1.0);
        assert_eq!(sc.by_type["LOC"].recall(), 0.0);
    }

    #[test]
    fn restricted_types_ignore_other_predictions() {
        let only: BTreeSet<String> = ["PER".to_string()].into();
        let mut sc = Scorer::new(Some(only));
        sc.add(
            4,
            &[span(0, 1, "PER")],
            &[span(0, 1, "PER"), span(2, 3, "MISC")],
        );
        assert_eq!(sc.micro().precision(), 1.0);
        assert_eq!(Counts::default().f1(), 0.0);
    }
}

//! Fine entity types of the pipeline scored on CrossNER-style column files.
//!
//! Each gold sentence becomes one article (tokens joined by spaces) and runs through the whole
//! pipeline. Gold types map to ours: politician -> Official, person -> Person, country ->
//! Country, location -> Location, organisation and politicalparty -> Organization. Our Agency,
//! Company, MediaOutlet and Organization all count as Organization. Gold spans of other types
//! (event, election, misc) are not scored, and predictions overlapping them are ignored.
//! Demonym mentions ("Chinese") and pronouns are not names and are left out, and so are agents
//! of a country ("Chinese police", `MentionSource::Agent`): descriptions, not names.

use std::collections::{BTreeMap, BTreeSet};

use crate::document::{Document, EntityType, MentionForm, MentionSource, Metadata};
use crate::eval::ner::{collect_errors, NerError, Predicted, Rebuilt};
use crate::ner::corpus::{spans, TagSpan, TaggedDoc};
use crate::ner::score::Scorer;
use crate::pipeline::Pipeline;

/// The scored classes.
pub const CLASSES: [&str; 5] = ["Official", "Person", "Country", "Location", "Organization"];

/// Our class for a gold type name (CrossNER's, or already ours).
pub fn gold_class(t: &str) -> Option<&'static str> {
    match t.to_ascii_lowercase().as_str() {
        "politician" | "official" => Some("Official"),
        "person" | "per" => Some("Person"),
        "country" => Some("Country"),
        "location" | "loc" => Some("Location"),
        "organisation" | "organization" | "politicalparty" | "org" | "agency" | "company"
        | "mediaoutlet" => Some("Organization"),
        _ => None,
    }
}

/// Our class for a predicted type.
pub fn predicted_class(t: EntityType) -> Option<&'static str> {
    match t {
        EntityType::Official => Some("Official"),
        EntityType::Person => Some("Person"),
        EntityType::Country => Some("Country"),
        EntityType::Location => Some("Location"),
        EntityType::Agency
        | EntityType::Company
        | EntityType::MediaOutlet
        | EntityType::Organization
        | EntityType::ArmedGroup => Some("Organization"),
        EntityType::Policy => None,
    }
}

/// Exact-span scores per class, and how the spans found with the right boundaries were typed.
pub struct FineScores {
    pub scorer: Scorer,
    /// (gold class, predicted class) -> count, over predictions whose span is a gold span.
    pub confusion: BTreeMap<(String, String), usize>,
    /// Every mistake, in sentence order (`document` is the sentence's number, `line` 0).
    pub errors: Vec<NerError>,
}

impl FineScores {
    /// Among spans found with the right boundaries whose gold and predicted classes are both
    /// `a` or `b`: the share typed right, and how many there were.
    pub fn pair_accuracy(&self, a: &str, b: &str) -> (f64, usize) {
        let mut right = 0;
        let mut all = 0;
        for ((g, p), n) in &self.confusion {
            if (g == a || g == b) && (p == a || p == b) {
                all += n;
                if g == p {
                    right += n;
                }
            }
        }
        (crate::ner::score::ratio(right, all), all)
    }
}

/// Run the pipeline over every gold sentence and score its entity mentions.
pub fn evaluate(pipeline: &Pipeline, docs: &[TaggedDoc]) -> FineScores {
    let only: BTreeSet<String> = CLASSES.iter().map(|c| c.to_string()).collect();
    let mut scorer = Scorer::new(Some(only.clone()));
    let mut confusion = BTreeMap::new();
    let mut errors = Vec::new();
    for (n, s) in docs.iter().flat_map(|d| &d.sentences).enumerate() {
        let mut text = String::new();
        let mut offsets = Vec::with_capacity(s.tokens.len());
        for t in &s.tokens {
            if !text.is_empty() {
                text.push(' ');
            }
            offsets.push((text.len(), text.len() + t.len()));
            text.push_str(t);
        }
        let mut doc = Document::new(Metadata::default(), text);
        pipeline.run(&mut doc);
        let gold_all = spans(&s.tags);
        let ignored: Vec<&TagSpan> = gold_all
            .iter()
            .filter(|g| gold_class(&g.etype).is_none())
            .collect();
        let gold: Vec<TagSpan> = gold_all
            .iter()
            .filter_map(|g| {
                gold_class(&g.etype).map(|c| TagSpan {
                    etype: c.to_string(),
                    ..g.clone()
                })
            })
            .collect();
        let mut said = Vec::new();
        for m in &doc.mentions {
            if matches!(m.form, MentionForm::Pronoun | MentionForm::Demonym)
                || m.source == MentionSource::Agent
            {
                continue;
            }
            let etype = m.entity.map_or(m.etype, |e| doc.entities[e].etype);
            let Some(class) = predicted_class(etype) else {
                continue;
            };
            // token range covering the mention
            let start = offsets.iter().position(|(_, e)| *e > m.span.start);
            let end = offsets.iter().rposition(|(b, _)| *b < m.span.end);
            let (Some(start), Some(end)) = (start, end) else {
                continue;
            };
            let p = TagSpan {
                start,
                end: end + 1,
                etype: class.to_string(),
            };
            if ignored.iter().any(|g| g.start < p.end && p.start < g.end) {
                continue;
            }
            said.push(Predicted {
                span: p,
                fine: etype,
                source: m.source,
                form: m.form,
            });
        }
        said.sort_by(|a, b| a.span.cmp(&b.span));
        said.dedup_by(|a, b| a.span == b.span);
        let predicted: Vec<TagSpan> = said.iter().map(|p| p.span.clone()).collect();
        for p in &predicted {
            if let Some(g) = gold.iter().find(|g| g.start == p.start && g.end == p.end) {
                *confusion
                    .entry((g.etype.clone(), p.etype.clone()))
                    .or_default() += 1;
            }
        }
        scorer.add(s.tokens.len(), &gold, &predicted);
        let rebuilt = Rebuilt {
            text: std::mem::take(&mut doc.text),
            sentences: vec![s],
            offsets: vec![offsets],
        };
        collect_errors(&rebuilt, n, 0, &gold, &said, &only, &mut errors);
    }
    FineScores {
        scorer,
        confusion,
        errors,
    }
}

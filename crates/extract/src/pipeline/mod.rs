//! The extraction pipeline: stages that run in a fixed order over one `Document`.
//!
//! | stage | requires | creates |
//! |---|---|---|
//! | `segment` | text | tokens, sentences |
//! | `dateline` | tokens, sentences | `meta.dateline` (place, region, date, agency of a wire-copy dateline), the dateline as a sentence of its own |
//! | `recognize` | tokens, sentences, dateline | mentions (unresolved; the dateline's place and region among them) |
//! | `resolve` | mentions | entities, mention -> entity, back-references, acronyms, metonymy |
//! | `actors` | entities, article date | Phoenix office holders typed Official / Person by the date, with CAMEO codes, sectors and dated offices; armed groups typed `ArmedGroup`; international organisations' codes |
//! | `parse` | sentences, mentions | words (part of speech, head, relation) of sentences naming an entity |
//! | `agents` | entities, words | agents of a country ("Chinese police", "officials from Japan") as entities with the country's code |
//! | `roles` | entities | roles, org units; Person -> Official where a role is public office |
//! | `quotes` | entities | quotations with speakers, cues, relaying outlets |
//! | `byline` | entities, quotes | the byline: authors and outlet as entities (no quote in its line) |
//! | `relations` | entities, byline | opposes / partnersWith assertions (policy targets become entities) |
//!
//! Stages never fail: odd input yields fewer annotations and, where useful, a diagnostic.

pub mod actors;
pub mod agents;
pub mod byline;
mod context_types;
pub mod dateline;
pub mod parse;
pub mod quotes;
pub mod recognize;
pub mod relations;
pub mod resolve;
pub mod roles;
pub mod segment;
pub(crate) mod syntax;
pub(crate) mod util;

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::document::Document;
use crate::ner::NerModel;
use crate::parse::ParserModel;
use crate::resources::Resources;

/// One step of the pipeline.
pub trait Stage: Send + Sync {
    fn name(&self) -> &'static str;
    fn run(&self, doc: &mut Document);
}

/// Finds entity mentions. The rule-and-gazetteer recognizer implements it; a trained model can
/// implement it too and replace or join the rules (`recognize::Recognize::with`).
pub trait Recognizer: Send + Sync {
    fn recognize(&self, doc: &Document) -> Vec<crate::document::Mention>;
}

/// The ordered stages.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
    fingerprint: String,
    max_article_bytes: usize,
}

/// The default limit on an article's text: 2 MiB, about 350,000 words, some twenty times the
/// longest news story (a book, a log or a scrape gone wrong is not an article). Memory while
/// one article is extracted and stored grows with its size: about 200 MB for a quote-heavy
/// article at this limit.
pub const MAX_ARTICLE_BYTES: usize = 2 * 1024 * 1024;

impl Pipeline {
    /// The standard pipeline over the given resources, with the built-in entity model.
    pub fn new(resources: Arc<Resources>) -> Self {
        let model = NerModel::builtin(&resources)
            .expect("the built-in model is well-formed (a unit test loads it)");
        Self::with_model(resources, Some(Arc::new(model)))
    }

    /// The pipeline with the given entity model, or with rules and gazetteers alone (`None`).
    pub fn with_model(resources: Arc<Resources>, model: Option<Arc<NerModel>>) -> Self {
        let parser = ParserModel::builtin_shared()
            .expect("the built-in parser is well-formed (a unit test loads it)");
        let fingerprint = format!(
            "newsgraph {} data {} model {} parser {}",
            env!("CARGO_PKG_VERSION"),
            resources.fingerprint,
            model
                .as_ref()
                .map_or("none".to_string(), |m| m.fingerprint()),
            parser.fingerprint()
        );
        let recognize = match model {
            Some(m) => recognize::Recognize::hybrid(resources.clone(), m),
            None => recognize::Recognize::with(vec![Box::new(recognize::RuleRecognizer::new(
                resources.clone(),
            ))]),
        };
        Pipeline {
            fingerprint,
            max_article_bytes: MAX_ARTICLE_BYTES,
            stages: vec![
                Box::new(segment::Segmenter),
                Box::new(dateline::Datelines::new(resources.clone())),
                Box::new(recognize),
                Box::new(resolve::Resolve::new(resources.clone())),
                Box::new(actors::Actors::new(resources.clone())),
                Box::new(parse::Parse::new(parser)),
                Box::new(agents::Agents::new(resources.clone())),
                Box::new(roles::Roles::new(resources.clone())),
                Box::new(quotes::Quotes::new(resources.clone(), parser)),
                Box::new(byline::Bylines::new(resources.clone())),
                Box::new(relations::Relations::new(resources)),
            ],
        }
    }

    /// Refuse articles whose text is longer than `bytes` (default [`MAX_ARTICLE_BYTES`]).
    pub fn with_max_article_bytes(mut self, bytes: usize) -> Self {
        self.max_article_bytes = bytes;
        self
    }

    /// An error naming the article when its text is over the limit.
    pub fn check_size(&self, doc: &Document) -> crate::Result<()> {
        let n = doc.text.len();
        if n > self.max_article_bytes {
            return Err(crate::Error::input(
                doc.meta.origin.clone(),
                format!(
                    "{n} bytes of text, over the limit of {} bytes for one article (not extracted; raise it with --max-article-bytes, or split the file)",
                    self.max_article_bytes
                ),
            ));
        }
        Ok(())
    }

    /// Identifies this extractor: the newsgraph version and a hash of every data file it loaded.
    /// Part of each article's content hash, so new gazetteers re-extract unchanged articles.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Run every stage over the document, in order.
    pub fn run(&self, doc: &mut Document) {
        for stage in &self.stages {
            stage.run(doc);
        }
    }

    /// Run the pipeline over many documents in parallel (rayon), keeping their order. A bug in a
    /// stage costs one article, not the batch: a panicking article comes back as an
    /// [`Error::Input`](crate::Error::Input) naming its origin.
    pub fn run_all(&self, docs: Vec<Document>) -> Vec<crate::Result<Document>> {
        use rayon::prelude::*;
        docs.into_par_iter()
            .map(|mut doc| {
                self.check_size(&doc)?;
                let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.run(&mut doc)));
                match run {
                    Ok(()) => Ok(doc),
                    Err(_) => Err(crate::Error::input(
                        doc.meta.origin.clone(),
                        "internal error while extracting this article (please report it with the article)",
                    )),
                }
            })
            .collect()
    }

    /// Run every stage over the document, in order, telling `took` each stage's name and the
    /// time it took (for benchmarks: what each stage costs).
    pub fn run_timed(&self, doc: &mut Document, mut took: impl FnMut(&'static str, Duration)) {
        for stage in &self.stages {
            let t = Instant::now();
            stage.run(doc);
            took(stage.name(), t.elapsed());
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use std::sync::{Arc, OnceLock};

    use crate::document::{Document, Metadata};
    use crate::resources::Resources;

    /// The standard pipeline over `text` (built-in data, loaded once per test binary).
    pub fn run(text: &str) -> Document {
        run_with(Metadata::default(), text)
    }

    /// The pipeline over an article whose first line is its title (so the headline is one).
    pub fn run_titled(text: &str) -> Document {
        let meta = Metadata {
            title: text.lines().next().map(str::to_string),
            ..Default::default()
        };
        run_with(meta, text)
    }

    fn run_with(meta: Metadata, text: &str) -> Document {
        static PIPELINE: OnceLock<super::Pipeline> = OnceLock::new();
        let p =
            PIPELINE.get_or_init(|| super::Pipeline::new(Arc::new(Resources::builtin().unwrap())));
        let mut doc = Document::new(meta, text.to_string());
        p.run(&mut doc);
        doc
    }

    /// The entity name of a quote's speaker, and the quote text.
    pub fn quotes(doc: &Document) -> Vec<(Option<String>, String)> {
        doc.quotes
            .iter()
            .map(|q| {
                (
                    q.speaker.map(|s| doc.entities[s].name.clone()),
                    q.text(&doc.text).into_owned(),
                )
            })
            .collect()
    }

    /// (subject, predicate, object, negated) by entity name.
    pub fn relations(doc: &Document) -> Vec<(String, &'static str, String, bool)> {
        doc.relations
            .iter()
            .map(|r| {
                (
                    doc.entities[r.subject].name.clone(),
                    r.predicate.local_name(),
                    doc.entities[r.object].name.clone(),
                    r.negated,
                )
            })
            .collect()
    }
}

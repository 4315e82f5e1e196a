//! # newsgraph-extract: English news text in, people, organisations, quotes and relations out
//!
//! The extraction half of newsgraph: it reads articles
//! (plain text, Markdown with `Key: value` headers, JSON Lines, HTML) into a [`Document`] and
//! runs a fixed [`Pipeline`] of stages over it: tokens and sentences, entity mentions (a trained
//! averaged-perceptron recogniser merged with gazetteers and rules, typed finely: Person /
//! Official, Agency, Company, MediaOutlet, Organization, Country, Location), entities resolved
//! inside the article, roles (`org:Membership`s), quotations with their speakers, the byline,
//! and `opposes` / `partnersWith` relations with negation and modality. Every annotation is a
//! byte span into [`Document::text`], so each fact can be traced to its words.
//!
//! It is a library on its own: use it in a batch job, behind another store, or from another
//! language. It must never depend on a store, a query engine or HTTP: no Oxigraph, no RocksDB,
//! no server. Turning documents into RDF and storing them is the job of `newsgraph-graph`,
//! which depends on this crate and not the other way round.
//!
//! ```
//! use std::sync::Arc;
//! use newsgraph_extract::{Document, Pipeline, Resources};
//! use newsgraph_extract::document::{Metadata, Predicate, QuoteKind};
//!
//! // the built-in gazetteers, lexicons and entity model, compiled into the crate
//! let pipeline = Pipeline::new(Arc::new(Resources::builtin()?));
//! let text = "France condemned Google over the deal. \
//!             \"We will not accept this,\" said Emmanuel Macron, the French president.";
//! let mut doc = Document::new(Metadata::default(), text.to_string());
//! pipeline.run(&mut doc);
//!
//! // entities, each with a fine type and the spans where it is mentioned
//! let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
//! assert!(names.contains(&"France") && names.contains(&"Google"), "{names:?}");
//!
//! // quotations (and other attributions: the stance France took by condemning): the words
//! // quoted and the entity who said them
//! let quote = doc.quotes.iter().find(|q| q.kind == QuoteKind::Direct).unwrap();
//! assert_eq!(quote.text(&doc.text), "We will not accept this,");
//! assert_eq!(doc.entities[quote.speaker.unwrap()].name, "Emmanuel Macron");
//!
//! // relations: subject, predicate and object are entity indices; `cue` is the word that
//! // states the relation, `sentence` the evidence
//! let r = &doc.relations[0];
//! assert_eq!(
//!     (doc.entities[r.subject].name.as_str(), r.predicate, doc.entities[r.object].name.as_str()),
//!     ("France", Predicate::Opposes, "Google")
//! );
//! assert_eq!(doc.slice(r.cue), "condemned");
//! # Ok::<(), newsgraph_extract::Error>(())
//! ```
//!
//! Modules, in layers (each uses only those before it): [`document`] (text, metadata and every
//! annotation as spans), [`error`], [`text`] (keys and folding), [`matcher`] (many phrases at
//! once), [`agents`] (nouns for the actors of a country: "police", "foreign minister"),
//! [`resources`] (gazetteers and lexicons), [`ner`] (the trained recogniser: features,
//! perceptron, corpora, scores), [`parse`] (Universal Dependencies tagger and dependency parser,
//! trained here), [`pipeline`] (the stages), [`input`] (readers for files, JSON
//! Lines, HTML, stdin) and [`eval`] (the whole pipeline scored against annotated corpora).
//! Library code never prints, exits or reads the environment.

pub mod actors;
pub mod agents;
pub mod cameo;
pub mod dates;
pub mod document;
pub mod error;
pub mod eval;
pub mod feed;
pub mod input;
pub mod markdown;
pub mod matcher;
pub mod ner;
pub mod parse;
pub mod pipeline;
pub mod resources;
pub mod text;

pub use document::Document;
pub use error::{Error, Result};
pub use pipeline::Pipeline;
pub use resources::Resources;

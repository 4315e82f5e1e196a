//! # newsgraph-graph: annotated documents in, an RDF knowledge graph out
//!
//! The graph half of newsgraph. It turns a `newsgraph_extract::Document` into RDF quads
//! ([`graph::build`]: one named graph per article with evidence on every fact, IRIs from
//! [`vocab`]), writes them into an embedded Oxigraph store ([`store::GraphStore`]: one
//! transaction per article, entities resolved across articles), runs the read -> extract ->
//! write loop over many files ([`ingest`]), and reads the store back: SPARQL results in the W3C
//! formats ([`query`]), entities by name and entity cards ([`lookup`]), the entity graph through
//! petgraph as DOT / GraphML / JSON and RDF dumps ([`export`]).
//!
//! ```
//! use std::sync::Arc;
//! use newsgraph_extract::document::Metadata;
//! use newsgraph_extract::{Document, Pipeline, Resources};
//! use newsgraph_graph::{graph, store::GraphStore};
//!
//! let pipeline = Pipeline::new(Arc::new(Resources::builtin()?));
//! let text = "Google was criticised by France over the deal.";
//! let mut doc = Document::new(Metadata { id: "example-1".into(), ..Default::default() }, text.into());
//! pipeline.run(&mut doc);
//!
//! // one article, one transaction, one named graph; entities resolved against the store
//! let store = GraphStore::in_memory()?;
//! store.write_article(&graph::build(&doc, pipeline.fingerprint()))?;
//!
//! // SPARQL over the union of the graphs, with newsgraph's prefixes predeclared
//! let rows = store.select(
//!     "SELECT ?a ?b WHERE { ?x ng:opposes ?y . ?x skos:prefLabel ?a . ?y skos:prefLabel ?b }",
//!     &[],
//!     &["a", "b"],
//! )?;
//! let names: Vec<String> = rows[0].iter().map(|t| t.as_ref().unwrap().to_string()).collect();
//! assert_eq!(names, ["\"France\"", "\"Google\""]);
//! # Ok::<(), newsgraph_graph::Error>(())
//! ```
//!
//! It depends on `newsgraph-extract` (documents, resources, the pipeline) and on Oxigraph; it
//! must never depend on the command line (clap, progress bars, terminals) or on HTTP: it never
//! prints, exits or reads the environment. The `newsgraph` binary and, later, a server are thin
//! layers over it.
//!
//! Modules, in layers (each uses only those before it): [`error`], [`vocab`] (every IRI),
//! [`graph`] (document -> quads), [`storedir`] (the store directory: marker, lock, readers'
//! snapshot), [`store`] (the only module that touches Oxigraph's `Store`),
//! [`query`], [`lookup`], [`explain`] (why two entities are linked, an entity's timeline, an
//! article with its spans), [`export`], [`load`] (reference RDF in graphs of its own),
//! [`ingest`] and [`watch`] (folders polled, settled files ingested as they appear). [`mirror`]
//! (remote stores as the store sees them: a change sink and a SPARQL source) sits beside
//! [`store`]; the HTTP side is `newsgraph-remote`.

pub mod error;
pub mod explain;
pub mod export;
pub mod graph;
pub mod ingest;
pub mod load;
pub mod lookup;
pub mod mirror;
pub mod query;
pub mod store;
pub mod storedir;
pub mod vocab;
pub mod watch;

pub use error::{Error, Result};

//! newsgraph: English news articles in, an RDF knowledge graph out.
//!
//! Layers (each uses only those before it): [`document`] (text and spans) <- [`pipeline`]
//! (extraction stages over a document, with [`resources`]) <- [`graph`] (document -> quads,
//! IRIs from [`vocab`]) <- [`store`] (the only module that touches Oxigraph's `Store`; it also
//! resolves entities across articles) <- [`query`], [`lookup`] (entities by name, entity cards)
//! and [`export`] (the entity graph through petgraph: DOT, GraphML, JSON; RDF dumps).
//! [`input`] reads articles from files, JSON Lines, HTML and stdin. The binary's
//! `cli` module is the only code that prints, exits or reads the environment.

pub mod document;
pub mod error;
pub mod eval;
pub mod export;
pub mod graph;
pub mod input;
pub mod lookup;
pub mod matcher;
pub mod ner;
pub mod pipeline;
pub mod query;
pub mod resources;
pub mod store;
pub mod text;
pub mod vocab;

pub use document::Document;
pub use error::{Error, Result};
pub use pipeline::Pipeline;
pub use resources::Resources;

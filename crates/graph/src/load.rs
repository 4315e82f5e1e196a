//! Reference RDF next to the news graph (`newsgraph load`): a country list, a Wikidata
//! extract, an organisation register, each in a named graph of its own
//! (`graph/load/<name>`), which a second load of the same name replaces.
//!
//! Loaded graphs are data for queries only: entity resolution and the name index read the
//! entity graph, and the votes and counts that decide an entity's type read `ng:mentions`,
//! `ng:articleType`, `ng:articleName` and `ng:entity`, which a loaded file may not use (a file
//! that does is refused: it is a newsgraph dump, whose articles belong in `ingest`).

use std::io::Read;
use std::path::Path;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Triple};

use crate::error::{Error, Result};
use crate::store::GraphStore;
use crate::vocab::{self, ng};

/// What [`load`] did.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Loaded {
    /// The graph written (replaced).
    pub graph: String,
    /// Distinct triples the graph holds now.
    pub triples: usize,
    /// Named graphs in the file whose triples went into `graph` (TriG, N-Quads, JSON-LD).
    pub merged_graphs: usize,
}

/// The RDF format a file name implies: `.ttl`, `.nt`, `.nq`, `.trig`, `.jsonld`, `.rdf` /
/// `.owl` / `.xml` (RDF/XML), `.n3`.
pub fn format_of(path: &Path) -> Option<RdfFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "owl" | "xml" => Some(RdfFormat::RdfXml),
        e => RdfFormat::from_extension(e),
    }
}

/// The default graph for a file: `graph/load/<file stem>`, the stem lower-cased with every
/// character but letters, digits, `-`, `_` and `.` replaced by `-`.
pub fn default_graph(path: &Path) -> NamedNode {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("stdin")
        .to_lowercase();
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let name = if name.trim_matches('-').is_empty() {
        "data".to_string()
    } else {
        name
    };
    NamedNode::new_unchecked(format!("{}{name}", vocab::LOAD_GRAPH_PREFIX))
}

/// Refuse a graph newsgraph writes itself (meta, entities, articles): a load there would
/// be undone or corrupted by the next ingest.
pub fn check_graph(graph: &NamedNode) -> Result<()> {
    let g = graph.as_str();
    let ours = format!("{}graph/", vocab::BASE);
    if g.starts_with(&ours) && !g.starts_with(vocab::LOAD_GRAPH_PREFIX) {
        return Err(Error::Output(format!(
            "<{g}> is a graph newsgraph writes itself; load reference data into its own graph (default {}<name>)",
            vocab::LOAD_GRAPH_PREFIX
        )));
    }
    Ok(())
}

/// Parse `input` (named `origin` in errors) as `format` and replace `graph` with its triples,
/// in one transaction: a syntax error (reported as `FILE:LINE:COLUMN: message`) or a refused
/// term leaves the store as it was.
pub fn load(
    store: &GraphStore,
    input: impl Read,
    origin: &str,
    format: RdfFormat,
    graph: &NamedNode,
) -> Result<Loaded> {
    check_graph(graph)?;
    let mut graphs = std::collections::HashSet::new();
    let parser = RdfParser::from_format(format).for_reader(input);
    let triples = parser.map(|q| {
        let q = q.map_err(|e| parse_error(origin, e))?;
        if RESOLUTION_TERMS.contains(&q.predicate.as_ref()) {
            return Err(Error::Output(format!(
                "{origin}: uses <{}>, which newsgraph's entity resolution reads: this looks like a newsgraph dump; `ingest` the articles instead (loaded graphs are kept out of resolution)",
                q.predicate.as_str()
            )));
        }
        if !q.graph_name.is_default_graph() {
            graphs.insert(q.graph_name.clone());
        }
        Ok(Triple::from(q))
    });
    let n = store.replace_graph(graph.as_ref(), triples)?;
    Ok(Loaded {
        graph: graph.as_str().to_string(),
        triples: n,
        merged_graphs: graphs.len(),
    })
}

/// Predicates that entity resolution and type votes read from every graph.
const RESOLUTION_TERMS: &[oxigraph::model::NamedNodeRef<'static>] =
    &[ng::MENTIONS, ng::ARTICLE_TYPE, ng::ARTICLE_NAME, ng::ENTITY];

fn parse_error(origin: &str, e: oxigraph::io::RdfParseError) -> Error {
    match e {
        oxigraph::io::RdfParseError::Io(io) => Error::io(origin, io),
        oxigraph::io::RdfParseError::Syntax(s) => {
            let msg = s.to_string();
            // "Parser error at line 3 column 5: message" -> the message; the position in front
            let text = match msg.strip_prefix("Parser error ") {
                Some(rest) => rest.split_once(": ").map_or(rest, |x| x.1).to_string(),
                None => msg.clone(),
            };
            let at = match s.location() {
                Some(r) => newsgraph_extract::error::position(
                    origin,
                    r.start.line as usize + 1,
                    Some(r.start.column as usize + 1),
                ),
                None => origin.to_string(),
            };
            Error::Extract(newsgraph_extract::Error::input(at, text))
        }
    }
}

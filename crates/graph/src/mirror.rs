//! Remote stores, as the graph crate sees them: a [`Mirror`] receives every change a
//! [`crate::store::GraphStore`] commits, before the local commit, and [`Sparql`] is anything
//! that answers newsgraph's SPARQL (the embedded store, a remote endpoint), so that `stats` and
//! the graph exports read either. The HTTP side lives in `newsgraph-remote`; this crate never
//! speaks HTTP.
//!
//! With a mirror the local store is the remote store's *local state*: its metadata and entity
//! graphs whole, and of each article graph only what resolution reads
//! ([`crate::store::kept_by_local_state`]). The mirror holds everything. Both move together:
//! a change reaches the mirror first, and is committed locally only when the mirror took it,
//! so a failure leaves the local state as it was and the change is sent again whole.

use oxigraph::model::{NamedNode, Quad, Triple};
use oxigraph::sparql::QueryResults;

use crate::error::Result;

/// The literal of the `ng:pending` mark a mirror puts on an article while its graph is being
/// replaced (see [`Mirror::apply`]).
pub const MIRROR_PENDING: &str = "mirror-write";

/// What one local transaction changed: the article graphs it replaced (with their whole new
/// content; empty: the graph is gone) and the quads of the shared graphs (metadata, entities)
/// it inserted and removed. Applying it to a store that held what the local store held before
/// the transaction makes the two equal again.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Change {
    pub graphs: Vec<(NamedNode, Vec<Triple>)>,
    pub inserted: Vec<Quad>,
    pub removed: Vec<Quad>,
}

impl Change {
    pub fn is_empty(&self) -> bool {
        self.graphs.is_empty() && self.inserted.is_empty() && self.removed.is_empty()
    }

    /// The store revision the change leaves (the `ng:revision` it removes), if it names one.
    pub fn revision_before(&self) -> Option<&str> {
        revision_in(&self.removed)
    }

    /// The store revision the change makes (the `ng:revision` it inserts), if it names one.
    pub fn revision_after(&self) -> Option<&str> {
        revision_in(&self.inserted)
    }

    /// The articles whose graphs the change replaces.
    pub fn articles(&self) -> impl Iterator<Item = NamedNode> + '_ {
        self.graphs.iter().map(|(g, _)| article_of_graph(g))
    }
}

fn revision_in(quads: &[Quad]) -> Option<&str> {
    quads.iter().find_map(|q| match &q.object {
        oxigraph::model::Term::Literal(l) if q.predicate == crate::vocab::ng::REVISION => {
            Some(l.value())
        }
        _ => None,
    })
}

/// The article whose named graph `graph` is.
pub fn article_of_graph(graph: &NamedNode) -> NamedNode {
    let key = graph
        .as_str()
        .strip_prefix(crate::vocab::ARTICLE_GRAPH_PREFIX)
        .unwrap_or(graph.as_str());
    crate::graph::article_iri(key)
}

/// A store that mirrors a local one (see the module documentation).
pub trait Mirror: Send + Sync {
    /// What the mirror is, for messages and for the local state's record of it (a URL).
    fn name(&self) -> &str;

    /// Apply a change, so that readers never take an article for whole while it is half
    /// written: the articles are marked pending ([`MIRROR_PENDING`]) first, their graphs
    /// replaced, and the shared quads changed with the marks taken out in one last step. A
    /// failure may leave marks and graphs behind, never a changed shared graph; applying the
    /// same change again completes it.
    fn apply(&self, change: &Change) -> Result<()>;

    /// The articles marked pending: a change that did not complete.
    fn pending(&self) -> Result<Vec<NamedNode>>;

    /// The revision the mirror's metadata graph records (empty: none, a new store).
    fn revision(&self) -> Result<String>;
}

/// Anything that evaluates newsgraph's SPARQL: over the union of the graphs, with newsgraph's
/// prefixes predeclared.
pub trait Sparql {
    fn query(&self, sparql: &str) -> Result<QueryResults<'static>>;
}

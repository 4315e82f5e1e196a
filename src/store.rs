//! The on-disk graph: the only module that names Oxigraph's `Store`. One article is written in
//! one transaction (all of it or nothing); its facts live in its own named graph, which a changed
//! article replaces and an unchanged one leaves alone.

use std::path::{Path, PathBuf};

use oxigraph::model::{
    GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, QuadRef, Term,
};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::document::EntityType;
use crate::error::{Error, Result};
use crate::graph::{entity_quads, ArticleGraph};
use crate::vocab::{self, ng, rdf, skos};

/// What writing an article did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    New,
    Changed,
    Unchanged,
}

pub struct GraphStore {
    store: Store,
    path: Option<PathBuf>,
}

/// Counts for `newsgraph stats`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub articles: usize,
    /// Distinct entities (an entity may have more than one type).
    pub entities: usize,
    pub entities_by_type: Vec<(String, usize)>,
    pub relations_by_predicate: Vec<(String, usize)>,
    pub quotes: usize,
    pub roles: usize,
    pub quads: usize,
}

fn meta_graph() -> NamedNodeRef<'static> {
    NamedNodeRef::new_unchecked(vocab::META_GRAPH)
}

fn entity_graph() -> NamedNodeRef<'static> {
    NamedNodeRef::new_unchecked(vocab::ENTITY_GRAPH)
}

impl GraphStore {
    /// Open (or create) the store in `dir` for reading and writing.
    pub fn open(dir: &Path) -> Result<Self> {
        let store = Store::open(dir).map_err(|e| store_error(dir, e))?;
        Ok(GraphStore {
            store,
            path: Some(dir.to_path_buf()),
        })
    }

    /// Open an existing store read-only (several readers may share it).
    pub fn open_read_only(dir: &Path) -> Result<Self> {
        if !dir.join("CURRENT").exists() {
            return Err(Error::Store {
                path: dir.to_path_buf(),
                message: "no store here (run `newsgraph ingest` first, or pass --store)".into(),
            });
        }
        let store = Store::open_read_only(dir).map_err(|e| store_error(dir, e))?;
        Ok(GraphStore {
            store,
            path: Some(dir.to_path_buf()),
        })
    }

    /// An in-memory store (tests, `extract`).
    pub fn in_memory() -> Result<Self> {
        Ok(GraphStore {
            store: Store::new()?,
            path: None,
        })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The stored content hash of an article, if the article is stored.
    pub fn article_hash(&self, article: &NamedNode) -> Result<Option<String>> {
        let q = self.store.quads_for_pattern(
            Some(article.as_ref().into()),
            Some(ng::CONTENT_HASH),
            None,
            Some(meta_graph().into()),
        );
        for quad in q {
            if let Term::Literal(l) = quad?.object {
                return Ok(Some(l.value().to_string()));
            }
        }
        Ok(None)
    }

    /// Write one article in one transaction: unchanged -> nothing; changed -> its graph and
    /// metadata are replaced; new -> added. Entity records are merged into the entity graph.
    pub fn write_article(&self, ag: &ArticleGraph) -> Result<WriteOutcome> {
        let mut t = self.store.start_transaction()?;
        let subject: NamedOrBlankNodeRef<'_> = ag.iri.as_ref().into();
        let mut old_meta: Vec<Quad> = Vec::new();
        let mut old_hash = None;
        for q in t.quads_for_pattern(Some(subject), None, None, Some(meta_graph().into())) {
            let q = q?;
            if q.predicate == ng::CONTENT_HASH {
                if let Term::Literal(l) = &q.object {
                    old_hash = Some(l.value().to_string());
                }
            }
            old_meta.push(q);
        }
        if old_hash.as_deref() == Some(ag.hash.as_str()) {
            return Ok(WriteOutcome::Unchanged);
        }
        let outcome = if old_hash.is_some() {
            WriteOutcome::Changed
        } else {
            WriteOutcome::New
        };
        for q in &old_meta {
            t.remove(q);
        }
        // the entities the old version mentioned: those no article mentions any more go away
        let mut old_entities: Vec<NamedNode> = Vec::new();
        if outcome == WriteOutcome::Changed {
            let mentions = t.quads_for_pattern(
                Some(subject),
                Some(ng::MENTIONS),
                None,
                Some(ag.graph.as_ref().into()),
            );
            for q in mentions {
                if let Term::NamedNode(e) = q?.object {
                    old_entities.push(e);
                }
            }
        }
        t.clear_graph(GraphNameRef::NamedNode(ag.graph.as_ref()))?;
        for q in ag.meta.iter().chain(&ag.facts) {
            t.insert(q);
        }
        for r in &ag.entities {
            // the first label written for an entity stays its preferred label
            let has_pref = t
                .quads_for_pattern(
                    Some(r.iri.as_ref().into()),
                    Some(skos::PREF_LABEL),
                    None,
                    Some(entity_graph().into()),
                )
                .next()
                .transpose()?;
            let pref = match &has_pref {
                None => true,
                Some(q) => matches!(&q.object, Term::Literal(l) if l.value() == r.label),
            };
            // Official is the more specific type of a person: it replaces Person, and Person never
            // demotes it
            let typed = |t: &oxigraph::store::Transaction<'_>, class: NamedNodeRef<'_>| {
                t.contains(QuadRef::new(
                    r.iri.as_ref(),
                    rdf::TYPE,
                    class,
                    entity_graph(),
                ))
            };
            let skip_person = r.etype == EntityType::Person && typed(&t, ng::OFFICIAL)?;
            if r.etype == EntityType::Official {
                t.remove(QuadRef::new(
                    r.iri.as_ref(),
                    rdf::TYPE,
                    ng::PERSON,
                    entity_graph(),
                ));
            }
            for q in entity_quads(r, pref) {
                if skip_person && q.predicate == rdf::TYPE {
                    continue;
                }
                t.insert(&q);
            }
        }
        for e in old_entities {
            let still_mentioned = t
                .quads_for_pattern(None, Some(ng::MENTIONS), Some(e.as_ref().into()), None)
                .next()
                .is_some();
            if !still_mentioned {
                let stale: Vec<Quad> = t
                    .quads_for_pattern(
                        Some(e.as_ref().into()),
                        None,
                        None,
                        Some(entity_graph().into()),
                    )
                    .collect::<Result<_, _>>()?;
                for q in &stale {
                    t.remove(q);
                }
            }
        }
        t.commit()?;
        Ok(outcome)
    }

    /// Evaluate a SPARQL query over the union of all graphs (unless it names its dataset with
    /// FROM / FROM NAMED). Common prefixes (`ng:`, `schema:`, `skos:`...) are predeclared.
    pub fn query(&self, sparql: &str) -> Result<QueryResults<'static>> {
        let mut evaluator = SparqlEvaluator::new();
        for (p, iri) in vocab::PREFIXES {
            evaluator = evaluator
                .with_prefix(*p, *iri)
                .map_err(|e| Error::QuerySyntax(e.to_string()))?;
        }
        let mut prepared = evaluator
            .parse_query(sparql)
            .map_err(|e| Error::QuerySyntax(e.to_string()))?;
        if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        prepared
            .on_store(&self.store)
            .execute()
            .map_err(|e| Error::QueryEvaluation(e.to_string()))
    }

    pub fn len(&self) -> Result<usize> {
        Ok(self.store.len()?)
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.store.is_empty()?)
    }

    fn count(&self, sparql: &str) -> Result<Vec<(String, usize)>> {
        let mut out = Vec::new();
        if let QueryResults::Solutions(sols) = self.query(sparql)? {
            for s in sols {
                let s = s.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
                let key = match s.get("k") {
                    Some(Term::NamedNode(n)) => local_name(n.as_str()).to_string(),
                    Some(Term::Literal(l)) => l.value().to_string(),
                    Some(t) => t.to_string(),
                    None => String::new(),
                };
                let n = match s.get("n") {
                    Some(Term::Literal(l)) => l.value().parse().unwrap_or(0),
                    _ => 0,
                };
                out.push((key, n));
            }
        }
        Ok(out)
    }

    pub fn stats(&self) -> Result<Stats> {
        let one = |q: &str| -> Result<usize> { Ok(self.count(q)?.first().map_or(0, |x| x.1)) };
        let articles = one(&format!(
            "SELECT ?k (COUNT(?a) AS ?n) WHERE {{ GRAPH <{}> {{ ?a a ng:Article }} }} GROUP BY ?k",
            vocab::META_GRAPH
        ))?;
        let entities = one(&format!(
            "SELECT ?k (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH <{}> {{ ?e a ?t }} }} GROUP BY ?k",
            vocab::ENTITY_GRAPH
        ))?;
        let entities_by_type = self.count(&format!(
            "SELECT ?k (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH <{}> {{ ?e a ?k }} }} GROUP BY ?k ORDER BY DESC(?n) ?k",
            vocab::ENTITY_GRAPH
        ))?;
        let relations_by_predicate = self.count(
            "SELECT ?k (COUNT(?r) AS ?n) WHERE { GRAPH ?g { ?r a ng:RelationAssertion ; rdf:predicate ?k ; ng:polarity ng:Positive } } GROUP BY ?k ORDER BY ?k",
        )?;
        let quotes = one(
            "SELECT ?k (COUNT(?q) AS ?n) WHERE { GRAPH ?g { ?q a ng:Quotation } } GROUP BY ?k",
        )?;
        let roles = one(
            "SELECT ?k (COUNT(?m) AS ?n) WHERE { GRAPH ?g { ?m a org:Membership } } GROUP BY ?k",
        )?;
        Ok(Stats {
            articles,
            entities,
            entities_by_type,
            relations_by_predicate,
            quotes,
            roles,
            quads: self.len()?,
        })
    }

    /// Write the whole store (or one graph) in an RDF format.
    pub fn dump(
        &self,
        format: oxigraph::io::RdfFormat,
        graph: Option<NamedNodeRef<'_>>,
        out: &mut dyn std::io::Write,
    ) -> Result<()> {
        let r = match graph {
            Some(g) => self.store.dump_graph_to_writer(g, format, out).map(|_| ()),
            None => self.store.dump_to_writer(format, out).map(|_| ()),
        };
        r.map_err(|e| Error::Output(e.to_string()))
    }

    /// Make sure everything written is on disk.
    pub fn flush(&self) -> Result<()> {
        Ok(self.store.flush()?)
    }
}

pub fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

fn store_error(dir: &Path, e: impl std::fmt::Display) -> Error {
    let msg = e.to_string();
    let hint = if msg.contains("lock") || msg.contains("LOCK") {
        " (another newsgraph process is writing to this store)"
    } else {
        ""
    };
    Error::Store {
        path: dir.to_path_buf(),
        message: format!("{msg}{hint}"),
    }
}

//! The entity graph as a graph: who opposes, partners with, belongs to or quotes whom, loaded
//! from the store into a `petgraph` graph (one node per entity, one weighted edge per direct
//! edge, weighted by the number of articles that state it) and written as DOT, GraphML or
//! node-link JSON; and RDF dumps of the store or of one article.
//!
//! `load` asks the store for the weighted edges (`SELECT ... GROUP BY ?s ?p ?o` with
//! `COUNT(DISTINCT ?g)`: one query for the whole graph, or one per hop when walking out from a
//! center entity) and for the labels and types of their endpoints (`VALUES` queries). The
//! relation, weight and date filters are part of the edge query; the type filter and the walk
//! are applied between queries. Every value spliced into a query is a vocabulary IRI, a number,
//! a date checked by `parse_date`, or an IRI checked by `NamedNodeRef::new`.
//!
//! Nothing here prints or spawns processes: rendering DOT to SVG / PNG with Graphviz is the
//! command line's business.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write;

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{NamedNode, NamedNodeRef, Quad, Term, Triple};
use oxigraph::sparql::QueryResults;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::error::{Error, Result};
use crate::mirror::Sparql;
use crate::query::{write_results, OutputFormat};
use crate::store::{local_name, GraphStore};
use crate::vocab::{self, ng, org};
use newsgraph_extract::document::EntityType;

/// A kind of direct edge between entities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    /// `ng:opposes`: criticism, sanctions, lawsuits, votes against.
    Opposes,
    /// `ng:partnersWith`: symmetric (stored both ways, exported as one undirected edge).
    PartnersWith,
    /// `org:memberOf`: a person's organisation (from a title: "Adam Segal, director at ...").
    MemberOf,
    /// `org:unitOf`: an organisation's parent organisation.
    UnitOf,
    /// `ng:quoted`: a media outlet relayed words of the target ("according to Reuters, ...").
    /// The article → speaker edges of the same predicate are not entity edges and are skipped.
    Quoted,
}

impl Relation {
    pub const ALL: [Relation; 5] = [
        Relation::Opposes,
        Relation::PartnersWith,
        Relation::MemberOf,
        Relation::UnitOf,
        Relation::Quoted,
    ];

    /// The predicate's local name: `opposes`, `partnersWith`, `memberOf`, `unitOf`, `quoted`.
    pub fn name(self) -> &'static str {
        match self {
            Relation::Opposes => "opposes",
            Relation::PartnersWith => "partnersWith",
            Relation::MemberOf => "memberOf",
            Relation::UnitOf => "unitOf",
            Relation::Quoted => "quoted",
        }
    }

    /// A relation by name, case-insensitively; `partners-with`, `member-of`, `unit-of` (and
    /// the same with `_`) are accepted too.
    pub fn from_name(s: &str) -> Option<Self> {
        let key: String = s
            .trim()
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .collect::<String>()
            .to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(&key))
    }

    /// The RDF predicate of the direct edge.
    pub fn predicate(self) -> NamedNodeRef<'static> {
        match self {
            Relation::Opposes => ng::OPPOSES,
            Relation::PartnersWith => ng::PARTNERS_WITH,
            Relation::MemberOf => org::MEMBER_OF,
            Relation::UnitOf => org::UNIT_OF,
            Relation::Quoted => ng::QUOTED,
        }
    }

    pub fn from_predicate(p: NamedNodeRef<'_>) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.predicate() == p)
    }

    /// Symmetric relations have no direction: one edge per unordered pair, drawn without an
    /// arrowhead.
    pub fn is_symmetric(self) -> bool {
        self == Relation::PartnersWith
    }
}

impl std::fmt::Display for Relation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A relation by name, with an error that lists the accepted names.
pub fn parse_relation(s: &str) -> Result<Relation> {
    Relation::from_name(s).ok_or_else(|| {
        Error::Output(format!(
            "unknown relation `{s}`: expected one of {}",
            names(Relation::ALL.iter().map(|r| r.name()))
        ))
    })
}

/// An entity type by its class name, case-insensitively (`official`, `MediaOutlet`,
/// `media-outlet`), with an error that lists the accepted names.
pub fn parse_entity_type(s: &str) -> Result<EntityType> {
    let key: String = s
        .trim()
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect();
    EntityType::from_local_name(&key).ok_or_else(|| {
        Error::Output(format!(
            "unknown entity type '{s}' (one of: {})",
            names(EntityType::ALL.iter().map(|t| t.local_name()))
        ))
    })
}

fn names<'a>(it: impl Iterator<Item = &'a str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

/// A `YYYY-MM-DD` date, checked (month 1-12, a day that exists in that month). Returns it
/// trimmed; the error names the bad value and the expected form.
pub fn parse_date(s: &str) -> Result<String> {
    let d = s.trim();
    let bad = || {
        Error::Output(format!(
            "invalid date `{s}`: expected a calendar date as YYYY-MM-DD, e.g. 2024-03-15"
        ))
    };
    let b = d.as_bytes();
    let shape_ok = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| d[r].parse::<u32>().map_err(|_| bad());
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if day == 0 || day > days {
        return Err(bad());
    }
    Ok(d.to_string())
}

/// What to export. The default is everything: every relation, every type, weight ≥ 1, all
/// dates, quotes included, no center.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFilter {
    /// Export the ego graph of this entity: the nodes within `depth` hops of it (edge
    /// direction ignored), and the edges between them. The center is kept even without edges
    /// and whatever its type.
    pub center: Option<NamedNode>,
    /// Hops from the center (only with `center`; 0 = the center alone).
    pub depth: usize,
    /// Keep only entities of these types (empty = all). An entity with several types is kept
    /// when any of them is listed; an edge is kept when both its ends are.
    pub types: Vec<EntityType>,
    /// Keep only these relations (empty = all).
    pub relations: Vec<Relation>,
    /// Drop edges stated by fewer articles than this.
    pub min_weight: usize,
    /// Count only articles published on or after this `YYYY-MM-DD` date. With `since` or
    /// `until`, articles without a parseable publication date are left out.
    pub since: Option<String>,
    /// Count only articles published on or before this `YYYY-MM-DD` date (inclusive).
    pub until: Option<String>,
    /// Include `quoted` edges (outlet → speaker).
    pub quotes: bool,
}

impl Default for ExportFilter {
    fn default() -> Self {
        ExportFilter {
            center: None,
            depth: 2,
            types: Vec::new(),
            relations: Vec::new(),
            min_weight: 1,
            since: None,
            until: None,
            quotes: true,
        }
    }
}

impl ExportFilter {
    /// The relations to load: the chosen ones (or all), without `quoted` when quotes are off.
    pub fn active_relations(&self) -> Vec<Relation> {
        let chosen: &[Relation] = if self.relations.is_empty() {
            &Relation::ALL
        } else {
            &self.relations
        };
        Relation::ALL
            .into_iter()
            .filter(|r| chosen.contains(r) && (self.quotes || *r != Relation::Quoted))
            .collect()
    }
}

/// An entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub iri: String,
    /// Its preferred label (the last segment of its IRI when it has none).
    pub label: String,
    /// Its type; when the store gives it several, the most specific (Official before Person,
    /// Agency / Company / MediaOutlet before Organization). `None` when the store has no type.
    pub etype: Option<EntityType>,
}

/// A direct edge between two entities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    pub relation: Relation,
    /// The number of distinct articles (named graphs) that state this edge (within the date
    /// window).
    pub weight: usize,
}

impl Edge {
    /// False for symmetric relations (`partnersWith`): the edge goes from the smaller IRI to the
    /// larger one and stands for both directions.
    pub fn directed(&self) -> bool {
        !self.relation.is_symmetric()
    }
}

/// Rank of a type when an entity has several: the most specific first.
fn type_rank(t: EntityType) -> usize {
    use EntityType as T;
    [
        T::Official,
        T::Agency,
        T::ArmedGroup,
        T::Company,
        T::MediaOutlet,
        T::Country,
        T::Location,
        T::Policy,
        T::Person,
        T::Organization,
    ]
    .iter()
    .position(|x| *x == t)
    .unwrap_or(usize::MAX)
}

fn entity_type_of_class(class: NamedNodeRef<'_>) -> Option<EntityType> {
    EntityType::ALL
        .into_iter()
        .find(|t| vocab::class_of(*t) == class)
}

/// An edge, keyed for de-duplication: symmetric relations with the smaller IRI first.
type EdgeKey = (String, Relation, String);

/// What the store says about a node.
#[derive(Default)]
struct NodeInfo {
    types: Vec<EntityType>,
    /// (from the entity graph, label): entity-graph labels win, then the smallest.
    label: Option<(bool, String)>,
}

impl NodeInfo {
    fn best_type(&self) -> Option<EntityType> {
        self.types.iter().copied().min_by_key(|t| type_rank(*t))
    }
}

fn eval_err(e: impl std::fmt::Display) -> Error {
    Error::QueryEvaluation(e.to_string())
}

fn out_err(e: impl std::fmt::Display) -> Error {
    Error::Output(e.to_string())
}

/// How many IRIs one `VALUES` block lists; longer lists are asked in several queries.
const VALUES_CHUNK: usize = 2000;

/// A `VALUES` block over IRIs. They come from the store (or the caller's `NamedNode`), and are
/// checked again here: nothing but a valid IRI is ever spliced into a query.
fn values<'a>(var: &str, iris: impl IntoIterator<Item = &'a str>) -> Result<String> {
    let mut q = format!("VALUES ?{var} {{");
    for iri in iris {
        let n = NamedNodeRef::new(iri).map_err(eval_err)?;
        let _ = write!(q, " {n}");
    }
    q.push_str(" }");
    Ok(q)
}

fn solutions(store: &dyn Sparql, q: &str) -> Result<oxigraph::sparql::QuerySolutionIter<'static>> {
    match store.query(q)? {
        QueryResults::Solutions(s) => Ok(s),
        _ => Err(Error::QueryEvaluation(
            "expected solutions from a SELECT query".into(),
        )),
    }
}

/// The lines of an edge query that keep only the articles published within [since, until]
/// (empty without a window). Dates are compared as typed `xsd:date`s on the first 10 characters
/// of `schema:datePublished`, so an `xsd:dateTime` counts by its day; a date that does not
/// start with `YYYY-MM-DD` fails the cast and its article is left out, as is an article without
/// a date.
fn date_clause(f: &ExportFilter) -> Result<String> {
    let since = f.since.as_deref().map(parse_date).transpose()?;
    let until = f.until.as_deref().map(parse_date).transpose()?;
    if let (Some(s), Some(u)) = (&since, &until) {
        if s > u {
            return Err(Error::Output(format!(
                "the date window is empty: since {s} is after until {u}"
            )));
        }
    }
    if since.is_none() && until.is_none() {
        return Ok(String::new());
    }
    // the dates are checked by `parse_date`: digits and dashes only
    let mut q = format!(
        "  GRAPH <{}> {{ ?article {} ?g ; {} ?published }}\n  BIND(xsd:date(SUBSTR(STR(?published), 1, 10)) AS ?day)\n",
        vocab::META_GRAPH,
        ng::GRAPH,
        vocab::schema::DATE_PUBLISHED
    );
    if let Some(s) = &since {
        let _ = writeln!(q, "  FILTER(?day >= \"{s}\"^^xsd:date)");
    }
    if let Some(u) = &until {
        let _ = writeln!(q, "  FILTER(?day <= \"{u}\"^^xsd:date)");
    }
    Ok(q)
}

/// Which edges an edge query asks for.
#[derive(Clone, Copy)]
enum Around<'a> {
    /// All of them.
    All,
    /// Those with one of these entities at either end.
    Touching(&'a [&'a str]),
    /// Those with one of these entities as subject.
    From(&'a [&'a str]),
}

/// The weighted direct edges: one `SELECT ... GROUP BY ?s ?p ?o` with `COUNT(DISTINCT ?g)`
/// (per chunk of `around`), merged into `out`. `<article> ng:quoted <speaker>` rows are not
/// entity edges and are skipped. A symmetric edge is stored both ways in each article (see
/// `graph::build`), so its two directions have the same count: it is kept once, from the
/// smaller IRI, with the larger count.
fn query_edges(
    store: &dyn Sparql,
    f: &ExportFilter,
    relations: &[Relation],
    dates: &str,
    around: Around<'_>,
    out: &mut HashMap<EdgeKey, usize>,
) -> Result<()> {
    if relations.is_empty() {
        return Ok(());
    }
    let predicates: Vec<String> = relations
        .iter()
        .map(|r| r.predicate().to_string())
        .collect();
    let mut group = String::from("}\nGROUP BY ?s ?p ?o");
    if f.min_weight > 1 {
        let _ = write!(group, "\nHAVING (COUNT(DISTINCT ?g) >= {})", f.min_weight);
    }
    let select = "SELECT ?s ?p ?o (COUNT(DISTINCT ?g) AS ?w) WHERE {\n";
    let queries: Vec<String> = match around {
        // a scan of the predicates' index
        Around::All => vec![format!(
            "{select}  VALUES ?p {{ {} }}\n  GRAPH ?g {{ ?s ?p ?o }}\n{dates}{group}",
            predicates.join(" ")
        )],
        // the entities as VALUES of the subject (or object) alone: Oxigraph looks each up in an
        // index (a VALUES of predicates next to it would make it scan every edge instead)
        Around::Touching(nodes) | Around::From(nodes) => {
            let mut queries = Vec::new();
            for chunk in nodes.chunks(VALUES_CHUNK) {
                let chunk = chunk.iter().copied();
                let pattern = if matches!(around, Around::Touching(_)) {
                    format!(
                        "  {{ {} GRAPH ?g {{ ?s ?p ?o }} }}\n  UNION {{ {} GRAPH ?g {{ ?s ?p ?o }} }}",
                        values("s", chunk.clone())?,
                        values("o", chunk)?
                    )
                } else {
                    format!("  {}\n  GRAPH ?g {{ ?s ?p ?o }}", values("s", chunk)?)
                };
                queries.push(format!(
                    "{select}{pattern}\n  FILTER(?p IN ({}))\n{dates}{group}",
                    predicates.join(", ")
                ));
            }
            queries
        }
    };
    for q in queries {
        for s in solutions(store, &q)? {
            let s = s.map_err(eval_err)?;
            let (Some(Term::NamedNode(x)), Some(Term::NamedNode(p)), Some(Term::NamedNode(y))) =
                (s.get("s"), s.get("p"), s.get("o"))
            else {
                continue;
            };
            let Some(relation) = Relation::from_predicate(p.as_ref()) else {
                continue;
            };
            let (x, y) = (x.as_str(), y.as_str());
            if x == y || (relation == Relation::Quoted && is_article(x)) {
                continue;
            }
            let weight = match s.get("w") {
                Some(Term::Literal(l)) => l.value().parse().unwrap_or(0),
                _ => 0,
            };
            if weight == 0 || weight < f.min_weight {
                continue;
            }
            let (x, y) = if relation.is_symmetric() && y < x {
                (y, x)
            } else {
                (x, y)
            };
            let w = out
                .entry((x.to_string(), relation, y.to_string()))
                .or_default();
            *w = (*w).max(weight);
        }
    }
    Ok(())
}

/// An article's IRI (article-local entities have IRIs under it, after a `#`).
fn is_article(iri: &str) -> bool {
    iri.strip_prefix(vocab::ARTICLE_PREFIX)
        .is_some_and(|rest| !rest.contains('#'))
}

/// Types and labels of these IRIs, added to `info`: from the entity graph first, then, for the
/// IRIs it does not describe (article-local entities), from any graph.
fn load_node_info(
    store: &dyn Sparql,
    iris: &[&str],
    info: &mut HashMap<String, NodeInfo>,
) -> Result<()> {
    let ask = |iris: &[&str], graph: &str, info: &mut HashMap<String, NodeInfo>| -> Result<()> {
        for chunk in iris.chunks(VALUES_CHUNK) {
            let q = format!(
                "SELECT ?e ?t ?l WHERE {{\n  {}\n  {{ GRAPH {graph} {{ ?e a ?t }} }} UNION {{ GRAPH {graph} {{ ?e {} ?l }} }}\n}}",
                values("e", chunk.iter().copied())?,
                vocab::skos::PREF_LABEL
            );
            let from_entities = graph != "?g";
            for s in solutions(store, &q)? {
                let s = s.map_err(eval_err)?;
                let Some(Term::NamedNode(e)) = s.get("e") else {
                    continue;
                };
                let entry = info.entry(e.as_str().to_string()).or_default();
                if let Some(Term::NamedNode(t)) = s.get("t") {
                    if let Some(t) = entity_type_of_class(t.as_ref()) {
                        if !entry.types.contains(&t) {
                            entry.types.push(t);
                        }
                    }
                }
                if let Some(Term::Literal(l)) = s.get("l") {
                    let better = match &entry.label {
                        None => true,
                        Some((fe, old)) => {
                            (from_entities && !fe)
                                || (from_entities == *fe && l.value() < old.as_str())
                        }
                    };
                    if better {
                        entry.label = Some((from_entities, l.value().to_string()));
                    }
                }
            }
        }
        Ok(())
    };
    ask(iris, &format!("<{}>", vocab::ENTITY_GRAPH), info)?;
    let missing: Vec<&str> = iris
        .iter()
        .copied()
        .filter(|i| {
            info.get(*i)
                .is_none_or(|n| n.types.is_empty() || n.label.is_none())
        })
        .collect();
    if !missing.is_empty() {
        ask(&missing, "?g", info)?;
    }
    Ok(())
}

/// Load the weighted entity graph that `f` selects. Nodes are sorted by IRI and edges by
/// (source, relation, target), so the same store and filter give the same output.
///
/// Without a center: one edge query and one node query. With a center, the graph is walked
/// from it: per hop, one edge query for the edges touching the last layer (and, with a type
/// filter, one node query for the new entities, so paths go only through entities of the chosen
/// types); then one for the edges among the outermost layer, and one node query. The walk
/// costs in proportion to the neighbourhood, not to the store (a depth-2 ego graph loads in
/// milliseconds to a few hundred of them; the whole graph of a few thousand articles in about
/// a second).
pub fn load(store: &dyn Sparql, f: &ExportFilter) -> Result<DiGraph<Node, Edge>> {
    let relations = f.active_relations();
    let dates = date_clause(f)?;
    let mut info: HashMap<String, NodeInfo> = HashMap::new();
    let mut edges: HashMap<EdgeKey, usize> = HashMap::new();
    let mut nodes: BTreeSet<String> = BTreeSet::new();

    let type_ok = |i: Option<&NodeInfo>| {
        f.types.is_empty() || i.is_some_and(|i| i.types.iter().any(|t| f.types.contains(t)))
    };
    match &f.center {
        None => {
            query_edges(store, f, &relations, &dates, Around::All, &mut edges)?;
            let ends: BTreeSet<String> = edges
                .keys()
                .flat_map(|(s, _, o)| [s.clone(), o.clone()])
                .collect();
            let refs: Vec<&str> = ends.iter().map(String::as_str).collect();
            load_node_info(store, &refs, &mut info)?;
            let keep: HashSet<&str> = refs
                .iter()
                .copied()
                .filter(|e| type_ok(info.get(*e)))
                .collect();
            edges.retain(|(s, _, o), _| keep.contains(s.as_str()) && keep.contains(o.as_str()));
            // only the entities an edge is left to
            for (s, _, o) in edges.keys() {
                nodes.insert(s.clone());
                nodes.insert(o.clone());
            }
        }
        Some(center) => {
            nodes.insert(center.as_str().to_string());
            let mut layer: Vec<String> = vec![center.as_str().to_string()];
            for _ in 0..f.depth {
                if layer.is_empty() {
                    break;
                }
                let mut found = HashMap::new();
                let refs: Vec<&str> = layer.iter().map(String::as_str).collect();
                query_edges(
                    store,
                    f,
                    &relations,
                    &dates,
                    Around::Touching(&refs),
                    &mut found,
                )?;
                let new: BTreeSet<&str> = found
                    .keys()
                    .flat_map(|(s, _, o)| [s.as_str(), o.as_str()])
                    .filter(|n| !nodes.contains(*n))
                    .collect();
                let mut new: Vec<&str> = new.into_iter().collect();
                if !f.types.is_empty() {
                    let unknown: Vec<&str> = new
                        .iter()
                        .copied()
                        .filter(|n| !info.contains_key(*n))
                        .collect();
                    load_node_info(store, &unknown, &mut info)?;
                    new.retain(|n| type_ok(info.get(*n)));
                }
                let next: Vec<String> = new.iter().map(|s| s.to_string()).collect();
                nodes.extend(next.iter().cloned());
                for (k, w) in found {
                    if nodes.contains(&k.0) && nodes.contains(&k.2) {
                        edges.insert(k, w);
                    }
                }
                layer = next;
            }
            // the edges among the outermost layer: their subject is in it
            if !layer.is_empty() && f.depth > 0 {
                let mut found = HashMap::new();
                let refs: Vec<&str> = layer.iter().map(String::as_str).collect();
                query_edges(
                    store,
                    f,
                    &relations,
                    &dates,
                    Around::From(&refs),
                    &mut found,
                )?;
                for (k, w) in found {
                    if nodes.contains(&k.0) && nodes.contains(&k.2) {
                        edges.insert(k, w);
                    }
                }
            }
            let unknown: Vec<&str> = nodes
                .iter()
                .map(String::as_str)
                .filter(|n| !info.contains_key(*n))
                .collect();
            load_node_info(store, &unknown, &mut info)?;
        }
    }

    let mut g = DiGraph::with_capacity(nodes.len(), edges.len());
    let mut index: HashMap<&str, NodeIndex> = HashMap::with_capacity(nodes.len());
    for iri in &nodes {
        let i = info.get(iri);
        let label = i
            .and_then(|i| i.label.as_ref())
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| local_name(iri).to_string());
        let n = g.add_node(Node {
            iri: iri.clone(),
            label,
            etype: i.and_then(NodeInfo::best_type),
        });
        index.insert(iri.as_str(), n);
    }
    let mut edges: Vec<(EdgeKey, usize)> = edges.into_iter().collect();
    edges.sort();
    for ((s, relation, o), weight) in edges {
        if let (Some(a), Some(b)) = (index.get(s.as_str()), index.get(o.as_str())) {
            g.add_edge(*a, *b, Edge { relation, weight });
        }
    }
    Ok(g)
}

// ---------------------------------------------------------------------------------------------
// DOT

/// Shape and fill colour of a type (Paul Tol's "light" palette: distinct for colour-blind
/// readers, light enough for black text).
fn dot_style(t: Option<EntityType>) -> (&'static str, &'static str) {
    use EntityType as T;
    match t {
        Some(T::Official) => ("box", "#EE8866"),
        Some(T::Person) => ("ellipse", "#EEDD88"),
        Some(T::Agency) => ("house", "#77AADD"),
        Some(T::Company) => ("box3d", "#BBCC33"),
        Some(T::MediaOutlet) => ("note", "#FFAABB"),
        Some(T::Organization) => ("hexagon", "#99DDFF"),
        Some(T::ArmedGroup) => ("octagon", "#DD7788"),
        Some(T::Country) => ("doubleoctagon", "#44BB99"),
        Some(T::Location) => ("oval", "#AAAA00"),
        Some(T::Policy) => ("parallelogram", "#DDDDDD"),
        None => ("ellipse", "#FFFFFF"),
    }
}

/// Colour and line style of a relation.
fn dot_edge_style(r: Relation) -> (&'static str, &'static str) {
    match r {
        Relation::Opposes => ("#CC3311", "solid"),
        Relation::PartnersWith => ("#009944", "solid"),
        Relation::MemberOf => ("#777777", "solid"),
        Relation::UnitOf => ("#999999", "dotted"),
        Relation::Quoted => ("#0077BB", "dashed"),
    }
}

/// A DOT double-quoted string (with the quotes): `\` → `\\`, `"` → `\"`, a line break → `\n`,
/// a tab → a space, other control characters dropped. Inside quotes DOT gives no meaning to
/// `{`, `}`, `->`, `<` or `;`.
pub fn dot_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn io(r: std::io::Result<()>) -> Result<()> {
    r.map_err(out_err)
}

/// Write the graph as a Graphviz `digraph`: nodes shaped and filled by type (with a legend of
/// the types present), edges labelled "relation ×weight", thicker with weight, coloured by
/// relation; `partnersWith` without arrowheads.
pub fn write_dot(g: &DiGraph<Node, Edge>, out: &mut dyn Write) -> Result<()> {
    let mut s = String::new();
    s.push_str("digraph newsgraph {\n");
    s.push_str(
        "  graph [rankdir=LR, overlap=false, splines=true, fontname=\"Helvetica\", fontsize=12];\n",
    );
    s.push_str("  node [fontname=\"Helvetica\", fontsize=10, style=filled, penwidth=0.8];\n");
    s.push_str("  edge [fontname=\"Helvetica\", fontsize=8];\n");
    for n in g.node_indices() {
        let node = &g[n];
        let (shape, fill) = dot_style(node.etype);
        let style = if node.etype.is_some() {
            "filled"
        } else {
            "filled,dashed"
        };
        let _ = writeln!(
            s,
            "  n{} [label={}, tooltip={}, shape={shape}, fillcolor=\"{fill}\", style=\"{style}\"];",
            n.index(),
            dot_string(&node.label),
            dot_string(&node.iri),
        );
    }
    for e in g.edge_references() {
        let w = e.weight();
        let (color, style) = dot_edge_style(w.relation);
        let penwidth = 1.0 + (w.weight.max(1) as f64).ln();
        let _ = write!(
            s,
            "  n{} -> n{} [label={}, color=\"{color}\", fontcolor=\"{color}\", style={style}, penwidth={penwidth:.2}",
            e.source().index(),
            e.target().index(),
            dot_string(&format!("{} \u{d7}{}", w.relation.name(), w.weight)),
        );
        if !w.directed() {
            s.push_str(", dir=none");
        }
        s.push_str("];\n");
    }
    // the legend: one node per type present
    let mut present: Vec<Option<EntityType>> = g.node_weights().map(|n| n.etype).collect();
    present.sort_by_key(|t| t.map_or(usize::MAX, |t| t as usize));
    present.dedup();
    if !present.is_empty() {
        s.push_str("  subgraph cluster_legend {\n    label=\"Legend\";\n    style=rounded;\n    color=\"#999999\";\n    fontname=\"Helvetica\";\n");
        for (i, t) in present.iter().enumerate() {
            let (shape, fill) = dot_style(*t);
            let name = t.map_or("untyped", |t| t.local_name());
            let style = if t.is_some() {
                "filled"
            } else {
                "filled,dashed"
            };
            let _ = writeln!(
                s,
                "    legend{i} [label={}, shape={shape}, fillcolor=\"{fill}\", style=\"{style}\"];",
                dot_string(name)
            );
        }
        s.push_str("  }\n");
    }
    s.push_str("}\n");
    io(out.write_all(s.as_bytes()))
}

// ---------------------------------------------------------------------------------------------
// GraphML

/// XML text or attribute value: `& < > " '` as entities, characters XML 1.0 forbids dropped.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Write the graph as GraphML (yEd, Gephi, Cytoscape, NetworkX): node keys `label`, `type`,
/// `iri`; edge keys `relation`, `weight`, `directed` (false for `partnersWith`, which stands for
/// both directions). The graph is directed; a per-edge `directed="false"` attribute would make a
/// mixed graph, which NetworkX refuses, so the direction is a data key.
pub fn write_graphml(g: &DiGraph<Node, Edge>, out: &mut dyn Write) -> Result<()> {
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    s.push_str("  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n");
    s.push_str("  <key id=\"type\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n");
    s.push_str("  <key id=\"iri\" for=\"node\" attr.name=\"iri\" attr.type=\"string\"/>\n");
    s.push_str(
        "  <key id=\"relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n",
    );
    s.push_str("  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>\n");
    s.push_str(
        "  <key id=\"directed\" for=\"edge\" attr.name=\"directed\" attr.type=\"boolean\"/>\n",
    );
    s.push_str("  <graph id=\"newsgraph\" edgedefault=\"directed\">\n");
    for n in g.node_indices() {
        let node = &g[n];
        let _ = writeln!(s, "    <node id=\"n{}\">", n.index());
        let _ = writeln!(
            s,
            "      <data key=\"label\">{}</data>",
            xml_escape(&node.label)
        );
        if let Some(t) = node.etype {
            let _ = writeln!(s, "      <data key=\"type\">{}</data>", t.local_name());
        }
        let _ = writeln!(
            s,
            "      <data key=\"iri\">{}</data>",
            xml_escape(&node.iri)
        );
        s.push_str("    </node>\n");
    }
    for e in g.edge_references() {
        let w = e.weight();
        let _ = writeln!(
            s,
            "    <edge id=\"e{}\" source=\"n{}\" target=\"n{}\">",
            e.id().index(),
            e.source().index(),
            e.target().index(),
        );
        let _ = writeln!(
            s,
            "      <data key=\"relation\">{}</data>",
            w.relation.name()
        );
        let _ = writeln!(s, "      <data key=\"weight\">{}</data>", w.weight);
        let _ = writeln!(s, "      <data key=\"directed\">{}</data>", w.directed());
        s.push_str("    </edge>\n");
    }
    s.push_str("  </graph>\n</graphml>\n");
    io(out.write_all(s.as_bytes()))
}

// ---------------------------------------------------------------------------------------------
// JSON

/// Write the graph as node-link JSON, NetworkX's current layout (`node_link_graph(data)` of
/// NetworkX 3.4 and later reads it as it is; older releases with `link="edges"`):
/// `{"directed": true, "multigraph": true, "graph": {...}, "nodes": [{"id", "label", "type"}],
/// "edges": [{"source", "target", "relation", "weight", "directed"}]}`, nodes and edges named
/// by IRI; `type` is null for an untyped node.
pub fn write_json(g: &DiGraph<Node, Edge>, out: &mut dyn Write) -> Result<()> {
    use serde_json::{json, Value};
    let nodes: Vec<Value> = g
        .node_weights()
        .map(|n| json!({"id": n.iri, "label": n.label, "type": n.etype.map(|t| t.local_name())}))
        .collect();
    let links: Vec<Value> = g
        .edge_references()
        .map(|e| {
            let w = e.weight();
            json!({
                "source": g[e.source()].iri,
                "target": g[e.target()].iri,
                "relation": w.relation.name(),
                "weight": w.weight,
                "directed": w.directed(),
            })
        })
        .collect();
    let doc = json!({
        "directed": true,
        "multigraph": true,
        "graph": {"name": "newsgraph"},
        "nodes": nodes,
        "edges": links,
    });
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(out_err)?;
    io(out.write_all(b"\n"))
}

// ---------------------------------------------------------------------------------------------
// RDF

/// RDF formats for dumps of the store or of one article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RdfExport {
    /// Triples only: the union of all graphs (or of the article's quads).
    Turtle,
    NQuads,
    TriG,
    JsonLd,
}

impl RdfExport {
    fn format(self) -> RdfFormat {
        match self {
            RdfExport::Turtle => RdfFormat::Turtle,
            RdfExport::NQuads => RdfFormat::NQuads,
            RdfExport::TriG => RdfFormat::TriG,
            RdfExport::JsonLd => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        }
    }
}

/// Write the whole store, or one article (`article_quads`: its metadata, its graph and the
/// records of the entities it mentions), in an RDF format. Turtle has no named graphs: it gets
/// the union of the graphs, as triples (each once). Returns the number of statements written
/// (quads, or triples for Turtle).
pub fn write_rdf(
    store: &GraphStore,
    format: RdfExport,
    article: Option<&NamedNode>,
    out: &mut dyn Write,
) -> Result<usize> {
    match (article, format) {
        (None, RdfExport::Turtle) => {
            let union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")?;
            write_results(union, OutputFormat::Turtle, out)
        }
        (None, RdfExport::NQuads) => {
            store.dump(format.format(), None, out)?;
            store.len()
        }
        (None, _) => dump_with_prefixes(store, format, out),
        (Some(a), _) => {
            let quads = store.article_quads(a)?;
            write_quads(&quads, format, out)
        }
    }
}

/// The whole of any store that answers newsgraph's SPARQL (a remote store) in an RDF format:
/// newsgraph's graphs only (those under its base IRI). Returns the number of statements
/// written.
pub fn write_rdf_from(store: &dyn Sparql, format: RdfExport, out: &mut dyn Write) -> Result<usize> {
    match format {
        RdfExport::Turtle => {
            let union = store.query(&format!(
                "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{}\")) }}",
                vocab::BASE
            ))?;
            write_results(union, OutputFormat::Turtle, out)
        }
        _ => dump_with_prefixes(store, format, out),
    }
}

/// Hands quads, one at a time, to the sink it is given.
pub type QuadSource<'a> = dyn FnMut(&mut dyn FnMut(Quad) -> Result<()>) -> Result<()> + 'a;

/// Quads that `source` hands over (it calls its argument with each one), written in a quad
/// format (TriG, N-Quads, JSON-LD) with newsgraph's prefixes, as they come. Returns the number
/// written.
pub fn write_quads_from(
    format: RdfExport,
    out: &mut dyn Write,
    source: &mut QuadSource<'_>,
) -> Result<usize> {
    let mut w = PrefixedWriter::new(format, &mut *out)?;
    let mut n = 0;
    source(&mut |q| {
        n += 1;
        w.write(&q)
    })?;
    w.finish()?;
    if format == RdfExport::JsonLd {
        io(out.write_all(b"\n"))?;
    }
    Ok(n)
}

/// A quad writer for TriG or JSON-LD that knows the query prefixes: `@prefix` lines in TriG, an
/// `@context` in JSON-LD (Oxigraph's generic serializer drops prefixes for JSON-LD, so that one
/// is `oxjsonld`'s own).
enum PrefixedWriter<'a> {
    Rdf(oxigraph::io::WriterQuadSerializer<&'a mut dyn Write>),
    JsonLd(oxjsonld::WriterJsonLdSerializer<&'a mut dyn Write>),
}

impl<'a> PrefixedWriter<'a> {
    fn new(format: RdfExport, out: &'a mut dyn Write) -> Result<Self> {
        if format == RdfExport::JsonLd {
            let mut ser = oxjsonld::JsonLdSerializer::new();
            for (p, ns) in vocab::PREFIXES {
                ser = ser.with_prefix(*p, *ns).map_err(out_err)?;
            }
            return Ok(PrefixedWriter::JsonLd(ser.for_writer(out)));
        }
        let mut ser = RdfSerializer::from_format(format.format());
        for (p, ns) in vocab::PREFIXES {
            ser = ser.with_prefix(*p, *ns).map_err(out_err)?;
        }
        Ok(PrefixedWriter::Rdf(ser.for_writer(out)))
    }

    fn write(&mut self, q: &Quad) -> Result<()> {
        match self {
            PrefixedWriter::Rdf(w) => w.serialize_quad(q),
            PrefixedWriter::JsonLd(w) => w.serialize_quad(q),
        }
        .map_err(out_err)
    }

    fn finish(self) -> Result<()> {
        match self {
            PrefixedWriter::Rdf(w) => w.finish().map(|_| ()),
            PrefixedWriter::JsonLd(w) => w.finish().map(|_| ()),
        }
        .map_err(out_err)
    }
}

/// The whole store as TriG, N-Quads or JSON-LD with the query prefixes, quad by quad as a
/// SPARQL query over the named graphs streams them (the store keeps nothing in the default
/// graph): newsgraph's graphs only, those under its base IRI (a remote store may hold graphs of
/// its own, as Virtuoso does).
pub fn dump_with_prefixes(
    store: &dyn Sparql,
    format: RdfExport,
    out: &mut dyn Write,
) -> Result<usize> {
    use oxigraph::model::NamedOrBlankNode;
    let QueryResults::Solutions(rows) = store.query(&format!(
        "SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{}\")) }}",
        vocab::BASE
    ))?
    else {
        return Err(Error::Output("the dump query gave no solutions".into()));
    };
    let mut w = PrefixedWriter::new(format, &mut *out)?;
    let mut n = 0;
    for row in rows {
        let row = row.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
        let term = |v: &str| {
            row.get(v)
                .cloned()
                .ok_or_else(|| Error::Output(format!("dump: ?{v} unbound")))
        };
        let bad = |e: oxigraph::model::TryFromTermError| Error::Output(e.to_string());
        let quad = Quad::new(
            NamedOrBlankNode::try_from(term("s")?).map_err(bad)?,
            NamedNode::try_from(term("p")?).map_err(bad)?,
            term("o")?,
            NamedNode::try_from(term("g")?).map_err(bad)?,
        );
        w.write(&quad)?;
        n += 1;
    }
    w.finish()?;
    if format == RdfExport::JsonLd {
        io(out.write_all(b"\n"))?;
    }
    Ok(n)
}

fn write_quads(quads: &[Quad], format: RdfExport, out: &mut dyn Write) -> Result<usize> {
    let mut n = 0;
    if format == RdfExport::Turtle {
        let mut ser = RdfSerializer::from_format(format.format());
        for (p, ns) in vocab::PREFIXES {
            ser = ser.with_prefix(*p, *ns).map_err(out_err)?;
        }
        let mut w = ser.for_writer(&mut *out);
        let mut seen = HashSet::new();
        for q in quads {
            let t = Triple::from(q.clone());
            if seen.insert(t.clone()) {
                w.serialize_triple(&t).map_err(out_err)?;
                n += 1;
            }
        }
        w.finish().map_err(out_err)?;
        return Ok(n);
    }
    let mut w = PrefixedWriter::new(format, &mut *out)?;
    for q in quads {
        w.write(q)?;
        n += 1;
    }
    w.finish()?;
    if format == RdfExport::JsonLd {
        io(out.write_all(b"\n"))?;
    }
    Ok(n)
}

#[cfg(test)]
mod tests;

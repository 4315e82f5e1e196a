//! Explaining the graph: [`why`] two entities are linked (every edge and shared fact between
//! them, each with its evidence sentences ranked by confidence, then recency), an entity's
//! [`timeline`] (its relations, roles and quotations by article date), and one article as a
//! reader sees it ([`article_view`]: its text with the offsets of mentions, quotes, relations
//! and roles).
//!
//! As in [`crate::lookup`], the only variable input of the queries, entity and article IRIs, is
//! bound as terms; dates are compared as `YYYY-MM-DD` strings in Rust.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, QuadRef, Term,
};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::lookup::EntityRef;
use crate::store::{local_name, GraphStore};
use crate::vocab::{self, itsrdf, ng, nif, org, rdf, schema, skos};
use newsgraph_extract::document::EntityType;

/// A sentence that supports a fact, where it is and how sure the pipeline was.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Evidence {
    pub sentence: String,
    /// Offsets of the sentence in the article text, in Unicode code points (half-open).
    pub begin: Option<usize>,
    pub end: Option<usize>,
    pub article: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub confidence: f64,
}

/// What kind of link [`why`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// A relation assertion (`opposes`, `partnersWith`), either way.
    Relation,
    /// One quoted as reported by the other (an outlet relaying a speaker).
    ReportedBy,
    /// A quotation of one that names the other.
    QuoteAbout,
    /// One holds a role in the other (a person in an organisation).
    Role,
    /// Both hold roles in the same organisation.
    SharedOrganization,
    /// Both named in one sentence.
    CoMention,
}

impl LinkKind {
    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Relation => "relation",
            LinkKind::ReportedBy => "reported_by",
            LinkKind::QuoteAbout => "quote_about",
            LinkKind::Role => "role",
            LinkKind::SharedOrganization => "shared_organization",
            LinkKind::CoMention => "co_mention",
        }
    }
}

/// One edge or shared fact between the two entities of [`why`].
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub kind: LinkKind,
    /// For relations the predicate's local name (`opposes`), for roles and shared organisations
    /// the title(s), for quotes the quote kind; empty for co-mentions.
    pub label: String,
    /// `"a->b"`, `"b->a"`, or `"both"` (co-mentions, shared organisations); a symmetric
    /// relation is listed once per direction it was stated in.
    pub direction: &'static str,
    /// A sentence a person can read: "China opposes Japan".
    pub summary: String,
    /// The organisation both belong to (shared organisations only).
    pub via: Option<EntityRef>,
    /// `Negative` for denied relations, `Positive` otherwise; the modality (`Asserted`,
    /// `Intended`, `Threatened`, `Reported`) for relations.
    pub polarity: Option<String>,
    pub modality: Option<String>,
    /// Statements behind the link, and the distinct articles they come from.
    pub statements: usize,
    pub articles: usize,
    /// Evidence, best first: confidence, then the most recent article; at most `items`.
    pub evidence: Vec<Evidence>,
}

/// Everything that links two entities.
#[derive(Clone, Debug, Serialize)]
pub struct Why {
    pub a: EntityRef,
    pub b: EntityRef,
    /// Links, the strongest kinds first (relations, quotes, roles, shared organisations,
    /// co-mentions), then by the number of articles.
    pub links: Vec<Link>,
}

/// One dated fact about an entity.
#[derive(Clone, Debug, Serialize)]
pub struct TimelineItem {
    pub date: Option<String>,
    /// `relation`, `role` or `quote`.
    pub kind: &'static str,
    /// `opposes` / `partnersWith`, the title of a role, or the kind of quote.
    pub label: String,
    /// `out` when the entity is the subject (speaker, member), `in` otherwise.
    pub direction: &'static str,
    pub other: Option<EntityRef>,
    pub summary: String,
    /// The quotation's words (quotes only).
    pub quote: Option<String>,
    pub polarity: Option<String>,
    pub modality: Option<String>,
    pub evidence: Evidence,
}

/// An entity's facts by article date.
#[derive(Clone, Debug, Serialize)]
pub struct Timeline {
    pub entity: EntityRef,
    pub since: Option<String>,
    pub until: Option<String>,
    /// How many items the whole timeline (within `since` / `until`) holds.
    pub total: usize,
    /// The place of the first item returned in the whole timeline.
    pub offset: usize,
    /// Oldest first; articles without a date last (left out when `since` or `until` is set).
    pub items: Vec<TimelineItem>,
}

/// A span of the article text (code points, half-open) and what it is.
#[derive(Clone, Debug, Serialize)]
pub struct Span {
    pub begin: usize,
    pub end: usize,
    pub kind: &'static str,
    /// The entity a mention names; the speaker of a quote; the subject of a relation; the
    /// member of a role.
    pub entity: Option<EntityRef>,
    /// The object of a relation; the organisation of a role.
    pub other: Option<EntityRef>,
    /// Predicate of a relation, title of a role, kind of a quote.
    pub label: Option<String>,
    /// The sentence the span's evidence is (relations, quotes, roles).
    pub sentence: Option<(usize, usize)>,
    pub confidence: Option<f64>,
}

/// One article with what was read in it.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleView {
    pub article: String,
    pub key: String,
    pub id: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub text: String,
    pub mentions: Vec<Span>,
    pub quotes: Vec<Span>,
    pub relations: Vec<Span>,
    pub roles: Vec<Span>,
}

fn text(t: &Option<Term>) -> Option<String> {
    t.as_ref().and_then(lit)
}

/// A confidence literal (0 when there is none).
fn confidence(t: &Option<Term>) -> f64 {
    text(t).and_then(|v| v.parse().ok()).unwrap_or(0.0)
}

fn num(t: &Option<Term>) -> Option<usize> {
    text(t).and_then(|s| s.parse().ok())
}

fn local(t: &Option<Term>) -> Option<String> {
    text(t).map(|s| local_name(&s).to_string())
}

fn iri_of(s: &str) -> Result<NamedNode> {
    NamedNode::new(s).map_err(|e| Error::QueryEvaluation(format!("invalid IRI <{s}>: {e}")))
}

/// An entity's label and type from the entity graph (a policy's label from its article's
/// graph; the IRI's last segment when unlabelled), read from Oxigraph's indexes.
pub fn entity_ref(store: &GraphStore, iri: &str) -> Result<EntityRef> {
    let e = iri_of(iri)?;
    let entities = NamedNode::new_unchecked(vocab::ENTITY_GRAPH);
    let mut r = EntityRef {
        iri: iri.to_string(),
        label: String::new(),
        etype: None,
    };
    for q in store.quads_matching(
        Some(e.as_ref().into()),
        None,
        None,
        Some(GraphNameRef::NamedNode(entities.as_ref())),
    ) {
        let q = q?;
        match (q.predicate.as_ref(), &q.object) {
            (p, Term::Literal(l)) if p == skos::PREF_LABEL && r.label.is_empty() => {
                r.label = l.value().to_string()
            }
            (p, Term::NamedNode(c)) if p == rdf::TYPE => {
                if let Some(t) = EntityType::from_local_name(local_name(c.as_str())) {
                    if r.etype.is_none() || t == EntityType::Official {
                        r.etype = Some(t);
                    }
                }
            }
            _ => {}
        }
    }
    if r.label.is_empty() {
        // a policy or law lives in its article's graph only
        r.label = store
            .quads_matching(Some(e.as_ref().into()), Some(skos::PREF_LABEL), None, None)
            .next()
            .transpose()?
            .and_then(|q| lit(&q.object))
            .unwrap_or_else(|| local_name(iri).to_string());
    }
    Ok(r)
}

/// Labels and types of the entities a result names, each looked up once.
struct Labels<'a> {
    store: &'a GraphStore,
    seen: HashMap<String, EntityRef>,
}

impl<'a> Labels<'a> {
    fn new(store: &'a GraphStore) -> Self {
        Labels {
            store,
            seen: HashMap::new(),
        }
    }

    fn of(&mut self, t: &Option<Term>) -> Result<Option<EntityRef>> {
        let Some(Term::NamedNode(n)) = t else {
            return Ok(None);
        };
        if let Some(r) = self.seen.get(n.as_str()) {
            return Ok(Some(r.clone()));
        }
        let r = entity_ref(self.store, n.as_str())?;
        self.seen.insert(n.as_str().to_string(), r.clone());
        Ok(Some(r))
    }
}

/// Best evidence first: confidence, then the most recent article, then article and offset (so
/// the order is stable).
fn rank(ev: &mut [Evidence]) {
    ev.sort_by(|x, y| {
        y.confidence
            .total_cmp(&x.confidence)
            .then_with(|| y.date.cmp(&x.date))
            .then_with(|| x.article.cmp(&y.article))
            .then_with(|| x.begin.cmp(&y.begin))
    });
}

/// A link being gathered: its key, and every piece of evidence.
struct Gather {
    links: Vec<(Link, Vec<Evidence>)>,
}

impl Gather {
    /// A link with no organisation between, polarity or modality (quotes, roles, co-mentions).
    fn plain(
        &mut self,
        kind: LinkKind,
        label: String,
        direction: &'static str,
        summary: String,
        ev: Evidence,
    ) {
        self.add(kind, label, direction, summary, None, None, None, ev);
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        kind: LinkKind,
        label: String,
        direction: &'static str,
        summary: String,
        via: Option<EntityRef>,
        polarity: Option<String>,
        modality: Option<String>,
        ev: Evidence,
    ) {
        let same = |l: &Link| {
            l.kind == kind
                && l.label == label
                && l.direction == direction
                && l.polarity == polarity
                && l.modality == modality
                && l.via.as_ref().map(|v| &v.iri) == via.as_ref().map(|v| &v.iri)
        };
        match self.links.iter_mut().find(|(l, _)| same(l)) {
            Some((_, evs)) => {
                // one sentence may state a fact twice (two cues): keep it once
                if !evs
                    .iter()
                    .any(|e| e.article == ev.article && e.begin == ev.begin && e.end == ev.end)
                {
                    evs.push(ev)
                }
            }
            None => self.links.push((
                Link {
                    kind,
                    label,
                    direction,
                    summary,
                    via,
                    polarity,
                    modality,
                    statements: 0,
                    articles: 0,
                    evidence: Vec::new(),
                },
                vec![ev],
            )),
        }
    }
}

/// Walks the graph from bound nodes through Oxigraph's indexes, remembering each sentence,
/// article and label it has read.
struct Walk<'a> {
    store: &'a GraphStore,
    labels: Labels<'a>,
    sentences: HashMap<(NamedNode, NamedNode), SentenceText>,
    articles: HashMap<NamedNode, ArticleMeta>,
    dates: HashMap<NamedNode, Dating>,
    /// Every (predicate, object) of a node in a graph, read in one index scan the first time
    /// one of them is asked for: a fact node's five or six properties cost one seek, not six.
    nodes: RefCell<HashMap<(NamedNode, NamedNode), Rc<Properties>>>,
    /// What `one` looked up, by (subject, predicate, graph).
    looked_up: RefCell<HashMap<(NamedNode, NamedNode, NamedNode), Option<Term>>>,
    /// What `subjects` found, by (predicate, object).
    found: RefCell<HashMap<Found, Rc<Vec<Found>>>>,
    /// Mention nodes by (entity, graph).
    mentions: RefCell<HashMap<Found, Rc<Vec<NamedNode>>>>,
}

/// The (predicate, object) pairs of one node in one graph, in index order.
type Properties = Vec<(NamedNode, Term)>;

/// The first object of predicate `p` among a node's properties.
fn property(props: &Properties, p: NamedNodeRef<'_>) -> Option<Term> {
    props
        .iter()
        .find(|(q, _)| q.as_ref() == p)
        .map(|(_, o)| o.clone())
}

/// A sentence's text, begin and end (code points).
type SentenceText = (String, Option<usize>, Option<usize>);
/// An article's IRI, headline and date.
type ArticleMeta = (String, Option<String>, Option<String>);
/// An article's IRI and date, as the graph's metadata gives them.
type Dating = (Option<NamedNode>, Option<String>);

fn lit(t: &Term) -> Option<String> {
    match t {
        Term::Literal(l) => Some(l.value().to_string()),
        Term::NamedNode(n) => Some(n.as_str().to_string()),
        _ => None,
    }
}

/// The article of an article graph: both IRIs end in the article's key (the store writes
/// them so, `graph::article_iri` / `graph::article_graph_iri`).
fn article_of(g: &NamedNode) -> Option<NamedNode> {
    let key = g.as_str().strip_prefix(vocab::ARTICLE_GRAPH_PREFIX)?;
    Some(crate::graph::article_iri(key))
}

/// `(begin, end)` from an IRI ending in `#char=B,E` or `#sentence=B,E`.
fn offsets(iri: &str) -> Option<(usize, usize)> {
    let (_, frag) = iri.rsplit_once('#')?;
    let (_, range) = frag.split_once('=')?;
    let (b, e) = range.split_once(',')?;
    Some((b.parse().ok()?, e.parse().ok()?))
}

fn named(t: Term) -> Option<NamedNode> {
    match t {
        Term::NamedNode(n) => Some(n),
        _ => None,
    }
}

/// A fact node found in an article graph: the node and the graph (also the key of what is
/// cached by two nodes: (predicate, object), (entity, graph)).
type Found = (NamedNode, NamedNode);
/// Begin and end, where known.
type Span2 = (Option<usize>, Option<usize>);

impl<'a> Walk<'a> {
    fn new(store: &'a GraphStore) -> Self {
        Walk {
            store,
            labels: Labels::new(store),
            sentences: HashMap::new(),
            articles: HashMap::new(),
            dates: HashMap::new(),
            nodes: RefCell::new(HashMap::new()),
            mentions: RefCell::new(HashMap::new()),
            found: RefCell::new(HashMap::new()),
            looked_up: RefCell::new(HashMap::new()),
        }
    }

    /// Nodes `?x` with `?x p o` in an article graph, with the graph (read once).
    fn subjects(&self, p: NamedNodeRef<'_>, o: &NamedNode) -> Result<Rc<Vec<Found>>> {
        let key = (p.into_owned(), o.clone());
        if let Some(found) = self.found.borrow().get(&key) {
            return Ok(found.clone());
        }
        let mut out = Vec::new();
        for q in self
            .store
            .quads_matching(None, Some(p), Some(o.as_ref().into()), None)
        {
            let q = q?;
            if let (NamedOrBlankNode::NamedNode(s), GraphName::NamedNode(g)) =
                (q.subject, q.graph_name)
            {
                if g.as_str().starts_with(vocab::ARTICLE_GRAPH_PREFIX) {
                    out.push((s, g));
                }
            }
        }
        let out = Rc::new(out);
        self.found.borrow_mut().insert(key, out.clone());
        Ok(out)
    }

    /// The first object of `s p ?o` in graph `g`.
    fn object(&self, s: &NamedNode, p: NamedNodeRef<'_>, g: &NamedNode) -> Result<Option<Term>> {
        let key = (s.clone(), g.clone());
        let cached = self.nodes.borrow().get(&key).cloned();
        let props = match cached {
            Some(props) => props,
            None => {
                let mut props = Properties::new();
                for q in self.store.quads_matching(
                    Some(s.as_ref().into()),
                    None,
                    None,
                    Some(GraphNameRef::NamedNode(g.as_ref())),
                ) {
                    let q = q?;
                    props.push((q.predicate, q.object));
                }
                let props = Rc::new(props);
                self.nodes.borrow_mut().insert(key, props.clone());
                props
            }
        };
        Ok(property(&props, p))
    }

    /// The first object of `s p ?o` in graph `g` when only one or two properties of `s` are
    /// wanted: from the node's properties if they have been read, else one lookup (every quad
    /// read costs a string lookup per IRI in it, so a lookup of one quad is far cheaper than a
    /// node's whole scan).
    fn one(&self, s: &NamedNode, p: NamedNodeRef<'_>, g: &NamedNode) -> Result<Option<Term>> {
        if let Some(props) = self.nodes.borrow().get(&(s.clone(), g.clone())) {
            return Ok(property(props, p));
        }
        let key = (s.clone(), p.into_owned(), g.clone());
        if let Some(o) = self.looked_up.borrow().get(&key) {
            return Ok(o.clone());
        }
        let o = self
            .store
            .quads_matching(
                Some(s.as_ref().into()),
                Some(p),
                None,
                Some(GraphNameRef::NamedNode(g.as_ref())),
            )
            .next()
            .transpose()?
            .map(|q| q.object);
        self.looked_up.borrow_mut().insert(key, o.clone());
        Ok(o)
    }

    /// Begin and end of node `s` (code points): from its IRI's fragment (`#char=B,E`,
    /// `#sentence=B,E`, as the store writes them), else from its `nif:beginIndex` /
    /// `nif:endIndex`.
    fn span(&self, s: &NamedNode, g: &NamedNode) -> Result<Span2> {
        if let Some((b, e)) = offsets(s.as_str()) {
            return Ok((Some(b), Some(e)));
        }
        Ok((
            num(&self.one(s, nif::BEGIN_INDEX, g)?),
            num(&self.one(s, nif::END_INDEX, g)?),
        ))
    }

    fn text(&self, s: &NamedNode, p: NamedNodeRef<'_>, g: &NamedNode) -> Result<Option<String>> {
        Ok(self.object(s, p, g)?.as_ref().and_then(lit))
    }

    fn confidence(&self, s: &NamedNode, g: &NamedNode) -> Result<f64> {
        Ok(confidence(&self.object(s, ng::CONFIDENCE, g)?))
    }

    fn local(&self, s: &NamedNode, p: NamedNodeRef<'_>, g: &NamedNode) -> Result<Option<String>> {
        Ok(self.text(s, p, g)?.map(|v| local_name(&v).to_string()))
    }

    fn entity(
        &mut self,
        s: &NamedNode,
        p: NamedNodeRef<'_>,
        g: &NamedNode,
    ) -> Result<Option<EntityRef>> {
        let o = self.object(s, p, g)?;
        self.labels.of(&o)
    }

    /// The evidence of fact node `node` (its `ng:evidence` sentence) in graph `g`.
    fn evidence(
        &mut self,
        node: &NamedNode,
        g: &NamedNode,
        confidence: f64,
    ) -> Result<Option<Evidence>> {
        let Some(sn) = self.object(node, ng::EVIDENCE, g)?.and_then(named) else {
            return Ok(None);
        };
        self.sentence(&sn, g, confidence).map(Some)
    }

    fn sentence(&mut self, sn: &NamedNode, g: &NamedNode, confidence: f64) -> Result<Evidence> {
        let key = (sn.clone(), g.clone());
        if !self.sentences.contains_key(&key) {
            let (begin, end) = self.span(sn, g)?;
            let text = text(&self.one(sn, nif::ANCHOR_OF, g)?);
            let v = (text.unwrap_or_default(), begin, end);
            self.sentences.insert(key.clone(), v);
        }
        self.article(g)?;
        let (sentence, begin, end) = self.sentences[&key].clone();
        let (article, title, date) = self.articles[g].clone();
        Ok(Evidence {
            sentence,
            begin,
            end,
            article,
            title,
            date,
            confidence,
        })
    }

    /// The article of graph `g`: its IRI and date (read once; all a timeline needs to order
    /// the facts of a graph).
    fn dated(&mut self, g: &NamedNode) -> Result<&Dating> {
        if !self.dates.contains_key(g) {
            let meta = NamedNode::new_unchecked(vocab::META_GRAPH);
            // the article whose graph this is, as the metadata records it
            let a = match article_of(g) {
                Some(a)
                    if self.store.contains(QuadRef::new(
                        &a,
                        ng::GRAPH,
                        g,
                        GraphNameRef::NamedNode(meta.as_ref()),
                    ))? =>
                {
                    Some(a)
                }
                _ => None,
            };
            let v = match a {
                Some(a) => {
                    let date = text(&self.one(&a, schema::DATE_PUBLISHED, &meta)?);
                    (Some(a), date)
                }
                None => (None, None),
            };
            self.dates.insert(g.clone(), v);
        }
        Ok(&self.dates[g])
    }

    /// The article of graph `g`: its IRI, headline and date (read once).
    fn article(&mut self, g: &NamedNode) -> Result<&ArticleMeta> {
        if !self.articles.contains_key(g) {
            let meta = NamedNode::new_unchecked(vocab::META_GRAPH);
            let v = match self.dated(g)?.clone() {
                (Some(a), date) => (
                    a.as_str().to_string(),
                    text(&self.one(&a, schema::HEADLINE, &meta)?),
                    date,
                ),
                (None, _) => (g.as_str().to_string(), None, None),
            };
            self.articles.insert(g.clone(), v);
        }
        Ok(&self.articles[g])
    }

    /// The article graphs naming entity `e` (one quad per article, `?article ng:mentions e`,
    /// where the entity's mentions are one quad each: a country of a large corpus has
    /// thousands).
    fn graphs_naming(&self, e: &NamedNode) -> Result<Vec<NamedNode>> {
        Ok(self
            .subjects(ng::MENTIONS, e)?
            .iter()
            .map(|(_, g)| g.clone())
            .collect())
    }

    /// Whether the article of graph `g` names entity `e` (one point look-up).
    fn names(&self, e: &NamedNode, g: &NamedNode) -> Result<bool> {
        let Some(a) = article_of(g) else {
            return Ok(false);
        };
        self.store.contains(QuadRef::new(
            &a,
            ng::MENTIONS,
            e,
            GraphNameRef::NamedNode(g.as_ref()),
        ))
    }

    /// Whether a mention of entity `e` lies inside quotation `q` (offsets from the mentions'
    /// IRIs).
    fn quote_names(&self, q: &NamedNode, e: &NamedNode, g: &NamedNode) -> Result<bool> {
        let (Some(qb), Some(qe)) = self.span(q, g)? else {
            return Ok(false);
        };
        for m in self.mentions_in(e, g)?.iter() {
            let (b, e) = self.span(m, g)?;
            if b.is_some_and(|b| b >= qb) && e.is_some_and(|e| e <= qe) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The mention nodes of entity `e` in graph `g` (read once).
    fn mentions_in(&self, e: &NamedNode, g: &NamedNode) -> Result<Rc<Vec<NamedNode>>> {
        let key = (e.clone(), g.clone());
        if let Some(ms) = self.mentions.borrow().get(&key) {
            return Ok(ms.clone());
        }
        let mut ms = Vec::new();
        for q in self.store.quads_matching(
            None,
            Some(itsrdf::TA_IDENT_REF),
            Some(e.as_ref().into()),
            Some(GraphNameRef::NamedNode(g.as_ref())),
        ) {
            if let NamedOrBlankNode::NamedNode(m) = q?.subject {
                ms.push(m);
            }
        }
        let ms = Rc::new(ms);
        self.mentions.borrow_mut().insert(key, ms.clone());
        Ok(ms)
    }

    /// The sentences of graph `g` in which a mention of `ms_a` and one of `ms_b` both stand,
    /// each with the lower of the two sides' best mention confidences. Only the mentions of the
    /// side with fewer are looked up for their sentence; the other side's are placed by the
    /// offsets in their IRIs, and confidences are read only for mentions that share a sentence.
    fn co_mentions(
        &self,
        g: &NamedNode,
        ms_a: &[NamedNode],
        ms_b: &[NamedNode],
    ) -> Result<Vec<(NamedNode, f64)>> {
        let (few, many) = if ms_a.len() <= ms_b.len() {
            (ms_a, ms_b)
        } else {
            (ms_b, ms_a)
        };
        // the sentences of the side with fewer mentions, with their spans and mentions
        let mut sentences: Vec<(NamedNode, Span2, Vec<&NamedNode>)> = Vec::new();
        for m in few {
            let Some(sn) = self.one(m, nif::SENTENCE_PROP, g)?.and_then(named) else {
                continue;
            };
            match sentences.iter_mut().find(|x| x.0 == sn) {
                Some(x) => x.2.push(m),
                None => {
                    let span = self.span(&sn, g)?;
                    sentences.push((sn, span, vec![m]));
                }
            }
        }
        let confidence =
            |m: &NamedNode| -> Result<f64> { Ok(confidence(&self.one(m, ng::CONFIDENCE, g)?)) };
        let mut best_many: Vec<Option<f64>> = vec![None; sentences.len()];
        for m in many {
            let (Some(b), Some(e)) = self.span(m, g)? else {
                continue;
            };
            let Some(k) = sentences.iter().position(|(_, span, _)| {
                span.0.is_some_and(|sb| sb <= b) && span.1.is_some_and(|se| e <= se)
            }) else {
                continue;
            };
            let c = confidence(m)?;
            best_many[k] = Some(best_many[k].map_or(c, |x: f64| x.max(c)));
        }
        let mut out = Vec::new();
        for ((sn, _, ms), cm) in sentences.into_iter().zip(best_many) {
            let Some(cm) = cm else { continue };
            let mut cf = f64::MIN;
            for m in ms {
                cf = cf.max(confidence(m)?);
            }
            out.push((sn, cf.min(cm)));
        }
        Ok(out)
    }
}

/// Every edge and shared fact between entities `a` and `b` (IRIs): relations both ways,
/// quotations of one reported by the other or naming the other, roles of one in the other,
/// organisations both hold roles in, and sentences naming both. Each link lists at most `items`
/// evidence sentences, best first (confidence, then recency); counts are complete.
pub fn why(store: &GraphStore, a: &str, b: &str, items: usize) -> Result<Why> {
    let ea = entity_ref(store, a)?;
    let eb = entity_ref(store, b)?;
    let (na, nb) = (iri_of(a)?, iri_of(b)?);
    let mut w = Walk::new(store);
    let mut g = Gather { links: Vec::new() };
    let name = |n: &NamedNode| {
        if n == &na {
            ea.label.clone()
        } else {
            eb.label.clone()
        }
    };
    // only the articles naming both are read for mentions: the graphs naming a, each asked
    // whether it names b
    let Together { both, mentions } = named_together(store, &na, &nb, &w.graphs_naming(&na)?)?;
    // the mentions read there serve the quotations below
    w.mentions
        .borrow_mut()
        .extend(mentions.into_iter().map(|(key, ms)| (key, Rc::new(ms))));
    for (s, o, dir) in [(&na, &nb, "a->b"), (&nb, &na, "b->a")] {
        // relations, asserted or denied
        for (r, gr) in w.subjects(rdf::SUBJECT, s)?.iter() {
            if w.one(r, rdf::OBJECT, gr)?.as_ref() != Some(&Term::from(o.clone())) {
                continue;
            }
            let Some(p) = w.local(r, rdf::PREDICATE, gr)? else {
                continue;
            };
            let pol = w.local(r, ng::POLARITY, gr)?;
            let negated = pol.as_deref() == Some("Negative");
            let verb = match (negated, p.as_str()) {
                (true, "opposes") => "does not oppose".to_string(),
                (true, "partnersWith") => "does not partner with".to_string(),
                (true, other) => format!("does not {other}"),
                (false, "partnersWith") => "partners with".to_string(),
                (false, other) => other.to_string(),
            };
            let summary = format!("{} {verb} {}", name(s), name(o));
            let c = w.confidence(r, gr)?;
            let modality = w.local(r, ng::MODALITY, gr)?;
            if let Some(ev) = w.evidence(r, gr, c)? {
                g.add(LinkKind::Relation, p, dir, summary, None, pol, modality, ev);
            }
        }
        // quotations of s: relayed by o, or naming o inside the quoted words
        for (q, gq) in w.subjects(ng::SPEAKER, s)?.iter() {
            let relayed = w.store.contains(QuadRef::new(
                q,
                ng::REPORTED_BY,
                o,
                GraphNameRef::NamedNode(gq.as_ref()),
            ))?;
            let names_o = w.names(o, gq)? && w.quote_names(q, o, gq)?;
            if !relayed && !names_o {
                continue;
            }
            let c = w.confidence(q, gq)?;
            if relayed {
                if let Some(ev) = w.evidence(q, gq, c)? {
                    let summary = format!("{} quoted {}", name(o), name(s));
                    g.plain(LinkKind::ReportedBy, "reportedBy".into(), dir, summary, ev);
                }
            }
            if names_o {
                if let Some(ev) = w.evidence(q, gq, c)? {
                    let summary = format!("{} spoke of {}", name(s), name(o));
                    g.plain(LinkKind::QuoteAbout, "quote".into(), dir, summary, ev);
                }
            }
        }
        // roles of s in o
        for (m, gm) in w.subjects(org::MEMBER, s)?.iter() {
            if w.one(m, org::ORGANIZATION, gm)?.as_ref() != Some(&Term::from(o.clone())) {
                continue;
            }
            let t = w.text(m, ng::TITLE, gm)?.unwrap_or_default();
            let c = w.confidence(m, gm)?;
            if let Some(ev) = w.evidence(m, gm, c)? {
                // an office the dictionaries date as ended by the article's date
                let former = w.object(m, ng::CURRENT, gm)?.as_ref()
                    == Some(&Term::from(oxigraph::model::Literal::from(false)));
                let verb = if former { "was" } else { "is" };
                let summary = format!("{} {verb} {t} at {}", name(s), name(o));
                g.plain(LinkKind::Role, t.to_lowercase(), dir, summary, ev);
            }
        }
    }
    // organisations both hold roles in (evidence: each one's role sentences)
    let roles = |w: &Walk, e: &NamedNode| -> Result<Vec<(NamedNode, NamedNode, NamedNode)>> {
        let mut out = Vec::new();
        for (m, gm) in w.subjects(org::MEMBER, e)?.iter() {
            if let Some(x) = w.one(m, org::ORGANIZATION, gm)?.and_then(named) {
                if x != na && x != nb {
                    out.push((x, m.clone(), gm.clone()));
                }
            }
        }
        Ok(out)
    };
    let (ra, rb) = (roles(&w, &na)?, roles(&w, &nb)?);
    for (x, m, gm) in ra.iter().chain(rb.iter()) {
        if !(ra.iter().any(|r| &r.0 == x) && rb.iter().any(|r| &r.0 == x)) {
            continue;
        }
        let Some(xr) = w.labels.of(&Some(Term::from(x.clone())))? else {
            continue;
        };
        let c = w.confidence(m, gm)?;
        if let Some(ev) = w.evidence(m, gm, c)? {
            let summary = format!(
                "{} and {} both hold roles at {}",
                ea.label, eb.label, xr.label
            );
            g.add(
                LinkKind::SharedOrganization,
                String::new(),
                "both",
                summary,
                Some(xr),
                None,
                None,
                ev,
            );
        }
    }
    // sentences naming both (found above), ranked as `rank` ranks evidence, from the article's date and the offsets in the
    // sentence's IRI (`...#sentence=B,E`), so that only the sentences shown are read
    let mut shared = Vec::with_capacity(both.len());
    for ((gs, sn), c) in both {
        let (article, _, date) = w.article(&gs)?.clone();
        let begin = offsets(sn.as_str()).map(|(b, _)| b);
        shared.push((c, date, article, begin, gs, sn));
    }
    shared.sort_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then_with(|| y.1.cmp(&x.1))
            .then_with(|| x.2.cmp(&y.2))
            .then_with(|| x.3.cmp(&y.3))
    });
    let co_mention = if shared.is_empty() {
        None
    } else {
        let mut arts: Vec<&str> = shared.iter().map(|x| x.2.as_str()).collect();
        arts.sort_unstable();
        arts.dedup();
        let articles = arts.len();
        let mut evidence = Vec::new();
        for (c, _, _, _, gs, sn) in shared.iter().take(items.max(1)) {
            evidence.push(w.sentence(sn, gs, *c)?);
        }
        Some(Link {
            kind: LinkKind::CoMention,
            label: String::new(),
            direction: "both",
            summary: format!("{} and {} named in one sentence", ea.label, eb.label),
            via: None,
            polarity: None,
            modality: None,
            statements: shared.len(),
            articles,
            evidence,
        })
    };

    let mut links: Vec<Link> = g
        .links
        .into_iter()
        .map(|(mut l, mut evs)| {
            rank(&mut evs);
            l.statements = evs.len();
            let mut arts: Vec<&str> = evs.iter().map(|e| e.article.as_str()).collect();
            arts.sort_unstable();
            arts.dedup();
            l.articles = arts.len();
            evs.truncate(items.max(1));
            l.evidence = evs;
            l
        })
        .chain(co_mention)
        .collect();
    links.sort_by(|x, y| {
        (x.kind, usize::MAX - x.articles, x.direction, &x.label).cmp(&(
            y.kind,
            usize::MAX - y.articles,
            y.direction,
            &y.label,
        ))
    });
    Ok(Why {
        a: ea,
        b: eb,
        links,
    })
}

/// A sentence of an article graph that names both entities, with its confidence.
type BothNamed = ((NamedNode, NamedNode), f64);

/// What [`named_together`] found.
#[derive(Default)]
struct Together {
    /// The sentences naming both entities, with their graphs.
    both: Vec<BothNamed>,
    /// The mention nodes read, by (entity, graph).
    mentions: Vec<((NamedNode, NamedNode), Vec<NamedNode>)>,
}

/// The sentences naming both `a` and `b` in the graphs `graphs` (those naming `a`) whose article
/// names `b` too, and the mentions of both read there. The graphs are split between two threads, each with its
/// own walk: for two hub entities (two countries of a large corpus share hundreds of articles)
/// this is most of `why`'s work.
fn named_together(
    store: &GraphStore,
    a: &NamedNode,
    b: &NamedNode,
    graphs: &[NamedNode],
) -> Result<Together> {
    let part = |graphs: &[NamedNode]| -> Result<Together> {
        let w = Walk::new(store);
        let mut t = Together::default();
        for g in graphs {
            if !w.names(b, g)? {
                continue;
            }
            let (ma, mb) = (w.mentions_in(a, g)?, w.mentions_in(b, g)?);
            for (sn, c) in w.co_mentions(g, &ma, &mb)? {
                t.both.push(((g.clone(), sn), c));
            }
            t.mentions.push(((a.clone(), g.clone()), ma.to_vec()));
            t.mentions.push(((b.clone(), g.clone()), mb.to_vec()));
        }
        Ok(t)
    };
    if graphs.len() < 64 {
        return part(graphs);
    }
    let (first, second) = graphs.split_at(graphs.len() / 2);
    let (x, y) = std::thread::scope(|scope| {
        let other = scope.spawn(|| part(second));
        let x = part(first);
        (x, other.join())
    });
    let mut t = x?;
    let u = y.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    t.both.extend(u.both);
    t.mentions.extend(u.mentions);
    Ok(t)
}

/// Which part of a timeline to read: items `offset..offset + limit` in timeline order (all of
/// them when `limit` is `None`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Page {
    pub offset: usize,
    pub limit: Option<usize>,
}

/// A fact found for a timeline, with what orders it; its details are read only when it falls
/// in the page asked for.
struct Dated {
    kind: &'static str,
    direction: &'static str,
    node: NamedNode,
    graph: NamedNode,
    date: Option<String>,
    article: String,
    /// The evidence sentence and where it begins, read only for facts near the page.
    sentence: Option<NamedNode>,
    begin: Option<usize>,
}

/// Entity `iri`'s relations (both ways), roles (held, and for organisations held in it) and
/// quotations, ordered by article date (oldest first), then by article, place in it, kind and
/// fact. `since` / `until` (`YYYY-MM-DD`, inclusive) keep only dated articles in the window;
/// `page` picks the items returned, and `total` counts them all. Every fact is found and
/// ordered from a few index reads (its evidence sentence, its article's date); only the facts
/// of the page are read in full, so a page of a hub entity's timeline costs little more than a
/// small entity's whole one.
pub fn timeline(
    store: &GraphStore,
    iri: &str,
    since: Option<&str>,
    until: Option<&str>,
    page: Page,
) -> Result<Timeline> {
    let entity = entity_ref(store, iri)?;
    let e = iri_of(iri)?;
    let mut w = Walk::new(store);
    let mut found: Vec<Dated> = Vec::new();
    let sections = [
        ("relation", "out", rdf::SUBJECT),
        ("relation", "in", rdf::OBJECT),
        ("role", "out", org::MEMBER),
        ("role", "in", org::ORGANIZATION),
        ("quote", "out", ng::SPEAKER),
        ("quote", "in", ng::REPORTED_BY),
    ];
    // a role the entity holds in itself (found both as member and as organisation) is no fact
    // about it
    let held: HashSet<Found> = w.subjects(org::MEMBER, &e)?.iter().cloned().collect();
    let own: HashSet<Found> = w
        .subjects(org::ORGANIZATION, &e)?
        .iter()
        .filter(|f| held.contains(f))
        .cloned()
        .collect();
    for (kind, direction, by) in sections {
        for (node, graph) in w.subjects(by, &e)?.iter().cloned() {
            if kind == "role" && own.contains(&(node.clone(), graph.clone())) {
                continue;
            }
            let (article, date) = w.dated(&graph)?.clone();
            let article = article.map_or_else(|| graph.as_str().to_string(), |a| a.into_string());
            found.push(Dated {
                kind,
                direction,
                node,
                graph,
                date,
                article,
                sentence: None,
                begin: None,
            });
        }
    }
    if since.is_some() || until.is_some() {
        found.retain(|i| {
            // only days (YYYY-MM-DD) compare as text; a date written otherwise never passes
            i.date
                .as_deref()
                .filter(|d| crate::export::parse_date(d).is_ok())
                .is_some_and(|d| since.is_none_or(|s| d >= s) && until.is_none_or(|u| d <= u))
        });
    }
    // ordered by article first; only the articles the page reaches into are ordered inside
    // (by the place of each fact's evidence sentence), so only their facts' evidence is read
    let by_article = |x: &Dated, y: &Dated| {
        (x.date.is_none(), &x.date, &x.article).cmp(&(y.date.is_none(), &y.date, &y.article))
    };
    found.sort_by(by_article);
    let total = found.len();
    let begin = page.offset.min(total);
    let end = page
        .limit
        .map_or(total, |l| begin.saturating_add(l).min(total));
    if begin < end {
        let same = |a: &Dated, b: &Dated| a.date == b.date && a.article == b.article;
        let mut lo = begin;
        while lo > 0 && same(&found[lo - 1], &found[begin]) {
            lo -= 1;
        }
        let mut hi = end;
        while hi < total && same(&found[hi], &found[end - 1]) {
            hi += 1;
        }
        for d in &mut found[lo..hi] {
            d.sentence = w.one(&d.node, ng::EVIDENCE, &d.graph)?.and_then(named);
            if let Some(sn) = &d.sentence {
                d.begin = w.span(sn, &d.graph)?.0;
            }
        }
        found[lo..hi].sort_by(|x, y| {
            by_article(x, y)
                .then_with(|| (x.begin, x.kind, x.direction).cmp(&(y.begin, y.kind, y.direction)))
                .then_with(|| x.node.as_str().cmp(y.node.as_str()))
        });
    }
    let mut items = Vec::with_capacity(end - begin);
    for d in &found[begin..end] {
        items.push(timeline_item(&mut w, &entity, d)?);
    }
    Ok(Timeline {
        entity,
        since: since.map(str::to_string),
        until: until.map(str::to_string),
        total,
        offset: page.offset,
        items,
    })
}

/// The details of one timeline fact: what it says, with whom, and its evidence.
fn timeline_item(w: &mut Walk, entity: &EntityRef, d: &Dated) -> Result<TimelineItem> {
    let (r, g, out) = (&d.node, &d.graph, d.direction == "out");
    let c = w.confidence(r, g)?;
    let ev = match &d.sentence {
        Some(sn) => w.sentence(sn, g, c)?,
        // a fact stored without its sentence still has its article
        None => {
            let (article, title, date) = w.article(g)?.clone();
            Evidence {
                sentence: String::new(),
                begin: None,
                end: None,
                article,
                title,
                date,
                confidence: c,
            }
        }
    };
    let me = &entity.label;
    let mut item = TimelineItem {
        date: ev.date.clone(),
        kind: d.kind,
        label: String::new(),
        direction: d.direction,
        other: None,
        summary: String::new(),
        quote: None,
        polarity: None,
        modality: None,
        evidence: ev,
    };
    match d.kind {
        "relation" => {
            let p = w.local(r, rdf::PREDICATE, g)?.unwrap_or_default();
            let x = w.entity(r, if out { rdf::OBJECT } else { rdf::SUBJECT }, g)?;
            let pol = w.local(r, ng::POLARITY, g)?;
            let not = if pol.as_deref() == Some("Negative") {
                "not "
            } else {
                ""
            };
            let xl = x.as_ref().map_or("", |x| x.label.as_str());
            item.summary = if out {
                format!("{me} {not}{p} {xl}")
            } else {
                format!("{xl} {not}{p} {me}")
            };
            item.modality = w.local(r, ng::MODALITY, g)?;
            item.label = p;
            item.polarity = pol;
            item.other = x;
        }
        "role" => {
            let t = w.text(r, ng::TITLE, g)?.unwrap_or_default();
            let x = w.entity(r, if out { org::ORGANIZATION } else { org::MEMBER }, g)?;
            item.summary = match (&x, out) {
                (Some(x), true) => format!("{me}: {t} at {}", x.label),
                (None, _) => format!("{me}: {t}"),
                (Some(x), false) => format!("{}: {t} at {me}", x.label),
            };
            item.label = t;
            item.other = x;
        }
        _ => {
            // quotations the entity said ("out"), and those it relayed ("in": an outlet,
            // "according to Reuters, X said")
            let x = w.entity(r, if out { ng::REPORTED_BY } else { ng::SPEAKER }, g)?;
            item.summary = match (&x, out) {
                (Some(x), true) => format!("{me} quoted by {}", x.label),
                (None, true) => format!("{me} quoted"),
                (Some(x), false) => format!("{me} quoted {}", x.label),
                (None, false) => format!("{me} relayed a quotation"),
            };
            item.label = w.local(r, ng::KIND, g)?.unwrap_or_default();
            item.quote = Some(w.text(r, schema::TEXT, g)?.unwrap_or_default());
            item.other = x;
        }
    }
    Ok(item)
}

/// One article (its IRI) with its text and the spans of what was read in it: mentions (with
/// their entities), quotes (speaker), relations (subject, predicate, object) and roles.
/// `None` when no such article is stored.
pub fn article_view(store: &GraphStore, article: &NamedNode) -> Result<Option<ArticleView>> {
    let bind = [("a", Term::from(article.clone()))];
    let meta = store.select(
        "SELECT ?g ?id ?title ?date ?url WHERE { GRAPH <https://w3id.org/newsgraph/graph/meta> { ?a ng:graph ?g
           OPTIONAL { ?a schema:identifier ?id } OPTIONAL { ?a schema:headline ?title }
           OPTIONAL { ?a schema:datePublished ?date } OPTIONAL { ?a schema:url ?url } } }",
        &bind,
        &["g", "id", "title", "date", "url"],
    )?;
    let Some(m) = meta.into_iter().next() else {
        return Ok(None);
    };
    let Some(Term::NamedNode(graph)) = m[0].clone() else {
        return Ok(None);
    };
    let gb = [("g", Term::from(graph))];
    let body = store.select(
        "SELECT ?t WHERE { GRAPH ?g { ?c nif:isString ?t } }",
        &gb,
        &["t"],
    )?;
    let text_of = body.first().and_then(|r| text(&r[0])).unwrap_or_default();
    let mut labels = Labels::new(store);
    let mut mentions = Vec::new();
    for r in store.select(
        "SELECT ?b ?e ?x ?c WHERE { GRAPH ?g { ?m itsrdf:taIdentRef ?x ; nif:beginIndex ?b ; nif:endIndex ?e OPTIONAL { ?m ng:confidence ?c } } } ORDER BY ?b ?x",
        &gb,
        &["b", "e", "x", "c"],
    )? {
        let (Some(b), Some(e)) = (num(&r[0]), num(&r[1])) else { continue };
        mentions.push(Span {
            begin: b,
            end: e,
            kind: "mention",
            entity: labels.of(&r[2])?,
            other: None,
            label: None,
            sentence: None,
            confidence: text(&r[3]).and_then(|c| c.parse().ok()),
        });
    }
    let sentence = |r: &[Option<Term>], at: usize| Some((num(&r[at])?, num(&r[at + 1])?));
    let mut quotes = Vec::new();
    for r in store.select(
        "SELECT ?q ?b ?e ?k ?x ?c ?sb ?se WHERE { GRAPH ?g { ?q a ng:Quotation ; nif:beginIndex ?b ; nif:endIndex ?e
             OPTIONAL { ?q ng:kind ?k } OPTIONAL { ?q ng:speaker ?x } OPTIONAL { ?q ng:confidence ?c }
             OPTIONAL { ?q ng:evidence ?sn . ?sn nif:beginIndex ?sb ; nif:endIndex ?se } } } ORDER BY ?b ?q",
        &gb,
        &["q", "b", "e", "k", "x", "c", "sb", "se"],
    )? {
        let (Some(b), Some(e)) = (num(&r[1]), num(&r[2])) else { continue };
        quotes.push(Span {
            begin: b,
            end: e,
            kind: "quote",
            entity: labels.of(&r[4])?,
            other: None,
            label: local(&r[3]),
            sentence: sentence(&r, 6),
            confidence: text(&r[5]).and_then(|c| c.parse().ok()),
        });
    }
    let mut relations = Vec::new();
    for r in store.select(
        "SELECT ?r ?b ?e ?p ?x ?y ?c ?pol ?sb ?se WHERE { GRAPH ?g { ?r a ng:RelationAssertion ; rdf:predicate ?p ; rdf:subject ?x ; rdf:object ?y
             OPTIONAL { ?r nif:beginIndex ?b ; nif:endIndex ?e } OPTIONAL { ?r ng:confidence ?c } OPTIONAL { ?r ng:polarity ?pol }
             OPTIONAL { ?r ng:evidence ?sn . ?sn nif:beginIndex ?sb ; nif:endIndex ?se } } } ORDER BY ?b ?r",
        &gb,
        &["r", "b", "e", "p", "x", "y", "c", "pol", "sb", "se"],
    )? {
        let s = sentence(&r, 8);
        let (Some(b), Some(e)) = (num(&r[1]).or(s.map(|x| x.0)), num(&r[2]).or(s.map(|x| x.1)))
        else {
            continue;
        };
        let mut p = local(&r[3]).unwrap_or_default();
        if local(&r[7]).as_deref() == Some("Negative") {
            p = format!("not {p}");
        }
        relations.push(Span {
            begin: b,
            end: e,
            kind: "relation",
            entity: labels.of(&r[4])?,
            other: labels.of(&r[5])?,
            label: Some(p),
            sentence: s,
            confidence: text(&r[6]).and_then(|c| c.parse().ok()),
        });
    }
    let mut roles = Vec::new();
    for r in store.select(
        "SELECT ?m ?t ?x ?y ?c ?sb ?se WHERE { GRAPH ?g { ?m org:member ?x ; ng:title ?t
             OPTIONAL { ?m org:organization ?y } OPTIONAL { ?m ng:confidence ?c }
             OPTIONAL { ?m ng:evidence ?sn . ?sn nif:beginIndex ?sb ; nif:endIndex ?se } } } ORDER BY ?sb ?m",
        &gb,
        &["m", "t", "x", "y", "c", "sb", "se"],
    )? {
        let Some(s) = sentence(&r, 5) else { continue };
        roles.push(Span {
            begin: s.0,
            end: s.1,
            kind: "role",
            entity: labels.of(&r[2])?,
            other: labels.of(&r[3])?,
            label: text(&r[1]),
            sentence: Some(s),
            confidence: text(&r[4]).and_then(|c| c.parse().ok()),
        });
    }
    let key = article
        .as_str()
        .strip_prefix(vocab::ARTICLE_PREFIX)
        .unwrap_or(article.as_str())
        .to_string();
    Ok(Some(ArticleView {
        article: article.as_str().to_string(),
        key,
        id: text(&m[1]),
        title: text(&m[2]),
        date: text(&m[3]),
        url: text(&m[4]),
        text: text_of,
        mentions,
        quotes,
        relations,
        roles,
    }))
}

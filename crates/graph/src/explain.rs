//! Explaining the graph: [`why`] two entities are linked (every edge and shared fact between
//! them, each with its evidence sentences ranked by confidence, then recency), an entity's
//! [`timeline`] (its relations, roles and quotations by article date), and one article as a
//! reader sees it ([`article_view`]: its text with the offsets of mentions, quotes, relations
//! and roles).
//!
//! As in [`crate::lookup`], the only variable input of the queries, entity and article IRIs, is
//! bound as terms; dates are compared as `YYYY-MM-DD` strings in Rust.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
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
    /// `Intended`, `Threatened`) for relations.
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
    match t {
        Some(Term::Literal(l)) => Some(l.value().to_string()),
        Some(Term::NamedNode(n)) => Some(n.as_str().to_string()),
        _ => None,
    }
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
    /// Every (predicate, object) of a node in a graph, read in one index scan the first time
    /// one of them is asked for: a fact node's five or six properties cost one seek, not six.
    nodes: RefCell<HashMap<(NamedNode, NamedNode), Rc<Properties>>>,
}

/// The (predicate, object) pairs of one node in one graph, in index order.
type Properties = Vec<(NamedNode, Term)>;

/// A sentence's text, begin and end (code points).
type SentenceText = (String, Option<usize>, Option<usize>);
/// An article's IRI, headline and date.
type ArticleMeta = (String, Option<String>, Option<String>);

fn lit(t: &Term) -> Option<String> {
    match t {
        Term::Literal(l) => Some(l.value().to_string()),
        Term::NamedNode(n) => Some(n.as_str().to_string()),
        _ => None,
    }
}

fn named(t: Term) -> Option<NamedNode> {
    match t {
        Term::NamedNode(n) => Some(n),
        _ => None,
    }
}

/// A fact node found in an article graph: the node and the graph.
type Found = (NamedNode, NamedNode);

impl<'a> Walk<'a> {
    fn new(store: &'a GraphStore) -> Self {
        Walk {
            store,
            labels: Labels::new(store),
            sentences: HashMap::new(),
            articles: HashMap::new(),
            nodes: RefCell::new(HashMap::new()),
        }
    }

    /// Nodes `?x` with `?x p o` in an article graph, with the graph.
    fn subjects(&self, p: NamedNodeRef<'_>, o: &NamedNode) -> Result<Vec<Found>> {
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
        Ok(props
            .iter()
            .find(|(q, _)| q.as_ref() == p)
            .map(|(_, o)| o.clone()))
    }

    fn text(&self, s: &NamedNode, p: NamedNodeRef<'_>, g: &NamedNode) -> Result<Option<String>> {
        Ok(self.object(s, p, g)?.as_ref().and_then(lit))
    }

    fn num(&self, s: &NamedNode, p: NamedNodeRef<'_>, g: &NamedNode) -> Result<Option<usize>> {
        Ok(self.text(s, p, g)?.and_then(|v| v.parse().ok()))
    }

    fn confidence(&self, s: &NamedNode, g: &NamedNode) -> Result<f64> {
        Ok(self
            .text(s, ng::CONFIDENCE, g)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0))
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
            let v = (
                self.text(sn, nif::ANCHOR_OF, g)?.unwrap_or_default(),
                self.num(sn, nif::BEGIN_INDEX, g)?,
                self.num(sn, nif::END_INDEX, g)?,
            );
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

    /// The article of graph `g`: its IRI, headline and date (read once).
    fn article(&mut self, g: &NamedNode) -> Result<&ArticleMeta> {
        if !self.articles.contains_key(g) {
            let meta = NamedNode::new_unchecked(vocab::META_GRAPH);
            let a = self
                .store
                .quads_matching(
                    None,
                    Some(ng::GRAPH),
                    Some(g.as_ref().into()),
                    Some(GraphNameRef::NamedNode(meta.as_ref())),
                )
                .next()
                .transpose()?
                .and_then(|q| match q.subject {
                    NamedOrBlankNode::NamedNode(n) => Some(n),
                    _ => None,
                });
            let v = match a {
                Some(a) => (
                    a.as_str().to_string(),
                    self.text(&a, schema::HEADLINE, &meta)?,
                    self.text(&a, schema::DATE_PUBLISHED, &meta)?,
                ),
                None => (g.as_str().to_string(), None, None),
            };
            self.articles.insert(g.clone(), v);
        }
        Ok(&self.articles[g])
    }

    /// The mention nodes of entity `e`, by article graph (one index scan; their sentences,
    /// offsets and confidences are read only where needed: a country of a large corpus has
    /// thousands of mentions).
    fn mentions(&self, e: &NamedNode) -> Result<HashMap<NamedNode, Vec<NamedNode>>> {
        let mut out: HashMap<NamedNode, Vec<NamedNode>> = HashMap::new();
        for (m, g) in self.subjects(itsrdf::TA_IDENT_REF, e)? {
            out.entry(g).or_default().push(m);
        }
        Ok(out)
    }

    /// The sentences of mentions `ms` in graph `g`, each with its best mention confidence.
    fn mention_sentences(
        &self,
        g: &NamedNode,
        ms: &[NamedNode],
    ) -> Result<HashMap<NamedNode, f64>> {
        let mut out: HashMap<NamedNode, f64> = HashMap::new();
        for m in ms {
            if let Some(sn) = self.object(m, nif::SENTENCE_PROP, g)?.and_then(named) {
                let c = self.confidence(m, g)?;
                let e = out.entry(sn).or_insert(c);
                *e = e.max(c);
            }
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
    let (ma, mb) = (w.mentions(&na)?, w.mentions(&nb)?);
    for (s, o, dir, mo) in [(&na, &nb, "a->b", &mb), (&nb, &na, "b->a", &ma)] {
        // relations, asserted or denied
        for (r, gr) in w.subjects(rdf::SUBJECT, s)? {
            if w.object(&r, rdf::OBJECT, &gr)?.as_ref() != Some(&Term::from(o.clone())) {
                continue;
            }
            let Some(p) = w.local(&r, rdf::PREDICATE, &gr)? else {
                continue;
            };
            let pol = w.local(&r, ng::POLARITY, &gr)?;
            let negated = pol.as_deref() == Some("Negative");
            let verb = match (negated, p.as_str()) {
                (true, "opposes") => "does not oppose".to_string(),
                (true, "partnersWith") => "does not partner with".to_string(),
                (true, other) => format!("does not {other}"),
                (false, "partnersWith") => "partners with".to_string(),
                (false, other) => other.to_string(),
            };
            let summary = format!("{} {verb} {}", name(s), name(o));
            let c = w.confidence(&r, &gr)?;
            let modality = w.local(&r, ng::MODALITY, &gr)?;
            if let Some(ev) = w.evidence(&r, &gr, c)? {
                g.add(LinkKind::Relation, p, dir, summary, None, pol, modality, ev);
            }
        }
        // quotations of s: relayed by o, or naming o inside the quoted words
        for (q, gq) in w.subjects(ng::SPEAKER, s)? {
            let c = w.confidence(&q, &gq)?;
            let relayed = w
                .store
                .quads_matching(
                    Some(q.as_ref().into()),
                    Some(ng::REPORTED_BY),
                    Some(o.as_ref().into()),
                    Some(GraphNameRef::NamedNode(gq.as_ref())),
                )
                .next()
                .transpose()?
                .is_some();
            if relayed {
                if let Some(ev) = w.evidence(&q, &gq, c)? {
                    let summary = format!("{} quoted {}", name(o), name(s));
                    g.plain(LinkKind::ReportedBy, "reportedBy".into(), dir, summary, ev);
                }
            }
            let (Some(qb), Some(qe)) = (
                w.num(&q, nif::BEGIN_INDEX, &gq)?,
                w.num(&q, nif::END_INDEX, &gq)?,
            ) else {
                continue;
            };
            let mut names_o = false;
            for m in mo.get(&gq).map(Vec::as_slice).unwrap_or_default() {
                let (b, e) = (
                    w.num(m, nif::BEGIN_INDEX, &gq)?,
                    w.num(m, nif::END_INDEX, &gq)?,
                );
                if b.is_some_and(|b| b >= qb) && e.is_some_and(|e| e <= qe) {
                    names_o = true;
                    break;
                }
            }
            if names_o {
                if let Some(ev) = w.evidence(&q, &gq, c)? {
                    let summary = format!("{} spoke of {}", name(s), name(o));
                    g.plain(LinkKind::QuoteAbout, "quote".into(), dir, summary, ev);
                }
            }
        }
        // roles of s in o
        for (m, gm) in w.subjects(org::MEMBER, s)? {
            if w.object(&m, org::ORGANIZATION, &gm)?.as_ref() != Some(&Term::from(o.clone())) {
                continue;
            }
            let t = w.text(&m, ng::TITLE, &gm)?.unwrap_or_default();
            let c = w.confidence(&m, &gm)?;
            if let Some(ev) = w.evidence(&m, &gm, c)? {
                // an office the dictionaries date as ended by the article's date
                let former = w.object(&m, ng::CURRENT, &gm)?.as_ref()
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
        for (m, gm) in w.subjects(org::MEMBER, e)? {
            if let Some(x) = w.object(&m, org::ORGANIZATION, &gm)?.and_then(named) {
                if x != na && x != nb {
                    out.push((x, m, gm));
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
    // sentences naming both
    // only the articles naming both are read
    let mut best: HashMap<(NamedNode, NamedNode), f64> = HashMap::new();
    for (g, msa) in &ma {
        let Some(msb) = mb.get(g) else { continue };
        let sb = w.mention_sentences(g, msb)?;
        for (sn, ca) in w.mention_sentences(g, msa)? {
            if let Some(cb) = sb.get(&sn) {
                best.insert((g.clone(), sn), ca.min(*cb));
            }
        }
    }
    // ranked as `rank` ranks evidence, from the article's date and the offsets in the
    // sentence's IRI (`...#sentence=B,E`), so that only the sentences shown are read
    let mut shared = Vec::with_capacity(best.len());
    for ((gs, sn), c) in best {
        let (article, _, date) = w.article(&gs)?.clone();
        let begin = sn
            .as_str()
            .rsplit_once("#sentence=")
            .and_then(|(_, r)| r.split(',').next()?.parse::<usize>().ok());
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

/// Entity `iri`'s relations (both ways), roles (held, and for organisations held in it) and
/// quotations, ordered by article date (oldest first), then by article and place in it.
/// `since` / `until` (`YYYY-MM-DD`, inclusive) keep only dated articles in the window.
pub fn timeline(
    store: &GraphStore,
    iri: &str,
    since: Option<&str>,
    until: Option<&str>,
) -> Result<Timeline> {
    let entity = entity_ref(store, iri)?;
    let e = iri_of(iri)?;
    let mut w = Walk::new(store);
    let mut items: Vec<TimelineItem> = Vec::new();
    for (me, other, dir) in [
        (rdf::SUBJECT, rdf::OBJECT, "out"),
        (rdf::OBJECT, rdf::SUBJECT, "in"),
    ] {
        for (r, g) in w.subjects(me, &e)? {
            let Some(p) = w.local(&r, rdf::PREDICATE, &g)? else {
                continue;
            };
            let x = w.entity(&r, other, &g)?;
            let pol = w.local(&r, ng::POLARITY, &g)?;
            let not = if pol.as_deref() == Some("Negative") {
                "not "
            } else {
                ""
            };
            let xl = x.as_ref().map_or(String::new(), |x| x.label.clone());
            let summary = if dir == "out" {
                format!("{} {not}{p} {xl}", entity.label)
            } else {
                format!("{xl} {not}{p} {}", entity.label)
            };
            let c = w.confidence(&r, &g)?;
            let modality = w.local(&r, ng::MODALITY, &g)?;
            let Some(ev) = w.evidence(&r, &g, c)? else {
                continue;
            };
            items.push(TimelineItem {
                date: ev.date.clone(),
                kind: "relation",
                label: p,
                direction: dir,
                other: x,
                summary,
                quote: None,
                polarity: pol,
                modality,
                evidence: ev,
            });
        }
    }
    for (me, other, dir) in [
        (org::MEMBER, org::ORGANIZATION, "out"),
        (org::ORGANIZATION, org::MEMBER, "in"),
    ] {
        for (m, g) in w.subjects(me, &e)? {
            let Some(t) = w.text(&m, ng::TITLE, &g)? else {
                continue;
            };
            let x = w.entity(&m, other, &g)?;
            if x.as_ref().is_some_and(|x| x.iri == iri) {
                continue;
            }
            let summary = match (&x, dir) {
                (Some(x), "out") => format!("{}: {t} at {}", entity.label, x.label),
                (None, _) => format!("{}: {t}", entity.label),
                (Some(x), _) => format!("{}: {t} at {}", x.label, entity.label),
            };
            let c = w.confidence(&m, &g)?;
            let Some(ev) = w.evidence(&m, &g, c)? else {
                continue;
            };
            items.push(TimelineItem {
                date: ev.date.clone(),
                kind: "role",
                label: t,
                direction: dir,
                other: x,
                summary,
                quote: None,
                polarity: None,
                modality: None,
                evidence: ev,
            });
        }
    }
    // quotations the entity said ("out"), and those it relayed ("in": an outlet, "according to
    // Reuters, X said")
    for (by, other, dir) in [
        (ng::SPEAKER, ng::REPORTED_BY, "out"),
        (ng::REPORTED_BY, ng::SPEAKER, "in"),
    ] {
        for (q, g) in w.subjects(by, &e)? {
            let k = w.local(&q, ng::KIND, &g)?.unwrap_or_default();
            let qt = w.text(&q, schema::TEXT, &g)?.unwrap_or_default();
            let x = w.entity(&q, other, &g)?;
            let summary = match (&x, dir) {
                (Some(x), "out") => format!("{} quoted by {}", entity.label, x.label),
                (None, "out") => format!("{} quoted", entity.label),
                (Some(x), _) => format!("{} quoted {}", entity.label, x.label),
                (None, _) => format!("{} relayed a quotation", entity.label),
            };
            let c = w.confidence(&q, &g)?;
            let Some(ev) = w.evidence(&q, &g, c)? else {
                continue;
            };
            items.push(TimelineItem {
                date: ev.date.clone(),
                kind: "quote",
                label: k,
                direction: dir,
                other: x,
                summary,
                quote: Some(qt),
                polarity: None,
                modality: None,
                evidence: ev,
            });
        }
    }
    if since.is_some() || until.is_some() {
        items.retain(|i| {
            // only days (YYYY-MM-DD) compare as text; a date written otherwise never passes
            i.date
                .as_deref()
                .filter(|d| crate::export::parse_date(d).is_ok())
                .is_some_and(|d| since.is_none_or(|s| d >= s) && until.is_none_or(|u| d <= u))
        });
    }
    items.sort_by(|x, y| {
        (
            x.date.is_none(),
            &x.date,
            &x.evidence.article,
            x.evidence.begin,
            x.kind,
            &x.summary,
        )
            .cmp(&(
                y.date.is_none(),
                &y.date,
                &y.evidence.article,
                y.evidence.begin,
                y.kind,
                &y.summary,
            ))
    });
    Ok(Timeline {
        entity,
        since: since.map(str::to_string),
        until: until.map(str::to_string),
        items,
    })
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

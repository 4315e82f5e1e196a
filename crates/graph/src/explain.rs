//! Explaining the graph: [`why`] two entities are linked (every edge and shared fact between
//! them, each with its evidence sentences ranked by confidence, then recency), an entity's
//! [`timeline`] (its relations, roles and quotations by article date), and one article as a
//! reader sees it ([`article_view`]: its text with the offsets of mentions, quotes, relations
//! and roles).
//!
//! As in [`crate::lookup`], the only variable input of the queries, entity and article IRIs, is
//! bound as terms; dates are compared as `YYYY-MM-DD` strings in Rust.

use oxigraph::model::{NamedNode, Term};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::lookup::EntityRef;
use crate::store::{local_name, GraphStore};
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
    /// `"a->b"`, `"b->a"`, or `"both"` (co-mentions, shared organisations, symmetric relations
    /// stated both ways).
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

fn conf(t: &Option<Term>) -> f64 {
    text(t).and_then(|s| s.parse().ok()).unwrap_or(0.0)
}

fn class(t: &Option<Term>) -> Option<EntityType> {
    match t {
        Some(Term::NamedNode(n)) => EntityType::from_local_name(local_name(n.as_str())),
        _ => None,
    }
}

fn local(t: &Option<Term>) -> Option<String> {
    text(t).map(|s| local_name(&s).to_string())
}

fn iri_of(s: &str) -> Result<NamedNode> {
    NamedNode::new(s).map_err(|e| Error::QueryEvaluation(format!("invalid IRI <{s}>: {e}")))
}

/// An entity's label and type from the entity graph (its IRI's last segment when unlabelled).
pub fn entity_ref(store: &GraphStore, iri: &str) -> Result<EntityRef> {
    let rows = store.select(
        "SELECT ?l ?t WHERE { GRAPH <https://w3id.org/newsgraph/graph/entities> { OPTIONAL { ?e skos:prefLabel ?l } OPTIONAL { ?e a ?t } } }",
        &[("e", iri_of(iri)?.into())],
        &["l", "t"],
    )?;
    let mut r = EntityRef {
        iri: iri.to_string(),
        label: String::new(),
        etype: None,
    };
    for row in rows {
        if r.label.is_empty() {
            r.label = text(&row[0]).unwrap_or_default();
        }
        if let Some(t) = class(&row[1]) {
            if r.etype.is_none() || t == EntityType::Official {
                r.etype = Some(t);
            }
        }
    }
    if r.label.is_empty() {
        // a policy or law lives in its article's graph only
        let named = store.select(
            "SELECT ?l WHERE { GRAPH ?g { ?e skos:prefLabel ?l } } LIMIT 1",
            &[("e", iri_of(iri)?.into())],
            &["l"],
        )?;
        r.label = named
            .first()
            .and_then(|row| text(&row[0]))
            .unwrap_or_else(|| local_name(iri).to_string());
    }
    Ok(r)
}

/// The evidence sentence and article columns every query below ends with:
/// `?st ?sb ?se ?a ?title ?date`.
const EVIDENCE_VARS: [&str; 6] = ["st", "sb", "se", "a", "title", "date"];

const EVIDENCE: &str =
    "?sn nif:anchorOf ?st . OPTIONAL { ?sn nif:beginIndex ?sb ; nif:endIndex ?se }";

const ARTICLE: &str = "GRAPH <https://w3id.org/newsgraph/graph/meta> { ?a ng:graph ?g }
    OPTIONAL { GRAPH <https://w3id.org/newsgraph/graph/meta> { ?a schema:headline ?title } }
    OPTIONAL { GRAPH <https://w3id.org/newsgraph/graph/meta> { ?a schema:datePublished ?date } }";

/// Labels and types of the entities a result names, each looked up once.
struct Labels<'a> {
    store: &'a GraphStore,
    seen: std::collections::HashMap<String, EntityRef>,
}

impl<'a> Labels<'a> {
    fn new(store: &'a GraphStore) -> Self {
        Labels {
            store,
            seen: Default::default(),
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

fn evidence(r: &[Option<Term>], at: usize, confidence: f64) -> Evidence {
    Evidence {
        sentence: text(&r[at]).unwrap_or_default(),
        begin: num(&r[at + 1]),
        end: num(&r[at + 2]),
        article: text(&r[at + 3]).unwrap_or_default(),
        title: text(&r[at + 4]),
        date: text(&r[at + 5]),
        confidence,
    }
}

fn vars(head: &[&'static str]) -> Vec<&'static str> {
    head.iter().copied().chain(EVIDENCE_VARS).collect()
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

/// Every edge and shared fact between entities `a` and `b` (IRIs): relations both ways,
/// quotations of one reported by the other or naming the other, roles of one in the other,
/// organisations both hold roles in, and sentences naming both. Each link lists at most `items`
/// evidence sentences, best first (confidence, then recency); counts are complete.
pub fn why(store: &GraphStore, a: &str, b: &str, items: usize) -> Result<Why> {
    let ea = entity_ref(store, a)?;
    let eb = entity_ref(store, b)?;
    let (na, nb) = (iri_of(a)?, iri_of(b)?);
    let mut g = Gather { links: Vec::new() };
    let name = |iri: &str| {
        if iri == a {
            ea.label.clone()
        } else {
            eb.label.clone()
        }
    };
    for (s, o, dir) in [(&na, &nb, "a->b"), (&nb, &na, "b->a")] {
        let bind = [("s", Term::from(s.clone())), ("o", Term::from(o.clone()))];
        // relations, asserted or denied
        let q = format!(
            "SELECT ?p ?c ?pol ?mod ?st ?sb ?se ?a ?title ?date WHERE {{
               GRAPH ?g {{ ?r a ng:RelationAssertion ; rdf:subject ?s ; rdf:object ?o ; rdf:predicate ?p ;
                   ng:confidence ?c ; ng:evidence ?sn .
                   OPTIONAL {{ ?r ng:polarity ?pol }} OPTIONAL {{ ?r ng:modality ?mod }} {EVIDENCE} }}
               {ARTICLE} }}"
        );
        for r in store.select(&q, &bind, &vars(&["p", "c", "pol", "mod"]))? {
            let p = local(&r[0]).unwrap_or_default();
            let pol = local(&r[2]);
            let negated = pol.as_deref() == Some("Negative");
            let summary = format!(
                "{} {}{} {}",
                name(s.as_str()),
                if negated { "does not " } else { "" },
                if negated {
                    match p.as_str() {
                        "opposes" => "oppose".to_string(),
                        "partnersWith" => "partner with".to_string(),
                        other => other.to_string(),
                    }
                } else if p == "partnersWith" {
                    "partners with".to_string()
                } else {
                    p.clone()
                },
                name(o.as_str())
            );
            let ev = evidence(&r, 4, conf(&r[1]));
            g.add(
                LinkKind::Relation,
                p,
                dir,
                summary,
                None,
                pol,
                local(&r[3]),
                ev,
            );
        }
        // quotations of s relayed by o
        let q = format!(
            "SELECT ?k ?c ?st ?sb ?se ?a ?title ?date WHERE {{
               GRAPH ?g {{ ?q ng:speaker ?s ; ng:reportedBy ?o ; ng:confidence ?c ; ng:evidence ?sn .
                   OPTIONAL {{ ?q ng:kind ?k }} {EVIDENCE} }}
               {ARTICLE} }}"
        );
        for r in store.select(&q, &bind, &vars(&["k", "c"]))? {
            let summary = format!("{} quoted {}", name(o.as_str()), name(s.as_str()));
            let ev = evidence(&r, 2, conf(&r[1]));
            g.add(
                LinkKind::ReportedBy,
                "reportedBy".into(),
                dir,
                summary,
                None,
                None,
                None,
                ev,
            );
        }
        // quotations of s naming o inside the quoted words
        let q = format!(
            "SELECT DISTINCT ?q ?k ?c ?st ?sb ?se ?a ?title ?date WHERE {{
               GRAPH ?g {{ ?q ng:speaker ?s ; nif:beginIndex ?qb ; nif:endIndex ?qe ; ng:confidence ?c ;
                   ng:evidence ?sn . ?m itsrdf:taIdentRef ?o ; nif:beginIndex ?mb ; nif:endIndex ?me .
                   FILTER(?mb >= ?qb && ?me <= ?qe)
                   OPTIONAL {{ ?q ng:kind ?k }} {EVIDENCE} }}
               {ARTICLE} }}"
        );
        for r in store.select(&q, &bind, &vars(&["q", "k", "c"]))? {
            let summary = format!("{} spoke of {}", name(s.as_str()), name(o.as_str()));
            let ev = evidence(&r, 3, conf(&r[2]));
            g.add(
                LinkKind::QuoteAbout,
                "quote".into(),
                dir,
                summary,
                None,
                None,
                None,
                ev,
            );
        }
        // roles of s in o
        let q = format!(
            "SELECT ?t ?c ?st ?sb ?se ?a ?title ?date WHERE {{
               GRAPH ?g {{ ?m org:member ?s ; org:organization ?o ; ng:title ?t ; ng:evidence ?sn .
                   OPTIONAL {{ ?m ng:confidence ?c }} {EVIDENCE} }}
               {ARTICLE} }}"
        );
        for r in store.select(&q, &bind, &vars(&["t", "c"]))? {
            let t = text(&r[0]).unwrap_or_default();
            let summary = format!("{} is {t} at {}", name(s.as_str()), name(o.as_str()));
            let ev = evidence(&r, 2, conf(&r[1]));
            g.add(
                LinkKind::Role,
                t.to_lowercase(),
                dir,
                summary,
                None,
                None,
                None,
                ev,
            );
        }
    }
    let bind = [("s", Term::from(na.clone())), ("o", Term::from(nb.clone()))];
    // organisations both hold roles in (evidence: each one's role sentence)
    let q = format!(
        "SELECT ?who ?x ?t ?c ?st ?sb ?se ?a ?title ?date WHERE {{
           {{ GRAPH ?g1 {{ ?m1 org:member ?s ; org:organization ?x }} GRAPH ?g2 {{ ?m2 org:member ?o ; org:organization ?x }} }}
           FILTER(?x != ?s && ?x != ?o)
           GRAPH ?g {{ ?m org:organization ?x ; org:member ?who ; ng:title ?t ; ng:evidence ?sn .
               FILTER(?who = ?s || ?who = ?o)
               OPTIONAL {{ ?m ng:confidence ?c }} {EVIDENCE} }}
           {ARTICLE} }}"
    );
    let mut labels = Labels::new(store);
    for r in store.select(&q, &bind, &vars(&["who", "x", "t", "c"]))? {
        let Some(x) = labels.of(&r[1])? else {
            continue;
        };
        let summary = format!(
            "{} and {} both hold roles at {}",
            ea.label, eb.label, x.label
        );
        let ev = evidence(&r, 4, conf(&r[3]));
        g.add(
            LinkKind::SharedOrganization,
            String::new(),
            "both",
            summary,
            Some(x),
            None,
            None,
            ev,
        );
    }
    // sentences naming both
    let q = format!(
        "SELECT DISTINCT ?sn ?c1 ?c2 ?st ?sb ?se ?a ?title ?date WHERE {{
           GRAPH ?g {{ ?m1 itsrdf:taIdentRef ?s ; nif:sentence ?sn . ?m2 itsrdf:taIdentRef ?o ; nif:sentence ?sn .
               OPTIONAL {{ ?m1 ng:confidence ?c1 }} OPTIONAL {{ ?m2 ng:confidence ?c2 }} {EVIDENCE} }}
           {ARTICLE} }}"
    );
    for r in store.select(&q, &bind, &vars(&["sn", "c1", "c2"]))? {
        let summary = format!("{} and {} named in one sentence", ea.label, eb.label);
        let ev = evidence(&r, 3, conf(&r[1]).min(conf(&r[2])));
        g.add(
            LinkKind::CoMention,
            String::new(),
            "both",
            summary,
            None,
            None,
            None,
            ev,
        );
    }

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
    let bind = [("e", Term::from(iri_of(iri)?))];
    let mut items: Vec<TimelineItem> = Vec::new();
    let mut labels = Labels::new(store);
    for (me, other, dir) in [
        ("rdf:subject", "rdf:object", "out"),
        ("rdf:object", "rdf:subject", "in"),
    ] {
        let q = format!(
            "SELECT ?p ?x ?c ?pol ?mod ?st ?sb ?se ?a ?title ?date WHERE {{
               GRAPH ?g {{ ?r a ng:RelationAssertion ; {me} ?e ; {other} ?x ; rdf:predicate ?p ;
                   ng:confidence ?c ; ng:evidence ?sn .
                   OPTIONAL {{ ?r ng:polarity ?pol }} OPTIONAL {{ ?r ng:modality ?mod }} {EVIDENCE} }}
               {ARTICLE} }}"
        );
        for r in store.select(&q, &bind, &vars(&["p", "x", "c", "pol", "mod"]))? {
            let p = local(&r[0]).unwrap_or_default();
            let x = labels.of(&r[1])?;
            let pol = local(&r[3]);
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
            let ev = evidence(&r, 5, conf(&r[2]));
            items.push(TimelineItem {
                date: ev.date.clone(),
                kind: "relation",
                label: p,
                direction: dir,
                other: x,
                summary,
                quote: None,
                polarity: pol,
                modality: local(&r[4]),
                evidence: ev,
            });
        }
    }
    for (me, other, dir) in [
        ("org:member", "org:organization", "out"),
        ("org:organization", "org:member", "in"),
    ] {
        let q = format!(
            "SELECT ?t ?x ?c ?st ?sb ?se ?a ?title ?date WHERE {{
               GRAPH ?g {{ ?m {me} ?e ; ng:title ?t ; ng:evidence ?sn .
                   OPTIONAL {{ ?m {other} ?x }} OPTIONAL {{ ?m ng:confidence ?c }} {EVIDENCE} }}
               {ARTICLE} }}"
        );
        for r in store.select(&q, &bind, &vars(&["t", "x", "c"]))? {
            let t = text(&r[0]).unwrap_or_default();
            let x = labels.of(&r[1])?;
            if x.as_ref().is_some_and(|x| x.iri == iri) {
                continue;
            }
            let summary = match (&x, dir) {
                (Some(x), "out") => format!("{}: {t} at {}", entity.label, x.label),
                (None, _) => format!("{}: {t}", entity.label),
                (Some(x), _) => format!("{}: {t} at {}", x.label, entity.label),
            };
            let ev = evidence(&r, 3, conf(&r[2]));
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
    let q = format!(
        "SELECT ?k ?qt ?x ?c ?st ?sb ?se ?a ?title ?date WHERE {{
           GRAPH ?g {{ ?q ng:speaker ?e ; schema:text ?qt ; ng:evidence ?sn .
               OPTIONAL {{ ?q ng:kind ?k }} OPTIONAL {{ ?q ng:confidence ?c }} OPTIONAL {{ ?q ng:reportedBy ?x }} {EVIDENCE} }}
           {ARTICLE} }}"
    );
    for r in store.select(&q, &bind, &vars(&["k", "qt", "x", "c"]))? {
        let k = local(&r[0]).unwrap_or_default();
        let qt = text(&r[1]).unwrap_or_default();
        let x = labels.of(&r[2])?;
        let summary = match &x {
            Some(x) => format!("{} quoted by {}", entity.label, x.label),
            None => format!("{} quoted", entity.label),
        };
        let ev = evidence(&r, 4, conf(&r[3]));
        items.push(TimelineItem {
            date: ev.date.clone(),
            kind: "quote",
            label: k,
            direction: "out",
            other: x,
            summary,
            quote: Some(qt),
            polarity: None,
            modality: None,
            evidence: ev,
        });
    }
    if since.is_some() || until.is_some() {
        items.retain(|i| {
            i.date
                .as_deref()
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
        )
            .cmp(&(
                y.date.is_none(),
                &y.date,
                &y.evidence.article,
                y.evidence.begin,
                y.kind,
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
        .strip_prefix(crate::vocab::ARTICLE_PREFIX)
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

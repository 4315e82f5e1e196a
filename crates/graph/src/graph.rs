//! From an extracted `Document` to RDF: the article's metadata quads (meta graph), its facts
//! (its own named graph) and the canonical entity records (entity graph, merged by the store).
//! Offsets leave here as Unicode code points (half-open), through `CharIndex`.

use std::collections::HashMap;

use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode,
    NamedOrBlankNodeRef, Quad, QuadRef, Term, TermRef,
};

use crate::vocab::{self, itsrdf, ng, nif, org, prov, rdf, schema, skos, xsd};
use newsgraph_extract::document::{
    CharIndex, Document, Entity, EntityType, Modality, Predicate, Span,
};
use newsgraph_extract::text::normalize_key;

/// A canonical entity as the entity graph stores it.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityRecord {
    pub iri: NamedNode,
    pub etype: EntityType,
    pub label: String,
    pub aliases: Vec<String>,
    pub wikidata: Option<String>,
    pub country_code: Option<String>,
}

/// Why a name was taken to be an entity whose label is another name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MergeReason {
    GazetteerAlias,
    Demonym,
    Capital,
    PartOfName,
    Acronym,
    NameVariant,
    CrossArticleAlias,
    MiddleInitial,
}

impl MergeReason {
    pub const ALL: [MergeReason; 8] = [
        MergeReason::GazetteerAlias,
        MergeReason::Demonym,
        MergeReason::Capital,
        MergeReason::PartOfName,
        MergeReason::Acronym,
        MergeReason::NameVariant,
        MergeReason::CrossArticleAlias,
        MergeReason::MiddleInitial,
    ];

    pub fn iri(self) -> NamedNodeRef<'static> {
        match self {
            MergeReason::GazetteerAlias => ng::GAZETTEER_ALIAS,
            MergeReason::Demonym => ng::DEMONYM,
            MergeReason::Capital => ng::CAPITAL,
            MergeReason::PartOfName => ng::PART_OF_NAME,
            MergeReason::Acronym => ng::ACRONYM,
            MergeReason::NameVariant => ng::NAME_VARIANT,
            MergeReason::CrossArticleAlias => ng::CROSS_ARTICLE_ALIAS,
            MergeReason::MiddleInitial => ng::MIDDLE_INITIAL,
        }
    }

    pub fn from_iri(iri: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.iri().as_str() == iri)
    }

    /// The ontology's local name ("PartOfName").
    pub fn name(self) -> &'static str {
        let iri = self.iri().as_str();
        &iri[iri.rfind('#').map_or(0, |i| i + 1)..]
    }

    /// What the reason means, for people.
    pub fn describe(self) -> &'static str {
        match self {
            MergeReason::GazetteerAlias => "listed for it in a gazetteer",
            MergeReason::Demonym => "demonym of the country",
            MergeReason::Capital => "capital standing for the country",
            MergeReason::PartOfName => "surname or first name of the full name in the same article",
            MergeReason::Acronym => "acronym defined in the same article",
            MergeReason::NameVariant => "another form of the name in the same article",
            MergeReason::CrossArticleAlias => "name or alias given in another article",
            MergeReason::MiddleInitial => "same full name but for middle initials",
        }
    }
}

/// Everything one article contributes to the store.
#[derive(Clone, Debug)]
pub struct ArticleGraph {
    /// Stable short key derived from the article id.
    pub key: String,
    pub iri: NamedNode,
    pub graph: NamedNode,
    /// Hash of the text and metadata; equal hash = unchanged article.
    pub hash: String,
    /// Quads about the article in the meta graph.
    pub meta: Vec<Quad>,
    /// The article's facts, all in `graph`.
    pub facts: Facts,
    pub entities: Vec<EntityRecord>,
}

/// An article's facts, held compactly: each distinct term once, each triple as three indexes
/// into the terms. A quote-heavy article of a megabyte holds about a million facts; as owned
/// quads they took about 450 bytes each, here about 20 (a term is shared by the several facts
/// about one node, and every fact is in the one article graph).
#[derive(Clone, Debug)]
pub struct Facts {
    graph: NamedNode,
    terms: Vec<Term>,
    triples: Vec<[u32; 3]>,
}

impl Facts {
    pub fn len(&self) -> usize {
        self.triples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.triples.is_empty()
    }

    /// The named graph every fact is in.
    pub fn graph(&self) -> NamedNodeRef<'_> {
        self.graph.as_ref()
    }

    /// The facts in the order they were built.
    pub fn iter(&self) -> impl Iterator<Item = QuadRef<'_>> + '_ {
        let g = GraphNameRef::NamedNode(self.graph.as_ref());
        self.triples.iter().filter_map(move |&[s, p, o]| {
            let s = match self.terms[s as usize].as_ref() {
                TermRef::NamedNode(n) => NamedOrBlankNodeRef::NamedNode(n),
                TermRef::BlankNode(b) => NamedOrBlankNodeRef::BlankNode(b),
                _ => return None,
            };
            let TermRef::NamedNode(p) = self.terms[p as usize].as_ref() else {
                return None;
            };
            Some(QuadRef::new(s, p, self.terms[o as usize].as_ref(), g))
        })
    }

    fn empty(graph: NamedNode) -> Self {
        Facts {
            graph,
            terms: Vec::new(),
            triples: Vec::new(),
        }
    }

    /// The facts as owned quads.
    pub fn to_quads(&self) -> Vec<Quad> {
        self.iter().map(QuadRef::into_owned).collect()
    }
}

/// Builds [`Facts`], interning terms as they come.
struct FactsBuilder {
    ids: HashMap<Term, u32>,
    triples: Vec<[u32; 3]>,
}

impl FactsBuilder {
    fn new() -> Self {
        FactsBuilder {
            ids: HashMap::new(),
            triples: Vec::new(),
        }
    }

    fn id(&mut self, t: Term) -> u32 {
        let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        *self.ids.entry(t).or_insert(next)
    }

    fn push(&mut self, s: NamedOrBlankNode, p: NamedNodeRef<'_>, o: Term) {
        let s = self.id(s.into());
        let p = self.id(p.into_owned().into());
        let o = self.id(o);
        self.triples.push([s, p, o]);
    }

    fn finish(self, graph: NamedNode) -> Facts {
        let mut terms: Vec<(u32, Term)> = self.ids.into_iter().map(|(t, i)| (i, t)).collect();
        terms.sort_unstable_by_key(|(i, _)| *i);
        Facts {
            graph,
            terms: terms.into_iter().map(|(_, t)| t).collect(),
            triples: self.triples,
        }
    }
}

/// The short key of an article id.
pub fn article_key(id: &str) -> String {
    blake3::hash(id.as_bytes()).to_hex()[..16].to_string()
}

pub fn article_iri(key: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}{key}", vocab::ARTICLE_PREFIX))
}

/// The IRI of the article with this id.
pub fn article_iri_for(id: &str) -> NamedNode {
    article_iri(&article_key(id))
}

pub fn article_graph_iri(key: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}{key}", vocab::ARTICLE_GRAPH_PREFIX))
}

/// A path segment from a name: lowercase ASCII-folded words joined by '-' (`normalize_key`:
/// accents stripped, Ø / ß / Ł / Æ transliterated; other scripts keep their letters).
pub fn slug(name: &str) -> String {
    let s: String = normalize_key(name)
        .chars()
        .map(|c| if c == ' ' { '-' } else { c })
        .filter(|c| c.is_alphanumeric() || *c == '-')
        .collect();
    if s.is_empty() {
        format!("h{}", &blake3::hash(name.as_bytes()).to_hex()[..12])
    } else {
        s
    }
}

/// The deterministic IRI of a canonical entity: from its Wikidata id when known, else from its
/// type family and normalised name.
pub fn entity_iri(e: &Entity) -> NamedNode {
    if let Some(q) = &e.wikidata {
        return NamedNode::new_unchecked(format!("{}{q}", vocab::ENTITY_PREFIX));
    }
    if let (EntityType::Country, Some(code)) = (e.etype, &e.country_code) {
        return NamedNode::new_unchecked(format!(
            "{}country/{}",
            vocab::ENTITY_PREFIX,
            code.to_lowercase()
        ));
    }
    NamedNode::new_unchecked(format!(
        "{}{}/{}",
        vocab::ENTITY_PREFIX,
        e.etype.family(),
        slug(&e.name)
    ))
}

/// The IRI of every entity of the document, in order: canonical ones from `entity_iri`,
/// article-local ones (unnamed policies) under the article's IRI.
pub fn entity_iris(doc: &Document, article: &NamedNode) -> Vec<NamedNode> {
    doc.entities
        .iter()
        .map(|e| {
            if e.local {
                NamedNode::new_unchecked(format!(
                    "{}#{}-{}",
                    article.as_str(),
                    e.etype.family(),
                    slug(&e.name)
                ))
            } else {
                entity_iri(e)
            }
        })
        .collect()
}

/// Content hash over everything that shapes the article's graph: its text and metadata, and
/// the extractor (`extractor`: the pipeline's fingerprint of its version and data files).
pub fn content_hash(doc: &Document, extractor: &str) -> String {
    let mut h = blake3::Hasher::new();
    let m = &doc.meta;
    for f in [
        Some(&m.id),
        m.title.as_ref(),
        m.date.as_ref(),
        m.url.as_ref(),
        m.author.as_ref(),
        m.source.as_ref(),
    ] {
        h.update(f.map_or("\u{0}", |s| s.as_str()).as_bytes());
        h.update(b"\x1f");
    }
    h.update(doc.text.as_bytes());
    // a new newsgraph version or other gazetteers re-extract unchanged articles
    h.update(extractor.as_bytes());
    h.finalize().to_hex().to_string()
}

fn lit(s: &str) -> Term {
    Literal::new_simple_literal(s).into()
}

fn int(n: usize) -> Term {
    Literal::new_typed_literal(n.to_string(), xsd::INTEGER).into()
}

fn conf(c: f32) -> Term {
    Literal::from((f64::from(c) * 100.0).round() / 100.0).into()
}

/// An article date as `xsd:date`, the one datatype of `schema:datePublished`: the calendar day
/// it names (ISO 8601 / RFC 3339, RFC 2822, "March 3, 2020", "3 March 2020"; a date-time counts
/// by its day in its own offset, see `newsgraph_extract::dates`). A date no reader understands
/// stays a plain string (the reader reported it in `Metadata::warnings`).
pub fn date_literal(s: &str) -> Term {
    match newsgraph_extract::dates::publication_day(s) {
        Some(day) => Literal::new_typed_literal(day, xsd::DATE).into(),
        None => lit(s.trim()),
    }
}

/// Where a builder hands each fact (subject, predicate, object; the graph is the article's).
pub type FactSink<'s> = dyn FnMut(NamedOrBlankNode, NamedNodeRef<'_>, Term) + 's;

struct Builder<'a, 's> {
    doc: &'a Document,
    chars: CharIndex,
    article: NamedNode,
    facts: &'a mut FactSink<'s>,
    entity_iris: Vec<NamedNode>,
    sentence_nodes: std::collections::HashMap<Span, NamedNode>,
    /// The phrases described so far, with the entity each was said to refer to: a phrase is
    /// described once however many facts point at it (a speaker's name is a mention too).
    phrases: std::collections::HashMap<Span, Option<usize>>,
    context: NamedNode,
}

impl Builder<'_, '_> {
    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        (self.facts)(s.into(), p, o.into());
    }

    fn node(&self, fragment: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}#{fragment}", self.article.as_str()))
    }

    /// A nif:Phrase for a span (shared when two facts point at one span).
    fn phrase(&mut self, span: Span, entity: Option<usize>) -> NamedNode {
        let (b, e) = self.chars.span(span);
        let n = self.node(&format!("char={b},{e}"));
        if let Some(&known) = self.phrases.get(&span) {
            if let Some(e) = entity.filter(|&e| known != Some(e)) {
                let iri = self.entity_iris[e].clone();
                self.add(n.clone(), itsrdf::TA_IDENT_REF, iri);
            }
            return n;
        }
        self.phrases.insert(span, entity);
        self.add(n.clone(), rdf::TYPE, nif::PHRASE);
        self.add(n.clone(), nif::BEGIN_INDEX, int(b));
        self.add(n.clone(), nif::END_INDEX, int(e));
        self.add(n.clone(), nif::ANCHOR_OF, lit(self.doc.slice(span)));
        self.add(n.clone(), nif::REFERENCE_CONTEXT, self.context.clone());
        if let Some(e) = entity {
            let iri = self.entity_iris[e].clone();
            self.add(n.clone(), itsrdf::TA_IDENT_REF, iri);
        }
        if let Some(si) = self.doc.sentence_at(span.start) {
            let s = self.sentence(self.doc.sentences[si].span);
            self.add(n.clone(), nif::SENTENCE_PROP, s);
        }
        n
    }

    /// The nif:Sentence node for a sentence span (created once).
    fn sentence(&mut self, span: Span) -> NamedNode {
        if let Some(n) = self.sentence_nodes.get(&span) {
            return n.clone();
        }
        let (b, e) = self.chars.span(span);
        let n = self.node(&format!("sentence={b},{e}"));
        self.add(n.clone(), rdf::TYPE, nif::SENTENCE);
        self.add(n.clone(), nif::BEGIN_INDEX, int(b));
        self.add(n.clone(), nif::END_INDEX, int(e));
        self.add(n.clone(), nif::ANCHOR_OF, lit(self.doc.slice(span)));
        self.add(n.clone(), nif::REFERENCE_CONTEXT, self.context.clone());
        self.sentence_nodes.insert(span, n.clone());
        n
    }
}

/// Build the article's quads. `extractor` is the pipeline's fingerprint (see `content_hash`).
pub fn build(doc: &Document, extractor: &str) -> ArticleGraph {
    let mut facts = FactsBuilder::new();
    let mut ag = build_with(doc, extractor, &mut |s, p, o| facts.push(s, p, o));
    ag.facts = facts.finish(ag.graph.clone());
    ag
}

/// A rough count of the quads [`build`] makes of a document (a few per mention, quote,
/// relation, role and sentence), to decide without building whether its graph is large.
pub fn estimated_quads(doc: &Document) -> usize {
    10 * (doc.mentions.len() + doc.quotes.len() + doc.relations.len() + doc.roles.len())
        + 14 * doc.offices.len()
        + 5 * doc.sentences.len()
}

/// [`build`], with each fact handed to `sink` as it is made instead of kept: the returned
/// graph's `facts` is empty. The store writes a large article this way, a chunk of facts at a
/// time, so that they are never all in memory at once.
pub fn build_with(doc: &Document, extractor: &str, sink: &mut FactSink<'_>) -> ArticleGraph {
    let key = article_key(&doc.meta.id);
    let article = article_iri(&key);
    let graph_iri = article_graph_iri(&key);
    let chars = CharIndex::new(&doc.text);
    let text_len = chars.char_offset(doc.text.len());
    let context = NamedNode::new_unchecked(format!("{}#char=0,{text_len}", article.as_str()));

    let entity_iris = entity_iris(doc, &article);

    let mut b = Builder {
        doc,
        chars,
        article: article.clone(),
        facts: sink,
        entity_iris,
        sentence_nodes: Default::default(),
        phrases: Default::default(),
        context: context.clone(),
    };

    // the text itself, so every offset can be checked
    b.add(context.clone(), rdf::TYPE, nif::CONTEXT);
    b.add(context.clone(), nif::IS_STRING, lit(&doc.text));
    b.add(context.clone(), nif::BEGIN_INDEX, int(0));
    b.add(context.clone(), nif::END_INDEX, int(text_len));
    b.add(context.clone(), schema::IS_PART_OF, article.clone());

    // entities: article-local ones are described here, canonical ones in the entity graph
    let mut records = Vec::new();
    for (i, e) in doc.entities.iter().enumerate() {
        if e.mentions.is_empty() {
            continue;
        }
        let iri = b.entity_iris[i].clone();
        b.add(article.clone(), ng::MENTIONS, iri.clone());
        if e.local {
            b.add(iri.clone(), rdf::TYPE, vocab::class_of(e.etype));
            b.add(iri.clone(), skos::PREF_LABEL, lit(&e.name));
        } else if !records.iter().any(|r: &EntityRecord| r.iri == iri) {
            records.push(EntityRecord {
                iri,
                etype: e.etype,
                label: e.name.clone(),
                // the names the article's merge records hold, as written with a capital: the
                // store derives the same set again from the merge records when it refreshes
                aliases: name_merges(doc, i)
                    .into_iter()
                    .map(|(name, _, _)| name)
                    .filter(|n| n.chars().next().is_some_and(char::is_uppercase))
                    .collect(),
                wikidata: e.wikidata.clone(),
                country_code: e.country_code.clone(),
            });
        }
    }
    for m in &doc.mentions {
        if let Some(e) = m.entity {
            let n = b.phrase(m.span, Some(e));
            b.add(n, ng::CONFIDENCE, conf(m.confidence));
        }
    }
    // each canonical entity's type and name as this article sees them (the store decides the
    // entity's type from these votes), and why other names were taken to be it
    let mut merges = 0;
    for (i, e) in doc.entities.iter().enumerate() {
        if e.local || e.mentions.is_empty() {
            continue;
        }
        let iri = b.entity_iris[i].clone();
        b.add(iri.clone(), ng::ARTICLE_TYPE, vocab::class_of(e.etype));
        b.add(iri.clone(), ng::ARTICLE_NAME, lit(&e.name));
        for c in &e.codes {
            b.add(iri.clone(), ng::ACTOR_CODE, lit(c));
        }
        for c in &e.sectors {
            b.add(iri.clone(), ng::SECTOR_CODE, lit(c));
        }
        for (name, reason, m) in name_merges(doc, i) {
            merges += 1;
            let n = b.node(&format!("merge-{merges}"));
            b.add(n.clone(), rdf::TYPE, ng::MERGE);
            b.add(n.clone(), ng::ENTITY, iri.clone());
            b.add(n.clone(), ng::MERGED_NAME, lit(&name));
            b.add(n.clone(), ng::REASON, reason.iri());
            if let Some(si) = doc.sentence_at(doc.mentions[m].span.start) {
                let s = b.sentence(doc.sentences[si].span);
                b.add(n, ng::EVIDENCE, s);
            }
        }
    }

    // quotations and the quoted edges
    for (i, q) in doc.quotes.iter().enumerate() {
        let n = b.node(&format!("quote-{}", i + 1));
        let (cb, ce) = b.chars.span(q.content);
        b.add(n.clone(), rdf::TYPE, ng::QUOTATION);
        b.add(n.clone(), schema::TEXT, lit(&q.text(&doc.text)));
        b.add(n.clone(), nif::BEGIN_INDEX, int(cb));
        b.add(n.clone(), nif::END_INDEX, int(ce));
        b.add(n.clone(), schema::IS_PART_OF, article.clone());
        let kind = match q.kind {
            newsgraph_extract::document::QuoteKind::Direct => ng::DIRECT,
            newsgraph_extract::document::QuoteKind::Indirect => ng::INDIRECT,
            newsgraph_extract::document::QuoteKind::Mixed => ng::MIXED,
            newsgraph_extract::document::QuoteKind::Stance => ng::STANCE,
        };
        b.add(n.clone(), ng::KIND, kind);
        if let Some(sp) = q.speaker_span {
            b.add(n.clone(), ng::SPEAKER_TEXT, lit(doc.slice(sp)));
            let phrase = b.phrase(sp, q.speaker);
            b.add(n.clone(), ng::SPEAKER_MENTION, phrase);
        }
        if let Some(cue) = q.cue {
            b.add(n.clone(), ng::CUE, lit(doc.slice(cue)));
        }
        if let Some(s) = q.speaker {
            let speaker = b.entity_iris[s].clone();
            b.add(n.clone(), ng::SPEAKER, speaker.clone());
            b.add(article.clone(), ng::QUOTED, speaker.clone());
            if let Some(o) = q.reported_by {
                let outlet = b.entity_iris[o].clone();
                b.add(n.clone(), ng::REPORTED_BY, outlet.clone());
                if outlet != speaker {
                    b.add(outlet, ng::QUOTED, speaker);
                }
            }
        }
        let ev = b.sentence(q.evidence);
        b.add(n.clone(), ng::EVIDENCE, ev);
        b.add(n, ng::CONFIDENCE, conf(q.confidence));
    }

    // relations: the direct edge (not for negated statements) and the assertion
    for (i, r) in doc.relations.iter().enumerate() {
        let s = b.entity_iris[r.subject].clone();
        let o = b.entity_iris[r.object].clone();
        if s == o {
            continue;
        }
        let p = vocab::property_of(r.predicate);
        if !r.negated {
            b.add(s.clone(), p, o.clone());
            if r.predicate == Predicate::PartnersWith {
                b.add(o.clone(), p, s.clone());
            }
        }
        let n = b.node(&format!("rel-{}", i + 1));
        let (sb, se) = b.chars.span(r.span);
        b.add(n.clone(), rdf::TYPE, ng::RELATION_ASSERTION);
        b.add(n.clone(), rdf::SUBJECT, s);
        b.add(n.clone(), rdf::PREDICATE, p);
        b.add(n.clone(), rdf::OBJECT, o);
        b.add(n.clone(), ng::CUE, lit(doc.slice(r.cue)));
        b.add(n.clone(), ng::EVENT_CLASS, lit(r.event_class));
        if let Some(code) = r.code {
            b.add(n.clone(), ng::CAMEO_CODE, lit(code));
        }
        b.add(
            n.clone(),
            ng::POLARITY,
            if r.negated {
                ng::NEGATIVE
            } else {
                ng::POSITIVE
            },
        );
        let modality = match r.modality {
            Modality::Asserted => ng::ASSERTED,
            Modality::Intended => ng::INTENDED,
            Modality::Threatened => ng::THREATENED,
            Modality::Reported => ng::REPORTED,
        };
        b.add(n.clone(), ng::MODALITY, modality);
        b.add(n.clone(), nif::BEGIN_INDEX, int(sb));
        b.add(n.clone(), nif::END_INDEX, int(se));
        let ev = b.sentence(r.sentence);
        b.add(n.clone(), ng::EVIDENCE, ev);
        b.add(n, ng::CONFIDENCE, conf(r.confidence));
    }

    // roles as org:Membership, plus the direct org:memberOf edge
    for (i, r) in doc.roles.iter().enumerate() {
        let n = b.node(&format!("role-{}", i + 1));
        let person = b.entity_iris[r.person].clone();
        b.add(n.clone(), rdf::TYPE, org::MEMBERSHIP);
        b.add(n.clone(), org::MEMBER, person.clone());
        if let Some(o) = r.organization {
            let org_iri = b.entity_iris[o].clone();
            b.add(n.clone(), org::ORGANIZATION, org_iri.clone());
            if org_iri != person {
                b.add(person, org::MEMBER_OF, org_iri);
            }
        }
        b.add(n.clone(), ng::TITLE, lit(&r.title));
        let role = NamedNode::new_unchecked(format!("{}{}", vocab::ROLE_PREFIX, slug(&r.title)));
        b.add(n.clone(), org::ROLE, role.clone());
        b.add(role.clone(), rdf::TYPE, org::ROLE_CLASS);
        b.add(role, skos::PREF_LABEL, lit(&role_label(&r.title)));
        b.add(n.clone(), ng::OFFICIAL_ROLE, Literal::from(r.official));
        let ev = b.sentence(r.sentence);
        b.add(n.clone(), ng::EVIDENCE, ev);
        b.add(n, ng::CONFIDENCE, conf(r.confidence));
    }
    // offices dated by the actor gazetteer (Phoenix), as memberships with their days; the
    // evidence is the sentence that first names the person
    for (i, o) in doc.offices.iter().enumerate() {
        let e = &doc.entities[o.person];
        let Some(&first) = e.mentions.first() else {
            continue;
        };
        let n = b.node(&format!("office-{}", i + 1));
        let person = b.entity_iris[o.person].clone();
        b.add(n.clone(), rdf::TYPE, org::MEMBERSHIP);
        b.add(n.clone(), org::MEMBER, person.clone());
        let country = o.country.as_deref().and_then(|c| {
            doc.entities.iter().position(|x| {
                x.etype == EntityType::Country && x.country_code.as_deref() == Some(c)
            })
        });
        if let Some(c) = country {
            let c = b.entity_iris[c].clone();
            b.add(n.clone(), org::ORGANIZATION, c.clone());
            if o.current != Some(false) {
                b.add(person, org::MEMBER_OF, c);
            }
        }
        let title = office_title(&o.code);
        let title = title.as_str();
        b.add(n.clone(), ng::TITLE, lit(title));
        let role = NamedNode::new_unchecked(format!("{}{}", vocab::ROLE_PREFIX, slug(title)));
        b.add(n.clone(), org::ROLE, role.clone());
        b.add(role.clone(), rdf::TYPE, org::ROLE_CLASS);
        b.add(role, skos::PREF_LABEL, lit(&role_label(title)));
        b.add(n.clone(), ng::OFFICIAL_ROLE, Literal::from(true));
        b.add(n.clone(), ng::ACTOR_CODE, lit(&o.code));
        if let Some(c) = &o.country {
            b.add(n.clone(), ng::COUNTRY_CODE, lit(c));
        }
        if let Some(d) = &o.start {
            b.add(n.clone(), schema::START_DATE, date_literal(d));
        }
        if let Some(d) = &o.end {
            b.add(n.clone(), schema::END_DATE, date_literal(d));
        }
        if let Some(current) = o.current {
            b.add(n.clone(), ng::CURRENT, Literal::from(current));
        }
        b.add(
            n.clone(),
            prov::WAS_DERIVED_FROM,
            NamedNode::new_unchecked(vocab::PHOENIX_ACTORS),
        );
        if let Some(si) = doc.sentence_at(doc.mentions[first].span.start) {
            let s = b.sentence(doc.sentences[si].span);
            b.add(n.clone(), ng::EVIDENCE, s);
        }
        b.add(n, ng::CONFIDENCE, conf(OFFICE_CONFIDENCE));
    }
    for u in &doc.units {
        let unit = b.entity_iris[u.unit].clone();
        let parent = b.entity_iris[u.parent].clone();
        if unit != parent {
            b.add(unit, org::UNIT_OF, parent);
        }
    }

    // who wrote the article, and for whom: entities, with the byline line as evidence; where
    // there is an entity, schema:author / schema:publisher name it too (here, in the article's
    // graph, so that resolution maps it), else the metadata's text stays (below)
    let authors = author_entities(doc);
    for &e in &authors {
        let iri = b.entity_iris[e].clone();
        b.add(article.clone(), ng::WRITTEN_BY, iri.clone());
        b.add(article.clone(), schema::AUTHOR, iri);
    }
    let outlet = outlet_entity(doc);
    if let Some(o) = outlet {
        let iri = b.entity_iris[o].clone();
        b.add(article.clone(), ng::WRITTEN_FOR, iri.clone());
        b.add(article.clone(), schema::PUBLISHER, iri);
    }
    // where a wire story was filed: its dateline's place, as an entity
    if let Some(place) = doc.meta.dateline.as_ref().map(|d| d.place) {
        if let Some(e) = doc
            .mentions
            .iter()
            .find(|m| m.span == place)
            .and_then(|m| m.entity)
        {
            let iri = b.entity_iris[e].clone();
            b.add(article.clone(), schema::LOCATION_CREATED, iri);
        }
    }
    if let Some(line) = doc.byline.as_ref().map(|l| l.line) {
        let n = b.phrase(line, None);
        b.add(article.clone(), ng::BYLINE, n);
    }

    // article metadata, in the meta graph
    let hash = content_hash(doc, extractor);
    let meta_graph = GraphName::NamedNode(NamedNode::new_unchecked(vocab::META_GRAPH));
    let mut meta = Vec::new();
    let mut m = |p: NamedNodeRef<'_>, o: Term| {
        meta.push(Quad::new(article.clone(), p, o, meta_graph.clone()))
    };
    m(rdf::TYPE, ng::ARTICLE.into_owned().into());
    m(schema::IDENTIFIER, lit(&doc.meta.id));
    m(ng::CONTENT_HASH, lit(&hash));
    m(ng::GRAPH, graph_iri.clone().into());
    m(ng::SOURCE, lit(&doc.meta.origin));
    if let Some(t) = &doc.meta.title {
        m(schema::HEADLINE, lit(t));
    }
    if let Some(d) = &doc.meta.date {
        m(schema::DATE_PUBLISHED, date_literal(d));
    }
    if let Some(u) = &doc.meta.url {
        match NamedNode::new(u.clone()) {
            Ok(n) => m(schema::URL, n.into()),
            Err(_) => m(schema::URL, lit(u)),
        }
    }
    if let Some(a) = author_text(doc).filter(|_| authors.is_empty()) {
        m(schema::AUTHOR, lit(&a));
    }
    if let Some(s) = source_text(doc).filter(|_| outlet.is_none()) {
        m(schema::PUBLISHER, lit(&s));
    }

    ArticleGraph {
        key,
        iri: article,
        facts: Facts::empty(graph_iri.clone()),
        graph: graph_iri,
        hash,
        meta,
        entities: records,
    }
}

/// The confidence of an office dated by the actor gazetteer: the dictionary is curated, the
/// match is by full name.
const OFFICE_CONFIDENCE: f32 = 0.9;

/// The title of an office from its CAMEO code's sectors: the first names the office
/// (`USAGOV` -> "government", `RUSMIL` -> "military", `IGOUNO` -> "international
/// organisation"), a second one says which part of it (`GBRGOVAGR` -> "government
/// (agriculture)", `USAGOVMIL` -> "government (military)"), so that two offices of one person
/// read apart.
pub fn office_title(code: &str) -> String {
    if code.starts_with("IGO") {
        return "international organisation".to_string();
    }
    let sector = |s: &str| -> Option<&'static str> {
        Some(match s {
            "GOV" => "government",
            "MIL" => "military",
            "COP" => "police",
            "JUD" => "judiciary",
            "LEG" => "legislature",
            "SPY" => "intelligence service",
            "OPP" => "opposition",
            "PTY" => "party",
            "AGR" => "agriculture",
            "BUS" => "business",
            "CRM" => "crime",
            "DEV" => "development",
            "EDU" => "education",
            "ELI" => "elite",
            "ENV" => "environment",
            "HLH" => "health",
            "HRI" => "human rights",
            "LAB" => "labour",
            "MED" => "media",
            "REF" => "refugees",
            _ => return None,
        })
    };
    let first = code.get(3..6).and_then(sector);
    let second = code
        .get(6..9)
        .and_then(sector)
        .filter(|s| Some(*s) != first);
    match (first, second) {
        (Some(f), Some(s)) => format!("{f} ({s})"),
        (Some(f), None) => f.to_string(),
        _ => "public office".to_string(),
    }
}

/// Names joined as in prose: "A", "A and B", "A, B and C".
fn join_names(names: &[&str]) -> Option<String> {
    match names {
        [] => None,
        [one] => Some(one.to_string()),
        [init @ .., last] => Some(format!("{} and {last}", init.join(", "))),
    }
}

/// The article's author as text: its metadata's, else the names its byline gives.
pub fn author_text(doc: &Document) -> Option<String> {
    doc.meta.author.clone().or_else(|| {
        let b = doc.byline.as_ref()?;
        join_names(&b.authors.iter().map(|&s| doc.slice(s)).collect::<Vec<_>>())
    })
}

/// The article's outlet as text: its metadata's source, else the outlet its byline names.
pub fn source_text(doc: &Document) -> Option<String> {
    doc.meta.source.clone().or_else(|| {
        let b = doc.byline.as_ref()?;
        b.outlet.map(|o| doc.slice(o).to_string())
    })
}

/// The entity of the article whose name (or alias) is `name`, among those `ok` accepts.
fn entity_named(doc: &Document, name: &str, ok: impl Fn(EntityType) -> bool) -> Option<usize> {
    let key = normalize_key(name);
    (!key.is_empty()).then_some(())?;
    doc.entities.iter().position(|e| {
        ok(e.etype)
            && !e.mentions.is_empty()
            && (normalize_key(&e.name) == key || e.aliases.iter().any(|a| normalize_key(a) == key))
    })
}

/// The people who wrote the article, as entities: its byline's, and the person its author
/// metadata names when the article mentions them.
pub fn author_entities(doc: &Document) -> Vec<usize> {
    let mut out: Vec<usize> = doc
        .byline
        .as_ref()
        .map(|b| b.author_entities.clone())
        .unwrap_or_default();
    if let Some(e) = doc
        .meta
        .author
        .as_deref()
        .and_then(|a| entity_named(doc, a, EntityType::is_person))
    {
        if !out.contains(&e) {
            out.push(e);
        }
    }
    out.retain(|&e| !doc.entities[e].mentions.is_empty());
    out
}

/// The organisation the article was written for, as an entity: its byline's outlet, else the
/// organisation its source metadata names when the article mentions it.
pub fn outlet_entity(doc: &Document) -> Option<usize> {
    doc.byline
        .as_ref()
        .and_then(|b| b.outlet_entity)
        .or_else(|| {
            doc.meta
                .source
                .as_deref()
                .and_then(|s| entity_named(doc, s, EntityType::is_org))
        })
        .filter(|&e| !doc.entities[e].mentions.is_empty())
}

/// The names other than its own under which an article mentions entity `e`, each with the reason
/// it was taken to be that entity and its first mention.
pub fn name_merges(doc: &Document, e: usize) -> Vec<(String, MergeReason, usize)> {
    use newsgraph_extract::document::MentionForm;
    let entity = &doc.entities[e];
    let own = normalize_key(&entity.name);
    let mut out: Vec<(String, MergeReason, usize)> = Vec::new();
    let mut seen: Vec<String> = vec![own.clone()];
    for &mi in &entity.mentions {
        let m = &doc.mentions[mi];
        let reason = match m.form {
            MentionForm::Pronoun => continue,
            MentionForm::Demonym => MergeReason::Demonym,
            MentionForm::Capital => MergeReason::Capital,
            MentionForm::Surname => MergeReason::PartOfName,
            MentionForm::Acronym => MergeReason::Acronym,
            MentionForm::Alias if m.gazetteer.is_some() => MergeReason::GazetteerAlias,
            MentionForm::Alias => MergeReason::NameVariant,
            MentionForm::Name
                if m.gazetteer.is_some()
                    || entity.wikidata.is_some()
                    || entity.country_code.is_some() =>
            {
                MergeReason::GazetteerAlias
            }
            MentionForm::Name => {
                let words = doc.slice(m.span).split_whitespace().count();
                if entity.etype.is_person() && words == 1 {
                    MergeReason::PartOfName
                } else {
                    MergeReason::NameVariant
                }
            }
        };
        let name = doc
            .slice(m.span)
            .trim()
            .trim_start_matches("the ")
            .trim_start_matches("The ")
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .to_string();
        let key = normalize_key(&name);
        if key.is_empty() || seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push((name, reason, mi));
    }
    out
}

/// The one preferred label of a role (`org:Role`), whatever variant of its title an article
/// writes: its lookup key, from which its IRI's slug is made too ("Senior Vice-President" and
/// "senior vice president" are `role/senior-vice-president`, "senior vice president"). The
/// membership keeps the title as written (`ng:title`).
pub fn role_label(title: &str) -> String {
    normalize_key(title)
}

/// [`entity_quads`] for a record written over a stored entity whose preferred label is
/// `stored_pref` (none for a new entity): the record's label is the preferred one when it is
/// the stored one or there is none, else an alternative one; and no alternative label repeats
/// the preferred one (SKOS: `skos:prefLabel` and `skos:altLabel` are disjoint).
pub fn entity_quads_over(r: &EntityRecord, stored_pref: Option<&str>) -> Vec<Quad> {
    let pref = stored_pref.is_none_or(|p| p == r.label);
    let mut out = entity_quads(r, pref);
    out.retain(|q| {
        !(q.predicate == skos::ALT_LABEL
            && matches!(&q.object, Term::Literal(l) if Some(l.value()) == stored_pref))
    });
    out
}

/// The entity graph's quads for one record (labels beyond the first prefLabel are the store's
/// business: it turns a second preferred label into an alternative one). An alias equal to the
/// preferred label is not repeated as an alternative one.
pub fn entity_quads(r: &EntityRecord, pref_label: bool) -> Vec<Quad> {
    let g = GraphName::NamedNode(NamedNode::new_unchecked(vocab::ENTITY_GRAPH));
    let mut out = Vec::new();
    let mut q = |p: NamedNodeRef<'_>, o: Term| out.push(Quad::new(r.iri.clone(), p, o, g.clone()));
    q(rdf::TYPE, vocab::class_of(r.etype).into_owned().into());
    if pref_label {
        q(skos::PREF_LABEL, lit(&r.label));
    } else {
        q(skos::ALT_LABEL, lit(&r.label));
    }
    q(ng::KEY, lit(&normalize_key(&r.label)));
    for a in r.aliases.iter().filter(|a| !(pref_label && **a == r.label)) {
        q(skos::ALT_LABEL, lit(a));
        q(ng::KEY, lit(&normalize_key(a)));
    }
    if let Some(w) = &r.wikidata {
        q(
            schema::SAME_AS,
            NamedNode::new_unchecked(format!("{}{w}", vocab::WIKIDATA_ENTITY)).into(),
        );
    }
    if let Some(c) = &r.country_code {
        q(ng::COUNTRY_CODE, lit(c));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_offices_of_one_government_read_apart() {
        // Margaret Beckett in the Phoenix dictionaries: GBRGOVAGR, then GBRGOV
        assert_eq!(office_title("GBRGOVAGR"), "government (agriculture)");
        assert_eq!(office_title("GBRGOV"), "government");
        assert_eq!(office_title("USAGOVMIL"), "government (military)");
        assert_eq!(office_title("RUSMIL"), "military");
        assert_eq!(office_title("RUSMILMIL"), "military");
        assert_eq!(office_title("IGOUNO"), "international organisation");
        assert_eq!(office_title("FRAXYZ"), "public office");
        assert_eq!(office_title("FRAGOVXYZ"), "government");
        assert_eq!(office_title("GB"), "public office");
    }

    #[test]
    fn slugs_and_dates() {
        assert_eq!(slug("Zürich Reinsurance, Inc."), "zurich-reinsurance-inc");
        assert_eq!(slug("Ørsted"), "orsted");
        assert_eq!(slug("Jürgen Weiß"), "jurgen-weiss");
        assert!(slug("北京")
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-'));
        assert!(
            matches!(date_literal("2026-03-12"), Term::Literal(l) if l.datatype() == xsd::DATE)
        );
        // one datatype: a date-time and an RSS date count by their day
        for (s, day) in [
            ("2026-05-02T09:30:00Z", "2026-05-02"),
            ("Tue, 3 Mar 2020 10:00:00 GMT", "2020-03-03"),
            ("March 3, 2020", "2020-03-03"),
        ] {
            assert_eq!(
                date_literal(s),
                Term::from(Literal::new_typed_literal(day, xsd::DATE)),
                "{s}"
            );
        }
        assert!(
            matches!(date_literal("March 12"), Term::Literal(l) if l.datatype() == xsd::STRING)
        );
    }
}

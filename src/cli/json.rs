//! The JSON Lines record of `newsgraph extract --format json`: a public interface, documented in
//! the README. Offsets are Unicode code points into the article text as read, half-open.

use serde::Serialize;

use newsgraph_extract::document::{CharIndex, Document, QuoteKind};
use newsgraph_graph::graph::{
    article_iri_for, author_entities, author_text, entity_iris, outlet_entity, source_text,
};

#[derive(Serialize)]
pub struct ArticleRecord {
    pub id: String,
    pub iri: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub source: Option<String>,
    pub entities: Vec<EntityRecord>,
    pub quotes: Vec<QuoteRecord>,
    pub relations: Vec<RelationRecord>,
    /// Relations stated in the negative ("did not oppose"): never edges.
    pub negated_relations: Vec<RelationRecord>,
    pub roles: Vec<RoleRecord>,
    /// The people who wrote the article, as entity IRIs (byline, or author metadata the article
    /// names).
    pub authors: Vec<String>,
    /// The outlet the article was written for, as an entity IRI.
    pub outlet: Option<String>,
    /// The byline line, when the body has one.
    pub byline: Option<SpanRecord>,
    /// The wire-copy dateline opening the body ("WASHINGTON (Reuters) -"), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateline: Option<DatelineRecord>,
}

#[derive(Serialize)]
pub struct DatelineRecord {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Where the story was filed, as written (also an entity mention).
    pub place: String,
    pub region: Option<String>,
    pub date: Option<String>,
    pub agency: Option<String>,
}

#[derive(Serialize)]
pub struct EntityRecord {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub etype: String,
    pub aliases: Vec<String>,
    pub wikidata: Option<String>,
    pub mentions: Vec<SpanRecord>,
    /// CAMEO actor codes on the article's date (`USAGOV`), from the Phoenix actor dictionaries.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
    /// CAMEO sectors (`GOV`, `REB`, `COP`, ...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<String>,
    /// Public offices the Phoenix dictionaries date, begun by the article's date.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub offices: Vec<OfficeRecord>,
}

#[derive(Serialize)]
pub struct OfficeRecord {
    pub code: String,
    pub country: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    /// Held on the article's date; absent for an article without a date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<bool>,
}

#[derive(Serialize)]
pub struct SpanRecord {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Serialize)]
pub struct QuoteRecord {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The pieces of a quote that its attribution interrupts ("“We will not,” she said, “accept
    /// it.”") or that a cue splits ("Talks are expected to continue": "Talks", "to continue"),
    /// when there are several; `text` joins them with " … ".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<SpanRecord>,
    pub speaker: Option<String>,
    pub speaker_text: Option<String>,
    pub cue: Option<String>,
    pub kind: &'static str,
    pub reported_by: Option<String>,
    pub confidence: f32,
}

#[derive(Serialize)]
pub struct RelationRecord {
    pub subject: String,
    pub predicate: &'static str,
    pub object: String,
    pub start: usize,
    pub end: usize,
    pub confidence: f32,
    pub cue: String,
    pub event_class: &'static str,
    /// CAMEO event code of the cue, when it comes from the CAMEO lexicon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cameo: Option<&'static str>,
    pub modality: &'static str,
    pub sentence: String,
}

#[derive(Serialize)]
pub struct RoleRecord {
    pub person: String,
    pub title: String,
    pub organization: Option<String>,
    pub official: bool,
    pub start: usize,
    pub end: usize,
}

fn round(c: f32) -> f32 {
    (c * 100.0).round() / 100.0
}

pub fn record(doc: &Document) -> ArticleRecord {
    let chars = CharIndex::new(&doc.text);
    let article = article_iri_for(&doc.meta.id);
    let iris: Vec<String> = entity_iris(doc, &article)
        .into_iter()
        .map(|n| n.into_string())
        .collect();
    let span = |s: newsgraph_extract::document::Span| chars.span(s);
    let entities = doc
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.mentions.is_empty())
        .map(|(i, e)| EntityRecord {
            id: iris[i].clone(),
            name: e.name.clone(),
            etype: e.etype.local_name().to_string(),
            aliases: e.aliases.clone(),
            wikidata: e.wikidata.clone(),
            codes: e.codes.clone(),
            sectors: e.sectors.clone(),
            offices: doc
                .offices
                .iter()
                .filter(|o| o.person == i)
                .map(|o| OfficeRecord {
                    code: o.code.clone(),
                    country: o.country.clone(),
                    start: o.start.clone(),
                    end: o.end.clone(),
                    current: o.current,
                })
                .collect(),
            mentions: e
                .mentions
                .iter()
                .map(|&m| {
                    let (start, end) = span(doc.mentions[m].span);
                    SpanRecord {
                        start,
                        end,
                        text: doc.slice(doc.mentions[m].span).to_string(),
                    }
                })
                .collect(),
        })
        .collect();
    let quotes = doc
        .quotes
        .iter()
        .map(|q| {
            let (start, end) = span(q.content);
            QuoteRecord {
                text: q.text(&doc.text).into_owned(),
                start,
                end,
                parts: q
                    .parts
                    .iter()
                    .map(|&p| {
                        let (start, end) = span(p);
                        SpanRecord {
                            start,
                            end,
                            text: doc.slice(p).to_string(),
                        }
                    })
                    .collect(),
                speaker: q.speaker.map(|s| iris[s].clone()),
                speaker_text: q.speaker_span.map(|s| doc.slice(s).to_string()),
                cue: q.cue.map(|c| doc.slice(c).to_string()),
                kind: match q.kind {
                    QuoteKind::Direct => "direct",
                    QuoteKind::Indirect => "indirect",
                    QuoteKind::Mixed => "mixed",
                    QuoteKind::Stance => "stance",
                },
                reported_by: q.reported_by.map(|o| iris[o].clone()),
                confidence: round(q.confidence),
            }
        })
        .collect();
    let mut relations = Vec::new();
    let mut negated = Vec::new();
    for r in &doc.relations {
        let (start, end) = span(r.span);
        let rec = RelationRecord {
            subject: iris[r.subject].clone(),
            predicate: r.predicate.local_name(),
            object: iris[r.object].clone(),
            start,
            end,
            confidence: round(r.confidence),
            cue: doc.slice(r.cue).to_string(),
            event_class: r.event_class,
            cameo: r.code,
            modality: r.modality.local_name(),
            sentence: doc.slice(r.sentence).to_string(),
        };
        if r.negated {
            negated.push(rec);
        } else {
            relations.push(rec);
        }
    }
    let roles = doc
        .roles
        .iter()
        .map(|r| {
            let (start, end) = span(r.title_span);
            RoleRecord {
                person: iris[r.person].clone(),
                title: r.title.clone(),
                organization: r.organization.map(|o| iris[o].clone()),
                official: r.official,
                start,
                end,
            }
        })
        .collect();
    ArticleRecord {
        id: doc.meta.id.clone(),
        iri: article.into_string(),
        title: doc.meta.title.clone(),
        date: doc.meta.date.clone(),
        url: doc.meta.url.clone(),
        author: author_text(doc),
        source: source_text(doc),
        entities,
        quotes,
        relations,
        negated_relations: negated,
        roles,
        authors: author_entities(doc)
            .into_iter()
            .map(|e| iris[e].clone())
            .collect(),
        outlet: outlet_entity(doc).map(|e| iris[e].clone()),
        byline: doc.byline.as_ref().map(|b| {
            let (start, end) = span(b.line);
            SpanRecord {
                start,
                end,
                text: doc.slice(b.line).to_string(),
            }
        }),
        dateline: doc.meta.dateline.as_ref().map(|d| {
            let (start, end) = span(d.span);
            DatelineRecord {
                start,
                end,
                text: doc.slice(d.span).to_string(),
                place: doc.slice(d.place).to_string(),
                region: d.region.map(|r| doc.slice(r).to_string()),
                date: d.date.clone(),
                agency: d.agency.clone(),
            }
        }),
    }
}

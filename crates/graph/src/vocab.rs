//! Every IRI the library writes: our ontology terms (checked against `ontology/newsgraph.ttl`
//! by a test), the W3C / schema.org terms we reuse, and the IRI schemes for articles, graphs
//! and entities.

use oxigraph::model::NamedNodeRef;

/// Namespace of the newsgraph ontology.
pub const NG: &str = "https://w3id.org/newsgraph/ontology#";
/// Base of every resource newsgraph mints (articles, graphs, entities).
pub const BASE: &str = "https://w3id.org/newsgraph/";
/// The shared graph of canonical entities (types, labels, aliases, external ids).
pub const ENTITY_GRAPH: &str = "https://w3id.org/newsgraph/graph/entities";
/// The shared graph of article metadata (headline, date, URL, author, publisher, content hash).
pub const META_GRAPH: &str = "https://w3id.org/newsgraph/graph/meta";
/// Prefix of per-article named graphs: `GRAPH_PREFIX + article key`.
pub const ARTICLE_GRAPH_PREFIX: &str = "https://w3id.org/newsgraph/graph/article/";
/// Prefix of the graphs `newsgraph load` writes reference data into: `LOAD_GRAPH_PREFIX + name`.
pub const LOAD_GRAPH_PREFIX: &str = "https://w3id.org/newsgraph/graph/load/";
/// Prefix of article IRIs: `ARTICLE_PREFIX + article key`.
pub const ARTICLE_PREFIX: &str = "https://w3id.org/newsgraph/article/";
/// Prefix of entity IRIs.
pub const ENTITY_PREFIX: &str = "https://w3id.org/newsgraph/entity/";
/// The Phoenix (PETRARCH 2) actor dictionaries, which date the offices of `org:Membership`s
/// that have no title in the text (`prov:wasDerivedFrom`).
pub const PHOENIX_ACTORS: &str =
    "https://github.com/openeventdata/petrarch2/tree/master/petrarch2/data/dictionaries";
/// Prefix of role concept IRIs (`org:Role`).
pub const ROLE_PREFIX: &str = "https://w3id.org/newsgraph/role/";
pub const WIKIDATA_ENTITY: &str = "http://www.wikidata.org/entity/";

macro_rules! terms {
    ($ns:literal; $($name:ident = $local:literal),* $(,)?) => {
        $(pub const $name: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(concat!($ns, $local));)*
    };
}

/// Ontology terms (`ng:`), as written in `ontology/newsgraph.ttl`.
pub mod ng {
    use super::NamedNodeRef;
    terms!("https://w3id.org/newsgraph/ontology#";
        // classes
        OFFICIAL = "Official", PERSON = "Person", AGENCY = "Agency", COMPANY = "Company",
        MEDIA_OUTLET = "MediaOutlet", ORGANIZATION = "Organization", ARMED_GROUP = "ArmedGroup",
        COUNTRY = "Country",
        LOCATION = "Location", POLICY = "Policy", ARTICLE = "Article", QUOTATION = "Quotation",
        RELATION_ASSERTION = "RelationAssertion",
        QUOTE_KIND = "QuoteKind", MODALITY_CLASS = "Modality", POLARITY_CLASS = "Polarity",
        // individuals
        DIRECT = "Direct", INDIRECT = "Indirect", MIXED = "Mixed", STANCE = "Stance",
        ASSERTED = "Asserted", INTENDED = "Intended", THREATENED = "Threatened",
        REPORTED = "Reported",
        POSITIVE = "Positive", NEGATIVE = "Negative",
        // properties
        MENTIONS = "mentions", QUOTED = "quoted", OPPOSES = "opposes", PARTNERS_WITH = "partnersWith",
        SPEAKER = "speaker", SPEAKER_TEXT = "speakerText", SPEAKER_MENTION = "speakerMention",
        REPORTED_BY = "reportedBy", CUE = "cue", KIND = "kind", EVENT_CLASS = "eventClass",
        CAMEO_CODE = "cameoCode",
        POLARITY = "polarity", MODALITY = "modality", CONFIDENCE = "confidence", EVIDENCE = "evidence",
        TITLE = "title", OFFICIAL_ROLE = "official", CONTENT_HASH = "contentHash", GRAPH = "graph",
        SOURCE = "source", KEY = "key", COUNTRY_CODE = "countryCode",
        ACTOR_CODE = "actorCode", SECTOR_CODE = "sectorCode", CURRENT = "current",
        // entity resolution
        MERGE = "Merge", MERGE_REASON = "MergeReason", GAZETTEER_ALIAS = "GazetteerAlias",
        DEMONYM = "Demonym", CAPITAL = "Capital", PART_OF_NAME = "PartOfName", ACRONYM = "Acronym",
        NAME_VARIANT = "NameVariant", CROSS_ARTICLE_ALIAS = "CrossArticleAlias",
        MIDDLE_INITIAL = "MiddleInitial", ENTITY = "entity", MERGED_NAME = "mergedName",
        REASON = "reason", ARTICLE_TYPE = "articleType", ARTICLE_NAME = "articleName",
        REVISION = "revision", PENDING = "pending",
        // authorship
        WRITTEN_BY = "writtenBy", WRITTEN_FOR = "writtenFor", BYLINE = "byline",
    );

    /// Every `ng:` term the code uses, with whether it is a class/individual (`false`) or a
    /// property (`true`). The vocabulary test checks each against the ontology file.
    pub const ALL: &[(NamedNodeRef<'static>, Kind)] = &[
        (OFFICIAL, Kind::Class),
        (PERSON, Kind::Class),
        (AGENCY, Kind::Class),
        (COMPANY, Kind::Class),
        (MEDIA_OUTLET, Kind::Class),
        (ORGANIZATION, Kind::Class),
        (ARMED_GROUP, Kind::Class),
        (COUNTRY, Kind::Class),
        (LOCATION, Kind::Class),
        (POLICY, Kind::Class),
        (ARTICLE, Kind::Class),
        (QUOTATION, Kind::Class),
        (RELATION_ASSERTION, Kind::Class),
        (QUOTE_KIND, Kind::Class),
        (MODALITY_CLASS, Kind::Class),
        (POLARITY_CLASS, Kind::Class),
        (DIRECT, Kind::Individual),
        (INDIRECT, Kind::Individual),
        (STANCE, Kind::Individual),
        (MIXED, Kind::Individual),
        (ASSERTED, Kind::Individual),
        (INTENDED, Kind::Individual),
        (THREATENED, Kind::Individual),
        (REPORTED, Kind::Individual),
        (POSITIVE, Kind::Individual),
        (NEGATIVE, Kind::Individual),
        (MENTIONS, Kind::ObjectProperty),
        (QUOTED, Kind::ObjectProperty),
        (OPPOSES, Kind::ObjectProperty),
        (PARTNERS_WITH, Kind::ObjectProperty),
        (SPEAKER, Kind::ObjectProperty),
        (SPEAKER_TEXT, Kind::DatatypeProperty),
        (SPEAKER_MENTION, Kind::ObjectProperty),
        (REPORTED_BY, Kind::ObjectProperty),
        (CUE, Kind::DatatypeProperty),
        (KIND, Kind::ObjectProperty),
        (EVENT_CLASS, Kind::DatatypeProperty),
        (CAMEO_CODE, Kind::DatatypeProperty),
        (POLARITY, Kind::ObjectProperty),
        (MODALITY, Kind::ObjectProperty),
        (CONFIDENCE, Kind::DatatypeProperty),
        (EVIDENCE, Kind::ObjectProperty),
        (TITLE, Kind::DatatypeProperty),
        (OFFICIAL_ROLE, Kind::DatatypeProperty),
        (CONTENT_HASH, Kind::DatatypeProperty),
        (GRAPH, Kind::ObjectProperty),
        (SOURCE, Kind::DatatypeProperty),
        (KEY, Kind::DatatypeProperty),
        (COUNTRY_CODE, Kind::DatatypeProperty),
        (ACTOR_CODE, Kind::DatatypeProperty),
        (SECTOR_CODE, Kind::DatatypeProperty),
        (CURRENT, Kind::DatatypeProperty),
        (MERGE, Kind::Class),
        (MERGE_REASON, Kind::Class),
        (GAZETTEER_ALIAS, Kind::Individual),
        (DEMONYM, Kind::Individual),
        (CAPITAL, Kind::Individual),
        (PART_OF_NAME, Kind::Individual),
        (ACRONYM, Kind::Individual),
        (NAME_VARIANT, Kind::Individual),
        (CROSS_ARTICLE_ALIAS, Kind::Individual),
        (MIDDLE_INITIAL, Kind::Individual),
        (ENTITY, Kind::ObjectProperty),
        (MERGED_NAME, Kind::DatatypeProperty),
        (REASON, Kind::ObjectProperty),
        (ARTICLE_TYPE, Kind::ObjectProperty),
        (ARTICLE_NAME, Kind::DatatypeProperty),
        (REVISION, Kind::DatatypeProperty),
        (PENDING, Kind::DatatypeProperty),
        (WRITTEN_BY, Kind::ObjectProperty),
        (WRITTEN_FOR, Kind::ObjectProperty),
        (BYLINE, Kind::ObjectProperty),
    ];

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Kind {
        Class,
        Individual,
        ObjectProperty,
        DatatypeProperty,
    }
}

pub mod rdf {
    use super::NamedNodeRef;
    terms!("http://www.w3.org/1999/02/22-rdf-syntax-ns#";
        TYPE = "type", SUBJECT = "subject", PREDICATE = "predicate", OBJECT = "object");
}

pub mod skos {
    use super::NamedNodeRef;
    terms!("http://www.w3.org/2004/02/skos/core#"; PREF_LABEL = "prefLabel", ALT_LABEL = "altLabel");
}

pub mod schema {
    use super::NamedNodeRef;
    terms!("https://schema.org/";
        HEADLINE = "headline", DATE_PUBLISHED = "datePublished", URL = "url", AUTHOR = "author",
        PUBLISHER = "publisher", SAME_AS = "sameAs", TEXT = "text", IS_PART_OF = "isPartOf",
        IDENTIFIER = "identifier", NAME = "name", LOCATION_CREATED = "locationCreated",
        START_DATE = "startDate", END_DATE = "endDate");
}

pub mod org {
    use super::NamedNodeRef;
    terms!("http://www.w3.org/ns/org#";
        MEMBERSHIP = "Membership", MEMBER = "member", ORGANIZATION = "organization", ROLE = "role",
        ROLE_CLASS = "Role", MEMBER_OF = "memberOf", UNIT_OF = "unitOf");
}

pub mod nif {
    use super::NamedNodeRef;
    terms!("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
        CONTEXT = "Context", PHRASE = "Phrase", SENTENCE = "Sentence", BEGIN_INDEX = "beginIndex",
        END_INDEX = "endIndex", ANCHOR_OF = "anchorOf", REFERENCE_CONTEXT = "referenceContext",
        IS_STRING = "isString", SENTENCE_PROP = "sentence");
}

pub mod itsrdf {
    use super::NamedNodeRef;
    terms!("http://www.w3.org/2005/11/its/rdf#"; TA_IDENT_REF = "taIdentRef");
}

pub mod prov {
    use super::NamedNodeRef;
    terms!("http://www.w3.org/ns/prov#"; GENERATED_AT_TIME = "generatedAtTime", WAS_ATTRIBUTED_TO = "wasAttributedTo", WAS_DERIVED_FROM = "wasDerivedFrom");
}

pub mod xsd {
    use super::NamedNodeRef;
    terms!("http://www.w3.org/2001/XMLSchema#";
        DATE = "date", DATE_TIME = "dateTime", DOUBLE = "double", INTEGER = "integer",
        NON_NEGATIVE_INTEGER = "nonNegativeInteger", BOOLEAN = "boolean", STRING = "string");
}

/// The ontology class of an entity type.
pub fn class_of(t: newsgraph_extract::document::EntityType) -> NamedNodeRef<'static> {
    use newsgraph_extract::document::EntityType as T;
    match t {
        T::Official => ng::OFFICIAL,
        T::Person => ng::PERSON,
        T::Agency => ng::AGENCY,
        T::Company => ng::COMPANY,
        T::MediaOutlet => ng::MEDIA_OUTLET,
        T::Organization => ng::ORGANIZATION,
        T::ArmedGroup => ng::ARMED_GROUP,
        T::Country => ng::COUNTRY,
        T::Location => ng::LOCATION,
        T::Policy => ng::POLICY,
    }
}

/// The ontology property of a relation predicate.
pub fn property_of(p: newsgraph_extract::document::Predicate) -> NamedNodeRef<'static> {
    match p {
        newsgraph_extract::document::Predicate::Opposes => ng::OPPOSES,
        newsgraph_extract::document::Predicate::PartnersWith => ng::PARTNERS_WITH,
    }
}

/// Prefixes for Turtle output and for queries (`PREFIX` lines are added for these names when a
/// query uses them without declaring them).
pub const PREFIXES: &[(&str, &str)] = &[
    ("ng", NG),
    ("ent", ENTITY_PREFIX),
    ("art", ARTICLE_PREFIX),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("schema", "https://schema.org/"),
    ("org", "http://www.w3.org/ns/org#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    (
        "nif",
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    ),
    ("itsrdf", "http://www.w3.org/2005/11/its/rdf#"),
    ("wd", WIKIDATA_ENTITY),
];

//! The samples in `data/samples/` (written for the project; expected facts listed in
//! `data/samples/README.md`), ingested once, then checked with SPARQL the way a user would.

use crate::{ask, sample_store, select};

fn entity(name: &str, class: &str) -> bool {
    ask(
        sample_store(),
        &format!("ASK {{ ?e a ng:{class} ; skos:prefLabel|skos:altLabel {name:?} }}"),
    )
}

fn edge(a: &str, p: &str, b: &str) -> bool {
    ask(
        sample_store(),
        &format!("ASK {{ ?a skos:prefLabel {a:?} ; ng:{p} ?b . ?b skos:prefLabel {b:?} }}"),
    )
}

fn quote(speaker: &str, phrase: &str) -> bool {
    ask(
        sample_store(),
        &format!("ASK {{ ?q a ng:Quotation ; schema:text ?t ; ng:speaker ?s . ?s skos:prefLabel {speaker:?} FILTER(CONTAINS(?t, {phrase:?})) }}"),
    )
}

fn role(person: &str, org: &str) -> bool {
    ask(
        sample_store(),
        &format!("ASK {{ ?m a org:Membership ; org:member ?p ; org:organization ?o . ?p skos:prefLabel {person:?} . ?o skos:prefLabel|skos:altLabel {org:?} }}"),
    )
}

#[test]
fn officials_and_people_are_typed_by_their_roles() {
    for n in [
        "Haruto Sakamoto",
        "Elena Varga",
        "Tomás Herrera",
        "Liang Shuyi",
        "Ingrid Solheim",
        "Adaeze Okafor",
        "Chukwuma Eze",
        "Jürgen Weiß",
    ] {
        assert!(entity(n, "Official"), "{n} should be an Official");
    }
    for n in ["Mariana Costa", "Camille Durand", "Kenji Morimoto"] {
        assert!(
            entity(n, "Person") && !entity(n, "Official"),
            "{n} should be a Person, not an Official"
        );
    }
}

#[test]
fn countries_agencies_companies_outlets() {
    for (n, t) in [
        ("Japan", "Country"),
        ("South Korea", "Country"),
        ("Netherlands", "Country"),
        ("Brazil", "Country"),
        ("Nigeria", "Country"),
        ("Samsung Electronics", "Company"),
        ("Siemens", "Company"),
        ("Google", "Company"),
        ("Associated Press", "MediaOutlet"),
        ("Xinhua", "MediaOutlet"),
        ("Cybersecurity and Infrastructure Security Agency", "Agency"),
        ("National Cyber Security Centre", "Agency"),
        ("Atlantic Council", "Organization"),
        ("São Paulo", "Location"),
    ] {
        assert!(entity(n, t), "{n} should be a {t}");
    }
    // a capital as the subject of a government action stands for the country; elsewhere a city
    assert!(
        edge("China", "opposes", "Japan"),
        "Beijing condemned ... accusing Tokyo"
    );
    assert!(entity("Tokyo", "Location"));
    // demonyms link to their country
    assert!(ask(sample_store(), "ASK { ?m nif:anchorOf \"Dutch\" ; itsrdf:taIdentRef ?c . ?c skos:prefLabel \"Netherlands\" }"));
    // the acronym defined in parentheses resolves to the same entity
    assert!(ask(sample_store(), "ASK { ?m nif:anchorOf \"CISA\" ; itsrdf:taIdentRef ?c . ?c skos:prefLabel \"Cybersecurity and Infrastructure Security Agency\" }"));
    // a Title Case headline is not read as a list of names
    assert!(!ask(sample_store(), "ASK { ?e skos:prefLabel ?n FILTER(CONTAINS(?n, \"Grid Terms\") || CONTAINS(?n, \"Power Talks\")) }"));
}

#[test]
fn quotations_have_their_speakers() {
    for (s, p) in [
        ("Haruto Sakamoto", "build a resilient chip supply chain"),
        (
            "Marcus Whitfield",
            "only the first step in a sustained campaign",
        ),
        (
            "Elena Varga",
            "Attribution is only useful if it carries a cost",
        ),
        ("Mariana Costa", "partly fair and partly self-serving"),
        ("Jürgen Weiß", "waited a long time for this"),
        ("Ingrid Solheim", "Wind does not stop at the border"),
        ("Adaeze Okafor", "accept these terms"),
        ("Siemens", "standard risk-sharing arrangements"),
    ] {
        assert!(quote(s, p), "quotation by {s}: {p}");
    }
    // an outlet that relays a quote is not its speaker, but it quoted the speaker
    assert!(quote(
        "Tomás Herrera",
        "with the full knowledge of authorities in Moscow"
    ));
    assert!(edge("Associated Press", "quoted", "Tomás Herrera"));
    // every quotation keeps its evidence sentence with offsets
    let rows = select(
        sample_store(),
        "SELECT ?q WHERE { ?q a ng:Quotation . FILTER NOT EXISTS { ?q ng:evidence ?s . ?s nif:beginIndex ?b ; nif:anchorOf ?t } }",
    );
    assert!(rows.is_empty(), "quotations without evidence: {rows:?}");
}

#[test]
fn coordinated_lists_negation_and_intent() {
    for c in ["Google", "Cisco", "Oracle"] {
        assert!(
            ask(
                sample_store(),
                &format!("ASK {{ ?c skos:prefLabel {c:?} ; ng:opposes ?x }}")
            ),
            "{c} opposes something"
        );
    }
    for c in ["South Korea", "Taiwan", "Netherlands"] {
        assert!(edge("Japan", "partnersWith", c), "Japan partnersWith {c}");
        assert!(
            edge(c, "partnersWith", "Japan"),
            "partnersWith is symmetric"
        );
    }
    assert!(edge("Norway", "partnersWith", "Germany") && edge("Norway", "partnersWith", "Denmark"));
    // "Canada did not oppose the measure": an assertion with negative polarity, never an edge
    assert!(!ask(
        sample_store(),
        "ASK { ?c skos:prefLabel \"Canada\" ; ng:opposes ?x }"
    ));
    assert!(ask(
        sample_store(),
        "ASK { ?r a ng:RelationAssertion ; rdf:subject ?c ; rdf:predicate ng:opposes ; ng:polarity ng:Negative . ?c skos:prefLabel \"Canada\" }"
    ));
    // "India is looking to partner with Australia": kept, marked as intent
    assert!(ask(
        sample_store(),
        "ASK { ?r a ng:RelationAssertion ; rdf:subject ?i ; rdf:object ?a ; ng:modality ng:Intended . ?i skos:prefLabel \"India\" . ?a skos:prefLabel \"Australia\" }"
    ));
    // no entity relates to itself
    assert!(!ask(
        sample_store(),
        "ASK { { ?x ng:opposes ?x } UNION { ?x ng:partnersWith ?x } }"
    ));
}

#[test]
fn roles_link_people_to_organisations() {
    for (p, o) in [
        ("Haruto Sakamoto", "Japan"),
        ("Mariana Costa", "Atlantic Council"),
        ("Elena Varga", "National Cyber Security Centre"),
        ("Camille Durand", "International Energy Agency"),
        ("Ingrid Solheim", "Norway"),
    ] {
        assert!(role(p, o), "role of {p} at {o}");
    }
    let titles = select(
        sample_store(),
        "SELECT ?t WHERE { ?m org:member ?p ; ng:title ?t . ?p skos:prefLabel \"Mariana Costa\" }",
    );
    assert!(
        titles.iter().any(|r| r["t"].contains("senior fellow")),
        "{titles:?}"
    );
}

#[test]
fn metadata_from_headers_json_and_html() {
    let rows = select(
        sample_store(),
        "SELECT ?h ?d ?u ?a ?p WHERE { ?x a ng:Article ; schema:headline ?h . OPTIONAL { ?x schema:datePublished ?d } OPTIONAL { ?x schema:url ?u } OPTIONAL { ?x schema:author ?a0 OPTIONAL { ?a0 skos:prefLabel ?al } BIND(COALESCE(?al, ?a0) AS ?a) } OPTIONAL { ?x schema:publisher ?p0 OPTIONAL { ?p0 skos:prefLabel ?pl } BIND(COALESCE(?pl, ?p0) AS ?p) } }",
    );
    let find = |h: &str| {
        rows.iter()
            .find(|r| r["h"].starts_with(h))
            .unwrap_or_else(|| panic!("no article {h}: {rows:?}"))
    };
    let a = find("Japan, South Korea, Taiwan");
    assert_eq!(a["d"], "2026-03-12");
    assert_eq!(a["u"], "https://example.org/news/semiconductor-pact");
    assert_eq!(a["p"], "Reuters");
    let h = find("Norway pushes shared North Sea grid");
    // one datatype for article dates: the day (xsd:date) of "2026-05-02T09:30:00Z"
    assert_eq!(h["d"], "2026-05-02");
    assert_eq!(h["a"], "Sigrid Halvorsen");
    assert_eq!(h["p"], "Euronews");
    assert_eq!(h["u"], "https://example.org/news/energy-summit-oslo");
    let md = find("U.S. and allies sanction");
    assert!(
        !md.contains_key("d") && !md.contains_key("u"),
        "the reader invented metadata: {md:?}"
    );
    // boilerplate around the HTML article never reaches the text
    assert!(!ask(sample_store(), "ASK { ?c a nif:Context ; nif:isString ?s FILTER(CONTAINS(?s, \"All rights reserved\") || CONTAINS(?s, \"Related stories\")) }"));
}

//! Unit tests of the export module: purpose-made articles written through `graph::build` and
//! `GraphStore::write_article`, then loaded, filtered and written in every format.

use super::*;
use crate::graph;
use newsgraph_extract::document::{
    Document, Entity, Mention, MentionForm, MentionSource, Metadata, Modality, Predicate, Quote,
    QuoteKind, Relation as Rel, Role, Span, UnitOf,
};

/// A purpose-made article: entities named in the text, with the annotations the pipeline
/// would produce, written through `graph::build` and `GraphStore::write_article`.
struct Art {
    doc: Document,
}

impl Art {
    fn new(id: &str, date: Option<&str>) -> Self {
        let meta = Metadata {
            id: id.to_string(),
            date: date.map(str::to_string),
            origin: id.to_string(),
            ..Default::default()
        };
        Art {
            doc: Document::new(meta, String::new()),
        }
    }

    fn add(&mut self, name: &str, etype: EntityType, local: bool) -> usize {
        let d = &mut self.doc;
        if !d.text.is_empty() {
            d.text.push_str(". ");
        }
        let span = Span::new(d.text.len(), d.text.len() + name.len());
        d.text.push_str(name);
        let e = d.entities.len();
        d.mentions.push(Mention {
            span,
            etype,
            source: MentionSource::Gazetteer,
            form: MentionForm::Name,
            gazetteer: None,
            confidence: 0.9,
            entity: Some(e),
        });
        d.entities.push(Entity {
            name: name.to_string(),
            etype,
            aliases: Vec::new(),
            wikidata: None,
            country_code: None,
            mentions: vec![d.mentions.len() - 1],
            confidence: 0.9,
            local,
            codes: Vec::new(),
            sectors: Vec::new(),
        });
        e
    }

    fn entity(&mut self, name: &str, etype: EntityType) -> usize {
        self.add(name, etype, false)
    }

    fn span(&self, e: usize) -> Span {
        self.doc.mentions[self.doc.entities[e].mentions[0]].span
    }

    fn all(&self) -> Span {
        Span::new(0, self.doc.text.len())
    }

    fn relation(&mut self, s: usize, predicate: Predicate, o: usize, negated: bool) {
        let (cue, all) = (self.span(s), self.all());
        self.doc.relations.push(Rel {
            subject: s,
            predicate,
            object: o,
            cue,
            event_class: "TEST",
            code: None,
            span: all,
            sentence: all,
            negated,
            modality: Modality::Asserted,
            confidence: 0.9,
        });
    }

    fn member(&mut self, person: usize, org: usize) {
        let (title_span, all) = (self.span(person), self.all());
        self.doc.roles.push(Role {
            person,
            organization: Some(org),
            title: "director".into(),
            title_span,
            sentence: all,
            official: true,
            confidence: 0.9,
        });
    }

    fn unit(&mut self, unit: usize, parent: usize) {
        let all = self.all();
        self.doc.units.push(UnitOf {
            unit,
            parent,
            sentence: all,
        });
    }

    fn quote(&mut self, speaker: usize, outlet: Option<usize>) {
        let (sp, all) = (self.span(speaker), self.all());
        self.doc.quotes.push(Quote {
            content: sp,
            parts: Vec::new(),
            kind: QuoteKind::Direct,
            speaker_span: Some(sp),
            speaker: Some(speaker),
            cue: None,
            reported_by: outlet,
            evidence: all,
            confidence: 0.9,
        });
    }

    fn write(self, store: &GraphStore) {
        store
            .write_article(&graph::build(&self.doc, "test"))
            .expect("article written");
    }
}

use EntityType as T;

/// Three articles:
/// - a1 (2024-01-10): Freedonia opposes Sylvania; Sylvania partners with Acme; Rufus
///   (Official) memberOf Ministry of War; Bureau of Cheese unitOf Ministry of War; Daily
///   Planet relays a quote of Rufus; Acme opposes "the new tariffs" (article-local policy);
///   a negated "Freedonia opposes Acme" (no edge).
/// - a2 (2024-02-10T08:00:00Z): Freedonia opposes Sylvania; Acme partners with Sylvania.
/// - a3 (no date): Freedonia opposes Sylvania; Lonely Island is mentioned, without edges.
fn fixture() -> GraphStore {
    let store = GraphStore::in_memory().unwrap();
    let mut a = Art::new("a1", Some("2024-01-10"));
    let fr = a.entity("Freedonia", T::Country);
    let sy = a.entity("Sylvania", T::Country);
    let acme = a.entity("Acme \"Widgets\" \\ Co", T::Company);
    let rufus = a.entity("Rufus Firefly", T::Official);
    let ministry = a.entity("Ministry of War", T::Agency);
    let bureau = a.entity("Bureau of Cheese", T::Agency);
    let planet = a.entity("Daily Planet", T::MediaOutlet);
    let tariffs = a.add("the new tariffs", T::Policy, true);
    a.relation(fr, Predicate::Opposes, sy, false);
    a.relation(sy, Predicate::PartnersWith, acme, false);
    a.relation(acme, Predicate::Opposes, tariffs, false);
    a.relation(fr, Predicate::Opposes, acme, true);
    a.member(rufus, ministry);
    a.unit(bureau, ministry);
    a.quote(rufus, Some(planet));
    a.write(&store);

    let mut a = Art::new("a2", Some("2024-02-10T08:00:00Z"));
    let fr = a.entity("Freedonia", T::Country);
    let sy = a.entity("Sylvania", T::Country);
    let acme = a.entity("Acme \"Widgets\" \\ Co", T::Company);
    a.relation(fr, Predicate::Opposes, sy, false);
    a.relation(acme, Predicate::PartnersWith, sy, false);
    a.write(&store);

    let mut a = Art::new("a3", None);
    let fr = a.entity("Freedonia", T::Country);
    let sy = a.entity("Sylvania", T::Country);
    a.entity("Lonely Island", T::Location);
    a.relation(fr, Predicate::Opposes, sy, false);
    a.write(&store);
    store
}

/// (source label, relation, target label, weight), sorted.
fn edges(g: &DiGraph<Node, Edge>) -> Vec<(String, &'static str, String, usize)> {
    let mut v: Vec<_> = g
        .edge_references()
        .map(|e| {
            (
                g[e.source()].label.clone(),
                e.weight().relation.name(),
                g[e.target()].label.clone(),
                e.weight().weight,
            )
        })
        .collect();
    v.sort();
    v
}

fn labels(g: &DiGraph<Node, Edge>) -> Vec<String> {
    let mut v: Vec<String> = g.node_weights().map(|n| n.label.clone()).collect();
    v.sort();
    v
}

fn e(s: &str, r: &'static str, o: &str, w: usize) -> (String, &'static str, String, usize) {
    (s.to_string(), r, o.to_string(), w)
}

const ACME: &str = "Acme \"Widgets\" \\ Co";

fn iri_of(g: &DiGraph<Node, Edge>, label: &str) -> String {
    g.node_weights()
        .find(|n| n.label == label)
        .map(|n| n.iri.clone())
        .unwrap_or_else(|| panic!("no node {label}"))
}

#[test]
fn edges_are_weighted_by_articles() {
    let store = fixture();
    let g = load(&store, &ExportFilter::default()).unwrap();
    let (acme_iri, sy_iri) = (iri_of(&g, ACME), iri_of(&g, "Sylvania"));
    let (first, second) = if acme_iri < sy_iri {
        (ACME, "Sylvania")
    } else {
        ("Sylvania", ACME)
    };
    assert_eq!(
        edges(&g),
        vec![
            e(ACME, "opposes", "the new tariffs", 1),
            e("Bureau of Cheese", "unitOf", "Ministry of War", 1),
            e("Daily Planet", "quoted", "Rufus Firefly", 1),
            e("Freedonia", "opposes", "Sylvania", 3),
            e("Rufus Firefly", "memberOf", "Ministry of War", 1),
            e(first, "partnersWith", second, 2),
        ]
    );
    // partnersWith: one edge per pair, from the smaller IRI, undirected
    let p = g
        .edge_references()
        .find(|e| e.weight().relation == Relation::PartnersWith)
        .unwrap();
    assert!(g[p.source()].iri < g[p.target()].iri);
    assert!(!p.weight().directed());
    // types, and the article-local policy typed and labelled from its article's graph
    let ty = |l: &str| g.node_weights().find(|n| n.label == l).unwrap().etype;
    assert_eq!(ty("Rufus Firefly"), Some(T::Official));
    assert_eq!(ty("Daily Planet"), Some(T::MediaOutlet));
    assert_eq!(ty("the new tariffs"), Some(T::Policy));
    assert!(iri_of(&g, "the new tariffs").contains('#'));
    // nodes in IRI order, no article nodes, no unconnected entity
    let iris: Vec<&str> = g.node_weights().map(|n| n.iri.as_str()).collect();
    assert!(iris.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(g.node_count(), 8);
    assert!(!labels(&g).contains(&"Lonely Island".to_string()));
}

#[test]
fn min_weight_relations_and_quotes_filter() {
    let store = fixture();
    let f = ExportFilter {
        min_weight: 2,
        ..Default::default()
    };
    let g = load(&store, &f).unwrap();
    let got: Vec<_> = edges(&g).into_iter().map(|e| (e.1, e.3)).collect();
    assert_eq!(got, vec![("opposes", 3), ("partnersWith", 2)]);
    assert_eq!(g.node_count(), 3);

    let f = ExportFilter {
        relations: vec![Relation::MemberOf, Relation::UnitOf],
        ..Default::default()
    };
    let g = load(&store, &f).unwrap();
    assert_eq!(
        edges(&g),
        vec![
            e("Bureau of Cheese", "unitOf", "Ministry of War", 1),
            e("Rufus Firefly", "memberOf", "Ministry of War", 1),
        ]
    );

    let f = ExportFilter {
        quotes: false,
        ..Default::default()
    };
    let g = load(&store, &f).unwrap();
    assert!(edges(&g).iter().all(|e| e.1 != "quoted"));
    assert_eq!(g.edge_count(), 5);
    // quotes off and only quoted asked for: nothing
    let f = ExportFilter {
        quotes: false,
        relations: vec![Relation::Quoted],
        ..Default::default()
    };
    assert_eq!(load(&store, &f).unwrap().node_count(), 0);
}

#[test]
fn type_filter_needs_both_ends() {
    let store = fixture();
    let f = ExportFilter {
        types: vec![T::Country],
        ..Default::default()
    };
    let g = load(&store, &f).unwrap();
    assert_eq!(edges(&g), vec![e("Freedonia", "opposes", "Sylvania", 3)]);
    let f = ExportFilter {
        types: vec![T::Country, T::Company],
        ..Default::default()
    };
    let g = load(&store, &f).unwrap();
    assert_eq!(g.edge_count(), 2);
    assert_eq!(labels(&g), vec![ACME, "Freedonia", "Sylvania"]);
}

#[test]
fn date_window() {
    let store = fixture();
    let since = ExportFilter {
        since: Some("2024-02-01".into()),
        ..Default::default()
    };
    let g = load(&store, &since).unwrap();
    // a2 only (an xsd:dateTime); a3 has no date and is left out
    let got: Vec<_> = edges(&g).into_iter().map(|e| (e.1, e.3)).collect();
    assert_eq!(got, vec![("opposes", 1), ("partnersWith", 1)]);
    let until = ExportFilter {
        until: Some("2024-02-10".into()),
        ..Default::default()
    };
    let g = load(&store, &until).unwrap();
    // the end day is included, also for a dateTime on that day
    assert!(edges(&g).contains(&e("Freedonia", "opposes", "Sylvania", 2)));
    assert_eq!(g.edge_count(), 6);
    let jan = ExportFilter {
        since: Some("2024-01-01".into()),
        until: Some("2024-01-31".into()),
        ..Default::default()
    };
    let g = load(&store, &jan).unwrap();
    assert!(edges(&g).contains(&e("Freedonia", "opposes", "Sylvania", 1)));
    assert_eq!(g.edge_count(), 6);

    for bad in [
        "2024-1-05",
        "2024-02-30",
        "yesterday",
        "2024-13-01",
        "2024-01-01\"}",
    ] {
        let f = ExportFilter {
            since: Some(bad.into()),
            ..Default::default()
        };
        let err = load(&store, &f).unwrap_err().to_string();
        assert!(err.contains(bad) && err.contains("YYYY-MM-DD"), "{err}");
    }
    let backwards = ExportFilter {
        since: Some("2024-03-01".into()),
        until: Some("2024-01-01".into()),
        ..Default::default()
    };
    assert!(load(&store, &backwards).is_err());
}

#[test]
fn parses_dates() {
    assert_eq!(parse_date(" 2024-02-29 ").unwrap(), "2024-02-29");
    assert!(parse_date("2023-02-29").is_err());
    assert!(parse_date("2000-02-29").is_ok());
    assert!(parse_date("1900-02-29").is_err());
    assert!(parse_date("2024-04-31").is_err());
    assert!(parse_date("2024-00-10").is_err());
    assert!(parse_date("2024-01-00").is_err());
    assert!(parse_date("２０２４-01-01").is_err());
    assert!(parse_date("").is_err());
}

#[test]
fn ego_graph_by_depth() {
    let store = fixture();
    let all = load(&store, &ExportFilter::default()).unwrap();
    let center = NamedNode::new(iri_of(&all, "Freedonia")).unwrap();
    let ego = |depth: usize, types: Vec<EntityType>| {
        let f = ExportFilter {
            center: Some(center.clone()),
            depth,
            types,
            ..Default::default()
        };
        load(&store, &f).unwrap()
    };
    assert_eq!(labels(&ego(0, vec![])), vec!["Freedonia"]);
    assert_eq!(labels(&ego(1, vec![])), vec!["Freedonia", "Sylvania"]);
    let g2 = ego(2, vec![]);
    assert_eq!(labels(&g2), vec![ACME, "Freedonia", "Sylvania"]);
    assert_eq!(g2.edge_count(), 2);
    assert_eq!(
        labels(&ego(3, vec![])),
        vec![ACME, "Freedonia", "Sylvania", "the new tariffs"]
    );
    // the type filter applies before the walk: no path through the company
    assert_eq!(
        labels(&ego(3, vec![T::Country, T::Policy])),
        vec!["Freedonia", "Sylvania"]
    );
    // the center stays whatever its type
    assert_eq!(
        labels(&ego(2, vec![T::Company])),
        vec!["Freedonia".to_string()]
    );

    // a center without edges is a graph of one node, with its label and type
    let lonely = NamedNode::new(format!("{}place/lonely-island", vocab::ENTITY_PREFIX)).unwrap();
    let f = ExportFilter {
        center: Some(lonely),
        ..Default::default()
    };
    let g = load(&store, &f).unwrap();
    assert_eq!(g.node_count(), 1);
    assert_eq!(g.edge_count(), 0);
    let n = g.node_weights().next().unwrap();
    assert_eq!(
        (n.label.as_str(), n.etype),
        ("Lonely Island", Some(T::Location))
    );
}

/// An edge by its ends' IRIs.
type EdgeRow = (String, Relation, String, usize);

/// The ego graph the slow way: the whole graph, the type filter (the center exempt), then a
/// breadth-first walk ignoring direction.
fn ego_reference(
    all: &DiGraph<Node, Edge>,
    center: &str,
    depth: usize,
    types: &[EntityType],
) -> (BTreeSet<String>, BTreeSet<EdgeRow>) {
    let ok = |n: NodeIndex| {
        all[n].iri == center || types.is_empty() || all[n].etype.is_some_and(|t| types.contains(&t))
    };
    let mut dist: HashMap<NodeIndex, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::new();
    if let Some(c) = all.node_indices().find(|n| all[*n].iri == center) {
        dist.insert(c, 0);
        queue.push_back(c);
    }
    while let Some(n) = queue.pop_front() {
        let d = dist[&n];
        if d == depth {
            continue;
        }
        for m in all.neighbors_undirected(n) {
            if ok(m) && !dist.contains_key(&m) {
                dist.insert(m, d + 1);
                queue.push_back(m);
            }
        }
    }
    let mut nodes: BTreeSet<String> = dist.keys().map(|n| all[*n].iri.clone()).collect();
    nodes.insert(center.to_string());
    let edges = all
        .edge_references()
        .filter(|e| dist.contains_key(&e.source()) && dist.contains_key(&e.target()))
        .map(|e| edge_row(all, e))
        .collect();
    (nodes, edges)
}

/// An edge as (source IRI, relation, target IRI, weight).
fn edge_row(g: &DiGraph<Node, Edge>, e: petgraph::graph::EdgeReference<'_, Edge>) -> EdgeRow {
    let w = e.weight();
    (
        g[e.source()].iri.clone(),
        w.relation,
        g[e.target()].iri.clone(),
        w.weight,
    )
}

#[test]
fn ego_walk_matches_a_walk_over_the_whole_graph() {
    let store = fixture();
    let all = load(&store, &ExportFilter::default()).unwrap();
    let type_sets: [&[EntityType]; 3] = [&[], &[T::Country, T::Company], &[T::Agency, T::Official]];
    let mut checked = 0;
    for center in all.node_weights().map(|n| n.iri.clone()) {
        for depth in 0..4 {
            for types in type_sets {
                let f = ExportFilter {
                    center: Some(NamedNode::new(center.clone()).unwrap()),
                    depth,
                    types: types.to_vec(),
                    ..Default::default()
                };
                let g = load(&store, &f).unwrap();
                let nodes: BTreeSet<String> = g.node_weights().map(|n| n.iri.clone()).collect();
                let edges: BTreeSet<_> = g.edge_references().map(|e| edge_row(&g, e)).collect();
                let (rn, re) = ego_reference(&all, &center, depth, types);
                assert_eq!(
                    (&nodes, &edges),
                    (&rn, &re),
                    "{center} depth {depth} {types:?}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 8 * 4 * 3);
}

#[test]
fn relation_and_type_names() {
    for (s, r) in [
        ("opposes", Relation::Opposes),
        ("OPPOSES", Relation::Opposes),
        ("partnersWith", Relation::PartnersWith),
        ("partners-with", Relation::PartnersWith),
        ("partners_with", Relation::PartnersWith),
        ("member-of", Relation::MemberOf),
        ("memberof", Relation::MemberOf),
        ("Unit-Of", Relation::UnitOf),
        ("quoted", Relation::Quoted),
    ] {
        assert_eq!(Relation::from_name(s), Some(r), "{s}");
    }
    assert_eq!(Relation::from_name("likes"), None);
    for r in Relation::ALL {
        assert_eq!(Relation::from_name(r.name()), Some(r));
        assert_eq!(Relation::from_predicate(r.predicate()), Some(r));
    }
    let err = parse_relation("likes").unwrap_err().to_string();
    assert!(
        err.contains("likes") && err.contains("partnersWith"),
        "{err}"
    );
    assert_eq!(parse_entity_type("mediaoutlet").unwrap(), T::MediaOutlet);
    assert_eq!(parse_entity_type("media-outlet").unwrap(), T::MediaOutlet);
    assert_eq!(parse_entity_type("OFFICIAL").unwrap(), T::Official);
    let err = parse_entity_type("Planet").unwrap_err().to_string();
    assert!(
        err.contains("Planet") && err.contains("MediaOutlet"),
        "{err}"
    );
}

#[test]
fn dot_strings_are_escaped() {
    assert_eq!(dot_string("plain"), "\"plain\"");
    assert_eq!(dot_string(r#"a "b" \ c"#), r#""a \"b\" \\ c""#);
    assert_eq!(
        dot_string("one\ntwo\r\nthree\rfour"),
        r#""one\ntwo\nthree\nfour""#
    );
    assert_eq!(dot_string("tab\there\u{7}\u{0}\u{85}"), "\"tab here\"");
    assert_eq!(dot_string("ends with \\"), r#""ends with \\""#);
    assert_eq!(dot_string("} -> <b> ;"), "\"} -> <b> ;\"");
    assert_eq!(dot_string("Zürich 北京"), "\"Zürich 北京\"");
}

/// Every `"` that is not escaped opens or closes a DOT string: an even count per line.
fn quotes_balanced(line: &str) -> bool {
    let mut n = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => n += 1,
            _ => escaped = false,
        }
    }
    n % 2 == 0
}

#[test]
fn dot_output() {
    let store = fixture();
    let g = load(&store, &ExportFilter::default()).unwrap();
    let mut out = Vec::new();
    write_dot(&g, &mut out).unwrap();
    let dot = String::from_utf8(out).unwrap();
    assert!(dot.starts_with("digraph newsgraph {"), "{dot}");
    assert!(dot.trim_end().ends_with('}'));
    assert!(dot.contains(r#"label="Acme \"Widgets\" \\ Co""#), "{dot}");
    assert!(dot.contains("label=\"opposes \u{d7}3\""), "{dot}");
    assert!(dot.contains("subgraph cluster_legend {"));
    assert!(dot.contains("label=\"Legend\""));
    // one legend entry per type present (6 of 9: no Person, Organization, Location)
    assert_eq!(dot.matches("    legend").count(), 6, "{dot}");
    assert!(!dot.contains("label=\"Location\""));
    let partners = dot.lines().find(|l| l.contains("partnersWith")).unwrap();
    assert!(partners.contains("dir=none"), "{partners}");
    let opposes = dot.lines().find(|l| l.contains("opposes \u{d7}3")).unwrap();
    assert!(
        !opposes.contains("dir=none") && opposes.contains("penwidth=2.10"),
        "{opposes}"
    );
    let quoted = dot.lines().find(|l| l.contains("quoted")).unwrap();
    assert!(quoted.contains("style=dashed"), "{quoted}");
    assert!(dot.lines().all(quotes_balanced), "{dot}");
    let edge_lines = dot
        .lines()
        .filter(|l| l.starts_with("  n") && l.contains(" -> "))
        .count();
    assert_eq!(edge_lines, g.edge_count());
}

#[test]
fn graphml_output() {
    let store = fixture();
    let mut g = load(&store, &ExportFilter::default()).unwrap();
    let n = g.add_node(Node {
        iri: "http://example.org/x?a=1&b=2".into(),
        label: "<Tom & Jerry's \"show\">\u{1}".into(),
        etype: None,
    });
    let first = g.node_indices().next().unwrap();
    g.add_edge(
        n,
        first,
        Edge {
            relation: Relation::Opposes,
            weight: 4,
        },
    );
    let mut out = Vec::new();
    write_graphml(&g, &mut out).unwrap();
    let xml = String::from_utf8(out).unwrap();
    assert!(xml.contains("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""));
    assert!(
        xml.contains("<data key=\"label\">&lt;Tom &amp; Jerry&apos;s &quot;show&quot;&gt;</data>"),
        "{xml}"
    );
    assert!(xml.contains("<data key=\"iri\">http://example.org/x?a=1&amp;b=2</data>"));
    assert!(xml.contains("<data key=\"label\">Acme &quot;Widgets&quot; \\ Co</data>"));
    assert_eq!(xml.matches("<node ").count(), g.node_count());
    assert_eq!(xml.matches("<edge ").count(), g.edge_count());
    assert_eq!(
        xml.matches("<data key=\"directed\">false</data>").count(),
        1
    );
    assert_eq!(
        xml.matches("<data key=\"directed\">true</data>").count(),
        g.edge_count() - 1
    );
    // well-formed enough: every element closed in order, no stray '&' or '<'
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find('<') {
        let text = &rest[..i];
        assert!(!text.contains('>'), "stray > in {text}");
        for (j, _) in text.match_indices('&') {
            let ent = &text[j..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| ent.starts_with(e)),
                "bad entity at {ent}"
            );
        }
        let end = rest[i..].find('>').expect("tag closed") + i;
        let tag = &rest[i + 1..end];
        assert!(!tag.contains('<'), "{tag}");
        if tag.starts_with('?') || tag.ends_with('/') {
        } else if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name));
        } else {
            stack.push(tag.split_whitespace().next().unwrap().to_string());
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "{stack:?}");
}

#[test]
fn json_output() {
    let store = fixture();
    let g = load(&store, &ExportFilter::default()).unwrap();
    let mut out = Vec::new();
    write_json(&g, &mut out).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let nodes = v["nodes"].as_array().unwrap();
    let links = v["edges"].as_array().unwrap();
    assert_eq!((nodes.len(), links.len()), (8, 6));
    let ids: HashSet<&str> = nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert!(links
        .iter()
        .all(|l| ids.contains(l["source"].as_str().unwrap())
            && ids.contains(l["target"].as_str().unwrap())));
    let acme = nodes.iter().find(|n| n["label"] == ACME).unwrap();
    assert_eq!(acme["type"], "Company");
    let opposes = links.iter().find(|l| l["weight"] == 3).unwrap();
    assert_eq!(
        (opposes["relation"].as_str(), opposes["directed"].as_bool()),
        (Some("opposes"), Some(true))
    );
    let partners = links
        .iter()
        .find(|l| l["relation"] == "partnersWith")
        .unwrap();
    assert_eq!(partners["directed"], false);
}

#[test]
fn rdf_dumps() {
    let store = fixture();
    let mut out = Vec::new();
    let n = write_rdf(&store, RdfExport::NQuads, None, &mut out).unwrap();
    assert_eq!(n, store.len().unwrap());
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), n);

    let a1 = store.find_article("a1").unwrap().unwrap();
    let mut out = Vec::new();
    let n = write_rdf(&store, RdfExport::Turtle, Some(&a1), &mut out).unwrap();
    let ttl = String::from_utf8(out).unwrap();
    assert!(n > 20 && ttl.contains("@prefix ng:"), "{ttl}");
    assert!(ttl.contains("ng:opposes") && !ttl.contains('{'), "{ttl}");

    let mut out = Vec::new();
    let n = write_rdf(&store, RdfExport::Turtle, None, &mut out).unwrap();
    // the union of the graphs: every triple once, fewer than the quads
    assert!(n > 0 && n < store.len().unwrap(), "{n}");

    for f in [RdfExport::TriG, RdfExport::JsonLd] {
        let mut out = Vec::new();
        write_rdf(&store, f, Some(&a1), &mut out).unwrap();
        assert!(!out.is_empty());
    }
    let mut out = Vec::new();
    write_rdf(&store, RdfExport::JsonLd, None, &mut out).unwrap();
    let _: serde_json::Value = serde_json::from_slice(&out).unwrap();
}

#[test]
fn pipeline_article_gives_an_edge() {
    let res = std::sync::Arc::new(newsgraph_extract::Resources::builtin().unwrap());
    let mut doc = Document::new(
        Metadata::default(),
        "Google was criticised by France over the deal.".to_string(),
    );
    newsgraph_extract::Pipeline::new(res).run(&mut doc);
    doc.meta.id = "smoke".into();
    let store = GraphStore::in_memory().unwrap();
    store.write_article(&graph::build(&doc, "test")).unwrap();
    let g = load(&store, &ExportFilter::default()).unwrap();
    assert_eq!(edges(&g), vec![e("France", "opposes", "Google", 1)]);
    let ty: Vec<_> = g.node_weights().map(|n| n.etype).collect();
    assert!(
        ty.contains(&Some(T::Country)) && ty.contains(&Some(T::Company)),
        "{ty:?}"
    );
}

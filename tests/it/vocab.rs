//! The vocabulary module and `ontology/newsgraph.ttl` agree: every `ng:` term the code writes is
//! declared in the ontology with the right kind, and every term the ontology declares is known
//! to the code.

use std::collections::{HashMap, HashSet};

use newsgraph_graph::vocab::{ng, NG};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Term;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const OWL: &str = "http://www.w3.org/2002/07/owl#";

#[test]
fn code_and_ontology_declare_the_same_terms() {
    let ttl = std::fs::read(crate::repo().join("ontology/newsgraph.ttl")).unwrap();
    let mut types: HashMap<String, HashSet<String>> = HashMap::new();
    for t in RdfParser::from_format(RdfFormat::Turtle).for_slice(&ttl) {
        let t = t.expect("ontology/newsgraph.ttl parses");
        if t.predicate.as_str() == RDF_TYPE {
            if let Term::NamedNode(o) = &t.object {
                types
                    .entry(t.subject.to_string().trim_matches(['<', '>']).to_string())
                    .or_default()
                    .insert(o.as_str().to_string());
            }
        }
    }
    for (term, kind) in ng::ALL {
        let declared = types
            .get(term.as_str())
            .unwrap_or_else(|| panic!("{term} is not declared in newsgraph.ttl"));
        let ok = match kind {
            ng::Kind::Class => declared.contains(&format!("{OWL}Class")),
            ng::Kind::ObjectProperty => declared.contains(&format!("{OWL}ObjectProperty")),
            ng::Kind::DatatypeProperty => declared.contains(&format!("{OWL}DatatypeProperty")),
            ng::Kind::Individual => declared.iter().any(|t| t.starts_with(NG)),
        };
        assert!(
            ok,
            "{term} is declared as {declared:?}, the code uses it as {kind:?}"
        );
    }
    let known: HashSet<&str> = ng::ALL.iter().map(|(t, _)| t.as_str()).collect();
    for term in types.keys().filter(|t| t.starts_with(NG)) {
        assert!(
            known.contains(term.as_str()),
            "{term} is in the ontology but not in vocab::ng::ALL"
        );
    }
    // the classes the issue names, by local name
    for c in [
        "Official",
        "Person",
        "Agency",
        "Company",
        "MediaOutlet",
        "Organization",
        "Country",
        "Location",
        "Article",
        "Quotation",
        "RelationAssertion",
    ] {
        assert!(
            types
                .get(&format!("{NG}{c}"))
                .is_some_and(|t| t.contains(&format!("{OWL}Class"))),
            "class {c}"
        );
    }
    assert!(types[&format!("{NG}partnersWith")].contains(&format!("{OWL}SymmetricProperty")));
}

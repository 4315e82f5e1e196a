//! Tests of the agents stage through the whole pipeline.

use crate::document::{Document, EntityType, MentionForm, MentionSource};
use crate::pipeline::testing::run;

/// (name, type, country code, local) of the agent entities of a document.
fn agents(doc: &Document) -> Vec<(String, EntityType, Option<String>, bool)> {
    let mut out: Vec<_> = doc
        .entities
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            doc.mentions
                .iter()
                .any(|m| m.entity == Some(*i) && m.source == MentionSource::Agent)
        })
        .map(|(_, e)| (e.name.clone(), e.etype, e.country_code.clone(), e.local))
        .collect();
    out.sort();
    out
}

fn agent(
    name: &str,
    t: EntityType,
    code: &str,
    local: bool,
) -> (String, EntityType, Option<String>, bool) {
    (name.to_string(), t, Some(code.to_string()), local)
}

#[test]
fn a_demonym_before_an_agent_noun_is_an_agent_of_that_country() {
    let doc = run("Chinese police arrested three activists on Monday.");
    assert_eq!(
        agents(&doc),
        vec![agent("Chinese police", EntityType::Agency, "CN", false)]
    );
    // the mention covers the demonym, which stays a mention of China
    let m = doc
        .mentions
        .iter()
        .find(|m| m.source == MentionSource::Agent)
        .unwrap();
    assert_eq!(doc.slice(m.span), "Chinese police");
    assert_eq!(m.form, MentionForm::Name);
    let demonym = doc
        .mentions
        .iter()
        .position(|m| m.source != MentionSource::Agent && doc.slice(m.span) == "Chinese")
        .expect("the demonym mention stays");
    assert_eq!(doc.mention_entity(demonym).unwrap().name, "China");
    // at one start the longer mention comes first
    let first = doc.mentions.iter().position(|m| m.span.start == 0).unwrap();
    assert_eq!(doc.mentions[first].source, MentionSource::Agent);
}

#[test]
fn an_agent_keeps_its_cameo_sectors() {
    let doc = run("Chinese police arrested three activists. Syrian rebels shelled the town.");
    let sectors = |name: &str| {
        doc.entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no {name}: {:?}", doc.entities))
            .sectors
            .clone()
    };
    assert_eq!(sectors("Chinese police"), vec!["COP"]);
    assert_eq!(sectors("Syrian rebels"), vec!["REB"]);
}

#[test]
fn every_mention_of_one_countrys_agent_is_one_entity() {
    let doc = run(
        "Iraqi rebels attacked a convoy. The Iraqi rebels later withdrew. \
         Israeli troops and the Syrian government were not involved, US officials said.",
    );
    assert_eq!(
        agents(&doc),
        vec![
            agent("American officials", EntityType::Agency, "US", false),
            agent("Iraqi rebels", EntityType::Organization, "IQ", false),
            agent("Israeli troops", EntityType::Agency, "IL", false),
            agent("Syrian government", EntityType::Agency, "SY", false),
        ]
    );
    let rebels = doc
        .entities
        .iter()
        .find(|e| e.name == "Iraqi rebels")
        .unwrap();
    assert_eq!(rebels.mentions.len(), 2);
}

#[test]
fn one_unnamed_person_is_an_entity_of_the_article_only() {
    let doc = run("The Japanese foreign minister said the talks had failed.");
    assert_eq!(
        agents(&doc),
        vec![agent(
            "Japanese foreign minister",
            EntityType::Official,
            "JP",
            true
        )]
    );
}

#[test]
fn a_title_before_a_name_is_no_agent() {
    let doc = run("Japanese Foreign Minister Taro Kono said the talks had failed.");
    assert_eq!(agents(&doc), vec![]);
    let kono = doc.entities.iter().find(|e| e.name == "Taro Kono").unwrap();
    assert!(kono.etype.is_person());
    let doc = run("Taro Kono, the Japanese foreign minister, said the talks had failed.");
    assert_eq!(agents(&doc), vec![]);
}

#[test]
fn agents_of_countries_after_of_or_from() {
    let doc = run("Officials from Japan and South Korea agreed to meet again in May.");
    assert_eq!(
        agents(&doc),
        vec![
            agent("Japanese officials", EntityType::Agency, "JP", false),
            agent("South Korean officials", EntityType::Agency, "KR", false),
        ]
    );
    // the second is mentioned by its country's words, as an ellipsis: no alias
    let korea = doc
        .entities
        .iter()
        .find(|e| e.name == "South Korean officials")
        .unwrap();
    assert!(korea.aliases.is_empty(), "{:?}", korea.aliases);
    let doc = run("The president of France arrived in Berlin.");
    assert_eq!(
        agents(&doc),
        vec![agent("French president", EntityType::Official, "FR", true)]
    );
    // moving troops from a country does not make them its troops
    let doc = run("Washington said it would withdraw troops from Syria next year.");
    assert_eq!(agents(&doc), vec![]);
}

#[test]
fn coordinated_demonyms_each_get_the_agent() {
    let doc = run("Chinese and Japanese officials met in Tokyo on Friday.");
    assert_eq!(
        agents(&doc),
        vec![
            agent("Chinese officials", EntityType::Agency, "CN", false),
            agent("Japanese officials", EntityType::Agency, "JP", false),
        ]
    );
}

#[test]
fn no_country_no_agent() {
    for text in [
        "The police arrested three activists.",
        "Police in Karachi arrested three activists.",
        "Rebels attacked a convoy near the border.",
    ] {
        let doc = run(text);
        assert_eq!(agents(&doc), vec![], "{text}");
    }
}

#[test]
fn named_organisations_and_compounds_are_no_agents() {
    // a recognised agency stays what it is
    let doc = run("The Chinese Foreign Ministry said on Monday that the talks would go on.");
    assert_eq!(agents(&doc), vec![]);
    let ministry = doc
        .mentions
        .iter()
        .find(|m| doc.slice(m.span) == "Chinese Foreign Ministry")
        .expect("the recogniser finds the ministry");
    assert_eq!(ministry.etype, EntityType::Agency);
    assert_ne!(ministry.source, MentionSource::Agent);
    // a capitalised name the recogniser may have missed
    let doc = run("He flew with American Airlines to Dallas last week.");
    assert_eq!(agents(&doc), vec![]);
}

#[test]
fn modifiers_and_appositions_are_no_agents() {
    for text in [
        // the agent modifies a noun after it
        "Protesters gathered outside a Chinese police station on Monday.",
        // in apposition to a named person, before or after
        "\"Inflation is falling,\" said Jonathan Loynes, chief UK economist at Capital Economics.",
        "Iran's president, Mohammad Khatami, has unveiled a budget.",
        "The British ambassador to Russia, Jane Doe, said the talks had failed.",
        // a country's name before one person is often what the person covers
        "According to the newspaper's China correspondent, the rules are new.",
    ] {
        let doc = run(text);
        let persons: Vec<_> = agents(&doc)
            .into_iter()
            .filter(|a| a.1.is_person() || a.0.contains("police"))
            .collect();
        assert_eq!(persons, vec![], "{text}");
    }
}

#[test]
fn the_entity_recognisers_evaluation_leaves_agents_out() {
    use crate::ner::corpus::{TaggedDoc, TaggedSentence};
    let pipeline = crate::pipeline::Pipeline::new(std::sync::Arc::new(
        crate::resources::Resources::builtin().unwrap(),
    ));
    let words = [
        "Chinese", "police", "arrested", "Li", "Wei", "in", "Shanghai", ".",
    ];
    let tags = ["O", "O", "O", "B-PER", "I-PER", "O", "B-LOC", "O"];
    let doc = TaggedDoc {
        sentences: vec![TaggedSentence {
            tokens: words.iter().map(|w| w.to_string()).collect(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
        }],
    };
    let scores = crate::eval::fine::evaluate(&pipeline, &[doc]);
    let org = scores
        .scorer
        .by_type
        .get("Organization")
        .map_or(0, |c| c.predicted);
    assert_eq!(org, 0, "{:?}", scores.scorer.by_type);
}

#[test]
fn an_agent_in_a_country_is_its_own_unless_it_serves_or_is_held_there() {
    let doc = run("Police in Pakistan arrested three men, and a court in Guyana issued warrants.");
    let found = agents(&doc);
    assert!(
        found.contains(&agent("Pakistani police", EntityType::Agency, "PK", false)),
        "{found:?}"
    );
    assert!(
        found.iter().any(|a| a.2.as_deref() == Some("GY")),
        "{found:?}"
    );
    // foreign troops, envoys and detainees are where they are, not whose
    for text in [
        "Troops in Afghanistan came under fire on Monday.",
        "The ambassador in Kabul met the minister.",
        "Detainees in Cuba began a hunger strike.",
    ] {
        let doc = run(text);
        assert!(agents(&doc).is_empty(), "{text}: {:?}", agents(&doc));
    }
}

#[test]
fn a_bare_government_is_that_of_the_country_whose_officials_the_article_names() {
    let text = "Kenyan police arrested three activists on Monday. Kenyan officials said the \
                protest was illegal. The Kenyan interior minister defended the police. The \
                government has been criticised by Amnesty International.";
    let doc = run(text);
    let gov = doc
        .entities
        .iter()
        .position(|e| e.name == "Kenyan government")
        .expect("the government of the article's country");
    assert_eq!(doc.entities[gov].country_code.as_deref(), Some("KE"));
    // its mention is the bare noun, a reference, never a name
    let m = doc.mentions.iter().find(|m| m.entity == Some(gov)).unwrap();
    assert_eq!(doc.slice(m.span), "government");
    assert_eq!(m.form, MentionForm::Pronoun);
    // officials of two countries in equal measure: no country's government is meant
    let doc = run(
        "Kenyan officials met Ghanaian officials. Kenyan police and Ghanaian police \
                   joined them, with the Kenyan interior minister and the Ghanaian interior \
                   minister. The government has been criticised by Amnesty International.",
    );
    assert!(
        !doc.entities.iter().any(|e| e.name.ends_with(" government")),
        "{:?}",
        doc.entities.iter().map(|e| &e.name).collect::<Vec<_>>()
    );
}

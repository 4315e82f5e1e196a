//! Unit tests of the recognize stage: rules alone and the model merged with the rules, on
//! purpose-written sentences.

use super::*;
use crate::document::Metadata;
use crate::pipeline::segment::Segmenter;

/// Mentions of `text` with the rules alone, or with the built-in model too.
pub(super) fn mentions_with(text: &str, model: bool) -> Vec<(String, EntityType)> {
    let res = Arc::new(Resources::builtin().unwrap());
    let mut doc = Document::new(Metadata::default(), text.to_string());
    Segmenter.run(&mut doc);
    let stage = if model {
        let m = Arc::new(NerModel::builtin(&res).unwrap());
        Recognize::hybrid(res, m)
    } else {
        Recognize::with(vec![Box::new(RuleRecognizer::new(res))])
    };
    stage.run(&mut doc);
    doc.mentions
        .iter()
        .map(|m| (doc.slice(m.span).to_string(), m.etype))
        .collect()
}

fn mentions(text: &str) -> Vec<(String, EntityType)> {
    mentions_with(text, false)
}

/// Each of `names` is among the mentions `m`, with type `t`.
fn assert_typed(m: &[(String, EntityType)], names: &[&str], t: EntityType) {
    for name in names {
        assert!(m.contains(&(name.to_string(), t)), "{name}: {m:?}");
    }
}

#[test]
fn splits_titles_heads_and_units() {
    let m = mentions(
        "According to China Daily, deputy director-general of the Bureau of International Cooperation of the Cyberspace Administration Wang Jianchao told reporters.",
    );
    assert!(
        m.contains(&("China Daily".into(), EntityType::MediaOutlet)),
        "{m:?}"
    );
    assert!(
        m.contains(&(
            "Bureau of International Cooperation".into(),
            EntityType::Agency
        )),
        "{m:?}"
    );
    assert!(
        m.iter()
            .any(|(s, t)| s.starts_with("Cyberspace Administration") && *t == EntityType::Agency),
        "{m:?}"
    );
    assert!(
        m.contains(&("Wang Jianchao".into(), EntityType::Person)),
        "{m:?}"
    );
}

#[test]
fn coordinated_names_stay_apart() {
    let m = mentions("Several firms, including Microsoft, Intel and IBM, objected. U.S. President Donald Trump agreed.");
    let names: Vec<&str> = m.iter().map(|(s, _)| s.as_str()).collect();
    for n in ["Microsoft", "Intel", "IBM", "U.S.", "Donald Trump"] {
        assert!(names.contains(&n), "{n} missing from {names:?}");
    }
    assert!(!names.iter().any(|n| n.contains("President")), "{names:?}");
}

#[test]
fn titles_without_a_name_and_event_names_are_not_people() {
    let m = mentions("The film Lord of the Rings won again, and Andy Roddick lost the Davis Cup tie, Ms. Lee said.");
    assert!(
        !m.iter()
            .any(|(s, _)| s.contains("of the Rings") || s.contains("Davis")),
        "{m:?}"
    );
    assert!(
        m.contains(&("Andy Roddick".into(), EntityType::Person)),
        "{m:?}"
    );
}

#[test]
fn lowercase_generic_agency() {
    let m = mentions("A coordinator for the foreign ministry’s cyber affairs division spoke.");
    assert!(
        m.contains(&("foreign ministry".into(), EntityType::Agency)),
        "{m:?}"
    );
}

mod hybrid_tests {
    use super::*;

    fn mentions(text: &str) -> Vec<(String, EntityType)> {
        super::mentions_with(text, true)
    }

    #[test]
    fn model_and_rules_split_title_runs() {
        let m = mentions(
            "According to China Daily, deputy director-general of the Bureau of International Cooperation of the Cyberspace Administration Wang Jianchao told reporters.",
        );
        assert!(
            m.contains(&("Wang Jianchao".into(), EntityType::Person)),
            "{m:?}"
        );
        assert!(
            m.contains(&("China Daily".into(), EntityType::MediaOutlet)),
            "{m:?}"
        );
    }

    #[test]
    fn coordinated_outlets_and_headline_words() {
        let m = mentions("“Cyberattacks, cyber espionage, [and digital] surveillance have become major issues confronting all countries,” said Long Zhou. He has written about security, technology and policy for the American City Business Journals, DC Inno, International Policy Digest and The Daily Caller.");
        assert!(!m.iter().any(|(s, _)| s == "Cyberattacks"), "{m:?}");
        assert!(
            m.contains(&("Long Zhou".into(), EntityType::Person)),
            "{m:?}"
        );
        assert!(
            m.contains(&("The Daily Caller".into(), EntityType::MediaOutlet)),
            "{m:?}"
        );
        assert!(!m.iter().any(|(s, _)| s.contains(" and ")), "{m:?}");
    }
}

#[test]
fn names_on_results_lines_and_all_caps_headlines_are_kept_by_the_models_confidence() {
    // a results table: each club opens its line once, with numbers after it
    let m = mentions_with(
        "Standings after Saturday's matches in the third division:\nSwansea 4 3 1 0 9 3 10\nCardiff 4 2 1 1 6 5 7\nWrexham 4 0 1 3 2 9 1\n",
        true,
    );
    for club in ["Swansea", "Cardiff", "Wrexham"] {
        assert!(
            m.iter().any(|(t, e)| t == club && e.is_org()),
            "{club}: {m:?}"
        );
    }
    // ALL CAPS standings lines: names found nowhere else in the article
    let m = mentions_with(
        "Major league standings after Friday's games:\nEASTERN DIVISION\nW L PCT GB\nNEW YORK 74 60 .552 -\nBALTIMORE 70 64 .522 4\nTORONTO 63 72 .467 11 1/2\n",
        true,
    );
    for team in ["NEW YORK", "BALTIMORE", "TORONTO"] {
        assert!(
            m.iter().any(|(t, e)| t == team && e.is_org()),
            "{team}: {m:?}"
        );
    }
    // a fixture line of three capitalised words and more is no shouted slogan
    let m = mentions_with(
        "Major league baseball games on Tuesday:\nCINCINNATI AT COLORADO\nPITTSBURGH AT HOUSTON\n",
        true,
    );
    for team in ["CINCINNATI", "COLORADO", "PITTSBURGH", "HOUSTON"] {
        assert!(m.iter().any(|(t, _)| t == team), "{team}: {m:?}");
    }
    // a word alone on its line is still no name ("Hello,", "Bravo!")
    let m = mentions_with("Hello,\n\nThe meeting moved to Tuesday.\n\nBravo!\n", true);
    assert!(m.is_empty(), "{m:?}");
}

#[test]
fn a_sentence_opener_is_no_part_of_a_name_and_rivers_and_roads_are_places() {
    let m = mentions_with(
        "Flood warning\n\nIf Parliament rejects the plan, the River Kelvane will flood Harlow \
         Road again. Although Norvatek said so, nobody listened.",
        true,
    );
    assert!(
        !m.iter()
            .any(|(s, _)| s.starts_with("If ") || s.starts_with("Although ")),
        "{m:?}"
    );
    for place in ["River Kelvane", "Harlow Road"] {
        assert!(
            m.iter()
                .any(|(s, t)| s == place && *t == EntityType::Location),
            "{place}: {m:?}"
        );
    }
    // a number or a common noun opening the sentence is no part of the name either
    let m = mentions_with(
        "Fines\n\nSix Bank of America subsidiaries agreed to pay $515m. \
         Distributor Sony Pictures said the film would open in May.",
        true,
    );
    assert!(
        !m.iter()
            .any(|(s, _)| s.starts_with("Six ") || s.starts_with("Distributor ")),
        "{m:?}"
    );
    assert!(m.iter().any(|(s, _)| s == "Bank of America"), "{m:?}");
}

#[test]
fn works_and_events_are_not_places_or_organisations() {
    let m = mentions_with(
        "His film Beyond the Sea opened the Berlin Film Festival, and the movie Polar Express won at the Academy Awards. Sony Pictures and the Berlin police said they would play Arsenal in Madrid.",
        true,
    );
    let names: Vec<&str> = m.iter().map(|(s, _)| s.as_str()).collect();
    for gone in [
        "Beyond the Sea",
        "Berlin Film Festival",
        "Polar Express",
        "Academy Awards",
    ] {
        assert!(!names.iter().any(|n| n.contains(gone)), "{gone} in {m:?}");
    }
    // names around them, and a verb that is also a work noun ("play"), are left alone
    for kept in ["Sony Pictures", "Berlin", "Arsenal", "Madrid"] {
        assert!(names.contains(&kept), "{kept} missing from {m:?}");
    }
    // a title the model reads as a person's name, after a work noun; the actor stays
    let m = mentions_with(
        "Awards\n\nThe controversial biopic Marvane, starring Liam Neeson as a researcher, got five nominations.",
        true,
    );
    assert!(!m.iter().any(|(s, _)| s == "Marvane"), "{m:?}");
    assert!(
        m.iter().any(|(s, t)| s == "Liam Neeson" && t.is_person()),
        "{m:?}"
    );
    // once a title, always a title in that article
    let m = mentions_with(
        "Box office\n\nThe comedy Corvenne topped the US chart. Corvenne producer Mark Ellis \
         said the film cost $16m. Corvenne, which stars Paul Giamatti, opened in 300 cinemas.",
        true,
    );
    assert!(!m.iter().any(|(s, _)| s == "Corvenne"), "{m:?}");
    for kept in ["Mark Ellis", "Paul Giamatti"] {
        assert!(m.iter().any(|(s, t)| s == kept && t.is_person()), "{m:?}");
    }
}

#[test]
fn titles_in_title_case_and_titles_by_their_context_are_not_names() {
    // a capitalised pronoun or function word inside a name, in prose, marks a title
    let m = mentions_with(
        "The band's new single Tell Me Your Secret entered the chart at five, ahead of Dance With The Wind by Marla Quest.",
        true,
    );
    let names: Vec<&str> = m.iter().map(|(s, _)| s.as_str()).collect();
    for gone in ["Tell Me Your Secret", "Dance With The Wind", "Wind"] {
        assert!(!names.iter().any(|n| n.contains(gone)), "{gone} in {m:?}");
    }
    assert!(
        m.iter().any(|(s, t)| s == "Marla Quest" && t.is_person()),
        "{m:?}"
    );
    // names of bodies keep their small function words and are not titles
    let m = mentions_with(
        "The Bank of England and Marks and Spencer said the Isle of Wight would gain jobs.",
        true,
    );
    let names: Vec<&str> = m.iter().map(|(s, _)| s.as_str()).collect();
    for kept in ["Bank of England", "Isle of Wight"] {
        assert!(names.contains(&kept), "{kept} missing from {m:?}");
    }
    // a Title Case headline says nothing: every word has a capital there; the same name in
    // prose is a title
    let title_at = |text: &str| {
        let mut doc = Document::new(Metadata::default(), text.to_string());
        Segmenter.run(&mut doc);
        let start = text.find("Bank Of England").unwrap();
        let m = Mention {
            span: Span::new(start, start + "Bank Of England".len()),
            etype: EntityType::Organization,
            source: MentionSource::Model,
            form: MentionForm::Name,
            gazetteer: None,
            confidence: 0.9,
            entity: None,
        };
        title_cased_words(&doc, &m)
    };
    assert!(!title_at("Bank Of England Raises Rates Again"));
    assert!(title_at(
        "Singles\n\nHer new song Bank Of England entered the chart at five on Sunday."
    ));
    // the words around a name: a role in it, a sequel to it, its actors, its cast
    let m = mentions_with(
        "Awards\n\nShe won praise for her role in Harbour Lights. Kelvin Dray played in the sequel to Crown Alley. \
         Station Road actor Tom Beal was there, and Grey Harvest, starring Ann Cole, won a prize.",
        true,
    );
    let names: Vec<&str> = m.iter().map(|(s, _)| s.as_str()).collect();
    for gone in [
        "Harbour Lights",
        "Crown Alley",
        "Station Road",
        "Grey Harvest",
    ] {
        assert!(!names.contains(&gone), "{gone} in {m:?}");
    }
    for kept in ["Kelvin Dray", "Tom Beal", "Ann Cole"] {
        assert!(
            m.iter().any(|(s, t)| s == kept && t.is_person()),
            "{kept} missing from {m:?}"
        );
    }
    // "a role in Labour's campaign": the name modifies a noun, and stays
    let m = mentions_with(
        "Politics\n\nMr Milburn will have a key role in Labour's campaign, the party said.",
        true,
    );
    assert!(m.iter().any(|(s, _)| s == "Labour"), "{m:?}");
}

#[test]
fn products_technologies_awards_and_shows_are_no_entities() {
    let m = mentions_with(
        "Gadgets\n\nSales of PCs and the PlayStation Portable rose at the Consumer Electronics Show, \
         where the Sony PSP won the Golden Plug Award and Kestrel Systems showed a DVD player.",
        true,
    );
    let names: Vec<&str> = m.iter().map(|(s, _)| s.as_str()).collect();
    for gone in [
        "PCs",
        "PlayStation Portable",
        "Consumer Electronics Show",
        "Golden Plug Award",
        "DVD",
    ] {
        assert!(!names.iter().any(|n| n.contains(gone)), "{gone} in {m:?}");
    }
    // the company before its product is kept, as the company the gazetteer knows
    assert!(
        m.iter()
            .any(|(s, t)| s == "Sony" && *t == EntityType::Company),
        "{m:?}"
    );
    assert!(names.contains(&"Kestrel Systems"), "{m:?}");
}

#[test]
fn a_name_after_a_title_of_nobility_is_a_person_with_the_title() {
    let m = mentions_with(
        "Court ruling\n\nThe judges agreed, in Lord Tarrow's words, that the law was clear. Sir \
         Martin Ebdon said he would appeal to the Lord Chancellor.",
        true,
    );
    assert!(
        m.iter().any(|(s, t)| s == "Lord Tarrow" && t.is_person()),
        "{m:?}"
    );
    assert!(
        m.iter().any(|(s, t)| s == "Martin Ebdon" && t.is_person()),
        "{m:?}"
    );
    // "Sir" stands before a given name, which is the name, not "Sir Martin"
    let m = mentions_with("Court ruling\n\nSir Martin said he would appeal.", true);
    assert!(!m.iter().any(|(s, _)| s.starts_with("Sir")), "{m:?}");
    assert!(
        !m.iter()
            .any(|(s, t)| s.contains("Chancellor") && t.is_person()),
        "{m:?}"
    );
}

#[test]
fn a_name_after_mr_or_ms_is_a_person_whatever_the_model_read() {
    let m = mentions_with(
        "Blog row\n\nFlight attendant Ellen Torvane posted pictures of herself in uniform.\n\nMs Torvane was told her suspension was a result of the pictures. Ms Lomberg said she would appeal.",
        true,
    );
    assert!(
        m.iter().any(|(t, e)| t == "Lomberg" && e.is_person()),
        "{m:?}"
    );
    assert!(m.iter().all(|(t, _)| !t.starts_with("Ms ")), "{m:?}");
}

#[test]
fn a_firms_registered_name_takes_its_suffixes_and_holidays_are_no_names() {
    let m = mentions_with(
        "Lead manager Morgan Stanley & Co Inc said on Monday that Volkswagen AG would sell \
         bonds after Christmas.",
        true,
    );
    for name in ["Morgan Stanley & Co Inc", "Volkswagen AG"] {
        assert!(
            m.iter().any(|(s, t)| s == name && t.is_org()),
            "{name}: {m:?}"
        );
    }
    assert!(!m.iter().any(|(s, _)| s == "Co Inc"), "{m:?}");
    assert!(!m.iter().any(|(s, _)| s == "Christmas"), "{m:?}");
    // a firm's name at a line's end is no firm of the next line's words
    let m = mentions_with(
        "Shares in Volkswagen rose.\nCo-operation with Fiat goes on.",
        true,
    );
    assert!(m.iter().any(|(s, _)| s == "Volkswagen"), "{m:?}");
}

#[test]
fn a_name_inside_a_title_case_title_or_after_its_colon_is_no_name() {
    let m = mentions_with(
        "Next came the song Keep It In A Sailor's Heart, written by Chris Marlow, and Kara \
         Lindqvist's Hold Me Tight. The premiere of Zorbatron: Final Reckoning at the Odeon \
         followed.",
        true,
    );
    assert!(!m.iter().any(|(s, _)| s.contains("Heart")), "{m:?}");
    assert!(
        !m.iter().any(|(s, _)| s.contains("Final Reckoning")),
        "{m:?}"
    );
    // the writer and the singer who owns the song stay
    for name in ["Chris Marlow", "Kara Lindqvist"] {
        assert!(m.iter().any(|(s, _)| s == name), "{name}: {m:?}");
    }
}

#[test]
fn a_name_ending_a_title_after_a_work_noun_is_no_name() {
    let m = mentions_with(
        "He rose to fame with the 1998 single Return of the Mack, and his album Voice of the \
         Harbour followed. Her song Stay Awake Tonight with Norah Jones won an award.",
        true,
    );
    for part in ["Mack", "Harbour"] {
        assert!(!m.iter().any(|(s, _)| s.contains(part)), "{part}: {m:?}");
    }
    // a person named at the end of a title's run keeps her name
    assert!(m.iter().any(|(s, _)| s == "Norah Jones"), "{m:?}");
    // and a body named before a title of its holder keeps its name
    let m = mentions_with(
        "He recorded the song Gal Dem Go with the Unity Crew leader Bounty Hunter.",
        true,
    );
    assert!(m.iter().any(|(s, _)| s.contains("Unity Crew")), "{m:?}");
}

#[test]
fn papers_and_magazines_are_media_outlets_by_their_last_word() {
    let m = mentions_with(
        "The story was first reported by the Dunmore Echo and by Gadget Life Magazine on \
         Friday.",
        true,
    );
    assert_typed(
        &m,
        &["Dunmore Echo", "Gadget Life Magazine"],
        EntityType::MediaOutlet,
    );
}

#[test]
fn a_name_run_on_over_if_or_while_is_two_names() {
    let m = mentions_with(
        "The club said the Cabinet if Labour won would meet at once.",
        true,
    );
    assert!(!m.iter().any(|(s, _)| s.contains(" if ")), "{m:?}");
    for name in ["Cabinet", "Labour"] {
        assert!(m.iter().any(|(s, _)| s == name), "{name}: {m:?}");
    }
}

#[test]
fn well_known_firms_are_companies_whatever_the_model_read() {
    // the model reads one as an organisation and the other as a person
    let m = mentions_with("Sales at Morrisons and Kmart rose in the spring.", true);
    assert_typed(&m, &["Morrisons", "Kmart"], EntityType::Company);
}

#[test]
fn an_institutions_name_goes_on_after_for_on_and_of() {
    let m = mentions_with(
        "The report was written at the Washington Institute for Near East Policy and sent to \
         the Senate Committee on Veterans Affairs.",
        true,
    );
    for name in [
        "Washington Institute for Near East Policy",
        "Senate Committee on Veterans Affairs",
    ] {
        assert!(
            m.iter().any(|(s, t)| s == name && t.is_org()),
            "{name}: {m:?}"
        );
    }
    assert!(!m.iter().any(|(s, _)| s == "Near East Policy"), "{m:?}");
    // a day is no part of the name
    let m = mentions_with(
        "The Foreign Affairs Committee on Monday approved the plan.",
        true,
    );
    assert!(!m.iter().any(|(s, _)| s.contains("Monday")), "{m:?}");
}

#[test]
fn an_acronym_and_its_spelled_out_name_in_brackets_are_two_names() {
    let m = mentions_with(
        "Voters backed the PRD (Party of the Democratic Revolution) in the north and the RP \
         (Welfare Party) in the east.",
        true,
    );
    assert!(
        !m.iter().any(|(s, _)| s.contains('(') || s.contains(')')),
        "{m:?}"
    );
    for name in ["Party of the Democratic Revolution", "Welfare Party"] {
        assert!(
            m.iter().any(|(s, t)| s == name && t.is_org()),
            "{name}: {m:?}"
        );
    }
}

#[test]
fn a_known_town_beside_its_mayor_is_a_place() {
    for text in [
        "Pittsburgh Mayor Sophie Masloff opened the new bridge on Friday.",
        "The mayor of Pittsburgh, Sophie Masloff, opened the new bridge on Friday.",
        "Texas Gov. John Connally visited the plant.",
    ] {
        let m = mentions_with(text, true);
        assert!(
            m.iter()
                .any(|(s, t)| (s == "Pittsburgh" || s == "Texas") && *t == EntityType::Location),
            "{text}: {m:?}"
        );
    }
}

#[test]
fn a_name_ending_in_an_ampersand_goes_on_over_the_next() {
    // "Sales at Marks & Spencer and Stone & Varney Research rose , said Lee &"
    let words = [
        "Sales", "at", "Marks", "&", "Spencer", "and", "Stone", "&", "Varney", "Research", "rose",
        ",", "said", "Lee", "&",
    ];
    let word = |k: usize| words[k];
    // the model's spans: "Marks &" (ORG) and "Spencer" (PER); "Stone &" alone; "Lee &" at the end
    let spans = vec![(2, 4, ORG), (4, 5, PER), (6, 8, ORG), (13, 15, PER)];
    let joined = join_ampersands(spans, word, words.len());
    assert_eq!(joined, vec![(2, 5, ORG), (6, 10, ORG), (13, 14, PER)]);
}

#[test]
fn a_name_that_is_a_number_counts_things_before_a_noun() {
    // "Five" (the channel) before a verb or a possessive is the channel; before a noun, an
    // adjective or "of" it counts
    let m = mentions_with(
        "Talks\n\nFive public sector unions held talks on Monday. Five of the eight staff \
         left. Five has bought the rights to the series, and Five's chief said so.",
        true,
    );
    let fives = m.iter().filter(|(s, _)| s == "Five").count();
    assert_eq!(fives, 2, "{m:?}");
}

#[test]
fn laws_bills_and_treaties_are_policies() {
    let m = mentions_with(
        "Vote\n\nMPs backed the Prevention of Flooding Bill on Monday, and the Coastal \
         Protection Act now applies. Ministers also signed the Harbour Fisheries Treaty. The \
         Best Urban Act award went to a band, and Buffalo Bill rode on.",
        true,
    );
    for law in [
        "Prevention of Flooding Bill",
        "Coastal Protection Act",
        "Harbour Fisheries Treaty",
    ] {
        assert!(
            m.iter().any(|(s, t)| s == law && *t == EntityType::Policy),
            "{law}: {m:?}"
        );
    }
    assert!(
        !m.iter()
            .any(|(s, t)| s.starts_with("Best") && *t == EntityType::Policy),
        "{m:?}"
    );
}

#[test]
fn a_company_known_by_its_full_name_is_one_whatever_it_makes() {
    // the model learnt "Airbus" as the make of planes (CoNLL's MISC); the gazetteer knows it
    let m = mentions_with("Headline\n\nDelays at Airbus worried airlines.", true);
    assert!(
        m.contains(&("Airbus".to_string(), EntityType::Company)),
        "{m:?}"
    );
}

#[test]
fn wars_and_battles_are_events_not_organisations() {
    for text in [
        "Headline\n\nVeterans of the Korean War marched in Seoul.",
        "Headline\n\nHe wrote a history of the Battle of Borodino last year.",
    ] {
        let m = mentions_with(text, true);
        assert!(
            m.iter()
                .all(|(t, _)| !t.contains("War") && !t.contains("Battle")),
            "{text}: {m:?}"
        );
    }
    // a war word alone may name a firm
    let m = mentions_with(
        "Headline\n\nJohn Peters, chief executive of Rebellion, said sales rose.",
        true,
    );
    assert!(m.iter().any(|(t, _)| t == "Rebellion"), "{m:?}");
}

#[test]
fn titles_listed_after_a_plural_work_noun_are_no_entities() {
    let m = mentions_with(
        "Headline\n\nThe actor has made nine films, including Winter Harbour, Blue Lantern and Summer of Sam, with Tom Hanks. Other films included the Stephen King adaptation Night Shift.",
        true,
    );
    for title in ["Winter Harbour", "Blue Lantern", "Sam"] {
        assert!(m.iter().all(|(t, _)| t != title), "{title}: {m:?}");
    }
    // the people around the list stay, and so does a name that modifies a noun in it
    assert_typed(&m, &["Tom Hanks", "Stephen King"], EntityType::Person);
}

#[test]
fn a_product_named_after_its_maker_is_the_maker() {
    let m = mentions_with(
        "Headline\n\nDealers sold the Ford Mustang and the Samsung Yepp at the Ford Theatre. Sony Music said sales rose.",
        true,
    );
    assert!(
        m.iter()
            .all(|(t, _)| t != "Ford Mustang" && t != "Samsung Yepp"),
        "{m:?}"
    );
    assert!(
        m.contains(&("Ford".to_string(), EntityType::Company)),
        "{m:?}"
    );
    // a venue or a division named after the company keeps its whole name
    assert!(m.iter().any(|(t, _)| t == "Ford Theatre"), "{m:?}");
    assert!(m.iter().any(|(t, _)| t == "Sony Music"), "{m:?}");
}

#[test]
fn awards_and_shortened_days_are_no_entities() {
    let m = mentions_with(
        "Headline\n\nThe Oscars will take place in Hollywood on 27 February, a month after the Golden Globes.\nLeeds v Bath (Fri)",
        true,
    );
    for word in ["Oscars", "Golden Globes", "Fri"] {
        assert!(m.iter().all(|(t, _)| t != word), "{word}: {m:?}");
    }
    assert!(m.iter().any(|(t, _)| t == "Hollywood"), "{m:?}");
}

#[test]
fn seats_named_by_a_town_and_a_compass_word_are_places() {
    let m = mentions_with(
        "Election news\n\nThe Liberal Democrats hope to win Leeds North West and Bristol West. He became chief conductor of the Hamburg Radio Orchestra.",
        true,
    );
    assert_typed(
        &m,
        &["Leeds North West", "Bristol West"],
        EntityType::Location,
    );
    // an orchestra is an organisation, whatever other head word its name holds
    assert!(
        m.contains(&(
            "Hamburg Radio Orchestra".to_string(),
            EntityType::Organization
        )),
        "{m:?}"
    );
    // a town named by its river is a place
    let m = mentions_with(
        "Election news\n\nUnitary authorities at Bristol and Stockton-on-Tees hold polls.",
        true,
    );
    assert!(
        m.contains(&("Stockton-on-Tees".to_string(), EntityType::Location)),
        "{m:?}"
    );
    // a person named like a compass point stays a person
    let m = mentions_with(
        "Music news\n\nRapper Kanye West released a new album.",
        true,
    );
    assert!(
        m.iter()
            .any(|(t, e)| t.ends_with("Kanye West") && e.is_person()),
        "{m:?}"
    );
}

#[test]
fn names_listed_after_a_plural_noun_of_firms_are_companies() {
    let m = mentions_with(
        "Search news\n\nSmall firms such as Zibrok, Quantel and Pavlix compete with Google. Born in 1931 to a farming family, Harold Pike became a banker.",
        true,
    );
    assert_typed(&m, &["Zibrok", "Quantel", "Pavlix"], EntityType::Company);
    // a participle opening a sentence is no place
    assert!(m.iter().all(|(t, _)| t != "Born"), "{m:?}");
    assert!(
        m.contains(&("Harold Pike".to_string(), EntityType::Person)),
        "{m:?}"
    );
}

#[test]
fn a_headline_read_as_one_name_is_the_names_the_article_gives() {
    let m = mentions_with(
        "Chelsea sack Mutu\n\nChelsea have sacked Adrian Mutu after he failed a drugs test. Mutu \
         said he was sorry and Chelsea said nothing more.",
        true,
    );
    assert!(!m.iter().any(|(s, _)| s.contains("sack")), "{m:?}");
    assert!(m.iter().filter(|(s, _)| s == "Mutu").count() >= 2, "{m:?}");
}

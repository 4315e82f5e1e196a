//! Tests of the events evaluation: record reading, the actor dictionary, families, agreement
//! and matching.

use super::records::decode_entities;
use super::*;
use crate::error::Error;
use crate::resources::GazEntry;

const RECORDS: &str = r#"<Validation>
# junk between records is fine, even <EventCoding...> in prose
<Sentences>
<Sentence date="20200105" id="R-1" category="TEST" sentence="true">
<!-- a comment <EventCoding sourcecode="XXX" targetcode="YYY" eventcode="111"> -->
<EventCoding sourcecode="ZAN" targetcode="QUOGOV" eventcode="111"></EventCoding>
<Text>
Zandor criticised   the Quorvian
government &amp; its allies.
</Text>
<Parse>(ROOT (S (NP (NNP Zandor)) (VP (VBD criticised))))</Parse>
</Sentence>
####### stray text
<Sentence date = "20200106" id ='R-2' evaluate="true"/>
<EventCoding eventcode="040" sourcecode="ZAN" targetcode='"THE HIGH COUNCIL"' />
<EventCoding noevents="True" />
<Text>Zandor met the High Council.</Text>
</Parse></Sentence>
<Sentence id="R-3" date="2020-01-07">
<EventCoding noevents="True"/>
<Text>Broken date.</Text>
</Sentence>
<Sentence id="R-4">
<EventCoding sourcecode="ZAN" eventcode="111"/>
<Text>No target code.</Text>
</Sentence>
<Sentence id="R-5" date="20200108">
<EventCoding noevents="True"/>
<Text>Never closed.
<Sentence id="R-6" date="20200109">
<EventCoding error="sentencediscard"></EventCoding>
<Text>Quorvia and Zandor.</Text>
</Sentence>
<Sentence id="R-7" date="950106"><EventCoding sourcecode="QUO" targetcode="ZAN" eventcode="174K"/>
<Text>Quorvia expelled the Zandorian envoy.</Text></Sentence>
<Sentence id="R-8"><Text>Nothing is coded here.</Text></Sentence>
</Sentences>
"#;

fn line_of(e: &Error) -> usize {
    match e {
        Error::Data { line, .. } => *line,
        other => panic!("not a data error: {other:?}"),
    }
}

#[test]
fn records_are_read_one_by_one_and_a_bad_one_costs_itself_only() {
    let recs = parse_records(RECORDS, "gold.xml").unwrap();
    assert_eq!(recs.len(), 8);
    let r1 = recs[0].as_ref().unwrap();
    assert_eq!(r1.id, "R-1");
    assert_eq!(r1.date, Some(20200105));
    assert_eq!(r1.line, 4);
    assert_eq!(
        r1.text,
        "Zandor criticised the Quorvian government & its allies."
    );
    assert_eq!(
        r1.events,
        vec![ExpectedEvent {
            source: "ZAN".into(),
            target: "QUOGOV".into(),
            code: "111".into()
        }]
    );
    let r2 = recs[1].as_ref().unwrap();
    assert_eq!(
        (r2.id.as_str(), r2.date, r2.line),
        ("R-2", Some(20200106), 14)
    );
    assert_eq!(r2.events.len(), 1);
    assert_eq!(r2.events[0].target, "\"THE HIGH COUNCIL\"");
    // a bad date, a missing attribute, an unclosed record: errors naming file and line
    let e3 = recs[2].as_ref().unwrap_err();
    assert_eq!(line_of(e3), 19);
    assert!(e3.to_string().starts_with("gold.xml:19:"), "{e3}");
    assert!(e3.to_string().contains("YYYYMMDD"), "{e3}");
    let e4 = recs[3].as_ref().unwrap_err();
    assert_eq!(line_of(e4), 24);
    assert!(e4.to_string().contains("targetcode"), "{e4}");
    let e5 = recs[4].as_ref().unwrap_err();
    assert_eq!(line_of(e5), 27);
    assert!(e5.to_string().contains("</Sentence>"), "{e5}");
    // the record after the unclosed one is read as usual
    let r6 = recs[5].as_ref().unwrap();
    assert_eq!(
        (r6.id.as_str(), r6.text.as_str()),
        ("R-6", "Quorvia and Zandor.")
    );
    assert!(r6.events.is_empty());
    // a two-digit year, a test code with a letter, a record without any <EventCoding>
    let r7 = recs[6].as_ref().unwrap();
    assert_eq!(r7.date, Some(19950106));
    assert_eq!(r7.events[0].code, "174K");
    assert_eq!(family(&r7.events[0].code), Some(Predicate::Opposes));
    let r8 = recs[7].as_ref().unwrap();
    assert_eq!((r8.date, r8.events.len()), (None, 0));
}

#[test]
fn files_that_cannot_be_read_at_all() {
    let e = parse_records("<Validation>\n\n<!-- open\n", "a.xml").unwrap_err();
    assert_eq!(line_of(&e), 3);
    let e = parse_records("<Validation><Sentences></Sentences>", "b.xml").unwrap_err();
    assert!(e.to_string().contains("no `<Sentence"), "{e}");
    let recs = parse_records(
        "<Sentence id=\"x\">\n<Text>a <b>c</b></Text>\n</Sentence>",
        "c.xml",
    )
    .unwrap();
    assert!(recs[0].is_err());
    assert_eq!(
        decode_entities("a &lt;b&gt; &#65;&#x42; &bogus; &"),
        "a <b> AB &bogus; &"
    );
}

const ACTORS: &str = "<!-- TEST ACTORS -->
<!--
several lines
of comment -->
ZANDOR_ [ZAN] # a comment
+ZANDORIAN
+KARNA_CITY ; legacy comment
QUORVIA  [QUO]
HIGH_COUNCIL_OF_QUORVIA [QUOGOV]
PRINCE OF THE_MARSHES
\t[MRS <950630]
\t[---]
OLD_KINGDOM
\t[OLK 19900101-19991231]
\t[NEW >000101]
\t[OLD]
TWIN_TOWNS  [AAA/BBB]
<! -- a comment written loosely -->
FRANCE [FRA]
+GALLIA
";

#[test]
fn actor_dictionary_phrases_synonyms_and_dated_codes() {
    let d = ActorDictionary::parse(ACTORS, "actors.txt").unwrap();
    let names: Vec<&str> = d.actors.iter().map(|a| a.names[0].as_str()).collect();
    assert_eq!(
        names,
        [
            "ZANDOR",
            "QUORVIA",
            "HIGH COUNCIL OF QUORVIA",
            "PRINCE OF THE MARSHES",
            "OLD KINGDOM",
            "TWIN TOWNS",
            "FRANCE"
        ]
    );
    assert_eq!(d.actors[0].names, ["ZANDOR", "ZANDORIAN", "KARNA CITY"]);
    assert_eq!(d.actors[0].line, 5);
    let codes = |name: &str, date: Option<u32>| -> Vec<String> {
        d.actors_named(name)
            .iter()
            .flat_map(|&a| d.actors[a].codes_on(date).to_vec())
            .collect()
    };
    assert_eq!(codes("Karna City", None), ["ZAN"]);
    assert_eq!(codes("zandorian", Some(20200101)), ["ZAN"]);
    assert_eq!(codes("Prince of the Marshes", Some(19950630)), ["MRS"]);
    assert_eq!(codes("Prince of the Marshes", Some(19950701)), ["---"]);
    assert_eq!(codes("Old Kingdom", Some(19950101)), ["OLK"]);
    assert_eq!(codes("Old Kingdom", Some(20100101)), ["NEW"]);
    assert_eq!(codes("Old Kingdom", Some(20000101)), ["NEW"]);
    assert_eq!(codes("Old Kingdom", Some(19800101)), ["OLD"]);
    assert_eq!(codes("Old Kingdom", None), ["OLD"]);
    assert_eq!(codes("Twin Towns", None), ["AAA", "BBB"]);
    assert!(codes("Nowhere", None).is_empty());
}

#[test]
fn actor_dictionary_errors_name_the_line() {
    let cases = [
        ("ZANDOR [ZAN\n", 1, "without `]`"),
        ("ZANDOR [ZAN]\n\t[ZAN <19950231]\n", 2, "date restriction"),
        (
            "ZANDOR [ZAN]\n\t[ZAN 20100101-20000101]\n",
            2,
            "ends before",
        ),
        ("+ZANDORIAN\n", 1, "before any actor"),
        ("\t[ZAN]\n", 1, "before any actor"),
        ("ZANDOR\n\tZAN\n", 2, "brackets"),
        ("ZANDOR\n+ZANDORIAN [ZAN]\n", 2, "synonym"),
        ("# fine\n[ZAN]\n", 2, "without an actor phrase"),
        ("ZANDOR [ZAN]\n<!-- open\n", 2, "never closed"),
    ];
    for (text, line, what) in cases {
        match ActorDictionary::parse(text, "a.txt") {
            Err(e @ Error::Data { .. }) => {
                assert_eq!(line_of(&e), line, "{text:?}: {e}");
                assert!(e.to_string().contains(what), "{text:?}: {e}");
                assert!(e.to_string().starts_with(&format!("a.txt:{line}: ")), "{e}");
            }
            other => panic!("{text:?}: expected an error, got {other:?}"),
        }
    }
}

#[test]
fn phrases_become_the_forms_text_uses() {
    assert_eq!(surface_forms("ZANDOR"), ["Zandor", "ZANDOR"]);
    assert_eq!(
        surface_forms("PRINCE OF THE MARSHES"),
        ["Prince of the Marshes", "PRINCE OF THE MARSHES"]
    );
    assert_eq!(
        surface_forms("THE NORTH-WOLD GMO"),
        [
            "North-Wold Gmo",
            "North-Wold GMO",
            "North-wold Gmo",
            "NORTH-WOLD GMO"
        ]
    );
    assert_eq!(surface_forms("U.N."), ["U.N."]);
    assert_eq!(surface_forms("GROUP OF 77"), ["Group of 77", "GROUP OF 77"]);
}

#[test]
fn dictionary_actors_become_gazetteer_entries_unless_known() {
    let res = Resources::builtin().unwrap();
    let d = ActorDictionary::parse(ACTORS, "actors.txt").unwrap();
    let entries = d.gazetteer_entries(&res);
    let zandor = entries.iter().find(|e| e.name == "Zandor").unwrap();
    assert_eq!(zandor.etype, EntityType::Country);
    assert!(zandor.aliases.contains(&"Zandorian".to_string()));
    assert!(zandor.aliases.contains(&"Karna City".to_string()));
    let council = entries
        .iter()
        .find(|e| e.name == "High Council of Quorvia")
        .unwrap();
    assert_eq!(council.etype, EntityType::Agency);
    let twin = entries.iter().find(|e| e.name == "Twin Towns").unwrap();
    assert_eq!(twin.etype, EntityType::Country);
    // France is known: only its unknown synonym is added, as an alias of the known entry
    let france: Vec<&GazEntry> = entries.iter().filter(|e| e.name == "France").collect();
    assert_eq!(france.len(), 1);
    assert_eq!(france[0].etype, EntityType::Country);
    assert_eq!(france[0].aliases, ["Gallia", "GALLIA"]);
    let prince = entries
        .iter()
        .find(|e| e.name == "Prince of the Marshes")
        .unwrap();
    assert_eq!(prince.etype, EntityType::Official);
}

#[test]
fn families_from_cameo_roots() {
    for (code, f) in [
        ("030", Some(Predicate::PartnersWith)),
        ("064", Some(Predicate::PartnersWith)),
        ("0841", Some(Predicate::PartnersWith)),
        ("111", Some(Predicate::Opposes)),
        ("1124", Some(Predicate::Opposes)),
        ("204", Some(Predicate::Opposes)),
        ("010", None),
        ("023", None),
        ("090", None),
        ("100", None),
        ("903", None),
        ("7", None),
    ] {
        assert_eq!(family(code), f, "{code}");
    }
    assert_eq!(country("GONGOV"), Some("GON"));
    assert_eq!(country("---REB"), None);
    assert_eq!(cameo_country("US"), Some("USA"));
    assert_eq!(cameo_country("SU"), Some("USR"));
    assert_eq!(
        crate::actors::CAMEO_COUNTRIES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .count(),
        254
    );
}

fn actor(codes: &[&str], countries: &[&str], keys: &[&str]) -> PredictedActor {
    PredictedActor {
        name: keys.first().unwrap_or(&"x").to_string(),
        etype: EntityType::Country,
        codes: codes.iter().map(|s| s.to_string()).collect(),
        countries: countries.iter().map(|s| s.to_string()).collect(),
        keys: keys.iter().map(|s| s.to_string()).collect(),
    }
}

fn pred(family: Predicate, s: PredictedActor, o: PredictedActor, negated: bool) -> Prediction {
    Prediction {
        family,
        subject: s,
        object: o,
        cue: "cue".into(),
        event_class: "DISAPPROVE",
        modality: Modality::Asserted,
        negated,
    }
}

#[test]
fn codes_agree_on_the_country_or_in_whole() {
    let gon = actor(&["GON"], &["GON"], &["gondor"]);
    let usa_agency = actor(&[], &["USA"], &["state department"]);
    assert!(actor_agrees("GONGOV", &gon, false));
    assert!(!actor_agrees("GONGOV", &gon, true));
    assert!(actor_agrees("GON", &gon, true));
    assert!(actor_agrees("USAGOV", &usa_agency, false));
    assert!(!actor_agrees("USAGOV", &usa_agency, true));
    assert!(!actor_agrees("---GOV", &gon, false));
    let council = actor(&[], &[], &["high council", "the high council"]);
    assert!(actor_agrees("\"THE HIGH COUNCIL\"", &council, false));
    assert!(actor_agrees("\"THE HIGH COUNCIL\"", &council, true));
    assert!(!actor_agrees("\"THE HIGH COUNCILLOR\"", &council, false));
}

#[test]
fn one_to_one_matching_per_level_and_symmetric_partners() {
    let (arn, gon, osg) = (
        actor(&["ARN"], &["ARN"], &["arnor"]),
        actor(&["GON"], &["GON"], &["gondor"]),
        actor(&["OSG"], &["OSG"], &["osgiliath"]),
    );
    let ev = |s: &str, t: &str, c: &str| ExpectedEvent {
        source: s.into(),
        target: t.into(),
        code: c.into(),
    };
    let record = Record {
        id: "x".into(),
        date: None,
        text: String::new(),
        events: vec![
            // one partnersWith fact, written both ways (visit / host): one gold item
            ev("ARNGOV", "GON", "032"),
            ev("GON", "ARNGOV", "033"),
            // two opposes events
            ev("ARN", "OSG", "111"),
            ev("OSG", "GON", "190"),
            // not scored
            ev("ARN", "GON", "010"),
        ],
        line: 1,
    };
    let p = Predicate::PartnersWith;
    let o = Predicate::Opposes;
    let preds = vec![
        // partners stated the other way round: agrees in full (symmetric), not strictly
        pred(p, gon.clone(), arn.clone(), false),
        // opposes, right source, wrong target
        pred(o, arn.clone(), gon.clone(), false),
        // opposes, reversed direction: family only
        pred(o, gon.clone(), osg.clone(), false),
        // negated: never counted
        pred(o, arn.clone(), osg.clone(), true),
    ];
    let mut s = EventScores::default();
    let r = s.add(&record, &preds);
    assert_eq!(r.kind, RecordKind::Scored);
    assert_eq!(r.gold.len(), 3);
    assert_eq!(r.gold[0].events, vec![0, 1]);
    assert_eq!(s.events, [2, 2]);
    assert_eq!(s.negated, 1);
    let c = |l: Level, f: Option<Predicate>| {
        let c = s.counts(l, f);
        (c.gold, c.predicted, c.correct)
    };
    assert_eq!(c(Level::Family, None), (3, 3, 3));
    assert_eq!(c(Level::FamilySource, Some(o)), (2, 2, 1));
    assert_eq!(c(Level::Full, Some(o)), (2, 2, 0));
    assert_eq!(c(Level::Full, Some(p)), (1, 1, 1));
    assert_eq!(c(Level::Strict, Some(p)), (1, 1, 0));
    assert_eq!(
        r.pred_level,
        [
            Some(Level::Full),
            Some(Level::FamilySource),
            Some(Level::Family),
            None
        ]
    );
    assert!(r.has_mistake(&preds));

    // one prediction cannot match two gold items; a record without scored events
    let mut s = EventScores::default();
    let quiet = Record {
        events: vec![ev("ARN", "GON", "010")],
        ..record.clone()
    };
    let r = s.add(&quiet, &preds);
    assert_eq!(r.kind, RecordKind::OtherEvents);
    assert_eq!(
        (
            s.false_alarm_records,
            s.false_alarm_relations,
            s.scored_records
        ),
        (1, 3, 0)
    );
    assert_eq!(s.counts(Level::Family, None).predicted, 0);
}

#[test]
fn maximum_matching_finds_the_augmenting_path() {
    // gold 0 agrees with preds 0 and 1, gold 1 only with pred 0: both match
    let m = max_matching(2, 2, |g, p| (g, p) != (1, 1));
    assert_eq!(m, vec![Some(1), Some(0)]);
}

#[test]
fn agents_of_a_country_carry_its_code_and_their_sector() {
    // PETRARCH's unit test ABOUT-01: RUSCOP arrested RUSEDU
    let doc =
        crate::pipeline::testing::run("Russian police arrested Russian students in Moscow today.");
    let res = Resources::builtin().unwrap();
    let dict = ActorDictionary::parse("", "none.txt").unwrap();
    let of = |name: &str| {
        let e = doc
            .entities
            .iter()
            .position(|e| e.name == name)
            .unwrap_or_else(|| panic!("no entity {name}"));
        predicted_actor(&doc, e, &res, &dict, None)
    };
    let police = of("Russian police");
    assert_eq!(police.codes, vec!["RUSCOP".to_string()]);
    assert_eq!(police.countries, vec!["RUS".to_string()]);
    let students = of("Russian students");
    assert_eq!(students.codes, vec!["RUSEDU".to_string()]);
    assert!(actor_agrees("RUSCOP", &police, true));
    assert!(actor_agrees("RUS", &students, false));
    // a country keeps its own code
    assert_eq!(of("Russia").codes, vec!["RUS".to_string()]);
}

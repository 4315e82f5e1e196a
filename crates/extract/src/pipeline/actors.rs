//! The `actors` stage: entities the recogniser found, typed and annotated from the actor
//! gazetteer (`crate::actors`, from the Phoenix dictionaries). It never makes a mention.
//!
//! - A person (Person or Official) whose full name (two words or more) is a Phoenix office
//!   holder gets the CAMEO codes that apply on the article's date (`USAGOV`), their sectors,
//!   the country when it had none, and one [`Office`] per dated public office that began by
//!   that date. Official when an office covers the date; a person whose every office ended
//!   before it is a former official: Person, the offices kept with their dates (the `roles`
//!   stage still makes an Official of a person the text gives a public title). An article
//!   without a date: every period counts, so a person who ever held an office is an Official.
//!   A two-word name starting with a frequent given name ("Peter Smith": Phoenix lists a
//!   Cayman Islands minister of that name) counts only in an article that names the office
//!   holder's country (a country, its agents, or a gazetteer place or body of it), unless a
//!   gazetteer entry already names the person.
//! - An organisation (or a name the recogniser took for a person or an unknown place) that
//!   is an armed non-state group ("Taliban", "Hezbollah") becomes an `ArmedGroup`, with its
//!   codes (`AFGREB`) and sectors (`REB`); not in sport news ("Tigers" are a team there).
//! - An organisation that is an international one ("United Nations") gets its codes
//!   (`IGOUNO`) and sectors (`IGO`, `UNO`); its type stays, except that a generic
//!   Organization the dictionary lists as a multinational corporation (`MNC...`: "Merrill
//!   Lynch") becomes a Company.

use crate::actors::{day, iso, iso2_of_cameo, Actor, ActorGazetteer, ActorKind, OfficeStatus};
use crate::dates::publication_day;
use crate::document::{Document, EntityType, Office};
use crate::resources::Resources;
use std::collections::HashSet;
use std::sync::Arc;

pub struct Actors {
    res: Arc<Resources>,
}

impl Actors {
    pub fn new(res: Arc<Resources>) -> Self {
        Actors { res }
    }

    /// The entry for entity `e`: by its name, then its aliases; `None` when the entry's kind
    /// does not fit the entity's type.
    fn find(&self, g: &ActorGazetteer, doc: &Document, e: usize) -> Option<Actor> {
        let ent = &doc.entities[e];
        let fits = |a: &Actor| match a.kind {
            ActorKind::Person => ent.etype.is_person(),
            ActorKind::International => ent.etype.is_org(),
            ActorKind::Armed => {
                ent.etype.is_org()
                    || ent.etype == EntityType::Person
                    || (ent.etype == EntityType::Location && !self.gazetteer_place(doc, e))
            }
        };
        std::iter::once(&ent.name)
            .chain(&ent.aliases)
            .find_map(|n| g.lookup(n).filter(fits))
    }

    /// A two-word name starting with a frequent given name ("Peter Smith", "Robin Cook"), of a
    /// person no gazetteer entry names.
    fn common_name(&self, doc: &Document, e: usize) -> bool {
        let ent = &doc.entities[e];
        if ent.wikidata.is_some()
            || ent
                .mentions
                .iter()
                .any(|&m| doc.mentions[m].gazetteer.is_some())
        {
            return false;
        }
        let words: Vec<&str> = ent.name.split_whitespace().collect();
        words.len() == 2 && self.res.given_names.contains(words[0])
    }

    /// Does a mention of entity `e` come from a gazetteer entry that is a place?
    fn gazetteer_place(&self, doc: &Document, e: usize) -> bool {
        doc.entities[e].mentions.iter().any(|&m| {
            doc.mentions[m]
                .gazetteer
                .is_some_and(|g| self.res.gazetteer.entries[g].etype.is_place())
        })
    }
}

/// The ISO codes of the countries the article names: Country entities, agents of a country
/// ("Chinese police"), and the countries of the gazetteer places and bodies it mentions.
fn countries_named(doc: &Document, res: &Resources) -> HashSet<String> {
    let mut out: HashSet<String> = doc
        .entities
        .iter()
        .filter(|e| !e.mentions.is_empty())
        .filter_map(|e| e.country_code.clone())
        .collect();
    for m in &doc.mentions {
        if let Some(c) = m
            .gazetteer
            .and_then(|g| res.gazetteer.entries[g].country.as_ref())
        {
            out.insert(c.clone());
        }
    }
    out
}

impl super::Stage for Actors {
    fn name(&self) -> &'static str {
        "actors"
    }

    fn run(&self, doc: &mut Document) {
        let g = ActorGazetteer::builtin();
        let on = doc
            .meta
            .date
            .as_deref()
            .and_then(publication_day)
            .and_then(|d| day(&d));
        let mut countries: Option<HashSet<String>> = None;
        let mut sport: Option<bool> = None;
        for e in 0..doc.entities.len() {
            let ent = &doc.entities[e];
            if ent.local || !ent.etype.is_actor() || ent.etype == EntityType::Country {
                continue;
            }
            let Some(actor) = self.find(g, doc, e) else {
                continue;
            };
            match actor.kind {
                // "Tigers", "Mavericks": a team in sport news
                ActorKind::Armed
                    if *sport.get_or_insert_with(|| super::relations::is_sport_article(doc)) =>
                {
                    continue
                }
                // without a date any office ever held would count: in sport news that makes an
                // Official of a coach who became a minister years later ("Bernard Laporte")
                ActorKind::Person
                    if on.is_none()
                        && *sport
                            .get_or_insert_with(|| super::relations::is_sport_article(doc)) =>
                {
                    continue
                }
                // "Peter Smith", "John Williams": a common name held by one of Phoenix's 20,000
                // office holders and by many other people counts only where the article names
                // the office holder's country; a person the gazetteer knows needs no such help
                ActorKind::Person if self.common_name(doc, e) => {
                    let named = countries.get_or_insert_with(|| countries_named(doc, &self.res));
                    if !actor.country.as_ref().is_some_and(|c| named.contains(c)) {
                        continue;
                    }
                }
                _ => {}
            }
            let codes: Vec<String> = actor.codes_on(on).iter().map(|t| t.code.clone()).collect();
            let mut sectors: Vec<String> = Vec::new();
            for t in actor.codes_on(on) {
                for s in t.sectors() {
                    if !sectors.iter().any(|x| x == s) {
                        sectors.push(s.to_string());
                    }
                }
            }
            let ent = &mut doc.entities[e];
            ent.codes = codes;
            ent.sectors = sectors;
            if ent.country_code.is_none() && actor.kind != ActorKind::International {
                ent.country_code = actor.country.clone();
            }
            match actor.kind {
                ActorKind::Armed => ent.etype = EntityType::ArmedGroup,
                // a multinational corporation (`MNCUSA`) the recogniser could only call an
                // organisation is a company ("Merrill Lynch", "Motorola")
                ActorKind::International => {
                    if ent.etype == EntityType::Organization
                        && ent.codes.iter().any(|c| c.starts_with("MNC"))
                    {
                        ent.etype = EntityType::Company;
                    }
                }
                ActorKind::Person => {
                    match actor.status_on(on) {
                        OfficeStatus::Current => ent.etype = EntityType::Official,
                        OfficeStatus::Former => ent.etype = EntityType::Person,
                        OfficeStatus::None => {}
                    }
                    for t in actor.offices_until(on) {
                        let country = t.country().and_then(iso2_of_cameo).map(str::to_string);
                        doc.offices.push(Office {
                            person: e,
                            code: t.code.clone(),
                            country,
                            start: t.start.map(iso),
                            end: t.end.map(iso),
                            current: on.map(|d| t.covers(d)),
                        });
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, OnceLock};

    use crate::document::{Document, EntityType, Metadata};
    use crate::pipeline::Pipeline;
    use crate::resources::Resources;

    fn run(date: Option<&str>, text: &str) -> Document {
        static P: OnceLock<Pipeline> = OnceLock::new();
        let p = P.get_or_init(|| Pipeline::new(Arc::new(Resources::builtin().unwrap())));
        let meta = Metadata {
            date: date.map(str::to_string),
            ..Default::default()
        };
        let mut doc = Document::new(meta, text.to_string());
        p.run(&mut doc);
        doc
    }

    fn entity<'a>(doc: &'a Document, name: &str) -> &'a crate::document::Entity {
        doc.entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", doc.entities))
    }

    const OBAMA: &str = "Barack Obama said on Tuesday that the talks would go on.";

    #[test]
    fn a_president_in_office_on_the_article_date_is_an_official_with_his_code() {
        let doc = run(Some("2012-06-01"), OBAMA);
        let e = entity(&doc, "Barack Obama");
        assert_eq!(e.etype, EntityType::Official);
        assert_eq!(e.codes, vec!["USAGOV"]);
        assert_eq!(e.sectors, vec!["GOV"]);
        let office = doc.offices.iter().find(|o| o.code == "USAGOV").unwrap();
        assert_eq!(office.start.as_deref(), Some("2009-01-20"));
        assert_eq!(office.end.as_deref(), Some("2017-01-20"));
        assert_eq!(office.current, Some(true));
        assert_eq!(office.country.as_deref(), Some("US"));
    }

    #[test]
    fn a_former_president_is_a_person_with_a_past_office() {
        let doc = run(Some("2020-03-03"), OBAMA);
        let e = entity(&doc, "Barack Obama");
        assert_eq!(e.etype, EntityType::Person);
        assert!(e.codes.is_empty(), "{:?}", e.codes);
        let office = doc.offices.iter().find(|o| o.code == "USAGOV").unwrap();
        assert_eq!(office.current, Some(false));
        assert_eq!(office.end.as_deref(), Some("2017-01-20"));
    }

    #[test]
    fn without_a_date_any_period_counts() {
        let doc = run(None, OBAMA);
        let e = entity(&doc, "Barack Obama");
        assert_eq!(e.etype, EntityType::Official);
        assert!(e.codes.contains(&"USAGOV".to_string()));
        assert!(doc.offices.iter().all(|o| o.current.is_none()));
    }

    #[test]
    fn without_a_date_sport_news_makes_no_official() {
        // Bernard Laporte coached France's rugby team years before he became a minister
        let doc = run(
            None,
            "France coach Bernard Laporte named his squad for the Six Nations match against \
             Wales. The team won the championship last season after a victory in the final \
             game, and Laporte said the players were ready.",
        );
        let e = entity(&doc, "Bernard Laporte");
        assert_ne!(e.etype, EntityType::Official);
        assert!(doc.offices.is_empty());
        // dated, the dictionaries decide: in 2008 he held his office
        let doc = run(
            Some("2008-03-01"),
            "France coach Bernard Laporte named his squad for the Six Nations match against \
             Wales. The team won the championship last season after a victory in the final \
             game, and Laporte said the players were ready.",
        );
        assert!(!doc.offices.is_empty());
    }

    #[test]
    fn armed_groups_get_a_type_of_their_own() {
        let doc = run(
            Some("2010-05-01"),
            "The Taliban attacked a police post in Kandahar. Hezbollah condemned the raid.",
        );
        for name in ["Taliban", "Hezbollah"] {
            let e = entity(&doc, name);
            assert_eq!(e.etype, EntityType::ArmedGroup, "{name}");
            assert!(
                e.sectors.contains(&"REB".to_string()),
                "{name}: {:?}",
                e.sectors
            );
        }
        assert_eq!(entity(&doc, "Taliban").codes, vec!["AFGREB"]);
    }

    #[test]
    fn international_organisations_keep_their_type_and_get_codes() {
        let doc = run(
            Some("2010-05-01"),
            "The United Nations criticised the government of Sudan.",
        );
        let e = entity(&doc, "United Nations");
        assert!(e.etype.is_org());
        assert_ne!(e.etype, EntityType::ArmedGroup);
        assert!(e.sectors.contains(&"IGO".to_string()), "{:?}", e.sectors);
    }

    #[test]
    fn a_multinational_the_dictionary_lists_is_a_company() {
        // nothing in the sentence says company: the recogniser alone calls it an organisation
        let doc = run(
            Some("2005-03-01"),
            "Merrill Lynch cut 200 jobs in Boston on Monday.",
        );
        let e = entity(&doc, "Merrill Lynch");
        assert_eq!(e.etype, EntityType::Company);
        assert!(
            e.codes.iter().any(|c| c.starts_with("MNC")),
            "{:?}",
            e.codes
        );
        // an international body keeps its type
        let doc = run(
            Some("2005-03-01"),
            "The United Nations cut 200 jobs in Geneva.",
        );
        assert_ne!(entity(&doc, "United Nations").etype, EntityType::Company);
    }
}

//! Stage 3: entities. Requires mentions; creates `Document::entities` and ties every mention to
//! one. Handles capital-city metonymy ("Beijing approved" = China), generic agencies named by
//! their country ("the foreign ministry" = Chinese Foreign Ministry), surname back-references
//! ("Segal" = Adam Segal) and acronyms ("Cybersecurity and Infrastructure Security Agency
//! (CISA)" ... "CISA").

use std::collections::HashMap;
use std::sync::Arc;

use super::util::{is_all_caps, normalize_key, starts_upper};
use super::Stage;
use crate::document::{
    Document, Entity, EntityType, Mention, MentionForm, MentionSource, Span, TokenKind,
};
use crate::resources::Resources;

pub struct Resolve {
    res: Arc<Resources>,
}

impl Resolve {
    pub fn new(res: Arc<Resources>) -> Self {
        Resolve { res }
    }
}

/// What makes two mentions the same entity inside one article.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Gazetteer(usize),
    Name(&'static str, String),
}

impl Stage for Resolve {
    fn name(&self) -> &'static str {
        "resolve"
    }

    fn run(&self, doc: &mut Document) {
        self.metonymy(doc);
        let main_country = self.main_country(doc);
        let generic = self.name_generic_agencies(doc, main_country);

        let gaz = &self.res.gazetteer;
        let mut keys: HashMap<Key, usize> = HashMap::new();
        let mut entities: Vec<Entity> = Vec::new();
        let mut assign: Vec<Option<usize>> = vec![None; doc.mentions.len()];
        let mut retyped: Vec<(usize, EntityType)> = Vec::new();
        let mut names: Vec<String> = doc
            .mentions
            .iter()
            .map(|m| clean_name(doc.slice(m.span)))
            .collect();
        for (i, n) in generic {
            names[i] = n;
        }
        for (i, m) in doc.mentions.iter().enumerate() {
            let key = match m.gazetteer {
                Some(g) => Key::Gazetteer(g),
                None => {
                    if let Some(g) = gaz
                        .lookup(&names[i])
                        .filter(|&g| gaz.entries[g].etype.family() == m.etype.family())
                    {
                        Key::Gazetteer(g)
                    } else {
                        Key::Name(m.etype.family(), normalize_key(&names[i]))
                    }
                }
            };
            // a person named by part of an earlier full name: "Segal" after "Adam Segal", even
            // when the model took the lone surname for an organisation or a place (not a place
            // the gazetteer knows: many places are named after people)
            let key = if m.gazetteer.is_none()
                && (m.etype.is_person()
                    || ((m.etype.is_org() || m.etype == EntityType::Location)
                        && matches!(key, Key::Name(..))))
                && m.form == MentionForm::Name
            {
                // (a place only by the surname: "Lüliang region" is no "Lüliang Campaign")
                let surname_only = m.etype == EntityType::Location;
                match self.person_antecedent(&entities, &names[i], surname_only) {
                    Some(e) => {
                        assign[i] = Some(e);
                        retyped.push((i, entities[e].etype));
                        continue;
                    }
                    None => key,
                }
            } else {
                key
            };
            let e = *keys.entry(key.clone()).or_insert_with(|| {
                let (name, etype, wikidata, code, confidence) = match key {
                    Key::Gazetteer(g) => {
                        let ge = &gaz.entries[g];
                        let code = (ge.etype == EntityType::Country)
                            .then(|| ge.country.clone())
                            .flatten();
                        (ge.name.clone(), ge.etype, ge.wikidata.clone(), code, 0.95)
                    }
                    Key::Name(..) => (names[i].clone(), m.etype, None, None, m.confidence),
                };
                entities.push(Entity {
                    name,
                    etype,
                    aliases: Vec::new(),
                    wikidata,
                    country_code: code,
                    mentions: Vec::new(),
                    confidence,
                    local: false,
                    codes: Vec::new(),
                    sectors: Vec::new(),
                });
                entities.len() - 1
            });
            // a longer name for an entity first seen under a shorter one
            if m.gazetteer.is_none()
                && m.form == MentionForm::Name
                && names[i].len() > entities[e].name.len()
                && entities[e].wikidata.is_none()
                && matches!(key, Key::Name(..))
            {
                entities[e].name = names[i].clone();
            }
            assign[i] = Some(e);
        }
        for (m, a) in doc.mentions.iter_mut().zip(assign) {
            m.entity = a;
        }
        for (i, t) in retyped {
            doc.mentions[i].etype = t;
        }
        doc.entities = entities;
        self.back_references(doc);
        self.acronyms(doc);
        drop_unmentioned(doc);
        // the sport test scans every token: once, for both steps, and only when one asks
        let sport = std::cell::OnceCell::new();
        let mut retyped = super::context_types::retype(doc, &self.res, &sport);
        let players = super::context_types::lineup_people(doc, &self.res, &sport);
        if retyped.is_empty() {
            retyped = players;
        } else if !players.is_empty() {
            retyped.iter_mut().zip(players).for_each(|(r, p)| *r |= p);
        }
        if !retyped.is_empty() {
            join_same_names(doc, &retyped);
            drop_unmentioned(doc);
        }
        if one_sense_per_name(doc, &self.res) {
            drop_unmentioned(doc);
        }
        if super::context_types::drop_awards(doc, &self.res, &sport) {
            drop_unmentioned(doc);
        }
        // (after retyping: a headline's words are no context for the person of the body)
        if headline_surnames(doc) {
            drop_unmentioned(doc);
        }
        // "the company" once the entities have their final types ("Russian oil firm Yukos" is
        // a Company by its context)
        self.nominals(doc);
        finish(doc);
    }
}

/// After retyping, an entity retyped and one of the same family under the same name ("Chelsea"
/// the team, and "Chelsea" the person it was taken for) are one: the later one's mentions go to
/// the first, which keeps the more specific type (Company over a generic Organization). Two
/// entities with different Wikidata ids stay apart. A retyped name also takes the entities of
/// its name in other families (not countries, nor any with a Wikidata id).
fn join_same_names(doc: &mut Document, retyped: &[bool]) {
    let mut first: HashMap<(&'static str, String), usize> = HashMap::new();
    let mut to = vec![None; doc.entities.len()];
    for e in 0..doc.entities.len() {
        let entity = &doc.entities[e];
        let key = (entity.etype.family(), normalize_key(&entity.name));
        match first.get(&key) {
            Some(&f)
                if (retyped[e] || retyped[f])
                    && (doc.entities[f].wikidata.is_none()
                        || entity.wikidata.is_none()
                        || doc.entities[f].wikidata == entity.wikidata) =>
            {
                to[e] = Some(f);
            }
            Some(_) => {}
            None => {
                first.insert(key, e);
            }
        }
    }
    // a name that the article's words retyped takes the entities of the same name that the
    // model put in another family ("a company called Zentavo ... Zentavo said": not also a
    // person called Zentavo), unless they are countries or known by a Wikidata id
    let mut retyped_name: HashMap<String, usize> = HashMap::new();
    for e in (0..doc.entities.len()).filter(|&e| retyped[e] && to[e].is_none()) {
        retyped_name
            .entry(normalize_key(&doc.entities[e].name))
            .or_insert(e);
    }
    if !retyped_name.is_empty() {
        for e in 0..doc.entities.len() {
            let entity = &doc.entities[e];
            if to[e].is_some()
                || retyped[e]
                || entity.wikidata.is_some()
                || entity.etype == EntityType::Country
            {
                continue;
            }
            if let Some(&f) = retyped_name.get(&normalize_key(&entity.name)) {
                if f != e && doc.entities[f].etype.family() != entity.etype.family() {
                    to[e] = Some(f);
                }
            }
        }
    }
    // a join into an entity that is itself joined goes on to that one's target
    for e in 0..to.len() {
        let mut x = e;
        for _ in 0..4 {
            match to[x] {
                Some(n) => x = n,
                None => break,
            }
        }
        if x != e {
            to[e] = Some(x);
        }
    }
    for (e, f) in to.iter().enumerate() {
        let Some(f) = *f else { continue };
        let (specific, wikidata) = (doc.entities[e].etype, doc.entities[e].wikidata.clone());
        let target = &mut doc.entities[f];
        if target.etype == EntityType::Organization
            && specific != EntityType::Organization
            && specific.family() == target.etype.family()
        {
            target.etype = specific;
        }
        if target.wikidata.is_none() {
            target.wikidata = wikidata;
        }
    }
    // the joined entities' mentions take the target and its (possibly refined) type
    let mut joined = vec![false; doc.entities.len()];
    for f in to.iter().flatten() {
        joined[*f] = true;
    }
    for m in &mut doc.mentions {
        if let Some(e) = m.entity.map(|e| to[e].unwrap_or(e)).filter(|&e| joined[e]) {
            m.entity = Some(e);
            m.etype = doc.entities[e].etype;
        }
    }
}

/// One sense per article. The model may read one name two ways in one article ("Zentavo
/// said" as a person, "shares in Zentavo" as a place); the entities of one name in different
/// families become one, of the reading the article favours:
/// - the one the gazetteer knows by a Wikidata id;
/// - else a person whose name opens with a given name ("Ama", "Ama Serwaa") or an initial
///   before more words ("D Mensah");
/// - else an organisation: the model reads a firm as a person by its verbs ("Zentavo said")
///   and as a place by its prepositions ("shares in Zentavo") far more often than it reads a
///   person or a place as an organisation;
/// - else (a person against a place) the reading whose mentions the recogniser was surest of,
///   in sum.
///
/// A name the gazetteer knows as a place is left alone (towns lend their names to clubs and
/// firms), as are countries and names that two Wikidata ids tell apart. Returns whether any
/// entities were joined.
fn one_sense_per_name(doc: &mut Document, res: &Resources) -> bool {
    let n = doc.entities.len();
    let mut weight = vec![0f32; n];
    for m in &doc.mentions {
        if let Some(e) = m.entity.filter(|_| m.form == MentionForm::Name) {
            weight[e] += m.confidence;
        }
    }
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (e, entity) in doc.entities.iter().enumerate() {
        if matches!(entity.etype, EntityType::Country | EntityType::Policy) || weight[e] == 0.0 {
            continue;
        }
        groups
            .entry(normalize_key(&entity.name))
            .or_default()
            .push(e);
    }
    let mut to: Vec<Option<usize>> = vec![None; n];
    let mut any = false;
    for group in groups.into_values().filter(|g| g.len() > 1) {
        let ents = &doc.entities;
        let family = ents[group[0]].etype.family();
        if group.iter().all(|&e| ents[e].etype.family() == family) {
            continue;
        }
        let known: Vec<usize> = group
            .iter()
            .copied()
            .filter(|&e| ents[e].wikidata.is_some())
            .collect();
        let winner = match known[..] {
            [k] if ents[k].etype != EntityType::Location => k,
            [] => {
                // a given name alone ("Elizabeth"), or a given name or an initial and more
                let full_person = |e: usize| {
                    let entity = &ents[e];
                    let mut words = entity.name.split_whitespace();
                    let first = words.next().unwrap_or_default();
                    let more = words.next().is_some();
                    entity.etype.is_person()
                        && (res.is_given_name(first)
                            || (more
                                && first.trim_end_matches('.').chars().count() == 1
                                && first.starts_with(char::is_uppercase)))
                };
                let rank = |e: usize| {
                    let class = if full_person(e) {
                        2
                    } else if ents[e].etype.is_org() {
                        1
                    } else {
                        0
                    };
                    (class, weight[e])
                };
                let mut best = group[0];
                for &e in &group[1..] {
                    if rank(e) > rank(best) {
                        best = e;
                    }
                }
                best
            }
            _ => continue,
        };
        for &e in &group {
            if e != winner && ents[e].etype.family() != ents[winner].etype.family() {
                to[e] = Some(winner);
                any = true;
            }
        }
    }
    if !any {
        return false;
    }
    for m in &mut doc.mentions {
        if let Some(w) = m.entity.and_then(|e| to[e]) {
            m.entity = Some(w);
            m.etype = doc.entities[w].etype;
        }
    }
    true
}

/// Strip a leading "the" and trailing possessive from a name as written.
fn clean_name(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s);
    let s = s
        .strip_suffix("’s")
        .or_else(|| s.strip_suffix("'s"))
        .unwrap_or(s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Sort mentions, rebuild each entity's mention list, aliases and confidence.
pub(crate) fn finish(doc: &mut Document) {
    doc.mentions.sort_by_key(|m| m.span.start);
    for e in &mut doc.entities {
        e.mentions.clear();
    }
    for (i, m) in doc.mentions.iter().enumerate() {
        if let Some(e) = m.entity {
            doc.entities[e].mentions.push(i);
        }
    }
    for e in 0..doc.entities.len() {
        let mut aliases: Vec<String> = Vec::new();
        for &m in &doc.entities[e].mentions {
            let mention = &doc.mentions[m];
            if mention.form == MentionForm::Pronoun {
                continue;
            }
            let a = clean_name(doc.slice(mention.span));
            if a != doc.entities[e].name
                && !a.is_empty()
                && !aliases.contains(&a)
                && starts_upper(&a)
            {
                aliases.push(a);
            }
        }
        let entity = &mut doc.entities[e];
        entity.aliases = aliases;
        if !entity.mentions.is_empty() {
            let best = entity
                .mentions
                .iter()
                .map(|&m| doc.mentions[m].confidence)
                .fold(0.0f32, f32::max);
            entity.confidence = entity.confidence.max(best).min(1.0);
        }
    }
}

impl Resolve {
    /// "Beijing approved ..." -> China; a capital anywhere else stays the city.
    fn metonymy(&self, doc: &mut Document) {
        let gaz = &self.res.gazetteer;
        for i in 0..doc.mentions.len() {
            let m = &doc.mentions[i];
            let Some(g) = m.gazetteer else { continue };
            let Some(country) = gaz.entries[g].capital_of else {
                continue;
            };
            let next = doc.token_at_or_after(m.span.end);
            let mut k = next;
            // skip an adverb: "Beijing quickly approved"
            if k < doc.tokens.len() && doc.token_text(k).ends_with("ly") {
                k += 1;
            }
            if k < doc.tokens.len()
                && self
                    .res
                    .metonymy_verbs
                    .contains(&doc.token_text(k).to_lowercase())
            {
                let m = &mut doc.mentions[i];
                m.etype = EntityType::Country;
                m.gazetteer = Some(country);
                m.form = MentionForm::Capital;
            }
        }
    }

    /// The country the article is mostly about (most mentions, first mentioned on ties).
    fn main_country(&self, doc: &Document) -> Option<usize> {
        let mut counts: HashMap<usize, (usize, usize)> = HashMap::new();
        for (i, m) in doc.mentions.iter().enumerate() {
            if m.etype == EntityType::Country {
                if let Some(g) = m.gazetteer {
                    let c = counts.entry(g).or_insert((0, i));
                    c.0 += 1;
                }
            }
        }
        counts
            .into_iter()
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
            .map(|(g, _)| g)
    }

    /// "the foreign ministry" -> "Chinese Foreign Ministry" (the country named right before it,
    /// else the article's main country), linked to the gazetteer when it knows that name.
    fn name_generic_agencies(
        &self,
        doc: &mut Document,
        main_country: Option<usize>,
    ) -> Vec<(usize, String)> {
        let gaz = &self.res.gazetteer;
        let mut named = Vec::new();
        for i in 0..doc.mentions.len() {
            let m = &doc.mentions[i];
            let text = doc.slice(m.span);
            if m.gazetteer.is_some() || m.etype != EntityType::Agency || starts_upper(text) {
                continue;
            }
            // a country mention just before (possibly with "’s"), else the main country
            let before = doc.mentions[..i]
                .iter()
                .rev()
                .find(|p| p.span.end <= m.span.start);
            let near = before.filter(|p| {
                p.etype == EntityType::Country && {
                    let gap = doc.text[p.span.end..m.span.start].trim();
                    matches!(gap, "" | "’s" | "'s") || doc.text[p.span.end..m.span.start].len() < 40
                }
            });
            let country = near.and_then(|p| p.gazetteer).or(main_country);
            let title: String = text
                .split_whitespace()
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>()
                .join(" ");
            let name = match country {
                Some(c) => {
                    let ce = &gaz.entries[c];
                    let adj = ce
                        .demonyms
                        .first()
                        .cloned()
                        .unwrap_or_else(|| ce.name.clone());
                    format!("{adj} {title}")
                }
                None => title,
            };
            if let Some(g) = gaz.lookup(&name).filter(|&g| gaz.entries[g].etype.is_org()) {
                let m = &mut doc.mentions[i];
                m.gazetteer = Some(g);
                m.etype = gaz.entries[g].etype;
                m.form = MentionForm::Alias;
            } else {
                named.push((i, name));
            }
        }
        named
    }

    /// An earlier person entity whose full name contains this shorter name as its last (or first)
    /// word; the nearest such entity when several match.
    fn person_antecedent(
        &self,
        entities: &[Entity],
        name: &str,
        surname_only: bool,
    ) -> Option<usize> {
        let words: Vec<&str> = name.split_whitespace().collect();
        if words.len() != 1 {
            return None;
        }
        let w = normalize_key(words[0]);
        entities.iter().enumerate().rev().find_map(|(i, e)| {
            if !e.etype.is_person() {
                return None;
            }
            let parts: Vec<String> = e.name.split_whitespace().map(normalize_key).collect();
            // (by the surname alone only after a full name that starts with a given name:
            // "Andy Roddick", not the model's "Defend Siping")
            let first = e.name.split_whitespace().next().unwrap_or("");
            (parts.len() >= 2
                && if surname_only {
                    parts.last() == Some(&w) && self.res.is_given_name(first)
                } else {
                    parts.last() == Some(&w) || parts[0] == w
                })
            .then_some(i)
        })
    }

    /// Bare surnames (and first names) of people named in full, anywhere in the article.
    fn back_references(&self, doc: &mut Document) {
        let mut short: HashMap<String, Option<usize>> = HashMap::new();
        for (i, e) in doc.entities.iter().enumerate() {
            if !e.etype.is_person() {
                continue;
            }
            let parts: Vec<&str> = e.name.split_whitespace().collect();
            if parts.len() < 2 {
                continue;
            }
            let mut forms = vec![normalize_key(parts[parts.len() - 1])];
            if self.res.given_names.contains(parts[0]) {
                forms.push(normalize_key(parts[0]));
            }
            for f in forms {
                // two people sharing a surname: ambiguous, keep neither
                short
                    .entry(f)
                    .and_modify(|v| {
                        if *v != Some(i) {
                            *v = None
                        }
                    })
                    .or_insert(Some(i));
            }
        }
        if short.is_empty() {
            return;
        }
        let mut first_mention = vec![usize::MAX; doc.entities.len()];
        for m in &doc.mentions {
            if let Some(e) = m.entity {
                first_mention[e] = first_mention[e].min(m.span.start);
            }
        }
        let covered = covered_tokens(doc);
        let mut added = Vec::new();
        for (k, t) in doc.tokens.iter().enumerate() {
            if covered[k] || t.kind != TokenKind::Word {
                continue;
            }
            let w = &doc.text[t.span.start..t.span.end];
            if !starts_upper(w) {
                continue;
            }
            if let Some(Some(e)) = short.get(&normalize_key(w)) {
                // only after the full name has been introduced
                if first_mention[*e] < t.span.start {
                    added.push(Mention {
                        span: t.span,
                        etype: doc.entities[*e].etype,
                        source: MentionSource::Cue,
                        form: MentionForm::Surname,
                        gazetteer: None,
                        confidence: 0.85,
                        entity: Some(*e),
                    });
                }
            }
        }
        doc.mentions.extend(added);
    }

    /// "(CISA)" after a name makes CISA an alias; an all-caps word equal to the initials of an
    /// organisation named in the article refers to it.
    fn acronyms(&self, doc: &mut Document) {
        let mut acr: HashMap<String, usize> = HashMap::new();
        for m in &doc.mentions {
            let Some(e) = m.entity else { continue };
            if !doc.entities[e].etype.is_org() {
                continue;
            }
            let k = doc.token_at_or_after(m.span.end);
            if k + 2 < doc.tokens.len() && doc.token_text(k) == "(" && doc.token_text(k + 2) == ")"
            {
                let a = doc.token_text(k + 1);
                if is_all_caps(a) && a.len() <= 8 {
                    acr.insert(a.to_string(), e);
                }
            }
            let initials: String = doc.entities[e]
                .name
                .split_whitespace()
                .filter(|w| !matches!(*w, "of" | "the" | "and" | "for" | "on" | "&"))
                .filter_map(|w| w.chars().next())
                .filter(|c| c.is_uppercase())
                .collect();
            if initials.chars().count() >= 2 {
                acr.entry(initials).or_insert(e);
            }
            // a company's name that opens with capitals ("RSA Security", "BAE Systems") is
            // called by them alone, unless they name something else the gazetteer knows ("US
            // Airways"); not another organisation's ("IAAF Council", "IPTV World Forum" are a
            // body's unit and an event)
            let words: Vec<&str> = doc.entities[e].name.split_whitespace().collect();
            if doc.entities[e].etype == EntityType::Company
                && words.len() >= 2
                && is_all_caps(words[0])
                && (2..=6).contains(&words[0].len())
                && self.res.gazetteer.lookup(words[0]).is_none()
            {
                acr.entry(words[0].to_string()).or_insert(e);
            }
        }
        if acr.is_empty() {
            return;
        }
        // a bare acronym already taken for a name of its own ("KRA" found by the model) is the
        // organisation it abbreviates
        for m in doc.mentions.iter_mut() {
            let Some(e) = m.entity else { continue };
            let ent = &doc.entities[e];
            if let Some(&target) = acr.get(&ent.name) {
                if target != e
                    && ent.wikidata.is_none()
                    && !ent.etype.is_person()
                    && doc.text[m.span.start..m.span.end] == ent.name
                {
                    m.entity = Some(target);
                    m.etype = doc.entities[target].etype;
                    m.form = MentionForm::Acronym;
                }
            }
        }
        let covered = covered_tokens(doc);
        let mut added = Vec::new();
        for (k, t) in doc.tokens.iter().enumerate() {
            if covered[k] || t.kind != TokenKind::Word {
                continue;
            }
            if let Some(&e) = acr.get(&doc.text[t.span.start..t.span.end]) {
                added.push(Mention {
                    span: t.span,
                    etype: doc.entities[e].etype,
                    source: MentionSource::Cue,
                    form: MentionForm::Acronym,
                    gazetteer: None,
                    confidence: 0.85,
                    entity: Some(e),
                });
            }
        }
        doc.mentions.extend(added);
    }
}

/// "the country", "the company", "the ministry": nouns that refer back to an entity of their type.
const NOMINALS: &[(&str, &[EntityType])] = &[
    ("country", &[EntityType::Country]),
    ("company", &[EntityType::Company]),
    ("firm", &[EntityType::Company]),
    ("ministry", &[EntityType::Agency]),
    ("agency", &[EntityType::Agency]),
    ("department", &[EntityType::Agency]),
    ("bank", &[EntityType::Company]),
    ("carrier", &[EntityType::Company]),
    ("airline", &[EntityType::Company]),
    ("retailer", &[EntityType::Company]),
    ("insurer", &[EntityType::Company]),
    ("carmaker", &[EntityType::Company]),
    ("broadcaster", &[EntityType::MediaOutlet]),
    ("newspaper", &[EntityType::MediaOutlet]),
    ("party", &[EntityType::Organization]),
    ("club", &[EntityType::Organization]),
    (
        "group",
        &[
            EntityType::Company,
            EntityType::Organization,
            EntityType::ArmedGroup,
        ],
    ),
];

/// Sentences before a nominal in which its antecedent must be.
const NOMINAL_WINDOW: usize = 3;

impl Resolve {
    /// "the country" / "the company" ... refers to the one entity of that type named in the
    /// sentence so far or the previous few; of two or more, to the one it is apposed to, else
    /// (not for countries) to the one the article has named most so far when it leads by two
    /// mentions; otherwise it stays unresolved.
    fn nominals(&self, doc: &mut Document) {
        let covered = covered_tokens(doc);
        let mut added = Vec::new();
        // the mentions by start (resolution leaves them out of order) and each entity's mention
        // ends in order, built once: a long article holds thousands of nominals and mentions
        let mut by_start: Vec<(usize, usize, usize)> = doc
            .mentions
            .iter()
            .filter_map(|m| Some((m.span.start, m.span.end, m.entity?)))
            .collect();
        by_start.sort_unstable();
        let mut ends: Vec<Vec<usize>> = vec![Vec::new(); doc.entities.len()];
        for &(_, end, e) in &by_start {
            ends[e].push(end);
        }
        for v in &mut ends {
            v.sort_unstable();
        }
        for k in 0..doc.tokens.len().saturating_sub(1) {
            if covered[k] || covered[k + 1] || !doc.token_text(k).eq_ignore_ascii_case("the") {
                continue;
            }
            let head = doc.token_text(k + 1);
            let Some((_, types)) = NOMINALS.iter().find(|(n, _)| *n == head) else {
                continue;
            };
            let pos = doc.tokens[k].span.start;
            let Some(si) = doc.sentence_at(pos) else {
                continue;
            };
            let from = doc.sentences[si.saturating_sub(NOMINAL_WINDOW)].span.start;
            let window: Vec<(usize, usize, usize)> = by_start
                [by_start.partition_point(|m| m.0 < from)..]
                .iter()
                .take_while(|m| m.0 < pos)
                .filter(|m| m.1 <= pos && types.contains(&doc.entities[m.2].etype))
                .copied()
                .collect();
            let mut candidates: Vec<usize> = window.iter().map(|m| m.2).collect();
            candidates.sort_unstable();
            candidates.dedup();
            // two or more: the one it is apposed to ("Gazprom, the company tipped to buy"),
            // else for a company or a body the one the article has named most so far, when it
            // leads by two mentions or more ("Yukos ... Deutsche Bank ... Gazprom. The company
            // has also accused Gazprom": Yukos, named seven times before; a country is named
            // as often in passing as as the article's subject)
            if candidates.len() > 1 && k >= 2 && doc.token_text(k - 1) == "," {
                let before = doc.tokens[k - 2].span.end;
                if let Some(m) = window.iter().find(|m| m.1 == before) {
                    candidates = vec![m.2];
                }
            }
            if candidates.len() > 1 && !types.contains(&EntityType::Country) {
                let mut counts: Vec<(usize, usize)> = candidates
                    .iter()
                    .map(|&e| (ends[e].partition_point(|&end| end <= pos), e))
                    .collect();
                counts.sort_unstable_by(|a, b| b.cmp(a));
                if counts[0].0 >= counts[1].0 + 2 {
                    candidates = vec![counts[0].1];
                }
            }
            if let [e] = candidates[..] {
                added.push(Mention {
                    span: Span::new(pos, doc.tokens[k + 1].span.end),
                    etype: doc.entities[e].etype,
                    source: MentionSource::Cue,
                    form: MentionForm::Pronoun,
                    gazetteer: None,
                    confidence: 0.7,
                    entity: Some(e),
                });
            }
        }
        doc.mentions.extend(added);
    }
}

/// A person named by one word in the headline only ("Jowell" of "Jowell defends casino plan")
/// is the one person of the body whose full name ends (or starts) with that word: headlines
/// name people before the body introduces them, so the surname rule of resolution, which
/// looks back, cannot reach them. Ambiguous (two such people) or none: it stays as it is.
/// (Not the short forms of `back_references`, which take a first word only when it is a given
/// name: a headline names by any first word, "Cherie accused ...", "Pernod takeover talk";
/// on BBC those short forms would leave 6 headline names apart, 5 of them joined rightly here.)
/// Returns whether any entity was so joined (and is left without mentions).
fn headline_surnames(doc: &mut Document) -> bool {
    let Some(head) = doc.sentences.first().filter(|s| s.headline).map(|s| s.span) else {
        return false;
    };
    let in_head = |sp: Span| sp.start >= head.start && sp.end <= head.end;
    // the first and last words of each person's full name, folded once
    let ends: Vec<Option<(String, String)>> = doc
        .entities
        .iter()
        .map(|other| {
            let parts: Vec<&str> = other.name.split_whitespace().collect();
            (other.etype.is_person() && parts.len() >= 2).then(|| {
                (
                    normalize_key(parts[0]),
                    normalize_key(parts[parts.len() - 1]),
                )
            })
        })
        .collect();
    let mut to: Vec<(usize, usize)> = Vec::new();
    for (e, ent) in doc.entities.iter().enumerate() {
        if !ent.etype.is_person() || ent.name.split_whitespace().count() != 1 {
            continue;
        }
        let mut mentions = doc.mentions.iter().filter(|m| m.entity == Some(e));
        if !mentions.all(|m| in_head(m.span)) {
            continue;
        }
        let w = normalize_key(&ent.name);
        let full: Vec<usize> = (0..doc.entities.len())
            .filter(|&f| {
                f != e
                    && ends[f]
                        .as_ref()
                        .is_some_and(|(first, last)| *last == w || *first == w)
            })
            .collect();
        if let [f] = full[..] {
            to.push((e, f));
        }
    }
    let joined = !to.is_empty();
    for (e, f) in to {
        let etype = doc.entities[f].etype;
        for m in doc.mentions.iter_mut().filter(|m| m.entity == Some(e)) {
            m.entity = Some(f);
            m.etype = etype;
        }
    }
    joined
}

/// Remove entities no mention points at any more (merged into another), renumbering the rest.
fn drop_unmentioned(doc: &mut Document) {
    let mut used = vec![false; doc.entities.len()];
    for m in &doc.mentions {
        if let Some(e) = m.entity {
            used[e] = true;
        }
    }
    if used.iter().all(|u| *u) {
        return;
    }
    let mut map = vec![None; doc.entities.len()];
    let mut kept = Vec::new();
    for (i, e) in std::mem::take(&mut doc.entities).into_iter().enumerate() {
        if used[i] {
            map[i] = Some(kept.len());
            kept.push(e);
        }
    }
    doc.entities = kept;
    for m in &mut doc.mentions {
        m.entity = m.entity.and_then(|e| map[e]);
    }
}

/// Which tokens lie inside a mention.
pub(crate) fn covered_tokens(doc: &Document) -> Vec<bool> {
    let mut covered = vec![false; doc.tokens.len()];
    for m in &doc.mentions {
        let a = doc.token_at_or_after(m.span.start);
        let b = doc.token_at_or_after(m.span.end);
        for c in covered.iter_mut().take(b).skip(a) {
            *c = true;
        }
    }
    covered
}

#[cfg(test)]
mod tests {
    use crate::document::EntityType;
    use crate::pipeline::testing::{run, run_titled};

    /// (type, mentions) of each entity of this name.
    fn readings(text: &str, name: &str) -> Vec<(EntityType, usize)> {
        let d = run(text);
        d.entities
            .iter()
            .filter(|e| e.name == name)
            .map(|e| (e.etype, e.mentions.len()))
            .collect()
    }

    #[test]
    fn a_company_is_called_by_the_capitals_its_name_opens_with() {
        let d = run(
            "Passwords\n\nA survey by ZQX Holdings plc found most staff reuse passwords. ZQX \
             said firms should act.",
        );
        let names: Vec<&str> = d.entities.iter().map(|e| e.name.as_str()).collect();
        assert!(!names.contains(&"ZQX"), "{names:?}");
    }

    #[test]
    fn one_name_is_one_entity_in_an_article() {
        // the model reads the firm as a person by "said" and as a place by "in" or "expect"
        let firm = "Profits up\n\n\
            Most analysts in Dunmere expect Ferrovia to raise its prices. Ferrovia said on \
            Monday that sales in Dunmere rose by 4%.";
        let ferrovia = readings(firm, "Ferrovia");
        assert_eq!(ferrovia.len(), 1, "{ferrovia:?}");
        assert!(ferrovia[0].0.is_org() && ferrovia[0].1 == 2, "{ferrovia:?}");
        assert_eq!(readings(firm, "Dunmere"), vec![(EntityType::Location, 2)]);
        let stake = "Profits up\n\n\
            The bank, one of the biggest investors in Korvana, said on Monday that it would \
            sell its stake. Korvana said its profits had doubled.";
        assert_eq!(readings(stake, "Korvana").len(), 1);
        // a firm the gazetteer knows is the firm, whatever preposition comes before it
        let known = "Stakes\n\nThe fund is now one of the biggest investors in Google.";
        let d = run(known);
        let google = d
            .entities
            .iter()
            .find(|e| e.name == "Google")
            .expect("Google");
        assert_eq!(google.etype, EntityType::Company);
        assert!(google.wikidata.is_some());
    }

    #[test]
    fn a_surname_in_the_headline_is_the_person_the_body_names_in_full() {
        let text = "Lundqvist defends casino plan\n\nCulture Secretary Ada Lundqvist has \
                    defended the plan. Ms Lundqvist said it was right.";
        let d = run_titled(text);
        let people: Vec<&str> = d
            .entities
            .iter()
            .filter(|e| e.etype.is_person())
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(people, vec!["Ada Lundqvist"]);
        // two people of that name in the body: the headline's stays apart
        let text = "Lundqvist wins again\n\nTennis star Anna Lundqvist said her brother Erik \
                    Lundqvist had helped her.";
        assert!(run_titled(text)
            .entities
            .iter()
            .any(|e| e.name == "Lundqvist"));
    }

    /// The entity "the company" at its first occurrence in `text` stands for, by name.
    fn the_company(text: &str) -> Option<String> {
        let d = run(text);
        let at = text
            .find("The company")
            .or_else(|| text.find("the company"))?;
        d.mentions
            .iter()
            .find(|m| m.span.start == at)
            .and_then(|m| m.entity)
            .map(|e| d.entities[e].name.clone())
    }

    #[test]
    fn the_company_is_the_one_the_article_is_about_or_the_one_it_is_apposed_to() {
        // two firms in the window: the one named most so far (once it is a company by its
        // context, "oil firm Veltrana")
        let text = "Veltrana sues banks\n\n\
            Russian oil firm Veltrana says the sale was illegal. Veltrana is pursuing damages \
            in a US court. Veltrana has a complaint against Haldor Bank, which backed a bid by \
            Ostrava Gas. The company has also accused Ostrava Gas.";
        assert_eq!(the_company(text).as_deref(), Some("Veltrana"));
        // apposed to the firm right before it
        let text = "Veltrana sues banks\n\n\
            Russian oil firm Veltrana says the sale was illegal. Veltrana is pursuing damages \
            in a US court. State gas firm Ostrava Gas, the company tipped to buy the unit, \
            stayed away.";
        assert_eq!(the_company(text).as_deref(), Some("Ostrava Gas"));
    }
}

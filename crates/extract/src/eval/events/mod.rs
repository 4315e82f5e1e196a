//! The pipeline's opposes / partnersWith relations scored against CAMEO-coded events: the
//! PETRARCH validation records (`<Sentence>` records with `<EventCoding sourcecode targetcode
//! eventcode>` and `<Text>`) and a PETRARCH actor dictionary.
//!
//! **Records** ([`parse_records`]). Read record by record, because these files are not
//! well-formed XML: `<!-- ... -->` comments are dropped first; a record runs from a `<Sentence
//! ...>` tag (self-closed `<Sentence .../>` too) to the next `</Sentence>`; anything between
//! records is ignored. Attributes take double or single quotes, with spaces around `=`
//! allowed. A record needs an `id`, a `<Text>` (entities such as `&amp;` decoded, whitespace
//! collapsed to single spaces: one sentence, one article) and `<EventCoding>` tags with
//! `sourcecode`, `targetcode` and `eventcode` (starting with the two digits of its CAMEO root;
//! test codes such as `174K` occur), or `noevents` / `error`; a record without events, or
//! without `<EventCoding>` at all, expects none. A `date` is `YYYYMMDD` or `YYMMDD`. `<Parse>`
//! trees are ignored. A malformed record is an error
//! naming its file and line and costs that record only; the next record is read as usual.
//!
//! **Families** ([`family`]): the CAMEO root is the first two digits of the event code; roots
//! 03-08 (cooperation: intend to cooperate, consult, diplomatic and material cooperation, aid,
//! yield) are `partnersWith`, roots 11-20 (disapprove ... mass violence) are `opposes`; other
//! roots (statements, appeals, demands, investigations, and non-CAMEO test codes) are not
//! scored. A record is scored when it expects at least one event of a scored family.
//!
//! **Actor dictionary** ([`ActorDictionary::parse`], the TABARI / PETRARCH format): a primary
//! phrase (`_` or spaces between words, an old stemming `_` at the end dropped) with an optional
//! `[CODE]`; `+PHRASE` lines are synonyms; lines starting with a tab or space hold `[CODE]`
//! (a default code, replacing the primary line's) or a date restriction `[CODE <DATE]`,
//! `[CODE >DATE]`, `[CODE DATE-DATE]` (dates `YYMMDD` or `YYYYMMDD`, two-digit years up to 30
//! being 20YY, limits inclusive). On a record's date the first restriction that applies, in
//! file order, gives the code, else the default, else none. `CODE/CODE` gives several codes
//! at once (a compound actor). `#` and `;` start comments, lines starting with `<!` and
//! `<!-- ... -->` (over several lines too) are comments. Codes are read in upper case.
//! [`ActorDictionary::gazetteer_entries`] turns the actors the gazetteer does not know yet into
//! gazetteer entries, so the pipeline recognises and links them; synonyms of a known entry
//! become its aliases.
//!
//! **Codes of a predicted actor** ([`predictions`]): every code the dictionary gives, on the
//! record's date, to the entity's name, aliases or mention texts; plus, for a Country, its
//! CAMEO country code (ISO 3166-1 alpha-3, `data/eval/cameo_countries.tsv`); plus, for an agent
//! of a country (an entity with a mention of `MentionSource::Agent`: "Chinese police"), its
//! country's code followed by the agent's sector from the agent lexicon (`CHNCOP`). Its
//! countries ([`country`]: the first three letters of a code) are those of its codes, the
//! CAMEO code of the entity's own `country_code` (a Country, an agent's country) and the
//! CAMEO code of the country any of its mentions' gazetteer entries belongs to ("State
//! Department" is USA, "Obama" is USA). Codes without a three-letter prefix (`---`, null codes)
//! are dropped.
//!
//! **Agreement** ([`Level`]), between a predicted relation and a gold event of the same family:
//! `family` alone; `family_source`: the subject agrees with the source; `family_source_target`:
//! subject with source and object with target; `strict`: the same with whole codes. An actor
//! agrees with a gold code when they share the country prefix (`GONGOV` and `GON`, `USAGOV` and
//! `USA`; so international codes agree on `IGO` alone at that level), or, for `strict`, when
//! one of its codes is the gold code. A gold actor written as a quoted name (PETRARCH's actors
//! found outside the dictionary) agrees with a predicted actor when one's normalised name
//! contains the other's, words whole. `partnersWith` is symmetric: subject and object may be
//! swapped. Negated relations never count; intended or threatened ones do.
//!
//! **Counts.** Gold items are the record's scored events, an event repeated (same family,
//! source, target) or, for `partnersWith`, mirrored (the target's matching event: `032` visit /
//! `033` host) counted once. Predictions are the positive relations of the record's article.
//! At each level, gold items and predictions are matched one to one (a maximum bipartite
//! matching): precision = matched / predicted, recall = matched / gold items. Records without a
//! scored event are not in these counts; a positive relation there is a false alarm, counted
//! apart.

use crate::agents::AgentLexicon;
use crate::document::{Document, EntityType, MentionSource, Modality, Predicate};
use crate::ner::score::Counts;
use crate::resources::Resources;
use crate::text::normalize_key;

mod actors;
mod records;
#[cfg(test)]
mod tests;

pub use actors::{actor_type, surface_forms, Actor, ActorDictionary, CodeRule, When};
pub use records::parse_records;

/// One expected event of a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedEvent {
    /// CAMEO actor code (`ARN`, `USAGOV`, `---REB`) or a quoted name (`"THE MINISTRY OF MAGIC"`).
    pub source: String,
    pub target: String,
    /// CAMEO event code (`064`, `1124`).
    pub code: String,
}

/// One validation record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    /// `YYYYMMDD`, when the record has a date (it picks date-restricted actor codes).
    pub date: Option<u32>,
    /// The sentence, whitespace collapsed.
    pub text: String,
    /// Empty when the record expects no event (`noevents`, `error`).
    pub events: Vec<ExpectedEvent>,
    /// 1-based line of the `<Sentence` tag.
    pub line: usize,
}

/// The relation family of a CAMEO event code: roots 03-08 `PartnersWith`, 11-20 `Opposes`.
pub fn family(event_code: &str) -> Option<Predicate> {
    let root: u32 = event_code.get(..2)?.parse().ok()?;
    match root {
        3..=8 => Some(Predicate::PartnersWith),
        11..=20 => Some(Predicate::Opposes),
        _ => None,
    }
}

/// The country (or international kind: `IGO`, `NGO`) of a CAMEO actor code: its first three
/// characters, when they are letters.
pub fn country(code: &str) -> Option<&str> {
    let p = code.get(..3)?;
    p.bytes().all(|b| b.is_ascii_alphabetic()).then_some(p)
}

// ---------------------------------------------------------------------------------------------
// Predictions

/// The CAMEO code of a country given by its ISO 3166-1 alpha-2 code (`US` -> `USA`).
pub fn cameo_country(iso2: &str) -> Option<&'static str> {
    crate::actors::cameo_of_iso2(iso2)
}

/// A party to a predicted relation, with the codes it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PredictedActor {
    /// The entity's name.
    pub name: String,
    pub etype: EntityType,
    /// Whole CAMEO codes: the dictionary's for its names, a Country's country code, an agent's
    /// country and sector (`CHNCOP`).
    pub codes: Vec<String>,
    /// Country prefixes: of `codes`, of the entity's own country code, and of the countries its
    /// gazetteer entries belong to.
    pub countries: Vec<String>,
    /// Normalised name, aliases and mention texts (to compare with quoted gold names).
    pub keys: Vec<String>,
}

/// A relation of the pipeline, ready for scoring.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    pub family: Predicate,
    pub subject: PredictedActor,
    pub object: PredictedActor,
    /// The cue as written ("criticised", "met with").
    pub cue: String,
    pub event_class: &'static str,
    pub modality: Modality,
    pub negated: bool,
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

/// The codes of entity `e` of `doc` on `date` (see the module documentation).
pub fn predicted_actor(
    doc: &Document,
    e: usize,
    res: &Resources,
    dict: &ActorDictionary,
    date: Option<u32>,
) -> PredictedActor {
    let entity = &doc.entities[e];
    let mut keys: Vec<String> = Vec::new();
    let names = std::iter::once(entity.name.as_str())
        .chain(entity.aliases.iter().map(String::as_str))
        .chain(
            entity
                .mentions
                .iter()
                .map(|&m| doc.slice(doc.mentions[m].span)),
        );
    for n in names {
        let k = normalize_key(n);
        if !k.is_empty() {
            push_unique(&mut keys, &k);
        }
    }
    let mut codes: Vec<String> = Vec::new();
    for k in &keys {
        for &a in dict.actors_named(k) {
            for c in dict.actors[a].codes_on(date) {
                if country(c).is_some() {
                    push_unique(&mut codes, c);
                }
            }
        }
    }
    let own_country = entity.country_code.as_deref().and_then(cameo_country);
    if let Some(c) = own_country {
        if entity.etype == EntityType::Country {
            push_unique(&mut codes, c);
        }
        // an agent of the country: "Chinese police" is CHNCOP (the agent read from the
        // entity's name, else from its agent mentions: "police from China")
        let agent_mentions: Vec<&str> = entity
            .mentions
            .iter()
            .map(|&m| &doc.mentions[m])
            .filter(|m| m.source == MentionSource::Agent)
            .map(|m| doc.slice(m.span))
            .collect();
        if !agent_mentions.is_empty() {
            let lexicon = AgentLexicon::builtin().ok();
            let agent = std::iter::once(entity.name.as_str())
                .chain(agent_mentions)
                .find_map(|text| lexicon.and_then(|l| l.find_in(text)));
            if let Some(agent) = agent {
                push_unique(&mut codes, &agent.cameo_code(c));
            }
        }
    }
    let mut countries: Vec<String> = Vec::new();
    for c in codes.iter().map(String::as_str).chain(own_country) {
        if let Some(p) = country(c) {
            push_unique(&mut countries, p);
        }
    }
    for &m in &entity.mentions {
        let iso = doc.mentions[m]
            .gazetteer
            .and_then(|g| res.gazetteer.entries[g].country.as_deref());
        if let Some(c) = iso.and_then(cameo_country) {
            push_unique(&mut countries, c);
        }
    }
    PredictedActor {
        name: entity.name.clone(),
        etype: entity.etype,
        codes,
        countries,
        keys,
    }
}

/// Every relation of an extracted article (negated ones too, marked), with its actors' codes on
/// `date`.
pub fn predictions(
    doc: &Document,
    res: &Resources,
    dict: &ActorDictionary,
    date: Option<u32>,
) -> Vec<Prediction> {
    doc.relations
        .iter()
        .map(|r| Prediction {
            family: r.predicate,
            subject: predicted_actor(doc, r.subject, res, dict, date),
            object: predicted_actor(doc, r.object, res, dict, date),
            cue: doc.slice(r.cue).to_string(),
            event_class: r.event_class,
            modality: r.modality,
            negated: r.negated,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Scoring

/// How much of a gold event a prediction agrees with, loosest first; each implies the ones
/// before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// The same family.
    Family,
    /// The same family, subject ~ source.
    FamilySource,
    /// The same family, subject ~ source and object ~ target (countries).
    Full,
    /// `Full` with whole codes.
    Strict,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Family,
        Level::FamilySource,
        Level::Full,
        Level::Strict,
    ];

    /// `family`, `family_source`, `family_source_target`, `strict`.
    pub fn name(self) -> &'static str {
        match self {
            Level::Family => "family",
            Level::FamilySource => "family_source",
            Level::Full => "family_source_target",
            Level::Strict => "strict",
        }
    }
}

/// The scored families, in report order.
pub const FAMILIES: [Predicate; 2] = [Predicate::Opposes, Predicate::PartnersWith];

/// One gold item: a record's scored event, repeated and mirrored events counted once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldItem {
    pub family: Predicate,
    pub source: String,
    pub target: String,
    /// Indices of the record's events this item stands for.
    pub events: Vec<usize>,
}

/// The gold items of a record's events (see the module documentation).
pub fn gold_items(events: &[ExpectedEvent]) -> Vec<GoldItem> {
    let mut out: Vec<GoldItem> = Vec::new();
    for (i, ev) in events.iter().enumerate() {
        let Some(family) = family(&ev.code) else {
            continue;
        };
        let same = |g: &GoldItem| {
            g.family == family
                && ((g.source == ev.source && g.target == ev.target)
                    || (family == Predicate::PartnersWith
                        && g.source == ev.target
                        && g.target == ev.source))
        };
        match out.iter_mut().find(|g| same(g)) {
            Some(g) => g.events.push(i),
            None => out.push(GoldItem {
                family,
                source: ev.source.clone(),
                target: ev.target.clone(),
                events: vec![i],
            }),
        }
    }
    out
}

/// Does the gold actor (code, or quoted name) agree with a predicted actor?
pub fn actor_agrees(gold: &str, actor: &PredictedActor, strict: bool) -> bool {
    if let Some(name) = gold.strip_prefix('"').and_then(|g| g.strip_suffix('"')) {
        let g = format!(" {} ", normalize_key(name));
        return actor
            .keys
            .iter()
            .any(|k| g.contains(&format!(" {k} ")) || format!(" {k} ").contains(&g));
    }
    if strict {
        actor.codes.iter().any(|c| c == gold)
    } else {
        country(gold).is_some_and(|g| actor.countries.iter().any(|c| c == g))
    }
}

/// Does the prediction agree with the gold item at this level?
pub fn agrees(level: Level, gold: &GoldItem, p: &Prediction) -> bool {
    if gold.family != p.family {
        return false;
    }
    let strict = level == Level::Strict;
    let src = |a: &PredictedActor| actor_agrees(&gold.source, a, strict);
    let tgt = |a: &PredictedActor| actor_agrees(&gold.target, a, strict);
    let symmetric = p.family == Predicate::PartnersWith;
    match level {
        Level::Family => true,
        Level::FamilySource => src(&p.subject) || (symmetric && src(&p.object)),
        Level::Full | Level::Strict => {
            (src(&p.subject) && tgt(&p.object)) || (symmetric && src(&p.object) && tgt(&p.subject))
        }
    }
}

/// Maximum one-to-one matching (augmenting paths): for each prediction, its gold item.
fn max_matching(
    n_gold: usize,
    n_pred: usize,
    edge: impl Fn(usize, usize) -> bool,
) -> Vec<Option<usize>> {
    fn augment(
        g: usize,
        adj: &[Vec<usize>],
        seen: &mut [bool],
        gold_of: &mut [Option<usize>],
    ) -> bool {
        for &p in &adj[g] {
            if !seen[p] {
                seen[p] = true;
                if gold_of[p].is_none_or(|h| augment(h, adj, seen, gold_of)) {
                    gold_of[p] = Some(g);
                    return true;
                }
            }
        }
        false
    }
    let adj: Vec<Vec<usize>> = (0..n_gold)
        .map(|g| (0..n_pred).filter(|&p| edge(g, p)).collect())
        .collect();
    let mut gold_of = vec![None; n_pred];
    for g in 0..n_gold {
        augment(g, &adj, &mut vec![false; n_pred], &mut gold_of);
    }
    gold_of
}

/// What a record expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    /// At least one event of a scored family.
    Scored,
    /// Events, none of a scored family.
    OtherEvents,
    /// No event at all.
    NoEvents,
}

/// The outcome of one record.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordScore {
    pub kind: RecordKind,
    pub gold: Vec<GoldItem>,
    /// Per gold item: the strictest level at which it was matched.
    pub gold_level: Vec<Option<Level>>,
    /// Per prediction: the strictest level at which it was matched (`None` for negated ones).
    pub pred_level: Vec<Option<Level>>,
}

impl RecordScore {
    /// Does the record hold a disagreement at `family_source_target`: a scored gold item or a
    /// positive prediction not matched at that level?
    pub fn has_mistake(&self, predictions: &[Prediction]) -> bool {
        let full = |l: &Option<Level>| l.is_some_and(|l| l >= Level::Full);
        !self.gold_level.iter().all(full)
            || predictions
                .iter()
                .zip(&self.pred_level)
                .any(|(p, l)| !p.negated && !full(l))
    }
}

/// Counts summed over records.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventScores {
    /// `[level][family]` over scored records ([`Level::ALL`], [`FAMILIES`] order); `correct` is
    /// the number of matched pairs.
    counts: [[Counts; 2]; 4],
    /// Records with a scored event.
    pub scored_records: usize,
    /// Their expected events of a scored family, per family (before repeats are merged).
    pub events: [usize; 2],
    /// Records with events, none of a scored family.
    pub other_records: usize,
    /// Records expecting no event.
    pub no_event_records: usize,
    /// Records without a scored event where the pipeline found a positive relation, and those
    /// relations; `false_alarm_no_event_records` of the records expect no event at all.
    pub false_alarm_records: usize,
    pub false_alarm_relations: usize,
    pub false_alarm_no_event_records: usize,
    /// Negated relations found in scored records (never counted as predictions).
    pub negated: usize,
}

fn family_index(f: Predicate) -> usize {
    FAMILIES.iter().position(|x| *x == f).unwrap_or(0)
}

impl EventScores {
    /// Counts at a level for one family, or both (`None`).
    pub fn counts(&self, level: Level, family: Option<Predicate>) -> Counts {
        let row = &self.counts[level as usize];
        match family {
            Some(f) => row[family_index(f)],
            None => Counts {
                gold: row[0].gold + row[1].gold,
                predicted: row[0].predicted + row[1].predicted,
                correct: row[0].correct + row[1].correct,
            },
        }
    }

    /// Score one record against the relations found in its text.
    pub fn add(&mut self, record: &Record, predictions: &[Prediction]) -> RecordScore {
        let gold = gold_items(&record.events);
        let positive: Vec<usize> = (0..predictions.len())
            .filter(|&p| !predictions[p].negated)
            .collect();
        let kind = if !gold.is_empty() {
            RecordKind::Scored
        } else if record.events.is_empty() {
            RecordKind::NoEvents
        } else {
            RecordKind::OtherEvents
        };
        let mut gold_level = vec![None; gold.len()];
        let mut pred_level = vec![None; predictions.len()];
        match kind {
            RecordKind::Scored => {
                self.scored_records += 1;
                self.negated += predictions.len() - positive.len();
                for ev in &record.events {
                    if let Some(f) = family(&ev.code) {
                        self.events[family_index(f)] += 1;
                    }
                }
                for level in Level::ALL {
                    let row = &mut self.counts[level as usize];
                    for g in &gold {
                        row[family_index(g.family)].gold += 1;
                    }
                    for &p in &positive {
                        row[family_index(predictions[p].family)].predicted += 1;
                    }
                    let matched = max_matching(gold.len(), positive.len(), |g, p| {
                        agrees(level, &gold[g], &predictions[positive[p]])
                    });
                    for (p, g) in matched.iter().enumerate() {
                        if let Some(g) = *g {
                            row[family_index(gold[g].family)].correct += 1;
                            gold_level[g] = Some(level);
                            pred_level[positive[p]] = Some(level);
                        }
                    }
                }
            }
            RecordKind::OtherEvents | RecordKind::NoEvents => {
                if kind == RecordKind::NoEvents {
                    self.no_event_records += 1;
                } else {
                    self.other_records += 1;
                }
                if !positive.is_empty() {
                    self.false_alarm_records += 1;
                    self.false_alarm_relations += positive.len();
                    if kind == RecordKind::NoEvents {
                        self.false_alarm_no_event_records += 1;
                    }
                }
            }
        }
        RecordScore {
            kind,
            gold,
            gold_level,
            pred_level,
        }
    }
}

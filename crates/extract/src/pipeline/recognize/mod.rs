//! Stage 2: entity mentions. Requires tokens and sentences; creates `Document::mentions`
//! (sorted, non-overlapping, not yet tied to entities).
//!
//! Two sources of candidates. The trained model ([`crate::ner::NerModel`]) decides where names
//! are and their coarse type (PER, ORG, LOC, MISC). `RuleRecognizer` contributes gazetteer
//! matches (countries, demonyms, capitals, agencies, companies, outlets, people, each with its
//! Wikidata id), capitalised spans typed by organisation head words, names and titles, and
//! lowercase generic agencies ("the foreign ministry"). [`Recognize::run`] merges them:
//!
//! - a model span that a gazetteer name contains, or matches exactly, takes the gazetteer's
//!   entry (a country always stays a country, whatever the coarse label);
//! - a model span that the rules split into a person and something else at a title or head word
//!   ("Cyberspace Administration Wang Jianchao") takes the rules' parts, and one the rules split
//!   at "and" into two known names takes both; a country inside an organisation's name ("Italian
//!   Communist Party", "Reform Party of Canada") stays part of the name;
//! - otherwise the model span is typed finely: PER -> Person (the roles stage makes officials),
//!   ORG -> Agency / Company / MediaOutlet / Organization by gazetteer and head words,
//!   LOC -> Country when the gazetteer says so, else Location; MISC is not an entity of the
//!   ontology except demonyms, which stand for their country;
//! - rule candidates outside every model span are kept when they come from a gazetteer or a
//!   cue (a title before a name, a generic agency), not from capitalisation alone.
//!
//! Without a model the rules alone decide (`Recognize::with`).

use std::ops::Range;
use std::sync::Arc;

use super::util::{fold, starts_upper, MONTHS_AND_DAYS, NAME_PARTICLES, NOT_NAMES};
use super::{Recognizer, Stage};
use crate::document::{Document, EntityType, Mention, MentionForm, MentionSource, Span, TokenKind};
use crate::ner::perceptron::type_of;
use crate::ner::{label_spans, NerModel};
use crate::parse::ParserModel;
use crate::resources::{HeadPosition, Resources, TitleClass};
use crate::text::normalize_key;

/// The recognition stage.
pub struct Recognize {
    recognizers: Vec<Box<dyn Recognizer>>,
    hybrid: Option<(RuleRecognizer, Arc<NerModel>)>,
}

impl Recognize {
    /// Only the given recognizers; overlapping candidates are settled by length, then source.
    pub fn with(recognizers: Vec<Box<dyn Recognizer>>) -> Self {
        Recognize {
            recognizers,
            hybrid: None,
        }
    }

    /// The model and the rules, merged as the module documentation says.
    pub fn hybrid(res: Arc<Resources>, model: Arc<NerModel>) -> Self {
        Recognize {
            recognizers: Vec::new(),
            hybrid: Some((RuleRecognizer::new(res), model)),
        }
    }
}

impl Stage for Recognize {
    fn name(&self) -> &'static str {
        "recognize"
    }
    fn run(&self, doc: &mut Document) {
        let mut cands: Vec<Mention> = self
            .recognizers
            .iter()
            .flat_map(|r| r.recognize(doc))
            .collect();
        if let Some((rules, model)) = &self.hybrid {
            cands.extend(rules.merge_with_model(doc, model));
        }
        if let (Some(d), Some((rules, _))) = (&doc.meta.dateline, &self.hybrid) {
            let places = rules.dateline_places(doc, d);
            cands.retain(|c| !places.iter().any(|p| p.span.overlaps(c.span)));
            cands.extend(places);
        }
        let mut selected = select(&mut cands);
        if let Some((rules, _)) = &self.hybrid {
            names_before_participles(doc, &mut selected, rules.names_before_a_participle(doc));
        }
        let res = self.hybrid.as_ref().map(|(rules, _)| &*rules.res);
        trim_title_words(doc, &mut selected, res);
        if let Some(r) = res {
            drop_kinds_of_things(doc, &mut selected, r);
            cut_products(doc, &mut selected, r);
            place_and_compass(doc, &mut selected, r);
            type_listed_firms(doc, &mut selected);
        }
        let listed = listed_works(doc, &selected);
        let (mut works, mut kept) = (Vec::new(), Vec::new());
        for (m, listed) in selected.into_iter().zip(listed) {
            if listed || names_a_work_or_event(doc, &m, res) {
                works.push(m);
            } else {
                kept.push(m);
            }
        }
        drop_titles_named_elsewhere(doc, &works, &mut kept, res);
        mend_brackets(doc, &mut kept);
        extend_institutions(doc, &mut kept);
        extend_corporate_suffixes(doc, &mut kept);
        split_at_clause_words(doc, &mut kept);
        name_laws(doc, &mut kept);
        doc.mentions = kept;
    }
}

/// Last words of the names of laws, bills and treaties ("Human Rights Act", "Prevention of
/// Terrorism Bill", "Kyoto Protocol").
const LAW_HEADS: &[&str] = &[
    "Act",
    "Bill",
    "Treaty",
    "Directive",
    "Convention",
    "Protocol",
    "Agreement",
    "Amendment",
];

/// A name of two words or more ending in a law's head word names a law: a Policy (an entity of
/// its own, the object of the votes and campaigns against it), not the organisation or place
/// the model may read it as. Not a person's name ("Buffalo Bill"), not a gazetteer name, not an
/// award for a music act ("Best Urban Act"); "Accord" is left out, it ends parties' names as
/// often ("Green Progressive Accord").
fn name_laws(doc: &Document, mentions: &mut [Mention]) {
    for m in mentions.iter_mut() {
        if m.etype.is_person()
            || m.source == MentionSource::Gazetteer
            || m.form != MentionForm::Name
        {
            continue;
        }
        let text = doc.slice(m.span);
        let mut words = text.split_whitespace();
        let first = words.next().unwrap_or("");
        let Some(last) = words.last() else { continue };
        if LAW_HEADS.contains(&last) && first != "Best" {
            m.etype = EntityType::Policy;
        }
    }
}

/// Offices of a town, county or state, written right after its name ("Pittsburgh Mayor", "Texas
/// Gov.", "Madison County Judge") or before "of" and its name ("the mayor of Pittsburgh").
const PLACE_OFFICES: &[&str] = &[
    "mayor",
    "governor",
    "gov",
    "lt",
    "sheriff",
    "senator",
    "sen",
    "congressman",
    "congresswoman",
    "rep",
    "assemblyman",
    "assemblywoman",
    "councilman",
    "councilwoman",
    "councillor",
    "judge",
    "premier",
];

/// Whether an office of a place stands beside the name at `span`: the model may read a town
/// before "Mayor" as a club or an organisation, while the office says it is the place.
fn place_office_beside(doc: &Document, span: Span) -> bool {
    let office = |k: usize| {
        let w = doc.token_text(k).trim_end_matches('.').to_lowercase();
        PLACE_OFFICES.contains(&w.as_str())
    };
    let a = doc.token_at_or_after(span.start);
    let b = doc.token_at_or_after(span.end);
    (b < doc.tokens.len() && office(b))
        || (a >= 2 && doc.token_text(a - 1) == "of" && office(a - 2))
}

/// Last words of an institution's name that a phrase with "for", "on" or "of" continues.
const INSTITUTION_HEADS: &[&str] = &[
    "Committee",
    "Subcommittee",
    "Commission",
    "Council",
    "Institute",
    "Center",
    "Centre",
    "Foundation",
    "Fund",
    "Association",
    "Federation",
    "Union",
    "League",
    "Society",
    "Organization",
    "Organisation",
    "Office",
    "Bureau",
    "Agency",
    "Academy",
    "College",
    "School",
    "Board",
    "Authority",
    "Coalition",
    "Alliance",
    "Front",
    "Movement",
    "Service",
    "Department",
    "Ministry",
];

/// Words inside an institution's name between capitalised words ("Advancement of Teaching").
const NAME_JOINERS: &[&str] = &["of", "for", "and", "the", "on", "&"];

/// A name never holds an opening bracket without its closing one: "PRD (Party of" and "RP
/// (Welfare Party" (an acronym and the start of its spelled-out name, read as one name) become
/// the acronym and, when the bracket closes within ten words of capitalised words and joiners,
/// the name it holds ("Party of the Democratic Revolution"), of the same type; mentions inside
/// the bracket give way to it.
fn mend_brackets(doc: &Document, mentions: &mut Vec<Mention>) {
    let mut i = 0;
    while i < mentions.len() {
        let m = mentions[i].clone();
        let a = doc.token_at_or_after(m.span.start);
        let b = doc.token_at_or_after(m.span.end);
        let open = (a..b).find(|&k| doc.token_text(k) == "(");
        let Some(open) = open.filter(|&o| !(o..b).any(|k| doc.token_text(k) == ")")) else {
            i += 1;
            continue;
        };
        let mut pieces: Vec<Mention> = Vec::new();
        if open > a {
            pieces.push(Mention {
                span: Span::new(m.span.start, doc.tokens[open - 1].span.end),
                gazetteer: None,
                ..m.clone()
            });
        }
        let sentence = doc.sentence_tokens(m.span.start).unwrap_or(0..0);
        let close = (open + 1..(open + 11).min(sentence.end)).find(|&k| doc.token_text(k) == ")");
        if let Some(close) = close.filter(|&c| {
            c > open + 1
                && starts_upper(doc.token_text(open + 1))
                && starts_upper(doc.token_text(c - 1))
                && (open + 1..c).all(|k| {
                    let w = doc.token_text(k);
                    starts_upper(w) || NAME_JOINERS.contains(&w)
                })
        }) {
            pieces.push(Mention {
                span: Span::new(
                    doc.tokens[open + 1].span.start,
                    doc.tokens[close - 1].span.end,
                ),
                gazetteer: None,
                ..m.clone()
            });
        }
        let whole = pieces.iter().fold(m.span, |s, p| {
            Span::new(s.start.min(p.span.start), s.end.max(p.span.end))
        });
        i = replace_mentions(mentions, whole, pieces);
    }
}

/// Puts `pieces` (in order, inside `whole`) in place of every mention overlapping `whole`,
/// keeping `mentions` sorted and free of overlaps; returns the index after the pieces.
fn replace_mentions(mentions: &mut Vec<Mention>, whole: Span, pieces: Vec<Mention>) -> usize {
    mentions.retain(|x| !x.span.overlaps(whole));
    let at = mentions.partition_point(|x| x.span.start < whole.start);
    let n = pieces.len();
    mentions.splice(at..at, pieces);
    at + n
}

/// Lower-case words no name holds: a name the model ran on over one of them is two names
/// ("Samsung while Virgin", "the Cabinet if Labour", and in a person's name "for", the
/// replacements of a match report: "Strudwick for Kennedy").
const CLAUSE_WORDS: &[&str] = &[
    "if", "while", "when", "whereas", "because", "although", "unless", "but",
];

/// A name run on over a word of [`CLAUSE_WORDS`] (or, a person's, over "for"; or over any
/// lower-case word no name holds, when the article names both sides elsewhere: "Chelsea sack
/// Mutu") is cut into the names either side of it where each side opens with a capital: of the
/// type of another mention of the same words, else of the whole's type.
fn split_at_clause_words(doc: &Document, mentions: &mut Vec<Mention>) {
    let mut i = 0;
    while i < mentions.len() {
        let m = mentions[i].clone();
        i += 1;
        if m.source == MentionSource::Gazetteer {
            continue;
        }
        let Range { start: a, end: b } = doc.token_range(m.span);
        // (a side named elsewhere in the article, by its words)
        let named = |span: Span| {
            let text = doc.slice(span);
            mentions
                .iter()
                .any(|o| o.span != m.span && doc.slice(o.span) == text)
        };
        let cut = (a + 1..b.saturating_sub(1)).find(|&k| {
            let w = doc.token_text(k);
            CLAUSE_WORDS.contains(&w)
                || (w == "for" && m.etype.is_person())
                // "Chelsea sack Mutu", a headline read as one name: a lower-case word no name
                // holds, between two names the article gives elsewhere
                || (w.starts_with(char::is_lowercase)
                    && !NAME_JOINERS.contains(&w)
                    && !NAME_PARTICLES.contains(&w)
                    && named(Span::new(m.span.start, doc.tokens[k - 1].span.end))
                    && named(Span::new(doc.tokens[k + 1].span.start, m.span.end)))
        });
        let Some(k) = cut else { continue };
        let left = Span::new(m.span.start, doc.tokens[k - 1].span.end);
        let right = Span::new(doc.tokens[k + 1].span.start, m.span.end);
        if !starts_upper(doc.slice(left)) || !starts_upper(doc.slice(right)) {
            continue;
        }
        // (a side the article names elsewhere takes that mention's type: "the Cabinet" is an
        // Agency)
        let pieces = [left, right]
            .into_iter()
            .map(|span| {
                let text = doc.slice(span);
                match mentions
                    .iter()
                    .find(|o| o.span != m.span && doc.slice(o.span) == text)
                {
                    Some(o) => Mention { span, ..o.clone() },
                    None => Mention {
                        span,
                        gazetteer: None,
                        ..m.clone()
                    },
                }
            })
            .collect();
        i = replace_mentions(mentions, m.span, pieces);
    }
}

/// Words that close a firm's registered name: "Bear Stearns & Co Inc", "The Dow Chemical Co",
/// "Volkswagen AG".
const CORPORATE_SUFFIXES: &[&str] = &[
    "Co", "Co.", "Cos", "Cos.", "Inc", "Inc.", "Corp", "Corp.", "Ltd", "Ltd.", "Plc", "plc", "PLC",
    "LLC", "AG", "SA", "S.A.", "NV", "N.V.", "SpA", "GmbH", "Bhd", "Pty", "Limited",
];

/// An organisation's name followed by the words of a firm's registered name takes them in
/// ("Bear Stearns & Co Inc", where the gazetteer knows "Bear Stearns" and the model made "Co
/// Inc" a firm of its own), as wire copy writes firms and its annotators mark them. The words
/// must follow in the sentence with nothing but spaces between; the mentions they held are
/// dropped, and a gazetteer entry still names the whole.
fn extend_corporate_suffixes(doc: &Document, mentions: &mut Vec<Mention>) {
    let mut i = 0;
    while i < mentions.len() {
        let m = &mentions[i];
        i += 1;
        if !m.etype.is_org() {
            continue;
        }
        let Some(sentence) = doc.sentence_tokens(m.span.start) else {
            continue;
        };
        let mut k = doc.token_at_or_after(m.span.end);
        let glued = |k: usize| {
            k < sentence.end && {
                let gap = &doc.text[doc.tokens[k - 1].span.end..doc.tokens[k].span.start];
                gap.chars().all(|c| c == ' ')
            }
        };
        let start = k;
        while glued(k) {
            if doc.token_text(k) == "&"
                && glued(k + 1)
                && matches!(doc.token_text(k + 1), "Co" | "Co.")
            {
                k += 2;
            } else if CORPORATE_SUFFIXES.contains(&doc.token_text(k)) {
                k += 1;
            } else {
                break;
            }
        }
        if k == start {
            continue;
        }
        let span = Span::new(m.span.start, doc.tokens[k - 1].span.end);
        let grown = Mention { span, ..m.clone() };
        i = replace_mentions(mentions, span, vec![grown]);
    }
}

/// An organisation's name that stops at an institution's head word while a "for", "on" or "of"
/// phrase of capitalised words goes on is the whole name: "the Senate Committee on Veterans
/// Affairs", "the Washington Institute for Near East Policy", "the Carnegie Foundation for the
/// Advancement of Teaching" (the model and the rules often cut such a name in two, and give the
/// second half a type of its own). The phrase stops at a month or a day, a person's name and the
/// sentence's end; the mentions it held are dropped.
fn extend_institutions(doc: &Document, mentions: &mut Vec<Mention>) {
    let mut i = 0;
    while i < mentions.len() {
        let m = &mentions[i];
        i += 1;
        if !m.etype.is_org() {
            continue;
        }
        let last = doc.token_at_or_after(m.span.end) - 1;
        let next = last + 1;
        let Some(sentence) = doc.sentence_tokens(m.span.start) else {
            continue;
        };
        if !INSTITUTION_HEADS.contains(&doc.token_text(last))
            || !sentence.contains(&next)
            || !matches!(doc.token_text(next), "for" | "on" | "of")
        {
            continue;
        }
        let person_at = |k: usize| {
            let at = doc.tokens[k].span.start;
            let first = mentions.partition_point(|x| x.span.start < at);
            mentions[first..]
                .iter()
                .take_while(|x| x.span.start == at)
                .any(|x| x.etype.is_person())
        };
        let capital = |k: usize| {
            let w = doc.token_text(k);
            starts_upper(w) && !MONTHS_AND_DAYS.contains(&w) && !person_at(k)
        };
        let mut k = next + 1;
        if k < sentence.end && doc.token_text(k) == "the" {
            k += 1;
        }
        let mut end = None;
        while k < sentence.end {
            if capital(k) {
                end = Some(k);
                k += 1;
            } else if NAME_JOINERS.contains(&doc.token_text(k))
                && end.is_some()
                && k + 1 < sentence.end
                && capital(k + 1)
            {
                k += 1;
            } else {
                break;
            }
        }
        let Some(end) = end else { continue };
        let span = Span::new(m.span.start, doc.tokens[end].span.end);
        let grown = Mention {
            span,
            gazetteer: None,
            ..m.clone()
        };
        i = replace_mentions(mentions, span, vec![grown]);
    }
}

/// Nouns that introduce a creative work's title right after them ("the film Sideways", "hit
/// movie Polar Express", "his new album Hopes and Fears"); words that are also common verbs or
/// sport words ("play", "show", "book", "single", "series", "game") are left out.
const WORK_NOUNS: &[&str] = &[
    "film",
    "films",
    "movie",
    "movies",
    "sitcom",
    "album",
    "novel",
    "documentary",
    "musical",
    "opera",
    "song",
    "drama",
    "thriller",
    "programme",
    "biopic",
    "comedy",
    "series",
    "sequel",
    "blockbuster",
    "flop",
    "flops",
    "memoir",
    "autobiography",
    "sitcoms",
    "albums",
    "novels",
    "documentaries",
    "musicals",
    "operas",
    "songs",
    "dramas",
    "thrillers",
    "comedies",
    "sequels",
    "blockbusters",
    "biopics",
    "memoirs",
    "cartoon",
    "cartoons",
    "soap",
    "remake",
    "trilogy",
    "miniseries",
    "single",
    "singles",
    "bestseller",
    "bestselling",
    "best-selling",
];

/// Participles that open a sentence before a preposition ("Born in 1922", "Based in Oslo"),
/// which the model may read as one-word names.
const PARTICIPLE_OPENERS: &[&str] = &[
    "Born", "Based", "Founded", "Raised", "Educated", "Elected", "Formed", "Built", "Brought",
    "Trained",
];

/// Words that open a sentence and never a name ("If Parliament rejects it", "His Graceland
/// home"); narrower than `util::NOT_NAMES`, which also holds words that open names ("The",
/// "New", "All", "No", "Now", "First": "The Times", "New York", "No Doubt").
const SENTENCE_OPENERS: &[&str] = &[
    // possessives, in the order of persons
    "My",
    "Our",
    "Your",
    "His",
    "Her",
    "Its",
    "Their",
    // conjunctions and adverbs that open a clause
    "If",
    "Unless",
    "Until",
    "Whether",
    "When",
    "While",
    "Whilst",
    "Although",
    "Though",
    "Because",
    "But",
    "Neither",
    "Why",
    "How",
    "Where",
    "Meanwhile",
    "However",
    "Also",
    "Yet",
    "Still",
    "Instead",
    "Besides",
    "Despite",
    // numbers and common nouns that open a sentence before a name ("Six Bank of America
    // subsidiaries", "Distributor Sony Pictures said"; not "Five", a UK channel's name)
    "Two",
    "Three",
    "Four",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Several",
    "Distributor",
    "Retailer",
    "Carmaker",
    "Chipmaker",
    "Drugmaker",
    "Broadcaster",
    "Insurer",
    "Brewer",
    "Airline",
    "Bookmaker",
    "Bookmakers",
    "Regulator",
    "Regulators",
    "Rival",
    "Rivals",
    "Analyst",
    "Analysts",
    "Investors",
    // auxiliaries that open a question
    "Should",
    "Would",
    "Could",
    "Did",
    "Does",
    "Was",
    "Were",
    "Has",
    "Had",
];
/// Capitalised words that modify a job's title as its function, field or rank, not as the
/// employer: "Marketing Director", "Senior Analyst", "Democratic leader" (words in -ing are
/// functions too: "Managing Director", "Acting Chairman").
const FUNCTION_WORDS: &[&str] = &[
    "Executive",
    "General",
    "Senior",
    "Junior",
    "Chief",
    "Deputy",
    "Assistant",
    "Associate",
    "Interim",
    "Former",
    "Joint",
    "Principal",
    "Head",
    "Lead",
    "Vice",
    "Co",
    "First",
    "Second",
    "Finance",
    "Financial",
    "Sales",
    "Research",
    "Communications",
    "Operations",
    "Technical",
    "Technology",
    "Creative",
    "Editorial",
    "Art",
    "Artistic",
    "Music",
    "Musical",
    "Medical",
    "Legal",
    "Political",
    "Policy",
    "Program",
    "Programme",
    "Project",
    "Product",
    "Development",
    "Press",
    "News",
    "Sports",
    "Sport",
    "Team",
    "Club",
    "Group",
    "Campaign",
    "Party",
    "Health",
    "Education",
    "Defence",
    "Defense",
    "Foreign",
    "Home",
    "Trade",
    "Economic",
    "Economics",
    "Environment",
    "Environmental",
    "Energy",
    "Transport",
    "Culture",
    "Housing",
    "Justice",
    "Interior",
    "Treasury",
    "Agriculture",
    "Commerce",
    "Science",
    "Security",
    "Intelligence",
    "Military",
    "Naval",
    "Regional",
    "National",
    "International",
    "Global",
    "European",
    "World",
    "Federal",
    "State",
    "County",
    "City",
    "Local",
    "Public",
    "Shadow",
    "Opposition",
    "Majority",
    "Minority",
    "Democratic",
    "Democrat",
    "Republican",
    "Conservative",
    "Tory",
    "Liberal",
    "Labour",
    "Labor",
    "Socialist",
    "Communist",
    "Green",
    "Independent",
    "Nationalist",
    "Unionist",
    "Council",
    "Board",
    "Company",
    "Corporate",
    "Division",
    "Department",
    "Office",
    "Bureau",
    "Desk",
    "Unit",
    "Fund",
    "Investment",
    "Investor",
    "Market",
    "Markets",
    "Media",
    "Film",
    "Television",
    "TV",
    "Radio",
    "Digital",
    "Online",
    "Web",
    "Internet",
    "Arts",
    "Fashion",
    "Design",
    "Brand",
    "Human",
    "Resources",
    "Customer",
    "Client",
    "Services",
    "Strategy",
    "Strategic",
    "Quality",
    "Safety",
    "Risk",
    "Compliance",
    "Audit",
    "Tax",
    "Budget",
    "Information",
    "Data",
    "Games",
    "Game",
    "Commercial",
    "Business",
    "Industry",
    "Industrial",
    "Academic",
    "Scientific",
    "Clinical",
    "Nursing",
    "Hospital",
    "Church",
    "Parish",
    "Police",
    "Fire",
    "Army",
    "Navy",
    "Air",
    "Force",
    "Rugby",
    "Cricket",
    "Football",
    "Tennis",
    "Golf",
    "Athletics",
    "Olympic",
    "Youth",
    "Women",
    "Women's",
    "Men's",
    "Community",
    "Affairs",
    "Monetary",
    "Fiscal",
    "Social",
    "Welfare",
    "Pensions",
    "Employment",
    "Work",
    "Race",
];

/// Cardinal numbers written as words, which some names are ("Five").
const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "twenty", "hundred", "thousand", "million",
];

/// First and last words of the names of places the model may read as organisations.
const PLACE_FIRST_WORDS: &[&str] = &["River", "Lake", "Loch", "Mount", "Mt", "Isle", "Cape"];
const PLACE_LAST_WORDS: &[&str] = &[
    "River",
    "Road",
    "Street",
    "Avenue",
    "Lane",
    "Lake",
    "Bay",
    "Island",
    "Islands",
    "Mountains",
    "Valley",
    "Sea",
    "Ocean",
    "Canal",
    "Desert",
    "Peninsula",
    "Strait",
    "Straits",
    "Gulf",
    "Square",
    "Bridge",
    "Estuary",
    "Glacier",
];
/// Last words of the names of buildings and grounds ("Celtic Park", "Saint Sulpice Church",
/// "the Twin Towers"): places where the name stands as one, after a preposition of place or
/// "the" ("at Celtic Park"); a club or a firm is named so too ("Queen's Park 3 Forfar 1",
/// "Kansai International Airport will launch bonds").
const BUILDING_LAST_WORDS: &[&str] = &[
    "Park",
    "Church",
    "Cathedral",
    "Abbey",
    "Chapel",
    "Mosque",
    "Temple",
    "Stadium",
    "Tower",
    "Towers",
    "Castle",
    "Airport",
];
/// Words before a building's name that say the name stands for the place.
const PLACE_BEFORE: &[&str] = &[
    "at", "in", "into", "near", "outside", "inside", "to", "from", "the", "The", "At", "In",
];

/// Last words of the names of events ("Cannes Film Festival", "Academy Awards", "Reith
/// Lectures", "World Cup", "Consumer Electronics Show", "Turner Prize": awards are no entity
/// either); narrower than the rules' `EVENT_HEADS`, since these remove what the
/// model found ("Games", "Conference" and "Open" end names of companies and bodies too).
const EVENT_LAST_WORDS: &[&str] = &[
    "Festival",
    "Awards",
    "Award",
    "Prize",
    "Lectures",
    "Cup",
    "Cups",
    "Championship",
    "Championships",
    "Olympics",
    "Show",
    "Expo",
    "Prix",
    "Marathon",
    "Trophy",
    "Tournament",
];
/// Last words of the names of wars and uprisings ("Gulf War", "Tet Offensive", "Orange
/// Revolution"), events too when the name has two words or more.
const WAR_WORDS: &[&str] = &[
    "War",
    "Offensive",
    "Uprising",
    "Revolution",
    "Rebellion",
    "Massacre",
];

/// First words of the names of battles and sieges, before "of" ("Battle of the Somme",
/// "Siege of Sarajevo"): events, whatever the model typed them.
const EVENT_FIRST_WORDS: &[&str] = &["Battle", "Siege", "Sack", "Massacre", "Raid", "Fall"];

/// Whether a mention typed only as a generic organisation or place (no gazetteer entry) names a
/// creative work or an event, which the ontology has no type for: a title right after a work
/// noun, or a name ending in an event word. The model reads such capitalised titles as names
/// and types them by their words ("Berlin Film Festival" as a place, "X-Files" as one); after a
/// work noun it also reads them as people ("the biopic Kinsey"), unless the name opens with a
/// given name ("the film Alexander" stays as ambiguous as it is).
fn names_a_work_or_event(doc: &Document, m: &Mention, res: Option<&Resources>) -> bool {
    if !may_be_a_title(doc, m, res) {
        return false;
    }
    let first = doc.token_at_or_after(m.span.start);
    // the title may open before the name ("the single Return of the Mack"), unless the name
    // is a person's ("his song Here We Go Again with Norah Jones") or names the holder of a
    // title after it ("the song X with the Alliance leader Y")
    let end = doc.token_at_or_after(m.span.end);
    let titles_next =
        end < doc.tokens.len() && res.is_some_and(|r| r.is_any_title(doc.token_text(end)));
    let opens = if m.etype.is_person() || titles_next {
        first
    } else {
        title_opening(doc, first)
    };
    let after_work_noun = || {
        opens > 0
            && WORK_NOUNS.contains(&doc.token_text(opens - 1))
            && doc
                .sentence_at(doc.tokens[opens - 1].span.start)
                .is_some_and(|s| doc.sentences[s].span.contains(m.span))
    };
    if title_cased_words(doc, m)
        || in_title_run(doc, m)
        || after_title_colon(doc, m)
        || work_context(doc, m)
    {
        return true;
    }
    if end > first + 2
        && EVENT_FIRST_WORDS.contains(&doc.token_text(first))
        && doc.token_text(first + 1) == "of"
    {
        return true;
    }
    match m.etype {
        EntityType::Organization | EntityType::Location => {
            // (a war word alone may be a firm's name: "chief executive of Rebellion")
            let last = doc.token_text(end - 1);
            (end > first && EVENT_LAST_WORDS.contains(&last))
                || (end > first + 1 && WAR_WORDS.contains(&last))
                || after_work_noun()
        }
        _ => after_work_noun(),
    }
}

/// Small words a title keeps in lower case between its capitalised words ("Return of the
/// Mack", "Gone with the Wind").
const TITLE_SMALL_WORDS: &[&str] = &[
    "of", "the", "a", "an", "and", "in", "on", "with", "to", "for",
];

/// Where the title holding token `first` (a name's first token) opens: back over capitalised
/// words, and small words ([`TITLE_SMALL_WORDS`]) that stand between two of them, within the
/// sentence; `first` itself when the word before it is neither.
fn title_opening(doc: &Document, first: usize) -> usize {
    let Some(sentence) = doc.sentence_tokens(doc.tokens[first].span.start) else {
        return first;
    };
    let capital = |k: usize| doc.token_text(k).starts_with(char::is_uppercase);
    let mut opens = first;
    let mut k = first;
    while k > sentence.start {
        let w = doc.token_text(k - 1);
        if capital(k - 1) {
            k -= 1;
            opens = k;
        } else if TITLE_SMALL_WORDS.contains(&w) {
            k -= 1;
        } else {
            break;
        }
    }
    opens
}

/// Plural nouns of works that open a list of their titles: "25 films, including X, Y and Z",
/// "hits such as X". Not "games" nor "titles" (a sport's: "titles including Wimbledon"), nor
/// "records".
const WORK_PLURALS: &[&str] = &[
    "films",
    "movies",
    "hits",
    "songs",
    "albums",
    "singles",
    "tracks",
    "novels",
    "books",
    "plays",
    "musicals",
    "operas",
    "sitcoms",
    "dramas",
    "comedies",
    "documentaries",
    "thrillers",
    "blockbusters",
    "biopics",
    "cartoons",
];

/// Which mentions are items of a list of titles a plural work noun opens ("films, including
/// Jungle Fever, Do the Right Thing and ...", "hits such as Open Water, Napoleon Dynamite"):
/// the list runs from "including", "include(s/d)", "like" or "such as" after the noun over names,
/// capitalised words (a title the model split), commas, "and", "or", "the", possessive "'s" and
/// a title's small words before a capitalised one ("Summer of Sam"), and stops at any other
/// word. A name followed by "'s" is the owner of the next item ("Spielberg's Jaws"),
/// not an item; gazetteer names and countries are never titles.
fn listed_works(doc: &Document, mentions: &[Mention]) -> Vec<bool> {
    listed_after(doc, mentions, |w| WORK_PLURALS.contains(&w).then_some(()))
        .into_iter()
        .map(|opened| opened.is_some())
        .collect()
}

/// Plural nouns of companies and outlets that open a list of their names ("firms such as X, Y
/// and Z", "retailers including X", "newspapers such as X") and the type they give the names
/// the model or the rules found without a gazetteer entry.
const FIRM_PLURALS: &[(&str, EntityType)] = &[
    ("firms", EntityType::Company),
    ("companies", EntityType::Company),
    ("retailers", EntityType::Company),
    ("banks", EntityType::Company),
    ("lenders", EntityType::Company),
    ("insurers", EntityType::Company),
    ("carmakers", EntityType::Company),
    ("airlines", EntityType::Company),
    ("carriers", EntityType::Company),
    ("operators", EntityType::Company),
    ("chains", EntityType::Company),
    ("supermarkets", EntityType::Company),
    ("manufacturers", EntityType::Company),
    ("makers", EntityType::Company),
    ("brokers", EntityType::Company),
    ("giants", EntityType::Company),
    ("publishers", EntityType::Company),
    ("studios", EntityType::Company),
    ("labels", EntityType::Company),
    ("providers", EntityType::Company),
    ("suppliers", EntityType::Company),
    ("distributors", EntityType::Company),
    ("newspapers", EntityType::MediaOutlet),
    ("papers", EntityType::MediaOutlet),
    ("tabloids", EntityType::MediaOutlet),
    ("broadcasters", EntityType::MediaOutlet),
    ("magazines", EntityType::MediaOutlet),
];

/// Names listed after a plural noun of companies or outlets ([`FIRM_PLURALS`]), read as the
/// list of titles is ([`listed_after`]), take its type: the model reads unknown firms' names as
/// people or places ("firms such as Blinkx, Copernic and X-Friend"). Only names typed as a
/// person, a place or a generic organisation, found without the gazetteer.
fn type_listed_firms(doc: &Document, mentions: &mut [Mention]) {
    let listed = listed_after(doc, mentions, |w| {
        FIRM_PLURALS.iter().find(|(n, _)| *n == w).map(|&(_, t)| t)
    });
    for (m, t) in mentions.iter_mut().zip(listed) {
        let Some(t) = t else { continue };
        if m.etype.is_person()
            || m.etype == EntityType::Location
            || m.etype == EntityType::Organization
        {
            m.etype = t;
        }
    }
}

/// Which mentions are items of a list opened by a plural noun that `opener` knows, with what
/// `opener` says of that noun (see [`listed_works`] for how a list is read). `mentions` are
/// sorted by start and free of overlaps, as selection leaves them.
fn listed_after<T: Copy>(
    doc: &Document,
    mentions: &[Mention],
    opener: impl Fn(&str) -> Option<T>,
) -> Vec<Option<T>> {
    let mut out = vec![None; mentions.len()];
    for s in &doc.sentences {
        let t = s.tokens.clone();
        let word = |k: usize| doc.token_text(k);
        let mut k = t.start;
        while k < t.end {
            let opens = match word(k) {
                "including" | "include" | "includes" | "included" | "like" => Some(k),
                "as" if k > t.start && word(k - 1) == "such" => Some(k - 1),
                _ => None,
            };
            k += 1;
            let Some(intro) = opens else { continue };
            let mut noun = intro;
            if noun > t.start && word(noun - 1) == "," {
                noun -= 1;
            }
            let Some(opened) = (noun > t.start).then(|| opener(word(noun - 1))).flatten() else {
                continue;
            };
            // the mentions from the list's first word on
            let first_item = mentions.partition_point(|m| m.span.start < doc.tokens[k].span.start);
            let items = &mentions[first_item..];
            // the items, up to the first word no list of titles holds
            let mut end = k;
            while end < t.end {
                let w = word(end);
                let at = doc.tokens[end].span;
                let inside = items[..items.partition_point(|m| m.span.start <= at.start)]
                    .last()
                    .is_some_and(|m| m.span.contains(at));
                // (a title's own small words before a capitalised one: "Summer of Sam")
                let small = matches!(w, "of" | "in" | "on" | "a" | "an" | "to" | "for" | "at")
                    && end + 1 < t.end
                    && word(end + 1).starts_with(|c: char| c.is_uppercase());
                if inside
                    || small
                    || matches!(w, "," | "and" | "or" | "the" | "'s" | "'")
                    || w.starts_with(|c: char| c.is_uppercase())
                {
                    end += 1;
                } else {
                    break;
                }
            }
            if end == k {
                continue;
            }
            let to = doc.tokens[end - 1].span.end;
            for (i, m) in mentions.iter().enumerate().skip(first_item) {
                if m.span.start >= to {
                    break;
                }
                if m.span.end > to || !found_as_name(m) {
                    continue;
                }
                // an item ends at a comma, "and", "or" or the list's end: a name before any
                // other word modifies it ("the Stephen King adaptation", "Oscar nominee X")
                // or owns the next item ("Spielberg's Jaws")
                // (the last item, after "and" or "or", ends the list whatever follows: "...
                // and Pavlix compete with")
                let next = doc.token_at_or_after(m.span.end);
                let first = doc.token_at_or_after(m.span.start);
                let item = next >= t.end
                    || matches!(
                        word(next),
                        "," | "and" | "or" | "." | ";" | ":" | ")" | "\""
                    )
                    || word(next).starts_with(|c: char| c.is_uppercase())
                    || (first > k && matches!(word(first - 1), "and" | "or"));
                if item && !matches!(m.etype, EntityType::Country | EntityType::Policy) {
                    out[i] = Some(opened);
                }
            }
        }
    }
    out
}

/// Mentions naming a kind of thing (`not_entities.txt`: "PCs", "PlayStation Portable", "HIV")
/// go; one ending in a one-word kind after a name the gazetteer knows ("Sony PSP") becomes
/// that name. Gazetteer mentions are never touched.
fn drop_kinds_of_things(doc: &Document, mentions: &mut Vec<Mention>, res: &Resources) {
    let kinds = &res.not_entities;
    mentions.retain_mut(|m| {
        if !found_as_name(m) {
            return true;
        }
        let text = doc.slice(m.span);
        if kinds.contains(text) {
            return false;
        }
        let Range { start: a, end: b } = doc.token_range(m.span);
        if b > a + 1 && kinds.contains(doc.token_text(b - 1)) {
            let rest = Span {
                start: m.span.start,
                end: doc.tokens[b - 2].span.end,
            };
            if let Some(g) = res.gazetteer.lookup(doc.slice(rest)) {
                m.span = rest;
                m.etype = res.gazetteer.entries[g].etype;
                m.gazetteer = Some(g);
            }
        }
        true
    });
}

/// Nouns after a product's name: "the AMD Athlon processor", "a Toshiba Libretto laptop".
const PRODUCT_NOUNS: &[&str] = &[
    "chip",
    "chips",
    "processor",
    "processors",
    "computer",
    "computers",
    "supercomputer",
    "laptop",
    "laptops",
    "notebook",
    "phone",
    "phones",
    "handset",
    "handsets",
    "player",
    "players",
    "console",
    "consoles",
    "camera",
    "cameras",
    "device",
    "devices",
    "browser",
    "software",
    "format",
    "robot",
    "car",
    "cars",
    "saloon",
    "hatchback",
    "jet",
    "jets",
];

/// A place the gazetteer knows followed by compass words ("Bristol West", "Leeds North West",
/// "Cardiff Central"): a constituency or a district, a place, whatever the model typed it
/// (British election news names seats so); so is a town named by its river ("Stoke-on-Trent"). Not a name that opens with a given name ("Kanye
/// West") nor one a gazetteer knows.
fn place_and_compass(doc: &Document, mentions: &mut [Mention], res: &Resources) {
    let gaz = &res.gazetteer;
    for m in mentions.iter_mut() {
        if !found_as_name(m) || m.etype.is_place() || m.etype == EntityType::Policy {
            continue;
        }
        let Range { start: a, end: b } = doc.token_range(m.span);
        // an English or French town named by its river or its neighbour: "Stoke-on-Trent",
        // "Newcastle-upon-Tyne", "Chester-le-Street", "Weston-super-Mare", "Boulogne-sur-Mer"
        let river_town = b == a + 1 && {
            let w = doc.token_text(a);
            ["-on-", "-upon-", "-under-", "-le-", "-super-", "-sur-"]
                .iter()
                .any(|p| w.contains(p))
        };
        if river_town && gaz.lookup(doc.slice(m.span)).is_none() {
            m.etype = EntityType::Location;
            continue;
        }
        let compass = |k: usize| {
            matches!(
                doc.token_text(k),
                "North" | "South" | "East" | "West" | "Central"
            )
        };
        let mut k = b;
        while k > a && compass(k - 1) && b - k < 2 {
            k -= 1;
        }
        if k == b || k == a || res.is_given_name(doc.token_text(a)) {
            continue;
        }
        let place = Span {
            start: m.span.start,
            end: doc.tokens[k - 1].span.end,
        };
        let known_place = gaz
            .lookup(doc.slice(place))
            .is_some_and(|g| gaz.entries[g].etype.is_place());
        if known_place && gaz.lookup(doc.slice(m.span)).is_none() {
            m.etype = EntityType::Location;
        }
    }
}

/// Last words of the names of buildings and grounds named after a company ("the Ford Theatre",
/// "the Reebok Stadium"): places, not products.
const VENUE_WORDS: &[&str] = &[
    "Theatre", "Theater", "Stadium", "Arena", "Hall", "Park", "Tower", "Towers", "Building",
    "Gallery", "Field", "Garden", "Gardens", "Plaza", "House", "Ground",
];

/// A company's name followed by a product's ("the Ford Mustang", "Samsung Yepp", "an AMD
/// Athlon processor", "Nokia 6600"), which the model reads as one organisation's name, is the
/// company: the product is no entity of the ontology ("Sony PSP" above is the same reading for
/// products `not_entities.txt` lists). Only a name typed as a generic organisation that opens
/// with a company the gazetteer knows, whose other one to three words are capitalised, hold no
/// organisation's head word ("Sony Music", "Samsung Electronics"), place ("GM Europe"), venue
/// ("the Ford Theatre") or
/// gazetteer name ("Sony Ericsson"), and read as a product: a digit ("X5", "6600"), "the"
/// before the name, or a product's noun after it (not capitals alone: "NTT DoCoMo", "Sony BMG",
/// "Vodafone KK" are companies).
fn cut_products(doc: &Document, mentions: &mut [Mention], res: &Resources) {
    let gaz = &res.gazetteer;
    for m in mentions.iter_mut() {
        if !found_as_name(m) || m.etype != EntityType::Organization {
            continue;
        }
        let Range { start: a, end: b } = doc.token_range(m.span);
        if b < a + 2 {
            continue;
        }
        let Some((k, g)) = (a + 1..b).rev().find_map(|k| {
            let name = Span {
                start: m.span.start,
                end: doc.tokens[k - 1].span.end,
            };
            gaz.lookup(doc.slice(name))
                .filter(|&g| gaz.entries[g].etype == EntityType::Company)
                .map(|g| (k, g))
        }) else {
            continue;
        };
        let rest: Vec<&str> = (k..b).map(|i| doc.token_text(i)).collect();
        let rest_span = Span {
            start: doc.tokens[k].span.start,
            end: m.span.end,
        };
        if rest.len() > 3
            || gaz.lookup(doc.slice(rest_span)).is_some()
            || rest.iter().any(|w| {
                !w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                    || res.org_heads.contains_key(*w)
                    || VENUE_WORDS.contains(w)
                    || PLACE_LAST_WORDS.contains(w)
                    || gaz.lookup(w).is_some()
            })
        {
            continue;
        }
        let coded = rest.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()));
        let the = a > 0 && doc.token_text(a - 1).eq_ignore_ascii_case("the");
        let noun = b < doc.tokens.len() && PRODUCT_NOUNS.contains(&doc.token_text(b));
        if coded || the || noun {
            m.span.end = doc.tokens[k - 1].span.end;
            m.etype = EntityType::Company;
            m.gazetteer = Some(g);
        }
    }
}

/// Words before a name that say it is the title of a film, show, play or game: "her role in
/// X", "starred in X", "a sequel to X", "a remake of the X" (not "performance in": a
/// candidate's or a team's is in a place).
const WORK_BEFORE: &[(&str, &str)] = &[
    ("role", "in"),
    ("roles", "in"),
    ("starred", "in"),
    ("stars", "in"),
    ("starring", "in"),
    ("appeared", "in"),
    ("appears", "in"),
    ("sequel", "to"),
    ("prequel", "to"),
    ("remake", "of"),
    ("adaptation", "of"),
    ("premiere", "of"),
];
/// Words right after a name that say it is a title: "Superman actor Christopher Reeve", "the
/// GTA sequel".
const WORK_AFTER: &[&str] = &[
    "actor",
    "actress",
    "co-star",
    "sequel",
    "prequel",
    "spin-off",
    "soundtrack",
    "remake",
];
/// Nouns after a name that make it a modifier, not the title: "a role in Labour's campaign",
/// "appeared in Hollywood movies", "a sequel to the Ben Stiller comedy".
const WORK_MODIFIED: &[&str] = &[
    "'s",
    "'",
    "film",
    "films",
    "movie",
    "movies",
    "comedy",
    "drama",
    "novel",
    "novels",
    "book",
    "books",
    "classic",
    "best-seller",
    "bestseller",
    "series",
    "show",
    "revival",
    "campaign",
    "production",
    "story",
    "play",
    "team",
    "side",
    "victory",
    "defeat",
    "win",
];

/// Whether the words around a name say it is the title of a work: a work context before it
/// ([`WORK_BEFORE`]), unless a noun follows that the name modifies ([`WORK_MODIFIED`]); a
/// title noun after it ([`WORK_AFTER`]); or an apposition that casts or directs it ("X,
/// starring Tom Hanks", "X, which starred ...", "X, directed by ...").
fn work_context(doc: &Document, m: &Mention) -> bool {
    let Range { start: a, end: b } = doc.token_range(m.span);
    let Some(sentence) = doc.sentence_tokens(m.span.start) else {
        return false;
    };
    let word = |k: usize| sentence.contains(&k).then(|| doc.token_text(k));
    let next = word(b);
    // "the X" / "The X" before the name is part of the title ("a remake of The Fog")
    let start = if a > 0 && word(a - 1).is_some_and(|w| w.eq_ignore_ascii_case("the")) {
        a - 1
    } else {
        a
    };
    let before = start
        .checked_sub(2)
        .and_then(|k| Some((word(k)?, word(k + 1)?)))
        .is_some_and(|(w2, w1)| WORK_BEFORE.contains(&(w2, w1)));
    if before && !next.is_some_and(|w| WORK_MODIFIED.contains(&w)) {
        return true;
    }
    if next.is_some_and(|w| WORK_AFTER.contains(&w)) {
        return true;
    }
    next == Some(",")
        && match (word(b + 1), word(b + 2)) {
            (Some("starring"), Some(w)) => w != "in",
            (Some("which"), Some(w)) => matches!(w, "stars" | "starred"),
            (Some("directed"), Some("by")) => true,
            _ => false,
        }
}

/// Words that news prose capitalises inside a name only when the name is a title written in
/// title case ("For Your Eyes Only", "Butterflies And Hurricanes", "Who Wants To Live
/// Forever"): pronouns and possessives anywhere in the name, and, after its first word, the
/// function words that names of organisations and places keep in lower case ("Bank of
/// England", "Marks and Spencer", "Isle of Wight").
const TITLE_PRONOUNS: &[&str] = &[
    "I", "Me", "My", "You", "Your", "We", "Our", "Us", "It", "Its", "Him", "Her", "They", "Them",
    "Their", "Who", "What", "Don't", "Can't", "Is", "Are", "Was",
];
const TITLE_FUNCTION_WORDS: &[&str] = &[
    "And", "Of", "The", "For", "To", "In", "On", "With", "At", "A", "An", "From", "By", "Or",
];

fn is_title_word(w: &str) -> bool {
    TITLE_PRONOUNS.contains(&w) || TITLE_FUNCTION_WORDS.contains(&w)
}

/// Whether the sentence around a name is prose: at least two lower-case words outside the
/// tokens `a..b` (a Title Case or ALL CAPS headline capitalises every word and says nothing).
fn prose_around(doc: &Document, pos: usize, a: usize, b: usize) -> bool {
    doc.sentence_at(pos).is_some_and(|s| {
        doc.sentences[s]
            .tokens
            .clone()
            .filter(|&k| k < a || k >= b)
            .filter(|&k| doc.token_text(k).starts_with(|c: char| c.is_lowercase()))
            .nth(1)
            .is_some()
    })
}

/// Whether a name is written as a title in title case: it holds a pronoun, or a function word
/// after its first word, written with a capital, in a sentence of prose.
fn title_cased_words(doc: &Document, m: &Mention) -> bool {
    let Range { start: a, end: b } = doc.token_range(m.span);
    b > a + 1
        && (a..b).any(|k| {
            let w = doc.token_text(k);
            TITLE_PRONOUNS.contains(&w) || (k > a && TITLE_FUNCTION_WORDS.contains(&w))
        })
        && prose_around(doc, m.span.start, a, b)
}

/// Whether a name stands inside a longer run of capitalised words that is a title in title
/// case, in prose: the run holds a capitalised function word or pronoun after its first word
/// ("the song See It In A Boy's Eyes", "for A Girl in A Car With A Man"), which names of
/// organisations and places write in lower case. The run goes over capitalised words within
/// the sentence (not over a lower-case word: "Katharine Hepburn in The Aviator" is a name and a
/// title), and over possessive "'s" before the name, not after it (an owner is no part of
/// what it owns: "Girls Aloud's Wake Me Up"); it does not end in such a word ("the European
/// Union In his speech", a sentence run on), and "I" is no mark ("Liverpool I think").
fn in_title_run(doc: &Document, m: &Mention) -> bool {
    let Range { start: a, end: b } = doc.token_range(m.span);
    let Some(sentence) = doc.sentence_tokens(m.span.start) else {
        return false;
    };
    let capital = |k: usize| doc.token_text(k).starts_with(char::is_uppercase);
    let part = |k: usize| {
        let w = doc.token_text(k);
        capital(k) || matches!(w, "'s" | "’s")
    };
    let mut start = a;
    while start > sentence.start && part(start - 1) {
        start -= 1;
    }
    // (an owner is no part of what it owns: "Girls Aloud's Wake Me Up" is a band and a song)
    let mut end = b;
    while end < sentence.end && capital(end) {
        end += 1;
    }
    if (start, end) == (a, b) || is_title_word(doc.token_text(end - 1)) {
        return false;
    }
    (start + 1..end).any(|k| {
        let w = doc.token_text(k);
        w != "I" && is_title_word(w)
    }) && prose_around(doc, m.span.start, start, end)
}

/// Whether a name is a work's subtitle: right after a colon that follows a capitalised word
/// in prose ("the premiere of Godzilla: Final Wars", "Halloween: The Curse of Michael Myers");
/// not a results line ("Leeds: Balshaw; Rees") nor speech ("he told MPs: \"...").
fn after_title_colon(doc: &Document, m: &Mention) -> bool {
    let a = doc.token_at_or_after(m.span.start);
    let Some(sentence) = doc.sentence_tokens(m.span.start) else {
        return false;
    };
    a >= sentence.start + 2
        && doc.token_text(a - 1) == ":"
        && doc.tokens[a - 1].span.start == doc.tokens[a - 2].span.end
        && doc.token_text(a - 2).starts_with(char::is_uppercase)
        && (sentence.start..a - 2)
            .filter(|&k| doc.token_text(k).starts_with(char::is_lowercase))
            .nth(1)
            .is_some()
}

/// A name the model ran on over a capitalised pronoun or function word in prose ("Skype In",
/// "Liverpool I think", "European Union In a statement") ends before it, when what is left is
/// a name the article or the gazetteer knows; otherwise the title test reads the whole.
fn trim_title_words(doc: &Document, mentions: &mut [Mention], res: Option<&Resources>) {
    let mut trims = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if !found_as_name(m) {
            continue;
        }
        let Range { start: a, end: b } = doc.token_range(m.span);
        let mut end = b;
        while end > a + 1 && is_title_word(doc.token_text(end - 1)) {
            end -= 1;
        }
        if end == b || is_title_word(doc.token_text(end - 1)) {
            continue;
        }
        let rest = Span {
            start: m.span.start,
            end: doc.tokens[end - 1].span.end,
        };
        let text = doc.slice(rest);
        let known = res.is_some_and(|r| r.gazetteer.lookup(text).is_some())
            || mentions
                .iter()
                .any(|o| o.span != m.span && doc.slice(o.span) == text);
        if known && prose_around(doc, m.span.start, a, b) {
            trims.push((i, rest));
        }
    }
    for (i, rest) in trims {
        mentions[i].span = rest;
    }
}

/// A name the model or the rules found, not the gazetteer: what the title and kind-of-thing
/// readings below may change or drop.
fn found_as_name(m: &Mention) -> bool {
    m.source != MentionSource::Gazetteer && m.form == MentionForm::Name
}

/// Whether a name may be a title the model took for a name: found by the model or the rules
/// (not the gazetteer), typed only as a generic organisation or place, or as a person whose
/// name does not open with a given name ("the biopic Kinsey"; "the film Alexander" stays as
/// ambiguous as it is).
fn may_be_a_title(doc: &Document, m: &Mention, res: Option<&Resources>) -> bool {
    if !found_as_name(m) {
        return false;
    }
    match m.etype {
        EntityType::Organization | EntityType::Location => true,
        EntityType::Person => res
            .is_some_and(|r| !r.is_given_name(doc.token_text(doc.token_at_or_after(m.span.start)))),
        _ => false,
    }
}

/// One sense per article for titles: once a name is seen to be a work or an event ("the comedy
/// Sideways"), its other mentions in the article that only the model found go too ("Sideways
/// is written and directed by ...", "Sideways producer Michael London"), as the rule above
/// reads them ([`may_be_a_title`]): a "person" whose name opens with a given name stays.
fn drop_titles_named_elsewhere(
    doc: &Document,
    works: &[Mention],
    kept: &mut Vec<Mention>,
    res: Option<&Resources>,
) {
    if works.is_empty() {
        return;
    }
    let titles: std::collections::HashSet<&str> = works.iter().map(|m| doc.slice(m.span)).collect();
    kept.retain(|m| !(may_be_a_title(doc, m, res) && titles.contains(doc.slice(m.span))));
}

impl RuleRecognizer {
    /// The place and region of a dateline as mentions: the gazetteer's place when it knows the
    /// name (a capital stays the city: the story was filed there), else a Location.
    fn dateline_places(&self, doc: &Document, d: &crate::document::Dateline) -> Vec<Mention> {
        let gaz = &self.res.gazetteer;
        std::iter::once(d.place)
            .chain(d.region)
            .map(|span| {
                let entry = gaz
                    .lookup(doc.slice(span))
                    .filter(|&g| gaz.entries[g].etype.is_place());
                Mention {
                    span,
                    etype: entry.map_or(EntityType::Location, |g| gaz.entries[g].etype),
                    source: if entry.is_some() {
                        MentionSource::Gazetteer
                    } else {
                        MentionSource::Cue
                    },
                    form: MentionForm::Name,
                    gazetteer: entry,
                    confidence: 0.9,
                    entity: None,
                }
            })
            .collect()
    }
}

/// Longest candidate first; equal spans go to the stronger source.
fn select(cands: &mut [Mention]) -> Vec<Mention> {
    cands.sort_by(|a, b| {
        b.span
            .len()
            .cmp(&a.span.len())
            .then(b.source.cmp(&a.source))
            .then(a.span.start.cmp(&b.span.start))
    });
    // kept spans never overlap, so the only one that can overlap a candidate is the kept span
    // starting last before the candidate ends
    let mut kept: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut out: Vec<Mention> = Vec::new();
    for c in cands.iter() {
        let free = kept
            .range(..c.span.end)
            .next_back()
            .is_none_or(|(_, &end)| end <= c.span.start);
        if free {
            kept.insert(c.span.start, c.span.end);
            out.push(c.clone());
        }
    }
    out.sort_by_key(|m| m.span.start);
    out
}

/// The model's confidence (see [`crate::ner::TokenLabel`]) above which a name on an ALL CAPS
/// line is kept though the article does not name it in ordinary text.
const CAPS_LINE_CONFIDENCE: f32 = 0.6;
/// ... above which a lone capitalised word opening a line that holds numbers (a results table,
/// a list) is kept though the article does not name it again.
const TABLE_LINE_CONFIDENCE: f32 = 0.6;
/// ... and one opening an ordinary sentence.
const PROSE_OPENER_CONFIDENCE: f32 = 0.95;

/// A span the model labelled.
#[derive(Clone, Copy)]
struct ModelSpan {
    span: Span,
    /// Index into `TYPES` (PER, ORG, LOC, MISC).
    coarse: usize,
    confidence: f32,
}

/// Words that make "<word> of <place>" the full name of a state.
const STATE_WORDS: &[&str] = &[
    "Principality",
    "Kingdom",
    "Republic",
    "Duchy",
    "Emirate",
    "Sultanate",
    "Colony",
    "Empire",
    "Commonwealth",
];

/// Pronouns (and their contractions) a model may mistake for a one-word name.
fn is_pronoun_word(w: &str) -> bool {
    // "US", "IT", "ME" in capitals are names (country, sector, state), "I" is not
    if w.len() > 1 && w.chars().all(|c| !c.is_lowercase()) {
        return false;
    }
    let w = w.to_lowercase().replace('’', "'");
    let base = w.split('\'').next().unwrap_or("");
    matches!(
        base,
        "i" | "we" | "you" | "he" | "she" | "it" | "they" | "me" | "us" | "him" | "her" | "them"
    )
}

const PER: usize = 0;
const ORG: usize = 1;
const LOC: usize = 2;
const MISC: usize = 3;

/// Indices of the items (sorted by start, none longer than `max_len` bytes) that can overlap
/// `span`: a binary search instead of a scan, so long articles merge in n log n.
fn window<T>(items: &[T], start: impl Fn(&T) -> usize, span: Span, max_len: usize) -> Range<usize> {
    let lo = items.partition_point(|x| start(x) + max_len <= span.start);
    let hi = items.partition_point(|x| start(x) < span.end);
    lo..hi.max(lo)
}

/// Does a fine type fit a coarse label?
/// A company, outlet or organisation the gazetteer knows, which the model read as a place by
/// its prepositions ("investors in Zentavo"): the gazetteer holds one entry per name, so no
/// place shares it. Not an agency: "Downing Street" and "the Kremlin" are also places.
fn org_read_as_place(t: EntityType, coarse: usize) -> bool {
    coarse == LOC && t.is_org() && t != EntityType::Agency
}

fn compatible(t: EntityType, coarse: usize) -> bool {
    match coarse {
        PER => t.is_person(),
        ORG => t.is_org(),
        LOC => matches!(t, EntityType::Country | EntityType::Location),
        _ => false,
    }
}

/// Letters after a name that are no part of it: honours and silk ("Guy Mansfield QC").
const POSTNOMINALS: &[&str] = &["QC", "KC", "OBE", "MBE", "CBE", "KBE", "DBE"];

/// A model span ending in "&" ("Marks &", then "Spencer" read as a person) goes on over the
/// span or the capitalised words right after it: a firm's name ("Marks & Spencer", "Stone &
/// McCarthy Research") is one organisation; an "&" with no name after it is dropped. `spans`
/// are (start, end, coarse type) over a sentence of `len` words, `word` reads one.
fn join_ampersands<'a>(
    spans: Vec<(usize, usize, usize)>,
    word: impl Fn(usize) -> &'a str,
    len: usize,
) -> Vec<(usize, usize, usize)> {
    let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(spans.len());
    let mut i = 0;
    while i < spans.len() {
        let (start, mut end, mut coarse) = spans[i];
        i += 1;
        if end > start + 1 && word(end - 1) == "&" {
            // the next span, else the capitalised words up to it
            let next = spans.get(i).filter(|next| next.0 == end).map(|next| next.1);
            let stop = spans.get(i).map_or(len, |next| next.0);
            let words = (end..stop).take_while(|&k| starts_upper(word(k))).count();
            match next {
                Some(next_end) => {
                    end = next_end;
                    i += 1;
                }
                None => end += words,
            }
            if next.is_some() || words > 0 {
                coarse = ORG;
            } else {
                end -= 1;
            }
        }
        out.push((start, end, coarse));
    }
    out
}

impl RuleRecognizer {
    /// The model's spans over the document's sentences.
    fn model_spans(
        &self,
        doc: &Document,
        sentences: &[Vec<&str>],
        model: &NerModel,
    ) -> Vec<ModelSpan> {
        let labels = model.tag_document(sentences);
        let mut out: Vec<ModelSpan> = Vec::new();
        for (s, l) in doc.sentences.iter().zip(labels) {
            let tags: Vec<usize> = l.iter().map(|t| t.label).collect();
            let spans = join_ampersands(
                label_spans(&tags)
                    .into_iter()
                    .map(|sp| (sp.start, sp.end, type_of(tags[sp.start]).unwrap_or(MISC)))
                    .collect(),
                |k| doc.token_text(s.tokens.start + k),
                s.tokens.len(),
            );
            for (start, end, coarse) in spans {
                let (a, mut b) = (s.tokens.start + start, s.tokens.start + end);
                let mut coarse = coarse;
                // "Guy Mansfield QC": an honour or a silk after a name is no part of it
                while coarse == PER && b > a + 1 && POSTNOMINALS.contains(&doc.token_text(b - 1)) {
                    b -= 1;
                }
                // "Ms Simonetti was told ...": a name after Mr, Mrs or Ms is a person's,
                // whatever the model read the two words as (not after "Miss": "Miss Earth");
                // so is a name after a title of nobility that is no office and holds no "of"
                // ("in Lord Tarrow's words"; not "Lord Chancellor", "Lord of the Isles")
                let noble = matches!(
                    doc.token_text(a),
                    "Sir" | "Lord" | "Lady" | "Dame" | "Baroness" | "Baron"
                ) && b > a + 1
                    && (a + 1..b).all(|k| {
                        let w = doc.token_text(k);
                        starts_upper(w) && !self.res.is_any_title(&w.to_lowercase())
                    });
                if coarse != PER
                    && b > a + 1
                    && (matches!(
                        doc.token_text(a),
                        "Mr" | "Mr." | "Mrs" | "Mrs." | "Ms" | "Ms."
                    ) || noble)
                {
                    coarse = PER;
                }
                let confidence = l[start..end]
                    .iter()
                    .map(|t| t.confidence)
                    .fold(1.0, f32::min);
                // "Mr Blair": the honorific is not part of the name; a peer's title before one
                // word is ("Lord Tarrow", "Baroness Kendal": not a person called Kendal), not
                // "Sir" or "Dame", which stand before a given name ("Sir Elton" is Elton John)
                let peer = matches!(doc.token_text(a), "Lord" | "Lady" | "Baroness" | "Baron");
                let mut a = a;
                while coarse == PER
                    && a + 1 < b
                    && self.honorific(doc.token_text(a))
                    && !(noble && peer && b == a + 2)
                {
                    a += 1;
                }
                // "If Parliament rejects ...", "His Graceland home": a word that opens a sentence
                // and never a name is no part of the one after it
                if a == s.tokens.start && b > a + 1 && SENTENCE_OPENERS.contains(&doc.token_text(a))
                {
                    a += 1;
                }
                // "I've", "We": pronouns are not names
                if b == a + 1 && is_pronoun_word(doc.token_text(a)) {
                    continue;
                }
                // "Born in 1922 to ...", "Based in Paris, ...": a participle opening a sentence
                // before a preposition is no name
                if b == a + 1
                    && a == s.tokens.start
                    && PARTICIPLE_OPENERS.contains(&doc.token_text(a))
                    && b < s.tokens.end
                    && matches!(doc.token_text(b), "in" | "on" | "at" | "by" | "to" | "into")
                {
                    continue;
                }
                // a shouted phrase inside an ordinary sentence ("banners reading POWER FOR ALL,
                // NOT FOR SOME"): three or more ALL CAPS words in a row are not a name
                let caps = |k: usize| {
                    let w = doc.token_text(k);
                    w.chars().count() > 1 && w.chars().all(|c| c.is_uppercase())
                };
                let mut lo = a;
                while lo > s.tokens.start && caps(lo - 1) {
                    lo -= 1;
                }
                let mut hi = a;
                while hi < s.tokens.end && caps(hi) {
                    hi += 1;
                }
                // (a line in capitals throughout, a headline or a fixture "CINCINNATI AT
                // COLORADO", is left to the model's confidence below)
                let ordinary = || {
                    s.tokens
                        .clone()
                        .any(|k| doc.token_text(k).chars().any(char::is_lowercase))
                };
                if hi - lo >= 3 && (a..b).all(caps) && ordinary() {
                    continue;
                }
                let span = Span::new(doc.tokens[a].span.start, doc.tokens[b - 1].span.end);
                // "River Severn", "Lansdowne Road", "Lake Victoria": a place by its head word,
                // whatever the model read it as (not "Nottingham Forest", a club; not a name the
                // gazetteer knows: "Downing Street" speaks for the government)
                // (a body named after a place keeps its head: "Mount Sinai Hospital")
                let words = || (a..b).map(|k| doc.token_text(k)).collect::<Vec<_>>();
                if coarse == ORG
                    && b > a + 1
                    && ((PLACE_FIRST_WORDS.contains(&doc.token_text(a))
                        && self.org_type(&words()).is_none())
                        || PLACE_LAST_WORDS.contains(&doc.token_text(b - 1))
                        || (BUILDING_LAST_WORDS.contains(&doc.token_text(b - 1))
                            && a > s.tokens.start
                            && PLACE_BEFORE.contains(&doc.token_text(a - 1))))
                    && self.res.gazetteer.lookup(doc.slice(span)).is_none()
                {
                    coarse = LOC;
                }
                // "Principality of" + "Guria": a state's full name
                let state_start = (a >= s.tokens.start + 2
                    && coarse == LOC
                    && doc.token_text(a - 1) == "of"
                    && STATE_WORDS.contains(&doc.token_text(a - 2)))
                .then(|| {
                    let k = a - 2;
                    if k > s.tokens.start && matches!(doc.token_text(k - 1), "Crown" | "Grand") {
                        k - 1
                    } else {
                        k
                    }
                });
                if let Some(k) = state_start {
                    if out
                        .last()
                        .is_none_or(|p| p.span.end <= doc.tokens[k].span.start)
                    {
                        out.push(ModelSpan {
                            span: Span::new(doc.tokens[k].span.start, doc.tokens[b - 1].span.end),
                            coarse,
                            confidence,
                        });
                        continue;
                    }
                }
                // "Communist Party" + "of" + "Greece": one organisation when the first part ends
                // with an organisation head word
                if let Some(prev) = out.last_mut() {
                    let between = doc.text[prev.span.end..span.start].trim();
                    let last = doc.text[prev.span.start..prev.span.end]
                        .rsplit(' ')
                        .next()
                        .unwrap_or("");
                    if prev.coarse == ORG
                        && coarse == LOC
                        && (between == "of" || between == "of the")
                        && self.res.org_heads.contains_key(last)
                    {
                        prev.span = Span::new(prev.span.start, span.end);
                        prev.confidence = prev.confidence.min(confidence);
                        continue;
                    }
                }
                out.push(ModelSpan {
                    span,
                    coarse,
                    confidence,
                });
            }
        }
        out
    }

    /// Fine type of a model span that no rule candidate explains.
    fn type_model_span(&self, doc: &Document, m: &ModelSpan) -> Option<Mention> {
        let text = doc.slice(m.span);
        let gaz = &self.res.gazetteer;
        let entry = gaz.lookup(text).filter(|&g| {
            let t = gaz.entries[g].etype;
            compatible(t, m.coarse) || t == EntityType::Country || org_read_as_place(t, m.coarse)
        });
        let etype = match (entry, m.coarse) {
            (Some(g), _) => gaz.entries[g].etype,
            (None, PER) => EntityType::Person,
            (None, ORG) => {
                let (a, b) = (
                    doc.token_at_or_after(m.span.start),
                    doc.token_at_or_after(m.span.end),
                );
                let words = self.words(doc, a, b);
                self.org_type(&words).unwrap_or(EntityType::Organization)
            }
            // "Kestrana Logistics", "Bank of Finland": a head word makes a place an organisation
            (None, LOC) => {
                let (a, b) = (
                    doc.token_at_or_after(m.span.start),
                    doc.token_at_or_after(m.span.end),
                );
                let words = self.words(doc, a, b);
                let state = words.len() > 2
                    && words.iter().take(2).any(|w| STATE_WORDS.contains(w))
                    && words.contains(&"of");
                if state {
                    EntityType::Country
                } else if words.len() > 1 {
                    self.org_type(&words).unwrap_or(EntityType::Location)
                } else {
                    EntityType::Location
                }
            }
            _ => return None,
        };
        Some(Mention {
            span: m.span,
            etype,
            source: MentionSource::Model,
            form: MentionForm::Name,
            gazetteer: entry,
            confidence: 0.5 + 0.45 * m.confidence,
            entity: None,
        })
    }

    /// The mentions for one model span that crosses no rule candidate.
    fn settle(&self, doc: &Document, rules: &[Mention], m: &ModelSpan, out: &mut Vec<Mention>) {
        let exact = rules
            .iter()
            .filter(|r| r.span == m.span)
            .max_by_key(|r| r.source);
        if m.coarse == MISC {
            // "Chinese", "Iraqi": a demonym stands for its country; an organisation the
            // gazetteer knows by its full name is one, whatever its products ("Airbus", which
            // the model learnt as the planes' make; not an alias or acronym: "Republicans",
            // party members, "RBI", runs batted in)
            if let Some(r) = exact.filter(|r| {
                r.source == MentionSource::Gazetteer
                    && (r.etype == EntityType::Country
                        || r.etype.is_org() && r.form == MentionForm::Name)
            }) {
                out.push(r.clone());
            }
            return;
        }
        if rules.iter().any(|r| {
            r.source == MentionSource::Gazetteer && r.span.contains(m.span) && r.span != m.span
        }) {
            return; // the longer gazetteer name is kept by the caller
        }
        // "International Policy Digest and The Daily Caller": two names when the rules know one
        // side of the "and" as a name of its own; so for "&" after two words or more ("Western
        // Rugby League & Coast Eagles"), not after one, which makes a firm's name ("Stone &
        // McCarthy Research", "Marks & Spencer")
        if exact.is_none() {
            let (a, b) = (
                doc.token_at_or_after(m.span.start),
                doc.token_at_or_after(m.span.end),
            );
            for k in a + 1..b.saturating_sub(1) {
                if doc.token_text(k) == "and" || (doc.token_text(k) == "&" && k >= a + 2) {
                    let left = Span::new(m.span.start, doc.tokens[k - 1].span.end);
                    let right = Span::new(doc.tokens[k + 1].span.start, m.span.end);
                    if rules.iter().any(|r| r.span == left || r.span == right) {
                        for part in [left, right] {
                            let sub = ModelSpan { span: part, ..*m };
                            self.settle(doc, rules, &sub, out);
                        }
                        return;
                    }
                }
            }
        }
        let mut inner: Vec<Mention> = rules
            .iter()
            .filter(|r| m.span.contains(r.span) && r.span != m.span)
            .cloned()
            .collect();
        let inner = select(&mut inner);
        // a person inside a longer span: "... Cyberspace Administration Wang Jianchao"; a country
        // inside an organisation's name ("Italian Communist Party") stays part of the name
        if inner.len() >= 2 && inner.iter().any(|r| r.etype.is_person()) {
            out.extend(inner);
            return;
        }
        if let Some(r) = exact.filter(|r| {
            compatible(r.etype, m.coarse)
                || (r.source == MentionSource::Gazetteer && r.etype == EntityType::Country)
                || (r.source == MentionSource::Gazetteer && org_read_as_place(r.etype, m.coarse))
                || (r.source == MentionSource::Gazetteer
                    && r.etype == EntityType::Location
                    && place_office_beside(doc, m.span))
        }) {
            let mut r = r.clone();
            r.confidence = r.confidence.max(0.5 + 0.45 * m.confidence);
            out.push(r);
            return;
        }
        out.extend(self.type_model_span(doc, m));
    }

    /// Candidates from the model and the rules, merged (see the module documentation).
    fn merge_with_model(&self, doc: &Document, model: &NerModel) -> Vec<Mention> {
        let mut rules = self.recognize(doc);
        rules.sort_by_key(|r| r.span.start);
        let rule_len = rules.iter().map(|r| r.span.len()).max().unwrap_or(0);
        let near = |span: Span| &rules[window(&rules, |r| r.span.start, span, rule_len)];
        let words: Vec<Vec<&str>> = doc
            .sentences
            .iter()
            .map(|s| s.tokens.clone().map(|i| doc.token_text(i)).collect())
            .collect();
        let spans = self.model_spans(doc, &words, model);
        let keys: Vec<String> = spans
            .iter()
            .map(|m| normalize_key(doc.slice(m.span)))
            .collect();
        // in a Title Case headline capitalisation says nothing: keep a model span there only when
        // the same name is found in ordinary sentences too. On an ALL CAPS line (wire headlines,
        // "HOUSTON 73 63 .537") the model was trained on such lines: its confidence decides too.
        let caps_line: Vec<bool> = words
            .iter()
            .map(|w| crate::ner::features::all_caps_sentence(w))
            .collect();
        let uncased: Vec<bool> = doc
            .sentences
            .iter()
            .zip(&caps_line)
            .map(|(s, &caps)| caps || (s.headline && title_like(doc, s.tokens.clone())))
            .collect();
        let line_of = |m: &ModelSpan| doc.sentence_at(m.span.start);
        let cased = |m: &ModelSpan| line_of(m).is_none_or(|si| !uncased[si]);
        let known: std::collections::HashSet<&str> = spans
            .iter()
            .zip(&keys)
            .filter(|(m, _)| cased(m))
            .map(|(_, k)| k.as_str())
            .collect();
        let kept: Vec<(ModelSpan, &str)> = spans
            .into_iter()
            .zip(keys.iter().map(String::as_str))
            .filter(|(m, k)| {
                cased(m)
                    || known.contains(k)
                    || (line_of(m).is_some_and(|si| caps_line[si])
                        && m.confidence >= CAPS_LINE_CONFIDENCE)
            })
            .collect();
        // a lone capitalised word opening a sentence or a quotation ("“Cyberattacks, ...") is a
        // name only with more evidence: a name list knows it, the article names it again, or the
        // model is sure of it (less sure on a results or list line holding numbers: "Swansea 49
        // Cardiff 23"; never for a word standing alone on its line: "Hello,", "Bravo!")
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (_, k) in &kept {
            *seen.entry(k).or_default() += 1;
        }
        let opener_threshold = |si: usize| {
            let r = doc.sentences[si].tokens.clone();
            let number = r
                .clone()
                .any(|i| doc.token_text(i).starts_with(|c: char| c.is_ascii_digit()));
            let words = r
                .filter(|&i| doc.token_text(i).chars().any(char::is_alphanumeric))
                .count();
            if number {
                Some(TABLE_LINE_CONFIDENCE)
            } else if words > 1 {
                Some(PROSE_OPENER_CONFIDENCE)
            } else {
                None
            }
        };
        let spans: Vec<ModelSpan> = kept
            .iter()
            .filter(|(m, key)| {
                let k = doc.token_at_or_after(m.span.start);
                let single = doc.tokens[k].span.end == m.span.end;
                let opening = line_of(m).is_some_and(|si| {
                    let start = doc.sentences[si].tokens.start;
                    k == start || (k == start + 1 && doc.tokens[start].kind == TokenKind::Quote)
                });
                let word = doc.token_text(k);
                let lone_opener = single
                    && opening
                    && seen[key] == 1
                    && !self.is_given(word)
                    && !self.is_surname(word);
                !lone_opener
                    || line_of(m)
                        .and_then(opener_threshold)
                        .is_some_and(|t| m.confidence >= t)
                    || near(m.span)
                        .iter()
                        .any(|r| r.source == MentionSource::Gazetteer && r.span.overlaps(m.span))
            })
            .map(|(m, _)| *m)
            .collect();
        let crosses = |a: Span, b: Span| a.overlaps(b) && !a.contains(b) && !b.contains(a);
        // where a rule candidate crosses a model boundary ("... Administration Wang" + "Jianchao"
        // against "Wang Jianchao"), the rules' lexical evidence (titles, head words, names) decides
        let crossed: Vec<bool> = spans
            .iter()
            .map(|m| {
                m.coarse != MISC
                    && near(m.span).iter().any(|r| {
                        crosses(r.span, m.span)
                            && (r.source == MentionSource::Gazetteer
                                || (r.etype.is_person()
                                    && self.person_evidence(&self.words(
                                        doc,
                                        doc.token_at_or_after(r.span.start),
                                        doc.token_at_or_after(r.span.end),
                                    ))))
                    })
            })
            .collect();
        let mut out: Vec<Mention> = Vec::new();
        for (m, _) in spans.iter().zip(&crossed).filter(|(_, c)| !**c) {
            self.settle(doc, near(m.span), m, &mut out);
        }
        let span_len = spans.iter().map(|m| m.span.len()).max().unwrap_or(0);
        for r in &rules {
            let w = window(&spans, |m| m.span.start, r.span, span_len);
            let overlapping: Vec<&ModelSpan> = spans[w.clone()]
                .iter()
                .zip(&crossed[w.clone()])
                .filter(|(m, c)| !**c && m.span.overlaps(r.span))
                .map(|(m, _)| m)
                .collect();
            let in_crossed = spans[w.clone()]
                .iter()
                .zip(&crossed[w])
                .any(|(m, c)| *c && m.span.overlaps(r.span));
            let keep = if in_crossed {
                overlapping.iter().all(|m| m.coarse != MISC)
            } else if overlapping.is_empty() {
                r.source != MentionSource::Shape
            } else {
                r.source == MentionSource::Gazetteer
                    && overlapping
                        .iter()
                        .all(|m| r.span.contains(m.span) && r.span != m.span)
            };
            if keep {
                out.push(r.clone());
            }
        }
        out
    }
}

/// Rule- and gazetteer-based recognizer.
pub struct RuleRecognizer {
    res: Arc<Resources>,
    /// The parser's word list, to tell common words from names.
    words: Option<&'static ParserModel>,
}

/// Lowercase generic government bodies: "foreign ministry", "defense department".
const GENERIC_AGENCY_MODIFIERS: &[&str] = &[
    "foreign",
    "defence",
    "defense",
    "finance",
    "commerce",
    "trade",
    "interior",
    "justice",
    "health",
    "education",
    "agriculture",
    "energy",
    "environment",
    "information",
    "culture",
    "economy",
    "industry",
    "labor",
    "labour",
    "transport",
    "home",
    "state",
    "treasury",
    "foreign affairs",
    "public security",
    "state security",
];
/// Last words of names of events, competitions and awards ("Davis Cup", "Academy Awards").
const EVENT_HEADS: &[&str] = &[
    "Cup",
    "Awards",
    "Award",
    "Prize",
    "Prizes",
    "Games",
    "Olympics",
    "Championship",
    "Championships",
    "Open",
    "Festival",
    "Trophy",
    "Tour",
    "Series",
    "Summit",
    "Conference",
    "Election",
    "Elections",
    "Marathon",
    "Grand",
];
const GENERIC_AGENCY_HEADS: &[&str] = &["ministry", "department", "office"];

impl RuleRecognizer {
    pub fn new(res: Arc<Resources>) -> Self {
        RuleRecognizer {
            res,
            words: ParserModel::builtin_shared().ok(),
        }
    }

    /// "Mr", "Mrs.", "Dr": a title that is only a courtesy.
    fn honorific(&self, w: &str) -> bool {
        self.res.is_title(&w.to_lowercase(), TitleClass::Honorific)
    }

    fn is_given(&self, w: &str) -> bool {
        self.res.is_given_name(w)
    }
    fn is_surname(&self, w: &str) -> bool {
        self.res.surnames.contains(w) || self.res.surnames.contains(&fold(w))
    }

    /// Lexical evidence that the tokens form a person's name.
    fn person_evidence(&self, words: &[&str]) -> bool {
        if words.is_empty() || words.len() > 5 {
            return false;
        }
        let name_like = words.iter().all(|w| {
            let w = w.trim_end_matches('.');
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’' || c == '.')
                && (starts_upper(w) || NAME_PARTICLES.contains(&w) || w.contains('-'))
        });
        if !name_like {
            return false;
        }
        let first = words[0];
        let last = words[words.len() - 1];
        if words.len() == 1 {
            return false;
        }
        self.is_given(first) || self.is_surname(last) || self.is_surname(first) || {
            // an initial in the middle: "Christopher J. Bing"
            words.len() == 3 && words[1].len() == 2 && words[1].ends_with('.')
        }
    }

    /// Organisation type from head words.
    fn org_type(&self, words: &[&str]) -> Option<EntityType> {
        let heads = &self.res.org_heads;
        // a head of two words decides before the words alone, wherever it stands: "Central
        // Bank" is a government body whatever "Bank" says ("the Central Bank of Nigeria")
        if let Some(t) = words
            .windows(2)
            .find_map(|w| heads.get(&format!("{} {}", w[0], w[1])))
        {
            return Some(t.0);
        }
        // a last word right after "of" names the field, not the kind ("Department of Energy",
        // "Royal Academy of Engineering"): only the words that may stand anywhere count then
        // ("Bank of America Corp" keeps its last word)
        let of_last = words.len() > 2 && words[words.len() - 2] == "of";
        if let Some(last) = words.last().filter(|_| !of_last) {
            if let Some((t, _)) = heads.get(*last) {
                return Some(*t);
            }
        }
        // the word before "of" heads the name as its last word would: "Mount Sinai School of
        // Medicine", "Royal Society of Chemistry"
        if let Some(i) = words.iter().position(|w| *w == "of").filter(|&i| i > 0) {
            if let Some((t, _)) = heads.get(words[i - 1]) {
                return Some(*t);
            }
        }
        words.iter().find_map(|w| match heads.get(*w) {
            Some((t, HeadPosition::Any)) => Some(*t),
            _ => None,
        })
    }
}

/// A capitalised token that may be part of a name.
fn capitalised(doc: &Document, i: usize) -> bool {
    let t = &doc.tokens[i];
    if t.kind != TokenKind::Word && t.kind != TokenKind::Number {
        return false;
    }
    let s = doc.token_text(i);
    if s == "’s" || s == "'s" || MONTHS_AND_DAYS.contains(&s) {
        return false;
    }
    if starts_upper(s) {
        return true;
    }
    // "al-Hakim", "bin-Salman"
    if let Some((pre, rest)) = s.split_once('-') {
        return pre.len() <= 3 && starts_upper(rest);
    }
    false
}

/// A sentence in Title Case or ALL CAPS: capitalisation says nothing about names there.
fn title_like(doc: &Document, range: std::ops::Range<usize>) -> bool {
    let mut words = 0;
    let mut caps = 0;
    let mut all_caps = 0;
    for i in range {
        let t = &doc.tokens[i];
        let s = doc.token_text(i);
        if t.kind == TokenKind::Word && s.chars().count() > 3 {
            words += 1;
            if starts_upper(s) {
                caps += 1;
            }
            if super::util::is_all_caps(s) {
                all_caps += 1;
            }
        }
    }
    // Title Case: (nearly) every longer word capitalised; ALL CAPS: most of them
    words >= 4 && (caps * 10 >= words * 9 || all_caps * 10 >= words * 7)
}

/// Past participles that a name is joined to by a hyphen as their agent or place ("the
/// Iran-backed militia", "a Moscow-backed candidate", "the US-led coalition", "a Paris-based
/// firm"): the name inside the one token is a mention of its own.
const HYPHEN_PARTICIPLES: &[&str] = &[
    "backed",
    "funded",
    "financed",
    "sponsored",
    "supported",
    "brokered",
    "armed",
    "trained",
    "allied",
    "aligned",
    "led",
    "controlled",
    "owned",
    "run",
    "based",
    "made",
    "imposed",
    "installed",
];

impl RuleRecognizer {
    /// "Iran-backed", "Moscow-backed", "US-led": the name before the hyphen, when the gazetteer
    /// knows it as written, as a mention of its own (a capital standing for its country's
    /// government, as before a verb: "Moscow-backed" is backed by Russia), with the whole
    /// word's span and the start of the token after it.
    fn names_before_a_participle(&self, doc: &Document) -> Vec<(Mention, Span, usize)> {
        let mut out = Vec::new();
        let gaz = &self.res.gazetteer;
        for (k, t) in doc.tokens.iter().enumerate() {
            if t.kind != TokenKind::Word || t.span.start < doc.body_start {
                continue;
            }
            let Some((name, participle)) = doc.token_text(k).rsplit_once('-') else {
                continue;
            };
            if !HYPHEN_PARTICIPLES.contains(&participle) || !starts_upper(name) {
                continue;
            }
            let Some(entry) = gaz.lookup(name) else {
                continue;
            };
            let e = &gaz.entries[entry];
            // (as written: "US" for the United States, not a lower-case alias)
            if !(e.name == name || e.aliases.iter().any(|a| a == name)) {
                continue;
            }
            // (a capital stands for its government where it acts, not where it is a place:
            // "a London-based firm", "a London-trained lawyer")
            let place = matches!(participle, "based" | "made" | "trained");
            let (entry, form) = match e.capital_of {
                Some(c) if !place => (c, MentionForm::Capital),
                _ if e.name == name => (entry, MentionForm::Name),
                _ => (entry, MentionForm::Alias),
            };
            let mention = Mention {
                span: Span::new(t.span.start, t.span.start + name.len()),
                etype: gaz.entries[entry].etype,
                source: MentionSource::Gazetteer,
                form,
                gazetteer: Some(entry),
                confidence: 0.9,
                entity: None,
            };
            // (the word's span, and where the next token starts)
            let next = doc.tokens.get(k + 1).map_or(t.span.end, |n| n.span.start);
            out.push((mention, t.span, next));
        }
        out
    }
}

/// Puts the names read before a hyphenated participle
/// ([`RuleRecognizer::names_before_a_participle`]) in place of what was selected over their
/// word: a mention of the word alone ("Iran-backed" read as one name) gives way, and one that
/// opens with the word ("Iran-backed Hezbollah") starts at the token after it, when that is
/// capitalised (else it goes: "Iran-backed militia" is no name).
fn names_before_participles(
    doc: &Document,
    selected: &mut Vec<Mention>,
    found: Vec<(Mention, Span, usize)>,
) {
    for (name, word, next) in found {
        let mut keep = true;
        selected.retain_mut(|m| {
            if !m.span.overlaps(word) {
                return true;
            }
            if m.span.start == word.start && m.span.end > next {
                if !starts_upper(&doc.text[next..m.span.end]) {
                    return false;
                }
                m.span.start = next;
                return true;
            }
            if m.span.start >= word.start && m.span.end <= word.end {
                return false;
            }
            // a longer name the word stands inside ("the US-led Coalition Provisional
            // Authority"): left as it is
            keep = false;
            true
        });
        if keep {
            selected.push(name);
        }
    }
    selected.sort_by_key(|m| (m.span.start, m.span.end));
}

impl Recognizer for RuleRecognizer {
    fn recognize(&self, doc: &Document) -> Vec<Mention> {
        let mut out = Vec::new();
        let body = Span::new(doc.body_start, doc.text.len());
        let gaz = &self.res.gazetteer;
        for m in gaz.matcher.find(&doc.text, &doc.tokens, body) {
            // prefer the entry whose type is most specific to news: country > org > person > place
            let best = m
                .payloads
                .iter()
                .map(|&p| gaz.forms[p as usize])
                .min_by_key(|(e, _)| match gaz.entries[*e].etype {
                    EntityType::Country => 0,
                    t if t.is_org() => 1,
                    t if t.is_person() => 2,
                    _ => 3,
                });
            // a name that is a number ("Five", the channel) counts things before a noun, an
            // adjective or "of" ("Five public sector unions", "Five of the eight"): a name only
            // before punctuation or a verb ("Five has bought", "Five's")
            let text = doc.slice(m.span);
            if NUMBER_WORDS.iter().any(|n| n.eq_ignore_ascii_case(text)) {
                let next = doc.token_at_or_after(m.span.end);
                let counts = next < doc.tokens.len()
                    && doc.tokens[next].kind == TokenKind::Word
                    && !matches!(doc.token_text(next), "'s" | "’s")
                    && !self
                        .words
                        .is_some_and(|p| p.may_be_verb(doc.token_text(next)));
                if counts {
                    continue;
                }
            }
            if let Some((entry, form)) = best {
                let e = &gaz.entries[entry];
                out.push(Mention {
                    span: m.span,
                    etype: e.etype,
                    source: MentionSource::Gazetteer,
                    form,
                    gazetteer: Some(entry),
                    confidence: 0.95,
                    entity: None,
                });
            }
        }
        let ctx = RunContext::new(doc, self.res.titles_in(doc));
        for s in &doc.sentences {
            if title_like(doc, s.tokens.clone()) {
                continue;
            }
            self.chunks(doc, s.tokens.clone(), &ctx, &mut out);
            self.generic_agencies(doc, s.tokens.clone(), &mut out);
        }
        out
    }
}

/// What the rules read a document's capitalised runs with, computed once per document: its
/// titles in text order, and the capitalised words it writes inside a sentence (not first in
/// the sentence or after a quotation mark), which are names wherever they stand.
struct RunContext<'d> {
    titles: Vec<(Span, TitleClass)>,
    capitalised_inside: std::collections::HashSet<&'d str>,
}

impl<'d> RunContext<'d> {
    fn new(doc: &'d Document, titles: Vec<(Span, TitleClass)>) -> Self {
        let mut capitalised_inside = std::collections::HashSet::new();
        for s in &doc.sentences {
            for k in s.tokens.clone().skip(1) {
                let w = doc.token_text(k);
                if starts_upper(w) && doc.tokens[k - 1].kind != TokenKind::Quote {
                    capitalised_inside.insert(w);
                }
            }
        }
        RunContext {
            titles,
            capitalised_inside,
        }
    }
}

impl RuleRecognizer {
    /// Capitalised runs in one sentence, split and typed.
    fn chunks(
        &self,
        doc: &Document,
        range: std::ops::Range<usize>,
        ctx: &RunContext<'_>,
        out: &mut Vec<Mention>,
    ) {
        let mut i = range.start;
        let first_word = |k: usize| {
            // the sentence's first word, or the first word after an opening quote
            k == range.start || (k > range.start && doc.tokens[k - 1].kind == TokenKind::Quote)
        };
        while i < range.end {
            if !capitalised(doc, i) || (first_word(i) && NOT_NAMES.contains(&doc.token_text(i))) {
                i += 1;
                continue;
            }
            let start = i;
            let mut end = i + 1;
            loop {
                if end < range.end && !doc.tokens[end].line_start && capitalised(doc, end) {
                    end += 1;
                    continue;
                }
                // connectors: "of", "of the", "for", "on", "and", "&", name particles
                let mut k = end;
                while k < range.end && !doc.tokens[k].line_start && k - end < 2 {
                    let w = doc.token_text(k);
                    if matches!(w, "of" | "for" | "on" | "and" | "&" | "the")
                        || NAME_PARTICLES.contains(&w)
                    {
                        k += 1;
                    } else {
                        break;
                    }
                }
                if k > end && k < range.end && !doc.tokens[k].line_start && capitalised(doc, k) {
                    end = k + 1;
                    continue;
                }
                break;
            }
            self.employer_before_title(doc, start, end, range.clone(), ctx, out);
            self.split_and_type(doc, start, end, range.clone(), ctx, out);
            i = end;
        }
    }

    /// Whether words `a..b` before a job's title may name the employer: no function ("Finance",
    /// "Marketing"), no "Ex-" or "Under-pressure"; at the start of a sentence, where every word
    /// is capitalised, only a word that is no common word of English ("Pemex Director") or that
    /// the article also capitalises inside a sentence ("Factory manager Herbert Stueker" is no
    /// company's name).
    fn employer_words(
        &self,
        doc: &Document,
        a: usize,
        b: usize,
        sentence: std::ops::Range<usize>,
        ctx: &RunContext<'_>,
    ) -> bool {
        let plain = (a..b).all(|k| {
            let w = doc.token_text(k);
            let hyphen_lower = w
                .split_once('-')
                .is_some_and(|(_, rest)| rest.starts_with(char::is_lowercase));
            !FUNCTION_WORDS.contains(&w)
                && !NOT_NAMES.contains(&w)
                && !w.ends_with("ing")
                && !w.starts_with("Ex-")
                && !hyphen_lower
                && w.len() > 1
        });
        let opening = |k: usize| {
            doc.sentence_at(doc.tokens[k].span.start)
                .is_none_or(|si| doc.sentences[si].tokens.start == k)
                || (k > 0 && doc.tokens[k - 1].kind == TokenKind::Quote)
        };
        let first = doc.token_text(a);
        let common = self.words.is_some_and(|m| m.is_common_word(first));
        plain
            && (a != sentence.start && !opening(a)
                || !common
                || ctx.capitalised_inside.contains(first))
    }

    /// A name of one to three words right before a job's title in lower case and a person's
    /// name is the employer's: "Healy president George Malina", "Farley attorney Stephen
    /// Greiner" (not a function: "Marketing director Jo Hart"; not a name the gazetteer or an
    /// organisation head types anyway).
    fn employer_before_title(
        &self,
        doc: &Document,
        start: usize,
        end: usize,
        sentence: std::ops::Range<usize>,
        ctx: &RunContext<'_>,
        out: &mut Vec<Mention>,
    ) {
        if end - start > 3 || end >= sentence.end || starts_upper(doc.token_text(end)) {
            return;
        }
        let at = doc.tokens[end].span.start;
        let first = ctx.titles.partition_point(|(t, _)| t.start < at);
        let Some(&(tspan, class)) = ctx.titles.get(first).filter(|(t, _)| t.start == at) else {
            return;
        };
        let te = doc.token_at_or_after(tspan.end);
        let job = class == TitleClass::Role || doc.slice(tspan) == "president";
        if !job || te >= sentence.end || !capitalised(doc, te) {
            return;
        }
        let mut pe = te;
        while pe < sentence.end && pe < te + 4 && capitalised(doc, pe) {
            pe += 1;
        }
        let employer = (start..end).all(|k| self.title_modifier(doc, k))
            && self.employer_words(doc, start, end, sentence.clone(), ctx);
        if employer && self.person_evidence(&self.words(doc, te, pe)) {
            out.push(Mention {
                span: Span::new(doc.tokens[start].span.start, doc.tokens[end - 1].span.end),
                etype: EntityType::Organization,
                source: MentionSource::Cue,
                form: MentionForm::Name,
                gazetteer: None,
                confidence: 0.6,
                entity: None,
            });
        }
    }

    /// A capitalised word that can modify a title: not a gazetteer name, not an organisation head.
    fn title_modifier(&self, doc: &Document, k: usize) -> bool {
        let w = doc.token_text(k);
        if !starts_upper(w) || self.res.org_heads.contains_key(w) || w.ends_with('.') {
            return false;
        }
        let span = doc.tokens[k].span;
        self.res
            .gazetteer
            .matcher
            .find(&doc.text, &doc.tokens, span)
            .is_empty()
    }

    fn words<'a>(&self, doc: &'a Document, a: usize, b: usize) -> Vec<&'a str> {
        (a..b).map(|k| doc.token_text(k)).collect()
    }

    fn split_and_type(
        &self,
        doc: &Document,
        start: usize,
        end: usize,
        sentence: std::ops::Range<usize>,
        ctx: &RunContext<'_>,
        out: &mut Vec<Mention>,
    ) {
        // 1. a title inside the run separates what precedes it from the person it introduces;
        // `ctx.titles` is the whole document's, in text order: only those inside the run are read,
        // so that a long text full of names and titles takes time in proportion to its length
        let from = if start > 0 {
            doc.tokens[start - 1].span.end
        } else {
            0
        };
        let to = doc.tokens[end - 1].span.end;
        let first = ctx.titles.partition_point(|(t, _)| t.start < from);
        let inside = ctx.titles[first..].iter().take_while(|(t, _)| t.start < to);
        for (tspan, class) in inside {
            let mut ts = doc.token_at_or_after(tspan.start);
            let te = doc.token_at_or_after(tspan.end);
            if ts < start || te > end || te >= end {
                continue;
            }
            // capitalised words before the title belong to it ("International Trade Minister"),
            // up to a gazetteer name ("Canadian") or an organisation head
            let title_start = ts;
            while ts > start && self.title_modifier(doc, ts - 1) {
                ts -= 1;
            }
            if !capitalised(doc, te) {
                continue; // "Lord of the Rings": no name follows the title
            }
            let rest = self.words(doc, te, end);
            // before a job's title (not an office's) and a person's name, a name that is no
            // function is the employer's: "Pemex Director Francisco Rojas", "Healy president
            // George Malina" ("Marketing Director Jo Hart": a function)
            if *class == TitleClass::Role
                && ts < title_start
                && ts == start
                && title_start - ts <= 3
                && self.person_evidence(&rest)
                && self.employer_words(doc, ts, title_start, sentence.clone(), ctx)
            {
                let words = self.words(doc, ts, title_start);
                let span = Span::new(
                    doc.tokens[ts].span.start,
                    doc.tokens[title_start - 1].span.end,
                );
                out.push(Mention {
                    span,
                    etype: self.org_type(&words).unwrap_or(EntityType::Organization),
                    source: MentionSource::Cue,
                    form: MentionForm::Name,
                    gazetteer: None,
                    confidence: 0.6,
                    entity: None,
                });
                self.push_typed(doc, te, end, sentence, true, out);
                return;
            }
            let honorific = *class == TitleClass::Honorific;
            if honorific
                || self.person_evidence(&rest)
                || (ts == start && self.org_type(&rest).is_none())
            {
                if ts > start {
                    self.split_and_type(doc, start, ts, sentence.clone(), ctx, out);
                }
                self.push_typed(doc, te, end, sentence, true, out);
                return;
            }
        }
        // 2. after an organisation head word, a person may follow: "... Cyberspace Administration Wang Jianchao"
        for k in start + 1..end {
            let w = doc.token_text(k - 1);
            if self.res.org_heads.contains_key(w) {
                let rest = self.words(doc, k, end);
                if self.person_evidence(&rest) && self.org_type(&rest).is_none() {
                    self.split_and_type(doc, start, k, sentence.clone(), ctx, out);
                    self.push_typed(doc, k, end, sentence, false, out);
                    return;
                }
            }
        }
        // 3. "X of the Y" where both parts are headed organisations: two names
        for k in (start + 1..end.saturating_sub(1)).rev() {
            if doc.token_text(k) == "of" {
                let r = if doc.token_text(k + 1) == "the" {
                    k + 2
                } else {
                    k + 1
                };
                let left = self.words(doc, start, k);
                let right = self.words(doc, r, end);
                if r < end
                    && self.org_type(&left).is_some()
                    && right
                        .last()
                        .is_some_and(|w| self.res.org_heads.contains_key(*w))
                {
                    self.push_typed(doc, start, k, sentence.clone(), false, out);
                    self.split_and_type(doc, r, end, sentence, ctx, out);
                    return;
                }
            }
        }
        // 4. "and" joins two names unless the whole is one headed organisation
        for k in start + 1..end.saturating_sub(1) {
            if matches!(doc.token_text(k), "and" | "&") {
                let all = self.words(doc, start, end);
                let left = self.words(doc, start, k);
                let left_any = left.first().is_some_and(|w| {
                    matches!(self.res.org_heads.get(*w), Some((_, HeadPosition::Any)))
                });
                let ends_with_head = all
                    .last()
                    .is_some_and(|w| self.res.org_heads.contains_key(*w));
                let left_has_head = self.org_type(&left).is_some();
                if !(left_any || (ends_with_head && !left_has_head)) {
                    self.split_and_type(doc, start, k, sentence.clone(), ctx, out);
                    self.split_and_type(doc, k + 1, end, sentence, ctx, out);
                    return;
                }
            }
        }
        // 5. a leading country or demonym before a multi-word organisation: "U.S. Treasury Department"
        let gaz = &self.res.gazetteer;
        if end - start >= 3 {
            let first = doc.tokens[start].span;
            let lead = gaz.matcher.find(&doc.text, &doc.tokens, first);
            if let Some(m) = lead.first() {
                let country = m
                    .payloads
                    .iter()
                    .any(|&p| gaz.entries[gaz.forms[p as usize].0].etype == EntityType::Country);
                let rest = self.words(doc, start + 1, end);
                if country && m.span == first && self.org_type(&rest).is_some() {
                    self.push_typed(doc, start + 1, end, sentence, false, out);
                    return;
                }
            }
        }
        self.push_typed(doc, start, end, sentence, false, out);
    }

    /// Type a final part and push it when typed.
    fn push_typed(
        &self,
        doc: &Document,
        start: usize,
        mut end: usize,
        sentence: std::ops::Range<usize>,
        after_title: bool,
        out: &mut Vec<Mention>,
    ) {
        // trailing connectors never end a name
        while end > start
            && matches!(
                doc.token_text(end - 1),
                "of" | "for" | "on" | "and" | "the" | "&"
            )
        {
            end -= 1;
        }
        if start >= end {
            return;
        }
        let words = self.words(doc, start, end);
        if words.last().is_some_and(|w| EVENT_HEADS.contains(w)) {
            return; // events and awards are not entities of the ontology
        }
        let span = Span::new(doc.tokens[start].span.start, doc.tokens[end - 1].span.end);
        let mention = |etype, source, confidence| Mention {
            span,
            etype,
            source,
            form: MentionForm::Name,
            gazetteer: None,
            confidence,
            entity: None,
        };
        if let Some(t) = self.org_type(&words) {
            // a head word alone ("Energy", "Bank") names nothing
            if words.len() >= 2 {
                out.push(mention(t, MentionSource::Shape, 0.7));
                return;
            }
        }
        if self.person_evidence(&words) {
            let source = if after_title {
                MentionSource::Cue
            } else {
                MentionSource::Shape
            };
            out.push(mention(
                EntityType::Person,
                source,
                if after_title { 0.85 } else { 0.75 },
            ));
            return;
        }
        let name_like = words.len() <= 4
            && words.iter().all(|w| {
                w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '.' || c == '’' || c == '\'')
            });
        if !name_like {
            return;
        }
        // context cues: a preceding title, or a speech verb next to the name
        let prev = start
            .checked_sub(1)
            .filter(|p| *p >= sentence.start)
            .map(|p| doc.token_text(p).to_lowercase());
        let next = (end < sentence.end).then(|| doc.token_text(end).to_lowercase());
        let speech = |w: &Option<String>| {
            w.as_deref().is_some_and(|w| {
                matches!(
                    w,
                    "said"
                        | "says"
                        | "told"
                        | "added"
                        | "explained"
                        | "stated"
                        | "noted"
                        | "wrote"
                        | "argued"
                        | "insisted"
                )
            })
        };
        // a lone capitalised word next to "said" is a name only if it is a known given name or
        // surname ("Zhou said", not "Analysts said")
        let lone_ok = (words.len() > 1 || self.is_given(words[0]) || self.is_surname(words[0]))
            && !words.iter().any(|w| super::util::is_all_caps(w));
        if after_title || (lone_ok && (speech(&prev) || speech(&next))) {
            out.push(mention(EntityType::Person, MentionSource::Cue, 0.7));
        }
    }

    /// Lowercase generic agencies: "the foreign ministry", "China's defense department".
    fn generic_agencies(
        &self,
        doc: &Document,
        range: std::ops::Range<usize>,
        out: &mut Vec<Mention>,
    ) {
        for k in range.start + 1..range.end {
            let head = doc.token_text(k);
            if !GENERIC_AGENCY_HEADS.contains(&head) {
                continue;
            }
            let prev = doc.token_text(k - 1);
            let two = (k >= range.start + 2).then(|| format!("{} {}", doc.token_text(k - 2), prev));
            let start = if two
                .as_deref()
                .is_some_and(|t| GENERIC_AGENCY_MODIFIERS.contains(&t))
            {
                k - 2
            } else if GENERIC_AGENCY_MODIFIERS.contains(&prev) {
                k - 1
            } else {
                continue;
            };
            out.push(Mention {
                span: Span::new(doc.tokens[start].span.start, doc.tokens[k].span.end),
                etype: EntityType::Agency,
                source: MentionSource::Cue,
                form: MentionForm::Name,
                gazetteer: None,
                confidence: 0.75,
                entity: None,
            });
        }
    }
}

#[cfg(test)]
mod tests;

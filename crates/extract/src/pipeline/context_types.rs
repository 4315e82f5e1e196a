//! Stage 3, last step: an entity's type read from the words around all of its mentions.
//!
//! The model types a name by its letters and its sentence; an article usually says somewhere
//! what the name is: "tyre maker Pirelli", "Pirelli shares", "Chelsea's Damien Duff", "Magna,
//! Johnson Controls and Lear", "Chelsea have", "Seattle won". Each such phrase is a vote; an
//! entity typed as a person or a place becomes an organisation when the votes for it reach
//! [`RETYPE_AT`] and outweigh what says person ("Mr", "Dr", a full name with a given name
//! first, "he" resolved to it). A generic organisation is refined the same way ("British firm
//! Sonaptic" is a company, "the newspaper To Vima" a media outlet). Sport words count only in a
//! sport article, where a club is named by its town or founder and the model often takes it for
//! a person. People and organisations any name list knows, countries, places the gazetteer
//! knows, and mentions standing for a country ("Beijing said") are never retyped.

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::document::{Document, EntityType, MentionForm, Span, TokenKind};
use crate::resources::{Resources, TitleClass};

/// The votes an entity needs before it is retyped.
const RETYPE_AT: u32 = 2;
/// A vote that decides alone (a phrase only an organisation fits) and one that needs another.
const STRONG: u32 = 2;
const WEAK: u32 = 1;

/// Nouns written right before a company's name: "tyre maker Pirelli", "British firm Sonaptic".
const COMPANY_NOUNS: &[&str] = &[
    "firm",
    "company",
    "giant",
    "maker",
    "manufacturer",
    "producer",
    "distributor",
    "retailer",
    "supermarket",
    "bank",
    "lender",
    "insurer",
    "carrier",
    "airline",
    "operator",
    "conglomerate",
    "supplier",
    "brewer",
    "carmaker",
    "automaker",
    "chipmaker",
    "provider",
    "multinational",
    "exporter",
    "refiner",
    "miner",
    "developer",
    "publisher",
    "subsidiary",
    "start-up",
    "startup",
    "studio",
    "label",
    "consultancy",
    "chain",
    "brokerage",
    "bookmaker",
    "bookmakers",
    // plurals name a company too: "of brokers ING", "external auditors Arthur Andersen"
    "broker",
    "brokers",
    "pollster",
    "pollsters",
    "auditors",
    "accountants",
    "consultants",
    "publishers",
    "insurers",
    "lenders",
    "retailers",
    "carmakers",
];
/// Posts of the money markets: a firm's name before them and a full name after is a company
/// ("Investec economist David Page", "ING analysts said"), and so is a name after them and
/// "at", "from" or "with" ("an analyst at Numis", "an investment analyst from ING Mutual Fund",
/// "an economist with Hanse Bank").
const MARKET_POSTS: &[&str] = &[
    "analyst",
    "analysts",
    "economist",
    "economists",
    "strategist",
    "strategists",
    "trader",
    "traders",
];
/// Words in names of bodies that employ economists and analysts without being companies.
const NOT_COMPANY_WORDS: &[&str] = &[
    "university",
    "institute",
    "school",
    "college",
    "centre",
    "center",
    "foundation",
    "council",
    "commission",
    "office",
    "department",
    "ministry",
    "bureau",
    "agency",
    "forum",
    "society",
    "association",
];
/// Nouns written right before a media outlet's name: "the newspaper To Vima", "broadcaster Sky".
const MEDIA_NOUNS: &[&str] = &[
    "newspaper",
    "paper",
    "daily",
    "weekly",
    "tabloid",
    "broadcaster",
    "magazine",
    "channel",
    "station",
];
/// Nouns written right before another organisation's name: "rock group Franz Ferdinand".
const ORG_NOUNS: &[&str] = &[
    "club",
    "band",
    "group",
    "charity",
    "union",
    "association",
    "foundation",
    "institute",
];
/// Heads of an apposition after a name that make it an organisation: "Meretz, a dovish,
/// social-democratic liberal party", "Sendo, the phone maker".
const APPOSITION_HEADS: &[&str] = &[
    "party",
    "movement",
    "coalition",
    "alliance",
    "faction",
    "organisation",
    "organization",
    "group",
    "company",
    "firm",
    "maker",
    "manufacturer",
    "newspaper",
    "broadcaster",
    "club",
    "band",
    "charity",
];
/// Words that end the search for an apposition's head.
const APPOSITION_STOPS: &[&str] = &[
    "of", "for", "in", "at", "with", "from", "on", "by", "to", "who", "which", "that", "whose",
    "'s", "’s",
];
/// The same in sport news: "Premiership leaders Chelsea", "rivals Arsenal".
const TEAM_NOUNS: &[&str] = &[
    "team",
    "side",
    "outfit",
    "leaders",
    "champions",
    "holders",
    "rivals",
    "visitors",
    "hosts",
];
/// What a company has and a person does not, after its name and "'s" ("Magna's shares"; not
/// "headquarters", "brand" or "stake": "Navalny's headquarters", "Blair's brand of politics").
const COMPANY_HOLDINGS: &[&str] = &[
    "shares",
    "stock",
    "shareholders",
    "profit",
    "profits",
    "revenue",
    "revenues",
    "turnover",
    "earnings",
    "subsidiary",
    "subsidiaries",
    "factories",
    "plants",
];
/// The name itself followed by one of these: "Pirelli shares", "Jones stock".
const COMPANY_NEXT: &[&str] = &["shares", "stock", "shareholders"];
/// Verbs of telling before "the paper": the name after it starts what was told.
const REPORTED_TO: &[&str] = &["told", "tells", "telling", "informed", "said", "says"];
/// Words after "shares" that make it a verb: "X shares her letter".
const DETERMINERS: &[&str] = &[
    "his", "her", "the", "a", "an", "their", "its", "my", "our", "your", "this", "that", "some",
];
/// Two words before a company's name ("shares in Magna", "a takeover of Sendo"), with the
/// organisation votes they give: "market leader Nintendo" outweighs the title the recogniser
/// read a person by, since the "leader" is the company's place in its market.
const COMPANY_BEFORE: &[(&str, &str, u32)] = &[
    ("shares", "in", STRONG),
    ("shares", "of", STRONG),
    ("stake", "in", STRONG),
    ("takeover", "of", STRONG),
    ("merger", "with", STRONG),
    ("acquisition", "of", STRONG),
    ("subsidiary", "of", STRONG),
    ("shareholders", "in", STRONG),
    ("profits", "at", STRONG),
    ("profit", "at", STRONG),
    ("sales", "at", STRONG),
    ("revenues", "at", STRONG),
    ("market", "leader", 2 * STRONG),
    ("company", "called", STRONG),
    ("firm", "called", STRONG),
    ("company", "named", STRONG),
    ("firm", "named", STRONG),
];
/// Words that follow a team's name and not a person's: "Chelsea have", "Leeds are".
const TEAM_PLURAL_VERBS: &[&str] = &["have", "are", "were", "'ve"];
/// Words after a team's name that say it acts ("Chelsea will renew their bid", "Leeds
/// reached the final"): auxiliaries and the verbs of a season.
const TEAM_VERBS: &[&str] = &[
    "is",
    "was",
    "had",
    "has",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "must",
    "should",
    "did",
    "do",
    "does",
    "need",
    "needs",
    "play",
    "played",
    "plays",
    "reached",
    "moved",
    "went",
    "go",
    "signed",
    "sold",
    "bought",
    "paid",
    "made",
    "rejected",
    "agreed",
    "confirmed",
    "announced",
    "said",
    "insist",
    "insisted",
    "remain",
    "remained",
    "finished",
    "scored",
];
/// Words after a name that say nothing of what it names ("Chelsea and Barcelona", "Leeds
/// last season").
const TEAM_FUNCTION_WORDS: &[&str] = &[
    "and",
    "or",
    "but",
    "nor",
    "as",
    "with",
    "to",
    "for",
    "of",
    "in",
    "on",
    "at",
    "by",
    "from",
    "after",
    "before",
    "who",
    "which",
    "that",
    "than",
    "then",
    "if",
    "when",
    "while",
    "because",
    "so",
    "into",
    "against",
    "over",
    "under",
    "v",
    "vs",
    "versus",
    "next",
    "last",
    "this",
    "their",
    "its",
    "his",
    "her",
    "the",
    "a",
    "an",
    "both",
    "too",
    "also",
    "during",
    "since",
    "until",
    "despite",
    "amid",
    "without",
    "through",
    "about",
    "around",
    "earlier",
    "later",
    "today",
    "yesterday",
    "tonight",
    "either",
    "yet",
];
/// Staff named by their organisation, written before the staff member's full name: "Chelsea
/// physio Mike Banks", "Arsenal boss Arsene Wenger", "Microsoft chairman Bill Gates" (not
/// "adviser" or "spokesman": "a Blair spokesman").
const STAFF: &[&str] = &[
    "manager",
    "boss",
    "chairman",
    "coach",
    "physio",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "keeper",
    "winger",
    "skipper",
    "left-back",
    "right-back",
    "full-back",
    "centre-back",
];
/// Posts held in an organisation and not in a place, written before "of", "at", "for" or
/// "with" and the name: "president of Eaglebrook Plastics", "a spokesman for Cecil Field Naval
/// Air Station" (not "mayor" or "governor"; "president of France" is safe, the gazetteer's
/// places are never retyped). Not the title lexicon's `role` class: that also holds posts of a
/// place or a work ("captain of England", "bishop of Durham", "author of ...").
const POSTS_OF: &[&str] = &[
    "president",
    "vice-president",
    "chairman",
    "chairwoman",
    "director",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "attorney",
    "lawyer",
    "professor",
    "researcher",
    "economist",
    "analyst",
    "employee",
    "executive",
    "founder",
    "co-founder",
    "manager",
    "editor",
    "publisher",
    "reporter",
    "correspondent",
    "official",
    "leader",
    "treasurer",
];
/// A team's people and sides after its name, in sport news (no full name needed): "Chelsea
/// fans", "the Chelsea team".
const TEAM_NEXT: &[&str] = &["fans", "supporters", "team", "side", "squad", "players"];
/// What a team has and a player does not: "Chelsea's squad" (not "goal", "season" or "title":
/// "Rooney's goal").
const TEAM_HOLDINGS: &[&str] = &[
    "squad",
    "fans",
    "supporters",
    "players",
    "defence",
    "midfield",
    "stadium",
    "ground",
    "youngsters",
    "academy",
    "manager",
    "boss",
    "possession",
];
/// A result, with the team before it: "Seattle won", "Chelsea face Barcelona". Players of
/// singles sports win and beat too, so after a person-typed name this is a weak vote.
const RESULT_VERBS: &[&str] = &[
    "beat", "beats", "defeated", "drew", "won", "lost", "face", "faces", "host", "hosts", "hosted",
    "trail", "trailed", "thrashed", "edged", "clinched",
];
/// A team's opponent written after these: "against Chelsea", "beat Leeds", "v Wales".
const OPPONENT_BEFORE: &[&str] = &[
    "against", "versus", "v", "vs", "beat", "beating", "defeated", "face", "facing", "host",
    "hosting", "over",
];
/// What a player does for, to or from a club, with the preposition before its name: "goals
/// for", "a move to", "on loan from" (not "a move for Owen": a bid for a player).
const CLUB_MOVES: &[(&str, &str)] = &[
    ("goal", "for"),
    ("goals", "for"),
    ("appearances", "for"),
    ("played", "for"),
    ("plays", "for"),
    ("playing", "for"),
    ("signed", "for"),
    ("signs", "for"),
    ("debut", "for"),
    ("move", "to"),
    ("moved", "to"),
    ("moving", "to"),
    ("switch", "to"),
    ("transfer", "to"),
    ("move", "from"),
    ("loan", "from"),
    ("signing", "from"),
];
/// Separators inside a list of names: "Magna, Johnson Controls and Lear".
const LIST_SEPARATORS: &[&str] = &[",", "and", "or", "&"];

/// Nouns right before a person's name, not a title ("his boyfriend X", "rapper X", "striker
/// X"): a vote for a person that the model read as an organisation.
const PERSON_NOUNS: &[&str] = &[
    "boyfriend",
    "girlfriend",
    "wife",
    "husband",
    "widow",
    "widower",
    "fiancee",
    "fiance",
    "son",
    "daughter",
    "father",
    "mother",
    "brother",
    "sister",
    "grandson",
    "granddaughter",
    "singer",
    "rapper",
    "actor",
    "actress",
    "comedian",
    "guitarist",
    "drummer",
    "bassist",
    "pianist",
    "violinist",
    "composer",
    "songwriter",
    "novelist",
    "poet",
    "playwright",
    "screenwriter",
    "author",
    "footballer",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "winger",
    "full-back",
    "boxer",
    "golfer",
    "sprinter",
    "athlete",
    "cyclist",
    "jockey",
    "swimmer",
    "presenter",
    "journalist",
    "columnist",
    "photographer",
    "designer",
    "chef",
    "dancer",
    "teenager",
    "schoolboy",
    "schoolgirl",
];

/// Whether a name's first word is a given name ("Gloria Estefan"; not "Matrix Asset Advisors").
fn opens_with_given_name(name: &str, res: &Resources) -> bool {
    name.split_whitespace()
        .next()
        .is_some_and(|w| res.is_given_name(w))
}

/// Whether a name is written as people's are: two to four words, each a capitalised word in
/// lower case after its first letter, an initial or a particle ("de", "van"), none an
/// organisation's head word nor a place the gazetteer knows.
fn person_shaped(name: &str, res: &Resources) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            let mut chars = w.chars();
            let first_upper = chars.next().is_some_and(char::is_uppercase);
            let rest_lower = chars.all(|c| c.is_lowercase() || matches!(c, '-' | '\'' | '’' | '.'));
            ((first_upper && rest_lower) || super::util::NAME_PARTICLES.contains(w))
                && !res.org_heads.contains_key(*w)
                && res
                    .gazetteer
                    .lookup(w)
                    .is_none_or(|g| !res.gazetteer.entries[g].etype.is_place())
        })
}

/// What the votes of one entity made of it.
#[derive(Default, Clone, Copy)]
struct Votes {
    /// Strong votes for an organisation.
    org: u32,
    /// Weak ones: they count for a person-typed name only beside a strong one.
    weak: u32,
    company: u32,
    media: u32,
    person: u32,
    /// Person votes from the words around a mention (a title, a noun for a person, a list of
    /// people), not from the name's letters.
    person_context: u32,
    /// Of those, nouns for a person ([`PERSON_NOUNS`]).
    person_noun: u32,
}

/// Retype the article's entities from the words around their mentions (see the module
/// documentation). Returns which entities changed type (empty when none did).
pub(super) fn retype(doc: &mut Document, res: &Resources, sport: &OnceCell<bool>) -> Vec<bool> {
    let n = doc.entities.len();
    if n == 0 {
        return Vec::new();
    }
    let mut candidate: Vec<bool> = doc
        .entities
        .iter()
        .map(|e| {
            // (a person the gazetteer knows as a place is the model's slip, not an organisation:
            // "Louisiana's Cameron Parish")
            let gaz = &res.gazetteer;
            let place = || {
                gaz.lookup(&e.name)
                    .is_some_and(|g| gaz.entries[g].etype.is_place())
            };
            (e.etype == EntityType::Person && e.wikidata.is_none() && !place())
                || e.etype == EntityType::Location
                || (e.etype == EntityType::Organization && e.wikidata.is_none())
        })
        .collect();
    // nor is a person or organisation any name list knows (with or without a Wikidata id)
    for m in &doc.mentions {
        if let Some(e) = m.entity {
            if m.gazetteer.is_some() && doc.entities[e].etype != EntityType::Location {
                candidate[e] = false;
            }
        }
    }
    if !candidate.contains(&true) {
        return Vec::new();
    }
    let sport = *sport.get_or_init(|| super::relations::is_sport_article(doc));
    // the mention starting at each token, and each sentence's mentions in order
    let mut at_token: HashMap<usize, usize> = HashMap::new();
    for (i, m) in doc.mentions.iter().enumerate() {
        at_token.insert(doc.token_at_or_after(m.span.start), i);
    }
    let mut votes = vec![Votes::default(); n];
    let mut gazetteer_place = vec![false; n];
    let mut one_word = vec![true; n];
    // mentions of a listed team's name read as the team, and as the town where it plays
    // (and the votes the first gave)
    let mut team = vec![(0u32, 0u32, 0u32); n];
    for m in &doc.mentions {
        let Some(e) = m.entity else { continue };
        if !candidate[e] {
            continue;
        }
        if m.form == MentionForm::Pronoun {
            if doc.entities[e].etype == EntityType::Person {
                votes[e].person += STRONG;
            }
            continue;
        }
        if m.form == MentionForm::Capital || m.form == MentionForm::Demonym {
            gazetteer_place[e] = true;
            continue;
        }
        if m.gazetteer.is_some() || doc.entities[e].wikidata.is_some() {
            gazetteer_place[e] |= doc.entities[e].etype == EntityType::Location;
        }
        let a = doc.token_at_or_after(m.span.start);
        let b = doc.token_at_or_after(m.span.end);
        let Some(sentence) = doc.sentence_tokens(m.span.start) else {
            continue;
        };
        let word = |k: usize| word_in(doc, &sentence, k);
        let before = |d: usize| a.checked_sub(d).and_then(word);
        // a person's full name (two words or more) starting at token `k`
        let full_name_at = |k: usize| {
            at_token.get(&k).is_some_and(|&o| {
                let o = &doc.mentions[o];
                o.etype.is_person() && doc.slice(o.span).split_whitespace().count() > 1
            })
        };
        let words_in_name = b.saturating_sub(a);
        if words_in_name > 1 {
            one_word[e] = false;
        }
        // a club in sport news ("a move from Chelsea", "the future of Liverpool"), whatever
        // else its name names, but for the town where a match is played: after "in", "at" or
        // "near",
        // or heading a result ("At Portsmouth: Middlesex beat Hampshire", "the final in
        // Cardiff"), as news annotators type it
        if sport
            && matches!(
                doc.entities[e].etype,
                EntityType::Person | EntityType::Location
            )
            && res.teams.contains(doc.slice(m.span))
            && res.teams.contains(&doc.entities[e].name)
        {
            // a town naming what follows it ("Glasgow group Franz Ferdinand", "the Glasgow
            // clubs") is the town, but for a team's people and verbs ("Chelsea boss", "Leeds
            // will"); so is a peer's ("Lord Faulkner of Worcester")
            let next_lower = b < sentence.end && doc.token_text(b).starts_with(char::is_lowercase);
            let modifier = next_lower
                && word(b).is_some_and(|w| {
                    !(TEAM_FUNCTION_WORDS.contains(&w.as_str())
                        || TEAM_NEXT.contains(&w.as_str())
                        || STAFF.contains(&w.as_str())
                        || TEAM_PLURAL_VERBS.contains(&w.as_str())
                        || RESULT_VERBS.contains(&w.as_str())
                        || TEAM_VERBS.contains(&w.as_str())
                        || super::relations::is_adverb(&w))
                });
            let peer = before(1).as_deref() == Some("of")
                && a >= 2
                && doc.token_text(a - 2).starts_with(char::is_uppercase);
            if before(1).is_some_and(|w| matches!(w.as_str(), "in" | "at" | "near"))
                || word(b).as_deref() == Some(":")
                || modifier
                || peer
            {
                team[e].1 += 1;
            } else {
                // (a listed name of several words is a team's whatever the model made of it:
                // "Bayer Leverkusen")
                let vote = if words_in_name > 1 {
                    2 * STRONG
                } else {
                    STRONG
                };
                team[e].0 += 1;
                team[e].2 += vote;
                votes[e].org += vote;
            }
        }
        let v = &mut votes[e];
        // what says person: "Mr Lear", "President Kasich", a given name first in a longer name
        if before(1).is_some_and(|w| res.is_any_title(&w)) {
            v.person += STRONG;
            v.person_context += 1;
        }
        // "his boyfriend Anselmo Feleppa", "rapper LL Cool J"
        if before(1).is_some_and(|w| PERSON_NOUNS.contains(&w.as_str()))
            && doc.token_text(a - 1).starts_with(char::is_lowercase)
        {
            v.person += STRONG;
            v.person_context += 1;
            v.person_noun += 1;
        }
        if words_in_name > 1 && res.is_given_name(doc.token_text(a)) {
            v.person += WEAK;
        }
        // the noun before the name: "tyre maker Pirelli"
        if let Some(w) = before(1) {
            // (or opening the sentence: "Bookmaker Ladbrokes said")
            let lower_noun = doc
                .token_text(a - 1)
                .starts_with(|c: char| c.is_lowercase())
                || a - 1 == sentence.start;
            if lower_noun && COMPANY_NOUNS.contains(&w.as_str()) {
                v.org += STRONG;
                v.company += STRONG;
            } else if lower_noun
                && MEDIA_NOUNS.contains(&w.as_str())
                // "told the paper Sinwar had survived": the name starts a clause
                && ![before(2), before(3)]
                    .iter()
                    .flatten()
                    .any(|w| REPORTED_TO.contains(&w.as_str()))
            {
                v.org += STRONG;
                v.media += STRONG;
            } else if lower_noun
                && (ORG_NOUNS.contains(&w.as_str()) || (sport && TEAM_NOUNS.contains(&w.as_str())))
            {
                v.org += STRONG;
            } else if sport && OPPONENT_BEFORE.contains(&w.as_str()) {
                v.weak += WEAK;
            }
        }
        // a club a player moves to, plays or scores for ("a loan from Chelsea", "his first goal
        // for Chelsea", "110 appearances for Chelsea"; not "join": "Carroll will join Cragg in
        // the championships")
        if sport {
            if let (Some(w2), Some(w1)) = (before(2), before(1)) {
                if CLUB_MOVES.contains(&(w2.as_str(), w1.as_str())) {
                    v.org += STRONG;
                }
            }
        }
        // "president of Eaglebrook Plastics", "an economist with the Mediterranean Foundation":
        // a place holds no such post, so this decides alone for a name typed as a place
        // ("aviation director for Dayton": a town has posts for it, so "for" counts before a
        // name of more than one word only)
        let post_at = |k: usize| {
            before(k).is_some_and(|w| {
                matches!(w.as_str(), "of" | "at" | "with") || (w == "for" && words_in_name > 1)
            }) && before(k + 1).is_some_and(|w| POSTS_OF.contains(&w.as_str()))
        };
        if doc.entities[e].etype == EntityType::Location
            && (post_at(1) || (before(1).as_deref() == Some("the") && post_at(2)))
        {
            v.org += 2 * STRONG;
        }
        if let (Some(w2), Some(w1)) = (before(2), before(1)) {
            if let Some(&(_, _, org)) = COMPANY_BEFORE
                .iter()
                .find(|(a, b, _)| (*a, *b) == (w2.as_str(), w1.as_str()))
            {
                v.org += org;
                v.company += STRONG;
            }
        }
        // "chief economist at Investec Securities", "an analyst from ING", "an economist with
        // Hanse Bank"
        let not_company = || {
            doc.slice(m.span)
                .split_whitespace()
                .any(|w| NOT_COMPANY_WORDS.contains(&w.to_lowercase().as_str()))
        };
        if before(1).is_some_and(|w| matches!(w.as_str(), "at" | "from" | "with"))
            && before(2).is_some_and(|w| MARKET_POSTS.contains(&w.as_str()))
            && doc.entities[e].etype != EntityType::Person
            && !not_company()
        {
            // (decides for a company against the other votes for an organisation)
            v.org += STRONG;
            v.company += 2 * STRONG;
        }
        // an apposition after the name, up to its head: "X, a dovish, social-democratic liberal
        // party," (lower-case words and commas; a preposition, a relative pronoun or "'s" ends
        // the search: "Smith, a member of the ruling party", "Mourinho, the club's manager"); the
        // head must end the apposition ("X, the evening newspaper Resalat" describes Resalat)
        // (or a place's possessive: "X, Japan's number three mobile operator,")
        let apposition_start = if word(b + 1)
            .is_some_and(|w| matches!(w.as_str(), "a" | "an" | "the"))
        {
            Some(b + 2)
        } else {
            at_token.get(&(b + 1)).and_then(|&o| {
                let o = &doc.mentions[o];
                let end = doc.token_at_or_after(o.span.end);
                (o.etype.is_place() && word(end).is_some_and(|w| matches!(w.as_str(), "'s" | "’s")))
                    .then_some(end + 1)
            })
        };
        if let (Some(","), Some(start)) = (word(b).as_deref(), apposition_start) {
            let inside = |k: usize| {
                word(k).is_some_and(|w| !APPOSITION_STOPS.contains(&w.as_str()))
                    && (doc.token_text(k).starts_with(char::is_lowercase)
                        || doc.token_text(k) == ",")
            };
            // (any company noun heads one after a name not typed as a person's: "X, Japan's
            // number three mobile operator"; after a person's only the heads no person is
            // called by: "Smith, a property developer" is a man)
            let not_person = !doc.entities[e].etype.is_person();
            let is_head = |w: &str| {
                APPOSITION_HEADS.contains(&w)
                    || (not_person && (COMPANY_NOUNS.contains(&w) || MEDIA_NOUNS.contains(&w)))
            };
            let head = (start..start + 7)
                .take_while(|&k| inside(k))
                .find(|&k| word(k).is_some_and(|w| is_head(&w)))
                .filter(|&h| {
                    h + 1 >= sentence.end
                        || matches!(doc.token_text(h + 1), "," | "." | ";" | ")" | ":")
                })
                .and_then(word);
            // "Fathi Bin Shatwan, Libya's oil minister,": a public office heads the apposition
            // of a person
            let office = (start..start + 7).take_while(|&k| inside(k)).find(|&k| {
                word(k).is_some_and(|w| res.is_title(&w, TitleClass::Official))
                    && (k + 1 >= sentence.end
                        || matches!(doc.token_text(k + 1), "," | "." | ";" | ")" | ":"))
            });
            if head.is_none() && office.is_some() {
                v.person += STRONG;
                v.person_context += 1;
                v.person_noun += 1;
            }
            if let Some(h) = head {
                v.org += STRONG;
                if COMPANY_NOUNS.contains(&h.as_str()) {
                    v.company += STRONG;
                } else if MEDIA_NOUNS.contains(&h.as_str()) {
                    v.media += STRONG;
                }
            }
        }
        // the words after the name
        let Some(next) = word(b) else { continue };
        if matches!(next.as_str(), "'s" | "’s" | "'" | "’") {
            let after = word(b + 1).unwrap_or_default();
            if COMPANY_HOLDINGS.contains(&after.as_str()) {
                v.org += STRONG;
                v.company += STRONG;
            } else if sport && TEAM_HOLDINGS.contains(&after.as_str()) {
                v.org += STRONG;
            }
            // "Chelsea's Damien Duff": a full name owned by a name is a member of it (of a
            // place, in sport news only: "Ohio's John Kasich")
            let owned = at_token.get(&(b + 1)).map(|&o| &doc.mentions[o]);
            if let Some(o) = owned {
                let full = doc.slice(o.span).split_whitespace().count() > 1;
                let place = doc.entities[e].etype == EntityType::Location;
                if o.etype.is_person() && full && (sport || !place) && o.entity != m.entity {
                    v.org += STRONG;
                }
            }
        } else if (COMPANY_NOUNS.contains(&next.as_str())
            && doc.token_text(b).starts_with(char::is_lowercase)
            && before(1).is_some_and(|w| matches!(w.as_str(), "the" | "a" | "an"))
            && doc.entities[e].etype != EntityType::Location)
            || (next == "chief" && word(b + 1).as_deref() == Some("executive"))
        {
            // "the CGA consultancy" (not a place: "a London firm" says where the firm is);
            // "Phytopharm chief executive Richard Dixey"
            v.org += STRONG;
            v.company += STRONG;
        } else if (COMPANY_NEXT.contains(&next.as_str())
            // "Navalnaya shares her husband's letter": the verb
            && !word(b + 1).is_some_and(|w| DETERMINERS.contains(&w.as_str())))
            || (doc.entities[e].etype == EntityType::Organization
                && (1..3).any(|k| {
                    // "from Sal Oppenheim investment bank", "Shearman and Sterling law firm": the
                    // company noun after lower-case modifiers of it (not before a name: "Brando
                    // granted gaming company Electronic Arts")
                    word(b + k).is_some_and(|w| COMPANY_NOUNS.contains(&w.as_str()))
                        && (0..=k).all(|j| doc.token_text(b + j).starts_with(char::is_lowercase))
                        && word(b + k + 1).is_none_or(|_| {
                            !doc.token_text(b + k + 1).starts_with(char::is_uppercase)
                        })
                }))
        {
            v.org += STRONG;
            v.company += STRONG;
        } else if matches!(
            next.as_str(),
            "newspaper" | "magazine" | "daily" | "tabloid" | "weekly"
        ) && doc.entities[e].etype != EntityType::Person
            && doc.token_text(b).starts_with(char::is_lowercase)
            && word(b + 1).is_none_or(|_| !doc.token_text(b + 1).starts_with(char::is_uppercase))
        {
            // "told To Vima newspaper in her first interview" (not "the Murdoch newspaper":
            // a person's name, nor one before the paper's own name)
            v.org += STRONG;
            v.media += STRONG;
        } else if (MARKET_POSTS.contains(&next.as_str())
            || (next == "chief" && word(b + 1).is_some_and(|w| MARKET_POSTS.contains(&w.as_str()))))
            && doc.token_text(b).starts_with(char::is_lowercase)
            && !not_company()
            && (doc.entities[e].etype != EntityType::Person
                || full_name_at(b + 1)
                || full_name_at(b + 2))
        {
            // "Investec economist David Page", "Investec chief economist Philip Shaw", "ING
            // analysts expect"
            v.org += STRONG;
            v.company += STRONG;
        } else if STAFF.contains(&next.as_str()) && (sport || full_name_at(b + 1)) {
            v.org += STRONG;
        } else if sport {
            let first_of_list = a > sentence.start
                && matches!(doc.token_text(a - 1), "and" | "or" | "&" | "," | "nor");
            let plural = |w: &str| TEAM_PLURAL_VERBS.contains(&w);
            let adverb_then_plural = super::relations::is_adverb(doc.token_text(b))
                && word(b + 1).is_some_and(|w| plural(&w));
            if !first_of_list && (plural(&next) || adverb_then_plural) {
                v.org += STRONG;
            } else if TEAM_NEXT.contains(&next.as_str())
                && doc.entities[e].etype != EntityType::Location
            {
                // (a town before "side" names where the team is from: "the Volgograd side")
                v.org += STRONG;
            } else if RESULT_VERBS.contains(&next.as_str()) {
                // a place does not win a match; a player does
                if doc.entities[e].etype == EntityType::Location {
                    v.org += STRONG;
                } else {
                    v.weak += WEAK;
                }
            }
        }
    }
    list_votes(doc, res, &at_token, sport, &gazetteer_place, &mut votes);

    let mut changed = vec![false; n];
    for e in 0..n {
        let mut v = votes[e];
        let etype = doc.entities[e].etype;
        // a team's name read as the town where it plays as often as as the team: no vote
        let (as_team, as_town, team_votes) = team[e];
        if as_team <= as_town {
            v.org -= team_votes;
        }
        // the other way: a name the model read as an organisation's that the article names as a
        // person's, by its words around it (not by its letters alone: "Morgan Stanley"); a
        // title alone does not do it for a name that does not open with a given name ("fund
        // manager Matrix Asset Advisors", "Imam Khomeini International Airport")
        let name = &doc.entities[e].name;
        if candidate[e]
            && etype == EntityType::Organization
            && v.org == 0
            && v.weak == 0
            && v.person_context > 0
            && v.person >= RETYPE_AT
            && (v.person_noun > 0 || opens_with_given_name(name, res))
            && person_shaped(name, res)
        {
            doc.entities[e].etype = EntityType::Person;
            for m in doc.mentions.iter_mut().filter(|m| m.entity == Some(e)) {
                m.etype = EntityType::Person;
            }
            changed[e] = true;
            continue;
        }
        if etype == EntityType::Location || v.org > 0 {
            v.org += v.weak;
        }
        if !candidate[e] || v.org < RETYPE_AT || v.org <= v.person {
            continue;
        }
        let new = if v.media > v.company {
            EntityType::MediaOutlet
        } else if v.company > 0 && v.company * 2 >= v.org {
            EntityType::Company
        } else {
            EntityType::Organization
        };
        let to = match etype {
            EntityType::Organization if new == EntityType::Organization => continue,
            EntityType::Organization => new,
            // a known place stays one: news and its annotators name national sides and clubs by
            // their towns ("England face Moldova", "Texas manager Johnny Oates") as places
            EntityType::Location if gazetteer_place[e] && as_team <= as_town => continue,
            // a name of more than one word is a person's or a place's unless two phrases say
            // otherwise
            _ if !one_word[e] && v.org < 2 * STRONG => continue,
            _ => new,
        };
        let entity = &mut doc.entities[e];
        entity.etype = to;
        if etype == EntityType::Location {
            entity.wikidata = None;
            entity.country_code = None;
        }
        for m in doc.mentions.iter_mut().filter(|m| m.entity == Some(e)) {
            m.etype = to;
            if etype == EntityType::Location {
                m.gazetteer = None;
            }
        }
        changed[e] = true;
    }
    if !changed.contains(&true) {
        changed.clear();
    }
    changed
}

/// Line-ups and squad lists in sport news ("Wales: G Thomas; H Luscombe, T Shanklin, Henson, S
/// Williams; ...", "Subs not used: Weaver, Onuoha, Flood"): a line that opens with a few words
/// and a colon (or, with no header, holds two semicolons at least, or is nothing but
/// capitalised names between three commas or more, read strictly), then at least four items
/// between commas or semicolons, each one to four capitalised words or initials (minutes after
/// a name aside: "Rooney 68"), an item in brackets after a name (the player's club) aside; a
/// later header in the line ("... Bellion. Booked: Rooney, Keane") starts a new list.
/// The names listed are players: an entity typed as a place or an organisation that is named
/// only in such items, with no gazetteer entry nor Wikidata id, becomes a person. Returns
/// which entities changed type (empty when none did).
pub(super) fn lineup_people(
    doc: &mut Document,
    res: &Resources,
    sport: &OnceCell<bool>,
) -> Vec<bool> {
    let n = doc.entities.len();
    if n == 0
        || !doc
            .entities
            .iter()
            .any(|e| matches!(e.etype, EntityType::Location | EntityType::Organization))
        || !*sport.get_or_init(|| super::relations::is_sport_article(doc))
    {
        return Vec::new();
    }
    // the byte spans of the listed items, line by line
    let mut items: Vec<Span> = Vec::new();
    let mut k = 0;
    while k < doc.tokens.len() {
        let end = (k + 1..doc.tokens.len())
            .find(|&j| doc.tokens[j].line_start || doc.tokens[j].para_start)
            .unwrap_or(doc.tokens.len());
        lineup_items(doc, k..end, &mut items);
        k = end;
    }
    if items.is_empty() {
        return Vec::new();
    }
    let in_item = |sp: Span| {
        let i = items.partition_point(|it| it.end < sp.end);
        items.get(i).is_some_and(|it| it.contains(sp))
    };
    // entities named only in listed items
    let mut listed = vec![true; n];
    let mut seen = vec![false; n];
    for m in &doc.mentions {
        if let Some(e) = m.entity {
            seen[e] = true;
            listed[e] &= in_item(m.span) && m.gazetteer.is_none();
        }
    }
    let mut changed = vec![false; n];
    for e in 0..n {
        let entity = &mut doc.entities[e];
        if seen[e]
            && listed[e]
            && entity.wikidata.is_none()
            && !res.teams.contains(&entity.name)
            && matches!(
                entity.etype,
                EntityType::Location | EntityType::Organization
            )
        {
            entity.etype = EntityType::Person;
            entity.country_code = None;
            changed[e] = true;
        }
    }
    if !changed.contains(&true) {
        return Vec::new();
    }
    for m in doc.mentions.iter_mut() {
        if m.entity.is_some_and(|e| changed[e]) {
            m.etype = EntityType::Person;
        }
    }
    changed
}

/// The items of one line if it is a line-up (see [`lineup_people`]), pushed onto `out` in
/// text order.
fn lineup_items(doc: &Document, line: std::ops::Range<usize>, out: &mut Vec<Span>) {
    // a header ("Chelsea:", "Replacements (from):") in the first six tokens; or none, in a line
    // of names between semicolons and commas ("Delport; Pieters, Rasmussen, Lombard; ...")
    // or a line of capitalised names between commas alone ("Dowson, Haughton, Monye, Roques,
    // P Sanderson."), read strictly: every item must be a name
    let count = |t: &str| line.clone().filter(|&j| doc.token_text(j) == t).count();
    let only_names = || {
        line.clone().all(|j| {
            let w = doc.token_text(j);
            !w.starts_with(char::is_lowercase) || w == "and"
        })
    };
    let mut strict = false;
    let start = match line.clone().take(6).find(|&j| doc.token_text(j) == ":") {
        Some(colon) => colon + 1,
        None if count(";") >= 2 => line.start,
        None if count(",") >= 3 && only_names() => {
            strict = true;
            line.start
        }
        None => return,
    };
    let mut found: Vec<Span> = Vec::new();
    let mut bad = 0;
    let mut item: Vec<usize> = Vec::new();
    let mut depth = 0;
    let mut close = |item: &mut Vec<usize>, found: &mut Vec<Span>| {
        // minutes after a name: "Rooney 68"
        while item
            .last()
            .is_some_and(|&j| doc.token_text(j).bytes().all(|b| b.is_ascii_digit()))
        {
            item.pop();
        }
        if item.is_empty() {
            return;
        }
        let ok = item.len() <= 4
            && item.iter().all(|&j| {
                let w = doc.token_text(j);
                w.starts_with(char::is_uppercase) || w == "." || w == "-" || w == "'"
            });
        if ok {
            found.push(Span::new(
                doc.tokens[item[0]].span.start,
                doc.tokens[item[item.len() - 1]].span.end,
            ));
        } else {
            bad += 1;
        }
        item.clear();
    };
    for j in start..line.end {
        match doc.token_text(j) {
            // (a bracket ends the name before it: "J Bonnaire (Bourgoin)")
            "(" => {
                if depth == 0 {
                    close(&mut item, &mut found);
                }
                depth += 1
            }
            ")" => depth = (depth - 1).max(0),
            _ if depth > 0 => {}
            "," | ";" => close(&mut item, &mut found),
            // the next header of the same line ("... Howard, Bellion. Booked: Rooney, Keane"):
            // the item ends at the full stop, the header's words are no name
            ":" => {
                if let Some(p) = item.iter().rposition(|&t| doc.token_text(t) == ".") {
                    item.truncate(p + 1);
                    close(&mut item, &mut found);
                }
                item.clear();
            }
            // "(capt)", "capt": a word of the list, not of a name
            w if w.eq_ignore_ascii_case("capt") || w.eq_ignore_ascii_case("and") => {
                close(&mut item, &mut found)
            }
            _ => item.push(j),
        }
    }
    close(&mut item, &mut found);
    if found.len() >= 4 && bad * 5 <= found.len() && !(strict && bad > 0) {
        out.extend(found);
    }
}

/// Votes from lists: a name listed with an organisation ("Magna, Johnson Controls and Lear",
/// "Lotte and Hyundai") is one too. A list is names joined by commas with an "and", "or" or "&"
/// somewhere; a name followed by "'s" is an owner, not a member ("Smith, Microsoft's
/// president"). Most of the other names must be organisations; a place counts only in sport
/// news ("Everton, Chelsea and Charlton": outside sport a list mixes places and firms freely).
fn list_votes(
    doc: &Document,
    res: &Resources,
    at_token: &HashMap<usize, usize>,
    sport: bool,
    gazetteer_place: &[bool],
    votes: &mut [Votes],
) {
    for s in &doc.sentences {
        // runs of mentions joined by separators only
        let mut run: Vec<usize> = Vec::new();
        let mut joined_by_and = false;
        let mut k = s.tokens.start;
        let mut flush = |run: &mut Vec<usize>, joined: &mut bool| {
            if run.len() > 1 && *joined {
                // the other names of the list: most of them organisations, two at least or one
                // the gazetteer knows ("John and Beryl Remblance" is no list of firms)
                let org_majority = |skip: usize| {
                    let (mut orgs, mut known, mut others) = (0, 0, 0);
                    for &o in run.iter().filter(|&&o| o != skip) {
                        match doc.mentions[o].entity.map(|e| doc.entities[e].etype) {
                            Some(t) if t.is_org() => {
                                orgs += 1;
                                known += usize::from(doc.mentions[o].gazetteer.is_some());
                            }
                            _ => others += 1,
                        }
                    }
                    orgs > others && (orgs >= 2 || known > 0)
                };
                // the other names: most of them people's full names, two at least ("Elvis
                // Presley, Buddy Holly and Aretha Franklin")
                let people_majority = |skip: usize| {
                    let (mut people, mut others) = (0, 0);
                    for &o in run.iter().filter(|&&o| o != skip) {
                        let m = &doc.mentions[o];
                        let full = doc.slice(m.span).split_whitespace().count() > 1;
                        // (a name the model typed as an organisation's counts when it is written
                        // as a person's and opens with a given name)
                        let person = m.entity.is_some_and(|e| {
                            let ent = &doc.entities[e];
                            (ent.etype.is_person() && full)
                                || (ent.etype == EntityType::Organization
                                    && person_shaped(&ent.name, res)
                                    && opens_with_given_name(&ent.name, res))
                        });
                        if person {
                            people += 1;
                        } else {
                            others += 1;
                        }
                    }
                    people > others && people >= 2
                };
                for &o in run.iter() {
                    let Some(e) = doc.mentions[o].entity else {
                        continue;
                    };
                    let etype = doc.entities[e].etype;
                    let eligible = etype == EntityType::Person
                        || (etype == EntityType::Location && sport && !gazetteer_place[e]);
                    if eligible && org_majority(o) {
                        votes[e].org += STRONG;
                    }
                    if etype == EntityType::Organization && people_majority(o) {
                        votes[e].person += WEAK;
                        votes[e].person_context += 1;
                    }
                }
            }
            run.clear();
            *joined = false;
        };
        while k < s.tokens.end {
            let Some(&o) = at_token.get(&k) else {
                flush(&mut run, &mut joined_by_and);
                k += 1;
                continue;
            };
            let m = &doc.mentions[o];
            let end = doc.token_at_or_after(m.span.end);
            if m.form == MentionForm::Pronoun {
                flush(&mut run, &mut joined_by_and);
                k = end.max(k + 1);
                continue;
            }
            run.push(o);
            // the separators after this name, up to the next name
            let mut j = end;
            // an acronym in brackets after a name: "the Muslim Party of Indonesia (Parmusi),"
            if j < s.tokens.end && doc.token_text(j) == "(" {
                let close = (j + 1..s.tokens.end.min(j + 6)).find(|&c| doc.token_text(c) == ")");
                if let Some(c) = close {
                    j = c + 1;
                }
            }
            let mut seps = 0;
            let mut and = false;
            while j < s.tokens.end && LIST_SEPARATORS.contains(&doc.token_text(j)) {
                and |= doc.token_text(j) != ",";
                seps += 1;
                j += 1;
            }
            // "..., Masyumi and the Indonesian National Party" (the name must end its item: not
            // "and the Kim family")
            if seps > 0 && j + 1 < s.tokens.end && matches!(doc.token_text(j), "the" | "The") {
                let ends_item = at_token.get(&(j + 1)).is_some_and(|&o| {
                    let e = doc.token_at_or_after(doc.mentions[o].span.end);
                    e >= s.tokens.end
                        || !doc.token_text(e).starts_with(|c: char| c.is_alphanumeric())
                        || LIST_SEPARATORS.contains(&doc.token_text(e))
                });
                if ends_item {
                    j += 1;
                }
            }
            let owner = end < s.tokens.end && matches!(doc.token_text(end), "'s" | "’s");
            if owner {
                // "Smith, Labour and Blair's aides": the owner ends the phrase, no list
                run.clear();
                joined_by_and = false;
            }
            if seps == 0 || seps > 2 || owner || !at_token.contains_key(&j) || j == end {
                flush(&mut run, &mut joined_by_and);
                k = end.max(k + 1);
                continue;
            }
            joined_by_and |= and;
            k = j;
        }
        flush(&mut run, &mut joined_by_and);
    }
}

/// Words after an award's name: "Oscar nominations", "the Bafta ceremony", "Grammy winner".
/// ("nominee", "nominated" and "hopefuls" are left out: "the Bush nominee", "Bush nominated",
/// "Tory hopefuls".)
const AWARD_NEXT: &[&str] = &[
    "nominations",
    "nod",
    "nods",
    "ceremony",
    "ceremonies",
    "statuette",
    "statuettes",
    "winner",
    "winners",
];
/// Words that may follow an award's name after "won an": "won an Oscar for", "in 2002".
const AWARD_AFTER: &[&str] = &["for", "in", "at", "and", "this", "last", "with"];
/// Verbs before an award and its article: "won an Oscar", "received a Bafta" (not "earned":
/// "earned the Tigers a draw").
const AWARD_VERBS: &[&str] = &[
    "won", "win", "wins", "winning", "awarded", "received", "receive", "receives", "scooped",
];
/// Categories between "best" and an award: "best film Oscar", "best supporting actress Bafta".
const AWARD_CATEGORIES: &[&str] = &[
    "film",
    "picture",
    "actor",
    "actress",
    "director",
    "song",
    "album",
    "documentary",
    "screenplay",
    "supporting",
    "foreign",
    "newcomer",
    "single",
    "video",
];

/// Awards named like people or places ("Oscar", "Bafta", "Grammy"): an entity named by one word
/// only, with no person evidence (a title before it, a pronoun resolved to it, a name list's
/// entry, a mention of more words), one of whose
/// phrases says award ("Oscar nominations", "won an Oscar", "the best film Oscar"), is no
/// entity of the ontology's kinds; its mentions go. Returns whether any went.
pub(super) fn drop_awards(doc: &mut Document, res: &Resources, sport: &OnceCell<bool>) -> bool {
    let n = doc.entities.len();
    let candidate: Vec<bool> = doc
        .entities
        .iter()
        .map(|e| {
            e.wikidata.is_none()
                && matches!(
                    e.etype,
                    EntityType::Person | EntityType::Organization | EntityType::Location
                )
        })
        .collect();
    if !candidate.contains(&true) {
        return false;
    }
    let mut award = vec![0u32; n];
    let mut person = vec![false; n];
    for m in &doc.mentions {
        let Some(e) = m.entity.filter(|&e| candidate[e]) else {
            continue;
        };
        let a = doc.token_at_or_after(m.span.start);
        let b = doc.token_at_or_after(m.span.end);
        if m.form != MentionForm::Name || m.gazetteer.is_some() || b != a + 1 {
            // a pronoun, a name list's entry or a name of more words: no award
            person[e] = true;
            continue;
        }
        let Some(sentence) = doc.sentence_tokens(m.span.start) else {
            continue;
        };
        let word = |k: usize| word_in(doc, &sentence, k);
        let before = |d: usize| a.checked_sub(d).and_then(word);
        if before(1).is_some_and(|w| res.is_any_title(&w)) {
            person[e] = true;
        }
        let next = word(b).unwrap_or_default();
        // "Oscar nominations", "an Oscar nomination" (not "the Gorsuch nomination", a person's;
        // not a party's: "the federal Liberal nominations"; the model takes awards for people);
        // a "winner" in sport news is a goal ("a late Ings winner")
        let indefinite = a > sentence.start && matches!(doc.token_text(a - 1), "a" | "an");
        let phrase = match next.as_str() {
            "nominations" => doc.entities[e].etype.is_person(),
            "nomination" => indefinite && doc.entities[e].etype.is_person(),
            "winner" | "winners" => !*sport.get_or_init(|| super::relations::is_sport_article(doc)),
            w => AWARD_NEXT.contains(&w),
        };
        if phrase {
            award[e] += STRONG;
        }
        // "won an Oscar", "received a Bafta", "won the Booker" (the article as written: "A
        // Foley (Munster)" is an initial; "driving a Ferrari" is no award)
        // ("won the WTA Tour title", "earned the Tigers a draw": the name must end the phrase)
        let article = a > sentence.start && matches!(doc.token_text(a - 1), "a" | "an" | "the");
        let ends = b >= sentence.end
            || doc.tokens[b].kind != TokenKind::Word
            || AWARD_AFTER.contains(&doc.token_text(b));
        if article && ends && before(2).is_some_and(|w| AWARD_VERBS.contains(&w.as_str())) {
            award[e] += STRONG;
        }
        // "the best film Oscar", "best supporting actress Bafta" (not "Best, Jeff")
        let category = |d: usize| before(d).is_some_and(|w| AWARD_CATEGORIES.contains(&w.as_str()));
        let best = |d: usize| before(d).as_deref() == Some("best");
        if (category(1) && best(2)) || (category(1) && category(2) && best(3)) {
            award[e] += STRONG;
        }
    }
    let gone: Vec<bool> = (0..n)
        .map(|e| candidate[e] && !person[e] && award[e] >= STRONG)
        .collect();
    if !gone.contains(&true) {
        return false;
    }
    doc.mentions.retain(|m| !m.entity.is_some_and(|e| gone[e]));
    true
}

/// Token `k` lowercased, when it lies in `sentence`.
fn word_in(doc: &Document, sentence: &std::ops::Range<usize>, k: usize) -> Option<String> {
    sentence
        .contains(&k)
        .then(|| doc.token_text(k).to_lowercase())
}

#[cfg(test)]
mod tests {
    use crate::document::EntityType;
    use crate::pipeline::testing::run;

    fn type_of(text: &str, name: &str) -> Option<EntityType> {
        let d = run(text);
        d.entities.iter().find(|e| e.name == name).map(|e| e.etype)
    }

    #[test]
    fn what_the_article_says_a_name_is_decides_its_type() {
        // a firm the model may read as a surname: said once to be a maker, once to have shares
        let business = "Tyre deal agreed\n\n\
            Italian tyre maker Varelli said on Friday it would build a plant near Wuxi. \
            Varelli shares rose 3% in Milan. Analysts said Varelli had waited for two years.";
        assert_eq!(type_of(business, "Varelli"), Some(EntityType::Company));
        // the same words around a person's name leave the person alone
        let profile = "Varelli honoured\n\n\
            Mr Varelli, who chaired the tyre maker for a decade, was honoured on Friday. \
            Varelli said he was proud.";
        assert!(type_of(profile, "Varelli").is_some_and(|t| t.is_person()));
    }

    #[test]
    fn a_firm_called_so_or_with_its_chief_executive_is_a_company() {
        let called = "Web caching\n\n\
            Traffic is carried by a company called Zentavo, which runs servers in 60 countries. \
            Zentavo said demand had doubled.";
        assert_eq!(type_of(called, "Zentavo"), Some(EntityType::Company));
        // one entity: "Zentavo said", which the model reads as a person's, is the company too
        let d = run(called);
        assert_eq!(
            d.entities.iter().filter(|e| e.name == "Zentavo").count(),
            1,
            "{:?}",
            d.entities
        );
        let chief = "Drug trial\n\n\
            Lorvanta chief executive Mark Ellis said the trial would start in May. \
            The results from Lorvanta are due next year.";
        assert_eq!(type_of(chief, "Lorvanta"), Some(EntityType::Company));
        // a place before "firm" says where the firm is
        let place = "Jobs\n\n\
            A Harrowby firm said on Monday it would hire 200 people in Harrowby next year.";
        assert!(type_of(place, "Harrowby").is_none_or(|t| t != EntityType::Company));
    }

    #[test]
    fn the_money_markets_posts_name_a_company() {
        let text = "Retail sales\n\n\
            \"Spending held up well,\" said Calvora economist Ruth Pender. Tomas Reyes, an \
            analyst at Brenlow, said stores had cut prices. The chief economist at the \
            Marlow Institute disagreed.";
        assert_eq!(type_of(text, "Calvora"), Some(EntityType::Company));
        assert_eq!(type_of(text, "Brenlow"), Some(EntityType::Company));
        assert_ne!(type_of(text, "Marlow Institute"), Some(EntityType::Company));
        let plural = "Audit\n\nThe external auditors Quenby had approved the accounts.";
        assert_eq!(type_of(plural, "Quenby"), Some(EntityType::Company));
        // the company noun after its modifiers; the profits at a firm
        let bank = "Deal\n\n\"It is expensive,\" Ann Kohl, from Keller Lindqvist investment bank, \
            told reporters. Profits at Tressida rose by 5% to £801m.";
        assert_eq!(type_of(bank, "Keller Lindqvist"), Some(EntityType::Company));
        assert_eq!(type_of(bank, "Tressida"), Some(EntityType::Company));
        // a market's leader is a company, not a person with a title
        let leader = "Consoles\n\nMarket leader Zanthor is releasing a handheld console in May.";
        assert_eq!(type_of(leader, "Zanthor"), Some(EntityType::Company));
        // the company noun may open the sentence
        let odds = "Odds\n\nBookmaker Quellbury said the band was the favourite. Quellbury \
                    cut the odds to 2-1.";
        assert_eq!(type_of(odds, "Quellbury"), Some(EntityType::Company));
    }

    #[test]
    fn the_names_of_a_line_up_are_players() {
        let text = "Rugby\n\n\
            Fly-half David Morvane kicked three penalties as Glanford beat Dunmore 19-6 on Saturday.\n\n\
            Glanford: Pryce; Tovey, Harlan, Morvane, Ellery; Dunst, Kemble.\n\n\
            Dunmore: Askew; Birtle (Kelso), Morgan, Felton, Gwyn.\n\n\
            Yarrow; Quint, Lamsden, Ockley, Vane; Tarrant, Pelloe (Bourgneuf).\n\n\
            Subs not used: Corrick, Hambly. Booked: Fennow 23, Brackett.\n\n\
            Replacements:\n\n\
            Dowley, Hanbury, Mostyn, Rookwell, P Sandiford.\n";
        let d = run(text);
        for name in [
            "Pryce", "Tovey", "Harlan", "Ellery", "Dunst", "Kemble", "Askew", "Birtle", "Felton",
            "Gwyn", "Quint", "Lamsden", "Ockley", "Tarrant", "Pelloe", "Corrick", "Hambly",
            "Fennow", "Brackett", "Hanbury", "Mostyn", "Rookwell",
        ] {
            let e = d.entities.iter().find(|e| e.name == name);
            assert!(
                e.is_some_and(|e| e.etype.is_person()),
                "{name}: {:?}",
                e.map(|e| e.etype)
            );
        }
        // the club in brackets after a player is not one
        let club = d.entities.iter().find(|e| e.name == "Bourgneuf");
        assert!(club.is_none_or(|e| !e.etype.is_person()), "{club:?}");
        // a lone surname after the full name is the person, whatever the model read it as
        let e = d.entities.iter().position(|e| e.name == "David Morvane");
        let mentions = d.mentions.iter().filter(|m| e.is_some() && m.entity == e);
        assert_eq!(mentions.count(), 2, "{:?}", d.entities);
        // a list in ordinary prose is no line-up
        let prose = "Rugby\n\n\
            Glanford beat Dunmore on Saturday.\n\n\
            Next stops: Avleno, Marskby, Tolvey and Brindlemouth are on the tour this spring.\n";
        let d = run(prose);
        assert!(
            d.entities
                .iter()
                .filter(|e| e.name == "Avleno")
                .all(|e| !e.etype.is_person()),
            "{:?}",
            d.entities
        );
    }

    #[test]
    fn names_listed_with_firms_are_firms_and_owners_are_not_members() {
        let market = "Car electronics\n\n\
            Siemens, Bosch and Marelli have been building up their car electronics businesses, \
            analysts said on Tuesday.";
        assert!(type_of(market, "Marelli").is_some_and(|t| t.is_org()));
        // "Smith, Microsoft's president": an apposition with an owner, no list
        let appos = "Talks\n\nBrad Smith, Microsoft's president, met the minister on Monday.";
        assert!(type_of(appos, "Brad Smith").is_some_and(|t| t.is_person()));
        // two people joined by "and" are no list of firms
        let owners = "Winner\n\nThe horse is owned by John and Beryl Remblance of Kent.";
        assert!(type_of(owners, "John").is_none_or(|t| t.is_person()));
    }

    #[test]
    fn a_club_owning_a_player_is_a_team_and_a_known_town_stays_a_place() {
        let report = "Cup tie\n\n\
            Chelsea's Damien Hale scored twice as the league leaders won the cup tie. \
            The striker has scored nine goals this season.";
        assert!(type_of(report, "Chelsea").is_some_and(|t| t.is_org()));
        assert!(type_of(report, "Damien Hale").is_some_and(|t| t.is_person()));
        // outside sport news a place owning a person is a place ("Ohio's John Kasich")
        let politics = "Governor\n\nOhio's John Kasich said on Monday he would sign the bill.";
        assert!(type_of(politics, "Ohio").is_none_or(|t| t.is_place()));
    }

    #[test]
    fn a_name_before_the_word_newspaper_is_a_media_outlet() {
        let news = "Interview\n\nThe sprinter told Ta Nea Imera newspaper in her first interview \
            that she would run again.";
        assert_eq!(type_of(news, "Ta Nea Imera"), Some(EntityType::MediaOutlet));
    }

    #[test]
    fn a_public_office_in_apposition_makes_a_name_a_persons() {
        let news = "Oil\n\n\"We will not cut supply,\" Fathi Bin Tandoh, Oman's oil minister, \
            told reporters.";
        assert!(type_of(news, "Fathi Bin Tandoh").is_some_and(|t| t.is_person()));
    }

    #[test]
    fn staff_before_a_full_name_make_their_employer_an_organisation() {
        let news = "Advice\n\nSir Bobby Robson has offered Chelvey boss Jose Marino some advice.";
        assert!(type_of(news, "Chelvey").is_some_and(|t| t.is_org()));
        // a spokesman is no employer's mark: "a Blair spokesman" names a person
        let politics = "Reply\n\nA Blair spokesman, Tom Kelly, said the prime minister was away.";
        assert!(type_of(politics, "Blair").is_none_or(|t| t.is_person()));
    }

    #[test]
    fn a_club_named_like_a_person_is_a_team_in_sport_news() {
        let match_report = "Mourinho rests stars for cup tie\n\n\
            Chelsea manager Jose Mourinho will rest Frank Lampard for the FA Cup tie. \
            Chelsea have won six league games in a row and lead the Premiership by nine points. \
            Lampard has scored eight goals this season for the club. \
            \"We have a big squad,\" said Mourinho after the match against Everton.";
        assert_eq!(
            type_of(match_report, "Chelsea"),
            Some(EntityType::Organization)
        );
        assert!(type_of(match_report, "Frank Lampard").is_some_and(|t| t.is_person()));
        // outside sport news the same words name a person
        let profile = "Chelsea have a word\n\n\
            Chelsea Clinton said on Monday she would visit Kenya. Clinton spoke in New York.";
        assert!(type_of(profile, "Chelsea Clinton").is_some_and(|t| t.is_person()));
    }

    #[test]
    fn parties_listed_or_described_as_parties_are_organisations() {
        // a list through "the" and a bracketed acronym
        let election = "Election\n\nThe largest parties were Golkar, Masyumi, the Muslim Party \
            of Indonesia (Parmusi) and the Indonesian National Party.";
        assert!(type_of(election, "Golkar").is_some_and(|t| t.is_org()));
        assert!(type_of(election, "Masyumi").is_some_and(|t| t.is_org()));
        // an apposition whose head is "party"
        let merger = "Merger\n\nBefore the vote Shinui merged with two others to form Meretz, \
            a dovish liberal party.";
        assert!(type_of(merger, "Meretz").is_some_and(|t| t.is_org()));
        // "X, the evening newspaper Y": the apposition describes Y
        let report = "Hanging\n\nTwo men were hanged in the southern city of Shirvan, the \
            evening newspaper Resalat reported.";
        assert!(type_of(report, "Shirvan").is_none_or(|t| !t.is_org()));
    }

    #[test]
    fn a_firm_described_by_its_country_or_its_economist_is_a_company() {
        let mobile = "Mobile news\n\nMr Morrow will join Telvaro, Japan's number three mobile \
            operator, in April.";
        assert_eq!(type_of(mobile, "Telvaro"), Some(EntityType::Company));
        let desk = "Markets\n\nPrices fell, said Karl Weiss, an economist with KD Hollweg. \
            Dealers agreed.";
        assert_eq!(type_of(desk, "KD Hollweg"), Some(EntityType::Company));
        // a person described by such a noun stays a person
        let profile = "Property\n\nThe tower was sold to Harold Brandt, a property developer, \
            last year. Brandt said he was pleased.";
        assert!(type_of(profile, "Harold Brandt").is_some_and(|t| t.is_person()));
    }

    #[test]
    fn a_studio_or_a_label_is_a_company() {
        let film = "Film news\n\nThe film was bought by the studio Harrow Pictures and the \
            record label Domzo released the soundtrack.";
        assert_eq!(type_of(film, "Domzo"), Some(EntityType::Company));
    }

    #[test]
    fn a_name_the_article_calls_a_person_is_a_persons() {
        // the model reads this name as an organisation's; "rapper" before it says person
        let gig = "Concert news\n\nThe festival will also feature rapper Kano Blitz and the \
            veteran crooner.";
        assert_eq!(type_of(gig, "Kano Blitz"), Some(EntityType::Person));
        // a title before a name that opens with no given name does not make a firm a person
        let desk = "Markets\n\nSteve Hale, an analyst at fund manager Corvid Asset Advisors, \
            said the shares were cheap.";
        assert!(type_of(desk, "Corvid Asset Advisors").is_none_or(|t| t.is_org()));
    }

    #[test]
    fn an_award_named_like_a_person_is_no_entity() {
        let film = "Awards\n\nThe Aviator leads the field with eleven Oscar nominations. Its \
            star won an Oscar in 2002.";
        assert_eq!(type_of(film, "Oscar"), None);
        // a person signing off is still a person ("Best, Jeff")
        let mail = "Sign-off\n\nThanks for the report.\n\nBest,\nJeff\n";
        assert!(type_of(mail, "Jeff").is_some_and(|t| t.is_person()));
        // "driving a Ferrari" names no award
        let race = "Grand Prix\n\nMichael Schumacher, driving a Ferrari, won the Belgian Grand \
            Prix on Sunday.";
        assert!(type_of(race, "Ferrari").is_some_and(|t| t.is_org()));
    }

    #[test]
    fn people_described_or_nominated_stay_people() {
        let politics = "Vote\n\nJohn Smith, a member of the ruling party, said on Monday the \
            vote would pass. Smith spoke in the capital.";
        assert!(type_of(politics, "John Smith").is_some_and(|t| t.is_person()));
        // "the Gorsuch nomination" is a person's, not an award's
        let court = "Court\n\nDemocrats vowed to block the Gorsuch nomination on Monday.";
        assert!(type_of(court, "Gorsuch").is_some());
    }

    #[test]
    fn a_listed_club_is_a_team_in_sport_news_but_a_town_where_it_plays_is_a_town() {
        // the model reads "Chelsea" as a person's name and "Liverpool" as the city's
        let report = "Cup report\n\nEverton lost 3-2 to Chelsea after extra-time in the league \
            cup tie. The striker said he was still the future of Liverpool. The semi-final will \
            be played in Cardiff in March.";
        assert_eq!(type_of(report, "Chelsea"), Some(EntityType::Organization));
        assert_eq!(type_of(report, "Liverpool"), Some(EntityType::Organization));
        assert!(type_of(report, "Cardiff").is_some_and(|t| t.is_place()));
        // outside sport news the town is a town
        let politics = "Visit\n\nThe minister arrived at Liverpool on Monday to open a school.";
        assert!(type_of(politics, "Liverpool").is_some_and(|t| t.is_place()));
    }

    #[test]
    fn a_club_a_player_moves_to_or_scores_for_is_a_team() {
        let report = "Transfer\n\nThe striker, on a season-long loan from Chelsea, scored twice \
            in the league cup tie. He made 110 appearances for Chelsea before the move.";
        assert!(type_of(report, "Chelsea").is_some_and(|t| t.is_org()));
        // a move for a player is a bid for him
        let bid = "Bid\n\nThe manager is planning a summer move for Owen, the striker said \
            after the league match.";
        assert!(type_of(bid, "Owen").is_none_or(|t| t.is_person()));
    }

    #[test]
    fn a_post_held_in_it_makes_a_name_an_organisation() {
        let text = "Plastics demand\n\n“Recycled resin sells well,” said Tom Wexler, president \
            of Eaglebrook Plastics.";
        assert!(
            type_of(text, "Eaglebrook Plastics").is_some_and(EntityType::is_org),
            "{:?}",
            type_of(text, "Eaglebrook Plastics")
        );
    }
}

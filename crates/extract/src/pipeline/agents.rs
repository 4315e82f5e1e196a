//! Stage: agents. Requires entities and reads the parse stage's words (a sentence with a
//! candidate that the parse stage left unparsed is parsed here, for this stage only); creates
//! entities for the agents of a country: "Chinese police", "the Japanese foreign minister", "US
//! officials", "officials from Japan", "the government of China". The nouns, their CAMEO sector,
//! type and scope come from the agent lexicon ([`crate::agents`], `data/lexicons/agents.tsv`).
//!
//! Two patterns, each inside one sentence, on tokens no earlier mention covers:
//!
//! - a country or demonym mention right before the agent, possibly with a possessive
//!   ("Chinese police", "US officials", "China's state media"): the agent's mention runs from
//!   the country's first word to the agent's last. A country's plain name (not a demonym, an
//!   all-caps short form such as "US" or a possessive) is taken only before a group ("Kazakhstan
//!   officials", not "China correspondent", "Iraq envoy") and not after a preposition ("in
//!   western Kenya students");
//! - the agent, `of` or `from`, an optional `the`, then a country mention that ends the phrase
//!   ("officials from Japan", "the president of France"; not "the minister of India's Andhra
//!   Pradesh state", "the administration of US President Bush", "from Mexico to Uruguay"): the
//!   mention runs from the agent to the country. Not for "opposition" (disagreement), not for
//!   an agent already found ("US troops from Germany"), and after `from` not when a verb of
//!   moving stands just before the agent ("withdrew troops from Syria" are not Syrian troops).
//!
//! Only countries count, as the gazetteer knows them (a Country entity with an ISO code, not
//! a capital: "police in Karachi", "Beijing police" are not agents of a country). The longest
//! phrase of the lexicon wins ("riot police", "minister of foreign affairs"). Outside a
//! headline, no agent is made
//!
//! - inside a longer mention: "the Chinese Foreign Ministry", already an Agency, stays;
//! - before a mention or a capitalised word (not a month or a weekday): "Japanese Foreign
//!   Minister Taro Kono" is the person Taro Kono, "German airline Lufthansa" the airline; for
//!   one person, also when a name follows the rest of a title ("UK Chancellor of the Exchequer
//!   Gordon Brown", "Spain's minister of sport Jaime Lissavetzky") or when the phrase is in
//!   apposition to a named person ("Taro Kono, the Japanese foreign minister,", "Jonathan
//!   Loynes, chief UK economist", "Iran's president, Mohammad Khatami,");
//! - when a group's words are capitalised (but a sentence's first word): a name the recogniser
//!   missed ("American Airlines", "Free Syrian Army");
//! - when the parse makes the agent's last word a modifier of a later noun (`compound`, `amod`:
//!   "Chinese police station", "Russia's sovereign debt") or no noun ("Britons police
//!   themselves").
//!
//! A third pattern reads the article as a whole: a bare "the government" (lowercase, no
//! country before it, no "of" after it) is the government of the article's country, the one
//! most of its officials', agencies' and organisations' mentions belong to (three at least,
//! twice any other country's; agents of this stage count): "The government has been
//! criticised by the Liberal Democrats" in an article about Mr Blair and Mr Brown. Its
//! mention is the agent's words without "the", of the form `Pronoun` (a reference, never a
//! name: no alias, no merge record). No country leads: no agent.
//!
//! Countries coordinated with the country of a group get the group each: "Chinese and Japanese
//! officials", "officials from Japan and South Korea" are two entities, Chinese (Japanese)
//! officials and Japanese (South Korean) officials, and "the Danish and German governments"
//! one government each. The mention of the coordinated one is its country's words, with the
//! form `Pronoun` (a reference by ellipsis, never a name: no alias, no merge record).
//!
//! Every agent of one country and phrase is one entity of the article ("Chinese police" and
//! "police from China"), named by the country's first demonym (else its name) and the phrase
//! ("Chinese police", "Japanese foreign minister", "American officials"), typed as the lexicon
//! says, with the country's ISO code as `country_code`; an agent of `article` scope (one
//! unnamed person or body: "a Chinese diplomat", "a Chinese company") is a `local` entity. For
//! a government body of `country` scope, an entity of the article with that name (resolution's
//! "Chinese Foreign Ministry"), else a gazetteer entry with that name, is used instead of a new
//! one. Mentions are `MentionSource::Agent`; the country or demonym mention inside stays as it
//! was (the article still mentions the country). Mentions stay sorted by start; at one start
//! the longer comes first, and an agent mention before another of the same span.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::Arc;

use super::resolve::{covered_tokens, finish};
use super::util::{normalize_key, starts_upper, MONTHS_AND_DAYS};
use super::Stage;
use crate::agents::{Agent, AgentLexicon, AgentScope};
use crate::document::{Document, Entity, EntityType, Mention, MentionForm, MentionSource, Span};
use crate::parse::words::sentence_words;
use crate::parse::ParserModel;
use crate::resources::Resources;

/// Words before an agent after which "from" says where it moved from, not whose it is.
const MOVING: &[&str] = &[
    "withdraw",
    "withdraws",
    "withdrew",
    "withdrawn",
    "withdrawing",
    "withdrawal",
    "pull",
    "pulls",
    "pulled",
    "pulling",
    "pullout",
    "evacuate",
    "evacuated",
    "evacuating",
    "evacuation",
    "remove",
    "removed",
    "removing",
    "removal",
    "return",
    "returned",
    "returning",
    "bring",
    "brought",
    "deport",
    "deported",
    "deporting",
    "deportation",
    "expel",
    "expelled",
    "expelling",
    "expulsion",
    "redeploy",
    "redeployed",
    "move",
    "moved",
    "moving",
    "relocate",
    "relocated",
    "rescue",
    "rescued",
    "repatriate",
    "repatriated",
    "repatriation",
    "extract",
    "extracted",
    "drawdown",
    "fled",
    "flee",
    "fleeing",
];

/// Prepositions after which a country's name is a place, not a modifier.
const LOCATIVE: &[&str] = &[
    "in",
    "into",
    "inside",
    "at",
    "to",
    "from",
    "across",
    "throughout",
    "around",
    "near",
    "within",
    "outside",
    "about",
    "on",
    "over",
];

/// Determiners and possessives that may stand between an apposition's comma and its phrase.
const DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "its", "their"];

/// Confidence of an agent mention (a lexicon phrase beside a gazetteer country).
const CONFIDENCE: f32 = 0.8;

pub struct Agents {
    res: Arc<Resources>,
    lexicon: &'static AgentLexicon,
    /// Parses a sentence with a candidate agent that the parse stage left unparsed.
    parser: Option<&'static ParserModel>,
}

impl Agents {
    pub fn new(res: Arc<Resources>) -> Self {
        let lexicon = AgentLexicon::builtin()
            .expect("the built-in agent lexicon is well-formed (a unit test loads it)");
        Agents {
            res,
            lexicon,
            parser: ParserModel::builtin_shared().ok(),
        }
    }
}

/// A syntactic word of a sentence: from the parse stage, or parsed here.
#[derive(Clone, Copy, Debug)]
struct SynWord {
    /// The first token of the word and the one after its last (a name is one word of several
    /// tokens).
    token: usize,
    end_token: usize,
    upos: &'static str,
    /// Index of the head among the sentence's words.
    head: Option<usize>,
    deprel: &'static str,
}

impl SynWord {
    /// Token `k` is (part of) this word.
    fn holds(&self, k: usize) -> bool {
        (self.token..self.end_token).contains(&k)
    }
}

/// One agent found: its mention's span and form, the lexicon phrase, the country's gazetteer
/// entry.
struct Found {
    span: Span,
    form: MentionForm,
    agent: usize,
    country: usize,
}

/// What the patterns look at: token texts, covered tokens, mentions by first and end token.
struct Context<'a> {
    doc: &'a Document,
    texts: Vec<&'a str>,
    covered: Vec<bool>,
    /// Token -> the first mention starting at it (the longest, after resolution).
    starting: HashMap<usize, usize>,
    /// Token after a mention's last token -> the mention.
    ending: HashMap<usize, usize>,
    parser: Option<&'static ParserModel>,
    /// The words of each sentence looked at, by sentence index.
    syntax: RefCell<HashMap<usize, Vec<SynWord>>>,
}

impl<'a> Context<'a> {
    fn new(doc: &'a Document, parser: Option<&'static ParserModel>) -> Self {
        let mut starting = HashMap::new();
        let mut ending = HashMap::new();
        for (i, m) in doc.mentions.iter().enumerate() {
            starting
                .entry(doc.token_at_or_after(m.span.start))
                .or_insert(i);
            ending.insert(doc.token_at_or_after(m.span.end), i);
        }
        Context {
            doc,
            texts: doc.tokens.iter().map(|t| doc.slice(t.span)).collect(),
            covered: covered_tokens(doc),
            starting,
            ending,
            parser,
            syntax: RefCell::new(HashMap::new()),
        }
    }

    /// `f` of the syntactic words of sentence `si`: the parse stage's, else (a sentence it
    /// left unparsed) parsed now, else none.
    fn with_syntax<R>(&self, si: usize, f: impl FnOnce(&[SynWord]) -> R) -> R {
        let mut cache = self.syntax.borrow_mut();
        let words = cache.entry(si).or_insert_with(|| {
            let sentence = &self.doc.sentences[si];
            if !sentence.words.is_empty() {
                let base = sentence.words.start;
                return self.doc.words[sentence.words.clone()]
                    .iter()
                    .map(|w| SynWord {
                        token: w.token,
                        end_token: self.doc.token_at_or_after(w.span.end),
                        upos: w.upos,
                        head: w.head.and_then(|h| h.checked_sub(base)),
                        deprel: w.deprel,
                    })
                    .collect();
            }
            let Some(parser) = self.parser else {
                return Vec::new();
            };
            let spans = sentence_words(self.doc, si);
            if spans.is_empty() || spans.len() > super::parse::MAX_WORDS {
                return Vec::new();
            }
            let forms: Vec<&str> = spans.iter().map(|w| self.doc.slice(w.span)).collect();
            parser
                .tag_and_parse(&forms)
                .into_iter()
                .zip(&spans)
                .map(|(p, w)| SynWord {
                    token: w.token,
                    end_token: w.token + 1,
                    upos: p.upos,
                    head: p.head.checked_sub(1),
                    deprel: p.deprel,
                })
                .collect()
        });
        f(words)
    }

    fn lower(&self, k: usize) -> String {
        self.texts[k].to_lowercase()
    }

    fn is_person(&self, m: Option<&usize>) -> bool {
        m.and_then(|&i| self.doc.mentions[i].entity)
            .is_some_and(|e| self.doc.entities[e].etype.is_person())
    }

    /// A person's mention starts at token `k`.
    fn person_at(&self, k: usize) -> bool {
        self.is_person(self.starting.get(&k))
    }

    /// A person's mention ends right before token `k`.
    fn person_ending_at(&self, k: usize) -> bool {
        self.is_person(self.ending.get(&k))
    }

    /// The part of speech the parse gives token `k` of sentence `si` (its first word's).
    fn upos(&self, si: usize, k: usize) -> Option<&'static str> {
        self.with_syntax(si, |words| {
            words.iter().find(|w| w.holds(k)).map(|w| w.upos)
        })
    }

    /// Token `k` is a capitalised word that may be a name (not a month or a weekday).
    fn name_like(&self, k: usize) -> bool {
        let w = self.texts[k];
        starts_upper(w)
            && w.chars().any(char::is_alphabetic)
            && !MONTHS_AND_DAYS.contains(&w)
            && w != "I"
    }
}

impl Stage for Agents {
    fn name(&self) -> &'static str {
        "agents"
    }

    fn run(&self, doc: &mut Document) {
        if doc.mentions.is_empty() || doc.entities.is_empty() {
            return;
        }
        let found = self.find(doc);
        if found.is_empty() {
            return;
        }
        self.add(doc, found);
    }
}

impl Agents {
    /// The gazetteer entry of the country a mention names, when it names one (not as its
    /// capital, not as an agent).
    fn country_of(&self, doc: &Document, m: &Mention) -> Option<usize> {
        if m.source == MentionSource::Agent || m.form == MentionForm::Capital {
            return None;
        }
        let e = &doc.entities[m.entity?];
        if e.etype != EntityType::Country {
            return None;
        }
        self.res
            .gazetteer
            .country_by_code(e.country_code.as_deref()?)
    }

    /// Every agent of a country in the document, in text order.
    fn find(&self, doc: &Document) -> Vec<Found> {
        let cx = Context::new(doc, self.parser);
        let mut out: Vec<Found> = Vec::new();
        for m in &doc.mentions {
            let Some(country) = self.country_of(doc, m) else {
                continue;
            };
            let Some(si) = doc.sentence_at(m.span.start) else {
                continue;
            };
            let before = out.len();
            if !self.modifier_pattern(&cx, m, si, country, &mut out)
                && m.form != MentionForm::Demonym
            {
                self.preposition_pattern(&cx, m, si, country, &mut out);
            }
            // "the Danish and German governments": one government each
            if out.len() > before + 1 {
                if let Some(one) = self.singular(out[before].agent) {
                    for f in &mut out[before..] {
                        f.agent = one;
                    }
                }
            }
        }
        self.home_government(&cx, &mut out);
        // one agent per span: the first found (a pattern's own mention before a coordinated one)
        let mut seen = std::collections::HashSet::new();
        out.retain(|f| seen.insert(f.span));
        out
    }

    /// The country whose government the article means by a bare "the government": the
    /// country of most of its officials', agencies' and organisations' mentions (by their
    /// `country_code`), at least three of them and twice as many as any other country's.
    /// The agents `found` so far count too ("Kenyan officials"). `None` when no country leads
    /// so.
    fn home_country(&self, doc: &Document, found: &[Found]) -> Option<usize> {
        let counts = |t: EntityType| {
            matches!(
                t,
                EntityType::Official | EntityType::Agency | EntityType::Organization
            )
        };
        let mut votes: HashMap<usize, usize> = HashMap::new();
        for f in found
            .iter()
            .filter(|f| counts(self.lexicon.agents[f.agent].etype))
        {
            *votes.entry(f.country).or_default() += 1;
        }
        for e in doc
            .mentions
            .iter()
            .filter_map(|m| m.entity.map(|e| &doc.entities[e]))
        {
            let code = e.country_code.as_deref().filter(|_| counts(e.etype));
            if let Some(c) = code.and_then(|c| self.res.gazetteer.country_by_code(c)) {
                *votes.entry(c).or_default() += 1;
            }
        }
        let mut ranked: Vec<(usize, usize)> = votes.into_iter().map(|(c, n)| (n, c)).collect();
        ranked.sort_unstable_by(|a, b| b.cmp(a));
        let (n, c) = *ranked.first()?;
        let second = ranked.get(1).map_or(0, |r| r.0);
        (n >= 3 && n >= 2 * second).then_some(c)
    }

    /// "The government has been criticised by the Liberal Democrats", in an article about
    /// one country's politics ([`Agents::home_country`]): a bare "the government" (no
    /// country, no "of", lowercase) is that country's government. Its mention is the agent's
    /// words without "the", with the form `Pronoun` (a reference, never a name: no alias).
    fn home_government(&self, cx: &Context, out: &mut Vec<Found>) {
        let doc = cx.doc;
        let bare: Vec<usize> = (1..cx.texts.len())
            .filter(|&k| {
                cx.texts[k] == "government"
                    && cx.lower(k - 1) == "the"
                    && !cx.covered[k]
                    && cx.texts.get(k + 1).is_none_or(|w| *w != "of")
            })
            .collect();
        if bare.is_empty() {
            return;
        }
        let Some(country) = self.home_country(doc, out) else {
            return;
        };
        for k in bare {
            let Some(si) = doc.sentence_at(doc.tokens[k].span.start) else {
                continue;
            };
            if doc.sentences[si].headline {
                continue;
            }
            let s_end = doc.sentences[si].tokens.end;
            let stop = (k..s_end).find(|&t| cx.covered[t]).unwrap_or(s_end);
            let Some((end, a)) = self.lexicon.longest_starting_at(&cx.texts[..stop], k) else {
                continue;
            };
            if self.lexicon.agents[a].is_person() || !self.acceptable(cx, si, k, end, a) {
                continue;
            }
            out.push(Found {
                span: Span::new(doc.tokens[k].span.start, doc.tokens[end - 1].span.end),
                form: MentionForm::Pronoun,
                agent: a,
                country,
            });
        }
    }

    /// "Chinese police", "China's state media", "Chinese and Japanese officials".
    fn modifier_pattern(
        &self,
        cx: &Context,
        m: &Mention,
        si: usize,
        country: usize,
        out: &mut Vec<Found>,
    ) -> bool {
        let doc = cx.doc;
        let (s_start, s_end) = (doc.sentences[si].tokens.start, doc.sentences[si].tokens.end);
        let first = doc.token_at_or_after(m.span.start);
        let mut k = doc.token_at_or_after(m.span.end);
        if k < s_end && m.form != MentionForm::Demonym && matches!(cx.texts[k], "'s" | "’s") {
            k += 1;
        }
        let stop = (k..s_end).find(|&t| cx.covered[t]).unwrap_or(s_end);
        let Some((end, a)) = self.lexicon.longest_starting_at(&cx.texts[..stop], k) else {
            return false;
        };
        // a country's name before one person is often the subject ("China correspondent",
        // "Iraq envoy", "Japan boss"); its short forms are adjectives ("US envoy", "UK
        // chancellor"), and so are demonyms and possessives
        let short = m.form == MentionForm::Acronym || super::util::is_all_caps(doc.slice(m.span));
        let plain_name =
            m.form != MentionForm::Demonym && k == doc.token_at_or_after(m.span.end) && !short;
        if plain_name && self.lexicon.agents[a].is_person() {
            return false;
        }
        // ... and after a preposition, a place: "in western Kenya students", "the report into
        // Iraq intelligence"
        if plain_name
            && (first.saturating_sub(2).max(s_start)..first)
                .any(|t| LOCATIVE.contains(&cx.lower(t).as_str()))
        {
            return false;
        }
        if !self.acceptable(cx, si, k, end, a) || self.in_apposition(cx, si, first, end, a) {
            return false;
        }
        out.push(Found {
            span: Span::new(m.span.start, doc.tokens[end - 1].span.end),
            form: MentionForm::Name,
            agent: a,
            country,
        });
        if self.lexicon.agents[a].scope == AgentScope::Country {
            // the countries coordinated before it
            let mut left = first;
            while left > s_start + 1 && matches!(cx.texts[left - 1], "and" | "or" | ",") {
                let Some(&j) = cx.ending.get(&(left - 1)) else {
                    break;
                };
                let Some(c) = self.country_of(doc, &doc.mentions[j]) else {
                    break;
                };
                out.push(Found {
                    span: doc.mentions[j].span,
                    form: MentionForm::Pronoun,
                    agent: a,
                    country: c,
                });
                left = doc.token_at_or_after(doc.mentions[j].span.start);
            }
        }
        true
    }

    /// "officials from Japan", "the president of France", "officials from Japan and South
    /// Korea".
    fn preposition_pattern(
        &self,
        cx: &Context,
        m: &Mention,
        si: usize,
        country: usize,
        out: &mut Vec<Found>,
    ) {
        let doc = cx.doc;
        let (s_start, s_end) = (doc.sentences[si].tokens.start, doc.sentences[si].tokens.end);
        let first = doc.token_at_or_after(m.span.start);
        let after = doc.token_at_or_after(m.span.end);
        // the country must end its phrase: not "the administration of US President Bush", not
        // "the minister of India's Andhra Pradesh state"
        // nor a range: "politicians from Mexico to Uruguay"
        if after < s_end && (matches!(cx.texts[after], "'s" | "’s" | "to") || cx.name_like(after))
        {
            return;
        }
        let mut p = first;
        if p > s_start && cx.texts[p - 1].eq_ignore_ascii_case("the") {
            p -= 1;
        }
        if p < s_start + 2 {
            return;
        }
        let prep = cx.lower(p - 1);
        if prep != "of" && prep != "from" && prep != "in" {
            return;
        }
        let agent_end = p - 1;
        let lo = (s_start..agent_end)
            .rev()
            .find(|&t| cx.covered[t])
            .map_or(s_start, |t| t + 1);
        let Some((start, a)) = self
            .lexicon
            .longest_ending_at(&cx.texts[lo..agent_end], agent_end - lo)
            .map(|(s, a)| (s + lo, a))
        else {
            return;
        };
        // "police in Pakistan", "a court in Guyana", "officials in Beijing" belong where they
        // are; troops, spies, envoys, reporters and firms "in" a country are often foreign
        if prep == "in" && !at_home(&self.lexicon.agents[a]) {
            return;
        }
        // "opposition from the US" is disagreement, not the political opposition; "US troops
        // from Germany" are American
        let span = Span::new(doc.tokens[start].span.start, m.span.end);
        if self.lexicon.agents[a].phrase == "opposition"
            || out.iter().any(|f| f.span.overlaps(span))
        {
            return;
        }
        // "withdrew troops from Syria": where they leave, not whose they are
        if prep == "from"
            && (start.saturating_sub(4).max(s_start)..start)
                .any(|t| MOVING.contains(&cx.lower(t).as_str()))
        {
            return;
        }
        if !self.acceptable(cx, si, start, agent_end, a)
            || self.in_apposition(cx, si, start, after, a)
        {
            return;
        }
        out.push(Found {
            span,
            form: MentionForm::Alias,
            agent: a,
            country,
        });
        if self.lexicon.agents[a].scope == AgentScope::Country {
            // the countries coordinated after it
            let mut right = after;
            while right + 1 < s_end && matches!(cx.texts[right], "and" | "or" | ",") {
                let Some(&j) = cx.starting.get(&(right + 1)) else {
                    break;
                };
                let Some(c) = self.country_of(doc, &doc.mentions[j]) else {
                    break;
                };
                out.push(Found {
                    span: doc.mentions[j].span,
                    form: MentionForm::Pronoun,
                    agent: a,
                    country: c,
                });
                right = doc.token_at_or_after(doc.mentions[j].span.end);
            }
        }
    }

    /// The singular of a plural group phrase when it names one body per country ("governments"
    /// -> "government"; "officials" stays).
    fn singular(&self, a: usize) -> Option<usize> {
        let phrase = &self.lexicon.agents[a].phrase;
        let stems = [
            phrase.strip_suffix("ies").map(|s| format!("{s}y")),
            phrase.strip_suffix('s').map(str::to_string),
        ];
        stems.into_iter().flatten().find_map(|p| {
            // "troops" of two countries are not one troop each
            if p.ends_with("troop") {
                return None;
            }
            let i = self.lexicon.index_of(&p)?;
            let agent = &self.lexicon.agents[i];
            (agent.scope == AgentScope::Country && !agent.is_person()).then_some(i)
        })
    }

    /// May tokens `start..end` of sentence `si` be agent `a`? Not before a name, not a
    /// capitalised name of an organisation, not a modifier of a noun after it (see the module
    /// documentation).
    fn acceptable(&self, cx: &Context, si: usize, start: usize, end: usize, a: usize) -> bool {
        let doc = cx.doc;
        let agent = &self.lexicon.agents[a];
        let sentence = &doc.sentences[si];
        let s_end = sentence.tokens.end;
        // (a sentence's first word is capitalised anyway)
        let capitalised =
            (start..end).any(|t| t != sentence.tokens.start && starts_upper(cx.texts[t]));
        if !sentence.headline {
            // a name follows: "Japanese Foreign Minister Taro Kono", "German airline Lufthansa"
            if end < s_end && (cx.starting.contains_key(&end) || cx.name_like(end)) {
                return false;
            }
            // ... after the rest of a title: "UK Chancellor of the Exchequer Gordon Brown",
            // "Spain's minister of sport Jaime Lissavetzky" (nouns, adjectives, "of", "the"
            // between; capitalised words where there is no parse)
            if agent.is_person() {
                let mut t = end;
                while t < s_end.min(end + 5) && !cx.person_at(t) {
                    let w = cx.texts[t];
                    let in_title = match cx.upos(si, t) {
                        Some(u) => matches!(u, "NOUN" | "PROPN" | "ADJ" | "ADP" | "DET"),
                        None => starts_upper(w) || matches!(w, "of" | "the" | "for"),
                    };
                    if !in_title || matches!(w, "," | "(" | ":") {
                        break;
                    }
                    t += 1;
                }
                if t < s_end && cx.person_at(t) {
                    return false;
                }
            }
            // an organisation's name the recogniser missed: "American Airlines"
            if capitalised && !agent.is_person() {
                return false;
            }
        }
        // "Chinese police station", "Russia's sovereign debt": the agent modifies what follows
        let last = end - 1;
        cx.with_syntax(si, |words| {
            let Some(w) = words.iter().rposition(|w| w.holds(last)) else {
                return true;
            };
            let modifies_next = words[w].head.is_some_and(|h| h > w)
                && matches!(words[w].deprel, "compound" | "amod");
            // ... or is no noun: "Britons police themselves"
            !(modifies_next || matches!(words[w].upos, "ADJ" | "VERB" | "AUX" | "ADV"))
        })
    }

    /// Is the phrase from token `first` to token `end` (the country and the agent, in some
    /// order) an apposition to a named person: "Taro Kono, the Japanese foreign minister",
    /// "Jonathan Loynes, chief UK economist", "Iran's president, Mohammad Khatami,"? Only for
    /// one person.
    fn in_apposition(&self, cx: &Context, si: usize, first: usize, end: usize, a: usize) -> bool {
        if !self.lexicon.agents[a].is_person() {
            return false;
        }
        let sentence = &cx.doc.sentences[si];
        let (s_start, s_end) = (sentence.tokens.start, sentence.tokens.end);
        // after: ", Mohammad Khatami", "to Russia, Jane Doe"
        let comma = (end..s_end.min(end + 5)).find(|&t| cx.texts[t] == ",");
        if let Some(c) = comma {
            let between_ok = (end..c).all(|t| match cx.upos(si, t) {
                Some(u) => matches!(u, "ADP" | "DET" | "PROPN" | "NOUN" | "ADJ" | "NUM"),
                None => true,
            });
            if between_ok && c + 1 < s_end && cx.person_at(c + 1) {
                return true;
            }
        }
        // before: "Taro Kono, the", "Christopher Wray, assistant"
        let mut k = first;
        let mut words = 0;
        while k > s_start && words < 3 {
            let w = cx.texts[k - 1];
            let modifier = match cx.upos(si, k - 1) {
                Some(u) => matches!(u, "ADJ" | "NOUN" | "NUM"),
                None => true,
            };
            if DETERMINERS.contains(&w.to_lowercase().as_str()) {
                k -= 1;
            } else if modifier && w.chars().next().is_some_and(char::is_lowercase) {
                k -= 1;
                words += 1;
            } else {
                break;
            }
        }
        k > s_start + 1 && cx.texts[k - 1] == "," && cx.person_ending_at(k - 1)
    }

    /// Entities and mentions for what was found.
    fn add(&self, doc: &mut Document, found: Vec<Found>) {
        let mut entity_of: HashMap<(usize, usize), usize> = HashMap::new();
        let mut added = Vec::with_capacity(found.len());
        for f in found {
            let e = match entity_of.get(&(f.country, f.agent)) {
                Some(&e) => e,
                None => {
                    let e = self.entity_for(doc, f.country, f.agent);
                    entity_of.insert((f.country, f.agent), e);
                    // the agent's CAMEO sectors: "Chinese police" is COP, "state media" GOV, MED
                    let sector = &self.lexicon.agents[f.agent].sector;
                    for s in (0..sector.len() / 3).filter_map(|i| sector.get(3 * i..3 * i + 3)) {
                        if !doc.entities[e].sectors.iter().any(|x| x == s) {
                            doc.entities[e].sectors.push(s.to_string());
                        }
                    }
                    e
                }
            };
            let form = match f.form {
                MentionForm::Name
                    if normalize_key(clean(doc.slice(f.span)))
                        != normalize_key(&doc.entities[e].name) =>
                {
                    MentionForm::Alias
                }
                form => form,
            };
            added.push(Mention {
                span: f.span,
                etype: doc.entities[e].etype,
                source: MentionSource::Agent,
                form,
                gazetteer: None,
                confidence: CONFIDENCE,
                entity: Some(e),
            });
        }
        doc.mentions.extend(added);
        // by start; the longer first; an agent before another mention of the same span
        doc.mentions.sort_by_key(|m| {
            (
                m.span.start,
                Reverse(m.span.end),
                m.source != MentionSource::Agent,
            )
        });
        finish(doc);
    }

    /// The entity for agent `a` of the country of gazetteer entry `country`: one of the
    /// article's with its name, else the gazetteer's, else a new one.
    fn entity_for(&self, doc: &mut Document, country: usize, a: usize) -> usize {
        let gaz = &self.res.gazetteer;
        let agent = &self.lexicon.agents[a];
        let ce = &gaz.entries[country];
        let adjective = ce.demonyms.first().unwrap_or(&ce.name);
        let name = format!("{adjective} {}", agent.text());
        let key = normalize_key(&name);
        let family = agent.etype.family();
        // only a government body can be named so already ("Chinese Foreign Ministry"); "US
        // airlines" are not American Airlines
        let named = agent.etype == EntityType::Agency && agent.scope == AgentScope::Country;
        if let Some(e) = doc
            .entities
            .iter()
            .position(|e| e.etype.family() == family && normalize_key(&e.name) == key)
            .filter(|_| named)
        {
            return e;
        }
        let entity = match gaz
            .lookup(&name)
            .filter(|&g| named && gaz.entries[g].etype.family() == family)
        {
            Some(g) => {
                let ge = &gaz.entries[g];
                if let Some(e) = doc.entities.iter().position(|e| {
                    e.name == ge.name && e.etype.family() == family
                        || (e.wikidata.is_some() && e.wikidata == ge.wikidata)
                }) {
                    return e;
                }
                Entity {
                    name: ge.name.clone(),
                    etype: ge.etype,
                    aliases: Vec::new(),
                    wikidata: ge.wikidata.clone(),
                    country_code: ce.country.clone(),
                    mentions: Vec::new(),
                    confidence: CONFIDENCE,
                    local: false,
                    codes: Vec::new(),
                    sectors: Vec::new(),
                }
            }
            None => Entity {
                name,
                etype: agent.etype,
                aliases: Vec::new(),
                wikidata: None,
                country_code: ce.country.clone(),
                mentions: Vec::new(),
                confidence: CONFIDENCE,
                local: agent.scope == AgentScope::Article,
                codes: Vec::new(),
                sectors: Vec::new(),
            },
        };
        doc.entities.push(entity);
        doc.entities.len() - 1
    }
}

/// A mention's text without a leading article.
fn clean(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s)
}

#[cfg(test)]
mod tests;

/// Whether an agent named "in" a country is that country's: not armed forces, intelligence,
/// media or business, nor a diplomat (who serves abroad), nor people held or living there.
fn at_home(a: &Agent) -> bool {
    !["MIL", "UAF", "SPY", "MED", "BUS", "IGO", "NGO"]
        .iter()
        .any(|s| a.sector.contains(s))
        && !a.phrase.split(' ').any(|w| {
            w.starts_with("ambassador")
                || w.starts_with("embass")
                || w.starts_with("envoy")
                || w.starts_with("diplomat")
                || w.starts_with("consul")
                || w.starts_with("attach")
                || w.starts_with("peacekeep")
                || w.starts_with("troop")
                || w.starts_with("soldier")
                || w.starts_with("force")
                // where they are held or live, not whose they are: "detainees in Cuba",
                // "an exile in Israel"; "the market leader in Spain"
                || w.starts_with("detainee")
                || w.starts_with("prisoner")
                || w.starts_with("hostage")
                || w.starts_with("exile")
                || w.starts_with("resident")
                || w.starts_with("refugee")
                || w.starts_with("migrant")
                || w.starts_with("immigrant")
                || w.starts_with("expat")
                || w.starts_with("tourist")
                || w.starts_with("visitor")
                || w.starts_with("leader")
        })
}

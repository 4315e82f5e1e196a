//! The `Document`: one article's immutable text plus every annotation made on it, as spans.
//!
//! All spans inside the library are UTF-8 **byte** offsets into [`Document::text`], half-open
//! (`start..end`). Everything that leaves the library (JSON, RDF) converts them to Unicode code
//! point offsets with [`CharIndex`]; nothing else converts.

use std::fmt;

/// A half-open byte range into the document text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// The entity classes of the ontology that the extractor assigns (local names of `ng:` classes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    Official,
    Person,
    Agency,
    Company,
    MediaOutlet,
    Organization,
    /// An armed non-state group (rebels, militias, insurgents, terrorist organisations: the
    /// Taliban, Hezbollah): an Organization of its own kind.
    ArmedGroup,
    Country,
    Location,
    Policy,
}

impl EntityType {
    pub const ALL: [EntityType; 10] = [
        EntityType::Official,
        EntityType::Person,
        EntityType::Agency,
        EntityType::Company,
        EntityType::MediaOutlet,
        EntityType::Organization,
        EntityType::ArmedGroup,
        EntityType::Country,
        EntityType::Location,
        EntityType::Policy,
    ];

    /// The ontology class local name (`Official`, `Agency`, ...).
    pub fn local_name(self) -> &'static str {
        match self {
            EntityType::Official => "Official",
            EntityType::Person => "Person",
            EntityType::Agency => "Agency",
            EntityType::Company => "Company",
            EntityType::MediaOutlet => "MediaOutlet",
            EntityType::Organization => "Organization",
            EntityType::ArmedGroup => "ArmedGroup",
            EntityType::Country => "Country",
            EntityType::Location => "Location",
            EntityType::Policy => "Policy",
        }
    }

    pub fn from_local_name(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.local_name().eq_ignore_ascii_case(s))
    }

    pub fn is_person(self) -> bool {
        matches!(self, EntityType::Official | EntityType::Person)
    }
    pub fn is_org(self) -> bool {
        matches!(
            self,
            EntityType::Agency
                | EntityType::Company
                | EntityType::MediaOutlet
                | EntityType::Organization
                | EntityType::ArmedGroup
        )
    }
    pub fn is_place(self) -> bool {
        matches!(self, EntityType::Country | EntityType::Location)
    }
    /// Can act as a party to opposes / partnersWith (a person, an organisation or a country).
    pub fn is_actor(self) -> bool {
        self.is_person() || self.is_org() || self == EntityType::Country
    }

    /// The coarse family that decides entity identity: two names of different families are never
    /// the same entity (a Company is never a Country).
    pub fn family(self) -> &'static str {
        match self {
            EntityType::Official | EntityType::Person => "person",
            EntityType::Agency
            | EntityType::Company
            | EntityType::MediaOutlet
            | EntityType::Organization
            | EntityType::ArmedGroup => "org",
            EntityType::Country => "country",
            EntityType::Location => "place",
            EntityType::Policy => "policy",
        }
    }
}

/// Serialised as its ontology name ("Official", "MediaOutlet").
impl serde::Serialize for EntityType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.local_name())
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.local_name())
    }
}

/// Article metadata as read from the input (all optional except where a reader can always tell).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// Stable identity of the article: an explicit id, else its URL, else its path (see `input`).
    pub id: String,
    pub title: Option<String>,
    /// As written in the input; `date` normalises it to ISO 8601 where possible.
    pub date: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    /// The publisher or outlet (`Source:` header, JSON `source`, `og:site_name`).
    pub source: Option<String>,
    /// Where the article came from, for messages: `path` or `path:line`.
    pub origin: String,
    /// What the reader changed in the input and the user should hear about (control characters
    /// replaced, see `input::clean_controls`); for messages only, never stored.
    pub warnings: Vec<String>,
    /// The wire-copy dateline opening the body, found by the `dateline` stage (readers leave it
    /// `None`; it is not part of the content hash, since it is derived from the text).
    pub dateline: Option<Dateline>,
}

/// A wire-copy dateline at the start of an article body: "LONDON 1996-08-30", "WASHINGTON
/// (Reuters) -", "NEW DELHI —", "BRUSSELS, March 3 (Reuters) -", "AL-AIN, United Arab Emirates
/// 1996-12-06". Spans are byte offsets into the text, as everywhere.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dateline {
    /// The whole dateline, its closing dash included.
    pub span: Span,
    /// Where the story was filed, as written ("NEW DELHI"); an entity mention of its own.
    pub place: Span,
    /// A region or country written after the place ("United Arab Emirates", "Calif."); also a
    /// mention.
    pub region: Option<Span>,
    /// The date as written ("1996-08-30", "March 3").
    pub date: Option<String>,
    /// The news agency in brackets ("Reuters", "AP"), the story's source.
    pub agency: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    /// Opening or closing quotation mark (straight or typographic).
    Quote,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// A blank line (paragraph break) separates this token from the previous one.
    pub para_start: bool,
    /// A line break (single or more) separates this token from the previous one.
    pub line_start: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    /// Token index range.
    pub tokens: std::ops::Range<usize>,
    /// This sentence is the article's headline.
    pub headline: bool,
    /// Index range into [`Document::words`]: the sentence's syntactic words, empty until the
    /// parse stage has run (and for sentences it does not parse).
    pub words: std::ops::Range<usize>,
}

/// A syntactic word of a parsed sentence (Universal Dependencies): a token, a piece of one
/// ("do" + "n't"), or a whole mention of several tokens (the parse stage reads each mention of
/// two words or more as one word: a name, "the company", an agent phrase), with its part of
/// speech and its dependency arc.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    pub span: Span,
    /// The token the word comes from (a name's first token).
    pub token: usize,
    /// Universal part-of-speech tag (`NOUN`, `PROPN`, `VERB`, ...).
    pub upos: &'static str,
    /// Index into [`Document::words`] of the head; `None` for the sentence's root.
    pub head: Option<usize>,
    /// Universal dependency relation to the head (`nsubj`, `obj`, `obl:agent`, `root`, ...).
    pub deprel: &'static str,
}

/// How a mention was found; decides precedence when candidates overlap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MentionSource {
    /// Capitalised-span heuristics.
    Shape,
    /// Contextual cue: title, speech verb, organisation head word.
    Cue,
    /// A statistical model.
    Model,
    /// A gazetteer entry (exact name, alias, demonym or capital).
    Gazetteer,
    /// An agent of a country ("Chinese police", "officials from Japan"): a noun of
    /// `data/lexicons/agents.tsv` next to a country or demonym, found after resolution. Its span
    /// covers the country mention it contains, which stays.
    Agent,
}

/// What a mention's surface form is, relative to its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MentionForm {
    Name,
    Alias,
    /// "Chinese", "American".
    Demonym,
    /// "Beijing" standing for China.
    Capital,
    /// "Segal" for Adam Segal.
    Surname,
    Acronym,
    /// "he", "the company".
    Pronoun,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub span: Span,
    pub etype: EntityType,
    pub source: MentionSource,
    pub form: MentionForm,
    /// Gazetteer entry index, when matched from one.
    pub gazetteer: Option<usize>,
    pub confidence: f32,
    /// Index into `Document::entities`, set by the resolver.
    pub entity: Option<usize>,
}

/// One real-world thing as seen in this article.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub name: String,
    pub etype: EntityType,
    pub aliases: Vec<String>,
    pub wikidata: Option<String>,
    /// ISO 3166-1 alpha-2 code: of a country, or of the country an agent belongs to ("Chinese
    /// police" is CN).
    pub country_code: Option<String>,
    pub mentions: Vec<usize>,
    pub confidence: f32,
    /// Entities that exist only inside this article (an unnamed policy such as "the new rules").
    pub local: bool,
    /// CAMEO actor codes that apply on the article's date (`USAGOV`, `LBNREB`, `IGOUNO`), from
    /// the actor gazetteer (`actors` stage).
    pub codes: Vec<String>,
    /// CAMEO sectors of the entity (`GOV`, `MIL`, `REB`, `OPP`, `BUS`, `MED`, ...): of `codes`,
    /// or of the agent noun that named it ("Chinese police": `COP`).
    pub sectors: Vec<String>,
}

/// A public office a person holds or held, as the actor gazetteer dates it (not the text: the
/// text's titles are [`Role`]s). Offices that began after the article's date are left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Office {
    pub person: usize,
    /// The CAMEO actor code of the office (`USAGOV`, `AFGGOVEDU`, `IGOUNO`).
    pub code: String,
    /// ISO 3166-1 alpha-2 of the office's country; `None` for an international one.
    pub country: Option<String>,
    /// First and last day, `YYYY-MM-DD`, inclusive; `None` when the dictionary leaves it open.
    pub start: Option<String>,
    pub end: Option<String>,
    /// Held on the article's date: `Some(true)` in office, `Some(false)` ended before it;
    /// `None` for an article without a date.
    pub current: Option<bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuoteKind {
    Direct,
    /// Reported speech or thought: "X said / believes / found (that) ...".
    Indirect,
    Mixed,
    /// A stance taken, with what it is about as content: "X endorsed Y", "called for an
    /// inquiry", "accused the agency of ..." (PolNeAR counts these as attributions).
    Stance,
}

impl QuoteKind {
    pub fn local_name(self) -> &'static str {
        match self {
            QuoteKind::Direct => "Direct",
            QuoteKind::Indirect => "Indirect",
            QuoteKind::Mixed => "Mixed",
            QuoteKind::Stance => "Stance",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// The quoted words, without the quotation marks: from the first word to the last, so a
    /// quote interrupted by its attribution covers the attribution too (see `parts`).
    pub content: Span,
    /// The pieces of a quote interrupted by its attribution ("“We will not,” she said, “accept
    /// it.”") or by a closing mark between paragraphs, in order; empty when `content` is whole.
    pub parts: Vec<Span>,
    pub kind: QuoteKind,
    /// The span naming the speaker ("Segal", "Long Zhou", "she"), when one was found.
    pub speaker_span: Option<Span>,
    /// The speaker entity, when the speaker span resolves to one.
    pub speaker: Option<usize>,
    /// The cue ("said", "told reporters", "according to").
    pub cue: Option<Span>,
    /// An outlet that relays the quote ("according to the Associated Press").
    pub reported_by: Option<usize>,
    /// The sentence(s) holding the quote and its attribution.
    pub evidence: Span,
    pub confidence: f32,
}

impl Quote {
    /// The quoted pieces in order: `parts`, or `content` alone.
    pub fn parts(&self) -> &[Span] {
        if self.parts.is_empty() {
            std::slice::from_ref(&self.content)
        } else {
            &self.parts
        }
    }

    /// The quoted words of `text` (the article), pieces joined by " … ".
    pub fn text<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        match self.parts() {
            [one] => std::borrow::Cow::Borrowed(&text[one.start..one.end]),
            parts => std::borrow::Cow::Owned(
                parts
                    .iter()
                    .map(|p| &text[p.start..p.end])
                    .collect::<Vec<_>>()
                    .join(" … "),
            ),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Predicate {
    Opposes,
    PartnersWith,
}

impl Predicate {
    pub fn local_name(self) -> &'static str {
        match self {
            Predicate::Opposes => "opposes",
            Predicate::PartnersWith => "partnersWith",
        }
    }
    pub fn from_local_name(s: &str) -> Option<Self> {
        match s {
            "opposes" => Some(Predicate::Opposes),
            "partnersWith" => Some(Predicate::PartnersWith),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Modality {
    Asserted,
    /// "is looking to partner with", "plans to", "wants to".
    Intended,
    /// "threatened to sanction".
    Threatened,
    /// Reported or alleged by others, not asserted by the article: "reportedly held talks",
    /// "is said to have met", "reports of a rift", "allegedly attacked".
    Reported,
}

impl Modality {
    pub fn local_name(self) -> &'static str {
        match self {
            Modality::Asserted => "Asserted",
            Modality::Intended => "Intended",
            Modality::Threatened => "Threatened",
            Modality::Reported => "Reported",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Relation {
    pub subject: usize,
    pub predicate: Predicate,
    pub object: usize,
    /// The cue phrase ("spoken out against", "partner with").
    pub cue: Span,
    /// PLOVER class of the cue (`ACCUSE`, `COOPERATE`, ...).
    pub event_class: &'static str,
    /// CAMEO event code of the cue (`111` criticize or denounce, `057` sign formal agreement),
    /// when the cue comes from the CAMEO lexicon.
    pub code: Option<&'static str>,
    /// Minimal span covering subject mention, cue and object mention.
    pub span: Span,
    pub sentence: Span,
    pub negated: bool,
    pub modality: Modality,
    pub confidence: f32,
}

/// A person's role or affiliation: "Adam Segal, director of ... at the Council on Foreign Relations".
#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    pub person: usize,
    /// The organisation (or country, for "U.S. President"), when named.
    pub organization: Option<usize>,
    /// The title as written, lowercased only if it was written so ("deputy director-general").
    pub title: String,
    pub title_span: Span,
    pub sentence: Span,
    /// The title or organisation makes this a public office.
    pub official: bool,
    pub confidence: f32,
}

/// An organisation that is a unit of another: "the Bureau of International Cooperation of the
/// Cyberspace Administration".
#[derive(Clone, Debug, PartialEq)]
pub struct UnitOf {
    pub unit: usize,
    pub parent: usize,
    pub sentence: Span,
}

/// The byline: a short line of its own at the start or end of the body that names the article's
/// authors ("Written by Chris Bing", "By Jane Roe and John Doe, Reuters", "Jane Roe | Reuters").
#[derive(Clone, Debug, PartialEq)]
pub struct Byline {
    /// The whole line.
    pub line: Span,
    /// Each author's name as written.
    pub authors: Vec<Span>,
    /// The people the names resolve to, in order (a name that resolves to none is left out).
    pub author_entities: Vec<usize>,
    /// The outlet the line names ("Reuters"), when it names one.
    pub outlet: Option<Span>,
    /// The outlet's entity.
    pub outlet_entity: Option<usize>,
}

/// Something the pipeline noticed and worked around (never fatal).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub span: Option<Span>,
    pub message: String,
}

/// One article and all its annotations. Stages fill the vectors in the order of
/// `pipeline::Pipeline`; later stages only read earlier stages' output.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub meta: Metadata,
    /// The article text exactly as read (for HTML: the extracted main text).
    pub text: String,
    /// Byte offset where the analysed body starts (after `Key: value` header lines).
    pub body_start: usize,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Syntactic words of the parsed sentences, in text order (see [`Sentence::words`]).
    pub words: Vec<Word>,
    pub mentions: Vec<Mention>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub relations: Vec<Relation>,
    pub roles: Vec<Role>,
    /// Offices of people from the actor gazetteer, with their dates.
    pub offices: Vec<Office>,
    pub units: Vec<UnitOf>,
    /// The byline, when the body has one.
    pub byline: Option<Byline>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    pub fn new(meta: Metadata, text: String) -> Self {
        Document {
            meta,
            text,
            ..Default::default()
        }
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    pub fn token_text(&self, i: usize) -> &str {
        self.slice(self.tokens[i].span)
    }

    /// Index of the sentence containing byte offset `pos`.
    /// The mentions whose span holds `span`, nearest start first. Mentions nest only a few
    /// deep, so the twelve mentions starting at or before `span` are looked at.
    pub fn mentions_holding(&self, span: Span) -> impl Iterator<Item = &Mention> {
        let end = self
            .mentions
            .partition_point(|m| m.span.start <= span.start);
        self.mentions[..end]
            .iter()
            .rev()
            .take(12)
            .filter(move |m| m.span.start <= span.start && m.span.end >= span.end)
    }

    /// The mentions lying wholly inside `span`, in text order (the mentions must be in text
    /// order, as after the agents stage): a binary search, then only the mentions that start in
    /// the span.
    pub fn mentions_within(&self, span: Span) -> impl Iterator<Item = &Mention> {
        let start = self.mentions.partition_point(|m| m.span.start < span.start);
        self.mentions[start..]
            .iter()
            .take_while(move |m| m.span.start < span.end)
            .filter(move |m| m.span.end <= span.end)
    }

    /// The mentions overlapping a token's span: those holding it and those inside it (mentions
    /// start and end at token boundaries, so no other mention overlaps a token). A mention
    /// equal to the span comes twice. Mentions in text order, as for `mentions_within`.
    pub fn mentions_at_token(&self, span: Span) -> impl Iterator<Item = &Mention> {
        self.mentions_holding(span)
            .chain(self.mentions_within(span))
    }

    /// Free the tokens and the parse once every stage has run (the graph needs neither): a
    /// megabyte of text holds about 40 MB of them. The sentences' token and word ranges are
    /// emptied with them, so nothing can index into what is gone.
    pub fn release_analysis(&mut self) {
        self.tokens = Vec::new();
        self.words = Vec::new();
        for s in &mut self.sentences {
            s.tokens = 0..0;
            s.words = 0..0;
        }
    }

    /// The mentions that start within `span` (mentions are sorted by start): a binary search,
    /// where a scan of every mention per quote made quote-heavy articles quadratic.
    pub fn mentions_starting_in(&self, span: Span) -> &[Mention] {
        let lo = self.mentions.partition_point(|m| m.span.start < span.start);
        let hi = self.mentions.partition_point(|m| m.span.start < span.end);
        &self.mentions[lo..hi.max(lo)]
    }

    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= pos);
        (i < self.sentences.len() && self.sentences[i].span.start <= pos).then_some(i)
    }

    /// The token range of the sentence holding byte offset `pos`.
    pub fn sentence_tokens(&self, pos: usize) -> Option<std::ops::Range<usize>> {
        self.sentence_at(pos)
            .map(|s| self.sentences[s].tokens.clone())
    }

    /// Index of the first token starting at or after byte offset `pos`.
    pub fn token_at_or_after(&self, pos: usize) -> usize {
        self.tokens.partition_point(|t| t.span.start < pos)
    }

    /// The tokens a span covers, as an index range (`token_at_or_after` of its two ends).
    pub fn token_range(&self, span: Span) -> std::ops::Range<usize> {
        self.token_at_or_after(span.start)..self.token_at_or_after(span.end)
    }

    /// The entity a mention resolved to.
    pub fn mention_entity(&self, m: usize) -> Option<&Entity> {
        self.mentions[m].entity.map(|e| &self.entities[e])
    }
}

/// Converts byte offsets of one text to Unicode code point offsets.
pub struct CharIndex {
    /// Byte offset of every char boundary that follows a non-ASCII char; empty for ASCII text.
    starts: Vec<usize>,
    ascii: bool,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return CharIndex {
                starts: Vec::new(),
                ascii: true,
            };
        }
        CharIndex {
            starts: text.char_indices().map(|(b, _)| b).collect(),
            ascii: false,
        }
    }

    /// Code point offset of a byte offset that lies on a char boundary (or at the text's end).
    pub fn char_offset(&self, byte: usize) -> usize {
        if self.ascii {
            byte
        } else {
            self.starts.partition_point(|&b| b < byte)
        }
    }

    pub fn span(&self, span: Span) -> (usize, usize) {
        (self.char_offset(span.start), self.char_offset(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_counts_code_points() {
        let text = "Zürich – São Paulo";
        let idx = CharIndex::new(text);
        let b = text.find("São").unwrap();
        assert_eq!(idx.char_offset(b), 9);
        assert_eq!(idx.char_offset(text.len()), text.chars().count());
        let ascii = CharIndex::new("plain");
        assert_eq!(ascii.char_offset(3), 3);
    }

    #[test]
    fn entity_type_round_trips() {
        for t in EntityType::ALL {
            assert_eq!(EntityType::from_local_name(t.local_name()), Some(t));
        }
        assert!(EntityType::Official.is_person());
        assert_ne!(EntityType::Company.family(), EntityType::Country.family());
    }
}

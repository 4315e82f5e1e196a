//! Stage 4: parse. Requires sentences, tokens and mentions; creates `Document::words` and each
//! sentence's `words` range: Universal Dependencies syntactic words (clitics and hyphenated
//! compounds split as UD English does, see [`crate::parse::words`]; each mention of two words
//! or more is one word, see `names_in`) with a part of speech, a head and a dependency relation
//! from the trained parser ([`crate::parse::ParserModel`]).
//!
//! A sentence is parsed when it names two entities or more (headlines too), or one and holds
//! "he", "she" or "it" among its first words (which may stand for someone named before): the later stages read who
//! did what to whom, who said what and who holds which post, and a sentence that names fewer
//! has no pair to give, so parsing it would only cost time. The quote stage parses
//! later ([`parse_later`]) a sentence naming one entity with a verb of saying or thinking whose
//! attribution the surface patterns did not read. A sentence of more
//! than [`MAX_WORDS`] words (a table or a list that the segmenter could not split) is left
//! unparsed too: no clause structure is to be read from it. Later stages read arguments,
//! negation and modality from the tree; a sentence without words simply yields nothing there.

use super::Stage;
use std::ops::Range;

use crate::document::{Document, EntityType, MentionForm, Span, Word};
use crate::parse::words::{sentence_words, WordSpan};
use crate::parse::{NameHead, ParsedWord, ParserModel};
use crate::pipeline::syntax::{is_currency_sign, is_form_of, ATTRIBUTION_VERBS};

/// Sentences naming fewer entities than this are not parsed.
pub const MIN_MENTIONS: usize = 2;

/// Sentences longer than this (in words) are not parsed.
pub const MAX_WORDS: usize = 250;

pub struct Parse {
    model: &'static ParserModel,
}

impl Parse {
    pub fn new(model: &'static ParserModel) -> Self {
        Parse { model }
    }
}

impl Stage for Parse {
    fn name(&self) -> &'static str {
        "parse"
    }

    fn run(&self, doc: &mut Document) {
        doc.words.clear();
        let mut forms: Vec<&str> = Vec::new();
        let mut out: Vec<Word> = Vec::with_capacity(doc.tokens.len() + doc.tokens.len() / 8);
        let mut ranges = Vec::with_capacity(doc.sentences.len());
        for (s, named) in named_per_sentence(doc).into_iter().enumerate() {
            let base = out.len();
            if named >= MIN_MENTIONS
                || (named == 1 && has_personal_pronoun(doc, s))
                || names_a_pair(doc, s)
            {
                parse_sentence(self.model, doc, s, &mut forms, &mut out);
            }
            ranges.push(base..out.len());
        }
        for (sentence, r) in doc.sentences.iter_mut().zip(ranges) {
            sentence.words = r;
        }
        doc.words = out;
    }
}

/// The kind of party a plural noun of [`PAIR_NOUNS`] counts.
#[derive(Clone, Copy)]
pub(crate) enum PairKind {
    Organisation,
    Country,
    Person,
}

impl PairKind {
    pub(crate) fn fits(self, t: EntityType) -> bool {
        match self {
            PairKind::Organisation => matches!(t, EntityType::Company | EntityType::Organization),
            PairKind::Country => t == EntityType::Country,
            PairKind::Person => t.is_person(),
        }
    }
}

/// Plural nouns that "the two" or "both" make a pair of parties named before ("the two
/// companies held talks"), with the kind of party each counts: the relations stage reads
/// them (`tree::the_two`).
const PAIR_NOUNS: &[(&str, PairKind)] = &[
    ("companies", PairKind::Organisation),
    ("firms", PairKind::Organisation),
    ("carmakers", PairKind::Organisation),
    ("banks", PairKind::Organisation),
    ("groups", PairKind::Organisation),
    ("airlines", PairKind::Organisation),
    ("retailers", PairKind::Organisation),
    ("countries", PairKind::Country),
    ("nations", PairKind::Country),
    ("states", PairKind::Country),
    ("men", PairKind::Person),
    ("women", PairKind::Person),
    ("leaders", PairKind::Person),
    ("politicians", PairKind::Person),
];

/// The kind of party a plural noun of [`PAIR_NOUNS`] counts (`None` for any other word).
pub(crate) fn pair_kind(noun: &str) -> Option<PairKind> {
    PAIR_NOUNS.iter().find(|(n, _)| *n == noun).map(|&(_, k)| k)
}

/// Whether sentence `s` holds "two" or "both" right before a noun of [`PAIR_NOUNS`]: it may
/// relate two parties it does not name.
fn names_a_pair(doc: &Document, s: usize) -> bool {
    let toks = doc.sentences[s].tokens.clone();
    // (only right before the noun: with words between, "the two Japanese companies will
    // collaborate in research", a sentence parsed for it gave the quote stage a false
    // attribution, and no edge on the BBC corpus)
    toks.clone().zip(toks.skip(1)).any(|(a, b)| {
        matches!(doc.slice(doc.tokens[a].span), "two" | "both" | "Both")
            && pair_kind(doc.slice(doc.tokens[b].span)).is_some()
    })
}

/// Whether sentence `s` holds "he", "she" or "it" among its first words (where a subject
/// stands): with one name, it may name a pair (the pronoun standing for someone named before,
/// see the relations stage).
fn has_personal_pronoun(doc: &Document, s: usize) -> bool {
    doc.tokens[doc.sentences[s].tokens.clone()]
        .iter()
        .take(6)
        .any(|t| matches!(doc.slice(t.span), "he" | "He" | "she" | "She" | "it" | "It"))
}

/// Parses sentence `s` of `doc` (unless it has no words or more than [`MAX_WORDS`]) and appends
/// its words to `out`, whose length is the index of its first word.
fn parse_sentence<'d>(
    model: &'static ParserModel,
    doc: &'d Document,
    s: usize,
    forms: &mut Vec<&'d str>,
    out: &mut Vec<Word>,
) {
    let base = out.len();
    let spans = sentence_words(doc, s);
    if spans.is_empty() || spans.len() > MAX_WORDS {
        return;
    }
    forms.clear();
    forms.extend(spans.iter().map(|w| doc.slice(w.span)));
    let (names, heads) = names_in(doc, s, &spans);
    // the words of `spans` each parsed word covers (a name's several, else one)
    let mut groups: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for r in names
        .iter()
        .cloned()
        .chain(std::iter::once(spans.len()..spans.len()))
    {
        let from = groups.last().map_or(0, |g| g.end);
        groups.extend((from..r.start).map(|k| k..k + 1));
        if !r.is_empty() {
            groups.push(r);
        }
    }
    let asides = asides_after_names(doc, &spans, &groups);
    let mut parsed = if asides.is_empty() {
        model.tag_and_parse_names(forms, &names, &heads)
    } else {
        // the whole sentence's tags say whether a verb follows an aside
        let tags = model.tag(forms);
        let before_verb: Vec<bool> = asides
            .iter()
            .map(|r| {
                groups
                    .get(r.end + 1)
                    .is_some_and(|g| g.len() == 1 && matches!(tags[g.start], "VERB" | "AUX"))
            })
            .collect();
        parse_without_asides(model, forms, &names, &heads, &groups, &asides, &before_verb)
    };
    let name_at: Vec<bool> = groups.iter().map(|g| g.len() > 1).collect();
    // a parsed word's form (a name's by its first word)
    let form = |g: usize| forms[groups[g].start];
    // each repair of the parse is kept only when the words still form a tree
    let mut before = parsed.clone();
    titles_before_names(&mut parsed, &name_at, form);
    keep_if_tree(&mut parsed, &mut before);
    names_coordinated_after_titles(&mut parsed, &name_at, form);
    keep_if_tree(&mut parsed, &mut before);
    appositions_after_names(&mut parsed, &name_at, form);
    keep_if_tree(&mut parsed, &mut before);
    name_apposed_to_a_noun(&mut parsed, &name_at, form);
    keep_if_tree(&mut parsed, &mut before);
    subject_of_following_clause(&mut parsed, &name_at);
    keep_if_tree(&mut parsed, &mut before);
    subject_after_a_quote(&mut parsed, form);
    keep_if_tree(&mut parsed, &mut before);
    list_after_a_dash(&mut parsed, form);
    keep_if_tree(&mut parsed, &mut before);
    name_before_its_verb(&mut parsed, &name_at, form);
    keep_if_tree(&mut parsed, &mut before);
    noun_after_a_list_of_names(&mut parsed);
    keep_if_tree(&mut parsed, &mut before);
    possessor_of_a_name(&mut parsed, &name_at, form);
    keep_if_tree(&mut parsed, &mut before);
    // whether parsed word `g` ends where the next begins (no space: one written word)
    let glued = |g: usize| {
        groups
            .get(g + 1)
            .is_some_and(|next| spans[groups[g].end - 1].span.end == spans[next.start].span.start)
    };
    agent_before_a_hyphen(&mut parsed, &name_at, form, glued);
    keep_if_tree(&mut parsed, &mut before);
    vocative_is_the_subject(&mut parsed);
    keep_if_tree(&mut parsed, &mut before);
    name_after_a_fronted_phrase(&mut parsed, &name_at, form);
    keep_if_tree(&mut parsed, &mut before);
    passive_without_auxiliary(&mut parsed);
    keep_if_tree(&mut parsed, &mut before);
    inverted_verb_after_a_clause(&mut parsed, &name_at, form);
    keep_if_tree(&mut parsed, &mut before);
    amount_after_its_currency(&mut parsed, form);
    keep_if_tree(&mut parsed, &mut before);
    clause_of_a_noun(&mut parsed, form);
    keep_if_tree(&mut parsed, &mut before);
    for (p, g) in parsed.into_iter().zip(groups) {
        let (first, last) = (spans[g.start], spans[g.end - 1]);
        out.push(Word {
            span: Span::new(first.span.start, last.span.end),
            token: first.token,
            upos: p.upos,
            head: (p.head > 0).then(|| base + p.head - 1),
            deprel: p.deprel,
        });
    }
}

/// An aside between commas right after a person's name, as a range of `groups` (its comma
/// before and after left out): an age ("Ulf D. Merbold, 47, of the European Space Agency",
/// "Higgins, 44, was seized") or an American legislator's party and state ("Sen. Alan
/// Cranston, D-Calif., chairman of ...").
fn asides_after_names(
    doc: &Document,
    spans: &[WordSpan],
    groups: &[Range<usize>],
) -> Vec<Range<usize>> {
    let word = |g: usize| {
        let r = &groups[g];
        doc.slice(Span::new(
            spans[r.start].span.start,
            spans[r.end - 1].span.end,
        ))
    };
    let age = |w: &str| (1..=3).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit());
    let party = |w: &str| {
        let b = w.as_bytes();
        b.len() >= 4
            && matches!(b[0], b'D' | b'R' | b'I')
            && b[1] == b'-'
            && b[2].is_ascii_uppercase()
            && w[2..].chars().all(|c| c.is_ascii_alphabetic() || c == '.')
    };
    let mut out = Vec::new();
    for g in 1..groups.len() {
        if word(g) != "," {
            continue;
        }
        let Some(first) = (g + 1 < groups.len()).then_some(g + 1) else {
            continue;
        };
        let w = word(first);
        // "D-Calif" and its full stop, when the tokens part them
        let end = if party(w) && first + 1 < groups.len() && word(first + 1) == "." {
            first + 2
        } else {
            first + 1
        };
        if !(age(w) || party(w)) || end >= groups.len() || word(end) != "," {
            continue;
        }
        let name_end = spans[groups[g - 1].end - 1].span.end;
        let name = Span::new(spans[groups[g - 1].start].span.start, name_end);
        if doc
            .mentions_within(name)
            .any(|m| m.span.end == name_end && m.etype.is_person())
        {
            out.push(first..end);
        }
    }
    out
}

/// Parses the sentence with each aside of `asides` (see [`asides_after_names`]) and its commas
/// set aside, then hangs the aside on the name as its apposition. A greedy parser reads ", 47,"
/// as a clause boundary and loses the name's own modifier ("of the European Space Agency") or
/// its verb; without it the sentence reads as "Ulf D. Merbold, of the European Space Agency
/// ...", "David Peterson, a mental patient at ...", "Larry Sturholm was a feature reporter
/// ...". The comma after the aside stays before a phrase about the person, and goes before a
/// verb (`before_verb`, one per aside: what the tagger made of the word after the comma).
fn parse_without_asides(
    model: &'static ParserModel,
    forms: &[&str],
    names: &[Range<usize>],
    heads: &[NameHead],
    groups: &[Range<usize>],
    asides: &[Range<usize>],
    before_verb: &[bool],
) -> Vec<ParsedWord<'static>> {
    let aside = |g: usize| {
        asides
            .iter()
            .zip(before_verb)
            .any(|(r, &verb)| (r.start - 1..r.end).contains(&g) || (g == r.end && verb))
    };
    // kept groups in order, and each group's index among them
    let kept: Vec<usize> = (0..groups.len()).filter(|&g| !aside(g)).collect();
    let mut new_word = vec![0; forms.len() + 1];
    let mut short: Vec<&str> = Vec::with_capacity(forms.len());
    for &g in &kept {
        for w in groups[g].clone() {
            new_word[w] = short.len();
            short.push(forms[w]);
        }
    }
    new_word[forms.len()] = short.len();
    // (a name set aside, "D-Calif", is no name of the shortened sentence)
    let (short_names, short_heads): (Vec<Range<usize>>, Vec<NameHead>) = names
        .iter()
        .zip(heads)
        .filter(|(r, _)| kept.iter().any(|&g| groups[g] == **r))
        .map(|(r, &h)| (new_word[r.start]..new_word[r.end - 1] + 1, h))
        .unzip();
    let parsed = model.tag_and_parse_names(&short, &short_names, &short_heads);
    let mut out: Vec<ParsedWord<'static>> = (0..groups.len())
        .map(|_| ParsedWord {
            upos: "PUNCT",
            head: 0,
            deprel: "punct",
        })
        .collect();
    for (p, &g) in parsed.into_iter().zip(&kept) {
        out[g] = ParsedWord {
            head: if p.head == 0 { 0 } else { kept[p.head - 1] + 1 },
            ..p
        };
    }
    for r in asides {
        let a = r.start;
        let age = forms[groups[a].start].starts_with(|c: char| c.is_ascii_digit());
        out[a] = ParsedWord {
            upos: if age { "NUM" } else { "PROPN" },
            head: a - 1,
            deprel: "appos",
        };
        // the commas and a full stop are the aside's punctuation
        for g in (a - 1..r.end + 1).filter(|&g| g != a && aside(g)) {
            out[g].head = a + 1;
        }
    }
    out
}

/// Undoes the last repair (`parsed` back to `before`) when it left a word that does not reach
/// the root; else records it in `before`.
fn keep_if_tree(parsed: &mut Vec<ParsedWord<'static>>, before: &mut Vec<ParsedWord<'static>>) {
    if parsed == before {
        return; // nothing was repaired
    }
    let n = parsed.len();
    let reaches_root = |w: usize| {
        let mut x = w;
        for _ in 0..=n {
            match parsed[x].head.checked_sub(1) {
                None => return true,
                Some(h) if h < n => x = h,
                Some(_) => return false,
            }
        }
        false
    };
    if (0..n).all(reaches_root) {
        before.clone_from(parsed);
    } else {
        parsed.clone_from(before);
    }
}

/// "said Virginia Galle, a City Council member.": a noun hung on punctuation (no word's head in
/// Universal Dependencies) whose phrase opens right after a name and its comma is the name's
/// apposition.
fn appositions_after_names<'f>(
    parsed: &mut [ParsedWord<'static>],
    name_at: &[bool],
    form: impl Fn(usize) -> &'f str,
) {
    for w in 0..parsed.len() {
        let Some(h) = parsed[w].head.checked_sub(1) else {
            continue;
        };
        if parsed[h].upos != "PUNCT" || !matches!(parsed[w].upos, "NOUN" | "PROPN") {
            continue;
        }
        // the phrase's first word: the leftmost word under `w`
        let under_w = |k: usize| {
            let mut x = k;
            for _ in 0..parsed.len() {
                match parsed[x].head.checked_sub(1) {
                    Some(up) if up == w => return true,
                    Some(up) => x = up,
                    None => return false,
                }
            }
            false
        };
        let first = (0..w).find(|&k| under_w(k)).unwrap_or(w);
        if first >= 2 && form(first - 1) == "," && name_at[first - 2] {
            parsed[w].head = first - 1;
            parsed[w].deprel = "appos";
            parsed[first - 1].head = w + 1;
        }
    }
}

/// Nouns that take a clause of what they report or fear ("reports that X had held talks").
const CONTENT_NOUNS: &[&str] = &[
    "reports",
    "report",
    "claims",
    "claim",
    "allegations",
    "allegation",
    "suggestions",
    "suggestion",
    "speculation",
    "rumours",
    "rumors",
    "fears",
    "news",
    "evidence",
    "belief",
    "hopes",
    "concerns",
    "warnings",
    "signs",
    "indications",
];

/// "declined to be drawn on reports that Barclays had held talks": a `that` clause right after
/// a noun of report or belief ([`CONTENT_NOUNS`]) that the parser hung on the verb above the
/// noun is the noun's clause (`acl`), not the verb's complement: what the verb does (or
/// declines) is not done to the clause.
fn clause_of_a_noun<'f>(parsed: &mut [ParsedWord<'static>], form: impl Fn(usize) -> &'f str) {
    for c in 0..parsed.len() {
        if parsed[c].deprel != "ccomp" {
            continue;
        }
        let Some(m) = (1..c)
            .find(|&m| parsed[m].head == c + 1 && parsed[m].deprel == "mark" && form(m) == "that")
        else {
            continue;
        };
        let n = m - 1;
        if parsed[n].upos == "NOUN"
            && CONTENT_NOUNS.contains(&form(n).to_lowercase().as_str())
            && parsed[n].head == parsed[c].head
        {
            parsed[c].head = n + 1;
            parsed[c].deprel = "acl";
        }
    }
}

/// A weekday's or a month's name: a bare time, not a name of anything the parse attaches.
fn is_day_or_month(w: &str) -> bool {
    matches!(
        w,
        "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
    )
}

/// "criticised Britain's financial watchdog, the FSA, on Monday": a name hung on the verb
/// (as an oblique or object without a preposition) whose phrase opens right after a comma that
/// follows a noun of the same verb's phrases is that noun's apposition: a noun hung on the
/// verb, or inside a phrase of the verb ("held talks with his counterpart, Ariel Sharon, on
/// Monday", where the parser hung the name on "held" as an unmarked oblique).
fn name_apposed_to_a_noun<'f>(
    parsed: &mut [ParsedWord<'static>],
    name_at: &[bool],
    form: impl Fn(usize) -> &'f str,
) {
    // whether word `n` hangs on word `v` (1-based, as heads are) through nominal phrases only
    let under = |parsed: &[ParsedWord<'static>], n: usize, v: usize| {
        let mut at = n;
        for _ in 0..6 {
            let h = parsed[at].head;
            if h == v {
                return true;
            }
            if h == 0 || !matches!(parsed[at].deprel, "obj" | "iobj" | "obl" | "nmod" | "conj") {
                return false;
            }
            at = h - 1;
        }
        false
    };
    for w in 0..parsed.len() {
        if !(name_at[w] || parsed[w].upos == "PROPN")
            || !matches!(
                parsed[w].deprel,
                "obl" | "obl:unmarked" | "obj" | "dep" | "vocative"
            )
        {
            continue;
        }
        let has_case = parsed
            .iter()
            .any(|p| p.head == w + 1 && matches!(p.deprel, "case" | "mark"));
        if has_case {
            continue;
        }
        // the phrase's first word: the name, or its determiner right before it
        let first = if w > 0 && parsed[w - 1].head == w + 1 && parsed[w - 1].deprel == "det" {
            w - 1
        } else {
            w
        };
        if first < 2 || form(first - 1) != "," {
            continue;
        }
        let n = first - 2;
        // (a vocative or unmarked name after a phrase that opens the clause is its subject:
        // "At the summit, Russia, however, rejected", `vocative_is_the_subject`)
        let after_verb =
            !matches!(parsed[w].deprel, "vocative" | "obl:unmarked") || n + 1 > parsed[w].head;
        if parsed[n].upos == "NOUN"
            && parsed[w].head > 0
            && after_verb
            && under(parsed, n, parsed[w].head)
        {
            parsed[w].head = n + 1;
            parsed[w].deprel = "appos";
            parsed[first - 1].head = w + 1;
        }
    }
}

/// "Senate Majority Leader Karen Blix delivered", "Senator Ana Reyes issued": a name right after
/// the noun it is parsed in apposition with or as `flat` of (no comma between: a title)
/// becomes the head, taking the title's place in
/// the tree, and the title its `compound`, as Universal Dependencies has it; the title's
/// dependents after the name go to the name. (A parser that reads the name as one word tends
/// to make the last title noun the head.)
///
/// The parser, trained on UD English EWT 2.13 or later, labels a title before a name
/// `nmod:desc` ("FAA Administrator Allan McArtor", "Dr. Smith"); the later stages read it as the
/// `compound` it was before, one relation for every title however it was parsed.
fn titles_before_names<'f>(
    parsed: &mut [ParsedWord<'static>],
    name_at: &[bool],
    form: impl Fn(usize) -> &'f str,
) {
    for p in parsed.iter_mut() {
        if p.deprel == "nmod:desc" {
            p.deprel = "compound";
        }
    }
    // "John Shalikashvili, chairman of the Joint Chiefs", "Sen. Mark Dalton, D-Ore., chairman
    // of": a compound never reaches across a comma; the name is the head and the noun after
    // the comma its apposition
    for w in 0..parsed.len() {
        let Some(h) = parsed[w].head.checked_sub(1).filter(|&h| h > w + 1) else {
            continue;
        };
        if !name_at[w]
            || parsed[w].deprel != "compound"
            || parsed[w + 1].upos != "PUNCT"
            || !matches!(parsed[h].upos, "NOUN" | "PROPN")
        {
            continue;
        }
        take_place(parsed, w, h, "appos");
        parsed[w + 1].head = h + 1;
    }
    // "held merger talks with US bank Wells Fargo": a name right after a common noun, hung
    // elsewhere without a preposition (an unmarked oblique, an object), is the noun's name;
    // it takes the noun's place below
    for w in 1..parsed.len() {
        let n = w - 1;
        let named = is_name(parsed, name_at, &form, w);
        // (hung on the noun itself as its object, "old foes Gondor and Osgiliath": a noun
        // takes no object)
        let on_the_noun = parsed[w].head == n + 1 && parsed[w].deprel == "obj";
        if !named
            || parsed[n].upos != "NOUN"
            || !matches!(parsed[w].deprel, "obl:unmarked" | "obl" | "obj" | "dep")
            || parsed[w].head == n + 1 && !on_the_noun
            || parsed[n].head == w + 1
            || parsed
                .iter()
                .any(|x| x.head == w + 1 && matches!(x.deprel, "case" | "mark"))
            || !form(n).starts_with(char::is_lowercase)
        {
            continue;
        }
        take_place(parsed, w, n, "compound");
        for (k, x) in parsed.iter_mut().enumerate() {
            if k != w && x.head == n + 1 {
                x.head = w + 1;
            }
        }
    }
    for w in 1..parsed.len() {
        let Some(h) = parsed[w].head.checked_sub(1).filter(|&h| h < w) else {
            continue;
        };
        let title = match parsed[w].deprel {
            "appos" => h + 1 == w && !name_at[h],
            // a name is one word, so `flat` from it to an earlier word joins no name: "FAA
            // Administrator Allan McArtor" read as one name headed by "FAA"
            "flat" => parsed[h + 1..w].iter().all(|x| x.upos != "PUNCT"),
            _ => false,
        };
        if !name_at[w] || !title || !matches!(parsed[h].upos, "NOUN" | "PROPN") {
            continue;
        }
        take_place(parsed, w, h, "compound");
        for x in parsed.iter_mut().skip(w + 1) {
            if x.head == h + 1 {
                x.head = w + 1;
            }
        }
    }
}

/// Is word `w` a name: a name the recogniser found, or a proper noun that is no day or month?
fn is_name<'f>(
    parsed: &[ParsedWord<'static>],
    name_at: &[bool],
    form: &impl Fn(usize) -> &'f str,
    w: usize,
) -> bool {
    name_at[w] || parsed[w].upos == "PROPN" && !is_day_or_month(form(w))
}

/// Has the word at 1-based position `h` a dependent whose relation is one of `rels`?
fn has_kid(parsed: &[ParsedWord<'static>], h: usize, rels: &[&str]) -> bool {
    parsed
        .iter()
        .any(|w| w.head == h && rels.contains(&w.deprel))
}

/// Word `w` takes word `h`'s place in the tree (its head and relation), and `h` hangs on `w`
/// as `rel`: the move of most repairs here.
fn take_place(parsed: &mut [ParsedWord<'static>], w: usize, h: usize, rel: &'static str) {
    parsed[w].head = parsed[h].head;
    parsed[w].deprel = parsed[h].deprel;
    parsed[h].head = w + 1;
    parsed[h].deprel = rel;
}

/// "Argentine President Nestor Kirchner and Venezuelan President Hugo Chavez signed": a name
/// hung as a `compound` on a later name with "and" right after it is the first conjunct of
/// the two, not a modifier of the second: it takes the second's place in the clause, the
/// second becomes its `conj`, and the words between ("Venezuelan President") modify the
/// second.
fn names_coordinated_after_titles<'f>(
    parsed: &mut [ParsedWord<'static>],
    name_at: &[bool],
    form: impl Fn(usize) -> &'f str,
) {
    for x in 0..parsed.len() {
        let Some(y) = parsed[x].head.checked_sub(1).filter(|&y| y > x + 1) else {
            continue;
        };
        if !name_at[x] || !name_at[y] || parsed[x].deprel != "compound" || form(x + 1) != "and" {
            continue;
        }
        take_place(parsed, x, y, "conj");
        parsed[x + 1].head = y + 1;
        parsed[x + 1].deprel = "cc";
        for w in &mut parsed[x + 2..y] {
            if w.head < x + 3 || w.head > y + 1 {
                w.head = y + 1;
                if matches!(w.upos, "NOUN" | "PROPN") {
                    w.deprel = "compound";
                }
            }
        }
    }
}

/// "said Karen Blix “was personally involved”": a name parsed as the subject after a verb,
/// followed right away by a clause of that verb with an auxiliary or copula and no subject of
/// its own, is that clause's subject, and the clause the verb's complement (a finite clause
/// needs its subject; "said Karen Blix, “We will ...”" has one and is left alone).
fn subject_of_following_clause(parsed: &mut [ParsedWord<'static>], name_at: &[bool]) {
    let n = parsed.len();
    for x in 0..n {
        let v = parsed[x].head;
        if !name_at[x] || parsed[x].deprel != "nsubj" || v == 0 || v > x {
            continue;
        }
        let v = v - 1;
        // the next word that is no punctuation, and the clause it belongs to
        let Some(next) = (x + 1..n).find(|&k| parsed[k].upos != "PUNCT") else {
            continue;
        };
        let mut c = next;
        while parsed[c].head != 0 && parsed[c].head - 1 != v && parsed[c].head - 1 > x {
            c = parsed[c].head - 1;
        }
        if parsed[c].head != v + 1 || !matches!(parsed[c].deprel, "parataxis" | "ccomp") {
            continue;
        }
        let kids = |rels: &[&str]| {
            (0..n).any(|k| parsed[k].head == c + 1 && rels.contains(&parsed[k].deprel))
        };
        if kids(&["nsubj", "nsubj:pass", "expl", "csubj"]) || !kids(&["aux", "aux:pass", "cop"]) {
            continue;
        }
        parsed[x].head = c + 1;
        parsed[c].deprel = "ccomp";
    }
}

/// "talks between producers and consumers - China, India and Japan": a name after a dash or
/// colon that the parser made a conjunct of an earlier noun (with no "and" or "or" before it)
/// names what the noun right before the dash is: its apposition, the list's other items
/// staying its conjuncts.
fn list_after_a_dash<'f>(parsed: &mut [ParsedWord<'static>], form: impl Fn(usize) -> &'f str) {
    let n = parsed.len();
    for w in 2..n {
        if parsed[w].deprel != "conj"
            || parsed[w].upos != "PROPN"
            || !matches!(form(w - 1), "-" | "–" | "—" | ":")
        {
            continue;
        }
        let has_cc = (0..n).any(|k| parsed[k].head == w + 1 && parsed[k].deprel == "cc");
        // the head of the phrase that ends right before the dash
        let mut p = w - 2;
        while parsed[p].head > p + 1 && parsed[p].head < w {
            p = parsed[p].head - 1;
        }
        if has_cc || !matches!(parsed[p].upos, "NOUN" | "PROPN") || parsed[w].head == p + 1 {
            continue;
        }
        parsed[w].head = p + 1;
        parsed[w].deprel = "appos";
    }
}

/// "combines the Paris, Amsterdam and Lisbon stock exchanges": a common noun right after a name
/// (or a list of names) that the parser hung on the name as a modifier with no preposition is
/// the head the names modify: it takes the name's place in the sentence, the name becomes its
/// compound (keeping its conjuncts) and a determiner before the name moves to it.
fn noun_after_a_list_of_names(parsed: &mut [ParsedWord<'static>]) {
    let n = parsed.len();
    for w in 1..n {
        let Some(h) = parsed[w].head.checked_sub(1) else {
            continue;
        };
        if parsed[w].upos != "NOUN"
            || parsed[w].deprel != "nmod"
            || h >= w
            || parsed[h].upos != "PROPN"
            || (0..n).any(|k| parsed[k].head == w + 1 && parsed[k].deprel == "case")
        {
            continue;
        }
        // the names: the name and its conjuncts; the noun's phrase must start right after them
        let last = (h + 1..w)
            .filter(|&k| parsed[k].head == h + 1 && parsed[k].deprel == "conj")
            .max()
            .unwrap_or(h);
        let in_phrase = |k: usize| {
            let mut x = k;
            for _ in 0..n {
                if x == w {
                    return true;
                }
                match parsed[x].head.checked_sub(1) {
                    Some(y) if y < n => x = y,
                    _ => return false,
                }
            }
            false
        };
        if !(last + 1..w).all(in_phrase) {
            continue;
        }
        take_place(parsed, w, h, "compound");
        for p in parsed.iter_mut().take(h) {
            if p.head == h + 1 && p.deprel == "det" {
                p.head = w + 1;
            }
        }
    }
}

/// "As X opened his campaign, the Lib Dem leader Charles Kennedy dismissed the Tories": a name
/// right before a finite verb that has no subject, which the parser hung elsewhere (an oblique
/// of the first clause's verb), is that verb's subject; the words it had as its subject ("the
/// Lib Dem leader") become its apposition. Not before "by" (a participle: "Kennedy, backed by").
fn name_before_its_verb<'f>(
    parsed: &mut [ParsedWord<'static>],
    name_at: &[bool],
    form: impl Fn(usize) -> &'f str,
) {
    let n = parsed.len();
    for x in 0..n.saturating_sub(1) {
        let v = x + 1;
        if !name_at[x]
            || parsed[v].upos != "VERB"
            || parsed[x].head == v + 1
            || !matches!(parsed[x].deprel, "obl" | "obj" | "nmod" | "iobj")
            || !matches!(parsed[v].deprel, "conj" | "parataxis" | "root" | "ccomp")
            || (v + 1 < n && form(v + 1) == "by")
        {
            continue;
        }
        let subject = |k: usize| {
            parsed[k].head == v + 1
                && matches!(parsed[k].deprel, "nsubj" | "nsubj:pass" | "expl" | "csubj")
        };
        // a finite verb: an object or an oblique of its own follows, as a clause has
        let has_object = (v + 1..n).any(|k| {
            parsed[k].head == v + 1 && matches!(parsed[k].deprel, "obj" | "ccomp" | "xcomp")
        });
        if (0..n).any(subject) || !has_object {
            continue;
        }
        parsed[x].head = v + 1;
        parsed[x].deprel = "nsubj";
        for word in parsed.iter_mut().take(x) {
            if word.head == x + 1 && word.deprel == "nsubj" {
                word.deprel = "appos";
            }
        }
    }
}

/// "Rosneft, meanwhile, has agreed to merge": a proper noun read as a vocative before a verb
/// that has no subject is its subject. News does not address its readers by name; the parser
/// takes a name set off by commas for one.
fn vocative_is_the_subject(parsed: &mut [ParsedWord<'static>]) {
    for x in 0..parsed.len() {
        let v = parsed[x].head;
        if parsed[x].deprel != "vocative" || parsed[x].upos != "PROPN" || v <= x + 1 {
            continue;
        }
        let has_subject = parsed
            .iter()
            .any(|w| w.head == v && matches!(w.deprel, "nsubj" | "nsubj:pass" | "expl"));
        if !has_subject && matches!(parsed[v - 1].upos, "VERB" | "AUX") {
            parsed[x].deprel = "nsubj";
        }
    }
}

/// "Harry should apologise, says Tory leader Michael Howard": a verb after a comma whose subject
/// follows it is set into the clause before it, a `parataxis` (as UD attaches "..., he
/// said"), not a conjunct of it: a conjunct has its "and", and its subject before it. A name
/// after such a verb of saying, read as its object (or clause), is its subject: "says" takes
/// no name for an object.
fn inverted_verb_after_a_clause<'f>(
    parsed: &mut [ParsedWord<'static>],
    name_at: &[bool],
    form: impl Fn(usize) -> &'f str,
) {
    // (verbs that take no name for an object: not "warned Iran", "wrote Mr Smith")
    const SAYS: &[&str] = &[
        "says",
        "said",
        "adds",
        "added",
        "insists",
        "insisted",
        "argues",
        "argued",
        "explains",
        "explained",
    ];
    for v in 1..parsed.len() {
        if !matches!(parsed[v].deprel, "conj" | "parataxis")
            || parsed[v].upos != "VERB"
            || form(v - 1) != ","
        {
            continue;
        }
        if has_kid(parsed, v + 1, &["cc"]) {
            continue;
        }
        if SAYS.contains(&form(v)) && !has_kid(parsed, v + 1, &["nsubj"]) {
            if let Some(o) = (v + 1..parsed.len()).find(|&o| {
                parsed[o].head == v + 1
                    && matches!(parsed[o].deprel, "obj" | "iobj" | "ccomp" | "dep")
                    && is_name(parsed, name_at, &form, o)
            }) {
                parsed[o].deprel = "nsubj";
            }
        }
        let subjects: Vec<usize> = (0..parsed.len())
            .filter(|&k| parsed[k].head == v + 1 && parsed[k].deprel == "nsubj")
            .collect();
        if !subjects.is_empty()
            && subjects.iter().all(|&x| x > v)
            && !has_kid(parsed, v + 1, &["obj", "ccomp"])
        {
            parsed[v].deprel = "parataxis";
        }
    }
}

/// "Labour and the Tories clashed over tax": a finite verb whose subject the parser labelled
/// a passive's (`nsubj:pass`) but that has no auxiliary ("was", "been", "got") and no agent
/// is active, and its subject an `nsubj`. (In EWT train 33 of 1,183 passive subjects go
/// without an auxiliary, mostly in participle clauses: "with kids not allowed".)
fn passive_without_auxiliary(parsed: &mut [ParsedWord<'static>]) {
    for x in 0..parsed.len() {
        let v = parsed[x].head;
        if parsed[x].deprel != "nsubj:pass" || v <= x + 1 {
            continue;
        }
        let verb = &parsed[v - 1];
        if verb.upos != "VERB" || !matches!(verb.deprel, "root" | "ccomp" | "parataxis") {
            continue;
        }
        // (a passive with its agent, "X attacked by Y" in a headline, stays one)
        if !has_kid(parsed, v, &["aux:pass", "aux", "cop", "obl:agent"]) {
            parsed[x].deprel = "nsubj";
        }
    }
}

/// "In the meantime, Euronext, which combines three exchanges, also began talks with the LSE":
/// a name set off by commas after a fronted prepositional phrase, read as that phrase's
/// apposition, is the subject of the verb the phrase hangs on when the verb has none. A
/// phrase of time or place ("in the meantime", "on Monday") names no one.
fn name_after_a_fronted_phrase<'f>(
    parsed: &mut [ParsedWord<'static>],
    name_at: &[bool],
    form: impl Fn(usize) -> &'f str,
) {
    for x in 1..parsed.len() {
        let named = is_name(parsed, name_at, &form, x);
        let Some(h) = parsed[x].head.checked_sub(1).filter(|&h| h < x) else {
            continue;
        };
        let v = parsed[h].head;
        if !named
            || parsed[x].deprel != "appos"
            || parsed[h].deprel != "obl"
            || v <= x + 1
            || !matches!(parsed[v - 1].upos, "VERB" | "AUX")
            || !has_kid(parsed, h + 1, &["case"])
        {
            continue;
        }
        if !has_kid(parsed, v, &["nsubj", "nsubj:pass", "expl", "csubj"]) {
            parsed[x].head = v;
            parsed[x].deprel = "nsubj";
        }
    }
}

/// "pledged $500m in aid to Indonesia": the number after a currency sign is the sign's
/// `nummod`, and what the parser hung on the number ("in aid", "to Indonesia") hangs on the
/// sign, the head of the amount, as in the treebank ("$ 500": `$` heads `500`). The parser
/// reads the tokeniser's "500m" as a noun modifying the sign and its modifiers stay out of the
/// amount's phrase.
fn amount_after_its_currency<'f>(
    parsed: &mut [ParsedWord<'static>],
    form: impl Fn(usize) -> &'f str,
) {
    for x in 0..parsed.len().saturating_sub(1) {
        let n = x + 1;
        if !is_currency_sign(form(x))
            || parsed[n].head != x + 1
            || !form(n).starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        parsed[n].deprel = "nummod";
        parsed[n].upos = "NUM";
        for w in parsed.iter_mut() {
            if w.head == n + 1 && matches!(w.deprel, "nmod" | "acl" | "amod") {
                w.head = x + 1;
            }
        }
    }
}

/// "defeated Moscow-backed candidate Viktor Yanukovych", "the Iran-funded militia": a name, a
/// hyphen and a past participle before a noun phrase are that phrase's modifier, and the name
/// the participle's agent ("backed by Moscow"), as Universal Dependencies reads them. The
/// parser, which sees three words of a clause, often takes the name for the object of the verb
/// before it and the participle for a verb of its own, whose object the phrase becomes.
fn agent_before_a_hyphen<'f>(
    parsed: &mut [ParsedWord<'static>],
    name_at: &[bool],
    form: impl Fn(usize) -> &'f str,
    glued: impl Fn(usize) -> bool,
) {
    let n = parsed.len();
    for x in 0..n.saturating_sub(3) {
        let (hy, p) = (x + 1, x + 2);
        let participle = form(p);
        // (one written word: "Blair - unnamed officials said" is a dash between two)
        if !(name_at[x] || parsed[x].upos == "PROPN")
            || form(hy) != "-"
            || !(glued(x) && glued(hy))
            || !(participle.len() > 4
                && participle.ends_with("ed")
                && participle.bytes().all(|b| b.is_ascii_lowercase()))
        {
            continue;
        }
        // the noun phrase after the participle: its last word is its head
        let mut h = p;
        // (not over a day: "the US-backed government Tuesday accused")
        while h + 1 < n
            && matches!(parsed[h + 1].upos, "ADJ" | "NOUN" | "PROPN" | "NUM")
            && !is_day_or_month(form(h + 1))
        {
            h += 1;
        }
        if h == p || !matches!(parsed[h].upos, "NOUN" | "PROPN") {
            continue;
        }
        // (heads are 1-based; the phrase's words x..=h are x + 1..=h + 1)
        let outside = |k: usize| k == 0 || !(x + 1..=h + 1).contains(&k);
        // where the phrase hangs: its head's own place, else the name's, else the participle's
        let place = [h, x, p]
            .into_iter()
            .map(|k| (parsed[k].head, parsed[k].deprel))
            .find(|&(k, _)| outside(k));
        let Some((head, rel)) = place else {
            continue;
        };
        // what hung on the participle outside the phrase ("at the polls") goes to the clause,
        // or to the phrase when the phrase is the root now or that word is the phrase's place
        for k in (0..n).filter(|&k| k < x || k > h) {
            if parsed[k].head == p + 1 {
                parsed[k].head = if head == 0 || head == k + 1 {
                    h + 1
                } else {
                    head
                };
            }
        }
        for w in &mut parsed[p + 1..h] {
            if outside(w.head) || w.head == p + 1 {
                w.head = h + 1;
                w.deprel = if w.upos == "ADJ" { "amod" } else { "compound" };
            }
        }
        parsed[h].head = head;
        parsed[h].deprel = if head == 0 { "root" } else { rel };
        parsed[p].head = h + 1;
        parsed[p].deprel = "amod";
        parsed[x].head = p + 1;
        parsed[x].deprel = "obl:agent";
        parsed[hy].head = x + 1;
        parsed[hy].deprel = "punct";
    }
}

/// "Boston University's Michael Papagiannis said": a possessor right before a name is the
/// name's. The parser often hangs it on the verb after the name, as a clause's possessor.
fn possessor_of_a_name<'f>(
    parsed: &mut [ParsedWord<'static>],
    name_at: &[bool],
    form: impl Fn(usize) -> &'f str,
) {
    let n = parsed.len();
    for x in 0..n.saturating_sub(2) {
        let y = x + 2;
        let ends_phrase =
            y + 1 >= n || !matches!(parsed[y + 1].upos, "PROPN" | "NOUN" | "ADJ" | "NUM");
        if parsed[x].deprel == "nmod:poss"
            && parsed[x].head != y + 1
            && matches!(form(x + 1), "'s" | "’s")
            && (name_at[y] || parsed[y].upos == "PROPN")
            && ends_phrase
        {
            parsed[x].head = y + 1;
        }
    }
}

/// "“We will not sign,” the chief negotiator of the union told reporters.": the phrase between
/// a closing quotation mark (after the quote's own comma or stop) and a verb of saying that has
/// no subject is that verb's subject. The parser often hangs it on the quoted clause's verb as
/// its object or oblique, and the verb of saying loose as a parataxis.
fn subject_after_a_quote<'f>(parsed: &mut [ParsedWord<'static>], form: impl Fn(usize) -> &'f str) {
    let n = parsed.len();
    for v in 2..n {
        let lower = form(v).to_lowercase();
        if parsed[v].upos != "VERB" || !ATTRIBUTION_VERBS.iter().any(|b| is_form_of(&lower, b)) {
            continue;
        }
        let has_subject = (0..n)
            .any(|k| parsed[k].head == v + 1 && matches!(parsed[k].deprel, "nsubj" | "nsubj:pass"));
        if has_subject {
            continue;
        }
        // the closing quotation mark before the verb, right after the quote's punctuation
        let Some(q) = (0..v)
            .rev()
            .find(|&k| matches!(form(k), "”" | "\"" | "’" | "''"))
        else {
            continue;
        };
        if q == 0 || !matches!(form(q - 1), "," | "?" | "!" | ".") || q + 1 >= v {
            continue;
        }
        // the words between are one phrase, headed by its first word that points outside them;
        // nouns after it that point outside too are its modifiers ("the negotiator of the
        // union for the talks")
        let outside = |k: usize| parsed[k].head == 0 || !(q + 2..=v).contains(&parsed[k].head);
        let heads: Vec<usize> = (q + 1..v)
            .filter(|&k| parsed[k].upos != "PUNCT" && outside(k))
            .collect();
        let Some((&x, rest)) = heads.split_first() else {
            continue;
        };
        let nominal = |k: usize| matches!(parsed[k].upos, "NOUN" | "PROPN" | "PRON");
        if !nominal(x)
            || !rest.iter().all(|&k| nominal(k))
            || (q + 1..v).any(|k| matches!(parsed[k].upos, "VERB" | "AUX"))
        {
            continue;
        }
        parsed[x].head = v + 1;
        parsed[x].deprel = "nsubj";
        for &k in rest {
            parsed[k].head = x + 1;
            parsed[k].deprel = "nmod";
        }
    }
}

/// The mentions of sentence `s` of two words or more (names: "Ofer Bar-Yosef", "the University
/// of Bordeaux"; also the phrases resolution made mentions, "the company", and, in a sentence
/// parsed later, the agents stage's, "the Japanese foreign minister") as ranges of `words`, in
/// order, not overlapping (the longest first among those starting at one word; a mention
/// inside another is left out and has no word of its own). The parser reads each as one word:
/// a name's inner structure is no clause structure, and a parser trained on a treebank reads
/// an unknown name's words less well than one proper noun ("directed by Ofer Bar-Yosef of
/// Harvard University and Bernard Vandermeersch" is read as "directed by A of B and C"). A
/// mention whose ends fall inside a word (a hyphenated word it cuts) is left out. A name of
/// one capitalised word is one too (not a pronoun or a phrase): the parser then takes it as a
/// proper noun whatever the tagger guessed ("Wright, a University of Texas law professor").
fn names_in(doc: &Document, s: usize, words: &[WordSpan]) -> (Vec<Range<usize>>, Vec<NameHead>) {
    let sentence = doc.sentences[s].span;
    let mut names: Vec<(Span, EntityType, bool)> = doc
        .mentions_within(sentence)
        .map(|m| {
            let single = !matches!(m.form, MentionForm::Pronoun)
                && doc.slice(m.span).starts_with(|c: char| c.is_uppercase());
            (m.span, m.etype, single)
        })
        .collect();
    names.sort_unstable_by_key(|(m, _, _)| (m.start, std::cmp::Reverse(m.end)));
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut heads = Vec::new();
    let mut w = 0;
    for (m, etype, single) in names {
        while w < words.len() && words[w].span.start < m.start {
            w += 1;
        }
        if w == words.len() || words[w].span.start != m.start {
            continue;
        }
        if out.last().is_some_and(|r| r.end > w) {
            continue;
        }
        let Some(k) = words[w..].iter().position(|x| x.span.end >= m.end) else {
            continue;
        };
        if (k > 0 || single) && words[w + k].span.end == m.end {
            out.push(w..w + k + 1);
            heads.push(name_head(etype));
        }
    }
    (out, heads)
}

/// How the parser reads a name of type `t`: a person's by its first word ("Jack" of "Jack
/// Straw": Universal Dependencies heads a person's name there and hangs the rest as `flat`),
/// any other by its head word.
fn name_head(t: EntityType) -> NameHead {
    if t.is_person() {
        NameHead::First
    } else {
        NameHead::Last
    }
}

/// Parses sentence `s` after the parse stage, for a later stage that needs its tree (the quote
/// stage, for a sentence naming one entity with a verb of saying whose attribution the surface
/// patterns did not read): its words are appended to `Document::words`. Nothing happens when
/// the sentence is parsed already.
pub(crate) fn parse_later(model: &'static ParserModel, doc: &mut Document, s: usize) {
    if !doc.sentences[s].words.is_empty() {
        return;
    }
    let mut out = std::mem::take(&mut doc.words);
    let base = out.len();
    let mut forms = Vec::new();
    parse_sentence(model, doc, s, &mut forms, &mut out);
    let end = out.len();
    doc.words = out;
    doc.sentences[s].words = base..end;
}

/// How many mentions start in each sentence.
pub(crate) fn named_per_sentence(doc: &Document) -> Vec<usize> {
    let mut starts: Vec<usize> = doc.mentions.iter().map(|m| m.span.start).collect();
    starts.sort_unstable();
    doc.sentences
        .iter()
        .map(|s| {
            let first = starts.partition_point(|&m| m < s.span.start);
            starts[first..]
                .iter()
                .take_while(|&&m| m < s.span.end)
                .count()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(upos: &'static str, head: usize, deprel: &'static str) -> ParsedWord<'static> {
        ParsedWord { upos, head, deprel }
    }

    #[test]
    fn a_noun_hung_on_punctuation_after_a_name_and_its_comma_is_its_apposition() {
        // said Laura Pike , a City Council member .   (the parser hung "member" on ".")
        let forms = [
            "said",
            "Laura Pike",
            ",",
            "a",
            "City Council",
            "member",
            ".",
        ];
        let mut parsed = vec![
            w("VERB", 0, "root"),
            w("PROPN", 1, "nsubj"),
            w("PUNCT", 7, "punct"),
            w("DET", 6, "det"),
            w("PROPN", 6, "compound"),
            w("NOUN", 7, "nsubj"),
            w("PUNCT", 1, "punct"),
        ];
        let name_at = [false, true, false, false, true, false, false];
        appositions_after_names(&mut parsed, &name_at, |g| forms[g]);
        assert_eq!((parsed[5].head, parsed[5].deprel), (2, "appos"));
        assert_eq!(parsed[2].head, 6);
    }

    #[test]
    fn a_name_hung_elsewhere_right_after_a_common_noun_is_that_nouns_name() {
        // X held talks with US bank Wells Fargo on Monday .
        let forms = [
            "X",
            "held",
            "talks",
            "with",
            "US",
            "bank",
            "Wells Fargo",
            "on",
            "Monday",
            ".",
        ];
        let mut parsed = vec![
            w("PROPN", 2, "nsubj"),
            w("VERB", 0, "root"),
            w("NOUN", 2, "obj"),
            w("ADP", 6, "case"),
            w("PROPN", 6, "compound"),
            w("NOUN", 3, "nmod"),
            w("PROPN", 2, "obl:unmarked"),
            w("ADP", 9, "case"),
            w("PROPN", 2, "obl"),
            w("PUNCT", 2, "punct"),
        ];
        let mut name_at = [false; 10];
        name_at[6] = true;
        titles_before_names(&mut parsed, &name_at, |g| forms[g]);
        assert_eq!((parsed[6].head, parsed[6].deprel), (3, "nmod"));
        assert_eq!((parsed[5].head, parsed[5].deprel), (7, "compound"));
        assert_eq!(
            (parsed[3].head, parsed[4].head),
            (7, 7),
            "the noun's words go to the name"
        );
        // a preposition's object stays where it is ("on Monday")
        assert_eq!((parsed[8].head, parsed[8].deprel), (2, "obl"));
    }

    #[test]
    fn a_that_clause_after_a_noun_of_report_is_the_nouns() {
        // X declined comment on reports that Y held talks .
        let forms = [
            "X", "declined", "comment", "on", "reports", "that", "Y", "held", "talks", ".",
        ];
        let mut parsed = vec![
            w("PROPN", 2, "nsubj"),
            w("VERB", 0, "root"),
            w("NOUN", 2, "obj"),
            w("ADP", 5, "case"),
            w("NOUN", 2, "obl"),
            w("SCONJ", 8, "mark"),
            w("PROPN", 8, "nsubj"),
            w("VERB", 2, "ccomp"),
            w("NOUN", 8, "obj"),
            w("PUNCT", 2, "punct"),
        ];
        clause_of_a_noun(&mut parsed, |g| forms[g]);
        assert_eq!((parsed[7].head, parsed[7].deprel), (5, "acl"));
        // "said on Monday that ...": a noun of time is no noun of report
        let forms2 = [
            "X", "declined", "comment", "on", "Monday", "that", "Y", "held", "talks", ".",
        ];
        let mut parsed2 = parsed.clone();
        parsed2[7] = w("VERB", 2, "ccomp");
        clause_of_a_noun(&mut parsed2, |g| forms2[g]);
        assert_eq!((parsed2[7].head, parsed2[7].deprel), (2, "ccomp"));
    }

    #[test]
    fn a_name_after_a_comma_hung_on_the_verb_of_the_noun_before_is_its_apposition() {
        // X criticised the watchdog , the FSA , on Monday .
        let forms = [
            "X",
            "criticised",
            "the",
            "watchdog",
            ",",
            "the",
            "FSA",
            ",",
            "on",
            "Monday",
            ".",
        ];
        let mut parsed = vec![
            w("PROPN", 2, "nsubj"),
            w("VERB", 0, "root"),
            w("DET", 4, "det"),
            w("NOUN", 2, "obj"),
            w("PUNCT", 7, "punct"),
            w("DET", 7, "det"),
            w("PROPN", 2, "obl"),
            w("PUNCT", 10, "punct"),
            w("ADP", 10, "case"),
            w("PROPN", 7, "nmod"),
            w("PUNCT", 2, "punct"),
        ];
        let name_at = [false; 11];
        name_apposed_to_a_noun(&mut parsed, &name_at, |g| forms[g]);
        assert_eq!((parsed[6].head, parsed[6].deprel), (4, "appos"));
        // with a preposition it is an oblique as parsed: "told the minister, in London"
        let mut parsed2 = parsed.clone();
        parsed2[6] = w("PROPN", 2, "obl");
        parsed2[5] = w("ADP", 7, "case");
        name_apposed_to_a_noun(&mut parsed2, &name_at, |g| forms[g]);
        assert_eq!((parsed2[6].head, parsed2[6].deprel), (2, "obl"));
    }

    #[test]
    fn a_name_after_a_comma_inside_a_phrase_of_the_verb_is_the_nouns_apposition() {
        // X held talks with his counterpart , Ann Lee , on Monday .   (the name hung on
        // "held" as an unmarked oblique, the noun inside "talks with ...")
        let forms = [
            "X",
            "held",
            "talks",
            "with",
            "his",
            "counterpart",
            ",",
            "Ann Lee",
            ",",
            "on",
            "Monday",
            ".",
        ];
        let parsed = vec![
            w("PROPN", 2, "nsubj"),
            w("VERB", 0, "root"),
            w("NOUN", 2, "obj"),
            w("ADP", 6, "case"),
            w("PRON", 6, "nmod:poss"),
            w("NOUN", 3, "nmod"),
            w("PUNCT", 8, "punct"),
            w("PROPN", 2, "obl:unmarked"),
            w("PUNCT", 11, "punct"),
            w("ADP", 11, "case"),
            w("PROPN", 2, "obl"),
            w("PUNCT", 2, "punct"),
        ];
        let mut name_at = [false; 12];
        name_at[7] = true;
        for rel in ["obl:unmarked", "vocative"] {
            let mut p = parsed.clone();
            p[7].deprel = rel;
            name_apposed_to_a_noun(&mut p, &name_at, |g| forms[g]);
            assert_eq!((p[7].head, p[7].deprel), (6, "appos"), "{rel}");
        }
        // a vocative after a phrase that opens the clause is the clause's subject, not the
        // apposition of the noun in that phrase: "At the summit , Russia , however , rejected"
        let forms2 = [
            "At", "the", "summit", ",", "Russia", ",", "however", ",", "rejected", "it", ".",
        ];
        let mut p2 = vec![
            w("ADP", 3, "case"),
            w("DET", 3, "det"),
            w("NOUN", 9, "obl"),
            w("PUNCT", 3, "punct"),
            w("PROPN", 9, "vocative"),
            w("PUNCT", 5, "punct"),
            w("ADV", 9, "advmod"),
            w("PUNCT", 7, "punct"),
            w("VERB", 0, "root"),
            w("PRON", 9, "obj"),
            w("PUNCT", 9, "punct"),
        ];
        let mut names2 = [false; 11];
        names2[4] = true;
        name_apposed_to_a_noun(&mut p2, &names2, |g| forms2[g]);
        assert_eq!((p2[4].head, p2[4].deprel), (9, "vocative"));
        // a noun in a clause of its own is no phrase of the verb: left as parsed
        let mut p = parsed.clone();
        p[5] = w("NOUN", 3, "acl");
        name_apposed_to_a_noun(&mut p, &name_at, |g| forms[g]);
        assert_eq!((p[7].head, p[7].deprel), (2, "obl:unmarked"));
    }

    #[test]
    fn a_name_hyphened_to_a_participle_is_the_agent_of_the_phrase_after_it() {
        // Y defeated Moscow - backed candidate Ivan Petrov at the polls .   (as parsed: the
        // name the object of "defeated", "backed" a verb of its own with the phrase its object)
        let forms = [
            "Y",
            "defeated",
            "Moscow",
            "-",
            "backed",
            "candidate",
            "Ivan Petrov",
            "at",
            "the",
            "polls",
            ".",
        ];
        let mut parsed = vec![
            w("PROPN", 2, "nsubj"),
            w("VERB", 0, "root"),
            w("PROPN", 2, "obj"),
            w("PUNCT", 5, "punct"),
            w("VERB", 2, "conj"),
            w("NOUN", 7, "compound"),
            w("PROPN", 5, "obj"),
            w("ADP", 10, "case"),
            w("DET", 10, "det"),
            w("NOUN", 5, "obl"),
            w("PUNCT", 2, "punct"),
        ];
        let before_repair = parsed.clone();
        let mut name_at = [false; 11];
        name_at[2] = true;
        name_at[6] = true;
        agent_before_a_hyphen(&mut parsed, &name_at, |g| forms[g], |g| g == 2 || g == 3);
        // a dash between two written words is no hyphen: left as parsed
        let mut spaced = before_repair.clone();
        agent_before_a_hyphen(&mut spaced, &name_at, |g| forms[g], |_| false);
        assert_eq!(spaced, before_repair);
        // the phrase takes the name's place; the participle modifies it, the name its agent
        assert_eq!((parsed[6].head, parsed[6].deprel), (2, "obj"));
        assert_eq!((parsed[4].head, parsed[4].deprel), (7, "amod"));
        assert_eq!((parsed[2].head, parsed[2].deprel), (5, "obl:agent"));
        assert_eq!((parsed[5].head, parsed[5].deprel), (7, "compound"));
        // what hung on the participle outside the phrase goes to the clause
        assert_eq!(parsed[9].head, 2);
        // no participle: left as parsed ("Coca - Cola")
        let mut other = vec![
            w("PROPN", 3, "compound"),
            w("PUNCT", 3, "punct"),
            w("PROPN", 0, "root"),
            w("NOUN", 3, "dep"),
        ];
        let before = other.clone();
        agent_before_a_hyphen(
            &mut other,
            &[true, false, true, false],
            |g| ["Coca", "-", "Cola", "shares"][g],
            |_| true,
        );
        assert_eq!(other, before);
    }

    #[test]
    fn a_noun_hung_on_a_list_of_names_is_what_they_modify() {
        // Norex combines the Oslo , Riga and Tallinn exchanges .
        let mut parsed = vec![
            w("PROPN", 2, "nsubj"),
            w("VERB", 0, "root"),
            w("DET", 4, "det"),
            w("PROPN", 2, "obj"),
            w("PUNCT", 6, "punct"),
            w("PROPN", 4, "conj"),
            w("CCONJ", 8, "cc"),
            w("PROPN", 4, "conj"),
            w("NOUN", 4, "nmod"),
            w("PUNCT", 2, "punct"),
        ];
        noun_after_a_list_of_names(&mut parsed);
        assert_eq!((parsed[8].head, parsed[8].deprel), (2, "obj"));
        assert_eq!((parsed[3].head, parsed[3].deprel), (9, "compound"));
        assert_eq!(parsed[2].head, 9, "the determiner goes with the noun");
        assert_eq!((parsed[5].head, parsed[7].head), (4, 4), "conjuncts stay");
        // a noun with its preposition is a modifier as parsed: "Oslo in winter"
        let before = vec![
            w("PROPN", 2, "nsubj"),
            w("VERB", 0, "root"),
            w("PROPN", 2, "obj"),
            w("ADP", 5, "case"),
            w("NOUN", 3, "nmod"),
        ];
        let mut parsed = before.clone();
        noun_after_a_list_of_names(&mut parsed);
        assert_eq!(parsed, before);
    }

    #[test]
    fn a_repair_that_breaks_the_tree_is_undone() {
        let good = vec![w("VERB", 0, "root"), w("NOUN", 1, "obj")];
        let mut before = good.clone();
        // a cycle: each word the other's head
        let mut parsed = vec![w("VERB", 2, "root"), w("NOUN", 1, "obj")];
        keep_if_tree(&mut parsed, &mut before);
        assert_eq!(parsed, good);
        // a tree is kept and becomes the new reference
        let mut parsed = vec![w("VERB", 2, "obj"), w("NOUN", 0, "root")];
        keep_if_tree(&mut parsed, &mut before);
        assert_eq!(before, parsed);
        assert_eq!(parsed[1].head, 0);
    }

    #[test]
    fn a_possessor_before_a_name_is_the_names() {
        // Harlow University 's Peter Dunne said .  (the parser hung the possessor on "said")
        let forms = ["Harlow University", "'s", "Peter Dunne", "said", "."];
        let mut parsed = vec![
            w("PROPN", 4, "nmod:poss"),
            w("PART", 1, "case"),
            w("PROPN", 4, "nsubj"),
            w("VERB", 0, "root"),
            w("PUNCT", 4, "punct"),
        ];
        let name_at = [true, false, true, false, false];
        possessor_of_a_name(&mut parsed, &name_at, |g| forms[g]);
        assert_eq!((parsed[0].head, parsed[0].deprel), (3, "nmod:poss"));
        // not when the name only starts a phrase: "the AP 's Northwest regional reporter"
        let forms = ["AP", "'s", "Northwest", "regional", "reporter"];
        let before = vec![
            w("PROPN", 5, "nmod:poss"),
            w("PART", 1, "case"),
            w("PROPN", 5, "compound"),
            w("ADJ", 5, "amod"),
            w("NOUN", 0, "root"),
        ];
        let mut parsed = before.clone();
        possessor_of_a_name(&mut parsed, &[false; 5], |g| forms[g]);
        assert_eq!(parsed, before);
    }

    #[test]
    fn what_hangs_on_an_amount_hangs_on_its_currency_sign() {
        // pledged $ 500m in aid (the parser: "500m" an amod of "$", "aid" an nmod of "500m")
        let mut parsed = vec![
            w("VERB", 0, "root"),
            w("SYM", 1, "obj"),
            w("NOUN", 2, "amod"),
            w("ADP", 5, "case"),
            w("NOUN", 3, "nmod"),
        ];
        let forms = ["pledged", "$", "500m", "in", "aid"];
        amount_after_its_currency(&mut parsed, |g| forms[g]);
        assert_eq!((parsed[2].deprel, parsed[2].upos), ("nummod", "NUM"));
        assert_eq!(parsed[4].head, 2);
        // a number after a word that is no currency sign is left as it is
        let before = parsed.clone();
        let forms = ["pledged", "all", "500m", "in", "aid"];
        let mut parsed = before.clone();
        parsed[2] = w("NOUN", 2, "amod");
        parsed[4] = w("NOUN", 3, "nmod");
        amount_after_its_currency(&mut parsed, |g| forms[g]);
        assert_eq!(parsed[4].head, 3);
    }

    #[test]
    fn a_name_read_as_a_vocative_before_a_verb_without_subject_is_its_subject() {
        // Rosneft , meanwhile , has agreed
        let mut parsed = vec![
            w("PROPN", 6, "vocative"),
            w("PUNCT", 1, "punct"),
            w("ADV", 6, "advmod"),
            w("PUNCT", 3, "punct"),
            w("AUX", 6, "aux"),
            w("VERB", 0, "root"),
        ];
        vocative_is_the_subject(&mut parsed);
        assert_eq!(parsed[0].deprel, "nsubj");
        // not when the verb has a subject of its own: "John, you are late"
        let before = vec![
            w("PROPN", 4, "vocative"),
            w("PUNCT", 1, "punct"),
            w("PRON", 4, "nsubj"),
            w("AUX", 0, "root"),
        ];
        let mut parsed = before.clone();
        vocative_is_the_subject(&mut parsed);
        assert_eq!(parsed, before);
    }

    #[test]
    fn a_one_word_name_is_a_proper_noun_whatever_the_tagger_guessed() {
        let doc = crate::pipeline::testing::run(
            "Headline\n\nYoung, a University of Ohio law professor, served as one of the \
             senator's lawyers in 1975.",
        );
        let name = doc
            .words
            .iter()
            .find(|w| doc.slice(w.span) == "Young")
            .expect("the sentence is parsed");
        assert_eq!(name.upos, "PROPN");
    }
}

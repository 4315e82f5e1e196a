//! Reported speech and attitudes read from the parse: a verb of saying, thinking or finding
//! with a clausal complement (`ccomp`) is a cue; its subject is the source and the clause is
//! the content, wherever they stand in the sentence and however long the subject is ("The
//! employee of nearly four years, a registered Republican who ..., said she became ...",
//! "Social scientists say personality is ...", "A new poll shows Clinton leads ...",
//! "Organizers, who ..., believe the protest will ..."). A relative pronoun stands for its
//! antecedent ("officials, who said the plan ..."). These complete the surface patterns of
//! [`super::attribution`]: a cue that already has a quote, or a clause that one already covers,
//! gives nothing new.

use super::attribution::reported_end;
use super::Quotes;
use crate::document::{Document, Quote, QuoteKind, Span, TokenKind};
use crate::pipeline::parse;
use crate::pipeline::syntax::{is_form_of, is_negation, Tree, ATTRIBUTION_VERBS, RELATIVE};

/// Verbs of stance whose object is what the stance is about ("Christie endorsed Trump",
/// "criticised the president's foreign policy", "called for a special prosecutor", "accused
/// the FDIC of trying to cover up the hacks", "urged him to resign", "wants to lose").
pub(super) const STANCE_VERBS: &[&str] = &[
    "endorse",
    "support",
    "back",
    "oppose",
    "criticize",
    "criticise",
    "praise",
    "defend",
    "propose",
    "urge",
    "reject",
    "condemn",
    "welcome",
    "applaud",
    "blame",
    "accuse",
    "question",
    "dismiss",
    "describe",
    "want",
    "slam",
    "attack",
    "mock",
    "call",
    "demand",
    "favor",
    "favour",
    "denounce",
    "decry",
    "hail",
    "credit",
    "recommend",
    "advocate",
    "champion",
    "embrace",
    "fault",
    "challenge",
    "cite",
    "decline",
    "refuse",
    "plan",
    "seek",
    "intend",
];

/// Stance verbs that are about an act of the subject's own: only their infinitive is content
/// ("refused to say", "seeks to cover"), never an object ("seeking people").
const INFINITIVE_ONLY: &[&str] = &["decline", "refuse", "plan", "seek", "intend", "want"];

/// Verbs of saying whose object is what is said ("announced his resignation", "denied the
/// claims"); the other verbs of saying and thinking need a clause ("showed glimpses of
/// resolve", "found a way" are no attributions).
const NOUN_CONTENT: &[&str] = &[
    "announce",
    "cite",
    "confirm",
    "deny",
    "reveal",
    "predict",
    "acknowledge",
    "admit",
    "promise",
    "pledge",
    "vow",
    "accept",
    "ask",
    "propose",
    "report",
    "claim",
    "dispute",
];

/// Verbs by which evidence speaks ("the poll shows", "records indicate").
const EVIDENCE_VERBS: &[&str] = &["show", "find", "suggest", "indicate", "reveal", "put"];

/// Nouns of evidence: their verbs of showing attribute an object as much as a clause.
const EVIDENCE_NOUNS: &[&str] = &[
    "poll",
    "survey",
    "study",
    "report",
    "record",
    "document",
    "data",
    "figure",
    "number",
    "result",
    "analysis",
    "research",
    "estimate",
    "audit",
    "review",
    "investigation",
    "filing",
    "count",
    "tally",
];

/// Evidence that a clause is read "in": "In an early-October CBS News poll, she led ...".
const POLL_NOUNS: &[&str] = &["poll", "survey", "study", "report", "analysis", "research"];

/// Verbs that hedge a claim about their subject without a source ("Enthusiasm appears to have
/// plummeted", "the senator seemed to gain", "It seems the public's view is awful"; with
/// "expect", only in the passive: "The sale is expected to expand ...").
const RAISING_VERBS: &[&str] = &["seem", "appear"];

/// An attribution with no source, read from verb `v`: a claim hedged by a raising verb (the
/// subject and the infinitive, in two pieces around the cue, or the clause of "it seems"), or
/// a question asked by nobody named ("Asked whether his aim was ..., he ...", "was asked about
/// the emails"). Returns the words, the pieces when there are two, and the kind.
fn sourceless(t: &Tree, v: usize) -> Option<(Vec<usize>, Vec<Span>, QuoteKind)> {
    let passive = t.kids(v, &["nsubj:pass"]).next();
    let raising =
        t.verb_base(v, RAISING_VERBS) || (passive.is_some() && t.verb_base(v, &["expect"]));
    if raising {
        let mut words = Vec::new();
        if let Some(c) = t
            .kids(v, &["ccomp"])
            .find(|&c| t.kids(c, &["nsubj", "nsubj:pass"]).next().is_some())
        {
            subtree(t, c, &mut words);
            return Some((words, Vec::new(), QuoteKind::Indirect));
        }
        let x = to_infinitive(t, v)?;
        let subject = t.kids(v, &["nsubj", "nsubj:pass"]).next()?;
        if matches!(t.lower(subject), "it" | "there") {
            return None;
        }
        let mut own = Vec::new();
        t.phrase(subject, &mut own);
        let mut rest = Vec::new();
        subtree(t, x, &mut rest);
        // two pieces in text order around the cue, or one span (an inverted or interleaved
        // reading: "Expected to attend are ...")
        let (a, b) = (cover(t, &own), cover(t, &rest));
        let parts = if !a.is_empty() && !b.is_empty() && a.end <= b.start {
            vec![a, b]
        } else {
            Vec::new()
        };
        words.extend(own);
        words.extend(rest);
        return Some((words, parts, QuoteKind::Stance));
    }
    // a question asked by nobody named: a participle without a subject ("Asked whether ...,
    // he said": asked of him; the parser may make it the root when it opens the sentence) or
    // a passive ("he was asked about ..."); "asking whether" is the subject's own question
    let participle = t.deprel(v) == "advcl" || v == 0;
    let asked_of = t.lower(v) == "asked" && participle;
    if !t.verb_base(v, &["ask"])
        || t.kids(v, &["nsubj"]).next().is_some()
        || (passive.is_none() && !asked_of && t.deprel(v) != "advcl")
        || (!asked_of && source_of(t, v).is_some())
    {
        return None;
    }
    let mut words = Vec::new();
    if let Some(c) = t
        .kids(v, &["ccomp", "xcomp"])
        .next()
        .or_else(|| question_clause(t, v))
    {
        subtree(t, c, &mut words);
    } else if let Some(o) = t
        .kids(v, &["obl"])
        .find(|&o| matches!(t.case(o), Some("about" | "for")))
    {
        subtree(t, o, &mut words);
        words.retain(|&w| t.deprel(w) != "case" || t.head(w) != Some(o));
    }
    (!words.is_empty()).then_some((words, Vec::new(), QuoteKind::Indirect))
}

/// Verbs whose content is the object of a preposition ("referring to the emails", "talked
/// about trade", "focused on jobs").
const ABOUT_VERBS: &[(&str, &str)] = &[
    ("refer", "to"),
    ("point", "to"),
    ("talk", "about"),
    ("speak", "about"),
    ("speak", "of"),
    ("focus", "on"),
    ("comment", "on"),
    ("write", "about"),
    ("complain", "about"),
    ("ask", "about"),
    ("warn", "about"),
    ("warn", "of"),
    ("respond", "to"),
    ("reply", "to"),
    ("think", "about"),
    ("care", "about"),
    ("worry", "about"),
    ("joke", "about"),
    ("testify", "about"),
    ("boast", "about"),
    ("brag", "about"),
    ("lie", "about"),
    ("rail", "against"),
    ("argue", "for"),
    ("argue", "against"),
    ("push", "for"),
    ("advocate", "for"),
    ("campaign", "for"),
    ("campaign", "against"),
    ("vote", "for"),
    ("vote", "against"),
    ("insist", "on"),
    ("weigh", "on"),
    ("elaborate", "on"),
];

/// Verbs whose object is the person addressed, not what is said ("told him", "asked them").
const ADDRESS_VERBS: &[&str] = &["tell", "ask", "warn", "inform", "remind", "assure", "urge"];

/// Is this lowercase word a form of one of the attribution or stance verbs? (The quote stage
/// parses a sentence naming at most one entity that holds one, see [`Quotes::parse_unread`].)
pub(super) fn is_attribution_form(w: &str) -> bool {
    ATTRIBUTION_VERBS
        .iter()
        .chain(STANCE_VERBS)
        .chain(RAISING_VERBS)
        .chain(ABOUT_VERBS.iter().map(|(v, _)| v))
        .any(|b| is_form_of(w, b))
}

impl Quotes {
    /// Parses the sentences that name at most one entity ("Economists believe ...") and hold
    /// a verb of saying, thinking or stance outside every quote the surface patterns found in
    /// them (the parse stage parses those that name two or more).
    pub(super) fn parse_unread(&self, doc: &mut Document, quotes: &[Quote]) {
        let named = parse::named_per_sentence(doc);
        let held = Taken::new(doc, quotes);
        for (si, &named) in named.iter().enumerate() {
            let s = &doc.sentences[si];
            if s.headline || !s.words.is_empty() || named > 1 {
                continue;
            }
            // a verb outside every quote of the sentence may report more ("Trump argued that
            // a database would ..., saying it's “all about management”")
            if doc.tokens[s.tokens.clone()].iter().any(|t| {
                !held.holds(si, t.span) && {
                    let w = doc.slice(t.span).to_lowercase();
                    is_attribution_form(&w) || nominal_cue(&w).is_some()
                }
            }) {
                parse::parse_later(self.parser, doc, si);
            }
        }
    }

    /// Adds the attributions the tree reads and the quotes so far lack.
    pub(super) fn tree_attributions(&self, doc: &Document, quotes: &mut Vec<Quote>) {
        let mut taken = Taken::new(doc, quotes);
        let mut found: Vec<Quote> = Vec::new();
        for si in 0..doc.sentences.len() {
            let s = &doc.sentences[si];
            if s.headline {
                continue;
            }
            let Some(t) = Tree::new(doc, si) else {
                continue;
            };
            for v in 0..t.len() {
                let cue = t.span(v);
                if t.upos(v) == "VERB" && !taken.cue(si, |c| c == cue) {
                    if let Some((words, parts, kind)) = sourceless(&t, v) {
                        let content = cover(&t, &words);
                        if words.len() >= 3 && !content.is_empty() && !taken.covers(si, content) {
                            let q = Quote {
                                content,
                                parts,
                                kind,
                                speaker_span: None,
                                speaker: None,
                                cue: Some(cue),
                                reported_by: None,
                                evidence: s.span,
                                confidence: 0.4,
                            };
                            taken.add(doc, &q);
                            found.push(q);
                        }
                        continue;
                    }
                }
                // "did not say whether ...": nothing was said
                if t.upos(v) != "VERB"
                    || t.children(v).iter().any(|&c| {
                        matches!(t.deprel(c), "advmod" | "aux") && is_negation(t.lower(c))
                    })
                    || taken.cue(si, |c| c == cue)
                {
                    continue;
                }
                let (words, kind, parts) = match attributed_words(&t, v) {
                    Some((words, kind)) => (words, kind, Vec::new()),
                    None => match parenthetical(&t, v) {
                        Some((words, parts)) => (words, QuoteKind::Indirect, parts),
                        None => continue,
                    },
                };
                let Some((head, source)) = source_of(&t, v) else {
                    continue;
                };
                // a verb of no list reports only for an actor: a person, a named organisation
                // or one that the agent nouns know ("the court ruled that ..."; not "other
                // changes see ...", where the parser took a noun for a verb)
                if !t.verb_base(v, ATTRIBUTION_VERBS)
                    && !t.verb_base(v, STANCE_VERBS)
                    && !self.is_actor_word(doc, &t, head)
                {
                    continue;
                }
                let mut content = cover(&t, &words);
                if kind == QuoteKind::Indirect {
                    content.end = reported_end(doc, content.start, content.end);
                }
                let fewest = if kind == QuoteKind::Stance { 1 } else { 3 };
                // a clause that a quote already covers (or that covers a quote) is that quote's
                if words.len() < fewest || content.is_empty() || taken.covers(si, content) {
                    continue;
                }
                let speaker = self.source_entity(doc, &t, head, source);
                let q = attribution(content, parts, kind, speaker, cue, s.span);
                taken.add(doc, &q);
                found.push(q);
            }
            self.tree_nominal(doc, si, &t, &mut taken, &mut found);
            self.tree_according(doc, si, &t, &mut taken, &mut found);
        }
        quotes.extend(found);
    }

    /// Nouns of attribution ([`NOMINAL_CUES`]) with what they are about and whose they are:
    /// "Trump's claim that the harbour was unsafe", "his support for the bill", "Critics voiced
    /// concern that ...", "criticism of Clinton from Republicans". The content is the noun's
    /// clause ("that ...", "to ...") or its phrase with the noun's own preposition; the source
    /// its possessor, else the subject of a verb that expresses it ("voiced", "raised",
    /// "offered"), else its "from" or "by" phrase. A noun with neither, or denied ("no support
    /// for"), gives nothing.
    fn tree_nominal(
        &self,
        doc: &Document,
        si: usize,
        t: &Tree,
        taken: &mut Taken,
        found: &mut Vec<Quote>,
    ) {
        for n in 0..t.len() {
            // (the tagger may take the noun for a verb after a possessive, "Trump's claim", or
            // after a verb expressing it, "voiced concern that")
            let expressed = |n: usize| {
                matches!(t.deprel(n), "obj" | "xcomp")
                    && t.head(n)
                        .is_some_and(|v| t.upos(v) == "VERB" && t.verb_base(v, EXPRESSING_VERBS))
            };
            let noun = t.upos(n) == "NOUN"
                || (t.upos(n) == "VERB"
                    && (t.kids(n, &["nmod:poss", "det"]).next().is_some() || expressed(n)));
            if !noun {
                continue;
            }
            let Some(preps) = nominal_cue(t.lower(n)) else {
                continue;
            };
            let cue = t.span(n);
            if taken.cue(si, |c| c.overlaps(cue))
                || t.kids(n, &["det"])
                    .any(|d| matches!(t.lower(d), "no" | "any"))
            {
                continue;
            }
            // what it is about: a clause, an infinitive, or the noun's own preposition
            let mut words = Vec::new();
            let mut kind = QuoteKind::Stance;
            let opens = |c: usize| {
                t.kids(c, &["mark"])
                    .any(|m| matches!(t.lower(m), "that" | "to"))
            };
            // the clause of the noun, or one the parser hung from the verb before the noun
            // that starts right after it ("repeated his assertion that the system is rigged")
            let clause = t
                .kids(n, &["acl", "ccomp"])
                .find(|&c| c > n && opens(c))
                .or_else(|| {
                    let v = t.head(n)?;
                    t.kids(v, &["ccomp"])
                        .find(|&c| opens(c) && first_word(t, c) == n + 1)
                });
            if let Some(c) = clause {
                if t.kids(c, &["mark"]).any(|m| t.lower(m) == "that") {
                    kind = QuoteKind::Indirect;
                }
                subtree(t, c, &mut words);
            } else if let Some(o) = t
                .kids(n, &["nmod"])
                .find(|&o| o > n && t.case(o).is_some_and(|p| preps.contains(&p)))
            {
                subtree(t, o, &mut words);
                words.retain(|&w| t.deprel(w) != "case" || t.head(w) != Some(o));
            }
            if words.is_empty() {
                continue;
            }
            // whose: the possessor, the subject of a verb expressing it, a "from" / "by" phrase
            let head = t.kids(n, &["nmod:poss"]).next().or_else(|| {
                t.head(n)
                    .filter(|_| expressed(n))
                    .and_then(|v| t.kids(v, &["nsubj"]).next())
                    .or_else(|| {
                        t.kids(n, &["nmod"])
                            .find(|&o| matches!(t.case(o), Some("from" | "by")))
                    })
            });
            let Some(head) = head else { continue };
            if RELATIVE.contains(&t.lower(head)) || !self.is_actor_word(doc, t, head) {
                continue;
            }
            let mut phrase = Vec::new();
            t.phrase(head, &mut phrase);
            phrase.retain(|&w| !(t.deprel(w) == "case" && t.head(w) == Some(head)));
            let source = cover(t, &phrase);
            let content = cover(t, &words);
            // (one inside another's content is left to it: allowed, such nested attributions
            // matched PolNeAR's one time in twenty on train)
            if source.is_empty() || content.is_empty() || taken.covers(si, content) {
                continue;
            }
            let speaker = self.source_entity(doc, t, head, source);
            let q = attribution(
                content,
                Vec::new(),
                kind,
                speaker,
                cue,
                doc.sentences[si].span,
            );
            taken.add(doc, &q);
            found.push(q);
        }
    }

    /// "..., according to Politico", "According to a new poll, ...": the phrase "according
    /// to" introduces is the source, the rest of the sentence the content (in two pieces when
    /// the phrase stands inside it), whatever the parser attached the phrase to.
    fn tree_according(
        &self,
        doc: &Document,
        si: usize,
        t: &Tree,
        taken: &mut Taken,
        found: &mut Vec<Quote>,
    ) {
        for w in 0..t.len() {
            // "according to X", or "in a poll / the survey" on the main clause ("In an
            // early-October CBS News poll, she led ...")
            let evidence = || {
                POLL_NOUNS.iter().any(|n| is_form_of(t.lower(w), n))
                    && t.head(w).is_some_and(|h| t.head(h).is_none())
            };
            let Some(a) = t
                .kids(w, &["case"])
                .find(|&c| t.lower(c) == "according" || (t.lower(c) == "in" && evidence()))
            else {
                continue;
            };
            let cue = Span::new(t.span(a).start, t.span(a).end);
            if taken.cue(si, |c| c.overlaps(cue)) {
                continue;
            }
            let mut phrase = Vec::new();
            subtree(t, w, &mut phrase);
            let (lo, hi) = (
                *phrase.iter().min().unwrap_or(&w),
                *phrase.iter().max().unwrap_or(&w),
            );
            let left: Vec<usize> = (0..lo).collect();
            let right: Vec<usize> = (hi + 1..t.len()).collect();
            let words = left.len() + right.len();
            let parts: Vec<Span> = [cover(t, &left), cover(t, &right)]
                .into_iter()
                .filter(|p| !p.is_empty() && doc.slice(*p).split_whitespace().count() >= 2)
                .collect();
            if words < 4 || parts.is_empty() {
                continue;
            }
            let content = parts[0].cover(parts[parts.len() - 1]);
            if taken.covers(si, content) {
                continue;
            }
            let source: Vec<usize> = phrase
                .iter()
                .copied()
                .filter(|&x| x != a && t.head(x) != Some(a))
                .collect();
            let source = cover(t, &source);
            if source.is_empty() {
                continue;
            }
            let speaker = self.source_entity(doc, t, w, source);
            let parts = if parts.len() > 1 { parts } else { Vec::new() };
            let evidence = doc.sentences[si].span;
            let q = attribution(content, parts, QuoteKind::Indirect, speaker, cue, evidence);
            taken.add(doc, &q);
            found.push(q);
        }
    }
}

/// The source of cue verb `v`: the phrase of its subject ("The employee, a registered
/// Republican, said"), of the verb a participle or conjunct hangs from, up a chain of at most
/// three such verbs ("..., saying the plan ...", "met him and said ...", "hailed the vote to
/// leave, telling ..."; not past an infinitive's object, "prompting Trump to say", nor a
/// passive), of the noun a participle modifies ("a strategist saying"), or of a relative
/// pronoun's antecedent ("officials, who said ..."), without the clauses that modify it nor
/// the cue's own words ("the negotiator ... told reporters": not "told reporters").
fn source_of(t: &Tree, v: usize) -> Option<(usize, Span)> {
    let own = t.kids(v, &["nsubj"]).next();
    // the subject of the verb a participle, infinitive or conjunct hangs from, up a chain of
    // them when the parser hung it from a verb without a subject of its own ("Trump hailed the
    // vote to leave the Union, telling reporters ...": telling → leave → hailed)
    let inherited = || match t.deprel(v) {
        "advcl" | "conj" | "xcomp" => {
            let mut x = v;
            for _ in 0..3 {
                if !matches!(t.deprel(x), "advcl" | "conj" | "xcomp") {
                    return None;
                }
                let h = t.head(x)?;
                // an infinitive's subject is the object when there is one ("prompting Trump
                // to say": Trump), and a passive subject is nobody's speaker
                if (t.deprel(x) == "xcomp" && t.kids(h, &["obj", "iobj"]).next().is_some())
                    || t.kids(h, &["nsubj:pass", "expl"]).next().is_some()
                {
                    return None;
                }
                if let Some(s) = t.kids(h, &["nsubj"]).next() {
                    return Some(s);
                }
                x = h;
            }
            None
        }
        "acl" => t
            .head(v)
            .filter(|&h| matches!(t.upos(h), "NOUN" | "PROPN" | "PRON")),
        _ => None,
    };
    let subject = own.or_else(inherited)?;
    let head = if RELATIVE.contains(&t.lower(subject)) {
        if t.deprel(v) == "acl:relcl" {
            t.head(v)?
        } else if t.lower(subject) != "who" {
            subject
        } else {
            // a relative clause the parser hung from a verb ("takes into account voters who
            // said ..."): the noun right before "who" (or its comma) is the antecedent
            let before = (0..subject)
                .rev()
                .find(|&i| t.lower(i) != ",")
                .filter(|&i| i + 2 >= subject && matches!(t.upos(i), "NOUN" | "PROPN"));
            before.unwrap_or(subject)
        }
    } else {
        subject
    };
    // a relative pronoun whose clause the parser did not attach is nobody, nor is a possessive
    // ("his") or an oblique ("with latest figures showing")
    if RELATIVE.contains(&t.lower(head))
        || t.deprel(head) == "nmod:poss"
        || matches!(
            t.lower(head),
            "his" | "her" | "its" | "their" | "my" | "our" | "your"
        )
        || t.kids(head, &["case"]).next().is_some()
    {
        return None;
    }
    let mut phrase = Vec::new();
    t.phrase(head, &mut phrase);
    // without the clauses that modify it, nor the cue's own words ("the chief negotiator ...
    // told reporters", a reduced relative: not "told reporters")
    let mut clauses = Vec::new();
    for &w in &phrase {
        if w == v || (w > head && matches!(t.deprel(w), "acl:relcl" | "acl")) {
            subtree(t, w, &mut clauses);
        }
    }
    let mut in_clause = vec![false; t.len()];
    clauses.iter().for_each(|&w| in_clause[w] = true);
    phrase.retain(|&w| !in_clause[w]);
    let span = cover(t, &phrase);
    (!span.is_empty()).then_some((head, span))
}

impl Quotes {
    /// Does word `w` name an actor: a personal pronoun, a mention of a person, organisation or
    /// country, or an agent noun ("officials", "the court", "economists")?
    fn is_actor_word(&self, doc: &Document, t: &Tree, w: usize) -> bool {
        matches!(t.lower(w), "he" | "she" | "they" | "i" | "we" | "you")
            || crate::pipeline::relations::actor_at(doc, t.span(w)).is_some()
            || (t.upos(w) == "NOUN"
                && crate::agents::AgentLexicon::builtin()
                    .is_ok_and(|a| a.get(t.lower(w)).is_some()))
    }

    /// The speaker a source phrase names: the entity of the mention holding its head word
    /// ("users of broadband" names nobody), or a pronoun's antecedent.
    fn source_entity(
        &self,
        doc: &Document,
        t: &Tree,
        head: usize,
        source: Span,
    ) -> (Span, Option<usize>) {
        let h = t.span(head);
        if t.upos(head) == "PRON" {
            let (span, e) = self.resolve_phrase(doc, h);
            return (span.unwrap_or(h), e);
        }
        // the head word, else a word of its name ("Mrs." of "Mrs. Warren", whose mention is
        // "Warren")
        let best = std::iter::once(head)
            .chain(t.kids(head, &["flat"]))
            .find_map(|w| {
                doc.mentions_holding(t.span(w))
                    .filter(|m| m.entity.is_some())
                    .max_by_key(|m| m.span.len())
            });
        match best {
            Some(m) => (m.span, m.entity),
            None => (source, None),
        }
    }
}

impl Quotes {
    /// The sentence holding byte `pos`, parsed if it was not yet; `None` in a headline.
    fn parsed_sentence_at(&self, doc: &mut Document, pos: usize) -> Option<usize> {
        let si = doc.sentence_at(pos)?;
        if doc.sentences[si].headline {
            return None;
        }
        parse::parse_later(self.parser, doc, si);
        Some(si)
    }

    /// A direct quote that nobody is credited with, introduced by a colon ("Trump issued a
    /// statement: “...”", "Clinton struck back: “...”"): the subject of the last verb before
    /// the colon is the speaker, that verb the cue. The clause is parsed if need be.
    pub(super) fn colon_speakers(&self, doc: &mut Document, quotes: &mut [Quote]) {
        for q in quotes.iter_mut() {
            if q.speaker.is_some() || q.cue.is_some() || q.kind == QuoteKind::Indirect {
                continue;
            }
            let before = doc.text[..q.content.start].trim_end();
            let before = before
                .strip_suffix(['“', '"', '‘', '\'', '«'])
                .unwrap_or(before)
                .trim_end();
            let Some(rest) = before.strip_suffix(':') else {
                continue;
            };
            let colon = rest.len();
            // "John Bolton: ‘Hillary’s slogan ...’", "Polls and turnout - Philip Bump: “...”":
            // a name alone before the colon, from the line's start or a dash, is the speaker
            if let Some((span, e)) = name_before_colon(doc, colon) {
                q.speaker_span = Some(span);
                q.speaker = Some(e);
                q.cue = Some(Span::new(colon, colon + 1));
                q.confidence = 0.6;
                continue;
            }
            let Some(si) = self.parsed_sentence_at(doc, colon.saturating_sub(1)) else {
                continue;
            };
            let doc: &Document = doc;
            let Some(t) = Tree::new(doc, si) else {
                continue;
            };
            let Some((v, (head, source))) = (0..t.len())
                .rev()
                .filter(|&v| t.span(v).end <= colon && t.upos(v) == "VERB")
                .find_map(|v| source_of(&t, v).map(|x| (v, x)))
            else {
                continue;
            };
            // an unnamed or unresolved source keeps its words ("The Clinton campaign ...
            // worded it even more carefully: “...”")
            let (span, e) = self.source_entity(doc, &t, head, source);
            q.speaker_span = Some(span);
            q.speaker = e;
            q.cue = Some(t.span(v));
            q.confidence = if e.is_some() { 0.6 } else { 0.45 };
        }
    }

    /// A direct quote nobody is credited with, followed by a clause whose verb of saying has a
    /// subject longer than the surface patterns read ("“...,” nuclear experts David Albright
    /// and Serena Kelleher-Vergantini of Washington's Institute for Science and International
    /// Security wrote in September", "“...?” Miller, a retired worker from a nuclear plant,
    /// said pleasantly into the phone"): the subject, which starts right after the quote, is
    /// the speaker and the verb the cue. The verb is one of `ATTRIBUTION_VERBS` and the
    /// subject its own (not a participle's), a third person, outside every quote; not when
    /// the verb reports a clause of its own, has an object other than the person told, or is
    /// passive.
    pub(super) fn post_speakers(&self, doc: &mut Document, quotes: &mut [Quote]) {
        let mut quoted: Vec<Span> = quotes
            .iter()
            .filter(|q| q.kind != QuoteKind::Indirect)
            .map(|q| q.content)
            .collect();
        quoted.sort_by_key(|c| c.start);
        for q in quotes.iter_mut() {
            if q.speaker_span.is_some() || q.cue.is_some() || q.kind != QuoteKind::Direct {
                continue;
            }
            // the first word after the closing mark (and a comma)
            let close = doc.token_at_or_after(q.content.end);
            let Some(mut k) = (close..doc.tokens.len().min(close + 3))
                .find(|&i| doc.tokens[i].kind == TokenKind::Quote)
                .map(|i| i + 1)
            else {
                continue;
            };
            if doc.tokens.get(k).is_some_and(|t| doc.slice(t.span) == ",") {
                k += 1;
            }
            let Some(first) = doc.tokens.get(k).filter(|t| !t.para_start && !t.line_start) else {
                continue;
            };
            let start = first.span.start;
            let Some(si) = doc.sentence_at(start) else {
                continue;
            };
            // (a sentence without a verb of saying is not parsed for this)
            if doc.sentences[si].headline
                || !doc.tokens[k..doc.sentences[si].tokens.end]
                    .iter()
                    .any(|t| is_attribution_form(&doc.slice(t.span).to_lowercase()))
            {
                continue;
            }
            parse::parse_later(self.parser, doc, si);
            let doc: &Document = doc;
            let Some(t) = Tree::new(doc, si) else {
                continue;
            };
            let found = (0..t.len()).find_map(|v| {
                if t.upos(v) != "VERB"
                    || t.span(v).start <= start
                    || !t.verb_base(v, ATTRIBUTION_VERBS)
                {
                    return None;
                }
                // (the person told is an object: "told POLITICO")
                if t.kids(v, &["ccomp", "nsubj:pass"]).next().is_some()
                    || (!t.verb_base(v, ADDRESS_VERBS) && t.kids(v, &["obj"]).next().is_some())
                {
                    return None;
                }
                let (head, source) = source_of(&t, v)?;
                // the verb's own subject (not a participle's: "..., the paper beams, adding"),
                // a third person, outside every quote
                let own = t.kids(v, &["nsubj"]).next() == Some(head) || t.deprel(v) == "acl";
                let third = !matches!(t.lower(head), "i" | "we" | "you");
                (own && third
                    && source.start == start
                    && source.end <= t.span(v).start
                    && !overlaps_any(&quoted, source))
                .then_some((v, head, source))
            });
            let Some((v, head, source)) = found else {
                continue;
            };
            let (span, e) = self.source_entity(doc, &t, head, source);
            q.speaker_span = Some(span);
            q.speaker = e;
            q.cue = Some(t.span(v));
            q.evidence = q.evidence.cover(doc.sentences[si].span);
            q.confidence = if e.is_some() { 0.75 } else { 0.55 };
        }
    }

    /// Speakers from the tree: for a quote whose cue verb lies in a parsed sentence, the
    /// source of the cue (see [`source_of`]) replaces a speaker that the surface patterns
    /// took from elsewhere in the sentence, when it names an entity or a pronoun that
    /// resolves to one ("Clinton slammed Trump, saying ...": Clinton, not Trump).
    pub(super) fn tree_speakers(&self, doc: &Document, quotes: &mut [Quote]) {
        // quotes come in text order: the tree of the last cue's sentence often serves again
        let mut last: Option<(usize, Tree)> = None;
        for q in quotes.iter_mut() {
            let Some(cue) = q.cue else { continue };
            let Some(si) = doc.sentence_at(cue.start) else {
                continue;
            };
            if last.as_ref().is_none_or(|(i, _)| *i != si) {
                last = Tree::new(doc, si).map(|t| (si, t));
            }
            let Some((_, t)) = &last else {
                continue;
            };
            let Some(v) = (0..t.len()).find(|&i| {
                let w = t.span(i);
                w.start >= cue.start && w.end <= cue.end && t.upos(i) == "VERB"
            }) else {
                continue;
            };
            let Some((head, source)) = source_of(t, v) else {
                continue;
            };
            // the quote itself is no source, nor a phrase that holds it
            if source.overlaps(q.content) || source.len() > 200 {
                continue;
            }
            // a speaker right beside the cue ("said Long Zhou, a coordinator for the foreign
            // ministry", "Zhou said") is surer than a parse of the words around it
            let beside = |s: Span| {
                let (a, b) = if s.end <= cue.start {
                    (s.end, cue.start)
                } else {
                    (cue.end, s.start.max(cue.end))
                };
                doc.text[a..b].trim().is_empty()
            };
            if q.speaker_span
                .is_some_and(|s| source.contains(s) || beside(s))
            {
                continue;
            }
            match self.source_entity(doc, t, head, source) {
                (span, Some(e)) => {
                    q.speaker_span = Some(span);
                    q.speaker = Some(e);
                }
                // an unnamed source the tree is sure of ("the justice sounded off on Trump,
                // saying ..."): its words, rather than a name taken from elsewhere
                (span, None)
                    if t.upos(head) == "NOUN"
                        && t.kids(v, &["nsubj"]).next() == Some(head)
                        && doc.slice(span).split_whitespace().count() <= 8 =>
                {
                    q.speaker_span = Some(span);
                    q.speaker = None;
                }
                _ => {}
            }
        }
    }
}

impl Quotes {
    /// A line that a person's name opens, followed by a colon and words without quotation
    /// marks ("Rubio: I still believe Trump can't be trusted ...", "KASICH: We need ..." in a
    /// transcript): the rest of the line is that person's.
    pub(super) fn colon_lines(&self, doc: &Document, quotes: &mut Vec<Quote>) {
        let mut found = Vec::new();
        for (k, tok) in doc.tokens.iter().enumerate() {
            if doc.slice(tok.span) != ":" {
                continue;
            }
            let colon = tok.span.start;
            let Some((name, e)) = name_before_colon(doc, colon) else {
                continue;
            };
            let Some(first) = doc.tokens.get(k + 1).filter(|t| !t.line_start) else {
                continue;
            };
            if first.kind == TokenKind::Quote {
                continue; // a direct quote: see `colon_speakers`
            }
            let end = doc.text[first.span.start..]
                .find('\n')
                .map_or(doc.text.len(), |i| first.span.start + i);
            let content = Span::new(first.span.start, doc.text[..end].trim_end().len());
            if doc.slice(content).split_whitespace().count() < 3 {
                continue;
            }
            // a headline's quoted words ("Issa: Hillary Clinton's ‘Honesty Is In Question.’")
            // are the named actor's, and so is the rest of the line around them
            let mut credited = false;
            let mut widened = false;
            for q in quotes.iter_mut().filter(|q| content.contains(q.content)) {
                credited = true;
                if q.speaker_span.is_none() && q.cue.is_none() && widened {
                    // a second quote of the same line is inside the first one's new content
                    q.content = Span::new(0, 0);
                } else if q.speaker_span.is_none() && q.cue.is_none() {
                    widened = true;
                    if q.content != content {
                        q.kind = QuoteKind::Mixed;
                    }
                    q.speaker_span = Some(name);
                    q.speaker = Some(e);
                    q.cue = Some(tok.span);
                    q.content = content;
                    q.parts.clear();
                    q.evidence = q.evidence.cover(name.cover(content));
                    q.confidence = 0.5;
                }
            }
            if credited
                || !doc.entities[e].etype.is_person()
                || quotes.iter().any(|q| q.content.overlaps(content))
            {
                continue;
            }
            found.push(Quote {
                content,
                parts: Vec::new(),
                kind: QuoteKind::Indirect,
                speaker_span: Some(name),
                speaker: Some(e),
                cue: Some(tok.span),
                reported_by: None,
                evidence: name.cover(content),
                confidence: 0.5,
            });
        }
        quotes.retain(|q| !q.content.is_empty());
        quotes.extend(found);
    }
}

/// The actor named alone before a colon at byte `colon`: the mention ends there and begins the
/// line, or follows a dash ("Media shares blame - HuffPollster:"), with nothing else between.
fn name_before_colon(doc: &Document, colon: usize) -> Option<(Span, usize)> {
    let m = doc
        .mentions_holding(Span::new(colon.saturating_sub(1), colon))
        .filter(|m| m.span.end == colon)
        .filter(|m| m.entity.is_some_and(|e| doc.entities[e].etype.is_actor()))
        .max_by_key(|m| m.span.len())?;
    // the line's start, within 300 bytes of the name
    let mut lo = m.span.start.saturating_sub(300);
    while !doc.text.is_char_boundary(lo) {
        lo -= 1;
    }
    let line = match doc.text[lo..m.span.start].rfind('\n') {
        Some(i) => lo + i + 1,
        None if lo == 0 => 0,
        None => return None,
    };
    let lead = doc.text[line..m.span.start].trim_end();
    // (or after a title or a description in capitals: "Dr. Ben Carson:", "OK Gov Fallin:",
    // "McCain Challenger Kelli Ward:")
    let titled = {
        let words: Vec<&str> = lead.split_whitespace().collect();
        words.len() <= 3
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().all(|c| c.is_alphanumeric() || c == '.')
            })
    };
    let ok = lead.is_empty() || titled || lead.ends_with(['-', '–', '—', '|']);
    (ok && doc.text[line..m.span.start].len() < 300).then(|| (m.span, m.entity.unwrap_or(0)))
}

/// The words verb `v` attributes to its subject, with the kind of attribution: the clause of
/// a verb of saying, thinking or finding (or an object and a bare verb after it, which the
/// parser reads as object and `xcomp` when "that" is left out: "shows the senator leads"), a
/// noun phrase for the few verbs of saying whose object is what is said, what a stance verb
/// is about. `None` for other verbs, or when there is nothing to attribute.
fn attributed_words(t: &Tree, v: usize) -> Option<(Vec<usize>, QuoteKind)> {
    // a clause: a verb, or a predicate with a subject or copula (not "said Warren Leblanc", a
    // name the parser took for a clause)
    let clause = t
        .kids(v, &["ccomp"])
        .find(|&c| {
            t.upos(c) == "VERB" || t.kids(c, &["nsubj", "cop", "nsubj:pass"]).next().is_some()
        })
        .or_else(|| question_clause(t, v));
    // any other verb with a subject and a clause after it reports the clause ("Democrats fret
    // that ...", "the court ruled that ..."; not "this means that ...": the subject a noun or
    // a person)
    let reports = || {
        clause.is_some_and(|c| {
            c > v
                && t.kids(v, &["nsubj"]).next().is_some_and(|s| {
                    !matches!(t.lower(s), "this" | "that" | "it" | "there" | "what")
                })
        })
    };
    let saying = t.verb_base(v, ATTRIBUTION_VERBS) || reports();
    let stance = !saying && t.verb_base(v, STANCE_VERBS);
    let mut words = Vec::new();
    if stance {
        if t.verb_base(v, INFINITIVE_ONLY) {
            if let Some(x) = t.kids(v, &["xcomp"]).next() {
                subtree(t, x, &mut words);
            }
        } else {
            stance_content(t, v, &mut words);
        }
        return (!words.is_empty()).then_some((words, QuoteKind::Stance));
    }
    if !saying {
        return about_words(t, v).map(|w| (w, QuoteKind::Stance));
    }
    if let Some(c) = clause {
        subtree(t, c, &mut words);
        // a clause joined to the reported one that reports a saying of its own ("74 percent
        // said they are set ..., while 22 percent said they might ...", "He said A and said
        // that B", "argued that A, saying B") is not this verb's
        let mut own = Vec::new();
        for &w in &words {
            let joined = || {
                w > 0
                    && match t.deprel(w) {
                        "conj" => t.lower(w - 1) == "and",
                        "advcl" => t.lower(w).ends_with("ing") && t.lower(w - 1) == ",",
                        _ => false,
                    }
            };
            if w != c
                && matches!(t.deprel(w), "advcl" | "conj" | "parataxis")
                && t.verb_base(w, ATTRIBUTION_VERBS)
                && (t.kids(w, &["nsubj"]).next().is_some() || joined())
                && t.kids(w, &["ccomp"]).next().is_some()
            {
                subtree(t, w, &mut own);
            }
        }
        if !own.is_empty() {
            words.retain(|w| !own.contains(w));
        }
    } else if let (Some(o), Some(x)) = (
        t.kids(v, &["obj"]).next(),
        t.kids(v, &["xcomp"])
            .find(|&x| t.upos(x) == "VERB" && !t.kids(x, &["mark"]).any(|m| t.lower(m) == "to")),
    ) {
        if o < x {
            subtree(t, o, &mut words);
            subtree(t, x, &mut words);
        }
    }
    // an intention or a commitment: "hopes to win", "agreed to testify", "threatened to sue"
    // (not a passive: "is expected to finish")
    if words.is_empty()
        && t.kids(v, &["obj", "nsubj:pass", "aux:pass"])
            .next()
            .is_none()
    {
        if let Some(x) = to_infinitive(t, v) {
            subtree(t, x, &mut words);
            return Some((words, QuoteKind::Stance));
        }
    }
    // a verb of saying with a noun phrase: "announced his resignation", "cited low growth"
    // (not the person addressed: "told him"); a poll, a study or records show or find what
    // their object says ("A poll showed a slimmer lead for Clinton")
    let evidence = || {
        t.verb_base(v, EVIDENCE_VERBS)
            && t.kids(v, &["nsubj"])
                .next()
                .is_some_and(|s| EVIDENCE_NOUNS.iter().any(|n| is_form_of(t.lower(s), n)))
    };
    if words.is_empty() && (t.verb_base(v, NOUN_CONTENT) || evidence()) {
        let addressed = t.verb_base(v, ADDRESS_VERBS)
            && t.kids(v, &["obj"])
                .any(|o| matches!(t.upos(o), "PRON" | "PROPN"));
        if !addressed && t.kids(v, &["obj", "xcomp"]).any(|o| t.upos(o) != "PRON") {
            if evidence() {
                evidence_content(t, v, &mut words);
            } else {
                stance_content(t, v, &mut words);
            }
        }
    }
    if words.is_empty() {
        return about_words(t, v).map(|w| (w, QuoteKind::Stance));
    }
    Some((words, QuoteKind::Indirect))
}

/// What a verb of talking or thinking is about: the object of its preposition in
/// [`ABOUT_VERBS`] ("referring to the emails", "asked about the server"), without the
/// preposition.
fn about_words(t: &Tree, v: usize) -> Option<Vec<usize>> {
    let o = t.kids(v, &["obl"]).find(|&o| {
        t.case(o).is_some_and(|c| {
            ABOUT_VERBS
                .iter()
                .any(|(b, p)| *p == c && is_form_of(t.lower(v), b))
        })
    })?;
    let mut words = Vec::new();
    subtree(t, o, &mut words);
    words.retain(|&w| t.deprel(w) != "case" || t.head(w) != Some(o));
    Some(words)
}

/// Nouns of attribution, with the prepositions that introduce what they are about (a clause,
/// "that ..." or "to ...", always does): see [`Quotes::tree_nominal`].
const NOMINAL_CUES: &[(&str, &[&str])] = &[
    ("claim", &["of", "about"]),
    ("assertion", &[]),
    ("argument", &["for", "against"]),
    ("belief", &["in"]),
    ("view", &["of", "on"]),
    ("concern", &["about", "over"]),
    ("fear", &["of", "about", "over"]),
    ("hope", &["for", "of"]),
    ("warning", &["about", "of", "against"]),
    ("statement", &["on", "about"]),
    ("allegation", &["of", "against"]),
    ("accusation", &["of", "against"]),
    ("criticism", &["of"]),
    ("support", &["for", "of"]),
    ("opposition", &["to"]),
    ("call", &["for"]),
    ("demand", &["for"]),
    ("endorsement", &["of"]),
    ("praise", &["for", "of"]),
    ("attack", &["on", "against"]),
    ("question", &["about"]),
    ("comment", &["about", "on"]),
    ("remark", &["about", "on"]),
    ("promise", &["of"]),
    ("pledge", &[]),
    ("plan", &["for"]),
    ("proposal", &["for"]),
    ("doubt", &["about", "over"]),
    ("insistence", &["on"]),
    ("denial", &["of"]),
    ("prediction", &[]),
    ("decision", &[]),
];

/// The prepositions of lowercase `w` when it is a noun of [`NOMINAL_CUES`], singular or
/// plural.
fn nominal_cue(w: &str) -> Option<&'static [&'static str]> {
    NOMINAL_CUES
        .iter()
        .find(|(b, _)| w == *b || w.strip_suffix('s') == Some(b))
        .map(|&(_, preps)| preps)
}

/// Verbs whose subject holds the attribution noun they take as object ("voiced concern that",
/// "threw his support behind", "raised questions about"); not "drew criticism", whose source is
/// another.
const EXPRESSING_VERBS: &[&str] = &[
    "express",
    "voice",
    "repeat",
    "reiterate",
    "make",
    "offer",
    "issue",
    "raise",
    "give",
    "lend",
    "throw",
    "announce",
    "signal",
    "share",
    "renew",
    "register",
    "air",
    "pledge",
    "state",
    "restate",
    "publish",
    "release",
];

/// Words that open an indirect question.
/// ("when" and "where" are left out: after "asked" they mostly open a clause of time or place,
/// "asked about it when he appeared on the programme")
const QUESTION_WORDS: &[&str] = &[
    "why", "whether", "if", "how", "what", "who", "whom", "which",
];

/// The indirect question after a verb of asking that the parser hung from it as an adverbial
/// clause rather than its complement ("asked during a debate why he trailed ...", "When asked
/// why Cruz decided ..."): an `advcl` after the verb whose first word asks.
fn question_clause(t: &Tree, v: usize) -> Option<usize> {
    if !t.verb_base(v, &["ask", "wonder"]) {
        return None;
    }
    t.kids(v, &["advcl"]).find(|&c| {
        let first = first_word(t, c);
        first > v && QUESTION_WORDS.contains(&t.lower(first))
    })
}

/// The first word, in text order, of `i`'s subtree.
fn first_word(t: &Tree, i: usize) -> usize {
    t.children(i)
        .iter()
        .map(|&c| first_word(t, c))
        .min()
        .map_or(i, |c| c.min(i))
}

/// The "to" infinitive that completes verb `v` ("hopes to win", "is expected to rise").
fn to_infinitive(t: &Tree, v: usize) -> Option<usize> {
    t.kids(v, &["xcomp"])
        .find(|&x| t.upos(x) == "VERB" && t.kids(x, &["mark"]).any(|m| t.lower(m) == "to"))
}

/// What a stance verb is about: its object with the clause that completes it ("accused X of
/// ...", "urged X to ..."), its infinitive ("wants to lose"), or, for "call", what is called
/// for ("called for a special prosecutor"); nothing for "call" without "for" (naming).
fn stance_content(t: &Tree, v: usize, out: &mut Vec<usize>) {
    if t.verb_base(v, &["call"]) {
        for o in t.kids(v, &["obl"]).collect::<Vec<_>>() {
            if t.case(o) == Some("for") {
                subtree(t, o, out);
                out.retain(|&w| t.deprel(w) != "case" || t.head(w) != Some(o));
            }
        }
        return;
    }
    let obj = t.kids(v, &["obj"]).next();
    if let Some(o) = obj {
        subtree(t, o, out);
        for c in t.children(v).to_vec() {
            let completes = match t.deprel(c) {
                "xcomp" => true,
                "advcl" | "obl" => {
                    c > o && t.kids(c, &["mark", "case"]).any(|m| t.lower(m) == "of")
                }
                _ => false,
            };
            if completes {
                subtree(t, c, out);
            }
        }
    } else if let Some(x) = t.kids(v, &["xcomp"]).next() {
        subtree(t, x, out);
    }
}

/// What evidence shows or finds: everything the verb governs after it, its object and what
/// completes it ("polls show Mrs. Clinton with a narrow lead over Mr. Trump", "records show no
/// gifts from Trump to his foundation since 2008"), not a clause coordinated with it.
fn evidence_content(t: &Tree, v: usize, out: &mut Vec<usize>) {
    for c in t.children(v).to_vec() {
        if c > v && !matches!(t.deprel(c), "punct" | "cc" | "conj" | "parataxis") {
            subtree(t, c, out);
        }
    }
}

/// The sentences that overlap `span`: from the first ending after its start to the last
/// starting before its end.
fn sentences_overlapping(doc: &Document, span: Span) -> std::ops::Range<usize> {
    let a = doc.sentences.partition_point(|s| s.span.end <= span.start);
    let b = doc.sentences.partition_point(|s| s.span.start < span.end);
    a..b.max(a)
}

/// The cue and content of every quote so far, by the sentences they touch, so that a reading
/// of one sentence looks only at that sentence's quotes (an article may hold thousands).
struct Taken(Vec<Vec<(Option<Span>, Span)>>);

impl Taken {
    fn new(doc: &Document, quotes: &[Quote]) -> Self {
        let mut t = Taken(vec![Vec::new(); doc.sentences.len()]);
        for q in quotes {
            t.add(doc, q);
        }
        t
    }

    /// Records `q` by its pieces when it has them: the words between the pieces of a quote
    /// interrupted by its attribution (“...,” said Pardo, who said he would not vote ... “...”)
    /// are not the quote's.
    fn add(&mut self, doc: &Document, q: &Quote) {
        for &piece in q.parts() {
            let mut at: Vec<usize> = sentences_overlapping(doc, piece).collect();
            at.extend(
                q.cue
                    .map(|c| sentences_overlapping(doc, c))
                    .into_iter()
                    .flatten(),
            );
            at.sort_unstable();
            at.dedup();
            for si in at {
                self.0[si].push((q.cue, piece));
            }
        }
    }

    /// A cue or a quoted piece of sentence `si` holds `s`.
    fn holds(&self, si: usize, s: Span) -> bool {
        self.0[si]
            .iter()
            .any(|(c, piece)| piece.contains(s) || c.is_some_and(|c| c.contains(s)))
    }

    /// A quote of sentence `si` has a cue for which `same` holds.
    fn cue(&self, si: usize, same: impl Fn(Span) -> bool) -> bool {
        self.0[si].iter().any(|(c, _)| c.is_some_and(&same))
    }

    /// A quote of sentence `si` covers `content`, or `content` covers it: over half of the
    /// shorter one is shared.
    fn covers(&self, si: usize, content: Span) -> bool {
        self.0[si]
            .iter()
            .any(|(_, c)| overlap(*c, content) * 2 > content.len().min(c.len()))
    }
}

/// A reported attribution read from the tree (not a direct quote): its confidence is lower
/// without an entity for a speaker.
fn attribution(
    content: Span,
    parts: Vec<Span>,
    kind: QuoteKind,
    (speaker_span, speaker): (Span, Option<usize>),
    cue: Span,
    evidence: Span,
) -> Quote {
    Quote {
        content,
        parts,
        kind,
        speaker_span: Some(speaker_span),
        speaker,
        cue: Some(cue),
        reported_by: None,
        evidence,
        confidence: if speaker.is_some() { 0.6 } else { 0.45 },
    }
}

/// Every word of `i`'s subtree.
fn subtree(t: &Tree, i: usize, out: &mut Vec<usize>) {
    out.push(i);
    for &c in t.children(i) {
        subtree(t, c, out);
    }
}

/// The span from the first to the last of `words`, without punctuation at either end.
fn cover(t: &Tree, words: &[usize]) -> Span {
    let mut w: Vec<usize> = words
        .iter()
        .copied()
        .filter(|&i| t.upos(i) != "PUNCT")
        .collect();
    w.sort_unstable();
    match (w.first(), w.last()) {
        (Some(&a), Some(&b)) => Span::new(t.span(a).start, t.span(b).end),
        _ => Span::new(0, 0),
    }
}

fn overlap(a: Span, b: Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Does `s` overlap one of `spans` (sorted by start)? The few that start last before its end
/// are looked at (a quote's content rarely holds another's), not every one: an article may
/// hold thousands.
fn overlaps_any(spans: &[Span], s: Span) -> bool {
    let i = spans.partition_point(|c| c.start < s.end);
    spans[..i].iter().rev().take(4).any(|c| c.overlaps(s))
}

impl Quotes {
    /// A direct or mixed quote that no pattern credited to anyone, inside a clause of the
    /// sentence around it: the speaker is the subject of the verb that governs the quote in
    /// the parse, the nearest verb of saying among the quote's governors if there is one, else
    /// the nearest verb with a subject ("His campaign protested that Clinton aides were
    /// “disingenuous”", "Gov. Jerry Brown endorsed her, citing her “long experience”",
    /// "Hundreds of demonstrators marched ..., chanting “...”"). The subject must be a noun
    /// phrase or a pronoun that resolves, outside the quote; a quote that is its sentence's
    /// main clause has no governor and stays unattributed.
    pub(super) fn governing_speakers(&self, doc: &mut Document, quotes: &mut [Quote]) {
        for q in quotes.iter_mut() {
            if q.speaker_span.is_some() || q.cue.is_some() || q.kind == QuoteKind::Indirect {
                continue;
            }
            let Some(si) = self.parsed_sentence_at(doc, q.content.start) else {
                continue;
            };
            let doc: &Document = doc;
            let Some(t) = Tree::new(doc, si) else {
                continue;
            };
            let Some((v, head, source)) = governor(&t, q.content) else {
                continue;
            };
            let (span, e) = self.source_entity(doc, &t, head, source);
            // an unnamed source only when short ("the developers", not "The dispute centers
            // on Ohio's removal of ...")
            if e.is_none()
                && (t.upos(head) == "PRON" || doc.slice(span).split_whitespace().count() > 8)
            {
                continue;
            }
            q.speaker_span = Some(span);
            q.speaker = e;
            q.cue = Some(t.span(v));
            q.evidence = q.evidence.cover(doc.sentences[si].span);
            q.confidence = if e.is_some() { 0.5 } else { 0.4 };
        }
    }
}

/// The verb that governs the words of `content` in `t`, with its source (see [`source_of`]):
/// walking up from where the quote hangs, the nearest verb of saying with a source, else the
/// nearest verb with one; `None` when the quote holds the sentence's root (it governs itself).
fn governor(t: &Tree, content: Span) -> Option<(usize, usize, Span)> {
    let inside = |i: usize| content.contains(t.span(i));
    let hangs =
        |i: usize| inside(i) && t.upos(i) != "PUNCT" && t.head(i).is_none_or(|h| !inside(h));
    let anchor = (0..t.len()).find(|&i| hangs(i))?;
    // the quote's words hang from one place only (a quote split by the parse is not read, nor
    // one that holds the root)
    if t.head(anchor).is_none() || (anchor + 1..t.len()).any(hangs) {
        return None;
    }
    // a verb that does not say governs words of the subject's own only when they make a
    // clause ("protested that aides were “disingenuous”"), not a title or a scare quote
    // ("it would not stand “How Soon is Now?”", "people coming from a “high incidence
    // country”"), and not through "it" or "this"
    let clause = (0..t.len()).any(|i| inside(i) && t.upos(i) == "VERB")
        && (0..t.len())
            .filter(|&i| inside(i) && t.upos(i) != "PUNCT")
            .count()
            >= 4;
    let mut first = None;
    let mut h = t.head(anchor);
    for _ in 0..6 {
        let Some(v) = h else { break };
        // (a participle's noun is no speaker unless the participle says: "money used for")
        let says = t.verb_base(v, ATTRIBUTION_VERBS);
        if t.upos(v) == "VERB" && (says || t.deprel(v) != "acl") {
            if let Some((head, source)) = source_of(t, v).filter(|(_, s)| !s.overlaps(content)) {
                if says {
                    return Some((v, head, source));
                }
                if clause && !matches!(t.lower(head), "it" | "this" | "that" | "which") {
                    first.get_or_insert((v, head, source));
                }
            }
        }
        h = t.head(v);
    }
    first
}

/// A verb of saying set into the clause it reports, or after it ("Bush had to lend his
/// campaign money, fundraising documents show", "China, Zhou said, is looking ..."): UD
/// attaches it as `parataxis` of the reported clause's head, with a subject and no clause or
/// object of its own. Returns the words of the clause without the verb's own phrase, and the
/// content's two pieces when the verb stands inside it.
fn parenthetical(t: &Tree, v: usize) -> Option<(Vec<usize>, Vec<Span>)> {
    if t.deprel(v) != "parataxis"
        || !t.verb_base(v, ATTRIBUTION_VERBS)
        || t.kids(v, &["nsubj"]).next().is_none()
        || t.kids(v, &["ccomp", "obj", "xcomp", "nsubj:pass"])
            .next()
            .is_some()
    {
        return None;
    }
    let h = t.head(v)?;
    // the clause reported is the sentence's main one
    if t.head(h).is_some() {
        return None;
    }
    let mut own = Vec::new();
    subtree(t, v, &mut own);
    let (lo, hi) = (*own.iter().min()?, *own.iter().max()?);
    let mut words = Vec::new();
    subtree(t, h, &mut words);
    words.retain(|w| !own.contains(w));
    let left: Vec<usize> = words.iter().copied().filter(|&w| w < lo).collect();
    // the words before the verb are the clause, or most of it ("X, officials say, is ...")
    if left.iter().filter(|&&w| t.upos(w) != "PUNCT").count() < 3 {
        return None;
    }
    let right: Vec<usize> = words.iter().copied().filter(|&w| w > hi).collect();
    let right = cover(t, &right);
    let parts = if right.is_empty() {
        Vec::new()
    } else {
        vec![cover(t, &left), right]
    };
    Some((words, parts))
}

//! The kinds of attribution beyond a direct quote and its speaker: mixed quotes widened to the
//! reported clause they sit in, and indirect speech without quotation marks in its three orders
//! ("X said (that) ...", "..., X said.", "..., X said, ...") or with "according to X"; the verb
//! lexicons (verbs of naming, verbs of saying that take a clause) and clause boundaries.

use super::{clause_end, next_token_start, span, trim_end, trim_terminal, Quotes};
use crate::dates::is_weekday_name;
use crate::document::{Document, Quote, QuoteKind, Span, TokenKind};

impl Quotes {
    /// A mixed quote ("X said the plan was “only the first step”") is the whole reported clause:
    /// from after the cue (and "that") to the end of the sentence when the cue comes first; from
    /// the start of the sentence to the attribution when it comes after.
    pub(super) fn extend_mixed(&self, doc: &Document, quotes: &mut [Quote], own: &[bool]) {
        for (q, &own) in quotes.iter_mut().zip(own) {
            let Some(cue) = q.cue else { continue };
            if q.kind != QuoteKind::Mixed || !own || is_according(doc, cue) {
                continue;
            }
            let Some(si) = doc.sentence_at(q.content.start) else {
                continue;
            };
            let s = doc.sentences[si].span;
            if !s.contains(cue) {
                continue;
            }
            let sentence_end = trim_terminal(doc, s);
            let content = if cue.end <= q.content.start {
                let from = complement_start(doc, cue, s);
                let end = reported_end(doc, from, sentence_end);
                span(from.min(q.content.start), end.max(q.content.end))
            } else if cue.start >= q.content.end {
                // "... “lies and conspiracy theories,” she says."
                let until = attribution_start(doc, q, cue, s).max(q.content.end);
                let from = q.content.start.min(clause_start(doc, s, q.content.start));
                span(from, until)
            } else {
                continue;
            };
            q.content = span(content.start, trim_end(doc, content));
            q.evidence = q.evidence.cover(s);
        }
    }

    /// Reported speech without quotation marks, one per sentence that holds no quotation:
    /// "Zhou said (that) China is ...", "China is ..., Zhou said.", "China, Zhou said, is ...",
    /// "Experts say ...", "According to the report, ...", "..., according to X."
    pub(super) fn indirect(&self, doc: &Document, cues: &[Span], quotes: &mut Vec<Quote>) {
        // the sentences a quote's evidence overlaps
        let mut taken = vec![false; doc.sentences.len()];
        for q in quotes.iter() {
            let first = doc
                .sentences
                .partition_point(|s| s.span.end <= q.evidence.start);
            for (i, s) in doc.sentences.iter().enumerate().skip(first) {
                if !s.span.overlaps(q.evidence) {
                    break;
                }
                taken[i] = true;
            }
        }
        for (si, s) in doc.sentences.iter().enumerate() {
            if s.headline || taken[si] {
                continue;
            }
            let mut found_here: Option<usize> = None;
            for &cue in super::cues_in(cues, s.span)
                .iter()
                .filter(|c| s.span.contains(**c))
            {
                let found = if is_according(doc, cue) {
                    self.according_clause(doc, s.span, cue)
                } else {
                    self.reported_clause(doc, s.span, cue).or_else(|| {
                        found_here
                            .and_then(|prev| coordinated_clause(doc, s.span, cue, &quotes[prev]))
                    })
                };
                let Some((parts, speaker_span, speaker)) = found else {
                    continue;
                };
                let words: usize = parts
                    .iter()
                    .map(|p| doc.slice(*p).split_whitespace().count())
                    .sum();
                if words < 3 {
                    continue;
                }
                let content = parts[0].cover(parts[parts.len() - 1]);
                let reported_by = self
                    .according_to(doc, s.span, super::cues_in(cues, s.span), content)
                    .filter(|&o| Some(o) != speaker);
                // a second clause joined to the first ("X said A, and Y said B"): the first
                // ends before it; otherwise one attribution per sentence
                // (a clause wholly after the one before, its subject too: "Although she said
                // A, at the hearing Ada Obi said B", is simply the next one)
                if let Some(prev) = found_here.filter(|&p| {
                    let q = &quotes[p];
                    !(q.content.end <= speaker_span.start.min(cue.start)
                        && q.speaker_span.is_some_and(|s| s.end <= q.content.start))
                }) {
                    let q: &mut Quote = &mut quotes[prev];
                    let joint = joint_start(doc, q.content, speaker_span)
                        .or_else(|| shared_subject_joint(doc, q, cue, speaker_span));
                    match joint {
                        Some(end)
                            if parts.len() == 1
                                && cue.start > q.content.start
                                && end > q.content.start =>
                        {
                            q.content = span(q.content.start, end);
                            // the pieces end where the content now does
                            q.parts.retain(|p| p.start < end);
                            if let Some(last) = q.parts.last_mut() {
                                last.end = last.end.min(end);
                            }
                            if q.parts.len() < 2 {
                                q.parts.clear();
                            }
                        }
                        _ => continue,
                    }
                }
                found_here = Some(quotes.len());
                quotes.push(Quote {
                    content,
                    parts: if parts.len() > 1 { parts } else { Vec::new() },
                    kind: QuoteKind::Indirect,
                    speaker_span: Some(speaker_span),
                    speaker,
                    cue: Some(cue),
                    reported_by,
                    evidence: s.span,
                    confidence: if speaker.is_some() { 0.7 } else { 0.5 },
                });
            }
        }
    }

    /// Verbs of thinking read on the surface, last, where neither the patterns nor the tree
    /// found anything in their sentence ("experts who think the case against her is clear",
    /// which the parse may miss): the tree reads a subject better when it reads the clause. A
    /// noun read as the verb ("there is fresh hope for ...", "fuelling fears about the
    /// economy") keeps its view but no holder: the words before it are no subject.
    pub(super) fn thinking_attributions(
        &self,
        doc: &Document,
        thinking: &[Span],
        quotes: &mut Vec<Quote>,
    ) {
        let before = quotes.len();
        self.indirect(doc, thinking, quotes);
        for q in &mut quotes[before..] {
            let subject = q.speaker_span.map_or("", |s| doc.slice(s));
            let participle = !subject.contains(' ')
                && subject.ends_with("ing")
                && subject.starts_with(char::is_lowercase);
            if participle
                || subject.to_lowercase().starts_with("there ")
                || subject
                    .split_whitespace()
                    .any(|w| matches!(w, "is" | "are" | "was" | "were" | "has" | "have"))
            {
                q.speaker_span = None;
                q.speaker = None;
                q.confidence = 0.4;
            }
        }
    }

    /// "According to X, CONTENT" and "CONTENT, according to X": the content pieces and source.
    fn according_clause(
        &self,
        doc: &Document,
        s: Span,
        cue: Span,
    ) -> Option<(Vec<Span>, Span, Option<usize>)> {
        // inside parentheses, the clause and the source are those of the parenthesis: "...
        // (the actual number is closer to 15 percent, according to Factcheck.org)"
        let lead = &doc.text[s.start..cue.start];
        let s = match lead.rfind('(').filter(|&i| !lead[i..].contains(')')) {
            Some(i) => {
                let close = doc.text[cue.end..s.end]
                    .find(')')
                    .map_or(s.end, |j| cue.end + j);
                span(next_token_start(doc, s.start + i + 1), close)
            }
            None => s,
        };
        let before = doc.text[s.start..cue.start].trim();
        let source_end = clause_end(doc, cue.end, s.end);
        let source = span(next_token_start(doc, cue.end), source_end);
        if source.is_empty() || doc.slice(source).split_whitespace().count() > 12 {
            return None;
        }
        let (sp, e) = self.resolve_phrase(doc, source);
        let sp = sp.unwrap_or(source);
        let content = if before.is_empty() || before.len() <= 4 {
            // "According to X, CONTENT." (or "But according to X, ...")
            let comma = doc.token_at_or_after(source_end);
            if doc
                .tokens
                .get(comma)
                .is_none_or(|t| doc.slice(t.span) != ",")
            {
                return None;
            }
            let from = doc.tokens.get(comma + 1)?.span.start;
            span(from, trim_terminal(doc, span(from, s.end)))
        } else if before.ends_with(',') {
            // "CONTENT, according to X." (or "..., according to X, taking a step ...": a
            // participle of the main clause after it)
            let after = doc.text[source_end..s.end].trim();
            let participle = after
                .strip_prefix(',')
                .and_then(|a| a.split_whitespace().next())
                .is_some_and(|w| {
                    w.len() > 5 && w.ends_with("ing") && w.starts_with(char::is_lowercase)
                });
            if !after.trim_end_matches(['.', '!', '?', '"', '”']).is_empty() && !participle {
                return None;
            }
            span(
                s.start,
                trim_end(doc, span(s.start, before_comma(doc, cue.start))),
            )
        } else {
            return None;
        };
        (!content.is_empty()).then(|| (vec![content], sp, e))
    }

    /// A verb of saying with its subject and its reported clause, in any of the three orders.
    fn reported_clause(
        &self,
        doc: &Document,
        s: Span,
        cue: Span,
    ) -> Option<(Vec<Span>, Span, Option<usize>)> {
        if !takes_clause(doc, cue) {
            return None;
        }
        let k = doc.token_at_or_after(cue.start);
        let after = doc.text[cue.end..s.end].trim_start();
        let subject = self.subject_before(doc, s, k);
        // "..., said Segal." / "..., said Segal, a coordinator at ..." / "..., said a spokesman."
        // (not "Weiß, who ..., said Berlin would push": an apposition's subject comes first)
        if subject.is_none()
            && k >= 1
            && doc.token_text(k - 1) == ","
            && doc.tokens[k - 1].span.start > s.start
        {
            let phrase_end = clause_end(doc, cue.end, s.end);
            let phrase = span(next_token_start(doc, cue.end), phrase_end);
            let named = doc.mentions_within(phrase).find(|m| m.entity.is_some());
            let first = doc.slice(phrase).split_whitespace().next().unwrap_or("");
            let fits = !super::speaker::opens_clause(doc.slice(phrase))
                && match named {
                    // the name ends the phrase ("said Foreign Minister Ada Obi")
                    Some(m) => doc.text[m.span.end..phrase.end].trim().is_empty(),
                    None => {
                        matches!(first.to_lowercase().as_str(), "a" | "an" | "the" | "one")
                            && doc.slice(phrase).split_whitespace().count() <= 5
                    }
                };
            if fits && doc.slice(phrase).split_whitespace().count() <= 6 {
                let (sp, e) = self.resolve_phrase(doc, phrase);
                let content_end = before_comma(doc, cue.start);
                let content = span(s.start, trim_end(doc, span(s.start, content_end)));
                return Some((vec![content], sp.unwrap_or(phrase), e));
            }
        }
        let (subject, sp, e) = subject?;
        let before = doc.text[s.start..subject].trim_end();
        // not a passive ("maintained by Sun"), nor a question to the reader: the subject "you"
        // after "do" inside it or right before it ("Do you feel ...")
        let asked = |w: &str| matches!(w.to_lowercase().as_str(), "do" | "did" | "would" | "does");
        let subject_text = doc.slice(sp).to_lowercase();
        let to_reader = match subject_text.strip_suffix("you").map(str::trim) {
            Some("") => before.rsplit(char::is_whitespace).next().is_some_and(asked),
            Some(rest) => asked(rest),
            None => false,
        };
        if after.starts_with("by ") || to_reader {
            return None;
        }
        if before.ends_with(',') && doc.text[s.start..subject].trim().len() > 1 {
            let comma = s.start + before.len() - 1;
            let first = span(s.start, trim_end(doc, span(s.start, comma)));
            if after.starts_with(',') {
                // "China, Zhou said, is looking to ..."
                let from = next_token_start(doc, next_token_start(doc, cue.end) + 1);
                let second = span(from, trim_terminal(doc, span(from, s.end)));
                if second.is_empty() {
                    return Some((vec![first], sp, e));
                }
                return Some((vec![first, second], sp, e));
            }
            if ends_clause(after) {
                // "China is looking to ..., Zhou said (on Tuesday)."
                return Some((vec![first], sp, e));
            }
        }
        // a clause joined to one before ("..., and aides say he will ...") or subordinate to
        // the one after ("while he said he'd hold a hearing, it's unlikely ..."): its content
        // ends with it
        let joined = joined_clause(before).or_else(|| opens_subordinate(before));
        if !before.is_empty()
            && !before.ends_with([',', ';', ':', '—', '–'])
            && !is_connective(before)
            && joined.is_none()
        {
            return None;
        }
        if ends_clause(after) {
            return None;
        }
        let from = complement_start(doc, cue, s);
        let end = if joined == Some(Joined::Subordinate) {
            clause_end(doc, from, s.end)
        } else {
            reported_end(doc, from, trim_terminal(doc, span(from, s.end)))
        };
        let content = span(from, end);
        (!content.is_empty()).then(|| (vec![content], sp, e))
    }
}

/// Verbs of naming and judging: cues for the quoted words after them ("Cruz called Trump a
/// “pathological liar”", "Christie blasted Clinton as a “disgrace”"), though not verbs of saying
/// (not in the speech lexicon, never cues of indirect speech).
pub(super) const NAMING_VERBS: &[&str] = &[
    "called",
    "calls",
    "calling",
    "described",
    "describes",
    "describing",
    "dubbed",
    "dubs",
    "branded",
    "brands",
    "labeled",
    "labelled",
    "labels",
    "characterized",
    "characterised",
    "characterizes",
    "characterises",
    "termed",
    "terms",
    "blasted",
    "criticized",
    "criticised",
    "condemned",
    "denounced",
    "slammed",
    "praised",
    "hailed",
    "lauded",
    "dismissed",
    "accused",
    "likened",
    "compared",
    "mocked",
    "ridiculed",
    "proclaimed",
    "exhorted",
    "decried",
];

/// Verbs of saying that take a reported clause ("said (that) ...").
const CLAUSE_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "tell",
    "added",
    "adds",
    "adding",
    "stated",
    "states",
    "noted",
    "notes",
    "wrote",
    "writes",
    "argued",
    "argues",
    "insisted",
    "insists",
    "claimed",
    "claims",
    "declared",
    "declares",
    "announced",
    "announces",
    "asserted",
    "asserts",
    "warned",
    "warns",
    "stressed",
    "stresses",
    "emphasized",
    "emphasised",
    "emphasizes",
    "emphasises",
    "acknowledged",
    "acknowledges",
    "admitted",
    "admits",
    "conceded",
    "concedes",
    "explained",
    "explains",
    "suggested",
    "suggests",
    "predicted",
    "predicts",
    "cautioned",
    "cautions",
    "complained",
    "complains",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "pointed",
    "points",
    "maintained",
    "maintains",
    "contended",
    "contends",
    "countered",
    "counters",
    "tweeted",
    "tweets",
    "recalled",
    "recalls",
    "replied",
    "replies",
    "responded",
    "observed",
    "observes",
    "remarked",
    "reiterated",
    "reiterates",
    "alleged",
    "alleges",
    "revealed",
    "reveals",
    "testified",
    "testifies",
    "vowed",
    "vows",
    "promised",
    "promises",
    "pledged",
    "pledges",
    "boasted",
    "joked",
    "reported",
    "reports",
];

/// Verbs of thinking: cues of indirect attribution only (not of quotes, and not in the speech
/// lexicon), whose clause is the subject's view ("experts who think the case against her is
/// clear"), read here where the parse misses the clause. PolNeAR attributes their noun forms
/// too ("fears that ...", "doubts about whether ..."), so these are not told apart.
pub(super) const THINKING_VERBS: &[&str] = &[
    "think",
    "thinks",
    "thought",
    "believe",
    "believes",
    "believed",
    "fear",
    "fears",
    "feared",
    "worry",
    "worries",
    "worried",
    "suspect",
    "suspected",
    "doubt",
    "doubts",
    "doubted",
    "know",
    "knows",
    "knew",
    "hope",
    "hopes",
    "hoped",
];

/// Is token `k` (lowercase `w`) a verb of thinking that may be a cue: not before a verb, a
/// passive's "by" or "like" ("Bekele's hopes were dashed", "worried by", "it feels like"),
/// nor inside a name.
pub(super) fn is_thinking_cue(doc: &Document, k: usize, w: &str) -> bool {
    THINKING_VERBS.contains(&w)
        && !doc.tokens.get(k + 1).is_some_and(|n| {
            matches!(
                doc.slice(n.span),
                "were" | "was" | "are" | "is" | "had" | "have" | "by" | "like"
            )
        })
        && doc.mentions_holding(doc.tokens[k].span).next().is_none()
}

pub(super) fn is_according(doc: &Document, cue: Span) -> bool {
    doc.slice(cue).eq_ignore_ascii_case("according to")
}

/// How a clause whose subject follows `before` (the sentence up to the subject) is joined to
/// the rest of the sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Joined {
    /// Coordinated after a comma or semicolon: "..., and aides say ...", "...; but he said ...".
    Coordinate,
    /// Opened by a subordinating conjunction, ending at the next comma: "while he said ...".
    Subordinate,
}

/// Conjunctions that open a subordinate clause ending at its comma.
const SUBORDINATORS: &[&str] = &[
    "while", "although", "though", "because", "whereas", "since", "if", "unless",
];

fn joined_clause(before: &str) -> Option<Joined> {
    joining(before).map(|(_, j, _)| j)
}

/// The conjunction that joins a clause whose subject follows `before` (the text up to the
/// subject, read past up to three title words of the subject: "..., and Trade Minister Ken
/// Sato"), with the length of the text before the conjunction's comma or semicolon (a
/// coordinate clause) or before the conjunction (a subordinate one), and the conjunction.
fn joining(before: &str) -> Option<(usize, Joined, &str)> {
    let mut before = before.trim_end();
    for _ in 0..3 {
        match before.rsplit_once(char::is_whitespace) {
            Some((rest, w)) if w.starts_with(char::is_uppercase) && w.len() > 1 => {
                before = rest.trim_end();
            }
            _ => break,
        }
    }
    let (rest, last) = before
        .rsplit_once(char::is_whitespace)
        .unwrap_or(("", before));
    let rest = rest.trim_end();
    let clause_start = rest.is_empty() || rest.ends_with([',', ';', ':', '—', '–']);
    match last.to_lowercase().as_str() {
        "and" | "but" | "yet" | "so" if rest.ends_with([',', ';']) => Some((
            rest[..rest.len() - 1].trim_end().len(),
            Joined::Coordinate,
            last,
        )),
        // without a comma after a clause of its own ("One in three said the party does not
        // care and one in four said it was hostile")
        "and" | "but" if rest.split_whitespace().count() >= 4 => {
            Some((rest.len(), Joined::Coordinate, last))
        }
        w if SUBORDINATORS.contains(&w)
            && (clause_start || {
                let r = rest.to_lowercase();
                r.ends_with(" and") || r.ends_with(" but")
            }) =>
        {
            Some((rest.len(), Joined::Subordinate, last))
        }
        _ => None,
    }
}

/// A sentence that opens with a subordinating conjunction and a short adverbial before the
/// subject, no comma between: "Although in September she said ..., at the town hall she ...".
fn opens_subordinate(before: &str) -> Option<Joined> {
    let mut words = before.split_whitespace();
    let first = words.next()?.to_lowercase();
    let rest = words.count();
    (SUBORDINATORS.contains(&first.as_str())
        && (1..=5).contains(&rest)
        && !before.contains([',', ';', ':', '—', '–', '"', '“']))
    .then_some(Joined::Subordinate)
}

/// A clause that starts with a connective ("But", "And", "Still,") before the subject.
fn is_connective(before: &str) -> bool {
    matches!(
        before.trim_end_matches(',').to_lowercase().as_str(),
        "but"
            | "and"
            | "yet"
            | "still"
            | "however"
            | "meanwhile"
            | "instead"
            | "so"
            | "now"
            | "indeed"
            | "separately"
            | "also"
            | "earlier"
            | "later"
            | "today"
            | "yesterday"
    )
}

/// Nothing but an adverbial left after the cue: "said.", "said on Tuesday.", "said in a
/// statement.", "said, citing ..."
pub(super) fn ends_clause(after: &str) -> bool {
    let rest = after
        .trim()
        .trim_end_matches(['.', '!', '?', '”', '"', '\''])
        .trim_end();
    if rest.is_empty() || rest.starts_with(',') {
        return true;
    }
    // "said on Tuesday, a move likely to ...": the adverbial up to the first comma
    let head = rest.split(',').next().unwrap_or(rest);
    let words: Vec<&str> = head.split_whitespace().collect();
    let first = words[0].to_lowercase();
    words.len() <= 6
        && !words.contains(&"that")
        && (is_when_word(&first)
            || matches!(
                first.as_str(),
                "on" | "in"
                    | "at"
                    | "during"
                    | "this"
                    | "late"
                    | "early"
                    | "recently"
                    | "to"
                    | "via"
            ))
}

/// Does lowercase `w` open an adverbial of time after a cue ("said yesterday", "said
/// Monday"; "on Monday" has its preposition): what may follow an attribution's verb without
/// being what is said?
pub(super) fn is_when_word(w: &str) -> bool {
    matches!(w, "last" | "earlier" | "later" | "yesterday" | "today") || is_weekday_name(w)
}

/// Where the reported clause after a cue starts: past an adverbial or an addressee ("told
/// CNN on Tuesday that ..."), past "that".
fn complement_start(doc: &Document, cue: Span, s: Span) -> usize {
    let k = doc.token_at_or_after(cue.end);
    let end = doc.token_at_or_after(s.end);
    // "that" within the next eight tokens, no comma or quotation mark before it
    for j in k..(k + 9).min(end) {
        let t = doc.token_text(j);
        if t == "," || doc.tokens[j].kind == TokenKind::Quote {
            break;
        }
        if t.eq_ignore_ascii_case("that") {
            return doc.tokens.get(j + 1).map_or(s.end, |t| t.span.start);
        }
    }
    if k < end && matches!(doc.token_text(k), "," | ":") {
        return doc.tokens.get(k + 1).map_or(s.end, |t| t.span.start);
    }
    doc.tokens.get(k).map_or(s.end, |t| t.span.start).min(s.end)
}

/// The start of the clause holding `pos`: after the last "that" or clause-opening comma before
/// it in the sentence, else the sentence start.
fn clause_start(doc: &Document, s: Span, pos: usize) -> usize {
    let first = doc.token_at_or_after(s.start);
    let k = doc.token_at_or_after(pos);
    for j in (first..k).rev() {
        if doc.token_text(j).eq_ignore_ascii_case("that") {
            return doc.tokens[j + 1].span.start;
        }
    }
    s.start
}

/// Where the attribution after a quote starts: the comma before the speaker and cue.
fn attribution_start(doc: &Document, q: &Quote, cue: Span, s: Span) -> usize {
    let gap = &doc.text[q.content.end..cue.start];
    match gap.rfind(',') {
        Some(i) => trim_end(doc, span(s.start, q.content.end + i)),
        None => q.content.end,
    }
}

/// The end of the text before the comma that precedes `pos`.
fn before_comma(doc: &Document, pos: usize) -> usize {
    let t = doc.text[..pos].trim_end();
    t.strip_suffix(',').map_or(t.len(), str::len)
}

/// Where a clause content ends when a coordinate clause ("..., and Y said ...") starts with
/// the subject `subject` inside it: the end of the words before the comma and conjunction.
/// `None` when the subject is not inside `content` or no comma or semicolon and conjunction
/// stands before it.
fn joint_start(doc: &Document, content: Span, subject: Span) -> Option<usize> {
    if !(content.start < subject.start && subject.start <= content.end) {
        return None;
    }
    match joining(&doc.text[content.start..subject.start])? {
        (end, Joined::Coordinate, _) if end > 0 => Some(content.start + end),
        // a contrast after a comma ("..., while a fifth of them said ...") is another
        // speaker's clause too (`end` is the text before the conjunction, trimmed)
        (end, Joined::Subordinate, word) if end > 1 => {
            let before = &doc.text[content.start..content.start + end];
            (before.ends_with(',')
                && ["while", "whereas", "although"]
                    .iter()
                    .any(|c| word.eq_ignore_ascii_case(c)))
            .then(|| content.start + end - 1)
        }
        _ => None,
    }
}

/// Participles of saying that open an attribution of their own after a reported clause: "Khalif
/// said the rhetoric has been patronizing, noting her comments to ..." (what was noted is not
/// what was said).
const SAYING_PARTICIPLES: &[&str] = &[
    "saying",
    "adding",
    "noting",
    "arguing",
    "insisting",
    "claiming",
    "warning",
    "stressing",
    "explaining",
    "pointing",
    "citing",
    "calling",
    "suggesting",
    "acknowledging",
    "asserting",
    "declaring",
    "predicting",
    "complaining",
    "vowing",
    "promising",
    "urging",
];

/// Where a reported clause running from `from` to `end` ends: before a comma and a participle
/// of saying outside any quotation ("..., noting ...", "..., saying ..."), or before "and" or
/// "but" and another verb of saying ("..., and suggested that ...", "and he added ..."), else
/// at `end`.
pub(super) fn reported_end(doc: &Document, from: usize, end: usize) -> usize {
    let mut marks = 0;
    let first = doc.token_at_or_after(from);
    for k in first..doc.tokens.len() {
        let t = &doc.tokens[k];
        if t.span.end > end {
            break;
        }
        if t.kind == TokenKind::Quote {
            marks += 1;
        } else if k > first && doc.token_text(k) == "," {
            // (the comma may stand inside the closing mark: the financial system was
            // “corrupt,” noting that ...)
            let mut n = k + 1;
            let mut open = marks % 2 == 1;
            if open
                && doc
                    .tokens
                    .get(n)
                    .is_some_and(|x| x.kind == TokenKind::Quote)
            {
                n += 1;
                open = false;
            }
            if !open
                && doc
                    .tokens
                    .get(n)
                    .is_some_and(|x| SAYING_PARTICIPLES.contains(&doc.slice(x.span)))
            {
                return trim_end(doc, span(from, t.span.start));
            }
        } else if marks % 2 == 0
            && k > first
            && matches!(doc.token_text(k), "and" | "but")
            && says_again(doc, k + 1)
        {
            // "... “not ready” to support him, and suggested that ...", "... and he
            // reiterated his claim that ...": a saying of its own
            let before = doc.text[..t.span.start].trim_end();
            let before = before.strip_suffix(',').unwrap_or(before);
            // (a clause of at least three words is left: not "said both he and Cruz said")
            if doc.text[from..before.len().max(from)]
                .split_whitespace()
                .count()
                >= 3
            {
                return trim_end(doc, span(from, before.len()));
            }
        }
    }
    end
}

/// Does a verb of saying that takes a clause follow token `k`, after at most a pronoun, a
/// name of up to two capitalised words or an adverb of time ("and said ...", "and he
/// reiterated ...", "and Ryan later added ...")?
fn says_again(doc: &Document, k: usize) -> bool {
    for j in k..(k + 4).min(doc.tokens.len()) {
        let w = doc.token_text(j);
        if CLAUSE_VERBS.contains(&w) {
            return j == k || doc.token_text(j - 1) != "to";
        }
        let fits = matches!(
            w,
            "he" | "she" | "they" | "we" | "I" | "also" | "later" | "then" | "again"
        ) || (w.starts_with(char::is_uppercase)
            && doc.tokens[j].kind == TokenKind::Word);
        if !fits || j >= k + 3 {
            return false;
        }
    }
    false
}

/// Is the cue's first word a verb of saying or thinking that takes a clause ([`CLAUSE_VERBS`],
/// [`THINKING_VERBS`])?
fn takes_clause(doc: &Document, cue: Span) -> bool {
    let head = doc.slice(cue).to_lowercase();
    let head = head.split_whitespace().next().unwrap_or("");
    CLAUSE_VERBS.contains(&head) || THINKING_VERBS.contains(&head)
}

/// The clause reported by a verb of saying coordinated with the cue of `prev` and sharing its
/// subject ("Fields tweeted a photograph ... and said she had been yanked backward"), with
/// `prev`'s speaker: the cue stands inside `prev`'s content, right after "and" (or "and" and an
/// adverb).
fn coordinated_clause(
    doc: &Document,
    s: Span,
    cue: Span,
    prev: &Quote,
) -> Option<(Vec<Span>, Span, Option<usize>)> {
    if !takes_clause(doc, cue) || ends_clause(&doc.text[cue.end..s.end]) {
        return None;
    }
    let speaker = prev.speaker_span?;
    shared_subject_joint(doc, prev, cue, speaker)?;
    let from = complement_start(doc, cue, s);
    let content = span(
        from,
        reported_end(doc, from, trim_terminal(doc, span(from, s.end))),
    );
    (!content.is_empty()).then(|| (vec![content], speaker, prev.speaker))
}

/// Where a clause content ends when a second verb of saying coordinated with the first shares
/// its subject: "Fields tweeted a photograph of her forearm and said she had been yanked
/// backward" (the photograph is what was tweeted, the clause after "said" what was said). The
/// second cue lies inside the first content, right after "and" (an adverb may stand between:
/// "and later said"), and its speaker stands before the first content. `None` otherwise.
fn shared_subject_joint(doc: &Document, q: &Quote, cue: Span, speaker: Span) -> Option<usize> {
    if !(q.content.start < cue.start && cue.start < q.content.end)
        || speaker.end > q.content.start
        || q.speaker_span.is_some_and(|s| !s.overlaps(speaker))
    {
        return None;
    }
    let before = doc.text[q.content.start..cue.start].trim_end();
    let (rest, last) = before.rsplit_once(char::is_whitespace)?;
    let (rest, last) = if matches!(
        last.to_lowercase().as_str(),
        "also" | "later" | "then" | "again" | "repeatedly" | "previously" | "recently"
    ) {
        rest.trim_end().rsplit_once(char::is_whitespace)?
    } else {
        (rest, last)
    };
    if !last.eq_ignore_ascii_case("and") {
        return None;
    }
    let end = rest.trim_end().trim_end_matches(',').trim_end();
    // a content of at least two words is left
    (end.split_whitespace().count() >= 2).then(|| q.content.start + end.len())
}

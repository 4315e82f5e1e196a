//! Stage 6: the byline. Requires entities and quotes; sets `Document::byline`, makes its names
//! mentions of their people (and of the outlet it names) when the recogniser missed them, and
//! drops quotations read in its line (the relations stage skips the line too).
//!
//! A byline is a short line of its own among the first three lines after the headline or the last
//! four of the body: "By Jane Roe", "Written by Jane Roe", "By Jane Roe and John Doe", "By Jane
//! Roe, Reuters", "Jane Roe | Reuters". Each name must look like a person's: two to four
//! capitalised words, a known given name or surname or a name the recogniser typed as a person,
//! no title ("By Jane Roe, Political Correspondent" names one author). A line that reads as a
//! sentence ("By the end of the match, ...", "By 2007 ...") or stands among film credits
//! ("Directed by ...") is no byline.
//!
//! An author the article also names in a fuller form — the same surname, one first name a short
//! form of the other (all its letters but the last starting the other, three at least), middle
//! initials aside ("Chris Bing" and "Christopher J. Bing", "Nick" and "Nicholas"), and no other
//! person of that surname in the article — is that person (the resolve stage does not join such
//! names; this stage does, for bylines only).

use std::sync::Arc;

use super::resolve::finish;
use super::util::{normalize_key, starts_upper, MONTHS_AND_DAYS, NAME_PARTICLES, NOT_NAMES};
use super::Stage;
use crate::document::{
    Byline, Document, Entity, EntityType, Mention, MentionForm, MentionSource, Span,
};
use crate::resources::{Resources, TitleClass};

pub struct Bylines {
    res: Arc<Resources>,
}

impl Bylines {
    pub fn new(res: Arc<Resources>) -> Self {
        Bylines { res }
    }
}

/// What a byline line starts with (lowercase), longest first.
const PREFIXES: &[&str] = &[
    "written by",
    "reported by",
    "reporting by",
    "words by",
    "story by",
    "by",
];
/// Lines that make a block of film or stage credits, where "Written by X" is a screenwriter.
const CREDITS: &[&str] = &[
    "directed by",
    "produced by",
    "starring",
    "screenplay by",
    "music by",
    "edited by",
    "cinematography by",
    "cast:",
    "director:",
    "producer:",
    "written and directed by",
];
/// Lines after the headline, and lines at the end of the body, where a byline may stand.
const LEAD_LINES: usize = 3;
const TAIL_LINES: usize = 4;
/// The most words a byline line has.
const MAX_WORDS: usize = 14;

/// A byline line taken apart: the author names and the outlet, as spans.
struct Parsed {
    authors: Vec<Span>,
    outlet: Option<Span>,
}

impl Stage for Bylines {
    fn name(&self) -> &'static str {
        "byline"
    }

    fn run(&self, doc: &mut Document) {
        let lines = body_lines(doc);
        // the headline is the first line when it is the title
        let first = usize::from(lines.first().is_some_and(|l| {
            doc.meta
                .title
                .as_deref()
                .is_some_and(|t| doc.slice(*l).trim_start_matches('#').trim() == t.trim())
                || doc
                    .sentences
                    .first()
                    .is_some_and(|s| s.headline && l.contains(s.span))
        }));
        let n = lines.len();
        let mut candidates: Vec<usize> = (first..n.min(first + LEAD_LINES)).collect();
        for i in n.saturating_sub(TAIL_LINES).max(first)..n {
            if !candidates.contains(&i) {
                candidates.push(i);
            }
        }
        for i in candidates {
            if self.among_credits(doc, &lines, i) {
                continue;
            }
            if let Some(p) = self.parse(doc, lines[i]) {
                self.apply(doc, lines[i], p);
                return;
            }
        }
    }
}

/// The body's non-empty lines, trimmed.
fn body_lines(doc: &Document) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = doc.body_start;
    for line in doc.text[doc.body_start..].split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        out.push(Span::new(start + lead, start + lead + t.len()));
    }
    out
}

/// `span` cut at every `sep`, each piece trimmed; empty pieces are kept out.
fn split(doc: &Document, span: Span, sep: &str) -> Vec<Span> {
    let text = doc.slice(span);
    let mut out = Vec::new();
    let mut from = 0;
    let mut push = |a: usize, b: usize| {
        let piece = &text[a..b];
        let lead = piece.len() - piece.trim_start().len();
        let t = piece.trim();
        if !t.is_empty() {
            out.push(Span::new(
                span.start + a + lead,
                span.start + a + lead + t.len(),
            ));
        }
    };
    for (i, _) in text.match_indices(sep) {
        push(from, i);
        from = i + sep.len();
    }
    push(from, text.len());
    out
}

impl Bylines {
    /// Is the line next to line `i` (before or after) part of a block of credits?
    fn among_credits(&self, doc: &Document, lines: &[Span], i: usize) -> bool {
        let credit = |j: usize| {
            let l = doc.slice(lines[j]).to_lowercase();
            CREDITS.iter().any(|c| l.starts_with(c))
        };
        (i > 0 && credit(i - 1)) || (i + 1 < lines.len() && credit(i + 1))
    }

    /// The names and the outlet of a byline line, or `None` when the line is no byline.
    fn parse(&self, doc: &Document, line: Span) -> Option<Parsed> {
        let t = doc.slice(line);
        if t.split_whitespace().count() > MAX_WORDS || t.contains(['“', '”', '"', '?', '!', ';'])
        {
            return None;
        }
        let lower = t.to_lowercase();
        let prefix = PREFIXES.iter().find(|p| {
            lower.starts_with(*p)
                && lower[p.len()..].starts_with([' ', ':'])
                && lower[p.len()..].trim_start_matches([' ', ':']).len() > 1
        });
        let mut rest = match prefix {
            // "By" opens the line as a capital: "by ..." continues a sentence
            Some(p) if starts_upper(t) => {
                let after = &t[p.len()..];
                let skip = after.len() - after.trim_start_matches([' ', ':']).len();
                Span::new(line.start + p.len() + skip, line.end)
            }
            Some(_) => return None,
            None if t.contains(" | ") => line,
            None => return None,
        };
        // a closing full stop, but not the one of an initial ("By Jane Q.")
        if doc.slice(rest).ends_with('.')
            && doc
                .slice(rest)
                .rsplit(' ')
                .next()
                .is_none_or(|w| w.len() != 2)
        {
            rest.end -= 1;
        }
        let piped = prefix.is_none();
        let parts = if piped {
            split(doc, rest, "|")
        } else {
            split(doc, rest, ",")
        };
        let mut authors: Vec<Span> = Vec::new();
        let mut outlet = None;
        for (k, part) in parts.into_iter().enumerate() {
            // "Jane Roe in Kabul": the place is not part of the name
            let part = match doc.slice(part).find(" in ") {
                Some(i) if k == 0 || !piped => {
                    let place = Span::new(part.start + i + 4, part.end);
                    if !self.capitalised_words(doc, place) {
                        return None;
                    }
                    Span::new(part.start, part.start + i)
                }
                _ => part,
            };
            let names: Vec<Span> = split(doc, part, " and ")
                .into_iter()
                .flat_map(|s| split(doc, s, "&"))
                .collect();
            if (k == 0 || (!piped && outlet.is_none()))
                && !names.is_empty()
                && names.iter().all(|&s| self.person_name(doc, s))
            {
                authors.extend(names);
                continue;
            }
            if k == 0 {
                return None;
            }
            if outlet.is_none() && self.org_name(doc, part).is_some() {
                outlet = Some(part);
                continue;
            }
            // a title or a place after the names ("Staff Writer", "Kabul"), not a clause
            if !self.capitalised_words(doc, part) {
                return None;
            }
        }
        (!authors.is_empty()).then_some(Parsed { authors, outlet })
    }

    /// One to six words, each capitalised (or "of", "the", "and", "for"): a title or a place.
    fn capitalised_words(&self, doc: &Document, span: Span) -> bool {
        let words: Vec<&str> = doc.slice(span).split_whitespace().collect();
        !words.is_empty()
            && words.len() <= 6
            && words
                .iter()
                .all(|w| starts_upper(w) || matches!(*w, "of" | "the" | "and" | "for" | "&"))
    }

    /// Does the span read as a person's name?
    fn person_name(&self, doc: &Document, span: Span) -> bool {
        let words: Vec<&str> = doc.slice(span).split_whitespace().collect();
        if !(2..=4).contains(&words.len()) {
            return false;
        }
        let shaped = words.iter().enumerate().all(|(i, w)| {
            let particle = i > 0 && NAME_PARTICLES.contains(w);
            (starts_upper(w) || particle)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
                && !MONTHS_AND_DAYS.contains(w)
                && !NOT_NAMES.contains(w)
                && ![
                    TitleClass::Official,
                    TitleClass::Role,
                    TitleClass::Honorific,
                ]
                .iter()
                .any(|&c| self.res.is_title(&w.to_lowercase(), c))
        });
        if !shaped {
            return false;
        }
        // "JANE ROE" is looked up as "Jane Roe"
        let cased = |w: &str| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase())
                .unwrap_or_default()
        };
        let given = self.res.given_names.contains(words[0])
            || self.res.given_names.contains(&cased(words[0]));
        let last = words[words.len() - 1];
        let surname = self.res.surnames.contains(last) || self.res.surnames.contains(&cased(last));
        let tagged = doc.mentions.iter().any(|m| {
            m.etype.is_person() && m.span.overlaps(span) && m.form != MentionForm::Pronoun
        });
        // the article names a person of that surname elsewhere (the author's bio)
        let key = normalize_key(last);
        let known = doc.entities.iter().any(|e| {
            e.etype.is_person()
                && e.name.split_whitespace().count() >= 2
                && e.name
                    .rsplit(' ')
                    .next()
                    .is_some_and(|l| normalize_key(l) == key)
        });
        given || surname || tagged || known
    }

    /// The organisation a span names: a mention of one, or a gazetteer entry (mention index or
    /// gazetteer entry).
    fn org_name(&self, doc: &Document, span: Span) -> Option<Result<usize, usize>> {
        if let Some(m) = doc.mentions.iter().position(|m| {
            span.contains(m.span)
                && m.entity.is_some()
                && m.etype.is_org()
                && doc.text[span.start..m.span.start]
                    .trim()
                    .trim_start_matches("the")
                    .trim()
                    .is_empty()
                && doc.text[m.span.end..span.end].trim().is_empty()
        }) {
            return Some(Ok(m));
        }
        let gaz = &self.res.gazetteer;
        gaz.lookup(doc.slice(span))
            .filter(|&g| gaz.entries[g].etype.is_org())
            .map(Err)
    }

    /// Record the byline: people for its names, the outlet's entity, no quotation in its line.
    fn apply(&self, doc: &mut Document, line: Span, p: Parsed) {
        let mut author_entities = Vec::new();
        for &name in &p.authors {
            let mut e = self.person_for(doc, name);
            if let Some((keep, drop)) = self.same_person(doc, e) {
                merge(doc, drop, keep);
                e = keep;
            }
            if !author_entities.contains(&e) {
                author_entities.push(e);
            }
        }
        let outlet_entity = p.outlet.and_then(|o| self.outlet_for(doc, o));
        doc.quotes.retain(|q| {
            !q.content.overlaps(line)
                && !q.cue.is_some_and(|c| c.overlaps(line))
                && !q.speaker_span.is_some_and(|s| s.overlaps(line))
        });
        doc.byline = Some(Byline {
            line,
            authors: p.authors,
            author_entities,
            outlet: p.outlet,
            outlet_entity,
        });
        finish(doc);
    }

    /// The person a byline name is: its mention's entity, else a new mention of the article's
    /// person of that name, or of a new person.
    fn person_for(&self, doc: &mut Document, name: Span) -> usize {
        if let Some(e) = doc
            .mentions
            .iter()
            .find(|m| m.span == name)
            .and_then(|m| m.entity)
            .filter(|&e| doc.entities[e].etype.is_person())
        {
            return e;
        }
        // whatever else was read in the name gives way to it
        doc.mentions.retain(|m| !m.span.overlaps(name));
        let text = doc.slice(name).to_string();
        let key = normalize_key(&text);
        let e = match doc
            .entities
            .iter()
            .position(|e| e.etype.is_person() && normalize_key(&e.name) == key)
        {
            Some(e) => e,
            None => {
                doc.entities.push(Entity {
                    name: text,
                    etype: EntityType::Person,
                    aliases: Vec::new(),
                    wikidata: None,
                    country_code: None,
                    mentions: Vec::new(),
                    confidence: 0.8,
                    local: false,
                    codes: Vec::new(),
                    sectors: Vec::new(),
                });
                doc.entities.len() - 1
            }
        };
        let etype = doc.entities[e].etype;
        doc.mentions.push(Mention {
            span: name,
            etype,
            source: MentionSource::Cue,
            form: MentionForm::Name,
            gazetteer: None,
            confidence: 0.8,
            entity: Some(e),
        });
        e
    }

    /// The one other person of the article whose name is a fuller (or shorter) form of person
    /// `e`'s: (the one to keep, the one to join to it).
    fn same_person(&self, doc: &Document, e: usize) -> Option<(usize, usize)> {
        let parts = |i: usize| -> Vec<String> {
            doc.entities[i]
                .name
                .split_whitespace()
                .map(normalize_key)
                .filter(|w| !w.is_empty())
                .collect()
        };
        let mine = parts(e);
        let (first, last) = (mine.first()?.clone(), mine.last()?.clone());
        if mine.len() < 2 {
            return None;
        }
        let same_surname: Vec<usize> = (0..doc.entities.len())
            .filter(|&i| {
                i != e && doc.entities[i].etype.is_person() && {
                    let p = parts(i);
                    p.len() >= 2 && p.last() == Some(&last)
                }
            })
            .filter(|&i| doc.mentions.iter().any(|m| m.entity == Some(i)))
            .collect();
        let [other] = same_surname[..] else {
            return None;
        };
        // "Chris" / "Christopher", "Nick" / "Nicholas": a short form shares all its letters but
        // the last with the start of the long one, three at least
        let theirs = parts(other);
        let f = &theirs[0];
        let common = first
            .chars()
            .zip(f.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let short = first.chars().count().min(f.chars().count());
        if common < 3 || common + 1 < short {
            return None;
        }
        if doc.entities[other].name.len() >= doc.entities[e].name.len() {
            Some((other, e))
        } else {
            Some((e, other))
        }
    }

    /// The outlet's entity: its mention's, or a new mention of the gazetteer's organisation.
    fn outlet_for(&self, doc: &mut Document, span: Span) -> Option<usize> {
        match self.org_name(doc, span)? {
            Ok(m) => doc.mentions[m].entity,
            Err(g) => {
                let ge = &self.res.gazetteer.entries[g];
                let e = match doc
                    .entities
                    .iter()
                    .position(|e| e.etype == ge.etype && e.name == ge.name)
                {
                    Some(e) => e,
                    None => {
                        doc.entities.push(Entity {
                            name: ge.name.clone(),
                            etype: ge.etype,
                            aliases: Vec::new(),
                            wikidata: ge.wikidata.clone(),
                            country_code: None,
                            mentions: Vec::new(),
                            confidence: 0.9,
                            local: false,
                            codes: Vec::new(),
                            sectors: Vec::new(),
                        });
                        doc.entities.len() - 1
                    }
                };
                doc.mentions.retain(|m| !m.span.overlaps(span));
                doc.mentions.push(Mention {
                    span,
                    etype: ge.etype,
                    source: MentionSource::Gazetteer,
                    form: MentionForm::Name,
                    gazetteer: Some(g),
                    confidence: 0.9,
                    entity: Some(e),
                });
                Some(e)
            }
        }
    }
}

/// Every mention, quotation and role of entity `from` becomes `to`'s.
fn merge(doc: &mut Document, from: usize, to: usize) {
    let etype = doc.entities[to].etype;
    for m in doc.mentions.iter_mut().filter(|m| m.entity == Some(from)) {
        m.entity = Some(to);
        m.etype = etype;
        if m.form == MentionForm::Name {
            m.form = MentionForm::Alias;
        }
    }
    for q in &mut doc.quotes {
        if q.speaker == Some(from) {
            q.speaker = Some(to);
        }
        if q.reported_by == Some(from) {
            q.reported_by = Some(to);
        }
    }
    for r in &mut doc.roles {
        if r.person == from {
            r.person = to;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::pipeline::testing::{quotes, relations, run};

    /// The byline's author names (entity names) and outlet name.
    fn byline(text: &str) -> Option<(Vec<String>, Option<String>)> {
        let d = run(text);
        d.byline.as_ref().map(|b| {
            (
                b.author_entities
                    .iter()
                    .map(|&e| d.entities[e].name.clone())
                    .collect(),
                b.outlet_entity.map(|e| d.entities[e].name.clone()),
            )
        })
    }

    fn authors(text: &str) -> Vec<String> {
        byline(text).map(|b| b.0).unwrap_or_default()
    }

    #[test]
    fn bylines_at_the_start_or_the_end() {
        let body = "Ports reopen after the storm\n\n";
        assert_eq!(
            authors(&format!(
                "{body}By Maren Holt\n\nThe ports of the region reopened on Monday.\n"
            )),
            vec!["Maren Holt"]
        );
        assert_eq!(
            authors(&format!(
                "{body}The ports of the region reopened on Monday.\n\nWritten by Maren Holt\n"
            )),
            vec!["Maren Holt"]
        );
        assert_eq!(
            authors(&format!(
                "{body}By Maren Holt and Teodor Lind\n\nThe ports reopened on Monday.\n"
            )),
            vec!["Maren Holt", "Teodor Lind"]
        );
        assert_eq!(
            byline(&format!(
                "{body}By Maren Holt, Reuters\n\nThe ports reopened on Monday.\n"
            )),
            Some((vec!["Maren Holt".to_string()], Some("Reuters".to_string())))
        );
        assert_eq!(
            byline(&format!(
                "{body}Maren Holt | Reuters\n\nThe ports reopened on Monday.\n"
            )),
            Some((vec!["Maren Holt".to_string()], Some("Reuters".to_string())))
        );
        // a title after the name is not an outlet
        assert_eq!(
            byline(&format!(
                "{body}By Maren Holt, Transport Correspondent\n\nThe ports reopened on Monday.\n"
            )),
            Some((vec!["Maren Holt".to_string()], None))
        );
    }

    #[test]
    fn sentences_and_credits_are_no_bylines() {
        for text in [
            "Late goal settles derby\n\nBy the end of the match the home side had scored twice.\n\nThe visitors never recovered.\n",
            "Late goal settles derby\n\nBy Sunday the squad will be back to full strength.\n",
            "Markets calm\n\nBy 2027, the fund expects to double in size.\n",
            "Markets calm\n\nThe fund grew.\n\nBy Half Time\n",
            "A quiet epic\n\nThe film runs for three hours.\n\nDirected by Maren Holt\n\nWritten by Teodor Lind\n",
            "Ports reopen\n\nThe ports reopened, a report written by Maren Holt said.\n",
        ] {
            assert_eq!(byline(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_byline_is_no_quote_nor_relation_and_joins_the_fuller_name() {
        let text =
            "Ports reopen after the storm\n\nThe ports reopened on Monday, officials said.\n\n\
                    Written by Nick Ferrante\n\nNicholas A. Ferrante is a transport reporter for \
                    the Financial Times. Nick grew up in Gdansk.\n";
        let d = run(text);
        let b = d.byline.as_ref().expect("a byline");
        assert_eq!(b.author_entities.len(), 1);
        let e = &d.entities[b.author_entities[0]];
        // "Nick" is a short form of "Nicholas", the surname is the same: one person
        assert_eq!(e.name, "Nicholas A. Ferrante", "{:?}", d.entities);
        assert!(quotes(&d).iter().all(|(_, t)| !t.contains("Ferrante")));
        assert!(relations(&d).is_empty(), "{:?}", relations(&d));
        // two people of that surname: no guess
        let text = "Ports reopen\n\nThe ports reopened.\n\nBy Nick Ferrante\n\nNicholas Ferrante \
                    and Nicola Ferrante wrote the report.\n";
        let d = run(text);
        let b = d.byline.as_ref().expect("a byline");
        assert_eq!(d.entities[b.author_entities[0]].name, "Nick Ferrante");
    }
}

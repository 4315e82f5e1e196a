//! Stage 4: roles and affiliations. Requires entities; creates `Document::roles` and
//! `Document::units`, and types a Person as Official when a role is public office: any role in a
//! government body (Agency), or a public-office title (president, minister, senator...) alone or
//! with a country or international organisation ("U.S. President"; "Ireland captain" is not).
//!
//! Patterns: "U.S. President Donald Trump", "Harvard University scholar Ben Buchanan",
//! "deputy director-general of the Bureau of X of the Y Administration Wang Jianchao",
//! "Adam Segal, director of ... at the Council on Foreign Relations",
//! "Long Zhou, a coordinator for the foreign ministry's cyber affairs division",
//! "Jane Roe is a reporter for CyberScoop", "John Smith, International Paper's chairman".

mod tree;

use std::sync::Arc;

use super::syntax::Tree;
use super::util::{starts_upper, NOT_NAMES};
use super::Stage;
use crate::document::{
    Document, EntityType, MentionForm, MentionSource, Role, Span, TokenKind, UnitOf,
};
use crate::resources::{Resources, TitleClass};

pub struct Roles {
    res: Arc<Resources>,
}

impl Roles {
    pub fn new(res: Arc<Resources>) -> Self {
        Roles { res }
    }
}

const PREPOSITIONS: &[&str] = &["at", "of", "for", "with", "in", "from"];

impl Stage for Roles {
    fn name(&self) -> &'static str {
        "roles"
    }

    fn run(&self, doc: &mut Document) {
        // (a title word inside a person's name is the name's: "BB King", "Carole King")
        let titles: Vec<(Span, TitleClass)> = self
            .res
            .titles_in(doc)
            .into_iter()
            .filter(|(_, c)| *c != TitleClass::Honorific)
            .filter(|(t, _)| {
                !doc.mentions_holding(*t).any(|m| {
                    m.span != *t
                        && m.source != MentionSource::Agent
                        && m.entity.is_some_and(|e| doc.entities[e].etype.is_person())
                })
            })
            .collect();
        let mut roles: Vec<Role> = Vec::new();
        let mut units: Vec<UnitOf> = Vec::new();
        for (pi, p) in doc.mentions.iter().enumerate() {
            let Some(person) = p.entity else { continue };
            if !doc.entities[person].etype.is_person() {
                continue;
            }
            let Some(si) = doc.sentence_at(p.span.start) else {
                continue;
            };
            let sentence = doc.sentences[si].span;
            let titles = titles_within(&titles, sentence);
            if let Some(r) = self.before(doc, pi, person, sentence, titles, &mut units) {
                roles.push(r);
            }
            if let Some(r) = self.after(doc, pi, person, sentence, titles) {
                roles.push(r);
            }
        }
        self.merge_tree_roles(doc, &titles, &mut roles);
        // one role per person, title and organisation
        let mut seen = std::collections::HashSet::new();
        roles.retain(|r| seen.insert((r.person, r.organization, r.title.to_lowercase())));
        units.dedup_by(|a, b| a.unit == b.unit && a.parent == b.parent);
        for r in &roles {
            if r.official {
                make_official(doc, r.person);
            }
        }
        doc.roles = roles;
        doc.units = units;
        self.politicians(doc);
    }
}

/// The titles (in text order) that start inside `span`: a sentence's own, so that the work for
/// each mention stays within its sentence however long the document.
fn titles_within(titles: &[(Span, TitleClass)], span: Span) -> &[(Span, TitleClass)] {
    let lo = titles.partition_point(|(t, _)| t.start < span.start);
    let hi = titles.partition_point(|(t, _)| t.start < span.end);
    &titles[lo..hi.max(lo)]
}

/// A political party's name: "... Party", "Liberal Democrats" (not "Sinn Féin": no marker).
fn is_party_name(name: &str) -> bool {
    let last = name.rsplit(' ').next().unwrap_or("");
    name.split(' ').any(|w| w == "Party")
        || matches!(
            last,
            "Democrats" | "Republicans" | "Liberals" | "Conservatives" | "Socialists" | "Greens"
        )
}

/// Titles of office that organisations of every kind give (a firm's or a union's president,
/// secretary-general or official), as against those only a government gives (sheriff, under
/// secretary, attorney general).
fn is_generic_office(title: &str) -> bool {
    let t = title.to_lowercase();
    let last = t.rsplit([' ', '-']).next().unwrap_or("");
    matches!(
        last,
        "president" | "official" | "officials" | "member" | "judge"
    ) || t.ends_with("secretary general")
        || t.ends_with("secretary-general")
}

/// A Person becomes an Official, with every mention.
fn make_official(doc: &mut Document, e: usize) {
    if doc.entities[e].etype == EntityType::Person {
        doc.entities[e].etype = EntityType::Official;
        for &m in &doc.entities[e].mentions.clone() {
            doc.mentions[m].etype = EntityType::Official;
        }
    }
}

/// Words either side of a mention in which political words count.
const CONTEXT_WINDOW: usize = 6;
/// A party's name counts this far from the person ("X, a former leader of the Y Party").
const PARTY_WINDOW: usize = 10;
/// Private-life words count only this close ("the writer X", "X, a historian").
const PRIVATE_WINDOW: usize = 3;

impl Roles {
    /// A Person whose mentions stand among political words (elected, seat, party, a party's
    /// name...) more than among private-life ones (writer, son, born...) is a politician: an
    /// Official.
    fn politicians(&self, doc: &mut Document) {
        let lex = &self.res.person_context;
        let mut score = vec![0i32; doc.entities.len()];
        // political parties named in the article ("Italian Communist Party", "Liberal Democrats")
        let parties: Vec<Span> = doc
            .mentions
            .iter()
            .filter(|m| {
                m.entity
                    .is_some_and(|e| doc.entities[e].etype == EntityType::Organization)
                    && is_party_name(doc.slice(m.span))
            })
            .map(|m| m.span)
            .collect();
        for m in &doc.mentions {
            let Some(e) = m.entity else { continue };
            if doc.entities[e].etype != EntityType::Person || m.form == MentionForm::Pronoun {
                continue;
            }
            let Some(si) = doc.sentence_at(m.span.start) else {
                continue;
            };
            let range = doc.sentences[si].tokens.clone();
            let a = doc.token_at_or_after(m.span.start);
            let b = doc.token_at_or_after(m.span.end);
            let lo = a.saturating_sub(CONTEXT_WINDOW).max(range.start);
            let hi = (b + CONTEXT_WINDOW).min(range.end);
            // a party named near the person: "X, a former leader of the Italian Communist Party"
            let plo = a.saturating_sub(PARTY_WINDOW).max(range.start);
            let phi = (b + PARTY_WINDOW).min(range.end);
            let (wlo, whi) = (
                doc.tokens[plo].span.start,
                doc.tokens[phi.max(plo + 1) - 1].span.end,
            );
            if parties
                .iter()
                .any(|p| p.start >= wlo && p.end <= whi && !p.overlaps(m.span))
            {
                score[e] += 1;
            }
            // "appointed X as Attorney General", "X served as governor": an office the person
            // took, within three words after "as"
            if b < range.end && doc.token_text(b) == "as" {
                let office = (b + 1..(b + 4).min(range.end))
                    .take_while(|&k| doc.tokens[k].kind == TokenKind::Word)
                    .any(|k| {
                        self.res
                            .is_title(&doc.token_text(k).to_lowercase(), TitleClass::Official)
                    });
                if office {
                    score[e] += 1;
                }
            }
            for k in (lo..a).chain(b..hi) {
                let w = doc.token_text(k).to_lowercase();
                let near = k + PRIVATE_WINDOW >= a && k < b + PRIVATE_WINDOW;
                match lex.get(&w) {
                    Some(true) => score[e] += 1,
                    Some(false) if near => score[e] -= 2,
                    _ => {}
                }
            }
        }
        // a plural title before a list of names applies to each: "Vice presidents A, B and C",
        // "five Liberal presidents: A, B, C"; and a list of three names or more, two of them
        // officials already, is a list of politicians ("Evatt, Deputy Leader Arthur Calwell,
        // Eddie Ward and Reg Pollard"): a title between two names does not end the list
        let persons: Vec<usize> = (0..doc.mentions.len())
            .filter(|&i| doc.mentions[i].etype.is_person() && doc.mentions[i].entity.is_some())
            .collect();
        let title_gap = |gap: &str| {
            let words: Vec<&str> = gap
                .split_whitespace()
                .skip_while(|w| matches!(*w, "," | "and" | "&"))
                .collect();
            let listed = gap.starts_with(',') || gap.starts_with("and") || gap.starts_with('&');
            listed
                && words.len() <= 4
                && words.iter().all(|w| {
                    w.starts_with(char::is_uppercase)
                        && (self.res.is_any_title(&w.to_lowercase())
                            || matches!(*w, "Deputy" | "Vice" | "Former"))
                })
        };
        let mut lists: Vec<std::ops::Range<usize>> = Vec::new();
        let mut i = 0;
        while i < persons.len() {
            let mut j = i;
            while j + 1 < persons.len() && {
                let gap = doc.text
                    [doc.mentions[persons[j]].span.end..doc.mentions[persons[j + 1]].span.start]
                    .trim();
                matches!(gap, "," | "and" | ", and" | "&") || title_gap(gap)
            } {
                j += 1;
            }
            if j > i {
                let first = doc.token_at_or_after(doc.mentions[persons[i]].span.start);
                let before =
                    if first > 1 && matches!(doc.token_text(first - 1), ":" | "-" | "–" | "—") {
                        first - 1
                    } else {
                        first
                    };
                let plural_title = before > 0 && {
                    let w = doc.token_text(before - 1).to_lowercase();
                    w.len() > 3
                        && w.ends_with('s')
                        && self.res.is_title(&w[..w.len() - 1], TitleClass::Official)
                };
                if plural_title {
                    for &p in &persons[i..=j] {
                        if let Some(e) = doc.mentions[p].entity {
                            score[e] = score[e].max(1);
                        }
                    }
                } else if j >= i + 2 {
                    lists.push(i..j + 1);
                }
            }
            i = j + 1;
        }
        // a person the text gives a post at a company or an outlet ("president of the
        // broadcaster X") is no politician by the words around the name
        let mut corporate = vec![false; doc.entities.len()];
        for r in &doc.roles {
            if r.organization.is_some_and(|o| {
                matches!(
                    doc.entities[o].etype,
                    EntityType::Company | EntityType::MediaOutlet
                )
            }) {
                corporate[r.person] = true;
            }
        }
        for (e, s) in score.into_iter().enumerate() {
            // at least one political word per three mentions: a footballer named fifty times
            // in a match report is not made a politician by one "seat"
            let mentions = doc.entities[e].mentions.len() as i32;
            if s >= 1 && s * 3 >= mentions && !corporate[e] {
                make_official(doc, e);
            }
        }
        // then the lists of three names or more with two officials in them (as typed now; not
        // in sport news, where a line-up lists players by surname)
        let mut sport: Option<bool> = None;
        for list in lists {
            let members: Vec<usize> = persons[list]
                .iter()
                .filter_map(|&p| doc.mentions[p].entity)
                .collect();
            let officials = members
                .iter()
                .filter(|&&e| doc.entities[e].etype == EntityType::Official)
                .collect::<std::collections::HashSet<_>>()
                .len();
            if officials >= 2
                && !*sport.get_or_insert_with(|| super::relations::is_sport_article(doc))
            {
                for e in members {
                    make_official(doc, e);
                }
            }
        }
    }
}

impl Roles {
    /// Adds the roles read from the parse: an organisation for a surface role that had none
    /// (same person and title), else a role of its own for a person and organisation that no
    /// surface role joins.
    fn merge_tree_roles(
        &self,
        doc: &Document,
        titles: &[(Span, TitleClass)],
        roles: &mut Vec<Role>,
    ) {
        let mut found = Vec::new();
        for si in 0..doc.sentences.len() {
            if let Some(t) = Tree::new(doc, si) {
                let titles = titles_within(titles, doc.sentences[si].span);
                tree::sentence_roles(doc, si, &t, &self.res, titles, &mut found);
            }
        }
        for r in found {
            if roles
                .iter()
                .any(|x| x.person == r.person && x.organization == Some(r.organization))
            {
                continue;
            }
            let sentence = doc.sentences[doc.sentence_at(r.title_span.start).unwrap_or(0)].span;
            let official = self.official(doc, Some(r.organization), r.class, &r.title);
            if let Some(x) = roles.iter_mut().find(|x| {
                x.person == r.person
                    && x.organization.is_none()
                    && x.sentence == sentence
                    && x.title.to_lowercase() == r.title.to_lowercase()
            }) {
                x.organization = Some(r.organization);
                x.official = official;
                continue;
            }
            roles.push(Role {
                person: r.person,
                organization: Some(r.organization),
                title: r.title,
                title_span: r.title_span,
                sentence,
                official,
                confidence: r.confidence,
            });
        }
    }

    fn official(&self, doc: &Document, org: Option<usize>, class: TitleClass, title: &str) -> bool {
        let Some(o) = org.map(|o| &doc.entities[o]) else {
            return class == TitleClass::Official;
        };
        match o.etype {
            EntityType::Agency => true,
            // "U.S. President" is an office, "Ireland captain" is not
            EntityType::Country => class == TitleClass::Official,
            // a president of a party or of an international body holds an office; of a
            // charity, a union or a firm the model could only call an organisation ("president
            // of the National Council for Adoption"), no public one (a sheriff's or an under
            // secretary's title says public office whatever the organisation)
            EntityType::Organization => {
                class == TitleClass::Official
                    && (!is_generic_office(title)
                        || is_party_name(&o.name)
                        || o.sectors
                            .iter()
                            .any(|s| matches!(s.as_str(), "IGO" | "GOV" | "PTY")))
            }
            _ => false,
        }
    }

    /// The mention ending right before byte `pos` (only spaces or a possessive between).
    fn adjacent_before(&self, doc: &Document, pos: usize, limit: usize) -> Option<usize> {
        // mentions are sorted by start: look back only from `pos` down to `limit`
        let hi = doc.mentions.partition_point(|m| m.span.start < pos);
        (0..hi)
            .rev()
            .take_while(|&i| doc.mentions[i].span.start >= limit)
            .find(|&i| {
                let m = &doc.mentions[i];
                m.span.end <= pos && {
                    let gap = doc.text[m.span.end..pos].trim();
                    gap.is_empty() || gap == "’s" || gap == "'s"
                }
            })
    }

    /// "Labor Party (PT) candidate", "CHP (Republican People's Party) leader": the
    /// organisation before a short bracket that ends right before byte `pos`, else the one the
    /// bracket holds.
    fn bracketed_before(&self, doc: &Document, pos: usize, sentence: Span) -> Option<usize> {
        let pre = doc.text[sentence.start..pos].trim_end();
        let inner = pre.strip_suffix(')')?;
        let open = inner.rfind('(')?;
        let body = &inner[open + 1..];
        let inside = body.trim();
        if inside.is_empty() || inside.contains([',', ';', '(']) || inside.split(' ').count() > 6 {
            return None;
        }
        let org = |m: usize| {
            doc.mentions[m]
                .entity
                .filter(|&e| doc.entities[e].etype.is_org())
        };
        let open = sentence.start + open;
        if let Some(e) = self
            .adjacent_before(doc, open, sentence.start)
            .and_then(org)
        {
            return Some(e);
        }
        let start = open + 1 + (body.len() - body.trim_start().len());
        let lo = doc.mentions.partition_point(|m| m.span.start < start);
        (lo..doc.mentions.len())
            .take_while(|&m| doc.mentions[m].span.start == start)
            .find(|&m| doc.mentions[m].span.len() == inside.len())
            .and_then(org)
    }

    /// Title (and organisations) before the name.
    fn before(
        &self,
        doc: &Document,
        pi: usize,
        person: usize,
        sentence: Span,
        titles: &[(Span, TitleClass)],
        units: &mut Vec<UnitOf>,
    ) -> Option<Role> {
        let p = &doc.mentions[pi];
        let mut pos = p.span.start;
        let mut chain: Vec<usize> = Vec::new();
        // "... of the Bureau X of the Cyberspace Administration Wang Jianchao"
        while let Some(m) = self.adjacent_before(doc, pos, sentence.start) {
            let e = doc.mentions[m].entity?;
            if !doc.entities[e].etype.is_org() || chain.contains(&e) {
                break;
            }
            chain.push(e);
            pos = doc.mentions[m].span.start;
            let pre = doc.text[sentence.start..pos].trim_end();
            if let Some(rest) = pre
                .strip_suffix("of the")
                .or_else(|| pre.strip_suffix("of"))
            {
                if rest.ends_with(char::is_whitespace) || rest.is_empty() {
                    pos = sentence.start + rest.trim_end().len();
                    continue;
                }
            }
            break;
        }
        let (mut tspan, class) = *titles.iter().find(|(t, _)| {
            t.end <= pos && t.start >= sentence.start && doc.text[t.end..pos].trim().is_empty()
        })?;
        // titles in a row are one: "Navy spokeswoman Lt. Nettie Johnson"
        while let Some((t, _)) = titles.iter().find(|(t, _)| {
            t.end <= tspan.start
                && t.start >= sentence.start
                && doc.text[t.end..tspan.start].trim().is_empty()
        }) {
            tspan.start = t.start;
        }
        // capitalised words before the title are part of it: "International Trade Minister"
        let mut k = doc.token_at_or_after(tspan.start);
        while k > 0 && doc.tokens[k - 1].span.start >= sentence.start {
            let prev = doc.tokens[k - 1].span;
            let w = doc.slice(prev);
            if !starts_upper(w)
                || NOT_NAMES.contains(&w)
                || doc.mentions_at_token(prev).next().is_some()
            {
                break;
            }
            tspan.start = prev.start;
            k -= 1;
        }
        let mut organization = chain.last().copied();
        for w in chain.windows(2) {
            units.push(UnitOf {
                unit: w[1],
                parent: w[0],
                sentence,
            });
        }
        if organization.is_none() {
            // "U.S. President", "Harvard University scholar", "Japan's foreign minister"
            if let Some(m) = self.adjacent_before(doc, tspan.start, sentence.start) {
                let e = doc.mentions[m].entity?;
                if doc.entities[e].etype.is_org() || doc.entities[e].etype == EntityType::Country {
                    organization = Some(e);
                }
            } else {
                organization = self.bracketed_before(doc, tspan.start, sentence);
            }
        }
        let title = doc.slice(tspan).to_string();
        Some(Role {
            person,
            organization,
            official: self.official(doc, organization, class, &title),
            title,
            title_span: tspan,
            sentence,
            confidence: if organization.is_some() { 0.85 } else { 0.7 },
        })
    }

    /// Apposition or copula after the name: ", a coordinator for the foreign ministry".
    fn after(
        &self,
        doc: &Document,
        pi: usize,
        person: usize,
        sentence: Span,
        titles: &[(Span, TitleClass)],
    ) -> Option<Role> {
        let p = &doc.mentions[pi];
        let k0 = doc.token_at_or_after(p.span.end);
        let mut k = k0;
        let tok = |k: usize| (k < doc.tokens.len()).then(|| doc.token_text(k));
        match tok(k)? {
            // (", and the Palestinian leader, Mahmoud Abbas": the next in a list, not this
            // name's apposition)
            "," if matches!(tok(k + 1), Some("and" | "or" | "but" | "nor")) => return None,
            "," => k += 1,
            "is" | "was" => k += 1,
            _ => return None,
        }
        // "John Smith, who is chairman of": the title starts after the copula
        if tok(k) == Some("who") && matches!(tok(k + 1), Some("is" | "was")) {
            k += 2;
        }
        if matches!(tok(k), Some("also" | "now" | "currently" | "formerly")) {
            k += 1;
        }
        // "Harrington was named honorary president of": the title starts after the verb
        if matches!(tok(k), Some("named" | "appointed" | "elected" | "made")) {
            k += 1;
        }
        let modifiers_start = if matches!(tok(k), Some("a" | "an" | "the")) {
            k + 1
        } else {
            // "BB King, also introduced fellow guitarist X": a verb, no title, follows
            if tok(k).is_some_and(|w| w.ends_with("ed") && w.starts_with(char::is_lowercase)) {
                return None;
            }
            k
        };
        if modifiers_start >= doc.tokens.len() {
            return None;
        }
        let mstart = doc.tokens[modifiers_start].span.start;
        // a title within four words
        let (tspan, class) = *titles.iter().find(|(t, _)| {
            t.start >= mstart && t.end <= sentence.end && {
                let between = doc.token_at_or_after(t.start) - modifiers_start;
                between <= 3 && !doc.text[mstart..t.start].contains([',', '.', '“', '"'])
            }
        })?;
        // a title that holds its organisation ("chairman of the Joint Chiefs of Staff", a
        // title of the lexicon when the name is not recognised) ends before it
        let inner = inner_organisation(doc, tspan);
        let mut organization = inner.map(|x| x.0);
        let mut title_end = inner.map_or(tspan.end, |x| x.1);
        // an organisation within twelve words, after a preposition
        let te = doc.token_at_or_after(tspan.end);
        let mut preposition: Option<usize> = None;
        for j in te..(te + 12).min(doc.tokens.len()) {
            if organization.is_some() {
                break;
            }
            let w = doc.token_text(j);
            let at = doc.tokens[j].span;
            // "chairman of the strongest opposition party, the Croatian Social Liberal Party":
            // a common noun phrase after the preposition, then the name in apposition
            if w == "," {
                if let Some(e) = preposition
                    .filter(|&p| plain_words(doc, p + 1..j))
                    .and_then(|_| org_starting_at(doc, j + 1))
                {
                    organization = Some(e);
                    title_end = doc.tokens[preposition.unwrap_or(j)].span.start;
                }
                break;
            }
            // another person between the title and the organisation: "Tavaya, President Moi
            // said he would work with President Mugabe of Zimbabwe"
            if at.start >= sentence.end
                || matches!(w, "." | ";" | "“" | "”" | "\"")
                || doc
                    .mentions_at_token(at)
                    .any(|m| m.entity.is_some_and(|e| doc.entities[e].etype.is_person()))
            {
                break;
            }
            if PREPOSITIONS.contains(&w) {
                preposition.get_or_insert(j);
                if let Some(e) = org_starting_at(doc, j + 1) {
                    organization = Some(e);
                    title_end = doc.tokens[j].span.start;
                }
            }
        }
        // "John Smith, International Paper's chairman": the possessor before the title
        let mut mstart = mstart;
        if organization.is_none() {
            let possessor = doc
                .mentions_within(Span::new(mstart, tspan.start))
                .find(|m| {
                    m.span.start >= mstart
                        && m.span.end <= tspan.start
                        && m.entity.is_some_and(|e| {
                            let t = doc.entities[e].etype;
                            t.is_org() || t == EntityType::Country
                        })
                        && matches!(tok(doc.token_at_or_after(m.span.end)), Some("'s" | "’s"))
                });
            if let Some(m) = possessor {
                organization = m.entity;
                mstart = tspan.start;
            }
        }
        // "Steven Bryen, a former Pentagon official", "James Batten, Knight-Ridder president":
        // an organisation's name modifying the title (not a country's: "a former US official"
        // holds an office of its state, which the tree reads); not the title of a name that
        // follows ("DJ Trevor Nelson, NME editor Conor McNicholas") nor of another's after "of"
        // ("son of Juve manager X"), and the name must modify a common noun of the title
        let next_is_person = {
            let k = doc.token_at_or_after(tspan.end);
            k < doc.tokens.len()
                && doc
                    .mentions_at_token(doc.tokens[k].span)
                    .any(|m| m.entity.is_some_and(|e| doc.entities[e].etype.is_person()))
        };
        if organization.is_none()
            && !next_is_person
            && !doc.text[mstart..tspan.end]
                .split_whitespace()
                .any(|w| w == "of")
        {
            organization = doc
                .mentions_within(Span::new(mstart, tspan.end))
                .find(|m| {
                    let after = doc.token_at_or_after(m.span.end);
                    !matches!(m.form, MentionForm::Pronoun | MentionForm::Demonym)
                        && m.entity.is_some_and(|e| doc.entities[e].etype.is_org())
                        && tok(after).is_some_and(|w| {
                            w.starts_with(char::is_lowercase)
                                && !matches!(w, "and" | "or" | "of" | "for" | "in" | "at")
                        })
                })
                .and_then(|m| m.entity);
        }
        let title = doc.text[mstart..title_end].trim().to_string();
        if title.is_empty() {
            return None;
        }
        let title_end = mstart + title.len();
        Some(Role {
            person,
            organization,
            official: self.official(doc, organization, class, &title),
            title,
            title_span: Span::new(mstart, title_end),
            sentence,
            confidence: if organization.is_some() { 0.8 } else { 0.65 },
        })
    }
}

/// The organisation (or country) named by the noun phrase starting at token `k` (after an
/// optional "the"): the mention starting there, unless that is a country's adjective before
/// plain words and an organisation's name ("the Peruvian mining company Minpeco": Minpeco).
fn org_starting_at(doc: &Document, k: usize) -> Option<usize> {
    let k = if k < doc.tokens.len() && doc.token_text(k) == "the" {
        k + 1
    } else {
        k
    };
    let start = doc.tokens.get(k)?.span.start;
    let first = doc.mentions.partition_point(|m| m.span.start < start);
    let m = doc.mentions.get(first).filter(|m| m.span.start == start)?;
    let e = m.entity?;
    let t = doc.entities[e].etype;
    if !(t.is_org() || t == EntityType::Country) {
        return None;
    }
    if t == EntityType::Country {
        let after = doc.token_at_or_after(m.span.end);
        let mut j = after;
        while j < doc.tokens.len() && j < after + 5 && plain_words(doc, j..j + 1) {
            j += 1;
        }
        if j > after && j < doc.tokens.len() {
            let start = doc.tokens[j].span.start;
            let first = doc.mentions.partition_point(|m| m.span.start < start);
            if let Some(o) = doc
                .mentions
                .get(first)
                .filter(|m| m.span.start == start)
                .and_then(|m| m.entity)
                .filter(|&o| doc.entities[o].etype.is_org())
            {
                return Some(o);
            }
        }
    }
    Some(e)
}

/// Whether tokens `r` are lower-case words of a noun phrase (no preposition, conjunction or
/// punctuation, no name): "the strongest opposition party".
fn plain_words(doc: &Document, r: std::ops::Range<usize>) -> bool {
    r.clone().all(|k| {
        let w = doc.token_text(k);
        w.chars().next().is_some_and(char::is_lowercase)
            && w.chars().all(|c| c.is_alphabetic() || c == '-')
            && !PREPOSITIONS.contains(&w)
            && !matches!(
                w,
                "to" | "and" | "or" | "by" | "on" | "who" | "which" | "that"
            )
            && doc.mentions_at_token(doc.tokens[k].span).next().is_none()
    })
}

/// An organisation or country named inside a title of the lexicon after "of" ("chairman of
/// the Joint Chiefs of Staff"), with the byte where the title then ends.
fn inner_organisation(doc: &Document, tspan: Span) -> Option<(usize, usize)> {
    let first = doc.token_at_or_after(tspan.start);
    let last = doc.token_at_or_after(tspan.end);
    (first + 1..last).find_map(|j| {
        if doc.token_text(j) != "of" {
            return None;
        }
        let e = org_starting_at(doc, j + 1)?;
        Some((e, doc.tokens[j].span.start))
    })
}

#[cfg(test)]
mod tests {
    use crate::document::EntityType;
    use crate::pipeline::testing::run;

    fn type_of(text: &str, name: &str) -> Option<EntityType> {
        let doc = run(text);
        doc.entities
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.etype)
    }

    #[test]
    fn a_title_inside_a_name_or_after_a_verb_is_no_role() {
        let d = run(
            "Headline\n\nClapton, alongside BB King, also introduced fellow guitarist Buddy \
             Guy at the ceremony.",
        );
        let titles: Vec<&str> = d.roles.iter().map(|r| r.title.as_str()).collect();
        assert!(titles.is_empty(), "{titles:?}");
    }

    #[test]
    fn a_unions_secretary_general_is_no_official_but_a_sheriff_is() {
        let text = "Closures\n\nFactory Workers Union secretary general Billy Ramsay blamed the \
                    closures. Jefferson Parish Sheriff Harry Lane said he was not pleased.";
        assert_eq!(type_of(text, "Billy Ramsay"), Some(EntityType::Person));
        assert_eq!(type_of(text, "Harry Lane"), Some(EntityType::Official));
    }

    #[test]
    fn political_context_makes_an_official() {
        let text = "Marta Ellery, a former leader of the Progressive Labour Party, criticised \
                    the budget. The novelist Tobias Wren praised it.";
        assert_eq!(type_of(text, "Marta Ellery"), Some(EntityType::Official));
        assert_eq!(type_of(text, "Tobias Wren"), Some(EntityType::Person));
        let text = "Vice presidents Arlo Benn, Cora Vey and Ida Mott resigned on Monday.";
        for n in ["Arlo Benn", "Cora Vey", "Ida Mott"] {
            assert_eq!(type_of(text, n), Some(EntityType::Official), "{n}");
        }
        // the plural title before a dash or a colon
        let text = "Four other Liberal senators - Arlo Benn, Cora Vey, Ida Mott and Ned Rusk - \
                    joined her.";
        for n in ["Arlo Benn", "Cora Vey", "Ida Mott", "Ned Rusk"] {
            assert_eq!(type_of(text, n), Some(EntityType::Official), "{n}");
        }
        // an office taken "as" ...
        let text = "In 1789 the board named Ellis Varne as Attorney General.";
        assert_eq!(type_of(text, "Ellis Varne"), Some(EntityType::Official));
        // a list with two officials in it, a title between its names, is one of politicians
        let text = "The party's leading figures, including Prime Minister Hal Dorsey, Deputy \
                    Leader Arthur Colwell, Eddie Warde and Reg Pollick, met on Friday.";
        for n in ["Eddie Warde", "Reg Pollick"] {
            assert_eq!(type_of(text, n), Some(EntityType::Official), "{n}");
        }
    }

    #[test]
    fn a_post_at_a_company_is_no_office_and_a_central_bank_is_a_government_body() {
        let text = "Media\n\nLena Voss, president of the commercial broadcaster Kestrel Media \
                    Group, told the conference the market was growing.";
        assert_eq!(type_of(text, "Lena Voss"), Some(EntityType::Person));
        let text = "Rates\n\n\"Spare capacity is limited,\" said Ivo Marsh, Governor of the \
                    Reserve Bank.";
        assert_eq!(type_of(text, "Reserve Bank"), Some(EntityType::Agency));
        assert_eq!(type_of(text, "Ivo Marsh"), Some(EntityType::Official));
        // a centre is a research body or a charity unless the gazetteer says otherwise
        let text = "Ageing\n\n\"People over 60 will be 30%,\" says Aiko Tanabe of the Marlow \
                    Longevity Centre in Tokyo.";
        assert_eq!(
            type_of(text, "Marlow Longevity Centre"),
            Some(EntityType::Organization)
        );
        assert_eq!(type_of(text, "Aiko Tanabe"), Some(EntityType::Person));
    }

    #[test]
    fn sport_and_film_words_do_not_make_officials() {
        let text = "Dario Lenz defeated Paul Hume in the final. Lenz's victory came after a long \
                    campaign. Hume was voted player of the year and nominated for an award.";
        assert_eq!(type_of(text, "Dario Lenz"), Some(EntityType::Person));
        assert_eq!(type_of(text, "Paul Hume"), Some(EntityType::Person));
    }

    #[test]
    fn a_possessor_before_the_title_is_the_organisation() {
        let doc =
            run("Headline\n\nJohn Smith, International Paper's chairman, resigned on Monday.");
        let r = doc
            .roles
            .iter()
            .find(|r| doc.entities[r.person].name == "John Smith")
            .expect("a role for John Smith");
        assert_eq!(r.title, "chairman");
        assert_eq!(
            r.organization.map(|o| doc.entities[o].name.as_str()),
            Some("International Paper")
        );
    }

    /// (person, organisation, title) of every role with an organisation.
    fn roles_of(text: &str) -> Vec<(String, String, String)> {
        let doc = run(text);
        doc.roles
            .iter()
            .filter_map(|r| {
                let o = r.organization?;
                Some((
                    doc.entities[r.person].name.clone(),
                    doc.entities[o].name.clone(),
                    r.title.clone(),
                ))
            })
            .collect()
    }

    fn has(roles: &[(String, String, String)], person: &str, org: &str) -> bool {
        roles.iter().any(|(p, o, _)| p == person && o == org)
    }

    /// The article `text` gives `person` a post in `org` (or, `assert_no_role`, does not).
    #[track_caller]
    fn assert_role(text: &str, person: &str, org: &str) {
        let r = roles_of(text);
        assert!(has(&r, person, org), "{person} in {org}: {r:?}");
    }
    #[track_caller]
    fn assert_no_role(text: &str, person: &str, org: &str) {
        let r = roles_of(text);
        assert!(!has(&r, person, org), "{person} in {org}: {r:?}");
    }

    #[test]
    fn a_name_headed_by_its_courtesy_title_holds_its_post() {
        assert_role(
            "News\n\nMr Lund became chairman of Acmetel in 2001.",
            "Lund",
            "Acmetel",
        );
        assert_role(
            "News\n\nMr Lund joined Acmetel in 2001 as finance director.",
            "Lund",
            "Acmetel",
        );
    }

    #[test]
    fn the_next_item_of_a_list_is_no_apposition() {
        // the title after ", and" is the next person's, not the name's before the comma
        let doc = run(
            "News\n\nAnn Lee met his Chilean counterpart, Jorge Ramos, and the Peruvian leader, Maria Soto.",
        );
        let ramos: Vec<&str> = doc
            .roles
            .iter()
            .filter(|r| doc.entities[r.person].name == "Jorge Ramos")
            .map(|r| r.title.as_str())
            .collect();
        assert!(ramos.iter().all(|t| !t.contains("leader")), "{ramos:?}");
    }

    #[test]
    fn an_organisation_inside_the_title_or_before_titles_in_a_row_is_the_employer() {
        // every role read has its organisation: none is left without it beside the one with it
        let roles = |text: &str| {
            let doc = run(text);
            doc.roles
                .iter()
                .map(|r| {
                    (
                        r.title.clone(),
                        r.organization.map(|o| doc.entities[o].name.clone()),
                    )
                })
                .collect::<Vec<_>>()
        };
        let pentagon =
            roles("News\n\nRachel Imes, a former Pentagon official, said the budget was cut.");
        assert!(!pentagon.is_empty(), "{pentagon:?}");
        assert!(
            pentagon
                .iter()
                .all(|(_, o)| o.as_deref() == Some("Department of Defense")),
            "{pentagon:?}"
        );
        // "spokesman Lt." is one title
        let navy =
            roles("News\n\nNavy spokesman Lt. Paul Erdman declined to comment on the closure.");
        assert_eq!(navy.len(), 1, "{navy:?}");
        assert_eq!(navy[0].1.as_deref(), Some("Navy"), "{navy:?}");
    }

    #[test]
    fn a_relative_clause_after_a_name_gives_its_post_whatever_the_parser_attached_it_to() {
        assert_role(
            "News\n\nThe loan was approved, said Lena Okafor, who works for the World Bank.",
            "Lena Okafor",
            "World Bank",
        );
        assert_role(
            "News\n\nLena Okafor, who works for the World Bank, said the loan was approved.",
            "Lena Okafor",
            "World Bank",
        );
    }

    #[test]
    fn the_tree_finds_the_organisation_where_the_syntax_puts_it() {
        // a role noun with a title the lexicon lacks, coordinated
        assert_role(
            "Headline\n\nFossil fuel use is rising, said David Pimentel, an ecologist and \
             entomologist at Cornell University.",
            "David Pimentel",
            "Cornell University",
        );
        // a verb: a relative clause and a plain subject
        let r = roles_of(
            "Headline\n\nMaria Costa, who heads the Lisbon Housing Trust, met Peter Vance on \
             Monday. Peter Vance works for the Atlantic Shipping Company.",
        );
        assert!(has(&r, "Maria Costa", "Lisbon Housing Trust"), "{r:?}");
        assert!(has(&r, "Peter Vance", "Atlantic Shipping Company"), "{r:?}");
        // the agent of a passive participle
        assert_role(
            "Headline\n\nShares in Reliance Energy, headed by Anil Ambani, jumped 7% on \
             Monday.",
            "Anil Ambani",
            "Reliance Energy",
        );
        // the person's own modifier
        assert_role(
            "Headline\n\nThe dollar fell sharply, said Brian Taylor of Wells Fargo in \
             Minneapolis.",
            "Brian Taylor",
            "Wells Fargo",
        );
    }

    #[test]
    fn names_inside_a_long_phrase_keep_their_own_organisations() {
        // each name is one word for the parser: "directed by A of B and C of D"
        let r = roles_of(
            "Headline\n\nArensberg and a group of nine other professors directed by Ofer \
             Bar-Yosef of Harvard University and Bernard Vandermeersch of the University of \
             Bordeaux in France have studied the findings at Kebara.",
        );
        assert!(has(&r, "Ofer Bar-Yosef", "Harvard University"), "{r:?}");
        assert!(
            has(&r, "Bernard Vandermeersch", "University of Bordeaux"),
            "{r:?}"
        );
        assert!(
            !has(&r, "Ofer Bar-Yosef", "University of Bordeaux"),
            "{r:?}"
        );
        // an apposition that lost its comma
        assert_role(
            "Headline\n\nLeslie Moonves the chairman of CBS asked about it.",
            "Leslie Moonves",
            "CBS",
        );
    }

    #[test]
    fn no_role_from_a_wish_a_negation_or_a_supporter() {
        let r = roles_of(
            "Headline\n\nMaria Costa does not work for the Atlantic Shipping Company, and \
             Peter Vance wants to join the Lisbon Housing Trust. Anna Berg, a supporter of the \
             Green Alliance, spoke.",
        );
        assert!(
            !has(&r, "Maria Costa", "Atlantic Shipping Company"),
            "{r:?}"
        );
        assert!(!has(&r, "Peter Vance", "Lisbon Housing Trust"), "{r:?}");
        assert!(!has(&r, "Anna Berg", "Green Alliance"), "{r:?}");
    }

    #[test]
    fn a_possessor_belongs_to_its_own_name() {
        assert_no_role(
            "Headline\n\nHenry is on the shortlist with Barcelona's Ronaldinho and AC Milan's \
             Andriy Shevchenko.",
            "Ronaldinho",
            "AC Milan",
        );
    }

    #[test]
    fn asides_and_misread_titles_do_not_hide_the_organisation() {
        // an age between commas after the name (the parser reads it as a clause boundary)
        let r = roles_of(
            "Headline\n\nAnna Berg, 52, of the Nordic Water Institute and Piotr Nowak of \
             Greenpeace have been chosen to lead the survey.",
        );
        assert!(has(&r, "Anna Berg", "Nordic Water Institute"), "{r:?}");
        assert!(has(&r, "Piotr Nowak", "Greenpeace"), "{r:?}");
        // a legislator's party and state, and an institution's name that goes on after "on"
        assert_role(
            "Headline\n\nSen. Mark Dalton, D-Ore., chairman of the Senate Committee on Indian \
             Affairs, said the bill would pass.",
            "Mark Dalton",
            "Senate Committee on Indian Affairs",
        );
        // a title the parser hung on the organisation's name, and a chain of compounds
        assert_role(
            "Headline\n\nFAA Administrator Jane Holt grounded the jets on Monday, days after \
             the Civil Aviation Authority did the same.",
            "Jane Holt",
            "Federal Aviation Administration",
        );
        assert_role(
            "Headline\n\n“The storm is very close,” said Coast Guard spokesman Lt. Tom Reyes.",
            "Tom Reyes",
            "Coast Guard",
        );
        // ... but not through another name
        assert_role(
            "Headline\n\nArgentine President Nestor Kirchner and Venezuelan President Hugo \
             Chavez signed an energy pact on Tuesday.",
            "Nestor Kirchner",
            "Argentina",
        );
        assert!(
            !r.iter()
                .any(|(p, o, _)| p.starts_with("Hugo") && o == "Argentina"),
            "{r:?}"
        );
        // an organisation before a bracket, then the title
        assert_role(
            "Headline\n\nGreen Party (GP) candidate Anna Lindqvist won the most votes in the \
             capital.",
            "Anna Lindqvist",
            "Green Party",
        );
    }

    #[test]
    fn appositions_the_parser_misread_still_give_the_role() {
        // the name after "the deputy secretary of the Foreign Ministry" read as a conjunct
        assert_role(
            "Headline\n\nThe deputy secretary of the Foreign Ministry, Ahmad Rais, opened the \
             trade fair in Jakarta.",
            "Ahmad Rais",
            "Foreign Ministry",
        );
        // "of the ..." between commas read as a conjunct
        assert_role(
            "Headline\n\nGilmore, of the Harbour Traders Association, said the new parking \
             rules were a mistake.",
            "Gilmore",
            "Harbour Traders Association",
        );
        // the owner of the unit a person works in
        assert_role(
            "Headline\n\nCrop yields are falling, says Maria Okafor, a soil scientist with the \
             USDA's forest research service.",
            "Maria Okafor",
            "US Department of Agriculture",
        );
        // the title of "who is chairman of" is "chairman"
        let r = roles_of(
            "Headline\n\nJohn Smith, who is chairman of the Acme Corporation, said the deal \
             was done.",
        );
        assert!(
            r.iter()
                .any(|(p, o, t)| p == "John Smith" && o == "Acme Corporation" && t == "chairman"),
            "{r:?}"
        );
    }

    #[test]
    fn a_post_given_to_an_object_or_set_before_the_subject_is_a_role() {
        assert_role(
            "Headline\n\nThe board has named Ellen Shaw editor of the Harbor City Gazette.",
            "Ellen Shaw",
            "Harbor City Gazette",
        );
        assert_role(
            "Headline\n\nMembers elected Tom Reed to be chairman of the Riverside Growers \
             Association.",
            "Tom Reed",
            "Riverside Growers Association",
        );
        assert_role(
            "Headline\n\nA Yale University law professor, Martha Hale helped draft the bill.",
            "Martha Hale",
            "Yale University",
        );
        // a wish is no appointment
        assert_no_role(
            "Headline\n\nThe board may name Ellen Shaw editor of the Harbor City Gazette.",
            "Ellen Shaw",
            "Harbor City Gazette",
        );
    }

    #[test]
    fn the_organisation_named_apart_from_the_title_or_inside_it() {
        // a common noun phrase after the title, then the name in apposition
        assert_role(
            "Headline\n\nThe loudest critic has been Ivo Brenner, chairman of the largest \
             opposition party, the Croatian Farmers Party (HSS): \"There is no case,\" he said.",
            "Ivo Brenner",
            "Croatian Farmers Party",
        );
        // a country's adjective inside the phrase is not the employer
        let text = "Headline\n\nLinda Price, attorney for the Peruvian mining company Minpeco \
                    S.A., said she had a plan.";
        assert_role(text, "Linda Price", "Minpeco S.A.");
        assert_no_role(text, "Linda Price", "Peru");
        // a title of the lexicon that holds the organisation's name
        assert_role(
            "Headline\n\nNora Bly, U.S. representative to the United Nations, and Carl Dorsey, \
             chairman of the Joint Chiefs of Staff, will visit Poland.",
            "Carl Dorsey",
            "Joint Chiefs of Staff",
        );
        // "remain" with its complement parsed as an object
        assert_role(
            "Headline\n\nThe president said Ann Bly will remain a commissioner of the Federal \
             Grain Commission.",
            "Ann Bly",
            "Federal Grain Commission",
        );
        // a school named after a mountain is no place
        assert_role(
            "Headline\n\nAnatomist Jo Leary of New York's Mount Kell School of Medicine \
             disputed the findings.",
            "Jo Leary",
            "Mount Kell School of Medicine",
        );
    }

    #[test]
    fn a_name_before_a_job_title_and_a_person_is_the_employer() {
        assert_role(
            "Headline\n\nZentrix Director Alma Ruiz told a news conference on Wednesday that \
             output had recovered.",
            "Alma Ruiz",
            "Zentrix",
        );
        assert_role(
            "Headline\n\nVarnex president Tom Gale said he did not know how any wrongdoing \
             could be found.",
            "Tom Gale",
            "Varnex",
        );
        assert_role(
            "Headline\n\nFerrovia boss Dina Marsh held talks with the unions on Monday.",
            "Dina Marsh",
            "Ferrovia",
        );
        // a function, or a common word opening the sentence, names no employer
        let doc = run(
            "Headline\n\nMarketing director Jo Hart said sales rose. Factory manager \
                       Ken Doyle said the plant would close; the factory employs 300.",
        );
        for name in ["Marketing", "Factory"] {
            assert!(doc.entities.iter().all(|e| e.name != name), "{name}");
        }
    }

    #[test]
    fn a_possessive_name_belongs_to_a_named_body_not_to_a_work() {
        assert_role(
            "Headline\n\nPrime Minister Dale Rusk's Progressive Labour Party won its second \
             majority in the election.",
            "Dale Rusk",
            "Progressive Labour Party",
        );
        // the possessor hung on the verb by the parser is the name's
        assert_role(
            "Headline\n\nWestfield University's Marta D. Kovacs said she believes the crater \
             was formed 100 million years ago.",
            "Marta D. Kovacs",
            "Westfield University",
        );
        assert_no_role(
            "Headline\n\nCritics loved Kate Rowan's Hounds of Winter, her best album.",
            "Kate Rowan",
            "Hounds of Winter",
        );
    }
}

//! Roles read from the dependency parse, for the sentences the parse stage parsed (those that
//! name two entities or more). The surface patterns of the parent module find a title next to
//! a name; the tree finds the organisation wherever the syntax puts it:
//!
//! - a **role noun** in apposition, as a copula's predicate or as a compound of the name, with
//!   the organisation as its `of` / `at` / `for` / `with` / `from` / `in` modifier, its
//!   possessor or a compound inside it: "Smith, an ecologist and entomologist at Cornell",
//!   "the Foreign Ministry spokesman, Grigory Karasin", "KAL attorney George Tompkins",
//!   "DIMA's technical manager, Jose Gomez", "Gordon is chairman of the delegation", "Smith
//!   became director of the agency", "Arzu, one of the secretaries of the party" (two nouns
//!   deep: "chairman of the board of Acme");
//! - a **verb** whose subject (or relative antecedent: "Warner, who owned the bank") is the
//!   person and whose object or oblique is the organisation: "heads", "leads", "runs",
//!   "chairs", "owns", "founded", "joined" (object); "works for / at", "writes for", "covers
//!   ... for", "plays for", "serves on" (oblique); "was hired by", "is employed by" (agent);
//!   "was elected / appointed to" (oblique). The title is the role the verb names ("head",
//!   "owner", "member", "employee"). A negated, modal or wished verb gives nothing;
//! - the person's own **modifier**: "Dean Falk of the State University of New York",
//!   "Tanaka and Takeshita of the Liberal Democratic Party", "Microsoft's Brad Smith" (title:
//!   a title compound of the name, "Judge Ralph Winter of ...", else "member");
//! - the person as **possessor** of a body a name list or head word knows: "Mulroney's
//!   Progressive Conservative Party" (member; not "Puccini's Madame Butterfly", a work the
//!   recogniser may read as an organisation).
//!
//! A role noun is a title of the title lexicon, or a common noun that names an agent by its
//! form (-er, -or, -ist, -ian, -man, -ant, -ent, -ee, -ive, -ary, -ar) and is not one of the
//! relations that are no role ([`NOT_ROLES`]: supporter, critic, resident, student, son...).
//! Only organisations count (Agency, Company, MediaOutlet, Organization); a country counts
//! for a public-office title ("Smith, president of France").

use crate::document::{Document, EntityType, MentionForm, Span};
use crate::pipeline::syntax::{is_modal, is_negation, Tree, RELATIVE};
use crate::resources::{Resources, TitleClass};

/// A role read from the tree, before it meets the surface patterns' roles.
#[derive(Clone, Debug)]
pub(super) struct TreeRole {
    pub person: usize,
    pub organization: usize,
    pub title: String,
    pub title_span: Span,
    pub class: TitleClass,
    pub confidence: f32,
}

/// Nouns that name someone by a relation that is no role in the organisation.
const NOT_ROLES: &[&str] = &[
    "supporter",
    "opponent",
    "critic",
    "fan",
    "admirer",
    "customer",
    "client",
    "user",
    "resident",
    "citizen",
    "native",
    "student",
    "graduate",
    "alumnus",
    "victim",
    "friend",
    "son",
    "daughter",
    "wife",
    "husband",
    "father",
    "mother",
    "brother",
    "sister",
    "widow",
    "widower",
    "relative",
    "investor",
    "shareholder",
    "visitor",
    "guest",
    "winner",
    "loser",
    "rival",
    "enemy",
    "buyer",
    "seller",
    "passenger",
    "patient",
    "protester",
    "demonstrator",
    "voter",
    "listener",
    "viewer",
    "reader",
    "follower",
    "believer",
    "survivor",
    "prisoner",
    "detainee",
    "hostage",
    "refugee",
    "immigrant",
    "migrant",
    "suspect",
    "defendant",
    "plaintiff",
    "petitioner",
    "applicant",
    "participant",
    "attendee",
    "witness",
    "observer",
    "neighbour",
    "neighbor",
    "competitor",
    "challenger",
    "successor",
    "predecessor",
    "ally",
    "backer",
    "donor",
    "contributor",
    "consumer",
    "subscriber",
    "tenant",
    "landlord",
    "employer",
    "number",
    "order",
    "letter",
    "matter",
    "quarter",
    "center",
    "centre",
    "partner",
    "counterpart",
    "target",
    "subject",
    "object",
    "fraction",
    "portion",
    "percent",
    "majority",
    "minority",
    "remainder",
    "statement",
    "comment",
    "document",
    "event",
    "moment",
    "agreement",
    "government",
    "department",
    "parliament",
    "management",
    "movement",
    "student",
    "committee",
    "subcommittee",
    "sniper",
    "gunman",
    "killer",
    "assassin",
    "attacker",
    "bomber",
    "hijacker",
    "kidnapper",
    "murderer",
];

/// Role nouns that no suffix marks and the title lexicon may lack.
const ROLE_NOUNS: &[&str] = &[
    "member",
    "head",
    "chief",
    "staff",
    "staffer",
    "official",
    "aide",
    "deputy",
    "envoy",
    "candidate",
    "counsel",
    "fellow",
    "expert",
    "boss",
    "executive",
    "nominee",
    "chair",
    "judge",
    "clerk",
    "dean",
    "principal",
    "owner",
    "founder",
    "co-founder",
    "cofounder",
    "coach",
    "captain",
    "pilot",
    "agent",
    "officer",
    "analyst",
    "economist",
    "scientist",
    "engineer",
    "attorney",
    "lawyer",
    "surgeon",
    "physician",
    "doctor",
    "nurse",
    "priest",
    "bishop",
    "trustee",
    "employee",
    "worker",
    "technician",
    "architect",
    "correspondent",
    "columnist",
    "commentator",
    "host",
    "anchor",
    "presenter",
    "producer",
    "reporter",
    "editor",
    "writer",
    "photographer",
    "spokesman",
    "spokeswoman",
    "spokesperson",
];

/// Agentive endings: a noun so formed names a person by what they do.
const AGENTIVE: &[&str] = &[
    "er", "or", "ist", "ian", "man", "woman", "person", "ant", "ent", "ee", "ive", "ary", "ar",
    "eer",
];

/// The prepositions that tie a role noun to its organisation.
const ROLE_CASES: &[&str] = &["of", "at", "for", "with", "from", "in"];

/// Verbs whose object is the organisation the subject belongs to, with the role each names.
const OBJECT_VERBS: &[(&str, &str)] = &[
    ("head", "head"),
    ("lead", "leader"),
    ("run", "head"),
    ("chair", "chair"),
    ("direct", "director"),
    ("manage", "manager"),
    ("own", "owner"),
    ("captain", "captain"),
    ("coach", "coach"),
    ("command", "commander"),
    ("join", "member"),
    ("rejoin", "member"),
    ("edit", "editor"),
    ("operate", "operator"),
];

/// Verbs whose oblique (with one of the prepositions) is the organisation.
const OBLIQUE_VERBS: &[(&str, &[&str], &str)] = &[
    ("work", &["for", "at", "in"], "employee"),
    ("write", &["for"], "writer"),
    ("report", &["for"], "reporter"),
    ("cover", &["for"], "reporter"),
    ("play", &["for"], "player"),
    ("teach", &["at"], "teacher"),
    ("serve", &["on", "in", "at", "with"], "member"),
    ("sit", &["on"], "member"),
    ("speak", &["for"], "spokesperson"),
    ("elect", &["to"], "member"),
    ("appoint", &["to"], "member"),
    ("name", &["to"], "member"),
    ("nominate", &["to"], "member"),
];

/// Passive verbs whose agent is the employer.
const AGENT_VERBS: &[(&str, &str)] = &[
    ("employ", "employee"),
    ("hire", "employee"),
    ("recruit", "employee"),
    ("sign", "player"),
];

/// Verbs that make their `xcomp` noun the subject's role ("became director of").
const BECOME: &[&str] = &["become", "remain", "appoint", "name", "elect", "make"];

/// Reads the roles of one parsed sentence.
pub(super) fn sentence_roles(
    doc: &Document,
    si: usize,
    tree: &Tree,
    res: &Resources,
    titles: &[(Span, TitleClass)],
    out: &mut Vec<TreeRole>,
) {
    let sentence = doc.sentences[si].span;
    let lo = doc
        .mentions
        .partition_point(|m| m.span.start < sentence.start);
    let hi = doc
        .mentions
        .partition_point(|m| m.span.start < sentence.end);
    let reader = Reader {
        doc,
        tree,
        res,
        titles,
    };
    for m in &doc.mentions[lo..hi] {
        let Some(person) = m.entity else { continue };
        if !doc.entities[person].etype.is_person() {
            continue;
        }
        let Some(h) = tree.head_of(m.span) else {
            continue;
        };
        // "Mr Lund joined Acmetel": the parser heads the name with its courtesy title, which
        // then holds the name's relations (read from both words: "Mr Marchionne, who joined
        // the company" hangs the clause on the name)
        let titled = tree.head(h).filter(|&t| {
            t + 1 == h
                && tree.deprel(h) == "flat"
                && crate::pipeline::syntax::is_honorific(tree.lower(t))
        });
        // a relative pronoun is only its antecedent's subject; a pronoun person is fine
        if m.form == MentionForm::Pronoun && RELATIVE.contains(&tree.lower(h)) {
            continue;
        }
        for h in std::iter::once(h).chain(titled) {
            reader.nominal(person, h, out);
            reader.verbal(person, h, out);
            reader.modifier(person, h, out);
            if m.form != MentionForm::Pronoun {
                reader.possessor(person, h, out);
            }
        }
    }
    out.retain(|r| r.person != r.organization);
}

struct Reader<'a, 'd> {
    doc: &'d Document,
    tree: &'a Tree<'d>,
    res: &'a Resources,
    titles: &'a [(Span, TitleClass)],
}

impl Reader<'_, '_> {
    /// The title class of word `n` when it is a role noun.
    fn role_noun(&self, n: usize) -> Option<TitleClass> {
        let t = self.tree;
        let span = t.span(n);
        if let Some((_, c)) = self.titles.iter().find(|(s, c)| {
            *c != TitleClass::Honorific && s.start <= span.start && s.end >= span.end
        }) {
            return Some(*c);
        }
        if !matches!(t.upos(n), "NOUN" | "PROPN") || self.in_mention(span) {
            return None;
        }
        let w = t.lower(n);
        let singular = w.strip_suffix('s').filter(|s| s.len() > 3).unwrap_or(w);
        for form in [w, singular] {
            if self.res.is_title(form, TitleClass::Official) {
                return Some(TitleClass::Official);
            }
            if self.res.is_title(form, TitleClass::Role) || ROLE_NOUNS.contains(&form) {
                return Some(TitleClass::Role);
            }
        }
        // "on the Fifa shortlist": a list is no agent
        if t.upos(n) != "NOUN"
            || NOT_ROLES.contains(&singular)
            || singular.len() < 5
            || (singular.ends_with("list") && !singular.ends_with("alist"))
        {
            return None;
        }
        AGENTIVE
            .iter()
            .any(|s| singular.ends_with(s))
            .then_some(TitleClass::Role)
    }

    /// The word right before word `w`, or, when a short bracket stands there, the word before
    /// the bracket and the words inside it.
    fn written_before(&self, w: usize) -> Vec<usize> {
        let t = self.tree;
        let Some(k) = w.checked_sub(1) else {
            return Vec::new();
        };
        if t.word_text(k) != ")" {
            return vec![k];
        }
        let Some(open) = (k.saturating_sub(7)..k)
            .rev()
            .find(|&j| t.word_text(j) == "(")
        else {
            return Vec::new();
        };
        open.checked_sub(1).into_iter().chain(open + 1..k).collect()
    }

    fn in_mention(&self, span: Span) -> bool {
        self.doc.mentions_holding(span).any(|m| m.entity.is_some())
    }

    /// The organisation (or, when `country` is allowed, the country) of the longest mention
    /// holding word `w`, with the mention's span.
    fn org_at(&self, w: usize, country: bool) -> Option<usize> {
        let doc = self.doc;
        let mut best: Option<(usize, Span)> = None;
        for m in doc.mentions_holding(self.tree.span(w)) {
            let Some(e) = m.entity else { continue };
            let t = doc.entities[e].etype;
            if !(t.is_org() || (country && t == EntityType::Country)) {
                continue;
            }
            if best.is_none_or(|b| m.span.len() > b.1.len()) {
                best = Some((e, m.span));
            }
        }
        best.map(|b| b.0)
    }

    /// Organisations that role noun `n` names: its prepositional modifiers (two nouns deep),
    /// its possessor and the organisation names compounded into it.
    fn organisations_of(&self, n: usize, country: bool, out: &mut Vec<usize>) {
        let t = self.tree;
        for c in t.children(n).to_vec() {
            let rel = t.deprel(c);
            let ok = match rel {
                "nmod" => self.case_of(c).is_some_and(|p| ROLE_CASES.contains(&p)),
                "nmod:poss" | "compound" => true,
                _ => false,
            };
            if !ok {
                continue;
            }
            let mut found = false;
            for x in t.conjuncts(c) {
                if let Some(o) = self.org_at(x, country) {
                    found = true;
                    if !out.contains(&o) {
                        out.push(o);
                    }
                }
            }
            // "chairman of the board of Acme", "one of the secretaries of the party", "an
            // inspector at the Coast Guard's district office"
            if !found && rel == "nmod" && t.upos(c) == "NOUN" {
                for d in t.kids(c, &["nmod", "nmod:poss"]).collect::<Vec<_>>() {
                    if t.deprel(d) == "nmod" && !matches!(t.case(d), Some("of" | "at" | "in")) {
                        continue;
                    }
                    if let Some(o) = self.org_at(d, country) {
                        if !out.contains(&o) {
                            out.push(o);
                        }
                    }
                }
            }
        }
    }

    /// The preposition of noun phrase `c`, also when the parser hung it on a compound before
    /// the head: "attorney for [the Peruvian mining company] Minpeco".
    fn case_of(&self, c: usize) -> Option<&str> {
        let t = self.tree;
        t.case(c).or_else(|| {
            t.kids(c, &["compound"])
                .filter(|&d| d < c)
                .find_map(|d| t.case(d))
        })
    }

    /// The title as written: the role noun with the adjectives and nouns right before it that
    /// belong to no name ("top official", "senior duty officer").
    fn title_of(&self, n: usize) -> (String, Span) {
        let t = self.tree;
        let mut first = n;
        let mods: Vec<usize> = t
            .children(n)
            .iter()
            .copied()
            .filter(|&c| c < n && matches!(t.deprel(c), "amod" | "compound"))
            .collect();
        for &c in mods.iter().rev() {
            if c + 1 != first || self.in_mention(t.span(c)) || t.upos(c) == "PROPN" {
                break;
            }
            first = c;
        }
        let span = Span::new(t.span(first).start, t.span(n).end);
        (self.doc.slice(span).to_string(), span)
    }

    fn push(
        &self,
        out: &mut Vec<TreeRole>,
        person: usize,
        organization: usize,
        (title, title_span): (String, Span),
        class: TitleClass,
        confidence: f32,
    ) {
        if !out
            .iter()
            .any(|r| r.person == person && r.organization == organization)
        {
            out.push(TreeRole {
                person,
                organization,
                title,
                title_span,
                class,
                confidence,
            });
        }
    }

    /// A role noun tied to the name: apposition either way, copula, compound, "became".
    fn nominal(&self, person: usize, h: usize, out: &mut Vec<TreeRole>) {
        let t = self.tree;
        let mut nouns: Vec<usize> = Vec::new();
        // "Smith, president of Acme" (and "an ecologist and entomologist at Cornell")
        // (not when a coordinated name stands between: "Bob Marley, Rob Partridge - Marley's
        // former head of press")
        let conj: Vec<usize> = t.kids(h, &["conj"]).collect();
        for a in t.kids(h, &["appos"]).collect::<Vec<_>>() {
            if !conj.iter().any(|&c| c < a) {
                nouns.extend(t.conjuncts(a));
            }
        }
        // the same parsed as a conjunct without its conjunction: "Quayle, publisher of the
        // Herald-Press, said" (the first after the name's comma; a name is no role noun)
        if let Some(&c) = conj.first() {
            if t.upos(c) == "NOUN"
                && c > 0
                && t.word_text(c - 1) == ","
                && t.kids(c, &["cc"]).next().is_none()
            {
                nouns.push(c);
            }
        }
        if let Some(p) = t.head(h) {
            match t.deprel(h) {
                // "the Foreign Ministry spokesman, Grigory Karasin"
                // (the first name in apposition only: "US Secretary of State Rice, UN
                // Secretary General Kofi Annan" is a list)
                "appos" if t.kids(p, &["appos"]).next() == Some(h) => {
                    nouns.push(p);
                    // "the chairman of the United Djibouti Opposition Front, Mohamed Ahmed
                    // Issa": the name hung on the organisation (the nearest noun) that
                    // modifies the title
                    if t.deprel(p) == "nmod" && self.org_at(p, true).is_some() {
                        nouns.extend(t.head(p));
                    }
                }
                // the same parsed as a conjunct without its conjunction: "the deputy secretary
                // of the Foreign Ministry, Datuk Abdul Halim Ali, went"
                "conj"
                    if t.kids(h, &["cc"]).next().is_none()
                        && h > 0
                        && t.word_text(h - 1) == ","
                        && t.deprel(p) == "nmod"
                        && self.org_at(p, true).is_some() =>
                {
                    nouns.extend(t.head(p));
                }
                // "Leslie Moonves the chairman of CBS": an apposition without its comma, read
                // as a compound (a determiner stands between; "Putin spokesman" has none)
                "compound"
                    if p > h
                        && t.kids(p, &["det"]).any(|d| d > h)
                        && self.role_noun(p).is_some() =>
                {
                    nouns.push(p)
                }
                // "Smith is chairman of the delegation"
                "nsubj" if !t.kids(p, &["cop"]).collect::<Vec<_>>().is_empty() => {
                    nouns.extend(t.conjuncts(p))
                }
                // "Smith became director of", "was named president of"
                "nsubj" | "nsubj:pass" if t.verb_base(p, BECOME) => {
                    // (a copula-like verb's complement parsed as its object: "will remain a
                    // commissioner of")
                    let linking = t.verb_base(p, &["become", "remain"]);
                    let complements: &[&str] = if linking {
                        &["xcomp", "obj"]
                    } else {
                        &["xcomp"]
                    };
                    for x in t.kids(p, complements).collect::<Vec<_>>() {
                        nouns.extend(t.conjuncts(x));
                    }
                }
                // "named Larry Jinks publisher of the paper", "elected Richard Celeste to be
                // chairman of the association": the object's role (the parser may swap the
                // object and its complement)
                "obj" | "xcomp" if t.verb_base(p, BECOME) && self.asserted_agent(p) => {
                    let complements = t.kids(p, &["xcomp", "obj"]).chain(t.kids(h, &["xcomp"]));
                    for x in complements.collect::<Vec<_>>() {
                        if x != h {
                            nouns.extend(t.conjuncts(x));
                        }
                    }
                }
                // the same read as one phrase: "named [Ellen Shaw editor] of the Gazette"
                "compound"
                    if p > h
                        && matches!(t.deprel(p), "xcomp" | "obj")
                        && t.head(p)
                            .is_some_and(|v| t.verb_base(v, BECOME) && self.asserted_agent(v)) =>
                {
                    nouns.push(p)
                }
                _ => {}
            }
            // "A University of Texas law professor, Wright helped ...": a noun phrase set before
            // the subject, with its comma
            if matches!(t.deprel(h), "nsubj" | "nsubj:pass") && h > 0 && t.word_text(h - 1) == "," {
                nouns.extend(
                    t.kids(p, &["dislocated"])
                        .filter(|&d| d < h && t.upos(d) == "NOUN"),
                );
            }
        }
        // "KAL attorney George Tompkins"; a chain of compounds before the name is read as the
        // name's own: "Coast Guard spokesman Lt. Pat Philbin" ("spokesman" hung on "Lt.")
        let mut compounds: Vec<usize> = t.kids(h, &["compound"]).collect();
        // (through titles only, not through another name or noun: "Argentine President Nestor
        // Kirchner and Venezuelan President Hugo Chavez" read as one chain, "the House
        // subcommittee grilling Mason")
        let mut k = 0;
        while k < compounds.len() {
            let c = compounds[k];
            if !self.in_mention(t.span(c))
                && (self.res.is_any_title(t.lower(c)) || self.role_noun(c).is_some())
            {
                compounds.extend(t.kids(c, &["compound"]).filter(|&d| d < c));
            }
            k += 1;
        }
        for &c in &compounds {
            if t.upos(c) == "NOUN" || self.role_noun(c).is_some() {
                nouns.push(c);
            }
        }
        nouns.dedup();
        for n in nouns {
            if n == h {
                continue;
            }
            let mut n = n;
            // "one of the secretaries of the party"
            if t.lower(n) == "one" {
                match t.kids(n, &["nmod"]).find(|&c| t.case(c) == Some("of")) {
                    Some(c) => n = c,
                    None => continue,
                }
            }
            let Some(class) = self.role_noun(n) else {
                continue;
            };
            let mut orgs = Vec::new();
            self.organisations_of(n, class == TitleClass::Official, &mut orgs);
            // a compound title takes the name's other compounds and possessor: "Healy
            // president George Malina", "the fleet's senior duty officer Vsevolod Fadeyev"
            if compounds.contains(&n) {
                // the organisation written right before the title, however it was parsed:
                // "Labor Party (PT) candidate Cecilia Soto"
                if let Some(&lead) = compounds.iter().min() {
                    for x in self.written_before(lead) {
                        if let Some(o) = self.org_at(x, false).filter(|o| !orgs.contains(o)) {
                            orgs.push(o);
                        }
                    }
                }
                for c in t
                    .children(h)
                    .iter()
                    .chain(&compounds)
                    .copied()
                    .collect::<Vec<_>>()
                {
                    if c != n && matches!(t.deprel(c), "compound" | "nmod:poss") {
                        if let Some(o) = self.org_at(c, class == TitleClass::Official) {
                            if !orgs.contains(&o) {
                                orgs.push(o);
                            }
                        }
                    }
                }
            }
            let confidence = if self.res.is_title(t.lower(n), TitleClass::Role)
                || self.res.is_title(t.lower(n), TitleClass::Official)
            {
                0.85
            } else {
                0.75
            };
            for o in orgs {
                self.push(out, person, o, self.title_of(n), class, confidence);
            }
        }
    }

    /// The verbs the person is the subject of, directly or as a relative clause's antecedent,
    /// with their conjoined verbs that have no subject of their own.
    fn verbs_of(&self, h: usize) -> Vec<usize> {
        let t = self.tree;
        let mut verbs = Vec::new();
        if matches!(t.deprel(h), "nsubj" | "nsubj:pass") {
            verbs.extend(t.head(h));
        }
        for v in t.kids(h, &["acl:relcl"]).collect::<Vec<_>>() {
            let subject = t.kids(v, &["nsubj", "nsubj:pass"]).next();
            if subject.is_none_or(|s| RELATIVE.contains(&t.lower(s))) {
                verbs.push(v);
            }
        }
        // a relative clause the parser attached elsewhere ("Lena Okafor, who works for the
        // World Bank, said": parataxis; "said Lena Okafor, who works for": ccomp of "said"),
        // known by the relative pronoun right after the name and a comma, its verb's subject
        if h + 2 < t.len() && t.word_text(h + 1) == "," && RELATIVE.contains(&t.lower(h + 2)) {
            let w = h + 2;
            if let Some(v) = t
                .head(w)
                .filter(|&v| matches!(t.deprel(w), "nsubj" | "nsubj:pass") && v > w)
            {
                if !verbs.contains(&v) {
                    verbs.push(v);
                }
            }
        }
        let mut k = 0;
        while k < verbs.len() && verbs.len() < 8 {
            for c in t.kids(verbs[k], &["conj"]).collect::<Vec<_>>() {
                if t.upos(c) == "VERB"
                    && t.kids(c, &["nsubj", "nsubj:pass"]).next().is_none()
                    && !verbs.contains(&c)
                {
                    verbs.push(c);
                }
            }
            k += 1;
        }
        verbs
    }

    /// Whether verb `v` is asserted: not negated, no modal, not the complement of another verb
    /// ("wants to lead", "could join").
    fn asserted(&self, v: usize) -> bool {
        self.asserted_agent(v) && !matches!(self.tree.deprel(v), "xcomp" | "csubj" | "advcl")
    }

    /// Whether a passive participle or verb with an agent is asserted (not negated, no modal).
    fn asserted_agent(&self, v: usize) -> bool {
        let t = self.tree;
        !t.children(v).iter().any(|&c| {
            (t.deprel(c) == "advmod" && is_negation(t.lower(c)))
                || (t.deprel(c) == "aux" && (is_modal(t.lower(c)) || is_negation(t.lower(c))))
        })
    }

    /// "Smith heads Acme", "Warner, who owned the bank", "works for the agency".
    fn verbal(&self, person: usize, h: usize, out: &mut Vec<TreeRole>) {
        let t = self.tree;
        if let Some(v) = t
            .head(h)
            .filter(|&v| t.upos(v) == "VERB" && self.asserted_agent(v))
        {
            for (o, role) in self.led_by(h, v) {
                self.push(
                    out,
                    person,
                    o,
                    (role.to_string(), t.span(v)),
                    TitleClass::Role,
                    0.75,
                );
            }
        }
        let passive = t.deprel(h) == "nsubj:pass";
        for v in self.verbs_of(h) {
            if t.upos(v) != "VERB" || !self.asserted(v) {
                continue;
            }
            let span = t.span(v);
            let w = t.lower(v);
            let mut found: Vec<(usize, &str)> = Vec::new();
            let object_role = if matches!(w, "founded" | "founds" | "co-founded" | "cofounded") {
                Some("founder")
            } else if w == "ran" {
                Some("head")
            } else {
                OBJECT_VERBS
                    .iter()
                    .find(|(b, _)| t.verb_base(v, &[b]))
                    .map(|(_, r)| *r)
            };
            if let Some(role) = object_role.filter(|_| !passive) {
                for o in t.kids(v, &["obj"]).collect::<Vec<_>>() {
                    for x in t.conjuncts(o) {
                        if let Some(e) = self.org_at(x, false) {
                            found.push((e, role));
                        }
                    }
                }
            }
            for (_, cases, role) in OBLIQUE_VERBS
                .iter()
                .filter(|(b, _, _)| t.verb_base(v, &[b]))
            {
                // the passive ones ("was elected to") and the active ones ("works for")
                let wants_passive =
                    matches!(t.lower(v), "elected" | "appointed" | "named" | "nominated");
                if wants_passive != passive {
                    continue;
                }
                // "covers the White House for the AP": the oblique may hang from the object
                let mut obliques: Vec<usize> = t.kids(v, &["obl", "obj"]).collect();
                for o in t.kids(v, &["obj"]).collect::<Vec<_>>() {
                    obliques.extend(t.kids(o, &["nmod"]));
                }
                for o in obliques {
                    if !t.case(o).is_some_and(|c| cases.contains(&c)) {
                        continue;
                    }
                    for x in t.conjuncts(o) {
                        if let Some(e) = self.org_at(x, false) {
                            found.push((e, role));
                        } else if t.upos(x) == "NOUN" {
                            // "serves on the board of Acme"
                            for d in t.kids(x, &["nmod"]).collect::<Vec<_>>() {
                                if t.case(d) == Some("of") {
                                    if let Some(e) = self.org_at(d, false) {
                                        found.push((e, role));
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if passive {
                if let Some((_, role)) = AGENT_VERBS.iter().find(|(b, _)| t.verb_base(v, &[b])) {
                    for o in t.kids(v, &["obl:agent", "obl"]).collect::<Vec<_>>() {
                        if t.case(o) != Some("by") {
                            continue;
                        }
                        for x in t.conjuncts(o) {
                            if let Some(e) = self.org_at(x, false) {
                                found.push((e, role));
                            }
                        }
                    }
                }
            }
            for (o, role) in found {
                self.push(
                    out,
                    person,
                    o,
                    (role.to_string(), span),
                    TitleClass::Role,
                    0.75,
                );
            }
        }
    }

    /// "the foundation headed by Juan Novara", "Acme is owned by Smith": the person is the
    /// agent of an object verb whose patient is the organisation.
    fn led_by(&self, h: usize, v: usize) -> Vec<(usize, &'static str)> {
        let t = self.tree;
        let mut out = Vec::new();
        if t.head(h) != Some(v) || !(t.deprel(h) == "obl:agent" || t.case(h) == Some("by")) {
            return out;
        }
        let role = if matches!(t.lower(v), "founded" | "co-founded" | "cofounded") {
            "founder"
        } else if let Some((_, r)) = OBJECT_VERBS
            .iter()
            .filter(|(b, _)| !matches!(*b, "join" | "rejoin"))
            .find(|(b, _)| t.verb_base(v, &[b]))
        {
            r
        } else {
            return out;
        };
        let mut patients: Vec<usize> = t
            .kids(v, &["nsubj:pass"])
            .filter(|&p| !RELATIVE.contains(&t.lower(p)))
            .collect();
        // "the foundation, (which is) headed by", "shares in Reliance Energy, headed by": the
        // noun the participle or relative clause modifies, or that noun's modifier before it
        if matches!(t.deprel(v), "acl" | "acl:relcl") {
            if let Some(n) = t.head(v) {
                patients.push(n);
                if self.org_at(n, false).is_none() {
                    patients.extend(t.kids(n, &["nmod"]).filter(|&c| c < v));
                }
            }
        }
        for p in patients {
            for x in t.conjuncts(p) {
                if let Some(e) = self.org_at(x, false) {
                    out.push((e, role));
                }
            }
        }
        out
    }

    /// "Mulroney's Progressive Conservative Party", "Galicia's allegedly corrupt oil workers'
    /// union": a person whose organisation the name is the possessor of (the organisation's
    /// possessor, not a country's: "Thatcher's Britain").
    fn possessor(&self, person: usize, h: usize, out: &mut Vec<TreeRole>) {
        let t = self.tree;
        if t.deprel(h) != "nmod:poss" {
            return;
        }
        let Some(o) = t.head(h).and_then(|n| self.org_at(n, false)) else {
            return;
        };
        // only a body known as one, by a name list or a head word: the possessor of a work the
        // recogniser read as an organisation is its author ("Puccini's Madame Butterfly")
        let e = &self.doc.entities[o];
        let headed = e
            .name
            .split(' ')
            .any(|w| self.res.org_heads.contains_key(w));
        if e.wikidata.is_none() && e.codes.is_empty() && !headed {
            return;
        }
        self.push(
            out,
            person,
            o,
            ("member".to_string(), t.span(h)),
            TitleClass::Role,
            0.55,
        );
    }

    /// "Dean Falk of the State University of New York", "Tanaka and Takeshita of the Liberal
    /// Democratic Party", "Microsoft's Brad Smith".
    fn modifier(&self, person: usize, h: usize, out: &mut Vec<TreeRole>) {
        let t = self.tree;
        let mut heads = vec![h];
        // coordinated names share the modifier of the last: "Tanaka and Takeshita of the LDP"
        // (a possessor is each name's own: "Barcelona's Ronaldinho and AC Milan's Shevchenko")
        heads.extend(
            t.kids(h, &["conj"])
                .filter(|&c| matches!(t.upos(c), "PROPN")),
        );
        let mut orgs = Vec::new();
        for &x in &heads {
            for c in t.children(x).to_vec() {
                let ok = match t.deprel(c) {
                    "nmod" => matches!(t.case(c), Some("of" | "from" | "at")),
                    // "Gilmore, of the Downtown Seattle Association, said": a phrase with a
                    // preposition parsed as a conjunct or an apposition is a modifier
                    "conj" | "appos" => {
                        matches!(t.case(c), Some("of" | "from" | "at"))
                            && t.kids(c, &["cc"]).next().is_none()
                    }
                    "nmod:poss" => x == h,
                    _ => false,
                };
                if !ok {
                    continue;
                }
                // "Stephanie Powell, of the DEM's division of groundwater": the owner of the unit
                // the person is of, when the unit is no organisation the article names
                let owner = t
                    .kids(c, &["nmod:poss"])
                    .next()
                    .filter(|_| t.deprel(c) != "nmod:poss" && self.org_at(c, false).is_none());
                for x in std::iter::once(c).chain(owner) {
                    if let Some(o) = self.org_at(x, false) {
                        if !orgs.contains(&o) {
                            orgs.push(o);
                        }
                    }
                }
            }
        }
        if orgs.is_empty() {
            return;
        }
        // "Judge Ralph Winter of ...": a title compounded into the name is the title
        let title = t
            .kids(h, &["compound"])
            .find(|&c| self.role_noun(c).is_some())
            .map(|c| {
                (
                    self.title_of(c),
                    self.role_noun(c).unwrap_or(TitleClass::Role),
                )
            });
        let ((title, span), class) =
            title.unwrap_or((("member".to_string(), t.span(h)), TitleClass::Role));
        for o in orgs {
            self.push(out, person, o, (title.clone(), span), class, 0.6);
        }
    }
}

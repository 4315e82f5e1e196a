//! One parsed sentence as a tree: words, heads and children, with the small helpers that the
//! stages reading the parse share (relations, roles, quotes). Built from `Document::words`
//! (the parse stage's output); indices are local to the sentence.

use crate::document::{Document, Span};

/// One parsed sentence: its words, heads and children (indices local to the sentence).
pub(crate) struct Tree<'d> {
    doc: &'d Document,
    base: usize,
    lower: Vec<String>,
    heads: Vec<Option<usize>>,
    /// `children[first[i]..first[i + 1]]` are the children of word `i`, in text order.
    first: Vec<usize>,
    children: Vec<usize>,
}

impl<'d> Tree<'d> {
    pub fn new(doc: &'d Document, s: usize) -> Option<Tree<'d>> {
        let range = doc.sentences[s].words.clone();
        if range.is_empty() {
            return None;
        }
        let base = range.start;
        let n = range.len();
        let heads: Vec<Option<usize>> = doc.words[range.clone()]
            .iter()
            .map(|w| w.head.map(|h| h - base))
            .collect();
        let lower = doc.words[range]
            .iter()
            .map(|w| doc.slice(w.span).to_lowercase().replace('’', "'"))
            .collect();
        let mut count = vec![0usize; n + 1];
        for h in heads.iter().flatten() {
            count[*h + 1] += 1;
        }
        for i in 0..n {
            count[i + 1] += count[i];
        }
        let first = count.clone();
        let mut fill = count;
        let mut children = vec![0; first[n]];
        for (i, h) in heads.iter().enumerate() {
            if let Some(h) = *h {
                children[fill[h]] = i;
                fill[h] += 1;
            }
        }
        Some(Tree {
            doc,
            base,
            lower,
            heads,
            first,
            children,
        })
    }

    /// The document the sentence is in.
    pub fn doc(&self) -> &'d Document {
        self.doc
    }
    pub fn len(&self) -> usize {
        self.heads.len()
    }
    pub fn word(&self, i: usize) -> &'d crate::document::Word {
        &self.doc.words[self.base + i]
    }
    pub fn lower(&self, i: usize) -> &str {
        &self.lower[i]
    }
    pub fn upos(&self, i: usize) -> &'static str {
        self.word(i).upos
    }
    pub fn deprel(&self, i: usize) -> &'static str {
        self.word(i).deprel
    }
    pub fn head(&self, i: usize) -> Option<usize> {
        self.heads[i]
    }
    pub fn span(&self, i: usize) -> Span {
        self.word(i).span
    }
    pub fn word_text(&self, i: usize) -> &'d str {
        self.doc.slice(self.word(i).span)
    }
    /// The word heading the words inside `span`: the first whose head lies outside it (or
    /// that is the root). `None` when no word of the sentence lies inside `span`.
    pub fn head_of(&self, span: Span) -> Option<usize> {
        let inside = |i: usize| {
            let w = self.span(i);
            w.start >= span.start && w.end <= span.end
        };
        (0..self.len())
            .filter(|&i| inside(i))
            .find(|&i| self.head(i).is_none_or(|h| !inside(h)))
    }
    pub fn children(&self, i: usize) -> &[usize] {
        &self.children[self.first[i]..self.first[i + 1]]
    }
    /// Children of `i` whose relation is one of `rels` (subtypes match their base:
    /// "nmod" matches "nmod:poss" only when asked for by full name).
    pub fn kids<'a>(&'a self, i: usize, rels: &'a [&str]) -> impl Iterator<Item = usize> + 'a {
        self.children(i)
            .iter()
            .copied()
            .filter(move |&c| rels.contains(&self.deprel(c)))
    }
    /// The preposition ("case" child) of a nominal, lowercase.
    pub fn case(&self, i: usize) -> Option<&str> {
        self.kids(i, &["case"]).next().map(|c| self.lower(c))
    }
    /// `i` and the words coordinated or in apposition with it ("Brazil, Russia and India").
    /// A "conjunct" with a relative pronoun of its own is a relative clause the parser took
    /// for one ("company TiVo, which Bill Gates showcased"): left out.
    pub fn conjuncts(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut k = 0;
        while k < out.len() && out.len() < 16 {
            let w = out[k];
            for c in self.kids(w, &["conj", "appos"]) {
                let relative = self
                    .kids(c, &["nsubj", "obj", "nsubj:pass"])
                    .any(|r| r < c && RELATIVE.contains(&self.lower(r)));
                if !relative && !out.contains(&c) {
                    out.push(c);
                }
            }
            k += 1;
        }
        out
    }
    /// The words of `i`'s subtree, in text order, without the subtrees of clausal dependents
    /// (another clause's words are not this predicate's).
    pub fn phrase(&self, i: usize, out: &mut Vec<usize>) {
        out.push(i);
        for &c in self.children(i) {
            if matches!(
                self.deprel(c),
                "ccomp" | "advcl" | "parataxis" | "acl:relcl" | "csubj" | "punct" | "conj"
            ) {
                continue;
            }
            self.phrase(c, out);
        }
    }
    /// The span of `i`'s [`Tree::phrase`], from its first word to its last.
    pub fn phrase_span(&self, i: usize) -> Span {
        let mut words = Vec::new();
        self.phrase(i, &mut words);
        words
            .iter()
            .fold(self.span(i), |a, &w| a.cover(self.span(w)))
    }
    /// The lemma-ish lowercase form of a verb, for the small word lists here: "urged" ->
    /// "urge", "refused" -> "refuse", "plans" -> "plan".
    pub fn verb_base(&self, i: usize, list: &[&str]) -> bool {
        let w = self.lower(i);
        list.iter().any(|b| is_form_of(w, b))
    }
}

/// Is lowercase `w` a form of the verb `base`: itself, -s, -es, -ed, -d, -ing (also for a
/// final e: "urging" of "urge"; with a doubled final consonant: "referred" of "refer"), -ied
/// (of a final y), or an irregular form ("said", "led")?
pub(crate) fn is_form_of(w: &str, base: &str) -> bool {
    w == base
        || w.strip_suffix('s') == Some(base)
        || w.strip_suffix("es") == Some(base)
        || w.strip_suffix("ed") == Some(base)
        || w.strip_suffix('d') == Some(base)
        || w.strip_suffix("ing")
            .is_some_and(|s| s == base || base.strip_suffix('e') == Some(s))
        || (w.len() > 4 && w.ends_with("ied") && base.strip_suffix('y') == Some(&w[..w.len() - 3]))
        // a doubled final consonant: "referred", "planning"
        || w.strip_suffix("ed")
            .or_else(|| w.strip_suffix("ing"))
            .is_some_and(|s| {
                s.len() == base.len() + 1
                    && s.starts_with(base)
                    && s.ends_with(|c: char| base.ends_with(c) && !"aeiouy".contains(c))
            })
        || irregular(w) == Some(base)
}

/// A currency sign that heads an amount ("$" of "$500m").
pub(crate) fn is_currency_sign(w: &str) -> bool {
    matches!(w, "$" | "£" | "€" | "¥")
}

/// A modal auxiliary ("will", "could", "'ll", the "ca" of "can't").
pub(crate) fn is_modal(w: &str) -> bool {
    matches!(
        w,
        "will"
            | "would"
            | "could"
            | "may"
            | "might"
            | "should"
            | "shall"
            | "can"
            | "must"
            | "'ll"
            | "'d"
            | "ca"
            | "wo"
    )
}

/// A word that negates its head ("not", "n't", "never", "no", ...).
pub(crate) fn is_negation(w: &str) -> bool {
    matches!(
        w,
        "not" | "n't" | "never" | "no" | "neither" | "nor" | "cannot"
    )
}

/// Verbs whose clausal complement is attributed to their subject: saying, thinking, finding.
pub(crate) const ATTRIBUTION_VERBS: &[&str] = &[
    "say",
    "tell",
    "add",
    "state",
    "note",
    "write",
    "argue",
    "insist",
    "claim",
    "declare",
    "announce",
    "assert",
    "warn",
    "stress",
    "emphasize",
    "emphasise",
    "acknowledge",
    "admit",
    "concede",
    "explain",
    "suggest",
    "predict",
    "caution",
    "complain",
    "confirm",
    "deny",
    "maintain",
    "contend",
    "counter",
    "tweet",
    "recall",
    "reply",
    "respond",
    "observe",
    "remark",
    "reiterate",
    "allege",
    "reveal",
    "testify",
    "vow",
    "promise",
    "pledge",
    "boast",
    "joke",
    "report",
    "think",
    "believe",
    "feel",
    "know",
    "hope",
    "fear",
    "expect",
    "worry",
    "find",
    "show",
    "conclude",
    "estimate",
    "indicate",
    "recognize",
    "recognise",
    "realize",
    "realise",
    "assume",
    "doubt",
    "suspect",
    "understand",
    "agree",
    "guess",
    "wonder",
    "ask",
    "accept",
    "learn",
    "discover",
    "prove",
    "demonstrate",
    "reckon",
    "contend",
    "charge",
    "signal",
    "hint",
    "imply",
    "speculate",
];

/// Relative pronouns: as the subject of a relative clause they stand for its antecedent.
pub(crate) const RELATIVE: &[&str] = &["who", "that", "which", "whom"];

/// Courtesy titles the parser heads a name with ("Mr Blair": "Blair" hung on "Mr" as `flat`),
/// lower case, with or without a full stop.
pub(crate) fn is_honorific(w: &str) -> bool {
    const HONORIFICS: &[&str] = &[
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "prof",
        "professor",
        "gen",
        "rev",
        "mme",
        "m",
        "herr",
        "frau",
        "sen",
        "rep",
        "gov",
        "col",
        "capt",
        "lt",
        "sgt",
        "cllr",
    ];
    HONORIFICS.contains(&w.trim_end_matches('.'))
}

/// The base of an irregular verb form ("had" of "have", "met" of "meet", "withdrew" of
/// "withdraw"): the common English irregular verbs, their past and past participle (and the
/// present forms of "be", "have" and "do").
fn irregular(w: &str) -> Option<&'static str> {
    Some(match w {
        "was" | "were" | "been" | "being" | "is" | "are" | "am" => "be",
        "has" | "had" | "having" => "have",
        "does" | "did" | "done" => "do",
        "went" | "gone" | "goes" => "go",
        "began" | "begun" => "begin",
        "told" => "tell",
        "found" => "find",
        "knew" | "known" => "know",
        "felt" => "feel",
        "understood" => "understand",
        "shown" => "show",
        "saw" | "seen" => "see",
        "said" | "says" => "say",
        "wrote" | "written" => "write",
        "thought" => "think",
        "made" => "make",
        "held" => "hold",
        "took" | "taken" => "take",
        "gave" | "given" => "give",
        "got" | "gotten" => "get",
        "led" => "lead",
        "struck" | "stricken" => "strike",
        "sought" => "seek",
        "won" => "win",
        "built" => "build",
        "brought" => "bring",
        "bought" => "buy",
        "sold" => "sell",
        "kept" => "keep",
        "met" => "meet",
        "spoke" | "spoken" => "speak",
        "broke" | "broken" => "break",
        "fought" => "fight",
        "sent" => "send",
        "spent" => "spend",
        "lent" => "lend",
        "paid" => "pay",
        "laid" => "lay",
        "lost" => "lose",
        "left" => "leave",
        "stood" => "stand",
        "withstood" => "withstand",
        "withdrew" | "withdrawn" => "withdraw",
        "drew" | "drawn" => "draw",
        "threw" | "thrown" => "throw",
        "overthrew" | "overthrown" => "overthrow",
        "drove" | "driven" => "drive",
        "rode" | "ridden" => "ride",
        "rose" | "risen" => "rise",
        "chose" | "chosen" => "choose",
        "fell" | "fallen" => "fall",
        "forgot" | "forgotten" => "forget",
        "forgave" | "forgiven" => "forgive",
        "forbade" | "forbidden" => "forbid",
        "froze" | "frozen" => "freeze",
        "stole" | "stolen" => "steal",
        "swore" | "sworn" => "swear",
        "tore" | "torn" => "tear",
        "wore" | "worn" => "wear",
        "bore" | "borne" => "bear",
        "shook" | "shaken" => "shake",
        "undertook" | "undertaken" => "undertake",
        "overtook" | "overtaken" => "overtake",
        "mistook" | "mistaken" => "mistake",
        "caught" => "catch",
        "taught" => "teach",
        "heard" => "hear",
        "meant" => "mean",
        "fled" => "flee",
        "fed" => "feed",
        "bled" => "bleed",
        "bred" => "breed",
        "dealt" => "deal",
        "slept" => "sleep",
        "swept" => "sweep",
        "wept" => "weep",
        "hung" => "hang",
        "shot" => "shoot",
        "bound" => "bind",
        "ground" => "grind",
        "wound" => "wind",
        "ran" => "run",
        "came" => "come",
        "became" => "become",
        "overcame" => "overcome",
        "ate" | "eaten" => "eat",
        "flew" | "flown" => "fly",
        "grew" | "grown" => "grow",
        "blew" | "blown" => "blow",
        "sang" | "sung" => "sing",
        "rang" | "rung" => "ring",
        "swam" | "swum" => "swim",
        "sank" | "sunk" => "sink",
        "drank" | "drunk" => "drink",
        "shrank" | "shrunk" => "shrink",
        "sprang" | "sprung" => "spring",
        "sat" => "sit",
        "spat" => "spit",
        "hid" | "hidden" => "hide",
        "bit" | "bitten" => "bite",
        "slid" => "slide",
        "lit" => "light",
        "dug" => "dig",
        "stuck" => "stick",
        "stung" => "sting",
        "swung" => "swing",
        "strove" | "striven" => "strive",
        "arose" | "arisen" => "arise",
        "awoke" | "awoken" => "awake",
        "woke" | "woken" => "wake",
        "shone" => "shine",
        "trod" | "trodden" => "tread",
        "wove" | "woven" => "weave",
        "upheld" => "uphold",
        "withheld" => "withhold",
        "beheld" => "behold",
        "foresaw" | "foreseen" => "foresee",
        "oversaw" | "overseen" => "oversee",
        "outdid" | "outdone" => "outdo",
        "undid" | "undone" => "undo",
        "rebuilt" => "rebuild",
        "retook" | "retaken" => "retake",
        "rewrote" | "rewritten" => "rewrite",
        "misled" => "mislead",
        "misunderstood" => "misunderstand",
        "underwent" | "undergone" => "undergo",
        "forwent" | "forgone" => "forgo",
        "oversold" => "oversell",
        "outsold" => "outsell",
        "resold" => "resell",
        "beaten" => "beat",
        _ => return None,
    })
}

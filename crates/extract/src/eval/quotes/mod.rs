//! Quotations and their speakers scored against attribution relations in brat standoff
//! (PolNeAR: `T` lines labelled Source / Cue / Content / Attribution, tied by `E` lines).
//!
//! **Gold.** Every `E` line whose type starts with `Attribution` (PolNeAR has `Attribution` and
//! `Attribution-no-source`) is one gold attribution: its `Content*` roles (`Content`,
//! `Content2`, ...) are its content, its `Cue` role its cue, its `Source` role its source (absent
//! for `Attribution-no-source`). An `E` line without a content role is not scored (counted in
//! [`BratDoc::without_content`]). Offsets are Unicode code points, half-open, and a span may
//! be discontinuous (`120 180;190 200`): a span is the union of its pieces. Other lines (`A`,
//! `M`, `R`, `N` and `#` notes) are ignored, and so are text-bound spans no `E` line uses
//! (PolNeAR's `Discuss`, `Discard`). A span text holding a line break continues on the next
//! line(s) of the file, as brat writes it; any other line is an error with its line number.
//!
//! **Matching.** Spans are compared as sets of words (maximal runs of letters and digits, so
//! whitespace and punctuation, quotation marks included, never count). A predicted quote and a
//! gold content overlap by |shared words| / max(|predicted words|, |gold words|); a pair
//! matches when that is at least the threshold ([`THRESHOLDS`]: 0.3, and 0.8 for near-exact
//! spans). Matching is one-to-one and greedy: pairs by decreasing overlap (ties: earlier gold,
//! then earlier prediction), each gold attribution and each prediction used at most once.
//! Precision = matched / predicted, recall = matched / gold.
//!
//! **Speaker accuracy**, over matched pairs whose gold has a source: right when the predicted
//! speaker span overlaps the gold source, or when the predicted speaker entity has a mention
//! overlapping it (the quote resolves to the same entity, e.g. "Segal" for a gold "he"). A
//! prediction without a speaker is wrong. Gold attributions without a source are counted
//! (`gold_without_source`, `matched_without_source`) and left out of speaker accuracy.
//!
//! **Subsets** ([`Subset`]): `all`; `direct` (direct and mixed quotes: the gold content holds a
//! quotation mark, see [`has_quotation_mark`]); `speech` (the gold cue holds a verb or phrase
//! of the quote stage's speech lexicon, `data/lexicons/speech_verbs.txt`, up to simple
//! inflection, see [`SpeechLexicon`]). Recall in a subset is over its gold attributions.
//! Precision in a subset is over the predictions that belong to it: a matched prediction
//! belongs where its gold attribution does; an unmatched one where the gold attribution it
//! overlaps most does (any overlap, even below the threshold); one that overlaps no gold
//! attribution belongs where it looks as if it does: `direct` when the extractor made it a
//! direct or mixed quote, `speech` when its cue is in the speech lexicon. So `all` counts every
//! prediction, and a subset's precision is not skewed by predictions that belong elsewhere.

use std::collections::HashMap;

use crate::document::{CharIndex, Document, QuoteKind};
use crate::error::{Error, Result};
use crate::ner::score::ratio;

/// A half-open range of Unicode code points.
pub type Range = (usize, usize);

/// The overlap thresholds reported: lenient (0.3) and near-exact (0.8).
pub const THRESHOLDS: [f64; 2] = [0.3, 0.8];

/// One text-bound annotation (`T` line).
#[derive(Clone, Debug, PartialEq)]
pub struct TextBound {
    pub id: String,
    pub label: String,
    /// Sorted as written; discontinuous spans have several.
    pub pieces: Vec<Range>,
    /// The span text as written in the file (pieces joined by a space).
    pub text: String,
    /// 1-based line of the `T` line.
    pub line: usize,
}

/// One gold attribution (an `E` line of type `Attribution*`).
#[derive(Clone, Debug, PartialEq)]
pub struct GoldAttribution {
    pub id: String,
    /// 1-based line of the `E` line.
    pub line: usize,
    /// Union of the content roles' pieces, sorted and merged.
    pub content: Vec<Range>,
    pub cue: Vec<Range>,
    /// Empty when the attribution has no source.
    pub source: Vec<Range>,
}

/// A parsed `.ann` file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BratDoc {
    pub textbounds: Vec<TextBound>,
    pub attributions: Vec<GoldAttribution>,
    /// `Attribution*` events without a content role (not scored).
    pub without_content: usize,
}

/// Is this line the start of an annotation (`T12\t`, `E3\t`, `#1\t`, ...)?
fn annotation_id(line: &str) -> Option<(char, &str)> {
    let (id, _) = line.split_once('\t')?;
    let mut chars = id.chars();
    let kind = chars.next()?;
    let rest = chars.as_str();
    ("TERAMN#".contains(kind) && rest.chars().all(|c| c.is_ascii_digit()) && !rest.is_empty())
        .then_some((kind, id))
}

/// Length in code points of the text brat writes for these pieces (joined by one space).
fn written_len(pieces: &[Range]) -> usize {
    pieces.iter().map(|(a, b)| b - a).sum::<usize>() + pieces.len().saturating_sub(1)
}

fn parse_pieces(s: &str) -> Option<Vec<Range>> {
    let mut out = Vec::new();
    for piece in s.split(';') {
        let mut it = piece.split_whitespace();
        let a: usize = it.next()?.parse().ok()?;
        let b: usize = it.next()?.parse().ok()?;
        if it.next().is_some() || a > b {
            return None;
        }
        out.push((a, b));
    }
    Some(out)
}

/// Sort and merge ranges (touching ones join).
fn union(mut r: Vec<Range>) -> Vec<Range> {
    r.sort_unstable();
    let mut out: Vec<Range> = Vec::with_capacity(r.len());
    for (a, b) in r {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Parse brat standoff. `file` names the file in errors (`file, line N: ...`).
pub fn parse_ann(ann: &str, file: &str) -> Result<BratDoc> {
    let bad = |line: usize, message: String| Error::Data {
        file: file.to_string(),
        line,
        message,
    };
    let mut doc = BratDoc::default();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut events: Vec<(usize, String, String)> = Vec::new();
    // the last text-bound, while its text is shorter than its span (a line break in the text)
    let mut open: Option<usize> = None;
    let mut lines: Vec<&str> = ann.split('\n').collect();
    if lines.last() == Some(&"") {
        lines.pop();
    }
    for (i, raw) in lines.into_iter().enumerate() {
        let n = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let id = annotation_id(line);
        if let (None, Some(t)) = (id, open) {
            let tb = &mut doc.textbounds[t];
            if tb.text.chars().count() < written_len(&tb.pieces) {
                tb.text.push('\n');
                tb.text.push_str(line);
                continue;
            }
        }
        open = None;
        let Some((kind, id)) = id else {
            if line.trim().is_empty() {
                continue;
            }
            return Err(bad(
                n,
                format!(
                    "not a brat annotation line (expected `T1<TAB>Label START END<TAB>text` or \
                     `E1<TAB>Type:T1 Role:T2 ...`): {:?}",
                    line.chars().take(60).collect::<String>()
                ),
            ));
        };
        let body = &line[id.len() + 1..];
        match kind {
            'T' => {
                let Some((head, text)) = body.split_once('\t') else {
                    return Err(bad(n, format!("{id}: no tab before the span text")));
                };
                let Some((label, offsets)) = head.split_once(' ') else {
                    return Err(bad(
                        n,
                        format!("{id}: expected `Label START END`, got {head:?}"),
                    ));
                };
                let Some(pieces) = parse_pieces(offsets) else {
                    return Err(bad(
                        n,
                        format!("{id}: bad offsets {offsets:?} (expected `START END[;START END]...`, START <= END)"),
                    ));
                };
                if index.contains_key(id) {
                    return Err(bad(n, format!("{id} is defined twice")));
                }
                index.insert(id.to_string(), doc.textbounds.len());
                open = Some(doc.textbounds.len());
                doc.textbounds.push(TextBound {
                    id: id.to_string(),
                    label: label.to_string(),
                    pieces,
                    text: text.to_string(),
                    line: n,
                });
            }
            'E' => events.push((n, id.to_string(), body.to_string())),
            _ => {} // attributes, relations, normalisations, notes
        }
    }
    for (n, id, body) in events {
        let mut args = body.split_whitespace();
        let Some(head) = args.next() else {
            return Err(bad(n, format!("{id}: empty event")));
        };
        let etype = head.split_once(':').map_or(head, |(t, _)| t);
        if !etype.starts_with("Attribution") {
            continue;
        }
        let (mut content, mut cue, mut source) = (Vec::new(), Vec::new(), Vec::new());
        for arg in args {
            let Some((role, target)) = arg.split_once(':') else {
                return Err(bad(n, format!("{id}: expected `Role:T<n>`, got {arg:?}")));
            };
            let Some(&t) = index.get(target) else {
                return Err(bad(
                    n,
                    format!("{id}: {role} refers to {target}, which no T line defines"),
                ));
            };
            let pieces = &doc.textbounds[t].pieces;
            if role.starts_with("Content") {
                content.extend_from_slice(pieces);
            } else if role.starts_with("Cue") {
                cue.extend_from_slice(pieces);
            } else if role.starts_with("Source") {
                source.extend_from_slice(pieces);
            }
        }
        if content.is_empty() {
            doc.without_content += 1;
            continue;
        }
        doc.attributions.push(GoldAttribution {
            id,
            line: n,
            content: union(content),
            cue: union(cue),
            source: union(source),
        });
    }
    Ok(doc)
}

/// An article's text seen in code points, with its words.
pub struct TextView {
    chars: Vec<char>,
    /// Code point ranges of the words (maximal runs of letters and digits).
    words: Vec<Range>,
}

impl TextView {
    pub fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut words = Vec::new();
        let mut start = None;
        for (i, c) in chars.iter().enumerate() {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    words.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            words.push((s, chars.len()));
        }
        TextView { chars, words }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The text of the pieces, joined by a space (as brat writes it). Pieces must lie inside.
    pub fn text_of(&self, pieces: &[Range]) -> String {
        let parts: Vec<String> = pieces
            .iter()
            .map(|&(a, b)| self.chars[a..b].iter().collect())
            .collect();
        parts.join(" ")
    }

    /// Indices of the words touching any of the pieces, sorted.
    pub fn words_of(&self, pieces: &[Range]) -> Vec<usize> {
        let mut out = Vec::new();
        for &(a, b) in pieces {
            let mut i = self.words.partition_point(|w| w.1 <= a);
            while i < self.words.len() && self.words[i].0 < b {
                out.push(i);
                i += 1;
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

impl BratDoc {
    /// Check that every text-bound span lies inside the text and that its written text is the
    /// text at its offsets (whitespace runs compared as one space): the error names the line.
    pub fn check_text(&self, view: &TextView, file: &str) -> Result<()> {
        for tb in &self.textbounds {
            let bad = |message: String| Error::Data {
                file: file.to_string(),
                line: tb.line,
                message,
            };
            if let Some(&(a, b)) = tb.pieces.iter().find(|p| p.1 > view.len()) {
                return Err(bad(format!(
                    "{}: span {a}-{b} ends beyond the text ({} characters): wrong text file?",
                    tb.id,
                    view.len()
                )));
            }
            let actual = view.text_of(&tb.pieces);
            if !actual.split_whitespace().eq(tb.text.split_whitespace()) {
                return Err(bad(format!(
                    "{}: the text at {:?} is {:?}, not {:?}: wrong text file, or offsets not in code points?",
                    tb.id,
                    tb.pieces,
                    actual.chars().take(60).collect::<String>(),
                    tb.text.chars().take(60).collect::<String>()
                )));
            }
        }
        Ok(())
    }
}

/// Does the text hold a quotation mark? Double marks (`"` `“` `”` `„` `«` `»`, and `''` or
/// ` `` ` as some wire copy writes them) always count; a single mark (`'` or `‘`) counts only in
/// opening position: at the start or after a space or an opening bracket or dash, and before a
/// letter or digit, so apostrophes ("don't", "Clinton's", "voters'") never count.
pub fn has_quotation_mark(s: &str) -> bool {
    if s.contains(['"', '“', '”', '„', '«', '»']) || s.contains("''") || s.contains("``") {
        return true;
    }
    let chars: Vec<char> = s.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        (c == '\'' || c == '‘')
            && (i == 0 || chars[i - 1].is_whitespace() || "([{—–-/".contains(chars[i - 1]))
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())
    })
}

/// Crude stem: irregular verbs of saying to their base, then one of -ies/-ied (to -y), -ing,
/// -ed, -es, -s, -e dropped, then a doubled final consonant undoubled. Only ever compared with
/// the stems of the same function, so "said" / "says" / "saying" all give "say", "added" /
/// "adds" / "adding" give "ad", "noted" / "notes" / "noting" give "not".
pub fn stem(word: &str) -> String {
    let w = word.to_lowercase();
    let w = match w.as_str() {
        "said" => "say",
        "told" => "tell",
        "wrote" | "written" => "write",
        "went" | "gone" => "go",
        "spoke" | "spoken" => "speak",
        "thought" => "think",
        "taught" => "teach",
        "meant" => "mean",
        "made" => "make",
        _ => w.as_str(),
    };
    let n = w.chars().count();
    let mut s = if n > 4 && (w.ends_with("ies") || w.ends_with("ied")) {
        format!("{}y", &w[..w.len() - 3])
    } else if n >= 5 && w.ends_with("ing") {
        w[..w.len() - 3].to_string()
    } else if n >= 4 && (w.ends_with("ed") || w.ends_with("es")) {
        w[..w.len() - 2].to_string()
    } else if n >= 3 && (w.ends_with('e') || (w.ends_with('s') && !w.ends_with("ss"))) {
        w[..w.len() - 1].to_string()
    } else {
        w.to_string()
    };
    let b = s.as_bytes();
    if b.len() >= 3 {
        let (x, y) = (b[b.len() - 2], b[b.len() - 1]);
        if x == y && x.is_ascii_alphabetic() && !b"aeiou".contains(&x) {
            s.pop();
        }
    }
    s
}

fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The speech cues of the quote stage (`Resources::speech_cues`, one surface form or phrase per
/// entry), compared word by word through [`stem`].
pub struct SpeechLexicon {
    entries: Vec<Vec<String>>,
}

impl SpeechLexicon {
    pub fn new<'a>(forms: impl IntoIterator<Item = &'a str>) -> Self {
        let mut entries: Vec<Vec<String>> = forms
            .into_iter()
            .map(|f| words(f).into_iter().map(stem).collect::<Vec<_>>())
            .filter(|e| !e.is_empty())
            .collect();
        entries.sort();
        entries.dedup();
        SpeechLexicon { entries }
    }

    /// Does the cue hold an entry of the lexicon (its words in a row, up to inflection)?
    pub fn is_speech(&self, cue: &str) -> bool {
        let stems: Vec<String> = words(cue).into_iter().map(stem).collect();
        self.entries
            .iter()
            .any(|e| stems.windows(e.len()).any(|w| w == e.as_slice()))
    }
}

/// A gold attribution, ready for scoring.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldItem {
    /// Word indices of the content.
    pub words: Vec<usize>,
    /// Content and cue pieces (code points), for error listings.
    pub content: Vec<Range>,
    pub cue: Vec<Range>,
    /// Source pieces (code points); empty when there is no source.
    pub source: Vec<Range>,
    /// The entities the source names or, for a pronoun ("she"), refers to, as indices into the
    /// extracted document's entities (see [`resolve_sources`]).
    pub source_entities: Vec<usize>,
    pub direct: bool,
    pub speech: bool,
}

/// A predicted quote, ready for scoring.
#[derive(Clone, Debug, PartialEq)]
pub struct PredItem {
    /// Word indices of the content.
    pub words: Vec<usize>,
    /// Content pieces (code points), for error listings.
    pub content: Vec<Range>,
    /// The speaker span and the cue (code points), for error listings.
    pub speaker_span: Option<Range>,
    pub cue: Option<Range>,
    /// Code point ranges that name the speaker: the speaker span and every mention of the
    /// speaker entity. Empty when no speaker was found.
    pub speaker: Vec<Range>,
    /// The speaker entity (an index into the document's entities).
    pub speaker_entity: Option<usize>,
    /// Direct or mixed quote (used only when it overlaps no gold attribution).
    pub direct: bool,
    /// Its cue is in the speech lexicon (used only when it overlaps no gold attribution).
    pub speech: bool,
}

/// Gold attributions of one article, classified. `view` is the article's text.
pub fn gold_items(doc: &BratDoc, view: &TextView, lex: &SpeechLexicon) -> Vec<GoldItem> {
    doc.attributions
        .iter()
        .map(|a| GoldItem {
            words: view.words_of(&a.content),
            content: a.content.clone(),
            cue: a.cue.clone(),
            source: a.source.clone(),
            source_entities: Vec::new(),
            direct: has_quotation_mark(&view.text_of(&a.content)),
            speech: lex.is_speech(&view.text_of(&a.cue)),
        })
        .collect()
}

/// The quotes the pipeline found in `doc`, whose text must be the text of `view`.
pub fn pred_items(doc: &Document, view: &TextView, lex: &SpeechLexicon) -> Vec<PredItem> {
    let ix = CharIndex::new(&doc.text);
    doc.quotes
        .iter()
        .map(|q| {
            let mut speaker: Vec<Range> = q.speaker_span.map(|s| ix.span(s)).into_iter().collect();
            if let Some(e) = q.speaker {
                speaker.extend(
                    doc.entities[e]
                        .mentions
                        .iter()
                        .map(|&m| ix.span(doc.mentions[m].span)),
                );
            }
            let content: Vec<Range> = q.parts().iter().map(|&p| ix.span(p)).collect();
            PredItem {
                speaker_entity: q.speaker,
                words: view.words_of(&content),
                content,
                speaker_span: q.speaker_span.map(|s| ix.span(s)),
                cue: q.cue.map(|c| ix.span(c)),
                speaker,
                direct: matches!(q.kind, QuoteKind::Direct | QuoteKind::Mixed),
                speech: q.cue.is_some_and(|c| lex.is_speech(doc.slice(c))),
            }
        })
        .collect()
}

/// Which entities of `doc` (extracted from the text of the gold file) each gold source stands
/// for: the entities of the mentions it overlaps; for a source that is only a personal pronoun
/// ("he", "she", "they") and overlaps no mention, the entity of the nearest person mention
/// before it (for "it", the nearest organisation or country); for a relative pronoun ("who",
/// "whom", "which"), the entity of the mention right before it, nothing but spaces, commas or a
/// closing bracket between (its antecedent: "Bernie Sanders, who has long opposed the tax").
/// So a quote attributed to the entity a gold "she" or "who" refers to counts as the same
/// speaker, as the scoring rules ask.
pub fn resolve_sources(gold: &mut [GoldItem], doc: &Document) {
    let ix = CharIndex::new(&doc.text);
    let mentions: Vec<(Range, Option<usize>)> = doc
        .mentions
        .iter()
        .map(|m| (ix.span(m.span), m.entity))
        .collect();
    let chars: Vec<char> = doc.text.chars().collect();
    for g in gold.iter_mut() {
        let mut found: Vec<usize> = mentions
            .iter()
            .filter(|(r, _)| ranges_overlap(&[*r], &g.source))
            .filter_map(|(_, e)| *e)
            .collect();
        if found.is_empty() {
            if let Some(&(start, end)) = g.source.first() {
                let word: String = chars[start.min(chars.len())..end.min(chars.len())]
                    .iter()
                    .collect::<String>()
                    .trim()
                    .to_lowercase();
                let person = matches!(word.as_str(), "he" | "she" | "him" | "her");
                let org = matches!(word.as_str(), "it" | "they");
                if matches!(word.as_str(), "who" | "whom" | "which") {
                    found.extend(
                        mentions
                            .iter()
                            .rev()
                            .find(|(r, _)| r.1 <= start)
                            .filter(|(r, _)| {
                                chars[r.1..start]
                                    .iter()
                                    .all(|c| c.is_whitespace() || matches!(c, ',' | ')'))
                            })
                            .and_then(|(_, e)| *e),
                    );
                } else if person || org {
                    found.extend(
                        mentions
                            .iter()
                            .rev()
                            .filter(|(r, _)| r.1 <= start)
                            .filter_map(|(_, e)| *e)
                            .find(|&e| {
                                let t = doc.entities[e].etype;
                                if person {
                                    t.is_person()
                                } else {
                                    t.is_org() || t == crate::document::EntityType::Country
                                }
                            }),
                    );
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        g.source_entities = found;
    }
}

/// Is the predicted speaker the gold source: overlapping spans, or the same entity?
pub fn same_speaker(p: &PredItem, g: &GoldItem) -> bool {
    ranges_overlap(&p.speaker, &g.source)
        || p.speaker_entity
            .is_some_and(|e| g.source_entities.contains(&e))
}

/// |shared| / max(|a|, |b|) of two sorted word-index lists; 0 when both are empty.
pub fn overlap(a: &[usize], b: &[usize]) -> f64 {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    ratio(shared, a.len().max(b.len()))
}

/// One-to-one greedy matching: for each prediction, the gold item it matched. Pairs with
/// overlap >= `threshold` are taken by decreasing overlap (ties: earlier gold, then earlier
/// prediction), each side used once.
pub fn greedy_match(
    gold: &[Vec<usize>],
    pred: &[Vec<usize>],
    threshold: f64,
) -> Vec<Option<usize>> {
    let mut pairs = Vec::new();
    for (g, gw) in gold.iter().enumerate() {
        for (p, pw) in pred.iter().enumerate() {
            let o = overlap(gw, pw);
            if o > 0.0 && o >= threshold - 1e-9 {
                pairs.push((o, g, p));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut gold_used = vec![false; gold.len()];
    let mut out = vec![None; pred.len()];
    for (_, g, p) in pairs {
        if !gold_used[g] && out[p].is_none() {
            gold_used[g] = true;
            out[p] = Some(g);
        }
    }
    out
}

/// The gold item a prediction overlaps most (any overlap), earliest on ties.
fn best_overlap(gold: &[Vec<usize>], pred: &[usize]) -> Option<usize> {
    let mut best: Option<(f64, usize)> = None;
    for (g, gw) in gold.iter().enumerate() {
        let o = overlap(gw, pred);
        if o > 0.0 && best.is_none_or(|(b, _)| o > b) {
            best = Some((o, g));
        }
    }
    best.map(|(_, g)| g)
}

/// Does any range of `a` overlap any range of `b`?
pub fn ranges_overlap(a: &[Range], b: &[Range]) -> bool {
    a.iter().any(|x| b.iter().any(|y| x.0 < y.1 && y.0 < x.1))
}

/// The scored subsets of attributions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subset {
    All,
    /// Direct and mixed quotes: the gold content holds a quotation mark.
    Direct,
    /// The gold cue is a verb or phrase of saying (the speech lexicon).
    Speech,
}

impl Subset {
    pub const ALL: [Subset; 3] = [Subset::All, Subset::Direct, Subset::Speech];

    pub fn name(self) -> &'static str {
        match self {
            Subset::All => "all",
            Subset::Direct => "direct",
            Subset::Speech => "speech",
        }
    }

    pub fn has_gold(self, g: &GoldItem) -> bool {
        match self {
            Subset::All => true,
            Subset::Direct => g.direct,
            Subset::Speech => g.speech,
        }
    }

    /// For a prediction that overlaps no gold attribution: does it look like this subset?
    pub fn looks_like(self, p: &PredItem) -> bool {
        match self {
            Subset::All => true,
            Subset::Direct => p.direct,
            Subset::Speech => p.speech,
        }
    }
}

/// Counts for one subset at one threshold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    /// Matched pairs whose gold has a source: speaker accuracy's denominator.
    pub speaker_scored: usize,
    pub speaker_correct: usize,
    pub gold_without_source: usize,
    pub matched_without_source: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    pub fn f1(&self) -> f64 {
        crate::ner::score::f1(self.precision(), self.recall())
    }
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker_correct, self.speaker_scored)
    }
}

/// Counts per subset ([`Subset::ALL`] order) and threshold ([`THRESHOLDS`] order), summed over
/// articles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QuoteScores {
    pub counts: [[Counts; THRESHOLDS.len()]; 3],
    pub articles: usize,
}

impl QuoteScores {
    pub fn get(&self, subset: Subset, threshold: usize) -> &Counts {
        let s = Subset::ALL.iter().position(|x| *x == subset).unwrap_or(0);
        &self.counts[s][threshold]
    }

    /// Score one article's predictions against its gold attributions.
    pub fn add(&mut self, gold: &[GoldItem], pred: &[PredItem]) {
        self.articles += 1;
        let gw: Vec<Vec<usize>> = gold.iter().map(|g| g.words.clone()).collect();
        let pw: Vec<Vec<usize>> = pred.iter().map(|p| p.words.clone()).collect();
        let best: Vec<Option<usize>> = pw.iter().map(|p| best_overlap(&gw, p)).collect();
        for (t, &threshold) in THRESHOLDS.iter().enumerate() {
            let matched = greedy_match(&gw, &pw, threshold);
            for (s, subset) in Subset::ALL.iter().enumerate() {
                let c = &mut self.counts[s][t];
                for g in gold.iter().filter(|g| subset.has_gold(g)) {
                    c.gold += 1;
                    c.gold_without_source += usize::from(g.source.is_empty());
                }
                for (p, item) in pred.iter().enumerate() {
                    let member = match matched[p].or(best[p]) {
                        Some(g) => subset.has_gold(&gold[g]),
                        None => subset.looks_like(item),
                    };
                    if !member {
                        continue;
                    }
                    c.predicted += 1;
                    let Some(g) = matched[p] else { continue };
                    c.matched += 1;
                    if gold[g].source.is_empty() {
                        c.matched_without_source += 1;
                    } else {
                        c.speaker_scored += 1;
                        c.speaker_correct += usize::from(same_speaker(item, &gold[g]));
                    }
                }
            }
        }
    }
}

/// What went wrong with one gold attribution or one prediction, at the lenient threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mistake {
    /// A gold attribution no prediction matched.
    Missed { gold: usize },
    /// A prediction that matched no gold attribution (`near`: the one it overlaps most).
    Spurious { pred: usize, near: Option<usize> },
    /// A matched pair whose predicted speaker misses the gold source.
    WrongSpeaker { gold: usize, pred: usize },
}

/// The mistakes of one article at threshold `THRESHOLDS[t]`, in gold order then prediction order.
pub fn mistakes(gold: &[GoldItem], pred: &[PredItem], t: usize) -> Vec<Mistake> {
    let gw: Vec<Vec<usize>> = gold.iter().map(|g| g.words.clone()).collect();
    let pw: Vec<Vec<usize>> = pred.iter().map(|p| p.words.clone()).collect();
    let matched = greedy_match(&gw, &pw, THRESHOLDS[t]);
    let mut out = Vec::new();
    for g in 0..gold.len() {
        if !matched.contains(&Some(g)) {
            out.push(Mistake::Missed { gold: g });
        }
    }
    for (p, m) in matched.iter().enumerate() {
        match *m {
            None => out.push(Mistake::Spurious {
                pred: p,
                near: best_overlap(&gw, &pw[p]),
            }),
            Some(g) if !gold[g].source.is_empty() && !same_speaker(&pred[p], &gold[g]) => {
                out.push(Mistake::WrongSpeaker { gold: g, pred: p })
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;

//! Cues of the relation lexicon in the text: matching (gapped cues included, the longer of two
//! overlapping ones kept), the voice of a cue (active, or passive with or without an agent), and
//! the guards that keep a cue from firing: sport news, armed force, a bare verb after a modal,
//! political parties.

use super::Relations;
use crate::document::{Document, EntityType, Span, TokenKind};
use crate::pipeline::util::starts_upper;
use crate::resources::CUE_GAP;

/// Words that make a sentence about armed force (an `armed` cue keeps its class only with one).
const ARMED: &[&str] = &[
    "forces",
    "troops",
    "soldiers",
    "army",
    "military",
    "militants",
    "rebels",
    "insurgents",
    "fighters",
    "police",
    "gunmen",
    "militia",
    "militias",
    "navy",
    "warplanes",
    "jets",
    "tanks",
    "missile",
    "missiles",
    "rocket",
    "rockets",
    "bomb",
    "bombs",
    "shells",
    "artillery",
    "mortar",
    "guns",
    "gunfire",
    "weapons",
    "airstrike",
    "airstrikes",
    "rioters",
    "riot",
];
/// Sport words: three different ones in an article, or one in a sentence, make cues guarded with
/// `nosport` ("Wales host France", "United clash with Chelsea") stand down.
const SPORT_SENTENCE: &[&str] = &[
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "keeper",
    "goal",
    "goals",
    "league",
    "cup",
    "semi-final",
    "quarter-final",
    "tournament",
    "championship",
    "championships",
    "squad",
    "fixture",
    "fixtures",
    "scrum",
    "fly-half",
    "wicket",
    "wickets",
    "innings",
    "batsman",
    "bowler",
    "referee",
    "coach",
    "medal",
    "medals",
    "sprinter",
    "marathon",
    "athlete",
    "athletes",
    "athletics",
    "tennis",
    "football",
    "rugby",
    "cricket",
    "golf",
    "boxing",
    "premiership",
    "stadium",
    "kick-off",
    "half-time",
    "penalty",
    "penalties",
    "play-off",
    "playoff",
    "sprint",
    "scrum-half",
    "replacements",
    "substitutes",
    "subs",
    "capt",
    "winger",
    "full-back",
    "hat-trick",
    // (American sports and news agencies' sport headlines: "SOCCER - ENGLISH LEAGUE RESULTS")
    "soccer",
    "baseball",
    "basketball",
    "hockey",
    "pitcher",
    "quarterback",
    "touchdown",
    "inning",
    "nfl",
    "nba",
    "nhl",
    "cyclist",
    "jockey",
];
/// More sport words, counted only over the whole article ("final", "title" and "season" are
/// common in other news too).
const SPORT_ARTICLE: &[&str] = &[
    "match",
    "matches",
    "final",
    "finals",
    "season",
    "title",
    "champions",
    "club",
    "clubs",
    "olympic",
    "olympics",
    "seed",
    "seeded",
    "try",
    "tries",
];
/// One cue found in the text: its span and its line of the lexicon.
#[derive(Clone, Copy, Debug)]
pub(super) struct CueMatch {
    pub(super) span: Span,
    pub(super) cue: usize,
}

/// Which way a cue's actors stand.
pub(super) enum Voice {
    Active,
    /// "was (fiercely) opposed (earlier) by X": the auxiliary's token, and the "by" token when an
    /// agent is named.
    Passive {
        aux: usize,
        agent: Option<usize>,
    },
}

/// Does a cue end with the preposition that introduces its object ("met with", "ties with")?
pub(super) fn ends_with_preposition(cue: &str) -> bool {
    let last = cue.rsplit(' ').next().unwrap_or("").to_lowercase();
    matches!(
        last.as_str(),
        "with" | "to" | "on" | "at" | "against" | "into" | "between" | "behind" | "by" | "of"
    )
}

/// The index of a cue's first token.
pub(super) fn ct_of(doc: &Document, c: CueMatch) -> usize {
    doc.token_at_or_after(c.span.start)
}

/// Officials, government bodies, countries and armed groups: the parties of diplomatic meetings
/// and visits, and of talks, truces and threats in security news.
pub(super) fn is_political(doc: &Document, e: usize) -> bool {
    matches!(
        doc.entities[e].etype,
        EntityType::Official | EntityType::Agency | EntityType::Country | EntityType::ArmedGroup
    )
}

/// An article about sport: three different sport words, at least three times in all.
pub(crate) fn is_sport_article(doc: &Document) -> bool {
    let mut hits: Vec<String> = Vec::new();
    let mut total = 0;
    for k in 0..doc.tokens.len() {
        if doc.tokens[k].kind != TokenKind::Word {
            continue;
        }
        let w = doc.token_text(k).to_lowercase();
        if SPORT_SENTENCE.contains(&w.as_str()) || SPORT_ARTICLE.contains(&w.as_str()) {
            total += 1;
            if !hits.contains(&w) {
                hits.push(w);
            }
        }
    }
    total >= 3 && hits.len() >= 3
}

/// Is this word an adverb that may stand inside a verb group ("was fiercely opposed")?
pub(crate) fn is_adverb(w: &str) -> bool {
    let l = w.to_lowercase();
    (l.len() > 4 && l.ends_with("ly") && !starts_upper(w))
        || matches!(
            l.as_str(),
            "also" | "later" | "earlier" | "again" | "now" | "then" | "already" | "still" | "once"
        )
}

/// A past participle that can head a passive cue ("criticised", "struck").
fn is_participle(w: &str) -> bool {
    w.ends_with("ed")
        || matches!(
            w,
            "struck" | "met" | "hit" | "shot" | "cut" | "sent" | "given" | "broken" | "fought"
        )
}

impl Relations {
    /// Every cue of the lexicon in the body, gapped ones included; where two overlap, the longer.
    pub(super) fn cues(&self, doc: &Document) -> Vec<CueMatch> {
        let body = Span::new(doc.body_start, doc.text.len());
        let mut found: Vec<CueMatch> = self
            .res
            .relation_matcher
            .find(&doc.text, &doc.tokens, body)
            .into_iter()
            .map(|m| CueMatch {
                span: m.span,
                cue: m.payloads[0] as usize,
            })
            .collect();
        for m in self
            .res
            .relation_head_matcher
            .find(&doc.text, &doc.tokens, body)
        {
            // the longest completion of the gapped cues with this head ("renewed ties with"
            // before "renewed ties")
            let best = m
                .payloads
                .iter()
                .filter_map(|&g| {
                    let g = &self.res.relation_gapped[g as usize];
                    self.complete_gapped(doc, m.span.end, &g.segments)
                        .map(|end| (end, g.cue))
                })
                .max_by_key(|&(end, cue)| (end, std::cmp::Reverse(cue)));
            if let Some((end, cue)) = best {
                found.push(CueMatch {
                    span: Span::new(m.span.start, end),
                    cue,
                });
            }
        }
        found.sort_by(|a, b| {
            b.span
                .len()
                .cmp(&a.span.len())
                .then(a.span.start.cmp(&b.span.start))
        });
        // kept cues never overlap: the only one that can overlap a cue is the kept one starting
        // last before it ends
        let mut starts: std::collections::BTreeMap<usize, usize> = Default::default();
        let mut kept: Vec<CueMatch> = Vec::new();
        for c in found {
            let free = starts
                .range(..c.span.end)
                .next_back()
                .is_none_or(|(_, &end)| end <= c.span.start);
            if free {
                starts.insert(c.span.start, c.span.end);
                kept.push(c);
            }
        }
        kept.sort_by_key(|c| c.span.start);
        kept
    }

    /// Where a gapped cue whose first segment ends at byte `pos` ends, if its other segments
    /// follow, each within `CUE_GAP` plain words, in the same paragraph.
    fn complete_gapped(
        &self,
        doc: &Document,
        pos: usize,
        segments: &[Vec<String>],
    ) -> Option<usize> {
        let n = doc.tokens.len();
        let mut k = doc.token_at_or_after(pos);
        let mut end = pos;
        for seg in segments {
            let mut found = None;
            for gap in 0..=CUE_GAP {
                if k + gap + seg.len() > n {
                    break;
                }
                let fits = (k..k + gap + seg.len()).all(|j| !doc.tokens[j].para_start)
                    && seg
                        .iter()
                        .enumerate()
                        .all(|(i, w)| doc.token_text(k + gap + i).eq_ignore_ascii_case(w));
                if fits {
                    found = Some(k + gap);
                    break;
                }
                // the next word must be one a gap can hold before trying a longer gap
                if k + gap >= n || !is_gap_word(doc, k + gap) {
                    break;
                }
            }
            let start = found?;
            k = start + seg.len();
            end = doc.tokens[k - 1].span.end;
        }
        Some(end)
    }

    /// Active or passive: a participle cue after a form of "be" (adverbs and "not" may stand
    /// between), with its agent after "by" ("was fiercely opposed earlier by X").
    pub(super) fn voice(
        &self,
        doc: &Document,
        ct: usize,
        ce: usize,
        range: std::ops::Range<usize>,
    ) -> Voice {
        if ce == 0 || ce <= ct || !is_participle(&doc.token_text(ce - 1).to_lowercase()) {
            return Voice::Active;
        }
        let mut a = ct;
        while a > range.start
            && ct - a < 3
            && (is_adverb(doc.token_text(a - 1))
                || matches!(doc.token_text(a - 1), "not" | "never" | "n't"))
        {
            a -= 1;
        }
        if a == range.start
            || !matches!(
                doc.token_text(a - 1).to_lowercase().as_str(),
                "was" | "were" | "been" | "being" | "is" | "are" | "be" | "get" | "gets" | "got"
            )
        {
            return Voice::Active;
        }
        let mut b = ce;
        while b < range.end && b - ce < 2 && is_adverb(doc.token_text(b)) {
            b += 1;
        }
        let agent = (b < range.end && doc.token_text(b).eq_ignore_ascii_case("by")).then_some(b);
        Voice::Passive { aux: a - 1, agent }
    }

    /// Does a bare verb stand at token `k`: after "to", a modal, "do" or a negation, adverbs
    /// aside ("should back", "to also back", "did not back")?
    pub(super) fn after_modal(&self, doc: &Document, k: usize, start: usize) -> bool {
        let mut j = k;
        while j > start && is_adverb(doc.token_text(j - 1)) {
            j -= 1;
        }
        j > start
            && matches!(
                doc.token_text(j - 1).to_lowercase().as_str(),
                "to" | "will"
                    | "would"
                    | "should"
                    | "could"
                    | "can"
                    | "may"
                    | "might"
                    | "must"
                    | "shall"
                    | "do"
                    | "does"
                    | "did"
                    | "not"
                    | "n't"
                    | "cannot"
            )
    }

    pub(super) fn sport_sentence(&self, doc: &Document, si: usize) -> bool {
        doc.sentences[si]
            .tokens
            .clone()
            .any(|k| SPORT_SENTENCE.contains(&doc.token_text(k).to_lowercase().as_str()))
    }

    pub(super) fn armed_sentence(&self, doc: &Document, si: usize) -> bool {
        doc.sentences[si]
            .tokens
            .clone()
            .any(|k| ARMED.contains(&doc.token_text(k).to_lowercase().as_str()))
    }
}

/// A word a cue's gap may hold: not punctuation, not a word that starts a new phrase or clause.
fn is_gap_word(doc: &Document, k: usize) -> bool {
    let t = &doc.tokens[k];
    if !matches!(t.kind, TokenKind::Word | TokenKind::Number) {
        return false;
    }
    !matches!(
        doc.token_text(k).to_lowercase().as_str(),
        "and"
            | "or"
            | "but"
            | "that"
            | "who"
            | "which"
            | "with"
            | "to"
            | "by"
            | "for"
            | "from"
            | "in"
            | "on"
            | "at"
            | "of"
            | "not"
            | "n't"
    )
}

//! Modality of a relation: negation ("did not oppose", "denied"), intent ("is looking to
//! partner", "agreed to restore ties"; not after factive verbs such as "began to"), threats,
//! desire ("wants Putin to attack") and claims ("claimed that X attacked Y"), read from the words
//! before a cue, with the word lists they use.

use crate::document::Modality;

const NEGATIONS: &[&str] = &[
    "not", "cannot", "n't", "never", "no", "nothing", "refused", "declined", "neither", "nor",
    "denied", "denies", "deny", "denying",
];
const INTENT: &[&str] = &[
    "looking",
    "plans",
    "plan",
    "planned",
    "planning",
    "wants",
    "want",
    "seeks",
    "seeking",
    "intends",
    "hopes",
    "aims",
    "will",
    "would",
    "could",
    "may",
    "might",
    "expected",
    "ready",
    "prepared",
    "considering",
    "pledged",
    "promised",
    "vowed",
    "should",
    "must",
    "shall",
    "can",
];
/// Verbs after which "to" + cue states what happened, not what is intended ("began to cooperate").
const FACTIVE: &[&str] = &[
    "began",
    "begun",
    "begin",
    "begins",
    "started",
    "start",
    "starts",
    "continued",
    "continue",
    "continues",
    "managed",
    "went",
    "helped",
    // "was quick to give his backing": done, promptly
    "quick",
    "swift",
    // "was right to reject", "the first to recognise": a judgement of what was done
    "right",
    "wrong",
    "correct",
    "mistaken",
    "wise",
    "unwise",
    "first",
];
/// Words that report a relation as someone's claim: it keeps a low confidence.
const CLAIMS: &[&str] = &[
    "claimed",
    "claims",
    "claim",
    "claiming",
    "alleged",
    "alleges",
    "allege",
    "alleging",
    "allegedly",
    "reportedly",
    "purportedly",
    "supposedly",
    "rumoured",
    "rumored",
    "accused",
    "accuses",
    "accusing",
];
/// Verbs by which one party wants another to act ("wants Putin to attack", "urged X to back").
const DESIRE: &[&str] = &[
    "wants",
    "want",
    "wanted",
    "asked",
    "asks",
    "asking",
    "urged",
    "urges",
    "urging",
    "pressed",
    "presses",
    "pressing",
    "pressure",
    "pressured",
    "pressuring",
    "encouraged",
    "encourages",
    "called",
    "calls",
    "calling",
    "told",
    "tells",
    "expects",
    "expected",
    "invited",
    "invites",
    "persuade",
    "persuaded",
];

/// Is the relation advice to its subject from someone who reports it ("the EU said that the
/// US should back Ukraine's entry"): "should", "must" or "ought" between the subject group
/// and the cue, and the group right after a verb of saying (and "that", a determiner)? Then
/// it is the reporter's view of what the subject should do, no intent of the subject's.
pub(super) fn advised(between: &[String], before: &[String]) -> bool {
    if !between
        .iter()
        .any(|w| matches!(w.as_str(), "should" | "must" | "ought"))
    {
        return false;
    }
    let mut rest = before;
    while let [head @ .., last] = rest {
        if matches!(last.as_str(), "the" | "that" | "a" | "an") {
            rest = head;
        } else {
            break;
        }
    }
    rest.last()
        .is_some_and(|w| super::arguments::SAYING.contains(&w.as_str()))
}

/// Does a negation stand among these words ("not", "never", "denied", "won't"), or a bar
/// ("has been banned from suing", "was barred from meeting")?
pub(super) fn is_negated(words: &[String]) -> bool {
    words
        .iter()
        .any(|w| NEGATIONS.contains(&w.as_str()) || w.ends_with("n't"))
        || words.windows(2).any(|w| {
            w[1] == "from"
                && matches!(
                    w[0].as_str(),
                    "banned" | "barred" | "prevented" | "blocked" | "stopped" | "refrained"
                )
        })
}

/// Negation, modality and confidence of a relation from the words `between` the group before
/// its cue and the cue, and the words of the sentence `before` that group.
pub(super) fn assess(between: &[String], before: &[String]) -> (bool, Modality, f32) {
    let negated = is_negated(between);
    // "wants Putin to attack", "agreed to restore ties" (not "began to cooperate")
    let infinitive = between.last().is_some_and(|w| w == "to")
        && !(between.len() >= 2 && FACTIVE.contains(&between[between.len() - 2].as_str()));
    let about_to = between.windows(2).any(|w| w[0] == "about" && w[1] == "to");
    let desire = infinitive
        && before
            .iter()
            .rev()
            .take(4)
            .any(|w| DESIRE.contains(&w.as_str()));
    let claimed = between
        .iter()
        .chain(before.iter())
        .any(|w| CLAIMS.contains(&w.as_str()));
    let modality = if between.iter().any(|w| w.starts_with("threaten")) {
        Modality::Threatened
    } else if infinitive || about_to || between.iter().any(|w| INTENT.contains(&w.as_str())) {
        Modality::Intended
    } else if claimed {
        // what someone claims, or the article passes on ("reportedly"), as the tree reads it
        Modality::Reported
    } else {
        Modality::Asserted
    };
    let mut confidence: f32 = if between.len() > 5 { 0.6 } else { 0.75 };
    if desire {
        confidence = confidence.min(0.5);
    }
    if claimed {
        confidence = confidence.min(0.45);
    }
    (negated, modality, confidence)
}

//! Small text predicates shared by the stages.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

pub fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

pub fn is_all_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

/// Lowercase, accents stripped, punctuation dropped, single spaces: the lookup key of a name.
pub fn normalize_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '/' {
            space = true;
        }
        // other punctuation (periods of "U.S.", apostrophes) vanishes
    }
    out
}

/// Accents stripped, case kept ("Nguyễn" -> "Nguyen").
pub fn fold(s: &str) -> String {
    s.nfkd().filter(|c| !is_combining_mark(*c)).collect()
}

pub const MONTHS_AND_DAYS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Aug.",
    "Sept.",
    "Sep.",
    "Oct.",
    "Nov.",
    "Dec.",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Capitalised words that are not names even when capitalised (sentence starters, pronouns...).
pub const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Or",
    "So",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "For",
    "As",
    "After",
    "Before",
    "When",
    "While",
    "If",
    "Some",
    "Many",
    "Most",
    "Meanwhile",
    "However",
    "Still",
    "Yet",
    "Now",
    "Last",
    "Earlier",
    "Later",
    "Since",
    "Although",
    "Though",
    "Because",
    "According",
    "What",
    "Who",
    "Why",
    "How",
    "Where",
    "Such",
    "Both",
    "Each",
    "Every",
    "No",
    "Not",
    "Then",
    "Also",
    "Under",
    "With",
    "Without",
    "By",
    "From",
    "To",
    "Of",
    "Over",
    "Among",
    "Several",
    "Other",
    "Others",
    "Any",
    "All",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Ten",
    "First",
    "Second",
    "Third",
    "New",
    "Latest",
    "Read",
    "More",
    "Related",
    "Written",
    "Photo",
    "Image",
    "Copyright",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Yes",
    "Here",
    "Today",
    "Tomorrow",
    "Yesterday",
    "Despite",
    "During",
    "Until",
    "Like",
    "Unlike",
    "Instead",
    "Even",
    "Just",
    "Only",
    "Once",
    "Thus",
    "Hence",
    "Further",
    "Furthermore",
    "Moreover",
    "Indeed",
    "Perhaps",
    "Whether",
    "Which",
    "Whose",
    "Let",
    "Do",
    "Does",
    "Did",
    "Is",
    "Are",
    "Was",
    "Were",
    "Will",
    "Would",
    "Can",
    "Could",
    "Should",
    "May",
    "Might",
    "Must",
    "Has",
    "Have",
    "Had",
    "Be",
    "Being",
    "Been",
    "Nor",
    "Neither",
    "Either",
    "Via",
    "Per",
    "About",
    "Above",
    "Across",
    "Against",
    "Along",
    "Around",
    "Behind",
    "Below",
    "Beside",
    "Between",
    "Beyond",
    "Inside",
    "Into",
    "Near",
    "Off",
    "Onto",
    "Out",
    "Outside",
    "Through",
    "Throughout",
    "Toward",
    "Towards",
    "Up",
    "Upon",
    "Within",
    "Again",
    "Already",
    "Always",
    "Never",
    "Often",
    "Sometimes",
    "Soon",
    "Very",
];

/// Person-name particles that may stand lowercase inside a name ("Carmen de la Fuente").
pub const NAME_PARTICLES: &[&str] = &[
    "de", "la", "del", "della", "da", "das", "dos", "du", "van", "von", "der", "den", "ter", "bin",
    "ibn", "al", "el", "le",
];

pub const PRONOUNS: &[(&str, Pronoun)] = &[
    ("he", Pronoun::Person),
    ("she", Pronoun::Person),
    ("He", Pronoun::Person),
    ("She", Pronoun::Person),
    ("they", Pronoun::Any),
    ("They", Pronoun::Any),
    ("it", Pronoun::Org),
    ("It", Pronoun::Org),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pronoun {
    Person,
    Org,
    Any,
}

pub fn pronoun(s: &str) -> Option<Pronoun> {
    PRONOUNS.iter().find(|(p, _)| *p == s).map(|(_, k)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_accents_and_punctuation() {
        assert_eq!(normalize_key("U.S."), "us");
        assert_eq!(normalize_key("São  Paulo"), "sao paulo");
        assert_eq!(normalize_key("Zürich"), "zurich");
        assert_eq!(normalize_key("al-Hakim"), "al hakim");
        assert_eq!(fold("Nguyễn"), "Nguyen");
    }
}

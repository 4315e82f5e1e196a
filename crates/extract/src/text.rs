//! Name normalisation shared by every layer: lookup keys (accents folded, Latin letters that do
//! not decompose transliterated) and accent folding.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// Lowercase, accents stripped, punctuation dropped, single spaces: the lookup key of a name.
pub fn normalize_key(s: &str) -> String {
    if s.is_ascii() {
        normalize_ascii(s)
    } else {
        normalize_general(s)
    }
}

fn normalize_general(s: &str) -> String {
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
            match latin_ascii(c) {
                Some(t) => out.extend(t.chars().map(|c| c.to_ascii_lowercase())),
                None => out.extend(c.to_lowercase()),
            }
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '/' {
            space = true;
        }
        // other punctuation (periods of "U.S.", apostrophes) vanishes
    }
    out
}

/// A Latin letter that canonical decomposition leaves as it is (Ø, ß, Ł, Æ, Œ, đ, Þ, ı) as
/// ASCII letters ("O", "ss", "L", "AE", "OE", "d", "Th", "i"), by `deunicode`'s tables. Other
/// scripts (Cyrillic, Greek, Chinese...) keep their letters: their keys and slugs stay in their
/// own script.
fn latin_ascii(c: char) -> Option<&'static str> {
    let latin = matches!(c,
        '\u{00C0}'..='\u{024F}' // Latin-1 Supplement, Extended-A and -B
        | '\u{1E00}'..='\u{1EFF}' // Latin Extended Additional
        | '\u{2C60}'..='\u{2C7F}' // Latin Extended-C
        | '\u{A720}'..='\u{A7FF}' // Latin Extended-D
        | '\u{AB30}'..='\u{AB6F}'); // Latin Extended-E
    if !latin {
        return None;
    }
    deunicode::deunicode_char(c)
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// `normalize_key` for ASCII text (no decomposition needed): the same rules, faster.
fn normalize_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(b.to_ascii_lowercase() as char);
        } else if b.is_ascii_whitespace() || b == b'-' || b == b'_' || b == b'/' {
            space = true;
        }
    }
    out
}

/// Accents stripped, case kept ("Nguyễn" -> "Nguyen").
pub fn fold(s: &str) -> String {
    s.nfkd().filter(|c| !is_combining_mark(*c)).collect()
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
        // letters that do not decompose are transliterated
        assert_eq!(normalize_key("Ørsted"), "orsted");
        assert_eq!(normalize_key("Jürgen Weiß"), "jurgen weiss");
        assert_eq!(normalize_key("Łódź"), "lodz");
        assert_eq!(normalize_key("Æsir Đorđević"), "aesir dordevic");
        assert_eq!(normalize_key("ØRSTED"), normalize_key("Orsted"));
        // other scripts keep their letters
        assert_eq!(normalize_key("Путин"), "путин");
        // the ASCII fast path agrees with the general one
        for s in [
            "U.S. Treasury",
            "al-Hakim",
            " a  b_c/D ",
            "O'Neil's",
            "3M Co.",
            "",
        ] {
            assert_eq!(normalize_ascii(s), normalize_general(s), "{s:?}");
        }
    }
}

//! Article dates in the shapes feeds, pages and header lines write them, read with `jiff`:
//! ISO 8601 / RFC 3339 dates and date-times, RFC 2822 (RSS: "Tue, 3 Mar 2020 10:00:00 GMT"),
//! and the prose forms of bylines and page headers ("March 3, 2020", "3 March 2020",
//! "Tuesday, Mar. 3rd, 2020", "2020/03/03").
//!
//! The graph keeps one datatype for an article's date: the calendar day, `xsd:date`. A
//! date-time counts by the day it names in its own offset (the publisher's day:
//! "2020-03-03T23:30:00-05:00" is 3 March), so a `FILTER(?d >= "2020-03-01"^^xsd:date)` sees
//! every dated article.

use jiff::civil::Date;
use jiff::fmt::strtime::BrokenDownTime;

/// The calendar day an article date names, as `YYYY-MM-DD`, or `None` when it is not a date
/// this reader knows (then the graph keeps the text as written and the reader warns).
pub fn publication_day(s: &str) -> Option<String> {
    let d = day(s.trim())?;
    (1000..=9999)
        .contains(&d.year())
        .then(|| d.strftime("%Y-%m-%d").to_string())
}

fn day(s: &str) -> Option<Date> {
    if s.is_empty() {
        return None;
    }
    // ISO 8601 / RFC 3339: a date, alone or followed by a time ("T" or a space), any offset
    if let Ok((tm, n)) = BrokenDownTime::parse_prefix("%Y-%m-%d", s) {
        let rest = &s[n..];
        if n == 10 && (rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
            return tm.to_date().ok();
        }
    }
    // RFC 2822 (RSS, e-mail): "Tue, 3 Mar 2020 10:00:00 GMT", "3 Mar 2020 10:00 +0100"
    if let Ok(z) = jiff::fmt::rfc2822::parse(s) {
        return Some(z.date());
    }
    let words = prose_words(s);
    // `%B` reads full month names, `%b` their three-letter abbreviations
    for f in [
        "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y %B %d", "%Y %b %d", "%Y/%m/%d",
    ] {
        if let Ok((tm, _)) = BrokenDownTime::parse_prefix(f, &words) {
            if let Ok(d) = tm.to_date() {
                return Some(d);
            }
        }
    }
    None
}

/// Weekday names in full.
const FULL_WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Weekday names abbreviated.
const SHORT_WEEKDAYS: &[&str] = &[
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
];

/// Is lowercase `w` the full name of a weekday ("monday")?
pub(crate) fn is_weekday_name(w: &str) -> bool {
    FULL_WEEKDAYS.contains(&w)
}

/// Is lowercase `w` a weekday, named in full or abbreviated ("mon", "thurs")?
fn is_weekday_word(w: &str) -> bool {
    is_weekday_name(w) || SHORT_WEEKDAYS.contains(&w)
}

/// The words of a prose date, ready for `strtime`: a leading weekday dropped, commas and the
/// periods of abbreviations dropped, ordinal suffixes dropped ("3rd" -> "3"), "Sept" -> "Sep",
/// single spaces.
fn prose_words(s: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for (i, w) in s
        .split([' ', ',', '\t'])
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        let w = w.trim_end_matches('.');
        if i == 0 && is_weekday_word(&w.to_ascii_lowercase()) {
            continue;
        }
        let digits = w.bytes().take_while(u8::is_ascii_digit).count();
        let w = if digits > 0
            && matches!(
                w[digits..].to_ascii_lowercase().as_str(),
                "st" | "nd" | "rd" | "th"
            ) {
            &w[..digits]
        } else {
            w
        };
        if w.eq_ignore_ascii_case("sept") {
            out.push("Sep".into());
        } else {
            out.push(w.to_string());
        }
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::publication_day as day;

    #[test]
    fn the_shapes_articles_use() {
        for (s, want) in [
            ("2020-03-03", "2020-03-03"),
            ("2020-03-03T10:00:00Z", "2020-03-03"),
            ("2020-03-03T23:30:00-05:00", "2020-03-03"),
            ("2020-03-03T10:00:00.123+01:00", "2020-03-03"),
            ("2020-03-03 10:00", "2020-03-03"),
            ("Tue, 3 Mar 2020 10:00:00 GMT", "2020-03-03"),
            ("Tue, 03 Mar 2020 10:00:00 +0000", "2020-03-03"),
            ("3 Mar 2020 22:15 -0800", "2020-03-03"),
            ("March 3, 2020", "2020-03-03"),
            ("March 3 2020", "2020-03-03"),
            ("Mar. 3, 2020", "2020-03-03"),
            ("Tuesday, March 3rd, 2020", "2020-03-03"),
            ("Sept. 21, 2019", "2019-09-21"),
            ("3 March 2020", "2020-03-03"),
            ("Tue, 3 Mar 2020", "2020-03-03"),
            ("  2020/03/03 ", "2020-03-03"),
            ("March 3, 2020 10:00 AM EST", "2020-03-03"),
        ] {
            assert_eq!(day(s).as_deref(), Some(want), "{s:?}");
        }
    }

    #[test]
    fn what_is_no_date_stays_none() {
        for s in [
            "",
            "yesterday",
            "March 12",
            "2020-02-30",
            "February 30, 2020",
            "2026-03-12x",
            "12/03/2020",
            "Q1 2020",
        ] {
            assert_eq!(day(s), None, "{s:?}");
        }
    }
}

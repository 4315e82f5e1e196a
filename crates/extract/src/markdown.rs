//! Markdown read with a real CommonMark parser (`pulldown-cmark`, tables and strikethrough on)
//! into plain text that keeps the source's character offsets.

use pulldown_cmark::{Event, Options, Parser};

/// The text of a Markdown document with its markup blanked: every character that is markup
/// (emphasis marks, link brackets and destinations, heading, list and quote markers, code
/// fences and backticks, table pipes, HTML tags, link reference definitions) becomes a space;
/// line breaks stay. The text has exactly as many characters (Unicode code points) as the
/// source, each at its place, so a character offset into it is one into the file as read:
/// `**Brussels** — The [Commission](https://ec.europa.eu) said` reads
/// `  Brussels   — The  Commission                          said`. An entity or escape
/// ("&amp;", "\*") leaves the character it stands for in its place.
pub fn plain_text(src: &str) -> String {
    let mut keep = vec![false; src.len()];
    let mut replaced: Vec<(usize, String)> = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, r) in Parser::new_ext(src, options).into_offset_iter() {
        let t = match event {
            Event::Text(t) | Event::Code(t) => t,
            _ => continue,
        };
        let Some(source) = src.get(r.clone()) else {
            continue;
        };
        // the text as written inside its range (a code span's content inside its backticks,
        // "&" inside "&amp;", "*" inside "\*")
        if let Some(i) = source.find(&*t) {
            keep[r.start + i..r.start + i + t.len()].fill(true);
        } else if t.chars().count() <= source.chars().count() {
            // an entity whose character is not in the source ("&eacute;" for "é")
            replaced.push((r.start, t.into_string()));
        } else {
            keep[r].fill(true);
        }
    }
    let mut out: Vec<char> = src
        .char_indices()
        .map(|(i, c)| {
            if keep[i] || c == '\n' || c == '\r' {
                c
            } else {
                ' '
            }
        })
        .collect();
    for (start, t) in replaced {
        let at = src[..start].chars().count();
        for (k, c) in t.chars().enumerate() {
            out[at + k] = c;
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn markup_becomes_spaces_and_offsets_stay() {
        let src = "# Sanctions\n\n**Brussels** — The [European Commission](https://ec.europa.eu/x?a=1) said `no`.\n\n- *one* item &amp; more\n> quoted \\* text\n\n| a | b |\n|---|---|\n| c | d |\n";
        let text = plain_text(src);
        assert_eq!(text.chars().count(), src.chars().count());
        assert_eq!(text.lines().count(), src.lines().count());
        for bad in ["**", "](", "https://", "`", "#", "&amp;", "|", "\\"] {
            assert!(!text.contains(bad), "{bad:?} in {text:?}");
        }
        for (word, want) in [("Brussels", 1), ("European Commission", 1), ("no", 1)] {
            assert_eq!(text.matches(word).count(), want, "{word} in {text:?}");
        }
        // every character kept is where it was
        for ((a, b), i) in src.chars().zip(text.chars()).zip(0..) {
            assert!(
                a == b || b == ' ' || (a == '&' && b == '&'),
                "{i}: {a:?} {b:?}"
            );
        }
        let at = text.find("European").unwrap();
        assert_eq!(&src[at..at + 8], "European");
        assert!(text.contains("one  item &     more"), "{text:?}");
        assert!(text.contains("quoted  * text"), "{text:?}");
    }

    #[test]
    fn an_entity_without_its_character_in_the_source() {
        let src = "Caf&eacute; society.";
        let text = plain_text(src);
        assert_eq!(text.chars().count(), src.chars().count());
        assert!(text.starts_with("Caf\u{e9}"), "{text:?}");
        assert!(text.ends_with(" society."), "{text:?}");
    }
}

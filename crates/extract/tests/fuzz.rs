//! Fuzzing on stable Rust, bounded by time: inputs drawn with `arbitrary` from a seeded stream
//! of bytes, built from pieces that break readers and stages (names, titles, quotation marks
//! of every kind, tags, entities, JSON and feed syntax, control characters, long runs, broken
//! UTF-8), go to every reader (plain text, Markdown, HTML, JSON Lines, RSS/Atom, and the byte
//! decoder) and each article a reader returns goes through the whole pipeline. A panic fails
//! the test and leaves the input in the temporary folder it names.
//!
//! It runs for `NEWSGRAPH_FUZZ_SECONDS` (default 20; `.ci/run` keeps the default) from seed
//! `NEWSGRAPH_FUZZ_SEED` (default: the clock, printed so a failure can be replayed). For an
//! hour: `NEWSGRAPH_FUZZ_SECONDS=3600 cargo test --release -p newsgraph-extract --test fuzz --
//! --nocapture`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use arbitrary::{Arbitrary, Unstructured};
use newsgraph_extract::input::{decode, read_html, read_jsonl, read_markdown, read_text};
use newsgraph_extract::ner::NerModel;
use newsgraph_extract::{Pipeline, Resources};

const WORDS: &[&str] = &[
    "the",
    "said",
    "minister",
    "President",
    "Prime Minister",
    "Mr",
    "Ms.",
    "Dr.",
    "of",
    "and",
    "according to",
    "told",
    "criticised",
    "agreed with",
    "sanctions on",
    "talks with",
    "who",
    "its",
    "'s",
    "’s",
    "not",
    "will",
    "would",
    "UN",
    "U.S.",
    "NATO",
    "Reuters",
    "BBC",
    "government",
    "ministry",
    "officials",
    "spokesman",
    "Chinese",
    "French",
    "Iraqi",
];
const NAMES: &[&str] = &[
    "France",
    "Germany",
    "China",
    "United States",
    "Tony Blair",
    "Anna Berg",
    "Li Wei",
    "Microsoft",
    "Google",
    "the United Nations",
    "Gerhard F. Schroeder",
    "Zürich",
    "Москва",
    "北京",
    "Jean-Claude Juncker",
    "O'Neill",
    "McDonald's",
    "A.B.C. Corp",
];
const MARKS: &[&str] = &[
    "\"", "“", "”", "‘", "’", "'", "«", "»", "„", "''", "``", "(", ")", "[", "]", "—", "-", ",",
    ".", ";", ":", "?", "!", "…", "&", "&amp;", "&nbsp;", "&#x41;", "&bogus;",
];
const TAGS: &[&str] = &[
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<div/>",
    "<br>",
    "<b>",
    "</b>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<!-->",
    "<a href=\"x>y\">",
    "</a>",
    "<title>",
    "</title>",
    "<meta ",
    "property='og:title' content='T'>",
    "<svg>",
    "<path/>",
    "</svg>",
    "<table><tr><td>",
    "<",
    ">",
    "<3",
];
const SYNTAX: &[&str] = &[
    "{",
    "}",
    "\"text\":",
    "\"title\":",
    "\"id\":",
    "\"date\":",
    "null",
    "[",
    "]",
    "\\n",
    "\\u00e9",
    "\\ud800",
    "<rss><channel><item><title>",
    "</title><description>",
    "</description></item></channel></rss>",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content>",
    "</content></entry></feed>",
    "# ",
    "## ",
    "* ",
    "> ",
    "```",
    "[link](http://x)",
    "Title: ",
    "Date: 2024-02-30",
    "By ",
    "LONDON (Reuters) - ",
];

#[derive(Arbitrary, Debug)]
enum Piece {
    Word(u8),
    Name(u8),
    Mark(u8),
    Tag(u8),
    Syntax(u8),
    Space,
    Newline,
    Paragraph,
    Char(char),
    Byte(u8),
    Repeat(u8, u16),
}

#[derive(Arbitrary, Debug)]
struct Input {
    reader: u8,
    pieces: Vec<Piece>,
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list[i as usize % list.len()]
}

fn piece_bytes(p: &Piece, out: &mut Vec<u8>) {
    match p {
        Piece::Word(i) => out.extend_from_slice(pick(WORDS, *i).as_bytes()),
        Piece::Name(i) => out.extend_from_slice(pick(NAMES, *i).as_bytes()),
        Piece::Mark(i) => out.extend_from_slice(pick(MARKS, *i).as_bytes()),
        Piece::Tag(i) => out.extend_from_slice(pick(TAGS, *i).as_bytes()),
        Piece::Syntax(i) => out.extend_from_slice(pick(SYNTAX, *i).as_bytes()),
        Piece::Space => out.push(b' '),
        Piece::Newline => out.push(b'\n'),
        Piece::Paragraph => out.extend_from_slice(b"\n\n"),
        Piece::Char(c) => {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
        Piece::Byte(b) => out.push(*b),
        // a long run of one piece: thousands of quotation marks, names, tags
        Piece::Repeat(i, n) => {
            let one = match i % 4 {
                0 => pick(MARKS, *i / 4),
                1 => pick(NAMES, *i / 4),
                2 => pick(TAGS, *i / 4),
                _ => pick(WORDS, *i / 4),
            };
            for _ in 0..(*n % 2048) {
                out.extend_from_slice(one.as_bytes());
                out.push(b' ');
            }
        }
    }
}

/// SplitMix64, for a reproducible stream of bytes from a seed.
fn bytes_from(seed: u64, n: usize) -> Vec<u8> {
    let mut state = seed;
    let mut out = Vec::with_capacity(n + 8);
    while out.len() < n {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        out.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    out
}

#[test]
fn readers_and_pipeline_never_panic_on_arbitrary_input() {
    let seconds: u64 = std::env::var("NEWSGRAPH_FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let seed: u64 = std::env::var("NEWSGRAPH_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    eprintln!("fuzz: seed {seed}, {seconds} s (replay with NEWSGRAPH_FUZZ_SEED={seed})");
    let res = Arc::new(Resources::builtin().expect("built-in data loads"));
    let model = Arc::new(NerModel::builtin(&res).expect("built-in model loads"));
    let pipeline = Pipeline::with_model(res, Some(model));
    let dir = tempfile::tempdir().unwrap();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut cases, mut articles, mut bytes_seen) = (0u64, 0u64, 0usize);
    while Instant::now() < deadline {
        let case_seed = seed.wrapping_add(cases.wrapping_mul(0x2545_F491_4F6C_DD1D));
        let raw = bytes_from(case_seed, 512 + (case_seed % 4096) as usize);
        let mut u = Unstructured::new(&raw);
        let Ok(input) = Input::arbitrary(&mut u) else {
            cases += 1;
            continue;
        };
        let mut bytes = Vec::new();
        for p in &input.pieces {
            piece_bytes(p, &mut bytes);
        }
        bytes_seen += bytes.len();
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let docs = match decode(&bytes, "fuzz") {
                Err(_) => Vec::new(),
                Ok(text) => match input.reader % 5 {
                    0 => vec![read_text(text, "fuzz", None)],
                    1 => vec![read_markdown(&text, "fuzz", None)],
                    2 => vec![read_html(&text, "fuzz", None)],
                    3 => read_jsonl(&text, "fuzz"),
                    _ => newsgraph_extract::feed::read_feed(&bytes, "fuzz"),
                },
            };
            let mut n = 0;
            for mut doc in docs.into_iter().flatten() {
                pipeline.run(&mut doc);
                n += 1;
            }
            n
        }));
        match run {
            Ok(n) => articles += n,
            Err(_) => {
                let path = dir.keep().join(format!("case-{case_seed}.bin"));
                std::fs::write(&path, &bytes).unwrap();
                panic!(
                    "a reader or the pipeline panicked (reader {}, seed {case_seed}); input in {}",
                    input.reader % 5,
                    path.display()
                );
            }
        }
        cases += 1;
    }
    eprintln!("fuzz: {cases} inputs, {bytes_seen} bytes, {articles} articles through the pipeline, no panic");
    assert!(cases > 0 && articles > 0, "nothing was tried");
}

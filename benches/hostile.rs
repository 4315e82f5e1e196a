//! Linear time on hostile input (not a test): for each kind of input that real crawls produce
//! and that once took time growing faster than its size, `newsgraph extract` (the whole
//! process, with `--max-article-bytes` raised out of the way) is run on one article of 256 KB,
//! then of twice that size, up to NEWSGRAPH_HOSTILE_MAX_MB (default 8); each line prints the
//! time, the peak RSS and the ratio to the time of the size before (it should stay near 2;
//! the target is at most 2.5). Run with `cargo bench --bench hostile`. Exits 1 when a ratio
//! above 2.5 is seen past 1 MB (below that, the process's fixed start-up of about 0.2 s
//! dominates).

use std::path::Path;
use std::process::{Command, Stdio};

mod common;

const NAMES: [&str; 8] = [
    "Anna Berg",
    "Minister Li Wei",
    "President Macron",
    "Microsoft",
    "the United Nations",
    "Germany",
    "Chancellor Scholz",
    "Reuters",
];

/// Sentences naming people, countries and organisations, with titles and verbs of saying.
fn sentence(i: usize) -> String {
    let (a, b) = (NAMES[i % 8], NAMES[(i * 3 + 1) % 8]);
    match i % 4 {
        0 => format!("{a} criticised {b} over the deal on day {i}. "),
        1 => format!("{a} said talks with {b} would continue in Paris. "),
        2 => format!("According to {a}, {b} rejected the plan for the {i}th time. "),
        _ => format!("{a}, who met {b} in France on Monday, agreed to co-operate. "),
    }
}

fn fill(bytes: usize, mut piece: impl FnMut(usize) -> String) -> String {
    let mut s = String::from("Title\n\n");
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&piece(i));
        i += 1;
    }
    s.push('\n');
    s
}

/// The kinds of input, with their files' extension.
const KINDS: [(&str, &str); 7] = [
    ("one paragraph, no line breaks", "txt"),
    ("words without punctuation", "txt"),
    ("short quotations", "txt"),
    ("unbalanced quotation marks", "txt"),
    ("one token", "txt"),
    ("HTML nested deep", "html"),
    ("HTML, many paragraphs", "html"),
];

/// One input of about `bytes` bytes of kind `k` (an index into [`KINDS`]).
fn input(k: usize, bytes: usize) -> String {
    let words = [
        "the", "minister", "France", "said", "talks", "Anna", "Berg", "of", "and",
    ];
    let depth = bytes / 11;
    match k {
        0 => fill(bytes, sentence),
        1 => fill(bytes, |i| {
            format!("{} ", words[(i * 7 + i / 3) % words.len()])
        }),
        2 => fill(bytes, |i| format!("\"Act {i},\" Smith said. ")),
        3 => fill(bytes, |i| format!("\" {} ", words[i % words.len()])),
        4 => format!("Title\n\n{}\n", "a".repeat(bytes)),
        5 => format!(
            "<html><body>{}Text of France and Germany.{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        ),
        _ => format!(
            "<html><head><title>T</title></head><body><article>{}</article></body></html>",
            fill(bytes, |i| format!("<p>{}</p>", sentence(i)))
        ),
    }
}

/// Runs `newsgraph extract` on a file; wall seconds and peak RSS in MB.
fn extract(bin: &str, file: &Path) -> (f64, f64) {
    common::run_measured(
        Command::new(bin)
            .args(["--quiet", "extract", "--max-article-bytes", "1000000000"])
            .arg(file)
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    )
}

fn main() {
    let max_mb: usize = std::env::var("NEWSGRAPH_HOSTILE_MAX_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let bin = env!("CARGO_BIN_EXE_newsgraph");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut worst: f64 = 0.0;
    for (k, (kind, ext)) in KINDS.into_iter().enumerate() {
        let mut before: Option<f64> = None;
        let mut bytes = 256 * 1024;
        while bytes <= max_mb * 1024 * 1024 {
            let text = input(k, bytes);
            let file = dir.path().join(format!("input.{ext}"));
            std::fs::write(&file, &text).expect("the input is written");
            let (secs, rss) = extract(bin, &file);
            let ratio = before.map(|b| secs / b);
            if bytes > 1024 * 1024 {
                worst = worst.max(ratio.unwrap_or(0.0));
            }
            println!(
                "{kind:32} {:7.2} MB {secs:7.2} s {rss:7.1} MB RSS {}",
                text.len() as f64 / 1e6,
                ratio.map_or(String::new(), |r| format!("x{r:.2} for twice the size"))
            );
            before = Some(secs);
            bytes *= 2;
        }
    }
    println!("worst ratio past 1 MB: {worst:.2} (target <= 2.5)");
    if worst > 2.5 {
        std::process::exit(1);
    }
}

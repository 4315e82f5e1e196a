//! Tagger + parser speed (not a test): the built-in model over a gold-tokenised treebank (default
//! ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu, or NEWSGRAPH_PARSER_BENCH_CONLLU) and
//! over the sentences of a news corpus as the pipeline splits them (default
//! ../shared/data/bbc-news, or NEWSGRAPH_BENCH_DIR), one thread, best of three runs. Run with
//! `cargo bench -p newsgraph-extract --bench parser` (no RocksDB needed); figures go to stdout.

use std::path::PathBuf;
use std::time::Instant;

use newsgraph_extract::document::{Document, Metadata};
use newsgraph_extract::input::{collect_files, read_path};
use newsgraph_extract::parse::{read_conllu, words::sentence_words, ParserModel};
use newsgraph_extract::pipeline::{segment::Segmenter, Stage};

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(rel)
}

/// Best of three: seconds to tag and parse every sentence, one thread.
fn time(model: &ParserModel, sentences: &[Vec<&str>]) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let mut heads = 0usize;
        for s in sentences {
            heads += model.tag_and_parse(s).iter().map(|w| w.head).sum::<usize>();
        }
        std::hint::black_box(heads);
        best = best.min(t.elapsed().as_secs_f64());
    }
    best
}

fn report(what: &str, sentences: &[Vec<&str>], seconds: f64) {
    let words: usize = sentences.iter().map(Vec::len).sum();
    println!(
        "{what}: {} sentences, {words} words in {seconds:.3} s = {:.0} words/s (1 thread, best of 3)",
        sentences.len(),
        words as f64 / seconds
    );
}

fn main() {
    let t = Instant::now();
    let model = ParserModel::builtin().expect("the built-in parser loads");
    println!(
        "load the parser: {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );

    let conllu = std::env::var_os("NEWSGRAPH_PARSER_BENCH_CONLLU")
        .map(PathBuf::from)
        .unwrap_or_else(|| shared("ud-english-ewt/en_ewt-ud-dev.conllu"));
    match std::fs::read_to_string(&conllu) {
        Ok(text) => {
            let gold = read_conllu(&text, &conllu.display().to_string()).expect("CoNLL-U reads");
            let sentences: Vec<Vec<&str>> = gold.iter().map(|s| s.forms()).collect();
            report(
                &conllu.display().to_string(),
                &sentences,
                time(&model, &sentences),
            );
        }
        Err(e) => println!("skipped {}: {e}", conllu.display()),
    }

    let dir = std::env::var_os("NEWSGRAPH_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| shared("bbc-news"));
    let (files, _) = collect_files(std::slice::from_ref(&dir));
    let mut docs: Vec<Document> = files
        .iter()
        .flat_map(|f| read_path(f))
        .filter_map(Result::ok)
        .map(|d| Document::new(Metadata::default(), d.text))
        .collect();
    if docs.is_empty() {
        println!("skipped {}: no articles", dir.display());
        return;
    }
    for d in &mut docs {
        Segmenter.run(d);
    }
    let sentences: Vec<Vec<&str>> = docs
        .iter()
        .flat_map(|d| {
            (0..d.sentences.len()).map(move |s| {
                sentence_words(d, s)
                    .iter()
                    .map(|w| d.slice(w.span))
                    .collect::<Vec<_>>()
            })
        })
        .filter(|s| !s.is_empty())
        .collect();
    report(
        &dir.display().to_string(),
        &sentences,
        time(&model, &sentences),
    );
}

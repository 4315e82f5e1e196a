//! Prints the parse the pipeline reads relations, quotes and roles from, for each line of
//! stdin taken as one article: names of two words or more are one word there, as the later
//! stages see them (`newsgraph parse` parses plain words). A developer's tool:
//! `cargo run --release --example parse_in_context < sentences.txt`.

use std::io::Read;
use std::sync::Arc;

use newsgraph_extract::document::{Document, Metadata};
use newsgraph_extract::pipeline::Pipeline;
use newsgraph_extract::resources::Resources;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pipeline = Pipeline::new(Arc::new(Resources::builtin()?));
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    for line in input.lines().filter(|l| !l.trim().is_empty()) {
        let mut doc = Document::new(Metadata::default(), line.to_string());
        pipeline.run(&mut doc);
        for s in &doc.sentences {
            if s.words.is_empty() {
                continue;
            }
            println!("# text = {}", doc.slice(s.span));
            for (i, w) in doc.words[s.words.clone()].iter().enumerate() {
                let head = w.head.map_or(0, |h| h - s.words.start + 1);
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    i + 1,
                    doc.slice(w.span),
                    w.upos,
                    head,
                    w.deprel
                );
            }
            println!();
        }
    }
    Ok(())
}

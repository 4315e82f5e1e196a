//! Prints the trained recogniser's own labels (BIO tag and confidence per token), before the
//! pipeline's rules and merges, for each line of stdin taken as one sentence of one document
//! (tokens split on whitespace). A developer's tool for telling the model's mistakes from the
//! rules': `cargo run --release --example ner_tags < tokenised.txt`.

use std::io::Read;

use newsgraph_extract::ner::{label_spans, NerModel};
use newsgraph_extract::resources::Resources;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let res = Resources::builtin()?;
    let model = NerModel::builtin(&res)?;
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let sentences: Vec<Vec<&str>> = input
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect();
    for (s, labels) in sentences.iter().zip(model.tag_document(&sentences)) {
        let ids: Vec<usize> = labels.iter().map(|l| l.label).collect();
        let spans: Vec<String> = label_spans(&ids)
            .iter()
            .map(|t| {
                let conf = labels[t.start..t.end]
                    .iter()
                    .map(|l| l.confidence)
                    .fold(1f32, f32::min);
                format!("[{} {} {conf:.2}]", t.etype, s[t.start..t.end].join(" "))
            })
            .collect();
        println!("{}", spans.join(" "));
    }
    Ok(())
}

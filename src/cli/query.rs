//! `query` (SPARQL over the store, results in the W3C formats or a table, syntax errors with
//! a caret under the spot) and `stats` (what the store holds).

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use anyhow::{anyhow, Context};
use newsgraph_graph::query::{write_results, OutputFormat};
use newsgraph_graph::store::GraphStore;
use newsgraph_graph::Error;

use super::{open_output, Cli, Exit, QueryFormat};

pub fn query(
    cli: &Cli,
    sparql: Option<&str>,
    file: Option<&Path>,
    format: Option<QueryFormat>,
    output: Option<&Path>,
) -> anyhow::Result<Exit> {
    let text = match (sparql, file) {
        (Some(q), _) => q.to_string(),
        (None, Some(f)) => std::fs::read_to_string(f)
            .with_context(|| format!("cannot read query file {}", f.display()))?,
        (None, None) => {
            if std::io::stdin().is_terminal() {
                return Err(anyhow!(
                    "no query: give it as an argument, with --file, or on stdin"
                ));
            }
            let mut q = String::new();
            std::io::stdin().read_to_string(&mut q)?;
            q
        }
    };
    let store = GraphStore::open_read_only(&cli.store)?;
    let results = match store.query(&text) {
        Ok(r) => r,
        Err(Error::QuerySyntax(msg)) => {
            eprintln!("error: SPARQL syntax error: {msg}");
            if let Some(caret) = caret(&text, &msg) {
                eprintln!("{caret}");
            }
            return Ok(Exit::Fatal);
        }
        Err(e) => return Err(e.into()),
    };
    let format = match (format, &results) {
        (Some(f), _) => f.into(),
        (None, oxigraph::sparql::QueryResults::Graph(_)) => OutputFormat::Turtle,
        (None, _) => OutputFormat::Table,
    };
    let mut out = open_output(output)?;
    write_results(results, format, &mut out)?;
    out.flush()?;
    Ok(Exit::Ok)
}

/// Point at the position named in a parser message ("error at 3:5: ...").
fn caret(query: &str, msg: &str) -> Option<String> {
    let at = msg.split("at ").nth(1)?;
    let pos: String = at
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let (l, c) = pos.trim_end_matches(':').split_once(':')?;
    let (line, col): (usize, usize) = (l.parse().ok()?, c.parse().ok()?);
    let text = query.lines().nth(line.checked_sub(1)?)?;
    Some(format!(
        "  {text}\n  {}^ line {line}, column {col}",
        " ".repeat(col.saturating_sub(1))
    ))
}

pub fn stats(cli: &Cli, json: bool) -> anyhow::Result<Exit> {
    let store = GraphStore::open_read_only(&cli.store)?;
    let s = store.stats()?;
    let merges = newsgraph_graph::lookup::merge_counts(&store)?;
    let mut out = std::io::stdout().lock();
    if json {
        let v = serde_json::json!({
            "articles": s.articles,
            "entities": s.entities,
            "entities_by_type": s.entities_by_type.iter().map(|(k, n)| (k.clone(), serde_json::Value::from(*n))).collect::<serde_json::Map<String, serde_json::Value>>(),
            "relations_by_predicate": s.relations_by_predicate.iter().map(|(k, n)| (k.clone(), serde_json::Value::from(*n))).collect::<serde_json::Map<String, serde_json::Value>>(),
            "quotes": s.quotes,
            "roles": s.roles,
            "quads": s.quads,
            "merges_by_reason": merges.iter().map(|(r, n, d)| (r.name().to_string(), serde_json::json!({"records": n, "distinct": d}))).collect::<serde_json::Map<String, serde_json::Value>>(),
        });
        writeln!(out, "{v}")?;
    } else {
        writeln!(out, "store      {}", cli.store.display())?;
        writeln!(out, "articles   {}", s.articles)?;
        writeln!(out, "entities   {}", s.entities)?;
        for (t, n) in &s.entities_by_type {
            writeln!(out, "  {t:<14} {n}")?;
        }
        writeln!(
            out,
            "relations  {}",
            s.relations_by_predicate.iter().map(|x| x.1).sum::<usize>()
        )?;
        for (p, n) in &s.relations_by_predicate {
            writeln!(out, "  {p:<14} {n}")?;
        }
        writeln!(out, "quotes     {}", s.quotes)?;
        writeln!(out, "roles      {}", s.roles)?;
        writeln!(
            out,
            "merges     {} (name joined to an entity, per article; distinct entity/name pairs)",
            merges.iter().map(|x| x.1).sum::<usize>()
        )?;
        for (r, n, d) in &merges {
            writeln!(out, "  {:<18} {n:>6} {d:>6}", r.name())?;
        }
        writeln!(out, "quads      {}", s.quads)?;
    }
    Ok(Exit::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_points_at_the_error() {
        let c = caret("SELECT * WHERE {\n  ?s ?p }", "error at 2:9: expected ...").unwrap();
        assert!(c.contains("line 2, column 9"), "{c}");
    }
}

//! `why` (everything that links two entities, with ranked evidence) and `timeline` (an
//! entity's relations, roles and quotations by article date).

use std::io::Write;

use newsgraph_graph::explain::{self, Evidence, Timeline, Why};
use newsgraph_graph::lookup::NameIndex;

use super::explore::{check_name, open_index};
use super::{Cli, Exit};

/// The entity a name (or an IRI) stands for: the best match of the name index, or `Err` with
/// the "did you mean" line.
pub fn resolve(ix: &NameIndex, name: &str) -> Result<String, String> {
    if let Some(e) = ix.get(name) {
        return Ok(e.iri.clone());
    }
    if let Some(h) = ix.search(name, &[], 1).first() {
        return Ok(h.entry.iri.clone());
    }
    let s: Vec<String> = ix
        .suggestions(name, 5)
        .iter()
        .map(|e| e.label.clone())
        .collect();
    Err(if s.is_empty() {
        format!("no entity matches '{name}'")
    } else {
        format!(
            "no entity matches '{name}'; did you mean: {}?",
            s.join(", ")
        )
    })
}

fn check(name: &str) -> anyhow::Result<()> {
    check_name(name)?;
    if newsgraph_extract::text::normalize_key(name).is_empty() && !name.contains(':') {
        anyhow::bail!("'{name}' has no letters or digits to look up");
    }
    Ok(())
}

fn source(e: &Evidence) -> String {
    let t = e.title.clone().unwrap_or_else(|| e.article.clone());
    match &e.date {
        Some(d) => format!("{t} ({})", d.get(..10).unwrap_or(d)),
        None => t,
    }
}

/// Control characters (escape sequences above all) never reach a terminal.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

pub fn why(cli: &Cli, a: &str, b: &str, items: usize, json: bool) -> anyhow::Result<Exit> {
    check(a)?;
    check(b)?;
    let (store, ix) = open_index(cli)?;
    let (ia, ib) = match (resolve(&ix, a), resolve(&ix, b)) {
        (Ok(x), Ok(y)) => (x, y),
        (x, y) => {
            for e in [x.err(), y.err()].into_iter().flatten() {
                eprintln!("{e}");
            }
            return Ok(Exit::Partial);
        }
    };
    if ia == ib {
        anyhow::bail!("'{a}' and '{b}' are the same entity ({ia})");
    }
    let w = explain::why(&store, &ia, &ib, items)?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, &w)?;
        writeln!(out)?;
    } else {
        write_why(&mut out, &w)?;
    }
    Ok(if w.links.is_empty() {
        Exit::Partial
    } else {
        Exit::Ok
    })
}

fn write_why(out: &mut dyn Write, w: &Why) -> anyhow::Result<()> {
    let ty = |t: Option<newsgraph_extract::document::EntityType>| t.map_or("?", |t| t.local_name());
    writeln!(
        out,
        "{} [{}]  and  {} [{}]",
        clean(&w.a.label),
        ty(w.a.etype),
        clean(&w.b.label),
        ty(w.b.etype)
    )?;
    if w.links.is_empty() {
        writeln!(out, "  nothing links them in the store")?;
        return Ok(());
    }
    for l in &w.links {
        let modality = match l.modality.as_deref() {
            Some(m) if m != "Asserted" => format!(" [{}]", m.to_lowercase()),
            _ => String::new(),
        };
        writeln!(
            out,
            "  {:<20} {}{modality} ({} statement{}, {} article{})",
            l.kind.name(),
            clean(&l.summary),
            l.statements,
            if l.statements == 1 { "" } else { "s" },
            l.articles,
            if l.articles == 1 { "" } else { "s" },
        )?;
        for e in &l.evidence {
            writeln!(
                out,
                "      {:.2}  \"{}\" — {}",
                e.confidence,
                clean(e.sentence.trim()),
                clean(&source(e))
            )?;
        }
    }
    Ok(())
}

pub fn timeline(
    cli: &Cli,
    name: &str,
    (since, until): (Option<&str>, Option<&str>),
    page: explain::Page,
    json: bool,
) -> anyhow::Result<Exit> {
    check(name)?;
    let since = since.map(newsgraph_graph::export::parse_date).transpose()?;
    let until = until.map(newsgraph_graph::export::parse_date).transpose()?;
    let (store, ix) = open_index(cli)?;
    let iri = match resolve(&ix, name) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{e}");
            return Ok(Exit::Partial);
        }
    };
    let t = explain::timeline(&store, &iri, since.as_deref(), until.as_deref(), page)?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, &t)?;
        writeln!(out)?;
    } else {
        write_timeline(&mut out, &t)?;
    }
    Ok(Exit::Ok)
}

fn write_timeline(out: &mut dyn Write, t: &Timeline) -> anyhow::Result<()> {
    writeln!(
        out,
        "{} [{}]: {} item{}{}",
        clean(&t.entity.label),
        t.entity.etype.map_or("?", |x| x.local_name()),
        t.total,
        if t.total == 1 { "" } else { "s" },
        match t.items.len() {
            n if n == t.total => String::new(),
            0 => format!(" (none from item {})", t.offset + 1),
            n => format!(" (items {}-{})", t.offset + 1, t.offset + n),
        }
    )?;
    for i in &t.items {
        let d = i
            .date
            .as_deref()
            .map_or("----------", |d| d.get(..10).unwrap_or(d));
        let what = match &i.quote {
            Some(q) => format!("{}: \"{}\"", i.summary, q),
            None => i.summary.clone(),
        };
        writeln!(out, "  {d}  {:<8} {}", i.kind, clean(&what))?;
        writeln!(
            out,
            "              {:.2}  \"{}\" — {}",
            i.evidence.confidence,
            clean(i.evidence.sentence.trim()),
            clean(i.evidence.title.as_deref().unwrap_or(&i.evidence.article))
        )?;
    }
    Ok(())
}

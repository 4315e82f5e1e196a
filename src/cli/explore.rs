//! `entity`, `entities` and `remove`: looking things up in the store and taking articles out.

use std::io::Write;

use anyhow::Context;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

use newsgraph_extract::document::EntityType;
use newsgraph_graph::lookup::{card, Card, MatchKind, NameIndex, Sort, MAX_NAME_CHARS};
use newsgraph_graph::store::GraphStore;

use super::{Cli, Exit};

/// `--type` values: names of the ontology's entity classes, case-insensitive, comma-separated
/// or repeated.
pub fn parse_types(values: &[String]) -> anyhow::Result<Vec<EntityType>> {
    let mut out = Vec::new();
    for v in values.iter().flat_map(|v| v.split(',')) {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        let t = newsgraph_graph::export::parse_entity_type(v)?;
        if !out.contains(&t) {
            out.push(t);
        }
        // asking for people includes officials (an Official is a Person)
        if t == EntityType::Person && !out.contains(&EntityType::Official) {
            out.push(EntityType::Official);
        }
    }
    Ok(out)
}

/// Refuse a name longer than any entity's (look-ups cap their input).
pub fn check_name(name: &str) -> anyhow::Result<()> {
    let n = name.chars().count();
    if n > MAX_NAME_CHARS {
        anyhow::bail!(
            "the name to look up is {n} characters long; names of at most {MAX_NAME_CHARS} characters are looked up"
        );
    }
    Ok(())
}

/// The store (read-only) and its name index. Opening RocksDB takes tens of milliseconds, so
/// the saved index is read meanwhile on another thread; its revision is then checked against
/// the store's, and a stale index rebuilt.
pub fn open_index(cli: &Cli) -> anyhow::Result<(GraphStore, NameIndex)> {
    let path = cli.store.join(newsgraph_graph::lookup::INDEX_FILE);
    let (store, saved) = std::thread::scope(|s| {
        let saved = s.spawn(|| NameIndex::read(&path).ok());
        let store = GraphStore::open_read_only(&cli.store);
        (store, saved.join().ok().flatten())
    });
    let store = store?;
    let (ix, rebuilt) = NameIndex::open_with(&store, saved)?;
    if rebuilt && !cli.quiet {
        eprintln!("note: rebuilt the name index of {}", cli.store.display());
    }
    Ok((store, ix))
}

pub fn entity(
    cli: &Cli,
    name: &str,
    types: &[String],
    limit: usize,
    items: usize,
    json: bool,
) -> anyhow::Result<Exit> {
    let types = parse_types(types)?;
    check_name(name)?;
    if newsgraph_extract::text::normalize_key(name).is_empty() {
        anyhow::bail!("'{name}' has no letters or digits to look up");
    }
    let (store, ix) = open_index(cli)?;
    let hits = ix.search(name, &types, limit.max(1) + 10);
    let mut out = std::io::stdout().lock();
    if hits.is_empty() {
        let suggestions: Vec<String> = ix
            .suggestions(name, 5)
            .iter()
            .map(|e| e.label.clone())
            .collect();
        if json {
            serde_json::to_writer(
                &mut out,
                &serde_json::json!({"query": name, "matches": [], "cards": [], "did_you_mean": suggestions}),
            )?;
            writeln!(out)?;
        }
        eprintln!("no entity matches '{name}'");
        if !suggestions.is_empty() {
            eprintln!("did you mean: {}?", suggestions.join(", "));
        }
        return Ok(Exit::Partial);
    }
    let shown = limit.max(1).min(hits.len());
    let cards: Vec<Card> = hits[..shown]
        .iter()
        .map(|h| card(&store, &h.entry.iri, items))
        .collect::<Result<_, _>>()?;
    if json {
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({"query": name, "matches": hits, "cards": cards}),
        )?;
        writeln!(out)?;
        return Ok(Exit::Ok);
    }
    for (i, c) in cards.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        // a store written before readers replaced control characters may hold some: a
        // terminal would act on them (escape sequences), so they show as U+FFFD
        let mut card_text = Vec::new();
        write_card(&mut card_text, c, hits[i].kind, &hits[i].matched)?;
        let shown: String = String::from_utf8_lossy(&card_text)
            .chars()
            .map(|ch| {
                if ch.is_control() && ch != '\n' {
                    '\u{FFFD}'
                } else {
                    ch
                }
            })
            .collect();
        out.write_all(shown.as_bytes())?;
    }
    let others = &hits[shown..];
    if !others.is_empty() {
        writeln!(out, "\nother matches:")?;
        for h in others {
            writeln!(
                out,
                "  {} ({}, {} articles, {} match)",
                h.entry.label,
                h.entry.etype.map_or("?", |t| t.local_name()),
                h.entry.mentions,
                kind_name(h.kind)
            )?;
        }
    }
    Ok(Exit::Ok)
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn kind_name(k: MatchKind) -> &'static str {
    match k {
        MatchKind::Exact => "exact",
        MatchKind::Alias => "alias",
        MatchKind::Prefix => "prefix",
        MatchKind::Fuzzy => "fuzzy",
    }
}

fn when(title: &Option<String>, date: &Option<String>, article: &str) -> String {
    let t = title.clone().unwrap_or_else(|| article.to_string());
    match date {
        Some(d) => format!("{t} ({})", d.get(..10).unwrap_or(d)),
        None => t,
    }
}

fn write_card(out: &mut dyn Write, c: &Card, kind: MatchKind, matched: &str) -> anyhow::Result<()> {
    let ty = c.etype.map_or("?", |t| t.local_name());
    writeln!(out, "{}  [{ty}]", c.label)?;
    writeln!(out, "  iri        {}", c.iri)?;
    if kind != MatchKind::Exact {
        writeln!(out, "  matched    {matched} ({} match)", kind_name(kind))?;
    }
    if let Some(w) = &c.wikidata {
        writeln!(out, "  wikidata   {w}")?;
    }
    if let Some(cc) = &c.country_code {
        writeln!(out, "  country    {cc}")?;
    }
    if !c.aliases.is_empty() {
        writeln!(out, "  aliases    {}", c.aliases.join(", "))?;
    }
    if c.type_votes.len() > 1 {
        let votes: Vec<String> = c
            .type_votes
            .iter()
            .map(|(t, n)| format!("{t} in {n}"))
            .collect();
        writeln!(out, "  typed      {} (articles)", votes.join(", "))?;
    }
    writeln!(out, "  articles   {}", c.article_count)?;
    if !c.merged_names.is_empty() {
        writeln!(out, "  why these names are one entity:")?;
        for m in c.merged_names.iter().take(12) {
            writeln!(
                out,
                "    {:<28} {} ({}; {})",
                m.name,
                m.reason,
                m.explanation,
                plural(m.articles, "article")
            )?;
        }
        if c.merged_names.len() > 12 {
            writeln!(out, "    ... {} more", c.merged_names.len() - 12)?;
        }
    }
    if !c.roles.is_empty() {
        writeln!(out, "  roles:")?;
        for r in &c.roles {
            let with = match (&r.organization, &r.member) {
                (Some(o), _) => format!(" at {}", o.label),
                (None, Some(m)) => format!(": {}", m.label),
                _ => String::new(),
            };
            writeln!(
                out,
                "    {}{with} ({})",
                r.title,
                plural(r.articles, "article")
            )?;
        }
    }
    if !c.relations.is_empty() {
        writeln!(out, "  relations:")?;
        let mut last = ("", "");
        for r in &c.relations {
            if (r.predicate.as_str(), r.direction) != last {
                let arrow = if r.direction == "out" {
                    format!("{} ->", r.predicate)
                } else {
                    format!("<- {}", r.predicate)
                };
                writeln!(out, "    {arrow}")?;
                last = (r.predicate.as_str(), r.direction);
            }
            writeln!(
                out,
                "      {} ({}, {})",
                r.other.label,
                plural(r.statements, "statement"),
                plural(r.articles, "article")
            )?;
            writeln!(
                out,
                "        \"{}\" — {}",
                r.strongest.sentence.trim(),
                when(&r.strongest.title, &r.strongest.date, &r.strongest.article)
            )?;
        }
    }
    if c.quote_count > 0 {
        writeln!(out, "  quotations ({}):", c.quote_count)?;
        for q in &c.quotes {
            writeln!(
                out,
                "    [{}] \"{}\" — {}",
                q.kind.to_lowercase(),
                q.text.trim(),
                when(&q.title, &q.date, &q.article)
            )?;
        }
    }
    if !c.articles.is_empty() {
        writeln!(out, "  mentioned in:")?;
        for a in &c.articles {
            writeln!(
                out,
                "    {}",
                when(&a.title, &a.date, a.id.as_deref().unwrap_or(&a.article))
            )?;
        }
        if c.article_count > c.articles.len() {
            writeln!(out, "    ... {} more", c.article_count - c.articles.len())?;
        }
    }
    Ok(())
}

pub fn entities(
    cli: &Cli,
    types: &[String],
    sort: Sort,
    limit: usize,
    json: bool,
) -> anyhow::Result<Exit> {
    let types = parse_types(types)?;
    let (_store, ix) = open_index(cli)?;
    let list = ix.list(&types, sort, limit);
    let mut out = std::io::stdout().lock();
    if json {
        for e in &list {
            serde_json::to_writer(&mut out, e)?;
            writeln!(out)?;
        }
        return Ok(Exit::Ok);
    }
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(["name", "type", "articles", "aliases"]);
    for e in &list {
        let mut aliases = e
            .aliases
            .iter()
            .take(4)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if e.aliases.len() > 4 {
            aliases.push_str(&format!(", +{}", e.aliases.len() - 4));
        }
        table.add_row([
            e.label.clone(),
            e.etype.map_or("?", |t| t.local_name()).to_string(),
            e.mentions.to_string(),
            aliases,
        ]);
    }
    writeln!(out, "{table}")?;
    Ok(Exit::Ok)
}

/// The identities a file that no longer exists may have had in the store: the canonical path
/// ingest recorded (its folder canonicalised, the name appended) and the path made absolute.
fn deleted_file_ids(path: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    if let (Some(parent), Some(name)) = (path.parent(), path.file_name()) {
        let parent = if parent.as_os_str().is_empty() {
            std::path::Path::new(".")
        } else {
            parent
        };
        if let Ok(dir) = std::fs::canonicalize(parent) {
            out.push(dir.join(name).display().to_string());
        }
    }
    if let Ok(abs) = std::path::absolute(path) {
        out.push(abs.display().to_string());
    }
    out
}

pub fn remove(cli: &Cli, articles: &[String], json: bool) -> anyhow::Result<Exit> {
    if !newsgraph_graph::storedir::is_store(&cli.store) {
        anyhow::bail!(
            "{}: no store here (run `newsgraph ingest` first, or pass --store)",
            cli.store.display()
        );
    }
    let store = match cli.remote.remote()? {
        Some(r) => GraphStore::open_mirrored(&cli.store, std::sync::Arc::new(r))?,
        None => GraphStore::open(&cli.store)?,
    };
    for w in newsgraph_graph::ingest::interrupted_warnings(
        store.recovered(),
        "is written again by the next ingest of its file",
    ) {
        eprintln!("warning: {w}");
    }
    let before = store.revision()?;
    let mut removed = Vec::new();
    let mut missing = Vec::new();
    let mut count = 0usize;
    for a in articles {
        // a file names the articles read from it (by the identity ingest gave them: JSON id,
        // URL header or canonical path), anything else is an id, URL, key or IRI
        let path = std::path::Path::new(a);
        let ids: Vec<String> = if path.is_file() {
            newsgraph_extract::input::read_path(path)
                .into_iter()
                .filter_map(Result::ok)
                .map(|d| d.meta.id)
                .collect()
        } else {
            // a file deleted since it was ingested: its identity was its canonical path, which
            // the folder it was in (when it still exists) gives back
            let mut ids = vec![a.clone()];
            ids.extend(deleted_file_ids(path));
            ids
        };
        let mut found = false;
        for id in ids.iter().chain(std::iter::once(a)) {
            let Some(iri) = store.find_article(id)? else {
                continue;
            };
            if store
                .remove_article(&iri)
                .with_context(|| format!("cannot remove {a}"))?
            {
                found = true;
                count += 1;
            }
        }
        if found {
            removed.push(a.clone());
        } else {
            missing.push(a.clone());
        }
    }
    if !removed.is_empty() {
        store.flush()?;
        NameIndex::refresh_after(&store, &before, &store.take_touched())?;
    }
    for m in &missing {
        eprintln!(
            "error: no article '{m}' in {} (give its id, URL, path, key or IRI)",
            cli.store.display()
        );
    }
    if json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({"removed": removed, "articles_removed": count, "not_found": missing}),
        )?;
        writeln!(out)?;
    }
    if !cli.quiet {
        eprintln!("removed {count} article(s) from {}", cli.store.display());
    }
    Ok(if missing.is_empty() {
        Exit::Ok
    } else if removed.is_empty() {
        Exit::Fatal
    } else {
        Exit::Partial
    })
}

//! `query` (SPARQL over the store, results in the W3C formats or a table, syntax errors with
//! a caret under the spot) and `stats` (what the store holds).

use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context};
use newsgraph_graph::query::{write_results_limited, OutputFormat};
use newsgraph_graph::store::GraphStore;
use newsgraph_graph::Error;
use oxigraph::sparql::CancellationToken;

use super::{open_output, Cli, Exit, QueryFormat};

pub struct QueryArgs<'a> {
    pub sparql: Option<&'a str>,
    pub file: Option<&'a Path>,
    pub format: Option<QueryFormat>,
    pub output: Option<&'a Path>,
    pub limit_rows: Option<usize>,
    pub timeout: u64,
    pub max_memory: Option<u64>,
}

/// Rows the table holds by default (it sizes its columns from all of them).
const TABLE_ROWS: usize = 1000;

pub fn query(cli: &Cli, a: QueryArgs<'_>) -> anyhow::Result<Exit> {
    let text = read_request(a.sparql, a.file, "query")?;
    super::check_output(a.output)?;
    if let Some(remote) = cli.remote.remote_with_timeout(Some(a.timeout))? {
        let results = remote.query_results(&text)?;
        return write_query_results(cli, &a, results, None);
    }
    let store = GraphStore::open_read_only(&cli.store)?;
    let cancel = CancellationToken::new();
    let max_mb = a
        .max_memory
        .unwrap_or_else(|| half_of_memory_mb().unwrap_or(4096));
    // from the start: Oxigraph may evaluate part of a query before the first row is asked for
    let guard = Watchdog::start(cancel.clone(), Duration::from_secs(a.timeout), max_mb);
    let results = match store.query_cancellable(&text, cancel) {
        Ok(r) => r,
        Err(Error::QuerySyntax(msg)) => {
            eprintln!("error: {}", syntax_error(a.file, &msg));
            if let Some(caret) = caret(&text, &msg) {
                eprintln!("{caret}");
            }
            return Ok(Exit::Fatal);
        }
        Err(e) => return Err(e.into()),
    };
    write_query_results(cli, &a, results, Some(guard))
}

/// Print a query's results in the format asked (a table by default, Turtle for graphs); a
/// watchdog (embedded store) may have stopped the query meanwhile.
fn write_query_results(
    cli: &Cli,
    a: &QueryArgs<'_>,
    results: oxigraph::sparql::QueryResults<'static>,
    guard: Option<Watchdog>,
) -> anyhow::Result<Exit> {
    let format = match (a.format, &results) {
        (Some(f), _) => f.into(),
        (None, oxigraph::sparql::QueryResults::Graph(_)) => OutputFormat::Turtle,
        (None, _) => OutputFormat::Table,
    };
    let limit = match a.limit_rows {
        Some(0) => None,
        Some(n) => Some(n),
        None if format == OutputFormat::Table => Some(TABLE_ROWS),
        None => None,
    };
    let mut out = open_output(a.output)?;
    let written = write_results_limited(results, format, limit, &mut out)
        .map_err(anyhow::Error::from)
        .and_then(|w| {
            out.flush()?;
            Ok(w)
        });
    let stopped = guard.and_then(Watchdog::stop);
    let written = match (written, stopped) {
        (_, Some(reason)) => {
            drop(out);
            eprintln!("error: {reason}");
            return Ok(Exit::Fatal);
        }
        (r, None) => r?,
    };
    if written.truncated && !cli.quiet {
        eprintln!(
            "note: stopped after {} rows (--limit-rows); pass --limit-rows N for more, --limit-rows 0 for all{}",
            written.rows,
            if format == OutputFormat::Table {
                ", or a format written as the rows come (--format csv, tsv, json, xml)"
            } else {
                ""
            }
        );
    }
    Ok(Exit::Ok)
}

/// Cancels a query that runs past its time or makes the process grow past its memory limit;
/// [`Watchdog::stop`] says which, if either.
struct Watchdog {
    done: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<Option<String>>,
}

impl Watchdog {
    fn start(cancel: CancellationToken, timeout: Duration, max_mb: u64) -> Self {
        let done = Arc::new(AtomicBool::new(false));
        let flag = done.clone();
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            while !flag.load(Ordering::Relaxed) {
                let reason = if started.elapsed() > timeout {
                    Some(format!(
                        "query stopped after {} s (--timeout); narrow it, or give it more time",
                        timeout.as_secs()
                    ))
                } else {
                    rss_mb().filter(|&mb| mb > max_mb).map(|mb| {
                        format!(
                            "query stopped: it made newsgraph use {mb} MB, over the {max_mb} MB allowed (--max-memory); ORDER BY, GROUP BY and DISTINCT hold every row in memory: narrow the query or add LIMIT"
                        )
                    })
                };
                if let Some(reason) = reason {
                    cancel.cancel();
                    // Oxigraph checks the token when it reads the store, not while it joins or
                    // sorts rows already read: give it a moment, then end the process
                    for _ in 0..25 {
                        std::thread::sleep(Duration::from_millis(20));
                        if flag.load(Ordering::Relaxed) {
                            return Some(reason);
                        }
                    }
                    eprintln!("error: {reason}");
                    std::process::exit(Exit::Fatal as i32);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            None
        });
        Watchdog { done, thread }
    }

    fn stop(self) -> Option<String> {
        self.done.store(true, Ordering::Relaxed);
        self.thread.join().ok().flatten()
    }
}

/// The process's resident memory, from /proc (Linux); `None` elsewhere.
fn rss_mb() -> Option<u64> {
    Some(proc_kb("/proc/self/status", "VmRSS:")? / 1024)
}

/// A `KEY: N kB` field of a /proc file.
fn proc_kb(file: &str, key: &str) -> Option<u64> {
    std::fs::read_to_string(file)
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix(key))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Half the memory the machine has available now.
fn half_of_memory_mb() -> Option<u64> {
    Some(proc_kb("/proc/meminfo", "MemAvailable:")? / 2048)
}

/// The SPARQL text of `query` / `update`: the argument, else `--file FILE` (`-`: stdin), else
/// stdin when it is not a terminal.
pub fn read_request(arg: Option<&str>, file: Option<&Path>, what: &str) -> anyhow::Result<String> {
    let stdin = || -> anyhow::Result<String> {
        let mut q = String::new();
        std::io::stdin()
            .read_to_string(&mut q)
            .context("cannot read stdin")?;
        Ok(q)
    };
    match (arg, file) {
        (Some(q), _) => Ok(q.to_string()),
        (None, Some(f)) if super::is_stdio(f) => stdin(),
        (None, Some(f)) => std::fs::read_to_string(f)
            .with_context(|| format!("cannot read {what} file {}", f.display())),
        (None, None) => {
            if std::io::stdin().is_terminal() {
                return Err(anyhow!(
                    "no {what}: give it as an argument, with --file, or on stdin"
                ));
            }
            stdin()
        }
    }
}

/// A SPARQL syntax error as `FILE:LINE:COLUMN: SPARQL syntax error: ...` (the file is
/// `<query>` for an argument, `<stdin>` for stdin), from the parser's "error at 3:5: ...".
pub fn syntax_error(file: Option<&Path>, msg: &str) -> String {
    let origin = match file {
        Some(f) if super::is_stdio(f) => "<stdin>".to_string(),
        Some(f) => f.display().to_string(),
        None => "<query>".to_string(),
    };
    match position(msg) {
        Some((l, c)) => format!(
            "{}: SPARQL syntax error: {msg}",
            newsgraph_extract::error::position(origin, l, Some(c))
        ),
        None => format!("{origin}: SPARQL syntax error: {msg}"),
    }
}

/// The line and column named in a parser message ("error at 3:5: ...").
fn position(msg: &str) -> Option<(usize, usize)> {
    let at = msg.split("at ").nth(1)?;
    let pos: String = at
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let (l, c) = pos.trim_end_matches(':').split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

/// Point at the position named in a parser message ("error at 3:5: ...").
pub fn caret(query: &str, msg: &str) -> Option<String> {
    let (line, col) = position(msg)?;
    let text = query.lines().nth(line.checked_sub(1)?)?;
    Some(format!(
        "  {text}\n  {}^ line {line}, column {col}",
        " ".repeat(col.saturating_sub(1))
    ))
}

pub fn stats(cli: &Cli, json: bool) -> anyhow::Result<Exit> {
    let (s, merges, name) = match cli.remote.remote()? {
        Some(r) => (
            newsgraph_graph::store::stats_from(&r, None)?,
            newsgraph_graph::lookup::merge_counts(&r)?,
            r.config().query.clone(),
        ),
        None => {
            let store = GraphStore::open_read_only(&cli.store)?;
            (
                store.stats()?,
                newsgraph_graph::lookup::merge_counts(&store)?,
                cli.store.display().to_string(),
            )
        }
    };
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
        writeln!(out, "store      {name}")?;
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

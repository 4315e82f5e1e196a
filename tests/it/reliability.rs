//! Hostile input and concurrent use (issue 17): readers during an ingest, bounded query output
//! and guards, JSON Lines with a bad byte, control characters, the store directory's
//! protection, a store that cannot be written, and the small things. No test is timed: loops
//! are bounded by counts, and processes end by themselves.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use crate::{assert_ok, at, ingest, sample_store, samples};

/// Articles that take the pipeline and the store a while (each names countries, companies, a
/// quote), in their own folder.
pub(crate) fn write_articles(dir: &Path, n: usize) {
    fs::create_dir_all(dir).unwrap();
    let names = [
        "France",
        "Germany",
        "Google",
        "Microsoft",
        "China",
        "Japan",
        "Italy",
        "Spain",
        "Intel",
        "IBM",
    ];
    for i in 0..n {
        let (a, b) = (names[i % 10], names[(i * 3 + 1) % 10]);
        let body = format!("{a} criticised {b} over the deal on day {i}. ").repeat(20);
        fs::write(
            dir.join(format!("{i:04}.txt")),
            format!("Story {i}\n\n{body}\n\"We oppose this,\" said minister Anna Berg{i}.\n"),
        )
        .unwrap();
    }
}

/// The binary as a `std::process::Command` (to spawn it with pipes).
fn spawnable(store: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_newsgraph"));
    c.env_remove("NEWSGRAPH_STORE").arg("--store").arg(store);
    c
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Item 1: a loop of readers while `ingest` writes into a store that already holds articles:
/// every reader gets an answer (the writer's snapshot), none sees RocksDB's files move.
#[test]
fn readers_get_answers_while_an_ingest_writes() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("db");
    assert_ok(&ingest(&store, &[&samples()]));
    let many = dir.path().join("many");
    write_articles(&many, 400);
    let mut writer = spawnable(&store)
        .args(["-q", "ingest"])
        .arg(&many)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reads = 0;
    let mut failures = Vec::new();
    // bounded: at most 300 rounds, and only while the writer runs
    for _ in 0..300 {
        if writer.try_wait().unwrap().is_some() {
            break;
        }
        for args in [&["query", "ASK { ?s ?p ?o }"][..], &["entity", "china"][..]] {
            let out = at(&store).args(args).output().unwrap();
            reads += 1;
            if !out.status.success() {
                failures.push(format!("{args:?}: {}", stderr(&out)));
            }
        }
    }
    let status = writer.wait().unwrap();
    assert!(status.success(), "the ingest failed");
    assert!(reads > 0, "no reader ran while the writer did");
    assert!(
        failures.is_empty(),
        "{} of {reads} reads failed: {failures:?}",
        failures.len()
    );
    // and after it, the live store with everything
    let out = at(&store)
        .args([
            "query",
            "--format",
            "csv",
            "SELECT (COUNT(?a) AS ?n) WHERE { ?a a ng:Article }",
        ])
        .output()
        .unwrap();
    assert_ok(&out);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("407"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // the snapshot is gone with the writer
    assert!(!fs::read_dir(&store).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with("snapshot-")));
}

/// Item 1: during a store's first ingest there is nothing to snapshot: a reader waits, then
/// says the store is busy; it never reports corruption.
#[test]
fn a_reader_during_a_first_ingest_hears_busy_never_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("db");
    let many = dir.path().join("many");
    write_articles(&many, 400);
    let mut writer = spawnable(&store)
        .args(["-q", "ingest"])
        .arg(&many)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    // a busy reader waits about seven seconds before it says so: three rounds at most
    for _ in 0..3 {
        if writer.try_wait().unwrap().is_some() {
            break;
        }
        let out = at(&store)
            .args(["query", "ASK { ?s ?p ?o }"])
            .output()
            .unwrap();
        let err = stderr(&out);
        assert!(
            out.status.success() || err.contains("store busy") || err.contains("no store here"),
            "{err}"
        );
        assert!(
            !err.contains("Corruption") && !err.contains("No such file"),
            "{err}"
        );
    }
    assert!(writer.wait().unwrap().success());
}

/// Item 3: the table stops at its row limit with a note, CSV streams (a reader that stops
/// reading ends the query at once), and a sort over a cross product is stopped by the memory
/// guard instead of eating the machine.
#[test]
fn query_output_is_bounded_and_guarded() {
    let store = sample_store();
    let cross = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }";
    let out = at(store).args(["query", cross]).output().unwrap();
    assert_ok(&out);
    let err = stderr(&out);
    assert!(err.contains("stopped after 1000 rows"), "{err}");
    let rows = String::from_utf8_lossy(&out.stdout).lines().count();
    assert!(rows < 1100, "{rows} lines");

    let out = at(store)
        .args(["query", "--limit-rows", "5", "--format", "json", cross])
        .output()
        .unwrap();
    assert_ok(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["results"]["bindings"].as_array().unwrap().len(), 5);

    // `| head`: read three lines, close the pipe; the process ends by itself, quietly
    let mut child = spawnable(store)
        .args(["query", "--format", "csv", cross])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        for _ in 0..3 {
            lines.next().unwrap().unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let out = at(store)
        .args([
            "query",
            "--max-memory",
            "200",
            &format!("{cross} ORDER BY ?c ?f"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--max-memory"), "{}", stderr(&out));
}

/// Item 4: a JSON Lines file with a bad byte on one line loses that line only.
#[test]
fn a_bad_byte_costs_one_json_line() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    fs::write(
        &feed,
        b"{\"id\": \"l1\", \"text\": \"Germany and France signed a deal.\"}\n{\"id\": \"l2\", \"text\": \"A bad \xff byte in Paris.\"}\n{\"id\": \"l3\", \"text\": \"Spain opposed Italy on the plan.\"}\n",
    )
    .unwrap();
    let store = dir.path().join("db");
    let out = ingest(&store, &[&feed]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("feed.jsonl:2") && err.contains("invalid UTF-8"),
        "{err}"
    );
    assert!(err.contains("2 new"), "{err}");
}

/// Item 5: a NUL after the first 8 KB and an escape character are replaced (and reported), and
/// the XML results parse.
#[test]
fn control_characters_never_reach_the_output() {
    use oxigraph::sparql::results::{
        QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ctl.txt");
    let body = "France criticised Google over the deal. ".repeat(250);
    fs::write(
        &file,
        format!("Control test\n\n{body}\nThe minister said\u{0} it was fine\u{1b}[31m.\n"),
    )
    .unwrap();
    let store = dir.path().join("db");
    let out = ingest(&store, &[&file]);
    assert_ok(&out);
    assert!(
        stderr(&out).contains("2 control character(s)"),
        "{}",
        stderr(&out)
    );
    let out = at(&store)
        .args([
            "query",
            "--format",
            "xml",
            "SELECT ?t WHERE { ?c nif:isString ?t }",
        ])
        .output()
        .unwrap();
    assert_ok(&out);
    assert!(!out.stdout.contains(&0) && !out.stdout.contains(&0x1b));
    let ReaderQueryResultsParserOutput::Solutions(sols) =
        QueryResultsParser::from_format(QueryResultsFormat::Xml)
            .for_reader(out.stdout.as_slice())
            .unwrap()
    else {
        panic!("solutions expected")
    };
    assert_eq!(sols.collect::<Result<Vec<_>, _>>().unwrap().len(), 1);
}

/// Item 6: outputs inside a store are refused, a folder of articles is not a store, a run that
/// writes nothing leaves no store behind, and a store carries its marker.
#[test]
fn the_store_directory_is_protected() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("db");
    assert_ok(&ingest(&store, &[&samples().join("02_cyber_sanctions.md")]));
    let marker = fs::read_to_string(store.join("newsgraph-store")).unwrap();
    assert!(marker.contains("format 1"), "{marker}");
    let current = fs::read(store.join("CURRENT")).unwrap();
    let out = at(&store)
        .args(["query", "-o"])
        .arg(store.join("CURRENT"))
        .arg("ASK {}")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("inside the newsgraph store"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(store.join("CURRENT")).unwrap(), current);
    let out = at(&store)
        .args(["export", "--format", "turtle", "-o"])
        .arg(store.join("x.ttl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(crate::ask(&store, "ASK { ?s ?p ?o }"));

    let articles = dir.path().join("articles");
    fs::create_dir(&articles).unwrap();
    fs::copy(
        samples().join("02_cyber_sanctions.md"),
        articles.join("a.md"),
    )
    .unwrap();
    let out = ingest(&articles, &[&samples()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a newsgraph store"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_dir(&articles).unwrap().count(),
        1,
        "files were written among the articles"
    );

    let fresh = dir.path().join("fresh").join("db");
    let out = ingest(&fresh, &[&dir.path().join("missing.txt")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!fresh.exists() && !dir.path().join("fresh").exists());
}

/// Item 7: a store that cannot be written (here: a file size limit, as a full disk would)
/// stops the ingest at once with one error and the summary of what was committed; exit 2.
#[cfg(unix)]
#[test]
fn a_store_write_error_stops_ingest_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let many = dir.path().join("many");
    write_articles(&many, 200);
    let store = dir.path().join("db");
    let bin = Path::new(env!("CARGO_BIN_EXE_newsgraph"));
    let out = std::process::Command::new("sh")
        .arg("-c")
        // ignore SIGXFSZ so that writing past the limit fails with EFBIG, as ENOSPC would
        .arg(format!(
            "trap '' XFSZ; ulimit -f 2000; exec '{}' --store '{}' ingest '{}'",
            bin.display(),
            store.display(),
            many.display()
        ))
        .env_remove("NEWSGRAPH_STORE")
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{err}"
    );
    assert!(err.contains("stopped; committed before the error"), "{err}");
}

/// Item 8: `remove` by the relative path of a deleted file, an ingest where nothing succeeds
/// exits 2, a huge look-up name is refused at once, and an UPDATE is refused as one.
#[test]
fn the_small_things() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("db");
    let articles = dir.path().join("articles");
    write_articles(&articles, 2);
    let out = at(&store)
        .current_dir(dir.path())
        .args(["ingest", "articles"])
        .output()
        .unwrap();
    assert_ok(&out);
    fs::remove_file(articles.join("0001.txt")).unwrap();
    let out = at(&store)
        .current_dir(dir.path())
        .args(["remove", "articles/0001.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("removed 1 article"),
        "{}",
        stderr(&out)
    );

    let bad = dir.path().join("bad.txt");
    fs::write(&bad, b"\xff\xfe not text").unwrap();
    let out = ingest(&store, &[&bad]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = at(&store).arg("extract").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));

    let long = "a".repeat(100_000);
    let out = at(&store).args(["entity", &long]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("at most 200 characters"),
        "{}",
        stderr(&out)
    );

    let out = at(&store)
        .args([
            "query",
            "INSERT DATA { <http://a.org/s> <http://a.org/p> 1 }",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("read-only") && err.contains("ingest") && !err.contains("expected CONSTRUCT"),
        "{err}"
    );
}

/// The peak resident memory of a finished child process, in bytes (wait4's ru_maxrss).
fn peak_rss(child: std::process::Child) -> (std::process::ExitStatus, u64) {
    use std::os::unix::process::ExitStatusExt;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    std::mem::forget(child);
    (
        std::process::ExitStatus::from_raw(status),
        usage.ru_maxrss as u64 * 1024,
    )
}

/// Item 2: an article of short quotations holds hundreds of thousands of facts. It is stored
/// whole, in bounded transactions, with memory far below what one transaction took (4.1 GB
/// for 1.3 MB in the probe): what it adds to the peak of ingesting a one-line article stays
/// under 50 times its size (the target of the issue); an article over the size limit is
/// refused by name, and the others are stored.
#[test]
fn a_quote_heavy_article_is_stored_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small.txt");
    fs::write(&small, "Talks\n\n\"We agree,\" said Anna Berg.\n").unwrap();
    let peak_of = |article: &Path, store: &Path| {
        let child = spawnable(store)
            .arg("--quiet")
            .arg("ingest")
            .arg(article)
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let (status, peak) = peak_rss(child);
        assert!(status.success(), "{status:?}");
        peak
    };
    let base = peak_of(&small, &dir.path().join("db0"));

    let heavy = dir.path().join("heavy.txt");
    let mut text = String::from("Quotes\n\n");
    let names = ["Smith", "Jones", "Brown", "Taylor"];
    let mut n = 0;
    while text.len() < 1_000_000 {
        text.push_str(&format!("\"Act {n},\" {} said. ", names[n % 4]));
        n += 1;
        if n % 20 == 0 {
            text.push_str("\n\n");
        }
    }
    fs::write(&heavy, &text).unwrap();
    let store = dir.path().join("db");
    let peak = peak_of(&heavy, &store);
    let added = peak.saturating_sub(base);
    assert!(
        added < 50 * text.len() as u64,
        "the article added {} MB to the peak of {} MB for a {} KB article",
        added >> 20,
        base >> 20,
        text.len() >> 10
    );
    let quotes = crate::select(
        &store,
        "SELECT (COUNT(?q) AS ?n) WHERE { ?q a ng:Quotation }",
    );
    let stored: usize = quotes[0]["n"].parse().unwrap();
    assert!(stored >= n * 9 / 10, "{stored} of {n} quotes stored");
    // nothing is left marked as half written
    assert!(!crate::ask(&store, "ASK { ?a ng:pending ?x }"));

    // over the limit: refused by name, the other article stored
    let out = spawnable(&dir.path().join("db2"))
        .args(["--max-article-bytes", "100000", "ingest"])
        .arg(&heavy)
        .arg(&small)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("heavy.txt") && err.contains("over the limit of 100000 bytes"),
        "{err}"
    );
    assert!(err.contains("1 new") && err.contains("1 failed"), "{err}");
}

/// Item 2 and issue 15's crash safety for a large article: kill -9 while one is being
/// written in several transactions. Readers then see whole articles only (the snapshot taken
/// before it), and the next ingest takes the half article out, writes it again, and ends with
/// exactly the store a clean run makes.
#[test]
fn a_writer_killed_in_a_large_article_leaves_no_half_article() {
    let dir = tempfile::tempdir().unwrap();
    let heavy = dir.path().join("heavy.txt");
    let mut text = String::from("Quotes\n\n");
    let mut n = 0;
    while text.len() < 300_000 {
        text.push_str(&format!("\"Act {n},\" Smith said. "));
        n += 1;
        if n % 20 == 0 {
            text.push_str("\n\n");
        }
    }
    fs::write(&heavy, &text).unwrap();
    let small = dir.path().join("small.txt");
    fs::write(&small, "Talks\n\n\"We agree,\" said Anna Berg.\n").unwrap();
    let store = dir.path().join("db");
    assert_ok(&ingest(&store, &[&small]));

    let snapshot_name = || fs::read_to_string(store.join("newsgraph-snapshot")).ok();
    let mut writer = spawnable(&store)
        .args(["--quiet", "ingest"])
        .arg(&heavy)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // the writer publishes a snapshot when it opens the store, and a new one right before it
    // starts the large article: kill it once the second one is there
    let mut seen = Vec::new();
    for _ in 0..2400 {
        if let Some(name) = snapshot_name() {
            if !seen.contains(&name) {
                seen.push(name);
            }
        }
        if seen.len() >= 2 || writer.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    let _ = writer.kill();
    let _ = writer.wait();

    // a reader sees whole articles: the small one alone (killed mid-article), or both
    let count = |sparql: &str| -> usize { crate::select(&store, sparql)[0]["n"].parse().unwrap() };
    let articles = count("SELECT (COUNT(?a) AS ?n) WHERE { ?a a ng:Article }");
    let pending = count("SELECT (COUNT(?a) AS ?n) WHERE { ?a ng:pending ?x }");
    assert_eq!(pending, 0, "a reader saw a half-written article");
    assert!(articles == 1 || articles == 2, "{articles} articles");

    // the same ingest again completes it: the store a clean run makes, quad for quad
    assert_ok(&ingest(&store, &[&small, &heavy]));
    let clean = dir.path().join("clean");
    assert_ok(&ingest(&clean, &[&small, &heavy]));
    let (a, b) = (canonical_dump(&store), canonical_dump(&clean));
    assert!(a.len() > 100_000, "{} quads", a.len());
    assert_same_dump(&a, &b);
}

/// Every quad of a store as sorted N-Quads lines, without the revision stamp (which names
/// the moment of a write).
fn canonical_dump(store: &Path) -> Vec<String> {
    let out = spawnable(store)
        .args(["export", "--format", "nquads"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.contains("#revision>"))
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

/// Two sorted dumps are the same.
fn assert_same_dump(a: &[String], b: &[String]) {
    crate::assert_same_lines(
        a,
        b,
        "the store after the crash and re-run differs from a clean one",
    );
}

/// `stats --json` of a store.
fn stats_json(store: &Path) -> serde_json::Value {
    let out = spawnable(store).args(["stats", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The count before `label` in an ingest summary ("... 12 new, 0 changed, 38 unchanged ...").
fn summary_count(err: &str, label: &str) -> usize {
    let line = err
        .lines()
        .find(|l| l.contains(" unchanged, "))
        .unwrap_or_else(|| panic!("no summary in {err}"));
    let at = line.find(&format!(" {label}")).unwrap();
    line[..at]
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Commit steps of the ingests below (`--commit-every`): their 100 or 300 small articles are
/// committed in several steps, as a large corpus is with the default.
const STEP: &str = "8000";

fn ingest_in_steps(store: &Path, articles: &Path) -> std::process::Output {
    spawnable(store)
        .args(["ingest", "--commit-every", STEP])
        .arg(articles)
        .output()
        .unwrap()
}

/// Issue 15 item 5: `ingest` killed with SIGKILL at moments spread over its run (a fifth, a
/// half and four fifths of a clean run's time; two more if none fell inside), then run again, leaves exactly the store a
/// clean run makes: the same quads in every graph and the same `stats`. The re-runs must find
/// committed articles to skip and articles still to write, so the kills fell inside the run.
/// `cargo bench --bench crash` runs ten such trials on BBC articles.
#[test]
fn an_ingest_killed_at_any_moment_and_run_again_equals_a_clean_run() {
    let dir = tempfile::tempdir().unwrap();
    let many = dir.path().join("many");
    write_articles(&many, 300);
    let clean = dir.path().join("clean");
    let started = std::time::Instant::now();
    assert_ok(&ingest_in_steps(&clean, &many));
    let run = started.elapsed();
    let (want, want_stats) = (canonical_dump(&clean), stats_json(&clean));
    let mut inside = 0;
    // three trials; two more at other moments if, on a loaded machine, none fell inside
    for (trial, part) in [0.2, 0.5, 0.8, 0.35, 0.65].into_iter().enumerate() {
        if trial >= 3 && inside > 0 {
            break;
        }
        let store = dir.path().join(format!("killed-{trial}"));
        let mut writer = spawnable(&store)
            .args(["--quiet", "ingest", "--commit-every", STEP])
            .arg(&many)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(run.mul_f64(part));
        let ended_by_itself = writer.try_wait().unwrap().is_some();
        let _ = writer.kill();
        let _ = writer.wait();
        let again = ingest_in_steps(&store, &many);
        assert_ok(&again);
        let err = stderr(&again);
        eprintln!("trial {trial}: killed at {part} of the run; re-run: {err}");
        if !ended_by_itself
            && summary_count(&err, "unchanged") > 0
            && summary_count(&err, "new") > 0
        {
            inside += 1;
        }
        assert_same_dump(&canonical_dump(&store), &want);
        assert_eq!(stats_json(&store), want_stats, "trial {trial}");
    }
    assert!(inside >= 1, "no kill fell inside the run");
}

/// A tmpfs mounted for one test, unmounted when dropped.
#[cfg(target_os = "linux")]
struct Tmpfs(std::path::PathBuf);

#[cfg(target_os = "linux")]
impl Tmpfs {
    /// Mounts a tmpfs of `megabytes` at `at`, or says why it cannot (not root, no mount).
    fn mount(at: &Path, megabytes: u32) -> Result<Self, String> {
        fs::create_dir_all(at).unwrap();
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(at)
            .output()
            .map_err(|e| format!("mount: {e}"))?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
        }
        Ok(Tmpfs(at.to_path_buf()))
    }

    fn resize(&self, megabytes: u32) {
        let out = std::process::Command::new("mount")
            .args(["-o", &format!("remount,size={megabytes}m")])
            .arg(&self.0)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
}

#[cfg(target_os = "linux")]
impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// Issue 15 item 5: a disk that fills up (a 12 MB tmpfs) stops `ingest` with one error naming
/// the store and the article, exit 2; the store still opens and answers with the articles
/// committed before; once there is room, the same ingest completes the job, and the store is
/// the one a clean run makes. Needs root to mount; elsewhere it says so and checks nothing
/// (`a_store_write_error_stops_ingest_at_once` covers the error path with a file size limit).
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_stops_ingest_and_a_run_with_room_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    write_articles(&articles, 100);
    let disk = match Tmpfs::mount(&dir.path().join("disk"), 12) {
        Ok(d) => d,
        Err(why) => {
            eprintln!("SKIPPED a_full_disk_stops_ingest...: cannot mount a tmpfs here ({why})");
            return;
        }
    };
    let store = disk.0.join("db");
    let full = ingest_in_steps(&store, &articles);
    let err = stderr(&full);
    assert_eq!(full.status.code(), Some(2), "{err}");
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(
        errors[0].contains(&store.display().to_string())
            && errors[0].contains("No space left on device"),
        "{err}"
    );
    let committed = summary_count(&err, "new");
    assert!(committed > 0 && committed < 100, "{err}");

    // the store opens and answers with whole articles
    let count = crate::select(&store, "SELECT (COUNT(?a) AS ?n) WHERE { ?a a ng:Article }");
    assert_eq!(count[0]["n"], committed.to_string());

    // room again: the same command completes the job
    disk.resize(200);
    let again = ingest_in_steps(&store, &articles);
    assert_ok(&again);
    let err = stderr(&again);
    assert_eq!(summary_count(&err, "unchanged"), committed, "{err}");
    assert_eq!(summary_count(&err, "new"), 100 - committed, "{err}");
    let clean = dir.path().join("clean");
    assert_ok(&ingest(&clean, &[&articles]));
    assert_same_dump(&canonical_dump(&store), &canonical_dump(&clean));
}

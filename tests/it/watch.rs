//! Feeds as input (RSS 2.0 and Atom written here, not corpus text) and `newsgraph watch`: a
//! dropped file becomes queryable (the time it took is printed), a rewritten file is replaced,
//! a file written in two halves is read whole, temporary files wait for their rename, and
//! `--remove-deleted` takes a deleted file's articles out.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::serve::{start_on, Server};
use crate::{assert_ok, at, extract_json, ingest, select};

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Harbour Wire</title>
    <link>https://harbour.example/</link>
    <item>
      <title>Port strike talks stall</title>
      <link>https://harbour.example/news/strike</link>
      <pubDate>Wed, 04 Mar 2020 09:30:00 GMT</pubDate>
      <dc:creator>Mara Quill</dc:creator>
      <description>&lt;p&gt;France criticised Germany over the harbour deal.&lt;/p&gt;&lt;p&gt;&lt;a href="/more"&gt;More&lt;/a&gt; talks are planned.&lt;/p&gt;</description>
    </item>
    <item>
      <title>Ferry fares rise</title>
      <link>https://harbour.example/news/fares</link>
      <pubDate>Thu, 05 Mar 2020 11:00:00 GMT</pubDate>
      <description>Italy praised Spain for the ferry plan.</description>
    </item>
  </channel>
</rss>
"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Tide Daily</title>
  <id>urn:tide:daily</id>
  <updated>2021-06-01T00:00:00Z</updated>
  <entry>
    <title>Canal accord signed</title>
    <link rel="alternate" href="https://tide.example/canal"/>
    <id>urn:tide:canal</id>
    <published>2021-05-31T08:15:00Z</published>
    <author><name>Ines Faro</name></author>
    <content type="html">&lt;article&gt;&lt;p&gt;Japan and Google signed an accord on the canal.&lt;/p&gt;&lt;/article&gt;</content>
  </entry>
</feed>
"#;

/// The feed fixtures in a folder, with an `.xml` file that is not a feed (a walk skips it).
fn feed_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("harbour.rss"), RSS).unwrap();
    std::fs::write(dir.path().join("tide.xml"), ATOM).unwrap();
    std::fs::write(
        dir.path().join("sitemap.xml"),
        "<?xml version=\"1.0\"?><urlset><url><loc>https://x.example/</loc></url></urlset>",
    )
    .unwrap();
    dir
}

#[test]
fn feed_items_are_articles_with_titles_dates_links_and_authors() {
    let dir = feed_dir();
    let store = dir.path().join("db");
    let out = ingest(&store, &[dir.path()]);
    assert_ok(&out);
    let rows = select(
        &store,
        "SELECT ?id ?title ?date ?url ?au ?n ?source WHERE { ?a a ng:Article ; schema:identifier ?id ; schema:headline ?title ; schema:datePublished ?date ; schema:url ?url ; ng:source ?source OPTIONAL { ?a schema:author ?au OPTIONAL { ?au skos:prefLabel ?n } } } ORDER BY ?id",
    );
    let got: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["id"].as_str(),
                r["title"].as_str(),
                r["date"].as_str(),
                r["url"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "https://harbour.example/news/fares",
                "Ferry fares rise",
                "2020-03-05",
                "https://harbour.example/news/fares"
            ),
            (
                "https://harbour.example/news/strike",
                "Port strike talks stall",
                "2020-03-04",
                "https://harbour.example/news/strike"
            ),
            (
                "https://tide.example/canal",
                "Canal accord signed",
                "2021-05-31",
                "https://tide.example/canal"
            ),
        ],
        "{rows:?}"
    );
    let authors: Vec<String> = rows
        .iter()
        .flat_map(|r| [r.get("au").cloned(), r.get("n").cloned()])
        .flatten()
        .collect();
    assert!(
        authors.iter().any(|a| a.contains("Mara Quill"))
            && authors.iter().any(|a| a.contains("Ines Faro")),
        "{rows:?}"
    );
    assert!(
        rows[1]["source"].ends_with("harbour.rss, item 1"),
        "{rows:?}"
    );
    // the HTML body read as a page: clean text, no markup
    let text = select(
        &store,
        "SELECT ?t WHERE { ?c nif:isString ?t FILTER(CONTAINS(?t, 'harbour deal')) }",
    );
    assert_eq!(text.len(), 1, "{text:?}");
    assert!(
        text[0]["t"].contains("France criticised Germany over the harbour deal.")
            && text[0]["t"].contains("More talks are planned.")
            && !text[0]["t"].contains('<'),
        "{text:?}"
    );
    // a relation extracted from an item's text
    assert!(crate::ask(
        &store,
        "ASK { ?f skos:prefLabel 'France' . ?g skos:prefLabel 'Germany' . ?f ng:opposes ?g }"
    ));
    // read again: the links are the identities, nothing is added
    let again = at(&store)
        .args(["ingest", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_ok(&again);
    let s: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        (s["articles_new"].as_u64(), s["articles_unchanged"].as_u64()),
        (Some(0), Some(3))
    );
    // `extract` reads feeds too, by content when the name says nothing
    let plain = dir.path().join("feed-without-extension");
    std::fs::write(&plain, ATOM).unwrap();
    let docs = extract_json(&[&plain]);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["title"], "Canal accord signed", "{}", docs[0]);
}

#[test]
fn a_bad_feed_item_is_reported_with_its_file_and_the_others_are_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("mixed.rss");
    let bad = RSS.replace(
        "<description>Italy praised Spain for the ferry plan.</description>",
        "",
    );
    std::fs::write(&feed, bad).unwrap();
    let broken = dir.path().join("broken.atom");
    // the second entry is not well-formed XML: only it is lost
    std::fs::write(
        &broken,
        ATOM.replace(
            "</feed>",
            "<entry><title>Half</title><id>urn:x</id><summary>Open <b>tag</summary></entry>\n</feed>",
        ),
    )
    .unwrap();
    let store = dir.path().join("db");
    let out = ingest(&store, &[feed.as_path(), broken.as_path()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{}, item 2 (\"Ferry fares rise\")",
            feed.display()
        )) && err.contains("neither content nor a description"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}, item 2 (line", broken.display()))
            && err.contains("not well-formed XML"),
        "{err}"
    );
    let n = select(&store, "SELECT (COUNT(?a) AS ?n) WHERE { ?a a ng:Article }");
    assert_eq!(n[0]["n"], "2", "the good items are ingested: {err}");
    // a file named .xml that is not a feed, given explicitly, is refused by name
    let not_feed = dir.path().join("config.xml");
    std::fs::write(&not_feed, "<?xml version=\"1.0\"?><config/>").unwrap();
    let out = ingest(&store, &[not_feed.as_path()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("config.xml")
            && err.contains("not an RSS or Atom feed (root element: <config>)"),
        "{err}"
    );
}

/// A running `newsgraph watch`, its stderr collected; stopped with SIGTERM when dropped.
struct Watcher {
    child: Child,
    log: Arc<Mutex<String>>,
}

impl Watcher {
    fn start(store: &Path, args: &[&str], dirs: &[&Path]) -> Watcher {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("newsgraph"))
            .env_remove("NEWSGRAPH_STORE")
            .arg("--store")
            .arg(store)
            .arg("watch")
            .args(args)
            .args(dirs)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("newsgraph watch starts");
        let log = Arc::new(Mutex::new(String::new()));
        let err = BufReader::new(child.stderr.take().unwrap());
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in err.lines().map_while(Result::ok) {
                let mut l = sink.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        let w = Watcher { child, log };
        w.wait_for("watching ", Duration::from_secs(60));
        w
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn wait_for(&self, needle: &str, limit: Duration) {
        let t = Instant::now();
        while !self.log().contains(needle) {
            assert!(
                t.elapsed() < limit,
                "no `{needle}` from watch after {limit:?}: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGTERM, and the exit status.
    fn stop(mut self) -> std::process::ExitStatus {
        // SAFETY: kill(2) on our own child's pid
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let t = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(
                t.elapsed() < Duration::from_secs(20),
                "watch ignores SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A SELECT run by `newsgraph query`; `None` while the store cannot be read (not created yet).
fn try_select(store: &Path, sparql: &str) -> Option<Vec<serde_json::Value>> {
    let t = Instant::now();
    let out = at(store)
        .args(["query", "--format", "json", sparql])
        .output()
        .unwrap();
    if !out.status.success() {
        eprintln!(
            "a query failed after {:?}: {} {}",
            t.elapsed(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    v["results"]["bindings"].as_array().cloned()
}

fn headlines(store: &Path) -> Vec<String> {
    try_select(
        store,
        "SELECT ?t WHERE { ?a a ng:Article ; schema:headline ?t } ORDER BY ?t",
    )
    .unwrap_or_default()
    .iter()
    .map(|b| b["t"]["value"].as_str().unwrap().to_string())
    .collect()
}

/// Poll `newsgraph query` until `ok` holds of the headlines, up to 30 s (the whole suite runs
/// its tests in parallel on two cores, and a read during a write may be refused as busy);
/// returns how long. A failure shows what the last read printed, the watcher's log and the
/// store directory, so that a slow writer is told apart from an unreadable or empty store.
fn until(store: &Path, w: &Watcher, what: &str, ok: impl Fn(&[String]) -> bool) -> Duration {
    let t = Instant::now();
    loop {
        let h = headlines(store);
        if ok(&h) {
            return t.elapsed();
        }
        if t.elapsed() >= Duration::from_secs(30) {
            let out = at(store)
                .args([
                    "query",
                    "--format",
                    "json",
                    "SELECT ?t WHERE { ?a a ng:Article ; schema:headline ?t } ORDER BY ?t",
                ])
                .output()
                .unwrap();
            let mut files: Vec<String> = std::fs::read_dir(store)
                .map(|d| {
                    d.flatten()
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            files.sort();
            panic!(
                "{what}: not seen within 30 s; headlines now {h:?}; a query now: {} stdout {} stderr {}; store files {files:?}; watch log:\n{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr),
                w.log()
            );
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Write a file under a temporary name and rename it (what a careful writer does).
fn drop_file(path: &PathBuf, text: &str) {
    let tmp = path.with_extension("txt.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn watch_ingests_drops_rewrites_halves_and_deletions() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(
        inbox.join("seed.txt"),
        "Seed story\n\nFrance criticised Germany over the deal.\n",
    )
    .unwrap();
    let store = dir.path().join("db");
    let w = Watcher::start(&store, &["--remove-deleted"], &[&inbox]);
    // the files there at the start are ingested first
    until(&store, &w, "the seed file", |h| h == ["Seed story"]);

    // a dropped file: queryable within (the target) 2 s, measured from the moment it is there
    let a = inbox.join("a.txt");
    drop_file(
        &a,
        "Harbour talks\n\nItaly praised Spain for the harbour plan.\n",
    );
    let took = until(&store, &w, "a dropped file", |h| {
        h.iter().any(|t| t == "Harbour talks")
    });
    println!(
        "watch: drop-to-queryable {:.0} ms (a new file into a watched folder, seen by `newsgraph query`)",
        took.as_secs_f64() * 1000.0
    );

    // rewritten in place: replaced, not duplicated
    std::fs::write(
        &a,
        "Harbour deal signed\n\nItaly and Spain signed the harbour plan.\n",
    )
    .unwrap();
    until(&store, &w, "the rewritten file", |h| {
        h == ["Harbour deal signed", "Seed story"]
    });
    let n = try_select(&store, "SELECT (COUNT(?a) AS ?n) WHERE { ?a a ng:Article }").unwrap();
    assert_eq!(n[0]["n"]["value"], "2", "{}", w.log());

    // a temporary file waits for its rename (a name the walk keeps by its extension, which
    // only the watcher's temporary-name rule leaves out: an office suite's lock-file name)
    let part = inbox.join("~$c.txt");
    std::fs::write(&part, "Not yet\n\nJapan and Google signed an accord.\n").unwrap();
    // written in two halves, with a pause shorter than the debounce (500 ms)
    let b = inbox.join("b.txt");
    let mut f = std::fs::File::create(&b).unwrap();
    f.write_all(b"Two halves\n\nChina criticised Japan over the islands.")
        .unwrap();
    f.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    f.write_all(b" Russia praised India for the summit.\n")
        .unwrap();
    drop(f);
    until(&store, &w, "the file written in halves", |h| {
        h.iter().any(|t| t == "Two halves")
    });
    // let a late second read show itself, if there were one
    std::thread::sleep(Duration::from_millis(1500));
    let text = try_select(
        &store,
        "SELECT ?t WHERE { ?c nif:isString ?t FILTER(STRSTARTS(?t, 'Two halves')) }",
    )
    .unwrap();
    assert_eq!(text.len(), 1);
    assert!(
        text[0]["t"]["value"].as_str().unwrap().contains(
            "China criticised Japan over the islands. Russia praised India for the summit."
        ),
        "read whole: {text:?}"
    );
    let log = w.log();
    let reads_of_b: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("ingested b.txt"))
        .collect();
    assert_eq!(reads_of_b.len(), 1, "read once, whole: {log}");
    assert!(reads_of_b[0].contains("1 new, 0 changed"), "{log}");
    assert!(!headlines(&store).iter().any(|t| t == "Not yet"), "{log}");
    std::fs::rename(&part, inbox.join("c.txt")).unwrap();
    until(&store, &w, "the renamed temporary file", |h| {
        h.iter().any(|t| t == "Not yet")
    });

    // --remove-deleted: the article of a deleted file goes
    std::fs::remove_file(&a).unwrap();
    until(&store, &w, "the deleted file's article gone", |h| {
        h == ["Not yet", "Seed story", "Two halves"]
    });
    w.wait_for(
        "removed 1 article(s) of deleted a.txt",
        Duration::from_secs(5),
    );

    let status = w.stop();
    assert!(status.success(), "SIGTERM ends watch with 0: {status:?}");
}

#[test]
fn watch_without_remove_deleted_keeps_articles_and_refuses_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let store = dir.path().join("db");
    // a file is not a folder to watch
    let f = inbox.join("x.txt");
    std::fs::write(&f, "Kept story\n\nFrance praised Italy.\n").unwrap();
    let out = at(&store).arg("watch").arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a folder"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // watch options without folders to watch are a mistake, not ignored
    let out = at(&store)
        .args(["serve", "--remove-deleted"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("apply to --watch DIR"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let w = Watcher::start(&store, &[], &[&inbox]);
    until(&store, &w, "the file there at the start", |h| {
        h == ["Kept story"]
    });
    std::fs::remove_file(&f).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(headlines(&store), ["Kept story"], "{}", w.log());
    assert!(w.stop().success());
}

/// GET a JSON answer of the server.
fn get(srv: &Server, path: &str) -> serde_json::Value {
    crate::serve::get(srv, path, "application/json").json()
}

#[test]
fn serve_watch_keeps_the_served_graph_current() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("db");
    assert_ok(&ingest(&store, &[&crate::samples()]));
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let inbox_arg = inbox.display().to_string();
    let srv = start_on(&store, &["--watch", &inbox_arg, "--remove-deleted"]);
    let articles = |srv: &Server| get(srv, "/api/stats")["articles"].as_u64().unwrap();
    let before = articles(&srv);
    let card = get(&srv, "/api/entity/Q148");
    let china_articles = card["article_count"].as_u64().unwrap();
    let s = get(&srv, "/api/search?q=Iceland");
    assert!(
        !s["matches"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["label"] == "Iceland"),
        "{s}"
    );
    let t = Instant::now();
    std::fs::write(
        inbox.join("fish.txt"),
        "Fishing row\n\nChina criticised Iceland over the fishing deal.\n",
    )
    .unwrap();
    // the name index rebuilt (after the article is written)
    let found =
        |srv: &Server| get(srv, "/api/search?q=Iceland")["matches"][0]["label"] == "Iceland";
    while !found(&srv) {
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "not searchable in 10 s: {} articles",
            articles(&srv)
        );
        std::thread::sleep(Duration::from_millis(25));
    }
    println!(
        "serve --watch: drop-to-search {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    assert_eq!(articles(&srv), before + 1);
    // the cached card forgotten
    let card = get(&srv, "/api/entity/Q148");
    assert_eq!(card["article_count"].as_u64(), Some(china_articles + 1));
    // a deleted file's article goes
    std::fs::remove_file(inbox.join("fish.txt")).unwrap();
    let t = Instant::now();
    let count = |srv: &Server| get(srv, "/api/entity/Q148")["article_count"].as_u64();
    while count(&srv) != Some(china_articles) {
        assert!(t.elapsed() < Duration::from_secs(10), "not removed in 10 s");
        std::thread::sleep(Duration::from_millis(25));
    }
    assert_eq!(articles(&srv), before);
    assert!(!found(&srv), "Iceland left with its only article");
}

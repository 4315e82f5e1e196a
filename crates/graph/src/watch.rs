//! Watch folders and keep a store current: files that appear or change are ingested once they
//! have settled; with [`WatchOptions::remove_deleted`], the articles of a deleted file are taken
//! out.
//!
//! The watcher polls: every [`WatchOptions::poll`] it walks the folders (as `ingest` walks
//! them: known extensions, hidden files, ignore files and temporary files left out) and reads
//! each file's size and modification time. A file is ingested once both have stayed the same
//! for [`WatchOptions::debounce`]: a file still being written (a download, a copy, an editor
//! saving in steps) is never read half, as long as its writer does not pause longer than
//! that. Polling needs no file-system notification support, so it works the same on local
//! disks, network shares and container mounts, and it cannot miss an event; its cost is one
//! `stat` per file per poll (an `.xml` file's head is read to tell a feed only when its stamp
//! changed).
//!
//! Ingest follows [`crate::ingest`]'s rules: an article is identified by its id (JSON `id`,
//! URL, a feed item's link, else the file's canonical path), so a rewritten file replaces its
//! article, and an unchanged one (same content hash) is skipped before extraction. The files
//! present when the watch starts are ingested first (those already in the store are skipped).
//!
//! What happens is reported as [`WatchEvent`]s; the library never prints. The loop runs until
//! the `stop` flag it is given is set.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use newsgraph_extract::feed::file_is_feed;
use newsgraph_extract::input::{collect_files_with, is_xml, WalkOptions};
use newsgraph_extract::Pipeline;

use crate::error::{Error, Result};
use crate::ingest::{self, Event, IngestOptions, IngestSummary};
use crate::lookup::NameIndex;
use crate::store::GraphStore;

/// How the watcher polls, settles and removes.
#[derive(Clone, Debug)]
pub struct WatchOptions {
    /// How often the folders are looked at.
    pub poll: Duration,
    /// How long a file's size and modification time must stay the same before it is read.
    pub debounce: Duration,
    /// Take the articles of a deleted file out of the store.
    pub remove_deleted: bool,
    /// How the folders are walked (hidden files, ignore files, symbolic links).
    pub walk: WalkOptions,
    /// Batching of the ingests.
    pub ingest: IngestOptions,
}

/// The default [`WatchOptions::poll`], in milliseconds.
pub const POLL_MS: u64 = 250;
/// The default [`WatchOptions::debounce`], in milliseconds.
pub const DEBOUNCE_MS: u64 = 500;

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            poll: Duration::from_millis(POLL_MS),
            debounce: Duration::from_millis(DEBOUNCE_MS),
            remove_deleted: false,
            walk: WalkOptions::default(),
            ingest: IngestOptions::default(),
        }
    }
}

/// What the watcher is doing.
#[derive(Debug)]
pub enum WatchEvent<'a> {
    /// The first look at the folders is done: this many files are there (they are ingested
    /// next, the unchanged ones skipped).
    Watching { dirs: &'a [PathBuf], files: usize },
    /// These files have settled and are being ingested.
    Ingesting { files: &'a [PathBuf] },
    /// Something an ingest reports (a failed file or article, a warning, progress).
    Ingest(Event<'a>),
    /// An ingest is done.
    Ingested {
        files: &'a [PathBuf],
        summary: &'a IngestSummary,
    },
    /// A deleted file's articles were taken out of the store (`articles` may be 0: none was
    /// stored, or all were read again from other files since).
    Removed { file: &'a Path, articles: usize },
    /// The store could not be written (locked by another writer, disk full...): the files
    /// stay pending and are tried again after the next debounce.
    Error(&'a Error),
}

/// Where the watcher writes: a store directory it opens for each ingest ([`StoreDir`]), or a
/// store someone keeps open (a server).
pub trait WatchTarget {
    /// Ingest `files` (their articles new, changed or unchanged).
    fn ingest(
        &mut self,
        pipeline: &Pipeline,
        files: &[PathBuf],
        options: &IngestOptions,
        on_event: &mut dyn FnMut(Event<'_>),
    ) -> Result<IngestSummary>;

    /// Take out the articles read from `file`, which is gone; returns how many.
    fn remove_file(&mut self, file: &Path) -> Result<usize>;
}

/// A store directory, opened for each ingest or removal and closed after it, so that readers
/// (`newsgraph query`) open the live store between two writes and see every file ingested so
/// far.
pub struct StoreDir(pub PathBuf);

impl WatchTarget for StoreDir {
    fn ingest(
        &mut self,
        pipeline: &Pipeline,
        files: &[PathBuf],
        options: &IngestOptions,
        on_event: &mut dyn FnMut(Event<'_>),
    ) -> Result<IngestSummary> {
        ingest::ingest_with(&self.0, pipeline, files, options, on_event)?.into_result(&self.0)
    }

    fn remove_file(&mut self, file: &Path) -> Result<usize> {
        if !crate::storedir::is_store(&self.0) {
            return Ok(0);
        }
        let store = GraphStore::open(&self.0)?;
        let before = store.revision()?;
        let n = remove_file_articles(&store, file)?;
        if n > 0 {
            NameIndex::refresh_after(&store, &before, &store.take_touched())?;
        }
        Ok(n)
    }
}

/// Take the articles read from `file` out of an open store (see
/// [`GraphStore::articles_from_file`]) and flush; returns how many were removed. The caller
/// refreshes the name index.
pub fn remove_file_articles(store: &GraphStore, file: &Path) -> Result<usize> {
    let mut n = 0;
    for a in store.articles_from_file(&file.display().to_string())? {
        if store.remove_article(&a)? {
            n += 1;
        }
    }
    if n > 0 {
        store.flush()?;
    }
    Ok(n)
}

/// Names that are never articles, whatever their extension: editors' swap, lock and backup
/// files (`.a.txt.swp`, `.#a.txt`, `.~lock.a.txt#`, `a.txt~`, `#a.txt#`) and files still being
/// downloaded or written under a temporary name (`*.tmp`, `*.part`, `*.partial`,
/// `*.crdownload`, `*.download`, `~$a.docx`). (Other hidden files are left out by the walk
/// unless `--hidden`.)
pub fn is_temporary(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    let lower = name.to_ascii_lowercase();
    name.starts_with(".#")
        || name.starts_with(".~lock.")
        || name.starts_with("~$")
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [
            ".tmp",
            ".temp",
            ".part",
            ".partial",
            ".crdownload",
            ".download",
            ".swp",
            ".swx",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// A file as last seen: its size and modification time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    m.is_file().then(|| Stamp {
        len: m.len(),
        modified: m.modified().ok(),
    })
}

/// A change waiting to settle: the file as last seen (`None`: gone) and since when.
struct Pending {
    seen: Option<Stamp>,
    since: Instant,
}

/// Records that `path` was seen as `seen` (`None`: gone) at `now`: a change starts its debounce
/// again, the same state keeps it running.
fn note(pending: &mut HashMap<PathBuf, Pending>, path: &Path, seen: Option<Stamp>, now: Instant) {
    match pending.get_mut(path) {
        Some(p) if p.seen == seen => {}
        Some(p) => {
            p.seen = seen;
            p.since = now;
        }
        None => {
            pending.insert(path.to_path_buf(), Pending { seen, since: now });
        }
    }
}

/// Watch `dirs` and ingest into `target` with `pipeline` until `stop` is set. The folders must
/// exist; they are watched recursively. Files inside any of `exclude` (the store itself, when
/// it lies in a watched folder) are never read. Returns when `stop` is set (checked at every
/// poll); errors returned are those before the watch could start (a folder missing).
pub fn watch(
    dirs: &[PathBuf],
    exclude: &[PathBuf],
    pipeline: &Pipeline,
    target: &mut dyn WatchTarget,
    options: &WatchOptions,
    stop: &AtomicBool,
    mut on_event: impl FnMut(WatchEvent<'_>),
) -> Result<()> {
    let mut roots = Vec::new();
    for d in dirs {
        let m = std::fs::metadata(d).map_err(|e| Error::io(d, e))?;
        if !m.is_dir() {
            return Err(Error::Extract(newsgraph_extract::Error::input(
                d.display().to_string(),
                "not a folder: `watch` watches folders (ingest a file with `newsgraph ingest`)",
            )));
        }
        // absolute paths: the articles' sources and identities do not depend on where the
        // watcher was started, and a deleted file is found by them
        roots.push(std::fs::canonicalize(d).map_err(|e| Error::io(d, e))?);
    }
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .map(|p| {
            // a store not created yet: its absolute path, its parent's links resolved
            std::fs::canonicalize(p).unwrap_or_else(|_| {
                let abs = std::path::absolute(p).unwrap_or_else(|_| p.clone());
                match (
                    abs.parent().and_then(|d| std::fs::canonicalize(d).ok()),
                    abs.file_name(),
                ) {
                    (Some(d), Some(n)) => d.join(n),
                    _ => abs,
                }
            })
        })
        .collect();
    let mut known: HashMap<PathBuf, Stamp> = HashMap::new();
    let mut pending: HashMap<PathBuf, Pending> = HashMap::new();
    let mut feeds = Feeds::new();
    let mut first = true;
    while !stop.load(Ordering::Relaxed) {
        let now = Instant::now();
        let seen = scan(&roots, &exclude, options.walk, &mut feeds);
        for (path, st) in &seen {
            if known.get(path) == Some(st) {
                pending.remove(path);
                continue;
            }
            note(&mut pending, path, Some(*st), now);
        }
        // files gone: removed after the debounce (a file replaced by a rename comes back)
        let mut gone: Vec<PathBuf> = known
            .keys()
            .chain(pending.keys())
            .filter(|p| !seen.contains_key(*p))
            .cloned()
            .collect();
        gone.sort();
        gone.dedup();
        for path in gone {
            if !options.remove_deleted || !known.contains_key(&path) {
                known.remove(&path);
                pending.remove(&path);
                continue;
            }
            note(&mut pending, &path, None, now);
        }
        if first {
            first = false;
            on_event(WatchEvent::Watching {
                dirs: &roots,
                files: seen.len(),
            });
        }
        // settled: files to ingest, and files gone
        let (mut files, mut deleted): (Vec<PathBuf>, Vec<PathBuf>) = (Vec::new(), Vec::new());
        for (path, p) in &pending {
            if now.duration_since(p.since) >= options.debounce {
                match p.seen {
                    Some(_) => files.push(path.clone()),
                    None => deleted.push(path.clone()),
                }
            }
        }
        files.sort();
        deleted.sort();
        if !files.is_empty() {
            on_event(WatchEvent::Ingesting { files: &files });
            let r = target.ingest(pipeline, &files, &options.ingest, &mut |e| {
                on_event(WatchEvent::Ingest(e))
            });
            match r {
                Ok(summary) => {
                    // failed files too: they are read again when they change, not at every poll
                    for path in &files {
                        if let Some(Pending { seen: Some(st), .. }) = pending.remove(path) {
                            known.insert(path.clone(), st);
                        }
                    }
                    on_event(WatchEvent::Ingested {
                        files: &files,
                        summary: &summary,
                    });
                }
                Err(e) => {
                    on_event(WatchEvent::Error(&e));
                    for f in &files {
                        if let Some(p) = pending.get_mut(f) {
                            p.since = Instant::now();
                        }
                    }
                }
            }
        }
        for path in &deleted {
            match target.remove_file(path) {
                Ok(n) => {
                    pending.remove(path);
                    known.remove(path);
                    on_event(WatchEvent::Removed {
                        file: path,
                        articles: n,
                    });
                }
                Err(e) => {
                    on_event(WatchEvent::Error(&e));
                    if let Some(p) = pending.get_mut(path) {
                        p.since = Instant::now();
                    }
                }
            }
        }
        sleep_unless_stopped(options.poll.saturating_sub(now.elapsed()), stop);
    }
    Ok(())
}

/// Whether each `.xml` file seen is a feed, as of its stamp: a file's head is read again only
/// when it changed, not at every poll.
type Feeds = HashMap<PathBuf, (Stamp, bool)>;

/// Every file to watch under `roots`, with its stamp (`.xml` files only when they are feeds).
fn scan(
    roots: &[PathBuf],
    exclude: &[PathBuf],
    walk: WalkOptions,
    feeds: &mut Feeds,
) -> HashMap<PathBuf, Stamp> {
    // errors (a file deleted between the listing and its stat, an unreadable folder) are
    // looked at again at the next poll
    let walk = WalkOptions {
        all_xml: true,
        ..walk
    };
    let found = collect_files_with(roots, walk);
    let mut out = HashMap::new();
    // the cache as of this poll: files gone since the last one drop out of it
    let mut next = Feeds::new();
    for p in found.files {
        if is_temporary(&p) || exclude.iter().any(|x| p.starts_with(x)) {
            continue;
        }
        let Some(s) = stamp(&p) else { continue };
        if is_xml(&p) {
            let is_feed = match feeds.remove(&p) {
                Some((seen, is)) if seen == s => is,
                _ => file_is_feed(&p),
            };
            next.insert(p.clone(), (s, is_feed));
            if !is_feed {
                continue;
            }
        }
        out.insert(p, s);
    }
    *feeds = next;
    out
}

fn sleep_unless_stopped(total: Duration, stop: &AtomicBool) {
    let end = Instant::now() + total;
    while !stop.load(Ordering::Relaxed) {
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return;
        }
        std::thread::sleep(left.min(Duration::from_millis(50)));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use newsgraph_extract::Resources;

    use super::*;

    #[test]
    fn an_xml_file_is_watched_when_it_is_a_feed_and_read_again_only_when_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_path_buf();
        let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>\
                   <item><title>A</title><description>Text.</description></item></channel></rss>";
        std::fs::write(d.join("feed.xml"), rss).unwrap();
        std::fs::write(d.join("sitemap.xml"), "<urlset></urlset>").unwrap();
        std::fs::write(d.join("a.txt"), "Text.").unwrap();
        let mut feeds = Feeds::new();
        let names = |found: &HashMap<PathBuf, Stamp>| {
            let mut n: Vec<String> = found
                .keys()
                .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect();
            n.sort();
            n
        };
        let found = scan(
            std::slice::from_ref(&d),
            &[],
            WalkOptions::default(),
            &mut feeds,
        );
        assert_eq!(names(&found), ["a.txt", "feed.xml"]);
        // both `.xml` files judged once, by their stamps
        assert_eq!(feeds.len(), 2);
        assert!(!feeds[&d.join("sitemap.xml")].1);
        // the sitemap rewritten as a feed (a new size): judged again, and watched
        std::fs::write(d.join("sitemap.xml"), rss.replace("<title>A", "<title>B")).unwrap();
        let found = scan(
            std::slice::from_ref(&d),
            &[],
            WalkOptions::default(),
            &mut feeds,
        );
        assert_eq!(names(&found), ["a.txt", "feed.xml", "sitemap.xml"]);
        // a file gone leaves the cache
        std::fs::remove_file(d.join("feed.xml")).unwrap();
        scan(
            std::slice::from_ref(&d),
            &[],
            WalkOptions::default(),
            &mut feeds,
        );
        assert_eq!(feeds.len(), 1);
    }

    #[test]
    fn temporary_names() {
        for n in [
            ".a.txt.swp",
            "a.txt.tmp",
            "a.html.part",
            "a.txt~",
            "#a.txt#",
            ".#a.txt",
            "x.crdownload",
        ] {
            assert!(is_temporary(Path::new(n)), "{n}");
        }
        for n in ["a.txt", "feed.rss", "b.jsonl", "tmp.txt"] {
            assert!(!is_temporary(Path::new(n)), "{n}");
        }
    }

    /// A target that records what it was asked to do.
    #[derive(Default)]
    struct Record {
        ingested: Vec<Vec<(PathBuf, String)>>,
        removed: Vec<PathBuf>,
    }

    impl WatchTarget for Record {
        fn ingest(
            &mut self,
            _: &Pipeline,
            files: &[PathBuf],
            _: &IngestOptions,
            _: &mut dyn FnMut(Event<'_>),
        ) -> Result<IngestSummary> {
            self.ingested.push(
                files
                    .iter()
                    .map(|f| (f.clone(), std::fs::read_to_string(f).unwrap_or_default()))
                    .collect(),
            );
            Ok(IngestSummary::default())
        }
        fn remove_file(&mut self, file: &Path) -> Result<usize> {
            self.removed.push(file.to_path_buf());
            Ok(1)
        }
    }

    #[test]
    fn settles_before_reading_and_reports_deletions() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_path_buf();
        std::fs::write(d.join("old.txt"), "Old text.").unwrap();
        let pipeline = Pipeline::new(Arc::new(Resources::builtin().unwrap()));
        let stop = Arc::new(AtomicBool::new(false));
        let options = WatchOptions {
            poll: Duration::from_millis(20),
            debounce: Duration::from_millis(200),
            remove_deleted: true,
            ..Default::default()
        };
        let writer = {
            let d = d.clone();
            let stop = stop.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(400));
                // two halves with a pause shorter than the debounce, and a temporary file
                // whose extension the walk keeps (an office suite's lock-file name)
                std::fs::write(d.join("new.txt"), "First half.").unwrap();
                std::fs::write(d.join("~$new.txt"), "partial").unwrap();
                std::thread::sleep(Duration::from_millis(100));
                let mut f = std::fs::OpenOptions::new()
                    .append(true)
                    .open(d.join("new.txt"))
                    .unwrap();
                std::io::Write::write_all(&mut f, b" Second half.").unwrap();
                drop(f);
                std::thread::sleep(Duration::from_millis(600));
                std::fs::remove_file(d.join("old.txt")).unwrap();
                std::thread::sleep(Duration::from_millis(600));
                stop.store(true, Ordering::Relaxed);
            })
        };
        let mut target = Record::default();
        let mut watching = 0;
        watch(
            std::slice::from_ref(&d),
            &[],
            &pipeline,
            &mut target,
            &options,
            &stop,
            |e| {
                if let WatchEvent::Watching { files, .. } = e {
                    watching = files;
                }
            },
        )
        .unwrap();
        writer.join().unwrap();
        let root = std::fs::canonicalize(&d).unwrap();
        assert_eq!(watching, 1);
        assert_eq!(
            target.ingested,
            vec![
                vec![(root.join("old.txt"), "Old text.".to_string())],
                vec![(root.join("new.txt"), "First half. Second half.".to_string())],
            ]
        );
        assert_eq!(target.removed, vec![root.join("old.txt")]);
    }
}

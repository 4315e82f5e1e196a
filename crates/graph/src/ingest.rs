//! Ingest: files in, articles extracted and written into the store, the name index refreshed.
//!
//! One loop that every front end calls (the `newsgraph ingest` command today, a server or a
//! watcher later). It reads files in chunks, skips articles whose content hash is already
//! stored before any extraction, extracts the rest in parallel, writes each article in its own
//! transaction, and reports what happens as [`Event`]s; what it did comes back as an
//! [`IngestSummary`]. One bad file or article never stops the others: it becomes an
//! [`Event::Failed`] and counts in `IngestSummary::failed`.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use newsgraph_extract::input::{collect_files, read_files};
use newsgraph_extract::Pipeline;

use crate::error::{Error, Result};
use crate::graph;
use crate::lookup::NameIndex;
use crate::store::{GraphStore, WriteOutcome};
use crate::storedir::{self, DirKind};

/// Files read and extracted together (their articles are extracted in parallel).
const CHUNK: usize = 64;
/// Articles written between two flushes: keeps RocksDB's memtables and write-ahead log (and so
/// memory) small on thousands of articles.
const FLUSH_EVERY: usize = 512;

/// What ingest did, for people (the CLI's closing line) and machines (`ingest --json`).
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct IngestSummary {
    pub files: usize,
    pub articles_new: usize,
    pub articles_changed: usize,
    pub articles_unchanged: usize,
    pub failed: usize,
    /// Distinct entities in the articles written (new or changed).
    pub entities: usize,
    /// Asserted (not negated) relations in the articles written.
    pub relations: usize,
    pub quotes: usize,
    pub quads_in_store: usize,
    /// Wall-clock time, rounded to hundredths.
    pub seconds: f64,
    /// The store error that stopped the run (disk full, I/O error): every article counted above
    /// was committed before it; the rest was not read. `None` when the run went to the end.
    pub stopped: Option<String>,
}

/// One input that could not be ingested; the rest went on. (A store that cannot be written
/// stops the whole run instead: see [`IngestSummary::stopped`].)
#[derive(Debug)]
pub enum Failure {
    /// A path or file could not be read (the error names it, and the line).
    Read(Error),
    /// The pipeline failed on an article (the error names its origin).
    Extract(Error),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Read(e) | Failure::Extract(e) => write!(f, "{e}"),
        }
    }
}

/// Progress, as it happens.
#[derive(Debug)]
pub enum Event<'a> {
    /// The paths were expanded into this many files (before any is read).
    Started { files: usize },
    /// An input failed; it is counted in `failed` and the rest goes on.
    Failed(&'a Failure),
    /// This many more files were done with (read, and their articles written or skipped).
    FilesDone(usize),
    /// Something a reader changed in an article and the user should know (control characters
    /// replaced); the article is ingested.
    Warning(&'a str),
}

/// Ingest every article under `paths` (files or directories, read recursively by extension)
/// into the store at `store_path`. The store directory must be missing, empty or a store
/// ([`crate::storedir::check_writable`]); it is created (parents too) only when the first
/// article is written, so a run that writes nothing leaves nothing behind. Unchanged articles
/// (same content hash: text, metadata and `pipeline`'s fingerprint) are skipped before
/// extraction; changed ones replace their earlier graph. After writing, the store is reopened
/// (RocksDB then drops its write-ahead log) and the name index that entity look-ups search is
/// rebuilt.
///
/// Per-file and per-article failures are reported through `on_event` and the run goes on. A
/// store error while writing (disk full, I/O error) stops the run at once: the summary says
/// what was committed before it, with the error in [`IngestSummary::stopped`]. Errors returned
/// are those before anything could be done (the store directory is refused, locked or cannot be
/// opened).
pub fn ingest(
    store_path: &Path,
    pipeline: &Pipeline,
    paths: &[PathBuf],
    mut on_event: impl FnMut(Event<'_>),
) -> Result<IngestSummary> {
    let started = Instant::now();
    // refuse a folder that is not a store before reading anything
    let existing = storedir::check_writable(store_path)? == DirKind::Store;
    let (files, errors) = collect_files(paths);
    let mut summary = IngestSummary {
        files: files.len(),
        ..Default::default()
    };
    let fail = |summary: &mut IngestSummary, on_event: &mut dyn FnMut(Event<'_>), f: Failure| {
        summary.failed += 1;
        on_event(Event::Failed(&f));
    };
    for e in errors {
        fail(&mut summary, &mut on_event, Failure::Read(e.into()));
    }
    let mut store = if existing {
        Some(GraphStore::open(store_path)?)
    } else {
        None
    };
    for a in store.iter().flat_map(GraphStore::recovered) {
        on_event(Event::Warning(&format!(
            "{}: a write of this article was interrupted (the process was killed); it was taken out of the store, and is written again if it is in this ingest",
            a.as_str()
        )));
    }
    on_event(Event::Started { files: files.len() });
    let mut entities = HashSet::new();
    let mut written = 0usize;
    let stop = |summary: &mut IngestSummary, e: Error| {
        summary.stopped = Some(e.to_string());
    };
    'files: for chunk in files.chunks(CHUNK) {
        let mut todo = Vec::new();
        for r in read_files(chunk) {
            match r {
                Ok(doc) => {
                    for w in &doc.meta.warnings {
                        on_event(Event::Warning(w));
                    }
                    let hash = graph::content_hash(&doc, pipeline.fingerprint());
                    let iri = graph::article_iri_for(&doc.meta.id);
                    let stored = match store.as_ref().map(|s| s.article_hash(&iri)) {
                        Some(Err(e)) => {
                            stop(&mut summary, e);
                            break 'files;
                        }
                        Some(Ok(h)) => h,
                        None => None,
                    };
                    if stored.as_deref() == Some(hash.as_str()) {
                        summary.articles_unchanged += 1;
                    } else {
                        todo.push(doc);
                    }
                }
                Err(e) => fail(&mut summary, &mut on_event, Failure::Read(e.into())),
            }
        }
        for d in pipeline.run_all(todo) {
            let doc = match d {
                Ok(doc) => doc,
                Err(e) => {
                    fail(&mut summary, &mut on_event, Failure::Extract(e.into()));
                    continue;
                }
            };
            if store.is_none() {
                // the first article to write: only now does the store come to be
                match GraphStore::open(store_path) {
                    Ok(s) => store = Some(s),
                    Err(e) => {
                        stop(&mut summary, e);
                        break 'files;
                    }
                }
            }
            let Some(st) = store.as_ref() else {
                break 'files;
            };
            match st.write_document(&doc, pipeline.fingerprint()) {
                Ok((outcome, records)) => {
                    match outcome {
                        WriteOutcome::New => summary.articles_new += 1,
                        WriteOutcome::Changed => summary.articles_changed += 1,
                        WriteOutcome::Unchanged => summary.articles_unchanged += 1,
                    }
                    if outcome != WriteOutcome::Unchanged {
                        entities.extend(records.into_iter().map(|r| r.iri));
                        summary.relations += doc.relations.iter().filter(|r| !r.negated).count();
                        summary.quotes += doc.quotes.len();
                        written += 1;
                        if written % FLUSH_EVERY == 0 {
                            if let Err(e) = st.flush() {
                                stop(&mut summary, e);
                                break 'files;
                            }
                        }
                    }
                }
                Err(error) => {
                    // a store that cannot write one article cannot write the next (RocksDB
                    // turns read-only after a failed write): stop here
                    stop(
                        &mut summary,
                        Error::Store {
                            path: store_path.to_path_buf(),
                            message: format!(
                                "cannot store {} ({error}); stopped here: it and the articles after it were not written",
                                doc.meta.origin
                            ),
                        },
                    );
                    break 'files;
                }
            }
        }
        on_event(Event::FilesDone(chunk.len()));
    }
    summary.entities = entities.len();
    if let Some(st) = store {
        if summary.stopped.is_none() {
            if let Err(e) = finish(st, &mut summary) {
                stop(&mut summary, e);
            }
        } else {
            summary.quads_in_store = st.len().unwrap_or(0);
        }
    }
    summary.seconds = (started.elapsed().as_secs_f64() * 100.0).round() / 100.0;
    Ok(summary)
}

/// Flush, count, and when anything was written drop the write-ahead log and rebuild the name
/// index.
fn finish(store: GraphStore, summary: &mut IngestSummary) -> Result<()> {
    store.flush()?;
    summary.quads_in_store = store.len()?;
    if summary.articles_new + summary.articles_changed > 0 {
        // RocksDB drops its write-ahead log when the store is next opened; do it now, or a fresh
        // store stays several times its size until then
        let store = store.reopen()?;
        NameIndex::refresh(&store)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use newsgraph_extract::Resources;

    use super::*;

    #[test]
    fn ingests_reports_failures_and_skips_unchanged_articles() {
        let dir = std::env::temp_dir().join(format!("newsgraph-ingest-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("a.txt"),
            "Paris and Google\n\nGoogle was criticised by France over the deal.",
        )
        .unwrap();
        std::fs::write(dir.join("bad.jsonl"), "{not json\n").unwrap();
        let pipeline = Pipeline::new(Arc::new(Resources::builtin().unwrap()));
        let store = dir.join("store");
        let mut failures = Vec::new();
        let mut done = 0;
        let s = ingest(&store, &pipeline, std::slice::from_ref(&dir), |e| match e {
            Event::Failed(f) => failures.push(f.to_string()),
            Event::FilesDone(n) => done += n,
            Event::Started { .. } | Event::Warning(_) => {}
        })
        .unwrap();
        assert_eq!((s.files, s.articles_new, s.failed, done), (2, 1, 1, 2));
        assert!(failures[0].contains("bad.jsonl"), "{failures:?}");
        assert!(s.relations >= 1 && s.quads_in_store > 0, "{s:?}");
        // the same files again: nothing new, the article recognised by its hash
        let again = ingest(&store, &pipeline, &[dir.join("a.txt")], |_| {}).unwrap();
        assert_eq!((again.articles_new, again.articles_unchanged), (0, 1));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

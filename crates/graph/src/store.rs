//! The on-disk graph: the only module that names Oxigraph's `Store`. An article is written in
//! one transaction, alone or in a batch of whole articles (all of the batch or nothing); its
//! facts live in its own named graph, which a changed article replaces and an unchanged one
//! leaves alone.

use std::path::{Path, PathBuf};

use oxigraph::model::{
    GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, QuadRef, Term,
    TermRef,
};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::graph::{entity_quads_over, ArticleGraph, EntityRecord, MergeReason};
use crate::mirror::{Change, Mirror};
use crate::storedir::{self, ReadFrom, WriteLock};
use crate::vocab::{self, ng, org, prov, rdf, skos};
use newsgraph_extract::document::EntityType;
use newsgraph_extract::text::normalize_key;

/// What writing an article did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    New,
    Changed,
    Unchanged,
}

pub struct GraphStore {
    store: Store,
    path: Option<PathBuf>,
    /// A writer's lock on its directory (and the readers' snapshot it published, which a
    /// large article's write replaces).
    writer: Option<std::sync::Mutex<WriteLock>>,
    /// Articles [`GraphStore::open`] took out because their write had been interrupted.
    recovered: Vec<NamedNode>,
    /// Above this many quads an article is written in several transactions of `chunk` quads.
    large: usize,
    chunk: usize,
    /// Quads written since RocksDB's memtables were last flushed (see `written`).
    unflushed: std::sync::atomic::AtomicUsize,
    /// Opened from a writer's snapshot, not the live files.
    snapshot: bool,
    /// Entities the writes may have changed, see [`GraphStore::take_touched`].
    touched: std::sync::Mutex<Touched>,
    /// The remote store every change goes to first (see [`crate::mirror`]).
    mirror: Option<std::sync::Arc<dyn Mirror>>,
    /// New articles' quads on their way to RocksDB (see [`GraphStore::write_new_batch`]).
    bulk: std::sync::Mutex<Option<BulkLoad>>,
    /// Quads handed to the bulk loader at once, and gathered before an intake.
    bulk_load: usize,
    bulk_ingest: usize,
    /// A failed bulk intake whose articles could not be taken out again: every later write
    /// is refused (see [`GraphStore::finish_bulk`]).
    unfinished: std::sync::atomic::AtomicBool,
}

impl Drop for GraphStore {
    /// Articles still in the bulk loader go in (or out again, see [`GraphStore::finish_bulk`]).
    fn drop(&mut self) {
        let _ = self.finish_bulk();
    }
}

/// The dataset of a SPARQL 1.1 Protocol request (`default-graph-uri`, `named-graph-uri`), see
/// [`GraphStore::query_in`]. Empty: the query's own `FROM` / `FROM NAMED`, else the union of
/// all graphs as default graph.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dataset {
    pub default_graphs: Vec<NamedNode>,
    pub named_graphs: Vec<NamedNode>,
}

impl Dataset {
    pub fn is_empty(&self) -> bool {
        self.default_graphs.is_empty() && self.named_graphs.is_empty()
    }
}

/// Attempts a reader makes to open a store (each after a pause that doubles, to one second)
/// before it reports the store busy: about seven seconds in all.
const READ_ATTEMPTS: u32 = 12;

/// Counts for `newsgraph stats`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub articles: usize,
    /// Distinct entities (an entity may have more than one type).
    pub entities: usize,
    pub entities_by_type: Vec<(String, usize)>,
    pub relations_by_predicate: Vec<(String, usize)>,
    pub quotes: usize,
    pub roles: usize,
    pub quads: usize,
}

fn meta_graph() -> NamedNodeRef<'static> {
    NamedNodeRef::new_unchecked(vocab::META_GRAPH)
}

fn entity_graph() -> NamedNodeRef<'static> {
    NamedNodeRef::new_unchecked(vocab::ENTITY_GRAPH)
}

impl GraphStore {
    /// Open (or create) the store in `dir` for reading and writing. `dir` must be missing,
    /// empty or a store (see [`storedir::check_writable`]); it is created with its marker when
    /// missing. The writer locks the directory and, when the store holds anything, publishes a
    /// snapshot of it for readers until the [`GraphStore`] is dropped (see [`storedir`]).
    pub fn open(dir: &Path) -> Result<Self> {
        if let Some(remote) = storedir::mirror_of(dir)? {
            return Err(store_error(
                dir,
                format!("is the local state of the remote store {remote}: `ingest` and `remove` write to it with --endpoint {remote}; other writes would not reach that store"),
            ));
        }
        GraphStore::open_unchecked(dir)
    }

    /// [`GraphStore::open`] without the check that `dir` is not a remote store's local state.
    fn open_unchecked(dir: &Path) -> Result<Self> {
        storedir::check_writable(dir)?;
        storedir::create(dir)?;
        let mut lock = WriteLock::acquire(dir)?;
        let store = Store::open(dir).map_err(|e| store_error(dir, e))?;
        let mut gs = GraphStore::over(store, Some(dir.to_path_buf()), false);
        // a writer killed in the middle of a large article: take it out before anything else
        gs.recovered = gs.recover()?;
        // a recovery changed the revision, so an index derived before it is rebuilt, and one
        // derived after it holds it: what it touched must not be applied again
        gs.take_touched();
        if !gs.store.is_empty()? {
            publish_snapshot(&gs.store, &mut lock, dir)?;
        }
        gs.writer = Some(std::sync::Mutex::new(lock));
        Ok(gs)
    }

    /// Close and open again a store opened for writing, keeping its lock and the readers'
    /// snapshot: RocksDB drops its write-ahead log when it opens (otherwise a fresh store stays
    /// several times its size until next opened).
    pub fn reopen(mut self) -> Result<Self> {
        self.finish_bulk()?;
        let Some(dir) = self.path.clone().filter(|_| self.writer.is_some()) else {
            return Err(Error::Output(
                "only a store opened for writing can be reopened".into(),
            ));
        };
        // close RocksDB (an in-memory store stands in) before opening it again
        self.store = Store::new()?;
        self.store = Store::open(&dir).map_err(|e| store_error(&dir, e))?;
        Ok(self)
    }

    /// Open an existing store read-only (several readers may share it). While a writer is at
    /// work the reader opens the snapshot the writer published (the store as it was when the
    /// write began); without one yet (a store's first ingest, or the moment a writer opens),
    /// it waits and tries again, and after about seven seconds says the store is busy.
    pub fn open_read_only(dir: &Path) -> Result<Self> {
        if !storedir::is_store(dir) {
            return Err(Error::Store {
                path: dir.to_path_buf(),
                message: "no store here (run `newsgraph ingest` first, or pass --store)".into(),
            });
        }
        storedir::check_format(dir)?;
        let mut pause = std::time::Duration::from_millis(20);
        let mut last = String::new();
        for attempt in 0..READ_ATTEMPTS {
            if attempt > 0 {
                std::thread::sleep(pause);
                pause = (pause * 2).min(std::time::Duration::from_secs(1));
            }
            let (opened, snapshot) = match storedir::read_from(dir)? {
                ReadFrom::Live(guard) => {
                    let r = Store::open_read_only(dir);
                    // RocksDB has opened the table files: a writer may start now
                    drop(guard);
                    match r {
                        // a writer killed in the middle of a large article left it half
                        // written (marked pending): read the snapshot taken before it
                        Ok(live) if has_pending(&live) => match storedir::published_snapshot(dir) {
                            Some(snap) => (Store::open_read_only(&snap), true),
                            None => (Ok(live), false),
                        },
                        r => (r, false),
                    }
                }
                ReadFrom::Snapshot(snap) => (Store::open_read_only(&snap), true),
                ReadFrom::Busy => {
                    last = "a writer is at work and has no snapshot for readers (a store's first ingest, or a writer opening it)".into();
                    continue;
                }
            };
            match opened {
                Ok(store) => return Ok(GraphStore::over(store, Some(dir.to_path_buf()), snapshot)),
                // a writer that started (or finished) meanwhile: look again
                Err(e) => last = e.to_string(),
            }
        }
        Err(Error::Store {
            path: dir.to_path_buf(),
            message: format!("store busy, try again in a moment ({last})"),
        })
    }

    /// An in-memory store (tests, `extract`).
    pub fn in_memory() -> Result<Self> {
        Ok(GraphStore::over(Store::new()?, None, false))
    }

    /// A store over an opened Oxigraph store, with no writer's lock yet and default chunks.
    fn over(store: Store, path: Option<PathBuf>, snapshot: bool) -> Self {
        GraphStore {
            store,
            path,
            writer: None,
            recovered: Vec::new(),
            large: LARGE_ARTICLE_QUADS,
            chunk: WRITE_CHUNK,
            unflushed: Default::default(),
            snapshot,
            touched: Default::default(),
            mirror: None,
            bulk: Default::default(),
            bulk_load: BULK_LOAD_QUADS,
            bulk_ingest: BULK_INGEST_QUADS,
            unfinished: Default::default(),
        }
    }

    /// Open (or create) the store in `dir` as the local state of the remote store `mirror`
    /// (see [`crate::mirror`]): every write goes to the mirror first, and article graphs keep
    /// locally only what resolution reads. The directory remembers its mirror and refuses
    /// another, and the two must be at the same revision (the same graph): a new directory
    /// for a new remote store, or the store whose export the remote store was loaded with.
    /// Articles whose write to the mirror did not complete are then taken out of both (see
    /// [`GraphStore::recovered`]). Every article is written in one transaction, however large.
    pub fn open_mirrored(dir: &Path, mirror: std::sync::Arc<dyn Mirror>) -> Result<Self> {
        let name = mirror.name().to_string();
        if let Some(other) = storedir::mirror_of(dir)?.filter(|o| *o != name) {
            return Err(store_error(
                dir,
                format!("is the local state of the remote store {other}, not of {name}: give that endpoint, or another --store for this one"),
            ));
        }
        let remote = mirror.revision()?;
        let is_new = || {
            store_error(
                dir,
                format!("is new, and the remote store {name} already holds a newsgraph graph (revision {remote}): give the --store that wrote it"),
            )
        };
        // checked before the directory is created, so a refused one is not left behind
        if !remote.is_empty() && !storedir::is_store(dir) {
            return Err(is_new());
        }
        let mut gs = GraphStore::open_unchecked(dir)?;
        let local = gs.revision()?;
        // the remote store took a change whose answer never came: undo it there
        let record = match std::fs::read_to_string(dir.join(INFLIGHT_FILE)) {
            Ok(r) => Some(r),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(store_error(dir, e)),
        };
        let undone = match record {
            Some(record) if local != remote => undo_inflight(&record, &local, &remote, &*mirror)?,
            _ => Vec::new(),
        };
        let _ = std::fs::remove_file(dir.join(INFLIGHT_FILE));
        let remote = if undone.is_empty() {
            remote.clone()
        } else {
            mirror.revision()?
        };
        if local != remote {
            let message = match (local.is_empty(), remote.is_empty()) {
                (true, _) => return Err(is_new()),
                (false, true) => format!("holds a graph (revision {local}) that the remote store {name} does not: load the store's export into it first (see the README), or give a new --store"),
                _ => format!("is at revision {local} and the remote store {name} at {remote}: they hold different graphs (another writer, or a write the remote store took after this one gave up); give the --store that wrote it"),
            };
            return Err(store_error(dir, message));
        }
        storedir::set_mirror(dir, &name)?;
        gs.large = usize::MAX;
        gs.mirror = Some(mirror.clone());
        // the undone change's articles: out of both (a changed one keeps its old version here)
        for a in undone {
            gs.remove_article(&a)?;
            gs.recovered.push(a);
        }
        for a in mirror.pending()? {
            if !gs.remove_article(&a)? {
                // never stored here: its graph and mark are all the mirror holds of it
                mirror.apply(&Change {
                    graphs: vec![(graph_of(&a), Vec::new())],
                    ..Change::default()
                })?;
            }
            gs.recovered.push(a);
        }
        // as in `open_unchecked`: derived indexes hold the recovery or are rebuilt
        gs.take_touched();
        Ok(gs)
    }

    /// Refuse a write that cannot be mirrored (SPARQL updates, reference data) in a store
    /// that is a remote store's local state.
    fn refuse_mirrored(&self, what: &str) -> Result<()> {
        match (&self.mirror, &self.path) {
            (Some(m), Some(dir)) => Err(store_error(
                dir,
                format!(
                    "is the local state of the remote store {}: send {what} to that store instead",
                    m.name()
                ),
            )),
            _ => Ok(()),
        }
    }

    /// A transaction, journaled when the store has a mirror.
    fn start(&self) -> Result<Tx<'_>> {
        Ok(Tx {
            t: self.store.start_transaction()?,
            journal: self.mirror.as_ref().map(|_| Journal::default()),
            bulk: None,
            known: Default::default(),
            revision: None,
        })
    }

    /// Commit a transaction: its change to the mirror first, if there is one (a failure there
    /// drops the transaction: nothing is committed locally).
    ///
    /// Before the change goes out, its undo is written beside the local state
    /// ([`INFLIGHT_FILE`]): the remote store may take the last request of a change and die
    /// before it answers, leaving it one change ahead of the local state; the next open then
    /// finds the remote store at the change's revision and undoes it there (see
    /// [`GraphStore::open_mirrored`]).
    fn commit(&self, mut t: Tx<'_>) -> Result<()> {
        t.settle_revision();
        let mut inflight = None;
        if let (Some(m), Some(j)) = (&self.mirror, t.journal) {
            let change = j.into_change();
            if !change.is_empty() {
                if let Some(dir) = &self.path {
                    let file = dir.join(INFLIGHT_FILE);
                    let undo = self.undo_of(&change)?;
                    std::fs::write(&file, undo).map_err(|e| store_error(dir, e))?;
                    inflight = Some(file);
                }
                m.apply(&change)?;
            }
        }
        t.t.commit()?;
        if let Some(file) = inflight {
            let _ = std::fs::remove_file(file);
        }
        Ok(())
    }

    /// The record that undoes `change` on the remote store, read against this store before
    /// the change is committed here: the revision before and after, the articles whose graphs
    /// it writes, and the shared quads to put back ("+") and take out ("-"), N-Quads each.
    /// A quad the change inserts that was there before, or removes that was not, is left as is.
    fn undo_of(&self, change: &Change) -> Result<String> {
        let mut out = format!(
            "base\t{}\ntarget\t{}\n",
            change.revision_before().unwrap_or_default(),
            change.revision_after().unwrap_or_default()
        );
        for a in change.articles() {
            out.push_str(&format!("article\t{}\n", a.as_str()));
        }
        for q in &change.removed {
            if self.store.contains(q)? {
                out.push_str(&format!("+\t{q} .\n"));
            }
        }
        for q in &change.inserted {
            if !self.store.contains(q)? {
                out.push_str(&format!("-\t{q} .\n"));
            }
        }
        Ok(out)
    }

    /// Whether this reader was opened from a writer's snapshot (derived files such as the name
    /// index are then not saved: they would describe an older store).
    pub fn is_snapshot(&self) -> bool {
        self.snapshot
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The stored content hash of an article, if the article is stored.
    pub fn article_hash(&self, article: &NamedNode) -> Result<Option<String>> {
        let q = self.store.quads_for_pattern(
            Some(article.as_ref().into()),
            Some(ng::CONTENT_HASH),
            None,
            Some(meta_graph().into()),
        );
        for quad in q {
            if let Term::Literal(l) = quad?.object {
                return Ok(Some(l.value().to_string()));
            }
        }
        Ok(None)
    }

    /// Write one article: unchanged -> nothing; changed -> its graph and metadata are replaced;
    /// new -> added. Its entities are resolved against the stored ones (see `resolve_records`)
    /// and merged into the entity graph; entities the old version mentioned are refreshed
    /// (dropped when no article mentions them any more).
    ///
    /// An article of up to [`LARGE_ARTICLE_QUADS`] quads (old version and new) is written in one
    /// transaction. A larger one (a quote-heavy megabyte holds a million quads, and a RocksDB
    /// transaction buffers about 3 KB a quad) is written in transactions of [`WRITE_CHUNK`]
    /// quads, so memory stays bounded: the first marks it pending (`ng:pending` in the meta
    /// graph, its content hash gone, so an interrupted write never looks complete), the last
    /// writes its content hash and drops the mark. Readers never see it half written: a writer
    /// refreshes the readers' snapshot before a large article, readers that find a pending mark
    /// (a writer killed mid-article) open that snapshot, and the next writer to open the store
    /// takes any pending article out before it writes (see [`GraphStore::recovered`]).
    pub fn write_article(&self, ag: &ArticleGraph) -> Result<WriteOutcome> {
        self.finish_bulk()?;
        let outcome = outcome_of(self.article_hash(&ag.iri)?.as_deref(), &ag.hash);
        if outcome == WriteOutcome::Unchanged {
            return Ok(outcome);
        }
        let large = ag.facts.len() + ag.meta.len() > self.large
            || (outcome == WriteOutcome::Changed
                && self.graph_len_above(ag.graph.as_ref(), self.large)?);
        if large {
            self.write_large_article(ag, &mut |sink| {
                for q in ag.facts.iter() {
                    sink(q);
                }
            })?;
            return Ok(outcome);
        }

        let mut t = self.start()?;
        let mut touched = Touched::default();
        let outcome = write_in(&mut t, ag, &mut touched)?;
        self.commit(t)?;
        self.note_touched(touched);
        Ok(outcome)
    }

    /// Whether an article can be written in a batch ([`GraphStore::write_batch`]): it is not
    /// large, nor is its stored version (see [`GraphStore::write_article`]).
    pub fn fits_batch(&self, ag: &ArticleGraph) -> Result<bool> {
        if ag.facts.len() + ag.meta.len() > self.large {
            return Ok(false);
        }
        Ok(self.article_hash(&ag.iri)?.is_none()
            || !self.graph_len_above(ag.graph.as_ref(), self.large)?)
    }

    /// Write several articles, none of them large (see [`GraphStore::fits_batch`]), in one
    /// transaction: all of them or none. Each is written as [`GraphStore::write_article`]
    /// would write it alone, in order, and its entities are resolved through the transaction,
    /// so against those of the articles before it in the batch too: the store is the same as
    /// after writing them one by one. Returns what happened to each.
    pub fn write_batch(&self, articles: &[&ArticleGraph]) -> Result<Vec<WriteOutcome>> {
        self.finish_bulk()?;
        let mut t = self.start()?;
        let mut out = Vec::with_capacity(articles.len());
        let mut touched = Touched::default();
        for ag in articles {
            out.push(write_in(&mut t, ag, &mut touched)?);
        }
        self.commit(t)?;
        self.note_touched(touched);
        Ok(out)
    }

    /// Write a batch of new articles, none of them large, as [`GraphStore::write_batch`] would
    /// (the store ends the same), but the bulk of their quads through Oxigraph's bulk loader,
    /// which writes sorted table files on a thread of its own and hands them to RocksDB in one
    /// atomic step, skipping the transaction's index, the write-ahead log and the memtables.
    /// Three steps:
    ///
    /// 1. here, one transaction writes the entity and meta graphs' quads and the articles'
    ///    type votes (`read_within_a_step`: what writing the articles after them reads), and
    ///    marks each article `ng:pending`; the rest of the article graphs goes to the loader;
    /// 2. [`GraphStore::finish_bulk`], which the caller calls once the loader holds
    ///    [`BULK_INGEST_QUADS`] quads ([`GraphStore::bulk_is_full`]) and which any other write,
    ///    a flush, a reopen or the store's drop calls first, has RocksDB take in the loader's
    ///    files: all of them or none (RocksDB compacts what it takes in, and each intake makes
    ///    it rewrite part of what it holds: few large intakes cost less than many small ones);
    /// 3. one transaction takes the marks out.
    ///
    /// Readers never see an article in part: while this writer is at work they read its
    /// snapshot (published again at the start of each step, so it holds the steps before), and
    /// after a writer killed in a step they find the marks and read the snapshot, until the next
    /// writer takes the marked articles out (see [`GraphStore::recovered`]). A failure in step
    /// 2 or 3 takes the marked articles out again (every article written since the last
    /// intake) and is returned by the call that made the intake; until then the articles count
    /// as stored within this writer (their content hashes are in). Returns `None`, having written
    /// nothing, where the bulk loader cannot serve: a store in memory or with a mirror, a large
    /// article, or an article stored already (a changed one).
    pub fn write_new_batch(&self, articles: &[&ArticleGraph]) -> Result<Option<Vec<WriteOutcome>>> {
        if self.mirror.is_some()
            || self.path.is_none()
            || self.writer.is_none()
            || articles
                .iter()
                .any(|ag| ag.facts.len() + ag.meta.len() > self.large)
        {
            return Ok(None);
        }
        if self.bulk_state().is_none() {
            // a new step: readers (and, should this step fail, the store's next readers) read
            // the store as the steps before left it
            self.refresh_snapshot()?;
        }
        let mut t = self.start()?;
        t.bulk = Some(Vec::new());
        let mut out = Vec::with_capacity(articles.len());
        let mut touched = Touched::default();
        let mut marks: Vec<Quad> = Vec::new();
        for ag in articles {
            let outcome = write_in(&mut t, ag, &mut touched)?;
            match outcome {
                // the transaction is dropped: nothing was written
                WriteOutcome::Changed => return Ok(None),
                WriteOutcome::New => marks.push(Quad::new(
                    ag.iri.clone(),
                    ng::PENDING,
                    Literal::new_simple_literal(&ag.hash),
                    meta_graph(),
                )),
                WriteOutcome::Unchanged => {}
            }
            out.push(outcome);
        }
        let quads = t.bulk.take().unwrap_or_default();
        let in_transaction = articles
            .iter()
            .map(|ag| ag.facts.len() + ag.meta.len())
            .sum::<usize>()
            .saturating_sub(quads.len());
        for q in &marks {
            t.insert(q);
        }
        self.commit(t)?;
        self.note_touched(touched);
        // the articles are written now, in part: from here on a failure is the step's, and
        // its intake reports it (and takes the step's articles out)
        let flushed = self.written(in_transaction, BULK_FLUSH_QUADS);
        let mut bulk = self.bulk_state();
        let b = bulk.get_or_insert_with(|| BulkLoad::start(&self.store));
        b.marks.extend(marks);
        b.add(quads, self.bulk_load);
        if let Err(e) = flushed {
            b.error.get_or_insert(e);
        }
        Ok(Some(out))
    }

    /// Whether the bulk loader holds [`BULK_INGEST_QUADS`] quads or more (see
    /// [`GraphStore::with_bulk_sizes`]): time for
    /// [`GraphStore::finish_bulk`].
    pub fn bulk_is_full(&self) -> bool {
        self.bulk_state()
            .as_ref()
            .is_some_and(|b| b.quads >= self.bulk_ingest)
    }

    /// Steps 2 and 3 of [`GraphStore::write_new_batch`] for what the bulk loader holds; on a
    /// failure the articles it holds are taken out again (when that fails too, readers keep
    /// the snapshot, this store refuses every later write, and the next writer to open it
    /// takes them out).
    pub fn finish_bulk(&self) -> Result<()> {
        if self.unfinished.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(store_error(
                self.path.as_deref().unwrap_or(Path::new("(in memory)")),
                "holds articles that a failed write could neither complete nor take out: open the store again (the next writer takes them out)",
            ));
        }
        let Some(mut b) = self.bulk_state().take() else {
            return Ok(());
        };
        let marks = b.marks.clone();
        let done = match b.error.take() {
            Some(e) => Err(e),
            None => faults::before_bulk().and_then(|()| b.commit()),
        };
        // the loader's threads freed their batches in arenas of their own
        release_free_memory();
        let done = done.and_then(|()| {
            let mut t = self.start()?;
            for q in &marks {
                t.remove(q);
            }
            self.commit(t)
        });
        if let Err(e) = done {
            // the step's articles counted their mentions, which the intake did not store
            self.note_touched(Touched::uncounted(Vec::new()));
            let rolled_back = !faults::no_rollback()
                && marks.iter().rev().all(|m| match &m.subject {
                    oxigraph::model::NamedOrBlankNode::NamedNode(a) => {
                        self.remove_article(a).is_ok()
                    }
                    _ => true,
                });
            if !rolled_back {
                // marked articles with their content hashes stay in the live store: no more
                // writes through this store (they would count them as stored)
                self.unfinished
                    .store(true, std::sync::atomic::Ordering::Relaxed);
                self.keep_snapshot();
            }
            return Err(e);
        }
        Ok(())
    }

    fn bulk_state(&self) -> std::sync::MutexGuard<'_, Option<BulkLoad>> {
        // a panic while it was held leaves nothing half done in it
        self.bulk
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Write an extracted document: [`crate::graph::build`] and [`GraphStore::write_article`],
    /// except that a document whose graph is large is built twice, once for its metadata and
    /// entity records (its facts counted and dropped) and once more as it is written, a chunk
    /// at a time, so that its facts are never all in memory. Returns what the write did and
    /// the document's entity records and the number of quads of its graph and metadata.
    pub fn write_document(
        &self,
        doc: &newsgraph_extract::Document,
        extractor: &str,
    ) -> Result<(WriteOutcome, Vec<EntityRecord>, usize)> {
        self.finish_bulk()?;
        let small = |ag: crate::graph::ArticleGraph| -> Result<_> {
            let quads = ag.facts.len() + ag.meta.len();
            Ok((self.write_article(&ag)?, ag.entities, quads))
        };
        if crate::graph::estimated_quads(doc) <= self.large {
            return small(crate::graph::build(doc, extractor));
        }
        let mut n = 0usize;
        let ag = crate::graph::build_with(doc, extractor, &mut |_, _, _| n += 1);
        if n + ag.meta.len() <= self.large {
            return small(crate::graph::build(doc, extractor));
        }
        let quads = n + ag.meta.len();
        let outcome = outcome_of(self.article_hash(&ag.iri)?.as_deref(), &ag.hash);
        if outcome == WriteOutcome::Unchanged {
            return Ok((outcome, ag.entities, quads));
        }
        let g = GraphNameRef::NamedNode(ag.graph.as_ref());
        self.write_large_article(&ag, &mut |sink| {
            crate::graph::build_with(doc, extractor, &mut |s, p, o| {
                sink(QuadRef::new(&s, p, &o, g));
            });
        })?;
        Ok((outcome, ag.entities, quads))
    }

    /// Write a large article in bounded transactions (see [`GraphStore::write_article`]). A
    /// failure after the first transaction takes the article out again (the old version is
    /// gone by then, as a removal would leave it); when even that fails, the mark stays for the
    /// next writer, and the readers' snapshot stays published so readers never see the half.
    ///
    /// `facts` hands the article's facts to the sink it is given (`ag.facts` may be empty: a
    /// document written by [`GraphStore::write_document`] builds them again as they are written).
    fn write_large_article(&self, ag: &ArticleGraph, facts: &mut EmitFacts<'_>) -> Result<()> {
        self.refresh_snapshot()?;
        let pending = Literal::new_simple_literal(&ag.hash);
        // 1. the mark: the old metadata (and its content hash) out, `ng:pending` in
        let mut t = self.start()?;
        for q in &article_meta(&t, &ag.iri)? {
            t.remove(q);
        }
        let old_entities = mentioned_entities(&t, &ag.iri, ag.graph.as_ref())?;
        t.insert(QuadRef::new(&ag.iri, ng::PENDING, &pending, meta_graph()));
        self.commit(t)?;
        // a large article's mentions are not counted as it is written (read them again)
        self.note_touched(Touched::uncounted(old_entities.clone()));
        let written = self.write_large_rest(ag, &pending, &old_entities, facts);
        if let Err(e) = written {
            let rolled_back = if faults::no_rollback() {
                false
            } else {
                self.remove_article_in_chunks(&ag.iri).is_ok()
            };
            if !rolled_back {
                self.keep_snapshot();
            }
            return Err(e);
        }
        Ok(())
    }

    fn write_large_rest(
        &self,
        ag: &ArticleGraph,
        pending: &Literal,
        old_entities: &[NamedNode],
        facts: &mut EmitFacts<'_>,
    ) -> Result<()> {
        // 2. the old version's graph out, a chunk at a time
        self.clear_graph_in_chunks(ag.graph.as_ref())?;
        // 3. what the old version alone contributed, then resolution, metadata and entities
        let mut t = self.start()?;
        for e in old_entities {
            refresh_entity(&mut t, e)?;
        }
        let redirects = resolve_records(&t, &ag.entities)?;
        for q in ag.meta.iter().filter(|q| q.predicate != ng::CONTENT_HASH) {
            t.insert(q);
        }
        let touched = put_entities(&mut t, ag, &redirects)?;
        self.commit(t)?;
        self.note_touched(Touched::uncounted(record_iris(ag, &redirects)));
        // 4. the facts, a chunk at a time
        let mut chunks = Chunks {
            store: self,
            t: None,
            n: 0,
            done: 0,
            error: None,
        };
        facts(&mut |q: QuadRef<'_>| {
            if let Some(q) = map_fact(&redirects, q) {
                chunks.insert(q);
            }
        });
        chunks.finish()?;
        // 5. complete: types from the votes now stored, the content hash in, the mark out
        let mut t = self.start()?;
        for e in &touched {
            refresh_type(&mut t, e)?;
        }
        for q in ag.meta.iter().filter(|q| q.predicate == ng::CONTENT_HASH) {
            t.insert(q);
        }
        t.remove(QuadRef::new(&ag.iri, ng::PENDING, pending, meta_graph()));
        bump_revision(&mut t, &ag.hash)?;
        self.commit(t)?;
        Ok(())
    }

    /// Keep the readers' snapshot after this writer is gone (a large article could not be
    /// written nor taken out again: readers read the snapshot until the next writer recovers).
    fn keep_snapshot(&self) {
        if let Some(Ok(mut lock)) = self.writer.as_ref().map(|w| w.lock()) {
            lock.keep_snapshot();
        }
    }

    /// Set how many quads go to the bulk loader at once and how many it gathers before RocksDB
    /// takes them in (defaults [`BULK_LOAD_QUADS`] and [`BULK_INGEST_QUADS`]; see
    /// [`GraphStore::write_new_batch`]).
    pub fn with_bulk_sizes(mut self, load: usize, ingest: usize) -> Self {
        self.bulk_load = load.max(1);
        self.bulk_ingest = ingest.max(1);
        self
    }

    /// Set when an article counts as large and how many quads go in one transaction then
    /// (defaults [`LARGE_ARTICLE_QUADS`] and [`WRITE_CHUNK`]): smaller figures bound memory
    /// further at some cost in speed.
    pub fn with_write_chunks(mut self, large_article_quads: usize, chunk: usize) -> Self {
        self.large = large_article_quads;
        self.chunk = chunk.max(1);
        self
    }

    /// Count quads written; past `every` since the last flush, flush RocksDB's memtables to
    /// disk. Without it they grow to 64 MB for each of Oxigraph's eleven column families before
    /// RocksDB flushes one: over a gigabyte for a large article.
    fn written(&self, quads: usize, every: usize) -> Result<()> {
        use std::sync::atomic::Ordering;
        let total = self.unflushed.fetch_add(quads, Ordering::Relaxed) + quads;
        if total >= every {
            self.unflushed.store(0, Ordering::Relaxed);
            self.store.flush()?;
            release_free_memory();
        }
        Ok(())
    }

    /// Whether a graph holds more than `n` quads.
    fn graph_len_above(&self, graph: NamedNodeRef<'_>, n: usize) -> Result<bool> {
        if n == usize::MAX {
            return Ok(false);
        }
        Ok(self
            .store
            .quads_for_pattern(None, None, None, Some(graph.into()))
            .take(n.saturating_add(1))
            .count()
            > n)
    }

    /// Empty a graph in transactions of at most [`WRITE_CHUNK`] removals.
    fn clear_graph_in_chunks(&self, graph: NamedNodeRef<'_>) -> Result<()> {
        loop {
            let mut t = self.start()?;
            let chunk: Vec<Quad> = t
                .quads_for_pattern(None, None, None, Some(graph.into()))
                .take(self.chunk)
                .collect::<Result<_, _>>()?;
            if chunk.is_empty() {
                return Ok(());
            }
            for q in &chunk {
                t.remove(q);
            }
            self.commit(t)?;
        }
    }

    /// Take out every article whose write was interrupted (marked `ng:pending`), in bounded
    /// transactions; returns their IRIs. Called by [`GraphStore::open`] before anything is
    /// written or published.
    fn recover(&self) -> Result<Vec<NamedNode>> {
        let pending: Vec<NamedNode> = self
            .store
            .quads_for_pattern(None, Some(ng::PENDING), None, Some(meta_graph().into()))
            .filter_map(|q| match q {
                Ok(q) => match q.subject {
                    oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(Ok(n)),
                    _ => None,
                },
                Err(e) => Some(Err(e)),
            })
            .collect::<Result<_, _>>()?;
        for article in &pending {
            self.remove_article_in_chunks(article)?;
        }
        Ok(pending)
    }

    /// The articles the last [`GraphStore::open`] took out because a write of theirs had been
    /// interrupted (a writer killed in the middle of a large article): not in the store now;
    /// ingest them again.
    pub fn recovered(&self) -> &[NamedNode] {
        &self.recovered
    }

    /// Give readers a snapshot of the store as it is now (whole articles only), replacing the
    /// one published when the writer opened it.
    fn refresh_snapshot(&self) -> Result<()> {
        let (Some(writer), Some(dir)) = (&self.writer, &self.path) else {
            return Ok(());
        };
        let mut lock = writer
            .lock()
            .map_err(|_| store_error(dir, "the readers' snapshot lock is poisoned"))?;
        publish_snapshot(&self.store, &mut lock, dir)
    }

    /// Take an article out of the store in one transaction: its metadata, its graph, and what it
    /// alone contributed to the entity graph (entities no other article mentions disappear; the
    /// others get their type, labels and keys recomputed from the articles left). Returns
    /// whether the article was stored.
    pub fn remove_article(&self, article: &NamedNode) -> Result<bool> {
        self.finish_bulk()?;
        let graph = graph_of(article);
        if self.graph_len_above(graph.as_ref(), self.large)? {
            self.refresh_snapshot()?;
            return self.remove_article_in_chunks(article);
        }
        let mut t = self.start()?;
        let meta = article_meta(&t, article)?;
        if meta.is_empty() {
            return Ok(false);
        }
        let entities = mentioned_entities(&t, article, graph.as_ref())?;
        for q in &meta {
            t.remove(q);
        }
        t.clear_graph(GraphNameRef::NamedNode(graph.as_ref()))?;
        for e in &entities {
            refresh_entity(&mut t, e)?;
        }
        bump_revision(&mut t, article.as_str())?;
        self.commit(t)?;
        self.note_touched(Touched::removed(entities));
        Ok(true)
    }

    /// Take a large article out in bounded transactions: marked pending first (its content
    /// hash out), so that an interrupted removal is finished by the next writer's recovery.
    fn remove_article_in_chunks(&self, article: &NamedNode) -> Result<bool> {
        let graph = graph_of(article);
        let mut t = self.start()?;
        let meta = article_meta(&t, article)?;
        if meta.is_empty() {
            return Ok(false);
        }
        let entities = mentioned_entities(&t, article, graph.as_ref())?;
        let mark = Literal::new_simple_literal("remove");
        for q in meta.iter().filter(|q| q.predicate != ng::PENDING) {
            t.remove(q);
        }
        t.insert(QuadRef::new(article, ng::PENDING, &mark, meta_graph()));
        self.commit(t)?;
        self.clear_graph_in_chunks(graph.as_ref())?;
        let mut t = self.start()?;
        for q in &article_meta(&t, article)? {
            t.remove(q);
        }
        for e in &entities {
            refresh_entity(&mut t, e)?;
        }
        bump_revision(&mut t, article.as_str())?;
        self.commit(t)?;
        self.note_touched(Touched::removed(entities));
        Ok(true)
    }

    /// The store's revision: changes with every write (derived indexes compare it).
    pub fn revision(&self) -> Result<String> {
        Ok(self
            .store
            .quads_for_pattern(
                Some(meta_graph().into()),
                Some(ng::REVISION),
                None,
                Some(meta_graph().into()),
            )
            .next()
            .transpose()?
            .and_then(|q| match q.object {
                Term::Literal(l) => Some(l.value().to_string()),
                _ => None,
            })
            .unwrap_or_default())
    }

    /// Evaluate a SPARQL query over the union of all graphs (unless it names its dataset with
    /// FROM / FROM NAMED). Common prefixes (`ng:`, `schema:`, `skos:`...) are predeclared.
    pub fn query(&self, sparql: &str) -> Result<QueryResults<'static>> {
        self.run_query(sparql)
    }

    /// [`GraphStore::query`] with variables bound to terms: each binding becomes a `VALUES`
    /// block at the start of the query's first `WHERE {` group, written by Oxigraph in
    /// N-Triples syntax (IRIs validated, literals escaped), so values (user input above all)
    /// never become query syntax.
    pub fn query_bound(
        &self,
        sparql: &str,
        bindings: &[(&str, Term)],
    ) -> Result<QueryResults<'static>> {
        if bindings.is_empty() {
            return self.run_query(sparql);
        }
        let at = sparql
            .find("WHERE {")
            .ok_or_else(|| Error::QuerySyntax("a bound query needs a `WHERE {` group".into()))?
            + "WHERE {".len();
        let mut values = String::new();
        for (var, term) in bindings {
            let v = oxigraph::model::Variable::new(*var)
                .map_err(|e| Error::QuerySyntax(e.to_string()))?;
            values.push_str(&format!(" VALUES {v} {{ {term} }}"));
        }
        self.run_query(&format!("{}{values}{}", &sparql[..at], &sparql[at..]))
    }

    /// [`GraphStore::query`] that stops (with [`Error::QueryEvaluation`] "cancelled") as soon as
    /// `cancel` is cancelled: a caller's time or memory guard.
    pub fn query_cancellable(
        &self,
        sparql: &str,
        cancel: CancellationToken,
    ) -> Result<QueryResults<'static>> {
        self.evaluate(sparql, Some(cancel))
    }

    /// [`GraphStore::query_cancellable`] over the dataset a SPARQL 1.1 Protocol request names
    /// (`default-graph-uri`, `named-graph-uri`): when the request names default graphs they
    /// replace the query's `FROM` (else the default graph is the union of all graphs), and named
    /// graphs given replace its `FROM NAMED`.
    pub fn query_in(
        &self,
        sparql: &str,
        dataset: &Dataset,
        cancel: Option<CancellationToken>,
    ) -> Result<QueryResults<'static>> {
        self.evaluate_in(sparql, cancel, Some(dataset))
    }

    fn run_query(&self, sparql: &str) -> Result<QueryResults<'static>> {
        self.evaluate(sparql, None)
    }

    fn evaluate(
        &self,
        sparql: &str,
        cancel: Option<CancellationToken>,
    ) -> Result<QueryResults<'static>> {
        self.evaluate_in(sparql, cancel, None)
    }

    fn evaluate_in(
        &self,
        sparql: &str,
        cancel: Option<CancellationToken>,
        dataset: Option<&Dataset>,
    ) -> Result<QueryResults<'static>> {
        let mut evaluator = SparqlEvaluator::new();
        for (p, iri) in vocab::PREFIXES {
            evaluator = evaluator
                .with_prefix(*p, *iri)
                .map_err(|e| Error::QuerySyntax(e.to_string()))?;
        }
        if let Some(c) = cancel {
            evaluator = evaluator.with_cancellation_token(c);
        }
        let mut prepared = match evaluator.clone().parse_query(sparql) {
            Ok(p) => p,
            Err(_) if is_update(&evaluator, sparql) => {
                return Err(Error::ReadOnly(
                    "queries are read-only, and this is a SPARQL UPDATE; run it with `newsgraph update` (or change the store with `newsgraph ingest`, `remove` and `load`)".into(),
                ))
            }
            Err(e) => return Err(Error::QuerySyntax(e.to_string())),
        };
        let protocol = dataset.filter(|d| !d.is_empty());
        if let Some(d) = protocol {
            if !d.default_graphs.is_empty() {
                prepared.dataset_mut().set_default_graph(
                    d.default_graphs
                        .iter()
                        .map(|g| oxigraph::model::GraphName::NamedNode(g.clone()))
                        .collect(),
                );
            } else {
                prepared.dataset_mut().set_default_graph_as_union();
            }
            if !d.named_graphs.is_empty() {
                prepared.dataset_mut().set_available_named_graphs(
                    d.named_graphs.iter().map(|g| g.clone().into()).collect(),
                );
            }
        } else if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        prepared
            .on_store(&self.store)
            .execute()
            .map_err(|e| Error::QueryEvaluation(e.to_string()))
    }

    /// Rows of a SELECT query with bindings, each as the values of `vars` in order (unbound
    /// variables are `None`).
    pub fn select(
        &self,
        sparql: &str,
        bindings: &[(&str, Term)],
        vars: &[&str],
    ) -> Result<Vec<Vec<Option<Term>>>> {
        let mut out = Vec::new();
        if let QueryResults::Solutions(sols) = self.query_bound(sparql, bindings)? {
            for s in sols {
                let s = s.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
                out.push(vars.iter().map(|v| s.get(*v).cloned()).collect());
            }
        }
        Ok(out)
    }

    /// The quads matching a pattern (`None`: any), straight from Oxigraph's indexes: the fast
    /// path for look-ups by a bound subject or object (`explain` walks the graph with it;
    /// SPARQL plans with optional parts joined over the whole store were seconds on the BBC
    /// corpus).
    pub fn quads_matching<'a>(
        &'a self,
        subject: Option<NamedOrBlankNodeRef<'a>>,
        predicate: Option<NamedNodeRef<'a>>,
        object: Option<TermRef<'a>>,
        graph: Option<GraphNameRef<'a>>,
    ) -> impl Iterator<Item = Result<Quad>> + 'a {
        self.store
            .quads_for_pattern(subject, predicate, object, graph)
            .map(|q| q.map_err(Error::from))
    }

    /// Whether the store holds this quad: one point look-up, nothing decoded (a pattern match
    /// decodes every IRI of every quad it returns).
    pub fn contains(&self, quad: QuadRef<'_>) -> Result<bool> {
        Ok(self.store.contains(quad)?)
    }

    /// Every quad of the entity graph.
    pub fn entity_graph_quads(&self) -> impl Iterator<Item = Result<Quad>> + '_ {
        self.store
            .quads_for_pattern(None, None, None, Some(entity_graph().into()))
            .map(|q| q.map_err(Error::from))
    }

    /// The quads of one entity's record in the entity graph.
    pub fn entity_record<'a>(
        &'a self,
        e: &'a NamedNode,
    ) -> impl Iterator<Item = Result<Quad>> + 'a {
        self.store
            .quads_for_pattern(
                Some(e.as_ref().into()),
                None,
                None,
                Some(entity_graph().into()),
            )
            .map(|q| q.map_err(Error::from))
    }

    /// How many articles mention an entity (as [`GraphStore::mention_counts`] counts them).
    pub fn mention_count(&self, e: &NamedNode) -> Result<usize> {
        let mut n = 0;
        for q in
            self.store
                .quads_for_pattern(None, Some(ng::MENTIONS), Some(e.as_ref().into()), None)
        {
            q?;
            n += 1;
        }
        Ok(n)
    }

    /// The entities whose records or mention counts the writes since the last call may have
    /// changed (an article's entities and its old version's, a removed article's), sorted, each
    /// once: what [`crate::lookup::NameIndex::updated`] reads again. Writes that go around
    /// this (SPARQL updates, loads) call for a rebuild instead.
    pub fn take_touched(&self) -> Touched {
        let mut t = std::mem::take(&mut *self.touched.lock().unwrap_or_else(|e| e.into_inner()));
        t.entities.sort();
        t.entities.dedup();
        t
    }

    fn note_touched(&self, t: Touched) {
        self.touched
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .merge(t);
    }

    /// How many articles mention each entity.
    pub fn mention_counts(&self) -> Result<std::collections::HashMap<NamedNode, usize>> {
        let mut out = std::collections::HashMap::new();
        for q in self
            .store
            .quads_for_pattern(None, Some(ng::MENTIONS), None, None)
        {
            if let Term::NamedNode(e) = q?.object {
                *out.entry(e).or_insert(0) += 1;
            }
        }
        Ok(out)
    }

    pub fn len(&self) -> Result<usize> {
        Ok(self.store.len()?)
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.store.is_empty()?)
    }

    pub fn stats(&self) -> Result<Stats> {
        stats_from(self, Some(self.len()?))
    }

    /// Write the whole store (or one graph) in an RDF format.
    pub fn dump(
        &self,
        format: oxigraph::io::RdfFormat,
        graph: Option<NamedNodeRef<'_>>,
        out: &mut dyn std::io::Write,
    ) -> Result<()> {
        let r = match graph {
            Some(g) => self.store.dump_graph_to_writer(g, format, out).map(|_| ()),
            None => self.store.dump_to_writer(format, out).map(|_| ()),
        };
        r.map_err(|e| Error::Output(e.to_string()))
    }

    /// The articles last read from the file named `file` (as the reader named it in its
    /// `ng:source`: the path itself, `PATH:LINE` for a JSON line, `PATH[i]` for a JSON array
    /// element, `PATH, item N` for a feed item), and the article whose identity is `file` (a
    /// text, Markdown or HTML file without a URL is identified by its canonical path). An
    /// article read again from another file since has that file as its source, and is not
    /// among them.
    pub fn articles_from_file(&self, file: &str) -> Result<Vec<NamedNode>> {
        let mut out = Vec::new();
        for q in
            self.store
                .quads_for_pattern(None, Some(ng::SOURCE), None, Some(meta_graph().into()))
        {
            let q = q?;
            let (oxigraph::model::NamedOrBlankNode::NamedNode(a), Term::Literal(l)) =
                (q.subject, q.object)
            else {
                continue;
            };
            let from_file = l.value().strip_prefix(file).is_some_and(|rest| {
                rest.is_empty()
                    || rest.starts_with(", item ")
                    || rest.starts_with('[')
                    || rest
                        .strip_prefix(':')
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            });
            if from_file {
                out.push(a);
            }
        }
        if let Some(a) = self.find_article(file)? {
            if !out.contains(&a) {
                out.push(a);
            }
        }
        Ok(out)
    }

    /// The article a user names: its identifier (`schema:identifier`, e.g. a JSON id, URL or
    /// the canonical path it was read from), its 16-hex-digit key, or its IRI.
    pub fn find_article(&self, name: &str) -> Result<Option<NamedNode>> {
        let name = name.trim();
        let mut candidates = vec![Term::from(oxigraph::model::Literal::new_simple_literal(
            name,
        ))];
        if name.len() == 16 && name.bytes().all(|b| b.is_ascii_hexdigit()) {
            candidates.push(crate::graph::article_iri(&name.to_ascii_lowercase()).into());
        }
        if let Ok(n) = NamedNode::new(name) {
            candidates.push(n.into());
        }
        for c in candidates {
            let found = match &c {
                Term::Literal(_) => self
                    .store
                    .quads_for_pattern(
                        None,
                        Some(crate::vocab::schema::IDENTIFIER),
                        Some(c.as_ref()),
                        Some(meta_graph().into()),
                    )
                    .next()
                    .transpose()?
                    .and_then(|q| match q.subject {
                        oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(n),
                        _ => None,
                    }),
                Term::NamedNode(n) => self
                    .store
                    .contains(QuadRef::new(n, rdf::TYPE, ng::ARTICLE, meta_graph()))?
                    .then(|| n.clone()),
                _ => None,
            };
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// Everything about one article as quads: its metadata (meta graph), its named graph, and
    /// the entity-graph records of the entities it mentions.
    pub fn article_quads(&self, article: &NamedNode) -> Result<Vec<Quad>> {
        let key = article.as_str().rsplit('/').next().unwrap_or_default();
        let graph = crate::graph::article_graph_iri(key);
        let mut out: Vec<Quad> = self
            .store
            .quads_for_pattern(
                Some(article.as_ref().into()),
                None,
                None,
                Some(meta_graph().into()),
            )
            .collect::<Result<_, _>>()?;
        let facts: Vec<Quad> = self
            .store
            .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
            .collect::<Result<_, _>>()?;
        let mut entities = Vec::new();
        for q in &facts {
            if q.predicate == ng::MENTIONS {
                if let Term::NamedNode(e) = &q.object {
                    entities.push(e.clone());
                }
            }
        }
        out.extend(facts);
        for e in entities {
            for q in self.store.quads_for_pattern(
                Some(e.as_ref().into()),
                None,
                None,
                Some(entity_graph().into()),
            ) {
                out.push(q?);
            }
        }
        Ok(out)
    }

    /// Make sure everything written is on disk.
    pub fn flush(&self) -> Result<()> {
        self.finish_bulk()?;
        Ok(self.store.flush()?)
    }

    /// Replace the named graph `graph` with `triples` (their own graph names are ignored: every
    /// one goes into `graph`) in one transaction that also changes the store's revision. An
    /// error from `triples` (a parse error) leaves the store as it was. Returns the number of
    /// distinct triples the graph holds. Used by `load` for reference data (see [`crate::load`]).
    pub fn replace_graph(
        &self,
        graph: NamedNodeRef<'_>,
        triples: impl IntoIterator<Item = Result<oxigraph::model::Triple>>,
    ) -> Result<usize> {
        self.refuse_mirrored("loading reference data")?;
        self.finish_bulk()?;
        let mut t = self.start()?;
        t.clear_graph(GraphNameRef::NamedNode(graph))?;
        for tr in triples {
            t.insert(tr?.as_ref().in_graph(graph));
        }
        let n = t
            .quads_for_pattern(None, None, None, Some(graph.into()))
            .count();
        bump_revision(&mut t, graph.as_str())?;
        self.commit(t)?;
        Ok(n)
    }

    /// Run a SPARQL 1.1 Update (`INSERT DATA`, `DELETE WHERE`, ...; newsgraph's prefixes
    /// predeclared) in one transaction that also changes the store's revision, so that derived
    /// indexes (the name index) are rebuilt before their next use. `WHERE` clauses match the
    /// default graph only (SPARQL Update's rule): use `GRAPH ?g { ... }` to reach the named
    /// graphs. Returns the number of quads in the store before and after.
    pub fn update(&self, sparql: &str) -> Result<(usize, usize)> {
        self.finish_bulk()?;
        let mut evaluator = SparqlEvaluator::new();
        for (p, iri) in vocab::PREFIXES {
            evaluator = evaluator
                .with_prefix(*p, *iri)
                .map_err(|e| Error::QuerySyntax(e.to_string()))?;
        }
        let prepared = evaluator
            .parse_update(sparql)
            .map_err(|e| Error::QuerySyntax(e.to_string()))?;
        let before = self.store.len()?;
        self.refuse_mirrored("a SPARQL update")?;
        let mut t = self.start()?;
        prepared
            .on_transaction(&mut t.t)
            .execute()
            .map_err(|e| Error::QueryEvaluation(e.to_string()))?;
        bump_revision(&mut t, sparql)?;
        self.commit(t)?;
        Ok((before, self.store.len()?))
    }
}

impl crate::mirror::Sparql for GraphStore {
    fn query(&self, sparql: &str) -> Result<QueryResults<'static>> {
        GraphStore::query(self, sparql)
    }
}

/// Rows `(?k, ?n)` of a counting query: the key as a local name or literal value, the count.
fn count(src: &dyn crate::mirror::Sparql, sparql: &str) -> Result<Vec<(String, usize)>> {
    let mut out = Vec::new();
    if let QueryResults::Solutions(sols) = src.query(sparql)? {
        for s in sols {
            let s = s.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
            let key = match s.get("k") {
                Some(Term::NamedNode(n)) => local_name(n.as_str()).to_string(),
                Some(Term::Literal(l)) => l.value().to_string(),
                Some(t) => t.to_string(),
                None => String::new(),
            };
            let n = match s.get("n") {
                Some(Term::Literal(l)) => l.value().parse().unwrap_or(0),
                _ => 0,
            };
            out.push((key, n));
        }
    }
    Ok(out)
}

/// What `stats` counts, from any store that answers newsgraph's SPARQL; `quads` when the caller
/// knows the number (the embedded store counts its quads faster than a query), else counted
/// over newsgraph's graphs (those under its base IRI).
pub fn stats_from(src: &dyn crate::mirror::Sparql, quads: Option<usize>) -> Result<Stats> {
    let one = |q: &str| -> Result<usize> { Ok(count(src, q)?.first().map_or(0, |x| x.1)) };
    let articles = one(&format!(
        "SELECT ?k (COUNT(?a) AS ?n) WHERE {{ GRAPH <{}> {{ ?a a ng:Article }} }} GROUP BY ?k",
        vocab::META_GRAPH
    ))?;
    let entities = one(&format!(
        "SELECT ?k (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH <{}> {{ ?e a ?t }} }} GROUP BY ?k",
        vocab::ENTITY_GRAPH
    ))?;
    let entities_by_type = count(src, &format!(
        "SELECT ?k (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH <{}> {{ ?e a ?k }} }} GROUP BY ?k ORDER BY DESC(?n) ?k",
        vocab::ENTITY_GRAPH
    ))?;
    let relations_by_predicate = count(src,
        "SELECT ?k (COUNT(?r) AS ?n) WHERE { GRAPH ?g { ?r a ng:RelationAssertion ; rdf:predicate ?k ; ng:polarity ng:Positive } } GROUP BY ?k ORDER BY ?k",
    )?;
    let quotes =
        one("SELECT ?k (COUNT(?q) AS ?n) WHERE { GRAPH ?g { ?q a ng:Quotation } } GROUP BY ?k")?;
    let roles =
        one("SELECT ?k (COUNT(?m) AS ?n) WHERE { GRAPH ?g { ?m a org:Membership } } GROUP BY ?k")?;
    let quads = match quads {
        Some(n) => n,
        None => one(&format!(
            "SELECT ?k (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{}\")) }} GROUP BY ?k",
            vocab::BASE
        ))?,
    };
    Ok(Stats {
        articles,
        entities,
        entities_by_type,
        relations_by_predicate,
        quotes,
        roles,
        quads,
    })
}

/// Whether text that is not a query is a SPARQL update (it parses as one, or starts with an
/// update keyword after its prologue).
fn is_update(evaluator: &SparqlEvaluator, sparql: &str) -> bool {
    if evaluator.clone().parse_update(sparql).is_ok() {
        return true;
    }
    let mut words = sparql
        .lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .flat_map(str::split_whitespace);
    while let Some(w) = words.next() {
        match w.to_ascii_uppercase().as_str() {
            "PREFIX" => {
                words.next();
                words.next();
            }
            "BASE" => {
                words.next();
            }
            k => {
                return matches!(
                    k,
                    "INSERT"
                        | "DELETE"
                        | "LOAD"
                        | "CLEAR"
                        | "DROP"
                        | "CREATE"
                        | "ADD"
                        | "MOVE"
                        | "COPY"
                        | "WITH"
                )
            }
        }
    }
    false
}

/// Where a record of an article goes instead of its own IRI, and why.
#[derive(Clone, Debug)]
struct Redirect {
    target: NamedNode,
    reason: MergeReason,
    name: String,
}

/// A transaction on the store. With a mirror (see [`GraphStore::open_mirrored`]) it also keeps
/// a journal of what it changes, which [`GraphStore::commit`] sends to the mirror before the
/// local commit; article graphs then keep locally only what resolution reads
/// ([`kept_by_local_state`]).
struct Tx<'a> {
    t: oxigraph::store::Transaction<'a>,
    journal: Option<Journal>,
    /// Set by [`GraphStore::write_new_batch`]: the article graphs' quads that writing a new
    /// article does not read (not `read_within_a_step`) are kept here for the bulk loader
    /// instead of going into the transaction.
    bulk: Option<Vec<Quad>>,
    /// The entity graph's type and preferred label of the entities read in this transaction,
    /// forgotten when the transaction writes either: a batch's articles name the same entities
    /// again and again, and each read is a seek in every level of the store.
    known: std::cell::RefCell<Known>,
    /// The store's revision as this transaction's writes made it so far, once one has
    /// ([`bump_revision`]): the stored one is taken out at the first write and the last
    /// written at commit ([`Tx::settle_revision`]), so a batch of many articles reads and
    /// rewrites it once, not once per article (each rewrite leaves a deleted key that every
    /// later read of it in the batch, and in the store until a compaction, steps over).
    revision: Option<String>,
}

#[derive(Default)]
struct Known {
    types: std::collections::HashMap<NamedNode, Option<EntityType>>,
    labels: std::collections::HashMap<NamedNode, Option<String>>,
}

impl Known {
    /// Forget what a write of `q` may change.
    fn forget(&mut self, q: QuadRef<'_>) {
        if q.graph_name != GraphNameRef::NamedNode(entity_graph()) {
            return;
        }
        let NamedOrBlankNodeRef::NamedNode(e) = q.subject else {
            return;
        };
        if q.predicate == rdf::TYPE {
            self.types.remove(&e.into_owned());
        } else if q.predicate == skos::PREF_LABEL {
            self.labels.remove(&e.into_owned());
        }
    }
}

/// What a transaction changed, for a mirror: the shared graphs' quads (inserted: `true`,
/// removed: `false`; the last change of a quad wins) and the article graphs replaced, with
/// their whole new content (none: dropped).
#[derive(Default)]
struct Journal {
    shared: std::collections::HashMap<Quad, bool>,
    graphs: Vec<(NamedNode, Vec<oxigraph::model::Triple>)>,
}

impl Journal {
    fn graph(&mut self, g: NamedNodeRef<'_>) -> &mut Vec<oxigraph::model::Triple> {
        let i = match self.graphs.iter().position(|(n, _)| n.as_ref() == g) {
            Some(i) => i,
            None => {
                self.graphs.push((g.into_owned(), Vec::new()));
                self.graphs.len() - 1
            }
        };
        &mut self.graphs[i].1
    }

    fn into_change(self) -> Change {
        let (mut inserted, mut removed): (Vec<_>, Vec<_>) =
            self.shared.into_iter().partition(|(_, ins)| *ins);
        inserted.sort_by_cached_key(|(q, _)| q.to_string());
        removed.sort_by_cached_key(|(q, _)| q.to_string());
        Change {
            graphs: self.graphs,
            inserted: inserted.into_iter().map(|(q, _)| q).collect(),
            removed: removed.into_iter().map(|(q, _)| q).collect(),
        }
    }
}

/// Whether a graph is one the articles share (entities, metadata) rather than an article's own.
fn is_shared_graph(g: NamedNodeRef<'_>) -> bool {
    g == meta_graph() || g == entity_graph()
}

/// The predicates of an article graph that a mirrored store keeps locally: what resolution,
/// removal and the name index read (the article's entities, its names and type votes for them,
/// its merge records). The rest of the article lives in the mirror only.
pub fn kept_by_local_state(p: NamedNodeRef<'_>) -> bool {
    p == ng::MENTIONS
        || p == ng::ARTICLE_TYPE
        || p == ng::ARTICLE_NAME
        || p == ng::ENTITY
        || p == ng::MERGED_NAME
}

/// The predicates of an article graph that writing a new article reads (type votes, which
/// decide an entity's type, `refresh_type`), and the article's `ng:mentions`, which taking a
/// failed step's articles out again reads (`remove_article` refreshes the entities they
/// mention, so what the step's transaction wrote to the entity graph goes too): a bulk step
/// keeps them in its transaction. The rest of an article graph, what only a changed or
/// removed article's write reads (names, merge records) or the name index, goes to the bulk
/// loader: every such write first has the step taken in.
fn read_within_a_step(p: NamedNodeRef<'_>) -> bool {
    p == ng::ARTICLE_TYPE || p == ng::MENTIONS
}

impl<'a> Tx<'a> {
    /// Write the revision the transaction's writes made (see [`Tx::revision`]).
    fn settle_revision(&mut self) {
        if let Some(rev) = self.revision.take() {
            self.insert(QuadRef::new(
                meta_graph(),
                ng::REVISION,
                Literal::new_simple_literal(rev).as_ref(),
                meta_graph(),
            ));
        }
    }

    fn insert<'b>(&mut self, q: impl Into<QuadRef<'b>>) {
        let q = q.into();
        self.known.get_mut().forget(q);
        if let (Some(b), GraphNameRef::NamedNode(g)) = (&mut self.bulk, q.graph_name) {
            if !is_shared_graph(g) && !read_within_a_step(q.predicate) {
                b.push(q.into_owned());
                return;
            }
        }
        if let (Some(j), GraphNameRef::NamedNode(g)) = (&mut self.journal, q.graph_name) {
            if is_shared_graph(g) {
                j.shared.insert(q.into_owned(), true);
            } else {
                j.graph(g)
                    .push(oxigraph::model::TripleRef::from(q).into_owned());
                if !kept_by_local_state(q.predicate) {
                    return;
                }
            }
        }
        self.t.insert(q);
    }

    fn remove<'b>(&mut self, q: impl Into<QuadRef<'b>>) {
        let q = q.into();
        self.known.get_mut().forget(q);
        if let (Some(j), GraphNameRef::NamedNode(g)) = (&mut self.journal, q.graph_name) {
            // article graphs are only ever replaced or dropped whole (`clear_graph`)
            if is_shared_graph(g) {
                j.shared.insert(q.into_owned(), false);
            }
        }
        self.t.remove(q);
    }

    fn clear_graph<'b>(&mut self, g: impl Into<GraphNameRef<'b>>) -> Result<()> {
        let g = g.into();
        if g == GraphNameRef::NamedNode(entity_graph()) {
            *self.known.get_mut() = Known::default();
        }
        if let (Some(j), GraphNameRef::NamedNode(n)) = (&mut self.journal, g) {
            j.graph(n).clear();
        }
        Ok(self.t.clear_graph(g)?)
    }

    fn quads_for_pattern(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph_name: Option<GraphNameRef<'_>>,
    ) -> oxigraph::store::QuadIter<'_> {
        self.t
            .quads_for_pattern(subject, predicate, object, graph_name)
    }

    fn contains<'b>(&self, q: impl Into<QuadRef<'b>>) -> Result<bool> {
        Ok(self.t.contains(q)?)
    }
}

/// Hands an article's facts, one at a time, to the sink it is given.
type EmitFacts<'e> = dyn FnMut(&mut dyn FnMut(QuadRef<'_>)) + 'e;

/// Inserts quads in transactions of `store.chunk` quads; the first error stops it (later
/// quads are dropped) and is returned by `finish`.
struct Chunks<'a> {
    store: &'a GraphStore,
    t: Option<Tx<'a>>,
    n: usize,
    done: usize,
    error: Option<Error>,
}

impl Chunks<'_> {
    fn insert(&mut self, q: QuadRef<'_>) {
        if self.error.is_some() {
            return;
        }
        if let Err(e) = self.try_insert(q) {
            self.t = None;
            self.error = Some(e);
        }
    }

    fn try_insert(&mut self, q: QuadRef<'_>) -> Result<()> {
        if self.t.is_none() {
            faults::before_chunk(self.done)?;
            self.t = Some(self.store.start()?);
        }
        if let Some(t) = self.t.as_mut() {
            t.insert(q);
            self.n += 1;
        }
        if self.n >= self.store.chunk {
            self.commit()?;
        }
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        if let Some(t) = self.t.take() {
            self.store.commit(t)?;
            self.store.written(self.n, FLUSH_QUADS)?;
            self.n = 0;
            self.done += 1;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.commit()
    }
}

/// A term, or the stored entity its article's entity was resolved to.
fn redirect<'a>(redirects: &'a [(NamedNode, Redirect)], t: TermRef<'a>) -> TermRef<'a> {
    match t {
        TermRef::NamedNode(n) => redirected(redirects, n).into(),
        _ => t,
    }
}

/// The entity an IRI resolves to: its redirect's target, else itself.
fn redirected<'a>(
    redirects: &'a [(NamedNode, Redirect)],
    iri: NamedNodeRef<'a>,
) -> NamedNodeRef<'a> {
    redirects
        .iter()
        .find(|(from, _)| from.as_ref() == iri)
        .map_or(iri, |(_, r)| r.target.as_ref())
}

fn redirect_subject<'a>(
    redirects: &'a [(NamedNode, Redirect)],
    s: NamedOrBlankNodeRef<'a>,
) -> NamedOrBlankNodeRef<'a> {
    match s {
        NamedOrBlankNodeRef::NamedNode(n) => match redirect(redirects, n.into()) {
            TermRef::NamedNode(m) => m.into(),
            _ => s,
        },
        _ => s,
    }
}

/// Faults a test injects into a write (nothing outside tests).
pub(crate) mod faults {
    #[cfg(test)]
    thread_local! {
        pub static FAIL_BEFORE_CHUNK: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
        pub static NO_ROLLBACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        pub static FAIL_BULK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        pub static FAIL_ARTICLE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    }

    /// Fails the bulk load of [`crate::GraphStore::write_new_batch`] (its step 2).
    pub fn before_bulk() -> crate::error::Result<()> {
        #[cfg(test)]
        if FAIL_BULK.with(|f| f.get()) {
            return Err(crate::error::Error::Output(
                "injected bulk load failure".into(),
            ));
        }
        Ok(())
    }

    pub fn before_chunk(_n: usize) -> crate::error::Result<()> {
        #[cfg(test)]
        if FAIL_BEFORE_CHUNK.with(|f| f.get()) == Some(_n) {
            return Err(crate::error::Error::Output("injected write failure".into()));
        }
        Ok(())
    }

    /// Fails the write of an article whose metadata holds the text a test names (its file
    /// name, say), alone or in a batch.
    pub fn article(_ag: &crate::graph::ArticleGraph) -> crate::error::Result<()> {
        #[cfg(test)]
        if FAIL_ARTICLE.with(|f| {
            f.borrow().as_deref().is_some_and(|needle| {
                _ag.meta
                    .iter()
                    .any(|q| q.object.to_string().contains(needle))
            })
        }) {
            return Err(crate::error::Error::Output(
                "injected article write failure".into(),
            ));
        }
        Ok(())
    }

    pub fn no_rollback() -> bool {
        #[cfg(test)]
        return NO_ROLLBACK.with(|f| f.get());
        #[cfg(not(test))]
        false
    }
}

/// Write one article that is not large in the transaction `t` (see
/// [`GraphStore::write_article`]): unchanged -> nothing; changed -> its graph and metadata
/// replaced; new -> added. Everything is read through `t`, so an article written earlier in
/// the same transaction counts as stored. `touched` gets the entities whose records or mention
/// counts the write may change (its old version's and its own, after resolution).
fn write_in(t: &mut Tx<'_>, ag: &ArticleGraph, touched: &mut Touched) -> Result<WriteOutcome> {
    faults::article(ag)?;
    let outcome = outcome_of(stored_hash(t, &ag.iri)?.as_deref(), &ag.hash);
    if outcome == WriteOutcome::Unchanged {
        return Ok(outcome);
    }
    let old_meta = article_meta(t, &ag.iri)?;
    for q in &old_meta {
        t.remove(q);
    }
    let old_entities = if outcome == WriteOutcome::Changed {
        mentioned_entities(t, &ag.iri, ag.graph.as_ref())?
    } else {
        Vec::new()
    };
    t.clear_graph(GraphNameRef::NamedNode(ag.graph.as_ref()))?;
    // what the old version alone contributed goes first, so that the new version is never
    // resolved against its own past
    for e in &old_entities {
        refresh_entity(t, e)?;
    }
    // cross-article resolution: a record may be an entity stored under another name
    let redirects = resolve_records(t, &ag.entities)?;
    for q in &ag.meta {
        t.insert(q);
    }
    // each quad is stored once: an entity two of the article's records resolved to counts once
    let mut mentioned: std::collections::HashSet<QuadRef<'_>> = Default::default();
    let mut votes: std::collections::HashSet<QuadRef<'_>> = Default::default();
    for q in mapped_facts(ag, &redirects) {
        if q.predicate == ng::MENTIONS {
            mentioned.insert(q);
        } else if q.predicate == ng::ARTICLE_TYPE {
            votes.insert(q);
        }
        t.insert(q);
    }
    let retype = put_entities(t, ag, &redirects)?;
    for e in &retype {
        if stored_type(t, e)?.is_none() {
            // an entity with no type has no votes but this article's (every write that stores
            // a vote decides the type): counted here instead of read back
            let own: Vec<Term> = votes
                .iter()
                .filter(|q| q.subject == e.as_ref().into())
                .map(|q| q.object.into_owned())
                .collect();
            set_type(t, e, &tally(own.iter()))?;
        } else {
            refresh_type(t, e)?;
        }
    }
    bump_revision(t, &ag.hash)?;
    for q in &mentioned {
        if let TermRef::NamedNode(e) = q.object {
            touched.count(e.into_owned(), 1);
        }
    }
    touched.merge(Touched::removed(old_entities));
    touched.entities.extend(record_iris(ag, &redirects));
    Ok(outcome)
}

/// What the writes since the last [`GraphStore::take_touched`] changed, for the indexes
/// derived from the store (the name index): the entities whose records or mention counts they
/// may have changed, and by how many articles each entity's mentions grew or shrank, so that
/// a count is brought up to date without reading every article that mentions the entity.
#[derive(Debug, Default)]
pub struct Touched {
    /// The entities, sorted and each once when taken ([`GraphStore::take_touched`]).
    pub entities: Vec<NamedNode>,
    /// Articles mentioning the entity added (positive) or taken out (negative).
    mentions: std::collections::HashMap<NamedNode, i64>,
    /// A write did not count its mentions (a large article, a failed bulk step): the counts
    /// must be read from the store.
    uncounted: bool,
}

impl Touched {
    /// Entities whose mentions a write changed without counting them.
    fn uncounted(entities: Vec<NamedNode>) -> Self {
        Touched {
            entities,
            mentions: Default::default(),
            uncounted: true,
        }
    }

    /// Entities an article that mentioned each of them once has left.
    fn removed(entities: Vec<NamedNode>) -> Self {
        let mut t = Touched::default();
        for e in &entities {
            t.count(e.clone(), -1);
        }
        t.entities = entities;
        t
    }

    /// `n` more articles mention `e` (fewer when negative).
    fn count(&mut self, e: NamedNode, n: i64) {
        *self.mentions.entry(e).or_insert(0) += n;
    }

    fn merge(&mut self, other: Touched) {
        self.entities.extend(other.entities);
        for (e, n) in other.mentions {
            self.count(e, n);
        }
        self.uncounted |= other.uncounted;
    }

    /// By how many articles the mentions of `e` changed, when every write counted them.
    pub fn mention_change(&self, e: &NamedNode) -> Option<i64> {
        if self.uncounted {
            return None;
        }
        Some(self.mentions.get(e).copied().unwrap_or(0))
    }
}

/// The entity IRIs an article's records are stored under, after cross-article resolution.
fn record_iris(ag: &ArticleGraph, redirects: &[(NamedNode, Redirect)]) -> Vec<NamedNode> {
    ag.entities
        .iter()
        .map(|r| redirected(redirects, r.iri.as_ref()).into_owned())
        .collect()
}

/// What writing an article whose stored content hash is `stored` does.
fn outcome_of(stored: Option<&str>, hash: &str) -> WriteOutcome {
    match stored {
        Some(h) if h == hash => WriteOutcome::Unchanged,
        Some(_) => WriteOutcome::Changed,
        None => WriteOutcome::New,
    }
}

/// The stored content hash of an article, read through a transaction.
fn stored_hash(t: &Tx<'_>, article: &NamedNode) -> Result<Option<String>> {
    first_literal(t, article, ng::CONTENT_HASH, meta_graph())
}

/// The value of the first literal object of `subject predicate ?o` in `graph`.
fn first_literal(
    t: &Tx<'_>,
    subject: &NamedNode,
    predicate: NamedNodeRef<'_>,
    graph: NamedNodeRef<'_>,
) -> Result<Option<String>> {
    for o in objects(t, subject, predicate, Some(graph)) {
        if let Term::Literal(l) = o? {
            return Ok(Some(l.value().to_string()));
        }
    }
    Ok(None)
}

/// Take a checkpoint of `store` and publish it as the readers' snapshot (replacing any
/// earlier one).
fn publish_snapshot(store: &Store, lock: &mut WriteLock, dir: &Path) -> Result<()> {
    let snap = lock.snapshot_dir();
    if let Err(e) = store.backup(&snap) {
        let _ = std::fs::remove_dir_all(&snap);
        return Err(store_error(
            dir,
            format!("cannot snapshot for readers: {e}"),
        ));
    }
    lock.publish(snap)
}

/// Whether a store holds an article marked pending (a write or removal that was interrupted).
fn has_pending(store: &Store) -> bool {
    store
        .quads_for_pattern(None, Some(ng::PENDING), None, Some(meta_graph().into()))
        .next()
        .is_some()
}

/// An article of more quads than this (its old version or its new one) is written or removed
/// in several transactions (see [`GraphStore::write_article`]).
pub const LARGE_ARTICLE_QUADS: usize = 20_000;
/// Quads of new articles the bulk loader gathers before RocksDB takes them in (see
/// [`GraphStore::write_new_batch`]).
pub const BULK_INGEST_QUADS: usize = 400_000;

/// Quads written in transactions by [`GraphStore::write_new_batch`] between two flushes of the
/// memtables. Each flush adds a table file to RocksDB's level 0 for each index, and eight such
/// files (or 32 MB) make RocksDB compact level 0 into the level below it (vendor/README.md; two
/// with Oxigraph's own options): with the bulk of the quads
/// going around the memtables, these flushes can be rarer than [`FLUSH_QUADS`].
const BULK_FLUSH_QUADS: usize = 10_000;

/// Quads handed to the bulk loader at once: it writes one table file per index for each
/// hand-over, so few large ones keep RocksDB's level 0 small.
pub const BULK_LOAD_QUADS: usize = 25_000;

/// Hand-overs in a step, at most: each is a level-0 file per index after the intake, and at 40
/// level-0 files RocksDB slows writes down (at 64 it stops them: vendor/README.md; with
/// Oxigraph's own 20 and 36, a step of 400,000 quads in 15,000-quad hand-overs took half as
/// long again as in 25,000-quad ones).
const MAX_HANDOVERS_PER_STEP: usize = 16;

/// The hand-over size for steps of `step` quads: [`BULK_LOAD_QUADS`], or a sixteenth of the
/// step when that is more (memory grows with it), at most the step.
pub fn bulk_load_quads(step: usize) -> usize {
    BULK_LOAD_QUADS
        .max(step.div_ceil(MAX_HANDOVERS_PER_STEP))
        .min(step.max(1))
}

/// Oxigraph's bulk loader, kept on a thread of its own (it borrows the store it loads), with
/// the marks of the articles whose quads it holds.
struct BulkLoad {
    to_loader: Option<std::sync::mpsc::SyncSender<BulkCommand>>,
    thread: Option<std::thread::JoinHandle<()>>,
    marks: Vec<Quad>,
    /// A failure after the step's first articles were written (a flush): its intake fails.
    error: Option<Error>,
    /// Quads not handed over yet.
    buffer: Vec<Quad>,
    /// Quads gathered since the last intake.
    quads: usize,
}

enum BulkCommand {
    Load(Vec<Quad>),
    Commit(std::sync::mpsc::Sender<std::result::Result<(), oxigraph::store::StorageError>>),
}

impl BulkLoad {
    fn start(store: &Store) -> Self {
        let store = store.clone();
        // one batch waits while the loader works on another: memory stays bounded
        let (to_loader, commands) = std::sync::mpsc::sync_channel::<BulkCommand>(1);
        let thread = std::thread::spawn(move || {
            // one table-building thread: two would hold two batches in memory at once, for
            // no measurable gain on two cores (the writer and extraction use them)
            let mut loader = store.bulk_loader().with_num_threads(1);
            let mut failed = None;
            for command in commands {
                match command {
                    BulkCommand::Load(quads) => {
                        if failed.is_none() {
                            failed = loader.load_quads(quads).err();
                        }
                    }
                    BulkCommand::Commit(reply) => {
                        let done = match failed.take() {
                            Some(e) => Err(e),
                            None => loader.commit(),
                        };
                        let _ = reply.send(done);
                        return;
                    }
                }
            }
            // dropped without a commit: the loader removes its files
        });
        BulkLoad {
            to_loader: Some(to_loader),
            thread: Some(thread),
            marks: Vec::new(),
            error: None,
            buffer: Vec::new(),
            quads: 0,
        }
    }

    /// Gather quads; hand them to the loader (which sorts and writes them while the writer
    /// goes on) by `load`.
    fn add(&mut self, quads: Vec<Quad>, load: usize) {
        self.quads += quads.len();
        self.buffer.extend(quads);
        if self.buffer.len() >= load {
            self.hand_over();
        }
    }

    fn hand_over(&mut self) {
        let quads = std::mem::take(&mut self.buffer);
        if let (Some(s), false) = (&self.to_loader, quads.is_empty()) {
            let _ = s.send(BulkCommand::Load(quads));
        }
    }

    /// RocksDB takes in every file the loader wrote (all of them or none).
    fn commit(mut self) -> Result<()> {
        self.hand_over();
        let (reply, answer) = std::sync::mpsc::channel();
        let sent = self
            .to_loader
            .take()
            .is_some_and(|s| s.send(BulkCommand::Commit(reply)).is_ok());
        let done = match answer.recv() {
            Ok(r) if sent => r.map_err(Error::from),
            _ => Err(Error::Output("the bulk loader stopped".into())),
        };
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        done
    }
}

impl Drop for BulkLoad {
    fn drop(&mut self) {
        // closing the channel makes the loader drop its files
        self.to_loader = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Quads per transaction when a large article is written or removed.
pub const WRITE_CHUNK: usize = 2_500;
/// Quads written between two flushes of RocksDB's memtables (see `GraphStore::written`).
pub const FLUSH_QUADS: usize = 5_000;

/// Hand the allocator's free pages back to the system (glibc keeps what a thread freed in that
/// thread's arena, where another thread cannot reuse it). Called where a large article has just
/// freed its analysis or flushed its memtables, so that the next allocations of the writer do
/// not raise the process's peak memory. A no-op on other allocators.
pub(crate) fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it takes its own locks.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The named graph of an article's facts.
fn graph_of(article: &NamedNode) -> NamedNode {
    let key = article.as_str().rsplit('/').next().unwrap_or_default();
    crate::graph::article_graph_iri(key)
}

/// An article's quads in the meta graph.
fn article_meta(t: &Tx<'_>, article: &NamedNode) -> Result<Vec<Quad>> {
    Ok(t.quads_for_pattern(
        Some(article.as_ref().into()),
        None,
        None,
        Some(meta_graph().into()),
    )
    .collect::<Result<_, _>>()?)
}

/// An article's facts with its entities redirected to the stored ones they were resolved to;
/// an edge that now joins an entity to itself (two names of one article that turn out to be
/// one entity) is left out.
fn mapped_facts<'a>(
    ag: &'a ArticleGraph,
    redirects: &'a [(NamedNode, Redirect)],
) -> impl Iterator<Item = QuadRef<'a>> + 'a {
    ag.facts.iter().filter_map(move |q| map_fact(redirects, q))
}

/// A fact with its entities redirected to the stored ones they were resolved to; `None` for
/// an edge that now joins an entity to itself (two names of one article that turn out to be
/// one entity).
fn map_fact<'a>(redirects: &'a [(NamedNode, Redirect)], q: QuadRef<'a>) -> Option<QuadRef<'a>> {
    let (s, o) = (
        redirect_subject(redirects, q.subject),
        redirect(redirects, q.object),
    );
    if is_direct_edge(q.predicate)
        && matches!((s, o), (NamedOrBlankNodeRef::NamedNode(a), TermRef::NamedNode(b)) if a == b)
    {
        return None;
    }
    Some(QuadRef::new(s, q.predicate, o, q.graph_name))
}

/// The article's merge records and its entities' records in the entity graph; returns the
/// entities whose type must be decided again from the votes (new ones, and ones this article
/// types otherwise).
fn put_entities(
    t: &mut Tx<'_>,
    ag: &ArticleGraph,
    redirects: &[(NamedNode, Redirect)],
) -> Result<Vec<NamedNode>> {
    let mut merge_no = 0;
    for (from, r) in redirects {
        merge_no += 1;
        let n = NamedNode::new_unchecked(format!("{}#resolve-{merge_no}", ag.iri.as_str()));
        let g = GraphNameRef::NamedNode(ag.graph.as_ref());
        let lit = |v: &str| Term::from(Literal::new_simple_literal(v));
        t.insert(QuadRef::new(&n, rdf::TYPE, ng::MERGE, g));
        t.insert(QuadRef::new(&n, ng::ENTITY, &r.target, g));
        t.insert(QuadRef::new(&n, ng::MERGED_NAME, lit(&r.name).as_ref(), g));
        t.insert(QuadRef::new(&n, ng::REASON, r.reason.iri(), g));
        t.insert(QuadRef::new(&n, prov::WAS_DERIVED_FROM, from, g));
    }
    let mut touched: Vec<NamedNode> = Vec::new();
    for r in &ag.entities {
        let iri = redirected(redirects, r.iri.as_ref()).into_owned();
        // the first label written for an entity stays its preferred label
        let stored_pref = pref_label(t, &iri)?;
        let record = EntityRecord {
            iri: iri.clone(),
            ..r.clone()
        };
        let stored = stored_type(t, &iri)?;
        for q in entity_quads_over(&record, stored_pref.as_deref()) {
            if q.predicate == rdf::TYPE {
                continue;
            }
            t.insert(&q);
        }
        if r.etype.is_person() {
            for name in std::iter::once(&r.label).chain(&r.aliases) {
                let plain = strip_initials(name);
                if plain != *name {
                    t.insert(QuadRef::new(
                        &iri,
                        ng::KEY,
                        Literal::new_simple_literal(normalize_key(&plain)).as_ref(),
                        entity_graph(),
                    ));
                }
            }
        }
        // a new entity, or one this article types otherwise: its type from the votes
        if stored != Some(r.etype) && !touched.contains(&iri) {
            touched.push(iri);
        }
    }
    Ok(touched)
}

fn is_direct_edge(p: NamedNodeRef<'_>) -> bool {
    p == ng::OPPOSES
        || p == ng::PARTNERS_WITH
        || p == ng::QUOTED
        || p == org::MEMBER_OF
        || p == org::UNIT_OF
}

/// The objects of `subject predicate ?o`, in `graph` (or in every graph when `None`).
fn objects<'a>(
    t: &'a Tx<'_>,
    subject: &NamedNode,
    predicate: NamedNodeRef<'_>,
    graph: Option<NamedNodeRef<'_>>,
) -> impl Iterator<Item = Result<Term>> + 'a {
    t.quads_for_pattern(
        Some(subject.as_ref().into()),
        Some(predicate),
        None,
        graph.map(Into::into),
    )
    .map(|q| Ok(q?.object))
}

/// The entities an article's graph says it mentions.
fn mentioned_entities(
    t: &Tx<'_>,
    article: &NamedNode,
    graph: NamedNodeRef<'_>,
) -> Result<Vec<NamedNode>> {
    let mut out = Vec::new();
    for o in objects(t, article, ng::MENTIONS, Some(graph)) {
        if let Term::NamedNode(e) = o? {
            out.push(e);
        }
    }
    Ok(out)
}

/// The entity graph's preferred label of an entity.
fn pref_label(t: &Tx<'_>, e: &NamedNode) -> Result<Option<String>> {
    if let Some(l) = t.known.borrow().labels.get(e) {
        return Ok(l.clone());
    }
    let l = first_literal(t, e, skos::PREF_LABEL, entity_graph())?;
    t.known.borrow_mut().labels.insert(e.clone(), l.clone());
    Ok(l)
}

/// An entity type named by a class IRI.
fn class_type(o: &Term) -> Option<EntityType> {
    match o {
        Term::NamedNode(c) => EntityType::from_local_name(local_name(c.as_str())),
        _ => None,
    }
}

/// The entity graph's type of an entity (the first, if a store written by an older version
/// holds several).
fn stored_type(t: &Tx<'_>, e: &NamedNode) -> Result<Option<EntityType>> {
    if let Some(ty) = t.known.borrow().types.get(e) {
        return Ok(*ty);
    }
    let mut found = None;
    for o in objects(t, e, rdf::TYPE, Some(entity_graph())) {
        if let Some(ty) = class_type(&o?) {
            found = Some(ty);
            break;
        }
    }
    t.known.borrow_mut().types.insert(e.clone(), found);
    Ok(found)
}

/// "Maria L. Ortega" -> "Maria Ortega": single-letter words (with or without a period) between
/// the first and the last word dropped.
pub fn strip_initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 3 {
        return name.to_string();
    }
    let is_initial = |w: &str| {
        let w = w.trim_end_matches('.');
        w.chars().count() == 1 && w.chars().all(char::is_uppercase)
    };
    let mut out = vec![words[0]];
    out.extend(words[1..words.len() - 1].iter().filter(|w| !is_initial(w)));
    out.push(words[words.len() - 1]);
    out.join(" ")
}

fn is_acronym(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    (2..=8).contains(&letters) && s.chars().all(|c| c.is_uppercase() || c == '.' || c == '&')
}

/// Cross-article resolution of an article's records against the entity graph. A record keeps
/// its own IRI when it has a Wikidata id or country code, or when its IRI is already stored.
/// Otherwise it joins a stored entity of the same family when exactly one has
/// - its name (people: full names of two words or more only; a bare surname never crosses
///   articles) or, for organisations, one of its acronyms, as a name or alias
///   (`CrossArticleAlias`), or
/// - for people, the same full name but for middle initials (`MiddleInitial`).
///
/// Two or more candidates are ambiguous: the record keeps its own IRI.
fn resolve_records(t: &Tx<'_>, records: &[EntityRecord]) -> Result<Vec<(NamedNode, Redirect)>> {
    let mut out: Vec<(NamedNode, Redirect)> = Vec::new();
    for r in records {
        if r.wikidata.is_some()
            || r.country_code.is_some()
            || out.iter().any(|(from, _)| *from == r.iri)
        {
            continue;
        }
        let family = r.etype.family();
        if !matches!(family, "person" | "org" | "place") {
            continue;
        }
        if stored_type(t, &r.iri)?.is_some() {
            continue;
        }
        // (lookup key, reason, the name as written when it must match exactly: a single word
        // such as "PCs" must not meet "PCS"; an acronym when it may only meet an entity known by
        // that acronym alone, so that two different full names sharing one ("Business Software
        // Alliance", "Building Societies Association") stay apart)
        let mut keys: Vec<(String, MergeReason, Option<&str>, bool)> = Vec::new();
        let single = r.label.split_whitespace().count() < 2;
        if family == "person" {
            if single {
                continue;
            }
            keys.push((
                normalize_key(&r.label),
                MergeReason::CrossArticleAlias,
                None,
                false,
            ));
            let plain = strip_initials(&r.label);
            if plain != r.label {
                keys.push((
                    normalize_key(&plain),
                    MergeReason::MiddleInitial,
                    None,
                    false,
                ));
            }
        } else {
            let exact = single.then_some(r.label.as_str());
            keys.push((
                normalize_key(&r.label),
                MergeReason::CrossArticleAlias,
                exact,
                false,
            ));
            if family == "org" && !is_acronym(&r.label) {
                for a in r.aliases.iter().filter(|a| is_acronym(a)) {
                    keys.push((
                        normalize_key(a),
                        MergeReason::CrossArticleAlias,
                        Some(a),
                        true,
                    ));
                }
            }
        }
        let mut found: Vec<(NamedNode, MergeReason)> = Vec::new();
        for (key, reason, exact, acronym_only) in &keys {
            if key.is_empty() {
                continue;
            }
            let lit = Literal::new_simple_literal(key.as_str());
            for q in t.quads_for_pattern(
                None,
                Some(ng::KEY),
                Some(lit.as_ref().into()),
                Some(entity_graph().into()),
            ) {
                let oxigraph::model::NamedOrBlankNode::NamedNode(e) = q?.subject else {
                    continue;
                };
                if e == r.iri || found.iter().any(|(f, _)| *f == e) {
                    continue;
                }
                if stored_type(t, &e)?.is_none_or(|ty| ty.family() != family) {
                    continue;
                }
                if let Some(name) = exact {
                    let name = Literal::new_simple_literal(*name);
                    let has = |p| t.contains(QuadRef::new(&e, p, name.as_ref(), entity_graph()));
                    if !(has(skos::PREF_LABEL)? || has(skos::ALT_LABEL)?) {
                        continue;
                    }
                    if *acronym_only
                        && !t.contains(QuadRef::new(
                            &e,
                            skos::PREF_LABEL,
                            name.as_ref(),
                            entity_graph(),
                        ))?
                    {
                        continue;
                    }
                }
                found.push((e, *reason));
            }
        }
        if let [(target, reason)] = &found[..] {
            let mut reason = *reason;
            if family == "person" && reason == MergeReason::CrossArticleAlias {
                // the stored name may be the one with initials
                if pref_label(t, target)?.is_some_and(|l| strip_initials(&l) != l) {
                    reason = MergeReason::MiddleInitial;
                }
            }
            out.push((
                r.iri.clone(),
                Redirect {
                    target: target.clone(),
                    reason,
                    name: r.label.clone(),
                },
            ));
        }
    }
    Ok(out)
}

/// Votes of the article graphs for an entity's type.
fn type_votes(t: &Tx<'_>, e: &NamedNode) -> Result<Vec<(EntityType, usize)>> {
    let classes: Vec<Term> = objects(t, e, ng::ARTICLE_TYPE, None).collect::<Result<_>>()?;
    Ok(tally(classes.iter()))
}

/// The votes that `ng:articleType` objects (class IRIs) cast, per entity type.
fn tally<'a>(classes: impl Iterator<Item = &'a Term>) -> Vec<(EntityType, usize)> {
    let mut votes: Vec<(EntityType, usize)> = Vec::new();
    for ty in classes.filter_map(class_type) {
        match votes.iter_mut().find(|(t, _)| *t == ty) {
            Some(v) => v.1 += 1,
            None => votes.push((ty, 1)),
        }
    }
    votes
}

/// The type an entity gets from the articles' votes: for people, Official when at least a
/// quarter of the articles say so (an office is often left unsaid), else Person; otherwise the
/// most frequent type, ties going to the more specific (Agency, MediaOutlet, Company, then
/// Organization).
pub fn canonical_type(votes: &[(EntityType, usize)]) -> Option<EntityType> {
    let count = |ty: EntityType| votes.iter().find(|v| v.0 == ty).map_or(0, |v| v.1);
    let official = count(EntityType::Official);
    if official > 0 && official * 4 >= count(EntityType::Person) + official {
        return Some(EntityType::Official);
    }
    let rank = |ty: EntityType| match ty {
        EntityType::Agency | EntityType::ArmedGroup => 0,
        EntityType::MediaOutlet => 1,
        EntityType::Company => 2,
        _ => 3,
    };
    votes
        .iter()
        .filter(|v| v.0 != EntityType::Official)
        .max_by(|a, b| a.1.cmp(&b.1).then(rank(b.0).cmp(&rank(a.0))))
        .map(|v| v.0)
}

/// Recompute an entity's type from the articles' votes.
fn refresh_type(t: &mut Tx<'_>, e: &NamedNode) -> Result<()> {
    let votes = type_votes(t, e)?;
    set_type(t, e, &votes)
}

/// Store the type the articles' `votes` give an entity (nothing when they give none).
fn set_type(t: &mut Tx<'_>, e: &NamedNode, votes: &[(EntityType, usize)]) -> Result<()> {
    let Some(ty) = canonical_type(votes) else {
        return Ok(());
    };
    let old: Vec<Quad> = t
        .quads_for_pattern(
            Some(e.as_ref().into()),
            Some(rdf::TYPE),
            None,
            Some(entity_graph().into()),
        )
        .collect::<Result<_, _>>()?;
    for q in &old {
        t.remove(q);
    }
    t.insert(QuadRef::new(
        e,
        rdf::TYPE,
        vocab::class_of(ty),
        entity_graph(),
    ));
    Ok(())
}

/// After an article that mentioned `e` left (or changed): drop `e` when no article mentions it,
/// else recompute its type, labels and keys from the articles that still do.
fn refresh_entity(t: &mut Tx<'_>, e: &NamedNode) -> Result<()> {
    let still_mentioned = t
        .quads_for_pattern(None, Some(ng::MENTIONS), Some(e.as_ref().into()), None)
        .next()
        .is_some();
    let stored: Vec<Quad> = t
        .quads_for_pattern(
            Some(e.as_ref().into()),
            None,
            None,
            Some(entity_graph().into()),
        )
        .collect::<Result<_, _>>()?;
    if !still_mentioned {
        for q in &stored {
            t.remove(q);
        }
        return Ok(());
    }
    // names: as each article names it, and the names merged into it
    let mut names: Vec<(String, usize)> = Vec::new();
    let mut add = |n: &str, own: bool| match names.iter_mut().find(|x| x.0 == n) {
        Some(x) => x.1 += usize::from(own),
        None => names.push((n.to_string(), usize::from(own))),
    };
    for o in objects(t, e, ng::ARTICLE_NAME, None) {
        if let Term::Literal(l) = o? {
            add(l.value(), true);
        }
    }
    let merges: Vec<Quad> = t
        .quads_for_pattern(None, Some(ng::ENTITY), Some(e.as_ref().into()), None)
        .collect::<Result<_, _>>()?;
    for m in merges {
        for q in t.quads_for_pattern(
            Some(m.subject.as_ref()),
            Some(ng::MERGED_NAME),
            None,
            Some(m.graph_name.as_ref()),
        ) {
            if let Term::Literal(l) = q?.object {
                // as the write path's aliases: names as written with a capital
                if l.value().chars().next().is_some_and(char::is_uppercase) {
                    add(l.value(), false);
                }
            }
        }
    }
    let old_pref = stored
        .iter()
        .find_map(|q| match (&q.object, q.predicate == skos::PREF_LABEL) {
            (Term::Literal(l), true) => Some(l.value().to_string()),
            _ => None,
        });
    let pref = match old_pref {
        Some(p) if names.iter().any(|n| n.0 == p) => p,
        _ => match names
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        {
            Some(n) => n.0.clone(),
            None => return Ok(()),
        },
    };
    for q in &stored {
        if q.predicate == skos::PREF_LABEL
            || q.predicate == skos::ALT_LABEL
            || q.predicate == ng::KEY
        {
            t.remove(q);
        }
    }
    let lit = |v: &str| Literal::new_simple_literal(v);
    t.insert(QuadRef::new(
        e,
        skos::PREF_LABEL,
        lit(&pref).as_ref(),
        entity_graph(),
    ));
    let person = stored_type(t, e)?.is_some_and(EntityType::is_person);
    let mut keys: Vec<String> = Vec::new();
    for (n, _) in &names {
        if *n != pref {
            t.insert(QuadRef::new(
                e,
                skos::ALT_LABEL,
                lit(n).as_ref(),
                entity_graph(),
            ));
        }
        keys.push(normalize_key(n));
        let plain = strip_initials(n);
        if person && plain != *n {
            keys.push(normalize_key(&plain));
        }
    }
    keys.sort();
    keys.dedup();
    for k in keys.iter().filter(|k| !k.is_empty()) {
        t.insert(QuadRef::new(e, ng::KEY, lit(k).as_ref(), entity_graph()));
    }
    refresh_type(t, e)
}

/// The file beside a remote store's local state that holds the undo of the change being
/// sent (see [`GraphStore::commit`]); gone once the change is committed here.
pub const INFLIGHT_FILE: &str = "mirror-inflight.txt";

/// Undo on the mirror the change an in-flight record describes, when the local state is at the
/// record's base revision and the mirror at its target (the mirror took the change, the local
/// state did not); returns the change's articles, or nothing when the record does not apply.
fn undo_inflight(
    record: &str,
    local: &str,
    remote: &str,
    mirror: &dyn Mirror,
) -> Result<Vec<NamedNode>> {
    let field = |key: &str| {
        record
            .lines()
            .find_map(|l| l.strip_prefix(key).and_then(|v| v.strip_prefix('\t')))
            .unwrap_or_default()
    };
    if field("base") != local || field("target") != remote || remote.is_empty() {
        return Ok(Vec::new());
    }
    let quads = |sign: &str| -> Result<Vec<Quad>> {
        let text: String = record
            .lines()
            .filter_map(|l| l.strip_prefix(sign).and_then(|v| v.strip_prefix('\t')))
            .map(|l| format!("{l}\n"))
            .collect();
        oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NQuads)
            .for_reader(text.as_bytes())
            .map(|q| {
                q.map_err(|e| Error::Remote {
                    endpoint: mirror.name().into(),
                    message: format!("the in-flight record cannot be read: {e}"),
                    fatal: true,
                })
            })
            .collect()
    };
    let articles: Vec<NamedNode> = record
        .lines()
        .filter_map(|l| l.strip_prefix("article\t"))
        .filter_map(|iri| NamedNode::new(iri).ok())
        .collect();
    mirror.apply(&Change {
        graphs: articles.iter().map(|a| (graph_of(a), Vec::new())).collect(),
        inserted: quads("+")?,
        removed: quads("-")?,
    })?;
    Ok(articles)
}

/// A new store revision, derived from the previous one and what was written.
fn bump_revision(t: &mut Tx<'_>, what: &str) -> Result<()> {
    let before = match t.revision.take() {
        Some(r) => r,
        None => {
            let subject = meta_graph();
            let old: Vec<Quad> = t
                .quads_for_pattern(
                    Some(subject.into()),
                    Some(ng::REVISION),
                    None,
                    Some(meta_graph().into()),
                )
                .collect::<Result<_, _>>()?;
            let mut before = String::new();
            for q in &old {
                if let Term::Literal(l) = &q.object {
                    before.push_str(l.value());
                }
                t.remove(q);
            }
            before
        }
    };
    let mut h = blake3::Hasher::new();
    h.update(before.as_bytes());
    h.update(what.as_bytes());
    t.revision = Some(h.finalize().to_hex()[..16].to_string());
    Ok(())
}

pub fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

fn store_error(dir: &Path, e: impl std::fmt::Display) -> Error {
    let msg = e.to_string();
    let hint = if msg.contains("lock") || msg.contains("LOCK") {
        " (another newsgraph process is writing to this store)"
    } else {
        ""
    };
    Error::Store {
        path: dir.to_path_buf(),
        message: format!("{msg}{hint}"),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, OnceLock};

    use newsgraph_extract::document::{Document, Metadata};
    use newsgraph_extract::{Pipeline, Resources};

    use super::*;

    fn pipeline() -> &'static Pipeline {
        static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
        PIPELINE.get_or_init(|| Pipeline::new(Arc::new(Resources::builtin().unwrap())))
    }

    fn article(id: &str, quotes: usize, salt: &str) -> ArticleGraph {
        let doc = document(id, quotes, salt);
        crate::graph::build(&doc, pipeline().fingerprint())
    }

    fn document(id: &str, quotes: usize, salt: &str) -> Document {
        let p = pipeline();
        let mut text =
            format!("Talks in Geneva {salt}\n\nFrance criticised Germany over the deal.\n\n");
        for i in 0..quotes {
            let who = ["Anna Berg", "Paul Smith", "the minister"][i % 3];
            text.push_str(&format!("\"We will act on item {i} {salt},\" {who} said. "));
            if i % 10 == 9 {
                text.push_str("\n\n");
            }
        }
        let meta = Metadata {
            id: id.to_string(),
            origin: id.to_string(),
            ..Metadata::default()
        };
        let mut doc = Document::new(meta, text);
        p.run(&mut doc);
        doc
    }

    /// Every quad of a store, sorted, with its revision left out (it names what was written).
    fn dump(s: &GraphStore) -> Vec<String> {
        let mut v: Vec<String> = s
            .store
            .iter()
            .map(|q| q.unwrap())
            .filter(|q| q.predicate != ng::REVISION)
            .map(|q| q.to_string())
            .collect();
        v.sort();
        v
    }

    /// A mirror that is an in-memory Oxigraph store, applying changes in the three steps a
    /// remote store does (marks, graphs, shared quads), and failing after a chosen step.
    struct StoreMirror {
        store: Store,
        fail_after: std::sync::Mutex<Option<u8>>,
    }

    impl Default for StoreMirror {
        fn default() -> Self {
            StoreMirror {
                store: Store::new().unwrap(),
                fail_after: Default::default(),
            }
        }
    }

    impl Mirror for StoreMirror {
        fn name(&self) -> &str {
            "test://mirror"
        }

        fn apply(&self, c: &Change) -> Result<()> {
            let fail = |step| -> Result<()> {
                if *self.fail_after.lock().unwrap() == Some(step) {
                    return Err(Error::Remote {
                        endpoint: self.name().into(),
                        message: format!("injected failure after step {step}"),
                        fatal: true,
                    });
                }
                Ok(())
            };
            // 0. the mirror is where the local state left it, as `Remote::apply` checks
            if let Some(expected) = c.revision_before() {
                let now = self.revision()?;
                if now != expected {
                    return Err(Error::Remote {
                        endpoint: self.name().into(),
                        message: format!(
                            "the mirror is at revision {now}, the change expects {expected}"
                        ),
                        fatal: true,
                    });
                }
            }
            let mark = Literal::new_simple_literal(crate::mirror::MIRROR_PENDING);
            for a in c.articles() {
                self.store
                    .insert(QuadRef::new(&a, ng::PENDING, &mark, meta_graph()))?;
            }
            fail(1)?;
            for (g, triples) in &c.graphs {
                self.store.clear_graph(g)?;
                for t in triples {
                    self.store.insert(t.as_ref().in_graph(g))?;
                }
            }
            fail(2)?;
            for q in &c.removed {
                self.store.remove(q)?;
            }
            for a in c.articles() {
                self.store
                    .remove(QuadRef::new(&a, ng::PENDING, &mark, meta_graph()))?;
            }
            for q in &c.inserted {
                self.store.insert(q)?;
            }
            // the change taken whole, and the answer lost
            fail(3)
        }

        fn pending(&self) -> Result<Vec<NamedNode>> {
            let mark = Literal::new_simple_literal(crate::mirror::MIRROR_PENDING);
            let mut out = Vec::new();
            for q in self.store.quads_for_pattern(
                None,
                Some(ng::PENDING),
                Some(mark.as_ref().into()),
                Some(meta_graph().into()),
            ) {
                if let oxigraph::model::NamedOrBlankNode::NamedNode(n) = q?.subject {
                    out.push(n);
                }
            }
            Ok(out)
        }

        fn revision(&self) -> Result<String> {
            GraphStore::over(self.store.clone(), None, false).revision()
        }
    }

    fn dump_of(store: &Store) -> Vec<String> {
        dump(&GraphStore::over(store.clone(), None, false))
    }

    /// What a mirror receives, change by change (a batch, an article alone, a changed article,
    /// a removal), adds up to exactly the embedded store; the local state keeps less; a change
    /// the mirror did not complete leaves the local state as it was, and the next open takes
    /// the article out of both, whichever step failed.
    #[test]
    fn a_mirror_receives_the_whole_store_and_an_interrupted_change_is_taken_out() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        let m = Arc::new(StoreMirror::default());
        let plain = GraphStore::in_memory().unwrap();
        let local = GraphStore::open_mirrored(&state, m.clone()).unwrap();
        let (a, b, c) = (
            article("a.txt", 3, "x"),
            article("b.txt", 5, "y"),
            article("c.txt", 2, "z"),
        );
        for s in [&plain, &local] {
            s.write_batch(&[&a, &b]).unwrap();
            s.write_article(&article("a.txt", 4, "x2")).unwrap();
            assert!(s.remove_article(&b.iri).unwrap());
            s.write_article(&b).unwrap();
            // a batch into a store that has a revision: the mirror checks the one it expects
            s.write_batch(&[&article("f.txt", 2, "f"), &article("g.txt", 1, "g")])
                .unwrap();
        }
        assert_eq!(dump(&plain), dump_of(&m.store));
        // the same revision in both, and the one writing the articles one by one gives
        assert_eq!(local.revision().unwrap(), m.revision().unwrap());
        assert_eq!(local.revision().unwrap(), plain.revision().unwrap());
        assert!(local.len().unwrap() * 2 < plain.len().unwrap());
        assert_eq!(
            local.stats().unwrap().entities,
            plain.stats().unwrap().entities
        );

        // the mirror fails after the graphs: nothing is committed here
        let revision = local.revision().unwrap();
        *m.fail_after.lock().unwrap() = Some(2);
        assert!(local.write_article(&c).is_err());
        assert_eq!(local.revision().unwrap(), revision);
        assert_eq!(m.pending().unwrap(), std::slice::from_ref(&c.iri));
        // a plain store refuses the state directory; a mirrored one takes the article out
        drop(local);
        let refused = GraphStore::open(&state).err().unwrap().to_string();
        assert!(
            refused.contains("local state of the remote store test://mirror"),
            "{refused}"
        );
        *m.fail_after.lock().unwrap() = None;
        let local = GraphStore::open_mirrored(&state, m.clone()).unwrap();
        assert_eq!(local.recovered(), std::slice::from_ref(&c.iri));
        assert!(m.pending().unwrap().is_empty());
        assert_eq!(dump(&plain), dump_of(&m.store));
        for s in [&plain, &local] {
            s.write_article(&c).unwrap();
        }
        assert_eq!(dump(&plain), dump_of(&m.store));

        // a write the mirror fails after `step` of its three, then the next open; after the
        // last step the mirror holds the change and the local state does not
        let interrupted = |local: GraphStore, step: u8, ag: &ArticleGraph| {
            *m.fail_after.lock().unwrap() = Some(step);
            assert!(local.write_article(ag).is_err());
            if step == 3 {
                assert_ne!(local.revision().unwrap(), m.revision().unwrap());
            }
            *m.fail_after.lock().unwrap() = None;
            drop(local);
            GraphStore::open_mirrored(&state, m.clone()).unwrap()
        };

        // a changed article, failing after the marks: out of both at the next open
        let local = interrupted(local, 1, &article("a.txt", 6, "x3"));
        assert_eq!(local.recovered(), std::slice::from_ref(&a.iri));
        plain.remove_article(&a.iri).unwrap();
        assert_eq!(dump(&plain), dump_of(&m.store));
        drop(local);

        // the mirror takes a change whole but its answer never comes: the next open finds it one
        // change ahead, undoes the change there and takes the article out of both; a new article
        // first, then a changed one (its old version goes too)
        let d = article("d.txt", 3, "w");
        let local = GraphStore::open_mirrored(&state, m.clone()).unwrap();
        let local = interrupted(local, 3, &d);
        assert_eq!(local.recovered(), std::slice::from_ref(&d.iri));
        assert!(!state.join(INFLIGHT_FILE).exists());
        assert_eq!(dump(&plain), dump_of(&m.store));
        for s in [&plain, &local] {
            s.write_article(&d).unwrap();
        }
        assert_eq!(dump(&plain), dump_of(&m.store));
        let local = interrupted(local, 3, &article("c.txt", 3, "z3"));
        assert_eq!(local.recovered(), std::slice::from_ref(&c.iri));
        plain.remove_article(&c.iri).unwrap();
        assert_eq!(dump(&plain), dump_of(&m.store));
        drop(local);

        // another mirror, or a mirror that holds another graph, is refused
        let other = Arc::new(StoreMirror::default());
        let e = GraphStore::open_mirrored(&state, other)
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.contains("is at revision") || e.contains("does not"),
            "{e}"
        );
    }

    #[test]
    fn a_large_article_written_in_chunks_is_the_same_as_in_one() {
        let whole = GraphStore::in_memory().unwrap();
        let chunked = GraphStore::in_memory().unwrap().with_write_chunks(100, 37);
        let small = article("small.txt", 2, "a");
        let (v1, v2) = (article("big.txt", 60, "a"), article("big.txt", 40, "b"));
        assert!(v1.facts.len() > 500, "{}", v1.facts.len());
        for s in [&whole, &chunked] {
            assert_eq!(s.write_article(&small).unwrap(), WriteOutcome::New);
            assert_eq!(s.write_article(&v1).unwrap(), WriteOutcome::New);
        }
        assert_eq!(dump(&whole), dump(&chunked));
        // a document whose facts are built again as they are written: the same store
        let streamed = GraphStore::in_memory().unwrap().with_write_chunks(100, 37);
        let fp = pipeline().fingerprint();
        for d in [document("small.txt", 2, "a"), document("big.txt", 60, "a")] {
            let (outcome, records, _) = streamed.write_document(&d, fp).unwrap();
            assert_eq!(outcome, WriteOutcome::New);
            assert!(!records.is_empty());
        }
        assert_eq!(dump(&whole), dump(&streamed));
        let v2_doc = document("big.txt", 40, "b");
        assert_eq!(
            streamed.write_document(&v2_doc, fp).unwrap().0,
            WriteOutcome::Changed
        );
        assert_eq!(
            streamed.write_document(&v2_doc, fp).unwrap().0,
            WriteOutcome::Unchanged
        );
        // a new version replaces the old one, chunk by chunk
        for s in [&whole, &chunked] {
            assert_eq!(s.write_article(&v2).unwrap(), WriteOutcome::Changed);
            assert_eq!(s.write_article(&v2).unwrap(), WriteOutcome::Unchanged);
        }
        assert_eq!(dump(&whole), dump(&chunked));
        assert_eq!(dump(&whole), dump(&streamed));
        for s in [&whole, &chunked] {
            assert!(s.remove_article(&v2.iri).unwrap());
        }
        assert_eq!(dump(&whole), dump(&chunked));
        let only_small = GraphStore::in_memory().unwrap();
        only_small.write_article(&small).unwrap();
        assert_eq!(dump(&chunked), dump(&only_small));
    }

    /// Articles written through the bulk loader, in several hand-overs and intakes, make the
    /// store one transaction per article makes; readers meanwhile read the store as it was
    /// (here: empty, the snapshot published before the first batch); a batch holding a changed
    /// article is refused, with nothing written.
    #[test]
    fn new_articles_written_in_bulk_make_the_store_transactions_make() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let articles: Vec<ArticleGraph> = (0..6)
            .map(|i| article(&format!("a{i}.txt"), 3 + i, &format!("s{i}")))
            .collect();
        let s = GraphStore::open(&path).unwrap().with_bulk_sizes(40, 300);
        let mut intakes = 0;
        for pair in articles.chunks(2) {
            let pair: Vec<&ArticleGraph> = pair.iter().collect();
            let out = s
                .write_new_batch(&pair)
                .unwrap()
                .expect("new articles go in bulk");
            assert_eq!(out, vec![WriteOutcome::New; 2]);
            if intakes == 0 {
                let r = GraphStore::open_read_only(&path).unwrap();
                assert!(r.is_snapshot());
                assert!(dump(&r).is_empty());
            }
            if s.bulk_is_full() {
                s.finish_bulk().unwrap();
                intakes += 1;
            }
        }
        s.finish_bulk().unwrap();
        assert!(intakes >= 1, "no intake before the last");
        let one_by_one = GraphStore::in_memory().unwrap();
        for a in &articles {
            one_by_one.write_article(a).unwrap();
        }
        assert!(dump(&s).len() > 500);
        assert!(dump(&s) == dump(&one_by_one), "the bulk store differs");
        let changed = article("a0.txt", 2, "changed");
        let fresh = article("a9.txt", 2, "s9");
        assert!(s.write_new_batch(&[&fresh, &changed]).unwrap().is_none());
        assert!(dump(&s) == dump(&one_by_one), "a refused batch wrote");
    }

    /// What a user sees of the store's size: its tables are compressed once RocksDB has
    /// compacted them (with Oxigraph's own options an index stayed uncompressed until it
    /// passed 512 MB; vendor/README.md). These quads take 328 bytes each in uncompressed tables, 169 in LZ4's.
    #[test]
    fn a_store_keeps_its_tables_compressed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let s = GraphStore::open(&path).unwrap();
        for i in 0..40 {
            s.write_article(&article(&format!("c{i}.txt"), 30, &format!("c{i}")))
                .unwrap();
        }
        let quads = dump(&s).len();
        s.store.flush().unwrap();
        s.store.optimize().unwrap();
        let bytes: u64 = std::fs::read_dir(&path)
            .unwrap()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "sst"))
            // RocksDB may still be deleting the tables the compaction replaced
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum();
        let per_quad = bytes as f64 / quads as f64;
        eprintln!("{quads} quads, {bytes} bytes of tables, {per_quad:.0} bytes per quad");
        assert!(quads > 10_000, "{quads} quads");
        assert!(
            per_quad < 240.0,
            "{per_quad:.0} bytes per quad: tables not compressed"
        );
    }

    /// A bulk intake that fails (a full disk, say) takes the articles it held out again; when
    /// that fails too, readers read the snapshot and the next writer takes them out.
    #[test]
    fn a_failed_bulk_intake_leaves_no_half_article() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let small = article("small.txt", 2, "a");
        // b names people and a company the stored article does not: taking the step out
        // again must take their records out of the entity graph too
        let (b, c) = (
            article("b.txt", 3, "with Maria Lopez of Acme Corp"),
            article("c.txt", 4, "c"),
        );
        let before = {
            let s = GraphStore::open(&path).unwrap();
            s.write_article(&small).unwrap();
            dump(&s)
        };
        faults::FAIL_BULK.with(|f| f.set(true));
        {
            let s = GraphStore::open(&path).unwrap();
            assert!(s.write_new_batch(&[&b, &c]).unwrap().is_some());
            assert!(s.finish_bulk().is_err());
            assert_eq!(dump(&s), before);
        }
        faults::NO_ROLLBACK.with(|f| f.set(true));
        {
            let s = GraphStore::open(&path).unwrap();
            assert!(s.write_new_batch(&[&b, &c]).unwrap().is_some());
            assert!(s.finish_bulk().is_err());
            assert_ne!(dump(&s), before);
            // b and c are marked, with their content hashes: this store writes no more
            let err = s.write_article(&article("d.txt", 1, "d")).unwrap_err();
            assert!(err.to_string().contains("open the store again"), "{err}");
        }
        faults::FAIL_BULK.with(|f| f.set(false));
        faults::NO_ROLLBACK.with(|f| f.set(false));
        {
            let r = GraphStore::open_read_only(&path).unwrap();
            assert!(r.is_snapshot());
            assert_eq!(dump(&r), before);
        }
        let s = GraphStore::open(&path).unwrap();
        let mut recovered = s.recovered().to_vec();
        recovered.sort();
        let mut expected = vec![b.iri.clone(), c.iri.clone()];
        expected.sort();
        assert_eq!(recovered, expected);
        assert_eq!(dump(&s), before);
    }

    #[test]
    fn a_failed_large_write_leaves_no_half_article() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let small = article("small.txt", 2, "a");
        let big = article("big.txt", 60, "a");
        let before = {
            let s = GraphStore::open(&path).unwrap();
            s.write_article(&small).unwrap();
            dump(&s)
        };
        // a store error in the middle of the facts: the article is taken out again
        faults::FAIL_BEFORE_CHUNK.with(|f| f.set(Some(2)));
        {
            let s = GraphStore::open(&path).unwrap().with_write_chunks(100, 50);
            assert!(s.write_article(&big).is_err());
            assert_eq!(dump(&s), before);
        }
        // and when taking it out fails too (a writer killed, a full disk): the half article is
        // marked pending, readers read the snapshot taken before it, and the next writer takes
        // it out
        faults::NO_ROLLBACK.with(|f| f.set(true));
        {
            let s = GraphStore::open(&path).unwrap().with_write_chunks(100, 50);
            assert!(s.write_article(&big).is_err());
            assert_ne!(dump(&s), before);
        }
        faults::FAIL_BEFORE_CHUNK.with(|f| f.set(None));
        faults::NO_ROLLBACK.with(|f| f.set(false));
        {
            let r = GraphStore::open_read_only(&path).unwrap();
            assert!(r.is_snapshot());
            assert_eq!(dump(&r), before);
        }
        let s = GraphStore::open(&path).unwrap();
        assert_eq!(s.recovered(), std::slice::from_ref(&big.iri));
        assert_eq!(dump(&s), before);
        // written again, whole
        assert_eq!(s.write_article(&big).unwrap(), WriteOutcome::New);
        let whole = GraphStore::in_memory().unwrap();
        whole.write_article(&small).unwrap();
        whole.write_article(&big).unwrap();
        assert_eq!(dump(&s), dump(&whole));
    }
}

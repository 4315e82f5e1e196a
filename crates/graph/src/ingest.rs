//! Ingest: files in, articles extracted and written into the store, the name index refreshed.
//!
//! One loop that every front end calls (the `newsgraph ingest` command today, a server or a
//! watcher later). It reads files in chunks, skips articles whose content hash is already
//! stored before any extraction, extracts the rest in parallel while one writer commits them in
//! batches of whole articles (one transaction per batch; see [`ingest_with`]), and reports what
//! happens as [`Event`]s; what it did comes back as an
//! [`IngestSummary`]. One bad file or article never stops the others: it becomes an
//! [`Event::Failed`] and counts in `IngestSummary::failed`.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use newsgraph_extract::input::{collect_files, read_files};
use newsgraph_extract::{Document, Pipeline};

use crate::error::{Error, Result};
use crate::graph::{self, ArticleGraph, EntityRecord};
use crate::lookup::NameIndex;
use crate::store::{
    bulk_load_quads, GraphStore, WriteOutcome, BULK_INGEST_QUADS, LARGE_ARTICLE_QUADS,
};
use crate::storedir::{self, DirKind};

/// Files read and extracted together (their articles are extracted in parallel).
const CHUNK: usize = 16;
/// Quads written between two flushes: keeps RocksDB's memtables and write-ahead log (and so
/// memory) small on thousands of articles.
const FLUSH_QUADS: usize = 25_000;

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
    /// Quads of the articles written (new or changed): their graphs as built and their
    /// metadata; resolution may drop a few (an edge it turns into a self-loop) and the entity
    /// graph's share is not counted. (The store's own count is `stats`: counting it means
    /// reading every quad, which grows with the store.)
    pub quads_written: usize,
    /// Wall-clock time, rounded to hundredths.
    pub seconds: f64,
    /// The store error that stopped the run (disk full, I/O error): every article counted above
    /// was committed before it; the rest was not read. `None` when the run went to the end.
    pub stopped: Option<String>,
}

impl IngestSummary {
    /// The summary, or the store error that stopped the run as an [`Error::Store`] naming
    /// `store` (a watcher keeps the files of a stopped run pending).
    pub fn into_result(self, store: &Path) -> Result<Self> {
        match self.stopped {
            Some(message) => Err(Error::Store {
                path: store.to_path_buf(),
                message,
            }),
            None => Ok(self),
        }
    }
}

/// One input that could not be ingested; the rest went on. (A store that cannot be written
/// stops the whole run instead: see [`IngestSummary::stopped`].)
#[derive(Debug)]
pub enum Failure {
    /// A path or file could not be read (the error names it, and the line).
    Read(Error),
    /// The pipeline failed on an article (the error names its origin).
    Extract(Error),
    /// An article could not be written (the error names its origin); the store could still be
    /// written, so the rest went on.
    Write(Error),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Read(e) | Failure::Extract(e) | Failure::Write(e) => write!(f, "{e}"),
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
    on_event: impl FnMut(Event<'_>),
) -> Result<IngestSummary> {
    ingest_with(
        store_path,
        pipeline,
        paths,
        &IngestOptions::default(),
        on_event,
    )
}

/// How [`ingest_with`] batches its writes and how much it holds in memory.
/// [`IngestOptions::batch_quads`] for a remote store: every batch costs two SPARQL updates
/// besides its graphs, so batches are larger (the BBC corpus into a local Oxigraph server:
/// 77 s at 2,000 quads a batch, 65 s at 20,000).
pub const REMOTE_BATCH_QUADS: usize = 20_000;

#[derive(Clone)]
pub struct IngestOptions {
    /// At most this many articles per transaction (1: one article per transaction).
    pub batch_articles: usize,
    /// A batch is committed once its articles hold this many quads.
    pub batch_quads: usize,
    /// Batches of new articles go through the bulk loader ([`GraphStore::write_new_batch`]),
    /// which commits them in steps of about this many quads (0: no bulk loader, every batch in
    /// a transaction of its own). A batch that holds a changed article is written in one
    /// transaction as above. Applies to a store the run opens ([`ingest_with`]), not to one
    /// the caller opened ([`ingest_into`]: a server's queries read it live).
    pub bulk_quads: usize,
    /// Extracted articles waiting for the writer, at most (besides the chunk being extracted
    /// and the batch being written): bounds memory whatever the corpus size.
    pub in_flight: usize,
    /// Quads written between two flushes of RocksDB's memtables.
    pub flush_quads: usize,
    /// A remote store to write to, the store directory keeping its local state (see
    /// [`crate::mirror`] and [`GraphStore::open_mirrored`]).
    pub mirror: Option<std::sync::Arc<dyn crate::mirror::Mirror>>,
}

impl std::fmt::Debug for IngestOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IngestOptions")
            .field("batch_articles", &self.batch_articles)
            .field("batch_quads", &self.batch_quads)
            .field("bulk_quads", &self.bulk_quads)
            .field("in_flight", &self.in_flight)
            .field("flush_quads", &self.flush_quads)
            .field(
                "mirror",
                &self.mirror.as_ref().map(|m| m.name().to_string()),
            )
            .finish()
    }
}

impl IngestOptions {
    /// The default options for writing to a remote store through `mirror`: its batches are
    /// [`REMOTE_BATCH_QUADS`] large.
    pub fn with_mirror(mirror: std::sync::Arc<dyn crate::mirror::Mirror>) -> Self {
        IngestOptions {
            batch_quads: REMOTE_BATCH_QUADS,
            bulk_quads: 0,
            mirror: Some(mirror),
            ..IngestOptions::default()
        }
    }
}

/// Open the store for writing: the local state of the options' mirror when there is one.
fn open_store(path: &Path, options: &IngestOptions) -> Result<GraphStore> {
    match &options.mirror {
        Some(m) => GraphStore::open_mirrored(path, m.clone()),
        None => Ok(GraphStore::open(path)?
            .with_bulk_sizes(bulk_load_quads(options.bulk_quads), options.bulk_quads)),
    }
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            batch_articles: 64,
            batch_quads: 2_000,
            bulk_quads: BULK_INGEST_QUADS,
            flush_quads: FLUSH_QUADS,
            in_flight: CHUNK,
            mirror: None,
        }
    }
}

/// What the extraction thread hands the writer, in input order.
enum Item {
    Warning(String),
    Failed(Failure),
    Unchanged,
    Article(Box<Extracted>),
    /// Every article of this many more files has been handed over.
    FilesDone(usize),
    /// A store read failed: stop.
    Stop(Error),
}

/// An extracted article, with what the summary counts of it.
struct Extracted {
    origin: String,
    relations: usize,
    quotes: usize,
    body: Body,
}

enum Body {
    /// Built already: not large by its estimate.
    Built(Box<ArticleGraph>),
    /// Large by its estimate: [`GraphStore::write_document`] builds it as it writes.
    Large(Box<Document>),
}

/// The files under `paths`, and a summary that counts them and the paths that could not be
/// read (each reported as `Event::Failed`).
fn collect(
    paths: &[PathBuf],
    on_event: &mut impl FnMut(Event<'_>),
) -> (Vec<PathBuf>, IngestSummary) {
    let (files, errors) = collect_files(paths);
    let mut summary = IngestSummary {
        files: files.len(),
        ..Default::default()
    };
    for e in errors {
        summary.failed += 1;
        on_event(Event::Failed(&Failure::Read(e.into())));
    }
    (files, summary)
}

/// [`ingest`] with explicit batching and memory bounds. Extraction (in parallel, on rayon's
/// threads, fed by one thread that reads files and compares content hashes) overlaps with
/// writing (on the calling thread, which also reports the events): the two meet in a channel
/// of `options.in_flight` articles. The writer commits batches of whole articles (up to
/// `batch_articles` articles or `batch_quads` quads) in one transaction each; a batch that
/// fails is written again one article at a time, so that an article that cannot be written
/// costs only itself (an [`Event::Failed`] naming its file) unless the store itself failed (an
/// I/O or storage error: the run stops, see [`IngestSummary::stopped`]). A large article
/// ([`crate::store::LARGE_ARTICLE_QUADS`]) is written on its own, after the batch before it.
pub fn ingest_with(
    store_path: &Path,
    pipeline: &Pipeline,
    paths: &[PathBuf],
    options: &IngestOptions,
    mut on_event: impl FnMut(Event<'_>),
) -> Result<IngestSummary> {
    let started = Instant::now();
    // refuse a folder that is not a store before reading anything
    let existing = storedir::check_writable(store_path)? == DirKind::Store;
    let (files, mut summary) = collect(paths, &mut on_event);
    // a remote store is checked against its local state before anything is read
    let opened = if existing || options.mirror.is_some() {
        Some(open_store(store_path, options)?)
    } else {
        None
    };
    // the revision the saved name index describes, if it is this store's: the index is
    // brought up to date from there at the end instead of rebuilt
    let before = match &opened {
        Some(st) => st.revision()?,
        None => String::new(),
    };
    let recovered = opened.as_ref().map_or(&[][..], GraphStore::recovered);
    for w in interrupted_warnings(recovered, "is written again if it is in this ingest") {
        on_event(Event::Warning(&w));
    }
    let created = run(
        store_path,
        opened.as_ref(),
        false,
        pipeline,
        files,
        options,
        &mut summary,
        &mut on_event,
    );
    if let Some(st) = opened.or(created) {
        if summary.stopped.is_none() {
            if let Err(e) = finish(st, &before, &summary) {
                summary.stopped = Some(e.to_string());
            }
        }
    }
    summary.seconds = (started.elapsed().as_secs_f64() * 100.0).round() / 100.0;
    Ok(summary)
}

/// [`ingest_with`] into a store that is already open for writing and stays open (a server
/// that owns its store): the same reading, skipping, batching and events, over the files under
/// `paths`. The store is flushed at the end; the caller updates whatever it derives from the
/// store (the name index) when anything was written. A store error while writing stops the
/// run, as in [`ingest_with`] ([`IngestSummary::stopped`]).
pub fn ingest_into(
    store: &GraphStore,
    pipeline: &Pipeline,
    paths: &[PathBuf],
    options: &IngestOptions,
    mut on_event: impl FnMut(Event<'_>),
) -> IngestSummary {
    let started = Instant::now();
    let (files, mut summary) = collect(paths, &mut on_event);
    let path = store
        .path()
        .map_or_else(|| PathBuf::from("(in memory)"), Path::to_path_buf);
    run(
        &path,
        Some(store),
        true,
        pipeline,
        files,
        options,
        &mut summary,
        &mut on_event,
    );
    if summary.stopped.is_none() {
        if let Err(e) = store.flush() {
            summary.stopped = Some(e.to_string());
        }
    }
    summary.seconds = (started.elapsed().as_secs_f64() * 100.0).round() / 100.0;
    summary
}

/// Extract and write `files` (the store `opened`, or created at `store_path` by the first
/// write): the loop [`ingest_with`] and [`ingest_into`] share. `live`: the caller opened the
/// store and its readers in this process read it live (no bulk loader, see [`Writer::bulk`]).
/// Returns the store it created.
#[allow(clippy::too_many_arguments)]
fn run(
    store_path: &Path,
    opened: Option<&GraphStore>,
    live: bool,
    pipeline: &Pipeline,
    files: Vec<PathBuf>,
    options: &IngestOptions,
    summary: &mut IngestSummary,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Option<GraphStore> {
    on_event(Event::Started { files: files.len() });
    let mut writer = Writer {
        store_path,
        opened,
        live,
        created: None,
        options,
        fingerprint: pipeline.fingerprint(),
        batch: Vec::new(),
        batch_quads: 0,
        done_after_batch: 0,
        in_bulk: Vec::new(),
        entities: HashSet::new(),
        unflushed: 0,
        summary: &mut *summary,
        on_event,
    };
    let (tx, rx) = std::sync::mpsc::sync_channel::<Item>(options.in_flight.max(1));
    let reader_store = opened;
    std::thread::scope(|scope| {
        scope.spawn(move || extract_all(&files, pipeline, reader_store, tx));
        for item in rx.iter() {
            if writer.take(item).is_err() {
                break;
            }
        }
        if writer.summary.stopped.is_none() {
            let _ = writer.commit();
        }
        // on every path, a stopped run too: what the bulk loader holds goes in (and is
        // counted) or out
        let _ = writer.intake(true);
        // dropping the receiver (here, at the end of the loop) stops the extraction thread
        // at its next article
        drop(rx);
    });
    let Writer {
        created, entities, ..
    } = writer;
    summary.entities = entities.len();
    created
}

/// The extraction side: read files a chunk at a time, skip unchanged articles, extract the rest
/// in parallel, build their graphs, and hand everything to the writer in input order. Returns
/// when done or when the writer is gone.
fn extract_all(
    files: &[PathBuf],
    pipeline: &Pipeline,
    store: Option<&GraphStore>,
    tx: std::sync::mpsc::SyncSender<Item>,
) {
    let send = |item| tx.send(item).is_ok();
    for chunk in files.chunks(CHUNK) {
        let mut todo = Vec::new();
        for r in read_files(chunk) {
            match r {
                Ok(doc) => {
                    for w in &doc.meta.warnings {
                        if !send(Item::Warning(w.clone())) {
                            return;
                        }
                    }
                    let hash = graph::content_hash(&doc, pipeline.fingerprint());
                    let iri = graph::article_iri_for(&doc.meta.id);
                    let stored = match store.map(|s| s.article_hash(&iri)) {
                        Some(Err(e)) => {
                            send(Item::Stop(e));
                            return;
                        }
                        Some(Ok(h)) => h,
                        None => None,
                    };
                    if stored.as_deref() == Some(hash.as_str()) {
                        if !send(Item::Unchanged) {
                            return;
                        }
                    } else {
                        todo.push(doc);
                    }
                }
                Err(e) => {
                    if !send(Item::Failed(Failure::Read(e.into()))) {
                        return;
                    }
                }
            }
        }
        for d in pipeline.run_all(todo) {
            let item = match d {
                Ok(doc) => {
                    let origin = doc.meta.origin.clone();
                    let relations = doc.relations.iter().filter(|r| !r.negated).count();
                    let quotes = doc.quotes.len();
                    let body = if graph::estimated_quads(&doc) <= LARGE_ARTICLE_QUADS {
                        Body::Built(Box::new(graph::build(&doc, pipeline.fingerprint())))
                    } else {
                        // the graph needs neither tokens nor parse: free them before it is
                        // written (a quote-heavy megabyte holds about 40 MB of them)
                        let mut doc = doc;
                        doc.release_analysis();
                        crate::store::release_free_memory();
                        Body::Large(Box::new(doc))
                    };
                    Item::Article(Box::new(Extracted {
                        origin,
                        relations,
                        quotes,
                        body,
                    }))
                }
                Err(e) => Item::Failed(Failure::Extract(e.into())),
            };
            if !send(item) {
                return;
            }
        }
        if !send(Item::FilesDone(chunk.len())) {
            return;
        }
    }
}

/// The writing side of [`ingest_with`]: batches, commits, counts and reports.
struct Writer<'a, 'e> {
    store_path: &'a Path,
    /// The store as it was opened before the run (the extraction thread reads it too).
    opened: Option<&'a GraphStore>,
    /// The caller opened the store and reads it live ([`ingest_into`]).
    live: bool,
    /// The store created by this run's first write, when there was none.
    created: Option<GraphStore>,
    options: &'a IngestOptions,
    /// The pipeline's fingerprint (it enters every content hash).
    fingerprint: &'a str,
    batch: Vec<Extracted>,
    batch_quads: usize,
    /// Files done with once the batch is committed (and the bulk loader's articles are in).
    done_after_batch: usize,
    /// Articles written through the bulk loader, counted once RocksDB has taken them in.
    in_bulk: Vec<Counted>,
    entities: HashSet<oxigraph::model::NamedNode>,
    unflushed: usize,
    summary: &'a mut IngestSummary,
    on_event: &'e mut dyn FnMut(Event<'_>),
}

/// The run stopped (the reason is in the summary).
struct Stopped;

/// What the summary counts of an article written.
struct Counted {
    origin: String,
    outcome: WriteOutcome,
    relations: usize,
    quotes: usize,
    quads: usize,
    entities: Vec<oxigraph::model::NamedNode>,
}

impl Counted {
    fn of(a: &Extracted, outcome: WriteOutcome, records: &[EntityRecord], quads: usize) -> Self {
        Counted {
            origin: a.origin.clone(),
            outcome,
            relations: a.relations,
            quotes: a.quotes,
            quads,
            entities: records.iter().map(|r| r.iri.clone()).collect(),
        }
    }
}

impl Writer<'_, '_> {
    fn take(&mut self, item: Item) -> std::result::Result<(), Stopped> {
        match item {
            Item::Warning(w) => (self.on_event)(Event::Warning(&w)),
            Item::Failed(f) => self.fail(f),
            Item::Unchanged => self.summary.articles_unchanged += 1,
            Item::FilesDone(n) => {
                if self.batch.is_empty() && self.in_bulk.is_empty() {
                    (self.on_event)(Event::FilesDone(n));
                } else {
                    self.done_after_batch += n;
                }
            }
            Item::Stop(e) => {
                self.commit()?;
                self.intake(true)?;
                return Err(self.stop(e));
            }
            Item::Article(a) => self.article(*a)?,
        }
        Ok(())
    }

    fn fail(&mut self, f: Failure) {
        self.summary.failed += 1;
        (self.on_event)(Event::Failed(&f));
    }

    /// Stop the run; the first reason is the one reported.
    fn stop(&mut self, e: Error) -> Stopped {
        if self.summary.stopped.is_none() {
            self.summary.stopped = Some(e.to_string());
        }
        Stopped
    }

    /// The store, created by the first article to write when there was none.
    fn store(&mut self) -> std::result::Result<&GraphStore, Stopped> {
        if self.opened.is_none() && self.created.is_none() {
            match open_store(self.store_path, self.options) {
                Ok(s) => self.created = Some(s),
                Err(e) => return Err(self.stop(e)),
            }
        }
        match self.opened.or(self.created.as_ref()) {
            Some(s) => Ok(s),
            None => Err(Stopped),
        }
    }

    fn article(&mut self, a: Extracted) -> std::result::Result<(), Stopped> {
        let fits = match &a.body {
            Body::Built(ag) => match self.store()?.fits_batch(ag) {
                Ok(f) => f,
                Err(e) => return Err(self.stop(e)),
            },
            Body::Large(_) => false,
        };
        if fits && self.options.batch_articles > 1 {
            if let Body::Built(ag) = &a.body {
                self.batch_quads += quads_of(ag);
            }
            self.batch.push(a);
            if self.batch.len() >= self.options.batch_articles
                || self.batch_quads >= self.options.batch_quads
            {
                self.commit()?;
            }
            return Ok(());
        }
        // on its own, after the batch before it
        self.commit()?;
        self.intake(true)?;
        let fingerprint = self.fingerprint;
        let st = self.store()?;
        let written = match &a.body {
            Body::Built(ag) => st.write_article(ag).map(|o| (o, quads_of(ag), None)),
            Body::Large(doc) => st
                .write_document(doc, fingerprint)
                .map(|(o, records, quads)| (o, quads, Some(records))),
        };
        match written {
            Ok((outcome, quads, records)) => {
                let records = match (records, &a.body) {
                    (Some(r), _) => r,
                    (None, Body::Built(ag)) => ag.entities.clone(),
                    (None, Body::Large(_)) => Vec::new(),
                };
                self.count(Counted::of(&a, outcome, &records, quads));
                Ok(())
            }
            Err(e) => self.failed_write(&a, e),
        }
    }

    /// Whether batches of new articles go to the bulk loader: not into a store the caller
    /// opened ([`ingest_into`]), whose readers in the same process (a server's queries) read the
    /// live store, where a step's articles are whole only once it is taken in.
    fn bulk(&self) -> bool {
        self.options.bulk_quads > 0 && self.options.mirror.is_none() && !self.live
    }

    /// Commit the batch: through the bulk loader when it holds new articles only, else in one
    /// transaction; a batch that fails is written again one article at a time.
    fn commit(&mut self) -> std::result::Result<(), Stopped> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.batch);
        self.batch_quads = 0;
        let built: Vec<(&Extracted, &ArticleGraph)> = batch
            .iter()
            .filter_map(|a| Some((a, graph_of(a)?)))
            .collect();
        let bulk = if self.bulk() {
            let graphs: Vec<&ArticleGraph> = built.iter().map(|(_, ag)| *ag).collect();
            self.store()?.write_new_batch(&graphs)
        } else {
            Ok(None)
        };
        match bulk {
            Ok(Some(outcomes)) => {
                for ((a, ag), outcome) in built.iter().zip(outcomes) {
                    self.in_bulk
                        .push(Counted::of(a, outcome, &ag.entities, quads_of(ag)));
                }
                let full = self.store()?.bulk_is_full();
                if full {
                    self.intake(false)?;
                }
            }
            Ok(None) => {
                self.intake(false)?;
                self.transaction(&built)?;
            }
            Err(_) => {
                self.intake(false)?;
                self.one_by_one(&built)?;
            }
        }
        if self.in_bulk.is_empty() {
            self.report_done();
        }
        Ok(())
    }

    /// Report the files done with since the last report.
    fn report_done(&mut self) {
        let done = std::mem::take(&mut self.done_after_batch);
        if done > 0 {
            (self.on_event)(Event::FilesDone(done));
        }
    }

    /// RocksDB takes in what the bulk loader holds (see [`GraphStore::finish_bulk`]); its
    /// articles are counted then, and with `report` the files done with are reported (not
    /// from inside [`Writer::commit`], which reports them once its batch is written). A
    /// failure there is the store's (a full disk, say): the run stops, and those articles are
    /// not in the store.
    fn intake(&mut self, report: bool) -> std::result::Result<(), Stopped> {
        // no store opened yet: nothing to take in (and no store to create)
        let finished = match self.opened.or(self.created.as_ref()) {
            Some(st) => st.finish_bulk(),
            None => return Ok(()),
        };
        let articles = std::mem::take(&mut self.in_bulk);
        if let Err(e) = finished {
            let first = articles
                .first()
                .map_or("", |c| c.origin.as_str())
                .to_string();
            return Err(self.stop(Error::Store {
                path: self.store_path.to_path_buf(),
                message: format!(
                    "cannot store the {} articles from {first} on ({e}); stopped here: they and the articles after them were not written",
                    articles.len()
                ),
            }));
        }
        for c in articles {
            self.count(c);
        }
        if report && self.batch.is_empty() {
            self.report_done();
        }
        Ok(())
    }

    /// Write articles in one transaction, or else one at a time.
    fn transaction(
        &mut self,
        articles: &[(&Extracted, &ArticleGraph)],
    ) -> std::result::Result<(), Stopped> {
        let graphs: Vec<&ArticleGraph> = articles.iter().map(|(_, ag)| *ag).collect();
        match self.store()?.write_batch(&graphs) {
            Ok(outcomes) => {
                for (&(a, ag), outcome) in articles.iter().zip(outcomes) {
                    self.count_written(a, ag, outcome)?;
                }
                Ok(())
            }
            // nothing of the batch was written: each article again, alone, so that one that
            // cannot be written costs only itself
            Err(_) => self.one_by_one(articles),
        }
    }

    fn one_by_one(
        &mut self,
        articles: &[(&Extracted, &ArticleGraph)],
    ) -> std::result::Result<(), Stopped> {
        for &(a, ag) in articles {
            match self.store()?.write_batch(&[ag]) {
                Ok(o) => self.count_written(a, ag, o[0])?,
                Err(e) => self.failed_write(a, e)?,
            }
        }
        Ok(())
    }

    /// Count an article written in a transaction, and flush RocksDB's memtables every
    /// `flush_quads` quads so written.
    fn count_written(
        &mut self,
        a: &Extracted,
        ag: &ArticleGraph,
        outcome: WriteOutcome,
    ) -> std::result::Result<(), Stopped> {
        let quads = quads_of(ag);
        self.count(Counted::of(a, outcome, &ag.entities, quads));
        if outcome != WriteOutcome::Unchanged {
            self.unflushed += quads;
            if self.unflushed >= self.options.flush_quads {
                self.unflushed = 0;
                if let Err(e) = self.store()?.flush() {
                    return Err(self.stop(e));
                }
            }
        }
        Ok(())
    }

    /// Count an article written.
    fn count(&mut self, c: Counted) {
        match c.outcome {
            WriteOutcome::New => self.summary.articles_new += 1,
            WriteOutcome::Changed => self.summary.articles_changed += 1,
            WriteOutcome::Unchanged => {
                self.summary.articles_unchanged += 1;
                return;
            }
        }
        self.entities.extend(c.entities);
        self.summary.relations += c.relations;
        self.summary.quotes += c.quotes;
        self.summary.quads_written += c.quads;
    }

    /// An article that could not be written alone: a store that failed (an I/O or storage
    /// error; RocksDB turns read-only after a failed write, so the next article would fail too)
    /// stops the run; any other error costs the article only.
    fn failed_write(&mut self, a: &Extracted, error: Error) -> std::result::Result<(), Stopped> {
        if matches!(
            error,
            Error::Storage(_) | Error::Store { .. } | Error::Remote { fatal: true, .. }
        ) {
            return Err(self.stop(Error::Store {
                path: self.store_path.to_path_buf(),
                message: format!(
                    "cannot store {} ({error}); stopped here: it and the articles after it were not written",
                    a.origin
                ),
            }));
        }
        self.fail(Failure::Write(Error::Output(format!(
            "{}: cannot store the article: {error}",
            a.origin
        ))));
        Ok(())
    }
}

/// The warnings for articles a store took out when it opened because their write had been
/// interrupted ([`GraphStore::recovered`]), `then` saying what becomes of them: one per
/// article, or one for all when there are more than three (a bulk step killed midway holds
/// hundreds).
pub fn interrupted_warnings(recovered: &[oxigraph::model::NamedNode], then: &str) -> Vec<String> {
    const WHY: &str = "the process was killed, or the store failed";
    match recovered {
        [] => Vec::new(),
        [_, _, _, _, ..] => vec![format!(
            "{} articles whose write was interrupted ({WHY}) were taken out of the store; each {then} (the first: {})",
            recovered.len(),
            recovered[0].as_str()
        )],
        _ => recovered
            .iter()
            .map(|a| {
                format!(
                    "{}: a write of this article was interrupted ({WHY}); it was taken out of the store, and {then}",
                    a.as_str()
                )
            })
            .collect(),
    }
}

/// The graph of an article built before it was written (not a large one).
fn graph_of(a: &Extracted) -> Option<&ArticleGraph> {
    match &a.body {
        Body::Built(ag) => Some(ag),
        Body::Large(_) => None,
    }
}

/// The quads an article graph writes (its facts and its metadata).
fn quads_of(ag: &ArticleGraph) -> usize {
    ag.facts.len() + ag.meta.len()
}

/// Flush, and when anything was written drop the write-ahead log and bring the name index up
/// to date (from the saved one at revision `before`, else rebuilt).
fn finish(store: GraphStore, before: &str, summary: &IngestSummary) -> Result<()> {
    store.flush()?;
    if summary.articles_new + summary.articles_changed > 0 {
        // RocksDB drops its write-ahead log when the store is next opened; do it now, or a fresh
        // store stays several times its size until then
        let store = store.reopen()?;
        let touched = store.take_touched();
        NameIndex::refresh_after(&store, before, &touched)?;
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
        assert!(s.relations >= 1 && s.quads_written > 0, "{s:?}");
        // the same files again: nothing new, the article recognised by its hash
        let again = ingest(&store, &pipeline, &[dir.join("a.txt")], |_| {}).unwrap();
        assert_eq!((again.articles_new, again.articles_unchanged), (0, 1));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn pipeline() -> Pipeline {
        Pipeline::new(Arc::new(Resources::builtin().unwrap()))
    }

    /// The name index an ingest leaves, brought up to date from the entities its writes
    /// touched, is the one a rebuild from the whole store makes: after a first run, a second
    /// with new articles naming the first run's entities again (their mention counts and
    /// aliases change), a changed article (its old entities lose a mention or go) and a
    /// removal. Each check also finds the saved index at the store's revision, which is what
    /// makes the next write update it rather than rebuild it.
    #[test]
    fn the_name_index_kept_up_to_date_is_the_rebuilt_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        let files = dir.path().join("in");
        std::fs::create_dir_all(&files).unwrap();
        let write = |name: &str, text: &str| std::fs::write(files.join(name), text).unwrap();
        let pipeline = pipeline();
        let saved_is_rebuilt = |when: &str| {
            let st = GraphStore::open_read_only(&store).unwrap();
            let saved = NameIndex::read(&store.join(crate::lookup::INDEX_FILE)).unwrap();
            let rebuilt = NameIndex::build(&st).unwrap();
            assert_eq!(saved.revision, rebuilt.revision, "{when}");
            assert!(rebuilt.entries.len() >= 3, "{when}: {:?}", rebuilt.entries);
            assert!(
                saved.entries == rebuilt.entries,
                "{when}: the saved index differs"
            );
        };
        write(
            "a.txt",
            "Talks\n\nPrime Minister Tony Blair met Gerhard Schroeder of Germany in Berlin. Microsoft agreed.",
        );
        let run = |paths: &[PathBuf]| {
            let s = ingest(&store, &pipeline, paths, |_| {}).unwrap();
            assert!(s.stopped.is_none() && s.failed == 0, "{s:?}");
        };
        run(std::slice::from_ref(&files));
        saved_is_rebuilt("first run");
        write(
            "b.txt",
            "Visit\n\nBlair flew to France. Microsoft and Google disagreed.",
        );
        write(
            "c.txt",
            "Vote\n\nGerhard F. Schroeder criticised Blair. Angela Merkel of Germany spoke.",
        );
        run(std::slice::from_ref(&files));
        saved_is_rebuilt("new articles");
        write("b.txt", "Visit\n\nJacques Chirac flew to Italy.");
        run(std::slice::from_ref(&files));
        saved_is_rebuilt("a changed article");
        {
            let st = GraphStore::open(&store).unwrap();
            let before = st.revision().unwrap();
            let c_path = files.join("c.txt").canonicalize().unwrap();
            let c = st.find_article(&c_path.display().to_string()).unwrap();
            assert!(st.remove_article(&c.expect("c.txt is stored")).unwrap());
            st.flush().unwrap();
            let rebuilt = NameIndex::refresh_after(&st, &before, &st.take_touched()).unwrap();
            assert!(
                !rebuilt,
                "the removal rebuilt the index instead of updating it"
            );
        }
        saved_is_rebuilt("a removal");
    }

    /// Every quad of the store at `path`, as sorted N-Quads lines, its revision left out.
    fn canonical_dump(path: &Path) -> Vec<String> {
        let st = GraphStore::open_read_only(path).unwrap();
        let mut out = Vec::new();
        st.dump(oxigraph::io::RdfFormat::NQuads, None, &mut out)
            .unwrap();
        let revision = format!("<{}>", crate::vocab::ng::REVISION.as_str());
        let mut lines: Vec<String> = String::from_utf8(out)
            .unwrap()
            .lines()
            .filter(|l| !l.contains(&revision))
            .map(str::to_string)
            .collect();
        lines.sort();
        lines
    }

    #[test]
    fn batches_and_the_bulk_loader_store_the_same_as_one_article_per_transaction() {
        let dir = tempfile::tempdir().unwrap();
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples");
        let pipeline = pipeline();
        let one = IngestOptions {
            batch_articles: 1,
            ..IngestOptions::default()
        };
        let transactions = IngestOptions {
            bulk_quads: 0,
            ..IngestOptions::default()
        };
        let mut stores = Vec::new();
        for (name, options) in [
            ("one", one),
            ("transactions", transactions),
            ("bulk", IngestOptions::default()),
        ] {
            let store = dir.path().join(name);
            let s = ingest_with(
                &store,
                &pipeline,
                std::slice::from_ref(&samples),
                &options,
                |_| {},
            )
            .unwrap();
            assert!(s.articles_new >= 5 && s.stopped.is_none(), "{s:?}");
            stores.push((s, canonical_dump(&store)));
        }
        // the bulk loader into a store that holds articles already (a second run)
        let store = dir.path().join("bulk, two runs");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&samples)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        let first = ingest_with(
            &store,
            &pipeline,
            &files[..2],
            &IngestOptions::default(),
            |_| {},
        )
        .unwrap();
        let second = ingest_with(
            &store,
            &pipeline,
            std::slice::from_ref(&samples),
            &IngestOptions::default(),
            |_| {},
        )
        .unwrap();
        assert!(
            first.articles_new >= 2 && second.articles_new >= 3,
            "{second:?}"
        );
        assert!(first.stopped.is_none() && second.stopped.is_none());
        let dump = canonical_dump(&store);
        assert!(dump == stores[0].1, "a store written in two runs differs");
        let (a, dump_a) = &stores[0];
        assert!(dump_a.len() > 1000, "{}", dump_a.len());
        for (b, dump_b) in &stores[1..] {
            assert_eq!(
                (a.articles_new, a.failed, a.entities, a.relations, a.quotes),
                (b.articles_new, b.failed, b.entities, b.relations, b.quotes)
            );
            assert_eq!(a.quads_written, b.quads_written);
            assert!(dump_a == dump_b, "a batched store differs");
        }
    }

    /// A killed bulk step leaves hundreds of articles to take out: one warning says so.
    #[test]
    fn articles_taken_out_at_open_are_warned_of_once_when_many() {
        let iri = |i: usize| {
            oxigraph::model::NamedNode::new(format!("https://w3id.org/newsgraph/article/{i}"))
                .unwrap()
        };
        let two: Vec<_> = (0..2).map(iri).collect();
        let w = interrupted_warnings(&two, "is written again");
        assert_eq!(w.len(), 2);
        assert!(
            w[1].starts_with("https://w3id.org/newsgraph/article/1: a write"),
            "{w:?}"
        );
        let many: Vec<_> = (0..800).map(iri).collect();
        let w = interrupted_warnings(&many, "is written again");
        assert_eq!(w.len(), 1);
        assert!(
            w[0].starts_with("800 articles whose write was interrupted"),
            "{w:?}"
        );
        assert!(
            w[0].ends_with("(the first: https://w3id.org/newsgraph/article/0)"),
            "{w:?}"
        );
        assert!(interrupted_warnings(&[], "is written again").is_empty());
    }

    #[test]
    fn an_article_that_cannot_be_written_costs_only_itself_in_its_batch() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in");
        std::fs::create_dir_all(&input).unwrap();
        for (name, text) in [
            (
                "a.txt",
                "Paris talks\n\nFrance criticised Germany over the deal.",
            ),
            ("b.txt", "Rome talks\n\nItaly praised Spain for the plan."),
            ("c.txt", "Tokyo talks\n\nJapan and Google signed an accord."),
        ] {
            std::fs::write(input.join(name), text).unwrap();
        }
        let pipeline = pipeline();
        let store = dir.path().join("db");
        crate::store::faults::FAIL_ARTICLE.with(|f| *f.borrow_mut() = Some("b.txt".into()));
        let mut failures = Vec::new();
        let s = ingest(&store, &pipeline, std::slice::from_ref(&input), |e| {
            if let Event::Failed(f) = e {
                failures.push(f.to_string());
            }
        })
        .unwrap();
        crate::store::faults::FAIL_ARTICLE.with(|f| *f.borrow_mut() = None);
        assert_eq!((s.articles_new, s.failed), (2, 1), "{s:?}");
        assert!(s.stopped.is_none(), "{s:?}");
        assert_eq!(failures.len(), 1);
        assert!(failures[0].contains("b.txt"), "{failures:?}");
        let dump = canonical_dump(&store).join("\n");
        assert!(dump.contains("a.txt") && dump.contains("c.txt"));
        assert!(!dump.contains("b.txt"));
        // the same run again: the article left out is written, the others are unchanged
        let again = ingest(&store, &pipeline, std::slice::from_ref(&input), |_| {}).unwrap();
        assert_eq!((again.articles_new, again.articles_unchanged), (1, 2));
    }
}

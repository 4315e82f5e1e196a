//! # newsgraph-serve: the graph over HTTP
//!
//! One long-lived process over a newsgraph store: a SPARQL 1.1 Protocol endpoint ([`sparql`]:
//! `/sparql`, Graph Store Protocol GET at `/store`), a JSON API with the data the command line
//! prints ([`api`]: search, entity cards, listings, ego graphs, articles, why, timeline) and a
//! browser view whose assets are compiled in ([`web`]). The store is opened once (read-only
//! unless [`Config::allow_write`]) and kept with its name index for the process lifetime, so
//! answers come from warm caches instead of a RocksDB open per request.
//!
//! Every store call runs on Tokio's blocking pool under [`Config::timeout`]; a query past its
//! time is cancelled (Oxigraph's `CancellationToken`) and answered with HTTP 503. Failures are
//! HTTP statuses with a plain-text message ([`ApiError`]). Like the other library crates this one
//! never prints or exits: [`run`] reports the bound address through a callback and returns
//! errors.

pub mod api;
pub mod sparql;
pub mod web;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use newsgraph_extract::Pipeline;
use newsgraph_graph::ingest::{self, IngestOptions, IngestSummary};
use newsgraph_graph::lookup::NameIndex;
use newsgraph_graph::store::GraphStore;
use newsgraph_graph::watch::{self, WatchEvent, WatchOptions, WatchTarget};

/// How the server runs. Defaults are the safe ones: loopback, read-only, 30 s per query,
/// 100,000 rows, 1 MiB bodies, no CORS.
#[derive(Clone, Debug)]
pub struct Config {
    /// The store directory.
    pub store: PathBuf,
    /// Address to listen on (port 0: any free port; the callback of [`run`] gets the real one).
    pub bind: SocketAddr,
    /// Longest a query (or any API call) may run before it is cancelled (HTTP 503).
    pub timeout: Duration,
    /// Rows (solutions, triples) a SPARQL response holds at most.
    pub max_rows: usize,
    /// Largest request body, in bytes (HTTP 413 beyond).
    pub max_body: usize,
    /// The origin CORS headers allow (`*` for any); `None`: no CORS headers.
    pub cors: Option<String>,
    /// Open the store for writing and accept SPARQL Update (with `token`).
    pub allow_write: bool,
    /// The bearer token an update must carry.
    pub token: Option<String>,
    /// Folders to watch: the server then owns the store as its writer and ingests files as
    /// they appear, refreshing its name index and emptying its answer cache after each write
    /// (see [`run_watching`]).
    pub watch: Option<WatchConfig>,
}

/// What `serve --watch` watches, and how (see `newsgraph_graph::watch`).
#[derive(Clone, Debug)]
pub struct WatchConfig {
    pub dirs: Vec<PathBuf>,
    pub options: WatchOptions,
}

impl Config {
    /// The defaults over a store directory.
    pub fn new(store: PathBuf) -> Self {
        Config {
            store,
            bind: SocketAddr::from(([127, 0, 0, 1], 7878)),
            timeout: Duration::from_secs(30),
            max_rows: 100_000,
            max_body: 1 << 20,
            cors: None,
            allow_write: false,
            token: None,
            watch: None,
        }
    }
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Graph(#[from] newsgraph_graph::Error),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{0}")]
    Config(String),
    #[error("server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// The state every handler shares: the open store, its name index (brought up to date after
/// a write),
/// the configuration.
pub struct AppState {
    pub store: GraphStore,
    index: RwLock<Arc<NameIndex>>,
    /// JSON answers of the API by request (cards, why, timelines, ego graphs, articles): the
    /// store does not change under a read-only server, so each is computed once; emptied by an
    /// update, and when it passes `CACHE_BYTES`.
    cache: Mutex<Cache>,
    /// Held by an update from its transaction to the rebuilt index, so that two updates never
    /// swap their indexes in the wrong order.
    writer: Mutex<()>,
    pub config: Config,
}

#[derive(Default)]
struct Cache {
    answers: HashMap<String, Bytes>,
    bytes: usize,
    /// Bumped whenever the cache is emptied by a write: an answer computed before it is not
    /// remembered after it.
    generation: u64,
}

/// The most the API's answer cache holds before it starts again empty.
const CACHE_BYTES: usize = 64 << 20;

impl AppState {
    /// Open the store (read-only unless `allow_write` or `watch`) and its name index.
    pub fn open(config: Config) -> Result<Self, Error> {
        if config.allow_write && config.token.as_deref().is_none_or(str::is_empty) {
            return Err(Error::Config(
                "--allow-write needs a bearer token (--token or NEWSGRAPH_TOKEN): updates are never accepted from anyone".into(),
            ));
        }
        if config.max_rows == 0 {
            return Err(Error::Config("--max-rows must be at least 1".into()));
        }
        if config.timeout.is_zero() {
            return Err(Error::Config("--timeout must be at least 1 second".into()));
        }
        let store = if config.allow_write || config.watch.is_some() {
            GraphStore::open(&config.store)?
        } else {
            GraphStore::open_read_only(&config.store)?
        };
        let (index, _) = NameIndex::open(&store)?;
        Ok(AppState {
            store,
            index: RwLock::new(Arc::new(index)),
            cache: Mutex::new(Cache::default()),
            writer: Mutex::new(()),
            config,
        })
    }

    /// The name index, current as of the last write.
    pub fn index(&self) -> Arc<NameIndex> {
        self.index.read().map(|g| g.clone()).unwrap_or_default()
    }

    /// The lock an update holds from its transaction until the index is rebuilt.
    fn writer(&self) -> std::sync::MutexGuard<'_, ()> {
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Rebuild the name index after a write, forgetting every cached answer both before the
    /// rebuild (the store changed) and after it (answers computed with the old index).
    fn refresh_index(&self) -> newsgraph_graph::Result<()> {
        self.forget_answers();
        // entities the store's own writes noted are dropped: the whole index is read again
        self.store.take_touched();
        let fresh = Arc::new(NameIndex::build(&self.store)?);
        if let Ok(mut g) = self.index.write() {
            *g = fresh;
        }
        self.forget_answers();
        Ok(())
    }

    /// [`AppState::refresh_index`] after ingests and removals, which note the entities they
    /// touch: the index in memory is brought up to date from them (when it was the store's
    /// at revision `before`), so the cost follows the write, not the store.
    fn update_index(&self, before: &str) -> newsgraph_graph::Result<()> {
        let current = self.index();
        if current.revision != before {
            return self.refresh_index();
        }
        self.forget_answers();
        let touched = self.store.take_touched();
        let fresh = Arc::new((*current).clone().updated(&self.store, &touched)?);
        if let Ok(mut g) = self.index.write() {
            *g = fresh;
        }
        self.forget_answers();
        Ok(())
    }

    fn forget_answers(&self) {
        if let Ok(mut c) = self.cache.lock() {
            let generation = c.generation + 1;
            *c = Cache {
                generation,
                ..Cache::default()
            };
        }
    }

    /// A cached answer, or the cache's generation to hand to [`AppState::remember`].
    pub fn cached(&self, key: &str) -> Result<Bytes, u64> {
        match self.cache.lock() {
            Ok(c) => c.answers.get(key).cloned().ok_or(c.generation),
            Err(_) => Err(u64::MAX),
        }
    }

    /// Remember an answer computed in cache generation `generation` (dropped when a write
    /// emptied the cache meanwhile; the cache starts again empty when it would pass its size).
    pub fn remember(&self, key: String, answer: Bytes, generation: u64) {
        if let Ok(mut c) = self.cache.lock() {
            if c.generation != generation {
                return;
            }
            if c.bytes + answer.len() > CACHE_BYTES {
                c.answers.clear();
                c.bytes = 0;
            }
            c.bytes += answer.len() + key.len();
            c.answers.insert(key, answer);
        }
    }
}

pub type Shared = Arc<AppState>;

/// A failed request: an HTTP status and a plain-text message saying what was wrong.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
}

impl From<newsgraph_graph::Error> for ApiError {
    fn from(e: newsgraph_graph::Error) -> Self {
        use newsgraph_graph::Error as G;
        match &e {
            G::QuerySyntax(_) => ApiError::bad_request(e.to_string()),
            G::ReadOnly(_) => ApiError::bad_request(
                "this is a SPARQL Update: send it with POST as `update=` (form) or as application/sparql-update, to a server started with --allow-write and a token",
            ),
            G::QueryEvaluation(m) if m.contains("cancel") => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "query cancelled: it ran past the server's time limit (--timeout)",
            ),
            _ => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.status, format!("{}\n", self.message)).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"newsgraph\""),
            );
        }
        r
    }
}

/// Run `f` over the state on the blocking pool, within the configured time: HTTP 503 when it
/// runs past it (the work itself is left to finish on its thread; queries are cancelled by
/// their callers' tokens).
pub async fn blocking<T, F>(state: &Shared, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
{
    let s = state.clone();
    let limit = state.config.timeout;
    match tokio::time::timeout(limit, tokio::task::spawn_blocking(move || f(&s))).await {
        Err(_) => Err(timeout_error(limit)),
        Ok(Err(join)) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("request failed: {join}"),
        )),
        Ok(Ok(r)) => r,
    }
}

pub(crate) fn timeout_error(limit: Duration) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!(
            "query stopped after {} s (the server's --timeout): narrow it (LIMIT, fewer joins) or ask the operator for more time",
            limit.as_secs_f64()
        ),
    )
}

/// Every route: the browser view, `/sparql`, `/update`, `/store`, `/api/...`.
pub fn router(state: Shared) -> Router {
    let max_body = state.config.max_body;
    Router::new()
        .merge(web::routes())
        .route("/sparql", get(sparql::get).post(sparql::post))
        .route("/query", get(sparql::get).post(sparql::post))
        .route("/update", axum::routing::post(sparql::update))
        .route("/store", get(sparql::graph_store))
        .nest("/api", api::routes())
        .fallback(|| async {
            ApiError::not_found("no such page (see / for the browser view, /sparql, /api/...)")
        })
        .layer(DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::from_fn_with_state(state.clone(), cors))
        .with_state(state)
}

/// CORS headers for the configured origin only; preflight requests answered here.
async fn cors(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let Some(origin) = state.config.cors.clone() else {
        return next.run(req).await;
    };
    let allow = HeaderValue::from_str(&origin).unwrap_or(HeaderValue::from_static("null"));
    if req.method() == Method::OPTIONS {
        let mut r = StatusCode::NO_CONTENT.into_response();
        let h = r.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("Accept, Authorization, Content-Type"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        return r;
    }
    let mut r = next.run(req).await;
    r.headers_mut()
        .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow);
    r.headers_mut()
        .append(header::VARY, HeaderValue::from_static("Origin"));
    r
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Open the store, bind, tell `on_ready` the address, and serve until Ctrl-C or SIGTERM.
pub fn run(config: Config, on_ready: impl FnOnce(SocketAddr)) -> Result<(), Error> {
    run_watching(config, None, on_ready, |_| {})
}

/// [`run`], and when [`Config::watch`] names folders, watch them on a thread of its own and
/// ingest settled files into the served store with `pipeline` (required then), reporting what
/// happens to `on_watch`. After each write the name index is updated and the answer cache
/// emptied, under the same lock as a SPARQL Update, so answers never mix the graph before and
/// after. The watch stops with the server.
pub fn run_watching(
    config: Config,
    pipeline: Option<&Pipeline>,
    on_ready: impl FnOnce(SocketAddr),
    on_watch: impl FnMut(WatchEvent<'_>) + Send,
) -> Result<(), Error> {
    let watching = match (&config.watch, pipeline) {
        (Some(w), Some(p)) => {
            for d in &w.dirs {
                if !d.is_dir() {
                    return Err(Error::Config(format!(
                        "--watch {}: not a folder",
                        d.display()
                    )));
                }
            }
            Some((w.clone(), p))
        }
        (Some(_), None) => {
            return Err(Error::Config(
                "watching folders needs an extraction pipeline".into(),
            ))
        }
        (None, _) => None,
    };
    let state = Arc::new(AppState::open(config)?);
    let addr = state.config.bind;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("newsgraph-serve")
        .build()?;
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let watcher = watching.map(|(w, pipeline)| {
            let state = &*state;
            let stop = &stop;
            let mut on_watch = on_watch;
            std::thread::Builder::new()
                .name("newsgraph-watch".into())
                .spawn_scoped(scope, move || {
                    let mut target = Served(state);
                    let exclude = [state.config.store.clone()];
                    watch::watch(
                        &w.dirs,
                        &exclude,
                        pipeline,
                        &mut target,
                        &w.options,
                        stop,
                        &mut on_watch,
                    )
                })
        });
        let watcher = watcher.transpose()?;
        let served = rt.block_on(async {
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|source| Error::Bind { addr, source })?;
            on_ready(listener.local_addr()?);
            // Ctrl-C or SIGTERM: stop accepting, finish the requests under way, and return, so
            // the store (and a writer's lock and snapshot) is closed properly
            axum::serve(listener, router(state.clone()))
                .with_graceful_shutdown(shutdown())
                .await?;
            Ok::<(), Error>(())
        });
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(h) = watcher {
            match h.join() {
                Ok(Err(e)) => return Err(Error::Graph(e)),
                Err(_) => return Err(Error::Config("the watch thread panicked".into())),
                Ok(Ok(())) => {}
            }
        }
        served
    })
}

/// The served store as the watcher's target: each write under the update lock, followed by a
/// fresh name index and an empty answer cache.
struct Served<'a>(&'a AppState);

impl WatchTarget for Served<'_> {
    fn ingest(
        &mut self,
        pipeline: &Pipeline,
        files: &[PathBuf],
        options: &IngestOptions,
        on_event: &mut dyn FnMut(ingest::Event<'_>),
    ) -> newsgraph_graph::Result<IngestSummary> {
        let _writer = self.0.writer();
        let before = self.0.store.revision()?;
        let summary = ingest::ingest_into(&self.0.store, pipeline, files, options, on_event);
        if summary.articles_new + summary.articles_changed > 0 {
            self.0.update_index(&before)?;
        }
        summary.into_result(&self.0.config.store)
    }

    fn remove_file(&mut self, file: &std::path::Path) -> newsgraph_graph::Result<usize> {
        let _writer = self.0.writer();
        let before = self.0.store.revision()?;
        let n = watch::remove_file_articles(&self.0.store, file)?;
        if n > 0 {
            self.0.update_index(&before)?;
        }
        Ok(n)
    }
}

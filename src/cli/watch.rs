//! `watch`: folders polled and settled files ingested as they appear (newsgraph_graph::watch),
//! progress on stderr, until Ctrl-C or SIGTERM (a handler that sets the watcher's stop flag).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use newsgraph_graph::ingest::Event as IngestEvent;
use newsgraph_graph::watch::{self, StoreDir, WatchEvent, WatchOptions};

use super::{Cli, Exit, WalkArgs};

/// The options `watch` and `serve --watch` share.
#[derive(clap::Args, Debug, Clone)]
pub struct WatchArgs {
    /// Take the articles of a deleted file out of the store
    #[arg(long)]
    pub remove_deleted: bool,
    /// Read a file once its size and modification time have not changed for this long
    /// (milliseconds): a writer that pauses longer than this is read in part (write to a
    /// temporary name such as `a.txt.tmp`, then rename, to be safe whatever the pause)
    #[arg(long, value_name = "MS", default_value_t = watch::DEBOUNCE_MS)]
    pub debounce: u64,
    /// Look at the folders this often (milliseconds)
    #[arg(long, value_name = "MS", default_value_t = watch::POLL_MS)]
    pub poll: u64,
    #[command(flatten)]
    pub walk: WalkArgs,
}

impl WatchArgs {
    /// Whether any option differs from its default (they mean nothing without folders).
    pub fn any_given(&self) -> bool {
        self.remove_deleted || self.debounce != watch::DEBOUNCE_MS || self.poll != watch::POLL_MS
    }

    pub fn options(&self) -> anyhow::Result<WatchOptions> {
        if self.poll == 0 {
            anyhow::bail!("--poll must be at least 1 millisecond");
        }
        Ok(WatchOptions {
            poll: Duration::from_millis(self.poll),
            debounce: Duration::from_millis(self.debounce),
            remove_deleted: self.remove_deleted,
            walk: self.walk.options(),
            ..WatchOptions::default()
        })
    }
}

/// Set by Ctrl-C (SIGINT) or SIGTERM once `stop_on_signal` has run.
static STOP: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
extern "C" fn on_signal(_: libc::c_int) {
    // an atomic store is all a signal handler may safely do here
    STOP.store(true, Ordering::Relaxed);
}

/// A flag set by Ctrl-C (SIGINT) or SIGTERM: the watch ends at its next poll, between two
/// writes, and the process exits 0.
pub fn stop_on_signal() -> anyhow::Result<&'static AtomicBool> {
    #[cfg(unix)]
    for sig in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe
        let previous = unsafe { libc::signal(sig, on_signal as *const () as libc::sighandler_t) };
        if previous == libc::SIG_ERR {
            anyhow::bail!(
                "cannot handle signal {sig}: {}",
                std::io::Error::last_os_error()
            );
        }
    }
    Ok(&STOP)
}

/// Files named for a person: a few by name, the rest counted.
fn names(files: &[PathBuf], root: &[PathBuf]) -> String {
    let short = |f: &PathBuf| -> String {
        root.iter()
            .find_map(|r| f.strip_prefix(r).ok())
            .unwrap_or(f)
            .display()
            .to_string()
    };
    let mut out: Vec<String> = files.iter().take(3).map(short).collect();
    if files.len() > 3 {
        out.push(format!("and {} more", files.len() - 3));
    }
    out.join(", ")
}

/// Print a watch event on stderr (errors always; the rest unless --quiet).
pub fn report(quiet: bool, store: &Path, roots: &mut Vec<PathBuf>, e: WatchEvent<'_>) {
    match e {
        WatchEvent::Watching { dirs, files } => {
            *roots = dirs.to_vec();
            if !quiet {
                eprintln!(
                    "watching {} ({files} file(s) there now) for {}; Ctrl-C stops",
                    dirs.iter()
                        .map(|d| d.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    store.display()
                );
            }
        }
        WatchEvent::Ingesting { .. } => {}
        WatchEvent::Ingest(IngestEvent::Failed(f)) => eprintln!("error: {f}"),
        WatchEvent::Ingest(IngestEvent::Warning(w)) => eprintln!("warning: {w}"),
        WatchEvent::Ingest(_) => {}
        WatchEvent::Ingested { files, summary: s } => {
            if !quiet {
                eprintln!(
                    "ingested {}: {} new, {} changed, {} unchanged, {} failed; {} quads written; {:.2}s",
                    names(files, roots),
                    s.articles_new,
                    s.articles_changed,
                    s.articles_unchanged,
                    s.failed,
                    s.quads_written,
                    s.seconds
                );
            }
        }
        WatchEvent::Removed { file, articles } => {
            if !quiet {
                eprintln!(
                    "removed {articles} article(s) of deleted {}",
                    names(&[file.to_path_buf()], roots)
                );
            }
        }
        WatchEvent::Error(e) => eprintln!("error: {e} (tried again shortly)"),
    }
}

pub fn watch(cli: &Cli, dirs: &[PathBuf], args: &WatchArgs) -> anyhow::Result<Exit> {
    let options = args.options()?;
    newsgraph_graph::storedir::check_writable(&cli.store)?;
    let pipeline = super::load_pipeline(cli)?;
    let stop = stop_on_signal()?;
    let mut target = StoreDir(cli.store.clone());
    let mut roots = Vec::new();
    watch::watch(
        dirs,
        std::slice::from_ref(&cli.store),
        &pipeline,
        &mut target,
        &options,
        stop,
        |e| report(cli.quiet, &cli.store, &mut roots, e),
    )?;
    if !cli.quiet {
        eprintln!("stopped watching");
    }
    Ok(Exit::Ok)
}

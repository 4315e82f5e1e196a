//! `serve`: the graph over HTTP (newsgraph-serve), with the bound address on stderr; with
//! `--watch`, what the watcher does on stderr too.

use super::{Cli, Exit};

pub fn serve(cli: &Cli, config: newsgraph_serve::Config) -> anyhow::Result<Exit> {
    let quiet = cli.quiet;
    let read_only = !config.allow_write;
    let store = cli.store.clone();
    let pipeline = match &config.watch {
        Some(_) => Some(super::load_pipeline(cli)?),
        None => None,
    };
    let watching = config.watch.is_some();
    let mut roots = Vec::new();
    newsgraph_serve::run_watching(
        config,
        pipeline.as_ref(),
        |addr| {
            // the line tests and scripts read to find the port (`--bind 127.0.0.1:0`)
            eprintln!("listening on http://{addr}/");
            if !quiet {
                eprintln!(
                    "serving {} ({}{}): browser view at http://{addr}/, SPARQL at http://{addr}/sparql, JSON at http://{addr}/api/",
                    store.display(),
                    if read_only { "read-only" } else { "updates allowed with the token" },
                    if watching { ", kept current by the watch" } else { "" }
                );
            }
        },
        |e| super::watch::report(quiet, &cli.store, &mut roots, e),
    )?;
    Ok(Exit::Ok)
}

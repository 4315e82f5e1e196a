//! `serve`: the graph over HTTP (newsgraph-serve), with the bound address on stderr.

use super::{Cli, Exit};

pub fn serve(cli: &Cli, config: newsgraph_serve::Config) -> anyhow::Result<Exit> {
    let quiet = cli.quiet;
    let read_only = !config.allow_write;
    let store = cli.store.clone();
    newsgraph_serve::run(config, |addr| {
        // the line tests and scripts read to find the port (`--bind 127.0.0.1:0`)
        eprintln!("listening on http://{addr}/");
        if !quiet {
            eprintln!(
                "serving {} ({}): browser view at http://{addr}/, SPARQL at http://{addr}/sparql, JSON at http://{addr}/api/",
                store.display(),
                if read_only { "read-only" } else { "updates allowed with the token" }
            );
        }
    })?;
    Ok(Exit::Ok)
}

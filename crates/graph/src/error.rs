//! The graph crate's error type: store, query and output failures, and every extraction error
//! (`newsgraph_extract::Error`: files, data, input, models) passed through unchanged.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading articles, data files or models failed (the message names the file or line).
    #[error(transparent)]
    Extract(#[from] newsgraph_extract::Error),
    #[error("store {}: {message}", path.display())]
    Store { path: PathBuf, message: String },
    #[error(transparent)]
    Storage(#[from] oxigraph::store::StorageError),
    #[error("SPARQL syntax error: {0}")]
    QuerySyntax(String),
    /// An update given where only queries are run.
    #[error("{0}")]
    ReadOnly(String),
    #[error("query evaluation failed: {0}")]
    QueryEvaluation(String),
    #[error("{0}")]
    Output(String),
    /// A remote store refused a request or could not be reached. `fatal`: the store is
    /// unreachable, refuses us or keeps failing (the next article would fail too); otherwise
    /// it refused this request's content alone.
    #[error("remote store {endpoint}: {message}")]
    Remote {
        endpoint: String,
        message: String,
        fatal: bool,
    },
}

impl Error {
    /// A file could not be read or written.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Extract(newsgraph_extract::Error::io(path, source))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

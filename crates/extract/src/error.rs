//! The extraction library's error type. Every variant says what failed and where (file, line,
//! field). Store and query errors are the graph crate's (`newsgraph_graph::Error`), which wraps
//! this one.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {cause}", path.display())]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    /// A data file (gazetteer, lexicon, gold corpus) has a bad line: `FILE:LINE: message`.
    #[error("{file}:{line}: {message}")]
    Data {
        file: String,
        line: usize,
        message: String,
    },
    /// An input article cannot be read (bad encoding, bad JSON, binary data...).
    #[error("{origin}: {message}")]
    Input { origin: String, message: String },
    /// A model file is missing, truncated or of another version.
    #[error("model {}: {message}", path.display())]
    Model { path: PathBuf, message: String },
}

impl Error {
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            cause: source,
        }
    }
    pub fn input(origin: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Input {
            origin: origin.into(),
            message: message.into(),
        }
    }
}

/// Where something is in a file, as compilers and linters write it (and editors jump to):
/// `FILE:LINE` or `FILE:LINE:COLUMN`, lines and columns counted from 1. Every error that points
/// into a file starts with this, then `: ` and the message.
pub fn position(file: impl std::fmt::Display, line: usize, column: Option<usize>) -> String {
    match column {
        Some(c) => format!("{file}:{line}:{c}"),
        None => format!("{file}:{line}"),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

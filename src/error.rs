//! Errors that say where: file, line and field.

use std::path::PathBuf;

/// Result with the engine's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the library. Messages are lowercase, without a final period.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A record of an input file is wrong.
    #[error("{}:{line}: {message}", path.display())]
    Input {
        path: PathBuf,
        line: u64,
        message: String,
    },
    /// A file as a whole is wrong (no header, a missing column, no rows).
    #[error("{}: {message}", path.display())]
    File { path: PathBuf, message: String },
    /// A model file cannot be used.
    #[error("{}: not a usable model: {message}", path.display())]
    Model { path: PathBuf, message: String },
    /// Training could not produce a model.
    #[error("training failed: {0}")]
    Training(String),
    /// Settings that do not fit together.
    #[error("{0}")]
    Config(String),
    /// A record that cannot be tagged, with the identifier its input gave it, so that its
    /// error row still joins back to the user's data.
    #[error("{error}")]
    Record { id: String, error: Box<Error> },
}

impl Error {
    /// The file the error is about, if it is about one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Error::Io { path, .. }
            | Error::Input { path, .. }
            | Error::File { path, .. }
            | Error::Model { path, .. } => Some(path),
            Error::Record { error, .. } => error.path(),
            Error::Training(_) | Error::Config(_) => None,
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// An error at `line` of `path`.
    pub fn input(path: impl Into<PathBuf>, line: u64, message: impl Into<String>) -> Error {
        Error::Input {
            path: path.into(),
            line,
            message: message.into(),
        }
    }

    /// This error with the identifier of the record it is about, when there is one.
    pub fn with_id(self, id: Option<String>) -> Error {
        match id {
            Some(id) => Error::Record {
                id,
                error: Box::new(self),
            },
            None => self,
        }
    }

    /// The identifier of the record this error is about, if the input gave one.
    pub fn record_id(&self) -> Option<&str> {
        match self {
            Error::Record { id, .. } => Some(id),
            _ => None,
        }
    }

    /// An error about `path` as a whole.
    pub fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Error {
        Error::File {
            path: path.into(),
            message: message.into(),
        }
    }
}

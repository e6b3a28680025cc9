//! The corpus boundary's error type: every malformed input names its file and line.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A corpus file could not be read.
    #[error("cannot read {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The corpus directory holds no `*.txt` file.
    #[error("no corpus files (*.txt) in {0}")]
    Empty(PathBuf),
    /// A file whose content breaks its format.
    #[error("{file}:{line}: {reason}")]
    Malformed {
        file: String,
        line: usize,
        reason: String,
    },
}

impl CorpusError {
    pub fn malformed(file: &str, line: usize, reason: impl Into<String>) -> CorpusError {
        CorpusError::Malformed {
            file: file.to_string(),
            line,
            reason: reason.into(),
        }
    }
}

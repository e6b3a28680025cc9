//! The rubric boundary's error type: loading, parsing and writing `rubrics/`.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum RubricError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A TOML file that does not parse; `line` is 1-based.
    #[error("{path}:{line}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{path}: duplicate question id `{id}` (also in {other})")]
    DuplicateId {
        path: PathBuf,
        id: String,
        other: PathBuf,
    },
    #[error("cannot serialise rubric file {path}: {message}")]
    Serialize { path: PathBuf, message: String },
    #[error("rubric directory {0} does not exist")]
    MissingDir(PathBuf),
}

impl RubricError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        RubricError::Io {
            path: path.into(),
            source,
        }
    }

    /// Builds a parse error with the 1-based line of the TOML error span.
    pub(crate) fn parse(path: impl Into<PathBuf>, text: &str, err: &toml::de::Error) -> Self {
        let line = err
            .span()
            .map(|s| {
                text[..s.start.min(text.len())]
                    .bytes()
                    .filter(|&b| b == b'\n')
                    .count()
                    + 1
            })
            .unwrap_or(1);
        RubricError::Parse {
            path: path.into(),
            line,
            message: err.message().to_string(),
        }
    }
}

//! The library's error types, one per layer: rule loading, reading documents,
//! writing and querying the graph.

use std::fmt;
use std::path::PathBuf;

/// Where in a rule file something is: file, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` of `text`, the contents of `path`.
    pub fn at(path: &str, text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        Location { path: path.to_string(), line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

/// A rule file that cannot be used. It stops the run before anything is written.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{location}: {}{message}", rule_id.as_ref().map(|id| format!("rule {id}: ")).unwrap_or_default())]
pub struct RuleError {
    pub location: Location,
    pub rule_id: Option<String>,
    pub message: String,
}

/// An input that could not be read as an article. The run goes on without it;
/// [`DocumentError::is_skip`] tells a deliberate skip (a warning) from a failure.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("{path}: cannot read: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: not valid UTF-8 at byte offset {offset}")]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("{path}: UTF-16 ({bom}) that does not decode at byte offset {offset}: {reason}")]
    BadUtf16 { path: PathBuf, bom: &'static str, offset: usize, reason: &'static str },
    #[error("{path}: binary data (a NUL byte at byte offset {offset}), not an article")]
    Binary { path: PathBuf, offset: usize },
    #[error("{path}: skipped: {size} bytes is more than the limit of {limit} bytes per article (--max-article-bytes)")]
    TooLarge { path: PathBuf, size: u64, limit: u64 },
    #[error("{path}: no article text: the file {}", if *whitespace_only { "holds only whitespace" } else { "is empty" })]
    Empty { path: PathBuf, whitespace_only: bool },
    #[error("{path}: not a regular file or folder (a FIFO, socket or device)")]
    NotRegular { path: PathBuf },
    #[error("{path}: no such file or folder")]
    NotFound { path: PathBuf },
    #[error("{path}: a symbolic link loop")]
    Loop { path: PathBuf },
}

impl DocumentError {
    /// True for an input left out on purpose (over `--max-article-bytes`):
    /// reported as a warning, not a failed input.
    pub fn is_skip(&self) -> bool {
        matches!(self, DocumentError::TooLarge { .. })
    }
}

/// Writing or reading the graph failed.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("RDF: {0}")]
    Rdf(String),
    #[error("SPARQL: {0}")]
    Sparql(String),
    #[error("{path}: cannot parse as RDF: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{purpose} needs the program `{program}`, which is not installed: {install}")]
    MissingProgram { program: &'static str, purpose: &'static str, install: &'static str },
    #[error("`{program}` failed: {message}")]
    Program { program: &'static str, message: String },
}

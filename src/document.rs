//! Documents: finds the input files, reads and decodes them. A file that is not
//! an article (not UTF-8, UTF-16, binary, too large, empty, unreadable, not a
//! regular file) becomes a [`DocumentError`] with its path and byte offset; the
//! other files go on.

use std::collections::{BTreeSet, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::DocumentError;

/// One article as read.
#[derive(Debug, Clone)]
pub struct Document {
    /// Stable id: the file name without its extension (made unique within a run).
    pub id: String,
    /// The file's name, as written to `ng:sourceFile`.
    pub source_file: String,
    /// The text, decoded, byte-order mark removed.
    pub text: String,
}

/// Limits on what counts as an article.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    pub max_article_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions { max_article_bytes: 16 << 20 }
    }
}

/// The documents read and the inputs that failed.
#[derive(Debug, Default)]
pub struct ReadOutcome {
    pub documents: Vec<Document>,
    pub errors: Vec<DocumentError>,
}

/// Reads files and folders (recursively, hidden files skipped), in sorted order.
pub fn read_inputs(inputs: &[PathBuf], options: ReadOptions) -> ReadOutcome {
    let mut files = Vec::new();
    let mut outcome = ReadOutcome::default();
    for input in inputs {
        if std::fs::symlink_metadata(input).is_err() {
            outcome.errors.push(DocumentError::NotFound { path: input.clone() });
            continue;
        }
        let mut visited = HashSet::new();
        collect(input, &mut files, &mut outcome.errors, &mut visited);
    }
    let mut seen_ids = BTreeSet::new();
    for path in files {
        match read_document(&path, options) {
            Ok(mut document) => {
                let base = document.id.clone();
                let mut n = 2;
                while !seen_ids.insert(document.id.clone()) {
                    document.id = format!("{base}-{n}");
                    n += 1;
                }
                outcome.documents.push(document);
            }
            Err(e) => outcome.errors.push(e),
        }
    }
    outcome
}

fn collect(path: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<DocumentError>, visited: &mut HashSet<PathBuf>) {
    let metadata = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            let is_loop = e.raw_os_error() == Some(40);
            errors.push(if is_loop {
                DocumentError::Loop { path: path.to_path_buf() }
            } else if std::fs::symlink_metadata(path).is_ok() && e.kind() == std::io::ErrorKind::NotFound {
                DocumentError::NotFound { path: path.to_path_buf() }
            } else {
                DocumentError::Io { path: path.to_path_buf(), source: e }
            });
            return;
        }
    };
    if metadata.is_file() {
        files.push(path.to_path_buf());
        return;
    }
    if !metadata.is_dir() {
        // A FIFO, socket or device: opening it could block or never end.
        errors.push(not_a_file(path));
        return;
    }
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if !visited.insert(canonical) {
        errors.push(DocumentError::Loop { path: path.to_path_buf() });
        return;
    }
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(DocumentError::Io { path: path.to_path_buf(), source: e });
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        if child.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            continue;
        }
        collect(&child, files, errors, visited);
    }
}

fn not_a_file(path: &Path) -> DocumentError {
    let source = std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        "not a regular file or folder (a FIFO, socket or device)",
    );
    DocumentError::Io { path: path.to_path_buf(), source }
}

/// Reads one file as an article.
pub fn read_document(path: &Path, options: ReadOptions) -> Result<Document, DocumentError> {
    let io = |e| DocumentError::Io { path: path.to_path_buf(), source: e };
    let metadata = std::fs::metadata(path).map_err(io)?;
    if !metadata.is_file() {
        return Err(not_a_file(path));
    }
    let limit = options.max_article_bytes;
    let too_large = |size| DocumentError::TooLarge { path: path.to_path_buf(), size, limit };
    if metadata.len() > limit {
        return Err(too_large(metadata.len()));
    }
    // The size can be wrong (a file that grows, a file of /proc): read no
    // more than the limit allows whatever it said.
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    std::fs::File::open(path).and_then(|f| f.take(limit.saturating_add(1)).read_to_end(&mut bytes)).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    let text = decode(path, &bytes)?;
    if text.trim().is_empty() {
        let what = if bytes.is_empty() { "the file is empty" } else { "the file holds only whitespace" };
        let source = std::io::Error::new(std::io::ErrorKind::InvalidData, format!("no article text: {what}"));
        return Err(DocumentError::Io { path: path.to_path_buf(), source });
    }
    let source_file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let id = path.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| source_file.clone());
    Ok(Document { id, source_file, text })
}

/// Decodes UTF-8 with or without a byte-order mark; refuses UTF-16 and binary data.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String, DocumentError> {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Err(DocumentError::Utf16 { path: path.to_path_buf(), bom: "FF FE, little-endian" });
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DocumentError::Utf16 { path: path.to_path_buf(), bom: "FE FF, big-endian" });
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let offset = bytes.len() - body.len();
    if let Some(nul) = body.iter().position(|&b| b == 0) {
        return Err(DocumentError::Binary { path: path.to_path_buf(), offset: offset + nul });
    }
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => Err(DocumentError::NotUtf8 { path: path.to_path_buf(), offset: offset + e.valid_up_to() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_with_and_without_bom() {
        let p = Path::new("a.txt");
        assert_eq!(decode(p, "Tokyo, Hà Nội".as_bytes()).unwrap(), "Tokyo, Hà Nội");
        assert_eq!(decode(p, b"\xEF\xBB\xBFTokyo").unwrap(), "Tokyo");
    }

    #[test]
    fn reports_offsets_of_bad_bytes() {
        let p = Path::new("a.txt");
        let err = decode(p, b"abc\xFFdef").unwrap_err();
        assert!(matches!(err, DocumentError::NotUtf8 { offset: 3, .. }), "{err}");
        let err = decode(p, b"\x89PNG\r\n\x1a\n\0\0").unwrap_err();
        assert!(matches!(err, DocumentError::Binary { .. } | DocumentError::NotUtf8 { .. }), "{err}");
        let err = decode(p, b"\xFF\xFEa\0").unwrap_err();
        assert!(err.to_string().contains("UTF-16"), "{err}");
    }
}

//! Documents: finds the input files, reads and decodes them (UTF-8 with or
//! without a byte-order mark, UTF-16 with one). A file that is not an article
//! (bad UTF-8 or UTF-16, binary, empty, unreadable, not a regular file) becomes
//! a [`DocumentError`] with its path and byte offset, and one over the size
//! limit is skipped with a warning; the other files go on.

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

/// The documents read, the inputs that failed, and those skipped on purpose.
#[derive(Debug, Default)]
pub struct ReadOutcome {
    pub documents: Vec<Document>,
    /// Inputs that could not be read: the run exits 1.
    pub errors: Vec<DocumentError>,
    /// Inputs over `max_article_bytes`: a warning each.
    pub skipped: Vec<DocumentError>,
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
            Err(e) if e.is_skip() => outcome.skipped.push(e),
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
        errors.push(DocumentError::NotRegular { path: path.to_path_buf() });
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

/// Reads one file as an article.
pub fn read_document(path: &Path, options: ReadOptions) -> Result<Document, DocumentError> {
    let io = |e| DocumentError::Io { path: path.to_path_buf(), source: e };
    let metadata = std::fs::metadata(path).map_err(io)?;
    if !metadata.is_file() {
        return Err(DocumentError::NotRegular { path: path.to_path_buf() });
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
        return Err(DocumentError::Empty { path: path.to_path_buf(), whitespace_only: !bytes.is_empty() });
    }
    let source_file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let id = path.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| source_file.clone());
    Ok(Document { id, source_file, text })
}

/// Decodes UTF-8 with or without a byte-order mark, and UTF-16 with one;
/// refuses binary data (a NUL character) and bytes that do not decode.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String, DocumentError> {
    if let Some(body) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(path, body, "byte-order mark FF FE, little-endian", u16::from_le_bytes);
    }
    if let Some(body) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(path, body, "byte-order mark FE FF, big-endian", u16::from_be_bytes);
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

/// Decodes the UTF-16 `body` that follows a 2-byte byte-order mark. Offsets in
/// errors count from the start of the file.
fn decode_utf16(
    path: &Path,
    body: &[u8],
    bom: &'static str,
    unit: fn([u8; 2]) -> u16,
) -> Result<String, DocumentError> {
    let fail = |offset: usize, reason| DocumentError::BadUtf16 { path: path.to_path_buf(), bom, offset, reason };
    if body.len() % 2 == 1 {
        return Err(fail(2 + body.len() - 1, "an odd number of bytes"));
    }
    let units = body.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut text = String::with_capacity(body.len());
    let mut offset = 2;
    for c in char::decode_utf16(units) {
        match c {
            Ok('\0') => return Err(DocumentError::Binary { path: path.to_path_buf(), offset }),
            Ok(c) => {
                offset += c.len_utf16() * 2;
                text.push(c);
            }
            Err(_) => return Err(fail(offset, "an unpaired surrogate")),
        }
    }
    Ok(text)
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
    }

    #[test]
    fn decodes_utf16_with_a_bom() {
        let p = Path::new("a.txt");
        let le: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("Hà Nội 𝕏".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(p, &le).unwrap(), "Hà Nội 𝕏");
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain("Kyiv".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode(p, &be).unwrap(), "Kyiv");
        let err = decode(p, b"\xFF\xFEa\0b").unwrap_err();
        assert!(matches!(err, DocumentError::BadUtf16 { offset: 4, .. }), "{err}");
        let err = decode(p, b"\xFF\xFEa\0\x00\xD8b\0").unwrap_err();
        assert!(err.to_string().contains("UTF-16") && err.to_string().contains("byte offset 4"), "{err}");
        let err = decode(p, b"\xFF\xFEa\0\0\0").unwrap_err();
        assert!(matches!(err, DocumentError::Binary { offset: 4, .. }), "{err}");
    }
}

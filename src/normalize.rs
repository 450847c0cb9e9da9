//! Normalization: turns an article's text as read into the text the rules match
//! against, and keeps a map from every normalized byte back to the original.
//!
//! Two views are built. [`NormText`] is NFC with the noise of scraped news made
//! regular: `_` between tokens, spaced apostrophes and hyphens ("d ' élever",
//! "vice - ministre"), curly quotes, non-breaking and zero-width spaces, a space
//! before punctuation. [`FoldedText`] is that text lower-cased and without
//! diacritics, for gazetteer look-ups that must not care about case or tone
//! marks. [`fold_key`] is the same folding for short strings such as names.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::span::Span;

/// A normalized text with its map back to the original.
#[derive(Debug, Clone)]
pub struct NormText {
    pub text: String,
    /// For each byte of `text` (and one past the end), the original byte where the
    /// character that produced it starts.
    starts: Vec<u32>,
    /// For each byte of `text`, the original byte where that character ends.
    ends: Vec<u32>,
}

impl NormText {
    /// Maps a span of the normalized text to the span of the original it came from.
    pub fn to_original(&self, span: Span) -> Span {
        if span.is_empty() {
            let at = self.starts[span.start] as usize;
            return Span::new(at, at);
        }
        Span::new(self.starts[span.start] as usize, self.ends[span.end - 1] as usize)
    }
}

/// One normalized character and the original bytes it stands for.
#[derive(Clone, Copy)]
struct Piece {
    ch: char,
    start: u32,
    end: u32,
}

/// Normalizes `original` (see the module docs).
pub fn normalize(original: &str) -> NormText {
    let pieces = compose(original);
    let pieces = regularize(pieces);
    let mut text = String::with_capacity(original.len());
    let mut starts = Vec::with_capacity(original.len() + 1);
    let mut ends = Vec::with_capacity(original.len());
    for piece in &pieces {
        let before = text.len();
        text.push(piece.ch);
        for _ in before..text.len() {
            starts.push(piece.start);
            ends.push(piece.end);
        }
    }
    starts.push(original.len() as u32);
    NormText { text, starts, ends }
}

/// NFC by clusters (a base character and its combining marks), so that each
/// composed character keeps the original range of its whole cluster.
fn compose(original: &str) -> Vec<Piece> {
    let mut pieces = Vec::with_capacity(original.len());
    let mut chars = original.char_indices().peekable();
    while let Some((start, first)) = chars.next() {
        let mut end = start + first.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if !is_combining_mark(c) {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        let cluster = &original[start..end];
        for ch in cluster.nfc() {
            pieces.push(Piece { ch, start: start as u32, end: end as u32 });
        }
    }
    pieces
}

/// Maps one character to its regular form, or `None` to drop it.
fn regular_char(ch: char) -> Option<char> {
    Some(match ch {
        '_' => ' ',
        '\r' => return None,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => return None,
        // Bidirectional marks, embeddings, overrides and isolates: invisible,
        // and inside a name they would split it.
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => return None,
        '\t' => ' ',
        '‘' | '’' | '‚' | '′' | 'ʼ' | '`' | '´' => '\'',
        '“' | '”' | '„' | '″' => '"',
        c if c != '\n' && c.is_whitespace() => ' ',
        c if c.is_control() && c != '\n' => ' ',
        c => c,
    })
}

fn regularize(pieces: Vec<Piece>) -> Vec<Piece> {
    let mapped: Vec<Piece> =
        pieces.into_iter().filter_map(|p| regular_char(p.ch).map(|ch| Piece { ch, ..p })).collect();
    let mut out: Vec<Piece> = Vec::with_capacity(mapped.len());
    let n = mapped.len();
    let at = |i: usize| mapped.get(i).map(|p| p.ch);
    let mut i = 0;
    while i < n {
        let p = mapped[i];
        if p.ch == ' ' {
            // Collapse runs of spaces.
            if out.last().is_some_and(|q| q.ch == ' ' || q.ch == '\n') {
                i += 1;
                continue;
            }
            let prev_alnum = out.last().is_some_and(|q| q.ch.is_alphanumeric());
            let next = at(i + 1);
            let after = at(i + 2);
            let after2 = at(i + 3);
            // "d ' élever" -> "d'élever"; "vice - ministre" -> "vice-ministre".
            if prev_alnum
                && matches!(next, Some('\'') | Some('-'))
                && after == Some(' ')
                && after2.is_some_and(|c| c.is_alphabetic() && (next == Some('\'') || c.is_lowercase()))
            {
                out.push(mapped[i + 1]);
                i += 3;
                continue;
            }
            // "Chiên , ce" -> "Chiên, ce".
            if prev_alnum && matches!(next, Some(',') | Some('.') | Some(';') | Some(')')) {
                i += 1;
                continue;
            }
        }
        if p.ch == '\n' && out.last().is_some_and(|q| q.ch == ' ') {
            out.pop();
        }
        out.push(p);
        i += 1;
    }
    out
}

/// A lower-cased, diacritic-free view of a [`NormText`], with a map back to it.
#[derive(Debug, Clone)]
pub struct FoldedText {
    pub text: String,
    starts: Vec<u32>,
    ends: Vec<u32>,
}

impl FoldedText {
    /// Folds `norm`; with `keep_marks`, diacritics stay (for languages such as
    /// Vietnamese where they tell words apart: "Nhật" is not "nhất").
    pub fn new(norm: &str, keep_marks: bool) -> FoldedText {
        let mut text = String::with_capacity(norm.len());
        let mut starts = Vec::with_capacity(norm.len() + 1);
        let mut ends = Vec::with_capacity(norm.len());
        let mut buf = String::new();
        for (i, ch) in norm.char_indices() {
            buf.clear();
            fold_char_with(ch, keep_marks, &mut buf);
            let before = text.len();
            text.push_str(&buf);
            for _ in before..text.len() {
                starts.push(i as u32);
                ends.push((i + ch.len_utf8()) as u32);
            }
        }
        starts.push(norm.len() as u32);
        FoldedText { text, starts, ends }
    }

    /// Maps a span of the folded text to the span of the normalized text.
    pub fn to_norm(&self, span: Span) -> Span {
        if span.is_empty() {
            let at = self.starts[span.start] as usize;
            return Span::new(at, at);
        }
        Span::new(self.starts[span.start] as usize, self.ends[span.end - 1] as usize)
    }
}

/// Appends the folded form of one character: lower case, no combining marks,
/// "đ" as "d", "ß" as "ss". Always yields at least one character for a letter.
pub fn fold_char(ch: char, out: &mut String) {
    fold_char_with(ch, false, out)
}

/// [`fold_char`], optionally keeping diacritics (lower case only).
pub fn fold_char_with(ch: char, keep_marks: bool, out: &mut String) {
    if keep_marks {
        match ch {
            '’' | 'ʼ' | '`' => out.push('\''),
            _ => out.extend(ch.to_lowercase()),
        }
        return;
    }
    match ch {
        'đ' | 'Đ' => out.push('d'),
        'ß' => out.push_str("ss"),
        'ı' => out.push('i'),
        '’' | 'ʼ' | '`' => out.push('\''),
        _ => {
            let before = out.len();
            for lower in ch.to_lowercase() {
                for d in std::iter::once(lower).nfd() {
                    if !is_combining_mark(d) {
                        out.push(d);
                    }
                }
            }
            if out.len() == before {
                out.push(ch);
            }
        }
    }
}

/// Folds a short string to a comparison key: lower case, no diacritics, `_` and
/// `-` as spaces, apostrophes dropped, spaces collapsed and trimmed.
pub fn fold_key(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for ch in text.chars() {
        fold_char(ch, &mut folded);
    }
    let mut out = String::with_capacity(folded.len());
    for ch in folded.chars() {
        match ch {
            '\'' | '"' => {}
            c if c == '_' || c == '-' || c == '–' || c == '—' || c.is_whitespace() => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        let norm = normalize(input);
        assert_eq!(norm.text, expected, "normalizing {input:?}");
    }

    #[test]
    fn regularizes_scraped_noise() {
        check("Dang_Quôc_Hung", "Dang Quôc Hung");
        check("Le_vice - ministre japonais", "Le vice-ministre japonais");
        check("d ' élever leurs", "d'élever leurs");
        check("Selon Dang Quoc_Hùng , ce", "Selon Dang Quoc Hùng, ce");
        check("a\u{00A0}b  c", "a b c");
        check("Vietnam - Japon", "Vietnam - Japon");
        check("d ’ armée", "d'armée");
        check("zero\u{200B}width", "zerowidth");
        check("Vice Minister \u{202E}Masuda\u{202C} Kazuo\u{200F}", "Vice Minister Masuda Kazuo");
    }

    #[test]
    fn composes_decomposed_vietnamese() {
        let nfd: String = "Đặng Quốc Hùng".nfd().collect();
        let norm = normalize(&nfd);
        assert_eq!(norm.text, "Đặng Quốc Hùng");
        let start = norm.text.find("Hùng").unwrap();
        let orig = norm.to_original(Span::new(start, norm.text.len()));
        assert_eq!(&nfd[orig.start..orig.end], "Hùng".nfd().collect::<String>());
    }

    #[test]
    fn maps_back_to_original_offsets() {
        let original = "Le_vice - ministre , Masuda_Kazuo";
        let norm = normalize(original);
        let start = norm.text.find("Masuda").unwrap();
        let span = norm.to_original(Span::new(start, norm.text.len()));
        assert_eq!(&original[span.start..span.end], "Masuda_Kazuo");
    }

    #[test]
    fn folds_keys() {
        assert_eq!(fold_key("Đặng Quốc Hùng"), "dang quoc hung");
        assert_eq!(fold_key("Dang_Quôc_Hùng"), "dang quoc hung");
        assert_eq!(fold_key("Đà Nẵng"), "da nang");
        assert_eq!(fold_key("Japan–Vietnam"), "japan vietnam");
    }

    #[test]
    fn folded_view_maps_to_norm() {
        let folded = FoldedText::new("Bộ Quốc phòng Nhật Bản", false);
        let start = folded.text.find("nhat ban").unwrap();
        let span = folded.to_norm(Span::new(start, start + "nhat ban".len()));
        assert_eq!(&"Bộ Quốc phòng Nhật Bản"[span.start..span.end], "Nhật Bản");
    }
}

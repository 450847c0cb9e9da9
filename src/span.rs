//! Spans: half-open byte ranges into a text, and the one conversion from byte
//! offsets to the character offsets that the RDF output speaks of.

use serde::Serialize;

/// A half-open byte range `[start, end)` into one text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies wholly inside this span.
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub const fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Converts byte offsets of `text` to character (Unicode scalar value) offsets.
///
/// Built once per text so that many conversions cost a binary search each.
pub struct CharOffsets {
    /// Byte offset of every char boundary, in order, ending with `text.len()`.
    boundaries: Vec<usize>,
}

impl CharOffsets {
    pub fn new(text: &str) -> CharOffsets {
        let mut boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        boundaries.push(text.len());
        CharOffsets { boundaries }
    }

    /// The character offset of the byte offset `byte`, which must be a char boundary;
    /// an offset inside a character rounds down to that character's start.
    pub fn char_offset(&self, byte: usize) -> usize {
        match self.boundaries.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_scalar_values() {
        let text = "Đặng Quốc Hùng и Масуда";
        let offsets = CharOffsets::new(text);
        let byte = text.find("Масуда").unwrap();
        assert_eq!(offsets.char_offset(byte), text.chars().count() - "Масуда".chars().count());
        assert_eq!(offsets.char_offset(0), 0);
        assert_eq!(offsets.char_offset(text.len()), text.chars().count());
    }

    #[test]
    fn span_relations() {
        let a = Span::new(2, 10);
        assert!(a.contains(Span::new(3, 10)));
        assert!(!a.contains(Span::new(1, 4)));
        assert!(a.overlaps(Span::new(9, 12)));
        assert!(!a.overlaps(Span::new(10, 12)));
    }
}

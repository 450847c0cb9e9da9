//! Matching: applies one language's compiled rules to a normalized text and
//! returns every raw match with its span. No I/O, no failure.
//!
//! Two passes over the text, whatever the number of rules: one Aho-Corasick
//! pass of all lexicon phrases over the folded view, and one `RegexSet` pass
//! that tells which patterns can match, after which only those run.

use crate::normalize::{FoldedText, NormText};
use crate::rules::LangRules;
use crate::span::Span;

/// A lexicon phrase found in the text.
#[derive(Debug, Clone)]
pub struct LexHit {
    /// Span in the normalized text, inflectional ending included.
    pub span: Span,
    /// Index into `LangRules::lexicon.entries`.
    pub entry: usize,
}

/// A pattern match with its named groups.
#[derive(Debug, Clone)]
pub struct PatternHit {
    pub span: Span,
    /// Index into `LangRules::patterns`.
    pub pattern: usize,
    /// Named groups that took part in the match.
    pub groups: Vec<(String, Span)>,
}

impl PatternHit {
    pub fn group(&self, name: &str) -> Option<Span> {
        self.groups.iter().find(|(n, _)| n == name).map(|&(_, s)| s)
    }
}

/// Everything the rules of one language found in one text.
#[derive(Debug, Clone, Default)]
pub struct Matches {
    pub lex: Vec<LexHit>,
    pub patterns: Vec<PatternHit>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\''
}

/// Finds lexicon phrases on word boundaries (none needed in unspaced scripts).
/// A phrase that several lists hold gives one hit per list entry, at the
/// same place; hits are in text order.
pub fn match_lexicon(lang: &LangRules, norm: &str, folded: &FoldedText) -> Vec<LexHit> {
    let text = folded.text.as_str();
    let mut hits = Vec::new();
    for m in lang.lexicon.automaton.find_iter(text) {
        let start = m.start();
        if !lang.unspaced {
            let before = text[..start].chars().next_back();
            let first = text[start..].chars().next();
            if before.is_some_and(is_word_char) && first.is_some_and(is_word_char) {
                continue;
            }
        }
        for &index in &lang.lexicon.phrase_entries[m.pattern().as_usize()] {
            let entry = &lang.lexicon.entries[index];
            let mut end = m.end();
            if !lang.unspaced {
                if entry.stem {
                    for (n, (i, c)) in text[end..].char_indices().enumerate() {
                        if n >= lang.lexicon.stem_max || !c.is_alphabetic() {
                            break;
                        }
                        end = m.end() + i + c.len_utf8();
                    }
                }
                let last = text[..end].chars().next_back();
                let after = text[end..].chars().next();
                if after.is_some_and(is_word_char) && last.is_some_and(is_word_char) {
                    continue;
                }
            }
            let span = folded.to_norm(Span::new(start, end));
            if entry.case_sensitive && !same_initials(&entry.text, &norm[span.start..span.end]) {
                continue;
            }
            hits.push(LexHit { span, entry: index });
        }
    }
    hits
}

/// Whether the words of `found` start with capitals where those of `phrase` do.
fn same_initials(phrase: &str, found: &str) -> bool {
    let initials = |s: &str| -> Vec<bool> {
        s.split(|c: char| c.is_whitespace() || c == '-')
            .filter_map(|w| w.chars().next())
            .map(char::is_uppercase)
            .collect()
    };
    initials(phrase).iter().zip(initials(found)).all(|(a, b)| *a == b)
}

/// Runs the patterns that the one `RegexSet` pass says can match.
pub fn match_patterns(lang: &LangRules, norm: &NormText) -> Vec<PatternHit> {
    let text = norm.text.as_str();
    let mut hits = Vec::new();
    for index in lang.pattern_set.matches(text).into_iter() {
        let pattern = &lang.patterns[index];
        let names: Vec<Option<&str>> = pattern.regex.capture_names().collect();
        for caps in pattern.regex.captures_iter(text) {
            let whole = caps.get(0).expect("group 0 always matches");
            // Patterns consume the character before or after a word ({wstart},
            // {wend}); the span of the match leaves it out.
            let span = trim_span(text, Span::new(whole.start(), whole.end()));
            if span.is_empty() {
                continue;
            }
            let groups = names
                .iter()
                .enumerate()
                .filter_map(|(i, n)| {
                    let n = (*n)?;
                    caps.get(i).map(|g| (n.to_string(), Span::new(g.start(), g.end())))
                })
                .collect();
            hits.push(PatternHit { span, pattern: index, groups });
        }
    }
    hits.sort_by_key(|h| (h.span.start, h.pattern));
    hits
}

/// `span` without the spaces and punctuation at its ends (brackets, quotes and
/// `+` that belong to a name such as "(2+2)" stay).
pub fn trim_span(text: &str, span: Span) -> Span {
    let inner = &text[span.start..span.end];
    let keep_start = |c: char| c.is_alphanumeric() || matches!(c, '(' | '«' | '"' | '+' | '[' | '/' | '!');
    let keep_end = |c: char| c.is_alphanumeric() || matches!(c, ')' | '»' | '"' | '+' | ']' | '/' | '.');
    let trimmed_start = inner.trim_start_matches(|c: char| !keep_start(c));
    let start = span.start + (inner.len() - trimmed_start.len());
    let trimmed = trimmed_start.trim_end_matches(|c: char| !keep_end(c));
    Span::new(start, start + trimmed.len())
}

/// Both passes.
pub fn match_rules(lang: &LangRules, norm: &NormText, folded: &FoldedText) -> Matches {
    Matches { lex: match_lexicon(lang, &norm.text, folded), patterns: match_patterns(lang, norm) }
}

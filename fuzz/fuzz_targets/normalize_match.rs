//! Fuzzes decoding, normalization and matching on arbitrary bytes: nothing
//! panics, and every span maps onto character boundaries of the text it
//! points into.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsgraph::document::decode;
use newsgraph::matching::match_rules;
use newsgraph::normalize::{fold_key, normalize, FoldedText};
use newsgraph::span::{CharOffsets, Span};
use newsgraph::RuleSet;

fn rule_set() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("the built-in rules load"))
}

fn check_on_boundaries(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end && span.end <= text.len(), "{what}: {span:?} out of {}", text.len());
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: {span:?} splits a character"
    );
}

fuzz_target!(
    // Compiling the rules takes seconds under the sanitizer: do it before the
    // clock of the first input starts.
    init: {
        rule_set();
    },
    |data: &[u8]| {
        let Ok(original) = decode(Path::new("fuzz.txt"), data) else { return };
        let norm = normalize(&original);
        let _ = fold_key(&original);
        // Every normalized character maps back onto whole characters of the original.
        let bounds: Vec<usize> = norm.text.char_indices().map(|(i, _)| i).chain([norm.text.len()]).collect();
        for w in bounds.windows(2) {
            let span = norm.to_original(Span::new(w[0], w[1]));
            check_on_boundaries(&original, span, "to_original");
        }
        let whole = norm.to_original(Span::new(0, norm.text.len()));
        check_on_boundaries(&original, whole, "to_original of the whole text");
        let offsets = CharOffsets::new(&original);
        assert_eq!(offsets.char_offset(original.len()), original.chars().count());
        for lang in &rule_set().languages {
            let folded = FoldedText::new(&norm.text, lang.keep_marks);
            let matches = match_rules(lang, &norm, &folded);
            for hit in &matches.lex {
                check_on_boundaries(&norm.text, hit.span, &lang.lexicon.entries[hit.entry].rule_id);
                check_on_boundaries(&original, norm.to_original(hit.span), "lexicon hit in the original");
            }
            for hit in &matches.patterns {
                let id = &lang.patterns[hit.pattern].id;
                check_on_boundaries(&norm.text, hit.span, id);
                check_on_boundaries(&original, norm.to_original(hit.span), id);
                for (_, group) in &hit.groups {
                    check_on_boundaries(&norm.text, *group, id);
                }
            }
        }
    }
);

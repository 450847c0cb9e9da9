//! Fuzzes the rule loader on arbitrary rule files: it either loads or returns
//! a `RuleError` with a location inside the file; it never panics.

#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::rules::{RuleSet, RuleSource};

/// The folder the file goes in, chosen by the first byte.
const FOLDERS: [&str; 3] = ["xx", "common", "translit"];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let folder = FOLDERS[first as usize % FOLDERS.len()];
    let path = format!("rules/{folder}/fuzz.toml");
    let mut sources = vec![RuleSource { path: path.clone(), text: text.to_string() }];
    if folder != "xx" {
        // A language for the shared rules to be compiled into.
        sources.push(RuleSource {
            path: "rules/xx/language.toml".into(),
            text: "[language]\nid = \"language.xx\"\ncode = \"xx\"\nname = \"Test\"\n".into(),
        });
    }
    if let Err(e) = RuleSet::from_sources(sources) {
        let message = e.to_string();
        assert!(!message.is_empty());
        if e.location.path == path {
            let lines = text.split('\n').count();
            assert!(e.location.line >= 1 && e.location.line <= lines, "{message}");
            assert!(e.location.column >= 1, "{message}");
        }
    }
});

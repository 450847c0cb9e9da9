//! Times every pattern rule of every language on the articles of that
//! language in the given folders: `cargo run --release --example pattern_timing -- seeds`.
//! Slow patterns show first.

use std::path::PathBuf;
use std::time::Instant;

use newsgraph::document::{read_inputs, ReadOptions};
use newsgraph::normalize::normalize;
use newsgraph::RuleSet;

fn main() {
    let inputs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let outcome = read_inputs(&inputs, ReadOptions::default());
    let rule_set = RuleSet::builtin().expect("rules load");
    let mut timings = Vec::new();
    for doc in &outcome.documents {
        let norm = normalize(&doc.text);
        let Some(lang) = newsgraph::lang::detect(&norm.text, &rule_set) else { continue };
        let _ = lang.pattern_set.matches(&norm.text).into_iter().count();
        for pattern in &lang.patterns {
            let _ = pattern.regex.captures_iter(&norm.text).count();
        }
        let start = Instant::now();
        let set = lang.pattern_set.matches(&norm.text).into_iter().count();
        timings.push((start.elapsed(), format!("(regex set, {set} patterns can match)"), doc.source_file.clone(), set));
        let folded = newsgraph::normalize::FoldedText::new(&norm.text, lang.keep_marks);
        let start = Instant::now();
        let n = newsgraph::matching::match_lexicon(lang, &norm.text, &folded).len();
        timings.push((start.elapsed(), "(lexicon automaton)".to_string(), doc.source_file.clone(), n));
        let start = Instant::now();
        let _ = newsgraph::lang::detect(&norm.text, &rule_set);
        timings.push((start.elapsed(), "(language detection)".to_string(), doc.source_file.clone(), 0));
        for pattern in &lang.patterns {
            let start = Instant::now();
            let n = pattern.regex.captures_iter(&norm.text).count();
            timings.push((start.elapsed(), pattern.id.clone(), doc.source_file.clone(), n));
        }
    }
    timings.sort_by_key(|t| std::cmp::Reverse(t.0));
    for (t, id, file, n) in timings.iter().take(15) {
        println!("{:>9.3} ms  {id:<45} {file} ({n} matches)", t.as_secs_f64() * 1e3);
    }
}

//! Throughput of each stage of the pipeline over the seed corpus, repeated to
//! a few megabytes, then the hostile sizes of `tests/bad_input.rs` (one
//! article naming 2,500 to 10,000 persons, to show the growth is not
//! quadratic): `cargo bench`. Prints MB/s per stage (median of runs).
//! Plain `std::time`, so the benchmark needs no extra crate.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use newsgraph::article::{analyze, facts, Recall};
use newsgraph::document::{read_inputs, ReadOptions};
use newsgraph::normalize::{normalize, FoldedText};
use newsgraph::{Document, RuleSet};

/// The article of `tests/bad_input.rs` that names `n` distinct persons.
#[path = "../tests/many_names.rs"]
mod many_names;
use many_names::article_with_names;

const RUNS: usize = 5;
/// Copies of the seed corpus in one run (about 1.6 MB).
const COPIES: usize = 50;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn report(stage: &str, bytes: usize, times: Vec<Duration>) {
    let t = median(times);
    let mb = bytes as f64 / 1e6;
    println!("{stage:<28} {:>9.2} ms  {:>8.2} MB/s", t.as_secs_f64() * 1e3, mb / t.as_secs_f64());
}

fn time<T>(f: impl Fn() -> T) -> Vec<Duration> {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect()
}

fn main() {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let outcome = read_inputs(&[seeds], ReadOptions::default());
    let mut documents: Vec<Document> = Vec::new();
    for copy in 0..COPIES {
        for d in &outcome.documents {
            documents.push(Document {
                id: format!("{}-{copy}", d.id),
                source_file: format!("{copy}-{}", d.source_file),
                text: d.text.clone(),
            });
        }
    }
    let bytes: usize = documents.iter().map(|d| d.text.len()).sum();
    println!("corpus: {} articles, {:.2} MB, {RUNS} runs per stage (median)", documents.len(), bytes as f64 / 1e6);

    let start = Instant::now();
    let rule_set = RuleSet::builtin().expect("rules load");
    println!("{:<28} {:>9.2} ms", "load and compile rules", start.elapsed().as_secs_f64() * 1e3);

    report("normalize", bytes, time(|| documents.iter().map(|d| normalize(&d.text).text.len()).sum::<usize>()));
    report(
        "normalize + fold",
        bytes,
        time(|| documents.iter().map(|d| FoldedText::new(&normalize(&d.text).text, false).text.len()).sum::<usize>()),
    );
    report(
        "analyze (detect + match)",
        bytes,
        time(|| documents.iter().enumerate().map(|(i, d)| analyze(i, d, &rule_set).matches.lex.len()).sum::<usize>()),
    );
    let articles: Vec<_> = documents.iter().enumerate().map(|(i, d)| analyze(i, d, &rule_set)).collect();
    let recall = Recall::new(&articles);
    report(
        "facts (sentences, roles)",
        bytes,
        time(|| articles.iter().map(|a| facts(a, &documents[a.doc], &recall, &rule_set).mentions.len()).sum::<usize>()),
    );
    let all_facts: Vec<_> = articles.iter().map(|a| facts(a, &documents[a.doc], &recall, &rule_set)).collect();
    report(
        "resolve",
        bytes,
        time(|| newsgraph::resolve::resolve(&documents, &all_facts, &rule_set).graph.node_count()),
    );
    let graph = newsgraph::resolve::resolve(&documents, &all_facts, &rule_set);
    let scheme = newsgraph::rdf::IriScheme::default();
    report("rdf quads", bytes, time(|| newsgraph::rdf::to_quads(&graph, &documents, &scheme).len()));
    report(
        "extract (whole, parallel)",
        bytes,
        time(|| newsgraph::extract(&documents, &rule_set).graph.graph.node_count()),
    );

    println!("one article naming N persons, each with a title (whole extract, median of {RUNS}):");
    let mut previous: Option<(usize, Duration)> = None;
    for n in [2_500, 5_000, 10_000] {
        let document = Document { id: "many".into(), source_file: "many.txt".into(), text: article_with_names(n) };
        let t = median(time(|| newsgraph::extract(std::slice::from_ref(&document), &rule_set).graph.mentions.len()));
        let growth = previous.map(|(m, p)| format!("  ×{:.2} for ×{} names", t.as_secs_f64() / p.as_secs_f64(), n / m));
        println!("{:<28} {:>9.2} ms{}", format!("  {n} names"), t.as_secs_f64() * 1e3, growth.unwrap_or_default());
        previous = Some((n, t));
    }
}

//! newsgraph turns news articles in many languages into one knowledge graph of
//! the people, organizations, places, meetings and agreements they report, by
//! rules that live as data in `rules/`.
//!
//! The pipeline, one module per step:
//!
//! ```text
//! document  files → Document (decoded text)
//! normalize Document → NormText + FoldedText (maps back to the original)
//! lang      text → the language's rules
//! matching  rules × text → lexicon and pattern matches with spans
//! article   matches → one article's facts (persons, roles, dates, ...)
//! resolve   all articles' facts → KnowledgeGraph (one node per real thing)
//! rdf       KnowledgeGraph → quads (named graph per article, mentions)
//! export    quads → RDF formats, DOT/SVG, GraphML, Neo4j CSV (atomic writes)
//! query     exported file → SPARQL results
//! server    exported file → SPARQL endpoint over HTTP (feature `serve`)
//! ```
//!
//! [`extract`] runs the steps from documents to graph in one function.

pub mod article;
pub mod coverage;
pub mod dates;
pub mod document;
pub mod error;
pub mod examples;
pub mod explain;
pub mod export;
pub mod graph;
pub mod lang;
pub mod matching;
pub mod names;
pub mod normalize;
pub mod query;
pub mod rdf;
pub mod resolve;
pub mod rules;
#[cfg(feature = "serve")]
pub mod server;
pub mod span;

use std::collections::BTreeMap;

use rayon::prelude::*;

pub use document::Document;
pub use graph::KnowledgeGraph;
pub use rules::RuleSet;

/// What [`extract`] produces.
#[derive(Debug)]
pub struct Extraction {
    pub graph: KnowledgeGraph,
    /// Language code of each document (`None`: no rules for its language).
    pub languages: Vec<Option<String>>,
    /// Soft problems: articles without a language, articles with no entity.
    pub warnings: Vec<String>,
}

/// The whole pipeline from documents to the knowledge graph.
///
/// Articles are analysed independently (in parallel); the only corpus-wide
/// steps are the recall of known names and the resolution.
pub fn extract(documents: &[Document], rule_set: &RuleSet) -> Extraction {
    let analyzed: Vec<article::Article<'_>> =
        documents.par_iter().enumerate().map(|(i, doc)| article::analyze(i, doc, rule_set)).collect();
    let recall = article::Recall::new(&analyzed);
    let facts: Vec<article::ArticleFacts> =
        analyzed.par_iter().map(|a| article::facts(a, &documents[a.doc], &recall, rule_set)).collect();
    let graph = resolve::resolve(documents, &facts, rule_set);
    let mut warnings = Vec::new();
    for (doc, f) in documents.iter().zip(&facts) {
        if f.lang.is_none() {
            warnings.push(format!("{}: no rules for this article's language; nothing extracted", doc.source_file));
        } else if f.mentions.is_empty() {
            warnings.push(format!("{}: no entity found", doc.source_file));
        }
    }
    Extraction { graph, languages: facts.iter().map(|f| f.lang.clone()).collect(), warnings }
}

/// Counts of a graph's nodes by kind, for summaries.
pub fn count_by_kind(graph: &KnowledgeGraph) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for node in graph.graph.node_weights() {
        let kind = match node.kind {
            graph::NodeKind::Article => "articles",
            graph::NodeKind::Person => "persons",
            graph::NodeKind::Organization | graph::NodeKind::GovernmentOrganization => "organizations",
            graph::NodeKind::Country => "countries",
            graph::NodeKind::Place => "places",
            graph::NodeKind::Meeting(_) => "meetings",
            graph::NodeKind::MeetingSeries(_) => "meeting series",
            graph::NodeKind::Agreement(_) => "agreements",
        };
        *counts.entry(kind).or_insert(0) += 1;
    }
    counts
}

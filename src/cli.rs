//! The command line: clap types and nothing else.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Turns news articles in many languages into one knowledge graph, by rules.
#[derive(Debug, Parser)]
#[command(name = "newsgraph", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract the graph of articles (files or folders) and write it to a folder.
    Extract {
        /// Article files or folders of them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output folder for graph.ttl, graph.nq and graph.dot.
        #[arg(long, short)]
        out: PathBuf,
        /// Read rules from this folder instead of the built-in ones.
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Base IRI of the graph's instances.
        #[arg(long, default_value = "https://w3id.org/newsgraph/id/")]
        base_iri: String,
        /// Articles larger than this many bytes are skipped with a warning.
        #[arg(long, default_value_t = 16 * 1024 * 1024)]
        max_article_bytes: u64,
    },
    /// Run a SPARQL query (text, or @file.rq) over an exported graph.
    Query {
        /// The graph file (ttl, nt, nq, trig).
        #[arg(long, short)]
        graph: PathBuf,
        /// The query, or @path to a file holding it.
        query: String,
        /// table, csv, tsv or json.
        #[arg(long, default_value = "table")]
        format: String,
    },
}

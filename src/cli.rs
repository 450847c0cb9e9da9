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
        /// Output folder for the graph files (graph.ttl, graph.nq, ...).
        #[arg(long, short)]
        out: PathBuf,
        /// Formats to write, comma-separated: ttl, nt, nq, trig, jsonld, rdfxml,
        /// dot, svg, graphml, neo4j; `all`; or `default` (every format that needs
        /// no outside program, i.e. all but svg, which runs GraphViz `dot`).
        #[arg(long, default_value = "default")]
        format: String,
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
    /// Convert an exported graph file (ttl, nt, nq, trig, jsonld, rdf) into
    /// another format.
    Export {
        /// The graph file; its format is read from its extension.
        #[arg(long, short)]
        graph: PathBuf,
        /// ttl, nt, nq, trig, jsonld, rdfxml, dot, svg, graphml or neo4j.
        #[arg(long, short)]
        format: String,
        /// Output file (default: standard output); a folder for neo4j.
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Base IRI of the graph's instances (for prefixes and short ids).
        #[arg(long, default_value = "https://w3id.org/newsgraph/id/")]
        base_iri: String,
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
    /// Serve an exported graph as a read-only SPARQL endpoint over HTTP
    /// (SPARQL 1.1 Protocol at /sparql; the graph itself at /graph.ttl, ...).
    #[cfg(feature = "serve")]
    Serve {
        /// The graph file (ttl, nt, nq, trig, jsonld, rdf).
        #[arg(long, short)]
        graph: PathBuf,
        /// Address to listen on; port 0 picks a free port (printed at start).
        #[arg(long, default_value = "127.0.0.1:7878")]
        bind: String,
        /// A query running longer is cancelled (503).
        #[arg(long, default_value_t = 10.0)]
        timeout_s: f64,
        /// A larger request body gets 413.
        #[arg(long, default_value_t = 1 << 20)]
        max_body_bytes: u64,
        /// Results larger than this are refused (503): add a LIMIT.
        #[arg(long, default_value_t = 64 << 20)]
        max_result_bytes: usize,
        /// Connections served at once; further ones wait.
        #[arg(long, default_value_t = 256)]
        max_connections: usize,
        /// Base IRI of the graph's instances (for the prefixes of /graph.ttl).
        #[arg(long, default_value = "https://w3id.org/newsgraph/id/")]
        base_iri: String,
        /// Do not log each request to standard error.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Report on the rules: with --coverage, which rules fire on a corpus, how
    /// often and where, which never fire, and which name-like spans no rule claims.
    Rules {
        /// Article files or folders to measure coverage on.
        #[arg(long, num_args = 1.., required = true)]
        coverage: Vec<PathBuf>,
        /// Read rules from this folder instead of the built-in ones.
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Explain one entity of an exported graph: every mention behind it
    /// (article, offsets, rule, the text around it) and its merge key.
    Explain {
        /// A name, a surface form, or an IRI.
        entity: String,
        /// The graph file (ttl, nt, nq, trig); N-Quads or Turtle hold the mentions.
        #[arg(long, short)]
        graph: PathBuf,
        /// Folder holding the article files, to show the text around each mention.
        #[arg(long)]
        articles: Option<PathBuf>,
    },
}

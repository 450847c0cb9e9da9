//! newsgraph's integration tests: one test binary, one module per concern.

#[macro_use]
mod util;

/// Broken and hostile input: bad files, huge articles, unreadable folders, broken rules, kill -9.
mod bad_input;
/// The binary: exit codes and messages.
mod cli;
/// Every export read back by an independent tool; hostile labels.
mod exports;
/// Test articles in each language with their expected facts.
mod languages;
/// An article naming thousands of persons (shared with the benchmark).
mod many_names;
/// Property tests: offsets on character boundaries, spans equal anchors, exports parse back.
mod properties;
/// The shipped SPARQL queries, run through `newsgraph query`.
mod queries;
/// Every rule's examples, and malformed rule files.
mod rules;
/// The seed corpus end to end: facts, determinism, the committed exports.
mod seeds;
/// `newsgraph serve`: the SPARQL protocol, its limits, real clients.
#[cfg(feature = "serve")]
mod server;

//! SPARQL: loads an exported graph into an in-memory oxigraph store and runs a
//! query over its default graph (which in newsgraph's files is the union of
//! the articles' graphs), or over the union of the named graphs when the
//! default graph is empty.

use std::io::Write;
use std::path::Path;

use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, PreparedSparqlQuery, QueryResults, SparqlEvaluator, SparqlSyntaxError};
use oxigraph::store::Store;

use crate::error::GraphError;
use crate::rdf::vocab::PREFIXES;

/// How query results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultFormat {
    Table,
    Csv,
    Tsv,
    Json,
}

impl ResultFormat {
    pub fn from_name(name: &str) -> Option<ResultFormat> {
        Some(match name {
            "table" => ResultFormat::Table,
            "csv" => ResultFormat::Csv,
            "tsv" => ResultFormat::Tsv,
            "json" => ResultFormat::Json,
            _ => return None,
        })
    }
}

/// Loads a Turtle, N-Triples, N-Quads or TriG file (by extension).
pub fn load(path: &Path) -> Result<Store, GraphError> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let format = RdfFormat::from_extension(&ext).ok_or_else(|| GraphError::Parse {
        path: path.to_path_buf(),
        message: format!("unknown RDF file extension {ext:?} (ttl, nt, nq, trig, jsonld, rdf)"),
    })?;
    let data = std::fs::read(path).map_err(|source| GraphError::Io { path: path.to_path_buf(), source })?;
    let store = Store::new().map_err(|e| GraphError::Rdf(e.to_string()))?;
    store
        .load_from_slice(format, &data)
        .map_err(|e| GraphError::Parse { path: path.to_path_buf(), message: e.to_string() })?;
    Ok(store)
}

/// Parses `query` with newsgraph's prefixes (`ng:`, `schema:`, ...) declared,
/// cancelled by `token` if given. oxigraph is built without its HTTP client,
/// so `SERVICE` calls fail: a query never reaches the network.
///
/// newsgraph's own files hold the union of the articles' graphs in the
/// default graph; a file with named graphs only (`default_is_empty`) is
/// queried over their union, unless the query names its dataset (`FROM`).
pub fn prepare(
    query: &str,
    default_is_empty: bool,
    token: Option<CancellationToken>,
) -> Result<PreparedSparqlQuery, SparqlSyntaxError> {
    let mut evaluator = SparqlEvaluator::new();
    for (prefix, iri) in PREFIXES {
        evaluator = evaluator.with_prefix(prefix, iri).expect("the built-in prefixes are valid IRIs");
    }
    if let Some(token) = token {
        evaluator = evaluator.with_cancellation_token(token);
    }
    let mut prepared = evaluator.parse_query(query)?;
    if default_is_empty && prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    Ok(prepared)
}

/// Whether `store`'s default graph holds no triple.
pub fn default_graph_is_empty(store: &Store) -> bool {
    store.quads_for_pattern(None, None, None, Some(oxigraph::model::GraphNameRef::DefaultGraph)).next().is_none()
}

/// Runs `query` on `store` and writes the results to `out`.
pub fn run(store: &Store, query: &str, format: ResultFormat, out: &mut dyn Write) -> Result<(), GraphError> {
    let prepared =
        prepare(query, default_graph_is_empty(store), None).map_err(|e| GraphError::Sparql(e.to_string()))?;
    let results = prepared.on_store(store).execute().map_err(|e| GraphError::Sparql(e.to_string()))?;
    let io = |e: std::io::Error| GraphError::Sparql(e.to_string());
    match results {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let mut rows: Vec<Vec<String>> = Vec::new();
            let format_results = match format {
                ResultFormat::Table => None,
                ResultFormat::Csv => Some(QueryResultsFormat::Csv),
                ResultFormat::Tsv => Some(QueryResultsFormat::Tsv),
                ResultFormat::Json => Some(QueryResultsFormat::Json),
            };
            if let Some(f) = format_results {
                let mut ser =
                    QueryResultsSerializer::from_format(f).serialize_solutions_to_writer(out, variables).map_err(io)?;
                for s in solutions {
                    ser.serialize(&s.map_err(|e| GraphError::Sparql(e.to_string()))?).map_err(io)?;
                }
                ser.finish().map_err(io)?;
                return Ok(());
            }
            for s in solutions {
                let s = s.map_err(|e| GraphError::Sparql(e.to_string()))?;
                rows.push(
                    variables
                        .iter()
                        .map(|v| match s.get(v) {
                            Some(oxigraph::model::Term::Literal(l)) => l.value().to_string(),
                            Some(t) => t.to_string(),
                            None => String::new(),
                        })
                        .collect(),
                );
            }
            let headers: Vec<String> = variables.iter().map(|v| v.as_str().to_string()).collect();
            write_table(&headers, &rows, out).map_err(io)
        }
        QueryResults::Boolean(b) => match format {
            ResultFormat::Table => writeln!(out, "{b}").map_err(io),
            ResultFormat::Csv => QueryResultsSerializer::from_format(QueryResultsFormat::Csv)
                .serialize_boolean_to_writer(out, b)
                .map(|_| ())
                .map_err(io),
            ResultFormat::Tsv => QueryResultsSerializer::from_format(QueryResultsFormat::Tsv)
                .serialize_boolean_to_writer(out, b)
                .map(|_| ())
                .map_err(io),
            ResultFormat::Json => QueryResultsSerializer::from_format(QueryResultsFormat::Json)
                .serialize_boolean_to_writer(out, b)
                .map(|_| ())
                .map_err(io),
        },
        QueryResults::Graph(triples) => {
            let mut w = oxigraph::io::RdfSerializer::from_format(RdfFormat::Turtle).for_writer(out);
            for t in triples {
                w.serialize_triple(t.map_err(|e| GraphError::Sparql(e.to_string()))?.as_ref()).map_err(io)?;
            }
            w.finish().map_err(io)?;
            Ok(())
        }
    }
}

fn write_table(headers: &[String], rows: &[Vec<String>], out: &mut dyn Write) -> std::io::Result<()> {
    let width = |i: usize| {
        rows.iter().map(|r| r[i].chars().count()).chain(std::iter::once(headers[i].chars().count())).max().unwrap_or(0)
    };
    let widths: Vec<usize> = (0..headers.len()).map(width).collect();
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    writeln!(out, "{}", line(headers).trim_end())?;
    writeln!(out, "{}", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("-+-"))?;
    for row in rows {
        writeln!(out, "{}", line(row).trim_end())?;
    }
    Ok(())
}

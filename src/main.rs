//! The `newsgraph` binary: parses arguments, calls the library, prints a
//! summary, and maps outcomes to exit codes (0 all well, 1 some input failed,
//! 2 usage or rule errors).

mod cli;

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

use cli::{Cli, Command};
use newsgraph::document::{read_inputs, ReadOptions, ReadOutcome};
use newsgraph::export::{export_all, sort_quads, write_atomic, write_files, write_format, ExportFormat, ExportInput};
use newsgraph::rdf::{to_quads, IriScheme};
use newsgraph::RuleSet;

/// An error that is the user's to fix in the command or the rules (exit 2).
#[derive(Debug)]
struct UsageError(String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            if e.downcast_ref::<UsageError>().is_some() || e.downcast_ref::<newsgraph::rules::RuleError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn load_rules(dir: Option<&std::path::Path>) -> Result<RuleSet> {
    Ok(match dir {
        Some(dir) => RuleSet::from_dir(dir)?,
        None => RuleSet::builtin()?,
    })
}

/// The socket address of `--bind`; port 0 becomes a free port, found by
/// binding it once (the server binds it again right after).
#[cfg(feature = "serve")]
fn resolve_bind(bind: &str) -> Result<std::net::SocketAddr> {
    use std::net::ToSocketAddrs;
    let addr = bind
        .to_socket_addrs()
        .map_err(|e| UsageError(format!("--bind {bind:?}: {e} (write HOST:PORT, e.g. 127.0.0.1:7878)")))?
        .next()
        .ok_or_else(|| UsageError(format!("--bind {bind:?}: no address")))?;
    if addr.port() != 0 {
        return Ok(addr);
    }
    let probe = std::net::TcpListener::bind(addr).with_context(|| format!("binding {addr}"))?;
    Ok(probe.local_addr()?)
}

/// Prints the inputs that failed (errors) and those skipped (warnings).
fn report_inputs(outcome: &ReadOutcome) {
    for e in &outcome.errors {
        eprintln!("error: {e}");
    }
    for e in &outcome.skipped {
        eprintln!("warning: {e}");
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Extract { inputs, out, format, rules, base_iri, max_article_bytes } => {
            let formats = ExportFormat::parse_list(&format).map_err(UsageError)?;
            let scheme = IriScheme::new(&base_iri).map_err(UsageError)?;
            let rule_set = load_rules(rules.as_deref())?;
            let outcome = read_inputs(&inputs, ReadOptions { max_article_bytes });
            report_inputs(&outcome);
            let extraction = newsgraph::extract(&outcome.documents, &rule_set);
            let quads = to_quads(&extraction.graph, &outcome.documents, &scheme);
            let prefixes = scheme.prefixes();
            let input = ExportInput { quads: &quads, prefixes: &prefixes, base: &scheme.base };
            let written =
                export_all(&out, input, &formats).with_context(|| format!("writing the graph to {}", out.display()))?;
            let mut langs = std::collections::BTreeMap::new();
            for l in &extraction.languages {
                *langs.entry(l.clone().unwrap_or_else(|| "?".into())).or_insert(0) += 1;
            }
            let stdout = std::io::stdout();
            let mut w = stdout.lock();
            let by_lang: Vec<String> = langs.iter().map(|(l, n)| format!("{l} {n}")).collect();
            writeln!(w, "articles: {} ({})", outcome.documents.len(), by_lang.join(", "))?;
            let counts = newsgraph::count_by_kind(&extraction.graph);
            let by_kind: Vec<String> =
                counts.iter().filter(|(k, _)| **k != "articles").map(|(k, n)| format!("{k} {n}")).collect();
            writeln!(w, "entities: {}", by_kind.join(", "))?;
            writeln!(w, "mentions: {}", extraction.graph.mentions.len())?;
            writeln!(
                w,
                "quads: {} ({} triples in the default graph)",
                quads.len(),
                quads.iter().filter(|q| q.graph_name.is_default_graph()).count()
            )?;
            writeln!(w, "written: {}", written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))?;
            for warning in &extraction.warnings {
                eprintln!("warning: {warning}");
            }
            if !outcome.skipped.is_empty() {
                writeln!(w, "skipped inputs: {}", outcome.skipped.len())?;
            }
            if !outcome.errors.is_empty() {
                writeln!(w, "failed inputs: {}", outcome.errors.len())?;
                return Ok(ExitCode::from(1));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { graph, format, out, base_iri } => {
            let format = ExportFormat::from_name(&format).ok_or_else(|| {
                let names: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.name()).collect();
                UsageError(format!("unknown export format {format:?}: {}", names.join(", ")))
            })?;
            let scheme = IriScheme::new(&base_iri).map_err(UsageError)?;
            let store = newsgraph::query::load(&graph)?;
            let quads = sort_quads(
                store.iter().collect::<Result<Vec<_>, _>>().map_err(|e| anyhow::anyhow!("{}: {e}", graph.display()))?,
            );
            let prefixes = scheme.prefixes();
            let input = ExportInput { quads: &quads, prefixes: &prefixes, base: &scheme.base };
            match (format, out) {
                (ExportFormat::Neo4j, None) => {
                    return Err(UsageError(
                        "the neo4j format writes nodes.csv and relationships.csv: give a folder with --out".into(),
                    )
                    .into())
                }
                (ExportFormat::Neo4j, Some(dir)) => {
                    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
                    write_files(format, input, &dir).with_context(|| format!("writing {}", dir.display()))?;
                }
                (_, Some(path)) => {
                    let mut bytes = Vec::new();
                    write_format(format, input, &mut bytes)?;
                    write_atomic(&path, |w| w.write_all(&bytes))
                        .with_context(|| format!("writing {}", path.display()))?;
                }
                (_, None) => {
                    let mut bytes = Vec::new();
                    write_format(format, input, &mut bytes)?;
                    std::io::stdout().lock().write_all(&bytes)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Query { graph, query, format } => {
            let format = newsgraph::query::ResultFormat::from_name(&format)
                .ok_or_else(|| UsageError(format!("unknown result format {format:?}: table, csv, tsv or json")))?;
            let query = match query.strip_prefix('@') {
                Some(path) => {
                    std::fs::read_to_string(path).with_context(|| format!("reading the query file {path}"))?
                }
                None => query,
            };
            let store = newsgraph::query::load(&graph)?;
            let stdout = std::io::stdout();
            let mut w = stdout.lock();
            newsgraph::query::run(&store, &query, format, &mut w)?;
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "serve")]
        Command::Serve {
            graph,
            bind,
            timeout_s,
            max_body_bytes,
            max_result_bytes,
            max_connections,
            base_iri,
            quiet,
        } => {
            use newsgraph::server::{serve, Endpoint, Limits};
            let scheme = IriScheme::new(&base_iri).map_err(UsageError)?;
            if !(timeout_s > 0.0 && timeout_s.is_finite()) {
                return Err(
                    UsageError(format!("--timeout-s must be a positive number of seconds, not {timeout_s}")).into()
                );
            }
            if max_connections == 0 {
                return Err(UsageError("--max-connections must be at least 1".into()).into());
            }
            let addr = resolve_bind(&bind)?;
            let store = newsgraph::query::load(&graph)?;
            let quads = store.len().unwrap_or(0);
            let limits = Limits {
                timeout: std::time::Duration::from_secs_f64(timeout_s),
                max_body_bytes,
                max_result_bytes,
                max_connections,
            };
            let mut endpoint = Endpoint::new(store, scheme, limits);
            endpoint.log = !quiet;
            let server = serve(endpoint, addr).with_context(|| format!("listening on {addr}"))?;
            eprintln!("serving {quads} quads of {} at http://{addr}/sparql", graph.display());
            server.join().context("the server stopped")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules { coverage, rules } => {
            let rule_set = load_rules(rules.as_deref())?;
            let outcome = read_inputs(&coverage, ReadOptions::default());
            report_inputs(&outcome);
            let report = newsgraph::coverage::coverage(&outcome.documents, &rule_set);
            std::io::stdout().lock().write_all(report.render().as_bytes())?;
            Ok(if outcome.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Explain { entity, graph, articles } => {
            let store = newsgraph::query::load(&graph)?;
            let found = newsgraph::explain::find_entities(&store, &entity)?;
            if found.is_empty() {
                return Err(UsageError(format!("no entity named {entity:?} in {}", graph.display())).into());
            }
            let mut out = String::new();
            for iri in &found {
                out.push_str(&newsgraph::explain::explain(&store, iri, articles.as_deref())?);
                out.push('\n');
            }
            std::io::stdout().lock().write_all(out.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

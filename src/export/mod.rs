//! Exports: writes the graph's quads to files in every format users load
//! into their tools. [`ExportFormat`] owns each format's name, extension and
//! media type; [`write_atomic`] writes each file through a temporary file and
//! a rename, so that an interrupted run leaves the previous complete file;
//! [`export_all`] writes a set of formats into a folder. The RDF formats are
//! written by oxigraph's serializers (`rdf`); the DOT picture, GraphML and the
//! Neo4j CSV files are written from one property-graph view of the quads
//! (`view`). Quads are written in one sorted order, so identical inputs give
//! identical bytes.

pub mod dot;
pub mod graphml;
pub mod neo4j;
pub mod rdf;
pub mod view;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, Quad};

use crate::error::GraphError;

pub use dot::dot_escape;

/// One export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExportFormat {
    Turtle,
    NTriples,
    NQuads,
    TriG,
    JsonLd,
    RdfXml,
    Dot,
    Svg,
    GraphMl,
    Neo4j,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 10] = [
        ExportFormat::Turtle,
        ExportFormat::NTriples,
        ExportFormat::NQuads,
        ExportFormat::TriG,
        ExportFormat::JsonLd,
        ExportFormat::RdfXml,
        ExportFormat::Dot,
        ExportFormat::Svg,
        ExportFormat::GraphMl,
        ExportFormat::Neo4j,
    ];

    /// The name given to `--format`.
    pub const fn name(self) -> &'static str {
        match self {
            ExportFormat::Turtle => "ttl",
            ExportFormat::NTriples => "nt",
            ExportFormat::NQuads => "nq",
            ExportFormat::TriG => "trig",
            ExportFormat::JsonLd => "jsonld",
            ExportFormat::RdfXml => "rdfxml",
            ExportFormat::Dot => "dot",
            ExportFormat::Svg => "svg",
            ExportFormat::GraphMl => "graphml",
            ExportFormat::Neo4j => "neo4j",
        }
    }

    pub const fn extension(self) -> &'static str {
        match self {
            ExportFormat::RdfXml => "rdf",
            ExportFormat::Neo4j => "csv",
            f => f.name(),
        }
    }

    pub const fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Turtle => "text/turtle",
            ExportFormat::NTriples => "application/n-triples",
            ExportFormat::NQuads => "application/n-quads",
            ExportFormat::TriG => "application/trig",
            ExportFormat::JsonLd => "application/ld+json",
            ExportFormat::RdfXml => "application/rdf+xml",
            ExportFormat::Dot => "text/vnd.graphviz",
            ExportFormat::Svg => "image/svg+xml",
            ExportFormat::GraphMl => "application/graphml+xml",
            ExportFormat::Neo4j => "text/csv",
        }
    }

    /// The outside program a format needs, if any.
    pub const fn needs_program(self) -> Option<&'static str> {
        match self {
            ExportFormat::Svg => Some("dot"),
            _ => None,
        }
    }

    /// The formats written when none is asked for: those that need no outside
    /// program.
    pub fn defaults() -> Vec<ExportFormat> {
        ExportFormat::ALL.into_iter().filter(|f| f.needs_program().is_none()).collect()
    }

    pub fn from_name(name: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    /// A comma-separated list of names, or `all`, or `default`, in the order of
    /// [`ExportFormat::ALL`] without duplicates.
    pub fn parse_list(list: &str) -> Result<Vec<ExportFormat>, String> {
        let mut formats = Vec::new();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name {
                "all" => formats.extend(ExportFormat::ALL),
                "default" => formats.extend(ExportFormat::defaults()),
                _ => formats.push(ExportFormat::from_name(name).ok_or_else(|| {
                    let names: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.name()).collect();
                    format!("unknown export format {name:?}: {}, all or default", names.join(", "))
                })?),
            }
        }
        if formats.is_empty() {
            return Err("no export format given".to_string());
        }
        formats.sort();
        formats.dedup();
        Ok(formats)
    }

    /// The files a format writes into an output folder.
    pub fn file_names(self) -> Vec<String> {
        match self {
            ExportFormat::Neo4j => vec!["nodes.csv".to_string(), "relationships.csv".to_string()],
            f => vec![format!("graph.{}", f.extension())],
        }
    }

    /// The RDF format oxigraph reads and writes it in, if it is one.
    pub fn rdf_format(self) -> Option<RdfFormat> {
        Some(match self {
            ExportFormat::Turtle => RdfFormat::Turtle,
            ExportFormat::NTriples => RdfFormat::NTriples,
            ExportFormat::NQuads => RdfFormat::NQuads,
            ExportFormat::TriG => RdfFormat::TriG,
            ExportFormat::JsonLd => RdfFormat::JsonLd { profile: oxigraph::io::JsonLdProfileSet::empty() },
            ExportFormat::RdfXml => RdfFormat::RdfXml,
            _ => return None,
        })
    }
}

/// What every writer reads: the quads in their sorted order, the prefixes and
/// the base of instance IRIs.
#[derive(Debug, Clone, Copy)]
pub struct ExportInput<'a> {
    pub quads: &'a [Quad],
    pub prefixes: &'a [(String, String)],
    pub base: &'a str,
}

/// Sorts quads into the one order the exports use (as [`crate::rdf::to_quads`]
/// does): by graph (default first), subject, predicate and object, without
/// duplicates.
pub fn sort_quads(quads: Vec<Quad>) -> Vec<Quad> {
    let mut keyed: Vec<(String, Quad)> = quads
        .into_iter()
        .map(|q| {
            let graph = match &q.graph_name {
                GraphName::DefaultGraph => String::new(),
                g => g.to_string(),
            };
            (format!("{graph}\u{0}{}\u{0}{}\u{0}{}", q.subject, q.predicate, q.object), q)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    keyed.into_iter().map(|(_, q)| q).collect()
}

/// Writes `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), GraphError> {
    let io_error = |source| GraphError::Io { path: path.to_path_buf(), source };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp: PathBuf = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let file = fs::File::create(&tmp)?;
        let mut writer = BufWriter::new(file);
        write(&mut writer)?;
        let file = writer.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io_error)
}

/// Runs GraphViz `dot -Tsvg` on DOT text.
pub fn render_svg(dot_text: &[u8]) -> Result<Vec<u8>, GraphError> {
    let missing = || GraphError::MissingProgram {
        program: "dot",
        purpose: "the svg format",
        install: "install GraphViz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz)",
    };
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                missing()
            } else {
                GraphError::Program { program: "dot", message: e.to_string() }
            }
        })?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = dot_text.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let output =
        child.wait_with_output().map_err(|e| GraphError::Program { program: "dot", message: e.to_string() })?;
    let fed = feeder.join().unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")));
    if !output.status.success() || fed.is_err() {
        return Err(GraphError::Program {
            program: "dot",
            message: format!("{}: {}", output.status, String::from_utf8_lossy(&output.stderr).trim()),
        });
    }
    Ok(output.stdout)
}

/// Writes one single-file format to `out`. Neo4j writes two files: use
/// [`write_files`].
pub fn write_format(format: ExportFormat, input: ExportInput<'_>, out: &mut dyn Write) -> Result<(), GraphError> {
    let rdf_error = |e: io::Error| GraphError::Rdf(format!("writing {}: {e}", format.name()));
    match format {
        ExportFormat::Turtle | ExportFormat::NTriples | ExportFormat::RdfXml => {
            let f = format.rdf_format().expect("an RDF format");
            rdf::write_triples(f, input.quads, input.prefixes, out).map_err(rdf_error)
        }
        ExportFormat::NQuads | ExportFormat::TriG => {
            let f = format.rdf_format().expect("an RDF format");
            rdf::write_quads(f, input.quads, input.prefixes, out).map_err(rdf_error)
        }
        ExportFormat::JsonLd => rdf::write_jsonld(input.quads, input.prefixes, input.base, out).map_err(rdf_error),
        ExportFormat::Dot => dot::write_dot(&view::build(input.quads, input.base), out).map_err(rdf_error),
        ExportFormat::Svg => {
            let mut text = Vec::new();
            dot::write_dot(&view::build(input.quads, input.base), &mut text).map_err(rdf_error)?;
            let svg = render_svg(&text)?;
            out.write_all(&svg).map_err(rdf_error)
        }
        ExportFormat::GraphMl => graphml::write_graphml(&view::build(input.quads, input.base), out).map_err(rdf_error),
        ExportFormat::Neo4j => Err(GraphError::Rdf(
            "the neo4j format writes two files (nodes.csv, relationships.csv): give a folder".into(),
        )),
    }
}

/// Writes a format's files into `dir` atomically, one by one; returns their
/// paths.
pub fn write_files(format: ExportFormat, input: ExportInput<'_>, dir: &Path) -> Result<Vec<PathBuf>, GraphError> {
    let paths: Vec<PathBuf> = format.file_names().into_iter().map(|n| dir.join(n)).collect();
    match format {
        ExportFormat::Neo4j => {
            let view = view::build(input.quads, input.base);
            write_atomic(&paths[0], |w| neo4j::write_nodes(&view, w))?;
            write_atomic(&paths[1], |w| neo4j::write_relationships(&view, w))?;
        }
        ExportFormat::Svg => {
            // Render first, so a missing `dot` leaves no file behind.
            let mut svg = Vec::new();
            write_format(format, input, &mut svg)?;
            write_atomic(&paths[0], |w| w.write_all(&svg))?;
        }
        _ => write_checked(&paths[0], |w| write_format(format, input, w))?,
    }
    Ok(paths)
}

/// [`write_atomic`] for a writer that fails with a [`GraphError`], kept as is.
fn write_checked(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<(), GraphError>) -> Result<(), GraphError> {
    let mut failure = None;
    let result = write_atomic(path, |w| {
        write(w).map_err(|e| {
            let message = e.to_string();
            failure = Some(e);
            io::Error::other(message)
        })
    });
    match (result, failure) {
        (Err(_), Some(e)) => Err(e),
        (result, _) => result,
    }
}

/// Writes every asked-for format into `out_dir` (created if missing) and
/// returns the paths written.
pub fn export_all(
    out_dir: &Path,
    input: ExportInput<'_>,
    formats: &[ExportFormat],
) -> Result<Vec<PathBuf>, GraphError> {
    fs::create_dir_all(out_dir).map_err(|source| GraphError::Io { path: out_dir.to_path_buf(), source })?;
    let mut written = Vec::new();
    for &format in formats {
        written.extend(write_files(format, input, out_dir)?);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        write_atomic(&path, |w| w.write_all(b"one")).unwrap();
        let failed = write_atomic(&path, |w| {
            w.write_all(b"partial")?;
            Err(io::Error::other("interrupted"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn format_names_round_trip() {
        for f in ExportFormat::ALL {
            assert_eq!(ExportFormat::from_name(f.name()), Some(f));
        }
        assert_eq!(ExportFormat::parse_list("nt,ttl,ttl").unwrap(), vec![ExportFormat::Turtle, ExportFormat::NTriples]);
        assert!(!ExportFormat::defaults().contains(&ExportFormat::Svg));
        assert_eq!(ExportFormat::parse_list("all").unwrap().len(), ExportFormat::ALL.len());
        assert!(ExportFormat::parse_list("xlsx").unwrap_err().contains("xlsx"));
    }
}

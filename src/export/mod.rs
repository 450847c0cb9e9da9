//! Exports: writes the graph to files (Turtle, N-Quads, GraphViz DOT), each
//! written to a temporary file and renamed into place, so that an interrupted
//! run leaves the previous complete file.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, Quad};

use crate::error::GraphError;
use crate::graph::{KnowledgeGraph, NodeKind, Relation};

/// One export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExportFormat {
    Turtle,
    NQuads,
    Dot,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 3] = [ExportFormat::Turtle, ExportFormat::NQuads, ExportFormat::Dot];

    pub const fn name(self) -> &'static str {
        match self {
            ExportFormat::Turtle => "ttl",
            ExportFormat::NQuads => "nq",
            ExportFormat::Dot => "dot",
        }
    }

    pub const fn extension(self) -> &'static str {
        self.name()
    }

    pub const fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Turtle => "text/turtle",
            ExportFormat::NQuads => "application/n-quads",
            ExportFormat::Dot => "text/vnd.graphviz",
        }
    }

    pub fn from_name(name: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    /// `graph.<extension>`.
    pub fn file_name(self) -> String {
        format!("graph.{}", self.extension())
    }
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

fn serializer(format: RdfFormat, prefixes: &[(String, String)]) -> RdfSerializer {
    let mut s = RdfSerializer::from_format(format);
    for (prefix, iri) in prefixes {
        if let Ok(with) = s.clone().with_prefix(prefix, iri) {
            s = with;
        }
    }
    s
}

/// Turtle: the default graph (the union of all articles' facts).
pub fn write_turtle(quads: &[Quad], prefixes: &[(String, String)], out: &mut dyn Write) -> io::Result<()> {
    let mut w = serializer(RdfFormat::Turtle, prefixes).for_writer(out);
    for q in quads.iter().filter(|q| q.graph_name == GraphName::DefaultGraph) {
        w.serialize_triple(q.as_ref())?;
    }
    w.finish()?;
    Ok(())
}

/// N-Quads: the default graph and one named graph per article.
pub fn write_nquads(quads: &[Quad], out: &mut dyn Write) -> io::Result<()> {
    let mut w = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(out);
    for q in quads {
        w.serialize_quad(q.as_ref())?;
    }
    w.finish()?;
    Ok(())
}

/// Escapes a string for a double-quoted DOT id or label.
pub fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn dot_style(kind: &NodeKind) -> &'static str {
    match kind {
        NodeKind::Person => "shape=ellipse, style=filled, fillcolor=\"#cfe2f3\"",
        NodeKind::Organization | NodeKind::GovernmentOrganization => "shape=box, style=\"filled,rounded\", fillcolor=\"#fff2cc\"",
        NodeKind::Country => "shape=hexagon, style=filled, fillcolor=\"#d9ead3\"",
        NodeKind::Place => "shape=house, style=filled, fillcolor=\"#d9ead3\"",
        NodeKind::Meeting(_) => "shape=box, style=\"filled,bold\", fillcolor=\"#f4cccc\"",
        NodeKind::MeetingSeries(_) => "shape=box, style=dashed",
        NodeKind::Agreement(_) => "shape=note, style=filled, fillcolor=\"#ead1dc\"",
        NodeKind::Article => "shape=plaintext",
    }
}

/// GraphViz DOT: entities and their relations, without articles and mentions.
pub fn write_dot(kg: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "digraph newsgraph {{")?;
    writeln!(out, "  graph [rankdir=LR, fontname=\"Helvetica\", overlap=false];")?;
    writeln!(out, "  node [fontname=\"Helvetica\", fontsize=11];")?;
    writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];")?;
    let mut nodes: Vec<_> = kg.graph.node_indices().filter(|&i| kg.graph[i].kind != NodeKind::Article).collect();
    nodes.sort_by(|&a, &b| (kg.graph[a].kind.iri_segment(), &kg.graph[a].slug).cmp(&(kg.graph[b].kind.iri_segment(), &kg.graph[b].slug)));
    let id = |i: petgraph::graph::NodeIndex| format!("{}/{}", kg.graph[i].kind.iri_segment(), kg.graph[i].slug);
    for &i in &nodes {
        let n = &kg.graph[i];
        let mut label = n.name.clone();
        if let NodeKind::Meeting(_) = n.kind {
            if let Some(d) = n.values(crate::graph::Prop::StartDate).next() {
                label.push_str(&format!("\n{d}"));
            }
        }
        writeln!(out, "  \"{}\" [label=\"{}\", {}];", dot_escape(&id(i)), dot_escape(&label), dot_style(&n.kind))?;
    }
    let mut edges: Vec<(String, String, &'static str)> = kg
        .graph
        .edge_indices()
        .filter_map(|e| {
            let (a, b) = kg.graph.edge_endpoints(e)?;
            let relation = kg.graph[e].relation;
            if relation == Relation::Mentions || kg.graph[a].kind == NodeKind::Article {
                return None;
            }
            Some((id(a), id(b), relation.label()))
        })
        .collect();
    edges.sort();
    for (a, b, label) in edges {
        writeln!(out, "  \"{}\" -> \"{}\" [label=\"{}\"];", dot_escape(&a), dot_escape(&b), dot_escape(label))?;
    }
    writeln!(out, "}}")
}

/// Writes every format into `out_dir` (created if missing).
pub fn export_all(
    out_dir: &Path,
    kg: &KnowledgeGraph,
    quads: &[Quad],
    prefixes: &[(String, String)],
    formats: &[ExportFormat],
) -> Result<Vec<PathBuf>, GraphError> {
    fs::create_dir_all(out_dir).map_err(|source| GraphError::Io { path: out_dir.to_path_buf(), source })?;
    let mut written = Vec::new();
    for &format in formats {
        let path = out_dir.join(format.file_name());
        match format {
            ExportFormat::Turtle => write_atomic(&path, |w| write_turtle(quads, prefixes, w))?,
            ExportFormat::NQuads => write_atomic(&path, |w| write_nquads(quads, w))?,
            ExportFormat::Dot => write_atomic(&path, |w| write_dot(kg, w))?,
        }
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_dot_labels() {
        assert_eq!(dot_escape(r#"a "b" \c"#), r#"a \"b\" \\c"#);
        assert_eq!(dot_escape("x\ny"), "x\\ny");
    }

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
}

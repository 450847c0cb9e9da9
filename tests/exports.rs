//! Every export checked by an independent tool against the graph: rdflib reads
//! each RDF format (and answers a query as `newsgraph query` does), rapper
//! validates Turtle, N-Triples and RDF/XML, GraphViz renders the DOT without
//! warnings, networkx reads the GraphML, Python's csv module reads the Neo4j
//! files; and hostile labels go through every writer and come back unchanged.
//! A missing tool skips a check, except with CI=true, where it fails.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use newsgraph::export::{dot::picture_text, export_all, graphml::xml_text, view, ExportFormat, ExportInput};
use newsgraph::graph::{KnowledgeGraph, Node, NodeKind, Relation};
use newsgraph::rdf::{to_quads, IriScheme};
use newsgraph::Document;
use oxigraph::model::Quad;
use proptest::prelude::*;

use crate::util::*;

/// The Python with rdflib and networkx (see [`python_with`]).
fn python() -> Option<PathBuf> {
    python_with("rdflib, networkx")
}

/// Runs a Python script with arguments; returns its stdout, failing on error.
fn run_python(python: &Path, script: &str, args: &[&Path]) -> String {
    let out = Command::new(python).arg("-c").arg(script).args(args).output().expect("python runs");
    assert!(out.status.success(), "python failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The seeds exported in every format (svg too when `dot` is there).
fn seed_exports() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let formats = if have("dot", &["-V"]) { "all" } else { "default" };
    let out = run(&["extract", "seeds", "--out", dir.path().to_str().unwrap(), "--format", formats]);
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

fn seed_quads() -> Vec<Quad> {
    let (docs, extraction) = seeds();
    to_quads(&extraction.graph, &docs, &IriScheme::default())
}

const RDFLIB_COUNTS: &str = r#"
import sys, rdflib
for path in sys.argv[1:]:
    fmt = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld", "rdf": "xml"}[path.rsplit(".", 1)[1]]
    if fmt in ("nquads", "trig"):
        ds = rdflib.Dataset()
        ds.parse(path, format=fmt)
        print(path.rsplit(".", 1)[1], len(list(ds.quads((None, None, None, None)))), len(ds.default_context))
    else:
        g = rdflib.Graph()
        g.parse(path, format=fmt)
        print(path.rsplit(".", 1)[1], len(g), len(g))
"#;

#[test]
fn rdflib_reads_every_rdf_format_to_the_same_triples() {
    let Some(python) = python() else { return };
    let dir = seed_exports();
    let quads = seed_quads();
    let n_default = quads.iter().filter(|q| q.graph_name.is_default_graph()).count();
    let files: Vec<PathBuf> =
        ["ttl", "nt", "nq", "trig", "jsonld", "rdf"].iter().map(|e| dir.path().join(format!("graph.{e}"))).collect();
    let args: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let counts = run_python(&python, RDFLIB_COUNTS, &args);
    let expected: Vec<String> = ["ttl", "nt", "nq", "trig", "jsonld", "rdf"]
        .iter()
        .map(|e| match *e {
            "nq" | "trig" => format!("{e} {} {n_default}", quads.len()),
            _ => format!("{e} {n_default} {n_default}"),
        })
        .collect();
    eqnice!(counts.lines().map(String::from).collect::<Vec<_>>(), expected);
}

const RDFLIB_SAME_GRAPH: &str = r#"
import sys, rdflib
from rdflib.compare import isomorphic
nt = rdflib.Graph().parse(sys.argv[1], format="nt")
for path, fmt in [(sys.argv[2], "json-ld"), (sys.argv[3], "xml"), (sys.argv[4], "turtle")]:
    g = rdflib.Graph().parse(path, format=fmt)
    print(path.rsplit(".", 1)[1], isomorphic(nt, g), len(set(nt) ^ set(g)))
"#;

#[test]
fn jsonld_rdfxml_and_turtle_hold_exactly_the_ntriples_graph() {
    let Some(python) = python() else { return };
    let dir = seed_exports();
    let p = |e: &str| dir.path().join(format!("graph.{e}"));
    let out = run_python(&python, RDFLIB_SAME_GRAPH, &[&p("nt"), &p("jsonld"), &p("rdf"), &p("ttl")]);
    eqnice!(out, "jsonld True 0\nrdf True 0\nttl True 0\n".to_string());
}

/// Python that defines `default_graph(path)`: the default graph of an
/// export, read by rdflib in the format its extension names. Scripts that
/// use it are run as `format!("{RDFLIB_DEFAULT_GRAPH}{SCRIPT}")`.
const RDFLIB_DEFAULT_GRAPH: &str = r#"
import rdflib
def default_graph(path):
    fmt = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld", "rdf": "xml"}[path.rsplit(".", 1)[1]]
    if fmt in ("nquads", "trig"):
        ds = rdflib.Dataset()
        ds.parse(path, format=fmt)
        return ds.default_context
    return rdflib.Graph().parse(path, format=fmt)
"#;

const RDFLIB_QUERY: &str = r#"
import sys
query = open(sys.argv[1]).read()
for path in sys.argv[2:]:
    ext = path.rsplit(".", 1)[1]
    g = default_graph(path)
    rows = sorted("|".join(str(v) for v in row) for row in g.query(query))
    print(ext, ";".join(rows))
"#;

#[test]
fn rdflib_answers_the_shipped_queries_as_newsgraph_query_does() {
    let Some(python) = python() else { return };
    let dir = seed_exports();
    let exts = ["ttl", "nt", "nq", "trig", "jsonld", "rdf"];
    for query in ["queries/1-cochairs-11th-dialogue.rq", "queries/3-agreements-first-2plus2.rq"] {
        let ours = run(&[
            "query",
            "--graph",
            dir.path().join("graph.nq").to_str().unwrap(),
            &format!("@{query}"),
            "--format",
            "csv",
        ]);
        assert!(ours.status.success(), "{}", stderr(&ours));
        let mut rows: Vec<String> = stdout(&ours).lines().skip(1).map(|l| l.replace(',', "|")).collect();
        rows.sort();
        assert!(!rows.is_empty(), "{query} finds something");
        let files: Vec<PathBuf> = exts.iter().map(|e| dir.path().join(format!("graph.{e}"))).collect();
        let mut args: Vec<&Path> = vec![Path::new(query)];
        args.extend(files.iter().map(PathBuf::as_path));
        let out = Command::new(&python)
            .arg("-c")
            .arg(format!("{RDFLIB_DEFAULT_GRAPH}{RDFLIB_QUERY}"))
            .args(&args)
            .current_dir(repo())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let expected: Vec<String> = exts.iter().map(|e| format!("{e} {}", rows.join(";"))).collect();
        eqnice!(String::from_utf8_lossy(&out.stdout).lines().map(String::from).collect::<Vec<_>>(), expected);
    }
}

#[test]
fn rapper_validates_turtle_ntriples_and_rdfxml() {
    if !have("rapper", &["--version"]) {
        return;
    }
    let dir = seed_exports();
    let n_default = seed_quads().iter().filter(|q| q.graph_name.is_default_graph()).count();
    for (ext, syntax) in [("ttl", "turtle"), ("nt", "ntriples"), ("rdf", "rdfxml"), ("nq", "nquads")] {
        let path = dir.path().join(format!("graph.{ext}"));
        let out = Command::new("rapper").args(["-i", syntax, "-c"]).arg(&path).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "rapper rejects graph.{ext}: {err}");
        assert!(!err.contains("Warning") && !err.contains("Error"), "graph.{ext}: {err}");
        if ext != "nq" {
            assert!(err.contains(&format!("returned {n_default} triples")), "graph.{ext}: {err}");
        }
    }
}

#[test]
fn dot_renders_the_picture_without_warnings() {
    if !have("dot", &["-V"]) {
        return;
    }
    let dir = seed_exports();
    let out = Command::new("dot").arg("-Tsvg").arg(dir.path().join("graph.dot")).output().unwrap();
    assert!(out.status.success());
    eqnice!(String::from_utf8_lossy(&out.stderr).to_string(), String::new());
    assert_eq!(out.stdout, std::fs::read(dir.path().join("graph.svg")).unwrap(), "graph.svg is dot -Tsvg of graph.dot");
    let dot = std::fs::read_to_string(dir.path().join("graph.dot")).unwrap();
    for left_out in ["article/", "mention/", "\"mentions\"", "nationality"] {
        assert!(!dot.contains(left_out), "the picture leaves out {left_out}");
    }
    for role in ["chair", "attendee", "signatory", "party", "signed at"] {
        assert!(dot.contains(&format!("label=\"{role}\"")), "edges labelled {role}");
    }
    assert!(dot.contains("subgraph \"cluster_meeting/"), "meetings are grouped");
}

const NETWORKX_AND_CSV: &str = r#"
import sys, csv, networkx as nx
g = nx.read_graphml(sys.argv[1])
print("graphml", g.number_of_nodes(), g.number_of_edges())
ordinals = sorted(d["ordinal"] for _, d in g.nodes(data=True) if "ordinal" in d)
print("ordinal types", sorted({type(o).__name__ for o in ordinals}))
with open(sys.argv[2], newline="") as f:
    rows = list(csv.DictReader(f))
ids = {r["id:ID"] for r in rows}
with open(sys.argv[3], newline="") as f:
    rels = list(csv.DictReader(f))
missing = [r for r in rels if r[":START_ID"] not in ids or r[":END_ID"] not in ids]
print("neo4j", len(rows), len(rels), "missing", len(missing))
print("labels", all(r[":LABEL"] for r in rows), "types", all(r[":TYPE"] for r in rels))
"#;

#[test]
fn networkx_and_csv_see_the_property_graph() {
    let Some(python) = python() else { return };
    let dir = seed_exports();
    let view = view::build(&seed_quads(), newsgraph::rdf::vocab::DEFAULT_BASE);
    assert!(view.nodes.len() > 40 && view.edges.len() > 50, "{} nodes, {} edges", view.nodes.len(), view.edges.len());
    let p = |n: &str| dir.path().join(n);
    let out = run_python(&python, NETWORKX_AND_CSV, &[&p("graph.graphml"), &p("nodes.csv"), &p("relationships.csv")]);
    let (n, e) = (view.nodes.len(), view.edges.len());
    eqnice!(out, format!("graphml {n} {e}\nordinal types ['int']\nneo4j {n} {e} missing 0\nlabels True types True\n"));
    let header = std::fs::read_to_string(p("nodes.csv")).unwrap();
    assert!(header.starts_with("id:ID,:LABEL,"), "{}", &header[..80]);
    assert!(header.lines().next().unwrap().contains("ordinal:long"));
    let rels = std::fs::read_to_string(p("relationships.csv")).unwrap();
    assert!(rels.starts_with(":START_ID,:END_ID,:TYPE\n"));
    if have("xmllint", &["--version"]) {
        let out = Command::new("xmllint").arg("--noout").arg(p("graph.graphml")).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

/// `export` converts an export into each format with the very bytes
/// `extract` writes.
#[test]
fn export_converts_a_graph_file_byte_for_byte() {
    let dir = seed_exports();
    for source in ["graph.nq", "graph.trig"] {
        for format in ExportFormat::defaults() {
            if format == ExportFormat::Neo4j {
                let to = tempfile::tempdir().unwrap();
                let out = run(&[
                    "export",
                    "--graph",
                    dir.path().join(source).to_str().unwrap(),
                    "--format",
                    "neo4j",
                    "--out",
                    to.path().to_str().unwrap(),
                ]);
                assert!(out.status.success(), "{}", stderr(&out));
                for name in format.file_names() {
                    assert!(
                        std::fs::read(to.path().join(&name)).unwrap() == std::fs::read(dir.path().join(&name)).unwrap(),
                        "{name} from {source}"
                    );
                }
                continue;
            }
            let out = run(&["export", "--graph", dir.path().join(source).to_str().unwrap(), "--format", format.name()]);
            assert!(out.status.success(), "{}", stderr(&out));
            let expected = std::fs::read(dir.path().join(&format.file_names()[0])).unwrap();
            assert!(
                out.stdout == expected,
                "export --graph {source} --format {} differs from extract's",
                format.name()
            );
        }
    }
    let out = run(&["export", "--graph", dir.path().join("graph.nq").to_str().unwrap(), "--format", "xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("xlsx"));
    let out = run(&["extract", "seeds", "--out", dir.path().to_str().unwrap(), "--format", "ttl,xlsx"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn extract_writes_only_the_formats_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["extract", "seeds", "--out", dir.path().to_str().unwrap(), "--format", "nt,graphml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    eqnice!(names, vec!["graph.graphml".to_string(), "graph.nt".to_string()]);
}

// ---------------------------------------------------------------------------
// Hostile labels.

/// Pieces of hostile text: quotes, escapes, markup, braces, line breaks,
/// right-to-left text, combining marks, emoji, control characters.
const FRAGMENTS: &[&str] = &[
    "\"",
    "\"\"\"",
    "'",
    "'''",
    "\\",
    "\\\\",
    "\\n",
    "\\u0041",
    "{",
    "}",
    "{{",
    "<",
    ">",
    "</data>",
    "<![CDATA[",
    "]]>",
    "&",
    "&amp;",
    "\n",
    "\r\n",
    "\t",
    "#",
    "@en",
    ";",
    ",",
    "|",
    "$",
    "%",
    "מזכיר המדינה",
    "وزير الدفاع",
    "\u{202E}",
    "\u{200F}",
    "e\u{301}",
    "\u{0308}",
    "Hoàng Xuân Chiến",
    "Кано Кодзі",
    "👩🏽‍✈️",
    "🇻🇳",
    "\u{1}",
    "\u{7}",
    "\u{1B}[31m",
    "\u{7F}",
    "\u{85}",
    "\u{1F}",
    " ",
    "  ",
    "a",
    "Z",
    "_:b0",
    "<http://x>",
    "@id",
    "@type",
    "?x",
    "$1",
    "\u{FEFF}",
    "\u{FFFD}",
];

fn hostile_label() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 1..6).prop_map(|parts| format!("x{}", parts.concat()))
}

/// A small graph whose names and labels are the hostile texts: persons
/// attending a meeting, and an agreement signed there.
fn hostile_graph(labels: &[String]) -> (KnowledgeGraph, Vec<Document>) {
    let mut kg = KnowledgeGraph::default();
    let doc = Document { id: "hostile".into(), source_file: "hostile.txt".into(), text: "x".into() };
    let mut article = Node::new(NodeKind::Article, "hostile".into(), "hostile".into());
    article.docs.insert(0);
    kg.add_node(article);
    let mut meeting = Node::new(NodeKind::Meeting("Meeting".into()), "m".into(), labels[0].clone());
    meeting.docs.insert(0);
    let meeting = kg.add_node(meeting);
    let mut agreement =
        Node::new(NodeKind::Agreement("Agreement".into()), "a".into(), labels[labels.len() - 1].clone());
    agreement.docs.insert(0);
    let agreement = kg.add_node(agreement);
    kg.relate(agreement, Relation::SignedAt, meeting, [0]);
    for (i, label) in labels.iter().enumerate() {
        let mut person = Node::new(NodeKind::Person, format!("p{i:03}"), label.clone());
        person.docs.insert(0);
        person.labels.entry((label.clone(), "en".into())).or_default().insert(0);
        person.labels.entry((format!("{label}+"), String::new())).or_default().insert(0);
        let person = kg.add_node(person);
        kg.relate(meeting, if i == 0 { Relation::Chair } else { Relation::Attendee }, person, [0]);
        kg.relate(agreement, Relation::Signatory, person, [0]);
    }
    (kg, vec![doc])
}

const HOSTILE_RDFLIB: &str = r#"
import sys, json
from rdflib import URIRef
expected = json.load(open(sys.argv[1], encoding="utf-8"))
NAME, LABEL = URIRef("https://schema.org/name"), URIRef("http://www.w3.org/2000/01/rdf-schema#label")
for path in sys.argv[2:]:
    ext = path.rsplit(".", 1)[1]
    g = default_graph(path)
    names = sorted([str(s), str(o)] for s, o in g.subject_objects(NAME))
    labels = sorted([str(s), str(o), o.language or ""] for s, o in g.subject_objects(LABEL))
    want_names = sorted(expected["names"])
    want_labels = sorted(expected["labels"])
    if names != want_names or labels != want_labels:
        print(ext, "DIFFERS", json.dumps([n for n in names if n not in want_names][:3]), json.dumps([n for n in want_names if n not in names][:3]))
    else:
        print(ext, "ok")
"#;

const HOSTILE_GRAPH_TOOLS: &str = r#"
import sys, json, csv, networkx as nx
expected = json.load(open(sys.argv[1], encoding="utf-8"))
g = nx.read_graphml(sys.argv[2])
got = sorted([n, d["name"]] for n, d in g.nodes(data=True))
print("graphml", "ok" if got == sorted(expected["graphml"]) else "DIFFERS " + json.dumps([x for x in got if x not in expected["graphml"]][:3]))
with open(sys.argv[3], newline="", encoding="utf-8") as f:
    got = sorted([r["id:ID"], r["name"]] for r in csv.DictReader(f))
print("neo4j", "ok" if got == sorted(expected["csv"]) else "DIFFERS " + json.dumps([x for x in got if x not in expected["csv"]][:3]))
"#;

/// DOT labels as GraphViz reads them: `dot -Tjson`, escString sequences undone.
fn dot_labels(dot_file: &Path) -> BTreeMap<String, String> {
    let out = Command::new("dot").arg("-Tjson").arg(dot_file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    eqnice!(String::from_utf8_lossy(&out.stderr).to_string(), String::new());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let unescape = |s: &str| {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            match (c, c == '\\') {
                (_, true) => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some(c) => out.push(c),
                    None => out.push('\\'),
                },
                (c, false) => out.push(c),
            }
        }
        out
    };
    let mut labels = BTreeMap::new();
    for o in json["objects"].as_array().into_iter().flatten() {
        if let (Some(name), Some(label)) = (o["name"].as_str(), o["label"].as_str()) {
            if !name.starts_with("cluster_") {
                labels.insert(unescape(name), unescape(label));
            }
        }
    }
    labels
}

fn check_hostile(labels: &[String]) {
    let python = python();
    let (kg, docs) = hostile_graph(labels);
    let scheme = IriScheme::default();
    let quads = to_quads(&kg, &docs, &scheme);
    let prefixes = scheme.prefixes();
    let input = ExportInput { quads: &quads, prefixes: &prefixes, base: &scheme.base };
    let dir = tempfile::tempdir().unwrap();
    let formats: Vec<ExportFormat> =
        ExportFormat::defaults().into_iter().filter(|f| *f != ExportFormat::RdfXml).collect();
    export_all(dir.path(), input, &formats).unwrap();
    // RDF/XML cannot hold control characters: it refuses them, and takes the
    // labels without them.
    let xml_safe = |s: &String| s.chars().all(newsgraph::export::rdf::xml_safe);
    if !labels.iter().all(xml_safe) {
        assert!(export_all(dir.path(), input, &[ExportFormat::RdfXml]).is_err());
    }
    let safe_labels: Vec<String> =
        labels.iter().map(|l| l.chars().filter(|&c| newsgraph::export::rdf::xml_safe(c)).collect()).collect();
    let (safe_kg, _) = hostile_graph(&safe_labels);
    let safe_quads = to_quads(&safe_kg, &docs, &scheme);
    let xml_dir = tempfile::tempdir().unwrap();
    let safe_input = ExportInput { quads: &safe_quads, prefixes: &prefixes, base: &scheme.base };
    export_all(xml_dir.path(), safe_input, &[ExportFormat::RdfXml]).unwrap();

    let base = &scheme.base;
    let mut names: Vec<(String, String)> = vec![(format!("{base}meeting/m"), labels[0].clone())];
    names.push((format!("{base}agreement/a"), labels[labels.len() - 1].clone()));
    names.push((format!("{base}article/hostile"), "hostile".into()));
    let mut rdf_labels = Vec::new();
    for (i, l) in labels.iter().enumerate() {
        let iri = format!("{base}person/p{i:03}");
        names.push((iri.clone(), l.clone()));
        rdf_labels.push(vec![iri.clone(), l.clone(), "en".into()]);
        rdf_labels.push(vec![iri, format!("{l}+"), String::new()]);
    }
    let view_names = |names: &[(String, String)], f: &dyn Fn(&str) -> String| -> Vec<Vec<String>> {
        names
            .iter()
            .filter(|(iri, _)| !iri.contains("/article/"))
            .map(|(iri, n)| vec![iri[base.len()..].to_string(), f(n)])
            .collect()
    };
    let expected = serde_json::json!({
        "names": names.iter().map(|(i, n)| vec![i.clone(), n.clone()]).collect::<Vec<_>>(),
        "labels": rdf_labels,
        "graphml": view_names(&names, &|n| xml_text(n)),
        "csv": view_names(&names, &|n| n.to_string()),
    });
    let expected_path = dir.path().join("expected.json");
    std::fs::write(&expected_path, serde_json::to_vec(&expected).unwrap()).unwrap();

    if let Some(python) = &python {
        let files: Vec<PathBuf> =
            ["ttl", "nt", "nq", "trig", "jsonld"].iter().map(|e| dir.path().join(format!("graph.{e}"))).collect();
        let mut args: Vec<&Path> = vec![&expected_path];
        args.extend(files.iter().map(PathBuf::as_path));
        let out = run_python(python, &format!("{RDFLIB_DEFAULT_GRAPH}{HOSTILE_RDFLIB}"), &args);
        eqnice!(out, "ttl ok\nnt ok\nnq ok\ntrig ok\njsonld ok\n".to_string());
        // RDF/XML with the labels XML can hold.
        let mut safe_names: Vec<Vec<String>> = Vec::new();
        let mut safe_rdf_labels = Vec::new();
        for (iri, n) in &names {
            safe_names.push(vec![iri.clone(), n.chars().filter(|&c| newsgraph::export::rdf::xml_safe(c)).collect()]);
        }
        for (i, l) in safe_labels.iter().enumerate() {
            let iri = format!("{base}person/p{i:03}");
            safe_rdf_labels.push(vec![iri.clone(), l.clone(), "en".into()]);
            safe_rdf_labels.push(vec![iri, format!("{l}+"), String::new()]);
        }
        let safe_expected = xml_dir.path().join("expected.json");
        std::fs::write(
            &safe_expected,
            serde_json::to_vec(&serde_json::json!({"names": safe_names, "labels": safe_rdf_labels})).unwrap(),
        )
        .unwrap();
        let out = run_python(
            python,
            &format!("{RDFLIB_DEFAULT_GRAPH}{HOSTILE_RDFLIB}"),
            &[&safe_expected, &xml_dir.path().join("graph.rdf")],
        );
        eqnice!(out, "rdf ok\n".to_string());
        let out = run_python(
            python,
            HOSTILE_GRAPH_TOOLS,
            &[&expected_path, &dir.path().join("graph.graphml"), &dir.path().join("nodes.csv")],
        );
        eqnice!(out, "graphml ok\nneo4j ok\n".to_string());
    }
    if have("rapper", &["--version"]) {
        for (path, syntax) in [
            (dir.path().join("graph.ttl"), "turtle"),
            (dir.path().join("graph.nt"), "ntriples"),
            (xml_dir.path().join("graph.rdf"), "rdfxml"),
        ] {
            let out = Command::new("rapper").args(["-q", "-i", syntax, "-c"]).arg(&path).output().unwrap();
            assert!(
                out.status.success(),
                "rapper rejects {}: {}",
                path.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    if have("dot", &["-V"]) {
        let got = dot_labels(&dir.path().join("graph.dot"));
        for (iri, name) in &names {
            let id = &iri[base.len()..];
            if id.starts_with("article/") {
                continue;
            }
            let label = got.get(id).unwrap_or_else(|| panic!("{id} not in the picture"));
            let shown = picture_text(name);
            assert!(label.starts_with(&shown), "{id}: {label:?} does not show {shown:?}");
        }
        let svg = Command::new("dot").arg("-Tsvg").arg(dir.path().join("graph.dot")).output().unwrap();
        assert!(svg.status.success() && svg.stderr.is_empty(), "{}", String::from_utf8_lossy(&svg.stderr));
        if have("xmllint", &["--version"]) {
            let mut lint = Command::new("xmllint")
                .args(["--noout", "-"])
                .stdin(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            std::io::Write::write_all(&mut lint.stdin.take().unwrap(), &svg.stdout).unwrap();
            let out = lint.wait_with_output().unwrap();
            assert!(out.status.success(), "the SVG is not well-formed XML: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
}

#[test]
fn every_fragment_survives_every_writer() {
    let labels: Vec<String> = FRAGMENTS.iter().map(|f| format!("x{f}")).collect();
    check_hostile(&labels);
}

proptest! {
    // Each case runs the outside tools once on a batch of labels.
    #![proptest_config(ProptestConfig { cases: 4, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn hostile_labels_survive_every_writer(labels in prop::collection::vec(hostile_label(), 20..40)) {
        check_hostile(&labels);
    }
}

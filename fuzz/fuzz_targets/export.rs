//! Fuzzes every exporter on arbitrary labels: names, surface forms, language
//! tags, literal values and mention anchors taken from the input go through
//! the library's graph-to-quads step and every writer. The RDF formats must
//! parse back to the same quads; the others must be written without error.

#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use newsgraph::export::rdf::xml_safe;
use newsgraph::export::{neo4j, view, write_format, ExportFormat, ExportInput};
use newsgraph::graph::{slugify, KnowledgeGraph, MentionRecord, Node, NodeKind, Prop, Relation, Value};
use newsgraph::rdf::{to_quads, IriScheme};
use newsgraph::span::Span;
use newsgraph::Document;
use oxigraph::io::RdfParser;
use oxigraph::model::{GraphName, Quad};

const KINDS: [fn(&str) -> NodeKind; 6] = [
    |_| NodeKind::Person,
    |_| NodeKind::GovernmentOrganization,
    |_| NodeKind::Country,
    |_| NodeKind::Place,
    |c| NodeKind::Meeting(c.to_string()),
    |c| NodeKind::Agreement(c.to_string()),
];

/// A graph whose every label comes from `labels`.
fn graph(labels: &[&str]) -> (KnowledgeGraph, Document) {
    let mut kg = KnowledgeGraph::default();
    let article = kg.add_node(Node::new(NodeKind::Article, "a".into(), "article".into()));
    kg.graph[article].docs.insert(0);
    let document = Document { id: "a".into(), source_file: labels[0].to_string(), text: labels.join(" ") };
    let mut offset = 0;
    let mut previous = None;
    for (i, label) in labels.iter().enumerate() {
        let is_class = label.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && label.chars().all(|c| c.is_ascii_alphanumeric());
        let class = if is_class { label } else { "Meeting" };
        let mut node = Node::new(KINDS[i % KINDS.len()](class), format!("{}-{i}", slugify(label)), label.to_string());
        node.docs.insert(0);
        let tag = labels.get(i + 1).copied().unwrap_or("");
        node.labels.entry((label.to_string(), tag.to_string())).or_default().insert(0);
        node.labels.entry((label.to_string(), String::new())).or_default().insert(0);
        node.add(Prop::JobTitle, Value::Text(label.to_string()), [0]);
        node.add(Prop::Ordinal, Value::Int(label.len() as i64 - 3), [0]);
        let index = kg.add_node(node);
        kg.relate(article, Relation::Mentions, index, [0]);
        if let Some(previous) = previous {
            kg.relate(previous, Relation::WorksFor, index, [0]);
        }
        kg.mentions.push(MentionRecord {
            doc: 0,
            span: Span::new(offset, offset + label.len()),
            anchor: label.to_string(),
            rule: label.to_string(),
            node: index,
        });
        offset += label.len() + 1;
        previous = Some(index);
    }
    (kg, document)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let labels: Vec<&str> = text.split('\u{1}').collect();
    let (kg, document) = graph(&labels);
    let scheme = IriScheme::default();
    let quads = to_quads(&kg, std::slice::from_ref(&document), &scheme);
    let prefixes = scheme.prefixes();
    let input = ExportInput { quads: &quads, prefixes: &prefixes, base: &scheme.base };
    let all: HashSet<Quad> = quads.iter().cloned().collect();
    let default: HashSet<Quad> = quads.iter().filter(|q| q.graph_name == GraphName::DefaultGraph).cloned().collect();
    for format in ExportFormat::ALL {
        if matches!(format, ExportFormat::Svg | ExportFormat::Neo4j) {
            continue;
        }
        let mut bytes = Vec::new();
        if let Err(e) = write_format(format, input, &mut bytes) {
            // RDF/XML refuses the characters XML 1.0 cannot hold rather than lose them.
            assert!(format == ExportFormat::RdfXml && text.chars().any(|c| !xml_safe(c)), "{}: {e}", format.name());
            continue;
        }
        let Some(rdf_format) = format.rdf_format() else {
            assert!(std::str::from_utf8(&bytes).is_ok(), "{} is not UTF-8", format.name());
            continue;
        };
        let parsed: HashSet<Quad> = RdfParser::from_format(rdf_format)
            .with_base_iri(&scheme.base)
            .unwrap()
            .for_slice(&bytes)
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| {
                panic!("{} does not parse back: {e}\n{}", format.name(), String::from_utf8_lossy(&bytes))
            });
        // N-Quads and TriG hold every graph; the others the default graph only.
        let datasets = matches!(format, ExportFormat::NQuads | ExportFormat::TriG);
        let expected = if datasets { &all } else { &default };
        assert!(parsed == *expected, "{} does not give back the same quads", format.name());
    }
    let view = view::build(&quads, &scheme.base);
    neo4j::write_nodes(&view, &mut Vec::new()).unwrap();
    neo4j::write_relationships(&view, &mut Vec::new()).unwrap();
});

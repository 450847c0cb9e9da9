//! GraphML for Gephi, yEd, Cytoscape and networkx: the property-graph view
//! with typed attributes declared in `<key>` elements first. Node attributes:
//! `label` (the name, which Gephi shows), `kind`, `iri`, `classes` and one per
//! literal property (`name`, `labels`, `startDate`, `ordinal` as a long, ...);
//! a property with several values on some node is a JSON array of texts,
//! language-tagged ones as `text@lang`. Edge attribute: `relation`, also as
//! `label`. Text is XML-escaped here; characters XML 1.0 cannot hold are
//! dropped.

use std::io::{self, Write};

use super::view::{prop_text, PropType, PropertyGraph};

/// Escapes a text for XML content and attribute values. Tabs, line feeds and
/// carriage returns are written as character references so that they read
/// back unchanged; characters XML 1.0 forbids are dropped.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// What GraphML (XML 1.0) keeps of a text.
pub fn xml_text(text: &str) -> String {
    text.chars().filter(|&c| xml_char(c)).collect()
}

fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn type_name(ty: PropType) -> &'static str {
    match ty {
        PropType::Int => "long",
        PropType::Bool => "boolean",
        PropType::Text => "string",
    }
}

/// Writes the view as GraphML.
pub fn write_graphml(view: &PropertyGraph, out: &mut dyn Write) -> io::Result<()> {
    let keys = view.prop_keys();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">"
    )?;
    let fixed = [("label", "label"), ("kind", "kind"), ("iri", "iri"), ("classes", "classes")];
    for (id, name) in fixed {
        writeln!(out, "  <key id=\"n_{id}\" for=\"node\" attr.name=\"{name}\" attr.type=\"string\"/>")?;
    }
    for key in &keys {
        let ty = if key.multi { PropType::Text } else { key.ty };
        writeln!(
            out,
            "  <key id=\"n_p_{0}\" for=\"node\" attr.name=\"{0}\" attr.type=\"{1}\"/>",
            xml_escape(&key.name),
            type_name(ty)
        )?;
    }
    writeln!(out, "  <key id=\"e_relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>")?;
    writeln!(out, "  <key id=\"e_label\" for=\"edge\" attr.name=\"label\" attr.type=\"string\"/>")?;
    writeln!(out, "  <graph id=\"newsgraph\" edgedefault=\"directed\">")?;
    for n in &view.nodes {
        writeln!(out, "    <node id=\"{}\">", xml_escape(&n.id))?;
        for (key, value) in [
            ("label", &n.name),
            ("kind", &n.kind.name().to_string()),
            ("iri", &n.iri),
            ("classes", &n.classes.join(" ")),
        ] {
            writeln!(out, "      <data key=\"n_{key}\">{}</data>", xml_escape(value))?;
        }
        for key in &keys {
            let values = n.values(&key.name);
            if values.is_empty() {
                continue;
            }
            writeln!(
                out,
                "      <data key=\"n_p_{}\">{}</data>",
                xml_escape(&key.name),
                xml_escape(&prop_text(values, key))
            )?;
        }
        writeln!(out, "    </node>")?;
    }
    for (i, e) in view.edges.iter().enumerate() {
        writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\">",
            xml_escape(&view.nodes[e.source].id),
            xml_escape(&view.nodes[e.target].id)
        )?;
        writeln!(out, "      <data key=\"e_relation\">{}</data>", xml_escape(&e.relation))?;
        writeln!(out, "      <data key=\"e_label\">{}</data>", xml_escape(&e.relation))?;
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}

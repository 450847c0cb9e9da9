//! GraphViz DOT: the picture of who met whom and what was signed. Each kind of
//! node has its own shape and colour, edges are labelled by role, and each
//! meeting is drawn as a box holding the meeting, the people who took part in
//! it only and the agreements signed at it. Articles, mentions, nationality
//! and other background relations are left out of the picture (a person's
//! nationality and an organization's country are written under its name). Every label is escaped here.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use super::view::{Kind, PropertyGraph, Value};

/// The relations drawn, with their labels, in the order of the legend.
const DRAWN: [(&str, &str); 9] = [
    ("chair", "chair"),
    ("attendee", "attendee"),
    ("signatory", "signatory"),
    ("party", "party"),
    ("signedAt", "signed at"),
    ("location", "held in"),
    ("series", "series"),
    ("worksFor", "works for"),
    ("memberOf", "member of"),
];

/// What a label shows of a text: line feeds break lines, tabs and carriage
/// returns become spaces, other control characters (which SVG cannot hold)
/// become U+FFFD.
pub fn picture_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' => '\n',
            '\t' | '\r' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Escapes a text for a double-quoted DOT string (an escString for labels):
/// `\` and `"` are escaped and a line feed becomes `\n`, after
/// [`picture_text`].
pub fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in picture_text(text).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

fn style(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "shape=ellipse, style=filled, fillcolor=\"#cfe2f3\", color=\"#3d85c6\"",
        Kind::Organization | Kind::GovernmentOrganization => {
            "shape=box, style=\"filled,rounded\", fillcolor=\"#fff2cc\", color=\"#bf9000\""
        }
        Kind::Country => "shape=hexagon, style=filled, fillcolor=\"#d9ead3\", color=\"#38761d\"",
        Kind::Place => "shape=house, style=filled, fillcolor=\"#d9ead3\", color=\"#38761d\"",
        Kind::Meeting => "shape=box, style=\"filled,bold\", fillcolor=\"#f4cccc\", color=\"#cc0000\"",
        Kind::MeetingSeries => "shape=box, style=\"dashed,rounded\", color=\"#999999\", fontcolor=\"#666666\"",
        Kind::Agreement => "shape=note, style=filled, fillcolor=\"#ead1dc\", color=\"#a64d79\"",
    }
}

fn edge_style(relation: &str) -> &'static str {
    match relation {
        "chair" => ", color=\"#cc0000\", fontcolor=\"#cc0000\", penwidth=2",
        "attendee" => ", color=\"#3d85c6\", fontcolor=\"#3d85c6\"",
        "signatory" | "party" | "signedAt" => ", color=\"#a64d79\", fontcolor=\"#a64d79\"",
        _ => ", color=\"#999999\", fontcolor=\"#666666\", style=dashed",
    }
}

fn first_text(values: &[Value]) -> Option<String> {
    values.first().map(Value::text)
}

/// Writes the picture.
pub fn write_dot(view: &PropertyGraph, out: &mut dyn Write) -> io::Result<()> {
    let labels: BTreeMap<&str, &str> = DRAWN.into_iter().collect();
    // A chair also attends: the chair edge says both.
    let chairs: BTreeSet<(usize, usize)> =
        view.edges.iter().filter(|e| e.relation == "chair").map(|e| (e.source, e.target)).collect();
    let edges: Vec<_> = view
        .edges
        .iter()
        .filter(|e| labels.contains_key(e.relation.as_str()))
        .filter(|e| !(e.relation == "attendee" && chairs.contains(&(e.source, e.target))))
        .collect();
    let mut linked: BTreeSet<usize> = BTreeSet::new();
    for e in &edges {
        linked.insert(e.source);
        linked.insert(e.target);
    }
    // A person or agreement linked to one meeting only is drawn inside it.
    let mut meetings_of: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for e in &edges {
        let (s, t) = (&view.nodes[e.source], &view.nodes[e.target]);
        match (s.kind, t.kind) {
            (Kind::Meeting, Kind::Person) => meetings_of.entry(e.target).or_default().insert(e.source),
            (Kind::Agreement, Kind::Meeting) => meetings_of.entry(e.source).or_default().insert(e.target),
            _ => false,
        };
    }
    let mut cluster: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (node, meetings) in &meetings_of {
        if meetings.len() == 1 {
            cluster.entry(*meetings.iter().next().unwrap_or(node)).or_default().push(*node);
        }
    }
    let in_cluster: BTreeSet<usize> = cluster.values().flatten().copied().collect();
    // Nationality as a line under the name; countries drawn only when linked.
    let mut nationality: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for e in view.edges.iter().filter(|e| e.relation == "nationality" || e.relation == "country") {
        nationality.entry(e.source).or_default().push(&view.nodes[e.target].name);
    }

    writeln!(out, "digraph newsgraph {{")?;
    writeln!(
        out,
        "  graph [rankdir=LR, fontname=\"Helvetica\", nodesep=0.25, ranksep=0.9, newrank=true, \
         label=\"newsgraph: who met whom and what was signed\", labelloc=t, fontsize=18];"
    )?;
    writeln!(out, "  node [fontname=\"Helvetica\", fontsize=11, margin=\"0.12,0.06\"];")?;
    writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.7];")?;
    let node_line = |i: usize| -> String {
        let n = &view.nodes[i];
        let mut label = n.name.clone();
        match n.kind {
            Kind::Meeting => {
                if let Some(d) = first_text(n.values("startDate")) {
                    label.push('\n');
                    label.push_str(&d);
                }
            }
            Kind::Agreement => {
                if let Some(d) = first_text(n.values("signedOn")) {
                    label.push('\n');
                    label.push_str(&d);
                }
            }
            Kind::Person | Kind::Organization | Kind::GovernmentOrganization => {
                if let Some(countries) = nationality.get(&i) {
                    label.push('\n');
                    label.push_str(&countries.join(", "));
                }
            }
            _ => {}
        }
        format!("\"{}\" [label=\"{}\", {}];", dot_escape(&n.id), dot_escape(&label), style(n.kind))
    };
    for (&meeting, members) in &cluster {
        writeln!(out, "  subgraph \"cluster_{}\" {{", dot_escape(&view.nodes[meeting].id))?;
        writeln!(out, "    graph [label=\"\", style=\"rounded,filled\", fillcolor=\"#fdf3f3\", color=\"#e6b8b8\"];")?;
        writeln!(out, "    {}", node_line(meeting))?;
        for &m in members {
            writeln!(out, "    {}", node_line(m))?;
        }
        writeln!(out, "  }}")?;
    }
    for i in 0..view.nodes.len() {
        let n = &view.nodes[i];
        if cluster.contains_key(&i) || in_cluster.contains(&i) {
            continue;
        }
        // Unlinked nodes would float around the picture; countries are
        // named under their people.
        if !linked.contains(&i) && n.kind != Kind::Meeting && n.kind != Kind::Agreement {
            continue;
        }
        writeln!(out, "  {}", node_line(i))?;
    }
    for e in edges {
        writeln!(
            out,
            "  \"{}\" -> \"{}\" [label=\"{}\"{}];",
            dot_escape(&view.nodes[e.source].id),
            dot_escape(&view.nodes[e.target].id),
            dot_escape(labels[e.relation.as_str()]),
            edge_style(&e.relation)
        )?;
    }
    writeln!(out, "}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_dot_labels() {
        assert_eq!(dot_escape(r#"a "b" \c"#), r#"a \"b\" \\c"#);
        assert_eq!(dot_escape("x\ny"), "x\\ny");
        assert_eq!(dot_escape("a\tb\u{1}"), "a b\u{FFFD}");
        assert_eq!(dot_escape("<{x}>"), "<{x}>");
    }
}

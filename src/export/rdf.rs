//! The RDF exports, all written by oxigraph's serializers: Turtle, N-Triples
//! and RDF/XML hold the default graph (the union of the articles' facts);
//! N-Quads and TriG hold it and one named graph per article. JSON-LD holds the
//! default graph: oxigraph writes it expanded, and [`write_jsonld`] then
//! compacts that JSON with a context of plain terms (`name`, `attendee`,
//! `Person`) so that people who do not know RDF can read it.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, Quad, Term};
use serde_json::{Map, Value as Json};

use super::view::local_name;
use crate::rdf::vocab::{RDF, XSD};

fn serializer(format: RdfFormat, prefixes: &[(String, String)]) -> RdfSerializer {
    let mut s = RdfSerializer::from_format(format);
    for (prefix, iri) in prefixes {
        if let Ok(with) = s.clone().with_prefix(prefix, iri) {
            s = with;
        }
    }
    s
}

fn default_graph(quads: &[Quad]) -> impl Iterator<Item = &Quad> {
    quads.iter().filter(|q| q.graph_name == GraphName::DefaultGraph)
}

/// Writes the default graph in a triple format (Turtle, N-Triples, RDF/XML).
pub fn write_triples(
    format: RdfFormat,
    quads: &[Quad],
    prefixes: &[(String, String)],
    out: &mut dyn Write,
) -> io::Result<()> {
    if format == RdfFormat::RdfXml {
        check_xml_text(quads)?;
    }
    let mut w = serializer(format, prefixes).for_writer(out);
    for q in default_graph(quads) {
        w.serialize_triple(q.as_ref())?;
    }
    w.finish()?;
    Ok(())
}

/// Writes every quad in a dataset format (N-Quads, TriG).
pub fn write_quads(
    format: RdfFormat,
    quads: &[Quad],
    prefixes: &[(String, String)],
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = serializer(format, prefixes).for_writer(out);
    for q in quads {
        w.serialize_quad(q.as_ref())?;
    }
    w.finish()?;
    Ok(())
}

/// XML 1.0 cannot hold most control characters, not even as character
/// references, and turns a carriage return into a line feed: RDF/XML would
/// lose them, so a literal holding one is refused rather than written wrong.
fn check_xml_text(quads: &[Quad]) -> io::Result<()> {
    for q in default_graph(quads) {
        if let Term::Literal(l) = &q.object {
            if let Some(c) = l.value().chars().find(|&c| !xml_safe(c)) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("RDF/XML cannot hold the character U+{:04X} of the literal {l}", c as u32),
                ));
            }
        }
    }
    Ok(())
}

/// Characters XML 1.0 keeps as they are (no carriage return: parsers turn it
/// into a line feed).
pub fn xml_safe(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// JSON-LD: the default graph, compacted with newsgraph's context.
pub fn write_jsonld(quads: &[Quad], prefixes: &[(String, String)], base: &str, out: &mut dyn Write) -> io::Result<()> {
    let mut expanded = Vec::new();
    let mut w =
        RdfSerializer::from_format(RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() }).for_writer(&mut expanded);
    for q in default_graph(quads) {
        w.serialize_quad(q.as_ref())?;
    }
    w.finish()?;
    let expanded: Json = serde_json::from_slice(&expanded).map_err(io::Error::other)?;
    let nodes = match expanded {
        Json::Array(nodes) => nodes,
        Json::Object(mut o) => match o.remove("@graph") {
            Some(Json::Array(nodes)) => nodes,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let compacted = Compactor::new(&nodes, prefixes, base).compact(nodes);
    serde_json::to_writer_pretty(&mut *out, &compacted).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// How a predicate's values are written under its term.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// IRIs only: `"@type": "@id"`, values are (relative) IRI strings.
    Iris,
    /// Plain strings only.
    Strings,
    /// Language-tagged strings only: a language map.
    Languages,
    /// Canonical integers only: JSON numbers.
    Integers,
    /// Booleans only: JSON booleans.
    Booleans,
    /// One other datatype: `"@type": datatype`, values are strings.
    Typed(String),
    /// Anything else: value objects as oxigraph wrote them.
    Mixed,
}

struct Compactor {
    base: String,
    prefixes: Vec<(String, String)>,
    /// Predicate IRI → (key, shape).
    terms: BTreeMap<String, (String, Shape)>,
    /// Class IRI → term.
    classes: BTreeMap<String, String>,
}

const RDF_TYPE_LOCAL: &str = "type";

fn shape_of(value: &Json) -> Shape {
    let Some(o) = value.as_object() else { return Shape::Mixed };
    if o.contains_key("@id") {
        return Shape::Iris;
    }
    let text = o.get("@value").and_then(Json::as_str).unwrap_or_default();
    if o.contains_key("@language") {
        return Shape::Languages;
    }
    match o.get("@type").and_then(Json::as_str) {
        None => Shape::Strings,
        Some(t) if t == format!("{XSD}integer") && text.parse::<i64>().is_ok_and(|i| i.to_string() == text) => {
            Shape::Integers
        }
        Some(t) if t == format!("{XSD}boolean") && (text == "true" || text == "false") => Shape::Booleans,
        Some(t) => Shape::Typed(t.to_string()),
    }
}

impl Compactor {
    fn new(nodes: &[Json], prefixes: &[(String, String)], base: &str) -> Compactor {
        let rdf_type = format!("{RDF}type");
        let mut shapes: BTreeMap<String, Option<Shape>> = BTreeMap::new();
        let mut class_iris = BTreeSet::new();
        for node in nodes.iter().filter_map(Json::as_object) {
            for (key, values) in node {
                if key.starts_with('@') {
                    continue;
                }
                for v in values.as_array().into_iter().flatten() {
                    if *key == rdf_type {
                        if let Some(c) = v.get("@id").and_then(Json::as_str) {
                            class_iris.insert(c.to_string());
                        }
                        continue;
                    }
                    let s = shape_of(v);
                    let entry = shapes.entry(key.clone()).or_insert(Some(s.clone()));
                    if entry.as_ref() != Some(&s) {
                        *entry = Some(Shape::Mixed);
                    }
                }
            }
        }
        // The instance prefixes (`person:`) are left to `@base`: their names
        // would take terms such as `country` and `series`.
        let prefixes: Vec<(String, String)> =
            prefixes.iter().filter(|(_, ns)| base.is_empty() || !ns.starts_with(base)).cloned().collect();
        let mut compactor = Compactor {
            base: base.to_string(),
            prefixes: prefixes.clone(),
            terms: BTreeMap::new(),
            classes: BTreeMap::new(),
        };
        let mut used: BTreeSet<String> = ["id", RDF_TYPE_LOCAL]
            .into_iter()
            .map(String::from)
            .chain(prefixes.iter().map(|(p, _)| p.clone()))
            .collect();
        for (iri, shape) in shapes {
            let local = local_name(&iri).to_string();
            let (key, shape) = if is_term(&local) && used.insert(local.clone()) {
                (local, shape.unwrap_or(Shape::Mixed))
            } else {
                // No term definition: the values keep their full form.
                (compactor.compact_iri(&iri), Shape::Mixed)
            };
            compactor.terms.insert(iri, (key, shape));
        }
        for iri in class_iris {
            let local = local_name(&iri).to_string();
            let term = if is_term(&local) && used.insert(local.clone()) { local } else { compactor.compact_iri(&iri) };
            compactor.classes.insert(iri, term);
        }
        compactor
    }

    /// `prefix:local` when a prefix fits, else the IRI.
    fn compact_iri(&self, iri: &str) -> String {
        for (prefix, ns) in &self.prefixes {
            if let Some(local) = iri.strip_prefix(ns.as_str()) {
                if !local.is_empty() && !local.starts_with("//") && is_term(local) {
                    return format!("{prefix}:{local}");
                }
            }
        }
        iri.to_string()
    }

    /// An `@id` relative to the base when that reads back the same.
    fn relative(&self, iri: &str) -> String {
        match iri.strip_prefix(self.base.as_str()) {
            Some(rest)
                if !self.base.is_empty()
                    && !rest.is_empty()
                    && !rest.contains(':')
                    && !rest.starts_with(['/', '?', '#', '@', '.'])
                    && !rest.split('/').any(|s| s == "." || s == "..") =>
            {
                rest.to_string()
            }
            _ => iri.to_string(),
        }
    }

    fn context(&self) -> Ordered {
        let mut c: Vec<(String, Ordered)> = Vec::new();
        c.push(("@base".into(), Json::String(self.base.clone()).into()));
        for (prefix, ns) in &self.prefixes {
            c.push((prefix.clone(), Json::String(ns.clone()).into()));
        }
        c.push(("id".into(), Json::String("@id".into()).into()));
        c.push((RDF_TYPE_LOCAL.into(), Json::String("@type".into()).into()));
        for (iri, term) in &self.classes {
            if !term.contains(':') {
                c.push((term.clone(), Json::String(self.compact_iri(iri)).into()));
            }
        }
        for (iri, (key, shape)) in &self.terms {
            if key.contains(':') {
                continue;
            }
            let id = Json::String(self.compact_iri(iri));
            let definition = match shape {
                Shape::Iris => serde_json::json!({"@id": id, "@type": "@id"}),
                Shape::Languages => serde_json::json!({"@id": id, "@container": "@language"}),
                Shape::Typed(t) => serde_json::json!({"@id": id, "@type": self.compact_iri(t)}),
                Shape::Strings | Shape::Integers | Shape::Booleans | Shape::Mixed => id,
            };
            c.push((key.clone(), definition.into()));
        }
        Ordered::Object(c)
    }

    fn compact_value(&self, shape: &Shape, value: Json) -> Json {
        let text = |v: &Json| v.get("@value").and_then(Json::as_str).unwrap_or_default().to_string();
        match shape {
            Shape::Iris => Json::String(self.relative(value.get("@id").and_then(Json::as_str).unwrap_or_default())),
            Shape::Strings | Shape::Typed(_) => Json::String(text(&value)),
            Shape::Integers => text(&value).parse::<i64>().map(Json::from).unwrap_or(value),
            Shape::Booleans => Json::Bool(text(&value) == "true"),
            Shape::Languages => value,
            Shape::Mixed => {
                let mut o = value.as_object().cloned().unwrap_or_default();
                if let Some(Json::String(id)) = o.get("@id") {
                    let id = self.relative(id);
                    o.insert("@id".into(), Json::String(id));
                }
                if let Some(Json::String(t)) = o.get("@type") {
                    let t = self.compact_iri(t);
                    o.insert("@type".into(), Json::String(t));
                }
                Json::Object(o)
            }
        }
    }

    fn compact(&self, nodes: Vec<Json>) -> Ordered {
        let rdf_type = format!("{RDF}type");
        // One object per subject, in the order oxigraph wrote them.
        let mut by_id: Vec<(String, Map<String, Json>)> = Vec::new();
        for node in nodes {
            let Json::Object(node) = node else { continue };
            let id = node.get("@id").and_then(Json::as_str).unwrap_or_default().to_string();
            let at = match by_id.last() {
                Some((last, _)) if *last == id => by_id.len() - 1,
                _ => {
                    by_id.push((id, Map::new()));
                    by_id.len() - 1
                }
            };
            for (key, values) in node {
                if key == "@id" {
                    continue;
                }
                let target = by_id[at].1.entry(key).or_insert_with(|| Json::Array(Vec::new()));
                if let (Json::Array(t), Json::Array(v)) = (target, values) {
                    t.extend(v);
                }
            }
        }
        let graph: Vec<Ordered> = by_id
            .into_iter()
            .map(|(id, node)| {
                let mut fields: Vec<(String, Json)> = vec![("id".into(), Json::String(self.relative(&id)))];
                let mut rest: Vec<(String, Json)> = Vec::new();
                for (key, values) in node {
                    let values = match values {
                        Json::Array(v) => v,
                        v => vec![v],
                    };
                    if key == rdf_type {
                        let types: Vec<Json> = values
                            .iter()
                            .filter_map(|v| v.get("@id").and_then(Json::as_str))
                            .map(|c| Json::String(self.classes.get(c).cloned().unwrap_or_else(|| c.to_string())))
                            .collect();
                        fields.push((RDF_TYPE_LOCAL.into(), single_or_array(types)));
                        continue;
                    }
                    let (term, shape) = self.terms.get(&key).cloned().unwrap_or((key.clone(), Shape::Mixed));
                    let value = if shape == Shape::Languages {
                        let mut by_lang: BTreeMap<String, Vec<Json>> = BTreeMap::new();
                        for v in values {
                            let lang = v.get("@language").and_then(Json::as_str).unwrap_or_default().to_string();
                            by_lang.entry(lang).or_default().push(v.get("@value").cloned().unwrap_or(Json::Null));
                        }
                        Json::Object(by_lang.into_iter().map(|(l, v)| (l, single_or_array(v))).collect())
                    } else {
                        single_or_array(values.into_iter().map(|v| self.compact_value(&shape, v)).collect())
                    };
                    rest.push((term, value));
                }
                // `name` first after the id and types, then the rest by key.
                rest.sort_by(|a, b| (a.0 != "name", &a.0).cmp(&(b.0 != "name", &b.0)));
                fields.extend(rest);
                Ordered::Object(fields.into_iter().map(|(k, v)| (k, v.into())).collect())
            })
            .collect();
        Ordered::Object(vec![("@context".into(), self.context()), ("@graph".into(), Ordered::Array(graph))])
    }
}

/// JSON whose objects keep the order their keys were written in.
enum Ordered {
    Object(Vec<(String, Ordered)>),
    Array(Vec<Ordered>),
    Json(Json),
}

impl From<Json> for Ordered {
    fn from(json: Json) -> Ordered {
        Ordered::Json(json)
    }
}

impl serde::Serialize for Ordered {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Ordered::Object(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (key, value) in fields {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
            Ordered::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Ordered::Json(json) => json.serialize(serializer),
        }
    }
}

fn single_or_array(mut values: Vec<Json>) -> Json {
    if values.len() == 1 {
        values.pop().unwrap_or(Json::Null)
    } else {
        Json::Array(values)
    }
}

/// A JSON-LD term: a plain name that cannot be read as an IRI or keyword.
fn is_term(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

//! The property-graph view of the RDF graph, shared by the DOT, GraphML and
//! Neo4j writers: nodes are the subjects typed as a person, organization,
//! country, place, meeting, meeting series or agreement; edges are the object
//! properties between two such nodes. Articles, mentions and `schema:mentions`
//! (the provenance) are left out. It is built from the default graph's
//! triples (or the union of the named graphs when the default graph is empty),
//! so that `extract` and `export --graph file` share one code path.

use std::collections::{BTreeMap, BTreeSet};

use oxigraph::model::{GraphName, Quad, Term};

use crate::rdf::vocab::{NG, RDF, RDFS, SCHEMA, XSD};

/// What a node of the view is, from its `rdf:type`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Person,
    Organization,
    GovernmentOrganization,
    Country,
    Place,
    Meeting,
    MeetingSeries,
    Agreement,
}

impl Kind {
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Person => "Person",
            Kind::Organization => "Organization",
            Kind::GovernmentOrganization => "GovernmentOrganization",
            Kind::Country => "Country",
            Kind::Place => "Place",
            Kind::Meeting => "Meeting",
            Kind::MeetingSeries => "MeetingSeries",
            Kind::Agreement => "Agreement",
        }
    }

    /// The kind of a subject with these classes; the most specific wins.
    fn from_classes(classes: &BTreeSet<String>) -> Option<Kind> {
        let has = |iri: String| classes.contains(&iri);
        if has(format!("{NG}Meeting")) || has(format!("{SCHEMA}Event")) {
            Some(Kind::Meeting)
        } else if has(format!("{NG}MeetingSeries")) {
            Some(Kind::MeetingSeries)
        } else if has(format!("{NG}Agreement")) {
            Some(Kind::Agreement)
        } else if has(format!("{SCHEMA}GovernmentOrganization")) {
            Some(Kind::GovernmentOrganization)
        } else if has(format!("{SCHEMA}Organization")) {
            Some(Kind::Organization)
        } else if has(format!("{SCHEMA}Country")) {
            Some(Kind::Country)
        } else if has(format!("{SCHEMA}Place")) {
            Some(Kind::Place)
        } else if has(format!("{SCHEMA}Person")) {
            Some(Kind::Person)
        } else {
            None
        }
    }
}

/// A literal value of a node.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Value {
    /// A string, with its language tag (empty: none).
    Text(String, String),
    Int(i64),
    Bool(bool),
    /// Any other datatype (dates, years): the lexical form.
    Other(String),
}

impl Value {
    /// The value as text: language-tagged strings as `text@lang`.
    pub fn text(&self) -> String {
        match self {
            Value::Text(s, lang) if lang.is_empty() => s.clone(),
            Value::Text(s, lang) => format!("{s}@{lang}"),
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Other(s) => s.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Node {
    /// The IRI relative to the base (`person/kano-koji`), or the whole IRI.
    pub id: String,
    pub iri: String,
    pub kind: Kind,
    /// Local names of the classes (`Event`, `Meeting`, `DefencePolicyDialogue`).
    pub classes: Vec<String>,
    /// `schema:name`, else the first label, else the id.
    pub name: String,
    /// Literal properties by the predicate's local name, values sorted.
    pub props: BTreeMap<String, Vec<Value>>,
}

impl Node {
    pub fn values(&self, key: &str) -> &[Value] {
        self.props.get(key).map(Vec::as_slice).unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    /// Indices into [`PropertyGraph::nodes`].
    pub source: usize,
    pub target: usize,
    /// The predicate's local name (`attendee`, `signedAt`).
    pub relation: String,
}

/// The view: nodes sorted by id, edges by source, relation and target.
#[derive(Debug, Clone, Default)]
pub struct PropertyGraph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// A literal property key of the view, its type and whether some node has
/// several values of it (then it is written as a JSON array of texts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropKey {
    pub name: String,
    pub ty: PropType,
    pub multi: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropType {
    Int,
    Bool,
    Text,
}

impl PropertyGraph {
    /// Every literal property key used by some node, sorted by name.
    pub fn prop_keys(&self) -> Vec<PropKey> {
        let mut keys: BTreeMap<&str, (Option<PropType>, bool)> = BTreeMap::new();
        for node in &self.nodes {
            for (name, values) in &node.props {
                let entry = keys.entry(name).or_insert((None, false));
                entry.1 |= values.len() > 1;
                for v in values {
                    let ty = match v {
                        Value::Int(_) => PropType::Int,
                        Value::Bool(_) => PropType::Bool,
                        _ => PropType::Text,
                    };
                    entry.0 = Some(match entry.0 {
                        None => ty,
                        Some(t) if t == ty => t,
                        Some(_) => PropType::Text,
                    });
                }
            }
        }
        keys.into_iter()
            .map(|(name, (ty, multi))| PropKey { name: name.to_string(), ty: ty.unwrap_or(PropType::Text), multi })
            .collect()
    }
}

/// The text of a property for GraphML and CSV: one value as is, several (or
/// any, when `multi`) as a JSON array of their texts; none as empty text.
pub fn prop_text(values: &[Value], key: &PropKey) -> String {
    if key.multi && !values.is_empty() {
        let texts: Vec<String> = values.iter().map(Value::text).collect();
        serde_json::to_string(&texts).unwrap_or_default()
    } else {
        values.first().map(Value::text).unwrap_or_default()
    }
}

/// The part of an IRI after its last `#` or `/`.
pub fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

/// The key of a literal property: the predicate's local name, `labels` for
/// `rdfs:label` (so that it differs from the display `label` of GraphML).
fn prop_name(predicate: &str) -> String {
    if predicate == format!("{RDFS}label") {
        "labels".to_string()
    } else {
        local_name(predicate).to_string()
    }
}

fn value_of(literal: &oxigraph::model::Literal) -> Value {
    let datatype = literal.datatype().as_str();
    if let Some(lang) = literal.language() {
        return Value::Text(literal.value().to_string(), lang.to_string());
    }
    if datatype == format!("{XSD}integer") {
        if let Ok(i) = literal.value().parse::<i64>() {
            if i.to_string() == literal.value() {
                return Value::Int(i);
            }
        }
    }
    if datatype == format!("{XSD}boolean") {
        match literal.value() {
            "true" => return Value::Bool(true),
            "false" => return Value::Bool(false),
            _ => {}
        }
    }
    if datatype == format!("{XSD}string") {
        return Value::Text(literal.value().to_string(), String::new());
    }
    Value::Other(literal.value().to_string())
}

/// Builds the view from quads: the default graph's, or all of them when the
/// default graph is empty.
pub fn build(quads: &[Quad], base: &str) -> PropertyGraph {
    let has_default = quads.iter().any(|q| q.graph_name == GraphName::DefaultGraph);
    let triples: Vec<&Quad> =
        quads.iter().filter(|q| !has_default || q.graph_name == GraphName::DefaultGraph).collect();
    let rdf_type = format!("{RDF}type");
    let mut classes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for q in &triples {
        if q.predicate.as_str() == rdf_type {
            if let (oxigraph::model::NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (&q.subject, &q.object) {
                classes.entry(s.as_str().to_string()).or_default().insert(o.as_str().to_string());
            }
        }
    }
    let mut nodes: Vec<Node> = classes
        .iter()
        .filter_map(|(iri, cs)| {
            let kind = Kind::from_classes(cs)?;
            let id = match iri.strip_prefix(base) {
                Some(rest) if !rest.is_empty() && !base.is_empty() => rest.to_string(),
                _ => iri.clone(),
            };
            Some(Node {
                id,
                iri: iri.clone(),
                kind,
                classes: cs.iter().map(|c| local_name(c).to_string()).collect(),
                name: String::new(),
                props: BTreeMap::new(),
            })
        })
        .collect();
    nodes.sort_by(|a, b| a.id.cmp(&b.id));
    let index: BTreeMap<String, usize> = nodes.iter().enumerate().map(|(i, n)| (n.iri.clone(), i)).collect();
    let mentions = format!("{SCHEMA}mentions");
    let mut edges = BTreeSet::new();
    for q in &triples {
        let oxigraph::model::NamedOrBlankNode::NamedNode(s) = &q.subject else { continue };
        let Some(&source) = index.get(s.as_str()) else { continue };
        match &q.object {
            Term::NamedNode(o) => {
                if q.predicate.as_str() == mentions || q.predicate.as_str() == rdf_type {
                    continue;
                }
                if let Some(&target) = index.get(o.as_str()) {
                    edges.insert(Edge { source, target, relation: local_name(q.predicate.as_str()).to_string() });
                }
            }
            Term::Literal(l) => {
                nodes[source].props.entry(prop_name(q.predicate.as_str())).or_default().push(value_of(l));
            }
            _ => {}
        }
    }
    let label = prop_name(&format!("{RDFS}label"));
    for node in &mut nodes {
        for values in node.props.values_mut() {
            values.sort();
            values.dedup();
        }
        node.name = match (node.values("name").first(), node.values(&label).first()) {
            (Some(v), _) | (None, Some(v)) => match v {
                Value::Text(s, _) | Value::Other(s) => s.clone(),
                v => v.text(),
            },
            (None, None) => node.id.clone(),
        };
    }
    PropertyGraph { nodes, edges: edges.into_iter().collect() }
}

//! The knowledge graph: a typed petgraph graph of resolved entities and their
//! relations, each fact with the articles that support it. It knows nothing of
//! RDF; `rdf` writes it out.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

use crate::dates::DateValue;
use crate::span::Span;

/// What a node is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    Article,
    Person,
    Organization,
    GovernmentOrganization,
    Country,
    Place,
    /// A meeting of an `ng:` class.
    Meeting(String),
    /// A series of meetings of an `ng:` class.
    MeetingSeries(String),
    /// An agreement of an `ng:` class.
    Agreement(String),
}

impl NodeKind {
    /// The path segment of the node's IRI.
    pub const fn iri_segment(&self) -> &'static str {
        match self {
            NodeKind::Article => "article",
            NodeKind::Person => "person",
            NodeKind::Organization | NodeKind::GovernmentOrganization => "organization",
            NodeKind::Country => "country",
            NodeKind::Place => "place",
            NodeKind::Meeting(_) => "meeting",
            NodeKind::MeetingSeries(_) => "series",
            NodeKind::Agreement(_) => "agreement",
        }
    }

    pub fn label(&self) -> &str {
        match self {
            NodeKind::Article => "Article",
            NodeKind::Person => "Person",
            NodeKind::Organization => "Organization",
            NodeKind::GovernmentOrganization => "GovernmentOrganization",
            NodeKind::Country => "Country",
            NodeKind::Place => "Place",
            NodeKind::Meeting(_) => "Meeting",
            NodeKind::MeetingSeries(_) => "MeetingSeries",
            NodeKind::Agreement(_) => "Agreement",
        }
    }
}

/// A property with a literal value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Prop {
    Rank,
    JobTitle,
    Ordinal,
    StartDate,
    Topic,
    SignedOn,
    YearInferred,
    DateBasis,
    MergeKey,
    NativeName,
    Url,
    DatePublished,
    InLanguage,
    SourceFile,
}

/// A literal value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    Text(String),
    Int(i64),
    Date(DateValue),
    Bool(bool),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Text(s) => f.write_str(s),
            Value::Int(i) => write!(f, "{i}"),
            Value::Date(d) => write!(f, "{d}"),
            Value::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// An attribute and the articles (document indices) that support it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Attr {
    pub prop: Prop,
    pub value: Value,
    pub docs: BTreeSet<usize>,
}

/// One entity (or article).
#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    /// The last segment of the node's IRI: stable, from its canonical name or key.
    pub slug: String,
    /// Canonical name.
    pub name: String,
    /// Surface forms with their language codes, and the articles they stand in.
    pub labels: BTreeMap<(String, String), BTreeSet<usize>>,
    pub attrs: Vec<Attr>,
    /// Articles that mention it.
    pub docs: BTreeSet<usize>,
}

impl Node {
    pub fn new(kind: NodeKind, slug: String, name: String) -> Node {
        Node { kind, slug, name, labels: BTreeMap::new(), attrs: Vec::new(), docs: BTreeSet::new() }
    }

    /// Adds an attribute value, or the documents to an existing one.
    pub fn add(&mut self, prop: Prop, value: Value, docs: impl IntoIterator<Item = usize>) {
        match self.attrs.iter_mut().find(|a| a.prop == prop && a.value == value) {
            Some(a) => a.docs.extend(docs),
            None => self.attrs.push(Attr { prop, value, docs: docs.into_iter().collect() }),
        }
    }

    pub fn values(&self, prop: Prop) -> impl Iterator<Item = &Value> {
        self.attrs.iter().filter(move |a| a.prop == prop).map(|a| &a.value)
    }
}

/// A relation between two nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relation {
    Nationality,
    WorksFor,
    MemberOf,
    /// An organization's country.
    Country,
    /// A place's country.
    ContainedIn,
    Chair,
    Attendee,
    Location,
    Series,
    Party,
    Signatory,
    SignedAt,
    /// An article mentions an entity.
    Mentions,
}

impl Relation {
    pub const fn label(self) -> &'static str {
        match self {
            Relation::Nationality => "nationality",
            Relation::WorksFor => "works for",
            Relation::MemberOf => "member of",
            Relation::Country => "country",
            Relation::ContainedIn => "in",
            Relation::Chair => "chair",
            Relation::Attendee => "attendee",
            Relation::Location => "held in",
            Relation::Series => "series",
            Relation::Party => "party",
            Relation::Signatory => "signatory",
            Relation::SignedAt => "signed at",
            Relation::Mentions => "mentions",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub relation: Relation,
    pub docs: BTreeSet<usize>,
}

/// Mention-level evidence: a span of an article that denotes a node.
#[derive(Debug, Clone)]
pub struct MentionRecord {
    pub doc: usize,
    /// Byte span in the article's text as read.
    pub span: Span,
    pub anchor: String,
    pub rule: String,
    pub node: NodeIndex,
}

/// The resolved graph.
#[derive(Debug, Default)]
pub struct KnowledgeGraph {
    pub graph: DiGraph<Node, Edge>,
    pub mentions: Vec<MentionRecord>,
    edge_index: HashMap<(NodeIndex, NodeIndex, Relation), EdgeIndex>,
}

impl KnowledgeGraph {
    pub fn add_node(&mut self, node: Node) -> NodeIndex {
        self.graph.add_node(node)
    }

    /// Adds a relation, or the documents to an existing one.
    pub fn relate(
        &mut self,
        from: NodeIndex,
        relation: Relation,
        to: NodeIndex,
        docs: impl IntoIterator<Item = usize>,
    ) {
        match self.edge_index.get(&(from, to, relation)) {
            Some(&e) => self.graph[e].docs.extend(docs),
            None => {
                let e = self.graph.add_edge(from, to, Edge { relation, docs: docs.into_iter().collect() });
                self.edge_index.insert((from, to, relation), e);
            }
        }
    }

    /// The targets of `from`'s relations of one kind.
    pub fn targets(&self, from: NodeIndex, relation: Relation) -> Vec<NodeIndex> {
        let mut out: Vec<NodeIndex> = self
            .graph
            .edges(from)
            .filter(|e| e.weight().relation == relation)
            .map(|e| petgraph::visit::EdgeRef::target(&e))
            .collect();
        out.sort();
        out
    }

    /// Nodes of a kind, by name.
    pub fn find(&self, name: &str) -> Vec<NodeIndex> {
        let key = crate::normalize::fold_key(name);
        self.graph.node_indices().filter(|&i| crate::normalize::fold_key(&self.graph[i].name) == key).collect()
    }
}

/// An IRI-safe slug: lower-case ASCII letters and digits joined by `-`.
pub fn slugify(text: &str) -> String {
    let plain = crate::names::strip_diacritics(text);
    let mut out = String::new();
    for c in plain.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == '+' {
            out.push_str("plus");
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        // Names without Latin letters: a readable hex of their bytes.
        out = text.bytes().take(24).map(|b| format!("{b:02x}")).collect();
    }
    out
}

/// "1st", "2nd", "3rd", "11th", "21st".
pub fn ordinal_en(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_ordinals() {
        assert_eq!(slugify("Đặng Quốc Hùng"), "dang-quoc-hung");
        assert_eq!(slugify("1st Vietnam–Japan 2+2 Dialogue"), "1st-vietnam-japan-2plus2-dialogue");
        assert_eq!(ordinal_en(1), "1st");
        assert_eq!(ordinal_en(11), "11th");
        assert_eq!(ordinal_en(22), "22nd");
        assert_eq!(ordinal_en(13), "13th");
    }
}

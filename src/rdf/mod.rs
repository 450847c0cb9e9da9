//! RDF: the knowledge graph as quads in the vocabulary of the schema, one named
//! graph per article plus the union in the default graph, with mention-level
//! evidence. Byte spans become character offsets here and nowhere else.

pub mod vocab;

use std::collections::BTreeSet;

use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use petgraph::graph::NodeIndex;

use crate::document::Document;
use crate::graph::{KnowledgeGraph, NodeKind, Prop, Relation, Value};
use crate::span::CharOffsets;
use vocab::{ng, schema, RDF, RDFS, XSD};

/// Instance IRIs: `{base}{segment}/{slug}`.
#[derive(Debug, Clone)]
pub struct IriScheme {
    pub base: String,
}

impl Default for IriScheme {
    fn default() -> IriScheme {
        IriScheme { base: vocab::DEFAULT_BASE.to_string() }
    }
}

impl IriScheme {
    /// A scheme on `base`, which must be an absolute IRI ending in `/` or `#`
    /// (instance IRIs are `base` followed by a path), without characters that
    /// Turtle, N-Triples or XML cannot write in an IRI.
    pub fn new(base: &str) -> Result<IriScheme, String> {
        let bad = |why: &str| Err(format!("the base IRI {base:?} {why}"));
        if let Err(e) = NamedNode::new(base) {
            return bad(&format!("is not an absolute IRI: {e}"));
        }
        if !base.ends_with('/') && !base.ends_with('#') {
            return bad("must end with / or #, e.g. https://example.org/id/");
        }
        if let Some(c) = base.chars().find(|c| c.is_whitespace() || c.is_control() || "<>\"{}|^`\\".contains(*c)) {
            return bad(&format!("holds the character {c:?}, which an IRI cannot"));
        }
        Ok(IriScheme { base: base.to_string() })
    }

    /// Prefixes for Turtle and TriG: the vocabularies and one per kind of instance.
    pub fn prefixes(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> =
            vocab::PREFIXES.iter().filter(|(p, _)| *p != "id").map(|(p, i)| (p.to_string(), i.to_string())).collect();
        for segment in ["article", "person", "organization", "country", "place", "meeting", "series", "agreement"] {
            out.push((segment.to_string(), format!("{}{segment}/", self.base)));
        }
        out
    }

    pub fn node(&self, kg: &KnowledgeGraph, node: NodeIndex) -> NamedNode {
        let n = &kg.graph[node];
        NamedNode::new_unchecked(format!("{}{}/{}", self.base, n.kind.iri_segment(), n.slug))
    }
}

fn iri(s: String) -> NamedNode {
    NamedNode::new_unchecked(s)
}

fn typed(value: impl Into<String>, xsd_local: &str) -> Literal {
    Literal::new_typed_literal(value, iri(format!("{XSD}{xsd_local}")))
}

fn literal(value: &Value) -> Literal {
    match value {
        Value::Text(s) => Literal::new_simple_literal(s.clone()),
        Value::Int(i) => typed(i.to_string(), "integer"),
        Value::Bool(b) => typed(b.to_string(), "boolean"),
        Value::Date(d) => typed(d.to_string(), d.xsd_type()),
    }
}

fn prop_iri(prop: Prop) -> NamedNode {
    iri(match prop {
        Prop::Rank => ng("rank"),
        Prop::JobTitle => schema("jobTitle"),
        Prop::Ordinal => ng("ordinal"),
        Prop::StartDate => schema("startDate"),
        Prop::Topic => ng("topic"),
        Prop::SignedOn => ng("signedOn"),
        Prop::YearInferred => ng("yearInferred"),
        Prop::DateBasis => ng("dateBasis"),
        Prop::MergeKey => ng("mergeKey"),
        Prop::NativeName => ng("nativeName"),
        Prop::Url => schema("url"),
        Prop::DatePublished => schema("datePublished"),
        Prop::InLanguage => schema("inLanguage"),
        Prop::SourceFile => ng("sourceFile"),
    })
}

fn relation_iri(relation: Relation) -> NamedNode {
    iri(match relation {
        Relation::Nationality => schema("nationality"),
        Relation::WorksFor => schema("worksFor"),
        Relation::MemberOf => schema("memberOf"),
        Relation::Country => ng("country"),
        Relation::ContainedIn => schema("containedInPlace"),
        Relation::Chair => ng("chair"),
        Relation::Attendee => schema("attendee"),
        Relation::Location => schema("location"),
        Relation::Series => ng("series"),
        Relation::Party => ng("party"),
        Relation::Signatory => ng("signatory"),
        Relation::SignedAt => ng("signedAt"),
        Relation::Mentions => schema("mentions"),
    })
}

fn classes(kind: &NodeKind) -> Vec<String> {
    match kind {
        NodeKind::Article => vec![schema("NewsArticle")],
        NodeKind::Person => vec![schema("Person")],
        NodeKind::Organization => vec![schema("Organization")],
        NodeKind::GovernmentOrganization => vec![schema("GovernmentOrganization"), schema("Organization")],
        NodeKind::Country => vec![schema("Country")],
        NodeKind::Place => vec![schema("Place")],
        NodeKind::Meeting(class) => vec![schema("Event"), ng("Meeting"), ng(class)],
        NodeKind::MeetingSeries(_) => vec![ng("MeetingSeries")],
        NodeKind::Agreement(class) => {
            let mut v = vec![ng("Agreement")];
            if class != "Agreement" {
                v.push(ng(class));
            }
            v
        }
    }
}

/// Collects quads: each fact in the default graph and in the named graph of
/// every article that supports it.
struct QuadSink<'a> {
    quads: Vec<Quad>,
    articles: &'a [NamedNode],
}

impl QuadSink<'_> {
    fn add(&mut self, s: &NamedNode, p: NamedNode, o: impl Into<Term>, docs: &BTreeSet<usize>) {
        let o: Term = o.into();
        let subject: NamedOrBlankNode = s.clone().into();
        for &d in docs {
            self.quads.push(Quad::new(
                subject.clone(),
                p.clone(),
                o.clone(),
                GraphName::NamedNode(self.articles[d].clone()),
            ));
        }
        self.quads.push(Quad::new(subject, p, o, GraphName::DefaultGraph));
    }
}

/// The whole graph as sorted, duplicate-free quads.
pub fn to_quads(kg: &KnowledgeGraph, docs: &[Document], scheme: &IriScheme) -> Vec<Quad> {
    let article_nodes: Vec<NodeIndex> = {
        let mut v: Vec<(usize, NodeIndex)> = kg
            .graph
            .node_indices()
            .filter(|&i| kg.graph[i].kind == NodeKind::Article)
            .map(|i| (*kg.graph[i].docs.iter().next().unwrap_or(&0), i))
            .collect();
        v.sort();
        v.into_iter().map(|(_, i)| i).collect()
    };
    let articles: Vec<NamedNode> = article_nodes.iter().map(|&i| scheme.node(kg, i)).collect();
    let mut sink = QuadSink { quads: Vec::new(), articles: &articles };
    let rdf_type = iri(format!("{RDF}type"));
    let rdfs_label = iri(format!("{RDFS}label"));
    for node in kg.graph.node_indices() {
        let n = &kg.graph[node];
        let s = scheme.node(kg, node);
        for class in classes(&n.kind) {
            sink.add(&s, rdf_type.clone(), iri(class), &n.docs);
        }
        sink.add(&s, iri(schema("name")), Literal::new_simple_literal(n.name.clone()), &n.docs);
        for ((label, lang), label_docs) in &n.labels {
            let lit = if lang.is_empty() {
                Literal::new_simple_literal(label.clone())
            } else {
                Literal::new_language_tagged_literal(label.clone(), lang.clone())
                    .unwrap_or_else(|_| Literal::new_simple_literal(label.clone()))
            };
            sink.add(&s, rdfs_label.clone(), lit, label_docs);
        }
        for attr in &n.attrs {
            sink.add(&s, prop_iri(attr.prop), literal(&attr.value), &attr.docs);
        }
    }
    for edge in kg.graph.edge_indices() {
        let (a, b) = kg.graph.edge_endpoints(edge).expect("edge exists");
        let e = &kg.graph[edge];
        sink.add(&scheme.node(kg, a), relation_iri(e.relation), scheme.node(kg, b), &e.docs);
    }
    // Mention-level evidence.
    let offsets: Vec<CharOffsets> = docs.iter().map(|d| CharOffsets::new(&d.text)).collect();
    for m in &kg.mentions {
        let article = &articles[m.doc];
        let (start, end) = (offsets[m.doc].char_offset(m.span.start), offsets[m.doc].char_offset(m.span.end));
        let target = &kg.graph[m.node];
        let id = iri(format!(
            "{}mention/{}/{}-{}-{}-{}",
            scheme.base,
            kg.graph[article_nodes[m.doc]].slug,
            start,
            end,
            target.kind.iri_segment(),
            target.slug
        ));
        let docs = BTreeSet::from([m.doc]);
        sink.add(&id, rdf_type.clone(), iri(ng("Mention")), &docs);
        sink.add(&id, iri(ng("inDocument")), article.clone(), &docs);
        sink.add(&id, iri(ng("start")), typed(start.to_string(), "integer"), &docs);
        sink.add(&id, iri(ng("end")), typed(end.to_string(), "integer"), &docs);
        sink.add(&id, iri(ng("anchorOf")), Literal::new_simple_literal(m.anchor.clone()), &docs);
        sink.add(&id, iri(ng("rule")), Literal::new_simple_literal(m.rule.clone()), &docs);
        sink.add(&id, iri(ng("denotes")), scheme.node(kg, m.node), &docs);
    }
    crate::export::sort_quads(sink.quads)
}

#[cfg(test)]
mod tests {
    use super::IriScheme;

    #[test]
    fn base_iris_are_checked() {
        assert!(IriScheme::new("https://example.org/id/").is_ok());
        assert!(IriScheme::new("urn:x-news:graph#").is_ok());
        for bad in ["example.org/id/", "https://example.org/id", "https://example.org/a b/", "", "http://x/<y>/"] {
            assert!(IriScheme::new(bad).is_err(), "{bad:?} was taken");
        }
    }
}

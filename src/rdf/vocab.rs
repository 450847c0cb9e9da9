//! The vocabulary: IRIs of the schema.org, RDF, PROV and project terms that
//! newsgraph writes (see the ontology in `ontology/newsgraph.ttl`).

pub const SCHEMA: &str = "https://schema.org/";
pub const NG: &str = "https://w3id.org/newsgraph/ns#";
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
/// The default base of instance IRIs.
pub const DEFAULT_BASE: &str = "https://w3id.org/newsgraph/id/";

/// The ontology, as shipped.
pub const ONTOLOGY_TTL: &str = include_str!("../../ontology/newsgraph.ttl");

/// Prefixes written to Turtle and TriG, and known to queries.
pub const PREFIXES: [(&str, &str); 7] =
    [("schema", SCHEMA), ("ng", NG), ("rdf", RDF), ("rdfs", RDFS), ("xsd", XSD), ("prov", PROV), ("id", DEFAULT_BASE)];

pub fn schema(local: &str) -> String {
    format!("{SCHEMA}{local}")
}

pub fn ng(local: &str) -> String {
    format!("{NG}{local}")
}

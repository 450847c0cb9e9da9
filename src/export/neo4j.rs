//! Neo4j: `nodes.csv` and `relationships.csv` for `neo4j-admin database
//! import`, from the property-graph view. Nodes carry `id:ID`, `:LABEL` (the
//! classes, `;`-separated), `name`, `kind`, `iri` and one column per literal
//! property (`ordinal:long`, `yearInferred:boolean`; a property with several
//! values on some node is a JSON array of texts). Relationships carry
//! `:START_ID`, `:END_ID` and `:TYPE` (`ATTENDEE`, `SIGNED_AT`). The csv crate
//! quotes every field that needs it; fields may hold line breaks, so import
//! with `--multiline-fields=true`.

use std::io::{self, Write};

use super::view::{prop_text, PropType, PropertyGraph};

/// `signedAt` → `SIGNED_AT`.
pub fn relationship_type(relation: &str) -> String {
    let mut out = String::new();
    for (i, c) in relation.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_uppercase());
    }
    out
}

fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        kind => io::Error::other(format!("{kind:?}")),
    }
}

/// Writes `nodes.csv`.
pub fn write_nodes(view: &PropertyGraph, out: &mut dyn Write) -> io::Result<()> {
    let keys = view.prop_keys();
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<String> = ["id:ID", ":LABEL", "kind", "iri"].map(String::from).to_vec();
    for key in &keys {
        let ty = if key.multi { PropType::Text } else { key.ty };
        header.push(match ty {
            PropType::Int => format!("{}:long", key.name),
            PropType::Bool => format!("{}:boolean", key.name),
            PropType::Text => key.name.clone(),
        });
    }
    w.write_record(&header).map_err(csv_error)?;
    for n in &view.nodes {
        let mut labels: Vec<&str> = n.classes.iter().map(String::as_str).collect();
        if !labels.contains(&n.kind.name()) {
            labels.push(n.kind.name());
        }
        let mut record = vec![n.id.clone(), labels.join(";"), n.kind.name().to_string(), n.iri.clone()];
        for key in &keys {
            record.push(prop_text(n.values(&key.name), key));
        }
        w.write_record(&record).map_err(csv_error)?;
    }
    w.flush()
}

/// Writes `relationships.csv`.
pub fn write_relationships(view: &PropertyGraph, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([":START_ID", ":END_ID", ":TYPE"]).map_err(csv_error)?;
    for e in &view.edges {
        w.write_record([&view.nodes[e.source].id, &view.nodes[e.target].id, &relationship_type(&e.relation)])
            .map_err(csv_error)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_types_are_upper_snake_case() {
        assert_eq!(relationship_type("signedAt"), "SIGNED_AT");
        assert_eq!(relationship_type("attendee"), "ATTENDEE");
        assert_eq!(relationship_type("containedInPlace"), "CONTAINED_IN_PLACE");
    }
}

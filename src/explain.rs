//! Explanations: for one entity of an exported graph, every mention behind it
//! (article, offsets, the text around it, the rule that matched) and the key
//! under which its spellings were merged, so a user sees why a fact is there.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::error::GraphError;
use crate::normalize::fold_key;
use crate::rdf::vocab::PREFIXES;

fn select(store: &Store, query: &str) -> Result<Vec<BTreeMap<String, String>>, GraphError> {
    let mut evaluator = SparqlEvaluator::new();
    for (prefix, iri) in PREFIXES {
        evaluator = evaluator.with_prefix(prefix, iri).map_err(|e| GraphError::Sparql(e.to_string()))?;
    }
    let prepared = evaluator.parse_query(query).map_err(|e| GraphError::Sparql(e.to_string()))?;
    let QueryResults::Solutions(solutions) =
        prepared.on_store(store).execute().map_err(|e| GraphError::Sparql(e.to_string()))?
    else {
        return Ok(Vec::new());
    };
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution.map_err(|e| GraphError::Sparql(e.to_string()))?;
        let mut row = BTreeMap::new();
        for (var, term) in solution.iter() {
            let value = match term {
                Term::Literal(l) => l.value().to_string(),
                Term::NamedNode(n) => n.as_str().to_string(),
                other => other.to_string(),
            };
            row.insert(var.as_str().to_string(), value);
        }
        rows.push(row);
    }
    Ok(rows)
}

/// The entities whose IRI is `needle`, or whose name or a label folds to it.
pub fn find_entities(store: &Store, needle: &str) -> Result<Vec<String>, GraphError> {
    let rows = select(
        store,
        "SELECT DISTINCT ?e ?n WHERE { { ?e schema:name ?n } UNION { ?e rdfs:label ?n } FILTER NOT EXISTS { ?e a schema:NewsArticle } }",
    )?;
    let key = fold_key(needle);
    let mut found: Vec<String> =
        rows.iter().filter(|r| r["e"] == needle || fold_key(&r["n"]) == key).map(|r| r["e"].clone()).collect();
    found.sort();
    found.dedup();
    Ok(found)
}

/// A readable explanation of one entity. With `articles`, the folder holding
/// the article files, each mention is shown with the text around it.
pub fn explain(store: &Store, iri: &str, articles: Option<&Path>) -> Result<String, GraphError> {
    let mut out = String::new();
    let facts = select(
        store,
        &format!(
            "SELECT ?p ?o ?on WHERE {{ <{iri}> ?p ?o . OPTIONAL {{ ?o schema:name ?on }} FILTER (?p != schema:mentions) }} ORDER BY ?p ?o"
        ),
    )?;
    let _ = writeln!(out, "{iri}");
    let short = |s: &str| {
        PREFIXES
            .iter()
            .find_map(|(p, ns)| s.strip_prefix(ns).map(|l| format!("{p}:{l}")))
            .unwrap_or_else(|| s.to_string())
    };
    for row in &facts {
        let value = row.get("on").cloned().unwrap_or_else(|| short(&row["o"]));
        let _ = writeln!(out, "  {:<22} {value}", short(&row["p"]));
    }
    let mentions = select(
        store,
        &format!(
            "SELECT ?file ?start ?end ?anchor ?rule WHERE {{ ?m ng:denotes <{iri}> ; ng:inDocument ?a ; ng:start ?start ; ng:end ?end ; ng:anchorOf ?anchor ; ng:rule ?rule . ?a ng:sourceFile ?file }}"
        ),
    )?;
    let mut mentions: Vec<&BTreeMap<String, String>> = mentions.iter().collect();
    mentions.sort_by_key(|r| (r["file"].clone(), r["start"].parse::<usize>().unwrap_or(0)));
    let _ = writeln!(out, "mentions: {}", mentions.len());
    let mut texts: BTreeMap<String, Option<Vec<char>>> = BTreeMap::new();
    for row in mentions {
        let (start, end): (usize, usize) = (row["start"].parse().unwrap_or(0), row["end"].parse().unwrap_or(0));
        let _ = write!(out, "  {} [{start}..{end}] {:?} by {}", row["file"], row["anchor"], row["rule"]);
        if let Some(dir) = articles {
            let text = texts.entry(row["file"].clone()).or_insert_with(|| {
                std::fs::read_to_string(dir.join(&row["file"]))
                    .ok()
                    .map(|t| t.strip_prefix('\u{feff}').unwrap_or(&t).chars().collect())
            });
            if let Some(chars) = text {
                let from = start.saturating_sub(50);
                let to = (end + 50).min(chars.len());
                let around: String = chars[from.min(chars.len())..to].iter().collect::<String>().replace('\n', " ");
                let _ = write!(out, "\n      …{around}…");
            }
        }
        out.push('\n');
    }
    Ok(out)
}

//! Test articles written for the tests, one or more per language, in
//! `tests/data/articles/`: `<name>.txt` with `<name>.expect.toml` beside it.
//! All of them are extracted together, so a person written in several
//! languages must come out as one node with labels in each.
//!
//! An expectation file says what the graph must hold:
//!
//! ```toml
//! language = "en"
//! published = "2025-06-12" # the article's date, when it states one
//! meetings = 1             # how many meetings the article reports, when it matters
//! [[person]]      # name, nationality, labels_in = ["en", "vi"]
//! [[organization]] # name, country
//! [[meeting]]     # class, ordinal, date, place, chairs, attendees
//! [[agreement]]   # class, topic, date, parties, signatories
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

use newsgraph::graph::{KnowledgeGraph, NodeKind, Prop, Relation, Value};
use petgraph::graph::NodeIndex;
use serde::Deserialize;

use crate::util::*;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    language: String,
    published: Option<String>,
    meetings: Option<usize>,
    #[serde(default)]
    person: Vec<ExpectPerson>,
    #[serde(default)]
    organization: Vec<ExpectOrg>,
    #[serde(default)]
    meeting: Vec<ExpectMeeting>,
    #[serde(default)]
    agreement: Vec<ExpectAgreement>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectPerson {
    name: String,
    nationality: Option<String>,
    #[serde(default)]
    labels_in: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectOrg {
    name: String,
    country: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectMeeting {
    class: String,
    ordinal: Option<i64>,
    date: Option<String>,
    place: Option<String>,
    #[serde(default)]
    chairs: Vec<String>,
    #[serde(default)]
    attendees: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectAgreement {
    class: String,
    topic: Option<String>,
    date: Option<String>,
    #[serde(default)]
    parties: Vec<String>,
    #[serde(default)]
    signatories: Vec<String>,
}

fn articles() -> Vec<(PathBuf, Expect)> {
    let dir = repo().join("tests/data/articles");
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths {
        if path.extension().is_some_and(|e| e == "txt") {
            let expect_path = path.with_extension("expect.toml");
            let text =
                std::fs::read_to_string(&expect_path).unwrap_or_else(|e| panic!("{}: {e}", expect_path.display()));
            let expect: Expect = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", expect_path.display()));
            out.push((path, expect));
        }
    }
    out
}

fn country_of(kg: &KnowledgeGraph, node: NodeIndex, relation: Relation) -> Vec<String> {
    target_names(kg, node, relation)
}

fn check_article(kg: &KnowledgeGraph, doc: usize, expect: &Expect, failures: &mut Vec<String>) {
    let in_doc = |i: NodeIndex| kg.graph[i].docs.contains(&doc);
    if let Some(published) = &expect.published {
        let article = kg.graph.node_indices().find(|&i| kg.graph[i].kind == NodeKind::Article && in_doc(i));
        let got = article.map(|a| values(kg, a, Prop::DatePublished)).unwrap_or_default();
        if got != vec![published.clone()] {
            failures.push(format!("published {got:?}, expected {published}"));
        }
    }
    for p in &expect.person {
        let found: Vec<NodeIndex> = nodes_named(kg, is_person, &p.name).into_iter().collect();
        if found.len() != 1 || !in_doc(found[0]) {
            let names: Vec<&str> = kg
                .graph
                .node_indices()
                .filter(|&i| in_doc(i) && is_person(&kg.graph[i].kind))
                .map(|i| kg.graph[i].name.as_str())
                .collect();
            failures.push(format!("person {:?}: {} nodes; the article's persons: {names:?}", p.name, found.len()));
            continue;
        }
        let node = found[0];
        if let Some(c) = &p.nationality {
            let got = country_of(kg, node, Relation::Nationality);
            if got != vec![c.clone()] {
                failures.push(format!("person {:?}: nationality {got:?}, expected {c}", p.name));
            }
        }
        for lang in &p.labels_in {
            if !kg.graph[node].labels.keys().any(|(_, l)| l == lang) {
                failures.push(format!(
                    "person {:?}: no label in {lang} (not merged?): {:?}",
                    p.name,
                    kg.graph[node].labels.keys().collect::<Vec<_>>()
                ));
            }
        }
    }
    for o in &expect.organization {
        let found = kg.graph.node_indices().find(|&i| {
            is_org(&kg.graph[i].kind)
                && in_doc(i)
                && kg.graph[i].name == o.name
                && o.country.as_ref().is_none_or(|c| country_of(kg, i, Relation::Country) == vec![c.clone()])
        });
        if found.is_none() {
            let orgs: Vec<String> = kg
                .graph
                .node_indices()
                .filter(|&i| is_org(&kg.graph[i].kind) && in_doc(i))
                .map(|i| format!("{} {:?}", kg.graph[i].name, country_of(kg, i, Relation::Country)))
                .collect();
            failures.push(format!("organization {:?} ({:?}) not found; the article's: {orgs:?}", o.name, o.country));
        }
    }
    for m in &expect.meeting {
        let candidates: Vec<NodeIndex> = kg
            .graph
            .node_indices()
            .filter(|&i| in_doc(i) && kg.graph[i].kind == NodeKind::Meeting(m.class.clone()))
            .filter(|&i| m.ordinal.is_none_or(|n| kg.graph[i].values(Prop::Ordinal).any(|v| *v == Value::Int(n))))
            .collect();
        let Some(&node) = candidates.first() else {
            let all: Vec<&str> = kg
                .graph
                .node_indices()
                .filter(|&i| in_doc(i) && is_meeting(&kg.graph[i].kind))
                .map(|i| kg.graph[i].name.as_str())
                .collect();
            failures.push(format!("meeting {} #{:?} not found; the article's: {all:?}", m.class, m.ordinal));
            continue;
        };
        let name = &kg.graph[node].name;
        if let Some(d) = &m.date {
            let got = values(kg, node, Prop::StartDate);
            if got != vec![d.clone()] {
                failures.push(format!("meeting {name}: date {got:?}, expected {d}"));
            }
        }
        if let Some(p) = &m.place {
            let got = target_names(kg, node, Relation::Location);
            if got != vec![p.clone()] {
                failures.push(format!("meeting {name}: place {got:?}, expected {p}"));
            }
        }
        let chairs = target_names(kg, node, Relation::Chair);
        for c in &m.chairs {
            if !chairs.contains(c) {
                failures.push(format!("meeting {name}: chair {c} missing from {chairs:?}"));
            }
        }
        let attendees = target_names(kg, node, Relation::Attendee);
        for a in &m.attendees {
            if !attendees.contains(a) {
                failures.push(format!("meeting {name}: attendee {a} missing from {attendees:?}"));
            }
        }
    }
    if let Some(n) = expect.meetings {
        let found: Vec<&str> = kg
            .graph
            .node_indices()
            .filter(|&i| in_doc(i) && is_meeting(&kg.graph[i].kind))
            .map(|i| kg.graph[i].name.as_str())
            .collect();
        if found.len() != n {
            failures.push(format!("{n} meetings expected, found {found:?}"));
        }
    }
    for a in &expect.agreement {
        let found: Vec<NodeIndex> = kg
            .graph
            .node_indices()
            .filter(|&i| in_doc(i) && kg.graph[i].kind == NodeKind::Agreement(a.class.clone()))
            .filter(|&i| a.topic.as_ref().is_none_or(|t| values(kg, i, Prop::Topic).contains(t)))
            .collect();
        let Some(&node) = found.first() else {
            let all: Vec<String> = kg
                .graph
                .node_indices()
                .filter(|&i| in_doc(i) && is_agreement(&kg.graph[i].kind))
                .map(|i| format!("{} {:?}", kg.graph[i].name, values(kg, i, Prop::Topic)))
                .collect();
            failures.push(format!("agreement {} on {:?} not found; the article's: {all:?}", a.class, a.topic));
            continue;
        };
        let name = &kg.graph[node].name;
        if let Some(d) = &a.date {
            let got = values(kg, node, Prop::SignedOn);
            if got != vec![d.clone()] {
                failures.push(format!("agreement {name}: date {got:?}, expected {d}"));
            }
        }
        let parties = target_names(kg, node, Relation::Party);
        for p in &a.parties {
            if !parties.contains(p) {
                failures.push(format!("agreement {name}: party {p} missing from {parties:?}"));
            }
        }
        let signatories = target_names(kg, node, Relation::Signatory);
        for s in &a.signatories {
            if !signatories.contains(s) {
                failures.push(format!("agreement {name}: signatory {s} missing from {signatories:?}"));
            }
        }
    }
}

#[test]
fn test_articles_in_every_language_give_their_facts() {
    let articles = articles();
    assert!(!articles.is_empty());
    let paths: Vec<PathBuf> = articles.iter().map(|(p, _)| p.clone()).collect();
    let (docs, extraction) = extract_paths(&paths, &builtin_rules());
    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (doc, ((path, expect), lang)) in articles.iter().zip(&extraction.languages).enumerate() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(docs[doc].source_file, name);
        let mut f = Vec::new();
        if lang.as_deref() != Some(expect.language.as_str()) {
            f.push(format!("language {lang:?}, expected {}", expect.language));
        }
        check_article(&extraction.graph, doc, expect, &mut f);
        if !f.is_empty() {
            failures.insert(name, f);
        }
    }
    let report: Vec<String> = failures.iter().map(|(n, f)| format!("{n}:\n  {}", f.join("\n  "))).collect();
    assert!(failures.is_empty(), "{} of {} articles fail:\n{}", failures.len(), articles.len(), report.join("\n"));
}

/// Every language with rules has at least one test article.
#[test]
fn every_language_has_test_articles() {
    let covered: std::collections::BTreeSet<String> = articles().into_iter().map(|(_, e)| e.language).collect();
    let missing: Vec<String> =
        builtin_rules().languages.iter().map(|l| l.code.clone()).filter(|c| !covered.contains(c)).collect();
    assert!(missing.is_empty(), "languages without test articles: {missing:?}");
}

/// With every known person removed from the gazetteers, each language's title
/// and rank rules still find the persons of its test articles.
#[test]
fn title_rules_find_the_test_articles_people_without_any_gazetteer() {
    let (_rules, rule_set) = rules_without_person_gazetteers();
    let articles = articles();
    let paths: Vec<PathBuf> = articles.iter().map(|(p, _)| p.clone()).collect();
    let (_, extraction) = extract_paths(&paths, &rule_set);
    let kg = &extraction.graph;
    let mut languages_checked = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for (doc, (path, expect)) in articles.iter().enumerate() {
        for p in &expect.person {
            let by_rule = kg.mentions.iter().any(|m| {
                m.doc == doc
                    && kg.graph[m.node].name == p.name
                    && m.rule.starts_with(&format!("person.{}.", expect.language))
            });
            if by_rule {
                languages_checked.insert(expect.language.clone());
            } else {
                failures.push(format!("{}: no {} title rule found {}", path.display(), expect.language, p.name));
            }
        }
    }
    let all: std::collections::BTreeSet<String> = articles.iter().map(|(_, e)| e.language.clone()).collect();
    assert_eq!(languages_checked, all, "{}", failures.join("\n"));
}

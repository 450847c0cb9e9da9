//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use newsgraph::document::{read_inputs, ReadOptions};
use newsgraph::graph::{KnowledgeGraph, NodeKind, Prop, Relation, Value};
use newsgraph::{Document, Extraction, RuleSet};
use petgraph::graph::NodeIndex;

/// Asserts that two values are equal, printing both in full when they are not.
macro_rules! eqnice {
    ($left:expr, $right:expr $(,)?) => {{
        let (left, right) = (&$left, &$right);
        if left != right {
            panic!("\n--- left ---\n{left:#?}\n--- right ---\n{right:#?}\n");
        }
    }};
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_newsgraph"))
}

/// Runs the binary with `args` from the repository's root.
pub fn run(args: &[&str]) -> Output {
    Command::new(bin()).args(args).current_dir(repo()).output().expect("the binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn builtin_rules() -> RuleSet {
    RuleSet::builtin().expect("the built-in rules load")
}

/// Reads and extracts files or folders with the given rules.
pub fn extract_paths(paths: &[PathBuf], rule_set: &RuleSet) -> (Vec<Document>, Extraction) {
    let outcome = read_inputs(paths, ReadOptions::default());
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let extraction = newsgraph::extract(&outcome.documents, rule_set);
    (outcome.documents, extraction)
}

pub fn seeds() -> (Vec<Document>, Extraction) {
    extract_paths(&[repo().join("seeds")], &builtin_rules())
}

/// The nodes of a kind with this canonical name.
pub fn nodes_named(kg: &KnowledgeGraph, kind: fn(&NodeKind) -> bool, name: &str) -> Vec<NodeIndex> {
    kg.graph.node_indices().filter(|&i| kind(&kg.graph[i].kind) && kg.graph[i].name == name).collect()
}

pub fn is_person(k: &NodeKind) -> bool {
    *k == NodeKind::Person
}

pub fn is_meeting(k: &NodeKind) -> bool {
    matches!(k, NodeKind::Meeting(_))
}

pub fn is_agreement(k: &NodeKind) -> bool {
    matches!(k, NodeKind::Agreement(_))
}

pub fn is_org(k: &NodeKind) -> bool {
    matches!(k, NodeKind::Organization | NodeKind::GovernmentOrganization)
}

/// The one person with this name (fails if there is none or more than one).
pub fn person(kg: &KnowledgeGraph, name: &str) -> NodeIndex {
    let found = nodes_named(kg, is_person, name);
    let all: Vec<&str> =
        kg.graph.node_weights().filter(|n| n.kind == NodeKind::Person).map(|n| n.name.as_str()).collect();
    assert_eq!(found.len(), 1, "persons named {name:?}: {found:?}; all persons: {all:?}");
    found[0]
}

/// Names of the targets of a relation.
pub fn target_names(kg: &KnowledgeGraph, node: NodeIndex, relation: Relation) -> Vec<String> {
    let mut names: Vec<String> = kg.targets(node, relation).into_iter().map(|t| kg.graph[t].name.clone()).collect();
    names.sort();
    names
}

/// The text values of a property.
pub fn values(kg: &KnowledgeGraph, node: NodeIndex, prop: Prop) -> Vec<String> {
    let mut v: Vec<String> = kg.graph[node].values(prop).map(Value::to_string).collect();
    v.sort();
    v
}

/// The meeting of a class with an ordinal.
pub fn meeting(kg: &KnowledgeGraph, class: &str, ordinal: Option<i64>) -> NodeIndex {
    let found: Vec<NodeIndex> = kg
        .graph
        .node_indices()
        .filter(|&i| kg.graph[i].kind == NodeKind::Meeting(class.to_string()))
        .filter(|&i| ordinal.is_none_or(|n| kg.graph[i].values(Prop::Ordinal).any(|v| *v == Value::Int(n))))
        .collect();
    let all: Vec<&str> = kg.graph.node_weights().filter(|n| is_meeting(&n.kind)).map(|n| n.name.as_str()).collect();
    assert_eq!(found.len(), 1, "meetings {class} #{ordinal:?}: {found:?}; all meetings: {all:?}");
    found[0]
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The built-in rules with every person gazetteer (`rules/common/persons*.toml`)
/// removed; fails if a person entity is left. The folder lives as long as the guard.
pub fn rules_without_person_gazetteers() -> (tempfile::TempDir, RuleSet) {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    copy_dir(&repo().join("rules"), &rules);
    for entry in std::fs::read_dir(rules.join("common")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("persons")) {
            std::fs::remove_file(path).unwrap();
        }
    }
    let rule_set = RuleSet::from_dir(&rules).unwrap();
    let known: Vec<&String> =
        rule_set.entities.values().filter(|e| e.kind == newsgraph::rules::EntityKind::Person).map(|e| &e.id).collect();
    assert!(known.is_empty(), "persons still in a gazetteer: {known:?}");
    (dir, rule_set)
}

/// Whether `program` runs with the arguments `probe` (e.g. `--version`); with
/// CI=true a missing tool fails the test instead of skipping the check.
pub fn have(program: &str, probe: &[&str]) -> bool {
    let ok = Command::new(program).args(probe).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok();
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{program} is missing and CI=true: run scripts/setup.sh (it installs raptor2-utils, rasqal-utils, graphviz, \
             and a .venv with rdflib, networkx, SPARQLWrapper)"
        );
        eprintln!("skipped: {program} is not installed (scripts/setup.sh installs it)");
    }
    ok
}

/// A Python that imports `modules` (comma-separated): $NEWSGRAPH_PYTHON,
/// else the repository's .venv, else python3; `None` (or a failure with
/// CI=true) when it lacks them.
pub fn python_with(modules: &str) -> Option<PathBuf> {
    let python = std::env::var_os("NEWSGRAPH_PYTHON").map(PathBuf::from).unwrap_or_else(|| {
        let venv = repo().join(".venv/bin/python");
        if venv.exists() {
            venv
        } else {
            PathBuf::from("python3")
        }
    });
    let ok = Command::new(&python)
        .args(["-c", &format!("import {modules}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{} lacks {modules} and CI=true: run scripts/setup.sh",
            python.display()
        );
        eprintln!("skipped: no Python with {modules} (scripts/setup.sh makes .venv)");
        return None;
    }
    Some(python)
}

/// A copy of the built-in rules with one file added or replaced, in a
/// temporary folder (kept while the `TempDir` lives).
pub fn rules_with(file: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    copy_dir(&repo().join("rules"), &rules);
    let path = rules.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    (dir, rules)
}

//! The binary's exit codes and messages: 0 when all went well, 1 when some
//! input failed (the others are still processed), 2 for usage or rule errors.

use crate::util::*;

#[test]
fn a_missing_input_fails_but_the_others_are_processed() {
    let dir = tempfile::tempdir().unwrap();
    let out =
        run(&["extract", "seeds/001_7d6f601fa0996312.txt", "no/such/file.txt", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("no/such/file.txt"), "{}", stderr(&out));
    let ttl = std::fs::read_to_string(dir.path().join("graph.ttl")).unwrap();
    assert!(ttl.contains("Serizawa Kiyoshi"));
}

#[test]
fn a_broken_rules_folder_stops_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    copy_dir(&repo().join("rules"), &rules);
    std::fs::write(rules.join("en/broken.toml"), "[[pattern]\n").unwrap();
    let out_dir = dir.path().join("out");
    let out = run(&["extract", "seeds", "--rules", rules.to_str().unwrap(), "--out", out_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("en/broken.toml:1:"), "{}", stderr(&out));
    assert!(!out_dir.exists(), "nothing is written when the rules are broken");
}

#[test]
fn unknown_result_format_is_a_usage_error() {
    let out =
        run(&["query", "--graph", "exports/graph.ttl", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--format", "xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("xlsx"));
}

#[test]
fn a_bad_base_iri_is_a_usage_error_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    for bad in ["kg.example/id/", "https://kg.example/id", "https://kg.example/a b/"] {
        let out = run(&["extract", "seeds", "--base-iri", bad, "--out", out_dir.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(stderr(&out).contains("base IRI"), "{}", stderr(&out));
        assert!(!out_dir.exists(), "{bad}: something was written");
    }
    let out = run(&["export", "--graph", "exports/graph.ttl", "--format", "nt", "--base-iri", "no-scheme/"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn extract_prints_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["extract", "seeds", "--out", dir.path().to_str().unwrap()]);
    assert!(out.status.success());
    let summary = stdout(&out);
    assert!(summary.contains("articles: 5 (de 1, fr 1, nl 1, uk 1, vi 1)"), "{summary}");
    assert!(summary.contains("persons 13"), "{summary}");
}

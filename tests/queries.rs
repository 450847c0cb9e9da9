//! The SPARQL files of `queries/` answer the questions they are named after,
//! run through the binary on the committed N-Quads export.

use crate::util::*;

fn query(file: &str, format: &str) -> String {
    let out = run(&["query", "--graph", "exports/graph.nq", &format!("@queries/{file}"), "--format", format]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// CSV rows without the header.
fn rows(file: &str) -> Vec<String> {
    query(file, "csv").lines().skip(1).map(|l| l.trim_end_matches('\r').to_string()).collect()
}

#[test]
fn cochairs_of_the_11th_dialogue() {
    eqnice!(rows("1-cochairs-11th-dialogue.rq"), vec!["Hoang Xuan Chien", "Kano Koji"]);
}

#[test]
fn date_and_place_of_the_11th_dialogue() {
    eqnice!(rows("2-when-where-11th-dialogue.rq"), vec!["2025-02-10,Fukuoka"]);
}

#[test]
fn agreements_signed_at_the_first_2plus2() {
    let rows = rows("3-agreements-first-2plus2.rq");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].starts_with("Letter of Intent") && rows[0].contains("training"), "{rows:?}");
    assert!(rows[1].starts_with("Memorandum of Understanding") && rows[1].contains("search and rescue"), "{rows:?}");
}

#[test]
fn japanese_defence_counterparts_in_date_order() {
    let names: Vec<String> =
        rows("4-japanese-defence-counterparts.rq").iter().map(|r| r.split(',').next().unwrap().to_string()).collect();
    eqnice!(names, vec!["Serizawa Kiyoshi", "Kano Koji"]);
}

#[test]
fn one_hoang_xuan_chien_in_five_articles() {
    eqnice!(rows("5-hoang-xuan-chien-nodes-and-articles.rq"), vec!["1,5"]);
}

#[test]
fn articles_reporting_the_first_2plus2() {
    eqnice!(rows("6-articles-first-2plus2.rq"), vec!["000_114d648a07770d64.txt", "002_e89b1f5a22db12ac.txt"]);
}

#[test]
fn table_output_is_aligned() {
    let table = query("1-cochairs-11th-dialogue.rq", "table");
    assert!(table.starts_with("chair\n---"), "{table}");
    assert!(table.contains("Kano Koji"));
}

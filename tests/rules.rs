//! Every rule's examples run here, and broken rule files must fail to load
//! with their file, line, column and rule id.

use newsgraph::examples::pattern_values;
use newsgraph::names::romanize;
use newsgraph::RuleSet;

use crate::util::{builtin_rules, rules_with};

/// Shared patterns are tried in this language.
const SHARED_PATTERNS_IN: &str = "en";

#[test]
fn every_pattern_example_finds_what_it_says() {
    let rule_set = builtin_rules();
    let mut failures = Vec::new();
    let mut n_examples = 0;
    for lang in &rule_set.languages {
        for pattern in &lang.patterns {
            let shared = pattern.location.path.contains("/common/");
            if shared && lang.code != SHARED_PATTERNS_IN {
                continue;
            }
            for example in &pattern.examples {
                n_examples += 1;
                let found = pattern_values(&rule_set, lang, &pattern.id, &example.text);
                if found != example.expect {
                    failures.push(format!(
                        "{} ({}): {:?}\n  expected {:?}\n  found    {:?}",
                        pattern.id, lang.code, example.text, example.expect, found
                    ));
                }
            }
            for text in &pattern.counter_examples {
                n_examples += 1;
                let found = pattern_values(&rule_set, lang, &pattern.id, text);
                if !found.is_empty() {
                    failures.push(format!("{} ({}): counter-example {text:?} found {found:?}", pattern.id, lang.code));
                }
            }
        }
    }
    assert!(n_examples > 50, "only {n_examples} examples");
    assert!(failures.is_empty(), "{} of {n_examples} examples failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_pattern_has_an_example() {
    let rule_set = builtin_rules();
    let missing: Vec<&str> = rule_set
        .languages
        .iter()
        .flat_map(|l| &l.patterns)
        .filter(|p| p.examples.is_empty())
        .map(|p| p.id.as_str())
        .collect();
    assert!(missing.is_empty(), "patterns without examples: {missing:?}");
}

#[test]
fn transliteration_examples_romanize() {
    let rule_set = builtin_rules();
    let mut failures = Vec::new();
    for table in &rule_set.translit {
        for [from, to] in &table.examples {
            let lang = table.languages.first().map_or("uk", String::as_str);
            let (found, used) = romanize(&rule_set, lang, from).expect("a table applies");
            if &found != to || used != table.id {
                failures.push(format!("{}: {from} → {found} by {used}, expected {to}", table.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn ukrainian_and_latin_spellings_share_a_merge_key() {
    let rule_set = builtin_rules();
    let key = |name: &str| {
        let (romanized, _) = romanize(&rule_set, "uk", name).unwrap();
        newsgraph::names::merge_key(&rule_set, &romanized)
    };
    for (a, b) in [
        ("Хоанг Суань Чіен", "Hoang Xuan Chien"),
        ("Хоан Суань Чієн", "Hoàng Xuân Chiến"),
        ("Нгуєн Мінь Ву", "Nguyen Minh Vu"),
        ("Кано Кодзі", "Koji Kano"),
        ("Hoang_Xuân_Chiên", "Hoang Xuan Chien"),
    ] {
        assert_eq!(key(a), key(b), "{a} / {b}");
    }
    assert_ne!(key("Кано Кодзі"), key("Kano Kenji"));
}

/// Loads a copy of the built-in rules with one file added or replaced.
fn load_with(file: &str, text: &str) -> Result<RuleSet, newsgraph::rules::RuleError> {
    let (_dir, rules) = rules_with(file, text);
    RuleSet::from_dir(&rules)
}

fn check_error(file: &str, text: &str, wanted: &[&str]) {
    let err = load_with(file, text).expect_err("the broken rule file must not load");
    let message = err.to_string();
    for w in wanted {
        assert!(message.contains(w), "{message:?} does not say {w:?}");
    }
}

#[test]
fn syntax_error_names_file_line_and_column() {
    check_error(
        "en/broken.toml",
        "[[pattern]]\nid = \"person.en.broken\"\nkind = \"person\"\npattern = 'x\n",
        &["rules/en/broken.toml:4:", "person.en.broken"],
    );
}

#[test]
fn unknown_field_is_refused() {
    check_error(
        "en/broken.toml",
        "[[pattern]]\nid = \"person.en.typo\"\nkind = \"person\"\npatern = '(?P<name>x)'\n",
        &["rules/en/broken.toml:4:1", "person.en.typo", "unknown field `patern`"],
    );
}

#[test]
fn regex_that_does_not_compile_is_refused() {
    check_error(
        "en/broken.toml",
        "\n[[pattern]]\nid = \"person.en.bad-regex\"\nkind = \"person\"\npattern = '(?P<name>[a-z'\nexamples = []\n",
        &["rules/en/broken.toml:5:11", "rule person.en.bad-regex", "regex does not compile"],
    );
}

#[test]
fn duplicate_rule_id_is_refused() {
    check_error(
        "en/broken.toml",
        "[[lexicon]]\nid = \"lexicon.en.countries\"\nname = \"country\"\nwords = []\n",
        &["duplicate rule id", "lexicon.en.countries", "rules/en/language.toml"],
    );
}

#[test]
fn pattern_matching_the_empty_string_is_refused() {
    check_error(
        "en/broken.toml",
        "[[pattern]]\nid = \"date.en.empty\"\nkind = \"date\"\npattern = '(?P<month>x)?'\n",
        &["rules/en/broken.toml:4:11", "date.en.empty", "matches the empty string"],
    );
}

#[test]
fn unknown_reference_is_refused() {
    check_error(
        "en/broken.toml",
        "[[pattern]]\nid = \"person.en.ref\"\nkind = \"person\"\npattern = '{nosuchlist} (?P<name>{name-latin})'\n",
        &["rules/en/broken.toml:4:11", "person.en.ref", "{nosuchlist}"],
    );
}

#[test]
fn entry_naming_an_unknown_entity_is_refused() {
    check_error(
        "en/broken.toml",
        "[[lexicon]]\nid = \"lexicon.en.more-countries\"\nname = \"country\"\nentries = [{ text = \"Atlantis\", entity = \"country.atlantis\" }]\n",
        &["rules/en/broken.toml:1:1", "lexicon.en.more-countries", "country.atlantis"],
    );
}

#[test]
fn conflicting_transliteration_entries_are_refused() {
    check_error(
        "translit/broken.toml",
        "[[translit]]\nid = \"translit.test.conflict\"\nscript = \"Cyrillic\"\norigin = \"any\"\nmap = [[\"х\", \"kh\"], [\"х\", \"h\"]]\n",
        &["rules/translit/broken.toml:1:1", "translit.test.conflict", "conflicting"],
    );
}

#[test]
fn regex_over_the_size_limit_is_refused() {
    check_error(
        "en/broken.toml",
        "[[pattern]]\nid = \"date.en.huge\"\nkind = \"date\"\npattern = '(?P<month>\\w{1000}){1000}'\n",
        &["date.en.huge", "regex does not compile"],
    );
}

/// A phrase that several lists hold is a hit of each list at the same place:
/// no list shadows another ("会談" is a stopword of names and a cue of talks).
#[test]
fn a_phrase_in_two_lists_is_found_for_both() {
    use newsgraph::matching::match_rules;
    use newsgraph::normalize::{normalize, FoldedText};
    use newsgraph::rules::{Cue, ListKind};
    let rule_set = builtin_rules();
    let lang = rule_set.language("ja").expect("Japanese rules");
    let norm = normalize("両氏は東京で会談を行った。");
    let folded = FoldedText::new(&norm.text, lang.keep_marks);
    let matches = match_rules(lang, &norm, &folded);
    let lists_at = |phrase: &str| -> Vec<ListKind> {
        let start = norm.text.find(phrase).unwrap();
        matches
            .lex
            .iter()
            .filter(|h| h.span.start == start)
            .map(|h| lang.lexicon.entries[h.entry].list.clone())
            .collect()
    };
    let talks = lists_at("会談");
    assert!(talks.contains(&ListKind::Cue(Cue::Talks)) && talks.contains(&ListKind::Stopword), "{talks:?}");
    let both = lists_at("両氏");
    assert!(both.contains(&ListKind::Cue(Cue::HeadsOfDelegation)), "{both:?}");
}

//! Language identification: which language's rules an article gets.
//!
//! whatlang guesses among the languages that have rules; where it is not sure
//! (short or mixed texts), the language whose lexicon finds the most phrases in
//! the text decides. The file name is never looked at.

use crate::matching::match_lexicon;
use crate::normalize::FoldedText;
use crate::rules::{LangRules, RuleSet};

/// The rules for the language of `text`, or `None` if the rule set has no language.
pub fn detect<'r>(text: &str, rule_set: &'r RuleSet) -> Option<&'r LangRules> {
    let allow: Vec<whatlang::Lang> = rule_set.languages.iter().filter_map(|l| l.detector).collect();
    let guess = if allow.is_empty() { None } else { whatlang::Detector::with_allowlist(allow).detect(text) };
    if let Some(info) = &guess {
        if info.is_reliable() {
            return rule_set.languages.iter().find(|l| l.detector == Some(info.lang()));
        }
    }
    let plain = FoldedText::new(text, false);
    let marked = FoldedText::new(text, true);
    let by_lexicon = rule_set
        .languages
        .iter()
        .map(|l| {
            let folded = if l.keep_marks { &marked } else { &plain };
            let own = match_lexicon(l, text, folded)
                .iter()
                .filter(|h| {
                    let e = &l.lexicon.entries[h.entry];
                    !e.rule_id.contains(".common.") && !e.rule_id.starts_with("common.")
                })
                .count();
            (own, l)
        })
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.code.cmp(&a.1.code)));
    match (by_lexicon, guess) {
        (Some((n, l)), _) if n > 0 => Some(l),
        (_, Some(info)) => rule_set.languages.iter().find(|l| l.detector == Some(info.lang())),
        (best, None) => best.map(|(_, l)| l),
    }
}

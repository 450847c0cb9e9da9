//! Rule examples: runs one pattern rule on a text the way the extractor does
//! and returns what it found, so that the examples written next to each rule
//! can be checked (see `tests/rules.rs`) and rule authors can try a rule.

use crate::article::{analyze, facts, Recall};
use crate::document::Document;
use crate::rules::{LangRules, PatternKind, RuleSet};

/// The values the pattern `pattern_id` of `lang` finds in `text`, in order:
/// a person's name, a date (`2025-02-10`, `--02-27`), a meeting's class and
/// ordinal (`DefencePolicyDialogue #11`), an agreement's class, a URL, or the
/// matched line of a boilerplate rule.
pub fn pattern_values(rule_set: &RuleSet, lang: &LangRules, pattern_id: &str, text: &str) -> Vec<String> {
    let Some(index) = lang.patterns.iter().position(|p| p.id == pattern_id) else {
        return Vec::new();
    };
    let pattern = &lang.patterns[index];
    let doc = Document { id: "example".into(), source_file: "example.txt".into(), text: text.to_string() };
    let mut article = analyze(0, &doc, rule_set);
    // The example is in the rule's own language, whatever a detector would guess.
    if article.lang.map(|l| l.code.as_str()) != Some(lang.code.as_str()) {
        article = crate::article::analyze_as(0, &doc, lang);
    }
    let text_of = |s: crate::span::Span| article.norm.text[s.start..s.end].to_string();
    match pattern.kind {
        PatternKind::Person => {
            article.persons.iter().filter(|p| p.rule == pattern.id).map(|p| text_of(p.name)).collect()
        }
        PatternKind::Boilerplate | PatternKind::EndOfArticle => article
            .matches
            .patterns
            .iter()
            .filter(|h| h.pattern == index)
            .map(|h| text_of(h.span).trim().to_string())
            .collect(),
        PatternKind::SourceUrl => article
            .matches
            .patterns
            .iter()
            .filter(|h| h.pattern == index)
            .filter_map(|h| h.group("url"))
            .map(text_of)
            .collect(),
        PatternKind::Date | PatternKind::Dateline | PatternKind::DateHint => article
            .matches
            .patterns
            .iter()
            .filter(|h| h.pattern == index)
            .filter_map(|h| crate::article::date_value(&article, h))
            .map(|d| d.to_string())
            .collect(),
        PatternKind::Meeting | PatternKind::Agreement => {
            let recall = Recall::new(std::slice::from_ref(&article));
            let f = facts(&article, &doc, &recall, rule_set);
            let mut values = Vec::new();
            for m in &f.mentions {
                if m.rule != pattern.id {
                    continue;
                }
                let value = match m.target {
                    crate::article::Target::Meeting(i) => {
                        let meeting = &f.meetings[i];
                        match meeting.ordinal {
                            Some(n) => format!("{} #{n}", meeting.class),
                            None => meeting.class.clone(),
                        }
                    }
                    crate::article::Target::Agreement(i) => f.agreements[i].class.clone(),
                    _ => continue,
                };
                values.push(value);
            }
            values
        }
    }
}

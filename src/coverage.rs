//! Rule coverage: which rules fired on a corpus, how often and in which
//! articles, which rules never fired, and which capitalized, name-like spans
//! no rule claimed, so that a rule author sees what is missing.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use regex::Regex;

use crate::article::{analyze, facts, Article, Recall};
use crate::document::Document;
use crate::rules::RuleSet;
use crate::span::Span;

/// How often one rule fired.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleUse {
    pub hits: usize,
    /// Source files of the articles it fired in.
    pub articles: BTreeSet<String>,
}

/// A name-like span that no rule claimed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unclaimed {
    pub count: usize,
    pub articles: BTreeSet<String>,
}

/// The coverage of a rule set on a corpus.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    /// Rule id → use, for every rule that fired.
    pub fired: BTreeMap<String, RuleUse>,
    /// Rules of the articles' languages (and shared rules) that never fired.
    pub unused: Vec<String>,
    /// Text → where it stands.
    pub unclaimed: BTreeMap<String, Unclaimed>,
}

/// Runs the rules on `documents` and reports their coverage.
pub fn coverage(documents: &[Document], rule_set: &RuleSet) -> Coverage {
    let articles: Vec<Article<'_>> = documents.iter().enumerate().map(|(i, d)| analyze(i, d, rule_set)).collect();
    let recall = Recall::new(&articles);
    let mut report = Coverage::default();
    let mut candidates: BTreeSet<String> = BTreeSet::new();
    let name_like = Regex::new(r"\p{Lu}[\p{Ll}\p{M}'’]+(?:[ -]\p{Lu}[\p{Ll}\p{M}'’]+)+").expect("valid regex");
    for (article, doc) in articles.iter().zip(documents) {
        let Some(lang) = article.lang else { continue };
        candidates.extend(lang.patterns.iter().map(|p| p.id.clone()));
        candidates.extend(lang.lexicon.entries.iter().map(|e| e.rule_id.clone()));
        let mut fire = |rule: &str| {
            let u = report.fired.entry(rule.to_string()).or_default();
            u.hits += 1;
            u.articles.insert(doc.source_file.clone());
        };
        for hit in &article.matches.patterns {
            fire(&lang.patterns[hit.pattern].id);
        }
        for hit in &article.matches.lex {
            fire(&lang.lexicon.entries[hit.entry].rule_id);
        }
        let f = facts(article, doc, &recall, rule_set);
        let mut claimed: Vec<Span> = article.matches.lex.iter().map(|h| h.span).collect();
        claimed.extend(article.persons.iter().map(|p| p.name));
        for m in &f.mentions {
            if m.rule == crate::article::RECALL_RULE {
                fire(&m.rule);
            }
        }
        claimed.extend(article.excluded.iter().copied());
        for m in name_like.find_iter(&article.norm.text) {
            let span = Span::new(m.start(), m.end());
            if claimed.iter().any(|c| c.overlaps(span)) {
                continue;
            }
            let u = report.unclaimed.entry(m.as_str().to_string()).or_default();
            u.count += 1;
            u.articles.insert(doc.source_file.clone());
        }
    }
    report.unused = candidates.into_iter().filter(|id| !report.fired.contains_key(id)).collect();
    report
}

impl Coverage {
    /// A plain-text report.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "rules that fired: {}", self.fired.len());
        for (id, u) in &self.fired {
            let _ = writeln!(
                out,
                "  {id:<48} {:>5}  {}",
                u.hits,
                u.articles.iter().cloned().collect::<Vec<_>>().join(", ")
            );
        }
        let _ = writeln!(out, "rules that never fired: {}", self.unused.len());
        for id in &self.unused {
            let _ = writeln!(out, "  {id}");
        }
        let mut unclaimed: Vec<(&String, &Unclaimed)> = self.unclaimed.iter().collect();
        unclaimed.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
        let _ = writeln!(out, "name-like spans no rule claimed: {}", unclaimed.len());
        for (text, u) in unclaimed {
            let _ = writeln!(
                out,
                "  {text:<48} {:>5}  {}",
                u.count,
                u.articles.iter().cloned().collect::<Vec<_>>().join(", ")
            );
        }
        out
    }
}

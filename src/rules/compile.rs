//! Rule compilation: raw rule files in, a checked and compiled [`RuleSet`] out.
//!
//! Every check that can fail on a rule file is made here, at load time, and
//! reports file, line, column and rule id: TOML syntax and unknown fields,
//! duplicate ids, empty lexicons, references to unknown lists, templates,
//! entities or classes, regexes that do not compile, are too large, or match
//! the empty string.

use std::collections::{BTreeMap, HashMap, HashSet};

use aho_corasick::{AhoCorasick, MatchKind};
use regex::{Regex, RegexBuilder, RegexSetBuilder};
use toml::Spanned;
use unicode_normalization::UnicodeNormalization;

use super::raw::*;
use super::*;
use crate::normalize::{fold_char_with, fold_key, normalize};

/// The compiled size a single regex may reach (bytes).
const REGEX_SIZE_LIMIT: usize = 32 << 20;
/// How deep templates may refer to templates.
const MAX_TEMPLATE_DEPTH: usize = 8;
/// How many letters an inflectional ending may have after a `*` phrase.
const STEM_MAX: usize = 4;

struct Parsed<'a> {
    source: &'a RuleSource,
    /// `None` for shared rules, else the language folder.
    folder: Option<String>,
    file: RawRuleFile,
}

impl Parsed<'_> {
    fn error(&self, offset: usize, rule_id: Option<&str>, message: impl Into<String>) -> RuleError {
        RuleError {
            location: Location::at(&self.source.path, &self.source.text, offset),
            rule_id: rule_id.map(str::to_string),
            message: message.into(),
        }
    }

    fn location(&self, offset: usize) -> Location {
        Location::at(&self.source.path, &self.source.text, offset)
    }
}

pub(super) fn compile(sources: &[RuleSource]) -> Result<RuleSet, RuleError> {
    let mut parsed = Vec::with_capacity(sources.len());
    for source in sources {
        let file: RawRuleFile = toml::from_str(&source.text).map_err(|e| {
            let offset = e.span().map_or(0, |r| r.start);
            RuleError {
                location: Location::at(&source.path, &source.text, offset),
                rule_id: enclosing_rule_id(&source.text, offset),
                message: e.message().trim().to_string(),
            }
        })?;
        let parts: Vec<&str> = source.path.split('/').collect();
        let folder = match parts.as_slice() {
            [_, folder, _, ..] if *folder != "common" && *folder != "translit" => Some(folder.to_string()),
            _ => None,
        };
        parsed.push(Parsed { source, folder, file });
    }
    let rule_ids = check_ids(&parsed)?;
    check_lexicons_not_empty(&parsed)?;

    let classes = compile_classes(&parsed)?;
    let entities = compile_entities(&parsed)?;
    let translit = compile_translit(&parsed)?;
    let origins = compile_origins(&parsed, &entities)?;

    let mut folders: Vec<String> = parsed.iter().filter_map(|p| p.folder.clone()).collect();
    folders.sort();
    folders.dedup();
    // Languages compile independently (regexes and automata are the cost):
    // in parallel, reporting the first broken folder in sorted order.
    let compiled: Vec<Result<LangRules, RuleError>> = {
        use rayon::prelude::*;
        folders.par_iter().map(|folder| compile_language(&parsed, folder, &entities, &classes)).collect()
    };
    let mut languages = compiled.into_iter().collect::<Result<Vec<_>, _>>()?;
    languages.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(RuleSet { languages, entities, translit, origins, classes, rule_ids })
}

/// The id of the `[[table]]` around `offset`, for errors that serde reports
/// before any rule id is known.
fn enclosing_rule_id(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let header = match text[..offset].rfind("\n[") {
        Some(i) => i + 1,
        None if text.starts_with('[') => 0,
        None => return None,
    };
    let rest = &text[header..];
    let end = rest[1..].find("\n[").map_or(rest.len(), |i| i + 1);
    let id_re = Regex::new(r#"(?m)^\s*id\s*=\s*"([^"]*)""#).ok()?;
    id_re.captures(&rest[..end]).map(|c| c[1].to_string())
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

/// Every rule id: well-formed, and used once in the whole rule set.
fn check_ids(parsed: &[Parsed<'_>]) -> Result<Vec<String>, RuleError> {
    let mut seen: HashMap<String, Location> = HashMap::new();
    let mut ids = Vec::new();
    for p in parsed {
        let f = &p.file;
        let mut items: Vec<(&str, usize)> = Vec::new();
        if let Some(l) = &f.language {
            items.push((&l.get_ref().id, l.span().start));
        }
        items.extend(f.template.iter().map(|t| (t.get_ref().id.as_str(), t.span().start)));
        items.extend(f.lexicon.iter().map(|t| (t.get_ref().id.as_str(), t.span().start)));
        items.extend(f.pattern.iter().map(|t| (t.get_ref().id.as_str(), t.span().start)));
        items.extend(f.entity.iter().map(|t| (t.get_ref().id.as_str(), t.span().start)));
        items.extend(f.translit.iter().map(|t| (t.get_ref().id.as_str(), t.span().start)));
        items.extend(f.origin.iter().map(|t| (t.get_ref().id.as_str(), t.span().start)));
        items.extend(f.class.iter().map(|t| (t.get_ref().id.as_str(), t.span().start)));
        for (id, offset) in items {
            if !valid_id(id) {
                return Err(p.error(offset, Some(id), "a rule id is lower-case letters, digits, '.', '-' and '_'"));
            }
            if let Some(first) = seen.get(id) {
                return Err(p.error(offset, Some(id), format!("duplicate rule id, first defined at {first}")));
            }
            seen.insert(id.to_string(), p.location(offset));
            ids.push(id.to_string());
        }
    }
    ids.sort();
    Ok(ids)
}

/// Every lexicon (gazetteer) has at least one phrase: an empty one is a
/// mistake, and `{name}` over it would expand to a pattern matching nothing
/// or the empty string.
fn check_lexicons_not_empty(parsed: &[Parsed<'_>]) -> Result<(), RuleError> {
    for p in parsed {
        for lex in &p.file.lexicon {
            let raw = lex.get_ref();
            if raw.words.is_empty() && raw.entries.is_empty() {
                let message = "an empty lexicon (gazetteer): give it words or entries";
                return Err(p.error(lex.span().start, Some(&raw.id), message));
            }
        }
    }
    Ok(())
}

fn compile_classes(parsed: &[Parsed<'_>]) -> Result<BTreeMap<String, String>, RuleError> {
    let mut classes = BTreeMap::new();
    for p in parsed {
        for c in &p.file.class {
            let raw = c.get_ref();
            if raw.family != "meeting" && raw.family != "agreement" {
                return Err(p.error(c.span().start, Some(&raw.id), "family is \"meeting\" or \"agreement\""));
            }
            if !raw.class.chars().next().is_some_and(|ch| ch.is_ascii_uppercase())
                || !raw.class.chars().all(|ch| ch.is_ascii_alphanumeric())
            {
                return Err(p.error(c.span().start, Some(&raw.id), "a class is an UpperCamelCase local name"));
            }
            classes.insert(raw.class.clone(), raw.name.clone());
        }
    }
    Ok(classes)
}

fn compile_entities(parsed: &[Parsed<'_>]) -> Result<BTreeMap<String, Entity>, RuleError> {
    let mut entities = BTreeMap::new();
    let mut spans: Vec<(&Parsed<'_>, &Spanned<RawEntity>)> = Vec::new();
    for p in parsed {
        for e in &p.file.entity {
            let raw = e.get_ref();
            let kind = EntityKind::from_name(&raw.kind).ok_or_else(|| {
                p.error(
                    e.span().start,
                    Some(&raw.id),
                    format!(
                        "unknown entity kind {:?}: person, organization, government-organization, country, place or agreement",
                        raw.kind
                    ),
                )
            })?;
            let country = match raw.country.as_deref() {
                None => CountryRule::None,
                Some("context") => CountryRule::Context,
                Some(id) => CountryRule::Fixed(id.to_string()),
            };
            entities.insert(
                raw.id.clone(),
                Entity {
                    id: raw.id.clone(),
                    kind,
                    name: raw.name.clone(),
                    country,
                    names_by_country: raw.names_by_country.clone(),
                    class: raw.class.clone(),
                    topic: raw.topic.clone(),
                    date: raw.date.clone(),
                    native: raw.native.clone(),
                },
            );
            spans.push((p, e));
        }
    }
    for (p, e) in spans {
        let raw = e.get_ref();
        let is_country = |id: &str| entities.get(id).is_some_and(|x: &Entity| x.kind == EntityKind::Country);
        if let Some(id) = raw.country.as_deref().filter(|c| *c != "context") {
            if !is_country(id) {
                return Err(p.error(e.span().start, Some(&raw.id), format!("country {id:?} is not a country entity")));
            }
        }
        for id in raw.names_by_country.keys() {
            if !is_country(id) {
                return Err(p.error(
                    e.span().start,
                    Some(&raw.id),
                    format!("names_by_country: {id:?} is not a country entity"),
                ));
            }
        }
        if raw.kind == "agreement" && raw.class.is_none() {
            return Err(p.error(e.span().start, Some(&raw.id), "an agreement entity needs a class"));
        }
    }
    Ok(entities)
}

/// Splits `^from$` into the letters and the anchors.
fn anchored(from: &str) -> (Vec<char>, bool, bool) {
    let start = from.starts_with('^');
    let end = from.len() > 1 && from.ends_with('$');
    let core = from.trim_start_matches('^');
    let core = if end { &core[..core.len() - 1] } else { core };
    (core.to_lowercase().chars().collect(), start, end)
}

fn compile_translit(parsed: &[Parsed<'_>]) -> Result<Vec<TranslitTable>, RuleError> {
    let mut tables = Vec::new();
    for p in parsed {
        for t in &p.file.translit {
            let raw = t.get_ref();
            let token_shape = compile_plain_regex(p, raw.token_shape.as_ref(), &raw.id)?;
            let mut map = Vec::new();
            let mut seen: HashMap<(Vec<char>, bool, bool), String> = HashMap::new();
            for [from, to] in &raw.map {
                let (mut chars, start, end) = anchored(from);
                if raw.jamo {
                    chars = chars.into_iter().collect::<String>().nfd().collect();
                }
                if chars.is_empty() {
                    return Err(p.error(t.span().start, Some(&raw.id), "a transliteration entry maps an empty string"));
                }
                if let Some(other) = seen.get(&(chars.clone(), start, end)) {
                    if other != to {
                        return Err(p.error(
                            t.span().start,
                            Some(&raw.id),
                            format!("conflicting entries for {from:?}: {other:?} and {to:?}"),
                        ));
                    }
                }
                seen.insert((chars.clone(), start, end), to.clone());
                map.push((chars, to.clone(), start, end));
            }
            map.sort_by_key(|m| std::cmp::Reverse(m.0.len()));
            let mut loose: Vec<_> = raw
                .loose
                .iter()
                .map(|[from, to]| {
                    let (chars, start, end) = anchored(from);
                    (chars, to.clone(), start, end)
                })
                .collect();
            loose.sort_by_key(|m| std::cmp::Reverse(m.0.len()));
            let mut family_names: Vec<(String, String)> =
                raw.family_names.iter().map(|[native, latin]| (native.nfc().collect(), latin.clone())).collect();
            if family_names.iter().any(|(native, latin)| native.is_empty() || latin.is_empty()) {
                return Err(p.error(
                    t.span().start,
                    Some(&raw.id),
                    "a family name pairs a native and a Latin spelling",
                ));
            }
            family_names.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.0.cmp(&b.0)));
            tables.push(TranslitTable {
                id: raw.id.clone(),
                script: raw.script.clone(),
                origin: raw.origin.clone(),
                token_shape,
                priority: raw.priority,
                languages: raw.languages.clone(),
                map,
                loose,
                examples: raw.examples.clone(),
                jamo: raw.jamo,
                family_names,
                given_separator: raw.given_separator.clone().unwrap_or_else(|| "-".to_string()),
                min_tokens: raw.min_tokens,
                max_tokens: raw.max_tokens,
            });
        }
    }
    tables.sort_by(|a, b| b.priority.cmp(&a.priority).then(a.id.cmp(&b.id)));
    Ok(tables)
}

fn compile_origins(parsed: &[Parsed<'_>], entities: &BTreeMap<String, Entity>) -> Result<Vec<Origin>, RuleError> {
    let mut origins = Vec::new();
    for p in parsed {
        for o in &p.file.origin {
            let raw = o.get_ref();
            if entities.get(&raw.country).is_none_or(|e| e.kind != EntityKind::Country) {
                return Err(p.error(
                    o.span().start,
                    Some(&raw.id),
                    format!("country {:?} is not a country entity", raw.country),
                ));
            }
            origins.push(Origin {
                id: raw.id.clone(),
                country: raw.country.clone(),
                family_names: raw.family_names.iter().map(|n| fold_key(n)).collect(),
                token_shape: compile_plain_regex(p, raw.token_shape.as_ref(), &raw.id)?,
                min_tokens: raw.min_tokens,
            });
        }
    }
    Ok(origins)
}

fn compile_plain_regex(
    p: &Parsed<'_>,
    pattern: Option<&Spanned<String>>,
    id: &str,
) -> Result<Option<Regex>, RuleError> {
    pattern
        .map(|s| {
            RegexBuilder::new(s.get_ref())
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| p.error(s.span().start, Some(id), format!("regex does not compile: {e}")))
        })
        .transpose()
}

/// The folded form of a phrase, exactly as the folded view of an article would have it.
fn fold_phrase(text: &str, keep_marks: bool) -> String {
    let norm = normalize(text);
    let mut out = String::new();
    for ch in norm.text.chars() {
        fold_char_with(ch, keep_marks, &mut out);
    }
    out
}

fn compile_language(
    parsed: &[Parsed<'_>],
    folder: &str,
    entities: &BTreeMap<String, Entity>,
    classes: &BTreeMap<String, String>,
) -> Result<LangRules, RuleError> {
    let in_scope = |p: &&Parsed<'_>| p.folder.is_none() || p.folder.as_deref() == Some(folder);
    let mine: Vec<&Parsed<'_>> = parsed.iter().filter(in_scope).collect();
    let own: Vec<&&Parsed<'_>> = mine.iter().filter(|p| p.folder.as_deref() == Some(folder)).collect();

    let mut language = None;
    for p in &own {
        if let Some(l) = &p.file.language {
            if language.is_some() {
                return Err(p.error(l.span().start, Some(&l.get_ref().id), "a second [language] table in this folder"));
            }
            language = Some((*p, l));
        }
    }
    let Some((lang_file, lang)) = language else {
        let p = own[0];
        return Err(p.error(0, None, format!("the language folder {folder:?} has no [language] table")));
    };
    let raw_lang = lang.get_ref();
    let detector = match raw_lang.detector.as_deref() {
        None => None,
        Some(code) => Some(whatlang::Lang::from_code(code).ok_or_else(|| {
            lang_file.error(lang.span().start, Some(&raw_lang.id), format!("unknown detector language {code:?}"))
        })?),
    };
    let inflection = raw_lang.inflection.clone().unwrap_or_else(|| r"\p{L}{0,4}".to_string());

    // Lexicons: shared and own lists of the same name are one list.
    let mut entries: Vec<LexEntry> = Vec::new();
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for p in &mine {
        for lex in &p.file.lexicon {
            let raw = lex.get_ref();
            let list = ListKind::from_name(&raw.name);
            let plain = raw.words.iter().map(|w| RawEntry {
                text: w.clone(),
                value: None,
                entity: None,
                kind: None,
                org: None,
                country: None,
                plural: false,
                number: None,
            });
            for entry in plain.chain(raw.entries.iter().cloned()) {
                check_entry(p, lex.span().start, &raw.id, &list, &entry, entities)?;
                let stem = entry.text.ends_with('*');
                let text = entry.text.trim_end_matches('*').trim().to_string();
                let folded = fold_phrase(&text, raw_lang.keep_marks);
                by_name.entry(raw.name.clone()).or_default().push(entries.len());
                entries.push(LexEntry {
                    list: list.clone(),
                    rule_id: raw.id.clone(),
                    text,
                    folded,
                    stem,
                    case_sensitive: raw.case_sensitive,
                    attrs: entry,
                });
            }
        }
    }
    let mut phrase_index: HashMap<&str, usize> = HashMap::new();
    let mut phrases: Vec<&str> = Vec::new();
    let mut phrase_entries: Vec<Vec<usize>> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let k = *phrase_index.entry(e.folded.as_str()).or_insert_with(|| {
            phrases.push(e.folded.as_str());
            phrase_entries.push(Vec::new());
            phrases.len() - 1
        });
        // One entry per list: a phrase written twice in one list (or in a
        // shared and an own list of the same name) keeps its first entry.
        if !phrase_entries[k].iter().any(|&j| entries[j].list == e.list) {
            phrase_entries[k].push(i);
        }
    }
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&phrases)
        .map_err(|e| lang_file.error(lang.span().start, Some(&raw_lang.id), format!("lexicon automaton: {e}")))?;

    // Templates: a language's own template overrides a shared one of the same name.
    let mut templates: HashMap<String, String> = HashMap::new();
    for p in mine.iter().filter(|p| p.folder.is_none()).chain(own.iter().copied()) {
        for t in &p.file.template {
            templates.insert(t.get_ref().name.clone(), t.get_ref().pattern.get_ref().clone());
        }
    }
    let ctx = ExpandCtx { templates: &templates, lexicons: &by_name, entries: &entries, inflection: &inflection };

    let mut patterns = Vec::new();
    let mut expanded_all = Vec::new();
    for p in &mine {
        for pat in &p.file.pattern {
            let raw = pat.get_ref();
            let at = pat.get_ref().pattern.span().start;
            let kind = PatternKind::from_name(&raw.kind).ok_or_else(|| {
                let kinds: Vec<&str> = PatternKind::ALL.iter().map(|k| k.as_str()).collect();
                p.error(
                    pat.span().start,
                    Some(&raw.id),
                    format!("unknown pattern kind {:?}: one of {}", raw.kind, kinds.join(", ")),
                )
            })?;
            let expanded = expand(raw.pattern.get_ref(), &ctx, 0).map_err(|m| p.error(at, Some(&raw.id), m))?;
            let regex = RegexBuilder::new(&expanded)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| p.error(at, Some(&raw.id), format!("regex does not compile: {e}")))?;
            if regex.is_match("") {
                return Err(p.error(at, Some(&raw.id), "the pattern matches the empty string"));
            }
            let required: &[&str] = match kind {
                PatternKind::Person => &["name"],
                PatternKind::Date | PatternKind::Dateline => &["month"],
                PatternKind::DateHint => &["year", "month"],
                PatternKind::SourceUrl => &["url"],
                _ => &[],
            };
            for group in required {
                if !regex.capture_names().any(|n| n == Some(group)) {
                    return Err(p.error(
                        at,
                        Some(&raw.id),
                        format!("a {} pattern needs a group (?P<{group}>...)", kind.as_str()),
                    ));
                }
            }
            if matches!(kind, PatternKind::Meeting | PatternKind::Agreement) {
                match raw.class.as_deref() {
                    None => {
                        return Err(p.error(
                            pat.span().start,
                            Some(&raw.id),
                            format!("a {} pattern needs a class", kind.as_str()),
                        ))
                    }
                    Some(c) if !classes.contains_key(c) => {
                        return Err(p.error(
                            pat.span().start,
                            Some(&raw.id),
                            format!("unknown class {c:?}: declare it in a [[class]]"),
                        ))
                    }
                    _ => {}
                }
            }
            expanded_all.push(expanded);
            patterns.push(Pattern {
                id: raw.id.clone(),
                kind,
                regex,
                class: raw.class.clone(),
                name: raw.name.clone(),
                examples: raw.examples.clone(),
                counter_examples: raw.counter_examples.clone(),
                location: p.location(pat.span().start),
                year_offset: raw.year_offset.unwrap_or(0),
            });
        }
    }
    let pattern_set = RegexSetBuilder::new(&expanded_all).size_limit(REGEX_SIZE_LIMIT * 4).build().map_err(|e| {
        lang_file.error(lang.span().start, Some(&raw_lang.id), format!("the language's patterns together: {e}"))
    })?;

    Ok(LangRules {
        id: raw_lang.id.clone(),
        code: raw_lang.code.clone(),
        name: raw_lang.name.clone(),
        detector,
        patterns,
        pattern_set,
        lexicon: Lexicon { entries, automaton, phrase_entries, stem_max: STEM_MAX },
        name_case_endings: raw_lang.name_case_endings.clone(),
        abbreviations: raw_lang.abbreviations.iter().map(|a| fold_key(a.trim_end_matches('.'))).collect::<HashSet<_>>(),
        unspaced: raw_lang.unspaced,
        keep_marks: raw_lang.keep_marks,
    })
}

fn check_entry(
    p: &Parsed<'_>,
    offset: usize,
    id: &str,
    list: &ListKind,
    entry: &RawEntry,
    entities: &BTreeMap<String, Entity>,
) -> Result<(), RuleError> {
    let text = entry.text.trim_end_matches('*').trim();
    if text.is_empty() {
        return Err(p.error(offset, Some(id), "an empty phrase"));
    }
    if text.contains('*') {
        return Err(p.error(offset, Some(id), format!("{text:?}: `*` (an inflectional ending) may only end a phrase")));
    }
    for (field, value) in [("entity", &entry.entity), ("org", &entry.org), ("country", &entry.country)] {
        if let Some(e) = value {
            if !entities.contains_key(e) {
                return Err(p.error(offset, Some(id), format!("{text:?}: {field} {e:?} is not a known entity")));
            }
        }
    }
    let needs_entity = matches!(
        list,
        ListKind::Country | ListKind::Place | ListKind::Organization | ListKind::AgreementName | ListKind::Person
    );
    if needs_entity && entry.entity.is_none() {
        return Err(p.error(
            offset,
            Some(id),
            format!("{text:?}: a phrase of this list names an entity (entity = \"...\")"),
        ));
    }
    if matches!(list, ListKind::Month | ListKind::Ordinal | ListKind::Weekday) && entry.number.is_none() {
        return Err(p.error(offset, Some(id), format!("{text:?}: months, weekdays and ordinals need a number")));
    }
    if *list == ListKind::Weekday && !entry.number.is_some_and(|n| (1..=7).contains(&n)) {
        return Err(p.error(offset, Some(id), format!("{text:?}: a weekday's number is 1 (Monday) to 7 (Sunday)")));
    }
    if *list == ListKind::Title {
        match entry.kind.as_deref() {
            Some("rank" | "post" | "honorific") => {}
            other => {
                return Err(p.error(
                    offset,
                    Some(id),
                    format!("{text:?}: a title's kind is rank, post or honorific, not {other:?}"),
                ))
            }
        }
    }
    Ok(())
}

struct ExpandCtx<'a> {
    templates: &'a HashMap<String, String>,
    lexicons: &'a BTreeMap<String, Vec<usize>>,
    entries: &'a [LexEntry],
    inflection: &'a str,
}

/// Replaces `{name}` references by their template or lexicon alternation.
/// A `{` that does not start with a lower-case letter is regex syntax (`{1,3}`).
fn expand(pattern: &str, ctx: &ExpandCtx<'_>, depth: usize) -> Result<String, String> {
    if depth > MAX_TEMPLATE_DEPTH {
        return Err("templates refer to each other too deeply (a cycle?)".to_string());
    }
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(i) = rest.find('{') {
        let escaped = rest[..i].ends_with('\\') && !rest[..i].ends_with("\\\\");
        let after = &rest[i + 1..];
        let is_ref = !escaped && after.starts_with(|c: char| c.is_ascii_lowercase());
        if !is_ref {
            out.push_str(&rest[..=i]);
            rest = after;
            continue;
        }
        let Some(close) = after.find('}') else {
            return Err(format!("unclosed reference at {:?}", &rest[i..]));
        };
        let name = &after[..close];
        if !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_') {
            return Err(format!("bad reference {{{name}}}"));
        }
        out.push_str(&rest[..i]);
        if let Some(template) = ctx.templates.get(name) {
            out.push_str("(?:");
            out.push_str(&expand(template, ctx, depth + 1)?);
            out.push(')');
        } else if let Some(indices) = ctx.lexicons.get(name) {
            out.push_str(&alternation(indices, ctx));
        } else {
            return Err(format!("{{{name}}} is neither a template nor a lexicon of this language"));
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn alternation(indices: &[usize], ctx: &ExpandCtx<'_>) -> String {
    let mut phrases: Vec<(&str, bool)> =
        indices.iter().map(|&i| (ctx.entries[i].text.as_str(), ctx.entries[i].stem)).collect();
    phrases.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
    phrases.dedup();
    let alts: Vec<String> = phrases
        .iter()
        .map(|(text, stem)| {
            let norm = normalize(text).text;
            let words: Vec<String> = norm.split(' ').map(regex::escape).collect();
            let mut alt = words.join(r"\s+");
            if *stem {
                alt.push_str(&format!("(?:{})", ctx.inflection));
            }
            alt
        })
        .collect();
    format!("(?i:{})", alts.join("|"))
}

//! Article analysis: from one document's rule matches to the facts it states,
//! with spans. Everything here is about one article; merging across articles
//! is `resolve`'s job.
//!
//! Stage one ([`analyze`]) normalizes, identifies the language, runs the rules
//! and finds persons by their titles. Between the stages the whole corpus's
//! person names are collected ([`Recall`]) so that stage two ([`facts`]) also
//! finds a name where it stands without a title ("Selon Dang Quoc_Hùng").
//! Stage two then reads each sentence: who co-chairs, who receives whom, when
//! and where a meeting took place, what was signed, by whom, on what topic.

use std::collections::{BTreeMap, BTreeSet};

use aho_corasick::{AhoCorasick, MatchKind};

use crate::dates::{DateBasis, DateContext, DateValue};
use crate::document::Document;
use crate::lang;
use crate::matching::{match_rules, LexHit, Matches, PatternHit};
use crate::normalize::{fold_char, normalize, FoldedText, NormText};
use crate::rules::{CountryRule, Cue, EntityKind, LangRules, LexEntry, ListKind, PatternKind, RuleSet};
use crate::span::Span;

/// The rule id of mentions found by the corpus-wide name recall.
pub const RECALL_RULE: &str = "person.common.recall-known-name";

/// The rule id of a person's mention by one word of the full name.
pub const SHORT_NAME_RULE: &str = "person.common.short-name";

/// A person's name found in the text, with the titles around it.
#[derive(Debug, Clone)]
pub struct PersonMention {
    /// The name, in the normalized text.
    pub name: Span,
    /// Titles, ranks and posts that came with the name.
    pub titles: Vec<Span>,
    pub rule: String,
    /// The known person (`[[entity]]` id) when a gazetteer phrase found the name.
    pub entity: Option<String>,
}

/// Stage one's result for one document.
#[derive(Debug)]
pub struct Article<'r> {
    pub doc: usize,
    pub lang: Option<&'r LangRules>,
    pub norm: NormText,
    pub folded: FoldedText,
    pub matches: Matches,
    /// Normalized spans that are not article prose (captions of files, menus).
    pub excluded: Vec<Span>,
    pub sentences: Vec<Span>,
    pub persons: Vec<PersonMention>,
}

impl Article<'_> {
    fn is_excluded(&self, span: Span) -> bool {
        self.excluded.iter().any(|e| e.contains(Span::new(span.start, span.start)) && span.start < e.end)
    }

    fn text(&self, span: Span) -> &str {
        &self.norm.text[span.start..span.end]
    }

    fn entry(&self, hit: &LexHit) -> &LexEntry {
        &self.lang.expect("hits imply a language").lexicon.entries[hit.entry]
    }

    fn sentence_of(&self, at: usize) -> usize {
        self.sentences.partition_point(|s| s.end <= at).min(self.sentences.len().saturating_sub(1))
    }
}

/// Stage one: normalize, identify the language, match, find titled persons.
pub fn analyze<'r>(doc_index: usize, doc: &Document, rule_set: &'r RuleSet) -> Article<'r> {
    let norm = normalize(&doc.text);
    match lang::detect(&norm.text, rule_set) {
        Some(lang) => analyze_normalized(doc_index, norm, lang),
        None => Article {
            doc: doc_index,
            lang: None,
            folded: FoldedText::new(&norm.text, false),
            norm,
            matches: Matches::default(),
            excluded: Vec::new(),
            sentences: Vec::new(),
            persons: Vec::new(),
        },
    }
}

/// Stage one with a given language instead of a detected one.
pub fn analyze_as<'r>(doc_index: usize, doc: &Document, lang: &'r LangRules) -> Article<'r> {
    analyze_normalized(doc_index, normalize(&doc.text), lang)
}

fn analyze_normalized<'r>(doc_index: usize, norm: NormText, lang: &'r LangRules) -> Article<'r> {
    let folded = FoldedText::new(&norm.text, lang.keep_marks);
    let matches = match_rules(lang, &norm, &folded);
    let mut article = Article {
        doc: doc_index,
        lang: Some(lang),
        norm,
        folded,
        matches,
        excluded: Vec::new(),
        sentences: Vec::new(),
        persons: Vec::new(),
    };
    article.excluded = excluded_regions(&article, lang);
    article.sentences = sentences(&article.norm.text, lang);
    article.persons = titled_persons(&article, lang);
    article
}

/// The date a date, dateline or date-hint match stands for (year not inferred).
pub fn date_value(article: &Article<'_>, hit: &PatternHit) -> Option<DateValue> {
    let lang = article.lang?;
    let text = |name: &str| hit.group(name).map(|s| article.text(s));
    let month = number_of(lang, &ListKind::Month, text("month")?)? as u32;
    let offset = lang.patterns[hit.pattern].year_offset;
    let year = text("year").and_then(|y| y.parse::<i32>().ok()).map(|y| y + offset);
    let day = text("day").and_then(|d| d.parse::<u32>().ok());
    if year.is_none() && day.is_none() {
        return None;
    }
    DateValue::from_parts(year, month, day)
}

/// Lines that boilerplate rules match, and everything after an end-of-article line.
fn excluded_regions(article: &Article<'_>, lang: &LangRules) -> Vec<Span> {
    let text = &article.norm.text;
    let line_of = |at: usize| {
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        Span::new(start, end)
    };
    let mut regions = Vec::new();
    for hit in &article.matches.patterns {
        match lang.patterns[hit.pattern].kind {
            PatternKind::Boilerplate => {
                let first = line_of(hit.span.start);
                let last = line_of(hit.span.end.saturating_sub(1).max(hit.span.start));
                regions.push(Span::new(first.start, last.end));
            }
            PatternKind::EndOfArticle => regions.push(Span::new(line_of(hit.span.start).start, text.len())),
            _ => {}
        }
    }
    regions.sort();
    regions
}

/// Splits normalized text into sentences: at line ends, and at `.`, `!`, `?`
/// (and their CJK forms) before a space, unless the period closes a number of
/// one or two digits ("10. Verteidigungspolitischen") or an abbreviation.
pub fn sentences(text: &str, lang: &LangRules) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let next = chars.get(k + 1).map(|&(_, c)| c);
        let end_here = match c {
            '\n' => true,
            '。' | '！' | '？' => true,
            '.' | '!' | '?' => {
                let followed = next.is_none_or(|n| n == ' ' || n == '\n');
                let word_start = text[..i]
                    .char_indices()
                    .rev()
                    .find(|(_, ch)| !ch.is_alphanumeric())
                    .map_or(0, |(j, ch)| j + ch.len_utf8());
                let word = &text[word_start..i];
                let short_number = !word.is_empty() && word.len() <= 2 && word.chars().all(|ch| ch.is_ascii_digit());
                let abbreviation =
                    c == '.' && !word.is_empty() && lang.abbreviations.contains(&crate::normalize::fold_key(word));
                followed && !short_number && !abbreviation
            }
            _ => false,
        };
        if end_here {
            let end = i + c.len_utf8();
            if !text[start..end].trim().is_empty() {
                spans.push(Span::new(start, end));
            }
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        spans.push(Span::new(start, text.len()));
    }
    spans
}

/// Spans of lexicon phrases that cannot be part of a name.
fn non_name_spans<'a>(article: &'a Article<'_>, near: Span) -> impl Iterator<Item = Span> + 'a {
    // Hits are in text order and no phrase is longer than a line: look near `near` only.
    let lex = &article.matches.lex;
    let from = lex.partition_point(|h| h.span.end + 400 < near.start);
    lex[from..]
        .iter()
        .take_while(move |h| h.span.start < near.end)
        .filter(|h| article.entry(h).list.excludes_names())
        .map(|h| h.span)
}

/// Cuts a name candidate down to its rightmost run of two or more tokens that no
/// lexicon phrase claims ("Японії Коїдзумі Шінджіро" → "Коїдзумі Шінджіро").
fn trim_name(article: &Article<'_>, candidate: Span) -> Option<Span> {
    let text = article.text(candidate);
    if article.lang.is_some_and(|l| l.unspaced) {
        let blocked: Vec<Span> = non_name_spans(article, candidate).filter(|s| s.overlaps(candidate)).collect();
        return trim_unspaced(text, candidate.start, &blocked);
    }
    let mut tokens: Vec<Span> = Vec::new();
    let mut offset = candidate.start;
    for tok in text.split(' ') {
        if !tok.is_empty() {
            tokens.push(Span::new(offset, offset + tok.len()));
        }
        offset += tok.len() + 1;
    }
    let blocked: Vec<Span> = non_name_spans(article, candidate).filter(|s| s.overlaps(candidate)).collect();
    let free: Vec<bool> = tokens.iter().map(|t| !blocked.iter().any(|b| b.overlaps(*t))).collect();
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < tokens.len() {
        if !free[i] {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < tokens.len() && free[i] {
            i += 1;
        }
        if i - run_start >= 2 {
            best = Some((run_start, i - 1));
        }
    }
    best.map(|(a, b)| Span::new(tokens[a].start, tokens[b].end))
}

/// [`trim_name`] for scripts that write a name without spaces ("增田和夫"),
/// character by character: the rightmost run of two or more letters that no
/// lexicon phrase claims, without the spaces at its ends ("黄春战上将" with the
/// rank "上将" claimed → "黄春战"). `text` starts at byte `offset`; spaces inside
/// a run are kept ("레 꽝 민").
fn trim_unspaced(text: &str, offset: usize, blocked: &[Span]) -> Option<Span> {
    let mut best: Option<Span> = None;
    let mut run: Option<Span> = None;
    let close = |run: &mut Option<Span>, best: &mut Option<Span>| {
        if let Some(r) = run.take() {
            let inner = &text[r.start - offset..r.end - offset];
            let start = r.start + (inner.len() - inner.trim_start().len());
            let end = r.end - (inner.len() - inner.trim_end().len());
            if start < end && text[start - offset..end - offset].chars().filter(|c| !c.is_whitespace()).count() >= 2 {
                *best = Some(Span::new(start, end));
            }
        }
    };
    for (i, c) in text.char_indices() {
        let at = Span::new(offset + i, offset + i + c.len_utf8());
        if blocked.iter().any(|b| b.overlaps(at)) {
            close(&mut run, &mut best);
        } else {
            run = Some(run.map_or(at, |r| Span::new(r.start, at.end)));
        }
    }
    close(&mut run, &mut best);
    best
}

fn titled_persons(article: &Article<'_>, lang: &LangRules) -> Vec<PersonMention> {
    let mut persons: Vec<PersonMention> = Vec::new();
    for hit in &article.matches.patterns {
        let pattern = &lang.patterns[hit.pattern];
        if pattern.kind != PatternKind::Person || article.is_excluded(hit.span) {
            continue;
        }
        let Some(raw_name) = hit.group("name") else { continue };
        let Some(name) = trim_name(article, raw_name) else { continue };
        let title = hit.group("title").unwrap_or_else(|| {
            // Unspaced scripts put titles on both sides ("防衛省の増田和夫防衛副大臣"):
            // the whole match is the title; the name in it claims no lexicon phrase.
            if lang.unspaced {
                hit.span
            } else if raw_name.start > hit.span.start {
                Span::new(hit.span.start, raw_name.start)
            } else {
                Span::new(raw_name.end, hit.span.end)
            }
        });
        // Tokens cut from the name (a country, a rank) belong with the title.
        let title = Span::new(
            title.start.min(raw_name.start),
            title.end.max(if name.start > raw_name.start { name.start } else { title.end }),
        );
        // Matches come in text order: an overlapping name is among the last ones.
        match persons.iter_mut().rev().take(16).find(|p| p.name.overlaps(name)) {
            Some(existing) => {
                if !existing.titles.contains(&title) {
                    existing.titles.push(title);
                }
                if name.len() > existing.name.len() {
                    existing.name = name;
                }
            }
            None => persons.push(PersonMention { name, titles: vec![title], rule: pattern.id.clone(), entity: None }),
        }
    }
    persons.sort_by_key(|p| p.name);
    // Known persons from the gazetteer, where no title rule found them.
    for hit in &article.matches.lex {
        let entry = &lang.lexicon.entries[hit.entry];
        if entry.list != ListKind::Person || article.is_excluded(hit.span) {
            continue;
        }
        let at = persons.partition_point(|p| p.name.end <= hit.span.start);
        match persons[at..].iter_mut().take_while(|p| p.name.start < hit.span.end).find(|p| p.name.overlaps(hit.span)) {
            Some(existing) => existing.entity = entry.attrs.entity.clone(),
            None => persons.push(PersonMention {
                name: hit.span,
                titles: Vec::new(),
                rule: entry.rule_id.clone(),
                entity: entry.attrs.entity.clone(),
            }),
        }
    }
    persons.sort_by_key(|p| p.name);
    persons
}

/// The person names of the whole corpus, folded, for finding them again
/// wherever they stand without a title.
pub struct Recall {
    automaton: Option<AhoCorasick>,
}

impl Recall {
    pub fn new(articles: &[Article<'_>]) -> Recall {
        let mut names: BTreeSet<String> = BTreeSet::new();
        for article in articles {
            for p in &article.persons {
                let mut folded = String::new();
                for c in article.text(p.name).chars() {
                    fold_char(c, &mut folded);
                }
                names.insert(folded);
            }
        }
        let names: Vec<String> = names.into_iter().collect();
        let automaton = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&names).ok();
        Recall { automaton: automaton.filter(|_| !names.is_empty()) }
    }

    fn find(&self, article: &Article<'_>) -> Vec<Span> {
        let Some(ac) = &self.automaton else { return Vec::new() };
        let full;
        let folded = if article.lang.is_some_and(|l| l.keep_marks) {
            full = FoldedText::new(&article.norm.text, false);
            &full
        } else {
            &article.folded
        };
        let text = &folded.text;
        ac.find_iter(text)
            .filter(|m| {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
            })
            .map(|m| folded.to_norm(Span::new(m.start(), m.end())))
            .collect()
    }
}

/// A mention of an entity: where, by which rule, of what.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Byte span in the document's text as read.
    pub span: Span,
    pub rule: String,
    pub target: Target,
}

/// What a mention denotes, by index into the article's facts or by entity id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Person(usize),
    Org(usize),
    Country(String),
    Place(String),
    Meeting(usize),
    Agreement(usize),
}

/// A person as one article speaks of them.
#[derive(Debug, Clone, Default)]
pub struct LocalPerson {
    /// The name as it stands in the article's text.
    pub surface: String,
    /// The known person it is, when a gazetteer says so.
    pub entity: Option<String>,
    pub ranks: BTreeSet<String>,
    pub posts: BTreeSet<String>,
    /// Evidence for nationality: country id and weight.
    pub votes: Vec<(String, u32)>,
    pub works_for: BTreeSet<usize>,
    pub member_of: BTreeSet<usize>,
}

/// Where an organization's country comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum OrgCountry {
    None,
    Country(String),
    /// The nationality of a person whose title names the organization.
    OfPerson(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalOrg {
    pub entity: String,
    pub country: OrgCountry,
}

#[derive(Debug, Clone, Default)]
pub struct LocalMeeting {
    pub class: String,
    pub ordinal: Option<i64>,
    /// Countries of the series, in the order the article names them.
    pub series: Vec<String>,
    pub date: Option<(DateValue, DateBasis)>,
    pub same_day_as: Option<usize>,
    pub place: Option<String>,
    pub chairs: BTreeSet<usize>,
    pub attendees: BTreeSet<usize>,
}

impl LocalMeeting {
    /// A mention of a series of meetings rather than one meeting.
    pub fn is_series_only(&self) -> bool {
        self.ordinal.is_none()
            && self.date.is_none()
            && self.same_day_as.is_none()
            && self.chairs.is_empty()
            && self.attendees.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Party {
    Org(usize),
    Country(String),
}

#[derive(Debug, Clone, Default)]
pub struct LocalAgreement {
    pub class: String,
    /// English name of the kind, when the rule gives one ("Joint Vision Statement").
    pub kind_name: Option<String>,
    pub topic: Option<String>,
    pub date: Option<(DateValue, DateBasis)>,
    pub signed_at: Option<usize>,
    pub parties: BTreeSet<Party>,
    pub signatories: BTreeSet<usize>,
    /// The chairs of the meeting signed it ("the two heads of delegation").
    pub chairs_sign: bool,
    /// A known agreement (`[[entity]]` id).
    pub entity: Option<String>,
}

/// Stage two's result: what one article states.
#[derive(Debug, Clone, Default)]
pub struct ArticleFacts {
    pub doc: usize,
    pub lang: Option<String>,
    pub url: Option<String>,
    pub published: Option<DateValue>,
    pub persons: Vec<LocalPerson>,
    pub orgs: Vec<LocalOrg>,
    pub countries: BTreeSet<String>,
    pub places: BTreeSet<String>,
    pub meetings: Vec<LocalMeeting>,
    pub agreements: Vec<LocalAgreement>,
    pub mentions: Vec<Mention>,
    pub home_country: Option<String>,
}

/// Looks a phrase up in one list: exact folded match, or a stem and an ending.
fn lookup<'l>(lang: &'l LangRules, list: &ListKind, text: &str) -> Option<&'l LexEntry> {
    let mut folded = String::new();
    for c in normalize(text).text.chars() {
        crate::normalize::fold_char_with(c, lang.keep_marks, &mut folded);
    }
    lang.lexicon.entries.iter().filter(|e| &e.list == list).find(|e| {
        folded == e.folded
            || (e.stem
                && folded.starts_with(&e.folded)
                && folded[e.folded.len()..].chars().count() <= lang.lexicon.stem_max)
    })
}

fn number_of(lang: &LangRules, list: &ListKind, text: &str) -> Option<i64> {
    let text = text.trim();
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    lookup(lang, list, text).and_then(|e| e.attrs.number)
}

struct Builder<'a, 'r> {
    article: &'a Article<'r>,
    lang: &'r LangRules,
    rule_set: &'r RuleSet,
    facts: ArticleFacts,
    /// Person mentions (stage one plus recall), in text order, with their local person.
    person_spans: Vec<(Span, usize)>,
    /// Local person by folded surface.
    person_index: BTreeMap<String, usize>,
    /// Title spans with their local person.
    title_spans: Vec<(Span, usize)>,
    /// Org hits: span and local org(s).
    org_spans: Vec<(Span, Vec<usize>)>,
    /// Meeting mentions: span and local meeting.
    meeting_spans: Vec<(Span, usize)>,
    /// Dates of the article's prose, years completed, in text order.
    dates: Vec<(Span, DateValue, DateBasis)>,
    /// Countries by count, for the home country and the countries of a series.
    top_countries: Vec<String>,
}

/// Stage two: the facts of one article (see the module docs).
pub fn facts(article: &Article<'_>, doc: &Document, recall: &Recall, rule_set: &RuleSet) -> ArticleFacts {
    let Some(lang) = article.lang else {
        return ArticleFacts { doc: article.doc, ..Default::default() };
    };
    let mut b = Builder {
        article,
        lang,
        rule_set,
        facts: ArticleFacts { doc: article.doc, lang: Some(lang.code.clone()), ..Default::default() },
        person_spans: Vec::new(),
        person_index: BTreeMap::new(),
        title_spans: Vec::new(),
        org_spans: Vec::new(),
        meeting_spans: Vec::new(),
        dates: Vec::new(),
        top_countries: Vec::new(),
    };
    b.document_dates_and_url();
    b.countries_and_places();
    b.persons(recall, doc);
    b.organizations(doc);
    b.meetings(doc);
    b.sentences(doc);
    b.facts
}

impl Builder<'_, '_> {
    fn lex_hits(&self) -> impl Iterator<Item = (&LexHit, &LexEntry)> {
        self.article
            .matches
            .lex
            .iter()
            .filter(|h| !self.article.is_excluded(h.span))
            .map(|h| (h, &self.lang.lexicon.entries[h.entry]))
    }

    /// The lexicon hits inside `span` (hits are in text order).
    fn lex_in(&self, span: Span) -> impl Iterator<Item = (&LexHit, &LexEntry)> {
        let lex = &self.article.matches.lex;
        let from = lex.partition_point(|h| h.span.start < span.start);
        lex[from..]
            .iter()
            .take_while(move |h| h.span.start < span.end)
            .filter(move |h| span.contains(h.span) && !self.article.is_excluded(h.span))
            .map(|h| (h, &self.lang.lexicon.entries[h.entry]))
    }

    fn pattern_hits(&self, kind: PatternKind) -> impl Iterator<Item = &PatternHit> {
        self.article.matches.patterns.iter().filter(move |h| self.lang.patterns[h.pattern].kind == kind)
    }

    fn mention(&mut self, doc: &Document, span: Span, rule: &str, target: Target) {
        let original = self.article.norm.to_original(span);
        debug_assert!(doc.text.is_char_boundary(original.start) && doc.text.is_char_boundary(original.end));
        self.facts.mentions.push(Mention { span: original, rule: rule.to_string(), target });
    }

    fn document_dates_and_url(&mut self) {
        let mut context = DateContext::default();
        let hits: Vec<PatternHit> = self.article.matches.patterns.clone();
        for hit in &hits {
            let kind = self.lang.patterns[hit.pattern].kind;
            let text = |s: Span| self.article.text(s).to_string();
            match kind {
                PatternKind::SourceUrl if self.facts.url.is_none() => {
                    self.facts.url = hit.group("url").map(|s| text(s).trim_end_matches(['.', ',', ')']).to_string());
                }
                PatternKind::Dateline | PatternKind::DateHint | PatternKind::Date => {
                    let Some(value) = self.date_of(hit) else { continue };
                    match kind {
                        PatternKind::Dateline if context.published.is_none() => context.published = Some(value),
                        PatternKind::DateHint if context.reference.is_none() => context.reference = Some(value),
                        PatternKind::Date
                            if !self.article.is_excluded(hit.span)
                                && !self.dates.iter().any(|(s, _, _)| s.overlaps(hit.span)) =>
                        {
                            self.dates.push((hit.span, value, DateBasis::Stated));
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        self.dates.sort_by_key(|(s, _, _)| *s);
        // Dated references: future when their sentence has a future cue.
        let future_sentences: BTreeSet<usize> = self
            .lex_hits()
            .filter(|(_, e)| e.list == ListKind::Cue(Cue::Future))
            .map(|(h, _)| self.article.sentence_of(h.span.start))
            .collect();
        for (span, value, _) in &self.dates {
            if value.year().is_some() && value.precision() >= 2 {
                if future_sentences.contains(&self.article.sentence_of(span.start)) {
                    context.future.push(*value);
                } else {
                    context.past.push(*value);
                }
            }
        }
        // Bare day-and-month dates get their year now.
        for (_, value, basis) in self.dates.iter_mut() {
            (*value, *basis) = context.complete(*value);
        }
        // "On Thursday": the day of that name up to the publication day (the
        // next one in a sentence about the future), where no date is stated.
        // The dateline's own date ("MANILA, June 12, 2025 - ... on Wednesday",
        // "Jakarta, 12 Juni 2025 - ... Rabu (11/6)") dates the report, not the
        // event, when its sentence names another day.
        let datelines: Vec<Span> = self.pattern_hits(PatternKind::Dateline).map(|h| h.span).collect();
        let in_dateline = |s: &Span| datelines.iter().any(|d| d.contains(*s));
        let other_dates: BTreeSet<usize> = self
            .dates
            .iter()
            .filter(|(s, _, _)| !in_dateline(s))
            .map(|(s, _, _)| self.article.sentence_of(s.start))
            .collect();
        self.dates.retain(|(s, _, _)| !(in_dateline(s) && other_dates.contains(&self.article.sentence_of(s.start))));
        if let Some(published) = context.published {
            let stated: BTreeSet<usize> = self
                .dates
                .iter()
                .filter(|(s, _, _)| !in_dateline(s))
                .map(|(s, _, _)| self.article.sentence_of(s.start))
                .collect();
            let weekdays: Vec<(Span, DateValue)> = self
                .lex_hits()
                .filter(|(_, e)| e.list == ListKind::Weekday)
                .filter(|(h, _)| !stated.contains(&self.article.sentence_of(h.span.start)))
                .filter_map(|(h, e)| {
                    let ahead = future_sentences.contains(&self.article.sentence_of(h.span.start));
                    Some((h.span, crate::dates::day_of_weekday(published, e.attrs.number? as u32, ahead)?))
                })
                .collect();
            for (span, value) in weekdays {
                let sentence = self.article.sentence_of(span.start);
                self.dates.retain(|(s, _, _)| !(in_dateline(s) && self.article.sentence_of(s.start) == sentence));
                self.dates.push((span, value, DateBasis::Publication));
            }
            self.dates.sort_by_key(|(s, _, _)| *s);
        }
        self.facts.published = context.published;
    }

    fn date_of(&self, hit: &PatternHit) -> Option<DateValue> {
        date_value(self.article, hit)
    }
}

impl Builder<'_, '_> {
    fn countries_and_places(&mut self) {
        let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for (hit, entry) in self.lex_hits() {
            if entry.list == ListKind::Country {
                let id = entry.attrs.entity.clone().expect("checked at load");
                let c = counts.entry(id).or_insert((0, hit.span.start));
                c.0 += 1;
            }
        }
        let mut ranked: Vec<(String, (usize, usize))> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
        self.top_countries = ranked.into_iter().map(|(id, _)| id).collect();
        self.facts.home_country = self.top_countries.first().cloned();
    }

    /// The two countries an article is about, in the order it first names them.
    fn pair(&self) -> Vec<String> {
        let mut pair: Vec<String> = self.top_countries.iter().take(2).cloned().collect();
        let first_at = |id: &String| {
            self.lex_hits()
                .find(|(_, e)| e.list == ListKind::Country && e.attrs.entity.as_ref() == Some(id))
                .map_or(usize::MAX, |(h, _)| h.span.start)
        };
        pair.sort_by_key(first_at);
        pair
    }

    fn countries_in(&self, span: Span) -> Vec<String> {
        let mut out = Vec::new();
        for (hit, entry) in self.lex_hits() {
            if entry.list == ListKind::Country && span.contains(hit.span) {
                let id = entry.attrs.entity.clone().expect("checked at load");
                if !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        out
    }

    fn persons(&mut self, recall: &Recall, doc: &Document) {
        let mut mentions: Vec<PersonMention> = self.article.persons.clone();
        let titled: Vec<Span> = mentions.iter().map(|p| p.name).collect();
        for span in recall.find(self.article) {
            let at = titled.partition_point(|s| s.end <= span.start);
            if self.article.is_excluded(span)
                || titled[at..].iter().take_while(|s| s.start < span.end).any(|s| s.overlaps(span))
            {
                continue;
            }
            mentions.push(PersonMention {
                name: span,
                titles: Vec::new(),
                rule: RECALL_RULE.to_string(),
                entity: None,
            });
        }
        mentions.sort_by_key(|p| p.name);
        for mention in &mentions {
            let surface = self.article.text(mention.name).to_string();
            let key = crate::normalize::fold_key(&surface);
            let index = *self.person_index.entry(key).or_insert_with(|| {
                self.facts.persons.push(LocalPerson { surface: surface.clone(), ..Default::default() });
                self.facts.persons.len() - 1
            });
            if mention.entity.is_some() {
                self.facts.persons[index].entity = mention.entity.clone();
            }
            self.person_spans.push((mention.name, index));
            self.mention(doc, mention.name, &mention.rule, Target::Person(index));
            for &title in &mention.titles {
                self.title_spans.push((title, index));
                self.read_title(index, title);
            }
        }
        self.short_names(doc);
        if let Some(home) = self.facts.home_country.clone() {
            for person in &mut self.facts.persons {
                person.votes.push((home.clone(), 1));
            }
        }
    }

    /// "Minh said", "Masuda added": a person named in full elsewhere in the
    /// article, referred to by the first or last word of the name alone. Only a
    /// word that belongs to one person of the article counts.
    fn short_names(&mut self, doc: &Document) {
        if self.lang.unspaced {
            return;
        }
        let mut owners: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for (index, person) in self.facts.persons.iter().enumerate() {
            let words: Vec<&str> = person.surface.split(' ').filter(|w| !w.is_empty()).collect();
            if words.len() < 2 {
                continue;
            }
            for word in [words[0], words[words.len() - 1]] {
                if word.chars().count() >= 3 {
                    owners.entry(word.to_string()).or_default().insert(index);
                }
            }
        }
        let text = &self.article.norm.text;
        let words: Vec<(&String, usize)> = owners
            .iter()
            .filter(|(_, persons)| persons.len() == 1)
            .map(|(word, persons)| (word, *persons.iter().next().expect("one")))
            .collect();
        let Ok(automaton) =
            AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(words.iter().map(|(w, _)| w.as_str()))
        else {
            return;
        };
        let mut found: Vec<(Span, usize)> = Vec::new();
        {
            for m in automaton.find_iter(text.as_str()) {
                let (at, person) = (m.start(), words[m.pattern().as_usize()].1);
                let span = Span::new(at, m.end());
                let before = text[..at].chars().next_back();
                let after = text[span.end..].chars().next();
                if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
                    continue;
                }
                let claimed = self.person_spans.iter().any(|(s, _)| s.overlaps(span))
                    || self.title_spans.iter().any(|(s, _)| s.overlaps(span))
                    || self.lex_hits().any(|(h, e)| h.span.overlaps(span) && e.list.excludes_names());
                if !claimed && !self.article.is_excluded(span) {
                    found.push((span, person));
                }
            }
        }
        found.sort();
        for (span, person) in found {
            self.person_spans.push((span, person));
            self.mention(doc, span, SHORT_NAME_RULE, Target::Person(person));
        }
        self.person_spans.sort();
    }

    /// What a title says of its person: rank, post, country.
    fn read_title(&mut self, person: usize, title: Span) {
        let found: Vec<LexEntry> = self.lex_in(title).map(|(_, e)| e.clone()).collect();
        let p = &mut self.facts.persons[person];
        for entry in found {
            match entry.list {
                ListKind::Title => {
                    let value = entry.attrs.value.clone().unwrap_or_else(|| entry.text.clone());
                    match entry.attrs.kind.as_deref() {
                        Some("rank") => {
                            p.ranks.insert(value);
                        }
                        Some("post") => {
                            p.posts.insert(value);
                        }
                        _ => {}
                    }
                    if let Some(country) = entry.attrs.country {
                        p.votes.push((country, 4));
                    }
                }
                ListKind::Country => p.votes.push((entry.attrs.entity.expect("checked at load"), 4)),
                _ => {}
            }
        }
    }

    fn add_org(&mut self, entity: &str, country: OrgCountry) -> usize {
        let org = LocalOrg { entity: entity.to_string(), country };
        match self.facts.orgs.iter().position(|o| *o == org) {
            Some(i) => i,
            None => {
                self.facts.orgs.push(org);
                self.facts.orgs.len() - 1
            }
        }
    }

    /// A country named right next to an organization ("Bộ Quốc phòng Nhật Bản",
    /// "japanischen Verteidigungsministerium", "ministerie van Defensie van Japan").
    fn adjacent_country(&self, span: Span) -> Option<String> {
        let text = &self.article.norm.text;
        let short_gap = |gap: &str| {
            let gap = gap.trim();
            gap.is_empty() || (gap.chars().count() <= 4 && !gap.contains(' ') && gap.chars().all(char::is_alphabetic))
        };
        let mut before = None;
        for (hit, entry) in self.lex_hits() {
            if entry.list != ListKind::Country {
                continue;
            }
            if hit.span.start >= span.end
                && hit.span.start - span.end <= 8
                && short_gap(&text[span.end..hit.span.start])
            {
                return entry.attrs.entity.clone();
            }
            if hit.span.end <= span.start
                && span.start - hit.span.end <= 3
                && short_gap(&text[hit.span.end..span.start])
            {
                before = entry.attrs.entity.clone();
            }
        }
        before
    }

    fn organizations(&mut self, doc: &Document) {
        let hits: Vec<(LexHit, LexEntry)> = self
            .lex_hits()
            .filter(|(_, e)| matches!(e.list, ListKind::Organization | ListKind::Country | ListKind::Place))
            .map(|(h, e)| (h.clone(), e.clone()))
            .collect();
        let pair = self.pair();
        for (hit, entry) in hits {
            let id = entry.attrs.entity.clone().expect("checked at load");
            let entity = &self.rule_set.entities[&id];
            match entry.list {
                ListKind::Country => {
                    self.facts.countries.insert(id.clone());
                    self.mention(doc, hit.span, &entry.rule_id, Target::Country(id));
                    continue;
                }
                ListKind::Place => {
                    self.facts.places.insert(id.clone());
                    self.mention(doc, hit.span, &entry.rule_id, Target::Place(id));
                    continue;
                }
                _ => {}
            }
            let holder: Option<usize> = self.title_spans.iter().find(|(t, _)| t.contains(hit.span)).map(|&(_, p)| p);
            let countries: Vec<OrgCountry> = match &entity.country {
                CountryRule::None => vec![OrgCountry::None],
                CountryRule::Fixed(c) => vec![OrgCountry::Country(c.clone())],
                CountryRule::Context => match self.adjacent_country(hit.span) {
                    Some(c) => vec![OrgCountry::Country(c)],
                    None if entry.attrs.plural => pair.iter().map(|c| OrgCountry::Country(c.clone())).collect(),
                    None => match holder {
                        Some(p) => vec![OrgCountry::OfPerson(p)],
                        None => self.facts.home_country.iter().map(|c| OrgCountry::Country(c.clone())).collect(),
                    },
                },
            };
            let mut locals = Vec::new();
            for country in countries {
                let local = self.add_org(&id, country);
                self.mention(doc, hit.span, &entry.rule_id, Target::Org(local));
                locals.push(local);
            }
            if let Some(p) = holder {
                for &local in &locals {
                    if entity.kind == EntityKind::GovernmentOrganization {
                        self.facts.persons[p].works_for.insert(local);
                    } else {
                        self.facts.persons[p].member_of.insert(local);
                    }
                }
            }
            self.org_spans.push((hit.span, locals));
        }
        // Titles that name their organization ("viceminister van Defensie").
        let mut titled: Vec<(usize, String, Option<String>)> = Vec::new();
        for &(title, p) in &self.title_spans {
            for (hit, entry) in self.lex_hits() {
                if title.contains(hit.span) && entry.list == ListKind::Title {
                    if let Some(org) = &entry.attrs.org {
                        let country = self.countries_in(Span::new(hit.span.start, title.end)).into_iter().next();
                        titled.push((p, org.clone(), country));
                    }
                }
            }
        }
        for (p, org, country) in titled {
            let country = match (&self.rule_set.entities[&org].country, country) {
                (CountryRule::Fixed(c), _) => OrgCountry::Country(c.clone()),
                (CountryRule::None, _) => OrgCountry::None,
                (CountryRule::Context, Some(c)) => OrgCountry::Country(c),
                (CountryRule::Context, None) => OrgCountry::OfPerson(p),
            };
            let local = self.add_org(&org, country);
            self.facts.persons[p].works_for.insert(local);
        }
    }

    fn meetings(&mut self, doc: &Document) {
        let hits: Vec<PatternHit> =
            self.pattern_hits(PatternKind::Meeting).filter(|h| !self.article.is_excluded(h.span)).cloned().collect();
        let pair = self.pair();
        for hit in hits {
            let pattern = &self.lang.patterns[hit.pattern];
            let class = pattern.class.clone().expect("checked at load");
            let ordinal =
                hit.group("ordinal").and_then(|s| number_of(self.lang, &ListKind::Ordinal, self.article.text(s)));
            // "Dialog zwischen Vietnam und Japan": the countries named with the meeting.
            let sentence = self.article.sentences[self.article.sentence_of(hit.span.start)];
            let near =
                self.countries_in(Span::new(hit.span.start, sentence.end.min(hit.span.end + 80).max(hit.span.end)));
            let series = if near.len() >= 2 { near } else { pair.clone() };
            // Same class and a compatible ordinal: the same meeting.
            let existing =
                self.facts.meetings.iter().position(|m| {
                    m.class == class && (ordinal.is_none() || m.ordinal.is_none() || m.ordinal == ordinal)
                });
            let existing = match ordinal {
                Some(_) => existing
                    .filter(|&i| self.facts.meetings[i].ordinal == ordinal || self.facts.meetings[i].ordinal.is_none()),
                None => existing,
            };
            let index = match existing {
                Some(i) => {
                    let m = &mut self.facts.meetings[i];
                    if m.ordinal.is_none() {
                        m.ordinal = ordinal;
                    }
                    i
                }
                None => {
                    self.facts.meetings.push(LocalMeeting { class, ordinal, series, ..Default::default() });
                    self.facts.meetings.len() - 1
                }
            };
            self.meeting_spans.push((hit.span, index));
            self.mention(doc, hit.span, &pattern.id.clone(), Target::Meeting(index));
        }
    }

    /// Records a meeting found by the cue at `cue` ("received", "met") with
    /// its mention, and returns its index. A meeting of the same persons
    /// found by an earlier cue of the article (a headline's "X meets Y" and
    /// the body's "X received Y") takes it in: the more specific class wins
    /// over "Talks"; date and place fill what is missing.
    fn add_cue_meeting(&mut self, doc: &Document, cue: Span, rule_id: &str, meeting: LocalMeeting) -> usize {
        let index = self.merge_cue_meeting(meeting);
        self.meeting_spans.push((cue, index));
        self.mention(doc, cue, rule_id, Target::Meeting(index));
        index
    }

    fn merge_cue_meeting(&mut self, meeting: LocalMeeting) -> usize {
        let is_cue_class = |class: &str| Cue::ALL_MEETINGS.iter().any(|c| c.meeting_class() == Some(class));
        let same = self.facts.meetings.iter().position(|m| {
            is_cue_class(&m.class)
                && m.attendees == meeting.attendees
                && (m.date.is_none() || meeting.date.is_none() || m.date == meeting.date)
        });
        let Some(index) = same else {
            self.facts.meetings.push(meeting);
            return self.facts.meetings.len() - 1;
        };
        let existing = &mut self.facts.meetings[index];
        if existing.class == "Talks" && meeting.class != "Talks" {
            existing.class = meeting.class;
            existing.chairs = meeting.chairs;
        }
        if existing.date.is_none() && existing.same_day_as.is_none() {
            existing.date = meeting.date;
            existing.same_day_as = meeting.same_day_as;
        }
        if existing.place.is_none() {
            existing.place = meeting.place;
        }
        index
    }

    /// The meeting an article is about: the first one it names.
    fn primary_meeting(&self) -> Option<usize> {
        self.meeting_spans.iter().min_by_key(|(s, _)| s.start).map(|&(_, m)| m)
    }

    fn sentences(&mut self, doc: &Document) {
        let agreement_hits: Vec<PatternHit> =
            self.pattern_hits(PatternKind::Agreement).filter(|h| !self.article.is_excluded(h.span)).cloned().collect();
        let known_agreements: Vec<(LexHit, LexEntry)> = self
            .lex_hits()
            .filter(|(_, e)| e.list == ListKind::AgreementName)
            .map(|(h, e)| (h.clone(), e.clone()))
            .collect();
        for (index, &sentence) in self.article.sentences.iter().enumerate() {
            if self.article.is_excluded(sentence) {
                continue;
            }
            let _ = index;
            let from = self.person_spans.partition_point(|(s, _)| s.start < sentence.start);
            let persons: Vec<(Span, usize)> = self.person_spans[from..]
                .iter()
                .take_while(|(s, _)| s.start < sentence.end)
                .filter(|(s, _)| sentence.contains(*s))
                .cloned()
                .collect();
            let cues: Vec<(Span, Cue)> = self
                .lex_in(sentence)
                .filter_map(|(h, e)| match e.list {
                    ListKind::Cue(c) => Some((h.span, c)),
                    _ => None,
                })
                .collect();
            let has = |c: Cue| cues.iter().any(|(_, x)| *x == c);
            let meetings_here: Vec<(Span, usize)> =
                self.meeting_spans.iter().filter(|(s, _)| sentence.contains(*s)).cloned().collect();
            let from = self.dates.partition_point(|(s, _, _)| s.start < sentence.start);
            let dates_here: Vec<(DateValue, DateBasis)> = self.dates[from..]
                .iter()
                .take_while(|(s, _, _)| s.start < sentence.end)
                .filter(|(s, _, _)| sentence.contains(*s))
                .map(|&(_, v, b)| (v, b))
                .collect();
            let places_here: Vec<String> = self
                .lex_in(sentence)
                .filter(|(_, e)| e.list == ListKind::Place)
                .filter_map(|(_, e)| e.attrs.entity.clone())
                .collect();
            let target = meetings_here.first().map(|&(_, m)| m).or_else(|| self.primary_meeting());

            // A reception, talks or a courtesy call: who stands before the verb
            // receives who stands after it (or the other way round for a cue
            // phrase of kind "host-after", such as "paid a courtesy call on").
            // The meeting a cue of this sentence made (or merged into).
            let mut made_here: Option<usize> = None;
            let meeting_cue = self
                .lex_in(sentence)
                .filter(|(_, e)| matches!(e.list, ListKind::Cue(c) if c.meeting_class().is_some() && c != Cue::Visit))
                .map(|(h, e)| (h.span, e.clone()))
                .next();
            if let (Some((cue, entry)), false) = (meeting_cue, has(Cue::CoChair)) {
                let ListKind::Cue(kind) = entry.list else { unreachable!("filtered above") };
                let mut before: BTreeSet<usize> =
                    persons.iter().filter(|(s, _)| s.end <= cue.start).map(|&(_, p)| p).collect();
                let mut after: BTreeSet<usize> =
                    persons.iter().filter(|(s, _)| s.start >= cue.end).map(|&(_, p)| p).collect();
                // A verb at the end of its clause ("X hat Y empfangen", "XはYと
                // 会談した"): the first person is the subject, the others the objects.
                if after.is_empty() && before.len() >= 2 {
                    let subject = persons.iter().find(|(s, _)| s.end <= cue.start).map(|&(_, p)| p);
                    after = before.iter().copied().filter(|&p| Some(p) != subject).collect();
                    before = subject.into_iter().collect();
                }
                if !before.is_empty() && !after.is_empty() {
                    let class = kind.meeting_class().expect("filtered above").to_string();
                    let hosts = if entry.attrs.kind.as_deref() == Some("host-after") { &after } else { &before };
                    let mut meeting = LocalMeeting { class, series: self.pair(), ..Default::default() };
                    meeting.chairs =
                        if kind == Cue::Talks { before.union(&after).copied().collect() } else { hosts.clone() };
                    meeting.attendees = before.union(&after).copied().collect();
                    if has(Cue::SameDay) {
                        meeting.same_day_as = target;
                    } else if let Some(&d) = dates_here.first() {
                        meeting.date = Some(d);
                    }
                    meeting.place = places_here.first().cloned();
                    // Who receives or is called on in a city of their country is
                    // at home: weak evidence of nationality (a title's says more).
                    if kind != Cue::Talks {
                        let home = meeting.place.as_ref().and_then(|p| self.rule_set.entities.get(p));
                        if let Some(crate::rules::CountryRule::Fixed(country)) = home.map(|e| &e.country) {
                            for &host in hosts {
                                self.facts.persons[host].votes.push((country.clone(), 2));
                            }
                        }
                    }
                    made_here = Some(self.add_cue_meeting(doc, cue, &entry.rule_id, meeting));
                }
            }

            // A visit: the persons before "official visit to" go to the place
            // named after it.
            let visit_cue = self.lex_in(sentence).find(|(_, e)| e.list == ListKind::Cue(Cue::Visit)).map(|(h, e)| {
                let place_after = self
                    .lex_in(Span::new(h.span.end, sentence.end))
                    .find(|(_, e)| e.list == ListKind::Place)
                    .and_then(|(_, e)| e.attrs.entity.clone());
                (h.span, e.rule_id.clone(), place_after)
            });
            if let (None, Some((cue, rule_id, Some(place)))) = (made_here, visit_cue) {
                let visitors: BTreeSet<usize> =
                    persons.iter().filter(|(s, _)| s.end <= cue.start).map(|&(_, p)| p).collect();
                if !visitors.is_empty() {
                    let mut meeting = LocalMeeting {
                        class: "Visit".to_string(),
                        series: self.pair(),
                        chairs: visitors.clone(),
                        attendees: visitors,
                        place: Some(place),
                        ..Default::default()
                    };
                    if let Some(&d) = dates_here.first() {
                        meeting.date = Some(d);
                    }
                    made_here = Some(self.add_cue_meeting(doc, cue, &rule_id, meeting));
                }
            }

            // Co-chairs, date and place of the meeting the sentence is about.
            if let Some(m) = target {
                let about_meeting = !meetings_here.is_empty() || has(Cue::CoChair);
                if has(Cue::CoChair) {
                    let chairs: Vec<usize> = persons.iter().map(|&(_, p)| p).collect();
                    self.facts.meetings[m].chairs.extend(chairs);
                }
                if about_meeting && made_here.is_none() {
                    let meeting = &mut self.facts.meetings[m];
                    if meeting.date.is_none() {
                        meeting.date = dates_here.first().copied();
                    }
                    if meeting.place.is_none() {
                        meeting.place = places_here.first().cloned();
                    }
                }
            }

            // Agreements.
            let mut in_sentence: Vec<&PatternHit> =
                agreement_hits.iter().filter(|h| sentence.contains(h.span)).collect();
            in_sentence.sort_by_key(|h| h.span.start);
            for (k, hit) in in_sentence.iter().enumerate() {
                let until = in_sentence.get(k + 1).map_or(sentence.end, |n| n.span.start);
                let pattern = &self.lang.patterns[hit.pattern];
                let class = pattern.class.clone().expect("checked at load");
                let topic = self
                    .lex_in(Span::new(hit.span.start, until))
                    .filter(|(_, e)| e.list == ListKind::Topic)
                    .map(|(_, e)| e.attrs.value.clone().unwrap_or_else(|| e.text.clone()))
                    .next();
                // A meeting named right after the agreement is the one it records.
                let meeting_after =
                    meetings_here.iter().find(|(s, _)| s.start >= hit.span.start && s.start <= until).map(|&(_, m)| m);
                let date = dates_here.first().copied();
                // Signed in this sentence: at the meeting it makes, or at the
                // one the article is about when the dates agree.
                let sign_target = made_here.or(target);
                let signed_at = meeting_after.or(match (date, has(Cue::Sign) || has(Cue::HeadsOfDelegation)) {
                    (None, true) => sign_target,
                    (Some((d, _)), true) => sign_target.filter(|&m| {
                        let meeting = &self.facts.meetings[m];
                        meeting.same_day_as.is_none() && meeting.date.is_none_or(|(md, _)| md == d)
                    }),
                    _ => None,
                });
                let topic = topic.or_else(|| {
                    meeting_after.map(|m| self.rule_set.class_name(&self.facts.meetings[m].class).to_lowercase())
                });
                let mut agreement = LocalAgreement {
                    class,
                    kind_name: pattern.name.clone(),
                    topic,
                    date,
                    signed_at,
                    chairs_sign: has(Cue::HeadsOfDelegation),
                    ..Default::default()
                };
                for (span, locals) in &self.org_spans {
                    if sentence.contains(*span) {
                        agreement.parties.extend(locals.iter().map(|&o| Party::Org(o)));
                    }
                }
                if has(Cue::Sign) {
                    agreement.signatories.extend(persons.iter().map(|&(_, p)| p));
                }
                let index = self.add_agreement(agreement);
                self.mention(doc, hit.span, &pattern.id.clone(), Target::Agreement(index));
            }
            for (hit, entry) in known_agreements.iter().filter(|(h, _)| sentence.contains(h.span)) {
                let id = entry.attrs.entity.clone().expect("checked at load");
                let entity = &self.rule_set.entities[&id];
                let agreement = LocalAgreement {
                    class: entity.class.clone().unwrap_or_else(|| "Agreement".to_string()),
                    topic: entity.topic.clone(),
                    date: entity.date.as_deref().and_then(DateValue::parse).map(|d| (d, DateBasis::Stated)),
                    entity: Some(id),
                    ..Default::default()
                };
                let index = self.add_agreement(agreement);
                self.mention(doc, hit.span, &entry.rule_id, Target::Agreement(index));
            }
        }
    }

    /// Adds an agreement, or merges it into one of the same kind and topic.
    fn add_agreement(&mut self, agreement: LocalAgreement) -> usize {
        let same = self.facts.agreements.iter().position(|a| {
            (a.entity.is_some() && a.entity == agreement.entity)
                || (a.entity.is_none()
                    && agreement.entity.is_none()
                    && a.class == agreement.class
                    && a.topic == agreement.topic)
        });
        match same {
            Some(i) => {
                let a = &mut self.facts.agreements[i];
                a.date = a.date.or(agreement.date);
                a.signed_at = a.signed_at.or(agreement.signed_at);
                a.parties.extend(agreement.parties);
                a.signatories.extend(agreement.signatories);
                a.chairs_sign |= agreement.chairs_sign;
                a.kind_name = a.kind_name.take().or(agreement.kind_name);
                i
            }
            None => {
                self.facts.agreements.push(agreement);
                self.facts.agreements.len() - 1
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_unspaced_names_by_character() {
        let text = "黄春战上将";
        let rank = Span::new("黄春战".len(), text.len());
        assert_eq!(trim_unspaced(text, 0, &[rank]), Some(Span::new(0, "黄春战".len())));
        // Offsets are those of the whole text.
        assert_eq!(
            trim_unspaced(text, 10, &[Span::new(10 + rank.start, 10 + rank.end)]),
            Some(Span::new(10, 10 + "黄春战".len()))
        );
        // The rightmost free run of two or more letters, spaces at its ends dropped.
        let text = "이날 레 꽝 민";
        let adverb = Span::new(0, "이날".len());
        assert_eq!(trim_unspaced(text, 0, &[adverb]), Some(Span::new("이날 ".len(), text.len())));
        // One letter is no name.
        assert_eq!(trim_unspaced("上将增", 0, &[Span::new(0, "上将".len())]), None);
        assert_eq!(trim_unspaced("增田", 0, &[]), Some(Span::new(0, "增田".len())));
    }
}

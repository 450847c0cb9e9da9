//! The rule set: everything newsgraph knows about languages, loaded from the
//! rule files of `rules/` (built into the binary, or read from a folder).
//!
//! `raw` mirrors the files; `compile` checks them and builds the regexes and
//! automata once. Nothing here looks at an article.

mod compile;
pub mod raw;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use aho_corasick::AhoCorasick;
use include_dir::{include_dir, Dir};
use regex::{Regex, RegexSet};

pub use crate::error::{Location, RuleError};
use raw::{RawEntry, RawExample};

static BUILTIN_RULES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/rules");

/// A rule file's path (relative to the rules folder, `/`-separated) and text.
#[derive(Debug, Clone)]
pub struct RuleSource {
    pub path: String,
    pub text: String,
}

/// All rules, compiled.
#[derive(Debug)]
pub struct RuleSet {
    /// One entry per language folder, sorted by language code.
    pub languages: Vec<LangRules>,
    /// Known entities by id.
    pub entities: BTreeMap<String, Entity>,
    /// Transliteration tables, highest priority first.
    pub translit: Vec<TranslitTable>,
    /// Name-origin rules, in file order.
    pub origins: Vec<Origin>,
    /// Display names of meeting and agreement classes, by class.
    pub classes: BTreeMap<String, String>,
    /// Every rule id, for look-ups and reports.
    pub rule_ids: Vec<String>,
}

impl RuleSet {
    /// The rules built into the binary.
    pub fn builtin() -> Result<RuleSet, RuleError> {
        let mut sources = Vec::new();
        collect_embedded(&BUILTIN_RULES, &mut sources);
        RuleSet::from_sources(sources)
    }

    /// The rules of a folder on disk, laid out like `rules/`.
    pub fn from_dir(dir: &Path) -> Result<RuleSet, RuleError> {
        let mut sources = Vec::new();
        collect_dir(dir, dir, &mut sources)?;
        RuleSet::from_sources(sources)
    }

    /// Compiles rule files. The first component of each path names the scope:
    /// `common` and `translit` hold shared rules, any other folder is a language.
    pub fn from_sources(mut sources: Vec<RuleSource>) -> Result<RuleSet, RuleError> {
        sources.sort_by(|a, b| a.path.cmp(&b.path));
        compile::compile(&sources)
    }

    /// The rules of the language with ISO 639-1 code `code`.
    pub fn language(&self, code: &str) -> Option<&LangRules> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The English display name of an `ng:` class.
    pub fn class_name<'a>(&'a self, class: &'a str) -> &'a str {
        self.classes.get(class).map_or(class, String::as_str)
    }
}

fn collect_embedded(dir: &Dir<'_>, out: &mut Vec<RuleSource>) {
    for file in dir.files() {
        if file.path().extension().is_some_and(|e| e == "toml") {
            out.push(RuleSource {
                path: format!("rules/{}", file.path().to_string_lossy().replace('\\', "/")),
                text: String::from_utf8_lossy(file.contents()).into_owned(),
            });
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

fn collect_dir(root: &Path, dir: &Path, out: &mut Vec<RuleSource>) -> Result<(), RuleError> {
    let io_error = |path: &Path, e: std::io::Error| RuleError {
        location: Location { path: path.display().to_string(), line: 0, column: 0 },
        rule_id: None,
        message: format!("cannot read: {e}"),
    };
    let entries = std::fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_dir(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            let bytes = std::fs::read(&path).map_err(|e| io_error(&path, e))?;
            let text = String::from_utf8(bytes).map_err(|e| RuleError {
                location: Location { path: path.display().to_string(), line: 0, column: 0 },
                rule_id: None,
                message: format!("not valid UTF-8 at byte offset {}", e.utf8_error().valid_up_to()),
            })?;
            let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            let root_name = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            out.push(RuleSource { path: format!("{root_name}/{rel}"), text });
        }
    }
    Ok(())
}

/// The compiled rules of one language, with the shared rules merged in.
#[derive(Debug)]
pub struct LangRules {
    pub id: String,
    pub code: String,
    pub name: String,
    pub detector: Option<whatlang::Lang>,
    pub patterns: Vec<Pattern>,
    /// All patterns at once: one pass tells which patterns can match at all.
    pub pattern_set: RegexSet,
    pub lexicon: Lexicon,
    pub name_case_endings: Vec<String>,
    /// Folded abbreviations, without their final period.
    pub abbreviations: HashSet<String>,
    pub unspaced: bool,
    /// Whether the folded view of the text keeps diacritics.
    pub keep_marks: bool,
}

/// What a pattern finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PatternKind {
    Person,
    Meeting,
    Agreement,
    Date,
    Dateline,
    DateHint,
    SourceUrl,
    Boilerplate,
    EndOfArticle,
}

impl PatternKind {
    pub const ALL: [PatternKind; 9] = [
        PatternKind::Person,
        PatternKind::Meeting,
        PatternKind::Agreement,
        PatternKind::Date,
        PatternKind::Dateline,
        PatternKind::DateHint,
        PatternKind::SourceUrl,
        PatternKind::Boilerplate,
        PatternKind::EndOfArticle,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            PatternKind::Person => "person",
            PatternKind::Meeting => "meeting",
            PatternKind::Agreement => "agreement",
            PatternKind::Date => "date",
            PatternKind::Dateline => "dateline",
            PatternKind::DateHint => "date-hint",
            PatternKind::SourceUrl => "source-url",
            PatternKind::Boilerplate => "boilerplate",
            PatternKind::EndOfArticle => "end-of-article",
        }
    }

    pub fn from_name(s: &str) -> Option<PatternKind> {
        PatternKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A compiled pattern rule.
#[derive(Debug)]
pub struct Pattern {
    pub id: String,
    pub kind: PatternKind,
    pub regex: Regex,
    pub class: Option<String>,
    pub name: Option<String>,
    pub examples: Vec<RawExample>,
    pub counter_examples: Vec<String>,
    pub location: Location,
    /// For dates: added to the year the `year` group states (era years).
    pub year_offset: i32,
}

/// The lexicon lists whose names the extractor gives a meaning to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ListKind {
    Country,
    Place,
    Organization,
    AgreementName,
    /// Known persons (a gazetteer; never the only way a person is found).
    Person,
    Title,
    Month,
    /// Days of the week, numbered 1 (Monday) to 7 (Sunday).
    Weekday,
    Ordinal,
    Topic,
    Stopword,
    Cue(Cue),
    /// A list only patterns use.
    Other(String),
}

impl ListKind {
    pub fn from_name(name: &str) -> ListKind {
        match name {
            "country" => ListKind::Country,
            "place" => ListKind::Place,
            "organization" => ListKind::Organization,
            "agreement-name" => ListKind::AgreementName,
            "person" => ListKind::Person,
            "title" => ListKind::Title,
            "month" => ListKind::Month,
            "weekday" => ListKind::Weekday,
            "ordinal" => ListKind::Ordinal,
            "topic" => ListKind::Topic,
            "stopword" => ListKind::Stopword,
            other => match Cue::from_name(other) {
                Some(cue) => ListKind::Cue(cue),
                None => ListKind::Other(other.to_string()),
            },
        }
    }

    /// Whether a phrase of this list can never be part of a person's name.
    pub fn excludes_names(&self) -> bool {
        !matches!(self, ListKind::Other(_) | ListKind::Topic | ListKind::Person)
    }
}

/// Cue phrases: words that give the sentence around them a meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cue {
    /// "đồng chủ trì", "gemeinsam den Vorsitz": the persons chair the meeting.
    CoChair,
    /// "прийняв", "received": the first person receives the others.
    Reception,
    /// "held talks with", "hội đàm": the persons on both sides hold talks.
    Talks,
    /// "paid a courtesy call on", "tiếp xã giao": a courtesy call.
    CourtesyCall,
    /// "official visit to", "thăm chính thức": the persons before it visit
    /// the place named after it.
    Visit,
    /// "ondertekenen", "підписали": an agreement is signed at the meeting.
    Sign,
    /// "того ж дня", "the same day": same date as the main meeting.
    SameDay,
    /// "Hai Trưởng đoàn": the chairs sign.
    HeadsOfDelegation,
    /// "wird", "sẽ": the dates of the sentence lie ahead.
    Future,
}

impl Cue {
    /// The cues that make a meeting between persons.
    pub const ALL_MEETINGS: [Cue; 4] = [Cue::Reception, Cue::Talks, Cue::CourtesyCall, Cue::Visit];

    /// The meeting class a cue of a meeting between persons makes.
    pub const fn meeting_class(self) -> Option<&'static str> {
        match self {
            Cue::Reception => Some("Reception"),
            Cue::Talks => Some("Talks"),
            Cue::CourtesyCall => Some("CourtesyCall"),
            Cue::Visit => Some("Visit"),
            _ => None,
        }
    }

    pub fn from_name(name: &str) -> Option<Cue> {
        Some(match name {
            "cue-cochair" => Cue::CoChair,
            "cue-reception" => Cue::Reception,
            "cue-talks" => Cue::Talks,
            "cue-courtesy-call" => Cue::CourtesyCall,
            "cue-visit" => Cue::Visit,
            "cue-sign" => Cue::Sign,
            "cue-same-day" => Cue::SameDay,
            "cue-heads-of-delegation" => Cue::HeadsOfDelegation,
            "cue-future" => Cue::Future,
            _ => return None,
        })
    }
}

/// One phrase of a lexicon, ready to match.
#[derive(Debug, Clone)]
pub struct LexEntry {
    pub list: ListKind,
    pub rule_id: String,
    /// The phrase without its `*`.
    pub text: String,
    /// Folded phrase, as matched against folded text.
    pub folded: String,
    /// Whether an inflectional ending may follow.
    pub stem: bool,
    /// Whether the initials' case must match.
    pub case_sensitive: bool,
    pub attrs: RawEntry,
}

/// All lexicon phrases of a language in one automaton.
#[derive(Debug)]
pub struct Lexicon {
    pub entries: Vec<LexEntry>,
    /// One automaton pattern per distinct folded phrase.
    pub automaton: AhoCorasick,
    /// For each automaton pattern, the entries with that folded phrase, in
    /// file order, the first of each list: a phrase may belong to several
    /// lists ("Thursday" is a weekday and a word no name starts with), and
    /// each list sees its hit.
    pub phrase_entries: Vec<Vec<usize>>,
    /// How many letters an inflectional ending may have after a `*` phrase.
    pub stem_max: usize,
}

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityKind {
    Person,
    Organization,
    GovernmentOrganization,
    Country,
    Place,
    Meeting,
    Agreement,
}

impl EntityKind {
    pub fn from_name(s: &str) -> Option<EntityKind> {
        Some(match s {
            "person" => EntityKind::Person,
            "organization" => EntityKind::Organization,
            "government-organization" => EntityKind::GovernmentOrganization,
            "country" => EntityKind::Country,
            "place" => EntityKind::Place,
            "agreement" => EntityKind::Agreement,
            _ => return None,
        })
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::GovernmentOrganization => "government-organization",
            EntityKind::Country => "country",
            EntityKind::Place => "place",
            EntityKind::Meeting => "meeting",
            EntityKind::Agreement => "agreement",
        }
    }

    pub const fn is_organization(self) -> bool {
        matches!(self, EntityKind::Organization | EntityKind::GovernmentOrganization)
    }
}

/// How a known entity gets its country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountryRule {
    None,
    Fixed(String),
    /// Every country has one; the text says whose.
    Context,
}

/// A known entity from `[[entity]]`.
#[derive(Debug, Clone)]
pub struct Entity {
    pub id: String,
    pub kind: EntityKind,
    pub name: String,
    pub country: CountryRule,
    pub names_by_country: BTreeMap<String, String>,
    pub class: Option<String>,
    pub topic: Option<String>,
    pub date: Option<String>,
    pub native: Vec<String>,
}

/// A compiled transliteration table.
#[derive(Debug)]
pub struct TranslitTable {
    pub id: String,
    pub script: String,
    pub origin: String,
    pub token_shape: Option<Regex>,
    pub priority: i32,
    /// Article languages it applies to; empty for all.
    pub languages: Vec<String>,
    /// `(from, to, at token start only, at token end only)`, longest `from` first.
    pub map: Vec<(Vec<char>, String, bool, bool)>,
    pub loose: Vec<(Vec<char>, String, bool, bool)>,
    pub examples: Vec<[String; 2]>,
    /// Whether tokens are decomposed into jamo before `map` applies.
    pub jamo: bool,
    /// `(native, Latin)` family names, longest native first (see `raw::RawTranslit`).
    pub family_names: Vec<(String, String)>,
    /// What joins the syllables of a given name split off by `family_names`.
    pub given_separator: String,
    /// The fewest words a name must have for this table to apply.
    pub min_tokens: usize,
    /// The most words a name may have for this table to apply.
    pub max_tokens: Option<usize>,
}

/// A compiled name-origin rule.
#[derive(Debug)]
pub struct Origin {
    pub id: String,
    pub country: String,
    pub family_names: HashSet<String>,
    pub token_shape: Option<Regex>,
    pub min_tokens: usize,
}

//! Raw rule types: serde mirrors of the TOML rule files, unvalidated.
//!
//! Every table that is a rule carries an `id`. These types only describe the
//! file format; `compile` turns them into the checked, compiled rules that the
//! matcher uses and rejects what is wrong with file, line, column and rule id.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// One rule file. Every section is optional; a file holds whatever rules it likes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRuleFile {
    #[serde(default)]
    pub language: Option<Spanned<RawLanguage>>,
    #[serde(default)]
    pub template: Vec<Spanned<RawTemplate>>,
    #[serde(default)]
    pub lexicon: Vec<Spanned<RawLexicon>>,
    #[serde(default)]
    pub pattern: Vec<Spanned<RawPattern>>,
    #[serde(default)]
    pub entity: Vec<Spanned<RawEntity>>,
    #[serde(default)]
    pub translit: Vec<Spanned<RawTranslit>>,
    #[serde(default)]
    pub origin: Vec<Spanned<RawOrigin>>,
    #[serde(default)]
    pub class: Vec<Spanned<RawClass>>,
}

/// `[language]`: what a language folder is about.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLanguage {
    pub id: String,
    /// ISO 639-1 code, the one written to `schema:inLanguage`.
    pub code: String,
    /// English name of the language.
    pub name: String,
    /// The ISO 639-3 code that the language detector reports for it.
    #[serde(default)]
    pub detector: Option<String>,
    /// Regex for an inflectional ending, appended to lexicon entries that end in `*`.
    #[serde(default)]
    pub inflection: Option<String>,
    /// Case endings that a name may carry in running text ("Хуна" for "Хун").
    #[serde(default)]
    pub name_case_endings: Vec<String>,
    /// Abbreviations that end with a period without ending a sentence.
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// Whether the script writes words without spaces between them (Chinese, Japanese).
    #[serde(default)]
    pub unspaced: bool,
    /// Whether lexicon look-ups keep diacritics (Vietnamese: "Nhật" is not "nhất").
    #[serde(default)]
    pub keep_marks: bool,
    #[serde(default)]
    pub description: Option<String>,
}

/// `[[template]]`: a named regex fragment that patterns use as `{name}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTemplate {
    pub id: String,
    pub name: String,
    pub pattern: Spanned<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// `[[lexicon]]`: a named list of phrases with attributes, matched everywhere
/// (gazetteers, titles, cues) and usable inside patterns as `{name}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLexicon {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Whether case must match as written ("Pháp", France, is not "pháp", law).
    #[serde(default)]
    pub case_sensitive: bool,
    /// Plain phrases without attributes.
    #[serde(default)]
    pub words: Vec<String>,
    /// Phrases with attributes.
    #[serde(default)]
    pub entries: Vec<RawEntry>,
}

/// One phrase of a lexicon. A trailing `*` accepts an inflectional ending.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntry {
    pub text: String,
    /// English value: the rank or post of a title, the topic of a topic phrase.
    #[serde(default)]
    pub value: Option<String>,
    /// The entity (`[[entity]]` id) this phrase names.
    #[serde(default)]
    pub entity: Option<String>,
    /// For titles: `rank`, `post` or `honorific`.
    #[serde(default)]
    pub kind: Option<String>,
    /// For titles: the organization the post belongs to.
    #[serde(default)]
    pub org: Option<String>,
    /// For titles: a country the phrase itself names ("Japans Verteidigungsminister").
    #[serde(default)]
    pub country: Option<String>,
    /// For organizations: the phrase names several of them ("ministries of defence").
    #[serde(default)]
    pub plural: bool,
    /// For months and ordinals: the number.
    #[serde(default)]
    pub number: Option<i64>,
}

/// `[[pattern]]`: a regex (with `{name}` references) that finds mentions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPattern {
    pub id: String,
    pub kind: String,
    pub pattern: Spanned<String>,
    /// For meetings and agreements: the `ng:` class of what is found.
    #[serde(default)]
    pub class: Option<String>,
    /// For agreements: the English name of the kind ("Joint Vision Statement").
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub examples: Vec<RawExample>,
    /// Texts in which the rule must find nothing.
    #[serde(default)]
    pub counter_examples: Vec<String>,
    /// For dates: what to add to the `year` group, for era years
    /// (令和5年: 2018 + 5 = 2023).
    #[serde(default)]
    pub year_offset: Option<i32>,
}

/// A text and the values a rule must find in it, in order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    pub text: String,
    pub expect: Vec<String>,
}

/// `[[entity]]`: a known thing (country, place, organization, named treaty, person).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntity {
    pub id: String,
    pub kind: String,
    /// Canonical English name.
    pub name: String,
    /// Entity id of its country, or `"context"` for a body that every country has
    /// (a ministry of defence): its country then comes from the text.
    #[serde(default)]
    pub country: Option<String>,
    /// Canonical names that depend on the country (country entity id → name).
    #[serde(default)]
    pub names_by_country: BTreeMap<String, String>,
    /// For agreements: the `ng:` class.
    #[serde(default)]
    pub class: Option<String>,
    /// For agreements: the English topic.
    #[serde(default)]
    pub topic: Option<String>,
    /// For agreements: when it was signed (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    #[serde(default)]
    pub date: Option<String>,
    /// For persons: native-script names that no rule can romanize.
    #[serde(default)]
    pub native: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// `[[translit]]`: a transliteration table from one script to Latin letters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTranslit {
    pub id: String,
    /// The script it reads (`Cyrillic`, ...).
    pub script: String,
    /// The origin of the names it is for (`vi`, `ja`, or `any`).
    pub origin: String,
    /// Regex that every lower-cased token of a name must match for this table to apply.
    #[serde(default)]
    pub token_shape: Option<Spanned<String>>,
    /// Tables are tried from the highest priority down.
    #[serde(default)]
    pub priority: i32,
    /// The languages (ISO 639-1) of the articles whose names it reads; empty for all.
    /// Russian and Ukrainian write the same Vietnamese name differently.
    #[serde(default)]
    pub languages: Vec<String>,
    /// `[from, to]` pairs, longest match first; `^` and `$` anchor to a token's ends.
    pub map: Vec<[String; 2]>,
    /// `[from, to]` rewrites of the romanized token that give the loose merge key.
    #[serde(default)]
    pub loose: Vec<[String; 2]>,
    #[serde(default)]
    pub examples: Vec<[String; 2]>,
    /// Whether Hangul syllables are decomposed into jamo (Unicode NFD) before
    /// the map applies; the map's own keys are decomposed alike.
    #[serde(default)]
    pub jamo: bool,
    /// `[native, Latin]` family names, written first and without a space before
    /// the given name ("김용현"): a one-word name is split after the longest
    /// that leaves a given name, which is romanized syllable by syllable.
    #[serde(default)]
    pub family_names: Vec<[String; 2]>,
    /// What joins the romanized syllables of a given name split off by
    /// `family_names` ("-": "Yong-hyun"); `"-"` unless given.
    #[serde(default)]
    pub given_separator: Option<String>,
    /// The fewest words a name must have for this table to apply.
    #[serde(default)]
    pub min_tokens: usize,
    /// The most words a name may have for this table to apply.
    #[serde(default)]
    pub max_tokens: Option<usize>,
    #[serde(default)]
    pub description: Option<String>,
}

/// `[[origin]]`: how to tell where a romanized name comes from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrigin {
    pub id: String,
    pub country: String,
    /// Family names (folded) that mark a name of this origin when they come first.
    #[serde(default)]
    pub family_names: Vec<String>,
    /// Regex that every folded token must match.
    #[serde(default)]
    pub token_shape: Option<Spanned<String>>,
    #[serde(default)]
    pub min_tokens: usize,
    #[serde(default)]
    pub description: Option<String>,
}

/// `[[class]]`: the English display name of a meeting or agreement class.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClass {
    pub id: String,
    /// `meeting` or `agreement`.
    pub family: String,
    /// The `ng:` local name (`DefencePolicyDialogue`).
    pub class: String,
    /// English name (`Defence Policy Dialogue`).
    pub name: String,
}

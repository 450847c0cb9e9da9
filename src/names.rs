//! Person names: script, romanization by the tables of `rules/translit/`, the
//! keys under which spellings merge, and where a name comes from.
//!
//! "Đặng Quốc Hùng", "Dang_Quôc_Hung", "Данг Куок Хунг" and "Дан Куок
//! Хун" all reach the same [`merge_key`]: folded, romanized, each token
//! loosened by the tables' `loose` rewrites, tokens sorted.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::normalize::fold_key;
use crate::rules::{Origin, RuleSet, TranslitTable};

/// The writing system of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Script {
    Latin,
    Cyrillic,
    Han,
    Kana,
    Hangul,
    Other,
}

impl Script {
    pub const fn as_str(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Cyrillic => "Cyrillic",
            Script::Han => "Han",
            Script::Kana => "Kana",
            Script::Hangul => "Hangul",
            Script::Other => "Other",
        }
    }

    /// The script of the first letter that has one that newsgraph knows.
    pub fn of(text: &str) -> Script {
        let mut han = false;
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            match c as u32 {
                0x0400..=0x052F => return Script::Cyrillic,
                0x3040..=0x30FF | 0x31F0..=0x31FF => return Script::Kana,
                0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => return Script::Hangul,
                0x4E00..=0x9FFF | 0x3400..=0x4DBF => han = true,
                _ if c.is_ascii_alphabetic()
                    || (0x00C0..=0x024F).contains(&(c as u32))
                    || (0x1E00..=0x1EFF).contains(&(c as u32)) =>
                {
                    return Script::Latin
                }
                _ => {}
            }
        }
        if han {
            Script::Han
        } else {
            Script::Other
        }
    }
}

/// A Latin name without diacritics, case kept: "Đặng Quốc Hùng" → "Dang Quoc Hung".
pub fn strip_diacritics(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            '_' => out.push(' '),
            _ => out.extend(std::iter::once(c).nfd().filter(|d| !is_combining_mark(*d))),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Applies one table's `[from, to]` pairs to one lower-case token.
fn apply(pairs: &[(Vec<char>, String, bool, bool)], token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    let mut out = String::with_capacity(token.len() * 2);
    let mut i = 0;
    'outer: while i < chars.len() {
        for (from, to, at_start, at_end) in pairs {
            let end = i + from.len();
            if end <= chars.len()
                && chars[i..end] == from[..]
                && (!at_start || i == 0)
                && (!at_end || end == chars.len())
            {
                out.push_str(to);
                i = end;
                continue 'outer;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn capitalize(token: &str) -> String {
    let mut chars = token.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Lower-cased words of a name: split at spaces, `_`, the katakana middle dot
/// and the double hyphen of Japanese (`＝`). Hiragana are written as katakana,
/// so that one kana table reads both.
fn tokens(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || c == '_' || c == '・' || c == '·' || c == '＝' || c == '=')
        .filter(|t| !t.is_empty())
        .map(|t| to_katakana(&t.to_lowercase()))
        .collect()
}

/// Hiragana as katakana ("ますだ" → "マスダ"); every other character as it is.
pub fn to_katakana(text: &str) -> String {
    text.chars()
        .map(|c| match c as u32 {
            0x3041..=0x3096 | 0x309D..=0x309E => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Hangul syllables as their conjoining jamo (Unicode NFD): "김" → "ᄀ ᅵ ᆷ".
pub fn to_jamo(text: &str) -> String {
    text.nfd().collect()
}

/// Splits a one-word name after the longest family name of `family_names`
/// (`(native, Latin)`, longest first) that leaves at least one character of
/// given name: "김용현" → `("Kim", "용현")`.
pub fn split_family_name<'n>(family_names: &'n [(String, String)], word: &'n str) -> Option<(&'n str, &'n str)> {
    family_names.iter().find_map(|(native, latin)| {
        word.strip_prefix(native.as_str()).filter(|rest| !rest.is_empty()).map(|rest| (latin.as_str(), rest))
    })
}

/// Romanizes one token by `table`: syllable by syllable when the table splits
/// family names (a given name's syllables joined by its separator), else whole.
fn romanize_token(table: &TranslitTable, token: &str) -> String {
    let read = |text: &str| if table.jamo { apply(&table.map, &to_jamo(text)) } else { apply(&table.map, text) };
    if table.family_names.is_empty() {
        return capitalize(&read(token));
    }
    let syllables: Vec<String> = token.chars().map(|c| read(&c.to_string())).collect();
    capitalize(&syllables.join(&table.given_separator))
}

/// The table for a name in `script`, written in an article in `lang`: the
/// first, by priority, that reads that language and whose token shape every
/// token has.
pub fn table_for<'r>(rule_set: &'r RuleSet, script: Script, lang: &str, name: &str) -> Option<&'r TranslitTable> {
    let toks = tokens(name);
    rule_set.translit.iter().find(|t| {
        t.script == script.as_str()
            && toks.len() >= t.min_tokens
            && t.max_tokens.is_none_or(|max| toks.len() <= max)
            && (t.languages.is_empty() || t.languages.iter().any(|l| l == lang))
            && t.token_shape.as_ref().is_none_or(|shape| toks.iter().all(|tok| shape.is_match(tok)))
    })
}

/// Romanizes a non-Latin name from an article in `lang`, family name first as
/// written: "Масуда Кадзуо" → "Masuda Kazuo". Returns the name and the id of
/// the table used (empty for a Latin name, which only loses its diacritics).
pub fn romanize(rule_set: &RuleSet, lang: &str, name: &str) -> Option<(String, String)> {
    let script = Script::of(name);
    if script == Script::Latin {
        return Some((strip_diacritics(name), String::new()));
    }
    let table = table_for(rule_set, script, lang, name)?;
    let toks: Vec<String> =
        tokens(name).iter().map(|tok| tok.chars().filter(|c| *c != '\'' && *c != '’' && *c != 'ʼ').collect()).collect();
    let mut out: Vec<String> = Vec::with_capacity(toks.len() + 1);
    for (i, tok) in toks.iter().enumerate() {
        // A family name written apart ("김 용현") or run into the given name ("김용현").
        let family = table.family_names.iter().find(|(native, _)| native == tok).map(|(_, latin)| (latin.as_str(), ""));
        match family.or_else(|| split_family_name(&table.family_names, tok)).filter(|_| i == 0) {
            Some((latin, rest)) => {
                out.push(latin.to_string());
                if !rest.is_empty() {
                    out.push(romanize_token(table, rest));
                }
            }
            None if table.family_names.is_empty() => out.push(capitalize(&apply(&table.map, tok))),
            None => out.push(romanize_token(table, tok)),
        }
    }
    Some((out.join(" "), table.id.clone()))
}

/// The key under which spellings of one person merge (order of names ignored).
pub fn merge_key(rule_set: &RuleSet, romanized: &str) -> String {
    let mut toks: Vec<String> = fold_key(romanized)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(|tok| {
            let mut tok = tok.to_string();
            for table in &rule_set.translit {
                tok = apply(&table.loose, &tok);
            }
            tok
        })
        .collect();
    toks.sort();
    toks.join(" ")
}

/// The country a romanized name comes from, by the `[[origin]]` rules.
pub fn origin_country<'r>(origins: &'r [Origin], romanized: &str) -> Option<&'r Origin> {
    let key = fold_key(romanized);
    let toks: Vec<&str> = key.split(' ').filter(|t| !t.is_empty()).collect();
    let first = toks.first()?;
    origins.iter().find(|o| {
        if !o.family_names.is_empty() {
            return o.family_names.contains(*first) && toks.len() >= o.min_tokens.max(2);
        }
        match &o.token_shape {
            Some(shape) => toks.len() >= o.min_tokens.max(1) && toks.iter().all(|t| shape.is_match(t)),
            None => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_vietnamese_diacritics() {
        assert_eq!(strip_diacritics("Đặng Quốc Hùng"), "Dang Quoc Hung");
        assert_eq!(strip_diacritics("Đặng_Thị  Lan"), "Dang Thi Lan");
    }

    #[test]
    fn scripts() {
        assert_eq!(Script::of("Масуда"), Script::Cyrillic);
        assert_eq!(Script::of("Đặng"), Script::Latin);
        assert_eq!(Script::of("加納"), Script::Han);
        assert_eq!(Script::of("カノウ"), Script::Kana);
        assert_eq!(Script::of("김"), Script::Hangul);
    }

    #[test]
    fn hiragana_reads_as_katakana() {
        assert_eq!(to_katakana("ますだ・カズオ"), "マスダ・カズオ");
        assert_eq!(tokens("ますだ・かずお"), vec!["マスダ", "カズオ"]);
        assert_eq!(tokens("Le Quang"), vec!["le", "quang"]);
    }

    #[test]
    fn hangul_decomposes_into_jamo() {
        assert_eq!(to_jamo("김"), "\u{1100}\u{1175}\u{11B7}");
        assert_eq!(to_jamo("Kim"), "Kim");
    }

    #[test]
    fn splits_the_longest_family_name() {
        let names = vec![
            ("남궁".to_string(), "Namgung".to_string()),
            ("김".to_string(), "Kim".to_string()),
            ("남".to_string(), "Nam".to_string()),
        ];
        assert_eq!(split_family_name(&names, "김용현"), Some(("Kim", "용현")));
        assert_eq!(split_family_name(&names, "남궁민"), Some(("Namgung", "민")));
        assert_eq!(split_family_name(&names, "남궁"), Some(("Nam", "궁")));
        assert_eq!(split_family_name(&names, "김"), None);
        assert_eq!(split_family_name(&names, "박진"), None);
    }

    #[test]
    fn applies_anchored_pairs_longest_first() {
        let pairs = vec![
            ("дзі".chars().collect(), "ji".to_string(), false, false),
            ("нь".chars().collect(), "nh".to_string(), false, true),
            ("д".chars().collect(), "d".to_string(), false, false),
            ("з".chars().collect(), "z".to_string(), false, false),
            ("і".chars().collect(), "i".to_string(), false, false),
            ("н".chars().collect(), "n".to_string(), false, false),
            ("ь".chars().collect(), "".to_string(), false, false),
        ];
        assert_eq!(apply(&pairs, "дзі"), "ji");
        assert_eq!(apply(&pairs, "інь"), "inh");
        assert_eq!(apply(&pairs, "ньі"), "ni");
    }
}

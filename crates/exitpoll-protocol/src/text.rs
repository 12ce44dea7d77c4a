//! Survey text that may be translated: a plain string, or a map of locale to string.
use crate::cat;
use crate::prelude::*;

use crate::decode;
use crate::json::Value;
use crate::problem::{Path, Problems};

/// The longest prompt, label or title, in characters.
pub const MAX_TEXT_LEN: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    Plain(String),
    /// `(locale, text)` pairs in config order, such as `("en", "Price")`.
    Localized(Vec<(String, String)>),
}

impl Text {
    pub fn plain(s: &str) -> Text {
        Text::Plain(s.to_owned())
    }

    /// The text for `locale` (such as `fr-CA`): the exact locale, else its
    /// language, else English, else the first one given.
    pub fn resolve(&self, locale: &str) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::Localized(pairs) => pick_locale(pairs, locale)
                .or_else(|| pick_locale(pairs, "en"))
                .or_else(|| pairs.first().map(|(_, s)| s))
                .map_or("", String::as_str),
        }
    }

    pub(crate) fn decode(value: &Value, path: &Path<'_>, problems: &mut Problems) -> Option<Text> {
        match value {
            Value::String(s) => check_len(s, path, problems).then(|| Text::Plain(s.clone())),
            Value::Object(map) => {
                if map.is_empty() {
                    problems.error(path, "must name at least one locale");
                    return None;
                }
                let before = problems.error_count();
                let mut pairs = Vec::with_capacity(map.len());
                for (locale, v) in map.iter() {
                    let at = path.key(locale);
                    if !is_locale(locale) {
                        problems.error(&at, "not a locale: use a language code such as \"en\" or \"pt-BR\"");
                        continue;
                    }
                    if let Some(s) = decode::string(v, &at, problems)
                        && check_len(&s, &at, problems)
                    {
                        pairs.push((locale.to_owned(), s));
                    }
                }
                (problems.error_count() == before).then_some(Text::Localized(pairs))
            }
            other => {
                problems.error(
                    path,
                    cat!["expected a string or a map of locale to string, found ", other.kind()],
                );
                None
            }
        }
    }
}

fn check_len(s: &str, path: &Path<'_>, problems: &mut Problems) -> bool {
    if s.trim().is_empty() {
        problems.error(path, "must not be empty");
        false
    } else if char_count(s) > MAX_TEXT_LEN {
        problems.error(path, cat!["must be at most ", MAX_TEXT_LEN, " characters"]);
        false
    } else {
        true
    }
}

/// Whether `s` looks like a BCP 47 language tag of the simple kind pages use:
/// a 2–3 letter language, optionally followed by `-` and 2–8 letters or digits.
pub fn is_locale(s: &str) -> bool {
    let mut parts = s.split('-');
    let lang = parts.next().unwrap_or("");
    if !(2..=3).contains(&lang.len()) || !lang.bytes().all(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_alphanumeric()))
}

/// The entry for `locale` in `table`: exact match first (case-insensitive),
/// then the same language (`fr-CA` finds `fr`, and `fr` finds `fr-FR`).
pub fn pick_locale<'t, T>(table: &'t [(String, T)], locale: &str) -> Option<&'t T> {
    if let Some((_, v)) = table.iter().find(|(k, _)| k.eq_ignore_ascii_case(locale)) {
        return Some(v);
    }
    let lang = language(locale);
    table.iter().find(|(k, _)| language(k).eq_ignore_ascii_case(lang)).map(|(_, v)| v)
}

/// The language part of a locale: `fr` for `fr-CA`.
pub fn language(locale: &str) -> &str {
    locale.split(['-', '_']).next().unwrap_or(locale)
}

/// The number of characters (Unicode scalar values) in `s`. The same as
/// `s.chars().count()`, which in the widget's module brings core's
/// vectorised counter (about 1 KB); this loop is a few bytes.
pub fn char_count(s: &str) -> usize {
    s.bytes().filter(|b| (b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod char_count_tests {
    use super::char_count;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn counts_what_chars_counts(s in "\\PC{0,40}") {
            prop_assert_eq!(char_count(&s), s.chars().count());
        }
    }

    #[test]
    fn multibyte_text() {
        assert_eq!(char_count("Schließen 🎉 ñ"), "Schließen 🎉 ñ".chars().count());
        assert_eq!(char_count(""), 0);
    }
}

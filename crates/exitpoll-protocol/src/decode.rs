//! Building blocks for turning a [`Value`] into typed data while collecting
//! every problem with its path.
//!
//! Each object is read through [`Fields`], which remembers which keys were
//! asked for. Whatever is left at the end is an unknown field: reported as a
//! warning, with a "did you mean" suggestion when a known key is close, because
//! a typo in a config otherwise fails silently.
use crate::cat;
use crate::prelude::*;

use crate::json::{Map, Value};
use crate::problem::{Path, Problems};

pub(crate) struct Fields<'v, 'p> {
    map: &'v Map,
    path: &'p Path<'p>,
    /// Which entries were asked for; entries past 128 count as asked (only
    /// context objects get that big, and they are not read through Fields).
    used: u128,
    known: Vec<&'static str>,
}

impl<'v, 'p> Fields<'v, 'p> {
    /// Starts reading `value` as an object; reports and returns `None` otherwise.
    pub(crate) fn of(
        value: &'v Value,
        path: &'p Path<'p>,
        problems: &mut Problems,
    ) -> Option<Fields<'v, 'p>> {
        match value {
            Value::Object(map) => Some(Fields { map, path, used: 0, known: Vec::with_capacity(24) }),
            other => {
                problems.error(path, cat!["expected an object, found ", other.kind()]);
                None
            }
        }
    }

    pub(crate) fn path(&self) -> &'p Path<'p> {
        self.path
    }

    /// Takes a field by name, marking it as known.
    pub(crate) fn get(&mut self, key: &'static str) -> Option<&'v Value> {
        self.known.push(key);
        let i = self.map.0.iter().position(|(k, _)| k == key)?;
        if i < 128 {
            self.used |= 1 << i;
        }
        match &self.map.0[i].1 {
            // An explicit null means "not set", which keeps hand-written configs forgiving.
            Value::Null => None,
            v => Some(v),
        }
    }

    /// Takes a field that must be present, reporting it as missing otherwise.
    pub(crate) fn required(&mut self, key: &'static str, problems: &mut Problems) -> Option<&'v Value> {
        let v = self.get(key);
        if v.is_none() {
            problems.error(&self.path.key(key), "missing");
        }
        v
    }

    /// Marks fields as known without reading them: they are neither
    /// reported as unknown nor checked.
    pub(crate) fn known(&mut self, keys: &[&'static str]) {
        for key in keys {
            self.get(key);
        }
    }

    /// Reports every field that was never asked for.
    pub(crate) fn finish(self, problems: &mut Problems) {
        for (i, (key, _)) in self.map.0.iter().enumerate().take(128) {
            if self.used & (1 << i) != 0 {
                continue;
            }
            let at = self.path.key(key);
            match closest(key, &self.known) {
                Some(hint) => problems.warn(&at, cat!["unknown field, did you mean \"", hint, "\"?"]),
                None => problems.warn(&at, "unknown field"),
            }
        }
    }
}

/// The known name closest to `key`, if it is a plausible typo of it.
pub fn closest(key: &str, known: &[&'static str]) -> Option<&'static str> {
    known
        .iter()
        .map(|k| (edit_distance(key, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A string, borrowed from the value: checking it needs no copy.
pub(crate) fn str<'v>(value: &'v Value, path: &Path<'_>, problems: &mut Problems) -> Option<&'v str> {
    match value {
        Value::String(s) => Some(s),
        other => {
            problems.error(path, cat!["expected a string, found ", other.kind()]);
            None
        }
    }
}

pub(crate) fn string(value: &Value, path: &Path<'_>, problems: &mut Problems) -> Option<String> {
    str(value, path, problems).map(str::to_owned)
}

pub(crate) fn boolean(value: &Value, path: &Path<'_>, problems: &mut Problems) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        other => {
            problems.error(path, cat!["expected true or false, found ", other.kind()]);
            None
        }
    }
}

/// An integer in `min..=max`.
pub(crate) fn integer(
    value: &Value,
    path: &Path<'_>,
    problems: &mut Problems,
    min: i64,
    max: i64,
) -> Option<i64> {
    let Value::Number(n) = value else {
        problems.error(path, cat!["expected a whole number, found ", value.kind()]);
        return None;
    };
    match n.as_i64() {
        Some(i) if (min..=max).contains(&i) => Some(i),
        Some(_) => {
            problems.error(path, cat!["must be between ", min, " and ", max, ", found ", n.as_str()]);
            None
        }
        None => {
            problems.error(path, cat!["expected a whole number, found ", n.as_str()]);
            None
        }
    }
}

/// A number in `min..=max`.
pub(crate) fn number(
    value: &Value,
    path: &Path<'_>,
    problems: &mut Problems,
    min: i64,
    max: i64,
) -> Option<f64> {
    let Value::Number(n) = value else {
        problems.error(path, cat!["expected a number, found ", value.kind()]);
        return None;
    };
    let f = n.as_f64();
    if f < min as f64 || f > max as f64 {
        problems.error(path, cat!["must be between ", min, " and ", max, ", found ", n.as_str()]);
        return None;
    }
    Some(f)
}

pub(crate) fn array<'v>(value: &'v Value, path: &Path<'_>, problems: &mut Problems) -> Option<&'v [Value]> {
    match value {
        Value::Array(items) => Some(items),
        other => {
            problems.error(path, cat!["expected an array, found ", other.kind()]);
            None
        }
    }
}

/// A string that must be one of `names`; returns its index.
pub(crate) fn one_of(
    value: &Value,
    path: &Path<'_>,
    problems: &mut Problems,
    names: &[&str],
) -> Option<usize> {
    let s = str(value, path, problems)?;
    match names.iter().position(|n| *n == s) {
        Some(i) => Some(i),
        None => {
            problems.error(path, cat!["unknown value \"", s, "\", expected one of ", names.join(", ")]);
            None
        }
    }
}

/// An array of strings.
pub(crate) fn strings(value: &Value, path: &Path<'_>, problems: &mut Problems) -> Option<Vec<String>> {
    let items = array(value, path, problems)?;
    let before = problems.error_count();
    let out: Vec<String> =
        items.iter().enumerate().filter_map(|(i, v)| string(v, &path.index(i), problems)).collect();
    (problems.error_count() == before).then_some(out)
}

/// Whether `id` is a usable identifier: 1–64 of `A-Z a-z 0-9 _ -`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
}

pub(crate) fn id(value: &Value, path: &Path<'_>, problems: &mut Problems) -> Option<String> {
    let s = string(value, path, problems)?;
    if is_valid_id(&s) {
        Some(s)
    } else {
        problems.error(path, cat!["\"", s, "\" is not a valid id: use 1 to 64 letters, digits, '_' or '-'"]);
        None
    }
}

/// `word` with its indefinite article: "a rating", "an nps", "an email".
pub(crate) fn with_article(word: &str) -> String {
    let an = word.starts_with(['a', 'e', 'i', 'o', 'u']) || word == "nps";
    cat![if an { "an " } else { "a " }, word]
}

//! The checks a decoded snapshot must pass before it reaches a store: that
//! every backend can store it and every later reader can read it back.
//!
//! The protocol's decoder accepts some JSON that is valid but not storable
//! everywhere. PostgreSQL refuses U+0000 in `TEXT`, and a response that one
//! backend stores and another refuses would make the answer depend on the
//! database, and (before requests were isolated from their commit group) fail
//! other shoppers' requests. A number such as `1e400` is valid JSON but no
//! `f64`: the webhook payloads, Klaviyo's API and the dashboard could not read
//! it back, so it would be acknowledged and then dead-letter every delivery.
//! Both are refused here with a 422 naming the field, so validation and every
//! reader agree. (Lone surrogates never get this far: the JSON reader refuses
//! them as invalid JSON.)
//!
//! These checks belong with the protocol's validation in the long run; they
//! live in the collector for now because only the collector stores.

use exitpoll_protocol::Problems;
use exitpoll_protocol::json::Value;
use exitpoll_protocol::problem::Path;
use exitpoll_protocol::response::{Answer, Snapshot};

const NUL_MESSAGE: &str = "must not contain the NUL character (U+0000)";

/// Adds a problem for everything in `s` that a store or a reader cannot take.
pub fn check(s: &Snapshot, at: &Path<'_>, problems: &mut Problems) {
    for (key, value) in [
        ("visitor_id", &s.visitor_id),
        ("session_id", &s.session_id),
        ("trigger", &s.trigger),
        ("locale", &s.locale),
        ("page_url", &s.page_url),
    ] {
        if value.contains('\0') {
            problems.error(&at.key(key), NUL_MESSAGE);
        }
    }
    let answers = at.key("answers");
    for (question, answer) in &s.answers {
        let path = answers.key(question);
        let nul = match answer {
            Answer::Number(_) => false,
            Answer::Text(t) | Answer::Other(t) => t.contains('\0'),
            Answer::Choices(ids) => ids.iter().any(|id| id.contains('\0')),
        };
        if nul || question.contains('\0') {
            problems.error(&path, NUL_MESSAGE);
        }
    }
    let context = at.key("context");
    for (key, value) in s.context.iter() {
        let path = context.key(key);
        if key.contains('\0') {
            problems.error(&path, "keys must not contain the NUL character (U+0000)");
        }
        check_value(value, &path, problems);
    }
}

/// Context values are kept as given, at any depth: every string, key and
/// number in them is checked.
fn check_value(v: &Value, at: &Path<'_>, problems: &mut Problems) {
    match v {
        Value::Null | Value::Bool(_) => {}
        Value::String(s) => {
            if s.contains('\0') {
                problems.error(at, NUL_MESSAGE);
            }
        }
        Value::Number(n) => {
            // The readers (serde_json, JavaScript, PostgreSQL's float8) take
            // any number that rounds to a finite double; beyond that they fail.
            if !n.as_str().parse::<f64>().is_ok_and(f64::is_finite) {
                problems.error(at, "this number is out of range: its magnitude must be below about 1.8e308");
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_value(item, &at.index(i), problems);
            }
        }
        Value::Object(map) => {
            for (key, value) in map.iter() {
                let path = at.key(key);
                if key.contains('\0') {
                    problems.error(&path, "keys must not contain the NUL character (U+0000)");
                }
                check_value(value, &path, problems);
            }
        }
    }
}

//! Response snapshots (the HTTP API (README.md)): what the widget sends and the collector stores.
//!
//! A response is one shopper's pass through one survey. The widget sends
//! snapshots of it as it grows; the one with the highest `revision` wins. The
//! checks here run in both places: the widget checks an answer before it
//! records it, and the collector checks every snapshot before it commits it, so
//! the two can never disagree about what a valid answer is.
use crate::cat;
use crate::prelude::*;

use crate::config::{Device, MAX_TEXT_CHARS, QuestionKind, Stage, Survey};
use crate::decode::{self, Fields};
use crate::json::{self, Map, ObjectWriter, Value};
use crate::problem::{Path, Problems};
use crate::time::{self, format_timestamp, parse_timestamp};

#[cfg(feature = "serde")]
mod wire;

/// Largest request body the collector accepts, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Most responses in one request.
pub const MAX_RESPONSES_PER_REQUEST: usize = 50;
/// Most keys in a response's context.
pub const MAX_CONTEXT_KEYS: usize = 50;
/// Longest context key, and longest short string field, in characters.
const MAX_KEY_LEN: usize = 64;
const MAX_URL_LEN: usize = 2000;
const MAX_LOCALE_LEN: usize = 35;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ResponseStatus {
    /// The survey opened; nothing answered yet.
    Shown,
    /// Some questions answered; the survey is still open or was left open.
    Partial,
    Completed,
    /// Closed by the shopper before completion.
    Dismissed,
}

impl ResponseStatus {
    pub const NAMES: [&'static str; 4] = ["shown", "partial", "completed", "dismissed"];
    pub const ALL: [ResponseStatus; 4] = [
        ResponseStatus::Shown,
        ResponseStatus::Partial,
        ResponseStatus::Completed,
        ResponseStatus::Dismissed,
    ];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(s: &str) -> Option<ResponseStatus> {
        Self::NAMES.iter().position(|n| *n == s).map(|i| Self::ALL[i])
    }

    /// Whether the response has ended: no later snapshot will change it.
    pub fn is_final(self) -> bool {
        matches!(self, ResponseStatus::Completed | ResponseStatus::Dismissed)
    }
}

/// One answer, in its wire shape (the HTTP API (README.md)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// `nps` and `rating`.
    Number(i64),
    /// A `single_choice` choice id, `text`, `email`, or `"clicked"` for a `cta`.
    Text(String),
    /// `single_choice` with "Other": `{"other": "text"}`.
    Other(String),
    /// `multiple_choice`: choice ids.
    Choices(Vec<String>),
}

impl Answer {
    pub fn to_value(&self) -> Value {
        match self {
            Answer::Number(n) => Value::Number(json::Number::from_i64(*n)),
            Answer::Text(s) => Value::String(s.clone()),
            Answer::Other(s) => {
                let mut m = Map::default();
                m.insert("other", Value::String(s.clone()));
                Value::Object(m)
            }
            Answer::Choices(ids) => Value::Array(ids.iter().map(|s| Value::String(s.clone())).collect()),
        }
    }

    /// Reads an answer in its wire shape, such as the widget's renderer reports it.
    pub fn from_value(v: &Value) -> Result<Answer, String> {
        let mut problems = Problems::default();
        Answer::decode(v, &Path::ROOT, &mut problems).ok_or_else(|| cat![problems])
    }

    fn decode(v: &Value, path: &Path<'_>, problems: &mut Problems) -> Option<Answer> {
        match v {
            Value::Number(n) => match n.as_i64() {
                Some(i) => Some(Answer::Number(i)),
                None => {
                    problems.error(path, cat!["expected a whole number, found ", n.as_str()]);
                    None
                }
            },
            Value::String(s) => Some(Answer::Text(s.clone())),
            Value::Array(items) => {
                let ids = decode::strings(v, path, problems)?;
                debug_assert_eq!(ids.len(), items.len());
                Some(Answer::Choices(ids))
            }
            Value::Object(_) => {
                let mut f = Fields::of(v, path, problems)?;
                let other = f.get("other");
                f.finish(problems);
                match other {
                    Some(o) => decode::string(o, &path.key("other"), problems).map(Answer::Other),
                    None => {
                        problems.error(path, "an object answer must be {\"other\": \"text\"}");
                        None
                    }
                }
            }
            other => {
                problems.error(
                    path,
                    cat!["expected a number, a string, an array or {\"other\": ...}, found ", other.kind()],
                );
                None
            }
        }
    }

    /// Checks this answer against its question's definition.
    pub fn check(&self, kind: &QuestionKind, path: &Path<'_>, problems: &mut Problems) {
        let want = |problems: &mut Problems, what: &str| {
            problems.error(
                path,
                cat!["expected ", what, " for ", decode::with_article(kind.as_str()), " question"],
            );
        };
        match (kind, self) {
            (QuestionKind::Nps { .. }, Answer::Number(n)) => {
                if !(0..=10).contains(n) {
                    problems.error(path, cat!["must be between 0 and 10, found ", n]);
                }
            }
            (QuestionKind::Nps { .. }, _) => want(problems, "a whole number from 0 to 10"),
            (QuestionKind::Rating { scale, .. }, Answer::Number(n)) => {
                if !(1..=i64::from(*scale)).contains(n) {
                    problems.error(path, cat!["must be between 1 and ", scale, ", found ", n]);
                }
            }
            (QuestionKind::Rating { scale, .. }, _) => {
                want(problems, &cat!["a whole number from 1 to ", scale])
            }
            (QuestionKind::SingleChoice { choices, .. }, Answer::Text(id)) => {
                if !choices.iter().any(|c| c.id == *id) {
                    problems.error(path, cat!["unknown choice \"", id, "\""]);
                }
            }
            (QuestionKind::SingleChoice { allow_other, .. }, Answer::Other(text)) => {
                if !allow_other {
                    problems.error(path, "this question does not allow \"Other\"");
                } else {
                    check_text(text, MAX_TEXT_CHARS, path, problems);
                }
            }
            (QuestionKind::SingleChoice { .. }, _) => want(problems, "a choice id or {\"other\": \"text\"}"),
            (QuestionKind::MultipleChoice { choices, max_selections, .. }, Answer::Choices(ids)) => {
                if ids.is_empty() {
                    problems.error(path, "must select at least one choice");
                }
                if let Some(max) = max_selections
                    && ids.len() > *max as usize
                {
                    problems.error(path, cat!["at most ", max, " selections, found ", ids.len()]);
                }
                for (i, id) in ids.iter().enumerate() {
                    if !choices.iter().any(|c| c.id == *id) {
                        problems.error(&path.index(i), cat!["unknown choice \"", id, "\""]);
                    } else if ids[..i].contains(id) {
                        problems.error(&path.index(i), cat!["choice \"", id, "\" selected twice"]);
                    }
                }
            }
            (QuestionKind::MultipleChoice { .. }, _) => want(problems, "an array of choice ids"),
            (QuestionKind::Text { max_length, .. }, Answer::Text(text)) => {
                check_text(text, *max_length, path, problems);
            }
            (QuestionKind::Text { .. }, _) => want(problems, "a string"),
            (QuestionKind::Email { .. }, Answer::Text(text)) => {
                if !is_email(text) {
                    problems.error(path, "not an email address");
                }
            }
            (QuestionKind::Email { .. }, _) => want(problems, "an email address"),
            (QuestionKind::Cta { .. }, Answer::Text(t)) if t == "clicked" => {}
            (QuestionKind::Cta { .. }, _) => want(problems, "\"clicked\""),
        }
    }
}

fn check_text(text: &str, max: u32, path: &Path<'_>, problems: &mut Problems) {
    let n = crate::text::char_count(text);
    if text.trim().is_empty() {
        problems.error(path, "must not be empty");
    } else if n > max as usize {
        problems.error(path, cat!["at most ", max, " characters, found ", n]);
    }
}

/// A deliberately plain check: something@domain.tld, no spaces, at most 254 characters.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && s.len() <= 254
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.as_bytes().windows(2).any(|w| w == b"..")
        && !s.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
}

/// Whether `s` is a UUID in its canonical 8-4-4-4-12 hex form.
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// One snapshot of a response.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// A UUID, lowercase.
    pub response_id: String,
    /// Starts at 1; a snapshot replaces a stored one only when this is higher.
    pub revision: u32,
    pub survey_id: String,
    pub status: ResponseStatus,
    /// Question id to answer, in answering order.
    pub answers: Vec<(String, Answer)>,
    /// Milliseconds since the epoch.
    pub shown_at: i64,
    pub updated_at: i64,
    pub visitor_id: String,
    pub session_id: String,
    /// What opened the survey: a trigger type, an exit-intent signal, or `manual`.
    pub trigger: String,
    pub stage: Option<Stage>,
    pub device: Option<Device>,
    pub locale: String,
    pub page_url: String,
    pub context: Map,
}

impl Snapshot {
    pub fn answer(&self, question_id: &str) -> Option<&Answer> {
        self.answers.iter().find(|(q, _)| q == question_id).map(|(_, a)| a)
    }

    /// The answers as a JSON object of question id to answer, in order.
    pub fn answers_json(&self) -> String {
        let mut answers = String::new();
        let mut a = ObjectWriter::new(&mut answers);
        for (q, ans) in &self.answers {
            a.value(q, &ans.to_value());
        }
        a.finish();
        answers
    }

    /// Writes the wire form (the HTTP API (README.md)).
    pub fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.str("response_id", &self.response_id)
            .int("revision", i64::from(self.revision))
            .str("survey_id", &self.survey_id)
            .str("status", self.status.as_str());
        o.raw("answers", &self.answers_json())
            .str("shown_at", &format_timestamp(self.shown_at))
            .str("updated_at", &format_timestamp(self.updated_at))
            .str("visitor_id", &self.visitor_id)
            .str("session_id", &self.session_id)
            .str("trigger", &self.trigger);
        if let Some(stage) = self.stage {
            o.str("stage", stage.as_str());
        }
        if let Some(device) = self.device {
            o.str("device", device.as_str());
        }
        o.str("locale", &self.locale)
            .str("page_url", &self.page_url)
            .value("context", &Value::Object(self.context.clone()));
        o.finish();
    }

    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    /// Reads one snapshot, checking its shape and limits but not its answers
    /// against a survey (see [`Snapshot::check_against`]).
    pub fn decode(v: &Value, path: &Path<'_>, problems: &mut Problems) -> Option<Snapshot> {
        let before = problems.error_count();
        let mut f = Fields::of(v, path, problems)?;
        let response_id = f.required("response_id", problems).and_then(|v| {
            let p = path.key("response_id");
            let id = response_id(decode::str(v, &p, problems)?);
            if id.is_none() {
                problems.error(&p, "must be a UUID such as 0193a1e2-7c5d-7b1e-9f00-3a4b5c6d7e8f");
            }
            id
        });
        let revision = f
            .required("revision", problems)
            .and_then(|v| decode::integer(v, &path.key("revision"), problems, 1, i64::from(u32::MAX)))
            .map(|n| n as u32);
        let survey_id =
            f.required("survey_id", problems).and_then(|v| decode::id(v, &path.key("survey_id"), problems));
        let status = f
            .required("status", problems)
            .and_then(|v| decode::one_of(v, &path.key("status"), problems, &ResponseStatus::NAMES))
            .map(|i| ResponseStatus::ALL[i]);
        let answers = match f.get("answers") {
            None => Some(Vec::new()),
            Some(v) => {
                let p = path.key("answers");
                match v.as_object() {
                    None => {
                        problems
                            .error(&p, cat!["expected an object of question id to answer, found ", v.kind()]);
                        None
                    }
                    Some(map) => {
                        let mut out = Vec::with_capacity(map.len());
                        for (q, a) in map.iter() {
                            if let Some(ans) = Answer::decode(a, &p.key(q), problems) {
                                out.push((q.to_owned(), ans));
                            }
                        }
                        Some(out)
                    }
                }
            }
        };
        let timestamp = |f: &mut Fields<'_, '_>, key: &'static str, problems: &mut Problems| {
            let v = f.required(key, problems)?;
            let p = path.key(key);
            timestamp(decode::str(v, &p, problems)?).map_err(|message| problems.error(&p, message)).ok()
        };
        let shown_at = timestamp(&mut f, "shown_at", problems);
        let updated_at = timestamp(&mut f, "updated_at", problems);
        let short =
            |f: &mut Fields<'_, '_>, key: &'static str, max: usize, problems: &mut Problems| -> String {
                let Some(v) = f.get(key) else { return String::new() };
                let p = path.key(key);
                match decode::str(v, &p, problems) {
                    Some(s) if fits(s, max) => s.to_owned(),
                    Some(_) => {
                        problems.error(&p, cat!["at most ", max, " characters"]);
                        String::new()
                    }
                    None => String::new(),
                }
            };
        let visitor_id = short(&mut f, "visitor_id", MAX_KEY_LEN, problems);
        let session_id = short(&mut f, "session_id", MAX_KEY_LEN, problems);
        let trigger = short(&mut f, "trigger", MAX_KEY_LEN, problems);
        let locale = short(&mut f, "locale", MAX_LOCALE_LEN, problems);
        let page_url = short(&mut f, "page_url", MAX_URL_LEN, problems);
        let stage = f.get("stage").and_then(|v| {
            decode::one_of(v, &path.key("stage"), problems, &Stage::NAMES).map(|i| Stage::ALL[i])
        });
        let device = f.get("device").and_then(|v| {
            decode::one_of(v, &path.key("device"), problems, &Device::NAMES).map(|i| Device::ALL[i])
        });
        let context = match f.get("context") {
            None => Some(Map::default()),
            Some(v) => decode_context(v, &path.key("context"), problems),
        };
        f.finish(problems);
        if let (Some(shown), Some(updated)) = (shown_at, updated_at)
            && updated < shown
        {
            problems.error(&path.key("updated_at"), "must not be before shown_at");
        }
        if problems.error_count() != before {
            return None;
        }
        Some(Snapshot {
            response_id: response_id?,
            revision: revision?,
            survey_id: survey_id?,
            status: status?,
            answers: answers?,
            shown_at: shown_at?,
            updated_at: updated_at?,
            visitor_id,
            session_id,
            trigger,
            stage,
            device,
            locale,
            page_url,
            context: context?,
        })
    }

    /// Checks every answer against the survey's questions.
    pub fn check_against(&self, survey: &Survey, path: &Path<'_>, problems: &mut Problems) {
        let answers_path = path.key("answers");
        for (q, answer) in &self.answers {
            let at = answers_path.key(q);
            match survey.question(q) {
                Some(question) => answer.check(&question.kind, &at, problems),
                None => problems.error(&at, cat!["no question \"", q, "\" in survey \"", survey.id, "\""]),
            }
        }
    }
}

/// A response id: a UUID, which is kept lowercase.
fn response_id(s: &str) -> Option<String> {
    is_uuid(s).then(|| s.to_ascii_lowercase())
}

/// A snapshot's time in milliseconds: an RFC 3339 timestamp in the years 2000 to 2100.
fn timestamp(s: &str) -> Result<i64, &'static str> {
    match parse_timestamp(s) {
        Some(ms) if (time::MIN_MS..=time::MAX_MS).contains(&ms) => Ok(ms),
        Some(_) => Err("must be between the years 2000 and 2100"),
        None => Err("must be an RFC 3339 timestamp such as 2026-11-22T10:00:09.000Z"),
    }
}

/// Whether a short string field such as `visitor_id` is within its limit.
fn fits(s: &str, max_chars: usize) -> bool {
    crate::text::char_count(s) <= max_chars
}

/// Context keys with a fixed meaning, and what each must hold.
const CANONICAL_CONTEXT: [(&str, ContextKind); 13] = [
    ("order_id", ContextKind::String),
    ("order_value", ContextKind::Number),
    ("cart_value", ContextKind::Number),
    ("currency", ContextKind::Currency),
    ("cart_items", ContextKind::Integer),
    ("customer_id", ContextKind::String),
    ("utm_source", ContextKind::String),
    ("utm_medium", ContextKind::String),
    ("utm_campaign", ContextKind::String),
    ("utm_term", ContextKind::String),
    ("utm_content", ContextKind::String),
    ("referrer", ContextKind::String),
    ("page_type", ContextKind::String),
];

/// The names of the context keys with a fixed meaning, in the spec's order.
pub const CANONICAL_CONTEXT_KEYS: [&str; CANONICAL_CONTEXT.len()] = {
    let mut out = [""; CANONICAL_CONTEXT.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = CANONICAL_CONTEXT[i].0;
        i += 1;
    }
    out
};

#[derive(Debug, Clone, Copy)]
enum ContextKind {
    String,
    Number,
    Integer,
    Currency,
}

/// Checks a context object: at most 50 keys, canonical keys of the right type.
pub fn decode_context(v: &Value, path: &Path<'_>, problems: &mut Problems) -> Option<Map> {
    let Some(map) = v.as_object() else {
        problems.error(path, cat!["expected an object, found ", v.kind()]);
        return None;
    };
    let before = problems.error_count();
    check_context(map, path, problems);
    (problems.error_count() == before).then(|| map.clone())
}

/// The checks of [`decode_context`] on an object. Always inlined: in the
/// widget, its one caller is then the code `decode_context` was before the
/// collector's wire path shared these checks.
#[inline(always)]
fn check_context(map: &Map, path: &Path<'_>, problems: &mut Problems) {
    if map.len() > MAX_CONTEXT_KEYS {
        problems.error(path, cat!["at most ", MAX_CONTEXT_KEYS, " keys, found ", map.len()]);
    }
    for (key, value) in map.iter() {
        let at = path.key(key);
        if key.is_empty() || crate::text::char_count(key) > MAX_KEY_LEN {
            problems.error(&at, cat!["keys must have 1 to ", MAX_KEY_LEN, " characters"]);
            continue;
        }
        let Some((_, kind)) = CANONICAL_CONTEXT.iter().find(|(k, _)| *k == key) else {
            continue;
        };
        let ok = match kind {
            ContextKind::String => value.as_str().is_some_and(|s| crate::text::char_count(s) <= MAX_URL_LEN),
            ContextKind::Number => value.as_f64().is_some(),
            ContextKind::Integer => value.as_i64().is_some(),
            ContextKind::Currency => {
                value.as_str().is_some_and(|s| s.len() == 3 && s.bytes().all(|c| c.is_ascii_uppercase()))
            }
        };
        if !ok {
            let what = match kind {
                ContextKind::String => "a string of at most 2000 characters",
                ContextKind::Number => "a number",
                ContextKind::Integer => "a whole number",
                ContextKind::Currency => "an ISO 4217 currency code such as \"EUR\"",
            };
            problems.error(&at, cat!["must be ", what, ", found ", value.kind()]);
        }
    }
}

/// Reads a request body `{"responses": [...]}` into snapshots.
///
/// Returns every problem found; the caller rejects the whole request when
/// there is any, so a request is stored completely or not at all.
///
/// With the `serde` feature (the collector), a body in the plain shape a
/// widget sends is read straight into snapshots by serde_json (`wire.rs`),
/// and anything else, valid or not, by `decode_batch_in_general`, which
/// names every problem with its JSON path.
///
/// Cost, for the one-response plain body of `cargo run --release -p
/// exitpoll-protocol --example decode_speed`: 16 300 instructions (callgrind,
/// 2 000 decodes, startup subtracted) and 1.2–1.5 µs; the hand-written reader
/// this path replaced took 14 400 and 0.8 µs on the same machine in turns.
/// The example's body with an unknown field, which only the general decoder
/// takes: 131 000 instructions, 7.2–7.7 µs (the hand-written parser: 96 000,
/// 5.4–6.5 µs). What that costs a whole ingest is in tests/bench/README.md.
pub fn decode_batch(text: &str) -> Result<Vec<Snapshot>, Problems> {
    #[cfg(feature = "serde")]
    if let Some(snapshots) = wire::decode_batch(text) {
        return Ok(snapshots);
    }
    decode_batch_in_general(text)
}

/// [`decode_batch`] for any body, naming every problem: the document is
/// parsed into a [`Value`] (by serde_json with the `serde` feature) and read
/// field by field.
fn decode_batch_in_general(text: &str) -> Result<Vec<Snapshot>, Problems> {
    let mut problems = Problems::default();
    let root = Path::ROOT;
    let value = match json::parse_document(text) {
        Ok(v) => v,
        Err(e) => {
            problems.error(&root, cat![e]);
            return Err(problems);
        }
    };
    let Some(mut f) = Fields::of(&value, &root, &mut problems) else {
        return Err(problems);
    };
    let list = f.get("responses");
    f.finish(&mut problems);
    let path = root.key("responses");
    let Some(list) = list else {
        problems.error(&path, "missing");
        return Err(problems);
    };
    let Some(items) = decode::array(list, &path, &mut problems) else {
        return Err(problems);
    };
    if items.is_empty() {
        problems.error(&path, "must not be empty");
    } else if items.len() > MAX_RESPONSES_PER_REQUEST {
        problems.error(
            &path,
            cat!["at most ", MAX_RESPONSES_PER_REQUEST, " responses per request, found ", items.len()],
        );
        return Err(problems);
    }
    let snapshots: Vec<Snapshot> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| Snapshot::decode(item, &path.index(i), &mut problems))
        .collect();
    // Unknown fields are only warnings here: an older collector accepts a newer widget's snapshots.
    if problems.has_errors() { Err(problems) } else { Ok(snapshots) }
}

/// Writes a request body for `snapshots`.
pub fn encode_batch<'a>(snapshots: impl IntoIterator<Item = &'a Snapshot>) -> String {
    let mut out = String::from("{\"responses\":[");
    for (i, s) in snapshots.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        s.write_json(&mut out);
    }
    out.push_str("]}");
    out
}

#[cfg(test)]
mod tests;

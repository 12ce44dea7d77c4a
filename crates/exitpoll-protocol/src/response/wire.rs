//! The collector's path of [`decode_batch`](super::decode_batch): serde_json
//! reads a request body straight into wire types that borrow its strings,
//! without building a [`Value`] tree, and the snapshot's checks run on them.
//!
//! It takes only the plain shape a widget sends: every known field at most
//! once, no unknown fields, numbers where the general decoder reads them as
//! written (`2`, not `2.0` or `2e0`), an answer object with `other` alone.
//! Anything else, valid or not, and anything a check rejects, returns `None`,
//! and the caller decodes the body the general way, which names every
//! problem. So this path never reports a problem and never accepts what the
//! general path would reject; for what it accepts, it builds the very
//! snapshots the general path builds, running the same checks (a property
//! test holds the two to that, `fast_path_agrees_with_the_general_decoder`).
//! Context values are read as [`json::from_text`](crate::json::from_text)
//! reads them, keeping numbers' source text.
use crate::prelude::*;

use alloc::borrow::Cow;
use core::fmt;
use core::marker::PhantomData;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{
    Answer, MAX_KEY_LEN, MAX_LOCALE_LEN, MAX_RESPONSES_PER_REQUEST, MAX_URL_LEN, ResponseStatus, Snapshot,
    check_context, fits, response_id, timestamp,
};
use crate::config::{Device, Stage};
use crate::decode::is_valid_id;
use crate::json::serde_impls::ExactSeed;
use crate::json::{Map, Value};
use crate::problem::{Path, Problems};

/// Decodes `text` when it has the plain shape and passes every check; `None`
/// sends it to the general decoder.
pub(super) fn decode_batch(text: &str) -> Option<Vec<Snapshot>> {
    let batch: Batch = serde_json::from_str(text).ok()?;
    (!batch.responses.0.is_empty()).then_some(batch.responses.0)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Batch {
    responses: Snapshots,
}

/// The snapshots of a batch, each checked as soon as it is read: no list of
/// wire snapshots in between, and a failing one stops the reading.
struct Snapshots(Vec<Snapshot>);

impl<'de> Deserialize<'de> for Snapshots {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct SnapshotsVisitor;
        impl<'de> Visitor<'de> for SnapshotsVisitor {
            type Value = Snapshots;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of snapshots")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Snapshots, A::Error> {
                let mut out = Vec::new();
                while let Some(w) = seq.next_element::<WireSnapshot<'de>>()? {
                    if out.len() == MAX_RESPONSES_PER_REQUEST {
                        return Err(de::Error::custom("too many responses"));
                    }
                    out.push(w.check().ok_or_else(|| de::Error::custom("a check failed"))?);
                }
                Ok(Snapshots(out))
            }
        }
        d.deserialize_seq(SnapshotsVisitor)
    }
}

/// A snapshot as it is written; `null` is read as absent, as the general
/// decoder reads it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireSnapshot<'a> {
    #[serde(borrow)]
    response_id: Str<'a>,
    revision: u32,
    #[serde(borrow)]
    survey_id: Str<'a>,
    #[serde(borrow)]
    status: Str<'a>,
    answers: Option<Answers>,
    #[serde(borrow)]
    shown_at: Str<'a>,
    #[serde(borrow)]
    updated_at: Str<'a>,
    #[serde(borrow)]
    visitor_id: Option<Str<'a>>,
    #[serde(borrow)]
    session_id: Option<Str<'a>>,
    #[serde(borrow)]
    trigger: Option<Str<'a>>,
    #[serde(borrow)]
    stage: Option<Str<'a>>,
    #[serde(borrow)]
    device: Option<Str<'a>>,
    #[serde(borrow)]
    locale: Option<Str<'a>>,
    #[serde(borrow)]
    page_url: Option<Str<'a>>,
    context: Option<Context>,
}

impl WireSnapshot<'_> {
    /// The checks of [`Snapshot::decode`]; `None` when any fails.
    fn check(self) -> Option<Snapshot> {
        let short = |s: Option<Str<'_>>, max: usize| -> Option<String> {
            match s {
                None => Some(String::new()),
                Some(s) => fits(&s.0, max).then(|| s.0.into_owned()),
            }
        };
        let shown_at = timestamp(&self.shown_at.0).ok()?;
        let updated_at = timestamp(&self.updated_at.0).ok()?;
        if updated_at < shown_at || self.revision < 1 || !is_valid_id(&self.survey_id.0) {
            return None;
        }
        let context = match self.context {
            None => Map::default(),
            Some(Context(map)) => {
                let mut problems = Problems::default();
                check_context(&map, &Path::ROOT, &mut problems);
                if problems.has_errors() {
                    return None;
                }
                map
            }
        };
        Some(Snapshot {
            response_id: response_id(&self.response_id.0)?,
            revision: self.revision,
            survey_id: self.survey_id.0.into_owned(),
            status: ResponseStatus::parse(&self.status.0)?,
            answers: self.answers.map(|a| a.0).unwrap_or_default(),
            shown_at,
            updated_at,
            visitor_id: short(self.visitor_id, MAX_KEY_LEN)?,
            session_id: short(self.session_id, MAX_KEY_LEN)?,
            trigger: short(self.trigger, MAX_KEY_LEN)?,
            stage: match self.stage {
                None => None,
                Some(s) => Some(Stage::parse(&s.0)?),
            },
            device: match self.device {
                None => None,
                Some(s) => Some(Device::parse(&s.0)?),
            },
            locale: short(self.locale, MAX_LOCALE_LEN)?,
            page_url: short(self.page_url, MAX_URL_LEN)?,
            context,
        })
    }
}

/// A string, borrowed from the body unless it has escapes.
struct Str<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct StrVisitor<'a>(PhantomData<&'a str>);
        impl<'de: 'a, 'a> Visitor<'de> for StrVisitor<'a> {
            type Value = Str<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E>(self, s: String) -> Result<Str<'a>, E> {
                Ok(Str(Cow::Owned(s)))
            }
        }
        d.deserialize_str(StrVisitor(PhantomData))
    }
}

/// Question id to answer, in order; a repeated question is left to the general decoder.
struct Answers(Vec<(String, Answer)>);

impl<'de> Deserialize<'de> for Answers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct AnswersVisitor;
        impl<'de> Visitor<'de> for AnswersVisitor {
            type Value = Answers;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of question id to answer")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Answers, A::Error> {
                let mut out: Vec<(String, Answer)> = Vec::new();
                while let Some(q) = access.next_key::<Str<'de>>()? {
                    if out.iter().any(|(k, _)| *k == q.0) {
                        return Err(de::Error::custom("repeated question"));
                    }
                    let WireAnswer(answer) = access.next_value()?;
                    out.push((q.0.into_owned(), answer));
                }
                Ok(Answers(out))
            }
        }
        d.deserialize_map(AnswersVisitor)
    }
}

/// An answer in its wire shape.
struct WireAnswer(Answer);

/// Integers the general decoder reads exactly: its `Number::as_i64` takes
/// at most 18 digits as written, and beyond them only floats up to 2^53.
const MAX_PLAIN_INTEGER: u64 = 999_999_999_999_999_999;

impl<'de> Deserialize<'de> for WireAnswer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct AnswerVisitor;
        impl<'de> Visitor<'de> for AnswerVisitor {
            type Value = WireAnswer;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an answer in its plain shape")
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<WireAnswer, E> {
                if n.unsigned_abs() > MAX_PLAIN_INTEGER {
                    return Err(E::custom("a number for the general decoder"));
                }
                Ok(WireAnswer(Answer::Number(n)))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<WireAnswer, E> {
                if n > MAX_PLAIN_INTEGER {
                    return Err(E::custom("a number for the general decoder"));
                }
                Ok(WireAnswer(Answer::Number(n as i64)))
            }
            fn visit_str<E>(self, s: &str) -> Result<WireAnswer, E> {
                Ok(WireAnswer(Answer::Text(s.to_owned())))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<WireAnswer, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element::<Str<'de>>()? {
                    ids.push(id.0.into_owned());
                }
                Ok(WireAnswer(Answer::Choices(ids)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<WireAnswer, A::Error> {
                match access.next_key::<Str<'de>>()? {
                    Some(key) if key.0 == "other" => {}
                    _ => return Err(de::Error::custom("not {\"other\": ...}")),
                }
                let text = access.next_value::<Str<'de>>()?;
                if access.next_key::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::custom("more than \"other\""));
                }
                Ok(WireAnswer(Answer::Other(text.0.into_owned())))
            }
        }
        d.deserialize_any(AnswerVisitor)
    }
}

/// A context object, built as the general decoder builds it: keys in order,
/// a repeated key keeping its last value, values read by [`ExactSeed`].
struct Context(Map);

/// How many containers enclose a context value: the body, its `responses`,
/// the snapshot and the context.
const CONTEXT_VALUE_DEPTH: usize = 4;

impl<'de> Deserialize<'de> for Context {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ContextVisitor;
        impl<'de> Visitor<'de> for ContextVisitor {
            type Value = Context;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Context, A::Error> {
                let mut map = Map::default();
                while let Some(key) = access.next_key::<Str<'de>>()? {
                    let value: Value = access.next_value_seed(ExactSeed { depth: CONTEXT_VALUE_DEPTH })?;
                    match map.0.iter_mut().find(|(k, _)| *k == key.0) {
                        Some(entry) => entry.1 = value,
                        None => map.0.push((key.0.into_owned(), value)),
                    }
                }
                Ok(Context(map))
            }
        }
        d.deserialize_map(ContextVisitor)
    }
}

//! The fast path of [`decode_batch`](super::decode_batch): reads a request
//! body straight into snapshots, without building a [`Value`] tree first.
//!
//! It accepts only the plain shape a widget sends: every known field at most
//! once, no unknown fields, no `null`, no escapes in strings, and context
//! values that are strings, numbers or booleans. Anything else, valid or not,
//! returns `None`, and the caller decodes the body the general way, which
//! names every problem. So this path never reports a problem and never
//! accepts what the general path would reject; for what it accepts, it builds
//! the very snapshots the general path builds (a property test holds the two
//! to that, `fast_path_agrees_with_the_general_decoder`).
//!
//! It exists for the collector's ingest, where decoding was a quarter of the
//! user-space instructions of a request.
use crate::prelude::*;

use super::{
    Answer, CANONICAL_CONTEXT, ContextKind, MAX_CONTEXT_KEYS, MAX_KEY_LEN, MAX_RESPONSES_PER_REQUEST,
    MAX_URL_LEN, ResponseStatus, Snapshot, is_uuid,
};
use crate::config::{Device, Stage};
use crate::decode::is_valid_id;
use crate::json::{Map, Number, Value};
use crate::text::char_count;
use crate::time::{self, parse_timestamp};

/// Decodes `text` when it has the plain shape; `None` sends it to the general decoder.
pub(super) fn decode_batch(text: &str) -> Option<Vec<Snapshot>> {
    let mut r = Reader { text, src: text.as_bytes(), pos: 0 };
    r.ws();
    r.eat(b'{')?;
    r.ws();
    if r.string()? != "responses" {
        return None;
    }
    r.ws();
    r.eat(b':')?;
    r.ws();
    r.eat(b'[')?;
    let mut snapshots = Vec::new();
    loop {
        r.ws();
        snapshots.push(r.snapshot()?);
        if snapshots.len() > MAX_RESPONSES_PER_REQUEST {
            return None;
        }
        r.ws();
        if r.eat(b',').is_none() {
            break;
        }
    }
    r.eat(b']')?;
    r.ws();
    r.eat(b'}')?;
    r.ws();
    (r.pos == r.src.len()).then_some(snapshots)
}

/// The fields of a snapshot, by their bit in the set of fields seen.
const FIELDS: [&str; 15] = [
    "response_id",
    "revision",
    "survey_id",
    "status",
    "answers",
    "shown_at",
    "updated_at",
    "visitor_id",
    "session_id",
    "trigger",
    "stage",
    "device",
    "locale",
    "page_url",
    "context",
];
/// response_id, revision, survey_id, status, shown_at and updated_at.
const REQUIRED: u32 = 0b110_1111;

struct Reader<'a> {
    text: &'a str,
    src: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.src.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.pos += 1)
    }

    /// A string without escapes or control characters, borrowed from the text.
    fn string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let start = self.pos;
        let len = self.src[start..].iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
        self.pos += len;
        self.eat(b'"')?;
        // The quotes are ASCII, so the bytes between them are whole characters.
        self.text.get(start..start + len)
    }

    /// A number in JSON's grammar, as the general parser reads it.
    fn number(&mut self) -> Option<Number> {
        let start = self.pos;
        while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = self.peek() {
            self.pos += 1;
        }
        Number::parse(self.text.get(start..self.pos)?)
    }

    /// Starts an object; `Some(true)` when it is empty (and already closed).
    fn open(&mut self) -> Option<bool> {
        self.eat(b'{')?;
        self.ws();
        Some(self.eat(b'}').is_some())
    }

    /// After an object's value: `Some(true)` for another key, `Some(false)` at the end.
    fn next(&mut self) -> Option<bool> {
        self.ws();
        if self.eat(b',').is_some() {
            self.ws();
            return Some(true);
        }
        self.eat(b'}')?;
        Some(false)
    }

    /// An object's key and its colon.
    fn key(&mut self) -> Option<&'a str> {
        let k = self.string()?;
        self.ws();
        self.eat(b':')?;
        self.ws();
        Some(k)
    }

    fn snapshot(&mut self) -> Option<Snapshot> {
        let mut seen = 0u32;
        let mut s = Snapshot {
            response_id: String::new(),
            revision: 0,
            survey_id: String::new(),
            status: ResponseStatus::Completed,
            answers: Vec::new(),
            shown_at: 0,
            updated_at: 0,
            visitor_id: String::new(),
            session_id: String::new(),
            trigger: String::new(),
            stage: None,
            device: None,
            locale: String::new(),
            page_url: String::new(),
            context: Map::default(),
        };
        if self.open()? {
            return None;
        }
        loop {
            let key = self.key()?;
            let field = FIELDS.iter().position(|f| *f == key)?;
            if seen & (1 << field) != 0 {
                return None;
            }
            seen |= 1 << field;
            match field {
                0 => {
                    let id = self.string()?;
                    s.response_id = is_uuid(id).then(|| id.to_ascii_lowercase())?;
                }
                1 => {
                    let n = self.number()?.as_i64()?;
                    s.revision = u32::try_from(n).ok().filter(|&n| n >= 1)?;
                }
                2 => s.survey_id = Some(self.string()?).filter(|id| is_valid_id(id))?.to_owned(),
                3 => s.status = ResponseStatus::parse(self.string()?)?,
                4 => s.answers = self.answers()?,
                5 => s.shown_at = timestamp(self.string()?)?,
                6 => s.updated_at = timestamp(self.string()?)?,
                7 => s.visitor_id = short(self.string()?, MAX_KEY_LEN)?,
                8 => s.session_id = short(self.string()?, MAX_KEY_LEN)?,
                9 => s.trigger = short(self.string()?, MAX_KEY_LEN)?,
                10 => s.stage = Some(Stage::parse(self.string()?)?),
                11 => s.device = Some(Device::parse(self.string()?)?),
                12 => s.locale = short(self.string()?, 35)?,
                13 => s.page_url = short(self.string()?, MAX_URL_LEN)?,
                _ => s.context = self.context()?,
            }
            if !self.next()? {
                break;
            }
        }
        (seen & REQUIRED == REQUIRED && s.updated_at >= s.shown_at).then_some(s)
    }

    fn answers(&mut self) -> Option<Vec<(String, Answer)>> {
        let mut out: Vec<(String, Answer)> = Vec::new();
        if self.open()? {
            return Some(out);
        }
        loop {
            let q = self.key()?;
            // A repeated question is left to the general decoder, which keeps the last.
            if out.iter().any(|(k, _)| k == q) {
                return None;
            }
            let answer = match self.peek()? {
                b'"' => Answer::Text(self.string()?.to_owned()),
                b'[' => Answer::Choices(self.choices()?),
                b'{' => {
                    if self.open()? || self.key()? != "other" {
                        return None;
                    }
                    let text = self.string()?.to_owned();
                    if self.next()? {
                        return None;
                    }
                    Answer::Other(text)
                }
                _ => Answer::Number(self.number()?.as_i64()?),
            };
            out.push((q.to_owned(), answer));
            if !self.next()? {
                return Some(out);
            }
        }
    }

    fn choices(&mut self) -> Option<Vec<String>> {
        self.eat(b'[')?;
        self.ws();
        let mut ids = Vec::new();
        if self.eat(b']').is_some() {
            return Some(ids);
        }
        loop {
            ids.push(self.string()?.to_owned());
            self.ws();
            if self.eat(b',').is_none() {
                self.eat(b']')?;
                return Some(ids);
            }
            self.ws();
        }
    }

    /// A context object whose values are strings, numbers or booleans.
    fn context(&mut self) -> Option<Map> {
        let mut map = Map::default();
        if self.open()? {
            return Some(map);
        }
        loop {
            let key = self.key()?;
            if key.is_empty() || char_count(key) > MAX_KEY_LEN || map.0.iter().any(|(k, _)| k == key) {
                return None;
            }
            let value = match self.peek()? {
                b'"' => Value::String(self.string()?.to_owned()),
                b't' => self.word(b"true", Value::Bool(true))?,
                b'f' => self.word(b"false", Value::Bool(false))?,
                _ => Value::Number(self.number()?),
            };
            // The same check as `decode_context`'s, written out again: shared
            // as a method, it made the widget (which uses `decode_context`) 11 B
            // bigger. The property test keeps the two in agreement.
            if let Some((_, kind)) = CANONICAL_CONTEXT.iter().find(|(k, _)| *k == key) {
                let ok = match kind {
                    ContextKind::String => value.as_str().is_some_and(|s| char_count(s) <= MAX_URL_LEN),
                    ContextKind::Number => value.as_f64().is_some(),
                    ContextKind::Integer => value.as_i64().is_some(),
                    ContextKind::Currency => value
                        .as_str()
                        .is_some_and(|s| s.len() == 3 && s.bytes().all(|c| c.is_ascii_uppercase())),
                };
                if !ok {
                    return None;
                }
            }
            map.0.push((key.to_owned(), value));
            if map.0.len() > MAX_CONTEXT_KEYS {
                return None;
            }
            if !self.next()? {
                return Some(map);
            }
        }
    }

    fn word(&mut self, word: &[u8], v: Value) -> Option<Value> {
        self.src[self.pos..].starts_with(word).then(|| {
            self.pos += word.len();
            v
        })
    }
}

fn timestamp(s: &str) -> Option<i64> {
    parse_timestamp(s).filter(|ms| (time::MIN_MS..=time::MAX_MS).contains(ms))
}

fn short(s: &str, max: usize) -> Option<String> {
    (char_count(s) <= max).then(|| s.to_owned())
}

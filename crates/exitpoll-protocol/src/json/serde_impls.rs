//! serde support for [`Value`], and [`from_text`]: serde_json reading a
//! document into a [`Value`] the way the hand-written [`parse`](super::parse)
//! does, so the collector never runs that parser.
//!
//! [`from_text`] keeps what the rest of the crate relies on: object keys in
//! document order, a repeated key keeping its last value in its first place
//! (as `parse` and JavaScript's `JSON.parse` do), numbers as their exact
//! source text (`84.50` stays `84.50`, `1e400` stays `1e400`), and containers
//! nested at most [`MAX_DEPTH`] deep. serde_json hands out numbers only as
//! `u64`, `i64` or `f64`, so the text of each value is taken as a borrowed
//! [`RawValue`] (serde_json's `raw_value` feature) and read again by kind:
//! a container's text is thus scanned once more per level of nesting, which
//! for a request body of a few levels costs less than building the tree. A
//! property test holds [`from_text`] to [`parse`](super::parse) (`json/tests.rs`).
//!
//! The plain `Deserialize` impl of [`Value`], for values that come from
//! elsewhere than text (a `serde_json::Value`, a TOML table), writes a float
//! in its shortest form instead; it keeps key order, repeated keys and the
//! depth limit the same way.
use crate::prelude::*;

use super::{MAX_DEPTH, Map, Number, Value};
use core::fmt;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// Reads a complete JSON document with serde_json, keeping every number's
/// source text. Errors are serde_json's, such as "expected `:` at line 1 column 6".
pub fn from_text(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str::<&RawValue>(text).and_then(|raw| exact(raw.get(), 0)).or_else(|_| {
        // An error found while reading a part again would name its place in
        // that part; parsing the whole text in one go names it in the text.
        serde_json::from_str::<Value>(text)
    })
}

/// Why a document is not JSON, as the decoders report it: "invalid JSON: "
/// and serde_json's message, which names the line and column.
#[derive(Debug)]
pub(crate) struct DocumentError(serde_json::Error);

impl crate::cat::Piece for DocumentError {
    fn push_to(&self, out: &mut String) {
        out.push_str("invalid JSON: ");
        out.push_str(&self.0.to_string());
    }
}

/// [`from_text`] for the decoders; see `json::parse_document`.
pub(crate) fn parse_document(text: &str) -> Result<Value, DocumentError> {
    from_text(text).map_err(DocumentError)
}

/// The value whose complete text is `raw`, inside `depth` containers.
fn exact(raw: &str, depth: usize) -> Result<Value, serde_json::Error> {
    match raw.as_bytes().first() {
        Some(b'{' | b'[') => {
            let depth = enter::<serde_json::Error>(depth)?;
            let mut de = serde_json::Deserializer::from_str(raw);
            let v = Deserializer::deserialize_any(&mut de, ExactContainer { depth })?;
            de.end()?;
            Ok(v)
        }
        Some(b'"') => match raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            // serde_json has checked the string; without escapes its text is its value.
            Some(s) if !s.contains('\\') => Ok(Value::String(s.to_owned())),
            _ => serde_json::from_str::<String>(raw).map(Value::String),
        },
        Some(b't') => Ok(Value::Bool(true)),
        Some(b'f') => Ok(Value::Bool(false)),
        Some(b'n') => Ok(Value::Null),
        // serde_json has checked the number against JSON's grammar, which is
        // the one `Number` keeps.
        _ => Ok(Value::Number(Number(raw.to_owned()))),
    }
}

/// The depth inside a container entered at `depth`, or the error past [`MAX_DEPTH`].
fn enter<E: de::Error>(depth: usize) -> Result<usize, E> {
    if depth >= MAX_DEPTH { Err(E::custom("nested too deeply")) } else { Ok(depth + 1) }
}

/// Reads a value in a stream serde_json is deserializing, as [`from_text`]
/// would read it: the response decoder's context values.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExactSeed {
    /// How many containers enclose the value.
    pub(crate) depth: usize,
}

impl<'de> DeserializeSeed<'de> for ExactSeed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        let raw = <&'de RawValue>::deserialize(d)?;
        exact(raw.get(), self.depth).map_err(de::Error::custom)
    }
}

/// An array or object, its items read by [`exact`].
struct ExactContainer {
    depth: usize,
}

impl<'de> Visitor<'de> for ExactContainer {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array or an object")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            items.push(exact(raw.get(), self.depth).map_err(de::Error::custom)?);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::default();
        while let Some(key) = access.next_key::<String>()? {
            let raw = access.next_value::<&'de RawValue>()?;
            map.insert(&key, exact(raw.get(), self.depth).map_err(de::Error::custom)?);
        }
        Ok(Value::Object(map))
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) if !n.0.contains(['.', 'e', 'E']) => s.serialize_i64(i),
                _ => s.serialize_f64(n.as_f64()),
            },
            Value::String(v) => s.serialize_str(v),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(map) => {
                let mut m = s.serialize_map(Some(map.len()))?;
                for (k, v) in map.iter() {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        ValueSeed { depth: 0 }.deserialize(d)
    }
}

/// A value inside `depth` containers.
#[derive(Clone, Copy)]
struct ValueSeed {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(Number::from_i64(n)))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value, E> {
        Number::parse(&n.to_string()).map(Value::Number).ok_or_else(|| E::custom("bad number"))
    }
    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        Number::from_f64(f).map(Value::Number).ok_or_else(|| E::custom("non-finite number"))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = ValueSeed { depth: enter::<A::Error>(self.depth)? };
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let inner = ValueSeed { depth: enter::<A::Error>(self.depth)? };
        let mut map = Map::default();
        while let Some(key) = access.next_key::<String>()? {
            let v = access.next_value_seed(inner)?;
            map.insert(&key, v);
        }
        Ok(Value::Object(map))
    }
}

//! A small JSON reader and writer, used instead of serde_json on the shopper's side.
//!
//! The widget has a 90 KB gzip budget for everything it loads and is over it
//! (ARCHITECTURE.md, "Size"). serde-wasm-bindgen's deserializer in the
//! widget measured 16.6 KB gzip more than reading by hand (`exitpoll-widget`'s
//! `js_value.rs`); serde_json, larger still in probes of the same stack, was
//! not tried in it. This
//! module is a few hundred lines of monomorphic code that does what exitpoll needs:
//! it keeps object keys in document order, keeps numbers as their exact source
//! text (so `84.50` in a shopper's context reaches the collector unchanged), and
//! never panics or recurses without bound on hostile input.
//!
//! With the `serde` feature (the collector), the decoders parse documents
//! with serde_json instead, through `from_text` (`json/serde_impls.rs`),
//! which keeps the same key order, repeated-key rule, number text and depth
//! limit; [`parse`] stays for the widget and for tests.
use crate::cat;
use crate::prelude::*;

use core::fmt;

/// Objects nested deeper than this are rejected instead of risking the stack.
pub const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A JSON number kept as its validated source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number(String);

/// A JSON object: keys in document order. Lookups are linear, which is faster
/// than hashing for the handful of keys a config object has.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map(pub Vec<(String, Value)>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset of the problem in the input.
    pub offset: usize,
    pub message: &'static str,
}

impl cat::Piece for ParseError {
    fn push_to(&self, out: &mut String) {
        out.push_str("invalid JSON at byte ");
        push_u64(out, self.offset as u64);
        out.push_str(": ");
        out.push_str(self.message);
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&cat![self])
    }
}

impl core::error::Error for ParseError {}

impl Number {
    /// Builds a number from an integer.
    pub fn from_i64(n: i64) -> Number {
        let mut s = String::new();
        push_i64(&mut s, n);
        Number(s)
    }

    /// Builds a number from a float; non-finite values have no JSON form.
    pub fn from_f64(f: f64) -> Option<Number> {
        if !f.is_finite() {
            return None;
        }
        if f.abs() < 9.0e15 && is_whole(f) {
            return Some(Number::from_i64(f as i64));
        }
        Some(Number(f.to_string()))
    }

    /// Validates `text` as a JSON number.
    pub fn parse(text: &str) -> Option<Number> {
        let mut p = Parser { text, src: text.as_bytes(), pos: 0, depth: 0 };
        match p.number() {
            Ok(n) if p.pos == text.len() => Some(n),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value as an integer, when it is one exactly (`3` and `3.0` are, `3.5` is not).
    pub fn as_i64(&self) -> Option<i64> {
        let s = self.0.as_str();
        if let Some(n) = parse_plain_integer(s) {
            return Some(n);
        }
        let f = self.as_f64();
        if f.abs() <= 9.007_199_254_740_992e15 && is_whole(f) { Some(f as i64) } else { None }
    }

    /// The value as a float. Written by hand rather than with `str::parse`,
    /// which pulls a large exact-rounding algorithm into the widget; config
    /// numbers need no more than a correctly scaled approximation.
    pub fn as_f64(&self) -> f64 {
        let b = self.0.as_bytes();
        let mut i = 0;
        let negative = b.first() == Some(&b'-');
        if negative {
            i += 1;
        }
        let mut mantissa: u64 = 0;
        let mut exponent: i32 = 0;
        let mut digits = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            if digits < 19 {
                mantissa = mantissa * 10 + u64::from(b[i] - b'0');
                if mantissa != 0 {
                    digits += 1;
                }
            } else {
                exponent += 1;
            }
            i += 1;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                if digits < 19 {
                    mantissa = mantissa * 10 + u64::from(b[i] - b'0');
                    if mantissa != 0 {
                        digits += 1;
                    }
                    exponent -= 1;
                }
                i += 1;
            }
        }
        if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
            i += 1;
            let mut exp_negative = false;
            if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
                exp_negative = b[i] == b'-';
                i += 1;
            }
            let mut e: i32 = 0;
            while i < b.len() && b[i].is_ascii_digit() {
                e = e.saturating_mul(10).saturating_add(i32::from(b[i] - b'0'));
                i += 1;
            }
            exponent = exponent.saturating_add(if exp_negative { -e } else { e });
        }
        let mut value = mantissa as f64;
        if exponent > 0 {
            value *= pow10(exponent.min(400));
        } else if exponent < 0 {
            // Dividing by an exact power of ten rounds better than multiplying by its inverse.
            let e = (-exponent).min(400);
            if e > 300 {
                value /= pow10(300);
                value /= pow10(e - 300);
            } else {
                value /= pow10(e);
            }
        }
        if negative { -value } else { value }
    }
}

/// Whether `f` (of magnitude below 2^63) has no fractional part; `f64::fract`
/// is not in `core`.
fn is_whole(f: f64) -> bool {
    (f as i64) as f64 == f
}

/// 10^`e` for `e >= 0`, by squaring as `f64::powi` does (which is not in `core`).
fn pow10(mut e: i32) -> f64 {
    let (mut result, mut base) = (1.0, 10.0);
    loop {
        if e & 1 != 0 {
            result *= base;
        }
        e /= 2;
        if e == 0 {
            return result;
        }
        base *= base;
    }
}

fn parse_plain_integer(s: &str) -> Option<i64> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut n: i64 = 0;
    for c in digits.bytes() {
        n = n * 10 + i64::from(c - b'0');
    }
    Some(if negative { -n } else { n })
}

impl Map {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key`, replacing an existing entry in place or appending a new one.
    pub fn insert(&mut self, key: &str, value: Value) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key.to_owned(), value)),
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(n.as_f64()),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// Looks up a key when this is an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }

    /// A short name of the JSON type, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    pub fn from_str_value(s: &str) -> Value {
        Value::String(s.to_owned())
    }

    /// Serialises to compact JSON.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self);
        out
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_json())
    }
}

/// Parses a complete JSON document.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let mut p = Parser { text, src: text.as_bytes(), pos: 0, depth: 0 };
    p.skip_ws();
    let v = p.value()?;
    p.skip_ws();
    if p.pos != p.src.len() {
        return Err(p.err("unexpected text after the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    text: &'a str,
    src: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn err(&self, message: &'static str) -> ParseError {
        ParseError { offset: self.pos, message }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect_word(&mut self, word: &[u8], v: Value) -> Result<Value, ParseError> {
        if self.src[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(v)
        } else {
            Err(self.err("unexpected character"))
        }
    }

    fn value(&mut self) -> Result<Value, ParseError> {
        match self.peek() {
            None => Err(self.err("unexpected end of input")),
            Some(b'n') => self.expect_word(b"null", Value::Null),
            Some(b't') => self.expect_word(b"true", Value::Bool(true)),
            Some(b'f') => self.expect_word(b"false", Value::Bool(false)),
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b'-' | b'0'..=b'9') => Ok(Value::Number(self.number()?)),
            Some(b'[') => self.array(),
            Some(b'{') => self.object(),
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        self.pos += 1;
        self.skip_ws();
        Ok(())
    }

    fn array(&mut self) -> Result<Value, ParseError> {
        self.enter()?;
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws();
                }
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.err("expected ',' or ']'")),
            }
        }
    }

    fn object(&mut self) -> Result<Value, ParseError> {
        self.enter()?;
        let mut map = Map::default();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Object(map));
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.err("expected a string key"));
            }
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.err("expected ':'"));
            }
            self.pos += 1;
            self.skip_ws();
            let v = self.value()?;
            // A repeated key keeps its last value, as in JavaScript's JSON.parse.
            match map.0.iter_mut().find(|(k, _)| *k == key) {
                Some(entry) => entry.1 = v,
                None => map.0.push((key, v)),
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws();
                }
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(Value::Object(map));
                }
                _ => return Err(self.err("expected ',' or '}'")),
            }
        }
    }

    fn number(&mut self) -> Result<Number, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.err("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err("invalid number"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err("invalid number"));
            }
            self.digits();
        }
        // The bytes are ASCII digits and signs, so these are char boundaries.
        // `get`, not indexing: the panic path of `str` indexing brings ~4 KB of
        // formatting into the widget (the range is ASCII digits, so it never fails).
        Ok(Number(self.text.get(start..self.pos).unwrap_or_default().to_owned()))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut n = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.err("invalid \\u escape")),
            };
            n = n * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1; // the opening quote
        // Fast path: most strings have no escapes; the quote is ASCII, so the
        // slice between quotes is valid UTF-8 and needs no second check.
        let start = self.pos;
        let mut i = start;
        while let Some(&c) = self.src.get(i) {
            match c {
                b'"' => {
                    self.pos = i + 1;
                    return Ok(self.text.get(start..i).unwrap_or_default().to_owned());
                }
                b'\\' | 0..=0x1f => break,
                _ => i += 1,
            }
        }
        let mut out: Vec<u8> = Vec::with_capacity(i - start + 16);
        out.extend_from_slice(&self.src[start..i]);
        self.pos = i;
        loop {
            let Some(c) = self.peek() else {
                return Err(self.err("unterminated string"));
            };
            self.pos += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let Some(e) = self.peek() else {
                        return Err(self.err("unterminated string"));
                    };
                    self.pos += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if !self.src[self.pos..].starts_with(b"\\u") {
                                    return Err(self.err("unpaired surrogate"));
                                }
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("unpaired surrogate"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code).ok_or_else(|| self.err("unpaired surrogate"))?
                        }
                        _ => return Err(self.err("invalid escape")),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => return Err(self.err("control character in string")),
                _ => out.push(c),
            }
        }
        String::from_utf8(out).map_err(|_| self.err("invalid UTF-8 in string"))
    }
}

/// Appends `s` as a quoted JSON string.
pub fn push_str_literal(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // U+2028 and U+2029 are escaped so the output is also safe inside a <script>.
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let n = c as u32;
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(HEX[((n >> shift) & 0xf) as usize] as char);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends a decimal integer without going through `core::fmt`.
pub fn push_i64(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_u64(out, n.unsigned_abs());
}

pub fn push_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        out.push(b as char);
    }
}

pub fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => out.push_str(&n.0),
        Value::String(s) => push_str_literal(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.0.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_str_literal(out, k);
                out.push(':');
                write_value(out, item);
            }
            out.push('}');
        }
    }
}

/// Builds JSON objects field by field, for the few places that write JSON by hand.
#[derive(Debug)]
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    fn key(&mut self, key: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        push_str_literal(self.out, key);
        self.out.push(':');
        self.out
    }

    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        let out = self.key(key);
        push_str_literal(out, value);
        self
    }

    pub fn int(&mut self, key: &str, value: i64) -> &mut Self {
        let out = self.key(key);
        push_i64(out, value);
        self
    }

    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.key(key).push_str(if value { "true" } else { "false" });
        self
    }

    pub fn value(&mut self, key: &str, value: &Value) -> &mut Self {
        let out = self.key(key);
        write_value(out, value);
        self
    }

    /// Writes a field whose value is already JSON text.
    pub fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        self.key(key).push_str(json);
        self
    }

    pub fn finish(&mut self) {
        self.out.push('}');
    }
}

#[cfg(feature = "serde")]
pub(crate) mod serde_impls;
#[cfg(feature = "serde")]
pub use serde_impls::from_text;

#[cfg(not(feature = "serde"))]
pub(crate) use parse as parse_document;
/// Parses a complete JSON document for a decoder, whose error is a
/// [`cat::Piece`] for the message at the document's root: with the `serde`
/// feature through serde_json (`from_text`), so the collector never runs the
/// hand-written parser; without it (the widget) with [`parse`] itself, so the
/// widget's code is what it was.
#[cfg(feature = "serde")]
pub(crate) use serde_impls::parse_document;

#[cfg(test)]
mod tests;

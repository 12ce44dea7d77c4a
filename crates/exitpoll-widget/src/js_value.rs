//! Page values (`setContext` objects, `init` options, a config object, the
//! platform's checkout object) into the protocol's JSON [`Value`], with the
//! meaning `JSON.stringify` gives them.
//!
//! Written by hand rather than with serde-wasm-bindgen's `Deserializer`,
//! which the widget still uses the other way (`events::to_js`). Measured on
//! this widget (wasm-pack, `wasm-opt -Oz`, gzip -9, 2026-12-03): with the
//! `Deserializer` the module is 136.3 KB gzip, with this reader 119.7 KB.
//! The 16.6 KB difference is float formatting, the Unicode tables of
//! `{:?}` and the deserializer's own code: its type errors format the value
//! they met ("invalid type: floating point `1.5`"). That is 18 % of the
//! 90 KB budget for the whole widget, which the rest cannot otherwise meet.
//!
//! The page is untrusted: an object may nest without end, refer to itself,
//! be a `Proxy` whose traps throw, or have getters that throw. Everything
//! goes through `Reflect`, so a throw becomes an error that names it, never
//! an exception through the module, and nesting stops at
//! [`json::MAX_DEPTH`] levels. A `toJSON` the page put on a prototype is not
//! called (it would let page code rewrite what the widget stores).
use exitpoll_protocol::cat;
use exitpoll_protocol::json::{self, Map, Number, Value};
use js_sys::Reflect;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

/// Reads a page value as JSON; the error says what could not be read.
pub fn read(value: JsValue) -> Result<Value, String> {
    read_at(&value, 0)
}

/// Parses JSON text (the site config, the stored state, a collector's
/// answer) with the browser's own `JSON.parse`, then reads the result like
/// any page value. The module carries no JSON parser of its own: 1.6 KB
/// gzip less (measured 2026-12-03: 100.7 KB against 102.3 KB, wasm-opt -Oz,
/// gzip -9). The error is the browser's message, such as "Unexpected token
/// } in JSON at position 42". A page that replaces `JSON.parse` can feed
/// the widget wrong values, as it could rewrite the config it fetches; what
/// comes back is read as untrusted like everything else.
pub fn parse(text: &str) -> Result<Value, String> {
    let value = js_sys::JSON::parse(text).map_err(|e| crate::net::describe(&e))?;
    read(value)
}

/// A number as JSON: integers exactly, others by JavaScript's own shortest
/// round-trip text (what `JSON.stringify` writes); NaN and the infinities,
/// which JSON cannot hold, as `null`.
pub fn number(f: f64) -> Value {
    if !f.is_finite() {
        return Value::Null;
    }
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        return Value::Number(Number::from_i64(f as i64));
    }
    let text: String = js_sys::Number::from(f).to_string_with_radix(10).map(String::from).unwrap_or_default();
    Number::parse(&text).map_or(Value::Null, Value::Number)
}

fn threw(what: &str, e: &JsValue) -> String {
    cat![what, " threw (", crate::net::describe(e), ")"]
}

/// Whether `JSON.stringify` leaves this value out of an object (and writes
/// `null` for it in an array).
fn skipped(v: &JsValue) -> bool {
    v.is_undefined() || v.is_function() || v.is_symbol()
}

fn read_at(v: &JsValue, depth: usize) -> Result<Value, String> {
    if v.is_null() || v.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(f) = v.as_f64() {
        return Ok(number(f));
    }
    if let Some(s) = v.as_string() {
        return Ok(Value::String(s));
    }
    if v.is_bigint() {
        return Err("a BigInt has no JSON form".into());
    }
    if !v.is_object() {
        return Ok(Value::Null);
    }
    if depth >= json::MAX_DEPTH {
        return Err(cat!["nested deeper than ", json::MAX_DEPTH, " levels (does it refer to itself?)"]);
    }
    if let Some(date) = v.dyn_ref::<js_sys::Date>() {
        return Ok(if date.get_time().is_finite() {
            Value::String(date.to_iso_string().into())
        } else {
            Value::Null
        });
    }
    if js_sys::Array::is_array(v) {
        let length =
            Reflect::get(v, &JsValue::from_str("length")).map_err(|e| threw("reading its length", &e))?;
        let length = length.as_f64().unwrap_or(0.0).clamp(0.0, f64::from(u32::MAX)) as u32;
        let mut items = Vec::new();
        for i in 0..length {
            let item = Reflect::get_u32(v, i).map_err(|e| threw(&cat!["item ", i], &e))?;
            items.push(if skipped(&item) { Value::Null } else { read_at(&item, depth + 1)? });
        }
        return Ok(Value::Array(items));
    }
    let object: &js_sys::Object = v.unchecked_ref();
    let keys = Reflect::own_keys(object).map_err(|e| threw("listing its keys", &e))?;
    let mut map = Map::default();
    for key in keys.iter() {
        // Symbols and non-enumerable properties are not JSON.
        let Some(name) = key.as_string() else { continue };
        let descriptor = Reflect::get_own_property_descriptor(object, &key).map_err(|e| threw(&name, &e))?;
        if descriptor.is_undefined()
            || !Reflect::get(&descriptor, &JsValue::from_str("enumerable")).is_ok_and(|e| e.is_truthy())
        {
            continue;
        }
        let item = Reflect::get(object, &key).map_err(|e| threw(&cat!["\"", name, "\""], &e))?;
        if !skipped(&item) {
            map.insert(&name, read_at(&item, depth + 1)?);
        }
    }
    Ok(Value::Object(map))
}

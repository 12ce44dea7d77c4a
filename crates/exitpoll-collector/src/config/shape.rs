//! The shape of the collector config (every table, key and value type), so
//! that one run reports every unknown key, missing key and wrong type, each
//! with its line, instead of serde's first error only.
//!
//! The shape mirrors the `Raw*` structs of `config.rs`, which decode what
//! the shape leaves of the file (it takes out every key it refuses), so the
//! values it accepts are still checked for their meaning; values are checked by
//! deserializing each one into its field's type, so the messages (and the
//! ranges of integers) are serde's own. A test holds the shape's keys to the
//! fields the structs accept.

use super::problems::Problems;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::PathBuf;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

type Check = for<'a> fn(Spanned<DeValue<'a>>) -> Result<(), toml::de::Error>;

pub enum Shape {
    /// A value deserialized as is.
    Value(Check),
    /// A table of these keys (`[limits]`, or inline).
    Table(&'static [Key]),
    /// An array of tables of these keys (`[[sites]]`).
    Tables(&'static [Key]),
}

pub struct Key {
    pub name: &'static str,
    pub required: bool,
    pub shape: Shape,
}

fn value<T: DeserializeOwned>(v: Spanned<DeValue<'_>>) -> Result<(), toml::de::Error> {
    T::deserialize(toml::de::ValueDeserializer::from(v)).map(drop)
}

const fn optional(name: &'static str, shape: Shape) -> Key {
    Key { name, required: false, shape }
}

const fn required(name: &'static str, shape: Shape) -> Key {
    Key { name, required: true, shape }
}

const STRING: Shape = Shape::Value(value::<String>);
const STRINGS: Shape = Shape::Value(value::<Vec<String>>);
const STRING_MAP: Shape = Shape::Value(value::<BTreeMap<String, String>>);

/// `RawConfig`.
pub const CONFIG: &[Key] = &[
    optional("listen", STRING),
    optional("database", STRING),
    optional("limits", Shape::Table(LIMITS)),
    optional("webhooks", Shape::Table(WEBHOOK_SETTINGS)),
    optional("server", Shape::Table(SERVER)),
    optional("sites", Shape::Tables(SITE)),
];

/// `RawLimits`.
pub const LIMITS: &[Key] = &[
    optional("per_ip_per_minute", Shape::Value(value::<u32>)),
    optional("per_site_per_second", Shape::Value(value::<u32>)),
    optional("trust_forwarded_for", Shape::Value(value::<bool>)),
    optional("forwarded_for_hops", Shape::Value(value::<u8>)),
];

/// `RawServer`.
pub const SERVER: &[Key] = &[optional("idle_timeout_seconds", Shape::Value(value::<f64>))];

/// `RawWebhookSettings`.
pub const WEBHOOK_SETTINGS: &[Key] = &[
    optional("give_up_after_seconds", Shape::Value(value::<u64>)),
    optional("max_backoff_seconds", Shape::Value(value::<u64>)),
    optional("attempt_timeout_seconds", Shape::Value(value::<f64>)),
];

/// `RawSite`.
pub const SITE: &[Key] = &[
    required("id", STRING),
    optional("origins", STRINGS),
    optional("admin_token", STRING),
    optional("admin_token_env", STRING),
    required("config", Shape::Value(value::<PathBuf>)),
    optional("webhooks", Shape::Tables(WEBHOOK)),
    optional("retention_days", Shape::Value(value::<u32>)),
];

/// `RawWebhook`.
pub const WEBHOOK: &[Key] = &[
    required("name", STRING),
    required("url", STRING),
    optional("events", STRINGS),
    optional("format", STRING),
    optional("secret", STRING),
    optional("secret_env", STRING),
    optional("headers", STRING_MAP),
    optional("headers_env", STRING_MAP),
];

/// Checks `table` (at `path`, spanning `span`) against `keys`, adding every
/// problem, and takes out of `table` what the config cannot use: unknown
/// keys and values of the wrong type. What is left decodes into the `Raw*`
/// structs, so the values the shape accepts are still checked for their
/// meaning; an array item that is no table becomes an empty table, keeping
/// the indices of the others.
pub fn check_table(
    table: &mut DeTable<'_>,
    span: std::ops::Range<usize>,
    keys: &[Key],
    path: &str,
    problems: &mut Problems,
) {
    let at = |name: &str| if path.is_empty() { name.to_owned() } else { format!("{path}.{name}") };
    let mut unusable: Vec<String> = Vec::new();
    for (name, v) in table.iter_mut() {
        let Some(key) = keys.iter().find(|k| k.name == name.get_ref().as_ref()) else {
            let known: Vec<&'static str> = keys.iter().map(|k| k.name).collect();
            let quoted: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
            let hint = match (exitpoll_protocol::closest(name.get_ref(), &known), quoted.as_slice()) {
                (Some(k), _) => format!("did you mean `{k}`?"),
                (None, [one]) => format!("expected {one}"),
                (None, all) => format!("expected one of {}", all.join(", ")),
            };
            problems.at(name.span(), at(name.get_ref()), format!("unknown field, {hint}"));
            unusable.push(name.get_ref().to_string());
            continue;
        };
        if !check_value(v, &key.shape, &at(key.name), problems) {
            unusable.push(key.name.to_owned());
        }
    }
    for name in &unusable {
        table.remove(name.as_str());
    }
    for key in keys.iter().filter(|k| k.required) {
        let refused = unusable.iter().any(|n| n == key.name);
        if !refused && !table.keys().any(|k| k.get_ref().as_ref() == key.name) {
            problems.at(span.clone(), at(key.name), "missing");
        }
    }
}

/// Checks `v` against `shape`, adding every problem; whether the config can
/// use `v` (a table with problems inside is still used, without them).
fn check_value(v: &mut Spanned<DeValue<'_>>, shape: &Shape, path: &str, problems: &mut Problems) -> bool {
    let span = v.span();
    let expected = |v: &DeValue<'_>, what: &str| format!("invalid type: {}, expected {what}", v.type_str());
    match shape {
        Shape::Value(check) => match check(v.clone()) {
            Ok(()) => true,
            Err(e) => {
                problems.at(e.span().unwrap_or(span), path, e.message());
                false
            }
        },
        Shape::Table(keys) => match v.get_mut() {
            DeValue::Table(t) => {
                check_table(t, span, keys, path, problems);
                true
            }
            other => {
                problems.at(span, path, expected(other, "a table"));
                false
            }
        },
        Shape::Tables(keys) => match v.get_mut() {
            DeValue::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    let (item_span, item_path) = (item.span(), format!("{path}[{i}]"));
                    match item.get_mut() {
                        DeValue::Table(t) => check_table(t, item_span, keys, &item_path, problems),
                        other => {
                            problems.at(item_span.clone(), item_path, expected(other, "a table"));
                            *item = Spanned::new(item_span, DeValue::Table(DeTable::new()));
                        }
                    }
                }
                true
            }
            other => {
                problems.at(span, path, expected(other, "an array of tables"));
                false
            }
        },
    }
}

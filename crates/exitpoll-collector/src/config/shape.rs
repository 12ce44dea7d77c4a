//! The shape of the collector config (every table, key and value type), so
//! that one run reports every unknown key, missing key and wrong type, each
//! with its line, instead of serde's first error only.
//!
//! The shape mirrors the `Raw*` structs of `config.rs`, which still decode
//! the file once the shape finds nothing wrong; values are checked by
//! deserializing each one into its field's type, so the messages (and the
//! ranges of integers) are serde's own. A test holds the shape's keys to the
//! fields the structs accept.

use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::PathBuf;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A problem at a byte offset of the file.
#[derive(Debug)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
}

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

/// Checks `table` (at `path`, spanning `span`) against `keys`, adding every problem.
pub fn check_table(
    table: &DeTable<'_>,
    span: std::ops::Range<usize>,
    keys: &[Key],
    path: &str,
    problems: &mut Vec<Problem>,
) {
    let at = |name: &str| if path.is_empty() { name.to_owned() } else { format!("{path}.{name}") };
    for (name, v) in table {
        let Some(key) = keys.iter().find(|k| k.name == name.get_ref().as_ref()) else {
            let known: Vec<&'static str> = keys.iter().map(|k| k.name).collect();
            let quoted: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
            let hint = match (exitpoll_protocol::closest(name.get_ref(), &known), quoted.as_slice()) {
                (Some(k), _) => format!("did you mean `{k}`?"),
                (None, [one]) => format!("expected {one}"),
                (None, all) => format!("expected one of {}", all.join(", ")),
            };
            problems.push(Problem {
                offset: name.span().start,
                message: format!("{}: unknown field, {hint}", at(name.get_ref())),
            });
            continue;
        };
        check_value(v, &key.shape, &at(key.name), problems);
    }
    for key in keys.iter().filter(|k| k.required) {
        if !table.keys().any(|k| k.get_ref().as_ref() == key.name) {
            problems.push(Problem { offset: span.start, message: format!("{}: missing", at(key.name)) });
        }
    }
}

fn check_value(v: &Spanned<DeValue<'_>>, shape: &Shape, path: &str, problems: &mut Vec<Problem>) {
    let expected = |what: &str| Problem {
        offset: v.span().start,
        message: format!("{path}: invalid type: {}, expected {what}", v.get_ref().type_str()),
    };
    match (shape, v.get_ref()) {
        (Shape::Value(check), _) => {
            if let Err(e) = check(v.clone()) {
                let offset = e.span().map_or(v.span().start, |s| s.start);
                problems.push(Problem { offset, message: format!("{path}: {}", e.message()) });
            }
        }
        (Shape::Table(keys), DeValue::Table(t)) => check_table(t, v.span(), keys, path, problems),
        (Shape::Table(_), _) => problems.push(expected("a table")),
        (Shape::Tables(keys), DeValue::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                match item.get_ref() {
                    DeValue::Table(t) => check_table(t, item.span(), keys, &format!("{path}[{i}]"), problems),
                    _ => problems.push(Problem {
                        offset: item.span().start,
                        message: format!(
                            "{path}[{i}]: invalid type: {}, expected a table",
                            item.get_ref().type_str()
                        ),
                    }),
                }
            }
        }
        (Shape::Tables(_), _) => problems.push(expected("an array of tables")),
    }
}

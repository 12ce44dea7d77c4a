//! serde and JSON Schema support for the config types (the `serde` feature).
//!
//! `Serialize` and `JsonSchema` are derived on the types themselves; this file
//! holds the few hand-written pieces. `Deserialize` goes through the same
//! decoder the widget uses, so there is exactly one definition of a valid config.
use crate::prelude::*;

use super::{Action, SiteConfig, UiString};
use crate::json::Value;
use crate::text::Text;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;

impl<'de> Deserialize<'de> for SiteConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SiteConfig, D::Error> {
        let value = Value::deserialize(d)?;
        SiteConfig::decode_value(&value).into_strict().map_err(serde::de::Error::custom)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Text::Plain(t) => s.serialize_str(t),
            Text::Localized(pairs) => {
                let mut m = s.serialize_map(Some(pairs.len()))?;
                for (k, v) in pairs {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
    }
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A string, or a map of locale to string such as {\"en\": \"Price\", \"fr\": \"Prix\"}.",
            "anyOf": [
                { "type": "string", "minLength": 1, "maxLength": 1000 },
                { "type": "object", "minProperties": 1, "additionalProperties": { "type": "string", "minLength": 1 } }
            ]
        })
    }
}

/// The wire shape of [`Action`]: `{"goto": "question"}` or `{"end": true}`.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(super) struct ActionRepr {
    /// Continue at this question, which must come later in the survey.
    #[serde(skip_serializing_if = "Option::is_none")]
    goto: Option<String>,
    /// End the survey.
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<bool>,
}

impl Serialize for Action {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Action::Goto(id) => ActionRepr { goto: Some(id.clone()), end: None },
            Action::End => ActionRepr { goto: None, end: Some(true) },
        }
        .serialize(s)
    }
}

pub(super) fn locale_strings<S: Serializer>(
    strings: &[(String, Vec<(UiString, String)>)],
    s: S,
) -> Result<S::Ok, S::Error> {
    struct Table<'a>(&'a [(UiString, String)]);
    impl Serialize for Table<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(self.0.len()))?;
            for (k, v) in self.0 {
                m.serialize_entry(k.as_str(), v)?;
            }
            m.end()
        }
    }
    let mut m = s.serialize_map(Some(strings.len()))?;
    for (locale, table) in strings {
        m.serialize_entry(locale, &Table(table))?;
    }
    m.end()
}

/// The JSON Schema of the site config, as committed in `site-config.schema.json`.
pub fn site_config_schema() -> String {
    let schema = schemars::schema_for!(SiteConfig);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serialises");
    text.push('\n');
    text
}

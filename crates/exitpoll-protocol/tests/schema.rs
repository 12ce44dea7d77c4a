//! The committed JSON Schema of the site config must match the types.
//!
//! Run with `UPDATE_SCHEMA=1` to rewrite it after changing the config types.

use std::path::Path;

#[test]
fn committed_schema_is_fresh() {
    let generated = exitpoll_protocol::site_config_schema();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("site-config.schema.json");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&file, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: run `UPDATE_SCHEMA=1 cargo test -p exitpoll-protocol --test schema` and commit it",
        file.display()
    );
}

#[test]
fn schema_names_every_top_level_field_and_trigger_type() {
    let schema: serde_json::Value = serde_json::from_str(&exitpoll_protocol::site_config_schema()).unwrap();
    let props = schema["properties"].as_object().unwrap();
    for key in ["site", "throttle", "privacy", "theme", "stages", "surveys", "strings"] {
        assert!(props.contains_key(key), "schema lacks {key}");
    }
    let text = schema.to_string();
    for t in ["exit_intent", "page_view", "time_on_page", "scroll_depth", "manual", "single_choice", "cta"] {
        assert!(text.contains(t), "schema lacks {t}");
    }
}

/// Every field, trigger type and question type the schema has is named in
/// the config reference (`README.md`), so the reference cannot fall behind
/// the types.
#[test]
fn the_config_reference_names_every_field_of_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(&exitpoll_protocol::site_config_schema()).unwrap();
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut names = std::collections::BTreeSet::new();
    fn collect(v: &serde_json::Value, names: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::Object(props)) = m.get("properties") {
                    names.extend(props.keys().cloned());
                }
                if let Some(serde_json::Value::String(c)) = m.get("const") {
                    names.insert(c.clone());
                }
                for value in m.values() {
                    collect(value, names);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|i| collect(i, names)),
            _ => {}
        }
    }
    collect(&schema, &mut names);
    // The schema's own helper names for the shape of `then`.
    names.remove("$schema");
    // The words inside the page's `code` spans (`theme.accent` names both).
    let named: std::collections::BTreeSet<&str> = readme
        .split('`')
        .skip(1)
        .step_by(2)
        .flat_map(|span| span.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')))
        .collect();
    let missing: Vec<&String> = names.iter().filter(|n| !named.contains(n.as_str())).collect();
    assert!(missing.is_empty(), "README.md does not name {missing:?}");
    assert!(names.len() > 60, "the schema has {} names; did the walk find them?", names.len());
}

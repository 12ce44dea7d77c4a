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

//! The widget's options: from `init(options)` (the JS API (the npm package's README)) or from the
//! script tag's `data-*` attributes (the script tag (README.md)), checked here with a
//! message that names each bad one.
//!
//! `init` options cross the boundary through serde-wasm-bindgen
//! (`js_value.rs`) and are checked field by field, so every problem is
//! named at once. A test holds their TypeScript type (`InitOptions` in
//! `js/index.d.ts`) to the same fields.
use exitpoll_protocol::cat;
use exitpoll_protocol::config::Stage;
use exitpoll_protocol::json::{Map, Value};
use exitpoll_protocol::{closest, is_valid_id};

/// Where the site config comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigSource {
    /// `GET {endpoint}/v1/sites/{site}/config`, or `data-config`'s URL.
    Url(String),
    /// `init({ config })`: an object, or its JSON text.
    Inline(Value),
    Text(String),
}

/// Checked options.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub site: String,
    /// The collector's base URL without a trailing slash; empty when a
    /// config was given and no endpoint (nothing is sent then).
    pub endpoint: String,
    pub config: ConfigSource,
    pub stage: Option<Stage>,
    pub context: Map,
    /// `Some(true)` granted, `Some(false)` pending, `None` as the site config says.
    pub consent: Option<bool>,
    pub debug: bool,
}

/// The options `init()` knows.
pub const KNOWN: [&str; 8] =
    ["site", "endpoint", "config", "configUrl", "stage", "context", "consent", "debug"];

const SITE_RULE: &str = "1 to 64 letters, digits, '_' or '-'";

fn stage_list() -> String {
    Stage::NAMES.join(", ")
}

/// Resolves `url` against the page's address; `None` when it is not an
/// http(s) URL (`ftp://`, `javascript:` and the like cannot be fetched from).
fn absolute(url: &str) -> Option<String> {
    let base = web_sys::window()?.location().href().ok()?;
    let url = web_sys::Url::new_with_base(url, &base).ok()?;
    matches!(url.protocol().as_str(), "http:" | "https:").then(|| url.href())
}

fn without_trailing_slashes(url: &str) -> String {
    url.trim_end_matches('/').to_owned()
}

/// Checks `init()` options; the error lists every problem, each naming its option.
pub fn from_init(value: &Value) -> Result<Options, Vec<String>> {
    let Some(o) = value.as_object() else {
        return Err(vec![
            "options: expected an object such as { site: \"demo\", endpoint: \"https://...\" }".into(),
        ]);
    };
    let mut problems = Vec::new();
    for (key, _) in o.iter() {
        if !KNOWN.contains(&key) {
            problems.push(match closest(key, &KNOWN) {
                Some(k) => cat!["unknown option \"", key, "\"; did you mean \"", k, "\"?"],
                None => cat!["unknown option \"", key, "\"; known: ", KNOWN.join(", ")],
            });
        }
    }
    let present = |k: &str| o.get(k).filter(|v| !matches!(v, Value::Null));
    let site = match present("site").and_then(Value::as_str) {
        Some(s) if is_valid_id(s) => s.to_owned(),
        _ => {
            problems.push(cat!["site: required, ", SITE_RULE]);
            String::new()
        }
    };
    let mut endpoint = String::new();
    match present("endpoint") {
        None => {}
        Some(Value::String(e)) => match absolute(e) {
            Some(url) => endpoint = without_trailing_slashes(&url),
            None => problems.push(cat!["endpoint: not an http(s) URL: ", e]),
        },
        Some(_) => problems.push("endpoint: expected a URL string".into()),
    }
    let config = match (present("config"), present("configUrl")) {
        (Some(v @ Value::Object(_)), _) => Some(ConfigSource::Inline(v.clone())),
        (Some(Value::String(text)), _) => Some(ConfigSource::Text(text.clone())),
        (Some(_), _) => {
            problems.push("config: expected a site config object".into());
            None
        }
        (None, Some(Value::String(url))) => match absolute(url) {
            Some(url) => Some(ConfigSource::Url(url)),
            None => {
                problems.push(cat!["configUrl: not an http(s) URL: ", url]);
                None
            }
        },
        (None, Some(_)) => {
            problems.push("configUrl: expected a URL string".into());
            None
        }
        (None, None) if present("endpoint").is_none() => {
            problems.push("endpoint: required unless config is given".into());
            None
        }
        (None, None) => Some(ConfigSource::Url(cat![endpoint, "/v1/sites/", site, "/config"])),
    };
    let stage = match present("stage") {
        None => None,
        Some(Value::String(s)) if Stage::parse(s).is_some() => Stage::parse(s),
        Some(v) => {
            problems.push(cat!["stage: unknown stage ", v.to_json(), ", expected one of ", stage_list()]);
            None
        }
    };
    let context = match present("context") {
        None => Map::default(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => {
            problems.push("context: expected an object".into());
            Map::default()
        }
    };
    let consent = match present("consent") {
        None => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) if s == "granted" => Some(true),
        Some(Value::String(s)) if s == "pending" => Some(false),
        Some(_) => {
            problems.push("consent: expected true, false, \"granted\" or \"pending\"".into());
            None
        }
    };
    let debug = match present("debug") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            problems.push("debug: expected true or false".into());
            false
        }
    };
    match config {
        Some(config) if problems.is_empty() => {
            Ok(Options { site, endpoint, config, stage, context, consent, debug })
        }
        _ => Err(problems),
    }
}

/// The script tag's attributes. Problems that still let the widget run
/// (a bad stage, context or consent: each is ignored) come back with the
/// options, to be reported once; a missing or bad site or URL is an error.
pub fn from_script(script: &web_sys::Element) -> (Option<Options>, Vec<String>) {
    let mut problems = Vec::new();
    let attr = |name: &str| script.get_attribute(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let site = match attr("data-site") {
        None => {
            problems.push(
                "data-site is missing: add data-site=\"<your site id>\" to the exitpoll script tag".into(),
            );
            None
        }
        Some(s) if is_valid_id(&s) => Some(s),
        Some(s) => {
            problems.push(cat!["data-site=\"", s, "\" is not a site id: use ", SITE_RULE]);
            None
        }
    };
    // The collector is where the script came from, unless data-endpoint says otherwise.
    let src = script.get_attribute("src").and_then(|s| absolute(&s));
    let origin = src.as_deref().and_then(|s| web_sys::Url::new(s).ok()).map(|u| u.origin());
    let endpoint = match attr("data-endpoint") {
        Some(e) => match absolute(&e) {
            Some(url) => Some(without_trailing_slashes(&url)),
            None => {
                problems.push(cat!["data-endpoint=\"", e, "\" is not an http(s) URL"]);
                None
            }
        },
        None => origin.or_else(|| web_sys::window()?.location().origin().ok()),
    };
    let config_url = match attr("data-config") {
        Some(c) => match absolute(&c) {
            Some(url) => Some(Some(url)),
            None => {
                problems.push(cat!["data-config=\"", c, "\" is not an http(s) URL"]);
                None
            }
        },
        None => Some(None),
    };
    let stage = attr("data-stage").and_then(|s| {
        let parsed = Stage::parse(&s);
        if parsed.is_none() {
            problems.push(cat![
                "data-stage=\"",
                s,
                "\" is not a stage: use one of ",
                stage_list(),
                "; detecting it instead"
            ]);
        }
        parsed
    });
    let context = match attr("data-context") {
        None => Map::default(),
        Some(text) => match crate::js_value::parse(&text) {
            Ok(Value::Object(m)) => m,
            Ok(_) => {
                problems.push("data-context is not a JSON object (not an object); it is ignored".into());
                Map::default()
            }
            Err(e) => {
                problems.push(cat!["data-context is not a JSON object (", e, "); it is ignored"]);
                Map::default()
            }
        },
    };
    let consent = match attr("data-consent").as_deref() {
        None => None,
        Some("granted") => Some(true),
        Some("pending") => Some(false),
        Some(other) => {
            problems.push(cat![
                "data-consent=\"",
                other,
                "\" must be \"granted\" or \"pending\"; using the site's default"
            ]);
            None
        }
    };
    let debug = script.get_attribute("data-debug").is_some_and(|d| d != "false" && d != "0");
    let options = match (site, endpoint, config_url) {
        (Some(site), Some(endpoint), Some(config_url)) => {
            let config = ConfigSource::Url(
                config_url.unwrap_or_else(|| cat![endpoint, "/v1/sites/", site, "/config"]),
            );
            Some(Options { site, endpoint, config, stage, context, consent, debug })
        }
        _ => None,
    };
    (options, problems)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The members of `interface` in the package's TypeScript types, in order.
    pub(crate) fn typescript_members(interface: &str) -> Vec<&'static str> {
        let types = include_str!("../js/index.d.ts");
        let head = cat!["export interface ", interface, " {"];
        let body = types.split_once(head.as_str()).unwrap().1.split_once("\n}").unwrap().0;
        body.lines()
            .map(str::trim)
            .filter(|l| !l.starts_with('/') && !l.starts_with('*') && !l.is_empty())
            .map(|l| l.split(['?', ':']).next().unwrap())
            .collect()
    }

    /// The TypeScript interface names exactly the options the checks know.
    #[test]
    fn the_typescript_options_are_the_checked_ones() {
        let mut fields = typescript_members("InitOptions");
        fields.sort_unstable();
        let mut known = KNOWN.to_vec();
        known.sort_unstable();
        assert_eq!(fields, known);
    }
}

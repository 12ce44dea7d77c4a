//! Files the collector serves from inside its binary: the widget bundle
//! (`pkg/`), the dashboard (`dashboard/`) and the demo store (`www/`).
//!
//! Both are embedded at compile time, so a plain `cargo run` serves the
//! committed widget and the binary needs no files next to it.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "../../pkg/"]
#[include = "exitpoll.js"]
#[include = "exitpoll_widget.js"]
#[include = "exitpoll_widget_bg.wasm"]
#[include = "index.js"]
#[include = "render.js"]
#[include = "index.d.ts"]
#[include = "site-config.schema.json"]
struct Widget;

#[derive(RustEmbed)]
#[folder = "dashboard/"]
struct Dashboard;

#[derive(RustEmbed)]
#[folder = "../../www/"]
#[exclude = "headless/*"]
#[exclude = "*/node_modules/*"]
struct Www;

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("ts") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn serve(data: std::borrow::Cow<'static, [u8]>, path: &str, cache: &'static str) -> Response {
    let mut response = (StatusCode::OK, data.into_owned()).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(path)));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // Any page may load the widget; it carries no secrets.
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// A widget file (`exitpoll.js`, the wasm, the ES module entry), if it exists.
pub fn widget(path: &str) -> Option<Response> {
    let file = Widget::get(path)?;
    // Short caching: a new deploy reaches shoppers within minutes.
    Some(serve(file.data, path, "public, max-age=300"))
}

/// The dashboard's files, at `/dashboard` and `/dashboard/*`, under a
/// Content Security Policy that allows nothing from anywhere else.
pub fn dashboard(path: &str) -> Option<Response> {
    let file = match path.trim_start_matches("dashboard").trim_start_matches('/') {
        "" | "index.html" => "index.html",
        other => other,
    };
    let data = Dashboard::get(file)?;
    let mut response = serve(data.data, file, "no-cache");
    let h = response.headers_mut();
    h.remove(header::ACCESS_CONTROL_ALLOW_ORIGIN);
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    Some(response)
}

/// A demo store file; `/` and directories serve their `index.html`.
pub fn www(path: &str) -> Option<Response> {
    let path = path.trim_start_matches('/');
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_owned(), format!("{path}.html"), format!("{path}/index.html")]
    };
    for candidate in candidates {
        if let Some(file) = Www::get(&candidate) {
            return Some(serve(file.data, &candidate, "no-cache"));
        }
    }
    None
}

/// A demo store file's raw bytes (the demo site config).
pub fn www_file(path: &str) -> Option<Vec<u8>> {
    Www::get(path).map(|f| f.data.into_owned())
}

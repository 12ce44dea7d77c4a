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
#[include = "index.js"]
#[include = "exitpoll_widget.js"]
#[include = "exitpoll_widget_bg.*.wasm"]
#[include = "*.d.ts"]
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

/// The widget files compressed at build time (`build.rs`, which lists them):
/// name, gzip (zopfli), brotli.
pub(crate) static PRECOMPRESSED: &[(&str, &[u8], &[u8])] =
    include!(concat!(env!("OUT_DIR"), "/precompressed.rs"));

/// Whether the client's `Accept-Encoding` takes the content coding `name`
/// (`q=0` refuses it).
fn accepted(accept_encoding: &str, name: &str) -> bool {
    accept_encoding.split(',').any(|item| {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim();
        let refused = parts.any(|p| {
            let p = p.trim();
            p.strip_prefix("q=").is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0))
        });
        coding.eq_ignore_ascii_case(name) && !refused
    })
}

/// Whether a widget file's name carries its content hash
/// (`exitpoll_widget_bg.<16 hex digits>.wasm`, named by `build-pkg`): a
/// new build has a new name, so such a file never changes.
fn content_hashed(path: &str) -> bool {
    let mut parts = path.rsplit('.');
    let (_, hash) = (parts.next(), parts.next());
    hash.is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The entity tag of an entry file: the first 16 hex digits of its SHA-256.
fn etag(data: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(data);
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// A widget file (`exitpoll.js`, the wasm, the ES module entries), if it
/// exists; compressed ahead of time when the client accepts brotli or gzip.
///
/// Content-hashed files are cached for a year (`immutable`), so a second
/// page view downloads no wasm. The entries that pages name directly
/// (`exitpoll.js`, `index.js`) keep their names: they are cached for five
/// minutes, so a deploy reaches shoppers quickly, with an `ETag` that makes
/// revalidating them cost a 304 (`if_none_match`).
pub fn widget(path: &str, accept_encoding: &str, if_none_match: Option<&str>) -> Option<Response> {
    let file = Widget::get(path)?;
    let hashed = content_hashed(path);
    let cache = if hashed { "public, max-age=31536000, immutable" } else { "public, max-age=300" };
    let tag = (!hashed).then(|| etag(&file.data));
    if let (Some(tag), Some(given)) = (&tag, if_none_match)
        && given.split(',').any(|t| t.trim() == tag || t.trim() == "*")
    {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        let h = response.headers_mut();
        h.insert(header::ETAG, HeaderValue::from_str(tag).expect("an etag is ASCII"));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        return Some(response);
    }
    let precompressed = PRECOMPRESSED.iter().find(|(name, _, _)| *name == path);
    let mut response = match precompressed {
        // Other files (types, schema) are compressed on the fly, if at all.
        None => serve(file.data, path, cache),
        Some((_, gz, br)) => {
            // Brotli first: it is the smaller.
            let encoded = if accepted(accept_encoding, "br") {
                Some(("br", *br))
            } else if accepted(accept_encoding, "gzip") {
                Some(("gzip", *gz))
            } else {
                None
            };
            let mut response = match encoded {
                Some((_, bytes)) => serve(std::borrow::Cow::Borrowed(bytes), path, cache),
                None => serve(file.data, path, cache),
            };
            let h = response.headers_mut();
            if let Some((encoding, _)) = encoded {
                // The compression layer leaves a response that has an encoding alone.
                h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
            }
            h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            response
        }
    };
    if let Some(tag) = tag {
        response.headers_mut().insert(header::ETAG, HeaderValue::from_str(&tag).expect("an etag is ASCII"));
    }
    Some(response)
}

/// The content-hashed name of the widget's module, as `build-pkg` named it.
#[cfg(test)]
pub fn widget_wasm_name() -> Option<String> {
    Widget::iter().find(|p| p.ends_with(".wasm") && content_hashed(p)).map(|p| p.into_owned())
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

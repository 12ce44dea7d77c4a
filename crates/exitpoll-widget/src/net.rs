//! Requests to the collector: the site config, response snapshots with
//! `fetch` (`keepalive`, `text/plain`), and beacons when the page goes away.
//!
//! `text/plain` is CORS-safelisted, so no request waits for a preflight, and
//! the collector reads the body as JSON all the same (the HTTP API (README.md)). No
//! request carries credentials: the widget sets no cookies and sends none.
use exitpoll_protocol::cat;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, Response};

/// Bodies under this size go with `keepalive`, which browsers cap at 64 KiB
/// for all of a page's requests in flight together.
pub const KEEPALIVE_BYTES: usize = 60_000;
const TEXT_PLAIN: &str = "text/plain;charset=UTF-8";

/// A JavaScript error's message, or its text.
pub fn describe(e: &JsValue) -> String {
    if let Some(e) = e.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    e.as_string().unwrap_or_else(|| "unknown error".to_owned())
}

async fn fetch(url: &str, init: &RequestInit) -> Result<Response, String> {
    let window = web_sys::window().ok_or("there is no window")?;
    let response =
        JsFuture::from(window.fetch_with_str_and_init(url, init)).await.map_err(|e| describe(&e))?;
    Ok(response.unchecked_into::<Response>())
}

/// The site config's text, from `url`. The error says what failed, with the URL.
pub async fn config_text(url: &str) -> Result<String, String> {
    let init = RequestInit::new();
    init.set_credentials(RequestCredentials::Omit);
    let fail = |why: String| cat!["could not load the site config from ", url, ": ", why];
    let response = fetch(url, &init).await.map_err(fail)?;
    if !response.ok() {
        return Err(fail(refusal(&response).await));
    }
    let text = response.text().map_err(|e| fail(describe(&e)))?;
    let text = JsFuture::from(text).await.map_err(|e| fail(describe(&e)))?;
    text.as_string().ok_or_else(|| fail("the body is not text".to_owned()))
}

/// "HTTP 403 origin_not_allowed: origin https://… is not allowed for site
/// \"demo\"": the status, and the collector's own code and message when its
/// answer has them (`{"error": {"code", "message"}}`, readable across
/// origins).
async fn refusal(response: &Response) -> String {
    let status = cat!["HTTP ", response.status()];
    let Ok(text) = response.text() else { return status };
    let text = JsFuture::from(text).await.ok().and_then(|t| t.as_string()).unwrap_or_default();
    let Ok(body) = crate::js_value::parse(&text) else { return status };
    let error = body.get("error");
    let field = |k: &str| error.and_then(|e| e.get(k)).and_then(|v| v.as_str()).map(str::to_owned);
    match (field("code"), field("message")) {
        (Some(code), Some(message)) => cat![status, " ", code, ": ", message],
        (Some(code), None) => cat![status, " ", code],
        _ => status,
    }
}

/// What a POST of snapshots got: the HTTP status (0 when the request
/// failed on the way), the `Retry-After` seconds, if given, and for a
/// refusal (a 4xx the widget does not retry) what the collector said.
#[derive(Debug, Clone, PartialEq)]
pub struct Posted {
    pub status: u16,
    pub retry_after_s: Option<f64>,
    pub refusal: Option<String>,
}

/// POSTs a batch of snapshots.
pub async fn post(url: &str, body: &str) -> Posted {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    init.set_credentials(RequestCredentials::Omit);
    // web-sys's `RequestInit` follows Firefox's WebIDL, which lacks
    // `keepalive` (every current browser has it): set as a plain property.
    let _ = js_sys::Reflect::set(
        &init,
        &JsValue::from_str("keepalive"),
        &JsValue::from_bool(body.len() < KEEPALIVE_BYTES),
    );
    if let Ok(headers) = web_sys::Headers::new() {
        let _ = headers.set("content-type", TEXT_PLAIN);
        init.set_headers(&headers);
    }
    match fetch(url, &init).await {
        Ok(r) => Posted {
            refusal: match r.status() {
                400..=499 if r.status() != 408 && r.status() != 429 => Some(refusal(&r).await),
                _ => None,
            },
            status: r.status(),
            retry_after_s: r
                .headers()
                .get("retry-after")
                .ok()
                .flatten()
                // Delay-seconds are digits (RFC 9110); an HTTP date is
                // treated as absent. (A float parser would add 10 KB of tables.)
                .and_then(|v| v.trim().parse::<u32>().ok())
                .map(f64::from),
        },
        Err(_) => Posted { status: 0, retry_after_s: None, refusal: None },
    }
}

/// Queues `body` with `navigator.sendBeacon`; false when the browser refused it.
pub fn beacon(url: &str, body: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    // A string body goes as text/plain;charset=UTF-8, the same as `post`.
    window.navigator().send_beacon_with_opt_str(url, Some(body)).unwrap_or(false)
}

//! The widget in a real browser (wasm-bindgen-test in headless Chromium):
//! started from Rust with a config object, it draws an accessible dialog in
//! a shadow root, keeps survey text as text, answers and dismissals become
//! snapshots in the outbox and events for page code, and an unusable config
//! is an error, not a crash. (Without the loader, the widget's deferred work
//! runs from wasm-bindgen's own microtasks; `settle` waits for it.)
#![cfg(target_arch = "wasm32")]

use exitpoll_widget::{Widget, start};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function options(config) {
  return { site: "t", config: JSON.parse(config), debug: false };
}
export function recorder() {
  const seen = [];
  const fn = (detail) => seen.push(JSON.stringify(detail));
  fn.seen = seen;
  return fn;
}
export function seen(fn) { return fn.seen.join("\n"); }
export function settle() { return new Promise((r) => setTimeout(r, 20)); }
export function root() {
  const host = document.querySelector("exitpoll-widget");
  return host ? host.shadowRoot : null;
}
export function text(selector) { const e = root().querySelector(selector); return e ? e.textContent : null; }
export function count(selector) { return root().querySelectorAll(selector).length; }
export function attr(selector, name) { const e = root().querySelector(selector); return e ? e.getAttribute(name) : null; }
export function sheets() { return root().adoptedStyleSheets.length; }
export function check(selector) { root().querySelector(selector).click(); }
export function submit() { root().querySelector("form").requestSubmit(); }
export function key(k) {
  const target = root().activeElement || root().querySelector("[role=dialog]");
  target.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, composed: true, cancelable: true }));
}
export function active_value() {
  const a = root().activeElement;
  return a ? (a.getAttribute("value") || a.getAttribute("aria-label") || a.textContent) : "";
}
export function stored() { return localStorage.getItem("exitpoll:t") || ""; }
export function cleanup() {
  localStorage.clear();
  for (const e of document.querySelectorAll("exitpoll-widget")) e.remove();
}
"#)]
extern "C" {
    fn options(config: &str) -> JsValue;
    fn recorder() -> js_sys::Function;
    fn seen(f: &js_sys::Function) -> String;
    fn settle() -> js_sys::Promise;
    fn root() -> JsValue;
    fn text(selector: &str) -> Option<String>;
    fn count(selector: &str) -> u32;
    fn attr(selector: &str, name: &str) -> Option<String>;
    fn sheets() -> u32;
    fn check(selector: &str);
    fn submit();
    fn key(k: &str);
    fn active_value() -> String;
    fn stored() -> String;
    fn cleanup();
}

const CONFIG: &str = r#"{"site": "t", "throttle": {"cooldown_hours": 0, "max_per_session": 100}, "surveys": [
  {"id": "s", "trigger": {"type": "manual"}, "frequency": {"show": "always", "recontact_days": 0},
   "questions": [{"id": "q1", "type": "single_choice", "required": true, "prompt": "Why?",
                  "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}]},
  {"id": "html", "trigger": {"type": "manual"},
   "questions": [{"id": "q", "type": "single_choice", "prompt": "<img src=x onerror=alert(1)>",
                  "choices": [{"id": "a", "label": "<b>bold</b>"}]}]}]}"#;

/// Records the `detail` of every `exitpoll:error` event on `window` while the
/// listener (the second value) lives.
fn error_events() -> (js_sys::Function, gloo_events::EventListener) {
    let errors = recorder();
    let record = errors.clone();
    let listener = gloo_events::EventListener::new(&web_sys::window().unwrap(), "exitpoll:error", move |e| {
        let detail = e.unchecked_ref::<web_sys::CustomEvent>().detail();
        let _ = record.call1(&JsValue::NULL, &detail);
    });
    (errors, listener)
}

async fn wait() {
    let _ = JsFuture::from(settle()).await;
}

async fn started() -> Widget {
    cleanup();
    let w = start(options(CONFIG)).await.unwrap_or_else(|_| panic!("the widget starts"));
    w.ready();
    wait().await;
    w
}

#[wasm_bindgen_test]
async fn show_draws_an_accessible_dialog_in_a_shadow_root() {
    let w = started().await;
    assert!(root().is_null(), "nothing drawn before show()");
    w.show("s".into());
    wait().await;
    assert!(!root().is_null());
    assert_eq!(attr("[role=dialog]", "aria-labelledby").as_deref(), Some("ep-title"));
    assert_eq!(attr("[role=dialog]", "aria-modal"), None, "a corner survey is not modal");
    assert_eq!(text("#ep-title").as_deref(), Some("Why?"));
    assert_eq!(count("input[type=radio]"), 2);
    assert_eq!(sheets(), 1, "styles come from a constructable stylesheet");
    assert_eq!(count("style"), 0, "no <style> element");
    assert_eq!(active_value(), "a", "show() from the page moves the focus to the first choice");
    w.destroy();
    assert!(root().is_null(), "destroy() takes the dialog away");
}

#[wasm_bindgen_test]
async fn survey_text_is_never_parsed_as_html() {
    let w = started().await;
    w.show("html".into());
    wait().await;
    assert_eq!(count("img"), 0, "the prompt's <img> stays text");
    assert_eq!(count("b"), 0, "the label's <b> stays text");
    assert_eq!(text("#ep-title").as_deref(), Some("<img src=x onerror=alert(1)>"));
    assert_eq!(text(".ep-option span").as_deref(), Some("<b>bold</b>"));
    w.destroy();
}

#[wasm_bindgen_test]
async fn answering_stores_the_snapshot_and_emits_events() {
    let w = started().await;
    let answered = recorder();
    let _ = w.on("answered".into(), answered.clone().into());
    let completed = recorder();
    let _ = w.on("completed".into(), completed.clone().into());
    w.show("s".into());
    wait().await;
    submit();
    wait().await;
    assert_eq!(text("#ep-error").as_deref(), Some("Please answer this question."));
    check("input[value=b]");
    wait().await;
    assert_eq!(text("#ep-error").as_deref(), Some(""), "a choice clears the message");
    submit();
    wait().await;
    assert!(text("[part=thanks]").is_some_and(|t| t.contains("Thank you!")));
    assert!(seen(&answered).contains(r#""question_id":"q1","value":"b""#), "{}", seen(&answered));
    assert!(seen(&completed).contains(r#""survey_id":"s""#), "{}", seen(&completed));
    let state = stored();
    assert!(state.contains(r#""answers":{"q1":"b"}"#), "the snapshot waits in the outbox: {state}");
    w.destroy();
}

#[wasm_bindgen_test]
async fn escape_dismisses_and_is_recorded() {
    let w = started().await;
    let dismissed = recorder();
    let _ = w.on("dismissed".into(), dismissed.clone().into());
    w.show("s".into());
    wait().await;
    key("Escape");
    wait().await;
    assert!(root().is_null(), "the dialog is gone");
    assert!(seen(&dismissed).contains(r#""survey_id":"s""#), "{}", seen(&dismissed));
    assert!(stored().contains(r#""status":"dismissed""#));
    w.destroy();
}

#[wasm_bindgen_test]
async fn an_unusable_config_is_an_error_not_a_crash() {
    cleanup();
    let (errors, _listening) = error_events();
    let broken = js_sys::JSON::parse(r#"{"site": "t", "config": "{not json"}"#).unwrap();
    assert!(start(broken).await.is_err());
    wait().await;
    assert!(seen(&errors).contains("not JSON: "), "{}", seen(&errors));
    let bad_options = js_sys::JSON::parse(r#"{"site": 5}"#).unwrap();
    assert!(start(bad_options).await.is_err());
    wait().await;
    assert!(seen(&errors).contains("site: required"), "{}", seen(&errors));
}

#[wasm_bindgen_test]
async fn an_endpoint_that_is_not_http_is_refused_by_name() {
    cleanup();
    let (errors, _listening) = error_events();
    let options = js_sys::JSON::parse(r#"{"site": "t", "endpoint": "ftp://files.example"}"#).unwrap();
    assert!(start(options).await.is_err());
    wait().await;
    assert!(seen(&errors).contains("endpoint: not an http(s) URL: ftp://files.example"), "{}", seen(&errors));
}

//! The widget in a real browser (wasm-bindgen-test in headless Chromium),
//! driving the real renderer (`js/render.js`): the dialog it draws, that
//! survey text stays text, that answers and dismissals come out as requests
//! and events, and that keyboard focus stays in the dialog. They drive the
//! builds that draw and send, not the lite one (which does neither).
#![cfg(all(target_arch = "wasm32", not(feature = "lite")))]

use exitpoll_widget::{Host, Widget};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/js/render.js")]
extern "C" {
    #[wasm_bindgen(js_name = createRenderer)]
    fn create_renderer(on: &JsValue, signal: &JsValue) -> JsValue;
}

#[wasm_bindgen(inline_js = r#"
export function make_on() {
  const on = { submitted: [], dismissed: 0, submit(a) { on.submitted.push(a); }, dismiss() { on.dismissed++; }, log() {} };
  return on;
}
export function make_host(renderer) {
  const calls = [];
  return {
    calls,
    schedule() {},
    send(batch, body) { calls.push(["send", batch, body]); },
    beacon(body) { calls.push(["beacon", body]); return true; },
    emit(name, detail) { calls.push(["emit", name, JSON.parse(detail)]); },
    save(state) { calls.push(["save"]); return true; },
    clear() { calls.push(["clear"]); },
    render(json) { calls.push(["render", JSON.parse(json).kind]); renderer.render(json); },
    rendererReady() { return true; },
    loadRenderer() { calls.push(["loadRenderer"]); },
    modalOpen() { return false; },
    console(level, message) { calls.push(["console", level, message]); },
  };
}
export function make_lazy_host(renderer) {
  const host = make_host(renderer);
  host.ready = false;
  host.rendererReady = () => host.ready;
  return host;
}
export function set_ready(host) { host.ready = true; }
export function calls_json(host) { return JSON.stringify(host.calls); }
export function submitted_json(on) { return JSON.stringify(on.submitted); }
export function dismissed(on) { return on.dismissed; }
export function root() {
  const host = document.querySelector("exitpoll-widget");
  return host ? host.shadowRoot : null;
}
export function abort_signal() { return new AbortController().signal; }
export function focus(selector) { root().querySelector(selector).focus(); }
export function submit_form() { root().querySelector("form").requestSubmit(); }
export function key(k, shift) {
  const target = root().activeElement || root().querySelector("[role=dialog]");
  target.dispatchEvent(new KeyboardEvent("keydown", { key: k, shiftKey: shift, bubbles: true, composed: true, cancelable: true }));
}
export function active_label() {
  const a = root().activeElement;
  return a ? (a.getAttribute("value") || a.getAttribute("aria-label") || a.textContent) : "";
}
export function cleanup() {
  for (const e of document.querySelectorAll("exitpoll-widget")) e.remove();
}
"#)]
extern "C" {
    fn make_on() -> JsValue;
    fn make_host(renderer: &JsValue) -> Host;
    fn make_lazy_host(renderer: &JsValue) -> Host;
    fn set_ready(host: &Host);
    fn calls_json(host: &Host) -> String;
    fn submitted_json(on: &JsValue) -> String;
    fn dismissed(on: &JsValue) -> u32;
    fn root() -> Option<web_sys_shadow::ShadowRootLike>;
    fn abort_signal() -> JsValue;
    fn focus(selector: &str);
    fn submit_form();
    fn key(k: &str, shift: bool);
    fn active_label() -> String;
    fn cleanup();
}

/// Just enough of ShadowRoot for these tests, without depending on web-sys.
mod web_sys_shadow {
    use wasm_bindgen::prelude::*;
    #[wasm_bindgen]
    extern "C" {
        pub type ShadowRootLike;
        #[wasm_bindgen(method, getter, js_name = textContent)]
        pub fn text_content(this: &ShadowRootLike) -> String;
        #[wasm_bindgen(method, js_name = querySelector)]
        pub fn query_selector(this: &ShadowRootLike, selectors: &str) -> Option<ElementLike>;
        #[wasm_bindgen(method, js_name = querySelectorAll)]
        pub fn query_selector_all(this: &ShadowRootLike, selectors: &str) -> NodeListLike;
        #[wasm_bindgen(method, getter, js_name = adoptedStyleSheets)]
        pub fn adopted_style_sheets(this: &ShadowRootLike) -> js_sys_like::ArrayLike;
        pub type ElementLike;
        #[wasm_bindgen(method, js_name = getAttribute)]
        pub fn get_attribute(this: &ElementLike, name: &str) -> Option<String>;
        #[wasm_bindgen(method, getter, js_name = textContent)]
        pub fn text_content(this: &ElementLike) -> String;
        #[wasm_bindgen(method, setter)]
        pub fn set_checked(this: &ElementLike, checked: bool);
        pub type NodeListLike;
        #[wasm_bindgen(method, getter)]
        pub fn length(this: &NodeListLike) -> u32;
    }
    pub mod js_sys_like {
        use wasm_bindgen::prelude::*;
        #[wasm_bindgen]
        extern "C" {
            pub type ArrayLike;
            #[wasm_bindgen(method, getter)]
            pub fn length(this: &ArrayLike) -> u32;
        }
    }
}

const CONFIG: &str = r#"{
  "site": "t",
  "surveys": [{
    "id": "s1",
    "trigger": { "type": "manual" },
    "questions": [
      { "id": "q1", "type": "single_choice", "required": true,
        "prompt": "<img src=x onerror=alert(1)> Why?",
        "choices": [ { "id": "a", "label": "<b>bold</b>" }, { "id": "b", "label": "B" } ] }
    ]
  }]
}"#;

/// The page facts as the host sends them (`facts.rs`): URL, path, query,
/// referrer, meta stage, body classes, three Shopify facts, `<html lang>`.
const FACTS: &str = r#"["https://shop.example/cart", "/cart", "", "", null, "", null, null, null, "en"]"#;

fn start() -> (Widget, Host, JsValue) {
    cleanup();
    let on = make_on();
    let renderer = create_renderer(&on, &abort_signal());
    let host = make_host(&renderer);
    let again: Host = JsValue::from(&host).unchecked_into();
    let w = Widget::start(r#"{"consent":true}"#, CONFIG, FACTS, None, again, 1, 2, None).expect("starts");
    (w, host, on)
}

#[wasm_bindgen_test]
fn show_renders_an_accessible_dialog_in_a_shadow_root() {
    let (mut w, _host, _on) = start();
    assert!(root().is_none(), "nothing rendered before show()");
    w.show("s1");
    let root = root().expect("a shadow root");
    let dialog = root.query_selector("[role=dialog]").expect("a dialog");
    assert_eq!(dialog.get_attribute("aria-labelledby").as_deref(), Some("ep-title"));
    assert!(root.query_selector("#ep-title").unwrap().text_content().contains("Why?"));
    assert_eq!(root.query_selector_all("input[type=radio]").length(), 2);
    assert_eq!(root.adopted_style_sheets().length(), 1, "styles come from a constructable stylesheet");
    assert!(root.query_selector("style").is_none(), "no <style> element");
    assert_eq!(active_label(), "a", "focus moved to the first choice");
    w.destroy();
}

#[wasm_bindgen_test]
fn survey_text_is_never_parsed_as_html() {
    let (mut w, _host, _on) = start();
    w.show("s1");
    let root = root().unwrap();
    assert!(root.query_selector("img").is_none(), "the prompt's <img> stays text");
    assert!(root.query_selector("b").is_none(), "the label's <b> stays text");
    let text = root.text_content();
    assert!(text.contains("<img src=x onerror=alert(1)>"));
    assert!(text.contains("<b>bold</b>"));
    w.destroy();
}

#[wasm_bindgen_test]
fn answering_sends_the_snapshot_and_emits_events() {
    let (mut w, host, on) = start();
    w.show("s1");
    // One request is in flight at a time: acknowledge the "shown" snapshot.
    w.sent(0, 200, -1.0);
    // Submitting with nothing selected: the renderer reports null, the engine refuses.
    submit_form();
    assert_eq!(submitted_json(&on), "[null]");
    w.submit(None).unwrap();
    let root = root().unwrap();
    assert_eq!(root.query_selector("#ep-error").unwrap().text_content(), "Please answer this question.");
    root.query_selector("input[value=b]").unwrap().set_checked(true);
    submit_form();
    assert_eq!(submitted_json(&on), r#"[null,"b"]"#, "the renderer reads the checked choice");
    w.submit(Some("\"b\"".into())).unwrap();
    let calls = calls_json(&host);
    assert!(calls.contains(r#"["emit","shown""#), "{calls}");
    assert!(calls.contains(r#""question_id":"q1","value":"b""#), "{calls}");
    assert!(calls.contains(r#"["emit","completed""#), "{calls}");
    assert!(calls.contains(r#"\"answers\":{\"q1\":\"b\"}"#), "the request carries the answer: {calls}");
    assert!(root.text_content().contains("Thank you!"));
    w.destroy();
}

#[wasm_bindgen_test]
fn escape_and_tab_work_from_the_keyboard() {
    let (mut w, host, on) = start();
    w.show("s1");
    w.sent(0, 200, -1.0);
    // Tab from the last control wraps to the first; Shift+Tab back to the last.
    focus("button[type=submit]");
    key("Tab", false);
    assert_eq!(active_label(), "Close", "wrapped to the close button");
    key("Tab", true);
    assert!(active_label().contains("Next") || active_label().contains("Submit"), "back to the last control");
    key("Escape", false);
    assert_eq!(dismissed(&on), 1);
    w.dismiss();
    assert!(root().is_none(), "the dialog is gone");
    let calls = calls_json(&host);
    assert!(calls.contains(r#"["emit","dismissed""#), "{calls}");
    assert!(calls.contains(r#"\"status\":\"dismissed\""#), "{calls}");
}

#[wasm_bindgen_test]
fn the_renderer_is_loaded_only_when_a_survey_opens() {
    cleanup();
    let on = make_on();
    let host = make_lazy_host(&create_renderer(&on, &abort_signal()));
    let again: Host = JsValue::from(&host).unchecked_into();
    let mut w = Widget::start(r#"{"consent":true}"#, CONFIG, FACTS, None, again, 1, 2, None).expect("starts");
    assert!(!calls_json(&host).contains("loadRenderer"), "not loaded at start");
    w.show("s1");
    let calls = calls_json(&host);
    assert!(calls.contains(r#"["loadRenderer"]"#), "{calls}");
    assert!(
        root().is_none() && !calls.contains(r#""shown""#),
        "nothing drawn or counted while it loads: {calls}"
    );
    // It could not be loaded: not shown, nothing counted or sent.
    w.renderer_loaded(false);
    let calls = calls_json(&host);
    assert!(root().is_none() && !calls.contains(r#""shown""#) && !calls.contains(r#"["send""#), "{calls}");
    // The next attempt loads it again, and draws once it is there.
    w.show("s1");
    set_ready(&host);
    w.renderer_loaded(true);
    assert!(root().is_some(), "drawn once loaded");
    let calls = calls_json(&host);
    assert_eq!(calls.matches(r#"["loadRenderer"]"#).count(), 2, "{calls}");
    assert!(calls.contains(r#"["emit","shown""#), "{calls}");
    w.destroy();
}

#[wasm_bindgen_test]
fn an_unusable_config_is_an_error_not_a_crash() {
    cleanup();
    let on = make_on();
    let host = make_host(&create_renderer(&on, &abort_signal()));
    let again: Host = JsValue::from(&host).unchecked_into();
    assert!(Widget::start("{}", "{not json", FACTS, None, again, 1, 2, None).is_err());
    let calls = calls_json(&host);
    assert!(calls.contains("invalid JSON"), "{calls}");
}

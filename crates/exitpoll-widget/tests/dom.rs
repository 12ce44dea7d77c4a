//! The widget in a real browser (wasm-bindgen-test in headless Chromium):
//! the dialog it renders, that survey text stays text, and that answers and
//! dismissals come out as requests and events.
#![cfg(target_arch = "wasm32")]

use exitpoll_widget::{Host, Widget};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function make_host() {
  const calls = [];
  return {
    calls,
    schedule() {},
    send(batch, body) { calls.push(["send", batch, body]); },
    beacon(body) { calls.push(["beacon", body]); return true; },
    emit(name, detail) { calls.push(["emit", name, JSON.parse(detail)]); },
    attach(root) { calls.push(["attach"]); },
    copy(text) { calls.push(["copy", text]); },
    console(level, message) { calls.push(["console", level, message]); },
  };
}
export function calls_json(host) { return JSON.stringify(host.calls); }
export function widget_root() {
  const host = document.querySelector("exitpoll-widget");
  return host ? host.shadowRoot : null;
}
export function cleanup() {
  for (const e of document.querySelectorAll("exitpoll-widget")) e.remove();
  localStorage.clear();
}
"#)]
extern "C" {
    fn make_host() -> Host;
    fn calls_json(host: &Host) -> String;
    fn widget_root() -> Option<web_sys::ShadowRoot>;
    fn cleanup();
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

fn start() -> (Widget, Host) {
    cleanup();
    let host = make_host();
    let again: Host = JsValue::from(&host).unchecked_into();
    let w = Widget::start(r#"{"site":"t","consent":true}"#, CONFIG, again, 1, 2).expect("starts");
    (w, host)
}

#[wasm_bindgen_test]
fn show_renders_an_accessible_dialog_in_a_shadow_root() {
    let (mut w, _host) = start();
    assert!(widget_root().is_none(), "nothing rendered before show()");
    w.show("s1");
    let root = widget_root().expect("a shadow root");
    let dialog = root.query_selector("[role=dialog]").unwrap().expect("a dialog");
    assert_eq!(dialog.get_attribute("aria-labelledby").as_deref(), Some("ep-title"));
    let title = root.query_selector("#ep-title").unwrap().unwrap();
    assert!(title.text_content().unwrap().contains("Why?"));
    let radios = root.query_selector_all("input[type=radio]").unwrap();
    assert_eq!(radios.length(), 2);
    assert_eq!(root.adopted_style_sheets().length(), 1, "styles come from a constructable stylesheet");
    assert!(root.query_selector("style").unwrap().is_none(), "no <style> element");
    w.destroy();
}

#[wasm_bindgen_test]
fn survey_text_is_never_parsed_as_html() {
    let (mut w, _host) = start();
    w.show("s1");
    let root = widget_root().unwrap();
    assert!(root.query_selector("img").unwrap().is_none(), "the prompt's <img> stays text");
    assert!(root.query_selector("b").unwrap().is_none(), "the label's <b> stays text");
    let text = root.text_content().unwrap();
    assert!(text.contains("<img src=x onerror=alert(1)>"));
    assert!(text.contains("<b>bold</b>"));
    w.destroy();
}

#[wasm_bindgen_test]
fn answering_sends_the_snapshot_and_emits_events() {
    let (mut w, host) = start();
    w.show("s1");
    // One request is in flight at a time: acknowledge the "shown" snapshot.
    w.sent(0, 200, -1.0);
    let root = widget_root().unwrap();
    // Submitting with nothing selected is refused with a visible message.
    w.ui_submit();
    let error = root.query_selector("#ep-error").unwrap().unwrap();
    assert_eq!(error.text_content().unwrap(), "Please answer this question.");
    let radio: web_sys::HtmlInputElement =
        root.query_selector("input[value=b]").unwrap().unwrap().unchecked_into();
    radio.set_checked(true);
    w.ui_submit();
    let calls = calls_json(&host);
    assert!(calls.contains(r#"["emit","shown""#), "{calls}");
    assert!(calls.contains(r#""question_id":"q1","value":"b""#), "{calls}");
    assert!(calls.contains(r#"["emit","completed""#), "{calls}");
    assert!(calls.contains(r#"\"answers\":{\"q1\":\"b\"}"#), "the request body carries the answer: {calls}");
    assert!(root.text_content().unwrap().contains("Thank you!"));
    w.destroy();
}

#[wasm_bindgen_test]
fn escape_dismisses_and_removes_the_dialog() {
    let (mut w, host) = start();
    w.show("s1");
    w.sent(0, 200, -1.0);
    assert!(w.ui_key("Escape", false), "Escape is handled");
    assert!(widget_root().is_none(), "the dialog is gone");
    let calls = calls_json(&host);
    assert!(calls.contains(r#"["emit","dismissed""#), "{calls}");
    assert!(calls.contains(r#"\"status\":\"dismissed\""#), "{calls}");
    w.destroy();
}

#[wasm_bindgen_test]
fn an_unusable_config_is_an_error_not_a_crash() {
    cleanup();
    let host = make_host();
    let again: Host = JsValue::from(&host).unchecked_into();
    let err = Widget::start(r#"{"site":"t"}"#, "{not json", again, 1, 2).err();
    assert!(err.is_some());
    let calls = calls_json(&host);
    assert!(calls.contains("invalid JSON"), "{calls}");
}

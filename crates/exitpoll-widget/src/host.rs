//! The JavaScript side the widget calls into (`js/widget.js`).
//!
//! The wasm module touches no browser API itself: the host owns every
//! listener, timer, request, storage access and DOM node, and calls the
//! exported [`crate::Widget`] methods from inside a guard that catches
//! anything thrown. That keeps the module small (no web-sys glue) and keeps a
//! fault in it from ever reaching page code.

use crate::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The host object built by `js/widget.js`.
    pub type Host;

    /// Calls `tick()` after `delay_ms`, replacing the previous timer; a negative delay cancels it.
    #[wasm_bindgen(method)]
    pub fn schedule(this: &Host, delay_ms: f64);

    /// POSTs `body` to the responses endpoint, then signals `SENT`
    /// ([`crate::Widget::signal`]) with the batch, the HTTP status and the
    /// `Retry-After` seconds.
    #[wasm_bindgen(method)]
    pub fn send(this: &Host, batch: u32, body: &str);

    /// Queues `body` with `navigator.sendBeacon`; false when the browser refused it.
    #[wasm_bindgen(method)]
    pub fn beacon(this: &Host, body: &str) -> bool;

    /// Dispatches an event (detail as JSON) to `on()` subscribers, as a
    /// `CustomEvent` and to `dataLayer`, after the current call returns.
    #[wasm_bindgen(method)]
    pub fn emit(this: &Host, name: &str, detail_json: &str);

    /// Stores the engine's state; false when storage is unavailable or full.
    #[wasm_bindgen(method)]
    pub fn save(this: &Host, state: &str) -> bool;

    /// The stored state as it is now (any tab may have written it last), if any.
    #[wasm_bindgen(method)]
    pub fn load(this: &Host) -> Option<String>;

    /// Removes the stored state (consent withdrawn).
    #[wasm_bindgen(method)]
    pub fn clear(this: &Host);

    /// Draws a view of the survey (JSON; see `view.rs`).
    #[wasm_bindgen(method)]
    pub fn render(this: &Host, view_json: &str);

    /// Whether the renderer (`js/render.js`) is loaded.
    #[wasm_bindgen(method, js_name = rendererReady)]
    pub fn renderer_ready(this: &Host) -> bool;

    /// Starts loading the renderer, unless that is under way; then signals
    /// `RENDERER_LOADED` ([`crate::Widget::signal`]).
    #[wasm_bindgen(method, js_name = loadRenderer)]
    pub fn load_renderer(this: &Host);

    /// Whether the page has its own modal dialog open.
    #[wasm_bindgen(method, js_name = modalOpen)]
    pub fn modal_open(this: &Host) -> bool;

    /// Writes to the console: `level` is `log`, `warn` or `error`.
    #[wasm_bindgen(method)]
    pub fn console(this: &Host, level: &str, message: &str);

    /// Milliseconds since the epoch.
    #[wasm_bindgen(js_namespace = Date)]
    pub fn now() -> f64;
}

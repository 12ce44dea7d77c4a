//! The JavaScript side the widget calls into: timers, network, events.
//!
//! The widget never registers a callback with the browser itself. The small
//! JavaScript host (`js/widget.js`) owns every listener, timer and request,
//! and calls the exported [`crate::Widget`] methods from inside a guard that
//! catches anything thrown. That is what keeps a fault in the widget from ever
//! reaching page code: a wasm trap inside a wasm-bindgen closure would surface
//! as an uncaught exception in the page, but one inside a guarded call does not.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The host object built by `js/widget.js`.
    pub type Host;

    /// Calls `tick()` after `delay_ms`, replacing the previous timer; a negative delay cancels it.
    #[wasm_bindgen(method)]
    pub fn schedule(this: &Host, delay_ms: f64);

    /// POSTs `body` to the responses endpoint, then calls `sent(batch, status, retry_after_s)`.
    #[wasm_bindgen(method)]
    pub fn send(this: &Host, batch: u32, body: &str);

    /// Queues `body` with `navigator.sendBeacon`; false when the browser refused it.
    #[wasm_bindgen(method)]
    pub fn beacon(this: &Host, body: &str) -> bool;

    /// Dispatches an event to `on()` subscribers, as a `CustomEvent` and to
    /// `dataLayer`, in a microtask so page code never runs inside a widget call.
    #[wasm_bindgen(method)]
    pub fn emit(this: &Host, name: &str, detail_json: &str);

    /// Adds the delegated UI listeners to a freshly made shadow root.
    #[wasm_bindgen(method)]
    pub fn attach(this: &Host, root: &web_sys::ShadowRoot);

    /// Copies text to the clipboard.
    #[wasm_bindgen(method)]
    pub fn copy(this: &Host, text: &str);

    /// Writes to the console: `level` is `log`, `warn` or `error`.
    #[wasm_bindgen(method)]
    pub fn console(this: &Host, level: &str, message: &str);
}

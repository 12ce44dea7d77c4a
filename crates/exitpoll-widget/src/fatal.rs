//! When the widget itself breaks: a panic (or a trap the loader's guard
//! caught) is reported once, on the console and as an `error` event with
//! `fatal: true`; every widget on the page removes its listeners, timer and
//! DOM node; and every later call and callback does nothing.
//!
//! The panic hook runs while the widget's state may be borrowed by the code
//! that panicked, so it touches only what is kept apart for this
//! (`Shared::fault`) and never the engine.
use std::cell::{Cell, RefCell};
use std::rc::Weak;

use exitpoll_protocol::cat;
use wasm_bindgen::prelude::*;

use crate::Shared;

thread_local! {
    static DEAD: Cell<bool> = const { Cell::new(false) };
    static LIVE: RefCell<Vec<Weak<Shared>>> = const { RefCell::new(Vec::new()) };
}

/// Whether the widget is disabled for the rest of the page's life.
pub fn is_dead() -> bool {
    DEAD.with(Cell::get)
}

/// Installs the panic hook, once.
pub fn install() {
    thread_local! {
        static INSTALLED: Cell<bool> = const { Cell::new(false) };
    }
    if INSTALLED.with(|i| i.replace(true)) {
        return;
    }
    // The hook replaces the standard library's, which writes nowhere on this
    // target; calling it as well would add 3 KB of formatting to the module.
    std::panic::set_hook(Box::new(|info| {
        let mut message = String::from("panicked");
        if let Some(at) = info.location() {
            message = cat![message, " at ", at.file(), ":", at.line(), ":", at.column()];
        }
        if let Some(text) = info.payload_as_str() {
            message = cat![message, ": ", text];
        }
        fault(&message);
    }));
}

/// A widget to take down on a fault.
pub fn register(widget: Weak<Shared>) {
    LIVE.with(|live| {
        if let Ok(mut l) = live.try_borrow_mut() {
            l.retain(|w| w.strong_count() > 0);
            l.push(widget);
        }
    });
}

/// The loader's guard caught a trap that was not a panic (a panic has
/// reported itself by then, and this does nothing).
#[wasm_bindgen(js_name = disable)]
pub fn disable(message: &str) {
    fault(&cat!["trap: ", message]);
}

fn fault(cause: &str) {
    if DEAD.with(|d| d.replace(true)) {
        return;
    }
    let message = cat!["exitpoll: internal error, the widget is disabled: ", cause];
    web_sys::console::error_1(&JsValue::from_str(&message));
    crate::deferred::clear();
    let live =
        LIVE.with(|live| live.try_borrow_mut().map(|mut l| std::mem::take(&mut *l)).unwrap_or_default());
    for widget in live.iter().filter_map(Weak::upgrade) {
        widget.fault(&message);
    }
}

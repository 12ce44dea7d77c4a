//! The page's listeners (gloo-events): pointer, keys, scroll, visibility,
//! input of any kind, single-page navigation and other tabs' storage.
//!
//! Every listener is passive (it never delays scrolling) and on the capture
//! phase (a page that stops propagation does not blind the widget), and each
//! only reads what it needs off the event and hands it over
//! (`deferred.rs`). Dropping them, as `destroy()` does, removes them.
//!
//! All of them are one closure type, [`Listener`], which says what the event
//! is for: a closure type per event would be a copy of gloo's and
//! wasm-bindgen's closure code per event in the module.
//!
//! Single-page apps navigate with `history.pushState`, which fires no event,
//! so the widget wraps `pushState` and `replaceState` ([`HistoryPatch`]) and
//! puts the browser's own back when it goes.
use std::cell::Cell;
use std::rc::{Rc, Weak};

use exitpoll_engine::Signal;
use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Event, EventTarget};

use crate::Shared;
use crate::deferred::defer;

const PASSIVE_CAPTURE: EventListenerOptions =
    EventListenerOptions { phase: EventListenerPhase::Capture, passive: true };

/// What a page event is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listener {
    PointerMove,
    PointerOut,
    PointerOver,
    Key,
    Scroll,
    Visibility,
    PageHide,
    Navigation,
    Activity,
    Storage,
}

/// Reads the event now, while it is current; what the widget then does.
enum Work {
    Feed(Signal),
    /// The page is being hidden or unloaded.
    Visibility(bool),
    PageHide,
    Navigated,
}

fn read(kind: Listener, e: &Event, storage_key: &str) -> Option<Work> {
    // Read as mouse events: on another kind of event (a page may dispatch
    // one) the fields read as zero and absent, never throw.
    let mouse = || Some(e.unchecked_ref::<web_sys::MouseEvent>());
    let signal = match kind {
        Listener::PointerMove => Signal::PointerMove { y: f64::from(mouse()?.client_y()) },
        Listener::PointerOut => {
            let m = mouse()?;
            let tag = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).map(|t| t.tag_name());
            Signal::PointerOut {
                y: f64::from(m.client_y()),
                related_target: m.related_target().is_some(),
                from_form_control: matches!(tag.as_deref(), Some("SELECT" | "OPTION" | "DATALIST")),
            }
        }
        Listener::PointerOver => {
            if mouse()?.related_target().is_some() {
                return None;
            }
            Signal::PointerOver
        }
        Listener::Key => {
            let k = e.dyn_ref::<web_sys::KeyboardEvent>()?;
            Signal::Key { key: k.key(), ctrl: k.ctrl_key(), meta: k.meta_key() }
        }
        Listener::Scroll => {
            let window = web_sys::window()?;
            let height = window.document()?.document_element()?.scroll_height();
            Signal::Scroll {
                y: window.scroll_y().ok()?,
                viewport_height: window.inner_height().ok()?.as_f64()?,
                document_height: f64::from(height),
            }
        }
        Listener::Visibility => {
            let hidden = web_sys::window()?.document()?.hidden();
            return Some(Work::Visibility(!hidden));
        }
        Listener::PageHide => return Some(Work::PageHide),
        Listener::Navigation => return Some(Work::Navigated),
        Listener::Activity => Signal::Activity,
        Listener::Storage => {
            let e = e.dyn_ref::<web_sys::StorageEvent>()?;
            if e.key().as_deref() != Some(storage_key) {
                return None;
            }
            Signal::StorageChanged(crate::js_value::parse(&e.new_value()?).ok()?)
        }
    };
    Some(Work::Feed(signal))
}

fn run(shared: &Shared, work: Work) {
    match work {
        Work::Feed(signal) => shared.feed(signal),
        Work::Visibility(visible) => {
            if !visible {
                shared.flush();
            }
            shared.feed(Signal::Visibility { visible });
        }
        Work::PageHide => shared.flush(),
        Work::Navigated => shared.navigated(),
    }
}

/// Every page listener of a widget, and the history wrapper.
pub fn page(shared: &Rc<Shared>) -> (Vec<EventListener>, Option<HistoryPatch>) {
    let Some(window) = web_sys::window() else { return (Vec::new(), None) };
    let Some(doc) = window.document() else { return (Vec::new(), None) };
    let link = Rc::downgrade(shared);
    let key: Rc<str> = shared.store.key().into();
    let w: &EventTarget = window.as_ref();
    let d: &EventTarget = doc.as_ref();
    let table: [(&EventTarget, &'static str, Listener); 14] = [
        (d, "mousemove", Listener::PointerMove),
        (d, "mouseout", Listener::PointerOut),
        (d, "mouseover", Listener::PointerOver),
        (d, "keydown", Listener::Key),
        (w, "scroll", Listener::Scroll),
        (d, "visibilitychange", Listener::Visibility),
        (w, "pagehide", Listener::PageHide),
        (w, "popstate", Listener::Navigation),
        (w, "hashchange", Listener::Navigation),
        (d, "pointerdown", Listener::Activity),
        (d, "touchstart", Listener::Activity),
        (d, "input", Listener::Activity),
        (d, "wheel", Listener::Activity),
        (w, "storage", Listener::Storage),
    ];
    let listeners = table
        .iter()
        .map(|&(target, event, kind)| {
            let (link, key) = (link.clone(), key.clone());
            EventListener::new_with_options(target, event, PASSIVE_CAPTURE, move |e| {
                let Some(work) = read(kind, e, &key) else { return };
                let link = link.clone();
                defer(move || {
                    if let Some(shared) = link.upgrade() {
                        run(&shared, work);
                    }
                });
            })
        })
        .collect();
    (listeners, HistoryPatch::install(&link))
}

type Wrapper = Closure<dyn FnMut(JsValue, JsValue, JsValue) -> Result<JsValue, JsValue>>;

/// `history.pushState` and `replaceState`, wrapped to tell the widget of a
/// navigation. Dropping it puts the browser's own functions back, unless
/// page code has wrapped them in turn since: then the wrappers stay, passing
/// calls straight through, since taking them out would break that code.
pub struct HistoryPatch {
    history: web_sys::History,
    originals: [(&'static str, js_sys::Function); 2],
    wrappers: Option<[Wrapper; 2]>,
    active: Rc<Cell<bool>>,
}

impl HistoryPatch {
    fn install(link: &Weak<Shared>) -> Option<HistoryPatch> {
        let history = web_sys::window()?.history().ok()?;
        let active = Rc::new(Cell::new(true));
        let get = |name: &str| -> Option<js_sys::Function> {
            js_sys::Reflect::get(&history, &JsValue::from_str(name)).ok()?.dyn_into().ok()
        };
        let originals = [("pushState", get("pushState")?), ("replaceState", get("replaceState")?)];
        let wrap = |original: &js_sys::Function| -> Wrapper {
            let (original, history, link, active) =
                (original.clone(), history.clone(), link.clone(), active.clone());
            Closure::new(move |a: JsValue, b: JsValue, c: JsValue| {
                // The page's call first, exactly as it made it; an exception is its own.
                let result = original.call3(&history, &a, &b, &c)?;
                if active.get() {
                    let link = link.clone();
                    defer(move || {
                        if let Some(shared) = link.upgrade() {
                            shared.navigated();
                        }
                    });
                }
                Ok(result)
            })
        };
        let wrappers = [wrap(&originals[0].1), wrap(&originals[1].1)];
        for ((name, _), w) in originals.iter().zip(&wrappers) {
            js_sys::Reflect::set(&history, &JsValue::from_str(name), w.as_ref()).ok()?;
        }
        Some(HistoryPatch { history, originals, wrappers: Some(wrappers), active })
    }
}

impl Drop for HistoryPatch {
    fn drop(&mut self) {
        self.active.set(false);
        let Some(wrappers) = self.wrappers.take() else { return };
        let ours = self.originals.iter().zip(&wrappers).all(|((name, _), w)| {
            js_sys::Reflect::get(&self.history, &JsValue::from_str(name)).is_ok_and(|f| f == *w.as_ref())
        });
        if ours {
            for (name, original) in &self.originals {
                let _ = js_sys::Reflect::set(&self.history, &JsValue::from_str(name), original);
            }
        } else {
            // Page code wrapped ours and may call it for the rest of the
            // page's life: it must stay, passing calls through (inactive).
            for w in wrappers {
                w.forget();
            }
        }
    }
}

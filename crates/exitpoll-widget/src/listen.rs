//! The page's listeners (gloo-events): pointer, keys, scroll, visibility,
//! input of any kind, single-page navigation and other tabs' storage.
//!
//! Every listener is passive (it never delays scrolling) and on the capture
//! phase (a page that stops propagation does not blind the widget), and each
//! only hands its input over (`deferred.rs`). Dropping them, as `destroy()`
//! does, removes them.
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

/// Hands `signal` (made from the event now, while it is current) to the widget.
fn on(
    target: &EventTarget,
    kind: &'static str,
    link: &Weak<Shared>,
    signal: impl Fn(&Event) -> Option<Signal> + 'static,
) -> EventListener {
    let link = link.clone();
    EventListener::new_with_options(target, kind, PASSIVE_CAPTURE, move |e| {
        let Some(signal) = signal(e) else { return };
        let link = link.clone();
        defer(move || {
            if let Some(shared) = link.upgrade() {
                shared.feed(signal);
            }
        });
    })
}

/// Runs `job` on the widget from a listener.
fn on_job(target: &EventTarget, kind: &'static str, link: &Weak<Shared>, job: fn(&Shared)) -> EventListener {
    let link = link.clone();
    EventListener::new_with_options(target, kind, PASSIVE_CAPTURE, move |_| {
        let link = link.clone();
        defer(move || {
            if let Some(shared) = link.upgrade() {
                job(&shared);
            }
        });
    })
}

/// Every page listener of a widget, and the history wrapper.
pub fn page(shared: &Rc<Shared>) -> (Vec<EventListener>, Option<HistoryPatch>) {
    let Some(window) = web_sys::window() else { return (Vec::new(), None) };
    let Some(doc) = window.document() else { return (Vec::new(), None) };
    let link = Rc::downgrade(shared);
    let w: &EventTarget = window.as_ref();
    let d: &EventTarget = doc.as_ref();
    let mouse = |e: &Event| e.dyn_ref::<web_sys::MouseEvent>().cloned();
    let mut out = vec![
        on(d, "mousemove", &link, move |e| Some(Signal::PointerMove { y: f64::from(mouse(e)?.client_y()) })),
        on(d, "mouseout", &link, move |e| {
            let m = mouse(e)?;
            let tag = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).map(|t| t.tag_name());
            Some(Signal::PointerOut {
                y: f64::from(m.client_y()),
                related_target: m.related_target().is_some(),
                from_form_control: matches!(tag.as_deref(), Some("SELECT" | "OPTION" | "DATALIST")),
            })
        }),
        on(d, "mouseover", &link, move |e| {
            mouse(e)?.related_target().is_none().then_some(Signal::PointerOver)
        }),
        on(d, "keydown", &link, |e| {
            let k = e.dyn_ref::<web_sys::KeyboardEvent>()?;
            Some(Signal::Key { key: k.key(), ctrl: k.ctrl_key(), meta: k.meta_key() })
        }),
        on(w, "scroll", &link, |_| {
            let window = web_sys::window()?;
            let height = window.document()?.document_element()?.scroll_height();
            Some(Signal::Scroll {
                y: window.scroll_y().ok()?,
                viewport_height: window.inner_height().ok()?.as_f64()?,
                document_height: f64::from(height),
            })
        }),
        on_job(d, "visibilitychange", &link, |shared| {
            let hidden = web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden());
            if hidden {
                shared.flush();
            }
            shared.feed(Signal::Visibility { visible: !hidden });
        }),
        on_job(w, "pagehide", &link, Shared::flush),
        on_job(w, "popstate", &link, Shared::navigated),
        on_job(w, "hashchange", &link, Shared::navigated),
    ];
    for kind in ["pointerdown", "touchstart", "input", "wheel"] {
        out.push(on(d, kind, &link, |_| Some(Signal::Activity)));
    }
    let key = shared.store.key().to_owned();
    out.push(on(w, "storage", &link, move |e| {
        let e = e.dyn_ref::<web_sys::StorageEvent>()?;
        (e.key().as_deref() == Some(key.as_str())).then(|| e.new_value().map(Signal::StorageChanged))?
    }));
    (out, HistoryPatch::install(&link))
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

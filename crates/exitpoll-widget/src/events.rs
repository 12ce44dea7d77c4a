//! Events for page code (the JS API (the npm package's README)): `on()` subscribers, a
//! `CustomEvent` named `exitpoll:<event>` on `window`, and a `dataLayer`
//! push where the page has one.
//!
//! Events are queued and dispatched in a microtask, never inside a call into
//! the widget: page code that calls back into the widget from a listener
//! then finds it idle. A listener that throws, a `dataLayer.push` that
//! throws, or a page that broke `CustomEvent` costs that one delivery and a
//! console line; nothing reaches page code.
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use exitpoll_protocol::cat;
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The events of the JS API (the npm package's README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    Ready,
    Shown,
    Answered,
    Completed,
    Dismissed,
    Error,
}

impl Name {
    pub const ALL: [Name; 6] =
        [Name::Ready, Name::Shown, Name::Answered, Name::Completed, Name::Dismissed, Name::Error];
    pub const NAMES: [&'static str; 6] = ["ready", "shown", "answered", "completed", "dismissed", "error"];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(s: &str) -> Option<Name> {
        Self::NAMES.iter().position(|n| *n == s).map(|i| Self::ALL[i])
    }
}

/// The `detail` of an `error` event.
#[derive(Debug, Serialize)]
pub struct ErrorDetail<'a> {
    pub message: &'a str,
    /// The JSON path of a site config problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<&'a str>,
    /// The widget is disabled (an internal error).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fatal: bool,
}

/// Any value as a plain JavaScript value: objects, not `Map`s.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::UNDEFINED)
}

/// Subscribers and the queue of events to dispatch.
#[derive(Default)]
pub struct Hub {
    subscribers: RefCell<Vec<(u32, Name, js_sys::Function)>>,
    queue: RefCell<Vec<(Name, JsValue)>>,
    /// Events wait until the page-facing handle is set up ([`Hub::release`]),
    /// so `ready` comes first and queued `on()` calls hear it.
    held: Cell<bool>,
    scheduled: Cell<bool>,
    next_id: Cell<u32>,
    /// Each kind of page breakage is reported once.
    warned: Cell<u8>,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub").field("queued", &self.queue.borrow().len()).finish_non_exhaustive()
    }
}

const WARNED_CUSTOM_EVENT: u8 = 1;
const WARNED_DATA_LAYER: u8 = 2;

impl Hub {
    /// A hub that holds events until [`Hub::release`].
    pub fn held() -> Rc<Hub> {
        let hub = Rc::new(Hub::default());
        hub.held.set(true);
        hub
    }

    /// Queues an event; it is dispatched in a microtask.
    pub fn emit(self: &Rc<Hub>, name: Name, detail: JsValue) {
        match self.queue.try_borrow_mut() {
            Ok(mut q) => q.push((name, detail)),
            // Only a fault while queueing leaves the queue borrowed; dispatch at once.
            Err(_) => return self.dispatch(name, &detail),
        }
        self.schedule();
    }

    /// Lets held events go, in order.
    pub fn release(self: &Rc<Hub>) {
        self.held.set(false);
        self.schedule();
    }

    fn schedule(self: &Rc<Hub>) {
        if self.held.get() || self.scheduled.replace(true) {
            return;
        }
        // A strong handle: events of a widget that failed to start (and is
        // gone) still reach the page.
        let hub = self.clone();
        crate::deferred::defer(move || hub.flush());
    }

    /// Dispatches every queued event now.
    pub fn flush(&self) {
        self.scheduled.set(false);
        let queued = std::mem::take(&mut *self.queue.borrow_mut());
        for (name, detail) in queued {
            self.dispatch(name, &detail);
        }
    }

    fn dispatch(&self, name: Name, detail: &JsValue) {
        let subscribers: Vec<js_sys::Function> = match self.subscribers.try_borrow() {
            Ok(list) => list.iter().filter(|(_, n, _)| *n == name).map(|(_, _, f)| f.clone()).collect(),
            Err(_) => Vec::new(),
        };
        for f in subscribers {
            if let Err(e) = f.call1(&JsValue::UNDEFINED, detail) {
                // The page's own bug, in its own listener: said each time, as the browser would.
                web_sys::console::error_2(
                    &JsValue::from_str(&cat!["exitpoll: an ", name.as_str(), " listener threw:"]),
                    &e,
                );
            }
        }
        let Some(window) = web_sys::window() else { return };
        let event = {
            let init = web_sys::CustomEventInit::new();
            init.set_detail(detail);
            web_sys::CustomEvent::new_with_event_init_dict(&cat!["exitpoll:", name.as_str()], &init)
        };
        match event {
            Ok(event) => {
                let _ = window.dispatch_event(&event);
            }
            Err(e) => {
                self.warn_once(WARNED_CUSTOM_EVENT, "exitpoll: the page's CustomEvent does not work:", &e)
            }
        }
        if let Err(e) = push_to_data_layer(&window, name, detail) {
            self.warn_once(WARNED_DATA_LAYER, "exitpoll: the page's dataLayer.push threw:", &e);
        }
    }

    fn warn_once(&self, kind: u8, what: &str, e: &JsValue) {
        if self.warned.get() & kind == 0 {
            self.warned.set(self.warned.get() | kind);
            web_sys::console::warn_2(&JsValue::from_str(what), e);
        }
    }

    /// `on(event, fn)`: subscribes, and returns the function that unsubscribes.
    pub fn subscribe(self: &Rc<Hub>, name: Name, f: js_sys::Function) -> js_sys::Function {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        self.subscribers.borrow_mut().push((id, name, f));
        let hub: Weak<Hub> = Rc::downgrade(self);
        // `once_into_js` frees the closure when it is called; one the page
        // never calls stays until the page goes away (a few bytes each).
        Closure::once_into_js(move || {
            if let Some(hub) = hub.upgrade() {
                hub.subscribers.borrow_mut().retain(|(i, _, _)| *i != id);
            }
        })
        .unchecked_into()
    }

    /// Dispatches an event at once, not in a microtask: for the fault report,
    /// when no more jobs run.
    pub fn emit_now(&self, name: Name, detail: JsValue) {
        self.dispatch(name, &detail);
    }

    /// Forgets the queued events.
    pub fn clear_queue(&self) {
        if let Ok(mut q) = self.queue.try_borrow_mut() {
            q.clear();
        }
    }

    /// Forgets every subscriber and queued event (`destroy()`).
    pub fn clear(&self) {
        if let Ok(mut s) = self.subscribers.try_borrow_mut() {
            s.clear();
        }
        if let Ok(mut q) = self.queue.try_borrow_mut() {
            q.clear();
        }
    }
}

/// `dataLayer.push({ event: "exitpoll.<name>", ...detail })`, where the page
/// has a `dataLayer` with a `push` function.
fn push_to_data_layer(window: &web_sys::Window, name: Name, detail: &JsValue) -> Result<(), JsValue> {
    let layer = js_sys::Reflect::get(window, &JsValue::from_str("dataLayer"))?;
    if !layer.is_object() {
        return Ok(());
    }
    let push = js_sys::Reflect::get(&layer, &JsValue::from_str("push"))?;
    let Some(push) = push.dyn_ref::<js_sys::Function>() else { return Ok(()) };
    let entry = js_sys::Object::new();
    js_sys::Reflect::set(
        &entry,
        &JsValue::from_str("event"),
        &JsValue::from_str(&cat!["exitpoll.", name.as_str()]),
    )?;
    if let Some(d) = detail.dyn_ref::<js_sys::Object>() {
        js_sys::Object::assign(&entry, d);
    }
    push.call1(&layer, &entry)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The package's TypeScript `EventMap` names exactly the events the widget emits.
    #[test]
    fn the_typescript_events_are_the_emitted_ones() {
        assert_eq!(crate::options::tests::typescript_members("EventMap"), Name::NAMES);
    }
}

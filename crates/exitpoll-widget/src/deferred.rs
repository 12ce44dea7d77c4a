//! Work that browser callbacks hand over instead of doing themselves.
//!
//! The module is built with `panic = "abort"`: a panic ends in a trap, a
//! `WebAssembly.RuntimeError` thrown to whoever called into the module. When
//! that caller is the browser (a listener, a timer, a settled promise), the
//! error would be uncaught and reach the page's `onerror`, which a listener
//! of ours cannot stop (on `window`, listeners run in registration order,
//! and the page registers first). So every callback the widget gives the
//! browser only queues a job here, and the jobs run in [`run`], which the
//! loader's guard calls inside a `try`/`catch` from a microtask
//! (`js/handle.js`). The callbacks themselves do nothing that can panic but
//! what they must do at once (`preventDefault`, reading what was typed).
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

type Job = Box<dyn FnOnce()>;

thread_local! {
    static JOBS: RefCell<VecDeque<Job>> = const { RefCell::new(VecDeque::new()) };
    static SCHEDULED: Cell<bool> = const { Cell::new(false) };
    /// The loader's guard: a function that calls [`run`] inside a `try`.
    static GUARD: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Queues `job` to run in a microtask, after the current callback returns.
pub fn defer(job: impl FnOnce() + 'static) {
    if crate::fatal::is_dead() {
        return;
    }
    let queued = JOBS.with(|jobs| jobs.try_borrow_mut().map(|mut j| j.push_back(Box::new(job))).is_ok());
    if queued && !SCHEDULED.with(|s| s.replace(true)) {
        schedule();
    }
}

fn schedule() {
    let guard = GUARD.with(|g| g.borrow().clone());
    match (guard, web_sys::window()) {
        (Some(guard), Some(window)) => window.queue_microtask(&guard),
        // Without a loader (the wasm-bindgen tests drive the module directly)
        // the jobs run from wasm-bindgen's own microtask queue.
        _ => wasm_bindgen_futures::spawn_local(async { run() }),
    }
}

/// Runs every queued job, including those the jobs queue. The loader's
/// guard calls it; nothing else should.
#[wasm_bindgen(js_name = runDeferred)]
pub fn run() {
    SCHEDULED.with(|s| s.set(false));
    loop {
        let job = JOBS.with(|jobs| jobs.borrow_mut().pop_front());
        match job {
            Some(job) if !crate::fatal::is_dead() => job(),
            Some(_) => continue,
            None => break,
        }
    }
}

/// Sets the loader's guard (`js/handle.js`), which calls [`run`] inside a `try`.
#[wasm_bindgen(js_name = setGuard)]
pub fn set_guard(guard: js_sys::Function) {
    GUARD.with(|g| *g.borrow_mut() = Some(guard));
}

/// Forgets every queued job (after a fault).
pub fn clear() {
    JOBS.with(|jobs| {
        if let Ok(mut j) = jobs.try_borrow_mut() {
            j.clear();
        }
    });
}

/// Resolves in a task of its own (`setTimeout(0)`): work split at these
/// points never holds the main thread in one long task.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Runs `job` (through [`defer`]) once the browser has painted the next
/// frame: what follows a change on screen (sending the `shown` snapshot)
/// waits until the shopper sees the change. A hidden page paints no frames,
/// so there the job runs at once.
pub fn after_paint(job: impl FnOnce() + 'static) {
    let window = web_sys::window();
    let visible = window.as_ref().and_then(|w| w.document()).is_some_and(|d| !d.hidden());
    let Some(window) = window.filter(|_| visible) else { return defer(job) };
    // `once_into_js` frees each closure when it runs; the browser runs both.
    let then = Closure::once_into_js(move || {
        // A task after the frame's callbacks: after the paint.
        let run = Closure::once_into_js(move || defer(job));
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(run.unchecked_ref());
        }
    });
    let _ = window.request_animation_frame(then.unchecked_ref());
}

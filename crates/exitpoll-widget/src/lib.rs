//! The exitpoll widget: the thin WebAssembly glue between the browser and
//! the decision engine.
//!
//! The JavaScript host (`js/widget.js`) reads the page, owns listeners,
//! timers, storage, requests and the dialog (`js/render.js`), and forwards
//! plain values here. This module feeds them, with the current time, to
//! [`exitpoll_engine::Engine`] and turns the engine's effects into host
//! calls. It decides nothing itself, and imports no browser API: keeping
//! web-sys out is what keeps the module inside its size budget.
//!
//! Layout:
//! - [`Widget`]: the one exported handle; the host calls it from inside a guard;
//! - `host`: the JavaScript functions the widget calls;
//! - `facts`: page facts (JSON from the host) as engine inputs;
//! - `view`: what the renderer draws, as JSON;
//! - `strings`: built-in UI strings and the config's overrides.

#![no_std]
// Without `standalone` (tests, tools) the standard library provides the panic handler.
#[cfg(not(feature = "standalone"))]
extern crate std;

use exitpoll_protocol::cat;
use exitpoll_protocol::prelude;
use prelude::*;

mod facts;
mod host;
// The lite build draws nothing but the closing of a survey (`view::CLOSE`).
#[cfg_attr(feature = "lite", allow(dead_code))]
mod strings;
#[cfg_attr(feature = "lite", allow(dead_code))]
mod view;

/// lol_alloc's free list instead of the standard library's dlmalloc (or
/// talc, used before): the smallest code of the three (-0.5 KB gzip against
/// talc), and enough for the widget, whose allocations are few, small and
/// short-lived (first fit over a list kept sorted and coalesced; the
/// main-thread benchmark measures the cost). The lock is a flag: the module
/// runs on one thread.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

#[cfg(not(feature = "lite"))]
use exitpoll_engine::outbox::SendOutcome;
use exitpoll_engine::{Effect, Engine, Handover, Millis, Setup, Signal};
#[cfg(not(feature = "lean"))]
use exitpoll_protocol::Problems;
use exitpoll_protocol::SiteConfig;
use exitpoll_protocol::config::Stage;
use exitpoll_protocol::json::{self, Map, ObjectWriter, Value};
#[cfg(not(feature = "lite"))]
use exitpoll_protocol::response::Answer;
pub use host::Host;
use wasm_bindgen::prelude::*;

fn detail(message: &str) -> String {
    let mut out = String::new();
    ObjectWriter::new(&mut out).str("message", message).finish();
    out
}

/// The published module's panic handler (the `standalone` feature, which
/// `build-pkg` always sets; test builds keep the standard library's).
///
/// The crate is `no_std`, so the standard library's panic machinery (hooks,
/// thread names, stderr printing) is not in the module. A panic throws its
/// message as a plain string; the host's guard takes anything that is not an
/// `Error` as fatal, reports it once (console and `error` event), and
/// disables and removes the widget. Nothing reaches page code.
#[cfg(all(target_arch = "wasm32", feature = "standalone"))]
#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    use core::sync::atomic::{AtomicBool, Ordering};
    static PANICKING: AtomicBool = AtomicBool::new(false);
    if PANICKING.swap(true, Ordering::Relaxed) {
        // A panic while reporting a panic: stop at once.
        core::arch::wasm32::unreachable()
    }
    // Without `core::fmt`: the location, and the message when it is a plain
    // string (a panic with formatted arguments gives its location only).
    let mut message = match info.location() {
        Some(at) => cat!["panicked at ", at.file(), ":", at.line(), ":", at.column()],
        None => String::from("panicked"),
    };
    if let Some(text) = info.message().as_str() {
        message.push_str(": ");
        message.push_str(text);
    }
    wasm_bindgen::throw_val(JsValue::from_str(&message))
}

fn now() -> Millis {
    host::now() as Millis
}

/// The kinds of [`Widget::signal`], the same numbers as the host's `SIGNAL_*`.
mod signal_kind {
    /// A timer the widget asked for (`host.schedule`) fired.
    pub const TICK: u8 = 0;
    /// `a`: the pointer's y.
    pub const POINTER_MOVE: u8 = 1;
    /// The pointer left the document. `a`: its y; `b`: whether it went to
    /// another element; `c`: whether it left a form control.
    pub const POINTER_OUT: u8 = 2;
    /// The pointer came back over the document.
    pub const POINTER_OVER: u8 = 3;
    /// `a`: scrollY; `b`: the viewport's height; `c`: the document's height.
    pub const SCROLL: u8 = 4;
    /// `a`: whether the page is visible.
    pub const VISIBILITY: u8 = 5;
    /// Input of any kind (for idle detection).
    pub const ACTIVITY: u8 = 6;
    /// The page is being hidden or unloaded ([`Widget::flush`]; the lite
    /// build, which sends nothing, ignores it).
    #[cfg_attr(feature = "lite", allow(dead_code))]
    pub const FLUSH: u8 = 7;
    /// Escape or the close button ([`Widget::dismiss`]).
    pub const DISMISS: u8 = 8;
    /// `hide()`.
    pub const HIDE: u8 = 9;
    /// `consent(a)`.
    pub const CONSENT: u8 = 10;
    /// `destroy()` ([`Widget::destroy`]).
    pub const DESTROY: u8 = 11;
    /// The renderer loaded (`a`: 1) or could not be loaded (`a`: 0)
    /// ([`Widget::renderer_loaded`]).
    pub const RENDERER_LOADED: u8 = 12;
    /// The answer to `host.send` ([`Widget::sent`]). `a`: the batch; `b`:
    /// the HTTP status; `c`: the `Retry-After` seconds. Never to the lite
    /// build, which sends nothing.
    #[cfg_attr(feature = "lite", allow(dead_code))]
    pub const SENT: u8 = 13;
}

/// The kinds of [`Widget::text`], the same numbers as the host's `TEXT_*`.
mod text_kind {
    /// A key went down: `KeyboardEvent.key`; `flags`: 1 with Ctrl, 2 with Meta.
    pub const KEY: u8 = 0;
    /// Single-page navigation: the page facts read again ([`Widget::navigated`]).
    pub const NAVIGATED: u8 = 1;
    /// Another tab stored this state.
    pub const STORAGE_CHANGED: u8 = 2;
    /// `show(id)`.
    pub const SHOW: u8 = 3;
    /// `setContext(obj)`, as JSON.
    pub const SET_CONTEXT: u8 = 4;
    /// `setStage(stage)`; no text returns to detection.
    pub const SET_STAGE: u8 = 5;
    /// The shopper submitted the current question ([`Widget::submit`]).
    pub const SUBMIT: u8 = 6;
}

/// The kinds of [`Widget::query`], the same numbers as the host's `QUERY_*`.
mod query_kind {
    /// `explain()`, as JSON.
    pub const EXPLAIN: u8 = 0;
    /// The lite build's handover ([`Widget::handover`]); nothing from the
    /// other builds.
    #[cfg_attr(not(feature = "lite"), allow(dead_code))]
    pub const HANDOVER: u8 = 1;
}

/// The running widget.
#[wasm_bindgen]
pub struct Widget {
    engine: Engine,
    host: Host,
    scheduled: Option<Millis>,
    storage_failed: bool,
    debug: bool,
}

impl core::fmt::Debug for Widget {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Widget").field("debug", &self.debug).finish_non_exhaustive()
    }
}

/// Options of `init()`, as the host passes them (JSON).
struct Options {
    stage: Option<Stage>,
    context: Map,
    consent: Option<bool>,
    debug: bool,
}

fn read_options(text: &str) -> Result<Options, String> {
    let v = json::parse(text).map_err(|e| cat!["options: ", e])?;
    let stage = match v.get("stage") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => {
            Some(Stage::parse(s).ok_or_else(|| cat!["options.stage: unknown stage \"", s, "\""])?)
        }
        Some(_) => return Err("options.stage: expected a string".into()),
    };
    let context = match v.get("context") {
        None | Some(Value::Null) => Map::default(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err("options.context: expected an object".into()),
    };
    let consent = match v.get("consent") {
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) if s == "granted" => Some(true),
        Some(Value::String(s)) if s == "pending" => Some(false),
        _ => None,
    };
    Ok(Options { stage, context, consent, debug: v.get("debug").and_then(Value::as_bool).unwrap_or(false) })
}

/// Reads a site config and throws the result away. The host calls it in a
/// task of its own before [`Widget::start`]: the browser compiles WebAssembly
/// functions on their first call, and the config's decoder (or reader, in the
/// lean build) is a large part, so this keeps its compilation out of the task
/// that starts the widget. The lite build's reader of the rules is small
/// enough to compile with the start, and the export would cost more.
#[cfg(not(feature = "lite"))]
#[wasm_bindgen]
pub fn prepare(config: &str) {
    let _ = read_config(config, None);
}

#[wasm_bindgen]
impl Widget {
    /// Starts the widget. `options` is JSON (`stage`, `context`, `consent`,
    /// `debug`), `config` the site config's JSON text, `facts` what the host
    /// read off the page, `stored` what the last page view stored. With
    /// `handover` (what [`Widget::handover`] of the lite build returned) it
    /// goes on with that page view and opens the survey the lite build chose.
    // Plain values across the wasm boundary, each decoded here; bundling them
    // into one JS object would need js-sys to read it.
    #[allow(clippy::too_many_arguments)]
    #[cfg(not(feature = "lite"))]
    pub fn start(
        options: &str,
        config: &str,
        facts: &str,
        stored: Option<String>,
        host: Host,
        seed_hi: u32,
        seed_lo: u32,
        handover: Option<String>,
    ) -> Result<Widget, JsError> {
        let resume = match handover {
            Some(text) => Some(
                Handover::parse(&text)
                    .ok_or_else(|| JsError::new("the handover is not from a lite build of this version"))?,
            ),
            None => None,
        };
        Widget::begin(options, config, facts, stored, host, seed_hi, seed_lo, resume)
    }

    /// Starts the lite build, which hands a survey over but never takes one.
    #[cfg(feature = "lite")]
    pub fn start(
        options: &str,
        config: &str,
        facts: &str,
        stored: Option<String>,
        host: Host,
        seed_hi: u32,
        seed_lo: u32,
    ) -> Result<Widget, JsError> {
        Widget::begin(options, config, facts, stored, host, seed_hi, seed_lo, None)
    }

    /// A page signal without text; `kind` is one of the host's `SIGNAL_*`
    /// (`js/widget.js`), numbered as [`signal_kind`].
    // One export for them all rather than one each: every export costs the
    // module a shim and the glue a method (and doc comments go into the glue).
    // `a`, `b` and `c` are the signal's values, booleans as 0 or 1. Any other
    // kind is ignored.
    pub fn signal(&mut self, kind: u8, a: f64, b: f64, c: f64) {
        use signal_kind::*;
        let signal = match kind {
            TICK => {
                self.scheduled = None;
                Signal::Tick
            }
            POINTER_MOVE => Signal::PointerMove { y: a },
            POINTER_OUT => Signal::PointerOut { y: a, related_target: b != 0.0, from_form_control: c != 0.0 },
            POINTER_OVER => Signal::PointerOver,
            SCROLL => Signal::Scroll { y: a, viewport_height: b, document_height: c },
            VISIBILITY => Signal::Visibility { visible: a != 0.0 },
            ACTIVITY => Signal::Activity,
            #[cfg(not(feature = "lite"))]
            FLUSH => return self.flush(),
            DISMISS => Signal::Dismiss,
            HIDE => Signal::Hide,
            CONSENT => Signal::Consent(a != 0.0),
            DESTROY => return self.destroy(),
            RENDERER_LOADED => return self.renderer_loaded(a != 0.0),
            #[cfg(not(feature = "lite"))]
            SENT => return self.sent(a as u32, b as u16, c),
            _ => return,
        };
        self.feed(signal);
    }

    /// A call with text; `kind` is one of the host's `TEXT_*`
    /// (`js/widget.js`), numbered as [`text_kind`]. One export, as for
    /// [`Widget::signal`]. Errors name the API call.
    pub fn text(&mut self, kind: u8, text: Option<String>, flags: u8) -> Result<(), JsError> {
        use text_kind::*;
        match (kind, text) {
            (KEY, Some(key)) => self.key(&key, flags & 1 != 0, flags & 2 != 0),
            (NAVIGATED, Some(facts)) => self.navigated(&facts),
            (STORAGE_CHANGED, Some(state)) => self.storage_changed(&state),
            (SHOW, Some(id)) => self.show(&id),
            (SET_CONTEXT, Some(json)) => return self.set_context(&json),
            (SET_STAGE, stage) => return self.set_stage(stage),
            (SUBMIT, answer) => return self.submit(answer),
            _ => {}
        }
        Ok(())
    }

    /// Text the host asks for; `kind` is one of the host's `QUERY_*`
    /// (`js/widget.js`), numbered as [`query_kind`]. One export, as for
    /// [`Widget::signal`].
    pub fn query(&self, kind: u8) -> Option<String> {
        match kind {
            query_kind::EXPLAIN => Some(self.explain()),
            #[cfg(feature = "lite")]
            query_kind::HANDOVER => self.handover(),
            _ => None,
        }
    }
}

/// What the host reaches through [`Widget::signal`], [`Widget::text`] and
/// [`Widget::query`] (and Rust callers, such as the tests, directly).
impl Widget {
    /// `explain()`, as JSON.
    pub fn explain(&self) -> String {
        self.engine.explain_json(now())
    }

    /// The lite build cannot draw a survey. When it opens one it asks the
    /// host for the renderer (`host.loadRenderer`); the host then loads the
    /// lean build and starts it with this (JSON), and the lean build opens
    /// the survey. `None` when no survey is opening. The state it carries
    /// has the outbox that is stored now, which the lean build goes on sending.
    #[cfg(feature = "lite")]
    pub fn handover(&self) -> Option<String> {
        self.engine.handover(self.storage_failed).map(|mut h| {
            h.state = exitpoll_engine::state::with_stored_outbox(&h.state, self.host.load().as_deref());
            h.to_json()
        })
    }

    pub fn key(&mut self, key: &str, ctrl: bool, meta: bool) {
        self.feed(Signal::Key { key: key.to_owned(), ctrl, meta });
    }

    /// Single-page navigation happened; `facts` is the page read again.
    pub fn navigated(&mut self, facts: &str) {
        if let Ok(f) = facts::parse(facts) {
            self.feed(Signal::Navigated(f.page));
        }
    }

    /// Another tab changed the stored state.
    pub fn storage_changed(&mut self, text: &str) {
        self.feed(Signal::StorageChanged(text.to_owned()));
    }

    /// The answer to a request started with `host.send`: an HTTP status (0 for
    /// a network error) and the `Retry-After` seconds (negative when absent).
    #[cfg(not(feature = "lite"))]
    pub fn sent(&mut self, batch: u32, status: u16, retry_after_s: f64) {
        let outcome = match status {
            200..=299 => SendOutcome::Acked,
            0 | 408 | 429 | 500..=599 => SendOutcome::Retry {
                retry_after_ms: (retry_after_s >= 0.0).then_some((retry_after_s * 1000.0) as Millis),
            },
            _ => SendOutcome::Rejected,
        };
        self.feed(Signal::SendResult { batch, outcome });
    }

    /// The page is being hidden or unloaded: every pending snapshot goes to
    /// `navigator.sendBeacon`.
    #[cfg(not(feature = "lite"))]
    pub fn flush(&mut self) {
        for body in self.engine.beacon_bodies() {
            if !self.host.beacon(&body) {
                self.log("sendBeacon refused a request; it goes on the next page view");
            }
        }
    }

    /// The lite build draws no survey, so nothing is ever submitted to it.
    #[cfg(feature = "lite")]
    pub fn submit(&mut self, _answer_json: Option<String>) -> Result<(), JsError> {
        Err(JsError::new("the lite build draws no survey"))
    }

    /// The shopper submitted the current question: the answer as JSON, or
    /// `None` when nothing was given.
    #[cfg(not(feature = "lite"))]
    pub fn submit(&mut self, answer_json: Option<String>) -> Result<(), JsError> {
        let answer = match answer_json {
            None => None,
            Some(text) => {
                let v = json::parse(&text).map_err(|e| JsError::new(&cat![e]))?;
                Some(Answer::from_value(&v).map_err(|e| JsError::new(&e))?)
            }
        };
        self.feed(Signal::Submit(answer));
        Ok(())
    }

    /// The renderer that `host.loadRenderer` fetched is ready (`true`), or
    /// could not be loaded (`false`: the survey is not shown; the host has
    /// reported why).
    pub fn renderer_loaded(&mut self, ok: bool) {
        // The lite build is told only of a failure: on success the lean
        // build takes over (see `handover`).
        if ok && !cfg!(feature = "lite") {
            let locale = self.engine.locale().to_owned();
            self.open(&locale);
        } else {
            self.engine.handle(now(), Signal::OpenFailed);
        }
        self.pump();
    }

    /// Escape or the close button.
    pub fn dismiss(&mut self) {
        self.feed(Signal::Dismiss);
    }

    /// `setContext(obj)`, as JSON.
    pub fn set_context(&mut self, context_json: &str) -> Result<(), JsError> {
        let v = json::parse(context_json).map_err(|e| JsError::new(&cat!["setContext: ", e]))?;
        self.feed(Signal::SetContext(v));
        Ok(())
    }

    /// `setStage(stage)`; `null` returns to detection.
    pub fn set_stage(&mut self, stage: Option<String>) -> Result<(), JsError> {
        let parsed = match stage.as_deref() {
            None => None,
            Some(s) => Some(
                Stage::parse(s).ok_or_else(|| JsError::new(&cat!["setStage: unknown stage \"", s, "\""]))?,
            ),
        };
        self.feed(Signal::SetStage(parsed));
        Ok(())
    }

    pub fn show(&mut self, survey_id: &str) {
        #[cfg(feature = "panic-probe")]
        if survey_id == "__exitpoll_panic_probe__" {
            panic!("panic probe: __exitpoll_panic_probe__");
        }
        self.feed(Signal::Show(survey_id.to_owned()));
    }

    /// Stops the timer; the host removes its listeners and DOM.
    pub fn destroy(&mut self) {
        self.host.schedule(-1.0);
        self.scheduled = None;
    }
}

impl Widget {
    /// Both `start`s: the lite build's has no handover to resume.
    #[allow(clippy::too_many_arguments)]
    fn begin(
        options: &str,
        config: &str,
        facts: &str,
        stored: Option<String>,
        host: Host,
        seed_hi: u32,
        seed_lo: u32,
        resume: Option<Handover>,
    ) -> Result<Widget, JsError> {
        let options = read_options(options).map_err(|e| JsError::new(&e))?;
        let storage_failed = resume.as_ref().is_some_and(|h| h.storage_failed);
        let config = read_config(config, Some(&host)).ok_or_else(|| JsError::new(CONFIG_UNUSABLE))?;
        let facts = facts::parse(facts).map_err(|e| JsError::new(&cat!["page facts: ", e]))?;
        let setup = Setup {
            config,
            page: facts.page,
            stage: options.stage,
            device: facts.device,
            locale: facts.locale,
            context: options.context,
            consent: options.consent,
            gpc: facts.gpc,
            dnt: facts.dnt,
            stored_state: stored,
            seed: (u64::from(seed_hi) << 32) | u64::from(seed_lo),
            debug: options.debug,
            resume,
        };
        let engine = Engine::new(setup, now());
        let mut widget = Widget { engine, host, scheduled: None, storage_failed, debug: options.debug };
        widget.pump();
        Ok(widget)
    }

    fn feed(&mut self, signal: Signal) {
        self.engine.handle(now(), signal);
        self.pump();
    }

    /// The debug log; the lite build has none (the host starts the lean
    /// build when `debug` is on).
    fn log(&self, message: &str) {
        if self.debug && !cfg!(feature = "lite") {
            self.host.console("log", &cat!["exitpoll: ", message]);
        }
    }

    fn report(&self, message: &str) {
        self.host.console("error", &cat!["exitpoll: ", message]);
        self.host.emit("error", &detail(message));
    }

    /// Carries out every effect the engine queued, then sets the timer.
    fn pump(&mut self) {
        while let Some(effect) = self.engine.poll_effect() {
            self.apply(effect);
        }
        let next = self.engine.poll_timeout();
        if next != self.scheduled {
            self.scheduled = next;
            self.host.schedule(next.map_or(-1.0, |t| (t - now()).max(0) as f64));
        }
    }

    fn apply(&mut self, effect: Effect) {
        let locale = self.engine.locale().to_owned();
        match effect {
            Effect::Open { .. } => self.open(&locale),
            #[cfg(feature = "lite")]
            Effect::Question { .. } | Effect::Invalid(_) | Effect::Thanks => {}
            #[cfg(not(feature = "lite"))]
            Effect::Question { .. } => self.render_question(),
            #[cfg(not(feature = "lite"))]
            Effect::Invalid(invalid) => {
                self.host.render(&view::invalid(self.engine.config(), &locale, &invalid))
            }
            #[cfg(not(feature = "lite"))]
            Effect::Thanks => {
                if let Some((survey, _)) = self.engine.open_survey() {
                    self.host.render(&view::thanks(self.engine.config(), survey, &locale));
                }
            }
            Effect::Close => self.host.render(view::CLOSE),
            Effect::Persist(state) => {
                // The lite build queues and sends nothing: what other page
                // views queued stays as it is stored now.
                #[cfg(feature = "lite")]
                let state = exitpoll_engine::state::with_stored_outbox(&state, self.host.load().as_deref());
                let ok = self.host.save(&state);
                if !ok && !self.storage_failed {
                    self.storage_failed = true;
                    self.report(
                        "localStorage is unavailable or full; answers are kept in memory for this page",
                    );
                }
            }
            Effect::ClearStorage => self.host.clear(),
            #[cfg(not(feature = "lite"))]
            Effect::Send(batch) => self.host.send(batch.id, &batch.body),
            Effect::Event(e) => self.host.emit(e.kind.as_str(), &e.detail_json()),
            Effect::Log(message) => self.log(&message),
            Effect::Error(message) => self.report(&message),
        }
    }

    /// The lite build cannot draw the survey the engine is opening: it asks
    /// for the renderer all the same, and the host brings the lean build
    /// with it, which takes the survey over (see [`Widget::handover`]).
    #[cfg(feature = "lite")]
    fn open(&mut self, _: &str) {
        if self.engine.opening_survey().is_some() {
            self.host.load_renderer();
        }
    }

    /// Draws the survey the engine is opening. The renderer is loaded on the
    /// first survey of a page view (`host.loadRenderer`, which answers with
    /// [`Widget::renderer_loaded`]), so pages where no survey shows never
    /// download it.
    #[cfg(not(feature = "lite"))]
    fn open(&mut self, locale: &str) {
        if self.engine.opening_survey().is_none() {
            return;
        }
        if !self.host.renderer_ready() {
            self.host.load_renderer();
            return;
        }
        if self.host.modal_open() {
            self.engine.handle(now(), Signal::OpenBlocked);
            return;
        }
        let Some(view) =
            self.engine.opening_survey().map(|(s, _)| view::open(self.engine.config(), s, locale))
        else {
            return;
        };
        self.host.render(&view);
        self.engine.handle(now(), Signal::Opened);
        self.render_question();
    }

    #[cfg(not(feature = "lite"))]
    fn render_question(&self) {
        if let Some((survey, flow)) = self.engine.open_survey()
            && let Some(view) = view::question(self.engine.config(), survey, flow, self.engine.locale())
        {
            self.host.render(&view);
        }
    }
}

/// The full build checks the site config and reports every problem to
/// `host` (when given), including those of the surveys it dropped.
#[cfg(not(feature = "lean"))]
fn read_config(text: &str, host: Option<&Host>) -> Option<SiteConfig> {
    let decoded = SiteConfig::decode(text);
    if let Some(host) = host {
        report_config_problems(host, &decoded.problems);
    }
    decoded.config
}

#[cfg(not(feature = "lean"))]
const CONFIG_UNUSABLE: &str = "the site config is unusable; see the errors above";

/// The lean build (the `lean` feature) reads only a config that a collector
/// checked (`config/read.rs` in the protocol crate): it holds no decoder and
/// no problem messages. The host starts it only for such a config.
#[cfg(all(feature = "lean", not(feature = "lite")))]
fn read_config(text: &str, _: Option<&Host>) -> Option<SiteConfig> {
    SiteConfig::read_checked(text)
}

/// The lite build (the `lite` feature, which implies `lean`) decides when to
/// open a survey and hands over to the lean build to draw it, so it reads
/// only the rules: no questions, texts or theme.
#[cfg(feature = "lite")]
fn read_config(text: &str, _: Option<&Host>) -> Option<SiteConfig> {
    SiteConfig::read_checked_rules(text)
}

#[cfg(feature = "lean")]
const CONFIG_UNUSABLE: &str = "the site config does not read as the checked config a collector serves";

#[cfg(not(feature = "lean"))]
fn report_config_problems(host: &Host, problems: &Problems) {
    for p in problems.iter() {
        let message = cat!["site config: ", p];
        let level = if p.severity == exitpoll_protocol::Severity::Error { "error" } else { "warn" };
        host.console(level, &cat!["exitpoll: ", message]);
        let mut d = String::new();
        ObjectWriter::new(&mut d).str("message", &message).str("path", &p.path).finish();
        host.emit("error", &d);
    }
}

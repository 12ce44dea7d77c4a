//! The exitpoll widget: the browser side of exitpoll, in Rust.
//!
//! It reads the page (web-sys, js-sys), listens to it (gloo-events), keeps
//! time (gloo-timers), stores state (web-sys `Storage`), draws the survey in
//! a shadow root and sends answers (`fetch`, `sendBeacon`). Every decision
//! is the engine's ([`exitpoll_engine::Engine`]): this crate feeds it what
//! happens, with the time, and carries out the effects it returns. Values
//! cross to page code through serde-wasm-bindgen.
//!
//! The JavaScript around it is only the loader (`js/`): the script tag's
//! entry, the npm entry, and the handle that queues calls until the module
//! runs and guards every call into it.
//!
//! Layout:
//! - [`Widget`], [`start`]: the exported handle and how it starts;
//! - `options`: `init()` options and script-tag attributes, checked;
//! - `page`: facts read off the page; `listen`: the page's listeners;
//! - `dialog`: the survey in a shadow root; `view`: what it draws; `strings`: UI strings;
//! - `net`: requests; `storage`: `localStorage`; `events`: events for page code;
//! - `deferred`: how callbacks hand work over; `fatal`: what a panic does;
//! - `js_value`: page values into JSON values.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use exitpoll_engine::outbox::SendOutcome;
use exitpoll_engine::{Effect, Engine, Millis, Setup, Signal};
use exitpoll_protocol::SiteConfig;
use exitpoll_protocol::cat;
use exitpoll_protocol::config::Stage;
use exitpoll_protocol::json::Value;
use gloo_timers::callback::Timeout;
use serde::Serialize;
use wasm_bindgen::prelude::*;

mod deferred;
mod dialog;
mod events;
mod fatal;
mod js_value;
mod listen;
mod net;
mod options;
mod page;
mod storage;
mod strings;
mod view;

use dialog::{Action, Dialog};
use events::{ErrorDetail, Hub, Name, to_js};
use options::{ConfigSource, Options};

/// lol_alloc's free list instead of the standard library's dlmalloc: the
/// smallest code of the two (5 KB less), and enough for the widget, whose
/// allocations are few, small and short-lived. The lock is a flag: the
/// module runs on one thread.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

fn now() -> Millis {
    js_sys::Date::now() as Millis
}

/// The longest wait `setTimeout` takes (2^31 - 1 ms); a longer one fires at once.
const MAX_TIMEOUT_MS: Millis = 2_147_483_647;

/// The running widget: the one handle JavaScript holds.
#[wasm_bindgen]
pub struct Widget {
    shared: Rc<Shared>,
}

impl std::fmt::Debug for Widget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Widget").field("site", &self.shared.site).finish_non_exhaustive()
    }
}

/// What one widget's callbacks share. Each part is a cell of its own, so the
/// panic hook can take down listeners and the dialog's node while the
/// engine is borrowed by whatever panicked.
pub(crate) struct Shared {
    me: Weak<Shared>,
    site: String,
    /// The collector's base URL; empty when there is none to send to.
    endpoint: String,
    responses_url: String,
    store: storage::Store,
    debug: bool,
    /// `None` once destroyed.
    core: RefCell<Option<Core>>,
    /// Inputs that arrived while the engine was busy (one of its own effects
    /// made the page fire an event), run right after.
    waiting: RefCell<VecDeque<Signal>>,
    dialog: RefCell<Option<Dialog>>,
    /// The dialog's node, kept apart from the dialog for the panic hook.
    dialog_node: RefCell<Option<web_sys::Element>>,
    resources: RefCell<Resources>,
    hub: Rc<Hub>,
    storage_failed: Cell<bool>,
    /// One "could not draw" report per page view is enough.
    draw_failed: Cell<bool>,
    /// What the collector refused, once reported.
    refusals: RefCell<Vec<String>>,
}

struct Core {
    engine: Engine,
    /// When the engine asked to be woken.
    scheduled: Option<Millis>,
}

/// What the widget added to the page besides the dialog.
#[derive(Default)]
struct Resources {
    listeners: Vec<gloo_events::EventListener>,
    timer: Option<Timeout>,
    history: Option<listen::HistoryPatch>,
}

impl Resources {
    fn clear(&mut self) {
        self.listeners.clear();
        self.timer = None;
        self.history = None;
    }
}

/// Reports a problem the page should know of: the console, and an `error` event.
fn report_to(hub: &Rc<Hub>, message: &str, path: Option<&str>, warning: bool) {
    let text = cat!["exitpoll: ", message];
    if warning {
        web_sys::console::warn_1(&JsValue::from_str(&text));
    } else {
        web_sys::console::error_1(&JsValue::from_str(&text));
    }
    hub.emit(Name::Error, to_js(&ErrorDetail { message: &text, path, fatal: false }));
}

/// Starts the widget, from `init(options)` (the JS API (the npm package's README)) or, given the
/// `<script>` element, from its `data-*` attributes (the script tag (README.md)).
/// Rejects, after reporting it, when the options are invalid or the widget
/// cannot start (the config is unreachable or unusable). Problems with the
/// attributes are reported once, on the console; those that leave nothing
/// to start with also reject.
// One async export for both: each costs the module a future-to-promise adapter.
#[wasm_bindgen]
pub async fn start(options: JsValue) -> Result<Widget, JsError> {
    fatal::install();
    let hub = Hub::held();
    let options = match options.dyn_into::<web_sys::Element>() {
        Ok(script) => {
            let (options, problems) = options::from_script(&script);
            if !problems.is_empty() {
                web_sys::console::error_1(&JsValue::from_str(&cat!["exitpoll: ", problems.join("; ")]));
            }
            options.ok_or_else(|| JsError::new(&cat!["exitpoll: ", problems.join("; ")]))?
        }
        Err(options) => {
            let fail = |message: String| {
                report_to(&hub, &message, None, false);
                hub.release();
                JsError::new(&cat!["exitpoll: ", message])
            };
            let value = js_value::read(options).map_err(|e| fail(cat!["options: ", e]))?;
            options::from_init(&value).map_err(|p| fail(p.join("; ")))?
        }
    };
    begin(options, hub).await
}

async fn begin(options: Options, hub: Rc<Hub>) -> Result<Widget, JsError> {
    let fail = |message: String| {
        report_to(&hub, &message, None, false);
        hub.release();
        JsError::new(&cat!["exitpoll: ", message])
    };
    // Parsing, decoding, starting and listening are tasks of their own, so
    // none of them holds the main thread long (the browser also compiles
    // each wasm function on its first call, inside whichever task calls it).
    let parsed = match &options.config {
        ConfigSource::Url(url) => {
            let text = net::config_text(url).await.map_err(fail)?;
            deferred::next_task().await;
            parse_config(&text)
        }
        ConfigSource::Text(text) => parse_config(text),
        ConfigSource::Inline(value) => Ok(value.clone()),
    };
    deferred::next_task().await;
    let config = match parsed {
        Ok(value) => SiteConfig::decode_value(&value),
        Err(problems) => exitpoll_protocol::Decoded { config: None, problems },
    };
    deferred::next_task().await;
    for p in config.problems.iter() {
        let warning = p.severity != exitpoll_protocol::Severity::Error;
        report_to(&hub, &cat!["site config: ", p], Some(&p.path), warning);
    }
    let Some(config) = config.config else {
        return Err(fail("the site config is unusable; see the errors above".to_owned()));
    };
    if fatal::is_dead() {
        return Err(JsError::new("exitpoll: the widget is disabled"));
    }
    let facts = page::read().ok_or_else(|| fail("there is no page to run on".to_owned()))?;
    let store = storage::Store::new(&options.site);
    let seed = {
        let mut bytes = [0u8; 8];
        let ok = web_sys::window()
            .and_then(|w| w.crypto().ok())
            .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
        if !ok {
            // No crypto (a very old browser): ids stay unique through the time mixed in.
            bytes = (js_sys::Math::random().to_bits() ^ now() as u64).to_le_bytes();
        }
        u64::from_le_bytes(bytes)
    };
    hub.emit(Name::Ready, to_js(&ReadyDetail { site: &options.site }));
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
        stored_state: store.load().map(|text| read_stored(&text)),
        seed,
        debug: options.debug,
    };
    deferred::next_task().await;
    let engine = Engine::new(setup, now());
    let shared = Rc::new_cyclic(|me| Shared {
        me: me.clone(),
        site: options.site.clone(),
        endpoint: options.endpoint.clone(),
        responses_url: cat![options.endpoint, "/v1/sites/", options.site, "/responses"],
        store,
        debug: options.debug,
        core: RefCell::new(Some(Core { engine, scheduled: None })),
        waiting: RefCell::new(VecDeque::new()),
        dialog: RefCell::new(None),
        dialog_node: RefCell::new(None),
        resources: RefCell::new(Resources::default()),
        hub,
        storage_failed: Cell::new(false),
        draw_failed: Cell::new(false),
        refusals: RefCell::new(Vec::new()),
    });
    fatal::register(Rc::downgrade(&shared));
    // The first pump runs (and compiles) the engine's largest functions.
    deferred::next_task().await;
    {
        let (listeners, history) = listen::page(&shared);
        let mut r = shared.resources.borrow_mut();
        r.listeners = listeners;
        r.history = history;
    }
    shared.pump_now();
    // The stylesheet is parsed now, in a task of its own, not at the moment
    // a survey must appear.
    deferred::next_task().await;
    dialog::prepare();
    Ok(Widget { shared })
}

/// The stored state's text as JSON, or why it is not.
fn read_stored(text: &str) -> Result<Value, String> {
    js_value::parse(text).map_err(|e| cat!["stored state is not JSON (", e, ")"])
}

/// A site config's text as JSON, parsed by the browser (`js_value::parse`),
/// or the problem that it is not JSON.
fn parse_config(text: &str) -> Result<Value, exitpoll_protocol::Problems> {
    js_value::parse(text).map_err(|e| {
        let mut problems = exitpoll_protocol::Problems::default();
        problems.error(&exitpoll_protocol::Path::ROOT, cat!["not JSON: ", e]);
        problems
    })
}

#[derive(Serialize)]
struct ReadyDetail<'a> {
    site: &'a str,
}

#[derive(Serialize)]
struct Explained<'a> {
    survey_id: &'a str,
    eligible: bool,
    stage: &'static str,
    reasons: Vec<ReasonJs>,
}

#[derive(Serialize)]
struct ReasonJs {
    code: &'static str,
    message: String,
}

#[derive(Serialize)]
struct EventDetail<'a> {
    survey_id: &'a str,
    response_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    question_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a Value>,
}

/// The page-facing API (the JS API (the npm package's README)). Bad input is reported (console and
/// `error` event) and otherwise ignored; nothing here throws into page code.
#[wasm_bindgen]
impl Widget {
    /// Lets the events go that waited for the handle: `ready` first. The
    /// loader calls it once it has replayed the calls queued before.
    pub fn ready(&self) {
        self.shared.hub.release();
    }

    /// Merges context (order id, cart value, ...) into later responses.
    #[wasm_bindgen(js_name = setContext)]
    pub fn set_context(&self, context: JsValue) {
        if fatal::is_dead() {
            return;
        }
        if !context.is_object() || js_sys::Array::is_array(&context) {
            return self.shared.report("setContext: expected an object such as { cart_value: 84.5 }");
        }
        match js_value::read(context) {
            Ok(v) => self.shared.feed(Signal::SetContext(v)),
            Err(e) => self.shared.report(&cat!["setContext: the object cannot be read (", e, ")"]),
        }
    }

    /// Overrides the detected stage; `null` returns to detection.
    #[wasm_bindgen(js_name = setStage)]
    pub fn set_stage(&self, stage: JsValue) {
        if fatal::is_dead() {
            return;
        }
        if stage.is_null() || stage.is_undefined() {
            return self.shared.feed(Signal::SetStage(None));
        }
        match stage.as_string().as_deref().and_then(Stage::parse) {
            Some(s) => self.shared.feed(Signal::SetStage(Some(s))),
            None => self.shared.report(&cat![
                "setStage: unknown stage ",
                shown(&stage),
                ", expected one of ",
                Stage::NAMES.join(", "),
                " or null"
            ]),
        }
    }

    /// Shows a survey now, bypassing its trigger but not consent.
    pub fn show(&self, survey_id: JsValue) {
        if fatal::is_dead() {
            return;
        }
        let Some(id) = survey_id.as_string().filter(|s| !s.is_empty()) else {
            return self.shared.report("show: expected a survey id");
        };
        #[cfg(feature = "panic-probe")]
        if id == "__exitpoll_panic_probe__" {
            panic!("panic probe: __exitpoll_panic_probe__");
        }
        self.shared.feed(Signal::Show(id));
    }

    /// Closes the open survey, recorded as dismissed.
    pub fn hide(&self) {
        if !fatal::is_dead() {
            self.shared.feed(Signal::Hide);
        }
    }

    /// Grants or withdraws consent; withdrawing also clears local state.
    pub fn consent(&self, granted: JsValue) {
        if fatal::is_dead() {
            return;
        }
        match granted.as_bool() {
            Some(g) => self.shared.feed(Signal::Consent(g)),
            None => self.shared.report("consent: expected true or false"),
        }
    }

    /// For each survey: whether it could show now, and every reason it cannot.
    pub fn explain(&self) -> JsValue {
        if fatal::is_dead() {
            return js_sys::Array::new().into();
        }
        let Ok(core) = self.shared.core.try_borrow() else { return js_sys::Array::new().into() };
        let Some(core) = core.as_ref() else { return js_sys::Array::new().into() };
        let stage = core.engine.stage().0.as_str();
        let explained = core.engine.explain(now());
        let list: Vec<Explained<'_>> = explained
            .iter()
            .map(|(id, reasons)| Explained {
                survey_id: id,
                eligible: reasons.is_empty(),
                stage,
                reasons: reasons.iter().map(|r| ReasonJs { code: r.code(), message: r.message() }).collect(),
            })
            .collect();
        to_js(&list)
    }

    /// Subscribes to an event; returns the function that unsubscribes.
    pub fn on(&self, event: JsValue, listener: JsValue) -> js_sys::Function {
        let noop = || js_sys::Function::from(Closure::once_into_js(|| {}));
        if fatal::is_dead() {
            return noop();
        }
        let Some(name) = event.as_string().as_deref().and_then(Name::parse) else {
            self.shared.report(&cat![
                "on: unknown event ",
                shown(&event),
                ", expected one of ",
                Name::NAMES.join(", ")
            ]);
            return noop();
        };
        let Ok(listener) = listener.dyn_into::<js_sys::Function>() else {
            self.shared.report("on: expected a function");
            return noop();
        };
        self.shared.hub.subscribe(name, listener)
    }

    /// A problem the loader found (a bad `push` call), reported as the widget's own are.
    pub fn report(&self, message: JsValue) {
        if !fatal::is_dead() {
            self.shared.report(&message.as_string().unwrap_or_default());
        }
    }

    /// Removes every listener, timer and DOM node the widget made.
    pub fn destroy(&self) {
        self.shared.destroy();
    }
}

/// A page value as the messages quote it: `"basket"`, `42`, `null`.
fn shown(v: &JsValue) -> String {
    match v.as_string() {
        Some(s) => cat!["\"", s, "\""],
        None => js_value::read(v.clone()).map(|v| v.to_json()).unwrap_or_else(|_| "a value".to_owned()),
    }
}

impl Shared {
    fn report(&self, message: &str) {
        report_to(&self.hub, message, None, false);
    }

    /// The collector refused answers: said once per reason, since a page
    /// whose origin is not allowed would otherwise say it for every answer.
    fn refused(&self, why: &str) {
        let mut said = self.refusals.borrow_mut();
        if !said.iter().any(|s| s == why) {
            said.push(why.to_owned());
            drop(said);
            self.report(&cat!["the collector refused the answers (", why, ")"]);
        }
    }

    fn log(&self, message: &str) {
        if self.debug {
            web_sys::console::log_1(&JsValue::from_str(&cat!["exitpoll: ", message]));
        }
    }

    /// A strong handle for a callback, if the widget still runs.
    fn link(&self) -> Weak<Shared> {
        self.me.clone()
    }

    /// Feeds one input to the engine and carries out what it says. An input
    /// that arrives while the engine is busy waits for it.
    fn feed(&self, signal: Signal) {
        if fatal::is_dead() {
            return;
        }
        // Test builds only: a panic from inside a page listener's work
        // (tests/e2e/panic.test.mjs dispatches this key).
        #[cfg(feature = "panic-probe")]
        if let Signal::Key { key, .. } = &signal
            && key == "__exitpoll_panic_probe__"
        {
            panic!("panic probe in a listener: __exitpoll_panic_probe__");
        }
        let Ok(mut slot) = self.core.try_borrow_mut() else {
            self.waiting.borrow_mut().push_back(signal);
            return;
        };
        let Some(core) = slot.as_mut() else { return };
        let mut next = Some(signal);
        while let Some(signal) = next {
            if signal == Signal::Tick {
                core.scheduled = None;
            }
            core.engine.handle(now(), signal);
            self.pump(core);
            next = self.waiting.borrow_mut().pop_front();
        }
    }

    /// Carries out what the engine queued (at start).
    fn pump_now(&self) {
        if let Some(core) = self.core.borrow_mut().as_mut() {
            self.pump(core);
        }
    }

    /// Carries out every effect the engine queued, then sets the timer.
    fn pump(&self, core: &mut Core) {
        while let Some(effect) = core.engine.poll_effect() {
            self.apply(core, effect);
        }
        let next = core.engine.poll_timeout();
        if next != core.scheduled {
            core.scheduled = next;
            let timer = next.map(|at| {
                let link = self.link();
                let delay = (at - now()).clamp(0, MAX_TIMEOUT_MS) as u32;
                Timeout::new(delay, move || {
                    deferred::defer(move || {
                        if let Some(shared) = link.upgrade() {
                            shared.feed(Signal::Tick);
                        }
                    })
                })
            });
            // Replacing the timer cancels the one before.
            self.resources.borrow_mut().timer = timer;
        }
    }

    fn apply(&self, core: &mut Core, effect: Effect) {
        match effect {
            Effect::Open { .. } => self.open(core),
            Effect::Question { .. } => self.render_question(core),
            Effect::Invalid(invalid) => {
                let message = view::invalid(core.engine.config(), core.engine.locale(), &invalid);
                if let Some(d) = self.dialog.borrow().as_ref() {
                    d.invalid(&message);
                }
            }
            Effect::Thanks => {
                if let Some((survey, _)) = core.engine.open_survey() {
                    let (title, body) = view::thanks(core.engine.config(), survey, core.engine.locale());
                    if let Some(d) = self.dialog.borrow().as_ref()
                        && let Err(e) = d.thanks(&title, body.as_deref())
                    {
                        self.report(&cat![
                            "the thank-you screen could not be drawn (",
                            net::describe(&e),
                            ")"
                        ]);
                    }
                }
            }
            Effect::Close => self.close_dialog(),
            Effect::Persist(state) => {
                if !self.store.save(&state) && !self.storage_failed.replace(true) {
                    self.report(
                        "localStorage is unavailable or full; answers are kept in memory for this page",
                    );
                }
            }
            Effect::ClearStorage => self.store.clear(),
            // Without an endpoint (a config given to `init()` alone, as a
            // preview does) there is nowhere to send: snapshots wait.
            Effect::Send(_) if self.endpoint.is_empty() => self.log("no endpoint: the answer is not sent"),
            Effect::Send(batch) => {
                let (url, link) = (self.responses_url.clone(), self.link());
                // After the next paint: the request that follows opening a
                // survey (its `shown` snapshot) never comes before the survey.
                deferred::after_paint(move || {
                    wasm_bindgen_futures::spawn_local(async move {
                        let posted = net::post(&url, &batch.body).await;
                        // Back to the engine through `deferred`, like every callback.
                        deferred::defer(move || {
                            if let Some(shared) = link.upgrade() {
                                if let Some(why) = &posted.refusal {
                                    shared.refused(why);
                                }
                                shared
                                    .feed(Signal::SendResult { batch: batch.id, outcome: outcome(&posted) });
                            }
                        });
                    })
                });
            }
            Effect::Event(e) => {
                let detail = EventDetail {
                    survey_id: &e.survey_id,
                    response_id: &e.response_id,
                    question_id: e.question_id.as_deref(),
                    value: e.value.as_ref(),
                };
                let name = match e.kind {
                    exitpoll_engine::EventKind::Shown => Name::Shown,
                    exitpoll_engine::EventKind::Answered => Name::Answered,
                    exitpoll_engine::EventKind::Completed => Name::Completed,
                    exitpoll_engine::EventKind::Dismissed => Name::Dismissed,
                };
                self.hub.emit(name, to_js(&detail));
            }
            Effect::Log(message) => self.log(&message),
            Effect::Error(message) => self.report(&message),
        }
    }

    /// Draws the survey the engine is opening, at its first question.
    fn open(&self, core: &mut Core) {
        let Some((survey, _)) = core.engine.opening_survey() else { return };
        if page::modal_open() {
            core.engine.handle(now(), Signal::OpenBlocked);
            return;
        }
        let trigger = core.engine.opening_trigger().unwrap_or("manual");
        let frame = view::frame(core.engine.config(), survey, core.engine.locale(), trigger);
        let link = self.link();
        let on: Rc<dyn Fn(Action)> = Rc::new(move |action| {
            let link = link.clone();
            deferred::defer(move || {
                let Some(shared) = link.upgrade() else { return };
                match action {
                    Action::Submit(answer) => shared.feed(Signal::Submit(answer)),
                    Action::Dismiss => shared.feed(Signal::Dismiss),
                    Action::Log(message) => shared.log(message),
                }
            });
        });
        self.close_dialog();
        match Dialog::open(frame, on) {
            Ok(d) => {
                *self.dialog_node.borrow_mut() = Some(d.host().clone());
                *self.dialog.borrow_mut() = Some(d);
                core.engine.handle(now(), Signal::Opened);
                self.render_question(core);
            }
            Err(message) => {
                if !self.draw_failed.replace(true) {
                    self.report(&cat![message, "; the survey is not shown"]);
                }
                core.engine.handle(now(), Signal::OpenFailed);
            }
        }
    }

    fn render_question(&self, core: &Core) {
        let Some((survey, flow)) = core.engine.open_survey() else { return };
        let Some(q) = view::question(core.engine.config(), survey, flow, core.engine.locale()) else {
            return;
        };
        let mut dialog = self.dialog.borrow_mut();
        let Some(d) = dialog.as_mut() else { return };
        let focus = d.frame().takes_focus || d.has_focus();
        if let Err(e) = d.question(&q, focus) {
            self.report(&cat!["the question could not be drawn (", net::describe(&e), ")"]);
        }
    }

    fn close_dialog(&self) {
        self.dialog_node.borrow_mut().take();
        let dialog = self.dialog.borrow_mut().take();
        if let Some(d) = dialog {
            d.close();
        }
    }

    /// The page is being hidden or unloaded: every pending snapshot goes by beacon.
    fn flush(&self) {
        let bodies = match self.core.try_borrow() {
            Ok(core) => core.as_ref().map(|c| c.engine.beacon_bodies()).unwrap_or_default(),
            Err(_) => return,
        };
        if self.endpoint.is_empty() {
            return;
        }
        for body in bodies {
            if !net::beacon(&self.responses_url, &body) {
                self.log("sendBeacon refused a request; it goes on the next page view");
            }
        }
    }

    /// Single-page navigation: the page read again is a new page view.
    fn navigated(&self) {
        let Some(window) = web_sys::window() else { return };
        let Some(doc) = window.document() else { return };
        self.feed(Signal::Navigated(page::signals(&window, &doc)));
    }

    fn destroy(&self) {
        self.resources.borrow_mut().clear();
        self.close_dialog();
        self.core.borrow_mut().take();
        self.hub.clear();
    }

    /// After a fault: the listeners, the timer and the dialog's node go, and
    /// the `error` event goes out, without touching anything the fault may
    /// have left borrowed.
    fn fault(&self, message: &str) {
        if let Ok(mut r) = self.resources.try_borrow_mut() {
            r.clear();
        }
        if let Ok(mut node) = self.dialog_node.try_borrow_mut()
            && let Some(node) = node.take()
        {
            node.remove();
        }
        if let Ok(mut d) = self.dialog.try_borrow_mut() {
            // Its listeners go with it; its node is already gone.
            d.take();
        }
        self.hub.clear_queue();
        self.hub.emit_now(Name::Error, to_js(&ErrorDetail { message, path: None, fatal: true }));
    }
}

/// What the engine makes of a POST's answer.
fn outcome(posted: &net::Posted) -> SendOutcome {
    match posted.status {
        200..=299 => SendOutcome::Acked,
        0 | 408 | 429 | 500..=599 => {
            SendOutcome::Retry { retry_after_ms: posted.retry_after_s.map(|s| (s * 1000.0) as Millis) }
        }
        _ => SendOutcome::Rejected,
    }
}

/// The package's hand-written TypeScript types (`js/index.d.ts`) against the
/// shapes the widget really hands to page code: each interface has exactly
/// the fields the Rust value serializes to.
#[cfg(test)]
mod typescript_tests {
    use super::*;
    use crate::options::tests::typescript_members;

    fn fields<T: Serialize>(value: &T) -> Vec<String> {
        let serde_json::Value::Object(map) = serde_json::to_value(value).unwrap() else {
            panic!("not an object");
        };
        let mut keys: Vec<String> = map.keys().cloned().collect();
        keys.sort_unstable();
        keys
    }

    fn members(interface: &str) -> Vec<String> {
        let mut names: Vec<String> = typescript_members(interface).into_iter().map(str::to_owned).collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn explain_returns_the_typescript_explanation() {
        let reason = ReasonJs { code: "cooldown", message: "shown 2 hours ago".to_owned() };
        assert_eq!(fields(&reason), members("Reason"));
        let explained = Explained { survey_id: "s", eligible: false, stage: "cart", reasons: vec![reason] };
        assert_eq!(fields(&explained), members("Explanation"));
    }

    #[test]
    fn events_carry_the_typescript_details() {
        let bare = EventDetail { survey_id: "s", response_id: "r", question_id: None, value: None };
        assert_eq!(fields(&bare), members("EventDetail"));
        let value = Value::String("price".to_owned());
        let answered =
            EventDetail { survey_id: "s", response_id: "r", question_id: Some("q"), value: Some(&value) };
        let mut want = members("EventDetail");
        want.extend(["question_id".to_owned(), "value".to_owned()]);
        want.sort_unstable();
        assert_eq!(fields(&answered), want);
        let types = include_str!("../js/index.d.ts");
        assert_eq!(fields(&ReadyDetail { site: "demo" }), ["site"]);
        assert!(types.contains("  ready: { site: string };"));
        assert!(types.contains("  answered: EventDetail & { question_id: string; value: AnswerValue };"));
        let error = ErrorDetail { message: "m", path: Some("surveys[0]"), fatal: true };
        assert_eq!(fields(&error), ["fatal", "message", "path"]);
        assert!(types.contains("  error: { message: string; path?: string; fatal?: boolean };"));
    }
}

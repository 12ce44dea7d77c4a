//! The exitpoll widget: the thin WebAssembly glue between the browser and
//! the decision engine.
//!
//! It reads facts off the page, feeds them to [`exitpoll_engine::Engine`] with
//! the current time, and carries out the engine's effects: rendering the
//! dialog, storing state, handing requests and events to the JavaScript host.
//! It decides nothing itself.
//!
//! Layout:
//! - [`Widget`]: the one exported handle; every method is called by
//!   `js/widget.js` from inside a guard;
//! - `host`: the JavaScript functions the widget calls (timers, fetch, events);
//! - `page`: reading URL, markers, platform globals, device, privacy signals;
//! - `render`: the shadow-DOM dialog;
//! - `storage`: `localStorage` with a memory fallback;
//! - `strings`: built-in UI strings and overrides.

mod host;
mod page;
mod render;
mod storage;
mod strings;

use exitpoll_engine::outbox::SendOutcome;
use exitpoll_engine::{Effect, Engine, Millis, Setup, Signal};
use exitpoll_protocol::config::{Stage, UiString};
use exitpoll_protocol::json::{self, Map, Value};
use exitpoll_protocol::{Problems, SiteConfig};
pub use host::Host;
use render::Ui;
use std::cell::RefCell;
use storage::Store;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The host of the running widget, for the panic hook.
    static PANIC_HOST: RefCell<Option<Host>> = const { RefCell::new(None) };
}

/// Reports a panic once, through the console and the `error` event. The
/// widget then traps; the JavaScript guard catches that, and disables and
/// removes the widget. Nothing reaches page code.
fn install_panic_hook(host: &Host) {
    PANIC_HOST.with(|h| *h.borrow_mut() = Some(JsValue::from(host).unchecked_into()));
    static INSTALL: std::sync::Once = std::sync::Once::new();
    // Once per instance: several widgets share it, each setting PANIC_HOST.
    INSTALL.call_once(|| {
        // The previous hook still runs afterwards (wasm-bindgen-test reports through it).
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let message = ["exitpoll: internal error, the widget is disabled: ", &info.to_string()].concat();
            PANIC_HOST.with(|h| {
                if let Some(host) = h.borrow_mut().take() {
                    host.console("error", &message);
                    let mut detail = String::new();
                    json::ObjectWriter::new(&mut detail).str("message", &message).finish();
                    host.emit("error", &detail);
                }
            });
            previous(info);
        }));
    });
}

fn now() -> Millis {
    js_sys::Date::now() as Millis
}

fn js_error(message: &str) -> JsError {
    JsError::new(message)
}

/// The running widget.
#[wasm_bindgen]
pub struct Widget {
    engine: Engine,
    host: Host,
    store: Store,
    ui: Option<Ui>,
    window: web_sys::Window,
    document: web_sys::Document,
    scheduled: Option<Millis>,
    debug: bool,
}

impl std::fmt::Debug for Widget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Widget").field("open", &self.ui.is_some()).finish_non_exhaustive()
    }
}

/// Options of `init()`, as the JavaScript host passes them (JSON).
struct Options {
    site: String,
    stage: Option<Stage>,
    context: Map,
    consent: Option<bool>,
    debug: bool,
}

fn read_options(text: &str) -> Result<Options, String> {
    let v = json::parse(text).map_err(|e| ["options: ", &e.to_string()].concat())?;
    let site = v
        .get("site")
        .and_then(Value::as_str)
        .filter(|s| exitpoll_protocol::is_valid_id(s))
        .ok_or("options.site: required, 1 to 64 letters, digits, '_' or '-'")?
        .to_owned();
    let stage = match v.get("stage") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(Stage::parse(s).ok_or_else(|| {
            ["options.stage: unknown stage \"", s, "\", expected one of ", &Stage::NAMES.join(", ")].concat()
        })?),
        Some(_) => return Err("options.stage: expected a string".into()),
    };
    let context = match v.get("context") {
        None | Some(Value::Null) => Map::default(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err("options.context: expected an object".into()),
    };
    let consent = match v.get("consent") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) if s == "granted" => Some(true),
        Some(Value::String(s)) if s == "pending" => Some(false),
        Some(_) => return Err("options.consent: expected true, false, \"granted\" or \"pending\"".into()),
    };
    let debug = v.get("debug").and_then(Value::as_bool).unwrap_or(false);
    Ok(Options { site, stage, context, consent, debug })
}

#[wasm_bindgen]
impl Widget {
    /// Starts the widget. `options` is JSON (`site`, `stage`, `context`,
    /// `consent`, `debug`); `config` is the site config's JSON text.
    pub fn start(
        options: &str,
        config: &str,
        host: Host,
        seed_hi: u32,
        seed_lo: u32,
    ) -> Result<Widget, JsError> {
        install_panic_hook(&host);
        let options = read_options(options).map_err(|e| js_error(&e))?;
        let decoded = SiteConfig::decode(config);
        report_config_problems(&host, &decoded.problems);
        let config =
            decoded.config.ok_or_else(|| js_error("the site config is unusable; see the errors above"))?;
        if config.site != options.site {
            host.console(
                "warn",
                &[
                    "exitpoll: the config is for site \"",
                    &config.site,
                    "\" but data-site is \"",
                    &options.site,
                    "\"",
                ]
                .concat(),
            );
        }
        let window = web_sys::window().ok_or_else(|| js_error("no window"))?;
        let document = window.document().ok_or_else(|| js_error("no document"))?;
        let mut store = Store::open(&window, &options.site);
        let stored_state = store.load();
        let (gpc, dnt) = page::privacy_signals(&window);
        let setup = Setup {
            page: page::signals(&window, &document),
            device: page::device(&window),
            locale: page::locale(&window, &document),
            config,
            stage: options.stage,
            context: options.context,
            consent: options.consent,
            gpc,
            dnt,
            stored_state,
            seed: (u64::from(seed_hi) << 32) | u64::from(seed_lo),
            debug: options.debug,
        };
        let engine = Engine::new(setup, now());
        let mut widget =
            Widget { engine, host, store, ui: None, window, document, scheduled: None, debug: options.debug };
        if widget.debug {
            let (stage, source) = widget.engine.stage();
            widget.log(&["page stage ", stage.as_str(), " (", source.as_str(), ")"].concat());
        }
        widget.pump();
        Ok(widget)
    }

    /// The `localStorage` key the widget keeps its state under.
    #[wasm_bindgen(js_name = storageKey)]
    pub fn storage_key(&self) -> String {
        self.store.key().to_owned()
    }

    pub fn tick(&mut self) {
        self.scheduled = None;
        self.feed(Signal::Tick);
    }

    #[wasm_bindgen(js_name = pointerMove)]
    pub fn pointer_move(&mut self, y: f64) {
        self.feed(Signal::PointerMove { y });
    }

    #[wasm_bindgen(js_name = pointerOut)]
    pub fn pointer_out(&mut self, y: f64, related_target: bool, from_form_control: bool) {
        self.feed(Signal::PointerOut { y, related_target, from_form_control });
    }

    #[wasm_bindgen(js_name = pointerOver)]
    pub fn pointer_over(&mut self) {
        self.feed(Signal::PointerOver);
    }

    pub fn key(&mut self, key: &str, ctrl: bool, meta: bool) {
        self.feed(Signal::Key { key: key.to_owned(), ctrl, meta });
    }

    pub fn scroll(&mut self, y: f64, viewport_height: f64, document_height: f64) {
        self.feed(Signal::Scroll { y, viewport_height, document_height });
    }

    pub fn visibility(&mut self, visible: bool) {
        self.feed(Signal::Visibility { visible });
    }

    pub fn activity(&mut self) {
        self.feed(Signal::Activity);
    }

    /// Single-page navigation happened; the page is read again.
    pub fn navigated(&mut self) {
        let signals = page::signals(&self.window, &self.document);
        self.feed(Signal::Navigated(signals));
    }

    /// Another tab changed the stored state.
    #[wasm_bindgen(js_name = storageChanged)]
    pub fn storage_changed(&mut self, text: &str) {
        self.feed(Signal::StorageChanged(text.to_owned()));
    }

    /// The answer to a request started with `host.send`: an HTTP status (0 for
    /// a network error) and the `Retry-After` seconds (negative when absent).
    pub fn sent(&mut self, batch: u32, status: u16, retry_after_s: f64) {
        let outcome = match status {
            200..=299 => SendOutcome::Acked,
            408 | 429 | 0 | 500..=599 => SendOutcome::Retry {
                retry_after_ms: (retry_after_s >= 0.0).then_some((retry_after_s * 1000.0) as Millis),
            },
            _ => SendOutcome::Rejected,
        };
        if outcome == SendOutcome::Rejected {
            self.log(&["the collector rejected a request with status ", &status.to_string()].concat());
        }
        self.feed(Signal::SendResult { batch, outcome });
    }

    /// The page is being hidden or unloaded: hand every pending snapshot to
    /// `navigator.sendBeacon`.
    pub fn flush(&mut self) {
        for body in self.engine.beacon_bodies() {
            if !self.host.beacon(&body) {
                self.log("sendBeacon refused a request; it will be sent on the next page view");
            }
        }
    }

    /// The survey's form was submitted.
    #[wasm_bindgen(js_name = uiSubmit)]
    pub fn ui_submit(&mut self) {
        let answer = match (&self.ui, self.engine.open_survey()) {
            (Some(ui), Some((survey, flow))) => match flow.current {
                Some(i) => ui.read_answer(&survey.questions[i]),
                None => return,
            },
            _ => return,
        };
        self.feed(Signal::Submit(answer));
    }

    /// A click on a control marked `data-ep`: `close`, `copy` or `cta`.
    #[wasm_bindgen(js_name = uiAction)]
    pub fn ui_action(&mut self, action: &str) {
        match action {
            "close" => self.feed(Signal::Dismiss),
            "copy" | "cta" => {
                let copied =
                    strings::ui(self.engine.config(), self.engine.locale(), UiString::Copied).to_owned();
                if let Some(ui) = self.ui.as_mut()
                    && let Some(code) = ui.cta_used(&copied, action)
                {
                    self.host.copy(&code);
                }
            }
            _ => {}
        }
    }

    /// A key pressed inside the dialog. Returns true when the widget handled
    /// it and the browser's default must be prevented.
    #[wasm_bindgen(js_name = uiKey)]
    pub fn ui_key(&mut self, key: &str, shift: bool) -> bool {
        match key {
            "Escape" => {
                self.feed(Signal::Dismiss);
                true
            }
            "Tab" => self.ui.as_ref().is_some_and(|ui| ui.tab(shift)),
            _ => false,
        }
    }

    /// `setContext(obj)`, as JSON.
    #[wasm_bindgen(js_name = setContext)]
    pub fn set_context(&mut self, context_json: &str) -> Result<(), JsError> {
        let v =
            json::parse(context_json).map_err(|e| js_error(&["setContext: ", &e.to_string()].concat()))?;
        if !matches!(v, Value::Object(_)) {
            return Err(js_error("setContext: expected an object such as {\"cart_value\": 84.5}"));
        }
        self.feed(Signal::SetContext(v));
        Ok(())
    }

    /// `setStage(stage)`; `null` goes back to detection.
    #[wasm_bindgen(js_name = setStage)]
    pub fn set_stage(&mut self, stage: Option<String>) -> Result<(), JsError> {
        let parsed = match stage.as_deref() {
            None => None,
            Some(s) => Some(Stage::parse(s).ok_or_else(|| {
                js_error(
                    &["setStage: unknown stage \"", s, "\", expected one of ", &Stage::NAMES.join(", ")]
                        .concat(),
                )
            })?),
        };
        self.feed(Signal::SetStage(parsed));
        Ok(())
    }

    pub fn show(&mut self, survey_id: &str) {
        self.feed(Signal::Show(survey_id.to_owned()));
    }

    pub fn hide(&mut self) {
        self.feed(Signal::Hide);
    }

    pub fn consent(&mut self, granted: bool) {
        self.feed(Signal::Consent(granted));
    }

    /// `explain()`, as JSON.
    pub fn explain(&self) -> String {
        self.engine.explain_json(now())
    }

    /// Removes the dialog; the host removes its listeners and timer.
    pub fn destroy(&mut self) {
        if let Some(ui) = self.ui.take() {
            ui.close();
        }
        self.host.schedule(-1.0);
        self.scheduled = None;
    }
}

impl Widget {
    fn feed(&mut self, signal: Signal) {
        self.engine.handle(now(), signal);
        self.pump();
    }

    fn log(&self, message: &str) {
        if self.debug {
            self.host.console("log", &["exitpoll: ", message].concat());
        }
    }

    fn report(&self, message: &str) {
        self.host.console("error", &["exitpoll: ", message].concat());
        let mut detail = String::new();
        json::ObjectWriter::new(&mut detail).str("message", message).finish();
        self.host.emit("error", &detail);
    }

    /// Carries out every effect the engine has queued, then sets the timer.
    fn pump(&mut self) {
        while let Some(effect) = self.engine.poll_effect() {
            self.apply(effect);
        }
        if let Some(failure) = self.store.take_failure() {
            self.report(&failure);
        }
        let next = self.engine.poll_timeout();
        if next != self.scheduled {
            self.scheduled = next;
            let delay = next.map_or(-1.0, |t| (t - now()).max(0) as f64);
            self.host.schedule(delay);
        }
    }

    fn apply(&mut self, effect: Effect) {
        match effect {
            Effect::Open { .. } => {
                if page::host_modal_open(&self.document) {
                    self.engine.handle(now(), Signal::OpenBlocked);
                    return;
                }
                let opened = self.engine.opening_survey().map(|(survey, _)| {
                    Ui::open(&self.document, &self.host, self.engine.config(), survey, self.engine.locale())
                });
                match opened {
                    Some(Ok(ui)) => {
                        self.ui = Some(ui);
                        self.engine.handle(now(), Signal::Opened);
                        self.render_question();
                    }
                    Some(Err(e)) => {
                        self.report(&["could not render the survey: ", &format!("{e:?}")].concat());
                        self.engine.handle(now(), Signal::OpenBlocked);
                    }
                    None => {}
                }
            }
            Effect::Question { .. } => self.render_question(),
            Effect::Invalid(invalid) => {
                if let Some(ui) = &self.ui {
                    ui.show_invalid(self.engine.config(), self.engine.locale(), &invalid);
                }
            }
            Effect::Thanks => {
                if let (Some(ui), Some((survey, _))) = (self.ui.as_mut(), self.engine.open_survey()) {
                    let _ = ui.show_thanks(self.engine.config(), survey, self.engine.locale());
                }
            }
            Effect::Close => {
                if let Some(ui) = self.ui.take() {
                    ui.close();
                }
            }
            Effect::Persist(state) => self.store.save(&state),
            Effect::ClearStorage => self.store.clear(),
            Effect::Send(batch) => self.host.send(batch.id, &batch.body),
            Effect::Event(e) => self.host.emit(e.kind.as_str(), &e.detail_json()),
            Effect::Log(message) => self.log(&message),
            Effect::Error(message) => self.report(&message),
        }
    }

    fn render_question(&mut self) {
        let (Some(ui), Some((survey, flow))) = (self.ui.as_mut(), self.engine.open_survey()) else {
            return;
        };
        if let Err(e) = ui.show_question(self.engine.config(), survey, flow, self.engine.locale()) {
            let message = ["could not render a question: ", &format!("{e:?}")].concat();
            self.report(&message);
        }
    }
}

fn report_config_problems(host: &Host, problems: &Problems) {
    for p in problems.iter() {
        let message = ["site config: ", &p.to_string()].concat();
        let level = if p.severity == exitpoll_protocol::Severity::Error { "error" } else { "warn" };
        host.console(level, &["exitpoll: ", &message].concat());
        let mut detail = String::new();
        json::ObjectWriter::new(&mut detail).str("message", &message).str("path", &p.path).finish();
        host.emit("error", &detail);
    }
}

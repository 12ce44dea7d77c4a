//! Every decision the exitpoll widget makes, as a pure state machine.
//!
//! The engine has no clock, DOM, timer, storage or network. Like quinn-proto,
//! it is fed: the caller passes the time into [`Engine::handle`] with each
//! [`Signal`], asks [`Engine::poll_timeout`] when to call again, and drains
//! [`Effect`]s with [`Engine::poll_effect`]. The widget is the caller in the
//! browser; tests are the caller with a simulated clock, so a 30-day rule runs
//! in microseconds.
//!
//! Layout:
//! - [`exit`]: the exit-intent detector (pointer, keyboard, scroll, visibility);
//! - [`stage`]: page stage, order context and campaign parameters;
//! - [`eligibility`]: targeting, frequency, cooldown, session cap, sampling, privacy;
//! - [`flow`]: question order, branching and answer checks;
//! - [`outbox`]: what to send when, and what to do with the answer;
//! - [`state`]: what is remembered across page views;
//! - [`glob`], [`rng`], [`device`]: small pure helpers.

#![no_std]
extern crate alloc;
#[cfg(test)]
extern crate std;

#[allow(unused_imports)]
use exitpoll_protocol::cat;
use exitpoll_protocol::prelude;
use prelude::*;

pub mod device;
pub mod eligibility;
pub mod exit;
pub mod flow;
pub mod glob;
pub mod outbox;
pub mod rng;
pub mod stage;
pub mod state;

use alloc::collections::VecDeque;
use eligibility::{Facts, Reason};
use exit::{ExitCue, ExitDetector};
use exitpoll_protocol::config::{Device, ExitSignal, SiteConfig, Stage, Survey, SurveyStatus, TriggerKind};
use exitpoll_protocol::json::{Map, ObjectWriter, Value};
use exitpoll_protocol::problem::{Path, Problems};
use exitpoll_protocol::response::{Answer, MAX_CONTEXT_KEYS, decode_context};
use exitpoll_protocol::response::{ResponseStatus, Snapshot};
use flow::Step;
use flow::{Flow, Invalid};
use outbox::{Batch, SendOutcome};
use rng::Rng;
use stage::{PageSignals, StageSource};
use state::State;

/// Milliseconds since the Unix epoch. The engine never reads a clock; every
/// time it knows was passed in.
pub type Millis = i64;

/// How long the thank-you screen stays before it closes itself.
pub const THANKS_MS: Millis = 5_000;
/// How often ongoing activity is written to storage to keep the session alive.
pub const SESSION_PERSIST_MS: Millis = 60_000;
/// When a survey could not open over the page's own modal dialog, try again after this.
pub const BLOCKED_RETRY_MS: Millis = 1_000;

/// Everything the engine needs to start on a page.
#[derive(Debug, Clone)]
pub struct Setup {
    pub config: SiteConfig,
    pub page: PageSignals,
    /// `data-stage`, or the `stage` option of `init()`.
    pub stage: Option<Stage>,
    pub device: Device,
    /// The page's language, `<html lang>` or `navigator.language`.
    pub locale: String,
    /// `data-context`, or the `context` option of `init()`.
    pub context: Map,
    /// `Some(true)` granted, `Some(false)` pending; `None` follows the config's `require_consent`.
    pub consent: Option<bool>,
    pub gpc: bool,
    pub dnt: bool,
    /// What the last page view stored, if anything, as JSON; or why its
    /// text is not JSON. The widget parses it, so the engine has no parser.
    pub stored_state: Option<Result<Value, String>>,
    /// Entropy for ids and jitter; the widget takes it from `crypto.getRandomValues`.
    pub seed: u64,
    /// Emit [`Effect::Log`] for every decision.
    pub debug: bool,
}

/// An input: something that happened on the page or to a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Signal {
    /// A timer set from [`Engine::poll_timeout`] went off.
    Tick,
    PointerMove {
        y: f64,
    },
    /// A `mouseout` on the document.
    PointerOut {
        y: f64,
        related_target: bool,
        from_form_control: bool,
    },
    /// A `mouseover`: the pointer is in the page.
    PointerOver,
    Key {
        key: String,
        ctrl: bool,
        meta: bool,
    },
    Scroll {
        y: f64,
        viewport_height: f64,
        document_height: f64,
    },
    Visibility {
        visible: bool,
    },
    /// Any input that shows the shopper is there (pointer, key, touch, scroll).
    Activity,
    /// Single-page navigation: a new page view without a reload.
    Navigated(PageSignals),
    /// `setStage()`: `None` returns to detection.
    SetStage(Option<Stage>),
    /// `setContext()`, as a JSON object.
    SetContext(Value),
    Consent(bool),
    /// `show(id)`: bypasses the trigger and targeting, not privacy.
    Show(String),
    /// `hide()`: closes the open survey as dismissed.
    Hide,
    /// The widget rendered the survey announced by [`Effect::Open`].
    Opened,
    /// The widget could not render it: the page has a modal dialog open.
    OpenBlocked,
    /// The widget could not render it at all (its renderer did not load). The
    /// survey is not shown; a timed trigger is not tried again on this page
    /// view, an exit-intent trigger only when the shopper's next exit cue fires it.
    OpenFailed,
    /// The shopper's answer to the current question; `None` when skipped.
    Submit(Option<Answer>),
    /// Escape, or the close button.
    Dismiss,
    /// The collector's answer to [`Effect::Send`].
    SendResult {
        batch: u32,
        outcome: SendOutcome,
    },
    /// Another tab wrote this state.
    StorageChanged(Value),
}

/// An output: something the widget must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Render this survey's dialog at its first question, then answer with
    /// [`Signal::Opened`], [`Signal::OpenBlocked`] or [`Signal::OpenFailed`].
    Open {
        survey_id: String,
        response_id: String,
    },
    /// Show this question of the open survey.
    Question {
        index: usize,
    },
    /// The answer was not accepted; say why.
    Invalid(Invalid),
    /// Show the thank-you screen.
    Thanks,
    /// Remove the dialog.
    Close,
    /// Store this state (JSON).
    Persist(String),
    /// Remove the stored state (consent withdrawn).
    ClearStorage,
    /// Send this request, then answer with [`Signal::SendResult`].
    Send(Batch),
    Event(Event),
    /// A decision and its reason, for `data-debug`.
    Log(String),
    /// A problem to report through the `error` event and the console.
    Error(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Shown,
    Answered,
    Completed,
    Dismissed,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Shown => "shown",
            EventKind::Answered => "answered",
            EventKind::Completed => "completed",
            EventKind::Dismissed => "dismissed",
        }
    }
}

/// An event for page code: `on()`, a `CustomEvent`, and `dataLayer`.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub kind: EventKind,
    pub survey_id: String,
    pub response_id: String,
    /// For `answered`.
    pub question_id: Option<String>,
    pub value: Option<Value>,
}

impl Event {
    /// The `detail` object, as JSON.
    pub fn detail_json(&self) -> String {
        let mut out = String::new();
        let mut o = ObjectWriter::new(&mut out);
        o.str("survey_id", &self.survey_id).str("response_id", &self.response_id);
        if let Some(q) = &self.question_id {
            o.str("question_id", q);
        }
        if let Some(v) = &self.value {
            o.value("value", v);
        }
        o.finish();
        out
    }
}

/// A trigger that fired with a grace period still running.
#[derive(Debug, Clone)]
struct Pending {
    survey: usize,
    at: Millis,
    trigger: &'static str,
    /// Pointer exits are called off when the pointer comes back in time.
    cancel_on_reentry: bool,
}

/// A survey announced with [`Effect::Open`], waiting for the widget's answer.
#[derive(Debug, Clone)]
struct Opening {
    survey: usize,
    trigger: &'static str,
    response_id: String,
}

#[derive(Debug)]
pub struct Engine {
    config: SiteConfig,
    page: PageSignals,
    explicit_stage: Option<Stage>,
    stage: Stage,
    stage_source: StageSource,
    device: Device,
    locale: String,
    explicit_context: Map,
    consent: bool,
    gpc: bool,
    dnt: bool,
    state: State,
    detector: ExitDetector,
    page_start: Millis,
    last_activity: Millis,
    /// Per survey: whether its trigger has fired on this page view.
    fired: Vec<bool>,
    /// Per survey: whether a one-shot trigger (page view, time, scroll, idle) is spent.
    spent: Vec<bool>,
    pending: Vec<Pending>,
    opening: Option<Opening>,
    flow: Option<Flow>,
    thanks_until: Option<Millis>,
    blocked_retry: Option<(usize, Millis, &'static str)>,
    scroll_percent: f64,
    effects: VecDeque<Effect>,
    rng: Rng,
    dirty: bool,
    /// The session activity time last written to storage.
    persisted_seen: Millis,
    debug: bool,
}

impl Engine {
    pub fn new(setup: Setup, now: Millis) -> Engine {
        let mut rng = Rng::new(setup.seed);
        let (mut state, reset) = match &setup.stored_state {
            Some(stored) => State::from_stored(stored, now, &mut rng),
            None => (State::fresh(now, &mut rng), None),
        };
        state.touch_session(now, &mut rng);
        state.outbox.new_page_view(now);
        let n = setup.config.surveys.len();
        let consent = setup.consent.unwrap_or(!setup.config.privacy.require_consent);
        let mut engine = Engine {
            config: setup.config,
            page: setup.page,
            explicit_stage: setup.stage,
            stage: Stage::Other,
            stage_source: StageSource::Default,
            device: setup.device,
            locale: setup.locale,
            explicit_context: Map::default(),
            consent,
            gpc: setup.gpc,
            dnt: setup.dnt,
            state,
            detector: ExitDetector::new(),
            page_start: now,
            last_activity: now,
            fired: vec![false; n],
            spent: vec![false; n],
            pending: Vec::new(),
            opening: None,
            flow: None,
            thanks_until: None,
            blocked_retry: None,
            scroll_percent: 0.0,
            effects: VecDeque::new(),
            rng,
            dirty: true,
            persisted_seen: now,
            debug: setup.debug,
        };
        if let Some(reason) = reset {
            engine.log(|| cat!["starting with fresh local state: ", reason]);
        }
        engine.set_context(setup.context);
        engine.new_page_view(now);
        engine.after(now);
        engine
    }

    // ----- the quinn-style interface -------------------------------------------------

    /// Feeds one input at time `now`.
    pub fn handle(&mut self, now: Millis, signal: Signal) {
        match signal {
            Signal::Tick => {}
            Signal::PointerMove { y } => {
                self.activity(now);
                self.detector.pointer_move(y);
            }
            Signal::PointerOut { y, related_target, from_form_control } => {
                if let Some(cue) = self.detector.pointer_out(y, related_target, from_form_control) {
                    self.exit_cue(now, cue);
                }
            }
            Signal::PointerOver => {
                if self.detector.pointer_over() {
                    let before = self.pending.len();
                    self.pending.retain(|p| !p.cancel_on_reentry);
                    if self.pending.len() != before {
                        self.log(|| "pointer came back within delay_ms: exit intent called off".to_owned());
                    }
                }
            }
            Signal::Key { key, ctrl, meta } => {
                self.activity(now);
                if let Some(cue) = self.detector.key(&key, ctrl, meta) {
                    self.exit_cue(now, cue);
                }
            }
            Signal::Scroll { y, viewport_height, document_height } => {
                self.activity(now);
                if document_height > viewport_height {
                    let pct = ((y + viewport_height) / document_height * 100.0).min(100.0);
                    self.scroll_percent = self.scroll_percent.max(pct);
                } else {
                    self.scroll_percent = 100.0;
                }
                if let Some(cue) = self.detector.scroll(now, y, viewport_height) {
                    self.exit_cue(now, cue);
                }
                self.scroll_triggers(now);
            }
            Signal::Visibility { visible } => {
                if !visible {
                    // The page may be going away: store the session's last activity now.
                    self.dirty = true;
                }
                if let Some(cue) = self.detector.visibility(now, visible) {
                    self.activity(now);
                    self.exit_cue(now, cue);
                }
            }
            Signal::Activity => self.activity(now),
            Signal::Navigated(page) => {
                self.page = page;
                self.new_page_view(now);
            }
            Signal::SetStage(stage) => {
                self.explicit_stage = stage;
                self.detect_stage();
            }
            Signal::SetContext(v) => {
                let Value::Object(map) = v else {
                    self.error(cat!["setContext expects an object, got ", v.kind()]);
                    return self.after(now);
                };
                let mut merged = self.explicit_context.clone();
                for (k, v) in map.iter() {
                    merged.insert(k, v.clone());
                }
                self.set_context(merged);
            }
            Signal::Consent(granted) => self.set_consent(now, granted),
            Signal::Show(id) => self.show(now, &id),
            Signal::Hide | Signal::Dismiss => self.dismiss(now),
            Signal::Opened => self.opened(now),
            Signal::OpenBlocked => {
                if let Some(o) = self.opening.take() {
                    let id = self.config.surveys[o.survey].id.clone();
                    self.log(|| cat![id, ": the page has a modal dialog open; not opening over it"]);
                    // An exit moment has passed; timed triggers try again shortly.
                    if !o.trigger.starts_with("exit_intent") && o.trigger != "manual" {
                        self.blocked_retry = Some((o.survey, now + BLOCKED_RETRY_MS, o.trigger));
                    }
                }
            }
            Signal::OpenFailed => {
                if let Some(o) = self.opening.take() {
                    let id = self.config.surveys[o.survey].id.clone();
                    self.log(|| cat![id, ": could not be drawn; not shown"]);
                }
            }
            Signal::Submit(answer) => self.submit(now, answer),
            Signal::SendResult { batch, outcome } => {
                let dropped = self.state.outbox.finish(batch, now, outcome, &mut self.rng);
                for s in dropped {
                    self.error(cat![
                        "the collector rejected response ",
                        s.response_id,
                        " of survey ",
                        s.survey_id,
                        "; it was dropped"
                    ]);
                }
                self.dirty = true;
            }
            Signal::StorageChanged(value) => {
                let (other, problem) = State::from_stored(&Ok(value), now, &mut self.rng);
                if problem.is_none() {
                    self.state.merge(&other);
                }
            }
        }
        self.after(now);
    }

    /// When to call [`Engine::handle`] with [`Signal::Tick`] next, if ever.
    pub fn poll_timeout(&self) -> Option<Millis> {
        let mut next: Option<Millis> = None;
        let mut consider = |t: Millis| next = Some(next.map_or(t, |n: Millis| n.min(t)));
        for p in &self.pending {
            consider(p.at);
        }
        if let Some(t) = self.thanks_until {
            consider(t);
        }
        if let Some((_, t, _)) = self.blocked_retry {
            consider(t);
        }
        if self.may_store()
            && let Some(t) = self.state.outbox.next_wakeup()
        {
            consider(t);
        }
        if self.may_show() {
            for (i, s) in self.config.surveys.iter().enumerate() {
                if let Some(t) = self.timed_trigger_at(i, s) {
                    consider(t);
                }
            }
        }
        next
    }

    /// The next thing to do, in order.
    pub fn poll_effect(&mut self) -> Option<Effect> {
        self.effects.pop_front()
    }

    // ----- read access for rendering and explain() ----------------------------------

    pub fn config(&self) -> &SiteConfig {
        &self.config
    }

    pub fn stage(&self) -> (Stage, StageSource) {
        (self.stage, self.stage_source)
    }

    pub fn locale(&self) -> &str {
        &self.locale
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    /// The open survey and its flow, while one is on screen.
    pub fn open_survey(&self) -> Option<(&Survey, &Flow)> {
        let flow = self.flow.as_ref()?;
        Some((&self.config.surveys[flow.survey], flow))
    }

    /// The survey announced with [`Effect::Open`] and not yet rendered.
    pub fn opening_survey(&self) -> Option<(&Survey, &str)> {
        let o = self.opening.as_ref()?;
        Some((&self.config.surveys[o.survey], &o.response_id))
    }

    /// How the survey announced with [`Effect::Open`] was triggered
    /// (`exit_intent:pointer_top`, `manual`, ...).
    pub fn opening_trigger(&self) -> Option<&'static str> {
        self.opening.as_ref().map(|o| o.trigger)
    }

    /// The context a response would carry now.
    pub fn context(&self) -> Map {
        let mut ctx = Map::default();
        if !self.page.referrer.is_empty() {
            ctx.insert("referrer", Value::String(self.page.referrer.clone()));
        }
        if let Some(utm) = &self.state.utm {
            for (k, v) in &utm.params {
                ctx.insert(k, Value::String(v.clone()));
            }
        }
        if self.stage == Stage::ThankYou {
            for (k, v) in stage::order_context(&self.page).iter() {
                ctx.insert(k, v.clone());
            }
        }
        for (k, v) in self.explicit_context.iter() {
            ctx.insert(k, v.clone());
        }
        ctx.0.truncate(MAX_CONTEXT_KEYS);
        ctx
    }

    /// Bodies for `navigator.sendBeacon` when the page is being hidden.
    pub fn beacon_bodies(&self) -> Vec<String> {
        if self.may_store() { self.state.outbox.beacon_bodies() } else { Vec::new() }
    }

    /// For each survey: whether it could show now, and every reason it cannot.
    pub fn explain(&self, now: Millis) -> Vec<(String, Vec<Reason>)> {
        let facts = self.facts(now);
        self.config
            .surveys
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut reasons = eligibility::trigger_reasons(s, &facts);
                if let Some(f) = &self.flow
                    && f.survey == i
                {
                    reasons.retain(|r| *r != Reason::AnotherOpen);
                }
                match s.trigger.kind {
                    TriggerKind::Manual => reasons.push(Reason::ManualOnly),
                    _ => {
                        let armed = self.armed_at(s);
                        if now < armed {
                            reasons.push(Reason::TooEarly { until: armed });
                        } else if !self.fired[i] {
                            reasons.push(Reason::TriggerNotFired);
                        }
                    }
                }
                (s.id.clone(), reasons)
            })
            .collect()
    }

    /// [`Engine::explain`] as JSON: `[{"survey_id", "eligible", "reasons": [{"code", "message"}]}]`.
    pub fn explain_json(&self, now: Millis) -> String {
        let mut out = String::from("[");
        for (i, (id, reasons)) in self.explain(now).iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let mut list = String::from("[");
            for (j, r) in reasons.iter().enumerate() {
                if j > 0 {
                    list.push(',');
                }
                r.write_json(&mut list);
            }
            list.push(']');
            let mut o = ObjectWriter::new(&mut out);
            o.str("survey_id", id)
                .bool("eligible", reasons.is_empty())
                .str("stage", self.stage.as_str())
                .raw("reasons", &list);
            o.finish();
        }
        out.push(']');
        out
    }

    // ----- internals ----------------------------------------------------------------

    fn log(&mut self, message: impl FnOnce() -> String) {
        if self.debug {
            self.effects.push_back(Effect::Log(message()));
        }
    }

    fn error(&mut self, message: String) {
        self.effects.push_back(Effect::Error(message));
    }

    fn facts(&self, now: Millis) -> Facts<'_> {
        Facts {
            now,
            config: &self.config,
            state: &self.state,
            stage: self.stage,
            path: &self.page.path,
            device: self.device,
            consent: self.consent,
            gpc: self.gpc,
            dnt: self.dnt,
            survey_open: self.flow.is_some() || self.opening.is_some(),
        }
    }

    /// Whether anything may be stored or sent: consent given, no GPC/DNT block.
    fn may_store(&self) -> bool {
        self.consent
            && !(self.gpc && self.config.privacy.respect_gpc)
            && !(self.dnt && self.config.privacy.respect_dnt)
    }

    fn may_show(&self) -> bool {
        self.may_store() && self.flow.is_none() && self.opening.is_none()
    }

    fn set_context(&mut self, ctx: Map) {
        let mut problems = Problems::default();
        let path = Path::ROOT;
        let context_path = path.key("context");
        // Keep the valid keys even when some are not; report the rest.
        let mut kept = Map::default();
        for (k, v) in ctx.iter() {
            let mut one = Map::default();
            one.insert(k, v.clone());
            if decode_context(&Value::Object(one), &context_path, &mut problems).is_some() {
                if kept.len() < MAX_CONTEXT_KEYS || kept.get(k).is_some() {
                    kept.insert(k, v.clone());
                } else {
                    problems.error(
                        &context_path.key(k),
                        cat!["dropped: context holds at most ", MAX_CONTEXT_KEYS, " keys"],
                    );
                }
            }
        }
        for p in problems.into_vec() {
            self.error(cat!["bad context: ", p]);
        }
        self.explicit_context = kept;
    }

    fn set_consent(&mut self, now: Millis, granted: bool) {
        self.consent = granted;
        if granted {
            self.log(|| "consent granted".to_owned());
            self.dirty = true;
            return;
        }
        // Withdrawn: forget everything, close without recording.
        self.log(|| "consent withdrawn: local state cleared".to_owned());
        if self.flow.take().is_some() || self.opening.take().is_some() {
            self.effects.push_back(Effect::Close);
        }
        self.pending.clear();
        self.thanks_until = None;
        self.state = State::fresh(now, &mut self.rng);
        self.effects.push_back(Effect::ClearStorage);
        self.dirty = false;
    }

    /// The shopper did something: the idle clock restarts and the session
    /// stays alive. Not persisted on its own (that would write storage on every
    /// mouse move); the next persist, at the latest when the page is hidden,
    /// carries it.
    fn activity(&mut self, now: Millis) {
        self.last_activity = now;
        self.state.session.last_seen = self.state.session.last_seen.max(now);
        // At most one write a minute keeps the session alive in storage even
        // when the page is killed without being hidden first.
        if now - self.persisted_seen >= SESSION_PERSIST_MS {
            self.dirty = true;
        }
    }

    fn detect_stage(&mut self) {
        let (stage, source) = stage::detect_stage(self.explicit_stage, &self.page, &self.config.stages);
        if (stage, source) != (self.stage, self.stage_source) {
            self.log(|| cat!["page stage: ", stage.as_str(), " (from ", source.as_str(), ")"]);
        }
        self.stage = stage;
        self.stage_source = source;
    }

    fn new_page_view(&mut self, now: Millis) {
        self.page_start = now;
        self.last_activity = now;
        self.detector = ExitDetector::new();
        self.fired.iter_mut().for_each(|f| *f = false);
        self.spent.iter_mut().for_each(|f| *f = false);
        self.pending.clear();
        self.blocked_retry = None;
        self.scroll_percent = 0.0;
        self.detect_stage();
        let utm = stage::utm_params(&self.page.query);
        self.state.remember_utm(utm, now);
        self.dirty = true;
    }

    /// When the survey's trigger is armed on this page view.
    fn armed_at(&self, s: &Survey) -> Millis {
        self.page_start + Millis::from(s.trigger.min_seconds_on_page) * 1000
    }

    /// When a not-yet-spent timed trigger (page view, time on page, idle) fires.
    fn timed_trigger_at(&self, i: usize, s: &Survey) -> Option<Millis> {
        if self.spent[i] || s.status != SurveyStatus::Active {
            return None;
        }
        let armed = self.armed_at(s);
        let t = &s.trigger;
        match t.kind {
            TriggerKind::PageView => Some(armed),
            TriggerKind::TimeOnPage { seconds } => {
                Some(armed.max(self.page_start + Millis::from(seconds) * 1000))
            }
            TriggerKind::Idle { .. } => Some(armed.max(self.last_activity + t.idle_ms() as Millis)),
            TriggerKind::ExitIntent if t.signal_enabled(ExitSignal::Idle) => {
                Some(armed.max(self.last_activity + t.idle_ms() as Millis))
            }
            _ => None,
        }
    }

    /// Runs after every input: due timers, then sending and persisting.
    fn after(&mut self, now: Millis) {
        if self.may_show() {
            self.timed_triggers(now);
            self.due_pending(now);
            if let Some((survey, at, trigger)) = self.blocked_retry
                && at <= now
            {
                self.blocked_retry = None;
                self.try_open(now, vec![survey], trigger);
            }
        }
        if self.thanks_until.is_some_and(|t| t <= now) {
            self.thanks_until = None;
            self.flow = None;
            self.effects.push_back(Effect::Close);
        }
        if self.may_store() {
            self.send_due(now);
            if self.dirty {
                self.dirty = false;
                self.persisted_seen = self.state.session.last_seen;
                self.effects.push_back(Effect::Persist(self.state.to_json()));
            }
        }
    }

    /// Gives up what waited too long and sends what is due.
    fn send_due(&mut self, now: Millis) {
        for s in self.state.outbox.expire(now) {
            self.error(cat![
                "gave up sending response ",
                s.response_id,
                " of survey ",
                s.survey_id,
                " after 7 days without an acknowledgement"
            ]);
            self.dirty = true;
        }
        self.state.outbox.check_timeout(now, &mut self.rng);
        if let Some(batch) = self.state.outbox.take_batch(now) {
            self.effects.push_back(Effect::Send(batch));
        }
    }

    fn timed_triggers(&mut self, now: Millis) {
        let mut due = Vec::new();
        for (i, s) in self.config.surveys.iter().enumerate() {
            if self.timed_trigger_at(i, s).is_some_and(|t| t <= now) {
                due.push(i);
            }
        }
        for i in due {
            self.spent[i] = true;
            let s = &self.config.surveys[i];
            let name = match s.trigger.kind {
                TriggerKind::ExitIntent => "exit_intent:idle",
                other => other.as_str(),
            };
            self.fire(now, vec![i], name, false);
        }
    }

    fn scroll_triggers(&mut self, now: Millis) {
        let mut due = Vec::new();
        for (i, s) in self.config.surveys.iter().enumerate() {
            if let TriggerKind::ScrollDepth { percent } = s.trigger.kind
                && !self.spent[i]
                && self.scroll_percent >= f64::from(percent)
                && now >= self.armed_at(s)
            {
                due.push(i);
            }
        }
        for &i in &due {
            self.spent[i] = true;
        }
        if !due.is_empty() {
            self.fire(now, due, "scroll_depth", false);
        }
    }

    fn exit_cue(&mut self, now: Millis, cue: ExitCue) {
        let (signal, name) = match cue {
            ExitCue::PointerTop { .. } => (ExitSignal::PointerTop, "exit_intent:pointer_top"),
            ExitCue::AddressBar => (ExitSignal::AddressBar, "exit_intent:address_bar"),
            ExitCue::ScrollUp => (ExitSignal::ScrollUp, "exit_intent:scroll_up"),
            ExitCue::TabReturn => (ExitSignal::TabReturn, "exit_intent:tab_return"),
        };
        let device = self.device;
        let mut matching = Vec::new();
        let mut notes = Vec::new();
        for (i, s) in self.config.surveys.iter().enumerate() {
            let t = &s.trigger;
            if t.kind != TriggerKind::ExitIntent || !t.signal_enabled(signal) {
                continue;
            }
            // A fast scroll up is a touch gesture; on a desktop it is a mouse wheel.
            if signal == ExitSignal::ScrollUp && device == Device::Desktop && t.signals.is_empty() {
                continue;
            }
            if let ExitCue::PointerTop { y } = cue
                && y > f64::from(t.sensitivity)
            {
                continue;
            }
            if now < self.armed_at(s) {
                if self.debug {
                    let until = self.armed_at(s);
                    notes.push(cat![s.id, ": ", name, " ignored: ", Reason::TooEarly { until }.message()]);
                }
                continue;
            }
            matching.push(i);
        }
        for note in notes {
            self.log(|| note);
        }
        if !matching.is_empty() {
            self.fire(now, matching, name, signal == ExitSignal::PointerTop);
        }
    }

    /// A trigger fired for these surveys: open the best eligible one, now or
    /// after its grace period.
    fn fire(&mut self, now: Millis, surveys: Vec<usize>, trigger: &'static str, cancel_on_reentry: bool) {
        let mut immediate = Vec::new();
        for i in surveys {
            self.fired[i] = true;
            let delay = self.config.surveys[i].trigger.delay_ms;
            if delay > 0 {
                if !self.pending.iter().any(|p| p.survey == i) {
                    self.pending.push(Pending {
                        survey: i,
                        at: now + Millis::from(delay),
                        trigger,
                        cancel_on_reentry,
                    });
                    let id = self.config.surveys[i].id.clone();
                    self.log(|| cat![id, ": ", trigger, " fired; opening after delay_ms ", delay]);
                }
            } else {
                immediate.push(i);
            }
        }
        if !immediate.is_empty() {
            self.try_open(now, immediate, trigger);
        }
    }

    fn due_pending(&mut self, now: Millis) {
        let (due, rest): (Vec<Pending>, Vec<Pending>) = self.pending.drain(..).partition(|p| p.at <= now);
        self.pending = rest;
        if let Some(first) = due.first() {
            let trigger = first.trigger;
            self.try_open(now, due.iter().map(|p| p.survey).collect(), trigger);
        }
    }

    /// Checks every rule for the candidates and opens the winner, if any.
    fn try_open(&mut self, now: Millis, candidates: Vec<usize>, trigger: &'static str) {
        let facts = self.facts(now);
        let mut eligible = Vec::new();
        let mut rejected = Vec::new();
        for i in candidates {
            let s = &self.config.surveys[i];
            let reasons = eligibility::trigger_reasons(s, &facts);
            if reasons.is_empty() {
                eligible.push((i, s));
            } else if self.debug {
                let list: Vec<String> = reasons.iter().map(Reason::message).collect();
                rejected.push(cat![s.id, ": ", trigger, " fired but not shown: ", list.join("; ")]);
            }
        }
        let winner = eligibility::pick(eligible);
        for r in rejected {
            self.log(|| r);
        }
        if let Some(i) = winner {
            self.begin_open(now, i, trigger);
        }
    }

    fn begin_open(&mut self, now: Millis, survey: usize, trigger: &'static str) {
        let response_id = self.rng.uuid_v7(now);
        let survey_id = self.config.surveys[survey].id.clone();
        self.log(|| cat![survey_id, ": opening (", trigger, ")"]);
        self.pending.retain(|p| p.survey != survey);
        self.opening = Some(Opening { survey, trigger, response_id: response_id.clone() });
        self.effects.push_back(Effect::Open { survey_id, response_id });
    }

    fn show(&mut self, now: Millis, id: &str) {
        let Some(i) = self.config.surveys.iter().position(|s| s.id == id) else {
            let known: Vec<&str> = self.config.surveys.iter().map(|s| s.id.as_str()).collect();
            self.error(cat![
                "show(\"",
                id,
                "\"): no such survey; known: ",
                if known.is_empty() { "none".to_owned() } else { known.join(", ") }
            ]);
            return;
        };
        let facts = self.facts(now);
        let blocked = eligibility::privacy_reasons(&facts);
        if let Some(r) = blocked.first() {
            self.error(cat!["show(\"", id, "\"): not shown: ", r.message()]);
            return;
        }
        if facts.survey_open {
            self.error(cat!["show(\"", id, "\"): not shown: another survey is open"]);
            return;
        }
        self.begin_open(now, i, "manual");
    }

    fn opened(&mut self, now: Millis) {
        let Some(o) = self.opening.take() else { return };
        let survey = &self.config.surveys[o.survey];
        let survey_id = survey.id.clone();
        let snapshot = Snapshot {
            response_id: o.response_id.clone(),
            revision: 1,
            survey_id: survey_id.clone(),
            status: ResponseStatus::Shown,
            answers: Vec::new(),
            shown_at: now,
            updated_at: now,
            visitor_id: self.state.visitor_id.clone(),
            session_id: self.state.session.id.clone(),
            trigger: o.trigger.to_owned(),
            stage: Some(self.stage),
            device: Some(self.device),
            locale: self.locale.clone(),
            page_url: self.page.url.chars().take(2000).collect(),
            context: self.context(),
        };
        self.state.record_shown(&survey_id, now);
        self.state.outbox.put(&snapshot, now);
        self.flow = Some(Flow::new(o.survey, snapshot));
        self.dirty = true;
        self.effects.push_back(Effect::Event(Event {
            kind: EventKind::Shown,
            survey_id,
            response_id: o.response_id,
            question_id: None,
            value: None,
        }));
    }

    fn submit(&mut self, now: Millis, answer: Option<Answer>) {
        let Some(flow) = self.flow.as_mut() else {
            return self.error("no survey is open".to_owned());
        };
        let survey = &self.config.surveys[flow.survey];
        let question_id = flow.current.map(|c| survey.questions[c].id.clone());
        let value = answer.as_ref().map(Answer::to_value);
        match flow.submit(survey, answer, now) {
            Err(invalid) => self.effects.push_back(Effect::Invalid(invalid)),
            Ok(step) => {
                let snapshot = flow.response.clone();
                let survey_id = survey.id.clone();
                let response_id = snapshot.response_id.clone();
                self.state.outbox.put(&snapshot, now);
                self.dirty = true;
                if let (Some(question_id), Some(value)) = (question_id, value) {
                    self.effects.push_back(Effect::Event(Event {
                        kind: EventKind::Answered,
                        survey_id: survey_id.clone(),
                        response_id: response_id.clone(),
                        question_id: Some(question_id),
                        value: Some(value),
                    }));
                }
                match step {
                    Step::Question(index) => self.effects.push_back(Effect::Question { index }),
                    Step::Done => {
                        self.state.record_completed(&survey_id, now);
                        self.effects.push_back(Effect::Thanks);
                        self.effects.push_back(Effect::Event(Event {
                            kind: EventKind::Completed,
                            survey_id,
                            response_id,
                            question_id: None,
                            value: None,
                        }));
                        self.thanks_until = Some(now + THANKS_MS);
                    }
                }
            }
        }
    }

    fn dismiss(&mut self, now: Millis) {
        if self.opening.take().is_some() {
            self.effects.push_back(Effect::Close);
        } else {
            self.dismiss_open(now);
        }
    }

    /// Closes the survey on screen, recorded as dismissed.
    fn dismiss_open(&mut self, now: Millis) {
        let Some(mut flow) = self.flow.take() else { return };
        self.thanks_until = None;
        self.effects.push_back(Effect::Close);
        if flow.dismiss(now) {
            let survey_id = flow.response.survey_id.clone();
            let response_id = flow.response.response_id.clone();
            self.state.outbox.put(&flow.response, now);
            self.dirty = true;
            self.effects.push_back(Effect::Event(Event {
                kind: EventKind::Dismissed,
                survey_id,
                response_id,
                question_id: None,
                value: None,
            }));
        }
    }
}

#[cfg(test)]
mod tests;

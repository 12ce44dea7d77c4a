//! The engine driven end to end with a simulated clock: exit-intent scenarios
//! as data, frequency rules over months, the outbox over a week, consent,
//! explain(), and a property test that no sequence of events beats the rules.
#![allow(clippy::type_complexity)]
#[allow(unused_imports)]
use crate::prelude::*;

use super::*;
use exitpoll_protocol::config::SiteConfig;
use exitpoll_protocol::json;
use proptest::prelude::*;

const SECOND: Millis = 1000;
const MINUTE: Millis = 60 * SECOND;
const HOUR: Millis = 60 * MINUTE;
const DAY: Millis = 24 * HOUR;
/// 2026-11-22T00:00:00Z: simulated time starts somewhere realistic.
const T0: Millis = 1_795_305_600_000;

/// A simulated browser around one engine: it answers `Open` with `Opened`,
/// keeps what `Persist` stores, records sends and opens, and can "reload".
struct Sim {
    engine: Engine,
    now: Millis,
    config: String,
    device: Device,
    url: String,
    stored: Option<String>,
    opens: Vec<(Millis, String, String)>,
    sends: Vec<(Millis, Batch)>,
    events: Vec<(Millis, EventKind, String)>,
    errors: Vec<String>,
    invalid: Vec<Invalid>,
    /// What the collector answers to each request.
    collector: Option<SendOutcome>,
    modal_open: bool,
    /// The widget cannot draw (its renderer did not load).
    draw_fails: bool,
    seed: u64,
}

fn page(url: &str) -> PageSignals {
    let path = url.split_once("://").map_or(url, |(_, r)| r.find('/').map_or("/", |i| &r[i..]));
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    PageSignals { url: url.into(), path: path.into(), query: query.into(), ..PageSignals::default() }
}

impl Sim {
    fn new(config: &str, device: Device, url: &str) -> Sim {
        let mut sim = Sim {
            engine: Engine::new(setup(config, device, url, None, 1), T0),
            now: T0,
            config: config.to_owned(),
            device,
            url: url.to_owned(),
            stored: None,
            opens: Vec::new(),
            sends: Vec::new(),
            events: Vec::new(),
            errors: Vec::new(),
            invalid: Vec::new(),
            collector: Some(SendOutcome::Acked),
            modal_open: false,
            draw_fails: false,
            seed: 1,
        };
        sim.drain();
        sim
    }

    /// A new page view: the old page is hidden (as browsers do before
    /// unloading it), then a new engine starts from what was stored.
    fn reload(&mut self, url: &str) {
        self.signal(Signal::Visibility { visible: false });
        self.seed += 1;
        self.url = url.to_owned();
        self.engine =
            Engine::new(setup(&self.config, self.device, url, self.stored.clone(), self.seed), self.now);
        self.drain();
    }

    /// Advances the clock to `t`, firing every timer on the way.
    fn advance_to(&mut self, t: Millis) {
        while let Some(wake) = self.engine.poll_timeout() {
            if wake > t {
                break;
            }
            self.now = self.now.max(wake);
            self.engine.handle(self.now, Signal::Tick);
            self.drain();
        }
        self.now = self.now.max(t);
    }

    fn advance(&mut self, by: Millis) {
        self.advance_to(self.now + by);
    }

    fn signal(&mut self, s: Signal) {
        self.engine.handle(self.now, s);
        self.drain();
    }

    fn drain(&mut self) {
        while let Some(e) = self.engine.poll_effect() {
            match e {
                Effect::Open { survey_id, .. } => {
                    if self.draw_fails {
                        self.engine.handle(self.now, Signal::OpenFailed);
                    } else if self.modal_open {
                        self.engine.handle(self.now, Signal::OpenBlocked);
                    } else {
                        let trig =
                            self.engine.opening.as_ref().map(|o| o.trigger.to_owned()).unwrap_or_default();
                        self.opens.push((self.now, survey_id, trig));
                        self.engine.handle(self.now, Signal::Opened);
                    }
                }
                Effect::Persist(s) => self.stored = Some(s),
                Effect::ClearStorage => self.stored = None,
                Effect::Send(batch) => {
                    let id = batch.id;
                    self.sends.push((self.now, batch));
                    if let Some(outcome) = self.collector {
                        self.engine.handle(self.now, Signal::SendResult { batch: id, outcome });
                    }
                }
                Effect::Event(ev) => self.events.push((self.now, ev.kind, ev.survey_id)),
                Effect::Error(m) => self.errors.push(m),
                Effect::Invalid(i) => self.invalid.push(i),
                Effect::Question { .. } | Effect::Thanks | Effect::Close | Effect::Log(_) => {}
            }
        }
    }

    fn reasons(&self, survey: &str) -> Vec<&'static str> {
        self.engine
            .explain(self.now)
            .into_iter()
            .find(|(id, _)| id == survey)
            .map(|(_, r)| r.iter().map(Reason::code).collect())
            .unwrap_or_default()
    }

    /// Moves the pointer inside the page, up, and out through the top.
    fn exit_top(&mut self) {
        for y in [400.0, 200.0, 50.0] {
            self.signal(Signal::PointerMove { y });
            self.now += 10;
        }
        self.signal(Signal::PointerOut { y: -5.0, related_target: false, from_form_control: false });
        self.now += 10;
        self.signal(Signal::PointerOver);
    }

    fn answer_all(&mut self) {
        while let Some((survey, flow)) = self.engine.open_survey() {
            let Some(i) = flow.current else { break };
            let answer = match &survey.questions[i].kind {
                exitpoll_protocol::config::QuestionKind::Nps { .. } => Answer::Number(9),
                exitpoll_protocol::config::QuestionKind::SingleChoice { choices, .. } => {
                    Answer::Text(choices[0].id.clone())
                }
                _ => Answer::Text("clicked".into()),
            };
            self.signal(Signal::Submit(Some(answer)));
        }
    }
}

fn setup(config: &str, device: Device, url: &str, stored: Option<String>, seed: u64) -> Setup {
    Setup {
        config: SiteConfig::decode(config).into_strict().unwrap_or_else(|p| panic!("{p}")),
        page: page(url),
        stage: None,
        device,
        locale: "en".into(),
        context: Map::default(),
        consent: None,
        gpc: false,
        dnt: false,
        stored_state: stored.map(|text| json::parse(&text).map_err(|e| e.to_string())),
        seed,
        debug: true,
    }
}

/// A site with one survey whose trigger is `trigger` (JSON) and whose
/// frequency is `frequency` (JSON).
fn one_survey(trigger: &str, frequency: &str, throttle: &str) -> String {
    format!(
        r#"{{"site": "s", "throttle": {throttle}, "surveys": [{{"id": "exit", "trigger": {trigger}, "frequency": {frequency},
            "questions": [{{"id": "q", "type": "nps", "prompt": "How likely?"}}]}}]}}"#
    )
}

// ----- exit-intent scenarios as data ---------------------------------------------------

/// Runs a script of `ms command args` lines (times since page load) and
/// returns when a survey opened, and by which trigger.
fn scenario(trigger: &str, device: Device, script: &str) -> Option<(Millis, String)> {
    let config = one_survey(
        trigger,
        r#"{"show": "always", "recontact_days": 0}"#,
        r#"{"cooldown_hours": 0, "max_per_session": 10}"#,
    );
    let mut sim = Sim::new(&config, device, "https://shop.example/cart");
    for line in script.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut parts = line.split_whitespace();
        let t: Millis = parts.next().unwrap().parse().unwrap();
        sim.advance_to(T0 + t);
        let cmd = parts.next().unwrap();
        let args: Vec<&str> = parts.collect();
        let num = |i: usize| args[i].parse::<f64>().unwrap();
        let signal = match cmd {
            "move" => Signal::PointerMove { y: num(0) },
            "out" => Signal::PointerOut {
                y: num(0),
                related_target: args.contains(&"related"),
                from_form_control: args.contains(&"select"),
            },
            "over" => Signal::PointerOver,
            "key" => Signal::Key {
                key: args[0].into(),
                ctrl: args.contains(&"ctrl"),
                meta: args.contains(&"meta"),
            },
            "scroll" => Signal::Scroll { y: num(0), viewport_height: 844.0, document_height: 5000.0 },
            "hide" => Signal::Visibility { visible: false },
            "show" => Signal::Visibility { visible: true },
            "touch" => Signal::Activity,
            "wait" => Signal::Tick,
            other => panic!("unknown command {other}"),
        };
        sim.signal(signal);
    }
    sim.advance(60 * SECOND);
    sim.opens.first().map(|(t, _, trig)| (t - T0, trig.clone()))
}

/// A fast flick: 150 px every 16 ms, from `from` up to `to`, starting at `t`.
fn flick(t: Millis, from: f64, to: f64, step: f64, every: Millis) -> String {
    let mut out = String::new();
    let (mut y, mut now) = (from, t);
    while y > to {
        y = (y - step).max(to);
        now += every;
        out.push_str(&format!("{now} scroll {y}\n"));
    }
    out
}

fn read_down(until: Millis, to: f64) -> String {
    (1..=10).map(|i| format!("{} scroll {}\n", until * i / 10, to * i as f64 / 10.0)).collect()
}

#[test]
fn desktop_exit_intent_scenarios() {
    let exit = r#"{"type": "exit_intent"}"#;
    let armed3 = r#"{"type": "exit_intent", "min_seconds_on_page": 3}"#;
    let grace = r#"{"type": "exit_intent", "delay_ms": 500}"#;
    let strict = r#"{"type": "exit_intent", "sensitivity": 5}"#;
    let top = "1000 move 400\n1020 move 200\n1040 move 40\n1050 out -5";
    let cases: &[(&str, &str, &str, Option<(Millis, &str)>)] = &[
        ("leaving through the top", exit, top, Some((1050, "exit_intent:pointer_top"))),
        ("leaving sideways", exit, "1000 move 400\n1020 move 380\n1040 out 370", None),
        ("leaving at the bottom", exit, "1000 move 400\n1020 move 700\n1040 out 790", None),
        ("moving down when leaving near the top", exit, "1000 move 100\n1020 move 300\n1040 out 310", None),
        (
            "entering from the top and leaving again",
            exit,
            "1000 over\n1010 move 3\n1020 move 8\n1030 out -2",
            None,
        ),
        (
            "entering from the top, then reading, then leaving",
            exit,
            "1000 over\n1010 move 8\n1500 move 300\n1600 move 30\n1610 out -1",
            Some((1610, "exit_intent:pointer_top")),
        ),
        ("a select dropdown", exit, "1000 move 400\n1020 move 50\n1040 out -3 select", None),
        (
            "into an autofill popup (related target)",
            exit,
            "1000 move 400\n1020 move 50\n1040 out -3 related",
            None,
        ),
        ("leaving too early", armed3, "1000 move 400\n1020 move 40\n1030 out -5\n4000 wait", None),
        (
            "leaving after arming",
            armed3,
            "3000 move 400\n3020 move 40\n3030 out -5",
            Some((3030, "exit_intent:pointer_top")),
        ),
        (
            "quick re-entry within delay_ms",
            grace,
            "1000 move 400\n1020 move 40\n1030 out -5\n1300 over",
            None,
        ),
        ("staying out past delay_ms", grace, top, Some((1550, "exit_intent:pointer_top"))),
        ("outside the sensitivity band", strict, "1000 move 400\n1020 move 40\n1030 out 8", None),
        (
            "inside a narrow band",
            strict,
            "1000 move 400\n1020 move 40\n1030 out 2",
            Some((1030, "exit_intent:pointer_top")),
        ),
        ("Ctrl+L", exit, "2000 key l ctrl", Some((2000, "exit_intent:address_bar"))),
        ("Cmd+L", exit, "2000 key L meta", Some((2000, "exit_intent:address_bar"))),
        ("plain L", exit, "2000 key l", None),
        (
            "a desktop mouse wheel flick up",
            exit,
            &(read_down(2000, 2000.0) + &flick(3000, 2000.0, 1000.0, 150.0, 16)),
            None,
        ),
        ("returning to the tab", exit, "2000 hide\n5000 show", Some((5000, "exit_intent:tab_return"))),
        ("a glance at another tab", exit, "2000 hide\n2400 show", None),
    ];
    for (name, trigger, script, want) in cases {
        let got = scenario(trigger, Device::Desktop, script);
        let want = want.map(|(t, s)| (t, s.to_owned()));
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn touch_exit_intent_scenarios() {
    let exit = r#"{"type": "exit_intent"}"#;
    let no_scroll = r#"{"type": "exit_intent", "signals": ["tab_return"]}"#;
    let fast = read_down(3000, 1800.0) + &flick(4000, 1800.0, 1000.0, 60.0, 16);
    let slow = read_down(3000, 1800.0) + &flick(4000, 1800.0, 1000.0, 10.0, 50);
    let cases: &[(&str, &str, String, Option<(Millis, &str)>)] = &[
        // The pause before the flick does not count: 150 px are covered by the fourth sample.
        ("a fast scroll up after reading", exit, fast.clone(), Some((4064, "exit_intent:scroll_up"))),
        ("a slow scroll up after reading", exit, slow, None),
        (
            "a fast scroll up without reading first",
            exit,
            read_down(1000, 250.0) + &flick(2000, 250.0, 0.0, 60.0, 16),
            None,
        ),
        ("scroll signal switched off", no_scroll, fast, None),
        (
            "returning from another app",
            exit,
            "2000 hide\n9000 show".into(),
            Some((9000, "exit_intent:tab_return")),
        ),
    ];
    for (name, trigger, script, want) in cases {
        let got = scenario(trigger, Device::Mobile, script);
        let want = want.map(|(t, s)| (t, s.to_owned()));
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn idle_scenarios() {
    let idle = r#"{"type": "exit_intent", "signals": ["idle"], "idle_seconds": 5}"#;
    let default = r#"{"type": "exit_intent"}"#;
    let idle_trigger = r#"{"type": "idle", "seconds": 5}"#;
    assert_eq!(scenario(idle, Device::Mobile, ""), Some((5000, "exit_intent:idle".into())), "idle, opted in");
    assert_eq!(
        scenario(idle, Device::Mobile, "3000 touch"),
        Some((8000, "exit_intent:idle".into())),
        "activity restarts the clock"
    );
    assert_eq!(scenario(default, Device::Mobile, ""), None, "idle is opt-in");
    assert_eq!(
        scenario(idle_trigger, Device::Desktop, "1000 move 300"),
        Some((6000, "idle".into())),
        "the idle trigger type"
    );
}

#[test]
fn other_trigger_types() {
    assert_eq!(scenario(r#"{"type": "page_view"}"#, Device::Desktop, ""), Some((0, "page_view".into())));
    assert_eq!(
        scenario(r#"{"type": "page_view", "min_seconds_on_page": 2, "delay_ms": 300}"#, Device::Desktop, ""),
        Some((2300, "page_view".into()))
    );
    assert_eq!(
        scenario(r#"{"type": "time_on_page", "seconds": 20}"#, Device::Desktop, ""),
        Some((20_000, "time_on_page".into()))
    );
    assert_eq!(
        scenario(
            r#"{"type": "scroll_depth", "percent": 50}"#,
            Device::Desktop,
            "1000 scroll 1000\n2000 scroll 1800"
        ),
        Some((2000, "scroll_depth".into()))
    );
    assert_eq!(
        scenario(r#"{"type": "scroll_depth", "percent": 50}"#, Device::Desktop, "1000 scroll 1000"),
        None
    );
    assert_eq!(scenario(r#"{"type": "manual"}"#, Device::Desktop, "1000 key l ctrl"), None);
}

// ----- frequency rules in simulated time ----------------------------------------------------

fn exit_config(frequency: &str, throttle: &str) -> String {
    one_survey(r#"{"type": "exit_intent"}"#, frequency, throttle)
}

const NO_THROTTLE: &str = r#"{"cooldown_hours": 0, "max_per_session": 100}"#;

#[test]
fn once_means_once_ever() {
    let mut sim =
        Sim::new(&exit_config(r#"{"show": "once"}"#, NO_THROTTLE), Device::Desktop, "https://s.example/cart");
    sim.advance(SECOND);
    sim.exit_top();
    sim.signal(Signal::Dismiss);
    for day in [1, 40, 400] {
        sim.advance_to(T0 + day * DAY);
        sim.reload("https://s.example/cart");
        sim.advance(SECOND);
        sim.exit_top();
    }
    assert_eq!(sim.opens.len(), 1);
    assert!(sim.reasons("exit").contains(&"frequency"));
}

#[test]
fn thirty_day_recontact_until_answered() {
    let mut sim = Sim::new(
        &exit_config(r#"{"show": "until_answered", "recontact_days": 30}"#, NO_THROTTLE),
        Device::Desktop,
        "https://s.example/cart",
    );
    sim.advance(SECOND);
    sim.exit_top();
    sim.signal(Signal::Dismiss);
    assert_eq!(sim.opens.len(), 1);
    // Day 29: still inside the recontact window.
    sim.advance_to(T0 + 29 * DAY);
    sim.reload("https://s.example/cart");
    sim.advance(SECOND);
    sim.exit_top();
    assert_eq!(sim.opens.len(), 1);
    assert_eq!(sim.reasons("exit"), vec!["frequency"]);
    // Day 30 and a second: shown again; this time it is completed.
    sim.advance_to(T0 + 30 * DAY + 2 * SECOND);
    sim.reload("https://s.example/cart");
    sim.advance(SECOND);
    sim.exit_top();
    assert_eq!(sim.opens.len(), 2);
    sim.answer_all();
    // Completed: never again, even a year later.
    sim.advance_to(T0 + 400 * DAY);
    sim.reload("https://s.example/cart");
    sim.advance(SECOND);
    sim.exit_top();
    assert_eq!(sim.opens.len(), 2);
    assert!(sim.events.iter().any(|(_, k, _)| *k == EventKind::Completed));
}

#[test]
fn always_recontacts_even_after_completion() {
    let mut sim = Sim::new(
        &exit_config(r#"{"show": "always", "recontact_days": 7}"#, NO_THROTTLE),
        Device::Desktop,
        "https://s.example/cart",
    );
    sim.advance(SECOND);
    sim.exit_top();
    sim.answer_all();
    sim.advance_to(T0 + 8 * DAY);
    sim.reload("https://s.example/cart");
    sim.advance(SECOND);
    sim.exit_top();
    assert_eq!(sim.opens.len(), 2);
}

const TWO_SURVEYS: &str = r#"{"site": "s", "throttle": {"cooldown_hours": 24, "max_per_session": 5}, "surveys": [
    {"id": "a", "priority": 5, "trigger": {"type": "exit_intent"}, "frequency": {"show": "once"},
     "questions": [{"id": "q", "type": "nps", "prompt": "x"}]},
    {"id": "b", "priority": 1, "trigger": {"type": "exit_intent"}, "frequency": {"show": "once"},
     "questions": [{"id": "q", "type": "nps", "prompt": "x"}]},
    {"id": "c", "priority": 1, "trigger": {"type": "exit_intent"}, "frequency": {"show": "once", "ignore_cooldown": true},
     "questions": [{"id": "q", "type": "nps", "prompt": "x"}]}
]}"#;

#[test]
fn priority_cooldown_and_ignore_cooldown() {
    let mut sim = Sim::new(TWO_SURVEYS, Device::Desktop, "https://s.example/cart");
    sim.advance(SECOND);
    sim.exit_top();
    assert_eq!(sim.opens[0].1, "a", "highest priority wins");
    assert_eq!(sim.reasons("b"), vec!["cooldown", "another_open"]);
    sim.signal(Signal::Dismiss);
    // One hour later: "b" is in the cooldown, "c" ignores it; b and c tie on
    // priority and "c" is the only eligible one.
    sim.advance(HOUR);
    sim.exit_top();
    assert_eq!(sim.opens.len(), 2);
    assert_eq!(sim.opens[1].1, "c");
    sim.signal(Signal::Dismiss);
    assert!(sim.reasons("b").contains(&"cooldown"));
    // After the cooldown (24 h after "c") "b" shows.
    sim.advance_to(T0 + 26 * HOUR);
    sim.reload("https://s.example/cart");
    sim.advance(SECOND);
    sim.exit_top();
    assert_eq!(sim.opens.iter().map(|o| o.1.as_str()).collect::<Vec<_>>(), vec!["a", "c", "b"]);
}

#[test]
fn ties_break_by_id() {
    let config = TWO_SURVEYS.replace(r#""priority": 5"#, r#""priority": 1"#);
    let mut sim = Sim::new(&config, Device::Desktop, "https://s.example/cart");
    sim.advance(SECOND);
    sim.exit_top();
    assert_eq!(sim.opens[0].1, "a");
}

#[test]
fn session_cap_holds_across_reloads_and_resets_with_a_new_session() {
    let config = exit_config(
        r#"{"show": "always", "recontact_days": 0}"#,
        r#"{"cooldown_hours": 0, "max_per_session": 2}"#,
    );
    let mut sim = Sim::new(&config, Device::Desktop, "https://s.example/cart");
    for _ in 0..5 {
        sim.advance(MINUTE);
        sim.reload("https://s.example/cart");
        sim.advance(SECOND);
        sim.exit_top();
        sim.signal(Signal::Dismiss);
    }
    assert_eq!(sim.opens.len(), 2);
    assert!(sim.reasons("exit").contains(&"session_cap"));
    // 31 minutes without a page view: a new session.
    sim.advance(31 * MINUTE);
    sim.reload("https://s.example/cart");
    sim.advance(SECOND);
    sim.exit_top();
    assert_eq!(sim.opens.len(), 3);
}

#[test]
fn targeting_by_stage_url_and_device() {
    let config = one_survey(
        r#"{"type": "exit_intent", "stages": ["checkout"], "urls": {"include": ["/checkout*"], "exclude": ["/checkout/done"]}, "devices": ["mobile"]}"#,
        "{}",
        NO_THROTTLE,
    );
    let sim = Sim::new(&config, Device::Desktop, "https://s.example/cart");
    assert_eq!(sim.reasons("exit"), vec!["stage", "url", "device", "trigger"]);
    let sim = Sim::new(&config, Device::Mobile, "https://s.example/checkout");
    assert_eq!(sim.reasons("exit"), vec!["trigger"]);
    let sim = Sim::new(&config, Device::Mobile, "https://s.example/checkout/done");
    assert_eq!(sim.reasons("exit"), vec!["url", "trigger"]);
}

#[test]
fn sampling_is_sticky_and_close_to_the_percentage() {
    let mut inside = 0;
    for seed in 0..2000u64 {
        let config = one_survey(r#"{"type": "exit_intent"}"#, "{}", NO_THROTTLE)
            .replace(r#""frequency": {}"#, r#""frequency": {}, "audience": {"sample_percent": 25}"#);
        let engine = Engine::new(setup(&config, Device::Desktop, "https://s.example/", None, seed), T0);
        let first = !engine.explain(T0)[0].1.iter().any(|r| r.code() == "sampling");
        // The same visitor, later, on another page view: the same answer.
        let stored = engine.state().to_json();
        for later in [HOUR, 90 * DAY] {
            let again = Engine::new(
                setup(&config, Device::Desktop, "https://s.example/", Some(stored.clone()), seed + 7),
                T0 + later,
            );
            let second = !again.explain(T0 + later)[0].1.iter().any(|r| r.code() == "sampling");
            assert_eq!(first, second, "visitor {seed} changed sample");
        }
        inside += usize::from(first);
    }
    assert!((400..600).contains(&inside), "{inside} of 2000 in a 25% sample");
}

#[test]
fn no_survey_opens_over_a_page_modal() {
    let mut sim = Sim::new(
        &one_survey(r#"{"type": "page_view"}"#, "{}", NO_THROTTLE),
        Device::Desktop,
        "https://s.example/",
    );
    assert_eq!(sim.opens.len(), 1, "opens at once without a modal");
    sim.modal_open = true;
    let mut sim2 = Sim {
        modal_open: true,
        ..Sim::new(
            &one_survey(r#"{"type": "manual"}"#, "{}", NO_THROTTLE),
            Device::Desktop,
            "https://s.example/",
        )
    };
    sim2.config = one_survey(r#"{"type": "page_view"}"#, "{}", NO_THROTTLE);
    sim2.reload("https://s.example/");
    sim2.advance(5 * SECOND);
    assert!(sim2.opens.is_empty(), "blocked while the page's modal is open");
    sim2.modal_open = false;
    sim2.advance(2 * SECOND);
    assert_eq!(sim2.opens.len(), 1, "opens once the modal is gone");
}

#[test]
fn a_survey_that_cannot_be_drawn_is_not_counted_and_not_retried_on_a_timer() {
    let mut sim = Sim {
        draw_fails: true,
        ..Sim::new(
            &one_survey(r#"{"type": "manual"}"#, "{}", NO_THROTTLE),
            Device::Desktop,
            "https://s.example/",
        )
    };
    sim.config = one_survey(r#"{"type": "page_view"}"#, r#"{"show": "once"}"#, NO_THROTTLE);
    sim.reload("https://s.example/");
    sim.advance(30 * SECOND);
    assert!(sim.opens.is_empty() && sim.events.is_empty(), "nothing shown: {:?}", sim.events);
    assert_eq!(sim.engine.poll_timeout(), None, "no retry timer on this page view");
    assert_eq!(sim.engine.state().session.shows, 0, "a failed draw is not a show");
    assert!(sim.engine.state().outbox.is_empty(), "and sends nothing");
    // The next page view can draw: `once` still allows the first real show.
    sim.draw_fails = false;
    sim.reload("https://s.example/");
    assert_eq!(sim.opens.len(), 1, "shown on the next page view");

    // An exit-intent survey is tried again on the shopper's next exit cue.
    let mut sim = Sim::new(&exit_config("{}", NO_THROTTLE), Device::Desktop, "https://s.example/cart");
    sim.draw_fails = true;
    sim.advance(5 * SECOND);
    sim.exit_top();
    assert!(sim.opens.is_empty(), "the first exit cue could not draw");
    sim.draw_fails = false;
    sim.advance(SECOND);
    sim.exit_top();
    assert_eq!(sim.opens.len(), 1, "the next exit cue opens it");
}

// ----- privacy ---------------------------------------------------------------------------

#[test]
fn consent_pending_stores_and_shows_nothing_until_granted() {
    let config = one_survey(r#"{"type": "page_view"}"#, "{}", NO_THROTTLE);
    let mut s = setup(&config, Device::Desktop, "https://s.example/", None, 3);
    s.consent = Some(false);
    let mut sim = Sim::new(&config, Device::Desktop, "https://s.example/");
    sim.engine = Engine::new(s, sim.now);
    sim.stored = None;
    sim.opens.clear();
    sim.drain();
    sim.advance(10 * SECOND);
    assert!(sim.opens.is_empty() && sim.stored.is_none());
    assert!(sim.reasons("exit").contains(&"consent"));
    sim.signal(Signal::Show("exit".into()));
    assert!(sim.opens.is_empty() && sim.errors.iter().any(|e| e.contains("consent")));
    sim.signal(Signal::Consent(true));
    sim.advance(SECOND);
    assert_eq!(sim.opens.len(), 1, "the page-view trigger fires once consent arrives");
    assert!(sim.stored.is_some());
    // Withdrawing clears local state.
    sim.signal(Signal::Consent(false));
    assert!(sim.stored.is_none());
}

#[test]
fn gpc_and_dnt_are_honoured_unless_the_site_turns_them_off() {
    let config = one_survey(r#"{"type": "page_view"}"#, "{}", NO_THROTTLE);
    let mut s = setup(&config, Device::Desktop, "https://s.example/", None, 3);
    s.gpc = true;
    s.dnt = true;
    let engine = Engine::new(s.clone(), T0);
    let codes: Vec<&str> = engine.explain(T0)[0].1.iter().map(Reason::code).collect();
    assert!(codes.contains(&"gpc") && codes.contains(&"dnt"), "{codes:?}");
    s.config.privacy.respect_gpc = false;
    s.config.privacy.respect_dnt = false;
    let mut engine = Engine::new(s, T0);
    let mut opened = false;
    while let Some(e) = engine.poll_effect() {
        opened |= matches!(e, Effect::Open { .. });
    }
    assert!(opened);
}

// ----- flow through the engine --------------------------------------------------------

#[test]
fn answers_become_snapshots_with_rising_revisions() {
    let config = r#"{"site": "s", "surveys": [{"id": "f", "trigger": {"type": "manual"}, "questions": [
        {"id": "reason", "type": "single_choice", "required": true, "prompt": "x",
         "choices": [{"id": "price", "label": "P"}, {"id": "browsing", "label": "B"}]},
        {"id": "nps", "type": "nps", "prompt": "y"},
        {"id": "mail", "type": "email", "prompt": "z"}],
        "logic": [{"if": {"question": "reason", "equals": "browsing"}, "then": {"end": true}},
                  {"if": {"question": "nps", "gte": 9}, "then": {"goto": "mail"}}]}]}"#;
    let mut sim = Sim::new(config, Device::Desktop, "https://s.example/cart?utm_source=mail");
    sim.signal(Signal::SetContext(json::parse(r#"{"cart_value": 84.5, "currency": "eur"}"#).unwrap()));
    assert!(sim.errors.iter().any(|e| e.contains("context.currency")), "{:?}", sim.errors);
    sim.signal(Signal::Show("f".into()));
    sim.signal(Signal::Submit(None));
    assert_eq!(sim.invalid, vec![Invalid::Required]);
    sim.signal(Signal::Submit(Some(Answer::Text("browsing".into()))));
    let (_, flow) = sim.engine.open_survey().unwrap();
    assert_eq!(flow.current, None, "browsing ends the survey");
    assert_eq!(flow.response.status, ResponseStatus::Completed);
    assert_eq!(flow.response.revision, 2);
    assert_eq!(
        Value::Object(flow.response.context.clone()).to_json(),
        r#"{"utm_source":"mail","cart_value":84.5}"#,
        "valid context keys kept, the bad one dropped"
    );
    let bodies: Vec<&str> = sim.sends.iter().map(|(_, b)| b.body.as_str()).collect();
    assert_eq!(bodies.len(), 2);
    assert!(bodies[0].contains(r#""revision":1,"survey_id":"f","status":"shown""#));
    assert!(
        bodies[1]
            .contains(r#""revision":2,"survey_id":"f","status":"completed","answers":{"reason":"browsing"}"#)
    );
    // The thank-you screen closes by itself.
    sim.advance(THANKS_MS);
    assert!(sim.engine.open_survey().is_none());
}

#[test]
fn dismissal_is_recorded_and_hide_counts_as_dismissal() {
    let config = one_survey(r#"{"type": "manual"}"#, "{}", NO_THROTTLE);
    let mut sim = Sim::new(&config, Device::Desktop, "https://s.example/");
    sim.signal(Signal::Show("exit".into()));
    sim.signal(Signal::Hide);
    assert!(sim.events.iter().any(|(_, k, _)| *k == EventKind::Dismissed));
    assert!(sim.sends.last().unwrap().1.body.contains(r#""status":"dismissed""#));
    sim.signal(Signal::Show("nope".into()));
    assert!(sim.errors.last().unwrap().contains("no such survey; known: exit"));
}

// ----- the outbox over a week -----------------------------------------------------------

#[test]
fn outbox_retries_with_capped_backoff_and_gives_up_after_seven_days() {
    let config = one_survey(r#"{"type": "manual"}"#, "{}", NO_THROTTLE);
    let mut sim = Sim::new(&config, Device::Desktop, "https://s.example/");
    sim.collector = Some(SendOutcome::Retry { retry_after_ms: None });
    sim.signal(Signal::Show("exit".into()));
    sim.signal(Signal::Submit(Some(Answer::Number(7))));
    sim.advance(6 * DAY + 23 * HOUR);
    assert!(sim.errors.is_empty());
    let times: Vec<Millis> = sim.sends.iter().map(|(t, _)| *t).collect();
    let gaps: Vec<Millis> = times.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(gaps.iter().all(|g| *g >= 0 && *g <= HOUR), "never waits more than an hour");
    assert!(gaps.iter().skip(20).all(|g| *g >= HOUR / 2), "backs off to 30–60 minutes");
    assert!((150..400).contains(&sim.sends.len()), "{} attempts in a week", sim.sends.len());
    sim.advance(2 * HOUR);
    let sends_before = sim.sends.len();
    assert_eq!(sim.errors.len(), 1, "{:?}", sim.errors);
    assert!(sim.errors[0].contains("gave up"), "{}", sim.errors[0]);
    assert!(sim.engine.state().outbox.is_empty());
    sim.advance(DAY);
    assert_eq!(sim.sends.len(), sends_before, "nothing more is sent");
}

#[test]
fn a_reload_sends_pending_snapshots_at_once_and_they_converge() {
    let config = one_survey(r#"{"type": "manual"}"#, "{}", NO_THROTTLE);
    let mut sim = Sim::new(&config, Device::Desktop, "https://s.example/");
    sim.collector = None; // requests never answer: the collector is down
    sim.signal(Signal::Show("exit".into()));
    sim.signal(Signal::Submit(Some(Answer::Number(3))));
    assert_eq!(sim.engine.state().outbox.len(), 1, "one entry: only the latest revision is kept");
    sim.collector = Some(SendOutcome::Acked);
    sim.advance(10 * MINUTE);
    sim.reload("https://s.example/next");
    let last = &sim.sends.last().unwrap().1;
    assert!(last.body.contains(r#""revision":2"#) && last.body.contains(r#""status":"completed""#));
    assert!(sim.engine.state().outbox.is_empty());
}

// ----- the rules hold whatever happens ------------------------------------------------------

#[derive(Debug, Clone)]
enum Step {
    Wait(Millis),
    Reload,
    Exit,
    Answer,
    Dismiss,
    Tab,
}

fn arb_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        prop_oneof![Just(SECOND), Just(MINUTE), Just(20 * MINUTE), Just(HOUR), Just(DAY), Just(10 * DAY)]
            .prop_map(Step::Wait),
        Just(Step::Reload),
        Just(Step::Exit),
        Just(Step::Answer),
        Just(Step::Dismiss),
        Just(Step::Tab),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_sequence_shows_more_than_the_rules_allow(
        show in prop::sample::select(vec!["once", "until_answered", "always"]),
        recontact_days in 0u32..40,
        cooldown_hours in 0u32..48,
        max_per_session in 1u32..4,
        ignore_cooldown in any::<bool>(),
        steps in prop::collection::vec(arb_step(), 1..60),
    ) {
        let config = format!(
            r#"{{"site": "s", "throttle": {{"cooldown_hours": {cooldown_hours}, "max_per_session": {max_per_session}}}, "surveys": [
                {{"id": "x", "trigger": {{"type": "exit_intent"}}, "frequency": {{"show": "{show}", "recontact_days": {recontact_days}, "ignore_cooldown": {ignore_cooldown}}},
                  "questions": [{{"id": "q", "type": "nps", "prompt": "x"}}]}},
                {{"id": "y", "priority": 1, "trigger": {{"type": "exit_intent"}}, "frequency": {{"show": "always", "recontact_days": 0}},
                  "questions": [{{"id": "q", "type": "nps", "prompt": "x"}}]}}]}}"#
        );
        let mut sim = Sim::new(&config, Device::Desktop, "https://s.example/cart");
        let mut completed_x: Option<Millis> = None;
        let mut session_starts: Vec<Millis> = vec![T0];
        let mut last_activity = T0;
        for step in steps {
            match step {
                Step::Wait(d) => sim.advance(d),
                Step::Reload => sim.reload("https://s.example/cart"),
                Step::Exit => sim.exit_top(),
                Step::Answer => {
                    if sim.engine.open_survey().is_some_and(|(s, _)| s.id == "x") && completed_x.is_none() {
                        sim.answer_all();
                        completed_x = Some(sim.now);
                    } else {
                        sim.answer_all();
                    }
                }
                Step::Dismiss => sim.signal(Signal::Dismiss),
                Step::Tab => {
                    sim.signal(Signal::Visibility { visible: false });
                    sim.advance(2 * SECOND);
                    sim.signal(Signal::Visibility { visible: true });
                }
            }
            if matches!(step, Step::Reload) && sim.now - last_activity >= 30 * MINUTE {
                session_starts.push(sim.now);
            }
            if matches!(step, Step::Reload | Step::Exit) {
                last_activity = sim.now;
            }
        }
        let xs: Vec<Millis> = sim.opens.iter().filter(|o| o.1 == "x").map(|o| o.0).collect();
        match show {
            "once" => prop_assert!(xs.len() <= 1),
            "until_answered" => if let Some(c) = completed_x {
                prop_assert!(xs.iter().all(|t| *t <= c), "shown after completion");
            },
            _ => {}
        }
        if show != "once" {
            for w in xs.windows(2) {
                prop_assert!(w[1] - w[0] >= Millis::from(recontact_days) * DAY, "recontact broken: {:?}", xs);
            }
        }
        // Cooldown: a show of x never comes within the cooldown of any earlier show, unless x ignores it.
        let all: Vec<(Millis, &str)> = sim.opens.iter().map(|o| (o.0, o.1.as_str())).collect();
        for (i, (t, id)) in all.iter().enumerate() {
            if *id == "x" && ignore_cooldown {
                continue;
            }
            if let Some((prev, _)) = all[..i].last() {
                prop_assert!(t - prev >= Millis::from(cooldown_hours) * HOUR, "cooldown broken: {:?}", all);
            }
        }
        // Session cap: no more than max_per_session shows between session starts.
        let per_session_ok = all.iter().all(|(t, _)| {
            let start = session_starts.iter().rev().find(|s| *s <= t).copied().unwrap_or(T0);
            let end = session_starts.iter().find(|s| *s > t).copied().unwrap_or(Millis::MAX);
            all.iter().filter(|(u, _)| *u >= start && *u < end).count() <= max_per_session as usize
        });
        prop_assert!(per_session_ok, "session cap broken: {:?} sessions {:?}", all, session_starts);
    }
}

proptest! {
    #[test]
    fn sampling_is_sticky_and_monotonic(visitor in "[a-z0-9_]{1,20}", survey in "[a-z0-9-]{1,20}", p in 0.0f64..100.0, q in 0.0f64..100.0) {
        let bucket = eligibility::sample_bucket(&visitor, &survey);
        prop_assert_eq!(bucket, eligibility::sample_bucket(&visitor, &survey));
        prop_assert!(bucket < 10_000);
        let config = SiteConfig::decode(&format!(
            r#"{{"site": "s", "surveys": [{{"id": "{survey}", "trigger": {{"type": "manual"}}, "audience": {{"sample_percent": {p}}}, "questions": [{{"id": "q", "type": "nps", "prompt": "x"}}]}}]}}"#
        )).into_strict().unwrap();
        let mut s = config.surveys[0].clone();
        let inside_p = eligibility::in_sample(&visitor, &s);
        s.audience.sample_percent = q;
        let inside_q = eligibility::in_sample(&visitor, &s);
        // A visitor inside a sample stays inside when the sample grows.
        if inside_p && q >= p { prop_assert!(inside_q); }
        if !inside_p && q <= p { prop_assert!(!inside_q); }
    }
}

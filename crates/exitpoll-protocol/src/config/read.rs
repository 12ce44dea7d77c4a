//! Reading a site config that a collector has already checked.
//!
//! The collector decodes every site config with the full decoder
//! (`decode.rs`), then serves the usable part as JSON. Checking it again in
//! the browser would cost the widget's first load the decoder and its problem
//! messages, the largest part of the module. So the widget's lean build reads
//! a checked config with this reader instead: it maps the JSON onto the config
//! types and checks nothing beyond their shape.
//!
//! A config is only read here when the collector said it is checked (the
//! `Exitpoll-Config` response header), and the collector says so only after it
//! read its own JSON back with this reader and got exactly the config it
//! decoded ([`SiteConfig::read_checked`] is the other half of that test). Any
//! other config (a static file, `init({config})`) goes through the decoder.
use crate::prelude::*;

use super::*;
use crate::json::{self, Map, Value};
use core::cell::Cell;

/// The value of the `Exitpoll-Config` header on a checked config. The number
/// is the version of the config format this reader expects: a widget reads a
/// config as checked only when the versions agree.
pub const CHECKED: &str = "checked-1";

impl SiteConfig {
    /// Reads a config that the collector checked and served. `None` when the
    /// text does not have the shape of a config; nothing else is checked.
    pub fn read_checked(text: &str) -> Option<SiteConfig> {
        read::<true>(text)
    }

    /// [`SiteConfig::read_checked`] without what only drawing a survey needs:
    /// the theme, the UI strings, and each survey's questions, logic and
    /// thank-you screen are left empty. For the widget's lite build, which
    /// decides when to open a survey and hands over to a build that draws it.
    pub fn read_checked_rules(text: &str) -> Option<SiteConfig> {
        read::<false>(text)
    }
}

/// `FULL`: everything; otherwise the rules only (see `read_checked_rules`).
fn read<const FULL: bool>(text: &str) -> Option<SiteConfig> {
    let v = json::parse(text).ok()?;
    let r = Reader { ok: Cell::new(true) };
    let o = r.object(Some(&v));
    let throttle = match o.get("throttle") {
        Some(t) => {
            let t = r.object(Some(t));
            Throttle {
                cooldown_hours: r.uint(t.get("cooldown_hours")),
                max_per_session: r.uint(t.get("max_per_session")),
            }
        }
        None => Throttle::default(),
    };
    let privacy = match o.get("privacy") {
        Some(p) => {
            let p = r.object(Some(p));
            Privacy {
                respect_gpc: r.bool(p.get("respect_gpc")),
                respect_dnt: r.bool(p.get("respect_dnt")),
                require_consent: r.bool(p.get("require_consent")),
            }
        }
        None => Privacy::default(),
    };
    let theme = match o.get("theme").filter(|_| FULL) {
        Some(t) => {
            let t = r.object(Some(t));
            Theme {
                accent: r.string(t.get("accent")),
                position: r.pick(t.get("position"), &Position::NAMES, &Position::ALL),
                font: r.string(t.get("font")),
            }
        }
        None => Theme::default(),
    };
    let s = r.optional_object(o.get("stages"));
    let stages = StageGlobs {
        product: r.strings(s.get("product")),
        cart: r.strings(s.get("cart")),
        checkout: r.strings(s.get("checkout")),
        thank_you: r.strings(s.get("thank_you")),
        other: r.strings(s.get("other")),
    };
    let ui = r
        .optional_object(o.get("strings").filter(|_| FULL))
        .iter()
        .map(|(locale, table)| {
            let pairs = r
                .object(Some(table))
                .iter()
                .map(|(key, text)| {
                    (r.pick_name(Some(key), &UiString::NAMES, &UiString::ALL), r.string(Some(text)))
                })
                .collect();
            (locale.to_owned(), pairs)
        })
        .collect();
    let surveys = r.list(o.get("surveys"), |s| r.survey::<FULL>(r.object(Some(s))));
    let config =
        SiteConfig { site: r.string(o.get("site")), throttle, privacy, theme, stages, strings: ui, surveys };
    r.ok.get().then_some(config)
}

static NULL: Value = Value::Null;
static EMPTY_MAP: Map = Map(Vec::new());

/// Reads without early returns: a value of the wrong shape reads as a
/// default and marks the whole config unreadable. One exit keeps the code
/// small (every early return would drop a different set of half-built values).
struct Reader {
    ok: Cell<bool>,
}

impl Reader {
    fn fail(&self) {
        self.ok.set(false);
    }

    fn value<'a>(&self, v: Option<&'a Value>) -> &'a Value {
        v.unwrap_or_else(|| {
            self.fail();
            &NULL
        })
    }

    fn object<'a>(&self, v: Option<&'a Value>) -> &'a Map {
        self.value(v).as_object().unwrap_or_else(|| {
            self.fail();
            &EMPTY_MAP
        })
    }

    /// An absent object reads as an empty one.
    fn optional_object<'a>(&self, v: Option<&'a Value>) -> &'a Map {
        v.map_or(&EMPTY_MAP, |v| self.object(Some(v)))
    }

    fn string(&self, v: Option<&Value>) -> String {
        match self.value(v).as_str() {
            Some(s) => s.to_owned(),
            None => {
                self.fail();
                String::new()
            }
        }
    }

    fn int(&self, v: Option<&Value>, min: i64, max: i64) -> i64 {
        match self.value(v).as_i64() {
            Some(n) if (min..=max).contains(&n) => n,
            _ => {
                self.fail();
                0
            }
        }
    }

    fn uint(&self, v: Option<&Value>) -> u32 {
        self.int(v, 0, i64::from(u32::MAX)) as u32
    }

    fn number(&self, v: Option<&Value>) -> f64 {
        self.value(v).as_f64().unwrap_or_else(|| {
            self.fail();
            0.0
        })
    }

    fn bool(&self, v: Option<&Value>) -> bool {
        self.value(v).as_bool().unwrap_or_else(|| {
            self.fail();
            false
        })
    }

    fn pick<T: Copy>(&self, v: Option<&Value>, names: &[&str], all: &[T]) -> T {
        self.pick_name(self.value(v).as_str(), names, all)
    }

    fn pick_name<T: Copy>(&self, name: Option<&str>, names: &[&str], all: &[T]) -> T {
        match names.iter().position(|n| Some(*n) == name) {
            Some(i) => all[i],
            None => {
                self.fail();
                all[0]
            }
        }
    }

    fn text(&self, v: Option<&Value>) -> Text {
        match self.value(v) {
            Value::String(s) => Text::Plain(s.clone()),
            Value::Object(m) => {
                Text::Localized(m.iter().map(|(k, s)| (k.to_owned(), self.string(Some(s)))).collect())
            }
            _ => {
                self.fail();
                Text::Plain(String::new())
            }
        }
    }

    fn optional_text(&self, v: Option<&Value>) -> Option<Text> {
        v.map(|v| self.text(Some(v)))
    }

    /// An absent list is empty.
    fn list<T>(&self, v: Option<&Value>, read: impl Fn(&Value) -> T) -> Vec<T> {
        match v.map(Value::as_array) {
            None => Vec::new(),
            Some(Some(items)) => items.iter().map(read).collect(),
            Some(None) => {
                self.fail();
                Vec::new()
            }
        }
    }

    fn strings(&self, v: Option<&Value>) -> Vec<String> {
        self.list(v, |s| self.string(Some(s)))
    }

    fn survey<const FULL: bool>(&self, o: &Map) -> Survey {
        let f = self.object(o.get("frequency"));

        Survey {
            id: self.string(o.get("id")),
            name: o.get("name").map(|n| self.string(Some(n))),
            status: self.pick(o.get("status"), &SurveyStatus::NAMES, &SurveyStatus::ALL),
            priority: self.int(o.get("priority"), i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
            trigger: self.trigger(self.object(o.get("trigger"))),
            audience: Audience {
                sample_percent: self.number(self.object(o.get("audience")).get("sample_percent")),
            },
            frequency: Frequency {
                show: self.pick(f.get("show"), &ShowRule::NAMES, &ShowRule::ALL),
                recontact_days: self.uint(f.get("recontact_days")),
                ignore_cooldown: self.bool(f.get("ignore_cooldown")),
            },
            questions: self
                .list(o.get("questions").filter(|_| FULL), |q| self.question(self.object(Some(q)))),
            logic: self.list(o.get("logic").filter(|_| FULL), |r| self.rule(self.object(Some(r)))),
            thank_you: if FULL {
                let thanks = self.object(o.get("thank_you"));
                ThankYou {
                    title: self.optional_text(thanks.get("title")),
                    body: self.optional_text(thanks.get("body")),
                }
            } else {
                ThankYou::default()
            },
        }
    }

    fn trigger(&self, o: &Map) -> Trigger {
        let number = |key| self.uint(o.get(key));
        let kind = match self.value(o.get("type")).as_str().unwrap_or("") {
            "exit_intent" => TriggerKind::ExitIntent,
            "page_view" => TriggerKind::PageView,
            "time_on_page" => TriggerKind::TimeOnPage { seconds: number("seconds") },
            "scroll_depth" => TriggerKind::ScrollDepth { percent: number("percent") },
            "idle" => TriggerKind::Idle { seconds: number("seconds") },
            "manual" => TriggerKind::Manual,
            _ => {
                self.fail();
                TriggerKind::Manual
            }
        };
        let urls = self.object(o.get("urls"));
        Trigger {
            kind,
            stages: self.list(o.get("stages"), |v| self.pick(Some(v), &Stage::NAMES, &Stage::ALL)),
            urls: UrlRules {
                include: self.strings(urls.get("include")),
                exclude: self.strings(urls.get("exclude")),
            },
            devices: self.list(o.get("devices"), |v| self.pick(Some(v), &Device::NAMES, &Device::ALL)),
            min_seconds_on_page: number("min_seconds_on_page"),
            delay_ms: number("delay_ms"),
            signals: self
                .list(o.get("signals"), |v| self.pick(Some(v), &ExitSignal::NAMES, &ExitSignal::ALL)),
            sensitivity: match o.get("sensitivity") {
                Some(v) => self.uint(Some(v)),
                None => Trigger::DEFAULT_SENSITIVITY,
            },
            idle_seconds: o.get("idle_seconds").map(|v| self.uint(Some(v))),
        }
    }

    fn question(&self, o: &Map) -> Question {
        let label = |key| self.optional_text(o.get(key));
        let flag = |key| self.bool(o.get(key));
        let choices = || {
            self.list(o.get("choices"), |c| {
                let c = self.object(Some(c));
                Choice { id: self.string(c.get("id")), label: self.text(c.get("label")) }
            })
        };
        let kind = match self.value(o.get("type")).as_str().unwrap_or("") {
            "nps" => QuestionKind::Nps { low_label: label("low_label"), high_label: label("high_label") },
            "rating" => QuestionKind::Rating {
                scale: self.uint(o.get("scale")),
                style: self.pick(o.get("style"), &RatingStyle::NAMES, &RatingStyle::ALL),
                low_label: label("low_label"),
                high_label: label("high_label"),
            },
            "single_choice" => QuestionKind::SingleChoice {
                choices: choices(),
                allow_other: flag("allow_other"),
                randomize: flag("randomize"),
            },
            "multiple_choice" => QuestionKind::MultipleChoice {
                choices: choices(),
                max_selections: o.get("max_selections").map(|v| self.uint(Some(v))),
                randomize: flag("randomize"),
            },
            "text" => QuestionKind::Text {
                multiline: flag("multiline"),
                max_length: self.uint(o.get("max_length")),
                placeholder: label("placeholder"),
            },
            "email" => QuestionKind::Email { placeholder: label("placeholder") },
            "cta" => QuestionKind::Cta {
                button: self.text(o.get("button")),
                code: o.get("code").map(|v| self.string(Some(v))),
                url: o.get("url").map(|v| self.string(Some(v))),
            },
            _ => {
                self.fail();
                QuestionKind::Email { placeholder: None }
            }
        };
        Question {
            id: self.string(o.get("id")),
            prompt: self.text(o.get("prompt")),
            description: label("description"),
            required: flag("required"),
            kind,
        }
    }

    fn rule(&self, o: &Map) -> Rule {
        let c = self.object(o.get("if"));
        let then = self.object(o.get("then"));
        let test = if let Some(x) = c.get("equals") {
            Test::Equals(x.clone())
        } else if let Some(x) = c.get("in") {
            Test::In(self.list(Some(x), Value::clone))
        } else if let Some(x) = c.get("lt") {
            Test::Lt(self.number(Some(x)))
        } else if let Some(x) = c.get("lte") {
            Test::Lte(self.number(Some(x)))
        } else if let Some(x) = c.get("gt") {
            Test::Gt(self.number(Some(x)))
        } else if let Some(x) = c.get("gte") {
            Test::Gte(self.number(Some(x)))
        } else {
            Test::Answered(self.bool(c.get("answered")))
        };
        let action = match then.get("goto") {
            Some(id) => Action::Goto(self.string(Some(id))),
            None => {
                if !self.bool(then.get("end")) {
                    self.fail();
                }
                Action::End
            }
        };
        Rule { condition: Condition { question: self.string(c.get("question")), test }, action }
    }
}

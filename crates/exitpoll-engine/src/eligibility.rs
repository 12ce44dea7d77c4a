//! Who may see which survey, and why not: every rule of the site config reference (the protocol crate's README) that
//! stands between a trigger and a shown survey.
//!
//! Every check returns *all* reasons that apply, not the first, because
//! `explain()` exists to answer a merchant's "why didn't it show?" in one go.
use crate::prelude::*;
use exitpoll_protocol::cat;

use crate::Millis;
use crate::rng::stable_hash;
use crate::state::State;
use exitpoll_protocol::config::{Device, ShowRule, SiteConfig, Stage, Survey, SurveyStatus};
use exitpoll_protocol::json::ObjectWriter;
use exitpoll_protocol::time::format_timestamp;

const HOUR_MS: Millis = 3_600_000;
const DAY_MS: Millis = 86_400_000;

/// Why a survey cannot show right now.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    NotActive(SurveyStatus),
    /// `data-consent="pending"` or `require_consent`, and no `consent(true)` yet.
    ConsentPending,
    GlobalPrivacyControl,
    DoNotTrack,
    Stage {
        current: Stage,
    },
    Url {
        path: String,
    },
    Device {
        current: Device,
    },
    /// `frequency.show = once`, and it was shown.
    ShownOnce {
        at: Millis,
    },
    /// `until_answered`, and the visitor completed it.
    Completed {
        at: Millis,
    },
    /// Shown recently; may show again at `until`.
    Recontact {
        until: Millis,
    },
    /// Another survey was shown recently; the site's cooldown ends at `until`.
    Cooldown {
        until: Millis,
    },
    SessionCap {
        max: u32,
    },
    /// This visitor is outside the survey's sample (sticky).
    NotSampled {
        bucket: u32,
        percent: f64,
    },
    /// A survey is open; only one at a time.
    AnotherOpen,
    /// `min_seconds_on_page` has not passed yet.
    TooEarly {
        until: Millis,
    },
    /// The trigger has not fired on this page yet.
    TriggerNotFired,
    /// A `manual` survey shows only through `show()`.
    ManualOnly,
}

impl Reason {
    /// A stable code for programs (`explain()` results, tests).
    pub fn code(&self) -> &'static str {
        match self {
            Reason::NotActive(_) => "status",
            Reason::ConsentPending => "consent",
            Reason::GlobalPrivacyControl => "gpc",
            Reason::DoNotTrack => "dnt",
            Reason::Stage { .. } => "stage",
            Reason::Url { .. } => "url",
            Reason::Device { .. } => "device",
            Reason::ShownOnce { .. } => "frequency",
            Reason::Completed { .. } => "frequency",
            Reason::Recontact { .. } => "frequency",
            Reason::Cooldown { .. } => "cooldown",
            Reason::SessionCap { .. } => "session_cap",
            Reason::NotSampled { .. } => "sampling",
            Reason::AnotherOpen => "another_open",
            Reason::TooEarly { .. } => "too_early",
            Reason::TriggerNotFired => "trigger",
            Reason::ManualOnly => "manual",
        }
    }

    /// A sentence for people (the console, `explain()`).
    pub fn message(&self) -> String {
        match self {
            Reason::NotActive(s) => cat!["status is ", SurveyStatus::NAMES[*s as usize]],
            Reason::ConsentPending => "waiting for consent: call exitpoll.consent(true)".into(),
            Reason::GlobalPrivacyControl => "the browser sends Global Privacy Control".into(),
            Reason::DoNotTrack => "the browser sends Do Not Track".into(),
            Reason::Stage { current } => {
                cat!["page stage is ", current.as_str(), ", not one of the trigger's stages"]
            }
            Reason::Url { path } => {
                cat!["URL path ", path, " does not match the trigger's urls"]
            }
            Reason::Device { current } => {
                cat!["device is ", current.as_str(), ", not one of the trigger's devices"]
            }
            Reason::ShownOnce { at } => {
                cat!["shown once already, at ", format_timestamp(*at), " (frequency once)"]
            }
            Reason::Completed { at } => {
                cat!["completed at ", format_timestamp(*at), " (frequency until_answered)"]
            }
            Reason::Recontact { until } => {
                cat!["shown recently; may show again after ", format_timestamp(*until)]
            }
            Reason::Cooldown { until } => {
                cat!["site cooldown after the last survey until ", format_timestamp(*until)]
            }
            Reason::SessionCap { max } => {
                cat!["already ", max, " survey(s) shown this session (max_per_session)"]
            }
            Reason::NotSampled { bucket, percent } => {
                // Integer formatting only: float formatting would add kilobytes to the widget.
                let bp = (percent * 100.0) as u32;
                let two = |n: u32| {
                    if n < 10 { cat!["0", n] } else { cat![n] }
                };
                cat![
                    "visitor is outside the ",
                    bp / 100,
                    ".",
                    two(bp % 100),
                    "% sample (bucket ",
                    bucket / 100,
                    ".",
                    two(bucket % 100),
                    "%)"
                ]
            }
            Reason::AnotherOpen => "another survey is open".into(),
            Reason::TooEarly { until } => {
                cat!["armed after min_seconds_on_page, at ", format_timestamp(*until)]
            }
            Reason::TriggerNotFired => "trigger has not fired yet on this page".into(),
            Reason::ManualOnly => "manual trigger: shows only through exitpoll.show()".into(),
        }
    }

    pub fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.str("code", self.code()).str("message", &self.message());
        o.finish();
    }
}

/// Facts about this page and visitor that the rules read.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub now: Millis,
    pub config: &'a SiteConfig,
    pub state: &'a State,
    pub stage: Stage,
    pub path: &'a str,
    pub device: Device,
    /// Consent is granted (explicitly, or not required).
    pub consent: bool,
    pub gpc: bool,
    pub dnt: bool,
    pub survey_open: bool,
}

/// The privacy gate: nothing is stored, sent or shown while any of these hold.
pub fn privacy_reasons(f: &Facts<'_>) -> Vec<Reason> {
    let mut out = Vec::new();
    if f.gpc && f.config.privacy.respect_gpc {
        out.push(Reason::GlobalPrivacyControl);
    }
    if f.dnt && f.config.privacy.respect_dnt {
        out.push(Reason::DoNotTrack);
    }
    if !f.consent {
        out.push(Reason::ConsentPending);
    }
    out
}

/// The sampling bucket of a visitor for a survey, 0–9999. A pure function of
/// the two ids, so a visitor is in or out of a sample for good (until they
/// clear their storage), however often the trigger fires.
pub fn sample_bucket(visitor_id: &str, survey_id: &str) -> u32 {
    (stable_hash(&[visitor_id, survey_id]) % 10_000) as u32
}

pub fn in_sample(visitor_id: &str, survey: &Survey) -> bool {
    f64::from(sample_bucket(visitor_id, &survey.id)) < survey.audience.sample_percent * 100.0
}

/// Whether the survey targets this page and visitor: status, stage, URL,
/// device and sample.
pub fn audience_reasons(survey: &Survey, f: &Facts<'_>) -> Vec<Reason> {
    let mut out = Vec::new();
    if survey.status != SurveyStatus::Active {
        out.push(Reason::NotActive(survey.status));
    }
    let t = &survey.trigger;
    if !t.stages.is_empty() && !t.stages.contains(&f.stage) {
        out.push(Reason::Stage { current: f.stage });
    }
    let urls_ok =
        crate::glob::any_match(&t.urls.include, f.path) && !crate::glob::any_match(&t.urls.exclude, f.path);
    if !urls_ok {
        out.push(Reason::Url { path: f.path.to_owned() });
    }
    if !t.devices.is_empty() && !t.devices.contains(&f.device) {
        out.push(Reason::Device { current: f.device });
    }
    if !in_sample(&f.state.visitor_id, survey) {
        out.push(Reason::NotSampled {
            bucket: sample_bucket(&f.state.visitor_id, &survey.id),
            percent: survey.audience.sample_percent,
        });
    }
    out
}

/// The frequency rules: the survey's own, the site's cooldown and session cap.
pub fn frequency_reasons(survey: &Survey, f: &Facts<'_>) -> Vec<Reason> {
    let mut out = Vec::new();
    let freq = &survey.frequency;
    if let Some(m) = f.state.survey(&survey.id) {
        let until = m.shown_at + Millis::from(freq.recontact_days) * DAY_MS;
        match (freq.show, m.completed_at) {
            (ShowRule::Once, _) => out.push(Reason::ShownOnce { at: m.shown_at }),
            (ShowRule::UntilAnswered, Some(at)) => out.push(Reason::Completed { at }),
            _ if f.now < until => out.push(Reason::Recontact { until }),
            _ => {}
        }
    }
    if !freq.ignore_cooldown
        && let Some(last) = f.state.last_shown_at
    {
        let until = last + Millis::from(f.config.throttle.cooldown_hours) * HOUR_MS;
        if f.now < until {
            out.push(Reason::Cooldown { until });
        }
    }
    if f.state.session.shows >= f.config.throttle.max_per_session {
        out.push(Reason::SessionCap { max: f.config.throttle.max_per_session });
    }
    out
}

/// Every reason the survey may not show when its trigger fires now.
pub fn trigger_reasons(survey: &Survey, f: &Facts<'_>) -> Vec<Reason> {
    let mut out = privacy_reasons(f);
    out.extend(audience_reasons(survey, f));
    out.extend(frequency_reasons(survey, f));
    if f.survey_open {
        out.push(Reason::AnotherOpen);
    }
    out
}

/// Among eligible surveys, the one that wins: highest priority, then smallest id.
pub fn pick<'s>(candidates: impl IntoIterator<Item = (usize, &'s Survey)>) -> Option<usize> {
    candidates
        .into_iter()
        .min_by(|(_, a), (_, b)| b.priority.cmp(&a.priority).then_with(|| a.id.cmp(&b.id)))
        .map(|(i, _)| i)
}

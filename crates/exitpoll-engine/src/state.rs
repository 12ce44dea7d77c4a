//! The engine's memory across page views: what was shown when, the session,
//! the outbox, the visitor id and first-touch campaign parameters.
//!
//! The widget keeps it in `localStorage` as versioned JSON. Anything it cannot
//! read (corrupt, foreign, or from a future version) starts a fresh state, and
//! the reason is returned for the debug log; reading never fails.
use crate::prelude::*;
use exitpoll_protocol::cat;

use crate::Millis;
use crate::outbox::Outbox;
use crate::outbox::{Entry, Queued};
use crate::rng::Rng;
#[cfg(test)]
use exitpoll_protocol::json;
use exitpoll_protocol::json::{Map, ObjectWriter, Value};

pub const STATE_VERSION: i64 = 1;
/// A session ends after this long without a page view or input (the usual web-analytics rule).
pub const SESSION_IDLE_MS: Millis = 30 * 60_000;
/// First-touch campaign parameters are kept this long.
pub const UTM_TTL_MS: Millis = 30 * 86_400_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: String,
    pub last_seen: Millis,
    /// Surveys shown in this session.
    pub shows: u32,
}

/// What the visitor has seen of one survey.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyMemory {
    pub survey_id: String,
    /// The last time it was shown.
    pub shown_at: Millis,
    pub shows: u32,
    pub completed_at: Option<Millis>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Utm {
    /// When these parameters were first seen.
    pub at: Millis,
    pub params: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub visitor_id: String,
    pub session: Session,
    /// The last time any survey was shown, for the site's cooldown.
    pub last_shown_at: Option<Millis>,
    pub surveys: Vec<SurveyMemory>,
    pub outbox: Outbox,
    pub utm: Option<Utm>,
}

impl State {
    pub fn fresh(now: Millis, rng: &mut Rng) -> State {
        State {
            visitor_id: rng.id("v_"),
            session: Session { id: rng.id("s_"), last_seen: now, shows: 0 },
            last_shown_at: None,
            surveys: Vec::new(),
            outbox: Outbox::default(),
            utm: None,
        }
    }

    pub fn survey(&self, id: &str) -> Option<&SurveyMemory> {
        self.surveys.iter().find(|s| s.survey_id == id)
    }

    /// Records that a survey was shown now.
    pub fn record_shown(&mut self, survey_id: &str, now: Millis) {
        self.last_shown_at = Some(now);
        self.session.shows += 1;
        match self.surveys.iter_mut().find(|s| s.survey_id == survey_id) {
            Some(m) => {
                m.shown_at = now;
                m.shows += 1;
            }
            None => self.surveys.push(SurveyMemory {
                survey_id: survey_id.to_owned(),
                shown_at: now,
                shows: 1,
                completed_at: None,
            }),
        }
    }

    pub fn record_completed(&mut self, survey_id: &str, now: Millis) {
        if let Some(m) = self.surveys.iter_mut().find(|s| s.survey_id == survey_id) {
            m.completed_at = Some(now);
        }
    }

    /// Starts a new session when the last one has gone quiet; keeps it alive otherwise.
    pub fn touch_session(&mut self, now: Millis, rng: &mut Rng) {
        if now - self.session.last_seen >= SESSION_IDLE_MS || now < self.session.last_seen - SESSION_IDLE_MS {
            self.session = Session { id: rng.id("s_"), last_seen: now, shows: 0 };
        } else {
            self.session.last_seen = self.session.last_seen.max(now);
        }
    }

    /// Remembers campaign parameters on first touch, or when the old ones expired.
    pub fn remember_utm(&mut self, params: Vec<(String, String)>, now: Millis) {
        if let Some(u) = &self.utm
            && now - u.at >= UTM_TTL_MS
        {
            self.utm = None;
        }
        if self.utm.is_none() && !params.is_empty() {
            self.utm = Some(Utm { at: now, params });
        }
    }

    /// Folds in the state another tab wrote, so that tabs never undercount
    /// what the visitor has seen (which would let frequency rules be broken).
    pub fn merge(&mut self, other: &State) {
        self.last_shown_at = self.last_shown_at.max(other.last_shown_at);
        if other.session.id == self.session.id {
            self.session.shows = self.session.shows.max(other.session.shows);
            self.session.last_seen = self.session.last_seen.max(other.session.last_seen);
        } else if other.session.last_seen > self.session.last_seen {
            self.session = other.session.clone();
        }
        for o in &other.surveys {
            match self.surveys.iter_mut().find(|s| s.survey_id == o.survey_id) {
                Some(m) => {
                    m.shown_at = m.shown_at.max(o.shown_at);
                    m.shows = m.shows.max(o.shows);
                    m.completed_at = m.completed_at.max(o.completed_at);
                }
                None => self.surveys.push(o.clone()),
            }
        }
        self.outbox.merge(other.outbox.entries());
        if let Some(u) = &other.utm
            && self.utm.as_ref().is_none_or(|mine| u.at < mine.at)
        {
            self.utm = Some(u.clone());
        }
        // The visitor id of the first tab wins everywhere, so sampling stays sticky.
        if other.visitor_id < self.visitor_id {
            self.visitor_id = other.visitor_id.clone();
        }
    }

    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let mut o = ObjectWriter::new(&mut out);
        o.int("v", STATE_VERSION).str("visitor", &self.visitor_id);
        let mut session = String::new();
        let mut s = ObjectWriter::new(&mut session);
        s.str("id", &self.session.id)
            .int("seen", self.session.last_seen)
            .int("shows", i64::from(self.session.shows));
        s.finish();
        o.raw("session", &session);
        if let Some(t) = self.last_shown_at {
            o.int("last_shown", t);
        }
        let mut surveys = String::new();
        let mut sv = ObjectWriter::new(&mut surveys);
        for m in &self.surveys {
            let mut one = String::new();
            let mut w = ObjectWriter::new(&mut one);
            w.int("shown", m.shown_at).int("n", i64::from(m.shows));
            if let Some(c) = m.completed_at {
                w.int("done", c);
            }
            w.finish();
            sv.raw(&m.survey_id, &one);
        }
        sv.finish();
        o.raw("surveys", &surveys);
        let mut outbox = String::from("[");
        for (i, e) in self.outbox.entries().iter().enumerate() {
            if i > 0 {
                outbox.push(',');
            }
            let mut w = ObjectWriter::new(&mut outbox);
            w.raw("s", &e.snapshot.json)
                .int("n", i64::from(e.attempts))
                .int("at", e.next_at)
                .int("q", e.queued_at)
                .bool("solo", e.solo);
            w.finish();
        }
        outbox.push(']');
        o.raw("outbox", &outbox);
        if let Some(u) = &self.utm {
            let mut utm = String::new();
            let mut w = ObjectWriter::new(&mut utm);
            w.int("at", u.at);
            for (k, v) in &u.params {
                w.str(k, v);
            }
            w.finish();
            o.raw("utm", &utm);
        }
        o.finish();
        out
    }

    /// Reads a stored state. On any problem it returns a fresh state and
    /// the reason, and keeps whatever outbox entries are still readable:
    /// answers matter more than counters.
    pub fn from_stored(
        stored: &Result<Value, String>,
        now: Millis,
        rng: &mut Rng,
    ) -> (State, Option<String>) {
        let decoded = match stored {
            Ok(v) => decode(v),
            Err(why) => Err(why.clone()),
        };
        match decoded {
            Ok(state) => (state, None),
            Err(reason) => {
                let mut fresh = State::fresh(now, rng);
                if let Ok(v) = stored {
                    fresh.outbox = read_outbox(v.get("outbox"));
                }
                (fresh, Some(reason))
            }
        }
    }

    /// [`State::from_stored`] for the text the widget stores, parsed the
    /// way the widget does (tests only: the engine itself has no parser).
    #[cfg(test)]
    pub fn from_json(text: &str, now: Millis, rng: &mut Rng) -> (State, Option<String>) {
        let stored = json::parse(text).map_err(|e| cat!["stored state is not JSON (", e, ")"]);
        State::from_stored(&stored, now, rng)
    }
}

fn decode(v: &Value) -> Result<State, String> {
    let version = v.get("v").and_then(Value::as_i64);
    if version != Some(STATE_VERSION) {
        return Err(cat![
            "stored state has version ",
            v.get("v").map_or("none".into(), Value::to_json),
            ", expected ",
            STATE_VERSION
        ]);
    }
    let str_field = |o: &Value, k: &str| o.get(k).and_then(Value::as_str).map(str::to_owned);
    let int_field = |o: &Value, k: &str| o.get(k).and_then(Value::as_i64);
    let bad = |what: &str| cat!["stored state has a bad ", what];
    let visitor_id =
        str_field(v, "visitor").filter(|s| !s.is_empty() && s.len() <= 64).ok_or_else(|| bad("visitor"))?;
    let s = v.get("session").ok_or_else(|| bad("session"))?;
    let session = Session {
        id: str_field(s, "id").filter(|s| s.len() <= 64).ok_or_else(|| bad("session id"))?,
        last_seen: int_field(s, "seen").ok_or_else(|| bad("session time"))?,
        shows: int_field(s, "shows")
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| bad("session count"))?,
    };
    let mut surveys = Vec::new();
    for (id, m) in v.get("surveys").and_then(Value::as_object).map(Map::iter).into_iter().flatten() {
        surveys.push(SurveyMemory {
            survey_id: id.to_owned(),
            shown_at: int_field(m, "shown").ok_or_else(|| bad("survey time"))?,
            shows: int_field(m, "n").and_then(|n| u32::try_from(n).ok()).unwrap_or(1),
            completed_at: int_field(m, "done"),
        });
    }
    let utm = v.get("utm").and_then(Value::as_object).and_then(|u| {
        let at = u.get("at")?.as_i64()?;
        let params = u
            .iter()
            .filter(|(k, _)| k.starts_with("utm_"))
            .filter_map(|(k, v)| Some((k.to_owned(), v.as_str()?.to_owned())))
            .collect();
        Some(Utm { at, params })
    });
    Ok(State {
        visitor_id,
        session,
        last_shown_at: int_field(v, "last_shown"),
        surveys,
        outbox: read_outbox(v.get("outbox")),
        utm,
    })
}

fn read_outbox(v: Option<&Value>) -> Outbox {
    Outbox::from_entries(decode_outbox(v))
}

/// Reads outbox entries, skipping any that are unreadable.
fn decode_outbox(v: Option<&Value>) -> Vec<Entry> {
    let Some(items) = v.and_then(Value::as_array) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let snapshot = Queued::from_value(item.get("s")?)?;
            Some(Entry {
                snapshot,
                attempts: item
                    .get("n")
                    .and_then(Value::as_i64)
                    .and_then(|n| u32::try_from(n).ok())
                    .unwrap_or(0),
                next_at: item.get("at").and_then(Value::as_i64).unwrap_or(0),
                queued_at: item.get("q").and_then(Value::as_i64)?,
                solo: item.get("solo").and_then(Value::as_bool).unwrap_or(false),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;

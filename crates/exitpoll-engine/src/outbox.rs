//! The outbox: snapshots waiting for the collector's acknowledgement, and the
//! policy for sending them.
//!
//! - Only the latest revision of each response is kept; an older one is never sent.
//! - One request is in flight at a time, at most 50 responses and 64 KiB.
//! - A failed send waits with jittered exponential backoff, 1 s doubling to 1 h.
//! - A new page view makes everything due at once: answers are sent again on the next page view.
//! - After 7 days without an acknowledgement a snapshot is given up, and the
//!   engine reports it, rather than growing the shopper's storage forever.
//! - A request the collector rejects (4xx, not 408 or 429) is split so one bad
//!   snapshot cannot hold up the rest; a rejected snapshot sent alone is dropped
//!   and reported.
use crate::prelude::*;

use crate::Millis;
use crate::rng::Rng;
use exitpoll_protocol::is_valid_id;
use exitpoll_protocol::json::Value;
use exitpoll_protocol::response::{MAX_BODY_BYTES, MAX_RESPONSES_PER_REQUEST};
use exitpoll_protocol::response::{Snapshot, is_uuid};

pub const MIN_BACKOFF_MS: Millis = 1_000;
pub const MAX_BACKOFF_MS: Millis = 3_600_000;
pub const GIVE_UP_MS: Millis = 7 * 86_400_000;
/// A request not answered within this time is treated as failed.
pub const IN_FLIGHT_TIMEOUT_MS: Millis = 60_000;
/// Bytes of `{"responses":[` and `]}` around the snapshots.
const ENVELOPE_BYTES: usize = 16;

/// A snapshot as the outbox keeps it: its JSON, and what sending and
/// reporting need. The outbox never turns stored JSON back into a
/// [`Snapshot`], so the widget carries no snapshot decoder (ARCHITECTURE.md,
/// "Size"); the collector validates whatever arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub response_id: String,
    pub survey_id: String,
    pub revision: u32,
    /// The snapshot as a JSON object.
    pub json: String,
}

impl Queued {
    pub fn of(snapshot: &Snapshot) -> Queued {
        Queued {
            response_id: snapshot.response_id.clone(),
            survey_id: snapshot.survey_id.clone(),
            revision: snapshot.revision,
            json: snapshot.to_json(),
        }
    }

    /// A snapshot object read back from storage; `None` when its
    /// `response_id`, `survey_id` or `revision` is missing or malformed.
    pub fn from_value(v: &Value) -> Option<Queued> {
        let response_id = v.get("response_id")?.as_str()?;
        let survey_id = v.get("survey_id")?.as_str()?;
        let revision = u32::try_from(v.get("revision")?.as_i64()?).ok()?;
        (is_valid_id(survey_id) && is_uuid(response_id)).then(|| Queued {
            response_id: response_id.to_owned(),
            survey_id: survey_id.to_owned(),
            revision,
            json: v.to_json(),
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub snapshot: Queued,
    /// Failed attempts so far.
    pub attempts: u32,
    /// Not sent before this time.
    pub next_at: Millis,
    /// When the response first entered the outbox; the give-up clock.
    pub queued_at: Millis,
    /// Send alone: a request holding it was rejected.
    pub solo: bool,
}

/// One request's worth of snapshots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub id: u32,
    /// The request body, `{"responses": [...]}`.
    pub body: String,
    pub responses: usize,
}

#[derive(Debug, Clone, PartialEq)]
struct InFlight {
    id: u32,
    sent_at: Millis,
    /// `(response_id, revision)` of each snapshot sent.
    items: Vec<(String, u32)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outbox {
    entries: Vec<Entry>,
    in_flight: Option<InFlight>,
    next_batch_id: u32,
}

/// What the collector answered to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendOutcome {
    /// 2xx: stored.
    Acked,
    /// Network error, timeout, 5xx or 429: try again later, not before
    /// `retry_after_ms` when the collector said so.
    Retry { retry_after_ms: Option<Millis> },
    /// Another 4xx: the collector will never take this request as it is.
    Rejected,
}

impl Outbox {
    pub fn from_entries(entries: Vec<Entry>) -> Outbox {
        Outbox { entries, in_flight: None, next_batch_id: 0 }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Queues a snapshot, replacing any older revision of the same response.
    pub fn put(&mut self, snapshot: &Snapshot, now: Millis) {
        match self.entries.iter_mut().find(|e| e.snapshot.response_id == snapshot.response_id) {
            Some(e) if e.snapshot.revision >= snapshot.revision => {}
            Some(e) => {
                e.snapshot = Queued::of(snapshot);
                e.next_at = now;
                e.attempts = 0;
            }
            None => {
                let snapshot = Queued::of(snapshot);
                self.entries.push(Entry { snapshot, attempts: 0, next_at: now, queued_at: now, solo: false })
            }
        }
    }

    /// Folds in entries from another copy of the outbox (another tab), keeping
    /// the higher revision of each response.
    pub fn merge(&mut self, other: &[Entry]) {
        for o in other {
            match self.entries.iter_mut().find(|e| e.snapshot.response_id == o.snapshot.response_id) {
                Some(e) if e.snapshot.revision >= o.snapshot.revision => {}
                Some(e) => *e = o.clone(),
                None => self.entries.push(o.clone()),
            }
        }
    }

    /// A new page view: everything is due now, and any request the previous
    /// page left in flight is forgotten (it is sent again; the collector dedupes).
    pub fn new_page_view(&mut self, now: Millis) {
        self.in_flight = None;
        for e in &mut self.entries {
            e.next_at = now;
        }
    }

    /// When something next needs doing: a send, a give-up or an in-flight timeout.
    pub fn next_wakeup(&self) -> Option<Millis> {
        if let Some(f) = &self.in_flight {
            return Some(f.sent_at + IN_FLIGHT_TIMEOUT_MS);
        }
        self.entries.iter().map(|e| e.next_at.min(e.queued_at + GIVE_UP_MS)).min()
    }

    /// Drops snapshots older than the give-up horizon; returns them so the
    /// caller can report each loss.
    pub fn expire(&mut self, now: Millis) -> Vec<Queued> {
        let mut dropped = Vec::new();
        self.entries.retain(|e| {
            let keep = now - e.queued_at < GIVE_UP_MS;
            if !keep {
                dropped.push(e.snapshot.clone());
            }
            keep
        });
        dropped
    }

    /// Handles an in-flight request that never got an answer.
    pub fn check_timeout(&mut self, now: Millis, rng: &mut Rng) {
        if let Some(f) = &self.in_flight
            && now - f.sent_at >= IN_FLIGHT_TIMEOUT_MS
        {
            let id = f.id;
            self.finish(id, now, SendOutcome::Retry { retry_after_ms: None }, rng);
        }
    }

    /// The next request to send, if one is due and none is in flight.
    pub fn take_batch(&mut self, now: Millis) -> Option<Batch> {
        if self.in_flight.is_some() {
            return None;
        }
        let mut due: Vec<usize> =
            (0..self.entries.len()).filter(|&i| self.entries[i].next_at <= now).collect();
        if due.is_empty() {
            return None;
        }
        // Oldest first. An insertion sort: the outbox holds a handful of
        // entries, and the standard library's sort adds 4 KB to the widget.
        for j in 1..due.len() {
            let mut k = j;
            while k > 0 && self.entries[due[k - 1]].queued_at > self.entries[due[k]].queued_at {
                due.swap(k - 1, k);
                k -= 1;
            }
        }
        let mut body = String::from("{\"responses\":[");
        let mut items = Vec::new();
        for i in due {
            let e = &self.entries[i];
            if e.solo && !items.is_empty() {
                continue;
            }
            let json = &e.snapshot.json;
            let extra = json.len() + usize::from(!items.is_empty());
            if !items.is_empty() && body.len() + extra + ENVELOPE_BYTES > MAX_BODY_BYTES {
                break;
            }
            if !items.is_empty() {
                body.push(',');
            }
            body.push_str(json);
            items.push((e.snapshot.response_id.clone(), e.snapshot.revision));
            if e.solo || items.len() == MAX_RESPONSES_PER_REQUEST {
                break;
            }
        }
        body.push_str("]}");
        let id = self.next_batch_id;
        self.next_batch_id = self.next_batch_id.wrapping_add(1);
        let responses = items.len();
        self.in_flight = Some(InFlight { id, sent_at: now, items });
        Some(Batch { id, body, responses })
    }

    /// Applies the collector's answer to request `id`. Returns the snapshots
    /// dropped because the collector rejected them alone.
    pub fn finish(&mut self, id: u32, now: Millis, outcome: SendOutcome, rng: &mut Rng) -> Vec<Queued> {
        let Some(flight) = self.in_flight.take_if(|f| f.id == id) else {
            return Vec::new();
        };
        let sent =
            |e: &Entry| flight.items.iter().find(|(r, _)| *r == e.snapshot.response_id).map(|(_, rev)| *rev);
        let mut dropped = Vec::new();
        match outcome {
            SendOutcome::Acked => {
                // A newer revision queued while the request was in flight stays.
                self.entries.retain(|e| sent(e).is_none_or(|rev| e.snapshot.revision > rev));
            }
            SendOutcome::Retry { retry_after_ms } => {
                for e in self.entries.iter_mut().filter(|e| sent(e).is_some()) {
                    e.attempts = e.attempts.saturating_add(1);
                    let wait = backoff(e.attempts, rng).max(retry_after_ms.unwrap_or(0));
                    e.next_at = now + wait;
                }
            }
            SendOutcome::Rejected => {
                let alone = flight.items.len() == 1;
                self.entries.retain(|e| match sent(e) {
                    Some(rev) if alone && e.snapshot.revision == rev => {
                        dropped.push(e.snapshot.clone());
                        false
                    }
                    _ => true,
                });
                for e in self.entries.iter_mut().filter(|e| sent(e).is_some()) {
                    e.solo = true;
                    e.next_at = now;
                }
            }
        }
        dropped
    }

    /// Bodies for `navigator.sendBeacon` when the page is hidden: every pending
    /// snapshot, in requests within the limits. Nothing is removed, since a
    /// beacon is never acknowledged; the next page view sends them again.
    pub fn beacon_bodies(&self) -> Vec<String> {
        let mut bodies = Vec::new();
        let mut body = String::new();
        let mut count = 0;
        for e in &self.entries {
            let json = &e.snapshot.json;
            if count > 0
                && (count == MAX_RESPONSES_PER_REQUEST
                    || body.len() + json.len() + ENVELOPE_BYTES > MAX_BODY_BYTES)
            {
                body.push_str("]}");
                bodies.push(core::mem::take(&mut body));
                count = 0;
            }
            if count == 0 {
                body.push_str("{\"responses\":[");
            } else {
                body.push(',');
            }
            body.push_str(json);
            count += 1;
        }
        if count > 0 {
            body.push_str("]}");
            bodies.push(body);
        }
        bodies
    }
}

/// The wait after `attempts` failures: 1 s doubling to 1 h, then a random
/// 50–100 % of that, so many shoppers' retries after an outage spread out
/// instead of arriving together.
pub fn backoff(attempts: u32, rng: &mut Rng) -> Millis {
    let exp = attempts.saturating_sub(1).min(20);
    let full = (MIN_BACKOFF_MS << exp).min(MAX_BACKOFF_MS);
    let jittered = full as f64 * (0.5 + 0.5 * rng.next_unit());
    (jittered as Millis).max(MIN_BACKOFF_MS)
}

#[cfg(test)]
mod tests;

//! Durable storage of responses: one trait, and a backend per database.
//!
//! Every backend keeps the same promises, checked by one conformance suite
//! (`store/tests.rs`) that runs against each of them:
//! - `upsert` returns only after the rows are committed to durable storage;
//! - a snapshot replaces the stored one only when its revision is higher, so
//!   retries, duplicates and reordering converge to one row per response;
//! - an erased response stays erased, even when a late retry brings it back;
//! - exports stream rows and never hold a whole table in memory.

pub mod postgres;
pub mod rollup;
pub mod sqlite;
pub mod summary;

use async_trait::async_trait;
use exitpoll_protocol::SiteConfig;
use exitpoll_protocol::config::{Device, QuestionKind, Stage};
use exitpoll_protocol::json::Value;
use exitpoll_protocol::response::{ResponseStatus, Snapshot};
use futures::StreamExt;
use futures::stream::BoxStream;
use std::collections::{BTreeMap, BTreeSet};

/// Milliseconds since the Unix epoch.
pub type Millis = i64;

#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// The database cannot take the request now (full disk, locked, gone).
    /// The client should retry; nothing was acknowledged.
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    #[error("storage error: {0}")]
    Internal(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode::*;
        match e.sqlite_error_code() {
            Some(
                DiskFull | DatabaseBusy | DatabaseLocked | CannotOpen | SystemIoFailure | ReadOnly
                | OutOfMemory,
            ) => StoreError::Unavailable(e.to_string()),
            _ => StoreError::Internal(e.to_string()),
        }
    }
}

/// One commit, as the metrics see it.
#[derive(Debug, Clone, Copy)]
pub struct CommitReport {
    /// Requests whose rows went into this commit.
    pub requests: usize,
    pub rows: usize,
    pub duration: std::time::Duration,
}

/// Called after every successful commit.
pub type Observer = std::sync::Arc<dyn Fn(CommitReport) + Send + Sync>;

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UpsertOutcome {
    /// Snapshots that were new or had a higher revision than the stored one.
    pub stored: usize,
    /// Snapshots that changed nothing: same or lower revision, or erased.
    pub duplicates: usize,
}

/// Which responses to read, in which order, and how many. Every condition
/// must hold (they combine with AND); the default is every response of the
/// site, oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub survey: Option<String>,
    /// `shown_at >= since`.
    pub since: Option<Millis>,
    /// `shown_at < until`.
    pub until: Option<Millis>,
    pub status: Option<ResponseStatus>,
    pub stage: Option<Stage>,
    pub device: Option<Device>,
    /// Conditions on answers, each on one question.
    pub answers: Vec<AnswerFilter>,
    /// Only responses with a text answer containing this.
    pub text: Option<TextSearch>,
    pub order: Order,
    /// Only rows after this one in `order`: the last row of the previous page.
    pub after: Option<Position>,
    /// At most this many rows.
    pub limit: Option<usize>,
}

/// The order of a listing: by `shown_at`, ties by `response_id` (as bytes),
/// so that every row has one place in it. `shown_at` is set once, when the
/// survey was shown, so a row keeps its place while pages are read, and rows
/// stored in between land before or after the place a reader has reached;
/// they never make it skip or repeat a row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    #[default]
    OldestFirst,
    NewestFirst,
}

/// A row's place in a listing: where the next page starts after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub shown_at: Millis,
    pub response_id: String,
}

impl Position {
    pub fn of(row: &Row) -> Position {
        Position { shown_at: row.shown_at, response_id: row.response_id.clone() }
    }
}

/// A condition on the answer to one question.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerFilter {
    pub question_id: String,
    pub matches: AnswerMatch,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AnswerMatch {
    /// This choice id (or `clicked` of a CTA): the answer is that string, or
    /// an array holding it (a multiple-choice answer).
    Choice(String),
    /// An "Other" answer of a choice question: `{"other": "..."}`.
    Other,
    /// A number from the first to the second, both included (NPS, rating).
    Between(i64, i64),
}

/// A case-insensitive search in a response's text answers: those to text
/// and email questions, and "Other" texts.
///
/// It is matched here, in Rust, on every backend, rather than with `LIKE`:
/// SQLite folds the case of ASCII letters only and PostgreSQL that of every
/// letter its collation knows, so the same search would find different
/// responses on each. Here it is Rust's `to_lowercase` on both, as in the
/// summary's text search, and `%` or `_` are characters like any other.
#[derive(Debug, Clone, PartialEq)]
pub struct TextSearch {
    /// Lowercased.
    needle: String,
    /// Survey id → its text and email question ids.
    text_questions: BTreeMap<String, BTreeSet<String>>,
}

impl TextSearch {
    /// A search for `query` (trimmed; `None` when that leaves nothing) in the
    /// answers of the surveys of `config`.
    pub fn new(query: &str, config: &SiteConfig) -> Option<TextSearch> {
        let query = query.trim();
        if query.is_empty() {
            return None;
        }
        let text_questions = config
            .surveys
            .iter()
            .map(|s| {
                let ids = s
                    .questions
                    .iter()
                    .filter(|q| matches!(q.kind, QuestionKind::Text { .. } | QuestionKind::Email { .. }))
                    .map(|q| q.id.clone())
                    .collect();
                (s.id.clone(), ids)
            })
            .collect();
        Some(TextSearch { needle: query.to_lowercase(), text_questions })
    }

    pub fn matches(&self, row: &Row) -> bool {
        let Ok(Value::Object(answers)) = serde_json::from_str::<Value>(&row.answers) else { return false };
        let text_ids = self.text_questions.get(&row.survey_id);
        let found = |text: &str| text.to_lowercase().contains(&self.needle);
        answers.iter().any(|(id, v)| match v {
            Value::String(s) => text_ids.is_some_and(|ids| ids.contains(id)) && found(s),
            Value::Object(m) => m.get("other").and_then(Value::as_str).is_some_and(found),
            _ => false,
        })
    }
}

/// What both backends do to the rows their query yields: the text search,
/// which is not in their SQL, and then the limit.
pub(crate) fn refine(rows: RowStream, filter: &Filter) -> RowStream {
    let limit = filter.limit.unwrap_or(usize::MAX);
    match filter.text.clone() {
        None => Box::pin(rows.take(limit)),
        Some(search) => Box::pin(
            rows.filter(move |r| futures::future::ready(r.as_ref().map_or(true, |row| search.matches(row))))
                .take(limit),
        ),
    }
}

impl Filter {
    /// The `LIMIT` a backend's query may carry: none when rows are still
    /// dropped after it (the text search).
    pub(crate) fn sql_limit(&self) -> Option<i64> {
        self.limit.filter(|_| self.text.is_none()).map(|n| n.min(i64::MAX as usize) as i64)
    }
}

/// A stored response, as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub response_id: String,
    pub revision: u32,
    pub survey_id: String,
    pub status: String,
    /// JSON object text.
    pub answers: String,
    pub shown_at: Millis,
    pub updated_at: Millis,
    pub visitor_id: String,
    pub session_id: String,
    pub trigger: String,
    pub stage: Option<String>,
    pub device: Option<String>,
    pub locale: String,
    pub page_url: String,
    /// JSON object text.
    pub context: String,
    /// When the collector first stored this response.
    pub received_at: Millis,
}

impl Row {
    /// The row as stored from a snapshot; its strings move, not copy.
    pub fn from_snapshot(s: Snapshot, received_at: Millis) -> Row {
        let answers = s.answers_json();
        Row {
            response_id: s.response_id,
            revision: s.revision,
            survey_id: s.survey_id,
            status: s.status.as_str().to_owned(),
            answers,
            shown_at: s.shown_at,
            updated_at: s.updated_at,
            visitor_id: s.visitor_id,
            session_id: s.session_id,
            trigger: s.trigger,
            stage: s.stage.map(|x| x.as_str().to_owned()),
            device: s.device.map(|x| x.as_str().to_owned()),
            locale: s.locale,
            page_url: s.page_url,
            context: Value::Object(s.context).to_json(),
            received_at,
        }
    }
}

impl Row {
    /// The row as JSON, in the shape the widget posts (the HTTP API (README.md)).
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    pub fn write_json(&self, out: &mut String) {
        use exitpoll_protocol::json::ObjectWriter;
        use exitpoll_protocol::time::format_timestamp;
        let mut o = ObjectWriter::new(out);
        o.str("response_id", &self.response_id)
            .int("revision", i64::from(self.revision))
            .str("survey_id", &self.survey_id)
            .str("status", &self.status)
            .raw("answers", &self.answers)
            .str("shown_at", &format_timestamp(self.shown_at))
            .str("updated_at", &format_timestamp(self.updated_at))
            .str("visitor_id", &self.visitor_id)
            .str("session_id", &self.session_id)
            .str("trigger", &self.trigger);
        match &self.stage {
            Some(s) => o.str("stage", s),
            None => o.raw("stage", "null"),
        };
        match &self.device {
            Some(d) => o.str("device", d),
            None => o.raw("device", "null"),
        };
        o.str("locale", &self.locale)
            .str("page_url", &self.page_url)
            .raw("context", &self.context)
            .str("received_at", &format_timestamp(self.received_at));
        o.finish();
    }
}

pub type RowStream = BoxStream<'static, Result<Row, StoreError>>;

/// Whose responses an erasure names: one response, or every response of a
/// person as the shop knows them (a `customer_id` or `order_id` key of the
/// response's context) or as the widget does (its visitor id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Response(String),
    Customer(String),
    Order(String),
    Visitor(String),
}

impl Subject {
    /// The name of what is matched: a column or a context key.
    pub fn key(&self) -> &'static str {
        match self {
            Subject::Response(_) => "response_id",
            Subject::Customer(_) => "customer_id",
            Subject::Order(_) => "order_id",
            Subject::Visitor(_) => "visitor_id",
        }
    }

    pub fn value(&self) -> &str {
        match self {
            Subject::Response(v) | Subject::Customer(v) | Subject::Order(v) | Subject::Visitor(v) => v,
        }
    }
}

/// A webhook's interest in a site's responses, passed to [`Store::upsert`] so
/// deliveries are queued in the same transaction that stores the response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The webhook's name, unique within the site.
    pub webhook: String,
    pub completed: bool,
    pub partial: bool,
}

/// The events a webhook can receive.
pub const EVENT_COMPLETED: &str = "response.completed";
pub const EVENT_PARTIAL: &str = "response.partial";

/// The stable id of a delivery: the same event for the same webhook always
/// gets the same id, so queuing it twice is a no-op and receivers can dedupe.
pub fn delivery_id(site: &str, webhook: &str, event: &str, response_id: &str, revision: u32) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for part in [site, webhook, event, response_id] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    // A response completes once; partial updates are events per revision.
    if event == EVENT_PARTIAL {
        h.update(revision.to_be_bytes());
    }
    let digest = h.finalize();
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// The deliveries to queue for one stored row.
pub fn deliveries_for(site: &str, row: &Row, subs: &[Subscription]) -> Vec<(String, String, &'static str)> {
    subs.iter()
        .filter_map(|s| {
            let event = match row.status.as_str() {
                "completed" if s.completed => EVENT_COMPLETED,
                "partial" if s.partial => EVENT_PARTIAL,
                _ => return None,
            };
            Some((
                delivery_id(site, &s.webhook, event, &row.response_id, row.revision),
                s.webhook.clone(),
                event,
            ))
        })
        .collect()
}

/// A webhook delivery waiting in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub delivery_id: String,
    pub site: String,
    pub webhook: String,
    pub event: String,
    /// The response as it was stored when the event happened (JSON).
    pub response: String,
    pub attempts: u32,
    pub created_at: Millis,
}

/// What happened to a delivery attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum DeliveryOutcome {
    Delivered,
    /// Try again at this time.
    Retry {
        at: Millis,
        error: String,
    },
    /// Given up: kept as a dead letter.
    Dead {
        error: String,
    },
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DeadLetter {
    pub delivery_id: String,
    pub webhook: String,
    pub event: String,
    pub response_id: String,
    pub attempts: u32,
    pub last_error: String,
    pub created_at: String,
}

/// A site's webhook outbox at a glance.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct WebhookStatus {
    pub pending: u64,
    pub delivered: u64,
    pub dead: u64,
    /// The latest dead letters, newest first.
    pub dead_letters: Vec<DeadLetter>,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Stores snapshots for a site; returns once they are committed. For each
    /// row that changed, a delivery is queued for every matching webhook in
    /// the same transaction, so a stored event is never without its delivery.
    async fn upsert(
        &self,
        site: &str,
        rows: Vec<Row>,
        subs: &[Subscription],
    ) -> Result<UpsertOutcome, StoreError>;

    /// Takes up to `limit` due deliveries, oldest due first, and leases them
    /// until `lease_until` (another instance will not take them meanwhile).
    /// Deliveries of the webhooks in `skip`, as `(site, webhook)`, stay
    /// queued: the worker passes those whose sending slots are all taken, so
    /// a receiver that hangs never holds back the others.
    async fn claim_deliveries(
        &self,
        now: Millis,
        lease_until: Millis,
        limit: usize,
        skip: &[(String, String)],
    ) -> Result<Vec<Delivery>, StoreError>;

    /// Records the result of an attempt.
    async fn finish_delivery(
        &self,
        delivery_id: &str,
        now: Millis,
        outcome: DeliveryOutcome,
    ) -> Result<(), StoreError>;

    /// Counts and dead letters of a site's webhook outbox.
    async fn webhook_status(&self, site: &str) -> Result<WebhookStatus, StoreError>;

    /// Queues a site's dead letters again (the one `delivery_id` names, or
    /// all of them), due at once, as new: no attempts yet, and a fresh
    /// give-up period from `now`. The delivery id stays, so a receiver that
    /// did get an earlier attempt can tell. Returns the webhook of each.
    async fn retry_dead(
        &self,
        site: &str,
        delivery_id: Option<&str>,
        now: Millis,
    ) -> Result<Vec<String>, StoreError>;

    /// Sums a site's rollup rows ([`rollup`]) as `query` asks.
    async fn rollup_sums(
        &self,
        site: &str,
        query: &rollup::RollupQuery,
    ) -> Result<Vec<rollup::RollupSum>, StoreError>;

    /// Streams a site's responses that match `filter`, in its order, after
    /// its position, at most its limit.
    async fn export(&self, site: &str, filter: Filter) -> Result<RowStream, StoreError>;

    /// How many written changes wait to be folded into the rollups (journal
    /// rows, each one commit's counts). Always 0 where a write updates the
    /// rollups itself (SQLite).
    async fn unfolded_rollups(&self) -> Result<u64, StoreError> {
        Ok(0)
    }

    /// Erases a response for good; false when there was none.
    async fn erase(&self, site: &str, response_id: &str) -> Result<bool, StoreError> {
        Ok(self.erase_subject(site, &Subject::Response(response_id.to_owned())).await? > 0)
    }

    /// Erases every response of a site that `subject` names, in one
    /// transaction, and returns how many there were. Each leaves a tombstone,
    /// so a late retry of the same response is a duplicate and stays erased.
    /// Its webhook deliveries go with it, whatever their state: a pending
    /// one is then never sent, and a delivered or dead one holds a copy.
    async fn erase_subject(&self, site: &str, subject: &Subject) -> Result<u64, StoreError>;

    /// Deletes up to `limit` responses of a site first received before
    /// `cutoff` (retention), in one transaction, and returns how many. No
    /// tombstones: a snapshot retried after the retention period is not
    /// expected, and tombstones would keep growing for ever.
    async fn delete_received_before(
        &self,
        site: &str,
        cutoff: Millis,
        limit: usize,
    ) -> Result<u64, StoreError>;

    /// Deletes up to `limit` webhook deliveries of a site (in any state)
    /// created before `cutoff` (retention: each holds a copy of its
    /// response), in one transaction, and returns how many.
    async fn delete_deliveries_created_before(
        &self,
        site: &str,
        cutoff: Millis,
        limit: usize,
    ) -> Result<u64, StoreError>;

    /// Whether the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Whether the store can take writes now (`/readyz`): the database
    /// answers and, where a backend can tell, writes are not failing.
    async fn ready(&self) -> Result<(), StoreError> {
        self.ping().await
    }

    /// Finishes pending writes before shutdown.
    async fn close(&self);
}

#[cfg(test)]
pub(crate) mod tests;

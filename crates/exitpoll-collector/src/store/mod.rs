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
pub mod sqlite;
pub mod summary;

use async_trait::async_trait;
use exitpoll_protocol::json::{self, Value};
use exitpoll_protocol::response::{ResponseStatus, Snapshot};
use futures::stream::BoxStream;

/// Milliseconds since the Unix epoch.
pub type Millis = i64;

#[derive(Debug, thiserror::Error)]
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

/// Which responses to read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub survey: Option<String>,
    /// `shown_at >= since`.
    pub since: Option<Millis>,
    /// `shown_at < until`.
    pub until: Option<Millis>,
    pub status: Option<ResponseStatus>,
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
    /// The row as stored from a snapshot.
    pub fn from_snapshot(s: &Snapshot, received_at: Millis) -> Row {
        let mut answers = json::Map::default();
        for (q, a) in &s.answers {
            answers.insert(q, a.to_value());
        }
        Row {
            response_id: s.response_id.clone(),
            revision: s.revision,
            survey_id: s.survey_id.clone(),
            status: s.status.as_str().to_owned(),
            answers: Value::Object(answers).to_json(),
            shown_at: s.shown_at,
            updated_at: s.updated_at,
            visitor_id: s.visitor_id.clone(),
            session_id: s.session_id.clone(),
            trigger: s.trigger.clone(),
            stage: s.stage.map(|x| x.as_str().to_owned()),
            device: s.device.map(|x| x.as_str().to_owned()),
            locale: s.locale.clone(),
            page_url: s.page_url.clone(),
            context: Value::Object(s.context.clone()).to_json(),
            received_at,
        }
    }
}

pub type RowStream = BoxStream<'static, Result<Row, StoreError>>;

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Stores snapshots for a site; returns once they are committed.
    async fn upsert(&self, site: &str, rows: Vec<Row>) -> Result<UpsertOutcome, StoreError>;

    /// Streams a site's responses, oldest first.
    async fn export(&self, site: &str, filter: Filter) -> Result<RowStream, StoreError>;

    /// Erases a response for good; false when there was none.
    async fn erase(&self, site: &str, response_id: &str) -> Result<bool, StoreError>;

    /// Whether the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Finishes pending writes before shutdown.
    async fn close(&self);
}

#[cfg(test)]
pub(crate) mod tests;

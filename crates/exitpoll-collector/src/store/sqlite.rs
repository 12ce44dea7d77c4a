//! The SQLite backend: the embedded default.
//!
//! - WAL mode, so readers (exports, the dashboard) never block the writer.
//! - One writer thread with group commit: requests queue their rows, the
//!   writer takes everything queued, writes it in one transaction, and
//!   answers each request only after COMMIT returned. Under load many
//!   requests share one fsync instead of paying one each.
//! - `synchronous=FULL` by default: COMMIT returns only after the WAL is on
//!   disk, so an acknowledged response survives power loss. `NORMAL` is
//!   faster and opt-in (`?synchronous=normal` on the database URL): it stays
//!   consistent after a crash but may lose the last transactions after a
//!   power cut.

use super::rollup::{Counts, DAY, Delta, RollupQuery, RollupSum};
use super::{
    AnswerMatch, CommitReport, DeadLetter, Delivery, DeliveryOutcome, Filter, Millis, Observer, Order, Row,
    RowStream, Store, StoreError, Subject, Subscription, UpsertOutcome, WebhookStatus, deliveries_for,
};
use async_trait::async_trait;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// At most this many rows go into one transaction; more waits for the next.
const MAX_ROWS_PER_COMMIT: usize = 2_000;
/// Read connections kept open for exports and summaries.
const READ_POOL: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Synchronous {
    #[default]
    Full,
    Normal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SqliteOptions {
    pub synchronous: Synchronous,
    /// Caps the database file; a write that would grow it further fails
    /// with "database or disk is full", which the API answers with 503.
    pub max_size_mb: Option<u64>,
}

/// Work for the writer thread.
enum Job {
    /// Stored in group commit with other upserts.
    Upsert(Upsert),
    /// Anything else that writes (erasure, webhook bookkeeping), in its own transaction.
    Exec(Box<dyn FnOnce(&mut Connection) + Send>),
}

struct Upsert {
    site: String,
    rows: Vec<Row>,
    subs: Vec<Subscription>,
    /// The outcome, and the rows back: they are freed on the worker that
    /// built them, which is cheaper for the allocator than freeing them on the
    /// writer thread, the one thread every ingest waits for.
    reply: oneshot::Sender<(Result<UpsertOutcome, StoreError>, Vec<Row>)>,
}

pub struct SqliteStore {
    path: PathBuf,
    writer: Mutex<Option<mpsc::Sender<Job>>>,
    writer_thread: Mutex<Option<std::thread::JoinHandle<()>>>,
    readers: Arc<Mutex<Vec<Connection>>>,
    /// Set by the writer when a group commit found storage unavailable (a
    /// full disk), cleared by the next commit that succeeds.
    writes_failing: Arc<AtomicBool>,
}

/// What the readiness probe writes: as much as the largest request body, so
/// that a probe which commits means a request would commit too.
const PROBE_BYTES: i64 = exitpoll_protocol::response::MAX_BODY_BYTES as i64;

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").field("path", &self.path).finish_non_exhaustive()
    }
}

const MIGRATIONS: &[&str] = &[
    // 1: responses, one row per (site, response_id), and erasure tombstones.
    "CREATE TABLE responses (
        site TEXT NOT NULL,
        response_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        survey_id TEXT NOT NULL,
        status TEXT NOT NULL,
        answers TEXT NOT NULL,
        shown_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        visitor_id TEXT NOT NULL,
        session_id TEXT NOT NULL,
        trigger TEXT NOT NULL,
        stage TEXT,
        device TEXT,
        locale TEXT NOT NULL,
        page_url TEXT NOT NULL,
        context TEXT NOT NULL,
        received_at INTEGER NOT NULL
     );
     CREATE UNIQUE INDEX responses_by_id ON responses (site, response_id);
     -- One time index serves exports, filters and the summary; every extra
     -- index is another page written on every commit.
     CREATE INDEX responses_by_time ON responses (site, shown_at);
     CREATE TABLE erased (
        site TEXT NOT NULL,
        response_id TEXT NOT NULL,
        erased_at INTEGER NOT NULL,
        PRIMARY KEY (site, response_id)
     ) WITHOUT ROWID;",
    // 2: the webhook outbox.
    "CREATE TABLE webhook_deliveries (
        delivery_id TEXT PRIMARY KEY,
        site TEXT NOT NULL,
        webhook TEXT NOT NULL,
        event TEXT NOT NULL,
        response_id TEXT NOT NULL,
        response TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        finished_at INTEGER,
        last_error TEXT NOT NULL DEFAULT ''
     );
     CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_at);
     CREATE INDEX webhook_deliveries_by_site ON webhook_deliveries (site, status, created_at);",
    // 3: one row that the readiness probe rewrites while writes are failing.
    "CREATE TABLE readiness_probe (id INTEGER PRIMARY KEY, filler BLOB NOT NULL);",
    // 4: the time index ends with the response id, so a page of a listing
    // (ordered by both) is read off the index without sorting what matches.
    // It replaces the old one rather than joining it: still one time index.
    "DROP INDEX responses_by_time;
     CREATE INDEX responses_by_time ON responses (site, shown_at, response_id);",
    // 5: the summary's rollups (store/rollup.rs), filled from the stored
    // responses by `fill_rollups` in the same transaction.
    "CREATE TABLE rollups (
        site TEXT NOT NULL,
        width INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        survey_id TEXT NOT NULL,
        status TEXT NOT NULL,
        key TEXT NOT NULL,
        n INTEGER NOT NULL,
        a INTEGER NOT NULL,
        b INTEGER NOT NULL,
        PRIMARY KEY (site, width, bucket, survey_id, status, key)
     ) WITHOUT ROWID;",
];

/// The migration that creates the rollups, which are then filled.
const ROLLUPS_MIGRATION: usize = 5;

/// How many responses a rollup fill reads between writing what it summed.
const FILL_CHUNK: usize = 50_000;

/// Fills the rollups from every stored response (once, when they are new).
fn fill_rollups(conn: &Connection) -> Result<(), StoreError> {
    let total: i64 = conn.query_row("SELECT count(*) FROM responses", [], |r| r.get(0))?;
    if total == 0 {
        return Ok(());
    }
    tracing::info!(responses = total, "filling the summary rollups from the stored responses (once)");
    let started = Instant::now();
    let mut stmt = conn.prepare(
        "SELECT site, survey_id, status, shown_at, answers, context, stage, device FROM responses",
    )?;
    let mut rows = stmt.query([])?;
    let mut delta = Delta::default();
    let (mut done, mut in_chunk) = (0i64, 0usize);
    while let Some(r) = rows.next()? {
        let (site, survey, status): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let (answers, context): (String, String) = (r.get(4)?, r.get(5)?);
        let (stage, device): (Option<String>, Option<String>) = (r.get(6)?, r.get(7)?);
        delta.apply_response(
            &site,
            &survey,
            &status,
            r.get(3)?,
            &answers,
            &context,
            stage.as_deref(),
            device.as_deref(),
            1,
        );
        done += 1;
        in_chunk += 1;
        if in_chunk == FILL_CHUNK {
            apply_delta(conn, &delta)?;
            delta = Delta::default();
            in_chunk = 0;
            tracing::info!(done, total, "filling the summary rollups");
        }
    }
    apply_delta(conn, &delta)?;
    tracing::info!(responses = done, seconds = started.elapsed().as_secs_f64(), "filled the summary rollups");
    Ok(())
}

/// Adds a delta to the rollup rows; rows that reach zero go.
fn apply_delta(conn: &Connection, delta: &Delta) -> Result<(), StoreError> {
    // Only a change that takes something away can leave a row at zero, so
    // only those read the row back.
    macro_rules! upsert {
        () => {
            "INSERT INTO rollups (site, width, bucket, survey_id, status, key, n, a, b)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (site, width, bucket, survey_id, status, key) DO UPDATE SET
                n = n + excluded.n, a = a + excluded.a, b = b + excluded.b"
        };
    }
    let mut add_only = conn.prepare_cached(upsert!())?;
    let mut add = conn.prepare_cached(concat!(upsert!(), " RETURNING n = 0 AND a = 0 AND b = 0"))?;
    let mut gone = conn.prepare_cached(
        "DELETE FROM rollups WHERE site = ?1 AND width = ?2 AND bucket = ?3 AND survey_id = ?4
            AND status = ?5 AND key = ?6",
    )?;
    for (p, c) in delta.nonzero() {
        let row = params![p.site, p.width, p.bucket, p.survey_id, p.status, p.key, c.n, c.a, c.b];
        if c.n >= 0 && c.a >= 0 && c.b >= 0 {
            add_only.execute(row)?;
            continue;
        }
        let zero: bool = add.query_row(row, |r| r.get(0))?;
        if zero {
            gone.execute(params![p.site, p.width, p.bucket, p.survey_id, p.status, p.key])?;
        }
    }
    Ok(())
}

/// The columns [`Delta::apply_response`] needs, in this order, after `response_id`.
const FACT_COLUMNS: &str = "survey_id, status, shown_at, answers, context, stage, device";

/// Takes the facts of a row read with [`FACT_COLUMNS`] (from column `at`) away, or adds them.
fn apply_fact_row(
    delta: &mut Delta,
    site: &str,
    r: &rusqlite::Row<'_>,
    at: usize,
    sign: i64,
) -> rusqlite::Result<()> {
    let (survey, status): (String, String) = (r.get(at)?, r.get(at + 1)?);
    let (answers, context): (String, String) = (r.get(at + 3)?, r.get(at + 4)?);
    let (stage, device): (Option<String>, Option<String>) = (r.get(at + 5)?, r.get(at + 6)?);
    delta.apply_response(
        site,
        &survey,
        &status,
        r.get(at + 2)?,
        &answers,
        &context,
        stage.as_deref(),
        device.as_deref(),
        sign,
    );
    Ok(())
}

fn now_ms() -> Millis {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as Millis)
}

fn open(path: &Path, write: bool) -> Result<Connection, StoreError> {
    let flags = if write {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|e| StoreError::Unavailable(format!("cannot open {}: {e}", path.display())))?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

impl SqliteStore {
    /// Opens (creating if needed) the database and starts the writer.
    pub fn open(
        path: &Path,
        options: SqliteOptions,
        observer: Option<Observer>,
    ) -> Result<SqliteStore, StoreError> {
        let synchronous = options.synchronous;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Unavailable(format!("cannot create {}: {e}", dir.display())))?;
        }
        let conn = open(path, true)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(
            None,
            "synchronous",
            if synchronous == Synchronous::Full { "FULL" } else { "NORMAL" },
        )?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&conn)?;
        if let Some(mb) = options.max_size_mb {
            let page_size: u64 = conn.query_row("PRAGMA page_size", [], |r| r.get::<_, i64>(0))? as u64;
            conn.pragma_update(None, "max_page_count", (mb * 1024 * 1024 / page_size) as i64)?;
        }
        let (tx, rx) = mpsc::channel::<Job>();
        let writes_failing = Arc::new(AtomicBool::new(false));
        let failing = writes_failing.clone();
        let thread = std::thread::Builder::new()
            .name("exitpoll-sqlite-writer".into())
            .spawn(move || writer_loop(conn, rx, observer, failing))
            .map_err(|e| StoreError::Internal(format!("cannot start the writer thread: {e}")))?;
        Ok(SqliteStore {
            path: path.to_owned(),
            writer: Mutex::new(Some(tx)),
            writer_thread: Mutex::new(Some(thread)),
            readers: Arc::new(Mutex::new(Vec::new())),
            writes_failing,
        })
    }

    fn send(&self, job: Job) -> Result<(), StoreError> {
        let sender = self.writer.lock().expect("writer lock").clone();
        let sender =
            sender.ok_or_else(|| StoreError::Unavailable("the collector is shutting down".into()))?;
        sender.send(job).map_err(|_| StoreError::Unavailable("the writer stopped".into()))
    }

    /// Runs `f` on the writer thread, in order with everything else written.
    async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.send(Job::Exec(Box::new(move |conn| {
            let _ = reply.send(f(conn));
        })))?;
        answer.await.map_err(|_| StoreError::Unavailable("the writer stopped".into()))?
    }

    fn reader(&self) -> Result<PooledReader, StoreError> {
        let conn = self.readers.lock().expect("reader pool lock").pop();
        let conn = match conn {
            Some(c) => c,
            None => open(&self.path, false)?,
        };
        Ok(PooledReader { conn: Some(conn), pool: self.readers.clone() })
    }
}

/// A read connection that goes back to the pool when dropped.
struct PooledReader {
    conn: Option<Connection>,
    pool: Arc<Mutex<Vec<Connection>>>,
}

impl std::ops::Deref for PooledReader {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("connection present until drop")
    }
}

impl Drop for PooledReader {
    fn drop(&mut self) {
        if let Some(c) = self.conn.take() {
            let mut pool = self.pool.lock().expect("reader pool lock");
            if pool.len() < READ_POOL {
                pool.push(c);
            }
        }
    }
}

fn migrate(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")?;
    let version: i64 =
        conn.query_row("SELECT version FROM schema_version", [], |r| r.get(0)).optional()?.unwrap_or(0);
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        if i + 1 == ROLLUPS_MIGRATION {
            fill_rollups(&tx)?;
        }
        tx.execute("DELETE FROM schema_version", [])?;
        tx.execute("INSERT INTO schema_version (version) VALUES (?1)", [i as i64 + 1])?;
        tx.commit()?;
    }
    Ok(())
}

fn writer_loop(
    mut conn: Connection,
    rx: mpsc::Receiver<Job>,
    observer: Option<Observer>,
    writes_failing: Arc<AtomicBool>,
) {
    let mut carried: Option<Job> = None;
    loop {
        let first = match carried.take() {
            Some(job) => job,
            None => match rx.recv() {
                Ok(job) => job,
                Err(_) => return,
            },
        };
        let first = match first {
            Job::Exec(f) => {
                f(&mut conn);
                continue;
            }
            Job::Upsert(u) => u,
        };
        // Group commit: take the upserts already waiting, and no more. What
        // arrives during this commit (its fsync above all) waits for the next
        // one, so under load the groups grow by themselves. Waiting for more
        // on purpose (a commit delay, as PostgreSQL's commit_delay) left the
        // CPU idle: 300 µs cost a quarter of the throughput, 30 µs a sixth
        // (32 connections, 2026-12-01; `git log -- crates/exitpoll-collector/PERFORMANCE.md`
        // has the figures).
        let mut rows: usize = first.rows.len();
        let mut jobs = vec![first];
        while rows < MAX_ROWS_PER_COMMIT {
            match rx.try_recv() {
                Ok(Job::Upsert(u)) => {
                    rows += u.rows.len();
                    jobs.push(u);
                }
                Ok(exec) => {
                    carried = Some(exec);
                    break;
                }
                Err(_) => break,
            }
        }
        let started = Instant::now();
        let result = write_batch(&mut conn, &jobs);
        let duration = started.elapsed();
        writes_failing.store(matches!(result, Err(StoreError::Unavailable(_))), Ordering::Relaxed);
        match result {
            Ok(outcomes) => {
                if let Some(observe) = &observer {
                    observe(CommitReport { requests: jobs.len(), rows, duration });
                }
                for (job, outcome) in jobs.into_iter().zip(outcomes) {
                    let _ = job.reply.send((Ok(outcome), job.rows));
                }
            }
            // A data error comes from one request's rows: the group's
            // transaction was rolled back, and its requests are written again
            // one by one so that only that request fails. Unavailable storage
            // (a full disk) fails the whole group, as each alone would.
            Err(StoreError::Internal(e)) if jobs.len() > 1 => {
                tracing::warn!(error = %e, requests = jobs.len(), "a group commit failed; writing its requests one by one");
                for job in jobs {
                    let started = Instant::now();
                    let result = write_batch(&mut conn, std::slice::from_ref(&job)).map(|o| o[0]);
                    if let (Ok(_), Some(observe)) = (&result, &observer) {
                        observe(CommitReport {
                            requests: 1,
                            rows: job.rows.len(),
                            duration: started.elapsed(),
                        });
                    }
                    let _ = job.reply.send((result, job.rows));
                }
            }
            Err(e) => {
                for job in jobs {
                    let _ = job.reply.send((Err(e.clone()), job.rows));
                }
            }
        }
    }
}

/// Writes every job in one transaction; nothing is acknowledged unless COMMIT succeeds.
fn write_batch(conn: &mut Connection, jobs: &[Upsert]) -> Result<Vec<UpsertOutcome>, StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut outcomes = Vec::with_capacity(jobs.len());
    let mut delta = Delta::default();
    {
        // A single-row VALUES upsert needs no statement journal (an INSERT ...
        // SELECT would). Erasures are rare: they are looked up only when any exist.
        let any_erased: bool =
            tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM erased)")?.query_row([], |r| r.get(0))?;
        let mut erased = tx.prepare_cached("SELECT 1 FROM erased WHERE site = ?1 AND response_id = ?2")?;
        let mut upsert = tx.prepare_cached(
            "INSERT INTO responses (site, response_id, revision, survey_id, status, answers, shown_at, updated_at,
                visitor_id, session_id, trigger, stage, device, locale, page_url, context, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
             ON CONFLICT (site, response_id) DO UPDATE SET
                revision = excluded.revision, survey_id = excluded.survey_id, status = excluded.status,
                answers = excluded.answers, shown_at = excluded.shown_at, updated_at = excluded.updated_at,
                visitor_id = excluded.visitor_id, session_id = excluded.session_id, trigger = excluded.trigger,
                stage = excluded.stage, device = excluded.device, locale = excluded.locale,
                page_url = excluded.page_url, context = excluded.context
             WHERE excluded.revision > responses.revision",
        )?;
        // The stored revision's facts leave the rollups when a higher one replaces it.
        let mut stored = tx.prepare_cached(&format!(
            "SELECT revision, {FACT_COLUMNS} FROM responses WHERE site = ?1 AND response_id = ?2"
        ))?;
        let mut enqueue = tx.prepare_cached(
            "INSERT OR IGNORE INTO webhook_deliveries (delivery_id, site, webhook, event, response_id, response, next_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        )?;
        for job in jobs {
            let mut outcome = UpsertOutcome::default();
            for r in &job.rows {
                if any_erased && erased.exists(params![job.site, r.response_id])? {
                    outcome.duplicates += 1;
                    continue;
                }
                let mut replaced = Delta::default();
                let newer = stored
                    .query_row(params![job.site, r.response_id], |old| {
                        let revision: u32 = old.get(0)?;
                        if revision < r.revision {
                            apply_fact_row(&mut replaced, &job.site, old, 1, -1)?;
                        }
                        Ok(revision < r.revision)
                    })
                    .optional()?
                    .unwrap_or(true);
                if !newer {
                    outcome.duplicates += 1;
                    continue;
                }
                let changed = upsert.execute(params![
                    job.site,
                    r.response_id,
                    r.revision,
                    r.survey_id,
                    r.status,
                    r.answers,
                    r.shown_at,
                    r.updated_at,
                    r.visitor_id,
                    r.session_id,
                    r.trigger,
                    r.stage,
                    r.device,
                    r.locale,
                    r.page_url,
                    r.context,
                    r.received_at,
                ])?;
                if changed > 0 {
                    outcome.stored += 1;
                    delta.merge(replaced);
                    delta.add_row(&job.site, r, 1);
                    for (id, webhook, event) in deliveries_for(&job.site, r, &job.subs) {
                        enqueue.execute(params![
                            id,
                            job.site,
                            webhook,
                            event,
                            r.response_id,
                            r.to_json(),
                            r.received_at
                        ])?;
                    }
                } else {
                    outcome.duplicates += 1;
                }
            }
            outcomes.push(outcome);
        }
    }
    apply_delta(&tx, &delta)?;
    tx.commit()?;
    Ok(outcomes)
}

const ROW_COLUMNS: &str =
    "response_id, revision, survey_id, status, answers, shown_at, updated_at, visitor_id,
    session_id, trigger, stage, device, locale, page_url, context, received_at";

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        response_id: r.get(0)?,
        revision: r.get(1)?,
        survey_id: r.get(2)?,
        status: r.get(3)?,
        answers: r.get(4)?,
        shown_at: r.get(5)?,
        updated_at: r.get(6)?,
        visitor_id: r.get(7)?,
        session_id: r.get(8)?,
        trigger: r.get(9)?,
        stage: r.get(10)?,
        device: r.get(11)?,
        locale: r.get(12)?,
        page_url: r.get(13)?,
        context: r.get(14)?,
        received_at: r.get(15)?,
    })
}

/// The query for a filter: every column of the matching rows, in its
/// order, and the parameters. What SQL cannot match (the text search) and
/// the limit after it are left to [`super::refine`].
pub(crate) fn filter_sql(site: &str, f: &Filter) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value as V;
    let mut sql = format!("SELECT {ROW_COLUMNS} FROM responses WHERE site = ?");
    let mut params = vec![V::Text(site.to_owned())];
    if let Some(s) = &f.survey {
        sql.push_str(" AND survey_id = ?");
        params.push(V::Text(s.clone()));
    }
    if let Some(t) = f.since {
        sql.push_str(" AND shown_at >= ?");
        params.push(V::Integer(t));
    }
    if let Some(t) = f.until {
        sql.push_str(" AND shown_at < ?");
        params.push(V::Integer(t));
    }
    if let Some(s) = f.status {
        sql.push_str(" AND status = ?");
        params.push(V::Text(s.as_str().to_owned()));
    }
    if let Some(s) = f.stage {
        sql.push_str(" AND stage = ?");
        params.push(V::Text(s.as_str().to_owned()));
    }
    if let Some(d) = f.device {
        sql.push_str(" AND device = ?");
        params.push(V::Text(d.as_str().to_owned()));
    }
    for a in &f.answers {
        // The path is a parameter too; ids are letters, digits, '_' and '-',
        // quoted all the same.
        params.push(V::Text(format!("$.\"{}\"", a.question_id)));
        let path = params.len();
        match &a.matches {
            // json_each of a string is that string: one test for a single
            // choice and for an array of them (but not for the members of
            // an object, an "Other" answer).
            AnswerMatch::Choice(id) => {
                params.push(V::Text(id.clone()));
                sql.push_str(&format!(
                    " AND json_type(answers, ?{path}) IN ('text', 'array') AND EXISTS \
                     (SELECT 1 FROM json_each(answers, ?{path}) WHERE type = 'text' AND value = ?{})",
                    params.len()
                ));
            }
            AnswerMatch::Other => sql.push_str(&format!(" AND json_type(answers, ?{path}) = 'object'")),
            AnswerMatch::Between(lo, hi) => {
                params.push(V::Integer(*lo));
                params.push(V::Integer(*hi));
                sql.push_str(&format!(
                    " AND json_type(answers, ?{path}) IN ('integer', 'real') AND json_extract(answers, ?{path}) BETWEEN ?{} AND ?{}",
                    params.len() - 1,
                    params.len()
                ));
            }
        }
    }
    // The place of the previous page's last row, written so that its first
    // half is a range on the time index.
    let (compare, direction) = match f.order {
        Order::OldestFirst => ((">=", ">"), "ASC"),
        Order::NewestFirst => (("<=", "<"), "DESC"),
    };
    if let Some(p) = &f.after {
        params.push(V::Integer(p.shown_at));
        params.push(V::Text(p.response_id.clone()));
        let (t, id) = (params.len() - 1, params.len());
        sql.push_str(&format!(
            " AND shown_at {} ?{t} AND (shown_at {} ?{t} OR response_id {} ?{id})",
            compare.0, compare.1, compare.1
        ));
    }
    // Served by the index (site, shown_at, response_id) without a sort.
    sql.push_str(&format!(" ORDER BY shown_at {direction}, response_id {direction}"));
    if let Some(n) = f.sql_limit() {
        params.push(V::Integer(n));
        sql.push_str(&format!(" LIMIT ?{}", params.len()));
    }
    (sql, params)
}

#[async_trait]
impl Store for SqliteStore {
    async fn upsert(
        &self,
        site: &str,
        rows: Vec<Row>,
        subs: &[Subscription],
    ) -> Result<UpsertOutcome, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.send(Job::Upsert(Upsert { site: site.to_owned(), rows, subs: subs.to_vec(), reply }))?;
        let (outcome, rows) =
            answer.await.map_err(|_| StoreError::Unavailable("the writer stopped".into()))?;
        drop(rows);
        outcome
    }

    async fn rollup_sums(&self, site: &str, q: &RollupQuery) -> Result<Vec<RollupSum>, StoreError> {
        let reader = self.reader()?;
        let (site, q) = (site.to_owned(), q.clone());
        tokio::task::spawn_blocking(move || -> Result<Vec<RollupSum>, StoreError> {
            let day = match q.days_offset {
                Some(off) => format!("(bucket + {off}) / {DAY} * {DAY}"),
                None => "NULL".to_owned(),
            };
            let mut sql = format!(
                "SELECT survey_id, {day}, status, key, sum(n), sum(a), sum(b) FROM rollups
                 WHERE site = ?1 AND width = ?2 AND bucket >= ?3 AND bucket < ?4"
            );
            let mut params: Vec<rusqlite::types::Value> =
                vec![site.into(), q.segment.width.into(), q.segment.from.into(), q.segment.to.into()];
            if let Some(survey) = q.survey {
                params.push(survey.into());
                sql.push_str(&format!(" AND survey_id = ?{}", params.len()));
            }
            if let Some(status) = q.status {
                params.push(status.into());
                sql.push_str(&format!(" AND status = ?{}", params.len()));
            }
            if let Some(buckets) = &q.buckets {
                // One index lookup per bucket, not a scan of the range.
                params.push(serde_json::to_string(buckets).expect("a list of integers").into());
                sql.push_str(&format!(" AND bucket IN (SELECT value FROM json_each(?{}))", params.len()));
            }
            if q.days_offset.is_some() {
                sql.push_str(" AND (key = '' OR (key >= 'n:' AND key < 'n;'))");
            }
            sql.push_str(" GROUP BY 1, 2, 3, 4");
            let mut stmt = reader.prepare_cached(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
                Ok(RollupSum {
                    survey_id: r.get(0)?,
                    day: r.get(1)?,
                    status: r.get(2)?,
                    key: r.get(3)?,
                    counts: Counts { n: r.get(4)?, a: r.get(5)?, b: r.get(6)? },
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
        .map_err(|e| StoreError::Internal(format!("the rollup query stopped: {e}")))?
    }

    async fn export(&self, site: &str, filter: Filter) -> Result<RowStream, StoreError> {
        let reader = self.reader()?;
        let site = site.to_owned();
        // Rows go through a small bounded channel: the reader waits while the
        // client is slow, so memory stays flat whatever the table size.
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Row, StoreError>>(256);
        let (sql, params) = filter_sql(&site, &filter);
        tokio::task::spawn_blocking(move || {
            let run = || -> Result<(), StoreError> {
                let mut stmt = reader.prepare(&sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
                while let Some(r) = rows.next()? {
                    if tx.blocking_send(Ok(read_row(r)?)).is_err() {
                        break; // the client went away
                    }
                }
                Ok(())
            };
            if let Err(e) = run() {
                let _ = tx.blocking_send(Err(e));
            }
        });
        Ok(super::refine(Box::pin(tokio_stream::wrappers::ReceiverStream::new(rx)), &filter))
    }

    async fn erase_subject(&self, site: &str, subject: &Subject) -> Result<u64, StoreError> {
        // The tombstones make a late retry of the same responses a no-op.
        // Their webhook deliveries go too: pending ones are not sent, and
        // delivered and dead ones hold a copy of the response.
        let matches = match subject {
            Subject::Response(_) => "response_id = ?2",
            Subject::Visitor(_) => "visitor_id = ?2",
            Subject::Customer(_) => "json_extract(context, '$.customer_id') = ?2",
            Subject::Order(_) => "json_extract(context, '$.order_id') = ?2",
        };
        let (site, value) = (site.to_owned(), subject.value().to_owned());
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let ids = {
                let mut stmt = tx.prepare(&format!(
                    "DELETE FROM responses WHERE site = ?1 AND {matches} RETURNING response_id, {FACT_COLUMNS}"
                ))?;
                let mut rows = stmt.query(params![site, value])?;
                let mut ids = Vec::new();
                let mut delta = Delta::default();
                while let Some(r) = rows.next()? {
                    ids.push(r.get::<_, String>(0)?);
                    apply_fact_row(&mut delta, &site, r, 1, -1)?;
                }
                drop(rows);
                apply_delta(&tx, &delta)?;
                ids
            };
            {
                let mut tombstone = tx.prepare_cached(
                    "INSERT OR IGNORE INTO erased (site, response_id, erased_at) VALUES (?1, ?2, ?3)",
                )?;
                let mut deliveries =
                    tx.prepare_cached("DELETE FROM webhook_deliveries WHERE site = ?1 AND response_id = ?2")?;
                let now = now_ms();
                for id in &ids {
                    tombstone.execute(params![site, id, now])?;
                    deliveries.execute(params![site, id])?;
                }
            }
            tx.commit()?;
            Ok(ids.len() as u64)
        })
        .await
    }

    async fn delete_received_before(
        &self,
        site: &str,
        cutoff: Millis,
        limit: usize,
    ) -> Result<u64, StoreError> {
        // On the writer thread, between group commits: a bounded batch keeps
        // ingest waiting for one short transaction at most.
        let site = site.to_owned();
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let mut delta = Delta::default();
            let mut n = 0;
            {
                let mut stmt = tx.prepare_cached(&format!(
                    "DELETE FROM responses WHERE rowid IN
                        (SELECT rowid FROM responses WHERE site = ?1 AND received_at < ?2 LIMIT ?3)
                     RETURNING response_id, {FACT_COLUMNS}"
                ))?;
                let mut rows = stmt.query(params![site, cutoff, limit as i64])?;
                while let Some(r) = rows.next()? {
                    n += 1;
                    apply_fact_row(&mut delta, &site, r, 1, -1)?;
                }
            }
            apply_delta(&tx, &delta)?;
            tx.commit()?;
            Ok(n)
        })
        .await
    }

    async fn delete_deliveries_created_before(
        &self,
        site: &str,
        cutoff: Millis,
        limit: usize,
    ) -> Result<u64, StoreError> {
        let site = site.to_owned();
        self.write(move |conn| {
            let n = conn.execute(
                "DELETE FROM webhook_deliveries WHERE delivery_id IN
                    (SELECT delivery_id FROM webhook_deliveries WHERE site = ?1 AND created_at < ?2 LIMIT ?3)",
                params![site, cutoff, limit as i64],
            )?;
            Ok(n as u64)
        })
        .await
    }

    async fn claim_deliveries(
        &self,
        now: Millis,
        lease_until: Millis,
        limit: usize,
        skip: &[(String, String)],
    ) -> Result<Vec<Delivery>, StoreError> {
        let skip = serde_json::to_string(skip).expect("pairs of strings serialize");
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let claimed = {
                let mut stmt = tx.prepare_cached(
                    "UPDATE webhook_deliveries SET next_at = ?2
                     WHERE delivery_id IN (SELECT delivery_id FROM webhook_deliveries
                                           WHERE status = 'pending' AND next_at <= ?1
                                             AND NOT EXISTS (SELECT 1 FROM json_each(?4) AS s
                                                             WHERE json_extract(s.value, '$[0]') = site
                                                               AND json_extract(s.value, '$[1]') = webhook)
                                           ORDER BY next_at LIMIT ?3)
                     RETURNING delivery_id, site, webhook, event, response, attempts, created_at",
                )?;
                let rows = stmt.query_map(params![now, lease_until, limit as i64, skip], |r| {
                    Ok(Delivery {
                        delivery_id: r.get(0)?,
                        site: r.get(1)?,
                        webhook: r.get(2)?,
                        event: r.get(3)?,
                        response: r.get(4)?,
                        attempts: r.get(5)?,
                        created_at: r.get(6)?,
                    })
                })?;
                rows.collect::<Result<Vec<_>, _>>()?
            };
            tx.commit()?;
            Ok(claimed)
        })
        .await
    }

    async fn finish_delivery(
        &self,
        delivery_id: &str,
        now: Millis,
        outcome: DeliveryOutcome,
    ) -> Result<(), StoreError> {
        let id = delivery_id.to_owned();
        self.write(move |conn| {
            match outcome {
                DeliveryOutcome::Delivered => conn.execute(
                    "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, finished_at = ?2, last_error = ''
                     WHERE delivery_id = ?1",
                    params![id, now],
                )?,
                DeliveryOutcome::Retry { at, error } => conn.execute(
                    "UPDATE webhook_deliveries SET attempts = attempts + 1, next_at = ?2, last_error = ?3 WHERE delivery_id = ?1",
                    params![id, at, error],
                )?,
                DeliveryOutcome::Dead { error } => conn.execute(
                    "UPDATE webhook_deliveries SET status = 'dead', attempts = attempts + 1, finished_at = ?2, last_error = ?3
                     WHERE delivery_id = ?1",
                    params![id, now, error],
                )?,
            };
            Ok(())
        })
        .await
    }

    async fn retry_dead(
        &self,
        site: &str,
        delivery_id: Option<&str>,
        now: Millis,
    ) -> Result<Vec<String>, StoreError> {
        let (site, id) = (site.to_owned(), delivery_id.map(str::to_owned));
        self.write(move |conn| {
            let mut stmt = conn.prepare_cached(
                "UPDATE webhook_deliveries
                 SET status = 'pending', attempts = 0, next_at = ?3, created_at = ?3, finished_at = NULL, last_error = ''
                 WHERE site = ?1 AND status = 'dead' AND (?2 IS NULL OR delivery_id = ?2)
                 RETURNING webhook",
            )?;
            let webhooks = stmt.query_map(params![site, id, now], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
            Ok(webhooks)
        })
        .await
    }

    async fn webhook_status(&self, site: &str) -> Result<WebhookStatus, StoreError> {
        let reader = self.reader()?;
        let site = site.to_owned();
        tokio::task::spawn_blocking(move || -> Result<WebhookStatus, StoreError> {
            let mut status = WebhookStatus::default();
            let mut stmt = reader.prepare("SELECT status, count(*) FROM webhook_deliveries WHERE site = ?1 GROUP BY status")?;
            let mut rows = stmt.query(params![site])?;
            while let Some(r) = rows.next()? {
                let n: i64 = r.get(1)?;
                match r.get::<_, String>(0)?.as_str() {
                    "pending" => status.pending = n as u64,
                    "delivered" => status.delivered = n as u64,
                    _ => status.dead = n as u64,
                }
            }
            let mut stmt = reader.prepare(
                "SELECT delivery_id, webhook, event, response_id, attempts, last_error, created_at FROM webhook_deliveries
                 WHERE site = ?1 AND status = 'dead' ORDER BY created_at DESC LIMIT 100",
            )?;
            status.dead_letters = stmt
                .query_map(params![site], |r| {
                    Ok(DeadLetter {
                        delivery_id: r.get(0)?,
                        webhook: r.get(1)?,
                        event: r.get(2)?,
                        response_id: r.get(3)?,
                        attempts: r.get(4)?,
                        last_error: r.get(5)?,
                        created_at: exitpoll_protocol::time::format_timestamp(r.get(6)?),
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(status)
        })
        .await
        .map_err(|e| StoreError::Internal(e.to_string()))?
    }

    async fn ping(&self) -> Result<(), StoreError> {
        let reader = self.reader()?;
        tokio::task::spawn_blocking(move || {
            reader.query_row("SELECT count(*) FROM schema_version", [], |r| r.get::<_, i64>(0))?;
            Ok(())
        })
        .await
        .map_err(|e| StoreError::Internal(e.to_string()))?
    }

    /// Ready when the database answers and writes are not failing. After a
    /// commit found storage unavailable, readiness waits for a probe of a
    /// request's size to commit: without it a not-ready collector would get
    /// no traffic, so no write could ever succeed and clear the failure.
    async fn ready(&self) -> Result<(), StoreError> {
        self.ping().await?;
        if !self.writes_failing.load(Ordering::Relaxed) {
            return Ok(());
        }
        let failing = self.writes_failing.clone();
        self.write(move |conn| {
            conn.execute(
                "INSERT OR REPLACE INTO readiness_probe (id, filler) VALUES (1, zeroblob(?1))",
                [PROBE_BYTES],
            )?;
            failing.store(false, Ordering::Relaxed);
            Ok(())
        })
        .await
    }

    async fn close(&self) {
        // Dropping the sender ends the writer loop after the queued jobs.
        self.writer.lock().expect("writer lock").take();
        let thread = self.writer_thread.lock().expect("writer thread lock").take();
        if let Some(t) = thread {
            let _ = tokio::task::spawn_blocking(move || t.join()).await;
        }
    }
}

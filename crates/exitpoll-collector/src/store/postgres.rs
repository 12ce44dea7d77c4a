//! The PostgreSQL backend, for several collector instances sharing one database.
//!
//! - Group commit, as in the SQLite backend: requests waiting at the same
//!   time share one `INSERT ... SELECT FROM unnest(...)` statement and one
//!   commit, run by a few batcher tasks on pooled connections. Each request is
//!   answered only after the commit that holds its rows. Rows are sorted by
//!   (site, id) so two instances upserting overlapping batches lock in the
//!   same order and never deadlock.
//! - `ON CONFLICT ... DO UPDATE ... WHERE excluded.revision > responses.revision`
//!   makes the highest revision win whatever order instances commit in.
//! - Every object lives in the schema `exitpoll`, named explicitly in every
//!   statement, so other software's tables (`public.responses`) and the
//!   connection's `search_path` never matter.
//! - Migrations run under an advisory lock, so instances starting together
//!   do not race. They begin by moving the tables that earlier versions made
//!   wherever `search_path` pointed (`public` by default) into `exitpoll`.

use super::rollup::{Counts, DAY, Delta, Place, RollupQuery, RollupSum};
use super::{
    AnswerMatch, CommitReport, DeadLetter, Delivery, DeliveryOutcome, Filter, Millis, Observer, Order, Row,
    RowStream, Store, StoreError, Subject, Subscription, UpsertOutcome, WebhookStatus, deliveries_for,
};
use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use tokio::sync::{Mutex, mpsc, oneshot};
use tokio_postgres::NoTls;
use tokio_postgres::types::{ToSql, Type};

pub(super) const MIGRATIONS: &[&str] = &[
    "CREATE TABLE exitpoll.responses (
        site TEXT NOT NULL,
        response_id TEXT NOT NULL,
        revision BIGINT NOT NULL,
        survey_id TEXT NOT NULL,
        status TEXT NOT NULL,
        answers TEXT NOT NULL,
        shown_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        visitor_id TEXT NOT NULL,
        session_id TEXT NOT NULL,
        trigger TEXT NOT NULL,
        stage TEXT,
        device TEXT,
        locale TEXT NOT NULL,
        page_url TEXT NOT NULL,
        context TEXT NOT NULL,
        received_at BIGINT NOT NULL,
        PRIMARY KEY (site, response_id)
     );
     CREATE INDEX responses_by_time ON exitpoll.responses (site, shown_at);
     CREATE INDEX responses_by_survey ON exitpoll.responses (site, survey_id, shown_at);
     CREATE TABLE exitpoll.erased (
        site TEXT NOT NULL,
        response_id TEXT NOT NULL,
        erased_at BIGINT NOT NULL,
        PRIMARY KEY (site, response_id)
     );",
    "CREATE TABLE exitpoll.webhook_deliveries (
        delivery_id TEXT PRIMARY KEY,
        site TEXT NOT NULL,
        webhook TEXT NOT NULL,
        event TEXT NOT NULL,
        response_id TEXT NOT NULL,
        response TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        finished_at BIGINT,
        last_error TEXT NOT NULL DEFAULT ''
     );
     CREATE INDEX webhook_deliveries_due ON exitpoll.webhook_deliveries (status, next_at);
     CREATE INDEX webhook_deliveries_by_site ON exitpoll.webhook_deliveries (site, status, created_at);",
    // The time indexes end with the response id, as bytes, so a page of a
    // listing (ordered by both) is read off an index without sorting what
    // matches, whatever the database's collation.
    "DROP INDEX exitpoll.responses_by_time;
     CREATE INDEX responses_by_time ON exitpoll.responses (site, shown_at, response_id COLLATE \"C\");
     DROP INDEX exitpoll.responses_by_survey;
     CREATE INDEX responses_by_survey ON exitpoll.responses (site, survey_id, shown_at, response_id COLLATE \"C\");",
    // The summary's rollups (store/rollup.rs), filled from the stored
    // responses by `fill_rollups` in the same transaction. Keys compare as
    // bytes, as the trend's key range expects.
    "CREATE TABLE exitpoll.rollups (
        site TEXT NOT NULL,
        width BIGINT NOT NULL,
        bucket BIGINT NOT NULL,
        survey_id TEXT NOT NULL,
        status TEXT NOT NULL,
        key TEXT COLLATE \"C\" NOT NULL,
        n BIGINT NOT NULL,
        a BIGINT NOT NULL,
        b BIGINT NOT NULL,
        PRIMARY KEY (site, width, bucket, survey_id, status, key)
     );",
    // Rollup changes as writers commit them, each a batch of rollup rows
    // (one array per column), folded into `rollups` by `fold_journal`.
    "CREATE TABLE exitpoll.rollup_journal (
        id BIGSERIAL PRIMARY KEY,
        site TEXT[] NOT NULL,
        width BIGINT[] NOT NULL,
        bucket BIGINT[] NOT NULL,
        survey_id TEXT[] NOT NULL,
        status TEXT[] NOT NULL,
        key TEXT[] NOT NULL,
        n BIGINT[] NOT NULL,
        a BIGINT[] NOT NULL,
        b BIGINT[] NOT NULL
     );",
    // Every fold rewrites rollup rows and deletes journal rows. Left to the
    // defaults (a vacuum after a fifth of the table is dead, throttled),
    // seeding 5,000,000 responses left the rollups with 7.2 million dead
    // rows beside 0.8 million live ones (743 MB) and the empty journal at
    // 108 MB, never vacuumed, and every summary read through them. Free
    // room in each page lets an update stay in its page without touching
    // the index (a HOT update), and both are vacuumed early and unthrottled.
    "ALTER TABLE exitpoll.rollups SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0,
         autovacuum_vacuum_threshold = 10000, autovacuum_vacuum_cost_delay = 0);
     ALTER TABLE exitpoll.rollup_journal SET (autovacuum_vacuum_scale_factor = 0,
         autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0,
         autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 1000);",
];

/// The migration that creates the rollups, which are then filled.
const ROLLUPS_MIGRATION: usize = 4;

/// How many responses a rollup fill reads between writing what it summed.
const FILL_CHUNK: i64 = 50_000;

/// The columns [`Delta::apply_response`] needs, in this order.
const FACT_COLUMNS: &str = "survey_id, status, shown_at, answers, context, stage, device";

/// Takes the facts of a row read with [`FACT_COLUMNS`] (from column `at`) away, or adds them.
fn apply_fact_row(delta: &mut Delta, site: &str, r: &tokio_postgres::Row, at: usize, sign: i64) {
    let (stage, device): (Option<String>, Option<String>) = (r.get(at + 5), r.get(at + 6));
    delta.apply_response(
        site,
        r.get(at),
        r.get(at + 1),
        r.get(at + 2),
        r.get(at + 3),
        r.get(at + 4),
        stage.as_deref(),
        device.as_deref(),
        sign,
    );
}

/// Fills the rollups from every stored response, in pages by (site, response_id).
async fn fill_rollups(tx: &deadpool_postgres::Transaction<'_>) -> Result<(), StoreError> {
    let total: i64 = tx.query_one("SELECT count(*) FROM exitpoll.responses", &[]).await.map_err(err)?.get(0);
    if total == 0 {
        return Ok(());
    }
    tracing::info!(responses = total, "filling the summary rollups from the stored responses (once)");
    let started = std::time::Instant::now();
    let (mut site, mut id) = (String::new(), String::new());
    let mut done = 0;
    loop {
        let rows = tx
            .query(
                &format!(
                    "SELECT site, response_id, {FACT_COLUMNS} FROM exitpoll.responses
                     WHERE (site, response_id) > ($1, $2 COLLATE \"C\") ORDER BY site, response_id COLLATE \"C\" LIMIT $3"
                ),
                &[&site, &id, &FILL_CHUNK],
            )
            .await
            .map_err(err)?;
        let Some(last) = rows.last() else { break };
        (site, id) = (last.get(0), last.get(1));
        let mut delta = Delta::default();
        for r in &rows {
            apply_fact_row(&mut delta, r.get(0), r, 2, 1);
        }
        let add = tx.prepare_cached(ADD_ROLLUPS).await.map_err(err)?;
        apply_delta(tx.client(), &add, &delta).await?;
        done += rows.len();
        tracing::info!(done, total, "filling the summary rollups");
    }
    tracing::info!(responses = done, seconds = started.elapsed().as_secs_f64(), "filled the summary rollups");
    Ok(())
}

/// How often each instance folds the rollup journal into the rollups.
const FOLD_EVERY: std::time::Duration = std::time::Duration::from_millis(250);
/// At most this many journal entries are folded in one transaction.
const FOLD_CHUNK: i64 = 2_000;
/// How often, at most, an instance that folded something vacuums the
/// journal, and the rollups. Folding deletes every journal entry and rewrites
/// rollup rows; a summary reads through what is dead until a vacuum. With
/// autovacuum off (as on the test machine) a 10,000,000-response seed left
/// the empty journal at 189 MB, and the summary took 118 ms instead of 26.
/// (Seconds in the tests, so that they see it happen.)
const VACUUM_JOURNAL_EVERY: std::time::Duration =
    std::time::Duration::from_secs(if cfg!(test) { 1 } else { 10 });
const VACUUM_ROLLUPS_EVERY: std::time::Duration =
    std::time::Duration::from_secs(if cfg!(test) { 2 } else { 60 });

/// Adds a batch of counts to the rollup rows, in key order (so writers on
/// other instances lock rows in the same order).
const ADD_ROLLUPS: &str = "
    INSERT INTO exitpoll.rollups AS r (site, width, bucket, survey_id, status, key, n, a, b)
    SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[],
                         $6::text[], $7::bigint[], $8::bigint[], $9::bigint[])
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (site, width, bucket, survey_id, status, key) DO UPDATE SET
        n = r.n + excluded.n, a = r.a + excluded.a, b = r.b + excluded.b";

/// Deletes the given rollup rows that are at zero. Sent
/// unprepared, so it is planned for the table as it is (see `LOCK_STORED`).
const DROP_ZERO_ROLLUPS: &str = "
    DELETE FROM exitpoll.rollups r
    USING unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[])
        AS k(site, width, bucket, survey_id, status, key)
    WHERE r.site = k.site AND r.width = k.width AND r.bucket = k.bucket AND r.survey_id = k.survey_id
        AND r.status = k.status AND r.key = k.key COLLATE \"C\"
        AND r.n = 0 AND r.a = 0 AND r.b = 0";

/// Appends a delta to the rollup journal.
const JOURNAL: &str = "
    INSERT INTO exitpoll.rollup_journal (site, width, bucket, survey_id, status, key, n, a, b)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/// Rollup changes as statements take them: one array per column, in the
/// parameter order of `ADD_ROLLUPS` and `JOURNAL` (`DROP_ZERO_ROLLUPS` takes
/// the first six).
struct PlaceColumns<'a> {
    sites: Vec<&'a str>,
    widths: Vec<i64>,
    buckets: Vec<i64>,
    surveys: Vec<&'a str>,
    statuses: Vec<&'a str>,
    keys: Vec<&'a str>,
    n: Vec<i64>,
    a: Vec<i64>,
    b: Vec<i64>,
}

impl<'a> PlaceColumns<'a> {
    fn of(changes: &[&'a (Place, Counts)]) -> Self {
        let text = |f: fn(&Place) -> &str| changes.iter().map(|(p, _)| f(p)).collect::<Vec<&str>>();
        let num = |f: fn(&Place, &Counts) -> i64| changes.iter().map(|(p, c)| f(p, c)).collect::<Vec<i64>>();
        PlaceColumns {
            sites: text(|p| &p.site),
            widths: num(|p, _| p.width),
            buckets: num(|p, _| p.bucket),
            surveys: text(|p| &p.survey_id),
            statuses: text(|p| &p.status),
            keys: text(|p| &p.key),
            n: num(|_, c| c.n),
            a: num(|_, c| c.a),
            b: num(|_, c| c.b),
        }
    }

    fn params(&self) -> [&(dyn ToSql + Sync); 9] {
        [
            &self.sites,
            &self.widths,
            &self.buckets,
            &self.surveys,
            &self.statuses,
            &self.keys,
            &self.n,
            &self.a,
            &self.b,
        ]
    }
}

/// Adds a delta to the rollup rows with `add` (`ADD_ROLLUPS`, prepared),
/// then deletes those a decrease took to zero. Both statements
/// are sent at once, and go out with whatever the caller sends beside them
/// (statements on one connection are pipelined, and run in the order sent).
async fn apply_delta(
    c: &tokio_postgres::Client,
    add: &tokio_postgres::Statement,
    delta: &Delta,
) -> Result<(), StoreError> {
    let changes = delta.nonzero();
    if changes.is_empty() {
        return Ok(());
    }
    let all = PlaceColumns::of(&changes.iter().collect::<Vec<_>>());
    // Only a row whose counts went down can reach zero.
    let down: Vec<&(Place, Counts)> = changes.iter().filter(|(_, c)| c.n < 0 || c.a < 0 || c.b < 0).collect();
    let d = PlaceColumns::of(&down);
    let params = all.params();
    let (added, dropped) = tokio::join!(
        biased;
        c.execute(add, &params),
        async {
            if down.is_empty() {
                return Ok(0);
            }
            c.execute_typed(
                DROP_ZERO_ROLLUPS,
                &[
                    (&d.sites, Type::TEXT_ARRAY),
                    (&d.widths, Type::INT8_ARRAY),
                    (&d.buckets, Type::INT8_ARRAY),
                    (&d.surveys, Type::TEXT_ARRAY),
                    (&d.statuses, Type::TEXT_ARRAY),
                    (&d.keys, Type::TEXT_ARRAY),
                ],
            )
            .await
        },
    );
    added.map_err(err)?;
    dropped.map_err(err)?;
    Ok(())
}

/// Appends a delta to the rollup journal with `journal` (`JOURNAL`,
/// prepared), in the caller's transaction.
async fn journal_delta(
    c: &tokio_postgres::Client,
    journal: &tokio_postgres::Statement,
    delta: &Delta,
) -> Result<(), StoreError> {
    let changes = delta.nonzero();
    if changes.is_empty() {
        return Ok(());
    }
    let columns = PlaceColumns::of(&changes.iter().collect::<Vec<_>>());
    c.execute(journal, &columns.params()).await.map_err(err)?;
    Ok(())
}

/// Folds the rollup journal into the rollups, every [`FOLD_EVERY`], on
/// every instance (each takes journal entries no other is folding), while
/// the store is open. What it leaves stays in the journal for the next.
async fn folder(pool: Pool, alive: std::sync::Weak<()>) {
    let mut tick = tokio::time::interval(FOLD_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut vacuums = [
        Vacuum::new("exitpoll.rollup_journal", "SKIP_LOCKED", VACUUM_JOURNAL_EVERY),
        // ANALYZE too: without statistics (autovacuum off) the planner
        // guessed 20 rows for a year of hour rows, and read all 317,000 of
        // them for the 365 a zone's day trend asks for (83 ms, not 14).
        Vacuum::new("exitpoll.rollups", "SKIP_LOCKED, ANALYZE", VACUUM_ROLLUPS_EVERY),
    ];
    loop {
        tick.tick().await;
        if alive.upgrade().is_none() || pool.is_closed() {
            return;
        }
        loop {
            // Until the journal holds less than a chunk: folding whatever
            // came since the last entry taken would keep a writer's worth of
            // work going all the time.
            match fold_journal(&pool).await {
                Ok(0) => break,
                Ok(n) => {
                    vacuums.iter_mut().for_each(|v| v.dirty = true);
                    if n as i64 != FOLD_CHUNK {
                        break;
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "folding the rollup journal failed; trying again shortly");
                    break;
                }
            }
        }
        for v in &mut vacuums {
            v.run_if_due(&pool).await;
        }
    }
}

/// A table the folder vacuums itself, rather than wait for autovacuum
/// (which may be off, or busy with the responses).
struct Vacuum {
    table: &'static str,
    options: &'static str,
    every: std::time::Duration,
    last: tokio::time::Instant,
    /// Something was folded since the last vacuum.
    dirty: bool,
    /// A failure (say, the role does not own the table) is logged once.
    warned: bool,
}

impl Vacuum {
    fn new(table: &'static str, options: &'static str, every: std::time::Duration) -> Self {
        Vacuum { table, options, every, last: tokio::time::Instant::now(), dirty: false, warned: false }
    }

    async fn run_if_due(&mut self, pool: &Pool) {
        if !self.dirty || self.last.elapsed() < self.every {
            return;
        }
        (self.last, self.dirty) = (tokio::time::Instant::now(), false);
        let run = async {
            let client = pool.get().await.map_err(pool_err)?;
            // SKIP_LOCKED: when another instance is vacuuming it, this one
            // goes on folding instead of waiting.
            client.batch_execute(&format!("VACUUM ({}) {}", self.options, self.table)).await.map_err(err)
        };
        match run.await {
            Ok(()) => self.warned = false,
            Err(e) if !self.warned => {
                self.warned = true;
                tracing::warn!(table = self.table, error = %e, "vacuuming failed; summaries slow down as dead rows pile up until autovacuum runs");
            }
            Err(_) => {}
        }
    }
}

/// Moves up to [`FOLD_CHUNK`] journal entries into the rollups in one
/// transaction, and says how many it moved. A reader sees them in the
/// journal or in the rollups, never both or neither.
async fn fold_journal(pool: &Pool) -> Result<usize, StoreError> {
    let mut client = pool.get().await.map_err(pool_err)?;
    let tx = client.transaction().await.map_err(err)?;
    // Unprepared, so planned for the journal as it is (see `LOCK_STORED`).
    let taken = tx
        .query_typed(
            "DELETE FROM exitpoll.rollup_journal WHERE id IN
                (SELECT id FROM exitpoll.rollup_journal ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
             RETURNING site, width, bucket, survey_id, status, key, n, a, b",
            &[(&FOLD_CHUNK, Type::INT8)],
        )
        .await
        .map_err(err)?;
    if taken.is_empty() {
        return Ok(0);
    }
    let mut delta = Delta::default();
    for r in &taken {
        let (sites, widths, buckets): (Vec<&str>, Vec<i64>, Vec<i64>) = (r.get(0), r.get(1), r.get(2));
        let (surveys, statuses, keys): (Vec<&str>, Vec<&str>, Vec<&str>) = (r.get(3), r.get(4), r.get(5));
        let (n, a, b): (Vec<i64>, Vec<i64>, Vec<i64>) = (r.get(6), r.get(7), r.get(8));
        for i in 0..sites.len() {
            let place = (sites[i], widths[i], buckets[i], surveys[i], statuses[i], keys[i]);
            delta.add_counts(place, Counts { n: n[i], a: a[i], b: b[i] });
        }
    }
    let add = tx.prepare_cached(ADD_ROLLUPS).await.map_err(err)?;
    apply_delta(tx.client(), &add, &delta).await?;
    tx.commit().await.map_err(err)?;
    Ok(taken.len())
}

/// An arbitrary constant naming exitpoll's migration lock.
const MIGRATION_LOCK: i64 = 0x6578_6974_706f_6c6c;

/// At most this many rows go into one statement; more waits for the next.
const MAX_ROWS_PER_COMMIT: usize = 1_000;
/// Batches written at the same time, each on its own pooled connection. Two
/// let one batch travel to the server while another commits; more made
/// smaller batches, each paying a commit: with the database on the same two
/// cores, 4 batchers gave 18-19 % of the HTTP ceiling at 32 connections
/// (5 rows per commit) against 19-22 % with 2 and 23 % with 1, and 28 %
/// against 33 % and 34 % at 128 (`tests/bench/ingest`, 2026-12-01).
const BATCHERS: usize = 2;

/// How long a group commit whose connection broke waits before it is written again.
const RECONNECT_PAUSE: std::time::Duration = std::time::Duration::from_millis(50);

pub struct PgStore {
    pool: Pool,
    queue: mpsc::Sender<Pending>,
    /// The folder stops once the store is gone.
    _alive: Arc<()>,
}

/// One request's rows, waiting for a batcher.
struct Pending {
    site: String,
    rows: Vec<Row>,
    subs: Vec<Subscription>,
    reply: oneshot::Sender<Result<UpsertOutcome, StoreError>>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").finish_non_exhaustive()
    }
}

fn err(e: tokio_postgres::Error) -> StoreError {
    // Connection problems and resource exhaustion are worth a retry; the rest is ours.
    let retryable = e.is_closed()
        || e.as_db_error().is_none()
        || e.code().is_some_and(|c| {
            let c = c.code();
            c.starts_with("08") || c.starts_with("53") || c.starts_with("57") || c == "40001" || c == "40P01"
        });
    if retryable { StoreError::Unavailable(e.to_string()) } else { StoreError::Internal(e.to_string()) }
}

fn pool_err(e: deadpool_postgres::PoolError) -> StoreError {
    StoreError::Unavailable(format!("no database connection: {}", with_causes(&e)))
}

/// An error and its sources: deadpool's "Error occurred while creating a new
/// object: db error" says nothing until the server's own message follows.
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let next = s.to_string();
        if !text.ends_with(&next) {
            text = format!("{text}: {next}");
        }
        source = s.source();
    }
    text
}

/// Why the first connection failed, naming the database, the server and the
/// user, with the server's own message; and how to create a database that
/// does not exist.
fn connect_error(config: &tokio_postgres::Config, e: &deadpool_postgres::PoolError) -> StoreError {
    let user = config.get_user().unwrap_or("(none)");
    let database = config.get_dbname().unwrap_or(user);
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let (host, server) = match config.get_hosts().first() {
        Some(tokio_postgres::config::Host::Tcp(h)) => (h.clone(), format!("{h}:{port}")),
        #[cfg(unix)]
        Some(tokio_postgres::config::Host::Unix(path)) => {
            let path = path.display().to_string();
            (path.clone(), format!("{path} (port {port})"))
        }
        None => ("localhost".to_owned(), format!("localhost:{port}")),
    };
    let (db_error, cause) = match e {
        deadpool_postgres::PoolError::Backend(pg) => (pg.as_db_error(), with_causes(pg)),
        other => (None, with_causes(other)),
    };
    let message = match db_error {
        Some(db) if *db.code() == tokio_postgres::error::SqlState::INVALID_CATALOG_NAME => format!(
            "PostgreSQL database \"{database}\" on {server} does not exist (create it with createdb -h {host} \
             -p {port} -U {user} {database}); the server said: {}",
            db.message()
        ),
        Some(db) => format!(
            "cannot connect to PostgreSQL database \"{database}\" on {server} as user \"{user}\"; \
             the server said: {} ({})",
            db.message(),
            db.code().code()
        ),
        None => format!(
            "cannot connect to PostgreSQL database \"{database}\" on {server} as user \"{user}\": {cause}"
        ),
    };
    StoreError::Unavailable(message)
}

impl PgStore {
    /// Connects (a pool of up to `max_connections`) and runs migrations.
    pub async fn open(
        url: &str,
        max_connections: usize,
        observer: Option<Observer>,
    ) -> Result<PgStore, StoreError> {
        let config: tokio_postgres::Config =
            url.parse().map_err(|e| StoreError::Unavailable(format!("bad PostgreSQL URL: {e}")))?;
        let manager = Manager::from_config(
            config.clone(),
            NoTls,
            ManagerConfig { recycling_method: RecyclingMethod::Fast },
        );
        let pool = Pool::builder(manager)
            .max_size(max_connections)
            .build()
            .map_err(|e| StoreError::Internal(e.to_string()))?;
        // The first connection says, if it fails, which database on which server and why.
        drop(pool.get().await.map_err(|e| connect_error(&config, &e))?);
        let (queue, rx) = mpsc::channel::<Pending>(4 * MAX_ROWS_PER_COMMIT);
        let alive = Arc::new(());
        let folder_alive = Arc::downgrade(&alive);
        let store = PgStore { pool: pool.clone(), queue, _alive: alive };
        store.migrate().await?;
        let rx = Arc::new(Mutex::new(rx));
        for _ in 0..BATCHERS {
            tokio::spawn(batcher(pool.clone(), rx.clone(), observer.clone()));
        }
        tokio::spawn(folder(pool.clone(), folder_alive));
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let mut client = self.pool.get().await.map_err(pool_err)?;
        let tx = client.transaction().await.map_err(err)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await.map_err(err)?;
        // Looked up before it is created: `CREATE SCHEMA IF NOT EXISTS` asks
        // for the CREATE privilege on the database even when the schema is
        // there, and a user given a schema of its own may not have it.
        let schema_exists = tx
            .query_one("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'exitpoll')", &[])
            .await
            .map_err(err)?
            .get::<_, bool>(0);
        if !schema_exists {
            tx.batch_execute("CREATE SCHEMA exitpoll").await.map_err(err)?;
        }
        move_unqualified_tables(&tx).await?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS exitpoll.exitpoll_schema (version INTEGER NOT NULL)")
            .await
            .map_err(err)?;
        let version: i32 = tx
            .query_opt("SELECT version FROM exitpoll.exitpoll_schema", &[])
            .await
            .map_err(err)?
            .map_or(0, |r| r.get(0));
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.batch_execute(sql).await.map_err(err)?;
            tx.execute("DELETE FROM exitpoll.exitpoll_schema", &[]).await.map_err(err)?;
            tx.execute("INSERT INTO exitpoll.exitpoll_schema (version) VALUES ($1)", &[&(i as i32 + 1)])
                .await
                .map_err(err)?;
        }
        // Once the rollups have their final shape, in the same transaction.
        if (version as usize) < ROLLUPS_MIGRATION {
            fill_rollups(&tx).await?;
        }
        tx.commit().await.map_err(err)
    }
}

/// The tables each migration made, for moving a database that earlier
/// versions laid out with unqualified names.
const TABLES_BY_MIGRATION: [&[&str]; 3] = [&["responses", "erased"], &["webhook_deliveries"], &[]];

/// Moves the tables of a database made by a version that named its tables
/// unqualified into `exitpoll`, with their rows, indexes and constraints.
///
/// Those versions created their tables in the first schema of the
/// connection's `search_path` (`public` unless the URL or the role set
/// another) and found them there, so that is where they are looked for: the
/// first schema on the path, other than `exitpoll`, holding an
/// `exitpoll_schema` table. Without that table, a `responses` table belongs
/// to some other software and is left alone. Runs under the migration lock,
/// in the migration's transaction: a second instance starting at the same
/// time waits, then finds nothing left to move.
async fn move_unqualified_tables(tx: &tokio_postgres::Transaction<'_>) -> Result<(), StoreError> {
    let Some(found) = tx
        .query_opt(
            "SELECT quote_ident(s.name) FROM unnest(current_schemas(false)) WITH ORDINALITY AS s(name, n)
             WHERE s.name <> 'exitpoll' AND to_regclass(quote_ident(s.name) || '.exitpoll_schema') IS NOT NULL
             ORDER BY s.n LIMIT 1",
            &[],
        )
        .await
        .map_err(err)?
    else {
        return Ok(());
    };
    let old: String = found.get(0);
    let ours = tx
        .query_one("SELECT to_regclass('exitpoll.exitpoll_schema') IS NOT NULL", &[])
        .await
        .map_err(err)?
        .get::<_, bool>(0);
    if ours {
        // Both layouts hold data: an older collector ran after the move and
        // started over in the old place, or two deployments once kept apart
        // by search_path now meet in one schema. Neither can be merged
        // without someone deciding which rows win.
        return Err(StoreError::Internal(format!(
            "PostgreSQL schema {old} holds the tables of an older exitpoll version, and schema exitpoll \
             holds the current ones; move or drop one of them (or give each deployment a database of its own)"
        )));
    }
    let version: i32 = tx
        .query_opt(&format!("SELECT version FROM {old}.exitpoll_schema"), &[])
        .await
        .map_err(err)?
        .map_or(0, |r| r.get(0));
    let tables = TABLES_BY_MIGRATION.iter().take(version.max(0) as usize).flat_map(|t| t.iter());
    for table in tables.chain(&["exitpoll_schema"]) {
        tx.batch_execute(&format!("ALTER TABLE {old}.{table} SET SCHEMA exitpoll")).await.map_err(err)?;
    }
    tracing::info!(from = %old, version, "moved the tables of an older exitpoll version into schema exitpoll");
    Ok(())
}

const UPSERT: &str = "
    INSERT INTO exitpoll.responses (site, response_id, revision, survey_id, status, answers, shown_at, updated_at,
        visitor_id, session_id, trigger, stage, device, locale, page_url, context, received_at)
    SELECT r.* FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::bigint[],
        $8::bigint[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
        $16::text[], $17::bigint[])
        AS r(site, response_id, revision, survey_id, status, answers, shown_at, updated_at, visitor_id,
             session_id, trigger, stage, device, locale, page_url, context, received_at)
    WHERE NOT EXISTS (SELECT 1 FROM exitpoll.erased e WHERE e.site = r.site AND e.response_id = r.response_id)
    ORDER BY r.site, r.response_id
    ON CONFLICT (site, response_id) DO UPDATE SET
        revision = excluded.revision, survey_id = excluded.survey_id, status = excluded.status,
        answers = excluded.answers, shown_at = excluded.shown_at, updated_at = excluded.updated_at,
        visitor_id = excluded.visitor_id, session_id = excluded.session_id, trigger = excluded.trigger,
        stage = excluded.stage, device = excluded.device, locale = excluded.locale,
        page_url = excluded.page_url, context = excluded.context
    WHERE excluded.revision > exitpoll.responses.revision
    RETURNING site, response_id, xmax = 0";

/// The stored revisions of a batch's responses, locked until the commit, so
/// their facts can leave the rollups when a higher revision replaces them.
/// Rows are locked in the order of the keys given (sorted by the caller, so
/// instances lock in one order). Sent unprepared (`query_typed`), so it is
/// planned for the table as it is now: a plan cached for the connection,
/// made while the table was still empty, scanned every response (or a
/// per-site index) for each batch, and PostgreSQL ingest fell to an eighth
/// of its rate as the table grew.
const LOCK_STORED: &str = "
    SELECT s.* FROM unnest($1::text[], $2::text[]) AS k(site, response_id)
    CROSS JOIN LATERAL (
        SELECT site, response_id, revision, survey_id, status, shown_at, answers, context, stage, device
        FROM exitpoll.responses r WHERE r.site = k.site AND r.response_id = k.response_id
        FOR UPDATE) s";

const ENQUEUE: &str = "
    INSERT INTO exitpoll.webhook_deliveries (delivery_id, site, webhook, event, response_id, response, next_at, created_at)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $7::bigint[])
    ON CONFLICT (delivery_id) DO NOTHING";

const ROW_COLUMNS: &str =
    "response_id, revision, survey_id, status, answers, shown_at, updated_at, visitor_id,
    session_id, trigger, stage, device, locale, page_url, context, received_at";

type Params = Vec<Box<dyn ToSql + Sync + Send>>;

/// The query for a filter: every column of the matching rows, in its
/// order, and the parameters. What SQL cannot match (the text search) and
/// the limit after it are left to [`super::refine`]. Response ids compare
/// as bytes (`COLLATE "C"`, as the indexes hold them), so ties come in the
/// order SQLite gives them whatever the database's collation.
fn select_sql(site: &str, f: &Filter) -> (String, Params) {
    let mut sql = format!("SELECT {ROW_COLUMNS} FROM exitpoll.responses WHERE site = $1");
    let mut params: Params = vec![Box::new(site.to_owned())];
    let push = |params: &mut Params, p: Box<dyn ToSql + Sync + Send>| {
        params.push(p);
        params.len()
    };
    if let Some(s) = &f.survey {
        let n = push(&mut params, Box::new(s.clone()));
        sql.push_str(&format!(" AND survey_id = ${n}"));
    }
    if let Some(t) = f.since {
        let n = push(&mut params, Box::new(t));
        sql.push_str(&format!(" AND shown_at >= ${n}"));
    }
    if let Some(t) = f.until {
        let n = push(&mut params, Box::new(t));
        sql.push_str(&format!(" AND shown_at < ${n}"));
    }
    if let Some(s) = f.status {
        let n = push(&mut params, Box::new(s.as_str().to_owned()));
        sql.push_str(&format!(" AND status = ${n}"));
    }
    if let Some(s) = f.stage {
        let n = push(&mut params, Box::new(s.as_str().to_owned()));
        sql.push_str(&format!(" AND stage = ${n}"));
    }
    if let Some(d) = f.device {
        let n = push(&mut params, Box::new(d.as_str().to_owned()));
        sql.push_str(&format!(" AND device = ${n}"));
    }
    for a in &f.answers {
        let key = push(&mut params, Box::new(a.question_id.clone()));
        let value = format!("(answers::jsonb -> ${key}::text)");
        match &a.matches {
            // A string contains only itself, an array each of its strings,
            // an object ("Other") no string.
            AnswerMatch::Choice(id) => {
                let n = push(&mut params, Box::new(id.clone()));
                sql.push_str(&format!(" AND {value} @> to_jsonb(${n}::text)"));
            }
            AnswerMatch::Other => sql.push_str(&format!(" AND jsonb_typeof({value}) = 'object'")),
            // CASE, not AND: PostgreSQL may evaluate either side of an AND
            // first, and a string cast to numeric fails.
            AnswerMatch::Between(lo, hi) => {
                let lo = push(&mut params, Box::new(*lo));
                let hi = push(&mut params, Box::new(*hi));
                sql.push_str(&format!(
                    " AND CASE WHEN jsonb_typeof({value}) = 'number' \
                     THEN {value}::numeric BETWEEN ${lo}::bigint AND ${hi}::bigint ELSE false END"
                ));
            }
        }
    }
    let (compare, direction) = match f.order {
        Order::OldestFirst => ((">=", ">"), "ASC"),
        Order::NewestFirst => (("<=", "<"), "DESC"),
    };
    if let Some(p) = &f.after {
        let t = push(&mut params, Box::new(p.shown_at));
        let id = push(&mut params, Box::new(p.response_id.clone()));
        sql.push_str(&format!(
            " AND shown_at {} ${t} AND (shown_at {} ${t} OR response_id COLLATE \"C\" {} ${id}::text)",
            compare.0, compare.1, compare.1
        ));
    }
    sql.push_str(&format!(" ORDER BY shown_at {direction}, response_id COLLATE \"C\" {direction}"));
    if let Some(n) = f.sql_limit() {
        let n = push(&mut params, Box::new(n));
        sql.push_str(&format!(" LIMIT ${n}"));
    }
    (sql, params)
}

fn read_row(r: &tokio_postgres::Row) -> Row {
    Row {
        response_id: r.get(0),
        revision: r.get::<_, i64>(1) as u32,
        survey_id: r.get(2),
        status: r.get(3),
        answers: r.get(4),
        shown_at: r.get(5),
        updated_at: r.get(6),
        visitor_id: r.get(7),
        session_id: r.get(8),
        trigger: r.get(9),
        stage: r.get(10),
        device: r.get(11),
        locale: r.get(12),
        page_url: r.get(13),
        context: r.get(14),
        received_at: r.get(15),
    }
}

/// Takes the requests waiting together and writes them in one commit.
async fn batcher(pool: Pool, rx: Arc<Mutex<mpsc::Receiver<Pending>>>, observer: Option<Observer>) {
    loop {
        let jobs = {
            let mut rx = rx.lock().await;
            let Some(first) = rx.recv().await else { return };
            let mut rows = first.rows.len();
            let mut jobs = vec![first];
            while rows < MAX_ROWS_PER_COMMIT {
                match rx.try_recv() {
                    Ok(job) => {
                        rows += job.rows.len();
                        jobs.push(job);
                    }
                    Err(_) => break,
                }
            }
            jobs
        };
        let started = std::time::Instant::now();
        let rows = jobs.iter().map(|j| j.rows.len()).sum();
        let mut result = write_batch(&pool, &jobs).await;
        // A connection that broke under the commit (the backend was
        // terminated, the server restarted, a proxy dropped it) says nothing
        // about the rows: the pool hands out a fresh connection, and the
        // group is written once more before anyone is answered. Writing twice
        // is safe, since an upsert of the same revision stores nothing new,
        // and a database that is really away fails the retry too.
        if let Err(StoreError::Unavailable(e)) = &result {
            tracing::warn!(error = %e, requests = jobs.len(), "a group commit lost its connection; writing it again");
            tokio::time::sleep(RECONNECT_PAUSE).await;
            result = write_batch(&pool, &jobs).await;
        }
        match result {
            Ok(outcomes) => {
                if let Some(observe) = &observer {
                    observe(CommitReport { requests: jobs.len(), rows, duration: started.elapsed() });
                }
                for (job, outcome) in jobs.into_iter().zip(outcomes) {
                    let _ = job.reply.send(Ok(outcome));
                }
            }
            // A data error (a value the database refuses, a constraint) comes
            // from some request's rows, not from the database being away: the
            // requests sharing the commit are written again one by one, so
            // only the request that carried the bad row fails. An unavailable
            // database fails the whole group at once instead, since each
            // retry alone would only fail again, more slowly.
            Err(StoreError::Internal(e)) if jobs.len() > 1 => {
                tracing::warn!(error = %e, requests = jobs.len(), "a group commit failed; writing its requests one by one");
                for job in jobs {
                    let started = std::time::Instant::now();
                    let result = write_batch(&pool, std::slice::from_ref(&job)).await;
                    if let (Ok(_), Some(observe)) = (&result, &observer) {
                        observe(CommitReport {
                            requests: 1,
                            rows: job.rows.len(),
                            duration: started.elapsed(),
                        });
                    }
                    let _ = job.reply.send(result.map(|outcomes| outcomes[0]));
                }
            }
            Err(e) => {
                for job in jobs {
                    let _ = job.reply.send(Err(e.clone()));
                }
            }
        }
    }
}

/// The statement of [`INSERT_NEW`], with more common table expressions.
macro_rules! insert_new {
    ($($more:literal)?) => {
        concat!("
    WITH stored AS (
        INSERT INTO exitpoll.responses (site, response_id, revision, survey_id, status, answers, shown_at,
            updated_at, visitor_id, session_id, trigger, stage, device, locale, page_url, context, received_at)
        SELECT r.* FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[],
            $7::bigint[], $8::bigint[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[],
            $15::text[], $16::text[], $17::bigint[])
            AS r(site, response_id, revision, survey_id, status, answers, shown_at, updated_at, visitor_id,
                 session_id, trigger, stage, device, locale, page_url, context, received_at)
        WHERE NOT EXISTS (SELECT 1 FROM exitpoll.erased e WHERE e.site = r.site AND e.response_id = r.response_id)
        ORDER BY r.site, r.response_id
        ON CONFLICT (site, response_id) DO NOTHING
        RETURNING site, response_id),
    counted AS (
        INSERT INTO exitpoll.rollup_journal (site, width, bucket, survey_id, status, key, n, a, b)
        -- Every row new (the common case): the batch's counts as sent.
        SELECT $29::text[], $30::bigint[], $31::bigint[], $32::text[], $33::text[], $34::text[],
            $35::bigint[], $36::bigint[], $37::bigint[]
        WHERE (SELECT count(*) FROM stored) = cardinality($2::text[]) AND cardinality($29::text[]) > 0
        UNION ALL
        -- Some rows were there already: the counts of those inserted. (A
        -- gate that is false keeps this part from running at all.)
        SELECT * FROM (
            SELECT array_agg(f.site), array_agg(f.width), array_agg(f.bucket), array_agg(f.survey_id),
                array_agg(f.status), array_agg(f.key), array_agg(f.n * g.rows), array_agg(f.a * g.rows),
                array_agg(f.b * g.rows)
            FROM (SELECT m.facts, count(*) AS rows
                  FROM unnest($1::text[], $2::text[], $18::int[]) AS m(site, response_id, facts)
                  JOIN stored s ON s.site = m.site AND s.response_id = m.response_id
                  GROUP BY m.facts) g
            JOIN unnest($19::int[], $20::text[], $21::bigint[], $22::bigint[], $23::text[], $24::text[],
                $25::text[], $26::bigint[], $27::bigint[], $28::bigint[])
                AS f(facts, site, width, bucket, survey_id, status, key, n, a, b) ON f.facts = g.facts
            HAVING count(*) > 0) of_inserted
        WHERE (SELECT count(*) FROM stored) < cardinality($2::text[]))", $(",", $more,)? "
    SELECT site, response_id FROM stored")
    };
}
/// Stores the responses of a batch that are new and their rollup counts
/// (a journal entry) in one statement, committed on its own: the same
/// single round trip (and single commit) as an upsert without rollups. A
/// new response has no facts to take away, so its counts are added knowing
/// only whether it was inserted. Returns the rows inserted.
const INSERT_NEW: &str = insert_new!();
/// [`INSERT_NEW`] that also queues the webhook deliveries of the rows inserted.
const INSERT_NEW_DELIVERING: &str = insert_new!("
    queued AS (
        INSERT INTO exitpoll.webhook_deliveries
            (delivery_id, site, webhook, event, response_id, response, next_at, created_at)
        SELECT d.delivery_id, d.site, d.webhook, d.event, d.response_id, d.response, d.at, d.at
        FROM unnest($38::text[], $39::text[], $40::text[], $41::text[], $42::text[], $43::text[], $44::bigint[])
            AS d(delivery_id, site, webhook, event, response_id, response, at)
        JOIN stored s ON s.site = d.site AND s.response_id = d.response_id
        ON CONFLICT (delivery_id) DO NOTHING)");

/// A batch's rows as the upserts take them: one array per column, in
/// `UPSERT`'s (and `INSERT_NEW`'s) parameter order.
struct Columns<'a> {
    sites: Vec<&'a str>,
    ids: Vec<String>,
    revisions: Vec<i64>,
    surveys: Vec<String>,
    statuses: Vec<String>,
    answers: Vec<String>,
    shown: Vec<i64>,
    updated: Vec<i64>,
    visitors: Vec<String>,
    sessions: Vec<String>,
    triggers: Vec<String>,
    stages: Vec<Option<String>>,
    devices: Vec<Option<String>>,
    locales: Vec<String>,
    urls: Vec<String>,
    contexts: Vec<String>,
    received: Vec<i64>,
}

impl<'a> Columns<'a> {
    fn of(jobs: &'a [Pending], rows: &[(usize, &Row)]) -> Self {
        let col = |f: &dyn Fn(&Row) -> String| rows.iter().map(|(_, r)| f(r)).collect::<Vec<String>>();
        let opt = |f: &dyn Fn(&Row) -> Option<String>| rows.iter().map(|(_, r)| f(r)).collect::<Vec<_>>();
        let int = |f: &dyn Fn(&Row) -> i64| rows.iter().map(|(_, r)| f(r)).collect::<Vec<i64>>();
        Columns {
            sites: rows.iter().map(|&(j, _)| jobs[j].site.as_str()).collect(),
            ids: col(&|r| r.response_id.clone()),
            revisions: int(&|r| i64::from(r.revision)),
            surveys: col(&|r| r.survey_id.clone()),
            statuses: col(&|r| r.status.clone()),
            answers: col(&|r| r.answers.clone()),
            shown: int(&|r| r.shown_at),
            updated: int(&|r| r.updated_at),
            visitors: col(&|r| r.visitor_id.clone()),
            sessions: col(&|r| r.session_id.clone()),
            triggers: col(&|r| r.trigger.clone()),
            stages: opt(&|r| r.stage.clone()),
            devices: opt(&|r| r.device.clone()),
            locales: col(&|r| r.locale.clone()),
            urls: col(&|r| r.page_url.clone()),
            contexts: col(&|r| r.context.clone()),
            received: int(&|r| r.received_at),
        }
    }

    fn params(&self) -> [&(dyn ToSql + Sync); 17] {
        [
            &self.sites,
            &self.ids,
            &self.revisions,
            &self.surveys,
            &self.statuses,
            &self.answers,
            &self.shown,
            &self.updated,
            &self.visitors,
            &self.sessions,
            &self.triggers,
            &self.stages,
            &self.devices,
            &self.locales,
            &self.urls,
            &self.contexts,
            &self.received,
        ]
    }
}

/// The webhook deliveries of stored rows, one array per column of `ENQUEUE`.
#[derive(Default)]
struct Deliveries {
    cols: [Vec<String>; 6],
    times: Vec<i64>,
}

impl Deliveries {
    fn add(&mut self, site: &str, row: &Row, subs: &[Subscription]) {
        for (id, webhook, event) in deliveries_for(site, row, subs) {
            for (c, v) in self.cols.iter_mut().zip([
                id,
                site.to_owned(),
                webhook,
                event.to_owned(),
                row.response_id.clone(),
                row.to_json(),
            ]) {
                c.push(v);
            }
            self.times.push(row.received_at);
        }
    }
}

/// Sets of facts, one array per column of `INSERT_NEW`'s facts.
#[derive(Default)]
struct FactColumns<'a> {
    sets: Vec<i32>,
    sites: Vec<&'a str>,
    widths: Vec<i64>,
    buckets: Vec<i64>,
    surveys: Vec<&'a str>,
    statuses: Vec<&'a str>,
    keys: Vec<&'a str>,
    n: Vec<i64>,
    a: Vec<i64>,
    b: Vec<i64>,
}

type Key = (String, String);

fn key_of(site: &str, id: &str) -> Key {
    (site.to_owned(), id.to_owned())
}

/// Upserts every job's rows and says, per job, how many were stored.
/// Nothing is acknowledged unless every commit it needs succeeds: the new
/// responses commit first, in one statement ([`insert_new`]); the rows that
/// were there already (revisions, retries) in a transaction of their own
/// ([`replace_stored`]).
async fn write_batch(pool: &Pool, jobs: &[Pending]) -> Result<Vec<UpsertOutcome>, StoreError> {
    // One statement cannot touch a row twice: keep each response's highest
    // revision (the first of equals); the others are duplicates by definition.
    let mut best: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    for (j, job) in jobs.iter().enumerate() {
        for (i, r) in job.rows.iter().enumerate() {
            let key = (job.site.as_str(), r.response_id.as_str());
            match best.get(&key) {
                Some(&(bj, bi)) if jobs[bj].rows[bi].revision >= r.revision => {}
                _ => {
                    best.insert(key, (j, i));
                }
            }
        }
    }
    let winners: Vec<(usize, &Row)> = best.values().map(|&(j, i)| (j, &jobs[j].rows[i])).collect();
    let client = pool.get().await.map_err(pool_err)?;
    let mut stored = insert_new(&client, jobs, &winners).await?;
    let rest: Vec<(usize, &Row)> = winners
        .iter()
        .filter(|&&(j, r)| !stored.contains(&key_of(&jobs[j].site, &r.response_id)))
        .copied()
        .collect();
    if !rest.is_empty() {
        stored.extend(replace_stored(&client, jobs, &rest).await?);
    }
    let mut outcomes: Vec<UpsertOutcome> =
        jobs.iter().map(|j| UpsertOutcome { stored: 0, duplicates: j.rows.len() }).collect();
    for &(j, r) in &winners {
        if stored.contains(&key_of(&jobs[j].site, &r.response_id)) {
            outcomes[j].stored += 1;
            outcomes[j].duplicates -= 1;
        }
    }
    Ok(outcomes)
}

/// Inserts the rows whose responses are not stored yet, with their rollup
/// counts (into the journal) and webhook deliveries, in one statement
/// (`INSERT_NEW`), and returns the keys of those inserted.
async fn insert_new(
    client: &deadpool_postgres::Client,
    jobs: &[Pending],
    rows: &[(usize, &Row)],
) -> Result<HashSet<Key>, StoreError> {
    let columns = Columns::of(jobs, rows);
    // The counts of each row, as a set of facts that rows with the same
    // answers share (one set for most of a batch), multiplied by the
    // statement by how many of its rows were inserted. (One array entry per
    // row and fact made twenty times as many entries to unpack, and halved
    // the rate.) Rows with equal inputs to the facts have equal facts, which
    // are then worked out once; a quarter hour fixes the hour and the day.
    type Inputs<'r> = (&'r str, &'r str, &'r str, i64, &'r str, &'r str, Option<&'r str>, Option<&'r str>);
    let mut seen: HashMap<Inputs<'_>, i32> = HashMap::new();
    let mut sets: Vec<Vec<(Place, Counts)>> = Vec::new();
    let mut row_sets: Vec<i32> = Vec::with_capacity(rows.len());
    let mut deliveries = Deliveries::default();
    for &(j, r) in rows {
        let site = jobs[j].site.as_str();
        let inputs = (
            site,
            r.survey_id.as_str(),
            r.status.as_str(),
            super::rollup::bucket(r.shown_at, super::rollup::QUARTER),
            r.answers.as_str(),
            r.context.as_str(),
            r.stage.as_deref(),
            r.device.as_deref(),
        );
        let set = *seen.entry(inputs).or_insert_with(|| {
            let mut delta = Delta::default();
            delta.add_row(site, r, 1);
            sets.push(delta.nonzero());
            sets.len() as i32 - 1
        });
        row_sets.push(set);
        deliveries.add(site, r, &jobs[j].subs);
    }
    let mut f = FactColumns::default();
    for (set, facts) in sets.iter().enumerate() {
        for (place, counts) in facts {
            f.sets.push(set as i32);
            f.sites.push(&place.site);
            f.widths.push(place.width);
            f.buckets.push(place.bucket);
            f.surveys.push(&place.survey_id);
            f.statuses.push(&place.status);
            f.keys.push(&place.key);
            f.n.push(counts.n);
            f.a.push(counts.a);
            f.b.push(counts.b);
        }
    }
    // The whole batch's counts, which the statement stores as they are when
    // every row turns out new: no join and aggregation of the sets there.
    let mut whole = Delta::default();
    let mut rows_per_set = vec![0i64; sets.len()];
    for &set in &row_sets {
        rows_per_set[set as usize] += 1;
    }
    for (facts, rows) in sets.iter().zip(&rows_per_set) {
        for (p, c) in facts {
            let place =
                (p.site.as_str(), p.width, p.bucket, p.survey_id.as_str(), p.status.as_str(), p.key.as_str());
            whole.add_counts(place, Counts { n: c.n * rows, a: c.a * rows, b: c.b * rows });
        }
    }
    let whole = whole.nonzero();
    let whole_refs: Vec<&(Place, Counts)> = whole.iter().collect();
    let whole = PlaceColumns::of(&whole_refs);
    let d = &deliveries;
    let mut params: Vec<&(dyn ToSql + Sync)> = columns.params().to_vec();
    params.extend([
        &row_sets as &(dyn ToSql + Sync),
        &f.sets,
        &f.sites,
        &f.widths,
        &f.buckets,
        &f.surveys,
        &f.statuses,
        &f.keys,
        &f.n,
        &f.a,
        &f.b,
    ]);
    params.extend(whole.params());
    // Prepared once per pooled connection, not parsed and planned per batch.
    let insert = if d.times.is_empty() {
        client.prepare_cached(INSERT_NEW).await.map_err(err)?
    } else {
        params.extend([
            &d.cols[0] as &(dyn ToSql + Sync),
            &d.cols[1],
            &d.cols[2],
            &d.cols[3],
            &d.cols[4],
            &d.cols[5],
            &d.times,
        ]);
        client.prepare_cached(INSERT_NEW_DELIVERING).await.map_err(err)?
    };
    let inserted = client.query(&insert, &params).await.map_err(err)?;
    Ok(inserted.iter().map(|r| key_of(r.get(0), r.get(1))).collect())
}

/// Upserts rows whose responses were stored already (so a higher revision
/// replaces what is stored) in one transaction: the stored revisions are
/// locked and read, their facts leave the rollups (through the journal) as the new
/// ones come in, and deliveries are queued. Returns the keys of the rows
/// stored. The transaction takes two round trips: statements on one
/// connection are pipelined (sent together, run in the order sent), each
/// polled first in the order written (`biased`).
async fn replace_stored(
    client: &deadpool_postgres::Client,
    jobs: &[Pending],
    rows: &[(usize, &Row)],
) -> Result<HashSet<Key>, StoreError> {
    let upsert = client.prepare_cached(UPSERT).await.map_err(err)?;
    let journal = client.prepare_cached(JOURNAL).await.map_err(err)?;
    let enqueue = client.prepare_cached(ENQUEUE).await.map_err(err)?;
    let c: &tokio_postgres::Client = client;
    let columns = Columns::of(jobs, rows);
    let params = columns.params();
    let keys: [(&(dyn ToSql + Sync), Type); 2] =
        [(&columns.sites, Type::TEXT_ARRAY), (&columns.ids, Type::TEXT_ARRAY)];
    let mut attempt = 0;
    loop {
        attempt += 1;
        let (begun, locked, returned) = tokio::join!(
            biased;
            c.batch_execute("BEGIN"),
            c.query_typed(LOCK_STORED, &keys),
            c.query(&upsert, &params),
        );
        let (locked, returned) = match (begun, locked, returned) {
            (Ok(()), Ok(locked), Ok(returned)) => (locked, returned),
            (begun, locked, returned) => {
                let e = begun.err().or(locked.err()).or(returned.err()).expect("one failed");
                // Best effort: a broken connection is dropped by the pool anyway.
                let _ = c.batch_execute("ROLLBACK").await;
                return Err(err(e));
            }
        };
        let old: HashMap<Key, &tokio_postgres::Row> =
            locked.iter().map(|r| (key_of(r.get(0), r.get(1)), r)).collect();
        let mut delta = Delta::default();
        let mut changed = HashSet::new();
        let mut raced = false;
        for r in &returned {
            let (site, id): (&str, &str) = (r.get(0), r.get(1));
            if !r.get::<_, bool>(2) {
                // Replaced a stored revision: its facts go.
                match old.get(&key_of(site, id)) {
                    Some(o) => apply_fact_row(&mut delta, site, o, 3, -1),
                    // Stored by another instance after the lock was taken:
                    // its facts are unknown here, so the batch starts over.
                    None => raced = true,
                }
            }
            changed.insert(key_of(site, id));
        }
        if raced {
            c.batch_execute("ROLLBACK").await.map_err(err)?;
            if attempt < 5 {
                continue;
            }
            return Err(StoreError::Unavailable(
                "responses kept being stored by other instances while this batch was written".into(),
            ));
        }
        let mut deliveries = Deliveries::default();
        for &(j, r) in rows {
            let site = &jobs[j].site;
            if changed.contains(&key_of(site, &r.response_id)) {
                delta.add_row(site, r, 1);
                deliveries.add(site, r, &jobs[j].subs);
            }
        }
        let d = &deliveries;
        // COMMIT after a failed statement ends the transaction without
        // storing anything (and without an error of its own).
        let (queued, rolled, committed) = tokio::join!(
            biased;
            async {
                if d.times.is_empty() {
                    return Ok(0);
                }
                c.execute(&enqueue, &[&d.cols[0], &d.cols[1], &d.cols[2], &d.cols[3], &d.cols[4], &d.cols[5], &d.times])
                    .await
            },
            journal_delta(c, &journal, &delta),
            c.batch_execute("COMMIT"),
        );
        queued.map_err(err)?;
        rolled?;
        committed.map_err(err)?;
        return Ok(changed);
    }
}

#[async_trait]
impl Store for PgStore {
    async fn upsert(
        &self,
        site: &str,
        rows: Vec<Row>,
        subs: &[Subscription],
    ) -> Result<UpsertOutcome, StoreError> {
        let (reply, answer) = oneshot::channel();
        let job = Pending { site: site.to_owned(), rows, subs: subs.to_vec(), reply };
        let gone = || StoreError::Unavailable("the PostgreSQL store is shutting down".into());
        self.queue.send(job).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }

    async fn export(&self, site: &str, filter: Filter) -> Result<RowStream, StoreError> {
        let mut client = self.pool.get().await.map_err(pool_err)?;
        let (select, params) = select_sql(site, &filter);
        let sql = format!("DECLARE export NO SCROLL CURSOR FOR {select}");
        // A cursor read in pages, each page handed on through a small channel:
        // memory stays at one page however big the table, and a slow client
        // only slows the reading down.
        let (tx, rx) = mpsc::channel::<Result<Row, StoreError>>(256);
        tokio::spawn(async move {
            let run = async {
                let t = client.transaction().await.map_err(err)?;
                let refs: Vec<&(dyn ToSql + Sync)> =
                    params.iter().map(|p| p.as_ref() as &(dyn ToSql + Sync)).collect();
                t.execute(&sql, &refs).await.map_err(err)?;
                loop {
                    let page = t.query("FETCH 500 FROM export", &[]).await.map_err(err)?;
                    if page.is_empty() {
                        break;
                    }
                    for r in &page {
                        if tx.send(Ok(read_row(r))).await.is_err() {
                            return Ok(()); // the client went away
                        }
                    }
                }
                t.commit().await.map_err(err)
            };
            if let Err(e) = run.await {
                let _ = tx.send(Err(e)).await;
            }
        });
        Ok(super::refine(Box::pin(tokio_stream::wrappers::ReceiverStream::new(rx)), &filter))
    }

    async fn unfolded_rollups(&self) -> Result<u64, StoreError> {
        let client = self.pool.get().await.map_err(pool_err)?;
        let row = client.query_one("SELECT count(*) FROM exitpoll.rollup_journal", &[]).await.map_err(err)?;
        Ok(row.get::<_, i64>(0) as u64)
    }

    async fn rollup_sums(&self, site: &str, q: &RollupQuery) -> Result<Vec<RollupSum>, StoreError> {
        let day = match q.days_offset {
            Some(off) => format!("(bucket + {off}) / {DAY} * {DAY}"),
            None => "NULL::bigint".to_owned(),
        };
        // The rollups and the journal not yet folded into them, read in one
        // statement (one snapshot): a fold moves entries from one to the
        // other atomically.
        let mut sql = format!(
            "SELECT survey_id, {day}, status, key, sum(n)::bigint, sum(a)::bigint, sum(b)::bigint
             FROM (SELECT site, width, bucket, survey_id, status, key, n, a, b FROM exitpoll.rollups
                   UNION ALL
                   SELECT e.site, e.width, e.bucket, e.survey_id, e.status, e.key COLLATE \"C\", e.n, e.a, e.b
                   FROM exitpoll.rollup_journal j,
                        unnest(j.site, j.width, j.bucket, j.survey_id, j.status, j.key, j.n, j.a, j.b)
                            AS e(site, width, bucket, survey_id, status, key, n, a, b)) r
             WHERE site = $1 AND width = $2 AND bucket >= $3 AND bucket < $4"
        );
        let mut params: Vec<Box<dyn ToSql + Sync + Send>> = vec![
            Box::new(site.to_owned()),
            Box::new(q.segment.width),
            Box::new(q.segment.from),
            Box::new(q.segment.to),
        ];
        if let Some(survey) = &q.survey {
            params.push(Box::new(survey.clone()));
            sql.push_str(&format!(" AND survey_id = ${}", params.len()));
        }
        if let Some(status) = &q.status {
            params.push(Box::new(status.clone()));
            sql.push_str(&format!(" AND status = ${}", params.len()));
        }
        if let Some(buckets) = &q.buckets {
            // An index lookup per bucket (`= ANY`), not a scan of the range.
            params.push(Box::new(buckets.clone()));
            sql.push_str(&format!(" AND bucket = ANY(${}::bigint[])", params.len()));
        }
        if q.days_offset.is_some() {
            sql.push_str(" AND (key = '' OR (key >= 'n:' AND key < 'n;'))");
        }
        // Journal entries that cancel out leave no row, as rollup rows at zero go.
        sql.push_str(" GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 OR sum(a) <> 0 OR sum(b) <> 0");
        let client = self.pool.get().await.map_err(pool_err)?;
        let stmt = client.prepare_cached(&sql).await.map_err(err)?;
        let refs: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|p| p.as_ref() as &(dyn ToSql + Sync)).collect();
        let rows = client.query(&stmt, &refs).await.map_err(err)?;
        Ok(rows
            .iter()
            .map(|r| RollupSum {
                survey_id: r.get(0),
                day: r.get(1),
                status: r.get(2),
                key: r.get(3),
                counts: Counts { n: r.get(4), a: r.get(5), b: r.get(6) },
            })
            .collect())
    }

    async fn erase_subject(&self, site: &str, subject: &Subject) -> Result<u64, StoreError> {
        // One statement: the rows go, a tombstone for each makes a late
        // retry a no-op, and their webhook deliveries go too (pending ones
        // are not sent; delivered and dead ones hold a copy of the response).
        let matches = match subject {
            Subject::Response(_) => "response_id = $2",
            Subject::Visitor(_) => "visitor_id = $2",
            Subject::Customer(_) => "context::jsonb ->> 'customer_id' = $2",
            Subject::Order(_) => "context::jsonb ->> 'order_id' = $2",
        };
        let sql = format!(
            "WITH gone AS (DELETE FROM exitpoll.responses WHERE site = $1 AND {matches}
                           RETURNING site, response_id, {FACT_COLUMNS}),
                  tombstones AS (INSERT INTO exitpoll.erased (site, response_id, erased_at)
                                 SELECT site, response_id, $3 FROM gone ON CONFLICT DO NOTHING),
                  deliveries AS (DELETE FROM exitpoll.webhook_deliveries w USING gone
                                 WHERE w.site = gone.site AND w.response_id = gone.response_id)
             SELECT response_id, {FACT_COLUMNS} FROM gone"
        );
        // Their facts leave the rollups in the same transaction.
        let mut client = self.pool.get().await.map_err(pool_err)?;
        let tx = client.transaction().await.map_err(err)?;
        let gone = tx.query(&sql, &[&site, &subject.value(), &crate::http::now_ms()]).await.map_err(err)?;
        let mut delta = Delta::default();
        for r in &gone {
            apply_fact_row(&mut delta, site, r, 1, -1);
        }
        let journal = tx.prepare_cached(JOURNAL).await.map_err(err)?;
        journal_delta(tx.client(), &journal, &delta).await?;
        tx.commit().await.map_err(err)?;
        Ok(gone.len() as u64)
    }

    async fn delete_received_before(
        &self,
        site: &str,
        cutoff: Millis,
        limit: usize,
    ) -> Result<u64, StoreError> {
        // SKIP LOCKED: instances sweeping at the same time take different
        // rows, and a row being upserted now is left for the next batch.
        let mut client = self.pool.get().await.map_err(pool_err)?;
        let tx = client.transaction().await.map_err(err)?;
        let gone = tx
            .query(
                &format!(
                    "DELETE FROM exitpoll.responses WHERE (site, response_id) IN
                        (SELECT site, response_id FROM exitpoll.responses WHERE site = $1 AND received_at < $2
                         LIMIT $3 FOR UPDATE SKIP LOCKED)
                     RETURNING response_id, {FACT_COLUMNS}"
                ),
                &[&site, &cutoff, &(limit as i64)],
            )
            .await
            .map_err(err)?;
        let mut delta = Delta::default();
        for r in &gone {
            apply_fact_row(&mut delta, site, r, 1, -1);
        }
        let journal = tx.prepare_cached(JOURNAL).await.map_err(err)?;
        journal_delta(tx.client(), &journal, &delta).await?;
        tx.commit().await.map_err(err)?;
        Ok(gone.len() as u64)
    }

    async fn delete_deliveries_created_before(
        &self,
        site: &str,
        cutoff: Millis,
        limit: usize,
    ) -> Result<u64, StoreError> {
        // SKIP LOCKED also leaves alone a delivery a worker is recording now.
        let client = self.pool.get().await.map_err(pool_err)?;
        client
            .execute(
                "DELETE FROM exitpoll.webhook_deliveries WHERE delivery_id IN
                    (SELECT delivery_id FROM exitpoll.webhook_deliveries WHERE site = $1 AND created_at < $2
                     LIMIT $3 FOR UPDATE SKIP LOCKED)",
                &[&site, &cutoff, &(limit as i64)],
            )
            .await
            .map_err(err)
    }

    async fn claim_deliveries(
        &self,
        now: Millis,
        lease_until: Millis,
        limit: usize,
        skip: &[(String, String)],
    ) -> Result<Vec<Delivery>, StoreError> {
        let client = self.pool.get().await.map_err(pool_err)?;
        let (skip_sites, skip_hooks): (Vec<&str>, Vec<&str>) =
            skip.iter().map(|(s, w)| (s.as_str(), w.as_str())).unzip();
        // SKIP LOCKED: several instances share the outbox without taking the same delivery.
        let rows = client
            .query(
                "UPDATE exitpoll.webhook_deliveries SET next_at = $2
                 WHERE delivery_id IN (SELECT delivery_id FROM exitpoll.webhook_deliveries
                                       WHERE status = 'pending' AND next_at <= $1
                                         AND (site, webhook) NOT IN (SELECT * FROM unnest($4::text[], $5::text[]))
                                       ORDER BY next_at LIMIT $3 FOR UPDATE SKIP LOCKED)
                 RETURNING delivery_id, site, webhook, event, response, attempts, created_at",
                &[&now, &lease_until, &(limit as i64), &skip_sites, &skip_hooks],
            )
            .await
            .map_err(err)?;
        Ok(rows
            .iter()
            .map(|r| Delivery {
                delivery_id: r.get(0),
                site: r.get(1),
                webhook: r.get(2),
                event: r.get(3),
                response: r.get(4),
                attempts: r.get::<_, i32>(5) as u32,
                created_at: r.get(6),
            })
            .collect())
    }

    async fn finish_delivery(
        &self,
        delivery_id: &str,
        now: Millis,
        outcome: DeliveryOutcome,
    ) -> Result<(), StoreError> {
        let client = self.pool.get().await.map_err(pool_err)?;
        let (sql, next, error): (&str, Millis, String) = match outcome {
            DeliveryOutcome::Delivered => (
                "UPDATE exitpoll.webhook_deliveries SET status = 'delivered', attempts = attempts + 1, finished_at = $2, last_error = $3
                 WHERE delivery_id = $1",
                now,
                String::new(),
            ),
            DeliveryOutcome::Retry { at, error } => (
                "UPDATE exitpoll.webhook_deliveries SET attempts = attempts + 1, next_at = $2, last_error = $3 WHERE delivery_id = $1",
                at,
                error,
            ),
            DeliveryOutcome::Dead { error } => (
                "UPDATE exitpoll.webhook_deliveries SET status = 'dead', attempts = attempts + 1, finished_at = $2, last_error = $3
                 WHERE delivery_id = $1",
                now,
                error,
            ),
        };
        client.execute(sql, &[&delivery_id, &next, &error]).await.map_err(err)?;
        Ok(())
    }

    async fn retry_dead(
        &self,
        site: &str,
        delivery_id: Option<&str>,
        now: Millis,
    ) -> Result<Vec<String>, StoreError> {
        let client = self.pool.get().await.map_err(pool_err)?;
        let rows = client
            .query(
                "UPDATE exitpoll.webhook_deliveries
                 SET status = 'pending', attempts = 0, next_at = $3, created_at = $3, finished_at = NULL, last_error = ''
                 WHERE site = $1 AND status = 'dead' AND ($2::text IS NULL OR delivery_id = $2)
                 RETURNING webhook",
                &[&site, &delivery_id, &now],
            )
            .await
            .map_err(err)?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    async fn webhook_status(&self, site: &str) -> Result<WebhookStatus, StoreError> {
        let client = self.pool.get().await.map_err(pool_err)?;
        let mut status = WebhookStatus::default();
        for r in client
            .query(
                "SELECT status, count(*) FROM exitpoll.webhook_deliveries WHERE site = $1 GROUP BY status",
                &[&site],
            )
            .await
            .map_err(err)?
        {
            let n: i64 = r.get(1);
            match r.get::<_, String>(0).as_str() {
                "pending" => status.pending = n as u64,
                "delivered" => status.delivered = n as u64,
                _ => status.dead = n as u64,
            }
        }
        status.dead_letters = client
            .query(
                "SELECT delivery_id, webhook, event, response_id, attempts, last_error, created_at FROM exitpoll.webhook_deliveries
                 WHERE site = $1 AND status = 'dead' ORDER BY created_at DESC LIMIT 100",
                &[&site],
            )
            .await
            .map_err(err)?
            .iter()
            .map(|r| DeadLetter {
                delivery_id: r.get(0),
                webhook: r.get(1),
                event: r.get(2),
                response_id: r.get(3),
                attempts: r.get::<_, i32>(4) as u32,
                last_error: r.get(5),
                created_at: exitpoll_protocol::time::format_timestamp(r.get(6)),
            })
            .collect();
        Ok(status)
    }

    async fn ping(&self) -> Result<(), StoreError> {
        let client = self.pool.get().await.map_err(pool_err)?;
        client.query_one("SELECT 1", &[]).await.map_err(err)?;
        Ok(())
    }

    async fn close(&self) {
        self.pool.close();
    }
}

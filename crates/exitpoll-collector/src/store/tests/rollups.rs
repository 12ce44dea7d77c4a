//! The rollups agree with a recount from scratch, on every backend: after
//! any sequence of new responses, higher and lower revisions, erasures and
//! retention sweeps; with several PostgreSQL instances writing at once; and
//! after the migration that fills them from responses stored before.

use super::{Backend, backends, postgres_url};
use crate::store::postgres::PgStore;
use crate::store::summary::{Aggregator, Summary, recount, summarise};
use crate::store::{Filter, Millis, Row, Store, Subject};
use exitpoll_protocol::SiteConfig;
use exitpoll_protocol::response::ResponseStatus;
use proptest::prelude::*;
use std::sync::Arc;

const CONFIG: &str = r#"{"site": "site", "surveys": [
  {"id": "a", "trigger": {"type": "exit_intent"}, "questions": [
    {"id": "reason", "type": "single_choice", "prompt": "Why?", "allow_other": true,
     "choices": [{"id": "price", "label": "Price"}, {"id": "shipping", "label": "Shipping"}]},
    {"id": "topics", "type": "multiple_choice", "prompt": "Topics?",
     "choices": [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}]},
    {"id": "nps", "type": "nps", "prompt": "How likely?"},
    {"id": "stars", "type": "rating", "scale": 5, "prompt": "Stars?"},
    {"id": "note", "type": "text", "prompt": "Anything else?"}]},
  {"id": "b", "trigger": {"type": "exit_intent"}, "questions": [
    {"id": "nps", "type": "nps", "prompt": "How likely?"},
    {"id": "note", "type": "text", "prompt": "Anything else?"}]}]}"#;

fn config() -> SiteConfig {
    SiteConfig::decode(CONFIG).into_strict().unwrap()
}

/// 2026-11-20T00:00:00Z.
const BASE: Millis = 1_795_132_800_000;
const MINUTE: Millis = 60_000;

/// Response `id` at `revision`, its content drawn from `variant`: the
/// survey, stage, device, time and visitor come from the id (a later
/// revision may move the time by `variant` minutes); answers, status and
/// money from the revision and variant.
fn response(id: u32, revision: u32, variant: u32) -> Row {
    let v = variant as usize;
    let survey = if id.is_multiple_of(3) { "b" } else { "a" };
    let status = ResponseStatus::NAMES[(revision as usize + v) % 4];
    let mut answers = Vec::new();
    if status != "shown" {
        if survey == "a" {
            answers.push(match v % 4 {
                0 => r#""reason": "price""#.to_owned(),
                1 => r#""reason": "shipping""#.to_owned(),
                2 => format!(r#""reason": {{"other": " t{} "}}"#, v % 3),
                _ => r#""reason": "gone""#.to_owned(),
            });
            if !v.is_multiple_of(3) {
                answers.push(format!(
                    r#""topics": {}"#,
                    ["[\"x\"]", "[\"x\", \"y\"]", "[\"y\", \"old\"]"][v % 3]
                ));
            }
            answers.push(format!(r#""stars": {}"#, 1 + v % 5));
        }
        answers.push(format!(r#""nps": {}"#, (id as usize + v) % 11));
        if v.is_multiple_of(2) {
            answers.push(format!(r#""note": "note {id} {revision}""#));
        }
    }
    let context = match v % 5 {
        0 => r#"{"order_value": 10.005, "currency": "EUR", "order_id": "o1"}"#.to_owned(),
        1 => r#"{"cart_value": 3.5, "order_value": 20, "currency": "USD"}"#.to_owned(),
        2 => r#"{"cart_value": 7.25}"#.to_owned(),
        3 => format!(r#"{{"order_value": {}.99, "currency": "EUR", "customer_id": "c{}"}}"#, id % 7, id % 3),
        _ => "{}".to_owned(),
    };
    let shown_at =
        BASE + Millis::from(id) * 97 * MINUTE + if revision > 2 { Millis::from(variant) * MINUTE } else { 0 };
    Row {
        response_id: format!("0193a1e2-7c5d-7b1e-9f00-{id:012x}"),
        revision,
        survey_id: survey.into(),
        status: status.into(),
        answers: format!("{{{}}}", answers.join(", ")),
        shown_at,
        updated_at: shown_at + Millis::from(revision) * 1000,
        visitor_id: format!("v{}", id % 5),
        session_id: "s".into(),
        trigger: "exit_intent".into(),
        stage: [Some("cart"), Some("checkout"), None][id as usize % 3].map(str::to_owned),
        device: [Some("mobile"), None][id as usize % 2].map(str::to_owned),
        locale: "en".into(),
        page_url: "https://shop.example/cart".into(),
        context,
        received_at: BASE + Millis::from(id) * 1000,
    }
}

/// The summaries compared: several filters, days in UTC and in two zones.
fn cases() -> Vec<(Filter, Option<&'static str>, i32)> {
    let odd = Filter {
        since: Some(BASE + 5 * 60 * MINUTE + 17 * MINUTE),
        until: Some(BASE + 2 * 1440 * MINUTE + 3 * 60 * MINUTE),
        ..Filter::default()
    };
    vec![
        (Filter::default(), None, 0),
        (Filter::default(), None, 330),
        (Filter::default(), None, -300),
        (Filter { survey: Some("a".into()), ..Filter::default() }, Some("a"), 0),
        (Filter { status: Some(ResponseStatus::Completed), ..Filter::default() }, None, 60),
        (odd.clone(), None, 0),
        (Filter { survey: Some("b".into()), ..odd }, Some("b"), 345),
    ]
}

/// Checks that every summary of [`cases`] from the rollups equals its recount.
async fn assert_agrees(store: &dyn Store, what: &str) -> Result<(), String> {
    let config = config();
    for (filter, only, offset) in cases() {
        let aggregator = || Aggregator::new("site", &config).only(only).utc_offset(offset);
        let rolled: Summary = summarise(store, "site", &filter, aggregator()).await.unwrap();
        let counted: Summary = recount(store, "site", &filter, aggregator()).await.unwrap();
        if rolled != counted {
            return Err(format!(
                "{what}: the rollups disagree with a recount for {filter:?}, utc_offset {offset}:\n rollups: {}\n recount: {}",
                serde_json::to_string(&rolled).unwrap(),
                serde_json::to_string(&counted).unwrap()
            ));
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Op {
    /// (id, revision, variant) snapshots in one request.
    Upsert(Vec<(u32, u32, u32)>),
    Erase(u32),
    EraseCustomer(u32),
    /// Deletes up to this many responses received before the id's.
    Retain(u32, usize),
}

fn arb_ops() -> impl Strategy<Value = Vec<Op>> {
    let upsert = prop::collection::vec((0u32..40, 1u32..6, 0u32..20), 1..12).prop_map(Op::Upsert);
    let op = prop_oneof![
        8 => upsert,
        1 => (0u32..40).prop_map(Op::Erase),
        1 => (0u32..3).prop_map(Op::EraseCustomer),
        1 => ((0u32..40), 1usize..10).prop_map(|(id, n)| Op::Retain(id, n)),
    ];
    prop::collection::vec(op, 1..25)
}

async fn run(store: &dyn Store, ops: &[Op]) {
    for op in ops {
        match op {
            Op::Upsert(snapshots) => {
                let rows = snapshots.iter().map(|&(id, rev, v)| response(id, rev, v)).collect();
                store.upsert("site", rows, &[]).await.unwrap();
            }
            Op::Erase(id) => {
                store.erase("site", &response(*id, 1, 0).response_id).await.unwrap();
            }
            Op::EraseCustomer(c) => {
                store.erase_subject("site", &Subject::Customer(format!("c{c}"))).await.unwrap();
            }
            Op::Retain(id, n) => {
                store.delete_received_before("site", BASE + Millis::from(*id) * 1000, *n).await.unwrap();
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn rollups_equal_a_recount_after_any_upserts_revisions_and_erasures(ops in arb_ops()) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            for b in backends().await {
                run(&*b.store, &ops).await;
                if let Err(e) = assert_agrees(&*b.store, b.name).await {
                    return Err(TestCaseError::fail(e));
                }
            }
            Ok(())
        })?;
    }
}

/// Every kind of change at least once, on every backend, without proptest's
/// luck: new responses, revisions that move time buckets and status, lower
/// revisions, erasure by response and by customer, and retention.
#[tokio::test]
async fn rollups_follow_every_kind_of_change() {
    for b in backends().await {
        let s = &*b.store;
        let ops = [
            Op::Upsert((0..40).map(|id| (id, 1, id % 20)).collect()),
            Op::Upsert((0..40).map(|id| (id, 3, (id * 7) % 20)).collect()),
            Op::Upsert((0..40).map(|id| (id, 2, 5)).collect()),
            Op::Upsert(vec![(5, 4, 1), (5, 5, 2), (6, 5, 3), (6, 4, 9)]),
            Op::Erase(7),
            Op::EraseCustomer(1),
            Op::Retain(10, 3),
        ];
        run(s, &ops[..3]).await;
        assert_agrees(s, b.name).await.unwrap();
        let before =
            summarise(s, "site", &Filter::default(), Aggregator::new("site", &config())).await.unwrap();
        run(s, &ops[3..]).await;
        assert_agrees(s, b.name).await.unwrap();
        let after =
            summarise(s, "site", &Filter::default(), Aggregator::new("site", &config())).await.unwrap();
        assert!(after.responses < before.responses, "{}: erasure and retention took responses away", b.name);
        // Erasing everything leaves no rollup behind.
        for id in 0..40 {
            s.erase("site", &response(id, 1, 0).response_id).await.unwrap();
        }
        let empty =
            summarise(s, "site", &Filter::default(), Aggregator::new("site", &config())).await.unwrap();
        assert_eq!(empty.responses, 0, "{}", b.name);
        let all =
            crate::store::rollup::Segment { width: crate::store::rollup::DAY, from: 0, to: Millis::MAX };
        let q = crate::store::rollup::RollupQuery {
            survey: None,
            status: None,
            segment: all,
            days_offset: None,
            buckets: None,
        };
        assert_eq!(s.rollup_sums("site", &q).await.unwrap(), [], "{}: rows at zero are deleted", b.name);
    }
}

/// Collector instances sharing one PostgreSQL database, writing revisions of
/// the same responses at the same time, leave rollups equal to a recount.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_postgres_instances_keep_the_rollups_consistent() {
    let Some(db) = super::PgDatabase::create().await else { return };
    let mut instances: Vec<Arc<dyn Store>> = Vec::new();
    for _ in 0..3 {
        instances.push(Arc::new(PgStore::open(&db.url, 4, None).await.unwrap()));
    }
    let mut tasks = Vec::new();
    for (w, store) in instances.iter().enumerate() {
        for t in 0..3u32 {
            let store = store.clone();
            let w = w as u32;
            tasks.push(tokio::spawn(async move {
                for round in 0..12u32 {
                    // Overlapping ids and revisions in every writer, some new.
                    let rows = (0..25u32)
                        .map(|i| {
                            let id = (i * 7 + round * 3 + w + t) % 60;
                            response(id, 1 + (round + w + t + i) % 5, (w * 5 + t + round + i) % 20)
                        })
                        .collect();
                    store.upsert("site", rows, &[]).await.unwrap();
                    if round % 5 == 4 {
                        store
                            .erase("site", &response((round + w * 13 + t) % 60, 1, 0).response_id)
                            .await
                            .unwrap();
                    }
                }
            }));
        }
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_agrees(&*instances[0], "postgres, 3 instances").await.unwrap();
    // The folders move the journal into the rollups (while they run, the
    // summary reads both); after that the rollups alone agree.
    let c = db.client().await;
    let journal = || async {
        c.query_one("SELECT count(*) FROM exitpoll.rollup_journal", &[]).await.unwrap().get::<_, i64>(0)
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while journal().await > 0 {
        assert!(std::time::Instant::now() < deadline, "the journal was not folded within 10 s");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let rollup_rows: i64 = c.query_one("SELECT count(*) FROM exitpoll.rollups", &[]).await.unwrap().get(0);
    assert!(rollup_rows > 0);
    assert_agrees(&*instances[0], "postgres, 3 instances, journal folded").await.unwrap();
    // The folders vacuum what folding leaves dead themselves, autovacuum or
    // not (it is off on the test machine).
    let vacuumed = || async {
        c.query_one(
            "SELECT count(*) FROM pg_stat_user_tables
             WHERE schemaname = 'exitpoll' AND vacuum_count > 0
               AND (relname = 'rollup_journal' OR (relname = 'rollups' AND analyze_count > 0))",
            &[],
        )
        .await
        .unwrap()
        .get::<_, i64>(0)
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while vacuumed().await < 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "the journal was not vacuumed, or the rollups not vacuumed and analyzed, within 10 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A database written before rollups existed gets them filled, once, when
/// a collector with rollups opens it.
#[tokio::test]
async fn the_migration_fills_rollups_from_responses_stored_before() {
    let rows: Vec<Row> = (0..60).map(|id| response(id, 2 + id % 3, id % 20)).collect();
    // SQLite: the same file, rolled back to the version before rollups.
    let b: Backend = super::sqlite();
    b.store.upsert("site", rows.clone(), &[]).await.unwrap();
    let dir = b._dir.as_ref().unwrap().path().join("t.db");
    b.store.close().await;
    drop(b.store);
    {
        let conn = rusqlite::Connection::open(&dir).unwrap();
        conn.execute_batch("DROP TABLE rollups; UPDATE schema_version SET version = 4;").unwrap();
    }
    let reopened =
        crate::store::sqlite::SqliteStore::open(&dir, crate::store::sqlite::SqliteOptions::default(), None)
            .unwrap();
    assert_agrees(&reopened, "sqlite, filled by the migration").await.unwrap();
    let full =
        summarise(&reopened, "site", &Filter::default(), Aggregator::new("site", &config())).await.unwrap();
    assert_eq!(full.responses, 60);

    if postgres_url().is_none() {
        return;
    }
    let db = super::PgDatabase::create().await.unwrap();
    let store = PgStore::open(&db.url, 2, None).await.unwrap();
    store.upsert("site", rows, &[]).await.unwrap();
    drop(store);
    db.client()
        .await
        .batch_execute(
            "DROP TABLE exitpoll.rollups, exitpoll.rollup_journal; UPDATE exitpoll.exitpoll_schema SET version = 3;",
        )
        .await
        .unwrap();
    let store = PgStore::open(&db.url, 2, None).await.unwrap();
    assert_agrees(&store, "postgres, filled by the migration").await.unwrap();
}

/// The journal rows that wait for a fold are counted (`/metrics` shows
/// them): one that a fold cannot take yet counts until it is folded.
#[tokio::test]
async fn unfolded_journal_rows_are_counted() {
    let Some(db) = super::PgDatabase::create().await else { return };
    let store = PgStore::open(&db.url, 2, None).await.unwrap();
    store.upsert("site", (0..10).map(|id| response(id, 1, id)).collect(), &[]).await.unwrap();
    let mut c = db.client().await;
    // A journal row (of zero counts) locked by this test: the folder skips
    // rows it cannot lock. It may fold one before the lock, so try again.
    let tx = loop {
        let id: i64 = c
            .query_one(
                "INSERT INTO exitpoll.rollup_journal (site, width, bucket, survey_id, status, key, n, a, b)
                 VALUES ('{site}', '{86400000}', '{0}', '{a}', '{completed}', '{\"\"}', '{0}', '{0}', '{0}')
                 RETURNING id",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        let tx = c.transaction().await.unwrap();
        let locked =
            tx.query("SELECT 1 FROM exitpoll.rollup_journal WHERE id = $1 FOR UPDATE", &[&id]).await.unwrap();
        if !locked.is_empty() {
            break tx;
        }
        tx.rollback().await.unwrap();
    };
    // The upsert's own row gets folded; the locked one waits, and counts.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let n = store.unfolded_rollups().await.unwrap();
        if n == 1 {
            break;
        }
        assert!(
            n > 0 && std::time::Instant::now() < deadline,
            "{n} journal rows counted, expected the locked one"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    tx.commit().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while store.unfolded_rollups().await.unwrap() > 0 {
        assert!(std::time::Instant::now() < deadline, "the journal was not folded within 10 s");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_agrees(&store, "postgres, after a fold of zero counts").await.unwrap();
}

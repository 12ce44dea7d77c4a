//! The storage conformance suite: every backend keeps the same promises.
//!
//! Each check runs against a fresh SQLite file, and against PostgreSQL when
//! `EXITPOLL_TEST_POSTGRES` names a database (`tests/run` sets it when the
//! local server answers); each PostgreSQL run gets a database of its own,
//! since the store keeps its tables in the fixed schema `exitpoll`.

use super::postgres::PgStore;
use super::sqlite::{SqliteOptions, SqliteStore};
use super::*;
use futures::StreamExt;
use proptest::prelude::*;
use std::sync::Arc;

mod postgres_schema;
mod rollups;
// The PostgreSQL test databases, shared with the binary's tests (tests/erase.rs).
mod test_pg;
pub(crate) use test_pg::{PgDatabase, connect, postgres_url, url_with_database};

/// A store under test, and whatever keeps its database alive.
pub(crate) struct Backend {
    pub store: Arc<dyn Store>,
    pub name: &'static str,
    _dir: Option<tempfile::TempDir>,
    // Declared after the store, so dropped after it.
    _pg_database: Option<PgDatabase>,
}

pub(crate) fn sqlite() -> Backend {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("t.db"), SqliteOptions::default(), None).unwrap();
    Backend { store: Arc::new(store), name: "sqlite", _dir: Some(dir), _pg_database: None }
}

pub(crate) async fn postgres() -> Option<Backend> {
    let db = PgDatabase::create().await?;
    let store = PgStore::open(&db.url, 4, None).await.unwrap();
    Some(Backend { store: Arc::new(store), name: "postgres", _dir: None, _pg_database: Some(db) })
}

async fn backends() -> Vec<Backend> {
    let mut all = vec![sqlite()];
    all.extend(postgres().await);
    all
}

pub(crate) fn row(id: u32, revision: u32, status: &str, shown_at: Millis) -> Row {
    Row {
        response_id: format!("0193a1e2-7c5d-7b1e-9f00-{id:012x}"),
        revision,
        survey_id: if id.is_multiple_of(2) { "even".into() } else { "odd".into() },
        status: status.into(),
        answers: format!(r#"{{"q":{revision}}}"#),
        shown_at,
        updated_at: shown_at + i64::from(revision),
        visitor_id: "v".into(),
        session_id: "s".into(),
        trigger: "exit_intent".into(),
        stage: Some("cart".into()),
        device: None,
        locale: "en".into(),
        page_url: "https://shop.example/cart".into(),
        context: "{}".into(),
        received_at: 1,
    }
}

async fn all(store: &dyn Store, site: &str, filter: Filter) -> Vec<Row> {
    let mut s = store.export(site, filter).await.unwrap();
    let mut out = Vec::new();
    while let Some(r) = s.next().await {
        out.push(r.unwrap());
    }
    out
}

#[tokio::test]
async fn higher_revisions_win_and_duplicates_change_nothing() {
    for b in backends().await {
        let s = &*b.store;
        let o = s.upsert("site", vec![row(1, 1, "shown", 10), row(2, 1, "shown", 20)], &[]).await.unwrap();
        assert_eq!(o, UpsertOutcome { stored: 2, duplicates: 0 }, "{}", b.name);
        let o = s
            .upsert(
                "site",
                vec![row(1, 3, "completed", 10), row(1, 2, "partial", 10), row(2, 1, "shown", 20)],
                &[],
            )
            .await
            .unwrap();
        assert_eq!(o, UpsertOutcome { stored: 1, duplicates: 2 }, "{}", b.name);
        let o = s.upsert("site", vec![row(1, 2, "partial", 10)], &[]).await.unwrap();
        assert_eq!(o, UpsertOutcome { stored: 0, duplicates: 1 }, "{}: an older revision later", b.name);
        let rows = all(s, "site", Filter::default()).await;
        assert_eq!(rows.len(), 2, "{}", b.name);
        assert_eq!(
            (rows[0].revision, rows[0].status.as_str(), rows[0].answers.as_str()),
            (3, "completed", r#"{"q":3}"#),
            "{}",
            b.name
        );
        // Sites are separate.
        assert!(all(s, "other", Filter::default()).await.is_empty(), "{}", b.name);
    }
}

#[tokio::test]
async fn exports_filter_and_come_oldest_first() {
    for b in backends().await {
        let s = &*b.store;
        let rows: Vec<Row> = (0..10)
            .map(|i| row(i, 1, if i < 4 { "completed" } else { "dismissed" }, 1000 - i64::from(i)))
            .collect();
        s.upsert("site", rows, &[]).await.unwrap();
        let got = all(s, "site", Filter::default()).await;
        let times: Vec<Millis> = got.iter().map(|r| r.shown_at).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "{}: {times:?}", b.name);
        let f = Filter { survey: Some("even".into()), ..Filter::default() };
        assert_eq!(all(s, "site", f).await.len(), 5, "{}", b.name);
        let f = Filter { status: Some(ResponseStatus::Completed), ..Filter::default() };
        assert_eq!(all(s, "site", f).await.len(), 4, "{}", b.name);
        let f = Filter { since: Some(995), until: Some(999), ..Filter::default() };
        let got: Vec<Millis> = all(s, "site", f).await.iter().map(|r| r.shown_at).collect();
        assert_eq!(got, vec![995, 996, 997, 998], "{}", b.name);
    }
}

#[tokio::test]
async fn erased_responses_stay_erased() {
    for b in backends().await {
        let s = &*b.store;
        s.upsert("site", vec![row(7, 1, "shown", 1)], &[]).await.unwrap();
        assert!(s.erase("site", &row(7, 1, "", 0).response_id).await.unwrap(), "{}", b.name);
        assert!(!s.erase("site", &row(7, 1, "", 0).response_id).await.unwrap(), "{}: twice", b.name);
        assert!(!s.erase("site", &row(8, 1, "", 0).response_id).await.unwrap(), "{}: unknown", b.name);
        // A late retry of the erased response is a duplicate, not a resurrection.
        let o = s.upsert("site", vec![row(7, 2, "completed", 1)], &[]).await.unwrap();
        assert_eq!(o, UpsertOutcome { stored: 0, duplicates: 1 }, "{}", b.name);
        assert!(all(s, "site", Filter::default()).await.is_empty(), "{}", b.name);
        s.ping().await.unwrap();
    }
}

/// `row(id, ...)` of a customer, with an order and a visitor of its own.
fn customer_row(id: u32, customer: &str, order: &str, visitor: &str) -> Row {
    Row {
        visitor_id: visitor.into(),
        context: format!(r#"{{"customer_id":"{customer}","order_id":"{order}","cart_value":12.5}}"#),
        ..row(id, 1, "completed", i64::from(id))
    }
}

#[tokio::test]
async fn erasure_by_customer_order_or_visitor_takes_exactly_theirs_and_stays() {
    for b in backends().await {
        let s = &*b.store;
        let subs = [Subscription { webhook: "hook".into(), completed: true, partial: false }];
        let rows = vec![
            customer_row(1, "c-1", "o-1", "v-1"),
            customer_row(2, "c-1", "o-2", "v-2"),
            customer_row(3, "c-2", "o-3", "v-2"),
            // Another site's response of the same customer is not this site's to erase.
            customer_row(4, "c-12", "o-4", "v-4"),
        ];
        s.upsert("site", rows, &subs).await.unwrap();
        s.upsert("other", vec![customer_row(1, "c-1", "o-1", "v-1")], &subs).await.unwrap();
        // One of the customer's deliveries was sent already: its copy goes too.
        let sent = s.claim_deliveries(i64::MAX, i64::MAX, 10, &[]).await.unwrap();
        let first =
            sent.iter().find(|d| d.site == "site" && d.response.contains(&row(1, 1, "", 0).response_id));
        s.finish_delivery(&first.unwrap().delivery_id, 5, DeliveryOutcome::Delivered).await.unwrap();
        for d in sent.iter().filter(|d| d.delivery_id != first.unwrap().delivery_id) {
            let retry = DeliveryOutcome::Retry { at: 0, error: String::new() };
            s.finish_delivery(&d.delivery_id, 5, retry).await.unwrap();
        }
        let ids = |rows: Vec<Row>| rows.into_iter().map(|r| r.response_id).collect::<Vec<_>>();

        let n = s.erase_subject("site", &Subject::Customer("c-1".into())).await.unwrap();
        assert_eq!(n, 2, "{}", b.name);
        let left = ids(all(s, "site", Filter::default()).await);
        assert_eq!(left, ids(vec![row(3, 1, "", 0), row(4, 1, "", 0)]), "{}", b.name);
        assert_eq!(all(s, "other", Filter::default()).await.len(), 1, "{}: other sites keep theirs", b.name);
        // Their pending deliveries went with them; the others' stay queued.
        let status = s.webhook_status("site").await.unwrap();
        assert_eq!((status.pending, status.delivered), (2, 0), "{}", b.name);
        assert_eq!(s.webhook_status("other").await.unwrap().pending, 1, "{}", b.name);

        // A late retry of an erased response is a duplicate, and stays erased.
        let retry = Row { revision: 2, ..customer_row(2, "c-1", "o-2", "v-2") };
        let o = s.upsert("site", vec![retry], &subs).await.unwrap();
        assert_eq!(o, UpsertOutcome { stored: 0, duplicates: 1 }, "{}", b.name);
        assert_eq!(all(s, "site", Filter::default()).await.len(), 2, "{}", b.name);
        assert!(!s.erase("site", &row(2, 1, "", 0).response_id).await.unwrap(), "{}", b.name);

        assert_eq!(s.erase_subject("site", &Subject::Customer("c-1".into())).await.unwrap(), 0, "{}", b.name);
        assert_eq!(s.erase_subject("site", &Subject::Order("o-4".into())).await.unwrap(), 1, "{}", b.name);
        assert_eq!(s.erase_subject("site", &Subject::Visitor("v-2".into())).await.unwrap(), 1, "{}", b.name);
        assert!(all(s, "site", Filter::default()).await.is_empty(), "{}", b.name);
        let o = s.upsert("site", vec![customer_row(3, "c-2", "o-3", "v-2")], &[]).await.unwrap();
        assert_eq!(o.stored, 0, "{}: erased by visitor stays erased", b.name);
    }
}

#[tokio::test]
async fn retention_deletes_only_rows_received_before_the_cutoff_in_bounded_batches() {
    for b in backends().await {
        let s = &*b.store;
        let received = |id: u32, at: Millis| Row { received_at: at, ..row(id, 1, "completed", 1) };
        let mut rows: Vec<Row> = (0..5).map(|i| received(i, 100 + i64::from(i))).collect();
        rows.extend([received(10, 1_000), received(11, 2_000)]);
        // Deliveries hold copies of the responses; the old ones go too.
        let subs = [Subscription { webhook: "hook".into(), completed: true, partial: false }];
        s.upsert("site", rows, &subs).await.unwrap();
        s.upsert("other", vec![received(0, 100)], &[]).await.unwrap();

        assert_eq!(s.delete_received_before("site", 1_000, 2).await.unwrap(), 2, "{}: one batch", b.name);
        let mut batches = vec![2];
        let n =
            crate::retention::sweep_site(s, "site", 1_000, 2, std::time::Duration::ZERO, |n| batches.push(n))
                .await
                .unwrap();
        assert_eq!((n, batches), (3, vec![2, 2, 1]), "{}", b.name);
        let left: Vec<Millis> =
            all(s, "site", Filter::default()).await.iter().map(|r| r.received_at).collect();
        assert_eq!(left, vec![1_000, 2_000], "{}: the cutoff itself is kept", b.name);
        assert_eq!(all(s, "other", Filter::default()).await.len(), 1, "{}: other sites keep theirs", b.name);
        assert_eq!(s.delete_received_before("site", 1_000, 2).await.unwrap(), 0, "{}", b.name);
        assert_eq!(
            s.webhook_status("site").await.unwrap().pending,
            2,
            "{}: the newer deliveries stay",
            b.name
        );
    }
}

#[tokio::test]
async fn big_exports_stream() {
    for b in backends().await {
        let s = &*b.store;
        for chunk in 0..10u32 {
            let rows = (0..500).map(|i| row(chunk * 500 + i, 1, "shown", i64::from(i))).collect();
            s.upsert("site", rows, &[]).await.unwrap();
        }
        let mut stream = s.export("site", Filter::default()).await.unwrap();
        let mut n = 0;
        while let Some(r) = stream.next().await {
            r.unwrap();
            n += 1;
        }
        assert_eq!(n, 5000, "{}", b.name);
    }
}

#[tokio::test]
async fn concurrent_writers_converge() {
    for b in backends().await {
        let mut tasks = Vec::new();
        for w in 0..8u32 {
            let store = b.store.clone();
            tasks.push(tokio::spawn(async move {
                for rev in 1..=5u32 {
                    // Every writer sends every response, revisions interleaved.
                    let rows = (0..20).map(|i| row(i, (rev + w) % 5 + 1, "partial", 1)).collect();
                    store.upsert("site", rows, &[]).await.unwrap();
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let rows = all(&*b.store, "site", Filter::default()).await;
        assert_eq!(rows.len(), 20, "{}", b.name);
        assert!(rows.iter().all(|r| r.revision == 5), "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_sharing_a_commit_each_get_their_own_outcome() {
    for b in backends().await {
        // 200 one-row requests at once, on two sites with the same ids: the
        // backend may group them into shared commits, but each request's
        // answer counts only its own rows.
        let mut tasks = Vec::new();
        for n in 0..200u32 {
            let store = b.store.clone();
            tasks.push(tokio::spawn(async move {
                let site = if n % 2 == 0 { "a" } else { "b" };
                // Each id is sent twice per site: revision 1 and revision 2.
                let id = n / 4;
                let rev = (n / 2) % 2 + 1;
                let o = store.upsert(site, vec![row(id, rev, "partial", 1)], &[]).await.unwrap();
                (site, id, rev, o)
            }));
        }
        let mut stored = 0;
        for t in tasks {
            let (_, _, _, o) = t.await.unwrap();
            assert_eq!(o.stored + o.duplicates, 1, "{}", b.name);
            stored += o.stored;
        }
        // 50 ids per site; the revision-2 copy always lands, the revision-1
        // copy only when it came first.
        assert!((100..=200).contains(&stored), "{}: {stored}", b.name);
        for site in ["a", "b"] {
            let rows = all(&*b.store, site, Filter::default()).await;
            assert_eq!(rows.len(), 50, "{} {site}", b.name);
            assert!(rows.iter().all(|r| r.revision == 2), "{} {site}", b.name);
        }
    }
}

#[tokio::test]
async fn webhook_deliveries_are_queued_with_the_write_and_leased_once() {
    for b in backends().await {
        let s = &*b.store;
        let subs = [
            Subscription { webhook: "crm".into(), completed: true, partial: false },
            Subscription { webhook: "log".into(), completed: true, partial: true },
        ];
        s.upsert("site", vec![row(1, 1, "shown", 1), row(2, 2, "partial", 1)], &subs).await.unwrap();
        s.upsert("site", vec![row(2, 3, "completed", 1)], &subs).await.unwrap();
        // Retries and duplicates queue nothing new.
        s.upsert("site", vec![row(2, 3, "completed", 1), row(2, 2, "partial", 1)], &subs).await.unwrap();
        // A webhook whose slots are taken is skipped; the pair must match.
        let skip_log = [("site".to_owned(), "log".to_owned())];
        let first = s.claim_deliveries(10, 10_000, 10, &skip_log).await.unwrap();
        assert_eq!(first.iter().map(|d| d.webhook.as_str()).collect::<Vec<_>>(), ["crm"], "{}", b.name);
        let skip_other = [("other".to_owned(), "log".to_owned()), ("site".to_owned(), "crm".to_owned())];
        let rest = s.claim_deliveries(10, 10_000, 10, &skip_other).await.unwrap();
        assert_eq!(rest.len(), 2, "{}: the other site's log is not this one", b.name);
        let claimed: Vec<Delivery> = first.into_iter().chain(rest).collect();
        let mut got: Vec<(String, String)> =
            claimed.iter().map(|d| (d.webhook.clone(), d.event.clone())).collect();
        got.sort();
        assert_eq!(
            got,
            vec![
                ("crm".to_owned(), EVENT_COMPLETED.to_owned()),
                ("log".to_owned(), EVENT_COMPLETED.to_owned()),
                ("log".to_owned(), EVENT_PARTIAL.to_owned()),
            ],
            "{}",
            b.name
        );
        assert!(
            claimed
                .iter()
                .all(|d| d.response.contains("\"response_id\":\"0193a1e2-7c5d-7b1e-9f00-000000000002\""))
        );
        assert!(s.claim_deliveries(20, 20_000, 10, &[]).await.unwrap().is_empty(), "{}: leased", b.name);
        let [a, c, d] = [&claimed[0], &claimed[1], &claimed[2]];
        s.finish_delivery(&a.delivery_id, 30, DeliveryOutcome::Delivered).await.unwrap();
        s.finish_delivery(&c.delivery_id, 30, DeliveryOutcome::Retry { at: 50, error: "HTTP 503".into() })
            .await
            .unwrap();
        s.finish_delivery(&d.delivery_id, 30, DeliveryOutcome::Dead { error: "gone".into() }).await.unwrap();
        let again = s.claim_deliveries(60, 1000, 10, &[]).await.unwrap();
        assert_eq!(again.len(), 1, "{}: only the retry comes back", b.name);
        assert_eq!((again[0].delivery_id.as_str(), again[0].attempts), (c.delivery_id.as_str(), 1));
        let status = s.webhook_status("site").await.unwrap();
        assert_eq!((status.pending, status.delivered, status.dead), (1, 1, 1), "{}", b.name);
        assert_eq!(status.dead_letters[0].last_error, "gone");
        assert_eq!(status.dead_letters[0].delivery_id, d.delivery_id);
        // A retry queues the dead letter again, due at once, as new; only this site's.
        assert_eq!(s.retry_dead("other", None, 70).await.unwrap(), Vec::<String>::new(), "{}", b.name);
        assert_eq!(s.retry_dead("site", Some("no-such-id"), 70).await.unwrap(), Vec::<String>::new());
        assert_eq!(
            s.retry_dead("site", Some(&d.delivery_id), 70).await.unwrap(),
            [d.webhook.as_str()],
            "{}",
            b.name
        );
        assert!(s.retry_dead("site", None, 70).await.unwrap().is_empty(), "{}: nothing dead is left", b.name);
        let status = s.webhook_status("site").await.unwrap();
        assert_eq!((status.pending, status.dead), (2, 0), "{}", b.name);
        let back = s.claim_deliveries(70, 2000, 10, &[]).await.unwrap();
        let back = back.iter().find(|x| x.delivery_id == d.delivery_id).expect("the retried delivery is due");
        assert_eq!((back.attempts, back.created_at), (0, 70), "{}: a fresh start", b.name);
    }
}

#[test]
fn delivery_ids_are_stable_and_distinct() {
    let a = delivery_id("s", "crm", EVENT_COMPLETED, "r1", 3);
    assert_eq!(a, delivery_id("s", "crm", EVENT_COMPLETED, "r1", 9), "a response completes once");
    assert_ne!(a, delivery_id("s", "log", EVENT_COMPLETED, "r1", 3));
    assert_ne!(
        delivery_id("s", "crm", EVENT_PARTIAL, "r1", 1),
        delivery_id("s", "crm", EVENT_PARTIAL, "r1", 2)
    );
    assert_eq!(a.len(), 36);
}

#[tokio::test]
async fn sqlite_commits_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    let store = SqliteStore::open(&path, SqliteOptions::default(), None).unwrap();
    store.upsert("site", vec![row(1, 1, "shown", 1)], &[]).await.unwrap();
    store.close().await;
    drop(store);
    let store = SqliteStore::open(&path, SqliteOptions::default(), None).unwrap();
    assert_eq!(all(&store, "site", Filter::default()).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_sqlite_requests_share_commits() {
    // Requests that queue while a commit (and its fsync) runs go into the next
    // one together: far fewer commits than requests, every row stored.
    let dir = tempfile::tempdir().unwrap();
    let reports = Arc::new(std::sync::Mutex::new(Vec::new()));
    let observer: Observer = {
        let reports = reports.clone();
        Arc::new(move |r: CommitReport| reports.lock().unwrap().push(r))
    };
    let store = Arc::new(
        SqliteStore::open(&dir.path().join("g.db"), SqliteOptions::default(), Some(observer)).unwrap(),
    );
    let tasks: Vec<_> = (0..400u32)
        .map(|id| {
            let store = store.clone();
            tokio::spawn(
                async move { store.upsert("site", vec![row(id, 1, "shown", 1)], &[]).await.unwrap() },
            )
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap().stored, 1);
    }
    let reports = std::mem::take(&mut *reports.lock().unwrap());
    assert_eq!(reports.iter().map(|r| r.requests).sum::<usize>(), 400);
    assert!(reports.len() < 100, "400 concurrent requests took {} commits", reports.len());
    assert_eq!(all(&*store, "site", Filter::default()).await.len(), 400);
}

#[tokio::test]
async fn a_full_sqlite_database_is_unavailable_then_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let options = SqliteOptions { max_size_mb: Some(1), ..SqliteOptions::default() };
    let store = SqliteStore::open(&dir.path().join("full.db"), options, None).unwrap();
    let big = |id: u32| Row { page_url: "x".repeat(30_000), ..row(id, 1, "shown", 1) };
    let mut stored = Vec::new();
    let mut full = None;
    for id in 0..200 {
        match store.upsert("site", vec![big(id)], &[]).await {
            Ok(_) => stored.push(id),
            Err(e) => {
                full = Some(e);
                break;
            }
        }
    }
    let e = full.expect("1 MB fills up");
    assert!(matches!(e, StoreError::Unavailable(_)), "{e:?}");
    // Nothing acknowledged was lost, and erasing frees room for new writes.
    assert_eq!(all(&store, "site", Filter::default()).await.len(), stored.len());
    for id in &stored[..5] {
        store.erase("site", &big(*id).response_id).await.unwrap();
    }
    store.upsert("site", vec![big(999)], &[]).await.expect("recovered");
}

/// A snapshot stream: several responses, revisions sent in any order, each
/// possibly more than once, in batches of any size.
fn arb_deliveries() -> impl Strategy<Value = Vec<Vec<(u32, u32)>>> {
    prop::collection::vec((0u32..6, 1u32..6), 1..60)
        .prop_flat_map(|sends| {
            let n = sends.len();
            (Just(sends), prop::collection::vec(1usize..8, n))
        })
        .prop_map(|(sends, sizes)| {
            let mut batches = Vec::new();
            let mut rest = &sends[..];
            let mut i = 0;
            while !rest.is_empty() {
                let k = sizes[i % sizes.len()].min(rest.len());
                batches.push(rest[..k].to_vec());
                rest = &rest[k..];
                i += 1;
            }
            batches
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_interleaving_leaves_exactly_the_highest_revisions(batches in arb_deliveries()) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            for b in backends().await {
                let mut highest = BTreeMap::new();
                let mut total = UpsertOutcome::default();
                for batch in &batches {
                    let rows = batch.iter().map(|(id, rev)| row(*id, *rev, "partial", 1)).collect();
                    let o = b.store.upsert("site", rows, &[]).await.unwrap();
                    total.stored += o.stored;
                    total.duplicates += o.duplicates;
                    for (id, rev) in batch {
                        let h = highest.entry(*id).or_insert(0);
                        *h = (*h).max(*rev);
                    }
                }
                let rows = all(&*b.store, "site", Filter::default()).await;
                let got: BTreeMap<u32, u32> = rows
                    .iter()
                    .map(|r| (u32::from_str_radix(&r.response_id[24..], 16).unwrap(), r.revision))
                    .collect();
                prop_assert_eq!(&got, &highest, "{}", b.name);
                prop_assert_eq!(total.stored + total.duplicates, batches.iter().map(Vec::len).sum::<usize>());
            }
            Ok(())
        })?;
    }
}

#[tokio::test]
async fn a_slow_reader_still_gets_every_row() {
    for b in backends().await {
        let rows: Vec<Row> = (0..300).map(|i| row(i, 1, "shown", i64::from(i))).collect();
        b.store.upsert("site", rows, &[]).await.unwrap();
        let mut stream = b.store.export("site", Filter::default()).await.unwrap();
        let mut n = 0;
        while let Some(r) = stream.next().await {
            r.unwrap_or_else(|e| panic!("{}: row {n}: {e}", b.name));
            n += 1;
            if n % 50 == 0 {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
        assert_eq!(n, 300, "{}", b.name);
    }
}

/// A row the database refuses (PostgreSQL takes no NUL in `TEXT`; the HTTP
/// layer refuses such input before, so this reaches the store only if a check
/// is missing) fails its own request and no other, whatever commit group the
/// backend put them in. SQLite stores the same row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_row_the_database_refuses_fails_only_its_own_request() {
    for b in backends().await {
        let mut tasks = Vec::new();
        for n in 0..300u32 {
            let store = b.store.clone();
            let poison = n % 10 == 3;
            tasks.push(tokio::spawn(async move {
                let mut r = row(n, 1, "partial", 1);
                if poison {
                    r.visitor_id = "v\0".into();
                }
                (poison, store.upsert("site", vec![r], &[]).await)
            }));
        }
        let (mut valid, mut poison_stored) = (0, 0);
        for t in tasks {
            match t.await.unwrap() {
                (false, result) => {
                    assert_eq!(
                        result.map(|o| o.stored).map_err(|e| e.to_string()),
                        Ok(1),
                        "{}: a valid request",
                        b.name
                    );
                    valid += 1;
                }
                (true, Ok(_)) => poison_stored += 1,
                (true, Err(e)) => assert!(matches!(e, StoreError::Internal(_)), "{}: {e:?}", b.name),
            }
        }
        let expect_poison = if b.name == "sqlite" { 30 } else { 0 };
        assert_eq!(poison_stored, expect_poison, "{}", b.name);
        assert_eq!(
            all(&*b.store, "site", Filter::default()).await.len(),
            valid + expect_poison,
            "{}",
            b.name
        );
    }
}

/// A database that does not exist is named, with its server and how to
/// create it, and the server's own words, instead of deadpool's "db error".
#[tokio::test]
async fn a_missing_postgres_database_is_named_with_its_server() {
    let Some(base) = postgres_url() else { return };
    let config: tokio_postgres::Config = base.parse().unwrap();
    let host = match &config.get_hosts()[0] {
        tokio_postgres::config::Host::Tcp(h) => h.clone(),
        other => panic!("EXITPOLL_TEST_POSTGRES is not on TCP: {other:?}"),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let url = url_with_database(&base, "exitpoll_no_such_database");
    let message = PgStore::open(&url, 1, None).await.unwrap_err().to_string();
    for want in [
        format!(r#"PostgreSQL database "exitpoll_no_such_database" on {host}:{port} does not exist"#),
        "(create it with createdb".to_owned(),
        // The server's own message.
        r#"database "exitpoll_no_such_database" does not exist"#.to_owned(),
    ] {
        assert!(message.contains(&want), "got: {message}\nwant: {want}");
    }
    assert!(!message.contains("db error"), "{message}");
}

/// A server that does not answer is named too, with the system's reason.
#[tokio::test]
async fn an_unreachable_postgres_server_is_named() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("postgres://exitpoll@127.0.0.1:{port}/responses");
    let message = PgStore::open(&url, 1, None).await.unwrap_err().to_string();
    let want = format!(
        r#"cannot connect to PostgreSQL database "responses" on 127.0.0.1:{port} as user "exitpoll": error connecting to server"#
    );
    assert!(message.contains(&want), "got: {message}\nwant: {want}");
    assert!(!message.contains("creating a new object"), "{message}");
}

/// Every row of `filter`, read in pages of `size` as a client follows its
/// cursor: each page asks for one row more, to learn whether another follows.
async fn pages(store: &dyn Store, filter: &Filter, size: usize) -> Vec<Vec<Row>> {
    let mut out = Vec::new();
    let mut after = filter.after.clone();
    loop {
        let f = Filter { limit: Some(size + 1), after: after.clone(), ..filter.clone() };
        let mut page = all(store, "site", f).await;
        let more = page.len() > size;
        page.truncate(size);
        after = page.last().map(Position::of);
        out.push(page);
        if !more {
            return out;
        }
    }
}

fn ids(rows: &[Row]) -> Vec<u32> {
    rows.iter().map(|r| u32::from_str_radix(&r.response_id[24..], 16).unwrap()).collect()
}

#[tokio::test]
async fn pages_in_either_order_hold_every_row_once_ties_by_response_id() {
    for b in backends().await {
        let s = &*b.store;
        // Three rows share each time: ties are ordered by the response id.
        let rows: Vec<Row> = (0..10).map(|i| row(i, 1, "completed", i64::from(i / 3) * 1000)).collect();
        s.upsert("site", rows, &[]).await.unwrap();
        s.upsert("other", vec![row(20, 1, "completed", 500)], &[]).await.unwrap();
        let oldest = Filter::default();
        let newest = Filter { order: Order::NewestFirst, ..Filter::default() };
        assert_eq!(ids(&all(s, "site", oldest.clone()).await), (0..10).collect::<Vec<_>>(), "{}", b.name);
        assert_eq!(
            ids(&all(s, "site", newest.clone()).await),
            (0..10).rev().collect::<Vec<_>>(),
            "{}",
            b.name
        );
        for size in [1, 3, 4, 10, 11] {
            let got = pages(s, &newest, size).await;
            assert!(got.iter().all(|p| p.len() <= size), "{}", b.name);
            let flat: Vec<u32> = got.iter().flat_map(|p| ids(p)).collect();
            assert_eq!(flat, (0..10).rev().collect::<Vec<_>>(), "{}: pages of {size}", b.name);
            let flat: Vec<u32> = pages(s, &oldest, size).await.iter().flat_map(|p| ids(p)).collect();
            assert_eq!(flat, (0..10).collect::<Vec<_>>(), "{}: pages of {size}, oldest first", b.name);
        }
        assert_eq!(pages(s, &newest, 10).await.len(), 1, "{}: no empty page after the last", b.name);
    }
}

#[tokio::test]
async fn rows_stored_between_pages_are_neither_skipped_nor_repeated() {
    for b in backends().await {
        let s = &*b.store;
        // Ids 10..20 at times 1000, 2000, ...; ids 30 and 31 tie at 15_000.
        let mut rows: Vec<Row> = (10..20).map(|i| row(i, 1, "completed", i64::from(i - 9) * 1000)).collect();
        rows.extend([row(30, 1, "completed", 15_000), row(31, 1, "completed", 15_000)]);
        s.upsert("site", rows, &[]).await.unwrap();
        let newest = Filter { order: Order::NewestFirst, limit: Some(4), ..Filter::default() };
        let first = all(s, "site", newest.clone()).await;
        assert_eq!(ids(&first), [31, 30, 19, 18], "{}", b.name);
        // While the merchant reads: newer responses, a late one from before,
        // ties with the last row read on both sides of its id, and a new
        // revision of a row already read.
        s.upsert(
            "site",
            vec![
                row(40, 1, "completed", 99_000),
                row(41, 1, "completed", 500),
                row(42, 1, "completed", 9_000),
                row(5, 1, "completed", 9_000),
                row(31, 2, "completed", 15_000),
                row(12, 2, "completed", 3_000),
            ],
            &[],
        )
        .await
        .unwrap();
        let rest = pages(s, &Filter { after: first.last().map(Position::of), ..newest }, 4).await;
        let mut seen = ids(&first);
        seen.extend(rest.iter().flat_map(|p| ids(p)));
        // Every row there was, once; of the new ones, those after the place
        // reached (the late one, and the tie with the lower id).
        assert_eq!(seen, [31, 30, 19, 18, 5, 17, 16, 15, 14, 13, 12, 11, 10, 41], "{}", b.name);
        let rev12 = rest.iter().flatten().find(|r| r.response_id == row(12, 1, "", 0).response_id);
        assert_eq!(rev12.map(|r| r.revision), Some(2), "{}: read as it is now", b.name);
    }
}

const FILTER_SITE: &str = r#"{"site": "site", "surveys": [{"id": "s", "trigger": {"type": "exit_intent"}, "questions": [
    {"id": "reason", "type": "single_choice", "prompt": "Why?", "allow_other": true,
     "choices": [{"id": "price", "label": "Price"}, {"id": "slow", "label": "Slow"}]},
    {"id": "topics", "type": "multiple_choice", "prompt": "Topics?", "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]},
    {"id": "nps", "type": "nps", "prompt": "How likely?"},
    {"id": "note", "type": "text", "prompt": "Anything else?"}]}]}"#;

/// Responses 1 to 6 of survey `s`, shown in that order.
fn filter_rows() -> Vec<Row> {
    let r = |id: u32, answers: &str, stage: Option<&str>, device: Option<&str>| Row {
        survey_id: "s".into(),
        answers: answers.into(),
        stage: stage.map(Into::into),
        device: device.map(Into::into),
        ..row(id, 1, "completed", i64::from(id) * 1000)
    };
    vec![
        r(1, r#"{"reason": "price", "nps": 3, "note": "Delivery was SLOW"}"#, Some("cart"), Some("mobile")),
        r(2, r#"{"reason": "slow", "topics": ["a", "b"], "nps": 9}"#, Some("checkout"), Some("desktop")),
        r(
            3,
            r#"{"reason": {"other": "Too pricey"}, "nps": 6, "note": "100% sure_"}"#,
            Some("cart"),
            Some("desktop"),
        ),
        r(
            4,
            r#"{"topics": ["b"], "nps": 10, "note": "Échec du paiement"}"#,
            Some("thank_you"),
            Some("tablet"),
        ),
        // "Other" with the text of a choice id; no stage or device.
        r(5, r#"{"reason": {"other": "price"}}"#, None, None),
        // Answers of the wrong type (the HTTP layer refuses them; the store
        // must not match them anyway).
        r(6, r#"{"nps": "5", "topics": "a", "note": 7}"#, Some("cart"), Some("desktop")),
    ]
}

#[tokio::test]
async fn filters_on_stage_device_answers_and_text_give_the_same_rows_on_every_backend() {
    use AnswerMatch::*;
    let config = SiteConfig::decode(FILTER_SITE).into_strict().unwrap();
    let answer = |q: &str, m: AnswerMatch| AnswerFilter { question_id: q.into(), matches: m };
    let text = |q: &str| TextSearch::new(q, &config);
    let cases: Vec<(&str, Filter, Vec<u32>)> = vec![
        ("stage", Filter { stage: Some(Stage::Cart), ..Filter::default() }, vec![1, 3, 6]),
        ("device", Filter { device: Some(Device::Desktop), ..Filter::default() }, vec![2, 3, 6]),
        (
            "single choice",
            Filter { answers: vec![answer("reason", Choice("price".into()))], ..Filter::default() },
            vec![1],
        ),
        (
            "one of several choices",
            Filter { answers: vec![answer("topics", Choice("b".into()))], ..Filter::default() },
            vec![2, 4],
        ),
        (
            "a choice alone or in an array",
            Filter { answers: vec![answer("topics", Choice("a".into()))], ..Filter::default() },
            vec![2, 6],
        ),
        ("other", Filter { answers: vec![answer("reason", Other)], ..Filter::default() }, vec![3, 5]),
        (
            "detractors",
            Filter { answers: vec![answer("nps", Between(0, 6))], ..Filter::default() },
            vec![1, 3],
        ),
        (
            "promoters",
            Filter { answers: vec![answer("nps", Between(9, 10))], ..Filter::default() },
            vec![2, 4],
        ),
        ("one score", Filter { answers: vec![answer("nps", Between(6, 6))], ..Filter::default() }, vec![3]),
        ("text, any case", Filter { text: text("slow"), ..Filter::default() }, vec![1]),
        (
            "text in Other answers, not choice ids",
            Filter { text: text("PRICE"), ..Filter::default() },
            vec![3, 5],
        ),
        ("beyond ASCII", Filter { text: text("échec"), ..Filter::default() }, vec![4]),
        ("a literal %", Filter { text: text("100%"), ..Filter::default() }, vec![3]),
        ("a literal _", Filter { text: text("e_"), ..Filter::default() }, vec![3]),
        ("_ is no wildcard", Filter { text: text("D_livery"), ..Filter::default() }, vec![]),
        (
            "everything at once",
            Filter {
                survey: Some("s".into()),
                stage: Some(Stage::Cart),
                answers: vec![answer("nps", Between(0, 6))],
                text: text("slow"),
                since: Some(1000),
                until: Some(2000),
                status: Some(ResponseStatus::Completed),
                ..Filter::default()
            },
            vec![1],
        ),
        (
            "two answers",
            Filter {
                answers: vec![answer("reason", Other), answer("nps", Between(0, 10))],
                ..Filter::default()
            },
            vec![3],
        ),
        (
            "a limit counts matches of the text search, newest first",
            Filter { text: text("e"), limit: Some(2), order: Order::NewestFirst, ..Filter::default() },
            vec![5, 4],
        ),
        (
            "and continues after a place",
            Filter {
                text: text("e"),
                order: Order::NewestFirst,
                after: Some(Position::of(&filter_rows()[3])),
                ..Filter::default()
            },
            vec![3, 1],
        ),
    ];
    for b in backends().await {
        b.store.upsert("site", filter_rows(), &[]).await.unwrap();
        for (name, filter, want) in &cases {
            assert_eq!(ids(&all(&*b.store, "site", filter.clone()).await), *want, "{}: {name}", b.name);
        }
    }
}

/// The first page of a filtered listing, newest first, is read off the time
/// index: SQLite sorts nothing (no temporary B-tree).
#[tokio::test]
async fn sqlite_reads_a_filtered_page_off_the_index_without_sorting() {
    let b = sqlite();
    b.store.upsert("site", filter_rows(), &[]).await.unwrap();
    let filter = Filter {
        survey: Some("s".into()),
        status: Some(ResponseStatus::Completed),
        answers: vec![AnswerFilter { question_id: "nps".into(), matches: AnswerMatch::Between(0, 6) }],
        order: Order::NewestFirst,
        after: Some(Position::of(&filter_rows()[4])),
        limit: Some(51),
        ..Filter::default()
    };
    for filter in [filter.clone(), Filter { order: Order::OldestFirst, after: None, ..filter }] {
        let (sql, params) = sqlite::filter_sql("site", &filter);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.db");
        drop(SqliteStore::open(&path, SqliteOptions::default(), None).unwrap());
        let conn = rusqlite::Connection::open(&path).unwrap();
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let plan: Vec<String> = stmt
            .query_map(rusqlite::params_from_iter(params.iter()), |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let plan = plan.join("\n");
        assert!(plan.contains("responses_by_time"), "{plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
    }
}

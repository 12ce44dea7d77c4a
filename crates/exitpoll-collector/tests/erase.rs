//! `exitpoll-collector erase`, as an operator answering a data request runs
//! it: against the configured database, naming what it erased or what is
//! wrong. The same erasure runs on SQLite, and on PostgreSQL when
//! `EXITPOLL_TEST_POSTGRES` names a database (`tests/run` sets it when the
//! local server answers), in a database of its own.

use exitpoll_collector::config::Database;
use exitpoll_collector::metrics::Metrics;
use exitpoll_collector::server::open_store;
use exitpoll_collector::store::{Filter, Row, Store};
use futures::StreamExt;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

// The store tests' PostgreSQL databases (one per test), by path: a test of
// the binary cannot see the library's test code.
#[allow(dead_code)]
#[path = "../src/store/tests/test_pg.rs"]
mod test_pg;
use test_pg::PgDatabase;

fn row(id: u32, customer: &str) -> Row {
    Row {
        response_id: format!("0193a1e2-7c5d-7b1e-9f00-{id:012x}"),
        revision: 1,
        survey_id: "s".into(),
        status: "completed".into(),
        answers: "{}".into(),
        shown_at: 1,
        updated_at: 2,
        visitor_id: format!("v-{id}"),
        session_id: "s".into(),
        trigger: "exit_intent".into(),
        stage: None,
        device: None,
        locale: "en".into(),
        page_url: "https://shop.example/".into(),
        context: format!(r#"{{"customer_id":"{customer}"}}"#),
        received_at: 3,
    }
}

fn run(config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_exitpoll-collector"))
        .args(["erase", "--config"])
        .arg(config)
        .args(args)
        .env_remove("EXITPOLL_DATABASE")
        .output()
        .unwrap()
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

/// Writes a config for site "shop" on `database` into `dir`; its path.
fn write_config(dir: &Path, database: &str) -> std::path::PathBuf {
    std::fs::write(dir.join("shop.json"), r#"{"site": "shop", "surveys": []}"#).unwrap();
    let config = dir.join("exitpoll.toml");
    std::fs::write(
        &config,
        format!(
            "database = \"{database}\"\n\n[[sites]]\nid = \"shop\"\n\
             admin_token = \"a-long-random-secret\"\nconfig = \"shop.json\"\n"
        ),
    )
    .unwrap();
    config
}

async fn open(database: &str) -> Arc<dyn Store> {
    let database = Database::parse(database).unwrap();
    open_store(&database, &Arc::new(Metrics::new())).await.unwrap()
}

/// Three responses, two of customer c-1; `erase` takes the customer's, then
/// a visitor's, and a late retry of an erased snapshot stays erased.
async fn erase_customer_then_visitor(config: &Path, database: &str) {
    let store = open(database).await;
    store.upsert("shop", vec![row(1, "c-1"), row(2, "c-1"), row(3, "c-2")], &[]).await.unwrap();
    store.close().await;

    let out = run(config, &["--site", "shop", "--customer-id", "c-1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "erased 2 responses of site \"shop\" (customer_id \"c-1\")\n");
    let out = run(config, &["--site", "shop", "--visitor-id", "v-3"]);
    assert_eq!(text(&out.stdout), "erased 1 response of site \"shop\" (visitor_id \"v-3\")\n");

    let store = open(database).await;
    let left = store.export("shop", Filter::default()).await.unwrap().count().await;
    assert_eq!(left, 0);
    // The tombstones hold: late retries, of a revision erased or a later one, stay erased.
    let retries =
        vec![row(1, "c-1"), Row { revision: 2, ..row(2, "c-1") }, Row { revision: 2, ..row(3, "c-2") }];
    let o = store.upsert("shop", retries, &[]).await.unwrap();
    assert_eq!(o.stored, 0);
    assert_eq!(store.export("shop", Filter::default()).await.unwrap().count().await, 0);
    store.close().await;
}

#[tokio::test]
async fn erase_takes_a_customers_responses_from_the_configured_database() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("erase.db").display());
    let config = write_config(dir.path(), &database);
    erase_customer_then_visitor(&config, &database).await;

    for (args, code, names) in [
        (&["--site", "shop"][..], 2, "--customer-id"),
        (&["--site", "shop", "--customer-id", "c", "--order-id", "o"][..], 2, "cannot be used with"),
        (&["--site", "shop", "--order-id", ""][..], 2, "order_id: empty"),
        (&["--site", "nope", "--order-id", "o"][..], 2, "no site \"nope\""),
    ] {
        let out = run(&config, args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(stderr.contains(names), "{args:?}: {stderr}");
    }
    let out = run(&dir.path().join("missing.toml"), &["--site", "shop", "--order-id", "o"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("missing.toml"), "{}", text(&out.stderr));
}

#[tokio::test]
async fn erase_takes_a_customers_responses_from_postgresql() {
    let Some(db) = PgDatabase::create().await else {
        eprintln!("skipped: EXITPOLL_TEST_POSTGRES is not set");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &db.url);
    erase_customer_then_visitor(&config, &db.url).await;
}

//! Where the PostgreSQL store keeps its objects: in schema `exitpoll`,
//! beside other software's tables of the same names, and after moving the
//! layout that earlier versions left in the first schema of `search_path`.
//!
//! Each test runs on a database of its own and returns early when
//! `EXITPOLL_TEST_POSTGRES` is not set.

use super::{PgDatabase, all, connect, postgres_url, row};
use crate::store::postgres::{MIGRATIONS, PgStore};
use crate::store::{Filter, Store, UpsertOutcome};

/// Every table the store makes.
const OURS: [&str; 6] =
    ["erased", "exitpoll_schema", "responses", "rollup_journal", "rollups", "webhook_deliveries"];

/// The tables the unqualified layout of earlier versions had.
const OLD_LAYOUT: [&str; 4] = ["erased", "exitpoll_schema", "responses", "webhook_deliveries"];

/// The layout the versions up to commit 803b54a made, copied from their
/// migrations: unqualified names, so the tables land in the first schema of
/// the connection's `search_path`, `public` by default.
const UNQUALIFIED_LAYOUT: [&str; 2] = [
    "CREATE TABLE responses (
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
     CREATE INDEX responses_by_time ON responses (site, shown_at);
     CREATE INDEX responses_by_survey ON responses (site, survey_id, shown_at);
     CREATE TABLE erased (
        site TEXT NOT NULL,
        response_id TEXT NOT NULL,
        erased_at BIGINT NOT NULL,
        PRIMARY KEY (site, response_id)
     );",
    "CREATE TABLE webhook_deliveries (
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
     CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_at);
     CREATE INDEX webhook_deliveries_by_site ON webhook_deliveries (site, status, created_at);",
];

async fn names(client: &tokio_postgres::Client, sql: &str, schema: &str) -> Vec<String> {
    client.query(sql, &[&schema]).await.unwrap().iter().map(|r| r.get(0)).collect()
}

async fn tables_in(client: &tokio_postgres::Client, schema: &str) -> Vec<String> {
    let sql = "SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1";
    names(client, sql, schema).await
}

async fn indexes_in(client: &tokio_postgres::Client, schema: &str) -> Vec<String> {
    names(client, "SELECT indexname::text FROM pg_indexes WHERE schemaname = $1 ORDER BY 1", schema).await
}

/// A database laid out by an earlier version at `version` (of
/// `UNQUALIFIED_LAYOUT`), through `url`, with one stored response (`row(1, 2,
/// ...)`), one erased (`row(7, ...)`) and, from version 2, one pending delivery.
async fn make_unqualified_layout(url: &str, version: usize) {
    let c = connect(url).await;
    c.batch_execute("CREATE TABLE IF NOT EXISTS exitpoll_schema (version INTEGER NOT NULL)").await.unwrap();
    for sql in &UNQUALIFIED_LAYOUT[..version] {
        c.batch_execute(sql).await.unwrap();
    }
    c.execute("INSERT INTO exitpoll_schema (version) VALUES ($1)", &[&(version as i32)]).await.unwrap();
    let r = row(1, 2, "completed", 10);
    c.execute(
        "INSERT INTO responses VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        &[
            &"site",
            &r.response_id,
            &i64::from(r.revision),
            &r.survey_id,
            &r.status,
            &r.answers,
            &r.shown_at,
            &r.updated_at,
            &r.visitor_id,
            &r.session_id,
            &r.trigger,
            &r.stage,
            &r.device,
            &r.locale,
            &r.page_url,
            &r.context,
            &r.received_at,
        ],
    )
    .await
    .unwrap();
    c.execute("INSERT INTO erased VALUES ('site', $1, 5)", &[&row(7, 1, "", 0).response_id]).await.unwrap();
    if version >= 2 {
        c.execute(
            "INSERT INTO webhook_deliveries (delivery_id, site, webhook, event, response_id, response, next_at, created_at)
             VALUES ('d1', 'site', 'crm', 'response.completed', $1, '{}', 0, 0)",
            &[&r.response_id],
        )
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn a_fresh_database_gets_every_table_in_schema_exitpoll() {
    let Some(db) = PgDatabase::create().await else { return };
    let store = PgStore::open(&db.url, 2, None).await.unwrap();
    store.upsert("site", vec![row(1, 1, "shown", 1)], &[]).await.unwrap();
    let c = db.client().await;
    assert_eq!(tables_in(&c, "exitpoll").await, OURS);
    assert_eq!(tables_in(&c, "public").await, Vec::<String>::new());
    assert_eq!(
        indexes_in(&c, "exitpoll").await,
        [
            "erased_pkey",
            "responses_by_survey",
            "responses_by_time",
            "responses_pkey",
            "rollup_journal_pkey",
            "rollups_pkey",
            "webhook_deliveries_by_site",
            "webhook_deliveries_due",
            "webhook_deliveries_pkey"
        ]
    );
    let version: i32 = c.query_one("SELECT version FROM exitpoll.exitpoll_schema", &[]).await.unwrap().get(0);
    assert_eq!(version as usize, MIGRATIONS.len());
    // The rollups and their journal, rewritten by every fold, are vacuumed
    // early and unthrottled, and the rollups leave room for HOT updates.
    let options: Vec<(String, Vec<String>)> = c
        .query(
            "SELECT relname::text, reloptions FROM pg_class
             WHERE relnamespace = 'exitpoll'::regnamespace AND relname IN ('rollups', 'rollup_journal')
             ORDER BY relname",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get::<_, Option<Vec<String>>>(1).unwrap_or_default()))
        .collect();
    let has =
        |table: &str, option: &str| options.iter().any(|(t, o)| t == table && o.iter().any(|x| x == option));
    for option in ["fillfactor=70", "autovacuum_vacuum_scale_factor=0", "autovacuum_vacuum_cost_delay=0"] {
        assert!(has("rollups", option), "rollups lacks {option}: {options:?}");
    }
    for option in ["autovacuum_vacuum_threshold=1000", "autovacuum_vacuum_insert_threshold=1000"] {
        assert!(has("rollup_journal", option), "rollup_journal lacks {option}: {options:?}");
    }
}

/// Another application's `responses` and `erased` in `public`, with other
/// columns: the collector starts beside them, and they keep their rows and
/// their columns.
#[tokio::test]
async fn another_applications_tables_in_public_are_left_alone() {
    let Some(db) = PgDatabase::create().await else { return };
    let c = db.client().await;
    c.batch_execute(
        "CREATE TABLE public.responses (id SERIAL PRIMARY KEY, body JSONB NOT NULL);
         INSERT INTO public.responses (body) VALUES ('{}'), ('[1]'), ('\"x\"');
         CREATE TABLE public.erased (who TEXT);
         INSERT INTO public.erased VALUES ('someone');",
    )
    .await
    .unwrap();
    let theirs = || async {
        let columns = "SELECT table_name || '.' || column_name || ' ' || data_type
                       FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position";
        let counts: i64 = c
            .query_one(
                "SELECT (SELECT count(*) FROM public.responses) * 10 + (SELECT count(*) FROM public.erased)",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        (tables_in(&c, "public").await, names(&c, columns, "public").await, counts)
    };
    let before = theirs().await;
    assert_eq!(before.2, 31);

    let store = PgStore::open(&db.url, 2, None).await.unwrap();
    let o = store.upsert("site", vec![row(1, 1, "shown", 1), row(2, 1, "shown", 2)], &[]).await.unwrap();
    assert_eq!(o, UpsertOutcome { stored: 2, duplicates: 0 });
    assert!(store.erase("site", &row(2, 1, "", 0).response_id).await.unwrap());
    assert_eq!(all(&store, "site", Filter::default()).await, [row(1, 1, "shown", 1)]);
    store.webhook_status("site").await.unwrap();

    assert_eq!(theirs().await, before);
    assert_eq!(tables_in(&c, "exitpoll").await, OURS);
}

/// A database an earlier version made, at each of its versions, in `public`
/// and in a schema the URL's `search_path` named: the store moves the tables
/// with their rows, indexes and keys, and carries on from that version.
#[tokio::test]
async fn the_layout_of_earlier_versions_is_moved_into_schema_exitpoll() {
    for (schema, version) in [("public", 1), ("public", 2), ("shop", 2)] {
        check_moved(schema, version).await;
    }
}

async fn check_moved(schema: &str, version: usize) {
    let Some(db) = PgDatabase::create().await else { return };
    let c = db.client().await;
    let url = if schema == "public" {
        db.url.clone()
    } else {
        c.batch_execute(&format!("CREATE SCHEMA {schema}")).await.unwrap();
        format!("{}?options=-csearch_path%3D{schema}", db.url)
    };
    make_unqualified_layout(&url, version).await;
    let case = format!("{schema} at version {version}");

    let store = PgStore::open(&url, 2, None).await.unwrap();
    assert_eq!(all(&store, "site", Filter::default()).await, [row(1, 2, "completed", 10)], "{case}");
    let o = store.upsert("site", vec![row(7, 2, "completed", 1)], &[]).await.unwrap();
    assert_eq!(o, UpsertOutcome { stored: 0, duplicates: 1 }, "{case}: the erased response stays erased");
    let o = store.upsert("site", vec![row(1, 2, "completed", 10), row(1, 3, "completed", 10)], &[]).await;
    assert_eq!(o.unwrap(), UpsertOutcome { stored: 1, duplicates: 1 }, "{case}: the key still decides");
    let pending = if version >= 2 { 1 } else { 0 };
    assert_eq!(store.webhook_status("site").await.unwrap().pending, pending, "{case}");

    assert_eq!(tables_in(&c, schema).await, Vec::<String>::new(), "{case}");
    assert_eq!(tables_in(&c, "exitpoll").await, OURS, "{case}");
    let indexes = indexes_in(&c, "exitpoll").await;
    for index in ["responses_by_time", "responses_by_survey", "webhook_deliveries_due"] {
        assert!(indexes.iter().any(|i| i == index), "{case}: {index} in {indexes:?}");
    }
    let now: i32 = c.query_one("SELECT version FROM exitpoll.exitpoll_schema", &[]).await.unwrap().get(0);
    assert_eq!(now as usize, MIGRATIONS.len(), "{case}");
}

/// Several instances starting at once on one database, fresh or laid out by
/// an earlier version: the migration lock lets one migrate (or move) and the
/// others find it done.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_starting_together_all_open_the_store() {
    for earlier in [false, true] {
        let Some(db) = PgDatabase::create().await else { return };
        if earlier {
            make_unqualified_layout(&db.url, 2).await;
        }
        let opens = (0..4).map(|_| {
            let url = db.url.clone();
            tokio::spawn(async move { PgStore::open(&url, 2, None).await })
        });
        let mut stores = Vec::new();
        for open in opens {
            stores.push(open.await.unwrap().unwrap_or_else(|e| panic!("earlier layout {earlier}: {e}")));
        }
        stores[0].upsert("site", vec![row(3, 1, "shown", 30)], &[]).await.unwrap();
        let expect = if earlier { vec![row(1, 2, "completed", 10)] } else { vec![] };
        let expect: Vec<_> = expect.into_iter().chain([row(3, 1, "shown", 30)]).collect();
        for s in &stores {
            assert_eq!(all(s, "site", Filter::default()).await, expect, "earlier layout {earlier}");
        }
        assert_eq!(tables_in(&db.client().await, "public").await, Vec::<String>::new());
    }
}

/// A user without the CREATE privilege on the database, given a schema
/// `exitpoll` of its own, can run the collector.
#[tokio::test]
async fn a_schema_created_for_the_user_needs_no_create_privilege_on_the_database() {
    let Some(base) = postgres_url() else { return };
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).unwrap();
    let role = format!("exitpoll_t_role_{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>());
    connect(&base).await.batch_execute(&format!("CREATE ROLE {role} LOGIN")).await.unwrap();
    // Declared before the database, so dropped after it: the role owns objects in it.
    let _role = DropRole { base: base.clone(), role: role.clone() };
    let db = PgDatabase::create().await.unwrap();
    let c = db.client().await;
    c.batch_execute(&format!("REVOKE CREATE ON DATABASE {} FROM PUBLIC", db.name)).await.unwrap();
    c.batch_execute(&format!("CREATE SCHEMA exitpoll AUTHORIZATION {role}")).await.unwrap();
    let as_role = with_user(&db.url, &role);
    let probe = connect(&as_role).await.batch_execute("CREATE SCHEMA IF NOT EXISTS exitpoll").await;
    assert!(probe.is_err(), "the role may create schemas, so this test proves nothing");

    let store = PgStore::open(&as_role, 2, None).await.unwrap();
    store.upsert("site", vec![row(1, 1, "shown", 1)], &[]).await.unwrap();
    assert_eq!(all(&store, "site", Filter::default()).await.len(), 1);
    assert_eq!(tables_in(&c, "exitpoll").await, OURS);
}

/// `url` with its user replaced.
fn with_user(url: &str, user: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let host = rest.split_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{user}@{host}")
}

struct DropRole {
    base: String,
    role: String,
}

impl Drop for DropRole {
    fn drop(&mut self) {
        let (base, role) = (self.base.clone(), self.role.clone());
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async move {
                if let Ok((client, conn)) = tokio_postgres::connect(&base, tokio_postgres::NoTls).await {
                    tokio::spawn(conn);
                    let _ = client.batch_execute(&format!("DROP ROLE IF EXISTS {role}")).await;
                }
            });
        })
        .join();
    }
}

/// Tables of an earlier version beside current ones (an older collector ran
/// again after the move and started over in `public`): the store refuses to
/// start, naming both, rather than hide the older rows or mix them in.
#[tokio::test]
async fn both_layouts_at_once_stop_the_store_and_change_nothing() {
    let Some(db) = PgDatabase::create().await else { return };
    drop(PgStore::open(&db.url, 1, None).await.unwrap());
    make_unqualified_layout(&db.url, 2).await;
    let e = PgStore::open(&db.url, 1, None).await.unwrap_err().to_string();
    assert!(e.contains("schema public holds the tables of an older exitpoll version"), "{e}");
    let c = db.client().await;
    assert_eq!(tables_in(&c, "public").await, OLD_LAYOUT);
    assert_eq!(tables_in(&c, "exitpoll").await, OURS);
}

//! A database of its own per test on the PostgreSQL test server
//! (`EXITPOLL_TEST_POSTGRES`). Included both by the store's tests and, by
//! path, by the binary's tests, which cannot see the library's test code.

/// The PostgreSQL URL to test against, if one is configured.
pub(crate) fn postgres_url() -> Option<String> {
    std::env::var("EXITPOLL_TEST_POSTGRES").ok().filter(|u| !u.is_empty())
}

/// `base` with its database name replaced, its query (options) kept.
pub(crate) fn url_with_database(base: &str, database: &str) -> String {
    let (without_query, query) = base.split_once('?').map_or((base, ""), |(u, q)| (u, q));
    let server = without_query.rsplit_once('/').map_or(without_query, |(server, _)| server);
    let sep = if query.is_empty() { "" } else { "?" };
    format!("{server}/{database}{sep}{query}")
}

/// A database of its own on the test server, dropped (with whatever is still
/// connected to it) when this is dropped.
pub(crate) struct PgDatabase {
    pub url: String,
    base: String,
    pub name: String,
}

impl PgDatabase {
    /// A fresh, empty database; `None` when no test server is configured.
    pub(crate) async fn create() -> Option<PgDatabase> {
        let base = postgres_url()?;
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).unwrap();
        let name = format!("exitpoll_t_{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>());
        connect(&base).await.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
        Some(PgDatabase { url: url_with_database(&base, &name), base, name })
    }

    /// A plain connection to this database, for looking behind the store.
    pub(crate) async fn client(&self) -> tokio_postgres::Client {
        connect(&self.url).await
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (base, name) = (self.base.clone(), self.name.clone());
        // Best effort: a separate runtime, since Drop cannot await.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async move {
                if let Ok((client, conn)) = tokio_postgres::connect(&base, tokio_postgres::NoTls).await {
                    tokio::spawn(conn);
                    let _ =
                        client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
                }
            });
        })
        .join();
    }
}

pub(crate) async fn connect(url: &str) -> tokio_postgres::Client {
    let (client, conn) =
        tokio_postgres::connect(url, tokio_postgres::NoTls).await.expect("EXITPOLL_TEST_POSTGRES answers");
    tokio::spawn(conn);
    client
}

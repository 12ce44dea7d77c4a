//! Running the collector: open storage, serve until asked to stop, then
//! finish what is in flight and close storage cleanly.
//!
//! The accept loop is hyper-util's rather than `axum::serve`, because it
//! takes a header read timeout: a client that opens connections and dribbles
//! headers (slowloris) is cut off after [`HEADER_READ_TIMEOUT`].

use crate::config::{CollectorConfig, Database};
use crate::http::{self, AppState, SharedState};
use crate::metrics::Metrics;
use crate::store::postgres::PgStore;
use crate::store::sqlite::SqliteStore;
use crate::store::{Observer, Store, StoreError};
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// How long a client may take to send its request headers.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long shutdown waits for requests in flight.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(8);

/// Opens the configured database; commits are reported to `metrics`.
pub async fn open_store(database: &Database, metrics: &Arc<Metrics>) -> Result<Arc<dyn Store>, StoreError> {
    let observer: Observer = metrics.observer();
    match database {
        Database::Sqlite { path, options } => {
            let (path, options) = (path.clone(), *options);
            let store =
                tokio::task::spawn_blocking(move || SqliteStore::open(&path, options, Some(observer)))
                    .await
                    .map_err(|e| StoreError::Internal(e.to_string()))??;
            Ok(Arc::new(store))
        }
        Database::Postgres(url) => Ok(Arc::new(PgStore::open(url, 16, Some(observer)).await?)),
    }
}

pub fn state(
    config: CollectorConfig,
    store: Arc<dyn Store>,
    serve_www: bool,
    metrics: Arc<Metrics>,
) -> SharedState {
    Arc::new(AppState::new(config, store, serve_www, metrics))
}

/// Serves `state` on `listener` until `shutdown` completes; then stops
/// accepting, lets requests in flight finish (for up to [`SHUTDOWN_GRACE`]),
/// and closes storage so every acknowledged write is committed.
pub async fn run(
    listener: TcpListener,
    state: SharedState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = http::app(state.clone());
    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
    let graceful = GracefulShutdown::new();
    let webhook_worker = tokio::spawn(crate::webhooks::run(state.clone()));
    let housekeeping = {
        let state = state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                state.limiter.shrink();
            }
        })
    };
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let svc = tower::ServiceExt::map_request(
            app.clone(),
            move |req: axum::http::Request<hyper::body::Incoming>| {
                let mut req = req.map(axum::body::Body::new);
                req.extensions_mut().insert(ConnectInfo(peer));
                req
            },
        );
        let conn =
            builder.serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(svc));
        let conn = graceful.watch(conn.into_owned());
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    housekeeping.abort();
    webhook_worker.abort();
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("all requests finished"),
        () = tokio::time::sleep(SHUTDOWN_GRACE) => tracing::warn!("some requests did not finish in time"),
    }
    state.store.close().await;
    tracing::info!("storage closed");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Reloads the site configs from `file` on every SIGHUP. A bad file is
/// reported and the running configuration is kept.
pub fn reload_on_sighup(state: SharedState, file: std::path::PathBuf) {
    #[cfg(unix)]
    tokio::spawn(async move {
        let Ok(mut hup) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) else {
            return;
        };
        while hup.recv().await.is_some() {
            match crate::config::load(&file) {
                Ok(new) => {
                    let old = state.config();
                    if new.listen != old.listen || new.database != old.database {
                        tracing::warn!("listen and database changes need a restart; reloading sites only");
                    }
                    let sites = new.sites.len();
                    state.replace_config(CollectorConfig {
                        listen: old.listen,
                        database: old.database.clone(),
                        ..new
                    });
                    tracing::info!(sites, "configuration reloaded");
                }
                Err(e) => tracing::error!(error = %e, "reload failed; keeping the running configuration"),
            }
        }
    });
    #[cfg(not(unix))]
    let _ = (state, file);
}

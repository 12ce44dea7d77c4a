//! Running the collector: open storage, serve until asked to stop, then
//! finish what is in flight and close storage cleanly.

use crate::config::{CollectorConfig, Database};
use crate::http::{self, AppState, SharedState};
use crate::store::sqlite::SqliteStore;
use crate::store::{Store, StoreError};
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Opens the configured database.
pub async fn open_store(database: &Database) -> Result<Arc<dyn Store>, StoreError> {
    match database {
        Database::Sqlite { path, synchronous } => {
            let (path, sync) = (path.clone(), *synchronous);
            let store = tokio::task::spawn_blocking(move || SqliteStore::open(&path, sync, None))
                .await
                .map_err(|e| StoreError::Internal(e.to_string()))??;
            Ok(Arc::new(store))
        }
        Database::Postgres(_) => Err(StoreError::Unavailable("PostgreSQL support is not built yet".into())),
    }
}

pub fn state(config: CollectorConfig, store: Arc<dyn Store>, serve_www: bool) -> SharedState {
    Arc::new(AppState::new(config, store, serve_www))
}

/// Serves `state` on `listener` until `shutdown` completes; then stops
/// accepting, lets requests in flight finish, and closes storage so every
/// acknowledged write is committed.
pub async fn run(
    listener: TcpListener,
    state: SharedState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = http::app(state.clone());
    let result = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await;
    state.store.close().await;
    result
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
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

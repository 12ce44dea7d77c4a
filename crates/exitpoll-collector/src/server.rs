//! Running the collector: open storage, serve until asked to stop, then
//! finish what is in flight and close storage cleanly.
//!
//! The accept loop is hyper-util's rather than `axum::serve`, because it
//! takes a header read timeout: a client that opens connections and dribbles
//! headers (slowloris) is cut off after [`HEADER_READ_TIMEOUT`]. Each
//! connection also has a watchdog: with no request in flight for the idle
//! timeout (`[server] idle_timeout_seconds`) it is shut down gracefully. HTTP/2
//! has no header timeout of its own, so without this a client that sent only
//! the connection preface kept its connection, and its file descriptor, for
//! ever; 20,000 of them took the collector down.

use crate::config::{CollectorConfig, Database};
use crate::http::{self, AppState, SharedState};
use crate::metrics::Metrics;
use crate::store::postgres::PgStore;
use crate::store::sqlite::SqliteStore;
use crate::store::{Observer, Store, StoreError};
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::net::TcpListener;

/// How long a client may take to send its request headers.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection may stay open with no request in flight, by default.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// How long an idle connection has to take its GOAWAY before it is dropped.
const IDLE_CLOSE_GRACE: Duration = Duration::from_secs(1);

/// Connection settings from the `[server]` table of the collector config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerSettings {
    /// A connection (HTTP/1 or HTTP/2, or one that never sent a byte) with
    /// no request in flight for this long is closed gracefully.
    pub idle_timeout: Duration,
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings { idle_timeout: IDLE_TIMEOUT }
    }
}

/// What one connection is doing, shared by its requests and its watchdog.
#[derive(Debug)]
struct Activity {
    started: std::time::Instant,
    /// Requests whose handler has not answered yet.
    in_flight: AtomicUsize,
    /// Milliseconds after `started` when a request last began or ended.
    last_ms: AtomicU64,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            started: std::time::Instant::now(),
            in_flight: AtomicUsize::new(0),
            last_ms: AtomicU64::new(0),
        }
    }

    fn touch(&self) {
        self.last_ms.store(self.started.elapsed().as_millis() as u64, Ordering::Relaxed);
    }

    /// Resolves once the connection has had no request in flight for `idle`.
    async fn idle_for(&self, idle: Duration) {
        loop {
            let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
            let quiet_until = self.started + last + idle;
            if self.in_flight.load(Ordering::Relaxed) == 0 && std::time::Instant::now() >= quiet_until {
                return;
            }
            // Busy, or quiet for less than `idle`: look again when it could be over.
            tokio::time::sleep_until(quiet_until.max(std::time::Instant::now() + idle / 4).into()).await;
        }
    }
}

/// Counts a request as in flight until its handler answers (or is dropped).
struct InFlight(Arc<Activity>);

impl InFlight {
    fn begin(activity: &Arc<Activity>) -> InFlight {
        activity.in_flight.fetch_add(1, Ordering::Relaxed);
        activity.touch();
        InFlight(activity.clone())
    }
}

/// A response body that counts its request as in flight until it is dropped.
struct CountedBody {
    body: axum::body::Body,
    _in_flight: InFlight,
}

impl hyper::body::Body for CountedBody {
    type Data = bytes::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Self::Data>, Self::Error>>> {
        std::pin::Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.body.size_hint()
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}
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
    let idle_timeout = state.config().server.idle_timeout;
    // Every connection task holds a receiver; shutdown sends, then waits
    // until all of them are gone (hyper-util's GracefulShutdown does the
    // same, but its connections cannot also be shut down when idle).
    let (shutdown_tx, _) = tokio::sync::watch::channel(());
    let webhook_worker = tokio::spawn(crate::webhooks::run(state.clone()));
    let retention = tokio::spawn(crate::retention::run(state.clone()));
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
        let activity = Arc::new(Activity::new());
        let svc = {
            let (app, activity) = (app.clone(), activity.clone());
            hyper::service::service_fn(move |req: axum::http::Request<hyper::body::Incoming>| {
                let in_flight = InFlight::begin(&activity);
                let mut req = req.map(axum::body::Body::new);
                req.extensions_mut().insert(ConnectInfo(peer));
                let call = tower::ServiceExt::oneshot(app.clone(), req);
                async move {
                    // In flight until the body is sent: an export streams
                    // long after its handler returned.
                    let response = call.await?;
                    Ok::<_, std::convert::Infallible>(
                        response.map(|body| CountedBody { body, _in_flight: in_flight }),
                    )
                }
            })
        };
        let conn = builder.serve_connection_with_upgrades(TokioIo::new(stream), svc).into_owned();
        let mut shutting_down = shutdown_tx.subscribe();
        tokio::spawn(async move {
            tokio::pin!(conn);
            let idle = tokio::select! {
                result = conn.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!(error = %e, "connection ended with an error");
                    }
                    return;
                }
                _ = shutting_down.changed() => false,
                () = activity.idle_for(idle_timeout) => true,
            };
            // Graceful: a request in flight finishes; no new one starts.
            conn.as_mut().graceful_shutdown();
            if idle {
                // Nothing is in flight, so nothing is cut by a deadline. It is
                // needed: hyper's HTTP/2 GOAWAY waits for the client to answer
                // a PING, which a client that sent only the preface never does.
                let _ = tokio::time::timeout(IDLE_CLOSE_GRACE, conn).await;
            } else {
                let _ = conn.await;
            }
            drop(shutting_down);
        });
    }
    drop(listener);
    housekeeping.abort();
    webhook_worker.abort();
    retention.abort();
    let _ = shutdown_tx.send(());
    tokio::select! {
        () = shutdown_tx.closed() => tracing::info!("all requests finished"),
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
                        server: old.server,
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

#[cfg(test)]
mod tests;

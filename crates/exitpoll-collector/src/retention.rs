//! Retention: each site's responses first received longer ago than its
//! `retention_days` are deleted, by a background task that sweeps at start
//! and then hourly, with the webhook deliveries of the same age, which hold
//! copies of their responses.
//!
//! The age is counted from `received_at`, the collector's own clock when it
//! first stored the response, not from the widget's `shown_at`/`updated_at`:
//! a visitor's wrong clock can neither keep a response for ever nor delete it
//! early. Deletes go in bounded batches, one transaction each, with a pause
//! between them, so a first sweep over years of rows never holds the
//! database (or SQLite's one writer) for long. They leave no tombstones:
//! widgets stop retrying a snapshot within days, so none comes back months
//! later, and tombstones for every expired response would grow without end.

use crate::http::{AppState, SharedState, now_ms};
use crate::metrics::SiteLabels;
use crate::store::{Millis, Store, StoreError};
use std::time::Duration;

/// Rows deleted per transaction.
pub const BATCH: usize = 1_000;
/// The pause between two batches, leaving the database to ingest meanwhile.
pub const PAUSE: Duration = Duration::from_millis(200);
/// How often the sweep runs after the first one, at start.
pub const EVERY: Duration = Duration::from_secs(3_600);

const DAY_MS: Millis = 86_400_000;

/// Sweeps at start and then every [`EVERY`], until aborted.
pub async fn run(state: SharedState) {
    let mut tick = tokio::time::interval(EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        sweep(&state, now_ms(), BATCH, PAUSE).await;
    }
}

/// Deletes every site's expired responses as of `now`; returns how many.
/// A site whose deletes fail is logged and retried at the next sweep.
pub async fn sweep(state: &AppState, now: Millis, batch: usize, pause: Duration) -> u64 {
    // The sites as configured now: a reload that shortens a retention applies from the next sweep.
    let config = state.config();
    let mut total = 0;
    for site in &config.sites {
        let Some(days) = site.retention_days else { continue };
        let cutoff = now - i64::from(days) * DAY_MS;
        let counter =
            state.metrics.retention_deleted.get_or_create(&SiteLabels { site: site.id.clone() }).clone();
        match sweep_site(&*state.store, &site.id, cutoff, batch, pause, |n| {
            counter.inc_by(n);
        })
        .await
        {
            Ok(0) => {}
            Ok(n) => {
                tracing::info!(site = %site.id, deleted = n, retention_days = days, "expired responses deleted");
                total += n;
            }
            Err(e) => {
                tracing::warn!(site = %site.id, error = %e, "retention: deleting expired responses failed")
            }
        }
    }
    total
}

/// Deletes a site's responses received before `cutoff`, `batch` rows per
/// transaction with `pause` between them, telling `deleted` after each;
/// returns how many went. Then, in batches too, the site's webhook
/// deliveries created before `cutoff`, since each holds a copy of its
/// response (not counted: the metric is of responses).
pub async fn sweep_site(
    store: &dyn Store,
    site: &str,
    cutoff: Millis,
    batch: usize,
    pause: Duration,
    mut deleted: impl FnMut(u64),
) -> Result<u64, StoreError> {
    let mut total = 0;
    loop {
        let n = store.delete_received_before(site, cutoff, batch).await?;
        if n > 0 {
            deleted(n);
        }
        total += n;
        if n < batch as u64 {
            break;
        }
        tokio::time::sleep(pause).await;
    }
    while store.delete_deliveries_created_before(site, cutoff, batch).await? == batch as u64 {
        tokio::time::sleep(pause).await;
    }
    Ok(total)
}

//! Prometheus metrics, served as text at `/metrics`.
//!
//! Labels never carry answer content, tokens or IP addresses: only routes
//! (the matched pattern, not the raw path), methods, statuses, reasons, and
//! the names of sites and webhooks from the config.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::time::Duration;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub route: String,
    pub method: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub route: String,
    pub method: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct WebhookLabels {
    pub webhook: String,
    /// `delivered`, `failed` (will retry) or `dead` (given up).
    pub result: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RetryLabels {
    pub webhook: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SiteLabels {
    pub site: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ReasonLabels {
    pub reason: String,
}

pub struct Metrics {
    registry: Registry,
    pub requests: Family<RequestLabels, Counter>,
    /// From a request's arrival in the router to its response (before any
    /// body streams), by route and method: for an ingest this includes
    /// waiting for the commit.
    pub request_seconds: Family<RouteLabels, Histogram, fn() -> Histogram>,
    pub rejections: Family<ReasonLabels, Counter>,
    pub stored: Counter,
    pub duplicates: Counter,
    pub commit_rows: Histogram,
    pub commit_seconds: Histogram,
    pub in_flight: Gauge,
    pub webhooks: Family<WebhookLabels, Counter>,
    /// Dead letters queued again by an operator.
    pub webhook_retries: Family<RetryLabels, Counter>,
    pub summary_seconds: Histogram,
    /// Responses deleted by a site's `retention_days`.
    pub retention_deleted: Family<SiteLabels, Counter>,
    /// Rollup journal rows not yet folded, read when `/metrics` is asked.
    pub rollup_journal: Gauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("exitpoll");
        let requests = Family::<RequestLabels, Counter>::default();
        let request_seconds: Family<RouteLabels, Histogram, fn() -> Histogram> =
            Family::new_with_constructor(|| Histogram::new(exponential_buckets(0.000_25, 2.0, 14)));
        let rejections = Family::<ReasonLabels, Counter>::default();
        let stored = Counter::default();
        let duplicates = Counter::default();
        let commit_rows = Histogram::new(exponential_buckets(1.0, 2.0, 12));
        let commit_seconds = Histogram::new(exponential_buckets(0.000_25, 2.0, 14));
        let in_flight = Gauge::default();
        let webhooks = Family::<WebhookLabels, Counter>::default();
        let webhook_retries = Family::<RetryLabels, Counter>::default();
        let summary_seconds = Histogram::new(exponential_buckets(0.001, 2.0, 14));
        let retention_deleted = Family::<SiteLabels, Counter>::default();
        let rollup_journal = Gauge::default();
        registry.register(
            "rollup_journal_rows",
            "Commits whose rollup counts wait to be folded into the rollups (PostgreSQL; 0 on SQLite)",
            rollup_journal.clone(),
        );
        registry.register(
            "retention_deleted",
            "Responses deleted because they were older than their site's retention_days",
            retention_deleted.clone(),
        );
        registry.register(
            "summary_seconds",
            "Time to compute one dashboard summary (cached answers are not counted)",
            summary_seconds.clone(),
        );
        registry.register(
            "webhook_attempts",
            "Webhook delivery attempts by webhook and result (dead = dead letter)",
            webhooks.clone(),
        );
        registry.register(
            "webhook_retries",
            "Dead letters queued again by an operator (POST .../webhooks/retry), by webhook",
            webhook_retries.clone(),
        );
        registry.register("http_requests", "HTTP requests by route, method and status", requests.clone());
        registry.register(
            "http_request_seconds",
            "Time from a request's arrival to its response, by route and method",
            request_seconds.clone(),
        );
        registry.register("rejections", "Requests refused, by reason", rejections.clone());
        registry.register(
            "responses_stored",
            "Response snapshots stored (new or higher revision)",
            stored.clone(),
        );
        registry.register(
            "responses_duplicates",
            "Response snapshots that changed nothing",
            duplicates.clone(),
        );
        registry.register(
            "commit_rows",
            "Rows written per storage commit (group commit batches)",
            commit_rows.clone(),
        );
        registry.register("commit_seconds", "Time to write and commit one batch", commit_seconds.clone());
        registry.register("http_in_flight", "HTTP requests being served", in_flight.clone());
        Metrics {
            registry,
            requests,
            request_seconds,
            rejections,
            stored,
            duplicates,
            commit_rows,
            commit_seconds,
            in_flight,
            webhooks,
            webhook_retries,
            summary_seconds,
            retention_deleted,
            rollup_journal,
        }
    }

    pub fn observe_summary(&self, duration: Duration) {
        self.summary_seconds.observe(duration.as_secs_f64());
    }

    pub fn observe_commit(&self, rows: usize, duration: Duration) {
        self.commit_rows.observe(rows as f64);
        self.commit_seconds.observe(duration.as_secs_f64());
    }

    /// A storage observer that records every commit here.
    pub fn observer(self: &std::sync::Arc<Self>) -> crate::store::Observer {
        let m = self.clone();
        std::sync::Arc::new(move |r| m.observe_commit(r.rows, r.duration))
    }

    pub fn webhook(&self, webhook: &str, result: &str) {
        self.webhooks
            .get_or_create(&WebhookLabels { webhook: webhook.to_owned(), result: result.to_owned() })
            .inc();
    }

    pub fn webhook_retried(&self, webhook: &str) {
        self.webhook_retries.get_or_create(&RetryLabels { webhook: webhook.to_owned() }).inc();
    }

    pub fn reject(&self, reason: &str) {
        self.rejections.get_or_create(&ReasonLabels { reason: reason.to_owned() }).inc();
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .expect("writing to a String cannot fail");
        out
    }
}

//! Webhook delivery: the durable outbox in the database, drained by a worker.
//!
//! A delivery is queued in the same transaction that stores its response
//! (see [`crate::store::Store::upsert`]), so an event is never stored without
//! its delivery, nor delivered for a response that was not stored. The worker
//! wakes when a write queues something (and every second), leases due
//! deliveries, sends them, and records the result: delivered, retry later
//! with exponential backoff, or, past the give-up horizon, a dead letter that
//! the dashboard and the metrics show.
//!
//! Delivery is at least once: a crash between sending and recording sends
//! again after the lease. Every request carries the same `Exitpoll-Delivery`
//! id each time, so receivers can drop repeats.
//!
//! Signing: `Exitpoll-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
//! with the webhook's secret.

use crate::config::{Site, Webhook, WebhookFormat, WebhookSettings};
use crate::http::SharedState;
use crate::store::{Delivery, DeliveryOutcome, Millis};
use exitpoll_protocol::config::{QuestionKind, Survey};
use exitpoll_protocol::json::{self, Value};
use exitpoll_protocol::time::format_timestamp;
use hmac::{KeyInit, Mac};
use serde_json::json;
use std::time::Duration;

/// How long a claimed delivery is reserved for the instance that claimed it.
const LEASE_MS: Millis = 60_000;
const BATCH: usize = 32;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

pub const SIGNATURE_HEADER: &str = "exitpoll-signature";
pub const DELIVERY_HEADER: &str = "exitpoll-delivery";
pub const EVENT_HEADER: &str = "exitpoll-event";

fn now_ms() -> Millis {
    crate::http::now_ms()
}

/// `t=<seconds>,v1=<hex hmac>` for a body sent at `unix_seconds`.
pub fn signature(secret: &str, unix_seconds: i64, body: &[u8]) -> String {
    let mut mac =
        hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(unix_seconds.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("t={unix_seconds},v1={hex}")
}

/// Checks a signature header the way a receiver should: the HMAC matches
/// and the timestamp is within `tolerance_s` of `now_s` (so a captured
/// request cannot be replayed later).
pub fn verify(secret: &str, header: &str, body: &[u8], now_s: i64, tolerance_s: i64) -> bool {
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => v1 = Some(v),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else { return false };
    if (now_s - t).abs() > tolerance_s {
        return false;
    }
    let expected = signature(secret, t, body);
    let expected = expected.rsplit("v1=").next().unwrap_or("");
    use subtle::ConstantTimeEq;
    expected.len() == v1.len() && bool::from(expected.as_bytes().ct_eq(v1.as_bytes()))
}

/// The wait before attempt `attempts + 1`: 1 s doubling to `max`, with ±20 %
/// jitter taken from the delivery id (stable, so tests are repeatable).
pub fn backoff(attempts: u32, delivery_id: &str, max_ms: Millis) -> Millis {
    let base = (1000i64 << attempts.min(30)).min(max_ms);
    let spread =
        delivery_id.bytes().fold(attempts, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b))) % 41;
    base * (80 + i64::from(spread)) / 100
}

/// A survey's questions as payload metadata.
fn survey_meta(survey: Option<&Survey>, survey_id: &str, locale: &str) -> serde_json::Value {
    match survey {
        None => json!({ "id": survey_id }),
        Some(s) => json!({
            "id": s.id,
            "name": s.name,
            "questions": s.questions.iter().map(|q| json!({
                "id": q.id,
                "type": q.kind.as_str(),
                "prompt": q.prompt.resolve(locale),
            })).collect::<Vec<_>>(),
        }),
    }
}

/// An answer as words for people (Slack): choice labels instead of ids.
fn answer_text(survey: Option<&Survey>, question: &str, v: &Value, locale: &str) -> String {
    let label = |id: &str| {
        survey
            .and_then(|s| s.question(question))
            .and_then(|q| q.kind.choices().iter().find(|c| c.id == id))
            .map_or_else(|| id.to_owned(), |c| c.label.resolve(locale).to_owned())
    };
    match v {
        Value::String(s) => label(s),
        Value::Array(items) => {
            items.iter().filter_map(Value::as_str).map(label).collect::<Vec<_>>().join(", ")
        }
        Value::Object(m) => format!("Other: {}", m.get("other").and_then(Value::as_str).unwrap_or("")),
        other => other.to_json(),
    }
}

/// Builds the request body for a delivery in the webhook's format.
pub fn payload(site: &Site, hook: &Webhook, d: &Delivery, sent_at: Millis) -> Result<String, String> {
    let response: serde_json::Value =
        serde_json::from_str(&d.response).map_err(|e| format!("stored response unreadable: {e}"))?;
    let survey_id = response["survey_id"].as_str().unwrap_or_default().to_owned();
    let locale = response["locale"].as_str().filter(|l| !l.is_empty()).unwrap_or("en").to_owned();
    let survey = site.config.survey(&survey_id);
    let body = match hook.format {
        WebhookFormat::Json => json!({
            "event": d.event,
            "delivery_id": d.delivery_id,
            "site": d.site,
            "sent_at": format_timestamp(sent_at),
            "survey": survey_meta(survey, &survey_id, &locale),
            "response": response,
        }),
        WebhookFormat::Slack => {
            let answers = json::parse(&response["answers"].to_string()).unwrap_or(Value::Null);
            let mut lines = Vec::new();
            let mut pairs = answers.as_object().map(|m| m.0.clone()).unwrap_or_default();
            // In the survey's question order, not the stored key order.
            pairs.sort_by_key(|(q, _)| survey.and_then(|s| s.question_index(q)).unwrap_or(usize::MAX));
            for (q, v) in pairs {
                let prompt = survey
                    .and_then(|s| s.question(&q))
                    .map_or(q.clone(), |x| x.prompt.resolve(&locale).to_owned());
                lines.push(format!(
                    "• *{}*: {}",
                    slack_escape(&prompt),
                    slack_escape(&answer_text(survey, &q, &v, &locale))
                ));
            }
            let title = survey.and_then(|s| s.name.clone()).unwrap_or_else(|| survey_id.clone());
            let where_ = format!(
                "{} on {} ({})",
                if d.event == crate::store::EVENT_COMPLETED { "completed" } else { "answered" },
                response["stage"].as_str().unwrap_or("a page"),
                response["device"].as_str().unwrap_or("unknown device"),
            );
            json!({
                "text": format!("New exitpoll response to *{}*: {}\n{}", slack_escape(&title), where_, lines.join("\n")),
            })
        }
        WebhookFormat::Klaviyo => klaviyo(survey, &response, d),
    };
    Ok(body.to_string())
}

fn slack_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A Klaviyo "Create Event" body (JSON:API, `POST https://a.klaviyo.com/api/events`).
fn klaviyo(survey: Option<&Survey>, response: &serde_json::Value, d: &Delivery) -> serde_json::Value {
    let context = &response["context"];
    let email = survey.and_then(|s| {
        s.questions
            .iter()
            .filter(|q| matches!(q.kind, QuestionKind::Email { .. }))
            .find_map(|q| response["answers"][&q.id].as_str().map(str::to_owned))
    });
    let mut profile = serde_json::Map::new();
    if let Some(e) = email {
        profile.insert("email".into(), json!(e));
    }
    match context["customer_id"].as_str() {
        Some(c) => profile.insert("external_id".into(), json!(c)),
        None => profile.insert("anonymous_id".into(), response["visitor_id"].clone()),
    };
    let mut properties = serde_json::Map::new();
    properties.insert("survey_id".into(), response["survey_id"].clone());
    properties.insert("survey_name".into(), json!(survey.and_then(|s| s.name.clone())));
    properties.insert("response_id".into(), response["response_id"].clone());
    properties.insert("status".into(), response["status"].clone());
    properties.insert("stage".into(), response["stage"].clone());
    properties.insert("trigger".into(), response["trigger"].clone());
    if let Some(answers) = response["answers"].as_object() {
        for (q, v) in answers {
            properties.insert(format!("answer_{q}"), v.clone());
        }
    }
    if let Some(ctx) = context.as_object() {
        for (k, v) in ctx {
            properties.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    let value = context["order_value"].as_f64().or_else(|| context["cart_value"].as_f64());
    let mut attributes = json!({
        "properties": properties,
        "metric": { "data": { "type": "metric", "attributes": { "name": format!("exitpoll {}", d.event) } } },
        "profile": { "data": { "type": "profile", "attributes": profile } },
        "time": response["updated_at"],
        "unique_id": d.delivery_id,
    });
    if let Some(v) = value {
        attributes["value"] = json!(v);
        if let Some(c) = context["currency"].as_str() {
            attributes["value_currency"] = json!(c);
        }
    }
    json!({ "data": { "type": "event", "attributes": attributes } })
}

/// Sends one delivery and says what to record.
async fn attempt(
    client: &reqwest::Client,
    state: &SharedState,
    settings: WebhookSettings,
    d: &Delivery,
) -> DeliveryOutcome {
    let config = state.config();
    let site = config.site(&d.site);
    let Some((site, hook)) = site.and_then(|s| s.webhook(&d.webhook).map(|h| (s, h))) else {
        return DeliveryOutcome::Dead { error: "the webhook is no longer configured".into() };
    };
    let now = now_ms();
    let body = match payload(site, hook, d, now) {
        Ok(b) => b,
        Err(e) => return DeliveryOutcome::Dead { error: e },
    };
    let mut request = client
        .post(&hook.url)
        .header("content-type", "application/json")
        .header(DELIVERY_HEADER, &d.delivery_id)
        .header(EVENT_HEADER, &d.event);
    if let Some(secret) = &hook.secret {
        request = request.header(SIGNATURE_HEADER, signature(secret.expose(), now / 1000, body.as_bytes()));
    }
    for (k, v) in &hook.headers {
        request = request.header(k.as_str(), v.expose());
    }
    let error = match request.body(body).send().await {
        Ok(r) if r.status().is_success() => return DeliveryOutcome::Delivered,
        Ok(r) => format!("HTTP {}", r.status().as_u16()),
        Err(e) if e.is_timeout() => "timed out".to_owned(),
        Err(e) if e.is_connect() => "connection failed".to_owned(),
        Err(e) => format!("request failed: {}", e.without_url()),
    };
    let now = now_ms();
    if now - d.created_at >= settings.give_up_after_ms {
        return DeliveryOutcome::Dead { error };
    }
    let at = (now + backoff(d.attempts, &d.delivery_id, settings.max_backoff_ms))
        .min(d.created_at + settings.give_up_after_ms);
    DeliveryOutcome::Retry { at, error }
}

fn client() -> reqwest::Client {
    // One process-wide TLS provider; a second install attempt is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .user_agent(concat!("exitpoll-collector/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("the HTTP client builds")
}

/// Runs the delivery worker until the task is aborted.
pub async fn run(state: SharedState) {
    let client = client();
    loop {
        tokio::select! {
            () = state.webhooks_due.notified() => {}
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
        let settings = state.config().webhooks;
        loop {
            let now = now_ms();
            let due = match state.store.claim_deliveries(now, now + LEASE_MS, BATCH).await {
                Ok(d) => d,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the webhook outbox");
                    break;
                }
            };
            if due.is_empty() {
                break;
            }
            let results =
                futures::future::join_all(due.iter().map(|d| attempt(&client, &state, settings, d))).await;
            for (d, outcome) in due.iter().zip(results) {
                let result = match &outcome {
                    DeliveryOutcome::Delivered => "delivered",
                    DeliveryOutcome::Retry { .. } => "failed",
                    DeliveryOutcome::Dead { .. } => "dead",
                };
                state.metrics.webhook(&d.webhook, result);
                match &outcome {
                    DeliveryOutcome::Delivered => {
                        tracing::info!(site = %d.site, webhook = %d.webhook, delivery = %d.delivery_id, "webhook delivered");
                    }
                    DeliveryOutcome::Retry { error, .. } => {
                        tracing::info!(site = %d.site, webhook = %d.webhook, delivery = %d.delivery_id, %error, "webhook failed; will retry");
                    }
                    DeliveryOutcome::Dead { error } => {
                        tracing::warn!(site = %d.site, webhook = %d.webhook, delivery = %d.delivery_id, %error, "webhook given up: dead letter");
                    }
                }
                if let Err(e) = state.store.finish_delivery(&d.delivery_id, now_ms(), outcome).await {
                    tracing::warn!(error = %e, "cannot record a webhook result; it will be retried after its lease");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;

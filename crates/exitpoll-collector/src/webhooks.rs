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
//! Each delivery is sent by a task of its own, so receivers do not wait for
//! one another: a webhook has at most [`SLOTS_PER_WEBHOOK`] deliveries
//! claimed at a time (a claim may add up to [`BATCH`] more), and while its
//! slots are taken the worker claims only other webhooks' deliveries. A
//! receiver that never answers thus occupies its own slots for one attempt
//! deadline (`[webhooks] attempt_timeout_seconds`), after which the attempt
//! fails and is retried with backoff like any failure.
//!
//! Delivery is at least once: a crash between sending and recording sends
//! again after the lease, which outlasts the attempt deadline. Every request
//! carries the same `Exitpoll-Delivery` id each time, so receivers can drop
//! repeats.
//!
//! Signing, with the webhook's secret: `Exitpoll-Signature:
//! t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">,v2=<hex HMAC-SHA256
//! of "<t>.<delivery id>.<event>.<body>">`. `v2` also covers the
//! `Exitpoll-Delivery` and `Exitpoll-Event` headers receivers act on; `v1`
//! stays for receivers that only know it.

use crate::config::{Site, Webhook, WebhookFormat, WebhookSettings};
use crate::http::SharedState;
use crate::store::{Delivery, DeliveryOutcome, Millis};
use exitpoll_protocol::config::{QuestionKind, Survey};
use exitpoll_protocol::json::Value;
use exitpoll_protocol::time::format_timestamp;
use hmac::{KeyInit, Mac};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use std::time::Duration;

/// How long a claimed delivery stays reserved beyond its attempt deadline,
/// for recording the result; with the default deadline of 10 s a lease is
/// 60 s. Every claimed delivery is sent at once, so the lease never has to
/// cover a wait in a queue.
const LEASE_MARGIN_MS: Millis = 50_000;
/// Deliveries claimed by one query.
const BATCH: usize = 32;
/// A webhook with this many deliveries in flight gets no more until one ends.
const SLOTS_PER_WEBHOOK: usize = 32;
/// Deliveries in flight for all webhooks together.
const MAX_IN_FLIGHT: usize = 1024;
/// The longest wait for a TCP (and TLS) connection, within the attempt deadline.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

pub const SIGNATURE_HEADER: &str = "exitpoll-signature";
pub const DELIVERY_HEADER: &str = "exitpoll-delivery";
pub const EVENT_HEADER: &str = "exitpoll-event";

fn now_ms() -> Millis {
    crate::http::now_ms()
}

/// What a signature covers: the request body and the two headers receivers
/// rely on (they dedupe on the delivery id and dispatch on the event).
#[derive(Debug, Clone, Copy)]
pub struct Signed<'a> {
    pub delivery_id: &'a str,
    pub event: &'a str,
    pub body: &'a [u8],
}

fn hmac_hex(secret: &str, parts: &[&[u8]]) -> String {
    let mut mac =
        hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            mac.update(b".");
        }
        mac.update(part);
    }
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// `t=<seconds>,v1=<hex hmac of "<t>.<body>">,v2=<hex hmac of
/// "<t>.<delivery id>.<event>.<body>">` for a request sent at `unix_seconds`.
/// `v1` stays for receivers written before `v2`; it does not cover the headers.
pub fn signature(secret: &str, unix_seconds: i64, signed: Signed<'_>) -> String {
    let t = unix_seconds.to_string();
    let v1 = hmac_hex(secret, &[t.as_bytes(), signed.body]);
    let v2 = hmac_hex(
        secret,
        &[t.as_bytes(), signed.delivery_id.as_bytes(), signed.event.as_bytes(), signed.body],
    );
    format!("t={t},v1={v1},v2={v2}")
}

/// The parts of a signature header: `t` and each scheme's digest.
struct SignatureHeader<'a> {
    t: Option<i64>,
    v1: Option<&'a str>,
    v2: Option<&'a str>,
}

fn parse_signature(header: &str) -> SignatureHeader<'_> {
    let mut parts = SignatureHeader { t: None, v1: None, v2: None };
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => parts.t = v.parse::<i64>().ok(),
            Some(("v1", v)) => parts.v1 = Some(v),
            Some(("v2", v)) => parts.v2 = Some(v),
            _ => {}
        }
    }
    parts
}

fn equal_in_constant_time(expected: &str, got: &str) -> bool {
    use subtle::ConstantTimeEq;
    expected.len() == got.len() && bool::from(expected.as_bytes().ct_eq(got.as_bytes()))
}

/// Checks a signature header the way a receiver should: the timestamp is
/// within `tolerance_s` of `now_s` (so a captured request cannot be replayed
/// later) and `v2` matches the delivery id, event and body; a header without
/// `v2` (a collector older than `v2`) is checked by `v1`, over the body only.
/// A receiver that knows its sender signs with `v2` should use
/// [`verify_request`], which insists on it: otherwise stripping `v2` would
/// leave the headers unprotected.
pub fn verify(secret: &str, header: &str, signed: Signed<'_>, now_s: i64, tolerance_s: i64) -> bool {
    let parts = parse_signature(header);
    let Some(t) = parts.t else { return false };
    if (now_s - t).abs() > tolerance_s {
        return false;
    }
    match parts.v2 {
        Some(v2) => {
            let ts = t.to_string();
            let expected = hmac_hex(
                secret,
                &[ts.as_bytes(), signed.delivery_id.as_bytes(), signed.event.as_bytes(), signed.body],
            );
            equal_in_constant_time(&expected, v2)
        }
        None => verify_v1(secret, header, signed.body, now_s, tolerance_s),
    }
}

/// The `v1` check alone: the timestamp and the body, not the headers.
pub fn verify_v1(secret: &str, header: &str, body: &[u8], now_s: i64, tolerance_s: i64) -> bool {
    let parts = parse_signature(header);
    let (Some(t), Some(v1)) = (parts.t, parts.v1) else { return false };
    if (now_s - t).abs() > tolerance_s {
        return false;
    }
    equal_in_constant_time(&hmac_hex(secret, &[t.to_string().as_bytes(), body]), v1)
}

/// Verifies a whole delivery request as this collector sends it: the
/// `Exitpoll-Signature` header must carry a `v2` that matches the
/// `Exitpoll-Delivery` and `Exitpoll-Event` headers and the body.
pub fn verify_request(
    secret: &str,
    headers: &axum::http::HeaderMap,
    body: &[u8],
    now_s: i64,
    tolerance_s: i64,
) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (Some(signature), Some(delivery_id), Some(event)) =
        (header(SIGNATURE_HEADER), header(DELIVERY_HEADER), header(EVENT_HEADER))
    else {
        return false;
    };
    parse_signature(signature).v2.is_some()
        && verify(secret, signature, Signed { delivery_id, event, body }, now_s, tolerance_s)
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
            let answers = Value::deserialize(&response["answers"]).unwrap_or(Value::Null);
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
        .timeout(settings.attempt_timeout)
        .header("content-type", "application/json")
        .header(DELIVERY_HEADER, &d.delivery_id)
        .header(EVENT_HEADER, &d.event);
    if let Some(secret) = &hook.secret {
        let signed = Signed { delivery_id: &d.delivery_id, event: &d.event, body: body.as_bytes() };
        request = request.header(SIGNATURE_HEADER, signature(secret.expose(), now / 1000, signed));
    }
    for (k, v) in &hook.headers {
        request = request.header(k.as_str(), v.expose());
    }
    // reqwest's timeout covers connecting and the answer's head; the outer
    // one also covers anything before the request is written.
    let sent = tokio::time::timeout(settings.attempt_timeout, request.body(body).send()).await;
    let error = match sent {
        Ok(Ok(r)) if r.status().is_success() => return DeliveryOutcome::Delivered,
        Ok(Ok(r)) => format!("HTTP {}", r.status().as_u16()),
        Err(_) => "timed out".to_owned(),
        Ok(Err(e)) if e.is_timeout() => "timed out".to_owned(),
        Ok(Err(e)) if e.is_connect() => "connection failed".to_owned(),
        Ok(Err(e)) => format!("request failed: {}", e.without_url()),
    };
    let now = now_ms();
    if now - d.created_at >= settings.give_up_after_ms {
        return DeliveryOutcome::Dead { error };
    }
    let at = (now + backoff(d.attempts, &d.delivery_id, settings.max_backoff_ms))
        .min(d.created_at + settings.give_up_after_ms);
    DeliveryOutcome::Retry { at, error }
}

/// Sends a claimed delivery and records the result.
async fn deliver(client: reqwest::Client, state: SharedState, settings: WebhookSettings, d: Delivery) {
    let outcome = attempt(&client, &state, settings, &d).await;
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

fn client() -> reqwest::Client {
    // One process-wide TLS provider; a second install attempt is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .user_agent(concat!("exitpoll-collector/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("the HTTP client builds")
}

/// Runs the delivery worker until the task is aborted (which aborts the
/// attempts in flight; their leases expire and they are sent again).
pub async fn run(state: SharedState) {
    let client = client();
    let mut sending = tokio::task::JoinSet::new();
    // The webhook, as `(site, webhook)`, of each delivery in flight.
    let mut in_flight: HashMap<tokio::task::Id, (String, String)> = HashMap::new();
    loop {
        let settings = state.config().webhooks;
        let lease_ms = settings.attempt_timeout.as_millis() as Millis + LEASE_MARGIN_MS;
        // Claim until nothing more is due for a webhook with a free slot.
        while in_flight.len() < MAX_IN_FLIGHT {
            let mut per_webhook: HashMap<&(String, String), usize> = HashMap::new();
            for key in in_flight.values() {
                *per_webhook.entry(key).or_default() += 1;
            }
            let full: Vec<(String, String)> = per_webhook
                .into_iter()
                .filter(|(_, n)| *n >= SLOTS_PER_WEBHOOK)
                .map(|(k, _)| k.clone())
                .collect();
            let now = now_ms();
            let limit = BATCH.min(MAX_IN_FLIGHT - in_flight.len());
            let due = match state.store.claim_deliveries(now, now + lease_ms, limit, &full).await {
                Ok(d) => d,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the webhook outbox");
                    break;
                }
            };
            if due.is_empty() {
                break;
            }
            for d in due {
                let key = (d.site.clone(), d.webhook.clone());
                let task = sending.spawn(deliver(client.clone(), state.clone(), settings, d));
                in_flight.insert(task.id(), key);
            }
        }
        tokio::select! {
            () = state.webhooks_due.notified() => {}
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
            Some(done) = sending.join_next_with_id() => {
                in_flight.remove(&done.map_or_else(|e| e.id(), |(id, ())| id));
            }
        }
        while let Some(done) = sending.try_join_next_with_id() {
            in_flight.remove(&done.map_or_else(|e| e.id(), |(id, ())| id));
        }
    }
}

#[cfg(test)]
mod tests;

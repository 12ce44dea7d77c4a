//! Webhooks against a real receiver on 127.0.0.1: signatures, delivery within
//! seconds, an outage and the catch-up afterwards (each delivery id once),
//! the give-up horizon and dead letters; and the payload formats.

use super::*;
use crate::config::{self, CollectorConfig};
use crate::metrics::Metrics;
use crate::server;
use axum::http::HeaderMap;
use axum::routing::post;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;

const SECRET: &str = "whsec-0123456789abcdef";
const TOKEN: &str = "test-admin-token-0123456789";

const SITE_CONFIG: &str = r#"{"site": "demo", "surveys": [{"id": "cart-exit", "name": "Leaving the cart",
  "trigger": {"type": "exit_intent"}, "questions": [
    {"id": "reason", "type": "single_choice", "prompt": "What stopped you?", "choices": [{"id": "price", "label": "Price"}, {"id": "ship", "label": "Shipping"}]},
    {"id": "mail", "type": "email", "prompt": "Your email?"}]}]}"#;

/// What a receiver got: delivery id, event, body, whether the signature verified.
#[derive(Debug, Clone)]
struct Received {
    delivery: String,
    event: String,
    body: serde_json::Value,
    verified: bool,
    at: std::time::Instant,
}

type Inbox = Arc<Mutex<Vec<Received>>>;

/// A webhook receiver that verifies signatures the documented way (`v2`,
/// which covers the delivery id and event headers).
async fn receiver(listener: TcpListener, inbox: Inbox) {
    let app = axum::Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: axum::body::Bytes| {
            let inbox = inbox.clone();
            async move {
                let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                let now = crate::http::now_ms() / 1000;
                inbox.lock().unwrap().push(Received {
                    delivery: h(DELIVERY_HEADER),
                    event: h(EVENT_HEADER),
                    body: serde_json::from_slice(&body).unwrap_or_default(),
                    verified: verify_request(SECRET, &headers, &body, now, 300),
                    at: std::time::Instant::now(),
                });
                "ok"
            }
        }),
    );
    axum::serve(listener, app).await.unwrap();
}

struct Collector {
    url: String,
    state: SharedState,
    _dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Collector {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

/// A collector on port 0 whose site has one webhook to `hook_url`, and the
/// `[[sites.webhooks]]` tables in `more_webhooks`.
async fn collector(hook_url: &str, extra_toml: &str, events: &str, more_webhooks: &str) -> Collector {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("demo.json"), SITE_CONFIG).unwrap();
    let toml = format!(
        r#"database = "sqlite://{db}"
{extra_toml}
[[sites]]
id = "demo"
admin_token = "{TOKEN}"
config = "demo.json"
[[sites.webhooks]]
name = "crm"
url = "{hook_url}"
events = {events}
secret = "{SECRET}"
{more_webhooks}
"#,
        db = dir.path().join("w.db").display()
    );
    let file = dir.path().join("exitpoll.toml");
    std::fs::write(&file, &toml).unwrap();
    let config: CollectorConfig = config::parse(&toml, &file, |_| None).unwrap_or_else(|e| panic!("{e}"));
    let metrics = Arc::new(Metrics::new());
    let store = server::open_store(&config.database, &metrics).await.unwrap();
    let state = server::state(config, store, false, metrics);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server::run(listener, state.clone(), async {
        let _ = stopped.await;
    }));
    Collector { url, state, _dir: dir, stop: Some(stop) }
}

fn snapshot(n: u32, status: &str, answers: &str) -> String {
    format!(
        r#"{{"response_id": "0193a1e2-7c5d-7b1e-9f00-{n:012x}", "revision": {rev}, "survey_id": "cart-exit", "status": "{status}",
            "answers": {answers}, "shown_at": "2026-11-22T10:00:00.000Z", "updated_at": "2026-11-22T10:00:09.000Z",
            "visitor_id": "v_{n}", "session_id": "s_1", "trigger": "exit_intent", "stage": "cart", "device": "desktop",
            "locale": "en", "page_url": "https://shop.example/cart", "context": {{"cart_value": 84.5, "currency": "EUR"}}}}"#,
        rev = if status == "completed" { 3 } else { 2 }
    )
}

async fn post_responses(c: &Collector, items: &[String]) {
    let body = format!(r#"{{"responses": [{}]}}"#, items.join(","));
    let r = client().post(format!("{}/v1/sites/demo/responses", c.url)).body(body).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
}

async fn status(c: &Collector) -> serde_json::Value {
    let r =
        client().get(format!("{}/v1/sites/demo/webhooks", c.url)).bearer_auth(TOKEN).send().await.unwrap();
    serde_json::from_str(&r.text().await.unwrap()).unwrap()
}

async fn wait_for(mut check: impl FnMut() -> bool, secs: u64) -> bool {
    let until = std::time::Instant::now() + Duration::from_secs(secs);
    while std::time::Instant::now() < until {
        if check() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    check()
}

const SIGNED: Signed<'static> = Signed {
    delivery_id: "d6f0c1a2-0000-4000-8000-000000000001",
    event: "response.completed",
    body: br#"{"event":"response.completed"}"#,
};

#[test]
fn signatures_verify_and_reject_tampering_and_replays() {
    let t = 1_795_341_609;
    let header = signature(SECRET, t, SIGNED);
    assert!(header.starts_with("t=1795341609,v1="), "{header}");
    assert!(header.contains(",v2="), "{header}");
    assert!(verify(SECRET, &header, SIGNED, t + 60, 300));
    assert!(verify_v1(SECRET, &header, SIGNED.body, t + 60, 300), "v1 still verifies for old receivers");
    let body = br#"{"event":"response.partial"}"#;
    assert!(!verify(SECRET, &header, Signed { body, ..SIGNED }, t, 300), "a changed body");
    assert!(!verify_v1(SECRET, &header, body, t, 300), "a changed body, by v1");
    assert!(!verify("another-secret-0000", &header, SIGNED, t, 300), "another secret");
    assert!(!verify(SECRET, &header, SIGNED, t + 301, 300), "a replay after the tolerance");
    assert!(!verify(SECRET, "v1=abc", SIGNED, t, 300), "no timestamp");
    // The headers receivers act on are covered by v2, not by v1.
    for tampered in [
        Signed { delivery_id: "d6f0c1a2-0000-4000-8000-000000000002", ..SIGNED },
        Signed { event: "response.partial", ..SIGNED },
    ] {
        assert!(!verify(SECRET, &header, tampered, t, 300), "{tampered:?}");
        assert!(verify_v1(SECRET, &header, tampered.body, t, 300), "v1 cannot tell: {tampered:?}");
    }
    // A header from a collector that only signed v1 is checked by v1.
    let v1_only = header.split(",v2=").next().unwrap();
    assert!(verify(SECRET, v1_only, SIGNED, t, 300));
    assert!(!verify(SECRET, v1_only, Signed { body, ..SIGNED }, t, 300));
}

#[test]
fn a_whole_request_verifies_only_with_v2_and_its_own_headers() {
    let now = 1_795_341_609;
    let request = |signature: &str, delivery: &str, event: &str| {
        let mut h = HeaderMap::new();
        h.insert(SIGNATURE_HEADER, signature.parse().unwrap());
        h.insert(DELIVERY_HEADER, delivery.parse().unwrap());
        h.insert(EVENT_HEADER, event.parse().unwrap());
        h
    };
    let header = signature(SECRET, now, SIGNED);
    let check = |h: &HeaderMap| verify_request(SECRET, h, SIGNED.body, now, 300);
    assert!(check(&request(&header, SIGNED.delivery_id, SIGNED.event)));
    assert!(!check(&request(&header, "d6f0c1a2-0000-4000-8000-000000000002", SIGNED.event)), "another id");
    assert!(!check(&request(&header, SIGNED.delivery_id, "response.partial")), "another event");
    let v1_only = header.split(",v2=").next().unwrap();
    assert!(!check(&request(v1_only, SIGNED.delivery_id, SIGNED.event)), "v2 stripped");
    let mut no_event = request(&header, SIGNED.delivery_id, SIGNED.event);
    no_event.remove(EVENT_HEADER);
    assert!(!check(&no_event), "no event header");
}

#[test]
fn backoff_doubles_with_jitter_up_to_the_cap() {
    let waits: Vec<Millis> = (0..20).map(|n| backoff(n, "d-1", 3_600_000)).collect();
    assert!((800..=1200).contains(&waits[0]), "{waits:?}");
    assert!((1600..=2400).contains(&waits[1]));
    assert!(waits.iter().all(|w| *w <= 4_320_000), "capped: {waits:?}");
    assert!(waits[19] >= 2_880_000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_delivery_arrives_within_seconds() {
    let inbox: Inbox = Default::default();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(receiver(listener, inbox.clone()));
    let c = collector(&hook, "", r#"["response.completed", "response.partial"]"#, "").await;
    let sent = std::time::Instant::now();
    post_responses(
        &c,
        &[
            snapshot(1, "completed", r#"{"reason": "price", "mail": "a@b.co"}"#),
            snapshot(2, "partial", r#"{"reason": "ship"}"#),
        ],
    )
    .await;
    assert!(wait_for(|| inbox.lock().unwrap().len() == 2, 10).await, "two deliveries");
    let got = inbox.lock().unwrap().clone();
    for r in &got {
        assert!(r.verified, "signature verifies: {r:?}");
        assert!(
            r.at.duration_since(sent) < Duration::from_secs(5),
            "within 5 s: {:?}",
            r.at.duration_since(sent)
        );
    }
    let completed = got.iter().find(|r| r.event == "response.completed").unwrap();
    assert_eq!(completed.body["delivery_id"], completed.delivery);
    assert_eq!(completed.body["survey"]["name"], "Leaving the cart");
    assert_eq!(completed.body["survey"]["questions"][0]["prompt"], "What stopped you?");
    assert_eq!(completed.body["response"]["answers"]["reason"], "price");
    assert_eq!(completed.body["response"]["context"]["cart_value"], 84.5);
    let metrics = c.state.metrics.render();
    assert!(
        metrics.contains(r#"exitpoll_webhook_attempts_total{webhook="crm",result="delivered"} 2"#),
        "{metrics}"
    );
    assert_eq!(status(&c).await["outbox"]["delivered"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_an_outage_every_delivery_arrives_exactly_once() {
    // The receiver's port is reserved but nothing listens yet.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let hook = format!("http://{addr}/hook");
    let c = collector(&hook, "", r#"["response.completed"]"#, "").await;
    let items: Vec<String> = (1..=5).map(|n| snapshot(n, "completed", r#"{"reason": "price"}"#)).collect();
    post_responses(&c, &items).await;
    // A retry of the same snapshots queues nothing new.
    post_responses(&c, &items).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let down = status(&c).await;
    assert_eq!(down["outbox"]["pending"], 5, "{down}");
    assert!(c.state.metrics.render().contains(r#"result="failed""#));
    let inbox: Inbox = Default::default();
    let listener = TcpListener::bind(addr).await.unwrap();
    tokio::spawn(receiver(listener, inbox.clone()));
    assert!(wait_for(|| inbox.lock().unwrap().len() >= 5, 15).await, "caught up");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let got = inbox.lock().unwrap().clone();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for r in &got {
        *ids.entry(r.delivery.clone()).or_default() += 1;
        assert!(r.verified);
    }
    assert_eq!(ids.len(), 5, "{ids:?}");
    assert!(ids.values().all(|n| *n == 1), "each delivery id exactly once: {ids:?}");
    assert_eq!(status(&c).await["outbox"]["delivered"], 5);
}

/// A receiver that accepts every connection, reads the request head, notes
/// its `Exitpoll-Delivery` id and never answers; it holds the socket until
/// the sender gives up and closes it.
async fn never_answers(listener: TcpListener, seen: Arc<Mutex<Vec<String>>>) {
    use tokio::io::AsyncReadExt;
    loop {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        let seen = seen.clone();
        tokio::spawn(async move {
            let mut head = Vec::new();
            let mut buf = [0u8; 4096];
            let mut noted = false;
            while let Ok(n @ 1..) = socket.read(&mut buf).await {
                head.extend_from_slice(&buf[..n]);
                if !noted && head.windows(4).any(|w| w == b"\r\n\r\n") {
                    noted = true;
                    let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
                    let id = text
                        .lines()
                        .find_map(|l| l.strip_prefix("exitpoll-delivery: "))
                        .unwrap_or_default()
                        .trim()
                        .to_owned();
                    seen.lock().unwrap().push(id);
                }
            }
        });
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_that_never_answers_does_not_delay_another() {
    let inbox: Inbox = Default::default();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(receiver(listener, inbox.clone()));
    let hung: Arc<Mutex<Vec<String>>> = Default::default();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hanging = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(never_answers(listener, hung.clone()));
    // An attempt deadline beyond the 5 s promised to the healthy receiver, so
    // that sending the two receivers' deliveries together would break it.
    let c = collector(
        &hook,
        "[webhooks]\nattempt_timeout_seconds = 6\n",
        r#"["response.completed"]"#,
        &format!("[[sites.webhooks]]\nname = \"slow\"\nurl = \"{hanging}\"\nsecret = \"{SECRET}\"\n"),
    )
    .await;
    let n = 30u32;
    let mut stored_at = HashMap::new();
    for i in 1..=n {
        post_responses(&c, &[snapshot(i, "completed", r#"{"reason": "price"}"#)]).await;
        stored_at.insert(format!("0193a1e2-7c5d-7b1e-9f00-{i:012x}"), std::time::Instant::now());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_for(|| inbox.lock().unwrap().len() >= n as usize, 10).await;
    let mut waits: Vec<Duration> = inbox
        .lock()
        .unwrap()
        .iter()
        .map(|r| {
            let id = r.body["response"]["response_id"].as_str().unwrap();
            r.at.saturating_duration_since(stored_at[id])
        })
        .collect();
    waits.sort();
    let median = waits.get(waits.len() / 2).copied().unwrap_or_default();
    let max = waits.last().copied().unwrap_or_default();
    eprintln!(
        "healthy receiver beside a hanging one: {} of {n} deliveries, median {median:?}, max {max:?}",
        waits.len()
    );
    assert_eq!(waits.len(), n as usize, "the healthy receiver got every delivery within 10 s: {waits:?}");
    assert!(max < Duration::from_secs(5), "every delivery within 5 s of its response: {waits:?}");
    // The hanging receiver's deliveries time out, are recorded as failed and
    // are sent again.
    let retried = wait_for(
        || {
            let seen = hung.lock().unwrap();
            let mut counts: HashMap<&str, usize> = HashMap::new();
            for id in seen.iter() {
                *counts.entry(id.as_str()).or_default() += 1;
            }
            counts.len() == n as usize && counts.values().all(|k| *k >= 2)
        },
        25,
    )
    .await;
    assert!(retried, "each hanging delivery attempted twice: {:?}", hung.lock().unwrap().len());
    let metrics = c.state.metrics.render();
    let failed = metrics
        .lines()
        .find_map(|l| l.strip_prefix(r#"exitpoll_webhook_attempts_total{webhook="slow",result="failed"} "#))
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(0);
    assert!(failed >= n, "{failed} failed attempts recorded: {metrics}");
    assert!(!metrics.contains(r#"webhook="crm",result="failed""#), "{metrics}");
    let s = status(&c).await;
    assert_eq!(s["outbox"]["delivered"], n, "{s}");
    assert_eq!(s["outbox"]["pending"], n, "the hanging receiver's deliveries wait for a retry: {s}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_give_up_horizon_a_delivery_becomes_a_visible_dead_letter() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let c = collector(
        &format!("http://{addr}/hook"),
        "[webhooks]\ngive_up_after_seconds = 2\n",
        r#"["response.completed"]"#,
        "",
    )
    .await;
    post_responses(&c, &[snapshot(9, "completed", r#"{"reason": "ship"}"#)]).await;
    let dead = wait_for(
        || {
            c.state
                .metrics
                .render()
                .contains(r#"exitpoll_webhook_attempts_total{webhook="crm",result="dead"} 1"#)
        },
        10,
    )
    .await;
    assert!(dead, "{}", c.state.metrics.render());
    let s = status(&c).await;
    assert_eq!((s["outbox"]["dead"].as_u64(), s["outbox"]["pending"].as_u64()), (Some(1), Some(0)), "{s}");
    let letter = &s["outbox"]["dead_letters"][0];
    assert_eq!(letter["webhook"], "crm");
    assert_eq!(letter["response_id"], "0193a1e2-7c5d-7b1e-9f00-000000000009");
    assert_eq!(letter["last_error"], "connection failed");
    assert!(letter["attempts"].as_u64().unwrap() >= 2);
    assert_eq!(s["webhooks"][0]["url"], format!("http://{addr}/hook"));
    assert_eq!(s["webhooks"][0]["signed"], true);
}

fn payload_for(format: WebhookFormat, response: &str) -> serde_json::Value {
    let site_config = exitpoll_protocol::SiteConfig::decode(SITE_CONFIG).into_strict().unwrap();
    let site =
        Site::new("demo".into(), vec![], config::Secret::new("x".repeat(16)), site_config, "d.json".into());
    let hook = Webhook {
        name: "h".into(),
        url: "https://x.example".into(),
        completed: true,
        partial: false,
        format,
        secret: None,
        headers: vec![],
    };
    let d = Delivery {
        delivery_id: "d6f0c1a2-0000-4000-8000-000000000001".into(),
        site: "demo".into(),
        webhook: "h".into(),
        event: crate::store::EVENT_COMPLETED.into(),
        response: response.into(),
        attempts: 0,
        created_at: 0,
    };
    serde_json::from_str(&payload(&site, &hook, &d, 1_795_341_609_000).unwrap()).unwrap()
}

#[test]
fn slack_and_klaviyo_payloads() {
    let row = exitpoll_protocol::response::decode_batch(&format!(
        r#"{{"responses": [{}]}}"#,
        snapshot(4, "completed", r#"{"reason": "ship", "mail": "shopper@example.com"}"#)
            .replace(r#""currency": "EUR""#, r#""currency": "EUR", "customer_id": "c-77""#)
    ))
    .unwrap()
    .remove(0);
    let response = crate::store::Row::from_snapshot(row, 1_795_341_609_000).to_json();
    let slack = payload_for(WebhookFormat::Slack, &response);
    expect_test::expect![[r#""New exitpoll response to *Leaving the cart*: completed on cart (desktop)\n• *What stopped you?*: Shipping\n• *Your email?*: shopper@example.com""#]]
    .assert_eq(&slack["text"].to_string());
    let k = payload_for(WebhookFormat::Klaviyo, &response);
    let a = &k["data"]["attributes"];
    assert_eq!(k["data"]["type"], "event");
    assert_eq!(a["metric"]["data"]["attributes"]["name"], "exitpoll response.completed");
    assert_eq!(
        a["profile"]["data"]["attributes"],
        serde_json::json!({"email": "shopper@example.com", "external_id": "c-77"})
    );
    assert_eq!(a["properties"]["answer_reason"], "ship");
    assert_eq!(a["properties"]["survey_name"], "Leaving the cart");
    assert_eq!(a["value"], 84.5);
    assert_eq!(a["value_currency"], "EUR");
    assert_eq!(a["unique_id"], "d6f0c1a2-0000-4000-8000-000000000001");
    assert_eq!(a["time"], "2026-11-22T10:00:09.000Z");
}

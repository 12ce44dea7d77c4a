//! Every route and every error path of the HTTP API (README.md), through the real
//! router (`oneshot`) on a real SQLite file.

use super::*;
use crate::config::{Secret, Site};
use crate::limits::LimitSettings;
use crate::store::sqlite::{SqliteOptions, SqliteStore};
use axum::body::Body;
use axum::http::Request as HttpRequest;
use http_body_util::BodyExt;
use tower::ServiceExt;

const TOKEN: &str = "test-admin-token-0123456789";
const ORIGIN: &str = "https://shop.example";

const SITE_CONFIG: &str = r#"{"site": "demo", "surveys": [{"id": "cart-exit", "trigger": {"type": "exit_intent"},
    "questions": [
      {"id": "reason", "type": "single_choice", "required": true, "prompt": "Why?", "allow_other": true,
       "choices": [{"id": "price", "label": "Price"}, {"id": "shipping", "label": "Shipping"}]},
      {"id": "nps", "type": "nps", "prompt": "How likely?"},
      {"id": "note", "type": "text", "prompt": "Anything else?", "max_length": 200}]}]}"#;

struct Harness {
    app: Router,
    state: SharedState,
    _dir: Option<tempfile::TempDir>,
    /// A PostgreSQL schema of its own, dropped with the harness.
    _backend: Option<crate::store::tests::Backend>,
}

fn harness_with(limits: LimitSettings, options: SqliteOptions) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let metrics = Arc::new(Metrics::new());
    let store = SqliteStore::open(&dir.path().join("h.db"), options, Some(metrics.observer())).unwrap();
    let mut h = harness_on(Arc::new(store), metrics, limits);
    h._dir = Some(dir);
    h
}

/// The test site on `store`, with `limits`.
fn harness_on(store: Arc<dyn Store>, metrics: Arc<Metrics>, limits: LimitSettings) -> Harness {
    let site_config = exitpoll_protocol::SiteConfig::decode(SITE_CONFIG).into_strict().unwrap();
    let site = Site::new(
        "demo".into(),
        vec![ORIGIN.into()],
        Secret::new(TOKEN.into()),
        site_config,
        "demo.json".into(),
    );
    let config = CollectorConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        database: crate::config::Database::parse("sqlite://h.db").unwrap(),
        limits,
        webhooks: Default::default(),
        server: Default::default(),
        sites: vec![site],
        file: None,
    };
    let state = Arc::new(AppState::new(config, store, false, metrics));
    Harness { app: app(state.clone()), state, _dir: None, _backend: None }
}

/// The test site on a fresh PostgreSQL database, when `EXITPOLL_TEST_POSTGRES` names a database.
async fn postgres_harness(limits: LimitSettings) -> Option<Harness> {
    let backend = crate::store::tests::postgres().await?;
    let mut h = harness_on(backend.store.clone(), Arc::new(Metrics::new()), limits);
    h._backend = Some(backend);
    Some(h)
}

fn harness() -> Harness {
    harness_with(LimitSettings::default(), SqliteOptions::default())
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
    bytes: Bytes,
}

impl Reply {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_default().to_owned()
    }
}

impl Harness {
    async fn call(&self, method: &str, uri: &str, headers: &[(&str, &str)], body: impl Into<Body>) -> Reply {
        let mut req = HttpRequest::builder().method(method).uri(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut req = req.body(body.into()).unwrap();
        req.extensions_mut().insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        let response = self.app.clone().oneshot(req).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes }
    }

    async fn post(&self, body: &str) -> Reply {
        self.call(
            "POST",
            "/v1/sites/demo/responses",
            &[("content-type", "text/plain;charset=UTF-8"), ("origin", ORIGIN)],
            body.to_owned(),
        )
        .await
    }

    async fn admin(&self, method: &str, uri: &str) -> Reply {
        self.call(method, uri, &[("authorization", &format!("Bearer {TOKEN}"))], Body::empty()).await
    }
}

fn snapshot(id: u32, revision: u32, status: &str, answers: &str) -> String {
    format!(
        r#"{{"response_id": "0193a1e2-7c5d-7b1e-9f00-{id:012x}", "revision": {revision}, "survey_id": "cart-exit",
            "status": "{status}", "answers": {answers}, "shown_at": "2026-11-2{}T10:00:00.000Z",
            "updated_at": "2026-11-2{}T10:00:09.000Z", "visitor_id": "v_1", "session_id": "s_1",
            "trigger": "exit_intent", "stage": "{}", "device": "desktop", "locale": "en",
            "page_url": "https://shop.example/cart", "context": {{"cart_value": 84.5, "currency": "EUR"}}}}"#,
        id % 3,
        id % 3,
        if id.is_multiple_of(2) { "cart" } else { "checkout" }
    )
}

fn batch(items: &[String]) -> String {
    format!(r#"{{"responses": [{}]}}"#, items.join(","))
}

#[tokio::test]
async fn config_with_etag_304_cors_and_404() {
    let h = harness();
    let r = h.call("GET", "/v1/sites/demo/config", &[("origin", ORIGIN)], Body::empty()).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["surveys"][0]["id"], "cart-exit");
    assert_eq!(r.headers["access-control-allow-origin"], ORIGIN);
    assert_eq!(r.headers["cache-control"], "public, max-age=60");
    assert!(!r.body.contains(TOKEN), "secrets never appear in the config");
    // The widget decodes what it is served to the very config, without a problem to report.
    assert_eq!(
        exitpoll_protocol::SiteConfig::decode(&r.body).into_strict().as_ref(),
        Ok(&*h.state.config().sites[0].config)
    );
    let etag = r.headers["etag"].to_str().unwrap().to_owned();
    let r = h.call("GET", "/v1/sites/demo/config", &[("if-none-match", &etag)], Body::empty()).await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::NOT_MODIFIED, ""));
    let r = h.call("GET", "/v1/sites/nope/config", &[], Body::empty()).await;
    assert_eq!((r.status, r.error_code().as_str()), (StatusCode::NOT_FOUND, "unknown_site"));
    let r =
        h.call("GET", "/v1/sites/demo/config", &[("origin", "https://evil.example")], Body::empty()).await;
    assert_eq!((r.status, r.error_code().as_str()), (StatusCode::FORBIDDEN, "origin_not_allowed"));
    let r = h.call("OPTIONS", "/v1/sites/demo/responses", &[("origin", ORIGIN)], Body::empty()).await;
    assert_eq!(r.status, 204);
    assert_eq!(r.headers["access-control-allow-methods"], "GET, POST, OPTIONS");
}

#[tokio::test]
async fn posting_stores_once_and_counts_duplicates() {
    let h = harness();
    let body = batch(&[snapshot(1, 1, "shown", "{}"), snapshot(2, 2, "partial", r#"{"reason": "price"}"#)]);
    let r = h.post(&body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json(), serde_json::json!({"stored": 2, "duplicates": 0}));
    assert_eq!(r.headers["access-control-allow-origin"], ORIGIN);
    let r = h.post(&body).await;
    assert_eq!(r.json(), serde_json::json!({"stored": 0, "duplicates": 2}));
    // application/json and no content type work too; no Origin means not a browser.
    let r = h
        .call(
            "POST",
            "/v1/sites/demo/responses",
            &[("content-type", "application/json")],
            batch(&[snapshot(3, 1, "shown", "{}")]),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = h.call("POST", "/v1/sites/demo/responses", &[], batch(&[snapshot(4, 1, "shown", "{}")])).await;
    assert_eq!(r.status, 200);
    let r = h.admin("GET", "/v1/sites/demo/responses").await;
    assert_eq!(r.json()["responses"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn every_bad_post_gets_a_4xx_naming_the_problem() {
    let h = harness();
    let cases: Vec<(String, StatusCode, &str, &str)> = vec![
        (
            "{not json".into(),
            StatusCode::BAD_REQUEST,
            "invalid_json",
            "invalid JSON: key must be a string at line 1 column 2",
        ),
        (
            r#"{"responses": "x"}"#.into(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "responses: expected an array",
        ),
        (
            batch(&[snapshot(1, 1, "shown", r#"{"reason": 5}"#)]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "answers.reason: expected a choice id",
        ),
        (
            batch(&[snapshot(1, 1, "shown", "{}").replace("cart-exit", "nope")]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "responses[0].survey_id: no survey \"nope\"",
        ),
        (
            batch(&[snapshot(1, 1, "shown", r#"{"ghost": 1}"#)]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "answers.ghost: no question \"ghost\"",
        ),
        (
            batch(&[snapshot(1, 1, "shown", r#"{"reason": "cheap"}"#)]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "unknown choice \"cheap\"",
        ),
        (
            batch(&[snapshot(1, 1, "shown", &format!(r#"{{"note": "{}"}}"#, "x".repeat(201)))]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "at most 200 characters",
        ),
        (
            batch(&[snapshot(
                1,
                1,
                "shown",
                &format!(r#"{{"reason": {{"other": "{}"}}}}"#, "x".repeat(5001)),
            )]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "at most 5000 characters",
        ),
        (
            batch(&vec![snapshot(1, 1, "shown", "{}"); 51]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "at most 50 responses per request",
        ),
        (
            batch(&[snapshot(1, 1, "shown", "{}").replace("\"revision\": 1", "\"revision\": \"1\"")]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "revision: expected a whole number",
        ),
        (
            format!("{{\"responses\": [], \"pad\": \"{}\"}}", "x".repeat(70_000)),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "larger than 65536 bytes",
        ),
    ];
    for (body, status, code, message) in cases {
        let r = h.post(&body).await;
        assert_eq!(r.status, status, "{message}: {}", r.body);
        assert_eq!(r.error_code(), code, "{message}");
        assert!(r.json()["error"]["message"].as_str().unwrap().contains(message), "{message}: {}", r.body);
        assert_eq!(r.headers["access-control-allow-origin"], ORIGIN, "errors are readable by the widget");
    }
    // 422s list every problem with its path.
    let r = h.post(&batch(&[snapshot(1, 1, "shown", r#"{"reason": "cheap", "nps": 11}"#)])).await;
    let problems = r.json()["error"]["problems"].as_array().unwrap().clone();
    assert_eq!(problems.len(), 2);
    assert_eq!(problems[1]["path"], "responses[0].answers.nps");
    let r = h.call("POST", "/v1/sites/demo/responses", &[("content-type", "application/xml")], "<x/>").await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
    );
    let r = h.call("POST", "/v1/sites/demo/responses", &[], vec![0xff, 0xfe]).await;
    assert_eq!((r.status, r.error_code().as_str()), (StatusCode::BAD_REQUEST, "invalid_utf8"));
    let r = h
        .call(
            "POST",
            "/v1/sites/demo/responses",
            &[("origin", "https://evil.example")],
            batch(&[snapshot(1, 1, "shown", "{}")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = h.call("POST", "/v1/sites/nope/responses", &[], batch(&[snapshot(1, 1, "shown", "{}")])).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Nothing of all that was stored.
    assert_eq!(h.admin("GET", "/v1/sites/demo/responses").await.json()["responses"], serde_json::json!([]));
}

#[tokio::test]
async fn admin_routes_need_the_token() {
    let h = harness();
    for (method, uri) in [
        ("GET", "/v1/sites/demo/responses"),
        ("GET", "/v1/sites/demo/summary"),
        ("DELETE", "/v1/sites/demo/responses/0193a1e2-7c5d-7b1e-9f00-000000000001"),
        ("POST", "/v1/sites/demo/webhooks/retry"),
    ] {
        let r = h.call(method, uri, &[], Body::empty()).await;
        assert_eq!(
            (r.status, r.headers["www-authenticate"].to_str().unwrap()),
            (StatusCode::UNAUTHORIZED, "Bearer"),
            "{uri}"
        );
        let r = h.call(method, uri, &[("authorization", "Bearer wrong-token")], Body::empty()).await;
        assert_eq!((r.status, r.error_code().as_str()), (StatusCode::FORBIDDEN, "wrong_token"), "{uri}");
        let r = h.call(method, uri, &[("authorization", "Basic abc")], Body::empty()).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{uri}");
    }
}

#[tokio::test]
async fn exports_in_three_formats_with_filters() {
    let h = harness();
    let items: Vec<String> = (0..6)
        .map(|i| {
            snapshot(i, 2, if i < 3 { "completed" } else { "dismissed" }, r#"{"reason": "price", "nps": 9}"#)
        })
        .collect();
    h.post(&batch(&items)).await;
    h.post(&batch(&[snapshot(
        9,
        1,
        "partial",
        r#"{"note": "=HYPERLINK(\"http://x\")", "reason": {"other": "+1 too dear"}}"#,
    )]))
    .await;
    let json = h.admin("GET", "/v1/sites/demo/responses").await;
    assert_eq!(json.headers["content-type"], "application/json");
    let list = json.json()["responses"].as_array().unwrap().clone();
    assert_eq!(list.len(), 7);
    assert_eq!(list[0]["context"]["cart_value"], 84.5);
    assert!(list[0]["received_at"].as_str().unwrap().ends_with('Z'));
    let nd = h.admin("GET", "/v1/sites/demo/responses?format=ndjson").await;
    assert_eq!(nd.body.lines().count(), 7);
    assert!(nd.body.lines().all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()));
    let filtered =
        h.admin("GET", "/v1/sites/demo/responses?status=completed&since=2026-11-21&until=2026-11-22").await;
    let got = filtered.json()["responses"].as_array().unwrap().len();
    assert_eq!(got, 1, "{}", filtered.body); // ids 0..3 completed; only id 1 is on the 21st
    let csv = h.admin("GET", "/v1/sites/demo/responses?format=csv&survey=cart-exit").await;
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines.len(), 8);
    assert!(lines[0].ends_with("context,q:reason,q:nps,q:note"), "{}", lines[0]);
    let last = lines.iter().find(|l| l.contains("HYPERLINK")).unwrap();
    assert!(last.contains(r#""'=HYPERLINK(""http://x"")""#), "formula neutralised: {last}");
    assert!(last.contains("other: +1 too dear"), "{last}");
    for (query, message) in [
        ("format=xml", "format: \"xml\" is not one of json, ndjson, csv"),
        ("status=done", "status: \"done\" is not one of"),
        ("since=yesterday", "since: \"yesterday\" is not a date"),
        ("colour=blue", "unknown field `colour`"),
    ] {
        let r = h.admin("GET", &format!("/v1/sites/demo/responses?{query}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(r.json()["error"]["message"].as_str().unwrap().contains(message), "{query}: {}", r.body);
    }
}

#[tokio::test]
async fn csv_can_have_a_column_per_context_key_and_question_text_headers() {
    let h = harness();
    let custom = snapshot(1, 1, "completed", r#"{"reason": "price", "nps": 9}"#).replace(
        r#""context": {"cart_value": 84.5, "currency": "EUR"}"#,
        r#""context": {"order_id": "=1001", "order_value": 120.50, "currency": "EUR", "gift, wrap": true}"#,
    );
    let posted = h.post(&batch(&[custom, snapshot(2, 1, "shown", "{}")])).await;
    assert_eq!(posted.status, StatusCode::OK, "{}", posted.body);
    let csv = h.admin("GET", "/v1/sites/demo/responses?format=csv&columns=context,question_text").await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    let lines: Vec<&str> = csv.body.lines().collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let context_at = header.iter().position(|h| *h == "context.order_id").expect("a column per key");
    assert_eq!(
        &header[context_at..],
        [
            "context.order_id",
            "context.order_value",
            "context.cart_value",
            "context.currency",
            "context.cart_items",
            "context.customer_id",
            "context.utm_source",
            "context.utm_medium",
            "context.utm_campaign",
            "context.utm_term",
            "context.utm_content",
            "context.referrer",
            "context.page_type",
            "context.other",
            "Why?",
            "How likely?",
            "Anything else?",
        ]
    );
    assert!(!header.contains(&"context"), "no JSON context column: {}", lines[0]);
    let row = lines.iter().find(|l| l.contains("1001")).unwrap_or_else(|| panic!("{}", csv.body));
    // The order id is neutralised like any cell; a number is as stored;
    // the key without a fixed meaning is in context.other, as JSON.
    assert!(row.contains(r#","'=1001",120.5,,EUR,"#), "{row}");
    assert!(row.contains(r#","{""gift, wrap"":true}",price,9,"#), "{row}");
    let other = lines.iter().find(|l| l.contains(",shown,")).unwrap();
    assert!(other.contains(",84.5,EUR,"), "{other}");
    // Each option alone, and the default unchanged.
    let text_only = h.admin("GET", "/v1/sites/demo/responses?format=csv&columns=question_text").await;
    assert!(text_only.body.lines().next().unwrap().ends_with(",context,Why?,How likely?,Anything else?"));
    let plain = h.admin("GET", "/v1/sites/demo/responses?format=csv").await;
    assert!(plain.body.lines().next().unwrap().ends_with(",context,q:reason,q:nps,q:note"));
    for (query, message) in [
        ("format=csv&columns=wide", "columns: \"wide\" is not one of context, question_text"),
        ("format=csv&columns=", "columns: empty"),
        ("columns=context", "columns: only a CSV export has columns; add format=csv"),
        ("format=csv&columns=context&columns=context", "columns: given twice"),
    ] {
        let r = h.admin("GET", &format!("/v1/sites/demo/responses?{query}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(r.json()["error"]["message"].as_str().unwrap().contains(message), "{query}: {}", r.body);
    }
}

#[test]
fn question_headers_tell_apart_questions_that_read_the_same() {
    let q = |id: &str, prompt: &str| (id.to_owned(), prompt.to_owned());
    let questions = [q("a", "Why?"), q("b", "Why?"), q("c", "How?"), q("d", "")];
    assert_eq!(export::question_headers(&questions, true), ["Why? [a]", "Why? [b]", "How?", " [d]"]);
    assert_eq!(export::question_headers(&questions, false), ["q:a", "q:b", "q:c", "q:d"]);
}

#[tokio::test]
async fn summary_counts_the_funnel_distributions_and_nps() {
    let h = harness();
    let items = vec![
        snapshot(1, 3, "completed", r#"{"reason": "price", "nps": 10}"#),
        snapshot(2, 3, "completed", r#"{"reason": "shipping", "nps": 9}"#),
        snapshot(3, 2, "partial", r#"{"reason": "price", "nps": 3}"#),
        snapshot(4, 2, "dismissed", r#"{"reason": {"other": "no stock"}}"#),
        snapshot(5, 1, "shown", "{}"),
        snapshot(6, 2, "dismissed", "{}"),
    ];
    h.post(&batch(&items)).await;
    let r = h.admin("GET", "/v1/sites/demo/summary").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let s = &r.json()["surveys"][0];
    assert_eq!(
        (s["shown"].as_u64(), s["answered"].as_u64(), s["completed"].as_u64(), s["dismissed"].as_u64()),
        (Some(6), Some(4), Some(2), Some(2))
    );
    assert_eq!(s["response_rate"], 0.6667);
    assert_eq!(s["completion_rate"], 0.3333);
    assert_eq!(
        s["nps"],
        serde_json::json!({"responses": 3, "promoters": 2, "passives": 0, "detractors": 1, "score": 33.3})
    );
    assert_eq!(s["questions"][0]["distribution"], serde_json::json!({"other": 1, "price": 2, "shipping": 1}));
    assert_eq!(s["questions"][1]["average"], 7.33);
    assert_eq!(s["by_stage"]["cart"]["shown"], 3);
    assert_eq!(s["by_device"]["desktop"]["shown"], 6);
    let days: Vec<&str> =
        s["by_day"].as_array().unwrap().iter().map(|d| d["day"].as_str().unwrap()).collect();
    assert_eq!(days, vec!["2026-11-20", "2026-11-21", "2026-11-22"]);
    let r = h.admin("GET", "/v1/sites/demo/summary?survey=cart-exit&status=completed").await;
    assert_eq!(r.json()["surveys"][0]["shown"], 2);
}

#[tokio::test]
async fn summary_names_choices_and_counts_days_in_a_utc_offset() {
    let h = harness();
    let items = vec![
        snapshot(1, 3, "completed", r#"{"reason": "price", "nps": 10}"#),
        snapshot(2, 2, "dismissed", r#"{"reason": {"other": "no stock"}}"#),
    ];
    h.post(&batch(&items)).await;
    let r = h.admin("GET", "/v1/sites/demo/summary?utc_offset=-660").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let s = &r.json()["surveys"][0];
    assert_eq!(
        s["questions"][0]["choices"],
        serde_json::json!([{"id": "price", "label": "Price", "count": 1}, {"id": "shipping", "label": "Shipping", "count": 0}])
    );
    assert_eq!(
        s["questions"][0]["other"],
        serde_json::json!({"count": 1, "values": [{"value": "no stock", "count": 1}]})
    );
    assert!(s["questions"][1].get("choices").is_none(), "{}", s["questions"][1]);
    // Shown at 10:00 UTC on the 21st and 22nd: the 20th and 21st, eleven hours west.
    let days: Vec<&str> =
        s["by_day"].as_array().unwrap().iter().map(|d| d["day"].as_str().unwrap()).collect();
    assert_eq!(days, ["2026-11-20", "2026-11-21"]);
    for bad in ["abc", "1081", "-1081", "1.5"] {
        let r = h.admin("GET", &format!("/v1/sites/demo/summary?utc_offset={bad}")).await;
        assert_eq!((r.status, r.error_code().as_str()), (StatusCode::BAD_REQUEST, "invalid_query"), "{bad}");
    }
}

#[tokio::test]
async fn summary_has_revenue_per_answer_as_json_and_csv() {
    let h = harness();
    // Each snapshot carries a cart of 84.5 EUR.
    let items = vec![
        snapshot(1, 3, "completed", r#"{"reason": "price", "nps": 10}"#),
        snapshot(2, 3, "completed", r#"{"reason": "price", "nps": 9}"#),
        snapshot(3, 1, "shown", "{}"),
    ];
    h.post(&batch(&items)).await;
    let r = h.admin("GET", "/v1/sites/demo/summary").await;
    let price = &r.json()["surveys"][0]["questions"][0]["revenue"][0];
    assert_eq!(
        (&price["value"], &price["responses"], &price["share"], &price["extrapolated"], &price["with_value"]),
        (&"price".into(), &2.into(), &1.0.into(), &3.0.into(), &2.into()),
        "{price}"
    );
    assert_eq!(
        price["currencies"],
        serde_json::json!([{"currency": "EUR", "orders": 0, "order_value": 0.0, "average_order_value": null, "carts": 2, "cart_value": 169.0}])
    );
    let r = h.admin("GET", "/v1/sites/demo/summary?format=csv").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.headers["content-type"], "text/csv; charset=utf-8");
    let lines: Vec<&str> = r.body.lines().collect();
    assert!(
        lines[0].starts_with("survey_id,question_id,question,answer,label,responses,share,extrapolated"),
        "{}",
        lines[0]
    );
    assert!(lines.contains(&"cart-exit,reason,Why?,price,Price,2,1,3,2,1,EUR,0,0,,2,169"), "{}", r.body);
    assert!(lines.contains(&"cart-exit,reason,Why?,shipping,Shipping,0,0,0,0,,,,,,,"), "{}", r.body);
    let r = h.admin("GET", "/v1/sites/demo/summary?format=xml").await;
    assert_eq!((r.status, r.error_code().as_str()), (StatusCode::BAD_REQUEST, "invalid_query"));
}

#[tokio::test]
async fn retrying_dead_letters_answers_with_the_count_and_names_an_unknown_one() {
    let h = harness();
    let r = h.admin("POST", "/v1/sites/demo/webhooks/retry").await;
    assert_eq!((r.status, r.json()), (StatusCode::OK, serde_json::json!({"retried": 0})));
    let r = h.admin("POST", "/v1/sites/demo/webhooks/retry?delivery_id=nope").await;
    assert_eq!((r.status, r.error_code().as_str()), (StatusCode::NOT_FOUND, "unknown_delivery"));
    assert!(r.body.contains(r#"no dead letter \"nope\" on site \"demo\""#), "{}", r.body);
    let r = h.admin("POST", "/v1/sites/demo/webhooks/retry?webhook=crm").await;
    assert_eq!((r.status, r.error_code().as_str()), (StatusCode::BAD_REQUEST, "invalid_query"), "{}", r.body);
    let r = h.admin("GET", "/v1/sites/demo/webhooks/retry").await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn delete_erases_for_good() {
    let h = harness();
    h.post(&batch(&[snapshot(1, 1, "shown", "{}")])).await;
    let uri = "/v1/sites/demo/responses/0193A1E2-7C5D-7B1E-9F00-000000000001";
    assert_eq!(h.admin("DELETE", uri).await.status, StatusCode::NO_CONTENT);
    let r = h.admin("DELETE", uri).await;
    assert_eq!((r.status, r.error_code().as_str()), (StatusCode::NOT_FOUND, "unknown_response"));
    let r = h.post(&batch(&[snapshot(1, 2, "completed", "{}")])).await;
    assert_eq!(
        r.json(),
        serde_json::json!({"stored": 0, "duplicates": 1}),
        "a late retry does not bring it back"
    );
}

#[tokio::test]
async fn erasure_by_customer_counts_and_names_a_wrong_selector() {
    let h = harness();
    let of = |id: u32, customer: &str| {
        snapshot(id, 1, "shown", "{}").replace(
            r#""cart_value": 84.5"#,
            &format!(r#""customer_id": "{customer}", "order_id": "o-{id}""#),
        )
    };
    let r = h.post(&batch(&[of(1, "c-1"), of(2, "c-1"), of(3, "c-2")])).await;
    assert_eq!(r.json()["stored"], 3);
    let r = h.admin("DELETE", "/v1/sites/demo/responses?customer_id=c-1").await;
    assert_eq!((r.status, r.json()), (StatusCode::OK, serde_json::json!({"erased": 2})));
    let r = h.admin("DELETE", "/v1/sites/demo/responses?order_id=o-3").await;
    assert_eq!(r.json(), serde_json::json!({"erased": 1}));
    let r = h.admin("DELETE", "/v1/sites/demo/responses?visitor_id=v_1").await;
    assert_eq!(r.json(), serde_json::json!({"erased": 0}), "nothing left of that visitor");
    let r = h.post(&batch(&[of(2, "c-1")])).await;
    assert_eq!(r.json(), serde_json::json!({"stored": 0, "duplicates": 1}), "a late retry stays erased");

    for (query, names) in [
        ("", "customer_id, order_id or visitor_id"),
        ("?customer_id=", "customer_id: empty"),
        ("?customer_id=c-1&order_id=o-1", "not customer_id and order_id"),
        ("?email=a@b.example", "email"),
    ] {
        let r = h.admin("DELETE", &format!("/v1/sites/demo/responses{query}")).await;
        assert_eq!(
            (r.status, r.error_code().as_str()),
            (StatusCode::BAD_REQUEST, "invalid_query"),
            "{query}"
        );
        let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
        assert!(message.contains(names), "{query}: {message}");
    }
    let r = h.call("DELETE", "/v1/sites/demo/responses?customer_id=c-2", &[], Body::empty()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn retention_sweeps_expired_responses_of_sites_that_set_it_and_counts_them() {
    let h = harness();
    h.post(&batch(&[snapshot(1, 1, "shown", "{}"), snapshot(2, 1, "shown", "{}")])).await;
    let day = 86_400_000;
    let now = now_ms();
    let sweep = |at| crate::retention::sweep(&h.state, at, 1, Duration::ZERO);
    assert_eq!(sweep(now + 400 * day).await, 0, "no retention_days: kept for ever");
    let mut config = (*h.state.config()).clone();
    config.sites[0].retention_days = Some(30);
    h.state.replace_config(config);
    assert_eq!(sweep(now + 29 * day).await, 0, "not yet expired");
    assert_eq!(sweep(now + 31 * day).await, 2);
    assert_eq!(h.admin("GET", "/v1/sites/demo/responses?format=ndjson").await.body, "");
    let metrics = h.call("GET", "/metrics", &[], Body::empty()).await.body;
    assert!(metrics.contains(r#"exitpoll_retention_deleted_total{site="demo"} 2"#), "{metrics}");
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after() {
    let h = harness_with(
        LimitSettings { per_ip_per_minute: 1000, per_site_per_second: 2, ..LimitSettings::default() },
        SqliteOptions::default(),
    );
    let mut statuses = Vec::new();
    for i in 0..4 {
        statuses.push(h.post(&batch(&[snapshot(i, 1, "shown", "{}")])).await);
    }
    assert_eq!(statuses.iter().map(|r| r.status.as_u16()).collect::<Vec<_>>(), vec![200, 200, 429, 429]);
    let limited = &statuses[2];
    assert_eq!(limited.error_code(), "rate_limited");
    assert!(limited.headers["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    let h = harness_with(
        LimitSettings {
            per_ip_per_minute: 3,
            per_site_per_second: 1000,
            trust_forwarded_for: true,
            ..LimitSettings::default()
        },
        SqliteOptions::default(),
    );
    for _ in 0..3 {
        assert_eq!(
            h.call("GET", "/v1/sites/demo/config", &[("x-forwarded-for", "203.0.113.9")], Body::empty())
                .await
                .status,
            200
        );
    }
    // The proxy appends to what the client sent: the rightmost entry counts.
    let r = h
        .call("GET", "/v1/sites/demo/config", &[("x-forwarded-for", "10.0.0.1, 203.0.113.9")], Body::empty())
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let r =
        h.call("GET", "/v1/sites/demo/config", &[("x-forwarded-for", "203.0.113.10")], Body::empty()).await;
    assert_eq!(r.status, 200, "another client is not affected");
}

#[tokio::test]
async fn every_v1_route_has_the_per_ip_limit() {
    let h = harness_with(
        LimitSettings {
            per_ip_per_minute: 1,
            per_site_per_second: 1000,
            trust_forwarded_for: true,
            ..LimitSettings::default()
        },
        SqliteOptions::default(),
    );
    let routes = [
        ("OPTIONS", "/v1/sites/demo/config"),
        ("GET", "/v1/sites/demo/config"),
        ("OPTIONS", "/v1/sites/demo/responses"),
        ("POST", "/v1/sites/demo/responses"),
        ("GET", "/v1/sites/demo/responses"),
        ("DELETE", "/v1/sites/demo/responses/4d0c7c0e-0000-4000-8000-000000000001"),
        ("GET", "/v1/sites/demo/summary"),
        ("GET", "/v1/sites/demo/webhooks"),
        ("GET", "/v1/sites/nowhere/config"),
    ];
    for (i, (method, path)) in routes.into_iter().enumerate() {
        let ip = format!("198.51.100.{i}");
        let first = h.call(method, path, &[("x-forwarded-for", ip.as_str())], Body::empty()).await;
        assert_ne!(first.status, StatusCode::TOO_MANY_REQUESTS, "{method} {path}: the first request passes");
        let second = h.call(method, path, &[("x-forwarded-for", ip.as_str())], Body::empty()).await;
        assert_eq!(second.status, StatusCode::TOO_MANY_REQUESTS, "{method} {path}: the second is limited");
        assert_eq!(second.error_code(), "rate_limited", "{method} {path}");
    }
    let health = h.call("GET", "/healthz", &[("x-forwarded-for", "198.51.100.0")], Body::empty()).await;
    assert_eq!(health.status, 200, "health checks are not rate limited");
}

#[tokio::test]
async fn a_full_disk_is_a_503_with_retry_after_never_a_2xx() {
    let h = harness_with(
        LimitSettings::default(),
        SqliteOptions { max_size_mb: Some(1), ..SqliteOptions::default() },
    );
    let big = |i: u32| {
        snapshot(i, 1, "shown", "{}")
            .replace("https://shop.example/cart", &format!("https://shop.example/{}", "x".repeat(1900)))
    };
    let mut last = None;
    for chunk in 0..40u32 {
        let items: Vec<String> = (0..25).map(|i| big(chunk * 25 + i)).collect();
        let r = h.post(&batch(&items)).await;
        if r.status != 200 {
            last = Some(r);
            break;
        }
    }
    let r = last.expect("the database fills up");
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
        "{}",
        r.body
    );
    assert_eq!(r.headers["retry-after"], "5");
    assert!(!r.body.contains("full"), "internal details stay inside: {}", r.body);
    let m = h.call("GET", "/metrics", &[], Body::empty()).await;
    assert!(m.body.contains(r#"exitpoll_rejections_total{reason="unavailable"} 1"#), "{}", m.body);
}

#[tokio::test]
async fn health_readiness_metrics_and_assets() {
    let h = harness();
    assert_eq!(h.call("GET", "/healthz", &[], Body::empty()).await.body, "ok\n");
    assert_eq!(h.call("GET", "/readyz", &[], Body::empty()).await.status, 200);
    h.post(&batch(&[snapshot(1, 1, "shown", "{}")])).await;
    h.post(&batch(&[snapshot(1, 1, "shown", "{}")])).await;
    h.post("{").await;
    let m = h.call("GET", "/metrics", &[], Body::empty()).await;
    for line in [
        "exitpoll_responses_stored_total 1",
        "exitpoll_responses_duplicates_total 1",
        r#"exitpoll_rejections_total{reason="invalid_json"} 1"#,
        r#"exitpoll_http_requests_total{route="/v1/sites/{site}/responses",method="POST",status="200"} 2"#,
        "exitpoll_commit_rows_count 2",
        "exitpoll_commit_seconds_bucket",
        r#"exitpoll_http_request_seconds_count{route="/v1/sites/{site}/responses",method="POST"} 3"#,
        r#"exitpoll_http_request_seconds_count{route="/healthz",method="GET"} 1"#,
        // SQLite updates the rollups in the write itself: nothing waits.
        "exitpoll_rollup_journal_rows 0",
    ] {
        assert!(m.body.contains(line), "missing {line} in\n{}", m.body);
    }
    let js = h.call("GET", "/exitpoll.js", &[], Body::empty()).await;
    assert_eq!(
        (js.status, js.headers["content-type"].to_str().unwrap()),
        (StatusCode::OK, "text/javascript; charset=utf-8")
    );
    let wasm = h.call("GET", &format!("/{}", assets::widget_wasm_name().unwrap()), &[], Body::empty()).await;
    assert_eq!(wasm.headers["content-type"], "application/wasm");
    assert!(wasm.headers.get("content-encoding").is_none(), "identity when nothing else is accepted");
    assert_eq!(
        h.call("GET", "/cart.html", &[], Body::empty()).await.status,
        404,
        "the demo store only with `demo`"
    );
    assert_eq!(
        h.call("POST", "/exitpoll.js", &[], Body::empty()).await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    let _ = &h.state;
}

/// The module's name carries its content hash and it is cached for a year;
/// the entries pages name keep their names, are cached for five minutes and
/// revalidate with a 304.
#[tokio::test]
async fn widget_files_cache_by_content_hash_and_revalidate_by_etag() {
    use sha2::Digest;
    let h = harness();
    let name = assets::widget_wasm_name().expect("pkg/ has the module");
    let wasm = h.call("GET", &format!("/{name}"), &[], Body::empty()).await;
    assert_eq!(wasm.status, 200);
    assert_eq!(wasm.headers["cache-control"], "public, max-age=31536000, immutable");
    let hash: String = sha2::Sha256::digest(&wasm.bytes).iter().take(8).map(|b| format!("{b:02x}")).collect();
    assert_eq!(name, format!("exitpoll_widget_bg.{hash}.wasm"), "the name is the content's hash");
    let js = h.call("GET", "/exitpoll.js", &[], Body::empty()).await;
    assert!(String::from_utf8_lossy(&js.bytes).contains(&name), "the script tag's bundle loads that module");
    for entry in ["/exitpoll.js", "/index.js", "/exitpoll_widget.js"] {
        let first = h.call("GET", entry, &[("accept-encoding", "br")], Body::empty()).await;
        assert_eq!(first.headers["cache-control"], "public, max-age=300", "{entry}");
        let tag = first.headers["etag"].to_str().unwrap().to_owned();
        let again =
            h.call("GET", entry, &[("if-none-match", &tag), ("accept-encoding", "br")], Body::empty()).await;
        assert_eq!((again.status, again.bytes.len()), (StatusCode::NOT_MODIFIED, 0), "{entry}");
        assert_eq!(again.headers["etag"], tag.as_str());
        let other = h.call("GET", entry, &[("if-none-match", "\"0000000000000000\"")], Body::empty()).await;
        assert_eq!(other.status, 200, "{entry}: another build's tag gets the file");
    }
    assert_eq!(
        h.call("GET", "/exitpoll_widget_bg.wasm", &[], Body::empty()).await.status,
        404,
        "no unhashed module"
    );
}

/// The widget files are compressed at build time (zopfli for gzip, brotli
/// 11); each encoding decodes to the very file, and is smaller than `gzip -9`.
#[tokio::test]
async fn widget_files_are_served_precompressed() {
    use std::io::Read;
    let h = harness();
    let files: Vec<&str> = assets::PRECOMPRESSED.iter().map(|(name, _, _)| *name).collect();
    for file in ["exitpoll.js", "exitpoll_widget.js", "index.js", &assets::widget_wasm_name().unwrap()] {
        assert!(files.contains(&file), "{file} is precompressed");
    }
    for file in files {
        let path = format!("/{file}");
        let plain = h.call("GET", &path, &[], Body::empty()).await;
        assert_eq!(plain.status, 200, "{file}");
        let original = plain.bytes.to_vec();
        let mut gzip9 = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gzip9, &original).unwrap();
        let gzip9 = gzip9.finish().unwrap().len();

        let gz = h.call("GET", &path, &[("accept-encoding", "gzip, deflate")], Body::empty()).await;
        assert_eq!(gz.headers["content-encoding"], "gzip", "{file}");
        assert_eq!(gz.headers["vary"], "accept-encoding", "{file}");
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&gz.bytes[..]).read_to_end(&mut decoded).unwrap();
        assert!(decoded == original, "{file}: gzip decodes to the file");
        assert!(gz.bytes.len() < gzip9, "{file}: zopfli {} B against gzip -9 {gzip9} B", gz.bytes.len());

        let br = h.call("GET", &path, &[("accept-encoding", "gzip, deflate, br, zstd")], Body::empty()).await;
        assert_eq!(br.headers["content-encoding"], "br", "{file}: brotli when accepted");
        let mut decoded = Vec::new();
        brotli::Decompressor::new(&br.bytes[..], 4096).read_to_end(&mut decoded).unwrap();
        assert!(decoded == original, "{file}: brotli decodes to the file");
        assert!(br.bytes.len() < gz.bytes.len(), "{file}: brotli is the smaller");

        let refused = h.call("GET", &path, &[("accept-encoding", "br;q=0, gzip")], Body::empty()).await;
        assert_eq!(refused.headers["content-encoding"], "gzip", "{file}: br;q=0 is a refusal");
    }
}

#[tokio::test]
async fn reloading_the_config_swaps_sites_without_a_restart() {
    let h = harness();
    let mut config = (*h.state.config()).clone();
    config.sites[0].origins = vec!["https://new.example".into()];
    h.state.replace_config(config);
    let r = h.call("GET", "/v1/sites/demo/config", &[("origin", ORIGIN)], Body::empty()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = h.call("GET", "/v1/sites/demo/config", &[("origin", "https://new.example")], Body::empty()).await;
    assert_eq!(r.status, 200);
}

/// `https://*.shop.example` takes answers from every subdomain and nothing else.
#[tokio::test]
async fn a_wildcard_origin_takes_answers_from_subdomains_only() {
    let h = harness();
    let mut config = (*h.state.config()).clone();
    config.sites[0].origins = vec!["https://*.shop.example".into()];
    h.state.replace_config(config);
    let post = |origin: &'static str, id: u32| {
        let body = batch(&[snapshot(id, 1, "shown", "{}")]);
        let h = &h;
        async move { h.call("POST", "/v1/sites/demo/responses", &[("origin", origin)], body).await }
    };
    let r = post("https://eu.shop.example", 1).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.headers["access-control-allow-origin"], "https://eu.shop.example");
    assert_eq!(post("https://a.b.shop.example", 2).await.status, 200);
    for (i, refused) in
        ["https://shop.example", "https://evilshop.example", "http://eu.shop.example"].iter().enumerate()
    {
        let r = post(refused, 10 + i as u32).await;
        assert_eq!(
            (r.status, r.error_code().as_str()),
            (StatusCode::FORBIDDEN, "origin_not_allowed"),
            "{refused}"
        );
    }
    let stored =
        h.admin("GET", "/v1/sites/demo/responses").await.json()["responses"].as_array().unwrap().len();
    assert_eq!(stored, 2, "only the two subdomains' answers are stored");
}

/// Signing in to an unknown site reads exactly like a wrong token, so the
/// admin routes tell nobody which site ids exist.
#[tokio::test]
async fn an_unknown_site_answers_admin_routes_like_a_wrong_token() {
    let h = harness();
    for (method, path) in [
        ("GET", "summary?status=completed&since=2100-01-01"),
        ("GET", "responses"),
        ("GET", "webhooks"),
        ("POST", "webhooks/retry"),
        ("DELETE", "responses/0193a1e2-7c5d-7b1e-9f00-000000000001"),
    ] {
        for auth in
            [&[("authorization", "Bearer wrong-token-0123456789")][..], &[("authorization", "Basic x")], &[]]
        {
            let known = h.call(method, &format!("/v1/sites/demo/{path}"), auth, Body::empty()).await;
            let unknown = h.call(method, &format!("/v1/sites/nowhere/{path}"), auth, Body::empty()).await;
            assert_ne!(known.status, 200);
            assert_eq!(
                (unknown.status, &unknown.body, unknown.headers.get("www-authenticate")),
                (known.status, &known.body, known.headers.get("www-authenticate")),
                "{method} {path} {auth:?}"
            );
        }
    }
}

/// The test site with a second survey, `post-purchase`.
fn with_two_surveys(h: &Harness) {
    let mut json: serde_json::Value = serde_json::from_str(SITE_CONFIG).unwrap();
    let mut second = json["surveys"][0].clone();
    second["id"] = "post-purchase".into();
    json["surveys"].as_array_mut().unwrap().push(second);
    let site_config = exitpoll_protocol::SiteConfig::decode(&json.to_string()).into_strict().unwrap();
    let mut config = (*h.state.config()).clone();
    config.sites[0] = Site::new(
        "demo".into(),
        vec![ORIGIN.into()],
        Secret::new(TOKEN.into()),
        site_config,
        "demo.json".into(),
    );
    h.state.replace_config(config);
}

#[tokio::test]
async fn a_summary_of_one_survey_has_only_that_survey() {
    let mut harnesses = vec![("sqlite", harness())];
    harnesses.extend(postgres_harness(LimitSettings::default()).await.map(|h| ("postgres", h)));
    for (backend, h) in harnesses {
        with_two_surveys(&h);
        let other = snapshot(7, 1, "shown", "{}").replace("cart-exit", "post-purchase");
        let r = h.post(&batch(&[snapshot(1, 1, "completed", r#"{"reason": "price"}"#), other])).await;
        assert_eq!(r.status, 200, "{backend}: {}", r.body);
        let all = h.admin("GET", "/v1/sites/demo/summary").await.json();
        assert_eq!(all["surveys"].as_array().unwrap().len(), 2, "{backend}");
        let one = h.admin("GET", "/v1/sites/demo/summary?survey=post-purchase").await;
        assert_eq!(one.status, 200, "{backend}: {}", one.body);
        let one = one.json();
        let ids: Vec<&str> =
            one["surveys"].as_array().unwrap().iter().map(|s| s["survey_id"].as_str().unwrap()).collect();
        assert_eq!(ids, vec!["post-purchase"], "{backend}");
        assert_eq!(one["responses"], 1, "{backend}");
        let r = h.admin("GET", "/v1/sites/demo/summary?survey=nope").await;
        assert_eq!(
            (r.status, r.error_code().as_str()),
            (StatusCode::NOT_FOUND, "unknown_survey"),
            "{backend}"
        );
        assert_eq!(r.json()["error"]["message"], r#"no survey "nope" on site "demo""#, "{backend}");
    }
}

mod hardening;

/// A page whose origin the site does not allow can read why: the public
/// routes' errors carry CORS headers for its origin, so the widget reports
/// the collector's message instead of the browser's "blocked by CORS
/// policy". Admin routes' errors do not.
#[tokio::test]
async fn public_errors_are_readable_by_the_page_that_caused_them() {
    let h = harness();
    let evil = "https://evil.example";
    let r = h.call("GET", "/v1/sites/demo/config", &[("origin", evil)], Body::empty()).await;
    assert_eq!((r.status, r.error_code().as_str()), (StatusCode::FORBIDDEN, "origin_not_allowed"));
    assert_eq!(r.headers["access-control-allow-origin"], evil);
    assert!(r.headers.get("access-control-allow-credentials").is_none());
    let r = h.call("GET", "/v1/sites/nope/config", &[("origin", ORIGIN)], Body::empty()).await;
    assert_eq!(
        (r.status, r.headers["access-control-allow-origin"].to_str().unwrap()),
        (StatusCode::NOT_FOUND, ORIGIN)
    );
    let r = h
        .call(
            "POST",
            "/v1/sites/demo/responses",
            &[("origin", evil), ("content-type", "text/plain")],
            Body::from("{}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.headers["access-control-allow-origin"], evil);
    let r = h.call("GET", "/v1/sites/demo/responses", &[("origin", evil)], Body::empty()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.headers.get("access-control-allow-origin").is_none(), "admin errors stay closed");
}

/// The root of a collector that serves no demo store leads to the dashboard.
#[tokio::test]
async fn the_root_leads_to_the_dashboard() {
    let h = harness();
    let r = h.call("GET", "/", &[], Body::empty()).await;
    assert_eq!(
        (r.status, r.headers["location"].to_str().unwrap()),
        (StatusCode::TEMPORARY_REDIRECT, "/dashboard")
    );
    assert_eq!(h.call("GET", "/nothing-here", &[], Body::empty()).await.status, StatusCode::NOT_FOUND);
}

/// `GET /responses` in pages: `limit`, `cursor` and `next_cursor` in the
/// body (JSON) or in `X-Next-Cursor` and `Link` (every format), on each backend.
#[tokio::test]
async fn responses_come_in_pages_that_follow_next_cursor() {
    let mut harnesses = vec![("sqlite", harness())];
    harnesses.extend(postgres_harness(LimitSettings::default()).await.map(|h| ("postgres", h)));
    for (backend, h) in harnesses {
        let items: Vec<String> = (0..7)
            .map(|i| snapshot(i, 1, "completed", &format!(r#"{{"nps": {}, "note": "note {i}"}}"#, i + 2)))
            .collect();
        assert_eq!(h.post(&batch(&items)).await.status, 200, "{backend}");
        let all = h.admin("GET", "/v1/sites/demo/responses?order=newest").await.json();
        let all: Vec<String> =
            all["responses"].as_array().unwrap().iter().map(|r| r["response_id"].to_string()).collect();
        assert_eq!(all.len(), 7, "{backend}");
        // Unpaged, the answer says there is nothing more.
        let unpaged = h.admin("GET", "/v1/sites/demo/responses").await;
        assert_eq!(unpaged.json()["next_cursor"], serde_json::Value::Null, "{backend}");
        assert!(unpaged.headers.get("x-next-cursor").is_none(), "{backend}");

        let mut uri = "/v1/sites/demo/responses?order=newest&limit=3".to_owned();
        let mut seen = Vec::new();
        let mut links = Vec::new();
        loop {
            let r = h.admin("GET", &uri).await;
            assert_eq!(r.status, 200, "{backend}: {}", r.body);
            let json = r.json();
            seen.extend(json["responses"].as_array().unwrap().iter().map(|r| r["response_id"].to_string()));
            let Some(cursor) = json["next_cursor"].as_str() else {
                assert!(r.headers.get("link").is_none(), "{backend}: no next page, no link");
                break;
            };
            assert_eq!(r.headers["x-next-cursor"], cursor, "{backend}");
            let link = r.headers["link"].to_str().unwrap().to_owned();
            assert_eq!(
                link,
                format!("</v1/sites/demo/responses?order=newest&limit=3&cursor={cursor}>; rel=\"next\"")
            );
            uri = link[1..link.find('>').unwrap()].to_owned();
            links.push(link);
        }
        assert_eq!((seen, links.len()), (all, 2), "{backend}: 3 + 3 + 1");

        // NDJSON and CSV pages carry the cursor in headers.
        let nd = h.admin("GET", "/v1/sites/demo/responses?format=ndjson&limit=5&answer.nps=2-7").await;
        assert_eq!(nd.body.lines().count(), 5, "{backend}");
        let cursor = nd.headers["x-next-cursor"].to_str().unwrap().to_owned();
        let rest = h
            .admin(
                "GET",
                &format!("/v1/sites/demo/responses?format=csv&limit=5&answer.nps=2-7&cursor={cursor}"),
            )
            .await;
        assert_eq!((rest.status, rest.body.lines().count()), (StatusCode::OK, 2), "{backend}: {}", rest.body);
        assert!(rest.body.contains("note 5"), "{backend}: the sixth of six, oldest first");
        let csv = h.admin("GET", "/v1/sites/demo/responses?format=csv&limit=2&answer.nps=7-8").await;
        assert_eq!(csv.body.lines().count(), 3, "{backend}: header and two rows");
        assert!(csv.headers.get("x-next-cursor").is_none(), "{backend}: exactly two match");

        // Filters combine; a bad value names its parameter.
        let r = h
            .admin("GET", "/v1/sites/demo/responses?stage=checkout&device=desktop&q=NOTE%205&answer.nps=0-10")
            .await;
        let json = r.json();
        let got: Vec<&str> = json["responses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["answers"]["note"].as_str().unwrap())
            .collect();
        assert_eq!(got, ["note 5"], "{backend}: {}", r.body);
        for (query, message) in [
            ("limit=5000", "limit: 5000 is more than 1000"),
            ("limit=abc", "limit: \"abc\" is not a whole number from 1 to 1000"),
            ("cursor=%21", "cursor: \"!\" is not a cursor this collector gave"),
            ("answer.reason=cheap", "answer.reason: \"cheap\" is not one of price, shipping, other"),
            ("answer.nps=0-11", "answer.nps: \"0-11\" is not a number or a range"),
            ("stage=basket", "stage: \"basket\" is not one of"),
        ] {
            let r = h.admin("GET", &format!("/v1/sites/demo/responses?{query}")).await;
            assert_eq!(
                (r.status, r.error_code().as_str()),
                (StatusCode::BAD_REQUEST, "invalid_query"),
                "{query}"
            );
            assert!(
                r.json()["error"]["message"].as_str().unwrap().starts_with(message),
                "{query}: {}",
                r.body
            );
        }
    }
}

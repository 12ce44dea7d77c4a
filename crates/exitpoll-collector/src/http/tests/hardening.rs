//! What an attack on the collector found (issue 24), each kept fixed here:
//! input no store can take, origins that passed the allowlist, the client
//! address behind proxies, and the smaller defects of the HTTP layer.

use super::*;

/// A snapshot whose JSON has `from` replaced by `to` (raw JSON text).
fn poisoned(id: u32, from: &str, to: &str) -> String {
    let s = snapshot(id, 1, "partial", r#"{"reason": "price", "note": "fine"}"#);
    assert!(s.contains(from), "{from} is in the snapshot");
    s.replacen(from, to, 1)
}

/// Bodies that decode but that PostgreSQL cannot store or the readers cannot
/// read, and the path the 422 must name.
fn poison_cases() -> Vec<(String, &'static str)> {
    vec![
        (poisoned(1, r#""v_1""#, r#""v\u0000""#), "responses[0].visitor_id"),
        (poisoned(1, r#""s_1""#, r#""\u0000""#), "responses[0].session_id"),
        (poisoned(1, r#""exit_intent""#, r#""exit\u0000intent""#), "responses[0].trigger"),
        (poisoned(1, r#""en""#, r#""en\u0000""#), "responses[0].locale"),
        (
            poisoned(1, r#""https://shop.example/cart""#, r#""https://shop.example/\u0000""#),
            "responses[0].page_url",
        ),
        (poisoned(1, r#""fine""#, r#""fi\u0000ne""#), "responses[0].answers.note"),
        (poisoned(1, r#""price""#, r#"{"other": "\u0000"}"#), "responses[0].answers.reason"),
        (
            poisoned(1, r#""currency": "EUR""#, r#""utm_source": "a\u0000""#),
            "responses[0].context.utm_source",
        ),
        (
            poisoned(1, r#""currency": "EUR""#, r#""extra": {"deep": ["x", "\u0000"]}"#),
            "responses[0].context.extra.deep[1]",
        ),
        (poisoned(1, r#""currency": "EUR""#, r#""a\u0000b": 1"#), "responses[0].context.a\u{0}b"),
        (poisoned(1, "84.5", "1e400"), "responses[0].context.cart_value"),
        (poisoned(1, "84.5", "-1E+999"), "responses[0].context.cart_value"),
        (poisoned(1, r#""currency": "EUR""#, r#""basket": [1, 2e308]"#), "responses[0].context.basket[1]"),
    ]
}

async fn rows_stored(h: &Harness) -> Vec<serde_json::Value> {
    let r = h.admin("GET", "/v1/sites/demo/responses").await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["responses"].as_array().unwrap().clone()
}

async fn check_poison_is_refused(h: &Harness, backend: &str) {
    for (body, path) in poison_cases() {
        let r = h.post(&batch(&[body])).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend} {path}: {}", r.body);
        assert_eq!(r.error_code(), "invalid", "{backend} {path}");
        let problems = r.json()["error"]["problems"].clone();
        assert_eq!(problems[0]["path"], path, "{backend}: {}", r.body);
    }
    // A lone surrogate is not JSON text that decodes to a string at all.
    let r = h.post(&batch(&[poisoned(1, r#""v_1""#, r#""\ud800""#)])).await;
    assert_eq!((r.status, r.error_code().as_str()), (StatusCode::BAD_REQUEST, "invalid_json"), "{backend}");
    assert_eq!(rows_stored(h).await, Vec::<serde_json::Value>::new(), "{backend}: nothing was stored");
    // The same answers without the poison are stored: the checks refuse only the poison.
    let r = h.post(&batch(&[poisoned(1, "84.5", "1e300")])).await;
    assert_eq!(r.status, 200, "{backend}: {}", r.body);
}

#[tokio::test]
async fn values_no_store_or_reader_can_take_get_a_422_naming_the_field() {
    check_poison_is_refused(&harness(), "sqlite").await;
    if let Some(h) = postgres_harness(LimitSettings::default()).await {
        check_poison_is_refused(&h, "postgres").await;
    }
}

#[tokio::test]
async fn admin_parameters_no_store_can_take_are_a_4xx() {
    let mut harnesses = vec![("sqlite", harness())];
    harnesses.extend(postgres_harness(LimitSettings::default()).await.map(|h| ("postgres", h)));
    for (backend, h) in harnesses {
        for uri in ["/v1/sites/demo/responses?survey=%00", "/v1/sites/demo/summary?survey=a%00b"] {
            let r = h.admin("GET", uri).await;
            assert_eq!(
                (r.status, r.error_code().as_str()),
                (StatusCode::BAD_REQUEST, "invalid_query"),
                "{backend} {uri}"
            );
        }
        let r = h.admin("DELETE", "/v1/sites/demo/responses/%00").await;
        assert_eq!(
            (r.status, r.error_code().as_str()),
            (StatusCode::BAD_REQUEST, "invalid_response_id"),
            "{backend}: {}",
            r.body
        );
    }
}

/// Requests share group commits on PostgreSQL. Poison and valid requests
/// sent together: every valid one is acknowledged and stored, every poison
/// one is refused, whatever commit they would have shared.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn poison_beside_valid_requests_on_postgres_fails_only_itself() {
    let unlimited =
        LimitSettings { per_ip_per_minute: 100_000, per_site_per_second: 100_000, ..Default::default() };
    let Some(h) = postgres_harness(unlimited).await else {
        eprintln!("skipped: EXITPOLL_TEST_POSTGRES is not set");
        return;
    };
    let h = Arc::new(h);
    let cases = poison_cases();
    let mut tasks = Vec::new();
    for n in 0..600u32 {
        let h = h.clone();
        let poison = n % 4 == 0;
        let body = if poison {
            let (body, _) = &cases[(n / 4) as usize % cases.len()];
            // Each poison response has an id of its own, beyond the valid ones.
            body.replace("-000000000001", &format!("-{:012x}", 10_000 + n))
        } else {
            snapshot(n, 1, "partial", r#"{"reason": "price"}"#)
        };
        tasks.push(tokio::spawn(async move { (n, poison, h.post(&batch(&[body])).await) }));
    }
    let mut valid = 0;
    for t in tasks {
        let (n, poison, r) = t.await.unwrap();
        if poison {
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "poison {n}: {}", r.body);
        } else {
            assert_eq!(r.status, 200, "valid {n}: {}", r.body);
            assert_eq!(r.json()["stored"], 1, "valid {n}");
            valid += 1;
        }
    }
    let rows = rows_stored(&h).await;
    assert_eq!(rows.len(), valid, "every valid response is stored, and no poison one");
}

#[tokio::test]
async fn origin_null_is_checked_like_any_origin() {
    let h = harness();
    let post = |origin: &'static str| {
        let h = &h;
        async move {
            h.call(
                "POST",
                "/v1/sites/demo/responses",
                &[("content-type", "text/plain"), ("origin", origin)],
                batch(&[snapshot(1, 1, "shown", "{}")]),
            )
            .await
        }
    };
    let r = post("null").await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (StatusCode::FORBIDDEN, "origin_not_allowed"),
        "{}",
        r.body
    );
    let r = h.call("OPTIONS", "/v1/sites/demo/responses", &[("origin", "null")], Body::empty()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no preflight for null either");
    assert_eq!(rows_stored(&h).await.len(), 0);
    // `*` allows every web origin, but not `null`, which any page can send.
    let mut config = (*h.state.config()).clone();
    config.sites[0].origins = vec!["*".into()];
    h.state.replace_config(config.clone());
    assert_eq!(post("https://anywhere.example").await.status, 200);
    assert_eq!(post("null").await.status, StatusCode::FORBIDDEN);
    // A site that lists "null" takes it.
    config.sites[0].origins = vec![ORIGIN.into(), "null".into()];
    h.state.replace_config(config);
    let r = post("null").await;
    assert_eq!(
        (r.status, r.headers["access-control-allow-origin"].to_str().unwrap()),
        (StatusCode::OK, "null")
    );
}

#[tokio::test]
async fn an_origin_that_is_not_one_ascii_header_is_refused() {
    let h = harness();
    let send = |origins: Vec<HeaderValue>| {
        let mut req = HttpRequest::builder().method("POST").uri("/v1/sites/demo/responses");
        for o in origins {
            req = req.header("origin", o);
        }
        let mut req = req.body(Body::from(batch(&[snapshot(1, 1, "shown", "{}")]))).unwrap();
        req.extensions_mut().insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        let app = h.app.clone();
        async move { app.oneshot(req).await.unwrap().status() }
    };
    let non_ascii = HeaderValue::from_bytes("https://shöp.example".as_bytes()).unwrap();
    assert_eq!(send(vec![non_ascii]).await, StatusCode::BAD_REQUEST, "non-ASCII is not absent");
    let twice = vec![HeaderValue::from_static(ORIGIN), HeaderValue::from_static("https://evil.example")];
    assert_eq!(send(twice).await, StatusCode::BAD_REQUEST, "a second Origin is not ignored");
    let spaced = HeaderValue::from_static("https://shop.example https://evil.example");
    assert_eq!(send(vec![spaced]).await, StatusCode::BAD_REQUEST);
    assert_eq!(rows_stored(&h).await.len(), 0);
    assert_eq!(send(vec![HeaderValue::from_static(ORIGIN)]).await, 200);
}

#[tokio::test]
async fn forwarded_for_takes_the_entry_the_trusted_proxy_added() {
    let limited = |hops: u8| LimitSettings {
        per_ip_per_minute: 2,
        per_site_per_second: 1000,
        trust_forwarded_for: true,
        forwarded_for_hops: hops,
    };
    let get = |h: &Harness, xff: String| {
        let app = h.app.clone();
        async move {
            let mut req = HttpRequest::builder().uri("/v1/sites/demo/config");
            // `|` separates several X-Forwarded-For headers, in order.
            for value in xff.split('|') {
                req = req.header("x-forwarded-for", value);
            }
            let mut req = req.body(Body::empty()).unwrap();
            req.extensions_mut().insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 2], 40000))));
            app.oneshot(req).await.unwrap().status()
        }
    };
    // One proxy: what the client writes on the left changes nothing.
    let h = harness_with(limited(1), SqliteOptions::default());
    let statuses: Vec<u16> =
        futures::future::join_all((0..6).map(|i| get(&h, format!("198.51.100.{i}, 203.0.113.7"))))
            .await
            .iter()
            .map(|s| s.as_u16())
            .collect();
    assert_eq!(statuses, vec![200, 200, 429, 429, 429, 429], "rotating left entries do not bypass the limit");
    assert_eq!(get(&h, "198.51.100.9|203.0.113.7".into()).await, 429, "two headers are one list");
    assert_eq!(get(&h, "203.0.113.8".into()).await, 200, "another client has its own limit");
    assert_eq!(get(&h, "[2001:db8::1]:4711".into()).await, 200);
    // Two proxies (a CDN, then a load balancer): the second entry from the right.
    let h = harness_with(limited(2), SqliteOptions::default());
    for i in 0..2 {
        assert_eq!(get(&h, format!("spoof-{i}, 203.0.113.7, 10.0.0.9")).await, 200);
    }
    assert_eq!(get(&h, "anything, 203.0.113.7, 10.0.0.8".into()).await, 429);
    // Fewer entries than proxies: not through them; the peer is the client.
    assert_eq!(get(&h, "203.0.113.50".into()).await, 200);
    assert_eq!(get(&h, "203.0.113.51".into()).await, 200);
    assert_eq!(get(&h, "203.0.113.52".into()).await, 429, "all of them counted as the peer 10.0.0.2");
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let h = harness();
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let auth = format!("{scheme} {TOKEN}");
        let r = h.call("GET", "/v1/sites/demo/responses", &[("authorization", &auth)], Body::empty()).await;
        assert_eq!(r.status, 200, "{scheme}");
    }
    let r = h
        .call(
            "GET",
            "/v1/sites/demo/responses",
            &[("authorization", &format!("Bearer{TOKEN}"))],
            Body::empty(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "a scheme needs its space");
    let r = h
        .call(
            "GET",
            "/v1/sites/demo/responses",
            &[("authorization", &format!("Basic {TOKEN}"))],
            Body::empty(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn method_not_allowed_answers_in_the_json_error_shape() {
    let h = harness();
    for (method, uri, allow) in [
        ("PUT", "/v1/sites/demo/config", "GET,HEAD,OPTIONS"),
        ("DELETE", "/v1/sites/demo/summary", "GET,HEAD"),
        ("POST", "/healthz", "GET,HEAD"),
        ("POST", "/exitpoll.js", "GET, HEAD"),
    ] {
        let r = h.call(method, uri, &[], Body::empty()).await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        assert_eq!(r.error_code(), "method_not_allowed", "{method} {uri}: {}", r.body);
        assert_eq!(r.headers["allow"], allow, "{method} {uri}");
    }
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_the_body() {
    let h = harness();
    // A body that never comes: only the declared length can answer.
    let never = Body::from_stream(futures::stream::pending::<Result<Bytes, std::io::Error>>());
    let call = h.call(
        "POST",
        "/v1/sites/demo/responses",
        &[("content-length", "10737418240"), ("origin", ORIGIN)],
        never,
    );
    let r = tokio::time::timeout(Duration::from_secs(20), call).await.expect("answered without the body");
    assert_eq!((r.status, r.error_code().as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"));
    assert_eq!(r.headers["access-control-allow-origin"], ORIGIN);
}

/// Every prefix a spreadsheet skips or folds, before each formula sign.
#[test]
fn csv_cells_a_spreadsheet_could_run_are_neutralised() {
    fn check(value: &str, expect: &str) {
        let mut out = String::new();
        export::csv_cell(value, &mut out);
        assert_eq!(out, expect, "{value:?}");
    }
    let prefixes = [
        "",
        " ",
        "  ",
        "\u{a0}",
        "\u{3000}",
        "\u{200b}",
        "\u{feff}",
        "\n",
        "\r\n",
        "\u{2028}",
        "\u{2060}",
        "\u{200e}",
        " \u{feff}\u{a0}",
    ];
    let signs = ['=', '+', '-', '@', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫', '−', '⁺', '₌'];
    for prefix in prefixes {
        for sign in signs {
            let value = format!("{prefix}{sign}HYPERLINK(\"http://x\")");
            check(&value, &format!("\"'{}\"", value.replace('"', "\"\"")));
        }
    }
    check("\tx", "\"'\tx\"");
    check("\rx", "\"'\rx\"");
    // Text that only starts with whitespace, or has a sign later, is left alone.
    check(" fine", " fine");
    check("\u{a0}price", "\u{a0}price");
    check("a=b", "a=b");
    check("84.5", "84.5");
    check("", "");
    check("say \"hi\", ok", "\"say \"\"hi\"\", ok\"");
    check("line\n=1+1", "\"line\n=1+1\"");
}

#[tokio::test]
async fn readyz_is_not_ready_while_writes_fail_for_a_full_disk() {
    let h = harness_with(
        LimitSettings::default(),
        SqliteOptions { max_size_mb: Some(1), ..SqliteOptions::default() },
    );
    assert_eq!(h.call("GET", "/readyz", &[], Body::empty()).await.status, 200);
    let big = |i: u32| {
        snapshot(i, 1, "shown", "{}")
            .replace("https://shop.example/cart", &format!("https://shop.example/{}", "x".repeat(1900)))
    };
    let mut stored = Vec::new();
    for chunk in 0..40u32 {
        let items: Vec<u32> = (0..25).map(|i| chunk * 25 + i).collect();
        let r = h.post(&batch(&items.iter().map(|i| big(*i)).collect::<Vec<_>>())).await;
        if r.status != 200 {
            assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
            break;
        }
        stored.extend(items);
    }
    assert!(!stored.is_empty() && stored.len() < 1000, "the database filled up after {}", stored.len());
    let r = h.call("GET", "/readyz", &[], Body::empty()).await;
    assert_eq!(
        (r.status, r.error_code().as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
        "{}",
        r.body
    );
    // Room again (erasures free pages): ready, and writes commit.
    for i in &stored[..100] {
        let uri = format!("/v1/sites/demo/responses/0193a1e2-7c5d-7b1e-9f00-{i:012x}");
        assert_eq!(h.admin("DELETE", &uri).await.status, StatusCode::NO_CONTENT);
    }
    assert_eq!(h.call("GET", "/readyz", &[], Body::empty()).await.status, 200);
    assert_eq!(h.post(&batch(&[snapshot(5000, 1, "shown", "{}")])).await.status, 200);
}

//! Measures how long decoding a typical response batch takes (a benchmark, not a test):
//! `cargo run --release -p exitpoll-protocol --example decode_speed`.
//!
//! The first body is in the plain shape a widget sends; the second carries
//! an unknown field, which only the general decoder (the one that names
//! every problem) takes.
#![allow(clippy::print_stdout)]
use exitpoll_protocol::response::decode_batch;
use std::time::Instant;

fn main() {
    let body = r#"{"responses":[{"response_id":"0193a1e2-7c5d-7b1e-9f00-3a4b5c6d7e8f","revision":2,"survey_id":"cart-exit","status":"completed","answers":{"reason":"price","nps":9},"shown_at":"2026-11-22T10:00:00.000Z","updated_at":"2026-11-22T10:00:09.000Z","visitor_id":"v_bench","session_id":"s_bench","trigger":"exit_intent","stage":"cart","device":"desktop","locale":"en","page_url":"https://shop.example/cart","context":{"cart_value":84.5,"currency":"EUR"}}]}"#;
    let general = body.replace(r#""locale":"en""#, r#""locale":"en","extra":1"#);
    for (what, body) in [("plain", body), ("general", general.as_str())] {
        let n = 200_000;
        let mut times = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            for _ in 0..n {
                std::hint::black_box(decode_batch(std::hint::black_box(body)).unwrap());
            }
            times.push(t.elapsed().as_nanos() as f64 / f64::from(n));
        }
        times.sort_by(f64::total_cmp);
        println!(
            "decode_batch, {what} body: median {:.0} ns per one-response request ({} bytes)",
            times[2],
            body.len()
        );
    }
}

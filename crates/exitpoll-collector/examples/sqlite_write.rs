//! CPU cost of the SQLite writer alone, without HTTP (a benchmark, not a test):
//!
//!   cargo run --release -p exitpoll-collector --example sqlite_write [ROWS] [CONCURRENCY]
//!
//! CONCURRENCY tasks each upsert one new response per request through the
//! store, as the HTTP handler does, on `synchronous=FULL`. Prints rows per
//! second and the process's CPU time per row (Linux /proc).
#![allow(clippy::print_stdout)]

use exitpoll_collector::store::sqlite::{SqliteOptions, SqliteStore};
use exitpoll_collector::store::{Row, Store};
use std::sync::Arc;
use std::time::Instant;

fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command.
    (ticks(11) + ticks(12)) / 100.0
}

fn row(n: u64) -> Row {
    Row {
        response_id: format!("0193a1e2-7c5d-7b1e-9f00-{n:012x}"),
        revision: 2,
        survey_id: "cart-exit".into(),
        status: "completed".into(),
        answers: r#"{"reason":"price","nps":9}"#.into(),
        shown_at: 1_795_305_600_000,
        updated_at: 1_795_305_609_000,
        visitor_id: "v_bench".into(),
        session_id: "s_bench".into(),
        trigger: "exit_intent".into(),
        stage: Some("cart".into()),
        device: Some("desktop".into()),
        locale: "en".into(),
        page_url: "https://shop.example/cart".into(),
        context: r#"{"cart_value":84.5,"currency":"EUR"}"#.into(),
        received_at: 1_795_305_610_000,
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut args = std::env::args().skip(1);
    let rows: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let concurrency: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(32);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Arc::new(
        SqliteStore::open(&dir.path().join("bench.db"), SqliteOptions::default(), None).expect("open"),
    );
    let (cpu0, t0) = (cpu_seconds(), Instant::now());
    let mut tasks = Vec::new();
    for c in 0..concurrency {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut n = c;
            while n < rows {
                store.upsert("demo", vec![row(n)], &[]).await.expect("stored");
                n += concurrency;
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    let (cpu, wall) = (cpu_seconds() - cpu0, t0.elapsed().as_secs_f64());
    println!(
        "{rows} rows, {concurrency} concurrent one-row requests: {:.0} rows/s, {:.1} µs CPU per row",
        rows as f64 / wall,
        cpu * 1e6 / rows as f64
    );
}

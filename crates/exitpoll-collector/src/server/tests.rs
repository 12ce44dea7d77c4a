//! The server on a real socket: connections that send nothing, only the
//! HTTP/2 preface, or wait between requests are closed after the idle
//! timeout, and an oversized body is refused before `100 Continue`.

use super::*;
use crate::config;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const SITE_CONFIG: &str = r#"{"site": "demo", "surveys": []}"#;

struct Server {
    addr: std::net::SocketAddr,
    _dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

async fn server(extra_toml: &str) -> Server {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("demo.json"), SITE_CONFIG).unwrap();
    let toml = format!(
        "database = \"sqlite://{}\"\n{extra_toml}\n[[sites]]\nid = \"demo\"\nadmin_token = \"test-admin-token-0123456789\"\nconfig = \"demo.json\"\n",
        dir.path().join("s.db").display()
    );
    let file = dir.path().join("exitpoll.toml");
    let config = config::parse(&toml, &file, |_| None).unwrap_or_else(|e| panic!("{e}"));
    let metrics = Arc::new(Metrics::new());
    let store = open_store(&config.database, &metrics).await.unwrap();
    let state = state(config, store, false, metrics);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(run(listener, state, async {
        let _ = stopped.await;
    }));
    Server { addr, _dir: dir, stop: Some(stop) }
}

/// Reads until the server closes the connection; false if it is still open
/// after `limit` (a bound for a hung test, far above the idle timeout).
async fn closed_by_server(stream: &mut TcpStream, limit: Duration) -> bool {
    let mut buf = [0u8; 4096];
    let until = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(until, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => {}
        }
    }
}

async fn healthz(addr: std::net::SocketAddr) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await.unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    out
}

/// The HTTP/2 connection preface and an empty SETTINGS frame, and nothing after.
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00";

#[tokio::test]
async fn idle_connections_of_every_kind_are_closed_after_the_idle_timeout() {
    let s = server("[server]\nidle_timeout_seconds = 0.3\n").await;
    let limit = Duration::from_secs(10);
    let mut h2 = TcpStream::connect(s.addr).await.unwrap();
    h2.write_all(H2_PREFACE).await.unwrap();
    let mut silent = TcpStream::connect(s.addr).await.unwrap();
    let mut h1 = TcpStream::connect(s.addr).await.unwrap();
    h1.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
    let mut first = [0u8; 15];
    h1.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 200 OK", "a keep-alive request is answered first");
    assert!(closed_by_server(&mut h2, limit).await, "HTTP/2 with only the preface");
    assert!(closed_by_server(&mut silent, limit).await, "a connection that never sent a byte");
    assert!(closed_by_server(&mut h1, limit).await, "HTTP/1 waiting for its next request");
    assert!(healthz(s.addr).await.starts_with("HTTP/1.1 200"), "the server still answers");
}

#[tokio::test]
async fn a_connection_busy_with_requests_is_not_idle() {
    let s = server("[server]\nidle_timeout_seconds = 0.3\n").await;
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    // Requests 0.1 s apart for 1 s: never idle for 0.3 s, so never closed.
    for _ in 0..10 {
        c.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
        let mut reply = vec![0u8; 4096];
        let n = c.read(&mut reply).await.unwrap();
        assert!(reply[..n].starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&reply[..n]));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn an_oversized_body_is_refused_without_100_continue() {
    let s = server("").await;
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    c.write_all(
        b"POST /v1/sites/demo/responses HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\n\
          content-length: 10737418240\r\nexpect: 100-continue\r\n\r\n",
    )
    .await
    .unwrap();
    let mut status = [0u8; 12];
    tokio::time::timeout(Duration::from_secs(20), c.read_exact(&mut status)).await.unwrap().unwrap();
    assert_eq!(&status, b"HTTP/1.1 413", "no 100 Continue for a body that will be refused");
}

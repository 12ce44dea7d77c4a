//! The binary's logs, as an operator reads them: on stderr, and redirected
//! to a file, without terminal colour codes.

use std::io::Read;
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn logs_written_to_a_file_have_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("demo.json"), r#"{"site": "demo", "surveys": []}"#).unwrap();
    let config = dir.path().join("exitpoll.toml");
    std::fs::write(
        &config,
        format!(
            "listen = \"127.0.0.1:0\"\ndatabase = \"sqlite://{}\"\n\n[[sites]]\nid = \"demo\"\n\
             admin_token = \"a-long-random-secret\"\nconfig = \"demo.json\"\n",
            dir.path().join("logs.db").display()
        ),
    )
    .unwrap();
    let log = dir.path().join("collector.log");
    let out = dir.path().join("collector.out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_exitpoll-collector"))
        .args(["serve", "--config"])
        .arg(&config)
        .env_remove("NO_COLOR")
        .env_remove("EXITPOLL_LISTEN")
        .env_remove("EXITPOLL_DATABASE")
        .env("EXITPOLL_LOG", "info")
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut text = String::new();
    while !text.contains("collector listening") && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(50));
        text.clear();
        std::fs::File::open(&log).unwrap().read_to_string(&mut text).unwrap();
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the collector stopped ({status}) before listening:\n{text}");
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(text.contains("collector listening"), "no start-up line on stderr:\n{text}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "", "logs go to stderr, not stdout");
    assert!(!text.contains('\x1b'), "colour codes in a log file: {text:?}");
}

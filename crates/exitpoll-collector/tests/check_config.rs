//! `exitpoll-collector check-config`, as an operator runs it on a config
//! with several mistakes: every one is listed once, with its line, and the
//! command fails.

use std::process::Command;

#[test]
fn check_config_lists_every_problem_once_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("demo.json"), r#"{"site": "demo", "surveys": []}"#).unwrap();
    let config = dir.path().join("exitpoll.toml");
    std::fs::write(
        &config,
        "listen = \"nowhere\"\ndatabse = \"sqlite://x.db\"\n\n[webhooks]\nattempt_timeout_seconds = 0\n\n\
         [[sites]]\nid = \"demo\"\norigins = [\"shop.example\"]\nadmin_token = \"a-long-random-secret\"\n\
         config = \"demo.json\"\nretention_days = 0\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_exitpoll-collector"))
        .arg("check-config")
        .arg(&config)
        .env_remove("EXITPOLL_LISTEN")
        .env_remove("EXITPOLL_DATABASE")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "", "problems go to stderr");
    let problems = [
        "line 1: listen: \"nowhere\" is not an address such as 127.0.0.1:8080",
        "line 2: databse: unknown field, did you mean `database`?",
        "line 5: webhooks.attempt_timeout_seconds: must be between 0.05 and 300, not 0",
        "line 9: sites[0].origins[0]: site \"demo\": \"shop.example\" is not an origin",
        "line 12: sites[0].retention_days: must be between 1 and 36500",
    ];
    assert!(stderr.starts_with(&format!("{}: 5 problems:\n", config.display())), "{stderr}");
    for problem in problems {
        assert_eq!(stderr.matches(problem).count(), 1, "{problem}\nin:\n{stderr}");
    }
    assert_eq!(stderr.lines().count(), 1 + problems.len(), "one line per problem:\n{stderr}");
}

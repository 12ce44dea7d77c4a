use super::*;
use std::collections::HashMap;

/// Writes `files` into a temp dir and parses `exitpoll.toml` from it.
fn parse_files(files: &[(&str, &str)], env: &[(&str, &str)]) -> Result<CollectorConfig, String> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let env: HashMap<String, String> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let file = dir.path().join("exitpoll.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    parse(&text, &file, |k| env.get(k).cloned())
        .map_err(|e| e.to_string().replace(&dir.path().display().to_string(), "DIR"))
}

const SITE: &str = r#"{"site": "demo", "surveys": []}"#;
const GOOD: &str = r#"
listen = "127.0.0.1:9000"
database = "sqlite://data/x.db"

[[sites]]
id = "demo"
origins = ["https://shop.example"]
admin_token = "a-long-random-secret"
config = "sites/demo.json"
"#;

#[test]
fn the_spec_example_loads() {
    let c = parse_files(&[("exitpoll.toml", GOOD), ("sites/demo.json", SITE)], &[]).unwrap();
    assert_eq!(c.listen.to_string(), "127.0.0.1:9000");
    assert_eq!(c.database.to_string(), "sqlite://data/x.db");
    assert_eq!(c.sites[0].origins, vec!["https://shop.example"]);
    assert!(c.sites[0].admin_token.matches("a-long-random-secret"));
    assert!(!format!("{c:?}").contains("a-long-random-secret"), "secrets stay out of debug output");
    assert_eq!(c.limits, LimitSettings::default());
}

#[test]
fn environment_overrides_listen_database_and_tokens() {
    let toml = GOOD.replace(r#"admin_token = "a-long-random-secret""#, r#"admin_token_env = "DEMO_TOKEN""#);
    let c = parse_files(
        &[("exitpoll.toml", &toml), ("sites/demo.json", SITE)],
        &[
            (ENV_LISTEN, "0.0.0.0:8081"),
            (ENV_DATABASE, "postgres://u:pw@db/x"),
            ("DEMO_TOKEN", "from-the-environment"),
        ],
    )
    .unwrap();
    assert_eq!(c.listen.port(), 8081);
    assert_eq!(c.database.to_string(), "postgres://u:***@db/x", "passwords are never printed");
    assert!(c.sites[0].admin_token.matches("from-the-environment"));
}

#[test]
fn errors_name_the_file_the_key_and_the_problem() {
    // Each case has one problem, and a [[sites]] table unless that is the problem.
    let cases: &[(&str, &str, &str)] = &[
        (
            "listen = 8080\n[[sites]]\nid=\"demo\"\nadmin_token=\"0123456789abcdef\"\nconfig=\"sites/demo.json\"",
            SITE,
            "exitpoll.toml: line 1: listen: invalid type: integer `8080`, expected a string",
        ),
        (
            "listen = \"nowhere\"\n[[sites]]\nid=\"demo\"\nadmin_token=\"0123456789abcdef\"\nconfig=\"sites/demo.json\"",
            SITE,
            "exitpoll.toml: line 1: listen: \"nowhere\" is not an address such as 127.0.0.1:8080",
        ),
        (
            "database = \"mysql://x\"\n[[sites]]\nid=\"demo\"\nadmin_token=\"0123456789abcdef\"\nconfig=\"sites/demo.json\"",
            SITE,
            "exitpoll.toml: line 1: database: \"mysql://x\" is not a database URL",
        ),
        (
            "databse = \"sqlite://x\"\n[[sites]]\nid=\"demo\"\nadmin_token=\"0123456789abcdef\"\nconfig=\"sites/demo.json\"",
            SITE,
            "exitpoll.toml: line 1: databse: unknown field, did you mean `database`?",
        ),
        ("", SITE, "exitpoll.toml: sites: no [[sites]] table"),
        (
            "[[sites]]\nid=\"demo\"\nadmin_token=\"short\"\nconfig=\"sites/demo.json\"",
            SITE,
            "exitpoll.toml: line 3: sites[0].admin_token: must be at least 16 characters, not 5",
        ),
        (
            "[[sites]]\nid=\"demo\"\nconfig=\"sites/demo.json\"",
            SITE,
            "exitpoll.toml: line 1: sites[0]: admin_token or admin_token_env is required",
        ),
        (
            "[[sites]]\nid=\"demo\"\nadmin_token=\"0123456789abcdef\"\nadmin_token_env=\"T\"\nconfig=\"sites/demo.json\"",
            SITE,
            "exitpoll.toml: line 4: sites[0]: give admin_token or admin_token_env, not both",
        ),
        (
            "[[sites]]\nid=\"demo\"\nadmin_token_env=\"NOPE\"\nconfig=\"sites/demo.json\"",
            SITE,
            "line 3: sites[0].admin_token_env: environment variable NOPE is not set",
        ),
        (
            "[[sites]]\nid=\"demo\"\norigins=[\"shop.example\"]\nadmin_token=\"0123456789abcdef\"\nconfig=\"sites/demo.json\"",
            SITE,
            "line 3: sites[0].origins[0]: site \"demo\": \"shop.example\" is not an origin",
        ),
        (
            "[[sites]]\nid=\"demo\"\nadmin_token=\"0123456789abcdef\"\nconfig=\"sites/missing.json\"",
            SITE,
            "line 4: sites[0].config: DIR/sites/missing.json: cannot read",
        ),
        (
            "[[sites]]\nid=\"demo\"\nadmin_token=\"0123456789abcdef\"\nconfig=\"sites/demo.json\"",
            r#"{"site": "demo", "surveys": 3}"#,
            "line 4: sites[0].config: DIR/sites/demo.json: 1 problem:\n  surveys: expected an array, found a number",
        ),
        (
            "[[sites]]\nid=\"shop\"\nadmin_token=\"0123456789abcdef\"\nconfig=\"sites/demo.json\"",
            SITE,
            "line 4: sites[0].config: DIR/sites/demo.json: site: \"demo\" does not match the [[sites]] id \"shop\"",
        ),
        (
            "[limits]\nper_ip_per_minute = 0\n[[sites]]\nid=\"demo\"\nadmin_token=\"0123456789abcdef\"\nconfig=\"sites/demo.json\"",
            SITE,
            "line 2: limits.per_ip_per_minute: must be at least 1, not 0",
        ),
        (
            "[webhooks]\nattempt_timeout_seconds = 0\n[[sites]]\nid=\"demo\"\nadmin_token=\"0123456789abcdef\"\nconfig=\"sites/demo.json\"",
            SITE,
            "line 2: webhooks.attempt_timeout_seconds: must be between 0.05 and 300, not 0",
        ),
    ];
    for (toml, site, want) in cases {
        let err = parse_files(&[("exitpoll.toml", toml), ("sites/demo.json", site)], &[]).unwrap_err();
        assert!(err.contains(want), "{toml}\n  got: {err}\n want: {want}");
        assert!(err.starts_with("DIR/exitpoll.toml: "), "names the file: {err}");
        assert!(!err.contains("problems:"), "one problem only: {err}");
    }
}

#[test]
fn sqlite_options() {
    for (url, ok) in [
        ("sqlite://a.db", "sqlite://a.db"),
        ("sqlite://a.db?synchronous=normal", "sqlite://a.db?synchronous=normal"),
        ("sqlite://a.db?synchronous=full&max_size_mb=10", "sqlite://a.db?max_size_mb=10"),
    ] {
        assert_eq!(Database::parse(url).unwrap().to_string(), ok);
    }
    assert!(Database::parse("sqlite://").unwrap_err().contains("needs a file path"));
    assert!(Database::parse("sqlite://a.db?fast=1").unwrap_err().contains("\"fast=1\" is unknown"));
    assert!(Database::parse("sqlite://a.db?max_size_mb=0").unwrap_err().contains("above 0"));
}

/// Every site config the repository ships is served as JSON the widget
/// decodes back to the very config, with no problem to report on the page.
#[test]
fn shipped_site_configs_are_served_without_a_problem() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for file in ["www/sites/demo.json", "crates/exitpoll-protocol/tests/data/spec-example.json"] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let config = check_site_config(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let site = Site::new("demo".into(), vec![], Secret::new("t".into()), config.clone(), file.into());
        let served = std::str::from_utf8(&site.config_json).unwrap();
        assert_eq!(SiteConfig::decode(served).into_strict(), Ok(config), "{file}");
    }
}

/// The site's `origins` as read from `origins = [...]`, or the error.
fn read_origins(origins: &str) -> Result<Vec<String>, String> {
    let toml = GOOD.replace(r#"origins = ["https://shop.example"]"#, &format!("origins = [{origins}]"));
    parse_files(&[("exitpoll.toml", &toml), ("sites/demo.json", SITE)], &[])
        .map(|c| c.sites[0].origins.clone())
}

#[test]
fn origins_are_stored_as_browsers_send_them() {
    for (written, stored) in [
        (r#""https://shop.example/""#, "https://shop.example"),
        (r#""HTTPS://Shop.Example""#, "https://shop.example"),
        (r#""https://shop.example:443""#, "https://shop.example"),
        (r#""http://shop.example:80/""#, "http://shop.example"),
        (r#""http://shop.example:443""#, "http://shop.example:443"),
        (r#""https://shop.example:8443""#, "https://shop.example:8443"),
        (r#""https://*.Shop.example/""#, "https://*.shop.example"),
        (r#""http://[::1]:8080""#, "http://[::1]:8080"),
        (r#""null""#, "null"),
        (r#""*""#, "*"),
    ] {
        assert_eq!(read_origins(written), Ok(vec![stored.to_owned()]), "{written}");
    }
}

#[test]
fn origins_that_no_browser_sends_are_refused_by_site_and_value() {
    for (written, want) in [
        (
            r#""https://shop.example/path""#,
            r#"sites[0].origins[0]: site "demo": "https://shop.example/path" has a path ("/path")"#,
        ),
        (r#""https://shop.example/?a=1""#, r#""https://shop.example/?a=1" has a query ("?a=1")"#),
        (r##""https://shop.example#top""##, r##""https://shop.example#top" has a fragment ("#top")"##),
        (r#""https://me@shop.example""#, r#""https://me@shop.example" has a user name ("me@")"#),
        (r#""https://shop.*.example""#, "a wildcard is only allowed as the leftmost label"),
        (r#""https://*shop.example""#, "a wildcard is only allowed as the leftmost label"),
        (r#""https://*.""#, r#""https://*." has no host"#),
        (r#""https://shop.example:99999""#, r#"port "99999" is not a port number"#),
        (r#""ftp://shop.example""#, "is not an origin such as https://shop.example"),
        (r#""shop.example""#, "is not an origin such as https://shop.example"),
        (r#""https://bücher.example""#, "write the host in ASCII"),
        // Every entry is checked, not just the first.
        (r#""https://ok.example", "https://b.example/x""#, r#"sites[0].origins[1]: site "demo""#),
    ] {
        let err = read_origins(written).unwrap_err();
        assert!(err.contains(want), "{written}\n  got: {err}\n want: {want}");
    }
}

#[test]
fn a_wildcard_matches_subdomains_on_the_same_scheme_and_port_only() {
    let origins =
        read_origins(r#""https://*.shop.example", "http://*.dev.example:8080", "https://plain.example/""#)
            .unwrap();
    let config = check_site_config(SITE).unwrap();
    let site = Site::new("demo".into(), origins, Secret::new("t".into()), config, "d.json".into());
    for (origin, allowed) in [
        ("https://a.shop.example", true),
        ("https://a.b.shop.example", true),
        ("https://A.Shop.Example", true),
        ("https://a.shop.example:443", true),
        ("https://shop.example", false),
        ("https://evilshop.example", false),
        ("https://a.evilshop.example", false),
        ("https://shop.example.evil.example", false),
        ("http://a.shop.example", false),
        ("https://a.shop.example:8443", false),
        ("https://*.shop.example", false),
        ("http://a.dev.example:8080", true),
        ("http://a.dev.example", false),
        ("https://plain.example", true),
        ("https://plain.example/", true),
        ("https://x.plain.example", false),
        ("null", false),
    ] {
        assert_eq!(site.origin_allowed(origin), allowed, "{origin}");
    }
}

#[test]
fn every_toml_problem_is_reported_at_once_on_its_own_line() {
    let toml = r#"listen = "127.0.0.1:9000"
databse = "sqlite://x.db"

[limits]
per_ip_per_minute = "many"

[[sites]]
id = "demo"
orgins = ["https://shop.example"]
admin_token = "a-long-random-secret"
config = "sites/demo.json"
"#;
    let err = parse_files(&[("exitpoll.toml", toml), ("sites/demo.json", SITE)], &[]).unwrap_err();
    expect_test::expect![[r#"
        DIR/exitpoll.toml: 3 problems:
        line 2: databse: unknown field, did you mean `database`?
        line 5: limits.per_ip_per_minute: invalid type: string "many", expected u32
        line 9: sites[0].orgins: unknown field, did you mean `origins`?"#]]
    .assert_eq(&err);
}

#[test]
fn toml_lines_count_from_one() {
    for (toml, line) in [
        ("databse = 1", "line 1:"),
        ("listen = \"127.0.0.1:1\"\ndatabse = 1", "line 2:"),
        ("\n\n[server]\nidle_timeout_seconds = \"soon\"", "line 4:"),
        ("listen = \"127.0.0.1:1\"\nlisten = \"127.0.0.1:2\"", "line 2:"),
    ] {
        let err = parse_files(&[("exitpoll.toml", toml), ("sites/demo.json", SITE)], &[]).unwrap_err();
        assert!(err.contains(line), "{toml:?}\n  got: {err}\n want: {line}");
    }
}

#[test]
fn toml_problems_of_every_kind_have_their_key_and_line() {
    let toml = r#"limits = 3
server = { idle_timeout_seconds = "soon", zzz = 1 }
webhooks = { give_up_after_seconds = -1 }

[[sites]]
admin_token = "a-long-random-secret"
config = "sites/demo.json"

[[sites.webhooks]]
name = "crm"
url = "https://hooks.example"
headers = { "X-Team" = 3 }
"#;
    let err = parse_files(&[("exitpoll.toml", toml), ("sites/demo.json", SITE)], &[]).unwrap_err();
    expect_test::expect![[r#"
        DIR/exitpoll.toml: 6 problems:
        line 1: limits: invalid type: integer, expected a table
        line 2: server.idle_timeout_seconds: invalid type: string "soon", expected f64
        line 2: server.zzz: unknown field, expected `idle_timeout_seconds`
        line 3: webhooks.give_up_after_seconds: invalid value: integer `-1`, expected u64
        line 5: sites[0].id: missing
        line 12: sites[0].webhooks[0].headers: invalid type: integer `3`, expected a string"#]]
    .assert_eq(&err);
}

/// The shape that lists every problem knows exactly the keys serde accepts:
/// serde's own "expected one of" list for each table is the shape's.
#[test]
fn the_toml_shape_has_the_keys_of_the_config_structs() {
    for (prefix, keys) in [
        ("", shape::CONFIG),
        ("[limits]\n", shape::LIMITS),
        ("[server]\n", shape::SERVER),
        ("[webhooks]\n", shape::WEBHOOK_SETTINGS),
        ("[[sites]]\n", shape::SITE),
        ("[[sites]]\n[[sites.webhooks]]\n", shape::WEBHOOK),
    ] {
        let e = toml::from_str::<RawConfig>(&format!("{prefix}zzz = 1")).unwrap_err();
        // serde says "expected `a`", "expected `a` or `b`" or "expected one of `a`, `b`, `c`".
        let listed = e.message().split("expected ").nth(1).unwrap_or_else(|| panic!("{prefix}: {e}"));
        let listed = listed.trim().trim_start_matches("one of ");
        let serde: Vec<&str> =
            listed.split([',', ' ']).filter(|k| k.starts_with('`')).map(|k| k.trim_matches('`')).collect();
        let ours: Vec<&str> = keys.iter().map(|k| k.name).collect();
        assert_eq!(ours, serde, "{prefix}");
    }
}

#[test]
fn retention_days_are_kept_per_site_and_checked() {
    let c = parse_files(&[("exitpoll.toml", GOOD), ("sites/demo.json", SITE)], &[]).unwrap();
    assert_eq!(c.sites[0].retention_days, None, "absent: kept for ever");
    let with = |days: &str| {
        GOOD.replace(
            "config = \"sites/demo.json\"",
            &format!("config = \"sites/demo.json\"\nretention_days = {days}"),
        )
    };
    let c = parse_files(&[("exitpoll.toml", &with("365")), ("sites/demo.json", SITE)], &[]).unwrap();
    assert_eq!(c.sites[0].retention_days, Some(365));
    for days in ["0", "36501"] {
        let e = parse_files(&[("exitpoll.toml", &with(days)), ("sites/demo.json", SITE)], &[]).unwrap_err();
        assert!(e.contains("sites[0].retention_days: must be between 1 and 36500"), "{days}: {e}");
    }
    let e =
        parse_files(&[("exitpoll.toml", &with("\"a year\"")), ("sites/demo.json", SITE)], &[]).unwrap_err();
    assert!(e.contains("retention_days"), "{e}");
}

/// The checks of values run on every value the shape found usable, and each
/// problem points at the line of its value.
#[test]
fn every_problem_of_the_values_is_reported_at_once_on_its_own_line() {
    let toml = r#"listen = "nowhere"
database = "mysql://x"

[limits]
forwarded_for_hops = 0
per_site_per_second = 0

[[sites]]
id = "demo"
origins = ["https://shop.example/path", "https://ok.example", "shop.example"]
admin_token = "short"
config = "sites/demo.json"
retention_days = 0

[[sites]]
id = "demo"
admin_token = "a-long-random-secret"
config = "sites/demo.json"

[[sites.webhooks]]
name = "crm"
url = "ftp://hooks.example"
events = ["response.done"]
format = "xml"
"#;
    let err = parse_files(&[("exitpoll.toml", toml), ("sites/demo.json", SITE)], &[]).unwrap_err();
    expect_test::expect![[r#"
        DIR/exitpoll.toml: 12 problems:
        line 1: listen: "nowhere" is not an address such as 127.0.0.1:8080
        line 2: database: "mysql://x" is not a database URL: use sqlite://FILE or postgres://USER@HOST/DB
        line 5: limits.forwarded_for_hops: must be between 1 and 16 (the proxies in front), not 0
        line 6: limits.per_site_per_second: must be at least 1, not 0
        line 10: sites[0].origins[0]: site "demo": "https://shop.example/path" has a path ("/path"): an origin is scheme://host or scheme://host:port, such as https://shop.example
        line 10: sites[0].origins[2]: site "demo": "shop.example" is not an origin such as https://shop.example (or "*", or "null")
        line 11: sites[0].admin_token: must be at least 16 characters, not 5
        line 13: sites[0].retention_days: must be between 1 and 36500 (or left out to keep responses for ever), not 0
        line 16: sites[1].id: site "demo" is listed twice, first as sites[0]
        line 22: sites[1].webhooks[0].url: "ftp://hooks.example" is not an http(s) URL: use http:// or https://, with no spaces
        line 23: sites[1].webhooks[0].events[0]: "response.done" is not an event: use response.completed or response.partial
        line 24: sites[1].webhooks[0].format: "xml" is not one of json, slack, klaviyo"#]].assert_eq(&err);
}

/// A value the shape refuses is reported once, by the shape: the checks that
/// would read it (or miss it) say nothing about it.
#[test]
fn shape_problems_and_value_problems_are_reported_together() {
    let toml = r#"listen = "nowhere"
databse = "sqlite://x.db"

[limits]
per_ip_per_minute = "many"

[[sites]]
id = "demo"
admin_token = 1234
config = "sites/demo.json"
retention_days = 0
"#;
    let err = parse_files(&[("exitpoll.toml", toml), ("sites/demo.json", SITE)], &[]).unwrap_err();
    expect_test::expect![[r#"
        DIR/exitpoll.toml: 5 problems:
        line 1: listen: "nowhere" is not an address such as 127.0.0.1:8080
        line 2: databse: unknown field, did you mean `database`?
        line 5: limits.per_ip_per_minute: invalid type: string "many", expected u32
        line 9: sites[0].admin_token: invalid type: integer `1234`, expected a string
        line 11: sites[0].retention_days: must be between 1 and 36500 (or left out to keep responses for ever), not 0"#]].assert_eq(&err);
}

/// What the shape refused is reported by the shape alone: no check reads a
/// value it took out, nor reports the value missing.
#[test]
fn a_value_the_shape_refuses_is_not_checked_again() {
    const SITE_TABLE: &str =
        "[[sites]]\nid = \"demo\"\nadmin_token = \"a-long-random-secret\"\nconfig = \"sites/demo.json\"\n";
    let cases = [
        (
            "sites = 3",
            expect_test::expect![
                "DIR/exitpoll.toml: line 1: sites: invalid type: integer, expected an array of tables"
            ],
        ),
        (
            "sites = [1]",
            expect_test::expect![
                "DIR/exitpoll.toml: line 1: sites[0]: invalid type: integer, expected a table"
            ],
        ),
        (
            "[[sites]]\nid = \"demo\"\nadmin_tokn = \"a-long-random-secret\"\nconfig = \"sites/demo.json\"",
            expect_test::expect![
                "DIR/exitpoll.toml: line 3: sites[0].admin_tokn: unknown field, did you mean `admin_token`?"
            ],
        ),
        (
            "[[sites]]\nid = 7\nadmin_token = \"a-long-random-secret\"\nconfig = \"sites/demo.json\"",
            expect_test::expect![
                "DIR/exitpoll.toml: line 2: sites[0].id: invalid type: integer `7`, expected a string"
            ],
        ),
        (
            &format!("{SITE_TABLE}[[sites.webhooks]]\nname = \"crm\"\nurl = 5\nevents = \"all\"\n"),
            expect_test::expect![[r#"
                DIR/exitpoll.toml: 2 problems:
                line 7: sites[0].webhooks[0].url: invalid type: integer `5`, expected a string
                line 8: sites[0].webhooks[0].events: invalid type: string "all", expected a sequence"#]],
        ),
    ];
    for (toml, expect) in cases {
        let err = parse_files(&[("exitpoll.toml", toml), ("sites/demo.json", SITE)], &[]).unwrap_err();
        expect.assert_eq(&err);
    }
}

/// A value from the environment has no line; its problem comes first and
/// names the variable. Secrets are measured, never printed.
#[test]
fn problems_of_environment_values_and_secrets() {
    let toml = r#"listen = "127.0.0.1:1"

[[sites]]
id = "demo"
admin_token_env = "DEMO_TOKEN"
config = "sites/demo.json"

[[sites.webhooks]]
name = "crm"
url = "https://hooks.example"
secret = "s3cr3t"
headers = { "Bad Name" = "x", "X-Key" = "line\nbreak" }
headers_env = { "X-Api" = "NO_SUCH_VAR" }

[[sites.webhooks]]
name = "crm"
url = "https://hooks.example/2"
secret_env = "HOOK_SECRET"
"#;
    let env = [(ENV_LISTEN, "everywhere"), ("DEMO_TOKEN", "tiny"), ("HOOK_SECRET", "0123456789")];
    let err = parse_files(&[("exitpoll.toml", toml), ("sites/demo.json", SITE)], &env).unwrap_err();
    assert!(!err.contains("s3cr3t") && !err.contains("tiny") && !err.contains("break"), "{err}");
    expect_test::expect![[r#"
        DIR/exitpoll.toml: 8 problems:
        listen: from EXITPOLL_LISTEN: "everywhere" is not an address such as 127.0.0.1:8080
        line 5: sites[0].admin_token_env: the value of DEMO_TOKEN must be at least 16 characters, not 4
        line 11: sites[0].webhooks[0].secret: must be at least 16 characters, not 6
        line 12: sites[0].webhooks[0].headers.Bad Name: "Bad Name" is not an HTTP header name: use letters, digits and any of !#$%&'*+-.^_`|~
        line 12: sites[0].webhooks[0].headers.X-Key: the value is not an HTTP header value: use visible ASCII, spaces and tabs
        line 13: sites[0].webhooks[0].headers_env.X-Api: environment variable NO_SUCH_VAR is not set
        line 16: sites[0].webhooks[1].name: "crm" is used twice, first by sites[0].webhooks[0]
        line 18: sites[0].webhooks[1].secret_env: the value of HOOK_SECRET must be at least 16 characters, not 10"#]].assert_eq(&err);
}

/// The README's check-config example, the config and what it gets, is the
/// collector's own output.
#[test]
fn the_readme_shows_what_check_config_prints() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme.split("### Checking a config").nth(1).expect("README has \"### Checking a config\"");
    let block = |fence: &str| {
        let start = section.find(fence).unwrap_or_else(|| panic!("no {fence} block")) + fence.len() + 1;
        section[start..].split("```").next().unwrap().to_owned()
    };
    let (toml, shown) = (block("```toml"), block("```text"));
    let err = parse_files(&[("exitpoll.toml", &toml), ("sites/demo.json", SITE)], &[]).unwrap_err();
    assert_eq!(shown.trim_end(), err.replace("DIR/", ""), "README.md, \"Checking a config\"");
}

//! The collector's configuration (README.md, "Running the collector"): a TOML file naming the
//! listen address, the database and the sites, each with its site config JSON.
//!
//! Every error names the file, the key and the problem, because an operator
//! reading a failed start-up at 3 a.m. should not have to guess which of
//! several files is wrong.

pub use crate::limits::LimitSettings;
pub use crate::server::ServerSettings;
pub use crate::store::sqlite::{SqliteOptions, Synchronous};
use exitpoll_protocol::SiteConfig;
use serde::Deserialize;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Environment variables that override the file.
pub const ENV_LISTEN: &str = "EXITPOLL_LISTEN";
pub const ENV_DATABASE: &str = "EXITPOLL_DATABASE";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{file}: cannot read: {source}")]
    Read { file: PathBuf, source: std::io::Error },
    #[error("{file}: {message}")]
    Invalid { file: PathBuf, message: String },
}

/// Where responses are stored.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    /// `sqlite://path/to/file.db`, relative to the working directory.
    /// Options: `?synchronous=normal` trades the last commits on power loss
    /// for speed; `?max_size_mb=N` caps the file (writes beyond it get 503).
    Sqlite { path: PathBuf, options: SqliteOptions },
    /// `postgres://user@host/dbname` (or `postgresql://`).
    Postgres(String),
}

impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Database::Sqlite { path, options } => {
                write!(f, "sqlite://{}", path.display())?;
                let mut sep = '?';
                if options.synchronous == Synchronous::Normal {
                    write!(f, "{sep}synchronous=normal")?;
                    sep = '&';
                }
                if let Some(mb) = options.max_size_mb {
                    write!(f, "{sep}max_size_mb={mb}")?;
                }
                Ok(())
            }
            // The URL may carry a password; never print it.
            Database::Postgres(url) => write!(f, "{}", redact_url(url)),
        }
    }
}

impl fmt::Display for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// A URL with any password replaced by `***`.
pub fn redact_url(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://")
        && let Some((auth, host)) = rest.split_once('@')
        && let Some((user, _)) = auth.split_once(':')
    {
        return format!("{scheme}://{user}:***@{host}");
    }
    url.to_owned()
}

impl Database {
    pub fn parse(url: &str) -> Result<Database, String> {
        if let Some(rest) = url.strip_prefix("sqlite://") {
            let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
            if path.is_empty() {
                return Err("sqlite:// needs a file path, such as sqlite://exitpoll.db".into());
            }
            let mut options = SqliteOptions::default();
            for pair in query.split('&').filter(|p| !p.is_empty()) {
                match pair.split_once('=') {
                    Some(("synchronous", "full")) => options.synchronous = Synchronous::Full,
                    Some(("synchronous", "normal")) => options.synchronous = Synchronous::Normal,
                    Some(("max_size_mb", n)) => {
                        options.max_size_mb = Some(n.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                            format!("max_size_mb=\"{n}\" must be a whole number of megabytes above 0")
                        })?)
                    }
                    _ => {
                        return Err(format!(
                            "sqlite option \"{pair}\" is unknown: use synchronous=full|normal or max_size_mb=N"
                        ));
                    }
                }
            }
            Ok(Database::Sqlite { path: PathBuf::from(path), options })
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Database::Postgres(url.to_owned()))
        } else {
            Err(format!(
                "\"{}\" is not a database URL: use sqlite://FILE or postgres://USER@HOST/DB",
                redact_url(url)
            ))
        }
    }
}

/// A secret that never appears in logs or debug output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: String) -> Secret {
        Secret(s)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Compares in constant time, so response timing reveals nothing about the token.
    pub fn matches(&self, candidate: &str) -> bool {
        use subtle::ConstantTimeEq;
        let (a, b) = (self.0.as_bytes(), candidate.as_bytes());
        // Lengths are compared separately; the secret's length is not sensitive.
        a.len() == b.len() && bool::from(a.ct_eq(b))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Payload shapes a webhook can receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookFormat {
    /// The response plus the survey's metadata (see the collector's README).
    Json,
    /// A Slack incoming-webhook message.
    Slack,
    /// A Klaviyo "Create Event" request.
    Klaviyo,
}

impl WebhookFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookFormat::Json => "json",
            WebhookFormat::Slack => "slack",
            WebhookFormat::Klaviyo => "klaviyo",
        }
    }
}

/// A webhook declared for a site.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// Unique within the site; names deliveries and dead letters.
    pub name: String,
    pub url: String,
    pub completed: bool,
    pub partial: bool,
    pub format: WebhookFormat,
    /// Signs every delivery (HMAC-SHA256) when set.
    pub secret: Option<Secret>,
    /// Extra request headers (API keys for Klaviyo and the like).
    pub headers: Vec<(String, Secret)>,
}

/// Delivery policy for all webhooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebhookSettings {
    /// A delivery failing this long becomes a dead letter.
    pub give_up_after_ms: i64,
    /// Longest wait between two attempts.
    pub max_backoff_ms: i64,
    /// The deadline of one attempt, from connecting to the receiver's status
    /// line; an attempt past it fails and is retried like any failure.
    pub attempt_timeout: std::time::Duration,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        WebhookSettings {
            give_up_after_ms: 24 * 3_600_000,
            max_backoff_ms: 3_600_000,
            attempt_timeout: std::time::Duration::from_secs(10),
        }
    }
}

/// One site the collector serves.
#[derive(Debug, Clone)]
pub struct Site {
    pub id: String,
    /// Browser origins allowed to post responses and read the config, as
    /// [`origin::normalize`] stores them; `*` allows any, `https://*.x` the subdomains of x.
    pub origins: Vec<String>,
    pub admin_token: Secret,
    pub config: Arc<SiteConfig>,
    /// The config as served: JSON, and its ETag.
    pub config_json: bytes::Bytes,
    pub etag: String,
    /// Where the site config came from, for messages.
    pub config_file: PathBuf,
    pub webhooks: Vec<Webhook>,
    /// Responses first received longer ago than this many days are deleted
    /// (`retention_days`, 1 to 36500); `None` keeps them for ever.
    pub retention_days: Option<u32>,
}

impl Site {
    pub fn new(
        id: String,
        origins: Vec<String>,
        admin_token: Secret,
        config: SiteConfig,
        config_file: PathBuf,
    ) -> Site {
        let json = serde_json::to_vec(&config).expect("a site config always serialises");
        let etag = format!("\"{:016x}\"", fnv1a(&json));
        Site {
            id,
            origins,
            admin_token,
            config: Arc::new(config),
            config_json: json.into(),
            etag,
            config_file,
            webhooks: Vec::new(),
            retention_days: None,
        }
    }

    /// What the store needs to queue deliveries with each write.
    pub fn subscriptions(&self) -> Vec<crate::store::Subscription> {
        self.webhooks
            .iter()
            .map(|w| crate::store::Subscription {
                webhook: w.name.clone(),
                completed: w.completed,
                partial: w.partial,
            })
            .collect()
    }

    pub fn webhook(&self, name: &str) -> Option<&Webhook> {
        self.webhooks.iter().find(|w| w.name == name)
    }

    /// Whether browser requests from `origin` may post and read the config.
    /// `*` allows every origin but `null`: anyone can send `null` (from a
    /// sandboxed iframe, a `data:` or a `file:` page on any site), so a site
    /// takes it only by listing `"null"` itself. `https://*.shop.example`
    /// allows the subdomains of shop.example, on that scheme and port.
    pub fn origin_allowed(&self, origin: &str) -> bool {
        if origin == "null" {
            return self.origins.iter().any(|o| o == "null");
        }
        // A pattern is no origin: `https://*.shop.example` in a request matches nothing.
        if origin.contains('*') {
            return false;
        }
        // Browsers send origins as they are stored; this is the common case.
        if self.origins.iter().any(|o| o == "*" || o.eq_ignore_ascii_case(origin)) {
            return true;
        }
        let Ok(origin) = origin::normalize(origin) else { return false };
        self.origins.iter().any(|o| origin::matches(o, &origin))
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01B3))
}

#[derive(Debug, Clone)]
pub struct CollectorConfig {
    pub listen: SocketAddr,
    pub database: Database,
    pub limits: LimitSettings,
    pub webhooks: WebhookSettings,
    /// Connection timeouts; a reload keeps the running ones.
    pub server: ServerSettings,
    pub sites: Vec<Site>,
    /// The file this came from, for reloads and messages.
    pub file: Option<PathBuf>,
}

impl CollectorConfig {
    pub fn site(&self, id: &str) -> Option<&Site> {
        self.sites.iter().find(|s| s.id == id)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    listen: Option<String>,
    database: Option<String>,
    #[serde(default)]
    limits: RawLimits,
    #[serde(default)]
    webhooks: RawWebhookSettings,
    #[serde(default)]
    server: RawServer,
    #[serde(default)]
    sites: Vec<RawSite>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    per_ip_per_minute: Option<u32>,
    per_site_per_second: Option<u32>,
    trust_forwarded_for: Option<bool>,
    forwarded_for_hops: Option<u8>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawServer {
    /// Fractions allowed, so tests can use a short timeout.
    idle_timeout_seconds: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWebhookSettings {
    give_up_after_seconds: Option<u64>,
    max_backoff_seconds: Option<u64>,
    /// Fractions allowed, so tests can use a short deadline.
    attempt_timeout_seconds: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWebhook {
    name: String,
    url: String,
    #[serde(default)]
    events: Vec<String>,
    format: Option<String>,
    secret: Option<String>,
    secret_env: Option<String>,
    #[serde(default)]
    headers: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    headers_env: std::collections::BTreeMap<String, String>,
}

/// The longest `retention_days`: a hundred years.
pub const MAX_RETENTION_DAYS: u32 = 36_500;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    id: String,
    #[serde(default)]
    origins: Vec<String>,
    admin_token: Option<String>,
    admin_token_env: Option<String>,
    config: PathBuf,
    #[serde(default)]
    webhooks: Vec<RawWebhook>,
    retention_days: Option<u32>,
}

/// Reads and checks a collector config, applying environment overrides.
pub fn load(file: &Path) -> Result<CollectorConfig, ConfigError> {
    let text = std::fs::read_to_string(file)
        .map_err(|source| ConfigError::Read { file: file.to_owned(), source })?;
    parse(&text, file, |name| std::env::var(name).ok())
}

/// Parses a collector config; `env` looks up environment variables.
pub fn parse(
    text: &str,
    file: &Path,
    env: impl Fn(&str) -> Option<String>,
) -> Result<CollectorConfig, ConfigError> {
    let invalid = |message: String| ConfigError::Invalid { file: file.to_owned(), message };
    let raw = read_raw(text).map_err(invalid)?;
    let listen_text = env(ENV_LISTEN).or(raw.listen).unwrap_or_else(|| "127.0.0.1:8080".into());
    let listen: SocketAddr = listen_text.parse().map_err(|_| {
        invalid(format!("listen: \"{listen_text}\" is not an address such as 127.0.0.1:8080"))
    })?;
    let db_text = env(ENV_DATABASE).or(raw.database).unwrap_or_else(|| "sqlite://exitpoll.db".into());
    let database = Database::parse(&db_text).map_err(|m| invalid(format!("database: {m}")))?;
    if raw.sites.is_empty() {
        return Err(invalid("sites: no [[sites]] table; the collector has nothing to serve".into()));
    }
    let base = file.parent().unwrap_or(Path::new("."));
    let mut sites: Vec<Site> = Vec::new();
    for (i, s) in raw.sites.into_iter().enumerate() {
        let at = format!("sites[{i}]");
        if !exitpoll_protocol::is_valid_id(&s.id) {
            return Err(invalid(format!(
                "{at}.id: \"{}\" is not a site id: use 1 to 64 letters, digits, '_' or '-'",
                s.id
            )));
        }
        if sites.iter().any(|o| o.id == s.id) {
            return Err(invalid(format!("{at}.id: site \"{}\" is listed twice", s.id)));
        }
        let origins = s
            .origins
            .iter()
            .enumerate()
            .map(|(j, o)| {
                origin::normalize(o)
                    .map_err(|m| invalid(format!("{at}.origins[{j}]: site \"{}\": {m}", s.id)))
            })
            .collect::<Result<Vec<String>, ConfigError>>()?;
        let token = match (s.admin_token, s.admin_token_env) {
            (Some(t), None) => t,
            (None, Some(var)) => env(&var).ok_or_else(|| {
                invalid(format!("{at}.admin_token_env: environment variable {var} is not set"))
            })?,
            (Some(_), Some(_)) => {
                return Err(invalid(format!("{at}: give admin_token or admin_token_env, not both")));
            }
            (None, None) => return Err(invalid(format!("{at}: admin_token or admin_token_env is required"))),
        };
        if token.len() < 16 {
            return Err(invalid(format!("{at}.admin_token: must be at least 16 characters")));
        }
        let config_file = base.join(&s.config);
        let config = load_site_config(&config_file, &s.id)
            .map_err(|message| ConfigError::Invalid { file: config_file.clone(), message })?;
        if let Some(days) = s.retention_days.filter(|d| !(1..=MAX_RETENTION_DAYS).contains(d)) {
            return Err(invalid(format!(
                "{at}.retention_days: must be between 1 and {MAX_RETENTION_DAYS} (or left out to keep responses for ever), not {days}"
            )));
        }
        let mut site = Site::new(s.id, origins, Secret::new(token), config, config_file);
        site.retention_days = s.retention_days;
        for (j, w) in s.webhooks.into_iter().enumerate() {
            let hook = parse_webhook(w, &format!("{at}.webhooks[{j}]"), &env).map_err(&invalid)?;
            if site.webhooks.iter().any(|o| o.name == hook.name) {
                return Err(invalid(format!("{at}.webhooks[{j}].name: \"{}\" is used twice", hook.name)));
            }
            site.webhooks.push(hook);
        }
        sites.push(site);
    }
    let d = LimitSettings::default();
    let limits = LimitSettings {
        per_ip_per_minute: raw.limits.per_ip_per_minute.unwrap_or(d.per_ip_per_minute),
        per_site_per_second: raw.limits.per_site_per_second.unwrap_or(d.per_site_per_second),
        trust_forwarded_for: raw.limits.trust_forwarded_for.unwrap_or(d.trust_forwarded_for),
        forwarded_for_hops: raw.limits.forwarded_for_hops.unwrap_or(d.forwarded_for_hops),
    };
    if !(1..=16).contains(&limits.forwarded_for_hops) {
        return Err(invalid(
            "limits.forwarded_for_hops: must be between 1 and 16 (the proxies in front)".into(),
        ));
    }
    if limits.per_ip_per_minute == 0 || limits.per_site_per_second == 0 {
        return Err(invalid("limits: rates must be at least 1".into()));
    }
    let d = WebhookSettings::default();
    let secs = |v: Option<u64>, default: i64| v.map_or(default, |s| (s as i64).saturating_mul(1000));
    let webhooks = WebhookSettings {
        give_up_after_ms: secs(raw.webhooks.give_up_after_seconds, d.give_up_after_ms),
        max_backoff_ms: secs(raw.webhooks.max_backoff_seconds, d.max_backoff_ms),
        attempt_timeout: d.attempt_timeout,
    };
    if webhooks.give_up_after_ms <= 0 || webhooks.max_backoff_ms <= 0 {
        return Err(invalid("webhooks: durations must be at least 1 second".into()));
    }
    let attempt = raw.webhooks.attempt_timeout_seconds.unwrap_or(d.attempt_timeout.as_secs_f64());
    if !(0.05..=300.0).contains(&attempt) {
        return Err(invalid("webhooks.attempt_timeout_seconds: must be between 0.05 and 300".into()));
    }
    let webhooks =
        WebhookSettings { attempt_timeout: std::time::Duration::from_secs_f64(attempt), ..webhooks };
    let idle =
        raw.server.idle_timeout_seconds.unwrap_or(ServerSettings::default().idle_timeout.as_secs_f64());
    if !(0.05..=86_400.0).contains(&idle) {
        return Err(invalid("server.idle_timeout_seconds: must be between 0.05 and 86400".into()));
    }
    let server = ServerSettings { idle_timeout: std::time::Duration::from_secs_f64(idle) };
    Ok(CollectorConfig { listen, database, limits, webhooks, server, sites, file: Some(file.to_owned()) })
}

fn parse_webhook(w: RawWebhook, at: &str, env: &impl Fn(&str) -> Option<String>) -> Result<Webhook, String> {
    if !exitpoll_protocol::is_valid_id(&w.name) {
        return Err(format!(
            "{at}.name: \"{}\" is not a name: use 1 to 64 letters, digits, '_' or '-'",
            w.name
        ));
    }
    if !(w.url.starts_with("https://") || w.url.starts_with("http://")) || w.url.contains(char::is_whitespace)
    {
        return Err(format!("{at}.url: \"{}\" is not an http(s) URL", w.url));
    }
    let (mut completed, mut partial) = (w.events.is_empty(), false);
    for e in &w.events {
        match e.as_str() {
            crate::store::EVENT_COMPLETED => completed = true,
            crate::store::EVENT_PARTIAL => partial = true,
            other => {
                return Err(format!(
                    "{at}.events: \"{other}\" is not an event: use response.completed or response.partial"
                ));
            }
        }
    }
    let format = match w.format.as_deref().unwrap_or("json") {
        "json" => WebhookFormat::Json,
        "slack" => WebhookFormat::Slack,
        "klaviyo" => WebhookFormat::Klaviyo,
        other => return Err(format!("{at}.format: \"{other}\" is not one of json, slack, klaviyo")),
    };
    let secret = match (w.secret, w.secret_env) {
        (Some(s), None) => Some(s),
        (None, Some(var)) => {
            Some(env(&var).ok_or_else(|| format!("{at}.secret_env: environment variable {var} is not set"))?)
        }
        (None, None) => None,
        (Some(_), Some(_)) => return Err(format!("{at}: give secret or secret_env, not both")),
    };
    if secret.as_ref().is_some_and(|s| s.len() < 16) {
        return Err(format!("{at}.secret: must be at least 16 characters"));
    }
    let mut headers: Vec<(String, Secret)> =
        w.headers.into_iter().map(|(k, v)| (k, Secret::new(v))).collect();
    for (k, var) in w.headers_env {
        let v = env(&var)
            .ok_or_else(|| format!("{at}.headers_env.{k}: environment variable {var} is not set"))?;
        headers.push((k, Secret::new(v)));
    }
    for (k, v) in &headers {
        if reqwest::header::HeaderName::from_bytes(k.as_bytes()).is_err()
            || reqwest::header::HeaderValue::from_str(v.expose()).is_err()
        {
            return Err(format!("{at}.headers.{k}: not a valid HTTP header"));
        }
    }
    Ok(Webhook {
        name: w.name,
        url: w.url,
        completed,
        partial,
        format,
        secret: secret.map(Secret::new),
        headers,
    })
}

/// Reads a site config JSON file; any problem, warnings included, is an error.
pub fn load_site_config(file: &Path, expected_site: &str) -> Result<SiteConfig, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read: {e}"))?;
    let config = check_site_config(&text)?;
    if config.site != expected_site {
        return Err(format!("site: \"{}\" does not match the [[sites]] id \"{expected_site}\"", config.site));
    }
    Ok(config)
}

/// Checks site config JSON text, listing every problem.
pub fn check_site_config(text: &str) -> Result<SiteConfig, String> {
    SiteConfig::decode(text).into_strict().map_err(|problems| {
        let n = problems.len();
        format!("{n} problem{}:\n{problems}", if n == 1 { "" } else { "s" })
    })
}

/// Reads the TOML into [`RawConfig`], or lists every problem with its line:
/// syntax errors first; then, on a file that parses, every unknown key,
/// missing key and wrong type ([`shape`]).
fn read_raw(text: &str) -> Result<RawConfig, String> {
    let (document, errors) = toml::de::DeTable::parse_recoverable(text);
    let mut problems: Vec<shape::Problem> = errors
        .iter()
        .map(|e| shape::Problem {
            offset: e.span().map_or(0, |s| s.start),
            message: e.message().trim_end().to_owned(),
        })
        .collect();
    if problems.is_empty() {
        shape::check_table(document.get_ref(), document.span(), shape::CONFIG, "", &mut problems);
    }
    if problems.is_empty() {
        // The shape found nothing; serde decodes, and would still say what the shape missed.
        match toml::from_str::<RawConfig>(text) {
            Ok(raw) => return Ok(raw),
            Err(e) => problems.push(shape::Problem {
                offset: e.span().map_or(0, |s| s.start),
                message: e.message().trim_end().to_owned(),
            }),
        }
    }
    problems.sort_by_key(|p| p.offset);
    let lines: Vec<String> =
        problems.iter().map(|p| format!("line {}: {}", line_of(text, p.offset), p.message)).collect();
    Err(match lines.as_slice() {
        [one] => one.clone(),
        _ => format!("{} problems:\n{}", lines.len(), lines.join("\n")),
    })
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset].iter().filter(|b| **b == b'\n').count() + 1
}

pub mod origin;
mod shape;

#[cfg(test)]
mod tests;

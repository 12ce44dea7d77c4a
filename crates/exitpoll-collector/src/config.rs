//! The collector's configuration (README.md, "Running the collector"): a TOML file naming the
//! listen address, the database and the sites, each with its site config JSON.
//!
//! Every error names the file, the line, the key and the problem, and one
//! run lists every problem of the file, because an operator reading a failed
//! start-up at 3 a.m. should not have to guess which of several files is
//! wrong, nor fix them one start at a time.

pub use crate::limits::LimitSettings;
pub use crate::server::ServerSettings;
pub use crate::store::sqlite::{SqliteOptions, Synchronous};
use exitpoll_protocol::SiteConfig;
use problems::Problems;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

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

// The `Raw*` structs hold what the file says, each value with its span for
// the line of a problem. Keys the shape requires are still `Option`s: a
// missing one is the shape's problem, and the other values are checked all
// the same.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    listen: Option<Spanned<String>>,
    database: Option<Spanned<String>>,
    #[serde(default)]
    limits: RawLimits,
    #[serde(default)]
    webhooks: RawWebhookSettings,
    #[serde(default)]
    server: RawServer,
    #[serde(default)]
    sites: Vec<Spanned<RawSite>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    per_ip_per_minute: Option<Spanned<u32>>,
    per_site_per_second: Option<Spanned<u32>>,
    trust_forwarded_for: Option<bool>,
    forwarded_for_hops: Option<Spanned<u8>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawServer {
    /// Fractions allowed, so tests can use a short timeout.
    idle_timeout_seconds: Option<Spanned<f64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWebhookSettings {
    give_up_after_seconds: Option<Spanned<u64>>,
    max_backoff_seconds: Option<Spanned<u64>>,
    /// Fractions allowed, so tests can use a short deadline.
    attempt_timeout_seconds: Option<Spanned<f64>>,
}

type RawHeaders = BTreeMap<Spanned<String>, Spanned<String>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWebhook {
    name: Option<Spanned<String>>,
    url: Option<Spanned<String>>,
    #[serde(default)]
    events: Vec<Spanned<String>>,
    format: Option<Spanned<String>>,
    secret: Option<Spanned<String>>,
    secret_env: Option<Spanned<String>>,
    #[serde(default)]
    headers: RawHeaders,
    #[serde(default)]
    headers_env: RawHeaders,
}

/// The longest `retention_days`: a hundred years.
pub const MAX_RETENTION_DAYS: u32 = 36_500;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    id: Option<Spanned<String>>,
    #[serde(default)]
    origins: Vec<Spanned<String>>,
    admin_token: Option<Spanned<String>>,
    admin_token_env: Option<Spanned<String>>,
    config: Option<Spanned<PathBuf>>,
    #[serde(default)]
    webhooks: Vec<Spanned<RawWebhook>>,
    retention_days: Option<Spanned<u32>>,
}

/// Reads and checks a collector config, applying environment overrides.
pub fn load(file: &Path) -> Result<CollectorConfig, ConfigError> {
    let text = std::fs::read_to_string(file)
        .map_err(|source| ConfigError::Read { file: file.to_owned(), source })?;
    parse(&text, file, |name| std::env::var(name).ok())
}

/// Parses a collector config; `env` looks up environment variables. The
/// error lists every problem of the file at once, each with its line: those
/// of its shape (unknown keys, wrong types) and those of its values.
pub fn parse(
    text: &str,
    file: &Path,
    env: impl Fn(&str) -> Option<String>,
) -> Result<CollectorConfig, ConfigError> {
    let (raw, shape) = read_raw(text);
    let mut problems = Problems::default();
    let config = raw.and_then(|raw| check_values(raw, file, &env, &shape, &mut problems));
    problems.append(shape);
    match config {
        Some(config) if problems.is_empty() => Ok(config),
        _ => Err(ConfigError::Invalid { file: file.to_owned(), message: problems.render(text) }),
    }
}

/// Checks what every value the shape let through means, adding a problem for
/// each wrong one. The config it returns (where a wrong value is left at its
/// default) is used only when no problem was found. `shape` holds the shape's
/// problems: a check whose value the shape refused says nothing, rather than
/// report the same mistake again in other words.
fn check_values(
    raw: RawConfig,
    file: &Path,
    env: &impl Fn(&str) -> Option<String>,
    shape: &Problems,
    problems: &mut Problems,
) -> Option<CollectorConfig> {
    let listen = match env_or_file(env, ENV_LISTEN, raw.listen) {
        None => Some(SocketAddr::from(([127, 0, 0, 1], 8080))),
        Some(given) => given
            .text
            .parse()
            .map_err(|_| {
                let message =
                    format!("{}\"{}\" is not an address such as 127.0.0.1:8080", given.source(), given.text);
                problems.push(given.span.clone(), "listen", message);
            })
            .ok(),
    };
    let database = match env_or_file(env, ENV_DATABASE, raw.database) {
        None => Database::parse("sqlite://exitpoll.db").ok(),
        Some(given) => Database::parse(&given.text)
            .map_err(|m| problems.push(given.span.clone(), "database", format!("{}{m}", given.source())))
            .ok(),
    };
    // A `sites` the shape refused is the shape's problem.
    if raw.sites.is_empty() && !shape.within("sites") {
        problems.push(None, "sites", "no [[sites]] table; the collector has nothing to serve");
    }
    let base = file.parent().unwrap_or(Path::new("."));
    let mut ids: Vec<Option<String>> = Vec::new();
    let mut sites: Vec<Option<Site>> = Vec::new();
    for (i, s) in raw.sites.into_iter().enumerate() {
        let at = format!("sites[{i}]");
        let id = s.get_ref().id.as_ref().filter(|id| exitpoll_protocol::is_valid_id(id.get_ref()));
        if let Some(id) = id
            && let Some(first) = ids.iter().position(|o| o.as_deref() == Some(id.get_ref().as_str()))
        {
            let message = format!("site \"{}\" is listed twice, first as sites[{first}]", id.get_ref());
            problems.at(id.span(), format!("{at}.id"), message);
        }
        ids.push(id.map(|id| id.get_ref().clone()));
        sites.push(check_site(s, &at, base, env, shape, problems));
    }
    let limits = check_limits(raw.limits, problems);
    let webhooks = check_webhook_settings(raw.webhooks, problems);
    let idle = raw.server.idle_timeout_seconds;
    let server = ServerSettings {
        idle_timeout: seconds_within(idle, 0.05..=86_400.0, "server.idle_timeout_seconds", problems)
            .unwrap_or(ServerSettings::default().idle_timeout),
    };
    Some(CollectorConfig {
        listen: listen?,
        database: database?,
        limits,
        webhooks,
        server,
        sites: sites.into_iter().collect::<Option<Vec<Site>>>()?,
        file: Some(file.to_owned()),
    })
}

/// A value the environment can override: its text, and the span of the
/// value in the file, which is `None` when the environment gave it.
struct Given<'a> {
    text: String,
    span: Option<std::ops::Range<usize>>,
    var: &'a str,
}

impl Given<'_> {
    /// Where the value came from, as a message starts: nothing for the file.
    fn source(&self) -> String {
        if self.span.is_some() { String::new() } else { format!("from {}: ", self.var) }
    }
}

/// The environment variable `var` when it is set, else the file's value.
fn env_or_file<'a>(
    env: &impl Fn(&str) -> Option<String>,
    var: &'a str,
    in_file: Option<Spanned<String>>,
) -> Option<Given<'a>> {
    match env(var) {
        Some(text) => Some(Given { text, span: None, var }),
        None => in_file.map(|v| Given { span: Some(v.span()), text: v.into_inner(), var }),
    }
}

/// One `[[sites]]` table; the site when every value of it is right.
fn check_site(
    s: Spanned<RawSite>,
    at: &str,
    base: &Path,
    env: &impl Fn(&str) -> Option<String>,
    shape: &Problems,
    problems: &mut Problems,
) -> Option<Site> {
    let span = s.span();
    let s = s.into_inner();
    let id_text = s.id.as_ref().map(|id| id.get_ref().clone());
    let id = s.id.filter(|id| {
        let valid = exitpoll_protocol::is_valid_id(id.get_ref());
        if !valid {
            let message =
                format!("\"{}\" is not a site id: use 1 to 64 letters, digits, '_' or '-'", id.get_ref());
            problems.at(id.span(), format!("{at}.id"), message);
        }
        valid
    });
    let mut origins = Vec::new();
    for (j, o) in s.origins.iter().enumerate() {
        match origin::normalize(o.get_ref()) {
            Ok(o) => origins.push(o),
            Err(m) => {
                let message = match &id_text {
                    Some(id) => format!("site \"{id}\": {m}"),
                    None => m,
                };
                problems.at(o.span(), format!("{at}.origins[{j}]"), message);
            }
        }
    }
    let token = if s.admin_token.is_none() && s.admin_token_env.is_none() {
        // Left alone when the shape refused a key of this site, which may be the token misspelt.
        if !shape.within(at) {
            problems.at(span, at, "admin_token or admin_token_env is required");
        }
        None
    } else {
        check_secret(s.admin_token, s.admin_token_env, at, "admin_token", env, problems)
    };
    let config = s.config.and_then(|c| {
        let file = base.join(c.get_ref());
        // The id is compared only when it is one; a wrong id is its own problem.
        let config = match &id {
            Some(id) => load_site_config(&file, id.get_ref()),
            None => read_site_config(&file),
        };
        config
            .map_err(|m| problems.at(c.span(), format!("{at}.config"), format!("{}: {m}", file.display())))
            .ok()
            .map(|config| (config, file))
    });
    if let Some(days) = &s.retention_days
        && !(1..=MAX_RETENTION_DAYS).contains(days.get_ref())
    {
        let message = format!(
            "must be between 1 and {MAX_RETENTION_DAYS} (or left out to keep responses for ever), not {}",
            days.get_ref()
        );
        problems.at(days.span(), format!("{at}.retention_days"), message);
    }
    let mut names: Vec<Option<String>> = Vec::new();
    let mut webhooks: Vec<Option<Webhook>> = Vec::new();
    for (j, w) in s.webhooks.into_iter().enumerate() {
        let hook_at = format!("{at}.webhooks[{j}]");
        let name = w.get_ref().name.as_ref().filter(|n| exitpoll_protocol::is_valid_id(n.get_ref()));
        if let Some(name) = name
            && let Some(first) = names.iter().position(|o| o.as_deref() == Some(name.get_ref().as_str()))
        {
            let message = format!("\"{}\" is used twice, first by {at}.webhooks[{first}]", name.get_ref());
            problems.at(name.span(), format!("{hook_at}.name"), message);
        }
        names.push(name.map(|n| n.get_ref().clone()));
        webhooks.push(check_webhook(w.into_inner(), &hook_at, env, problems));
    }
    let (config, config_file) = config?;
    let mut site = Site::new(id?.into_inner(), origins, Secret::new(token?), config, config_file);
    site.retention_days = s.retention_days.map(Spanned::into_inner);
    site.webhooks = webhooks.into_iter().collect::<Option<Vec<Webhook>>>()?;
    Some(site)
}

/// A secret given in the file (`key`) or by the environment variable that
/// `{key}_env` names, when one of them is given and right.
fn check_secret(
    given: Option<Spanned<String>>,
    var: Option<Spanned<String>>,
    at: &str,
    key: &str,
    env: &impl Fn(&str) -> Option<String>,
    problems: &mut Problems,
) -> Option<String> {
    let (secret, span, path, whose) = match (given, var) {
        (None, None) => return None,
        (Some(_), Some(var)) => {
            problems.at(var.span(), at, format!("give {key} or {key}_env, not both"));
            return None;
        }
        (Some(s), None) => (s.get_ref().clone(), s.span(), format!("{at}.{key}"), String::new()),
        (None, Some(var)) => {
            let path = format!("{at}.{key}_env");
            let Some(secret) = env(var.get_ref()) else {
                problems.at(var.span(), path, format!("environment variable {} is not set", var.get_ref()));
                return None;
            };
            (secret, var.span(), path, format!("the value of {} ", var.get_ref()))
        }
    };
    // The secret itself is never printed, only its length (in bytes, as it is checked).
    if secret.len() < 16 {
        let n = secret.len();
        problems.at(span, path, format!("{whose}must be at least 16 characters, not {n}"));
        return None;
    }
    Some(secret)
}

fn check_webhook(
    w: RawWebhook,
    at: &str,
    env: &impl Fn(&str) -> Option<String>,
    problems: &mut Problems,
) -> Option<Webhook> {
    let name = w.name.filter(|n| {
        let valid = exitpoll_protocol::is_valid_id(n.get_ref());
        if !valid {
            let message =
                format!("\"{}\" is not a name: use 1 to 64 letters, digits, '_' or '-'", n.get_ref());
            problems.at(n.span(), format!("{at}.name"), message);
        }
        valid
    });
    let url = w.url.filter(|u| {
        let url = u.get_ref();
        let valid =
            (url.starts_with("https://") || url.starts_with("http://")) && !url.contains(char::is_whitespace);
        if !valid {
            let message = format!("\"{url}\" is not an http(s) URL: use http:// or https://, with no spaces");
            problems.at(u.span(), format!("{at}.url"), message);
        }
        valid
    });
    let (mut completed, mut partial) = (w.events.is_empty(), false);
    for (j, e) in w.events.iter().enumerate() {
        match e.get_ref().as_str() {
            crate::store::EVENT_COMPLETED => completed = true,
            crate::store::EVENT_PARTIAL => partial = true,
            other => {
                let message =
                    format!("\"{other}\" is not an event: use response.completed or response.partial");
                problems.at(e.span(), format!("{at}.events[{j}]"), message);
            }
        }
    }
    let format = match w.format.as_ref().map_or("json", |f| f.get_ref().as_str()) {
        "json" => Some(WebhookFormat::Json),
        "slack" => Some(WebhookFormat::Slack),
        "klaviyo" => Some(WebhookFormat::Klaviyo),
        other => {
            let span = w.format.as_ref().map(Spanned::span);
            problems.push(
                span,
                format!("{at}.format"),
                format!("\"{other}\" is not one of json, slack, klaviyo"),
            );
            None
        }
    };
    let secret = check_secret(w.secret, w.secret_env, at, "secret", env, problems);
    let mut headers: Vec<(String, Secret)> = Vec::new();
    for (k, v) in w.headers {
        let path = format!("{at}.headers.{}", k.get_ref());
        headers.extend(check_header(k, v.span(), v.into_inner(), "the value", &path, problems));
    }
    for (k, var) in w.headers_env {
        let path = format!("{at}.headers_env.{}", k.get_ref());
        let Some(value) = env(var.get_ref()) else {
            problems.at(var.span(), path, format!("environment variable {} is not set", var.get_ref()));
            continue;
        };
        let whose = format!("the value of {}", var.get_ref());
        headers.extend(check_header(k, var.span(), value, &whose, &path, problems));
    }
    Some(Webhook {
        name: name?.into_inner(),
        url: url?.into_inner(),
        completed,
        partial,
        format: format?,
        secret: secret.map(Secret::new),
        headers,
    })
}

/// A header of a webhook's requests, when its name and value are HTTP's;
/// the value (often an API key) is never printed.
fn check_header(
    name: Spanned<String>,
    value_span: std::ops::Range<usize>,
    value: String,
    whose: &str,
    path: &str,
    problems: &mut Problems,
) -> Option<(String, Secret)> {
    let name_ok = reqwest::header::HeaderName::from_bytes(name.get_ref().as_bytes()).is_ok();
    if !name_ok {
        let message = format!(
            "\"{}\" is not an HTTP header name: use letters, digits and any of !#$%&'*+-.^_`|~",
            name.get_ref()
        );
        problems.at(name.span(), path, message);
    }
    let value_ok = reqwest::header::HeaderValue::from_str(&value).is_ok();
    if !value_ok {
        let message = format!("{whose} is not an HTTP header value: use visible ASCII, spaces and tabs");
        problems.at(value_span, path, message);
    }
    (name_ok && value_ok).then(|| (name.into_inner(), Secret::new(value)))
}

fn check_limits(raw: RawLimits, problems: &mut Problems) -> LimitSettings {
    let d = LimitSettings::default();
    let rate = |v: Option<Spanned<u32>>, key: &str, default: u32, problems: &mut Problems| match v {
        Some(v) if *v.get_ref() == 0 => {
            problems.at(v.span(), format!("limits.{key}"), "must be at least 1, not 0");
            default
        }
        v => v.map_or(default, Spanned::into_inner),
    };
    let per_ip_per_minute = rate(raw.per_ip_per_minute, "per_ip_per_minute", d.per_ip_per_minute, problems);
    let per_site_per_second =
        rate(raw.per_site_per_second, "per_site_per_second", d.per_site_per_second, problems);
    let forwarded_for_hops = match raw.forwarded_for_hops {
        Some(hops) if !(1..=16).contains(hops.get_ref()) => {
            let message = format!("must be between 1 and 16 (the proxies in front), not {}", hops.get_ref());
            problems.at(hops.span(), "limits.forwarded_for_hops", message);
            d.forwarded_for_hops
        }
        hops => hops.map_or(d.forwarded_for_hops, Spanned::into_inner),
    };
    LimitSettings {
        per_ip_per_minute,
        per_site_per_second,
        trust_forwarded_for: raw.trust_forwarded_for.unwrap_or(d.trust_forwarded_for),
        forwarded_for_hops,
    }
}

fn check_webhook_settings(raw: RawWebhookSettings, problems: &mut Problems) -> WebhookSettings {
    let d = WebhookSettings::default();
    // Whole seconds, in milliseconds; at most i64::MAX seconds, saturating.
    let ms = |v: Option<Spanned<u64>>, key: &str, default: i64, problems: &mut Problems| {
        let Some(v) = v else { return default };
        match i64::try_from(*v.get_ref()) {
            Ok(s) if s >= 1 => s.saturating_mul(1000),
            Ok(_) => {
                problems.at(v.span(), format!("webhooks.{key}"), "must be at least 1 second, not 0");
                default
            }
            Err(_) => {
                let message = format!("must be at most {} seconds, not {}", i64::MAX, v.get_ref());
                problems.at(v.span(), format!("webhooks.{key}"), message);
                default
            }
        }
    };
    let attempt = raw.attempt_timeout_seconds;
    WebhookSettings {
        give_up_after_ms: ms(
            raw.give_up_after_seconds,
            "give_up_after_seconds",
            d.give_up_after_ms,
            problems,
        ),
        max_backoff_ms: ms(raw.max_backoff_seconds, "max_backoff_seconds", d.max_backoff_ms, problems),
        attempt_timeout: seconds_within(attempt, 0.05..=300.0, "webhooks.attempt_timeout_seconds", problems)
            .unwrap_or(d.attempt_timeout),
    }
}

/// A duration in seconds, when given and within `range`.
fn seconds_within(
    v: Option<Spanned<f64>>,
    range: std::ops::RangeInclusive<f64>,
    path: &str,
    problems: &mut Problems,
) -> Option<std::time::Duration> {
    let v = v?;
    let seconds = *v.get_ref();
    if range.contains(&seconds) {
        return Some(std::time::Duration::from_secs_f64(seconds));
    }
    let message = format!("must be between {} and {}, not {seconds}", range.start(), range.end());
    problems.at(v.span(), path, message);
    None
}

/// Reads a site config JSON file; any problem, warnings included, is an error.
pub fn load_site_config(file: &Path, expected_site: &str) -> Result<SiteConfig, String> {
    let config = read_site_config(file)?;
    if config.site != expected_site {
        return Err(format!("site: \"{}\" does not match the [[sites]] id \"{expected_site}\"", config.site));
    }
    Ok(config)
}

/// Reads a site config JSON file, whatever site it is for.
fn read_site_config(file: &Path) -> Result<SiteConfig, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read: {e}"))?;
    check_site_config(&text)
}

/// Checks site config JSON text, listing every problem.
pub fn check_site_config(text: &str) -> Result<SiteConfig, String> {
    SiteConfig::decode(text).into_strict().map_err(|problems| {
        let n = problems.len();
        format!("{n} problem{}:\n{problems}", if n == 1 { "" } else { "s" })
    })
}

/// Reads the TOML into [`RawConfig`], listing every problem of its shape
/// with its line: syntax errors (and then nothing else, a document that does
/// not parse being no guide to its keys); on a file that parses, every
/// unknown key, missing key and wrong type ([`shape`]). The raw config holds
/// every value the shape accepts, so that their meaning is checked too.
fn read_raw(text: &str) -> (Option<RawConfig>, Problems) {
    let mut problems = Problems::default();
    let (mut document, errors) = toml::de::DeTable::parse_recoverable(text);
    for e in &errors {
        problems.at(e.span().unwrap_or(0..0), "", e.message().trim_end());
    }
    if !problems.is_empty() {
        return (None, problems);
    }
    let span = document.span();
    shape::check_table(document.get_mut(), span, shape::CONFIG, "", &mut problems);
    // serde decodes what the shape left, and would still say what the shape missed.
    match RawConfig::deserialize(toml::de::Deserializer::from(document)) {
        Ok(raw) => (Some(raw), problems),
        Err(e) => {
            problems.at(e.span().unwrap_or(0..0), "", e.message().trim_end());
            (None, problems)
        }
    }
}

pub mod origin;
mod problems;
mod shape;

#[cfg(test)]
mod tests;

//! The HTTP API of the HTTP API (README.md), as an axum router.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests drive it
//! with `oneshot` and the server runs the same thing on a real socket.

mod cache;
mod error;
mod export;
mod listing;
mod storable;

pub use error::{AppError, ErrorCode};

use crate::assets;
use crate::config::{CollectorConfig, Secret, Site};
use crate::limits::Limiter;
use crate::metrics::{Metrics, RequestLabels, RouteLabels};
use crate::store::summary::{self, Aggregator};
use crate::store::{Filter, Row, Store, Subject};
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Request};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use exitpoll_protocol::Problems;
use exitpoll_protocol::problem::Path as JsonPath;
use exitpoll_protocol::response::{MAX_BODY_BYTES, ResponseStatus, decode_batch};
use futures::TryStreamExt;
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// Everything a request handler can reach.
pub struct AppState {
    /// Replaced as a whole on reload (SIGHUP); requests in flight keep the old one.
    config: RwLock<Arc<CollectorConfig>>,
    pub store: Arc<dyn Store>,
    /// Serve the demo store of `www/` at `/`.
    pub serve_www: bool,
    pub metrics: Arc<Metrics>,
    pub limiter: Limiter,
    /// Wakes the webhook worker when a write queued deliveries.
    pub webhooks_due: Arc<tokio::sync::Notify>,
    summaries: cache::SummaryCache,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("serve_www", &self.serve_www).finish_non_exhaustive()
    }
}

impl AppState {
    pub fn new(
        config: CollectorConfig,
        store: Arc<dyn Store>,
        serve_www: bool,
        metrics: Arc<Metrics>,
    ) -> AppState {
        let limiter = Limiter::new(config.limits.clone());
        AppState {
            config: RwLock::new(Arc::new(config)),
            store,
            serve_www,
            metrics,
            limiter,
            webhooks_due: Arc::new(tokio::sync::Notify::new()),
            summaries: cache::SummaryCache::default(),
        }
    }

    pub fn config(&self) -> Arc<CollectorConfig> {
        self.config.read().expect("config lock").clone()
    }

    /// Swaps in a new configuration (sites only; listen and database need a restart).
    pub fn replace_config(&self, config: CollectorConfig) {
        *self.config.write().expect("config lock") = Arc::new(config);
    }

    fn site(&self, id: &str) -> Result<(Arc<CollectorConfig>, usize), AppError> {
        let config = self.config();
        match config.sites.iter().position(|s| s.id == id) {
            Some(i) => Ok((config, i)),
            None => Err(AppError::NotFound { code: "unknown_site", message: format!("no site \"{id}\"") }),
        }
    }
}

impl AppState {
    /// The site an admin request names, once its token is checked. An
    /// unknown site answers exactly as a wrong token does (401 without a
    /// token, 403 `wrong_token` with one), after the same constant-time
    /// comparison, so the admin routes and the dashboard's sign-in do not
    /// tell which site ids exist.
    fn admin_site(&self, id: &str, headers: &HeaderMap) -> Result<(Arc<CollectorConfig>, usize), AppError> {
        let config = self.config();
        match config.sites.iter().position(|s| s.id == id) {
            Some(i) => {
                check_admin(Some(&config.sites[i].admin_token), headers)?;
                Ok((config, i))
            }
            None => {
                check_admin(None, headers)?;
                Err(wrong_token())
            }
        }
    }
}

pub type SharedState = Arc<AppState>;

/// The whole HTTP API.
pub fn app(state: SharedState) -> Router {
    let v1 = Router::new()
        .route("/v1/sites/{site}/config", get(config_get).options(preflight))
        .route(
            "/v1/sites/{site}/responses",
            get(responses_list).post(responses_create).delete(responses_erase).options(preflight),
        )
        .route("/v1/sites/{site}/responses/{response_id}", axum::routing::delete(response_delete))
        .route("/v1/sites/{site}/summary", get(summary_get))
        .route("/v1/sites/{site}/webhooks", get(webhooks_get))
        .route("/v1/sites/{site}/webhooks/retry", axum::routing::post(webhooks_retry))
        .layer(middleware::from_fn(public_errors_readable));
    Router::new()
        .merge(v1)
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_get))
        // After every route: it applies to the routes added so far. axum
        // still adds the `Allow` header to this answer.
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(static_files)
        .layer(middleware::from_fn_with_state(state.clone(), track))
        // The 64 KiB limit is enforced while reading, with a precise 413.
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}

// ----- metrics and rate limits -------------------------------------------------------

/// Counts every request by route pattern and status, and every rejection by reason.
async fn track(State(state): State<SharedState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "static".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = std::time::Instant::now();
    state.metrics.in_flight.inc();
    let response = next.run(request).await;
    state.metrics.in_flight.dec();
    let status = response.status().as_u16();
    let at = RouteLabels { route, method };
    state.metrics.request_seconds.get_or_create(&at).observe(started.elapsed().as_secs_f64());
    state.metrics.requests.get_or_create(&RequestLabels { route: at.route, method: at.method, status }).inc();
    if let Some(ErrorCode(code)) = response.extensions().get::<ErrorCode>() {
        state.metrics.reject(code);
    }
    response
}

/// The client's address: the peer, or with `trust_forwarded_for` the
/// `X-Forwarded-For` entry that the nearest trusted proxy added. Used for
/// rate limits only, never stored.
///
/// Each proxy appends the address it received the request from, so entries
/// are trustworthy only from the right: the leftmost is whatever the client
/// chose to send. With `forwarded_for_hops = n` (n trusted proxies in front of
/// the collector) the n-th entry from the right is the client's address, as
/// nginx's `real_ip_recursive` and the Rust crates for client IPs take it.
/// Several `X-Forwarded-For` headers count as one list, in order. When the
/// list is shorter than the hops, or that entry is not an address, the
/// request did not come through the proxies as configured, and the peer
/// address is used.
fn client_ip(state: &AppState, parts: &Parts) -> Option<IpAddr> {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let settings = &state.limiter.settings;
    if !settings.trust_forwarded_for {
        return peer;
    }
    let mut entries: Vec<&str> = Vec::new();
    for value in parts.headers.get_all("x-forwarded-for") {
        let Ok(text) = value.to_str() else { return peer };
        entries.extend(text.split(',').map(str::trim).filter(|e| !e.is_empty()));
    }
    let hops = usize::from(settings.forwarded_for_hops.max(1));
    match entries.len().checked_sub(hops).map(|i| entries[i]) {
        Some(entry) => parse_forwarded_address(entry).or(peer),
        None => peer,
    }
}

/// An `X-Forwarded-For` entry: `192.0.2.1`, `2001:db8::1`, or either with a
/// port (`192.0.2.1:4711`, `[2001:db8::1]:4711`).
fn parse_forwarded_address(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|a| a.ip()))
        .or_else(|| entry.strip_prefix('[')?.strip_suffix(']')?.parse().ok())
}

fn retry_after(wait: Duration) -> AppError {
    AppError::TooManyRequests { retry_after_s: wait.as_secs() + 1 }
}

/// The per-IP rate limit. Every `/v1` handler takes it as its first extractor,
/// so the limit is checked before anything else about the request. An
/// extractor rather than a middleware layer: a layer boxes a future and clones
/// the inner service on every request. The extractor took the collector's CPU
/// per ingest from 18.7–20.5 µs to 18.2–18.8 µs (64 connections, 2026-12-03).
struct WithinIpLimit;

impl FromRequestParts<SharedState> for WithinIpLimit {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &SharedState) -> Result<Self, AppError> {
        match client_ip(state, parts).map(|ip| state.limiter.check_ip(ip)) {
            Some(Err(wait)) => Err(retry_after(wait)),
            _ => Ok(WithinIpLimit),
        }
    }
}

// ----- CORS and origins ------------------------------------------------------------

/// The request's `Origin`, checked against a site's allowlist.
#[derive(Debug)]
enum RequestOrigin<'a> {
    /// No `Origin` header: not a browser write (servers, curl).
    Absent,
    /// One `Origin` header of visible ASCII. `null` is one of these: browsers
    /// send it from sandboxed iframes, `data:` and `file:` pages, and it is
    /// allowed only where a site lists it.
    Present(&'a str),
}

/// Reads the `Origin` header. A browser sends at most one, of ASCII: a
/// second header, or bytes outside visible ASCII, cannot come from one and
/// cannot match an allowed origin, so they are refused rather than ignored.
fn origin(headers: &HeaderMap) -> Result<RequestOrigin<'_>, AppError> {
    let mut values = headers.get_all(header::ORIGIN).iter();
    let Some(first) = values.next() else { return Ok(RequestOrigin::Absent) };
    let invalid = |message: &str| AppError::BadRequest { code: "invalid_origin", message: message.into() };
    if values.next().is_some() {
        return Err(invalid("the request has more than one Origin header"));
    }
    let text = first
        .to_str()
        .ok()
        .filter(|t| t.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| invalid("the Origin header is not an origin of visible ASCII characters"))?;
    Ok(RequestOrigin::Present(text))
}

/// Checks a browser request's origin against the site's allowlist. Requests
/// without an `Origin` (servers, curl) are not browser writes and pass.
fn check_origin(site: &Site, headers: &HeaderMap) -> Result<Option<HeaderValue>, AppError> {
    match origin(headers)? {
        RequestOrigin::Absent => Ok(None),
        RequestOrigin::Present(o) if site.origin_allowed(o) => Ok(HeaderValue::from_str(o).ok()),
        RequestOrigin::Present(o) => Err(AppError::Forbidden {
            code: "origin_not_allowed",
            message: format!("origin {o} is not allowed for site \"{}\"", site.id),
        }),
    }
}

/// Lets a page read why the collector refused the widget's request: an
/// error from the public routes (the config, posting responses) carries CORS
/// headers for the page's origin, even a disallowed one, so the widget can
/// report the collector's own message (`origin ... is not allowed for site
/// ...`) instead of the browser's "blocked by CORS policy". The error bodies
/// of these routes carry no secrets, and no credentials are allowed.
async fn public_errors_readable(request: Request, next: Next) -> Response {
    let public = request.method() == Method::POST && request.uri().path().ends_with("/responses")
        || request.method() == Method::GET && request.uri().path().ends_with("/config");
    let origin = public.then(|| request.headers().get(header::ORIGIN).cloned()).flatten();
    let mut response = next.run(request).await;
    let failed = response.status().is_client_error() || response.status().is_server_error();
    if let Some(origin) = origin
        && failed
        && origin.to_str().is_ok_and(|o| o.bytes().all(|b| b.is_ascii_graphic()))
        && !response.headers().contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    {
        response = with_cors(response, Some(origin));
    }
    response
}

fn with_cors(mut response: Response, allowed: Option<HeaderValue>) -> Response {
    if let Some(o) = allowed {
        let h = response.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, o);
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("Retry-After, ETag"));
    }
    response
}

async fn preflight(
    _: WithinIpLimit,
    State(state): State<SharedState>,
    Path(site): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (config, i) = state.site(&site)?;
    let allowed = check_origin(&config.sites[i], &headers)?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    let h = response.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST, OPTIONS"));
    h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("content-type"));
    h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    Ok(with_cors(response, allowed))
}

// ----- admin auth --------------------------------------------------------------------

/// What an unknown site's token is compared with: 32 characters, as a random token has.
static UNKNOWN_SITE_TOKEN: std::sync::LazyLock<Secret> =
    std::sync::LazyLock::new(|| Secret::new(crate::demo::random_token()[..32].to_owned()));

/// Checks the bearer token against `expected`, the site's; `None` for a
/// site that does not exist, which no token opens.
fn check_admin(expected: Option<&Secret>, headers: &HeaderMap) -> Result<(), AppError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(AppError::Unauthorized);
    };
    // The scheme is case-insensitive (RFC 9110, section 11.1): `bearer` is `Bearer`.
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.trim_start().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    let Some(token) = token else { return Err(AppError::Unauthorized) };
    let matched = match expected {
        Some(secret) => secret.matches(token),
        // An unknown site still pays for a comparison, so that it answers in
        // about the time a wrong token for a real site takes.
        None => {
            std::hint::black_box(UNKNOWN_SITE_TOKEN.matches(token));
            false
        }
    };
    if matched { Ok(()) } else { Err(wrong_token()) }
}

fn wrong_token() -> AppError {
    AppError::Forbidden { code: "wrong_token", message: "the admin token is not valid for this site".into() }
}

// ----- handlers ----------------------------------------------------------------------

async fn config_get(
    _: WithinIpLimit,
    State(state): State<SharedState>,
    Path(site): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (config, i) = state.site(&site)?;
    let site = &config.sites[i];
    let allowed = check_origin(site, &headers)?;
    let etag = HeaderValue::from_str(&site.etag).expect("an etag is ASCII");
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == site.etag || t.trim() == "*"));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = (StatusCode::OK, site.config_json.clone()).into_response();
        r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        r
    };
    let h = response.headers_mut();
    h.insert(header::ETAG, etag);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"));
    Ok(with_cors(response, allowed))
}

async fn responses_create(
    _: WithinIpLimit,
    State(state): State<SharedState>,
    Path(site): Path<String>,
    request: Request,
) -> Result<Response, AppError> {
    // The request whole rather than a `HeaderMap` extractor, which would copy every header.
    let (parts, body) = request.into_parts();
    let headers = &parts.headers;
    let (config, i) = state.site(&site)?;
    let site = &config.sites[i];
    let allowed = check_origin(site, headers)?;
    // A declared length over the limit is refused before reading a byte, so
    // hyper never sends `100 Continue` for it and a client announcing 10 GB
    // learns at once.
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    let result = if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        Err(AppError::PayloadTooLarge { limit: MAX_BODY_BYTES })
    } else {
        match read_body(body).await {
            Ok(bytes) => create(&state, site, headers, &bytes).await,
            Err(e) => Err(e),
        }
    };
    // Errors carry CORS headers too, so the widget can read the status.
    Ok(with_cors(
        match result {
            Ok(r) => r,
            Err(e) => e.into_response(),
        },
        allowed,
    ))
}

/// Reads a request body of at most [`MAX_BODY_BYTES`]; more is a 413.
async fn read_body(body: Body) -> Result<Bytes, AppError> {
    match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => Ok(bytes),
        Err(e) => {
            let too_big = std::error::Error::source(&e)
                .is_some_and(|s| s.is::<http_body_util::LengthLimitError>())
                || e.to_string().contains("length limit");
            if too_big {
                Err(AppError::PayloadTooLarge { limit: MAX_BODY_BYTES })
            } else {
                Err(AppError::BadRequest {
                    code: "unreadable_body",
                    message: "the request body could not be read".into(),
                })
            }
        }
    }
}

async fn create(
    state: &AppState,
    site: &Site,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, AppError> {
    if let Some(ct) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) {
        let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if essence != "application/json" && essence != "text/plain" {
            return Err(AppError::UnsupportedMediaType(essence));
        }
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(AppError::PayloadTooLarge { limit: MAX_BODY_BYTES });
    }
    let text = std::str::from_utf8(body).map_err(|_| AppError::BadRequest {
        code: "invalid_utf8",
        message: "the body is not UTF-8".into(),
    })?;
    let snapshots = decode_batch(text).map_err(|problems| {
        // Unreadable JSON is a 400; readable JSON of the wrong shape is a 422.
        let syntax = problems.iter().any(|p| p.path.is_empty() && p.message.starts_with("invalid JSON"));
        if syntax {
            AppError::BadRequest { code: "invalid_json", message: problems.to_string() }
        } else {
            AppError::Unprocessable(problems)
        }
    })?;
    state.limiter.check_site(&site.id).map_err(retry_after)?;
    let mut problems = Problems::default();
    let root = JsonPath::ROOT;
    let list = root.key("responses");
    for (i, s) in snapshots.iter().enumerate() {
        let at = list.index(i);
        match site.config.survey(&s.survey_id) {
            Some(survey) => s.check_against(survey, &at, &mut problems),
            None => problems.error(
                &at.key("survey_id"),
                format!("no survey \"{}\" on site \"{}\"", s.survey_id, site.id),
            ),
        }
        storable::check(s, &at, &mut problems);
    }
    if !problems.is_empty() {
        return Err(AppError::Unprocessable(problems));
    }
    let now = now_ms();
    let rows: Vec<Row> = snapshots.into_iter().map(|s| Row::from_snapshot(s, now)).collect();
    let n = rows.len();
    let outcome = state.store.upsert(&site.id, rows, &site.subscriptions()).await?;
    if outcome.stored > 0 && !site.webhooks.is_empty() {
        state.webhooks_due.notify_one();
    }
    state.metrics.stored.inc_by(outcome.stored as u64);
    state.metrics.duplicates.inc_by(outcome.duplicates as u64);
    tracing::info!(site = %site.id, responses = n, stored = outcome.stored, duplicates = outcome.duplicates, "responses stored");
    let body = format!(r#"{{"stored":{},"duplicates":{}}}"#, outcome.stored, outcome.duplicates);
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response())
}

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    format: Option<String>,
    survey: Option<String>,
    since: Option<String>,
    until: Option<String>,
    status: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SummaryQuery {
    /// Only text answers containing this.
    q: Option<String>,
    survey: Option<String>,
    since: Option<String>,
    until: Option<String>,
    status: Option<String>,
    /// Minutes east of UTC in which to count days (`by_day`), such as 60 or -300.
    utc_offset: Option<String>,
    /// `json` (default), or `csv`: the revenue tables, a row per answer and currency.
    format: Option<String>,
}

/// The widest UTC offset a zone has had, in minutes (18 hours).
const MAX_UTC_OFFSET: i32 = 18 * 60;

/// Reads `since`/`until`: an RFC 3339 timestamp, or a day `2026-11-22` (UTC midnight).
fn parse_time(name: &str, v: &str) -> Result<i64, AppError> {
    let text = if v.len() == 10 { format!("{v}T00:00:00Z") } else { v.to_owned() };
    exitpoll_protocol::time::parse_timestamp(&text).ok_or_else(|| AppError::BadRequest {
        code: "invalid_query",
        message: format!("{name}: \"{v}\" is not a date (2026-11-22) or an RFC 3339 timestamp"),
    })
}

async fn responses_list(
    _: WithinIpLimit,
    State(state): State<SharedState>,
    Path(site): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, AppError> {
    let (config, i) = state.admin_site(&site, &headers)?;
    let site = &config.sites[i];
    let pairs: Vec<(String, String)> = query_of(&uri)?;
    let listing::Listing { format, mut filter } = listing::Listing::parse(&pairs, &site.config)?;
    let Some(limit) = filter.limit else {
        // Everything, streamed: the answer of a million rows takes the memory of a few.
        let rows = state.store.export(&site.id, filter).await?;
        return Ok(export::respond(format, rows, &site.config, None));
    };
    // A page is read whole (at most MAX_LIMIT rows), with one row more that
    // says whether another page follows; its cursor then goes in a header,
    // which must be sent before the body.
    let order = filter.order;
    filter.limit = Some(limit + 1);
    let mut page: Vec<Row> = state.store.export(&site.id, filter).await?.try_collect().await?;
    let next = (page.len() > limit).then(|| {
        page.truncate(limit);
        listing::encode_cursor(order, page.last().expect("a page of at least one row"))
    });
    let rows: crate::store::RowStream = Box::pin(futures::stream::iter(page.into_iter().map(Ok)));
    let mut response = export::respond(format, rows, &site.config, next.as_deref());
    if let Some(cursor) = next {
        let mut pairs: Vec<(String, String)> = pairs.into_iter().filter(|(k, _)| k != "cursor").collect();
        pairs.push(("cursor".into(), cursor.clone()));
        let query = serde_urlencoded::to_string(&pairs).map_err(|e| AppError::Internal(e.to_string()))?;
        let link = format!("<{}?{query}>; rel=\"next\"", uri.path());
        let h = response.headers_mut();
        // Base64url and a path and query of visible ASCII: always a header value.
        h.insert(
            "x-next-cursor",
            HeaderValue::from_str(&cursor).map_err(|e| AppError::Internal(e.to_string()))?,
        );
        h.insert(header::LINK, HeaderValue::from_str(&link).map_err(|e| AppError::Internal(e.to_string()))?);
    }
    Ok(response)
}

impl ListQuery {
    fn filter(self) -> Result<Filter, AppError> {
        let query = self;
        let status = match query.status.as_deref() {
            None => None,
            Some(s) => Some(ResponseStatus::parse(s).ok_or_else(|| AppError::BadRequest {
                code: "invalid_query",
                message: format!("status: \"{s}\" is not one of {}", ResponseStatus::NAMES.join(", ")),
            })?),
        };
        // A survey id that no config could hold matches nothing; refusing it
        // keeps text the database cannot take (a NUL) away from it.
        if let Some(s) = query.survey.as_deref().filter(|s| !exitpoll_protocol::is_valid_id(s)) {
            return Err(AppError::BadRequest {
                code: "invalid_query",
                message: format!("survey: {s:?} is not a survey id (1 to 64 letters, digits, '_' or '-')"),
            });
        }
        let filter = Filter {
            survey: query.survey,
            since: query.since.as_deref().map(|v| parse_time("since", v)).transpose()?,
            until: query.until.as_deref().map(|v| parse_time("until", v)).transpose()?,
            status,
            ..Filter::default()
        };
        Ok(filter)
    }
}

/// The query string of an admin route, read into `T`; a bad one is a 400
/// `invalid_query` that names the problem.
fn query_of<T: serde::de::DeserializeOwned>(uri: &Uri) -> Result<T, AppError> {
    Query::try_from_uri(uri)
        .map(|q| q.0)
        .map_err(|e| AppError::BadRequest { code: "invalid_query", message: e.body_text() })
}

async fn summary_get(
    _: WithinIpLimit,
    State(state): State<SharedState>,
    Path(site): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, AppError> {
    let (config, i) = state.admin_site(&site, &headers)?;
    let site = &config.sites[i];
    let query: SummaryQuery = query_of(&uri)?;
    let search = query.q;
    let only = query.survey.clone();
    let csv = match query.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(AppError::BadRequest {
                code: "invalid_query",
                message: format!("format: \"{other}\" is not one of json, csv"),
            });
        }
    };
    let utc_offset = match query.utc_offset.as_deref() {
        None => 0,
        Some(v) => v.parse::<i32>().ok().filter(|m| m.abs() <= MAX_UTC_OFFSET && m % 15 == 0).ok_or_else(|| {
            AppError::BadRequest {
                code: "invalid_query",
                message: format!(
                    "utc_offset: \"{v}\" is not a number of minutes from -1080 to 1080 in steps of 15 (as every time zone's offset)"
                ),
            }
        })?,
    };
    let filter = ListQuery {
        format: None,
        survey: query.survey,
        since: query.since,
        until: query.until,
        status: query.status,
    }
    .filter()?;
    if let Some(id) = only.as_deref().filter(|id| site.config.survey(id).is_none()) {
        return Err(AppError::NotFound {
            code: "unknown_survey",
            message: format!("no survey \"{id}\" on site \"{}\"", site.id),
        });
    }
    // The query string is the key: the same filters give the same summary.
    let key = [site.id.as_str(), "\n", uri.query().unwrap_or("")].concat();
    let (body, source) = state
        .summaries
        .get(key, || async {
            let started = std::time::Instant::now();
            let aggregator = Aggregator::new(&site.id, &site.config)
                .only(only.as_deref())
                .search(search.as_deref())
                .utc_offset(utc_offset);
            let summary = summary::summarise(&*state.store, &site.id, &filter, aggregator).await?;
            let body = if csv {
                export::revenue_csv(&summary).into_bytes()
            } else {
                serde_json::to_vec(&summary).map_err(|e| AppError::Internal(e.to_string()))?
            };
            state.metrics.observe_summary(started.elapsed());
            Ok::<_, AppError>(Bytes::from(body))
        })
        .await?;
    let kind = if csv { "text/csv; charset=utf-8" } else { "application/json" };
    let mut response = ([(header::CONTENT_TYPE, kind)], body).into_response();
    if csv {
        response.headers_mut().insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"exitpoll-revenue.csv\""),
        );
    }
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let from = if source == cache::Source::Cached { "cache" } else { "computed" };
    headers.insert("x-exitpoll-summary", HeaderValue::from_static(from));
    Ok(response)
}

/// The site's webhooks (URLs without their query) and the outbox's state.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RetryQuery {
    /// Only this dead letter; every one of the site's when absent.
    delivery_id: Option<String>,
}

/// Queues dead letters again: `?delivery_id=` one, or all of the site's.
async fn webhooks_retry(
    _: WithinIpLimit,
    State(state): State<SharedState>,
    Path(site): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, AppError> {
    let (config, i) = state.admin_site(&site, &headers)?;
    let site = &config.sites[i];
    let query: RetryQuery = query_of(&uri)?;
    let id = query.delivery_id.as_deref();
    let webhooks = state.store.retry_dead(&site.id, id, now_ms()).await?;
    if let Some(id) = id.filter(|_| webhooks.is_empty()) {
        return Err(AppError::NotFound {
            code: "unknown_delivery",
            message: format!("no dead letter \"{id}\" on site \"{}\"", site.id),
        });
    }
    for w in &webhooks {
        state.metrics.webhook_retried(w);
    }
    state.webhooks_due.notify_one();
    Ok(Json(serde_json::json!({ "retried": webhooks.len() })).into_response())
}

async fn webhooks_get(
    _: WithinIpLimit,
    State(state): State<SharedState>,
    Path(site): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (config, i) = state.admin_site(&site, &headers)?;
    let site = &config.sites[i];
    let status = state.store.webhook_status(&site.id).await?;
    let hooks: Vec<serde_json::Value> = site
        .webhooks
        .iter()
        .map(|w| {
            let mut events = Vec::new();
            if w.completed {
                events.push(crate::store::EVENT_COMPLETED);
            }
            if w.partial {
                events.push(crate::store::EVENT_PARTIAL);
            }
            serde_json::json!({
                "name": w.name,
                "url": w.url.split(['?', '#']).next().unwrap_or(""),
                "format": w.format.as_str(),
                "events": events,
                "signed": w.secret.is_some(),
            })
        })
        .collect();
    let mut response = Json(serde_json::json!({ "webhooks": hooks, "outbox": status })).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

async fn metrics_get(State(state): State<SharedState>) -> Response {
    // Read now, but never for long: a database that does not answer leaves
    // the last value, and the rest of the metrics still go out.
    let unfolded = tokio::time::timeout(Duration::from_secs(1), state.store.unfolded_rollups());
    if let Ok(Ok(n)) = unfolded.await {
        state.metrics.rollup_journal.set(i64::try_from(n).unwrap_or(i64::MAX));
    }
    let mut response = state.metrics.render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    response
}

async fn response_delete(
    _: WithinIpLimit,
    State(state): State<SharedState>,
    Path((site, response_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (config, i) = state.admin_site(&site, &headers)?;
    let site = &config.sites[i];
    if !exitpoll_protocol::response::is_uuid(&response_id) {
        return Err(AppError::BadRequest {
            code: "invalid_response_id",
            message: format!("{response_id:?} is not a response id (a UUID)"),
        });
    }
    let id = response_id.to_ascii_lowercase();
    if state.store.erase(&site.id, &id).await? {
        tracing::info!(site = %site.id, response_id = %id, "response erased");
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(AppError::NotFound {
            code: "unknown_response",
            message: format!("no response \"{response_id}\""),
        })
    }
}

/// `DELETE /v1/sites/{site}/responses?customer_id=…` (or `order_id`, or
/// `visitor_id`): a data subject's erasure request.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EraseQuery {
    customer_id: Option<String>,
    order_id: Option<String>,
    visitor_id: Option<String>,
}

/// The one subject an erasure request names, or why it names none.
pub fn erasure_subject(
    customer_id: Option<String>,
    order_id: Option<String>,
    visitor_id: Option<String>,
) -> Result<Subject, String> {
    let given: Vec<Subject> =
        [customer_id.map(Subject::Customer), order_id.map(Subject::Order), visitor_id.map(Subject::Visitor)]
            .into_iter()
            .flatten()
            .collect();
    let subject = match <[Subject; 1]>::try_from(given) {
        Ok([one]) => one,
        Err(given) if given.is_empty() => {
            return Err("name whose responses to erase: customer_id, order_id or visitor_id".into());
        }
        Err(given) => {
            let keys: Vec<&str> = given.iter().map(Subject::key).collect();
            return Err(format!(
                "name one of customer_id, order_id or visitor_id, not {}",
                keys.join(" and ")
            ));
        }
    };
    let value = subject.value();
    if value.is_empty() {
        return Err(format!("{}: empty; name whose responses to erase", subject.key()));
    }
    // Longer than any stored value could be, or text no database takes.
    if value.chars().count() > 2000 || value.chars().any(char::is_control) {
        return Err(format!("{}: not an id (at most 2000 characters, no control characters)", subject.key()));
    }
    Ok(subject)
}

async fn responses_erase(
    _: WithinIpLimit,
    State(state): State<SharedState>,
    Path(site): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, AppError> {
    let (config, i) = state.admin_site(&site, &headers)?;
    let site = &config.sites[i];
    let query: EraseQuery = query_of(&uri)?;
    let subject = erasure_subject(query.customer_id, query.order_id, query.visitor_id)
        .map_err(|message| AppError::BadRequest { code: "invalid_query", message })?;
    let erased = state.store.erase_subject(&site.id, &subject).await?;
    // The id itself is personal data: the log names only its kind.
    tracing::info!(site = %site.id, by = subject.key(), erased, "responses erased on request");
    Ok(Json(serde_json::json!({ "erased": erased })).into_response())
}

async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn readyz(State(state): State<SharedState>) -> Result<&'static str, AppError> {
    state.store.ready().await?;
    Ok("ready\n")
}

async fn static_files(
    State(state): State<SharedState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = AppError::MethodNotAllowed.into_response();
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let path = uri.path().trim_start_matches('/');
    let accept_encoding =
        headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let if_none_match = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok());
    if let Some(r) = assets::widget(path, accept_encoding, if_none_match) {
        return r;
    }
    if (path == "dashboard" || path.starts_with("dashboard/"))
        && let Some(r) = assets::dashboard(path)
    {
        return r;
    }
    if state.serve_www
        && let Some(r) = assets::www(path)
    {
        return r;
    }
    // The root of a collector that serves no store points people to the dashboard.
    if path.is_empty() {
        return axum::response::Redirect::temporary("/dashboard").into_response();
    }
    AppError::NotFound { code: "not_found", message: format!("nothing at {}", uri.path()) }.into_response()
}

#[cfg(test)]
mod tests;

//! The HTTP API of spec section 5, as an axum router.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests drive it
//! with `oneshot` and the server runs the same thing on a real socket.

mod error;
mod export;

pub use error::AppError;

use crate::assets;
use crate::config::{CollectorConfig, Site};
use crate::store::{Filter, Row, Store};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use exitpoll_protocol::Problems;
use exitpoll_protocol::problem::Path as JsonPath;
use exitpoll_protocol::response::{MAX_BODY_BYTES, ResponseStatus, decode_batch};
use serde::Deserialize;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// Everything a request handler can reach.
pub struct AppState {
    /// Replaced as a whole on reload (SIGHUP); requests in flight keep the old one.
    config: RwLock<Arc<CollectorConfig>>,
    pub store: Arc<dyn Store>,
    /// Serve the demo store of `www/` at `/`.
    pub serve_www: bool,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("serve_www", &self.serve_www).finish_non_exhaustive()
    }
}

impl AppState {
    pub fn new(config: CollectorConfig, store: Arc<dyn Store>, serve_www: bool) -> AppState {
        AppState { config: RwLock::new(Arc::new(config)), store, serve_www }
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

pub type SharedState = Arc<AppState>;

/// The whole HTTP API.
pub fn app(state: SharedState) -> Router {
    Router::new()
        .route("/v1/sites/{site}/config", get(config_get).options(preflight))
        .route("/v1/sites/{site}/responses", get(responses_list).post(responses_create).options(preflight))
        .route("/v1/sites/{site}/responses/{response_id}", axum::routing::delete(response_delete))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .fallback(static_files)
        // The limit is enforced in the handler with a precise 413; this only
        // stops axum's default 2 MB cap from applying first.
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES + 1024))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}

// ----- CORS and origins ------------------------------------------------------------

/// The request's `Origin`, if any.
fn origin(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()).filter(|o| *o != "null")
}

/// Checks a browser request's origin against the site's allowlist. Requests
/// without an `Origin` (servers, curl) are not browser writes and pass.
fn check_origin(site: &Site, headers: &HeaderMap) -> Result<Option<HeaderValue>, AppError> {
    match origin(headers) {
        None => Ok(None),
        Some(o) if site.origin_allowed(o) => Ok(HeaderValue::from_str(o).ok()),
        Some(o) => Err(AppError::Forbidden {
            code: "origin_not_allowed",
            message: format!("origin {o} is not allowed for site \"{}\"", site.id),
        }),
    }
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

fn check_admin(site: &Site, headers: &HeaderMap) -> Result<(), AppError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(AppError::Unauthorized);
    };
    let token = value.to_str().ok().and_then(|v| v.strip_prefix("Bearer ")).map(str::trim);
    match token {
        None => Err(AppError::Unauthorized),
        Some(t) if site.admin_token.matches(t) => Ok(()),
        Some(_) => Err(AppError::Forbidden {
            code: "wrong_token",
            message: "the admin token is not valid for this site".into(),
        }),
    }
}

// ----- handlers ----------------------------------------------------------------------

async fn config_get(
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
    State(state): State<SharedState>,
    Path(site): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let (config, i) = state.site(&site)?;
    let site = &config.sites[i];
    let allowed = check_origin(site, &headers)?;
    let result = create(&state, site, &headers, &body).await;
    // Errors carry CORS headers too, so the widget can read the status.
    Ok(with_cors(
        match result {
            Ok(r) => r,
            Err(e) => e.into_response(),
        },
        allowed,
    ))
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
    }
    if !problems.is_empty() {
        return Err(AppError::Unprocessable(problems));
    }
    let now = now_ms();
    let rows: Vec<Row> = snapshots.iter().map(|s| Row::from_snapshot(s, now)).collect();
    let n = rows.len();
    let outcome = state.store.upsert(&site.id, rows).await?;
    tracing::info!(site = %site.id, responses = n, stored = outcome.stored, duplicates = outcome.duplicates, "responses stored");
    Ok(Json(serde_json::json!({ "stored": outcome.stored, "duplicates": outcome.duplicates }))
        .into_response())
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

/// Reads `since`/`until`: an RFC 3339 timestamp, or a day `2026-11-22` (UTC midnight).
fn parse_time(name: &str, v: &str) -> Result<i64, AppError> {
    let text = if v.len() == 10 { format!("{v}T00:00:00Z") } else { v.to_owned() };
    exitpoll_protocol::time::parse_timestamp(&text).ok_or_else(|| AppError::BadRequest {
        code: "invalid_query",
        message: format!("{name}: \"{v}\" is not a date (2026-11-22) or an RFC 3339 timestamp"),
    })
}

async fn responses_list(
    State(state): State<SharedState>,
    Path(site): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, AppError> {
    let (config, i) = state.site(&site)?;
    let site = &config.sites[i];
    check_admin(site, &headers)?;
    let query: ListQuery = Query::try_from_uri(&uri)
        .map_err(|e| AppError::BadRequest { code: "invalid_query", message: e.body_text() })?
        .0;
    let format = export::Format::parse(query.format.as_deref())?;
    let status = match query.status.as_deref() {
        None => None,
        Some(s) => Some(ResponseStatus::parse(s).ok_or_else(|| AppError::BadRequest {
            code: "invalid_query",
            message: format!("status: \"{s}\" is not one of {}", ResponseStatus::NAMES.join(", ")),
        })?),
    };
    let filter = Filter {
        survey: query.survey,
        since: query.since.as_deref().map(|v| parse_time("since", v)).transpose()?,
        until: query.until.as_deref().map(|v| parse_time("until", v)).transpose()?,
        status,
    };
    let rows = state.store.export(&site.id, filter).await?;
    Ok(export::respond(format, rows, &site.config))
}

async fn response_delete(
    State(state): State<SharedState>,
    Path((site, response_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (config, i) = state.site(&site)?;
    let site = &config.sites[i];
    check_admin(site, &headers)?;
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

async fn healthz() -> &'static str {
    "ok\n"
}

async fn readyz(State(state): State<SharedState>) -> Result<&'static str, AppError> {
    state.store.ping().await?;
    Ok("ready\n")
}

async fn static_files(State(state): State<SharedState>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = uri.path().trim_start_matches('/');
    if let Some(r) = assets::widget(path) {
        return r;
    }
    if state.serve_www
        && let Some(r) = assets::www(path)
    {
        return r;
    }
    AppError::NotFound { code: "not_found", message: format!("nothing at {}", uri.path()) }.into_response()
}

#[cfg(test)]
mod tests;

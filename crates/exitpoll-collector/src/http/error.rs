//! The one error type of the HTTP API.
//!
//! Bad input gets a precise 4xx naming what is wrong. A fault on our side gets
//! a generic 5xx and is logged once, here; its internal text never reaches the
//! client. Storage that cannot take a write gets a 503 with `Retry-After`, so
//! the widget keeps the response and tries again.

use crate::store::StoreError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use exitpoll_protocol::Problems;
use serde_json::json;

#[derive(Debug)]
pub enum AppError {
    /// 400: the request cannot be read (bad JSON, bad query parameter).
    BadRequest { code: &'static str, message: String },
    /// 401: no admin token.
    Unauthorized,
    /// 403: a wrong admin token, or an origin not allowed for the site.
    Forbidden { code: &'static str, message: String },
    /// 404.
    NotFound { code: &'static str, message: String },
    /// 405: the path exists, the method does not (axum adds `Allow`).
    MethodNotAllowed,
    /// 413: a body over the limit.
    PayloadTooLarge { limit: usize },
    /// 415: a body that is neither JSON nor text.
    UnsupportedMediaType(String),
    /// 422: readable, but invalid; every problem with its path.
    Unprocessable(Problems),
    /// 429.
    TooManyRequests { retry_after_s: u64 },
    /// 503: storage cannot take it now; retry.
    Unavailable { message: String },
    /// 500: our fault; logged, never detailed to the client.
    Internal(String),
}

/// Marks an error response with its code, for the rejection metrics.
#[derive(Debug, Clone, Copy)]
pub struct ErrorCode(pub &'static str);

/// Seconds a client should wait when storage is unavailable.
pub const UNAVAILABLE_RETRY_S: u64 = 5;

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::Unavailable(m) => AppError::Unavailable { message: m },
            StoreError::Internal(m) => AppError::Internal(m),
        }
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden { .. } => StatusCode::FORBIDDEN,
            AppError::NotFound { .. } => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A short machine-readable code, also used as the metrics label for rejections.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest { code, .. }
            | AppError::Forbidden { code, .. }
            | AppError::NotFound { code, .. } => code,
            AppError::Unauthorized => "unauthorized",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::PayloadTooLarge { .. } => "payload_too_large",
            AppError::UnsupportedMediaType(_) => "unsupported_media_type",
            AppError::Unprocessable(_) => "invalid",
            AppError::TooManyRequests { .. } => "rate_limited",
            AppError::Unavailable { .. } => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    fn message(&self) -> String {
        match self {
            AppError::BadRequest { message, .. }
            | AppError::Forbidden { message, .. }
            | AppError::NotFound { message, .. } => message.clone(),
            AppError::Unauthorized => "missing admin token: send Authorization: Bearer <token>".into(),
            AppError::MethodNotAllowed => {
                "this method is not allowed here; the Allow header lists those that are".into()
            }
            AppError::PayloadTooLarge { limit } => format!("request body is larger than {limit} bytes"),
            AppError::UnsupportedMediaType(t) => {
                format!("content type {t} is not accepted: send application/json or text/plain")
            }
            AppError::Unprocessable(problems) => match problems.iter().next() {
                Some(first) if problems.len() == 1 => first.to_string(),
                Some(first) => format!("{first} (and {} more)", problems.len() - 1),
                None => "invalid request".into(),
            },
            AppError::TooManyRequests { retry_after_s } => {
                format!("too many requests; retry after {retry_after_s} s")
            }
            AppError::Unavailable { .. } => "storage is unavailable; nothing was stored, retry later".into(),
            AppError::Internal(_) => "internal error".into(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            AppError::Internal(detail) => tracing::error!(error = %detail, "internal error"),
            AppError::Unavailable { message } => tracing::warn!(error = %message, "storage unavailable"),
            _ => {}
        }
        let mut body = json!({ "error": { "code": self.code(), "message": self.message() } });
        if let AppError::Unprocessable(problems) = &self {
            body["error"]["problems"] =
                problems.iter().map(|p| json!({ "path": p.path, "message": p.message })).collect();
        }
        let mut response = (self.status(), axum::Json(body)).into_response();
        response.extensions_mut().insert(ErrorCode(self.code()));
        let headers = response.headers_mut();
        match &self {
            AppError::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            AppError::TooManyRequests { retry_after_s } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_s));
            }
            AppError::Unavailable { .. } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(UNAVAILABLE_RETRY_S));
            }
            _ => {}
        }
        response
    }
}

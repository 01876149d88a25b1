//! What a client hears when a request is refused: an HTTP status and a JSON body
//! `{"error": CODE, "message": TEXT}` that names the field or the rule (docs/server.md,
//! "Errors"). Internal failures are logged in full and answered without detail.

use crate::db::DbError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// A refusal or a failure: its HTTP status, and a JSON body naming the field or the rule.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the body is not what the route takes.
    #[error("{0}")]
    BadRequest(String),
    /// 401: no credentials, or credentials that are not valid.
    #[error("{0}")]
    Unauthenticated(String),
    /// 403: valid credentials without the right.
    #[error("{0}")]
    Forbidden(String),
    /// 404: no such precinct, unit, document or confirmation code, or nothing received from it yet.
    #[error("{0}")]
    NotFound(String),
    /// 409: conflicts with what is already stored (which is kept).
    #[error("{0}")]
    Conflict(String),
    /// 413
    #[error("{0}")]
    TooLarge(String),
    /// 422: well-formed, but the election's rules refuse it.
    #[error("{0}")]
    Unprocessable(String),
    /// 429
    #[error("{0}")]
    TooManyRequests(String),
    /// 500: the store or the service failed; the detail is logged, and the client told no more.
    #[error("internal error: {0}")]
    Internal(String),
    /// 503: the store cannot be reached now (a primary lost, a failover under way). Nothing
    /// was stored; the same request sent again is answered once the store is back.
    #[error("unavailable: {0}")]
    Unavailable(String),
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> ApiError {
        if e.is_unavailable() {
            ApiError::Unavailable(e.to_string())
        } else {
            ApiError::Internal(e.to_string())
        }
    }
}

impl ApiError {
    /// The HTTP status it is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad-request",
            ApiError::Unauthenticated(_) => "unauthenticated",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not-found",
            ApiError::Conflict(_) => "conflict",
            ApiError::TooLarge(_) => "too-large",
            ApiError::Unprocessable(_) => "unprocessable",
            ApiError::TooManyRequests(_) => "too-many-requests",
            ApiError::Internal(_) => "internal",
            ApiError::Unavailable(_) => "unavailable",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let message = match &self {
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                "internal error; the service's log has the detail".to_string()
            }
            ApiError::Unavailable(detail) => {
                tracing::warn!(%detail, "the store is unavailable");
                "the store cannot be reached now; nothing was stored: send again".to_string()
            }
            other => other.to_string(),
        };
        let body = serde_json::json!({ "error": self.code(), "message": message });
        let mut r = (self.status(), axum::Json(body)).into_response();
        if let ApiError::Unauthenticated(_) = self {
            r.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        if let ApiError::Unavailable(_) = self {
            r.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("1"),
            );
        }
        r
    }
}

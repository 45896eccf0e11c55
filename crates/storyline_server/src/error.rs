//! API errors: one table maps every error kind to its HTTP status and JSON code.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Something that went wrong while answering an API request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// A query parameter is missing, malformed or out of range.
    BadParameter(String),
    /// The requested document, actor or route does not exist.
    NotFound(String),
    /// The request lacks a valid token.
    Unauthorized,
    /// The method is not allowed on this route.
    MethodNotAllowed,
    /// The store failed.
    Internal(String),
}

/// The error table: kind → (HTTP status, machine-readable code).
const TABLE: &[(&str, StatusCode)] = &[
    ("bad_parameter", StatusCode::BAD_REQUEST),
    ("not_found", StatusCode::NOT_FOUND),
    ("unauthorized", StatusCode::UNAUTHORIZED),
    ("method_not_allowed", StatusCode::METHOD_NOT_ALLOWED),
    ("internal", StatusCode::INTERNAL_SERVER_ERROR),
];

impl ApiError {
    /// The machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadParameter(_) => "bad_parameter",
            ApiError::NotFound(_) => "not_found",
            ApiError::Unauthorized => "unauthorized",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::Internal(_) => "internal",
        }
    }

    /// The HTTP status of this error, from the table.
    pub fn status(&self) -> StatusCode {
        let code = self.code();
        TABLE
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, s)| *s)
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// A human-readable message.
    pub fn message(&self) -> String {
        match self {
            ApiError::BadParameter(m) | ApiError::NotFound(m) | ApiError::Internal(m) => m.clone(),
            ApiError::Unauthorized => {
                "a valid token is required (Authorization: Bearer TOKEN)".to_string()
            }
            ApiError::MethodNotAllowed => "method not allowed".to_string(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl From<storyline_store::StoreError> for ApiError {
    fn from(e: storyline_store::StoreError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": {"code": self.code(), "message": self.message()}});
        (
            self.status(),
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            escape_markup(body.to_string().into_bytes()),
        )
            .into_response()
    }
}

/// Writes `<`, `>` and `&` of serialised JSON as `\u003c`, `\u003e` and `\u0026` (they
/// only occur inside strings), so untrusted text can never be read as markup.
pub(crate) fn escape_markup(raw: Vec<u8>) -> Vec<u8> {
    if !raw.iter().any(|b| matches!(b, b'<' | b'>' | b'&')) {
        return raw;
    }
    let mut body = Vec::with_capacity(raw.len() + 16);
    for b in raw {
        match b {
            b'<' => body.extend_from_slice(b"\\u003c"),
            b'>' => body.extend_from_slice(b"\\u003e"),
            b'&' => body.extend_from_slice(b"\\u0026"),
            b => body.push(b),
        }
    }
    body
}

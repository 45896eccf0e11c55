//! # storyline_server
//!
//! `storyline serve`: a JSON HTTP API (under `/api`, described by the OpenAPI 3
//! document at `/api/openapi.json`) and a single-page web interface over a
//! storyline store (SQLite or PostgreSQL). Everything is served by the binary itself: the page,
//! its script and its style sheet are embedded.
//!
//! - [`create_app`] builds the [`axum::Router`] (testable in-process);
//! - [`serve`] binds an address and serves it until the process ends.
//!
//! Timeline pages are read from the store's merged entries, filtered and paged in SQL
//! ([`storyline_store::Store::timeline`]); the actor index and counts are cached in memory
//! and rebuilt when the store's counts ([`storyline_store::Store::stats`]) change, so no
//! request merges event mentions.
//!
//! Security: every response carries a strict Content-Security-Policy,
//! `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`; the page
//! never turns data into HTML. With a token configured ([`ServerConfig::token`]),
//! every request needs `Authorization: Bearer TOKEN`, the `storyline_token` cookie,
//! or `?token=TOKEN` (which sets the cookie and redirects to the same page without
//! it); [`serve`] refuses a non-loopback address without a token.

mod api;
mod cache;
mod error;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub use error::ApiError;

/// The hand-written OpenAPI 3 description of the API.
pub const OPENAPI: &str = include_str!("../static/openapi.json");
/// The page of the web interface.
pub const INDEX_HTML: &str = include_str!("../static/index.html");
/// The script of the web interface.
pub const APP_JS: &str = include_str!("../static/app.js");
/// The style sheet of the web interface.
pub const STYLE_CSS: &str = include_str!("../static/style.css");

/// The Content-Security-Policy sent with every response.
pub const CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The default address: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// The name of the cookie carrying the token.
const TOKEN_COOKIE: &str = "storyline_token";

/// How the server runs.
#[derive(Debug, Clone, Default)]
pub struct ServerConfig {
    /// When set, every request must present this token (bearer header, cookie or
    /// `?token=`). Required to listen on a non-loopback address.
    pub token: Option<String>,
}

/// Compares two byte strings in time that depends only on the expected length.
fn constant_time_eq(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = given.len() ^ expected.len();
    for (i, e) in expected.iter().enumerate() {
        diff |= usize::from(given.get(i).copied().unwrap_or(0) ^ e);
    }
    diff == 0
}

/// Adds the security headers to every response.
async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

fn cookie_token(req: &Request) -> Option<String> {
    let cookies = req.headers().get_all(header::COOKIE);
    for value in cookies {
        let Ok(s) = value.to_str() else { continue };
        for part in s.split(';') {
            if let Some((k, v)) = part.trim().split_once('=') {
                if k == TOKEN_COOKIE {
                    return Some(v.to_string());
                }
            }
        }
    }
    None
}

/// Percent-decodes a query value (`+` is a space).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(
                    std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                    16,
                ) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Requires the token when one is configured.
async fn require_token(
    State(token): State<Arc<Option<String>>>,
    req: Request,
    next: Next,
) -> Response {
    let Some(expected) = token.as_deref() else {
        return next.run(req).await;
    };
    let expected = expected.as_bytes();
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    if bearer.is_some_and(|t| constant_time_eq(t.as_bytes(), expected))
        || cookie_token(&req).is_some_and(|t| constant_time_eq(t.as_bytes(), expected))
    {
        return next.run(req).await;
    }
    // `?token=` on a page load: set the cookie and redirect to the same URL without it.
    if let Some(query) = req.uri().query() {
        let mut rest = Vec::new();
        let mut found = None;
        for pair in query.split('&') {
            match pair.split_once('=') {
                Some(("token", v)) => found = Some(percent_decode(v)),
                _ => rest.push(pair),
            }
        }
        if let Some(t) = found {
            if constant_time_eq(t.as_bytes(), expected) && req.method() == Method::GET {
                let path = req.uri().path();
                let location = if rest.is_empty() {
                    path.to_string()
                } else {
                    format!("{path}?{}", rest.join("&"))
                };
                let cookie = format!("{TOKEN_COOKIE}={t}; HttpOnly; SameSite=Strict; Path=/");
                let (Ok(loc), Ok(cookie)) = (
                    HeaderValue::from_str(&location),
                    HeaderValue::from_str(&cookie),
                ) else {
                    return ApiError::Unauthorized.into_response();
                };
                let mut res = StatusCode::SEE_OTHER.into_response();
                res.headers_mut().insert(header::LOCATION, loc);
                res.headers_mut().insert(header::SET_COOKIE, cookie);
                res.headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                return res;
            }
        }
    }
    let mut res = ApiError::Unauthorized.into_response();
    res.headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    res
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// Builds the application: the API under `/api`, the web interface at `/`.
///
/// `db` is the store as `--db` names it: an SQLite file or a `postgres://` URL (opened
/// per request from a small connection pool, so it may be written by ingests while the
/// server runs).
pub fn create_app(db: impl AsRef<Path>, config: ServerConfig) -> Router {
    let shared = Arc::new(cache::Shared::new(
        db.as_ref().to_string_lossy().into_owned(),
    ));
    let api = Router::new()
        .route("/stats", get(api::stats))
        .route("/documents", get(api::documents))
        .route("/documents/{id}", get(api::document))
        .route("/timeline", get(api::timeline))
        .route("/stories", get(api::stories))
        .route("/actors", get(api::actors))
        .route("/actors/{name}", get(api::actor))
        .route("/quotes", get(api::quotes))
        .route("/compare", get(api::compare))
        .route("/search", get(api::search))
        .route("/openapi.json", get(api::openapi))
        .fallback(api::not_found)
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .with_state(shared);
    Router::new()
        .route(
            "/",
            get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }),
        )
        .route(
            "/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }),
        )
        .route(
            "/style.css",
            get(|| async { asset("text/css; charset=utf-8", STYLE_CSS) }),
        )
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .nest("/api", api)
        .fallback(|| async { (StatusCode::NOT_FOUND, "not found") })
        .layer(middleware::from_fn_with_state(
            Arc::new(config.token),
            require_token,
        ))
        .layer(middleware::from_fn(security_headers))
}

/// Serves the app on `addr` until the process ends.
///
/// Refuses to start on a non-loopback address without a token, and when the
/// database file does not exist (a PostgreSQL URL is checked by connecting).
pub async fn serve(
    db: impl AsRef<Path>,
    addr: SocketAddr,
    config: ServerConfig,
) -> anyhow::Result<()> {
    let db = db.as_ref().to_string_lossy().into_owned();
    if !addr.ip().is_loopback() && config.token.as_deref().is_none_or(str::is_empty) {
        anyhow::bail!("refusing to listen on {addr} (not loopback) without a token: pass --token");
    }
    if config.token.as_deref() == Some("") {
        anyhow::bail!("the token must not be empty");
    }
    let shown = storyline_store::display_db(&db);
    if !storyline_store::is_postgres(&db) && !Path::new(&db).exists() {
        anyhow::bail!(
            "no database at {shown} (ingest articles first: storyline ingest PATH --db {shown})"
        );
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr()?;
    eprintln!("storyline: serving {shown} on http://{local}/");
    axum::serve(listener, create_app(db, config)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_compare() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secreT", b"secret"));
        assert!(!constant_time_eq(b"secret1", b"secret"));
        assert!(!constant_time_eq(b"", b"secret"));
    }

    #[test]
    fn decodes_query_values() {
        assert_eq!(percent_decode("a%20b+c"), "a b c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}

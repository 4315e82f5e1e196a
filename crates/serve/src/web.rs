//! The browser view: one page (`web/index.html`) with its script and style, and the vendored
//! Cytoscape.js (`web/vendor/`, put there by `scripts/vendor_web.sh`), all compiled into the
//! binary, so the view works offline and needs no CDN. The page talks to the JSON API and to
//! `/sparql` only.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::Shared;

const INDEX: &str = include_str!("../web/index.html");
const APP_JS: &str = include_str!("../web/app.js");
const APP_CSS: &str = include_str!("../web/app.css");
const CYTOSCAPE: &str = include_str!("../web/vendor/cytoscape.min.js");
const CYTOSCAPE_LICENSE: &str = include_str!("../web/vendor/LICENSE-cytoscape");

fn asset(body: &'static str, media: &'static str) -> Response {
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    // the page may run no script and load nothing but what this server serves
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

pub fn routes() -> Router<Shared> {
    Router::new()
        .route(
            "/",
            get(|| async { asset(INDEX, "text/html; charset=utf-8") }),
        )
        .route(
            "/app.js",
            get(|| async { asset(APP_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/app.css",
            get(|| async { asset(APP_CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/vendor/cytoscape.min.js",
            get(|| async { asset(CYTOSCAPE, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/vendor/LICENSE-cytoscape",
            get(|| async { asset(CYTOSCAPE_LICENSE, "text/plain; charset=utf-8") }),
        )
}

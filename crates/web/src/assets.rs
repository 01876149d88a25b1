//! The stylesheet and the script, compiled into the binary from `assets/` (which `front/`
//! builds: docs/web.md) and served under names that carry their content's hash, so that a
//! browser may keep them forever and never runs a stale one.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// A file the pages link to, embedded in the binary and served under its hashed name.
pub struct Asset {
    /// The name pages link to: `app.1a2b3c4d5e6f.css`.
    pub name: String,
    /// The `Content-Type` it is served with.
    pub content_type: &'static str,
    /// Its bytes, as the front end's build wrote them into `assets/`.
    pub body: &'static [u8],
}

fn asset(stem: &str, ext: &str, content_type: &'static str, body: &'static [u8]) -> Asset {
    let hash = Sha256::digest(body);
    let short: String = hash[..6].iter().map(|b| format!("{b:02x}")).collect();
    Asset {
        name: format!("{stem}.{short}.{ext}"),
        content_type,
        body,
    }
}

/// The one stylesheet, `assets/app.css`.
pub static CSS: LazyLock<Asset> = LazyLock::new(|| {
    asset(
        "app",
        "css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/app.css"),
    )
});

/// The one script, `assets/app.js`: live regions, the print button, live checks of a count.
pub static JS: LazyLock<Asset> = LazyLock::new(|| {
    asset(
        "app",
        "js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/app.js"),
    )
});

/// `GET /assets/{name}`.
pub async fn serve(Path(name): Path<String>) -> Response {
    for a in [&*CSS, &*JS] {
        if a.name == name {
            return (
                [
                    (header::CONTENT_TYPE, a.content_type),
                    (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
                ],
                a.body,
            )
                .into_response();
        }
    }
    (StatusCode::NOT_FOUND, "no such asset").into_response()
}

//! What a reader chose: the language, the text size and high contrast (VVSG 2.0, 7.1: the
//! voter can change them at any time). Kept in cookies so that they work without scripts, and
//! set through `/prefs`, which sends the reader back where they were.
//!
//! The language of a page is, in order: `?lang=` on the address (so a link can be shared in a
//! language), the `lang` cookie, the browser's `Accept-Language`, and Kazakh, the state
//! language.

use crate::i18n::{self, Language};
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::convert::Infallible;

/// Text sizes offered, in percent of the default.
pub const SIZES: [u16; 4] = [100, 125, 150, 200];

/// The reader's choices, and where the page is (for the links that change them).
#[derive(Clone, Debug)]
pub struct Ctx {
    /// The language the page is written in.
    pub lang: Language,
    /// The text size, in percent of the default: one of [`SIZES`].
    pub size: u16,
    /// Whether high contrast (white and yellow on black) is on.
    pub contrast: bool,
    /// The page's path and query, to come back to after a change.
    pub here: String,
}

impl Ctx {
    /// The message `id` in the reader's language ([`i18n::t`]).
    pub fn t(&self, id: &str) -> String {
        i18n::t(self.lang, id)
    }

    /// The message `id` with its arguments, in the reader's language ([`i18n::tr`]).
    pub fn tr(&self, id: &str, args: &[(&str, i18n::Arg)]) -> String {
        i18n::tr(self.lang, id, args)
    }

    /// `n` with the digit grouping of the reader's language.
    pub fn count(&self, n: u64) -> String {
        i18n::count(self.lang, n)
    }

    /// An exact decimal share (`"53.90"`) as the reader's language writes a percentage.
    pub fn percent(&self, decimal: &str) -> String {
        i18n::percent(self.lang, decimal)
    }

    /// The link that changes one choice and comes back here.
    pub fn switch(&self, key: &str, value: &str) -> String {
        format!("/prefs?{key}={value}&back={}", encode(&self.here))
    }
}

/// The value of cookie `name` in the request's headers.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Ctx, Infallible> {
        let query = parts.uri.query().unwrap_or_default();
        let from_query = query
            .split('&')
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| *k == "lang")
            .and_then(|(_, v)| Language::from_tag(v));
        let headers = &parts.headers;
        let lang = from_query
            .or_else(|| cookie(headers, "lang").and_then(Language::from_tag))
            .or_else(|| {
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(i18n::negotiate)
            })
            .unwrap_or(Language::Kazakh);
        let size = cookie(headers, "size")
            .and_then(|s| s.parse().ok())
            .filter(|s| SIZES.contains(s))
            .unwrap_or(100);
        let contrast = cookie(headers, "contrast") == Some("high");
        let here = parts
            .uri
            .path_and_query()
            .map_or("/".to_string(), |p| p.as_str().to_string());
        Ok(Ctx {
            lang,
            size,
            contrast,
            here,
        })
    }
}

/// The query of `/prefs`: the choices to change, and the path to go back to.
#[derive(Deserialize)]
pub struct Change {
    lang: Option<String>,
    size: Option<u16>,
    contrast: Option<String>,
    back: Option<String>,
}

/// `GET /prefs?lang=ru&back=/units/astana`: sets the cookie and goes back (303). Only a path
/// on this site is a place to go back to, never another site.
pub async fn change(Query(c): Query<Change>) -> Response {
    let mut cookies = Vec::new();
    if let Some(l) = c.lang.as_deref().and_then(Language::from_tag) {
        cookies.push(format!("lang={}", l.tag()));
    }
    if let Some(s) = c.size.filter(|s| SIZES.contains(s)) {
        cookies.push(format!("size={s}"));
    }
    match c.contrast.as_deref() {
        Some("high") => cookies.push("contrast=high".into()),
        Some("normal") => cookies.push("contrast=normal".into()),
        _ => {}
    }
    let back = c
        .back
        .filter(|b| local_path(b))
        .unwrap_or_else(|| "/".into());
    let mut r = (StatusCode::SEE_OTHER, [(header::LOCATION, back)]).into_response();
    for c in cookies {
        let value = format!("{c}; Path=/; Max-Age=31536000; SameSite=Lax");
        if let Ok(v) = HeaderValue::from_str(&value) {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    r
}

/// A path on this site: begins with one slash, and holds nothing a browser would read as
/// another host.
pub fn local_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && !p.contains('\\')
        && p.bytes().all(|b| (0x21..0x7f).contains(&b))
}

/// Percent-encodes a path and query for use as a query value.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goes_back_only_to_this_site() {
        assert!(local_path("/units/astana?lang=ru"));
        assert!(!local_path("//evil.example/"));
        assert!(!local_path("https://evil.example/"));
        assert!(!local_path("/\\evil.example"));
        assert!(!local_path("/a b"));
        assert!(!local_path(""));
    }

    #[test]
    fn encodes_a_path_as_a_query_value() {
        assert_eq!(encode("/verify?code=AB&x=1"), "/verify%3Fcode%3DAB%26x%3D1");
    }
}

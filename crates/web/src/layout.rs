//! The frame of every page: language switch, text size and contrast, landmarks, skip link;
//! and the headers every page is sent with.
//!
//! Pages are whole HTML documents that work without scripts; `app.js` only refreshes the
//! live parts of a page and checks a count while it is typed. The Content-Security-Policy
//! allows no inline script or style and no other origin.

use crate::assets;
use crate::i18n::Language;
use crate::prefs::{Ctx, SIZES};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

/// Which part of the site a page belongs to, for the navigation's `aria-current`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The results portal: the nation, its units and their precincts.
    Results,
    /// "Check my ballot", the record's verification and the bulletin board (`/verify`).
    Verify,
    /// The registries: candidates, money, observers (`/register`).
    Register,
    /// The commissions' console on the CEC's service.
    Commissions,
    /// A polling station's console: its own menu, no portal links.
    Station,
    /// The voting terminal: nothing but the ballot.
    Terminal,
}

impl Section {
    fn portal(self) -> bool {
        matches!(
            self,
            Section::Results | Section::Verify | Section::Register | Section::Commissions
        )
    }
}

/// A page of the site.
pub struct Page<'a> {
    /// The reader's choices the page is written for.
    pub ctx: &'a Ctx,
    /// The part of the site it is in: which frame and navigation it gets.
    pub section: Section,
    /// The page's own title (the `<h1>` and the start of `<title>`).
    pub title: String,
    /// The election's name, when one is defined.
    pub election: Option<String>,
    /// The content under the title, inside `<main>`.
    pub body: Markup,
}

fn native_name(l: Language) -> &'static str {
    match l {
        Language::Kazakh => "Қазақша",
        Language::Russian => "Русский",
        Language::English => "English",
    }
}

impl Page<'_> {
    /// The whole HTML document: the frame, the reader's choices, the title and the body.
    pub fn render(self) -> Markup {
        let ctx = self.ctx;
        let mut class = format!("size-{}", ctx.size);
        if ctx.contrast {
            class.push_str(" contrast-high");
        }
        let nav = |s: Section, href: &str, words: String| {
            html! {
                a href=(href) aria-current=[(self.section == s).then_some("page")] { (words) }
            }
        };
        html! {
            (DOCTYPE)
            html lang=(ctx.lang.tag()) class=(class) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.title) " · Sailau" }
                    // No favicon to fetch: an empty one.
                    link rel="icon" href="data:,";
                    link rel="stylesheet" href={ "/assets/" (assets::CSS.name) };
                    script defer src={ "/assets/" (assets::JS.name) } {}
                }
                body {
                    a.skip href="#main" { (ctx.t("skip-to-content")) }
                    header.site {
                        div.brand {
                            a.logo href="/" { "Sailau" }
                            @if let Some(e) = &self.election {
                                span.election { (e) }
                            }
                        }
                        @if self.section.portal() {
                            nav.main aria-label=(ctx.t("nav-main")) {
                                (nav(Section::Results, "/", ctx.t("nav-results")))
                                (nav(Section::Verify, "/verify", ctx.t("nav-verify")))
                                (nav(Section::Register, "/register", ctx.t("nav-register")))
                                (nav(Section::Commissions, "/console", ctx.t("nav-console")))
                            }
                        }
                        div.prefs {
                            nav.languages aria-label=(ctx.t("nav-language")) {
                                @for l in Language::ALL {
                                    a href=(ctx.switch("lang", l.tag())) lang=(l.tag()) hreflang=(l.tag())
                                        aria-current=[(l == ctx.lang).then_some("true")] { (native_name(l)) }
                                }
                            }
                            div.sizes role="group" aria-label=(ctx.t("text-size")) {
                                @for s in SIZES {
                                    a href=(ctx.switch("size", &s.to_string()))
                                        aria-current=[(s == ctx.size).then_some("true")] {
                                        span.visually-hidden { (ctx.t("text-size")) " " }
                                        (ctx.percent(&s.to_string()))
                                    }
                                }
                            }
                            a.contrast href=(ctx.switch("contrast", if ctx.contrast { "normal" } else { "high" }))
                                aria-pressed=(ctx.contrast) role="button" {
                                (ctx.t("high-contrast"))
                            }
                        }
                    }
                    main #main tabindex="-1" {
                        h1 { (self.title) }
                        (self.body)
                    }
                    @if self.section.portal() {
                        footer.site {
                            p { (ctx.t("footer-open")) " " a href="/api/openapi.json" { "API" } " · " a href="/api/record" { (ctx.t("download-record")) } }
                        }
                    }
                }
            }
        }
    }
}

/// A page that says what went wrong, in the reader's language, with its status.
pub fn error_page(ctx: &Ctx, status: StatusCode, message: &str) -> Response {
    error_in(ctx, Section::Results, status, message, "/")
}

/// The same, in a part of the site with its own frame, with the way `back`.
pub fn error_in(
    ctx: &Ctx,
    section: Section,
    status: StatusCode,
    message: &str,
    back: &str,
) -> Response {
    let title = match status {
        StatusCode::NOT_FOUND => ctx.t("error-not-found"),
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => ctx.t("error-bad-request"),
        StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED => ctx.t("error-forbidden"),
        StatusCode::CONFLICT => ctx.t("error-conflict"),
        _ => ctx.t("error-internal"),
    };
    let body = html! {
        p.error role="alert" { (message) }
        @if section.portal() {
            p { a href=(back) { (ctx.t("back-to-results")) } }
        } @else {
            p { a href=(back) { (ctx.t("go-back")) } }
        }
    };
    let page = Page {
        ctx,
        section,
        title,
        election: None,
        body,
    };
    (status, page.render()).into_response()
}

/// Headers every page and asset is sent with: no script, style or frame from elsewhere; no
/// sniffing; no referrer to other sites (and so an honest Origin on our own forms). Pages are not cached by shared caches (they carry a session's view
/// on the console); the portal's own pages say `no-cache` so a reload always asks.
pub async fn headers(req: Request, next: Next) -> Response {
    let mut r = next.run(req).await;
    let h = r.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: header::HeaderName, v: &'static str| {
        h.entry(k).or_insert(HeaderValue::from_static(v));
    };
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "same-origin");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::CACHE_CONTROL, "no-cache");
    r
}

/// A form sent from another site is refused: the browser names the page's origin, and it must
/// be this host (besides the session cookies being SameSite=Strict, which do not tell ports
/// apart).
pub async fn same_origin(req: Request, next: Next) -> Response {
    if req.method() == axum::http::Method::POST {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok());
        let origin = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|h| h.to_str().ok());
        if let (Some(origin), Some(host)) = (origin, host) {
            let theirs = origin.split_once("://").map_or(origin, |(_, rest)| rest);
            if theirs != host {
                return (StatusCode::FORBIDDEN, "a form from another site").into_response();
            }
        }
    }
    next.run(req).await
}

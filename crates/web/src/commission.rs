//! The commissions' console on the CEC's service (`/console`): a territorial commission's
//! inbox of its precincts' protocols, and the CEC's of the nation. Signed in with the
//! service's accounts (docs/server.md); the session is a cookie holding the same token the
//! API's bearer carries, and every sign-in is in the audit log.
//!
//! The inbox puts first what needs the commission: a precinct flagged (a second, different
//! protocol; a record that fails verification; a summary that is not the sum), a protocol
//! late or overdue by the legal deadline; then those awaited; then the rest. The
//! commission signs its level by uploading its signed summary, which the service accepts only
//! as the sum it recomputes.

use crate::layout::{error_in, Page, Section};
use crate::prefs::{cookie, Ctx};
use axum::extract::{Multipart, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{html, Markup};
use sailau_server::audit::Flag;
use sailau_server::auth::{Role, User};
use sailau_server::deadlines::Status;
use sailau_server::records::Verification;
use sailau_server::uploads::Outcome;
use sailau_server::Service;
use serde::Deserialize;
use std::sync::Arc;
use zeroize::Zeroizing;

const COOKIE: &str = "sailau_session";

/// The console's routes: the inbox (`/console`), signing in and out, and the summary upload.
pub fn routes() -> Router<Arc<Service>> {
    Router::new()
        .route("/console", get(inbox))
        .route("/console/login", get(login_page).post(login))
        .route("/console/logout", post(logout))
        .route("/console/summary", post(summary))
}

fn page(ctx: &Ctx, title: String, body: Markup) -> Response {
    let mut r = Page {
        ctx,
        section: Section::Commissions,
        title,
        election: None,
        body,
    }
    .render()
    .into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn trouble(ctx: &Ctx, status: StatusCode, message: &str) -> Response {
    error_in(ctx, Section::Commissions, status, message, "/console")
}

/// The signed-in account, if the cookie carries a live session.
async fn user(s: &Arc<Service>, headers: &HeaderMap) -> Option<User> {
    let token = cookie(headers, COOKIE)?.to_string().to_ascii_lowercase();
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    sailau_server::blocking(s, move |s| {
        let now = s.clock.now();
        s.db.transaction(|tx| sailau_server::auth::session_user(tx, &token, now))
    })
    .await
    .ok()
    .flatten()
}

async fn login_page(ctx: Ctx) -> Response {
    login_form(&ctx, None)
}

fn login_form(ctx: &Ctx, error: Option<String>) -> Response {
    let body = html! {
        @if let Some(e) = &error { p.error role="alert" { (e) } }
        form method="post" action="/console/login" {
            div.field {
                label for="name" { (ctx.t("account-name")) }
                input #name name="name" type="text" autocomplete="username" required;
            }
            div.field {
                label for="password" { (ctx.t("account-password")) }
                input #password name="password" type="password" autocomplete="current-password" required;
            }
            button type="submit" { (ctx.t("sign-in")) }
        }
    };
    page(ctx, ctx.t("commissions-title"), body)
}

#[derive(Deserialize)]
struct Login {
    name: String,
    password: String,
}

async fn login(State(s): State<Arc<Service>>, ctx: Ctx, Form(f): Form<Login>) -> Response {
    if let Err(e) = s.limits.sign_in(&f.name) {
        return login_form(&ctx, Some(e.to_string()));
    }
    let password = Zeroizing::new(f.password);
    let name = f.name;
    let outcome = sailau_server::blocking(&s, move |s| {
        sailau_server::auth::sign_in_recorded(s, &name, &password)
    })
    .await;
    match outcome {
        Ok((_, token, _)) => {
            let mut r = Redirect::to("/console").into_response();
            let cookie = Zeroizing::new(format!(
                "{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}",
                token.as_str(),
                12 * 3600
            ));
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            r
        }
        Err(_) => login_form(&ctx, Some(ctx.t("wrong-name-or-password"))),
    }
}

async fn logout(State(s): State<Arc<Service>>, headers: HeaderMap) -> Response {
    if let (Some(u), Some(token)) = (user(&s, &headers).await, cookie(&headers, COOKIE)) {
        let token = token.to_string();
        let _ = sailau_server::blocking(&s, move |s| {
            sailau_server::auth::sign_out_recorded(s, &u, &token)
        })
        .await;
    }
    let mut r = Redirect::to("/console/login").into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("sailau_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    r
}

/// The unit a commission acts for: its own, or the nation for the CEC.
fn unit_of(u: &User) -> Option<String> {
    match u.role {
        Role::Cec => Some("national".into()),
        Role::Territorial => u.unit.clone(),
        _ => None,
    }
}

/// One precinct's line in the inbox.
struct Line {
    precinct: String,
    number: u32,
    unit: String,
    status: Status,
    received_at: Option<i64>,
    record: Option<Verification>,
    flags: Vec<Flag>,
}

impl Line {
    /// What comes first: flagged, then late or overdue, then awaited, then the rest.
    fn rank(&self) -> u8 {
        match (self.flags.is_empty(), self.status) {
            (false, _) => 0,
            (true, Status::Late | Status::Overdue) => 1,
            (true, _) if matches!(self.record, Some(Verification::Failed(_))) => 0,
            (true, Status::Awaiting) => 2,
            (true, Status::OnTime) => 3,
        }
    }
}

async fn inbox(State(s): State<Arc<Service>>, ctx: Ctx, headers: HeaderMap) -> Response {
    let Some(u) = user(&s, &headers).await else {
        return Redirect::to("/console/login").into_response();
    };
    let Ok(e) = s.election() else {
        return page(
            &ctx,
            ctx.t("commissions-title"),
            html! { p { (ctx.t("no-election-yet")) } },
        );
    };
    let Some(unit) = unit_of(&u) else {
        let body = html! {
            p { (ctx.tr("console-not-for-role", &[("name", u.name.as_str().into()), ("role", u.role.name().into())])) }
            (logout_form(&ctx))
        };
        return page(&ctx, ctx.t("commissions-title"), body);
    };
    let state = sailau_server::blocking(&s, |s| {
        s.db.transaction(|tx| {
            let received = sailau_server::uploads::received(tx)?;
            let statuses = sailau_server::records::statuses(tx)?;
            let flags = sailau_server::audit::flags(tx)?;
            let register = sailau_server::certificates::register(tx)?;
            Ok::<_, sailau_server::error::ApiError>((received, statuses, flags, register))
        })
    })
    .await;
    let (received, mut statuses, flags, register) = match state {
        Ok(x) => x,
        Err(err) => return trouble(&ctx, err.status(), &err.to_string()),
    };
    let mine = |p: &str| unit == "national" || e.units_of(p).contains(&unit);
    let (dues, late_units, _) = sailau_server::deadlines::precincts(&e, &received, s.clock.now());
    let mut lines: Vec<Line> = dues
        .into_iter()
        .filter(|d| mine(&d.precinct))
        .map(|d| Line {
            number: e.def.precinct(&d.precinct).map_or(0, |p| p.number),
            flags: flags
                .iter()
                .filter(|f| f.unit == d.precinct)
                .cloned()
                .collect(),
            record: statuses.remove(&d.precinct),
            precinct: d.precinct,
            unit: d.unit,
            status: d.status,
            received_at: d.received_at,
        })
        .collect();
    lines.sort_by_key(|l| (l.rank(), l.number));
    // Flags on units (a summary that is not the sum) under this commission.
    let unit_flags: Vec<&Flag> = flags
        .iter()
        .filter(|f| e.def.precinct(&f.unit).is_none())
        .filter(|f| unit == "national" || e.def.is_within(&f.unit, &unit))
        .collect();
    let late: Vec<(&String, &u64)> = late_units
        .iter()
        .filter(|(u, _)| unit == "national" || e.def.is_within(u, &unit))
        .collect();
    let (reported, total) = s.with_accepted(|a| match a.summary(&e, &unit) {
        Some(Ok((_, r, t))) => (r, t),
        _ => (0, 0),
    });
    let signed = s.with_accepted(|a| a.signed.get(&unit).cloned());
    let name = if unit == "national" {
        ctx.t("nation")
    } else {
        e.def
            .unit(&unit)
            .map_or(unit.clone(), |x| x.name.get(ctx.lang).to_string())
    };
    let attention = lines
        .iter()
        .filter(|l| l.rank() == 0 || l.rank() == 1)
        .count()
        + unit_flags.len();
    let body = html! {
        p { (ctx.tr("signed-in-as", &[("name", u.name.as_str().into()), ("role", u.role.name().into())])) }
        (logout_form(&ctx))
        section #attention aria-labelledby="attention-h" {
            h2 #attention-h { (ctx.tr("needs-attention", &[("n", attention.into())])) }
            @if attention == 0 {
                p.passed { "✓ " (ctx.t("nothing-needs-attention")) }
            }
            @if attention > 0 {
                ul.failed {
                    @for f in &unit_flags { li { strong { (f.unit) ", " (f.kind) } ": " (f.message) } }
                    @for l in lines.iter().filter(|l| l.rank() <= 1) {
                        li {
                            a href={ "/precincts/" (l.precinct) } { (ctx.tr("precinct-number", &[("number", u64::from(l.number).into())])) } ": "
                            @for f in &l.flags { strong { (f.kind) } " " }
                            @if matches!(l.status, Status::Late | Status::Overdue) { (status_words(&ctx, l.status)) }
                            @if matches!(l.record, Some(Verification::Failed(_))) { " " (ctx.t("record-failed")) }
                        }
                    }
                }
            }
            @if !late.is_empty() {
                p.failed { (ctx.t("late-units")) " " @for (i, (u, n)) in late.iter().enumerate() {
                    @if i > 0 { ", " }
                    (e.def.unit(u).map_or(u.to_string(), |x| x.name.get(ctx.lang).to_string())) " (" (n) ")"
                } }
            }
        }
        section aria-labelledby="inbox-h" {
            h2 #inbox-h { (ctx.tr("inbox-title", &[("reported", reported.into()), ("total", total.into())])) }
            table.results.inbox {
                caption.visually-hidden { (ctx.t("inbox-caption")) }
                thead { tr {
                    th scope="col" { (ctx.t("col-precinct")) }
                    th scope="col" { (ctx.t("col-unit")) }
                    th scope="col" { (ctx.t("col-protocol")) }
                    th scope="col" { (ctx.t("record-status")) }
                    th scope="col" { (ctx.t("col-flag")) }
                } }
                tbody { @for l in &lines {
                    tr class=(if l.rank() <= 1 { "attention" } else { "" }) {
                        th scope="row" { a href={ "/precincts/" (l.precinct) } { (ctx.tr("precinct-number", &[("number", u64::from(l.number).into())])) } }
                        td { (e.def.unit(&l.unit).map_or(l.unit.clone(), |x| x.name.get(ctx.lang).to_string())) }
                        td { (status_words(&ctx, l.status)) @if let Some(at) = l.received_at { " " (sailau_law::election_day::Moment(at).to_string()) } }
                        td { (crate::portal::verification_words(&ctx, l.record.as_ref())) }
                        td { @for f in &l.flags { strong.failed { (f.kind) } ": " (f.message) br; } }
                    }
                } }
            }
        }
        @if unit == "national" {
            section aria-labelledby="register-h" {
                h2 #register-h { (ctx.t("register-title")) }
                p { (ctx.tr("register-figures", &[
                    ("issued", register.issued.into()),
                    ("used", register.used.into()),
                    ("offline", register.offline.into()),
                    ("unregistered", register.unregistered.into()),
                    ("twice", register.used_twice.into()),
                ])) }
            }
        }
        section aria-labelledby="sign-h" {
            h2 #sign-h { (ctx.t("sign-summary")) }
            @match &signed {
                Some((by, at)) => p.passed { "✓ " (ctx.tr("unit-signed", &[("by", by.into()), ("at", sailau_law::election_day::Moment(*at).to_string().as_str().into())])) },
                None => {
                    p { (ctx.t("sign-summary-intro")) }
                    p { a href=(if unit == "national" { "/api/results".to_string() } else { format!("/api/units/{unit}/summary") }) { (ctx.t("summary-json")) } }
                    form method="post" action="/console/summary" enctype="multipart/form-data" {
                        label for="summary" { (ctx.t("summary-file")) }
                        div.row {
                            input #summary name="summary" type="file" accept="application/json,.json" required;
                            button type="submit" { (ctx.t("summary-upload")) }
                        }
                    }
                },
            }
        }
    };
    page(
        &ctx,
        ctx.tr("inbox-of", &[("unit", name.as_str().into())]),
        body,
    )
}

fn logout_form(ctx: &Ctx) -> Markup {
    html! {
        form.inline method="post" action="/console/logout" {
            button.secondary type="submit" { (ctx.t("sign-out")) }
        }
    }
}

fn status_words(ctx: &Ctx, s: Status) -> String {
    match s {
        Status::OnTime => ctx.t("due-on-time"),
        Status::Late => ctx.t("due-late"),
        Status::Overdue => ctx.t("due-overdue"),
        Status::Awaiting => ctx.t("protocol-awaited"),
    }
}

/// `POST /console/summary`: the commission's signed summary, as a file; accepted only as the
/// recomputed sum, a different one refused and flagged.
async fn summary(
    State(s): State<Arc<Service>>,
    ctx: Ctx,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let Some(u) = user(&s, &headers).await else {
        return Redirect::to("/console/login").into_response();
    };
    let Some(unit) = unit_of(&u) else {
        return trouble(
            &ctx,
            StatusCode::FORBIDDEN,
            &ctx.tr(
                "console-not-for-role",
                &[
                    ("name", u.name.as_str().into()),
                    ("role", u.role.name().into()),
                ],
            ),
        );
    };
    // A form that cannot be read is refused by its own status, never skipped: a file over the
    // body limit is the same 413 as one over a protocol's size, not an empty upload.
    let too_large = || {
        trouble(
            &ctx,
            StatusCode::PAYLOAD_TOO_LARGE,
            &ctx.t("summary-too-large"),
        )
    };
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            trouble(&ctx, StatusCode::BAD_REQUEST, &e.to_string())
        }
    };
    let mut body = Vec::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return unreadable(e),
        };
        match field.bytes().await {
            Ok(b) if b.len() <= sailau_server::uploads::PROTOCOL_LIMIT => body = b.to_vec(),
            Ok(_) => return too_large(),
            Err(e) => return unreadable(e),
        }
    }
    let outcome = sailau_server::blocking(&s, move |s| {
        sailau_server::summaries::sign_level(s, &u, &unit, &body)
    })
    .await;
    let answer = match outcome {
        Ok(Outcome::Done(_)) => {
            html! { p.passed.big role="status" { "✓ " (ctx.t("summary-accepted")) } }
        }
        Ok(Outcome::Conflict(why)) => {
            html! { p.error role="alert" { (ctx.tr("summary-refused", &[("why", why.as_str().into())])) } }
        }
        Err(e) => {
            html! { p.error role="alert" { (ctx.tr("summary-refused", &[("why", e.to_string().as_str().into())])) } }
        }
    };
    let body = html! {
        (answer)
        p { a href="/console" { (ctx.t("go-back")) } }
    };
    page(&ctx, ctx.t("sign-summary"), body)
}

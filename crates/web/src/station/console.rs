//! The precinct commission's day: where it stands, opening the polls, the registration desk,
//! the mobile box's list, the electronic ballot box, and the turnout sent to the CEC.

use super::{console_page, refused, StationApp};
use crate::prefs::Ctx;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::{html, Markup};
use sailau_station::desk::How;
use sailau_voters::Iin;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

/// The console's own menu, on every console page.
pub(crate) fn menu(ctx: &Ctx, here: &str) -> Markup {
    let items = [
        ("/console", ctx.t("console-overview")),
        ("/console/desk", ctx.t("desk-title")),
        ("/console/box", ctx.t("box-title")),
        ("/console/mobile", ctx.t("mobile-title")),
        ("/console/certificates", ctx.t("certificates-title")),
        ("/console/observers", ctx.t("observers-title")),
        ("/console/count", ctx.t("count-title")),
        ("/console/close", ctx.t("close-title")),
    ];
    html! {
        nav.console aria-label=(ctx.t("console-menu")) {
            @for (href, words) in &items {
                a href=(href) aria-current=[(*href == here).then_some("page")] { (words) }
            }
            form.inline method="post" action="/console/logout" {
                button.secondary type="submit" { (ctx.t("sign-out")) }
            }
        }
    }
}

pub async fn overview(State(app): State<Arc<StationApp>>, ctx: Ctx) -> Response {
    let lang = ctx.lang;
    let state = app
        .with(move |s| {
            let opened = s.opened_at().map_err(|e| e.to_string())?;
            let sealed = s.sealed_at().map_err(|e| e.to_string())?;
            let summary = s.day_summary().map_err(|e| e.to_string())?;
            let turnout = s.turnout().map_err(|e| e.to_string())?;
            let contests: Vec<(String, String)> = s
                .style_contests()
                .into_iter()
                .map(|c| {
                    let name = s
                        .definition()
                        .contest(&c)
                        .map_or(c.clone(), |x| x.name.get(lang).to_string());
                    (c, name)
                })
                .collect();
            Ok::<_, String>((opened, sealed, summary, turnout, contests))
        })
        .await
        .and_then(|r| r);
    let (opened, sealed, summary, turnout, contests) = match state {
        Ok(x) => x,
        Err(e) => return refused(&ctx, &e),
    };
    let sent = app
        .turnout_sent
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let body = html! {
        (menu(&ctx, "/console"))
        section aria-labelledby="polls-h" {
            h2 #polls-h { (ctx.t("polls-title")) }
            @match (&opened, &sealed) {
                (_, Some(at)) => p.status { (ctx.tr("polls-sealed", &[("at", at.into())])) },
                (Some(at), None) => p.status { (ctx.tr("polls-opened", &[("at", at.into())])) },
                (None, None) => {
                    p { (ctx.t("polls-not-opened")) }
                    form method="post" action="/console/open" {
                        p { (ctx.t("open-intro")) }
                        @for (id, name) in &contests {
                            div.field {
                                label for={ "r-" (id) } { (ctx.tr("paper-received-for", &[("contest", name.as_str().into())])) }
                                input id={ "r-" (id) } name=(id) type="number" min="0" step="1" required;
                            }
                        }
                        button type="submit" { (ctx.t("open-polls")) }
                    }
                },
            }
        }
        section aria-labelledby="day-h" {
            h2 #day-h { (ctx.t("day-title")) }
            dl.facts {
                dt { (ctx.t("on-list")) } dd { (ctx.count(summary.on_list)) }
                dt { (ctx.t("issued-paper")) } dd { (ctx.count(summary.issued_paper)) }
                dt { (ctx.t("issued-mobile")) } dd { (ctx.count(summary.issued_mobile)) }
                dt { (ctx.t("issued-card")) } dd { (ctx.count(summary.issued_card)) }
                dt { (ctx.t("box-entries")) } dd { (ctx.count(summary.box_entries)) }
                dt { (ctx.t("mobile-requests")) } dd { (ctx.count(summary.mobile_requests)) }
            }
        }
        section aria-labelledby="turnout-h" {
            h2 #turnout-h { (ctx.t("turnout-title")) }
            table.results {
                caption.visually-hidden { (ctx.t("turnout-title")) }
                thead { tr {
                    th scope="col" { (ctx.t("col-hour")) }
                    th scope="col" class="num" { (ctx.t("col-voted")) }
                    th scope="col" { (ctx.t("turnout-sent")) }
                } }
                tbody { @for hour in sailau_law::election_day::TURNOUT_HOURS {
                    @let voted: u64 = turnout.iter().filter(|(h, _)| *h < u32::from(hour)).map(|(_, n)| n).sum();
                    tr {
                        th scope="row" { (format!("{hour:02}:00")) }
                        td.num { (ctx.count(voted)) }
                        td { (sent.get(&hour).map_or_else(|| "—".to_string(), |s| sent_words(&ctx, s))) }
                    }
                } }
            }
            @if app.central.is_some() {
                form method="post" action="/console/turnout" {
                    button.secondary type="submit" { (ctx.t("send-turnout-now")) }
                }
            } @else {
                p { (ctx.t("no-central")) }
            }
        }
        section aria-labelledby="terminals-h" {
            h2 #terminals-h { (ctx.t("terminals-title")) }
            ul { @for t in &app.terminals {
                li {
                    a href={ "/terminal/" (t.device) } { (t.device) } " "
                    form.inline method="post" action={ "/console/terminals/" (t.device) "/reset" } {
                        button.secondary type="submit" { (ctx.t("terminal-reset")) }
                    }
                }
            } }
        }
    };
    console_page(&ctx, &app, ctx.t("console-title"), body)
}

/// How a voter received ballots, in words.
fn how_words(ctx: &Ctx, how: How) -> String {
    match how {
        How::Paper => ctx.t("how-paper"),
        How::MobileBox => ctx.t("how-mobile"),
        How::Card => ctx.t("how-card"),
    }
}

/// A service's answer to a turnout upload, in words.
fn sent_words(ctx: &Ctx, answer: &str) -> String {
    match answer.split_once(' ').map(|(s, _)| s) {
        Some("201") | Some("200") => ctx.t("turnout-accepted"),
        _ => ctx.tr("turnout-not-accepted", &[("answer", answer.into())]),
    }
}

pub async fn open(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let mut received = Vec::new();
    for (contest, value) in &f {
        match value.trim().parse::<u64>() {
            Ok(n) => received.push((contest.clone(), n)),
            Err(_) => {
                return refused(
                    &ctx,
                    &ctx.tr("not-a-count", &[("value", value.as_str().into())]),
                )
            }
        }
    }
    let now = app.now();
    match app.with(move |s| s.open_polls(now, &received)).await {
        Ok(Ok(_)) => Redirect::to("/console").into_response(),
        Ok(Err(e)) => refused(&ctx, &e.to_string()),
        Err(e) => refused(&ctx, &e),
    }
}

pub async fn send_turnout(State(app): State<Arc<StationApp>>) -> Response {
    app.sync_turnout().await;
    Redirect::to("/console").into_response()
}

pub async fn reset_terminal(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Path(device): Path<String>,
) -> Response {
    match app.terminal(&device) {
        Some(t) => match t.leave().await {
            Ok(_) => Redirect::to("/console").into_response(),
            Err(e) => refused(&ctx, &e),
        },
        None => refused(
            &ctx,
            &ctx.tr("no-such-terminal", &[("device", device.as_str().into())]),
        ),
    }
}

#[derive(Deserialize)]
pub struct Find {
    #[serde(default)]
    iin: String,
}

pub async fn desk(State(app): State<Arc<StationApp>>, ctx: Ctx, Query(q): Query<Find>) -> Response {
    let typed = q.iin.trim().to_string();
    let found = if typed.is_empty() {
        None
    } else {
        match Iin::parse(&typed) {
            Err(e) => Some(Err(e.to_string())),
            Ok(iin) => Some(
                app.with(move |s| {
                    s.voter_status(&iin)
                        .map(|st| (iin, st))
                        .map_err(|e| e.to_string())
                })
                .await
                .and_then(|r| r),
            ),
        }
    };
    // A voter not on the list may show another precinct's certificate.
    let honour = match &found {
        Some(Ok((iin, st))) if !st.on_list => {
            Some(super::absentee::honour_form(&app, &ctx, iin).await)
        }
        _ => None,
    };
    let body = html! {
        (menu(&ctx, "/console/desk"))
        form.find method="get" action="/console/desk" role="search" {
            label for="iin" { (ctx.t("find-voter")) }
            p.hint #iin-hint { (ctx.t("iin-hint")) }
            div.row {
                input #iin name="iin" type="text" inputmode="numeric" value=(typed) autocomplete="off" maxlength="12" aria-describedby="iin-hint" required;
                button type="submit" { (ctx.t("find")) }
            }
        }
        @match &found {
            None => {},
            Some(Err(e)) => p.error role="alert" { (e) },
            Some(Ok((iin, st))) => section #voter aria-live="polite" {
                @if !st.on_list {
                    p.error role="alert" { (ctx.t("not-on-list")) }
                    @if st.issued.is_none() { (honour.clone().unwrap_or_default()) }
                } @else {
                    p.big { (st.name.clone().unwrap_or_default()) }
                    @match st.issued {
                        Some(how) => p.error role="alert" { (ctx.tr("already-issued", &[("how", how_words(&ctx, how).as_str().into())])) },
                        None => {
                            @if let Some((number, contests)) = &st.certificate {
                                p { (ctx.tr("has-certificate", &[("number", number.into()), ("contests", contests.len().into())])) }
                            }
                            div.choices-actions {
                                @for (how, words) in [(How::Paper, ctx.t("issue-paper")), (How::Card, ctx.t("issue-card"))] {
                                    form method="post" action="/console/desk/issue" {
                                        input type="hidden" name="iin" value=(iin.to_string());
                                        input type="hidden" name="how" value=(how.name());
                                        button type="submit" { (words) }
                                    }
                                }
                                @if st.mobile_requested {
                                    form method="post" action="/console/desk/issue" {
                                        input type="hidden" name="iin" value=(iin.to_string());
                                        input type="hidden" name="how" value="mobile";
                                        button type="submit" { (ctx.t("issue-mobile")) }
                                    }
                                } @else {
                                    form method="post" action="/console/desk/mobile" {
                                        input type="hidden" name="iin" value=(iin.to_string());
                                        button.secondary type="submit" { (ctx.t("request-mobile")) }
                                    }
                                }
                            }
                        },
                    }
                }
            },
        }
    };
    console_page(&ctx, &app, ctx.t("desk-title"), body)
}

#[derive(Deserialize)]
pub struct IssueForm {
    iin: String,
    how: String,
}

pub async fn issue(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Form(f): Form<IssueForm>,
) -> Response {
    let Ok(iin) = Iin::parse(f.iin.trim()) else {
        return refused(&ctx, &ctx.t("iin-hint"));
    };
    let how = match f.how.as_str() {
        "paper" => How::Paper,
        "mobile" => How::MobileBox,
        "card" => How::Card,
        _ => return refused(&ctx, "how: paper, mobile or card"),
    };
    let now = app.now();
    let cards = app.cards.clone();
    let said = ctx.clone();
    let issued = app
        .with(move |s| {
            let (mut card, number) = match (how == How::Card).then(|| cards.for_desk()) {
                Some(Ok((card, number))) => (Some(card), number),
                Some(Err(no)) => return Err(no.say(&said)),
                None => (None, None),
            };
            let r = s.issue(
                &iin,
                how,
                None,
                card.as_deref_mut()
                    .map(|c| c as &mut dyn sailau_station::card::Card),
                now,
                &mut rand_core::OsRng,
            );
            r.map(|i| (i, number, card.is_some()))
                .map_err(|e| e.to_string())
        })
        .await
        .and_then(|r| r);
    match issued {
        Ok((issued, number, on_card)) => {
            let body = html! {
                (menu(&ctx, "/console/desk"))
                section.done role="status" {
                    @match (number, on_card) {
                        (Some(n), _) => {
                            p.big { (ctx.tr("card-written", &[("card", format!("{n:04}").as_str().into())])) }
                            p { (ctx.t("card-written-next")) }
                        },
                        (None, true) => {
                            p.big { (ctx.t("card-written-reader")) }
                            p { (ctx.t("card-written-next")) }
                        },
                        (None, false) => p.big { (ctx.tr("ballots-issued", &[("contests", issued.contests.len().into()), ("how", how_words(&ctx, issued.how).as_str().into())])) },
                    }
                }
                p { a.button href="/console/desk" { (ctx.t("next-voter")) } }
            };
            console_page(&ctx, &app, ctx.t("desk-title"), body)
        }
        Err(e) => refused(&ctx, &e),
    }
}

#[derive(Deserialize)]
pub struct MobileForm {
    iin: String,
}

pub async fn request_mobile(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Form(f): Form<MobileForm>,
) -> Response {
    let Ok(iin) = Iin::parse(f.iin.trim()) else {
        return refused(&ctx, &ctx.t("iin-hint"));
    };
    let now = app.now();
    match app
        .with(move |s| s.request_mobile(&iin, now).map_err(|e| e.to_string()))
        .await
        .and_then(|r| r)
    {
        Ok(()) => Redirect::to("/console/mobile").into_response(),
        Err(e) => refused(&ctx, &e),
    }
}

pub async fn mobile(State(app): State<Arc<StationApp>>, ctx: Ctx) -> Response {
    let list = match app
        .with(|s| s.mobile_list().map_err(|e| e.to_string()))
        .await
        .and_then(|r| r)
    {
        Ok(l) => l,
        Err(e) => return refused(&ctx, &e),
    };
    let body = html! {
        (menu(&ctx, "/console/mobile"))
        p { (ctx.t("mobile-intro")) }
        @if list.is_empty() {
            p { (ctx.t("mobile-none")) }
        } @else {
            table.results {
                caption { (ctx.t("mobile-title")) }
                thead { tr {
                    th scope="col" { (ctx.t("col-name")) }
                    th scope="col" { "IIN" }
                    th scope="col" { (ctx.t("col-issued")) }
                } }
                tbody { @for r in &list {
                    tr {
                        th scope="row" { (r.name) }
                        td { (r.iin) }
                        td { @if r.issued { (ctx.t("yes")) } @else { (ctx.t("no")) } }
                    }
                } }
            }
        }
    };
    console_page(&ctx, &app, ctx.t("mobile-title"), body)
}

pub async fn ballot_box(State(app): State<Arc<StationApp>>, ctx: Ctx) -> Response {
    box_page(&ctx, &app, html! {})
}

fn box_page(ctx: &Ctx, app: &StationApp, answer: Markup) -> Response {
    let body = html! {
        (menu(ctx, "/console/box"))
        section #answer aria-live="polite" { (answer) }
        form method="post" action="/console/box" {
            p { (ctx.t("box-intro")) }
            @if app.cards.in_readers() {
                p.hint { (ctx.t("card-in-reader")) }
                button type="submit" { (ctx.t("box-insert")) }
            } @else {
                label for="card" { (ctx.t("card-number")) }
                div.row {
                    input #card name="card" type="text" inputmode="numeric" pattern="[0-9]{1,4}" autocomplete="off" required;
                    button type="submit" { (ctx.t("box-insert")) }
                }
            }
        }
    };
    console_page(ctx, app, ctx.t("box-title"), body)
}

#[derive(Deserialize)]
pub struct BoxForm {
    /// The card's number; none with readers.
    #[serde(default)]
    card: String,
}

pub async fn accept(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Form(f): Form<BoxForm>,
) -> Response {
    let number = f.card.trim().parse::<u32>().ok();
    let mut card = match app.cards.for_box(number) {
        Ok(card) => card,
        Err(no) => {
            return box_page(
                &ctx,
                &app,
                html! { p.error role="alert" { (no.say(&ctx)) } },
            )
        }
    };
    let accepted = app
        .with(move |s| s.accept(card.as_mut()).map_err(|e| e.to_string()))
        .await
        .and_then(|r| r);
    let answer = match accepted {
        Ok(r) => html! {
            div.found role="status" {
                p.big { (ctx.t("box-accepted")) }
                p { (ctx.t("your-code")) ": " strong.code { (r.code) } }
                @if r.challenged > 0 { p { (ctx.tr("box-challenged", &[("n", r.challenged.into())])) } }
                @if r.wiped.is_err() { p.error { (ctx.t("box-not-wiped")) } }
            }
        },
        Err(e) => html! { p.error role="alert" { (e) } },
    };
    box_page(&ctx, &app, answer)
}

//! Closing the station, step by step: seal at 20:00, the terminals' statements of their
//! chains, the paper count agreed, the guardians' partial decryptions (the request out, each
//! answer checked as it comes in), the protocol signed by the station key, and everything
//! sent to the CEC.

use super::console::menu;
use super::{console_page, refused, StationApp, Upload};
use crate::prefs::Ctx;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use sailau_station::paper::Agreement;
use serde_json::json;
use std::sync::Arc;

struct Steps {
    sealed: Option<String>,
    declared: usize,
    agreed: usize,
    contests: usize,
    partials: Vec<u32>,
    guardians: Vec<String>,
    quorum: u32,
}

pub async fn page(State(app): State<Arc<StationApp>>, ctx: Ctx) -> Response {
    let steps = app
        .with(|s| {
            let sealed = s.sealed_at().map_err(|e| e.to_string())?;
            let contests = s.style_contests();
            let agreed = contests
                .iter()
                .filter(|c| matches!(s.paper_agreement(c), Ok(Agreement::Agreed(_))))
                .count();
            let partials = if sealed.is_some() {
                s.partials()
                    .map_err(|e| e.to_string())?
                    .iter()
                    .map(|p| p.guardian)
                    .collect()
            } else {
                Vec::new()
            };
            let g = &s.definition().guardians;
            Ok::<_, String>(Steps {
                sealed,
                declared: s.declared_terminals().map_err(|e| e.to_string())?,
                agreed,
                contests: contests.len(),
                partials,
                guardians: g.members.iter().map(|m| m.name.clone()).collect(),
                quorum: g.quorum,
            })
        })
        .await
        .and_then(|r| r);
    let st = match steps {
        Ok(s) => s,
        Err(e) => return refused(&ctx, &e),
    };
    let closing = app
        .closing
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
        .map(|c| c.protocol.clone());
    let tables = match &closing {
        Some(p) => {
            let (c, p) = (ctx.clone(), p.protocol.clone());
            app.with(move |s| crate::portal::protocol_tables(&c, s.definition(), &p))
                .await
                .unwrap_or_default()
        }
        None => maud::Markup::default(),
    };
    let terminals = app.terminals.len();
    let done = |ok: bool| if ok { "✓ " } else { "" };
    let body = html! {
        (menu(&ctx, "/console/close"))
        ol.steps {
            li {
                h2 { (done(st.sealed.is_some())) (ctx.t("close-seal")) }
                @match &st.sealed {
                    Some(at) => p { (ctx.tr("polls-sealed", &[("at", at.into())])) },
                    None => form method="post" action="/console/close/seal" {
                        p { (ctx.t("close-seal-intro")) }
                        button type="submit" { (ctx.t("close-seal")) }
                    },
                }
            }
            li {
                h2 { (done(st.declared == terminals)) (ctx.t("close-terminals")) }
                p { (ctx.tr("close-terminals-status", &[("declared", st.declared.into()), ("total", terminals.into())])) }
                @if st.sealed.is_some() && st.declared < terminals {
                    form method="post" action="/console/close/terminals" {
                        button type="submit" { (ctx.t("close-terminals-collect")) }
                    }
                }
            }
            li {
                h2 { (done(st.agreed == st.contests)) (ctx.t("close-count")) }
                p { (ctx.tr("close-count-status", &[("agreed", st.agreed.into()), ("total", st.contests.into())])) " " a href="/console/count" { (ctx.t("count-title")) } }
            }
            li {
                h2 { (done(st.partials.len() as u32 >= st.quorum)) (ctx.t("close-guardians")) }
                @if st.sealed.is_none() {
                    p { (ctx.t("close-guardians-after-seal")) }
                } @else {
                    p { (ctx.tr("close-guardians-status", &[("have", st.partials.len().into()), ("quorum", u64::from(st.quorum).into()), ("total", st.guardians.len().into())])) }
                    ul { @for (i, name) in st.guardians.iter().enumerate() {
                        li { (name) ": " @if st.partials.contains(&(i as u32 + 1)) { (ctx.t("guardian-answered")) } @else { (ctx.t("guardian-awaited")) } }
                    } }
                    p { a href="/console/close/request.json" download="decryption-request.json" { (ctx.t("close-request-download")) } }
                    form method="post" action="/console/close/partial" enctype="multipart/form-data" {
                        label for="partial" { (ctx.t("close-partial-label")) }
                        div.row {
                            input #partial name="partial" type="file" accept="application/json,.json" multiple required;
                            button type="submit" { (ctx.t("close-partial-add")) }
                        }
                    }
                }
            }
            li {
                h2 { (done(closing.is_some())) (ctx.t("close-sign")) }
                @match &closing {
                    Some(_) => {
                        p { (ctx.t("close-signed")) }
                        p.links {
                            a href="/console/close/protocol.json" { "protocol.json" } " · "
                            a href="/console/close/ballots.jsonl" { "ballots.jsonl" } " · "
                            a href="/console/close/tally.json" { "tally.json" } " · "
                            button.print type="button" data-action="print" { (ctx.t("print")) }
                        }
                        (tables)
                    },
                    None => @if st.sealed.is_some() && st.partials.len() as u32 >= st.quorum {
                        form method="post" action="/console/close/sign" {
                            p { (ctx.t("close-sign-intro")) }
                            button type="submit" { (ctx.t("close-sign")) }
                        }
                    },
                }
            }
            li {
                h2 { (ctx.t("close-send")) }
                @if closing.is_some() && app.central.is_some() {
                    form method="post" action="/console/close/send" {
                        button type="submit" { (ctx.t("close-send")) }
                    }
                } @else if app.central.is_none() {
                    p { (ctx.t("no-central")) }
                }
            }
        }
    };
    console_page(&ctx, &app, ctx.t("close-title"), body)
}

pub async fn seal(State(app): State<Arc<StationApp>>, ctx: Ctx) -> Response {
    let now = app.now();
    match app
        .with(move |s| s.seal(now).map_err(|e| e.to_string()))
        .await
        .and_then(|r| r)
    {
        Ok(_) => Redirect::to("/console/close").into_response(),
        Err(e) => refused(&ctx, &e),
    }
}

/// Asks each terminal this station hosts for its signed statement, and records it.
pub async fn terminals(State(app): State<Arc<StationApp>>, ctx: Ctx) -> Response {
    for t in &app.terminals {
        let statement = match t.statement().await {
            Ok(s) => s,
            Err(e) => return refused(&ctx, &format!("{}: {e}", t.device)),
        };
        if let Err(e) = app
            .with(move |s| s.declare_terminal(&statement).map_err(|e| e.to_string()))
            .await
            .and_then(|r| r)
        {
            return refused(&ctx, &e);
        }
    }
    Redirect::to("/console/close").into_response()
}

pub async fn request(State(app): State<Arc<StationApp>>, ctx: Ctx) -> Response {
    match app
        .with(|s| s.decryption_request().map_err(|e| e.to_string()))
        .await
        .and_then(|r| r)
    {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/json"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"decryption-request.json\"",
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => refused(&ctx, &e),
    }
}

/// Takes the uploaded partial decryptions, each checked at once; the first refusal is shown,
/// the ones before it are kept.
pub async fn partial(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    mut form: Multipart,
) -> Response {
    let mut files = Vec::new();
    loop {
        match form.next_field().await {
            Ok(Some(field)) => match field.bytes().await {
                Ok(b) if !b.is_empty() => files.push(b.to_vec()),
                Ok(_) => {}
                Err(e) => return refused(&ctx, &e.to_string()),
            },
            Ok(None) => break,
            Err(e) => return refused(&ctx, &e.to_string()),
        }
    }
    for bytes in files {
        if let Err(e) = app
            .with(move |s| s.add_partial(&bytes).map_err(|e| e.to_string()))
            .await
            .and_then(|r| r)
        {
            return refused(
                &ctx,
                &ctx.tr("partial-refused", &[("why", e.as_str().into())]),
            );
        }
    }
    Redirect::to("/console/close").into_response()
}

pub async fn sign(State(app): State<Arc<StationApp>>, ctx: Ctx) -> Response {
    let closing = app
        .with(|s| {
            let partials = s.partials().map_err(|e| e.to_string())?;
            s.close(&partials).map_err(|e| e.to_string())
        })
        .await
        .and_then(|r| r);
    match closing {
        Ok(c) => {
            *app.closing.lock().unwrap_or_else(|p| p.into_inner()) = Some(c);
            Redirect::to("/console/close").into_response()
        }
        Err(e) => refused(&ctx, &e),
    }
}

/// Sends the signed protocol, then the record, to the CEC; shows both answers.
pub async fn send(State(app): State<Arc<StationApp>>, ctx: Ctx) -> Response {
    let Some(central) = app.central.clone() else {
        return refused(&ctx, &ctx.t("no-central"));
    };
    let Some((protocol, ballots, tally)) = app
        .closing
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
        .map(|c| {
            (
                c.protocol.to_json().into_bytes(),
                c.ballots_jsonl.clone(),
                c.tally_json.clone(),
            )
        })
    else {
        return refused(&ctx, &ctx.t("close-sign-first"));
    };
    let signature = {
        let (b, t) = (ballots.clone(), tally.clone());
        match app
            .with(move |s| s.record_upload_signature(&b, &t).map_err(|e| e.to_string()))
            .await
            .and_then(|r| r)
        {
            Ok(sig) => sig,
            Err(e) => return refused(&ctx, &e),
        }
    };
    let record = json!({
        "ballots": String::from_utf8_lossy(&ballots),
        "tally": String::from_utf8_lossy(&tally),
        "signature": sailau_group::to_hex(&signature),
    })
    .to_string()
    .into_bytes();
    let mut answers = Vec::new();
    for (what, upload) in [
        ("protocol", Upload::Protocol(protocol)),
        ("record", Upload::Record(record)),
    ] {
        let answer = central.send(&app.precinct, upload).await;
        let ok = matches!(answer, Ok((200..=201, _)));
        answers.push((
            what,
            ok,
            answer.map_or_else(|e| e, |(s, b)| format!("{s} {b}")),
        ));
        if !ok {
            break;
        }
    }
    // What the desk honoured while the line was down goes now, marked offline.
    let left = app.sync_certificates().await;
    answers.push((
        "certificates",
        left == Ok(0),
        match left {
            Ok(0) => ctx.t("certificates-all-answered"),
            Ok(n) => ctx.tr("certificates-left", &[("n", n.into())]),
            Err(e) => e,
        },
    ));
    let all = answers.iter().all(|(_, ok, _)| *ok);
    let body = html! {
        (menu(&ctx, "/console/close"))
        @if all { p.passed.big role="status" { "✓ " (ctx.t("close-sent")) } } @else { p.error role="alert" { (ctx.t("close-not-sent")) } }
        dl.facts { @for (what, _, answer) in &answers {
            dt { (what) } dd { code { (answer) } }
        } }
        p { a href="/console/close" { (ctx.t("go-back")) } }
    };
    let mut r = console_page(&ctx, &app, ctx.t("close-send"), body);
    if !all {
        *r.status_mut() = StatusCode::BAD_GATEWAY;
    }
    r
}

/// The closed station's files: `protocol.json`, `ballots.jsonl`, `tally.json`.
pub async fn file(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Path(name): Path<String>,
) -> Response {
    let guard = app.closing.lock().unwrap_or_else(|p| p.into_inner());
    let Some(c) = guard.as_ref() else {
        return refused(&ctx, &ctx.t("close-sign-first"));
    };
    let (kind, bytes) = match name.as_str() {
        "protocol.json" => ("application/json", c.protocol.to_json().into_bytes()),
        "ballots.jsonl" => ("application/jsonl", c.ballots_jsonl.clone()),
        "tally.json" => ("application/json", c.tally_json.clone()),
        _ => return (StatusCode::NOT_FOUND, "no such file").into_response(),
    };
    ([(header::CONTENT_TYPE, kind)], bytes).into_response()
}

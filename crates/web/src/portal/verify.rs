//! Verification for everyone: where the record's checks stand, how to download the record
//! and check it with one command, what has been flagged, and "check my ballot": a voter's
//! confirmation code looked up on the bulletin board.

use super::units::verification_words;
use super::{blocking, failed, no_election};
use crate::layout::{Page, Section};
use crate::prefs::Ctx;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use sailau_server::records::{self, BoardEntry, Verification};
use sailau_server::Service;
use serde::Deserialize;
use std::sync::Arc;

/// The address this page was asked for, to print commands that work from the reader's
/// machine. Only a plain host[:port] is echoed.
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
        })
        .unwrap_or("127.0.0.1:8080");
    format!("http://{host}")
}

fn code_form(ctx: &Ctx, value: &str) -> Markup {
    html! {
        form.check-code method="get" action="/verify/ballot" role="search" {
            label for="code" { (ctx.t("code-label")) }
            p.hint #code-hint { (ctx.t("code-hint")) }
            div.row {
                input #code name="code" type="text" value=(value) autocomplete="off" spellcheck="false"
                    autocapitalize="characters" inputmode="text" maxlength="40" aria-describedby="code-hint" required;
                button type="submit" { (ctx.t("code-check")) }
            }
        }
    }
}

pub async fn page(State(s): State<Arc<Service>>, ctx: Ctx, headers: HeaderMap) -> Response {
    let Ok(e) = s.election() else {
        return no_election(&ctx);
    };
    let state = blocking(&s, |s| {
        s.db.transaction(|tx| {
            let statuses = records::statuses(tx)?;
            let flags = sailau_server::audit::flags(tx)?;
            let head = tx
                .query_one("SELECT seq, head FROM chains WHERE name = 'board'", &[])?
                .map(|r| Ok::<_, sailau_server::db::DbError>((r[0].int()?, r[1].text()?)))
                .transpose()?;
            Ok::<_, sailau_server::error::ApiError>((statuses, flags, head))
        })
    })
    .await;
    let (statuses, flags, head) = match state {
        Ok(x) => x,
        Err(err) => return failed(&ctx, err),
    };
    let count = |f: fn(&Verification) -> bool| statuses.values().filter(|v| f(v)).count();
    let passed = count(|v| matches!(v, Verification::Passed(_)));
    let failed_n = count(|v| matches!(v, Verification::Failed(_)));
    let pending = count(|v| matches!(v, Verification::Pending));
    let total = e.def.precincts.len();
    let url = origin(&headers);
    let failures: Vec<&String> = e
        .def
        .precincts
        .iter()
        .map(|p| &p.id)
        .filter(|p| matches!(statuses.get(*p), Some(Verification::Failed(_))))
        .collect();
    let body = html! {
        section aria-labelledby="mine-h" {
            h2 #mine-h { (ctx.t("check-my-ballot")) }
            p { (ctx.t("check-my-ballot-intro")) }
            (code_form(&ctx, ""))
        }
        section #record-status .live aria-labelledby="status-h" {
            h2 #status-h { (ctx.t("record-title")) }
            dl.facts {
                dt { (ctx.t("record-passed")) } dd { (passed) " / " (total) }
                dt { (ctx.t("record-failed")) } dd { (failed_n) }
                dt { (ctx.t("record-pending")) } dd { (pending) }
                dt { (ctx.t("record-none")) } dd { (total - statuses.len().min(total)) }
                dt { (ctx.t("definition-digest")) } dd { code { (e.def.digest()) } }
                @if let Some((seq, chain)) = &head {
                    dt { (ctx.t("board-length")) } dd { (ctx.count(*seq as u64)) }
                    dt { (ctx.t("board-head")) } dd { code { (chain) } }
                }
            }
            @if !failures.is_empty() {
                h3 { (ctx.t("record-failures")) }
                ul { @for p in &failures { li { a href={ "/precincts/" (p) } { (p) } } } }
            }
        }
        section aria-labelledby="how-h" {
            h2 #how-h { (ctx.t("how-to-verify")) }
            p { (ctx.t("how-to-verify-intro")) }
            pre.command { code { "sailau mirror " (url) " election-copy --once" } }
            p { (ctx.t("how-to-verify-manual")) }
            pre.command { code { "curl -o record.tar " (url) "/api/record\nmkdir record && tar -xf record.tar -C record\nsailau verify record/" (e.id()) } }
            p { a href="/api/record" download { (ctx.t("download-record")) } }
            p { a href="/paper-audit" { (ctx.t("paper-audit-link")) } }
        }
        section aria-labelledby="flags-h" {
            h2 #flags-h { (ctx.t("flags-title")) }
            @if flags.is_empty() {
                p { (ctx.t("flags-none")) }
            } @else {
                table.results {
                    thead { tr {
                        th scope="col" { (ctx.t("col-unit")) }
                        th scope="col" { (ctx.t("col-flag")) }
                        th scope="col" { (ctx.t("col-detail")) }
                    } }
                    tbody { @for f in &flags {
                        tr {
                            th scope="row" { (f.unit) }
                            td { (f.kind) }
                            td { (f.message) }
                        }
                    } }
                }
            }
        }
    };
    Page {
        ctx: &ctx,
        section: Section::Verify,
        title: ctx.t("verify-title"),
        election: Some(e.def.election.name.get(ctx.lang).to_string()),
        body,
    }
    .render()
    .into_response()
}

#[derive(Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

pub async fn ballot(
    State(s): State<Arc<Service>>,
    ctx: Ctx,
    Query(q): Query<CodeQuery>,
) -> Response {
    let Ok(e) = s.election() else {
        return no_election(&ctx);
    };
    let code = q.code.trim().to_string();
    let wellformed = sailau_crypto::parse_display_code(&code).is_some()
        || (code.len() == 64 && code.bytes().all(|b| b.is_ascii_hexdigit()));
    let found = if wellformed {
        let c = code.to_ascii_lowercase();
        let c = if c.len() == 64 { c } else { code.clone() };
        let lookup = blocking(&s, move |s| {
            s.db.transaction(|tx| {
                let entries = records::board_by_code(tx, &c)?;
                let statuses = records::statuses(tx)?;
                Ok::<_, sailau_server::error::ApiError>((entries, statuses))
            })
        })
        .await;
        match lookup {
            Ok(x) => Some(x),
            Err(err) => return failed(&ctx, err),
        }
    } else {
        None
    };
    let reported = found.as_ref().map_or(0, |(_, st)| st.len());
    let body = html! {
        (code_form(&ctx, &code))
        section #answer aria-live="polite" {
            @match &found {
                None => p.error role="alert" { (ctx.t("code-malformed")) },
                Some((entries, _)) if entries.is_empty() => div.not-found role="status" {
                    p { strong { (ctx.t("code-not-found")) } }
                    p { (ctx.tr("code-not-found-why", &[("reported", reported.into()), ("total", e.def.precincts.len().into())])) }
                },
                Some((entries, statuses)) => div.found role="status" {
                    @for entry in entries {
                        (found_entry(&ctx, &e, entry, statuses.get(&entry.precinct)))
                    }
                },
            }
        }
    };
    Page {
        ctx: &ctx,
        section: Section::Verify,
        title: ctx.t("check-my-ballot"),
        election: Some(e.def.election.name.get(ctx.lang).to_string()),
        body,
    }
    .render()
    .into_response()
}

fn found_entry(
    ctx: &Ctx,
    e: &sailau_server::election::Election,
    entry: &BoardEntry,
    status: Option<&Verification>,
) -> Markup {
    let state = serde_json::from_str::<serde_json::Value>(&entry.line)
        .ok()
        .and_then(|v| v["state"].as_str().map(String::from))
        .unwrap_or_default();
    let number = e.def.precinct(&entry.precinct).map_or(0, |p| p.number);
    html! {
        p { strong { (ctx.t("code-found")) } }
        dl.facts {
            dt { (ctx.t("code-precinct")) }
            dd { a href={ "/precincts/" (entry.precinct) } { (ctx.tr("precinct-number", &[("number", u64::from(number).into())])) } }
            dt { (ctx.t("code-state")) }
            dd { @if state == "challenged" { (ctx.t("code-challenged")) } @else { (ctx.t("code-cast")) } }
            dt { (ctx.t("code-position")) } dd { (ctx.count(entry.seq as u64)) }
            dt { (ctx.t("code-full")) } dd { code { (entry.code) } }
            dt { (ctx.t("code-chain")) } dd { code { (entry.chain) } }
            dt { (ctx.t("record-status")) } dd { (verification_words(ctx, status)) }
        }
    }
}

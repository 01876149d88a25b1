//! `/paper-audit`: the audit of the paper count as the CEC publishes it (docs/audit.md): its
//! seed and risk limit, each contest's certified outcome and where its audit stands, the
//! sample to count, each counted precinct's hand count against its protocol, and each
//! assertion's risk. Everything here is what `GET /api/paper-audit` publishes.

use crate::layout::{Page, Section};
use crate::prefs::Ctx;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use sailau_audit::{ContestAssessment, ContestPlan, Status};
use sailau_server::Service;
use std::sync::Arc;

fn status(ctx: &Ctx, s: Status) -> String {
    match s {
        Status::Confirmed => ctx.t("paper-audit-status-confirmed"),
        Status::CountMore => ctx.t("paper-audit-status-count-more"),
        Status::FullCount => ctx.t("paper-audit-status-full-count"),
        Status::ConfirmedByFullCount => ctx.t("paper-audit-status-confirmed-by-full-count"),
        Status::Overturned => ctx.t("paper-audit-status-overturned"),
    }
}

fn precincts(list: &[String]) -> Markup {
    html! {
        ul.inline {
            @for p in list {
                li { a href={ "/precincts/" (p) } { (p) } }
            }
        }
    }
}

fn contest(ctx: &Ctx, c: &ContestPlan, a: Option<&ContestAssessment>) -> Markup {
    let h = format!("audit-{}", c.contest);
    html! {
        section aria-labelledby=(h) {
            h3 id=(h) { (c.contest) }
            p { (ctx.t("paper-audit-outcome")) ": " (c.outcome) }
            p {
                (ctx.t("paper-audit-expected")) ": "
                @match c.expected_draws {
                    Some(n) => { (ctx.tr("paper-audit-draws-precincts", &[
                        ("draws", n.into()),
                        ("precincts", c.first_round.precincts.len().into()),
                    ])) }
                    None => { (ctx.t("paper-audit-full")) }
                }
            }
            @if let Some(a) = a {
                p.status { strong { (status(ctx, a.status)) } " "
                    (ctx.tr("paper-audit-measured", &[("draws", a.draws.into())])) }
                @if let Some(next) = &a.next {
                    p { (ctx.t("paper-audit-next")) }
                    (precincts(&next.precincts))
                }
                table {
                    caption { (ctx.t("paper-audit-assertions")) }
                    thead { tr {
                        th scope="col" { (ctx.t("paper-audit-assertion")) }
                        th scope="col" { (ctx.t("paper-audit-margin")) }
                        th scope="col" { (ctx.t("paper-audit-risk")) }
                    } }
                    tbody {
                        @for r in &a.assertions {
                            tr {
                                td { (r.claim) }
                                td.num { (r.margin) }
                                td.num { (r.risk) }
                            }
                        }
                    }
                }
                @if !a.compared.is_empty() {
                    table {
                        caption { (ctx.t("paper-audit-compared")) }
                        thead { tr {
                            th scope="col" { (ctx.t("paper-audit-precinct")) }
                            th scope="col" { (ctx.t("paper-audit-protocol")) }
                            th scope="col" { (ctx.t("paper-audit-hand")) }
                            th scope="col" { (ctx.t("paper-audit-differs")) }
                        } }
                        tbody {
                            @for x in &a.compared {
                                tr {
                                    td { a href={ "/precincts/" (x.precinct) } { (x.precinct) } }
                                    td.num { (join(&x.protocol)) }
                                    td.num { (join(&x.hand)) }
                                    td { @if x.protocol != x.hand { strong { (ctx.t("paper-audit-yes")) } } @else { (ctx.t("paper-audit-no")) } }
                                }
                            }
                        }
                    }
                }
            } @else {
                p { (ctx.t("paper-audit-first")) }
                (precincts(&c.first_round.precincts))
            }
        }
    }
}

fn join(xs: &[u64]) -> String {
    xs.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(" · ")
}

/// `/paper-audit`.
pub async fn page(State(s): State<Arc<Service>>, ctx: Ctx) -> Response {
    let read = super::blocking(&s, sailau_server::paper_audit::published).await;
    let published = match read {
        Ok(x) => x,
        Err(e) => return super::failed(&ctx, e),
    };
    let election = s
        .election()
        .ok()
        .map(|e| e.def.election.name.get(ctx.lang).to_string());
    let body = match &published {
        None => html! { p { (ctx.t("paper-audit-none")) } },
        Some(p) => html! {
            p { (ctx.t("paper-audit-about")) }
            dl {
                dt { (ctx.t("paper-audit-seed")) } dd { code { (p.plan.seed) } }
                dt { (ctx.t("paper-audit-risk-limit")) } dd { (p.plan.risk_limit) }
                dt { (ctx.t("paper-audit-counted")) } dd { (p.counted) }
            }
            @for c in &p.plan.contests {
                (contest(&ctx, c, p.assessment.as_ref().and_then(|a| a.contests.iter().find(|x| x.contest == c.contest))))
            }
            @if !p.plan.unaudited.is_empty() {
                h3 { (ctx.t("paper-audit-unaudited")) }
                ul { @for u in &p.plan.unaudited { li { (u.contest) ": " (u.why) } } }
            }
        },
    };
    Page {
        ctx: &ctx,
        section: Section::Verify,
        title: ctx.t("paper-audit-title"),
        election,
        body,
    }
    .render()
    .into_response()
}

//! The observers present: the accredited of this precinct, from the registry's ledger the
//! station was started with (`sailau station serve --registry`), and the arrivals the
//! commission records. Each one present is owed a signed copy of the protocol at the close,
//! which they check offline with `sailau protocol check` (docs/registry.md, "Observers").

use super::{console::menu, console_page, refused, StationApp};
use crate::prefs::Ctx;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::html;
use sailau_registry::act::{Accreditation, ObserverKind};
use serde::Deserialize;
use std::sync::Arc;

/// For whom an accredited person observes, as the station's database keeps it (in English,
/// whatever the console's language).
pub(crate) fn role(a: &Accreditation) -> String {
    match &a.kind {
        ObserverKind::Party { party } => format!("party {party}"),
        ObserverKind::Ngo { organisation } => format!("ngo {organisation}"),
        ObserverKind::Proxy { candidate } => format!("proxy of {candidate}"),
        ObserverKind::Media { outlet, .. } => format!("media {outlet}"),
        ObserverKind::International { mission, country } => {
            format!("mission {mission} ({country})")
        }
    }
}

/// For whom, in the reader's language: the kind, then the party, organisation, candidate,
/// outlet or mission as the registry names it.
fn for_whom(ctx: &Ctx, a: &Accreditation) -> String {
    let (kind, who) = match &a.kind {
        ObserverKind::Party { party } => (ctx.t("observers-kind-party"), party.clone()),
        ObserverKind::Ngo { organisation } => (ctx.t("observers-kind-ngo"), organisation.clone()),
        ObserverKind::Proxy { candidate } => (ctx.t("observers-kind-proxy"), candidate.clone()),
        ObserverKind::Media { outlet, .. } => (ctx.t("observers-kind-media"), outlet.clone()),
        ObserverKind::International { mission, country } => (
            ctx.t("observers-kind-international"),
            format!("{mission} ({country})"),
        ),
    };
    format!("{kind}: {who}")
}

pub async fn page(State(app): State<Arc<StationApp>>, ctx: Ctx) -> Response {
    let precinct = app.precinct.clone();
    let found = app
        .with(move |s| {
            let offset = s.definition().precinct(&precinct).map(|p| p.utc_offset);
            s.observers_present()
                .map(|p| (p, offset))
                .map_err(|e| e.to_string())
        })
        .await
        .and_then(|r| r);
    let (present, offset) = match found {
        Ok(x) => x,
        Err(e) => return refused(&ctx, &e),
    };
    let clock = |m: sailau_law::election_day::Moment| {
        offset.and_then(|o| m.to_local(o)).map_or_else(
            || m.to_string(),
            |(_, s)| format!("{:02}:{:02}", s / 3600, s / 60 % 60),
        )
    };
    let accredited = app.accredited();
    let body = html! {
        (menu(&ctx, "/console/observers"))
        p { (ctx.t("observers-intro")) }
        @if accredited.is_empty() {
            p { (ctx.t("observers-none")) }
        } @else {
            table.results {
                caption { (ctx.t("observers-title")) }
                thead { tr {
                    th scope="col" { (ctx.t("observers-number")) }
                    th scope="col" { (ctx.t("col-name")) }
                    th scope="col" { (ctx.t("observers-for")) }
                    th scope="col" { (ctx.t("observers-present")) }
                } }
                tbody { @for a in &accredited {
                    tr {
                        td { (a.id) }
                        th scope="row" { (a.name) }
                        td { (for_whom(&ctx, a)) }
                        td {
                            @if let Some(p) = present.iter().find(|p| p.number == a.id) {
                                (ctx.t("observers-since")) " " (clock(p.arrived))
                            } @else {
                                form.inline method="post" action="/console/observers/arrive" {
                                    input type="hidden" name="number" value=(a.id);
                                    button type="submit" { (ctx.t("observers-arrived")) }
                                }
                            }
                        }
                    }
                } }
            }
        }
        p { (ctx.t("observers-copy")) }
        pre { code { "sailau protocol check protocol.json --definition definition.json --stations stations.json" } }
    };
    console_page(&ctx, &app, ctx.t("observers-title"), body)
}

#[derive(Deserialize)]
pub struct ArriveForm {
    number: String,
}

pub async fn arrive(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Form(f): Form<ArriveForm>,
) -> Response {
    let Some(a) = app.accredited().into_iter().find(|a| a.id == f.number) else {
        return refused(
            &ctx,
            &format!("{:?}: {}", f.number, ctx.t("observers-not-accredited")),
        );
    };
    let now = app.now();
    let role = role(&a);
    match app
        .with(move |s| {
            s.observer_arrived(&a.id, &a.name, &role, now)
                .map_err(|e| e.to_string())
        })
        .await
        .and_then(|r| r)
    {
        Ok(()) => Redirect::to("/console/observers").into_response(),
        Err(e) => refused(&ctx, &e),
    }
}

//! The paper count, entered by two members independently (`sailau_station::paper`): the
//! count is taken only when two entries agree in every figure, and while a member types,
//! the control relations are checked against the desk's own figures (the list, the paper
//! received, the ballots issued) by the station, the same code the protocol is checked by.

use super::console::menu;
use super::{console_page, refused, StationApp};
use crate::prefs::Ctx;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::{html, Markup};
use sailau_protocol::Broken;
use sailau_station::paper::{Agreement, PaperEntry};
use std::collections::HashMap;
use std::sync::Arc;

/// The paper figures of the form, in the order of the form.
const FIELDS: [&str; 5] = [
    "spoiled",
    "unused",
    "found_station",
    "found_mobile",
    "invalid",
];

fn field_label(ctx: &Ctx, field: &str) -> String {
    match field {
        "spoiled" => ctx.t("count-spoiled"),
        "unused" => ctx.t("count-unused"),
        "found_station" => ctx.t("count-found-station"),
        "found_mobile" => ctx.t("count-found-mobile"),
        _ => ctx.t("count-invalid"),
    }
}

/// A broken relation in the reader's language, with its figures.
pub fn relation(ctx: &Ctx, b: &Broken) -> String {
    let n = |x: u64| ctx.count(x);
    let w = |x: u128| ctx.count(u64::try_from(x).unwrap_or(u64::MAX));
    match b {
        Broken::PaperAccounted {
            received,
            issued_station,
            issued_mobile,
            spoiled,
            unused,
        } => ctx.tr(
            "relation-paper-accounted",
            &[
                ("received", n(*received).as_str().into()),
                ("station", n(*issued_station).as_str().into()),
                ("mobile", n(*issued_mobile).as_str().into()),
                ("spoiled", n(*spoiled).as_str().into()),
                ("unused", n(*unused).as_str().into()),
            ],
        ),
        Broken::FoundStation { found, issued } => ctx.tr(
            "relation-found-station",
            &[
                ("found", n(*found).as_str().into()),
                ("issued", n(*issued).as_str().into()),
            ],
        ),
        Broken::FoundMobile { found, issued } => ctx.tr(
            "relation-found-mobile",
            &[
                ("found", n(*found).as_str().into()),
                ("issued", n(*issued).as_str().into()),
            ],
        ),
        Broken::PaperVotes {
            votes,
            invalid,
            found,
        } => ctx.tr(
            "relation-paper-votes",
            &[
                ("votes", w(*votes).as_str().into()),
                ("invalid", n(*invalid).as_str().into()),
                ("found", w(*found).as_str().into()),
            ],
        ),
        Broken::CastIssued { cast, issued } => ctx.tr(
            "relation-cast-issued",
            &[
                ("cast", n(*cast).as_str().into()),
                ("issued", n(*issued).as_str().into()),
            ],
        ),
        Broken::ElectronicVotes { votes, blank, cast } => ctx.tr(
            "relation-electronic-votes",
            &[
                ("votes", w(*votes).as_str().into()),
                ("blank", n(*blank).as_str().into()),
                ("cast", n(*cast).as_str().into()),
            ],
        ),
        Broken::IssuedList { issued, registered } => ctx.tr(
            "relation-issued-list",
            &[
                ("issued", w(*issued).as_str().into()),
                ("registered", n(*registered).as_str().into()),
            ],
        ),
    }
}

/// Reads a member's entry from the form: every figure a whole number.
fn entry_of(form: &HashMap<String, String>, options: usize) -> Result<PaperEntry, String> {
    let get = |k: &str| -> Result<u64, String> {
        let v = form.get(k).map(|v| v.trim()).unwrap_or("");
        if v.is_empty() {
            return Ok(0);
        }
        v.parse().map_err(|_| v.to_string())
    };
    Ok(PaperEntry {
        spoiled: get("spoiled")?,
        unused: get("unused")?,
        found_station: get("found_station")?,
        found_mobile: get("found_mobile")?,
        invalid: get("invalid")?,
        votes: (0..options)
            .map(|i| get(&format!("v{i}")))
            .collect::<Result<_, _>>()?,
    })
}

/// The relations a paper count can check, as a fragment of the page.
fn checks(ctx: &Ctx, broken: &[Broken]) -> Markup {
    let paper: Vec<&Broken> = broken.iter().filter(|b| b.is_paper()).collect();
    html! {
        @if paper.is_empty() {
            p.passed { "✓ " (ctx.t("count-relations-hold")) }
        } @else {
            ul.failed { @for b in paper { li { (relation(ctx, b)) } } }
        }
    }
}

struct Contest {
    id: String,
    name: String,
    options: Vec<String>,
    agreement: Agreement,
}

pub async fn page(State(app): State<Arc<StationApp>>, ctx: Ctx) -> Response {
    let lang = ctx.lang;
    let contests = app
        .with(move |s| {
            s.style_contests()
                .into_iter()
                .map(|id| {
                    let c = s.definition().contest(&id).expect("a style's contest");
                    Ok(Contest {
                        name: c.name.get(lang).to_string(),
                        options: s.definition().option_labels(c, lang),
                        agreement: s.paper_agreement(&id).map_err(|e| e.to_string())?,
                        id,
                    })
                })
                .collect::<Result<Vec<_>, String>>()
        })
        .await
        .and_then(|r| r);
    let contests = match contests {
        Ok(c) => c,
        Err(e) => return refused(&ctx, &e),
    };
    let body = html! {
        (menu(&ctx, "/console/count"))
        p { (ctx.t("count-intro")) }
        @for c in &contests {
            section.count aria-labelledby={ "h-" (c.id) } {
                h2 id={ "h-" (c.id) } { (c.name) }
                div id={ "agreement-" (c.id) } role="status" {
                    @match &c.agreement {
                        Agreement::Waiting { entries } => p { (ctx.tr("count-waiting", &[("entries", (*entries).into())])) },
                        Agreement::Agreed(_) => p.passed { "✓ " (ctx.t("count-agreed")) },
                        Agreement::Differ(fields) => div.failed {
                            p { (ctx.t("count-differ")) }
                            ul { @for f in fields { li { (f) } } }
                        },
                    }
                }
                form method="post" action={ "/console/count/" (c.id) }
                    data-check={ "/console/count/" (c.id) "/check" } data-check-into={ "check-" (c.id) } {
                    div.field {
                        label for={ "member-" (c.id) } { (ctx.t("count-member")) }
                        input id={ "member-" (c.id) } name="member" type="text" autocomplete="name" required;
                    }
                    fieldset {
                        legend { (ctx.t("count-ballots")) }
                        @for f in FIELDS {
                            div.field {
                                label for={ (f) "-" (c.id) } { (field_label(&ctx, f)) }
                                input id={ (f) "-" (c.id) } name=(f) type="number" min="0" step="1" inputmode="numeric" required;
                            }
                        }
                    }
                    fieldset {
                        legend { (ctx.t("count-votes")) }
                        @for (i, label) in c.options.iter().enumerate() {
                            div.field {
                                label for={ "v" (i) "-" (c.id) } { (label) }
                                input id={ "v" (i) "-" (c.id) } name={ "v" (i) } type="number" min="0" step="1" inputmode="numeric" required;
                            }
                        }
                    }
                    div id={ "check-" (c.id) } aria-live="polite" {}
                    button type="submit" { (ctx.t("count-enter")) }
                }
            }
        }
    };
    console_page(&ctx, &app, ctx.t("count-title"), body)
}

/// `POST /console/count/{contest}/check`: the relations of this entry, as a fragment.
pub async fn check(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Path(contest): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let result = app
        .with(move |s| {
            let c = s
                .definition()
                .contest(&contest)
                .ok_or_else(|| format!("no contest {contest}"))?;
            let options = s.definition().option_ids(c).len();
            let entry = entry_of(&form, options).map_err(|v| format!("not a count: {v}"))?;
            s.paper_count(&contest, &entry)
                .map(|c| c.broken())
                .map_err(|e| e.to_string())
        })
        .await
        .and_then(|r| r);
    match result {
        Ok(broken) => checks(&ctx, &broken).into_response(),
        Err(e) => html! { p.error { (e) } }.into_response(),
    }
}

/// `POST /console/count/{contest}`: a member's entry; refused with the relations it breaks.
pub async fn enter(
    State(app): State<Arc<StationApp>>,
    ctx: Ctx,
    Path(contest): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let member = form.get("member").cloned().unwrap_or_default();
    let result = app
        .with(move |s| {
            let c = s
                .definition()
                .contest(&contest)
                .ok_or_else(|| format!("no contest {contest}"))?;
            let options = s.definition().option_ids(c).len();
            let entry = entry_of(&form, options).map_err(|v| format!("not a count: {v}"))?;
            let broken: Vec<Broken> = s
                .paper_count(&contest, &entry)
                .map_err(|e| e.to_string())?
                .broken()
                .into_iter()
                .filter(Broken::is_paper)
                .collect();
            if !broken.is_empty() {
                return Ok(Err(broken));
            }
            s.enter_paper(&member, &contest, &entry)
                .map_err(|e| e.to_string())?;
            Ok(Ok(()))
        })
        .await
        .and_then(|r| r);
    match result {
        Ok(Ok(())) => Redirect::to("/console/count").into_response(),
        Ok(Err(broken)) => {
            let body = html! {
                (menu(&ctx, "/console/count"))
                p.error role="alert" { (ctx.t("count-refused")) }
                (checks(&ctx, &broken))
                p { a href="/console/count" { (ctx.t("go-back")) } }
            };
            console_page(&ctx, &app, ctx.t("count-title"), body)
        }
        Err(e) => refused(&ctx, &e),
    }
}

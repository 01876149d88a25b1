//! The national page: where the count stands, turnout through the day and by region, each
//! body's results, and what happens next.

use super::results::{chamber, contest_table, outcome, winners_table};
use super::{blocking, failed, no_election};
use crate::charts::{self, hundredths, Tile};
use crate::layout::{Page, Section};
use crate::prefs::Ctx;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use sailau_definition::{Body, Checked};
use sailau_law::election_day::{date_from_days, days_since_epoch, RESULTS_WITHIN_DAYS};
use sailau_law::{ContestKind, Decision, Outcome};
use sailau_record::BodyResults;
use sailau_server::election::Election;
use sailau_server::Service;
use serde_json::Value;
use std::sync::Arc;

/// At most this many renderings of the national page are kept; past it, all are dropped.
const CACHED: usize = 64;

/// The national page: the page everyone opens on election night, and reloads every half
/// minute. It is rendered once per state of the election and reader's choices, and served
/// from memory until a protocol, a signature or a turnout figure arrives or an hour is
/// published.
pub async fn page(State(s): State<Arc<Service>>, ctx: Ctx) -> Response {
    let key = format!(
        "national {} {} {} {}",
        ctx.here,
        ctx.lang.tag(),
        ctx.size,
        ctx.contrast
    );
    let state = s.state();
    if let Some((seen, bytes)) = s.pages.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        if *seen == state {
            return html_bytes(bytes.clone());
        }
    }
    let r = render(&s, &ctx).await;
    if r.status() != axum::http::StatusCode::OK {
        return r;
    }
    let Ok(bytes) = axum::body::to_bytes(r.into_body(), usize::MAX).await else {
        return failed(
            &ctx,
            sailau_server::error::ApiError::Internal("a page".into()),
        );
    };
    let mut pages = s.pages.lock().unwrap_or_else(|p| p.into_inner());
    if pages.len() >= CACHED {
        pages.clear();
    }
    pages.insert(key, (state, bytes.clone()));
    html_bytes(bytes)
}

fn html_bytes(bytes: axum::body::Bytes) -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
        bytes,
    )
        .into_response()
}

async fn render(s: &Arc<Service>, ctx: &Ctx) -> Response {
    let (s, ctx) = (s.clone(), ctx.clone());
    let Ok(e) = s.election() else {
        return no_election(&ctx);
    };
    let turnout = {
        let e = e.clone();
        blocking(&s, move |s| {
            let now = s.clock.now();
            s.db.transaction(|tx| Ok(sailau_server::turnout::published(tx, &e, now)?))
        })
        .await
    };
    let turnout = match turnout {
        Ok(t) => t,
        Err(err) => return failed(&ctx, err),
    };
    let (sum, signed) =
        s.with_accepted(|a| (a.summary(&e, "national"), a.signed.get("national").cloned()));
    let (national, reported, total) = match sum {
        Some(Ok(x)) => x,
        Some(Err(err)) => {
            return failed(
                &ctx,
                sailau_server::error::ApiError::Internal(err.to_string()),
            )
        }
        None => unreachable!("the nation is always a unit"),
    };
    let mut bodies = Vec::new();
    let mut refused = Vec::new();
    if reported > 0 {
        let region = |u: &str| s.with_accepted(|a| a.summary(&e, u)?.ok().map(|(p, ..)| p));
        for &body in &e.def.election.bodies {
            match BodyResults::of(&e.def, &national, body, &region) {
                Ok(results) => {
                    let decided = results.decide();
                    refused.extend(decided.refused);
                    bodies.push((
                        body,
                        decided
                            .decisions
                            .into_iter()
                            .map(|(_, d)| d)
                            .collect::<Vec<_>>(),
                    ));
                }
                Err(err) => refused.push(err.to_string()),
            }
        }
    }
    // Who sits, where the service's registry is this election's and has seated deputies.
    let seated = {
        let (reader, id) = (ctx.clone(), e.def.election.id.clone());
        let bodies: Vec<Body> = bodies.iter().map(|(b, _)| *b).collect();
        blocking(&s, move |s| {
            let r = s.registry.lock().unwrap_or_else(|p| p.into_inner());
            let ours = r.state().election().is_ok_and(|c| c.election == id);
            Ok(bodies
                .into_iter()
                .map(|b| {
                    let groups = if ours {
                        super::register::seated(&reader, &r, Some(b))
                    } else {
                        Vec::new()
                    };
                    (b, groups)
                })
                .collect::<Vec<_>>())
        })
        .await
        .unwrap_or_default()
    };
    let status = status(&ctx, &e, reported, total, signed.as_ref());
    let body = html! {
        section #status .live aria-live="polite" {
            (status)
        }
        (turnout_section(&ctx, &e, &turnout))
        @for (body, decided) in &bodies {
            (body_section(&ctx, &e.def, *body, decided, seated.iter().find(|(b, _)| b == body).map(|(_, g)| g.as_slice()).unwrap_or(&[])))
        }
        @if !refused.is_empty() {
            section.refused {
                h2 { (ctx.t("refused-title")) }
                ul { @for r in &refused { li { (r) } } }
            }
        }
        (next_section(&ctx, &e, &bodies, reported, total, signed.is_some()))
    };
    Page {
        ctx: &ctx,
        section: Section::Results,
        title: ctx.t("national-title"),
        election: Some(e.def.election.name.get(ctx.lang).to_string()),
        body,
    }
    .render()
    .into_response()
}

fn status(
    ctx: &Ctx,
    e: &Election,
    reported: usize,
    total: usize,
    signed: Option<&(String, i64)>,
) -> Markup {
    let date = crate::i18n::date(ctx.lang, e.def.election.date);
    html! {
        p.date { (date) }
        @match (signed, reported) {
            (Some((by, at)), _) => p.status.final {
                strong { (ctx.t("status-final")) } " "
                (ctx.tr("status-signed", &[("by", by.into()), ("at", sailau_law::election_day::Moment(*at).to_string().as_str().into())]))
            },
            (None, 0) => p.status { (ctx.t("status-none")) },
            (None, r) if r == total => p.status { strong { (ctx.t("status-complete")) } " " (ctx.t("status-awaiting-cec")) },
            (None, r) => p.status {
                strong { (ctx.t("status-preliminary")) } " "
                (ctx.tr("status-reported", &[("reported", r.into()), ("total", total.into())]))
            },
        }
        p { progress max=(total) value=(reported) aria-label=(ctx.t("status-progress")) { (reported) " / " (total) } }
    }
}

/// Turnout: the latest published hour, the day's curve, and each region, as a table and as
/// tiles.
fn turnout_section(ctx: &Ctx, e: &Election, t: &Value) -> Markup {
    let hours: Vec<&Value> = t["hours"]
        .as_array()
        .map(|h| h.iter().collect())
        .unwrap_or_default();
    let published: Vec<&&Value> = hours.iter().filter(|h| h["published"] == true).collect();
    let latest = published.last();
    let points: Vec<(u8, Option<(u64, String)>)> = hours
        .iter()
        .map(|h| {
            let share = (h["published"] == true)
                .then(|| {
                    h["national"]["percent"]
                        .as_str()
                        .map(|p| (hundredths(p), ctx.percent(p)))
                })
                .flatten();
            (h["hour"].as_u64().unwrap_or(0) as u8, share)
        })
        .collect();
    html! {
        section #turnout .live aria-labelledby="turnout-h" {
            h2 #turnout-h { (ctx.t("turnout-title")) }
            @match latest {
                None => p { (ctx.t("turnout-none")) },
                Some(h) => {
                    @let n = &h["national"];
                    p.big {
                        (ctx.tr("turnout-at", &[
                            ("hour", format!("{:02}:00", h["hour"].as_u64().unwrap_or(0)).as_str().into()),
                            ("percent", ctx.percent(n["percent"].as_str().unwrap_or("0")).as_str().into()),
                        ]))
                    }
                    p { (ctx.tr("turnout-of", &[
                        ("voted", n["voted"].as_u64().unwrap_or(0).into()),
                        ("registered", n["registered"].as_u64().unwrap_or(0).into()),
                        ("reporting", n["reporting"].as_u64().unwrap_or(0).into()),
                        ("precincts", n["precincts"].as_u64().unwrap_or(0).into()),
                    ])) }
                    div.turnout-charts {
                        figure.hours {
                            (charts::turnout_by_hour(&points))
                            figcaption { (ctx.t("turnout-by-hour")) }
                        }
                        (cartogram(ctx, e, &h["regions"]))
                    }
                    (regions_table(ctx, e, &h["regions"]))
                    table.results {
                        caption { (ctx.t("turnout-by-hour")) }
                        thead { tr {
                            th scope="col" { (ctx.t("col-hour")) }
                            th scope="col" class="num" { (ctx.t("col-voted")) }
                            th scope="col" class="num" { (ctx.t("col-share")) }
                        } }
                        tbody { @for h in &published {
                            tr {
                                th scope="row" { (format!("{:02}:00", h["hour"].as_u64().unwrap_or(0))) }
                                td.num { (ctx.count(h["national"]["voted"].as_u64().unwrap_or(0))) }
                                td.num { (ctx.percent(h["national"]["percent"].as_str().unwrap_or("0"))) }
                            }
                        } }
                    }
                }
            }
        }
    }
}

fn region_name(ctx: &Ctx, e: &Election, id: &str) -> String {
    e.def
        .unit(id)
        .map_or_else(|| id.to_string(), |u| u.name.get(ctx.lang).to_string())
}

/// Each region's turnout at the latest hour as tiles (the table below says the same).
fn cartogram(ctx: &Ctx, e: &Election, regions: &Value) -> Markup {
    let Some(map) = regions.as_object() else {
        return html! {};
    };
    let name = |id: &str| region_name(ctx, e, id);
    let tiles: Vec<Tile> = map
        .iter()
        .filter(|(id, _)| {
            e.def
                .unit(id)
                .is_some_and(|u| u.kind != sailau_definition::UnitKind::Abroad)
        })
        .map(|(id, r)| {
            let pct = r["percent"]
                .as_str()
                .filter(|_| r["reporting"].as_u64() > Some(0));
            Tile {
                unit: id.clone(),
                label: name(id),
                value: pct.map(hundredths),
                text: pct.map_or_else(|| "—".into(), |p| ctx.percent(p)),
                href: format!("/units/{id}"),
            }
        })
        .collect();
    let values: Vec<u64> = tiles.iter().filter_map(|t| t.value).collect();
    let low = values.iter().min().copied().unwrap_or(0);
    let high = values.iter().max().copied().unwrap_or(10_000);
    html! {
        figure.regions {
            (charts::cartogram(&tiles, low, high))
            figcaption { (ctx.t("turnout-by-region")) }
        }
    }
}

/// Each region's turnout at the latest hour, for every reader.
fn regions_table(ctx: &Ctx, e: &Election, regions: &Value) -> Markup {
    let Some(map) = regions.as_object() else {
        return html! {};
    };
    let name = |id: &str| region_name(ctx, e, id);
    html! {
        table.results.regions {
            caption { (ctx.t("turnout-by-region")) }
            thead { tr {
                th scope="col" { (ctx.t("col-region")) }
                th scope="col" class="num" { (ctx.t("col-voted")) }
                th scope="col" class="num" { (ctx.t("col-registered")) }
                th scope="col" class="num" { (ctx.t("col-share")) }
            } }
            tbody { @for (id, r) in map {
                tr {
                    th scope="row" { a href={ "/units/" (id) } { (name(id)) } }
                    td.num { (ctx.count(r["voted"].as_u64().unwrap_or(0))) }
                    td.num { (ctx.count(r["registered"].as_u64().unwrap_or(0))) }
                    td.num { (r["percent"].as_str().map_or_else(|| "—".into(), |p| ctx.percent(p))) }
                }
            } }
        }
    }
}

/// One body's results: nationwide contests in full, the chamber, district winners, and the
/// councils with a link each.
fn body_section(
    ctx: &Ctx,
    def: &Checked,
    body: Body,
    decided: &[Decision],
    seated: &[super::register::Seated],
) -> Markup {
    let national: Vec<&Decision> = decided
        .iter()
        .filter(|d| {
            def.contest(&d.contest)
                .is_some_and(|c| c.council.is_none() && c.district.is_none())
        })
        .collect();
    let districts: Vec<&Decision> = decided
        .iter()
        .filter(|d| {
            def.contest(&d.contest)
                .is_some_and(|c| c.council.is_none() && c.district.is_some())
        })
        .collect();
    let mut councils: Vec<&str> = decided
        .iter()
        .filter_map(|d| def.contest(&d.contest).and_then(|c| c.council.as_deref()))
        .collect();
    councils.dedup();
    let list = national
        .iter()
        .find(|d| d.kind == ContestKind::PartyList)
        .copied();
    let all_districts = def
        .contests
        .iter()
        .filter(|c| c.body == body && c.council.is_none() && c.district.is_some())
        .count();
    html! {
        section.body id={ "body-" (body) } aria-labelledby={ "body-" (body) "-h" } {
            h2 id={ "body-" (body) "-h" } { (ctx.t(&format!("body-{body}"))) }
            @for d in &national {
                (contest_table(ctx, def, d))
            }
            @if list.is_some() && !districts.is_empty() {
                h3 { (ctx.t("chamber-title")) }
                (chamber(ctx, def, list, &districts, all_districts))
            }
            @if !seated.is_empty() {
                h3 { (ctx.t("chamber-seated")) }
                p { (ctx.t("chamber-seated-intro")) }
                (super::register::seated_figure(ctx, seated))
            }
            @if !districts.is_empty() {
                (winners_table(ctx, def, &ctx.t("district-winners"), &districts))
            }
            @if !councils.is_empty() {
                (council_table(ctx, def, &councils, decided))
            }
        }
    }
}

/// Councils elected in this body: per council, its list seats by party and how many of its
/// districts have a winner.
fn council_table(ctx: &Ctx, def: &Checked, councils: &[&str], decided: &[Decision]) -> Markup {
    html! {
        table.results.councils {
            caption { (ctx.t("councils-title")) }
            thead { tr {
                th scope="col" { (ctx.t("col-council")) }
                th scope="col" { (ctx.t("col-list-seats")) }
                th scope="col" class="num" { (ctx.t("col-districts-decided")) }
            } }
            tbody {
                @for council in councils {
                    @let mine: Vec<&Decision> = decided.iter().filter(|d| def.contest(&d.contest).and_then(|c| c.council.as_deref()) == Some(*council)).collect();
                    @let lists: Vec<String> = mine.iter().filter(|d| d.kind == ContestKind::PartyList).flat_map(|d| {
                        let c = def.contest(&d.contest);
                        d.options.iter().filter(|o| o.seats.unwrap_or(0) > 0).map(move |o| {
                            let name = c.and_then(|c| super::results::labels(ctx, def, c).into_iter().find(|(i, _)| *i == o.id)).map_or(o.id.clone(), |(_, l)| l);
                            format!("{name} {}", o.seats.unwrap_or(0))
                        })
                    }).collect();
                    @let smd: Vec<&&Decision> = mine.iter().filter(|d| d.kind != ContestKind::PartyList).collect();
                    @let won = smd.iter().filter(|d| d.outcome == Outcome::Elected).count();
                    tr {
                        th scope="row" { a href={ "/units/" (council) } { (def.unit(council).map_or(council.to_string(), |u| u.name.get(ctx.lang).to_string())) } }
                        td { @if lists.is_empty() { "—" } @else { (lists.join(", ")) } }
                        td.num { (won) " / " (smd.len()) }
                    }
                }
            }
        }
    }
}

/// What happens next, in plain words: runoffs, repeat votes, the lists' deputies, and when
/// the results become final.
fn next_section(
    ctx: &Ctx,
    e: &Election,
    bodies: &[(Body, Vec<Decision>)],
    reported: usize,
    total: usize,
    final_: bool,
) -> Markup {
    let def = &e.def;
    let mut lines: Vec<String> = Vec::new();
    for (_, decided) in bodies {
        for d in decided {
            let Some(c) = def.contest(&d.contest) else {
                continue;
            };
            match (d.outcome, d.kind) {
                (Outcome::Runoff, _) => lines.push(format!(
                    "{}: {} {}",
                    c.name.get(ctx.lang),
                    outcome(ctx, def, c, d),
                    ctx.t("next-runoff")
                )),
                (Outcome::Repeat, _) => lines.push(format!(
                    "{}: {}",
                    c.name.get(ctx.lang),
                    ctx.t("next-repeat")
                )),
                (Outcome::Allocated, ContestKind::PartyList) if c.council.is_none() => {
                    lines.push(ctx.t("next-lists"))
                }
                _ => {}
            }
        }
    }
    // The last day of the term: the results are due before it ends (docs/law.md).
    let due_text = date_from_days(days_since_epoch(def.election.date) + RESULTS_WITHIN_DAYS)
        .map_or_else(String::new, |d| crate::i18n::date(ctx.lang, d));
    let when = if final_ {
        ctx.t("next-final")
    } else if reported < total {
        ctx.tr("next-preliminary", &[("due", due_text.as_str().into())])
    } else {
        ctx.tr("next-awaiting-cec", &[("due", due_text.as_str().into())])
    };
    html! {
        section #next aria-labelledby="next-h" {
            h2 #next-h { (ctx.t("next-title")) }
            ul {
                li { (when) }
                @for l in &lines { li { (l) } }
            }
        }
    }
}

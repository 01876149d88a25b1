//! `/register`: the registries as anyone may read them (docs/registry.md): the calendar of
//! the election, the candidates by stage with the reasons of refusals, the money in tenge,
//! the missions and the accredited, and the ledger to download and check. Everything here is
//! what `GET /api/registry` and its neighbours publish.

use crate::i18n::Arg;
use crate::layout::{Page, Section};
use crate::prefs::Ctx;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use sailau_law::election_day::Moment;
use sailau_registry::stats::Counts;
use sailau_server::Service;
use std::sync::Arc;

/// One party's seated deputies (or the independents'), from the ledger.
pub(super) struct Seated {
    name: String,
    colour: &'static str,
    list: Vec<String>,
    districts: Vec<String>,
}

/// Who sits, as the registry holds it: each party's named list deputies and its district
/// winners, parties in order of registration, the independents last. With `body`, only the
/// seats of that body's contests of the whole country (no council's).
pub(super) fn seated(
    ctx: &Ctx,
    r: &sailau_registry::Registry,
    body: Option<sailau_definition::Body>,
) -> Vec<Seated> {
    use sailau_registry::candidates::Status;
    let st = r.state();
    let of_body = |contest: &str| {
        body.is_none_or(|b| {
            st.contest(contest)
                .is_ok_and(|c| c.body == b && c.council.is_none())
        })
    };
    let mut out: Vec<Seated> = st
        .parties
        .iter()
        .map(|p| Seated {
            name: p.name.get(ctx.lang).to_string(),
            colour: crate::charts::colour(p.registration_order as usize - 1),
            list: st
                .seats
                .iter()
                .filter(|x| x.party == p.id && x.given_up.is_none() && of_body(&x.contest))
                .filter_map(|x| st.candidate(&x.candidate).ok())
                .map(|c| c.person.name.clone())
                .collect(),
            districts: Vec::new(),
        })
        .collect();
    let mut independents = Seated {
        name: ctx.t("self-nominated"),
        colour: crate::charts::NEUTRAL,
        list: Vec::new(),
        districts: Vec::new(),
    };
    for o in st
        .outcomes
        .iter()
        .filter(|o| o.elected && of_body(&o.contest))
    {
        let Ok(c) = st.candidate(&o.option) else {
            continue;
        };
        if c.status != Status::Registered {
            continue;
        }
        let group = match c
            .party
            .as_deref()
            .and_then(|p| st.parties.iter().position(|x| x.id == p))
        {
            Some(i) => &mut out[i],
            None => &mut independents,
        };
        group.districts.push(c.person.name.clone());
    }
    out.push(independents);
    out.retain(|g| !g.list.is_empty() || !g.districts.is_empty());
    out
}

/// The seated chamber: the hemicycle by party, then each group's deputies by name.
pub(super) fn seated_figure(ctx: &Ctx, groups: &[Seated]) -> Markup {
    let legend: Vec<(&'static str, String, u32, u32)> = groups
        .iter()
        .map(|g| {
            (
                g.colour,
                g.name.clone(),
                g.list.len() as u32,
                g.districts.len() as u32,
            )
        })
        .collect();
    html! {
        (super::results::chamber_figure(ctx, &legend))
        @for g in groups {
            details {
                summary { (g.name) }
                ul {
                    @for n in &g.list { li { (n) } }
                    @for n in &g.districts { li { (n) " " small { (ctx.t("registries-district-seat")) } } }
                }
            }
        }
    }
}

fn who_sits(ctx: &Ctx, groups: &[Seated]) -> Markup {
    html! {
        section aria-labelledby="seated-h" {
            h2 #seated-h { (ctx.t("registries-seated")) }
            (seated_figure(ctx, groups))
        }
    }
}

fn tenge(ctx: &Ctx, t: sailau_law::money::Tenge) -> String {
    ctx.count(t.0)
}

fn counts_row(ctx: &Ctx, label: &str, c: &Counts) -> Markup {
    let women = c
        .women_share()
        .map_or("–".to_string(), |r| ctx.percent(&r.percent(2)));
    html! {
        tr {
            th scope="row" { (label) }
            td { (ctx.count(c.nominated)) }
            td { (ctx.count(c.registered)) }
            td { (ctx.count(c.self_nominated)) }
            td { (women) }
            td { (ctx.count(c.refused)) }
            td { (ctx.count(c.withdrawn)) }
            td { (ctx.count(c.cancelled)) }
        }
    }
}

pub async fn page(State(s): State<Arc<Service>>, ctx: Ctx) -> Response {
    // Off the request loop: a write may hold the ledger's lock while it stores.
    let reader = ctx.clone();
    let read = super::blocking(&s, move |s| {
        let r = s.registry.lock().unwrap_or_else(|p| p.into_inner());
        let schedule = r.state().election().ok().map(|c| c.schedule.clone());
        Ok((r.figures(), schedule, seated(&reader, &r, None)))
    })
    .await;
    let (figures, schedule, seats) = match read {
        Ok(x) => x,
        Err(e) => return super::failed(&ctx, e),
    };
    let election = s
        .election()
        .ok()
        .map(|e| e.def.election.name.get(ctx.lang).to_string());
    let Some(schedule) = schedule else {
        let body = html! { p { (ctx.t("registries-none")) } };
        return Page {
            ctx: &ctx,
            section: Section::Register,
            title: ctx.t("registries-title"),
            election,
            body,
        }
        .render()
        .into_response();
    };
    let offset = schedule.events.offset;
    let when = |m: Moment| crate::i18n::moment(m.0, offset);
    let c = &figures.candidates;
    let m = &figures.money;
    let body = html! {
        section aria-labelledby="calendar-h" {
            h2 #calendar-h { (ctx.t("registries-calendar")) }
            table {
                caption { (ctx.t("registries-calendar")) }
                thead { tr {
                    th scope="col" { (ctx.t("registries-term")) }
                    th scope="col" { (ctx.t("registries-opens")) }
                    th scope="col" { (ctx.t("registries-closes")) }
                } }
                tbody {
                    @for p in &schedule.terms {
                        tr {
                            th scope="row" {
                                (ctx.t(&format!("term-{}", p.term.name())))
                                @if p.rule.unconfirmed.is_some() { " " small { (ctx.t("registries-unconfirmed")) } }
                            }
                            td { (when(p.opens)) }
                            td { (when(p.closes)) }
                        }
                    }
                }
            }
        }
        section aria-labelledby="candidates-h" {
            h2 #candidates-h { (ctx.t("registries-candidates")) }
            table {
                caption { (ctx.t("registries-candidates")) }
                thead { tr {
                    th scope="col" { (ctx.t("registries-kind")) }
                    th scope="col" { (ctx.t("registries-nominated")) }
                    th scope="col" { (ctx.t("registries-registered")) }
                    th scope="col" { (ctx.t("registries-self")) }
                    th scope="col" { (ctx.t("registries-women")) }
                    th scope="col" { (ctx.t("registries-refused")) }
                    th scope="col" { (ctx.t("registries-withdrawn")) }
                    th scope="col" { (ctx.t("registries-cancelled")) }
                } }
                tbody {
                    (counts_row(&ctx, &ctx.t("registries-lists"), &c.lists))
                    (counts_row(&ctx, &ctx.t("registries-single"), &c.single))
                }
            }
            @if !c.refusals.is_empty() {
                table {
                    caption { (ctx.t("registries-refusals")) }
                    thead { tr {
                        th scope="col" { (ctx.t("registries-reason")) }
                        th scope="col" { (ctx.t("registries-number")) }
                    } }
                    tbody {
                        @for (reason, n) in &c.refusals {
                            tr { th scope="row" { (ctx.t(&format!("reason-{reason}"))) } td { (ctx.count(*n)) } }
                        }
                    }
                }
            }
        }
        section aria-labelledby="money-h" {
            h2 #money-h { (ctx.t("registries-money")) }
            table {
                caption { (ctx.t("registries-money")) }
                tbody {
                    tr { th scope="row" { (ctx.t("registries-deposits")) } td { (tenge(&ctx, m.deposits)) } }
                    tr { th scope="row" { (ctx.t("registries-refunded")) } td { (tenge(&ctx, m.refunded)) } }
                    tr { th scope="row" { (ctx.t("registries-kept")) } td { (tenge(&ctx, m.kept)) } }
                    tr { th scope="row" { (ctx.t("registries-funding")) } td { (tenge(&ctx, m.funding)) } }
                }
            }
        }
        section aria-labelledby="observers-h" {
            h2 #observers-h { (ctx.t("registries-observers")) }
            p { (ctx.tr("registries-foreign", &[
                ("observers", Arg::Count(figures.foreign_observers as u64)),
                ("countries", Arg::Count(figures.countries as u64)),
                ("journalists", Arg::Count(figures.foreign_journalists as u64)),
                ("accredited", Arg::Count(figures.accredited as u64)),
            ])) }
            @if !figures.missions.is_empty() {
                table {
                    caption { (ctx.t("registries-missions")) }
                    thead { tr {
                        th scope="col" { (ctx.t("registries-mission")) }
                        th scope="col" { (ctx.t("registries-head")) }
                    } }
                    tbody {
                        @for mission in &figures.missions {
                            tr { th scope="row" { (mission.organisation) } td { (mission.head) } }
                        }
                    }
                }
            }
        }
        @if !seats.is_empty() { (who_sits(&ctx, &seats)) }
        section aria-labelledby="ledger-h" {
            h2 #ledger-h { (ctx.t("registries-ledger")) }
            p { (ctx.tr("registries-entries", &[
                ("entries", Arg::Count(figures.entries as u64)),
                ("seats", Arg::Count(figures.list_seats_named as u64)),
            ])) }
            p { a href="/api/registry/ledger" { (ctx.t("registries-download")) } }
            pre { code { "sailau registry check ledger.jsonl" } }
            p.hint { (ctx.t("registries-head-hash")) " " code { (figures.head) } }
        }
    };
    Page {
        ctx: &ctx,
        section: Section::Register,
        title: ctx.t("registries-title"),
        election,
        body,
    }
    .render()
    .into_response()
}

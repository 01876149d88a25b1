//! Drill-down: a region, city or district with its sum recomputed from its precincts, its
//! sub-units and precincts; and a precinct's protocol exactly as its commission signed it.

use super::results::{contest_table, votes_table};
use super::{blocking, failed, no_election};
use crate::layout::{error_page, Page, Section};
use crate::prefs::Ctx;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use sailau_definition::Checked;
use sailau_protocol::{Protocol, SignedProtocol};
use sailau_record::BodyResults;
use sailau_server::election::Election;
use sailau_server::records::Verification;
use sailau_server::Service;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

fn unit_name(ctx: &Ctx, def: &Checked, id: &str) -> String {
    def.unit(id)
        .map_or_else(|| id.to_string(), |u| u.name.get(ctx.lang).to_string())
}

/// The way down from the nation to `units` (outermost first).
fn breadcrumbs(ctx: &Ctx, def: &Checked, units: &[&str], last: Option<String>) -> Markup {
    html! {
        nav.breadcrumbs aria-label=(ctx.t("breadcrumbs")) {
            ol {
                li { a href="/" { (ctx.t("nation")) } }
                @for u in units { li { a href={ "/units/" (u) } { (unit_name(ctx, def, u)) } } }
                @if let Some(l) = &last { li aria-current="page" { (l) } }
            }
        }
    }
}

/// The units above `unit`, outermost first, `unit` excluded.
/// How many precincts vote in each contest, among `precincts`.
fn voting_in<'a>(
    def: &Checked,
    precincts: impl Iterator<Item = &'a String>,
) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for p in precincts {
        for c in def.contests_of(p) {
            *out.entry(c.id.clone()).or_insert(0) += 1;
        }
    }
    out
}

pub async fn unit(State(s): State<Arc<Service>>, ctx: Ctx, Path(unit): Path<String>) -> Response {
    let Ok(e) = s.election() else {
        return no_election(&ctx);
    };
    let Some(u) = e.def.unit(&unit) else {
        return error_page(
            &ctx,
            StatusCode::NOT_FOUND,
            &ctx.tr("no-such-unit", &[("unit", unit.as_str().into())]),
        );
    };
    let (sum, signed) = s.with_accepted(|a| (a.summary(&e, &unit), a.signed.get(&unit).cloned()));
    let (sum, reported, total) = match sum {
        Some(Ok(x)) => x,
        Some(Err(err)) => {
            return failed(
                &ctx,
                sailau_server::error::ApiError::Internal(err.to_string()),
            )
        }
        None => {
            return error_page(
                &ctx,
                StatusCode::NOT_FOUND,
                &ctx.tr("no-such-unit", &[("unit", unit.as_str().into())]),
            )
        }
    };
    // Which precincts have reported: the service's accepted protocols, in memory.
    let received: HashSet<String> = s.with_accepted(|a| a.protocols.keys().cloned().collect());
    let name = u.name.get(ctx.lang).to_string();
    let body = html! {
        (breadcrumbs(&ctx, &e.def, &e.def.ancestors(&unit), Some(name.clone())))
        section #status .live {
            p.status {
                (ctx.tr("status-reported", &[("reported", reported.into()), ("total", total.into())]))
                @if let Some((by, at)) = &signed {
                    " " (ctx.tr("unit-signed", &[("by", by.into()), ("at", sailau_law::election_day::Moment(*at).to_string().as_str().into())]))
                }
            }
            p { a href={ "/api/units/" (unit) "/summary" } { (ctx.t("summary-json")) } }
        }
        (unit_results(&ctx, &e, &unit, &sum, reported))
        (children(&ctx, &e, &unit, &received))
    };
    Page {
        ctx: &ctx,
        section: Section::Results,
        title: name,
        election: Some(e.def.election.name.get(ctx.lang).to_string()),
        body,
    }
    .render()
    .into_response()
}

/// The unit's contests: those wholly inside it decided on its own sum (which is theirs in
/// full), the others as the unit's share of their votes.
fn unit_results(ctx: &Ctx, e: &Election, unit: &str, sum: &Protocol, reported: usize) -> Markup {
    if reported == 0 {
        return html! { p { (ctx.t("status-none")) } };
    }
    let def = &e.def;
    let everywhere = voting_in(def, def.precincts.iter().map(|p| &p.id));
    let here = voting_in(def, def.precincts_in(unit).into_iter().flatten());
    let whole = |c: &str| here.get(c) == everywhere.get(c);
    let mut decided = HashMap::new();
    for &body in &def.election.bodies {
        if let Ok(results) = BodyResults::of(def, sum, body, &sailau_record::results::no_regions) {
            for (_, d) in results.decide().decisions {
                if whole(&d.contest) {
                    decided.insert(d.contest.clone(), d);
                }
            }
        }
    }
    html! {
        section aria-labelledby="unit-results-h" {
            h2 #unit-results-h { (ctx.t("unit-results")) }
            @for count in &sum.contests {
                div id=(count.contest) {
                    @match decided.get(&count.contest) {
                        Some(d) => (contest_table(ctx, def, d)),
                        None => (votes_table(ctx, def, count)),
                    }
                }
            }
        }
    }
}

/// The unit's districts and its own precincts, each with where it stands.
fn children(ctx: &Ctx, e: &Election, unit: &str, received: &HashSet<String>) -> Markup {
    let def = &e.def;
    let subunits = def.children(unit);
    let precincts: Vec<_> = def.precincts.iter().filter(|p| p.unit == unit).collect();
    html! {
        @if !subunits.is_empty() {
            section aria-labelledby="subunits-h" {
                h2 #subunits-h { (ctx.t("subunits")) }
                table.results {
                    thead { tr {
                        th scope="col" { (ctx.t("col-unit")) }
                        th scope="col" class="num" { (ctx.t("col-reported")) }
                    } }
                    tbody { @for u in &subunits {
                        @let all = def.precincts_in(&u.id).map_or(0, <[String]>::len);
                        @let got = def.precincts_in(&u.id).map_or(0, |ps| ps.iter().filter(|p| received.contains(*p)).count());
                        tr {
                            th scope="row" { a href={ "/units/" (u.id) } { (u.name.get(ctx.lang)) } }
                            td.num { (got) " / " (all) }
                        }
                    } }
                }
            }
        }
        @if !precincts.is_empty() {
            section aria-labelledby="precincts-h" {
                h2 #precincts-h { (ctx.t("precincts")) }
                table.results {
                    thead { tr {
                        th scope="col" { (ctx.t("col-precinct")) }
                        th scope="col" { (ctx.t("col-protocol")) }
                    } }
                    tbody { @for p in &precincts {
                        tr {
                            th scope="row" { a href={ "/precincts/" (p.id) } { (ctx.tr("precinct-number", &[("number", u64::from(p.number).into())])) } }
                            td { @if received.contains(&p.id) { (ctx.t("protocol-received")) } @else { (ctx.t("protocol-awaited")) } }
                        }
                    } }
                }
            }
        }
    }
}

pub async fn precinct(
    State(s): State<Arc<Service>>,
    ctx: Ctx,
    Path(precinct): Path<String>,
) -> Response {
    let Ok(e) = s.election() else {
        return no_election(&ctx);
    };
    let Some(p) = e.def.precinct(&precinct).cloned() else {
        return error_page(
            &ctx,
            StatusCode::NOT_FOUND,
            &ctx.tr(
                "no-such-precinct",
                &[("precinct", precinct.as_str().into())],
            ),
        );
    };
    let stored = {
        let id = precinct.clone();
        blocking(&s, move |s| {
            s.db.transaction(|tx| {
                let body = sailau_server::uploads::stored(tx, &id)?;
                let at = sailau_server::uploads::received_at(tx, &id)?;
                let status = sailau_server::records::status_of(tx, &id)?;
                Ok::<_, sailau_server::error::ApiError>((body, at, status))
            })
        })
        .await
    };
    let (body, at, verification) = match stored {
        Ok(x) => x,
        Err(err) => return failed(&ctx, err),
    };
    let signed = body
        .as_deref()
        .and_then(|b| std::str::from_utf8(b).ok())
        .and_then(|t| SignedProtocol::from_json(t).ok());
    let title = ctx.tr("precinct-number", &[("number", u64::from(p.number).into())]);
    let mut path = e.def.ancestors(&p.unit);
    path.push(&p.unit);
    let body = html! {
        (breadcrumbs(&ctx, &e.def, &path, Some(title.clone())))
        section.status {
            @match (&signed, at) {
                (Some(sp), Some((sha, at))) => {
                    p { (ctx.tr("protocol-accepted", &[("at", crate::i18n::moment(at, p.utc_offset).as_str().into())])) }
                    dl.facts {
                        dt { (ctx.t("signed-by-station")) } dd { code { (sp.signer) } }
                        dt { "SHA-256" } dd { code { (sha) } }
                        @if let Some(seal) = &sp.protocol.station {
                            dt { (ctx.t("seal-closed")) } dd { (seal.closed_at) }
                            dt { (ctx.t("seal-entries")) } dd { (ctx.count(seal.log_entries)) }
                            dt { (ctx.t("seal-head")) } dd { code { (seal.log_head) } }
                            dt { (ctx.t("seal-tally")) } dd { code { (seal.tally) } }
                        }
                        dt { (ctx.t("definition-digest")) } dd { code { (sp.protocol.definition) } }
                        dt { (ctx.t("record-status")) } dd { (verification_words(&ctx, verification.as_ref())) }
                    }
                }
                _ => p.status { (ctx.t("protocol-awaited")) },
            }
            p.links {
                a href={ "/api/precincts/" (precinct) "/protocol" } { (ctx.t("protocol-json")) } " · "
                a href={ "/api/precincts/" (precinct) "/ballots.jsonl" } { "ballots.jsonl" } " · "
                a href={ "/api/precincts/" (precinct) "/tally.json" } { "tally.json" } " · "
                button.print type="button" data-action="print" { (ctx.t("print")) }
            }
        }
        @if let Some(sp) = &signed {
            (protocol(&ctx, &e.def, &sp.protocol))
        }
    };
    Page {
        ctx: &ctx,
        section: Section::Results,
        title,
        election: Some(e.def.election.name.get(ctx.lang).to_string()),
        body,
    }
    .render()
    .into_response()
}

/// A record's verification in the reader's words: none sent, pending, passed or failed.
pub fn verification_words(ctx: &Ctx, v: Option<&Verification>) -> String {
    match v {
        None => ctx.t("record-none"),
        Some(Verification::Pending) => ctx.t("record-pending"),
        Some(Verification::Passed(_)) => ctx.t("record-passed"),
        Some(Verification::Failed(_)) => ctx.t("record-failed"),
    }
}

/// A protocol as the commission signed it: each contest's twelve counts, its votes on paper
/// and electronically, and whether its control relations hold.
pub fn protocol(ctx: &Ctx, def: &Checked, p: &Protocol) -> Markup {
    let (rows, option_head, columns) = sailau_protocol::labels(ctx.lang);
    html! {
        @for c in &p.contests {
            @let Some(spec) = def.contest(&c.contest) else { continue };
            @let labels = def.option_labels(spec, ctx.lang);
            @let broken = c.violations();
            section.protocol aria-labelledby={ "pc-" (c.contest) } {
                h2 id={ "pc-" (c.contest) } { (spec.name.get(ctx.lang)) }
                table.counts {
                    caption.visually-hidden { (ctx.t("protocol-counts")) }
                    tbody {
                        @for ((label, sub), n) in rows.iter().zip(sailau_protocol::counts(c)) {
                            tr class=(if *sub { "sub" } else { "" }) {
                                th scope="row" { (label) }
                                td.num { (ctx.count(n)) }
                            }
                        }
                    }
                }
                table.results {
                    caption.visually-hidden { (ctx.t("protocol-votes")) }
                    thead { tr {
                        th scope="col" { (option_head) }
                        @for col in columns { th scope="col" class="num" { (col) } }
                    } }
                    tbody {
                        @for (o, label) in c.options.iter().zip(&labels) {
                            tr {
                                th scope="row" { (label) }
                                td.num { (ctx.count(o.paper)) }
                                td.num { (ctx.count(o.electronic)) }
                                td.num { (ctx.count(u64::try_from(o.votes()).unwrap_or(u64::MAX))) }
                            }
                        }
                    }
                }
                @if broken.is_empty() {
                    p.passed { "✓ " (ctx.t("relations-hold")) }
                } @else {
                    ul.failed { @for b in &broken { li { (b) } } }
                }
            }
        }
    }
}

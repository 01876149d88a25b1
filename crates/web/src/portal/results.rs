//! The law's decisions as tables and pictures: a contest's options with votes, shares and
//! the line they had to cross; who won a district; the chamber's seats; and in plain words
//! what happens next (a runoff, a repeat vote, the seats shared).

use crate::charts::{self, bar, hundredths, swatch, Seats, NEUTRAL};
use crate::prefs::Ctx;
use maud::{html, Markup};
use sailau_definition::{Checked, Contest, AGAINST_ALL};
use sailau_law::{ContestKind, Decision, Outcome, Step};
use sailau_protocol::ContestCount;

/// What the ballot prints for each option id of a contest, "against all" included.
pub fn labels(ctx: &Ctx, def: &Checked, c: &Contest) -> Vec<(String, String)> {
    def.option_ids(c)
        .into_iter()
        .zip(def.option_labels(c, ctx.lang))
        .collect()
}

fn label_of(labels: &[(String, String)], id: &str) -> String {
    labels
        .iter()
        .find(|(i, _)| i == id)
        .map_or_else(|| id.to_string(), |(_, l)| l.clone())
}

/// The party an option stands for: its own, or its candidate's.
fn party_of<'d>(def: &'d Checked, c: &Contest, option: &str) -> Option<&'d str> {
    let o = c.options.iter().find(|o| o.id == option)?;
    let party = o.party.as_deref().or_else(|| {
        o.candidate
            .as_deref()
            .and_then(|id| def.candidate(id))
            .and_then(|cand| cand.party.as_deref())
    })?;
    def.party(party).map(|p| p.id.as_str())
}

/// An option's colour: its party's, by registration order; independents and "against all"
/// grey; referendum answers by their place on the ballot.
pub fn colour_of(def: &Checked, c: &Contest, option: &str) -> &'static str {
    if option == AGAINST_ALL {
        return NEUTRAL;
    }
    if let Some(p) = party_of(def, c, option).and_then(|p| def.party(p)) {
        return charts::colour(p.registration_order.saturating_sub(1) as usize);
    }
    // Without a party: a referendum's answers and a single post's candidates by their place
    // on the ballot, so that they stay apart; self-nominated district candidates grey.
    match (c.options.iter().position(|o| o.id == option), c.kind) {
        (Some(i), ContestKind::Referendum) => charts::colour(i + 2),
        (Some(i), ContestKind::Presidential | ContestKind::Akim) => charts::colour(i),
        _ => NEUTRAL,
    }
}

/// The line a contest's options are measured against, in hundredths of a percent, with its
/// words: the list threshold, the absolute majority, or the referendum's adoption.
fn line(ctx: &Ctx, d: &Decision) -> Option<(u64, String)> {
    let e = d.edition;
    let text = |r: sailau_law::Ratio| ctx.percent(&r.percent(2));
    let (ratio, words) = match d.kind {
        ContestKind::PartyList => {
            let r = e.list.as_ref()?.threshold;
            (
                r,
                ctx.tr("line-threshold", &[("percent", text(r).as_str().into())]),
            )
        }
        ContestKind::Presidential | ContestKind::Senate if e.majority.is_some() => {
            let r = sailau_law::Ratio::new(1, 2);
            (
                r,
                ctx.tr("line-majority", &[("percent", text(r).as_str().into())]),
            )
        }
        ContestKind::Referendum => {
            let r = e.referendum.as_ref()?.adoption;
            (
                r,
                ctx.tr("line-adoption", &[("percent", text(r).as_str().into())]),
            )
        }
        _ => return None,
    };
    Some((hundredths(&ratio.percent(2)), words))
}

/// One option's line in a contest's table.
struct Row {
    label: String,
    colour: &'static str,
    votes: u64,
    share: String,
    passed: Option<bool>,
    seats: Option<u32>,
}

/// One contest's decision in full: each option with its votes, share and bar against the
/// line; seats where seats were shared; and the outcome in words.
pub fn contest_table(ctx: &Ctx, def: &Checked, d: &Decision) -> Markup {
    let Some(c) = def.contest(&d.contest) else {
        return html! {};
    };
    let labels = labels(ctx, def, c);
    let line = line(ctx, d);
    let lists = d.kind == ContestKind::PartyList;
    let mut rows: Vec<Row> = d
        .options
        .iter()
        .map(|o| Row {
            label: label_of(&labels, &o.id),
            colour: colour_of(def, c, &o.id),
            votes: o.votes,
            share: o.share.percent(2),
            passed: o.passed,
            seats: o.seats,
        })
        .collect();
    if let Some((votes, share)) = &d.against_all {
        rows.push(Row {
            label: label_of(&labels, AGAINST_ALL),
            colour: NEUTRAL,
            votes: *votes,
            share: share.percent(2),
            passed: None,
            seats: None,
        });
    }
    html! {
        figure.contest {
            table.results {
                caption { (c.name.get(ctx.lang)) }
                thead { tr {
                    th scope="col" { (ctx.t("col-option")) }
                    th scope="col" class="num" { (ctx.t("col-votes")) }
                    th scope="col" class="num" { (ctx.t("col-share")) }
                    th scope="col" class="chart" { span.visually-hidden { (ctx.t("col-chart")) } }
                    @if lists {
                        th scope="col" { (ctx.t("col-threshold")) }
                        th scope="col" class="num" { (ctx.t("col-seats")) }
                    }
                } }
                tbody {
                    @for r in &rows {
                        tr {
                            th scope="row" { (swatch(r.colour)) (r.label) }
                            td.num { (ctx.count(r.votes)) }
                            td.num { (ctx.percent(&r.share)) }
                            td.chart { (bar(hundredths(&r.share), r.colour, line.as_ref().map(|l| l.0))) }
                            @if lists {
                                td { @match r.passed {
                                    Some(true) => span.passed { "✓ " (ctx.t("passed")) },
                                    Some(false) => span.failed { "✗ " (ctx.t("not-passed")) },
                                    None => "—",
                                } }
                                td.num { (r.seats.map_or_else(|| "—".to_string(), |s| s.to_string())) }
                            }
                        }
                    }
                }
            }
            @if let Some((_, words)) = &line {
                p.line-note { span.line-key aria-hidden="true" {} (words) }
            }
            p.outcome { (outcome(ctx, def, c, d)) }
            (regions(ctx, def, d))
        }
    }
}

/// A constitutional question's regions (docs/law.md, "Referendum"): the two-thirds count in
/// words, each region with or without a yes majority, and the same as a map. Only what the
/// law's certificate says; nothing for any other contest.
fn regions(ctx: &Ctx, def: &Checked, d: &Decision) -> Markup {
    let Some((total, yes, share, met)) = d.certificate.steps.iter().find_map(|s| match s {
        Step::Regions {
            total,
            with_yes_majority,
            share,
            met,
        } => Some((*total, with_yes_majority, share, *met)),
        _ => None,
    }) else {
        return html! {};
    };
    let counted: Vec<&sailau_definition::Unit> = def
        .units
        .iter()
        .filter(|u| u.parent.is_none() && u.kind != sailau_definition::UnitKind::Abroad)
        .collect();
    // The least whole number of regions that is at least the share of the total.
    let need = (u128::from(total) * share.num()).div_ceil(share.den().max(1));
    let tiles: Vec<charts::Tile> = counted
        .iter()
        .map(|u| {
            let has = yes.contains(&u.id);
            charts::Tile {
                unit: u.id.clone(),
                label: u.name.get(ctx.lang).to_string(),
                value: Some(if has { 10_000 } else { 0 }),
                text: if has {
                    ctx.t("region-yes")
                } else {
                    ctx.t("region-no")
                },
                href: format!("/units/{}", u.id),
            }
        })
        .collect();
    html! {
        section.regions {
            p.regions-count {
                (ctx.tr("regions-count", &[
                    ("yes", crate::i18n::Arg::Count(yes.len() as u64)),
                    ("total", crate::i18n::Arg::Count(u64::from(total))),
                    ("need", crate::i18n::Arg::Count(need as u64)),
                ]))
                " "
                strong { (if met { ctx.t("regions-met") } else { ctx.t("regions-not-met") }) }
            }
            table.results.regions-table {
                caption { (ctx.t("regions-caption")) }
                thead { tr {
                    th scope="col" { (ctx.t("col-region")) }
                    th scope="col" { (ctx.t("col-yes-majority")) }
                } }
                tbody {
                    @for u in &counted {
                        tr {
                            th scope="row" { a href={ "/units/" (u.id) } { (u.name.get(ctx.lang)) } }
                            td { @if yes.contains(&u.id) { "✓ " (ctx.t("region-yes")) } @else { "✗ " (ctx.t("region-no")) } }
                        }
                    }
                }
            }
            figure.regions {
                (charts::cartogram(&tiles, 0, 10_000))
                figcaption { (ctx.t("regions-caption")) }
            }
        }
    }
}

/// What the law decided, in a sentence.
pub fn outcome(ctx: &Ctx, def: &Checked, c: &Contest, d: &Decision) -> String {
    let labels = labels(ctx, def, c);
    let name = |id: &str| label_of(&labels, id);
    match d.outcome {
        Outcome::Allocated => {
            let passed = d.options.iter().filter(|o| o.passed == Some(true)).count();
            ctx.tr(
                "outcome-allocated",
                &[
                    ("seats", u64::from(d.seats.unwrap_or(0)).into()),
                    ("lists", passed.into()),
                ],
            )
        }
        Outcome::Elected => {
            let w = d.winner.as_deref().unwrap_or_default();
            let share = d
                .options
                .iter()
                .find(|o| o.id == w)
                .map(|o| ctx.percent(&o.share.percent(2)))
                .unwrap_or_default();
            ctx.tr(
                "outcome-elected",
                &[
                    ("name", name(w).as_str().into()),
                    ("share", share.as_str().into()),
                ],
            )
        }
        Outcome::Runoff => {
            let [a, b] = d.runoff.clone().unwrap_or_default();
            ctx.tr(
                "outcome-runoff",
                &[
                    ("first", name(&a).as_str().into()),
                    ("second", name(&b).as_str().into()),
                ],
            )
        }
        Outcome::Repeat => ctx.t("outcome-repeat"),
        Outcome::Adopted => ctx.t("outcome-adopted"),
        Outcome::Rejected => ctx.t("outcome-rejected"),
        Outcome::Invalid => ctx.t("outcome-invalid"),
    }
}

/// Single-seat contests, one line each: the district, who won (or what happens instead),
/// their party and share.
pub fn winners_table(ctx: &Ctx, def: &Checked, caption: &str, ds: &[&Decision]) -> Markup {
    html! {
        table.results.winners {
            caption { (caption) }
            thead { tr {
                th scope="col" { (ctx.t("col-district")) }
                th scope="col" { (ctx.t("col-winner")) }
                th scope="col" { (ctx.t("col-party")) }
                th scope="col" class="num" { (ctx.t("col-share")) }
            } }
            tbody {
                @for d in ds {
                    @if let Some(c) = def.contest(&d.contest) {
                        @let district = c.district.as_deref().and_then(|id| def.districts.iter().find(|x| x.id == id));
                        tr {
                            th scope="row" {
                                a href={ "#" (c.id) } { (district.map_or_else(|| c.name.get(ctx.lang).to_string(), |x| x.name.get(ctx.lang).to_string())) }
                            }
                            @match (d.outcome, d.winner.as_deref()) {
                                (Outcome::Elected, Some(w)) => {
                                    @let cand = c.options.iter().find(|o| o.id == w).and_then(|o| o.candidate.as_deref()).and_then(|id| def.candidate(id));
                                    @let party = party_of(def, c, w).and_then(|p| def.party(p));
                                    td { (swatch(colour_of(def, c, w))) (cand.map_or(w, |x| x.name.as_str())) }
                                    td { (party.map_or_else(|| ctx.t("self-nominated"), |p| p.name.get(ctx.lang).to_string())) }
                                    td.num { (d.options.iter().find(|o| o.id == w).map(|o| ctx.percent(&o.share.percent(2))).unwrap_or_default()) }
                                }
                                _ => {
                                    td colspan="3" { strong { (outcome(ctx, def, c, d)) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The chamber: list seats by party and district seats by the winner's party, as a
/// hemicycle with its legend, which says the same in words. `districts` is how many
/// single-member districts the body has: those with no decision yet show as undecided.
pub fn chamber(
    ctx: &Ctx,
    def: &Checked,
    list: Option<&Decision>,
    seats: &[&Decision],
    districts: usize,
) -> Markup {
    // (colour, name, list seats, district seats), parties in registration order first.
    let mut groups: Vec<(&'static str, String, u32, u32)> = Vec::new();
    let mut add = |colour: &'static str, name: String, list: u32, district: u32| match groups
        .iter_mut()
        .find(|g| g.1 == name)
    {
        Some(g) => {
            g.2 += list;
            g.3 += district;
        }
        None => groups.push((colour, name, list, district)),
    };
    let mut parties: Vec<_> = def.parties.iter().collect();
    parties.sort_by_key(|p| p.registration_order);
    if let Some(l) = list {
        if let Some(c) = def.contest(&l.contest) {
            for p in &parties {
                let s: u32 = l
                    .options
                    .iter()
                    .filter(|o| party_of(def, c, &o.id) == Some(p.id.as_str()))
                    .filter_map(|o| o.seats)
                    .sum();
                add(
                    colour_of(def, c, &o_id(c, &p.id)),
                    p.name.get(ctx.lang).to_string(),
                    s,
                    0,
                );
            }
        }
    }
    let mut undecided = districts.saturating_sub(seats.len()) as u32;
    for d in seats {
        let (Some(c), Outcome::Elected, Some(w)) =
            (def.contest(&d.contest), d.outcome, d.winner.as_deref())
        else {
            undecided += 1;
            continue;
        };
        match party_of(def, c, w).and_then(|p| def.party(p)) {
            Some(p) => add(colour_of(def, c, w), p.name.get(ctx.lang).to_string(), 0, 1),
            None => add(NEUTRAL, ctx.t("self-nominated"), 0, 1),
        }
    }
    if undecided > 0 {
        add("#cccccc", ctx.t("seat-undecided"), 0, undecided);
    }
    groups.retain(|g| g.2 + g.3 > 0);
    chamber_figure(ctx, &groups)
}

/// A chamber as a hemicycle with its legend, which says the same in words: per group (its
/// colour, its name, its list seats and its single-member seats), in seat order.
pub fn chamber_figure(ctx: &Ctx, groups: &[(&'static str, String, u32, u32)]) -> Markup {
    let total: u32 = groups.iter().map(|g| g.2 + g.3).sum();
    let shapes: Vec<Seats> = groups
        .iter()
        .map(|g| Seats {
            colour: g.0,
            count: g.2 + g.3,
        })
        .collect();
    html! {
        figure.chamber {
            (charts::hemicycle(&shapes))
            figcaption {
                p { (ctx.tr("chamber-total", &[("seats", u64::from(total).into())])) }
                table.legend {
                    thead { tr {
                        th scope="col" { (ctx.t("col-party")) }
                        th scope="col" class="num" { (ctx.t("col-list-seats")) }
                        th scope="col" class="num" { (ctx.t("col-district-seats")) }
                        th scope="col" class="num" { (ctx.t("col-seats")) }
                    } }
                    tbody {
                        @for (colour, name, l, s) in groups {
                            tr {
                                th scope="row" { (swatch(colour)) (name) }
                                td.num { (l) }
                                td.num { (s) }
                                td.num { (l + s) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The option id under which `party` stands in a list contest (its own id in the sample).
fn o_id(c: &Contest, party: &str) -> String {
    c.options
        .iter()
        .find(|o| o.party.as_deref() == Some(party))
        .map_or_else(|| party.to_string(), |o| o.id.clone())
}

/// A contest's votes in part of its area (a unit inside it): no decision, only the count.
pub fn votes_table(ctx: &Ctx, def: &Checked, count: &ContestCount) -> Markup {
    let Some(c) = def.contest(&count.contest) else {
        return html! {};
    };
    let labels = labels(ctx, def, c);
    let valid: u128 = count.options.iter().map(|o| o.votes()).sum();
    html! {
        table.results {
            caption { (c.name.get(ctx.lang)) " — " (ctx.t("votes-here")) }
            thead { tr {
                th scope="col" { (ctx.t("col-option")) }
                th scope="col" class="num" { (ctx.t("col-votes")) }
                th scope="col" class="num" { (ctx.t("col-share")) }
                th scope="col" class="chart" { span.visually-hidden { (ctx.t("col-chart")) } }
            } }
            tbody {
                @for o in &count.options {
                    @let votes = u64::try_from(o.votes()).unwrap_or(u64::MAX);
                    @let share = if valid == 0 { "0.00".to_string() } else { sailau_law::Ratio::new(o.votes(), valid).percent(2) };
                    @let colour = colour_of(def, c, &o.option);
                    tr {
                        th scope="row" { (swatch(colour)) (label_of(&labels, &o.option)) }
                        td.num { (ctx.count(votes)) }
                        td.num { (ctx.percent(&share)) }
                        td.chart { (bar(hundredths(&share), colour, None)) }
                    }
                }
            }
        }
    }
}

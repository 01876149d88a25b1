//! `sailau bench audit`: the audit of the paper count at national size (docs/performance.md,
//! "The audit"). The whole country of 2023 (10,233 precincts, every voter on paper as in
//! 2023), its protocols made up from the 2023 list shares (`sailau_audit::sample`); the plan
//! and the assessment timed; the list contest's expected and actual samples at 5% and 1%,
//! honest and with one region's commissions moving the fewest paper votes that change a
//! seat; and over many seeds, how often the audit of that falsified count escalates.

use crate::{emit, Failure};
use sailau_audit::sample::{falsify, hand_counts, least_shift, list_seats, protocols_of};
use sailau_audit::{assess, ContestPlan, HandCounts, Plan, Status, SCALE};
use sailau_definition::Checked;
use sailau_protocol::Protocol;
use std::time::Instant;

#[derive(clap::Args)]
pub struct AuditArgs {
    /// Seeds over which to measure how often a falsified seat escalates.
    #[arg(long, default_value_t = 200)]
    seeds: u32,
}

const LIST: &str = "mazhilis-list";

fn fail(e: impl std::fmt::Display) -> Failure {
    Failure::Input(format!("bench audit: {e}"))
}

fn seed(k: u32) -> String {
    format!(
        "{:020}",
        10_000_000_000_000_000_000u128 + u128::from(k) * 7_919
    )
}

/// The fewest paper votes one region's commissions can move between two lists to change a
/// seat: (region, from, to, votes).
fn cheapest_shift(
    def: &Checked,
    protocols: &[Protocol],
) -> (String, usize, usize, u64, Vec<String>) {
    let by_id: std::collections::HashMap<&str, &Protocol> =
        protocols.iter().map(|p| (p.unit.as_str(), p)).collect();
    let sum = sailau_record::summary(def, sailau_record::NATIONAL, |p| by_id.get(p).copied())
        .expect("the nation is a unit")
        .expect("the protocols add up");
    let national = sum
        .protocol
        .contests
        .into_iter()
        .find(|c| c.contest == LIST)
        .expect("the list contest");
    let truth = list_seats(def, &national).expect("the list contest is decided");
    let mut best: Option<(String, usize, usize, u64, Vec<String>)> = None;
    for region in def.regions() {
        let mine: Vec<String> = def.precincts_in(region).unwrap_or_default().to_vec();
        let set: std::collections::HashSet<&String> = mine.iter().collect();
        let paper = |i: usize| -> u64 {
            protocols
                .iter()
                .filter(|p| set.contains(&p.unit))
                .filter_map(|p| p.contests.iter().find(|c| c.contest == LIST))
                .map(|c| c.options[i].paper)
                .sum()
        };
        // The lists only: "against all", if on the ballot, comes after them.
        for from in (0..truth.len()).filter(|&f| truth[f] > 0) {
            let available = paper(from);
            for to in (0..truth.len()).filter(|&t| t != from) {
                let shift = least_shift(def, &national, from, to, available).expect("decided");
                let Some(hi) = shift else {
                    continue;
                };
                if best.as_ref().is_none_or(|b| hi < b.3) {
                    best = Some((region.clone(), from, to, hi, mine.clone()));
                }
            }
        }
    }
    best.expect("some region can move a seat")
}

/// The plan's expected sample in words.
fn expected(l: &ContestPlan) -> String {
    match l.expected_draws {
        Some(n) => format!("{n} draws = {} precincts", l.first_round.precincts.len()),
        None => format!("a full count ({} precincts)", l.first_round.precincts.len()),
    }
}

fn list(plan: &Plan) -> &ContestPlan {
    plan.contests
        .iter()
        .find(|c| c.contest == LIST)
        .expect("the list contest is audited")
}

/// One audit, to its end: (status, draws measured, precincts counted).
fn run(plan: &Plan, counts: &HandCounts) -> Result<(Status, u64, usize), Failure> {
    let a = assess(plan, counts).map_err(fail)?;
    let c = a
        .contests
        .iter()
        .find(|c| c.contest == LIST)
        .expect("the list contest");
    Ok((c.status, c.draws, c.compared.len()))
}

pub(crate) fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

pub fn audit(args: &AuditArgs) -> Result<(), Failure> {
    emit("sailau bench audit: the 2023 country, every voter on paper, one thread\n")?;
    let started = Instant::now();
    let national = sailau_definition::sample::national::country_2023(1_000_000, 2023);
    let def = national
        .definition
        .check()
        .map_err(|_| fail("the national sample"))?;
    let honest = protocols_of(&def, &national.electorate, &national.turnout, 0, 2023);
    let counts = hand_counts(&def, &honest);
    emit(&format!(
        "{:<58} {:>8.2} s  ({} precincts)\n",
        "made up the protocols and hand counts",
        started.elapsed().as_secs_f64(),
        def.precincts.len()
    ))?;
    for limit in ["0.05", "0.01"] {
        let t = Instant::now();
        let plan = Plan::of_record(&def, &honest, &seed(0), limit).map_err(fail)?;
        let planned = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let (status, draws, counted) = run(&plan, &counts)?;
        let assessed = t.elapsed().as_secs_f64();
        let l = list(&plan);
        emit(&format!(
            "risk limit {limit}, honest: plan {planned:.2} s ({} contests, {} assertions), assess {assessed:.2} s\n\
             \x20 {LIST}: U = {:.1} margins; expected {}; actual: {status:?} after {draws} draws, {counted} precincts\n",
            plan.contests.len(),
            plan.contests.iter().map(|c| c.assertions.len()).sum::<usize>(),
            l.total_weight as f64 / SCALE as f64,
            expected(l),
        ))?;
    }

    let t = Instant::now();
    let (region, from, to, least, theirs) = cheapest_shift(&def, &honest);
    let ids = def.option_ids(def.contest(LIST).expect("the list"));
    emit(&format!(
        "one region falsified: {region}'s {} commissions move paper votes from {} to {}; the fewest that change a seat: {least} (found in {:.2} s)\n",
        theirs.len(),
        ids[from],
        ids[to],
        t.elapsed().as_secs_f64()
    ))?;
    // The least shift leaves the false seat a margin of a few votes, which the plan itself
    // sends to a full count; larger shifts give the false outcome a margin a sample could
    // confirm, and the audit must still catch it.
    for factor in [1u64, 2, 4] {
        let mut bad = honest.clone();
        let moved = falsify(&mut bad, &theirs, LIST, from, to, least * factor);
        for limit in ["0.05", "0.01"] {
            let plan = Plan::of_record(&def, &bad, &seed(0), limit).map_err(fail)?;
            let l = list(&plan);
            let t = Instant::now();
            let (status, draws, counted) = run(&plan, &counts)?;
            emit(&format!(
                "  {moved} votes moved, risk limit {limit}: certified {}; expected {}; first seed: {status:?} after {draws} draws, {counted} precincts compared ({:.2} s)\n",
                l.outcome,
                expected(l),
                t.elapsed().as_secs_f64()
            ))?;
        }
        // Over many seeds: the falsified seat must not be confirmed in more than 5% of them.
        let mut plan = Plan::of_record(&def, &bad, &seed(0), "0.05").map_err(fail)?;
        let t = Instant::now();
        let mut confirmed = 0;
        let mut drawn = Vec::new();
        for k in 1..=args.seeds {
            plan.seed = seed(k);
            for c in plan.contests.iter_mut().filter(|c| c.contest == LIST) {
                if let Some(n) = c.expected_draws {
                    c.first_round = c.round(&seed(k), n);
                }
            }
            let (status, draws, _) = run(&plan, &counts)?;
            if status == Status::Confirmed {
                confirmed += 1;
            }
            drawn.push(draws);
        }
        drawn.sort_unstable();
        emit(&format!(
            "  over {} seeds at 5%: the false seat confirmed in {confirmed} ({:.1}%), escalated to a full count in {} ({:.1}%); draws measured before: median {}, 90th percentile {} ({:.1} s)\n",
            args.seeds,
            100.0 * f64::from(confirmed) / f64::from(args.seeds),
            args.seeds - confirmed,
            100.0 * f64::from(args.seeds - confirmed) / f64::from(args.seeds),
            drawn[drawn.len() / 2],
            drawn[drawn.len() * 9 / 10],
            t.elapsed().as_secs_f64()
        ))?;
    }
    // How the cost grows: the sample definition at a quarter, a half and the whole size.
    for n in [2_558usize, 5_116, 10_233] {
        let d = sailau_definition::sample::mazhilis_2023(n, 7)
            .check()
            .map_err(|_| fail("the sample"))?;
        let p = sailau_audit::sample::protocols(
            &d,
            sailau_audit::sample::Shape {
                voters: 1_176,
                turnout: 54,
                electronic: 0,
                seed: 3,
            },
        );
        let c = hand_counts(&d, &p);
        let t = Instant::now();
        let plan = Plan::of_record(&d, &p, &seed(0), "0.05").map_err(fail)?;
        let planned = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let (status, draws, _) = run(&plan, &c)?;
        emit(&format!(
            "{n:>6} precincts: plan {planned:.3} s, assess {:.3} s ({status:?} after {draws} draws of {LIST})\n",
            t.elapsed().as_secs_f64()
        ))?;
    }
    emit(&format!("peak memory {} MiB\n", peak_kib() / 1024))
}

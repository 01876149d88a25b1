//! Party-list seats: threshold, Hare quota, largest remainder.
//!
//! The method, as verified on the 2012, 2016, 2021 and 2023 Mazhilis results:
//!
//! 1. A list passes with at least `threshold` of the base (edition's `denominator`).
//! 2. The Hare quota is Q = P / S, P the passing lists' votes and S the seats.
//! 3. Each passing list gets ⌊v / Q⌋ = ⌊v·S / P⌋ seats.
//! 4. The seats left go one each to the largest remainders v − ⌊v/Q⌋·Q; equal remainders go
//!    to the list registered earlier (edition's `remainder_tie`).
//!
//! All of it is integer arithmetic on v·S and P: a quotient is the fraction v·S / P, and
//! remainders, which share the denominator P, are compared as integers.
//!
//! When exactly one list passes, the edition's [`SoleParty`] rule applies: in 2007 it took every
//! seat; from 2009 the runner-up joins with a corrected quotient (see docs/law.md).

use crate::certificate::{Outcome, Step};
use crate::contest::Contest;
use crate::edition::{ListRules, SoleParty, TieRule};
use crate::error::LawError;
use crate::ratio::Ratio;
use crate::tally::{denominator, first_places, rank, Contender};

/// The list part of a decision.
pub(crate) struct ListResult {
    pub outcome: Outcome,
    /// Per option, in the contest's order.
    pub passed: Vec<bool>,
    pub seats: Vec<u32>,
    pub base: u128,
}

/// One list taking part in the allocation, with the weight of its quotient (1, or the
/// runner-up's correction).
struct Entrant {
    index: usize,
    weight: Ratio,
}

pub(crate) fn allocate(
    contest: &Contest,
    rules: &ListRules,
    seats: u32,
    threshold: Ratio,
    steps: &mut Vec<Step>,
) -> Result<ListResult, LawError> {
    let n = contest.options.len();
    let (base, step) = denominator(contest, rules.denominator)?;
    steps.push(step);
    let mut result = ListResult {
        outcome: Outcome::Repeat,
        passed: vec![false; n],
        seats: vec![0; n],
        base,
    };
    if base == 0 {
        steps.push(Step::Outcome {
            outcome: Outcome::Repeat,
            text: "No votes were cast for any list; no seats can be allocated.".into(),
        });
        return Ok(result);
    }

    // Step 1. The threshold: v / base >= t, i.e. v · t.den >= t.num · base.
    for (i, o) in contest.options.iter().enumerate() {
        result.passed[i] = u128::from(o.votes) * threshold.den() >= threshold.num() * base;
    }
    let name = |i: usize| contest.options[i].id.clone();
    let (passed, below): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| result.passed[i]);
    steps.push(Step::Threshold {
        share: threshold,
        line: Ratio::new(threshold.num() * base, threshold.den()),
        passed: passed.iter().map(|&i| name(i)).collect(),
        below: below.iter().map(|&i| name(i)).collect(),
    });

    let mut entrants: Vec<Entrant> = passed
        .iter()
        .map(|&i| Entrant {
            index: i,
            weight: Ratio::integer(1),
        })
        .collect();
    let mut guarantee = None;
    if passed.is_empty() {
        steps.push(Step::Outcome {
            outcome: Outcome::Repeat,
            text: "No list reached the threshold; no seats can be allocated.".into(),
        });
        return Ok(result);
    }
    if let [sole] = passed[..] {
        let joins = match rules.sole_party {
            SoleParty::TakesAllSeats => None,
            SoleParty::RunnerUpJoins {
                correction,
                min_seats,
            } => runner_up(contest, &below, steps).inspect(|&r| {
                entrants.push(Entrant {
                    index: r,
                    weight: correction,
                });
                guarantee = Some((r, sole, min_seats));
            }),
        };
        steps.push(Step::SoleParty {
            rule: rules.sole_party,
            passed: name(sole),
            joins: joins.map(name),
        });
    }

    // Step 2. The quota. The entrants' votes P are positive: a passing list holds at least
    // the threshold share of a positive base, or, with a zero threshold, see below.
    let pool: u128 = entrants
        .iter()
        .map(|e| u128::from(contest.options[e.index].votes))
        .sum();
    if pool == 0 {
        steps.push(Step::Outcome {
            outcome: Outcome::Repeat,
            text: "The lists taking part have no votes; no seats can be allocated.".into(),
        });
        return Ok(result);
    }
    steps.push(Step::Quota {
        votes: pool,
        seats,
        quota: Ratio::new(pool, u128::from(seats)),
    });

    // Step 3. Whole quotas. Quotient = v·S·w / P; every weight's denominator divides `wden`,
    // so all quotients share the denominator P·wden and remainders compare as integers.
    let wden = entrants.iter().map(|e| e.weight.den()).max().unwrap_or(1);
    let common = pool * wden;
    let mut contenders = Vec::new();
    let mut awarded: u32 = 0;
    for e in &entrants {
        let o = &contest.options[e.index];
        let v = u128::from(o.votes);
        let numer = v * u128::from(seats) * e.weight.num() * (wden / e.weight.den());
        let whole = (numer / common) as u32;
        let rem = numer % common;
        result.seats[e.index] = whole;
        awarded += whole;
        steps.push(Step::Quotient {
            option: o.id.clone(),
            votes: v,
            quotient: Ratio::new(numer, common),
            whole,
            // In votes: rem / (P·wden) quotas, one quota being P / S votes.
            remainder: Ratio::new(rem, u128::from(seats) * wden),
        });
        contenders.push(Contender {
            index: e.index,
            id: o.id.clone(),
            key: rem,
            registration_order: o.registration_order,
        });
    }

    // Step 4. Largest remainders, one seat each.
    let left = seats - awarded;
    rank(&mut contenders);
    let Some(winners) = first_places(&contenders, left as usize, rules.remainder_tie, steps) else {
        steps.push(Step::Outcome {
            outcome: Outcome::Repeat,
            text: "Equal remainders compete for the last seat and the edition names no tie-break."
                .into(),
        });
        result.seats = vec![0; n];
        return Ok(result);
    };
    for w in &winners {
        result.seats[w.index] += 1;
    }
    steps.push(Step::Remainders {
        seats_left: left,
        ranking: contenders.iter().map(|c| c.id.clone()).collect(),
        awarded: winners.iter().map(|c| c.id.clone()).collect(),
    });
    // Only a corrected (runner-up) quotient can leave more seats than there are entrants.
    let still_left = left - winners.len() as u32;
    if let Some((runner, sole, min_seats)) = guarantee {
        result.seats[sole] += still_left;
        let moved = min_seats
            .saturating_sub(result.seats[runner])
            .min(result.seats[sole]);
        result.seats[runner] += moved;
        result.seats[sole] -= moved;
        steps.push(Step::RunnerUpSeats {
            left_to_passed: still_left,
            min_seats,
            moved_to_runner_up: moved,
        });
    }
    result.outcome = Outcome::Allocated;
    let summary: Vec<String> = entrants
        .iter()
        .map(|e| format!("{} {}", contest.options[e.index].id, result.seats[e.index]))
        .collect();
    steps.push(Step::Outcome {
        outcome: Outcome::Allocated,
        text: format!("Seats: {}.", summary.join(", ")),
    });
    Ok(result)
}

/// The list with the most votes among those below the threshold, if it has any votes.
fn runner_up(contest: &Contest, below: &[usize], steps: &mut Vec<Step>) -> Option<usize> {
    let mut ranked: Vec<Contender> = below
        .iter()
        .filter(|&&i| contest.options[i].votes > 0)
        .map(|&i| Contender::by_votes(i, &contest.options[i]))
        .collect();
    rank(&mut ranked);
    first_places(&ranked, 1, TieRule::EarlierRegistration, steps)?
        .first()
        .map(|c| c.index)
}

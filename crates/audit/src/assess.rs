//! Assessing the hand counts against the plan: each draw in order, as long as its precinct
//! has been counted, measured against every assertion; then either every assertion is
//! confirmed at the risk limit, or the next round is named, or the audit goes to a full hand
//! count of the contest, which decides by itself (docs/audit.md, "Rounds").

use crate::counts::HandCounts;
use crate::plan::{Batch, ContestPlan, Plan, Round, PLAN_FORMAT, SCALE};
use crate::risk::{clean_draws, Limit, Risk};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Where the audit of one contest stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Every assertion's risk is within the limit: the outcome stands.
    Confirmed,
    /// The risk is not yet within the limit: count the next round.
    CountMore,
    /// The sample cannot confirm the outcome: count every precinct's paper.
    FullCount,
    /// Every precinct has been counted, and every assertion holds on the hand count.
    ConfirmedByFullCount,
    /// Every precinct has been counted, and an assertion fails: the certified outcome is
    /// not what the paper says.
    Overturned,
}

impl Status {
    /// Does the outcome stand, so that the audit of this contest is over?
    pub fn stands(self) -> bool {
        matches!(self, Status::Confirmed | Status::ConfirmedByFullCount)
    }
}

/// The assessment of every contest of a plan.
#[derive(Clone, Debug, Serialize)]
pub struct Assessment {
    /// The election.
    pub election: String,
    /// The risk limit.
    pub risk_limit: String,
    /// Each contest of the plan.
    pub contests: Vec<ContestAssessment>,
}

impl Assessment {
    /// Does every audited outcome stand?
    pub fn confirmed(&self) -> bool {
        self.contests.iter().all(|c| c.status.stands())
    }
}

/// One contest's assessment.
#[derive(Clone, Debug, Serialize)]
pub struct ContestAssessment {
    /// The contest.
    pub contest: String,
    /// The outcome certified.
    pub outcome: String,
    /// Where the audit stands.
    pub status: Status,
    /// Why it went to a full hand count, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// Draws measured, in order from the first.
    pub draws: u64,
    /// Each sampled precinct counted, against its protocol; in a full hand count, every
    /// precinct counted.
    pub compared: Vec<Compared>,
    /// Each assertion's risk.
    pub assertions: Vec<AssertionRisk>,
    /// What to count next: the next round's precincts not yet counted, or every precinct
    /// left for a full hand count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Round>,
}

/// A sampled precinct's hand count against its protocol.
#[derive(Clone, Debug, Serialize)]
pub struct Compared {
    /// The precinct.
    pub precinct: String,
    /// How many of the measured draws named it (0: counted in the full hand count only).
    pub drawn: u64,
    /// Its protocol's paper votes per option, then invalid ballots.
    pub protocol: Vec<u64>,
    /// The hand count's, in the same order.
    pub hand: Vec<u64>,
}

/// One assertion's risk.
#[derive(Clone, Debug, Serialize)]
pub struct AssertionRisk {
    /// The assertion.
    pub id: String,
    /// Its claim.
    pub claim: String,
    /// Its margin, in the form's units.
    pub margin: i128,
    /// The overstatement the counted precincts show, each once.
    pub overstatement: i128,
    /// The risk after the draws measured, rounded up to six decimals.
    pub risk: String,
    /// The draw at which the risk first came within the limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmed_at: Option<u64>,
}

/// Why hand counts cannot be assessed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct AssessError(pub String);

/// A hand count, as the plan's batches are: votes per option, and invalid ballots.
struct Hand {
    options: Vec<u64>,
    invalid: u64,
}

impl Hand {
    fn ballots(&self) -> u128 {
        self.options.iter().map(|&v| u128::from(v)).sum::<u128>() + u128::from(self.invalid)
    }

    fn as_batch(&self, b: &Batch) -> Batch {
        Batch {
            options: self.options.clone(),
            invalid: self.invalid,
            ..b.clone()
        }
    }
}

/// Assesses `counts` against `plan`.
pub fn assess(plan: &Plan, counts: &HandCounts) -> Result<Assessment, AssessError> {
    if plan.format != PLAN_FORMAT {
        return Err(AssessError(format!(
            "the plan's format is \"{}\", expected \"{PLAN_FORMAT}\"",
            plan.format
        )));
    }
    if counts.election != plan.election || counts.definition != plan.definition {
        return Err(AssessError(
            "the hand counts are of another election or definition than the plan".into(),
        ));
    }
    let limit = plan
        .limit()
        .ok_or_else(|| AssessError(format!("the plan's risk limit \"{}\"", plan.risk_limit)))?;
    let contests = plan
        .contests
        .iter()
        .map(|c| contest(plan, c, counts, limit))
        .collect::<Result<_, _>>()?;
    Ok(Assessment {
        election: plan.election.clone(),
        risk_limit: plan.risk_limit.clone(),
        contests,
    })
}

/// The hand counts of `c`'s batches, by batch index, checked against its ballot.
fn hands(c: &ContestPlan, counts: &HandCounts) -> Result<HashMap<usize, Hand>, AssessError> {
    let index: HashMap<&str, usize> = c
        .batches
        .iter()
        .enumerate()
        .map(|(i, b)| (b.precinct.as_str(), i))
        .collect();
    let mut out = HashMap::new();
    for p in &counts.precincts {
        let Some(k) = p.contests.iter().find(|k| k.contest == c.contest) else {
            continue;
        };
        let Some(&i) = index.get(p.precinct.as_str()) else {
            return Err(AssessError(format!(
                "precinct {} has no paper of contest {} in the plan",
                p.precinct, c.contest
            )));
        };
        let ids: Vec<&str> = k.options.iter().map(|o| o.option.as_str()).collect();
        let want: Vec<&str> = c.options.iter().map(String::as_str).collect();
        if ids != want {
            return Err(AssessError(format!(
                "precinct {}, contest {}: the options counted are {ids:?}, the ballot's {want:?}",
                p.precinct, c.contest
            )));
        }
        out.insert(
            i,
            Hand {
                options: k.options.iter().map(|o| o.votes).collect(),
                invalid: k.invalid,
            },
        );
    }
    Ok(out)
}

fn contest(
    plan: &Plan,
    c: &ContestPlan,
    counts: &HandCounts,
    limit: Limit,
) -> Result<ContestAssessment, AssessError> {
    let hands = hands(c, counts)?;
    let weights: Vec<u128> = c.batches.iter().map(|b| b.weight).collect();
    let n = c.assertions.len();
    let mut risks = vec![Risk::default(); n];
    let mut confirmed_at: Vec<Option<u64>> = vec![None; n];
    let mut drawn: HashMap<usize, u64> = HashMap::new();
    let mut order: Vec<usize> = Vec::new();
    let mut out = ContestAssessment {
        contest: c.contest.clone(),
        outcome: c.outcome.clone(),
        status: Status::Confirmed,
        why: None,
        draws: 0,
        compared: Vec::new(),
        assertions: Vec::new(),
        next: None,
    };
    let overstatement = |a: usize, i: usize, h: &Hand| {
        let b = &c.batches[i];
        let p = &c.assertions[a].assertion;
        b.bound(p).0 - h.as_batch(b).bound(p).0
    };
    let mut escalate: Option<String> = None;
    if c.total_weight >= SCALE {
        let mut sequence = c.draws(&plan.seed, &weights);
        let mut target = c.expected_draws.unwrap_or(0);
        if c.expected_draws.is_none() {
            escalate = Some("the expected sample is larger than a full hand count".into());
        }
        let weighted = c.batches.iter().filter(|b| b.weight > 0).count();
        let mut seen: Vec<usize> = Vec::new();
        let mut seen_set: HashSet<usize> = HashSet::new();
        let mut take = |upto: u64, seen: &mut Vec<usize>, seen_set: &mut HashSet<usize>| {
            while (seen.len() as u64) < upto {
                let Some(i) = sequence.next() else { break };
                seen.push(i);
                seen_set.insert(i);
            }
        };
        'rounds: while escalate.is_none() {
            take(target, &mut seen, &mut seen_set);
            while out.draws < target {
                let i = seen[out.draws as usize];
                let Some(h) = hands.get(&i) else {
                    out.status = Status::CountMore;
                    let mut listed = HashSet::new();
                    let precincts = seen[out.draws as usize..]
                        .iter()
                        .filter(|j| !hands.contains_key(j) && listed.insert(**j))
                        .map(|&j| c.batches[j].precinct.clone())
                        .collect();
                    out.next = Some(Round {
                        draws: target,
                        precincts,
                    });
                    break 'rounds;
                };
                if h.ballots() > u128::from(c.batches[i].ballots) {
                    escalate = Some(format!(
                        "precinct {}'s paper holds more ballots than its protocol accounts for",
                        c.batches[i].precinct
                    ));
                    break 'rounds;
                }
                out.draws += 1;
                if drawn
                    .insert(i, drawn.get(&i).copied().unwrap_or(0) + 1)
                    .is_none()
                {
                    order.push(i);
                }
                for a in 0..n {
                    let p = &c.assertions[a];
                    let e = overstatement(a, i, h);
                    if risks[a]
                        .draw(c.total_weight, SCALE, weights[i], p.margin, e)
                        .is_err()
                    {
                        escalate = Some(format!(
                            "precinct {}'s hand count lies outside its bound",
                            c.batches[i].precinct
                        ));
                        break 'rounds;
                    }
                    if confirmed_at[a].is_none() && risks[a].within(c.total_weight, SCALE, limit) {
                        confirmed_at[a] = Some(out.draws);
                    }
                }
                if confirmed_at.iter().all(Option::is_some) {
                    out.status = Status::Confirmed;
                    break 'rounds;
                }
                // Every batch that could matter has been counted: the paper decides by
                // itself, exactly.
                if order.len() == weighted {
                    escalate = Some("every precinct with paper has been drawn".into());
                    break 'rounds;
                }
            }
            // The round is counted and some assertion is not confirmed: the next round is
            // as many more draws as would confirm every one if they found no discrepancy.
            let mut more = 1u64;
            for a in (0..n).filter(|&a| confirmed_at[a].is_none()) {
                match clean_draws(
                    &risks[a],
                    c.total_weight,
                    SCALE,
                    limit,
                    crate::plan::draw_cap(&c.batches),
                ) {
                    Some(k) => more = more.max(k),
                    None => {
                        escalate = Some(format!(
                            "{} cannot be confirmed by more draws",
                            c.assertions[a].assertion.id
                        ));
                        break 'rounds;
                    }
                }
            }
            target += more;
            if target > weighted as u64 {
                escalate = Some(format!(
                    "the next round would draw {target} times from {weighted} precincts with paper"
                ));
                break 'rounds;
            }
            take(target, &mut seen, &mut seen_set);
            if seen_set.len() * 2 > weighted {
                escalate = Some(format!(
                    "the next round would count {} of the {weighted} precincts with paper",
                    seen_set.len()
                ));
            }
        }
    }
    if let Some(why) = escalate {
        out.why = Some(why);
        full_count(c, &hands, &mut out);
        // A full hand count compares every precinct counted, drawn or not.
        let mut rest: Vec<usize> = hands
            .keys()
            .copied()
            .filter(|i| !drawn.contains_key(i))
            .collect();
        rest.sort_unstable();
        for i in rest {
            drawn.insert(i, 0);
            order.push(i);
        }
    }
    out.compared = order
        .iter()
        .map(|&i| {
            let b = &c.batches[i];
            let h = &hands[&i];
            Compared {
                precinct: b.precinct.clone(),
                drawn: drawn[&i],
                protocol: b.options.iter().copied().chain([b.invalid]).collect(),
                hand: h.options.iter().copied().chain([h.invalid]).collect(),
            }
        })
        .collect();
    out.assertions = c
        .assertions
        .iter()
        .enumerate()
        .map(|(a, p)| AssertionRisk {
            id: p.assertion.id.clone(),
            claim: p.assertion.claim.clone(),
            margin: p.margin,
            overstatement: order.iter().map(|&i| overstatement(a, i, &hands[&i])).sum(),
            risk: if out.status == Status::ConfirmedByFullCount || c.total_weight < SCALE {
                "0".into()
            } else {
                risks[a].shown(c.total_weight, SCALE)
            },
            confirmed_at: confirmed_at[a].or((c.total_weight < SCALE).then_some(0)),
        })
        .collect();
    Ok(out)
}

/// A full hand count: the precincts still to count, or, when all are counted, the verdict
/// of the paper itself on every assertion.
fn full_count(c: &ContestPlan, hands: &HashMap<usize, Hand>, out: &mut ContestAssessment) {
    let left: Vec<String> = c
        .batches
        .iter()
        .enumerate()
        .filter(|(i, b)| b.weight > 0 && !hands.contains_key(i))
        .map(|(_, b)| b.precinct.clone())
        .collect();
    if !left.is_empty() {
        out.status = Status::FullCount;
        out.next = Some(Round {
            draws: 0,
            precincts: left,
        });
        return;
    }
    let failing: Vec<&str> = c
        .assertions
        .iter()
        .filter(|p| {
            let change: i128 = hands
                .iter()
                .map(|(&i, h)| {
                    let b = &c.batches[i];
                    h.as_batch(b).bound(&p.assertion).0 - b.bound(&p.assertion).0
                })
                .sum();
            !p.assertion.holds(p.reported + change)
        })
        .map(|p| p.assertion.id.as_str())
        .collect();
    if failing.is_empty() {
        out.status = Status::ConfirmedByFullCount;
    } else {
        out.status = Status::Overturned;
        out.why = Some(format!(
            "{}; on the full hand count, these fail: {}",
            out.why.take().unwrap_or_default(),
            failing.join(", ")
        ));
    }
}

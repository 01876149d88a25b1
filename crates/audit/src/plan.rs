//! The plan: per contest, its assertions with their margins, each precinct's paper as its
//! protocol reports it with its weight (its error bound over the margin), the expected
//! sample and the first round's draws (docs/audit.md, "The plan"). Everything in it follows
//! from the record, the seed and the risk limit, so anyone can make it again.

use crate::assertion::{assertions, Assertion};
use crate::draw::{valid_seed, Draws};
use crate::risk::{clean_draws, Limit, Risk};
use sailau_definition::Checked;
use sailau_law::{Contest, Decision};
use sailau_protocol::Protocol;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The format tag of a plan.
pub const PLAN_FORMAT: &str = "sailau-audit-plan/1";

/// Weights are bounds over margins in units of 1/`SCALE`, rounded up: rounding up keeps
/// each a bound, and makes the total weight an integer.
pub const SCALE: u128 = 1_000_000_000_000;

/// More draws than a contest has precincts with paper are a full hand count instead: by
/// then counting them all is the smaller task, and it decides exactly.
pub fn draw_cap(batches: &[Batch]) -> u64 {
    batches.iter().filter(|b| b.weight > 0).count() as u64
}

/// The audit of an election's paper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Exactly [`PLAN_FORMAT`].
    #[schemars(extend("const" = PLAN_FORMAT))]
    pub format: String,
    /// The election's id.
    pub election: String,
    /// The definition's digest.
    pub definition: String,
    /// The public seed, in decimal digits.
    pub seed: String,
    /// The risk limit, as given (`0.05`).
    pub risk_limit: String,
    /// The contests audited.
    pub contests: Vec<ContestPlan>,
    /// The contests not audited, and why.
    pub unaudited: Vec<NotAudited>,
}

/// A contest left out of the audit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotAudited {
    /// The contest.
    pub contest: String,
    /// Why.
    pub why: String,
}

/// One contest's audit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContestPlan {
    /// The contest's id.
    pub contest: String,
    /// The outcome certified, in words.
    pub outcome: String,
    /// The option ids in ballot order, "against all" last.
    pub options: Vec<String>,
    /// The assertions, with their margins.
    pub assertions: Vec<Planned>,
    /// Every precinct that counts paper in this contest, in id order.
    pub batches: Vec<Batch>,
    /// The sum of the batches' weights: U, in units of 1/[`SCALE`].
    pub total_weight: u128,
    /// Draws needed if every batch drawn matches its protocol; 0 when the paper cannot
    /// change the outcome whatever it holds; none when more than [`draw_cap`].
    pub expected_draws: Option<u64>,
    /// The first round: its draws, and the precincts they name, each once, in draw order.
    pub first_round: Round,
}

/// An assertion with its figures on the reported counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Planned {
    /// The assertion.
    pub assertion: Assertion,
    /// The form's value on the reported counts, paper and electronic.
    pub reported: i128,
    /// The least total overstatement that would make it false (1 or more).
    pub margin: i128,
}

/// One precinct's paper in one contest, as its protocol reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    /// The precinct.
    pub precinct: String,
    /// The region (a unit without a parent) it lies in.
    pub region: String,
    /// The most paper ballots its boxes can hold: the larger of those found and those
    /// issued to voters.
    pub ballots: u64,
    /// The paper votes of each option, as the protocol reports them.
    pub options: Vec<u64>,
    /// The invalid paper ballots, as the protocol reports them.
    pub invalid: u64,
    /// The batch's error bound over the margin, the largest over the assertions, in units
    /// of 1/[`SCALE`], rounded up.
    pub weight: u128,
}

/// A round of the sample.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Round {
    /// Draws 1 to this one.
    pub draws: u64,
    /// The precincts drawn, each once, in the order first drawn.
    pub precincts: Vec<String>,
}

/// Why no plan can be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The seed is not a public seed.
    #[error("the seed must be at least 20 decimal digits, and digits only")]
    Seed,
    /// The risk limit is not a fraction between 0 and 1.
    #[error("the risk limit must be written 0.DIGITS, between 0 and 1 (say 0.05)")]
    Limit,
    /// A precinct of the definition has no protocol in the record.
    #[error("precinct {0} has no protocol: audit a whole record")]
    Missing(String),
    /// An assertion of the certified outcome does not hold on the record's own counts.
    #[error("contest {contest}: {assertion} does not hold on the reported counts: the record contradicts its own decision")]
    Contradiction {
        /// The contest.
        contest: String,
        /// The assertion.
        assertion: String,
    },
    /// The protocols do not add up to results the law can decide.
    #[error("the record's results: {0}")]
    Results(String),
    /// A figure outgrew the arithmetic.
    #[error("contest {0}: a figure is too large")]
    Overflow(String),
}

impl Batch {
    /// The batch's part of `a`'s value, and its error bound: by how much its true paper
    /// could make the value smaller than reported.
    pub fn bound(&self, a: &Assertion) -> (i128, i128) {
        if a.within.as_ref().is_some_and(|r| *r != self.region) {
            return (0, 0);
        }
        let value = a.value(&self.options, self.invalid);
        (
            value,
            value - i128::from(self.ballots) * a.least_coefficient(),
        )
    }
}

/// A contest's audit with no draws yet: its batches and assertions, from the protocols.
struct Builder<'a> {
    contest: &'a Contest,
    decision: &'a Decision,
}

impl Plan {
    /// The plan for every contest of `decided`, from the precinct protocols of the record.
    pub fn new(
        def: &Checked,
        protocols: &[&Protocol],
        decided: &[(&Contest, &Decision)],
        seed: &str,
        risk_limit: &str,
    ) -> Result<Plan, PlanError> {
        if !valid_seed(seed) {
            return Err(PlanError::Seed);
        }
        let limit = Limit::parse(risk_limit).ok_or(PlanError::Limit)?;
        let by_id: HashMap<&str, &Protocol> =
            protocols.iter().map(|p| (p.unit.as_str(), *p)).collect();
        if let Some(p) = def
            .precincts
            .iter()
            .find(|p| !by_id.contains_key(p.id.as_str()))
        {
            return Err(PlanError::Missing(p.id.clone()));
        }
        let mut ordered: Vec<&Protocol> = protocols.to_vec();
        ordered.sort_by(|a, b| a.unit.cmp(&b.unit));
        let mut contests = Vec::new();
        let mut unaudited = Vec::new();
        for &(contest, decision) in decided {
            let b = Builder { contest, decision };
            match assertions(contest, decision) {
                Err(e) => unaudited.push(NotAudited {
                    contest: contest.id.clone(),
                    why: e.to_string(),
                }),
                Ok(list) => contests.push(b.plan(list, def, &ordered, seed, limit)?),
            }
        }
        Ok(Plan {
            format: PLAN_FORMAT.into(),
            election: def.election.id.clone(),
            definition: def.digest().to_string(),
            seed: seed.into(),
            risk_limit: risk_limit.into(),
            contests,
            unaudited,
        })
    }

    /// The plan for a whole record's precinct protocols: summed up the hierarchy and decided
    /// by the law in force, by the record's one road (`sailau_record`), then planned.
    pub fn of_record(
        def: &Checked,
        protocols: &[Protocol],
        seed: &str,
        risk_limit: &str,
    ) -> Result<Plan, PlanError> {
        let refs: Vec<&Protocol> = protocols.iter().collect();
        let bodies = sailau_record::levels::bodies(def, &refs)
            .map_err(|e| PlanError::Results(e.to_string()))?;
        let decided: Vec<_> = bodies.iter().map(|b| b.decide()).collect();
        if let Some(r) = decided.iter().flat_map(|d| &d.refused).next() {
            return Err(PlanError::Results(r.clone()));
        }
        let pairs: Vec<_> = decided
            .iter()
            .flat_map(|d| d.decisions.iter().map(|(e, d)| (&e.contest, d)))
            .collect();
        Plan::new(def, &refs, &pairs, seed, risk_limit)
    }

    /// The risk limit, as read from the plan.
    pub fn limit(&self) -> Option<Limit> {
        Limit::parse(&self.risk_limit)
    }
}

impl Builder<'_> {
    fn plan(
        &self,
        list: Vec<Assertion>,
        def: &Checked,
        protocols: &[&Protocol],
        seed: &str,
        limit: Limit,
    ) -> Result<ContestPlan, PlanError> {
        let id = &self.contest.id;
        let over = || PlanError::Overflow(id.clone());
        let mut options: Vec<String> = self.contest.options.iter().map(|o| o.id.clone()).collect();
        if self.contest.against_all.is_some() {
            options.push(sailau_definition::AGAINST_ALL.into());
        }
        let mut batches = Vec::new();
        let mut totals: Vec<i128> = list.iter().map(|a| a.constant).collect();
        for p in protocols {
            let Some(c) = p.contests.iter().find(|c| &c.contest == id) else {
                continue;
            };
            let region = def.region_of(&p.unit).unwrap_or_default();
            let electronic: Vec<u64> = c.options.iter().map(|o| o.electronic).collect();
            let paper: Vec<u64> = c.options.iter().map(|o| o.paper).collect();
            let sum = |xs: &[u64]| xs.iter().try_fold(0u64, |s, &x| s.checked_add(x));
            let found = sum(&[c.paper.found_station, c.paper.found_mobile]);
            let issued = sum(&[c.paper.issued_station, c.paper.issued_mobile]);
            let counted = sum(&paper).and_then(|v| v.checked_add(c.paper.invalid));
            let batch = Batch {
                precinct: p.unit.clone(),
                region: region.to_string(),
                // Whichever is largest, so that the bound holds even where a protocol's
                // figures do not add up.
                ballots: [found, issued, counted]
                    .into_iter()
                    .try_fold(0u64, |m, x| x.map(|x| m.max(x)))
                    .ok_or_else(over)?,
                options: paper,
                invalid: c.paper.invalid,
                weight: 0,
            };
            for (a, t) in list.iter().zip(totals.iter_mut()) {
                if a.within.as_ref().is_some_and(|r| r != region) {
                    continue;
                }
                *t += a.value(&electronic, c.electronic.blank) + batch.bound(a).0;
            }
            batches.push(batch);
        }
        let mut planned = Vec::new();
        for (a, reported) in list.into_iter().zip(totals) {
            let margin = a.margin(reported);
            if !a.holds(reported) || margin <= 0 {
                return Err(PlanError::Contradiction {
                    contest: id.clone(),
                    assertion: a.id,
                });
            }
            planned.push(Planned {
                assertion: a,
                reported,
                margin,
            });
        }
        for b in &mut batches {
            let mut w = 0u128;
            for p in &planned {
                let u = b.bound(&p.assertion).1 as u128;
                let m = p.margin as u128;
                let scaled = u.checked_mul(SCALE).ok_or_else(over)?;
                w = w.max(scaled.div_ceil(m));
            }
            b.weight = w;
        }
        let total_weight = batches
            .iter()
            .try_fold(0u128, |s, b| s.checked_add(b.weight))
            .ok_or_else(over)?;
        let expected_draws = if total_weight < SCALE {
            Some(0)
        } else {
            clean_draws(
                &Risk::default(),
                total_weight,
                SCALE,
                limit,
                draw_cap(&batches),
            )
        };
        let mut plan = ContestPlan {
            contest: id.clone(),
            outcome: outcome_text(self.decision),
            options,
            assertions: planned,
            batches,
            total_weight,
            expected_draws,
            first_round: Round {
                draws: 0,
                precincts: Vec::new(),
            },
        };
        plan.first_round = match expected_draws {
            Some(n) => plan.round(seed, n),
            None => plan.everything(),
        };
        Ok(plan)
    }
}

impl ContestPlan {
    /// Draws 1 to `n` under `seed`, and the precincts they name, each once.
    pub fn round(&self, seed: &str, n: u64) -> Round {
        let weights: Vec<u128> = self.batches.iter().map(|b| b.weight).collect();
        let mut seen = std::collections::HashSet::new();
        let precincts = Draws::new(seed, &self.contest, &weights)
            .take(n as usize)
            .filter(|&i| seen.insert(i))
            .map(|i| self.batches[i].precinct.clone())
            .collect();
        Round {
            draws: n,
            precincts,
        }
    }

    /// A full hand count: every precinct with paper that could matter.
    pub fn everything(&self) -> Round {
        Round {
            draws: 0,
            precincts: self
                .batches
                .iter()
                .filter(|b| b.weight > 0)
                .map(|b| b.precinct.clone())
                .collect(),
        }
    }

    /// The draws under `seed`, by batch index.
    pub fn draws<'a>(&'a self, seed: &'a str, weights: &'a [u128]) -> Draws<'a> {
        Draws::new(seed, &self.contest, weights)
    }
}

/// The decision in words: the seats, the winner, the two in the runoff, or the outcome.
fn outcome_text(d: &Decision) -> String {
    if let Some(w) = &d.winner {
        return format!("{w} elected");
    }
    if let Some([a, b]) = &d.runoff {
        return format!("runoff between {a} and {b}");
    }
    let parts: Vec<String> = d
        .options
        .iter()
        .filter_map(|o| o.seats.filter(|&s| s > 0).map(|s| format!("{} {s}", o.id)))
        .collect();
    if parts.is_empty() {
        return d.outcome.name().into();
    }
    format!("seats: {}", parts.join(", "))
}

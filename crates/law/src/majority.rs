//! Single winners: absolute majority with a runoff (President, Senate, 2004 districts) and
//! plurality (single-member districts, rural akims).
//!
//! Majority: a candidate is elected with more than half of the base, i.e. `2·v > base`.
//! Otherwise the top two go to a second round, where more votes wins. The Senate adds a
//! quorum: the vote counts only if more than half of the electors took part.

use crate::certificate::{Outcome, Step};
use crate::contest::Contest;
use crate::edition::{Denominator, SeatRules, SingleSeat, TieRule};
use crate::error::LawError;
use crate::ratio::Ratio;
use crate::tally::{count, denominator, first_places, rank, Contender};

/// A single-winner decision, by option index.
pub(crate) struct SeatResult {
    pub outcome: Outcome,
    pub winner: Option<usize>,
    pub runoff: Option<[usize; 2]>,
    pub base: u128,
}

impl SeatResult {
    fn repeat(base: u128, steps: &mut Vec<Step>, text: &str) -> SeatResult {
        steps.push(Step::Outcome {
            outcome: Outcome::Repeat,
            text: text.into(),
        });
        SeatResult {
            outcome: Outcome::Repeat,
            winner: None,
            runoff: None,
            base,
        }
    }

    fn elected(base: u128, winner: usize, contest: &Contest, steps: &mut Vec<Step>) -> SeatResult {
        steps.push(Step::Outcome {
            outcome: Outcome::Elected,
            text: format!("{} is elected.", contest.options[winner].id),
        });
        SeatResult {
            outcome: Outcome::Elected,
            winner: Some(winner),
            runoff: None,
            base,
        }
    }
}

fn ranked(contest: &Contest) -> Vec<Contender> {
    let mut r: Vec<Contender> = contest
        .options
        .iter()
        .enumerate()
        .map(|(i, c)| Contender::by_votes(i, c))
        .collect();
    rank(&mut r);
    r
}

fn ranking_step(contest: &Contest, ranked: &[Contender], rule: Option<SingleSeat>) -> Step {
    Step::Ranking {
        rule,
        order: ranked
            .iter()
            .map(|c| count(&contest.options[c.index]))
            .collect(),
    }
}

/// Did more than `share` of the registered voters (electors) take part?
pub(crate) fn quorum(
    contest: &Contest,
    share: Ratio,
    steps: &mut Vec<Step>,
) -> Result<bool, LawError> {
    let why = "the vote is valid only if enough took part";
    let registered = contest.registered.ok_or(LawError::Missing {
        field: "registered",
        kind: contest.kind,
        why,
    })?;
    let cast = contest.ballots_cast.ok_or(LawError::Missing {
        field: "ballots_cast",
        kind: contest.kind,
        why,
    })?;
    let (took_part, registered) = (u128::from(cast), u128::from(registered));
    let met = took_part * share.den() > share.num() * registered;
    steps.push(Step::Quorum {
        took_part,
        registered,
        share,
        met,
    });
    if !met {
        steps.push(Step::Outcome {
            outcome: Outcome::Invalid,
            text: "Too few took part; the vote is invalid.".into(),
        });
    }
    Ok(met)
}

/// Majority with a runoff. `round` 2 decides a runoff by more votes.
pub(crate) fn two_round(
    contest: &Contest,
    base_rule: Denominator,
    tie: TieRule,
    steps: &mut Vec<Step>,
) -> Result<SeatResult, LawError> {
    let (base, step) = denominator(contest, base_rule)?;
    steps.push(step);
    let ranked = ranked(contest);
    if contest.round == 2 {
        if ranked.len() != 2 {
            return Err(LawError::RunoffNeedsTwo {
                found: ranked.len(),
            });
        }
        steps.push(Step::SecondRound {
            order: ranked
                .iter()
                .map(|c| count(&contest.options[c.index]))
                .collect(),
        });
        return Ok(match first_places(&ranked, 1, tie, steps) {
            Some(w) => SeatResult::elected(base, w[0].index, contest, steps),
            None => SeatResult::repeat(base, steps, "The two candidates tied in the second round."),
        });
    }
    steps.push(ranking_step(
        contest,
        &ranked,
        Some(SingleSeat::MajorityWithRunoff),
    ));
    if base == 0 {
        return Ok(SeatResult::repeat(base, steps, "No votes were cast."));
    }
    let leader = &ranked[0];
    let met = leader.key * 2 > base;
    steps.push(Step::Majority {
        leader: leader.id.clone(),
        votes: leader.key,
        base,
        met,
    });
    if met {
        return Ok(SeatResult::elected(base, leader.index, contest, steps));
    }
    if ranked.len() < 2 {
        return Ok(SeatResult::repeat(
            base,
            steps,
            "The only candidate fell short of a majority.",
        ));
    }
    Ok(match first_places(&ranked, 2, tie, steps) {
        Some(two) => {
            steps.push(Step::Outcome {
                outcome: Outcome::Runoff,
                text: format!(
                    "No majority: {} and {} go to a second round.",
                    two[0].id, two[1].id
                ),
            });
            SeatResult {
                outcome: Outcome::Runoff,
                winner: None,
                runoff: Some([two[0].index, two[1].index]),
                base,
            }
        }
        None => SeatResult::repeat(
            base,
            steps,
            "A tie for a runoff place; the vote is repeated.",
        ),
    })
}

/// One seat under the edition's seat rules (single-member district, rural akim).
pub(crate) fn single_seat(
    contest: &Contest,
    rules: &SeatRules,
    steps: &mut Vec<Step>,
) -> Result<SeatResult, LawError> {
    if rules.rule == SingleSeat::MajorityWithRunoff {
        return two_round(contest, rules.denominator, rules.tie, steps);
    }
    if contest.round != 1 {
        return Err(LawError::NoSecondRound);
    }
    let (base, step) = denominator(contest, rules.denominator)?;
    steps.push(step);
    let ranked = ranked(contest);
    steps.push(ranking_step(contest, &ranked, Some(SingleSeat::Plurality)));
    if base == 0 {
        return Ok(SeatResult::repeat(base, steps, "No votes were cast."));
    }
    if let Some(against) = contest.against_all {
        let leader = &ranked[0];
        let first = u128::from(against) >= leader.key;
        steps.push(Step::AgainstAll {
            votes: u128::from(against),
            leader: leader.id.clone(),
            leader_votes: leader.key,
            first,
        });
        if first {
            return Ok(SeatResult::repeat(
                base,
                steps,
                "\"Against all\" is not behind the leading candidate.",
            ));
        }
    }
    Ok(match first_places(&ranked, 1, rules.tie, steps) {
        Some(w) => SeatResult::elected(base, w[0].index, contest, steps),
        None => SeatResult::repeat(base, steps, "Candidates tied for first place."),
    })
}

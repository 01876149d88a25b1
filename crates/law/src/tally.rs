//! Helpers shared by the rules: the base of shares, rankings, and choosing the first few
//! places when a tie straddles the last one.

use crate::certificate::{Count, Step};
use crate::contest::{Choice, Contest};
use crate::edition::{Denominator, TieRule};
use crate::error::LawError;

/// The contest's base for shares under `base`, and the step that shows it.
pub(crate) fn denominator(contest: &Contest, base: Denominator) -> Result<(u128, Step), LawError> {
    let mut counted: Vec<Count> = contest.options.iter().map(count).collect();
    let total = match base {
        Denominator::ValidVotes => {
            if let Some(a) = contest.against_all {
                counted.push(Count {
                    id: "against-all".into(),
                    votes: u128::from(a),
                });
            }
            counted.iter().map(|c| c.votes).sum()
        }
        Denominator::OptionVotes => counted.iter().map(|c| c.votes).sum(),
        Denominator::BallotsCast => {
            let cast = contest.ballots_cast.ok_or(LawError::Missing {
                field: "ballots_cast",
                kind: contest.kind,
                why: "it is the base of every share",
            })?;
            counted = vec![Count {
                id: "ballots-cast".into(),
                votes: u128::from(cast),
            }];
            u128::from(cast)
        }
    };
    Ok((
        total,
        Step::Denominator {
            base,
            counted,
            total,
        },
    ))
}

pub(crate) fn count(c: &Choice) -> Count {
    Count {
        id: c.id.clone(),
        votes: u128::from(c.votes),
    }
}

/// One contender for places, ranked by `key` (votes, or a remainder).
#[derive(Debug, Clone)]
pub(crate) struct Contender {
    /// Index into the contest's options.
    pub index: usize,
    pub id: String,
    pub key: u128,
    pub registration_order: u32,
}

impl Contender {
    pub fn by_votes(index: usize, c: &Choice) -> Contender {
        Contender {
            index,
            id: c.id.clone(),
            key: u128::from(c.votes),
            registration_order: c.registration_order,
        }
    }
}

/// Sorts contenders by key, largest first, then by registration order. The second key only
/// fixes the order of display: ties that matter go through [`first_places`].
pub(crate) fn rank(contenders: &mut [Contender]) {
    contenders.sort_by(|a, b| {
        b.key
            .cmp(&a.key)
            .then(a.registration_order.cmp(&b.registration_order))
    });
}

/// The first `places` of ranked contenders. When contenders with equal keys straddle the last
/// place, `tie` decides: the earlier registered win, or nobody does (`None`). Every tie that
/// decides something is recorded as a step.
pub(crate) fn first_places(
    ranked: &[Contender],
    places: usize,
    tie: TieRule,
    steps: &mut Vec<Step>,
) -> Option<Vec<Contender>> {
    if places == 0 {
        return Some(Vec::new());
    }
    if places >= ranked.len() {
        return Some(ranked.to_vec());
    }
    let line = ranked[places - 1].key;
    if ranked[places].key != line {
        return Some(ranked[..places].to_vec());
    }
    let sure: Vec<Contender> = ranked.iter().filter(|c| c.key > line).cloned().collect();
    let mut tied: Vec<Contender> = ranked.iter().filter(|c| c.key == line).cloned().collect();
    tied.sort_by_key(|c| c.registration_order);
    let open = places - sure.len();
    let tied_ids = tied.iter().map(|c| c.id.clone()).collect();
    match tie {
        TieRule::EarlierRegistration => {
            let chosen: Vec<Contender> = tied.into_iter().take(open).collect();
            steps.push(Step::TieBreak {
                tied: tied_ids,
                places: open as u32,
                rule: tie,
                chosen: chosen.iter().map(|c| c.id.clone()).collect(),
            });
            Some(sure.into_iter().chain(chosen).collect())
        }
        TieRule::Repeat => {
            steps.push(Step::TieBreak {
                tied: tied_ids,
                places: open as u32,
                rule: tie,
                chosen: vec![],
            });
            None
        }
    }
}

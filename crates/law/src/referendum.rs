//! Referendum questions.
//!
//! Valid if more than half of the registered voters took part; adopted if more than half of
//! those who took part (invalid ballots included, as in the CEC's 77.18% of 2022) said yes. A
//! question that changes the Constitution also needs a yes majority in at least two thirds of
//! the regions (oblasts and cities of republican significance).

use crate::certificate::{Outcome, Step};
use crate::contest::Contest;
use crate::edition::ReferendumRules;
use crate::error::LawError;
use crate::majority::quorum;

pub(crate) struct QuestionResult {
    pub outcome: Outcome,
    pub base: u128,
}

pub(crate) fn decide(
    contest: &Contest,
    rules: &ReferendumRules,
    steps: &mut Vec<Step>,
) -> Result<QuestionResult, LawError> {
    let answer = |id: &str| contest.options.iter().find(|o| o.id == id);
    let (Some(yes), Some(_no), 2) = (answer("yes"), answer("no"), contest.options.len()) else {
        return Err(LawError::ReferendumAnswers);
    };
    if contest.constitutional && contest.regions.is_empty() {
        return Err(LawError::Missing {
            field: "regions",
            kind: contest.kind,
            why: "a constitutional question needs a yes majority in two thirds of the regions",
        });
    }
    let valid = quorum(contest, rules.quorum, steps)?;
    let took_part = u128::from(contest.ballots_cast.unwrap_or(0));
    if !valid {
        return Ok(QuestionResult {
            outcome: Outcome::Invalid,
            base: took_part,
        });
    }
    let share = rules.adoption;
    let yes_votes = u128::from(yes.votes);
    let mut adopted = yes_votes * share.den() > share.num() * took_part;
    steps.push(Step::Adoption {
        yes: yes_votes,
        took_part,
        share,
        met: adopted,
    });
    if contest.constitutional {
        let with_yes_majority: Vec<String> = contest
            .regions
            .iter()
            .filter(|r| u128::from(r.yes) * share.den() > share.num() * u128::from(r.ballots_cast))
            .map(|r| r.id.clone())
            .collect();
        let total = contest.regions.len() as u32;
        let need = rules.constitutional_regions;
        let met = with_yes_majority.len() as u128 * need.den() >= need.num() * u128::from(total);
        steps.push(Step::Regions {
            total,
            with_yes_majority,
            share: need,
            met,
        });
        adopted &= met;
    }
    let outcome = if adopted {
        Outcome::Adopted
    } else {
        Outcome::Rejected
    };
    steps.push(Step::Outcome {
        outcome,
        text: if adopted {
            "The question is adopted."
        } else {
            "The question is rejected."
        }
        .into(),
    });
    Ok(QuestionResult {
        outcome,
        base: took_part,
    })
}

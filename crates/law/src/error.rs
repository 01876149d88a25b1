//! Why the law engine cannot decide a contest. Each error names the results-file field at fault.

use crate::contest::{Body, ContestKind};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LawError {
    #[error("is required for a {kind} contest ({why})")]
    Missing {
        field: &'static str,
        kind: ContestKind,
        why: &'static str,
    },
    #[error("a {body} election holds no {kind} contest")]
    KindNotInBody { kind: ContestKind, body: Body },
    #[error("edition {edition} has no rules for a {kind} contest; choose another with --edition")]
    NoRules {
        kind: ContestKind,
        edition: &'static str,
    },
    #[error(
        "is {given} but edition {edition} puts {law} seats at stake; \
         fix the file, or pass --seats {given} for a what-if"
    )]
    SeatsDiffer {
        given: u32,
        law: u32,
        edition: &'static str,
    },
    #[error("is unknown: neither the file nor edition {edition} says how many seats are at stake")]
    SeatsUnknown { edition: &'static str },
    #[error("must be at least 1")]
    ZeroSeats,
    #[error("is {given}, but a {kind} contest fills exactly one seat")]
    NotSingleSeat { given: u32, kind: ContestKind },
    #[error(
        "is given, but \"against all\" is not on the ballot under edition {edition}; \
         remove it or choose an edition that has it"
    )]
    AgainstAllNotOnBallot { edition: &'static str },
    #[error("lists no option")]
    NoOptions,
    #[error("has {found} candidates, but a second round is between exactly two")]
    RunoffNeedsTwo { found: usize },
    #[error("must be exactly the two answers \"yes\" and \"no\"")]
    ReferendumAnswers,
    #[error("is only for a first vote or a second round: 1 or 2, not {0}")]
    Round(u8),
    #[error("is 2, but this edition fills the seat by plurality in one round")]
    NoSecondRound,
}

impl LawError {
    /// The results-file field (relative to the contest) that the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            LawError::Missing { field, .. } => field,
            LawError::KindNotInBody { .. } | LawError::NoRules { .. } => "kind",
            LawError::SeatsDiffer { .. }
            | LawError::SeatsUnknown { .. }
            | LawError::ZeroSeats
            | LawError::NotSingleSeat { .. } => "seats",
            LawError::AgainstAllNotOnBallot { .. } => "against_all",
            LawError::NoOptions | LawError::RunoffNeedsTwo { .. } | LawError::ReferendumAnswers => {
                "options"
            }
            LawError::Round(_) | LawError::NoSecondRound => "round",
        }
    }
}

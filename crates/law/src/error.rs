//! Why the law engine cannot decide a contest. Each error names the results-file field at fault.

use crate::contest::{Body, ContestKind};

/// Why the law engine cannot decide a contest; [`LawError::field`] names the results-file
/// field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LawError {
    /// A field the rules need is absent from the contest.
    #[error("is required for a {kind} contest ({why})")]
    Missing {
        /// The missing field, relative to the contest (`registered`, `ballots_cast`, `regions`).
        field: &'static str,
        /// The kind of contest that needs it.
        kind: ContestKind,
        /// Why the rules need it, in words for the message.
        why: &'static str,
    },
    /// The contest's kind is not one the election's body holds (a Senate seat in a Mazhilis
    /// election).
    #[error("a {body} election holds no {kind} contest")]
    KindNotInBody {
        /// The contest's kind.
        kind: ContestKind,
        /// The body of the edition applied.
        body: Body,
    },
    /// The edition has no rules for this kind of contest (a single-member district under
    /// mazhilis-2007).
    #[error("edition {edition} has no rules for a {kind} contest; choose another with --edition")]
    NoRules {
        /// The contest's kind.
        kind: ContestKind,
        /// The edition's id.
        edition: &'static str,
    },
    /// The file's list seats differ from the number the edition fixes, and no what-if
    /// overrides them.
    #[error(
        "is {given} but edition {edition} puts {law} seats at stake; \
         fix the file, or pass --seats {given} for a what-if"
    )]
    SeatsDiffer {
        /// Seats at stake according to the file.
        given: u32,
        /// Seats at stake according to the edition.
        law: u32,
        /// The edition's id.
        edition: &'static str,
    },
    /// Neither the file nor the edition says how many list seats are at stake (a maslikhat
    /// list without `seats`).
    #[error("is unknown: neither the file nor edition {edition} says how many seats are at stake")]
    SeatsUnknown {
        /// The edition's id.
        edition: &'static str,
    },
    /// The seats at stake come to 0.
    #[error("must be at least 1")]
    ZeroSeats,
    /// A single-seat contest (any kind but a party list) is given seats other than 1.
    #[error("is {given}, but a {kind} contest fills exactly one seat")]
    NotSingleSeat {
        /// Seats given in the file.
        given: u32,
        /// The contest's kind.
        kind: ContestKind,
    },
    /// The contest gives "against all" votes, but the edition has no such line on the
    /// ballot.
    #[error(
        "is given, but \"against all\" is not on the ballot under edition {edition}; \
         remove it or choose an edition that has it"
    )]
    AgainstAllNotOnBallot {
        /// The edition's id.
        edition: &'static str,
    },
    /// The contest lists no option.
    #[error("lists no option")]
    NoOptions,
    /// A second round lists a number of candidates other than two.
    #[error("has {found} candidates, but a second round is between exactly two")]
    RunoffNeedsTwo {
        /// Candidates the second round lists.
        found: usize,
    },
    /// A referendum question's options are not exactly `yes` and `no`.
    #[error("must be exactly the two answers \"yes\" and \"no\"")]
    ReferendumAnswers,
    /// The round is neither 1 (a first vote) nor 2 (a second round).
    #[error("is only for a first vote or a second round: 1 or 2, not {0}")]
    Round(u8),
    /// A second round is asked for where the edition holds none: a party list, or a seat won
    /// by plurality.
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

//! # sailau-law: Kazakh election law, exactly
//!
//! Given one contest's tally and the legal edition in force on election day, this crate decides
//! the outcome (seats, a winner, a runoff, adoption of a question) and writes a [`Certificate`]
//! that shows every step of the computation.
//!
//! The crate is pure. It does no I/O and never uses floating point: counts are integers,
//! shares and quotas are exact fractions ([`Ratio`]), and decimals exist only in displayed text.
//!
//! ```
//! use sailau_law::{decide, editions, Choice, Contest, ContestKind, Date, Body, WhatIf, Outcome};
//! let edition = editions::in_force(Body::President, "2022-11-20".parse::<Date>().unwrap()).unwrap();
//! let option = |id: &str, order, votes| Choice { id: id.into(), name: id.into(), registration_order: order, votes };
//! let contest = Contest {
//!     id: "president".into(), kind: ContestKind::Presidential, seats: None,
//!     registered: None, ballots_cast: None, invalid: None, against_all: Some(10), round: 1,
//!     options: vec![option("a", 1, 60), option("b", 2, 30)],
//!     constitutional: false, regions: vec![],
//! };
//! let d = decide(&contest, edition, &WhatIf::default()).unwrap();
//! assert_eq!(d.outcome, Outcome::Elected); // 60 > (60 + 30 + 10) / 2
//! ```

#![warn(missing_docs)]

pub mod calendar;
pub mod candidacy;
pub mod certificate;
pub mod contest;
pub mod date;
pub mod edition;
pub mod editions;
pub mod election_day;
mod error;
pub mod list_quota;
mod majority;
pub mod money;
mod party_list;
pub mod ratio;
mod referendum;
mod tally;

pub use certificate::{Certificate, Outcome, Step};
pub use contest::{Body, Choice, Contest, ContestKind, RegionTally};
pub use date::Date;
pub use edition::Edition;
pub use error::LawError;
pub use ratio::Ratio;

use certificate::EditionCitation;

/// Departures from the edition that a researcher asks for. Any of them makes the decision a
/// what-if, and its certificate says so.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WhatIf {
    /// Party-list threshold instead of the edition's.
    pub threshold: Option<Ratio>,
    /// Party-list seats instead of the file's or the edition's.
    pub seats: Option<u32>,
    /// Set when the edition applied is not the one in force: the id of the one in force.
    pub edition_in_force: Option<&'static str>,
}

/// One option's line in a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionResult {
    /// The option's id, as in the contest.
    pub id: String,
    /// Votes cast for the option.
    pub votes: u64,
    /// Share of the contest's base.
    pub share: Ratio,
    /// Party lists: did it reach the threshold? `None` for other contests.
    pub passed: Option<bool>,
    /// Party lists: seats won. `None` for other contests.
    pub seats: Option<u32>,
}

/// The decision on one contest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The id of the contest decided.
    pub contest: String,
    /// The kind of contest, which chose the rules applied.
    pub kind: ContestKind,
    /// The edition applied: the one in force, or the one a what-if asked for.
    pub edition: &'static Edition,
    /// What was decided: seats shared out, a winner, a runoff, a repeat vote, adoption or
    /// rejection, or an invalid vote.
    pub outcome: Outcome,
    /// The elected option's id; set only when the outcome is [`Outcome::Elected`].
    pub winner: Option<String>,
    /// The two options going to a second round; set only when the outcome is
    /// [`Outcome::Runoff`].
    pub runoff: Option<[String; 2]>,
    /// Party lists: the seats at stake.
    pub seats: Option<u32>,
    /// The base of every share.
    pub base: u128,
    /// Each option's result, in the contest's order.
    pub options: Vec<OptionResult>,
    /// "Against all": votes and share, when it was on the ballot.
    pub against_all: Option<(u64, Ratio)>,
    /// The computation trail that shows how the decision was reached.
    pub certificate: Certificate,
}

fn share(votes: u64, base: u128) -> Ratio {
    if base == 0 {
        Ratio::integer(0)
    } else {
        Ratio::new(u128::from(votes), base)
    }
}

/// The seats at stake in a party-list contest: a what-if, else the file and the edition, which
/// must agree where both speak. Under an edition other than the one in force, its own seats
/// apply: a researcher asking for the 2007 rules means 2007's 98 seats.
fn list_seats(
    contest: &Contest,
    edition: &Edition,
    law: Option<u32>,
    what_if: &WhatIf,
) -> Result<u32, LawError> {
    let other_edition = what_if.edition_in_force.is_some();
    let seats = match (what_if.seats, contest.seats, law) {
        (Some(s), _, _) => s,
        (None, _, Some(law)) if other_edition => law,
        (None, Some(given), Some(law)) if given != law => {
            return Err(LawError::SeatsDiffer {
                given,
                law,
                edition: edition.id,
            });
        }
        (None, Some(given), _) => given,
        (None, None, Some(law)) => law,
        (None, None, None) => {
            return Err(LawError::SeatsUnknown {
                edition: edition.id,
            })
        }
    };
    if seats == 0 {
        return Err(LawError::ZeroSeats);
    }
    Ok(seats)
}

/// Decides one contest under `edition`, with the researcher's `what_if` departures.
pub fn decide(
    contest: &Contest,
    edition: &'static Edition,
    what_if: &WhatIf,
) -> Result<Decision, LawError> {
    let kind = contest.kind;
    if !edition.contest_kinds().contains(&kind) {
        return Err(LawError::KindNotInBody {
            kind,
            body: edition.body,
        });
    }
    if contest.options.is_empty() {
        return Err(LawError::NoOptions);
    }
    if contest.against_all.is_some() && !edition.against_all {
        return Err(LawError::AgainstAllNotOnBallot {
            edition: edition.id,
        });
    }
    if !(1..=2).contains(&contest.round) {
        return Err(LawError::Round(contest.round));
    }
    if kind != ContestKind::PartyList {
        if let Some(given) = contest.seats.filter(|&s| s != 1) {
            return Err(LawError::NotSingleSeat { given, kind });
        }
    }
    let no_rules = || LawError::NoRules {
        kind,
        edition: edition.id,
    };
    let mut steps = Vec::new();
    let mut what_if_notes = Vec::new();
    if let Some(id) = what_if.edition_in_force {
        what_if_notes.push(format!(
            "edition {} applied instead of {id}, the one in force",
            edition.id
        ));
    }
    let n = contest.options.len();
    let (outcome, winner, runoff, base, passed, seats, at_stake) = match kind {
        ContestKind::PartyList => {
            let rules = edition.list.as_ref().ok_or_else(no_rules)?;
            if contest.round != 1 {
                return Err(LawError::NoSecondRound);
            }
            let at_stake = list_seats(contest, edition, rules.seats, what_if)?;
            if let Some(s) = what_if.seats {
                what_if_notes.push(format!(
                    "{s} seats instead of {}",
                    contest
                        .seats
                        .or(rules.seats)
                        .map_or("none".into(), |x| x.to_string())
                ));
            }
            let threshold = what_if.threshold.unwrap_or(rules.threshold);
            if let Some(t) = what_if.threshold {
                what_if_notes.push(format!(
                    "threshold {}% instead of {}%",
                    t.percent(4),
                    rules.threshold.percent(4)
                ));
            }
            let r = party_list::allocate(contest, rules, at_stake, threshold, &mut steps)?;
            let seats = r.seats.into_iter().map(Some).collect();
            (
                r.outcome,
                None,
                None,
                r.base,
                r.passed.into_iter().map(Some).collect(),
                seats,
                Some(at_stake),
            )
        }
        ContestKind::Presidential | ContestKind::Senate | ContestKind::Smd | ContestKind::Akim => {
            let r = if matches!(kind, ContestKind::Smd | ContestKind::Akim) {
                majority::single_seat(
                    contest,
                    edition.seat.as_ref().ok_or_else(no_rules)?,
                    &mut steps,
                )?
            } else {
                let rules = edition.majority.as_ref().ok_or_else(no_rules)?;
                let valid = match rules.quorum {
                    Some(q) => majority::quorum(contest, q, &mut steps)?,
                    None => true,
                };
                if valid {
                    majority::two_round(contest, rules.denominator, rules.tie, &mut steps)?
                } else {
                    let base = u128::from(contest.ballots_cast.unwrap_or(0));
                    majority::SeatResult {
                        outcome: Outcome::Invalid,
                        winner: None,
                        runoff: None,
                        base,
                    }
                }
            };
            let id = |i: usize| contest.options[i].id.clone();
            (
                r.outcome,
                r.winner.map(id),
                r.runoff.map(|[a, b]| [id(a), id(b)]),
                r.base,
                vec![None; n],
                vec![None; n],
                None,
            )
        }
        ContestKind::Referendum => {
            let rules = edition.referendum.as_ref().ok_or_else(no_rules)?;
            let r = referendum::decide(contest, rules, &mut steps)?;
            (
                r.outcome,
                None,
                None,
                r.base,
                vec![None; n],
                vec![None; n],
                None,
            )
        }
    };
    let options = contest
        .options
        .iter()
        .zip(passed.into_iter().zip(seats))
        .map(|(o, (passed, seats))| OptionResult {
            id: o.id.clone(),
            votes: o.votes,
            share: share(o.votes, base),
            passed,
            seats,
        })
        .collect();
    let certificate = Certificate {
        contest: contest.id.clone(),
        kind,
        edition: EditionCitation::from(edition),
        what_if: what_if_notes,
        unconfirmed: edition
            .unconfirmed_for(kind)
            .into_iter()
            .map(|u| u.note)
            .collect(),
        steps,
    };
    Ok(Decision {
        contest: contest.id.clone(),
        kind,
        edition,
        outcome,
        winner,
        runoff,
        seats: at_stake,
        base,
        options,
        against_all: contest.against_all.map(|a| (a, share(a, base))),
        certificate,
    })
}

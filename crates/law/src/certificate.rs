//! The seat certificate: every decision's full computation trail.
//!
//! A certificate is written for two readers. A person with a calculator follows the numbered
//! steps of its text form and arrives at the same seats; a program reads the same steps from
//! its serialized form. Every number that decides something is an integer or an exact fraction,
//! shown with a rounded decimal beside it for convenience only.

use crate::contest::ContestKind;
use crate::date::Date;
use crate::edition::{Denominator, Edition, SingleSeat, SoleParty, TieRule};
use crate::ratio::Ratio;
use serde::Serialize;
use std::fmt;

/// What a contest decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Party-list seats were shared out.
    Allocated,
    /// A candidate won.
    Elected,
    /// Nobody won yet: the top two go to a second round.
    Runoff,
    /// Nobody can be chosen under the rules: the vote is held again.
    Repeat,
    Adopted,
    Rejected,
    /// The vote did not count: too few took part.
    Invalid,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Allocated => "allocated",
            Outcome::Elected => "elected",
            Outcome::Runoff => "runoff",
            Outcome::Repeat => "repeat",
            Outcome::Adopted => "adopted",
            Outcome::Rejected => "rejected",
            Outcome::Invalid => "invalid",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An option and its votes, as listed in a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub id: String,
    pub votes: u128,
}

/// One step of the computation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "kebab-case")]
pub enum Step {
    /// The base of every share: what is added up, and the total.
    Denominator {
        base: Denominator,
        counted: Vec<Count>,
        total: u128,
    },
    /// Who reaches the threshold: a list passes when its votes reach `line` = share × base.
    Threshold {
        share: Ratio,
        line: Ratio,
        passed: Vec<String>,
        below: Vec<String>,
    },
    /// Exactly one list passed; what the edition does about it.
    SoleParty {
        rule: SoleParty,
        passed: String,
        joins: Option<String>,
    },
    /// The runner-up rule's last steps: seats still left after the remainders go to the list
    /// that passed, and the runner-up is topped up to its guaranteed minimum.
    RunnerUpSeats {
        left_to_passed: u32,
        min_seats: u32,
        moved_to_runner_up: u32,
    },
    /// Hare quota: the passing lists' votes divided by the seats.
    Quota {
        votes: u128,
        seats: u32,
        quota: Ratio,
    },
    /// One list's votes divided by the quota: whole seats, and the remainder in votes
    /// (`votes − whole × quota`).
    Quotient {
        option: String,
        votes: u128,
        quotient: Ratio,
        whole: u32,
        remainder: Ratio,
    },
    /// The seats left after whole quotas go one each to the largest remainders.
    Remainders {
        seats_left: u32,
        ranking: Vec<String>,
        awarded: Vec<String>,
    },
    /// Options tied where only some can win; `chosen` is empty when the rule is a repeat vote.
    TieBreak {
        tied: Vec<String>,
        places: u32,
        rule: TieRule,
        chosen: Vec<String>,
    },
    /// Options by votes, most first.
    Ranking {
        rule: Option<SingleSeat>,
        order: Vec<Count>,
    },
    /// "Against all" compared with the leading candidate.
    AgainstAll {
        votes: u128,
        leader: String,
        leader_votes: u128,
        first: bool,
    },
    /// Did enough voters (electors) take part?
    Quorum {
        took_part: u128,
        registered: u128,
        share: Ratio,
        met: bool,
    },
    /// Did the leader win more than half of the base?
    Majority {
        leader: String,
        votes: u128,
        base: u128,
        met: bool,
    },
    /// A runoff: the candidate with more votes wins.
    SecondRound { order: Vec<Count> },
    /// A referendum question: did more than `share` of those who took part say yes?
    Adoption {
        yes: u128,
        took_part: u128,
        share: Ratio,
        met: bool,
    },
    /// A constitutional question: in how many regions did yes win a majority?
    Regions {
        total: u32,
        with_yes_majority: Vec<String>,
        share: Ratio,
        met: bool,
    },
    /// The decision, in words.
    Outcome { outcome: Outcome, text: String },
}

/// The edition a certificate applies, as cited in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionCitation {
    pub id: &'static str,
    pub title: &'static str,
    pub in_force_from: Date,
    pub sources: Vec<&'static str>,
}

impl From<&Edition> for EditionCitation {
    fn from(e: &Edition) -> EditionCitation {
        EditionCitation {
            id: e.id,
            title: e.title,
            in_force_from: e.from,
            sources: e.sources.to_vec(),
        }
    }
}

/// A decision's computation trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Certificate {
    pub contest: String,
    pub kind: ContestKind,
    pub edition: EditionCitation,
    /// Departures from the edition asked for by the user (research what-ifs). Non-empty means
    /// this is not the official result.
    pub what_if: Vec<String>,
    /// UNCONFIRMED readings of the law that bear on this contest.
    pub unconfirmed: Vec<&'static str>,
    pub steps: Vec<Step>,
}

/// A percentage without trailing zeros: 5, 7.5, 0.25.
fn short_percent(r: &Ratio) -> String {
    let p = r.percent(6);
    let p = p.trim_end_matches('0').trim_end_matches('.');
    if p.is_empty() {
        "0".into()
    } else {
        p.into()
    }
}

fn ids(list: &[String]) -> String {
    if list.is_empty() {
        "none".to_string()
    } else {
        list.join(", ")
    }
}

fn counts(list: &[Count]) -> String {
    list.iter()
        .map(|c| format!("{} {}", c.id, c.votes))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Denominator { base, counted, total } => write!(
                f,
                "Base = {}: {} = {}",
                base.describe(),
                counted.iter().map(|c| c.votes.to_string()).collect::<Vec<_>>().join(" + "),
                total
            ),
            Step::Threshold { share, line, passed, below } => write!(
                f,
                "Threshold {}% of the base = {}; at or above: {}; below: {}",
                short_percent(share),
                line,
                ids(passed),
                ids(below)
            ),
            Step::SoleParty { rule, passed, joins } => match (rule, joins) {
                (SoleParty::TakesAllSeats, _) => {
                    write!(f, "Only {passed} passed; under this edition it shares out all seats alone")
                }
                (SoleParty::RunnerUpJoins { correction, min_seats }, Some(j)) => write!(
                    f,
                    "Only {passed} passed; the runner-up {j} joins the allocation, its quotient \
                     multiplied by {correction}, with at least {min_seats} seats"
                ),
                (SoleParty::RunnerUpJoins { .. }, None) => {
                    write!(f, "Only {passed} passed and no other list has votes to join it")
                }
            },
            Step::RunnerUpSeats { left_to_passed, min_seats, moved_to_runner_up } => write!(
                f,
                "{left_to_passed} seat(s) still left go to the list that passed; \
                 {moved_to_runner_up} seat(s) move to the runner-up to reach its minimum of {min_seats}"
            ),
            Step::Quota { votes, seats, quota } => {
                write!(f, "Hare quota = {votes} / {seats} = {quota}")
            }
            Step::Quotient { option, votes, quotient, whole, remainder } => write!(
                f,
                "{option}: {votes} / quota = {quotient} -> {whole} whole seat(s), remainder {remainder} votes"
            ),
            Step::Remainders { seats_left, ranking, awarded } => write!(
                f,
                "{seats_left} seat(s) left go to the largest remainders; ranking: {}; awarded: {}",
                ids(ranking),
                ids(awarded)
            ),
            Step::TieBreak { tied, places, rule, chosen } => match rule {
                TieRule::EarlierRegistration => write!(
                    f,
                    "Tie among {} for {places} place(s): the earlier registered wins: {}",
                    ids(tied),
                    ids(chosen)
                ),
                TieRule::Repeat => write!(
                    f,
                    "Tie among {} for {places} place(s): the rule chooses nobody; the vote is repeated",
                    ids(tied)
                ),
            },
            Step::Ranking { order, .. } => write!(f, "Ranking: {}", counts(order)),
            Step::AgainstAll { votes, leader, leader_votes, first } => write!(
                f,
                "\"Against all\" {votes} vs leader {leader} {leader_votes}: {}",
                if *first { "against all is not behind the leader" } else { "the leader is ahead" }
            ),
            Step::Quorum { took_part, registered, share, met } => write!(
                f,
                "Turnout {took_part} of {registered} registered; needs more than {} -> {}",
                share.times(*registered),
                if *met { "met" } else { "not met" }
            ),
            Step::Majority { leader, votes, base, met } => write!(
                f,
                "Majority: {leader} has {votes}; needs more than {base} / 2 = {} -> {}",
                Ratio::new(*base, 2),
                if *met { "met" } else { "not met" }
            ),
            Step::SecondRound { order } => {
                write!(f, "Second round, more votes wins: {}", counts(order))
            }
            Step::Adoption { yes, took_part, share, met } => write!(
                f,
                "Yes {yes} of {took_part} who took part; needs more than {} -> {}",
                share.times(*took_part),
                if *met { "met" } else { "not met" }
            ),
            Step::Regions { total, with_yes_majority, share, met } => write!(
                f,
                "Yes majority in {} of {total} regions ({}); needs at least {} -> {}",
                with_yes_majority.len(),
                ids(with_yes_majority),
                share.times(u128::from(*total)),
                if *met { "met" } else { "not met" }
            ),
            Step::Outcome { outcome, text } => write!(f, "Outcome: {outcome}. {text}"),
        }
    }
}

impl fmt::Display for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Certificate for contest {} ({})",
            self.contest, self.kind
        )?;
        writeln!(
            f,
            "Edition {}: {} (in force from {})",
            self.edition.id, self.edition.title, self.edition.in_force_from
        )?;
        for s in &self.edition.sources {
            writeln!(f, "  source: {s}")?;
        }
        for w in &self.what_if {
            writeln!(f, "  WHAT-IF (not the official result): {w}")?;
        }
        for (i, step) in self.steps.iter().enumerate() {
            writeln!(f, "  {}. {step}", i + 1)?;
        }
        for u in &self.unconfirmed {
            writeln!(f, "  UNCONFIRMED: {u}")?;
        }
        Ok(())
    }
}

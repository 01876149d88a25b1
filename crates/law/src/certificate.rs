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
    /// The referendum question is adopted.
    Adopted,
    /// The referendum question is not adopted: too few said yes, or (a constitutional
    /// question) too few regions did.
    Rejected,
    /// The vote did not count: too few took part.
    Invalid,
}

impl Outcome {
    /// The outcome's name in the results JSON (`allocated`, `elected`, …), and in a results
    /// file's `expected.outcome`.
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
    /// The option's id, or `against-all` or `ballots-cast` for those terms of a base.
    pub id: String,
    /// Its votes (for `ballots-cast`, the ballots).
    pub votes: u128,
}

/// One step of the computation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "kebab-case")]
pub enum Step {
    /// The base of every share: what is added up, and the total.
    Denominator {
        /// The edition's rule for what the base is.
        base: Denominator,
        /// The terms added up: each option's votes, plus "against all" where the rule counts it;
        /// or the ballots cast alone.
        counted: Vec<Count>,
        /// The base: the sum of the terms.
        total: u128,
    },
    /// Who reaches the threshold: a list passes when its votes reach `line` = share × base.
    Threshold {
        /// The threshold, as a share of the base.
        share: Ratio,
        /// The votes a list needs to pass: share × base, exactly.
        line: Ratio,
        /// Ids of the lists at or above the line.
        passed: Vec<String>,
        /// Ids of the lists below it.
        below: Vec<String>,
    },
    /// Exactly one list passed; what the edition does about it.
    SoleParty {
        /// The edition's rule for a sole passing list.
        rule: SoleParty,
        /// Id of the one list that passed.
        passed: String,
        /// Id of the runner-up that joins the allocation, if the rule brings one in and a list
        /// below the threshold has votes.
        joins: Option<String>,
    },
    /// The runner-up rule's last steps: seats still left after the remainders go to the list
    /// that passed, and the runner-up is topped up to its guaranteed minimum.
    RunnerUpSeats {
        /// Seats still unallocated after the remainders, given to the list that passed.
        left_to_passed: u32,
        /// Seats the runner-up is guaranteed.
        min_seats: u32,
        /// Seats taken from the list that passed to bring the runner-up up to its minimum.
        moved_to_runner_up: u32,
    },
    /// Hare quota: the passing lists' votes divided by the seats.
    Quota {
        /// Votes of the lists taking part (P): those that passed, and a runner-up that joins.
        votes: u128,
        /// Seats at stake (S).
        seats: u32,
        /// P / S: the votes one seat costs.
        quota: Ratio,
    },
    /// One list's votes divided by the quota: whole seats, and the remainder in votes
    /// (`votes − whole × quota`).
    Quotient {
        /// The list's id.
        option: String,
        /// The list's votes.
        votes: u128,
        /// Its votes over the quota, in seats (times the runner-up's correction, where that
        /// applies).
        quotient: Ratio,
        /// Seats won outright: the quotient rounded down.
        whole: u32,
        /// The votes left over after the whole seats, which compete for the seats left.
        remainder: Ratio,
    },
    /// The seats left after whole quotas go one each to the largest remainders.
    Remainders {
        /// Seats still to give after the whole quotas.
        seats_left: u32,
        /// Ids of the lists taking part, largest remainder first.
        ranking: Vec<String>,
        /// Ids of the lists that won a seat by remainder.
        awarded: Vec<String>,
    },
    /// Options tied where only some can win; `chosen` is empty when the rule is a repeat vote.
    TieBreak {
        /// Ids of the options level at the last place, in registration order.
        tied: Vec<String>,
        /// Places still open to them.
        places: u32,
        /// The edition's tie rule applied.
        rule: TieRule,
        /// Ids of the options the rule picked.
        chosen: Vec<String>,
    },
    /// Options by votes, most first.
    Ranking {
        /// The single-seat rule the ranking serves.
        rule: Option<SingleSeat>,
        /// The options and their votes, most first (earlier registration first among equals).
        order: Vec<Count>,
    },
    /// "Against all" compared with the leading candidate.
    AgainstAll {
        /// Votes "against all".
        votes: u128,
        /// The leading candidate's id.
        leader: String,
        /// The leading candidate's votes.
        leader_votes: u128,
        /// Whether "against all" is level with or ahead of the leader, so that nobody is
        /// elected.
        first: bool,
    },
    /// Did enough voters (electors) take part?
    Quorum {
        /// Voters (electors) who took part: the ballots cast.
        took_part: u128,
        /// Voters (electors) on the lists.
        registered: u128,
        /// The share of the registered that turnout must exceed.
        share: Ratio,
        /// Whether it did; if not, the vote is invalid.
        met: bool,
    },
    /// Did the leader win more than half of the base?
    Majority {
        /// The leading candidate's id.
        leader: String,
        /// The leader's votes.
        votes: u128,
        /// The base the leader needs more than half of.
        base: u128,
        /// Whether the leader has more than half, and so is elected.
        met: bool,
    },
    /// A runoff: the candidate with more votes wins.
    SecondRound {
        /// The two candidates and their votes, most first.
        order: Vec<Count>,
    },
    /// A referendum question: did more than `share` of those who took part say yes?
    Adoption {
        /// Votes yes.
        yes: u128,
        /// Voters who took part: the ballots cast, invalid ones included.
        took_part: u128,
        /// The share of them that the yes votes must exceed.
        share: Ratio,
        /// Whether they did.
        met: bool,
    },
    /// A constitutional question: in how many regions did yes win a majority?
    Regions {
        /// Regions in the count.
        total: u32,
        /// Ids of the regions where yes passed the adoption share of those who took part there.
        with_yes_majority: Vec<String>,
        /// The share of the regions needed, at least.
        share: Ratio,
        /// Whether enough regions have a yes majority.
        met: bool,
    },
    /// The decision, in words.
    Outcome {
        /// The outcome reached.
        outcome: Outcome,
        /// The outcome in one sentence, naming the winner or the seats.
        text: String,
    },
}

/// The edition a certificate applies, as cited in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionCitation {
    /// The edition's id, like `mazhilis-2022`.
    pub id: &'static str,
    /// The edition's one-line summary.
    pub title: &'static str,
    /// The first day the edition is in force.
    pub in_force_from: Date,
    /// The legal acts, and the CEC results cited as evidence, that the edition rests on.
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
    /// The id of the contest decided.
    pub contest: String,
    /// The kind of contest, which picks the part of the edition applied.
    pub kind: ContestKind,
    /// The edition applied, as cited.
    pub edition: EditionCitation,
    /// Departures from the edition asked for by the user (research what-ifs). Non-empty means
    /// this is not the official result.
    pub what_if: Vec<String>,
    /// UNCONFIRMED readings of the law that bear on this contest.
    pub unconfirmed: Vec<&'static str>,
    /// The computation, in order; the text form numbers the steps from 1.
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

//! Legal editions: the rules of one body as they stood between two amendments.
//!
//! An election is judged by the edition in force on its day. Everything that has changed over
//! the years is a field here, so that a new edition (say, the Kurultai's next amendment) is a new
//! row in [`crate::editions::EDITIONS`], not new code. The algorithms read these fields and
//! nothing else; docs/law.md lists every edition with its sources.

use crate::contest::{Body, ContestKind};
use crate::date::Date;
use crate::ratio::Ratio;
use serde::Serialize;

/// What a share is a share of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Denominator {
    /// Votes for every option plus "against all" when it is on the ballot: the valid ballots.
    /// Verified on the 2022 presidential (81.31%) and 2023 Mazhilis results.
    ValidVotes,
    /// Votes for the options only: "against all" is on the ballot but left out of the base.
    /// No edition uses it today; it is here for what-ifs and for a future edition.
    OptionVotes,
    /// Every voter (elector) who took part, invalid ballots included. Verified on the 2022
    /// referendum (77.18% yes).
    BallotsCast,
}

impl Denominator {
    /// The base in words, as the certificate's text states it.
    pub fn describe(self) -> &'static str {
        match self {
            Denominator::ValidVotes => "votes for all options plus \"against all\"",
            Denominator::OptionVotes => "votes for all options (\"against all\" left out)",
            Denominator::BallotsCast => {
                "ballots cast (everyone who took part, invalid ballots included)"
            }
        }
    }
}

/// How a tie that decides a seat or a winner is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TieRule {
    /// The option registered earlier wins.
    EarlierRegistration,
    /// Nobody is chosen; the vote is held again.
    Repeat,
}

/// What happens when exactly one party list passes the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SoleParty {
    /// The one party shares out all the seats alone (2007: Nur Otan took all 98).
    TakesAllSeats,
    /// The party with the next-most votes joins the allocation (the 2009 amendment). Its
    /// quotient is multiplied by `correction` (0.7 in the law's text), and it is guaranteed
    /// `min_seats` (2, per the IPU's summary; the Russian original was not found).
    RunnerUpJoins {
        /// The factor on the runner-up's quotient.
        correction: Ratio,
        /// Seats the runner-up is guaranteed.
        min_seats: u32,
    },
}

/// How a single seat is won.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SingleSeat {
    /// Most votes wins.
    Plurality,
    /// More than half of the denominator wins; otherwise a runoff between the top two.
    MajorityWithRunoff,
}

/// Party-list rules: Hare quota and largest remainder above a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ListRules {
    /// List seats at stake, or `None` where each council sets its own (maslikhats).
    pub seats: Option<u32>,
    /// A list passes with at least this share of `denominator`.
    pub threshold: Ratio,
    /// The base of the threshold, and of each list's share.
    pub denominator: Denominator,
    /// What happens when exactly one list passes the threshold.
    pub sole_party: SoleParty,
    /// Equal remainders competing for the last seats.
    pub remainder_tie: TieRule,
    /// Who must make up a share of every list, or `None` where the law set no quota.
    pub quota: Option<ListQuota>,
}

/// A list quota: at least `share` of a list's candidates must belong to one of the groups
/// below, each person counted once however many groups they belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ListQuota {
    /// The least share of a list's candidates who must count.
    pub share: Ratio,
    /// Whether women count towards the quota.
    pub women: bool,
    /// Candidates younger than this many years on election day count.
    pub younger_than: Option<u16>,
    /// Whether people with disabilities count towards the quota.
    pub disability: bool,
}

/// Rules for one seat: a single-member district or a rural akim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SeatRules {
    /// Number of such districts in the body, where fixed (29 for the Mazhilis from 2023).
    pub districts: Option<u32>,
    /// How the seat is won: by plurality, or by a majority with a runoff.
    pub rule: SingleSeat,
    /// Base of "more than half" under [`SingleSeat::MajorityWithRunoff`].
    pub denominator: Denominator,
    /// Candidates tied for the seat.
    pub tie: TieRule,
}

/// Majority rules: President and Senate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MajorityRules {
    /// A candidate is elected with more than half of this.
    pub denominator: Denominator,
    /// The vote is valid only if more than this share of the registered voters (electors)
    /// took part. `None`: no minimum turnout.
    pub quorum: Option<Ratio>,
    /// Candidates tied for a place in the runoff, or tied in the runoff itself.
    pub tie: TieRule,
    /// When the second round may be held.
    pub second_round: SecondRound,
}

/// When a second round between the top two is held, counted from the first round's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecondRound {
    /// At the same sitting, on the same day (the Senate's joint session of electors).
    SameSitting,
    /// On a later day, at most this many calendar months after the first round (the
    /// President: two months).
    WithinMonths(u8),
}

impl SecondRound {
    /// The first and the last day on which the second round of a first round held on
    /// `first` may be held.
    pub fn window(self, first: Date) -> (Date, Date) {
        match self {
            SecondRound::SameSitting => (first, first),
            SecondRound::WithinMonths(m) => (first.next_day(), first.plus_months(m)),
        }
    }
}

/// Referendum rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReferendumRules {
    /// Valid if more than this share of registered voters took part.
    pub quorum: Ratio,
    /// Adopted if more than this share of those who took part voted yes.
    pub adoption: Ratio,
    /// A constitutional question also needs a yes majority in at least this share of regions.
    pub constitutional_regions: Ratio,
}

/// Which part of an edition a note or a contest concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// The ballot itself (such as the "against all" line): bears on every contest.
    Ballot,
    /// The party-list rules, [`ListRules`].
    List,
    /// The single-seat rules, [`SeatRules`].
    Seat,
    /// The majority rules of the President and the Senate, [`MajorityRules`].
    Majority,
    /// The referendum rules, [`ReferendumRules`].
    Referendum,
}

/// A rule whose legal text was not found: the reading chosen, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Unconfirmed {
    /// The part of the edition the reading concerns.
    pub part: Part,
    /// The reading chosen and why, shown as UNCONFIRMED on the certificates it bears on.
    pub note: &'static str,
}

/// One legal edition of one body's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Edition {
    /// Stable identifier, `<body>-<year the edition took effect>`.
    pub id: &'static str,
    /// The body these rules govern.
    pub body: Body,
    /// A one-line summary of the edition, for listings and certificates.
    pub title: &'static str,
    /// First day in force.
    pub from: Date,
    /// First day no longer in force, if the edition (or the body) has ended.
    pub until: Option<Date>,
    /// The legal acts this edition rests on.
    pub sources: &'static [&'static str],
    /// Is "against all" a line on the ballot?
    pub against_all: bool,
    /// Party-list rules, where the body elects lists.
    pub list: Option<ListRules>,
    /// Single-seat rules (districts, rural akims), where the body has single seats.
    pub seat: Option<SeatRules>,
    /// Majority rules, for the President and the Senate.
    pub majority: Option<MajorityRules>,
    /// Rules for referendum questions.
    pub referendum: Option<ReferendumRules>,
    /// Readings chosen where the legal text was not found (docs/law.md marks them
    /// **UNCONFIRMED**).
    pub unconfirmed: &'static [Unconfirmed],
}

impl Edition {
    /// Is this edition in force on `date`?
    pub fn in_force_on(&self, date: Date) -> bool {
        self.from <= date && self.until.is_none_or(|u| date < u)
    }

    /// The contest kinds an election of this body holds.
    pub fn contest_kinds(&self) -> &'static [ContestKind] {
        match self.body {
            Body::President => &[ContestKind::Presidential],
            Body::Mazhilis | Body::Kurultai | Body::Maslikhat => {
                &[ContestKind::PartyList, ContestKind::Smd]
            }
            Body::Senate => &[ContestKind::Senate],
            Body::RuralAkim => &[ContestKind::Akim],
            Body::Referendum => &[ContestKind::Referendum],
        }
    }

    /// UNCONFIRMED readings that bear on a contest of this kind.
    pub fn unconfirmed_for(&self, kind: ContestKind) -> Vec<Unconfirmed> {
        let part = part_of(kind);
        self.unconfirmed
            .iter()
            .filter(|u| u.part == part || u.part == Part::Ballot)
            .copied()
            .collect()
    }
}

/// The part of an edition that governs a contest kind.
pub fn part_of(kind: ContestKind) -> Part {
    match kind {
        ContestKind::PartyList => Part::List,
        ContestKind::Smd | ContestKind::Akim => Part::Seat,
        ContestKind::Presidential | ContestKind::Senate => Part::Majority,
        ContestKind::Referendum => Part::Referendum,
    }
}

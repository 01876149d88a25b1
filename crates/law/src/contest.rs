//! What the law engine is asked to decide: one contest's tally, already checked for shape.
//!
//! These types carry counts, not ballots. Where they come from (a results file, a commission's
//! protocol, the tally of encrypted ballots) is not the law's business.

use serde::Serialize;
use std::fmt;

/// An elected body, or the referendum. Each has its own line of legal editions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Body {
    /// The President of the Republic.
    President,
    /// The Mazhilis, the lower house of Parliament (until 1 July 2026).
    Mazhilis,
    /// The Kurultai, the unicameral parliament from 1 July 2026.
    Kurultai,
    /// The Senate, the upper house of Parliament, elected by maslikhat deputies (until
    /// 1 July 2026).
    Senate,
    /// A maslikhat: a local representative council.
    Maslikhat,
    /// A rural akim, directly elected from 2021.
    RuralAkim,
    /// A republican referendum.
    Referendum,
}

impl Body {
    /// The name used in results files (`election.kind`).
    pub fn name(self) -> &'static str {
        match self {
            Body::President => "presidential",
            Body::Mazhilis => "mazhilis",
            Body::Kurultai => "kurultai",
            Body::Senate => "senate",
            Body::Maslikhat => "maslikhat",
            Body::RuralAkim => "rural-akim",
            Body::Referendum => "referendum",
        }
    }

    /// Every body, as listed when a file names an unknown `election.kind`.
    pub const ALL: [Body; 7] = [
        Body::President,
        Body::Mazhilis,
        Body::Kurultai,
        Body::Senate,
        Body::Maslikhat,
        Body::RuralAkim,
        Body::Referendum,
    ];

    /// The body whose [`Body::name`] is `name`, if any.
    pub fn from_name(name: &str) -> Option<Body> {
        Body::ALL.into_iter().find(|b| b.name() == name)
    }
}

impl fmt::Display for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The kind of one contest within an election.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContestKind {
    /// Nationwide presidential vote, with a runoff between the top two.
    Presidential,
    /// Party lists in one district, seats by Hare quota and largest remainder.
    PartyList,
    /// One seat in a single-member district.
    Smd,
    /// A rural akim: one post, directly elected.
    Akim,
    /// One Senate seat, elected by the region's maslikhat deputies.
    Senate,
    /// One referendum question.
    Referendum,
}

impl ContestKind {
    /// The name used in results files (a contest's `kind`).
    pub fn name(self) -> &'static str {
        match self {
            ContestKind::Presidential => "presidential",
            ContestKind::PartyList => "party-list",
            ContestKind::Smd => "smd",
            ContestKind::Akim => "akim",
            ContestKind::Senate => "senate",
            ContestKind::Referendum => "referendum",
        }
    }

    /// Every contest kind, as listed when a file names an unknown one.
    pub const ALL: [ContestKind; 6] = [
        ContestKind::Presidential,
        ContestKind::PartyList,
        ContestKind::Smd,
        ContestKind::Akim,
        ContestKind::Senate,
        ContestKind::Referendum,
    ];

    /// The contest kind whose [`ContestKind::name`] is `name`, if any.
    pub fn from_name(name: &str) -> Option<ContestKind> {
        ContestKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

impl fmt::Display for ContestKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One option on the ballot: a party, a candidate, or a referendum answer (`yes` / `no`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The option's id, unique within the contest.
    pub id: String,
    /// The party's, candidate's or answer's name, for display.
    pub name: String,
    /// Order of registration by the commission, 1 first. Breaks ties where the law says the
    /// earlier-registered option wins.
    pub registration_order: u32,
    /// Votes cast for this option.
    pub votes: u64,
}

/// A region's count for a constitutional referendum question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionTally {
    /// The region's id (an oblast or a city of republican significance).
    pub id: String,
    /// Voters in the region who took part, invalid ballots included.
    pub ballots_cast: u64,
    /// Yes votes in the region.
    pub yes: u64,
}

/// One contest's tally. `None` means "not known", never zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contest {
    /// The contest's id, unique in the election.
    pub id: String,
    /// The kind of contest, which picks the rules that decide it.
    pub kind: ContestKind,
    /// Seats at stake; `None` lets the edition say.
    pub seats: Option<u32>,
    /// Voters on the lists (for the Senate: the electors).
    pub registered: Option<u64>,
    /// Ballots found in the boxes: the voters (electors) who took part.
    pub ballots_cast: Option<u64>,
    /// Invalid ballots among those cast.
    pub invalid: Option<u64>,
    /// Votes "against all"; `None` when the line was not on the ballot.
    pub against_all: Option<u64>,
    /// The parties, candidates or answers on the ballot, with their votes.
    pub options: Vec<Choice>,
    /// 1 for a first vote, 2 for a runoff (second round).
    pub round: u8,
    /// Referendum only: does the question change the Constitution?
    pub constitutional: bool,
    /// Referendum only: the count by region, needed for a constitutional question.
    pub regions: Vec<RegionTally>,
}

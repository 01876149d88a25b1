//! The registry's statistics, for any election: candidates nominated, registered, refused
//! (by reason) and withdrawn, self-nominated, and the share of women (docs/registry.md).

use crate::candidates::{Candidate, Status};
use crate::State;
use sailau_law::Ratio;
use serde::Serialize;
use std::collections::BTreeMap;

/// Counts of one kind of candidacy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Nominated, whatever became of them.
    pub nominated: u64,
    /// Registered and still standing.
    pub registered: u64,
    /// Refused registration.
    pub refused: u64,
    /// Withdrew.
    pub withdrawn: u64,
    /// Registered, then cancelled.
    pub cancelled: u64,
    /// Not yet decided.
    pub pending: u64,
    /// Registered and self-nominated (by neither a party nor an association).
    pub self_nominated: u64,
    /// Nominated by themselves, whatever became of them.
    pub self_nominations: u64,
    /// Nominated by a public association, whatever became of them.
    pub by_associations: u64,
    /// Registered women.
    pub women: u64,
}

impl Counts {
    fn add(&mut self, c: &Candidate) {
        self.nominated += 1;
        let alone = c.party.is_none() && c.association.is_none();
        self.self_nominations += u64::from(alone && !c.on_list);
        self.by_associations += u64::from(c.association.is_some());
        match &c.status {
            Status::Nominated => self.pending += 1,
            Status::Registered => {
                self.registered += 1;
                self.self_nominated += u64::from(alone && !c.on_list);
                self.women += u64::from(c.person.woman);
            }
            Status::Refused { .. } => self.refused += 1,
            Status::Withdrawn => self.withdrawn += 1,
            Status::Cancelled { .. } => self.cancelled += 1,
        }
    }

    /// The share of women among the registered, exactly; `None` when none is registered.
    pub fn women_share(&self) -> Option<Ratio> {
        (self.registered > 0)
            .then(|| Ratio::new(u128::from(self.women), u128::from(self.registered)))
    }
}

/// The statistics of one body's candidates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// On party lists.
    pub lists: Counts,
    /// For single seats (districts, President, akims, Senate).
    pub single: Counts,
    /// Both together.
    pub all: Counts,
    /// Refusals by reason.
    pub refusals: BTreeMap<&'static str, u64>,
}

impl State {
    /// The statistics of the candidates of `body` (its results-file name), or of every body
    /// when `None`.
    pub fn stats(&self, body: Option<sailau_law::Body>) -> Stats {
        let mut s = Stats::default();
        for c in &self.candidates {
            let Ok(contest) = self.contest(&c.contest) else {
                continue;
            };
            if body.is_some_and(|b| b != contest.body) {
                continue;
            }
            if c.on_list {
                s.lists.add(c);
            } else {
                s.single.add(c);
            }
            s.all.add(c);
            if let Status::Refused { reason } = &c.status {
                *s.refusals.entry(reason.name()).or_default() += 1;
            }
        }
        s
    }
}

/// What a registry shows anyone: the figures `sailau registry check --json` prints and the
/// service publishes at `GET /api/registry`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// Entries in the ledger.
    pub entries: usize,
    /// The last entry's hash.
    pub head: String,
    /// The election's id, once called.
    pub election: Option<String>,
    /// The candidates of every body.
    pub candidates: Stats,
    /// The money ledger's totals.
    pub money: crate::money::Totals,
    /// The international missions with their heads.
    pub missions: Vec<crate::act::Mission>,
    /// Everyone accredited.
    pub accredited: usize,
    /// Members of international missions.
    pub foreign_observers: usize,
    /// The countries they come from.
    pub countries: usize,
    /// Foreign journalists.
    pub foreign_journalists: usize,
    /// List seats named to deputies and held now.
    pub list_seats_named: usize,
}

impl crate::Registry {
    /// The registry's figures.
    pub fn figures(&self) -> Figures {
        let s = self.state();
        let (foreign_observers, countries, foreign_journalists) = s.observers.foreign();
        Figures {
            entries: self.entries().len(),
            head: self.head().to_string(),
            election: s.called.as_ref().map(|c| c.election.clone()),
            candidates: s.stats(None),
            money: s.totals(),
            missions: s.observers.missions.clone(),
            accredited: s.observers.accredited.len(),
            foreign_observers,
            countries,
            foreign_journalists,
            list_seats_named: s.seats.iter().filter(|x| x.given_up.is_none()).count(),
        }
    }
}

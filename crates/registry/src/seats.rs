//! Who sits: the certified outcomes, the deputies each party names to its list seats within
//! ten days, seats given up and passed on (docs/registry.md, "Who sits").
//!
//! Since the 2022 amendments the party's choice is free of list order but must still meet
//! the list quota (`sailau_law::candidacy::seating`); before, seats went down the list.

use crate::act::Certified;
use crate::candidates::Status;
use crate::{refused, RegistryError, State};
use sailau_law::calendar::{Events, Schedule};
use sailau_law::candidacy::{seating, Seating};
use sailau_law::list_quota::{count, QuotaFacts};
use sailau_law::{editions, ContestKind, Date};
use serde::Serialize;
use std::collections::HashSet;

/// One list seat, named to a deputy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Seat {
    /// The party.
    pub party: String,
    /// The list contest.
    pub contest: String,
    /// The deputy.
    pub candidate: String,
    /// The entry that named them.
    pub named: u64,
    /// The entry by which they gave it up, if they did.
    pub given_up: Option<u64>,
}

impl State {
    pub(crate) fn results(
        &mut self,
        day: Date,
        outcomes: &[Certified],
    ) -> Result<(), RegistryError> {
        if !self.outcomes.is_empty() {
            return Err(refused("the results are already recorded"));
        }
        let called = self.election()?;
        if day < called.schedule.events.election {
            return Err(refused("the results cannot be set before election day"));
        }
        let mut seen = HashSet::new();
        for o in outcomes {
            self.contest(&o.contest)?;
            if !seen.insert((o.contest.as_str(), o.option.as_str())) {
                return Err(refused(format!(
                    "{} in {} is certified twice",
                    o.option, o.contest
                )));
            }
            if o.votes > o.base {
                return Err(refused(format!(
                    "{} in {}: {} votes exceed the base {}",
                    o.option, o.contest, o.votes, o.base
                )));
            }
        }
        let events = Events {
            results: Some(day),
            ..called.schedule.events
        };
        let schedule =
            Schedule::of(sailau_law::Body::Mazhilis, events).map_err(|e| refused(e.to_string()))?;
        self.called.as_mut().expect("called").schedule = schedule;
        self.outcomes = outcomes.to_vec();
        Ok(())
    }

    /// The list seats a party won in a contest, as certified.
    pub fn seats_won(&self, party: &str, contest: &str) -> u32 {
        self.outcomes
            .iter()
            .find(|o| o.contest == contest && o.option == party)
            .map_or(0, |o| o.seats)
    }

    /// The deputies sitting for a party's list now, in the order named.
    pub fn sitting(&self, party: &str, contest: &str) -> Vec<&Seat> {
        self.seats
            .iter()
            .filter(|s| s.party == party && s.contest == contest && s.given_up.is_none())
            .collect()
    }

    /// Checks that `deputies` may hold a party's list seats: registered on that list, and, by
    /// the rule of the day, meeting the quota or taken down the list.
    fn check_deputies(
        &self,
        party: &str,
        contest: &str,
        deputies: &[&str],
    ) -> Result<(), RegistryError> {
        let list = self.list(party, contest)?;
        let mut seen = HashSet::new();
        for d in deputies {
            if !seen.insert(*d) {
                return Err(refused(format!("{d:?} is named twice")));
            }
            if !list.candidates.iter().any(|c| c == d) {
                return Err(refused(format!(
                    "{d:?} is not on {party}'s list in {contest}"
                )));
            }
            if self.candidate(d)?.status != Status::Registered {
                return Err(refused(format!("{d:?} is not a registered candidate")));
            }
        }
        let spec = self.contest(contest)?;
        let day = self.day()?;
        match seating(spec.body, day) {
            Seating::PartyChoice => {
                let quota =
                    editions::in_force(spec.body, day).and_then(|e| e.list.and_then(|l| l.quota));
                if let Some(q) = quota {
                    let facts: Vec<QuotaFacts> = deputies
                        .iter()
                        .map(|d| {
                            let p = &self.candidate(d).expect("checked above").person;
                            QuotaFacts {
                                woman: p.woman,
                                birth: p.birth,
                                disability: p.disability,
                            }
                        })
                        .collect();
                    let n = count(&q, &facts, day);
                    if !n.met() {
                        return Err(refused(format!(
                            "the deputies named meet the quota with {} of {} (at least {} must be women, under {} or with a disability)",
                            n.counted,
                            n.listed,
                            n.required,
                            q.younger_than.unwrap_or(0)
                        )));
                    }
                }
            }
            Seating::ListOrder => {
                let gone: HashSet<&str> = self
                    .seats
                    .iter()
                    .filter(|s| s.party == party && s.contest == contest && s.given_up.is_some())
                    .map(|s| s.candidate.as_str())
                    .collect();
                let order: Vec<&str> = list
                    .candidates
                    .iter()
                    .map(String::as_str)
                    .filter(|c| !gone.contains(c))
                    .filter(|c| {
                        self.candidate(c)
                            .is_ok_and(|x| x.status == Status::Registered)
                    })
                    .take(deputies.len())
                    .collect();
                let mut want = order.clone();
                let mut got = deputies.to_vec();
                want.sort_unstable();
                got.sort_unstable();
                if want != got {
                    return Err(refused(format!(
                        "under the rules of {day} seats go down the list: {}",
                        order.join(", ")
                    )));
                }
            }
        }
        Ok(())
    }

    pub(crate) fn name_deputies(
        &mut self,
        seq: u64,
        party: &str,
        contest: &str,
        deputies: &[String],
    ) -> Result<(), RegistryError> {
        if self.contest(contest)?.kind != ContestKind::PartyList {
            return Err(refused(format!("{contest} is not a party-list contest")));
        }
        if self
            .seats
            .iter()
            .any(|s| s.party == party && s.contest == contest)
        {
            return Err(refused(format!(
                "{party} has already named its deputies in {contest}"
            )));
        }
        let won = self.seats_won(party, contest);
        if won == 0 {
            return Err(refused(format!("{party} won no seat in {contest}")));
        }
        if deputies.len() != won as usize {
            return Err(refused(format!(
                "{party} won {won} seats in {contest} and names {} deputies",
                deputies.len()
            )));
        }
        let names: Vec<&str> = deputies.iter().map(String::as_str).collect();
        self.check_deputies(party, contest, &names)?;
        for d in deputies {
            self.seats.push(Seat {
                party: party.to_string(),
                contest: contest.to_string(),
                candidate: d.clone(),
                named: seq,
                given_up: None,
            });
        }
        Ok(())
    }

    pub(crate) fn give_up(&mut self, seq: u64, candidate: &str) -> Result<(), RegistryError> {
        let Some(seat) = self
            .seats
            .iter_mut()
            .find(|s| s.candidate == candidate && s.given_up.is_none())
        else {
            return Err(refused(format!("{candidate:?} holds no list seat")));
        };
        seat.given_up = Some(seq);
        Ok(())
    }

    pub(crate) fn replace(
        &mut self,
        seq: u64,
        party: &str,
        contest: &str,
        candidate: &str,
    ) -> Result<(), RegistryError> {
        let sitting: Vec<&str> = self
            .sitting(party, contest)
            .iter()
            .map(|s| s.candidate.as_str())
            .collect();
        if sitting.len() >= self.seats_won(party, contest) as usize {
            return Err(refused(format!("{party} has no seat to fill in {contest}")));
        }
        if self.seats.iter().any(|s| s.candidate == candidate) {
            return Err(refused(format!(
                "{candidate:?} has already held a seat of this list"
            )));
        }
        let mut after = sitting.clone();
        after.push(candidate);
        self.check_deputies(party, contest, &after)?;
        self.seats.push(Seat {
            party: party.to_string(),
            contest: contest.to_string(),
            candidate: candidate.to_string(),
            named: seq,
            given_up: None,
        });
        Ok(())
    }
}

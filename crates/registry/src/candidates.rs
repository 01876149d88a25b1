//! Parties and candidates: nomination, documents, deposit, then registration or refusal with
//! its reason, and withdrawal (docs/registry.md, "Candidates").
//!
//! A decision is not typed by the commission: it asks the registry to decide, and the
//! registry applies the law (age, residence, one candidacy per person and body, documents,
//! deposit, the list quota) to what the ledger holds. The reason of every refusal is kept.

use crate::act::{ContestSpec, Person};
use crate::{refused, unknown, RegistryError, State};
use sailau_definition::Names;
use sailau_law::candidacy::{eligibility, Ineligible};
use sailau_law::list_quota::{count, QuotaFacts};
use sailau_law::money::{deposit, Tenge};
use sailau_law::{editions, ContestKind};
use serde::Serialize;

/// A party taking part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartyEntry {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: Names,
    /// Its order of registration, from 1: breaks ties of remainders.
    pub registration_order: u32,
}

/// Where a candidacy stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Status {
    /// Nominated, not yet decided.
    Nominated,
    /// Registered: on the ballot.
    Registered,
    /// Refused registration.
    Refused {
        /// Why.
        reason: Refusal,
    },
    /// Withdrew.
    Withdrawn,
    /// Registered, then the registration was cancelled.
    Cancelled {
        /// The commission's grounds.
        grounds: String,
    },
}

/// Why a candidate was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Refusal {
    /// Younger than the body's age on election day.
    Age {
        /// The least age.
        min_age: u16,
    },
    /// Too short a residence.
    Residence {
        /// Years required.
        years: u16,
    },
    /// The same person is on another list of the same body.
    TwoLists {
        /// The other candidacy.
        other: String,
    },
    /// The same person stands in another district of the same body.
    TwoDistricts {
        /// The other candidacy.
        other: String,
    },
    /// The same person stands both on a list and in a district of the same body.
    ListAndDistrict {
        /// The other candidacy.
        other: String,
    },
    /// The list falls short of the quota.
    Quota {
        /// Candidates who count.
        counted: u64,
        /// Candidates who must.
        required: u64,
    },
    /// The deposit was not paid in full.
    Deposit {
        /// Received.
        paid: Tenge,
        /// Due.
        due: Tenge,
    },
    /// The documents were not received complete.
    Documents,
}

impl Refusal {
    /// Every reason's name, as [`Refusal::name`] gives them.
    pub const NAMES: [&'static str; 8] = [
        "age",
        "residence",
        "two-lists",
        "two-districts",
        "list-and-district",
        "quota",
        "deposit",
        "documents",
    ];

    /// The reason's name, for statistics.
    pub fn name(&self) -> &'static str {
        match self {
            Refusal::Age { .. } => "age",
            Refusal::Residence { .. } => "residence",
            Refusal::TwoLists { .. } => "two-lists",
            Refusal::TwoDistricts { .. } => "two-districts",
            Refusal::ListAndDistrict { .. } => "list-and-district",
            Refusal::Quota { .. } => "quota",
            Refusal::Deposit { .. } => "deposit",
            Refusal::Documents => "documents",
        }
    }
}

/// One candidacy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// The person.
    pub person: Person,
    /// The contest.
    pub contest: String,
    /// The nominating party; none for a self-nominated candidate.
    pub party: Option<String>,
    /// The nominating public association, if one nominated them.
    pub association: Option<String>,
    /// On a party list (else for a single seat).
    pub on_list: bool,
    /// The entry that nominated them.
    pub nominated: u64,
    /// Documents received complete.
    pub documents: bool,
    /// Deposit received so far.
    pub deposit: Tenge,
    /// Where the candidacy stands.
    pub status: Status,
}

impl Candidate {
    /// Is the candidacy alive: nominated or registered?
    pub fn live(&self) -> bool {
        matches!(self.status, Status::Nominated | Status::Registered)
    }
}

/// A party's list in one contest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListEntry {
    /// The party.
    pub party: String,
    /// The contest.
    pub contest: String,
    /// Its candidates' ids, in list order.
    pub candidates: Vec<String>,
    /// Decided: `None` until the CEC decides; then registered (`true`) or refused.
    pub registered: Option<bool>,
}

/// The definition's rule for ids, since the registry's ids become the definition's.
fn check_id(id: &str, what: &str) -> Result<(), RegistryError> {
    if sailau_definition::valid_id(id) {
        Ok(())
    } else {
        Err(refused(format!(
            "{what} {id:?} is not an id: use 1 to 64 lowercase letters, digits, '-' and '_'"
        )))
    }
}

impl State {
    /// A candidacy by id.
    pub fn candidate(&self, id: &str) -> Result<&Candidate, RegistryError> {
        Ok(&self.candidates[self.candidate_index(id)?])
    }

    fn candidate_index(&self, id: &str) -> Result<usize, RegistryError> {
        self.by_id
            .get(id)
            .copied()
            .ok_or_else(|| unknown("candidate", id))
    }

    /// Adds a nominated candidacy to the state and its indexes.
    fn push_candidate(&mut self, c: Candidate) {
        let i = self.candidates.len();
        self.by_id.insert(c.person.id.clone(), i);
        self.by_person
            .entry(c.person.person.clone())
            .or_default()
            .push(i);
        self.candidates.push(c);
    }

    /// A party's list in a contest.
    pub fn list(&self, party: &str, contest: &str) -> Result<&ListEntry, RegistryError> {
        self.lists
            .iter()
            .find(|l| l.party == party && l.contest == contest)
            .ok_or_else(|| unknown("list", &format!("{party} in {contest}")))
    }

    pub(crate) fn open_contest(&mut self, c: &ContestSpec) -> Result<(), RegistryError> {
        check_id(&c.id, "contest")?;
        if self.by_contest.contains_key(&c.id) {
            return Err(RegistryError::Duplicate {
                what: "contest",
                id: c.id.clone(),
            });
        }
        if matches!(c.kind, ContestKind::Referendum) {
            return Err(refused("a referendum question has no candidates"));
        }
        let day = self.day()?;
        if editions::in_force(c.body, day).is_none_or(|e| !e.contest_kinds().contains(&c.kind)) {
            return Err(refused(format!(
                "no {} contest is held for the {} under the law in force on {day}",
                c.kind.name(),
                c.body
            )));
        }
        self.by_contest.insert(c.id.clone(), self.contests.len());
        self.contests.push(c.clone());
        Ok(())
    }

    pub(crate) fn register_party(&mut self, id: &str, name: &Names) -> Result<(), RegistryError> {
        check_id(id, "party")?;
        if self.parties.iter().any(|p| p.id == id) {
            return Err(RegistryError::Duplicate {
                what: "party",
                id: id.to_string(),
            });
        }
        self.parties.push(PartyEntry {
            id: id.to_string(),
            name: name.clone(),
            registration_order: self.parties.len() as u32 + 1,
        });
        Ok(())
    }

    fn check_person(&self, p: &Person, seen: &[&str]) -> Result<(), RegistryError> {
        check_id(&p.id, "candidate")?;
        if p.name.trim().is_empty() || p.person.trim().is_empty() {
            return Err(refused(format!(
                "candidate {:?} needs a name and a person key",
                p.id
            )));
        }
        if self.by_id.contains_key(&p.id) || seen.contains(&p.id.as_str()) {
            return Err(RegistryError::Duplicate {
                what: "candidate",
                id: p.id.clone(),
            });
        }
        Ok(())
    }

    pub(crate) fn nominate_list(
        &mut self,
        seq: u64,
        party: &str,
        contest: &str,
        people: &[Person],
    ) -> Result<(), RegistryError> {
        self.party(party)?;
        if self.contest(contest)?.kind != ContestKind::PartyList {
            return Err(refused(format!("{contest} is not a party-list contest")));
        }
        if self
            .lists
            .iter()
            .any(|l| l.party == party && l.contest == contest)
        {
            return Err(RegistryError::Duplicate {
                what: "list",
                id: format!("{party} in {contest}"),
            });
        }
        if people.is_empty() {
            return Err(refused("a list names at least one candidate"));
        }
        let mut seen = Vec::new();
        for p in people {
            self.check_person(p, &seen)?;
            seen.push(p.id.as_str());
        }
        for p in people {
            self.push_candidate(Candidate {
                person: p.clone(),
                contest: contest.to_string(),
                party: Some(party.to_string()),
                association: None,
                on_list: true,
                nominated: seq,
                documents: false,
                deposit: Tenge(0),
                status: Status::Nominated,
            });
        }
        self.lists.push(ListEntry {
            party: party.to_string(),
            contest: contest.to_string(),
            candidates: people.iter().map(|p| p.id.clone()).collect(),
            registered: None,
        });
        Ok(())
    }

    pub(crate) fn nominate(
        &mut self,
        seq: u64,
        contest: &str,
        person: &Person,
        party: Option<&str>,
        association: Option<&str>,
    ) -> Result<(), RegistryError> {
        if let Some(p) = party {
            self.party(p)?;
        }
        if party.is_some() && association.is_some() {
            return Err(refused(
                "a candidate is nominated by a party or by an association, not both",
            ));
        }
        if association.is_some_and(|a| a.trim().is_empty()) {
            return Err(refused("an association is named"));
        }
        if self.contest(contest)?.kind == ContestKind::PartyList {
            return Err(refused(format!(
                "{contest} is a party-list contest: a party nominates its list"
            )));
        }
        self.check_person(person, &[])?;
        self.push_candidate(Candidate {
            person: person.clone(),
            contest: contest.to_string(),
            party: party.map(str::to_string),
            association: association.map(str::to_string),
            on_list: false,
            nominated: seq,
            documents: false,
            deposit: Tenge(0),
            status: Status::Nominated,
        });
        Ok(())
    }

    fn nominated(&self, id: &str) -> Result<usize, RegistryError> {
        let i = self.candidate_index(id)?;
        match self.candidates[i].status {
            Status::Nominated => Ok(i),
            _ => Err(refused(format!(
                "candidate {id:?} is no longer awaiting registration"
            ))),
        }
    }

    pub(crate) fn documents(&mut self, id: &str) -> Result<(), RegistryError> {
        let i = self.nominated(id)?;
        if self.candidates[i].documents {
            return Err(refused(format!(
                "the documents of {id:?} are already received"
            )));
        }
        self.candidates[i].documents = true;
        Ok(())
    }

    /// The deposit a candidate owes, if their body takes one.
    pub fn deposit_due(&self, c: &Candidate) -> Result<Option<Tenge>, RegistryError> {
        let body = self.contest(&c.contest)?.body;
        Ok(deposit(body, self.day()?))
    }

    pub(crate) fn deposit(
        &mut self,
        seq: u64,
        id: &str,
        amount: Tenge,
    ) -> Result<(), RegistryError> {
        let i = self.nominated(id)?;
        let c = &self.candidates[i];
        let Some(due) = self.deposit_due(c)? else {
            return Err(refused(format!("no deposit is taken for {id:?}'s contest")));
        };
        let total = c.deposit.0.checked_add(amount.0);
        if amount.0 == 0 || total.is_none_or(|t| t > due.0) {
            return Err(refused(format!(
                "{amount} would bring {id:?}'s deposit to more than the {due} due"
            )));
        }
        self.candidates[i].deposit.0 += amount.0;
        self.payments.push(crate::money::Payment {
            seq,
            candidate: id.to_string(),
            kind: crate::money::PaymentKind::Deposit,
            item: None,
            amount,
        });
        Ok(())
    }

    /// The refusal a nominated candidate meets, or none: the law applied to the ledger.
    fn judge(&self, i: usize) -> Result<Option<Refusal>, RegistryError> {
        let c = &self.candidates[i];
        let contest = self.contest(&c.contest)?;
        let day = self.day()?;
        if let Some(rule) = eligibility(contest.body, day) {
            match rule.check(c.person.birth, c.person.resident_since, day) {
                Err(Ineligible::Age { min_age, .. }) => return Ok(Some(Refusal::Age { min_age })),
                Err(Ineligible::Residence { years }) => {
                    return Ok(Some(Refusal::Residence { years }))
                }
                Ok(()) => {}
            }
        }
        // One candidacy per person and body: the one nominated first, or registered, stands.
        let same = self
            .by_person
            .get(&c.person.person)
            .map_or(&[][..], Vec::as_slice);
        for &j in same {
            let o = &self.candidates[j];
            if j == i || !o.live() {
                continue;
            }
            if self.contest(&o.contest)?.body != contest.body {
                continue;
            }
            if o.status == Status::Registered || o.nominated < c.nominated {
                let other = o.person.id.clone();
                return Ok(Some(match (c.on_list, o.on_list) {
                    (true, true) => Refusal::TwoLists { other },
                    (false, false) => Refusal::TwoDistricts { other },
                    _ => Refusal::ListAndDistrict { other },
                }));
            }
        }
        if !c.documents {
            return Ok(Some(Refusal::Documents));
        }
        if let Some(due) = self.deposit_due(c)? {
            if c.deposit < due {
                return Ok(Some(Refusal::Deposit {
                    paid: c.deposit,
                    due,
                }));
            }
        }
        Ok(None)
    }

    pub(crate) fn decide(&mut self, id: &str) -> Result<(), RegistryError> {
        let i = self.nominated(id)?;
        if self.candidates[i].on_list {
            return Err(refused(format!(
                "{id:?} is on a party list: the CEC decides on the list as a whole"
            )));
        }
        self.candidates[i].status = match self.judge(i)? {
            None => Status::Registered,
            Some(reason) => Status::Refused { reason },
        };
        Ok(())
    }

    pub(crate) fn decide_list(&mut self, party: &str, contest: &str) -> Result<(), RegistryError> {
        let list = self.list(party, contest)?;
        if list.registered.is_some() {
            return Err(refused(format!(
                "the list of {party} in {contest} is already decided"
            )));
        }
        let mut verdicts = Vec::new();
        for id in &list.candidates {
            let i = self.candidate_index(id)?;
            let verdict = match self.candidates[i].status {
                Status::Nominated => Some(self.judge(i)?),
                _ => None,
            };
            verdicts.push((i, verdict));
        }
        let standing: Vec<QuotaFacts> = verdicts
            .iter()
            .filter(|(_, v)| matches!(v, Some(None)))
            .map(|&(i, _)| {
                let p = &self.candidates[i].person;
                QuotaFacts {
                    woman: p.woman,
                    birth: p.birth,
                    disability: p.disability,
                }
            })
            .collect();
        let body = self.contest(contest)?.body;
        let day = self.day()?;
        let quota = editions::in_force(body, day).and_then(|e| e.list.and_then(|l| l.quota));
        let shortfall = match quota {
            _ if standing.is_empty() => Some(Refusal::Quota {
                counted: 0,
                required: 1,
            }),
            Some(q) => {
                let n = count(&q, &standing, day);
                (!n.met()).then_some(Refusal::Quota {
                    counted: n.counted,
                    required: n.required,
                })
            }
            None => None,
        };
        for (i, verdict) in verdicts {
            let Some(verdict) = verdict else { continue };
            self.candidates[i].status = match (verdict, &shortfall) {
                (Some(reason), _) => Status::Refused { reason },
                (None, Some(reason)) => Status::Refused {
                    reason: reason.clone(),
                },
                (None, None) => Status::Registered,
            };
        }
        let l = self
            .lists
            .iter_mut()
            .find(|l| l.party == party && l.contest == contest)
            .expect("found above");
        l.registered = Some(shortfall.is_none());
        Ok(())
    }

    pub(crate) fn cancel(&mut self, id: &str, grounds: &str) -> Result<(), RegistryError> {
        let i = self.candidate_index(id)?;
        if self.candidates[i].status != Status::Registered {
            return Err(refused(format!("{id:?} is not registered")));
        }
        if grounds.trim().is_empty() {
            return Err(refused("a cancellation states its grounds"));
        }
        self.candidates[i].status = Status::Cancelled {
            grounds: grounds.to_string(),
        };
        Ok(())
    }

    pub(crate) fn withdraw(&mut self, id: &str) -> Result<(), RegistryError> {
        let i = self.candidate_index(id)?;
        if !self.candidates[i].live() {
            return Err(refused(format!("{id:?} is not standing")));
        }
        self.candidates[i].status = Status::Withdrawn;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_is_named_once_in_the_list_of_names() {
        let other = String::new();
        let all = [
            Refusal::Age { min_age: 25 },
            Refusal::Residence { years: 10 },
            Refusal::TwoLists {
                other: other.clone(),
            },
            Refusal::TwoDistricts {
                other: other.clone(),
            },
            Refusal::ListAndDistrict { other },
            Refusal::Quota {
                counted: 0,
                required: 1,
            },
            Refusal::Deposit {
                paid: Tenge(0),
                due: Tenge(1),
            },
            Refusal::Documents,
        ];
        let names: Vec<&str> = all.iter().map(Refusal::name).collect();
        assert_eq!(names, Refusal::NAMES);
    }
}

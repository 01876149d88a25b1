//! # sailau-registry: who may run, who pays, who watches, who sits
//!
//! The registries around the count, as one append-only ledger of acts per election
//! (docs/registry.md):
//! - parties and candidates, with every step of their registration ([`candidates`]);
//! - the state's campaign funding and the deposits with their refunds ([`money`]);
//! - accredited observers, journalists and international missions ([`observers`]);
//! - the deputies parties name to their list seats, and seats given up ([`seats`]);
//! - the ballots made from the registered candidates, never typed in ([`ballot`]).
//!
//! Every act is checked before it is recorded: its actor's role, its term in the calendar
//! (`sailau_law::calendar`), and the law's conditions. A refused act leaves the ledger as it
//! was. What follows from the acts (registered or refused and why, refunds, who sits) is
//! worked out again on every replay, so anyone holding the ledger can check it. The crate is
//! pure: the service stores the entries and passes the clock in.

#![warn(missing_docs)]

pub mod act;
pub mod ballot;
pub mod candidates;
pub mod chain;
pub mod enrol;
pub mod money;
pub mod observers;
pub mod sample;
pub mod seats;
pub mod stats;

use act::{Act, Actor, Certified, ContestSpec, Role};
use candidates::{Candidate, ListEntry, PartyEntry};
use chain::{Entry, GENESIS};
use observers::Observers;
use sailau_law::calendar::{Events, Schedule, TermError};
use sailau_law::election_day::{Moment, UtcOffset};
use sailau_law::Date;
use seats::Seat;

/// Why an act is refused. Nothing is recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    /// The first act must call the election, and only the first.
    #[error("{0}")]
    Order(&'static str),
    /// The act falls outside its term.
    #[error("too late or too early: {0}")]
    Term(#[from] TermError),
    /// The actor's role may not make this act.
    #[error("a {role:?} may not make the {act} act")]
    Role {
        /// The actor's role.
        role: Role,
        /// The act.
        act: &'static str,
    },
    /// A party may act only for itself.
    #[error("a party may act only for itself, not for {0:?}")]
    OtherParty(String),
    /// Something named does not exist.
    #[error("no {what} {id:?}")]
    Unknown {
        /// What kind of thing.
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// An id already taken.
    #[error("{what} {id:?} already exists")]
    Duplicate {
        /// What kind of thing.
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// The act contradicts the law or the ledger.
    #[error("{0}")]
    Refused(String),
    /// An entry of a ledger being replayed is not the one expected there.
    #[error("entry {seq}: {why}")]
    Chain {
        /// The entry's place.
        seq: u64,
        /// What is wrong.
        why: String,
    },
}

fn refused(why: impl Into<String>) -> RegistryError {
    RegistryError::Refused(why.into())
}

fn unknown(what: &'static str, id: &str) -> RegistryError {
    RegistryError::Unknown {
        what,
        id: id.to_string(),
    }
}

/// The election a registry is for, from its first act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Called {
    /// The election's id.
    pub election: String,
    /// The calendar of its terms, recounted when the results are set.
    pub schedule: Schedule,
}

/// Everything the acts so far have established.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// The election, once called.
    pub called: Option<Called>,
    /// The contests, in the order opened.
    pub contests: Vec<ContestSpec>,
    /// The parties, in order of registration.
    pub parties: Vec<PartyEntry>,
    /// Every candidate nominated, in order of nomination.
    pub candidates: Vec<Candidate>,
    /// Where each candidate id is in `candidates`.
    by_id: std::collections::HashMap<String, usize>,
    /// Contests by id: a country has some three thousand, and nearly every act names one.
    by_contest: std::collections::HashMap<String, usize>,
    /// Where each person's candidacies are in `candidates`.
    by_person: std::collections::HashMap<String, Vec<usize>>,
    /// Every party list, in order of nomination.
    pub lists: Vec<ListEntry>,
    /// Every payment in and out: deposits received, funding paid.
    pub payments: Vec<money::Payment>,
    /// The certified outcomes, once recorded.
    pub outcomes: Vec<Certified>,
    /// Accredited observers and missions.
    pub observers: Observers,
    /// Every list seat named, in order, with those given up.
    pub seats: Vec<Seat>,
}

impl State {
    /// The election, or the error every act but the first gets before it.
    pub fn election(&self) -> Result<&Called, RegistryError> {
        self.called
            .as_ref()
            .ok_or(RegistryError::Order("the election has not been called"))
    }

    /// Election day.
    pub fn day(&self) -> Result<Date, RegistryError> {
        Ok(self.election()?.schedule.events.election)
    }

    /// A contest by id.
    pub fn contest(&self, id: &str) -> Result<&ContestSpec, RegistryError> {
        self.by_contest
            .get(id)
            .map(|&i| &self.contests[i])
            .ok_or_else(|| unknown("contest", id))
    }

    /// A party by id.
    pub fn party(&self, id: &str) -> Result<&PartyEntry, RegistryError> {
        self.parties
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| unknown("party", id))
    }

    fn apply(&mut self, seq: u64, at: Moment, act: &Act) -> Result<(), RegistryError> {
        if let Act::Call {
            election,
            called,
            day,
            offset,
        } = act
        {
            if self.called.is_some() {
                return Err(RegistryError::Order("the election is already called"));
            }
            return self.call(election, *called, *day, *offset);
        }
        let called = self.election()?;
        if let Some(term) = act.term() {
            called.schedule.check(term, at)?;
        }
        match act {
            Act::Call { .. } => unreachable!("handled above"),
            Act::Contest(c) => self.open_contest(c),
            Act::Party { party, name } => self.register_party(party, name),
            Act::List {
                party,
                contest,
                candidates,
            } => self.nominate_list(seq, party, contest, candidates),
            Act::Nominate {
                contest,
                candidate,
                party,
                association,
            } => self.nominate(
                seq,
                contest,
                candidate,
                party.as_deref(),
                association.as_deref(),
            ),
            Act::Documents { candidate } => self.documents(candidate),
            Act::Deposit { candidate, amount } => self.deposit(seq, candidate, *amount),
            Act::Decide { candidate } => self.decide(candidate),
            Act::DecideList { party, contest } => self.decide_list(party, contest),
            Act::Withdraw { candidate } => self.withdraw(candidate),
            Act::Cancel { candidate, grounds } => self.cancel(candidate, grounds),
            Act::Fund {
                candidate,
                item,
                amount,
            } => self.fund(seq, candidate, item, *amount),
            Act::Results { day, outcomes } => self.results(*day, outcomes),
            Act::Mission(m) => self.observers.mission(m),
            Act::Accredit(a) => {
                let a = a.clone();
                self.check_accreditation(&a)?;
                self.observers.accredit(a)
            }
            Act::Name {
                party,
                contest,
                deputies,
            } => self.name_deputies(seq, party, contest, deputies),
            Act::GiveUp { candidate } => self.give_up(seq, candidate),
            Act::Replace {
                party,
                contest,
                candidate,
            } => self.replace(seq, party, contest, candidate),
        }
    }

    fn call(
        &mut self,
        election: &str,
        called: Date,
        day: Date,
        offset: UtcOffset,
    ) -> Result<(), RegistryError> {
        let events = Events {
            called,
            election: day,
            results: None,
            offset,
        };
        // The body does not change the calendar edition today; the Mazhilis's stands for all.
        let schedule =
            Schedule::of(sailau_law::Body::Mazhilis, events).map_err(|e| refused(e.to_string()))?;
        self.called = Some(Called {
            election: election.to_string(),
            schedule,
        });
        Ok(())
    }
}

/// One election's registry: its ledger and what the ledger establishes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    entries: Vec<Entry>,
    state: State,
}

impl Registry {
    /// An empty registry: its first act must call the election.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Checks `act` by `actor` at `at` and, if the law and the calendar allow it, records it.
    /// A refused act changes nothing.
    pub fn append(&mut self, at: Moment, actor: Actor, act: Act) -> Result<&Entry, RegistryError> {
        if self.entries.is_empty() != matches!(act, Act::Call { .. }) {
            return Err(RegistryError::Order(
                "a registry's first act calls the election, and no other act does",
            ));
        }
        if let Some(last) = self.entries.last() {
            if at.0 < last.at {
                return Err(refused(
                    "an act cannot be dated before the one recorded last",
                ));
            }
        }
        authorize(&actor, &act)?;
        let seq = self.entries.len() as u64 + 1;
        // Every `apply` checks all it needs before it changes anything, so a refused act
        // leaves the state as it was without a copy of it.
        self.state.apply(seq, at, &act)?;
        let prev = self.entries.last().map_or(GENESIS, |e| e.hash.as_str());
        let entry = Entry::new(seq, at, actor, act, prev);
        self.entries.push(entry);
        Ok(self.entries.last().expect("just pushed"))
    }

    /// Replays a stored ledger, checking every hash and link and every act again. The first
    /// entry that fails is named.
    pub fn replay(entries: impl IntoIterator<Item = Entry>) -> Result<Registry, RegistryError> {
        let mut r = Registry::new();
        for e in entries {
            let seq = r.entries.len() as u64 + 1;
            let fail = |why: String| RegistryError::Chain { seq, why };
            if e.seq != seq {
                return Err(fail(format!("numbered {}, expected {seq}", e.seq)));
            }
            let prev = r.entries.last().map_or(GENESIS, |x| x.hash.as_str());
            if e.prev != prev {
                return Err(fail("does not follow the entry before".into()));
            }
            if !e.hash_holds() {
                return Err(fail("its hash is not the hash of its contents".into()));
            }
            r.append(e.moment(), e.actor.clone(), e.act.clone())
                .map_err(|x| fail(x.to_string()))?;
        }
        Ok(r)
    }

    /// Every entry, in order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// What the entries establish.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// The hash of the last entry: what an observer keeps to hold the history to.
    pub fn head(&self) -> &str {
        self.entries.last().map_or(GENESIS, |e| e.hash.as_str())
    }
}

/// May `actor` make `act`? Its role must be one the act allows, and a party acts for itself.
pub fn authorize(actor: &Actor, act: &Act) -> Result<(), RegistryError> {
    if !act.roles().contains(&actor.role) {
        return Err(RegistryError::Role {
            role: actor.role,
            act: act.name(),
        });
    }
    if actor.role == Role::Party {
        match act.party() {
            Some(p) if actor.of.as_deref() == Some(p) => {}
            Some(p) => return Err(RegistryError::OtherParty(p.to_string())),
            None => {
                return Err(RegistryError::OtherParty(
                    "a self-nominated candidate".into(),
                ))
            }
        }
    }
    Ok(())
}

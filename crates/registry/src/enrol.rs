//! A definition's nominees taken through the registry, so that the ballots it is run with are
//! made from the registered candidates (docs/registry.md, "A definition's registry").
//!
//! The demo and the simulation start from a definition whose contests name who is
//! *nominated*. [`enrol`] makes the acts a CEC, its commissions and the parties would make:
//! the election called, its contests opened, the parties registered, each list and candidate
//! nominated, papered, paid for and decided. Three more nominees are added to the first
//! single-seat contest, whom the registry must keep off the ballot: one too young, one who
//! pays no deposit (or brings no documents, where no deposit is taken), one who withdraws.
//! The definition is then rebuilt from the registry's decisions alone ([`State::slate`]).
//! Last, each home precinct gets an accredited observer, so that a station's console has
//! someone to list.

use crate::act::{Accreditation, Act, Actor, ContestSpec, ObserverKind, Person, Role};
use crate::{refused, Registry, RegistryError, State};
use sailau_definition::{Candidate, Definition, UnitKind};
use sailau_law::calendar::{shift, Term};
use sailau_law::election_day::{Moment, UtcOffset};
use sailau_law::money::{deposit, Level, Place};
use sailau_law::{Body, ContestKind, Date};

/// Days from the calling of the election to election day: 59, as for 19 March 2023 (called
/// on 19 January). Any span the calendar allows would do; this is the one the demo shows.
pub const CALLED_BEFORE: i64 = 59;

/// A definition and the registry its ballots came from.
pub struct Enrolment {
    /// Every act, from the calling to the last decision on a candidate and the observers'
    /// accreditation; [`seat`] adds the results and the deputies named.
    pub registry: Registry,
    /// The definition with its parties, candidates and every contest's lines taken from the
    /// registry: the registered only, in the registry's ballot order.
    pub definition: Definition,
}

/// Takes `nominees` (a definition whose contests list who is nominated) through the registry
/// and returns the ledger and the definition made from it. A referendum question, or a
/// second round (its lines follow from the first round's results), is left as it is.
pub fn enrol(nominees: &Definition) -> Result<Enrolment, RegistryError> {
    let day = nominees.election.date;
    let offset = nominees
        .precincts
        .iter()
        .filter(|p| !p.abroad)
        .map(|p| p.utc_offset)
        .max_by_key(|o| o.as_minutes())
        .unwrap_or(UtcOffset::UTC_PLUS_5);
    let called = shift(day, -CALLED_BEFORE);
    let mut e = Enroller {
        r: Registry::new(),
        def: nominees,
        by_id: nominees
            .candidates
            .iter()
            .map(|c| (c.id.as_str(), c))
            .collect(),
        cec: Actor::cec(),
    };
    let cec = e.cec.clone();
    e.act(
        Moment::local(called, 12, 0, offset),
        &cec,
        Act::Call {
            election: nominees.election.id.clone(),
            called,
            day,
            offset,
        },
    )?;
    let schedule = e.r.state().election()?.schedule.clone();
    let opens = |term: Term| {
        schedule
            .term(term)
            .map(|p| p.opens)
            .ok_or_else(|| refused(format!("the calendar has no {term} term")))
    };
    let nominated = Moment(
        opens(Term::Nomination)?
            .0
            .max(opens(Term::Registration)?.0)
            .max(opens(Term::Withdrawal)?.0)
            + 10 * 3_600,
    );
    let opened = Moment::local(called, 13, 0, offset);

    let enrolled: Vec<&sailau_definition::Contest> = nominees
        .contests
        .iter()
        .filter(|c| c.kind != ContestKind::Referendum && c.round == 1)
        .collect();
    for c in &enrolled {
        let spec = e.spec(c);
        e.act(opened, &cec, Act::Contest(spec))?;
    }
    let mut parties: Vec<_> = nominees.parties.iter().collect();
    parties.sort_by_key(|p| p.registration_order);
    for p in parties {
        e.act(
            opened,
            &cec,
            Act::Party {
                party: p.id.clone(),
                name: p.name.clone(),
            },
        )?;
    }

    // Nomination: each list by its party, each single-seat candidate by a party or, for the
    // self-nominated, recorded by the contest's commission.
    let mut lists = Vec::new();
    let mut single = Vec::new();
    for c in &enrolled {
        let commission = e.commission(c);
        for o in &c.options {
            if c.kind == ContestKind::PartyList {
                let party = o.party.clone().unwrap_or_default();
                let people = o
                    .list
                    .iter()
                    .map(|id| e.person(id))
                    .collect::<Result<Vec<_>, _>>()?;
                e.act(
                    nominated,
                    &Actor::party(&party),
                    Act::List {
                        party: party.clone(),
                        contest: c.id.clone(),
                        candidates: people.iter().map(|(p, _)| p.clone()).collect(),
                    },
                )?;
                lists.push((party, c.id.clone(), commission.clone()));
            } else if let Some(id) = &o.candidate {
                let (person, party) = e.person(id)?;
                let actor = party.as_deref().map_or(commission.clone(), Actor::party);
                e.act(
                    nominated,
                    &actor,
                    Act::Nominate {
                        contest: c.id.clone(),
                        candidate: person,
                        party,
                        association: None,
                    },
                )?;
                single.push((id.clone(), c.body, commission.clone()));
            }
        }
    }
    let extras = match enrolled.iter().find(|c| c.kind != ContestKind::PartyList) {
        Some(c) => e.extras(c, nominated, day)?,
        None => Vec::new(),
    };

    // Documents and deposits a day later; the withdrawal the day after; the decisions on
    // the third day.
    let papers = Moment(nominated.0 + 86_400);
    for (party, contest, commission) in &lists {
        let option = enrolled
            .iter()
            .find(|c| &c.id == contest)
            .and_then(|c| c.options.iter().find(|o| o.party.as_ref() == Some(party)));
        let body = e.body_of(contest);
        for id in option.map_or(&[][..], |o| o.list.as_slice()) {
            e.papers(papers, commission, id, body, true, true)?;
        }
    }
    for (id, body, commission) in &single {
        e.papers(papers, commission, id, *body, true, true)?;
    }
    for x in &extras {
        e.papers(papers, &x.commission, &x.id, x.body, x.documents, x.deposit)?;
    }
    let withdrawn = Moment(papers.0 + 86_400);
    for x in extras.iter().filter(|x| x.withdraws) {
        e.act(
            withdrawn,
            &x.commission,
            Act::Withdraw {
                candidate: x.id.clone(),
            },
        )?;
    }
    let decided = Moment(withdrawn.0 + 86_400);
    for (party, contest, commission) in &lists {
        e.act(
            decided,
            commission,
            Act::DecideList {
                party: party.clone(),
                contest: contest.clone(),
            },
        )?;
    }
    let undecided = single.iter().map(|(id, _, c)| (id, c)).chain(
        extras
            .iter()
            .filter(|x| !x.withdraws)
            .map(|x| (&x.id, &x.commission)),
    );
    for (id, commission) in undecided.collect::<Vec<_>>() {
        e.act(
            decided,
            commission,
            Act::Decide {
                candidate: id.clone(),
            },
        )?;
    }
    e.accredit(Moment(decided.0 + 86_400))?;
    let definition = e.r.state().slate(nominees)?;
    Ok(Enrolment {
        registry: e.r,
        definition,
    })
}

/// Invented observers' given and family names.
const OBSERVERS: [&str; 8] = [
    "Aliya Nurpeisova",
    "Berik Tulegenov",
    "Gaukhar Amanova",
    "Daulet Iskakov",
    "Zhuldyz Kassymova",
    "Yerzhan Baimukhanov",
    "Laura Seitkali",
    "Nurzhan Abilov",
];

/// An invented nominee the registry must keep off the ballot.
struct Extra {
    id: String,
    body: Body,
    commission: Actor,
    documents: bool,
    deposit: bool,
    withdraws: bool,
}

struct Enroller<'a> {
    r: Registry,
    def: &'a Definition,
    /// The definition's candidates by id: a country's nominees are some ten thousand.
    by_id: std::collections::HashMap<&'a str, &'a Candidate>,
    cec: Actor,
}

impl Enroller<'_> {
    fn act(&mut self, at: Moment, actor: &Actor, act: Act) -> Result<(), RegistryError> {
        record(&mut self.r, "enrolling the definition", at, actor, act)
    }

    fn body_of(&self, contest: &str) -> Body {
        self.def
            .contests
            .iter()
            .find(|c| c.id == contest)
            .map_or(Body::Mazhilis, |c| c.body)
    }

    /// The nominee `id` as the registry holds a person: the definition's facts, a person key
    /// of the id's own (one candidacy each), and residence since birth (the definition holds
    /// none: an invented fact).
    fn person(&self, id: &str) -> Result<(Person, Option<String>), RegistryError> {
        let c: &Candidate = self
            .by_id
            .get(id)
            .ok_or_else(|| refused(format!("the definition's ballot names no candidate {id:?}")))?;
        Ok((
            Person {
                id: c.id.clone(),
                person: format!("p-{}", c.id),
                name: c.name.clone(),
                birth: c.birth_date,
                woman: c.woman,
                disability: c.disability,
                resident_since: c.birth_date,
            },
            c.party.clone(),
        ))
    }

    /// The unit at the top of `unit`'s chain of parents: its region or city.
    fn region(&self, unit: &str) -> Option<&sailau_definition::Unit> {
        let mut u = self.def.units.iter().find(|u| u.id == unit)?;
        while let Some(parent) = &u.parent {
            u = self.def.units.iter().find(|x| &x.id == parent)?;
        }
        Some(u)
    }

    /// The unit a contest is held in: its council, its district's first precinct's unit, or
    /// none for the whole country.
    fn unit_of(&self, c: &sailau_definition::Contest) -> Option<String> {
        if let Some(council) = &c.council {
            return Some(council.clone());
        }
        let district = self
            .def
            .districts
            .iter()
            .find(|d| Some(&d.id) == c.district.as_ref())?;
        let first = district.precincts.first()?;
        let p = self.def.precincts.iter().find(|p| &p.id == first)?;
        Some(p.unit.clone())
    }

    fn spec(&self, c: &sailau_definition::Contest) -> ContestSpec {
        let council = c
            .council
            .as_ref()
            .and_then(|u| self.def.units.iter().find(|x| &x.id == u));
        let level = match (c.body, council.map(|u| u.kind)) {
            (Body::Maslikhat, Some(UnitKind::District)) => Level::Local,
            (Body::Maslikhat, _) => Level::Regional,
            _ => Level::National,
        };
        // Only the Senate's travel item depends on the place; Astana and Almaty are told by
        // their names, which the definition gives in English.
        let capital = self
            .unit_of(c)
            .and_then(|u| self.region(&u))
            .is_some_and(|r| {
                r.kind == UnitKind::City && matches!(r.name.en.as_str(), "Astana" | "Almaty")
            });
        ContestSpec {
            id: c.id.clone(),
            name: c.name.en.clone(),
            body: c.body,
            kind: c.kind,
            council: c.council.clone(),
            level,
            place: if capital {
                Place::Capital
            } else {
                Place::Region
            },
        }
    }

    /// The commission that registers a contest's candidates: the district's, the council's,
    /// or the CEC for a contest of the whole country.
    fn commission(&self, c: &sailau_definition::Contest) -> Actor {
        match c.district.as_ref().or(c.council.as_ref()) {
            Some(unit) => Actor {
                role: Role::Territorial,
                of: Some(unit.clone()),
                name: format!("Secretary of the commission of {unit}"),
            },
            None => self.cec.clone(),
        }
    }

    fn papers(
        &mut self,
        at: Moment,
        commission: &Actor,
        id: &str,
        body: Body,
        documents: bool,
        pays: bool,
    ) -> Result<(), RegistryError> {
        if documents {
            self.act(
                at,
                commission,
                Act::Documents {
                    candidate: id.into(),
                },
            )?;
        }
        let day = self.def.election.date;
        if let (true, Some(amount)) = (pays, deposit(body, day)) {
            self.act(
                at,
                commission,
                Act::Deposit {
                    candidate: id.into(),
                    amount,
                },
            )?;
        }
        Ok(())
    }

    /// Accredits, at each home precinct, an observer of one of the parties on the ballot in
    /// turn; at the first, also an NGO's observer and a proxy of its first registered
    /// single-seat candidate. Invented people, by the precinct's territorial commission.
    fn accredit(&mut self, at: Moment) -> Result<(), RegistryError> {
        let parties: Vec<String> = self
            .r
            .state()
            .ballot_parties()
            .into_iter()
            .map(|p| p.id)
            .collect();
        let proxy_of = self
            .r
            .state()
            .candidates
            .iter()
            .find(|c| !c.on_list && c.status == crate::candidates::Status::Registered)
            .map(|c| c.person.id.clone());
        let home: Vec<(String, String)> = self
            .def
            .precincts
            .iter()
            .filter(|p| !p.abroad)
            .map(|p| (p.id.clone(), p.unit.clone()))
            .collect();
        let mut n = 0;
        for (k, (precinct, unit)) in home.iter().enumerate() {
            let commission = Actor {
                role: Role::Territorial,
                of: Some(unit.clone()),
                name: format!("Secretary of the commission of {unit}"),
            };
            let mut kinds = Vec::new();
            if !parties.is_empty() {
                kinds.push(ObserverKind::Party {
                    party: parties[k % parties.len()].clone(),
                });
            }
            if k == 0 {
                kinds.push(ObserverKind::Ngo {
                    organisation: "Independent observers' network (invented)".into(),
                });
                if let Some(c) = &proxy_of {
                    kinds.push(ObserverKind::Proxy {
                        candidate: c.clone(),
                    });
                }
            }
            for kind in kinds {
                n += 1;
                self.act(
                    at,
                    &commission,
                    Act::Accredit(Accreditation {
                        id: format!("obs-{n:05}"),
                        name: OBSERVERS[(n - 1) % OBSERVERS.len()].into(),
                        kind,
                        precincts: vec![precinct.clone()],
                    }),
                )?;
            }
        }
        Ok(())
    }

    /// The three nominees of `c` who do not reach its ballot.
    fn extras(
        &mut self,
        c: &sailau_definition::Contest,
        at: Moment,
        day: Date,
    ) -> Result<Vec<Extra>, RegistryError> {
        let commission = self.commission(c);
        let takes_deposit = deposit(c.body, day).is_some();
        let adult = Date::new(day.year() - 45, 6, 1).ok_or_else(|| refused("a birth date"))?;
        let young = Date::new(day.year() - 19, 1, 15).ok_or_else(|| refused("a birth date"))?;
        let people = [
            ("too-young", "Arman Serikov", young, true, true, false),
            (
                "unpaid",
                "Dinara Zhaksylykova",
                adult,
                takes_deposit,
                false,
                false,
            ),
            ("withdrawn", "Kanat Ospanov", adult, true, true, true),
        ];
        let mut out = Vec::new();
        for (tag, name, birth, documents, deposit, withdraws) in people {
            let id = format!("{}-{tag}", c.id);
            if self.by_id.contains_key(id.as_str()) {
                return Err(refused(format!(
                    "the definition already has a candidate {id:?}"
                )));
            }
            self.act(
                at,
                &commission,
                Act::Nominate {
                    contest: c.id.clone(),
                    candidate: Person {
                        id: id.clone(),
                        person: format!("p-{id}"),
                        name: name.into(),
                        birth,
                        woman: name.starts_with("Dinara"),
                        disability: false,
                        resident_since: birth,
                    },
                    party: None,
                    association: None,
                },
            )?;
            out.push(Extra {
                id,
                body: c.body,
                commission: commission.clone(),
                documents,
                deposit,
                withdraws,
            });
        }
        Ok(out)
    }
}

/// Appends `act`; a refusal says what was being done and which act it refused.
fn record(
    r: &mut Registry,
    doing: &str,
    at: Moment,
    actor: &Actor,
    act: Act,
) -> Result<(), RegistryError> {
    let name = act.name();
    r.append(at, actor.clone(), act)
        .map(|_| ())
        .map_err(|e| refused(format!("{doing}: the {name} act: {e}")))
}

impl State {
    /// `nominees` with its parties, candidates and every enrolled contest's lines made from
    /// this registry: the parties on some ballot, the registered candidates, each contest's
    /// [`State::ballot`]. Contests the registry does not hold are kept as they are.
    pub fn slate(&self, nominees: &Definition) -> Result<Definition, RegistryError> {
        let mut def = nominees.clone();
        for c in def.contests.iter_mut() {
            if self.contest(&c.id).is_ok() {
                c.options = self.ballot(&c.id)?;
            }
        }
        def.parties = self.ballot_parties();
        def.candidates = self.ballot_candidates();
        Ok(def)
    }
}

/// Days from election day to the final results the demo records: 8, as in 2023 (19 to 27
/// March), inside the law's ten.
pub const RESULTS_AFTER: i64 = 8;

/// After the count: the law's decisions on the certified results recorded (`results`), then
/// each party that won list seats names its deputies the next day (`name`), by
/// [`choose`]. The decisions name `def`'s ballot lines, which the registry knows by their
/// candidate (or, on a list ballot, their party). Contests the registry does not hold are
/// left out.
pub fn seat(
    registry: &mut Registry,
    def: &Definition,
    decisions: &[sailau_law::Decision],
) -> Result<(), RegistryError> {
    let called = registry.state().election()?.clone();
    let offset = called.schedule.events.offset;
    let day = shift(called.schedule.events.election, RESULTS_AFTER);
    let held: Vec<&sailau_law::Decision> = decisions
        .iter()
        .filter(|d| registry.state().contest(&d.contest).is_ok())
        .collect();
    let mut outcomes = Vec::new();
    for d in &held {
        let base = u64::try_from(d.base).map_err(|_| refused("a base beyond 64 bits"))?;
        let lines = def
            .contests
            .iter()
            .find(|c| c.id == d.contest)
            .map_or(&[][..], |c| c.options.as_slice());
        for o in &d.options {
            let line = lines.iter().find(|l| l.id == o.id);
            let option = line
                .and_then(|l| l.candidate.clone().or_else(|| l.party.clone()))
                .ok_or_else(|| {
                    refused(format!(
                        "{} in {}: no such line on the ballot",
                        o.id, d.contest
                    ))
                })?;
            outcomes.push(crate::act::Certified {
                contest: d.contest.clone(),
                option,
                votes: o.votes,
                base,
                elected: d.winner.as_deref() == Some(o.id.as_str()),
                seats: o.seats.unwrap_or(0),
            });
        }
    }
    let cec = Actor::cec();
    let append = |r: &mut Registry, at: Moment, actor: &Actor, act: Act| {
        record(r, "seating the deputies", at, actor, act)
    };
    append(
        registry,
        Moment::local(day, 10, 0, offset),
        &cec,
        Act::Results { day, outcomes },
    )?;
    let named = Moment::local(shift(day, 1), 10, 0, offset);
    let lists: Vec<(String, String)> = registry
        .state()
        .outcomes
        .iter()
        .filter(|o| {
            o.seats > 0
                && registry
                    .state()
                    .contest(&o.contest)
                    .is_ok_and(|c| c.kind == ContestKind::PartyList)
        })
        .map(|o| (o.option.clone(), o.contest.clone()))
        .collect();
    for (party, contest) in lists {
        let won = registry.state().seats_won(&party, &contest) as usize;
        let deputies = choose(registry.state(), &party, &contest, won)?;
        append(
            registry,
            named,
            &Actor::party(&party),
            Act::Name {
                party,
                contest,
                deputies,
            },
        )?;
    }
    Ok(())
}

/// A party's deputies for `seats` list seats: its registered candidates in list order and,
/// where the party chooses (`sailau_law::candidacy::seating`), the quota's groups brought
/// forward from further down the list, one for one in place of the last who do not count,
/// as far as the quota needs. The registry checks the choice like any other.
pub fn choose(
    s: &State,
    party: &str,
    contest: &str,
    seats: usize,
) -> Result<Vec<String>, RegistryError> {
    use sailau_law::candidacy::{seating, Seating};
    use sailau_law::list_quota::{count, counts, QuotaFacts};
    let list = s.list(party, contest)?;
    let registered: Vec<&crate::candidates::Candidate> = list
        .candidates
        .iter()
        .filter_map(|id| s.candidate(id).ok())
        .filter(|c| c.status == crate::candidates::Status::Registered)
        .collect();
    if registered.len() < seats {
        return Err(refused(format!(
            "{party} won {seats} seats in {contest} with {} registered candidates",
            registered.len()
        )));
    }
    let mut chosen: Vec<usize> = (0..seats).collect();
    let body = s.contest(contest)?.body;
    let day = s.day()?;
    let quota =
        sailau_law::editions::in_force(body, day).and_then(|e| e.list.and_then(|l| l.quota));
    if let (Seating::PartyChoice, Some(q)) = (seating(body, day), quota) {
        let facts = |i: usize| {
            let p = &registered[i].person;
            QuotaFacts {
                woman: p.woman,
                birth: p.birth,
                disability: p.disability,
            }
        };
        let mut next = seats;
        while !count(
            &q,
            &chosen.iter().map(|&i| facts(i)).collect::<Vec<_>>(),
            day,
        )
        .met()
        {
            let Some(out) = chosen.iter().rposition(|&i| !counts(&q, &facts(i), day)) else {
                break;
            };
            let Some(inn) = (next..registered.len()).find(|&i| counts(&q, &facts(i), day)) else {
                break;
            };
            chosen[out] = inn;
            next = inn + 1;
        }
        chosen.sort_unstable();
    }
    Ok(chosen
        .into_iter()
        .map(|i| registered[i].person.id.clone())
        .collect())
}

//! The acts a registry records, who may make each, and the term each must fall in
//! (docs/registry.md). An act is what a commission or a party did; what follows from it (a
//! candidate registered or refused, a deposit refunded) is worked out on replay, never typed.

use sailau_definition::{named, Names};
use sailau_law::calendar::Term;
use sailau_law::election_day::UtcOffset;
use sailau_law::money::{Level, Place, Tenge};
use sailau_law::{Body, ContestKind, Date};
use serde::{Deserialize, Serialize};

/// Who makes an act.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// The actor's role.
    pub role: Role,
    /// For a party: the party's id. For a territorial commission: its unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    /// The person who signed the act for the role, as the register shows.
    pub name: String,
}

impl Actor {
    /// The CEC, acting through its secretary.
    pub fn cec() -> Actor {
        Actor {
            role: Role::Cec,
            of: None,
            name: "Secretary of the CEC".into(),
        }
    }

    /// A party, acting through the chair of its governing body.
    pub fn party(party: &str) -> Actor {
        Actor {
            role: Role::Party,
            of: Some(party.into()),
            name: format!("Chair of {party}'s governing body"),
        }
    }
}

/// A role in the registries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The Central Election Commission.
    Cec,
    /// A territorial or district commission (registers district candidates, accredits
    /// observers).
    Territorial,
    /// A party's governing body (nominates, names its deputies).
    Party,
}

/// A person standing, as a nomination gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The candidate's id in this election, as ballots will name it.
    pub id: String,
    /// The key the commission gives one person, from their identity document: the same person
    /// in two nominations has the same key. Never the IIN, which the register does not
    /// publish.
    pub person: String,
    /// Full name, as the ballot prints it.
    pub name: String,
    /// Date of birth.
    pub birth: Date,
    /// For the list quota.
    pub woman: bool,
    /// For the list quota.
    pub disability: bool,
    /// Living in Kazakhstan without a break since this day.
    pub resident_since: Date,
}

/// A contest candidates stand in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContestSpec {
    /// The contest's id, as the definition will name it.
    pub id: String,
    /// Its title, in English.
    pub name: String,
    /// The body elected.
    #[serde(with = "named::body")]
    #[schemars(schema_with = "named::body::schema")]
    pub body: Body,
    /// `party-list`, `smd`, `presidential`, `senate` or `akim`.
    #[serde(with = "named::kind")]
    #[schemars(schema_with = "named::kind::schema")]
    pub kind: ContestKind,
    /// A maslikhat's council (its unit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub council: Option<String>,
    /// The funding level: a regional or a local council; national otherwise.
    pub level: Level,
    /// Where its candidates campaign, for the Senate's travel item.
    pub place: Place,
}

/// An observer or journalist accredited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Accreditation {
    /// The accreditation's number, unique in the election.
    pub id: String,
    /// The person's full name.
    pub name: String,
    /// Who they come for.
    pub kind: ObserverKind,
    /// The precincts they may observe; empty: any.
    #[serde(default)]
    pub precincts: Vec<String>,
}

/// Whom an observer comes for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "for", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ObserverKind {
    /// A party's observer.
    Party {
        /// The party.
        party: String,
    },
    /// A non-governmental organisation's observer.
    Ngo {
        /// The organisation.
        organisation: String,
    },
    /// A candidate's proxy.
    Proxy {
        /// The candidate.
        candidate: String,
    },
    /// A journalist.
    Media {
        /// The outlet.
        outlet: String,
        /// A foreign journalist, accredited by the CEC within its term.
        foreign: bool,
    },
    /// A member of an international mission.
    International {
        /// The mission.
        mission: String,
        /// The observer's country.
        country: String,
    },
}

/// An international observation mission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mission {
    /// The mission's id.
    pub id: String,
    /// The organisation, such as "OSCE/ODIHR" or "CIS".
    pub organisation: String,
    /// The head of mission.
    pub head: String,
}

/// One certified outcome of one option, from the law's decision on the certified results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Certified {
    /// The contest.
    pub contest: String,
    /// The option: a party's id on a list, a candidate's id otherwise.
    pub option: String,
    /// Its votes.
    pub votes: u64,
    /// The contest's base of shares.
    pub base: u64,
    /// Elected (single seats).
    pub elected: bool,
    /// Seats won (lists).
    pub seats: u32,
}

/// One act of a registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "act", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Act {
    /// The election is called: every term is counted from here. Always the first act.
    Call {
        /// The election's id, as its definition will carry it.
        election: String,
        /// The day the decree was published.
        called: Date,
        /// Election day.
        day: Date,
        /// The CEC's UTC offset: terms end by its clock.
        offset: UtcOffset,
    },
    /// A contest is opened for nominations.
    Contest(ContestSpec),
    /// The CEC registers a party taking part; the order of registration breaks ties.
    Party {
        /// The party's id.
        party: String,
        /// Its name in Kazakh, Russian and English, as the ballot prints it.
        name: Names,
    },
    /// A party nominates its list for a contest, in list order.
    List {
        /// The party.
        party: String,
        /// The list contest.
        contest: String,
        /// Its candidates, in list order.
        candidates: Vec<Person>,
    },
    /// A candidate is nominated for a single seat: by a party, or by themselves.
    Nominate {
        /// The contest.
        contest: String,
        /// The candidate.
        candidate: Person,
        /// The nominating party; none for a self-nominated candidate.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        party: Option<String>,
        /// The nominating public association, where one nominates (2023: five candidates by
        /// four associations); none for a party's or a self-nominated candidate.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        association: Option<String>,
    },
    /// A candidate's documents are received complete.
    Documents {
        /// The candidate.
        candidate: String,
    },
    /// A candidate's deposit is received.
    Deposit {
        /// The candidate.
        candidate: String,
        /// The amount received.
        amount: Tenge,
    },
    /// The commission decides on a candidate's registration: the registry works out whether
    /// the candidate is registered or refused, and why.
    Decide {
        /// The candidate.
        candidate: String,
    },
    /// The CEC decides on a party's list as a whole (each candidate, then the quota).
    DecideList {
        /// The party.
        party: String,
        /// The list contest.
        contest: String,
    },
    /// A commission cancels a registration on grounds found after it (such as a false
    /// declaration).
    Cancel {
        /// The candidate.
        candidate: String,
        /// The grounds, as the commission's decision states them.
        grounds: String,
    },
    /// A candidate withdraws.
    Withdraw {
        /// The candidate.
        candidate: String,
    },
    /// One item of a candidate's state campaign funding is paid.
    Fund {
        /// The candidate.
        candidate: String,
        /// The item, as the law names it.
        item: String,
        /// The amount paid.
        amount: Tenge,
    },
    /// The CEC records the certified results the registry needs: shares, winners, seats.
    Results {
        /// The day the results were set.
        day: Date,
        /// Every option's certified outcome.
        outcomes: Vec<Certified>,
    },
    /// An international mission is registered.
    Mission(Mission),
    /// An observer or journalist is accredited.
    Accredit(Accreditation),
    /// A party names the deputies who take its list seats.
    Name {
        /// The party.
        party: String,
        /// The list contest.
        contest: String,
        /// The candidates who take the seats.
        deputies: Vec<String>,
    },
    /// A deputy gives up the seat.
    GiveUp {
        /// The deputy.
        candidate: String,
    },
    /// A party names who takes a seat given up.
    Replace {
        /// The party.
        party: String,
        /// The list contest.
        contest: String,
        /// The candidate who takes the seat.
        candidate: String,
    },
}

impl Act {
    /// The act's name, as the API and the audit log write it.
    pub fn name(&self) -> &'static str {
        match self {
            Act::Call { .. } => "call",
            Act::Contest(_) => "contest",
            Act::Party { .. } => "party",
            Act::List { .. } => "list",
            Act::Nominate { .. } => "nominate",
            Act::Documents { .. } => "documents",
            Act::Deposit { .. } => "deposit",
            Act::Decide { .. } => "decide",
            Act::DecideList { .. } => "decide-list",
            Act::Cancel { .. } => "cancel",
            Act::Withdraw { .. } => "withdraw",
            Act::Fund { .. } => "fund",
            Act::Results { .. } => "results",
            Act::Mission(_) => "mission",
            Act::Accredit(_) => "accredit",
            Act::Name { .. } => "name",
            Act::GiveUp { .. } => "give-up",
            Act::Replace { .. } => "replace",
        }
    }

    /// The roles that may make this act. A party acts only for itself (checked with the
    /// act's party).
    pub fn roles(&self) -> &'static [Role] {
        match self {
            Act::List { .. } | Act::Name { .. } | Act::Replace { .. } => &[Role::Party],
            // A party nominates its own candidates; a commission records a self-nomination.
            Act::Nominate { .. } => &[Role::Party, Role::Territorial, Role::Cec],
            Act::Documents { .. }
            | Act::Deposit { .. }
            | Act::Decide { .. }
            | Act::DecideList { .. }
            | Act::Withdraw { .. }
            | Act::Cancel { .. }
            | Act::Accredit(_) => &[Role::Territorial, Role::Cec],
            Act::Call { .. }
            | Act::Contest(_)
            | Act::Party { .. }
            | Act::Fund { .. }
            | Act::Results { .. }
            | Act::Mission(_)
            | Act::GiveUp { .. } => &[Role::Cec],
        }
    }

    /// The party the act is made for, where a party may make it.
    pub fn party(&self) -> Option<&str> {
        match self {
            Act::List { party, .. } | Act::Name { party, .. } | Act::Replace { party, .. } => {
                Some(party)
            }
            Act::Nominate { party, .. } => party.as_deref(),
            _ => None,
        }
    }

    /// The calendar term the act must fall in, if any.
    pub fn term(&self) -> Option<Term> {
        match self {
            Act::List { .. } | Act::Nominate { .. } => Some(Term::Nomination),
            Act::Documents { .. }
            | Act::Deposit { .. }
            | Act::Decide { .. }
            | Act::DecideList { .. } => Some(Term::Registration),
            Act::Withdraw { .. } | Act::Cancel { .. } => Some(Term::Withdrawal),
            Act::Fund { .. } => Some(Term::Campaign),
            Act::Results { .. } => Some(Term::FinalResults),
            Act::Name { .. } => Some(Term::NamingDeputies),
            Act::Mission(_) => Some(Term::ForeignObservers),
            Act::Accredit(a) => match a.kind {
                ObserverKind::International { .. } | ObserverKind::Media { foreign: true, .. } => {
                    Some(Term::ForeignObservers)
                }
                _ => None,
            },
            Act::Call { .. }
            | Act::Contest(_)
            | Act::Party { .. }
            | Act::GiveUp { .. }
            | Act::Replace { .. } => None,
        }
    }
}

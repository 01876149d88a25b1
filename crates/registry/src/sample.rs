//! A registry of the 2023 Mazhilis, made up person by person so that its statistics are the
//! published ones (docs/registry.md, "The 2023 sample"). The people are invented; the counts
//! are the CEC's:
//! - lists: 283 nominated (Amanat 90, Ak Zhol 54, Auyl 25, Baytaq 18, NSDP 19, People's Party
//!   52, Respublica 25), 281 registered, 80 of them women, 19 under 29, 38.1% of them in the
//!   quota's groups (sailaunews.kz, 2023-02-25; The Diplomatic Insight, 2023-02-11);
//! - districts: 609 nominated (79 by seven parties, 5 by four public associations, 525
//!   self-nominated), 435 registered (359 self-nominated, 85 women), 45 withdrawn before
//!   registration, 125 refused, 4 registrations cancelled (sailaunews.kz, 2023-02-20);
//! - the list seats the law gives on the official votes, the district winners by party (22
//!   Amanat, 1 NSDP, 6 independents), foreign observers: 793 from 41 countries and 12
//!   organisations, 230 foreign journalists (The Astana Times, 2023-03-19).
//!
//! What the sources do not give is invented and said to be: which two list candidates did not
//! stand, each district's count of candidates beyond the six published, the nominating
//! parties of district candidates (NSDP's six apart), the reasons of the 125 refusals, the
//! district votes, and the names of observers, countries and ten of the organisations.

use crate::act::{
    Accreditation, Act, Actor, Certified, ContestSpec, Mission, ObserverKind, Person, Role,
};
use crate::Registry;
use sailau_definition::Names;
use sailau_law::election_day::{Moment, UtcOffset};
use sailau_law::money::{deposit, funding, Level, Place};
use sailau_law::{decide, editions, Body, Choice, Contest, ContestKind, Date, WhatIf};

/// The parties in the sample's order of registration, with their 2023 list votes (CEC final
/// results) and the length of the list each nominated.
pub const PARTIES: [(&str, &str, u64, usize); 7] = [
    ("amanat", "AMANAT", 3_431_510, 90),
    (
        "auyl",
        "Auyl People's Democratic Patriotic Party",
        693_938,
        25,
    ),
    ("respublica", "Respublica", 547_154, 25),
    ("ak-zhol", "Ak Zhol Democratic Party", 535_139, 54),
    ("peoples", "People's Party of Kazakhstan", 432_920, 52),
    ("nsdp", "Nationwide Social Democratic Party", 331_058, 19),
    ("baytaq", "Baytaq Green Party of Kazakhstan", 146_431, 18),
];

/// "Against all" on the 2023 list ballot; the base is the parties' votes plus it.
const AGAINST_ALL: u64 = 248_291;

/// Per list (in [`PARTIES`] order): registered candidates who are young, have a disability,
/// or are women (disjoint groups), adding up to 19, 8 and 80 (107 of 281 = 38.1%). The split
/// between lists is invented; each list meets its 30%.
const QUOTA_GROUPS: [(usize, usize, usize); 7] = [
    (5, 2, 27),
    (2, 1, 7),
    (2, 1, 7),
    (4, 1, 15),
    (2, 1, 16),
    (2, 1, 4),
    (2, 1, 4),
];

/// Registered candidates per district, 1 to 29: Astana's 41 and 42, Almaty's 37, 33 and 34,
/// and No. 25's five are published; the rest share the remaining 243 (invented).
const REGISTERED: [usize; 29] = [
    41, 42, 37, 33, 34, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 10, 10, 10, 10, 10, 10,
    5, 10, 10, 10, 10,
];

/// District winners: `Some(party)` or `None` for an independent. Nos. 1, 3, 6, 7, 8, 11, 12,
/// 19 and 21 are as in fixtures/official/2023-03-19-mazhilis-districts.json; the rest are
/// placed (invented) to make 22 Amanat, 1 NSDP and 6 independents.
const WINNERS: [Option<&str>; 29] = {
    let a = Some("amanat");
    [
        a,
        a,
        None,
        None,
        None,
        a,
        a,
        a,
        a,
        a,
        None,
        None,
        a,
        a,
        a,
        a,
        a,
        a,
        a,
        a,
        a,
        Some("nsdp"),
        a,
        a,
        a,
        a,
        a,
        None,
        a,
    ]
};

/// District nominees by party (79 in all); NSDP's six are published, the rest invented.
const DISTRICT_PARTIES: [(&str, usize); 7] = [
    ("amanat", 29),
    ("ak-zhol", 14),
    ("peoples", 12),
    ("auyl", 8),
    ("respublica", 6),
    ("nsdp", 6),
    ("baytaq", 4),
];

const DAY: Date = sailau_law_date(2023, 3, 19);

const fn sailau_law_date(y: u16, m: u8, d: u8) -> Date {
    match Date::new(y, m, d) {
        Some(d) => d,
        None => panic!("a valid date"),
    }
}

fn at(date: &str, hour: u8) -> Moment {
    Moment::local(
        date.parse().expect("a date"),
        hour,
        0,
        UtcOffset::UTC_PLUS_6,
    )
}

fn names(en: &str) -> Names {
    Names {
        kk: en.into(),
        ru: en.into(),
        en: en.into(),
    }
}

const GIVEN: [&str; 12] = [
    "Aibek", "Dana", "Erlan", "Gulnara", "Marat", "Aigerim", "Nurlan", "Saule", "Timur", "Zhanar",
    "Bolat", "Madina",
];
const FAMILY: [&str; 10] = [
    "Abenov", "Bekova", "Dosanov", "Ermekova", "Kairatov", "Mukanova", "Nurlanov", "Omarova",
    "Sadykov", "Tokenova",
];

/// An invented person: a man of 48 unless told otherwise.
fn person(id: String, n: usize, woman: bool, young: bool, disability: bool) -> Person {
    let birth = if young { "1997-01-15" } else { "1975-06-01" };
    Person {
        person: format!("p-{id}"),
        name: format!(
            "{} {} {n}",
            GIVEN[n % GIVEN.len()],
            FAMILY[n % FAMILY.len()]
        ),
        id,
        birth: birth.parse().expect("a date"),
        woman,
        disability,
        resident_since: "1975-06-01".parse().expect("a date"),
    }
}

struct Builder {
    r: Registry,
    cec: Actor,
}

impl Builder {
    fn act(&mut self, when: Moment, actor: &Actor, act: Act) {
        if let Err(e) = self.r.append(when, actor.clone(), act.clone()) {
            panic!("the 2023 sample's act {} is refused: {e}", act.name());
        }
    }

    fn cec(&mut self, when: Moment, act: Act) {
        let cec = self.cec.clone();
        self.act(when, &cec, act);
    }
}

fn district_commission(d: usize) -> Actor {
    Actor {
        role: Role::Territorial,
        of: Some(format!("district-{d}")),
        name: format!("Secretary of district commission No. {d}"),
    }
}

/// The 2023 Mazhilis registry, every act in order from the calling to the naming of
/// deputies.
pub fn mazhilis_2023() -> Registry {
    let mut b = Builder {
        r: Registry::new(),
        cec: Actor::cec(),
    };
    b.cec(
        at("2023-01-19", 12),
        Act::Call {
            election: "mazhilis-2023".into(),
            called: "2023-01-19".parse().expect("a date"),
            day: DAY,
            offset: UtcOffset::UTC_PLUS_6,
        },
    );
    let opened = at("2023-01-19", 13);
    b.cec(
        opened,
        Act::Contest(ContestSpec {
            id: "mazhilis-list".into(),
            name: "Mazhilis: party lists".into(),
            body: Body::Mazhilis,
            kind: ContestKind::PartyList,
            council: None,
            level: Level::National,
            place: Place::Region,
        }),
    );
    for d in 1..=29 {
        let place = if d <= 5 {
            Place::Capital
        } else {
            Place::Region
        };
        b.cec(
            opened,
            Act::Contest(ContestSpec {
                id: format!("mazhilis-smd-{d}"),
                name: format!("Mazhilis: single-member district No. {d}"),
                body: Body::Mazhilis,
                kind: ContestKind::Smd,
                council: None,
                level: Level::National,
                place,
            }),
        );
    }
    for (id, name, _, _) in PARTIES {
        b.cec(
            opened,
            Act::Party {
                party: id.into(),
                name: names(name),
            },
        );
    }
    let lists = nominate_lists(&mut b);
    let districts = nominate_districts(&mut b);
    papers_and_decisions(&mut b, &lists, &districts);
    campaign(&mut b);
    observers(&mut b);
    results_and_seats(&mut b);
    b.r
}

/// Each party's list, the quota's groups spread along it; the last two men of Ak Zhol's and
/// the People's Party's lists withdraw (invented: which two of 283 did not stand is not
/// published).
fn nominate_lists(b: &mut Builder) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut n = 0;
    for (k, (party, _, _, length)) in PARTIES.into_iter().enumerate() {
        let (young, disabled, women) = QUOTA_GROUPS[k];
        let counted = young + disabled + women;
        let standing = length - usize::from(matches!(party, "ak-zhol" | "peoples"));
        let mut people = Vec::new();
        let mut groups = 0;
        for j in 0..length {
            n += 1;
            // Bresenham: the counted people spread evenly along the standing part.
            let counts = j < standing && (j + 1) * counted / standing > j * counted / standing;
            let (w, y, d) = if counts {
                groups += 1;
                match groups {
                    g if g <= young => (false, true, false),
                    g if g <= young + disabled => (false, false, true),
                    _ => (true, false, false),
                }
            } else {
                (false, false, false)
            };
            people.push(person(format!("{party}-{}", j + 1), n, w, y, d));
        }
        let ids = people.iter().map(|p| p.id.clone()).collect();
        b.act(
            at("2023-02-01", 10),
            &Actor::party(party),
            Act::List {
                party: party.into(),
                contest: "mazhilis-list".into(),
                candidates: people,
            },
        );
        out.push((party.to_string(), ids));
    }
    out
}

/// What becomes of a district nominee, as planned.
#[derive(Clone, Copy, PartialEq)]
enum Fate {
    Registered,
    Cancelled,
    Withdrawn,
    NoDocuments,
    NoDeposit,
    TooYoung,
    NotResident,
    Twice,
}

/// The 609 district nominees, with the fate each is planned to meet.
fn nominate_districts(b: &mut Builder) -> Vec<(String, usize, Fate)> {
    // 174 who do not end registered: 45 withdrawn, 125 refused (reasons invented: 60 without
    // documents, 40 without the deposit, 10 too young, 5 not resident long enough, 10 standing
    // twice) and 4 cancelled, dealt round the districts.
    let mut planned: Vec<Vec<Fate>> = REGISTERED
        .iter()
        .map(|&r| vec![Fate::Registered; r])
        .collect();
    let others = [
        (Fate::Withdrawn, 45),
        (Fate::NoDocuments, 60),
        (Fate::NoDeposit, 40),
        (Fate::TooYoung, 10),
        (Fate::NotResident, 5),
        (Fate::Twice, 10),
        (Fate::Cancelled, 4),
    ];
    for (k, f) in others
        .into_iter()
        .flat_map(|(f, n)| std::iter::repeat_n(f, n))
        .enumerate()
    {
        planned[k % 29].push(f);
    }
    // Who nominates. Amanat's nominee heads every district and is registered; NSDP's winner
    // stands in No. 22. Of the other 49 party nominees and 5 associations' ones, 42 and 4 are
    // registered, the rest not: 76 registered in all beside 359 self-nominated.
    let mut pool: Vec<&str> = DISTRICT_PARTIES
        .iter()
        .filter(|(p, _)| *p != "amanat")
        .flat_map(|&(p, n)| std::iter::repeat_n(p, n))
        .collect();
    pool.remove(
        pool.iter()
            .position(|p| *p == "nsdp")
            .expect("an NSDP nominee"),
    );
    let (mut registered_parties, mut other_parties) = (42, 7);
    let (mut registered_associations, mut other_associations) = (4, 1);
    let mut women = 85;
    let mut out = Vec::new();
    let mut n = 1000;
    for (d, fates) in planned.into_iter().enumerate() {
        let district = d + 1;
        let commission = district_commission(district);
        for (j, fate) in fates.into_iter().enumerate() {
            n += 1;
            let id = format!("smd-{district}-{}", j + 1);
            let registered = matches!(fate, Fate::Registered);
            let by = |left: &mut usize| {
                let go = *left > 0;
                *left -= usize::from(go);
                go
            };
            let (party, association) = if j == 0 {
                (Some("amanat"), None)
            } else if district == 22 && j == 1 {
                (Some("nsdp"), None)
            } else if j % 3 == 1
                && by(if registered {
                    &mut registered_parties
                } else {
                    &mut other_parties
                })
            {
                (pool.pop(), None)
            } else if j % 7 == 2
                && by(if registered {
                    &mut registered_associations
                } else {
                    &mut other_associations
                })
            {
                (None, Some(format!("Public association {}", n % 4 + 1)))
            } else {
                (None, None)
            };
            let woman = registered && j > 1 && j % 4 == 2 && by(&mut women);
            let mut p = person(id.clone(), n, woman, false, false);
            match fate {
                Fate::TooYoung => p.birth = "2000-05-05".parse().expect("a date"),
                Fate::NotResident => p.resident_since = "2018-01-01".parse().expect("a date"),
                // The same person as district No. 1's first nominee, nominated earlier.
                Fate::Twice => p.person = "p-smd-1-1".into(),
                _ => {}
            }
            let actor = party.map_or(commission.clone(), Actor::party);
            b.act(
                at("2023-02-03", 10),
                &actor,
                Act::Nominate {
                    contest: format!("mazhilis-smd-{district}"),
                    candidate: p,
                    party: party.map(str::to_string),
                    association,
                },
            );
            out.push((id, district, fate));
        }
    }
    assert!(
        registered_parties + other_parties + registered_associations + other_associations + women
            == 0,
        "the 2023 sample's district nominations miss their published totals"
    );
    out
}

fn papers_and_decisions(
    b: &mut Builder,
    lists: &[(String, Vec<String>)],
    districts: &[(String, usize, Fate)],
) {
    let due = deposit(Body::Mazhilis, DAY).expect("a deposit for the Mazhilis");
    let papers = at("2023-02-10", 10);
    for (_, ids) in lists {
        for id in ids {
            b.cec(
                papers,
                Act::Documents {
                    candidate: id.clone(),
                },
            );
            b.cec(
                papers,
                Act::Deposit {
                    candidate: id.clone(),
                    amount: due,
                },
            );
        }
    }
    for (id, d, fate) in districts {
        let c = district_commission(*d);
        if !matches!(fate, Fate::NoDocuments | Fate::Withdrawn) {
            b.act(
                papers,
                &c,
                Act::Documents {
                    candidate: id.clone(),
                },
            );
        }
        if !matches!(fate, Fate::NoDeposit | Fate::Withdrawn) {
            b.act(
                papers,
                &c,
                Act::Deposit {
                    candidate: id.clone(),
                    amount: due,
                },
            );
        }
    }
    let withdrawn = at("2023-02-12", 10);
    for (party, ids) in lists {
        if matches!(party.as_str(), "ak-zhol" | "peoples") {
            let last = ids.last().expect("a list").clone();
            b.cec(withdrawn, Act::Withdraw { candidate: last });
        }
    }
    for (id, d, fate) in districts {
        if *fate == Fate::Withdrawn {
            b.act(
                withdrawn,
                &district_commission(*d),
                Act::Withdraw {
                    candidate: id.clone(),
                },
            );
        }
    }
    let decided = at("2023-02-15", 10);
    for (party, _) in lists {
        b.cec(
            decided,
            Act::DecideList {
                party: party.clone(),
                contest: "mazhilis-list".into(),
            },
        );
    }
    for (id, d, fate) in districts {
        if *fate != Fate::Withdrawn {
            b.act(
                decided,
                &district_commission(*d),
                Act::Decide {
                    candidate: id.clone(),
                },
            );
        }
    }
    for (id, d, fate) in districts {
        if *fate == Fate::Cancelled {
            b.act(
                at("2023-02-20", 10),
                &district_commission(*d),
                Act::Cancel {
                    candidate: id.clone(),
                    grounds: "inaccurate income and property declaration".into(),
                },
            );
        }
    }
}

/// The state's funding, item by item, to every registered district candidate.
fn campaign(b: &mut Builder) {
    let rule = funding(Body::Mazhilis, Level::National, DAY).expect("2023 funding");
    let registered: Vec<String> =
        b.r.state()
            .candidates
            .iter()
            .filter(|c| !c.on_list && c.status == crate::candidates::Status::Registered)
            .map(|c| c.person.id.clone())
            .collect();
    for id in registered {
        for item in rule.items_for(Place::Region) {
            b.cec(
                at("2023-02-20", 12),
                Act::Fund {
                    candidate: id.clone(),
                    item: item.purpose.into(),
                    amount: item.amount,
                },
            );
        }
    }
}

/// Twelve missions (ODIHR's head as published, the others invented), 793 of their observers
/// from 41 countries, 230 foreign journalists, and each party's observers.
fn observers(b: &mut Builder) {
    let when = at("2023-03-01", 10);
    let mut missions = vec![
        Mission {
            id: "odihr".into(),
            organisation: "OSCE/ODIHR".into(),
            head: "Eoghan Murphy".into(),
        },
        Mission {
            id: "cis".into(),
            organisation: "CIS".into(),
            head: "not named in the sources read".into(),
        },
    ];
    for k in 3..=12 {
        missions.push(Mission {
            id: format!("mission-{k}"),
            organisation: format!("International organisation {k} (invented)"),
            head: format!("Head of mission {k} (invented)"),
        });
    }
    for m in &missions {
        b.cec(when, Act::Mission(m.clone()));
    }
    for k in 0..793 {
        b.cec(
            when,
            Act::Accredit(Accreditation {
                id: format!("int-{}", k + 1),
                name: format!("Observer {}", k + 1),
                kind: ObserverKind::International {
                    mission: missions[k % missions.len()].id.clone(),
                    country: format!("Country {}", k % 41 + 1),
                },
                precincts: vec![],
            }),
        );
    }
    for k in 0..230 {
        b.cec(
            when,
            Act::Accredit(Accreditation {
                id: format!("press-{}", k + 1),
                name: format!("Journalist {}", k + 1),
                kind: ObserverKind::Media {
                    outlet: format!("Outlet {}", k % 60 + 1),
                    foreign: true,
                },
                precincts: vec![],
            }),
        );
    }
    for (party, _, _, _) in PARTIES {
        b.cec(
            when,
            Act::Accredit(Accreditation {
                id: format!("obs-{party}"),
                name: format!("Observer for {party}"),
                kind: ObserverKind::Party {
                    party: party.into(),
                },
                precincts: vec![],
            }),
        );
    }
}

/// The list seats as the law decides them on the official votes, the districts' winners,
/// and each party's deputies, chosen to meet the quota.
fn results_and_seats(b: &mut Builder) {
    let edition = editions::in_force(Body::Mazhilis, DAY).expect("an edition");
    let contest = Contest {
        id: "mazhilis-list".into(),
        kind: ContestKind::PartyList,
        seats: None,
        registered: None,
        ballots_cast: None,
        invalid: None,
        against_all: Some(AGAINST_ALL),
        options: PARTIES
            .iter()
            .zip(1..)
            .map(|(&(id, name, votes, _), order)| Choice {
                id: id.into(),
                name: name.into(),
                registration_order: order,
                votes,
            })
            .collect(),
        round: 1,
        constitutional: false,
        regions: vec![],
    };
    let d = decide(&contest, edition, &WhatIf::default()).expect("the law decides 2023");
    let mut outcomes: Vec<Certified> = d
        .options
        .iter()
        .map(|o| Certified {
            contest: "mazhilis-list".into(),
            option: o.id.clone(),
            votes: o.votes,
            base: u64::try_from(d.base).expect("the 2023 base fits"),
            elected: false,
            seats: o.seats.unwrap_or(0),
        })
        .collect();
    // District votes are invented: the winner 40,000 of 100,000, the rest shared.
    let state = b.r.state();
    for (k, winner) in WINNERS.iter().enumerate() {
        let contest = format!("mazhilis-smd-{}", k + 1);
        let standing: Vec<&crate::candidates::Candidate> = state
            .candidates
            .iter()
            .filter(|c| c.contest == contest && c.status == crate::candidates::Status::Registered)
            .collect();
        let won = standing
            .iter()
            .position(|c| {
                c.party.as_deref() == *winner && (winner.is_some() || c.association.is_none())
            })
            .expect("a registered candidate of the winner's kind");
        let rest = 60_000 / (standing.len() as u64 - 1).max(1);
        for (i, c) in standing.iter().enumerate() {
            outcomes.push(Certified {
                contest: contest.clone(),
                option: c.person.id.clone(),
                votes: if i == won { 40_000 } else { rest },
                base: 100_000,
                elected: i == won,
                seats: 0,
            });
        }
    }
    b.cec(
        at("2023-03-27", 10),
        Act::Results {
            day: "2023-03-27".parse().expect("a date"),
            outcomes,
        },
    );
    for (party, _, _, _) in PARTIES {
        let won = b.r.state().seats_won(party, "mazhilis-list") as usize;
        if won == 0 {
            continue;
        }
        let deputies = choose(b, party, won);
        b.act(
            at("2023-03-28", 10),
            &Actor::party(party),
            Act::Name {
                party: party.into(),
                contest: "mazhilis-list".into(),
                deputies,
            },
        );
    }
}

/// A party's choice: the quota's groups first as far as the quota needs, then down the list.
fn choose(b: &Builder, party: &str, seats: usize) -> Vec<String> {
    let s = b.r.state();
    let list = s.list(party, "mazhilis-list").expect("a list");
    let registered: Vec<&crate::candidates::Candidate> = list
        .candidates
        .iter()
        .filter_map(|id| s.candidate(id).ok())
        .filter(|c| c.status == crate::candidates::Status::Registered)
        .collect();
    let counts = |c: &crate::candidates::Candidate| {
        c.person.woman || c.person.disability || c.person.birth.year() >= 1995
    };
    let required = (seats * 3).div_ceil(10);
    let mut chosen: Vec<String> = registered
        .iter()
        .filter(|c| counts(c))
        .take(required)
        .map(|c| c.person.id.clone())
        .collect();
    for c in &registered {
        if chosen.len() == seats {
            break;
        }
        if !chosen.contains(&c.person.id) {
            chosen.push(c.person.id.clone());
        }
    }
    chosen
}

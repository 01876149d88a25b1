//! The registries on the 2023 Mazhilis: the published figures, the money, the observers, who
//! sits; and on small registries, every refusal the law gives, every term and role, and the
//! ledger's chain.

use sailau_definition::Names;
use sailau_law::election_day::{Moment, UtcOffset};
use sailau_law::money::{Level, Place, Tenge};
use sailau_law::{Body, ContestKind};
use sailau_registry::act::{Act, Actor, Certified, ContestSpec, Mission, Person, Role};
use sailau_registry::candidates::{Refusal, Status};
use sailau_registry::money::Refund;
use sailau_registry::sample::mazhilis_2023;
use sailau_registry::{Registry, RegistryError};
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn sample() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(mazhilis_2023)
}

/// The CEC's published figures of 2023 (sailaunews.kz, 2023-02-20 and 2023-02-25; The
/// Diplomatic Insight, 2023-02-11; The Astana Times, 2023-03-19).
#[test]
fn the_2023_registry_gives_the_published_figures() {
    let s = sample().state().stats(Some(Body::Mazhilis));
    assert_eq!((s.lists.nominated, s.lists.registered), (283, 281));
    assert_eq!(s.lists.women, 80);
    assert_eq!(s.lists.women_share().unwrap().percent(1), "28.5");
    let d = &s.single;
    assert_eq!(d.nominated, 609);
    assert_eq!(d.self_nominations, 525);
    assert_eq!(d.by_associations, 5);
    assert_eq!(
        (d.registered, d.withdrawn, d.refused, d.cancelled),
        (435, 45, 125, 4)
    );
    assert_eq!(d.self_nominated, 359);
    assert_eq!(d.women, 85);
    assert_eq!(d.women_share().unwrap().percent(2), "19.54");
    assert_eq!(s.refusals.values().sum::<u64>(), 125);

    // 38.1% of the registered list candidates are in the quota's groups; 19 are under 29.
    let state = sample().state();
    let day = state.day().unwrap();
    let listed: Vec<_> = state
        .candidates
        .iter()
        .filter(|c| c.on_list && c.status == Status::Registered)
        .collect();
    let young = listed
        .iter()
        .filter(|c| sailau_law::election_day::anniversary(c.person.birth, 29).unwrap() > day)
        .count();
    assert_eq!(young, 19);
    let groups = listed
        .iter()
        .filter(|c| c.person.woman || c.person.disability)
        .count()
        + young;
    assert_eq!(
        sailau_law::Ratio::new(groups as u128, listed.len() as u128).percent(1),
        "38.1"
    );
}

#[test]
fn every_party_names_its_seats_and_the_chamber_has_98() {
    let s = sample().state();
    // The list seats of the CEC's 2023 protocol.
    let want = [
        ("amanat", 40),
        ("auyl", 8),
        ("respublica", 6),
        ("ak-zhol", 6),
        ("peoples", 5),
        ("nsdp", 4),
        ("baytaq", 0),
    ];
    for (party, seats) in want {
        assert_eq!(s.seats_won(party, "mazhilis-list"), seats, "{party}");
        assert_eq!(s.sitting(party, "mazhilis-list").len(), seats as usize);
    }
    let elected = s.outcomes.iter().filter(|o| o.elected).count();
    assert_eq!(elected, 29);
    let mut by_party: BTreeMap<String, usize> = BTreeMap::new();
    for o in s.outcomes.iter().filter(|o| o.elected) {
        let c = s.candidate(&o.option).unwrap();
        *by_party
            .entry(c.party.clone().unwrap_or("independent".into()))
            .or_default() += 1;
    }
    assert_eq!(by_party["amanat"], 22);
    assert_eq!(by_party["nsdp"], 1);
    assert_eq!(by_party["independent"], 6);
    assert_eq!(s.seats.len() + elected, 98);
}

#[test]
fn the_money_adds_up_to_the_tenge() {
    let s = sample().state();
    let t = s.totals();
    // 435 district candidates at 950,000 each (media, events, transport).
    assert_eq!(t.funding, Tenge(435 * 950_000));
    // Every deposit received is either refunded or kept: none pending once certified.
    assert_eq!(t.deposits.0, t.refunded.0 + t.kept.0);
    let accounts = s.accounts();
    let deposit = |id: &str| accounts.iter().find(|a| a.candidate == id).unwrap();
    // Baytaq's list won 2.30%: its deposits are kept; Amanat's come back.
    assert_eq!(deposit("baytaq-1").refund, Refund::Kept);
    assert_eq!(deposit("amanat-1").refund, Refund::Refunded);
    assert_eq!(deposit("amanat-1").deposit, Tenge(1_050_000));
}

#[test]
fn the_2023_observers_are_on_the_public_register() {
    let o = &sample().state().observers;
    assert_eq!(o.missions.len(), 12);
    assert_eq!(o.foreign(), (793, 41, 230));
    let odihr = o
        .missions
        .iter()
        .find(|m| m.organisation == "OSCE/ODIHR")
        .unwrap();
    assert_eq!(odihr.head, "Eoghan Murphy");
}

#[test]
fn a_replayed_ledger_is_the_same_and_an_edited_one_is_caught() {
    let r = sample();
    let again = Registry::replay(r.entries().iter().cloned()).unwrap();
    assert_eq!(again.state(), r.state());
    assert_eq!(again.head(), r.head());

    // A deposit halved afterwards: the entry's hash no longer holds.
    let mut edited: Vec<_> = r.entries().to_vec();
    let k = edited
        .iter()
        .position(|e| matches!(e.act, Act::Deposit { .. }))
        .unwrap();
    if let Act::Deposit { amount, .. } = &mut edited[k].act {
        amount.0 /= 2;
    }
    let err = Registry::replay(edited.clone()).unwrap_err();
    assert!(
        matches!(&err, RegistryError::Chain { seq, why } if *seq == k as u64 + 1 && why.contains("hash")),
        "{err}"
    );
    // Rehashing the edited entry does not help: the next one no longer follows it.
    let e = &edited[k];
    edited[k] = sailau_registry::chain::Entry::new(
        e.seq,
        e.moment(),
        e.actor.clone(),
        e.act.clone(),
        &e.prev,
    );
    let err = Registry::replay(edited).unwrap_err();
    assert!(
        matches!(&err, RegistryError::Chain { seq, .. } if *seq == k as u64 + 2),
        "{err}"
    );
}

// Small registries, one rule at a time.

pub(super) fn at(date: &str, hour: u8) -> Moment {
    Moment::local(date.parse().unwrap(), hour, 0, UtcOffset::UTC_PLUS_6)
}

pub(super) fn cec() -> Actor {
    Actor {
        role: Role::Cec,
        of: None,
        name: "CEC".into(),
    }
}

pub(super) fn party(p: &str) -> Actor {
    Actor {
        role: Role::Party,
        of: Some(p.into()),
        name: p.into(),
    }
}

pub(super) fn who(id: &str, birth: &str, woman: bool) -> Person {
    Person {
        id: id.into(),
        person: format!("p-{id}"),
        name: format!("Candidate {id}"),
        birth: birth.parse().unwrap(),
        woman,
        disability: false,
        resident_since: "1990-01-01".parse().unwrap(),
    }
}

pub(super) fn spec(id: &str, kind: ContestKind) -> ContestSpec {
    ContestSpec {
        id: id.into(),
        name: id.into(),
        body: Body::Mazhilis,
        kind,
        council: None,
        level: Level::National,
        place: Place::Region,
    }
}

/// A 2023 election with a list contest, one district and two parties.
pub(super) fn small() -> Registry {
    let mut r = Registry::new();
    let t = at("2023-01-20", 10);
    r.append(
        at("2023-01-19", 12),
        cec(),
        Act::Call {
            election: "e".into(),
            called: "2023-01-19".parse().unwrap(),
            day: "2023-03-19".parse().unwrap(),
            offset: UtcOffset::UTC_PLUS_6,
        },
    )
    .unwrap();
    r.append(t, cec(), Act::Contest(spec("list", ContestKind::PartyList)))
        .unwrap();
    r.append(t, cec(), Act::Contest(spec("smd-1", ContestKind::Smd)))
        .unwrap();
    for p in ["a", "b"] {
        r.append(
            t,
            cec(),
            Act::Party {
                party: p.into(),
                name: Names {
                    kk: p.into(),
                    ru: p.into(),
                    en: p.into(),
                },
            },
        )
        .unwrap();
    }
    r
}

fn papers(r: &mut Registry, id: &str, deposit: u64) {
    let t = at("2023-02-10", 10);
    r.append(
        t,
        cec(),
        Act::Documents {
            candidate: id.into(),
        },
    )
    .unwrap();
    if deposit > 0 {
        r.append(
            t,
            cec(),
            Act::Deposit {
                candidate: id.into(),
                amount: Tenge(deposit),
            },
        )
        .unwrap();
    }
}

pub(super) fn nominate(r: &mut Registry, p: Person) {
    r.append(
        at("2023-02-01", 10),
        cec(),
        Act::Nominate {
            contest: "smd-1".into(),
            candidate: p,
            party: None,
            association: None,
        },
    )
    .unwrap();
}

fn decide(r: &mut Registry, id: &str) -> Status {
    r.append(
        at("2023-02-15", 10),
        cec(),
        Act::Decide {
            candidate: id.into(),
        },
    )
    .unwrap();
    r.state().candidate(id).unwrap().status.clone()
}

#[test]
fn each_refusal_names_its_reason() {
    let mut r = small();
    nominate(&mut r, who("ok", "1980-01-01", false));
    nominate(&mut r, who("young", "1999-01-01", false));
    let mut away = who("away", "1980-01-01", false);
    away.resident_since = "2015-01-01".parse().unwrap();
    nominate(&mut r, away);
    nominate(&mut r, who("nodeposit", "1980-01-01", true));
    nominate(&mut r, who("nopapers", "1980-01-01", true));
    let mut twice = who("twice", "1980-01-01", false);
    twice.person = "p-ok".into();
    nominate(&mut r, twice);
    for id in ["ok", "young", "away", "twice"] {
        papers(&mut r, id, 1_050_000);
    }
    papers(&mut r, "nodeposit", 500_000);
    // No silent fix-up: a deposit above what is due is refused, not trimmed.
    let over = r.append(
        at("2023-02-10", 11),
        cec(),
        Act::Deposit {
            candidate: "nopapers".into(),
            amount: Tenge(1_050_001),
        },
    );
    assert!(over
        .unwrap_err()
        .to_string()
        .contains("more than the 1,050,000 tenge due"));
    // Nor does an amount that would wrap the sum round to a small number.
    let wrap = r.append(
        at("2023-02-10", 11),
        cec(),
        Act::Deposit {
            candidate: "nodeposit".into(),
            amount: Tenge(u64::MAX - 400_000),
        },
    );
    assert!(wrap.unwrap_err().to_string().contains("more than the"));
    assert_eq!(
        r.state().candidate("nodeposit").unwrap().deposit,
        Tenge(500_000)
    );
    assert_eq!(decide(&mut r, "ok"), Status::Registered);
    let refused = |s: Status| match s {
        Status::Refused { reason } => reason,
        other => panic!("not refused: {other:?}"),
    };
    assert_eq!(
        refused(decide(&mut r, "young")),
        Refusal::Age { min_age: 25 }
    );
    assert_eq!(
        refused(decide(&mut r, "away")),
        Refusal::Residence { years: 10 }
    );
    assert_eq!(
        refused(decide(&mut r, "nodeposit")),
        Refusal::Deposit {
            paid: Tenge(500_000),
            due: Tenge(1_050_000)
        }
    );
    assert_eq!(refused(decide(&mut r, "nopapers")), Refusal::Documents);
    assert_eq!(
        refused(decide(&mut r, "twice")),
        Refusal::TwoDistricts { other: "ok".into() }
    );
}

/// Party "a" nominates `people` as its list, each brings papers and deposit, and the CEC
/// decides the list.
fn list_decided(r: &mut Registry, people: Vec<Person>) {
    let ids: Vec<String> = people.iter().map(|p| p.id.clone()).collect();
    r.append(
        at("2023-02-01", 10),
        party("a"),
        Act::List {
            party: "a".into(),
            contest: "list".into(),
            candidates: people,
        },
    )
    .unwrap();
    for id in &ids {
        papers(r, id, 1_050_000);
    }
    r.append(
        at("2023-02-15", 10),
        cec(),
        Act::DecideList {
            party: "a".into(),
            contest: "list".into(),
        },
    )
    .unwrap();
}

#[test]
fn a_list_short_of_the_quota_is_refused_whole() {
    let mut r = small();
    // Ten men and two women: 2 of 12, where 4 must count.
    let people: Vec<Person> = (0..12)
        .map(|i| who(&format!("a{i}"), "1970-01-01", i < 2))
        .collect();
    list_decided(&mut r, people);
    let s = r.state();
    assert_eq!(s.list("a", "list").unwrap().registered, Some(false));
    assert_eq!(
        s.candidate("a5").unwrap().status,
        Status::Refused {
            reason: Refusal::Quota {
                counted: 2,
                required: 4
            }
        }
    );
    assert!(s.ballot("list").is_err(), "a refused list is on no ballot");
}

#[test]
fn acts_after_their_term_are_refused_and_the_term_is_named() {
    let mut r = small();
    let late = r.append(
        at("2023-02-08", 18),
        cec(),
        Act::Nominate {
            contest: "smd-1".into(),
            candidate: who("late", "1980-01-01", false),
            party: None,
            association: None,
        },
    );
    let e = late.unwrap_err().to_string();
    assert!(
        e.contains("nomination term ended at 2023-02-08T12:00:00Z"),
        "{e}"
    );
    assert!(r.state().candidate("late").is_err(), "nothing recorded");
    nominate(&mut r, who("ok", "1980-01-01", false));
    papers(&mut r, "ok", 1_050_000);
    decide(&mut r, "ok");
    // Funding waits for the campaign (from 18 February 18:00).
    let early = r.append(
        at("2023-02-18", 17),
        cec(),
        Act::Fund {
            candidate: "ok".into(),
            item: "media".into(),
            amount: Tenge(450_000),
        },
    );
    assert!(early
        .unwrap_err()
        .to_string()
        .contains("campaign term opens"));
    let fund = |r: &mut Registry, amount| {
        r.append(
            at("2023-02-19", 10),
            cec(),
            Act::Fund {
                candidate: "ok".into(),
                item: "media".into(),
                amount: Tenge(amount),
            },
        )
        .map(|_| ())
    };
    assert!(fund(&mut r, 450_001).is_err(), "not the law's amount");
    fund(&mut r, 450_000).unwrap();
    assert!(fund(&mut r, 450_000).is_err(), "an item is paid once");
}

#[test]
fn roles_and_parties_act_only_within_their_rights() {
    let mut r = small();
    nominate(&mut r, who("ok", "1980-01-01", false));
    let e = r
        .append(
            at("2023-02-15", 10),
            party("a"),
            Act::Decide {
                candidate: "ok".into(),
            },
        )
        .unwrap_err();
    assert!(matches!(e, RegistryError::Role { .. }), "{e}");
    let e = r
        .append(
            at("2023-02-01", 10),
            party("a"),
            Act::List {
                party: "b".into(),
                contest: "list".into(),
                candidates: vec![who("x", "1980-01-01", true)],
            },
        )
        .unwrap_err();
    assert!(matches!(e, RegistryError::OtherParty(_)), "{e}");
    let before = r.entries().len();
    assert!(r
        .append(
            at("2023-02-01", 10),
            cec(),
            Act::Call {
                election: "again".into(),
                called: "2023-01-19".parse().unwrap(),
                day: "2023-03-19".parse().unwrap(),
                offset: UtcOffset::UTC_PLUS_6,
            },
        )
        .is_err());
    assert_eq!(r.entries().len(), before);
}

/// A list of ten (four women) wins three seats; the party names three, gives one up and
/// fills it, the quota holding each time.
#[test]
fn named_deputies_meet_the_quota_and_a_seat_given_up_passes_on() {
    let mut r = small();
    let people: Vec<Person> = (0..10)
        .map(|i| who(&format!("a{i}"), "1970-01-01", i >= 6))
        .collect();
    list_decided(&mut r, people);
    let name = |r: &mut Registry, who: &[&str], when| {
        r.append(
            when,
            party("a"),
            Act::Name {
                party: "a".into(),
                contest: "list".into(),
                deputies: who.iter().map(|s| s.to_string()).collect(),
            },
        )
        .map(|_| ())
    };
    assert!(
        name(&mut r, &["a0", "a1", "a2"], at("2023-03-28", 10)).is_err(),
        "before results"
    );
    r.append(
        at("2023-03-27", 10),
        cec(),
        Act::Results {
            day: "2023-03-27".parse().unwrap(),
            outcomes: vec![Certified {
                contest: "list".into(),
                option: "a".into(),
                votes: 600,
                base: 1000,
                elected: false,
                seats: 3,
            }],
        },
    )
    .unwrap();
    // Three men: no one of the quota's groups, where one must be.
    let e = name(&mut r, &["a0", "a1", "a2"], at("2023-03-28", 10)).unwrap_err();
    assert!(e.to_string().contains("quota"), "{e}");
    assert!(
        name(&mut r, &["a0", "a1"], at("2023-03-28", 10)).is_err(),
        "three seats"
    );
    // Not bound to list order since 2023: the party skips to a7.
    name(&mut r, &["a0", "a1", "a7"], at("2023-03-28", 10)).unwrap();
    assert!(
        name(&mut r, &["a0", "a1", "a7"], at("2023-03-28", 11)).is_err(),
        "once"
    );
    // Naming after the 10 days from the results is refused with the term.
    let e = name(&mut r, &["a3"], at("2023-04-07", 0)).unwrap_err();
    assert!(e.to_string().contains("naming-deputies term ended"), "{e}");
    r.append(
        at("2023-04-10", 10),
        cec(),
        Act::GiveUp {
            candidate: "a7".into(),
        },
    )
    .unwrap();
    let replace = |r: &mut Registry, c: &str| {
        r.append(
            at("2023-04-11", 10),
            party("a"),
            Act::Replace {
                party: "a".into(),
                contest: "list".into(),
                candidate: c.into(),
            },
        )
        .map(|_| ())
    };
    assert!(replace(&mut r, "a2").is_err(), "the quota would fail");
    assert!(replace(&mut r, "a7").is_err(), "gave it up");
    replace(&mut r, "a8").unwrap();
    let sitting: Vec<&str> = r
        .state()
        .sitting("a", "list")
        .iter()
        .map(|s| s.candidate.as_str())
        .collect();
    assert_eq!(sitting, ["a0", "a1", "a8"]);
}

#[test]
fn ballots_are_made_from_the_registered_only() {
    let s = sample().state();
    let lists = s.ballot("mazhilis-list").unwrap();
    assert_eq!(lists.len(), 7);
    let listed: usize = lists.iter().map(|o| o.list.len()).sum();
    assert_eq!(listed, 281);
    // District No. 25 had five candidates, in alphabetical order.
    let d25 = s.ballot("mazhilis-smd-25").unwrap();
    assert_eq!(d25.len(), 5);
    let names: Vec<String> = d25
        .iter()
        .map(|o| {
            s.candidate(o.candidate.as_ref().unwrap())
                .unwrap()
                .person
                .name
                .clone()
        })
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(s.ballot_candidates().len(), 281 + 435);

    // A definition whose Mazhilis ballots come from the registry passes every check.
    let mut def = sailau_definition::sample::mazhilis_2023(100, 7);
    let mut district = 0;
    for c in def.contests.iter_mut().filter(|c| c.body == Body::Mazhilis) {
        c.options = match c.kind {
            ContestKind::PartyList => s.ballot("mazhilis-list").unwrap(),
            _ => {
                district += 1;
                s.ballot(&format!("mazhilis-smd-{district}")).unwrap()
            }
        };
    }
    assert_eq!(district, 29);
    def.candidates.extend(s.ballot_candidates());
    if let Err(problems) = def.check() {
        panic!("{problems:?}");
    }
}

mod refused_acts_change_nothing {
    use super::*;
    use proptest::prelude::*;

    /// An act on one of the small registry's candidates, at some hour of the campaign.
    fn any_act() -> impl Strategy<Value = (u8, usize, u32, Act)> {
        let ids = ["ok", "young", "x", "a0", "a1"];
        (0u8..40, 0usize..5, 0u32..4).prop_flat_map(move |(day, who, kind)| {
            let id = ids[who].to_string();
            let act = match kind {
                0 => Act::Documents { candidate: id },
                1 => Act::Deposit {
                    candidate: id,
                    amount: Tenge(525_000),
                },
                2 => Act::Decide { candidate: id },
                _ => Act::Withdraw { candidate: id },
            };
            Just((day, who, kind, act))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        /// Whatever is asked, in whatever order: a refused act leaves the ledger and what it
        /// establishes exactly as they were, and the ledger replays to the same state.
        #[test]
        fn whatever_the_order(acts in proptest::collection::vec(any_act(), 1..30)) {
            let mut r = small();
            nominate(&mut r, who("ok", "1980-01-01", false));
            nominate(&mut r, who("young", "2001-01-01", true));
            let mut acts = acts;
            acts.sort_by_key(|(day, ..)| *day);
            for (day, _, _, act) in acts {
                // Days from 2 February on: nomination is closed by the 8th.
                let when = Moment(at("2023-02-02", 9).0 + i64::from(day) * 86_400);
                let before = (r.state().clone(), r.entries().len());
                if r.append(when, cec(), act).is_err() {
                    prop_assert_eq!(&before.0, r.state());
                    prop_assert_eq!(before.1, r.entries().len());
                }
            }
            let again = Registry::replay(r.entries().iter().cloned()).unwrap();
            prop_assert_eq!(again.state(), r.state());
        }
    }
}

/// The public record's missions (fixtures/registry/missions.json): each election's register
/// lists them with their heads, and a mission after its term is refused.
#[test]
fn the_historic_missions_are_registered_with_their_heads() {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("../../../../fixtures/registry/missions.json")).unwrap();
    let mut seen = Vec::new();
    for election in fixture["elections"].as_array().unwrap() {
        let day: sailau_law::Date = election["date"].as_str().unwrap().parse().unwrap();
        let days = sailau_law::election_day::days_since_epoch(day);
        let date = |d: i64| sailau_law::election_day::date_from_days(days + d).unwrap();
        let local = |d: i64| Moment::local(date(d), 12, 0, UtcOffset::UTC_PLUS_6);
        let id = election["id"].as_str().unwrap();
        let mut r = Registry::new();
        r.append(
            local(-60),
            cec(),
            Act::Call {
                election: id.into(),
                called: date(-60),
                day,
                offset: UtcOffset::UTC_PLUS_6,
            },
        )
        .unwrap();
        for m in election["missions"].as_array().unwrap() {
            let mission: Mission = serde_json::from_value(m.clone()).unwrap();
            r.append(local(-30), cec(), Act::Mission(mission)).unwrap();
        }
        // Accreditation of foreign missions closes six days before election day.
        let late = Mission {
            id: "late".into(),
            organisation: "Late".into(),
            head: "Someone".into(),
        };
        assert!(r.append(local(-5), cec(), Act::Mission(late)).is_err());
        for m in &r.state().observers.missions {
            seen.push((id.to_string(), m.organisation.clone(), m.head.clone()));
        }
    }
    let want = [
        ("mazhilis-2016", "OSCE/ODIHR", "Boris Frlec"),
        ("mazhilis-2016", "CIS", "Sergey Lebedev"),
        ("presidential-2015", "OSCE/ODIHR", "Cornelia Jonker"),
        ("mazhilis-senate-2012", "OSCE/ODIHR", "Miklós Haraszti"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(seen, want);
}

/// The entry hash as docs/formats.md states it, computed here from a hand-written JSON text.
#[test]
fn the_entry_hash_is_the_documented_one() {
    use sha2::{Digest, Sha256};
    let act = Act::Documents {
        candidate: "smd-1-1".into(),
    };
    let actor = Actor {
        role: Role::Territorial,
        of: Some("district-1".into()),
        name: "Secretary".into(),
    };
    let prev = "ab".repeat(32);
    let e = sailau_registry::chain::Entry::new(7, Moment(1_676_000_000), actor, act, &prev);
    let text = format!(
        r#"{{"format":"sailau-registry/1","seq":7,"at":1676000000,"actor":{{"role":"territorial","of":"district-1","name":"Secretary"}},"act":{{"act":"documents","candidate":"smd-1-1"}},"prev":"{prev}"}}"#
    );
    let mut h = Sha256::new();
    h.update(b"sailau/v1/registry-entry\n");
    h.update(text.as_bytes());
    let want: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(e.hash, want);
    assert!(e.hash_holds());
}

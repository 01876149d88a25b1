//! An act that names what does not exist, or takes an id already taken, is refused and
//! nothing is recorded (docs/bad-input.md §4.7, Y7).

use crate::registry::{at, cec, nominate, party, small, spec, who};
use sailau_definition::Names;
use sailau_law::election_day::Moment;
use sailau_law::money::Tenge;
use sailau_law::ContestKind;
use sailau_registry::act::{Act, Actor, Mission};
use sailau_registry::{Registry, RegistryError};

/// Appends `act`, which must be refused with `want`; the ledger stays as it was.
fn refused(r: &mut Registry, when: Moment, actor: Actor, act: Act, want: RegistryError) {
    let before = r.entries().to_vec();
    match r.append(when, actor, act) {
        Ok(e) => panic!("recorded entry {} that must be refused", e.seq),
        Err(e) => {
            assert_eq!(e, want);
            let text = e.to_string();
            match &want {
                RegistryError::Unknown { what, id } => {
                    assert_eq!(text, format!("no {what} \"{id}\""))
                }
                RegistryError::Duplicate { what, id } => {
                    assert_eq!(text, format!("{what} \"{id}\" already exists"))
                }
                _ => unreachable!(),
            }
        }
    }
    assert_eq!(r.entries(), &before[..], "nothing is recorded");
}

fn unknown(what: &'static str, id: &str) -> RegistryError {
    RegistryError::Unknown {
        what,
        id: id.into(),
    }
}

fn taken(what: &'static str, id: &str) -> RegistryError {
    RegistryError::Duplicate {
        what,
        id: id.into(),
    }
}

fn names(text: &str) -> Names {
    Names {
        kk: text.into(),
        ru: text.into(),
        en: text.into(),
    }
}

#[test]
fn an_act_naming_what_does_not_exist_is_refused_and_nothing_is_recorded() {
    let mut r = small();
    nominate(&mut r, who("ok", "1980-01-01", false));
    let (nominated, papers) = (at("2023-02-01", 10), at("2023-02-10", 10));
    // A candidate, a contest, a party, a list that the ledger does not hold.
    for act in [
        Act::Documents {
            candidate: "nobody".into(),
        },
        Act::Deposit {
            candidate: "nobody".into(),
            amount: Tenge(1_050_000),
        },
    ] {
        refused(&mut r, papers, cec(), act, unknown("candidate", "nobody"));
    }
    refused(
        &mut r,
        at("2023-02-15", 10),
        cec(),
        Act::Decide {
            candidate: "nobody".into(),
        },
        unknown("candidate", "nobody"),
    );
    refused(
        &mut r,
        nominated,
        cec(),
        Act::Nominate {
            contest: "smd-9".into(),
            candidate: who("new", "1980-01-01", false),
            party: None,
            association: None,
        },
        unknown("contest", "smd-9"),
    );
    refused(
        &mut r,
        nominated,
        cec(),
        Act::Nominate {
            contest: "smd-1".into(),
            candidate: who("new", "1980-01-01", false),
            party: Some("c".into()),
            association: None,
        },
        unknown("party", "c"),
    );
    refused(
        &mut r,
        nominated,
        party("c"),
        Act::List {
            party: "c".into(),
            contest: "list".into(),
            candidates: vec![who("l1", "1980-01-01", true)],
        },
        unknown("party", "c"),
    );
    refused(
        &mut r,
        nominated,
        party("a"),
        Act::List {
            party: "a".into(),
            contest: "lists".into(),
            candidates: vec![who("l1", "1980-01-01", true)],
        },
        unknown("contest", "lists"),
    );
    refused(
        &mut r,
        at("2023-02-15", 10),
        cec(),
        Act::DecideList {
            party: "a".into(),
            contest: "list".into(),
        },
        unknown("list", "a in list"),
    );
    // What exists is still taken.
    r.append(
        papers,
        cec(),
        Act::Documents {
            candidate: "ok".into(),
        },
    )
    .unwrap();
}

#[test]
fn an_act_taking_an_id_already_taken_is_refused_and_nothing_is_recorded() {
    let mut r = small();
    let (opened, nominated) = (at("2023-01-20", 10), at("2023-02-01", 10));
    refused(
        &mut r,
        opened,
        cec(),
        Act::Contest(spec("list", ContestKind::PartyList)),
        taken("contest", "list"),
    );
    refused(
        &mut r,
        opened,
        cec(),
        Act::Contest(spec("smd-1", ContestKind::Smd)),
        taken("contest", "smd-1"),
    );
    refused(
        &mut r,
        opened,
        cec(),
        Act::Party {
            party: "b".into(),
            name: names("Another b"),
        },
        taken("party", "b"),
    );

    // A candidate id: on a single seat, and on a list.
    nominate(&mut r, who("ok", "1980-01-01", false));
    let mut again = who("ok", "1970-05-05", true);
    again.person = "p-someone-else".into();
    refused(
        &mut r,
        nominated,
        cec(),
        Act::Nominate {
            contest: "smd-1".into(),
            candidate: again.clone(),
            party: None,
            association: None,
        },
        taken("candidate", "ok"),
    );
    refused(
        &mut r,
        nominated,
        party("a"),
        Act::List {
            party: "a".into(),
            contest: "list".into(),
            candidates: vec![who("l1", "1980-01-01", true), again],
        },
        taken("candidate", "ok"),
    );
    // The same id twice on one list.
    refused(
        &mut r,
        nominated,
        party("a"),
        Act::List {
            party: "a".into(),
            contest: "list".into(),
            candidates: vec![
                who("l1", "1980-01-01", true),
                who("l1", "1981-01-01", false),
            ],
        },
        taken("candidate", "l1"),
    );

    // A party's second list in one contest.
    r.append(
        nominated,
        party("a"),
        Act::List {
            party: "a".into(),
            contest: "list".into(),
            candidates: vec![who("l1", "1980-01-01", true)],
        },
    )
    .unwrap();
    refused(
        &mut r,
        nominated,
        party("a"),
        Act::List {
            party: "a".into(),
            contest: "list".into(),
            candidates: vec![who("l2", "1980-01-01", true)],
        },
        taken("list", "a in list"),
    );

    // A mission registered twice.
    let mission = Mission {
        id: "osce".into(),
        organisation: "OSCE/ODIHR".into(),
        head: "Head of mission".into(),
    };
    let early = at("2023-02-17", 10);
    r.append(early, cec(), Act::Mission(mission.clone()))
        .unwrap();
    let mut other = mission;
    other.head = "Someone else".into();
    refused(
        &mut r,
        early,
        cec(),
        Act::Mission(other),
        taken("mission", "osce"),
    );
}

//! A definition's ballots made from its registry: the nominees go through every step, and
//! only those the registry registers reach a ballot.

use sailau_definition::{sample, ContestKind, Definition};
use sailau_registry::candidates::{Refusal, Status};
use sailau_registry::enrol::enrol;
use sailau_registry::Registry;

fn nominees() -> Definition {
    sample::mazhilis_2023(12, 5)
}

#[test]
fn every_eligible_nominee_is_on_the_ballot_and_nobody_else() {
    let nominees = nominees();
    let e = enrol(&nominees).unwrap();
    let s = e.registry.state();
    // Each nominee of the sample is eligible, papered and paid: all registered.
    let mut want: Vec<&str> = nominees.candidates.iter().map(|c| c.id.as_str()).collect();
    let mut got: Vec<&str> = e
        .definition
        .candidates
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    want.sort();
    got.sort();
    let missing: Vec<_> = want
        .iter()
        .filter(|id| !got.contains(id))
        .map(|id| (id, s.candidate(id).map(|c| c.status.clone())))
        .collect();
    assert!(missing.is_empty(), "not registered: {missing:?}");
    assert_eq!(got, want);

    // The three invented nominees of the first single-seat contest are kept off it, each
    // for its own reason.
    let first = nominees
        .contests
        .iter()
        .find(|c| c.kind != ContestKind::PartyList)
        .unwrap();
    let status = |tag: &str| {
        s.candidate(&format!("{}-{tag}", first.id))
            .unwrap()
            .status
            .clone()
    };
    assert!(matches!(
        status("too-young"),
        Status::Refused {
            reason: Refusal::Age { min_age: 25 }
        }
    ));
    assert!(matches!(
        status("unpaid"),
        Status::Refused {
            reason: Refusal::Deposit { .. }
        }
    ));
    assert_eq!(status("withdrawn"), Status::Withdrawn);
    let made = e
        .definition
        .contests
        .iter()
        .find(|c| c.id == first.id)
        .unwrap();
    assert_eq!(made.options.len(), first.options.len());
    assert!(made
        .options
        .iter()
        .all(|o| !o.candidate.as_ref().unwrap().starts_with(&first.id)));

    // Lists keep their party order and list order; single-seat lines are the same people,
    // alphabetically.
    for (a, b) in nominees.contests.iter().zip(&e.definition.contests) {
        assert_eq!(a.id, b.id);
        if a.kind == ContestKind::PartyList {
            assert_eq!(a.options, b.options);
        } else {
            let name = |o: &sailau_definition::ContestOption| {
                let id = o.candidate.as_ref().unwrap();
                nominees
                    .candidates
                    .iter()
                    .find(|c| &c.id == id)
                    .unwrap()
                    .name
                    .clone()
            };
            let mut names: Vec<String> = a.options.iter().map(name).collect();
            names.sort();
            let made: Vec<String> = b.options.iter().map(name).collect();
            assert_eq!(made, names, "{}", a.id);
        }
    }
    if let Err(p) = e.definition.clone().check() {
        panic!("{p:?}");
    }
    // The definition is the registry's: its own check finds nothing, the nominees' order
    // of names is not.
    assert!(s.ballot_problems(&e.definition).is_empty());
    assert!(!s.ballot_problems(&nominees).is_empty());

    // The ledger replays to the same state.
    let again = Registry::replay(e.registry.entries().to_vec()).unwrap();
    assert_eq!(again.head(), e.registry.head());
    assert_eq!(again.state(), s);
}

#[test]
fn an_ineligible_nominee_and_a_list_short_of_the_quota_are_on_no_ballot() {
    let mut nominees = nominees();
    // A district candidate of 22 (the Mazhilis asks 25), and a whole list of men over 29.
    let smd = nominees
        .contests
        .iter()
        .find(|c| c.kind == ContestKind::Smd)
        .unwrap();
    let young = smd.options[0].candidate.clone().unwrap();
    let list = nominees
        .contests
        .iter()
        .find(|c| c.kind == ContestKind::PartyList)
        .unwrap();
    let short: Vec<String> = list.options[1].list.clone();
    let short_party = list.options[1].party.clone().unwrap();
    let list_id = list.id.clone();
    for c in nominees.candidates.iter_mut() {
        if c.id == young {
            c.birth_date = "2001-01-01".parse().unwrap();
        }
        if short.contains(&c.id) {
            c.woman = false;
            c.disability = false;
            c.birth_date = "1970-01-01".parse().unwrap();
        }
    }
    let e = enrol(&nominees).unwrap();
    let s = e.registry.state();
    assert!(matches!(
        s.candidate(&young).unwrap().status,
        Status::Refused {
            reason: Refusal::Age { .. }
        }
    ));
    assert_eq!(
        s.list(&short_party, &list_id).unwrap().registered,
        Some(false)
    );
    let def = &e.definition;
    assert!(def
        .candidates
        .iter()
        .all(|c| c.id != young && !short.contains(&c.id)));
    let lists = def.contests.iter().find(|c| c.id == list_id).unwrap();
    assert!(lists
        .options
        .iter()
        .all(|o| o.party.as_deref() != Some(short_party.as_str())));
    assert_eq!(lists.options.len(), list.options.len() - 1);
    // The refused are named when a definition holds them anyway.
    let problems = s.ballot_problems(&nominees);
    assert!(problems.iter().any(|p| p.contains(&young)), "{problems:?}");
}

#[test]
fn a_party_chooses_its_deputies_within_the_quota() {
    let mut nominees = nominees();
    // The first list's first ten places go to men over 29; the quota's groups come later.
    let list = nominees
        .contests
        .iter()
        .find(|c| c.kind == ContestKind::PartyList)
        .unwrap();
    let (contest, party) = (list.id.clone(), list.options[0].party.clone().unwrap());
    let order = list.options[0].list.clone();
    for c in nominees.candidates.iter_mut() {
        if let Some(k) = order.iter().position(|id| id == &c.id) {
            let counts = k >= 10 && k % 2 == 0;
            c.woman = counts;
            c.disability = false;
            c.birth_date = "1970-01-01".parse().unwrap();
        }
    }
    let e = enrol(&nominees).unwrap();
    let s = e.registry.state();
    assert_eq!(s.list(&party, &contest).unwrap().registered, Some(true));
    let chosen = sailau_registry::enrol::choose(s, &party, &contest, 10).unwrap();
    // Three of ten must count (30%, rounded up): the first seven men keep their places, and
    // the first three women from further down take the last three.
    assert_eq!(chosen.len(), 10);
    assert_eq!(chosen[..7], order[..7]);
    assert_eq!(
        chosen[7..],
        [order[10].clone(), order[12].clone(), order[14].clone()]
    );
}

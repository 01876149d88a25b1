//! The assertions imply the outcome: on any true counts where every assertion of a certified
//! decision holds, the law decides the same; and where the law decides the same, every
//! assertion holds (except for a referendum's regions, of which only enough are asserted).
//! The law itself is the judge, so no expected value comes from the code under test.

use proptest::prelude::*;
use sailau_audit::{assertions, Assertion};
use sailau_law::editions::by_id;
use sailau_law::{decide, Choice, Contest, ContestKind, Decision, RegionTally, WhatIf};

fn contest(kind: ContestKind, votes: &[u64], against: Option<u64>, invalid: u64) -> Contest {
    let cast = votes.iter().sum::<u64>() + against.unwrap_or(0) + invalid;
    Contest {
        id: "c".into(),
        kind,
        seats: None,
        registered: Some(cast * 2 - cast / 3),
        ballots_cast: Some(cast),
        invalid: Some(invalid),
        against_all: against,
        options: votes
            .iter()
            .enumerate()
            .map(|(i, &v)| Choice {
                id: format!("o{i}"),
                name: format!("Option {i}"),
                // Registered in the reverse of ballot order, so that ties test it.
                registration_order: (votes.len() - i) as u32,
                votes: v,
            })
            .collect(),
        round: 1,
        constitutional: false,
        regions: vec![],
    }
}

/// The form's whole value on a contest's counts.
fn value(a: &Assertion, c: &Contest) -> i128 {
    let mut counts: Vec<u64> = c.options.iter().map(|o| o.votes).collect();
    counts.extend(c.against_all);
    a.constant + a.value(&counts, c.invalid.unwrap_or(0))
}

fn all_hold(list: &[Assertion], c: &Contest) -> bool {
    list.iter().all(|a| a.holds(value(a, c)))
}

/// Same decision, as far as the outcome goes: outcome, winner, the two in a runoff (in
/// either order), passed and seats.
fn same(a: &Decision, b: &Decision) -> bool {
    let lines = |d: &Decision| -> Vec<(Option<bool>, Option<u32>)> {
        d.options.iter().map(|o| (o.passed, o.seats)).collect()
    };
    let pair = |d: &Decision| {
        d.runoff.clone().map(|mut r| {
            r.sort();
            r
        })
    };
    a.outcome == b.outcome && a.winner == b.winner && pair(a) == pair(b) && lines(a) == lines(b)
}

/// `truth` is `reported` moved by `shift`, each option's votes kept non-negative.
fn moved(reported: &Contest, shift: &[i64], invalid_shift: i64) -> Contest {
    let mut t = reported.clone();
    let at = |v: u64, d: i64| (v as i64 + d).max(0) as u64;
    for (o, d) in t.options.iter_mut().zip(shift) {
        o.votes = at(o.votes, *d);
    }
    if let Some(a) = t.against_all.as_mut() {
        *a = at(*a, *shift.last().unwrap_or(&0));
    }
    t.invalid = Some(at(t.invalid.unwrap_or(0), invalid_shift));
    let cast = t.options.iter().map(|o| o.votes).sum::<u64>()
        + t.against_all.unwrap_or(0)
        + t.invalid.unwrap_or(0);
    t.ballots_cast = Some(cast);
    t
}

fn check(edition: &str, reported: Contest, shift: &[i64], invalid_shift: i64, both_ways: bool) {
    let edition = by_id(edition).expect("the edition");
    let certified = decide(&reported, edition, &WhatIf::default()).expect("decided");
    let Ok(list) = assertions(&reported, &certified) else {
        return;
    };
    assert!(
        all_hold(&list, &reported),
        "the assertions hold on the counts they were made from"
    );
    let truth = moved(&reported, shift, invalid_shift);
    let decided = decide(&truth, edition, &WhatIf::default()).expect("decided");
    let hold = all_hold(&list, &truth);
    if hold {
        assert!(
            same(&certified, &decided),
            "every assertion holds, yet the law decides otherwise:\n{:?}\nthen {:?}\nnow {:?}",
            truth.options,
            certified.options,
            decided.options
        );
    } else if both_ways && certified.outcome != sailau_law::Outcome::Repeat {
        // (A repeat vote has causes besides the one asserted: a tie, or no votes.)
        assert!(
            !same(&certified, &decided),
            "the law decides the same, yet an assertion fails: {:?}",
            list.iter()
                .filter(|a| !a.holds(value(a, &truth)))
                .map(|a| &a.id)
                .collect::<Vec<_>>()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// Party lists under the 2022 Mazhilis edition: 69 seats, 5%, largest remainder.
    #[test]
    fn list_seats_and_threshold(
        votes in proptest::collection::vec(0u64..4000, 3..8),
        shift in proptest::collection::vec(-40i64..40, 8),
        invalid in 0u64..300,
        invalid_shift in -20i64..20,
    ) {
        let mut c = contest(ContestKind::PartyList, &votes, None, invalid);
        c.seats = Some(69);
        check("mazhilis-2022", c, &shift, invalid_shift, true);
    }

    /// Single-member districts by plurality, with "against all".
    #[test]
    fn plurality_with_against_all(
        votes in proptest::collection::vec(0u64..300, 2..6),
        against in 0u64..300,
        shift in proptest::collection::vec(-15i64..15, 7),
    ) {
        let c = contest(ContestKind::Smd, &votes, Some(against), 7);
        check("mazhilis-2022", c, &shift, 0, true);
    }

    /// The President: a majority, or the top two to a runoff.
    #[test]
    fn presidential_majority_or_runoff(
        votes in proptest::collection::vec(0u64..2000, 2..7),
        against in 0u64..200,
        shift in proptest::collection::vec(-60i64..60, 8),
    ) {
        let c = contest(ContestKind::Presidential, &votes, Some(against), 11);
        check("president-2021", c, &shift, 0, true);
    }

    /// A second round: more votes wins.
    #[test]
    fn second_round(a in 0u64..500, b in 0u64..500, shift in proptest::collection::vec(-20i64..20, 3)) {
        let mut c = contest(ContestKind::Presidential, &[a, b], Some(5), 3);
        c.round = 2;
        check("president-2021", c, &shift, 0, true);
    }

    /// Rural akims by plurality.
    #[test]
    fn akims(votes in proptest::collection::vec(0u64..200, 1..5), against in 0u64..100,
             shift in proptest::collection::vec(-10i64..10, 6)) {
        let c = contest(ContestKind::Akim, &votes, Some(against), 2);
        check("rural-akim-2021", c, &shift, 0, true);
    }

    /// A referendum question: turnout and adoption both ways; a constitutional one with
    /// its regions, where only enough of them are asserted.
    #[test]
    fn referendum(
        yes in 0u64..3000, no in 0u64..3000, registered in 1u64..9000,
        regions in proptest::collection::vec((1u64..400, 0u64..400), 3..9),
        shift in proptest::collection::vec(-50i64..50, 2),
        constitutional in any::<bool>(),
        region_shift in -30i64..30,
    ) {
        let mut c = contest(ContestKind::Referendum, &[yes, no], None, 4);
        c.options[0].id = "yes".into();
        c.options[1].id = "no".into();
        c.registered = Some(registered);
        c.constitutional = constitutional;
        if constitutional {
            c.regions = regions.iter().enumerate().map(|(i, &(cast, y))| RegionTally {
                id: format!("r{i}"),
                ballots_cast: cast.max(y),
                yes: y,
            }).collect();
        }
        let edition = by_id("referendum-1995").unwrap();
        let certified = decide(&c, edition, &WhatIf::default()).unwrap();
        let list = assertions(&c, &certified).expect("every referendum outcome is audited");
        let mut truth = moved(&c, &shift, 0);
        // Each region's yes votes move by the same amount, within its ballots.
        for r in truth.regions.iter_mut() {
            r.yes = ((r.yes as i64 + region_shift).max(0) as u64).min(r.ballots_cast);
        }
        let region_value = |a: &Assertion, r: &RegionTally| {
            a.constant + a.value(&[r.yes, r.ballots_cast - r.yes], 0)
        };
        let holds = |k: &Contest| list.iter().all(|a| match &a.within {
            None => a.holds(value(a, k)),
            Some(id) => {
                let r = k.regions.iter().find(|r| &r.id == id).expect("the region");
                a.holds(region_value(a, r))
            }
        });
        prop_assert!(holds(&c));
        let decided = decide(&truth, edition, &WhatIf::default()).unwrap();
        if holds(&truth) {
            prop_assert_eq!(certified.outcome, decided.outcome);
        }
    }
}

/// A tie that decides a seat has no margin. Where the law repeats the vote on a tie, a tied
/// district is not audited; where the earlier registered list takes a tied remainder, its
/// claim needs only as many votes, and the later one's more.
#[test]
fn ties_follow_the_law() {
    let edition = by_id("mazhilis-2022").unwrap();
    let c = contest(ContestKind::Smd, &[100, 100], Some(10), 0);
    let d = decide(&c, edition, &WhatIf::default()).unwrap();
    assert_eq!(d.outcome, sailau_law::Outcome::Repeat);
    assert!(
        assertions(&c, &d).is_err(),
        "a tie for the seat has no margin"
    );

    // Equal remainders for the last of 69 seats: o1, registered first, takes it.
    let mut lists = contest(ContestKind::PartyList, &[300, 300], None, 0);
    lists.seats = Some(69);
    let d = decide(&lists, edition, &WhatIf::default()).unwrap();
    let seats: Vec<u32> = d.options.iter().map(|o| o.seats.unwrap()).collect();
    assert_eq!(
        seats,
        vec![34, 35],
        "the earlier registered takes the tied remainder"
    );
    let list = assertions(&lists, &d).unwrap();
    let first = list
        .iter()
        .find(|a| a.id == "o1-seat-35-over-o0-seat-35")
        .unwrap();
    assert!(!first.strict);
    assert_eq!(value(first, &lists), 0);
    assert_eq!(first.margin(0), 1);
}

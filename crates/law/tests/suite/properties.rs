//! Invariants of the law engine, on random tallies.

use crate::common::*;
use proptest::prelude::*;
use sailau_law::{decide, Contest, ContestKind, Outcome, Ratio, Step, WhatIf};

/// A party-list contest with 1..12 lists, a seat count, and a threshold in percent.
fn list_case() -> impl Strategy<Value = (Vec<u64>, Option<u64>, u32, u32)> {
    (
        prop::collection::vec(0u64..2_000_000, 1..12),
        prop::option::of(0u64..200_000),
        1u32..400,
        0u32..15,
    )
}

fn list_contest(votes: &[u64], against: Option<u64>, seats: u32) -> Contest {
    let mut c = contest(ContestKind::PartyList, votes);
    c.seats = Some(seats);
    c.against_all = against;
    c
}

fn what_if(pct: u32) -> WhatIf {
    WhatIf {
        threshold: Some(Ratio::new(u128::from(pct), 100)),
        ..WhatIf::default()
    }
}

fn runner_up_joined(d: &sailau_law::Decision) -> bool {
    d.certificate
        .steps
        .iter()
        .any(|s| matches!(s, Step::SoleParty { joins: Some(_), .. }))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn allocated_seats_add_up_to_the_seats_at_stake((votes, against, seats, pct) in list_case()) {
        for edition in ["maslikhat-2022", "mazhilis-2007"] {
            let mut c = list_contest(&votes, against, seats);
            if edition == "mazhilis-2007" { c.against_all = None; c.seats = None; }
            let d = decide(&c, crate::common::edition(edition), &what_if(pct)).unwrap();
            let total: u32 = seats_of(&d).iter().sum();
            match d.outcome {
                Outcome::Allocated => prop_assert_eq!(total, d.seats.unwrap()),
                Outcome::Repeat => prop_assert_eq!(total, 0),
                other => prop_assert!(false, "unexpected outcome {other}"),
            }
        }
    }

    #[test]
    fn each_passing_list_gets_the_floor_or_ceiling_of_its_exact_quota((votes, against, seats, pct) in list_case()) {
        let c = list_contest(&votes, against, seats);
        let d = decide(&c, edition("maslikhat-2022"), &what_if(pct)).unwrap();
        prop_assume!(d.outcome == Outcome::Allocated && !runner_up_joined(&d));
        let pool: u128 = d.options.iter().filter(|o| o.passed == Some(true)).map(|o| u128::from(o.votes)).sum();
        for o in d.options.iter().filter(|o| o.passed == Some(true)) {
            let exact = Ratio::new(u128::from(o.votes) * u128::from(seats), pool);
            let got = u128::from(o.seats.unwrap());
            prop_assert!(got == exact.floor() || got == exact.floor() + 1, "{} got {got}, exact {exact}", o.id);
        }
    }

    #[test]
    fn no_list_under_the_threshold_wins_a_seat((votes, against, seats, pct) in list_case()) {
        let c = list_contest(&votes, against, seats);
        let d = decide(&c, edition("maslikhat-2018"), &what_if(pct)).unwrap_or_else(|_| {
            // maslikhat-2018 has no "against all": retry without it.
            let mut c = c.clone(); c.against_all = None;
            decide(&c, edition("maslikhat-2018"), &what_if(pct)).unwrap()
        });
        let base = d.base;
        for o in &d.options {
            let under = u128::from(o.votes) * 100 < u128::from(pct) * base;
            prop_assert_eq!(o.passed, Some(!under));
            if under && !runner_up_joined(&d) {
                prop_assert_eq!(o.seats, Some(0));
            }
        }
    }

    #[test]
    fn the_result_does_not_depend_on_the_order_options_are_listed_in(
        (votes, against, seats, pct) in list_case(), seed in any::<u64>()
    ) {
        let c = list_contest(&votes, against, seats);
        let mut shuffled = c.clone();
        // A deterministic shuffle keeps each option's id and registration order.
        let n = shuffled.options.len();
        let mut s = seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.options.swap(i, (s >> 33) as usize % (i + 1));
        }
        for edition_id in ["maslikhat-2022", "mazhilis-2009"] {
            let (mut a, mut b) = (c.clone(), shuffled.clone());
            if edition_id == "mazhilis-2009" { a.against_all = None; b.against_all = None; a.seats = None; b.seats = None; }
            let da = decide(&a, edition(edition_id), &what_if(pct)).unwrap();
            let db = decide(&b, edition(edition_id), &what_if(pct)).unwrap();
            let by_id = |d: &sailau_law::Decision| {
                let mut v: Vec<_> = d.options.iter().map(|o| (o.id.clone(), o.seats, o.passed)).collect();
                v.sort();
                v
            };
            prop_assert_eq!(by_id(&da), by_id(&db));
            prop_assert_eq!(da.outcome, db.outcome);
        }
    }

    #[test]
    fn the_presidential_outcome_matches_its_definition(
        votes in prop::collection::vec(0u64..1_000_000, 1..8),
        against in prop::option::of(0u64..300_000),
    ) {
        let mut c = contest(ContestKind::Presidential, &votes);
        c.against_all = against;
        let d = decide(&c, edition("president-2021"), &WhatIf::default()).unwrap();
        let base: u128 = votes.iter().map(|&v| u128::from(v)).sum::<u128>() + u128::from(against.unwrap_or(0));
        let max = *votes.iter().max().unwrap();
        let mut sorted = votes.clone();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        if base > 0 && u128::from(max) * 2 > base {
            prop_assert_eq!(d.outcome, Outcome::Elected);
            let w = d.winner.as_ref().unwrap();
            prop_assert_eq!(d.options.iter().find(|o| &o.id == w).unwrap().votes, max);
        } else if base == 0 || votes.len() < 2 || (votes.len() > 2 && sorted[1] == sorted[2]) {
            prop_assert_eq!(d.outcome, Outcome::Repeat);
        } else {
            prop_assert_eq!(d.outcome, Outcome::Runoff);
            let [x, y] = d.runoff.clone().unwrap();
            let v = |id: &str| d.options.iter().find(|o| o.id == id).unwrap().votes;
            let mut pair = [v(&x), v(&y)];
            pair.sort_unstable_by(|a, b| b.cmp(a));
            prop_assert_eq!(pair, [sorted[0], sorted[1]], "the runoff is between the top two");
        }
    }
}

fn seats_of(d: &sailau_law::Decision) -> Vec<u32> {
    crate::common::seats(d)
}

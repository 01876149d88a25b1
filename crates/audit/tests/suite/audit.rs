//! The audit as commissions run it, on made-up protocols of a 2023-modelled election: an
//! honest count is confirmed in exactly the expected sample; a count falsified to move a seat
//! is not, and the full hand count it escalates to overturns the seat; partial counts name
//! what to count next; bad hand counts are refused.

use sailau_audit::sample::{falsify, hand_counts, protocols, Shape};
use sailau_audit::{assess, Plan, Status, SCALE};
use sailau_definition::{sample::mazhilis_2023, Checked};
use sailau_protocol::Protocol;

pub(super) const SEED: &str = "31415926535897932384";

/// `precincts` precincts of 1,500 voters, 60% turnout, half of it electronic.
pub(super) fn election(precincts: usize) -> (Checked, Vec<Protocol>) {
    let def = mazhilis_2023(precincts, 5)
        .check()
        .expect("the sample checks");
    let p = protocols(
        &def,
        Shape {
            voters: 1_500,
            turnout: 60,
            electronic: 50,
            seed: 9,
        },
    );
    (def, p)
}

/// The draws with no discrepancy that bring (1 − 1/U)ⁿ to the limit, by the closed form in
/// floating point: the plan's exact count must agree with it.
fn closed_form(total_weight: u128, limit: f64) -> u64 {
    let u = total_weight as f64 / SCALE as f64;
    (limit.ln() / (1.0 - 1.0 / u).ln()).ceil() as u64
}

#[test]
fn an_honest_count_is_confirmed_in_the_expected_sample() {
    let (def, protocols) = election(1_500);
    for (limit, alpha) in [("0.05", 0.05), ("0.01", 0.01)] {
        let plan = Plan::of_record(&def, &protocols, SEED, limit).unwrap();
        let list = plan
            .contests
            .iter()
            .find(|c| c.contest == "mazhilis-list")
            .unwrap();
        let n = list.expected_draws.expect("a sample, not a full count");
        assert_eq!(n, closed_form(list.total_weight, alpha));
        assert!(
            list.first_round.precincts.len() < 1_500 / 2,
            "the list contest is confirmed by a sample, not a full count: {n} draws"
        );
        let result = assess(&plan, &hand_counts(&def, &protocols)).unwrap();
        assert!(result.confirmed(), "every outcome stands");
        let c = result
            .contests
            .iter()
            .find(|c| c.contest == "mazhilis-list")
            .unwrap();
        assert_eq!(c.status, Status::Confirmed);
        assert_eq!(c.draws, n, "confirmed exactly at the expected sample");
        assert!(c.assertions.iter().all(|a| a.overstatement == 0));
    }
    // The 1% limit needs more draws than the 5% one, for the same margins.
    let five = Plan::of_record(&def, &protocols, SEED, "0.05").unwrap();
    let one = Plan::of_record(&def, &protocols, SEED, "0.01").unwrap();
    assert!(one.contests[0].expected_draws > five.contests[0].expected_draws);
}

#[test]
fn a_count_falsified_to_move_a_seat_escalates_and_the_full_count_overturns_it() {
    let (def, mut protocols) = election(1_500);
    let honest = hand_counts(&def, &protocols);
    let plan = Plan::of_record(&def, &protocols, SEED, "0.05").unwrap();
    let list = plan
        .contests
        .iter()
        .find(|c| c.contest == "mazhilis-list")
        .unwrap();
    // Two quotas' worth moved from the first list to the second always moves a seat: the
    // first list's quotient falls by two, so it loses at least one seat.
    let valid: u64 = list
        .assertions
        .iter()
        .find(|a| a.assertion.id.ends_with("-passes"))
        .map(|_| {
            protocols
                .iter()
                .flat_map(|p| &p.contests)
                .filter(|c| c.contest == "mazhilis-list")
                .flat_map(|c| &c.options)
                .map(|o| o.paper + o.electronic)
                .sum()
        })
        .unwrap();
    let votes = 2 * valid.div_ceil(69) + 1;
    // Every commission of as many regions as it takes to hold that many paper votes.
    let mut theirs: Vec<String> = Vec::new();
    let mut held = 0;
    for b in &list.batches {
        if held < votes
            || theirs.last().is_some_and(|_| {
                list.batches
                    .iter()
                    .any(|x| x.precinct == *theirs.last().unwrap() && x.region == b.region)
            })
        {
            held += b.options[0];
            theirs.push(b.precinct.clone());
        }
    }
    let moved = falsify(&mut protocols, &theirs, "mazhilis-list", 0, 1, votes);
    assert_eq!(moved, votes, "their paper holds enough votes to move");
    let falsified = Plan::of_record(&def, &protocols, SEED, "0.05").unwrap();
    let f = falsified
        .contests
        .iter()
        .find(|c| c.contest == "mazhilis-list")
        .unwrap();
    assert_ne!(
        f.outcome, list.outcome,
        "the falsified protocols certify other seats"
    );
    let result = assess(&falsified, &honest).unwrap();
    let c = result
        .contests
        .iter()
        .find(|c| c.contest == "mazhilis-list")
        .unwrap();
    assert_eq!(c.status, Status::Overturned, "{:?}", c.why);
    assert!(c.why.as_deref().unwrap().contains("-seat-"), "{:?}", c.why);
    assert!(!result.confirmed());
    assert!(
        c.compared.iter().any(|x| x.protocol != x.hand),
        "the drawn precincts show the shift"
    );
}

#[test]
fn a_partial_count_names_what_to_count_next() {
    let (def, protocols) = election(1_500);
    let plan = Plan::of_record(&def, &protocols, SEED, "0.05").unwrap();
    let list = plan
        .contests
        .iter()
        .find(|c| c.contest == "mazhilis-list")
        .unwrap();
    let first = &list.first_round.precincts;
    assert!(first.len() >= 2);
    // Only the first half of the first round has been counted.
    let mut counts = hand_counts(&def, &protocols);
    let counted: Vec<&String> = first[..first.len() / 2].iter().collect();
    counts.precincts.retain(|p| counted.contains(&&p.precinct));
    let result = assess(&plan, &counts).unwrap();
    let c = result
        .contests
        .iter()
        .find(|c| c.contest == "mazhilis-list")
        .unwrap();
    assert_eq!(c.status, Status::CountMore);
    let next = c.next.as_ref().unwrap();
    assert_eq!(
        next.precincts,
        first[first.len() / 2..].to_vec(),
        "the rest of the round, in draw order"
    );
    assert!(!result.confirmed());
}

#[test]
fn the_plan_is_repeatable_from_the_seed() {
    let (def, protocols) = election(1_500);
    let a = Plan::of_record(&def, &protocols, SEED, "0.05").unwrap();
    let b = Plan::of_record(&def, &protocols, SEED, "0.05").unwrap();
    assert_eq!(a, b);
    let other = Plan::of_record(&def, &protocols, "27182818284590452353", "0.05").unwrap();
    assert_ne!(a.contests[0].first_round, other.contests[0].first_round);
    assert_eq!(
        a.contests[0].expected_draws, other.contests[0].expected_draws,
        "the seed moves the sample, not its size"
    );
    for bad in ["1234", "3141592653589793238x"] {
        assert!(
            Plan::of_record(&def, &protocols, bad, "0.05").is_err(),
            "{bad}"
        );
    }
    for bad in ["5%", "1", "0.0"] {
        assert!(
            Plan::of_record(&def, &protocols, SEED, bad).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn bad_hand_counts_are_refused_or_escalate() {
    let (def, protocols) = election(1_500);
    let plan = Plan::of_record(&def, &protocols, SEED, "0.05").unwrap();
    // Counts of another definition.
    let mut other = hand_counts(&def, &protocols);
    other.definition = "00".repeat(32);
    assert!(assess(&plan, &other).is_err());
    // A count that names the options in another order.
    let mut swapped = hand_counts(&def, &protocols);
    let first = &plan.contests[0].first_round.precincts[0];
    let p = swapped
        .precincts
        .iter_mut()
        .find(|p| &p.precinct == first)
        .unwrap();
    p.contests[0].options.swap(0, 1);
    assert!(assess(&plan, &swapped)
        .unwrap_err()
        .0
        .contains("options counted"));
    // More paper in the box than the protocol accounts for: the bound no longer holds, and
    // the audit goes to a full hand count.
    let mut stuffed = hand_counts(&def, &protocols);
    let p = stuffed
        .precincts
        .iter_mut()
        .find(|p| &p.precinct == first)
        .unwrap();
    let list = p
        .contests
        .iter_mut()
        .find(|c| c.contest == "mazhilis-list")
        .unwrap();
    list.options[0].votes += 1_000;
    let result = assess(&plan, &stuffed).unwrap();
    let c = result
        .contests
        .iter()
        .find(|c| c.contest == "mazhilis-list")
        .unwrap();
    assert!(matches!(
        c.status,
        Status::FullCount | Status::Overturned | Status::ConfirmedByFullCount
    ));
    assert!(
        c.why.as_deref().unwrap().contains("more ballots"),
        "{:?}",
        c.why
    );
}

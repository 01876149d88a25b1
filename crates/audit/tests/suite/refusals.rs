//! Hand counts and plans the audit refuses (docs/bad-input.md §4.6, A7–A12): each bad file or
//! record is the sample election's, with one thing changed.

use crate::audit::{election, SEED};
use sailau_audit::sample::{falsify, hand_counts};
use sailau_audit::{assess, HandCounts, Plan, PlanError, COUNTS_FORMAT, PLAN_FORMAT};
use sailau_protocol::Protocol;

const PRECINCTS: usize = 60;

/// The refusal of the counts' text; the test fails if the file was read.
fn counts_refused(text: &str) -> String {
    match HandCounts::parse(text) {
        Ok(c) => panic!(
            "read counts of {} precincts that must be refused",
            c.precincts.len()
        ),
        Err(e) => e.to_string(),
    }
}

/// The refusal of a plan; the test fails if one was made.
fn plan_refused(made: Result<Plan, PlanError>) -> PlanError {
    match made {
        Ok(p) => panic!("a plan of {} contests was made", p.contests.len()),
        Err(e) => e,
    }
}

#[test]
fn hand_counts_with_another_format_tag_are_refused() {
    let (def, protocols) = election(PRECINCTS);
    let good = hand_counts(&def, &protocols);
    assert_eq!(HandCounts::parse(&good.to_json()).unwrap(), good);
    for tag in ["sailau-hand-counts/2", "sailau-audit-plan/1", ""] {
        let mut c = good.clone();
        c.format = tag.into();
        let e = counts_refused(&c.to_json());
        assert_eq!(
            e,
            format!("format: \"{tag}\", expected \"{COUNTS_FORMAT}\"")
        );
    }
}

#[test]
fn a_precinct_or_a_contest_of_a_precinct_counted_twice_is_refused() {
    let (def, protocols) = election(PRECINCTS);
    let good = hand_counts(&def, &protocols);
    let mut twice = good.clone();
    let again = twice.precincts[3].clone();
    let id = again.precinct.clone();
    twice.precincts.push(again);
    assert_eq!(
        counts_refused(&twice.to_json()),
        format!("precinct {id} is counted twice")
    );

    let mut twice = good.clone();
    let p = &mut twice.precincts[0];
    let again = p.contests[1].clone();
    let (id, contest) = (p.precinct.clone(), again.contest.clone());
    p.contests.push(again);
    assert_eq!(
        counts_refused(&twice.to_json()),
        format!("precinct {id}: contest {contest} is counted twice")
    );
}

#[test]
fn a_count_of_a_precinct_with_no_paper_of_the_contest_in_the_plan_is_refused() {
    let (def, protocols) = election(PRECINCTS);
    let plan = Plan::of_record(&def, &protocols, SEED, "0.05").unwrap();
    let good = hand_counts(&def, &protocols);
    assert!(assess(&plan, &good).is_ok());
    // A precinct the election does not have.
    let mut counts = good.clone();
    let mut stranger = counts.precincts[0].clone();
    stranger.precinct = "p-99999".into();
    counts.precincts.push(stranger);
    let e = assess(&plan, &counts).unwrap_err();
    assert!(
        e.0.starts_with("precinct p-99999 has no paper of contest"),
        "{e}"
    );
    // A district's contest counted at a precinct outside the district.
    let district = plan
        .contests
        .iter()
        .find(|c| c.batches.len() < protocols.len() && !c.batches.is_empty())
        .expect("a contest of part of the precincts");
    let outside = good
        .precincts
        .iter()
        .position(|p| district.batches.iter().all(|b| b.precinct != p.precinct))
        .unwrap();
    let inside = good
        .precincts
        .iter()
        .find(|p| p.precinct == district.batches[0].precinct)
        .unwrap();
    let count = inside
        .contests
        .iter()
        .find(|k| k.contest == district.contest)
        .unwrap()
        .clone();
    let mut counts = good.clone();
    counts.precincts[outside].contests.push(count);
    let e = assess(&plan, &counts).unwrap_err();
    assert_eq!(
        e.0,
        format!(
            "precinct {} has no paper of contest {} in the plan",
            good.precincts[outside].precinct, district.contest
        )
    );
}

#[test]
fn a_plan_of_another_format_or_whose_risk_limit_does_not_read_is_refused() {
    let (def, protocols) = election(PRECINCTS);
    let good = Plan::of_record(&def, &protocols, SEED, "0.05").unwrap();
    let counts = hand_counts(&def, &protocols);
    assert!(assess(&good, &counts).is_ok());
    for tag in ["sailau-audit-plan/2", "sailau-hand-counts/1"] {
        let mut plan = good.clone();
        plan.format = tag.into();
        assert_eq!(
            assess(&plan, &counts).unwrap_err().0,
            format!("the plan's format is \"{tag}\", expected \"{PLAN_FORMAT}\"")
        );
    }
    for limit in ["5%", "1", "0.0", "", "0.05 "] {
        let mut plan = good.clone();
        plan.risk_limit = limit.into();
        assert_eq!(
            assess(&plan, &counts).unwrap_err().0,
            format!("the plan's risk limit \"{limit}\"")
        );
    }
}

#[test]
fn a_record_with_a_precinct_that_has_no_protocol_is_refused() {
    let (def, protocols) = election(PRECINCTS);
    for gone in [0, PRECINCTS / 2, PRECINCTS - 1] {
        let mut fewer = protocols.clone();
        let lost = fewer.remove(gone).unit;
        let e = plan_refused(Plan::of_record(&def, &fewer, SEED, "0.05"));
        assert_eq!(e, PlanError::Missing(lost.clone()));
        assert_eq!(
            e.to_string(),
            format!("precinct {lost} has no protocol: audit a whole record")
        );
    }
}

#[test]
fn a_record_contradicting_its_decision_not_adding_up_or_too_large_is_refused() {
    let (def, honest) = election(PRECINCTS);
    assert!(Plan::of_record(&def, &honest, SEED, "0.05").is_ok());
    let refs: Vec<&Protocol> = honest.iter().collect();
    let bodies = sailau_record::levels::bodies(&def, &refs).unwrap();
    let decided: Vec<_> = bodies.iter().map(|b| b.decide()).collect();
    let pairs: Vec<_> = decided
        .iter()
        .flat_map(|d| d.decisions.iter().map(|(e, d)| (&e.contest, d)))
        .collect();
    assert!(Plan::new(&def, &refs, &pairs, SEED, "0.05").is_ok());

    // Counts that contradict the decision made on them: every paper vote of the first list
    // moved to the second, with the seats as they were.
    let mut moved = honest.clone();
    let everywhere: Vec<String> = moved.iter().map(|p| p.unit.clone()).collect();
    assert!(falsify(&mut moved, &everywhere, "mazhilis-list", 0, 1, u64::MAX) > 0);
    let refs: Vec<&Protocol> = moved.iter().collect();
    match plan_refused(Plan::new(&def, &refs, &pairs, SEED, "0.05")) {
        PlanError::Contradiction { contest, .. } => assert_eq!(contest, "mazhilis-list"),
        e => panic!("{e:?}"),
    }

    // Protocols that do not add up: one lists the list's options in another order.
    let mut swapped = honest.clone();
    let c = swapped[1]
        .contests
        .iter_mut()
        .find(|c| c.contest == "mazhilis-list")
        .unwrap();
    c.options.swap(0, 1);
    match plan_refused(Plan::of_record(&def, &swapped, SEED, "0.05")) {
        PlanError::Results(why) => assert!(
            why.contains("contest mazhilis-list: the options differ"),
            "{why}"
        ),
        e => panic!("{e:?}"),
    }

    // A figure too large for the arithmetic.
    let mut huge = honest.clone();
    let c = huge[2]
        .contests
        .iter_mut()
        .find(|c| c.contest == "mazhilis-list")
        .unwrap();
    c.paper.found_station = u64::MAX;
    c.paper.found_mobile = 1;
    let refs: Vec<&Protocol> = huge.iter().collect();
    let e = plan_refused(Plan::new(&def, &refs, &pairs, SEED, "0.05"));
    assert_eq!(e, PlanError::Overflow("mazhilis-list".into()));
    assert_eq!(
        e.to_string(),
        "contest mazhilis-list: a figure is too large"
    );
}

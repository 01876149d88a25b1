//! Referendum questions: turnout, adoption, and the regions rule for the Constitution.

use crate::common::*;
use sailau_law::{Choice, Contest, ContestKind, Outcome, RegionTally};

pub(super) fn question(registered: u64, cast: u64, yes: u64, no: u64) -> Contest {
    let mut c = contest(ContestKind::Referendum, &[yes, no]);
    c.options[0].id = "yes".into();
    c.options[1].id = "no".into();
    c.registered = Some(registered);
    c.ballots_cast = Some(cast);
    c
}

#[test]
fn the_2022_question_is_adopted_with_invalid_ballots_in_the_base() {
    let c = question(11_734_642, 7_985_769, 6_163_516, 1_490_470);
    let d = run(&c, "referendum-1995");
    assert_eq!(d.outcome, Outcome::Adopted);
    assert_eq!(
        d.options[0].share.percent(2),
        "77.18",
        "the CEC's published share"
    );
}

#[test]
fn more_than_half_must_take_part_and_more_than_half_say_yes() {
    assert_eq!(
        run(&question(100, 50, 40, 10), "referendum-1995").outcome,
        Outcome::Invalid
    );
    assert_eq!(
        run(&question(100, 51, 26, 20), "referendum-1995").outcome,
        Outcome::Adopted
    );
    // 25 of 51 who took part is not more than half, though yes beat no.
    assert_eq!(
        run(&question(100, 51, 25, 20), "referendum-1995").outcome,
        Outcome::Rejected
    );
}

fn regions(yes_majority: usize, total: usize) -> Vec<RegionTally> {
    (0..total)
        .map(|i| RegionTally {
            id: format!("r{i}"),
            ballots_cast: 100,
            yes: if i < yes_majority { 60 } else { 40 },
        })
        .collect()
}

#[test]
fn a_constitutional_question_needs_two_thirds_of_regions() {
    let mut c = question(1000, 900, 800, 100);
    c.constitutional = true;
    c.regions = regions(14, 20); // 14 ≥ 2/3 × 20 = 13.33
    assert_eq!(run(&c, "referendum-1995").outcome, Outcome::Adopted);
    c.regions = regions(13, 20);
    assert_eq!(
        run(&c, "referendum-1995").outcome,
        Outcome::Rejected,
        "national majority is not enough"
    );
    c.regions = regions(2, 3); // exactly two thirds
    assert_eq!(run(&c, "referendum-1995").outcome, Outcome::Adopted);
}

#[test]
fn a_constitutional_question_without_regions_is_refused() {
    let mut c = question(1000, 900, 800, 100);
    c.constitutional = true;
    assert_eq!(run_err(&c, "referendum-1995").field(), "regions");
}

#[test]
fn answers_must_be_yes_and_no() {
    let mut c = question(1000, 900, 800, 100);
    c.options.push(Choice {
        id: "maybe".into(),
        name: "Maybe".into(),
        registration_order: 3,
        votes: 0,
    });
    assert_eq!(run_err(&c, "referendum-1995").field(), "options");
    let mut c = question(1000, 900, 800, 100);
    c.registered = None;
    assert_eq!(run_err(&c, "referendum-1995").field(), "registered");
}

//! President, Senate, single-member districts and rural akims.

use crate::common::*;
use sailau_law::ContestKind::{Akim, Presidential, Senate, Smd};
use sailau_law::Outcome;

#[test]
fn more_than_half_of_valid_votes_elects_the_president() {
    let d = run(&contest(Presidential, &[51, 49]), "president-2021");
    assert_eq!(
        (d.outcome, d.winner.as_deref()),
        (Outcome::Elected, Some("a"))
    );
}

#[test]
fn exactly_half_is_not_enough_and_against_all_is_in_the_base() {
    let mut c = contest(Presidential, &[50, 40]);
    c.against_all = Some(10);
    let d = run(&c, "president-2021");
    assert_eq!(d.outcome, Outcome::Runoff);
    assert_eq!(d.runoff, Some(["a".to_string(), "b".to_string()]));
    assert_eq!(d.base, 100);
}

#[test]
fn a_tie_for_the_second_runoff_place_repeats_the_vote() {
    let d = run(&contest(Presidential, &[40, 30, 30]), "president-2021");
    assert_eq!(d.outcome, Outcome::Repeat);
    assert_eq!(d.runoff, None);
}

#[test]
fn a_tie_for_first_below_half_sends_both_to_the_runoff() {
    let d = run(&contest(Presidential, &[40, 40, 20]), "president-2021");
    assert_eq!(d.runoff, Some(["a".to_string(), "b".to_string()]));
}

#[test]
fn the_runoff_goes_to_more_votes_and_a_tie_repeats_it() {
    let mut c = contest(Presidential, &[30, 70]);
    c.round = 2;
    assert_eq!(run(&c, "president-2021").winner.as_deref(), Some("b"));
    c.options[1].votes = 30;
    assert_eq!(run(&c, "president-2021").outcome, Outcome::Repeat);
    c.options.push(c.options[0].clone());
    c.options[2].id = "c".into();
    c.options[2].registration_order = 3;
    assert_eq!(run_err(&c, "president-2021").field(), "options");
}

#[test]
fn a_lone_candidate_short_of_a_majority_means_a_repeat() {
    let mut c = contest(Presidential, &[40]);
    c.against_all = Some(60);
    assert_eq!(run(&c, "president-2021").outcome, Outcome::Repeat);
}

#[test]
fn before_2021_against_all_was_not_on_the_presidential_ballot() {
    let mut c = contest(Presidential, &[40]);
    c.against_all = Some(60);
    assert_eq!(run_err(&c, "president-1995").field(), "against_all");
}

#[test]
fn the_senate_needs_more_than_half_of_electors_to_take_part() {
    let mut c = contest(Senate, &[30, 20]);
    c.registered = Some(100);
    c.ballots_cast = Some(50);
    assert_eq!(run(&c, "senate-1995").outcome, Outcome::Invalid);
    c.ballots_cast = Some(51);
    c.options[0].votes = 26;
    c.options[1].votes = 24;
    // 26 of 51 who took part is more than half.
    assert_eq!(run(&c, "senate-1995").winner.as_deref(), Some("a"));
    c.options[0].votes = 25;
    c.options[1].votes = 20;
    // 25 of 51 is not: second round between a and b.
    assert_eq!(run(&c, "senate-1995").outcome, Outcome::Runoff);
}

#[test]
fn the_senate_needs_the_electors_and_turnout_counts() {
    let mut c = contest(Senate, &[30, 20]);
    c.ballots_cast = Some(51);
    assert_eq!(run_err(&c, "senate-1995").field(), "registered");
}

#[test]
fn a_district_goes_to_the_plurality_unless_against_all_leads() {
    let mut c = contest(Smd, &[40, 30]);
    c.against_all = Some(20);
    assert_eq!(run(&c, "mazhilis-2022").winner.as_deref(), Some("a"));
    c.against_all = Some(40);
    assert_eq!(
        run(&c, "mazhilis-2022").outcome,
        Outcome::Repeat,
        "a tie with against all"
    );
    c.against_all = Some(50);
    assert_eq!(run(&c, "mazhilis-2022").outcome, Outcome::Repeat);
}

#[test]
fn tied_district_candidates_mean_a_repeat() {
    assert_eq!(
        run(&contest(Smd, &[40, 40, 10]), "mazhilis-2022").outcome,
        Outcome::Repeat
    );
    assert_eq!(
        run(&contest(Akim, &[40, 40]), "rural-akim-2021").outcome,
        Outcome::Repeat
    );
    assert_eq!(
        run(&contest(Akim, &[41, 40]), "rural-akim-2021")
            .winner
            .as_deref(),
        Some("a")
    );
}

#[test]
fn districts_in_2004_needed_a_majority() {
    let d = run(&contest(Smd, &[45, 35, 20]), "mazhilis-1998");
    assert_eq!(d.runoff, Some(["a".to_string(), "b".to_string()]));
    assert_eq!(
        run(&contest(Smd, &[60, 40]), "mazhilis-1998")
            .winner
            .as_deref(),
        Some("a")
    );
}

#[test]
fn a_single_seat_contest_has_one_seat_and_one_round() {
    let mut c = contest(Smd, &[60, 40]);
    c.seats = Some(2);
    assert_eq!(run_err(&c, "mazhilis-2022").field(), "seats");
    c.seats = None;
    c.round = 2;
    assert_eq!(run_err(&c, "mazhilis-2022").field(), "round");
}

#[test]
fn a_contest_kind_must_belong_to_the_body() {
    assert_eq!(
        run_err(&contest(Smd, &[60, 40]), "kurultai-2026").field(),
        "kind"
    );
    assert_eq!(
        run_err(&contest(Presidential, &[60, 40]), "senate-1995").field(),
        "kind"
    );
}

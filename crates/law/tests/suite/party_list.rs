//! Party-list allocation: threshold, Hare quota, largest remainder, and the sole-party rules.
//! Expected seats were worked out by hand (and with a calculator) from the method in the law.

use crate::common::*;
use sailau_law::{decide, ContestKind::PartyList, Outcome, Ratio, Step, WhatIf};

#[test]
fn a_list_at_exactly_the_threshold_passes_and_one_vote_less_fails() {
    // Base 1000: c has exactly 5%, d one vote short.
    let c = contest(PartyList, &[600, 301, 50, 49]);
    let d = run(&c, "mazhilis-2022");
    let passed: Vec<_> = d.options.iter().map(|o| o.passed).collect();
    assert_eq!(passed, [Some(true), Some(true), Some(true), Some(false)]);
    // Quota 951/69: whole 43, 21, 3; the 2 seats left go to b (.839) and c (.628).
    assert_eq!(seats(&d), [43, 22, 4, 0]);
    assert_eq!(d.outcome, Outcome::Allocated);
}

#[test]
fn against_all_counts_in_the_threshold_base() {
    // 48 of 950 party votes is 5.05%, but of 970 (with 20 "against all") it is 4.95%.
    let mut c = contest(PartyList, &[602, 300, 48]);
    c.against_all = Some(20);
    let d = run(&c, "mazhilis-2022");
    assert_eq!(d.base, 970);
    assert_eq!(d.options[2].passed, Some(false));
    let line = d.certificate.steps.iter().find_map(|s| match s {
        Step::Threshold { line, .. } => Some(*line),
        _ => None,
    });
    assert_eq!(line, Some(Ratio::new(97, 2)), "5% of 970 = 48.5 votes");
}

#[test]
fn equal_remainders_go_to_the_list_registered_earlier() {
    let mut c = contest(PartyList, &[500, 500]);
    c.seats = Some(3);
    assert_eq!(seats(&run(&c, "maslikhat-2022")), [2, 1]);
    c.options[0].registration_order = 2;
    c.options[1].registration_order = 1;
    assert_eq!(seats(&run(&c, "maslikhat-2022")), [1, 2]);
}

#[test]
fn in_2007_a_sole_passing_party_takes_every_seat() {
    let c = contest(PartyList, &[900, 60, 40]);
    let d = run(&c, "mazhilis-2007");
    assert_eq!(seats(&d), [98, 0, 0]);
}

#[test]
fn from_2009_the_runner_up_joins_with_a_corrected_quotient() {
    // Quota 960/98. a: 91.875 -> 91; b: 60·98/960 × 0.7 = 4.2875 -> 4. Three seats left: one
    // each by remainder (a .875, b .2875), the third to a, the party that passed.
    let c = contest(PartyList, &[900, 60, 40]);
    let d = run(&c, "mazhilis-2009");
    assert_eq!(seats(&d), [93, 5, 0]);
    assert_eq!(
        d.options[1].passed,
        Some(false),
        "the runner-up still did not pass"
    );
}

#[test]
fn the_runner_up_is_topped_up_to_two_seats() {
    // a: 990·98/998 = 97.21 -> 97; b: 8·98/998 × 0.7 = 0.55 -> 0, then 1 by remainder,
    // then one more from a to reach the minimum of two.
    let c = contest(PartyList, &[990, 8, 2]);
    assert_eq!(seats(&run(&c, "mazhilis-2009")), [96, 2, 0]);
}

#[test]
fn a_tie_for_runner_up_goes_to_the_earlier_registered() {
    // b and c both have 5%, under the 7% threshold.
    let c = contest(PartyList, &[900, 50, 50]);
    let d = run(&c, "mazhilis-2009");
    assert!(d.options[1].seats.unwrap() >= 2);
    assert_eq!(d.options[2].seats, Some(0));
    assert!(d
        .certificate
        .steps
        .iter()
        .any(|s| matches!(s, Step::TieBreak { .. })));
}

#[test]
fn when_no_list_passes_the_vote_is_repeated() {
    // 21 lists of 1 vote: each 4.76%, under 5%.
    let mut c = contest(PartyList, &[1; 21]);
    c.seats = Some(5);
    let d = run(&c, "maslikhat-2022");
    assert_eq!(d.outcome, Outcome::Repeat);
    assert!(seats(&d).iter().all(|&s| s == 0));
}

#[test]
fn seats_in_the_file_must_match_the_edition() {
    let mut c = contest(PartyList, &[600, 400]);
    c.seats = Some(70);
    let e = run_err(&c, "mazhilis-2022");
    assert_eq!(e.field(), "seats");
    assert!(e.to_string().contains("69"), "{e}");
    c.seats = None;
    assert_eq!(
        run(&c, "mazhilis-2022").seats,
        Some(69),
        "the edition supplies the seats"
    );
}

#[test]
fn what_ifs_override_threshold_and_seats_and_are_marked() {
    let c = contest(PartyList, &[600, 301, 50, 49]);
    let what_if = WhatIf {
        threshold: Some(Ratio::new(1, 10)),
        seats: Some(10),
        edition_in_force: None,
    };
    let d = decide(&c, edition("mazhilis-2022"), &what_if).unwrap();
    // 10% of 1000: a and b pass; quota 901/10: a 6.659 -> 6, b 3.341 -> 3; 1 left to a.
    assert_eq!(seats(&d), [7, 3, 0, 0]);
    assert_eq!(d.certificate.what_if.len(), 2);
}

#[test]
fn a_council_without_seats_is_refused() {
    let c = contest(PartyList, &[600, 400]);
    assert_eq!(run_err(&c, "maslikhat-2022").field(), "seats");
}

#[test]
fn against_all_is_refused_where_it_was_not_on_the_ballot() {
    let mut c = contest(PartyList, &[600, 400]);
    c.against_all = Some(5);
    assert_eq!(run_err(&c, "mazhilis-2009").field(), "against_all");
}

#[test]
fn a_regional_maslikhat_decides_its_list_half_and_its_districts() {
    // A 32-seat regional council: 16 list seats at 5% and 16 districts by plurality.
    let mut list = contest(PartyList, &[5000, 3000, 1500, 400]);
    list.seats = Some(16);
    list.against_all = Some(100);
    let d = run(&list, "maslikhat-2022");
    // Base 10,000: d has 4% and fails. Quota 9500/16: a 8.42 -> 8, b 5.05 -> 5, c 2.53 -> 2;
    // the seat left goes to c (.53 beats .42 and .05).
    assert_eq!(seats(&d), [8, 5, 3, 0]);
    let mut district = contest(sailau_law::ContestKind::Smd, &[700, 650]);
    district.against_all = Some(100);
    assert_eq!(
        run(&district, "maslikhat-2022").winner.as_deref(),
        Some("a")
    );
}

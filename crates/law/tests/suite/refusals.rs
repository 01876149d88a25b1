//! The law's refusals that docs/bad-input.md §4.1 lists as L3–L7: each contest is one the law
//! decides, with one thing broken, and the refusal is the exact reason, by its field.

use crate::common::*;
use crate::referendum::question;
use sailau_law::{Choice, ContestKind::*, LawError};

/// The refusal's field and words, besides its variant.
fn assert_names(e: &LawError, field: &str, words: &[&str]) {
    assert_eq!(e.field(), field, "{e:?}");
    let text = e.to_string();
    for w in words {
        assert!(text.contains(w), "{text:?} lacks {w:?}");
    }
}

#[test]
fn a_contest_missing_a_field_its_kind_needs_is_refused_by_that_field() {
    // The Senate's turnout: the electors and the ballots cast.
    let mut c = contest(Senate, &[30, 20]);
    c.registered = Some(100);
    c.ballots_cast = Some(51);
    run(&c, "senate-1995");
    c.registered = None;
    let e = run_err(&c, "senate-1995");
    assert!(
        matches!(
            e,
            LawError::Missing {
                field: "registered",
                kind: Senate,
                ..
            }
        ),
        "{e:?}"
    );
    assert_names(&e, "registered", &["is required for a senate contest"]);
    c.registered = Some(100);
    c.ballots_cast = None;
    let e = run_err(&c, "senate-1995");
    assert!(
        matches!(
            e,
            LawError::Missing {
                field: "ballots_cast",
                kind: Senate,
                ..
            }
        ),
        "{e:?}"
    );
    assert_names(&e, "ballots_cast", &["is required for a senate contest"]);

    // A referendum's turnout.
    let mut c = question(1000, 900, 800, 100);
    run(&c, "referendum-1995");
    c.ballots_cast = None;
    let e = run_err(&c, "referendum-1995");
    assert!(
        matches!(
            e,
            LawError::Missing {
                field: "ballots_cast",
                kind: Referendum,
                ..
            }
        ),
        "{e:?}"
    );
    assert_names(
        &e,
        "ballots_cast",
        &["is required for a referendum contest"],
    );

    // A constitutional question's regions.
    let mut c = question(1000, 900, 800, 100);
    c.constitutional = true;
    let e = run_err(&c, "referendum-1995");
    assert!(
        matches!(
            e,
            LawError::Missing {
                field: "regions",
                kind: Referendum,
                ..
            }
        ),
        "{e:?}"
    );
    assert_names(&e, "regions", &["is required for a referendum contest"]);
}

#[test]
fn a_contest_kind_the_body_does_not_hold_or_the_edition_has_no_rules_for_is_refused() {
    let e = run_err(&contest(Presidential, &[60, 40]), "senate-1995");
    assert!(
        matches!(
            e,
            LawError::KindNotInBody {
                kind: Presidential,
                ..
            }
        ),
        "{e:?}"
    );
    assert_names(&e, "kind", &["holds no presidential contest"]);

    let e = run_err(&contest(Akim, &[60, 40]), "mazhilis-2022");
    assert!(
        matches!(e, LawError::KindNotInBody { kind: Akim, .. }),
        "{e:?}"
    );
    assert_names(&e, "kind", &["holds no akim contest"]);

    // A Mazhilis holds districts, but from 2007 to 2022 it elected none.
    run(&contest(Smd, &[60, 40]), "mazhilis-2022");
    let e = run_err(&contest(Smd, &[60, 40]), "mazhilis-2007");
    assert_eq!(
        e,
        LawError::NoRules {
            kind: Smd,
            edition: "mazhilis-2007"
        }
    );
    assert_names(
        &e,
        "kind",
        &["mazhilis-2007 has no rules for a smd contest"],
    );
}

#[test]
fn seats_the_law_cannot_know_or_a_single_seat_contest_with_other_than_one_seat_are_refused() {
    // A council list: the edition leaves the seats to the file, which gives none.
    let mut c = contest(PartyList, &[600, 400]);
    c.seats = Some(5);
    run(&c, "maslikhat-2022");
    c.seats = None;
    let e = run_err(&c, "maslikhat-2022");
    assert_eq!(
        e,
        LawError::SeatsUnknown {
            edition: "maslikhat-2022"
        }
    );
    assert_names(&e, "seats", &["is unknown"]);

    for (kind, edition) in [
        (Smd, "mazhilis-2022"),
        (Presidential, "president-2021"),
        (Akim, "rural-akim-2021"),
    ] {
        let mut c = contest(kind, &[60, 40]);
        c.seats = Some(1);
        run(&c, edition);
        for given in [0, 2] {
            c.seats = Some(given);
            let e = run_err(&c, edition);
            assert_eq!(e, LawError::NotSingleSeat { given, kind }, "{edition}");
            assert_names(&e, "seats", &["exactly one seat"]);
        }
    }
}

#[test]
fn a_second_round_not_between_two_or_answers_other_than_yes_and_no_are_refused() {
    let mut c = contest(Presidential, &[30, 70]);
    c.round = 2;
    run(&c, "president-2021");
    c.options.push(Choice {
        id: "c".into(),
        name: "A third".into(),
        registration_order: 3,
        votes: 10,
    });
    let e = run_err(&c, "president-2021");
    assert_eq!(e, LawError::RunoffNeedsTwo { found: 3 });
    assert_names(&e, "options", &["3 candidates", "exactly two"]);
    c.options.truncate(1);
    assert_eq!(
        run_err(&c, "president-2021"),
        LawError::RunoffNeedsTwo { found: 1 }
    );

    // An answer renamed, an answer missing, an answer added.
    let mut c = question(1000, 900, 800, 100);
    c.options[1].id = "maybe".into();
    let e = run_err(&c, "referendum-1995");
    assert_eq!(e, LawError::ReferendumAnswers);
    assert_names(&e, "options", &["\"yes\" and \"no\""]);
    let mut c = question(1000, 900, 800, 100);
    c.options.pop();
    assert_eq!(run_err(&c, "referendum-1995"), LawError::ReferendumAnswers);
    let mut c = question(1000, 900, 800, 100);
    let mut third = c.options[1].clone();
    third.id = "abstain".into();
    third.registration_order = 3;
    c.options.push(third);
    assert_eq!(run_err(&c, "referendum-1995"), LawError::ReferendumAnswers);
}

#[test]
fn a_round_other_than_1_or_2_or_a_second_round_the_edition_does_not_hold_is_refused() {
    let mut c = contest(Presidential, &[60, 40]);
    for round in [0, 3, 255] {
        c.round = round;
        let e = run_err(&c, "president-2021");
        assert_eq!(e, LawError::Round(round));
        assert_names(&e, "round", &["1 or 2", &format!("not {round}")]);
    }

    // A district under the 2022 rules, and a party list, are filled in one round.
    let mut c = contest(Smd, &[60, 40]);
    c.round = 2;
    let e = run_err(&c, "mazhilis-2022");
    assert_eq!(e, LawError::NoSecondRound);
    assert_names(&e, "round", &["is 2", "one round"]);
    let mut c = contest(PartyList, &[600, 400]);
    c.round = 2;
    assert_eq!(run_err(&c, "mazhilis-2022"), LawError::NoSecondRound);
    c.round = 1;
    run(&c, "mazhilis-2022");
}

//! The edition table against the legal history: which rules governed each election since 2004.

use crate::common::*;
use sailau_law::editions::EDITIONS;
use sailau_law::Body::*;
use std::collections::HashSet;

#[test]
fn every_election_since_2004_is_judged_by_its_edition() {
    let cases = [
        (Mazhilis, "2004-09-19", "mazhilis-1998"),
        (Mazhilis, "2007-08-18", "mazhilis-2007"),
        (Mazhilis, "2012-01-15", "mazhilis-2009"),
        (Mazhilis, "2016-03-20", "mazhilis-2009"),
        (Mazhilis, "2021-01-10", "mazhilis-2009"),
        (Mazhilis, "2023-03-19", "mazhilis-2022"),
        (President, "2005-12-04", "president-1995"),
        (President, "2011-04-03", "president-1995"),
        (President, "2015-04-26", "president-1995"),
        (President, "2019-06-09", "president-1995"),
        (President, "2022-11-20", "president-2021"),
        (Senate, "2005-08-19", "senate-1995"),
        (Senate, "2023-01-14", "senate-1995"),
        (Maslikhat, "2012-01-15", "maslikhat-2004"),
        (Maslikhat, "2021-01-10", "maslikhat-2018"),
        (Maslikhat, "2023-03-19", "maslikhat-2022"),
        (RuralAkim, "2021-07-25", "rural-akim-2021"),
        (Referendum, "2022-06-05", "referendum-1995"),
        (Referendum, "2026-03-15", "referendum-1995"),
        (Kurultai, "2026-08-23", "kurultai-2026"),
    ];
    for (body, date, id) in cases {
        assert_eq!(in_force(body, date), Some(id), "{body} on {date}");
    }
}

#[test]
fn abolished_and_future_bodies_have_no_edition() {
    assert_eq!(
        in_force(Mazhilis, "2026-08-23"),
        None,
        "the Mazhilis ends on 1 July 2026"
    );
    assert_eq!(in_force(Senate, "2026-07-01"), None);
    assert_eq!(in_force(Kurultai, "2026-06-30"), None);
    assert_eq!(
        in_force(RuralAkim, "2020-12-31"),
        None,
        "rural akims were appointed"
    );
}

#[test]
fn the_2023_and_kurultai_parameters_are_as_the_law_says() {
    let m = edition("mazhilis-2022");
    let list = m.list.unwrap();
    assert_eq!(list.seats, Some(69));
    assert_eq!(list.threshold.percent(0), "5");
    assert_eq!(m.seat.unwrap().districts, Some(29));
    assert!(m.against_all);
    assert_eq!(
        edition("mazhilis-2009").list.unwrap().threshold.percent(0),
        "7"
    );
    let k = edition("kurultai-2026");
    assert_eq!(k.list.unwrap().seats, Some(145));
    assert!(
        k.seat.is_none(),
        "the Kurultai has no single-member districts"
    );
    assert!(
        k.unconfirmed.iter().any(|u| u.note.contains("Threshold")),
        "its threshold is UNCONFIRMED"
    );
}

#[test]
fn the_table_is_well_formed() {
    let mut ids = HashSet::new();
    let mut starts = HashSet::new();
    for e in EDITIONS {
        assert!(ids.insert(e.id), "duplicate id {}", e.id);
        assert!(
            starts.insert((e.body, e.from)),
            "{}: two editions of {} start the same day",
            e.id,
            e.body
        );
        assert!(
            e.id.ends_with(&e.from.year().to_string()),
            "{} is named for the year it took effect",
            e.id
        );
        assert!(!e.sources.is_empty(), "{} cites no source", e.id);
        // Each contest kind of the body has rules in the edition.
        let has = |k| match k {
            sailau_law::ContestKind::PartyList => e.list.is_some(),
            sailau_law::ContestKind::Smd | sailau_law::ContestKind::Akim => e.seat.is_some(),
            sailau_law::ContestKind::Presidential | sailau_law::ContestKind::Senate => {
                e.majority.is_some()
            }
            sailau_law::ContestKind::Referendum => e.referendum.is_some(),
        };
        assert!(
            e.contest_kinds().iter().any(|&k| has(k)),
            "{} has no rules for its body",
            e.id
        );
        // A correction above 1 would hand out more whole seats than are at stake.
        if let Some(sailau_law::edition::ListRules {
            sole_party: sailau_law::edition::SoleParty::RunnerUpJoins { correction, .. },
            ..
        }) = e.list
        {
            assert!(
                correction <= sailau_law::Ratio::integer(1),
                "{}: correction above 1",
                e.id
            );
        }
        if let Some(until) = e.until {
            assert!(e.from < until, "{} ends before it starts", e.id);
        }
    }
}

#[test]
fn docs_law_md_describes_every_edition() {
    let doc = include_str!("../../../../docs/law.md");
    for e in EDITIONS {
        assert!(
            doc.contains(&format!("| {} |", e.id)),
            "docs/law.md has no row for {}",
            e.id
        );
    }
}

#[test]
fn a_second_round_falls_in_the_window_the_edition_gives() {
    use sailau_law::edition::SecondRound;
    use sailau_law::{Body, Date};
    let first: Date = "2022-11-20".parse().unwrap();
    let president = sailau_law::editions::in_force(Body::President, first).unwrap();
    let window = president.majority.unwrap().second_round.window(first);
    // Two calendar months, on a later day (docs/law.md, "President").
    assert_eq!(
        window,
        ("2022-11-21".parse().unwrap(), "2023-01-20".parse().unwrap())
    );
    let senate_day: Date = "2023-01-14".parse().unwrap();
    let senate = sailau_law::editions::in_force(Body::Senate, senate_day).unwrap();
    assert_eq!(
        senate.majority.unwrap().second_round,
        SecondRound::SameSitting
    );
    assert_eq!(
        SecondRound::SameSitting.window(senate_day),
        (senate_day, senate_day)
    );
}

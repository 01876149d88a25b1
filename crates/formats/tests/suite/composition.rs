//! The make-up of a body by party (`composition` in the results JSON): the official 2023
//! Mazhilis, and the rules of when a make-up is whole.

use proptest::prelude::*;
use sailau_formats::composition::{compose, tally, DistrictSeat, ListSeats};
use sailau_formats::report::{decide_in_force, results_json};
use sailau_formats::ResultsFile;
use sailau_law::Body;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const MAZHILIS_2023: &str = include_str!("../../../../fixtures/official/2023-03-19-mazhilis.json");
const DISTRICTS_2023: &str =
    include_str!("../../../../fixtures/official/2023-03-19-mazhilis-districts.json");

/// The list seats the law gives on the official 2023 votes, plus the 29 district winners of
/// the public record, make the official 8th Mazhilis: 62, 8, 6, 6, 5, 5 and 6 independents.
#[test]
fn the_2023_mazhilis_sits_as_officially_made_up() {
    let file = ResultsFile::parse(MAZHILIS_2023).unwrap();
    let (decided, refused) = decide_in_force(&file);
    assert!(refused.is_empty(), "{refused:?}");
    let (entry, d) = &decided[0];
    let lists: Vec<ListSeats> = entry
        .contest
        .options
        .iter()
        .zip(&d.options)
        .map(|(o, r)| ListSeats {
            party: o.id.clone(),
            name: o.name.clone(),
            registration_order: o.registration_order,
            seats: r.seats.unwrap(),
        })
        .collect();
    let record: Value = serde_json::from_str(DISTRICTS_2023).unwrap();
    let by_party = record["winners_by_party"].as_object().unwrap();
    let districts: Vec<DistrictSeat> = by_party
        .iter()
        .flat_map(|(party, n)| {
            let seat = match party.as_str() {
                "independent" => DistrictSeat::Won(None),
                p => DistrictSeat::Won(Some(p.to_string())),
            };
            std::iter::repeat_n(seat, n.as_u64().unwrap() as usize)
        })
        .collect();
    assert_eq!(districts.len(), 29, "the 29 single-member districts");
    assert_eq!(record["districts"].as_array().unwrap().len(), 29);

    // The winners named one by one never contradict the totals by party.
    let mut named: BTreeMap<String, u64> = BTreeMap::new();
    for d in record["districts"].as_array().unwrap() {
        if d.get("winner").is_some() {
            let party = d["party"].as_str().unwrap_or("independent");
            *named.entry(party.to_string()).or_default() += 1;
        }
    }
    for (party, n) in &named {
        assert!(
            *n <= by_party[party].as_u64().unwrap(),
            "{n} named winners of {party}, more than its total"
        );
    }

    let c = tally(Body::Mazhilis, None, &lists, &districts);
    let mut got: BTreeMap<String, u64> = c
        .parties
        .iter()
        .map(|p| (p.party.clone(), u64::from(p.seats)))
        .collect();
    got.insert("independent".into(), u64::from(c.independents));
    let want: BTreeMap<String, u64> = record["make_up"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(c.seats, 98);
    assert_eq!(c.vacant, 0);
    // Most seats first; Respublica before Ak Zhol at 6 each, registered earlier here.
    let order: Vec<&str> = c.parties.iter().map(|p| p.party.as_str()).collect();
    assert_eq!(
        order,
        ["amanat", "auyl", "respublica", "ak-zhol", "peoples", "nsdp"]
    );
    let nsdp = c.parties.iter().find(|p| p.party == "nsdp").unwrap();
    assert_eq!((nsdp.list, nsdp.districts), (4, 1));
}

/// A Mazhilis file of its list and `districts` single-member contests; district `i` is won by
/// `winners[i]` (a party id, or "" for a self-nominated candidate), or tied when `None`.
fn mazhilis(winners: &[Option<&str>]) -> String {
    let mut contests = vec![json!({
        "id": "list", "kind": "party-list", "against_all": 0,
        "options": [
            {"id": "a", "name": "Party A", "registration_order": 1, "votes": 600},
            {"id": "b", "name": "Party B", "registration_order": 2, "votes": 300},
            {"id": "c", "name": "Party C", "registration_order": 3, "votes": 100}
        ]
    })];
    for (i, w) in winners.iter().enumerate() {
        let (first, second) = match w {
            Some(_) => (60, 40),
            None => (50, 50),
        };
        let mut winner =
            json!({"id": "x", "name": "Winner", "registration_order": 1, "votes": first});
        if let Some(p) = w.filter(|p| !p.is_empty()) {
            winner["party"] = json!(p);
        }
        contests.push(json!({
            "id": format!("smd-{}", i + 1), "kind": "smd", "against_all": 0,
            "options": [winner, {"id": "y", "name": "Runner-up", "registration_order": 2, "votes": second, "party": "c"}]
        }));
    }
    json!({
        "format": "sailau-results/1",
        "election": {"name": "Made up", "kind": "mazhilis", "date": "2023-03-19"},
        "contests": contests
    })
    .to_string()
}

fn composition_of(text: &str) -> Option<Value> {
    let file = ResultsFile::parse(text).unwrap();
    let (decided, refused) = decide_in_force(&file);
    assert!(refused.is_empty(), "{refused:?}");
    results_json(&file, &decided).get("composition").cloned()
}

#[test]
fn a_whole_mazhilis_file_carries_its_make_up() {
    let mut winners = vec![Some("a"); 20];
    winners.extend([Some("b"); 5]);
    winners.extend([Some(""); 3]);
    winners.push(None);
    let c = composition_of(&mazhilis(&winners)).expect("a make-up");
    let c = &c[0];
    assert_eq!(c["body"], "mazhilis");
    assert!(c.get("council").is_none());
    assert_eq!(c["seats"], 98);
    assert_eq!(c["independents"], 3);
    assert_eq!(c["vacant"], 1, "the tied district has nobody yet");
    assert_eq!(c["what_if"], false);
    // 69 list seats at 60/30/10 of 1,000 with a 5% threshold: 41.4, 20.7, 6.9 quotas, so
    // 41 + 21 + 7 by largest remainder.
    assert_eq!(
        c["parties"],
        json!([
            {"party": "a", "name": "Party A", "list": 41, "districts": 20, "seats": 61},
            {"party": "b", "name": "Party B", "list": 21, "districts": 5, "seats": 26},
            {"party": "c", "name": "Party C", "list": 7, "districts": 0, "seats": 7}
        ])
    );
}

#[test]
fn a_mazhilis_missing_a_district_has_no_make_up() {
    // 28 of the edition's 29 districts: a make-up would miss a seat.
    assert!(composition_of(&mazhilis(&[Some("a"); 28])).is_none());
    // The list alone, as in the official 2023 file.
    assert!(composition_of(MAZHILIS_2023).is_none());
}

#[test]
fn each_maslikhat_council_is_made_up_apart() {
    let text = json!({
        "format": "sailau-results/1",
        "election": {"name": "Made up", "kind": "maslikhat", "date": "2023-03-19"},
        "contests": [
            {"id": "r-list", "kind": "party-list", "council": "region", "seats": 2, "against_all": 0,
             "options": [{"id": "a", "name": "Party A", "registration_order": 1, "votes": 70},
                         {"id": "b", "name": "Party B", "registration_order": 2, "votes": 30}]},
            {"id": "r-1", "kind": "smd", "council": "region", "against_all": 0,
             "options": [{"id": "x", "name": "X", "registration_order": 1, "votes": 9, "party": "b"},
                         {"id": "y", "name": "Y", "registration_order": 2, "votes": 3}]},
            {"id": "d-1", "kind": "smd", "council": "district", "against_all": 0,
             "options": [{"id": "x", "name": "X", "registration_order": 1, "votes": 2},
                         {"id": "y", "name": "Y", "registration_order": 2, "votes": 5, "party": "z"}]}
        ]
    })
    .to_string();
    let c = composition_of(&text).expect("two councils");
    assert_eq!(
        c,
        json!([
            {"body": "maslikhat", "council": "region", "seats": 3, "independents": 0, "vacant": 0, "what_if": false,
             "parties": [{"party": "b", "name": "Party B", "list": 1, "districts": 1, "seats": 2},
                         {"party": "a", "name": "Party A", "list": 1, "districts": 0, "seats": 1}]},
            {"body": "maslikhat", "council": "district", "seats": 1, "independents": 0, "vacant": 0, "what_if": false,
             "parties": [{"party": "z", "name": "z", "list": 0, "districts": 1, "seats": 1}]}
        ])
    );
}

#[test]
fn bodies_without_seats_have_no_make_up() {
    let file = ResultsFile::parse(include_str!(
        "../../../../fixtures/official/2022-11-20-presidential.json"
    ))
    .unwrap();
    let (decided, _) = decide_in_force(&file);
    assert!(compose(&file, &decided).is_empty());
}

#[test]
fn a_referendum_answer_cannot_name_a_party() {
    let text = json!({
        "format": "sailau-results/1",
        "election": {"name": "Made up", "kind": "referendum", "date": "2022-06-05"},
        "contests": [{"id": "q", "kind": "referendum", "registered": 10, "ballots_cast": 5,
            "options": [{"id": "yes", "name": "Yes", "registration_order": 1, "votes": 3, "party": "a"},
                        {"id": "no", "name": "No", "registration_order": 2, "votes": 2}]}]
    })
    .to_string();
    let e = ResultsFile::parse(&text).unwrap_err();
    assert_eq!(e.field, "contests[0].options[0].party");
}

proptest! {
    /// Every seat is counted once: the make-up adds up to the list seats plus the districts,
    /// each party's line to its list and district seats, and no line is empty or out of order.
    #[test]
    fn every_seat_is_counted_once(
        list in proptest::collection::vec(0u32..50, 1..6),
        districts in proptest::collection::vec(0usize..8, 0..40),
    ) {
        let parties = ["p0", "p1", "p2", "p3", "p4", "p5"];
        let lists: Vec<ListSeats> = list.iter().enumerate().map(|(i, &s)| ListSeats {
            party: parties[i].into(), name: parties[i].to_uppercase(),
            registration_order: i as u32 + 1, seats: s,
        }).collect();
        // 0..=5 a party (some with no list), 6 an independent, 7 vacant.
        let seats: Vec<DistrictSeat> = districts.iter().map(|&d| match d {
            6 => DistrictSeat::Won(None),
            7 => DistrictSeat::Vacant,
            p => DistrictSeat::Won(Some(parties[p].into())),
        }).collect();
        let c = tally(Body::Maslikhat, Some("u".into()), &lists, &seats);
        let total = list.iter().sum::<u32>() + districts.len() as u32;
        prop_assert_eq!(c.seats, total);
        prop_assert_eq!(c.independents as usize, districts.iter().filter(|&&d| d == 6).count());
        prop_assert_eq!(c.vacant as usize, districts.iter().filter(|&&d| d == 7).count());
        for p in &c.parties {
            let i = parties.iter().position(|&x| x == p.party).unwrap();
            prop_assert_eq!(p.list, list.get(i).copied().unwrap_or(0));
            prop_assert_eq!(p.districts as usize, districts.iter().filter(|&&d| d == i).count());
            prop_assert!(p.seats == p.list + p.districts && p.seats > 0);
        }
        prop_assert!(c.parties.windows(2).all(|w| w[0].seats >= w[1].seats));
    }
}

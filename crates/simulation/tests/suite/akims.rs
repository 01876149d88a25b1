//! The rural akims scenario: every rural district's akim decided on its own area's count;
//! where "against all" comes first nobody is elected and the election is to be repeated; and
//! the whole record verifies.

use crate::honest;
use sailau_simulation::scenario::{hold, Scenario};
use sailau_simulation::Silent;

#[test]
fn every_rural_district_elects_its_akim_or_repeats_its_election() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let held = hold(
        Scenario::RuralAkims2021,
        5_000,
        20,
        4,
        honest(20),
        dir.path(),
        &Silent,
    )
    .expect("the scenario runs");
    let o = &held[0].outcome;
    let decided = o.results[0].decide();
    assert!(decided.refused.is_empty(), "{:?}", decided.refused);
    assert_eq!(decided.decisions.len(), o.definition.contests.len());
    let mut repeats = Vec::new();
    for (i, (entry, d)) in decided.decisions.iter().enumerate() {
        // Each decision is on its own area's voters only.
        let area = o.definition.contests[i].district.clone().unwrap();
        let x = o
            .definition
            .districts
            .iter()
            .find(|x| x.id == area)
            .unwrap();
        let on_lists: u64 = x
            .precincts
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(
                    dir.path().join(format!("precincts/{p}/protocol.json")),
                )
                .unwrap();
                let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                v["protocol"]["contests"][0]["registered"].as_u64().unwrap()
            })
            .sum();
        assert_eq!(entry.contest.registered, Some(on_lists), "{area}");
        if d.outcome == sailau_law::Outcome::Repeat {
            // "Against all" ahead of every candidate.
            let against = entry.contest.against_all.unwrap();
            assert!(entry.contest.options.iter().all(|c| c.votes < against));
            repeats.push(d.contest.clone());
        } else {
            assert_eq!(d.outcome, sailau_law::Outcome::Elected);
        }
    }
    // One area in five is set to prefer "against all" (scenario.rs).
    assert!(!repeats.is_empty() && repeats.len() < decided.decisions.len());

    let report = sailau_verify::election::folder::open(dir.path())
        .unwrap()
        .verify(&sailau_verify::Options::default(), &|| {});
    assert!(report.passed());
}

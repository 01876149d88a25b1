//! The constitutional referendum scenario on a live count: the stations' protocols add up by
//! region, the results file carries each region's count, the law decides turnout, adoption and
//! the two thirds of the regions, and the verifier derives the regions' counts again itself.

use crate::honest;
use sailau_simulation::scenario::{hold, Scenario};
use sailau_simulation::Silent;
use sailau_verify::election::folder;

#[test]
fn a_constitutional_question_is_decided_by_region_on_the_live_count() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let held = hold(
        Scenario::Referendum2022,
        4_000,
        7,
        3,
        honest(20),
        dir.path(),
        &Silent,
    )
    .expect("the scenario runs");
    let outcome = &held[0].outcome;
    let results = &outcome.results[0];
    assert_eq!(results.body, sailau_law::Body::Referendum);
    let decided = results.decide();
    assert!(decided.refused.is_empty(), "{:?}", decided.refused);
    let (entry, d) = &decided.decisions[0];
    // Six regions and cities at home (the station abroad counts in no region).
    let regions: Vec<&str> = entry
        .contest
        .regions
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(regions.len(), 6, "{regions:?}");
    assert!(!regions.contains(&"abroad"));
    // The regions' counts add up to the nation's but for the station abroad.
    let cast: u64 = entry.contest.regions.iter().map(|r| r.ballots_cast).sum();
    assert!(cast < entry.contest.ballots_cast.unwrap() && cast > 0);
    assert_eq!(d.outcome, sailau_law::Outcome::Adopted);
    let steps = serde_json::to_value(&d.certificate).unwrap().to_string();
    for step in ["\"quorum\"", "\"adoption\"", "\"regions\""] {
        assert!(steps.contains(step), "{step} missing from {steps}");
    }

    let verify = || {
        let report = folder::open(dir.path())
            .unwrap()
            .verify(&sailau_verify::Options::default(), &|| {});
        report
            .checks
            .into_iter()
            .filter(|(_, f)| !f.is_empty())
            .map(|(t, f)| (t.to_string(), f))
            .collect::<Vec<_>>()
    };
    assert_eq!(verify(), vec![]);
    // One region's yes votes raised in the published results: the verifier's own count by
    // region differs.
    let path = dir.path().join("results/referendum.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let yes = v["contests"][0]["regions"][0]["yes"].as_u64().unwrap();
    v["contests"][0]["regions"][0]["yes"] = (yes + 1).into();
    std::fs::write(&path, format!("{v:#}\n")).unwrap();
    let f = verify();
    assert!(
        f.iter().any(
            |(t, fs)| t == "the results files carry the national protocol's totals"
                && fs[0].contains("results/referendum.json")
        ),
        "{f:#?}"
    );
}

//! The Senate scenario: each region's electors in one joint session, a polling station whose
//! list is the electors'; a session is valid only if more than half of the electors vote, a
//! senator needs more than half of the votes of those who took part, and else the top two go
//! to a second round at the same sitting (docs/law.md).

use crate::honest;
use sailau_simulation::scenario::{hold, Scenario};
use sailau_simulation::Silent;

#[test]
fn each_regions_session_elects_its_senator_or_is_not_valid_without_a_quorum() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // 3,167 electors, as in 2023, over the 20 regions and cities of the sample.
    let held = hold(
        Scenario::Senate2023,
        3_167,
        21,
        8,
        honest(10),
        dir.path(),
        &Silent,
    )
    .expect("the scenario runs");
    assert_eq!(held.len(), 2, "a second round for one region");
    let o = &held[0].outcome;
    assert_eq!(
        o.definition.precincts.len(),
        20,
        "one joint session per region"
    );
    let decided = o.results[0].decide();
    assert!(decided.refused.is_empty(), "{:?}", decided.refused);
    assert_eq!(decided.decisions.len(), 20);
    let (mut invalid, mut runoff) = (Vec::new(), Vec::new());
    for (entry, d) in &decided.decisions {
        let c = &entry.contest;
        let (took_part, electors) = (c.ballots_cast.unwrap(), c.registered.unwrap());
        match d.outcome {
            sailau_law::Outcome::Invalid => {
                assert!(
                    2 * took_part <= electors,
                    "{}: {took_part} of {electors}",
                    c.id
                );
                invalid.push(c.id.clone());
            }
            sailau_law::Outcome::Elected => {
                assert!(2 * took_part > electors, "{}", c.id);
                let winner = d.winner.as_ref().unwrap();
                let votes = c.options.iter().find(|x| &x.id == winner).unwrap().votes;
                // More than half of those who took part, invalid ballots included.
                assert!(2 * votes > took_part, "{}: {votes} of {took_part}", c.id);
            }
            sailau_law::Outcome::Runoff => {
                let leader = c.options.iter().map(|x| x.votes).max().unwrap();
                assert!(2 * leader <= took_part, "{}", c.id);
                runoff.push((c.id.clone(), d.runoff.clone().unwrap()));
            }
            other => panic!("{}: {other:?}", c.id),
        }
    }
    // The scenario's last region gathers too few electors; its second is split three ways.
    assert_eq!(invalid, ["senate-ulytau"]);
    assert_eq!(runoff.len(), 1);
    assert_eq!(runoff[0].0, "senate-aktobe");
    // The second round: that session alone, on the same day, between those two, with the
    // same number of electors; one of the two elected.
    let second = &held[1].outcome;
    assert_eq!(second.definition.election.date, o.definition.election.date);
    assert_eq!(second.definition.precincts.len(), 1);
    let d2 = second.results[0].decide();
    let (e2, x2) = &d2.decisions[0];
    assert_eq!(e2.contest.id, "senate-aktobe");
    // The simulation draws the session's electors afresh, as many as were on its list, and
    // its first list of every election carries the five bad rows the import refuses.
    let first_electors = decided.decisions[1].0.contest.registered.unwrap();
    let again = e2.contest.registered.unwrap();
    assert!(
        again <= first_electors && first_electors - again <= 5,
        "{again} of {first_electors}"
    );
    assert_eq!(x2.outcome, sailau_law::Outcome::Elected);
    assert!(runoff[0].1.contains(x2.winner.as_ref().unwrap()));
    let report = sailau_verify::election::folder::open(dir.path())
        .unwrap()
        .verify(&sailau_verify::Options::default(), &|| {});
    assert!(report.passed());
}

#[test]
fn without_a_second_round_the_record_is_the_first_rounds_alone() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // One region: its session decides in the first round.
    let held = hold(
        Scenario::Senate2023,
        200,
        2,
        9,
        honest(10),
        dir.path(),
        &Silent,
    )
    .unwrap();
    assert_eq!(held.len(), 1);
    assert!(!dir.path().join("first-round").exists());
    assert!(dir.path().join("definition.json").is_file());
    let report = sailau_verify::election::folder::open(dir.path())
        .unwrap()
        .verify(&sailau_verify::Options::default(), &|| {});
    assert!(report.passed());
}

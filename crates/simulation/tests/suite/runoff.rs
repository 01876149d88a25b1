//! The runoff scenario end to end: a first round in which nobody has a majority, the two the
//! law names, a second round derived from the certified first and run through the real
//! stations, both rounds in one record, which the independent verifier checks, check 25
//! included. A second round between two others than the law named is caught.

use crate::honest;
use sailau_simulation::scenario::{hold, Scenario};
use sailau_simulation::{run, Country, Options, Silent, Votes};
use sailau_verify::election::folder;

fn failures(dir: &std::path::Path) -> Vec<(String, Vec<String>)> {
    let record = folder::open(dir).expect("the record reads");
    let report = record.verify(&sailau_verify::Options::default(), &|| {});
    report
        .checks
        .into_iter()
        .filter(|(_, f)| !f.is_empty())
        .map(|(t, f)| (t.to_string(), f))
        .collect()
}

#[test]
fn a_runoff_is_held_and_verified_and_a_wrong_pair_is_caught() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let held = hold(
        Scenario::PresidentialRunoff,
        6_000,
        3,
        5,
        honest(20),
        dir.path(),
        &Silent,
    )
    .expect("the scenario runs");
    assert_eq!(held.len(), 2);
    let decided = |i: usize| {
        let r = held[i]
            .outcome
            .results
            .iter()
            .find(|r| r.body == sailau_law::Body::President)
            .unwrap();
        let d = r.decide();
        let (_, x) = &d.decisions[0];
        (x.outcome, x.runoff.clone(), x.winner.clone())
    };
    // Round 1: nobody above half; the law sends the first two on.
    let (o1, two, _) = decided(0);
    assert_eq!(o1, sailau_law::Outcome::Runoff);
    let two = two.unwrap();
    assert_eq!(two, ["candidate-a".to_string(), "candidate-b".to_string()]);
    // Round 2: those two alone on the ballot, and one is elected by more votes.
    let second = &held[1].outcome.definition;
    let ids: Vec<&str> = second.contests[0]
        .options
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(ids, ["candidate-a", "candidate-b"]);
    let (o2, _, winner) = decided(1);
    assert_eq!(o2, sailau_law::Outcome::Elected);
    assert!(two.contains(&winner.unwrap()));
    // Both rounds are in the record, and the whole of it verifies.
    assert!(dir.path().join("first-round/definition.json").is_file());
    assert_eq!(failures(dir.path()), vec![]);

    // A second round between candidates C and D, whom the law did not send on, held and
    // written with the same first round: every check of its own passes, and check 25 names
    // the pair.
    let wrong = tempfile::tempdir().expect("a temporary folder");
    let first_def = sailau_definition::Definition::from_json(
        &std::fs::read_to_string(dir.path().join("first-round/definition.json")).unwrap(),
    )
    .unwrap();
    let bad = sailau_definition::round::second_round(
        &first_def,
        "president",
        ["candidate-c", "candidate-d"],
        "wrong-round-2",
        "2029-12-09".parse().unwrap(),
    )
    .unwrap();
    run(
        &Options {
            country: Country::Defined {
                definition: Box::new(bad),
                voters: 600,
                votes: Votes::new(),
                turnout: Vec::new(),
            },
            seed: 6,
            electronic: 20,
            falsify: 0,
        },
        wrong.path(),
        &Silent,
    )
    .expect("the wrong second round runs");
    copy_dir(
        &dir.path().join("first-round"),
        &wrong.path().join("first-round"),
    );
    let f = failures(wrong.path());
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(
        f[0].0,
        "a second round follows from its certified first round"
    );
    assert!(
        f[0].1[0].contains("its candidates are candidate-c and candidate-d, but the law sent candidate-a and candidate-b on"),
        "{f:#?}"
    );
    // Without its first round the second round cannot be checked.
    std::fs::remove_dir_all(wrong.path().join("first-round")).unwrap();
    let f = failures(wrong.path());
    assert!(f[0].1[0].contains("has no first-round/"), "{f:#?}");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

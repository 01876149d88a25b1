//! What the crate writes, it reads back to the same values; anything else is refused.

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::reading::{ballot_from_line, election_from_json};
use sailau_crypto::record::{ballot_line, election_json};
use sailau_crypto::simulate::{list_manifest, simulate, Plan};

#[test]
fn election_and_ballots_read_back_to_what_was_written() {
    let plan = Plan {
        guardians: 3,
        quorum: 2,
        absent: vec![],
        ballots: 6,
        devices: 2,
        challenge_every: 3,
    };
    let s = simulate(
        list_manifest(&["a", "b", "against-all"]),
        &plan,
        &mut ChaCha20Rng::seed_from_u64(4),
    )
    .unwrap();
    let json = election_json(&s.election);
    let e = election_from_json(&json).unwrap();
    assert_eq!(e.extended_base_hash(), s.election.extended_base_hash());
    assert_eq!(e.joint.public_key.key, s.election.joint.public_key.key);
    assert_eq!(e.manifest, s.election.manifest);
    for (b, o) in &s.ballots {
        let line = ballot_line(b, o.as_ref());
        let (b2, o2) = ballot_from_line(line.as_bytes()).unwrap();
        assert_eq!(&b2, b);
        assert_eq!(o2.is_some(), o.is_some());
        if let (Some(x), Some(y)) = (&o2, o) {
            assert_eq!(x, y);
        }
    }
    // A changed name no longer matches the hashes; a respaced line is not canonical.
    let renamed = String::from_utf8(json)
        .unwrap()
        .replace("Guardian 1", "Guardian 9");
    assert!(election_from_json(renamed.as_bytes()).is_err());
    let line = ballot_line(&s.ballots[0].0, None).replacen("\":", "\": ", 1);
    assert!(ballot_from_line(line.as_bytes()).is_err());
}

#[test]
fn the_tally_of_lines_is_the_tally_of_the_ballots() {
    let plan = Plan {
        guardians: 2,
        quorum: 2,
        absent: vec![],
        ballots: 9,
        devices: 2,
        challenge_every: 4,
    };
    let s = simulate(
        list_manifest(&["a", "b", "c"]),
        &plan,
        &mut ChaCha20Rng::seed_from_u64(8),
    )
    .unwrap();
    let lines: Vec<String> = s
        .ballots
        .iter()
        .map(|(b, o)| ballot_line(b, o.as_ref()))
        .collect();
    let t = sailau_crypto::reading::tally_of_lines(
        &s.election.manifest,
        lines.iter().map(|l| l.as_bytes()),
    )
    .unwrap();
    assert_eq!(t, s.tally.tally);
    // Challenged ballots are left out: 9 ballots, every 4th challenged.
    assert_eq!(t.contests[0].ballots, 7);
}

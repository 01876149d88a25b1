//! Encrypting ballots: invalid marks are refused before any cryptography, codes chain per
//! device, and every ballot's totals come out right (property test).

use proptest::prelude::*;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::ballot::{chain_start, BallotError};
use sailau_crypto::simulate::{list_manifest, simulate, Plan};
use sailau_crypto::{display_code, Device, PlaintextBallot};

#[test]
fn invalid_marks_are_refused_with_the_contest_named() {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let plan = Plan {
        guardians: 1,
        quorum: 1,
        absent: vec![],
        ballots: 0,
        devices: 1,
        challenge_every: 0,
    };
    let s = simulate(list_manifest(&["a", "b", "against-all"]), &plan, &mut rng).unwrap();
    let mut d = Device::new(&s.election, "t");
    let two = PlaintextBallot {
        style: "list".into(),
        contests: vec!["list".into()],
        marks: vec![vec![true, true, false]],
    };
    assert_eq!(
        d.encrypt(&two, &mut rng).unwrap_err(),
        BallotError::Marks {
            contest: "list".into(),
            min: 0,
            max: 1
        }
    );
    let short = PlaintextBallot {
        style: "list".into(),
        contests: vec!["list".into()],
        marks: vec![vec![true]],
    };
    assert!(matches!(
        d.encrypt(&short, &mut rng),
        Err(BallotError::Options { .. })
    ));
    let unknown = PlaintextBallot {
        style: "senate".into(),
        contests: vec!["senate".into()],
        marks: vec![],
    };
    assert_eq!(
        d.encrypt(&unknown, &mut rng).unwrap_err(),
        BallotError::Style("senate".into())
    );
    // Refusals do not advance the chain: the next ballot is still the device's first.
    let blank = PlaintextBallot {
        style: "list".into(),
        contests: vec!["list".into()],
        marks: vec![vec![false; 3]],
    };
    let (b, _) = d.encrypt(&blank, &mut rng).unwrap();
    assert_eq!(b.seq, 0);
    assert_eq!(b.prev, chain_start(&s.election.extended_base_hash(), "t"));
    let (b2, _) = d.encrypt(&blank, &mut rng).unwrap();
    assert_eq!((b2.seq, b2.prev), (1, b.code));
    // Two encryptions of the same choice look nothing alike.
    assert_ne!(
        b.contests[0].selections[0].ciphertext,
        b2.contests[0].selections[0].ciphertext
    );
    assert_ne!(display_code(&b.code), display_code(&b2.code));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Whatever the voters mark, however many guardians stay away within the quorum, the
    /// decrypted totals are the sums of the marks on the cast ballots.
    #[test]
    fn decrypted_totals_are_the_cast_marks(
        seed in any::<u64>(),
        ballots in 0usize..12,
        options in 1usize..5,
        n in 1u32..5,
        challenge_every in 0usize..4,
    ) {
        let k = 1 + (seed % u64::from(n)) as u32;
        let absent: Vec<u32> = (k + 1..=n).collect();
        let names: Vec<String> = (0..options).map(|i| format!("o{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let plan = Plan { guardians: n, quorum: k, absent, ballots, devices: 2, challenge_every };
        let s = simulate(list_manifest(&names), &plan, &mut ChaCha20Rng::seed_from_u64(seed)).unwrap();
        prop_assert_eq!(&s.tally.counts, &s.intended);
        let cast = s.ballots.iter().filter(|(_, o)| o.is_none()).count() as u64;
        prop_assert_eq!(s.tally.tally.contests[0].ballots, cast);
    }
}

use crate::common::*;

#[test]
fn an_honest_record_passes_every_check_both_ways() {
    let s = small(1, 12);
    let f = files(&s);
    for one_by_one in [false, true] {
        let r = run(&f, one_by_one).unwrap();
        for c in &r.checks {
            assert!(c.passed(), "check {} failed: {:?}", c.number, c.failures);
        }
        assert_eq!(r.cast, 9);
        assert_eq!(r.challenged, 3);
        // The published totals are what the voters marked.
        let published: Vec<Vec<u64>> = r
            .totals
            .iter()
            .map(|(_, o)| o.iter().map(|x| x.1).collect())
            .collect();
        assert_eq!(published, s.intended);
    }
}

use proptest::prelude::*;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::simulate::{simulate, Plan};

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    /// Any honest election, whatever its guardians, devices and ballots: every check passes,
    /// batched and one by one, and the published totals are what the voters marked.
    #[test]
    fn every_honest_record_verifies(
        seed in any::<u64>(),
        ballots in 0usize..10,
        n in 1u32..5,
        devices in 1usize..4,
        challenge_every in 0usize..4,
    ) {
        let k = 1 + (seed % u64::from(n)) as u32;
        let absent: Vec<u32> = (1..=n).filter(|i| i % 2 == 0).take((n - k) as usize).collect();
        let plan = Plan { guardians: n, quorum: k, absent, ballots, devices, challenge_every };
        let s = simulate(two_contest_manifest(), &plan, &mut ChaCha20Rng::seed_from_u64(seed)).unwrap();
        let f = files(&s);
        prop_assert_eq!(failed_both_ways(&f), Vec::<usize>::new());
        let r = run(&f, false).unwrap();
        let published: Vec<Vec<u64>> = r.totals.iter().map(|(_, o)| o.iter().map(|x| x.1).collect()).collect();
        prop_assert_eq!(published, s.intended);
    }
}

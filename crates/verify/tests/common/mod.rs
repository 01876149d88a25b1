//! Shared by the verifier's tests: records made by the prover with fixed seeds.
#![allow(dead_code)]

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::simulate::{list_manifest, simulate, Plan, Simulated};
use sailau_crypto::{BallotStyle, ContestSpec, Manifest};
use sailau_verify::{verify, Files, Options, Report};

/// Two contests, two styles: a list contest (one mark or blank) and a council contest in which
/// a voter marks one or two of four candidates.
pub fn two_contest_manifest() -> Manifest {
    let mut m = list_manifest(&["amanat", "respublica", "against-all"]);
    m.contests.push(ContestSpec {
        id: "council".into(),
        options: vec!["c1".into(), "c2".into(), "c3".into(), "c4".into()],
        min: 1,
        max: 2,
    });
    m.styles.push(BallotStyle {
        id: "list+council".into(),
        contests: vec!["list".into(), "council".into()],
    });
    m
}

/// The simulated election type, for tests that name it.
pub type Sim = Simulated;

pub fn small(seed: u64, ballots: usize) -> Simulated {
    let plan = Plan {
        guardians: 3,
        quorum: 2,
        absent: vec![2],
        ballots,
        devices: 2,
        challenge_every: 4,
    };
    simulate(
        two_contest_manifest(),
        &plan,
        &mut ChaCha20Rng::seed_from_u64(seed),
    )
    .unwrap()
}

pub fn files(s: &Simulated) -> [Vec<u8>; 3] {
    let f = s.files();
    [f[0].1.clone(), f[1].1.clone(), f[2].1.clone()]
}

pub fn run(f: &[Vec<u8>; 3], one_by_one: bool) -> Result<Report, sailau_verify::Unreadable> {
    let files = Files {
        election: &f[0],
        ballots: &f[1],
        tally: &f[2],
    };
    let opts = Options {
        one_by_one,
        batch: 4,
    };
    verify(&files, &opts, &|_| {})
}

/// The numbers of the checks that failed.
pub fn failed(r: &Report) -> Vec<usize> {
    r.checks
        .iter()
        .filter(|c| !c.passed())
        .map(|c| c.number)
        .collect()
}

use sailau_crypto::record::{self, PublishedTally};
use sailau_crypto::{encrypted_tally, partial_decrypt, vartime_combine, EncryptedBallot, Opening};
use serde_json::Value;

/// A record of `s`'s election over the given ballots: tally (of the cast ballots, or of all
/// of them when `count_challenged`), decryption by guardians 1 and 3, totals.
pub fn record_of(
    s: &Simulated,
    ballots: &[(EncryptedBallot, Option<Opening>)],
    count_challenged: bool,
) -> [Vec<u8>; 3] {
    record_with_devices(s, ballots, count_challenged, Vec::new())
}

/// [`record_of`] with the devices' chains declared at closing (§7.4).
pub fn record_with_devices(
    s: &Simulated,
    ballots: &[(EncryptedBallot, Option<Opening>)],
    count_challenged: bool,
    devices: Vec<sailau_crypto::record::DeviceChain>,
) -> [Vec<u8>; 3] {
    let e = &s.election;
    let counted = ballots
        .iter()
        .filter(|(_, o)| count_challenged || o.is_none())
        .map(|(b, _)| b);
    let tally = encrypted_tally(&e.manifest, counted);
    let mut rng = ChaCha20Rng::seed_from_u64(99);
    let partials: Vec<_> = [0, 2]
        .iter()
        .map(|&i| partial_decrypt(&s.keys[i], e, &tally, &mut rng))
        .collect();
    // A tally polluted by a foreign ballot decrypts to no small total: publish zeros then.
    let counts = vartime_combine(e, &tally, &partials).unwrap_or_else(|_| {
        tally
            .contests
            .iter()
            .map(|c| vec![0; c.options.len()])
            .collect()
    });
    let challenged = ballots.iter().filter(|(_, o)| o.is_some()).count() as u64;
    let t = PublishedTally {
        tally,
        partials,
        counts,
        challenged,
        devices,
    };
    let f = record::files(e, ballots, &t);
    [f[0].1.clone(), f[1].1.clone(), f[2].1.clone()]
}

/// Edits line `n` (1-based) of ballots.jsonl as JSON, keeping the canonical form.
pub fn edit_ballot(f: &mut [Vec<u8>; 3], n: usize, edit: impl FnOnce(&mut Value)) {
    let text = String::from_utf8(f[1].clone()).unwrap();
    let mut lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    edit(&mut lines[n - 1]);
    f[1] = lines
        .iter()
        .map(|v| serde_json::to_string(v).unwrap() + "\n")
        .collect::<String>()
        .into_bytes();
}

/// Edits tally.json as JSON, keeping the canonical form.
pub fn edit_tally(f: &mut [Vec<u8>; 3], edit: impl FnOnce(&mut Value)) {
    let mut v: Value = serde_json::from_slice(&f[2]).unwrap();
    edit(&mut v);
    f[2] = (serde_json::to_string_pretty(&v).unwrap() + "\n").into_bytes();
}

/// The failed checks, asserting that the batched and one-by-one paths agree on them.
pub fn failed_both_ways(f: &[Vec<u8>; 3]) -> Vec<usize> {
    let batched = run(f, false).unwrap();
    let single = run(f, true).unwrap();
    for (a, b) in batched.checks.iter().zip(&single.checks) {
        let (mut x, mut y) = (a.failures.clone(), b.failures.clone());
        x.sort();
        y.sort();
        assert_eq!(x, y, "check {}: batched and one-by-one disagree", a.number);
    }
    failed(&batched)
}

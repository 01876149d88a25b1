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

//! The test vectors under docs/test-vectors/: records made with fixed seeds. The prover must
//! make them again byte for byte (run with SAILAU_BLESS=1 to rewrite them after a deliberate
//! change, and say why in the commit), the verifier must pass them, and flipping any single
//! byte of the tiny one must make it fail.

use crate::common::*;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use rayon::prelude::*;
use sailau_crypto::simulate::{list_manifest, simulate, Plan, Simulated};
use std::path::PathBuf;

fn dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs/test-vectors")
        .join(name)
}

/// A yes/no question (exactly one mark), three guardians of whom two decrypt, three
/// ballots on one terminal, the third challenged.
fn tiny() -> Simulated {
    let mut m = list_manifest(&["yes", "no"]);
    m.election = "tiny".into();
    m.contests[0].min = 1;
    let plan = Plan {
        guardians: 3,
        quorum: 2,
        absent: vec![2],
        ballots: 3,
        devices: 1,
        challenge_every: 3,
    };
    simulate(m, &plan, &mut ChaCha20Rng::seed_from_u64(1)).unwrap()
}

/// The 2023 Mazhilis list ballot: five guardians, quorum three, two absent; twelve ballots on
/// two terminals, every fourth challenged.
fn mazhilis() -> Simulated {
    let mut m = list_manifest(&[
        "amanat",
        "auyl",
        "respublica",
        "ak-zhol",
        "peoples",
        "nsdp",
        "baytaq",
        "against-all",
    ]);
    m.election = "test-vector-2023-03-19-mazhilis".into();
    let plan = Plan {
        guardians: 5,
        quorum: 3,
        absent: vec![2, 4],
        ballots: 12,
        devices: 2,
        challenge_every: 4,
    };
    simulate(m, &plan, &mut ChaCha20Rng::seed_from_u64(2023)).unwrap()
}

fn compare(name: &str, s: &Simulated) -> [Vec<u8>; 3] {
    let made = files(s);
    let d = dir(name);
    if std::env::var_os("SAILAU_BLESS").is_some() {
        std::fs::create_dir_all(&d).unwrap();
        for ((n, _), bytes) in s.files().iter().zip(&made) {
            std::fs::write(d.join(n), bytes).unwrap();
        }
    }
    for ((n, _), bytes) in s.files().iter().zip(&made) {
        let stored = std::fs::read(d.join(n)).unwrap_or_default();
        assert!(
            stored == *bytes,
            "docs/test-vectors/{name}/{n} differs from what the prover makes now"
        );
    }
    made
}

#[test]
fn the_vectors_are_made_again_byte_for_byte_and_verify() {
    for (name, s) in [("tiny", tiny()), ("mazhilis-2023", mazhilis())] {
        let f = compare(name, &s);
        assert_eq!(failed_both_ways(&f), Vec::<usize>::new(), "{name}");
        let r = run(&f, false).unwrap();
        let published: Vec<Vec<u64>> = r
            .totals
            .iter()
            .map(|(_, o)| o.iter().map(|x| x.1).collect())
            .collect();
        assert_eq!(published, s.intended, "{name}");
    }
}

/// Each vector's `ballots.bin`, its ballot log in compact form (docs/formats.md): the
/// writer makes it again byte for byte from `ballots.jsonl`, and the verifier, reading it
/// with a reader of its own, gives the same report as on the JSON lines.
#[test]
fn the_compact_logs_are_made_again_and_verify_as_the_json_lines_do() {
    for (name, s) in [("tiny", tiny()), ("mazhilis-2023", mazhilis())] {
        let f = files(&s);
        let compact = sailau_crypto::compact::to_compact(&f[1]).unwrap();
        let path = dir(name).join("ballots.bin");
        if std::env::var_os("SAILAU_BLESS").is_some() {
            std::fs::write(&path, &compact).unwrap();
        }
        assert!(
            std::fs::read(&path).unwrap_or_default() == compact,
            "docs/test-vectors/{name}/ballots.bin differs from what the writer makes now"
        );
        let g = [f[0].clone(), compact.clone(), f[2].clone()];
        assert_eq!(failed_both_ways(&g), Vec::<usize>::new(), "{name}");
        let (json, bin) = (run(&f, false).unwrap(), run(&g, false).unwrap());
        assert_eq!(format!("{json:?}"), format!("{bin:?}"), "{name}");
        // The head of the log over the entries' lines is the head over the file's lines.
        let h_e = [7u8; 32];
        let log = sailau_verify::record::read_log(&compact).unwrap();
        assert_eq!(
            sailau_verify::election::log_head_of(&h_e, "p-1", log.lines.iter().map(|l| &l[..])),
            sailau_verify::election::log_head(&h_e, "p-1", &f[1]),
        );
        assert!(
            compact.len() * 2 < f[1].len(),
            "{name}: {} of {}",
            compact.len(),
            f[1].len()
        );
    }
}

#[test]
fn flipping_any_single_byte_of_the_tiny_compact_log_makes_it_fail() {
    let f = files(&tiny());
    let compact = sailau_crypto::compact::to_compact(&f[1]).unwrap();
    let unnoticed: Vec<usize> = (0..compact.len())
        .into_par_iter()
        .filter(|&pos| {
            let mut g = [f[0].clone(), compact.clone(), f[2].clone()];
            g[1][pos] ^= 0x01;
            run(&g, false).is_ok_and(|r| r.passed())
        })
        .collect();
    assert!(
        unnoticed.is_empty(),
        "flips at {unnoticed:?} went unnoticed"
    );
}

#[test]
fn flipping_any_single_byte_of_the_tiny_record_makes_it_fail() {
    let f = files(&tiny());
    assert!(run(&f, false).unwrap().passed());
    for which in 0..3 {
        let unnoticed: Vec<usize> = (0..f[which].len())
            .into_par_iter()
            .filter(|&pos| {
                let mut g = f.clone();
                g[which][pos] ^= 0x01;
                run(&g, false).is_ok_and(|r| r.passed())
            })
            .collect();
        assert!(
            unnoticed.is_empty(),
            "file {which}: flips at {unnoticed:?} went unnoticed"
        );
    }
}

#[test]
fn reading_and_writing_a_record_gives_back_the_same_bytes() {
    use sailau_verify::record::{canonical, read};
    let f = files(&mazhilis());
    let r = read(&f[0], &f[1], &f[2]).unwrap();
    assert!(r.non_canonical.is_empty());
    assert!(canonical(&*r.election, &f[0], true));
    assert!(canonical(&r.tally, &f[2], true));
    let lines: Vec<&[u8]> = f[1]
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), r.ballots.len());
    for (b, line) in r.ballots.iter().zip(lines) {
        assert!(canonical(b, line, false));
    }
}

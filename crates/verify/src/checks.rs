//! The numbered checks of docs/protocol.md §12, in order. Each names what it found wrong;
//! the record passes only when every check passes.

use crate::equation::{Equation, System};
use crate::findings::{Findings, Options, Report};
use crate::record::{self, ElectionFile, State, Unreadable};
use crate::{board, hashes, tally, Files};
use rand_chacha::ChaCha20Rng;
use rand_core::{OsRng, SeedableRng};
use sailau_group::{
    decode_point, decode_scalar, domain, encode_point, Identity, RistrettoPoint, Scalar, Transcript,
};
use std::collections::HashSet;

/// Runs every check. `progress` is told how many ballots each finished batch held.
/// Unreadable input (exit 2) is an error; everything else is in the report.
pub fn verify(
    files: &Files,
    opts: &Options,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Report, Unreadable> {
    let election = record::read_election(files.election)?;
    verify_with(&election, files.ballots, files.tally, opts, progress)
}

/// [`verify`], with `election.json` read already: what a whole election's stations share.
pub fn verify_with(
    election: &record::ElectionRead,
    ballots: &[u8],
    tally: &[u8],
    opts: &Options,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Report, Unreadable> {
    verify_log(election, record::read_log(ballots)?, tally, opts, progress)
}

/// [`verify_with`], with the station's ballot log read already.
pub fn verify_log(
    election: &record::ElectionRead,
    log: record::Log<'_>,
    tally: &[u8],
    opts: &Options,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Report, Unreadable> {
    let rec = record::read_with_log(election, log, tally)?;
    let mut f = Findings::new();
    let e = &rec.election;
    let cast = rec
        .ballots
        .iter()
        .filter(|b| b.state == State::Cast)
        .count() as u64;
    let challenged = rec.ballots.len() as u64 - cast;
    let totals = rec
        .tally
        .contests
        .iter()
        .map(|c| {
            let opts = c
                .options
                .iter()
                .map(|o| (o.option.clone(), o.count))
                .collect();
            (c.contest.clone(), opts)
        })
        .collect();

    // 1. Form.
    for what in &rec.non_canonical {
        f.fail(1, format!("{what} is not in canonical form (§11.4)"));
    }
    for (file, format) in [
        ("election.json", &e.format),
        ("tally.json", &rec.tally.format),
    ] {
        if format != record::FORMAT {
            f.fail(1, format!("{file}: unknown format '{format}'"));
        }
    }

    // 2–5, once for every station that shares this reading of election.json.
    let (found, ready) = election.checked.get_or_init(|| {
        let mut found = Findings::new();
        let ready = election_checks(e, &mut found, true);
        (found, ready)
    });
    f.extend(found);
    let Some(ready) = ready else {
        return Ok(report(f, cast, challenged, totals));
    };
    let (h_e, key, commitments) = (ready.h_e, ready.key, &ready.commitments);

    // 6, 9, 11: shapes, codes and chains, duplicates.
    let shaped = board::shapes(&e.manifest, &rec.ballots, &mut f);
    board::chains(&h_e, &rec.ballots, &rec.tally.devices, &mut f);
    board::duplicates(&rec.ballots, &mut f);

    // 7, 8, 10 and the sums for 12, in parallel batches.
    let sums = board::proofs(
        &h_e,
        &e.manifest,
        &rec.ballots,
        &shaped,
        &key,
        opts,
        progress,
        &mut f,
    );

    // 12–15: tally.
    tally::tally(
        e,
        &rec.tally,
        &sums,
        challenged,
        &h_e,
        commitments,
        &key,
        opts.one_by_one,
        &mut f,
    );
    Ok(report(f, cast, challenged, totals))
}

/// What checks 2–5 establish for the rest: H_E, the joint key and the commitments.
#[derive(Debug)]
pub(crate) struct Ready {
    pub h_e: [u8; 32],
    pub key: RistrettoPoint,
    pub commitments: Vec<Vec<RistrettoPoint>>,
}

/// Checks 2–5 on `election.json`; `None` when later checks cannot run (their findings say why).
/// With `whole` false (a station's part of it, whose manifest is not the whole election's)
/// the base hash is taken as it stands.
pub(crate) fn election_checks(e: &ElectionFile, f: &mut Findings, whole: bool) -> Option<Ready> {
    // 2. Parameters and manifest.
    parameters(e, f);
    if f.failed(2) {
        f.skip_from(3, "check 2 failed");
        return None;
    }

    // 3. Base hash.
    if whole && hashes::base_hash(&e.manifest, e.guardians, e.quorum) != e.base_hash.0 {
        f.fail(
            3,
            "base_hash is not the hash of the manifest and parameters",
        );
    }

    // 4. Coefficient proofs; 5. key and extended base hash.
    guardian_proofs(e, f);
    let h_e = hashes::extended_base_hash(e);
    if h_e != e.extended_base_hash.0 {
        f.fail(
            5,
            "extended_base_hash is not the hash of the guardians and key",
        );
    }
    let commitments: Option<Vec<Vec<RistrettoPoint>>> = e
        .guardian_keys
        .iter()
        .map(|g| {
            g.commitments
                .iter()
                .map(|c| decode_point(&c.0).ok())
                .collect()
        })
        .collect();
    let (Some(commitments), Ok(key)) = (commitments, decode_point(&e.public_key.0)) else {
        f.fail(5, "a commitment or the public key is not a canonical point");
        f.skip_from(6, "check 5 failed");
        return None;
    };
    if commitments.iter().any(Vec::is_empty) {
        f.skip_from(5, "a guardian has no commitments");
        return None;
    }
    let joint: RistrettoPoint = commitments.iter().map(|c| c[0]).sum();
    if encode_point(&joint) != e.public_key.0 {
        f.fail(
            5,
            "public_key is not the sum of the guardians' first commitments",
        );
    }
    Some(Ready {
        h_e,
        key,
        commitments,
    })
}

fn report(
    f: Findings,
    cast: u64,
    challenged: u64,
    totals: Vec<(String, Vec<(String, u64)>)>,
) -> Report {
    Report::of(f.0, cast, challenged, totals)
}

fn parameters(e: &ElectionFile, f: &mut Findings) {
    if e.quorum == 0 || e.quorum > e.guardians {
        f.fail(
            2,
            format!("quorum {} is not in 1..={}", e.quorum, e.guardians),
        );
    }
    if e.guardian_keys.len() != e.guardians as usize {
        f.fail(
            2,
            format!(
                "{} guardians declared, {} listed",
                e.guardians,
                e.guardian_keys.len()
            ),
        );
    }
    for (g, i) in e.guardian_keys.iter().zip(1u32..) {
        if g.index != i {
            f.fail(2, format!("guardian listed {i}th has index {}", g.index));
        }
    }
    let m = &e.manifest;
    let mut contests = HashSet::new();
    for c in &m.contests {
        if c.id.is_empty() || !contests.insert(c.id.as_str()) {
            f.fail(2, format!("contest id '{}' is empty or repeated", c.id));
        }
        let options: HashSet<_> = c.options.iter().collect();
        if options.len() != c.options.len() || c.options.iter().any(String::is_empty) {
            f.fail(
                2,
                format!("contest '{}': option ids are empty or repeated", c.id),
            );
        }
        if c.min > c.max || c.max > c.options.len() as u64 {
            f.fail(
                2,
                format!("contest '{}': min ≤ max ≤ options does not hold", c.id),
            );
        }
    }
    let mut styles = HashSet::new();
    for s in &m.styles {
        if s.id.is_empty() || !styles.insert(s.id.as_str()) {
            f.fail(2, format!("style id '{}' is empty or repeated", s.id));
        }
        let listed: HashSet<_> = s.contests.iter().collect();
        if listed.len() != s.contests.len()
            || s.contests.iter().any(|c| !contests.contains(c.as_str()))
        {
            f.fail(
                2,
                format!("style '{}' repeats a contest or names an unknown one", s.id),
            );
        }
    }
}

fn guardian_proofs(e: &ElectionFile, f: &mut Findings) {
    for g in &e.guardian_keys {
        if g.commitments.len() != e.quorum as usize || g.proofs.len() != e.quorum as usize {
            f.fail(
                4,
                format!(
                    "guardian {}: expected {} commitments and proofs",
                    g.index, e.quorum
                ),
            );
            continue;
        }
        let mut sys: System<usize> = System::default();
        for (l, (c, p)) in g.commitments.iter().zip(&g.proofs).enumerate() {
            let mut t = Transcript::new(domain::COEFFICIENT_PROOF);
            t.bytes(b"base-hash", &e.base_hash.0);
            t.u64(b"guardian", u64::from(g.index));
            t.u64(b"coefficient", l as u64);
            t.point(b"C", &c.0);
            t.point(b"h", &p.h.0);
            let ch = t.challenge(b"c");
            let (Ok(cp), Ok(h), Ok(v)) = (
                decode_point(&c.0),
                decode_point(&p.h.0),
                decode_scalar(&p.v.0),
            ) else {
                f.fail(
                    4,
                    format!("guardian {}, coefficient {l}: not canonical", g.index),
                );
                continue;
            };
            let (ic, ih) = (sys.point(cp), sys.point(h));
            // h = vG + cC
            sys.equations.push((
                l,
                Equation {
                    g: v,
                    k: Scalar::ZERO,
                    terms: vec![(ch, ic), (-Scalar::ONE, ih)],
                },
            ));
        }
        // One multiscalar multiplication for the guardian's proofs; one by one only to name.
        let none = RistrettoPoint::identity();
        let mut rng = ChaCha20Rng::from_rng(OsRng).expect("the operating system's randomness");
        if crate::equation::vartime_batch_holds(&[&sys], &none, &mut rng) {
            continue;
        }
        for l in sys.vartime_failures(&none) {
            f.fail(
                4,
                format!(
                    "guardian {}, coefficient {l}: the proof does not verify",
                    g.index
                ),
            );
        }
    }
}

//! The bulletin board of ballots: checks 6 to 11 of docs/protocol.md §12, and the sums of the
//! cast ballots that check 12 compares with the tally.

use crate::ballot::{self, Prepared, ProofId};
use crate::equation::{vartime_bisect, Equation, System};
use crate::findings::{Findings, Options};
use crate::hashes;
use crate::record::{self, Ballot, DeviceChain, Hex32, Manifest, State};
use rand_chacha::ChaCha20Rng;
use rand_core::{OsRng, SeedableRng};
use rayon::prelude::*;
use sailau_group::{decode_scalar, Identity, RistrettoPoint, Scalar};
use std::collections::{HashMap, HashSet};

/// Check 6; returns which ballots have the right shape (only those are checked further).
pub(crate) fn shapes(m: &Manifest, ballots: &[Ballot], f: &mut Findings) -> Vec<bool> {
    ballots
        .iter()
        .enumerate()
        .map(|(n, b)| {
            let line = n + 1;
            let Some(style) = m.styles.iter().find(|s| s.id == b.style) else {
                f.fail(
                    6,
                    format!("ballot on line {line}: unknown style '{}'", b.style),
                );
                return false;
            };
            // All of the style's contests, or, for an absentee voter, some of them: at least
            // one, each once, in the style's order (§5.3).
            let mut rest = style.contests.iter();
            let in_order = b.contests.iter().all(|c| rest.any(|s| *s == c.contest));
            if b.contests.is_empty() || !in_order {
                f.fail(
                    6,
                    format!(
                        "ballot on line {line}: contests are not those of style '{}', in order",
                        style.id
                    ),
                );
                return false;
            }
            for c in &b.contests {
                let spec = m
                    .contests
                    .iter()
                    .find(|s| s.id == c.contest)
                    .expect("style checked");
                if c.selections.len() != spec.options.len() {
                    f.fail(
                        6,
                        format!(
                            "ballot on line {line}, contest '{}': {} selections for {} options",
                            c.contest,
                            c.selections.len(),
                            spec.options.len()
                        ),
                    );
                    return false;
                }
                let open = c.selections.iter().filter(|s| s.opening.is_some()).count();
                let want = if b.state == State::Challenged {
                    c.selections.len()
                } else {
                    0
                };
                if open != want {
                    f.fail(
                        6,
                        format!(
                            "ballot on line {line}: a {} ballot must have {} openings",
                            if want == 0 { "cast" } else { "challenged" },
                            if want == 0 { "no" } else { "all its" }
                        ),
                    );
                    return false;
                }
            }
            true
        })
        .collect()
}

/// Check 9. Ballots reach the box in the order voters walk to it, not the order their
/// terminal encrypted them, so each device's chain is followed in order of seq (§7.2). Where
/// the record declares the devices' chains at closing (§7.4), a declared missing ballot may
/// leave a gap, and each chain must end where its device says it ended.
pub(crate) fn chains(
    h_e: &[u8; 32],
    ballots: &[Ballot],
    declared: &[DeviceChain],
    f: &mut Findings,
) {
    let codes: Vec<[u8; 32]> = ballots
        .par_iter()
        .map(|b| hashes::confirmation_code(h_e, b))
        .collect();
    let mut devices: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut seen = HashSet::new();
    for (n, (b, code)) in ballots.iter().zip(&codes).enumerate() {
        let line = n + 1;
        if *code != b.code.0 {
            f.fail(
                9,
                format!(
                    "ballot on line {line}: the confirmation code is not the hash of the ballot"
                ),
            );
        }
        if !seen.insert(b.code) {
            f.fail(
                9,
                format!("ballot on line {line}: the confirmation code appears twice"),
            );
        }
        devices.entry(b.device.as_str()).or_default().push(n);
    }
    let mut listed = HashSet::new();
    for d in declared {
        if !listed.insert(d.device.as_str()) {
            f.fail(9, format!("device '{}' is declared twice", d.device));
        }
        if !devices.contains_key(d.device.as_str()) {
            devices.insert(d.device.as_str(), Vec::new());
        }
    }
    let mut devices: Vec<_> = devices.into_iter().collect();
    devices.sort();
    for (device, mut lines) in devices {
        lines.sort_by_key(|&n| (ballots[n].seq, n));
        let chain = declared.iter().find(|d| d.device == device);
        if chain.is_none() && !declared.is_empty() {
            f.fail(
                9,
                format!("device '{device}' has ballots but no declared chain"),
            );
        }
        let missing: &[u64] = chain.map_or(&[], |c| &c.missing);
        if missing.windows(2).any(|w| w[0] >= w[1]) {
            f.fail(
                9,
                format!("device '{device}': missing ballots are not listed in ascending order"),
            );
        }
        let gone = |s: u64| missing.binary_search(&s).is_ok();
        let mut expected = 0u64;
        let mut prev: Option<[u8; 32]> = Some(hashes::chain_start(h_e, device));
        for n in lines {
            let b = &ballots[n];
            while expected < b.seq && gone(expected) {
                expected += 1;
                prev = None;
            }
            if gone(b.seq) {
                f.fail(
                    9,
                    format!(
                        "ballot on line {}: device '{device}' declares seq {} missing",
                        n + 1,
                        b.seq
                    ),
                );
            }
            if b.seq != expected || prev.is_some_and(|p| p != b.prev.0) {
                f.fail(
                    9,
                    format!(
                        "ballot on line {}: device '{device}' chain broken (expected seq {expected})",
                        n + 1
                    ),
                );
            }
            // A hostile seq may be the largest integer; its chain is already reported broken.
            expected = b.seq.saturating_add(1);
            prev = Some(b.code.0);
        }
        if let Some(c) = chain {
            while expected < c.ballots && gone(expected) {
                expected += 1;
                prev = None;
            }
            if expected != c.ballots || missing.last().is_some_and(|&m| m >= c.ballots) {
                f.fail(
                    9,
                    format!(
                        "device '{device}' declares {} ballots; the board and the missing list account for {expected}",
                        c.ballots
                    ),
                );
            } else if prev.is_some_and(|p| p != c.last.0) {
                // A device that encrypted nothing declares its chain start (§7.4).
                f.fail(
                    9,
                    format!("device '{device}': its last ballot is not the one it declares"),
                );
            }
        }
    }
}

/// Check 11.
pub(crate) fn duplicates(ballots: &[Ballot], f: &mut Findings) {
    let mut seen: HashSet<&Hex32> = HashSet::new();
    for (n, b) in ballots.iter().enumerate() {
        for s in b.contests.iter().flat_map(|c| &c.selections) {
            if !seen.insert(&s.alpha) {
                f.fail(
                    11,
                    format!("ballot on line {}: a ciphertext seen before", n + 1),
                );
            }
        }
    }
}

/// Per manifest contest: cast ballots that carried it, and per option the sums of α and β.
pub(crate) type Sums = Vec<(u64, Vec<(RistrettoPoint, RistrettoPoint)>)>;

pub(crate) struct BatchOutcome {
    pub(crate) failures: Vec<(usize, usize, String)>,
    sums: Sums,
}

fn empty_sums(m: &Manifest) -> Sums {
    let zero = (RistrettoPoint::identity(), RistrettoPoint::identity());
    m.contests
        .iter()
        .map(|c| (0, vec![zero; c.options.len()]))
        .collect()
}

/// Checks 7, 8 and 10, and the sums for 12.
#[allow(clippy::too_many_arguments)]
pub(crate) fn proofs(
    h_e: &[u8; 32],
    m: &Manifest,
    ballots: &[Ballot],
    shaped: &[bool],
    key: &RistrettoPoint,
    opts: &Options,
    progress: &(dyn Fn(u64) + Sync),
    f: &mut Findings,
) -> Sums {
    let indexed: Vec<usize> = (0..ballots.len()).filter(|&i| shaped[i]).collect();
    let outcomes: Vec<BatchOutcome> = indexed
        .par_chunks(opts.batch.max(1))
        .map(|chunk| {
            let out = batch(h_e, m, ballots, chunk, key, opts.one_by_one);
            progress(chunk.len() as u64);
            out
        })
        .collect();
    let mut sums = empty_sums(m);
    for o in outcomes {
        for (check, line, msg) in o.failures {
            f.fail(check, format!("ballot on line {line}: {msg}"));
        }
        for (total, part) in sums.iter_mut().zip(o.sums) {
            total.0 += part.0;
            for (t, p) in total.1.iter_mut().zip(part.1) {
                t.0 += p.0;
                t.1 += p.1;
            }
        }
    }
    sums
}

fn describe(b: &Ballot, id: ProofId, why: &str) -> (usize, String) {
    match id {
        ProofId::Selection { contest, selection } => (
            7,
            format!(
                "contest '{}', selection {}: {why}",
                b.contests[contest].contest,
                selection + 1
            ),
        ),
        ProofId::Contest { contest } => (
            8,
            format!("contest '{}': {why}", b.contests[contest].contest),
        ),
    }
}

pub(crate) fn batch(
    h_e: &[u8; 32],
    m: &Manifest,
    ballots: &[Ballot],
    chunk: &[usize],
    key: &RistrettoPoint,
    one_by_one: bool,
) -> BatchOutcome {
    let prepared: Vec<Prepared> = chunk
        .iter()
        .map(|&i| ballot::prepare(h_e, m, &ballots[i]))
        .collect();
    let mut failures = Vec::new();
    let bad: Vec<usize> = if one_by_one {
        (0..prepared.len()).collect()
    } else {
        let mut rng = ChaCha20Rng::from_rng(OsRng).expect("the operating system's randomness");
        let systems: Vec<&System<ProofId>> = prepared.iter().map(|p| &p.system).collect();
        vartime_bisect(&systems, key, &mut rng)
    };
    for &pos in &bad {
        let b = &ballots[chunk[pos]];
        for id in prepared[pos].system.vartime_failures(key) {
            let (check, msg) = describe(b, id, "the proof's equations do not hold");
            failures.push((check, chunk[pos] + 1, msg));
        }
    }
    for (pos, p) in prepared.iter().enumerate() {
        let b = &ballots[chunk[pos]];
        for &(id, why) in &p.failed {
            let (check, msg) = describe(b, id, why);
            failures.push((check, chunk[pos] + 1, msg));
        }
    }
    let mut sums = empty_sums(m);
    for (pos, p) in prepared.iter().enumerate() {
        let b = &ballots[chunk[pos]];
        for (c, cts) in b.contests.iter().zip(&p.ciphertexts) {
            let ci = m
                .contests
                .iter()
                .position(|s| s.id == c.contest)
                .expect("shape checked");
            if b.state == State::Challenged {
                for (si, (s, ct)) in c.selections.iter().zip(cts).enumerate() {
                    if !opens(s, ct, &p.system.points, key) {
                        failures.push((
                            10,
                            chunk[pos] + 1,
                            format!(
                                "contest '{}', selection {}: the opening does not match",
                                c.contest,
                                si + 1
                            ),
                        ));
                    }
                }
                continue;
            }
            sums[ci].0 += 1;
            for (sum, ct) in sums[ci].1.iter_mut().zip(cts) {
                if let Some((ia, ib)) = ct {
                    sum.0 += p.system.points[*ia];
                    sum.1 += p.system.points[*ib];
                }
            }
        }
    }
    BatchOutcome { failures, sums }
}

/// Check 10 for one selection: α = rG and β = vG + rK with v ∈ {0, 1} (§8).
fn opens(
    s: &record::Selection,
    ct: &Option<(usize, usize)>,
    points: &[RistrettoPoint],
    key: &RistrettoPoint,
) -> bool {
    let (Some(o), Some((ia, ib))) = (&s.opening, ct) else {
        return false;
    };
    let Ok(r) = decode_scalar(&o.nonce.0) else {
        return false;
    };
    if o.value > 1 {
        return false;
    }
    let mut sys: System<()> = System::default();
    let a = sys.point(points[*ia]);
    let b = sys.point(points[*ib]);
    sys.equations.push((
        (),
        Equation {
            g: r,
            k: Scalar::ZERO,
            terms: vec![(-Scalar::ONE, a)],
        },
    ));
    sys.equations.push((
        (),
        Equation {
            g: Scalar::from(o.value),
            k: r,
            terms: vec![(-Scalar::ONE, b)],
        },
    ));
    sys.vartime_failures(key).is_empty()
}

//! The numbered checks of docs/protocol.md §12, in order. Each names what it found wrong;
//! the record passes only when every check passes.

use crate::ballot::{self, Prepared, ProofId};
use crate::equation::{vartime_bisect, Equation, System};
use crate::hashes;
use crate::record::{self, Ballot, ElectionFile, Hex32, Manifest, State, TallyFile, Unreadable};
use crate::Files;
use rand_chacha::ChaCha20Rng;
use rand_core::{OsRng, SeedableRng};
use rayon::prelude::*;
use sailau_group::{
    decode_point, decode_scalar, domain, encode_point, lagrange_at_zero, Identity, RistrettoPoint,
    Scalar, Transcript,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The checks' titles, by number (1-based).
pub const TITLES: [&str; 15] = [
    "the record is complete, readable and in canonical form",
    "the guardian parameters and the manifest are well formed",
    "the election base hash is the hash of the manifest and parameters",
    "every guardian proves knowledge of its coefficients",
    "the public key and the extended base hash follow from the guardians",
    "every ballot has the contests and options of its style",
    "every selection encrypts 0 or 1 (selection proofs)",
    "every contest carries an allowed number of marks (contest proofs)",
    "confirmation codes are right and each device's chain is unbroken",
    "every challenged ballot opens to what it encrypts",
    "no ciphertext appears twice",
    "the encrypted tally is the sum of the cast ballots, and only of them",
    "every decryption share comes from a guardian and proves",
    "the published totals are what the shares decrypt to",
    "the published totals are possible",
];

/// How to verify.
#[derive(Clone, Debug)]
pub struct Options {
    /// Check every equation on its own instead of in batches.
    pub one_by_one: bool,
    /// Ballots per batch (and per unit of parallel work).
    pub batch: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            one_by_one: false,
            batch: 512,
        }
    }
}

/// One check's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub number: usize,
    pub title: &'static str,
    /// Empty when the check passed.
    pub failures: Vec<String>,
}

impl Check {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Every check's outcome and what the record says.
#[derive(Debug)]
pub struct Report {
    pub checks: Vec<Check>,
    pub cast: u64,
    pub challenged: u64,
    /// Per contest: its id and, per option, the option id and the published total.
    pub totals: Vec<(String, Vec<(String, u64)>)>,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.checks.iter().all(Check::passed)
    }
}

struct Findings(Vec<Vec<String>>);

impl Findings {
    fn fail(&mut self, n: usize, msg: impl Into<String>) {
        self.0[n - 1].push(msg.into());
    }
    fn failed(&self, n: usize) -> bool {
        !self.0[n - 1].is_empty()
    }
    fn skip_from(&mut self, n: usize, why: &str) {
        for c in n..=TITLES.len() {
            if self.0[c - 1].is_empty() {
                self.0[c - 1].push(format!("not checked: {why}"));
            }
        }
    }
}

/// Runs every check. `progress` is told how many ballots each finished batch held.
/// Unreadable input (exit 2) is an error; everything else is in the report.
pub fn verify(
    files: &Files,
    opts: &Options,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Report, Unreadable> {
    let rec = record::read(files.election, files.ballots, files.tally)?;
    let mut f = Findings(vec![Vec::new(); TITLES.len()]);
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
        if format != "sailau-record/1" {
            f.fail(1, format!("{file}: unknown format '{format}'"));
        }
    }

    // 2. Parameters and manifest.
    parameters(e, &mut f);
    if f.failed(2) {
        f.skip_from(3, "check 2 failed");
        return Ok(report(f, cast, challenged, totals));
    }

    // 3. Base hash.
    if hashes::base_hash(&e.manifest, e.guardians, e.quorum) != e.base_hash.0 {
        f.fail(
            3,
            "base_hash is not the hash of the manifest and parameters",
        );
    }

    // 4. Coefficient proofs; 5. key and extended base hash.
    guardian_proofs(e, &mut f);
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
        return Ok(report(f, cast, challenged, totals));
    };
    if commitments.iter().any(Vec::is_empty) {
        f.skip_from(5, "a guardian has no commitments");
        return Ok(report(f, cast, challenged, totals));
    }
    let joint: RistrettoPoint = commitments.iter().map(|c| c[0]).sum();
    if encode_point(&joint) != e.public_key.0 {
        f.fail(
            5,
            "public_key is not the sum of the guardians' first commitments",
        );
    }

    // 6, 9, 11: shapes, codes and chains, duplicates.
    let shaped = shapes(&e.manifest, &rec.ballots, &mut f);
    chains(&h_e, &rec.ballots, &mut f);
    duplicates(&rec.ballots, &mut f);

    // 7, 8, 10 and the sums for 12, in parallel batches.
    let sums = proofs(
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
    tally(
        e,
        &rec.tally,
        &sums,
        challenged,
        &h_e,
        &commitments,
        &key,
        &mut f,
    );
    Ok(report(f, cast, challenged, totals))
}

fn report(
    f: Findings,
    cast: u64,
    challenged: u64,
    totals: Vec<(String, Vec<(String, u64)>)>,
) -> Report {
    Report {
        checks: f
            .0
            .into_iter()
            .enumerate()
            .map(|(i, failures)| Check {
                number: i + 1,
                title: TITLES[i],
                failures,
            })
            .collect(),
        cast,
        challenged,
        totals,
    }
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
        for l in sys.vartime_failures(&RistrettoPoint::identity()) {
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

/// Check 6; returns which ballots have the right shape (only those are checked further).
fn shapes(m: &Manifest, ballots: &[Ballot], f: &mut Findings) -> Vec<bool> {
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
            let ids: Vec<&str> = b.contests.iter().map(|c| c.contest.as_str()).collect();
            if ids
                != style
                    .contests
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
            {
                f.fail(
                    6,
                    format!(
                        "ballot on line {line}: contests differ from style '{}'",
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

/// Check 9.
fn chains(h_e: &[u8; 32], ballots: &[Ballot], f: &mut Findings) {
    let codes: Vec<[u8; 32]> = ballots
        .par_iter()
        .map(|b| hashes::confirmation_code(h_e, b))
        .collect();
    let mut heads: HashMap<&str, (u64, [u8; 32])> = HashMap::new();
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
        let head = heads
            .entry(b.device.as_str())
            .or_insert_with(|| (0, hashes::chain_start(h_e, &b.device)));
        if b.seq != head.0 || b.prev.0 != head.1 {
            f.fail(
                9,
                format!(
                    "ballot on line {line}: device '{}' chain broken (expected seq {})",
                    b.device, head.0
                ),
            );
        }
        *head = (b.seq + 1, b.code.0);
    }
}

/// Check 11.
fn duplicates(ballots: &[Ballot], f: &mut Findings) {
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
type Sums = Vec<(u64, Vec<(RistrettoPoint, RistrettoPoint)>)>;

struct BatchOutcome {
    failures: Vec<(usize, usize, String)>,
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
fn proofs(
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

fn batch(
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

/// Σ_i Σ_l j^l C_{i,l}: guardian j's public share (§4.6).
fn public_share(commitments: &[Vec<RistrettoPoint>], j: u32) -> RistrettoPoint {
    commitments
        .iter()
        .flat_map(|cs| {
            cs.iter().scan(Scalar::ONE, move |power, c| {
                let term = c * *power;
                *power *= Scalar::from(j);
                Some(term)
            })
        })
        .sum()
}

/// Checks 12 to 15.
#[allow(clippy::too_many_arguments)]
fn tally(
    e: &ElectionFile,
    t: &TallyFile,
    sums: &Sums,
    challenged: u64,
    h_e: &[u8; 32],
    commitments: &[Vec<RistrettoPoint>],
    key: &RistrettoPoint,
    f: &mut Findings,
) {
    let m = &e.manifest;
    if t.challenged != challenged {
        f.fail(
            12,
            format!(
                "tally says {} challenged ballots; the board has {challenged}",
                t.challenged
            ),
        );
    }
    let ids: Vec<&str> = t.contests.iter().map(|c| c.contest.as_str()).collect();
    if ids != m.contests.iter().map(|c| c.id.as_str()).collect::<Vec<_>>() {
        f.fail(12, "the tally's contests are not the manifest's, in order");
        f.skip_from(13, "check 12 failed");
        return;
    }
    let mut shares_of: BTreeMap<u32, RistrettoPoint> = BTreeMap::new();
    for ((tc, spec), (ballots, sum)) in t.contests.iter().zip(&m.contests).zip(sums) {
        let c = &tc.contest;
        if tc.options.iter().map(|o| &o.option).ne(spec.options.iter()) {
            f.fail(
                12,
                format!("contest '{c}': the options are not the manifest's, in order"),
            );
            continue;
        }
        if tc.ballots != *ballots {
            f.fail(
                12,
                format!(
                    "contest '{c}': tally counts {} ballots; {ballots} were cast",
                    tc.ballots
                ),
            );
        }
        // u128: a hostile record's counts must not overflow the arithmetic that judges them.
        let total: u128 = tc.options.iter().map(|o| u128::from(o.count)).sum();
        let ballots = u128::from(tc.ballots);
        if tc.options.iter().any(|o| o.count > tc.ballots)
            || total < u128::from(spec.min) * ballots
            || total > u128::from(spec.max) * ballots
        {
            f.fail(
                15,
                format!(
                    "contest '{c}': totals impossible for {} ballots",
                    tc.ballots
                ),
            );
        }
        for (oi, (o, (sa, sb))) in tc.options.iter().zip(sum).enumerate() {
            let place = format!("contest '{c}', option '{}'", o.option);
            if encode_point(sa) != o.alpha.0 || encode_point(sb) != o.beta.0 {
                f.fail(
                    12,
                    format!("{place}: the encrypted total is not the sum of the cast ballots"),
                );
                continue;
            }
            option_shares(
                e,
                h_e,
                c,
                oi,
                o,
                &place,
                sa,
                sb,
                commitments,
                &mut shares_of,
                key,
                f,
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn option_shares(
    e: &ElectionFile,
    h_e: &[u8; 32],
    contest: &str,
    oi: usize,
    o: &record::TallyOption,
    place: &str,
    a: &RistrettoPoint,
    b: &RistrettoPoint,
    commitments: &[Vec<RistrettoPoint>],
    shares_of: &mut BTreeMap<u32, RistrettoPoint>,
    key: &RistrettoPoint,
    f: &mut Findings,
) {
    let indices: Vec<u32> = o.shares.iter().map(|s| s.guardian).collect();
    if indices.len() < e.quorum as usize {
        f.fail(
            13,
            format!(
                "{place}: {} shares; the quorum is {}",
                indices.len(),
                e.quorum
            ),
        );
        return;
    }
    if indices.iter().any(|&j| j == 0 || j > e.guardians) {
        f.fail(
            13,
            format!("{place}: a share from someone who is not a guardian"),
        );
        return;
    }
    let Ok(lambdas) = lagrange_at_zero(&indices) else {
        f.fail(13, format!("{place}: a guardian's share appears twice"));
        return;
    };
    let mut sys: System<u32> = System::default();
    let ia = sys.point(*a);
    let mut ds = Vec::new();
    for s in &o.shares {
        let k_j = *shares_of
            .entry(s.guardian)
            .or_insert_with(|| public_share(commitments, s.guardian));
        let (Ok(d), Ok(pa), Ok(pb), Ok(v)) = (
            decode_point(&s.share.0),
            decode_point(&s.a.0),
            decode_point(&s.b.0),
            decode_scalar(&s.v.0),
        ) else {
            f.fail(
                13,
                format!("{place}: guardian {}'s share is not canonical", s.guardian),
            );
            return;
        };
        let mut t = Transcript::new(domain::DECRYPTION_PROOF);
        t.bytes(b"extended-base-hash", h_e);
        t.u64(b"guardian", u64::from(s.guardian));
        t.bytes(b"contest", contest.as_bytes());
        t.u64(b"option", oi as u64);
        t.point(b"K_j", &encode_point(&k_j));
        t.point(b"A", &o.alpha.0);
        t.point(b"B", &o.beta.0);
        t.point(b"D", &s.share.0);
        t.point(b"a", &s.a.0);
        t.point(b"b", &s.b.0);
        let c = t.challenge(b"c");
        let (ik, id, ipa, ipb) = (sys.point(k_j), sys.point(d), sys.point(pa), sys.point(pb));
        // a = vG + cK_j;  b = vA + cD.
        sys.equations.push((
            s.guardian,
            Equation {
                g: v,
                k: Scalar::ZERO,
                terms: vec![(c, ik), (-Scalar::ONE, ipa)],
            },
        ));
        sys.equations.push((
            s.guardian,
            Equation {
                g: Scalar::ZERO,
                k: Scalar::ZERO,
                terms: vec![(v, ia), (c, id), (-Scalar::ONE, ipb)],
            },
        ));
        ds.push(id);
    }
    let bad = sys.vartime_failures(key);
    for j in &bad {
        f.fail(
            13,
            format!("{place}: guardian {j}'s decryption proof does not verify"),
        );
    }
    if !bad.is_empty() {
        return;
    }
    // 14: count·G + Σ λ_j D_j − B = 0.
    let ib = sys.point(*b);
    let mut terms: Vec<(Scalar, usize)> = lambdas.into_iter().zip(ds).collect();
    terms.push((-Scalar::ONE, ib));
    let check: System<()> = System {
        points: sys.points,
        equations: vec![(
            (),
            Equation {
                g: Scalar::from(o.count),
                k: Scalar::ZERO,
                terms,
            },
        )],
    };
    if !check.vartime_failures(key).is_empty() {
        f.fail(
            14,
            format!(
                "{place}: the shares decrypt to a total other than {}",
                o.count
            ),
        );
    }
}

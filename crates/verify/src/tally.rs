//! The tally and its decryption: checks 12 to 15 of docs/protocol.md §12.

use crate::board::Sums;
use crate::equation::{vartime_batch_holds, Equation, System};
use crate::findings::Findings;
use crate::record::{self, ElectionFile, TallyFile};
use rand_chacha::ChaCha20Rng;
use rand_core::{OsRng, SeedableRng};
use sailau_group::{
    decode_point, decode_scalar, domain, encode_point, lagrange_at_zero, RistrettoPoint, Scalar,
    Transcript,
};
use std::collections::{BTreeMap, BTreeSet};

/// Σ_i Σ_l j^l C_{i,l}: guardian j's public share (§4.6).
fn vartime_public_share(commitments: &[Vec<RistrettoPoint>], j: u32) -> RistrettoPoint {
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
pub(crate) fn tally(
    e: &ElectionFile,
    t: &TallyFile,
    sums: &Sums,
    challenged: u64,
    h_e: &[u8; 32],
    commitments: &[Vec<RistrettoPoint>],
    key: &RistrettoPoint,
    one_by_one: bool,
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
    // The tally lists the manifest's contests, or some of them in manifest order (a polling
    // station tallies the contests of its ballot style); a contest left out must be carried
    // by no cast ballot.
    let mut rest = m.contests.iter().zip(sums);
    let mut paired = Vec::with_capacity(t.contests.len());
    for tc in &t.contests {
        let Some(found) = rest.find(|(spec, _)| spec.id == tc.contest) else {
            f.fail(
                12,
                "the tally's contests are not the manifest's (or some of them), in order",
            );
            f.skip_from(13, "check 12 failed");
            return;
        };
        paired.push((tc, found));
    }
    for (spec, (ballots, _)) in &m.contests.iter().zip(sums).collect::<Vec<_>>() {
        if *ballots > 0 && !t.contests.iter().any(|tc| tc.contest == spec.id) {
            f.fail(
                12,
                format!(
                    "{ballots} cast ballots carry contest '{}', which the tally leaves out",
                    spec.id
                ),
            );
        }
    }
    let mut proofs = Proofs::default();
    for (tc, (spec, (ballots, sum))) in paired {
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
            proofs.option(e, h_e, (c, oi), o, place, (sa, sb), commitments, f);
        }
    }
    proofs.judge(key, one_by_one, f);
}

/// What an equation of checks 13 and 14 claims, and of which total (an index into `places`).
#[derive(Clone, Copy, Debug)]
enum Claim {
    /// Guardian j's share of the total is proved (13).
    Share(usize, u32),
    /// The shares decrypt to the published count (14).
    Count(usize),
}

/// Every decryption equation of one tally, gathered so that they are checked in one
/// multiscalar multiplication (§6.5) and, only when that fails, one by one to name the fault.
#[derive(Default)]
struct Proofs {
    sys: System<Claim>,
    /// Per total: its place in words and its published count.
    places: Vec<(String, u64)>,
    /// Guardian j's public share K_j, as a point of `sys`, and its encoding.
    shares_of: BTreeMap<u32, (usize, [u8; 32])>,
}

impl Proofs {
    /// Gathers one total's equations (§10, §6.4); a share that cannot take part fails 13 at once.
    #[allow(clippy::too_many_arguments)]
    fn option(
        &mut self,
        e: &ElectionFile,
        h_e: &[u8; 32],
        (contest, oi): (&str, usize),
        o: &record::TallyOption,
        place: String,
        (a, b): (&RistrettoPoint, &RistrettoPoint),
        commitments: &[Vec<RistrettoPoint>],
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
        let mut decoded = Vec::with_capacity(o.shares.len());
        for s in &o.shares {
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
            decoded.push((s, d, pa, pb, v));
        }
        let total = self.places.len();
        self.places.push((place, o.count));
        let sys = &mut self.sys;
        let ia = sys.point(*a);
        let mut ds = Vec::with_capacity(decoded.len());
        for (s, d, pa, pb, v) in decoded {
            let (ik, k_enc) = *self.shares_of.entry(s.guardian).or_insert_with(|| {
                let k_j = vartime_public_share(commitments, s.guardian);
                (sys.point(k_j), encode_point(&k_j))
            });
            let mut t = Transcript::new(domain::DECRYPTION_PROOF);
            t.bytes(b"extended-base-hash", h_e);
            t.u64(b"guardian", u64::from(s.guardian));
            t.bytes(b"contest", contest.as_bytes());
            t.u64(b"option", oi as u64);
            t.point(b"K_j", &k_enc);
            t.point(b"A", &o.alpha.0);
            t.point(b"B", &o.beta.0);
            t.point(b"D", &s.share.0);
            t.point(b"a", &s.a.0);
            t.point(b"b", &s.b.0);
            let c = t.challenge(b"c");
            let (id, ipa, ipb) = (sys.point(d), sys.point(pa), sys.point(pb));
            let claim = Claim::Share(total, s.guardian);
            // a = vG + cK_j;  b = vA + cD.
            sys.equations.push((
                claim,
                Equation {
                    g: v,
                    k: Scalar::ZERO,
                    terms: vec![(c, ik), (-Scalar::ONE, ipa)],
                },
            ));
            sys.equations.push((
                claim,
                Equation {
                    g: Scalar::ZERO,
                    k: Scalar::ZERO,
                    terms: vec![(v, ia), (c, id), (-Scalar::ONE, ipb)],
                },
            ));
            ds.push(id);
        }
        // 14: count·G + Σ λ_j D_j − B = 0.
        let ib = sys.point(*b);
        let mut terms: Vec<(Scalar, usize)> = lambdas.into_iter().zip(ds).collect();
        terms.push((-Scalar::ONE, ib));
        sys.equations.push((
            Claim::Count(total),
            Equation {
                g: Scalar::from(o.count),
                k: Scalar::ZERO,
                terms,
            },
        ));
    }

    /// Checks every gathered equation at once; when the batch fails (or `one_by_one`), each
    /// is evaluated alone and every false one is named. A total whose shares do not prove is
    /// not judged on its count.
    fn judge(self, key: &RistrettoPoint, one_by_one: bool, f: &mut Findings) {
        if self.sys.equations.is_empty() {
            return;
        }
        if !one_by_one {
            let mut rng = ChaCha20Rng::from_rng(OsRng).expect("the operating system's randomness");
            if vartime_batch_holds(&[&self.sys], key, &mut rng) {
                return;
            }
        }
        let failures = self.sys.vartime_failures(key);
        let mut unproved = BTreeSet::new();
        for claim in &failures {
            if let Claim::Share(total, j) = *claim {
                if unproved.insert((total, j)) {
                    let place = &self.places[total].0;
                    f.fail(
                        13,
                        format!("{place}: guardian {j}'s decryption proof does not verify"),
                    );
                }
            }
        }
        for claim in failures {
            if let Claim::Count(total) = claim {
                if unproved
                    .range((total, 0)..=(total, u32::MAX))
                    .next()
                    .is_none()
                {
                    let (place, count) = &self.places[total];
                    f.fail(
                        14,
                        format!("{place}: the shares decrypt to a total other than {count}"),
                    );
                }
            }
        }
    }
}

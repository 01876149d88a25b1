//! The tally and its decryption: checks 12 to 15 of docs/protocol.md §12.

use crate::board::Sums;
use crate::equation::{Equation, System};
use crate::findings::Findings;
use crate::record::{self, ElectionFile, TallyFile};
use sailau_group::{
    decode_point, decode_scalar, domain, encode_point, lagrange_at_zero, RistrettoPoint, Scalar,
    Transcript,
};
use std::collections::BTreeMap;

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
    let mut shares_of: BTreeMap<u32, RistrettoPoint> = BTreeMap::new();
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
            .or_insert_with(|| vartime_public_share(commitments, s.guardian));
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

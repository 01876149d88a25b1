//! A ballot's proofs as equations (docs/protocol.md §6.1, §6.2, §6.5).
//!
//! For a branch claiming value m of ciphertext (A, B), with commitments (a, b), challenge c
//! and response v, the equations are
//!   vG + cA − a = 0   and   vK + cB − cmG − b = 0,
//! and the branches' challenges must add up to the transcript's challenge. For a selection,
//! (A, B) is its ciphertext and m ∈ {0, 1}; for a contest, (A, B) is the sum of its
//! selections' ciphertexts and m runs over min..=max, so A and B are never formed: each αᵢ
//! and βᵢ simply takes coefficient c.

use crate::equation::{Equation, System};
use crate::record::{Ballot, Branch, Contest, Manifest};
use sailau_group::{decode_point, decode_scalar, domain, Scalar, Transcript};

/// Which proof of a ballot an equation or a failure belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProofId {
    Selection { contest: usize, selection: usize },
    Contest { contest: usize },
}

/// A ballot ready to verify.
#[derive(Default)]
pub struct Prepared {
    pub system: System<ProofId>,
    /// Proofs that fail before any equation: an undecodable value, the wrong number of
    /// branches, or challenges that do not add up.
    pub failed: Vec<(ProofId, &'static str)>,
    /// Per contest, per selection: where α and β sit in `system.points`.
    pub ciphertexts: Vec<Vec<Option<(usize, usize)>>>,
}

fn statement(dom: &'static [u8], h_e: &[u8; 32], b: &Ballot, contest: &str) -> Transcript {
    let mut t = Transcript::new(dom);
    t.bytes(b"extended-base-hash", h_e);
    t.bytes(b"device", b.device.as_bytes());
    t.u64(b"seq", b.seq);
    t.bytes(b"contest", contest.as_bytes());
    t
}

/// Decodes the branches and adds their equations; `a_terms` and `b_terms` are the points
/// that play A and B.
#[allow(clippy::too_many_arguments)]
fn branches(
    p: &mut Prepared,
    id: ProofId,
    mut t: Transcript,
    proof: &[Branch],
    (lo, hi): (u64, u64),
    a_terms: &[usize],
    b_terms: &[usize],
) {
    if hi < lo || proof.len() as u64 != hi - lo + 1 {
        p.failed.push((id, "wrong number of branches"));
        return;
    }
    let mut decoded = Vec::with_capacity(proof.len());
    for br in proof {
        t.point(b"a", &br.a.0);
        t.point(b"b", &br.b.0);
        match (
            decode_point(&br.a.0),
            decode_point(&br.b.0),
            decode_scalar(&br.c.0),
            decode_scalar(&br.v.0),
        ) {
            (Ok(a), Ok(b), Ok(c), Ok(v)) => decoded.push((a, b, c, v)),
            _ => {
                p.failed
                    .push((id, "a commitment or scalar is not canonical"));
                return;
            }
        }
    }
    let challenge = t.challenge(b"c");
    if decoded.iter().map(|d| d.2).sum::<Scalar>() != challenge {
        p.failed
            .push((id, "the branch challenges do not add up to the challenge"));
        return;
    }
    for (m, (a, b, c, v)) in (lo..=hi).zip(decoded) {
        let ia = p.system.point(a);
        let ib = p.system.point(b);
        let mut terms: Vec<(Scalar, usize)> = a_terms.iter().map(|&i| (c, i)).collect();
        terms.push((-Scalar::ONE, ia));
        p.system.equations.push((
            id,
            Equation {
                g: v,
                k: Scalar::ZERO,
                terms,
            },
        ));
        let mut terms: Vec<(Scalar, usize)> = b_terms.iter().map(|&i| (c, i)).collect();
        terms.push((-Scalar::ONE, ib));
        p.system.equations.push((
            id,
            Equation {
                g: -(c * Scalar::from(m)),
                k: v,
                terms,
            },
        ));
    }
}

/// Prepares every proof of a ballot whose shape check 6 accepted.
pub fn prepare(h_e: &[u8; 32], manifest: &Manifest, b: &Ballot) -> Prepared {
    let mut p = Prepared::default();
    for (ci, c) in b.contests.iter().enumerate() {
        let Some(spec): Option<&Contest> = manifest.contests.iter().find(|s| s.id == c.contest)
        else {
            p.ciphertexts.push(Vec::new());
            continue;
        };
        let mut cts = Vec::with_capacity(c.selections.len());
        for (si, s) in c.selections.iter().enumerate() {
            let id = ProofId::Selection {
                contest: ci,
                selection: si,
            };
            let (Ok(alpha), Ok(beta)) = (decode_point(&s.alpha.0), decode_point(&s.beta.0)) else {
                p.failed.push((id, "the ciphertext is not canonical"));
                cts.push(None);
                continue;
            };
            let (ia, ib) = (p.system.point(alpha), p.system.point(beta));
            cts.push(Some((ia, ib)));
            let mut t = statement(domain::SELECTION_PROOF, h_e, b, &c.contest);
            t.u64(b"selection", si as u64);
            t.point(b"alpha", &s.alpha.0);
            t.point(b"beta", &s.beta.0);
            t.u64(b"min", 0);
            t.u64(b"max", 1);
            branches(&mut p, id, t, &s.proof, (0, 1), &[ia], &[ib]);
        }
        let id = ProofId::Contest { contest: ci };
        if cts.iter().any(Option::is_none) {
            p.failed.push((id, "a ciphertext is not canonical"));
        } else {
            let mut t = statement(domain::CONTEST_PROOF, h_e, b, &c.contest);
            t.u64(b"selections", c.selections.len() as u64);
            for s in &c.selections {
                t.point(b"alpha", &s.alpha.0);
                t.point(b"beta", &s.beta.0);
            }
            t.u64(b"min", spec.min);
            t.u64(b"max", spec.max);
            let alphas: Vec<usize> = cts.iter().flatten().map(|x| x.0).collect();
            let betas: Vec<usize> = cts.iter().flatten().map(|x| x.1).collect();
            branches(
                &mut p,
                id,
                t,
                &c.proof,
                (spec.min, spec.max),
                &alphas,
                &betas,
            );
        }
        p.ciphertexts.push(cts);
    }
    p
}

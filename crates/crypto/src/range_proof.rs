//! Range proofs (docs/protocol.md §6.1, §6.2): a ciphertext (A, B) encrypts some m in lo..=hi.
//!
//! A disjunctive Chaum-Pedersen proof (Cramer, Damgård, Schoenmakers 1994), one branch per
//! value. Branch m claims that (A, B − mG) encrypts zero, i.e. that log_G A = log_K (B − mG).
//! The prover runs the real branch honestly and simulates the others, with challenges that add
//! up to the Fiat-Shamir challenge, so a verifier learns that some branch is real but not which.
//!
//! Each branch publishes its commitments (a, b), its challenge c and its response v, and
//! satisfies a = vG + cA and b = vK + c(B − mG). Carrying the commitments lets a verifier
//! check thousands of proofs in one multiscalar multiplication (§6.5).
//!
//! The real branch depends on the vote, so it is chosen without branching: every branch is
//! computed with the same operations, and `subtle` selects between the real and simulated
//! values. Simulated branches are computed from the nonce R as a = (v + cR)G and
//! b = (v + cR)K + c(t − m)G, which needs only fixed-base tables.

use crate::el_gamal::{Encoded, Halves, PublicKey};
use rand_core::CryptoRngCore;
use sailau_group::{RistrettoPoint, Scalar, Transcript};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// One branch of a range proof: the claim for one value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Branch {
    /// The commitment a = vG + cA.
    pub a: Encoded,
    /// The commitment b = vK + c(B − mG).
    pub b: Encoded,
    /// The branch's challenge; all branches' challenges add up to the Fiat–Shamir challenge.
    pub c: Scalar,
    /// The branch's response.
    pub v: Scalar,
}

/// A range proof: one branch per value lo..=hi, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RangeProof {
    /// One branch per value lo..=hi, in value order: 2 for a selection (§6.1),
    /// max − min + 1 for a contest (§6.2).
    pub branches: Vec<Branch>,
}

/// One branch before the challenge. Which branch is real says what the vote is: it is kept
/// as a byte that is wiped on drop (`subtle::Choice` cannot be), with the branch's values.
#[derive(Zeroize, ZeroizeOnDrop)]
struct Pending {
    c: Scalar,
    v: Scalar,
    /// 1 for the real branch, 0 for a simulated one.
    real: u8,
    slot_a: usize,
    slot_b: usize,
}

impl Pending {
    fn real(&self) -> Choice {
        Choice::from(self.real)
    }
}

/// A proof whose commitments are computed but not yet encoded (§2.4).
pub(crate) struct PendingRange {
    branches: Vec<Pending>,
    w: Zeroizing<Scalar>,
    nonce: Zeroizing<Scalar>,
}

impl PendingRange {
    /// Step 1: commitments for every branch lo..=hi, queued as halves. `value` and `nonce`
    /// are secret; `value` must lie in lo..=hi (the caller checks, or no branch is real).
    pub fn start(
        pk: &PublicKey,
        halves: &mut Halves,
        (lo, hi): (u64, u64),
        value: u64,
        nonce: &Scalar,
        rng: &mut impl CryptoRngCore,
    ) -> Self {
        if hi == lo + 1 {
            return Self::start_pair(pk, halves, lo, value, nonce, rng);
        }
        let w = Zeroizing::new(Scalar::random(rng));
        let t = Scalar::from(value);
        let branches = (lo..=hi)
            .map(|m| {
                let real = value.ct_eq(&m);
                let c = Scalar::random(rng);
                let v = Scalar::random(rng);
                // Real: a = wG, b = wK. Simulated: a = uG, b = uK + c(t − m)G, u = v + cR.
                let u = Scalar::conditional_select(&(v + c * nonce), &w, real);
                let s =
                    Scalar::conditional_select(&(c * (t - Scalar::from(m))), &Scalar::ZERO, real);
                let slot_a = halves.push(pk.half_g_mul(&u));
                let slot_b = halves.push(pk.half_of(&s, &u));
                Pending {
                    c,
                    v,
                    real: real.unwrap_u8(),
                    slot_a,
                    slot_b,
                }
            })
            .collect();
        PendingRange {
            branches,
            w,
            nonce: Zeroizing::new(*nonce),
        }
    }

    /// Two branches (every selection, and a contest of "one mark or blank"): the real branch
    /// costs two fixed-base multiplications and the simulated one three, and a constant-time
    /// swap puts each in its place. The simulated branch's value differs from the real one
    /// by ±1, so b = uK ± cG.
    fn start_pair(
        pk: &PublicKey,
        halves: &mut Halves,
        lo: u64,
        value: u64,
        nonce: &Scalar,
        rng: &mut impl CryptoRngCore,
    ) -> Self {
        let w = Zeroizing::new(Scalar::random(rng));
        let upper = value.ct_eq(&(lo + 1)); // the real branch is the second
        let c = Scalar::random(rng);
        let v = Scalar::random(rng);
        let u = v + c * nonce;
        // t − m for the simulated m: +1 when the real value is the upper one, else −1.
        let s = Scalar::conditional_select(&-c, &c, upper);
        let (mut a0, mut a1) = (pk.half_g_mul(&w), pk.half_g_mul(&u));
        let (mut b0, mut b1) = (pk.half_k_mul(&w), pk.half_of(&s, &u));
        RistrettoPoint::conditional_swap(&mut a0, &mut a1, upper);
        RistrettoPoint::conditional_swap(&mut b0, &mut b1, upper);
        let (slot_a0, slot_b0) = (halves.push(a0), halves.push(b0));
        let (slot_a1, slot_b1) = (halves.push(a1), halves.push(b1));
        PendingRange {
            branches: vec![
                Pending {
                    c,
                    v,
                    real: (!upper).unwrap_u8(),
                    slot_a: slot_a0,
                    slot_b: slot_b0,
                },
                Pending {
                    c,
                    v,
                    real: upper.unwrap_u8(),
                    slot_a: slot_a1,
                    slot_b: slot_b1,
                },
            ],
            w,
            nonce: Zeroizing::new(*nonce),
        }
    }

    /// Step 2: the transcript already holds the statement (§6.1, §6.2); this appends the
    /// commitments, draws the challenge and computes the responses. By reference, so that the
    /// secrets are wiped where they are stored when the proof is dropped.
    pub fn finish(&self, transcript: &mut Transcript, points: &[Encoded]) -> RangeProof {
        for p in &self.branches {
            transcript.point(b"a", &points[p.slot_a].bytes);
            transcript.point(b"b", &points[p.slot_b].bytes);
        }
        let c = transcript.challenge(b"c");
        let simulated: Scalar = self
            .branches
            .iter()
            .map(|p| Scalar::conditional_select(&p.c, &Scalar::ZERO, p.real()))
            .sum();
        let c_real = c - simulated;
        let v_real = *self.w - c_real * *self.nonce;
        RangeProof {
            branches: self
                .branches
                .iter()
                .map(|p| Branch {
                    a: points[p.slot_a],
                    b: points[p.slot_b],
                    c: Scalar::conditional_select(&p.c, &c_real, p.real()),
                    v: Scalar::conditional_select(&p.v, &v_real, p.real()),
                })
                .collect(),
        }
    }
}

//! A guardian's proof of knowledge of a polynomial coefficient (docs/protocol.md §6.3): a
//! Schnorr proof that the prover knows a with C = aG, carrying its commitment h = uG so that it
//! can be batched. Response v = u − ca; the check is h = vG + cC.

use crate::el_gamal::Encoded;
use rand_core::CryptoRngCore;
use sailau_group::{domain, RistrettoPoint, Scalar, Transcript, RISTRETTO_BASEPOINT_TABLE};
use zeroize::Zeroizing;

/// A proof of knowledge of a coefficient a with C = aG (§6.3), bound to H_B, the guardian
/// and the coefficient's index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchnorrProof {
    /// The commitment h = uG.
    pub h: Encoded,
    /// The response v = u − c·a.
    pub v: Scalar,
}

/// The statement's transcript (§6.3): base hash, guardian, coefficient index, commitment.
pub(crate) fn transcript(
    base_hash: &[u8; 32],
    guardian: u32,
    index: u32,
    c: &[u8; 32],
) -> Transcript {
    let mut t = Transcript::new(domain::COEFFICIENT_PROOF);
    t.bytes(b"base-hash", base_hash);
    t.u64(b"guardian", u64::from(guardian));
    t.u64(b"coefficient", u64::from(index));
    t.point(b"C", c);
    t
}

pub(crate) fn prove(
    mut t: Transcript,
    secret: &Scalar,
    rng: &mut impl CryptoRngCore,
) -> SchnorrProof {
    let u = Zeroizing::new(Scalar::random(rng));
    let h = Encoded::new(RISTRETTO_BASEPOINT_TABLE * &*u);
    t.point(b"h", &h.bytes);
    let c = t.challenge(b"c");
    SchnorrProof {
        h,
        v: *u - c * secret,
    }
}

/// A Schnorr signature by `secret` on the statement `t`, its nonce derived from the statement
/// and the secret (`Transcript::witness_nonce`), so signing draws no randomness (§4.4).
pub(crate) fn sign(mut t: Transcript, secret: &Scalar) -> SchnorrProof {
    let u = Zeroizing::new(t.witness_nonce(secret));
    let h = Encoded::new(RISTRETTO_BASEPOINT_TABLE * &*u);
    t.point(b"h", &h.bytes);
    let c = t.challenge(b"c");
    SchnorrProof {
        h,
        v: *u - c * secret,
    }
}

/// Does `proof` show knowledge of the discrete logarithm of `public` under the statement `t`?
/// The same equation h = vG + cP as §6.3, for the ceremony's signatures and statements (§4.4,
/// §4.8). Public data: variable time.
pub(crate) fn vartime_holds(
    mut t: Transcript,
    proof: &SchnorrProof,
    public: &RistrettoPoint,
) -> bool {
    t.point(b"h", &proof.h.bytes);
    let c = t.challenge(b"c");
    RistrettoPoint::vartime_double_scalar_mul_basepoint(&c, public, &proof.v) == proof.h.point
}

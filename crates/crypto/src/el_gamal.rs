//! Exponential ElGamal on ristretto255 (docs/protocol.md §5.1).
//!
//! A value m under the joint public key K with nonce r is the pair (α, β) = (rG, mG + rK).
//! Pairs add: the sum of encryptions of m₁ and m₂ is an encryption of m₁ + m₂, which is what
//! lets the guardians decrypt totals without ever decrypting a ballot.
//!
//! Speed (§2.4): every point a ballot publishes must be encoded, and encoding one ristretto
//! point costs an inverse square root. So the prover computes each point P as its half P/2
//! with fixed-base tables (the scalar is halved first, which is nearly free), and encodes the
//! whole ballot at once with `double_and_compress_batch`, which shares one field inversion
//! among all the points. The tables and the arithmetic on secrets are constant time.

use sailau_group::{RistrettoBasepointTable, RistrettoPoint, Scalar, G, RISTRETTO_BASEPOINT_TABLE};

/// A point together with its 32-byte encoding (§2.2), so that neither is computed twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, zeroize::Zeroize)]
pub struct Encoded {
    /// The group element, for arithmetic.
    pub point: RistrettoPoint,
    /// Its canonical ristretto255 encoding, for transcripts and the record (§2.2).
    pub bytes: [u8; 32],
}

impl Encoded {
    /// Encodes a point (one inverse square root; prefer [`Halves`] for many).
    pub fn new(point: RistrettoPoint) -> Self {
        Encoded {
            point,
            bytes: point.compress().to_bytes(),
        }
    }
}

/// A ciphertext (α, β) (§5.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ciphertext {
    /// α = rG: the nonce r times the generator.
    pub alpha: Encoded,
    /// β = mG + rK: the value m, masked by r times the joint key K.
    pub beta: Encoded,
}

/// The joint public key K with its fixed-base table.
pub struct PublicKey {
    /// K and its encoding (§4.6).
    pub key: Encoded,
    /// Built at the first encryption: a ballot box or a verifier that only reads the key
    /// never needs it.
    table: std::sync::OnceLock<RistrettoBasepointTable>,
    half: Scalar,
    half_g: RistrettoPoint,
}

impl PublicKey {
    /// Prepares K for encryption: encodes it and computes G/2 (§2.4); its fixed-base table
    /// waits for the first encryption.
    pub fn new(key: RistrettoPoint) -> Self {
        let half = Scalar::from(2u64).invert();
        PublicKey {
            key: Encoded::new(key),
            table: std::sync::OnceLock::new(),
            half,
            half_g: G * half,
        }
    }

    /// (x/2)·G + (y/2)·K, constant time: the half of xG + yK.
    pub(crate) fn half_of(&self, x: &Scalar, y: &Scalar) -> RistrettoPoint {
        RISTRETTO_BASEPOINT_TABLE * &(x * self.half) + self.table() * &(y * self.half)
    }

    fn table(&self) -> &RistrettoBasepointTable {
        self.table
            .get_or_init(|| RistrettoBasepointTable::create(&self.key.point))
    }

    /// (x/2)·G, constant time.
    pub(crate) fn half_g_mul(&self, x: &Scalar) -> RistrettoPoint {
        RISTRETTO_BASEPOINT_TABLE * &(x * self.half)
    }

    /// (y/2)·K, constant time.
    pub(crate) fn half_k_mul(&self, y: &Scalar) -> RistrettoPoint {
        self.table() * &(y * self.half)
    }

    /// G/2, for adding a plaintext bit without a multiplication.
    pub(crate) fn half_g(&self) -> &RistrettoPoint {
        &self.half_g
    }
}

/// Points computed as halves, encoded together (§2.4).
#[derive(Default)]
pub(crate) struct Halves(Vec<RistrettoPoint>);

impl Halves {
    /// Queues P/2 and returns its slot.
    pub fn push(&mut self, half: RistrettoPoint) -> usize {
        self.0.push(half);
        self.0.len() - 1
    }

    /// The points P (doubled back) with their encodings, in slot order.
    pub fn finish(self) -> Vec<Encoded> {
        let encodings = RistrettoPoint::double_and_compress_batch(&self.0);
        self.0
            .iter()
            .zip(encodings)
            .map(|(h, e)| Encoded {
                point: h + h,
                bytes: e.to_bytes(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_double_back_to_the_points_and_their_encodings() {
        let pk = PublicKey::new(G * Scalar::from(12345u64));
        let (x, y) = (Scalar::from(77u64), Scalar::from(91u64));
        let mut h = Halves::default();
        h.push(pk.half_of(&x, &y));
        h.push(pk.half_g_mul(&x));
        let out = h.finish();
        let p = G * x + pk.key.point * y;
        assert_eq!(out[0], Encoded::new(p));
        assert_eq!(out[1], Encoded::new(G * x));
    }
}

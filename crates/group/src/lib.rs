//! The primitives that Sailau's prover (`sailau-crypto`) and its independent verifier
//! (`sailau-verify`) share, and nothing more: the group, its encodings, the hash transcript and
//! Lagrange coefficients. Everything that proves or checks a statement lives on one side only,
//! so that a mistake in the prover is not silently repeated by the verifier.
//!
//! The group is ristretto255 (docs/protocol.md §2.1): a prime-order group of order
//! ℓ = 2^252 + 27742317777372353535851937790883648493 built on Curve25519, in which every
//! element has exactly one 32-byte encoding. Points and scalars are curve25519-dalek's; this
//! crate adds the encoding rules of §2 and the transcripts of §3.

#![warn(missing_docs)]

mod encoding;
mod lagrange;
mod transcript;

pub use curve25519_dalek::constants::{RISTRETTO_BASEPOINT_POINT as G, RISTRETTO_BASEPOINT_TABLE};
pub use curve25519_dalek::ristretto::{
    CompressedRistretto, RistrettoBasepointTable, RistrettoPoint,
};
pub use curve25519_dalek::scalar::Scalar;
pub use curve25519_dalek::traits::{Identity, IsIdentity, VartimeMultiscalarMul};
pub use encoding::{
    decode_point, decode_scalar, encode_point, from_hex, from_hex32, to_hex, DecodeError,
};
pub use lagrange::{lagrange_at_zero, LagrangeError};
pub use transcript::{domain, Transcript};

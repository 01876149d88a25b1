//! Weights for checking many proof equations as one random linear combination
//! (docs/protocol.md §6.5): if any equation is false, the weighted sum vanishes with
//! probability at most 2^-128. The weights are fresh for every check, drawn from the
//! operating system, so a prover cannot choose proofs that cancel.

use rand_chacha::ChaCha20Rng;
use rand_core::{OsRng, RngCore, SeedableRng};
use sailau_group::Scalar;

/// A source of independent random 128-bit scalars.
pub(crate) struct Weights(ChaCha20Rng);

impl Weights {
    /// Seeded from the operating system's randomness.
    pub(crate) fn new() -> Self {
        Weights(ChaCha20Rng::from_rng(OsRng).expect("the operating system's randomness"))
    }

    /// The next weight: 128 bits are enough for the bound and halve the scalar's cost.
    pub(crate) fn next(&mut self) -> Scalar {
        Scalar::from(u128::from(self.0.next_u64()) << 64 | u128::from(self.0.next_u64()))
    }
}

//! `sailau-crypto`: verifiable ballots, the prover's side (docs/protocol.md).
//!
//! Ballots are encrypted with exponential ElGamal under a key that n guardians made together
//! (§4, §5). Each encrypted selection proves it is 0 or 1, each contest proves its number of
//! marks is allowed (§6). Cast ballots are added up while still encrypted (§9), and only the
//! totals are decrypted, by any k guardians, each proving its share (§10). Everything a
//! verifier needs is written to the election record (§11); `sailau-verify` checks it without
//! this crate.
//!
//! This crate knows ballots and contests, not parties, districts or law. Secret values (the
//! guardians' polynomials and shares, nonces, marks) are zeroized on drop, never printed by
//! `Debug`, and only ever combined with constant-time arithmetic; variable-time functions say
//! `vartime` in their names and touch only public data.

#![warn(missing_docs)]

pub mod ballot;
mod batch;
pub mod ceremony;
pub mod closing;
pub mod compact;
pub mod complaint;
pub mod decryption;
pub mod dlog;
pub mod el_gamal;
pub mod guardian;
pub mod manifest;
pub mod range_proof;
pub mod reading;
pub mod record;
pub mod schnorr;
pub mod simulate;
pub mod tally;

pub use ballot::{
    display_code, parse_display_code, Device, EncryptedBallot, EncryptedContest,
    EncryptedSelection, Opening, PlaintextBallot,
};
pub use decryption::{partial_decrypt, vartime_combine, PartialDecryption};
pub use guardian::{Guardian, GuardianKey, GuardianPublic, JointKey};
pub use manifest::{BallotStyle, ContestSpec, DefinitionDigest, Manifest, ManifestError};
pub use tally::{encrypted_tally, EncryptedTally};

/// An election ready for ballots: its manifest and the outcome of the key ceremony.
pub struct Election {
    /// The contests, options and ballot styles the ballots are encrypted for (§5.3).
    pub manifest: Manifest,
    /// H_B, the hash of the manifest and the guardian parameters (§3.2).
    pub base_hash: [u8; 32],
    /// The public outcome of the key ceremony: K, every guardian's public data and H_E (§4.6).
    pub joint: JointKey,
}

impl Election {
    /// H_E, which every ballot proof, code and decryption proof binds (§3.3).
    pub fn extended_base_hash(&self) -> [u8; 32] {
        self.joint.extended_base_hash
    }
}

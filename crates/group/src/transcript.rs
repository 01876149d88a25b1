//! Hash transcripts (docs/protocol.md §3). Every hash in Sailau, whether a Fiat-Shamir
//! challenge, the election base hash or a confirmation code, is a merlin transcript: STROBE-128
//! over Keccak-f[1600], in which every message is framed by its label and length. A transcript
//! starts with a domain label from [`domain`], so a value hashed for one purpose can never be
//! taken for a value of another.

use curve25519_dalek::scalar::Scalar;

/// The domain labels of §3.1. One per kind of hash; changing one is a new protocol version.
pub mod domain {
    /// §3.2: the election base hash over the manifest (with the definition's digest) and the
    /// guardian parameters. Version 2: version 1 did not bind the definition.
    pub const BASE_HASH: &[u8] = b"sailau/v2/base-hash";
    /// §3.3: the extended base hash over the base hash, the guardians' commitments and the key.
    pub const EXTENDED_BASE_HASH: &[u8] = b"sailau/v1/extended-base-hash";
    /// §6.3: a guardian's proof of knowledge of a polynomial coefficient.
    pub const COEFFICIENT_PROOF: &[u8] = b"sailau/v1/coefficient-proof";
    /// §4.4: the key that protects a share in transit.
    pub const SHARE_KEY: &[u8] = b"sailau/v1/share-key";
    /// §4.4: a guardian's signature on a share it sends, under its auxiliary key.
    pub const SHARE_SIGNATURE: &[u8] = b"sailau/v1/share-signature";
    /// §4.7: a complaint's proof that the shared point it reveals is the complainer's.
    pub const SHARE_COMPLAINT: &[u8] = b"sailau/v1/share-complaint";
    /// §4.8: a guardian's statement that it holds its share of the finished key.
    pub const GUARDIAN_READY: &[u8] = b"sailau/v1/guardian-ready";
    /// §6.1: a selection's range proof (the value is 0 or 1).
    pub const SELECTION_PROOF: &[u8] = b"sailau/v1/selection-proof";
    /// §6.2: a contest's range proof (the number of marks is in the allowed range).
    pub const CONTEST_PROOF: &[u8] = b"sailau/v1/contest-proof";
    /// §6.4: a guardian's proof that a partial decryption used its share.
    pub const DECRYPTION_PROOF: &[u8] = b"sailau/v1/decryption-proof";
    /// §7.2: the start of a device's confirmation-code chain.
    pub const CHAIN_START: &[u8] = b"sailau/v1/chain-start";
    /// §7.1: a ballot's confirmation code.
    pub const CONFIRMATION_CODE: &[u8] = b"sailau/v1/confirmation-code";
    /// §15.1: a polling station's ballot log, entry by entry.
    pub const BALLOT_LOG: &[u8] = b"sailau/v1/ballot-log";
    /// §15.2: what the registration desk signs on a card (the voter's one-time token).
    pub const CARD_TOKEN: &[u8] = b"sailau/v1/card-token";
    /// §15.2: what a voting terminal signs on a card (a ballot made for a token).
    pub const CARD_BALLOT: &[u8] = b"sailau/v1/card-ballot";
    /// §15.3: a voting terminal's statement of its chain at closing.
    pub const TERMINAL_CLOSING: &[u8] = b"sailau/v1/terminal-closing";
}

/// A domain-separated transcript (§3.1).
#[derive(Clone)]
pub struct Transcript(merlin::Transcript);

impl Transcript {
    /// A transcript for one of the [`domain`] labels.
    pub fn new(domain: &'static [u8]) -> Self {
        Transcript(merlin::Transcript::new(domain))
    }

    /// Appends bytes under a label.
    pub fn bytes(&mut self, label: &'static [u8], bytes: &[u8]) {
        self.0.append_message(label, bytes);
    }

    /// Appends an integer as 8 bytes, little-endian.
    pub fn u64(&mut self, label: &'static [u8], value: u64) {
        self.0.append_u64(label, value);
    }

    /// Appends a point by its 32-byte encoding (§2.2).
    pub fn point(&mut self, label: &'static [u8], encoding: &[u8; 32]) {
        self.0.append_message(label, encoding);
    }

    /// A challenge scalar: 64 output bytes reduced modulo ℓ, so it is uniform to within 2^-250.
    pub fn challenge(&mut self, label: &'static [u8]) -> Scalar {
        let mut wide = [0u8; 64];
        self.0.challenge_bytes(label, &mut wide);
        Scalar::from_bytes_mod_order_wide(&wide)
    }

    /// A secret nonce derived from this statement and a witness (as EdDSA derives its
    /// nonces), without drawing randomness: the same statement and secret give the same
    /// nonce, different statements independent ones. The transcript itself is not changed,
    /// and the copy that saw the witness is wiped when dropped (merlin zeroizes its state).
    pub fn witness_nonce(&self, witness: &Scalar) -> Scalar {
        let mut t = self.0.clone();
        t.append_message(b"witness", witness.as_bytes());
        let mut wide = zeroize::Zeroizing::new([0u8; 64]);
        t.challenge_bytes(b"nonce", &mut wide[..]);
        Scalar::from_bytes_mod_order_wide(&wide)
    }

    /// A 32-byte digest.
    pub fn digest(&mut self, label: &'static [u8]) -> [u8; 32] {
        let mut out = [0u8; 32];
        self.0.challenge_bytes(label, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_separate_and_every_field_counts() {
        let run = |d: &'static [u8], a: &[u8], b: &[u8]| {
            let mut t = Transcript::new(d);
            t.bytes(b"a", a);
            t.bytes(b"b", b);
            t.digest(b"out")
        };
        let base = run(domain::BASE_HASH, b"x", b"yz");
        assert_eq!(base, run(domain::BASE_HASH, b"x", b"yz"));
        assert_ne!(base, run(domain::CONFIRMATION_CODE, b"x", b"yz"));
        // Framing: moving a byte across a field boundary changes the hash.
        assert_ne!(base, run(domain::BASE_HASH, b"xy", b"z"));
    }
}

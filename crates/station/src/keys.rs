//! The station's signing keys (Ed25519): the station key signs the protocol, the desk key the
//! voters' tokens, each terminal's key the ballots it writes to cards.
//!
//! A [`Key`] is a file key: its secret lives in the station's database or the terminal's
//! folder, zeroized in memory on drop (`ed25519-dalek` with `zeroize`) and never printed. The
//! station and desk keys may instead be held in a PKCS#11 token ([`token`]), where the secret
//! is made, kept and used, and never leaves: [`Held`] is either, and has no `secret()`, so
//! nothing can ask a token key for what it does not give.

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use rand_core::CryptoRngCore;
use sailau_group::{to_hex, Transcript};

pub mod token;

pub use token::{KeyError, Pin, TokenKey, TokenRef};

/// A signing key. `Debug` shows only the public half.
pub struct Key(SigningKey);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key(public {})", to_hex(&self.public()))
    }
}

impl Key {
    /// Draws a fresh key from `rng`.
    pub fn generate(rng: &mut impl CryptoRngCore) -> Key {
        Key(SigningKey::generate(rng))
    }

    /// From the 32 secret bytes, which the caller should wipe.
    pub fn from_secret(secret: &[u8; 32]) -> Key {
        Key(SigningKey::from_bytes(secret))
    }

    /// The secret bytes, wiped when the result is dropped.
    pub fn secret(&self) -> zeroize::Zeroizing<[u8; 32]> {
        zeroize::Zeroizing::new(self.0.to_bytes())
    }

    /// The public half (the Ed25519 verifying key), which checks this key's signatures.
    pub fn public(&self) -> [u8; 32] {
        self.0.verifying_key().to_bytes()
    }

    /// Signs the digest of a domain-separated transcript.
    pub fn sign_digest(&self, digest: &[u8; 32]) -> [u8; 64] {
        self.0.sign(digest).to_bytes()
    }

    /// Signs a message that begins with its own domain prefix.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }
}

/// A station's key as the station holds it: a file key, whose secret its database keeps, or
/// a key in a PKCS#11 token, which signs inside the token. Signing through a token can fail
/// (the token removed, its session lost), so it returns a result either way.
#[derive(Debug)]
pub enum Held {
    /// The secret is in the station's database.
    File(Key),
    /// The secret is in a token, and never leaves it.
    Token(TokenKey),
}

impl Held {
    /// The public half (the Ed25519 verifying key).
    pub fn public(&self) -> [u8; 32] {
        match self {
            Held::File(k) => k.public(),
            Held::Token(k) => k.public(),
        }
    }

    /// Signs a message that begins with its own domain prefix.
    pub fn sign(&self, message: &[u8]) -> Result<[u8; 64], KeyError> {
        match self {
            Held::File(k) => Ok(k.sign(message)),
            Held::Token(k) => k.sign(message),
        }
    }

    /// Signs the digest of a domain-separated transcript.
    pub fn sign_digest(&self, digest: &[u8; 32]) -> Result<[u8; 64], KeyError> {
        self.sign(digest)
    }
}

/// Checks a signature by `public` over `message`, strictly (no malleable or small-order keys).
pub fn verify(public: &[u8; 32], message: &[u8], signature: &[u8; 64]) -> bool {
    let Ok(key) = VerifyingKey::from_bytes(public) else {
        return false;
    };
    key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(signature))
        .is_ok()
}

/// A transcript digest, for signing structured statements.
pub fn digest(t: &mut Transcript) -> [u8; 32] {
    t.digest(b"signed")
}

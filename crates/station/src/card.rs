//! The smart card that carries a voter's token from the desk to the terminal and the ballot
//! from the terminal to the box (docs/formats.md, "The smart card").
//!
//! The payload is JSON: the token the desk wrote and signed, then the ballots the terminal
//! wrote and signed (challenged ones first, the cast one last). A card is read and written
//! whole; [`FileCard`] keeps it in a file and replaces it atomically, so a card is never half
//! written. With the `pcsc` feature, [`reader::ReaderCard`] is a real card in a PC/SC reader,
//! spoken to with the commands of [`apdu`]; [`applet`] is the card's side of them, which
//! [`vpcd`] puts into a virtual reader.

pub mod apdu;
pub mod applet;
#[cfg(feature = "pcsc")]
pub mod reader;
pub mod vpcd;

use crate::keys;
use sailau_group::{domain, from_hex, to_hex, Transcript};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The payload's format tag.
pub const FORMAT: &str = "sailau-card/1";

/// The most a card holds. A five-contest ballot with its proofs is about 25 KiB; a voter may
/// challenge a few times before casting.
pub const CAPACITY: usize = 256 * 1024;

/// What the desk writes: the right to cast one ballot of one style, for some contests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Token {
    /// H_E of the election, hex.
    pub election: String,
    /// The id of the precinct whose desk issued it.
    pub precinct: String,
    /// The id of the precinct's ballot style.
    pub style: String,
    /// The contests the voter may vote, in ballot order.
    pub contests: Vec<String>,
    /// 32 random bytes, hex: what makes the token one-time.
    pub nonce: String,
    /// The desk's public key and its signature over the above (§15.2), hex.
    pub desk: String,
    /// The desk's Ed25519 signature over [`token_digest`], hex.
    pub signature: String,
}

/// What the terminal writes: one ballot, as its line of the record, signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardBallot {
    /// The ballot exactly as its line of `ballots.jsonl` (§11.2).
    pub line: String,
    /// The terminal's public key and its signature over the token and the line, hex.
    pub terminal: String,
    /// The terminal's Ed25519 signature over [`ballot_digest`], hex.
    pub signature: String,
}

/// A card's whole content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payload {
    /// The format tag: exactly [`FORMAT`].
    pub format: String,
    /// What the desk wrote; none on a blank card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<Token>,
    /// What the terminal wrote when the voter cast: every challenged ballot, then the cast
    /// one, last. Empty until then.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ballots: Vec<CardBallot>,
}

impl Payload {
    /// A wiped card.
    pub fn blank() -> Payload {
        Payload {
            format: FORMAT.into(),
            token: None,
            ballots: Vec::new(),
        }
    }

    /// The payload as the card holds it: compact JSON, no final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a payload always serializes")
    }

    /// Reads a payload strictly: the format tag, no unknown field, no more than [`CAPACITY`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Payload, CardError> {
        if bytes.len() > CAPACITY {
            return Err(CardError::Malformed(format!(
                "{} bytes is more than a card holds ({CAPACITY})",
                bytes.len()
            )));
        }
        let p: Payload =
            serde_json::from_slice(bytes).map_err(|e| CardError::Malformed(e.to_string()))?;
        if p.format != FORMAT {
            return Err(CardError::Malformed(format!(
                "format {:?}, expected {FORMAT:?}",
                p.format
            )));
        }
        Ok(p)
    }
}

/// What the desk signs (§15.2).
pub fn token_digest(t: &Token) -> [u8; 32] {
    let mut tr = Transcript::new(domain::CARD_TOKEN);
    tr.bytes(b"election", t.election.as_bytes());
    tr.bytes(b"precinct", t.precinct.as_bytes());
    tr.bytes(b"style", t.style.as_bytes());
    tr.u64(b"contests", t.contests.len() as u64);
    for c in &t.contests {
        tr.bytes(b"contest", c.as_bytes());
    }
    tr.bytes(b"nonce", t.nonce.as_bytes());
    tr.bytes(b"desk", t.desk.as_bytes());
    keys::digest(&mut tr)
}

/// What a terminal signs (§15.2): the token's nonce binds the ballot to this voter's right.
pub fn ballot_digest(token: &Token, terminal: &str, line: &str) -> [u8; 32] {
    let mut tr = Transcript::new(domain::CARD_BALLOT);
    tr.bytes(b"election", token.election.as_bytes());
    tr.bytes(b"nonce", token.nonce.as_bytes());
    tr.bytes(b"terminal", terminal.as_bytes());
    tr.bytes(b"line", line.as_bytes());
    keys::digest(&mut tr)
}

/// Checks an Ed25519 signature given as hex by a key given as hex over a digest.
pub fn signed_by(public_hex: &str, signature_hex: &str, digest: &[u8; 32]) -> bool {
    let (Ok(public), Ok(sig)) = (from_hex(public_hex), from_hex(signature_hex)) else {
        return false;
    };
    let (Ok(public), Ok(sig)) = (<[u8; 32]>::try_from(public), <[u8; 64]>::try_from(sig)) else {
        return false;
    };
    keys::verify(&public, digest, &sig)
}

/// Lowercase hex, as keys, nonces and signatures are written on a card and in the database.
pub fn hex(bytes: &[u8]) -> String {
    to_hex(bytes)
}

/// Why a card cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CardError {
    /// The reader cannot read or write the card, or a payload to write does not fit on it.
    #[error("the card cannot be read or written: {0}")]
    Io(String),
    /// The content is larger than [`CAPACITY`], is not a payload's JSON, has an unknown
    /// field, or has another format tag.
    #[error("the card's content is not a Sailau card: {0}")]
    Malformed(String),
}

/// A smart card in a reader.
pub trait Card {
    /// The card's whole content.
    fn read(&mut self) -> Result<Vec<u8>, CardError>;
    /// Replaces the whole content, atomically.
    fn write(&mut self, bytes: &[u8]) -> Result<(), CardError>;

    /// Reads the card's payload, strictly ([`Payload::from_bytes`]).
    fn payload(&mut self) -> Result<Payload, CardError> {
        Payload::from_bytes(&self.read()?)
    }

    /// Writes `p` as the card's whole content; refuses a payload larger than [`CAPACITY`].
    fn store(&mut self, p: &Payload) -> Result<(), CardError> {
        let bytes = p.to_bytes();
        if bytes.len() > CAPACITY {
            return Err(CardError::Io(format!(
                "{} bytes do not fit on a card ({CAPACITY})",
                bytes.len()
            )));
        }
        self.write(&bytes)
    }

    /// Wipes the card for the next voter.
    fn erase(&mut self) -> Result<(), CardError> {
        self.store(&Payload::blank())
    }
}

/// A card kept in a file: written to a temporary file, synced, then renamed over the old one.
pub struct FileCard {
    path: PathBuf,
}

impl FileCard {
    /// The card kept in the file at `path`; the file is not touched until the card is read or
    /// written.
    pub fn new(path: impl Into<PathBuf>) -> FileCard {
        FileCard { path: path.into() }
    }

    /// The file that holds the card.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Card for FileCard {
    fn read(&mut self) -> Result<Vec<u8>, CardError> {
        std::fs::read(&self.path)
            .map_err(|e| CardError::Io(format!("{}: {e}", self.path.display())))
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), CardError> {
        crate::store::write_whole(&self.path, bytes)
            .map_err(|e| CardError::Io(format!("{}: {e}", self.path.display())))
    }
}

/// A card in memory, for tests and the demo.
#[derive(Default)]
pub struct MemoryCard(pub Vec<u8>);

impl Card for MemoryCard {
    fn read(&mut self) -> Result<Vec<u8>, CardError> {
        Ok(self.0.clone())
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), CardError> {
        self.0 = bytes.to_vec();
        Ok(())
    }
}

//! The commands a reader sends to a Sailau card, as ISO/IEC 7816-4 short APDUs, and the
//! reader's side of reading and writing a card with them (docs/formats.md, "The card over
//! PC/SC").
//!
//! Short APDUs only (255 bytes out, 256 back): every reader and every card takes them. A
//! write is staged on the card and made its content only by COMMIT, which carries the
//! SHA-256 of the whole new content: a card pulled out, a lost or repeated chunk, or a reset
//! leaves the old content whole.

use super::{CardError, CAPACITY};
use sha2::{Digest, Sha256};

/// The applet's identifier, selected by SELECT: a proprietary AID (ISO/IEC 7816-5, first
/// nibble F), "SAILAU", version 1.
pub const AID: [u8; 8] = [0xF0, b'S', b'A', b'I', b'L', b'A', b'U', 0x01];

/// The class byte of the applet's own commands (proprietary, no secure messaging).
pub const CLA: u8 = 0x80;

/// The instruction bytes.
pub mod ins {
    /// SELECT by AID (class 00, P1 04).
    pub const SELECT: u8 = 0xA4;
    /// The content's length and the card's capacity, four bytes each, big-endian.
    pub const STATUS: u8 = 0x10;
    /// Up to 256 bytes of the content from a four-byte offset.
    pub const READ: u8 = 0x12;
    /// Starts staging a new content of a four-byte length.
    pub const BEGIN: u8 = 0x20;
    /// Appends up to 255 bytes to the staged content.
    pub const WRITE: u8 = 0x22;
    /// Makes the staged content the card's, given its SHA-256.
    pub const COMMIT: u8 = 0x24;
}

/// The status words the applet answers (ISO/IEC 7816-4 §5.6).
pub mod sw {
    /// Done.
    pub const OK: u16 = 0x9000;
    /// The card could not keep the new content (its memory failed).
    pub const MEMORY_FAILURE: u16 = 0x6581;
    /// The command's length is not that of its case.
    pub const WRONG_LENGTH: u16 = 0x6700;
    /// Out of order: nothing selected, or WRITE or COMMIT with nothing staged.
    pub const NOT_SATISFIED: u16 = 0x6985;
    /// The data is wrong: an offset past the end, more than was declared, a COMMIT whose
    /// length or digest differs from what was staged.
    pub const WRONG_DATA: u16 = 0x6A80;
    /// SELECT of another application.
    pub const NOT_FOUND: u16 = 0x6A82;
    /// More than the card holds.
    pub const NO_SPACE: u16 = 0x6A84;
    /// P1 or P2 wrong.
    pub const WRONG_P1P2: u16 = 0x6A86;
    /// An instruction the applet does not have.
    pub const INS_UNKNOWN: u16 = 0x6D00;
    /// A class the applet does not take.
    pub const CLA_UNKNOWN: u16 = 0x6E00;
}

/// The most data one READ answers.
pub const READ_CHUNK: usize = 256;
/// The most data one WRITE carries.
pub const WRITE_CHUNK: usize = 255;

/// SELECT the applet by its AID.
pub fn select() -> Vec<u8> {
    let mut c = vec![0x00, ins::SELECT, 0x04, 0x00, AID.len() as u8];
    c.extend_from_slice(&AID);
    c
}

/// STATUS: answers eight bytes.
pub fn status() -> Vec<u8> {
    vec![CLA, ins::STATUS, 0, 0, 8]
}

/// READ from `offset`: answers up to 256 bytes.
pub fn read(offset: u32) -> Vec<u8> {
    let mut c = vec![CLA, ins::READ, 0, 0, 4];
    c.extend_from_slice(&offset.to_be_bytes());
    c.push(0x00);
    c
}

/// BEGIN a new content of `length` bytes.
pub fn begin(length: u32) -> Vec<u8> {
    let mut c = vec![CLA, ins::BEGIN, 0, 0, 4];
    c.extend_from_slice(&length.to_be_bytes());
    c
}

/// WRITE the next chunk (1 to 255 bytes).
pub fn write(chunk: &[u8]) -> Vec<u8> {
    debug_assert!(!chunk.is_empty() && chunk.len() <= WRITE_CHUNK);
    let mut c = vec![CLA, ins::WRITE, 0, 0, chunk.len() as u8];
    c.extend_from_slice(chunk);
    c
}

/// COMMIT what was staged, whose SHA-256 is `digest`.
pub fn commit(digest: &[u8; 32]) -> Vec<u8> {
    let mut c = vec![CLA, ins::COMMIT, 0, 0, 32];
    c.extend_from_slice(digest);
    c
}

/// A card's answer: its data and status word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The response data.
    pub data: Vec<u8>,
    /// SW1-SW2.
    pub sw: u16,
}

impl Answer {
    /// Splits a response APDU into its data and status word.
    pub fn parse(rapdu: &[u8]) -> Result<Answer, CardError> {
        let Some(split) = rapdu.len().checked_sub(2) else {
            return Err(CardError::Io(format!(
                "the card answered {} byte(s), less than a status word",
                rapdu.len()
            )));
        };
        Ok(Answer {
            data: rapdu[..split].to_vec(),
            sw: u16::from_be_bytes([rapdu[split], rapdu[split + 1]]),
        })
    }

    /// The response APDU: data, then SW1-SW2.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut r = self.data.clone();
        r.extend_from_slice(&self.sw.to_be_bytes());
        r
    }

    fn expect(self, what: &str) -> Result<Vec<u8>, CardError> {
        match self.sw {
            sw::OK => Ok(self.data),
            other => Err(CardError::Io(format!("{what} answered {other:04X}"))),
        }
    }
}

/// Selects the applet: a card that answers "not found" is not a Sailau card.
fn select_applet(transmit: &mut Transmit) -> Result<(), CardError> {
    match transmit(&select())? {
        Answer {
            sw: sw::NOT_FOUND, ..
        } => Err(CardError::Malformed(
            "the card has no Sailau applet (SELECT answered 6A82)".into(),
        )),
        a => a.expect("SELECT").map(drop),
    }
}

/// Sends one command APDU and returns the card's answer.
pub type Transmit<'a> = dyn FnMut(&[u8]) -> Result<Answer, CardError> + 'a;

/// Selects the applet and reads its whole content.
pub fn read_all(transmit: &mut Transmit) -> Result<Vec<u8>, CardError> {
    select_applet(transmit)?;
    let status = transmit(&status())?.expect("STATUS")?;
    let Ok(status) = <[u8; 8]>::try_from(status.as_slice()) else {
        return Err(CardError::Io(format!(
            "STATUS answered {} bytes, not 8",
            status.len()
        )));
    };
    let length = u32::from_be_bytes([status[0], status[1], status[2], status[3]]) as usize;
    if length > CAPACITY {
        return Err(CardError::Malformed(format!(
            "the card says it holds {length} bytes, more than a card holds ({CAPACITY})"
        )));
    }
    let mut content = Vec::with_capacity(length);
    while content.len() < length {
        let chunk = transmit(&read(content.len() as u32))?.expect("READ")?;
        if chunk.is_empty() || content.len() + chunk.len() > length {
            return Err(CardError::Io(format!(
                "READ at {} answered {} bytes of the {length} the card holds",
                content.len(),
                chunk.len()
            )));
        }
        content.extend_from_slice(&chunk);
    }
    Ok(content)
}

/// Selects the applet and replaces its whole content: staged in chunks, then committed with
/// its digest, so the card holds either the old content or `bytes`, never a mix.
pub fn write_all(transmit: &mut Transmit, bytes: &[u8]) -> Result<(), CardError> {
    if bytes.len() > CAPACITY {
        return Err(CardError::Io(format!(
            "{} bytes do not fit on a card ({CAPACITY})",
            bytes.len()
        )));
    }
    select_applet(transmit)?;
    transmit(&begin(bytes.len() as u32))?.expect("BEGIN")?;
    for chunk in bytes.chunks(WRITE_CHUNK) {
        transmit(&write(chunk))?.expect("WRITE")?;
    }
    let digest: [u8; 32] = Sha256::digest(bytes).into();
    transmit(&commit(&digest))?.expect("COMMIT")?;
    Ok(())
}

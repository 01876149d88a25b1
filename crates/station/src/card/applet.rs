//! The card's side of [`super::apdu`]: the Sailau applet, as the project's virtual card runs
//! it (and as a card vendor's applet must behave).
//!
//! Its content changes only at COMMIT, and only to exactly what was staged: power lost,
//! a reset, a new BEGIN or a wrong digest throws the staged bytes away.

use super::apdu::{self, ins, sw, Answer, AID, CLA, READ_CHUNK};
use super::{Card, CardError, CAPACITY};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// The applet and the card's memory.
pub struct Applet {
    content: Vec<u8>,
    /// Where the content survives the card leaving the reader (none: in memory only).
    memory: Option<PathBuf>,
    selected: bool,
    staged: Option<Staged>,
}

struct Staged {
    length: usize,
    bytes: Vec<u8>,
}

/// A command APDU's parts (short form only).
struct Command<'a> {
    cla: u8,
    ins: u8,
    p1: u8,
    p2: u8,
    data: &'a [u8],
}

impl Command<'_> {
    /// The four cases of ISO/IEC 7816-3 §12.1, short form; extended lengths are refused.
    fn parse(apdu: &[u8]) -> Option<Command<'_>> {
        let (header, body) = apdu.split_at_checked(4)?;
        let data = match body {
            [] | [_] => &[][..],
            [lc, rest @ ..] if *lc != 0 => {
                let lc = usize::from(*lc);
                match rest.len() {
                    n if n == lc || n == lc + 1 => &rest[..lc],
                    _ => return None,
                }
            }
            _ => return None,
        };
        Some(Command {
            cla: header[0],
            ins: header[1],
            p1: header[2],
            p2: header[3],
            data,
        })
    }
}

fn answer(sw: u16) -> Answer {
    Answer {
        data: Vec::new(),
        sw,
    }
}

fn four(data: &[u8]) -> Option<usize> {
    <[u8; 4]>::try_from(data)
        .ok()
        .map(|b| u32::from_be_bytes(b) as usize)
}

impl Applet {
    /// A card whose memory is `content`, lost when the applet is dropped.
    pub fn in_memory(content: Vec<u8>) -> Applet {
        Applet {
            content,
            memory: None,
            selected: false,
            staged: None,
        }
    }

    /// A card whose memory is the file at `path`: read now (empty if there is none yet), and
    /// replaced whole and synced at each COMMIT before the card answers it.
    pub fn on_file(path: impl Into<PathBuf>) -> std::io::Result<Applet> {
        let path = path.into();
        let content = match std::fs::read(&path) {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e),
        };
        if content.len() > CAPACITY {
            return Err(std::io::Error::other(format!(
                "{}: {} bytes, more than a card holds ({CAPACITY})",
                path.display(),
                content.len()
            )));
        }
        Ok(Applet {
            content,
            memory: Some(path),
            selected: false,
            staged: None,
        })
    }

    /// The card's committed content.
    pub fn content(&self) -> &[u8] {
        &self.content
    }

    /// Power lost or the card reset: nothing is selected and anything staged is gone.
    pub fn reset(&mut self) {
        self.selected = false;
        self.staged = None;
    }

    /// Answers one command APDU.
    pub fn respond(&mut self, apdu: &[u8]) -> Answer {
        let Some(c) = Command::parse(apdu) else {
            return answer(sw::WRONG_LENGTH);
        };
        if c.cla == 0x00 && c.ins == ins::SELECT {
            return self.select(&c);
        }
        if c.cla != CLA {
            return answer(sw::CLA_UNKNOWN);
        }
        if !self.selected {
            return answer(sw::NOT_SATISFIED);
        }
        if (c.p1, c.p2) != (0, 0) {
            return answer(sw::WRONG_P1P2);
        }
        match c.ins {
            ins::STATUS => {
                let mut data = (self.content.len() as u32).to_be_bytes().to_vec();
                data.extend_from_slice(&(CAPACITY as u32).to_be_bytes());
                Answer { data, sw: sw::OK }
            }
            ins::READ => match four(c.data) {
                Some(offset) if offset <= self.content.len() => {
                    let end = self.content.len().min(offset + READ_CHUNK);
                    Answer {
                        data: self.content[offset..end].to_vec(),
                        sw: sw::OK,
                    }
                }
                Some(_) => answer(sw::WRONG_DATA),
                None => answer(sw::WRONG_LENGTH),
            },
            ins::BEGIN => match four(c.data) {
                Some(length) if length > CAPACITY => {
                    self.staged = None;
                    answer(sw::NO_SPACE)
                }
                Some(length) => {
                    self.staged = Some(Staged {
                        length,
                        bytes: Vec::with_capacity(length),
                    });
                    answer(sw::OK)
                }
                None => answer(sw::WRONG_LENGTH),
            },
            ins::WRITE => match &mut self.staged {
                None => answer(sw::NOT_SATISFIED),
                Some(_) if c.data.is_empty() => answer(sw::WRONG_LENGTH),
                Some(s) if s.bytes.len() + c.data.len() > s.length => {
                    self.staged = None;
                    answer(sw::WRONG_DATA)
                }
                Some(s) => {
                    s.bytes.extend_from_slice(c.data);
                    answer(sw::OK)
                }
            },
            ins::COMMIT => self.commit(c.data),
            _ => answer(sw::INS_UNKNOWN),
        }
    }

    fn select(&mut self, c: &Command) -> Answer {
        if (c.p1, c.p2) != (0x04, 0x00) {
            return answer(sw::WRONG_P1P2);
        }
        self.staged = None;
        self.selected = c.data == AID;
        answer(if self.selected { sw::OK } else { sw::NOT_FOUND })
    }

    fn commit(&mut self, digest: &[u8]) -> Answer {
        let Some(staged) = self.staged.take() else {
            return answer(sw::NOT_SATISFIED);
        };
        if digest.len() != 32 {
            return answer(sw::WRONG_LENGTH);
        }
        if staged.bytes.len() != staged.length || Sha256::digest(&staged.bytes)[..] != digest[..] {
            return answer(sw::WRONG_DATA);
        }
        if let Some(path) = &self.memory {
            if crate::store::write_whole(path, &staged.bytes).is_err() {
                return answer(sw::MEMORY_FAILURE);
            }
        }
        self.content = staged.bytes;
        answer(sw::OK)
    }
}

/// The applet as a card in a perfect reader: every read and write goes through the same
/// commands as over PC/SC, none lost (for benchmarks and tests of the commands' own cost).
impl Card for Applet {
    fn read(&mut self) -> Result<Vec<u8>, CardError> {
        apdu::read_all(&mut |c: &[u8]| Ok(self.respond(c)))
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), CardError> {
        apdu::write_all(&mut |c: &[u8]| Ok(self.respond(c)), bytes)
    }
}

//! A card in a PC/SC reader (`pcscd` on Linux, the system's service elsewhere), spoken to
//! with the commands of [`super::apdu`].
//!
//! Each read or write connects to the card afresh, exclusively, inside a PC/SC transaction:
//! a reader serves one voter after another, and a card put in since the last use is simply
//! the card that is there now.

use super::apdu::{self, Answer};
use super::{Card, CardError};
use pcsc::{Context, Error, Protocols, ReaderState, Scope, ShareMode, State};
use std::ffi::CString;
use std::time::Duration;

/// What a reader holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A card that answered its reset.
    Card,
    /// No card.
    Empty,
    /// A card that does not answer, or a change PC/SC has not settled yet.
    Unsettled,
}

/// The card in one PC/SC reader.
pub struct ReaderCard {
    context: Context,
    reader: CString,
    name: String,
}

/// The names of the readers PC/SC knows now.
pub fn readers() -> Result<Vec<String>, CardError> {
    let context = Context::establish(Scope::User).map_err(|e| failed("PC/SC", e))?;
    names(&context)
}

fn names(context: &Context) -> Result<Vec<String>, CardError> {
    match context.list_readers_owned() {
        Ok(r) => Ok(r
            .into_iter()
            .map(|n| n.to_string_lossy().into_owned())
            .collect()),
        Err(Error::NoReadersAvailable) => Ok(Vec::new()),
        Err(e) => Err(failed("PC/SC", e)),
    }
}

fn failed(what: &str, e: Error) -> CardError {
    let why = match e {
        Error::NoService | Error::ServiceStopped => {
            "the PC/SC service (pcscd) is not running".to_string()
        }
        Error::NoSmartcard | Error::RemovedCard => "there is no card in the reader".to_string(),
        Error::UnknownReader | Error::ReaderUnavailable => {
            "the reader is not connected".to_string()
        }
        Error::UnresponsiveCard | Error::UnpoweredCard | Error::ResetCard => {
            format!("the card does not answer ({e})")
        }
        other => other.to_string(),
    };
    CardError::Io(format!("{what}: {why}"))
}

impl ReaderCard {
    /// The card in the reader named `name`, which PC/SC must know now.
    pub fn open(name: &str) -> Result<ReaderCard, CardError> {
        let context = Context::establish(Scope::User).map_err(|e| failed("PC/SC", e))?;
        let known = names(&context)?;
        if !known.iter().any(|k| k == name) {
            return Err(CardError::Io(format!(
                "no reader is named {name:?}; the readers are: {}",
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            )));
        }
        let reader = CString::new(name)
            .map_err(|_| CardError::Io(format!("a reader's name has no NUL byte: {name:?}")))?;
        Ok(ReaderCard {
            context,
            reader,
            name: name.to_string(),
        })
    }

    /// The reader's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What is in the reader now, as PC/SC last saw it (no command is sent to a card).
    pub fn slot(&self) -> Result<Slot, CardError> {
        let mut state = [ReaderState::new(self.reader.clone(), State::UNAWARE)];
        self.context
            .get_status_change(Duration::ZERO, &mut state)
            .map_err(|e| failed(&self.name, e))?;
        let seen = state[0].event_state();
        Ok(if seen.contains(State::EMPTY) {
            Slot::Empty
        } else if seen.contains(State::PRESENT) && !seen.contains(State::MUTE) {
            Slot::Card
        } else {
            Slot::Unsettled
        })
    }

    /// Runs `f` with the card in the reader, connected exclusively inside a transaction.
    fn with_card<T>(
        &mut self,
        f: impl FnOnce(&mut apdu::Transmit) -> Result<T, CardError>,
    ) -> Result<T, CardError> {
        let name = self.name.clone();
        let mut card = self
            .context
            .connect(&self.reader, ShareMode::Exclusive, Protocols::ANY)
            .map_err(|e| failed(&name, e))?;
        let tx = card.transaction().map_err(|e| failed(&name, e))?;
        let mut buffer = [0u8; apdu::READ_CHUNK + 2];
        let mut transmit = |c: &[u8]| -> Result<Answer, CardError> {
            let r = tx.transmit(c, &mut buffer).map_err(|e| failed(&name, e))?;
            Answer::parse(r)
        };
        let out = f(&mut transmit);
        // Ending the transaction leaves the card powered for the next device's use; a card
        // already pulled out has nothing to end.
        let _ = tx.end(pcsc::Disposition::LeaveCard);
        out
    }
}

impl Card for ReaderCard {
    fn read(&mut self) -> Result<Vec<u8>, CardError> {
        self.with_card(|t| apdu::read_all(t))
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), CardError> {
        self.with_card(|t| apdu::write_all(t, bytes))
    }
}

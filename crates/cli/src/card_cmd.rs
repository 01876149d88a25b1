//! `sailau card`: the smart-card readers PC/SC knows, and the project's virtual card for
//! vsmartcard's `vpcd` reader (docs/formats.md, "The card over PC/SC").

use crate::{emit, Failure};
use clap::Subcommand;
use sailau_station::card::{applet::Applet, vpcd, Card, CardError};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum CardCommand {
    /// List the PC/SC readers, one per line (a build with `--features pcsc`).
    Readers,
    /// Put the project's virtual card into a reader of `pcscd`'s vpcd driver and keep it
    /// there until the reader goes away or the command is stopped. Its memory is a file,
    /// replaced whole at each write the card commits.
    Virtual {
        /// The vpcd reader's address (Debian's: 35963 for "Virtual PCD 00 00", 35964 for
        /// "00 01").
        #[arg(long, default_value = "127.0.0.1:35963")]
        reader: String,
        /// The card's memory (made empty if missing).
        #[arg(long, value_name = "FILE")]
        memory: PathBuf,
        /// Leave the reader in the middle of the command after this many, as a voter who
        /// pulls the card out would (for drills and tests).
        #[arg(long, value_name = "N")]
        pull_after: Option<usize>,
    },
}

pub fn run(cmd: &CardCommand) -> Result<(), Failure> {
    match cmd {
        CardCommand::Readers => readers(),
        CardCommand::Virtual {
            reader,
            memory,
            pull_after,
        } => {
            let applet = Applet::on_file(memory)
                .map_err(|e| Failure::Input(format!("--memory {}: {e}", memory.display())))?;
            let card = vpcd::insert(reader.as_str(), applet, *pull_after).map_err(|e| {
                Failure::Service(format!(
                    "--reader {reader}: {e} (is pcscd running with vsmartcard's vpcd driver?)"
                ))
            })?;
            emit(&format!(
                "the virtual card is in the reader at {reader}; its memory is {}\n",
                memory.display()
            ))?;
            card.wait()
                .map(drop)
                .map_err(|e| Failure::Service(format!("--reader {reader}: {e}")))
        }
    }
}

/// The card in the PC/SC reader named `name`.
#[cfg(feature = "pcsc")]
pub fn open_reader(name: &str) -> Result<Box<dyn Card + Send>, CardError> {
    sailau_station::card::reader::ReaderCard::open(name)
        .map(|c| Box::new(c) as Box<dyn Card + Send>)
}

/// Without PC/SC, a reader is refused with the way to get it.
#[cfg(not(feature = "pcsc"))]
pub fn open_reader(name: &str) -> Result<Box<dyn Card + Send>, CardError> {
    let _ = name;
    Err(CardError::Io(NO_PCSC.into()))
}

/// The card in the PC/SC reader named `name`, for `--reader`.
pub fn reader(name: &str) -> Result<Box<dyn Card + Send>, Failure> {
    open_reader(name).map_err(|e| Failure::Input(format!("--reader {name}: {e}")))
}

#[cfg(not(feature = "pcsc"))]
const NO_PCSC: &str = "this sailau was built without PC/SC; build it with \
    `cargo build --release --features pcsc` (Debian: apt install libpcsclite-dev pcscd)";

#[cfg(feature = "pcsc")]
fn readers() -> Result<(), Failure> {
    let names =
        sailau_station::card::reader::readers().map_err(|e| Failure::Input(e.to_string()))?;
    emit(&names.iter().map(|n| format!("{n}\n")).collect::<String>())
}

#[cfg(not(feature = "pcsc"))]
fn readers() -> Result<(), Failure> {
    Err(Failure::Input(NO_PCSC.into()))
}

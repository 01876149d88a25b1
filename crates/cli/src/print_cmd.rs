//! `sailau print ballots | protocol`: what a precinct commission prints, as PDF
//! (`sailau-print`): the paper ballots of a style, and a numbered copy of its signed protocol
//! for each observer.

use crate::station_cmd::{load_definition, read_text};
use crate::Failure;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum PrintWhat {
    /// The paper ballots of one ballot style: a page per contest, in Kazakh and Russian.
    Ballots(BallotArgs),
    /// A precinct protocol, with its members' signature lines and the copy's number.
    Protocol(ProtocolArgs),
}

#[derive(Args)]
pub struct BallotArgs {
    /// The election's definition.json.
    #[arg(long)]
    definition: PathBuf,
    /// The ballot style (a precinct's `style`).
    #[arg(long)]
    style: String,
    /// Where to write the PDF (a new file).
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
pub struct ProtocolArgs {
    /// The election's definition.json, the one the protocol was counted with.
    #[arg(long)]
    definition: PathBuf,
    /// The precinct's protocol.json (signed, as the station wrote it).
    #[arg(long)]
    protocol: PathBuf,
    /// The copy's number: 0 for the commission's own, 1 and on for each observer.
    #[arg(long, default_value_t = 0)]
    copy: u32,
    /// Where to write the PDF (a new file).
    #[arg(long)]
    out: PathBuf,
}

fn write_new(out: &Path, bytes: &[u8]) -> Result<(), Failure> {
    if out.exists() {
        return Err(Failure::Input(format!(
            "--out {}: the file exists; choose a new one",
            out.display()
        )));
    }
    crate::election_dir::write(out, bytes)
}

pub fn run(what: &PrintWhat) -> Result<(), Failure> {
    match what {
        PrintWhat::Ballots(a) => {
            let (_, def) = load_definition(&a.definition)?;
            let pdf = sailau_print::ballots(&def, &a.style)
                .map_err(|e| Failure::Input(format!("--style {}: {e}", a.style)))?;
            write_new(&a.out, &pdf)?;
            crate::emit(&format!(
                "the ballots of style {}: {}\n",
                a.style,
                a.out.display()
            ))
        }
        PrintWhat::Protocol(a) => {
            let (_, def) = load_definition(&a.definition)?;
            let text = read_text(&a.protocol)?;
            let signed = sailau_protocol::SignedProtocol::from_json(&text)
                .map_err(|e| Failure::Input(format!("{}: {e}", a.protocol.display())))?;
            let pdf = sailau_print::protocol(&def, &signed.protocol, Some(&signed.signer), a.copy)
                .map_err(|e| Failure::Input(format!("{}: {e}", a.protocol.display())))?;
            write_new(&a.out, &pdf)?;
            crate::emit(&format!(
                "the protocol of {}, copy {}: {}\n",
                signed.protocol.unit,
                a.copy,
                a.out.display()
            ))
        }
    }
}

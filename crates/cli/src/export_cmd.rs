//! `sailau export nist-err RECORD [--out FILE]`: the precinct-level NIST SP 1500-100 v2
//! ElectionReport of an election record (docs/formats.md). Exit 2: the record cannot be read
//! or does not add up; 3: the output cannot be written.

use crate::{emit, Failure};
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum ExportWhat {
    /// The precinct-level NIST SP 1500-100 v2 ElectionReport: every unit and precinct, every
    /// selection's paper, electronic and total votes at every precinct.
    NistErr {
        /// The election record (definition.json, precincts/ID/protocol.json).
        record: PathBuf,
        /// Write it here (whole, or not at all) instead of to standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub fn run(what: &ExportWhat) -> Result<(), Failure> {
    let ExportWhat::NistErr { record, out } = what;
    let (def, protocols) = crate::audit_cmd::read_record(record)?;
    if protocols.is_empty() {
        return Err(Failure::Input(format!(
            "{}: no precinct protocol in the record",
            record.display()
        )));
    }
    let refs: Vec<&sailau_protocol::Protocol> = protocols.iter().collect();
    let bodies = sailau_record::levels::bodies(&def, &refs)
        .map_err(|e| Failure::Input(format!("{}: {e}", record.display())))?;
    let report = sailau_record::nist::report(&def, &refs, &bodies, &crate::clock::now_utc());
    let text = format!("{report:#}\n");
    match out {
        Some(path) => crate::election_dir::write(path, text.as_bytes()),
        None => emit(&text),
    }
}

//! `sailau-verify`: the independent verifier of an election record (docs/protocol.md §12).
//!
//! It reads the record's three files, runs the numbered checks of §12 and reports each as
//! passed or failed, naming what failed. It shares only the group and hash primitives
//! (`sailau-group`) with the code that made the proofs: the record types, the statements of
//! every proof and hash, and the equations are written here again from the spec, so that a
//! mistake on one side is caught by the other.
//!
//! Ballot proofs are checked in parallel batches, each as one multiscalar multiplication with
//! random weights (§6.5); a batch that fails is bisected down to the ballots at fault, which
//! are then checked equation by equation to name the failing proof. [`Options::one_by_one`]
//! checks every equation on its own instead; the two always agree.

#![warn(missing_docs)]

mod ballot;
mod board;
mod checks;
pub mod compact;
pub mod election;
mod equation;
mod findings;
mod hashes;
pub mod intake;
pub mod record;
mod tally;

pub use checks::verify;
pub use findings::{Check, Options, Report, TITLES};
pub use intake::{Accepted, Intake};
pub use record::Unreadable;

/// The three files of a record, in memory.
pub struct Files<'a> {
    /// `election.json`: manifest, guardians, key and hashes (§11.1).
    pub election: &'a [u8],
    /// `ballots.jsonl`: every ballot, cast or challenged, one per line (§11.2).
    pub ballots: &'a [u8],
    /// `tally.json`: the encrypted totals, the guardians' shares and the counts (§11.3).
    pub tally: &'a [u8],
}

/// The names of the record's files (§11) as the prover writes one station's record; the
/// ballot log may also be compact, `ballots.bin` (docs/formats.md).
pub const FILE_NAMES: [&str; 3] = ["election.json", "ballots.jsonl", "tally.json"];

//! # sailau-formats: the shapes Sailau reads and writes
//!
//! - [`results_file`]: the `sailau-results/1` file of tallies (docs/formats.md);
//! - [`composition`]: the make-up of each body by party, list and single-member seats together;
//! - [`report`]: the results JSON that `sailau results --json` prints, and `--check`;
//! - [`nist`]: the NIST SP 1500-100 v2 ElectionReport export.
//!
//! This crate knows JSON but not files: it turns text into checked values and values into
//! text. Reading and writing files is the CLI's job.

#![warn(missing_docs)]

pub mod composition;
pub mod nist;
pub mod report;
pub mod results_file;

pub use results_file::{ContestEntry, Expected, ResultsFile, FORMAT};

/// A results file that cannot be used, and the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FormatError {
    /// Path of the field, like `contests[0].options[2].votes`, or `(document)`.
    pub field: String,
    /// What is wrong with the field, in words for the person who fixes the file.
    pub message: String,
}

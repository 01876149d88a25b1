//! `sailau-record`: the election record, the whole of what the CEC publishes of an election
//! and what `sailau verify DIR` reads (docs/formats.md, "The election record").
//!
//! This crate is the record's one owner: [`layout`] names every file and where it lies, in a
//! folder and in the service's tar alike; [`results`] is the one road from the national
//! protocol to the published results files and the law's decisions on them, which the demo,
//! the service's record, its results API and its pages all take. The verifier reads the record
//! with code of its own, on purpose; a test pins that both see the same layout.
//!
//! No I/O here: files are the callers' (the CLI writes them whole, the service streams a tar).

#![warn(missing_docs)]

pub mod layout;
pub mod results;

pub use layout::Layout;
pub use results::{BodyResults, Decided, ResultsError};

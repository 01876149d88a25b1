//! `sailau-record`: the election record, the whole of what the CEC publishes of an election
//! and what `sailau verify DIR` reads (docs/formats.md, "The election record").
//!
//! This crate is the record's one owner: [`layout`] names every file and where it lies, in a
//! folder and in the service's tar alike; [`results`] is the one road from the national
//! protocol to the published results files and the law's decisions on them, which the demo,
//! the service's record, its results API and its pages all take. The verifier reads the record
//! with code of its own, on purpose; a test pins that both see the same layout.
//!
//! [`levels`] sums the precinct protocols up to the regions and the nation. [`sink`] writes the
//! record: to a folder, each file whole or not at all, or as the service's tar. It is the
//! one part of the crate that touches files; everything else is pure.

#![warn(missing_docs)]

pub mod layout;
pub mod levels;
pub mod nist;
pub mod results;
pub mod sink;

pub use layout::Layout;
pub use levels::{summary, Summaries, Summary, NATIONAL};
pub use results::{BodyResults, Decided, ResultsError};
pub use sink::{Folder, Sink, Tar};

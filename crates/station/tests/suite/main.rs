//! The crate's integration tests, one module per file, in one binary: a test binary per
//! file would be linked once each, and linking dominates the suite's build.

mod applet;
mod cards;
mod certificates;
#[path = "../common/mod.rs"]
mod common;
mod concurrency;
mod crash;
mod day;
mod gaps;
mod opening_and_guardians;
#[cfg(feature = "pcsc")]
mod pc_sc;
#[cfg(feature = "pcsc")]
#[path = "../common/pcscd.rs"]
mod pcscd;
mod refusals;
mod token;

//! The crate's integration tests, one module per file, in one binary: a test binary per
//! file would be linked once each, and linking dominates the suite's build.

mod cards;
mod certificates;
#[path = "../common/mod.rs"]
mod common;
mod concurrency;
mod crash;
mod day;
mod opening_and_guardians;
mod refusals;
mod token;

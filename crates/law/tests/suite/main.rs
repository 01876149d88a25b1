//! The crate's integration tests, one module per file, in one binary: a test binary per
//! file would be linked once each, and linking dominates the suite's build.

#[path = "../common/mod.rs"]
mod common;
mod editions;
mod party_list;
mod properties;
mod referendum;
mod refusals;
mod single_winner;

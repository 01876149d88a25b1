//! The crate's integration tests, one module per file, in one binary: a test binary per
//! file would be linked once each, and linking dominates the suite's build.

mod arrival;
#[path = "../common/mod.rs"]
mod common;
mod compact;
mod honest;
mod refusals;
mod rejections;
mod vectors;

//! The crate's integration tests, one module per file, in one binary: a test binary per
//! file would be linked once each, and linking dominates the suite's build.

mod authorization;
mod bad_input;
mod certificates;
#[path = "../common/mod.rs"]
mod common;
mod openapi;
mod refusals;
mod registry;
mod service;
mod shared;

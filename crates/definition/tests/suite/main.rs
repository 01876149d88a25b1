//! The crate's integration tests, one module per file, in one binary: a test binary per
//! file would be linked once each, and linking dominates the suite's build.

mod akims;
mod check;
mod refusals;
mod rounds;

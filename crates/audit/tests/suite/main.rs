//! The audit crate's integration tests, one module per file, in one binary.

mod assertions;
mod audit;
mod refusals;

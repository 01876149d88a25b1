//! The crate's integration tests, one module per file, in one binary: a test binary per
//! file would be linked once each, and linking dominates the suite's build.

mod api_conformance;
mod audit;
mod bad_input;
mod binding;
mod ceremony;
#[path = "../common/mod.rs"]
mod common;
mod crash;
mod demo;
mod disk;
mod export;
mod failover;
mod gaps;
mod guardian;
#[cfg(feature = "pcsc")]
mod pc_sc;
#[cfg(feature = "pcsc")]
#[path = "../../../station/tests/common/pcscd.rs"]
mod pcscd;
mod print;
mod protocol_copy;
mod refusals;
mod registry;
mod results;
mod server;
mod shard;
mod station;
mod token;
mod verify;

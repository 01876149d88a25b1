//! The crate's integration tests, one module per file, in one binary: a test binary per
//! file would be linked once each, and linking dominates the suite's build.

mod browser;
mod certificates;
mod console_refusals;
mod i18n;
mod observers;
mod portal;
mod presidential;
mod referendum;
mod register;
mod station_gaps;
mod station_readers;

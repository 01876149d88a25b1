//! The crate's integration tests, one module per file, in one binary: a test binary per
//! file would be linked once each, and linking dominates the suite's build.

mod akims;
mod national;
mod referendum;
mod runoff;
mod senate;

/// A day with `electronic` percent voting on the terminals and every count honest.
fn honest(electronic: u64) -> sailau_simulation::scenario::Conduct {
    sailau_simulation::scenario::Conduct {
        electronic,
        falsify: 0,
    }
}

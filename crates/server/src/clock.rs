//! "Now", for the service: the system clock in production, a settable one in tests (deadlines
//! and the publication hours depend on it).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// Seconds since the Unix epoch, UTC.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The service's source of "now"; the clones of a fixed clock move together.
#[derive(Clone, Default)]
pub struct Clock {
    /// A fixed instant, when set (tests and replays); the system clock otherwise.
    fixed: Option<Arc<AtomicI64>>,
    /// Seconds added to the system clock: a training clock that runs from a chosen instant.
    offset: i64,
}

impl Clock {
    /// The system clock, as production runs.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock stopped at `at` (Unix seconds), moved only by [`Clock::set`]: for tests.
    pub fn fixed(at: i64) -> Clock {
        Clock {
            fixed: Some(Arc::new(AtomicI64::new(at))),
            offset: 0,
        }
    }

    /// A clock that reads `start` now and runs at the system clock's pace: for training a
    /// commission on an election day that is not today.
    pub fn running_from(start: i64) -> Clock {
        Clock {
            fixed: None,
            offset: start - unix_now(),
        }
    }

    /// Whether this clock is not the system's (a training or test clock).
    pub fn is_training(&self) -> bool {
        self.fixed.is_some() || self.offset != 0
    }

    /// The time by this clock, in Unix seconds.
    pub fn now(&self) -> i64 {
        self.fixed
            .as_ref()
            .map_or_else(|| unix_now() + self.offset, |f| f.load(Ordering::SeqCst))
    }

    /// Moves a fixed clock; does nothing to the system clock.
    pub fn set(&self, at: i64) {
        if let Some(f) = &self.fixed {
            f.store(at, Ordering::SeqCst);
        }
    }
}

//! Rate limits: what a retrying station or a careless script never reaches, and a flood
//! always does. Uploads are limited per precinct (a station behind a shared address is
//! still its own), counting only properly signed uploads that are not retries of what the
//! service holds: a forgery is refused before it costs anything, and a replay of a station's
//! public upload cannot lock the station out. Sign-ins are limited per account name
//! (guessing one password) and overall (Argon2 is deliberately expensive, so sign-ins are
//! what a flood would aim at).

use crate::error::ApiError;
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;

/// The service's rate limits, kept in memory: uploads per precinct, sign-ins per name and overall.
pub struct Limits {
    uploads: DefaultKeyedRateLimiter<String>,
    sign_in_by_name: DefaultKeyedRateLimiter<String>,
    sign_in_all: DefaultDirectRateLimiter,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n).expect("nonzero"))
}

/// Uploads per precinct per minute, in a burst or spread.
pub const UPLOADS_PER_MINUTE: u32 = 30;
/// Sign-in attempts per account name per minute.
pub const SIGN_INS_PER_MINUTE: u32 = 10;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            uploads: RateLimiter::keyed(per_minute(UPLOADS_PER_MINUTE)),
            sign_in_by_name: RateLimiter::keyed(per_minute(SIGN_INS_PER_MINUTE)),
            sign_in_all: RateLimiter::direct(
                Quota::per_second(NonZeroU32::new(20).expect("nonzero"))
                    .allow_burst(NonZeroU32::new(40).expect("nonzero")),
            ),
        }
    }
}

impl Limits {
    /// Counts one of `precinct`'s uploads; refused (429) past [`UPLOADS_PER_MINUTE`].
    pub fn upload(&self, precinct: &str) -> Result<(), ApiError> {
        self.uploads.check_key(&precinct.to_string()).map_err(|_| {
            ApiError::TooManyRequests(format!(
                "precinct {precinct}: more than {UPLOADS_PER_MINUTE} uploads a minute; wait and retry (a retry of an accepted upload changes nothing)"
            ))
        })
    }

    /// Counts one sign-in attempt for `name`; refused (429) past [`SIGN_INS_PER_MINUTE`] for the
    /// name, or 20 a second overall.
    pub fn sign_in(&self, name: &str) -> Result<(), ApiError> {
        self.sign_in_all.check().map_err(|_| {
            ApiError::TooManyRequests("too many sign-ins at once; retry in a second".into())
        })?;
        self.sign_in_by_name
            .check_key(&name.to_string())
            .map_err(|_| {
                ApiError::TooManyRequests(format!(
                "{name}: more than {SIGN_INS_PER_MINUTE} sign-in attempts a minute; wait a minute"
            ))
            })
    }
}

//! The current time as RFC 3339 UTC, for report headers. Nothing decided depends on it.

use sailau_law::election_day::Moment;
use std::time::{SystemTime, UNIX_EPOCH};

/// `YYYY-MM-DDTHH:MM:SSZ` for now.
pub fn now_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    rfc3339(secs)
}

/// Seconds since 1970-01-01T00:00:00Z as RFC 3339: the law crate's calendar does the work.
fn rfc3339(secs: u64) -> String {
    Moment(i64::try_from(secs).unwrap_or(i64::MAX)).to_string()
}

#[cfg(test)]
mod tests {
    use super::rfc3339;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        // 2023-03-19T15:00:00Z, polls closing in Astana on Mazhilis election day.
        assert_eq!(rfc3339(1_679_238_000), "2023-03-19T15:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }
}

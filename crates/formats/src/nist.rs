//! NIST SP 1500-100 v2 ElectionReport export, summary level.

use crate::results_file::{ContestEntry, ResultsFile};
use sailau_law::Decision;
use serde_json::Value;

/// The ElectionReport for a decided results file. `generated` is the report's
/// `GeneratedDate`, an RFC 3339 date-time in UTC (`2023-03-20T12:00:00Z`).
pub fn election_report(_file: &ResultsFile, _decided: &[(&ContestEntry, Decision)], _generated: &str) -> Value {
    todo!("being written")
}

//! The legal deadlines (`sailau_law::election_day`): each precinct's protocol within
//! [`PROTOCOLS_WITHIN_DAYS`] days, the final results within [`RESULTS_WITHIN_DAYS`], each read
//! at the precinct's own offset ("before midnight ending the n-th day after", docs/law.md);
//! and which units have late or overdue precincts. Read by the API and the commissions'
//! console alike.

use crate::election::Election;
use sailau_law::election_day::{days_after, PROTOCOLS_WITHIN_DAYS, RESULTS_WITHIN_DAYS};
use std::collections::{BTreeMap, HashMap};

/// Where a precinct's protocol stands against its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Received before its deadline.
    OnTime,
    /// Received, but after its deadline.
    Late,
    /// Not received, and its deadline has passed.
    Overdue,
    /// Not received yet, and still within its deadline.
    Awaiting,
}

impl Status {
    /// The status as the API spells it (`on-time`, `late`, `overdue`, `awaiting`).
    pub fn name(self) -> &'static str {
        match self {
            Status::OnTime => "on-time",
            Status::Late => "late",
            Status::Overdue => "overdue",
            Status::Awaiting => "awaiting",
        }
    }
}

/// One precinct's protocol and its deadline.
#[derive(Clone, Debug)]
pub struct Due {
    /// The precinct whose protocol is due.
    pub precinct: String,
    /// The unit the precinct belongs to directly.
    pub unit: String,
    /// The first instant at which the protocol is late (Unix seconds).
    pub due: i64,
    /// When its protocol was accepted (Unix seconds), if it was.
    pub received_at: Option<i64>,
    /// Where it stands at the time asked about.
    pub status: Status,
}

/// Every precinct's deadline and status at `now`, given when each protocol was received; the
/// units with late or overdue precincts (how many); and when the final results are due.
pub fn precincts(
    e: &Election,
    received: &HashMap<String, (String, i64)>,
    now: i64,
) -> (Vec<Due>, BTreeMap<String, u64>, i64) {
    let day = e.def.election.date;
    let mut late_units = BTreeMap::<String, u64>::new();
    let mut results_due = i64::MAX;
    let list = e
        .def
        .precincts
        .iter()
        .map(|p| {
            let due = days_after(day, PROTOCOLS_WITHIN_DAYS, p.utc_offset).0;
            results_due = results_due.min(days_after(day, RESULTS_WITHIN_DAYS, p.utc_offset).0);
            let at = received.get(&p.id).map(|(_, at)| *at);
            let status = match at {
                Some(at) if at < due => Status::OnTime,
                Some(_) => Status::Late,
                None if now >= due => Status::Overdue,
                None => Status::Awaiting,
            };
            if matches!(status, Status::Late | Status::Overdue) {
                for u in e.units_of(&p.id) {
                    *late_units.entry(u.clone()).or_default() += 1;
                }
            }
            Due {
                precinct: p.id.clone(),
                unit: p.unit.clone(),
                due,
                received_at: at,
                status,
            }
        })
        .collect();
    (list, late_units, results_due)
}

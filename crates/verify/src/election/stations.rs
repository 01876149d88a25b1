//! The station pass: each station's record checked (§12's fifteen checks), and of its ballots
//! and tally only what the later checks need is kept, so that a country's ballots never have
//! to be in memory at once.

use super::checks::{log_head, log_head_of};
use super::files::{self, TallySummary};
use crate::record::{read_election, read_log, ElectionRead};
use crate::{Options, Report};
use sha2::{Digest, Sha256};

/// What the election-level checks keep of one station once its record is checked.
#[derive(Debug)]
pub struct Seen {
    /// The precinct's id.
    pub precinct: String,
    /// Its report on checks 1-15, or why its record could not be read.
    pub report: Result<Report, String>,
    /// The head of its ballot log over `ballots.jsonl` and its entries (§15.1), when H_E
    /// could be read from `election.json` (check 18).
    pub log: Option<([u8; 32], u64)>,
    /// The SHA-256 of its `tally.json` (check 18); `None` when it could not be read.
    pub tally_sha256: Option<[u8; 32]>,
    /// Its `tally.json`'s counts, read loosely (checks 18, 19).
    pub tally: Option<TallySummary>,
}

/// What every station of one election shares: one reading of `election.json`.
pub struct Pass<'p> {
    election: Result<ElectionRead, String>,
    extended_base_hash: Option<[u8; 32]>,
    opts: &'p Options,
    progress: &'p (dyn Fn(u64) + Sync),
}

/// H_E as `election.json` states it, read loosely: the seals are judged against it even when
/// the file fails the strict reading (check 16 reports that).
pub(crate) fn stated_extended_base_hash(election: &[u8]) -> Option<[u8; 32]> {
    let v: serde_json::Value = serde_json::from_slice(election).ok()?;
    sailau_group::from_hex32(v["extended_base_hash"].as_str()?).ok()
}

impl<'p> Pass<'p> {
    /// Reads `election.json` once for all the stations.
    pub fn new(election: &[u8], opts: &'p Options, progress: &'p (dyn Fn(u64) + Sync)) -> Self {
        Pass {
            election: read_election(election).map_err(|e| e.to_string()),
            extended_base_hash: stated_extended_base_hash(election),
            opts,
            progress,
        }
    }

    /// Checks one station's `ballots.jsonl` and `tally.json` (or says why they could not be
    /// read) and keeps what the later checks need.
    pub fn see(&self, precinct: &str, files: Result<(&[u8], &[u8]), String>) -> Seen {
        let (ballots, tally) = match files {
            Ok(f) => f,
            Err(e) => {
                return Seen {
                    precinct: precinct.to_string(),
                    report: Err(e),
                    log: None,
                    tally_sha256: None,
                    tally: None,
                }
            }
        };
        // The log is read once, for the checks and for its head. A JSON log that cannot be
        // read still has lines to hash; a compact one that cannot be read has none.
        let log = read_log(ballots);
        let head = self.extended_base_hash.and_then(|h_e| match &log {
            Ok(l) => Some(log_head_of(&h_e, precinct, l.lines.iter().map(|l| &l[..]))),
            Err(_) if !crate::compact::is_compact(ballots) => {
                Some(log_head(&h_e, precinct, ballots))
            }
            Err(_) => None,
        });
        let report = match (&self.election, log) {
            (Ok(e), Ok(log)) => crate::checks::verify_log(e, log, tally, self.opts, self.progress)
                .map_err(|e| e.to_string()),
            (Ok(_), Err(e)) => Err(e.to_string()),
            (Err(e), _) => Err(e.clone()),
        };
        Seen {
            precinct: precinct.to_string(),
            report,
            log: head,
            tally_sha256: Some(Sha256::digest(tally).into()),
            tally: files::tally_summary(tally),
        }
    }
}

/// 16: each station's report, and every station whose record fails or cannot be read.
pub fn records(seen: &[Seen]) -> (Vec<(String, Report)>, Vec<String>) {
    let mut reports = Vec::new();
    let mut fails = Vec::new();
    for s in seen {
        let precinct = &s.precinct;
        match &s.report {
            Ok(r) => {
                for c in r.checks.iter().filter(|c| !c.passed()) {
                    fails.push(format!(
                        "precincts/{precinct}: check {} failed: {}",
                        c.number, c.title
                    ));
                }
                reports.push((precinct.clone(), r.clone()));
            }
            Err(e) => fails.push(format!("precincts/{precinct}: unreadable: {e}")),
        }
    }
    (reports, fails)
}

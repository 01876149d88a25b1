//! A whole election: every polling station's record, its signed protocol, the summary
//! protocols above them, the results, and the definition they are all read with
//! (docs/formats.md, "The election record").
//!
//! Each station's record is checked with the fifteen checks of §12. Then the checks here tie
//! the stations to the result: every protocol is signed by its station's key; its seal is the
//! head of its ballot log (§15.1); its electronic counts are its record's decrypted totals; its
//! control relations hold; the territorial and national protocols are the sums of the precinct
//! protocols; the results files carry the national totals; the published decisions are what
//! the law decides on them; and every one of these, the key ceremony and every ballot name
//! the one published definition by its digest. Every published file is held to its canonical
//! form, so no byte of the record can change unnoticed. The protocols and the definition are
//! read with types of this crate's own, from the documented formats, not with the code that
//! wrote them.

mod checks;
mod definition;
mod files;
pub mod folder;
mod read;
pub mod rounds;
pub mod shard;
mod stations;

pub use checks::{log_head, log_head_of};
pub use files::TallySummary;
pub use stations::Seen;

use crate::Report;
use rayon::prelude::*;

/// The titles of the election-level checks, numbered from 16 on after §12's fifteen.
pub const ELECTION_TITLES: [&str; 10] = [
    "every station's record passes the fifteen checks",
    "every precinct protocol is signed by its station's key",
    "every protocol's seal is the head of its station's ballot log",
    "every protocol's electronic counts are its record's decrypted totals",
    "every protocol's control relations hold",
    "the territorial and national protocols are the sums of the precinct protocols",
    "the results files carry the national protocol's totals",
    "the published decisions are what the law decides",
    "the key ceremony, every ballot and every protocol are bound to the published definition",
    "a second round follows from its certified first round",
];

/// One station's files.
pub struct StationFiles<'a> {
    /// The precinct's id: the name of its folder `precincts/ID`.
    pub precinct: String,
    /// Its ballot log, in order (§15.1): `ballots.bin`, or `ballots.jsonl` in earlier records.
    pub ballots: &'a [u8],
    /// Its `tally.json`, over the contests of the station's ballot style (§9, §11.3).
    pub tally: &'a [u8],
    /// Its `protocol.json`: the precinct protocol, signed by the station key.
    pub protocol: &'a [u8],
}

/// The files of an election record, in memory.
pub struct ElectionFiles<'a> {
    /// `definition.json`: the election definition, whose digest everything else names.
    pub definition: &'a [u8],
    /// `election.json`, the one every station's record shares (§11.1).
    pub election: &'a [u8],
    /// `stations.json`: each precinct's station key, which signs its protocol.
    pub stations: &'a [u8],
    /// Each polling station's files, by precinct.
    pub precincts: Vec<StationFiles<'a>>,
    /// Territorial summary protocols, by unit.
    pub territorial: Vec<(String, &'a [u8])>,
    /// `national.json`: the national summary protocol, the sum of all precinct protocols.
    pub national: &'a [u8],
    /// Per body: the `sailau-results/1` file and the published decisions.
    pub results: Vec<(String, &'a [u8], &'a [u8])>,
}

impl<'a> ElectionFiles<'a> {
    /// Everything but the stations' ballots and tallies: what the checks after the station
    /// pass read.
    pub fn above(&self) -> Above<'a> {
        Above {
            definition: self.definition,
            election: self.election,
            stations: self.stations,
            protocols: self
                .precincts
                .iter()
                .map(|s| (s.precinct.clone(), s.protocol))
                .collect(),
            territorial: self.territorial.clone(),
            national: self.national,
            results: self.results.clone(),
            first_round: None,
        }
    }
}

/// The files of an election record other than the stations' ballots and tallies, which the
/// station pass reads one station at a time and lets go ([`Seen`] is what it keeps).
pub struct Above<'a> {
    /// `definition.json`.
    pub definition: &'a [u8],
    /// `election.json`.
    pub election: &'a [u8],
    /// `stations.json`.
    pub stations: &'a [u8],
    /// Each precinct's `protocol.json`, by precinct, in the order of the folders.
    pub protocols: Vec<(String, &'a [u8])>,
    /// Territorial summary protocols, by unit.
    pub territorial: Vec<(String, &'a [u8])>,
    /// `national.json`.
    pub national: &'a [u8],
    /// Per body: the results file and the published decisions.
    pub results: Vec<(String, &'a [u8], &'a [u8])>,
    /// A second round's first round, verified (`first-round/`), when the record has one.
    pub first_round: Option<rounds::FirstRound>,
}

/// The outcome of every election-level check, and each station's report.
pub struct ElectionReport {
    /// Each station's report on checks 1–15 (§12), by precinct id.
    pub stations: Vec<(String, Report)>,
    /// Checks 16 to 25: title and failures.
    pub checks: Vec<(&'static str, Vec<String>)>,
}

impl ElectionReport {
    /// True when every election-level check passed; check 16 covers the stations' records.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|(_, f)| f.is_empty())
    }
}

/// Runs every check on a whole election in memory. Unreadable files are reported as failures
/// of the check that reads them.
pub fn verify_election(
    files: &ElectionFiles,
    opts: &crate::Options,
    progress: &(dyn Fn(u64) + Sync),
) -> ElectionReport {
    let pass = stations::Pass::new(files.election, opts, progress);
    let seen: Vec<Seen> = files
        .precincts
        .par_iter()
        .map(|s| pass.see(&s.precinct, Ok((s.ballots, s.tally))))
        .collect();
    verify_above(&files.above(), seen)
}

/// Checks 16 to 25, on the files above the stations and what the station pass kept of each
/// station, in the order of `above.protocols`.
pub fn verify_above(above: &Above, seen: Vec<Seen>) -> ElectionReport {
    let (stations, records) = stations::records(&seen);
    let r = read::Read::new(above, &seen);
    let fails = vec![
        records,
        checks::protocol_signatures(&r),
        checks::seals(&r),
        checks::electronic_counts(&r),
        checks::control_relations(&r),
        checks::sums(&r),
        checks::results_files(&r),
        checks::decisions(&r),
        checks::definition_binding(&r),
        rounds::second_round(&r),
    ];
    ElectionReport {
        stations,
        checks: ELECTION_TITLES.iter().copied().zip(fails).collect(),
    }
}

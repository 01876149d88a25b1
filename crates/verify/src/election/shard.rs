//! Sharded verification (docs/verify.md, "Sharded verification"): for whoever outgrows one
//! machine. Shard K of N checks the stations at positions K−1, K−1+N, K−1+2N, … of the
//! record's precincts in folder order, and writes what the station pass kept of each into a
//! `sailau-verify-shard/1` report. The merge reads the N reports with the record's files
//! above the stations (never its ballots or tallies) and runs checks 16 to 24, refusing a set
//! of reports with a share missing or repeated, or made of another record.

use super::files::TallySummary;
use super::folder::Record;
use super::{ElectionReport, Seen};
use crate::{Options, Report, TITLES};
use sailau_group::{from_hex32, to_hex};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The format tag of a shard's report.
pub const FORMAT: &str = "sailau-verify-shard/1";

/// Shard K of N, K in 1..=N.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// K, from 1.
    pub k: u32,
    /// N, the number of shards.
    pub n: u32,
}

impl std::str::FromStr for Shard {
    type Err = String;
    /// `K/N`, with 1 ≤ K ≤ N.
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("'{s}' is not K/N with 1 <= K <= N (e.g. 3/8)");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (k, n): (u32, u32) = (k.parse().map_err(|_| bad())?, n.parse().map_err(|_| bad())?);
        if k == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

impl Shard {
    /// The positions, in folder order, of this shard's stations among `stations`.
    pub fn positions(self, stations: usize) -> Vec<usize> {
        (self.k as usize - 1..stations)
            .step_by(self.n as usize)
            .collect()
    }
}

/// Why a set of shard reports cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// A report is not a readable `sailau-verify-shard/1` file.
    #[error("{0}: not a {FORMAT} report: {1}")]
    Unreadable(String, String),
    /// A report is of another record.
    #[error("{0}: a report of another record (its {1} differs)")]
    OtherRecord(String, &'static str),
    /// The reports do not split the stations in the same number of shares.
    #[error("{0}: shard {1}/{2}, but the first report is of {3} shards")]
    Count(String, u32, u32, u32),
    /// A share is there twice.
    #[error("shard {0}/{1} is given twice ({2} and {3})")]
    Repeated(u32, u32, String, String),
    /// A share is missing.
    #[error("shard {0}/{1} is missing")]
    Missing(u32, u32),
    /// A report's stations are not its share's.
    #[error("{0}: its stations are not shard {1}/{2}'s stations of this record")]
    Stations(String, u32, u32),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShardFile {
    format: String,
    shard: u32,
    of: u32,
    /// SHA-256 of `definition.json`, of `election.json`, and of the precincts' ids (each
    /// followed by a newline, in folder order): the record the shard was cut from.
    definition: String,
    election: String,
    precincts: String,
    stations: Vec<StationEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StationEntry {
    precinct: String,
    /// The report on checks 1-15, or why the record could not be read.
    report: Result<ReportEntry, String>,
    /// The ballot log's head and entries.
    log: Option<(String, u64)>,
    tally_sha256: Option<String>,
    tally: Option<TallyEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportEntry {
    cast: u64,
    challenged: u64,
    /// Per check 1..=15 in order: its failures.
    failures: Vec<Vec<String>>,
    totals: Vec<(String, Vec<(String, u64)>)>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TallyEntry {
    challenged: Option<u64>,
    missing: u64,
    contests: Vec<super::files::TalliedCounts>,
}

fn sha256_hex(bytes: &[u8]) -> String {
    to_hex(&Sha256::digest(bytes))
}

fn identity(record: &Record) -> [String; 3] {
    let (definition, election) = record.identity();
    let mut ids = Vec::new();
    for id in record.precincts() {
        ids.extend_from_slice(id.as_bytes());
        ids.push(b'\n');
    }
    [
        sha256_hex(definition),
        sha256_hex(election),
        sha256_hex(&ids),
    ]
}

/// Runs shard `shard`'s station pass on `record` and returns its report, a JSON file.
pub fn run(
    record: &Record,
    shard: Shard,
    opts: &Options,
    done: &(dyn Fn() + Sync),
) -> (Vec<u8>, Vec<Seen>) {
    let positions = shard.positions(record.precincts().len());
    let seen = record.see(&positions, opts, done);
    let [definition, election, precincts] = identity(record);
    let file = ShardFile {
        format: FORMAT.into(),
        shard: shard.k,
        of: shard.n,
        definition,
        election,
        precincts,
        stations: seen.iter().map(entry).collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&file).expect("a shard report serializes");
    bytes.push(b'\n');
    (bytes, seen)
}

fn entry(s: &Seen) -> StationEntry {
    StationEntry {
        precinct: s.precinct.clone(),
        report: s
            .report
            .as_ref()
            .map_err(Clone::clone)
            .map(|r| ReportEntry {
                cast: r.cast,
                challenged: r.challenged,
                failures: r.checks.iter().map(|c| c.failures.clone()).collect(),
                totals: r.totals.clone(),
            }),
        log: s.log.map(|(h, n)| (to_hex(&h), n)),
        tally_sha256: s.tally_sha256.map(|h| to_hex(&h)),
        tally: s.tally.as_ref().map(|t| TallyEntry {
            challenged: t.challenged,
            missing: t.missing,
            contests: t.contests.clone(),
        }),
    }
}

fn seen(e: StationEntry, name: &str) -> Result<Seen, MergeError> {
    let bad = |why: &str| MergeError::Unreadable(name.to_string(), why.to_string());
    let hash = |h: &str| from_hex32(h).map_err(|_| bad("a hash is not 64 hex digits"));
    let report = match e.report {
        Ok(r) => {
            if r.failures.len() != TITLES.len() {
                return Err(bad("a station's report does not list the fifteen checks"));
            }
            Ok(Report::of(r.failures, r.cast, r.challenged, r.totals))
        }
        Err(why) => Err(why),
    };
    let log = match e.log {
        Some((h, n)) => Some((hash(&h)?, n)),
        None => None,
    };
    let tally_sha256 = match e.tally_sha256 {
        Some(h) => Some(hash(&h)?),
        None => None,
    };
    Ok(Seen {
        precinct: e.precinct,
        report,
        log,
        tally_sha256,
        tally: e.tally.map(|t| TallySummary {
            challenged: t.challenged,
            missing: t.missing,
            contests: t.contests,
        }),
    })
}

/// Merges the N shard reports (each `(name, bytes)`, the name for messages) of `record`
/// and runs checks 16 to 24. Refuses, naming it, a report that is unreadable or of another
/// record, a share missing or repeated, and a share whose stations are not its own.
pub fn merge(record: &Record, reports: &[(String, Vec<u8>)]) -> Result<ElectionReport, MergeError> {
    let mine = identity(record);
    let mut shards: Vec<(String, ShardFile)> = Vec::with_capacity(reports.len());
    for (name, bytes) in reports {
        let f: ShardFile = serde_json::from_slice(bytes)
            .map_err(|e| MergeError::Unreadable(name.clone(), e.to_string()))?;
        if f.format != FORMAT {
            return Err(MergeError::Unreadable(
                name.clone(),
                format!("its format is '{}'", f.format),
            ));
        }
        for (theirs, ours, what) in [
            (&f.definition, &mine[0], "definition.json"),
            (&f.election, &mine[1], "election.json"),
            (&f.precincts, &mine[2], "list of precincts"),
        ] {
            if theirs != ours {
                return Err(MergeError::OtherRecord(name.clone(), what));
            }
        }
        if f.shard == 0 || f.shard > f.of {
            return Err(MergeError::Unreadable(
                name.clone(),
                format!("shard {}/{}", f.shard, f.of),
            ));
        }
        if let Some((_, s)) = shards.first() {
            if f.of != s.of {
                return Err(MergeError::Count(name.clone(), f.shard, f.of, s.of));
            }
        }
        if let Some((other, _)) = shards.iter().find(|(_, s)| s.shard == f.shard) {
            return Err(MergeError::Repeated(
                f.shard,
                f.of,
                other.clone(),
                name.clone(),
            ));
        }
        shards.push((name.clone(), f));
    }
    let Some(n) = shards.first().map(|(_, s)| s.of) else {
        return Err(MergeError::Missing(1, 1));
    };
    for k in 1..=n {
        if !shards.iter().any(|(_, s)| s.shard == k) {
            return Err(MergeError::Missing(k, n));
        }
    }
    let ids: Vec<&str> = record.precincts().collect();
    let mut slots: Vec<Option<Seen>> = (0..ids.len()).map(|_| None).collect();
    for (name, f) in shards {
        let positions = Shard { k: f.shard, n }.positions(ids.len());
        if positions.len() != f.stations.len()
            || positions
                .iter()
                .zip(&f.stations)
                .any(|(&i, e)| ids[i] != e.precinct)
        {
            return Err(MergeError::Stations(name, f.shard, n));
        }
        for (i, e) in positions.into_iter().zip(f.stations) {
            slots[i] = Some(seen(e, &name)?);
        }
    }
    // The N shares partition the positions, each checked above to be its share's.
    let seen: Vec<Seen> = slots.into_iter().flatten().collect();
    Ok(super::verify_above(
        &record.above_checked(&crate::Options::default()),
        seen,
    ))
}

#[cfg(test)]
mod tests {
    use super::Shard;
    use proptest::prelude::*;

    #[test]
    fn a_shard_is_read_as_k_of_n() {
        assert_eq!("3/8".parse(), Ok(Shard { k: 3, n: 8 }));
        assert_eq!("1/1".parse(), Ok(Shard { k: 1, n: 1 }));
        for bad in ["0/3", "4/3", "3", "/3", "1/", "a/2", "1/0", "-1/2", "1/2/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad} was accepted");
        }
    }

    proptest! {
        /// The N shares of any number of stations hold every station exactly once, in order,
        /// and differ in size by at most one.
        #[test]
        fn the_shares_partition_the_stations(stations in 0usize..300, n in 1u32..40) {
            let mut seen = vec![0u32; stations];
            let mut sizes = Vec::new();
            for k in 1..=n {
                let share = Shard { k, n }.positions(stations);
                prop_assert!(share.windows(2).all(|w| w[0] < w[1]));
                for &i in &share {
                    seen[i] += 1;
                }
                sizes.push(share.len());
            }
            prop_assert!(seen.iter().all(|&c| c == 1));
            let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
            prop_assert!(hi - lo <= 1);
        }
    }
}

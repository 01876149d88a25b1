//! The verifier's own reader of an election record on disk (docs/formats.md, "The election
//! record"). It is written apart from the code that writes the record (`sailau-record`), on
//! purpose: a test pins that both see the same layout. A file that is missing or cannot be
//! read is unreadable input (exit 2); what is read is judged by the checks.

use super::stations::Pass;
use super::{Above, ElectionFiles, ElectionReport, Seen, StationFiles};
use crate::Unreadable;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Is `dir` an election record (rather than one station's record)?
pub fn is_election(dir: &Path) -> bool {
    dir.join("definition.json").is_file() && dir.join("precincts").is_dir()
}

/// The files of an election record other than its stations' ballots and tallies, read into
/// memory; those are read station by station, in parallel, and let go ([`Record::see`]).
pub struct Record {
    dir: PathBuf,
    definition: Vec<u8>,
    election: Vec<u8>,
    stations: Vec<u8>,
    /// Each precinct's id and its `protocol.json`, in the order of the folders.
    protocols: Vec<(String, Vec<u8>)>,
    territorial: Vec<(String, Vec<u8>)>,
    national: Vec<u8>,
    results: Vec<(String, Vec<u8>, Vec<u8>)>,
    /// A second round's first round: its own whole record, in `first-round/`.
    first: Option<Box<Record>>,
}

/// Every file of an election record, read into memory.
pub struct Loaded {
    record: Record,
    /// Per precinct, in the order of `record.protocols`: its ballots and tally.
    precincts: Vec<[Vec<u8>; 2]>,
    /// Per precinct, the name of its ballot log's file (one of [`LOGS`]).
    logs: Vec<String>,
}

fn unreadable(path: &Path, reason: impl std::fmt::Display) -> Unreadable {
    Unreadable {
        file: path.display().to_string(),
        reason: format!("cannot read: {reason}"),
    }
}

fn read(path: &Path) -> Result<Vec<u8>, Unreadable> {
    std::fs::read(path).map_err(|e| unreadable(path, e))
}

/// The names in a folder, sorted; hidden files and half-written `.tmp` files left out.
fn names(dir: &Path) -> Result<Vec<String>, Unreadable> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| unreadable(dir, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && !n.ends_with(".tmp"))
        .collect();
    out.sort();
    Ok(out)
}

/// A station's ballot log: compact, or in the JSON form of earlier records. A record holds
/// one of them.
const LOGS: [&str; 2] = ["ballots.bin", "ballots.jsonl"];

/// The two files of a station's record the station pass reads: its ballot log and its tally.
fn station_files(p: &Path) -> Result<[PathBuf; 2], Unreadable> {
    let mut logs = LOGS.iter().map(|f| p.join(f)).filter(|f| f.is_file());
    let log = match (logs.next(), logs.next()) {
        (Some(log), None) => log,
        (None, _) => {
            return Err(unreadable(
                &p.join(LOGS[0]),
                format!("no such file (nor {})", LOGS[1]),
            ))
        }
        (Some(_), Some(_)) => {
            return Err(unreadable(
                p,
                "two ballot logs, ballots.bin and ballots.jsonl: a station has one",
            ))
        }
    };
    let tally = p.join("tally.json");
    if !tally.is_file() {
        return Err(unreadable(&tally, "no such file"));
    }
    Ok([log, tally])
}

/// Opens an election record: reads every file but the stations' ballots and tallies, and
/// makes sure those are there (a missing one is unreadable input).
pub fn open(dir: &Path) -> Result<Record, Unreadable> {
    let mut protocols = Vec::new();
    for id in names(&dir.join("precincts"))? {
        let p = dir.join("precincts").join(&id);
        station_files(&p)?;
        let protocol = read(&p.join("protocol.json"))?;
        protocols.push((id, protocol));
    }
    let mut territorial = Vec::new();
    let tdir = dir.join("territorial");
    if tdir.is_dir() {
        for name in names(&tdir)? {
            if let Some(unit) = name.strip_suffix(".json") {
                territorial.push((unit.to_string(), read(&tdir.join(&name))?));
            }
        }
    }
    // Each results file with its decisions; one without the other is an incomplete record.
    let mut results = Vec::new();
    let rdir = dir.join("results");
    for name in names(&rdir)? {
        if name.ends_with("-decided.json") {
            let input = name.replace("-decided.json", ".json");
            if !rdir.join(&input).is_file() {
                return Err(unreadable(
                    &rdir.join(&name),
                    format!("it has decisions but no {input}"),
                ));
            }
        } else if let Some(body) = name.strip_suffix(".json") {
            let decided = rdir.join(format!("{body}-decided.json"));
            results.push((body.to_string(), read(&rdir.join(&name))?, read(&decided)?));
        }
    }
    Ok(Record {
        dir: dir.to_path_buf(),
        definition: read(&dir.join("definition.json"))?,
        election: read(&dir.join("election.json"))?,
        stations: read(&dir.join("stations.json"))?,
        protocols,
        territorial,
        national: read(&dir.join("national.json"))?,
        results,
        first: match dir.join(super::rounds::FIRST_ROUND) {
            f if f.is_dir() => Some(Box::new(open(&f)?)),
            _ => None,
        },
    })
}

/// Reads an election record whole.
pub fn load(dir: &Path) -> Result<Loaded, Unreadable> {
    let record = open(dir)?;
    let mut precincts = Vec::new();
    let mut logs = Vec::new();
    for (id, _) in &record.protocols {
        let [b, t] = record.station_paths(id)?;
        logs.push(
            b.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
        );
        precincts.push([read(&b)?, read(&t)?]);
    }
    Ok(Loaded {
        record,
        precincts,
        logs,
    })
}

impl Record {
    fn station_paths(&self, precinct: &str) -> Result<[PathBuf; 2], Unreadable> {
        station_files(&self.dir.join("precincts").join(precinct))
    }

    /// The precincts' ids, in the order of the folders.
    pub fn precincts(&self) -> impl ExactSizeIterator<Item = &str> {
        self.protocols.iter().map(|(id, _)| id.as_str())
    }

    /// The files the checks after the station pass read.
    pub fn above(&self) -> Above<'_> {
        Above {
            definition: &self.definition,
            election: &self.election,
            stations: &self.stations,
            protocols: self
                .protocols
                .iter()
                .map(|(id, p)| (id.clone(), p.as_slice()))
                .collect(),
            territorial: self
                .territorial
                .iter()
                .map(|(u, b)| (u.clone(), b.as_slice()))
                .collect(),
            national: &self.national,
            results: self
                .results
                .iter()
                .map(|(b, i, d)| (b.clone(), i.as_slice(), d.as_slice()))
                .collect(),
            first_round: None,
        }
    }

    /// The first round of a second round's record, verified whole: what check 25 needs.
    pub fn first_round(&self, opts: &crate::Options) -> Option<super::rounds::FirstRound> {
        let first = self.first.as_ref()?;
        let report = first.verify(opts, &|| {});
        let failures = report
            .checks
            .iter()
            .zip(16..)
            .filter(|((_, f), _)| !f.is_empty())
            .map(|((title, f), n)| format!("check {n} ({title}): {}", f[0]))
            .collect();
        Some(super::rounds::FirstRound {
            definition: first.definition.clone(),
            decided: first
                .results
                .iter()
                .map(|(b, _, d)| (b.clone(), d.clone()))
                .collect(),
            failures,
        })
    }

    /// The files above the stations, with the first round verified where there is one.
    pub fn above_checked(&self, opts: &crate::Options) -> Above<'_> {
        Above {
            first_round: self.first_round(opts),
            ..self.above()
        }
    }

    /// The station pass over the precincts at `positions` (in the order of the folders),
    /// in parallel: each station's ballots and tally are read, checked and let go, so memory
    /// holds only the stations being checked. `done` is told of each station checked.
    pub fn see(
        &self,
        positions: &[usize],
        opts: &crate::Options,
        done: &(dyn Fn() + Sync),
    ) -> Vec<Seen> {
        let pass = Pass::new(&self.election, opts, &|_| {});
        positions
            .par_iter()
            .map(|&i| {
                let id = &self.protocols[i].0;
                let files = self
                    .station_paths(id)
                    .and_then(|[b, t]| Ok((read(&b)?, read(&t)?)))
                    .map_err(|e| e.to_string());
                let seen = pass.see(
                    id,
                    files
                        .as_ref()
                        .map(|(b, t)| (b.as_slice(), t.as_slice()))
                        .map_err(Clone::clone),
                );
                done();
                seen
            })
            .collect()
    }

    /// Every check, stations streamed from disk.
    pub fn verify(&self, opts: &crate::Options, done: &(dyn Fn() + Sync)) -> ElectionReport {
        let all: Vec<usize> = (0..self.protocols.len()).collect();
        let seen = self.see(&all, opts, done);
        super::verify_above(&self.above_checked(opts), seen)
    }

    /// `definition.json` and `election.json`, which a shard's report names by their hashes.
    pub(crate) fn identity(&self) -> (&[u8], &[u8]) {
        (&self.definition, &self.election)
    }
}

impl Loaded {
    /// The files as the checks take them.
    pub fn files(&self) -> ElectionFiles<'_> {
        let above = self.record.above();
        ElectionFiles {
            definition: above.definition,
            election: above.election,
            stations: above.stations,
            precincts: above
                .protocols
                .iter()
                .zip(&self.precincts)
                .map(|((id, p), [b, t])| StationFiles {
                    precinct: id.clone(),
                    ballots: b,
                    tally: t,
                    protocol: p,
                })
                .collect(),
            territorial: above.territorial,
            national: above.national,
            results: above.results,
        }
    }

    /// Every file read, by its path in the record: for tests that change them.
    pub fn paths(&self) -> Vec<String> {
        let r = &self.record;
        let mut out = vec![
            "definition.json".to_string(),
            "election.json".into(),
            "stations.json".into(),
            "national.json".into(),
        ];
        for ((id, _), log) in r.protocols.iter().zip(&self.logs) {
            for f in [log.as_str(), "tally.json", "protocol.json"] {
                out.push(format!("precincts/{id}/{f}"));
            }
        }
        for (u, _) in &r.territorial {
            out.push(format!("territorial/{u}.json"));
        }
        for (b, ..) in &r.results {
            out.push(format!("results/{b}.json"));
            out.push(format!("results/{b}-decided.json"));
        }
        out.sort();
        out
    }
}

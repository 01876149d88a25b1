//! The verifier's own reader of an election record on disk (docs/formats.md, "The election
//! record"). It is written apart from the code that writes the record (`sailau-record`), on
//! purpose: a test pins that both see the same layout. A file that is missing or cannot be
//! read is unreadable input (exit 2); what is read is judged by the checks.

use super::{ElectionFiles, StationFiles};
use crate::Unreadable;
use std::path::Path;

/// Is `dir` an election record (rather than one station's record)?
pub fn is_election(dir: &Path) -> bool {
    dir.join("definition.json").is_file() && dir.join("precincts").is_dir()
}

/// Every file of an election record, read into memory.
pub struct Loaded {
    definition: Vec<u8>,
    election: Vec<u8>,
    stations: Vec<u8>,
    precincts: Vec<(String, [Vec<u8>; 3])>,
    territorial: Vec<(String, Vec<u8>)>,
    national: Vec<u8>,
    results: Vec<(String, Vec<u8>, Vec<u8>)>,
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

/// Reads an election record.
pub fn load(dir: &Path) -> Result<Loaded, Unreadable> {
    let mut precincts = Vec::new();
    for id in names(&dir.join("precincts"))? {
        let p = dir.join("precincts").join(&id);
        precincts.push((
            id,
            [
                read(&p.join("ballots.jsonl"))?,
                read(&p.join("tally.json"))?,
                read(&p.join("protocol.json"))?,
            ],
        ));
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
    Ok(Loaded {
        definition: read(&dir.join("definition.json"))?,
        election: read(&dir.join("election.json"))?,
        stations: read(&dir.join("stations.json"))?,
        precincts,
        territorial,
        national: read(&dir.join("national.json"))?,
        results,
    })
}

impl Loaded {
    /// The files as the checks take them.
    pub fn files(&self) -> ElectionFiles<'_> {
        ElectionFiles {
            definition: &self.definition,
            election: &self.election,
            stations: &self.stations,
            precincts: self
                .precincts
                .iter()
                .map(|(id, [b, t, p])| StationFiles {
                    precinct: id.clone(),
                    ballots: b,
                    tally: t,
                    protocol: p,
                })
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
        }
    }

    /// Ballots in all stations' records, for a progress bar.
    pub fn ballot_lines(&self) -> u64 {
        self.precincts
            .iter()
            .map(|(_, [b, _, _])| b.iter().filter(|&&c| c == b'\n').count() as u64)
            .sum()
    }

    /// Every file read, by its path in the record: for tests that change them.
    pub fn paths(&self) -> Vec<String> {
        let mut out = vec![
            "definition.json".to_string(),
            "election.json".into(),
            "stations.json".into(),
            "national.json".into(),
        ];
        for (id, _) in &self.precincts {
            for f in ["ballots.jsonl", "tally.json", "protocol.json"] {
                out.push(format!("precincts/{id}/{f}"));
            }
        }
        for (u, _) in &self.territorial {
            out.push(format!("territorial/{u}.json"));
        }
        for (b, ..) in &self.results {
            out.push(format!("results/{b}.json"));
            out.push(format!("results/{b}-decided.json"));
        }
        out.sort();
        out
    }
}

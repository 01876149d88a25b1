//! The election record on disk (docs/formats.md, "The election record"): what the CEC
//! publishes, and what `sailau verify DIR` reads.
//!
//! ```text
//! DIR/definition.json              the election definition
//! DIR/election.json                the guardians' key and the manifest (docs/protocol.md §11.1)
//! DIR/stations.json                each precinct's station key
//! DIR/precincts/ID/ballots.jsonl   the station's ballots (§11.2)
//! DIR/precincts/ID/tally.json      its decrypted totals (§11.3)
//! DIR/precincts/ID/protocol.json   its signed protocol
//! DIR/territorial/UNIT.json        the summary protocol of each region, city, and abroad
//! DIR/national.json                the national summary protocol
//! DIR/results/BODY.json            the national totals as a sailau-results/1 file
//! DIR/results/BODY-decided.json    the law's decisions on them (`sailau results --json`)
//! DIR/private/                     the demo's station databases, terminals, guardians' keys and voter list:
//!                                  not part of the record, never published
//! ```

use crate::Failure;
use sailau_verify::election::{ElectionFiles, StationFiles};
use std::path::{Path, PathBuf};

/// Writes a file whole or not at all: a temporary name, synced, then renamed.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    write_with(path, bytes, 0o644)
}

/// The same, for a secret (a guardian's key): readable and writable by its owner only, from
/// the moment the file exists.
pub fn write_secret(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    write_with(path, bytes, 0o600)
}

fn write_with(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Failure> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(Failure::Output)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
    #[cfg(not(unix))]
    let _ = mode;
    let mut f = options.open(&tmp).map_err(Failure::Output)?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(Failure::Output)?;
    std::fs::rename(&tmp, path).map_err(Failure::Output)
}

/// Is `dir` an election record (rather than one station's record)?
pub fn is_election(dir: &Path) -> bool {
    dir.join("definition.json").is_file() && dir.join("precincts").is_dir()
}

/// Every file of an election record, read into memory.
pub struct Loaded {
    pub definition: Vec<u8>,
    pub election: Vec<u8>,
    pub stations: Vec<u8>,
    pub precincts: Vec<(String, [Vec<u8>; 3])>,
    pub territorial: Vec<(String, Vec<u8>)>,
    pub national: Vec<u8>,
    pub results: Vec<(String, Vec<u8>, Vec<u8>)>,
}

fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::Input(format!("{}: cannot read: {e}", path.display())))
}

fn names(dir: &Path) -> Result<Vec<String>, Failure> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| Failure::Input(format!("{}: cannot read: {e}", dir.display())))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && !n.ends_with(".tmp"))
        .collect();
    out.sort();
    Ok(out)
}

/// Reads an election record. A missing file is bad input (exit 2).
pub fn load(dir: &Path) -> Result<Loaded, Failure> {
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
                return Err(Failure::Input(format!(
                    "{}: has decisions but no {input}",
                    rdir.join(&name).display()
                )));
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

    /// Ballots in all stations' records, for the progress bar.
    pub fn ballot_lines(&self) -> u64 {
        self.precincts
            .iter()
            .map(|(_, [b, _, _])| b.iter().filter(|&&c| c == b'\n').count() as u64)
            .sum()
    }
}

/// `sailau verify DIR` on an election record: prints each station's verdict in brief, then
/// every election-level check; exit 1 if any fails.
pub fn run_verify(
    dir: &Path,
    opts: &sailau_verify::Options,
    threads: Option<usize>,
) -> Result<(), Failure> {
    let loaded = load(dir)?;
    let started = std::time::Instant::now();
    let bar = crate::progress::bar(loaded.ballot_lines(), "verifying ballots");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| Failure::Input(format!("--threads: {e}")))?;
    let report = pool.install(|| {
        sailau_verify::election::verify_election(&loaded.files(), opts, &|n| bar.inc(n))
    });
    bar.finish_and_clear();
    let text = describe(dir, &report, started.elapsed());
    crate::emit(&text)?;
    if report.passed() {
        Ok(())
    } else {
        Err(Failure::Failed)
    }
}

/// The verdict as text.
pub fn describe(
    dir: &Path,
    report: &sailau_verify::election::ElectionReport,
    took: std::time::Duration,
) -> String {
    let cast: u64 = report.stations.iter().map(|(_, r)| r.cast).sum();
    let challenged: u64 = report.stations.iter().map(|(_, r)| r.challenged).sum();
    let mut out = format!(
        "sailau verify {}\n{} stations, {cast} electronic ballots cast and {challenged} challenged; checked in {took:.1?}\n\n",
        dir.display(),
        report.stations.len()
    );
    let passed_all = report.stations.iter().filter(|(_, r)| r.passed()).count();
    out += &format!(
        "  Each station's record (checks 1-15 of docs/protocol.md §12): {passed_all} of {} pass\n",
        report.stations.len()
    );
    for (i, (title, failures)) in report.checks.iter().enumerate() {
        let mark = if failures.is_empty() { "pass" } else { "FAIL" };
        out += &format!("  [{mark}] {:>2}. {title}\n", 16 + i);
        for f in failures.iter().take(10) {
            out += &format!("           - {f}\n");
        }
        if failures.len() > 10 {
            out += &format!("           - … and {} more\n", failures.len() - 10);
        }
    }
    let failed = report.checks.iter().filter(|(_, f)| !f.is_empty()).count();
    if failed == 0 {
        out += &format!(
            "\nAll {} election checks passed: every ballot, protocol, sum and decision, and the definition they are bound to.\n",
            report.checks.len()
        );
    } else {
        out += &format!(
            "\n{failed} of {} election checks FAILED.\n",
            report.checks.len()
        );
    }
    out
}

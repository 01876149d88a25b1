//! `sailau verify DIR` on an election record (docs/formats.md, "The election record"): read
//! with the verifier's own reader (`sailau_verify::election::folder`), checked, and told.
//! The layout is `sailau_record::layout`'s.

use crate::Failure;
use sailau_verify::election::folder;
use std::path::Path;

/// Writes a file whole or not at all (`sailau_record::sink::write_whole`).
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    sailau_record::sink::write_whole(path, bytes, 0o644)
        .map_err(|e| Failure::Output(std::io::Error::new(e.source.kind(), e.to_string())))
}

/// Is `dir` an election record (rather than one station's record)?
pub fn is_election(dir: &Path) -> bool {
    folder::is_election(dir)
}

/// Opens an election record with the verifier's own reader; a missing file is bad input
/// (exit 2).
pub fn open(dir: &Path) -> Result<folder::Record, Failure> {
    folder::open(dir).map_err(|e| Failure::Input(e.to_string()))
}

/// What `sailau verify` does with an election record.
pub enum How<'a> {
    /// Every check, the stations streamed from disk.
    Whole,
    /// Shard K of N of the stations, its report written to the file.
    Shard(sailau_verify::election::shard::Shard, &'a Path),
    /// The election-level checks on these shard reports.
    Merge(&'a [std::path::PathBuf]),
}

/// `sailau verify DIR` on an election record: prints each station's verdict in brief, then
/// every election-level check; exit 1 if any fails. Stations are read, checked and let go one
/// at a time on each core, so memory does not grow with the country's ballots.
pub fn run_verify(
    dir: &Path,
    opts: &sailau_verify::Options,
    threads: Option<usize>,
    how: How,
) -> Result<(), Failure> {
    let record = folder::open(dir).map_err(|e| Failure::Input(e.to_string()))?;
    let started = std::time::Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| Failure::Input(format!("--threads: {e}")))?;
    let stations = record.precincts().len() as u64;
    let report = match how {
        How::Whole => {
            let bar = crate::progress::bar(stations, "verifying stations");
            let report = pool.install(|| record.verify(opts, &|| bar.inc(1)));
            bar.finish_and_clear();
            report
        }
        How::Shard(shard, out) => {
            let n = shard.positions(stations as usize).len() as u64;
            let bar = crate::progress::bar(n, &format!("shard {}/{}", shard.k, shard.n));
            let (bytes, seen) = pool.install(|| {
                sailau_verify::election::shard::run(&record, shard, opts, &|| bar.inc(1))
            });
            bar.finish_and_clear();
            write(out, &bytes)?;
            let failed: Vec<&str> = seen
                .iter()
                .filter(|s| !s.report.as_ref().is_ok_and(|r| r.passed()))
                .map(|s| s.precinct.as_str())
                .collect();
            let mut text = format!(
                "sailau verify {} --shard {}/{}: {} of {stations} stations checked in {:.1?}; report written to {}\n",
                dir.display(),
                shard.k,
                shard.n,
                seen.len(),
                started.elapsed(),
                out.display()
            );
            text += &match failed.len() {
                0 => "Every station's record of this shard passes checks 1-15. The election-level checks run at --merge.\n".to_string(),
                n => format!("{n} stations' records FAIL checks 1-15: {}\n", failed.join(", ")),
            };
            crate::emit(&text)?;
            return if failed.is_empty() {
                Ok(())
            } else {
                Err(Failure::Failed)
            };
        }
        How::Merge(paths) => {
            let reports = paths
                .iter()
                .map(|p| {
                    std::fs::read(p)
                        .map(|b| (p.display().to_string(), b))
                        .map_err(|e| Failure::Input(format!("{}: cannot read: {e}", p.display())))
                })
                .collect::<Result<Vec<_>, _>>()?;
            sailau_verify::election::shard::merge(&record, &reports)
                .map_err(|e| Failure::Input(e.to_string()))?
        }
    };
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

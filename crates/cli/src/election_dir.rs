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

/// Reads an election record with the verifier's own reader; a missing file is bad input
/// (exit 2).
pub fn load(dir: &Path) -> Result<folder::Loaded, Failure> {
    folder::load(dir).map_err(|e| Failure::Input(e.to_string()))
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

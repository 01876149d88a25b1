//! `sailau verify RECORD` and `sailau sample-record`: the election record on disk.

use crate::{emit, Failure};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::simulate::{list_manifest, simulate, Plan, Simulated};
use sailau_verify::{verify, Files, Options, FILE_NAMES};
use std::path::{Path, PathBuf};

/// The 2023 Mazhilis party-list ballot: seven parties in registration order and "against all".
pub const MAZHILIS_2023: [&str; 8] = [
    "amanat",
    "auyl",
    "respublica",
    "ak-zhol",
    "peoples",
    "nsdp",
    "baytaq",
    "against-all",
];

#[derive(clap::Args)]
pub struct VerifyArgs {
    /// The record's folder: election.json, ballots.bin or ballots.jsonl, tally.json; or an
    /// election record (definition.json, precincts/…).
    record: PathBuf,
    /// Check every equation on its own instead of in batches (slower; same verdict).
    #[arg(long)]
    one_by_one: bool,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// Ballots per batch.
    #[arg(long, default_value_t = 512)]
    batch: usize,
    /// One JSON object instead of the text report (same exit codes).
    #[arg(long)]
    json: bool,
    /// An election record: check only shard K of N of its stations (K/N, e.g. 3/8) and write
    /// the shard's report to --out; `--merge` combines the N reports (docs/verify.md).
    #[arg(long, value_name = "K/N", requires = "out", conflicts_with = "merge")]
    shard: Option<sailau_verify::election::shard::Shard>,
    /// Where --shard writes its report.
    #[arg(long, value_name = "FILE", requires = "shard")]
    out: Option<PathBuf>,
    /// An election record: merge these N shard reports and run the election-level checks
    /// on them, without reading the stations' ballots and tallies.
    #[arg(long, value_name = "REPORT", num_args = 1..)]
    merge: Vec<PathBuf>,
}

/// The report as one JSON object: the verdict, every check, the counts and the totals.
fn report_json(r: &sailau_verify::Report) -> String {
    let checks: Vec<serde_json::Value> = r
        .checks
        .iter()
        .map(|c| {
            serde_json::json!({
                "number": c.number,
                "title": c.title,
                "passed": c.passed(),
                "failures": c.failures,
            })
        })
        .collect();
    let totals: Vec<serde_json::Value> = r
        .totals
        .iter()
        .map(|(contest, options)| {
            let options: Vec<_> = options
                .iter()
                .map(|(o, n)| serde_json::json!({ "option": o, "count": n }))
                .collect();
            serde_json::json!({ "contest": contest, "options": options })
        })
        .collect();
    let v = serde_json::json!({
        "passed": r.passed(),
        "cast": r.cast,
        "challenged": r.challenged,
        "checks": checks,
        "totals": totals,
    });
    serde_json::to_string_pretty(&v).expect("a JSON value always serializes") + "\n"
}

fn read(dir: &Path, name: &str) -> Result<Vec<u8>, Failure> {
    let path = dir.join(name);
    std::fs::read(&path)
        .map_err(|e| Failure::Input(format!("{}: cannot read: {e}", path.display())))
}

/// One station's ballot log and its number of ballots: `ballots.bin` or `ballots.jsonl`.
/// When both are there (as in docs/test-vectors) they must carry the same lines; the
/// compact one is checked.
fn station_log(dir: &Path) -> Result<(Vec<u8>, u64), Failure> {
    let (bin, jsonl) = (dir.join("ballots.bin"), dir.join("ballots.jsonl"));
    let jsonl_lines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count() as u64;
    if !bin.exists() {
        let b = read(dir, "ballots.jsonl")?;
        let n = jsonl_lines(&b);
        return Ok((b, n));
    }
    let b = read(dir, "ballots.bin")?;
    // An unreadable log is the verifier's to report (exit 2), with the entry it stops at.
    let log = sailau_verify::record::read_log(&b).ok();
    let n = log.as_ref().map_or(0, |l| l.ballots.len() as u64);
    if let (Some(l), true) = (&log, jsonl.exists()) {
        let j = read(dir, "ballots.jsonl")?;
        let lines: Vec<&[u8]> = j.split(|&c| c == b'\n').filter(|l| !l.is_empty()).collect();
        let same = lines.len() == l.lines.len()
            && (j.is_empty() || j.ends_with(b"\n"))
            && lines.iter().zip(&l.lines).all(|(a, b)| *a == &b[..]);
        if !same {
            return Err(Failure::Input(format!(
                "{}: ballots.bin and ballots.jsonl are not the same ballot log",
                dir.display()
            )));
        }
    }
    Ok((b, n))
}

pub fn run_verify(args: &VerifyArgs) -> Result<(), Failure> {
    if crate::election_dir::is_election(&args.record) {
        if args.json {
            return Err(Failure::Input(
                "--json is for one station's record; an election's report is text".into(),
            ));
        }
        let opts = Options {
            one_by_one: args.one_by_one,
            batch: args.batch.max(1),
        };
        let how = match (&args.shard, &args.out, args.merge.as_slice()) {
            (Some(shard), Some(out), _) => crate::election_dir::How::Shard(*shard, out),
            (_, _, []) => crate::election_dir::How::Whole,
            (_, _, reports) => crate::election_dir::How::Merge(reports),
        };
        return crate::election_dir::run_verify(&args.record, &opts, args.threads, how);
    }
    if args.shard.is_some() || !args.merge.is_empty() {
        return Err(Failure::Input(
            "--shard and --merge are for an election record, not one station's".into(),
        ));
    }
    let election = read(&args.record, "election.json")?;
    let tally = read(&args.record, "tally.json")?;
    let (ballots, lines) = station_log(&args.record)?;
    let bar = indicatif::ProgressBar::new(lines).with_style(
        indicatif::ProgressStyle::with_template(
            "verifying ballots {bar:40} {pos}/{len} ({per_sec}, {eta})",
        )
        .expect("a valid template"),
    );
    let files = Files {
        election: &election,
        ballots: &ballots,
        tally: &tally,
    };
    let opts = Options {
        one_by_one: args.one_by_one,
        batch: args.batch.max(1),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .map_err(|e| Failure::Input(format!("--threads: {e}")))?;
    let started = std::time::Instant::now();
    let report = pool
        .install(|| verify(&files, &opts, &|n| bar.inc(n)))
        .map_err(|e| Failure::Input(format!("{}/{e}", args.record.display())))?;
    bar.finish_and_clear();
    if args.json {
        emit(&report_json(&report))?;
        return if report.passed() {
            Ok(())
        } else {
            Err(Failure::Failed)
        };
    }
    let mut out = format!(
        "sailau verify {}\n{} ballots cast, {} challenged; checked in {:.1?}\n\n",
        args.record.display(),
        report.cast,
        report.challenged,
        started.elapsed()
    );
    for c in &report.checks {
        let mark = if c.passed() { "pass" } else { "FAIL" };
        out += &format!("  [{mark}] {:>2}. {}\n", c.number, c.title);
        for f in c.failures.iter().take(10) {
            out += &format!("           - {f}\n");
        }
        if c.failures.len() > 10 {
            out += &format!("           - … and {} more\n", c.failures.len() - 10);
        }
    }
    out += "\nPublished totals:\n";
    for (contest, options) in &report.totals {
        out += &format!("  {contest}\n");
        for (option, count) in options {
            out += &format!("    {option:<24} {count:>12}\n");
        }
    }
    let failed = report.checks.iter().filter(|c| !c.passed()).count();
    if failed == 0 {
        out += &format!("\nAll {} checks passed.\n", report.checks.len());
        emit(&out)
    } else {
        out += &format!("\n{failed} of {} checks FAILED.\n", report.checks.len());
        emit(&out)?;
        Err(Failure::Failed)
    }
}

#[derive(clap::Args)]
pub struct SampleArgs {
    /// Where to write the record (a new or empty folder).
    #[arg(long)]
    out: PathBuf,
    /// Ballots, of which every 25th is challenged.
    #[arg(long, default_value_t = 1000)]
    ballots: usize,
    #[arg(long, default_value_t = 2023)]
    seed: u64,
    #[arg(long, default_value_t = 5)]
    guardians: u32,
    #[arg(long, default_value_t = 3)]
    quorum: u32,
}

/// A simulated 2023-style list election, for trying the verifier.
pub fn sample(
    ballots: usize,
    seed: u64,
    guardians: u32,
    quorum: u32,
) -> Result<Simulated, Failure> {
    let mut m = list_manifest(&MAZHILIS_2023);
    m.election = "sample-2023-03-19-mazhilis".into();
    m.name = "Sample: a Mazhilis party-list vote on the 2023 ballot".into();
    let plan = Plan {
        guardians,
        quorum,
        // The last guardian stays away: any quorum decrypts.
        absent: if quorum < guardians {
            vec![guardians]
        } else {
            vec![]
        },
        ballots,
        devices: 4,
        challenge_every: 25,
    };
    simulate(m, &plan, &mut ChaCha20Rng::seed_from_u64(seed))
        .map_err(|e| Failure::Input(format!("sample-record: {e}")))
}

/// Writes each file whole or not at all: to a temporary name, synced, then renamed.
pub fn write_record(dir: &Path, files: &[(&str, Vec<u8>)]) -> Result<(), Failure> {
    if FILE_NAMES.iter().any(|n| dir.join(n).exists()) {
        return Err(Failure::Input(format!(
            "{}: already holds a record; choose an empty folder",
            dir.display()
        )));
    }
    for (name, bytes) in files {
        crate::election_dir::write(&dir.join(name), bytes)?;
    }
    Ok(())
}

pub fn run_sample(args: &SampleArgs) -> Result<(), Failure> {
    if args.quorum == 0 || args.quorum > args.guardians {
        return Err(Failure::Input(format!(
            "--quorum must be between 1 and --guardians ({}); it is {}",
            args.guardians, args.quorum
        )));
    }
    let s = sample(args.ballots, args.seed, args.guardians, args.quorum)?;
    write_record(&args.out, &s.files())?;
    emit(&format!(
        "wrote a sample record of {} ballots to {}\nverify it with: sailau verify {}\n",
        args.ballots,
        args.out.display(),
        args.out.display()
    ))
}

/// The demo's second part: a small verifiable election on the 2023 list ballot, in memory,
/// verified as an observer would.
pub fn demo_ballots() -> Result<(), Failure> {
    let n = 1_000;
    let started = std::time::Instant::now();
    let s = sample(n, 2023, 5, 3)?;
    let made = started.elapsed();
    let f = s.files();
    let files = Files {
        election: &f[0].1,
        ballots: &f[1].1,
        tally: &f[2].1,
    };
    let started = std::time::Instant::now();
    let report = verify(&files, &Options::default(), &|_| {})
        .map_err(|e| Failure::Input(format!("demo record: {e}")))?;
    let checked = started.elapsed();
    let (first, _) = &s.ballots[0];
    let mut out = format!(
        "Verifiable ballots: {n} simulated voters on the 2023 list ballot, encrypted under a key \
         that 5 guardians made (any 3 decrypt), {} cast and {} challenged, in {made:.1?}.\n\
         The first voter's confirmation code: {} (it reveals nothing of the choice).\n\
         Guardians 1-4 decrypted the totals; guardian 5 stayed away.\n",
        report.cast,
        report.challenged,
        sailau_crypto::display_code(&first.code),
    );
    for (option, count) in &report.totals[0].1 {
        out += &format!("  {option:<24} {count:>8}\n");
    }
    let failed: Vec<String> = report
        .checks
        .iter()
        .filter(|c| !c.passed())
        .map(|c| format!("verifier check {} failed: {}", c.number, c.title))
        .collect();
    out += &format!(
        "Verifier: {} of {} checks passed in {checked:.1?}. To see it on disk: \
         sailau sample-record --out DIR && sailau verify DIR\n",
        report.checks.len() - failed.len(),
        report.checks.len()
    );
    emit(&out)?;
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::Check(failed))
    }
}

//! `sailau bench station`: the ballot box's intake, per core, for docs/performance.md. Cards
//! are voted first (that time is reported too, as the terminal's); then one box accepts them
//! one after another on this thread, each verified in full and committed with an fsync before
//! the next. The verification alone is timed apart, so the rest is the database's share.

use crate::{emit, Failure};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::record::election_json;
use sailau_definition::{sample, Definition, Language};
use sailau_station::card::{Card, MemoryCard};
use sailau_station::desk::How;
use sailau_station::terminal::{Choice, Terminal};
use sailau_station::Station;
use sailau_verify::Intake;
use sailau_voters::{Iin, Sex, Voter};
use std::time::Instant;

#[derive(clap::Args)]
pub struct StationArgs {
    /// Ballots per ballot shape.
    #[arg(long, default_value_t = 400, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    ballots: u64,
    /// One JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

struct Figures {
    shape: &'static str,
    selections: usize,
    encrypt_ms: f64,
    verify_ms: f64,
    intake_ms: f64,
}

fn err(e: impl std::fmt::Display) -> Failure {
    Failure::Input(format!("bench station: {e}"))
}

/// Votes `n` cards at `precinct` of a fresh station in `dir`, then times the box.
fn run(
    dir: &std::path::Path,
    precinct: &str,
    shape: &'static str,
    n: usize,
) -> Result<Figures, Failure> {
    let mut rng = ChaCha20Rng::seed_from_u64(9);
    let def_json = sample::mazhilis_2023(3, 5).to_json();
    let def = Definition::from_json(&def_json)
        .map_err(err)?
        .check()
        .map_err(|e| err(&e[0]))?;
    let (election, _) = sample::ceremony(&def, &mut rng).map_err(err)?;
    let e_json = election_json(&election);
    let part = sailau_station::part::Setup::new(&def, &e_json)
        .and_then(|s| s.part(precinct))
        .map_err(err)?;
    let station =
        Station::create(&dir.join(format!("{precinct}.db")), &part, &mut rng).map_err(err)?;
    let birth = "1980-01-01".parse().map_err(err)?;
    let voters: Vec<Voter> = (0..)
        .filter_map(|s| Iin::issue(birth, Sex::Female, s))
        .take(n)
        .map(|iin| Voter {
            iin,
            name: "Voter".into(),
            birth,
            precinct: precinct.into(),
        })
        .collect();
    station.load_voters(&voters).map_err(err)?;
    let mut t = Terminal::create(
        &dir.join(format!("{precinct}-t1")),
        "t1",
        &station.desk_public_key(),
        station.part(),
        &mut rng,
    )
    .map_err(err)?;
    station
        .register_terminal(t.device(), &t.public_key())
        .map_err(err)?;
    let (day, offset) = station.day();
    let noon = sailau_law::election_day::Moment(
        sailau_law::election_day::polls(day, offset).0 .0 + 5 * 3600,
    );
    let mut cards = Vec::with_capacity(n);
    let mut encrypting = std::time::Duration::ZERO;
    let mut selections = 0;
    for v in &voters {
        let mut card = MemoryCard::default();
        station
            .issue(&v.iin, How::Card, None, Some(&mut card), noon, &mut rng)
            .map_err(err)?;
        let mut s = t.start(&mut card, Language::English).map_err(err)?;
        let screens = s.screens();
        selections = screens.iter().map(|x| x.options.len()).sum();
        for i in 0..screens.len() {
            s.choose(i, Choice::Option(0)).map_err(err)?;
        }
        let start = Instant::now();
        s.encrypt(&mut rng).map_err(err)?;
        encrypting += start.elapsed();
        s.cast(&mut card).map_err(err)?;
        cards.push(card);
    }
    // Verification alone, as the box does it.
    let intake = Intake::new(&e_json).map_err(|e| err(e.join("; ")))?;
    let lines: Vec<String> = cards
        .iter_mut()
        .map(|c| c.payload().map(|p| p.ballots[0].line.clone()))
        .collect::<Result<_, _>>()
        .map_err(err)?;
    let start = Instant::now();
    for l in &lines {
        intake.check(l.as_bytes()).map_err(|e| err(e.join("; ")))?;
    }
    let verifying = start.elapsed();
    // The whole intake: card, signatures, proofs, log, commit (fsync), wipe.
    let start = Instant::now();
    for c in cards.iter_mut() {
        station.accept(c).map_err(err)?;
    }
    let intake_time = start.elapsed();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3 / n as f64;
    Ok(Figures {
        shape,
        selections,
        encrypt_ms: ms(encrypting),
        verify_ms: ms(verifying),
        intake_ms: ms(intake_time),
    })
}

pub fn station(args: &StationArgs) -> Result<(), Failure> {
    let dir = std::env::temp_dir().join(format!("sailau-bench-station-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(Failure::Output)?;
    let n = args.ballots as usize;
    let figures = [
        run(&dir, "p-00003", "list only (1 contest, 8 options)", n),
        run(&dir, "p-00001", "home ballot (5 contests)", n),
    ];
    let _ = std::fs::remove_dir_all(&dir);
    let figures = figures.into_iter().collect::<Result<Vec<_>, _>>()?;
    if args.json {
        let v: Vec<serde_json::Value> = figures
            .iter()
            .map(|f| {
                serde_json::json!({
                    "shape": f.shape,
                    "selections": f.selections,
                    "encrypt_ms_per_ballot": f.encrypt_ms,
                    "verify_ms_per_ballot": f.verify_ms,
                    "intake_ms_per_ballot": f.intake_ms,
                    "intake_ballots_per_second": 1e3 / f.intake_ms,
                })
            })
            .collect();
        return emit(&(serde_json::to_string_pretty(&v).expect("JSON") + "\n"));
    }
    let mut out = format!("Ballot box intake on one core, {n} ballots per shape (verified in full, committed with fsync one by one)\n");
    out += &format!(
        "  {:<36} {:>10} {:>12} {:>12} {:>12} {:>12}\n",
        "ballot", "selections", "encrypt ms", "verify ms", "intake ms", "ballots/s"
    );
    for f in &figures {
        out += &format!(
            "  {:<36} {:>10} {:>12.2} {:>12.2} {:>12.2} {:>12.0}\n",
            f.shape,
            f.selections,
            f.encrypt_ms,
            f.verify_ms,
            f.intake_ms,
            1e3 / f.intake_ms
        );
    }
    emit(&out)
}

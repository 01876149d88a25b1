//! `sailau-simulation`: a whole election simulated through the real code, deterministic for a
//! seed; what `sailau demo` runs, and what tests and benchmarks build on.
//!
//! It builds a definition modelled on 19 March 2023 (the Mazhilis with 7 lists and "against
//! all" and its single-member districts; regional and district maslikhats; two time zones; a
//! station abroad), holds the guardians' key ceremony, imports a voter list, runs every
//! station's day through the real desk, terminals and ballot box (paper or electronic by the
//! voter's choice, some challenges, the mobile box, absentee voters, refused attempts to vote
//! twice, a copied card), closes every station with the guardians, adds the protocols up to
//! the regions and the nation, decides the results under the law in force, and writes the
//! whole election record (`sailau_record`). Verifying it is the observer's step, left to the
//! caller, from the files.

#![warn(missing_docs)]

mod day;
mod population;

use day::PaperPile;
pub use day::{Behaviour, DayStats};
use population::{below, chance};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use rayon::prelude::*;
use sailau_crypto::record::election_json;
use sailau_definition::{sample, Checked};
use sailau_law::election_day::Moment;
use sailau_protocol::Protocol;
use sailau_record::sink::write_whole;
use sailau_record::{BodyResults, Folder, Layout, Sink, Summaries};
use sailau_station::part::Setup;
use sailau_station::terminal::Terminal;
use sailau_station::Station;
use sailau_voters::absentee::Certificate;
use sailau_voters::Voter;
use sailau_voters::{Excluded, Rejection};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

/// What to simulate.
#[derive(Clone, Debug)]
pub struct Options {
    /// Voters on the lists, all precincts together.
    pub voters: u64,
    /// Precincts (polling stations), one of them abroad.
    pub precincts: u64,
    /// Everything random follows from the seed: the same seed, the same election.
    pub seed: u64,
    /// Percent of voters who choose the electronic terminal over paper.
    pub electronic: u64,
}

/// Why the simulation stopped.
#[derive(Debug, thiserror::Error)]
pub enum SimulationError {
    /// A step of the election refused what the simulation did: a bug of the simulation or
    /// of the code it runs, named with its station.
    #[error("{0}")]
    Refused(String),
    /// A file of the record could not be written.
    #[error(transparent)]
    Write(#[from] sailau_record::sink::WriteError),
}

fn refused(what: impl std::fmt::Display) -> SimulationError {
    SimulationError::Refused(what.to_string())
}

/// Where the simulation stands, for a progress bar: each phase that steps through stations
/// says how many there are, then each one done.
pub trait Progress: Sync {
    /// A phase of `total` steps begins.
    fn start(&self, phase: &'static str, total: u64);
    /// `n` more steps are done.
    fn step(&self, n: u64);
    /// The phase is over.
    fn finish(&self);
}

/// No progress shown.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: &'static str, _: u64) {}
    fn step(&self, _: u64) {}
    fn finish(&self) {}
}

/// What the simulated election came to, besides its record on disk.
pub struct Outcome {
    /// The definition it was held under.
    pub definition: Checked,
    /// Rows of the voter list imported.
    pub on_lists: u64,
    /// Rows kept off the list by law (the first five).
    pub excluded: Vec<Excluded>,
    /// Rows refused (the first five).
    pub rejected: Vec<Rejection>,
    /// How many rows were refused, and how many kept off, in all.
    pub refused_rows: (usize, usize),
    /// The day, all stations together.
    pub day: DayStats,
    /// Absentee certificates issued.
    pub certificates: u64,
    /// Regions and cities that held precincts (the unit abroad not counted).
    pub regions: usize,
    /// Each body's published results.
    pub results: Vec<BodyResults>,
    /// How long each phase took, in order.
    pub phases: Vec<(&'static str, Duration)>,
}

fn seeded(seed: u64, stream: u64) -> ChaCha20Rng {
    let mut r = ChaCha20Rng::seed_from_u64(seed);
    r.set_stream(stream);
    r
}

/// One station while the election runs.
struct Running {
    station: Station,
    terminals: Vec<Terminal>,
    voters: Vec<Voter>,
    arriving: Vec<(Voter, Certificate)>,
    received: HashMap<String, u64>,
    stats: DayStats,
    piles: HashMap<String, PaperPile>,
}

/// How the demo's voters behave, per 10,000: 54.2% turnout as in 2023, `electronic` percent
/// of them at the terminal.
pub fn behaviour(electronic: u64) -> Behaviour {
    Behaviour {
        turnout: 5_420,
        electronic: electronic * 100,
        mobile: 150,
        challenge: 100,
        twice: 30,
        spoil: 30,
        invalid: 240,
        blank: 50,
    }
}

/// Runs the election and writes its record into `out`, an empty folder; the station
/// databases, terminals, guardians' keys and voter list go under `out/private/`.
pub fn run(
    opts: &Options,
    out: &Path,
    progress: &dyn Progress,
) -> Result<Outcome, SimulationError> {
    let mut phases: Vec<(&'static str, Duration)> = Vec::new();
    let mut phase = Instant::now();
    let mut lap = |name: &'static str, phases: &mut Vec<(&'static str, Duration)>| {
        phases.push((name, phase.elapsed()));
        phase = Instant::now();
    };
    let mut record = Folder::at(out);
    let private = out.join(sailau_record::layout::PRIVATE);
    let b = behaviour(opts.electronic);

    // The definition and the key ceremony.
    let definition = sample::mazhilis_2023(opts.precincts as usize, opts.seed);
    let def: Checked = definition
        .check()
        .map_err(|e| refused(format!("demo definition: {}", e[0])))?;
    let (election, keys) = sample::ceremony(&def, &mut seeded(opts.seed, 1))
        .map_err(|e| refused(format!("key ceremony: {e}")))?;
    let e_json = election_json(&election);
    record.put(&Layout::Definition, def.to_json().as_bytes())?;
    record.put(&Layout::Election, &e_json)?;
    // Each guardian's key file, as the ceremony leaves it on their own machine: here, so
    // that `sailau guardian decrypt` can be tried on the demo's stations.
    for key in &keys {
        let file = sailau_crypto::closing::key_json(&election, key);
        let path = private
            .join("guardians")
            .join(format!("guardian-{}.key", key.index));
        write_whole(&path, &file, 0o600)?;
    }
    lap("definition and key ceremony", &mut phases);

    // The voter list, through the CSV import a commission uses.
    let mut rng = seeded(opts.seed, 2);
    let people = population::voters(&def, opts.voters as usize, &mut rng);
    let (imported, csv) = population::import_with_mistakes(&def, &people);
    write_whole(&private.join("voters.csv"), &csv, 0o600)?;
    let mut by_precinct: BTreeMap<String, Vec<Voter>> = BTreeMap::new();
    for v in &imported.voters {
        by_precinct
            .entry(v.precinct.clone())
            .or_default()
            .push(v.clone());
    }
    lap("voter list", &mut phases);

    // Stations: databases, lists, terminals, paper; in parallel. The guardians' record is
    // checked against the whole definition once; each station and its terminals are then set
    // up with their precinct's part only.
    std::fs::create_dir_all(private.join("stations")).map_err(|e| write_error(&private, e))?;
    let parts = Setup::new(&def, &e_json).map_err(|e| refused(format!("election.json: {e}")))?;
    progress.start("setting up stations", def.precincts.len() as u64);
    let mut stations: Vec<Running> = def
        .precincts
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let mut rng = seeded(opts.seed, 1_000 + i as u64);
            let at = |e: &dyn std::fmt::Display| refused(format!("station {}: {e}", p.id));
            let part = parts.part(&p.id).map_err(|e| at(&e))?;
            let station = Station::create(
                &private.join("stations").join(format!("{}.db", p.id)),
                &part,
                &mut rng,
            )
            .map_err(|e| at(&e))?;
            let voters = by_precinct.get(&p.id).cloned().unwrap_or_default();
            station.load_voters(&voters).map_err(|e| at(&e))?;
            let terminals = (1..=2)
                .map(|t| {
                    let device = format!("{}-t{t}", p.id);
                    let term = Terminal::create(
                        &private.join("terminals").join(&device),
                        &device,
                        &station.desk_public_key(),
                        station.part(),
                        &mut rng,
                    )
                    .map_err(|e| refused(format!("terminal {device}: {e}")))?;
                    station
                        .register_terminal(term.device(), &term.public_key())
                        .map_err(|e| at(&e))?;
                    Ok(term)
                })
                .collect::<Result<Vec<_>, SimulationError>>()?;
            // Ballots for everyone on the list, 3% and 5 more for spoiled ones and arrivals.
            let mut received = HashMap::new();
            for c in station.style_contests() {
                let n = voters.len() as u64 * 103 / 100 + 5;
                station.receive_paper(&c, n).map_err(|e| at(&e))?;
                received.insert(c, n);
            }
            progress.step(1);
            Ok(Running {
                station,
                terminals,
                voters,
                arriving: Vec::new(),
                received,
                stats: DayStats::default(),
                piles: HashMap::new(),
            })
        })
        .collect::<Result<_, SimulationError>>()?;
    progress.finish();
    let keys_json: Vec<serde_json::Value> = stations
        .iter()
        .map(|r| {
            serde_json::json!({
                "precinct": r.station.precinct(),
                "public_key": sailau_group::to_hex(&r.station.station_public_key()),
            })
        })
        .collect();
    record.put(
        &Layout::Stations,
        (serde_json::to_string_pretty(&keys_json).expect("JSON") + "\n").as_bytes(),
    )?;
    lap("station setup", &mut phases);

    let certificates = absentee(&def, &mut stations, &mut rng)?;
    lap("absentee certificates", &mut phases);

    // Election day, every station at once.
    progress.start("election day (stations)", stations.len() as u64);
    stations.par_iter_mut().enumerate().try_for_each(|(i, r)| {
        let mut rng = seeded(opts.seed, 100_000 + i as u64);
        let (stats, piles) = day::run(
            &r.station,
            &mut r.terminals,
            &r.voters,
            &r.arriving,
            &b,
            i == 0,
            &mut rng,
        )?;
        r.stats = stats;
        r.piles = piles;
        progress.step(1);
        Ok::<(), SimulationError>(())
    })?;
    progress.finish();
    lap("election day", &mut phases);

    // Closing: the count, the guardians, the signed protocols.
    progress.start("closing (guardians)", stations.len() as u64);
    let quorum = &keys[..def.guardians.quorum as usize];
    let closed: Vec<(String, sailau_station::closing::Closing)> = stations
        .par_iter_mut()
        .enumerate()
        .map(|(i, r)| {
            let mut rng = seeded(opts.seed, 200_000 + i as u64);
            let c = day::close(
                &r.station,
                &r.terminals,
                &r.piles,
                &r.received,
                &election,
                quorum,
                &mut rng,
            )?;
            progress.step(1);
            Ok((r.station.precinct().to_string(), c))
        })
        .collect::<Result<_, SimulationError>>()?;
    progress.finish();
    for (id, c) in &closed {
        record.put(&Layout::Ballots(id.clone()), &c.ballots_jsonl)?;
        record.put(&Layout::Tally(id.clone()), &c.tally_json)?;
        record.put(
            &Layout::Protocol(id.clone()),
            c.protocol.to_json().as_bytes(),
        )?;
    }
    lap("closing", &mut phases);

    // Up the hierarchy, and the law's decisions, by the published record's one road.
    let protocols: HashMap<&str, &Protocol> = closed
        .iter()
        .map(|(id, c)| (id.as_str(), &c.protocol.protocol))
        .collect();
    let sums = Summaries::of(&def, |p| protocols.get(p).copied()).map_err(refused)?;
    let results = sums.write(&def, &mut record, true).map_err(|e| match e {
        sailau_record::levels::LevelsError::Write(w) => SimulationError::Write(w),
        other => refused(other),
    })?;
    let regions = sums
        .territorial
        .iter()
        .filter(|(u, _)| {
            def.unit(u)
                .is_some_and(|u| u.kind != sailau_definition::UnitKind::Abroad)
        })
        .count();
    drop(protocols);
    drop(closed);
    lap("aggregation and results", &mut phases);

    let day = stations
        .iter()
        .fold(DayStats::default(), |a, r| a.add(&r.stats));
    Ok(Outcome {
        on_lists: imported.voters.len() as u64,
        excluded: imported.excluded.iter().take(5).cloned().collect(),
        rejected: imported.rejected.iter().take(5).cloned().collect(),
        refused_rows: (imported.rejected.len(), imported.excluded.len()),
        definition: def,
        day,
        certificates,
        regions,
        results,
        phases,
    })
}

fn write_error(path: &Path, source: std::io::Error) -> SimulationError {
    SimulationError::Write(sailau_record::sink::WriteError {
        path: path.display().to_string(),
        source,
    })
}

/// The day before: 1 voter in 200 takes an absentee certificate for every contest and votes at
/// another station, as often as not in the same region. Returns how many certificates.
fn absentee(
    def: &Checked,
    stations: &mut [Running],
    rng: &mut ChaCha20Rng,
) -> Result<u64, SimulationError> {
    let home: Vec<usize> = (0..stations.len())
        .filter(|&i| !def.precincts[i].abroad)
        .collect();
    let mut certificates = 0u64;
    if home.len() > 1 {
        for &i in &home {
            let (day, offset) = stations[i].station.day();
            let eve =
                Moment(sailau_law::election_day::absentee_requests_close(day, offset).0 - 4 * 3600);
            let leaving: Vec<Voter> = stations[i]
                .voters
                .iter()
                .filter(|_| chance(rng, 50))
                .cloned()
                .collect();
            for v in leaving {
                let contests = stations[i].station.style_contests();
                let cert = stations[i]
                    .station
                    .issue_certificate(&v.iin, &contests, eve)
                    .map_err(|e| refused(format!("station {}: {e}", v.precinct)))?;
                let mut to = home[below(rng, home.len() as u64) as usize];
                if to == i {
                    to = home[(home.iter().position(|&h| h == i).unwrap_or(0) + 1) % home.len()];
                }
                stations[to].arriving.push((v, cert));
                certificates += 1;
            }
        }
    }
    // Holders vote where they go, not at home.
    for r in stations.iter_mut() {
        let gone: HashSet<String> = r
            .voters
            .iter()
            .filter(|v| {
                r.station
                    .voter_status(&v.iin)
                    .is_ok_and(|s| s.certificate.is_some())
            })
            .map(|v| v.iin.to_string())
            .collect();
        r.voters.retain(|v| !gone.contains(&v.iin.to_string()));
    }
    Ok(certificates)
}

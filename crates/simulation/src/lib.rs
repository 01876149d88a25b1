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
mod falsify;
mod population;
pub mod scenario;

pub use falsify::Falsified;

pub use day::{Behaviour, DayStats, Votes};
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
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

/// Which country to simulate.
#[derive(Clone, Debug)]
pub enum Country {
    /// The 2023 election in miniature: `voters` on the lists over `precincts` precincts, one
    /// of them abroad, at 54.2% turnout everywhere.
    Sample {
        /// Voters on the lists, all precincts together.
        voters: u64,
        /// Precincts (polling stations), one of them abroad.
        precincts: u64,
    },
    /// The whole country of 2023 (`sailau_definition::sample::national`): every precinct,
    /// district and council, with `fraction_ppm` millionths of its voters, and each region's
    /// turnout.
    National {
        /// Millionths of the 12,035,578 voters to put on the lists.
        fraction_ppm: u32,
        /// Every region, district, council and country abroad, but only the fewest precincts
        /// that hold them (`sample::national::shape_2023`, about 2,900): the national shape
        /// for a test.
        fewest_precincts: bool,
    },
    /// A definition given whole (a scenario's, or a second round derived from a first):
    /// `voters` on the lists spread as in `Sample`, at 54.2% turnout, and the scenario's
    /// `votes`.
    Defined {
        /// The election.
        definition: Box<sailau_definition::Definition>,
        /// Voters on the lists, all precincts together.
        voters: u64,
        /// How the voters split, where the scenario says.
        votes: Votes,
        /// Turnout per 10,000 in each precinct, in the definition's order; empty for 54.2%
        /// everywhere.
        turnout: Vec<u64>,
    },
}

/// What to simulate.
#[derive(Clone, Debug)]
pub struct Options {
    /// The country.
    pub country: Country,
    /// Everything random follows from the seed: the same seed, the same election.
    pub seed: u64,
    /// Percent of voters who choose the electronic terminal over paper.
    pub electronic: u64,
    /// Precinct commissions that sign protocols moving paper votes between lists, enough
    /// to change a seat, while the paper stays as cast (`--falsify`): 0 for an honest count.
    pub falsify: usize,
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
    /// The registry the ballots were made from (`sailau_registry::enrol`): every act from
    /// the calling to the deputies named to the list seats won; none for a definition
    /// given whole.
    pub registry: Option<sailau_registry::Registry>,
    /// What the falsified protocols did, under `--falsify`.
    pub falsified: Option<Falsified>,
}

fn seeded(seed: u64, stream: u64) -> ChaCha20Rng {
    let mut r = ChaCha20Rng::seed_from_u64(seed);
    r.set_stream(stream);
    r
}

/// The country to simulate: its checked definition, and per precinct (in the definition's
/// order) the voters on its list and its turnout per 10,000.
struct Plan {
    def: Checked,
    electorate: Vec<u64>,
    turnout: Vec<u64>,
    votes: Votes,
    registry: Option<sailau_registry::Registry>,
}

impl Plan {
    fn of(country: &Country, seed: u64) -> Result<Plan, SimulationError> {
        let (definition, electorate, turnout, votes) = match *country {
            Country::Sample { voters, precincts } => {
                let d = sample::mazhilis_2023(precincts as usize, seed);
                let (electorate, turnout) = spread(&d, voters);
                (d, electorate, turnout, Votes::new())
            }
            Country::Defined {
                ref definition,
                voters,
                ref votes,
                ref turnout,
            } => {
                let (electorate, usual) = spread(definition, voters);
                let turnout = if turnout.len() == usual.len() {
                    turnout.clone()
                } else {
                    usual
                };
                ((**definition).clone(), electorate, turnout, votes.clone())
            }
            Country::National {
                fraction_ppm,
                fewest_precincts,
            } => {
                let n = if fewest_precincts {
                    sample::national::shape_2023(fraction_ppm, seed)
                } else {
                    sample::national::country_2023(fraction_ppm, seed)
                };
                (n.definition, n.electorate, n.turnout, Votes::new())
            }
        };
        // The sample's contests name the nominees; its ballots are made from those the
        // registry registers. A definition given whole is run as given.
        let (definition, registry) = if matches!(country, Country::Defined { .. }) {
            (definition, None)
        } else {
            let e = sailau_registry::enrol::enrol(&definition)
                .map_err(|e| refused(format!("demo registry: {e}")))?;
            (e.definition, Some(e.registry))
        };
        let def = definition
            .check()
            .map_err(|e| refused(format!("demo definition: {}", e[0])))?;
        Ok(Plan {
            def,
            electorate,
            turnout,
            votes,
            registry,
        })
    }
}

/// `voters` spread over `d`'s precincts: the stations abroad get 1 voter in 200 between
/// them, at least one; the rest share evenly; 54.2% turnout everywhere.
fn spread(d: &sailau_definition::Definition, voters: u64) -> (Vec<u64>, Vec<u64>) {
    let abroad = d.precincts.iter().filter(|p| p.abroad).count() as u64;
    let home = d.precincts.len() as u64 - abroad;
    let far = if abroad == 0 {
        0
    } else {
        (voters / 200).max(1)
    };
    let (mut h, mut a) = (0u64, 0u64);
    let electorate = d
        .precincts
        .iter()
        .map(|p| {
            let (n, of, k) = if p.abroad {
                a += 1;
                (far, abroad, a - 1)
            } else {
                h += 1;
                (voters - far, home, h - 1)
            };
            n / of + u64::from(k < n % of)
        })
        .collect();
    (electorate, vec![behaviour(0).turnout; d.precincts.len()])
}

/// A station set up and let go: what the day needs to know of it.
struct Prepared {
    public_key: [u8; 32],
    received: HashMap<String, u64>,
    /// Voters of this list who took a certificate, and the station they go to.
    leaving: Vec<(usize, Voter, Certificate)>,
    /// The IINs of voters made for this list who do not vote here: refused by the import,
    /// or gone with a certificate.
    gone: HashSet<String>,
    listed: u64,
    excluded: Vec<Excluded>,
    rejected: Vec<Rejection>,
}

/// A station's day, closed and let go: its protocol, and how the day went.
struct Closed {
    protocol: Protocol,
    stats: DayStats,
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

/// The stations' pool: twice as many threads as the pool the run was called in. A station
/// waits on the disk at every commit (its database syncs each one, as a real station's must),
/// and with one thread per core that wait would leave a core idle; the file descriptors and
/// memory in use stay bounded by the threads.
fn stations_pool() -> Result<rayon::ThreadPool, SimulationError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(2 * rayon::current_num_threads())
        .build()
        .map_err(|e| refused(format!("the stations' threads: {e}")))
}

/// Runs the election and writes its record into `out`, an empty folder; the station
/// databases, terminals, guardians' keys and voter lists go under `out/private/`.
///
/// Stations are streamed: each is set up and let go, opened again for its day and let go,
/// then opened once more to be closed with the guardians, its files written, and let go,
/// two at once per core (`stations_pool`). Between the day and the closing, only a few
/// numbers per contest are kept of each station (its paper as cast and its electronic
/// ballots as marked: the hand counts, and what `--falsify` needs); after it, only its
/// protocol, for the sums. Open files do not grow with the number of stations, nor memory
/// beyond those few numbers per station.
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
    let plan = Plan::of(&opts.country, opts.seed)?;
    let def = &plan.def;
    let (election, keys) = sample::ceremony(def, &mut seeded(opts.seed, 1))
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

    // Stations: each precinct's list through the commission's CSV import, the database, the
    // terminals, the paper, and the absentee certificates of the day before; in parallel.
    // The guardians' record is checked against the whole definition once; each station and
    // its terminals are then set up with their precinct's part only.
    for dir in ["stations", "lists"] {
        std::fs::create_dir_all(private.join(dir)).map_err(|e| write_error(&private, e))?;
    }
    let parts = Setup::new(def, &e_json).map_err(|e| refused(format!("election.json: {e}")))?;
    let n = def.precincts.len();
    let first: Vec<u64> = plan
        .electorate
        .iter()
        .scan(0u64, |at, &e| {
            *at += e;
            Some(*at - e)
        })
        .collect();
    let total: u64 = plan.electorate.iter().sum();
    let home: Vec<usize> = (0..n).filter(|&i| !def.precincts[i].abroad).collect();
    let list_of = |i: usize| {
        let p = &def.precincts[i];
        population::of_precinct(
            def,
            &p.id,
            first[i],
            plan.electorate[i],
            total,
            &mut seeded(opts.seed, 300_000 + i as u64),
        )
    };
    progress.start("setting up stations", n as u64);
    let stations = stations_pool()?;
    let prepared: Vec<Prepared> = stations.install(|| {
        (0..n)
            .into_par_iter()
            .map(|i| {
                let p = &def.precincts[i];
                let at = |e: &dyn std::fmt::Display| refused(format!("station {}: {e}", p.id));
                let mut rng = seeded(opts.seed, 1_000 + i as u64);
                let generated = list_of(i);
                let (imported, csv) = population::import_list(def, &p.id, &generated, i == 0);
                // Voters the import refused (the first list's mistakes) are not on the list.
                let on_list: HashSet<_> = imported.voters.iter().map(|v| v.iin).collect();
                let mut gone: HashSet<String> = generated
                    .iter()
                    .filter(|v| !on_list.contains(&v.iin))
                    .map(|v| v.iin.to_string())
                    .collect();
                write_whole(
                    &private.join("lists").join(format!("{}.csv", p.id)),
                    &csv,
                    0o600,
                )?;
                let part = parts.part(&p.id).map_err(|e| at(&e))?;
                let station = Station::create(&station_path(&private, &p.id), &part, &mut rng)
                    .map_err(|e| at(&e))?;
                station.load_voters(&imported.voters).map_err(|e| at(&e))?;
                for t in 1..=2 {
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
                }
                // Ballots for everyone on the list, 3% and 5 more for spoiled ones and arrivals.
                let mut received = HashMap::new();
                for c in station.style_contests() {
                    let n = imported.voters.len() as u64 * 103 / 100 + 5;
                    station.receive_paper(&c, n).map_err(|e| at(&e))?;
                    received.insert(c, n);
                }
                let leaving = if p.abroad {
                    Vec::new()
                } else {
                    certificates(def, &station, &imported.voters, &home, i, opts.seed)?
                };
                gone.extend(leaving.iter().map(|(_, v, _)| v.iin.to_string()));
                progress.step(1);
                Ok(Prepared {
                    public_key: station.station_public_key(),
                    received,
                    leaving,
                    gone,
                    listed: imported.voters.len() as u64,
                    excluded: imported.excluded,
                    rejected: imported.rejected,
                })
            })
            .collect::<Result<_, SimulationError>>()
    })?;
    progress.finish();
    let keys_json: Vec<serde_json::Value> = prepared
        .iter()
        .zip(&def.precincts)
        .map(|(s, p)| {
            serde_json::json!({
                "precinct": p.id,
                "public_key": sailau_group::to_hex(&s.public_key),
            })
        })
        .collect();
    record.put(
        &Layout::Stations,
        (serde_json::to_string_pretty(&keys_json).expect("JSON") + "\n").as_bytes(),
    )?;
    let mut arriving: Vec<Vec<(Voter, Certificate)>> = vec![Vec::new(); n];
    let mut certificates = 0u64;
    let mut prepared = prepared;
    for s in prepared.iter_mut() {
        for (to, v, c) in s.leaving.drain(..) {
            arriving[to].push((v, c));
            certificates += 1;
        }
    }
    lap("station setup", &mut phases);

    // Election day, every station in turn on every core: opened, its day run, and let go,
    // keeping only what its commission will count (the paper) and what the voters marked on
    // the terminals, which only `--falsify` reads.
    progress.start("election day", n as u64);
    let days: Vec<(DayStats, HashMap<String, day::PaperPile>, day::Marked)> =
        stations.install(|| {
            (0..n)
                .into_par_iter()
                .map(|i| {
                    let p = &def.precincts[i];
                    let at = |e: &dyn std::fmt::Display| refused(format!("station {}: {e}", p.id));
                    let station =
                        Station::open(&station_path(&private, &p.id)).map_err(|e| at(&e))?;
                    let mut terminals = open_terminals(&private, &p.id)?;
                    // Holders of a certificate vote where they go, not at home.
                    let voters: Vec<Voter> = list_of(i)
                        .into_iter()
                        .filter(|v| !prepared[i].gone.contains(&v.iin.to_string()))
                        .collect();
                    let b = Behaviour {
                        turnout: plan.turnout[i],
                        ..b
                    };
                    let day = day::run(
                        &station,
                        &mut terminals,
                        &voters,
                        &arriving[i],
                        &b,
                        &plan.votes,
                        i == 0,
                        &mut seeded(opts.seed, 100_000 + i as u64),
                    )?;
                    progress.step(1);
                    Ok(day)
                })
                .collect::<Result<_, SimulationError>>()
        })?;
    progress.finish();
    lap("election day", &mut phases);

    // What an honest hand count of each precinct's paper finds, for `sailau audit assess`;
    // then the commissions that sign a false count, under `--falsify`.
    let hand = hand_counts(def, &days);
    write_whole(
        &private.join("hand-counts.json"),
        hand.to_json().as_bytes(),
        0o600,
    )?;
    let (falsified, moves) = if opts.falsify == 0 {
        (None, HashMap::new())
    } else {
        let read: Vec<falsify::Day> = days
            .iter()
            .zip(&def.precincts)
            .map(|((_, piles, marked), p)| falsify::Day {
                precinct: &p.id,
                piles,
                marked,
            })
            .collect();
        let (f, moves) = falsify::plan(def, &read, opts.falsify)?;
        (Some(f), moves)
    };
    let list = falsified.as_ref().map(|f| f.contest.clone());

    // The closing, every station in turn on every core: opened again, counted with the
    // guardians, its files written, and let go.
    progress.start("closing", n as u64);
    let quorum = &keys[..def.guardians.quorum as usize];
    let closed: Vec<Closed> = stations.install(|| {
        days.into_par_iter()
            .enumerate()
            .map(|(i, (stats, mut piles, _))| {
                let p = &def.precincts[i];
                let at = |e: &dyn std::fmt::Display| refused(format!("station {}: {e}", p.id));
                let station = Station::open(&station_path(&private, &p.id)).map_err(|e| at(&e))?;
                let terminals = open_terminals(&private, &p.id)?;
                if let (Some(m), Some(list)) = (moves.get(&i), &list) {
                    let pile = piles
                        .get_mut(list)
                        .expect("a falsified precinct counts the list");
                    pile.votes[m.from] -= m.votes;
                    pile.votes[m.to] += m.votes;
                }
                let c = day::close(
                    &station,
                    &terminals,
                    &piles,
                    &prepared[i].received,
                    quorum,
                    &mut seeded(opts.seed, 200_000 + i as u64),
                )?;
                let id = p.id.clone();
                // The record carries the log compact; the station wrote it as JSON lines.
                let compact = sailau_crypto::compact::to_compact(&c.ballots_jsonl)
                    .map_err(|e| refused(format!("{id}: its ballot log: {e}")))?;
                record.write(&Layout::Ballots(id.clone()), &compact)?;
                record.write(&Layout::Tally(id.clone()), &c.tally_json)?;
                record.write(&Layout::Protocol(id), c.protocol.to_json().as_bytes())?;
                progress.step(1);
                Ok(Closed {
                    protocol: c.protocol.protocol,
                    stats,
                })
            })
            .collect::<Result<_, SimulationError>>()
    })?;
    progress.finish();
    lap("closing", &mut phases);

    // Up the hierarchy, and the law's decisions, by the published record's one road.
    let protocols: HashMap<&str, &Protocol> = closed
        .iter()
        .zip(&def.precincts)
        .map(|(c, p)| (p.id.as_str(), &c.protocol))
        .collect();
    let sums = Summaries::of(def, |p| protocols.get(p).copied()).map_err(refused)?;
    let results = sums.write(def, &mut record, true).map_err(|e| match e {
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
    lap("aggregation and results", &mut phases);

    // The registry records the certified outcomes, and the parties name their deputies.
    let mut registry = plan.registry;
    if let Some(r) = registry.as_mut() {
        let decisions: Vec<sailau_law::Decision> = results
            .iter()
            .flat_map(|b| b.decide().decisions.into_iter().map(|(_, d)| d))
            .collect();
        sailau_registry::enrol::seat(r, def.definition(), &decisions)
            .map_err(|e| refused(format!("demo registry: {e}")))?;
    }

    let day = closed
        .iter()
        .fold(DayStats::default(), |a, c| a.add(&c.stats));
    let excluded: Vec<Excluded> = prepared.iter().flat_map(|s| s.excluded.clone()).collect();
    let rejected: Vec<Rejection> = prepared.iter().flat_map(|s| s.rejected.clone()).collect();
    Ok(Outcome {
        on_lists: prepared.iter().map(|s| s.listed).sum(),
        refused_rows: (rejected.len(), excluded.len()),
        excluded: excluded.into_iter().take(5).collect(),
        rejected: rejected.into_iter().take(5).collect(),
        definition: plan.def,
        registry,
        day,
        certificates,
        regions,
        results,
        phases,
        falsified,
    })
}

/// A station's two terminals, opened again from their folders.
fn open_terminals(private: &Path, precinct: &str) -> Result<Vec<Terminal>, SimulationError> {
    (1..=2)
        .map(|t| {
            let device = format!("{precinct}-t{t}");
            Terminal::open(&private.join("terminals").join(&device))
                .map_err(|e| refused(format!("terminal {device}: {e}")))
        })
        .collect()
}

/// What an honest hand count of every precinct's paper finds: its paper as cast, contest by
/// contest, in the format `sailau audit assess` reads.
fn hand_counts(
    def: &Checked,
    days: &[(DayStats, HashMap<String, day::PaperPile>, day::Marked)],
) -> sailau_audit::HandCounts {
    let precincts = days
        .iter()
        .zip(&def.precincts)
        .map(|((_, piles, _), p)| {
            let style = def.style(&p.style).expect("a precinct's style");
            let contests = style
                .contests
                .iter()
                .map(|c| {
                    let ids = def.option_ids(def.contest(c).expect("a style's contest"));
                    let pile = piles.get(c);
                    sailau_audit::ContestHandCount {
                        contest: c.clone(),
                        options: ids
                            .into_iter()
                            .enumerate()
                            .map(|(k, option)| sailau_audit::OptionHandCount {
                                option,
                                votes: pile.map_or(0, |p| p.votes[k]),
                            })
                            .collect(),
                        invalid: pile.map_or(0, |p| p.invalid),
                    }
                })
                .collect();
            sailau_audit::PrecinctCount {
                precinct: p.id.clone(),
                contests,
            }
        })
        .collect();
    sailau_audit::HandCounts {
        format: sailau_audit::COUNTS_FORMAT.into(),
        election: def.election.id.clone(),
        definition: def.digest().to_string(),
        precincts,
    }
}

fn station_path(private: &Path, precinct: &str) -> std::path::PathBuf {
    private.join("stations").join(format!("{precinct}.db"))
}

fn write_error(path: &Path, source: std::io::Error) -> SimulationError {
    SimulationError::Write(sailau_record::sink::WriteError {
        path: path.display().to_string(),
        source,
    })
}

/// The day before: 1 voter in 200 takes an absentee certificate for every contest and votes
/// at another station of the country where one of those contests is held (rural akims are
/// elected in their own district only). Returns them with where each goes (an index of
/// `home`, never the station's own).
fn certificates(
    def: &Checked,
    station: &Station,
    voters: &[Voter],
    home: &[usize],
    i: usize,
    seed: u64,
) -> Result<Vec<(usize, Voter, Certificate)>, SimulationError> {
    if home.len() < 2 {
        return Ok(Vec::new());
    }
    let mut rng = seeded(seed, 400_000 + i as u64);
    let (day, offset) = station.day();
    let eve = Moment(sailau_law::election_day::absentee_requests_close(day, offset).0 - 4 * 3600);
    let contests = station.style_contests();
    let mut out = Vec::new();
    for v in voters {
        if !chance(&mut rng, 50) {
            continue;
        }
        // A few tries at a station that holds one of the contests; else the voter stays.
        let shares = |j: usize| {
            j != i
                && def
                    .style(&def.precincts[j].style)
                    .is_some_and(|s| s.contests.iter().any(|c| contests.contains(c)))
        };
        let Some(to) = (0..8)
            .map(|_| home[below(&mut rng, home.len() as u64) as usize])
            .find(|&j| shares(j))
        else {
            continue;
        };
        let cert = station
            .issue_certificate(&v.iin, &contests, eve)
            .map_err(|e| refused(format!("station {}: {e}", v.precinct)))?;
        out.push((to, v.clone(), cert));
    }
    Ok(out)
}

//! `sailau demo`: a complete simulated election on embedded SQLite, deterministic for a seed.
//!
//! It builds a definition modelled on 19 March 2023 (the Mazhilis with 7 lists and "against
//! all" and its single-member districts; regional and district maslikhats; two time zones; a
//! station abroad), holds the guardians' key ceremony, imports a voter list, runs every
//! station's day through the real desk, terminals and ballot box (paper or electronic by the
//! voter's choice, some challenges, the mobile box, absentee voters, refused attempts to vote
//! twice, a copied card), closes every station with the guardians, adds the protocols up to
//! the regions and the nation, decides the results under the law in force, writes the whole
//! election record, and verifies it from disk as an observer would.

mod day;
mod population;

use crate::election_dir::{self, write};
use crate::progress::bar;
use crate::{emit, Failure};
use day::{Behaviour, DayStats, PaperPile};
use population::{below, chance};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use rayon::prelude::*;
use sailau_crypto::record::election_json;
use sailau_definition::{sample, Checked};
use sailau_formats::ResultsFile;
use sailau_law::election_day::Moment;
use sailau_protocol::{Level, Protocol};
use sailau_record::{BodyResults, Layout};
use sailau_station::terminal::Terminal;
use sailau_station::Station;
use sailau_voters::absentee::Certificate;
use sailau_voters::Voter;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct DemoArgs {
    /// Voters on the lists, all precincts together.
    #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(10..=20_000_000))]
    voters: u64,
    /// Precincts (polling stations), one of them abroad.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(2..=20_000))]
    precincts: u64,
    /// Everything random follows from the seed: the same seed, the same election.
    #[arg(long, default_value_t = 2023)]
    seed: u64,
    /// Where to write the election record (a new folder; default: a new folder in the system's
    /// temporary directory).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Percent of voters who choose the electronic terminal over paper.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=100))]
    electronic: u64,
}

fn seeded(seed: u64, stream: u64) -> ChaCha20Rng {
    let mut r = ChaCha20Rng::seed_from_u64(seed);
    r.set_stream(stream);
    r
}

fn out_dir(args: &DemoArgs) -> Result<PathBuf, Failure> {
    let dir = match &args.out {
        Some(d) => d.clone(),
        None => {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            std::env::temp_dir().join(format!("sailau-demo-{}-{stamp}", args.seed))
        }
    };
    if dir.exists() && std::fs::read_dir(&dir).map_or(true, |mut d| d.next().is_some()) {
        return Err(Failure::Input(format!(
            "--out {}: the folder is not empty; choose a new one",
            dir.display()
        )));
    }
    std::fs::create_dir_all(&dir).map_err(Failure::Output)?;
    Ok(dir)
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

pub fn run(args: &DemoArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let mut phases: Vec<(&str, Duration)> = Vec::new();
    let mut phase = Instant::now();
    let mut lap = |name: &'static str, phases: &mut Vec<(&str, Duration)>| {
        phases.push((name, phase.elapsed()));
        phase = Instant::now();
    };
    let dir = out_dir(args)?;
    let private = dir.join("private");
    let b = Behaviour {
        turnout: 5_420,
        electronic: args.electronic * 100,
        mobile: 150,
        challenge: 100,
        twice: 30,
        spoil: 30,
        invalid: 240,
        blank: 50,
    };

    // The definition and the key ceremony.
    let definition = sample::mazhilis_2023(args.precincts as usize, args.seed);
    let def_json = definition.to_json();
    let def: Checked = definition
        .check()
        .map_err(|e| Failure::Input(format!("demo definition: {}", e[0])))?;
    let (election, keys) = sample::ceremony(&def, &mut seeded(args.seed, 1))
        .map_err(|e| Failure::Input(format!("key ceremony: {e}")))?;
    let e_json = election_json(&election);
    write(&dir.join("definition.json"), def_json.as_bytes())?;
    write(&dir.join("election.json"), &e_json)?;
    // Each guardian's key file, as the ceremony leaves it on their own machine: here, so
    // that `sailau guardian decrypt` can be tried on the demo's stations.
    for key in &keys {
        let file = sailau_crypto::closing::key_json(&election, key);
        crate::election_dir::write_secret(
            &private
                .join("guardians")
                .join(format!("guardian-{}.key", key.index)),
            &file,
        )?;
    }
    lap("definition and key ceremony", &mut phases);

    // The voter list, through the CSV import a commission uses.
    let mut rng = seeded(args.seed, 2);
    let people = population::voters(&def, args.voters as usize, &mut rng);
    let (imported, csv) = population::import_with_mistakes(&def, &people);
    write(&private.join("voters.csv"), &csv)?;
    let mut by_precinct: BTreeMap<String, Vec<Voter>> = BTreeMap::new();
    for v in &imported.voters {
        by_precinct
            .entry(v.precinct.clone())
            .or_default()
            .push(v.clone());
    }
    lap("voter list", &mut phases);

    // Stations: databases, lists, terminals, paper; in parallel.
    std::fs::create_dir_all(private.join("stations")).map_err(Failure::Output)?;
    // The guardians' record is checked against the whole definition once; each station and
    // its terminals are then set up with their precinct's part only.
    let parts = sailau_station::part::Setup::new(&def, &e_json)
        .map_err(|e| Failure::Input(format!("election.json: {e}")))?;
    let setup = bar(def.precincts.len() as u64, "setting up stations");
    let mut stations: Vec<Running> = def
        .precincts
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let mut rng = seeded(args.seed, 1_000 + i as u64);
            let station = parts
                .part(&p.id)
                .and_then(|part| {
                    Station::create(
                        &private.join("stations").join(format!("{}.db", p.id)),
                        &part,
                        &mut rng,
                    )
                })
                .map_err(|e| Failure::Input(format!("station {}: {e}", p.id)))?;
            let voters = by_precinct.get(&p.id).cloned().unwrap_or_default();
            station
                .load_voters(&voters)
                .map_err(|e| Failure::Input(format!("station {}: {e}", p.id)))?;
            let terminals = (1..=2)
                .map(|t| {
                    let term = Terminal::create(
                        &private.join("terminals").join(format!("{}-t{t}", p.id)),
                        &format!("{}-t{t}", p.id),
                        &station.desk_public_key(),
                        station.part(),
                        &mut rng,
                    )
                    .map_err(|e| Failure::Input(format!("terminal {}-t{t}: {e}", p.id)))?;
                    station
                        .register_terminal(term.device(), &term.public_key())
                        .map_err(|e| Failure::Input(format!("station {}: {e}", p.id)))?;
                    Ok(term)
                })
                .collect::<Result<Vec<_>, Failure>>()?;
            // Ballots for everyone on the list, 3% and 5 more for spoiled ones and arrivals.
            let mut received = HashMap::new();
            for c in station.style_contests() {
                let n = voters.len() as u64 * 103 / 100 + 5;
                station
                    .receive_paper(&c, n)
                    .map_err(|e| Failure::Input(format!("station {}: {e}", p.id)))?;
                received.insert(c, n);
            }
            setup.inc(1);
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
        .collect::<Result<_, Failure>>()?;
    setup.finish_and_clear();
    let keys_json: Vec<serde_json::Value> = stations
        .iter()
        .map(|r| {
            serde_json::json!({
                "precinct": r.station.precinct(),
                "public_key": sailau_group::to_hex(&r.station.station_public_key()),
            })
        })
        .collect();
    write(
        &dir.join("stations.json"),
        (serde_json::to_string_pretty(&keys_json).expect("JSON") + "\n").as_bytes(),
    )?;
    lap("station setup", &mut phases);

    // The day before: 1 voter in 200 takes an absentee certificate for every contest and
    // votes at another station, as often as not in the same region.
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
                .filter(|_| chance(&mut rng, 50))
                .cloned()
                .collect();
            for v in leaving {
                let contests = stations[i].station.style_contests();
                let cert = stations[i]
                    .station
                    .issue_certificate(&v.iin, &contests, eve)
                    .map_err(|e| Failure::Input(format!("station {}: {e}", v.precinct)))?;
                let mut to = home[below(&mut rng, home.len() as u64) as usize];
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
        let gone: std::collections::HashSet<String> = r
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
    lap("absentee certificates", &mut phases);

    // Election day, every station at once.
    let voting = bar(stations.len() as u64, "election day (stations)");
    stations.par_iter_mut().enumerate().try_for_each(|(i, r)| {
        let mut rng = seeded(args.seed, 100_000 + i as u64);
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
        voting.inc(1);
        Ok::<(), Failure>(())
    })?;
    voting.finish_and_clear();
    lap("election day", &mut phases);

    // Closing: the count, the guardians, the signed protocols.
    let closing = bar(stations.len() as u64, "closing (guardians)");
    let quorum = &keys[..def.guardians.quorum as usize];
    let closed: Vec<(String, sailau_station::closing::Closing)> = stations
        .par_iter_mut()
        .enumerate()
        .map(|(i, r)| {
            let mut rng = seeded(args.seed, 200_000 + i as u64);
            let c = day::close(
                &r.station,
                &r.terminals,
                &r.piles,
                &r.received,
                &election,
                quorum,
                &mut rng,
            )?;
            closing.inc(1);
            Ok((r.station.precinct().to_string(), c))
        })
        .collect::<Result<_, Failure>>()?;
    closing.finish_and_clear();
    for (id, c) in &closed {
        let p = dir.join("precincts").join(id);
        write(&p.join("ballots.jsonl"), &c.ballots_jsonl)?;
        write(&p.join("tally.json"), &c.tally_json)?;
        write(&p.join("protocol.json"), c.protocol.to_json().as_bytes())?;
    }
    lap("closing", &mut phases);

    // Up the hierarchy: each region (and the stations abroad), then the nation.
    let election_id = def.election.id.clone();
    let digest = def.digest().to_string();
    let mut by_unit: BTreeMap<String, Vec<&Protocol>> = BTreeMap::new();
    for (id, c) in &closed {
        let unit = def.region_of(id).unwrap_or("unknown").to_string();
        by_unit.entry(unit).or_default().push(&c.protocol.protocol);
    }
    for (unit, parts) in &by_unit {
        let p = Protocol::sum(&election_id, &digest, Level::Territorial, unit, parts)
            .map_err(|e| Failure::Input(e.to_string()))?;
        write(
            &dir.join("territorial").join(format!("{unit}.json")),
            p.to_json().as_bytes(),
        )?;
    }
    let all: Vec<&Protocol> = closed.iter().map(|(_, c)| &c.protocol.protocol).collect();
    let national = Protocol::sum(&election_id, &digest, Level::National, "national", &all)
        .map_err(|e| Failure::Input(e.to_string()))?;
    write(&dir.join("national.json"), national.to_json().as_bytes())?;
    let regions = by_unit.len() - usize::from(by_unit.contains_key("abroad"));
    drop(by_unit);
    drop(all);
    drop(closed); // the record is on disk; verification reads it back from there

    // The law decides, by the published record's one road.
    let mut text = String::new();
    for results in BodyResults::all(&def, &national).map_err(|e| Failure::Input(e.to_string()))? {
        let decided = results.decide();
        if let Some(refused) = decided.refused.first() {
            return Err(Failure::Input(format!(
                "results/{}.json: {refused}",
                results.body
            )));
        }
        write(
            &dir.join(Layout::Results(results.body).path()),
            results.text.as_bytes(),
        )?;
        write(
            &dir.join(Layout::Decided(results.body).path()),
            decided.text().as_bytes(),
        )?;
        text += &summarize(&results.file, &decided.decisions);
    }
    lap("aggregation and results", &mut phases);

    // An observer's check, from the files on disk.
    let loaded = election_dir::load(&dir)?;
    let checking = bar(loaded.ballot_lines(), "verifying the record");
    let report = sailau_verify::election::verify_election(
        &loaded.files(),
        &sailau_verify::Options::default(),
        &|n| checking.inc(n),
    );
    checking.finish_and_clear();
    lap("verification", &mut phases);

    let total: DayStats = stations.iter().fold(DayStats::default(), |a, r| DayStats {
        voted: a.voted + r.stats.voted,
        paper: a.paper + r.stats.paper,
        mobile: a.mobile + r.stats.mobile,
        electronic: a.electronic + r.stats.electronic,
        challenged: a.challenged + r.stats.challenged,
        refused_twice: a.refused_twice + r.stats.refused_twice,
        absentee: a.absentee + r.stats.absentee,
        copies_refused: a.copies_refused + r.stats.copies_refused,
    });
    let on_lists = imported.voters.len() as u64;
    let elapsed = started.elapsed();
    let mut out = format!(
        "Sailau demo: {} (seed {})\n\n\
         Voter list: {} rows imported, {} excluded by law, {} rejected:\n",
        def.election.name.en,
        args.seed,
        on_lists,
        imported.excluded.len(),
        imported.rejected.len()
    );
    for r in imported.rejected.iter().take(5) {
        out += &format!("  line {}: {}\n", r.row, r.reason);
    }
    for x in imported.excluded.iter().take(5) {
        out += &format!("  line {}: {} kept off the list: {}\n", x.row, x.iin, x.why);
    }
    out += &format!(
        "{} precincts ({} abroad) in {} regions and cities, two time zones; 5 guardians, any {} decrypt.\n\
         Turnout {} of {} ({}): {} on paper, {} by the mobile box, {} electronically \
         ({} challenged their ballot first).\n\
         {} absentee certificates; {} attempts to vote twice refused at the desk; \
         {} copied card refused by the box.\n\n",
        def.precincts.len(),
        def.precincts.iter().filter(|p| p.abroad).count(),
        regions,
        def.guardians.quorum,
        total.voted,
        on_lists,
        percent(total.voted, on_lists),
        total.paper,
        total.mobile,
        total.electronic,
        total.challenged,
        certificates,
        total.refused_twice,
        total.copies_refused,
    );
    out += &text;
    out += &election_dir::describe(&dir, &report, phases.last().map_or(Duration::ZERO, |p| p.1));
    out += "\nTime spent:\n";
    for (name, d) in &phases {
        out += &format!("  {name:<30} {:>8.1?}\n", d);
    }
    out += &format!(
        "  {:<30} {:>8.1?}   ({:.0} voters per second end to end)\n\n",
        "total",
        elapsed,
        on_lists as f64 / elapsed.as_secs_f64().max(1e-9)
    );
    out += &format!(
        "The election record is in {}\n(the station databases, terminals, guardians' keys and voter list under private/ are not part of it).\n\
         Check it yourself: sailau verify {}\n",
        dir.display(),
        dir.display()
    );
    emit(&out)?;
    if report.passed() {
        Ok(())
    } else {
        Err(Failure::Failed)
    }
}

/// "54.2%" from exact integers.
fn percent(part: u64, whole: u64) -> String {
    sailau_law::Ratio::new(u128::from(part), u128::from(whole.max(1))).percent(1) + "%"
}

/// The list results in full; the districts and councils in brief.
fn summarize(
    file: &ResultsFile,
    decided: &[(&sailau_formats::ContestEntry, sailau_law::Decision)],
) -> String {
    let lists: Vec<_> = decided
        .iter()
        .filter(|(e, _)| e.contest.kind == sailau_law::ContestKind::PartyList)
        .cloned()
        .collect();
    let mut out = String::new();
    if file.body == sailau_law::Body::Mazhilis {
        out += &crate::render::table(file, &lists);
    } else if !lists.is_empty() {
        out += &format!("{}: {} party-list contests decided", file.name, lists.len());
        let passed: usize = lists
            .iter()
            .map(|(_, d)| d.options.iter().filter(|o| o.passed == Some(true)).count())
            .sum();
        out += &format!(" ({passed} lists passed the threshold in all).\n");
    }
    let seats: Vec<_> = decided
        .iter()
        .filter(|(e, _)| e.contest.kind == sailau_law::ContestKind::Smd)
        .collect();
    if !seats.is_empty() {
        let mut by_outcome: BTreeMap<String, usize> = BTreeMap::new();
        for (_, d) in &seats {
            *by_outcome
                .entry(format!("{:?}", d.outcome).to_lowercase())
                .or_default() += 1;
        }
        let outcomes: Vec<String> = by_outcome.iter().map(|(o, n)| format!("{n} {o}")).collect();
        out += &format!(
            "{}: {} single-member districts decided ({}).\n",
            file.name,
            seats.len(),
            outcomes.join(", ")
        );
    }
    out + "\n"
}

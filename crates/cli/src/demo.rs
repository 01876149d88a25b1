//! `sailau demo`: a complete simulated election on embedded SQLite (`sailau-simulation`),
//! written as an election record, then verified from the files as an observer would.

use crate::progress::bar;
use crate::{emit, Failure};
use sailau_formats::ResultsFile;
use sailau_simulation::scenario::{self, Held, Scenario};
use sailau_simulation::{Country, Options, Outcome, Progress};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

#[derive(clap::Args)]
pub struct DemoArgs {
    /// Voters on the lists, all precincts together.
    #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(10..=20_000_000), conflicts_with = "national")]
    voters: u64,
    /// Precincts (polling stations), one of them abroad.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(2..=20_000), conflicts_with = "national")]
    precincts: u64,
    /// The whole country of 19 March 2023 instead: 10,233 precincts (77 abroad in 62
    /// countries), 12,035,578 voters, every district and council, each region's turnout.
    #[arg(long)]
    national: bool,
    /// With --national: the share of the country's voters to put on the lists, a decimal
    /// from 0.000001 to 1 (0.01 is one voter in a hundred); the precincts stay all there.
    #[arg(long, requires = "national", value_parser = fraction_ppm, default_value = "1")]
    fraction: u32,
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
    /// Which election: mazhilis-2023 (the Mazhilis and maslikhats of 19 March 2023),
    /// presidential-2022 (six candidates and "against all"), presidential-runoff (nobody wins
    /// the first round; the second round is derived from it and run; both are in the record),
    /// referendum-2022 (a constitutional question, decided by region too), rural-akims-2021
    /// (each akim on its own area; repeat elections named), kurultai-2026 (145 list seats),
    /// senate-2023 (each region's electors in a joint session; --voters are the electors, 3,167
    /// in 2023).
    #[arg(long, default_value = "mazhilis-2023", value_parser = scenario, conflicts_with = "national")]
    scenario: Scenario,
    /// Also print, as PDF in the record's print/ folder: each style's paper ballots and each
    /// precinct's signed protocol.
    #[arg(long)]
    print: bool,
    /// Have this many precinct commissions sign protocols that move paper votes from one list
    /// to another, enough to change a seat of the party-list contest, while the paper stays as
    /// cast: what the audit (sailau audit) must catch. The demo says which seat changed.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=20_000))]
    falsify: u64,
}

/// Writes DIR/print/ballot-STYLE.pdf for every style and DIR/print/protocol-ID.pdf for every
/// precinct's signed protocol; returns how many files.
fn print_all(dir: &Path, def: &sailau_definition::Checked) -> Result<usize, Failure> {
    use rayon::prelude::*;
    let out = dir.join("print");
    let fail = |e: sailau_print::PrintError| Failure::Input(format!("printing: {e}"));
    for s in &def.styles {
        let pdf = sailau_print::ballots(def, &s.id).map_err(fail)?;
        crate::election_dir::write(&out.join(format!("ballot-{}.pdf", s.id)), &pdf)?;
    }
    def.precincts
        .par_iter()
        .map(|p| {
            let path = dir.join("precincts").join(&p.id).join("protocol.json");
            let text = crate::station_cmd::read_text(&path)?;
            let signed = sailau_protocol::SignedProtocol::from_json(&text)
                .map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
            let pdf = sailau_print::protocol(def, &signed.protocol, Some(&signed.signer), 0)
                .map_err(fail)?;
            crate::election_dir::write(&out.join(format!("protocol-{}.pdf", p.id)), &pdf)
        })
        .collect::<Result<Vec<()>, Failure>>()?;
    Ok(def.styles.len() + def.precincts.len())
}

fn scenario(name: &str) -> Result<Scenario, String> {
    Scenario::by_name(name).ok_or_else(|| {
        let names: Vec<&str> = Scenario::ALL.iter().map(|(n, _)| *n).collect();
        format!(
            "{name:?} is not a scenario; choose one of {}",
            names.join(", ")
        )
    })
}

/// "0.01" as 10,000 millionths, exactly: a decimal of at most six places in (0, 1].
fn fraction_ppm(text: &str) -> Result<u32, String> {
    let bad = || format!("{text:?} is not a fraction from 0.000001 to 1 (at most six decimals)");
    let (whole, part) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() && part.is_empty()
        || part.len() > 6
        || !whole
            .bytes()
            .chain(part.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let part: u32 = format!("{part:0<6}").parse().map_err(|_| bad())?;
    match whole
        .checked_mul(1_000_000)
        .and_then(|w| w.checked_add(part))
    {
        Some(ppm @ 1..=1_000_000) => Ok(ppm),
        _ => Err(bad()),
    }
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
    std::fs::create_dir_all(&dir).map_err(|e| {
        Failure::Output(std::io::Error::new(
            e.kind(),
            format!("{}: {e}", dir.display()),
        ))
    })?;
    Ok(dir)
}

/// Empties the folder a demo could not finish writing: no record is left half-written.
fn discard(dir: &std::path::Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let _ = match e.file_type() {
                Ok(t) if t.is_dir() => std::fs::remove_dir_all(e.path()),
                _ => std::fs::remove_file(e.path()),
            };
        }
    }
}

/// The simulation's phases as progress bars on standard error, one at a time.
struct Bars(Mutex<Option<indicatif::ProgressBar>>);

impl Progress for Bars {
    fn start(&self, phase: &'static str, total: u64) {
        *self.0.lock().expect("not poisoned") = Some(bar(total, phase));
    }
    fn step(&self, n: u64) {
        if let Some(b) = &*self.0.lock().expect("not poisoned") {
            b.inc(n);
        }
    }
    fn finish(&self) {
        if let Some(b) = self.0.lock().expect("not poisoned").take() {
            b.finish_and_clear();
        }
    }
}

pub fn run(args: &DemoArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let dir = out_dir(args)?;
    let bars = Bars(Mutex::new(None));
    let held = if args.national {
        let opts = Options {
            country: Country::National {
                fraction_ppm: args.fraction,
                fewest_precincts: false,
            },
            seed: args.seed,
            electronic: args.electronic,
            falsify: args.falsify as usize,
        };
        sailau_simulation::run(&opts, &dir, &bars).map(|outcome| {
            vec![Held {
                dir: dir.clone(),
                outcome,
            }]
        })
    } else {
        scenario::hold(
            args.scenario,
            args.voters,
            args.precincts,
            args.seed,
            scenario::Conduct {
                electronic: args.electronic,
                falsify: args.falsify as usize,
            },
            &dir,
            &bars,
        )
    }
    .map_err(|e| match e {
        sailau_simulation::SimulationError::Write(w) => {
            discard(&dir);
            Failure::Output(std::io::Error::new(w.source.kind(), w.to_string()))
        }
        other => Failure::Input(other.to_string()),
    })?;
    let outcome = &held.last().expect("a scenario holds an election").outcome;
    let mut printed = Vec::new();
    if args.print {
        for h in &held {
            let n = print_all(&h.dir, &h.outcome.definition)?;
            printed.push(format!(
                "{n} PDF files in {}",
                h.dir.join("print").display()
            ));
        }
    }

    // An observer's check, from the files on disk, with the verifier's own reader.
    let verifying = Instant::now();
    let record = crate::election_dir::open(&dir)?;
    let checking = bar(record.precincts().len() as u64, "verifying the record");
    let report = record.verify(&sailau_verify::Options::default(), &|| checking.inc(1));
    checking.finish_and_clear();
    let mut phases = outcome.phases.clone();
    phases.push(("verification", verifying.elapsed()));

    let mut out = String::new();
    for h in &held {
        if held.len() > 1 {
            out += &format!(
                "== {} ({})
",
                h.outcome.definition.election.name.en,
                h.dir.display()
            );
        }
        out += &describe(args.seed, &h.outcome)?;
    }
    out += &crate::election_dir::describe(&dir, &report, verifying.elapsed());
    out += "\nTime spent:\n";
    for (name, d) in &phases {
        out += &format!("  {name:<30} {:>8.1?}\n", d);
    }
    let elapsed = started.elapsed();
    out += &format!(
        "  {:<30} {:>8.1?}   ({:.0} voters per second end to end)\n\n",
        "total",
        elapsed,
        held.iter().map(|h| h.outcome.on_lists).sum::<u64>() as f64
            / elapsed.as_secs_f64().max(1e-9)
    );
    for p in &printed {
        out += &format!(
            "Printed: {p} (the ballots of each style, each precinct's signed protocol).\n"
        );
    }
    if let Some(registry) = &outcome.registry {
        out += &registries(&dir, registry)?;
    }
    out += &audit(&dir, outcome.falsified.as_ref());
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

/// Writes the registry the ballots were made from, and in which the parties named their
/// deputies, beside the record (DIR/registry.jsonl, not part of the record: docs/registry.md),
/// replays it from the file, and says what it holds.
fn registries(dir: &Path, registry: &sailau_registry::Registry) -> Result<String, Failure> {
    let file = dir.join("registry.jsonl");
    crate::registry_cmd::write_ledger(&file, registry.entries())?;
    let r = crate::registry_cmd::replay(&file)?;
    let f = r.figures();
    let (l, d) = (&f.candidates.lists, &f.candidates.single);
    let women = d
        .women_share()
        .map_or("-".into(), |x| format!("{}%", x.percent(2)));
    Ok(format!(
        "The registry the ballots were made from (docs/registry.md; invented people):\n\
         \x20 lists: {} nominated, {} registered; districts: {} nominated, {} registered ({} self-nominated, {women} women), {} refused, {} withdrawn\n\
         \x20 money: deposits {}, refunded {}; list seats won and named by the parties: {}\n\
         \x20 ledger: {} ({} acts, each checked again)\n\
         \x20 check it: sailau registry check {} --definition {}\n\
         \x20 (the registries of 19 March 2023, with the CEC's published figures: sailau registry sample --out FILE)\n",
        l.nominated,
        l.registered,
        d.nominated,
        d.registered,
        d.self_nominated,
        d.refused,
        d.withdrawn,
        f.money.deposits,
        f.money.refunded,
        f.list_seats_named,
        file.display(),
        f.entries,
        file.display(),
        dir.join("definition.json").display(),
    ))
}

/// What the demo leaves for the audit of the paper count: the honest hand counts, and what
/// the falsified protocols did.
fn audit(dir: &Path, falsified: Option<&sailau_simulation::Falsified>) -> String {
    let counts = dir.join("private").join("hand-counts.json");
    let mut out = String::new();
    if let Some(f) = falsified {
        let shown: Vec<String> = f
            .precincts
            .iter()
            .take(5)
            .map(|(p, m)| format!("{p} ({m})"))
            .collect();
        let more = f.precincts.len().saturating_sub(5);
        out += &format!(
            "FALSIFIED: {} precinct commissions signed protocols moving {} paper votes of {} from {} to {}: {}{}.\n\
         \x20 The seat that changed: the paper gives {} {} seats and {} {}; the signed protocols certify {} and {}.\n",
            f.precincts.len(),
            f.votes,
            f.contest,
            f.from,
            f.to,
            shown.join(", "),
            if more > 0 { format!(" and {more} more") } else { String::new() },
            f.from,
            f.paper_seats.0,
            f.to,
            f.paper_seats.1,
            f.certified_seats.0,
            f.certified_seats.1,
        );
    }
    out += &format!(
        "The audit of the paper count (docs/audit.md): what a public hand count of each precinct's paper finds is in {}.\n\
         \x20 sailau audit plan {} --seed 12345678901234567890 --out plan.json\n\
         \x20 sailau audit assess plan.json --counts {}\n\n",
        counts.display(),
        dir.display(),
        counts.display()
    );
    out
}

/// The day and the results in words.
fn describe(seed: u64, o: &Outcome) -> Result<String, Failure> {
    let def = &o.definition;
    let total = &o.day;
    let mut out = format!(
        "Sailau demo: {} (seed {seed})\n\n\
         Voter list: {} rows imported, {} excluded by law, {} rejected:\n",
        def.election.name.en, o.on_lists, o.refused_rows.1, o.refused_rows.0
    );
    for r in &o.rejected {
        out += &format!("  line {}: {}\n", r.row, r.reason);
    }
    for x in &o.excluded {
        out += &format!("  line {}: {} kept off the list: {}\n", x.row, x.iin, x.why);
    }
    let zones: std::collections::BTreeSet<String> = def
        .precincts
        .iter()
        .filter(|p| !p.abroad)
        .map(|p| p.utc_offset.to_string())
        .collect();
    let zones = match zones.len() {
        1 => "one time zone at home".to_string(),
        n => format!("{n} time zones at home"),
    };
    out += &format!(
        "{} precincts ({} abroad) in {} regions and cities, {zones}; {} guardians, any {} decrypt.\n\
         Turnout {} of {} ({}): {} on paper, {} by the mobile box, {} electronically \
         ({} challenged their ballot first).\n\
         {} absentee certificates; {} attempts to vote twice refused at the desk; \
         {} copied card refused by the box.\n\n",
        def.precincts.len(),
        def.precincts.iter().filter(|p| p.abroad).count(),
        o.regions,
        def.guardians.members.len(),
        def.guardians.quorum,
        total.voted,
        o.on_lists,
        percent(total.voted, o.on_lists),
        total.paper,
        total.mobile,
        total.electronic,
        total.challenged,
        o.certificates,
        total.refused_twice,
        total.copies_refused,
    );
    for results in &o.results {
        out += &summarize(&results.file, &results.decide().decisions);
    }
    Ok(out)
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
    if matches!(
        file.body,
        sailau_law::Body::Mazhilis | sailau_law::Body::Kurultai
    ) {
        out += &crate::render::table(file, &lists);
    } else if matches!(
        file.body,
        sailau_law::Body::President | sailau_law::Body::Referendum
    ) {
        out += &crate::render::table(file, decided);
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
        .filter(|(e, _)| {
            matches!(
                e.contest.kind,
                sailau_law::ContestKind::Smd
                    | sailau_law::ContestKind::Akim
                    | sailau_law::ContestKind::Senate
            )
        })
        .collect();
    if !seats.is_empty() {
        let mut by_outcome: BTreeMap<String, usize> = BTreeMap::new();
        for (_, d) in &seats {
            *by_outcome
                .entry(format!("{:?}", d.outcome).to_lowercase())
                .or_default() += 1;
        }
        let outcomes: Vec<String> = by_outcome.iter().map(|(o, n)| format!("{n} {o}")).collect();
        let what = match file.body {
            sailau_law::Body::RuralAkim => "rural districts' akims",
            sailau_law::Body::Senate => "regions' senators",
            _ => "single-member districts",
        };
        out += &format!(
            "{}: {} {what} decided ({}).\n",
            file.name,
            seats.len(),
            outcomes.join(", ")
        );
        // Where nobody was elected, the election is held again: each is named, with why.
        for (e, d) in &seats {
            let why = match d.outcome {
                sailau_law::Outcome::Repeat => "repeat election",
                sailau_law::Outcome::Invalid => "not valid (too few took part), held again",
                sailau_law::Outcome::Runoff => "second round",
                _ => continue,
            };
            out += &format!(
                "  {why}: {} ({})\n",
                e.name.as_deref().unwrap_or(&d.contest),
                d.contest
            );
        }
    }
    out + "\n"
}

#[cfg(test)]
mod tests {
    use super::fraction_ppm;

    #[test]
    fn a_fraction_is_read_exactly_or_refused() {
        assert_eq!(fraction_ppm("0.01"), Ok(10_000));
        assert_eq!(fraction_ppm("0.1"), Ok(100_000));
        assert_eq!(fraction_ppm("1"), Ok(1_000_000));
        assert_eq!(fraction_ppm("1.000000"), Ok(1_000_000));
        assert_eq!(fraction_ppm(".5"), Ok(500_000));
        assert_eq!(fraction_ppm("0.000001"), Ok(1));
        for bad in [
            "0",
            "0.0000001",
            "1.5",
            "2",
            "-0.1",
            "1e-2",
            "",
            ".",
            "0,1",
            "4294967296",
        ] {
            assert!(fraction_ppm(bad).is_err(), "{bad:?} was accepted");
        }
    }
}

//! `sailau definition check`, `sailau station …`: what a commission runs on its own machine.

use crate::{emit, Failure};
use clap::Subcommand;
use rand_core::OsRng;
use sailau_definition::Definition;
use sailau_station::ballot_box::BoxError;
use sailau_station::card::FileCard;
use sailau_station::Station;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn read_text(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path)
        .map_err(|e| Failure::Input(format!("{}: cannot read: {e}", path.display())))
}

/// Reads and checks a definition; every problem is named (exit 2).
pub fn load_definition(path: &Path) -> Result<(String, sailau_definition::Checked), Failure> {
    let text = read_text(path)?;
    let def = Definition::from_json(&text)
        .map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
    match def.check() {
        Ok(c) => Ok((text, c)),
        Err(problems) => {
            for p in problems.iter().skip(1) {
                eprintln!("sailau: {}: {p}", path.display());
            }
            Err(Failure::Input(format!(
                "{}: {} ({} problem(s) in all)",
                path.display(),
                problems[0],
                problems.len()
            )))
        }
    }
}

/// `sailau definition check FILE`.
pub fn check_definition(path: &Path) -> Result<(), Failure> {
    let (_, def) = load_definition(path)?;
    emit(&format!(
        "{}: {} ({}): {} units, {} districts, {} precincts, {} contests, {} styles, {} parties, {} candidates, {} guardians (quorum {}). No problems found.\n",
        path.display(),
        def.election.name.en,
        def.election.date,
        def.units.len(),
        def.districts.len(),
        def.precincts.len(),
        def.contests.len(),
        def.styles.len(),
        def.parties.len(),
        def.candidates.len(),
        def.guardians.members.len(),
        def.guardians.quorum
    ))
}

#[derive(Subcommand)]
pub enum StationCommand {
    /// Set up a station's database for a precinct, from the definition and the published
    /// election.json (the guardians' key).
    Create {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        definition: PathBuf,
        #[arg(long)]
        election: PathBuf,
        #[arg(long)]
        precinct: String,
    },
    /// Load the precinct's voters from a voter-list CSV (docs/formats.md). Any rejected row
    /// refuses the whole file (exit 2, nothing loaded, every row named) unless --skip-bad.
    LoadVoters {
        #[arg(long)]
        db: PathBuf,
        csv: PathBuf,
        /// Load the good rows and list the bad ones instead of refusing the file.
        #[arg(long)]
        skip_bad: bool,
    },
    /// The electronic ballot box: accept every card in a folder (files ending in .card), one
    /// line per card on standard output, written after the ballot is on disk.
    Box {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        cards: PathBuf,
    },
}

pub fn run(cmd: &StationCommand) -> Result<(), Failure> {
    match cmd {
        StationCommand::Create {
            db,
            definition,
            election,
            precinct,
        } => {
            let text = read_text(definition)?;
            let e = std::fs::read(election)
                .map_err(|e| Failure::Input(format!("{}: cannot read: {e}", election.display())))?;
            let s = Station::create(db, &text, &e, precinct, &mut OsRng)
                .map_err(|e| Failure::Input(format!("{}: {e}", db.display())))?;
            emit(&format!(
                "station {} set up in {}\nstation key {}\ndesk key {}\n",
                precinct,
                db.display(),
                sailau_group::to_hex(&s.station_public_key()),
                sailau_group::to_hex(&s.desk_public_key())
            ))
        }
        StationCommand::LoadVoters { db, csv, skip_bad } => load_voters(db, csv, *skip_bad),
        StationCommand::Box { db, cards } => run_box(db, cards),
    }
}

fn open(db: &Path) -> Result<Station, Failure> {
    Station::open(db).map_err(|e| Failure::Input(format!("{}: {e}", db.display())))
}

fn load_voters(db: &Path, csv: &Path, skip_bad: bool) -> Result<(), Failure> {
    let station = open(db)?;
    let bytes = std::fs::read(csv)
        .map_err(|e| Failure::Input(format!("{}: cannot read: {e}", csv.display())))?;
    let day = station.definition().election.date;
    let here: BTreeSet<String> = [station.precinct().to_string()].into();
    let imported = sailau_voters::import(&bytes, day, &here)
        .map_err(|e| Failure::Input(format!("{}: {e}", csv.display())))?;
    for r in &imported.rejected {
        eprintln!("sailau: {}: line {}: {}", csv.display(), r.row, r.reason);
    }
    if !imported.rejected.is_empty() && !skip_bad {
        return Err(Failure::Input(format!(
            "{}: {} row(s) rejected (each named above); nothing loaded. Fix them, or load the good rows with --skip-bad",
            csv.display(),
            imported.rejected.len()
        )));
    }
    let n = station
        .load_voters(&imported.voters)
        .map_err(|e| Failure::Input(format!("{}: {e}", db.display())))?;
    let mut out = format!("{n} voters loaded into {}\n", db.display());
    for x in &imported.excluded {
        out += &format!("  line {}: {} kept off the list: {}\n", x.row, x.iin, x.why);
    }
    if !imported.rejected.is_empty() {
        out += &format!(
            "  {} row(s) rejected and not loaded (named on standard error)\n",
            imported.rejected.len()
        );
    }
    emit(&out)
}

/// Prints one line and flushes it at once, so that a reader sees every acknowledgement the
/// moment it is made.
fn say(line: String) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")
        .and_then(|()| out.flush())
        .map_err(Failure::Output)
}

fn run_box(db: &Path, cards: &Path) -> Result<(), Failure> {
    let station = open(db)?;
    let mut names: Vec<PathBuf> = std::fs::read_dir(cards)
        .map_err(|e| Failure::Input(format!("{}: cannot read: {e}", cards.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "card"))
        .collect();
    names.sort();
    let mut refused = 0;
    for path in names {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut card = FileCard::new(&path);
        match station.accept(&mut card) {
            Ok(r) => say(format!(
                "accepted {name} {} (log position {})",
                r.code, r.position
            ))?,
            Err(BoxError::Blank) => {}
            Err(BoxError::AlreadyRecorded { code }) => say(format!("already {name} {code}"))?,
            Err(e) => {
                refused += 1;
                say(format!("refused {name}: {e}"))?;
            }
        }
    }
    if refused > 0 {
        Err(Failure::Failed)
    } else {
        Ok(())
    }
}

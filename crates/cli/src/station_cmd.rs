//! `sailau definition check`, `sailau station …`: what a commission runs on its own machine.

use crate::{emit, Failure};
use clap::Subcommand;
use rand_core::OsRng;
use sailau_definition::Definition;
use sailau_station::ballot_box::BoxError;
use sailau_station::card::{CardError, FileCard};
use sailau_station::keys::Pin;
use sailau_station::Station;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub fn read_text(path: &Path) -> Result<String, Failure> {
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
            for p in &problems {
                eprintln!("sailau: {}: {p}", path.display());
            }
            Err(Failure::Input(format!(
                "{}: {} problem(s), each named above; nothing was done",
                path.display(),
                problems.len()
            )))
        }
    }
}

/// `sailau definition check FILE`: the problems, or a summary and the digest that the
/// election will be bound to.
pub fn check_definition(path: &Path) -> Result<(), Failure> {
    let (text, def) = load_definition(path)?;
    let form = if text == def.to_json() {
        "the file is in canonical form: its sha256sum is the digest".to_string()
    } else {
        "the file is not in canonical form: publish it as `sailau definition canonical` \
         writes it, so that its sha256sum is the digest"
            .to_string()
    };
    emit(&format!(
        "{}: {} ({}): {} units, {} districts, {} precincts, {} contests, {} styles, {} parties, {} candidates, {} guardians (quorum {}). No problems found.\nDigest (SHA-256 of the canonical form): {}; {form}.\n",
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
        def.guardians.quorum,
        def.digest()
    ))
}

/// `sailau definition canonical FILE --out OUT`: the definition in its canonical form, the
/// bytes to publish. Checked first; the output is a new file, written whole.
pub fn canonical_definition(path: &Path, out: &Path) -> Result<(), Failure> {
    let (_, def) = load_definition(path)?;
    if out.exists() {
        return Err(Failure::Input(format!(
            "--out {}: the file exists; choose a new one",
            out.display()
        )));
    }
    crate::election_dir::write(out, def.to_json().as_bytes())?;
    emit(&format!("{}: digest {}\n", out.display(), def.digest()))
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
        /// Generate the station and desk keys inside a PKCS#11 token, reached through this
        /// module (its maker's shared library), instead of in the database; their secrets
        /// never leave the token. The PIN comes from SAILAU_PKCS11_PIN, or the file
        /// SAILAU_PKCS11_PIN_FILE names, never from the command line (docs/keys.md).
        #[arg(long, value_name = "PATH", requires = "pkcs11_token")]
        pkcs11_module: Option<PathBuf>,
        /// The label of the token the keys are generated in.
        #[arg(long, value_name = "LABEL", requires = "pkcs11_module")]
        pkcs11_token: Option<String>,
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
    /// The electronic ballot box: accept every card in a folder (files ending in .card), or
    /// the card in a PC/SC reader; one line per card on standard output, written after the
    /// ballot is on disk.
    Box {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, required_unless_present = "reader", conflicts_with = "reader")]
        cards: Option<PathBuf>,
        /// The PC/SC reader whose card to accept (`sailau card readers` lists them).
        #[arg(long, value_name = "NAME")]
        reader: Option<String>,
    },
    /// Set up a voting terminal in a new folder and register it with the station.
    AddTerminal(crate::station_serve::AddTerminalArgs),
    /// Serve the station's pages: the commission's console and the terminals' ballot
    /// (docs/web.md). The commission's password comes from SAILAU_PASSWORD or standard input.
    Serve(crate::station_serve::ServeArgs),
}

pub fn run(cmd: &StationCommand) -> Result<(), Failure> {
    match cmd {
        StationCommand::Create {
            db,
            definition,
            election,
            precinct,
            pkcs11_module,
            pkcs11_token,
        } => {
            // The whole definition is read once, here, to check the guardians' record
            // against it; the station keeps only its precinct's part.
            let (_, def) = load_definition(definition)?;
            let e = std::fs::read(election)
                .map_err(|e| Failure::Input(format!("{}: cannot read: {e}", election.display())))?;
            let part = sailau_station::part::Setup::new(&def, &e)
                .and_then(|setup| setup.part(precinct))
                .map_err(|e| Failure::Input(format!("{}: {e}", db.display())))?;
            let refused =
                |e: &dyn std::fmt::Display| Failure::Input(format!("{}: {e}", db.display()));
            let s = match (pkcs11_module, pkcs11_token) {
                (Some(module), Some(token)) => {
                    let pin = Pin::from_env(token).map_err(|e| refused(&e))?;
                    Station::create_in_token(db, &part, module, token, &pin)
                }
                _ => Station::create(db, &part, &mut OsRng),
            }
            .map_err(|e| refused(&e))?;
            let held = match s.token() {
                Some(t) => format!(
                    "both keys are in token {:?} of {}; the database records where, not a secret\n",
                    t.token, t.module
                ),
                None => String::new(),
            };
            emit(&format!(
                "station {} set up in {}\nstation key {}\ndesk key {}\n{held}",
                precinct,
                db.display(),
                sailau_group::to_hex(&s.station_public_key()),
                sailau_group::to_hex(&s.desk_public_key())
            ))
        }
        StationCommand::LoadVoters { db, csv, skip_bad } => load_voters(db, csv, *skip_bad),
        StationCommand::Box { db, cards, reader } => match (cards, reader) {
            (Some(cards), _) => run_box(db, cards),
            (None, Some(name)) => box_reader(db, name),
            (None, None) => unreachable!("clap requires --cards or --reader"),
        },
        StationCommand::AddTerminal(args) => crate::station_serve::add_terminal(args),
        StationCommand::Serve(args) => crate::station_serve::serve(args),
    }
}

fn open(db: &Path) -> Result<Station, Failure> {
    Station::open(db).map_err(|e| Failure::Input(format!("{}: {e}", db.display())))
}

fn load_voters(db: &Path, csv: &Path, skip_bad: bool) -> Result<(), Failure> {
    let station = open(db)?;
    let bytes = std::fs::read(csv)
        .map_err(|e| Failure::Input(format!("{}: cannot read: {e}", csv.display())))?;
    let def = station.definition();
    let all: BTreeSet<String> = def.precincts.iter().map(|p| p.id.clone()).collect();
    let mut imported = sailau_voters::import(&bytes, def.election.date, &all)
        .map_err(|e| Failure::Input(format!("{}: {e}", csv.display())))?;
    // A row of another precinct's list is not this station's: named, never loaded.
    let here = station.precinct().to_string();
    let (mine, theirs): (Vec<_>, Vec<_>) =
        imported.voters.drain(..).partition(|v| v.precinct == here);
    imported.voters = mine;
    for r in &imported.rejected {
        eprintln!("sailau: {}: line {}: {}", csv.display(), r.row, r.reason);
    }
    for v in &theirs {
        eprintln!(
            "sailau: {}: {} is on the list of precinct {}, not of this station ({here})",
            csv.display(),
            v.iin,
            v.precinct
        );
    }
    let bad = imported.rejected.len() + theirs.len();
    if bad > 0 && !skip_bad {
        return Err(Failure::Input(format!(
            "{}: {bad} row(s) refused (each named above); nothing loaded. Fix them, or load the good rows with --skip-bad",
            csv.display()
        )));
    }
    let n = station
        .load_voters(&imported.voters)
        .map_err(|e| Failure::Input(format!("{}: {e}", db.display())))?;
    let mut out = format!("{n} voters loaded into {}\n", db.display());
    for x in &imported.excluded {
        out += &format!("  line {}: {} kept off the list: {}\n", x.row, x.iin, x.why);
    }
    if bad > 0 {
        out += &format!("  {bad} row(s) refused and not loaded (named on standard error)\n");
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

/// The box takes the card in one reader, as it takes one file of a folder.
fn box_reader(db: &Path, name: &str) -> Result<(), Failure> {
    let station = open(db)?;
    let mut card = crate::card_cmd::reader(name)?;
    match station.accept(card.as_mut()) {
        Ok(r) => say(format!(
            "accepted {name} {} (log position {})",
            r.code, r.position
        )),
        Err(BoxError::Blank) => say(format!("blank {name}")),
        Err(BoxError::AlreadyRecorded { code }) => say(format!("already {name} {code}")),
        // The reader or the card could not be reached: nothing was read, nothing is refused.
        Err(BoxError::Card(e @ CardError::Io(_))) => {
            Err(Failure::Input(format!("--reader {name}: {e}")))
        }
        Err(e) => {
            say(format!("refused {name}: {e}"))?;
            Err(Failure::Failed)
        }
    }
}

/// `sailau protocol print FILE --definition FILE [--language kk|ru|en]`: a protocol as the
/// commission prints and posts it, with its control relations; a signed protocol's signer is
/// named.
pub fn print_protocol(file: &Path, definition: &Path, language: &str) -> Result<(), Failure> {
    let (_, def) = load_definition(definition)?;
    let language = sailau_definition::Language::from_tag(language)
        .ok_or_else(|| Failure::Input(format!("--language {language}: use kk, ru or en")))?;
    let text = read_text(file)?;
    let (protocol, signer) = match sailau_protocol::SignedProtocol::from_json(&text) {
        Ok(s) => (s.protocol, Some(s.signer)),
        Err(_) => (
            sailau_protocol::Protocol::from_json(&text)
                .map_err(|e| Failure::Input(format!("{}: not a protocol: {e}", file.display())))?,
            None,
        ),
    };
    // Its names, seats and units come from the definition: only the one it was counted with.
    if protocol.definition != def.digest().to_string() {
        return Err(Failure::Input(format!(
            "{} names the definition {}, but {} is {}: print it with the definition it was counted with",
            file.display(),
            protocol.definition,
            definition.display(),
            def.digest()
        )));
    }
    let mut out = sailau_protocol::render(&protocol, &def, language);
    if let Some(s) = signer {
        out += &format!("\nsigned by the station key {s} (checked by `sailau verify DIR`)\n");
    }
    emit(&out)
}

/// One entry of a record's `stations.json`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct StationKey {
    precinct: String,
    public_key: String,
}

/// Does the protocol's Ed25519 signature hold under the key it names?
pub(crate) fn signature_holds(signed: &sailau_protocol::SignedProtocol) -> bool {
    let key = sailau_group::from_hex32(&signed.signer).ok();
    let signature: Option<[u8; 64]> = sailau_group::from_hex(&signed.signature)
        .ok()
        .and_then(|b| b.try_into().ok());
    let message = sailau_protocol::SignedProtocol::message(&signed.protocol);
    matches!((key, signature), (Some(k), Some(s)) if sailau_station::keys::verify(&k, &message, &s))
}

/// The published station keys (`stations.json`): precinct, then its key in hex.
pub(crate) fn station_keys(stations: &Path) -> Result<Vec<(String, String)>, Failure> {
    let keys: Vec<StationKey> = serde_json::from_str(&read_text(stations)?)
        .map_err(|e| Failure::Input(format!("{}: not a stations.json: {e}", stations.display())))?;
    Ok(keys
        .into_iter()
        .map(|k| (k.precinct, k.public_key))
        .collect())
}

/// `sailau protocol check`: an observer's signed copy of a precinct's protocol, checked
/// offline against the published definition and station keys. Exit 0 if it holds; 1 with each
/// problem named; 2 if a file cannot be read.
pub fn check_protocol(file: &Path, definition: &Path, stations: &Path) -> Result<(), Failure> {
    let (_, def) = load_definition(definition)?;
    let text = read_text(file)?;
    let signed = sailau_protocol::SignedProtocol::from_json(&text)
        .map_err(|e| Failure::Input(format!("{}: not a signed protocol: {e}", file.display())))?;
    let keys = station_keys(stations)?;
    let p = &signed.protocol;
    let mut problems = Vec::new();
    if p.level != sailau_protocol::Level::Precinct {
        problems.push(format!("{} is not a precinct's protocol", p.unit));
    }
    if p.definition != def.digest().to_string() {
        problems.push(format!(
            "it names the definition {}, but {} is {}",
            p.definition,
            definition.display(),
            def.digest()
        ));
    } else {
        problems.extend(sailau_protocol::shape_problems(&def, &p.unit, p));
    }
    problems.extend(p.violations());
    match keys.iter().find(|(precinct, _)| *precinct == p.unit) {
        None => problems.push(format!(
            "{} has no station key in {}",
            p.unit,
            stations.display()
        )),
        Some((_, key)) if *key != signed.signer => problems.push(format!(
            "signed by {}, not by precinct {}'s station key {key}",
            signed.signer, p.unit
        )),
        Some(_) => {
            if !signature_holds(&signed) {
                problems
                    .push("the signature does not hold: the copy was changed after signing".into());
            }
        }
    }
    if problems.is_empty() {
        emit(&format!(
            "{}: the protocol of precinct {} as its commission signed it, of definition {}; its control relations hold\n",
            file.display(),
            p.unit,
            p.definition
        ))
    } else {
        Err(Failure::Check(
            problems
                .into_iter()
                .map(|x| format!("{}: {x}", file.display()))
                .collect(),
        ))
    }
}

//! `sailau registry`: the registries' ledger as a file of JSON lines (docs/registry.md,
//! docs/formats.md "`sailau-registry/1`"). Appending checks the act against the whole ledger
//! and writes a new file in place of the old one, so that a crash leaves the old ledger or
//! the new one, never half a line.

use crate::{emit, Failure};
use clap::{Args, Subcommand};
use sailau_law::calendar::{Events, Schedule};
use sailau_law::election_day::{Moment, UtcOffset};
use sailau_law::{Body, Date};
use sailau_registry::act::{Act, Actor, Role};
use sailau_registry::chain::Entry;
use sailau_registry::{sample, Registry};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum RegistryCommand {
    /// Write the 2023 Mazhilis registry (every act from the calling to the naming of
    /// deputies; invented people, the CEC's published figures) to a new ledger file.
    Sample {
        /// The ledger file to write; it must not exist.
        #[arg(long)]
        out: PathBuf,
    },
    /// Replay a ledger: every hash, link and act checked again from the first. Prints its
    /// figures. Exit 1 if an entry fails (named), 2 if the file cannot be read.
    Check {
        /// The ledger file.
        file: PathBuf,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
        /// Also check that this definition's ballots are the ledger's: every line of every
        /// contest a registered candidate or list, in the registry's order, and nobody else
        /// (exit 1, each difference named).
        #[arg(long)]
        definition: Option<PathBuf>,
    },
    /// Check an act against the ledger and, if the law and the calendar allow it, append it.
    /// Exit 1 if the act is refused (the reason on stderr; the file untouched).
    Append(AppendArgs),
    /// The legal terms of an election, from its calling and its day.
    Calendar {
        /// The day the election was called.
        #[arg(long)]
        called: Date,
        /// Election day.
        #[arg(long)]
        day: Date,
        /// The day the final results were set, once they are.
        #[arg(long)]
        results: Option<Date>,
        /// The body elected (its results-file name).
        #[arg(long, default_value = "mazhilis")]
        body: String,
        /// The commission's UTC offset.
        #[arg(long, default_value = "+06:00")]
        offset: UtcOffset,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct AppendArgs {
    /// The ledger file (created by its first act, `call`).
    pub file: PathBuf,
    /// The act as JSON (docs/formats.md), or `-` for standard input.
    pub act: PathBuf,
    /// Who makes it: `cec`, `territorial:UNIT` or `party:ID`.
    #[arg(long = "as")]
    pub actor: String,
    /// The name of the person who signs for the role.
    #[arg(long)]
    pub name: String,
    /// When it is made, `YYYY-MM-DDTHH:MM:SS` with `Z` or an offset; now if left out.
    #[arg(long)]
    pub at: Option<String>,
}

pub fn run(what: &RegistryCommand) -> Result<(), Failure> {
    match what {
        RegistryCommand::Sample { out } => {
            if out.exists() {
                return Err(Failure::Input(format!(
                    "{}: already exists; a ledger is never overwritten",
                    out.display()
                )));
            }
            write_ledger(out, sample::mazhilis_2023().entries())?;
            eprintln!("sailau: wrote {}", out.display());
            Ok(())
        }
        RegistryCommand::Check {
            file,
            json,
            definition,
        } => check(file, *json, definition.as_deref()),
        RegistryCommand::Append(args) => append(args),
        RegistryCommand::Calendar {
            called,
            day,
            results,
            body,
            offset,
            json,
        } => calendar(*called, *day, *results, body, *offset, *json),
    }
}

fn read_entries(file: &Path) -> Result<Vec<Entry>, Failure> {
    let shown = file.display();
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::Input(format!("{shown}: cannot read: {e}")))?;
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line)
                .map_err(|e| Failure::Input(format!("{shown}: line {}: {e}", i + 1)))
        })
        .collect()
}

/// Writes the whole ledger beside `file` and renames it over `file`: a crash leaves one of
/// the two whole.
pub(crate) fn write_ledger(file: &Path, entries: &[Entry]) -> Result<(), Failure> {
    let mut fresh = file.as_os_str().to_owned();
    fresh.push(".new");
    let fresh = PathBuf::from(fresh);
    // Exit 3, and no part of the new ledger left beside the old.
    let io = |e: std::io::Error| {
        let _ = std::fs::remove_file(&fresh);
        Failure::Output(std::io::Error::new(
            e.kind(),
            format!("{}: {e}", file.display()),
        ))
    };
    let mut out = std::io::BufWriter::new(std::fs::File::create(&fresh).map_err(io)?);
    for e in entries {
        let line = serde_json::to_string(e).expect("an entry serializes");
        writeln!(out, "{line}").map_err(io)?;
    }
    let f = out.into_inner().map_err(|e| io(e.into_error()))?;
    f.sync_all().map_err(io)?;
    std::fs::rename(&fresh, file).map_err(io)?;
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io)?;
    }
    Ok(())
}

pub(crate) fn replay(file: &Path) -> Result<Registry, Failure> {
    let entries = read_entries(file)?;
    Registry::replay(entries).map_err(|e| Failure::Check(vec![format!("{}: {e}", file.display())]))
}

fn check(file: &Path, json: bool, definition: Option<&Path>) -> Result<(), Failure> {
    let r = replay(file)?;
    let ballots = match definition {
        Some(path) => {
            let (_, def) = crate::station_cmd::load_definition(path)?;
            let problems = r.state().ballot_problems(def.definition());
            if !problems.is_empty() {
                let shown = path.display();
                return Err(Failure::Check(
                    problems.iter().map(|p| format!("{shown}: {p}")).collect(),
                ));
            }
            Some(format!(
                "Ballots of {}: all {} of the registry's contests, every line a registered candidate or list, in the registry's order\n",
                path.display(),
                r.state().contests.len()
            ))
        }
        None => None,
    };
    let f = r.figures();
    if json {
        let v = serde_json::to_value(&f).expect("figures serialize");
        return emit(&format!("{v:#}\n"));
    }
    let share = |c: &sailau_registry::stats::Counts| {
        c.women_share()
            .map_or("-".into(), |r| format!("{}%", r.percent(2)))
    };
    let mut out = format!(
        "{}: {} entries, every one checked; head {}\n",
        file.display(),
        f.entries,
        f.head
    );
    for (label, c) in [
        ("Lists", &f.candidates.lists),
        ("Single seats", &f.candidates.single),
    ] {
        out += &format!(
            "{label}: {} nominated, {} registered ({} self-nominated, women {}), {} refused, {} withdrawn, {} cancelled, {} pending\n",
            c.nominated, c.registered, c.self_nominated, share(c), c.refused, c.withdrawn, c.cancelled, c.pending
        );
    }
    let reasons: Vec<String> = f
        .candidates
        .refusals
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    out += &format!("Refusals by reason: {}\n", reasons.join(", "));
    let m = &f.money;
    out += &format!(
        "Money: deposits {}, refunded {}, kept {}; state funding paid {}\n",
        m.deposits, m.refunded, m.kept, m.funding
    );
    out += &format!(
        "Observers: {} accredited; {} missions; {} foreign observers from {} countries; {} foreign journalists\n",
        f.accredited,
        f.missions.len(),
        f.foreign_observers,
        f.countries,
        f.foreign_journalists
    );
    out += &format!("List seats named: {}\n", f.list_seats_named);
    out += ballots.as_deref().unwrap_or("");
    emit(&out)
}

fn actor(text: &str, name: &str) -> Result<Actor, Failure> {
    let (role, of) = match text.split_once(':') {
        Some((r, o)) => (r, Some(o.to_string())),
        None => (text, None),
    };
    let role = match (role, &of) {
        ("cec", None) => Role::Cec,
        ("territorial", Some(_)) => Role::Territorial,
        ("party", Some(_)) => Role::Party,
        _ => {
            return Err(Failure::Input(format!(
                "--as {text:?}: expected cec, territorial:UNIT or party:ID"
            )))
        }
    };
    Ok(Actor {
        role,
        of,
        name: name.to_string(),
    })
}

/// `YYYY-MM-DDTHH:MM[:SS]` followed by `Z` or `±HH:MM`.
fn moment(text: &str) -> Result<Moment, Failure> {
    let bad = || {
        Failure::Input(format!(
            "--at {text:?}: expected YYYY-MM-DDTHH:MM:SS followed by Z or an offset such as +06:00"
        ))
    };
    let (date, rest) = text.split_once('T').ok_or_else(bad)?;
    let date: Date = date.parse().map_err(|_| bad())?;
    let (clock, offset) = match rest.strip_suffix('Z') {
        Some(c) => (c, UtcOffset::minutes(0).ok_or_else(bad)?),
        None if rest.len() > 6 => {
            let (c, o) = rest.split_at(rest.len() - 6);
            (c, o.parse().map_err(|_| bad())?)
        }
        None => return Err(bad()),
    };
    let parts: Vec<u8> = clock
        .split(':')
        .map(|p| p.parse::<u8>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    let (h, m, s) = match parts[..] {
        [h, m] => (h, m, 0),
        [h, m, s] => (h, m, s),
        _ => return Err(bad()),
    };
    if h > 23 || m > 59 || s > 59 {
        return Err(bad());
    }
    Ok(Moment(Moment::local(date, h, m, offset).0 + i64::from(s)))
}

fn append(args: &AppendArgs) -> Result<(), Failure> {
    let act_text = if args.act.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| Failure::Input(format!("standard input: {e}")))?
    } else {
        std::fs::read_to_string(&args.act)
            .map_err(|e| Failure::Input(format!("{}: cannot read: {e}", args.act.display())))?
    };
    let act: Act = serde_json::from_str(&act_text)
        .map_err(|e| Failure::Input(format!("{}: not an act: {e}", args.act.display())))?;
    let who = actor(&args.actor, &args.name)?;
    let at = match &args.at {
        Some(t) => moment(t)?,
        None => Moment(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
        ),
    };
    let mut r = if args.file.exists() {
        replay(&args.file)?
    } else {
        Registry::new()
    };
    let name = act.name();
    let entry = r
        .append(at, who, act)
        .map_err(|e| Failure::Check(vec![format!("the {name} act is refused: {e}")]))?;
    let (seq, hash) = (entry.seq, entry.hash.clone());
    write_ledger(&args.file, r.entries())?;
    emit(&format!("entry {seq}: {name}, hash {hash}\n"))
}

fn calendar(
    called: Date,
    day: Date,
    results: Option<Date>,
    body: &str,
    offset: UtcOffset,
    json: bool,
) -> Result<(), Failure> {
    let body = Body::from_name(body)
        .ok_or_else(|| Failure::Input(format!("--body {body:?}: not a body")))?;
    let s = Schedule::of(
        body,
        Events {
            called,
            election: day,
            results,
            offset,
        },
    )
    .map_err(|e| Failure::Input(e.to_string()))?;
    if json {
        return emit(&format!(
            "{:#}\n",
            serde_json::to_value(&s).expect("a schedule serializes")
        ));
    }
    let local = |m: Moment| {
        m.to_local(offset).map_or(m.to_string(), |(d, secs)| {
            format!("{d} {:02}:{:02}", secs / 3600, secs % 3600 / 60)
        })
    };
    let mut out = format!(
        "Calendar {} for {body} on {day}, called {called} (local time {offset})\n",
        s.calendar
    );
    for p in &s.terms {
        let mark = if p.rule.unconfirmed.is_some() {
            "  UNCONFIRMED"
        } else {
            ""
        };
        out += &format!(
            "  {:<20} from {}  until {}{mark}\n",
            p.term.name(),
            local(p.opens),
            local(p.closes)
        );
    }
    emit(&out)
}

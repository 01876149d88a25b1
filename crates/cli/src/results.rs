//! `sailau results` and `sailau demo`.

use crate::{emit, render, Failure, Format};
use sailau_formats::{nist, report, ContestEntry, ResultsFile};
use sailau_law::{
    decide, editions, ratio::parse_percent, ContestKind, Decision, Edition, Ratio, WhatIf,
};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// A results file in the sailau-results/1 format (docs/formats.md).
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Shorthand for --format json.
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// Compare with the file's `expected` blocks; exit 1 on any difference.
    #[arg(long)]
    check: bool,
    /// What-if: party-list threshold in percent (e.g. 7 or 5.5) instead of the edition's.
    #[arg(long, value_name = "PCT", value_parser = threshold)]
    threshold: Option<Ratio>,
    /// What-if: party-list seats at stake instead of the file's or the edition's.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    seats: Option<u32>,
    /// What-if: apply this legal edition instead of the one in force (see `sailau editions`).
    #[arg(long, value_name = "ID")]
    edition: Option<String>,
}

fn threshold(text: &str) -> Result<Ratio, String> {
    parse_percent(text)
        .ok_or_else(|| "a percentage from 0 to 100 with at most 6 decimals, like 5 or 7.5".into())
}

/// The bundled official results, named by date and kind.
pub const OFFICIAL: [(&str, &str); 2] = [
    (
        "2022-11-20-presidential.json",
        include_str!("../../../fixtures/official/2022-11-20-presidential.json"),
    ),
    (
        "2023-03-19-mazhilis.json",
        include_str!("../../../fixtures/official/2023-03-19-mazhilis.json"),
    ),
];

pub fn demo() -> Result<(), Failure> {
    let mut differences = Vec::new();
    for (name, text) in OFFICIAL {
        let file =
            ResultsFile::parse(text).map_err(|e| Failure::Input(format!("bundled {name}: {e}")))?;
        let decided = decide_all(name, &file, &WhatIf::default(), None)?;
        let mut text = render::table(&file, &decided);
        for (entry, d) in &decided {
            if let Some(expected) = &entry.expected {
                let diff = report::differences(expected, d);
                if diff.is_empty() {
                    text += &format!(
                        "Check: contest {} matches the official result.\n",
                        d.contest
                    );
                }
                differences.extend(diff);
            }
        }
        emit(&(text + "\n"))?;
    }
    crate::record::demo_ballots()?;
    if differences.is_empty() {
        Ok(())
    } else {
        Err(Failure::Check(differences))
    }
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let shown = args.file.display().to_string();
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| Failure::Input(format!("{shown}: cannot read: {e}")))?;
    let file = ResultsFile::parse(&text).map_err(|e| Failure::Input(format!("{shown}: {e}")))?;
    let has_list = file
        .contests
        .iter()
        .any(|c| c.contest.kind == ContestKind::PartyList);
    for (flag, given) in [
        ("--threshold", args.threshold.is_some()),
        ("--seats", args.seats.is_some()),
    ] {
        if given && !has_list {
            return Err(Failure::Input(format!(
                "{shown}: {flag} applies to party-list contests, and the file has none"
            )));
        }
    }
    let forced = match &args.edition {
        None => None,
        Some(id) => Some(editions::by_id(id).ok_or_else(|| {
            let ids: Vec<&str> = editions::EDITIONS.iter().map(|e| e.id).collect();
            Failure::Input(format!(
                "--edition: unknown edition {id:?}; known: {}",
                ids.join(", ")
            ))
        })?),
    };
    let what_if = WhatIf {
        threshold: args.threshold,
        seats: args.seats,
        edition_in_force: None,
    };
    let decided = decide_all(&shown, &file, &what_if, forced)?;
    let format = if args.json { Format::Json } else { args.format };
    emit(&match format {
        Format::Table => render::table(&file, &decided),
        Format::Json => format!("{:#}\n", report::results_json(&file, &decided)),
        Format::NistErr => format!(
            "{:#}\n",
            nist::election_report(&file, &decided, &crate::clock::now_utc())
        ),
    })?;
    if args.check {
        check(&shown, &decided)?;
    }
    Ok(())
}

fn check(shown: &str, decided: &[(&ContestEntry, Decision)]) -> Result<(), Failure> {
    if decided.iter().all(|(e, _)| e.expected.is_none()) {
        return Err(Failure::Input(format!(
            "{shown}: --check: no contest has an `expected` block"
        )));
    }
    let differences: Vec<String> = decided
        .iter()
        .filter_map(|(e, d)| e.expected.as_ref().map(|x| report::differences(x, d)))
        .flatten()
        .map(|line| format!("{shown}: {line}"))
        .collect();
    if differences.is_empty() {
        eprintln!("sailau: check: {shown}: every expected result matches");
        Ok(())
    } else {
        Err(Failure::Check(differences))
    }
}

/// Decides every contest of a file under the edition in force on its date, or `forced`.
pub(crate) fn decide_all<'f>(
    shown: &str,
    file: &'f ResultsFile,
    what_if: &WhatIf,
    forced: Option<&'static Edition>,
) -> Result<Vec<(&'f ContestEntry, Decision)>, Failure> {
    let in_force = editions::in_force(file.body, file.date);
    let edition = match (forced, in_force) {
        (Some(e), _) => e,
        (None, Some(e)) => e,
        (None, None) => {
            return Err(Failure::Input(format!(
                "{shown}: election.date: no edition of the {} rules is in force on {} (see `sailau editions`)",
                file.body, file.date
            )))
        }
    };
    let what_if = WhatIf {
        edition_in_force: forced
            .filter(|f| Some(f.id) != in_force.map(|e| e.id))
            .map(|_| in_force.map_or("none", |e| e.id)),
        ..what_if.clone()
    };
    file.contests
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            decide(&entry.contest, edition, &what_if)
                .map(|d| (entry, d))
                .map_err(|e| Failure::Input(format!("{shown}: contests[{i}].{}: {e}", e.field())))
        })
        .collect()
}

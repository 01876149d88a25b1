//! Text for people: result tables and the list of editions.

use sailau_formats::composition::{compose, Composition};
use sailau_formats::{ContestEntry, ResultsFile};
use sailau_law::{editions::EDITIONS, Decision, Outcome};
use std::fmt::Write;

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The results of every contest of a file, each followed by its certificate.
pub fn table(file: &ResultsFile, decided: &[(&ContestEntry, Decision)]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({}, {})", file.name, file.body, file.date);
    for (entry, d) in decided {
        let title = match &entry.name {
            Some(name) => format!("{name} (contest {})", d.contest),
            None => format!("Contest {}", d.contest),
        };
        let _ = writeln!(out, "\n== {title}: {}, edition {}", d.kind, d.edition.id);
        let what_if = if d.certificate.what_if.is_empty() {
            ""
        } else {
            " (WHAT-IF, not the official result)"
        };
        let _ = writeln!(out, "Outcome: {}{}", summary(d), what_if);
        let name_width = entry
            .contest
            .options
            .iter()
            .map(|o| o.name.chars().count())
            .max()
            .unwrap_or(0)
            .max(12);
        let list = d.seats.is_some();
        let _ = write!(
            out,
            "  {:<name_width$}  {:>12}  {:>7}",
            "Option", "Votes", "Share"
        );
        if list {
            let _ = write!(out, "  {:>6}  {:>5}", "Passed", "Seats");
        }
        let _ = writeln!(out);
        for (o, c) in d.options.iter().zip(&entry.contest.options) {
            let _ = write!(
                out,
                "  {:<name_width$}  {:>12}  {:>6}%",
                c.name,
                o.votes,
                o.share.percent(2)
            );
            if let (Some(p), Some(s)) = (o.passed, o.seats) {
                let _ = write!(out, "  {:>6}  {:>5}", yes_no(p), s);
            }
            let _ = writeln!(out);
        }
        if let Some((votes, share)) = &d.against_all {
            let _ = writeln!(
                out,
                "  {:<name_width$}  {:>12}  {:>6}%",
                "Against all",
                votes,
                share.percent(2)
            );
        }
        let _ = writeln!(
            out,
            "  {:<name_width$}  {:>12}  {:>6}%",
            "Base", d.base, "100.00"
        );
        let _ = write!(out, "\n{}", d.certificate);
    }
    for c in compose(file, decided) {
        make_up(&mut out, &c);
    }
    out
}

/// A body's make-up by party, list and single-member seats together.
fn make_up(out: &mut String, c: &Composition) {
    let council = c
        .council
        .as_ref()
        .map_or(String::new(), |u| format!(", council {u}"));
    let what_if = if c.what_if {
        " (WHAT-IF, not the official result)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "\n== Make-up of the {}{council}: {} seats{what_if}",
        c.body, c.seats
    );
    let width = c
        .parties
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(12);
    let _ = writeln!(
        out,
        "  {:<width$}  {:>5}  {:>9}  {:>5}",
        "Party", "List", "Districts", "Seats"
    );
    for p in &c.parties {
        let _ = writeln!(
            out,
            "  {:<width$}  {:>5}  {:>9}  {:>5}",
            p.name, p.list, p.districts, p.seats
        );
    }
    for (label, n) in [("Independents", c.independents), ("Vacant", c.vacant)] {
        if n > 0 {
            let _ = writeln!(out, "  {:<width$}  {:>5}  {:>9}  {:>5}", label, "", n, n);
        }
    }
}

fn summary(d: &Decision) -> String {
    match d.outcome {
        Outcome::Elected => format!("elected: {}", d.winner.as_deref().unwrap_or("?")),
        Outcome::Runoff => match &d.runoff {
            Some([a, b]) => format!("runoff between {a} and {b}"),
            None => "runoff".into(),
        },
        Outcome::Allocated => {
            let seats: Vec<String> = d
                .options
                .iter()
                .filter(|o| o.seats.unwrap_or(0) > 0)
                .map(|o| format!("{} {}", o.id, o.seats.unwrap_or(0)))
                .collect();
            format!(
                "{} seats allocated: {}",
                d.seats.unwrap_or(0),
                seats.join(", ")
            )
        }
        other => other.name().to_string(),
    }
}

/// Every legal edition, one block each.
pub fn editions() -> String {
    let mut out = String::new();
    for e in EDITIONS {
        let until = e.until.map_or(String::new(), |u| format!(" until {u}"));
        let _ = writeln!(out, "{:<18} {} from {}{}", e.id, e.body, e.from, until);
        let _ = writeln!(out, "{:<18} {}", "", e.title);
        if !e.unconfirmed.is_empty() {
            let _ = writeln!(
                out,
                "{:<18} {} UNCONFIRMED reading(s): see docs/law.md",
                "",
                e.unconfirmed.len()
            );
        }
    }
    out
}

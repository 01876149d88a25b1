//! A protocol as the commission prints and posts it.

use crate::{Level, Protocol};
use sailau_definition::{Checked, Language};

/// The printable protocol, in `language`, with every contest's counts and control relations.
pub fn render(p: &Protocol, def: &Checked, language: Language) -> String {
    let (title, contest_w, option_w) = match language {
        Language::Kazakh => ("ХАТТАМА", "Сайлау", "Нұсқа"),
        Language::Russian => ("ПРОТОКОЛ", "Выборы", "Вариант"),
        Language::English => ("PROTOCOL", "Contest", "Option"),
    };
    let whose = match p.level {
        Level::Precinct => match def.precinct(&p.unit) {
            Some(pr) => format!("precinct commission No. {} ({})", pr.number, pr.unit),
            None => p.unit.clone(),
        },
        Level::Territorial => format!("territorial commission {}", p.unit),
        Level::National => "Central Election Commission".into(),
    };
    let mut out = format!(
        "{title}\n{}\n{whose}, {} precinct protocol(s)\n",
        def.election.name.get(language),
        p.precincts
    );
    if let Some(s) = &p.station {
        out += &format!(
            "closed {}; electronic ballot box: {} log entries, head {}\n",
            s.closed_at, s.log_entries, s.log_head
        );
    }
    for c in &p.contests {
        let Some(spec) = def.contest(&c.contest) else {
            continue;
        };
        let labels = def.option_labels(spec, language);
        let (pa, e) = (&c.paper, &c.electronic);
        out += &format!(
            "\n{contest_w}: {} ({})\n",
            spec.name.get(language),
            c.contest
        );
        let rows: [(&str, u64); 12] = [
            ("voters on the list", c.registered),
            ("paper ballots received", pa.received),
            ("  issued in the station", pa.issued_station),
            ("  issued for the mobile box", pa.issued_mobile),
            ("  spoiled", pa.spoiled),
            ("  unused", pa.unused),
            ("  found in the stationary boxes", pa.found_station),
            ("  found in the mobile box", pa.found_mobile),
            ("  invalid", pa.invalid),
            ("cards issued for the electronic box", e.issued),
            ("  electronic ballots cast", e.cast),
            ("  blank (invalid)", e.blank),
        ];
        for (label, n) in rows {
            out += &format!("  {label:<40} {n:>12}\n");
        }
        out += &format!(
            "  {option_w:<40} {:>12} {:>12} {:>12}\n",
            "paper", "electronic", "total"
        );
        for (o, label) in c.options.iter().zip(labels) {
            out += &format!(
                "  {:<40} {:>12} {:>12} {:>12}\n",
                truncate(&label, 40),
                o.paper,
                o.electronic,
                o.votes()
            );
        }
        let broken = c.violations();
        if broken.is_empty() {
            out += "  control relations: all hold\n";
        } else {
            for v in broken {
                out += &format!("  CONTROL RELATION BROKEN: {v}\n");
            }
        }
    }
    out
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

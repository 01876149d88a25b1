//! A protocol as the commission prints and posts it, in Kazakh, Russian or English. (The
//! Kazakh and Russian wording is Sailau's; the CEC's official protocol forms should replace it
//! when they are transcribed.)

use crate::{ContestCount, Level, Protocol};
use sailau_definition::{Checked, Language};

/// The printed words, in order: title, the twelve rows, the column heads, the verdicts.
struct Words {
    title: &'static str,
    rows: [&'static str; 12],
    contest: &'static str,
    option: &'static str,
    columns: [&'static str; 3],
    hold: &'static str,
    broken: &'static str,
    precinct: &'static str,
    territorial: &'static str,
    national: &'static str,
    summed: &'static str,
    sealed: &'static str,
    definition: &'static str,
}

const KK: Words = Words {
    title: "ХАТТАМА",
    rows: [
        "Тізімдегі сайлаушылар",
        "Алынған қағаз бюллетеньдер",
        "  учаскеде берілген",
        "  көшпелі жәшік үшін берілген",
        "  бүлінген",
        "  пайдаланылмаған",
        "  тұрақты жәшіктерден табылған",
        "  көшпелі жәшіктен табылған",
        "  жарамсыз",
        "Электрондық жәшікке берілген карталар",
        "  тасталған электрондық бюллетеньдер",
        "  бос (жарамсыз)",
    ],
    contest: "Сайлау",
    option: "Нұсқа",
    columns: ["қағаз", "электрондық", "барлығы"],
    hold: "бақылау арақатынастары: бәрі орындалды",
    broken: "БАҚЫЛАУ АРАҚАТЫНАСЫ БҰЗЫЛДЫ",
    precinct: "№{} учаскелік сайлау комиссиясы",
    territorial: "аумақтық сайлау комиссиясы",
    national: "Орталық сайлау комиссиясы",
    summed: "учаскелік хаттама",
    sealed: "жабылды {}; электрондық жәшік: журналда {} жазба, соңғы хэш {}",
    definition: "сайлау анықтамасы (SHA-256) {}",
};

const RU: Words = Words {
    title: "ПРОТОКОЛ",
    rows: [
        "Число избирателей в списке",
        "Получено бумажных бюллетеней",
        "  выдано в помещении для голосования",
        "  выдано для переносного ящика",
        "  испорчено",
        "  не использовано",
        "  обнаружено в стационарных ящиках",
        "  обнаружено в переносном ящике",
        "  недействительных",
        "Выдано карт для электронного ящика",
        "  электронных бюллетеней опущено",
        "  пустых (недействительных)",
    ],
    contest: "Выборы",
    option: "Вариант",
    columns: ["бумажные", "электронные", "всего"],
    hold: "контрольные соотношения: все выполнены",
    broken: "НАРУШЕНО КОНТРОЛЬНОЕ СООТНОШЕНИЕ",
    precinct: "участковая избирательная комиссия №{}",
    territorial: "территориальная избирательная комиссия",
    national: "Центральная избирательная комиссия",
    summed: "протоколов участков",
    sealed: "закрыт {}; электронный ящик: {} записей в журнале, последний хэш {}",
    definition: "определение выборов (SHA-256) {}",
};

const EN: Words = Words {
    title: "PROTOCOL",
    rows: [
        "voters on the list",
        "paper ballots received",
        "  issued in the station",
        "  issued for the mobile box",
        "  spoiled",
        "  unused",
        "  found in the stationary boxes",
        "  found in the mobile box",
        "  invalid",
        "cards issued for the electronic box",
        "  electronic ballots cast",
        "  blank (invalid)",
    ],
    contest: "Contest",
    option: "Option",
    columns: ["paper", "electronic", "total"],
    hold: "control relations: all hold",
    broken: "CONTROL RELATION BROKEN",
    precinct: "precinct commission No. {}",
    territorial: "territorial commission",
    national: "Central Election Commission",
    summed: "precinct protocol(s)",
    sealed: "closed {}; electronic ballot box: {} log entries, head {}",
    definition: "election definition (SHA-256) {}",
};

/// Fills the `{}` of `template` with `args`, in order.
fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::new();
    for (i, part) in template.split("{}").enumerate() {
        if let Some(arg) = i.checked_sub(1).and_then(|k| args.get(k)) {
            out += &arg.to_string();
        }
        out += part;
    }
    out
}

fn words(language: Language) -> &'static Words {
    match language {
        Language::Kazakh => &KK,
        Language::Russian => &RU,
        Language::English => &EN,
    }
}

/// A contest's twelve counts, in the order the protocol prints them.
pub fn counts(c: &ContestCount) -> [u64; 12] {
    let (pa, e) = (&c.paper, &c.electronic);
    [
        c.registered,
        pa.received,
        pa.issued_station,
        pa.issued_mobile,
        pa.spoiled,
        pa.unused,
        pa.found_station,
        pa.found_mobile,
        pa.invalid,
        e.issued,
        e.cast,
        e.blank,
    ]
}

/// The printed names of the twelve counts in `language`, each with whether it is a line
/// under the one before (the paper ballots' and the cards' details); then the option
/// column's head and the three vote columns' (paper, electronic, total).
pub fn labels(language: Language) -> ([(&'static str, bool); 12], &'static str, [&'static str; 3]) {
    let w = words(language);
    let rows = w.rows.map(|r| (r.trim_start(), r.starts_with(' ')));
    (rows, w.option, w.columns)
}

/// The printable protocol, in `language`, with every contest's counts and control relations,
/// and the digest of the definition it was counted with. Its labels are `def`'s: print it
/// only with the definition it names (`def.digest()` equal to `p.definition`).
pub fn render(p: &Protocol, def: &Checked, language: Language) -> String {
    let w = words(language);
    let whose = match p.level {
        Level::Precinct => match def.precinct(&p.unit) {
            Some(pr) => format!("{} ({})", fill(w.precinct, &[&pr.number]), pr.unit),
            None => p.unit.clone(),
        },
        Level::Territorial => format!("{}: {}", w.territorial, p.unit),
        Level::National => w.national.to_string(),
    };
    let mut out = format!(
        "{}\n{}\n{whose}; {} {}\n",
        w.title,
        def.election.name.get(language),
        p.precincts,
        w.summed
    );
    out += &fill(w.definition, &[&p.definition]);
    out += "\n";
    if let Some(s) = &p.station {
        out += &fill(w.sealed, &[&s.closed_at, &s.log_entries, &s.log_head]);
        out += "\n";
    }
    for c in &p.contests {
        let Some(spec) = def.contest(&c.contest) else {
            continue;
        };
        let labels = def.option_labels(spec, language);
        out += &format!(
            "\n{}: {} ({})\n",
            w.contest,
            spec.name.get(language),
            c.contest
        );
        for (label, n) in w.rows.iter().zip(counts(c)) {
            out += &format!("  {:<44} {n:>12}\n", label);
        }
        out += &format!(
            "  {:<44} {:>12} {:>12} {:>12}\n",
            w.option, w.columns[0], w.columns[1], w.columns[2]
        );
        for (o, label) in c.options.iter().zip(labels) {
            out += &format!(
                "  {:<44} {:>12} {:>12} {:>12}\n",
                truncate(&label, 44),
                o.paper,
                o.electronic,
                o.votes()
            );
        }
        let broken = c.violations();
        if broken.is_empty() {
            out += &format!("  {}\n", w.hold);
        } else {
            for v in broken {
                out += &format!("  {}: {v}\n", w.broken);
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

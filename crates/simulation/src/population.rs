//! The demo's voters: a list for every precinct, written as the CSV a commission imports and
//! read back through the same import, with a few bad rows to show how they are reported; then
//! who takes an absentee certificate, who asks for the mobile box, and how people vote.

use rand_chacha::ChaCha20Rng;
use rand_core::RngCore;
use sailau_definition::Checked;
use sailau_law::election_day::{date_from_days, days_since_epoch};
use sailau_law::Date;
use sailau_voters::{import, write_csv, Iin, Import, Sex, Voter};
use std::collections::{BTreeSet, HashSet};

const GIVEN: [&str; 16] = [
    "Нұрлан",
    "Айгүл",
    "Ерлан",
    "Гүлнар",
    "Асқар",
    "Жанар",
    "Бауыржан",
    "Әсем",
    "Дәурен",
    "Дана",
    "Марат",
    "Мадина",
    "Алексей",
    "Елена",
    "Серік",
    "Сәуле",
];
const FAMILY: [&str; 12] = [
    "Ахметов",
    "Серікбаев",
    "Жұмабеков",
    "Омаров",
    "Қасымов",
    "Байжанов",
    "Сәрсенов",
    "Әбенов",
    "Нұрланов",
    "Иванов",
    "Ким",
    "Петров",
];

pub fn below(rng: &mut ChaCha20Rng, n: u64) -> u64 {
    rng.next_u64() % n.max(1)
}

/// True with probability `per_10k` / 10,000.
pub fn chance(rng: &mut ChaCha20Rng, per_10k: u64) -> bool {
    below(rng, 10_000) < per_10k
}

/// `n` voters spread over the precincts (the station abroad gets 1 in 200), each with a
/// valid IIN and an adult age on election day.
pub fn voters(def: &Checked, n: usize, rng: &mut ChaCha20Rng) -> Vec<Voter> {
    let day = def.election.date;
    let home: Vec<&str> = def
        .precincts
        .iter()
        .filter(|p| !p.abroad)
        .map(|p| p.id.as_str())
        .collect();
    let abroad: Vec<&str> = def
        .precincts
        .iter()
        .filter(|p| p.abroad)
        .map(|p| p.id.as_str())
        .collect();
    let far = if abroad.is_empty() {
        0
    } else {
        (n / 200).max(1)
    };
    let mut issued = HashSet::new();
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        let precinct = if k < far {
            abroad[k % abroad.len()]
        } else {
            home[(k - far) % home.len()]
        };
        // Ages 18 to 85 on election day.
        let adult = Date::new(day.year() - 18, day.month(), day.day().min(28)).expect("a date");
        let latest = days_since_epoch(adult);
        let birth: Date = date_from_days(latest - below(rng, 67 * 365) as i64).expect("a date");
        let sex = if below(rng, 2) == 0 {
            Sex::Male
        } else {
            Sex::Female
        };
        let iin = (below(rng, 9000) as u16..)
            .find_map(|s| Iin::issue(birth, sex, s % 10_000).filter(|i| issued.insert(*i)))
            .expect("a free serial");
        let given = GIVEN[below(rng, 16) as usize];
        let mut family = FAMILY[below(rng, 12) as usize].to_string();
        if sex == Sex::Female && !family.ends_with("Ким") {
            family.push('а');
        }
        out.push(Voter {
            iin,
            name: format!("{family} {given}"),
            birth,
            precinct: precinct.to_string(),
        });
    }
    out
}

/// Writes the list as CSV with five rows a clerk got wrong (a mistyped IIN, a birth date that
/// disagrees with its IIN, a person listed twice, a 17-year-old, a person declared incompetent
/// by a court), imports it back, and returns the import report and the CSV.
pub fn import_with_mistakes(def: &Checked, voters: &[Voter]) -> (Import, Vec<u8>) {
    let mut csv = write_csv(voters);
    let v = &voters[0];
    let iin = v.iin.to_string();
    let wrong_digit = format!("{}{}", &iin[..11], (iin.as_bytes()[11] - b'0' + 1) % 10);
    let day = def.election.date;
    let young = Date::new(day.year() - 17, 6, 1).expect("a date");
    let young_iin = (0..)
        .find_map(|s| Iin::issue(young, Sex::Female, s))
        .expect("an IIN");
    let old = Date::new(1960, 1, 2).expect("a date");
    let ward = (100..)
        .find_map(|s| Iin::issue(old, Sex::Male, s))
        .expect("an IIN");
    let mistakes = [
        format!("{wrong_digit},Қате Нөмір,{},{},", v.birth, v.precinct),
        format!("{iin},{},1901-01-01,{},", v.name, v.precinct),
        format!("{young_iin},Жас Сайлаушы,{young},{},", v.precinct),
        format!("{ward},Қорғаншы Астында,{old},{},incompetent", v.precinct),
    ];
    for m in mistakes {
        csv.extend_from_slice(m.as_bytes());
        csv.push(b'\n');
    }
    let ids: BTreeSet<String> = def.precincts.iter().map(|p| p.id.clone()).collect();
    let imported = import(&csv, day, &ids).expect("the demo's CSV has the right header");
    (imported, csv)
}

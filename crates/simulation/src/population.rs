//! The demo's voters: a list for every precinct, written as the CSV a commission imports and
//! read back through the same import, with a few bad rows to show how they are reported; then
//! who takes an absentee certificate, who asks for the mobile box, and how people vote.

use rand_chacha::ChaCha20Rng;
use rand_core::RngCore;
use sailau_definition::Checked;
use sailau_law::election_day::{date_from_days, days_since_epoch};
use sailau_law::Date;
use sailau_voters::{import, write_csv, Iin, Import, Sex, Voter};
use std::collections::BTreeSet;

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

/// Birth dates in use: ages 18 to 85 on election day.
const DAYS: u64 = 67 * 365;
/// Serials per band: a voter's serial is tried in three bands, so that one whose check digit
/// fails in all three is rare (about 1 in 1.8 million) and still gets an IIN of its own.
const BAND: u64 = 3_333;
// The three bands' serials are IIN serials: below 10,000.
const _: () = assert!(3 * BAND <= 10_000);
/// The positions a voter's number maps onto: every (birth date, sex, serial in the first band).
const SPACE: u64 = DAYS * 2 * BAND;
/// An odd prime that divides none of `SPACE`'s factors (2, 3, 5, 11, 67, 73, 101): multiplying
/// by it permutes the positions.
const STRIDE: u64 = 1_000_003;

/// The voters of one precinct: `count` of them, the country's voters `first..first + count`
/// of `total`. Each gets a valid IIN no other voter of the country has, without a register of
/// the IINs issued: voter `g`'s position `g × STRIDE mod SPACE` is a permutation of the
/// positions, and one in the rare case that fails its check digit in all three bands moves to
/// `g + total` (never a voter's own number), then `g + 2·total`, and so on.
pub fn of_precinct(
    def: &Checked,
    precinct: &str,
    first: u64,
    count: u64,
    total: u64,
    rng: &mut ChaCha20Rng,
) -> Vec<Voter> {
    let day = def.election.date;
    let adult = Date::new(day.year() - 18, day.month(), day.day().min(28)).expect("a date");
    let latest = days_since_epoch(adult);
    (first..first + count)
        .map(|g| {
            let (birth, sex, iin) = (0..)
                .find_map(|k| {
                    let x =
                        (u128::from(g + k * total) * u128::from(STRIDE) % u128::from(SPACE)) as u64;
                    let birth = date_from_days(latest - (x % DAYS) as i64).expect("a date");
                    let sex = if (x / DAYS).is_multiple_of(2) {
                        Sex::Male
                    } else {
                        Sex::Female
                    };
                    let serial = (x / DAYS / 2) as u16;
                    (0..3)
                        .find_map(|band| Iin::issue(birth, sex, serial + band * BAND as u16))
                        .map(|iin| (birth, sex, iin))
                })
                .expect("some number of the permutation has a valid IIN");
            let given = GIVEN[below(rng, 16) as usize];
            let mut family = FAMILY[below(rng, 12) as usize].to_string();
            if sex == Sex::Female && !family.ends_with("Ким") {
                family.push('а');
            }
            Voter {
                iin,
                name: format!("{family} {given}"),
                birth,
                precinct: precinct.to_string(),
            }
        })
        .collect()
}

/// Writes a precinct's list as CSV and imports it back through the commission's import,
/// returning the import report and the CSV. With `mistakes`, and a voter to copy, it adds four
/// rows a clerk got wrong (a mistyped IIN, a person listed twice with another birth date, a
/// 17-year-old, a person declared incompetent by a court), to show how they are reported.
pub fn import_list(
    def: &Checked,
    precinct: &str,
    voters: &[Voter],
    mistakes: bool,
) -> (Import, Vec<u8>) {
    let mut csv = write_csv(voters);
    let ids: BTreeSet<String> = [precinct.to_string()].into();
    let v = match voters.first() {
        Some(v) if mistakes => v,
        _ => {
            let imported =
                import(&csv, def.election.date, &ids).expect("the demo's CSV has the right header");
            return (imported, csv);
        }
    };
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
    let rows = [
        format!("{wrong_digit},Қате Нөмір,{},{},", v.birth, v.precinct),
        format!("{iin},{},1901-01-01,{},", v.name, v.precinct),
        format!("{young_iin},Жас Сайлаушы,{young},{},", v.precinct),
        format!("{ward},Қорғаншы Астында,{old},{},incompetent", v.precinct),
    ];
    for m in rows {
        csv.extend_from_slice(m.as_bytes());
        csv.push(b'\n');
    }
    let imported = import(&csv, day, &ids).expect("the demo's CSV has the right header");
    (imported, csv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::SeedableRng;
    use std::collections::HashSet;

    fn gcd(a: u64, b: u64) -> u64 {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }

    #[test]
    fn the_stride_permutes_the_positions() {
        // Multiplying by a number coprime with the modulus is a bijection: two voters never
        // share a position, so never an IIN.
        assert_eq!(gcd(STRIDE, SPACE), 1);
    }

    #[test]
    fn every_voter_of_the_country_has_an_iin_of_their_own_and_is_an_adult() {
        let def = sailau_definition::sample::mazhilis_2023(4, 1)
            .check()
            .expect("the sample checks");
        let day = def.election.date;
        let total = 60_000;
        let mut seen = HashSet::new();
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        // Four precincts' lists, as the stations make them one by one.
        for (k, p) in def.precincts.iter().enumerate() {
            let list = of_precinct(&def, &p.id, k as u64 * 15_000, 15_000, total, &mut rng);
            assert_eq!(list.len(), 15_000);
            for v in list {
                assert!(seen.insert(v.iin), "{} twice", v.iin);
                assert_eq!(v.iin.birth_date(), v.birth, "{}", v.iin);
                let age = day.year()
                    - v.birth.year()
                    - u16::from((v.birth.month(), v.birth.day()) > (day.month(), day.day()));
                assert!((18..=85).contains(&age), "{} is {age}", v.iin);
            }
        }
    }
}

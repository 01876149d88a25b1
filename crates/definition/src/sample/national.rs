//! The whole country of 19 March 2023 at its real size: 10,233 precincts (77 of them at 62
//! embassies and consulates abroad), 12,035,578 voters on the lists, the 29 Mazhilis
//! districts, and the maslikhats as they were (223 councils, 3,415 seats: the 20 councils of
//! the regions and cities half list, half single-member districts; the 203 councils of the
//! districts and towns all single-member districts). Sources and modelling choices are in
//! docs/national.md; each table below names its own.

use super::{
    mazhilis_lists, names, push_district, regional_lists, runs, Builder, PARTIES,
    REGIONAL_LIST_SEATS, REGIONS,
};
use crate::{Body, Definition, Election, Party, Precinct, Style, Unit, UnitKind, FORMAT};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_law::election_day::UtcOffset;
use sailau_law::Date;
use std::collections::HashMap;

/// Voters on the lists, abroad included (CEC, final results of 2023).
pub const ELECTORATE: u64 = 12_035_578;
/// Precincts, abroad included (CEC, 2023).
pub const PRECINCTS: usize = 10_233;
/// Voters on the lists at the stations abroad (Ministry of Foreign Affairs, 19 March 2023).
pub const ABROAD_ELECTORATE: u64 = 12_132;
/// Turnout abroad, per 10,000 (MFA: 8,800 of 12,132, 72.54%).
pub const ABROAD_TURNOUT: u64 = 7_254;
/// Mazhilis list candidates (281) and single-member district candidates (435) in 2023.
const MAZHILIS_LIST_CANDIDATES: usize = 281;
const MAZHILIS_DISTRICT_CANDIDATES: usize = 435;
const MAZHILIS_DISTRICTS: usize = 29;
/// The councils and seats of 2023 (BRIEF: 223 councils, 3,415 seats).
pub const COUNCILS: usize = 223;
/// Maslikhat seats, all councils together.
pub const COUNCIL_SEATS: u64 = 3_415;
/// A regional or city council's list seats, and as many districts (modelled: 32 seats).
const REGIONAL_HALF: u32 = REGIONAL_LIST_SEATS;
/// Councils of districts and towns of regional significance.
const LOCAL_COUNCILS: usize = COUNCILS - REGIONS.len();
/// Candidates in a maslikhat district (modelled).
const COUNCIL_CANDIDATES: usize = 3;

/// Per region or city (the ids of [`REGIONS`]): its voters on the lists, how sure that figure
/// is, and its turnout per 10,000 (CEC at 22:10 on 19 March 2023, as Kazinform reported it).
/// `Known` electorates are the CEC's (Turkistan the largest, Ulytau the smallest); the others
/// were not found by region, so each region's approximate population at the start of 2023
/// in thousands (the Bureau of National Statistics' orders of size, not checked against its
/// table) is a weight, and they share what is left of the national electorate by largest
/// remainder (docs/national.md).
const CENSUS: [(&str, Size, u64); 20] = [
    ("astana", Size::Weight(1_355), 4_291),
    ("aktobe", Size::Weight(924), 5_800),
    ("almaty-city", Size::Weight(2_162), 2_582),
    ("atyrau", Size::Weight(693), 5_123),
    ("shymkent", Size::Weight(1_222), 4_546),
    ("karaganda", Size::Weight(1_131), 5_948),
    ("west-kazakhstan", Size::Weight(692), 5_920),
    ("turkistan", Size::Known(1_177_507), 5_301),
    ("mangystau", Size::Weight(768), 5_410),
    ("almaty-region", Size::Weight(1_505), 6_003),
    ("kyzylorda", Size::Weight(830), 6_721),
    ("east-kazakhstan", Size::Weight(727), 6_415),
    ("abai", Size::Weight(607), 5_702),
    ("akmola", Size::Weight(787), 6_001),
    ("kostanay", Size::Weight(829), 6_510),
    ("pavlodar", Size::Weight(752), 5_868),
    ("north-kazakhstan", Size::Weight(535), 6_525),
    ("zhambyl", Size::Weight(1_214), 6_521),
    ("zhetisu", Size::Weight(697), 5_532),
    ("ulytau", Size::Known(138_277), 5_899),
];

#[derive(Clone, Copy)]
enum Size {
    Known(u64),
    Weight(u64),
}

/// The districts of the three cities of republican significance in 2023; a city's districts
/// have no councils of their own, only the city's maslikhat.
const CITY_DISTRICTS: [(&str, usize); 3] = [("astana", 5), ("almaty-city", 8), ("shymkent", 5)];

/// The 62 countries with stations in 2023 (the MFA named 77 stations in 62 countries; which
/// countries and cities is modelled from the missions of Kazakhstan): id, Kazakh, Russian and
/// English name, each station's UTC offset in minutes on 19 March 2023 (daylight saving time
/// where it had begun: North America since 12 March; Europe not until 26 March).
const ABROAD: [(&str, &str, &str, &str, &[i16]); 62] = [
    (
        "ru",
        "Ресей",
        "Россия",
        "Russia",
        &[180, 180, 180, 240, 300, 360, 420],
    ),
    ("cn", "Қытай", "Китай", "China", &[480, 480, 480, 480]),
    ("us", "АҚШ", "США", "United States", &[-240, -240, -420]),
    ("tr", "Түркия", "Турция", "Türkiye", &[180, 180]),
    ("de", "Германия", "Германия", "Germany", &[60, 60]),
    ("ae", "БАӘ", "ОАЭ", "United Arab Emirates", &[240, 240]),
    ("uz", "Өзбекстан", "Узбекистан", "Uzbekistan", &[300, 300]),
    ("kg", "Қырғызстан", "Кыргызстан", "Kyrgyzstan", &[360]),
    ("tj", "Тәжікстан", "Таджикистан", "Tajikistan", &[300]),
    ("tm", "Түрікменстан", "Туркменистан", "Turkmenistan", &[300]),
    ("az", "Әзербайжан", "Азербайджан", "Azerbaijan", &[240]),
    ("ge", "Грузия", "Грузия", "Georgia", &[240]),
    ("am", "Армения", "Армения", "Armenia", &[240]),
    ("by", "Беларусь", "Беларусь", "Belarus", &[180]),
    ("ua", "Украина", "Украина", "Ukraine", &[120]),
    ("md", "Молдова", "Молдова", "Moldova", &[120]),
    ("pl", "Польша", "Польша", "Poland", &[60]),
    ("fr", "Франция", "Франция", "France", &[60]),
    ("es", "Испания", "Испания", "Spain", &[60]),
    ("it", "Италия", "Италия", "Italy", &[60]),
    (
        "gb",
        "Ұлыбритания",
        "Великобритания",
        "United Kingdom",
        &[0],
    ),
    ("nl", "Нидерланд", "Нидерланды", "Netherlands", &[60]),
    ("be", "Бельгия", "Бельгия", "Belgium", &[60]),
    ("at", "Австрия", "Австрия", "Austria", &[60]),
    ("ch", "Швейцария", "Швейцария", "Switzerland", &[60]),
    ("cz", "Чехия", "Чехия", "Czech Republic", &[60]),
    ("hu", "Венгрия", "Венгрия", "Hungary", &[60]),
    ("bg", "Болгария", "Болгария", "Bulgaria", &[120]),
    ("ro", "Румыния", "Румыния", "Romania", &[120]),
    ("gr", "Грекия", "Греция", "Greece", &[120]),
    ("lt", "Литва", "Литва", "Lithuania", &[120]),
    ("lv", "Латвия", "Латвия", "Latvia", &[120]),
    ("ee", "Эстония", "Эстония", "Estonia", &[120]),
    ("fi", "Финляндия", "Финляндия", "Finland", &[120]),
    ("se", "Швеция", "Швеция", "Sweden", &[60]),
    ("no", "Норвегия", "Норвегия", "Norway", &[60]),
    ("rs", "Сербия", "Сербия", "Serbia", &[60]),
    ("il", "Израиль", "Израиль", "Israel", &[120]),
    ("eg", "Мысыр", "Египет", "Egypt", &[120]),
    (
        "sa",
        "Сауд Арабиясы",
        "Саудовская Аравия",
        "Saudi Arabia",
        &[180],
    ),
    ("qa", "Катар", "Катар", "Qatar", &[180]),
    ("kw", "Кувейт", "Кувейт", "Kuwait", &[180]),
    ("jo", "Иордания", "Иордания", "Jordan", &[180]),
    ("ir", "Иран", "Иран", "Iran", &[210]),
    ("om", "Оман", "Оман", "Oman", &[240]),
    ("af", "Ауғанстан", "Афганистан", "Afghanistan", &[270]),
    ("pk", "Пәкістан", "Пакистан", "Pakistan", &[300]),
    ("in", "Үндістан", "Индия", "India", &[330]),
    ("th", "Тайланд", "Таиланд", "Thailand", &[420]),
    ("vn", "Вьетнам", "Вьетнам", "Vietnam", &[420]),
    ("id", "Индонезия", "Индонезия", "Indonesia", &[420]),
    ("mn", "Моңғолия", "Монголия", "Mongolia", &[480]),
    ("sg", "Сингапур", "Сингапур", "Singapore", &[480]),
    ("my", "Малайзия", "Малайзия", "Malaysia", &[480]),
    ("jp", "Жапония", "Япония", "Japan", &[540]),
    ("kr", "Оңтүстік Корея", "Южная Корея", "South Korea", &[540]),
    ("au", "Аустралия", "Австралия", "Australia", &[660]),
    ("ca", "Канада", "Канада", "Canada", &[-240]),
    ("br", "Бразилия", "Бразилия", "Brazil", &[-180]),
    ("ke", "Кения", "Кения", "Kenya", &[180]),
    ("et", "Эфиопия", "Эфиопия", "Ethiopia", &[180]),
    ("za", "Оңтүстік Африка", "ЮАР", "South Africa", &[120]),
];

/// The national election and, per precinct (in the definition's order), its voters on the
/// lists and the turnout to simulate there, per 10,000.
pub struct National {
    /// The definition.
    pub definition: Definition,
    /// Voters on each precinct's list, at the fraction asked for.
    pub electorate: Vec<u64>,
    /// Each precinct's turnout per 10,000: its region's (or the stations abroad's) in 2023.
    pub turnout: Vec<u64>,
}

/// Splits `total` over `weights` by largest remainder, the earlier weight first on equal
/// remainders; integer arithmetic only.
fn apportion(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u64 = weights.iter().sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let share = |w: u64| (u128::from(total) * u128::from(w)) / u128::from(sum);
    let mut out: Vec<u64> = weights.iter().map(|&w| share(w) as u64).collect();
    let left = total - out.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    let rem = |i: usize| (u128::from(total) * u128::from(weights[i])) % u128::from(sum);
    order.sort_by(|&a, &b| rem(b).cmp(&rem(a)).then(a.cmp(&b)));
    for &i in order.iter().take(left as usize) {
        out[i] += 1;
    }
    out
}

/// Each region's voters on the lists in 2023, in [`CENSUS`] order.
pub fn region_electorates() -> Vec<u64> {
    let known: u64 = CENSUS
        .iter()
        .map(|c| match c.1 {
            Size::Known(n) => n,
            Size::Weight(_) => 0,
        })
        .sum();
    let weights: Vec<u64> = CENSUS
        .iter()
        .map(|c| match c.1 {
            Size::Known(_) => 0,
            Size::Weight(w) => w,
        })
        .collect();
    let rest = apportion(ELECTORATE - ABROAD_ELECTORATE - known, &weights);
    CENSUS
        .iter()
        .zip(rest)
        .map(|(c, r)| match c.1 {
            Size::Known(n) => n,
            Size::Weight(_) => r,
        })
        .collect()
}

/// Seats by D'Hondt's highest averages with one seat at least each: the next seat goes to the
/// largest `weight / seats`, compared by cross-multiplication.
fn at_least_one(total: usize, weights: &[u64]) -> Vec<usize> {
    let mut seats = vec![1usize; weights.len()];
    for _ in weights.len()..total {
        let r = (0..weights.len())
            .max_by(|&x, &y| {
                (u128::from(weights[x]) * seats[y] as u128)
                    .cmp(&(u128::from(weights[y]) * seats[x] as u128))
                    .then(y.cmp(&x))
            })
            .expect("regions");
        seats[r] += 1;
    }
    seats
}

/// The country of 2023 with `fraction_ppm` millionths of its voters on the lists (1,000,000
/// for all of them); the precincts, districts and councils are always all there.
pub fn country_2023(fraction_ppm: u32, seed: u64) -> National {
    build(fraction_ppm, seed, false)
}

/// The same country, every region, district, council, seat and country abroad, with the
/// fewest precincts that hold them: as many in a region as its largest set of districts
/// needs, and one station in each country abroad (about 2,900 in all). For a test of the
/// whole shape that a CI machine runs in minutes; the precincts are not the country's.
pub fn shape_2023(fraction_ppm: u32, seed: u64) -> National {
    build(fraction_ppm, seed, true)
}

fn build(fraction_ppm: u32, seed: u64, fewest: bool) -> National {
    let date: Date = "2023-03-19".parse().expect("a date");
    let mut b = Builder {
        rng: ChaCha20Rng::seed_from_u64(seed),
        date,
        candidates: Vec::new(),
    };
    let scale = |n: u64| n * u64::from(fraction_ppm) / 1_000_000;
    let electorates = region_electorates();
    let mazhilis_smds = at_least_one(MAZHILIS_DISTRICTS, &electorates);
    // The 203 local councils lie in the 17 regions, not in the three cities.
    let is_city = |id: &str| CITY_DISTRICTS.iter().any(|c| c.0 == id);
    let local_weights: Vec<u64> = CENSUS
        .iter()
        .zip(&electorates)
        .map(|(c, &e)| if is_city(c.0) { 0 } else { e })
        .collect();
    let regions_with_councils = local_weights.iter().filter(|&&w| w > 0).count();
    let mut councils = at_least_one(
        LOCAL_COUNCILS,
        &local_weights
            .iter()
            .copied()
            .filter(|&w| w > 0)
            .collect::<Vec<_>>(),
    )
    .into_iter();
    let councils_of: Vec<usize> = local_weights
        .iter()
        .map(|&w| {
            if w > 0 {
                councils.next().unwrap_or(0)
            } else {
                0
            }
        })
        .collect();
    debug_assert_eq!(regions_with_councils, 17);
    // Seats of the local councils: what the regional councils leave, 13 or 14 each.
    let local_seats = COUNCIL_SEATS - 2 * u64::from(REGIONAL_HALF) * REGIONS.len() as u64;
    let council_seats = apportion(local_seats, &vec![1; LOCAL_COUNCILS]);
    let abroad: Vec<(usize, i16)> = ABROAD
        .iter()
        .enumerate()
        .flat_map(|(k, c)| {
            c.4.iter()
                .take(if fewest { 1 } else { c.4.len() })
                .map(move |&m| (k, m))
        })
        .collect();
    let home = if fewest {
        // Per region, the largest of its sets of districts; the local councils' seats are
        // taken in the order the regions are built in.
        let mut seats = council_seats.iter();
        let mut need = vec![0u64; CENSUS.len()];
        for &(rid, ..) in &REGIONS {
            let c = CENSUS
                .iter()
                .position(|c| c.0 == rid)
                .expect("a census row");
            let local: u64 = if is_city(rid) {
                CITY_DISTRICTS
                    .iter()
                    .find(|d| d.0 == rid)
                    .map_or(1, |d| d.1 as u64)
            } else {
                seats.by_ref().take(councils_of[c]).sum()
            };
            need[c] = local
                .max(mazhilis_smds[c] as u64)
                .max(u64::from(REGIONAL_HALF));
        }
        need
    } else {
        apportion((PRECINCTS - abroad_stations()) as u64, &electorates)
    };

    let parties: Vec<Party> = PARTIES
        .iter()
        .zip(1..)
        .map(|(&(id, kk, ru, en), order)| Party {
            id: id.into(),
            name: names(kk, ru, en),
            registration_order: order,
        })
        .collect();
    let mut contests = vec![mazhilis_lists(national_lists(&mut b))];
    let mut units = Vec::new();
    let mut districts = Vec::new();
    let mut styles: Vec<Style> = Vec::new();
    let mut style_of: HashMap<Vec<String>, String> = HashMap::new();
    let mut precincts = Vec::new();
    let mut electorate = Vec::new();
    let mut turnout = Vec::new();
    let mut next = 0usize; // precinct index, over the whole country
    let mut mazhilis_no = 0;
    let mut local_no = 0;
    let per_district = runs(
        &(0..MAZHILIS_DISTRICT_CANDIDATES).collect::<Vec<_>>(),
        MAZHILIS_DISTRICTS,
    );

    for &(rid, kk, ru, en, west) in &REGIONS {
        let c = CENSUS
            .iter()
            .position(|c| c.0 == rid)
            .expect("a census row");
        let city = is_city(rid);
        units.push(Unit {
            id: rid.into(),
            name: names(kk, ru, en),
            kind: if city {
                UnitKind::City
            } else {
                UnitKind::Region
            },
            parent: None,
        });
        let mine: Vec<usize> = (next..next + home[c] as usize).collect();
        next += mine.len();
        let mut place: HashMap<usize, [String; 3]> = HashMap::new();
        let mut unit_of: HashMap<usize, String> = HashMap::new();
        for run in runs(&mine, mazhilis_smds[c]) {
            let candidates = per_district[mazhilis_no].len();
            mazhilis_no += 1;
            let id = format!("mazhilis-{mazhilis_no:02}");
            for &k in &run {
                place.entry(k).or_default()[0] = id.clone();
            }
            push_district(
                &mut b,
                &mut districts,
                &mut contests,
                &id,
                Body::Mazhilis,
                None,
                &names("Мәжіліс", "Мажилис", "Mazhilis"),
                &run,
                mazhilis_no,
                candidates,
            );
        }
        contests.push(regional_lists(&mut b, rid, kk, ru, en));
        for (n, run) in runs(&mine, REGIONAL_HALF as usize).into_iter().enumerate() {
            let id = format!("{rid}-maslikhat-{:02}", n + 1);
            for &k in &run {
                place.entry(k).or_default()[1] = id.clone();
            }
            push_district(
                &mut b,
                &mut districts,
                &mut contests,
                &id,
                Body::Maslikhat,
                Some(rid),
                &names(
                    &format!("{kk}: мәслихат"),
                    &format!("{ru}: маслихат"),
                    &format!("{en}: maslikhat"),
                ),
                &run,
                n + 1,
                COUNCIL_CANDIDATES,
            );
        }
        let parts = if city {
            CITY_DISTRICTS
                .iter()
                .find(|d| d.0 == rid)
                .map_or(1, |d| d.1)
        } else {
            councils_of[c]
        };
        for (n, run) in runs(&mine, parts).into_iter().enumerate() {
            let uid = format!("{rid}-d{:02}", n + 1);
            units.push(Unit {
                id: uid.clone(),
                name: names(
                    &format!("{kk}, №{} аудан", n + 1),
                    &format!("{ru}, район №{}", n + 1),
                    &format!("{en}, district No. {}", n + 1),
                ),
                kind: UnitKind::District,
                parent: Some(rid.into()),
            });
            for &k in &run {
                unit_of.insert(k, uid.clone());
            }
            if city {
                continue;
            }
            let seats = council_seats[local_no] as usize;
            local_no += 1;
            for (s, seat) in runs(&run, seats).into_iter().enumerate() {
                let id = format!("{uid}-maslikhat-{:02}", s + 1);
                for &k in &seat {
                    place.entry(k).or_default()[2] = id.clone();
                }
                push_district(
                    &mut b,
                    &mut districts,
                    &mut contests,
                    &id,
                    Body::Maslikhat,
                    Some(&uid),
                    &names(
                        &format!("{kk}, №{} аудан: мәслихат", n + 1),
                        &format!("{ru}, район №{}: маслихат", n + 1),
                        &format!("{en}, district No. {}: maslikhat", n + 1),
                    ),
                    &seat,
                    s + 1,
                    COUNCIL_CANDIDATES,
                );
            }
        }
        let offset = if west {
            UtcOffset::UTC_PLUS_5
        } else {
            UtcOffset::UTC_PLUS_6
        };
        let voters = apportion(scale(electorates[c]), &vec![1; mine.len()]);
        for (j, &k) in mine.iter().enumerate() {
            let [m, rd, dd] = place.remove(&k).unwrap_or_default();
            let mut ballot = vec![
                "mazhilis-list".to_string(),
                m,
                format!("{rid}-maslikhat-list"),
                rd,
            ];
            if !city {
                ballot.push(dd);
            }
            let style = style_for(&mut styles, &mut style_of, ballot);
            precincts.push(Precinct {
                id: format!("p-{:05}", k + 1),
                number: k as u32 + 1,
                unit: unit_of.remove(&k).unwrap_or_default(),
                utc_offset: offset,
                abroad: false,
                style,
            });
            electorate.push(voters[j]);
            turnout.push(CENSUS[c].2);
        }
    }

    // Abroad: one unit per country, the party lists only.
    styles.push(Style {
        id: "style-abroad".into(),
        contests: vec!["mazhilis-list".into()],
    });
    let far = apportion(scale(ABROAD_ELECTORATE), &vec![1; abroad.len()]);
    let first_abroad = next;
    for (k, &(cid, kk, ru, en, _)) in ABROAD.iter().enumerate() {
        let uid = format!("abroad-{cid}");
        units.push(Unit {
            id: uid.clone(),
            name: names(
                &format!("Шетелдегі учаскелер: {kk}"),
                &format!("Участки за рубежом: {ru}"),
                &format!("Stations abroad: {en}"),
            ),
            kind: UnitKind::Abroad,
            parent: None,
        });
        for &(_, minutes) in abroad.iter().filter(|a| a.0 == k) {
            precincts.push(Precinct {
                id: format!("p-{:05}", next + 1),
                number: next as u32 + 1,
                unit: uid.clone(),
                utc_offset: UtcOffset::minutes(minutes).expect("an offset in use"),
                abroad: true,
                style: "style-abroad".into(),
            });
            electorate.push(far[next - first_abroad]);
            turnout.push(ABROAD_TURNOUT);
            next += 1;
        }
    }

    let definition = Definition {
        format: FORMAT.into(),
        election: Election {
            id: "national-2023-03-19".into(),
            name: names(
                "Үлгі: Мәжіліс және мәслихаттар сайлауы, 2023 (бүкіл ел)",
                "Образец: выборы в Мажилис и маслихаты, 2023 (вся страна)",
                "Sample: Mazhilis and maslikhat elections, 2023 (the whole country)",
            ),
            date,
            bodies: vec![Body::Mazhilis, Body::Maslikhat],
        },
        units,
        districts,
        parties,
        candidates: b.candidates,
        contests,
        styles,
        precincts,
        guardians: super::sample_guardians(),
    };
    National {
        definition,
        electorate,
        turnout,
    }
}

/// The stations abroad: 77.
pub fn abroad_stations() -> usize {
    ABROAD.iter().map(|c| c.4.len()).sum()
}

fn style_for(
    styles: &mut Vec<Style>,
    style_of: &mut HashMap<Vec<String>, String>,
    contests: Vec<String>,
) -> String {
    if let Some(id) = style_of.get(&contests) {
        return id.clone();
    }
    let id = format!("style-{:04}", styles.len() + 1);
    style_of.insert(contests.clone(), id.clone());
    styles.push(Style {
        id: id.clone(),
        contests,
    });
    id
}

/// The seven Mazhilis lists with 281 candidates among them, 41 on the first.
fn national_lists(b: &mut Builder) -> Vec<crate::ContestOption> {
    let lens = runs(
        &(0..MAZHILIS_LIST_CANDIDATES).collect::<Vec<_>>(),
        PARTIES.len(),
    );
    PARTIES
        .iter()
        .zip(lens)
        .map(|(&(id, ..), run)| crate::ContestOption {
            id: id.into(),
            party: Some(id.into()),
            list: (0..run.len())
                .map(|k| b.candidate(Some(id), k % 3 == 0))
                .collect(),
            candidate: None,
            name: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ContestKind;
    use std::collections::BTreeSet;

    /// The whole country, checked once for all the tests.
    fn country() -> &'static (National, crate::Checked) {
        static C: std::sync::OnceLock<(National, crate::Checked)> = std::sync::OnceLock::new();
        C.get_or_init(|| {
            let n = country_2023(1_000_000, 7);
            let checked = n.definition.clone().check().unwrap_or_else(|e| {
                panic!(
                    "the national definition fails its checks: {:?}",
                    &e[..e.len().min(5)]
                )
            });
            (n, checked)
        })
    }

    #[test]
    fn the_country_has_the_precincts_and_voters_of_2023() {
        let (n, d) = country();
        // CEC 2023: 10,233 precincts, 12,035,578 voters on the lists; MFA: 77 stations
        // abroad in 62 countries, 12,132 voters on their lists.
        assert_eq!(d.precincts.len(), 10_233);
        let abroad: Vec<_> = d.precincts.iter().filter(|p| p.abroad).collect();
        assert_eq!(abroad.len(), 77);
        let countries: BTreeSet<&str> = abroad.iter().map(|p| p.unit.as_str()).collect();
        assert_eq!(countries.len(), 62);
        assert_eq!(n.electorate.iter().sum::<u64>(), 12_035_578);
        assert_eq!(n.electorate.len(), d.precincts.len());
        let far: u64 = d
            .precincts
            .iter()
            .zip(&n.electorate)
            .filter(|(p, _)| p.abroad)
            .map(|(_, e)| e)
            .sum();
        assert_eq!(far, 12_132);
        // The CEC's two published regional figures.
        let of = |region: &str| -> u64 {
            d.precincts
                .iter()
                .zip(&n.electorate)
                .filter(|(p, _)| d.region_of(&p.id) == Some(region))
                .map(|(_, e)| e)
                .sum()
        };
        assert_eq!(of("turkistan"), 1_177_507);
        assert_eq!(of("ulytau"), 138_277);
    }

    #[test]
    fn precincts_follow_each_regions_electorate() {
        let (n, d) = country();
        let total: u64 = n.electorate.iter().sum();
        for r in d.regions().iter().filter(|r| !r.starts_with("abroad-")) {
            let mine: Vec<usize> = (0..d.precincts.len())
                .filter(|&i| d.region_of(&d.precincts[i].id) == Some(r))
                .collect();
            let voters: u64 = mine.iter().map(|&i| n.electorate[i]).sum();
            // Largest remainder: within one precinct of the exact share of 10,156.
            let exact = u128::from(voters) * 10_156;
            let lo = u128::from(total - 12_132) * (mine.len() as u128 - 1);
            let hi = u128::from(total - 12_132) * (mine.len() as u128 + 1);
            assert!(lo <= exact && exact <= hi, "{r}: {} precincts", mine.len());
        }
    }

    #[test]
    fn the_bodies_are_as_in_2023() {
        let (_, d) = country();
        let maz_smd = d
            .contests
            .iter()
            .filter(|c| c.body == Body::Mazhilis && c.kind == ContestKind::Smd);
        assert_eq!(maz_smd.clone().count(), 29);
        // 281 list candidates and 435 in the districts (CEC, 2023).
        assert_eq!(maz_smd.map(|c| c.options.len()).sum::<usize>(), 435);
        let list = d.contest("mazhilis-list").expect("the Mazhilis lists");
        assert_eq!(
            list.options.iter().map(|o| o.list.len()).sum::<usize>(),
            281
        );
        // 223 maslikhats with 3,415 seats; the 20 of the regions and cities half list, half
        // districts; the others all districts.
        let mut seats: std::collections::BTreeMap<&str, (u64, u64)> = Default::default();
        for c in d.contests.iter().filter(|c| c.body == Body::Maslikhat) {
            let council = c
                .council
                .as_deref()
                .expect("a maslikhat contest names its council");
            let e = seats.entry(council).or_default();
            match c.kind {
                ContestKind::PartyList => e.0 += u64::from(c.seats.expect("list seats")),
                _ => e.1 += 1,
            }
        }
        assert_eq!(seats.len(), 223);
        assert_eq!(seats.values().map(|(l, s)| l + s).sum::<u64>(), 3_415);
        let top: BTreeSet<&str> = d.regions().iter().map(String::as_str).collect();
        for (council, (list, smd)) in &seats {
            if top.contains(council) {
                assert_eq!(list, smd, "{council} is half list, half districts");
            } else {
                assert_eq!(*list, 0, "{council} elects by districts only");
            }
        }
        assert_eq!(top.iter().filter(|u| !u.starts_with("abroad")).count(), 20);
    }

    #[test]
    fn two_time_zones_at_home_and_the_stations_abroad_in_theirs() {
        let (_, d) = country();
        let west = [
            "aktobe",
            "atyrau",
            "west-kazakhstan",
            "kyzylorda",
            "mangystau",
        ];
        for p in d.precincts.iter().filter(|p| !p.abroad) {
            let region = d.region_of(&p.id).expect("a region");
            let expected = if west.contains(&region) { 300 } else { 360 };
            assert_eq!(p.utc_offset.as_minutes(), expected, "{}", p.id);
        }
        let offsets: BTreeSet<i16> = d
            .precincts
            .iter()
            .filter(|p| p.abroad)
            .map(|p| p.utc_offset.as_minutes())
            .collect();
        // From the Americas to Australia.
        assert!(
            offsets.first() < Some(&0) && offsets.last() > Some(&600),
            "{offsets:?}"
        );
    }

    #[test]
    fn turnout_is_the_countrys_and_a_fraction_scales_the_lists() {
        let (n, _) = country();
        let voted: u64 = n
            .electorate
            .iter()
            .zip(&n.turnout)
            .map(|(e, t)| e * t)
            .sum();
        let total: u64 = n.electorate.iter().sum();
        // 54.19% at 22:10 on election day (CEC); the regions' electorates are partly
        // modelled (53.6% comes out), so within a point.
        let per_10k = voted / total;
        assert!((5_320..=5_520).contains(&per_10k), "{per_10k}");
        let tenth = country_2023(100_000, 7);
        let sum: u64 = tenth.electorate.iter().sum();
        assert!((1_203_000..=1_203_558).contains(&sum), "{sum}");
        assert_eq!(tenth.definition.precincts.len(), 10_233);
    }

    #[test]
    fn the_shape_keeps_every_district_council_and_country_with_fewer_precincts() {
        let (_, whole) = country();
        let shape = shape_2023(1_000_000, 7);
        let d = shape.definition.check().expect("the shape checks");
        assert!(d.precincts.len() < 3_000, "{}", d.precincts.len());
        let districts = |d: &crate::Checked| {
            d.contests
                .iter()
                .map(|c| (c.id.clone(), c.seats))
                .collect::<BTreeSet<_>>()
        };
        assert_eq!(districts(&d), districts(whole));
        let units = |d: &crate::Checked| {
            d.units
                .iter()
                .map(|u| u.id.clone())
                .collect::<BTreeSet<_>>()
        };
        assert_eq!(units(&d), units(whole));
        assert_eq!(d.precincts.iter().filter(|p| p.abroad).count(), 62);
        assert_eq!(shape.electorate.iter().sum::<u64>(), 12_035_578);
    }
}

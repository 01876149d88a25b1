//! A definition modelled on the elections of 19 March 2023, for the demo, tests and
//! benchmarks: the Mazhilis (7 party lists and "against all", single-member districts) and the
//! maslikhats (regional councils half list, half districts; district councils all districts),
//! in the 17 regions and 3 cities as they were then, with their two time zones, and one
//! station abroad. Deterministic for a seed. Candidates are invented; parties and places are
//! real.

use crate::{
    Body, Candidate, Contest, ContestKind, ContestOption, Definition, District, Election, Guardian,
    GuardianRole, Guardians, Names, Party, Precinct, Style, Unit, UnitKind, FORMAT,
};
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use sailau_law::election_day::UtcOffset;
use sailau_law::Date;

pub mod akims;
pub mod kurultai;
pub mod national;
pub mod presidential;
pub mod referendum;
pub mod senate;

/// The regions and cities of 2023: id, Kazakh, Russian and English names, UTC+5 (west) or
/// not. Ordered so that a small election still spans both time zones.
const REGIONS: [(&str, &str, &str, &str, bool); 20] = [
    ("astana", "Астана", "Астана", "Astana", false),
    (
        "aktobe",
        "Ақтөбе облысы",
        "Актюбинская область",
        "Aktobe Region",
        true,
    ),
    ("almaty-city", "Алматы", "Алматы", "Almaty", false),
    (
        "atyrau",
        "Атырау облысы",
        "Атырауская область",
        "Atyrau Region",
        true,
    ),
    ("shymkent", "Шымкент", "Шымкент", "Shymkent", false),
    (
        "karaganda",
        "Қарағанды облысы",
        "Карагандинская область",
        "Karaganda Region",
        false,
    ),
    (
        "west-kazakhstan",
        "Батыс Қазақстан облысы",
        "Западно-Казахстанская область",
        "West Kazakhstan Region",
        true,
    ),
    (
        "turkistan",
        "Түркістан облысы",
        "Туркестанская область",
        "Turkistan Region",
        false,
    ),
    (
        "mangystau",
        "Маңғыстау облысы",
        "Мангистауская область",
        "Mangystau Region",
        true,
    ),
    (
        "almaty-region",
        "Алматы облысы",
        "Алматинская область",
        "Almaty Region",
        false,
    ),
    (
        "kyzylorda",
        "Қызылорда облысы",
        "Кызылординская область",
        "Kyzylorda Region",
        true,
    ),
    (
        "east-kazakhstan",
        "Шығыс Қазақстан облысы",
        "Восточно-Казахстанская область",
        "East Kazakhstan Region",
        false,
    ),
    ("abai", "Абай облысы", "Область Абай", "Abai Region", false),
    (
        "akmola",
        "Ақмола облысы",
        "Акмолинская область",
        "Akmola Region",
        false,
    ),
    (
        "kostanay",
        "Қостанай облысы",
        "Костанайская область",
        "Kostanay Region",
        false,
    ),
    (
        "pavlodar",
        "Павлодар облысы",
        "Павлодарская область",
        "Pavlodar Region",
        false,
    ),
    (
        "north-kazakhstan",
        "Солтүстік Қазақстан облысы",
        "Северо-Казахстанская область",
        "North Kazakhstan Region",
        false,
    ),
    (
        "zhambyl",
        "Жамбыл облысы",
        "Жамбылская область",
        "Zhambyl Region",
        false,
    ),
    (
        "zhetisu",
        "Жетісу облысы",
        "Область Жетісу",
        "Zhetisu Region",
        false,
    ),
    (
        "ulytau",
        "Ұлытау облысы",
        "Область Улытау",
        "Ulytau Region",
        false,
    ),
];

/// The seven lists of 2023 in the order of the CEC's table (used as registration order;
/// fixtures/official/2023-03-19-mazhilis.json notes the same caveat).
const PARTIES: [(&str, &str, &str, &str); 7] = [
    ("amanat", "AMANAT", "AMANAT", "AMANAT"),
    (
        "auyl",
        "«Ауыл» халықтық-демократиялық патриоттық партиясы",
        "Народно-демократическая патриотическая партия «Ауыл»",
        "Auyl People's Democratic Patriotic Party",
    ),
    ("respublica", "Respublica", "Respublica", "Respublica"),
    (
        "ak-zhol",
        "«Ақ жол» демократиялық партиясы",
        "Демократическая партия «Ак жол»",
        "Ak Zhol Democratic Party",
    ),
    (
        "peoples",
        "Қазақстан Халық партиясы",
        "Народная партия Казахстана",
        "People's Party of Kazakhstan",
    ),
    (
        "nsdp",
        "Жалпыұлттық социал-демократиялық партия",
        "Общенациональная социал-демократическая партия",
        "Nationwide Social Democratic Party",
    ),
    (
        "baytaq",
        "«Байтақ» жасылдар партиясы",
        "Партия зелёных «Байтак»",
        "Baytaq Green Party of Kazakhstan",
    ),
];

const GIVEN_M: [&str; 12] = [
    "Нұрлан",
    "Ерлан",
    "Асқар",
    "Бауыржан",
    "Дәурен",
    "Ержан",
    "Қайрат",
    "Марат",
    "Серік",
    "Талғат",
    "Алексей",
    "Дмитрий",
];
const GIVEN_F: [&str; 12] = [
    "Айгүл",
    "Гүлнар",
    "Жанар",
    "Әсем",
    "Дана",
    "Мадина",
    "Сәуле",
    "Әйгерім",
    "Ләззат",
    "Динара",
    "Елена",
    "Ольга",
];
const FAMILY: [&str; 12] = [
    "Ахметов",
    "Серікбаев",
    "Жұмабеков",
    "Омаров",
    "Қасымов",
    "Байжанов",
    "Тоқаев",
    "Сәрсенов",
    "Әбенов",
    "Нұрланов",
    "Иванов",
    "Ким",
];

/// Regional maslikhats: list seats (half the council in 2023's mixed councils).
const REGIONAL_LIST_SEATS: u32 = 16;
/// Candidates per Mazhilis party list and per regional maslikhat list: as many as the seats at
/// stake, so that the registry can seat any split of the votes (what the law does with seats
/// a list is too short to fill is not found: docs/law.md). And per district.
const MAZHILIS_LIST: usize = 69;
const MASLIKHAT_LIST: usize = REGIONAL_LIST_SEATS as usize;
const PER_DISTRICT: usize = 3;

struct Builder {
    rng: ChaCha20Rng,
    date: Date,
    candidates: Vec<Candidate>,
}

impl Builder {
    fn below(&mut self, n: u64) -> u64 {
        self.rng.next_u64() % n
    }

    /// A new candidate: a woman when `woman`, else by chance.
    fn candidate(&mut self, party: Option<&str>, woman: bool) -> String {
        let n = self.candidates.len();
        let woman = woman || self.below(4) == 0;
        let given = if woman { GIVEN_F } else { GIVEN_M }[self.below(12) as usize];
        let mut family = FAMILY[self.below(12) as usize].to_string();
        if woman {
            family.push('а');
        }
        // 26 to 64 years from the year of birth: at least 25 on any day of the year, the
        // Mazhilis's minimum age (a year's difference of 25 is 24 until the birthday).
        let age = 26 + self.below(39) as u16;
        let birth = Date::new(
            self.date.year() - age,
            1 + self.below(12) as u8,
            1 + self.below(28) as u8,
        )
        .expect("day 1-28 of a month exists");
        let id = format!("c-{:05}", n + 1);
        let disability = self.below(40) == 0;
        self.candidates.push(Candidate {
            id: id.clone(),
            name: format!("{family} {given}"),
            birth_date: birth,
            woman,
            disability,
            party: party.map(String::from),
        });
        id
    }

    fn district_options(&mut self, candidates: usize) -> Vec<ContestOption> {
        (0..candidates)
            .map(|k| {
                let party = match self.below(3) {
                    0 => None,
                    _ => Some(PARTIES[self.below(7) as usize].0),
                };
                let candidate = self.candidate(party, false);
                ContestOption {
                    id: format!("cand-{}", k + 1),
                    party: None,
                    list: vec![],
                    candidate: Some(candidate),
                    name: None,
                }
            })
            .collect()
    }

    fn lists(&mut self, len: usize) -> Vec<ContestOption> {
        PARTIES
            .iter()
            .map(|&(id, ..)| ContestOption {
                id: id.into(),
                party: Some(id.into()),
                // Every third place from the first goes to a woman: 30% at least.
                list: (0..len)
                    .map(|k| self.candidate(Some(id), k % 3 == 0))
                    .collect(),
                candidate: None,
                name: None,
            })
            .collect()
    }
}

fn names(kk: &str, ru: &str, en: &str) -> Names {
    Names {
        kk: kk.into(),
        ru: ru.into(),
        en: en.into(),
    }
}

/// Splits `items` into `parts` runs as even as possible (parts ≥ 1, parts ≤ len).
fn runs<T: Clone>(items: &[T], parts: usize) -> Vec<Vec<T>> {
    let (q, r) = (items.len() / parts, items.len() % parts);
    let mut out = Vec::with_capacity(parts);
    let mut at = 0;
    for i in 0..parts {
        let len = q + usize::from(i < r);
        out.push(items[at..at + len].to_vec());
        at += len;
    }
    out
}

/// A 2023-style definition with `precincts` precincts (at least 2: one of them abroad).
pub fn mazhilis_2023(precincts: usize, seed: u64) -> Definition {
    let precincts = precincts.max(2);
    let date: Date = "2023-03-19".parse().expect("a date");
    let mut b = Builder {
        rng: ChaCha20Rng::seed_from_u64(seed),
        date,
        candidates: Vec::new(),
    };
    let home = precincts - 1;
    let used = home.min(REGIONS.len());
    // Home precincts round-robin over the regions in use: per region, its precinct numbers.
    let mut in_region: Vec<Vec<usize>> = vec![Vec::new(); used];
    for k in 0..home {
        in_region[k % used].push(k);
    }

    let mut units = Vec::new();
    let mut contests = Vec::new();
    let mut districts = Vec::new();
    let mut styles = Vec::new();
    let mut out_precincts = Vec::new();
    let parties: Vec<Party> = PARTIES
        .iter()
        .zip(1..)
        .map(|(&(id, kk, ru, en), order)| Party {
            id: id.into(),
            name: names(kk, ru, en),
            registration_order: order,
        })
        .collect();

    let options = b.lists(MAZHILIS_LIST);
    contests.push(mazhilis_lists(options));

    // Mazhilis districts: 29 in 2023, one at least per region in use, the rest to the
    // regions with the most precincts per district.
    let smd_total = home.min(29);
    let mut smds = vec![1usize; used];
    for _ in used..smd_total {
        let r = (0..used)
            .filter(|&r| smds[r] < in_region[r].len())
            .max_by(|&x, &y| {
                (in_region[x].len() * smds[y])
                    .cmp(&(in_region[y].len() * smds[x]))
                    .then(y.cmp(&x))
            })
            .expect("fewer districts than home precincts");
        smds[r] += 1;
    }

    // Per home precinct: its Mazhilis district, regional district and district council's
    // district, from which its style follows.
    let mut place: Vec<[String; 3]> = vec![Default::default(); home];
    let mut unit_of: Vec<String> = vec![String::new(); home];
    let mut mazhilis_no = 0;
    for (r, &(rid, kk, ru, en, west)) in REGIONS.iter().enumerate().take(used) {
        let kind = if ["astana", "almaty-city", "shymkent"].contains(&rid) {
            UnitKind::City
        } else {
            UnitKind::Region
        };
        units.push(Unit {
            id: rid.into(),
            name: names(kk, ru, en),
            kind,
            parent: None,
        });
        let mine = &in_region[r];
        for run in runs(mine, smds[r]) {
            mazhilis_no += 1;
            let id = format!("mazhilis-{mazhilis_no:02}");
            for &k in &run {
                place[k][0] = id.clone();
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
                PER_DISTRICT,
            );
        }
        // The regional maslikhat: a list contest and two districts.
        contests.push(regional_lists(&mut b, rid, kk, ru, en));
        for (n, run) in runs(mine, mine.len().min(2)).into_iter().enumerate() {
            let id = format!("{rid}-maslikhat-{:02}", n + 1);
            for &k in &run {
                place[k][1] = id.clone();
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
                PER_DISTRICT,
            );
        }
        // Two districts (or city districts) with councils of their own, one seat each here.
        for (n, run) in runs(mine, mine.len().min(2)).into_iter().enumerate() {
            let uid = format!("{rid}-d{}", n + 1);
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
            let id = format!("{uid}-maslikhat-01");
            for &k in &run {
                place[k][2] = id.clone();
                unit_of[k] = uid.clone();
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
                &run,
                1,
                PER_DISTRICT,
            );
        }
        let offset = if west {
            UtcOffset::UTC_PLUS_5
        } else {
            UtcOffset::UTC_PLUS_6
        };
        for &k in mine {
            let [m, rd, dd] = &place[k];
            let contests = vec![
                "mazhilis-list".to_string(),
                m.clone(),
                format!("{rid}-maslikhat-list"),
                rd.clone(),
                dd.clone(),
            ];
            let style = match styles.iter().find(|s: &&Style| s.contests == contests) {
                Some(s) => s.id.clone(),
                None => {
                    let id = format!("style-{:03}", styles.len() + 1);
                    styles.push(Style {
                        id: id.clone(),
                        contests,
                    });
                    id
                }
            };
            out_precincts.push(Precinct {
                id: format!("p-{:05}", k + 1),
                number: k as u32 + 1,
                unit: unit_of[k].clone(),
                utc_offset: offset,
                abroad: false,
                style,
            });
        }
    }
    out_precincts.sort_by(|x, y| x.id.cmp(&y.id));

    // One station abroad, in Moscow (UTC+3): the party lists only.
    units.push(Unit {
        id: "abroad".into(),
        name: names(
            "Шетелдегі учаскелер",
            "Участки за рубежом",
            "Stations abroad",
        ),
        kind: UnitKind::Abroad,
        parent: None,
    });
    styles.push(Style {
        id: "style-abroad".into(),
        contests: vec!["mazhilis-list".into()],
    });
    out_precincts.push(Precinct {
        id: format!("p-{:05}", precincts),
        number: precincts as u32,
        unit: "abroad".into(),
        utc_offset: "+03:00".parse().expect("an offset"),
        abroad: true,
        style: "style-abroad".into(),
    });

    let guardians = sample_guardians();
    Definition {
        format: FORMAT.into(),
        election: Election {
            id: "sample-2023-03-19".into(),
            name: names(
                "Үлгі: Мәжіліс және мәслихаттар сайлауы, 2023",
                "Образец: выборы в Мажилис и маслихаты, 2023",
                "Sample: Mazhilis and maslikhat elections, 2023",
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
        precincts: out_precincts,
        guardians,
    }
}

/// The Mazhilis party-list contest with its lists.
fn mazhilis_lists(options: Vec<ContestOption>) -> Contest {
    Contest {
        id: "mazhilis-list".into(),
        name: names(
            "Мәжіліс: партиялық тізімдер",
            "Мажилис: партийные списки",
            "Mazhilis: party lists",
        ),
        body: Body::Mazhilis,
        kind: ContestKind::PartyList,
        council: None,
        district: None,
        seats: None,
        against_all: true,
        options,
        round: 1,
        first_round: None,
        constitutional: false,
    }
}

/// A regional or city maslikhat's list contest: half its seats, the seven parties' lists.
fn regional_lists(b: &mut Builder, rid: &str, kk: &str, ru: &str, en: &str) -> Contest {
    Contest {
        id: format!("{rid}-maslikhat-list"),
        name: names(
            &format!("{kk}: мәслихат, партиялық тізімдер"),
            &format!("{ru}: маслихат, партийные списки"),
            &format!("{en}: maslikhat, party lists"),
        ),
        body: Body::Maslikhat,
        kind: ContestKind::PartyList,
        council: Some(rid.into()),
        district: None,
        seats: Some(REGIONAL_LIST_SEATS),
        against_all: true,
        options: b.lists(MASLIKHAT_LIST),
        round: 1,
        first_round: None,
        constitutional: false,
    }
}

/// Five guardians, three of them enough: two commission members and three parties' nominees.
fn sample_guardians() -> Guardians {
    Guardians {
        quorum: 3,
        members: vec![
            guardian("Commission member 1", None),
            guardian("Commission member 2", None),
            guardian("Nominee of AMANAT", Some("amanat")),
            guardian("Nominee of Ak Zhol", Some("ak-zhol")),
            guardian("Nominee of the NSDP", Some("nsdp")),
        ],
    }
}

fn guardian(name: &str, party: Option<&str>) -> Guardian {
    Guardian {
        name: name.into(),
        role: if party.is_some() {
            GuardianRole::Party
        } else {
            GuardianRole::Commission
        },
        party: party.map(String::from),
    }
}

#[allow(clippy::too_many_arguments)]
fn push_district(
    b: &mut Builder,
    districts: &mut Vec<District>,
    contests: &mut Vec<Contest>,
    id: &str,
    body: Body,
    council: Option<&str>,
    whose: &Names,
    precincts: &[usize],
    number: usize,
    candidates: usize,
) {
    districts.push(District {
        id: id.into(),
        name: names(
            &format!("№{number} сайлау округі"),
            &format!("Избирательный округ №{number}"),
            &format!("Electoral district No. {number}"),
        ),
        body,
        council: council.map(String::from),
        precincts: precincts
            .iter()
            .map(|k| format!("p-{:05}", k + 1))
            .collect(),
    });
    contests.push(Contest {
        id: id.into(),
        // Each contest says whose district it is: a ballot of five contests can hold three
        // districts numbered 1.
        name: names(
            &format!("{}: №{number} бірмандатты округ", whose.kk),
            &format!("{}: одномандатный округ №{number}", whose.ru),
            &format!("{}: single-member district No. {number}", whose.en),
        ),
        body,
        kind: ContestKind::Smd,
        council: council.map(String::from),
        district: Some(id.into()),
        seats: None,
        against_all: true,
        options: b.district_options(candidates),
        round: 1,
        first_round: None,
        constitutional: false,
    });
}

/// The key ceremony of `def`'s guardians and quorum, every guardian's steps run in this
/// process in turn (`sailau_crypto::simulate::ceremony`): for the demo, tests and benchmarks.
/// In a real election each guardian runs their own steps on their own machine.
pub fn ceremony(
    def: &crate::Checked,
    rng: &mut impl rand_core::CryptoRngCore,
) -> Result<
    (sailau_crypto::Election, Vec<sailau_crypto::GuardianKey>),
    sailau_crypto::simulate::SimulationError,
> {
    let names: Vec<&str> = def
        .guardians
        .members
        .iter()
        .map(|g| g.name.as_str())
        .collect();
    sailau_crypto::simulate::ceremony(def.manifest(), &names, def.guardians.quorum, rng)
}

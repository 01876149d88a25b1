//! Rural akims for the demo's scenario: many rural districts in one election, each electing
//! its akim in a contest of its own area, as on 25 July 2021 (730 akims). The sample's
//! regions and districts, its precincts outside the three cities (akims are elected in
//! rural districts, and not abroad), and invented candidates.

use super::{mazhilis_2023, names, Builder};
use crate::{Body, Contest, ContestKind, Definition, District, Style};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_law::Date;

/// Precincts per rural district, at most.
const PER_AREA: usize = 2;

/// The cities of republican significance, where no rural akim is elected.
const CITIES: [&str; 3] = ["astana", "almaty-city", "shymkent"];

/// Rural akim elections on 25 July 2021 over the sample of `precincts` precincts: the
/// precincts outside the cities, in rural districts of up to two precincts each, every
/// district with its akim contest of 2 to 4 candidates and "against all".
pub fn rural_akims_2021(precincts: usize, seed: u64) -> Definition {
    let mut d = mazhilis_2023(precincts, seed);
    let date = Date::new(2021, 7, 25).expect("a date");
    d.election.id = "sample-rural-akims-2021-07-25".into();
    d.election.name = names(
        "Үлгі: ауылдық округтер әкімдерінің сайлауы, 2021",
        "Образец: выборы акимов сельских округов, 2021",
        "Sample: elections of rural akims, 2021",
    );
    d.election.date = date;
    d.election.bodies = vec![Body::RuralAkim];
    let top = |unit: &str| {
        d.units
            .iter()
            .find(|u| u.id == unit)
            .map(|u| u.parent.clone().unwrap_or(u.id.clone()))
            .unwrap_or_default()
    };
    let rural: Vec<usize> = (0..d.precincts.len())
        .filter(|&k| {
            !d.precincts[k].abroad && !CITIES.contains(&top(&d.precincts[k].unit).as_str())
        })
        .collect();
    let mut b = Builder {
        rng: ChaCha20Rng::seed_from_u64(seed ^ 0x0a_1c),
        date,
        candidates: Vec::new(),
    };
    let (mut districts, mut contests, mut styles) = (Vec::new(), Vec::new(), Vec::new());
    let mut style_of = vec![String::new(); d.precincts.len()];
    // Rural districts within one district unit: consecutive precincts of the same unit.
    let mut k = 0;
    while k < rural.len() {
        let unit = d.precincts[rural[k]].unit.clone();
        let mut area = vec![rural[k]];
        while area.len() < PER_AREA
            && k + area.len() < rural.len()
            && d.precincts[rural[k + area.len()]].unit == unit
        {
            area.push(rural[k + area.len()]);
        }
        k += area.len();
        let n = districts.len() + 1;
        let id = format!("akim-{n:03}");
        let uname = d
            .units
            .iter()
            .find(|u| u.id == unit)
            .map(|u| u.name.clone())
            .expect("the precinct's unit");
        let area_name = names(
            &format!("{}, №{n} ауылдық округ", uname.kk),
            &format!("{}, сельский округ №{n}", uname.ru),
            &format!("{}, rural district No. {n}", uname.en),
        );
        districts.push(District {
            id: id.clone(),
            name: area_name.clone(),
            body: Body::RuralAkim,
            council: None,
            precincts: area.iter().map(|&p| d.precincts[p].id.clone()).collect(),
        });
        let candidates = 2 + (n % 3);
        contests.push(Contest {
            id: id.clone(),
            name: names(
                &format!("{}: әкім", area_name.kk),
                &format!("{}: аким", area_name.ru),
                &format!("{}: akim", area_name.en),
            ),
            body: Body::RuralAkim,
            kind: ContestKind::Akim,
            council: None,
            district: Some(id.clone()),
            seats: None,
            against_all: true,
            options: b.district_options(candidates),
            round: 1,
            first_round: None,
            constitutional: false,
        });
        styles.push(Style {
            id: id.clone(),
            contests: vec![id.clone()],
        });
        for &p in &area {
            style_of[p] = id.clone();
        }
    }
    let keep: std::collections::HashSet<usize> = rural.iter().copied().collect();
    d.precincts = d
        .precincts
        .into_iter()
        .enumerate()
        .filter(|(k, _)| keep.contains(k))
        .map(|(k, mut p)| {
            p.style = style_of[k].clone();
            p
        })
        .collect();
    d.districts = districts;
    d.contests = contests;
    d.styles = styles;
    d.candidates = b.candidates;
    d
}

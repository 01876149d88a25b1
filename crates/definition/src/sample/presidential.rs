//! Presidential elections for the demo's scenarios, over the sample's regions, precincts
//! (one abroad) and guardians: the ballot of 20 November 2022, and an invented election whose
//! first round gives nobody a majority (docs/law.md, "President").

use super::{mazhilis_2023, names};
use crate::{Body, Candidate, Contest, ContestKind, ContestOption, Definition, Names, Style};
use sailau_law::election_day::UtcOffset;
use sailau_law::Date;

/// One presidential contest with `candidates` (id, name, woman) in ballot order and "against
/// all", on one ballot style in every precinct of the sample of `precincts` precincts.
fn presidential(
    precincts: usize,
    seed: u64,
    id: &str,
    title: Names,
    date: Date,
    candidates: &[(&str, &str, bool)],
) -> Definition {
    let mut d = mazhilis_2023(precincts, seed);
    d.election.id = id.into();
    d.election.name = title;
    d.election.date = date;
    d.election.bodies = vec![Body::President];
    d.districts.clear();
    // The birth dates are not the candidates': the definition needs one, and the registry of
    // candidates that will carry the real ones is another issue's work.
    let born = Date::new(1960, 1, 1).expect("a date");
    d.candidates = candidates
        .iter()
        .map(|&(cid, name, woman)| Candidate {
            id: cid.into(),
            name: name.into(),
            birth_date: born,
            woman,
            disability: false,
            party: None,
        })
        .collect();
    d.contests = vec![Contest {
        id: "president".into(),
        name: names(
            "Қазақстан Республикасының Президенті",
            "Президент Республики Казахстан",
            "President of the Republic of Kazakhstan",
        ),
        body: Body::President,
        kind: ContestKind::Presidential,
        council: None,
        district: None,
        seats: None,
        against_all: true,
        options: candidates
            .iter()
            .map(|&(cid, ..)| ContestOption {
                id: cid.into(),
                party: None,
                list: vec![],
                candidate: Some(cid.into()),
                name: None,
            })
            .collect(),
        round: 1,
        first_round: None,
        constitutional: false,
    }];
    d.styles = vec![Style {
        id: "president".into(),
        contests: vec!["president".into()],
    }];
    // One time zone since 1 March 2024 (docs/law.md, "Election day").
    let one_zone = date >= Date::new(2024, 3, 1).expect("a date");
    for p in &mut d.precincts {
        p.style = "president".into();
        if one_zone && !p.abroad {
            p.utc_offset = UtcOffset::UTC_PLUS_5;
        }
    }
    d
}

/// The six candidates of 20 November 2022 in the CEC's order, and "against all"
/// (fixtures/official/2022-11-20-presidential.json).
pub fn presidential_2022(precincts: usize, seed: u64) -> Definition {
    presidential(
        precincts,
        seed,
        "sample-president-2022-11-20",
        names(
            "Үлгі: Президент сайлауы, 2022",
            "Образец: выборы Президента, 2022",
            "Sample: presidential election, 2022",
        ),
        Date::new(2022, 11, 20).expect("a date"),
        &[
            ("tokayev", "Kassym-Jomart Tokayev", false),
            ("dairabaev", "Jiguli Dairabaev", false),
            ("abden", "Qaraqat Äbden", true),
            ("qajyken", "Meiram Qajyken", false),
            ("auesbaev", "Nurlan Äuesbaev", false),
            ("tursynbekova", "Saltanat Tursynbekova", true),
        ],
    )
}

/// An invented presidential election on 18 November 2029 with five invented candidates, the
/// first round of the runoff scenario.
pub fn presidential_open(precincts: usize, seed: u64) -> Definition {
    presidential(
        precincts,
        seed,
        "sample-president-2029-11-18",
        names(
            "Үлгі: Президент сайлауы, 2029 (ойдан шығарылған)",
            "Образец: выборы Президента, 2029 (вымышленные)",
            "Sample: presidential election, 2029 (invented)",
        ),
        Date::new(2029, 11, 18).expect("a date"),
        &[
            ("candidate-a", "Айгүл Серікбаева", true),
            ("candidate-b", "Ерлан Жұмабеков", false),
            ("candidate-c", "Дмитрий Иванов", false),
            ("candidate-d", "Мадина Омарова", true),
            ("candidate-e", "Талғат Қасымов", false),
        ],
    )
}

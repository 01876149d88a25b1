//! The Kurultai for the demo's scenario: 145 seats by party list in one nationwide district
//! (the 2026 Constitution), under the edition's UNCONFIRMED parameters as named in the law
//! crate (threshold, "against all", the sole-party rule). The seven parties of 2023, their
//! lists invented, over the sample's regions and precincts; one time zone since 2024.

use super::{mazhilis_2023, names, Builder};
use crate::{Body, Contest, ContestKind, Definition, Style};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_law::election_day::UtcOffset;
use sailau_law::Date;

/// Candidates per party list: enough for any share the sample's votes give a party.
const LIST: usize = 100;

/// A Kurultai election over the sample of `precincts` precincts, on 30 August 2026: a day
/// chosen for the sample (the edition is in force from 1 July 2026), not the election's.
pub fn kurultai_2026(precincts: usize, seed: u64) -> Definition {
    let mut d = mazhilis_2023(precincts, seed);
    let date = Date::new(2026, 8, 30).expect("a date");
    d.election.id = "sample-kurultai-2026-08-30".into();
    d.election.name = names(
        "Үлгі: Құрылтай сайлауы, 2026",
        "Образец: выборы в Курултай, 2026",
        "Sample: Kurultai election, 2026",
    );
    d.election.date = date;
    d.election.bodies = vec![Body::Kurultai];
    d.districts.clear();
    let mut b = Builder {
        rng: ChaCha20Rng::seed_from_u64(seed ^ 0x0c_2026),
        date,
        candidates: Vec::new(),
    };
    d.contests = vec![Contest {
        id: "kurultai-list".into(),
        name: names(
            "Құрылтай: партиялық тізімдер",
            "Курултай: партийные списки",
            "Kurultai: party lists",
        ),
        body: Body::Kurultai,
        kind: ContestKind::PartyList,
        council: None,
        district: None,
        seats: None,
        against_all: true,
        options: b.lists(LIST),
        round: 1,
        first_round: None,
        constitutional: false,
    }];
    d.candidates = b.candidates;
    d.styles = vec![Style {
        id: "kurultai".into(),
        contests: vec!["kurultai-list".into()],
    }];
    for p in &mut d.precincts {
        p.style = "kurultai".into();
        if !p.abroad {
            p.utc_offset = UtcOffset::UTC_PLUS_5;
        }
    }
    d
}

//! Builders for test contests.
#![allow(dead_code)]

use sailau_law::{
    decide, editions, Body, Choice, Contest, ContestKind, Date, Decision, Edition, LawError, WhatIf,
};

pub fn edition(id: &str) -> &'static Edition {
    editions::by_id(id).unwrap_or_else(|| panic!("no edition {id}"))
}

pub fn in_force(body: Body, date: &str) -> Option<&'static str> {
    editions::in_force(body, date.parse::<Date>().unwrap()).map(|e| e.id)
}

/// Options named a, b, c… in registration order with these votes.
pub fn contest(kind: ContestKind, votes: &[u64]) -> Contest {
    Contest {
        id: "c".into(),
        kind,
        seats: None,
        registered: None,
        ballots_cast: None,
        invalid: None,
        against_all: None,
        options: votes
            .iter()
            .enumerate()
            .map(|(i, &v)| Choice {
                id: ((b'a' + i as u8) as char).to_string(),
                name: format!("Option {i}"),
                registration_order: i as u32 + 1,
                votes: v,
            })
            .collect(),
        round: 1,
        constitutional: false,
        regions: vec![],
    }
}

pub fn run(c: &Contest, edition_id: &str) -> Decision {
    decide(c, edition(edition_id), &WhatIf::default()).expect("decidable")
}

pub fn run_err(c: &Contest, edition_id: &str) -> LawError {
    decide(c, edition(edition_id), &WhatIf::default()).expect_err("must be refused")
}

/// Seats by option id, in the contest's order.
pub fn seats(d: &Decision) -> Vec<u32> {
    d.options.iter().map(|o| o.seats.unwrap_or(0)).collect()
}

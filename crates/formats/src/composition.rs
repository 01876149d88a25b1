//! The make-up of an elected body by party: its list seats and its single-member seats
//! together (the Mazhilis's 98, each maslikhat council), as `sailau results --json` gives it
//! in `composition` (docs/formats.md).
//!
//! A body's contests are those of one council (the contests' `council`, none for a chamber of
//! Parliament). A single-member winner counts for the `party` of the option that won, or as an
//! independent when the option names none; a list's seats count for the list's party. The
//! make-up is given only when it is whole: every contest of the council decided, its list
//! present where the edition fixes the list seats, and every district present where the
//! edition fixes their number (29 for the Mazhilis from 2023). A partial make-up would read as
//! a majority that may not exist.

use crate::results_file::{ContestEntry, ResultsFile};
use sailau_law::{Body, ContestKind, Decision};
use serde::Serialize;
use std::collections::BTreeMap;

/// One seat won in a single-member district.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DistrictSeat {
    /// Won by a party's candidate (`Some(party)`) or by an independent (`None`).
    Won(Option<String>),
    /// Nobody won yet: a repeat vote (a tie, or "against all" first).
    Vacant,
}

/// A party's seats on a list, with the list's name and registration order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListSeats {
    /// The party's id.
    pub party: String,
    /// The list's name.
    pub name: String,
    /// The party's order of registration: orders parties of equal seats.
    pub registration_order: u32,
    /// Seats the list won.
    pub seats: u32,
}

/// One party's line in a make-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartySeats {
    /// The party's id.
    pub party: String,
    /// Its list's name, or its id when it ran no list here.
    pub name: String,
    /// Seats from its list.
    pub list: u32,
    /// Single-member seats its candidates won.
    pub districts: u32,
    /// `list + districts`.
    pub seats: u32,
}

/// The make-up of one body (one council).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Composition {
    /// The body, by its results-file name.
    pub body: &'static str,
    /// The council, for a maslikhat; none for a chamber of Parliament.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub council: Option<String>,
    /// Every seat of the body decided here: list and single-member.
    pub seats: u32,
    /// The parties that hold seats, most seats first; equal seats by registration order.
    pub parties: Vec<PartySeats>,
    /// Single-member seats won by independents (self-nominated candidates).
    pub independents: u32,
    /// Single-member seats nobody won: a repeat vote is due.
    pub vacant: u32,
    /// True when a decision it rests on is a what-if: then not the official make-up.
    pub what_if: bool,
}

/// Adds list seats and district seats into a make-up. The one arithmetic of a body's
/// make-up, used on a results file and on an official record of district winners alike.
pub fn tally(
    body: Body,
    council: Option<String>,
    lists: &[ListSeats],
    districts: &[DistrictSeat],
) -> Composition {
    // Every party that ran a list keeps its name and order, even with no seat from it.
    let mut parties: BTreeMap<&str, (PartySeats, u32)> = BTreeMap::new();
    for l in lists {
        let e = parties.entry(&l.party).or_insert_with(|| {
            let line = PartySeats {
                party: l.party.clone(),
                name: l.name.clone(),
                list: 0,
                districts: 0,
                seats: 0,
            };
            (line, l.registration_order)
        });
        e.0.list += l.seats;
    }
    let (mut independents, mut vacant) = (0, 0);
    for d in districts {
        match d {
            DistrictSeat::Won(Some(p)) => {
                let e = parties.entry(p).or_insert_with(|| {
                    let line = PartySeats {
                        party: p.clone(),
                        name: p.clone(),
                        list: 0,
                        districts: 0,
                        seats: 0,
                    };
                    (line, u32::MAX)
                });
                e.0.districts += 1;
            }
            DistrictSeat::Won(None) => independents += 1,
            DistrictSeat::Vacant => vacant += 1,
        }
    }
    let mut lines: Vec<(PartySeats, u32)> = parties
        .into_values()
        .map(|(mut p, order)| {
            p.seats = p.list + p.districts;
            (p, order)
        })
        .filter(|(p, _)| p.seats > 0)
        .collect();
    lines.sort_by(|(a, oa), (b, ob)| {
        b.seats
            .cmp(&a.seats)
            .then(oa.cmp(ob))
            .then(a.party.cmp(&b.party))
    });
    let parties: Vec<PartySeats> = lines.into_iter().map(|(p, _)| p).collect();
    let seats = parties.iter().map(|p| p.seats).sum::<u32>() + independents + vacant;
    Composition {
        body: body.name(),
        council,
        seats,
        parties,
        independents,
        vacant,
        what_if: false,
    }
}

/// The make-up of every body (council) whose contests the file holds whole, in the order
/// their first contests appear. `decided` is the file's contests with their decisions; a
/// contest the law refused leaves its council out.
pub fn compose(file: &ResultsFile, decided: &[(&ContestEntry, Decision)]) -> Vec<Composition> {
    if !matches!(file.body, Body::Mazhilis | Body::Kurultai | Body::Maslikhat) {
        return Vec::new();
    }
    let mut councils: Vec<Option<&str>> = Vec::new();
    for e in &file.contests {
        let c = e.council.as_deref();
        if !councils.contains(&c) {
            councils.push(c);
        }
    }
    councils
        .into_iter()
        .filter_map(|council| compose_council(file, decided, council))
        .collect()
}

fn compose_council(
    file: &ResultsFile,
    decided: &[(&ContestEntry, Decision)],
    council: Option<&str>,
) -> Option<Composition> {
    let entries: Vec<&ContestEntry> = file
        .contests
        .iter()
        .filter(|e| e.council.as_deref() == council && e.contest.round == 1)
        .collect();
    let decision = |e: &ContestEntry| {
        decided
            .iter()
            .find(|(d, _)| d.contest.id == e.contest.id)
            .map(|(_, d)| d)
    };
    let mut lists = Vec::new();
    let mut districts = Vec::new();
    let mut what_if = false;
    let mut edition = None;
    for e in &entries {
        let d = decision(e)?;
        what_if |= !d.certificate.what_if.is_empty();
        edition = Some(d.edition);
        match e.contest.kind {
            ContestKind::PartyList => {
                for ((o, r), party) in e.contest.options.iter().zip(&d.options).zip(&e.parties) {
                    lists.push(ListSeats {
                        party: party.clone().unwrap_or_else(|| o.id.clone()),
                        name: o.name.clone(),
                        registration_order: o.registration_order,
                        seats: r.seats.unwrap_or(0),
                    });
                }
            }
            ContestKind::Smd => districts.push(match &d.winner {
                Some(w) => {
                    let i = e.contest.options.iter().position(|o| &o.id == w)?;
                    DistrictSeat::Won(e.parties[i].clone())
                }
                None => DistrictSeat::Vacant,
            }),
            _ => return None,
        }
    }
    let edition = edition?;
    let list_contests = entries
        .iter()
        .filter(|e| e.contest.kind == ContestKind::PartyList)
        .count();
    let fixed_list = edition.list.is_some_and(|l| l.seats.is_some());
    if fixed_list && list_contests != 1 {
        return None;
    }
    if let Some(n) = edition.seat.and_then(|s| s.districts) {
        if districts.len() != n as usize {
            return None;
        }
    }
    let mut c = tally(file.body, council.map(str::to_string), &lists, &districts);
    c.what_if = what_if;
    Some(c)
}

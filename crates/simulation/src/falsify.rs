//! `--falsify N`: N precinct commissions sign protocols that move paper votes from one list
//! to another, while the paper stays as cast: the case the audit of the paper count exists
//! for (docs/audit.md, "The demo"). The shift is the smallest, over the pairs of lists, that
//! changes a seat of the chamber's party-list contest (else a council's), taken from the N precincts
//! that hold the most paper votes of the list it moves from.

use crate::day::{Marked, PaperPile};
use crate::SimulationError;
use sailau_audit::sample::{least_shift, list_seats, spread};
use sailau_definition::Checked;
use sailau_law::ContestKind;
use sailau_protocol::{ContestCount, ElectronicCount, OptionCount, PaperCount};
use std::collections::HashMap;

/// What the falsified protocols did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Falsified {
    /// The party-list contest.
    pub contest: String,
    /// The list whose paper votes the protocols moved away.
    pub from: String,
    /// The list they were given to.
    pub to: String,
    /// Paper votes moved, in all.
    pub votes: u64,
    /// The precincts whose commissions signed the falsified protocols, with the votes each
    /// moved.
    pub precincts: Vec<(String, u64)>,
    /// Seats of `from` and `to` as the paper says.
    pub paper_seats: (u32, u32),
    /// Seats of `from` and `to` as the falsified protocols certify.
    pub certified_seats: (u32, u32),
}

/// A falsified protocol's change to one contest's paper: from which option (its index), to
/// which, and how many votes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Move {
    /// The option the votes are taken from.
    pub from: usize,
    /// The option they are given to.
    pub to: usize,
    /// How many.
    pub votes: u64,
}

/// The cheapest shift found so far: its votes, its two lists, and the precincts (by index,
/// with the votes of `from` each holds) that would carry it.
struct Shift {
    votes: u64,
    from: usize,
    to: usize,
    holders: Vec<(usize, u64)>,
}

/// Each precinct's day, as the falsification reads it: its paper and electronic ballots.
pub struct Day<'a> {
    /// The precinct.
    pub precinct: &'a str,
    /// Its paper, per contest.
    pub piles: &'a HashMap<String, PaperPile>,
    /// Its electronic ballots, per contest.
    pub marked: &'a Marked,
}

fn refused(what: impl std::fmt::Display) -> SimulationError {
    SimulationError::Refused(format!("--falsify: {what}"))
}

/// The national count of `contest` from every precinct's day: the paper as cast and the
/// electronic ballots as marked, as a protocol would give it.
fn national(def: &Checked, contest: &str, days: &[Day]) -> ContestCount {
    let ids = def.option_ids(def.contest(contest).expect("the contest"));
    let k = ids.len();
    let (mut paper, mut electronic, mut invalid) = (vec![0u64; k], vec![0u64; k], 0u64);
    for d in days {
        if let Some(p) = d.piles.get(contest) {
            for (t, v) in paper.iter_mut().zip(&p.votes) {
                *t += v;
            }
            invalid += p.invalid;
        }
        if let Some(m) = d.marked.get(contest) {
            for (t, v) in electronic.iter_mut().zip(m) {
                *t += v;
            }
            invalid += m[k];
        }
    }
    ContestCount {
        contest: contest.into(),
        registered: 0,
        paper: PaperCount {
            found_station: paper.iter().sum::<u64>() + invalid,
            ..PaperCount::default()
        },
        electronic: ElectronicCount {
            cast: electronic.iter().sum(),
            ..ElectronicCount::default()
        },
        options: ids
            .into_iter()
            .zip(paper.iter().zip(&electronic))
            .map(|(option, (&p, &e))| OptionCount {
                option,
                paper: p,
                electronic: e,
            })
            .collect(),
    }
}

/// The shift for `n` precincts, and per precinct index of `days` the votes its protocol
/// moves (from, to, votes).
pub fn plan(
    def: &Checked,
    days: &[Day],
    n: usize,
) -> Result<(Falsified, HashMap<usize, Move>), SimulationError> {
    let contest = def
        .contests
        .iter()
        .filter(|c| c.kind == ContestKind::PartyList)
        // The chamber's own list contest before any council's.
        .max_by_key(|c| (c.council.is_none(), c.seats.unwrap_or(0)))
        .ok_or_else(|| refused("the election has no party-list contest"))?;
    let id = contest.id.as_str();
    let ids = def.option_ids(contest);
    let lists = contest.options.len();
    let count = national(def, id, days);
    let truth = list_seats(def, &count).map_err(refused)?;
    let mut best: Option<Shift> = None;
    for from in (0..lists).filter(|&f| truth[f] > 0) {
        // The n precincts with the most paper votes of `from`.
        let mut holders: Vec<(usize, u64)> = days
            .iter()
            .enumerate()
            .filter_map(|(i, d)| Some((i, *d.piles.get(id)?.votes.get(from)?)))
            .filter(|&(_, v)| v > 0)
            .collect();
        holders.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        holders.truncate(n);
        let available: u64 = holders.iter().map(|h| h.1).sum();
        for to in (0..lists).filter(|&t| t != from) {
            let Some(hi) = least_shift(def, &count, from, to, available).map_err(refused)? else {
                continue;
            };
            if best.as_ref().is_none_or(|b| hi < b.votes) {
                best = Some(Shift {
                    votes: hi,
                    from,
                    to,
                    holders: holders.clone(),
                });
            }
        }
    }
    let Some(Shift {
        votes,
        from,
        to,
        holders,
    }) = best
    else {
        return Err(refused(format!(
            "moving all the paper votes of {n} precincts changes no seat of {id}: falsify more precincts"
        )));
    };
    // Spread over all n commissions, as evenly as their paper allows.
    let have: Vec<u64> = holders.iter().map(|h| h.1).collect();
    let mut moves = HashMap::new();
    let mut precincts = Vec::new();
    for (&(i, _), m) in holders.iter().zip(spread(votes, &have)) {
        if m > 0 {
            moves.insert(i, Move { from, to, votes: m });
            precincts.push((days[i].precinct.to_string(), m));
        }
    }
    precincts.sort();
    let mut moved = count.clone();
    moved.options[from].paper -= votes;
    moved.options[to].paper += votes;
    let certified = list_seats(def, &moved).map_err(refused)?;
    Ok((
        Falsified {
            contest: id.into(),
            from: ids[from].clone(),
            to: ids[to].clone(),
            votes,
            precincts,
            paper_seats: (truth[from], truth[to]),
            certified_seats: (certified[from], certified[to]),
        },
        moves,
    ))
}

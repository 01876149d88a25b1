//! Precinct protocols made up for tests and benchmarks: every precinct of a definition, its
//! paper and electronic votes split by fixed shares with some precinct-to-precinct spread,
//! the control relations holding. No cryptography: only what the audit reads. The demo's
//! real record (`sailau demo`) is the end-to-end case; this one reaches national size in
//! a second.

use crate::counts::{ContestHandCount, HandCounts, OptionHandCount, PrecinctCount, COUNTS_FORMAT};
use sailau_definition::Checked;
use sailau_protocol::{ContestCount, ElectronicCount, Level, OptionCount, PaperCount, Protocol};

/// The 2023 Mazhilis list result, per 10,000 valid votes (CEC), for the first eight lists.
const LIST_2023: [u64; 8] = [5390, 1090, 859, 841, 680, 520, 230, 390];

/// How the made-up precincts vote.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Voters on each precinct's list, on average.
    pub voters: u64,
    /// Percent who take part.
    pub turnout: u64,
    /// Percent of those who vote electronically.
    pub electronic: u64,
    /// The spread between precincts follows from it.
    pub seed: u64,
}

/// A small, fast, deterministic generator (splitmix64): tests need repeatable figures, not
/// cryptographic ones.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A whole number in `lo..hi`.
    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo).max(1)
    }
}

/// Splits `n` by `weights`, largest remainders taking what is left.
fn split(n: u64, weights: &[u64]) -> Vec<u64> {
    let total: u128 = weights.iter().map(|&w| u128::from(w)).sum::<u128>().max(1);
    let exact: Vec<(u64, u128)> = weights
        .iter()
        .map(|&w| {
            let x = u128::from(n) * u128::from(w);
            ((x / total) as u64, x % total)
        })
        .collect();
    let mut out: Vec<u64> = exact.iter().map(|e| e.0).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| exact[b].1.cmp(&exact[a].1).then(a.cmp(&b)));
    let left = n - out.iter().sum::<u64>();
    for &i in order.iter().take(left as usize) {
        out[i] += 1;
    }
    out
}

/// Each precinct's protocol, in the definition's order, its voters and turnout spread ±20%
/// and ±10% around `shape`'s.
pub fn protocols(def: &Checked, shape: Shape) -> Vec<Protocol> {
    let mut mix = Mix(shape.seed ^ 0x5a5a);
    let (voters, turnout): (Vec<u64>, Vec<u64>) = def
        .precincts
        .iter()
        .map(|_| {
            (
                mix.between(shape.voters * 4 / 5, shape.voters * 6 / 5 + 1),
                mix.between(shape.turnout * 90, shape.turnout * 110 + 1),
            )
        })
        .unzip();
    protocols_of(def, &voters, &turnout, shape.electronic, shape.seed)
}

/// Each precinct's protocol, in the definition's order, with `voters[i]` on precinct `i`'s
/// list and `turnout[i]` per 10,000 taking part, `electronic` percent of them on the
/// terminals.
pub fn protocols_of(
    def: &Checked,
    voters: &[u64],
    turnout: &[u64],
    electronic: u64,
    seed: u64,
) -> Vec<Protocol> {
    let digest = def.digest().to_string();
    let mut mix = Mix(seed);
    def.precincts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let style = def.style(&p.style).expect("a precinct's style");
            let registered = voters[i];
            let took_part = (registered * turnout[i] / 10_000).min(registered);
            let electronic = took_part * electronic / 100;
            let paper = took_part - electronic;
            let contests = style
                .contests
                .iter()
                .map(|c| {
                    let contest = def.contest(c).expect("a style's contest");
                    let ids = def.option_ids(contest);
                    let salt = c
                        .bytes()
                        .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
                    let weights: Vec<u64> = (0..ids.len())
                        .map(|i| {
                            let base = if contest.kind == sailau_law::ContestKind::PartyList {
                                LIST_2023.get(i).copied().unwrap_or(300)
                            } else {
                                1000 + (salt >> ((i * 7) % 60)) % 3000
                            };
                            base * mix.between(85, 116) / 100
                        })
                        .collect();
                    let invalid = paper / 100;
                    let on_paper = split(paper - invalid, &weights);
                    let by_card = split(electronic, &weights);
                    ContestCount {
                        contest: c.clone(),
                        registered,
                        paper: PaperCount {
                            received: paper + 20,
                            issued_station: paper,
                            issued_mobile: 0,
                            spoiled: 0,
                            unused: 20,
                            found_station: paper,
                            found_mobile: 0,
                            invalid,
                        },
                        electronic: ElectronicCount {
                            issued: electronic,
                            cast: electronic,
                            blank: 0,
                        },
                        options: ids
                            .into_iter()
                            .zip(on_paper.into_iter().zip(by_card))
                            .map(|(option, (paper, electronic))| OptionCount {
                                option,
                                paper,
                                electronic,
                            })
                            .collect(),
                    }
                })
                .collect();
            Protocol {
                format: sailau_protocol::FORMAT.into(),
                election: def.election.id.clone(),
                definition: digest.clone(),
                level: Level::Precinct,
                unit: p.id.clone(),
                precincts: 1,
                station: None,
                contests,
            }
        })
        .collect()
}

/// What a hand count of the paper finds, if the paper is what `protocols` say it is.
pub fn hand_counts(def: &Checked, protocols: &[Protocol]) -> HandCounts {
    HandCounts {
        format: COUNTS_FORMAT.into(),
        election: def.election.id.clone(),
        definition: def.digest().to_string(),
        precincts: protocols
            .iter()
            .map(|p| PrecinctCount {
                precinct: p.unit.clone(),
                contests: p
                    .contests
                    .iter()
                    .map(|c| ContestHandCount {
                        contest: c.contest.clone(),
                        options: c
                            .options
                            .iter()
                            .map(|o| OptionHandCount {
                                option: o.option.clone(),
                                votes: o.paper,
                            })
                            .collect(),
                        invalid: c.paper.invalid,
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// `votes` spread over holders of `have` votes each, as evenly as their votes allow: the
/// smallest holders first, each giving its share of what is left. The moves come back in the
/// holders' order, and add up to `votes` whenever the holders hold as many.
pub fn spread(votes: u64, have: &[u64]) -> Vec<u64> {
    let mut order: Vec<usize> = (0..have.len()).collect();
    order.sort_by_key(|&i| (have[i], i));
    let mut out = vec![0; have.len()];
    let mut left = votes;
    for (done, &i) in order.iter().enumerate() {
        let m = have[i].min(left.div_ceil((have.len() - done) as u64));
        out[i] = m;
        left -= m;
    }
    out
}

/// The seats each list of a party-list contest wins on `count` (a protocol's count of it),
/// under the edition in force on election day.
pub fn list_seats(def: &Checked, count: &ContestCount) -> Result<Vec<u32>, String> {
    let law = sailau_record::results::law_contest(def, count).map_err(|e| e.to_string())?;
    let contest = def
        .contest(&count.contest)
        .ok_or("the contest is not in the definition")?;
    let edition = sailau_law::editions::in_force(contest.body, def.election.date)
        .ok_or("no edition is in force on election day")?;
    let d = sailau_law::decide(&law, edition, &sailau_law::WhatIf::default())
        .map_err(|e| e.to_string())?;
    Ok(d.options.iter().map(|o| o.seats.unwrap_or(0)).collect())
}

/// The fewest paper votes, at most `available`, that moved from option `from` to option `to`
/// of `count` change its seats; none when even `available` changes none. Bisection between a
/// shift that changes nothing and one that changes a seat.
pub fn least_shift(
    def: &Checked,
    count: &ContestCount,
    from: usize,
    to: usize,
    available: u64,
) -> Result<Option<u64>, String> {
    let truth = list_seats(def, count)?;
    let changes = |m: u64| -> Result<bool, String> {
        let mut c = count.clone();
        c.options[from].paper -= m;
        c.options[to].paper += m;
        Ok(list_seats(def, &c)? != truth)
    };
    if available == 0 || !changes(available)? {
        return Ok(None);
    }
    let (mut lo, mut hi) = (0u64, available);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if changes(mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(Some(hi))
}

/// Moves up to `votes` paper votes of `contest` from option `from` to option `to` (indices)
/// in the protocols of `precincts`, [`spread`] over them; returns how many moved. The hand
/// counts of the paper stay what they were.
pub fn falsify(
    protocols: &mut [Protocol],
    precincts: &[String],
    contest: &str,
    from: usize,
    to: usize,
    votes: u64,
) -> u64 {
    let mut targets: Vec<&mut ContestCount> = protocols
        .iter_mut()
        .filter(|p| precincts.contains(&p.unit))
        .filter_map(|p| p.contests.iter_mut().find(|c| c.contest == contest))
        .collect();
    let have: Vec<u64> = targets.iter().map(|c| c.options[from].paper).collect();
    let moves = spread(votes, &have);
    for (c, m) in targets.iter_mut().zip(&moves) {
        c.options[from].paper -= m;
        c.options[to].paper += m;
    }
    moves.iter().sum()
}

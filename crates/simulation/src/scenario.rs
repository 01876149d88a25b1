//! The demo's scenarios (`sailau demo --scenario NAME`): each kind of Kazakh election, run
//! end to end through the real stations, protocols, results and record. A scenario is a
//! definition and how its voters split; the runoff is two elections, the second derived from
//! the certified first.

use crate::{run, Country, Options, Outcome, Progress, SimulationError, Votes};
use sailau_definition::{round, sample, Body, Definition};
use sailau_law::Outcome as Decided;
use std::path::Path;

/// A scenario of `sailau demo`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// The Mazhilis and maslikhats of 19 March 2023 (the default).
    Mazhilis2023,
    /// The presidential ballot of 20 November 2022: six candidates and "against all".
    Presidential2022,
    /// An invented presidential election in which nobody wins the first round: the law names
    /// the two who go on, a second round is derived from the certified first and run, and
    /// the one with more votes wins.
    PresidentialRunoff,
    /// The constitutional referendum of 5 June 2022: the turnout rule, the adoption rule and
    /// the two-thirds-of-regions rule, all decided on the live count.
    Referendum2022,
    /// Rural akims as on 25 July 2021: many rural districts, each akim contest on its own
    /// area; where "against all" comes first, nobody is elected and the election is repeated.
    RuralAkims2021,
    /// The one-chamber Kurultai of the 2026 Constitution: 145 list seats, its UNCONFIRMED
    /// parameters as the law crate names them.
    Kurultai2026,
    /// The Senate as on 14 January 2023: each region's electors in one joint session; valid
    /// only if more than half of them vote; elected with more than half of those who do.
    Senate2023,
}

impl Scenario {
    /// Every scenario, by its name on the command line.
    pub const ALL: [(&'static str, Scenario); 7] = [
        ("mazhilis-2023", Scenario::Mazhilis2023),
        ("presidential-2022", Scenario::Presidential2022),
        ("presidential-runoff", Scenario::PresidentialRunoff),
        ("referendum-2022", Scenario::Referendum2022),
        ("rural-akims-2021", Scenario::RuralAkims2021),
        ("kurultai-2026", Scenario::Kurultai2026),
        ("senate-2023", Scenario::Senate2023),
    ];

    /// The scenario of this name.
    pub fn by_name(name: &str) -> Option<Scenario> {
        Scenario::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, s)| s)
    }
}

/// One election the scenario held: where its record is, and what it came to.
pub struct Held {
    /// The record's folder.
    pub dir: std::path::PathBuf,
    /// The election.
    pub outcome: Outcome,
}

/// The 2022 result in votes, "against all" last (fixtures/official, CEC).
const PRESIDENT_2022: [u64; 7] = [
    6_456_392, 271_641, 206_206, 200_907, 176_116, 168_731, 460_484,
];
/// The invented first round, per 10,000: nobody near half, the first two well clear.
const OPEN_FIRST: [u64; 6] = [4_100, 3_300, 1_200, 700, 400, 300];
/// Its second round, per 10,000, "against all" last.
const OPEN_SECOND: [u64; 3] = [4_700, 5_000, 300];

/// Yes and no per 10,000 valid answers: with the demo's invalid ballots, about 79% of those
/// who take part say yes (77.18% in 2022, CEC).
const REFERENDUM_2022: [u64; 2] = [8_100, 1_900];

fn votes(contest: &str, weights: &[u64]) -> Votes {
    Votes::from([(contest.to_string(), weights.to_vec())])
}

/// How the day is conducted, whatever the scenario: the share who vote electronically, and
/// the commissions that falsify their count ([`Options`]).
#[derive(Clone, Copy, Debug)]
pub struct Conduct {
    /// Percent of voters who choose the terminal.
    pub electronic: u64,
    /// Precinct commissions that sign a false count of the paper.
    pub falsify: usize,
}

/// Runs `scenario` with `voters` over `precincts` precincts into `out` (an empty folder).
/// Returns each election held, the last one's record at `out`; a runoff's first round is
/// in `out/first-round/`.
pub fn hold(
    scenario: Scenario,
    voters: u64,
    precincts: u64,
    seed: u64,
    conduct: Conduct,
    out: &Path,
    progress: &dyn Progress,
) -> Result<Vec<Held>, SimulationError> {
    let defined = |definition: Definition, votes: Votes| Country::Defined {
        definition: Box::new(definition),
        voters,
        votes,
        turnout: Vec::new(),
    };
    let once = |country: Country, seed: u64, dir: &Path| {
        let outcome = run(
            &Options {
                country,
                seed,
                electronic: conduct.electronic,
                falsify: conduct.falsify,
            },
            dir,
            progress,
        )?;
        Ok::<Held, SimulationError>(Held {
            dir: dir.to_path_buf(),
            outcome,
        })
    };
    let n = precincts as usize;
    match scenario {
        Scenario::Mazhilis2023 => Ok(vec![once(
            Country::Sample { voters, precincts },
            seed,
            out,
        )?]),
        Scenario::Presidential2022 => Ok(vec![once(
            defined(
                sample::presidential::presidential_2022(n, seed),
                votes("president", &PRESIDENT_2022),
            ),
            seed,
            out,
        )?]),
        Scenario::Referendum2022 => Ok(vec![once(
            defined(
                sample::referendum::referendum_2022(n, seed),
                votes("constitution", &REFERENDUM_2022),
            ),
            seed,
            out,
        )?]),
        // The parties split as in 2023 (the simulation's default for seven lists).
        Scenario::Kurultai2026 => Ok(vec![once(
            defined(sample::kurultai::kurultai_2026(n, seed), Votes::new()),
            seed,
            out,
        )?]),
        Scenario::Senate2023 => {
            let d = sample::senate::senate_2023(n, seed);
            // Nearly every elector comes; in the last region too few do, and its session is
            // not valid (docs/law.md, "Senate").
            let mut turnout = vec![9_600; d.precincts.len()];
            if let Some(last) = turnout.last_mut() {
                *last = 4_000;
            }
            // In the second region (three candidates) nobody has half: a second round
            // between the top two at the same sitting.
            let votes = d
                .contests
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let mut w = if i == 1 {
                        vec![4_200, 3_900, 900]
                    } else {
                        vec![6_500, 2_500, 800]
                    };
                    w.truncate(c.options.len());
                    w.push(if i == 1 { 1_000 } else { 200 });
                    (c.id.clone(), w)
                })
                .collect();
            let electors =
                |d: &Definition, voters: u64, votes: Votes, turnout: Vec<u64>| Country::Defined {
                    definition: Box::new(d.clone()),
                    voters,
                    votes,
                    turnout,
                };
            let first_dir = out.join(sailau_record::layout::FIRST_ROUND);
            let first = once(electors(&d, voters, votes, turnout), seed, &first_dir)?;
            let runoffs = runoffs(&first.outcome, Body::Senate)?;
            if runoffs.is_empty() {
                // Every session decided in the first round: the record is that election's.
                lift(&first_dir, out)?;
                return Ok(vec![Held {
                    dir: out.to_path_buf(),
                    outcome: first.outcome,
                }]);
            }
            let pairs: Vec<(&str, [&str; 2])> = runoffs
                .iter()
                .map(|(c, [a, b])| (c.as_str(), [a.as_str(), b.as_str()]))
                .collect();
            // The same sitting: the same day.
            let second_def = round::second_rounds(
                &d,
                &pairs,
                &format!("{}-round-2", d.election.id),
                d.election.date,
            )
            .map_err(|e| SimulationError::Refused(format!("the second round: {e}")))?;
            let second_votes = second_def
                .contests
                .iter()
                .map(|c| (c.id.clone(), vec![5_400, 4_300, 300]))
                .collect();
            let turnout = vec![9_600; second_def.precincts.len()];
            // The same electors: those of the sessions that vote again.
            let again: u64 = first
                .outcome
                .results
                .iter()
                .flat_map(|r| &r.file.contests)
                .filter(|e| runoffs.iter().any(|(c, _)| *c == e.contest.id))
                .filter_map(|e| e.contest.registered)
                .sum();
            let second = once(
                electors(&second_def, again.max(1), second_votes, turnout),
                seed.wrapping_add(1),
                out,
            )?;
            Ok(vec![first, second])
        }
        Scenario::RuralAkims2021 => {
            let d = sample::akims::rural_akims_2021(n, seed);
            let votes = akim_votes(&d);
            Ok(vec![once(defined(d, votes), seed, out)?])
        }
        Scenario::PresidentialRunoff => {
            let first_def = sample::presidential::presidential_open(n, seed);
            let first_dir = out.join(sailau_record::layout::FIRST_ROUND);
            let first = once(
                defined(first_def.clone(), votes("president", &OPEN_FIRST)),
                seed,
                &first_dir,
            )?;
            let two = runoff_pair(&first.outcome, "president")?;
            // Three weeks on: inside the two months the law gives (docs/law.md, "President").
            let date = (0..21).fold(first_def.election.date, |d, _| d.next_day());
            let second_def = round::second_round(
                &first_def,
                "president",
                [two[0].as_str(), two[1].as_str()],
                &format!("{}-round-2", first_def.election.id),
                date,
            )
            .map_err(|e| SimulationError::Refused(format!("the second round: {e}")))?;
            let second = once(
                defined(second_def, votes("president", &OPEN_SECOND)),
                seed.wrapping_add(1),
                out,
            )?;
            Ok(vec![first, second])
        }
    }
}

/// In one rural district of five "against all" is far ahead, and nobody is elected there;
/// elsewhere the first candidate leads.
fn akim_votes(d: &Definition) -> Votes {
    d.contests
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let n = c.options.len();
            let mut w: Vec<u64> = (0..n as u64).map(|k| 3_000 - 500 * k.min(4)).collect();
            w.push(if i % 5 == 4 { 9_000 } else { 500 });
            (c.id.clone(), w)
        })
        .collect()
}

/// Every contest of `body` that the law sent to a second round, with its two.
fn runoffs(first: &Outcome, body: Body) -> Result<Vec<(String, [String; 2])>, SimulationError> {
    let Some(results) = first.results.iter().find(|r| r.body == body) else {
        return Ok(Vec::new());
    };
    let decided = results.decide();
    if let Some(r) = decided.refused.first() {
        return Err(SimulationError::Refused(format!("the first round: {r}")));
    }
    Ok(decided
        .decisions
        .iter()
        .filter_map(|(_, d)| Some((d.contest.clone(), d.runoff.clone()?)))
        .collect())
}

/// Moves a first round's record up into `out` when no second round follows it: each entry
/// renamed whole, then the emptied folder removed.
fn lift(from: &Path, out: &Path) -> Result<(), SimulationError> {
    let fail = |e: std::io::Error| {
        SimulationError::Write(sailau_record::sink::WriteError {
            path: from.display().to_string(),
            source: e,
        })
    };
    for e in std::fs::read_dir(from).map_err(fail)? {
        let e = e.map_err(fail)?;
        std::fs::rename(e.path(), out.join(e.file_name())).map_err(fail)?;
    }
    std::fs::remove_dir(from).map_err(fail)
}

/// The two the law sent on from `contest` of the certified first round.
fn runoff_pair(first: &Outcome, contest: &str) -> Result<[String; 2], SimulationError> {
    let results = first
        .results
        .iter()
        .find(|r| r.body == Body::President)
        .ok_or_else(|| SimulationError::Refused("the first round has no results".into()))?;
    let decided = results.decide();
    let d = decided
        .decisions
        .iter()
        .find(|(c, _)| c.contest.id == contest)
        .map(|(_, d)| d)
        .ok_or_else(|| SimulationError::Refused(format!("the first round decided no {contest}")))?;
    match (&d.outcome, &d.runoff) {
        (Decided::Runoff, Some(two)) => Ok(two.clone()),
        (o, _) => Err(SimulationError::Refused(format!(
            "the first round's {contest} was decided {o:?}, with no second round: too few voters for the scenario's shares"
        ))),
    }
}

//! Second rounds (docs/formats.md, "Second rounds"; docs/law.md, "President"). When the law
//! finds no majority, the two it names go on to a second round: a new election whose
//! definition is derived from the certified first round, links to it by digest, and falls in
//! the window the edition gives.

use crate::{Definition, FirstRound, AGAINST_ALL};
use sailau_law::edition::Edition;
use sailau_law::{ContestKind, Date};

pub(crate) fn first() -> u8 {
    1
}

pub(crate) fn is_first(round: &u8) -> bool {
    *round == 1
}

/// Can a contest of this kind go to a second round under `edition`?
fn has_runoff(kind: ContestKind, edition: &Edition) -> bool {
    use sailau_law::edition::SingleSeat;
    match kind {
        ContestKind::Presidential | ContestKind::Senate => edition.majority.is_some(),
        ContestKind::Smd | ContestKind::Akim => edition
            .seat
            .is_some_and(|s| s.rule == SingleSeat::MajorityWithRunoff),
        ContestKind::PartyList | ContestKind::Referendum => false,
    }
}

/// The problems of a contest's `round`, `first_round` and `constitutional`, each with the
/// field it is in (relative to the contest), for `check`.
pub(crate) fn problems(
    c: &crate::Contest,
    edition: &Edition,
    date: Date,
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if c.constitutional && c.kind != ContestKind::Referendum {
        out.push((
            "constitutional",
            "only a referendum question is".to_string(),
        ));
    }
    match (c.round, &c.first_round) {
        (1, None) => {}
        (1, Some(_)) => out.push((
            "first_round",
            "only a second round (round 2) follows a first".into(),
        )),
        (2, None) => out.push((
            "first_round",
            "a second round names its first round: definition, contest and date".into(),
        )),
        (2, Some(f)) => {
            if !has_runoff(c.kind, edition) {
                out.push((
                    "round",
                    format!(
                        "a {} contest under {} has no second round",
                        c.kind, edition.id
                    ),
                ));
            }
            if f.definition.len() != 64
                || !f
                    .definition
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            {
                out.push((
                    "first_round.definition",
                    "the first round's digest: 64 lowercase hex digits".into(),
                ));
            }
            if c.options.len() != 2 {
                out.push((
                    "options",
                    format!(
                        "a second round is between two candidates; found {}",
                        c.options.len()
                    ),
                ));
            }
            if let Some(m) = edition.majority {
                let (from, until) = m.second_round.window(f.date);
                if date < from || date > until {
                    out.push((
                        "first_round.date",
                        format!(
                            "the second round of a first round on {} is held from {from} to {until} under {}; this election is on {date}",
                            f.date, edition.id
                        ),
                    ));
                }
            }
        }
        (r, _) => out.push(("round", format!("must be 1 or 2; found {r}"))),
    }
    out
}

/// Why a second round cannot be derived.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecondRoundError {
    /// The first round has no such contest.
    #[error("the first round has no contest {0:?}")]
    UnknownContest(String),
    /// One of the two is not a line of the first round's contest.
    #[error("{0:?} is not a candidate of the first round's contest")]
    UnknownOption(String),
    /// The two are the same, or one is "against all".
    #[error("a second round is between two different candidates")]
    NotTwo,
}

/// The definition of the second round of `first`'s contest `contest` between `two` (the
/// option ids the law named), held on `date` as election `id` ([`second_rounds`] for one).
pub fn second_round(
    first: &Definition,
    contest: &str,
    two: [&str; 2],
    id: &str,
    date: Date,
) -> Result<Definition, SecondRoundError> {
    second_rounds(first, &[(contest, two)], id, date)
}

/// The definition of the second rounds of `first`'s contests in `runoffs`, each between the
/// two the law named, held on `date` as election `id`: those contests alone, each with its
/// two lines in the first round's ballot order; the districts they are held in; the
/// precincts that vote in them, each with its old style's contests among them; the same
/// units, parties, candidates and guardians. [`Definition::check`] then judges it, the date
/// against the law's window included.
pub fn second_rounds(
    first: &Definition,
    runoffs: &[(&str, [&str; 2])],
    id: &str,
    date: Date,
) -> Result<Definition, SecondRoundError> {
    let mut contests = Vec::new();
    for &(contest, two) in runoffs {
        let c = first
            .contests
            .iter()
            .find(|c| c.id == contest)
            .ok_or_else(|| SecondRoundError::UnknownContest(contest.into()))?;
        if two[0] == two[1] || two.contains(&AGAINST_ALL) {
            return Err(SecondRoundError::NotTwo);
        }
        for o in two {
            if !c.options.iter().any(|x| x.id == o) {
                return Err(SecondRoundError::UnknownOption(o.into()));
            }
        }
        let mut runoff = c.clone();
        runoff.options.retain(|o| two.contains(&o.id.as_str()));
        runoff.round = 2;
        runoff.first_round = Some(FirstRound {
            definition: first.digest().to_string(),
            contest: contest.into(),
            date: first.election.date,
        });
        contests.push(runoff);
    }
    // The first round's order of contests.
    contests.sort_by_key(|c| first.contests.iter().position(|x| x.id == c.id));
    let mut d = first.clone();
    d.election.id = id.into();
    d.election.date = date;
    let n = &mut d.election.name;
    n.kk += " (екінші тур)";
    n.ru += " (второй тур)";
    n.en += " (second round)";
    d.election
        .bodies
        .retain(|b| contests.iter().any(|c| c.body == *b));
    d.districts.retain(|x| {
        contests
            .iter()
            .any(|c| c.district.as_deref() == Some(x.id.as_str()))
    });
    let held: Vec<&str> = contests.iter().map(|c| c.id.as_str()).collect();
    let mut styles: Vec<crate::Style> = Vec::new();
    let mut precincts = Vec::new();
    for p in &first.precincts {
        let Some(old) = first.styles.iter().find(|s| s.id == p.style) else {
            continue;
        };
        let mine: Vec<String> = old
            .contests
            .iter()
            .filter(|c| held.contains(&c.as_str()))
            .cloned()
            .collect();
        if mine.is_empty() {
            continue;
        }
        let style = match styles.iter().find(|s| s.contests == mine) {
            Some(s) => s.id.clone(),
            None => {
                let sid = format!("round-2-{:03}", styles.len() + 1);
                styles.push(crate::Style {
                    id: sid.clone(),
                    contests: mine,
                });
                sid
            }
        };
        let mut p = p.clone();
        p.style = style;
        precincts.push(p);
    }
    d.contests = contests;
    d.styles = styles;
    d.precincts = precincts;
    Ok(d)
}

//! The assertions: for each outcome the law decides, linear inequalities over a contest's
//! true counts that together imply it (docs/audit.md, "Assertions"; SHANGRLA, Stark 2020;
//! for Hamilton seats, Blom et al. 2021, arXiv 2107.11903).
//!
//! An assertion reads `c + Σ aₒ·vₒ + a·invalid > 0` (or `≥ 0`), where vₒ are the true votes
//! of each option, "against all" included, and `invalid` the invalid ballots: every voter who
//! took part is in exactly one category. The coefficients are integers, so the true value is
//! an integer, and a non-strict claim `≥ 0` is the strict `> −1`.

use sailau_law::edition::{Denominator, TieRule};
use sailau_law::{Choice, Contest, ContestKind, Decision, Outcome, Ratio};
use serde::{Deserialize, Serialize};

/// One assertion about one contest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assertion {
    /// Unique within its contest: what it asserts, with the options it names.
    pub id: String,
    /// The claim in words.
    pub claim: String,
    /// A region: only its precincts' ballots count (a constitutional question's regions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    /// The part no ballot changes: the voters on the list, times its coefficient.
    pub constant: i128,
    /// One coefficient per option, in the protocol's order ("against all" last).
    pub options: Vec<i128>,
    /// The coefficient of an invalid ballot.
    pub invalid: i128,
    /// `> 0` when true, `≥ 0` when false.
    pub strict: bool,
}

impl Assertion {
    /// The ballots' part of the form on these counts: `Σ aₒ·vₒ + a·invalid`.
    pub fn value(&self, options: &[u64], invalid: u64) -> i128 {
        let votes: i128 = self
            .options
            .iter()
            .zip(options)
            .map(|(a, &v)| a * i128::from(v))
            .sum();
        votes + self.invalid * i128::from(invalid)
    }

    /// The least coefficient of any category of ballot, or 0: one ballot of the batch can
    /// lower the form by at most minus this.
    pub fn least_coefficient(&self) -> i128 {
        self.options
            .iter()
            .copied()
            .chain([self.invalid, 0])
            .min()
            .unwrap_or(0)
    }

    /// Does the claim hold when the form's whole value is `total`?
    pub fn holds(&self, total: i128) -> bool {
        if self.strict {
            total > 0
        } else {
            total >= 0
        }
    }

    /// The margin the audit tests: the least total overstatement that could make the claim
    /// false. `total` is the form's value on the reported counts; a non-strict claim is false
    /// only below 0, so at `total + 1`.
    pub fn margin(&self, total: i128) -> i128 {
        if self.strict {
            total
        } else {
            total + 1
        }
    }
}

/// Why a contest's outcome gets no assertions.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unaudited {
    /// The outcome is one whose assertions are not written (docs/audit.md, "Not audited").
    #[error("{0}")]
    NoAssertions(String),
}

/// A linear form being built.
struct Form {
    constant: i128,
    options: Vec<i128>,
    invalid: i128,
}

impl Form {
    fn new(n: usize) -> Form {
        Form {
            constant: 0,
            options: vec![0; n],
            invalid: 0,
        }
    }

    fn option(mut self, i: usize, k: i128) -> Form {
        self.options[i] += k;
        self
    }

    /// Adds `k` times the base of shares under `d`; `against` is "against all"'s index.
    fn base(mut self, d: Denominator, against: Option<usize>, k: i128) -> Form {
        for (i, a) in self.options.iter_mut().enumerate() {
            if d != Denominator::OptionVotes || Some(i) != against {
                *a += k;
            }
        }
        if d == Denominator::BallotsCast {
            self.invalid += k;
        }
        self
    }

    /// Adds `k` times everyone who took part.
    fn ballots(self, k: i128) -> Form {
        self.base(Denominator::BallotsCast, None, k)
    }

    fn assert(self, id: String, claim: String, strict: bool) -> Assertion {
        Assertion {
            id,
            claim,
            within: None,
            constant: self.constant,
            options: self.options,
            invalid: self.invalid,
            strict,
        }
    }
}

fn ratio(r: Ratio) -> (i128, i128) {
    (r.num() as i128, r.den() as i128)
}

/// The contest's options as the assertions index them.
struct Ballot<'a> {
    options: &'a [Choice],
    /// "Against all"'s index, last, when it is on the ballot.
    against: Option<usize>,
    n: usize,
}

impl Ballot<'_> {
    fn form(&self) -> Form {
        Form::new(self.n)
    }

    fn index(&self, id: &str) -> Option<usize> {
        self.options.iter().position(|o| o.id == id)
    }

    /// Does `a` win a tie with `b` under `tie`?
    fn first_in_tie(&self, a: usize, b: usize, tie: TieRule) -> bool {
        tie == TieRule::EarlierRegistration
            && self.options[a].registration_order < self.options[b].registration_order
    }

    /// `a` has more votes than `b` (as many, where `a` wins the tie).
    fn beats(&self, a: usize, b: usize, tie: TieRule) -> Assertion {
        let (x, y) = (&self.options[a].id, &self.options[b].id);
        let strict = !self.first_in_tie(a, b, tie);
        self.form().option(a, 1).option(b, -1).assert(
            format!("{x}-beats-{y}"),
            format!(
                "{x} has {} votes than {y}",
                if strict { "more" } else { "at least as many" }
            ),
            strict,
        )
    }

    /// `w` has more votes than "against all".
    fn beats_against_all(&self, w: usize, against: usize) -> Assertion {
        let x = &self.options[w].id;
        self.form().option(w, 1).option(against, -1).assert(
            format!("{x}-beats-against-all"),
            format!("{x} has more votes than \"against all\""),
            true,
        )
    }
}

fn no(what: impl Into<String>) -> Unaudited {
    Unaudited::NoAssertions(what.into())
}

/// The assertions that together imply `decision` on `contest` (docs/audit.md proves it for
/// each kind).
pub fn assertions(contest: &Contest, decision: &Decision) -> Result<Vec<Assertion>, Unaudited> {
    let against = contest.against_all.map(|_| contest.options.len());
    let ballot = Ballot {
        options: &contest.options,
        against,
        n: contest.options.len() + usize::from(against.is_some()),
    };
    let edition = decision.edition;
    let registered = i128::from(contest.registered.unwrap_or(0));
    let winner = || {
        decision
            .winner
            .as_deref()
            .and_then(|w| ballot.index(w))
            .ok_or_else(|| no("the decision names no winner on the ballot"))
    };
    match (contest.kind, decision.outcome) {
        (ContestKind::Senate, _) => Err(no(
            "the Senate's electors vote at one joint session, not at precincts: there is no precinct paper to sample",
        )),
        (ContestKind::PartyList, Outcome::Allocated) => {
            let rules = edition.list.as_ref().ok_or_else(|| no("no list rules"))?;
            list_seats(&ballot, decision, rules.threshold, rules.denominator, rules.remainder_tie)
        }
        (ContestKind::Smd | ContestKind::Akim, outcome) => {
            let rules = edition.seat.as_ref().ok_or_else(|| no("no seat rules"))?;
            match rules.rule {
                sailau_law::edition::SingleSeat::Plurality => match outcome {
                    Outcome::Elected => Ok(plurality(&ballot, winner()?, rules.tie)),
                    Outcome::Repeat if against_all_led(decision) => against_all_first(&ballot),
                    _ => Err(no(format!("a plurality outcome \"{outcome}\""))),
                },
                sailau_law::edition::SingleSeat::MajorityWithRunoff => {
                    two_round(&ballot, contest, decision, rules.denominator, rules.tie, None, registered)
                }
            }
        }
        (ContestKind::Presidential, _) => {
            let rules = edition.majority.as_ref().ok_or_else(|| no("no majority rules"))?;
            two_round(&ballot, contest, decision, rules.denominator, rules.tie, rules.quorum, registered)
        }
        (ContestKind::Referendum, _) => {
            let rules = edition.referendum.as_ref().ok_or_else(|| no("no referendum rules"))?;
            referendum(&ballot, contest, decision.outcome, rules, registered)
        }
        (kind, outcome) => Err(no(format!(
            "a {kind} contest whose outcome is \"{outcome}\""
        ))),
    }
}

/// Plurality: the winner beats every other candidate and "against all".
fn plurality(ballot: &Ballot, w: usize, tie: TieRule) -> Vec<Assertion> {
    let mut out: Vec<Assertion> = (0..ballot.options.len())
        .filter(|&l| l != w)
        .map(|l| ballot.beats(w, l, tie))
        .collect();
    if let Some(a) = ballot.against {
        out.push(ballot.beats_against_all(w, a));
    }
    out
}

/// Was the vote repeated because "against all" was not behind the leader (rather than for a
/// tie, or for want of votes)?
fn against_all_led(d: &Decision) -> bool {
    d.certificate
        .steps
        .iter()
        .any(|s| matches!(s, sailau_law::Step::AgainstAll { first: true, .. }))
}

/// A repeat vote because "against all" is not behind the leader: it has at least as many
/// votes as every candidate.
fn against_all_first(ballot: &Ballot) -> Result<Vec<Assertion>, Unaudited> {
    let a = ballot
        .against
        .ok_or_else(|| no("a repeat vote for a tie between candidates: a tie has no margin"))?;
    Ok((0..ballot.options.len())
        .map(|c| {
            let y = &ballot.options[c].id;
            ballot.form().option(a, 1).option(c, -1).assert(
                format!("against-all-not-behind-{y}"),
                format!("\"against all\" has at least as many votes as {y}"),
                false,
            )
        })
        .collect())
}

/// More than `share` of the voters on the list took part (`met`), or not.
fn quorum(ballot: &Ballot, share: Ratio, registered: i128, met: bool) -> Assertion {
    let (num, den) = ratio(share);
    let sign = if met { 1 } else { -1 };
    let mut f = ballot.form().ballots(sign * den);
    f.constant = -sign * num * registered;
    let pct = share.percent(2);
    if met {
        f.assert(
            "turnout-met".into(),
            format!("more than {pct}% of the voters on the list took part"),
            true,
        )
    } else {
        f.assert(
            "turnout-short".into(),
            format!("at most {pct}% of the voters on the list took part"),
            false,
        )
    }
}

/// Majority with a runoff, in either round.
fn two_round(
    ballot: &Ballot,
    contest: &Contest,
    decision: &Decision,
    base: Denominator,
    tie: TieRule,
    turnout: Option<Ratio>,
    registered: i128,
) -> Result<Vec<Assertion>, Unaudited> {
    let mut out = Vec::new();
    if let Some(q) = turnout {
        out.push(quorum(
            ballot,
            q,
            registered,
            decision.outcome != Outcome::Invalid,
        ));
    }
    let index = |id: &str| {
        ballot
            .index(id)
            .ok_or_else(|| no(format!("{id} is not on the ballot")))
    };
    match decision.outcome {
        Outcome::Invalid if turnout.is_some() => {}
        Outcome::Elected if contest.round == 2 => {
            // The second round is between the two: "against all" does not stand in it.
            let w = index(decision.winner.as_deref().unwrap_or_default())?;
            out.extend(
                (0..ballot.options.len())
                    .filter(|&l| l != w)
                    .map(|l| ballot.beats(w, l, tie)),
            );
        }
        Outcome::Elected => {
            let w = index(decision.winner.as_deref().unwrap_or_default())?;
            let x = &ballot.options[w].id;
            out.push(
                ballot
                    .form()
                    .option(w, 2)
                    .base(base, ballot.against, -1)
                    .assert(
                        format!("{x}-majority"),
                        format!("{x} has more than half of the {}", base.describe()),
                        true,
                    ),
            );
        }
        Outcome::Runoff => {
            let Some([a, b]) = decision.runoff.as_ref() else {
                return Err(no("a runoff that names nobody"));
            };
            let two = [index(a)?, index(b)?];
            for &t in &two {
                for c in (0..ballot.options.len()).filter(|c| !two.contains(c)) {
                    out.push(ballot.beats(t, c, tie));
                }
                let x = &ballot.options[t].id;
                out.push(
                    ballot
                        .form()
                        .option(t, -2)
                        .base(base, ballot.against, 1)
                        .assert(
                            format!("{x}-no-majority"),
                            format!("{x} has at most half of the {}", base.describe()),
                            false,
                        ),
                );
            }
        }
        outcome => {
            return Err(no(format!(
                "a majority outcome \"{outcome}\": a tie has no margin"
            )))
        }
    }
    Ok(out)
}

/// Party lists: the threshold, then Hamilton's seats among those that passed.
///
/// Seats `s` are a largest-remainder allocation of `S` seats over the passing lists' votes
/// `P` exactly when, for every passing `i` with `sᵢ ≥ 1` and every other passing `j`,
/// `S·(vᵢ − vⱼ) − (sᵢ − sⱼ − 1)·P ≥ 0`: `i`'s claim to its last seat is no weaker than `j`'s
/// to one more (Blom et al. 2021, §4; docs/audit.md, "Seats").
fn list_seats(
    ballot: &Ballot,
    decision: &Decision,
    threshold: Ratio,
    base: Denominator,
    tie: TieRule,
) -> Result<Vec<Assertion>, Unaudited> {
    let (num, den) = ratio(threshold);
    let pct = threshold.percent(2);
    let mut out = Vec::new();
    let mut passing = Vec::new();
    for (i, o) in decision.options.iter().enumerate() {
        let x = &ballot.options[i].id;
        if o.passed == Some(true) {
            passing.push((i, i128::from(o.seats.unwrap_or(0))));
            out.push(
                ballot
                    .form()
                    .option(i, den)
                    .base(base, ballot.against, -num)
                    .assert(
                        format!("{x}-passes"),
                        format!("{x} has at least {pct}% of the {}", base.describe()),
                        false,
                    ),
            );
        } else {
            out.push(
                ballot
                    .form()
                    .option(i, -den)
                    .base(base, ballot.against, num)
                    .assert(
                        format!("{x}-fails"),
                        format!("{x} has less than {pct}% of the {}", base.describe()),
                        true,
                    ),
            );
        }
    }
    if passing.len() < 2 {
        return Err(no(
            "one list passed: the sole-party rule decides, and its assertions are not written",
        ));
    }
    let seats = i128::from(decision.seats.unwrap_or(0));
    for &(i, si) in &passing {
        if si == 0 {
            continue;
        }
        for &(j, sj) in passing.iter().filter(|(j, _)| *j != i) {
            let mut f = ballot.form().option(i, seats).option(j, -seats);
            for &(k, _) in &passing {
                f = f.option(k, -(si - sj - 1));
            }
            let (x, y) = (&ballot.options[i].id, &ballot.options[j].id);
            let strict = !ballot.first_in_tie(i, j, tie);
            out.push(f.assert(
                format!("{x}-seat-{si}-over-{y}-seat-{}", sj + 1),
                format!(
                    "{x}'s claim to its seat {si} is {} {y}'s to a seat {}",
                    if strict {
                        "stronger than"
                    } else {
                        "no weaker than"
                    },
                    sj + 1
                ),
                strict,
            ));
        }
    }
    Ok(out)
}

/// A referendum question: turnout, then adoption, then for a constitutional question the
/// regions.
fn referendum(
    ballot: &Ballot,
    contest: &Contest,
    outcome: Outcome,
    rules: &sailau_law::edition::ReferendumRules,
    registered: i128,
) -> Result<Vec<Assertion>, Unaudited> {
    let yes = ballot
        .index("yes")
        .ok_or_else(|| no("no \"yes\" on the ballot"))?;
    let (num, den) = ratio(rules.adoption);
    let pct = rules.adoption.percent(2);
    let mut out = vec![quorum(
        ballot,
        rules.quorum,
        registered,
        outcome != Outcome::Invalid,
    )];
    // den·yes − num·took part: positive when yes has more than the share.
    let adoption = |sign: i128| ballot.form().option(yes, sign * den).ballots(-sign * num);
    let region =
        |r: &sailau_law::RegionTally| i128::from(r.yes) * den - num * i128::from(r.ballots_cast);
    let (rnum, rden) = ratio(rules.constitutional_regions);
    let total = contest.regions.len() as i128;
    // The fewest regions with a yes majority that adopt: ⌈share · total⌉.
    let need = (rnum * total + rden - 1) / rden;
    let in_region = |mut a: Assertion, r: &str| {
        a.within = Some(r.to_string());
        a
    };
    match outcome {
        Outcome::Invalid => {}
        Outcome::Adopted => {
            out.push(adoption(1).assert(
                "adopted".into(),
                format!("more than {pct}% of those who took part said yes"),
                true,
            ));
            if contest.constitutional {
                let mut yes_regions: Vec<_> =
                    contest.regions.iter().filter(|r| region(r) > 0).collect();
                // The widest margins for their size: the cheapest to confirm.
                yes_regions.sort_by(|a, b| {
                    (region(b) * i128::from(a.ballots_cast.max(1)))
                        .cmp(&(region(a) * i128::from(b.ballots_cast.max(1))))
                });
                for r in yes_regions.into_iter().take(need as usize) {
                    out.push(in_region(
                        adoption(1).assert(
                            format!("yes-in-{}", r.id),
                            format!(
                                "in {}, more than {pct}% of those who took part said yes",
                                r.id
                            ),
                            true,
                        ),
                        &r.id,
                    ));
                }
            }
        }
        Outcome::Rejected => {
            let national = i128::from(contest.options[yes].votes) * den
                - num * i128::from(contest.ballots_cast.unwrap_or(0));
            if national <= 0 || !contest.constitutional {
                out.push(adoption(-1).assert(
                    "not-adopted".into(),
                    format!("at most {pct}% of those who took part said yes"),
                    false,
                ));
            } else {
                let mut no_regions: Vec<_> =
                    contest.regions.iter().filter(|r| region(r) <= 0).collect();
                no_regions.sort_by(|a, b| {
                    (-region(b) * i128::from(a.ballots_cast.max(1)))
                        .cmp(&(-region(a) * i128::from(b.ballots_cast.max(1))))
                });
                // Fewer than `need` regions with a yes majority: `total − need + 1` without.
                for r in no_regions
                    .into_iter()
                    .take((total - need + 1).max(0) as usize)
                {
                    out.push(in_region(
                        adoption(-1).assert(
                            format!("no-yes-majority-in-{}", r.id),
                            format!(
                                "in {}, at most {pct}% of those who took part said yes",
                                r.id
                            ),
                            false,
                        ),
                        &r.id,
                    ));
                }
            }
        }
        other => return Err(no(format!("a referendum outcome \"{other}\""))),
    }
    Ok(out)
}

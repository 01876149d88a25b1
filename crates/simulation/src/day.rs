//! One station's election day in the demo, voter by voter in order of the clock, through the
//! real desk, terminals and ballot box; then its closing with the guardians.

use super::population::{below, chance};
use crate::SimulationError;
use rand_chacha::ChaCha20Rng;
use sailau_crypto::{partial_decrypt, GuardianKey};
use sailau_definition::{Checked, Language};
use sailau_law::election_day::{mobile_requests_close, polls, Moment};
use sailau_station::ballot_box::BoxError;
use sailau_station::card::MemoryCard;
use sailau_station::closing::Closing;
use sailau_station::desk::{DeskError, How};
use sailau_station::paper::PaperEntry;
use sailau_station::terminal::{Choice, Terminal};
use sailau_station::Station;
use sailau_voters::absentee::Certificate;
use sailau_voters::Voter;
use std::collections::HashMap;

/// How people behave, per 10,000.
#[derive(Clone, Copy, Debug)]
pub struct Behaviour {
    /// Voters who come.
    pub turnout: u64,
    /// Of those, voters who choose the terminal.
    pub electronic: u64,
    /// Voters who ask for the mobile box.
    pub mobile: u64,
    /// Terminal voters who challenge their ballot first.
    pub challenge: u64,
    /// Voters who try to vote a second time.
    pub twice: u64,
    /// Paper voters who spoil a ballot and ask for another.
    pub spoil: u64,
    /// Paper ballots found invalid.
    pub invalid: u64,
    /// Contests left blank on the terminal.
    pub blank: u64,
}

/// The 2023 Mazhilis list result, per 10,000 valid votes, "against all" last (CEC).
const LIST_2023: [u64; 8] = [5390, 1090, 859, 841, 680, 520, 230, 390];

/// What a station's day came to.
#[derive(Default, Clone)]
pub struct DayStats {
    /// Voters who received ballots.
    pub voted: u64,
    /// Of those, on paper at the station.
    pub paper: u64,
    /// By the mobile box.
    pub mobile: u64,
    /// At a terminal.
    pub electronic: u64,
    /// Ballots challenged at a terminal before the voter cast.
    pub challenged: u64,
    /// Attempts to vote twice, refused at the desk.
    pub refused_twice: u64,
    /// Voters with an absentee certificate from another station.
    pub absentee: u64,
    /// Copied cards refused by the box.
    pub copies_refused: u64,
}

impl DayStats {
    /// Two days' figures together.
    pub fn add(&self, o: &DayStats) -> DayStats {
        DayStats {
            voted: self.voted + o.voted,
            paper: self.paper + o.paper,
            mobile: self.mobile + o.mobile,
            electronic: self.electronic + o.electronic,
            challenged: self.challenged + o.challenged,
            refused_twice: self.refused_twice + o.refused_twice,
            absentee: self.absentee + o.absentee,
            copies_refused: self.copies_refused + o.copies_refused,
        }
    }
}

/// The paper ballots of one contest, as the commission will find them.
#[derive(Default, Clone)]
pub struct PaperPile {
    pub station: u64,
    pub mobile: u64,
    pub spoiled: u64,
    pub invalid: u64,
    pub votes: Vec<u64>,
}

fn fail(precinct: &str, e: impl std::fmt::Display) -> SimulationError {
    SimulationError::Refused(format!("demo, station {precinct}: {e}"))
}

/// The electronic ballots of one contest as the voters marked them: votes per option in
/// manifest order, then the blank ones. The simulation knows them because it is the voters;
/// only the falsification of `--falsify` reads them, to find the shift that moves a seat.
pub type Marked = HashMap<String, Vec<u64>>;

/// How a scenario's voters split in some of its contests: per contest id, a weight per
/// option of the manifest's contest ("against all" last). Contests not named vote as
/// [`pick`] says.
pub type Votes = HashMap<String, Vec<u64>>;

/// A voter's choice in a contest: the scenario's weights where it gives them; else party
/// lists follow 2023, and a district's candidates get uneven shares that depend on the
/// district.
fn pick(def: &Checked, votes: &Votes, contest: &str, rng: &mut ChaCha20Rng) -> u32 {
    let c = def.contest(contest).expect("a style's contest");
    let n = def.option_ids(c).len();
    let weights: Vec<u64> = if let Some(w) = votes.get(contest).filter(|w| w.len() == n) {
        w.clone()
    } else if c.kind == sailau_law::ContestKind::PartyList && n == LIST_2023.len() {
        LIST_2023.to_vec()
    } else {
        let salt = contest
            .bytes()
            .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        (0..n as u64)
            .map(|i| {
                if i + 1 == n as u64 {
                    400
                } else {
                    // A shift of 64 or more would overflow: 16 options go round.
                    1000 + (salt >> ((i * 7) % 64)) % 4000
                }
            })
            .collect()
    };
    let total: u64 = weights.iter().sum();
    let mut x = below(rng, total);
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i as u32;
        }
        x -= w;
    }
    n as u32 - 1
}

enum Act {
    Vote(usize, How),
    RequestMobile(usize),
    Again(usize),
}

/// Runs the day at `station`: its `voters` and the absentee voters `arriving` here.
#[allow(clippy::too_many_arguments)]
pub fn run(
    station: &Station,
    terminals: &mut [Terminal],
    voters: &[Voter],
    arriving: &[(Voter, Certificate)],
    b: &Behaviour,
    votes: &Votes,
    try_a_copy: bool,
    rng: &mut ChaCha20Rng,
) -> Result<(DayStats, HashMap<String, PaperPile>, Marked), SimulationError> {
    let id = station.precinct().to_string();
    let def = station.definition();
    let (day, offset) = station.day();
    let (open, close) = polls(day, offset);
    let noon = mobile_requests_close(day, offset);
    let span = |from: Moment, to: Moment, rng: &mut ChaCha20Rng| {
        Moment(from.0 + below(rng, (to.0 - from.0) as u64) as i64)
    };
    let everyone: Vec<(&Voter, Option<&Certificate>)> = voters
        .iter()
        .map(|v| (v, None))
        .chain(arriving.iter().map(|(v, c)| (v, Some(c))))
        .collect();
    let mut acts: Vec<(Moment, Act)> = Vec::new();
    for (k, (_, cert)) in everyone.iter().enumerate() {
        if cert.is_none() && !chance(rng, b.turnout) {
            continue;
        }
        if cert.is_none() && chance(rng, b.mobile) {
            let asked = span(open, noon, rng);
            acts.push((asked, Act::RequestMobile(k)));
            acts.push((
                span(Moment(noon.0 + 60), close, rng),
                Act::Vote(k, How::MobileBox),
            ));
            continue;
        }
        let how = if chance(rng, b.electronic) {
            How::Card
        } else {
            How::Paper
        };
        acts.push((span(open, Moment(close.0 - 3600), rng), Act::Vote(k, how)));
        if chance(rng, b.twice) {
            acts.push((Moment(close.0 - 1800), Act::Again(k)));
        }
    }
    acts.sort_by_key(|(t, _)| *t);

    let mut stats = DayStats::default();
    let mut piles: HashMap<String, PaperPile> = HashMap::new();
    let mut marked: Marked = HashMap::new();
    let mut copy_pending = try_a_copy;
    let languages = Language::ALL;
    for (now, act) in acts {
        match act {
            Act::RequestMobile(k) => station
                .request_mobile(&everyone[k].0.iin, now)
                .map_err(|e| fail(&id, e))?,
            Act::Again(k) => {
                match station.issue(&everyone[k].0.iin, How::Paper, None, None, now, rng) {
                    Err(DeskError::AlreadyIssued { .. }) => stats.refused_twice += 1,
                    other => {
                        return Err(fail(
                            &id,
                            format!("a second attempt to vote was not refused: {other:?}"),
                        ))
                    }
                }
            }
            Act::Vote(k, how) => {
                let (voter, cert) = everyone[k];
                stats.voted += 1;
                stats.absentee += u64::from(cert.is_some());
                if how == How::Card {
                    let mut card = MemoryCard::default();
                    station
                        .issue(&voter.iin, how, cert, Some(&mut card), now, rng)
                        .map_err(|e| fail(&id, e))?;
                    let copy = copy_pending.then(|| MemoryCard(card.0.clone()));
                    let t = below(rng, terminals.len() as u64) as usize;
                    let language = languages[below(rng, 3) as usize];
                    let challenge = chance(rng, b.challenge);
                    let choices = vote(
                        def,
                        votes,
                        &mut terminals[t],
                        &mut card,
                        language,
                        challenge,
                        b,
                        rng,
                    )
                    .map_err(|e| fail(&id, e))?;
                    station.accept(&mut card).map_err(|e| fail(&id, e))?;
                    for (contest, choice) in choices {
                        let n = def
                            .option_ids(def.contest(&contest).expect("a contest"))
                            .len();
                        let tally = marked.entry(contest).or_insert_with(|| vec![0; n + 1]);
                        match choice {
                            Choice::Option(o) => tally[o as usize] += 1,
                            Choice::Blank => tally[n] += 1,
                        }
                    }
                    stats.electronic += 1;
                    stats.challenged += u64::from(challenge);
                    if let Some(mut copy) = copy {
                        // Someone copied this voter's card at the desk and votes on the copy:
                        // the box refuses the used token, and the terminal's ballot is missing.
                        copy_pending = false;
                        vote(
                            def,
                            votes,
                            &mut terminals[(t + 1) % terminals.len()],
                            &mut copy,
                            language,
                            false,
                            b,
                            rng,
                        )
                        .map_err(|e| fail(&id, e))?;
                        match station.accept(&mut copy) {
                            Err(BoxError::TokenUsed) => stats.copies_refused += 1,
                            other => {
                                return Err(fail(
                                    &id,
                                    format!("a copied token was not refused: {other:?}"),
                                ))
                            }
                        }
                    }
                } else {
                    let issued = station
                        .issue(&voter.iin, how, cert, None, now, rng)
                        .map_err(|e| fail(&id, e))?;
                    if how == How::MobileBox {
                        stats.mobile += 1;
                    } else {
                        stats.paper += 1;
                    }
                    for c in &issued.contests {
                        let n = def.option_ids(def.contest(c).expect("a contest")).len();
                        let pile = piles.entry(c.clone()).or_insert_with(|| PaperPile {
                            votes: vec![0; n],
                            ..PaperPile::default()
                        });
                        if chance(rng, b.spoil) {
                            pile.spoiled += 1;
                        }
                        if how == How::MobileBox {
                            pile.mobile += 1;
                        } else {
                            pile.station += 1;
                        }
                        if chance(rng, b.invalid) {
                            pile.invalid += 1;
                        } else {
                            pile.votes[pick(def, votes, c, rng) as usize] += 1;
                        }
                    }
                }
            }
        }
    }
    Ok((stats, piles, marked))
}

#[allow(clippy::too_many_arguments)]
fn vote(
    def: &Checked,
    votes: &Votes,
    t: &mut Terminal,
    card: &mut MemoryCard,
    language: Language,
    challenge: bool,
    b: &Behaviour,
    rng: &mut ChaCha20Rng,
) -> Result<Vec<(String, Choice)>, sailau_station::terminal::TerminalError> {
    let mut s = t.start(card, language)?;
    let screens = s.screens();
    let choose = |s: &mut sailau_station::terminal::Session, rng: &mut ChaCha20Rng| {
        let mut made = Vec::new();
        for (i, screen) in screens.iter().enumerate() {
            let c = if chance(rng, b.blank) {
                Choice::Blank
            } else {
                Choice::Option(pick(def, votes, &screen.contest, rng))
            };
            s.choose(i, c)?;
            made.push((screen.contest.clone(), c));
        }
        Ok::<_, sailau_station::terminal::TerminalError>(made)
    };
    let mut made = choose(&mut s, rng)?;
    s.encrypt(rng)?;
    if challenge {
        // The voter checks the terminal: the ballot is opened, then they vote afresh.
        s.challenge()?;
        made = choose(&mut s, rng)?;
        s.encrypt(rng)?;
    }
    s.cast(card)?;
    Ok(made)
}

/// Closes `station` at 20:00 local time: two members enter the paper count, the terminals
/// declare their chains, the first `quorum` guardians decrypt, and the protocol is signed.
pub fn close(
    station: &Station,
    terminals: &[Terminal],
    piles: &HashMap<String, PaperPile>,
    received: &HashMap<String, u64>,
    guardians: &[GuardianKey],
    rng: &mut ChaCha20Rng,
) -> Result<Closing, SimulationError> {
    let id = station.precinct().to_string();
    let (day, offset) = station.day();
    station
        .seal(polls(day, offset).1)
        .map_err(|e| fail(&id, e))?;
    for c in station.style_contests() {
        let n = station
            .definition()
            .option_ids(station.definition().contest(&c).expect("a contest"))
            .len();
        let p = piles.get(&c).cloned().unwrap_or_else(|| PaperPile {
            votes: vec![0; n],
            ..PaperPile::default()
        });
        let got = received.get(&c).copied().unwrap_or(0);
        let entry = PaperEntry {
            spoiled: p.spoiled,
            unused: got - p.station - p.mobile - p.spoiled,
            found_station: p.station,
            found_mobile: p.mobile,
            invalid: p.invalid,
            votes: p.votes,
        };
        for member in ["Member A", "Member B"] {
            station
                .enter_paper(member, &c, &entry)
                .map_err(|e| fail(&id, e))?;
        }
    }
    for t in terminals {
        station
            .declare_terminal(&t.closing_statement())
            .map_err(|e| fail(&id, e))?;
    }
    // The station's part of the election: the guardians decrypt its style's totals only.
    let election = station.election();
    let tally = station.encrypted_tally().map_err(|e| fail(&id, e))?;
    let partials: Vec<_> = guardians
        .iter()
        .map(|g| partial_decrypt(g, election, &tally, rng))
        .collect();
    station.close(&partials).map_err(|e| fail(&id, e))
}

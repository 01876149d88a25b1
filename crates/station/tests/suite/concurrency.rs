//! Two electronic ballot boxes of one station, working at once on one database: every card is
//! accepted exactly once, a token is never used twice however the cards are raced, the log
//! stays one unbroken chain, and the closed station's record passes the verifier with the
//! totals the voters chose.

use crate::common::*;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::{display_code, partial_decrypt};
use sailau_definition::Language;
use sailau_station::ballot_box::{BoxError, Receipt};
use sailau_station::card::{Card, MemoryCard, Payload};
use sailau_station::desk::How;
use sailau_station::paper::PaperEntry;
use sailau_station::terminal::{Choice, Terminal};
use sailau_station::Station;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::sync::Barrier;

/// Cards accepted by the two boxes side by side.
const CARDS: usize = 40;
/// Races of two copies of one voted card, and of one token voted twice.
const ROUNDS: usize = 15;

/// A voter's choice per contest, as an option position or `None` for blank.
type Marks = Vec<Option<usize>>;

/// What voter `k` chooses: varied, with some blanks, never the same for two nearby voters.
fn marks_of(k: usize, options: &[usize]) -> Marks {
    options
        .iter()
        .enumerate()
        .map(|(c, &n)| {
            let v = (k * 7 + c * 3 + k / 5) % (n + 1);
            (v < n).then_some(v)
        })
        .collect()
}

struct Voted {
    card: MemoryCard,
    /// The cast ballot's code as the terminal showed it.
    code: String,
    marks: Marks,
    challenged: usize,
}

struct Booth {
    f: Fixture,
    station: Station,
    t: Terminal,
    rng: ChaCha20Rng,
    voter: usize,
    options: Vec<usize>,
}

impl Booth {
    fn issue(&mut self) -> MemoryCard {
        let mut card = MemoryCard::default();
        let iin = self.f.voters[self.voter].iin;
        let now = self.f.at(1 + (self.voter as i64 * 7) % 700);
        self.voter += 1;
        self.station
            .issue(&iin, How::Card, None, Some(&mut card), now, &mut self.rng)
            .unwrap();
        card
    }

    /// Votes `marks` on the card, after `challenges` challenged ballots of other choices.
    fn vote(&mut self, card: &mut MemoryCard, marks: &Marks, challenges: usize) -> String {
        let mut s = self.t.start(card, Language::Kazakh).unwrap();
        for round in 0..=challenges {
            for (i, m) in marks.iter().enumerate() {
                let c = match m {
                    // A challenged ballot holds something else than the final choice.
                    Some(v) if round < challenges => Choice::Option(((v + 1) % 2) as u32),
                    Some(v) => Choice::Option(*v as u32),
                    None => Choice::Blank,
                };
                s.choose(i, c).unwrap();
            }
            s.encrypt(&mut self.rng).unwrap();
            if round < challenges {
                s.challenge().unwrap();
            }
        }
        s.cast(card).unwrap()
    }

    fn voted(&mut self, k: usize, challenges: usize) -> Voted {
        let mut card = self.issue();
        let marks = marks_of(k, &self.options);
        let code = self.vote(&mut card, &marks, challenges);
        Voted {
            card,
            code,
            marks,
            challenged: challenges,
        }
    }
}

type Outcome = (MemoryCard, Result<Receipt, BoxError>);

/// Two boxes, each its own `Station` on `path`, take their cards at the same time. With
/// `lockstep`, they meet at a barrier before every card, so that card i of each is put in at
/// the same instant.
fn two_boxes(
    path: &Path,
    a: Vec<MemoryCard>,
    b: Vec<MemoryCard>,
    lockstep: bool,
) -> (Vec<Outcome>, Vec<Outcome>) {
    if lockstep {
        assert_eq!(a.len(), b.len());
    }
    let barrier = Barrier::new(2);
    let run = |cards: Vec<MemoryCard>| {
        let station = Station::open(path).unwrap();
        barrier.wait();
        cards
            .into_iter()
            .map(|mut card| {
                if lockstep {
                    barrier.wait();
                }
                let r = station.accept(&mut card);
                (card, r)
            })
            .collect::<Vec<_>>()
    };
    std::thread::scope(|s| {
        let ha = s.spawn(|| run(a));
        let hb = s.spawn(|| run(b));
        (ha.join().unwrap(), hb.join().unwrap())
    })
}

fn is_blank(card: &mut MemoryCard) -> bool {
    card.payload().unwrap() == Payload::blank()
}

#[test]
fn two_boxes_at_once_accept_every_card_exactly_once() {
    let mut f = fixture(CARDS + 2 * ROUNDS);
    let path = f.dir.path().join("station.db");
    let station = f.station();
    let t = f.terminal(&station, "t1");
    let options: Vec<usize> = station
        .style_contests()
        .iter()
        .map(|c| {
            station
                .definition()
                .option_ids(station.definition().contest(c).unwrap())
                .len()
        })
        .collect();
    let mut booth = Booth {
        f,
        station,
        t,
        rng: ChaCha20Rng::seed_from_u64(40),
        voter: 0,
        options,
    };

    // Every cast ballot that should end up counted: its code and its marks.
    let mut expected: BTreeMap<String, Marks> = BTreeMap::new();
    let mut challenged = 0;

    // 1. Forty voted cards, every fourth voter challenging once first; half to each box,
    // interleaved, both boxes working at once.
    let voted: Vec<Voted> = (0..CARDS)
        .map(|k| booth.voted(k, usize::from(k % 4 == 0)))
        .collect();
    for v in &voted {
        assert!(expected.insert(v.code.clone(), v.marks.clone()).is_none());
        challenged += v.challenged;
    }
    let (a, b): (Vec<_>, Vec<_>) = voted
        .iter()
        .enumerate()
        .map(|(i, v)| (i, v.card.clone_card()))
        .partition(|(i, _)| i % 2 == 0);
    let (ra, rb) = two_boxes(
        &path,
        a.into_iter().map(|(_, c)| c).collect(),
        b.into_iter().map(|(_, c)| c).collect(),
        false,
    );
    let mut positions = BTreeSet::new();
    let mut codes = BTreeSet::new();
    for (mut card, r) in ra.into_iter().chain(rb) {
        let r = r.expect("a good card is accepted by either box");
        assert!(is_blank(&mut card), "an accepted card is wiped");
        assert!(
            positions.insert(r.position),
            "two ballots at one log position"
        );
        assert!(codes.insert(r.code));
    }
    assert_eq!(
        codes,
        voted.iter().map(|v| v.code.clone()).collect(),
        "the receipts are the codes the voters were shown"
    );

    // 2. The same token in both boxes at the same instant, again and again: copies of one
    // voted card, and one token voted twice with different choices.
    let mut races = Vec::new();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let k = CARDS + 2 * round;
        let first = booth.voted(k, usize::from(round % 3 == 0));
        challenged += first.challenged;
        a.push(first.card.clone_card());
        b.push(first.card.clone_card());
        races.push(("copies", first, None));

        let mut one = booth.issue();
        let mut two = one.clone_card();
        let m1 = marks_of(k + 1, &booth.options);
        let m2 = marks_of(k + 2, &booth.options);
        assert_ne!(m1, m2);
        let c1 = booth.vote(&mut one, &m1, usize::from(round % 2 == 0));
        let c2 = booth.vote(&mut two, &m2, 0);
        // Alternate which box gets which ballot.
        let (x, y) = if round % 2 == 0 {
            (one.clone_card(), two.clone_card())
        } else {
            (two.clone_card(), one.clone_card())
        };
        a.push(x);
        b.push(y);
        races.push((
            "twice",
            Voted {
                card: one,
                code: c1,
                marks: m1,
                challenged: usize::from(round % 2 == 0),
            },
            Some(Voted {
                card: two,
                code: c2,
                marks: m2,
                challenged: 0,
            }),
        ));
    }
    let (ra, rb) = two_boxes(&path, a, b, true);
    let mut token_used = 0;
    // Ballots the terminal encrypted that never reached a box: the refused card's, with any
    // it challenged first.
    let mut missing = 0;
    for (((kind, one, two), (ca, xa)), (cb, xb)) in races.into_iter().zip(ra).zip(rb) {
        let (won, mut winner, lost, mut loser) = match (xa, xb) {
            (Ok(r), Err(e)) => (r, ca, e, cb),
            (Err(e), Ok(r)) => (r, cb, e, ca),
            (xa, xb) => panic!("{kind}: exactly one box must accept the token: {xa:?} / {xb:?}"),
        };
        assert!(is_blank(&mut winner), "the accepted card is wiped");
        match kind {
            "copies" => {
                assert_eq!(won.code, one.code);
                assert_eq!(lost, BoxError::AlreadyRecorded { code: one.code });
                assert!(
                    is_blank(&mut loser),
                    "a copy of a recorded ballot is wiped too"
                );
                expected.insert(won.code, one.marks);
            }
            _ => {
                let two = two.unwrap();
                assert_eq!(lost, BoxError::TokenUsed);
                token_used += 1;
                let (w, l) = if won.code == one.code {
                    (one, two)
                } else {
                    assert_eq!(won.code, two.code, "the receipt is one of the two ballots");
                    (two, one)
                };
                assert_eq!(won.challenged, w.challenged);
                challenged += w.challenged;
                missing += 1 + l.challenged;
                assert_eq!(
                    loser.payload().unwrap(),
                    l.card.clone_card().payload().unwrap(),
                    "the refused card is kept, as it was, for the commission"
                );
                expected.insert(won.code, w.marks);
            }
        }
    }
    assert_eq!(token_used, ROUNDS);
    let cast = CARDS + 2 * ROUNDS;
    assert_eq!(expected.len(), cast, "one ballot counted per token");

    // 3. The log: one entry per ballot, unique codes, one unbroken chain, exactly the cast
    // ballots the receipts named.
    let station = &booth.station;
    let lines = station.log_lines().unwrap();
    assert_eq!(lines.len(), cast + challenged);
    assert!(station.log_intact().unwrap());
    let mut log_codes = HashSet::new();
    let mut log_cast = BTreeSet::new();
    for (line, _) in &lines {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let code = sailau_group::from_hex32(v["code"].as_str().unwrap()).unwrap();
        assert!(log_codes.insert(code), "a code appears twice in the log");
        if v["state"] == "cast" {
            log_cast.insert(display_code(&code));
        }
    }
    assert_eq!(log_cast, expected.keys().cloned().collect());

    // 4. Closing: the totals are the voters' choices, and the record verifies.
    let f = &booth.f;
    station.seal(f.closing_time()).unwrap();
    for (c, &n) in station.style_contests().iter().zip(&booth.options) {
        let zero = PaperEntry {
            votes: vec![0; n],
            ..Default::default()
        };
        station.enter_paper("Aigerim", c, &zero).unwrap();
        station.enter_paper("Marat", c, &zero).unwrap();
    }
    station
        .declare_terminal(&booth.t.closing_statement())
        .unwrap();
    let election = station.election();
    let tally = station.encrypted_tally().unwrap();
    let mut rng = ChaCha20Rng::seed_from_u64(41);
    let partials: Vec<_> = f.keys[..3]
        .iter()
        .map(|k| partial_decrypt(k, election, &tally, &mut rng))
        .collect();
    let closing = station.close(&partials).unwrap();
    let p = &closing.protocol.protocol;
    for (ci, contest) in station.style_contests().iter().enumerate() {
        let mut want = vec![0u64; booth.options[ci]];
        let mut blank = 0;
        for marks in expected.values() {
            match marks[ci] {
                Some(o) => want[o] += 1,
                None => blank += 1,
            }
        }
        let got = p.contest(contest).unwrap();
        let e: Vec<u64> = got.options.iter().map(|o| o.electronic).collect();
        assert_eq!(e, want, "contest {contest}");
        assert_eq!(
            (got.electronic.cast, got.electronic.blank),
            (cast as u64, blank)
        );
    }
    let seal = p.station.as_ref().unwrap();
    assert_eq!(
        (seal.log_entries, seal.challenged, seal.missing),
        (
            (cast + challenged) as u64,
            challenged as u64,
            missing as u64
        ),
        "the refused ballots of the tokens voted twice are declared missing"
    );
    let report = f.verified(&closing);
    assert_eq!(
        (report.cast, report.challenged),
        (cast as u64, challenged as u64)
    );
}

trait CloneCard {
    fn clone_card(&self) -> MemoryCard;
}

impl CloneCard for MemoryCard {
    fn clone_card(&self) -> MemoryCard {
        MemoryCard(self.0.clone())
    }
}

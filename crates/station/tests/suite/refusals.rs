//! Refusals of docs/bad-input.md §3 (the station) that no other file proves: a payload too
//! large for a card (D6), a ballot copied under another token (D23), a card after sealing
//! (D24), a token whose contests are not its style's (D29), ballots asked from 20:00 (D34),
//! opening from 20:00 or with ballots in the box (D52), and closing before sealing, beyond a
//! terminal's declaration, or with a count that does not add up (D60).
//!
//! Each refusal is checked for what a commission member sees (the error, naming the problem)
//! and for what it must leave alone (the log, the card, the desk's records), and each is
//! followed by the honest case that the same station takes.

use super::cards::{card_of, payload, resign, resign_token, terminal_key, Day, FIRSTS};
use crate::common::*;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::partial_decrypt;
use sailau_definition::Language;
use sailau_law::election_day::Moment;
use sailau_station::ballot_box::BoxError;
use sailau_station::card::{self, Card, CardError, FileCard, MemoryCard, Payload, CAPACITY};
use sailau_station::closing::CloseError;
use sailau_station::desk::{DeskError, How};
use sailau_station::opening::OpenError;
use sailau_station::paper::{Agreement, PaperEntry};
use sailau_station::terminal::TerminalError;
use sailau_station::Station;

/// The polls close at 20:00 local time: 13 hours after they open at 07:00 (docs/law.md,
/// "Election day at the station").
const POLLS_MINUTES: i64 = 13 * 60;

/// What the refusals need of the cards' tests' station beyond it.
impl Day {
    /// 20:00 local time, worked out from 07:00.
    fn twenty(&self) -> Moment {
        self.f.at(POLLS_MINUTES)
    }
}

/// Every contest's paper received, as the commission counts it at opening.
fn received(station: &Station, n: u64) -> Vec<(String, u64)> {
    station
        .style_contests()
        .into_iter()
        .map(|c| (c, n))
        .collect()
}

/// D6: a payload larger than a card is not written, and the card keeps what it held.
#[test]
fn a_payload_too_large_for_a_card_is_not_written() {
    let mut d = Day::with_voters(4);

    // How large a challenged ballot is, from an honest card (one challenged, one cast).
    let mut sample = d.challenged_then_cast();
    let p = payload(&mut sample);
    let (challenged, cast) = (p.ballots[0].clone(), p.ballots[1].clone());
    let one = challenged.line.len() + challenged.terminal.len() + challenged.signature.len();
    // Enough challenges that the card overflows (the JSON around each ballot only adds).
    let challenges = CAPACITY / one + 1;

    // At the terminal: a voter who challenges that many times cannot have the card written.
    let mut card = d.issue();
    let issued = card.0.clone();
    let mut s = d.t.start(&mut card, Language::English).unwrap();
    for _ in 0..challenges {
        for (i, &c) in FIRSTS.iter().enumerate() {
            s.choose(i, c).unwrap();
        }
        s.encrypt(&mut d.rng).unwrap();
        s.challenge().unwrap();
    }
    for (i, &c) in FIRSTS.iter().enumerate() {
        s.choose(i, c).unwrap();
    }
    s.encrypt(&mut d.rng).unwrap();
    let e = s
        .cast(&mut card)
        .expect_err("the payload cannot fit on the card");
    let TerminalError::Card(CardError::Io(m)) = &e else {
        panic!("expected the card to be refused for its size, got {e:?}");
    };
    assert!(m.contains("do not fit on a card"), "{m}");
    assert!(
        m.contains(&CAPACITY.to_string()),
        "the capacity is named: {m}"
    );
    assert!(e.to_string().contains("do not fit on a card"), "{e}");
    assert_eq!(card.0, issued, "the card still holds its token alone");

    // The voter votes again on the same card, challenging nothing, and the box takes it.
    d.vote(&mut card, &FIRSTS);
    d.accepted(&mut card);

    // On any card: a payload one ballot too many is refused, and the card file is untouched.
    let mut big = p.clone();
    big.ballots = vec![challenged; challenges];
    big.ballots.push(cast);
    let bytes = big.to_bytes().len();
    assert!(bytes > CAPACITY);
    let path = d.f.dir.path().join("card");
    let mut file = FileCard::new(&path);
    let token_only = Payload {
        ballots: Vec::new(),
        ..p.clone()
    };
    file.store(&token_only).unwrap();
    let before = std::fs::read(&path).unwrap();
    let e = file.store(&big).expect_err("too large for a card");
    let CardError::Io(m) = &e else {
        panic!("expected a write refused for its size, got {e:?}");
    };
    assert!(
        m.contains("do not fit on a card")
            && m.contains(&bytes.to_string())
            && m.contains(&CAPACITY.to_string()),
        "the size and the capacity are named: {m}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the card is unchanged"
    );
    let mut memory = MemoryCard(before.clone());
    assert!(memory.store(&big).is_err());
    assert_eq!(memory.0, before);
}

/// D23: a ballot whose confirmation code is already in the box, put on another voter's card
/// under their token and re-signed by the terminal, is refused whole.
#[test]
fn a_ballot_already_in_the_box_under_another_token_is_refused() {
    let mut d = Day::with_voters(4);
    let key = terminal_key(&d.f.dir.path().join("t1"));
    assert_eq!(key.public(), d.t.public_key());

    let mut a = d.challenged_then_cast();
    let pa = payload(&mut a);
    d.accepted(&mut a);

    let mut b = d.challenged_then_cast();
    let pb = payload(&mut b);
    let already = |e: &BoxError, index: usize| {
        let BoxError::Refused { index: i, reasons } = e else {
            panic!("expected ballot {index} refused as a copy, got {e:?}");
        };
        assert_eq!(*i, index, "the copied ballot's place is named: {e}");
        assert!(
            reasons.iter().any(|r| r.contains("already in the box")),
            "{reasons:?}"
        );
        assert!(e.to_string().contains("already in the box"), "{e}");
    };

    // A's cast ballot in place of B's: B's own challenged ballot before it is not kept
    // either (the refusal leaves the log as it was).
    let mut cast_copy = pb.clone();
    cast_copy.ballots[1].line = pa.ballots[1].line.clone();
    resign(&mut cast_copy, 1, &key);
    already(&d.refused(&mut card_of(&cast_copy)), 1);

    // A's cast ballot alone under B's token.
    let mut alone = pb.clone();
    alone.ballots = vec![pa.ballots[1].clone()];
    resign(&mut alone, 0, &key);
    already(&d.refused(&mut card_of(&alone)), 0);

    // A's challenged ballot passed off as B's, before B's own cast ballot.
    let mut challenged_copy = pb.clone();
    challenged_copy.ballots[0].line = pa.ballots[0].line.clone();
    resign(&mut challenged_copy, 0, &key);
    already(&d.refused(&mut card_of(&challenged_copy)), 0);

    // B's token was not used up: B's genuine card goes in.
    d.accepted(&mut b);
    assert_eq!(d.station.log_lines().unwrap().len(), 4);
}

/// D24: once the station is sealed the box takes no card, even one voted before 20:00.
#[test]
fn a_card_after_sealing_is_refused() {
    let mut d = Day::with_voters(3);
    let mut early = d.voted();
    d.accepted(&mut early);
    let mut late = d.voted();
    let twenty = d.twenty();
    d.station.seal(twenty).unwrap();
    let e = d.refused(&mut late);
    assert_eq!(e, BoxError::Sealed);
    assert!(e.to_string().contains("sealed"), "{e}");
    assert_eq!(d.station.log_lines().unwrap().len(), 1);
    // Still so later on.
    assert_eq!(d.refused(&mut late), BoxError::Sealed);
}

/// D29: a token signed by this very desk, whose contests are not some of its style's, each
/// once, in the style's order, is refused by the terminal, which keeps its chain.
#[test]
fn a_signed_token_whose_contests_are_not_its_styles_is_refused_by_the_terminal() {
    let mut d = Day::with_voters(3);
    let desk = d.desk_key();
    let mut card = d.issue();
    let p = payload(&mut card);
    let all = d.station.style_contests();
    assert_eq!(all.len(), 5);
    let other = d.f.def.precinct("p-00002").unwrap().style.clone();
    assert_ne!(other, d.station.style());
    let other_contests =
        d.f.election
            .manifest
            .style(&other)
            .unwrap()
            .contests
            .clone();
    let foreign = other_contests
        .iter()
        .find(|c| !all.contains(c))
        .expect("another style has a contest this one lacks")
        .clone();

    let s = |v: &[&String]| v.iter().map(|c| (*c).clone()).collect::<Vec<_>>();
    let cases: Vec<(&str, Option<String>, Vec<String>)> = vec![
        ("out of order", None, s(&[&all[1], &all[0]])),
        ("a contest twice", None, s(&[&all[0], &all[0], &all[1]])),
        ("another style's contest", None, s(&[&all[0], &foreign])),
        ("an unknown contest", None, vec!["senate-99".to_string()]),
        ("no contest", None, Vec::new()),
        (
            "its contests under another style",
            Some(other.clone()),
            all.clone(),
        ),
    ];
    let state_file = d.f.dir.path().join("t1/state.json");
    for (what, style, contests) in cases {
        let mut forged = p.clone();
        let t = forged.token.as_mut().unwrap();
        if let Some(style) = style {
            t.style = style;
        }
        t.contests = contests;
        resign_token(&mut forged, &desk);
        let t = forged.token.as_ref().unwrap();
        assert!(
            card::signed_by(&t.desk, &t.signature, &card::token_digest(t)),
            "the forged token is signed by the desk ({what})"
        );
        let mut forged = card_of(&forged);
        let (before, chain, file) = (
            forged.0.clone(),
            d.t.chain_state().clone(),
            std::fs::read(&state_file).unwrap(),
        );
        let e = match d.t.start(&mut forged, Language::Russian) {
            Ok(_) => panic!("the terminal must refuse a token with {what}"),
            Err(e) => e,
        };
        assert_eq!(e, TerminalError::BadContests, "{what}");
        assert!(e.to_string().contains("ballot style"), "{what}: {e}");
        assert_eq!(forged.0, before, "the card is left alone ({what})");
        assert_eq!(
            d.t.chain_state(),
            &chain,
            "the chain does not move ({what})"
        );
        assert_eq!(std::fs::read(&state_file).unwrap(), file, "({what})");
    }

    // Some of the style's contests, in its order (as an absentee voter's token is), is fine.
    let mut some = p.clone();
    some.token.as_mut().unwrap().contests = s(&[&all[0], &all[2]]);
    resign_token(&mut some, &desk);
    let mut some = card_of(&some);
    let session = d.t.start(&mut some, Language::English).unwrap();
    let screens: Vec<String> = session.screens().into_iter().map(|s| s.contest).collect();
    assert_eq!(screens, s(&[&all[0], &all[2]]));
    drop(session);

    // The genuine card votes and goes in.
    d.vote(&mut card, &FIRSTS);
    d.accepted(&mut card);
}

/// D34: from 20:00 until the station is sealed the desk issues nothing, in any way, and
/// records nothing.
#[test]
fn ballots_asked_from_20_00_before_sealing_are_refused() {
    let mut f = fixture(3);
    let station = f.station();
    let mut rng = ChaCha20Rng::seed_from_u64(34);
    let twenty = f.at(POLLS_MINUTES);
    assert_eq!(twenty, f.closing_time(), "polls close at 20:00");
    let v: Vec<_> = f.voters.iter().map(|v| v.iin).collect();
    station.request_mobile(&v[2], f.at(60)).unwrap();

    for now in [twenty, Moment(twenty.0 + 1), f.at(POLLS_MINUTES + 150)] {
        for (iin, how) in [
            (v[0], How::Paper),
            (v[1], How::Card),
            (v[2], How::MobileBox),
        ] {
            let mut card = MemoryCard::default();
            let card_arg: Option<&mut dyn Card> = match how {
                How::Card => Some(&mut card),
                _ => None,
            };
            let e = station
                .issue(&iin, how, None, card_arg, now, &mut rng)
                .expect_err("the polls are closed");
            assert_eq!(e, DeskError::Closed { closed: twenty }, "{how:?} at {now}");
            let m = e.to_string();
            assert!(
                m.contains("closed") && m.contains("20:00") && m.contains(&twenty.to_string()),
                "{m}"
            );
            assert!(card.0.is_empty(), "nothing is written to the card");
            assert_eq!(
                station.may_issue(&iin, how, None, now),
                Err(DeskError::Closed { closed: twenty })
            );
        }
    }
    // Nothing was recorded: no one received ballots, the turnout is empty, and the station is
    // not sealed (the refusal is the clock's).
    for iin in &v {
        assert_eq!(station.voter_status(iin).unwrap().issued, None);
    }
    assert!(station.turnout().unwrap().iter().all(|&(_, n)| n == 0));
    let summary = station.day_summary().unwrap();
    assert_eq!(
        (
            summary.issued_paper,
            summary.issued_card,
            summary.issued_mobile
        ),
        (0, 0, 0)
    );
    assert_eq!(station.sealed_at().unwrap(), None);

    // One second before 20:00 the same voter is still given ballots.
    let mut card = MemoryCard::default();
    station
        .issue(
            &v[1],
            How::Card,
            None,
            Some(&mut card),
            Moment(twenty.0 - 1),
            &mut rng,
        )
        .unwrap();
    assert!(payload(&mut card).token.is_some());
}

/// D52 (first half): the polls cannot be opened from 20:00; nothing is recorded.
#[test]
fn opening_from_20_00_is_refused() {
    let mut f = fixture(2);
    let station = f.station();
    let all = received(&station, 40);
    let twenty = f.at(POLLS_MINUTES);
    for now in [twenty, f.at(POLLS_MINUTES + 60)] {
        let e = station
            .open_polls(now, &all)
            .expect_err("the polls are closed");
        assert_eq!(e, OpenError::Closed { closed: twenty });
        let m = e.to_string();
        assert!(m.contains("closed") && m.contains("20:00"), "{m}");
    }
    assert_eq!(station.opened_at().unwrap(), None, "nothing is recorded");
    for (c, _) in &all {
        assert_eq!(station.paper_received(c).unwrap(), 0, "{c}");
    }
    // Before 20:00 the same act is taken.
    station.open_polls(Moment(twenty.0 - 1), &all).unwrap();
    assert_eq!(station.paper_received(&all[0].0).unwrap(), 40);
}

/// D52 (second half): the polls cannot be opened when the electronic box already holds
/// ballots; the entries are counted, and nothing is recorded.
#[test]
fn opening_with_ballots_in_the_box_is_refused() {
    let mut d = Day::with_voters(3);
    // The desk's gate is the clock, not the opening: a card voted at 07:05 is in the box.
    let mut card = d.challenged_then_cast();
    d.accepted(&mut card);
    let all = received(&d.station, 40);
    let e = d
        .station
        .open_polls(d.f.at(10), &all)
        .expect_err("the box is not empty");
    assert_eq!(
        e,
        OpenError::NotEmpty(2),
        "one cast and one challenged ballot"
    );
    let m = e.to_string();
    assert!(m.contains("not empty") && m.contains('2'), "{m}");
    assert_eq!(d.station.opened_at().unwrap(), None, "nothing is recorded");
    for (c, _) in &all {
        assert_eq!(d.station.paper_received(c).unwrap(), 0, "{c}");
    }
    assert_eq!(
        d.station.log_lines().unwrap().len(),
        2,
        "the box is untouched"
    );
}

/// D60: the station does not close before it is sealed, nor with a box that holds a ballot
/// beyond what its terminal declared, nor sign a count whose control relations fail; once
/// the count is corrected, it signs.
#[test]
fn closing_before_sealing_or_with_a_count_that_does_not_add_up_is_refused() {
    let mut d = Day::with_voters(5);
    let contests = d.station.style_contests();
    d.station
        .open_polls(d.f.at(0), &received(&d.station, 10))
        .unwrap();
    // The terminal's statement before it encrypted anything: it will be stale.
    let stale = d.t.closing_statement();
    assert_eq!(stale.ballots, 0);
    // Voter 0 votes electronically, voter 1 on paper.
    let mut card = d.voted();
    d.accepted(&mut card);
    let paper_voter = d.f.voters[1].iin;
    d.station
        .issue(&paper_voter, How::Paper, None, None, d.f.at(60), &mut d.rng)
        .unwrap();

    // Before sealing.
    let e = d.station.close(&[]).err().expect("not sealed");
    assert_eq!(e, CloseError::NotSealed);
    assert!(e.to_string().contains("seal"), "{e}");
    assert_eq!(d.station.sealed_at().unwrap(), None);

    d.station.seal(d.twenty()).unwrap();

    // The paper count, agreed by two members. Each contest: 10 received, 1 issued in the
    // station, none for the mobile box; the one paper ballot found, a vote for the first
    // option. In the first contest both members count 8 unused (10 ≠ 1 + 0 + 0 + 8) and 2
    // ballots found in the stationary box (2 > 1 issued), with 2 votes for 2 found.
    let options = |c: &str| {
        d.station
            .definition()
            .option_ids(d.station.definition().contest(c).unwrap())
            .len()
    };
    let good = |c: &str| {
        let mut votes = vec![0; options(c)];
        votes[0] = 1;
        PaperEntry {
            spoiled: 0,
            unused: 9,
            found_station: 1,
            found_mobile: 0,
            invalid: 0,
            votes,
        }
    };
    let mut bad = good(&contests[0]);
    bad.unused = 8;
    bad.found_station = 2;
    bad.votes[0] = 2;
    for (i, c) in contests.iter().enumerate() {
        let e = if i == 0 { bad.clone() } else { good(c) };
        d.station.enter_paper("Aigerim", c, &e).unwrap();
        assert_eq!(
            d.station.enter_paper("Marat", c, &e).unwrap(),
            Agreement::Agreed(e)
        );
    }

    // The terminal's stale statement says it encrypted nothing; the box holds its ballot 0.
    d.station.declare_terminal(&stale).unwrap();
    let e = d
        .station
        .close(&[])
        .err()
        .expect("a ballot beyond the declaration");
    assert_eq!(
        e,
        CloseError::Beyond {
            device: "p-00001-t1".into(),
            seq: 0,
            ballots: 0
        }
    );
    assert!(e.to_string().contains("p-00001-t1"), "{e}");

    // Its true statement; the guardians decrypt; the count does not add up.
    let st = d.t.closing_statement();
    assert_eq!(st.ballots, 1);
    d.station.declare_terminal(&st).unwrap();
    let tally = d.station.encrypted_tally().unwrap();
    let election = d.station.election();
    let partials: Vec<_> = d.f.keys[..3]
        .iter()
        .map(|k| partial_decrypt(k, election, &tally, &mut d.rng))
        .collect();
    let e = d
        .station
        .close(&partials)
        .err()
        .expect("the count is wrong");
    let CloseError::ControlRelations(broken) = &e else {
        panic!("expected the control relations named, got {e:?}");
    };
    assert_eq!(
        broken.len(),
        2,
        "exactly the two broken relations: {broken:#?}"
    );
    let list = &contests[0];
    let accounted = broken
        .iter()
        .find(|b| b.contains("received"))
        .unwrap_or_else(|| panic!("received ≠ issued + spoiled + unused: {broken:#?}"));
    for figure in ["received (10)", "unused (8)", "(1)", list] {
        assert!(accounted.contains(figure), "{figure} in {accounted}");
    }
    let found = broken
        .iter()
        .find(|b| b.contains("found"))
        .unwrap_or_else(|| panic!("found > issued: {broken:#?}"));
    for figure in ["(2)", "(1)", list] {
        assert!(found.contains(figure), "{figure} in {found}");
    }
    assert!(e.to_string().contains("does not add up"), "{e}");

    // The members recount and both enter the right figures: the station signs.
    let right = good(list);
    d.station.enter_paper("Aigerim", list, &right).unwrap();
    d.station.enter_paper("Marat", list, &right).unwrap();
    let closing = d.station.close(&partials).unwrap();
    assert!(closing.protocol.protocol.violations().is_empty());
}

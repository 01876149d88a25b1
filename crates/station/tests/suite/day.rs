//! A whole election day at one station: desk, cards, terminal, box, paper, mobile box, an
//! absentee voter, refusals, closing, and a protocol whose every figure is worked out by hand
//! below, then the station's record verified by the independent verifier.

use crate::common::*;
use sailau_crypto::partial_decrypt;
use sailau_definition::Language;
use sailau_station::ballot_box::BoxError;
use sailau_station::card::{Card, MemoryCard};
use sailau_station::closing::CloseError;
use sailau_station::desk::{DeskError, How};
use sailau_station::paper::{Agreement, PaperEntry};
use sailau_station::terminal::{Choice, Terminal};
use sailau_station::{log, Station};
use sailau_voters::absentee::Certificate;
use sailau_voters::{Iin, Sex};

/// Votes on `terminal` with the card in hand: one choice per contest, then cast.
fn vote(t: &mut Terminal, card: &mut MemoryCard, choices: &[Choice]) -> String {
    let mut s = t.start(card, Language::Kazakh).unwrap();
    for (i, &c) in choices.iter().enumerate() {
        s.choose(i, c).unwrap();
    }
    let mut rng = rand_core::OsRng;
    let shown = s.encrypt(&mut rng).unwrap();
    let cast = s.cast(card).unwrap();
    assert_eq!(shown, cast, "the code shown is the code cast");
    cast
}

use Choice::{Blank, Option as O};

#[test]
fn a_day_at_one_station() {
    let mut f = fixture(10);
    let station = f.station();
    let mut t = f.terminal(&station, "t1");
    let v: Vec<Iin> = f.voters.iter().map(|v| v.iin).collect();
    let mut rng = rand_chacha::ChaCha20Rng::clone(&f.rng);
    assert_eq!(
        station.style_contests(),
        [
            "mazhilis-list",
            "mazhilis-01",
            "astana-maslikhat-list",
            "astana-maslikhat-01",
            "astana-d1-maslikhat-01"
        ]
    );

    // The day before: voter 9 takes an absentee certificate for every contest; a request
    // after 18:00 is refused.
    let all = station.style_contests();
    let day_before = |h: i64| sailau_law::election_day::Moment(f.at(0).0 - 86_400 + (h - 7) * 3600);
    station
        .issue_certificate(&v[9], &all, day_before(12))
        .unwrap();
    assert!(matches!(
        station.issue_certificate(&v[8], &all, day_before(18)),
        Err(DeskError::Deadline(_))
    ));
    for c in &all {
        station.receive_paper(c, 10).unwrap();
    }

    // Before 07:00 nothing is issued.
    assert!(matches!(
        station.issue(&v[3], How::Paper, None, None, f.at(-1), &mut rng),
        Err(DeskError::NotOpen { .. })
    ));

    // Voter 0 votes electronically; a copy of the card is made before it reaches the box.
    let mut card0 = MemoryCard::default();
    station
        .issue(&v[0], How::Card, None, Some(&mut card0), f.at(10), &mut rng)
        .unwrap();
    vote(&mut t, &mut card0, &[O(0), O(1), O(2), O(0), Blank]);
    let copy0 = MemoryCard(card0.0.clone());
    let r0 = station.accept(&mut card0).unwrap();
    assert_eq!(
        card0.payload().unwrap().token,
        None,
        "the box wipes the card"
    );

    // Voter 1 challenges a ballot, sees it opened, then votes again and casts.
    let mut card1 = MemoryCard::default();
    station
        .issue(&v[1], How::Card, None, Some(&mut card1), f.at(20), &mut rng)
        .unwrap();
    let mut s = t.start(&mut card1, Language::Russian).unwrap();
    for (i, c) in [O(5), O(0), O(0), O(0), O(0)].into_iter().enumerate() {
        s.choose(i, c).unwrap();
    }
    let challenged_code = s.encrypt(&mut rng).unwrap();
    let opened = s.challenge().unwrap();
    assert_eq!(opened.code, challenged_code);
    // Opened in the voter's language: the 6th list, the NSDP.
    assert_eq!(
        opened.contents[0].1,
        "Общенациональная социал-демократическая партия"
    );
    s.choose(0, O(6)).unwrap();
    s.choose(4, O(1)).unwrap();
    s.encrypt(&mut rng).unwrap();
    s.cast(&mut card1).unwrap();
    let r1 = station.accept(&mut card1).unwrap();
    assert_eq!(r1.challenged, 1);

    // Voter 2: "against all" everywhere.
    let mut card2 = MemoryCard::default();
    station
        .issue(&v[2], How::Card, None, Some(&mut card2), f.at(30), &mut rng)
        .unwrap();
    vote(&mut t, &mut card2, &[O(7), O(3), O(7), O(3), O(3)]);
    station.accept(&mut card2).unwrap();

    // Voter 7's token is copied onto a second card; both are voted; the second is refused.
    let mut card7 = MemoryCard::default();
    station
        .issue(&v[7], How::Card, None, Some(&mut card7), f.at(40), &mut rng)
        .unwrap();
    let mut clone7 = MemoryCard(card7.0.clone());
    vote(&mut t, &mut card7, &[O(0), O(0), O(0), O(0), O(0)]);
    vote(&mut t, &mut clone7, &[O(1), O(1), O(1), O(1), O(1)]);
    station.accept(&mut card7).unwrap();
    assert_eq!(station.accept(&mut clone7), Err(BoxError::TokenUsed));

    // Voter 0's copied card: already in the box, nothing added.
    let mut copy0 = copy0;
    assert!(
        matches!(station.accept(&mut copy0), Err(BoxError::AlreadyRecorded { code }) if code == r0.code)
    );

    // Paper: voters 3 and 4; voter 5 asked for the mobile box at 09:00.
    station
        .issue(&v[3], How::Paper, None, None, f.at(50), &mut rng)
        .unwrap();
    station
        .issue(&v[4], How::Paper, None, None, f.at(60), &mut rng)
        .unwrap();
    station.request_mobile(&v[5], f.at(120)).unwrap();
    assert!(matches!(
        station.request_mobile(&v[6], f.at(300)),
        Err(DeskError::Deadline(_))
    ));
    assert!(matches!(
        station.issue(&v[6], How::MobileBox, None, None, f.at(310), &mut rng),
        Err(DeskError::NoMobileRequest(_))
    ));
    station
        .issue(&v[5], How::MobileBox, None, None, f.at(400), &mut rng)
        .unwrap();

    // Refusals at the desk.
    assert!(matches!(
        station.issue(&v[0], How::Paper, None, None, f.at(410), &mut rng),
        Err(DeskError::AlreadyIssued { how: "card", .. })
    ));
    assert!(matches!(
        station.issue(&v[9], How::Paper, None, None, f.at(410), &mut rng),
        Err(DeskError::VotesElsewhere { .. })
    ));
    let stranger = Iin::issue("1990-01-01".parse().unwrap(), Sex::Male, 77).unwrap();
    assert!(matches!(
        station.issue(&stranger, How::Paper, None, None, f.at(410), &mut rng),
        Err(DeskError::NotOnList(_))
    ));

    // An absentee voter from p-00002 (Aktobe): only the nationwide list is honoured here.
    let cert = Certificate {
        number: "p-00002-00001".into(),
        iin: stranger,
        home: "p-00002".into(),
        contests: vec!["mazhilis-list".into(), "aktobe-maslikhat-list".into()],
    };
    let mut card_a = MemoryCard::default();
    let issued = station
        .issue(
            &stranger,
            How::Card,
            Some(&cert),
            Some(&mut card_a),
            f.at(420),
            &mut rng,
        )
        .unwrap();
    assert_eq!(issued.contests, ["mazhilis-list"]);
    vote(&mut t, &mut card_a, &[O(1)]);
    station.accept(&mut card_a).unwrap();

    // 20:00 comes; sealing earlier is refused.
    assert!(matches!(
        station.seal(sailau_law::election_day::Moment(f.closing_time().0 - 1)),
        Err(CloseError::TooEarly { .. })
    ));
    station.seal(f.closing_time()).unwrap();
    assert_eq!(
        station.issue(&v[6], How::Paper, None, None, f.closing_time(), &mut rng),
        Err(DeskError::Sealed)
    );

    // Paper count, entered by two members; a slip by one is shown, then corrected.
    let list_count = PaperEntry {
        spoiled: 1,
        unused: 6,
        found_station: 2,
        found_mobile: 1,
        invalid: 1,
        votes: vec![1, 0, 1, 0, 0, 0, 0, 0],
    };
    station
        .enter_paper("Aigerim", "mazhilis-list", &list_count)
        .unwrap();
    let mut slip = list_count.clone();
    slip.votes[2] = 0;
    slip.votes[3] = 1;
    let Agreement::Differ(d) = station
        .enter_paper("Marat", "mazhilis-list", &slip)
        .unwrap()
    else {
        panic!("entries differ")
    };
    assert_eq!(
        d,
        [
            "mazhilis-list, respublica: Aigerim 1, Marat 0",
            "mazhilis-list, ak-zhol: Aigerim 0, Marat 1"
        ]
    );
    assert!(matches!(
        station.close(&[]),
        Err(CloseError::PaperNotAgreed { .. })
    ));
    assert_eq!(
        station
            .enter_paper("Marat", "mazhilis-list", &list_count)
            .unwrap(),
        Agreement::Agreed(list_count.clone())
    );
    for c in &all[1..] {
        let n = station
            .definition()
            .option_ids(station.definition().contest(c).unwrap())
            .len();
        let mut votes = vec![0; n];
        votes[0] = 3;
        let e = PaperEntry {
            spoiled: 0,
            unused: 7,
            found_station: 2,
            found_mobile: 1,
            invalid: 0,
            votes,
        };
        station.enter_paper("Aigerim", c, &e).unwrap();
        station.enter_paper("Marat", c, &e).unwrap();
    }

    // The terminal declares its chain: 7 ballots encrypted (voter 1's challenged one and the
    // refused clone of voter 7's included); the clone's never reached the box.
    assert!(matches!(station.close(&[]), Err(CloseError::Undeclared(_))));
    let st = t.closing_statement();
    assert_eq!(st.ballots, 7);
    let mut forged = st.clone();
    forged.ballots = 6;
    assert!(matches!(
        station.declare_terminal(&forged),
        Err(CloseError::BadTerminal(_))
    ));
    station.declare_terminal(&st).unwrap();

    // The guardians: 3 of 5 decrypt the station's totals.
    let election = station.election();
    let tally = station.encrypted_tally().unwrap();
    let partials: Vec<_> = f.keys[..3]
        .iter()
        .map(|k| partial_decrypt(k, election, &tally, &mut rng))
        .collect();
    assert!(matches!(
        station.close(&partials[..2]),
        Err(CloseError::Decryption(_))
    ));
    let closing = station.close(&partials).unwrap();
    let p = &closing.protocol.protocol;

    // The list: electronic amanat (voters 0, 7), auyl (absentee), baytaq (voter 1), against
    // all (voter 2); paper amanat 1, respublica 1, invalid 1.
    let list = p.contest("mazhilis-list").unwrap();
    let e: Vec<u64> = list.options.iter().map(|o| o.electronic).collect();
    assert_eq!(e, [2, 1, 0, 0, 0, 0, 1, 1]);
    let paper: Vec<u64> = list.options.iter().map(|o| o.paper).collect();
    assert_eq!(paper, [1, 0, 1, 0, 0, 0, 0, 0]);
    assert_eq!(
        (
            list.electronic.issued,
            list.electronic.cast,
            list.electronic.blank
        ),
        (5, 5, 0)
    );
    assert_eq!(
        (list.paper.issued_station, list.paper.issued_mobile),
        (2, 1)
    );
    // 10 on the list, voter 9 moved away, the absentee voter came.
    assert_eq!(list.registered, 10);
    // District council: voter 0 left it blank, voter 1 chose 2nd, voter 2 against all,
    // voter 7 the 1st.
    let d = p.contest("astana-d1-maslikhat-01").unwrap();
    let e: Vec<u64> = d.options.iter().map(|o| o.electronic).collect();
    assert_eq!(e, [1, 1, 0, 1]);
    assert_eq!(
        (d.electronic.cast, d.electronic.blank, d.registered),
        (4, 1, 9)
    );
    assert!(p.violations().is_empty());

    // The turnout: six voters by 08:00, voter 5 at 13:40 and the absentee voter at 14:00.
    // The list is 10, less voter 9 who moved away for every contest; the absentee voter
    // counts from 14:00 on, so `voted` never exceeds `registered`.
    let turnout: Vec<(u8, u64, u64)> = [10, 12, 14, 16, 18, 20]
        .into_iter()
        .map(|h| {
            let t = station.signed_turnout(h).unwrap().turnout;
            (t.hour, t.registered, t.voted)
        })
        .collect();
    assert_eq!(
        turnout,
        [
            (10, 9, 6),
            (12, 9, 6),
            (14, 9, 7),
            (16, 10, 8),
            (18, 10, 8),
            (20, 10, 8)
        ]
    );

    // The seal: 6 log entries (5 cast, 1 challenged), 1 missing, head recomputed from the
    // lines.
    let seal = p.station.as_ref().unwrap();
    assert_eq!((seal.log_entries, seal.challenged, seal.missing), (6, 1, 1));
    let (head, n) = log::head_of(
        &station.extended_base_hash(),
        "p-00001",
        &closing.ballots_jsonl,
    );
    assert_eq!((sailau_group::to_hex(&head), n), (seal.log_head.clone(), 6));
    assert!(station.log_intact().unwrap());

    // The protocol is signed by the station key.
    let sig: [u8; 64] = sailau_group::from_hex(&closing.protocol.signature)
        .unwrap()
        .try_into()
        .unwrap();
    assert!(sailau_station::keys::verify(
        &station.station_public_key(),
        &sailau_protocol::SignedProtocol::message(p),
        &sig
    ));

    // The station's record passes every check of the independent verifier.
    let report = f.verified(&closing);
    assert_eq!((report.cast, report.challenged), (5, 1));
    let _ = r1;
}

#[test]
fn reopening_the_database_keeps_everything() {
    let mut f = fixture(2);
    let path = f.dir.path().join("station.db");
    let station = f.station();
    let mut t = f.terminal(&station, "t1");
    let mut rng = rand_chacha::ChaCha20Rng::clone(&f.rng);
    let mut card = MemoryCard::default();
    station
        .issue(
            &f.voters[0].iin,
            How::Card,
            None,
            Some(&mut card),
            f.at(5),
            &mut rng,
        )
        .unwrap();
    vote(&mut t, &mut card, &[O(0), O(0), O(0), O(0), O(0)]);
    station.accept(&mut card).unwrap();
    let key = station.station_public_key();
    // The database holds the station's keys and the voter list; the terminal's folder its key:
    // neither is readable by other users.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for secret in [path.clone(), f.dir.path().join("t1").join("key")] {
            let mode = std::fs::metadata(&secret).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{} is mode {mode:o}", secret.display());
        }
    }
    drop(station);
    let again = Station::open(&path).unwrap();
    assert_eq!(again.station_public_key(), key);
    assert_eq!(again.log_lines().unwrap().len(), 1);
    assert!(again
        .voter_status(&f.voters[0].iin)
        .unwrap()
        .issued
        .is_some());
    assert!(matches!(
        Station::create(&path, &f.part, &mut rng),
        Err(sailau_station::StationError::Exists(_))
    ));
}

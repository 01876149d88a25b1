//! The commission's acts around the day: opening the polls with the box shown empty, the
//! paper count checked while it is entered, and the guardians' step by documents alone (the
//! station publishes its request; guardians answer with their partial decryptions).

use crate::common::*;
use sailau_crypto::closing::{key_from_json, key_json, partial_json, request_from_json};
use sailau_crypto::partial_decrypt;
use sailau_definition::Language;
use sailau_protocol::Broken;
use sailau_station::card::MemoryCard;
use sailau_station::desk::How;
use sailau_station::guardians::GuardianError;
use sailau_station::opening::OpenError;
use sailau_station::paper::PaperEntry;
use sailau_station::terminal::Choice;

#[test]
fn the_polls_open_once_from_seven_with_every_contests_paper() {
    let mut f = fixture(3);
    let station = f.station();
    let all: Vec<(String, u64)> = station
        .style_contests()
        .into_iter()
        .map(|c| (c, 50))
        .collect();
    assert!(matches!(
        station.open_polls(f.at(-1), &all),
        Err(OpenError::TooEarly { .. })
    ));
    assert!(matches!(
        station.open_polls(f.at(1), &all[1..]),
        Err(OpenError::MissingContest(c)) if c == all[0].0
    ));
    let mut extra = all.clone();
    extra.push(("senate-01".into(), 5));
    assert!(matches!(
        station.open_polls(f.at(1), &extra),
        Err(OpenError::UnknownContest(_))
    ));
    assert_eq!(
        station.opened_at().unwrap(),
        None,
        "a refused opening leaves nothing"
    );
    let at = station.open_polls(f.at(0), &all).unwrap();
    assert_eq!(station.opened_at().unwrap(), Some(at.clone()));
    assert_eq!(station.paper_received(&all[2].0).unwrap(), 50);
    assert!(matches!(station.open_polls(f.at(5), &all), Err(OpenError::AlreadyOpen(a)) if a == at));
    let summary = station.day_summary().unwrap();
    assert_eq!(
        (summary.on_list, summary.box_entries, summary.issued_card),
        (3, 0, 0)
    );
}

#[test]
fn a_paper_count_is_checked_against_the_desks_figures_as_it_is_entered() {
    let mut f = fixture(4);
    let station = f.station();
    let mut rng = rand_chacha::ChaCha20Rng::clone(&f.rng);
    let contests = station.style_contests();
    let all: Vec<(String, u64)> = contests.iter().map(|c| (c.clone(), 10)).collect();
    station.open_polls(f.at(0), &all).unwrap();
    for v in &f.voters[..3] {
        station
            .issue(&v.iin, How::Paper, None, None, f.at(30), &mut rng)
            .unwrap();
    }
    let list = &contests[0];
    let options = station
        .definition()
        .option_ids(station.definition().contest(list).unwrap())
        .len();
    let mut votes = vec![0; options];
    votes[0] = 2;
    // Three issued, three found: two votes and one invalid; seven unused of ten received.
    let good = PaperEntry {
        spoiled: 0,
        unused: 7,
        found_station: 3,
        found_mobile: 0,
        invalid: 1,
        votes: votes.clone(),
    };
    let count = station.paper_count(list, &good).unwrap();
    assert_eq!(
        (
            count.registered,
            count.paper.issued_station,
            count.paper.received
        ),
        (4, 3, 10)
    );
    assert!(
        count.broken().iter().all(|b| !b.is_paper()),
        "{:?}",
        count.broken()
    );
    // One ballot too many found, and an unused count that does not add up: both named.
    let bad = PaperEntry {
        unused: 6,
        found_station: 4,
        ..good
    };
    let broken: Vec<Broken> = station
        .paper_count(list, &bad)
        .unwrap()
        .broken()
        .into_iter()
        .filter(Broken::is_paper)
        .collect();
    assert!(
        broken.contains(&Broken::PaperAccounted {
            received: 10,
            issued_station: 3,
            issued_mobile: 0,
            spoiled: 0,
            unused: 6
        }),
        "{broken:?}"
    );
    assert!(
        broken.contains(&Broken::FoundStation {
            found: 4,
            issued: 3
        }),
        "{broken:?}"
    );
    assert!(
        broken.contains(&Broken::PaperVotes {
            votes: 2,
            invalid: 1,
            found: 4
        }),
        "{broken:?}"
    );
}

#[test]
fn guardians_decrypt_the_station_by_documents_and_a_bad_share_is_refused() {
    let mut f = fixture(2);
    let station = f.station();
    let mut t = f.terminal(&station, "t1");
    let mut rng = rand_chacha::ChaCha20Rng::clone(&f.rng);
    let contests = station.style_contests();
    let all: Vec<(String, u64)> = contests.iter().map(|c| (c.clone(), 5)).collect();
    station.open_polls(f.at(0), &all).unwrap();
    let mut card = MemoryCard::default();
    station
        .issue(
            &f.voters[0].iin,
            How::Card,
            None,
            Some(&mut card),
            f.at(60),
            &mut rng,
        )
        .unwrap();
    let mut s = t.start(&mut card, Language::English).unwrap();
    for i in 0..contests.len() {
        s.choose(i, Choice::Option(1)).unwrap();
    }
    s.encrypt(&mut rng).unwrap();
    s.cast(&mut card).unwrap();
    station.accept(&mut card).unwrap();
    assert!(
        matches!(station.decryption_request(), Err(GuardianError::NotSealed)),
        "totals are final only once sealed"
    );
    station.seal(f.closing_time()).unwrap();
    let request = station.decryption_request().unwrap();
    // Each guardian on their own machine: the public election, their key file, the request.
    let (precinct, tally) = request_from_json(&f.election, &request).unwrap();
    assert_eq!(precinct, f.precinct);
    let answer = |k: usize| {
        let key = key_from_json(&f.election, &key_json(&f.election, &f.keys[k])).unwrap();
        let p = partial_decrypt(&key, &f.election, &tally, &mut rand_core::OsRng);
        partial_json(&f.election, &precinct, &tally, &p)
    };
    assert_eq!(station.add_partial(&answer(0)).unwrap(), 1);
    assert!(matches!(
        station.add_partial(&answer(0)),
        Err(GuardianError::Twice(1))
    ));
    // A partial with one share swapped for another: its proof fails, and it is not kept.
    let good = String::from_utf8(answer(1)).unwrap();
    let v: serde_json::Value = serde_json::from_str(&good).unwrap();
    let (first, second) = (
        v["contests"][0]["shares"][0]["share"].as_str().unwrap(),
        v["contests"][0]["shares"][1]["share"].as_str().unwrap(),
    );
    let forged = good.replacen(first, second, 1);
    assert!(matches!(
        station.add_partial(forged.as_bytes()),
        Err(GuardianError::Refused(_))
    ));
    assert!(matches!(
        station.add_partial(b"{}"),
        Err(GuardianError::Unreadable(_))
    ));
    assert_eq!(station.partials().unwrap().len(), 1);
    station.add_partial(good.as_bytes()).unwrap();
    station.add_partial(&answer(3)).unwrap();
    // With the paper agreed and the terminal declared, the quorum's partials close the station.
    for c in &contests {
        let n = station
            .definition()
            .option_ids(station.definition().contest(c).unwrap())
            .len();
        let entry = PaperEntry {
            unused: 5,
            votes: vec![0; n],
            ..Default::default()
        };
        station.enter_paper("A", c, &entry).unwrap();
        station.enter_paper("B", c, &entry).unwrap();
    }
    station.declare_terminal(&t.closing_statement()).unwrap();
    let closing = station.close(&station.partials().unwrap()).unwrap();
    let list = closing.protocol.protocol.contest(&contests[0]).unwrap();
    assert_eq!(
        list.options[1].electronic, 1,
        "the one electronic vote, decrypted"
    );
    f.verified(&closing);
}

//! Cards in real PC/SC readers: `pcscd` with vsmartcard's `vpcd` driver (Debian's
//! configuration: readers "Virtual PCD 00 00" and "00 01" on ports 35963 and 35964), and the
//! project's virtual card in them. The desk, the terminal and the box work through the
//! readers exactly as through files; a card pulled out mid-write keeps what it had.
//!
//! The readers are common/pcscd.rs's.

use super::cards::{payload, Day, FIRSTS};
use crate::pcscd::{insert, pull, readers, DESK, TERMINAL};
use sailau_station::card::applet::Applet;
use sailau_station::card::reader::ReaderCard;
use sailau_station::card::{Card, CardError, MemoryCard, Payload};

#[test]
fn a_voter_votes_with_a_card_carried_between_pc_sc_readers() {
    let _readers = readers();
    let mut d = Day::with_voters(3);
    let blank = Applet::in_memory(Payload::blank().to_bytes());

    // The desk writes the token on the card in its reader.
    let in_desk = insert(DESK, blank, None);
    let mut desk = ReaderCard::open(DESK).unwrap();
    d.issue_on(&mut desk);
    let card = pull(DESK, in_desk);
    let token = Payload::from_bytes(card.content()).unwrap().token;
    assert!(token.is_some(), "the desk wrote a token through PC/SC");

    // The voter carries it to the terminal's reader and casts.
    let in_terminal = insert(TERMINAL, card, None);
    let mut terminal = ReaderCard::open(TERMINAL).unwrap();
    let shown = d.vote(&mut terminal, &FIRSTS);
    let card = pull(TERMINAL, in_terminal);
    let voted = Payload::from_bytes(card.content()).unwrap();
    assert_eq!(voted.token, token);
    assert_eq!(voted.ballots.len(), 1);

    // The same bytes in a file-like card are what the box takes; the reader must give them.
    let mut copy = MemoryCard(card.content().to_vec());
    assert_eq!(payload(&mut copy), voted);

    // The box, at the desk's reader, takes the ballot and wipes the card.
    let in_box = insert(DESK, card, None);
    let mut ballot_box = ReaderCard::open(DESK).unwrap();
    let before = d.station.log_lines().unwrap().len();
    let receipt = d.station.accept(&mut ballot_box).unwrap();
    assert_eq!(
        receipt.code, shown,
        "the box confirms the code the terminal showed"
    );
    assert_eq!(d.station.log_lines().unwrap().len(), before + 1);
    assert!(d.station.log_intact().unwrap());
    let card = pull(DESK, in_box);
    assert_eq!(
        Payload::from_bytes(card.content()).unwrap(),
        Payload::blank(),
        "the box wiped the card through the reader"
    );
}

#[test]
fn a_card_pulled_out_during_a_write_keeps_what_it_had() {
    let _readers = readers();
    let old = Payload::blank().to_bytes();
    let new = vec![b'x'; 1000];
    // The write is SELECT, BEGIN, four chunks, COMMIT: the card leaves before each.
    let mut card = Applet::in_memory(old.clone());
    for cut in [0, 1, 2, 4, 6] {
        let inserted = insert(DESK, card, Some(cut));
        let e = ReaderCard::open(DESK)
            .unwrap()
            .write(&new)
            .expect_err("the card left during the write");
        assert!(matches!(e, CardError::Io(_)), "{e}");
        card = pull(DESK, inserted);
        assert_eq!(card.content(), &old[..], "pulled before command {cut}");
    }
    // Put back, it reads as before, and a whole write then takes.
    let inserted = insert(DESK, card, None);
    let mut reader = ReaderCard::open(DESK).unwrap();
    assert_eq!(reader.read().unwrap(), old);
    reader.write(&new).unwrap();
    assert_eq!(reader.read().unwrap(), new);
    assert_eq!(pull(DESK, inserted).content(), &new[..]);
}

#[test]
fn an_empty_reader_and_an_unknown_reader_are_refused_by_name() {
    let _readers = readers();
    let e = ReaderCard::open(TERMINAL).unwrap().read().unwrap_err();
    assert!(
        matches!(&e, CardError::Io(m) if m.contains(TERMINAL) && m.contains("no card")),
        "{e}"
    );
    let e = ReaderCard::open("No Such Reader 00 00")
        .err()
        .expect("an unknown reader");
    assert!(
        matches!(&e, CardError::Io(m) if m.contains("No Such Reader") && m.contains(DESK)),
        "the refusal names the readers there are: {e}"
    );
    // The box with an empty reader refuses and records nothing.
    let d = Day::with_voters(1);
    let before = d.station.log_lines().unwrap();
    assert!(d
        .station
        .accept(&mut ReaderCard::open(DESK).unwrap())
        .is_err());
    assert_eq!(d.station.log_lines().unwrap(), before);
}

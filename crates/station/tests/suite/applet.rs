//! The card's commands over PC/SC (docs/formats.md, "The card over PC/SC"), without a
//! reader: the reader's side of them against the applet directly. A content goes on and
//! comes off whole; a write cut short at any command leaves the old content; each malformed
//! or out-of-order command gets the ISO/IEC 7816-4 status word the format names.

use proptest::prelude::*;
use sailau_station::card::apdu::{self, sw, Answer};
use sailau_station::card::applet::Applet;
use sailau_station::card::vpcd::ATR;
use sailau_station::card::{CardError, CAPACITY};

/// The applet as a reader's transmit: every command answered, none lost.
fn wire(applet: &mut Applet) -> impl FnMut(&[u8]) -> Result<Answer, CardError> + '_ {
    |c| Ok(applet.respond(c))
}

/// The applet behind a reader that loses the card after `n` commands: the card's power goes
/// with it.
fn cut_after(
    applet: &mut Applet,
    mut n: usize,
) -> impl FnMut(&[u8]) -> Result<Answer, CardError> + '_ {
    move |c| {
        if n == 0 {
            applet.reset();
            return Err(CardError::Io("the card was pulled out".into()));
        }
        n -= 1;
        Ok(applet.respond(c))
    }
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    <sha2::Sha256 as sha2::Digest>::digest(bytes).into()
}

fn sw_of(applet: &mut Applet, command: &[u8]) -> u16 {
    applet.respond(command).sw
}

fn selected(content: &[u8]) -> Applet {
    let mut a = Applet::in_memory(content.to_vec());
    assert_eq!(sw_of(&mut a, &apdu::select()), sw::OK);
    a
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever a card is given (up to several chunks' worth), it gives back, byte for byte,
    /// through the same commands a PC/SC reader sends.
    #[test]
    fn a_content_written_is_read_back_whole(
        old in proptest::collection::vec(any::<u8>(), 0..700),
        new in proptest::collection::vec(any::<u8>(), 0..2000),
    ) {
        let mut a = Applet::in_memory(old);
        apdu::write_all(&mut wire(&mut a), &new).unwrap();
        prop_assert_eq!(a.content(), &new[..]);
        prop_assert_eq!(apdu::read_all(&mut wire(&mut a)).unwrap(), new);
    }

    /// A card pulled out after any number of the write's commands holds its old content,
    /// whole, until a write's COMMIT is answered; after that, the new content, whole.
    #[test]
    fn a_write_cut_short_anywhere_leaves_the_old_content(
        old in proptest::collection::vec(any::<u8>(), 0..600),
        new in proptest::collection::vec(any::<u8>(), 1..1200),
        cut in 0usize..12,
    ) {
        let mut a = Applet::in_memory(old.clone());
        // SELECT, BEGIN, the chunks, COMMIT.
        let commands = 3 + new.len().div_ceil(apdu::WRITE_CHUNK);
        let r = apdu::write_all(&mut cut_after(&mut a, cut), &new);
        let read = apdu::read_all(&mut wire(&mut a)).unwrap();
        if cut < commands {
            prop_assert!(r.is_err());
            prop_assert_eq!(read, old);
        } else {
            prop_assert!(r.is_ok());
            prop_assert_eq!(read, new);
        }
    }
}

#[test]
fn a_commit_whose_digest_or_length_differs_changes_nothing() {
    let mut a = selected(b"old");
    assert_eq!(sw_of(&mut a, &apdu::begin(3)), sw::OK);
    assert_eq!(sw_of(&mut a, &apdu::write(b"new")), sw::OK);
    // The digest of other bytes: a chunk lost or altered on the way.
    let other = sha256(b"neW");
    assert_eq!(sw_of(&mut a, &apdu::commit(&other)), sw::WRONG_DATA);
    assert_eq!(a.content(), b"old");
    // A COMMIT with fewer bytes staged than BEGIN declared.
    assert_eq!(sw_of(&mut a, &apdu::begin(4)), sw::OK);
    assert_eq!(sw_of(&mut a, &apdu::write(b"new")), sw::OK);
    let digest = sha256(b"new");
    assert_eq!(sw_of(&mut a, &apdu::commit(&digest)), sw::WRONG_DATA);
    assert_eq!(a.content(), b"old");
    // More bytes than BEGIN declared throws the staging away.
    assert_eq!(sw_of(&mut a, &apdu::begin(2)), sw::OK);
    assert_eq!(sw_of(&mut a, &apdu::write(b"new")), sw::WRONG_DATA);
    assert_eq!(sw_of(&mut a, &apdu::commit(&digest)), sw::NOT_SATISFIED);
    assert_eq!(a.content(), b"old");
}

#[test]
fn commands_out_of_order_are_refused() {
    let digest = [0u8; 32];
    let mut a = Applet::in_memory(b"old".to_vec());
    // Nothing selected yet: no command of the applet is taken.
    for c in [
        apdu::status(),
        apdu::read(0),
        apdu::begin(1),
        apdu::write(b"x"),
        apdu::commit(&digest),
    ] {
        assert_eq!(sw_of(&mut a, &c), sw::NOT_SATISFIED, "{c:02X?}");
    }
    assert_eq!(sw_of(&mut a, &apdu::select()), sw::OK);
    // WRITE and COMMIT with nothing staged.
    assert_eq!(sw_of(&mut a, &apdu::write(b"x")), sw::NOT_SATISFIED);
    assert_eq!(sw_of(&mut a, &apdu::commit(&digest)), sw::NOT_SATISFIED);
    // A reset (power lost) throws away what was staged and the selection.
    assert_eq!(sw_of(&mut a, &apdu::begin(1)), sw::OK);
    a.reset();
    assert_eq!(sw_of(&mut a, &apdu::write(b"x")), sw::NOT_SATISFIED);
    assert_eq!(sw_of(&mut a, &apdu::select()), sw::OK);
    assert_eq!(sw_of(&mut a, &apdu::write(b"x")), sw::NOT_SATISFIED);
    assert_eq!(a.content(), b"old");
}

#[test]
fn malformed_commands_get_their_status_words() {
    let mut a = selected(b"0123456789");
    // Too short for a header; an extended length; Lc that disagrees with the data.
    assert_eq!(sw_of(&mut a, &[0x80, 0x12, 0]), sw::WRONG_LENGTH);
    assert_eq!(
        sw_of(&mut a, &[0x80, 0x12, 0, 0, 0, 0, 4, 0, 0, 0, 0]),
        sw::WRONG_LENGTH
    );
    assert_eq!(
        sw_of(&mut a, &[0x80, 0x12, 0, 0, 4, 0, 0]),
        sw::WRONG_LENGTH
    );
    // READ's offset must be four bytes, and not past the end.
    assert_eq!(
        sw_of(&mut a, &[0x80, 0x12, 0, 0, 2, 0, 0]),
        sw::WRONG_LENGTH
    );
    assert_eq!(sw_of(&mut a, &apdu::read(11)), sw::WRONG_DATA);
    assert_eq!(
        a.respond(&apdu::read(10)),
        Answer {
            data: vec![],
            sw: sw::OK
        }
    );
    assert_eq!(a.respond(&apdu::read(7)).data, b"789");
    // Another class, another instruction, P1-P2 not zero.
    assert_eq!(sw_of(&mut a, &[0x00, 0x12, 0, 0]), sw::CLA_UNKNOWN);
    assert_eq!(sw_of(&mut a, &[0x80, 0x99, 0, 0]), sw::INS_UNKNOWN);
    assert_eq!(sw_of(&mut a, &[0x80, 0x10, 1, 0, 8]), sw::WRONG_P1P2);
    // More than the card holds.
    assert_eq!(
        sw_of(&mut a, &apdu::begin(CAPACITY as u32 + 1)),
        sw::NO_SPACE
    );
    assert_eq!(a.content(), b"0123456789");
}

#[test]
fn a_card_without_the_applet_or_claiming_too_much_is_refused() {
    // A card of another application answers SELECT 6A82 (not found).
    let mut foreign = |_: &[u8]| {
        Ok(Answer {
            data: vec![],
            sw: 0x6A82,
        })
    };
    let e = apdu::read_all(&mut foreign).unwrap_err();
    assert!(
        matches!(&e, CardError::Malformed(m) if m.contains("no Sailau applet")),
        "{e}"
    );
    // Our applet, selected by another AID, says the same.
    let mut a = Applet::in_memory(vec![]);
    let mut other = apdu::select();
    *other.last_mut().unwrap() ^= 1;
    assert_eq!(sw_of(&mut a, &other), sw::NOT_FOUND);
    // A card that says it holds more than any card can is not read.
    let mut boastful = |c: &[u8]| {
        Ok(match c[1] {
            0x10 => Answer {
                data: [((CAPACITY + 1) as u32).to_be_bytes(), [0; 4]].concat(),
                sw: sw::OK,
            },
            _ => Answer {
                data: vec![],
                sw: sw::OK,
            },
        })
    };
    let e = apdu::read_all(&mut boastful).unwrap_err();
    assert!(matches!(e, CardError::Malformed(_)), "{e}");
    // A content too large is refused before the card is touched.
    let mut touched = false;
    let mut card = |_: &[u8]| {
        touched = true;
        Ok(Answer {
            data: vec![],
            sw: sw::OK,
        })
    };
    assert!(apdu::write_all(&mut card, &vec![b' '; CAPACITY + 1]).is_err());
    assert!(!touched);
}

#[test]
fn the_virtual_cards_answer_to_reset_is_well_formed() {
    // ISO/IEC 7816-3 §8: TS 3B (direct convention); T0 says TD1 follows and how many
    // historical bytes; with T=1 offered, every byte from T0 to TCK XORs to zero.
    assert_eq!(ATR[0], 0x3B);
    let historical = usize::from(ATR[1] & 0x0F);
    assert_eq!(&ATR[4..4 + historical], b"SAILAU");
    assert_eq!(ATR[3] & 0x0F, 1, "TD2 offers T=1");
    assert_eq!(ATR.len(), 4 + historical + 1);
    assert_eq!(ATR[1..].iter().fold(0, |x, b| x ^ b), 0);
}

#[test]
fn a_card_on_a_file_keeps_only_committed_contents_across_insertions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("card.bin");
    let mut a = Applet::on_file(&path).unwrap();
    assert_eq!(a.content(), b"");
    apdu::write_all(&mut wire(&mut a), b"first").unwrap();
    // Pulled out in the middle of the second write.
    let _ = apdu::write_all(&mut cut_after(&mut a, 3), b"second, longer");
    drop(a);
    let mut again = Applet::on_file(&path).unwrap();
    assert_eq!(apdu::read_all(&mut wire(&mut again)).unwrap(), b"first");
    assert_eq!(std::fs::read(&path).unwrap(), b"first");
}

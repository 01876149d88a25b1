//! The station's pages with its cards in readers (`sailau station serve --reader`): the
//! desk writes the card in its reader, the terminal and the box read theirs, and no page asks
//! for a card's number. The readers here hold file cards, moved from reader to reader as a
//! voter carries the card; the same pages over PC/SC are `sailau`'s test
//! (crates/cli/tests/suite/pc_sc.rs).

use super::certificates::sign_in;
use super::station_gaps::{send, served_with, Served, NOON};
use sailau_server::clock::Clock;
use sailau_station::card::{Card, CardError, FileCard, Payload};
use sailau_web::station::{AnyCard, CardRack, Readers};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The slot of reader `name`: the file its card is kept in while it is there.
fn slot(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("reader-{name}.card"))
}

fn in_readers(dir: &Path, device: &str) -> CardRack {
    let slots = dir.to_path_buf();
    CardRack::readers(Readers {
        open: Box::new(move |name: &str| -> Result<AnyCard, CardError> {
            let path = slot(&slots, name);
            if !path.exists() {
                return Err(CardError::Io(format!(
                    "{name}: there is no card in the reader"
                )));
            }
            Ok(Box::new(FileCard::new(path)))
        }),
        desk: "desk".into(),
        ballot_box: "box".into(),
        terminals: BTreeMap::from([(device.to_string(), "terminal".to_string())]),
    })
}

/// The voter carries the card from reader `from` to reader `to`.
fn carry(dir: &Path, from: &str, to: &str) {
    std::fs::rename(slot(dir, from), slot(dir, to)).unwrap();
}

fn card_in(dir: &Path, name: &str) -> Payload {
    FileCard::new(slot(dir, name)).payload().unwrap()
}

fn station() -> (Served, PathBuf) {
    let mut at = PathBuf::new();
    let s = served_with(Clock::fixed(NOON), None, |dir, device| {
        at = dir.to_path_buf();
        in_readers(dir, device)
    });
    (s, at)
}

#[test]
fn a_voter_votes_with_the_card_in_the_desks_the_terminals_and_the_boxs_readers() {
    let (s, dir) = station();
    let terminal = format!("/terminal/{}", s.device);
    let contests = sailau_station::Station::open(&s.db)
        .unwrap()
        .style_contests();
    s.rt.block_on(async {
        let cookie = sign_in(&s.app).await;
        let c = Some(cookie.as_str());
        let (status, page) = send(
            &s.app,
            "POST",
            "/console/open",
            c,
            &contests
                .iter()
                .map(|c| format!("{c}=100"))
                .collect::<Vec<_>>()
                .join("&"),
        )
        .await;
        assert_eq!(status, 303, "{page}");

        // No page asks for a card's number.
        for (path, cookie) in [("/console/box", c), (terminal.as_str(), None)] {
            let (status, page) = send(&s.app, "GET", path, cookie, "").await;
            assert_eq!(status, 200, "{path}");
            assert!(
                page.contains("Put the card into the reader"),
                "{path}: {page}"
            );
            assert!(!page.contains("name=\"card\""), "{path} asks for a number");
        }

        // An empty desk reader: the voter is not recorded as issued a card.
        let form = format!("iin={}&how=card", s.voter);
        let (status, page) = send(&s.app, "POST", "/console/desk/issue", c, &form).await;
        assert_eq!(status, 422, "{page}");
        assert!(page.contains("there is no card in the reader"), "{page}");

        // A blank card in the desk's reader gets the token.
        FileCard::new(slot(&dir, "desk")).erase().unwrap();
        let (status, page) = send(&s.app, "POST", "/console/desk/issue", c, &form).await;
        assert_eq!(status, 200, "{page}");
        assert!(
            page.contains("The card in the desk’s reader is written."),
            "{page}"
        );
        assert!(card_in(&dir, "desk").token.is_some());

        // The voter takes it to the terminal's reader and casts.
        carry(&dir, "desk", "terminal");
        let (status, _) = send(&s.app, "POST", &format!("{terminal}/start"), None, "").await;
        assert_eq!(status, 303);
        for i in 0..contests.len() {
            let path = format!("{terminal}/contest/{i}");
            let (status, page) = send(&s.app, "POST", &path, None, "choice=o0").await;
            assert_eq!(status, 303, "{path}: {page}");
        }
        let (status, page) = send(&s.app, "POST", &format!("{terminal}/encrypt"), None, "").await;
        assert!(status == 200 || status == 303, "{status} {page}");
        let (status, _) = send(&s.app, "POST", &format!("{terminal}/cast"), None, "").await;
        assert_eq!(status, 303);
        assert_eq!(card_in(&dir, "terminal").ballots.len(), 1);

        // A card that holds a ballot is not written over at the desk.
        std::fs::copy(slot(&dir, "terminal"), slot(&dir, "desk")).unwrap();
        let before = std::fs::read(slot(&dir, "desk")).unwrap();
        let (status, page) = send(&s.app, "POST", "/console/desk/issue", c, &form).await;
        assert_eq!(status, 422, "{page}");
        assert!(page.contains("is not blank"), "{page}");
        assert_eq!(std::fs::read(slot(&dir, "desk")).unwrap(), before);
        std::fs::remove_file(slot(&dir, "desk")).unwrap();

        // The box takes the card in its reader and wipes it.
        carry(&dir, "terminal", "box");
        let (status, page) = send(&s.app, "POST", "/console/box", c, "").await;
        assert_eq!(status, 200);
        assert!(page.contains("The ballot is in the box."), "{page}");
        assert_eq!(card_in(&dir, "box"), Payload::blank());
    });
}

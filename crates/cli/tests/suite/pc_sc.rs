//! The commands with cards in PC/SC readers (a build with `--features pcsc`): `card
//! readers` lists them, `card virtual` puts the project's virtual card into one, `station
//! box --reader` takes the card there, and `station serve --reader` needs one for every
//! device. The readers are the station suite's common/pcscd.rs's.

use crate::crash::station_with_cards;
use crate::pcscd::{readers, wait_for, DESK, TERMINAL};
use sailau_station::card::Payload;
use std::process::{Child, Command, Output, Stdio};

fn sailau(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args(args)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `sailau card virtual` with its memory in `memory`, in the desk's reader until killed.
struct Virtual(Child);

impl Virtual {
    fn insert(memory: &std::path::Path) -> Virtual {
        let child = Command::new(env!("CARGO_BIN_EXE_sailau"))
            .args(["card", "virtual", "--reader", "127.0.0.1:35963", "--memory"])
            .arg(memory)
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        wait_for(DESK, true);
        Virtual(child)
    }

    fn pull(mut self) {
        self.0.kill().unwrap();
        self.0.wait().unwrap();
        // pcscd sees the reader empty at its next poll (common/pcscd.rs's pull).
        std::thread::sleep(std::time::Duration::from_millis(900));
        wait_for(DESK, false);
    }
}

impl Drop for Virtual {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_ballot_box_takes_the_card_in_a_pc_sc_reader() {
    let _readers = readers();
    let dir = tempfile::tempdir().unwrap();
    let (db, cards, codes) = station_with_cards(dir.path(), 1);
    let db = db.to_str().unwrap();

    let listed = sailau(&["card", "readers"]);
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    let listed = text(&listed.stdout);
    assert!(listed.lines().any(|l| l == DESK), "{listed}");
    assert!(listed.lines().any(|l| l == TERMINAL), "{listed}");

    // The voted card's bytes go onto the virtual card, which goes into the desk's reader.
    let (name, code) = codes.iter().next().unwrap();
    let memory = dir.path().join("card.bin");
    std::fs::copy(cards.join(name), &memory).unwrap();
    let card = Virtual::insert(&memory);
    let out = sailau(&["station", "box", "--db", db, "--reader", DESK]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim(),
        format!("accepted {DESK} {code} (log position 0)"),
        "the box confirms the code the terminal showed"
    );
    // The box wiped it through the reader: put in again, it is blank, and nothing is taken.
    let out = sailau(&["station", "box", "--db", db, "--reader", DESK]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), format!("blank {DESK}"));
    card.pull();
    assert_eq!(
        Payload::from_bytes(&std::fs::read(&memory).unwrap()).unwrap(),
        Payload::blank()
    );

    // An empty reader, and a reader that is not there: exit 2, named, nothing printed.
    for (reader, needle) in [
        (DESK, "no card in the reader"),
        ("No Such Reader", "no reader is named"),
    ] {
        let out = sailau(&["station", "box", "--db", db, "--reader", reader]);
        assert_eq!(out.status.code(), Some(2), "{reader}");
        let err = text(&out.stderr);
        assert!(err.contains(reader) && err.contains(needle), "{err}");
        assert!(out.stdout.is_empty(), "{reader}: nothing taken");
    }

    // A hostile card in the reader is refused (exit 1) and kept as it was.
    std::fs::write(&memory, br#"{"format":"sailau-card/1","ballots":[{}]}"#).unwrap();
    let card = Virtual::insert(&memory);
    let out = sailau(&["station", "box", "--db", db, "--reader", DESK]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with(&format!("refused {DESK}: ")));
    card.pull();
    assert_eq!(
        std::fs::read(&memory).unwrap(),
        br#"{"format":"sailau-card/1","ballots":[{}]}"#
    );
}

#[test]
fn a_station_served_with_readers_needs_one_for_every_device() {
    let _readers = readers();
    let dir = tempfile::tempdir().unwrap();
    let (db, _, _) = station_with_cards(dir.path(), 0);
    let terminal = dir.path().join("terminal");
    let serve = |readers: &[&str]| {
        let mut args = vec![
            "station".to_string(),
            "serve".into(),
            "--db".into(),
            db.to_str().unwrap().into(),
            "--terminal".into(),
            terminal.to_str().unwrap().into(),
            "--listen".into(),
            "127.0.0.1:0".into(),
        ];
        for r in readers {
            args.extend(["--reader".to_string(), r.to_string()]);
        }
        Command::new(env!("CARGO_BIN_EXE_sailau"))
            .args(args)
            .env("SAILAU_PASSWORD", "station password 1")
            .output()
            .unwrap()
    };
    let desk = format!("desk={DESK}");
    let ballot_box = format!("box={DESK}");
    let t1 = format!("p-00003-t1={TERMINAL}");
    let cases: [(Vec<&str>, &str); 6] = [
        (vec![&desk, &ballot_box], "p-00003-t1 has no reader"),
        (vec![&desk, &t1], "box has no reader"),
        (
            vec![&desk, &ballot_box, &t1, "t9=X"],
            "--reader t9: not desk, box or a terminal",
        ),
        (
            vec!["desk", &ballot_box, &t1],
            "--reader desk: give ROLE=NAME",
        ),
        (
            vec![&desk, &desk, &ballot_box, &t1],
            "--reader desk: given twice",
        ),
        (
            vec!["desk=Nowhere 00 00", &ballot_box, &t1],
            "no reader is named \"Nowhere 00 00\"",
        ),
    ];
    for (given, needle) in cases {
        let out = serve(&given);
        assert_eq!(out.status.code(), Some(2), "{given:?}");
        let err = text(&out.stderr);
        assert!(err.contains(needle), "{given:?}: {err}");
    }
    // Without readers, a station that refuses to start (here its password) makes no folder
    // of cards either.
    let out = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args([
            "station",
            "serve",
            "--db",
            db.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ])
        .env("SAILAU_PASSWORD", "short")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        !dir.path().join("station.cards").exists(),
        "a station that did not start made no folder of cards"
    );
}

/// `card virtual` with no reader listening at its address: exit 4, named; with a memory that
/// cannot be a card's: exit 2. Neither touches the memory.
#[test]
fn the_virtual_card_says_why_it_cannot_go_in() {
    let dir = tempfile::tempdir().unwrap();
    let memory = dir.path().join("card.bin");
    // A port nobody listens on: bound, then given back.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let address = format!("127.0.0.1:{port}");
    let m = memory.to_str().unwrap();
    let out = sailau(&["card", "virtual", "--reader", &address, "--memory", m]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(&address),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !memory.exists(),
        "no memory made for a card that never went in"
    );
    let d = dir.path().to_str().unwrap();
    let out = sailau(&["card", "virtual", "--reader", &address, "--memory", d]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("--memory"),
        "{}",
        text(&out.stderr)
    );
}

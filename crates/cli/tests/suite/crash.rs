//! The ballot box killed with SIGKILL at random instants while casting: after every restart,
//! each acknowledged ballot is in the log exactly once, no ballot is there twice, and the
//! log's chain verifies. SAILAU_CRASH_POINTS sets the number of kills (100 by default; the
//! long run uses more).

use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use sailau_crypto::record::election_json;
use sailau_definition::{sample, Definition, Language};
use sailau_station::card::{Card, FileCard};
use sailau_station::desk::How;
use sailau_station::terminal::{Choice, Terminal};
use sailau_station::Station;
use sailau_voters::{Iin, Sex, Voter};
use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A station abroad (one contest on its ballot, so cards are quick to make) with `n` voted
/// cards in `cards/`; returns the codes the terminal showed, by card file name.
pub(super) fn station_with_cards(
    dir: &Path,
    n: usize,
) -> (PathBuf, PathBuf, BTreeMap<String, String>) {
    let mut rng = ChaCha20Rng::seed_from_u64(42);
    let def_json = sample::mazhilis_2023(3, 5).to_json();
    let def = Definition::from_json(&def_json).unwrap().check().unwrap();
    let (election, _) = sample::ceremony(&def, &mut rng).unwrap();
    let precinct = "p-00003";
    assert!(def.precinct(precinct).unwrap().abroad);
    let db = dir.join("station.db");
    let part = sailau_station::part::Setup::new(&def, &election_json(&election))
        .unwrap()
        .part(precinct)
        .unwrap();
    let station = Station::create(&db, &part, &mut rng).unwrap();
    let birth = "1975-04-02".parse().unwrap();
    let voters: Vec<Voter> = (0..)
        .filter_map(|s| Iin::issue(birth, Sex::Male, s))
        .take(n)
        .enumerate()
        .map(|(i, iin)| Voter {
            iin,
            name: format!("Voter {i}"),
            birth,
            precinct: precinct.into(),
        })
        .collect();
    station.load_voters(&voters).unwrap();
    let mut t = Terminal::create(
        &dir.join("terminal"),
        "p-00003-t1",
        &station.desk_public_key(),
        &part,
        &mut rng,
    )
    .unwrap();
    station
        .register_terminal(t.device(), &t.public_key())
        .unwrap();
    let (day, offset) = station.day();
    let noon = sailau_law::election_day::Moment(
        sailau_law::election_day::polls(day, offset).0 .0 + 3 * 3600,
    );
    let cards = dir.join("cards");
    std::fs::create_dir_all(&cards).unwrap();
    let mut codes = BTreeMap::new();
    for (i, v) in voters.iter().enumerate() {
        let name = format!("{i:04}.card");
        let mut card = FileCard::new(cards.join(&name));
        station
            .issue(&v.iin, How::Card, None, Some(&mut card), noon, &mut rng)
            .unwrap();
        let mut s = t.start(&mut card, Language::English).unwrap();
        s.choose(0, Choice::Option((i % 8) as u32)).unwrap();
        s.encrypt(&mut rng).unwrap();
        codes.insert(name, s.cast(&mut card).unwrap());
    }
    (db, cards, codes)
}

/// Starts the box; returns its lines as they come.
fn start_box(db: &Path, cards: &Path) -> (std::process::Child, mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args([
            "station",
            "box",
            "--db",
            db.to_str().unwrap(),
            "--cards",
            cards.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// The code of an "accepted NAME CODE …" or "already NAME CODE" line.
fn acknowledged(line: &str) -> Option<(String, String)> {
    let mut w = line.split(' ');
    match w.next()? {
        "accepted" | "already" => Some((w.next()?.to_string(), w.next()?.to_string())),
        _ => None,
    }
}

#[test]
fn no_acknowledged_ballot_is_lost_or_doubled_when_the_box_is_killed() {
    let kills: usize = std::env::var("SAILAU_CRASH_POINTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let dir = tempfile::tempdir().unwrap();
    let (db, cards, codes) = station_with_cards(dir.path(), kills * 3 + 20);
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    let mut acked: BTreeMap<String, String> = BTreeMap::new();
    let mut killed = 0;
    while killed < kills {
        let (mut child, rx) = start_box(&db, &cards);
        // Kill after 0 to 2 acknowledgements, then 0 to 2.5 ms into the next card (a card takes
        // about 1.5 ms): the instants fall everywhere in the box's work, from reading the card
        // to wiping it.
        let wait_for = rng.next_u64() % 3;
        let mut seen = 0;
        let mut finished = false;
        while seen < wait_for {
            match rx.recv_timeout(Duration::from_secs(20)) {
                Ok(line) => {
                    if let Some((card, code)) = acknowledged(&line) {
                        acked.insert(card, code);
                        seen += 1;
                    }
                }
                Err(_) => {
                    finished = true;
                    break;
                }
            }
        }
        std::thread::sleep(Duration::from_micros(rng.next_u64() % 2_500));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        for line in rx.try_iter() {
            if let Some((card, code)) = acknowledged(&line) {
                acked.insert(card, code);
            }
        }
        if status.success() || finished {
            break; // every card is in the box
        }
        killed += 1;
    }
    eprintln!(
        "{killed} kills; {} ballots acknowledged before the last run",
        acked.len()
    );
    assert_eq!(killed, kills, "the cards ran out before every kill landed");
    // The last run, uninterrupted.
    let (mut child, rx) = start_box(&db, &cards);
    assert!(child.wait().unwrap().success());
    for line in rx.iter() {
        if let Some((card, code)) = acknowledged(&line) {
            acked.insert(card, code);
        }
    }

    let station = Station::open(&db).unwrap();
    let log = station.log_lines().unwrap();
    assert!(
        station.log_intact().unwrap(),
        "the log's hash chain verifies"
    );
    let logged: Vec<String> = log
        .iter()
        .map(|(line, _)| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let code: [u8; 32] = sailau_group::from_hex32(v["code"].as_str().unwrap()).unwrap();
            sailau_crypto::display_code(&code)
        })
        .collect();
    let unique: HashSet<&String> = logged.iter().collect();
    assert_eq!(unique.len(), logged.len(), "no ballot is in the log twice");
    assert_eq!(
        logged.len(),
        codes.len(),
        "every card's ballot is in the log exactly once"
    );
    for (card, code) in &acked {
        assert_eq!(
            codes.get(card),
            Some(code),
            "{card}: acknowledged with the code the voter saw"
        );
        assert!(
            unique.contains(code),
            "{card}: acknowledged but not in the log"
        );
    }
    for name in codes.keys() {
        let mut c = FileCard::new(cards.join(name));
        assert_eq!(c.payload().unwrap().token, None, "{name}: wiped");
    }
}

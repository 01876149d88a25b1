//! The desk issuing cards and the terminal writing them, each killed with SIGKILL at random
//! instants: after every restart, each card is whole, each acknowledged card holds what was
//! acknowledged, no card holds a token the desk did not record, and the ballot box takes every
//! written ballot exactly once. SAILAU_CRASH_POINTS sets the kills per step (100 by default;
//! the long run uses 1,000).
//!
//! The process killed is this test binary itself, run again on an ignored test (`child_*`)
//! that does the step's work in a loop and prints a line once each card is written.

use rand_chacha::ChaCha20Rng;
use rand_core::{OsRng, RngCore, SeedableRng};
use sailau_crypto::record::election_json;
use sailau_definition::{sample, Definition, Language};
use sailau_law::election_day::{polls, Moment};
use sailau_station::card::{self, Card, FileCard, Payload};
use sailau_station::desk::How;
use sailau_station::paper::PaperEntry;
use sailau_station::terminal::{Choice, Terminal};
use sailau_station::Station;
use sailau_voters::{Iin, Sex, Voter};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const DIR: &str = "SAILAU_CRASH_DIR";

/// The folder a child works in; none when the test binary runs the child by itself.
fn child_dir() -> Option<PathBuf> {
    std::env::var_os(DIR).map(PathBuf::from)
}

fn kills() -> usize {
    std::env::var("SAILAU_CRASH_POINTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100)
}

/// The station abroad of a 3-precinct election (one contest on its ballot), `n` voters on its
/// list, one terminal registered: `DIR/station.db`, `DIR/terminal/`, and `DIR/cards/`.
fn station(dir: &Path, n: usize) -> Vec<Voter> {
    station_keys(dir, n).0
}

/// [`station`], and the guardians' keys of its election.
fn station_keys(dir: &Path, n: usize) -> (Vec<Voter>, Vec<sailau_crypto::GuardianKey>) {
    let mut rng = ChaCha20Rng::seed_from_u64(42);
    let def = Definition::from_json(&sample::mazhilis_2023(3, 5).to_json())
        .unwrap()
        .check()
        .unwrap();
    let (election, keys) = sample::ceremony(&def, &mut rng).unwrap();
    let precinct = "p-00003";
    let part = sailau_station::part::Setup::new(&def, &election_json(&election))
        .unwrap()
        .part(precinct)
        .unwrap();
    let station = Station::create(&dir.join("station.db"), &part, &mut rng).unwrap();
    let voters: Vec<Voter> = iins(n)
        .into_iter()
        .enumerate()
        .map(|(i, iin)| Voter {
            iin,
            name: format!("Voter {i}"),
            birth: iin.birth_date(),
            precinct: precinct.into(),
        })
        .collect();
    station.load_voters(&voters).unwrap();
    let t = Terminal::create(
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
    std::fs::create_dir_all(dir.join("cards")).unwrap();
    (voters, keys)
}

/// The IINs of the list's `n` voters, in list order: the desk's child finds them again here.
fn iins(n: usize) -> Vec<Iin> {
    let birth = "1975-04-02".parse().unwrap();
    (0..)
        .filter_map(|s| Iin::issue(birth, Sex::Male, s))
        .take(n)
        .collect()
}

fn card_path(dir: &Path, i: usize) -> PathBuf {
    dir.join("cards").join(format!("{i:04}.card"))
}

/// The cards in `DIR/cards`: a kill between a card's temporary file and its rename leaves
/// `NNNN.card.tmp` beside them, which is no card.
fn cards_in(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("cards"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "card")
        })
        .count()
}

fn noon(station: &Station) -> Moment {
    let (day, offset) = station.day();
    Moment(polls(day, offset).0 .0 + 3 * 3600)
}

/// Runs the ignored test `child` of this binary on `dir`; returns it and its lines as they
/// come.
fn spawn(child: &str, dir: &Path) -> (std::process::Child, mpsc::Receiver<String>) {
    let mut c = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            child,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DIR, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = c.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (c, rx)
}

/// Kills `child` of this binary `kills` times at random instants while it works, each time
/// after 0 to 2 acknowledgements and then up to `spread` more; then lets it finish. Returns
/// every acknowledgement (the words after `word`, by card number) and the kills that landed.
fn kill_repeatedly(
    child: &str,
    dir: &Path,
    word: &str,
    spread: Duration,
) -> (BTreeMap<usize, Vec<String>>, usize) {
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    let mut acked = BTreeMap::new();
    let mut take = |line: &str| {
        let mut w = line.split(' ');
        if w.next() == Some(word) {
            if let Some(i) = w.next().and_then(|n| n.parse().ok()) {
                acked.insert(i, w.map(String::from).collect());
            }
        }
    };
    let mut killed = 0;
    while killed < kills() {
        let (mut c, rx) = spawn(child, dir);
        let wait_for = rng.next_u64() % 3;
        let mut seen = 0;
        while seen < wait_for {
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok(line) => {
                    seen += u64::from(line.starts_with(word));
                    take(&line);
                }
                Err(_) => break,
            }
        }
        std::thread::sleep(Duration::from_micros(
            rng.next_u64() % spread.as_micros() as u64,
        ));
        let _ = c.kill(); // SIGKILL
        let status = c.wait().unwrap();
        rx.try_iter().for_each(|l| take(&l));
        if status.success() {
            break; // the work ran out before this kill
        }
        killed += 1;
    }
    // The last run, uninterrupted.
    let (mut c, rx) = spawn(child, dir);
    assert!(
        c.wait().unwrap().success(),
        "{child} finishes after the kills"
    );
    rx.iter().for_each(|l| take(&l));
    (acked, killed)
}

/// Every card, whole: no kill leaves one half-written.
fn cards(dir: &Path, n: usize) -> Vec<Payload> {
    (0..n)
        .map(|i| {
            let mut c = FileCard::new(card_path(dir, i));
            c.payload()
                .unwrap_or_else(|e| panic!("card {i} is not whole after the kills: {e}"))
        })
        .collect()
}

#[test]
fn the_desk_killed_while_issuing_leaves_no_unrecorded_token_and_no_half_card() {
    // Enough voters that the kills, not the list, end the loop, however fast the desk.
    let n = kills() * 8 + 20;
    let dir = tempfile::tempdir().unwrap();
    let voters = station(dir.path(), n);
    for i in 0..n {
        FileCard::new(card_path(dir.path(), i))
            .store(&Payload::blank())
            .unwrap();
    }
    let (acked, killed) = kill_repeatedly(
        "crash::child_desk",
        dir.path(),
        "issued",
        Duration::from_millis(4),
    );
    assert_eq!(
        killed,
        kills(),
        "the voters ran out before every kill landed"
    );

    let station = Station::open(&dir.path().join("station.db")).unwrap();
    let desk = station.desk_public_key();
    let cards = cards(dir.path(), n);
    let tokens = cards.iter().filter(|p| p.token.is_some()).count();
    for &i in acked.keys() {
        let t = cards[i]
            .token
            .as_ref()
            .unwrap_or_else(|| panic!("card {i} was acknowledged and holds no token"));
        assert!(
            card::signed_by(&t.desk, &t.signature, &card::token_digest(t))
                && t.desk == card::hex(&desk),
            "card {i}: its token is signed by this desk"
        );
    }
    let issued = voters
        .iter()
        .filter(|v| {
            station
                .may_issue(&v.iin, How::Card, None, noon(&station))
                .is_err()
        })
        .count();
    assert!(
        tokens <= issued,
        "{tokens} tokens on cards, {issued} voters recorded: a token the desk did not record \
         would be a second vote"
    );
    // A kill between the record and the card leaves a voter refused a second card (fail
    // closed); only a kill can do that, so never more of them than kills.
    assert!(
        issued - tokens <= killed,
        "{} voters recorded without a token, after {killed} kills",
        issued - tokens
    );
    eprintln!(
        "desk: {killed} kills, {} issues acknowledged, {} voters recorded without a token",
        acked.len(),
        issued - tokens
    );
    assert_eq!(issued, n, "every voter was issued in the end");
    let turnout: u64 = station.turnout().unwrap().iter().map(|(_, v)| v).sum();
    assert_eq!(
        turnout, issued as u64,
        "the turnout moves with the record of each issue"
    );
}

/// The desk's side of the kill test: issues a card to every voter who has none yet.
#[test]
#[ignore = "run by the_desk_killed_while_issuing_…, which kills it"]
fn child_desk() {
    let Some(dir) = child_dir() else {
        return;
    };
    let station = Station::open(&dir.join("station.db")).unwrap();
    let now = noon(&station);
    let iins = iins(cards_in(&dir));
    let mut out = std::io::stdout();
    for (i, iin) in iins.iter().enumerate() {
        if station.may_issue(iin, How::Card, None, now).is_err() {
            continue; // issued before a kill
        }
        let mut c = FileCard::new(card_path(&dir, i));
        station
            .issue(iin, How::Card, None, Some(&mut c), now, &mut OsRng)
            .unwrap();
        writeln!(out, "issued {i}").unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn the_terminal_killed_while_writing_leaves_every_ballot_for_the_box_exactly_once() {
    // Enough cards that the kills, not the cards, end the loop: an idle machine casts more
    // than three between two kills.
    let n = kills() * 8 + 20;
    let dir = tempfile::tempdir().unwrap();
    let voters = station(dir.path(), n);
    let mut rng = ChaCha20Rng::seed_from_u64(3);
    {
        let station = Station::open(&dir.path().join("station.db")).unwrap();
        for (i, v) in voters.iter().enumerate() {
            let mut c = FileCard::new(card_path(dir.path(), i));
            station
                .issue(
                    &v.iin,
                    How::Card,
                    None,
                    Some(&mut c),
                    noon(&station),
                    &mut rng,
                )
                .unwrap();
        }
    }
    let (acked, killed) = kill_repeatedly(
        "crash::child_terminal",
        dir.path(),
        "cast",
        Duration::from_millis(15),
    );
    assert_eq!(
        killed,
        kills(),
        "the cards ran out before every kill landed"
    );

    let cards = cards(dir.path(), n);
    for (&i, code) in &acked {
        assert_eq!(
            cards[i].ballots.len(),
            1,
            "card {i} was acknowledged: it holds the cast ballot"
        );
        let line: serde_json::Value = serde_json::from_str(&cards[i].ballots[0].line).unwrap();
        let shown = sailau_crypto::display_code(
            &sailau_group::from_hex32(line["code"].as_str().unwrap()).unwrap(),
        );
        assert_eq!(code, &vec![shown], "card {i}: the code the voter saw");
    }
    eprintln!(
        "terminal: {killed} kills, {} casts acknowledged of {n} cards",
        acked.len()
    );
    // Every card now carries its ballot: the kills lost only the terminal's time.
    assert!(
        cards.iter().all(|p| p.ballots.len() == 1),
        "every card voted"
    );
    let station = Station::open(&dir.path().join("station.db")).unwrap();
    for i in 0..n {
        let mut c = FileCard::new(card_path(dir.path(), i));
        station
            .accept(&mut c)
            .unwrap_or_else(|e| panic!("the box refuses card {i}: {e}"));
    }
    assert_eq!(station.log_lines().unwrap().len(), n, "one ballot per card");
    assert!(station.log_intact().unwrap(), "the log's chain verifies");
}

/// The terminal's side of the kill test: votes every card that holds a token and no ballot.
#[test]
#[ignore = "run by the_terminal_killed_while_writing_…, which kills it"]
fn child_terminal() {
    let Some(dir) = child_dir() else {
        return;
    };
    let mut t = Terminal::open(&dir.join("terminal")).unwrap();
    let n = cards_in(&dir);
    let mut out = std::io::stdout();
    for i in 0..n {
        let mut c = FileCard::new(card_path(&dir, i));
        if !c.payload().unwrap().ballots.is_empty() {
            continue; // written before a kill
        }
        let mut s = t.start(&mut c, Language::English).unwrap();
        s.choose(0, Choice::Option((i % 8) as u32)).unwrap();
        s.encrypt(&mut OsRng).unwrap();
        let code = s.cast(&mut c).unwrap();
        writeln!(out, "cast {i} {code}").unwrap();
        out.flush().unwrap();
    }
}

/// A station where every voter voted on the terminal and the box took every card, ready to
/// close: `DIR/partials/K.json` holds guardian K's answer to its decryption request, for 3
/// of 5 guardians.
fn voted_station(dir: &Path, n: usize) {
    let (voters, keys) = station_keys(dir, n);
    let mut rng = ChaCha20Rng::seed_from_u64(5);
    let station = Station::open(&dir.join("station.db")).unwrap();
    let mut t = Terminal::open(&dir.join("terminal")).unwrap();
    for (i, v) in voters.iter().enumerate() {
        let mut c = FileCard::new(card_path(dir, i));
        station
            .issue(
                &v.iin,
                How::Card,
                None,
                Some(&mut c),
                noon(&station),
                &mut rng,
            )
            .unwrap();
        let mut s = t.start(&mut c, Language::English).unwrap();
        s.choose(0, Choice::Option((i % 8) as u32)).unwrap();
        s.encrypt(&mut rng).unwrap();
        s.cast(&mut c).unwrap();
        station.accept(&mut c).unwrap();
    }
    let election = station.election();
    let tally = station.encrypted_tally().unwrap();
    std::fs::create_dir_all(dir.join("partials")).unwrap();
    for k in &keys[..3] {
        let p = sailau_crypto::partial_decrypt(k, election, &tally, &mut rng);
        let bytes = sailau_crypto::closing::partial_json(election, station.precinct(), &tally, &p);
        std::fs::write(
            dir.join("partials").join(format!("{}.json", k.index)),
            bytes,
        )
        .unwrap();
    }
}

/// Closes the station in `dir`, step by step, each step written before its line: the seal,
/// two members' paper count, the terminal's statement, the guardians' answers, then the
/// signed protocol and record, whose SHA-256 the last line gives. Every step may have been
/// done before a kill, and is then done again or skipped.
fn close_station(dir: &Path, out: &mut impl Write) {
    let station = Station::open(&dir.join("station.db")).unwrap();
    let mut step = |what: &str| {
        writeln!(out, "step {what}").unwrap();
        out.flush().unwrap();
    };
    let (day, offset) = station.day();
    station.seal(polls(day, offset).1).unwrap();
    step("sealed");
    for contest in station.style_contests() {
        let options = station
            .definition()
            .option_ids(station.definition().contest(&contest).unwrap())
            .len();
        let nothing = PaperEntry {
            spoiled: 0,
            unused: 0,
            found_station: 0,
            found_mobile: 0,
            invalid: 0,
            votes: vec![0; options],
        };
        for member in ["Aigerim", "Marat"] {
            station.enter_paper(member, &contest, &nothing).unwrap();
            step(&format!("paper {member}"));
        }
    }
    let t = Terminal::open(&dir.join("terminal")).unwrap();
    station.declare_terminal(&t.closing_statement()).unwrap();
    step("declared");
    let mut answers: Vec<PathBuf> = std::fs::read_dir(dir.join("partials"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    answers.sort();
    for a in answers {
        match station.add_partial(&std::fs::read(&a).unwrap()) {
            Ok(_) | Err(sailau_station::guardians::GuardianError::Twice(_)) => {}
            Err(e) => panic!("{}: {e}", a.display()),
        }
        step("partial");
    }
    let closing = station.close(&station.partials().unwrap()).unwrap();
    let mut h = sha2::Sha256::new();
    use sha2::Digest;
    h.update(closing.protocol.to_json().as_bytes());
    h.update(&closing.ballots_jsonl);
    h.update(&closing.tally_json);
    step(&format!("closed {}", sailau_group::to_hex(&h.finalize())));
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.path().is_dir() {
            copy_folder(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn closing_killed_at_any_step_resumes_to_the_same_signed_protocol() {
    let dir = tempfile::tempdir().unwrap();
    let ready = dir.path().join("ready");
    std::fs::create_dir_all(&ready).unwrap();
    voted_station(&ready, 12);
    // The closing as it goes uninterrupted, in this process.
    let whole = dir.path().join("whole");
    copy_folder(&ready, &whole);
    let started = std::time::Instant::now();
    let mut lines = Vec::new();
    close_station(&whole, &mut lines);
    let took = started.elapsed();
    let expected = String::from_utf8(lines)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_string();
    assert!(expected.starts_with("step closed "), "{expected}");

    // Each trial: a fresh copy of the station, one kill at a random instant of its closing
    // (from the process's start to past its end), then closing again to the end.
    let mut rng = ChaCha20Rng::seed_from_u64(8);
    let window = (took * 4 + Duration::from_millis(30)).as_micros() as u64;
    let mut steps_before_kill = BTreeMap::<usize, usize>::new();
    for trial in 0..kills() {
        let d = dir.path().join(format!("trial-{trial}"));
        copy_folder(&ready, &d);
        let (mut c, rx) = spawn("crash::child_closing", &d);
        std::thread::sleep(Duration::from_micros(rng.next_u64() % window));
        let _ = c.kill(); // SIGKILL
        c.wait().unwrap();
        let steps = rx.try_iter().filter(|l| l.starts_with("step ")).count();
        *steps_before_kill.entry(steps).or_default() += 1;
        let (mut c, rx) = spawn("crash::child_closing", &d);
        assert!(
            c.wait().unwrap().success(),
            "trial {trial}: closing resumes"
        );
        let last = rx
            .iter()
            .filter(|l| l.starts_with("step closed"))
            .last()
            .unwrap_or_default();
        assert_eq!(
            last, expected,
            "trial {trial}: the same protocol, log and tally"
        );
        std::fs::remove_dir_all(&d).unwrap();
    }
    eprintln!(
        "closing: {} kills in {window} µs windows (an uninterrupted closing takes {took:?}); \
         steps done before the kill: {steps_before_kill:?}",
        kills()
    );
    assert!(
        steps_before_kill.len() >= 4,
        "the kills land at several steps: {steps_before_kill:?}"
    );
}

/// Closing's side of the kill test.
#[test]
#[ignore = "run by closing_killed_at_any_step_…, which kills it"]
fn child_closing() {
    let Some(dir) = child_dir() else {
        return;
    };
    close_station(&dir, &mut std::io::stdout());
}

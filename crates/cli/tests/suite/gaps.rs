//! The command line's refusals that docs/bad-input.md listed as untested (its "Gaps"): a
//! voter-list row of another precinct (C24), what `station serve` refuses before it serves
//! (C32–C37), the key ceremony's documents that are not what they claim (C63–C65, C71), and
//! `guardian decrypt` given another election's documents (C74). Each asserts the documented
//! exit code, the words of the refusal on stderr, and that nothing was written.

use super::bad_input::{demo, iin, s, says, station, voters_in, HEADER};
use super::ceremony::{fails, ok, Ceremony};
use super::refusals::{run, snapshot, stderr};
use super::server::{small_demo, PASSWORD};
use crate::common::sailau;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The IINs on the station database's list.
fn listed(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut q = c.prepare("SELECT iin FROM voters ORDER BY iin").unwrap();
    let rows = q.query_map([], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

/// C24: a row of another precinct's list is named by its line and its precinct, counted as
/// refused, and never loaded: the list is refused whole (exit 2) unless `--skip-bad`, which
/// loads the station's own row only. (The station's part of the definition holds its own
/// precinct only, so the row is refused as of a precinct not in the election.)
#[test]
fn a_voter_list_row_of_another_precinct_is_named_and_never_loaded() {
    let record = demo("gaps-c24", "mazhilis-2023");
    let db = record.join("p1.db");
    station(&record, &db);
    let here = iin("1975-04-02");
    let there = iin("1968-11-23");
    let csv = record.join("two-precincts.csv");
    std::fs::write(
        &csv,
        format!(
            "{HEADER}{here},Ахметова Айгүл,1975-04-02,p-00001,\n{there},Серікова Дана,1968-11-23,p-00002,\n"
        ),
    )
    .unwrap();
    let named = format!("{}: line 3: ", s(&csv));

    let out = sailau(&["station", "load-voters", "--db", s(&db), s(&csv)]);
    says("without --skip-bad", &out, 2, &named);
    says("without --skip-bad", &out, 2, "p-00002");
    says("without --skip-bad", &out, 2, "1 row(s) refused");
    says("without --skip-bad", &out, 2, "nothing loaded");
    assert_eq!(voters_in(&db), 0, "nothing loaded");

    let out = sailau(&[
        "station",
        "load-voters",
        "--db",
        s(&db),
        s(&csv),
        "--skip-bad",
    ]);
    says("with --skip-bad", &out, 0, &named);
    says("with --skip-bad", &out, 0, "p-00002");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("1 voters loaded"), "{shown}");
    assert!(shown.contains("1 row(s) refused"), "{shown}");
    assert_eq!(listed(&db), [here], "only the station's own row is loaded");
}

/// A station of precinct p-00001 of a small demo, alone in its folder, with its cards' folder
/// made beside it: (the folder, the database, the cards' folder).
fn served_station(test: &str) -> (PathBuf, PathBuf, PathBuf) {
    let record = demo(test, "mazhilis-2023");
    let folder = record.join("station");
    std::fs::create_dir_all(&folder).unwrap();
    let db = folder.join("p1.db");
    station(&record, &db);
    let cards = record.join("cards");
    std::fs::create_dir_all(&cards).unwrap();
    (record, db, cards)
}

/// Runs `sailau station serve` on `db` with `extra` options and `password`, listening on a
/// port of the system's choice unless `extra` names one. A refusal ends the command; a
/// service that starts fails the test after a minute (`refusals::run`).
fn serve(db: &Path, cards: &Path, extra: &[&str], password: &str) -> Output {
    let mut args = vec!["station", "serve", "--db", s(db), "--cards", s(cards)];
    if !extra.contains(&"--listen") {
        args.extend(["--listen", "127.0.0.1:0"]);
    }
    args.extend(extra);
    run(&args, password)
}

/// Asserts that `out` is a refusal to start: `code`, `needle` on stderr, never serving.
fn not_served(case: &str, out: &Output, code: i32, needle: &str) {
    says(case, out, code, needle);
    assert!(
        !stderr(out).contains("serving on"),
        "{case}: {}",
        stderr(out)
    );
}

/// C32: a commission's password shorter than 12 characters: exit 2, SAILAU_PASSWORD named
/// with the rule; the station's database unchanged.
#[test]
fn station_serve_refuses_a_password_shorter_than_12_characters() {
    let (_, db, cards) = served_station("gaps-c32");
    let before = snapshot(db.parent().unwrap());
    for password in ["", "short", "eleven char"] {
        assert!(password.chars().count() < 12);
        let out = serve(&db, &cards, &[], password);
        not_served(password, &out, 2, "SAILAU_PASSWORD");
        not_served(password, &out, 2, "at least 12 characters");
    }
    assert_eq!(
        snapshot(db.parent().unwrap()),
        before,
        "the station unchanged"
    );
    assert!(snapshot(&cards).is_empty(), "no card made");
}

/// C33: `--training-clock` that is not HH:MM of a day: exit 2, the option named with the form
/// it takes; the station's database unchanged.
#[test]
fn station_serve_refuses_a_training_clock_that_is_not_hh_mm() {
    let (_, db, cards) = served_station("gaps-c33");
    let before = snapshot(db.parent().unwrap());
    for clock in ["0755", "7.55", "24:00", "07:60", "seven", "07:55:00", ""] {
        let out = serve(&db, &cards, &["--training-clock", clock], PASSWORD);
        not_served(clock, &out, 2, &format!("--training-clock {clock}"));
        not_served(clock, &out, 2, "HH:MM");
    }
    assert_eq!(
        snapshot(db.parent().unwrap()),
        before,
        "the station unchanged"
    );
}

/// C34: `--central` that is not an http:// or https:// URL: exit 2, the URL named; the
/// station's database unchanged.
#[test]
fn station_serve_refuses_a_central_service_that_is_not_an_http_url() {
    let (_, db, cards) = served_station("gaps-c34");
    let before = snapshot(db.parent().unwrap());
    for url in [
        "localhost:8080",
        "ftp://cec.example",
        "cec.example",
        "file:///tmp",
    ] {
        let out = serve(&db, &cards, &["--central", url], PASSWORD);
        not_served(url, &out, 2, url);
        not_served(url, &out, 2, "http://");
    }
    assert_eq!(
        snapshot(db.parent().unwrap()),
        before,
        "the station unchanged"
    );
}

/// C35: `--terminal` that is not a terminal's folder (missing, empty, a file), whose part is
/// of another precinct than the terminal, or a whole terminal of another station (not
/// registered here): exit 2, the folder named; the folder and the station's database
/// unchanged.
#[test]
fn station_serve_refuses_a_folder_that_is_not_a_terminal_of_its_precinct() {
    let (record, db, cards) = served_station("gaps-c35");
    let missing = record.join("no-terminal");
    let empty = record.join("empty-terminal");
    std::fs::create_dir_all(&empty).unwrap();
    let a_file = record.join("definition.json");

    // A terminal of p-00001 whose part.json is p-00002's, as a terminal of p-00002 has it.
    let mixed = record.join("mixed-terminal");
    let out = sailau(&[
        "station",
        "add-terminal",
        "--db",
        s(&db),
        "--dir",
        s(&mixed),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let other_db = record.join("p2.db");
    let out = sailau(&[
        "station",
        "create",
        "--db",
        s(&other_db),
        "--definition",
        s(&record.join("definition.json")),
        "--election",
        s(&record.join("election.json")),
        "--precinct",
        "p-00002",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let theirs = record.join("p2-terminal");
    let out = sailau(&[
        "station",
        "add-terminal",
        "--db",
        s(&other_db),
        "--dir",
        s(&theirs),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::copy(theirs.join("part.json"), mixed.join("part.json")).unwrap();

    let before = (
        snapshot(db.parent().unwrap()),
        snapshot(&mixed),
        snapshot(&empty),
    );
    let cases: [(&str, &Path, &str); 5] = [
        ("a missing folder", &missing, "terminal.json"),
        (
            "a terminal of another station",
            &theirs,
            "terminal p-00002-t1 is not registered at station p-00001",
        ),
        ("an empty folder", &empty, "terminal.json"),
        ("a file", &a_file, "terminal.json"),
        (
            "a part of another precinct",
            &mixed,
            "part.json is of precinct p-00002, the terminal of p-00001",
        ),
    ];
    for (case, dir, needle) in cases {
        let out = serve(&db, &cards, &["--terminal", s(dir)], PASSWORD);
        not_served(case, &out, 2, needle);
        not_served(case, &out, 2, s(dir));
    }
    assert_eq!(
        (
            snapshot(db.parent().unwrap()),
            snapshot(&mixed),
            snapshot(&empty)
        ),
        before,
        "the station and the folders unchanged"
    );
    assert!(!missing.exists(), "no terminal made in the missing folder");
}

/// C36: `--registry` naming a ledger whose entry was edited (it does not replay): exit 1, the
/// entry named; a ledger with a line that is not JSON: exit 2, the line named. The ledger and
/// the station's database unchanged.
#[test]
fn station_serve_refuses_a_registry_ledger_that_does_not_replay_or_read() {
    let (record, db, cards) = served_station("gaps-c36");
    let good = std::fs::read_to_string(record.join("registry.jsonl")).unwrap();
    let lines: Vec<&str> = good.lines().collect();
    // A deposit made one tenge larger, its hash left as it was.
    let k = lines
        .iter()
        .position(|l| l.contains(r#""act":"deposit""#))
        .expect("the demo's ledger holds a deposit");
    let at = lines[k].find(r#""amount":"#).unwrap() + r#""amount":"#.len();
    let len = lines[k][at..].find(|c: char| !c.is_ascii_digit()).unwrap();
    let amount: u64 = lines[k][at..at + len].parse().unwrap();
    let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    edited[k] = format!("{}{}{}", &lines[k][..at], amount + 1, &lines[k][at + len..]);
    let changed = record.join("edited.jsonl");
    std::fs::write(&changed, edited.join("\n") + "\n").unwrap();
    let half = record.join("half.jsonl");
    std::fs::write(&half, format!("{}\n{{\"seq\": 2, \"at\"\n", lines[0])).unwrap();

    let before = (
        snapshot(db.parent().unwrap()),
        std::fs::read(&changed).unwrap(),
        std::fs::read(&half).unwrap(),
    );
    let out = serve(&db, &cards, &["--registry", s(&changed)], PASSWORD);
    not_served("an edited entry", &out, 1, &format!("entry {}", k + 1));
    not_served("an edited entry", &out, 1, s(&changed));
    let out = serve(&db, &cards, &["--registry", s(&half)], PASSWORD);
    not_served("half a line", &out, 2, "line 2");
    not_served("half a line", &out, 2, s(&half));
    assert_eq!(
        (
            snapshot(db.parent().unwrap()),
            std::fs::read(&changed).unwrap(),
            std::fs::read(&half).unwrap(),
        ),
        before,
        "the station and the ledgers unchanged"
    );
}

/// C37: `--listen` on an address another socket holds: exit 4, the address named; the
/// station's database unchanged, and the address still the other socket's.
#[test]
fn station_serve_exits_4_when_its_address_is_taken() {
    let (_, db, cards) = served_station("gaps-c37");
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = holder.local_addr().unwrap().to_string();
    let before = snapshot(db.parent().unwrap());
    let out = serve(&db, &cards, &["--listen", &address], PASSWORD);
    not_served("the address taken", &out, 4, &format!("--listen {address}"));
    assert_eq!(
        snapshot(db.parent().unwrap()),
        before,
        "the station unchanged"
    );
    let _client = std::net::TcpStream::connect(&address).unwrap();
    holder.accept().unwrap();
}

/// Every guardian of a new ceremony makes its key; each publishes to the board.
fn published(name: &str) -> Ceremony {
    let c = Ceremony::new(name);
    for j in 1..=5 {
        ok(&c.run("keygen", j, &[]));
        c.post(&c.dir(j), &format!("guardian-{j}.public.json"), &c.board());
    }
    c
}

/// C63: the board's file of a guardian holds another guardian's data (its index, or its
/// name, not the definition's for that place): exit 2, the file named with both guardians;
/// no share written.
#[test]
fn a_published_file_of_another_guardian_is_refused_by_name() {
    let c = published("gaps-c63");
    let board3 = c.board().join("guardian-3.public.json");
    let own = std::fs::read(&board3).unwrap();

    // Guardian 2's data posted as guardian 3's.
    std::fs::copy(c.board().join("guardian-2.public.json"), &board3).unwrap();
    let msg = fails(&c.run("share", 1, &[]), 2);
    assert!(msg.contains(s(&board3)), "{msg}");
    assert!(msg.contains("it is guardian 2"), "{msg}");
    assert!(msg.contains("not guardian 3"), "{msg}");
    assert!(!c.dir(1).join("shares").exists(), "no share written");

    // Guardian 3's own data under another name than the definition gives it.
    let mut v: serde_json::Value = serde_json::from_slice(&own).unwrap();
    let name = v["guardian"]["name"].as_str().unwrap().to_string();
    v["guardian"]["name"] = "Someone Else".into();
    std::fs::write(&board3, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let msg = fails(&c.run("share", 1, &[]), 2);
    assert!(msg.contains(s(&board3)), "{msg}");
    assert!(msg.contains("Someone Else"), "{msg}");
    assert!(msg.contains(&format!("not guardian 3 ({name})")), "{msg}");
    assert!(!c.dir(1).join("shares").exists(), "no share written");
}

/// C64: what the board shows for this guardian is another key's data for its place (a key
/// made again elsewhere): `share` and `check` exit 2, naming the board's file; nothing
/// written.
#[test]
fn board_data_that_is_not_this_guardians_own_is_refused() {
    let c = published("gaps-c64");
    let other = c.root.join("other-1");
    ok(&sailau(&[
        "guardian",
        "keygen",
        "--definition",
        s(&c.definition),
        "--guardian",
        "1",
        "--dir",
        s(&other),
    ]));
    let on_board = c.board().join("guardian-1.public.json");
    std::fs::copy(other.join("guardian-1.public.json"), &on_board).unwrap();
    let mine = snapshot(&c.dir(1));
    for step in ["share", "check"] {
        std::fs::create_dir_all(c.inbox(1)).unwrap();
        let msg = fails(&c.run(step, 1, &[]), 2);
        assert!(msg.contains(s(&on_board)), "{step}: {msg}");
        assert!(
            msg.contains("the data published for guardian 1 is not this guardian's"),
            "{step}: {msg}"
        );
        assert_eq!(snapshot(&c.dir(1)), mine, "{step}: nothing written");
    }
}

/// C65: `check` with a share missing from the inbox: exit 2, the sender and the file named,
/// `ask them to send it`; no key file, no statement of readiness, no complaint.
#[test]
fn check_with_a_share_missing_from_the_inbox_asks_for_it_and_writes_nothing() {
    let c = published("gaps-c65");
    for j in 1..=5 {
        ok(&c.run("share", j, &[]));
        for i in (1..=5).filter(|&i| i != j) {
            c.post(
                &c.dir(j).join("shares"),
                &format!("share-{j}-to-{i}.json"),
                &c.inbox(i),
            );
        }
    }
    let missing = c.inbox(2).join("share-4-to-2.json");
    std::fs::remove_file(&missing).unwrap();
    let mine = snapshot(&c.dir(2));
    let msg = fails(&c.run("check", 2, &[]), 2);
    assert!(msg.contains("no share from guardian 4"), "{msg}");
    assert!(msg.contains(s(&missing)), "{msg}");
    assert!(msg.contains("ask them to send it"), "{msg}");
    assert_eq!(
        snapshot(&c.dir(2)),
        mine,
        "no key file, statement or complaint"
    );
}

/// C71: `election seal` where a statement of readiness carries a proof that does not verify
/// (another guardian's proof in it, or another guardian's statement in its place): exit 2,
/// the file named; no election.json.
#[test]
fn seal_refuses_a_statement_of_readiness_whose_proof_does_not_verify() {
    let c = published("gaps-c71");
    for j in 1..=5 {
        ok(&c.run("share", j, &[]));
        for i in (1..=5).filter(|&i| i != j) {
            c.post(
                &c.dir(j).join("shares"),
                &format!("share-{j}-to-{i}.json"),
                &c.inbox(i),
            );
        }
    }
    let ready = c.root.join("ready");
    for j in 1..=5 {
        ok(&c.run("check", j, &[]));
        c.post(&c.dir(j), &format!("guardian-{j}.ready.json"), &ready);
    }
    let file = ready.join("guardian-3.ready.json");
    let own = std::fs::read(&file).unwrap();
    let read = |p: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
    };
    let mut borrowed = read(&file);
    borrowed["proof"] = read(&ready.join("guardian-4.ready.json"))["proof"].clone();
    let cases = [
        (
            "guardian 4's proof",
            serde_json::to_vec_pretty(&borrowed).unwrap(),
        ),
        (
            "guardian 4's statement",
            std::fs::read(ready.join("guardian-4.ready.json")).unwrap(),
        ),
    ];
    let election = c.root.join("election.json");
    for (case, bytes) in cases {
        std::fs::write(&file, bytes).unwrap();
        let msg = fails(&c.seal(&ready, &election), 2);
        assert!(msg.contains(s(&file)), "{case}: {msg}");
        assert!(
            msg.contains("guardian 3 holds its share does not verify"),
            "{case}: {msg}"
        );
        assert!(!election.exists(), "{case}: no election.json");
    }
    // The statement as its guardian made it: the election is sealed.
    std::fs::write(&file, own).unwrap();
    ok(&c.seal(&ready, &election));
}

/// C74: `guardian decrypt` with one of its three documents from another election (the
/// request, the key file, or election.json): exit 2, `another election` named with the file;
/// no partial decryption written.
#[test]
fn guardian_decrypt_refuses_documents_of_another_election() {
    let ours = small_demo("gaps-c74-ours", "1");
    let theirs = small_demo("gaps-c74-theirs", "2");
    let request = |record: &Path| {
        let station =
            sailau_station::Station::open(&record.join("private/stations/p-00001.db")).unwrap();
        let path = record.join("request.json");
        std::fs::write(&path, station.decryption_request().unwrap()).unwrap();
        path
    };
    let key = |record: &Path| record.join("private/guardians/guardian-2.key");
    let (our_request, their_request) = (request(&ours), request(&theirs));
    let (our_election, their_election) = (ours.join("election.json"), theirs.join("election.json"));
    let out = ours.join("partial-2.json");
    let decrypt = |election: &Path, key: &Path, request: &Path| {
        sailau(&[
            "guardian",
            "decrypt",
            "--election",
            s(election),
            "--key",
            s(key),
            "--request",
            s(request),
            "--out",
            s(&out),
        ])
    };
    let cases: [(&str, Output, &Path, &str); 3] = [
        (
            "another election's request",
            decrypt(&our_election, &key(&ours), &their_request),
            &their_request,
            "the request is of another election",
        ),
        (
            "another election's key file",
            decrypt(&our_election, &key(&theirs), &our_request),
            &key(&theirs),
            "the key is of another election",
        ),
        (
            "another election.json",
            decrypt(&their_election, &key(&ours), &our_request),
            &key(&ours),
            "the key is of another election",
        ),
    ];
    for (case, result, file, needle) in cases {
        says(case, &result, 2, needle);
        says(case, &result, 2, s(file));
        assert!(!out.exists(), "{case}: no partial decryption written");
    }
    // Each election's own three documents are answered.
    ok(&decrypt(&our_election, &key(&ours), &our_request));
    assert!(out.exists());
}

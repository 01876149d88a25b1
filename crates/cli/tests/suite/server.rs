//! The central service end to end, as its users run it: `sailau serve`, a demo election
//! published to it by `sailau publish`, an observer's `sailau mirror` that rebuilds and
//! verifies the record, and the alarm when the service's history is rewritten.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

pub(super) const PASSWORD: &str = "correct horse battery";

fn sailau(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args(args)
        .env("SAILAU_PASSWORD", PASSWORD)
        .output()
        .unwrap()
}

/// Runs `sailau` and asserts it succeeds; its standard error.
/// `sailau publish DEMO --server URL --user cec-admin`, which must succeed: its output.
pub(super) fn publish(demo: &Path, url: &str) -> String {
    succeed(&[
        "publish",
        demo.to_str().unwrap(),
        "--server",
        url,
        "--user",
        "cec-admin",
    ])
}

pub(super) fn succeed(args: &[&str]) -> String {
    let out = sailau(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

fn fresh(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("server-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

pub(super) struct Server {
    child: Child,
    pub(super) url: String,
    /// The last lines of the service's log (warnings and errors), shown if the test fails.
    log: std::sync::Arc<std::sync::Mutex<std::collections::VecDeque<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            let log = self.log.lock().unwrap_or_else(|p| p.into_inner());
            eprintln!("the log of the service at {}:", self.url);
            for line in log.iter() {
                eprintln!("  {line}");
            }
        }
    }
}

pub(super) fn serve(database: &str) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database",
            database,
            "--log",
            "text",
        ])
        .env("SAILAU_LOG", "warn")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("the service says where it listens")
            .unwrap();
        if let Some(rest) = line.strip_prefix("sailau: serving on ") {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    // Keep draining the log so the service never blocks on a full pipe; keep its end.
    let log = std::sync::Arc::new(std::sync::Mutex::new(std::collections::VecDeque::new()));
    let kept = log.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            let mut kept = kept.lock().unwrap_or_else(|p| p.into_inner());
            if kept.len() == 40 {
                kept.pop_front();
            }
            kept.push_back(line);
        }
    });
    Server { child, url, log }
}

/// A new SQLite store in the fresh folder `name` with a CEC account, `cec-admin`: the folder
/// and the store's URL.
pub(super) fn store_with_cec(name: &str) -> (PathBuf, String) {
    let data = fresh(name);
    std::fs::create_dir_all(&data).unwrap();
    let db = format!("sqlite://{}", data.join("sailau.db").display());
    succeed(&[
        "users",
        "add",
        "--database",
        &db,
        "--name",
        "cec-admin",
        "--role",
        "cec",
    ]);
    (data, db)
}

/// A small demo election with electronic ballots (3 precincts, 600 voters), in the fresh
/// folder `name`.
pub(super) fn small_demo(name: &str, seed: &str) -> PathBuf {
    let demo = fresh(name);
    succeed(&[
        "demo",
        "--voters",
        "600",
        "--precincts",
        "3",
        "--seed",
        seed,
        "--electronic",
        "40",
        "--out",
        demo.to_str().unwrap(),
    ]);
    demo
}

/// A plain HTTP GET, to read the service without the code under test.
pub(super) fn get(url: &str, path: &str) -> (u16, String) {
    let host = url.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(host).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let status = text[9..12].parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|x| x.1.to_string())
        .unwrap_or_default();
    (status, body)
}

pub(super) fn json(url: &str, path: &str) -> serde_json::Value {
    let (status, body) = get(url, path);
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

#[test]
fn a_published_election_is_mirrored_verified_and_a_rewrite_raises_the_alarm() {
    let demo = fresh("demo");
    succeed(&[
        "demo",
        "--voters",
        "900",
        "--precincts",
        "4",
        "--seed",
        "11",
        "--electronic",
        "40",
        "--out",
        demo.to_str().unwrap(),
    ]);

    let (data, db) = store_with_cec("data");

    let server = serve(&db);
    let out = publish(&demo, &server.url);
    assert!(
        out.contains("published 4 protocols, 4 station records and 24 turnout snapshots"),
        "{out}"
    );
    // The registry the demo's ballots came from is on the service, entry for entry.
    let ledger = std::fs::read_to_string(demo.join("registry.jsonl")).unwrap();
    let held = ledger.lines().count();
    assert!(
        out.contains(&format!("and {held} registry entries ({held} held)")),
        "{out}"
    );
    let figures = json(&server.url, "/api/registry");
    assert_eq!(figures["entries"], held);
    assert!(
        figures["list_seats_named"].as_u64().unwrap() >= 69,
        "{figures}"
    );
    // Publishing again changes nothing.
    let again = publish(&demo, &server.url);
    assert!(
        again.contains(&format!("and 0 registry entries ({held} held)")),
        "{again}"
    );
    assert_eq!(
        json(&server.url, "/api/flags")["flags"],
        serde_json::json!([])
    );

    // Every station's record verifies on the service.
    let mut waited = 0;
    let counts = loop {
        let v = json(&server.url, "/api/verification");
        if v["counts"]["pending"].is_null() || waited > 600 {
            break v["counts"].clone();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        waited += 1;
    };
    assert_eq!(counts, serde_json::json!({ "passed": 4 }));
    // Turnout at the close counts every voter who received the Mazhilis list ballot, as the
    // national protocol does.
    let national: serde_json::Value =
        serde_json::from_slice(&std::fs::read(demo.join("national.json")).unwrap()).unwrap();
    let list = national["contests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["contest"] == "mazhilis-list")
        .unwrap();
    let issued = list["paper"]["issued_station"].as_u64().unwrap()
        + list["paper"]["issued_mobile"].as_u64().unwrap()
        + list["electronic"]["issued"].as_u64().unwrap();
    let turnout = json(&server.url, "/api/turnout");
    let close = turnout["hours"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["hour"] == 20)
        .unwrap()
        .clone();
    assert_eq!(
        close["national"]["voted"].as_u64(),
        Some(issued),
        "{turnout}"
    );
    assert_eq!(close["national"]["reporting"], 4);

    // A voter finds their confirmation code on the board.
    let first = std::fs::read(demo.join("precincts/p-00001/ballots.bin")).unwrap();
    let first = String::from_utf8(sailau_crypto::compact::to_jsonl(&first).unwrap()).unwrap();
    let code = serde_json::from_str::<serde_json::Value>(first.lines().next().unwrap()).unwrap()
        ["code"]
        .as_str()
        .unwrap()
        .to_string();
    let found = json(&server.url, &format!("/api/board/codes/{code}"));
    assert_eq!(found["entries"][0]["precinct"], "p-00001");

    // The observer's mirror rebuilds the record, byte for byte the demo's, and verifies it.
    let mirror = fresh("mirror");
    succeed(&["mirror", &server.url, mirror.to_str().unwrap(), "--once"]);
    let id = json(&server.url, "/api/election")["election"]
        .as_str()
        .unwrap()
        .to_string();
    let rebuilt = mirror.join("record").join(&id);
    let mut compared = 0;
    for rel in [
        "definition.json",
        "election.json",
        "stations.json",
        "national.json",
    ] {
        assert_eq!(
            std::fs::read(rebuilt.join(rel)).unwrap(),
            std::fs::read(demo.join(rel)).unwrap(),
            "{rel}"
        );
        compared += 1;
    }
    for sub in ["precincts", "territorial", "results"] {
        let mut stack = vec![demo.join(sub)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p.strip_prefix(&demo).unwrap();
                    assert_eq!(
                        std::fs::read(rebuilt.join(rel)).unwrap(),
                        std::fs::read(&p).unwrap(),
                        "{}",
                        rel.display()
                    );
                    compared += 1;
                }
            }
        }
    }
    assert!(compared >= 4 + 12 + 2, "{compared} files compared");

    // A record whose ballots are not the board's (one station's log stored in another's
    // place, behind the service's back): the mirror raises the alarm and exits 1.
    drop(server);
    let err = tampered_then_mirrored(
        &data,
        &db,
        &mirror,
        "DROP TRIGGER records_no_update;
         UPDATE records SET ballots = (SELECT ballots FROM records WHERE precinct = 'p-00002')
         WHERE precinct = 'p-00001';",
    );
    assert!(
        err.contains("ballots of precinct p-00001 are not its entries on the board"),
        "{err}"
    );
    assert!(
        !mirror.join("record.tar.new").exists(),
        "the download is not left behind"
    );

    // History rewritten behind the service's back (the triggers dropped, the newest entry's
    // chain replaced, as a rewrite of any entry must replace it): the mirror raises the alarm
    // and exits 1.
    let err = tampered_then_mirrored(
        &data,
        &db,
        &mirror,
        "DROP TRIGGER board_no_update;
         UPDATE board SET chain = '00' || substr(chain, 3) WHERE seq = (SELECT MAX(seq) FROM board);",
    );
    assert!(err.contains("ALARM"), "{err}");
}

/// With the service stopped, changes its database behind its back with `sql`, starts it
/// again and runs one mirror pass, which must exit 1; its standard error.
fn tampered_then_mirrored(data: &Path, db: &str, mirror: &Path, sql: &str) -> String {
    let conn = rusqlite::Connection::open(data.join("sailau.db")).unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    let server = serve(db);
    let out = sailau(&["mirror", &server.url, mirror.to_str().unwrap(), "--once"]);
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A PUT over plain HTTP; the status, or none when the service is not there to answer (it
/// was killed before or while answering).
fn put(url: &str, path: &str, body: &[u8]) -> Option<u16> {
    let host = url.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(host).ok()?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .ok()?;
    write!(
        s,
        "PUT {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .ok()?;
    s.write_all(body).ok()?;
    let mut text = String::new();
    s.read_to_string(&mut text).ok()?;
    text.get(9..12)?.parse().ok()
}

/// A demo election of 8 precincts with their records, and what each station sends, as
/// `sailau publish` makes it.
pub(super) struct DemoUploads {
    /// The demo's record.
    pub(super) dir: PathBuf,
    /// Each precinct's protocol, then its record: (path, body).
    pub(super) uploads: Vec<(String, Vec<u8>)>,
    /// Each precinct's ballot log, as JSON lines.
    pub(super) logs: Vec<(String, Vec<u8>)>,
}

pub(super) fn demo_with_records(name: &str) -> DemoUploads {
    let demo = fresh(name);
    succeed(&[
        "demo",
        "--voters",
        "400",
        "--precincts",
        "8",
        "--seed",
        "5",
        "--electronic",
        "40",
        "--out",
        demo.to_str().unwrap(),
    ]);
    let mut uploads: Vec<(String, Vec<u8>)> = Vec::new();
    let mut logs = Vec::new();
    let mut ids: Vec<String> = std::fs::read_dir(demo.join("precincts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    for id in &ids {
        let p = demo.join("precincts").join(id);
        uploads.push((
            format!("/api/precincts/{id}/protocol"),
            std::fs::read(p.join("protocol.json")).unwrap(),
        ));
        let ballots =
            sailau_crypto::compact::to_jsonl(&std::fs::read(p.join("ballots.bin")).unwrap())
                .unwrap();
        let tally = std::fs::read(p.join("tally.json")).unwrap();
        let station =
            sailau_station::Station::open(&demo.join("private/stations").join(format!("{id}.db")))
                .unwrap();
        let signature = station.record_upload_signature(&ballots, &tally).unwrap();
        let body = serde_json::json!({
            "ballots": String::from_utf8(ballots.clone()).unwrap(),
            "tally": String::from_utf8(tally).unwrap(),
            "signature": sailau_group::to_hex(&signature),
        });
        uploads.push((
            format!("/api/precincts/{id}/record"),
            body.to_string().into_bytes(),
        ));
        logs.push((id.clone(), ballots));
    }
    DemoUploads {
        dir: demo,
        uploads,
        logs,
    }
}

/// The service killed with SIGKILL at random instants while stations upload their protocols
/// and records, each station sending again what was not answered: after every restart, each
/// acknowledged upload is there exactly once and whole, and the hash chains of the audit log
/// and the board are intact. SAILAU_CRASH_POINTS sets the kills (100 by default).
#[test]
fn the_service_killed_while_taking_uploads_loses_no_acknowledged_upload() {
    use rand_chacha::ChaCha20Rng;
    use rand_core::{RngCore, SeedableRng};
    let kills: usize = std::env::var("SAILAU_CRASH_POINTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let demo = demo_with_records("crash-demo");
    // The election alone first, as the CEC defines it before the stations send anything.
    let defined = fresh("crash-definition");
    std::fs::create_dir_all(defined.join("precincts")).unwrap();
    for f in ["definition.json", "election.json", "stations.json"] {
        std::fs::copy(demo.dir.join(f), defined.join(f)).unwrap();
    }
    let (_, db) = store_with_cec("crash-data");
    {
        let server = serve(&db);
        publish(&defined, &server.url);
    }
    let (uploads, logs) = (demo.uploads, demo.logs);
    let mut rng = ChaCha20Rng::seed_from_u64(9);
    let mut acked = vec![false; uploads.len()];
    let mut in_flight_kills = 0;
    for _ in 0..kills {
        let server = serve(&db);
        let url = server.url.clone();
        // The stations: what is not acknowledged yet, then everything again (a station that
        // missed the answer sends again; the service must answer the same and keep one).
        let sending: Vec<(usize, String, Vec<u8>)> = (0..uploads.len())
            .filter(|&i| !acked[i])
            .chain(0..uploads.len())
            .map(|i| (i, uploads[i].0.clone(), uploads[i].1.clone()))
            .collect();
        let (tx, rx) = std::sync::mpsc::channel();
        let stations = std::thread::spawn(move || {
            for (i, path, body) in sending {
                match put(&url, &path, &body) {
                    Some(200 | 201) => tx.send(i).unwrap(),
                    Some(status) => panic!("{path}: answered {status}"),
                    None => return true, // killed
                }
            }
            false
        });
        std::thread::sleep(std::time::Duration::from_micros(rng.next_u64() % 150_000));
        drop(server); // SIGKILL, then reaped
        in_flight_kills += usize::from(stations.join().unwrap());
        for i in rx.try_iter() {
            acked[i] = true;
        }
    }
    eprintln!(
        "{kills} kills, {in_flight_kills} of them during an upload; {} of {} uploads acknowledged",
        acked.iter().filter(|a| **a).count(),
        uploads.len()
    );
    assert!(
        in_flight_kills * 2 >= kills,
        "most kills land during an upload"
    );

    let server = serve(&db);
    for (i, (path, body)) in uploads.iter().enumerate() {
        if !acked[i] {
            assert!(matches!(put(&server.url, path, body), Some(200 | 201)));
        }
    }
    // Each upload is there whole, as sent: the protocol's bytes, the record's log.
    for (id, ballots) in &logs {
        let (status, body) = get(&server.url, &format!("/api/precincts/{id}/protocol"));
        assert_eq!(status, 200);
        assert_eq!(
            body.as_bytes(),
            std::fs::read(demo.dir.join("precincts").join(id).join("protocol.json")).unwrap(),
            "{id}: the protocol as signed"
        );
        let (status, body) = get(&server.url, &format!("/api/precincts/{id}/ballots.jsonl"));
        assert_eq!(status, 200);
        assert_eq!(body.as_bytes(), ballots.as_slice(), "{id}: the log as sent");
    }
    drop(server);
    // The chains, recomputed from the database itself.
    let (_, board) = chains_intact(&db);
    let lines: usize = logs
        .iter()
        .map(|(_, b)| b.split(|&c| c == b'\n').filter(|l| !l.is_empty()).count())
        .sum();
    assert_eq!(board.len(), lines, "every ballot on the board exactly once");
}

/// The audit log and the board as the store at `url` holds them, each chain recomputed from
/// the first entry and asserted intact.
pub(super) fn chains_intact(
    url: &str,
) -> (
    Vec<sailau_server::audit::Entry>,
    Vec<sailau_server::records::BoardEntry>,
) {
    let store = sailau_server::db::Database::open(url, 1).unwrap();
    let (entries, board) = store
        .transaction(|tx| {
            Ok::<_, sailau_server::db::DbError>((
                sailau_server::audit::entries(tx, 0, i64::MAX)?,
                sailau_server::records::board(tx, 0, i64::MAX)?,
            ))
        })
        .unwrap();
    assert_eq!(
        sailau_server::audit::first_break([0; 32], &entries),
        None,
        "the audit log's chain is intact"
    );
    let mut chain = [0u8; 32];
    for e in &board {
        chain = sailau_server::records::board_hash(&chain, e.seq, &e.precinct, e.line.as_bytes());
        assert_eq!(
            sailau_group::to_hex(&chain),
            e.chain,
            "board entry {}",
            e.seq
        );
    }
    (entries, board)
}

/// Runs `sailau ARGS` and kills it with SIGKILL after `after`; whether it had finished first.
fn killed_after(args: &[&str], after: std::time::Duration) -> bool {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args(args)
        .env("SAILAU_PASSWORD", PASSWORD)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let finished = c.try_wait().unwrap().is_some();
    let _ = c.kill(); // SIGKILL
    c.wait().unwrap();
    finished
}

/// `sailau publish`, `sailau mirror` and `sailau verify --shard` each killed with SIGKILL at
/// random instants of their work: run again, each finishes as if never killed. The service
/// holds each upload once and raises no flag; the mirror never counts an entry twice nor
/// raises a false alarm; a shard report is whole or absent. SAILAU_CRASH_POINTS sets the
/// kills per command (100 by default).
#[test]
fn publish_mirror_and_verify_killed_at_random_instants_leave_no_half_output() {
    use rand_chacha::ChaCha20Rng;
    use rand_core::{RngCore, SeedableRng};
    use std::time::{Duration, Instant};
    let kills: usize = std::env::var("SAILAU_CRASH_POINTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let mut rng = ChaCha20Rng::seed_from_u64(12);
    let mut instant = |took: Duration| {
        Duration::from_micros(rng.next_u64() % (took.as_micros() as u64 * 11 / 10 + 1))
    };
    let demo = fresh("kill-demo");
    let d = demo.to_str().unwrap();
    succeed(&[
        "demo",
        "--voters",
        "60",
        "--precincts",
        "3",
        "--seed",
        "3",
        "--electronic",
        "50",
        "--out",
        d,
    ]);
    let (_, db) = store_with_cec("kill-data");
    let mut server = serve(&db);

    // publish: timed on a throwaway service, then killed on the real one.
    let took = {
        let (_, sdb) = store_with_cec("kill-scratch");
        let s = serve(&sdb);
        let t = Instant::now();
        succeed(&["publish", d, "--server", &s.url, "--user", "cec-admin"]);
        t.elapsed()
    };
    let mut finished = 0;
    for k in 0..kills {
        if k % 8 == 7 {
            // Each publish signs in, and the service lets an account sign in ten times a
            // minute: a restart clears the count.
            server = serve(&db);
        }
        let publish = ["publish", d, "--server", &server.url, "--user", "cec-admin"];
        finished += usize::from(killed_after(&publish, instant(took)));
    }
    server = serve(&db);
    let url = server.url.as_str();
    let out = succeed(&["publish", d, "--server", url, "--user", "cec-admin"]);
    assert!(
        out.contains("published 3 protocols, 3 station records and 18 turnout snapshots"),
        "{out}"
    );
    assert_eq!(
        json(url, "/api/flags")["flags"],
        serde_json::json!([]),
        "no second upload differs"
    );
    eprintln!("publish: {kills} kills in {took:?} runs, {finished} after it had finished");

    // mirror: every kill, then one whole pass that must find nothing wrong.
    let mirror = fresh("kill-mirror");
    let m = mirror.to_str().unwrap();
    let took = {
        let scratch = fresh("kill-mirror-scratch");
        let t = Instant::now();
        succeed(&["mirror", url, scratch.to_str().unwrap(), "--once"]);
        t.elapsed()
    };
    let mut finished = 0;
    for k in 0..kills {
        finished += usize::from(killed_after(&["mirror", url, m, "--once"], instant(took)));
        if k % 10 == 9 {
            // A whole pass between kills: what the killed ones left is taken up, not doubled.
            succeed(&["mirror", url, m, "--once"]);
        }
    }
    succeed(&["mirror", url, m, "--once"]);
    let head = json(url, "/api/board/head")["seq"].as_u64().unwrap();
    let board = std::fs::read_to_string(mirror.join("board.jsonl")).unwrap();
    assert_eq!(
        board.lines().count() as u64,
        head,
        "each board entry once in the mirror"
    );
    let state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(mirror.join("mirror.json")).unwrap()).unwrap();
    assert_eq!(state["seq"].as_u64(), Some(head));
    assert_eq!(state["board_bytes"].as_u64(), Some(board.len() as u64));
    assert!(!mirror.join("record.old").exists() && mirror.join("record").is_dir());
    // The instant that matters most, made sure of: killed after appending the last entry and
    // before moving the head. The next pass cuts the entry and takes it again, once.
    let lines: Vec<&str> = board.lines().collect();
    let before: serde_json::Value = serde_json::from_str(lines[lines.len() - 2]).unwrap();
    let mut behind = state.clone();
    behind["seq"] = before["seq"].clone();
    behind["chain"] = before["chain"].clone();
    behind["board_bytes"] = (board.len() - lines[lines.len() - 1].len() - 1).into();
    std::fs::write(mirror.join("mirror.json"), behind.to_string()).unwrap();
    succeed(&["mirror", url, m, "--once"]);
    assert_eq!(
        std::fs::read_to_string(mirror.join("board.jsonl")).unwrap(),
        board
    );
    eprintln!("mirror: {kills} kills in {took:?} passes, {finished} after it had finished");
    // A read-only folder and a full disk: exit 3, the file named, nothing half-written.
    let ro = crate::disk::ReadOnly::new(&fresh("mirror-read-only"));
    let named = format!("{}/m", ro.0.display());
    crate::disk::refused_whole(&ro.0, &["mirror", url, "{}/m", "--once"], &named);
    drop(ro);
    if let Some(full) = crate::disk::Full::new(&fresh("mirror-full")) {
        let named = format!("{}/m", full.0.display());
        crate::disk::refused_whole(&full.0, &["mirror", url, "{}/m", "--once"], &named);
    }
    drop(server);

    // verify --shard: the report is whole or absent after every kill.
    let report = demo.join("shard-1.json");
    let r = report.to_str().unwrap();
    let shard = ["verify", d, "--shard", "1/2", "--out", r];
    let t = Instant::now();
    succeed(&shard);
    let took = t.elapsed();
    let whole = std::fs::read(&report).unwrap();
    let mut absent = 0;
    for _ in 0..kills {
        let _ = std::fs::remove_file(&report);
        killed_after(&shard, instant(took));
        match std::fs::read(&report) {
            Ok(b) => assert_eq!(b, whole, "a shard report is whole or absent"),
            Err(_) => absent += 1,
        }
    }
    eprintln!("verify --shard: {kills} kills in {took:?} runs, {absent} left no report");
    assert!(
        absent > 0 && absent < kills,
        "the kills land before and after the report"
    );
}

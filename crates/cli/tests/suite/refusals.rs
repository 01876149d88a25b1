//! What `sailau serve`, `sailau publish` and `sailau mirror` refuse (docs/bad-input.md, §1.13):
//! a service that cannot start (C106), a sign-in or an upload the service refuses (C110,
//! C112), and a mirror that finds the service's history rewritten or its record failing
//! verification (C116, C117). Each exits with its documented code, names the problem, and
//! leaves nothing half-written.

use super::server::{get, json, publish, serve, small_demo, store_with_cec, succeed, PASSWORD};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn fresh(name: &str) -> PathBuf {
    crate::common::fresh("refusals", name)
}

/// Runs `sailau ARGS` with `password` in SAILAU_PASSWORD and nothing on standard input; it
/// must finish within a minute (a service that should have refused to start would not).
pub(super) fn run(args: &[&str], password: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args(args)
        .env("SAILAU_PASSWORD", password)
        .env("SAILAU_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("sailau {args:?} still runs after a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

pub(super) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `text` with the number after the first `"key": ` one higher.
fn bump_first(text: &str, key: &str) -> String {
    let label = format!("\"{key}\": ");
    let start = text.find(&label).expect("the key is there") + label.len();
    let len = text[start..]
        .find(|c: char| !c.is_ascii_digit())
        .expect("a number, then more");
    let n: u64 = text[start..start + len].parse().unwrap();
    format!("{}{}{}", &text[..start], n + 1, &text[start + len..])
}

/// Every file and folder under `dir`, with each file's bytes.
pub(super) fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            if p.is_dir() {
                out.insert(rel, None);
                stack.push(p);
            } else {
                out.insert(rel, Some(std::fs::read(&p).unwrap()));
            }
        }
    }
    out
}

/// C106: `sailau serve` exits 4 when its store cannot be opened (a SQLite file in a folder
/// that is not there) or its address is taken, naming the store or the address, and never
/// says it serves. No store is made in the missing folder, and the socket that holds the
/// address keeps it.
#[test]
fn serve_exits_4_naming_a_store_it_cannot_open_or_an_address_already_taken() {
    // The store unreachable.
    let nowhere = fresh("serve-no-store");
    let url = format!(
        "sqlite://{}",
        nowhere.join("not-made").join("sailau.db").display()
    );
    let out = run(
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database",
            &url,
            "--log",
            "text",
        ],
        PASSWORD,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(err.contains(&url), "the store is named: {err}");
    assert!(!err.contains("serving on"), "{err}");
    assert!(!nowhere.exists(), "no store is made in its place");

    // The address taken: another socket listens on it.
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = holder.local_addr().unwrap().to_string();
    let (_, db) = store_with_cec("serve-taken");
    let out = run(
        &[
            "serve",
            "--listen",
            &address,
            "--database",
            &db,
            "--log",
            "text",
        ],
        PASSWORD,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(
        err.contains(&format!("--listen {address}")),
        "the address is named: {err}"
    );
    assert!(
        err.to_lowercase().contains("in use"),
        "the reason is given: {err}"
    );
    assert!(!err.contains("serving on"), "{err}");
    // The socket that held the address still holds it.
    let _client = std::net::TcpStream::connect(&address).unwrap();
    holder.accept().unwrap();
}

/// C106: `sailau serve` exits 4 when its PostgreSQL cannot be reached (nothing listens on
/// port 1), naming the store without its password (docs/server.md: no log line holds a
/// password). The connection pool gives up after its 10 s connection timeout.
#[test]
fn serve_exits_4_when_its_postgresql_cannot_be_reached_and_never_shows_the_password() {
    let url = "postgres://sailau:not-for-the-log@127.0.0.1:1/sailau";
    let started = Instant::now();
    let out = run(
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database",
            url,
            "--log",
            "text",
        ],
        PASSWORD,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(
        err.contains("postgres://sailau:***@127.0.0.1:1/sailau"),
        "the store is named, its password hidden: {err}"
    );
    assert!(!err.contains("not-for-the-log"), "{err}");
    assert!(!err.contains("serving on"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "it gives up: {:?}",
        started.elapsed()
    );
}

/// C110: a sign-in the service refuses (a wrong password, a name that is no account: 401,
/// S8) stops `sailau publish` with exit 2 and one line giving the status and the service's
/// error, never the password; nothing is published.
#[test]
fn publish_exits_2_with_the_status_and_message_when_the_sign_in_is_refused() {
    let demo = small_demo("signin-demo", "21");
    let d = demo.to_str().unwrap();
    let (_, db) = store_with_cec("signin-data");
    let server = serve(&db);
    for (user, password) in [
        ("cec-admin", "not the right password"),
        ("nobody-by-this-name", PASSWORD),
    ] {
        let out = run(
            &["publish", d, "--server", &server.url, "--user", user],
            password,
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{user}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(err.contains(user), "the account is named: {err}");
        assert!(err.contains("401"), "the status: {err}");
        // docs/server.md, "Errors": {"error": CODE, "message": TEXT}, 401 is `unauthenticated`.
        assert!(
            err.contains(r#""error":"unauthenticated""#) && err.contains(r#""message":""#),
            "the service's error and message: {err}"
        );
        assert!(!err.contains(password), "{err}");
    }
    // Nothing reached the service: no election (S6), an empty board, no protocol.
    let (status, body) = get(&server.url, "/api/election");
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("no election is defined yet"), "{body}");
    assert_eq!(json(&server.url, "/api/board/head")["seq"], 0);
}

/// C112: uploads the service refuses (a figure of p-00002's protocol changed under its
/// signature, 403 by S30; p-00003's tally changed after its seal, 422 by S46) make `sailau
/// publish` exit 1 naming each refusal, its precinct and its status; the rest is taken, and
/// nothing of a refused upload is on the service.
#[test]
fn publish_exits_1_naming_each_upload_the_service_refuses() {
    let demo = small_demo("upload-demo", "22");
    let d = demo.to_str().unwrap();
    let precinct = |id: &str| demo.join("precincts").join(id);
    let protocol = precinct("p-00002").join("protocol.json");
    let text = std::fs::read_to_string(&protocol).unwrap();
    std::fs::write(&protocol, bump_first(&text, "registered")).unwrap();
    let tally = precinct("p-00003").join("tally.json");
    let text = std::fs::read_to_string(&tally).unwrap();
    std::fs::write(&tally, bump_first(&text, "count")).unwrap();

    let (_, db) = store_with_cec("upload-data");
    let server = serve(&db);
    let url = server.url.as_str();
    let out = run(
        &["publish", d, "--server", url, "--user", "cec-admin"],
        PASSWORD,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let refusal = |what: &str| {
        err.lines()
            .find(|l| l.contains(what))
            .unwrap_or_else(|| panic!("{what} is named: {err}"))
            .to_string()
    };
    let forged = refusal("p-00002: protocol");
    assert!(
        forged.contains("403") && forged.contains("forbidden"),
        "{forged}"
    );
    let resealed = refusal("p-00003: record");
    assert!(
        resealed.contains("422")
            && resealed.contains("unprocessable")
            && resealed.contains("tally"),
        "{resealed}"
    );
    assert!(!err.contains("p-00001:"), "p-00001 is not refused: {err}");
    assert!(
        err.contains("published 2 protocols, 1 station records"),
        "{err}"
    );

    // What was taken is there as sent; nothing of what was refused.
    let (status, body) = get(url, "/api/precincts/p-00001/protocol");
    assert_eq!(status, 200);
    assert_eq!(
        body.as_bytes(),
        std::fs::read(precinct("p-00001").join("protocol.json")).unwrap()
    );
    assert_eq!(get(url, "/api/precincts/p-00002/protocol").0, 404);
    assert_eq!(get(url, "/api/precincts/p-00003/protocol").0, 200);
    assert_eq!(get(url, "/api/precincts/p-00003/ballots.jsonl").0, 404);
    assert_eq!(get(url, "/api/precincts/p-00003/tally.json").0, 404);
    // The board holds p-00001's ballots and no other.
    let log = std::fs::read(precinct("p-00001").join("ballots.bin")).unwrap();
    let log = sailau_crypto::compact::to_jsonl(&log).unwrap();
    let ballots = log.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
    assert!(ballots > 0);
    assert_eq!(
        json(url, "/api/board/head")["seq"].as_u64(),
        Some(ballots as u64)
    );
    let board = json(url, "/api/board?after=0&limit=10000");
    let entries = board["entries"].as_array().unwrap();
    assert_eq!(entries.len(), ballots);
    assert!(entries.iter().all(|e| e["precinct"] == "p-00001"));
}

/// A demo published to a service and mirrored once, cleanly, the service then stopped: the
/// store's file and the mirror's folder.
fn published_and_mirrored(name: &str, seed: &str) -> (PathBuf, PathBuf) {
    let demo = small_demo(&format!("{name}-demo"), seed);
    let (data, db) = store_with_cec(&format!("{name}-data"));
    let store = data.join("sailau.db");
    let server = serve(&db);
    publish(&demo, &server.url);
    let mirror = fresh(&format!("{name}-mirror"));
    succeed(&["mirror", &server.url, mirror.to_str().unwrap(), "--once"]);
    (store, mirror)
}

/// A copy of the store `store` changed behind the service's back by `tamper`, served, and one
/// pass of the mirror in `mirror` against it.
fn mirrored_from_a_copy(
    store: &Path,
    name: &str,
    mirror: &Path,
    tamper: impl FnOnce(&rusqlite::Connection),
) -> Output {
    let copy = store.with_file_name(format!("{name}.db"));
    let _ = std::fs::remove_file(&copy);
    rusqlite::Connection::open(store)
        .unwrap()
        .execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
        .unwrap();
    tamper(&rusqlite::Connection::open(&copy).unwrap());
    let server = serve(&format!("sqlite://{}", copy.display()));
    run(
        &["mirror", &server.url, mirror.to_str().unwrap(), "--once"],
        PASSWORD,
    )
}

/// The board's head in `conn`: its length and chain.
fn head(conn: &rusqlite::Connection) -> (i64, String) {
    conn.query_row(
        "SELECT seq, head FROM chains WHERE name = 'board'",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

/// C116: the mirror raises the alarm (exit 1, `ALARM`) when, behind the service's back, the
/// election's documents change (two stations' keys swapped), the board shrinks (its last ten
/// entries removed), a new entry does not extend the chain (the first ballot replayed with
/// its own chain), or new entries come out of order (one with the right chain for its place,
/// but a place skipped). Each time the mirror's folder is left exactly as it was: the
/// evidence (docs/server.md, "Mirroring").
#[test]
fn mirror_raises_the_alarm_on_changed_documents_a_shrunk_board_a_broken_chain_or_order() {
    let (store, mirror) = published_and_mirrored("alarm", "23");
    let n = head(&rusqlite::Connection::open(&store).unwrap()).0;
    assert!(n > 20, "the board holds {n} entries");

    // The copy itself raises nothing: the alarms below are the tampering's.
    let out = mirrored_from_a_copy(&store, "untouched", &mirror, |_| {});
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let evidence = snapshot(&mirror);
    assert!(evidence.contains_key(Path::new("mirror.json")));
    assert!(evidence.contains_key(Path::new("board.jsonl")));
    let alarmed = |out: &Output, what: &str| {
        let err = stderr(out);
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        assert!(err.contains("ALARM"), "{what}: {err}");
        assert!(
            snapshot(&mirror) == evidence,
            "{what}: the mirror's folder is left as it was"
        );
        err
    };

    // The election's documents changed: two stations' keys swapped in stations.json.
    let mut swapped = String::new();
    let out = mirrored_from_a_copy(&store, "documents", &mirror, |c| {
        let body: Vec<u8> = c
            .query_row(
                "SELECT body FROM documents WHERE name = 'stations.json'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let mut stations: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let first = stations[0]["public_key"].clone();
        stations[0]["public_key"] = stations[1]["public_key"].clone();
        stations[1]["public_key"] = first;
        let body = serde_json::to_vec_pretty(&stations).unwrap();
        swapped = sailau_server::election::sha256_hex(&body);
        c.execute_batch("DROP TRIGGER documents_no_update").unwrap();
        c.execute(
            "UPDATE documents SET body = ?1, sha256 = ?2 WHERE name = 'stations.json'",
            rusqlite::params![body, swapped],
        )
        .unwrap();
    });
    let err = alarmed(&out, "documents changed");
    assert!(err.contains("the election's documents changed"), "{err}");
    assert!(err.contains(&swapped), "the new stations.json named: {err}");

    // The board shrank: its last ten entries removed, its head moved back.
    let out = mirrored_from_a_copy(&store, "shrunk", &mirror, |c| {
        c.execute_batch("DROP TRIGGER board_no_delete").unwrap();
        c.execute("DELETE FROM board WHERE seq > ?1", [n - 10])
            .unwrap();
        c.execute(
            "UPDATE chains SET seq = ?1, head = (SELECT chain FROM board WHERE seq = ?1) \
             WHERE name = 'board'",
            [n - 10],
        )
        .unwrap();
    });
    let err = alarmed(&out, "board shrank");
    assert!(err.contains("the board shrank"), "{err}");
    assert!(
        err.contains(&n.to_string()) && err.contains(&(n - 10).to_string()),
        "both lengths named: {err}"
    );

    // A new entry that does not extend the chain: the first ballot replayed after the head,
    // with the chain it had as the first entry.
    let out = mirrored_from_a_copy(&store, "replayed", &mirror, |c| {
        c.execute(
            "INSERT INTO board (seq, precinct, code, line, chain) \
             SELECT ?1, precinct, code, line, chain FROM board WHERE seq = 1",
            [n + 1],
        )
        .unwrap();
        c.execute(
            "UPDATE chains SET seq = ?1, head = (SELECT chain FROM board WHERE seq = ?1) \
             WHERE name = 'board'",
            [n + 1],
        )
        .unwrap();
    });
    let err = alarmed(&out, "chain not extended");
    assert!(
        err.contains(&format!("board entry {} does not extend the chain", n + 1)),
        "{err}"
    );

    // New entries out of order: the next place skipped, the entry after it chained correctly
    // for its own place, so only the order is wrong.
    let out = mirrored_from_a_copy(&store, "skipped", &mirror, |c| {
        let (seq, chain) = head(c);
        let (precinct, code, line): (String, String, Vec<u8>) = c
            .query_row(
                "SELECT precinct, code, line FROM board WHERE seq = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        let prev = sailau_group::from_hex32(&chain).unwrap();
        let chain = sailau_group::to_hex(&sailau_server::records::board_hash(
            &prev,
            seq + 2,
            &precinct,
            &line,
        ));
        c.execute(
            "INSERT INTO board (seq, precinct, code, line, chain) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![seq + 2, precinct, code, line, chain],
        )
        .unwrap();
        c.execute(
            "UPDATE chains SET seq = ?1, head = ?2 WHERE name = 'board'",
            rusqlite::params![seq + 2, chain],
        )
        .unwrap();
    });
    let err = alarmed(&out, "out of order");
    assert!(
        err.contains(&format!("board entry {} follows {n}", n + 2)),
        "{err}"
    );
}

/// C117: a record whose board is intact but which fails verification (a count in p-00001's
/// tally raised behind the service's back, which check 14 of docs/protocol.md §12 catches)
/// makes the mirror exit 1, the failure named on standard output. It is no alarm: the
/// ballots are the board's. The failing record is kept as downloaded, the evidence, and no
/// download is left half-done.
#[test]
fn mirror_exits_1_when_the_mirrored_record_fails_verification() {
    let (store, mirror) = published_and_mirrored("verify", "24");
    let mut raised = String::new();
    let out = mirrored_from_a_copy(&store, "tally", &mirror, |c| {
        let tally: Vec<u8> = c
            .query_row(
                "SELECT tally FROM records WHERE precinct = 'p-00001'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        raised = bump_first(&String::from_utf8(tally).unwrap(), "count");
        c.execute_batch("DROP TRIGGER records_no_update").unwrap();
        c.execute(
            "UPDATE records SET tally = ?1 WHERE precinct = 'p-00001'",
            [raised.as_bytes()],
        )
        .unwrap();
    });
    let (err, report) = (stderr(&out), stdout(&out));
    assert_eq!(out.status.code(), Some(1), "{err}\n{report}");
    assert!(!err.contains("ALARM"), "the board is intact: {err}");
    assert!(
        report.contains("p-00001: check 14 failed"),
        "the precinct and the check named: {report}"
    );
    for other in ["p-00002", "p-00003"] {
        assert!(
            !report.contains(&format!("{other}: check")),
            "{other} passes: {report}"
        );
    }
    // The record as the service served it is kept; nothing half-downloaded is left.
    let election = std::fs::read_dir(mirror.join("record"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert_eq!(
        std::fs::read_to_string(election.join("precincts/p-00001/tally.json")).unwrap(),
        raised
    );
    assert!(!mirror.join("record.new").exists());
    assert!(!mirror.join("record.tar.new").exists());
    assert!(!mirror.join("record.old").exists());
}

//! The central service end to end, as its users run it: `sailau serve`, a demo election
//! published to it by `sailau publish`, an observer's `sailau mirror` that rebuilds and
//! verifies the record, and the alarm when the service's history is rewritten.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

const PASSWORD: &str = "correct horse battery";

fn sailau(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sailau"))
        .args(args)
        .env("SAILAU_PASSWORD", PASSWORD)
        .output()
        .unwrap()
}

/// Runs `sailau` and asserts it succeeds; its standard error.
fn succeed(args: &[&str]) -> String {
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

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(database: &str) -> Server {
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
    // Keep draining the log so the service never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, url }
}

/// A plain HTTP GET, to read the service without the code under test.
fn get(url: &str, path: &str) -> (u16, String) {
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

fn json(url: &str, path: &str) -> serde_json::Value {
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

    let data = fresh("data");
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

    let server = serve(&db);
    let out = succeed(&[
        "publish",
        demo.to_str().unwrap(),
        "--server",
        &server.url,
        "--user",
        "cec-admin",
    ]);
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
    let again = succeed(&[
        "publish",
        demo.to_str().unwrap(),
        "--server",
        &server.url,
        "--user",
        "cec-admin",
    ]);
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

//! The central store survives its primary (docs/server.md, "Several services, one store"):
//! three `sailau serve` on a PostgreSQL primary with a synchronous streaming replica, both
//! started here on loopback with PostgreSQL's own tools (initdb, pg_basebackup, pg_ctl). While
//! the 10,233 precincts upload, the primary is killed with SIGKILL and the replica promoted;
//! the stations send again what was not answered until it is. Then every acknowledged upload
//! is in the new primary exactly once and whole, every service counts all of them, and the
//! audit log's chain is intact.

use super::server::{get, serve, Server, PASSWORD};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// PostgreSQL's programs: `$SAILAU_PG_BIN`, else the folder of `initdb` on the PATH, else the
/// newest `/usr/lib/postgresql/*/bin` (Debian keeps them off the PATH).
fn pg_bin() -> PathBuf {
    if let Some(dir) = std::env::var_os("SAILAU_PG_BIN") {
        return dir.into();
    }
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .find(|d| d.join("initdb").is_file() && d.join("pg_basebackup").is_file())
    });
    if let Some(dir) = on_path {
        return dir;
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, b)| b).expect(
        "the failover test runs a PostgreSQL primary and replica of its own: install \
         PostgreSQL's server programs (Debian: apt install postgresql) or set SAILAU_PG_BIN",
    )
}

/// A port nobody listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A primary and its synchronous standby in a folder of their own, stopped and removed on drop.
struct Pair {
    dir: PathBuf,
    bin: PathBuf,
    primary: u16,
    replica: u16,
}

impl Pair {
    /// Runs one of PostgreSQL's programs, as the `postgres` user when this is root (the
    /// server refuses to run as root).
    fn run(&self, program: &str, args: &[&str]) {
        let root = is_root();
        let mut c = if root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(self.bin.join(program));
            c
        } else {
            Command::new(self.bin.join(program))
        };
        let out = c.args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{program} {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn start() -> Pair {
        // Under the system's temporary folder: the postgres user must reach it, and its
        // sockets' paths must stay short.
        let dir = std::env::temp_dir().join(format!("sailau-failover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        if is_root() {
            let ok = Command::new("chown")
                .args(["postgres", dir.to_str().unwrap()])
                .status()
                .unwrap();
            assert!(ok.success(), "no postgres user: scripts/test makes one");
        }
        let primary = free_port();
        let pair = Pair {
            dir: dir.clone(),
            bin: pg_bin(),
            primary,
            replica: std::iter::repeat_with(free_port)
                .find(|&p| p != primary)
                .unwrap(),
        };
        let d = |name: &str| dir.join(name).to_str().unwrap().to_string();
        pair.run(
            "initdb",
            &[
                "-D",
                &d("primary"),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ],
        );
        // Commits wait for the standby (`synchronous_standby_names`): an acknowledged upload is
        // on both servers. Given on the command line, not in the data folder, so the standby
        // copied from it does not wait for a standby of its own once promoted. fsync is off:
        // the test kills processes, not the machine, and the page cache survives them.
        let common = format!(
            "-k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            dir.display()
        );
        pair.run(
            "pg_ctl",
            &[
                "-D",
                &d("primary"),
                "-l",
                &d("primary.log"),
                "-w",
                "-o",
                &format!(
                    "-p {} {common} -c wal_level=replica -c max_wal_senders=4 \
                     -c synchronous_standby_names=* -c synchronous_commit=on",
                    pair.primary
                ),
                "start",
            ],
        );
        pair.run(
            "pg_basebackup",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &pair.primary.to_string(),
                "-U",
                "postgres",
                "-D",
                &d("replica"),
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
            ],
        );
        pair.run(
            "pg_ctl",
            &[
                "-D",
                &d("replica"),
                "-l",
                &d("replica.log"),
                "-w",
                "-o",
                &format!("-p {} {common}", pair.replica),
                "start",
            ],
        );
        // Until the standby streams synchronously, a commit would not wait for it.
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let mut c = pair.client(pair.primary);
            let rows = c
                .query("SELECT sync_state FROM pg_stat_replication", &[])
                .unwrap();
            if rows.iter().any(|r| r.get::<_, String>(0) == "sync") {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the standby never became synchronous"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        pair
    }

    fn client(&self, port: u16) -> postgres::Client {
        postgres::Client::connect(
            &format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            postgres::NoTls,
        )
        .unwrap()
    }

    /// What the services are given: both servers, and only the one that takes writes.
    fn url(&self) -> String {
        format!(
            "postgres://postgres@127.0.0.1:{},127.0.0.1:{}/postgres?target_session_attrs=read-write&connect_timeout=2",
            self.primary, self.replica
        )
    }

    /// SIGKILL to the primary's postmaster and every process it started, at once: no
    /// shutdown, no last word to the standby.
    fn kill_primary(&self) {
        let pid_file = std::fs::read_to_string(self.dir.join("primary/postmaster.pid")).unwrap();
        let postmaster: i32 = pid_file.lines().next().unwrap().trim().parse().unwrap();
        // Stopped first, so it forks nothing while its children are listed.
        signal(postmaster, "STOP");
        let children: Vec<i32> = std::fs::read_dir("/proc")
            .unwrap()
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
            .filter(|pid| {
                std::fs::read_to_string(format!("/proc/{pid}/stat"))
                    .ok()
                    .and_then(|s| {
                        let after = s.rsplit_once(')')?.1.to_string();
                        after.split_whitespace().nth(1)?.parse::<i32>().ok()
                    })
                    == Some(postmaster)
            })
            .collect();
        signal(postmaster, "KILL");
        for c in children {
            signal(c, "KILL");
        }
    }

    /// Makes the standby the primary, and waits until it takes writes.
    fn promote(&self) {
        let mut c = self.client(self.replica);
        let done: bool = c
            .query_one("SELECT pg_promote(true, 60)", &[])
            .unwrap()
            .get(0);
        assert!(done, "the standby was not promoted within 60 s");
    }
}

impl Drop for Pair {
    fn drop(&mut self) {
        for data in ["primary", "replica"] {
            let pid = std::fs::read_to_string(self.dir.join(data).join("postmaster.pid"))
                .ok()
                .and_then(|s| s.lines().next()?.trim().parse::<i32>().ok());
            if let Some(pid) = pid {
                signal(pid, "KILL");
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn signal(pid: i32, sig: &str) {
    let _ = Command::new("kill")
        .args([&format!("-{sig}"), &pid.to_string()])
        .stderr(std::process::Stdio::null())
        .status();
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.trim_ascii() == b"0")
        .unwrap_or(false)
}

/// One request over plain HTTP: the status and body, or none when nobody answered.
pub(super) fn request(
    url: &str,
    method: &str,
    path: &str,
    bearer: Option<&str>,
    body: &[u8],
) -> Option<(u16, Vec<u8>)> {
    let host = url.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(host).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(60))).ok()?;
    let auth = bearer.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n{auth}\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .ok()?;
    s.write_all(body).ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let status = std::str::from_utf8(raw.get(9..12)?).ok()?.parse().ok()?;
    let at = raw.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    Some((status, raw[at..].to_vec()))
}

/// What a station does: sends until a service answers that it holds the upload, moving to the
/// next service when one does not answer, answers 503 (the store failing over) or 429.
/// Returns the receipt's digest, and how many sends it took.
fn send_until_answered(
    services: &[String],
    first: usize,
    path: &str,
    body: &[u8],
) -> (String, u32) {
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut tries = 0;
    loop {
        let url = &services[(first + tries as usize) % services.len()];
        tries += 1;
        match request(url, "PUT", path, None, body) {
            Some((200 | 201, answer)) => {
                let receipt: serde_json::Value = serde_json::from_slice(&answer).unwrap();
                return (receipt["sha256"].as_str().unwrap().to_string(), tries);
            }
            // The store lost is 503, never an internal error: the service knows the difference.
            Some((status, answer)) if status != 503 && status != 429 => panic!(
                "{path}: answered {status}: {}",
                String::from_utf8_lossy(&answer)
            ),
            _ => {
                assert!(
                    Instant::now() < deadline,
                    "{path}: no service answered for 300 s"
                );
                std::thread::sleep(Duration::from_millis(50 * u64::from(tries.min(10))));
            }
        }
    }
}

fn sha256_hex(b: &[u8]) -> String {
    sailau_group::to_hex(&Sha256::digest(b))
}

/// The digest a receipt names: a protocol's SHA-256; a record's over its log and tally.
fn sha256_hex_of_upload(path: &str, body: &[u8]) -> String {
    if path.ends_with("/record") {
        let up: serde_json::Value = serde_json::from_slice(body).unwrap();
        let (ballots, tally) = (
            up["ballots"].as_str().unwrap(),
            up["tally"].as_str().unwrap(),
        );
        sailau_server::records::record_digest(ballots.as_bytes(), tally.as_bytes())
    } else {
        sha256_hex(body)
    }
}

/// Three services on the pair, a CEC account and `observers` observer accounts, and the
/// election defined through one of the services from `upload` (the body of `PUT /api/election`).
fn services_on(pair: &Pair, upload: &[u8], observers: usize) -> (Vec<Server>, Vec<String>) {
    let url = pair.url();
    let add = |name: &str, role: &str| {
        super::server::succeed(&[
            "users",
            "add",
            "--database",
            &url,
            "--name",
            name,
            "--role",
            role,
        ]);
    };
    add("cec-admin", "cec");
    for i in 0..observers {
        add(&format!("observer-{i}"), "observer");
    }
    let servers: Vec<Server> = (0..3).map(|_| serve(&url)).collect();
    let services: Vec<String> = servers.iter().map(|s| s.url.clone()).collect();
    let (status, token) = request(
        &services[0],
        "POST",
        "/api/session",
        None,
        &login("cec-admin"),
    )
    .unwrap();
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&token));
    let token: serde_json::Value = serde_json::from_slice(&token).unwrap();
    let (status, answer) = request(
        &services[1],
        "PUT",
        "/api/election",
        token["token"].as_str(),
        upload,
    )
    .unwrap();
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&answer));
    (servers, services)
}

fn login(name: &str) -> Vec<u8> {
    format!(r#"{{"name":"{name}","password":"{PASSWORD}"}}"#).into_bytes()
}

/// Each station's uploads, one after another in `uploads`: its protocol, then its turnout or
/// its record.
const PER_STATION: usize = 2;

/// What became of the uploads sent through a failover.
struct Outcome {
    /// Each upload's receipt digest, in the order of the uploads.
    acked: Vec<String>,
    /// Uploads acknowledged before the kill.
    killed_after: usize,
    /// From the kill to the standby taking writes.
    promoted: Duration,
    /// From the first upload to the last acknowledged.
    uploaded: Duration,
    /// Sends beyond the first, over all uploads.
    resent: usize,
    /// Observers' sign-ins: answered before the kill, answered after the promotion, sent.
    sign_ins: (usize, usize, usize),
}

/// The stations send `uploads`, `stations` at once, each to its own service first; the
/// observers keep signing in. Once `kill_at` uploads are acknowledged, the primary is killed;
/// a second later the standby is promoted. Returns when every upload is acknowledged.
fn upload_through_failover(
    pair: &Pair,
    services: &[String],
    uploads: &Arc<Vec<(String, Vec<u8>)>>,
    stations: usize,
    kill_at: usize,
    observers: usize,
) -> Outcome {
    let next = Arc::new(AtomicUsize::new(0));
    let acked = Arc::new(Mutex::new(vec![None::<String>; uploads.len()]));
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let resent = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let threads: Vec<_> = (0..stations)
        .map(|t| {
            let (uploads, next, acked, acknowledged, resent, services) = (
                uploads.clone(),
                next.clone(),
                acked.clone(),
                acknowledged.clone(),
                resent.clone(),
                services.to_vec(),
            );
            // A station sends its own uploads in order: its protocol before its record.
            std::thread::spawn(move || loop {
                let station = next.fetch_add(1, Ordering::SeqCst);
                if station * PER_STATION >= uploads.len() {
                    return;
                }
                for i in station * PER_STATION..(station + 1) * PER_STATION {
                    let (path, body) = &uploads[i];
                    let (sha, tries) = send_until_answered(&services, t, path, body);
                    resent.fetch_add(tries as usize - 1, Ordering::SeqCst);
                    acked.lock().unwrap()[i] = Some(sha);
                    acknowledged.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    // 0 before the kill, 1 while no server takes writes, 2 once the standby does.
    let phase = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let answered_before = Arc::new(AtomicUsize::new(0));
    let sign_ins = {
        let (done, phase, services, answered_before) = (
            done.clone(),
            phase.clone(),
            services.to_vec(),
            answered_before.clone(),
        );
        std::thread::spawn(move || {
            let (mut before, mut after, mut sent) = (0, 0, 0);
            // Within the per-name limit of 10 a minute, on each service.
            while !done.load(Ordering::SeqCst) && sent < observers * 9 {
                let name = format!("observer-{}", sent % observers);
                let url = &services[sent % services.len()];
                sent += 1;
                let sent_in = phase.load(Ordering::SeqCst);
                if let Some((201, _)) = request(url, "POST", "/api/session", None, &login(&name)) {
                    match (sent_in, phase.load(Ordering::SeqCst)) {
                        (0, 0) => {
                            before += 1;
                            answered_before.fetch_add(1, Ordering::SeqCst);
                        }
                        (2, _) => after += 1,
                        _ => {}
                    }
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            (before, after, sent)
        })
    };
    // The kill comes once the audit log has a sign-in from before it to chain after.
    while acknowledged.load(Ordering::SeqCst) < kill_at
        || answered_before.load(Ordering::SeqCst) == 0
    {
        std::thread::sleep(Duration::from_millis(2));
    }
    let killed_after = acknowledged.load(Ordering::SeqCst);
    assert!(
        killed_after < uploads.len(),
        "the primary is killed while the stations upload"
    );
    phase.store(1, Ordering::SeqCst);
    pair.kill_primary();
    let killed = Instant::now();
    std::thread::sleep(Duration::from_secs(1));
    pair.promote();
    let promoted = killed.elapsed();
    phase.store(2, Ordering::SeqCst);
    for t in threads {
        t.join().unwrap();
    }
    let uploaded = started.elapsed();
    // The observers go on a little after the promotion, if the uploads ended first.
    std::thread::sleep(Duration::from_millis(500));
    done.store(true, Ordering::SeqCst);
    let sign_ins = sign_ins.join().unwrap();
    let acked = acked
        .lock()
        .unwrap()
        .iter()
        .map(|a| a.clone().unwrap())
        .collect();
    Outcome {
        acked,
        killed_after,
        promoted,
        uploaded,
        resent: resent.load(Ordering::SeqCst),
        sign_ins,
    }
}

/// The new primary's audit log and board; asserts both chains, and that the sign-ins
/// answered around the failover are in the log.
fn chains_on_new_primary(pair: &Pair, o: &Outcome) -> Vec<sailau_server::records::BoardEntry> {
    let (entries, board) = super::server::chains_intact(&format!(
        "postgres://postgres@127.0.0.1:{}/postgres",
        pair.replica
    ));
    let logged = entries
        .iter()
        .filter(|e| e.action == "sign-in" && e.actor.starts_with("observer-"))
        .count();
    let (before, after, sent) = o.sign_ins;
    assert!(
        before >= 1 && after >= 1,
        "sign-ins answered before the kill ({before}) and after the promotion ({after})"
    );
    assert!(
        logged >= before + after && logged <= sent,
        "{logged} sign-ins logged; answered {before} + {after} of {sent}"
    );
    board
}

fn report(name: &str, uploads: usize, o: &Outcome) {
    eprintln!(
        "{name}: {uploads} uploads through 3 services; killed after {} acknowledged, standby \
         promoted {:.2} s after the kill; all acknowledged in {:.1} s with {} sends again; \
         observers' sign-ins answered: {} before the kill, {} after the promotion, of {}",
        o.killed_after,
        o.promoted.as_secs_f64(),
        o.uploaded.as_secs_f64(),
        o.resent,
        o.sign_ins.0,
        o.sign_ins.1,
        o.sign_ins.2
    );
}

#[test]
fn the_store_fails_over_to_its_replica_while_the_country_uploads_and_loses_nothing_acknowledged() {
    let precincts: usize = std::env::var("SAILAU_FAILOVER_PRECINCTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_233);
    let pair = Pair::start();
    let sample = sailau_server::sample::SampleElection::new(precincts, 18);
    // What each station sends: its signed protocol and its 20:00 turnout.
    let uploads: Vec<(String, Vec<u8>)> = (0..precincts)
        .flat_map(|i| {
            let id = sample.precinct(i);
            let protocol = sample.protocol(i);
            let first = &protocol.contests[0];
            let (registered, voted) = (
                first.registered,
                first.paper.issued_station + first.electronic.issued,
            );
            [
                (
                    format!("/api/precincts/{id}/protocol"),
                    sample.sign(i, protocol),
                ),
                (
                    format!("/api/precincts/{id}/turnout"),
                    sample.signed_turnout(i, 20, registered, voted),
                ),
            ]
        })
        .collect();
    let uploads = Arc::new(uploads);
    let (servers, services) = services_on(&pair, sample.upload().as_bytes(), 6);
    let o = upload_through_failover(&pair, &services, &uploads, 32, uploads.len() / 3, 6);

    // Every service, whichever took each upload, counts the whole country, with the same sums.
    let national = |url: &str| {
        let results = super::server::json(url, "/api/results");
        assert_eq!(
            results["precincts"]["reported"], precincts,
            "{url}: {}",
            results["precincts"]
        );
        assert_eq!(results["complete"], true, "{url}");
        results["national"].clone()
    };
    let first = national(&services[0]);
    for url in &services[1..] {
        assert_eq!(national(url), first, "{url}: the same national sums");
    }
    // The national votes of the first contest, summed here from what the stations signed.
    let contest = &first["contests"][0];
    let id = contest["contest"].as_str().unwrap();
    for option in contest["options"].as_array().unwrap() {
        let name = option["option"].as_str().unwrap();
        let expected: u64 = (0..precincts)
            .flat_map(|i| sample.protocol(i).contests)
            .filter(|c| c.contest == id)
            .flat_map(|c| c.options)
            .filter(|o| o.option == name)
            .map(|o| o.paper + o.electronic)
            .sum();
        let got = option["paper"].as_u64().unwrap() + option["electronic"].as_u64().unwrap();
        assert_eq!(got, expected, "{id}, option {name}");
    }
    drop(servers);

    // The new primary holds each acknowledged upload once, whole, as the station sent it.
    let mut db = pair.client(pair.replica);
    let mut held = std::collections::HashMap::new();
    let protocols = db
        .query("SELECT precinct, sha256, body FROM protocols", &[])
        .unwrap();
    assert_eq!(protocols.len(), precincts, "one protocol a precinct");
    for r in &protocols {
        let path = format!("/api/precincts/{}/protocol", r.get::<_, String>(0));
        held.insert(path, (r.get::<_, String>(1), r.get::<_, Vec<u8>>(2)));
    }
    let turnout = db
        .query("SELECT precinct, hour, sha256, body FROM turnout", &[])
        .unwrap();
    assert_eq!(turnout.len(), precincts, "one 20:00 turnout a precinct");
    for r in &turnout {
        assert_eq!(r.get::<_, i64>(1), 20);
        let path = format!("/api/precincts/{}/turnout", r.get::<_, String>(0));
        held.insert(path, (r.get::<_, String>(2), r.get::<_, Vec<u8>>(3)));
    }
    for (i, (path, body)) in uploads.iter().enumerate() {
        let (sha, stored) = held
            .get(path)
            .unwrap_or_else(|| panic!("{path}: acknowledged, not held"));
        assert_eq!(stored, body, "{path}: held as sent");
        assert_eq!(sha, &sha256_hex(body), "{path}: its digest is its body's");
        assert_eq!(&o.acked[i], sha, "{path}: the receipt names what is held");
    }
    // The counts the services catch up by are the tables' own, after 20,466 concurrent inserts.
    for table in sailau_server::schema::COUNTED {
        let counted: i64 = db
            .query_one(
                &format!("SELECT CAST(sum(n) AS BIGINT) FROM row_counts WHERE name = '{table}'"),
                &[],
            )
            .unwrap()
            .get(0);
        let rows: i64 = db
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .unwrap()
            .get(0);
        assert_eq!(counted, rows, "row_counts of {table}");
    }
    assert!(
        chains_on_new_primary(&pair, &o).is_empty(),
        "no record was sent"
    );
    report("failover, 10,233 precincts", uploads.len(), &o);
}

/// The same failover while stations send their records: every ballot is on the new primary's
/// board exactly once, its chain intact, and every service serves each station's log as sent.
#[test]
fn records_sent_through_a_failover_keep_the_board_whole_and_chained() {
    let demo = super::server::demo_with_records("failover-demo");
    let read = |f: &str| std::fs::read_to_string(demo.dir.join(f)).unwrap();
    let upload = serde_json::json!({
        "definition": read("definition.json"),
        "election": read("election.json"),
        "stations": read("stations.json"),
    })
    .to_string();
    let pair = Pair::start();
    let (servers, services) = services_on(&pair, upload.as_bytes(), 2);
    let uploads = Arc::new(demo.uploads.clone());
    let o = upload_through_failover(&pair, &services, &uploads, 2, uploads.len() / 3, 2);
    for (i, (path, body)) in uploads.iter().enumerate() {
        assert_eq!(o.acked[i], sha256_hex_of_upload(path, body), "{path}");
    }
    for url in &services {
        for (id, ballots) in &demo.logs {
            let (status, body) = get(url, &format!("/api/precincts/{id}/ballots.jsonl"));
            assert_eq!(status, 200, "{url}: {id}");
            assert_eq!(
                body.as_bytes(),
                ballots.as_slice(),
                "{url}: {id}'s log as sent"
            );
        }
    }
    // Each record is verified in full after its answer, the failover notwithstanding.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let v = super::server::json(&services[0], "/api/verification");
        if v["counts"]["passed"] == demo.logs.len() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "records not all verified: {}",
            v["counts"]
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    drop(servers);
    let board = chains_on_new_primary(&pair, &o);
    let lines: usize = demo
        .logs
        .iter()
        .map(|(_, b)| b.split(|&c| c == b'\n').filter(|l| !l.is_empty()).count())
        .sum();
    assert_eq!(board.len(), lines, "every ballot on the board exactly once");
    report("failover with records", uploads.len(), &o);
}

//! `sailau publish DIR --server URL`: sends an election record on disk (the demo's, say) to
//! the central service as the CEC and the stations would: the election's documents under a
//! CEC account, then each precinct's signed protocol and, where the station's database is at
//! hand (DIR/private/stations), its turnout snapshots and its record, signed by the station
//! key; and the registry's ledger beside the record (DIR/registry.jsonl), if there is one.

use crate::http::Http;
use crate::Failure;
use clap::Args;
use sailau_record::{Folder, Layout};
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct PublishArgs {
    /// The election record folder.
    dir: PathBuf,
    /// The service, http://HOST:PORT.
    #[arg(long)]
    server: String,
    /// A CEC account; its password is read from SAILAU_PASSWORD or standard input.
    #[arg(long)]
    user: String,
}

fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::Input(format!("{}: cannot read: {e}", path.display())))
}

/// The password of `sailau users add` and `sailau publish`: SAILAU_PASSWORD, else stdin.
pub fn password() -> Result<zeroize::Zeroizing<String>, Failure> {
    Ok(zeroize::Zeroizing::new(
        match std::env::var("SAILAU_PASSWORD") {
            Ok(p) => p,
            Err(_) => {
                let mut line = String::new();
                std::io::stdin()
                    .read_line(&mut line)
                    .map_err(|e| Failure::Input(format!("reading the password: {e}")))?;
                line.trim_end_matches(['\r', '\n']).to_string()
            }
        },
    ))
}

pub fn run(args: &PublishArgs) -> Result<(), Failure> {
    let http = Http::new(&args.server)?;
    let password = password()?;
    let credentials = serde_json::json!({ "name": args.user, "password": password.as_str() });
    let token = match http.send(
        "POST",
        "/api/session",
        None,
        Some(credentials.to_string().into_bytes()),
    )? {
        (201, body) => serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["token"].as_str().map(String::from))
            .ok_or_else(|| Failure::Input("the service's sign-in answer has no token".into()))?,
        (status, body) => {
            return Err(Failure::Input(format!(
                "signing in as {}: {status} {}",
                args.user,
                String::from_utf8_lossy(&body)
            )))
        }
    };
    let record = Folder::at(&args.dir);
    let text = |file: Layout| -> Result<String, Failure> {
        String::from_utf8(read(&record.path(&file))?)
            .map_err(|_| Failure::Input(format!("{}: not UTF-8", file.path())))
    };
    let upload = serde_json::json!({
        "definition": text(Layout::Definition)?,
        "election": text(Layout::Election)?,
        "stations": text(Layout::Stations)?,
    });
    let mut refused = Vec::new();
    match http.send(
        "PUT",
        "/api/election",
        Some(&token),
        Some(upload.to_string().into_bytes()),
    )? {
        (200 | 201, _) => {}
        (status, body) => {
            return Err(Failure::Input(format!(
                "defining the election: {status} {}",
                String::from_utf8_lossy(&body)
            )))
        }
    }
    let precincts_dir = args.dir.join(sailau_record::layout::PRECINCTS);
    let mut ids: Vec<String> = std::fs::read_dir(&precincts_dir)
        .map_err(|e| Failure::Input(format!("{}: {e}", precincts_dir.display())))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    ids.sort();
    let (mut protocols, mut records, mut turnouts) = (0, 0, 0);
    for id in &ids {
        let protocol = read(&record.path(&Layout::Protocol(id.clone())))?;
        match http.send(
            "PUT",
            &format!("/api/precincts/{id}/protocol"),
            None,
            Some(protocol),
        )? {
            (200 | 201, _) => protocols += 1,
            (status, body) => {
                refused.push(format!(
                    "{id}: protocol: {status} {}",
                    String::from_utf8_lossy(&body)
                ));
                continue;
            }
        }
        let db = args
            .dir
            .join(sailau_record::layout::PRIVATE)
            .join("stations")
            .join(format!("{id}.db"));
        if !db.is_file() {
            continue;
        }
        let station = sailau_station::Station::open(&db)
            .map_err(|e| Failure::Input(format!("{}: {e}", db.display())))?;
        // The day's turnout snapshots, as the station sent them at each fixed hour.
        for hour in sailau_law::election_day::TURNOUT_HOURS {
            let signed = station
                .signed_turnout(hour)
                .map_err(|e| Failure::Input(format!("{}: {e}", db.display())))?;
            match http.send(
                "PUT",
                &format!("/api/precincts/{id}/turnout"),
                None,
                Some(signed.to_json().into_bytes()),
            )? {
                (200 | 201, _) => turnouts += 1,
                (status, body) => refused.push(format!(
                    "{id}: turnout {hour}:00: {status} {}",
                    String::from_utf8_lossy(&body)
                )),
            }
        }
        // The service takes the log as the station wrote it, in JSON lines.
        let path = record.path(&Layout::Ballots(id.clone()));
        let ballots = sailau_crypto::compact::to_jsonl(&read(&path)?)
            .map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
        let tally = read(&record.path(&Layout::Tally(id.clone())))?;
        let signature = station
            .record_upload_signature(&ballots, &tally)
            .map_err(|e| Failure::Input(format!("{id}: {e}")))?;
        let utf8 = |b: Vec<u8>, name: &str| {
            String::from_utf8(b).map_err(|_| Failure::Input(format!("{id}/{name}: not UTF-8")))
        };
        let body = serde_json::json!({
            "ballots": utf8(ballots, "ballots.jsonl")?,
            "tally": utf8(tally, "tally.json")?,
            "signature": sailau_group::to_hex(&signature),
        });
        match http.send(
            "PUT",
            &format!("/api/precincts/{id}/record"),
            None,
            Some(body.to_string().into_bytes()),
        )? {
            (200 | 201, _) => records += 1,
            (status, body) => refused.push(format!(
                "{id}: record: {status} {}",
                String::from_utf8_lossy(&body)
            )),
        }
    }
    // The registry the ballots were made from, beside the record (the demo's), taken whole.
    let ledger = args.dir.join("registry.jsonl");
    let mut registry = String::new();
    let lines = if ledger.is_file() {
        read(&ledger)?
    } else {
        Vec::new()
    };
    // An empty ledger has nothing to take (and the service refuses a ledger without entries).
    if !lines.iter().all(u8::is_ascii_whitespace) {
        match http.send("POST", "/api/registry/ledger", Some(&token), Some(lines))? {
            (201, body) => {
                let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
                registry = format!(
                    ", and {} registry entries ({} held)",
                    v["added"], v["entries"]
                );
            }
            (status, body) => refused.push(format!(
                "registry.jsonl: {status} {}",
                String::from_utf8_lossy(&body)
            )),
        }
    }
    eprintln!(
        "sailau: published {protocols} protocols, {records} station records and {turnouts} turnout snapshots of {} precincts to {}{registry}",
        ids.len(),
        args.server
    );
    if refused.is_empty() {
        Ok(())
    } else {
        Err(Failure::Check(refused))
    }
}

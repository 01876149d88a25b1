//! `sailau mirror URL DIR`: an observer's own copy of the election, kept by following the
//! service's bulletin board and checked as it grows (docs/server.md, "Mirroring").
//!
//! Each pass:
//! 1. the election's documents must be the ones first mirrored;
//! 2. the board must still hold the entry the mirror last saw, with the same chain, and
//!    never be shorter: otherwise history was rewritten;
//! 3. every new entry must extend the chain (`records::board_hash`); it is appended to
//!    DIR/board.jsonl before the mirror's head moves;
//! 4. the record is downloaded (to disk as it comes, then unpacked), each station's ballots
//!    must be exactly its entries on the board, and `sailau verify` runs on it once every
//!    precinct has reported.
//!
//! Memory stays bounded at national size: the board is fetched a page at a time and read
//! back line by line, the record never sits whole in memory.
//!
//! Any alarm stops the mirror with exit 1 and leaves DIR as it was: the evidence.

use crate::http::Http;
use crate::Failure;
use clap::Args;
use sailau_server::records::{board_hash, BoardEntry};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct MirrorArgs {
    /// The service, http://HOST:PORT.
    url: String,
    /// The mirror's folder.
    dir: PathBuf,
    /// One pass, then exit (0: all checks pass; 1: an alarm or a failed verification).
    #[arg(long)]
    once: bool,
    /// Seconds between passes.
    #[arg(long, default_value_t = 30)]
    interval: u64,
}

#[derive(Serialize, Deserialize, Default)]
struct State {
    election: String,
    documents: BTreeMap<String, String>,
    seq: i64,
    chain: String,
    /// The length of `board.jsonl` up to entry `seq`: what a pass killed between writing
    /// entries and moving the head wrote beyond it is cut on the next pass, never counted
    /// twice. Absent in a state written before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    board_bytes: Option<u64>,
}

const ZERO: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn alarm(message: String) -> Failure {
    Failure::Check(vec![format!("ALARM: {message}")])
}

fn io(path: &Path, e: std::io::Error) -> Failure {
    Failure::Input(format!("{}: {e}", path.display()))
}

/// The mirror's own files could not be written (a full disk, a read-only folder): exit 3.
fn written(path: &Path, e: std::io::Error) -> Failure {
    Failure::Output(std::io::Error::new(
        e.kind(),
        format!("{}: {e}", path.display()),
    ))
}

pub fn run(args: &MirrorArgs) -> Result<(), Failure> {
    let http = Http::new(&args.url)?;
    std::fs::create_dir_all(&args.dir).map_err(|e| written(&args.dir, e))?;
    loop {
        let complete = pass(&http, &args.dir)?;
        if args.once {
            return Ok(());
        }
        if complete {
            eprintln!(
                "sailau: mirror: every precinct has reported and the record verifies; following on"
            );
        }
        std::thread::sleep(std::time::Duration::from_secs(args.interval.max(1)));
    }
}

/// One pass; true when the record is complete and verified.
fn pass(http: &Http, dir: &Path) -> Result<bool, Failure> {
    let state_path = dir.join("mirror.json");
    let mut state: State = match std::fs::read(&state_path) {
        Ok(b) => serde_json::from_slice(&b)
            .map_err(|e| Failure::Input(format!("{}: {e}", state_path.display())))?,
        // A first pass: whatever a killed first pass appended to the board is cut.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => State {
            chain: ZERO.into(),
            board_bytes: Some(0),
            ..State::default()
        },
        Err(e) => return Err(io(&state_path, e)),
    };

    // 1. The election's documents.
    let election = http.get_json("/api/election")?;
    let id = election["election"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let documents: BTreeMap<String, String> = election["documents"]
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    if state.documents.is_empty() {
        state.election = id.clone();
        state.documents = documents.clone();
    } else if state.documents != documents || state.election != id {
        return Err(alarm(format!(
            "the election's documents changed: first mirrored {:?}, now {:?}",
            state.documents, documents
        )));
    }

    // 2. History kept.
    let head = http.get_json("/api/board/head")?;
    let head_seq = head["seq"].as_i64().unwrap_or(-1);
    if head_seq < state.seq {
        return Err(alarm(format!(
            "the board shrank: it had {} entries, it now says {head_seq}",
            state.seq
        )));
    }
    if state.seq > 0 {
        let page = http.get_json(&format!("/api/board?after={}&limit=1", state.seq - 1))?;
        let theirs = page["entries"][0]["chain"].as_str().unwrap_or_default();
        if theirs != state.chain {
            return Err(alarm(format!(
                "board entry {} was rewritten: its chain was {}, the service now shows {theirs:?}",
                state.seq, state.chain
            )));
        }
    }

    // 3. New entries, each extending the chain.
    let board_path = dir.join("board.jsonl");
    let first = !board_path.exists();
    let mut board = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&board_path)
        .map_err(|e| written(&board_path, e))?;
    let mut length = board.metadata().map_err(|e| written(&board_path, e))?.len();
    match state.board_bytes {
        Some(kept) if length > kept => {
            // Entries a killed pass appended before its head moved: fetched again below.
            board
                .set_len(kept)
                .and_then(|()| board.sync_all())
                .map_err(|e| written(&board_path, e))?;
            length = kept;
        }
        Some(kept) if length < kept => {
            return Err(Failure::Input(format!(
                "{}: {length} bytes, but the mirror kept {kept}: the copy was cut behind its \
                 back; mirror again into a new folder",
                board_path.display()
            )))
        }
        _ => {}
    }
    let mut added = 0;
    while state.seq < head_seq {
        // A five-contest ballot's entry is about 32 KB: 1,000 of them a page.
        let page = http.get(&format!("/api/board?after={}&limit=1000", state.seq))?;
        let mut page: BTreeMap<String, Vec<BoardEntry>> = serde_json::from_slice(&page)
            .map_err(|e| Failure::Input(format!("/api/board: {e}")))?;
        let entries = page.remove("entries").unwrap_or_default();
        if entries.is_empty() {
            return Err(alarm(format!(
                "the board's head is at {head_seq} but no entry after {} is served",
                state.seq
            )));
        }
        let mut text = String::new();
        let mut chain = sailau_group::from_hex32(&state.chain)
            .map_err(|_| Failure::Input(format!("{}: chain is not hex", state_path.display())))?;
        for e in &entries {
            if e.seq != state.seq + 1 {
                return Err(alarm(format!(
                    "board entry {} follows {}",
                    e.seq, state.seq
                )));
            }
            chain = board_hash(&chain, e.seq, &e.precinct, e.line.as_bytes());
            if sailau_group::to_hex(&chain) != e.chain {
                return Err(alarm(format!(
                    "board entry {} does not extend the chain: {} expected, {} served",
                    e.seq,
                    sailau_group::to_hex(&chain),
                    e.chain
                )));
            }
            text += &(serde_json::to_string(e).expect("JSON") + "\n");
            state.seq = e.seq;
            state.chain = e.chain.clone();
            added += 1;
        }
        // The entries are on disk before the mirror's head says so.
        if let Err(e) = board
            .write_all(text.as_bytes())
            .and_then(|()| board.sync_all())
        {
            // No part of the page stays: cut back to the head, or no board at all.
            let _ = if first && length == 0 {
                std::fs::remove_file(&board_path)
            } else {
                board.set_len(length)
            };
            return Err(written(&board_path, e));
        }
        length += text.len() as u64;
        state.board_bytes = Some(length);
        crate::election_dir::write(
            &state_path,
            &serde_json::to_vec_pretty(&state).expect("JSON"),
        )?;
    }
    state.board_bytes = Some(length);
    crate::election_dir::write(
        &state_path,
        &serde_json::to_vec_pretty(&state).expect("JSON"),
    )?;

    // 4. The record: its ballots are the board's, and it verifies.
    let results = http.get_json("/api/results")?;
    let fresh = dir.join("record.new");
    let _ = std::fs::remove_dir_all(&fresh);
    std::fs::create_dir_all(&fresh).map_err(|e| written(&fresh, e))?;
    // The tar goes to disk as it comes, then is unpacked from there: memory stays bounded by
    // the largest station's log, not the country's record.
    let tar_path = dir.join("record.tar.new");
    let mut tar_file = std::fs::File::create(&tar_path).map_err(|e| written(&tar_path, e))?;
    let mut out = std::io::BufWriter::new(&mut tar_file);
    let got = http
        .get_to("/api/record", &mut out)
        .and_then(|_| out.flush().map_err(|e| written(&tar_path, e)));
    if let Err(e) = got {
        drop(out);
        let _ = std::fs::remove_file(&tar_path);
        return Err(e);
    }
    drop(out);
    let tar_file = std::fs::File::open(&tar_path).map_err(|e| io(&tar_path, e))?;
    tar::Archive::new(std::io::BufReader::new(tar_file))
        .unpack(&fresh)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::StorageFull
            | std::io::ErrorKind::PermissionDenied
            | std::io::ErrorKind::ReadOnlyFilesystem => {
                let _ = std::fs::remove_dir_all(&fresh);
                let _ = std::fs::remove_file(&tar_path);
                written(&fresh, e)
            }
            _ => Failure::Input(format!("/api/record: not a tar: {e}")),
        })?;
    std::fs::remove_file(&tar_path).map_err(|e| written(&tar_path, e))?;
    let record = fresh.join(&id);
    let on_board = board_logs(&board_path)?;
    let precincts = record.join(sailau_record::layout::PRECINCTS);
    if precincts.is_dir() {
        for entry in std::fs::read_dir(&precincts).map_err(|e| io(&precincts, e))? {
            let entry = entry.map_err(|e| io(&precincts, e))?;
            let p = entry.file_name().to_string_lossy().into_owned();
            let ballots =
                sailau_record::Folder::at(&record).path(&sailau_record::Layout::Ballots(p.clone()));
            if !ballots.is_file() {
                continue;
            }
            let served = std::fs::read(&ballots).map_err(|e| io(&ballots, e))?;
            let served = sailau_crypto::compact::to_jsonl(&served)
                .map_err(|e| alarm(format!("the record's ballots of precinct {p}: {e}")))?;
            let board = on_board.get(&p).copied().unwrap_or_else(|| log_digest(b""));
            if board != log_digest(&served) {
                return Err(alarm(format!(
                    "the record's ballots of precinct {p} are not its entries on the board"
                )));
            }
        }
    }
    // The new copy replaces the old by renames; a kill between them leaves `record.old`,
    // which the next pass removes.
    let current = dir.join("record");
    let old = dir.join("record.old");
    let _ = std::fs::remove_dir_all(&old);
    if current.exists() {
        std::fs::rename(&current, &old).map_err(|e| written(&current, e))?;
    }
    std::fs::rename(&fresh, &current).map_err(|e| written(&current, e))?;
    let _ = std::fs::remove_dir_all(&old);
    let complete = results["complete"].as_bool() == Some(true);
    eprintln!(
        "sailau: mirror: {} board entries ({added} new), chain {}; {}/{} precincts reported",
        state.seq, state.chain, results["precincts"]["reported"], results["precincts"]["total"]
    );
    if !complete {
        return Ok(false);
    }
    crate::election_dir::run_verify(
        &current.join(&id),
        &sailau_verify::Options::default(),
        None,
        crate::election_dir::How::Whole,
    )?;
    Ok(true)
}

/// The SHA-256 of a station's ballot log as JSON lines.
fn log_digest(jsonl: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(jsonl).into()
}

/// Each precinct's log as the mirrored board has it, by digest: the board's lines read one at
/// a time, each precinct's hashed as they come, so the board is never held whole.
fn board_logs(board_path: &Path) -> Result<BTreeMap<String, [u8; 32]>, Failure> {
    use sha2::Digest;
    use std::io::BufRead;
    let file = std::fs::File::open(board_path).map_err(|e| io(board_path, e))?;
    let mut logs: BTreeMap<String, sha2::Sha256> = BTreeMap::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line.map_err(|e| io(board_path, e))?;
        let e: BoardEntry = serde_json::from_str(&line)
            .map_err(|e| Failure::Input(format!("{}: {e}", board_path.display())))?;
        let h = logs.entry(e.precinct).or_default();
        h.update(e.line.as_bytes());
        h.update(b"\n");
    }
    Ok(logs
        .into_iter()
        .map(|(p, h)| (p, h.finalize().into()))
        .collect())
}

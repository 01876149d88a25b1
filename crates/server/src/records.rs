//! A station's record after closing (its ballot log `ballots.jsonl` and decrypted tally
//! `tally.json`), and the bulletin board it feeds.
//!
//! The upload is signed by the station key over [`sailau_protocol::record_upload_message`],
//! and must continue the chain the station sealed in its signed protocol: the log's head and
//! length (docs/protocol.md §15.1) are recomputed here and must equal the seal's. Each
//! ballot line then goes on the board, which is a hash chain of its own across all
//! stations (docs/server.md, "Bulletin board"):
//! `chain_n = SHA-256("sailau/v1/board\n" ‖ chain_{n-1} ‖ u64 seq ‖ u64 len ‖ precinct ‖
//! u64 len ‖ line)`, `chain_0` 32 zero bytes. A mirror that holds `chain_n` detects any
//! rewrite of entries 1..n.

use crate::audit;
use crate::db::{DbError, Tx};
use crate::election::Election;
use crate::error::ApiError;
use crate::uploads::{self, Outcome, Receipt, Status};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The largest record accepted: a station of 3,000 electronic voters on a five-contest
/// ballot writes about 20 MB.
pub const RECORD_LIMIT: usize = 128 * 1024 * 1024;

/// The domain that starts every board entry's hash, so it can be no other hash of the system.
pub const BOARD_DOMAIN: &[u8] = b"sailau/v1/board\n";

/// The body of `PUT /api/precincts/{id}/record`: a station's record, signed by its key.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordUpload {
    /// The station's ballot log, `ballots.jsonl`, exactly as written.
    pub ballots: String,
    /// The station's decrypted tally, `tally.json`, exactly as written.
    pub tally: String,
    /// Ed25519 by the station key, lowercase hex.
    pub signature: String,
}

/// One entry of the bulletin board.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct BoardEntry {
    /// Its position on the board, across all stations: 1 for the first.
    pub seq: i64,
    /// The precinct whose record the ballot came in.
    pub precinct: String,
    /// The ballot's confirmation code, as the voter's receipt shows it.
    pub code: String,
    /// The ballot, exactly as the line of the station's `ballots.jsonl`.
    pub line: String,
    /// The board's chain after this entry, lowercase hex.
    pub chain: String,
}

/// The board's chain after entry `seq` (`line` of `precinct`), given the chain before it.
pub fn board_hash(prev: &[u8; 32], seq: i64, precinct: &str, line: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(BOARD_DOMAIN);
    h.update(prev);
    h.update((seq as u64).to_be_bytes());
    h.update((precinct.len() as u64).to_be_bytes());
    h.update(precinct.as_bytes());
    h.update((line.len() as u64).to_be_bytes());
    h.update(line);
    h.finalize().into()
}

/// Checks a record against the station's key and its accepted protocol's seal.
pub fn check_record(
    election: &Election,
    precinct: &str,
    up: &RecordUpload,
    seal: Option<&sailau_protocol::StationSeal>,
) -> Result<(), ApiError> {
    let key = election
        .station_key(precinct)
        .ok_or_else(|| ApiError::NotFound(format!("precinct {precinct} is not in the election")))?;
    let message = sailau_protocol::record_upload_message(
        precinct,
        up.ballots.as_bytes(),
        up.tally.as_bytes(),
    );
    uploads::check_signed(
        key,
        None,
        &up.signature,
        &message,
        &format!("precinct {precinct}'s station key"),
    )?;
    let seal = seal.ok_or_else(|| {
        ApiError::Conflict(format!(
            "precinct {precinct}: send the signed protocol first; its seal is what the ballot \
             log is checked against (a protocol without an electronic box has no record)"
        ))
    })?;
    let h_e = election.extended_base_hash();
    let (head, entries) = sailau_verify::election::log_head(&h_e, precinct, up.ballots.as_bytes());
    if sailau_group::to_hex(&head) != seal.log_head || entries != seal.log_entries {
        return Err(ApiError::Unprocessable(format!(
            "hash chain: the ballot log has {entries} entries ending at {}, the signed seal \
             says {} ending at {}",
            sailau_group::to_hex(&head),
            seal.log_entries,
            seal.log_head
        )));
    }
    // The record carries the log compact (docs/formats.md): every line must be one the
    // compact form can carry, canonical, or the record could not be built from it.
    sailau_crypto::compact::to_compact(up.ballots.as_bytes())
        .map_err(|e| ApiError::Unprocessable(format!("ballot log: {e}")))?;
    let tally = crate::election::sha256_hex(up.tally.as_bytes());
    if tally != seal.tally {
        return Err(ApiError::Unprocessable(format!(
            "tally: its SHA-256 is {tally}, the signed seal says {}",
            seal.tally
        )));
    }
    serde_json::from_str::<serde_json::Value>(&up.tally)
        .map_err(|e| ApiError::BadRequest(format!("tally: not JSON: {e}")))?;
    Ok(())
}

/// Stores a checked record and puts its ballots on the board; or recognises it; or flags a
/// second, different record.
pub fn store_record(
    tx: &mut dyn Tx,
    precinct: &str,
    up: &RecordUpload,
    at: i64,
    budget: uploads::Budget,
) -> Result<Outcome, ApiError> {
    let sha = record_digest(up.ballots.as_bytes(), up.tally.as_bytes());
    // The board's head is locked first: records reach the board one at a time, in order.
    let (mut seq, head) = audit::lock_chain(tx, "board")?;
    if let Some(row) = tx.query_one(
        "SELECT sha256, at FROM records WHERE precinct = $1",
        &[precinct.into()],
    )? {
        return uploads::earlier(
            tx,
            precinct,
            &row,
            sha,
            at,
            "record",
            "second-record",
            budget,
        );
    }
    budget()?;
    tx.execute(
        "INSERT INTO records (precinct, sha256, ballots, tally, at) VALUES ($1, $2, $3, $4, $5)",
        &[
            precinct.into(),
            (&sha).into(),
            up.ballots.as_bytes().into(),
            up.tally.as_bytes().into(),
            at.into(),
        ],
    )?;
    let mut chain = audit::head32("board", &head)?;
    for line in up.ballots.lines().filter(|l| !l.is_empty()) {
        seq += 1;
        let code = serde_json::from_str::<serde_json::Value>(line)
            .ok()
            .and_then(|v| v["code"].as_str().map(String::from))
            .ok_or_else(|| {
                ApiError::Unprocessable(format!("ballots.jsonl: entry {seq} has no code"))
            })?;
        chain = board_hash(&chain, seq, precinct, line.as_bytes());
        tx.execute(
            "INSERT INTO board (seq, precinct, code, line, chain) VALUES ($1, $2, $3, $4, $5)",
            &[
                seq.into(),
                precinct.into(),
                code.into(),
                line.as_bytes().into(),
                sailau_group::to_hex(&chain).into(),
            ],
        )?;
    }
    audit::set_chain(tx, "board", seq, &sailau_group::to_hex(&chain))?;
    Ok(Outcome::Done(Receipt {
        precinct: precinct.into(),
        status: Status::Accepted,
        sha256: sha,
        accepted_at: at,
    }))
}

/// A store query: at most `limit` board entries after `after`, in order (`GET /api/board`).
pub fn board(tx: &mut dyn Tx, after: i64, limit: i64) -> Result<Vec<BoardEntry>, DbError> {
    board_where(
        tx,
        "seq > $1 ORDER BY seq LIMIT $2",
        &[after.into(), limit.into()],
    )
}

/// The entries of a confirmation code, given whole (64 hex digits, as the record has it) or
/// as the voter's receipt shows it (16 characters of base 32, the code's first 80 bits).
/// Anything else finds nothing.
pub fn board_by_code(tx: &mut dyn Tx, code: &str) -> Result<Vec<BoardEntry>, DbError> {
    if code.len() == 64 && code.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return board_where(tx, "code = $1 ORDER BY seq", &[code.into()]);
    }
    let Some(prefix) = sailau_crypto::parse_display_code(code) else {
        return Ok(Vec::new());
    };
    // Every code with this prefix lies between the prefix and the prefix followed by 'g',
    // the first character after the hex digits: a range the index answers on both stores.
    let low = sailau_group::to_hex(&prefix);
    let high = format!("{low}g");
    board_where(
        tx,
        "code >= $1 AND code < $2 ORDER BY seq",
        &[low.into(), high.into()],
    )
}

/// What the service knows of a station's record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verification {
    /// Uploaded, not verified yet.
    Pending,
    /// Verified; the report as stored (JSON).
    Passed(String),
    /// Failed a check, or did not read (and is flagged); the report as stored (JSON).
    Failed(String),
}

impl Verification {
    fn of(passed: bool, report: String) -> Verification {
        if passed {
            Verification::Passed(report)
        } else {
            Verification::Failed(report)
        }
    }
}

/// The verification of one precinct's record, if it sent one.
pub fn status_of(tx: &mut dyn Tx, precinct: &str) -> Result<Option<Verification>, DbError> {
    if let Some(r) = tx.query_one(
        "SELECT passed, report FROM verifications WHERE precinct = $1",
        &[precinct.into()],
    )? {
        return Ok(Some(Verification::of(r[0].int()? == 1, r[1].text()?)));
    }
    let recorded = tx
        .query_one(
            "SELECT 1 FROM records WHERE precinct = $1",
            &[precinct.into()],
        )?
        .is_some();
    Ok(recorded.then_some(Verification::Pending))
}

/// The verification of every precinct that has sent its record.
pub fn statuses(
    tx: &mut dyn Tx,
) -> Result<std::collections::HashMap<String, Verification>, DbError> {
    let mut out: std::collections::HashMap<String, Verification> = tx
        .query("SELECT precinct FROM records", &[])?
        .into_iter()
        .map(|r| Ok((r[0].text()?, Verification::Pending)))
        .collect::<Result<_, DbError>>()?;
    for r in tx.query("SELECT precinct, passed, report FROM verifications", &[])? {
        out.insert(
            r[0].text()?,
            Verification::of(r[1].int()? == 1, r[2].text()?),
        );
    }
    Ok(out)
}

fn board_where(
    tx: &mut dyn Tx,
    condition: &str,
    params: &[crate::db::Value],
) -> Result<Vec<BoardEntry>, DbError> {
    tx.query(
        &format!("SELECT seq, precinct, code, line, chain FROM board WHERE {condition}"),
        params,
    )?
    .into_iter()
    .map(|r| {
        let mut r = r.into_iter();
        let mut next = || r.next().expect("5 columns");
        Ok(BoardEntry {
            seq: next().int()?,
            precinct: next().text()?,
            code: next().text()?,
            line: String::from_utf8(next().blob()?)
                .map_err(|_| DbError::Type("a board line that is not UTF-8".into()))?,
            chain: next().text()?,
        })
    })
    .collect()
}

/// Runs the fifteen checks of docs/protocol.md §12 on a station's record and stores the
/// outcome. Slow (every proof), so it runs after the upload is answered.
pub fn verify_record(
    election: &Election,
    ballots: &[u8],
    tally: &[u8],
) -> (bool, serde_json::Value) {
    let files = sailau_verify::Files {
        election: &election.documents[1].1,
        ballots,
        tally,
    };
    match sailau_verify::verify(&files, &sailau_verify::Options::default(), &|_| {}) {
        Ok(report) => {
            let failed: Vec<serde_json::Value> = report
                .checks
                .iter()
                .filter(|c| !c.passed())
                .map(|c| {
                    serde_json::json!({
                        "check": c.number, "title": c.title, "failures": c.failures
                    })
                })
                .collect();
            (
                failed.is_empty(),
                serde_json::json!({
                    "checks": report.checks.len(),
                    "cast": report.cast,
                    "challenged": report.challenged,
                    "failed": failed,
                }),
            )
        }
        Err(e) => (false, serde_json::json!({ "unreadable": e.to_string() })),
    }
}

/// Keeps the outcome of a record's verification; the first one kept for a precinct stays.
pub fn store_verification(
    tx: &mut dyn Tx,
    precinct: &str,
    passed: bool,
    report: &serde_json::Value,
    at: i64,
) -> Result<bool, DbError> {
    let stored = tx.execute(
        "INSERT INTO verifications (precinct, passed, report, at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (precinct) DO NOTHING",
        &[
            precinct.into(),
            i64::from(passed).into(),
            report.to_string().into(),
            at.into(),
        ],
    )?;
    Ok(stored > 0)
}

/// A record's digest: the SHA-256 of the two files' SHA-256s, as the station signs them.
pub fn record_digest(ballots: &[u8], tally: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(Sha256::digest(ballots));
    h.update(Sha256::digest(tally));
    sailau_group::to_hex(&h.finalize())
}

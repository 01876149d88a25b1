//! What a precinct sends: its signed protocol. Authenticated by the station's key, not by
//! an account: the signature is the protocol's own (docs/protocol.md §15), so a copy relayed
//! by anyone is as good as one sent by the station, and a forged one is refused whoever
//! sends it.
//!
//! Idempotent: the same bytes again change nothing and answer as the first time did. Other
//! bytes for a precinct that already has a protocol are refused and flagged; the first stays.

use crate::audit;
use crate::db::Tx;
use crate::election::{sha256_hex, Election};
use crate::error::ApiError;
use ed25519_dalek::{Signature, VerifyingKey};
use sailau_protocol::SignedProtocol;
use serde::Serialize;

/// The largest protocol accepted, in bytes: a precinct's protocol is a few kilobytes.
pub const PROTOCOL_LIMIT: usize = 256 * 1024;

/// What became of an upload that was not refused.
#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Stored now, for the first time.
    Accepted,
    /// The same bytes were accepted before: nothing changed.
    AlreadyAccepted,
}

/// What an upload that was not refused is answered with, for the sender to keep.
#[derive(Debug, Serialize)]
pub struct Receipt {
    /// The precinct it came from, or the unit whose summary it is.
    pub precinct: String,
    /// Whether it was stored now or before.
    pub status: Status,
    /// The digest of what the service holds, lowercase hex, to compare with what was sent.
    pub sha256: String,
    /// When the service first accepted it (Unix seconds).
    pub accepted_at: i64,
}

/// The result of the unit of work: a conflict is recorded (flagged) and committed, then
/// answered as an error.
pub enum Outcome {
    /// Stored, now or before: the receipt to answer with (201, or 200 for a repeat).
    Done(Receipt),
    /// A second, different upload, flagged and committed: the message to answer 409 with.
    Conflict(String),
}

/// Checks that `signer` (if the upload names one) is `key`, and that `signature` is `key`'s
/// Ed25519 signature over `message`. Every refusal is 403, naming `whose` key was expected;
/// the key is checked first, so a stranger learns nothing about what else is wrong.
pub fn check_signed(
    key: &VerifyingKey,
    signer: Option<&str>,
    signature: &str,
    message: &[u8],
    whose: &str,
) -> Result<(), ApiError> {
    if signer.is_some_and(|s| s != sailau_group::to_hex(key.as_bytes())) {
        return Err(ApiError::Forbidden(format!("signer: not {whose}")));
    }
    let signature = sailau_group::from_hex(signature)
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b.as_slice()).ok())
        .map(|b| Signature::from_bytes(&b))
        .ok_or_else(|| ApiError::Forbidden("signature: not 64 bytes of lowercase hex".into()))?;
    key.verify_strict(message, &signature)
        .map_err(|_| ApiError::Forbidden(format!("signature: does not verify under {whose}")))
}

/// Checks a protocol without the store: its form, its signature, its shape and its
/// arithmetic. Everything here is a refusal, none a repair.
pub fn check_protocol(
    election: &Election,
    precinct: &str,
    body: &[u8],
) -> Result<SignedProtocol, ApiError> {
    if body.len() > PROTOCOL_LIMIT {
        return Err(ApiError::TooLarge(format!(
            "a protocol is at most {PROTOCOL_LIMIT} bytes; this one is {}",
            body.len()
        )));
    }
    let key = election
        .station_key(precinct)
        .ok_or_else(|| ApiError::NotFound(format!("precinct {precinct} is not in the election")))?;
    let text = std::str::from_utf8(body).map_err(|_| ApiError::BadRequest("not UTF-8".into()))?;
    let signed = SignedProtocol::from_json(text)
        .map_err(|e| ApiError::BadRequest(format!("not a signed protocol: {e}")))?;
    check_signed(
        key,
        Some(&signed.signer),
        &signed.signature,
        &SignedProtocol::message(&signed.protocol),
        &format!("precinct {precinct}'s station key"),
    )?;
    let mut problems = sailau_protocol::shape_problems(&election.def, precinct, &signed.protocol);
    if problems.is_empty() {
        problems = signed.protocol.violations();
    }
    if !problems.is_empty() {
        return Err(ApiError::Unprocessable(format!(
            "protocol of precinct {precinct}: {}",
            problems.join("; ")
        )));
    }
    Ok(signed)
}

/// What a store spends on anything but a retry: the precinct's upload budget
/// ([`crate::limits`]), checked just before the store writes. Uploads are public, so anyone
/// could replay a station's; a retry writes nothing and costs nothing, so a replay cannot
/// lock the station out.
pub type Budget<'a> = &'a dyn Fn() -> Result<(), ApiError>;

/// Spends nothing: for uploads that have no budget (commissions' signed summaries).
pub fn free() -> Result<(), ApiError> {
    Ok(())
}

/// The answer when the precinct already has an upload of this kind (`row`: its SHA-256 and
/// when it was accepted): the first receipt again for the same bytes; for other bytes, a
/// flag for all to see and a conflict, once the budget allows. The first upload is kept
/// either way.
#[allow(clippy::too_many_arguments)]
pub fn earlier(
    tx: &mut dyn Tx,
    precinct: &str,
    row: &[crate::db::Value],
    sha: String,
    at: i64,
    what: &str,
    flag: &str,
    budget: Budget,
) -> Result<Outcome, ApiError> {
    let (stored, accepted_at) = (row[0].text()?, row[1].int()?);
    if stored == sha {
        return Ok(Outcome::Done(Receipt {
            precinct: precinct.into(),
            status: Status::AlreadyAccepted,
            sha256: sha,
            accepted_at,
        }));
    }
    budget()?;
    let message = format!(
        "precinct {precinct} sent a second, different {what} (sha256 {sha}); the first \
         (sha256 {stored}) is kept"
    );
    audit::flag(tx, at, precinct, flag, &message)?;
    Ok(Outcome::Conflict(message))
}

/// Stores a checked protocol, or recognises it, or flags a second, different one.
pub fn store_protocol(
    tx: &mut dyn Tx,
    precinct: &str,
    body: &[u8],
    at: i64,
    budget: Budget,
) -> Result<Outcome, ApiError> {
    let sha = sha256_hex(body);
    let sql = format!(
        "SELECT sha256, at FROM protocols WHERE precinct = $1{}",
        tx.for_update()
    );
    if let Some(row) = tx.query_one(&sql, &[precinct.into()])? {
        return earlier(
            tx,
            precinct,
            &row,
            sha,
            at,
            "signed protocol",
            "second-protocol",
            budget,
        );
    }
    budget()?;
    let inserted = tx.execute(
        "INSERT INTO protocols (precinct, sha256, body, at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (precinct) DO NOTHING",
        &[precinct.into(), (&sha).into(), body.into(), at.into()],
    )?;
    if inserted == 0 {
        // A concurrent upload won the race between our SELECT and INSERT (PostgreSQL's
        // row lock cannot cover a row that did not exist yet): decide again on what it wrote.
        return store_protocol(tx, precinct, body, at, &free);
    }
    Ok(Outcome::Done(Receipt {
        precinct: precinct.into(),
        status: Status::Accepted,
        sha256: sha,
        accepted_at: at,
    }))
}

/// Every accepted protocol's digest and time of acceptance, by precinct.
pub fn received(
    tx: &mut dyn Tx,
) -> Result<std::collections::HashMap<String, (String, i64)>, crate::db::DbError> {
    tx.query("SELECT precinct, sha256, at FROM protocols", &[])?
        .into_iter()
        .map(|r| Ok((r[0].text()?, (r[1].text()?, r[2].int()?))))
        .collect()
}

/// One precinct's accepted protocol: its digest and when it was accepted.
pub fn received_at(
    tx: &mut dyn Tx,
    precinct: &str,
) -> Result<Option<(String, i64)>, crate::db::DbError> {
    tx.query_one(
        "SELECT sha256, at FROM protocols WHERE precinct = $1",
        &[precinct.into()],
    )?
    .map(|r| Ok((r[0].text()?, r[1].int()?)))
    .transpose()
}

/// A precinct's signed protocol exactly as it was accepted.
pub fn stored(tx: &mut dyn Tx, precinct: &str) -> Result<Option<Vec<u8>>, crate::db::DbError> {
    tx.query_one(
        "SELECT body FROM protocols WHERE precinct = $1",
        &[precinct.into()],
    )?
    .map(|r| r.into_iter().next().expect("a column").blob())
    .transpose()
}

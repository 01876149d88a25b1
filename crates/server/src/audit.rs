//! The append-only audit log of administrative actions, and the public list of flags
//! (mismatches and conflicts the service found and kept, never smoothed over).
//!
//! Each audit entry is hash-chained to the one before (docs/server.md, "Audit log"):
//! `hash_n = SHA-256("sailau/v1/audit\n" ‖ hash_{n-1} ‖ u64 seq ‖ i64 at ‖ the four fields,
//! each as u64 length ‖ UTF-8)`, with `hash_0` 32 zero bytes. The tables refuse UPDATE and
//! DELETE by trigger; the chain shows any change made around the triggers.

use crate::db::{DbError, Tx};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The domain that starts every audit entry's hash, so it can be no other hash of the system.
pub const AUDIT_DOMAIN: &[u8] = b"sailau/v1/audit\n";

/// One administrative action in the audit log, with its place in the chain.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Entry {
    /// Its position in the log: 1 for the first entry, without gaps.
    pub seq: i64,
    /// When it was done (Unix seconds).
    pub at: i64,
    /// Who did it: an account, `console` for `sailau users add`, or `(not an account)`.
    pub actor: String,
    /// What was done: `sign-in`, `sign-in-refused`, `create-user`, `sign-summary`, ...
    pub action: String,
    /// What it was done to: an account, the election, or a unit.
    pub target: String,
    /// What else the entry keeps (a role, a digest); often empty.
    pub detail: String,
    /// The chain's head after this entry ([`entry_hash`]), lowercase hex.
    pub hash: String,
}

/// The chain's head after `e`, given the head before it (docs/server.md, "Audit log").
pub fn entry_hash(prev: &[u8; 32], e: &Entry) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(AUDIT_DOMAIN);
    h.update(prev);
    h.update((e.seq as u64).to_be_bytes());
    h.update(e.at.to_be_bytes());
    for field in [&e.actor, &e.action, &e.target, &e.detail] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    h.finalize().into()
}

/// Locks one of the service's sequences (`audit`, `board`, `flags`) until the transaction
/// ends, and reads it: its length and the head of its hash chain (empty for `flags`).
/// Appends to each are thereby one at a time, in order.
pub fn lock_chain(tx: &mut dyn Tx, name: &str) -> Result<(i64, String), DbError> {
    let sql = format!(
        "SELECT seq, head FROM chains WHERE name = $1{}",
        tx.for_update()
    );
    let row = tx
        .query_one(&sql, &[name.into()])?
        .ok_or_else(|| DbError::Type(format!("the {name} chain has no head")))?;
    Ok((row[0].int()?, row[1].text()?))
}

/// Moves a sequence's length and head, after its appends.
pub fn set_chain(tx: &mut dyn Tx, name: &str, seq: i64, head: &str) -> Result<(), DbError> {
    tx.execute(
        "UPDATE chains SET seq = $1, head = $2 WHERE name = $3",
        &[seq.into(), head.into(), name.into()],
    )?;
    Ok(())
}

/// A chain's head as the 32 bytes it hashes.
pub fn head32(name: &str, head: &str) -> Result<[u8; 32], DbError> {
    sailau_group::from_hex32(head)
        .map_err(|_| DbError::Type(format!("the {name} chain's head is not hex")))
}

/// Appends an entry in the caller's transaction: the action and its record commit together.
pub fn append(
    tx: &mut dyn Tx,
    at: i64,
    actor: &str,
    action: &str,
    target: &str,
    detail: &str,
) -> Result<Entry, DbError> {
    let (seq, prev) = lock_chain(tx, "audit")?;
    let prev = head32("audit", &prev)?;
    let mut e = Entry {
        seq: seq + 1,
        at,
        actor: actor.into(),
        action: action.into(),
        target: target.into(),
        detail: detail.into(),
        hash: String::new(),
    };
    e.hash = sailau_group::to_hex(&entry_hash(&prev, &e));
    tx.execute(
        "INSERT INTO audit (seq, at, actor, action, target, detail, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            e.seq.into(),
            e.at.into(),
            (&e.actor).into(),
            (&e.action).into(),
            (&e.target).into(),
            (&e.detail).into(),
            (&e.hash).into(),
        ],
    )?;
    set_chain(tx, "audit", e.seq, &e.hash)?;
    Ok(e)
}

/// A store query: at most `limit` audit entries after `after`, in order (`GET /api/audit`).
pub fn entries(tx: &mut dyn Tx, after: i64, limit: i64) -> Result<Vec<Entry>, DbError> {
    tx.query(
        "SELECT seq, at, actor, action, target, detail, hash FROM audit \
         WHERE seq > $1 ORDER BY seq LIMIT $2",
        &[after.into(), limit.into()],
    )?
    .into_iter()
    .map(|r| {
        Ok(Entry {
            seq: r[0].int()?,
            at: r[1].int()?,
            actor: r[2].text()?,
            action: r[3].text()?,
            target: r[4].text()?,
            detail: r[5].text()?,
            hash: r[6].text()?,
        })
    })
    .collect()
}

/// Recomputes a run of entries from the head before it: the first entry that does not
/// follow, if any.
pub fn first_break(prev: [u8; 32], entries: &[Entry]) -> Option<i64> {
    let mut prev = prev;
    let mut seq = None;
    for e in entries {
        if seq.is_some_and(|s: i64| e.seq != s + 1) {
            return Some(e.seq);
        }
        let h = entry_hash(&prev, e);
        if sailau_group::to_hex(&h) != e.hash {
            return Some(e.seq);
        }
        prev = h;
        seq = Some(e.seq);
    }
    None
}

/// A flag: something the service found wrong and kept for everyone to see.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Flag {
    /// Its position in the list of flags: 1 for the first.
    pub seq: i64,
    /// The precinct or unit it is about (`national` for the election as a whole).
    pub unit: String,
    /// What was found: `second-protocol`, `summary-mismatch`, `record-fails-verification`, ...
    pub kind: String,
    /// What was found, in words, with the digests involved.
    pub message: String,
    /// When it was raised (Unix seconds).
    pub at: i64,
}

/// Raises a flag in the caller's transaction, so that it commits with the refusal it explains.
pub fn flag(
    tx: &mut dyn Tx,
    at: i64,
    unit: &str,
    kind: &str,
    message: &str,
) -> Result<(), DbError> {
    let seq = lock_chain(tx, "flags")?.0 + 1;
    tx.execute(
        "INSERT INTO flags (seq, unit, kind, message, at) VALUES ($1, $2, $3, $4, $5)",
        &[
            seq.into(),
            unit.into(),
            kind.into(),
            message.into(),
            at.into(),
        ],
    )?;
    set_chain(tx, "flags", seq, "")
}

/// A store query: every flag raised, in order (`GET /api/flags` and the pages).
pub fn flags(tx: &mut dyn Tx) -> Result<Vec<Flag>, DbError> {
    tx.query(
        "SELECT seq, unit, kind, message, at FROM flags ORDER BY seq",
        &[],
    )?
    .into_iter()
    .map(|r| {
        Ok(Flag {
            seq: r[0].int()?,
            unit: r[1].text()?,
            kind: r[2].text()?,
            message: r[3].text()?,
            at: r[4].int()?,
        })
    })
    .collect()
}

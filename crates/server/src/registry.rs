//! The registries' ledger on the service (docs/server.md, "The registries"; docs/registry.md):
//! commissions and parties send acts, the service checks each against the whole ledger with
//! `sailau-registry`, stores the entry, and publishes the ledger and its figures.
//!
//! The ledger lives in memory, replayed from the store at start (every entry checked again:
//! a store whose ledger no longer replays does not start). An act is checked and stored in
//! one transaction that holds the audit log's lock, after the ledger in memory has caught up
//! with entries other services stored; if the store fails, the ledger in memory is replayed
//! from the store again, so the two never differ.

use crate::audit;
use crate::auth::{self, User};
use crate::db::{Database, Tx};
use crate::error::ApiError;
use sailau_law::election_day::Moment;
use sailau_registry::act::{Act, Actor, Role};
use sailau_registry::chain::Entry;
use sailau_registry::{Registry, RegistryError};
use std::sync::Mutex;

/// The largest act accepted, in bytes (413 beyond): a list of 90 people is about 30 KB.
pub const ACT_LIMIT: usize = 256 * 1024;

/// The most a ledger sent whole may weigh (`POST /api/registry/ledger`): 64 MiB, some
/// 150,000 acts, more than the whole country's registration.
pub const LEDGER_LIMIT: usize = 64 * 1024 * 1024;

/// Reads a ledger sent whole: JSON lines of entries; 400 naming the first line that is not
/// one.
pub fn parse_ledger(body: &[u8]) -> Result<Vec<Entry>, ApiError> {
    // Whole numbers as JSON may spell them (`crate::whole`); each entry's hash is of its
    // canonical form, which this does not change.
    let body = crate::whole::whole_numbers(body);
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::BadRequest("a ledger is UTF-8 JSON lines".into()))?;
    let entries: Vec<Entry> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| {
                ApiError::BadRequest(format!("line {}: not a registry entry: {e}", i + 1))
            })
        })
        .collect::<Result<_, _>>()?;
    if entries.is_empty() {
        return Err(ApiError::BadRequest(
            "a ledger of no entries: send at least one".into(),
        ));
    }
    Ok(entries)
}

/// The stored entries, replayed: the ledger as of the store.
pub fn load(tx: &mut dyn Tx) -> Result<Registry, ApiError> {
    let mut entries = Vec::new();
    for row in tx.query("SELECT seq, body FROM registry ORDER BY seq", &[])? {
        let mut row = row.into_iter();
        let seq = row.next().expect("2 columns").int()?;
        let body = row.next().expect("2 columns").blob()?;
        let e: Entry = serde_json::from_slice(&body).map_err(|e| {
            ApiError::Internal(format!("stored registry entry {seq} unreadable: {e}"))
        })?;
        entries.push(e);
    }
    Registry::replay(entries)
        .map_err(|e| ApiError::Internal(format!("the stored registry does not replay: {e}")))
}

/// Who an account acts as in the registries: the CEC, a territorial commission for its unit,
/// or a party's governing body for its party. Other roles make no act (403).
pub fn actor(user: &User) -> Result<Actor, ApiError> {
    let role = match user.role {
        auth::Role::Cec => Role::Cec,
        auth::Role::Territorial => Role::Territorial,
        auth::Role::Party => Role::Party,
        other => {
            return Err(ApiError::Forbidden(format!(
                "a {} account makes no act in the registries",
                other.name()
            )))
        }
    };
    Ok(Actor {
        role,
        of: user.unit.clone(),
        name: user.name.clone(),
    })
}

/// A refusal as the API answers it: 403 for a role or a party that may not make the act, 422
/// for what the law, the calendar or the ledger refuses.
fn refusal(e: RegistryError) -> ApiError {
    match e {
        RegistryError::Role { .. } | RegistryError::OtherParty(_) => {
            ApiError::Forbidden(e.to_string())
        }
        RegistryError::Unknown { .. } => ApiError::Unprocessable(e.to_string()),
        RegistryError::Duplicate { .. } => ApiError::Conflict(e.to_string()),
        other => ApiError::Unprocessable(other.to_string()),
    }
}

/// Reads an act's body: 413 beyond [`ACT_LIMIT`], 400 if it is not an act.
pub fn parse_act(body: &[u8]) -> Result<Act, ApiError> {
    if body.len() > ACT_LIMIT {
        return Err(ApiError::TooLarge(format!(
            "an act is at most {ACT_LIMIT} bytes"
        )));
    }
    serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("not an act (docs/formats.md): {e}")))
}

/// Brings the ledger in memory up to the store's inside `tx`, after taking the audit log's
/// lock: every service on the store appends to the ledger only under that lock (each act
/// writes an audit entry), so what is checked here is the whole ledger, whichever service
/// stored its last entry.
fn lock_and_catch_up(tx: &mut dyn Tx, r: &mut Registry) -> Result<(), ApiError> {
    audit::lock_chain(tx, "audit")?;
    let held = tx
        .query_one("SELECT count(*) FROM registry", &[])?
        .map_or(Ok(0), |row| row[0].int())?;
    if usize::try_from(held) != Ok(r.entries().len()) {
        *r = load(tx)?;
    }
    Ok(())
}

fn insert(tx: &mut dyn Tx, e: &Entry) -> Result<(), ApiError> {
    let body = serde_json::to_vec(e).expect("an entry serializes");
    tx.execute(
        "INSERT INTO registry (seq, at, hash, body) VALUES ($1, $2, $3, $4)",
        &[
            i64::try_from(e.seq).unwrap_or(i64::MAX).into(),
            e.at.into(),
            (&e.hash).into(),
            body.into(),
        ],
    )?;
    Ok(())
}

/// Checks `act` by `user` at `now` against the ledger, and stores it: the new entry, or the
/// refusal with nothing changed.
pub fn append(
    ledger: &Mutex<Registry>,
    db: &Database,
    user: &User,
    act: Act,
    now: i64,
) -> Result<Entry, ApiError> {
    let who = actor(user)?;
    let mut r = ledger.lock().unwrap_or_else(|p| p.into_inner());
    let name = act.name();
    let mut appended = false;
    let stored = db.transaction(|tx| {
        lock_and_catch_up(tx, &mut r)?;
        let entry = r.append(Moment(now), who, act).map_err(refusal)?.clone();
        appended = true;
        insert(tx, &entry)?;
        audit::append(
            tx,
            now,
            &user.name,
            &format!("registry-{name}"),
            &entry.seq.to_string(),
            &entry.hash,
        )?;
        Ok::<_, ApiError>(entry)
    });
    if stored.is_err() && appended {
        // The act is in memory but not in the store: memory goes back to the store's.
        *r = db.transaction(|tx| load(tx))?;
    }
    stored
}

/// Adds a ledger's entries after those the service holds, as one transaction: each is
/// checked on replay after the ones before, so entries that do not continue the stored ledger
/// are refused whole (422, the first at fault named) and nothing is stored. For a ledger kept
/// elsewhere before the service (`sailau registry`), and for tests.
pub fn import(
    ledger: &Mutex<Registry>,
    db: &Database,
    entries: Vec<Entry>,
) -> Result<usize, ApiError> {
    import_by(ledger, db, entries, None)
}

/// [`import`], with the account that sent the ledger and the time written to the audit log
/// in the same transaction (`POST /api/registry/ledger`).
pub fn import_by(
    ledger: &Mutex<Registry>,
    db: &Database,
    entries: Vec<Entry>,
    by: Option<(&str, i64)>,
) -> Result<usize, ApiError> {
    let mut r = ledger.lock().unwrap_or_else(|p| p.into_inner());
    let next = db.transaction(|tx| {
        lock_and_catch_up(tx, &mut r)?;
        let held = r.entries().len();
        let all: Vec<Entry> = r.entries().iter().cloned().chain(entries).collect();
        let next = Registry::replay(all).map_err(|e| ApiError::Unprocessable(e.to_string()))?;
        let new = &next.entries()[held..];
        for e in new {
            insert(tx, e)?;
        }
        if let (Some((user, now)), Some(first), Some(last)) = (by, new.first(), new.last()) {
            audit::append(
                tx,
                now,
                user,
                "registry-import",
                &format!("{}-{}", first.seq, last.seq),
                &last.hash,
            )?;
        }
        Ok::<_, ApiError>((next, held))
    })?;
    let (next, held) = next;
    let added = next.entries().len() - held;
    *r = next;
    Ok(added)
}

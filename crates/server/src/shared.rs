//! Several services on one PostgreSQL (docs/server.md, "Several services, one store").
//!
//! The store is the only truth: every upload is decided inside its own transaction, so two
//! services never accept two protocols for one precinct. What a service keeps in memory (the
//! election, the accepted protocols and signatures for the sums, the turnout generation, the
//! registry's ledger) is a cache of the store, and [`Service::catch_up`] brings it up to what
//! the other services committed. It learns whether anything was added from `row_counts`, which
//! the store's own triggers keep in the inserting transaction (migration 6): rows are only
//! ever added to these tables (the service never updates or deletes them; most refuse it by
//! trigger), so a count that differs from memory's is exactly "rows were added", and a commit
//! seen by the store is seen by the count.
//!
//! A SQLite file belongs to one service: there is nothing to catch up with, and nothing is read.

use crate::db::{DbError, Kind, Tx};
use crate::error::ApiError;
use crate::{registry, summaries, Service};
use std::sync::atomic::Ordering;

/// Reads a stored protocol back: what was accepted once reads again, or the store was altered.
pub(crate) fn stored_protocol(
    precinct: &str,
    body: &[u8],
) -> Result<sailau_protocol::Protocol, ApiError> {
    std::str::from_utf8(body)
        .ok()
        .and_then(|t| sailau_protocol::SignedProtocol::from_json(t).ok())
        .map(|s| s.protocol)
        .ok_or_else(|| ApiError::Internal(format!("stored protocol of {precinct} unreadable")))
}

/// The rows of the append-only tables the memory caches, in one statement.
struct Counts {
    documents: i64,
    protocols: i64,
    summaries: i64,
    turnout: i64,
    registry: i64,
}

/// The counts kept by migration 6's triggers: a handful of rows to add up, whatever the
/// size of the tables (a `count(*)` of the national turnout takes milliseconds).
fn counts(tx: &mut dyn Tx) -> Result<Counts, DbError> {
    let mut by_table = std::collections::HashMap::new();
    for row in tx.query(
        "SELECT name, CAST(sum(n) AS BIGINT) FROM row_counts GROUP BY name",
        &[],
    )? {
        by_table.insert(row[0].text()?, row[1].int()?);
    }
    let count = |t: &str| {
        by_table
            .get(t)
            .copied()
            .ok_or_else(|| DbError::Type(format!("row_counts: no count of {t}")))
    };
    Ok(Counts {
        documents: count("documents")?,
        protocols: count("protocols")?,
        summaries: count("summaries")?,
        turnout: count("turnout")?,
        registry: count("registry")?,
    })
}

/// Rows a count says exist beyond `held` of them in memory.
fn beyond(count: i64, held: usize) -> bool {
    usize::try_from(count) != Ok(held)
}

impl Service {
    /// Whether other services may write to this store: PostgreSQL, reached by several.
    pub fn shared(&self) -> bool {
        self.db.kind() == Kind::Postgres
    }

    /// Brings the memory up to the store: the election once it is defined, the protocols
    /// and signatures other services accepted, their turnout, their registry entries. One
    /// short query when nothing changed; nothing at all on a store only this service writes.
    ///
    /// Concurrent requests share one catch-up: each waits for one that began after it
    /// arrived, so it sees every commit made before it arrived, and a burst of requests costs
    /// a few catch-ups, not one each.
    pub fn catch_up(&self) -> Result<(), ApiError> {
        if !self.shared() {
            return Ok(());
        }
        let arrived = self.catch_ups.load(Ordering::SeqCst);
        let mut ended_well = self.catching_up.lock().unwrap_or_else(|p| p.into_inner());
        if *ended_well && self.catch_ups.load(Ordering::SeqCst) > arrived {
            // One began after this request arrived, and has ended well: it saw what this one
            // would. One that failed (the store lost mid-way) is no answer: try again.
            return Ok(());
        }
        self.catch_ups.fetch_add(1, Ordering::SeqCst);
        *ended_well = false;
        self.catch_up_now()?;
        *ended_well = true;
        Ok(())
    }

    /// One catch-up, under the lock.
    fn catch_up_now(&self) -> Result<(), ApiError> {
        let c = self.db.transaction(|tx| counts(tx))?;
        let unset = self
            .election
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .is_none();
        if unset && c.documents > 0 {
            if let Some(e) = self
                .db
                .transaction(|tx| crate::election::Election::load(tx))?
            {
                self.set_election(e);
            }
        }
        let (protocols, signed) = self.with_accepted(|a| (a.protocols.len(), a.signed.len()));
        if beyond(c.protocols, protocols) {
            self.load_protocols()?;
        }
        if beyond(c.summaries, signed) {
            let all = self.db.transaction(|tx| summaries::signed(tx))?;
            let mut a = self.accepted.write().unwrap_or_else(|p| p.into_inner());
            let before = a.signed.len();
            for (unit, by, at) in all {
                a.signed.entry(unit).or_insert((by, at));
            }
            if a.signed.len() != before {
                a.generation += 1;
            }
        }
        if self.turnout_seen.swap(c.turnout, Ordering::SeqCst) != c.turnout {
            self.turnout_changed();
        }
        let mut r = self.registry.lock().unwrap_or_else(|p| p.into_inner());
        if beyond(c.registry, r.entries().len()) {
            *r = self.db.transaction(|tx| registry::load(tx))?;
        }
        Ok(())
    }

    /// The protocols in the store that memory lacks, each read and parsed once.
    fn load_protocols(&self) -> Result<(), ApiError> {
        let missing: Vec<String> = {
            let names = self.db.transaction(|tx| {
                tx.query("SELECT precinct FROM protocols", &[])?
                    .into_iter()
                    .map(|r| r[0].text())
                    .collect::<Result<Vec<String>, DbError>>()
            })?;
            self.with_accepted(|a| {
                names
                    .into_iter()
                    .filter(|p| !a.protocols.contains_key(p))
                    .collect()
            })
        };
        if missing.is_empty() {
            return Ok(());
        }
        // In batches of a few hundred: one statement each, of a size both stores take.
        let loaded = self.db.transaction(|tx| {
            let mut loaded = Vec::with_capacity(missing.len());
            for batch in missing.chunks(500) {
                let marks: Vec<String> = (1..=batch.len()).map(|i| format!("${i}")).collect();
                let sql = format!(
                    "SELECT precinct, body FROM protocols WHERE precinct IN ({})",
                    marks.join(", ")
                );
                let names: Vec<crate::db::Value> = batch.iter().map(Into::into).collect();
                for row in tx.query(&sql, &names)? {
                    let mut row = row.into_iter();
                    let precinct = row.next().expect("2 columns").text()?;
                    let body = row.next().expect("2 columns").blob()?;
                    let protocol = stored_protocol(&precinct, &body)?;
                    loaded.push((precinct, protocol));
                }
            }
            Ok::<_, ApiError>(loaded)
        })?;
        let mut a = self.accepted.write().unwrap_or_else(|p| p.into_inner());
        for (precinct, protocol) in loaded {
            a.protocols.entry(precinct).or_insert(protocol);
        }
        a.generation += 1;
        Ok(())
    }
}

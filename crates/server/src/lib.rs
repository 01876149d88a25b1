//! `sailau-server`: the central service (`sailau serve`). Precincts send their signed
//! protocols; the service checks each against the station's key and the definition, keeps
//! it exactly as sent, recomputes every level above it from the level below, and publishes
//! the totals, the law's decisions and the record for anyone to recompute (docs/server.md).
//!
//! The store is a SQLite file or PostgreSQL ([`db`]); the schema is migrated at start
//! ([`schema`]). Handlers do their store work on Tokio's blocking pool, one transaction each.

#![warn(missing_docs)]

pub mod api;
pub mod audit;
pub mod auth;
pub mod bundle;
pub mod certificates;
pub mod clock;
pub mod db;
pub mod deadlines;
pub mod election;
pub mod error;
pub mod limits;
pub mod metrics;
pub mod paper_audit;
pub mod records;
pub mod registry;
pub mod sample;
pub mod schema;
pub mod shared;
pub mod summaries;
pub mod totals;
pub mod turnout;
pub mod uploads;
pub mod whole;

use clock::Clock;
use db::Database;
use election::Election;
use error::ApiError;
use std::sync::{Arc, Mutex, RwLock};
use totals::Accepted;

/// The service's state, shared by every request.
pub struct Service {
    /// The store every upload is committed to before it is answered: SQLite or PostgreSQL.
    pub db: Database,
    /// What "now" is for deadlines, turnout hours and timestamps: the system's, or a test's.
    pub clock: Clock,
    election: RwLock<Option<Arc<Election>>>,
    accepted: RwLock<Accepted>,
    /// The public results JSON, with the generation of `accepted` it was made from.
    results: Mutex<Option<(u64, bytes::Bytes)>>,
    /// The published audit of the paper count, by the last upload it was assessed from: a
    /// national assessment takes most of a second, and the page is public.
    paper_audit: Mutex<Option<(i64, Arc<paper_audit::Published>)>>,
    /// The counters and timings served at `/metrics`.
    pub metrics: metrics::Metrics,
    /// The rate limits on uploads and sign-ins (429 beyond them).
    pub limits: limits::Limits,
    /// Bumped whenever a turnout snapshot is stored: cached pages carry the value they saw.
    turnout_generation: std::sync::atomic::AtomicU64,
    /// The turnout snapshots in the store when this service last looked (`shared`).
    turnout_seen: std::sync::atomic::AtomicI64,
    /// One catch-up with the store at a time (`shared`), holding whether the last one ended
    /// well; and how many have begun.
    catching_up: Mutex<bool>,
    catch_ups: std::sync::atomic::AtomicU64,
    /// The registries' ledger, replayed from the store at start (docs/registry.md).
    pub registry: Mutex<sailau_registry::Registry>,
    /// Rendered pages, by what they were asked for, with the state of the election they show
    /// (`sailau-web` keeps its national page here).
    pub pages: Mutex<std::collections::HashMap<String, (String, bytes::Bytes)>>,
}

/// Why the service could not start (`sailau serve` then exits 4).
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The store could not be opened or migrated: unreachable, a bad URL, a newer schema.
    #[error("{0}")]
    Db(#[from] db::DbError),
    /// Loading what the store holds failed: a stored election or protocol no longer reads.
    #[error("{0}")]
    Api(#[from] ApiError),
}

impl Service {
    /// Opens the store, migrates it, and loads what it holds.
    pub fn open(url: &str, pool: u32, clock: Clock) -> Result<Arc<Service>, StartError> {
        let db = Database::open(url, pool)?;
        let applied = schema::migrate(&db)?;
        if !applied.is_empty() {
            tracing::info!(?applied, "schema migrated");
        }
        let (election, accepted, ledger) = db.transaction(|tx| {
            let election = Election::load(tx)?;
            let ledger = registry::load(tx)?;
            let mut accepted = Accepted::default();
            for row in tx.query("SELECT precinct, body FROM protocols", &[])? {
                let mut row = row.into_iter();
                let precinct = row.next().expect("2 columns").text()?;
                let body = row.next().expect("2 columns").blob()?;
                let protocol = shared::stored_protocol(&precinct, &body)?;
                accepted.protocols.insert(precinct, protocol);
            }
            for (unit, by, at) in summaries::signed(tx)? {
                accepted.signed.insert(unit, (by, at));
            }
            Ok::<_, ApiError>((election, accepted, ledger))
        })?;
        Ok(Arc::new(Service {
            db,
            clock,
            election: RwLock::new(election.map(Arc::new)),
            accepted: RwLock::new(accepted),
            results: Mutex::new(None),
            paper_audit: Mutex::new(None),
            metrics: metrics::Metrics::new(),
            limits: limits::Limits::default(),
            turnout_generation: Default::default(),
            turnout_seen: Default::default(),
            catching_up: Mutex::new(false),
            catch_ups: Default::default(),
            registry: Mutex::new(ledger),
            pages: Mutex::new(std::collections::HashMap::new()),
        }))
    }

    /// The election the CEC defined; a conflict (409) while none is defined yet.
    pub fn election(&self) -> Result<Arc<Election>, ApiError> {
        self.election
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| ApiError::Conflict("no election is defined yet".into()))
    }

    fn set_election(&self, e: Election) {
        *self.election.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(e));
    }

    pub(crate) fn accept(&self, precinct: &str, protocol: sailau_protocol::Protocol) {
        let mut a = self.accepted.write().unwrap_or_else(|p| p.into_inner());
        a.protocols.insert(precinct.to_string(), protocol);
        a.generation += 1;
    }

    pub(crate) fn accept_signature(&self, unit: &str, by: &str, at: i64) {
        let mut a = self.accepted.write().unwrap_or_else(|p| p.into_inner());
        a.signed.insert(unit.to_string(), (by.to_string(), at));
        a.generation += 1;
    }

    pub(crate) fn turnout_changed(&self) {
        self.turnout_generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// What a page of results shows depends on: the accepted protocols and signatures, the
    /// turnout stored, and which turnout hours have come everywhere.
    pub fn state(&self) -> String {
        let published = self.election().map_or(0, |e| {
            let now = self.clock.now();
            sailau_law::election_day::TURNOUT_HOURS
                .into_iter()
                .filter(|&h| turnout::published_at(&e, h) <= now)
                .count()
        });
        // The registry's length, for the chamber as seated; a ledger being written to is
        // never a state a page was cached in.
        let registry = match self.registry.try_lock() {
            Ok(r) => r.entries().len().to_string(),
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner().entries().len().to_string(),
            Err(std::sync::TryLockError::WouldBlock) => "writing".into(),
        };
        format!(
            "{}:{}:{published}:{registry}",
            self.with_accepted(|a| a.generation),
            self.turnout_generation
                .load(std::sync::atomic::Ordering::SeqCst)
        )
    }

    /// Runs `f` on the accepted protocols and signatures, under their read lock.
    pub fn with_accepted<T>(&self, f: impl FnOnce(&Accepted) -> T) -> T {
        f(&self.accepted.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// The station seal of a precinct's accepted protocol, if any.
    pub fn seal(&self, precinct: &str) -> Option<sailau_protocol::StationSeal> {
        self.with_accepted(|a| a.protocols.get(precinct).and_then(|p| p.station.clone()))
    }

    /// Verifies a stored record and keeps the outcome; a failure is flagged for all to see.
    pub fn verify_stored(
        &self,
        e: &Election,
        precinct: &str,
        ballots: &[u8],
        tally: &[u8],
    ) -> Result<bool, ApiError> {
        let (passed, report) = records::verify_record(e, ballots, tally);
        let now = self.clock.now();
        self.db.transaction(|tx| {
            // A second verification of the same record (two services after a failover) adds
            // nothing, not even a second flag.
            if !records::store_verification(tx, precinct, passed, &report, now)? {
                return Ok(());
            }
            if !passed {
                audit::flag(
                    tx,
                    now,
                    precinct,
                    "record-fails-verification",
                    &format!("the record of precinct {precinct} fails verification: {report}"),
                )?;
            }
            Ok::<_, ApiError>(())
        })?;
        Ok(passed)
    }

    /// Verifies every stored record that has no verification yet (after a restart).
    pub fn verify_pending(&self) -> Result<usize, ApiError> {
        let Ok(e) = self.election() else {
            return Ok(0);
        };
        let pending: Vec<String> = self.db.transaction(|tx| {
            tx.query(
                "SELECT r.precinct FROM records r LEFT JOIN verifications v \
                 ON v.precinct = r.precinct WHERE v.precinct IS NULL ORDER BY r.precinct",
                &[],
            )?
            .into_iter()
            .map(|r| r[0].text())
            .collect::<Result<_, _>>()
        })?;
        for p in &pending {
            let (ballots, tally) = self.db.transaction(|tx| {
                let r = tx
                    .query_one(
                        "SELECT ballots, tally FROM records WHERE precinct = $1",
                        &[p.into()],
                    )?
                    .ok_or_else(|| ApiError::Internal(format!("record of {p} vanished")))?;
                let mut r = r.into_iter();
                Ok::<_, ApiError>((r.next().expect("2").blob()?, r.next().expect("2").blob()?))
            })?;
            self.verify_stored(&e, p, &ballots, &tally)?;
        }
        Ok(pending.len())
    }

    /// The precinct-level NIST SP 1500-100 v2 ElectionReport over the protocols accepted so
    /// far (`sailau export nist-err` of the record as it stands); 409 before the first.
    pub fn nist_err(&self) -> Result<bytes::Bytes, ApiError> {
        let election = self.election()?;
        let generated = sailau_law::election_day::Moment(self.clock.now()).to_string();
        let value = self.with_accepted(|a| {
            let refs: Vec<&sailau_protocol::Protocol> = a.protocols.values().collect();
            if refs.is_empty() {
                return Err(ApiError::Conflict("no precinct has reported yet".into()));
            }
            let bodies = sailau_record::levels::bodies(&election.def, &refs)
                .map_err(|e| ApiError::Conflict(format!("the accepted protocols: {e}")))?;
            Ok(sailau_record::nist::report(
                &election.def,
                &refs,
                &bodies,
                &generated,
            ))
        })?;
        let mut json = serde_json::to_vec(&value).expect("JSON");
        json.push(b'\n');
        Ok(bytes::Bytes::from(json))
    }

    /// The results JSON, recomputed only when a protocol was accepted since the last time.
    pub fn results_json(&self) -> Result<bytes::Bytes, ApiError> {
        let election = self.election()?;
        let generation = self.with_accepted(|a| a.generation);
        if let Some((g, bytes)) = &*self.results.lock().unwrap_or_else(|p| p.into_inner()) {
            if *g == generation {
                return Ok(bytes.clone());
            }
        }
        let (g, value) =
            self.with_accepted(|a| (a.generation, a.results(&election, self.clock.now())));
        let mut json = serde_json::to_vec(&value).expect("JSON");
        json.push(b'\n');
        let bytes = bytes::Bytes::from(json);
        *self.results.lock().unwrap_or_else(|p| p.into_inner()) = Some((g, bytes.clone()));
        Ok(bytes)
    }
}

/// Runs a unit of store work off the request loop.
pub async fn blocking<T: Send + 'static>(
    service: &Arc<Service>,
    work: impl FnOnce(&Service) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let s = service.clone();
    tokio::task::spawn_blocking(move || work(&s))
        .await
        .map_err(|e| ApiError::Internal(format!("a worker stopped: {e}")))?
}

/// Serves the API until Ctrl-C or SIGTERM, then finishes the requests in flight.
pub async fn serve(
    service: Arc<Service>,
    listener: tokio::net::TcpListener,
) -> std::io::Result<()> {
    let app = api::router(service.clone());
    serve_app(service, listener, app).await
}

/// Serves `app` (the API, with whatever is merged into it: the pages) until Ctrl-C or
/// SIGTERM; first verifies the records a restart left unverified.
pub async fn serve_app(
    service: Arc<Service>,
    listener: tokio::net::TcpListener,
    app: axum::Router,
) -> std::io::Result<()> {
    let pending = service.clone();
    tokio::task::spawn_blocking(move || match pending.verify_pending() {
        Ok(0) => {}
        Ok(n) => tracing::info!(
            records = n,
            "verified the records a restart left unverified"
        ),
        Err(err) => tracing::error!(%err, "verifying pending records"),
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            shutdown_signal().await;
            tracing::info!("shutting down: finishing requests in flight");
        })
        .await
}

/// Ctrl-C, or SIGTERM where there is one: what stops a server gracefully.
pub async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("a SIGTERM handler");
        tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

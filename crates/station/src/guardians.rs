//! The guardians' step at closing (docs/protocol.md §16): the station publishes its
//! encrypted totals as a decryption request, and takes each guardian's partial decryption as
//! it arrives, checking its proofs against its own totals at once. The guardians never come
//! to the station and never give it their keys. Once a quorum of partials is in, the station
//! can close ([`Station::close`]).

use crate::closing::CloseError;
use crate::Station;
use rusqlite::params;
use sailau_crypto::closing::{partial_from_json, request_json};
use sailau_crypto::decryption::vartime_check_one;
use sailau_crypto::PartialDecryption;

/// Why a partial decryption is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GuardianError {
    /// The station is not sealed: its totals are final, and can be decrypted, only then.
    #[error("seal the station first: its totals are final only then")]
    NotSealed,
    /// The partial decryption cannot be read, names another election or precinct, or does
    /// not hold one share per total, in order.
    #[error("{0}")]
    Unreadable(String),
    /// A share's proof fails against this station's own totals; nothing is stored.
    #[error("{0}")]
    Refused(String),
    /// This guardian (by index) has already answered; the second partial is not taken.
    #[error("guardian {0} has already answered")]
    Twice(u32),
    /// The station's database cannot be read or written, or a stored partial cannot be read.
    #[error("the station's database: {0}")]
    Store(String),
}

impl From<rusqlite::Error> for GuardianError {
    fn from(e: rusqlite::Error) -> Self {
        GuardianError::Store(e.to_string())
    }
}

impl From<CloseError> for GuardianError {
    fn from(e: CloseError) -> Self {
        match e {
            CloseError::NotSealed => GuardianError::NotSealed,
            other => GuardianError::Store(other.to_string()),
        }
    }
}

impl Station {
    /// The decryption request of the sealed station (`sailau-decryption-request/1`).
    pub fn decryption_request(&self) -> Result<Vec<u8>, GuardianError> {
        self.sealed_at()?.ok_or(GuardianError::NotSealed)?;
        let election = self.election();
        let tally = self.encrypted_tally()?;
        Ok(request_json(election, &self.precinct, &tally))
    }

    /// Takes a guardian's partial decryption (`sailau-partial-decryption/1`): it must answer
    /// this station's request, and every share's proof must hold. Returns the guardian's
    /// index.
    pub fn add_partial(&self, bytes: &[u8]) -> Result<u32, GuardianError> {
        self.sealed_at()?.ok_or(GuardianError::NotSealed)?;
        let election = self.election();
        let tally = self.encrypted_tally()?;
        let p = partial_from_json(election, &self.precinct, &tally, bytes)
            .map_err(|e| GuardianError::Unreadable(e.to_string()))?;
        vartime_check_one(election, &tally, &p)
            .map_err(|e| GuardianError::Refused(e.to_string()))?;
        let inserted = self.db.execute(
            "INSERT INTO partials (guardian, body) VALUES (?1, ?2) ON CONFLICT (guardian) DO NOTHING",
            params![p.guardian, bytes],
        )?;
        if inserted == 0 {
            return Err(GuardianError::Twice(p.guardian));
        }
        Ok(p.guardian)
    }

    /// The partial decryptions taken so far, by guardian.
    pub fn partials(&self) -> Result<Vec<PartialDecryption>, GuardianError> {
        let election = self.election();
        let tally = self.encrypted_tally()?;
        let mut q = self
            .db
            .prepare("SELECT body FROM partials ORDER BY guardian")?;
        let bodies: Vec<Vec<u8>> = q.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        bodies
            .iter()
            .map(|b| {
                partial_from_json(election, &self.precinct, &tally, b)
                    .map_err(|e| GuardianError::Store(format!("a stored partial: {e}")))
            })
            .collect()
    }
}

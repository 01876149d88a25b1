//! The observers present at the station (docs/registry.md, "Observers"). The accredited come
//! from the registry (`sailau-registry`), by their accreditation number; the commission
//! records each one's arrival, once, in the station's database, so that the list survives a
//! restart and the closing knows who is owed a signed copy of the protocol.

use crate::{Station, StationError};
use rusqlite::OptionalExtension;
use sailau_law::election_day::Moment;

/// An observer the commission recorded as present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Present {
    /// The accreditation number the registry gave.
    pub number: String,
    /// The name on the accreditation.
    pub name: String,
    /// For whom they observe, in the registry's words (`party amanat`, `ngo …`, `media …`).
    pub role: String,
    /// When the commission recorded the arrival.
    pub arrived: Moment,
}

/// Why an arrival was not recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ObserverError {
    /// This accreditation is already recorded as present (since the moment given).
    #[error("observer {number} is already recorded as present, since {since}")]
    AlreadyPresent {
        /// The accreditation number.
        number: String,
        /// The arrival recorded first.
        since: Moment,
    },
    /// The number or the name is empty.
    #[error("an observer is recorded by accreditation number and name")]
    Unnamed,
    /// The database.
    #[error(transparent)]
    Station(#[from] StationError),
}

impl From<rusqlite::Error> for ObserverError {
    fn from(e: rusqlite::Error) -> Self {
        ObserverError::Station(e.into())
    }
}

impl Station {
    /// Records that the holder of accreditation `number` is present, from `at`. Whether the
    /// number is accredited here is for the caller, which holds the registry, to check.
    pub fn observer_arrived(
        &self,
        number: &str,
        name: &str,
        role: &str,
        at: Moment,
    ) -> Result<(), ObserverError> {
        if number.trim().is_empty() || name.trim().is_empty() {
            return Err(ObserverError::Unnamed);
        }
        let since: Option<i64> = self
            .db
            .query_row(
                "SELECT arrived FROM observers_present WHERE number = ?1",
                [number],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(since) = since {
            return Err(ObserverError::AlreadyPresent {
                number: number.to_string(),
                since: Moment(since),
            });
        }
        self.db.execute(
            "INSERT INTO observers_present (number, name, role, arrived) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![number, name, role, at.0],
        )?;
        Ok(())
    }

    /// The observers recorded as present, in order of arrival.
    pub fn observers_present(&self) -> Result<Vec<Present>, StationError> {
        let mut q = self.db.prepare(
            "SELECT number, name, role, arrived FROM observers_present ORDER BY arrived, number",
        )?;
        let rows = q.query_map([], |r| {
            Ok(Present {
                number: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
                arrived: Moment(r.get(3)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

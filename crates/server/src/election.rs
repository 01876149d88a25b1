//! The election the service runs: the definition, the guardians' key record and every
//! station's public key, uploaded once by the CEC, then held in memory, indexed for the
//! questions every upload asks (whose key? which units above this precinct?).

use crate::db::{DbError, Tx};
use crate::error::ApiError;
use ed25519_dalek::VerifyingKey;
use sailau_definition::{Checked, Definition};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The three documents, exactly as published (the record's `definition.json`,
/// `election.json` and `stations.json`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Upload {
    /// `definition.json`: the election's definition, in its canonical form.
    pub definition: String,
    /// `election.json`: the guardians' key record from the key ceremony.
    pub election: String,
    /// `stations.json`: the public key of each precinct's station.
    pub stations: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StationKey {
    precinct: String,
    public_key: String,
}

/// The election the service runs, defined once by the CEC and checked: its documents, and its
/// station keys by precinct.
pub struct Election {
    /// The checked definition: contests, units, precincts and their hierarchy.
    pub def: Checked,
    /// The three documents by their names in the record, byte for byte as uploaded.
    pub documents: [(&'static str, Vec<u8>); 3],
    keys: HashMap<String, VerifyingKey>,
    extended_base_hash: [u8; 32],
}

/// The names of the three documents in the record (`sailau_record::Layout`).
pub const DOCUMENTS: [&str; 3] = ["definition.json", "election.json", "stations.json"];

/// The SHA-256 of `bytes`, lowercase hex: the digest documents and uploads are known by.
pub fn sha256_hex(bytes: &[u8]) -> String {
    sailau_group::to_hex(&Sha256::digest(bytes))
}

impl Election {
    /// Checks the three documents against each other; every problem is named.
    pub fn from_documents(
        definition: &[u8],
        election: &[u8],
        stations: &[u8],
    ) -> Result<Election, ApiError> {
        let text = std::str::from_utf8(definition)
            .map_err(|_| ApiError::Unprocessable("definition: not UTF-8".into()))?;
        let def = Definition::from_json(text)
            .map_err(|e| ApiError::Unprocessable(format!("definition: {e}")))?
            .check()
            .map_err(|errors| {
                ApiError::Unprocessable(format!(
                    "definition: {}",
                    errors
                        .iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("; ")
                ))
            })?;
        // Published as it is: its SHA-256 is then the digest everything names it by.
        if def.to_json().as_bytes() != definition {
            return Err(ApiError::Unprocessable(
                "definition: not in its canonical form (docs/formats.md, \"The digest\"): \
                 publish the file as `sailau definition check` writes it"
                    .into(),
            ));
        }
        // The guardians' record must be of this definition: checks 1-5 of docs/protocol.md
        // §12, and a manifest that is exactly the definition's (its digest included).
        let intake = sailau_verify::Intake::new(election)
            .map_err(|e| ApiError::Unprocessable(format!("election: {}", e.join("; "))))?;
        let record: serde_json::Value = serde_json::from_slice(election)
            .map_err(|e| ApiError::Unprocessable(format!("election: {e}")))?;
        let manifest = serde_json::to_value(def.manifest()).expect("a manifest serializes");
        if record.get("manifest") != Some(&manifest) {
            return Err(ApiError::Unprocessable(format!(
                "election: its manifest is not the one the definition gives (definition {})",
                def.digest()
            )));
        }
        let extended_base_hash = intake.extended_base_hash();
        let listed: Vec<StationKey> = serde_json::from_slice(stations)
            .map_err(|e| ApiError::Unprocessable(format!("stations: {e}")))?;
        let mut keys = HashMap::new();
        for (i, k) in listed.iter().enumerate() {
            if def.precinct(&k.precinct).is_none() {
                return Err(ApiError::Unprocessable(format!(
                    "stations[{i}].precinct: {} is not in the definition",
                    k.precinct
                )));
            }
            let key = sailau_group::from_hex32(&k.public_key)
                .ok()
                .and_then(|b| VerifyingKey::from_bytes(&b).ok())
                .ok_or_else(|| {
                    ApiError::Unprocessable(format!(
                        "stations[{i}].public_key: not an Ed25519 public key in lowercase hex"
                    ))
                })?;
            if keys.insert(k.precinct.clone(), key).is_some() {
                return Err(ApiError::Unprocessable(format!(
                    "stations[{i}].precinct: {} has a second key",
                    k.precinct
                )));
            }
        }
        if let Some(p) = def.precincts.iter().find(|p| !keys.contains_key(&p.id)) {
            return Err(ApiError::Unprocessable(format!(
                "stations: precinct {} has no key",
                p.id
            )));
        }
        Ok(Election {
            def,
            documents: [
                (DOCUMENTS[0], definition.to_vec()),
                (DOCUMENTS[1], election.to_vec()),
                (DOCUMENTS[2], stations.to_vec()),
            ],
            keys,
            extended_base_hash,
        })
    }

    /// The election's identifier, from its definition.
    pub fn id(&self) -> &str {
        &self.def.election.id
    }

    /// The election's extended base hash (docs/protocol.md §4), which every station's ballot
    /// log starts from.
    pub fn extended_base_hash(&self) -> [u8; 32] {
        self.extended_base_hash
    }

    /// The regions, cities and the unit abroad that hold precincts
    /// ([`Checked::regions`](sailau_definition::Checked::regions)).
    pub fn regions(&self) -> Vec<&str> {
        self.def.regions().iter().map(String::as_str).collect()
    }

    /// The key that signs for `precinct`'s station, if the precinct is in the election.
    pub fn station_key(&self, precinct: &str) -> Option<&VerifyingKey> {
        self.keys.get(precinct)
    }

    /// The units a precinct's protocol counts in, its own first
    /// ([`Checked::units_of`](sailau_definition::Checked::units_of)).
    pub fn units_of(&self, precinct: &str) -> &[String] {
        self.def.units_of(precinct)
    }

    /// Reads the election from the store, if one was uploaded.
    pub fn load(tx: &mut dyn Tx) -> Result<Option<Election>, ApiError> {
        let mut docs = Vec::new();
        for name in DOCUMENTS {
            match tx.query_one("SELECT body FROM documents WHERE name = $1", &[name.into()])? {
                Some(row) => docs.push(row.into_iter().next().expect("a column").blob()?),
                None => return Ok(None),
            }
        }
        Election::from_documents(&docs[0], &docs[1], &docs[2])
            .map(Some)
            .map_err(|e| ApiError::Internal(format!("the stored election no longer reads: {e}")))
    }

    /// Stores the documents, the precincts and the units. Returns false if this very
    /// election was stored already; a different one is a conflict.
    pub fn store(&self, tx: &mut dyn Tx, at: i64) -> Result<bool, ApiError> {
        let stored: Vec<(String, String)> = tx
            .query("SELECT name, sha256 FROM documents ORDER BY name", &[])?
            .into_iter()
            .map(|r| Ok::<_, DbError>((r[0].text()?, r[1].text()?)))
            .collect::<Result<_, _>>()?;
        let mine: Vec<(String, String)> = {
            let mut v: Vec<_> = self
                .documents
                .iter()
                .map(|(n, b)| (n.to_string(), sha256_hex(b)))
                .collect();
            v.sort();
            v
        };
        if !stored.is_empty() {
            return if stored == mine {
                Ok(false)
            } else {
                Err(ApiError::Conflict(
                    "an election with other documents is already defined; it is kept".into(),
                ))
            };
        }
        for (name, body) in &self.documents {
            tx.execute(
                "INSERT INTO documents (name, sha256, body, at) VALUES ($1, $2, $3, $4)",
                &[
                    (*name).into(),
                    sha256_hex(body).into(),
                    body.clone().into(),
                    at.into(),
                ],
            )?;
        }
        for u in &self.def.units {
            tx.execute(
                "INSERT INTO units (id, kind, parent) VALUES ($1, $2, $3)",
                &[
                    (&u.id).into(),
                    format!("{:?}", u.kind).to_lowercase().into(),
                    u.parent.clone().into(),
                ],
            )?;
        }
        for p in &self.def.precincts {
            let units = self.units_of(&p.id);
            tx.execute(
                "INSERT INTO precincts (id, unit, region, station_key) VALUES ($1, $2, $3, $4)",
                &[
                    (&p.id).into(),
                    (&p.unit).into(),
                    units.last().cloned().unwrap_or_default().into(),
                    sailau_group::to_hex(self.keys[&p.id].as_bytes()).into(),
                ],
            )?;
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_documents_lie_where_the_record_puts_them() {
        use sailau_record::Layout;
        let paths = [Layout::Definition, Layout::Election, Layout::Stations].map(|f| f.path());
        assert_eq!(super::DOCUMENTS, paths.each_ref().map(String::as_str));
    }
}

//! What a polling station and its terminals are set up with: the precinct's part of the
//! election (`sailau-precinct-part/1`, docs/formats.md, "A precinct's part"), and nothing of
//! the rest of the country, so that a station's cost does not grow with the country's size.
//!
//! The part holds the precinct's part of the definition ([`Checked::part`]: its units,
//! districts, its ballot style's contests with their parties and candidates, the guardians),
//! the digest of the whole definition, and the guardians' record (`election.json`) with a
//! manifest of only that style and its contests. It is taken from the whole election once, at
//! setup, by a [`Setup`] that has checked the whole `election.json` against the whole
//! definition; the station and its terminals then read only the part.

use crate::StationError;
use sailau_crypto::reading::election_part_from_json;
use sailau_crypto::{DefinitionDigest, Election};
use sailau_definition::{Checked, Definition};
use sailau_verify::Intake;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The format tag of a precinct's part.
pub const FORMAT: &str = "sailau-precinct-part/1";

/// The whole election, checked once, from which every precinct's part is taken.
pub struct Setup<'a> {
    def: &'a Checked,
    /// `election.json`'s fields other than the manifest, in order.
    record: Map<String, Value>,
    /// The manifest's fields before its contests (`election`, `name`, `date`, `definition`).
    head: Map<String, Value>,
    /// The manifest's contests by id, with their place in it.
    contests: HashMap<String, (usize, Value)>,
}

impl<'a> Setup<'a> {
    /// Checks the published `election.json` (checks 1–5 of docs/protocol.md §12) and that
    /// its manifest is exactly the one `def` gives, its digest included: the key ceremony was
    /// held for this definition.
    pub fn new(def: &'a Checked, election_json: &[u8]) -> Result<Setup<'a>, StationError> {
        Intake::new(election_json).map_err(|e| StationError::Election(e.join("; ")))?;
        let v: Value = serde_json::from_slice(election_json)
            .map_err(|e| StationError::Election(e.to_string()))?;
        let Value::Object(mut record) = v else {
            return Err(StationError::Election("not a JSON object".into()));
        };
        let manifest = record.shift_remove("manifest").unwrap_or_default();
        if manifest != serde_json::to_value(def.manifest()).expect("a manifest serializes") {
            return Err(StationError::Election(format!(
                "its manifest is not the one the definition gives (definition {})",
                def.digest()
            )));
        }
        let Value::Object(mut manifest) = manifest else {
            unreachable!("equal to a manifest");
        };
        let contests = match manifest.shift_remove("contests") {
            Some(Value::Array(cs)) => cs
                .into_iter()
                .enumerate()
                .map(|(i, c)| (c["id"].as_str().unwrap_or_default().to_string(), (i, c)))
                .collect(),
            _ => HashMap::new(),
        };
        manifest.shift_remove("styles");
        Ok(Setup {
            def,
            record,
            head: manifest,
            contests,
        })
    }

    /// `precinct`'s part.
    pub fn part(&self, precinct: &str) -> Result<PrecinctPart, StationError> {
        let part = self
            .def
            .part(precinct)
            .ok_or_else(|| StationError::UnknownPrecinct(precinct.into()))?;
        let style = &part.styles[0];
        let mut contests: Vec<&(usize, Value)> = style
            .contests
            .iter()
            .filter_map(|c| self.contests.get(c))
            .collect();
        contests.sort_by_key(|(i, _)| *i);
        let mut manifest = self.head.clone();
        manifest.insert(
            "contests".into(),
            Value::Array(contests.into_iter().map(|(_, c)| c.clone()).collect()),
        );
        manifest.insert(
            "styles".into(),
            json!([{ "id": style.id, "contests": style.contests }]),
        );
        // election.json's keys in their order, the manifest second (§11.1).
        let mut election = Map::new();
        for (k, v) in &self.record {
            election.insert(k.clone(), v.clone());
            if k == "format" {
                election.insert("manifest".into(), Value::Object(manifest.clone()));
            }
        }
        PrecinctPart::new(precinct, part, pretty(&Value::Object(election)))
    }
}

fn pretty(v: &impl Serialize) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).expect("JSON serializes");
    out.push(b'\n');
    out
}

/// A precinct's part of the election, checked and ready: all a station or terminal reads.
#[derive(Clone)]
pub struct PrecinctPart {
    precinct: String,
    def: Checked,
    election_json: Vec<u8>,
    election: std::sync::Arc<Election>,
}

/// The part as written to a station's database and a terminal's folder.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    format: String,
    precinct: String,
    /// The digest of the whole definition.
    definition: DefinitionDigest,
    part: Definition,
    election: Value,
}

impl PrecinctPart {
    fn new(precinct: &str, def: Checked, election_json: Vec<u8>) -> Result<Self, StationError> {
        if def.precinct(precinct).is_none() {
            return Err(StationError::UnknownPrecinct(precinct.into()));
        }
        // The guardians' proofs and the key, against the part's manifest; and that it is the
        // part of the definition's manifest, the whole definition's digest included.
        let election = election_part_from_json(&election_json)
            .map_err(|e| StationError::Election(e.to_string()))?;
        Intake::for_part(&election_json).map_err(|e| StationError::Election(e.join("; ")))?;
        if election.manifest != def.manifest() {
            return Err(StationError::Election(
                "its manifest is not this precinct's part of the definition's".into(),
            ));
        }
        Ok(PrecinctPart {
            precinct: precinct.into(),
            def,
            election_json,
            election: std::sync::Arc::new(election),
        })
    }

    /// The part as a `sailau-precinct-part/1` document.
    pub fn to_json(&self) -> Vec<u8> {
        let election: Value =
            serde_json::from_slice(&self.election_json).expect("the part's own election.json");
        pretty(&Document {
            format: FORMAT.into(),
            precinct: self.precinct.clone(),
            definition: self.def.digest(),
            part: self.def.definition().clone(),
            election,
        })
    }

    /// Reads a part back, checking it again.
    pub fn from_json(bytes: &[u8]) -> Result<PrecinctPart, StationError> {
        let d: Document = serde_json::from_slice(bytes)
            .map_err(|e| StationError::Definition(format!("the precinct's part: {e}")))?;
        if d.format != FORMAT {
            return Err(StationError::Definition(format!(
                "the precinct's part: format {:?}, not {FORMAT}",
                d.format
            )));
        }
        let def = d.part.check_part(d.definition).map_err(|errors| {
            let first: Vec<String> = errors.iter().take(3).map(|e| e.to_string()).collect();
            StationError::Definition(format!(
                "{} problem(s), first: {}",
                errors.len(),
                first.join("; ")
            ))
        })?;
        PrecinctPart::new(&d.precinct, def, pretty(&d.election))
    }

    /// The precinct.
    pub fn precinct(&self) -> &str {
        &self.precinct
    }

    /// The precinct's part of the definition; its digest is the whole definition's.
    pub fn definition(&self) -> &Checked {
        &self.def
    }

    /// The guardians' record, with the part's manifest.
    pub fn election_json(&self) -> &[u8] {
        &self.election_json
    }

    /// The same, read: ready to encrypt, tally and combine decryptions.
    pub fn election(&self) -> &Election {
        &self.election
    }
}

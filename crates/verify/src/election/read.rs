//! Every file above the stations' own records, read once for all the checks: what could be
//! read, and for what could not, why (the check that needs it reports it).

use super::definition::Definition;
use super::files::{self, Protocol, SignedProtocol, StationKey, TallySummary};
use super::ElectionFiles;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// A file as read: the value, and whether its bytes were its canonical form.
pub type Parsed<T> = Result<(T, bool), String>;

pub struct Read<'a> {
    pub files: &'a ElectionFiles<'a>,
    /// The SHA-256 of `definition.json`, in hex: what everything must name it by.
    pub digest: String,
    pub definition: Result<Definition, String>,
    /// H_E, from `election.json`.
    pub extended_base_hash: Option<[u8; 32]>,
    pub election: Option<Value>,
    pub stations: Parsed<Vec<StationKey>>,
    /// Each precinct's signed protocol, in the order of the folders.
    pub signed: Vec<(&'a str, Parsed<SignedProtocol>)>,
    /// The precinct protocols that could be read, by precinct.
    pub protocols: BTreeMap<String, Protocol>,
    /// Each precinct's `tally.json`, its counts only, loosely (check 16 judges it).
    pub tallies: HashMap<&'a str, TallySummary>,
    pub territorial: Vec<(&'a str, Parsed<Protocol>)>,
    pub national: Parsed<Protocol>,
}

impl<'a> Read<'a> {
    pub fn new(f: &'a ElectionFiles<'a>) -> Read<'a> {
        let election: Option<Value> = serde_json::from_slice(f.election).ok();
        let extended_base_hash = election
            .as_ref()
            .and_then(|v| v["extended_base_hash"].as_str())
            .and_then(|h| sailau_group::from_hex32(h).ok());
        let signed: Vec<(&str, Parsed<SignedProtocol>)> = f
            .precincts
            .iter()
            .map(|s| (s.precinct.as_str(), files::read(s.protocol)))
            .collect();
        let protocols = signed
            .iter()
            .filter_map(|(id, p)| {
                let (p, _) = p.as_ref().ok()?;
                Some((id.to_string(), p.protocol.clone()))
            })
            .collect();
        Read {
            files: f,
            digest: sailau_group::to_hex(&Sha256::digest(f.definition)),
            definition: serde_json::from_slice(f.definition)
                .map_err(|e| format!("definition.json: {e}")),
            extended_base_hash,
            election,
            stations: files::read(f.stations),
            signed,
            protocols,
            tallies: f
                .precincts
                .iter()
                .filter_map(|s| Some((s.precinct.as_str(), files::tally_summary(s.tally)?)))
                .collect(),
            territorial: f
                .territorial
                .iter()
                .map(|(unit, bytes)| (unit.as_str(), files::read(bytes)))
                .collect(),
            national: files::read(f.national),
        }
    }

    /// The definition's election id, when it could be read.
    pub fn election_id(&self) -> Option<&str> {
        self.definition
            .as_ref()
            .ok()
            .map(|d| d.election.id.as_str())
    }
}

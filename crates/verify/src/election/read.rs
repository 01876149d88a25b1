//! Every file above the stations' own records, read once for all the checks: what could be
//! read, and for what could not, why (the check that needs it reports it).

use super::definition::Definition;
use super::files::{self, Protocol, SignedProtocol, StationKey, TallySummary};
use super::{Above, Seen};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// A file as read: the value, and whether its bytes were its canonical form.
pub type Parsed<T> = Result<(T, bool), String>;

pub struct Read<'a> {
    pub files: &'a Above<'a>,
    /// What the station pass kept of each station, in the order of the folders.
    pub seen: &'a [Seen],
    /// The SHA-256 of `definition.json`, in hex: what everything must name it by.
    pub digest: String,
    pub definition: Result<Definition, String>,
    pub election: Option<Value>,
    pub stations: Parsed<Vec<StationKey>>,
    /// Each precinct's signed protocol, in the order of the folders.
    pub signed: Vec<(&'a str, Parsed<SignedProtocol>)>,
    /// The precinct protocols that could be read, by precinct.
    pub protocols: BTreeMap<String, Protocol>,
    /// Each precinct's `tally.json`, its counts only, loosely (check 16 judges it).
    pub tallies: HashMap<&'a str, &'a TallySummary>,
    pub territorial: Vec<(&'a str, Parsed<Protocol>)>,
    pub national: Parsed<Protocol>,
}

impl<'a> Read<'a> {
    pub fn new(f: &'a Above<'a>, seen: &'a [Seen]) -> Read<'a> {
        let election: Option<Value> = serde_json::from_slice(f.election).ok();
        let signed: Vec<(&str, Parsed<SignedProtocol>)> = f
            .protocols
            .iter()
            .map(|(id, bytes)| (id.as_str(), files::read(bytes)))
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
            seen,
            digest: sailau_group::to_hex(&Sha256::digest(f.definition)),
            definition: serde_json::from_slice(f.definition)
                .map_err(|e| format!("definition.json: {e}")),
            election,
            stations: files::read(f.stations),
            signed,
            protocols,
            tallies: seen
                .iter()
                .filter_map(|s| Some((s.precinct.as_str(), s.tally.as_ref()?)))
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

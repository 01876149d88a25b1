//! Reading the election record (docs/protocol.md §11), written from the spec and not from the
//! prover's code. Reading is strict: unknown fields, missing fields and malformed hex make the
//! record unreadable; anything well-formed is then judged by the checks. Every file must also
//! be in canonical form (§11.4), which [`canonical`] tests by encoding what was read again.

use sailau_group::{from_hex32, to_hex};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The format tag of `election.json` and `tally.json` (§11).
pub const FORMAT: &str = "sailau-record/2";

/// 32 bytes, written as 64 lowercase hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Hex32(pub [u8; 32]);

impl Serialize for Hex32 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_hex(&self.0))
    }
}

impl<'de> Deserialize<'de> for Hex32 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        from_hex32(&s).map(Hex32).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contest {
    pub id: String,
    pub options: Vec<String>,
    pub min: u64,
    pub max: u64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    pub id: String,
    pub contests: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub election: String,
    pub name: String,
    pub date: String,
    /// The SHA-256 of the election definition the manifest was derived from.
    pub definition: Hex32,
    pub contests: Vec<Contest>,
    pub styles: Vec<Style>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoefficientProof {
    pub h: Hex32,
    pub v: Hex32,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuardianKey {
    pub index: u32,
    pub name: String,
    pub aux_key: Hex32,
    pub commitments: Vec<Hex32>,
    pub proofs: Vec<CoefficientProof>,
}

/// `election.json` (§11.1).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectionFile {
    pub format: String,
    pub manifest: Manifest,
    pub guardians: u32,
    pub quorum: u32,
    pub base_hash: Hex32,
    pub guardian_keys: Vec<GuardianKey>,
    pub public_key: Hex32,
    pub extended_base_hash: Hex32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    pub a: Hex32,
    pub b: Hex32,
    pub c: Hex32,
    pub v: Hex32,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    pub value: u64,
    pub nonce: Hex32,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    pub alpha: Hex32,
    pub beta: Hex32,
    pub proof: Vec<Branch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening: Option<Opening>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BallotContest {
    pub contest: String,
    pub selections: Vec<Selection>,
    pub proof: Vec<Branch>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Cast,
    Challenged,
}

/// One line of `ballots.jsonl` (§11.2).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    pub device: String,
    pub seq: u64,
    pub style: String,
    pub state: State,
    pub prev: Hex32,
    pub code: Hex32,
    pub contests: Vec<BallotContest>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Share {
    pub guardian: u32,
    pub share: Hex32,
    pub a: Hex32,
    pub b: Hex32,
    pub v: Hex32,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TallyOption {
    pub option: String,
    pub alpha: Hex32,
    pub beta: Hex32,
    pub count: u64,
    pub shares: Vec<Share>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TallyContest {
    pub contest: String,
    pub ballots: u64,
    pub options: Vec<TallyOption>,
}

/// `tally.json` (§11.3).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TallyFile {
    pub format: String,
    pub challenged: u64,
    pub contests: Vec<TallyContest>,
    /// Each device's chain at closing (§7.4); absent when none is declared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub devices: Vec<DeviceChain>,
}

/// One device's declared chain (§7.4).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceChain {
    pub device: String,
    pub ballots: u64,
    pub last: Hex32,
    pub missing: Vec<u64>,
}

/// The record as read, and whether each file was in canonical form.
pub struct Record {
    pub election: ElectionFile,
    pub ballots: Vec<Ballot>,
    pub tally: TallyFile,
    /// Files or lines (`ballots.jsonl:N`) not in canonical form.
    pub non_canonical: Vec<String>,
}

/// Why a record cannot be read at all (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{file}: {reason}")]
pub struct Unreadable {
    pub file: String,
    pub reason: String,
}

fn unreadable(file: &str, reason: impl std::fmt::Display) -> Unreadable {
    Unreadable {
        file: file.to_string(),
        reason: reason.to_string(),
    }
}

/// True when `bytes` is exactly the canonical encoding of `value` (§11.4).
pub fn canonical<T: Serialize>(value: &T, bytes: &[u8], pretty: bool) -> bool {
    let again = if pretty {
        serde_json::to_vec_pretty(value).map(|mut v| {
            v.push(b'\n');
            v
        })
    } else {
        serde_json::to_vec(value)
    };
    again.is_ok_and(|a| a == bytes)
}

/// Reads the three files of a record from memory.
pub fn read(election: &[u8], ballots: &[u8], tally: &[u8]) -> Result<Record, Unreadable> {
    let mut non_canonical = Vec::new();
    let e: ElectionFile =
        serde_json::from_slice(election).map_err(|e| unreadable("election.json", e))?;
    if !canonical(&e, election, true) {
        non_canonical.push("election.json".to_string());
    }
    let t: TallyFile = serde_json::from_slice(tally).map_err(|e| unreadable("tally.json", e))?;
    if !canonical(&t, tally, true) {
        non_canonical.push("tally.json".to_string());
    }
    let mut lines = Vec::new();
    if !ballots.is_empty() {
        let Some(body) = ballots.strip_suffix(b"\n") else {
            return Err(unreadable("ballots.jsonl", "the last line has no newline"));
        };
        for (n, line) in body.split(|&b| b == b'\n').enumerate() {
            let where_ = format!("ballots.jsonl:{}", n + 1);
            let b: Ballot = serde_json::from_slice(line).map_err(|e| unreadable(&where_, e))?;
            if !canonical(&b, line, false) {
                non_canonical.push(where_);
            }
            lines.push(b);
        }
    }
    Ok(Record {
        election: e,
        ballots: lines,
        tally: t,
        non_canonical,
    })
}

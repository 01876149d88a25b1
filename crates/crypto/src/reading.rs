//! Reading back what this crate wrote (§11): `election.json` into an [`Election`] ready to
//! encrypt, tally and decrypt, and a line of `ballots.jsonl` into its ballot. A polling station
//! is set up from the published `election.json`, and keeps its ballots as record lines; these
//! turn them back into values. Reading is strict, and the result is re-encoded and compared
//! with the input, so only this crate's own canonical output is accepted.
//!
//! This is not the verifier: `sailau-verify` reads the record with code of its own.

use crate::ballot::{EncryptedBallot, Opening};
use crate::el_gamal::Encoded;
use crate::guardian::{GuardianPublic, JointKey};
use crate::record::{election_json, FORMAT};
use crate::schnorr::SchnorrProof;
use crate::{Election, Manifest};
use sailau_group::{decode_point, decode_scalar, from_hex32, Scalar};
use serde_json::Value;

/// Why a record file or line cannot be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ReadError(pub String);

pub(crate) fn err(msg: impl Into<String>) -> ReadError {
    ReadError(msg.into())
}

pub(crate) fn field<'v>(v: &'v Value, key: &str) -> Result<&'v Value, ReadError> {
    v.get(key)
        .ok_or_else(|| err(format!("missing field '{key}'")))
}

pub(crate) fn text<'v>(v: &'v Value, key: &str) -> Result<&'v str, ReadError> {
    field(v, key)?
        .as_str()
        .ok_or_else(|| err(format!("'{key}' is not a string")))
}

pub(crate) fn number(v: &Value, key: &str) -> Result<u64, ReadError> {
    field(v, key)?
        .as_u64()
        .ok_or_else(|| err(format!("'{key}' is not a whole number")))
}

pub(crate) fn array<'v>(v: &'v Value, key: &str) -> Result<&'v Vec<Value>, ReadError> {
    field(v, key)?
        .as_array()
        .ok_or_else(|| err(format!("'{key}' is not an array")))
}

pub(crate) fn bytes32(v: &Value, key: &str) -> Result<[u8; 32], ReadError> {
    from_hex32(text(v, key)?).map_err(|e| err(format!("'{key}': {e}")))
}

pub(crate) fn point(v: &Value, key: &str) -> Result<Encoded, ReadError> {
    let bytes = bytes32(v, key)?;
    let point = decode_point(&bytes).map_err(|e| err(format!("'{key}': {e}")))?;
    Ok(Encoded { point, bytes })
}

pub(crate) fn scalar(v: &Value, key: &str) -> Result<Scalar, ReadError> {
    decode_scalar(&bytes32(v, key)?).map_err(|e| err(format!("'{key}': {e}")))
}

/// Reads `election.json`, checks every guardian's proofs (as [`JointKey::new`] does) and that
/// the file is exactly what [`election_json`] writes for the result.
pub fn election_from_json(bytes: &[u8]) -> Result<Election, ReadError> {
    read_election(bytes, true)
}

/// Reads a station's part of `election.json`: the same file with a manifest of only the
/// station's ballot style and its contests. Its `base_hash` is the whole election's, which
/// binds the whole manifest, so it is taken as it stands rather than recomputed; the
/// guardians' proofs are checked against it and the extended base hash recomputed as for the
/// whole file. The station's part was checked against the whole election when the station
/// was set up, and the published record is verified whole.
pub fn election_part_from_json(bytes: &[u8]) -> Result<Election, ReadError> {
    read_election(bytes, false)
}

fn read_election(bytes: &[u8], whole: bool) -> Result<Election, ReadError> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| err(e.to_string()))?;
    if text(&v, "format")? != FORMAT {
        return Err(err(format!("format is not {FORMAT}")));
    }
    let manifest: Manifest = serde_json::from_value(field(&v, "manifest")?.clone())
        .map_err(|e| err(format!("manifest: {e}")))?;
    manifest.validate().map_err(|e| err(e.to_string()))?;
    let quorum = u32::try_from(number(&v, "quorum")?).map_err(|_| err("quorum too large"))?;
    let guardians = array(&v, "guardian_keys")?
        .iter()
        .map(guardian_public)
        .collect::<Result<Vec<_>, ReadError>>()?;
    let base_hash = if whole {
        manifest.base_hash(guardians.len() as u32, quorum)
    } else {
        bytes32(&v, "base_hash")?
    };
    let joint = JointKey::new(&base_hash, guardians, quorum).map_err(|e| err(e.to_string()))?;
    let election = Election {
        manifest,
        base_hash,
        joint,
    };
    if election_json(&election) != bytes {
        return Err(err(
            "not the canonical election.json of this election (a hash or a field differs)",
        ));
    }
    Ok(election)
}

/// One guardian's published data (§4.2) as `election.json` and the ceremony's documents carry
/// it: index, name, auxiliary key, commitments and proofs. The proofs are not checked here.
pub(crate) fn guardian_public(g: &Value) -> Result<GuardianPublic, ReadError> {
    Ok(GuardianPublic {
        index: u32::try_from(number(g, "index")?).map_err(|_| err("index too large"))?,
        name: text(g, "name")?.to_string(),
        aux_key: point(g, "aux_key")?,
        commitments: array(g, "commitments")?
            .iter()
            .map(|c| {
                let bytes = from_hex32(c.as_str().unwrap_or_default())
                    .map_err(|e| err(format!("commitment: {e}")))?;
                let point = decode_point(&bytes).map_err(|e| err(e.to_string()))?;
                Ok(Encoded { point, bytes })
            })
            .collect::<Result<_, ReadError>>()?,
        proofs: array(g, "proofs")?
            .iter()
            .map(|p| {
                Ok(SchnorrProof {
                    h: point(p, "h")?,
                    v: scalar(p, "v")?,
                })
            })
            .collect::<Result<_, ReadError>>()?,
    })
}

/// Reads one line of `ballots.jsonl` (without its newline) back into the ballot and, for a
/// challenged ballot, its opening. The line must be exactly what [`crate::record::ballot_line`] writes.
pub fn ballot_from_line(line: &[u8]) -> Result<(EncryptedBallot, Option<Opening>), ReadError> {
    crate::compact::RawBallot::of_line(line)?.decode()
}

/// The encrypted tally (§9) of record lines, reading only what the tally needs: each cast
/// ballot's contests and ciphertexts. For a station whose box already checked every line in
/// full; six times cheaper than reading whole ballots, since proofs are skipped.
pub fn tally_of_lines<'l>(
    manifest: &Manifest,
    lines: impl IntoIterator<Item = &'l [u8]>,
) -> Result<crate::EncryptedTally, ReadError> {
    let mut sums = crate::tally::Sums::new(manifest);
    for line in lines {
        let v: Value = serde_json::from_slice(line).map_err(|e| err(e.to_string()))?;
        if text(&v, "state")? != "cast" {
            continue;
        }
        for c in array(&v, "contests")? {
            let id = text(c, "contest")?;
            let i = manifest
                .contests
                .iter()
                .position(|s| s.id == id)
                .ok_or_else(|| err(format!("unknown contest '{id}'")))?;
            let selections = array(c, "selections")?;
            if selections.len() != sums.options(i) {
                return Err(err(format!("contest '{id}': wrong number of selections")));
            }
            let cts = selections
                .iter()
                .map(|s| Ok((point(s, "alpha")?.point, point(s, "beta")?.point)))
                .collect::<Result<Vec<_>, ReadError>>()?;
            sums.add(i, cts);
        }
    }
    Ok(sums.finish(manifest))
}

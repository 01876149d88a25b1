//! The election record (docs/protocol.md §11): what is published, byte for byte. Three files:
//! `election.json` (manifest, guardians, keys, hashes), `ballots.jsonl` (every encrypted
//! ballot, cast or challenged, one per line, in the order accepted) and `tally.json` (the
//! encrypted totals, every guardian's decryption shares with proofs, and the totals).
//!
//! The form is canonical (§11.4): keys in the order written here, two-space indentation in
//! the `.json` files, one compact object per line in `.jsonl`, lowercase hex, a final newline.
//! A verifier re-encodes what it reads and refuses any other spelling, so that every byte of
//! the record carries meaning and none can change unnoticed.

use crate::ballot::{EncryptedBallot, Opening};
use crate::decryption::PartialDecryption;
use crate::guardian::GuardianPublic;
use crate::tally::EncryptedTally;
use crate::Election;
use sailau_group::to_hex;
use serde_json::{json, Value};

/// The record's format tag.
pub const FORMAT: &str = "sailau-record/2";

/// The decrypted totals as published.
pub struct PublishedTally {
    /// The encrypted totals that were decrypted (§9).
    pub tally: EncryptedTally,
    /// The partial decryptions combined, one per participating guardian (§10).
    pub partials: Vec<PartialDecryption>,
    /// Per contest, per option.
    pub counts: Vec<Vec<u64>>,
    /// How many challenged ballots `ballots.jsonl` holds (§11.3).
    pub challenged: u64,
    /// Each device's chain as it stood at closing (§7.4); empty when none are declared.
    pub devices: Vec<DeviceChain>,
}

/// A device's chain at closing (§7.4): how many ballots it encrypted, the code of the last,
/// and which of them never reached a ballot box (a voter who walked away with the card, a
/// card the box refused). Missing ballots are declared, never silently skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceChain {
    /// The id of the device (voting terminal) whose chain this declares.
    pub device: String,
    /// How many ballots the device encrypted: its next seq.
    pub ballots: u64,
    /// The code of its last ballot, or its chain start if it encrypted none (§7.2).
    pub last: [u8; 32],
    /// Sequence numbers, ascending.
    pub missing: Vec<u64>,
}

pub(crate) fn h(bytes: &[u8; 32]) -> Value {
    Value::String(to_hex(bytes))
}

pub(crate) fn pretty(v: &Value) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).expect("a JSON value always serializes");
    out.push(b'\n');
    out
}

/// One guardian's published data (§4.2), as `election.json` and the ceremony's documents
/// carry it.
pub(crate) fn guardian_value(g: &GuardianPublic) -> Value {
    json!({
        "index": g.index,
        "name": g.name,
        "aux_key": h(&g.aux_key.bytes),
        "commitments": g.commitments.iter().map(|c| h(&c.bytes)).collect::<Vec<_>>(),
        "proofs": g.proofs.iter().map(|p| json!({
            "h": h(&p.h.bytes),
            "v": h(p.v.as_bytes()),
        })).collect::<Vec<_>>(),
    })
}

/// `election.json` (§11.1).
pub fn election_json(e: &Election) -> Vec<u8> {
    let guardians: Vec<Value> = e.joint.guardians.iter().map(guardian_value).collect();
    pretty(&json!({
        "format": FORMAT,
        "manifest": serde_json::to_value(&e.manifest).expect("a manifest serializes"),
        "guardians": e.joint.guardians.len(),
        "quorum": e.joint.quorum,
        "base_hash": h(&e.base_hash),
        "guardian_keys": guardians,
        "public_key": h(&e.joint.public_key.key.bytes),
        "extended_base_hash": h(&e.extended_base_hash()),
    }))
}

/// One line of `ballots.jsonl` (§11.2), without its newline. A challenged ballot carries its
/// opening.
pub fn ballot_line(b: &EncryptedBallot, opening: Option<&Opening>) -> String {
    crate::compact::RawBallot::of(b, opening).line()
}

/// `tally.json` (§11.3).
pub fn tally_json(e: &Election, t: &PublishedTally) -> Vec<u8> {
    let contests: Vec<Value> = t
        .tally
        .contests
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let spec = e
                .manifest
                .contest(&c.contest)
                .expect("tally follows the manifest");
            let options: Vec<Value> = c
                .options
                .iter()
                .enumerate()
                .map(|(oi, ct)| {
                    let shares: Vec<Value> = t
                        .partials
                        .iter()
                        .map(|p| {
                            let s = &p.shares[ci][oi];
                            json!({
                                "guardian": p.guardian,
                                "share": h(&s.share.bytes),
                                "a": h(&s.proof.a.bytes),
                                "b": h(&s.proof.b.bytes),
                                "v": h(s.proof.v.as_bytes()),
                            })
                        })
                        .collect();
                    json!({
                        "option": spec.options[oi],
                        "alpha": h(&ct.alpha.bytes),
                        "beta": h(&ct.beta.bytes),
                        "count": t.counts[ci][oi],
                        "shares": shares,
                    })
                })
                .collect();
            json!({ "contest": c.contest, "ballots": c.ballots, "options": options })
        })
        .collect();
    let mut v = json!({
        "format": FORMAT,
        "challenged": t.challenged,
        "contests": contests,
    });
    if !t.devices.is_empty() {
        v["devices"] = t
            .devices
            .iter()
            .map(|d| {
                json!({
                    "device": d.device,
                    "ballots": d.ballots,
                    "last": h(&d.last),
                    "missing": d.missing,
                })
            })
            .collect();
    }
    pretty(&v)
}

/// The record's three files (§11), by name: `ballots` in the order accepted, each challenged
/// ballot with its opening.
pub fn files(
    e: &Election,
    ballots: &[(EncryptedBallot, Option<Opening>)],
    tally: &PublishedTally,
) -> Vec<(&'static str, Vec<u8>)> {
    let mut lines = Vec::new();
    for (b, o) in ballots {
        lines.extend_from_slice(ballot_line(b, o.as_ref()).as_bytes());
        lines.push(b'\n');
    }
    vec![
        ("election.json", election_json(e)),
        ("ballots.jsonl", lines),
        ("tally.json", tally_json(e, tally)),
    ]
}

//! The ledger's entries, hash-chained (docs/formats.md, "`sailau-registry/1`"): each entry
//! names the hash of the one before, so that an observer holding any entry's hash can tell
//! whether the history before it was ever changed.

use crate::act::{Act, Actor};
use sailau_law::election_day::Moment;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The format of a ledger's lines.
pub const FORMAT: &str = "sailau-registry/1";

/// Domain separation of the entry hash: no other Sailau hash starts with these bytes.
const DOMAIN: &[u8] = b"sailau/v1/registry-entry\n";

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry: an act, when and by whom, chained to the one before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Its place in the ledger, from 1.
    pub seq: u64,
    /// When the act was made, as the service's clock read it, in whole seconds (UTC).
    pub at: i64,
    /// Who made it.
    pub actor: Actor,
    /// What was done.
    pub act: Act,
    /// The hash of the entry before (64 lowercase hex digits; [`GENESIS`] for the first).
    #[schemars(extend("pattern" = "^[0-9a-f]{64}$"))]
    pub prev: String,
    /// SHA-256 of [`DOMAIN`] and this entry's canonical JSON without `hash`.
    #[schemars(extend("pattern" = "^[0-9a-f]{64}$"))]
    pub hash: String,
}

/// The fields an entry's hash covers, in their canonical order.
#[derive(Serialize)]
struct Hashed<'a> {
    format: &'static str,
    seq: u64,
    at: i64,
    actor: &'a Actor,
    act: &'a Act,
    prev: &'a str,
}

/// The hash of an entry with these fields.
pub fn hash(seq: u64, at: i64, actor: &Actor, act: &Act, prev: &str) -> String {
    let body = serde_json::to_vec(&Hashed {
        format: FORMAT,
        seq,
        at,
        actor,
        act,
        prev,
    })
    .expect("an entry serializes");
    let mut h = Sha256::new();
    h.update(DOMAIN);
    h.update(&body);
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

impl Entry {
    /// A new entry after `prev` (the last entry's hash, or [`GENESIS`]).
    pub fn new(seq: u64, at: Moment, actor: Actor, act: Act, prev: &str) -> Entry {
        let hash = hash(seq, at.0, &actor, &act, prev);
        Entry {
            seq,
            at: at.0,
            actor,
            act,
            prev: prev.to_string(),
            hash,
        }
    }

    /// When the act was made.
    pub fn moment(&self) -> Moment {
        Moment(self.at)
    }

    /// Whether the stored hash is the hash of the entry's fields.
    pub fn hash_holds(&self) -> bool {
        self.hash == hash(self.seq, self.at, &self.actor, &self.act, &self.prev)
    }
}

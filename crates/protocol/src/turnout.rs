//! A precinct's turnout as of a fixed hour of election day (docs/formats.md, "Turnout"):
//! the voters on its list and how many have received ballots by then, signed by the station
//! key. The CEC publishes turnout at fixed hours
//! ([`TURNOUT_HOURS`](sailau_law::election_day::TURNOUT_HOURS)); a station's snapshot for
//! an hour counts the voters before that hour, its own local time.

use serde::{Deserialize, Serialize};

/// The format tag of a turnout snapshot.
pub const TURNOUT_FORMAT: &str = "sailau-turnout/1";

/// The prefix that separates a turnout signature from every other signature in Sailau.
pub const TURNOUT_DOMAIN: &[u8] = b"sailau/v1/turnout\n";

/// A precinct's turnout as of a fixed hour of election day, as the station reports it to the
/// central service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Turnout {
    /// The format tag: exactly [`TURNOUT_FORMAT`].
    pub format: String,
    /// The election, by the definition's `election.id`.
    pub election: String,
    /// The precinct's id, as in the definition.
    pub precinct: String,
    /// "As of HH:00", local time at the station.
    pub hour: u8,
    /// Voters on the list.
    pub registered: u64,
    /// Voters who received ballots (paper, card or mobile box) before `hour`:00.
    pub voted: u64,
}

/// A turnout snapshot with the signature of the station key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedTurnout {
    /// The snapshot: what is signed, after [`TURNOUT_DOMAIN`].
    pub turnout: Turnout,
    /// The station's Ed25519 public key, lowercase hex.
    pub signer: String,
    /// Ed25519 over [`SignedTurnout::message`], lowercase hex.
    pub signature: String,
}

impl SignedTurnout {
    /// The bytes signed: the domain, then the snapshot's compact JSON.
    pub fn message(t: &Turnout) -> Vec<u8> {
        let mut m = TURNOUT_DOMAIN.to_vec();
        m.extend_from_slice(
            serde_json::to_string(t)
                .expect("a snapshot always serializes")
                .as_bytes(),
        );
        m
    }

    /// The signed snapshot as compact JSON with a final newline, as sent to the central
    /// service.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a snapshot always serializes") + "\n"
    }

    /// Reads a signed snapshot from JSON, strictly; the signature is not checked here.
    pub fn from_json(text: &str) -> Result<SignedTurnout, serde_json::Error> {
        serde_json::from_str(text)
    }
}

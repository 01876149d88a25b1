//! A precinct's turnout as of a fixed hour of election day (docs/formats.md, "Turnout"):
//! the voters on its list and how many have received ballots by then, signed by the station
//! key. The CEC publishes turnout at fixed hours
//! ([`TURNOUT_HOURS`](sailau_law::election_day::TURNOUT_HOURS)); a station's snapshot for
//! an hour counts the voters before that hour, its own local time.

use serde::{Deserialize, Serialize};

pub const TURNOUT_FORMAT: &str = "sailau-turnout/1";

/// The prefix that separates a turnout signature from every other signature in Sailau.
pub const TURNOUT_DOMAIN: &[u8] = b"sailau/v1/turnout\n";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Turnout {
    pub format: String,
    pub election: String,
    pub precinct: String,
    /// "As of HH:00", local time at the station.
    pub hour: u8,
    /// Voters on the list.
    pub registered: u64,
    /// Voters who received ballots (paper, card or mobile box) before `hour`:00.
    pub voted: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedTurnout {
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

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a snapshot always serializes") + "\n"
    }

    pub fn from_json(text: &str) -> Result<SignedTurnout, serde_json::Error> {
        serde_json::from_str(text)
    }
}

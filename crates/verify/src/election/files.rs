//! The files of an election record above the stations' own, read with this crate's types from
//! the documented formats (docs/formats.md, "Protocols" and "The election record"), not with
//! the code that wrote them. Each type serializes back in the documented key order, so that
//! a file can be held to its canonical form byte for byte.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The format tag of a protocol.
pub const PROTOCOL_FORMAT: &str = "sailau-protocol/2";

/// The prefix of a protocol's signed message.
pub const PROTOCOL_DOMAIN: &[u8] = b"sailau/v1/protocol\n";

/// One entry of `stations.json`.
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StationKey {
    pub precinct: String,
    pub public_key: String,
}

/// A protocol, read strictly.
#[derive(Deserialize, Serialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Protocol {
    pub format: String,
    pub election: String,
    pub definition: String,
    pub level: String,
    pub unit: String,
    pub precincts: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<Seal>,
    pub contests: Vec<Count>,
}

#[derive(Deserialize, Serialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Seal {
    pub closed_at: String,
    pub log_entries: u64,
    pub log_head: String,
    pub challenged: u64,
    pub missing: u64,
    pub tally: String,
}

#[derive(Deserialize, Serialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Count {
    pub contest: String,
    pub registered: u64,
    pub paper: Paper,
    pub electronic: Electronic,
    pub options: Vec<OptionCount>,
}

#[derive(Deserialize, Serialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Paper {
    pub received: u64,
    pub issued_station: u64,
    pub issued_mobile: u64,
    pub spoiled: u64,
    pub unused: u64,
    pub found_station: u64,
    pub found_mobile: u64,
    pub invalid: u64,
}

#[derive(Deserialize, Serialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct Electronic {
    pub issued: u64,
    pub cast: u64,
    pub blank: u64,
}

#[derive(Deserialize, Serialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct OptionCount {
    pub option: String,
    pub paper: u64,
    pub electronic: u64,
}

/// A precinct's `protocol.json`: the protocol with its station's signature.
#[derive(Deserialize, Serialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct SignedProtocol {
    pub protocol: Protocol,
    pub signer: String,
    pub signature: String,
}

impl SignedProtocol {
    /// The bytes the station signed: the domain, then the protocol in its canonical form.
    pub fn message(&self) -> Vec<u8> {
        let mut m = PROTOCOL_DOMAIN.to_vec();
        m.extend_from_slice(&pretty(&self.protocol));
        m
    }
}

impl Count {
    /// The twelve counts in a fixed order, for sums.
    pub fn fields(&self) -> [u64; 12] {
        let (p, e) = (&self.paper, &self.electronic);
        [
            self.registered,
            p.received,
            p.issued_station,
            p.issued_mobile,
            p.spoiled,
            p.unused,
            p.found_station,
            p.found_mobile,
            p.invalid,
            e.issued,
            e.cast,
            e.blank,
        ]
    }

    /// Ballots found in every box: everyone who took part.
    pub fn found(&self) -> u128 {
        u128::from(self.paper.found_station)
            + u128::from(self.paper.found_mobile)
            + u128::from(self.electronic.cast)
    }

    /// Invalid paper ballots and blank electronic ones.
    pub fn invalid(&self) -> u128 {
        u128::from(self.paper.invalid) + u128::from(self.electronic.blank)
    }

    /// The control relations (docs/formats.md), in u128.
    pub fn broken(&self) -> Vec<&'static str> {
        let n = u128::from;
        let (p, e) = (&self.paper, &self.electronic);
        let paper_votes: u128 = self.options.iter().map(|o| n(o.paper)).sum();
        let e_votes: u128 = self.options.iter().map(|o| n(o.electronic)).sum();
        let mut out = Vec::new();
        if n(p.received) != n(p.issued_station) + n(p.issued_mobile) + n(p.spoiled) + n(p.unused) {
            out.push("received = issued in the station + for the mobile box + spoiled + unused");
        }
        if p.found_station > p.issued_station || p.found_mobile > p.issued_mobile {
            out.push("ballots found in a box ≤ ballots issued for it");
        }
        if paper_votes + n(p.invalid) != n(p.found_station) + n(p.found_mobile) {
            out.push("paper votes + invalid = paper ballots found");
        }
        if e.cast > e.issued {
            out.push("electronic ballots cast ≤ cards issued");
        }
        if e_votes + n(e.blank) != n(e.cast) {
            out.push("electronic votes + blank = electronic ballots cast");
        }
        if n(p.issued_station) + n(p.issued_mobile) + n(e.issued) > n(self.registered) {
            out.push("ballots and cards issued ≤ voters on the list");
        }
        out
    }
}

/// Pretty JSON with a final newline: the canonical form of every `.json` file of the record.
pub fn pretty<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).expect("the record's types serialize");
    out.push(b'\n');
    out
}

/// Reads `bytes` as a `T`, and says whether they are its canonical form.
pub fn read<T: for<'de> Deserialize<'de> + Serialize>(bytes: &[u8]) -> Result<(T, bool), String> {
    let value: T = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let canonical = pretty(&value) == bytes;
    Ok((value, canonical))
}

/// What a file that is not in its canonical form is told.
pub const NOT_CANONICAL: &str =
    "not in its canonical form (pretty JSON, keys in the documented order, one final newline)";

/// The published totals of one station, as its `tally.json` has them, for checks that
/// compare protocols with records: only the counts are kept, not the proofs, so that a
/// country's tallies fit in memory. Read loosely: check 16 judges the file itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TallySummary {
    /// Challenged ballots.
    pub challenged: Option<u64>,
    /// Ballots missing from the devices' chains, all devices together.
    pub missing: u64,
    /// Per contest: its id, its ballots cast, and each option's decrypted count.
    pub contests: Vec<TalliedCounts>,
}

/// One contest of a [`TallySummary`]: its id, its ballots cast, and each option's decrypted
/// count (`u64::MAX` where unreadable).
pub type TalliedCounts = (String, Option<u64>, Vec<(String, u64)>);

/// Reads a `tally.json` loosely into its [`TallySummary`].
pub fn tally_summary(bytes: &[u8]) -> Option<TallySummary> {
    let t: Value = serde_json::from_slice(bytes).ok()?;
    let missing = t["devices"].as_array().map_or(0, |d| {
        d.iter()
            .map(|x| x["missing"].as_array().map_or(0, |m| m.len() as u64))
            .sum()
    });
    let contests = t["contests"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .map(|c| {
                    let counts = c["options"]
                        .as_array()
                        .map(|os| {
                            os.iter()
                                .map(|o| {
                                    (
                                        o["option"].as_str().unwrap_or("").to_string(),
                                        o["count"].as_u64().unwrap_or(u64::MAX),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    (
                        c["contest"].as_str().unwrap_or("").to_string(),
                        c["ballots"].as_u64(),
                        counts,
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Some(TallySummary {
        challenged: t["challenged"].as_u64(),
        missing,
        contests,
    })
}

//! `sailau-protocol`: the protocol of a precinct commission (the count it signs and posts at
//! the station), and the summary protocols of the commissions above it, which add the
//! protocols of the level below (docs/formats.md, "Protocols").
//!
//! A protocol counts, per contest, the voters on the list, the paper ballots (received, issued
//! in the station and for the mobile box, spoiled, unused, found in the boxes, invalid) and the
//! electronic ones (cards issued, ballots cast, blank), and the votes for each option on paper
//! and electronically. Its control relations ([`ContestCount::violations`]) are what a
//! commission checks before signing; they are linear, so they hold for a sum whenever they
//! hold for every part, and a summary protocol is checked the same way.
//!
//! No I/O, and no cryptography: signing is the station's, checking the verifier's.

#![warn(missing_docs)]

mod certificate;
mod shape;
mod text;
mod turnout;

pub use certificate::{
    Act, CertificateNotice, SignedCertificateNotice, CERTIFICATE_DOMAIN, CERTIFICATE_FORMAT,
};
pub use shape::shape_problems;
pub use text::{counts, labels, render};
pub use turnout::{SignedTurnout, Turnout, TURNOUT_DOMAIN, TURNOUT_FORMAT};

use serde::{Deserialize, Serialize};

/// The format tag of a protocol.
pub const FORMAT: &str = "sailau-protocol/2";

/// Which commission's protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// A precinct commission: the count of one polling station, signed by its station key.
    Precinct,
    /// A territorial commission: a region, a city, a district, or the stations abroad.
    Territorial,
    /// The Central Election Commission: the count of the whole country.
    National,
}

/// A protocol. Counts are whole numbers; sums are formed in `u128` and refused if they do not
/// fit back in `u64`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Protocol {
    /// The format tag: exactly [`FORMAT`].
    pub format: String,
    /// The election, by the definition's `election.id`.
    pub election: String,
    /// The SHA-256 of the election definition the count is read with, lowercase hex
    /// (docs/formats.md, "The digest"): a signature on the protocol is a signature on the
    /// labels, seats and units of that definition too.
    pub definition: String,
    /// Which commission's count this is: a precinct's, a territorial one's or the nation's.
    pub level: Level,
    /// The precinct, the unit, or `national`.
    pub unit: String,
    /// How many precinct protocols this one adds up (1 for a precinct's own).
    pub precincts: u64,
    /// A precinct's electronic ballot box, as sealed at closing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<StationSeal>,
    /// One count per contest; for a precinct, its ballot style's contests in style order.
    pub contests: Vec<ContestCount>,
}

/// What a precinct protocol says of its electronic ballot box: when it closed, and the
/// entries and head of its hash-chained log (docs/protocol.md §15), which bind every ballot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StationSeal {
    /// RFC 3339, UTC.
    pub closed_at: String,
    /// The number of entries in the box's ballot log: its ballots, cast and challenged.
    pub log_entries: u64,
    /// Lowercase hex.
    pub log_head: String,
    /// Of the log's entries, ballots challenged (published opened, never counted).
    pub challenged: u64,
    /// Ballots the terminals encrypted that never reached the box (docs/protocol.md §7.4).
    pub missing: u64,
    /// The SHA-256 of the station's `tally.json`, lowercase hex: the signature then covers
    /// every byte of it, the declared chains of §7.4 included, which no other check can
    /// recompute (a missing last ballot's code).
    pub tally: String,
}

/// One contest's count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestCount {
    /// The contest's id, as in the definition.
    pub contest: String,
    /// Voters on the list for this contest at closing, absentee voters who came included and
    /// voters who left with a certificate excluded.
    pub registered: u64,
    /// The contest's paper ballots, from receipt to the count of the boxes.
    pub paper: PaperCount,
    /// The contest's electronic ballots: cards issued, ballots cast, blank ones.
    pub electronic: ElectronicCount,
    /// One line per option in ballot order, "against all" last.
    pub options: Vec<OptionCount>,
}

/// Paper ballots of one contest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaperCount {
    /// Paper ballots received from the territorial commission.
    pub received: u64,
    /// Voters given paper ballots in the station.
    pub issued_station: u64,
    /// Voters given paper ballots for the mobile box.
    pub issued_mobile: u64,
    /// Spoiled paper ballots, accounted apart from those issued and those unused.
    pub spoiled: u64,
    /// Paper ballots left unused at closing.
    pub unused: u64,
    /// Paper ballots found in the stationary boxes.
    pub found_station: u64,
    /// Paper ballots found in the mobile box.
    pub found_mobile: u64,
    /// Invalid ballots among those found in the stationary and mobile boxes.
    pub invalid: u64,
}

/// Electronic ballots of one contest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectronicCount {
    /// Cards issued at the desk that carried this contest.
    pub issued: u64,
    /// Ballots cast into the electronic box that carried it.
    pub cast: u64,
    /// Of those, with no mark in this contest: invalid, as a blank paper ballot is.
    pub blank: u64,
}

/// One line of a contest's count: an option's valid votes, on paper and electronically.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionCount {
    /// The option's id, as in the manifest: `against-all` for "against all".
    pub option: String,
    /// Valid votes for the option on paper ballots, stationary and mobile boxes together.
    pub paper: u64,
    /// Valid votes for the option in the electronic box.
    pub electronic: u64,
}

impl OptionCount {
    /// The option's valid votes on paper and in the electronic box together.
    pub fn votes(&self) -> u128 {
        u128::from(self.paper) + u128::from(self.electronic)
    }
}

impl ContestCount {
    /// Ballots found in every box, paper and electronic: everyone who took part.
    pub fn ballots_found(&self) -> u128 {
        u128::from(self.paper.found_station)
            + u128::from(self.paper.found_mobile)
            + u128::from(self.electronic.cast)
    }

    /// Invalid paper ballots and blank electronic ones.
    pub fn invalid(&self) -> u128 {
        u128::from(self.paper.invalid) + u128::from(self.electronic.blank)
    }

    /// The control relations a commission checks before it signs, each broken one named with
    /// both sides. Empty when the count adds up.
    pub fn violations(&self) -> Vec<String> {
        self.broken()
            .iter()
            .map(|b| format!("contest {}: {b}", self.contest))
            .collect()
    }

    /// The control relations that do not hold, with the figures on both sides, for a reader
    /// to name in their own language.
    pub fn broken(&self) -> Vec<Broken> {
        let p = &self.paper;
        let e = &self.electronic;
        let n = u128::from;
        let mut out = Vec::new();
        let issued_paper = n(p.issued_station) + n(p.issued_mobile);
        if n(p.received) != issued_paper + n(p.spoiled) + n(p.unused) {
            out.push(Broken::PaperAccounted {
                received: p.received,
                issued_station: p.issued_station,
                issued_mobile: p.issued_mobile,
                spoiled: p.spoiled,
                unused: p.unused,
            });
        }
        if p.found_station > p.issued_station {
            out.push(Broken::FoundStation {
                found: p.found_station,
                issued: p.issued_station,
            });
        }
        if p.found_mobile > p.issued_mobile {
            out.push(Broken::FoundMobile {
                found: p.found_mobile,
                issued: p.issued_mobile,
            });
        }
        let paper_votes: u128 = self.options.iter().map(|o| n(o.paper)).sum();
        let found = n(p.found_station) + n(p.found_mobile);
        if paper_votes + n(p.invalid) != found {
            out.push(Broken::PaperVotes {
                votes: paper_votes,
                invalid: p.invalid,
                found,
            });
        }
        if e.cast > e.issued {
            out.push(Broken::CastIssued {
                cast: e.cast,
                issued: e.issued,
            });
        }
        let e_votes: u128 = self.options.iter().map(|o| n(o.electronic)).sum();
        if e_votes + n(e.blank) != n(e.cast) {
            out.push(Broken::ElectronicVotes {
                votes: e_votes,
                blank: e.blank,
                cast: e.cast,
            });
        }
        let issued = issued_paper + n(e.issued);
        if issued > n(self.registered) {
            out.push(Broken::IssuedList {
                issued,
                registered: self.registered,
            });
        }
        out
    }
}

/// A control relation of a contest's count that does not hold (the seven relations of
/// [`ContestCount::broken`]), with its figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Broken {
    /// Paper received ≠ issued in the station + for the mobile box + spoiled + unused.
    PaperAccounted {
        /// Paper ballots received from the territorial commission.
        received: u64,
        /// Voters given paper ballots in the station.
        issued_station: u64,
        /// Voters given paper ballots for the mobile box.
        issued_mobile: u64,
        /// Spoiled paper ballots, accounted apart from those issued and those unused.
        spoiled: u64,
        /// Paper ballots left unused at closing.
        unused: u64,
    },
    /// Found in the stationary boxes > issued in the station.
    FoundStation {
        /// Paper ballots found in the stationary boxes.
        found: u64,
        /// Voters given paper ballots in the station.
        issued: u64,
    },
    /// Found in the mobile box > issued for it.
    FoundMobile {
        /// Paper ballots found in the mobile box.
        found: u64,
        /// Voters given paper ballots for the mobile box.
        issued: u64,
    },
    /// Paper votes + invalid ≠ paper ballots found.
    PaperVotes {
        /// The options' valid paper votes, added up.
        votes: u128,
        /// Invalid ballots among those found in the stationary and mobile boxes.
        invalid: u64,
        /// Paper ballots found in the stationary boxes and the mobile box.
        found: u128,
    },
    /// Electronic ballots cast > cards issued.
    CastIssued {
        /// Ballots cast into the electronic box that carry the contest.
        cast: u64,
        /// Cards issued at the desk that carried the contest.
        issued: u64,
    },
    /// Electronic votes + blank ≠ electronic ballots cast.
    ElectronicVotes {
        /// The options' valid electronic votes, added up.
        votes: u128,
        /// Electronic ballots with no mark in the contest.
        blank: u64,
        /// Ballots cast into the electronic box that carry the contest.
        cast: u64,
    },
    /// Ballots and cards issued > voters on the list.
    IssuedList {
        /// Voters given paper ballots (in the station or for the mobile box) or a card.
        issued: u128,
        /// Voters on the list for the contest at closing.
        registered: u64,
    },
}

impl Broken {
    /// Whether the relation is about paper ballots and the list alone: what a count of the
    /// paper can check before the electronic totals are decrypted.
    pub fn is_paper(&self) -> bool {
        !matches!(
            self,
            Broken::CastIssued { .. } | Broken::ElectronicVotes { .. }
        )
    }
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Broken::PaperAccounted { received, issued_station, issued_mobile, spoiled, unused } => write!(
                f,
                "paper ballots received ({received}) ≠ issued in the station ({issued_station}) + for the mobile box ({issued_mobile}) + spoiled ({spoiled}) + unused ({unused})"
            ),
            Broken::FoundStation { found, issued } => write!(
                f,
                "ballots found in the stationary boxes ({found}) > ballots issued in the station ({issued})"
            ),
            Broken::FoundMobile { found, issued } => write!(
                f,
                "ballots found in the mobile box ({found}) > ballots issued for it ({issued})"
            ),
            Broken::PaperVotes { votes, invalid, found } => write!(
                f,
                "paper votes ({votes}) + invalid ({invalid}) ≠ paper ballots found ({found})"
            ),
            Broken::CastIssued { cast, issued } => write!(
                f,
                "electronic ballots cast ({cast}) > cards issued ({issued})"
            ),
            Broken::ElectronicVotes { votes, blank, cast } => write!(
                f,
                "electronic votes ({votes}) + blank ({blank}) ≠ electronic ballots cast ({cast})"
            ),
            Broken::IssuedList { issued, registered } => write!(
                f,
                "ballots and cards issued ({issued}) > voters on the list ({registered})"
            ),
        }
    }
}

/// Why protocols cannot be added up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SumError {
    /// A part is the protocol of another election than the one being summed.
    #[error("protocol of {unit} is of election {found}, not {expected}")]
    Election {
        /// The unit of the part at fault.
        unit: String,
        /// The election being summed.
        expected: String,
        /// The election the part names.
        found: String,
    },
    /// A part was counted with another definition than the one being summed (its digest).
    #[error("protocol of {unit} names the definition {found}, not {expected}")]
    Definition {
        /// The unit of the part at fault.
        unit: String,
        /// The digest of the definition being summed.
        expected: String,
        /// The digest the part names.
        found: String,
    },
    /// A contest's options (their ids or their order) differ from those of an earlier part.
    #[error("contest {contest}: the options differ between protocols ({unit})")]
    Options {
        /// The contest whose options differ.
        contest: String,
        /// The unit of the first part whose options differ from the earlier parts'.
        unit: String,
    },
    /// A count of the sum, or an option's votes, does not fit in 64 bits.
    #[error("contest {contest}: a count exceeds 18,446,744,073,709,551,615")]
    Overflow {
        /// The contest whose sum overflows.
        contest: String,
    },
}

impl Protocol {
    /// Every broken control relation of every contest.
    pub fn violations(&self) -> Vec<String> {
        self.contests
            .iter()
            .flat_map(ContestCount::violations)
            .collect()
    }

    /// The count of the contest with this id; none if the protocol does not count it.
    pub fn contest(&self, id: &str) -> Option<&ContestCount> {
        self.contests.iter().find(|c| c.contest == id)
    }

    /// The protocol as pretty JSON with a final newline: the form that is signed, posted and
    /// published.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a protocol always serializes") + "\n"
    }

    /// Reads a protocol from JSON, strictly: an unknown field is an error. The control
    /// relations are not checked here ([`Protocol::violations`]).
    pub fn from_json(text: &str) -> Result<Protocol, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The summary protocol of `unit` at `level`: the sum of `parts`, contest by contest, in
    /// the order contests first appear. The parts must be of one election and one definition
    /// (its digest, `definition`), and agree on each contest's options.
    pub fn sum(
        election: &str,
        definition: &str,
        level: Level,
        unit: &str,
        parts: &[&Protocol],
    ) -> Result<Protocol, SumError> {
        let mut contests: Vec<[u128; 12]> = Vec::new();
        let mut shapes: Vec<(String, Vec<String>, Vec<[u128; 2]>)> = Vec::new();
        let mut precincts = 0u128;
        for part in parts {
            if part.election != election {
                return Err(SumError::Election {
                    unit: part.unit.clone(),
                    expected: election.into(),
                    found: part.election.clone(),
                });
            }
            if part.definition != definition {
                return Err(SumError::Definition {
                    unit: part.unit.clone(),
                    expected: definition.into(),
                    found: part.definition.clone(),
                });
            }
            precincts += u128::from(part.precincts);
            for c in &part.contests {
                let options: Vec<String> = c.options.iter().map(|o| o.option.clone()).collect();
                let i = match shapes.iter().position(|(id, ..)| *id == c.contest) {
                    Some(i) => i,
                    None => {
                        shapes.push((
                            c.contest.clone(),
                            options.clone(),
                            vec![[0; 2]; options.len()],
                        ));
                        contests.push([0; 12]);
                        shapes.len() - 1
                    }
                };
                if shapes[i].1 != options {
                    return Err(SumError::Options {
                        contest: c.contest.clone(),
                        unit: part.unit.clone(),
                    });
                }
                let (p, e) = (&c.paper, &c.electronic);
                let fields = [
                    c.registered,
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
                ];
                for (sum, x) in contests[i].iter_mut().zip(fields) {
                    *sum += u128::from(x);
                }
                for (sum, o) in shapes[i].2.iter_mut().zip(&c.options) {
                    sum[0] += u128::from(o.paper);
                    sum[1] += u128::from(o.electronic);
                }
            }
        }
        let fit = |x: u128, contest: &str| {
            u64::try_from(x).map_err(|_| SumError::Overflow {
                contest: contest.into(),
            })
        };
        let mut out = Vec::new();
        for (sums, (id, options, votes)) in contests.iter().zip(&shapes) {
            let f = |k: usize| fit(sums[k], id);
            out.push(ContestCount {
                contest: id.clone(),
                registered: f(0)?,
                paper: PaperCount {
                    received: f(1)?,
                    issued_station: f(2)?,
                    issued_mobile: f(3)?,
                    spoiled: f(4)?,
                    unused: f(5)?,
                    found_station: f(6)?,
                    found_mobile: f(7)?,
                    invalid: f(8)?,
                },
                electronic: ElectronicCount {
                    issued: f(9)?,
                    cast: f(10)?,
                    blank: f(11)?,
                },
                options: options
                    .iter()
                    .zip(votes)
                    .map(|(o, v)| {
                        Ok(OptionCount {
                            option: o.clone(),
                            paper: fit(v[0], id)?,
                            electronic: fit(v[1], id)?,
                        })
                    })
                    .collect::<Result<_, SumError>>()?,
            });
        }
        Ok(Protocol {
            format: FORMAT.into(),
            election: election.into(),
            definition: definition.into(),
            level,
            unit: unit.into(),
            precincts: u64::try_from(precincts).map_err(|_| SumError::Overflow {
                contest: "precincts".into(),
            })?,
            station: None,
            contests: out,
        })
    }
}

/// A protocol with the signature of the commission that adopted it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedProtocol {
    /// The protocol the commission adopted: what is signed, after [`SIGNATURE_DOMAIN`].
    pub protocol: Protocol,
    /// The signer's Ed25519 public key, lowercase hex.
    pub signer: String,
    /// Ed25519 over [`SignedProtocol::message`], lowercase hex.
    pub signature: String,
}

/// The prefix that separates a protocol's signature from every other signature in Sailau.
pub const SIGNATURE_DOMAIN: &[u8] = b"sailau/v1/protocol\n";

impl SignedProtocol {
    /// The bytes signed: the domain, then the protocol's JSON exactly as [`Protocol::to_json`]
    /// writes it.
    pub fn message(protocol: &Protocol) -> Vec<u8> {
        let mut m = SIGNATURE_DOMAIN.to_vec();
        m.extend_from_slice(protocol.to_json().as_bytes());
        m
    }

    /// The signed protocol as pretty JSON with a final newline: the form that is published.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a protocol always serializes") + "\n"
    }

    /// Reads a signed protocol from JSON, strictly; the signature is not checked here.
    pub fn from_json(text: &str) -> Result<SignedProtocol, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// The prefix of a station's signature on the upload of its record (its ballot log and its
/// decrypted tally) to the central service.
pub const RECORD_UPLOAD_DOMAIN: &[u8] = b"sailau/v1/record-upload\n";

/// The bytes a station signs to upload its record: the domain, the precinct, then the
/// SHA-256 of `ballots.jsonl` and of `tally.json`, so the signature binds both files whole.
pub fn record_upload_message(precinct: &str, ballots: &[u8], tally: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let mut m = RECORD_UPLOAD_DOMAIN.to_vec();
    m.extend_from_slice(&(precinct.len() as u64).to_be_bytes());
    m.extend_from_slice(precinct.as_bytes());
    m.extend_from_slice(&Sha256::digest(ballots));
    m.extend_from_slice(&Sha256::digest(tally));
    m
}

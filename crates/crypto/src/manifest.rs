//! What the cryptography needs to know of an election (docs/protocol.md §5.3): its contests,
//! each with its options and the allowed number of marks, and its ballot styles. Nothing about
//! parties, districts or law: those belong to the election definition, which maps onto this.

use sailau_group::{domain, Transcript};
use serde::{Deserialize, Serialize};

/// A contest as the ballot sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestSpec {
    pub id: String,
    /// Option ids in ballot order. "Against all" is an ordinary option.
    pub options: Vec<String>,
    /// The fewest marks a valid ballot may carry (0 allows a blank).
    pub min: u64,
    /// The most marks a valid ballot may carry.
    pub max: u64,
}

/// A ballot style: the contests one voter receives, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BallotStyle {
    pub id: String,
    pub contests: Vec<String>,
}

/// The election's cryptographic manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub election: String,
    pub name: String,
    pub date: String,
    pub contests: Vec<ContestSpec>,
    pub styles: Vec<BallotStyle>,
}

/// A manifest or parameter that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    #[error("id '{0}' is used twice")]
    DuplicateId(String),
    #[error("an id is empty")]
    EmptyId,
    #[error("contest '{0}': min ≤ max ≤ number of options does not hold")]
    Range(String),
    #[error("ballot style '{style}' names the unknown contest '{contest}'")]
    UnknownContest { style: String, contest: String },
    #[error("the quorum must be between 1 and the number of guardians ({n}); it is {k}")]
    Quorum { n: u32, k: u32 },
}

impl Manifest {
    /// Checks ids and ranges.
    pub fn validate(&self) -> Result<(), ManifestError> {
        let mut seen = std::collections::BTreeSet::new();
        let mut unique = |id: &str, scope: &str| {
            if id.is_empty() {
                return Err(ManifestError::EmptyId);
            }
            if !seen.insert(format!("{scope}/{id}")) {
                return Err(ManifestError::DuplicateId(id.to_string()));
            }
            Ok(())
        };
        for c in &self.contests {
            unique(&c.id, "contest")?;
            for o in &c.options {
                unique(o, &c.id)?;
            }
            if c.min > c.max || c.max > c.options.len() as u64 {
                return Err(ManifestError::Range(c.id.clone()));
            }
        }
        for s in &self.styles {
            unique(&s.id, "style")?;
            for c in &s.contests {
                unique(c, &format!("style {}", s.id))?;
                if self.contest(c).is_none() {
                    return Err(ManifestError::UnknownContest {
                        style: s.id.clone(),
                        contest: c.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    pub fn contest(&self, id: &str) -> Option<&ContestSpec> {
        self.contests.iter().find(|c| c.id == id)
    }

    pub fn style(&self, id: &str) -> Option<&BallotStyle> {
        self.styles.iter().find(|s| s.id == id)
    }

    /// The election base hash H_B (§3.2) over this manifest and the guardian parameters.
    pub fn base_hash(&self, guardians: u32, quorum: u32) -> [u8; 32] {
        let mut t = Transcript::new(domain::BASE_HASH);
        t.bytes(b"election", self.election.as_bytes());
        t.bytes(b"name", self.name.as_bytes());
        t.bytes(b"date", self.date.as_bytes());
        t.u64(b"contests", self.contests.len() as u64);
        for c in &self.contests {
            t.bytes(b"contest", c.id.as_bytes());
            t.u64(b"options", c.options.len() as u64);
            for o in &c.options {
                t.bytes(b"option", o.as_bytes());
            }
            t.u64(b"min", c.min);
            t.u64(b"max", c.max);
        }
        t.u64(b"styles", self.styles.len() as u64);
        for s in &self.styles {
            t.bytes(b"style", s.id.as_bytes());
            t.u64(b"style-contests", s.contests.len() as u64);
            for c in &s.contests {
                t.bytes(b"contest", c.as_bytes());
            }
        }
        t.u64(b"guardians", u64::from(guardians));
        t.u64(b"quorum", u64::from(quorum));
        t.digest(b"base-hash")
    }
}

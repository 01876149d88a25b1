//! What the cryptography needs to know of an election (docs/protocol.md §5.3): its contests,
//! each with its options and the allowed number of marks, and its ballot styles. Nothing about
//! parties, districts or law: those belong to the election definition, which maps onto this.

use sailau_group::{domain, from_hex32, to_hex, Transcript};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The SHA-256 of the published election definition (docs/formats.md, "The digest"): the
/// manifest names the document it was derived from, and H_B binds it (§3.2), so the labels,
/// seats and units a result is read with cannot change once the key ceremony has run.
/// Written as 64 lowercase hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DefinitionDigest(pub [u8; 32]);

impl Serialize for DefinitionDigest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_hex(&self.0))
    }
}

impl<'de> Deserialize<'de> for DefinitionDigest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        from_hex32(&s)
            .map(DefinitionDigest)
            .map_err(serde::de::Error::custom)
    }
}

impl std::fmt::Display for DefinitionDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&to_hex(&self.0))
    }
}

/// A contest as the ballot sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContestSpec {
    /// The contest's id: non-empty, unique among the contests (§5.3).
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
    /// The style's id: non-empty, unique among the styles (§5.3).
    pub id: String,
    /// The ids of its contests, in ballot order, each at most once.
    pub contests: Vec<String>,
}

/// The election's cryptographic manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The election's id, bound into H_B (§3.2).
    pub election: String,
    /// The election's human-readable name, bound into H_B.
    pub name: String,
    /// The election day (e.g. `2023-03-19`), bound into H_B.
    pub date: String,
    /// The election definition this manifest was derived from.
    pub definition: DefinitionDigest,
    /// Every contest of the election, in manifest order.
    pub contests: Vec<ContestSpec>,
    /// Every ballot style of the election.
    pub styles: Vec<BallotStyle>,
}

/// A manifest or parameter that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    /// Two contests or two styles share an id, a contest repeats an option id, or a style
    /// names a contest twice.
    #[error("id '{0}' is used twice")]
    DuplicateId(String),
    /// A contest, option or style id is empty.
    #[error("an id is empty")]
    EmptyId,
    /// A contest's min ≤ max ≤ number of options does not hold.
    #[error("contest '{0}': min ≤ max ≤ number of options does not hold")]
    Range(String),
    /// A ballot style names a contest the manifest does not have.
    #[error("ballot style '{style}' names the unknown contest '{contest}'")]
    UnknownContest {
        /// The style at fault.
        style: String,
        /// The contest id it names.
        contest: String,
    },
    /// The quorum k is not in 1..=n (§4.1).
    #[error("the quorum must be between 1 and the number of guardians ({n}); it is {k}")]
    Quorum {
        /// n, the number of guardians.
        n: u32,
        /// The quorum asked for.
        k: u32,
    },
}

impl Manifest {
    /// Checks ids and ranges.
    pub fn validate(&self) -> Result<(), ManifestError> {
        // Keyed by (kind of id, owner, id), never by a joined string, so that no id can
        // collide with another scope's (the options of a contest called "style", say).
        let mut seen = std::collections::BTreeSet::new();
        let mut unique = |kind: u8, owner: &str, id: &str| {
            if id.is_empty() {
                return Err(ManifestError::EmptyId);
            }
            if !seen.insert((kind, owner.to_string(), id.to_string())) {
                return Err(ManifestError::DuplicateId(id.to_string()));
            }
            Ok(())
        };
        for c in &self.contests {
            unique(0, "", &c.id)?;
            for o in &c.options {
                unique(1, &c.id, o)?;
            }
            if c.min > c.max || c.max > c.options.len() as u64 {
                return Err(ManifestError::Range(c.id.clone()));
            }
        }
        for s in &self.styles {
            unique(2, "", &s.id)?;
            for c in &s.contests {
                unique(3, &s.id, c)?;
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

    /// The contest with this id, if the manifest has one.
    pub fn contest(&self, id: &str) -> Option<&ContestSpec> {
        self.contests.iter().find(|c| c.id == id)
    }

    /// The ballot style with this id, if the manifest has one.
    pub fn style(&self, id: &str) -> Option<&BallotStyle> {
        self.styles.iter().find(|s| s.id == id)
    }

    /// The election base hash H_B (§3.2) over this manifest and the guardian parameters.
    pub fn base_hash(&self, guardians: u32, quorum: u32) -> [u8; 32] {
        let mut t = Transcript::new(domain::BASE_HASH);
        t.bytes(b"election", self.election.as_bytes());
        t.bytes(b"name", self.name.as_bytes());
        t.bytes(b"date", self.date.as_bytes());
        t.bytes(b"definition", &self.definition.0);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(contest: &str, options: &[&str], style: &str) -> Manifest {
        Manifest {
            election: "e".into(),
            name: "e".into(),
            date: "2023-03-19".into(),
            definition: DefinitionDigest([0; 32]),
            contests: vec![ContestSpec {
                id: contest.into(),
                options: options.iter().map(|o| o.to_string()).collect(),
                min: 0,
                max: 1,
            }],
            styles: vec![BallotStyle {
                id: style.into(),
                contests: vec![contest.into()],
            }],
        }
    }

    #[test]
    fn ids_of_different_scopes_never_collide() {
        // Options of a contest named "style" share nothing with the style ids.
        assert_eq!(manifest("style", &["a", "b"], "a").validate(), Ok(()));
        assert_eq!(
            manifest("contest", &["contest"], "contest").validate(),
            Ok(())
        );
        assert_eq!(
            manifest("list", &["a", "a"], "s").validate(),
            Err(ManifestError::DuplicateId("a".into()))
        );
    }
}

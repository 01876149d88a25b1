//! The hand counts: what a public count of each sampled precinct's paper found, contest by
//! contest (format `sailau-hand-counts/1`, docs/formats.md, "Hand counts").

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The format tag of a file of hand counts.
pub const COUNTS_FORMAT: &str = "sailau-hand-counts/1";

/// Hand counts of some precincts' paper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HandCounts {
    /// Exactly [`COUNTS_FORMAT`].
    #[schemars(extend("const" = COUNTS_FORMAT))]
    pub format: String,
    /// The election's id.
    pub election: String,
    /// The definition's digest.
    pub definition: String,
    /// One entry per precinct counted, each precinct once.
    pub precincts: Vec<PrecinctCount>,
}

/// One precinct's paper, counted by hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrecinctCount {
    /// The precinct.
    pub precinct: String,
    /// Each contest counted, each once.
    pub contests: Vec<ContestHandCount>,
}

/// One contest's paper ballots of one precinct, counted by hand: the stationary and the
/// mobile boxes together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContestHandCount {
    /// The contest.
    pub contest: String,
    /// Valid votes for each option, every option of the ballot in its order, "against all"
    /// last.
    pub options: Vec<OptionHandCount>,
    /// Invalid ballots.
    pub invalid: u64,
}

/// One option's votes in a hand count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionHandCount {
    /// The option's id.
    pub option: String,
    /// Its votes.
    pub votes: u64,
}

/// A file of hand counts that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CountsError(pub String);

impl HandCounts {
    /// Reads and checks a file's text: its format ([`HandCounts::read`]), and each precinct
    /// and contest once ([`HandCounts::check`]).
    pub fn parse(text: &str) -> Result<HandCounts, CountsError> {
        let c = HandCounts::read(text)?;
        c.check()?;
        Ok(c)
    }

    /// Reads a file's text as hand counts of this format, without checking what they say.
    pub fn read(text: &str) -> Result<HandCounts, CountsError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let c: HandCounts = serde_path_to_error::deserialize(de)
            .map_err(|e| CountsError(format!("{}: {}", e.path(), e.inner())))?;
        if c.format != COUNTS_FORMAT {
            return Err(CountsError(format!(
                "format: \"{}\", expected \"{COUNTS_FORMAT}\"",
                c.format
            )));
        }
        Ok(c)
    }

    /// Checks that each precinct, and each contest of a precinct, is counted once.
    pub fn check(&self) -> Result<(), CountsError> {
        let mut seen = BTreeSet::new();
        for p in &self.precincts {
            if !seen.insert(&p.precinct) {
                return Err(CountsError(format!(
                    "precinct {} is counted twice",
                    p.precinct
                )));
            }
            let mut contests = BTreeSet::new();
            for k in &p.contests {
                if !contests.insert(&k.contest) {
                    return Err(CountsError(format!(
                        "precinct {}: contest {} is counted twice",
                        p.precinct, k.contest
                    )));
                }
            }
        }
        Ok(())
    }

    /// The file's text: pretty JSON and a newline.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("counts serialize") + "\n"
    }

    /// The count of `contest` at `precinct`, if it was counted.
    pub fn of(&self, precinct: &str, contest: &str) -> Option<&ContestHandCount> {
        self.precincts
            .iter()
            .find(|p| p.precinct == precinct)?
            .contests
            .iter()
            .find(|c| c.contest == contest)
    }
}

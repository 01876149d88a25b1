//! The `sailau-results/1` file: an election's tallies, one contest each (docs/formats.md).
//!
//! Reading is strict. Unknown fields are refused, because a misspelt `against_al` would
//! otherwise read as "not on the ballot" and change the base of every share. Every error names
//! the field, as a path like `contests[0].options[2].votes`.

use crate::FormatError;
use sailau_law::{Body, Choice, Contest, ContestKind, Date, RegionTally};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

/// The format this module reads.
pub const FORMAT: &str = "sailau-results/1";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRecord {
    /// Checked before the full parse.
    #[serde(rename = "format")]
    _format: serde::de::IgnoredAny,
    election: ElectionRecord,
    #[serde(default)]
    source: Option<String>,
    contests: Vec<ContestRecord>,
    #[serde(default)]
    notes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ElectionRecord {
    name: String,
    kind: String,
    date: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContestRecord {
    id: String,
    kind: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    council: Option<String>,
    #[serde(default)]
    seats: Option<u32>,
    #[serde(default)]
    round: Option<u8>,
    #[serde(default)]
    registered: Option<u64>,
    #[serde(default)]
    ballots_cast: Option<u64>,
    #[serde(default)]
    invalid: Option<u64>,
    #[serde(default)]
    against_all: Option<u64>,
    options: Vec<OptionRecord>,
    #[serde(default)]
    constitutional: Option<bool>,
    #[serde(default)]
    regions: Vec<RegionRecord>,
    #[serde(default)]
    expected: Option<Expected>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionRecord {
    id: String,
    name: String,
    registration_order: u32,
    votes: u64,
    #[serde(default)]
    party: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionRecord {
    id: String,
    /// For the person reading the file; the law needs only the counts.
    #[serde(default)]
    #[allow(dead_code)]
    name: Option<String>,
    #[serde(default)]
    registered: Option<u64>,
    ballots_cast: u64,
    #[serde(default)]
    invalid: Option<u64>,
    yes: u64,
    no: u64,
}

/// The outcome a file says it should have: the official result, for `--check`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The official outcome's name (`elected`, `allocated`, …), as in the results JSON.
    #[serde(default)]
    pub outcome: Option<String>,
    /// The id of the option that won.
    #[serde(default)]
    pub winner: Option<String>,
    /// The ids of the two options that went to a second round, in either order.
    #[serde(default)]
    pub runoff: Option<[String; 2]>,
    /// Party lists: seats won per option id; an option left out won none.
    #[serde(default)]
    pub seats: Option<BTreeMap<String, u32>>,
}

/// One contest as read: the tally the law decides on, its display name, and the expected
/// outcome if the file gives one.
#[derive(Debug, Clone)]
pub struct ContestEntry {
    /// The tally the law engine decides on.
    pub contest: Contest,
    /// The contest's display name, if the file gives one.
    pub name: Option<String>,
    /// The council the contest elects to (a maslikhat's unit); none for a chamber of
    /// Parliament. A body's make-up is counted per council.
    pub council: Option<String>,
    /// Each option's party, in option order: the party whose list it is, or whose candidate
    /// stands on it; `None` for a self-nominated candidate (or a list that names none, whose
    /// party is then its id).
    pub parties: Vec<Option<String>>,
    /// The official outcome the file records, for `--check`.
    pub expected: Option<Expected>,
}

/// A whole results file, checked.
#[derive(Debug, Clone)]
pub struct ResultsFile {
    /// The election's display name (`election.name`).
    pub name: String,
    /// The body elected (`election.kind`); with the date, it picks the legal edition.
    pub body: Body,
    /// Election day (`election.date`).
    pub date: Date,
    /// Where the figures come from, for people.
    pub source: Option<String>,
    /// Free-text notes, for people.
    pub notes: Vec<String>,
    /// The contests, in file order, each checked.
    pub contests: Vec<ContestEntry>,
}

fn err(field: impl Into<String>, message: impl Into<String>) -> FormatError {
    FormatError {
        field: field.into(),
        message: message.into(),
    }
}

impl ResultsFile {
    /// Reads and checks a results file's text.
    pub fn parse(text: &str) -> Result<ResultsFile, FormatError> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| err("(document)", format!("not valid JSON: {e}")))?;
        // The version first: a newer file deserves "unknown format", not a list of odd fields.
        match value.get("format") {
            Some(serde_json::Value::String(f)) if f == FORMAT => {}
            Some(serde_json::Value::String(f)) => {
                return Err(err(
                    "format",
                    format!("unknown format {f:?}; this version of sailau reads {FORMAT:?}"),
                ));
            }
            Some(_) => return Err(err("format", format!("must be the string {FORMAT:?}"))),
            None => return Err(err("format", format!("is missing; expected {FORMAT:?}"))),
        }
        // Parsed again from the text, not the value, so that number errors keep serde's
        // words ("invalid value: integer `-5`, expected u64").
        let mut de = serde_json::Deserializer::from_str(text);
        let record: FileRecord = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            err(
                if path == "." {
                    "(document)".to_string()
                } else {
                    path
                },
                explain(e.into_inner().to_string()),
            )
        })?;
        record.check()
    }
}

impl FileRecord {
    fn check(self) -> Result<ResultsFile, FormatError> {
        let kinds = Body::ALL.map(Body::name).join(", ");
        let body = Body::from_name(&self.election.kind).ok_or_else(|| {
            err(
                "election.kind",
                format!(
                    "unknown kind {:?}; expected one of {kinds}",
                    self.election.kind
                ),
            )
        })?;
        let date: Date = self
            .election
            .date
            .parse()
            .map_err(|e| err("election.date", format!("{e}")))?;
        if self.contests.is_empty() {
            return Err(err("contests", "lists no contest"));
        }
        let mut ids = HashSet::new();
        let mut contests = Vec::new();
        for (i, c) in self.contests.into_iter().enumerate() {
            let at = format!("contests[{i}]");
            if !ids.insert(c.id.clone()) {
                return Err(err(
                    format!("{at}.id"),
                    format!("{:?} is used by two contests", c.id),
                ));
            }
            contests.push(c.check(&at)?);
        }
        Ok(ResultsFile {
            name: self.election.name,
            body,
            date,
            source: self.source,
            notes: self.notes,
            contests,
        })
    }
}

/// serde's words, with what a count must be when that is the trouble.
fn explain(message: String) -> String {
    let bound = [
        ("u64", u64::MAX.to_string()),
        ("u32", u32::MAX.to_string()),
        ("u8", u8::MAX.to_string()),
    ]
    .into_iter()
    .find(|(ty, _)| message.contains(&format!("expected {ty}")));
    match bound {
        Some((_, max)) => format!("must be a whole number from 0 to {max} ({message})"),
        None => message,
    }
}

fn check_id(id: &str, at: &str) -> Result<(), FormatError> {
    let ok = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(err(
            at,
            format!("{id:?} is not an id: use lowercase letters, digits, '-' and '_'"),
        ))
    }
}

impl ContestRecord {
    fn check(self, at: &str) -> Result<ContestEntry, FormatError> {
        check_id(&self.id, &format!("{at}.id"))?;
        if let Some(c) = &self.council {
            check_id(c, &format!("{at}.council"))?;
        }
        let kinds = ContestKind::ALL.map(ContestKind::name).join(", ");
        let kind = ContestKind::from_name(&self.kind).ok_or_else(|| {
            err(
                format!("{at}.kind"),
                format!("unknown kind {:?}; expected one of {kinds}", self.kind),
            )
        })?;
        if self.seats == Some(0) {
            return Err(err(format!("{at}.seats"), "must be at least 1"));
        }
        if self.options.is_empty() {
            return Err(err(format!("{at}.options"), "lists no option"));
        }
        let (mut ids, mut orders) = (HashSet::new(), HashSet::new());
        for (j, o) in self.options.iter().enumerate() {
            let oat = format!("{at}.options[{j}]");
            check_id(&o.id, &format!("{oat}.id"))?;
            // "Against all" listed as an option could win a seat; it has its own field.
            if matches!(o.id.as_str(), "against-all" | "against_all") {
                return Err(err(
                    format!("{oat}.id"),
                    "\"against all\" is not an option: give its votes in the contest's against_all field",
                ));
            }
            if !ids.insert(o.id.as_str()) {
                return Err(err(
                    format!("{oat}.id"),
                    format!("{:?} is used by two options", o.id),
                ));
            }
            if let Some(p) = &o.party {
                check_id(p, &format!("{oat}.party"))?;
                if kind == ContestKind::Referendum {
                    return Err(err(
                        format!("{oat}.party"),
                        "a referendum answer has no party",
                    ));
                }
            }
            if o.registration_order == 0 || !orders.insert(o.registration_order) {
                return Err(err(
                    format!("{oat}.registration_order"),
                    format!(
                        "{} must be a positive number no other option has",
                        o.registration_order
                    ),
                ));
            }
        }
        // Counts must tell one consistent story. u128 sums cannot overflow.
        let votes: u128 = self
            .options
            .iter()
            .map(|o| u128::from(o.votes))
            .sum::<u128>()
            + u128::from(self.against_all.unwrap_or(0));
        if votes > u128::from(u64::MAX) {
            return Err(err(
                format!("{at}.options"),
                "the votes add up to more than 18446744073709551615",
            ));
        }
        if let (Some(cast), Some(invalid)) = (self.ballots_cast, self.invalid) {
            if invalid > cast {
                return Err(err(
                    format!("{at}.invalid"),
                    format!("{invalid} exceeds ballots_cast {cast}"),
                ));
            }
        }
        if let Some(cast) = self.ballots_cast {
            let valid = cast - self.invalid.unwrap_or(0);
            if votes > u128::from(valid) {
                return Err(err(
                    format!("{at}.ballots_cast"),
                    format!("the votes ({votes}, \"against all\" included) exceed the valid ballots ({cast} cast - {} invalid = {valid})", self.invalid.unwrap_or(0)),
                ));
            }
        }
        if let (Some(reg), Some(cast)) = (self.registered, self.ballots_cast) {
            if cast > reg {
                return Err(err(
                    format!("{at}.ballots_cast"),
                    format!("{cast} exceeds registered {reg}"),
                ));
            }
        }
        let mut region_ids = HashSet::new();
        for (j, r) in self.regions.iter().enumerate() {
            let rat = format!("{at}.regions[{j}]");
            check_id(&r.id, &format!("{rat}.id"))?;
            if !region_ids.insert(r.id.as_str()) {
                return Err(err(
                    format!("{rat}.id"),
                    format!("{:?} is used by two regions", r.id),
                ));
            }
            let answered =
                u128::from(r.yes) + u128::from(r.no) + u128::from(r.invalid.unwrap_or(0));
            if answered > u128::from(r.ballots_cast) {
                return Err(err(
                    format!("{rat}.ballots_cast"),
                    format!("yes + no + invalid = {answered} exceeds {}", r.ballots_cast),
                ));
            }
            if r.registered.is_some_and(|reg| r.ballots_cast > reg) {
                return Err(err(format!("{rat}.ballots_cast"), "exceeds registered"));
            }
        }
        if !self.regions.is_empty() && kind != ContestKind::Referendum {
            return Err(err(
                format!("{at}.regions"),
                "only a referendum question has regions",
            ));
        }
        if let Some(e) = &self.expected {
            let known = |id: &str| self.options.iter().any(|o| o.id == id);
            let named = e
                .winner
                .iter()
                .chain(e.runoff.iter().flatten())
                .chain(e.seats.iter().flat_map(|s| s.keys()));
            for id in named {
                if !known(id) {
                    return Err(err(
                        format!("{at}.expected"),
                        format!("names {id:?}, which is not an option"),
                    ));
                }
            }
        }
        let parties = self.options.iter().map(|o| o.party.clone()).collect();
        let contest = Contest {
            id: self.id,
            kind,
            seats: self.seats,
            registered: self.registered,
            ballots_cast: self.ballots_cast,
            invalid: self.invalid,
            against_all: self.against_all,
            options: self
                .options
                .into_iter()
                .map(|o| Choice {
                    id: o.id,
                    name: o.name,
                    registration_order: o.registration_order,
                    votes: o.votes,
                })
                .collect(),
            round: self.round.unwrap_or(1),
            constitutional: self.constitutional.unwrap_or(false),
            regions: self
                .regions
                .into_iter()
                .map(|r| RegionTally {
                    id: r.id,
                    ballots_cast: r.ballots_cast,
                    yes: r.yes,
                })
                .collect(),
        };
        Ok(ContestEntry {
            contest,
            name: self.name,
            council: self.council,
            parties,
            expected: self.expected,
        })
    }
}

//! Paper ballots: received before polls open, counted by hand after they close, and entered by
//! two commission members independently. The count is taken only when at least two members'
//! entries agree in every field; a difference is shown field by field, never averaged or
//! resolved by the software.

use crate::Station;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

/// One member's count of one contest's paper ballots.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaperEntry {
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
    /// Valid votes per option, in ballot order, "against all" last.
    pub votes: Vec<u64>,
}

/// Where the double entry of a contest stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Agreement {
    /// Fewer than two members have entered the count.
    Waiting {
        /// How many members have entered it so far.
        entries: usize,
    },
    /// Two or more members entered exactly the same count.
    Agreed(PaperEntry),
    /// The entries differ: each differing field with every member's value.
    Differ(Vec<String>),
}

/// Why a paper count cannot be recorded or entered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaperError {
    /// The contest (this id) is not on this station's ballot style.
    #[error("contest {0} is not on this station's ballots")]
    UnknownContest(String),
    /// An entry does not give one number of votes per option of the contest.
    #[error("contest {contest} has {expected} options; the entry counts {found}")]
    Options {
        /// The contest the entry is for.
        contest: String,
        /// The contest's options, "against all" included.
        expected: usize,
        /// The numbers of votes the entry gives.
        found: usize,
    },
    /// The entering member's name is blank: the double entry must know who entered what.
    #[error("a member's name is needed for the double entry")]
    NoMember,
    /// The station's database cannot be read or written, or a stored entry cannot be read.
    #[error("the station's database: {0}")]
    Store(String),
}

impl From<rusqlite::Error> for PaperError {
    fn from(e: rusqlite::Error) -> Self {
        PaperError::Store(e.to_string())
    }
}

impl Station {
    fn options_of(&self, contest: &str) -> Result<Vec<String>, PaperError> {
        if !self.style_contests().iter().any(|c| c == contest) {
            return Err(PaperError::UnknownContest(contest.into()));
        }
        let c = self
            .definition()
            .contest(contest)
            .expect("a style's contest");
        Ok(self.definition().option_ids(c))
    }

    /// The options of `contest`, which `entry` must count one by one.
    fn options_for(&self, contest: &str, entry: &PaperEntry) -> Result<Vec<String>, PaperError> {
        let options = self.options_of(contest)?;
        if entry.votes.len() != options.len() {
            return Err(PaperError::Options {
                contest: contest.into(),
                expected: options.len(),
                found: entry.votes.len(),
            });
        }
        Ok(options)
    }

    /// Records the paper ballots of `contest` received from the territorial commission.
    pub fn receive_paper(&self, contest: &str, count: u64) -> Result<(), PaperError> {
        self.options_of(contest)?;
        self.db.execute(
            "INSERT INTO paper_received (contest, count) VALUES (?1, ?2)
             ON CONFLICT (contest) DO UPDATE SET count = excluded.count",
            params![contest, count as i64],
        )?;
        Ok(())
    }

    /// The paper ballots of `contest` received from the territorial commission; 0 until they
    /// are recorded.
    pub fn paper_received(&self, contest: &str) -> Result<u64, PaperError> {
        Ok(self
            .db
            .query_row(
                "SELECT count FROM paper_received WHERE contest = ?1",
                [contest],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .unwrap_or(0) as u64)
    }

    /// Enters `member`'s count of `contest` (replacing their earlier entry), and returns where
    /// the double entry stands.
    pub fn enter_paper(
        &self,
        member: &str,
        contest: &str,
        entry: &PaperEntry,
    ) -> Result<Agreement, PaperError> {
        if member.trim().is_empty() {
            return Err(PaperError::NoMember);
        }
        self.options_for(contest, entry)?;
        self.db.execute(
            "INSERT INTO paper_entries (contest, member, counts) VALUES (?1, ?2, ?3)
             ON CONFLICT (contest, member) DO UPDATE SET counts = excluded.counts",
            params![
                contest,
                member,
                serde_json::to_string(entry).expect("serializes")
            ],
        )?;
        self.paper_agreement(contest)
    }

    /// The contest's count as the protocol will hold it with this paper `entry`: the list,
    /// the paper received and issued, the cards issued, and the entry's figures; nothing from
    /// the electronic box yet (its totals are decrypted at closing). Its
    /// [`broken`](sailau_protocol::ContestCount::broken) relations that
    /// [`is_paper`](sailau_protocol::Broken::is_paper) are what a commission can check while
    /// it enters the count.
    pub fn paper_count(
        &self,
        contest: &str,
        entry: &PaperEntry,
    ) -> Result<sailau_protocol::ContestCount, PaperError> {
        let options = self.options_for(contest, entry)?;
        let store = |e: rusqlite::Error| PaperError::Store(e.to_string());
        let issued = self.issued_counts().map_err(store)?;
        let count_of = |how: crate::desk::How| {
            issued
                .get(&(contest.to_string(), how))
                .copied()
                .unwrap_or(0)
        };
        let registered = self.registered_counts().map_err(store)?;
        Ok(sailau_protocol::ContestCount {
            contest: contest.into(),
            registered: registered.get(contest).copied().unwrap_or(0),
            paper: sailau_protocol::PaperCount {
                received: self.paper_received(contest)?,
                issued_station: count_of(crate::desk::How::Paper),
                issued_mobile: count_of(crate::desk::How::MobileBox),
                spoiled: entry.spoiled,
                unused: entry.unused,
                found_station: entry.found_station,
                found_mobile: entry.found_mobile,
                invalid: entry.invalid,
            },
            electronic: sailau_protocol::ElectronicCount {
                issued: count_of(crate::desk::How::Card),
                cast: 0,
                blank: 0,
            },
            options: options
                .into_iter()
                .zip(&entry.votes)
                .map(|(option, &paper)| sailau_protocol::OptionCount {
                    option,
                    paper,
                    electronic: 0,
                })
                .collect(),
        })
    }

    /// Where the double entry of `contest` stands.
    pub fn paper_agreement(&self, contest: &str) -> Result<Agreement, PaperError> {
        let options = self.options_of(contest)?;
        let mut q = self.db.prepare(
            "SELECT member, counts FROM paper_entries WHERE contest = ?1 ORDER BY member",
        )?;
        let entries: Vec<(String, PaperEntry)> = q
            .query_map([contest], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .map(|r| {
                let (m, c) = r?;
                let e = serde_json::from_str(&c).map_err(|e| PaperError::Store(e.to_string()))?;
                Ok((m, e))
            })
            .collect::<Result<_, PaperError>>()?;
        if entries.len() < 2 {
            return Ok(Agreement::Waiting {
                entries: entries.len(),
            });
        }
        let first = &entries[0].1;
        if entries.iter().all(|(_, e)| e == first) {
            return Ok(Agreement::Agreed(first.clone()));
        }
        let fields = |e: &PaperEntry| -> Vec<(String, u64)> {
            let mut f = vec![
                ("spoiled".to_string(), e.spoiled),
                ("unused".into(), e.unused),
                ("found in the stationary boxes".into(), e.found_station),
                ("found in the mobile box".into(), e.found_mobile),
                ("invalid".into(), e.invalid),
            ];
            f.extend(options.iter().cloned().zip(e.votes.iter().copied()));
            f
        };
        let all: Vec<Vec<(String, u64)>> = entries.iter().map(|(_, e)| fields(e)).collect();
        let mut differ = Vec::new();
        for (k, (name, _)) in all[0].iter().enumerate() {
            if all.iter().any(|f| f[k].1 != all[0][k].1) {
                let values: Vec<String> = entries
                    .iter()
                    .zip(&all)
                    .map(|((m, _), f)| format!("{m} {}", f[k].1))
                    .collect();
                differ.push(format!("{contest}, {name}: {}", values.join(", ")));
            }
        }
        Ok(Agreement::Differ(differ))
    }
}

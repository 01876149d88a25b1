//! Opening the polls, and where the day stands.
//!
//! At 07:00 local time the precinct commission, before the observers, shows that the ballot
//! boxes are empty and counts the paper ballots received for each contest (the opening's
//! procedure: **UNCONFIRMED** citation, docs/law.md). [`Station::open_polls`] records that act: the time,
//! the box's empty log, and the paper received. The desk's legal gate stays the clock
//! (07:00–20:00, [`crate::desk`]); the opening is what the commission signs its name to.

use crate::Station;
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use sailau_law::election_day::{polls, Moment};

/// Why the polls cannot be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// Opening was asked before 07:00 local time.
    #[error("polls open at {opens} (07:00 local time)")]
    TooEarly {
        /// When the polls open.
        opens: Moment,
    },
    /// Opening was asked at or after 20:00 local time, when the polls closed.
    #[error("polls closed at {closed} (20:00 local time)")]
    Closed {
        /// When the polls closed.
        closed: Moment,
    },
    /// The polls were already opened, at this time (RFC 3339, UTC).
    #[error("the polls were opened at {0}")]
    AlreadyOpen(String),
    /// The electronic box's log is not empty: it holds this many entries.
    #[error("the electronic ballot box is not empty: its log holds {0} entries")]
    NotEmpty(u64),
    /// The paper ballots received are not given for this contest of the station's ballots.
    #[error("the paper ballots received for contest {0} are not given")]
    MissingContest(String),
    /// Paper ballots are given for a contest (this id) not on the station's ballot style.
    #[error("contest {0} is not on this station's ballots")]
    UnknownContest(String),
    /// The station's database cannot be read or written.
    #[error("the station's database: {0}")]
    Store(String),
}

impl From<rusqlite::Error> for OpenError {
    fn from(e: rusqlite::Error) -> Self {
        OpenError::Store(e.to_string())
    }
}

/// Where the day stands, for the commission's screen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DaySummary {
    /// Voters on the station's list.
    pub on_list: u64,
    /// Voters given paper ballots in the station.
    pub issued_paper: u64,
    /// Voters given paper ballots for the mobile box.
    pub issued_mobile: u64,
    /// Voters given a smart card for the terminal and the electronic box.
    pub issued_card: u64,
    /// Entries in the electronic box's log: cast and challenged ballots.
    pub box_entries: u64,
    /// Written requests for the mobile box taken so far.
    pub mobile_requests: u64,
}

/// A written request for the mobile box, for the two members who carry it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MobileRequest {
    /// The voter's IIN.
    pub iin: String,
    /// The voter's name, as on the list.
    pub name: String,
    /// Whether the voter has received ballots (into the mobile box, or came after all).
    pub issued: bool,
}

impl Station {
    /// When the polls were opened, if they were.
    pub fn opened_at(&self) -> Result<Option<String>, OpenError> {
        let v: Option<Vec<u8>> = self
            .db
            .query_row("SELECT value FROM meta WHERE key = 'opened_at'", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(v.map(|b| String::from_utf8_lossy(&b).into_owned()))
    }

    /// Opens the polls at `now` (no earlier than 07:00 local time, before 20:00), with the
    /// paper ballots `received` for every contest of the station's ballots, once the box has
    /// been shown empty. All or nothing.
    pub fn open_polls(&self, now: Moment, received: &[(String, u64)]) -> Result<String, OpenError> {
        if let Some(at) = self.opened_at()? {
            return Err(OpenError::AlreadyOpen(at));
        }
        let (day, offset) = self.day();
        let (opens, closed) = polls(day, offset);
        if now < opens {
            return Err(OpenError::TooEarly { opens });
        }
        if now >= closed {
            return Err(OpenError::Closed { closed });
        }
        let contests = self.style_contests();
        if let Some((c, _)) = received.iter().find(|(c, _)| !contests.contains(c)) {
            return Err(OpenError::UnknownContest(c.clone()));
        }
        if let Some(c) = contests
            .iter()
            .find(|c| !received.iter().any(|(r, _)| r == *c))
        {
            return Err(OpenError::MissingContest(c.clone()));
        }
        let tx = Transaction::new_unchecked(&self.db, TransactionBehavior::Immediate)?;
        let entries: i64 = tx.query_row("SELECT count(*) FROM ballot_log", [], |r| r.get(0))?;
        if entries > 0 {
            return Err(OpenError::NotEmpty(entries as u64));
        }
        for (contest, count) in received {
            tx.execute(
                "INSERT INTO paper_received (contest, count) VALUES (?1, ?2)
                 ON CONFLICT (contest) DO UPDATE SET count = excluded.count",
                params![contest, *count as i64],
            )?;
        }
        let at = now.to_string();
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('opened_at', ?1)",
            params![at.as_bytes()],
        )?;
        tx.commit()?;
        Ok(at)
    }

    /// The day so far: who received what, and what the box holds.
    pub fn day_summary(&self) -> Result<DaySummary, OpenError> {
        let count = |sql: &str| -> Result<u64, OpenError> {
            Ok(self.db.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        Ok(DaySummary {
            on_list: count("SELECT count(*) FROM voters")?,
            issued_paper: count("SELECT count(*) FROM issued WHERE how = 'paper'")?,
            issued_mobile: count("SELECT count(*) FROM issued WHERE how = 'mobile'")?,
            issued_card: count("SELECT count(*) FROM issued WHERE how = 'card'")?,
            box_entries: count("SELECT count(*) FROM ballot_log")?,
            mobile_requests: count("SELECT count(*) FROM mobile_requests")?,
        })
    }

    /// The written requests for the mobile box, by IIN.
    pub fn mobile_list(&self) -> Result<Vec<MobileRequest>, OpenError> {
        let mut q = self.db.prepare(
            "SELECT m.iin, v.name, i.iin IS NOT NULL FROM mobile_requests m
             JOIN voters v ON v.iin = m.iin LEFT JOIN issued i ON i.iin = m.iin ORDER BY m.iin",
        )?;
        let rows = q.query_map([], |r| {
            Ok(MobileRequest {
                iin: r.get(0)?,
                name: r.get(1)?,
                issued: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

//! Closing the station: at 20:00 local time the box is sealed; the guardians decrypt the
//! station's encrypted totals; the precinct protocol adds the paper counts (double-entered) to
//! the electronic ones, checks its control relations, and is signed by the station key.
//!
//! What the station publishes: its ballots as `ballots.jsonl` in the order the box accepted
//! them, its `tally.json` with the guardians' shares and proofs (docs/protocol.md §11), and the
//! signed protocol, which seals the log's head.

use crate::paper::Agreement;
use crate::terminal::ClosingStatement;
use crate::Station;
use rusqlite::{params, OptionalExtension};
use sailau_crypto::reading::tally_of_lines;
use sailau_crypto::record::{tally_json, DeviceChain, PublishedTally};
use sailau_crypto::{vartime_combine, Election, EncryptedTally, PartialDecryption};
use sailau_group::from_hex32;
use sailau_group::to_hex;
use sailau_law::election_day::{polls, Moment};
use sailau_protocol::{Level, Protocol, SignedProtocol, StationSeal, FORMAT};

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    to_hex(&sha2::Sha256::digest(bytes))
}

/// Why the station cannot close.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CloseError {
    /// Sealing was asked before the polls close at 20:00 local time.
    #[error("polls close at {closes} (20:00 local time); the station cannot be sealed before")]
    TooEarly {
        /// When the polls close.
        closes: Moment,
    },
    /// Closing was asked before the station was sealed.
    #[error("seal the station first")]
    NotSealed,
    /// A contest's paper count is not agreed: fewer than two members entered it, or their
    /// entries differ.
    #[error("contest {contest}: the paper count is not agreed: {why}")]
    PaperNotAgreed {
        /// The contest whose paper count is not agreed.
        contest: String,
        /// How many entries there are, or each field in which they differ.
        why: String,
    },
    /// The guardians' partial decryptions cannot be combined: fewer than a quorum, a share or
    /// proof that does not fit the station's totals, or a total out of range.
    #[error("the guardians' decryption: {0}")]
    Decryption(String),
    /// The protocol breaks control relations, each named with both sides: the station does
    /// not sign it.
    #[error("the count does not add up; recount before signing:\n  {}", .0.join("\n  "))]
    ControlRelations(Vec<String>),
    /// A closing statement's key is not registered under its device id, or its signature
    /// fails (the device id).
    #[error(
        "terminal {0} is not registered at this station, or its statement is not signed by it"
    )]
    BadTerminal(String),
    /// A registered terminal has made no closing statement (its device id).
    #[error("terminal {0} has not declared its chain at closing")]
    Undeclared(String),
    /// The log holds a ballot of a terminal with a seq at or beyond the number of ballots the
    /// terminal declared.
    #[error("terminal {device}: the box holds its ballot {seq}, but it declares only {ballots}")]
    Beyond {
        /// The terminal's device id.
        device: String,
        /// The seq of its ballot in the log.
        seq: u64,
        /// The number of ballots it declared.
        ballots: u64,
    },
    /// The station's database cannot be read or written, or its log cannot be read.
    #[error("the station's database: {0}")]
    Store(String),
    /// The station key, held in a token, did not sign the protocol.
    #[error(transparent)]
    Key(#[from] crate::keys::KeyError),
}

impl From<rusqlite::Error> for CloseError {
    fn from(e: rusqlite::Error) -> Self {
        CloseError::Store(e.to_string())
    }
}

/// What a closed station publishes.
pub struct Closing {
    /// The ballot log as `ballots.jsonl`: every accepted ballot's line, cast and challenged,
    /// in the order the box accepted them, each followed by a newline.
    pub ballots_jsonl: Vec<u8>,
    /// The station's `tally.json`: its encrypted totals, the guardians' shares with their
    /// proofs, the decrypted counts and the terminals' declared chains.
    pub tally_json: Vec<u8>,
    /// The precinct protocol, signed by the station key: it seals the log's head and the
    /// digest of `tally.json`.
    pub protocol: SignedProtocol,
}

impl Station {
    /// When the station was sealed, if it was.
    pub fn sealed_at(&self) -> Result<Option<String>, CloseError> {
        let v: Option<Vec<u8>> = self
            .db
            .query_row("SELECT value FROM meta WHERE key = 'sealed_at'", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(v.map(|b| String::from_utf8_lossy(&b).into_owned()))
    }

    /// Seals the station at `now`, no earlier than 20:00 local time: from then on the desk
    /// issues nothing and the box takes nothing. Sealing twice keeps the first time.
    pub fn seal(&self, now: Moment) -> Result<String, CloseError> {
        if let Some(at) = self.sealed_at()? {
            return Ok(at);
        }
        let (day, offset) = self.day();
        let (_, closes) = polls(day, offset);
        if now < closes {
            return Err(CloseError::TooEarly { closes });
        }
        let at = now.to_string();
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES ('sealed_at', ?1)",
            params![at.as_bytes()],
        )?;
        Ok(at)
    }

    /// Records a terminal's signed statement of its chain at closing (§7.4). Every registered
    /// terminal must declare before the station closes.
    pub fn declare_terminal(&self, st: &ClosingStatement) -> Result<(), CloseError> {
        let registered: Option<String> = self
            .db
            .query_row(
                "SELECT device FROM terminals WHERE public_key = ?1",
                [&st.terminal],
                |r| r.get(0),
            )
            .optional()?;
        let signed = crate::card::signed_by(&st.terminal, &st.signature, &st.digest());
        if registered.as_deref() != Some(st.device.as_str()) || !signed {
            return Err(CloseError::BadTerminal(st.device.clone()));
        }
        self.db.execute(
            "INSERT INTO terminal_closing (device, ballots, last) VALUES (?1, ?2, ?3)
             ON CONFLICT (device) DO UPDATE SET ballots = excluded.ballots, last = excluded.last",
            params![st.device, st.ballots as i64, st.last],
        )?;
        Ok(())
    }

    /// How many terminals have declared their chains.
    pub fn declared_terminals(&self) -> Result<usize, CloseError> {
        Ok(self
            .db
            .query_row("SELECT count(*) FROM terminal_closing", [], |r| {
                r.get::<_, i64>(0)
            })? as usize)
    }

    /// Each registered terminal's chain, with the ballots that never reached the box.
    fn device_chains(
        &self,
        places: &[(String, u64, bool)],
    ) -> Result<Vec<DeviceChain>, CloseError> {
        let mut q = self.db.prepare(
            "SELECT t.device, c.ballots, c.last FROM terminals t
             LEFT JOIN terminal_closing c ON c.device = t.device ORDER BY t.device",
        )?;
        let rows: Vec<(String, Option<i64>, Option<String>)> = q
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for (device, n, last) in rows {
            let (Some(n), Some(last)) = (n, last) else {
                return Err(CloseError::Undeclared(device));
            };
            let n = n as u64;
            let present: std::collections::BTreeSet<u64> = places
                .iter()
                .filter(|(d, _, _)| *d == device)
                .map(|(_, s, _)| *s)
                .collect();
            if let Some(&seq) = present.iter().find(|&&s| s >= n) {
                return Err(CloseError::Beyond {
                    device,
                    seq,
                    ballots: n,
                });
            }
            let last = from_hex32(&last).map_err(|e| CloseError::Store(e.to_string()))?;
            out.push(DeviceChain {
                missing: (0..n).filter(|s| !present.contains(s)).collect(),
                device,
                ballots: n,
                last,
            });
        }
        Ok(out)
    }

    /// The election as the cryptography needs it.
    pub fn election(&self) -> &Election {
        self.part.election()
    }

    /// The encrypted totals of the cast ballots in the box, for the guardians to decrypt:
    /// summed over the precinct part's manifest, the station's style alone, so that the cost
    /// is the station's and not the country's.
    pub fn encrypted_tally(&self) -> Result<EncryptedTally, CloseError> {
        let lines = self
            .log_lines()
            .map_err(|e| CloseError::Store(e.to_string()))?;
        let tally = tally_of_lines(
            &self.election().manifest,
            lines.iter().map(|(l, _)| l.as_bytes()),
        )
        .map_err(|e| CloseError::Store(format!("log: {e}")))?;
        Ok(tally.restricted_to(&self.style_contests()))
    }

    /// Each logged ballot's device, seq and whether it was challenged.
    fn logged_places(lines: &[(String, [u8; 32])]) -> Result<Vec<(String, u64, bool)>, CloseError> {
        #[derive(serde::Deserialize)]
        struct Place {
            device: String,
            seq: u64,
            state: String,
        }
        lines
            .iter()
            .map(|(line, _)| {
                let p: Place = serde_json::from_str(line)
                    .map_err(|e| CloseError::Store(format!("log: {e}")))?;
                Ok((p.device, p.seq, p.state == "challenged"))
            })
            .collect()
    }

    /// Closes the station with the guardians' partial decryptions of
    /// [`Station::encrypted_tally`]: returns the record files and the signed protocol.
    pub fn close(&self, partials: &[PartialDecryption]) -> Result<Closing, CloseError> {
        let sealed_at = self.sealed_at()?.ok_or(CloseError::NotSealed)?;
        // The commission's own count first: no decryption until the paper is agreed.
        let entries = self
            .style_contests()
            .into_iter()
            .map(|contest| {
                match self
                    .paper_agreement(&contest)
                    .map_err(|e| CloseError::Store(e.to_string()))?
                {
                    Agreement::Agreed(e) => Ok(e),
                    Agreement::Waiting { entries } => Err(CloseError::PaperNotAgreed {
                        contest,
                        why: format!("{entries} of the 2 entries needed"),
                    }),
                    Agreement::Differ(d) => Err(CloseError::PaperNotAgreed {
                        contest,
                        why: d.join("; "),
                    }),
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        let lines = self
            .log_lines()
            .map_err(|e| CloseError::Store(e.to_string()))?;
        let places = Self::logged_places(&lines)?;
        let devices = self.device_chains(&places)?;
        let election = self.election();
        let tally = self.encrypted_tally()?;
        let counts = vartime_combine(election, &tally, partials)
            .map_err(|e| CloseError::Decryption(e.to_string()))?;
        let challenged = places.iter().filter(|(_, _, c)| *c).count() as u64;
        let missing = devices.iter().map(|d| d.missing.len() as u64).sum();
        let log_head = lines.last().map_or_else(
            || crate::log::start(&self.extended_base_hash(), &self.precinct),
            |(_, h)| *h,
        );
        let mut ballots_jsonl = Vec::new();
        for (line, _) in &lines {
            ballots_jsonl.extend_from_slice(line.as_bytes());
            ballots_jsonl.push(b'\n');
        }

        let mut contests = Vec::new();
        for (contest, entry) in self.style_contests().into_iter().zip(entries) {
            let ti = tally
                .contests
                .iter()
                .position(|c| c.contest == contest)
                .expect("the tally holds the style's contests");
            let t = &tally.contests[ti];
            let e_votes = &counts[ti];
            let marked: u64 = e_votes.iter().sum();
            // The paper side as entered, then what the guardians decrypted.
            let mut count = self
                .paper_count(&contest, &entry)
                .map_err(|e| CloseError::Store(e.to_string()))?;
            count.electronic.cast = t.ballots;
            count.electronic.blank = t.ballots.saturating_sub(marked);
            for (o, &electronic) in count.options.iter_mut().zip(e_votes) {
                o.electronic = electronic;
            }
            contests.push(count);
        }
        let tally_json = tally_json(
            election,
            &PublishedTally {
                tally,
                partials: partials.to_vec(),
                counts,
                challenged,
                devices,
            },
        );
        let protocol = Protocol {
            format: FORMAT.into(),
            election: self.definition().election.id.clone(),
            definition: self.definition().digest().to_string(),
            level: Level::Precinct,
            unit: self.precinct.clone(),
            precincts: 1,
            station: Some(StationSeal {
                closed_at: sealed_at,
                log_entries: lines.len() as u64,
                log_head: to_hex(&log_head),
                challenged,
                missing,
                tally: sha256_hex(&tally_json),
            }),
            contests,
        };
        let broken = protocol.violations();
        if !broken.is_empty() {
            return Err(CloseError::ControlRelations(broken));
        }
        let signature = self.station_key.sign(&SignedProtocol::message(&protocol))?;
        let signed = SignedProtocol {
            protocol,
            signer: to_hex(&self.station_key.public()),
            signature: to_hex(&signature),
        };
        Ok(Closing {
            ballots_jsonl,
            tally_json,
            protocol: signed,
        })
    }
}

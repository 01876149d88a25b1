//! The electronic ballot box at the desk.
//!
//! For each card it checks: the token was signed by this station's desk for this election and
//! precinct, and has not been used; each ballot was signed by a registered terminal for this
//! token; each ballot passes the verifier's one-ballot checks (canonical form, shape, every
//! proof, the opening of a challenged ballot, the confirmation code) and carries exactly the
//! token's contests; the card ends with exactly one cast ballot. Then, in one transaction, it
//! appends the ballots to the hash-chained log and marks the token used, and commits with a
//! full sync before it acknowledges; only then does it wipe the card.
//!
//! A crash before the commit leaves the card as it was, and the voter inserts it again; a crash
//! after it leaves the ballot in the log, and the card, inserted again, is recognised as
//! already recorded and wiped. No acknowledged ballot is lost and none is counted twice.

use crate::card::{self, Card, CardError, Payload};
use crate::log;
use crate::Station;
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use sailau_crypto::display_code;
use sailau_group::{from_hex32, to_hex};

/// What the box tells the voter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// The cast ballot's confirmation code, as displayed.
    pub code: String,
    /// How many challenged ballots the card also carried (now published as such).
    pub challenged: usize,
    /// The log position of the cast ballot (0-based).
    pub position: u64,
    /// Whether the card was wiped. The ballot is in the box either way; a card that could not
    /// be wiped is recognised as already recorded when inserted again.
    pub wiped: Result<(), CardError>,
}

/// Why the box refuses a card.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BoxError {
    /// The card cannot be read or wiped, or its content is not a Sailau card.
    #[error(transparent)]
    Card(#[from] CardError),
    /// The card holds no token: nothing was issued on it, or it was wiped.
    #[error("the card is blank")]
    Blank,
    /// The card holds a token but no ballot: the voter has not cast at the terminal.
    #[error("the card carries no cast ballot: go back to the terminal")]
    NotCast,
    /// The station is sealed: after closing the box takes nothing.
    #[error("the station is sealed: the box takes no more ballots")]
    Sealed,
    /// The token's desk signature fails, or it names another desk, precinct or election.
    #[error("the token is not signed by this station's desk for this election and precinct")]
    BadToken,
    /// The token's nonce was used for other ballots: a copied token. The card is not wiped.
    #[error("this token was already used for another ballot; the card is kept for the commission")]
    TokenUsed,
    /// The card's cast ballot is already in the log (a card inserted again after a crash or a
    /// failed wipe); the card has now been wiped.
    #[error("this ballot is already in the box (code {code}); the card has been wiped")]
    AlreadyRecorded {
        /// The cast ballot's confirmation code, as displayed.
        code: String,
    },
    /// A ballot's terminal key is not registered here, its signature over the ballot digest
    /// fails, or the ballot names another device than the one the key is registered under.
    #[error("ballot {index} on the card was not signed by a registered terminal for this token")]
    BadTerminal {
        /// The ballot's place on the card, from 0.
        index: usize,
    },
    /// A ballot fails the verifier's one-ballot checks, or its confirmation code is already in
    /// the log under another token (a copied ballot); nothing is written.
    #[error("ballot {index} on the card is refused: {}", reasons.join("; "))]
    Refused {
        /// The ballot's place on the card, from 0.
        index: usize,
        /// Every reason for the refusal, as the checks give them.
        reasons: Vec<String>,
    },
    /// A ballot's style or contests are not the token's.
    #[error("ballot {index} on the card does not carry the token's ballot style and contests")]
    WrongContests {
        /// The ballot's place on the card, from 0.
        index: usize,
    },
    /// A challenged ballot is last on the card, or a cast one is not last: a card holds its
    /// challenged ballots, then one cast ballot.
    #[error("ballot {index} on the card is {found}; {expected} was expected there")]
    WrongState {
        /// The ballot's place on the card, from 0.
        index: usize,
        /// What the ballot is: `cast` or `challenged`.
        found: &'static str,
        /// What a ballot at that place must be.
        expected: &'static str,
    },
    /// The station's database cannot be read or written.
    #[error("the station's database: {0}")]
    Store(String),
}

impl From<rusqlite::Error> for BoxError {
    fn from(e: rusqlite::Error) -> Self {
        BoxError::Store(e.to_string())
    }
}

/// A ballot that passed every check, ready to log.
struct Verified {
    line: String,
    code: [u8; 32],
}

impl Station {
    /// Checks and stores the ballots on `card`, then wipes it.
    pub fn accept(&self, card: &mut dyn Card) -> Result<Receipt, BoxError> {
        let payload = card.payload()?;
        let checked = self.check_card(&payload)?;
        let token = payload.token.as_ref().expect("checked");
        let cast = checked.last().expect("checked: one cast ballot");
        // IMMEDIATE: take the write lock first, so that two boxes of one station never both
        // find a token unused.
        let tx = Transaction::new_unchecked(&self.db, TransactionBehavior::Immediate)?;
        if tx
            .query_row("SELECT 1 FROM meta WHERE key = 'sealed_at'", [], |_| Ok(()))
            .optional()?
            .is_some()
        {
            return Err(BoxError::Sealed);
        }
        let used = tx
            .query_row(
                "SELECT 1 FROM used_tokens WHERE nonce = ?1",
                [&token.nonce],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if used {
            let logged = tx
                .query_row(
                    "SELECT 1 FROM ballot_log WHERE code = ?1",
                    [to_hex(&cast.code)],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            drop(tx);
            if logged {
                card.erase()?;
                return Err(BoxError::AlreadyRecorded {
                    code: display_code(&cast.code),
                });
            }
            return Err(BoxError::TokenUsed);
        }
        let last: Option<(i64, String)> = tx
            .query_row(
                "SELECT position, head FROM ballot_log ORDER BY position DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (mut position, mut head) = match last {
            Some((p, h)) => (
                p + 1,
                from_hex32(&h).map_err(|e| BoxError::Store(format!("log head: {e}")))?,
            ),
            None => (0, log::start(&self.extended_base_hash(), &self.precinct)),
        };
        for (index, b) in checked.iter().enumerate() {
            head = log::next(&head, b.line.as_bytes());
            let inserted = tx.execute(
                "INSERT INTO ballot_log (position, line, code, head) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (code) DO NOTHING",
                params![position, b.line, to_hex(&b.code), to_hex(&head)],
            )?;
            if inserted == 0 {
                // The same ballot under another token: a copied ballot, refused whole.
                return Err(BoxError::Refused {
                    index,
                    reasons: vec![
                        "a ballot with this confirmation code is already in the box".into()
                    ],
                });
            }
            position += 1;
        }
        tx.execute(
            "INSERT INTO used_tokens (nonce) VALUES (?1)",
            [&token.nonce],
        )?;
        tx.commit()?;
        // Durable now: acknowledge, then wipe. A crash between the two, or a wipe that fails,
        // leaves a card that the box recognises as already recorded.
        Ok(Receipt {
            code: display_code(&cast.code),
            challenged: checked.len() - 1,
            position: position as u64 - 1,
            wiped: card.erase(),
        })
    }

    /// Every check that needs no write, on a card's payload.
    fn check_card(&self, payload: &Payload) -> Result<Vec<Verified>, BoxError> {
        let token = payload.token.as_ref().ok_or(BoxError::Blank)?;
        if payload.ballots.is_empty() {
            return Err(BoxError::NotCast);
        }
        let signed = card::signed_by(&token.desk, &token.signature, &card::token_digest(token));
        if !signed
            || token.desk != to_hex(&self.desk_key.public())
            || token.precinct != self.precinct
            || token.election != to_hex(&self.extended_base_hash())
        {
            return Err(BoxError::BadToken);
        }
        let last = payload.ballots.len() - 1;
        let mut out = Vec::with_capacity(payload.ballots.len());
        for (index, b) in payload.ballots.iter().enumerate() {
            let device: Option<String> = self
                .db
                .query_row(
                    "SELECT device FROM terminals WHERE public_key = ?1",
                    [&b.terminal],
                    |r| r.get(0),
                )
                .optional()?;
            let digest = card::ballot_digest(token, &b.terminal, &b.line);
            if device.is_none() || !card::signed_by(&b.terminal, &b.signature, &digest) {
                return Err(BoxError::BadTerminal { index });
            }
            let accepted = self
                .intake
                .check(b.line.as_bytes())
                .map_err(|reasons| BoxError::Refused { index, reasons })?;
            // The ballot names the device that encrypted it: it must be the terminal that signed.
            if device.as_deref() != Some(accepted.device.as_str()) {
                return Err(BoxError::BadTerminal { index });
            }
            if accepted.style != token.style || accepted.contests != token.contests {
                return Err(BoxError::WrongContests { index });
            }
            let (found, expected) = match (accepted.challenged, index == last) {
                (true, true) => ("challenged", "the cast ballot"),
                (false, false) => ("cast", "a challenged ballot"),
                _ => ("", ""),
            };
            if !found.is_empty() {
                return Err(BoxError::WrongState {
                    index,
                    found,
                    expected,
                });
            }
            out.push(Verified {
                line: b.line.clone(),
                code: accepted.code,
            });
        }
        Ok(out)
    }

    /// The log: every line in order, with its head.
    pub fn log_lines(&self) -> Result<Vec<(String, [u8; 32])>, BoxError> {
        let mut q = self
            .db
            .prepare("SELECT line, head FROM ballot_log ORDER BY position")?;
        let rows = q.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|r| {
            let (line, head) = r?;
            let head = from_hex32(&head).map_err(|e| BoxError::Store(format!("log head: {e}")))?;
            Ok((line, head))
        })
        .collect()
    }

    /// Recomputes the log's chain from its lines and compares every stored head: true when
    /// the log is intact.
    pub fn log_intact(&self) -> Result<bool, BoxError> {
        let mut head = log::start(&self.extended_base_hash(), &self.precinct);
        for (line, stored) in self.log_lines()? {
            head = log::next(&head, line.as_bytes());
            if head != stored {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

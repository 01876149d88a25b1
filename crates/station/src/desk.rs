//! The registration desk: finds the voter, checks the right to vote here and that it is not
//! used, and issues paper ballots, a visit of the mobile box, or a smart card with a signed
//! one-time token. Also takes mobile-box requests and issues absentee certificates before
//! their deadlines (Election law; docs/law.md, "Voters, absentee certificates, mobile box").
//!
//! The desk records *that* a voter received a card and for which contests, never which token:
//! the token is random, written to the card and forgotten, so nothing the station stores can
//! link a voter to a ballot.

use crate::card::{self, Card, CardError, Payload, Token};
use crate::Station;
use rand_core::CryptoRngCore;
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use sailau_law::election_day::{polls, Moment};
use sailau_voters::absentee::{
    honoured_contests, may_issue_certificate, may_request_mobile, AbsenteeError, Certificate,
    DeadlineError,
};
use sailau_voters::Iin;

/// How a voter receives the ballots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum How {
    /// Paper ballots, into the transparent stationary box.
    Paper,
    /// Paper ballots, into the mobile box carried to the voter (on a written request).
    MobileBox,
    /// A smart card for the voting terminal and the electronic box.
    Card,
}

impl How {
    /// How the station's database writes it: `paper`, `mobile` or `card`.
    pub fn name(self) -> &'static str {
        match self {
            How::Paper => "paper",
            How::MobileBox => "mobile",
            How::Card => "card",
        }
    }

    fn from_name(s: &str) -> Option<How> {
        [How::Paper, How::MobileBox, How::Card]
            .into_iter()
            .find(|h| h.name() == s)
    }
}

/// What the desk gave a voter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issued {
    /// How the voter received the ballots.
    pub how: How,
    /// The id of the ballot style issued: the station's.
    pub style: String,
    /// The contests the voter votes in, in ballot order.
    pub contests: Vec<String>,
}

/// What the desk knows of a voter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoterStatus {
    /// Whether the voter is on this station's list.
    pub on_list: bool,
    /// The voter's name on the list; none for a voter not on it.
    pub name: Option<String>,
    /// How the voter received ballots here; none if they have not.
    pub issued: Option<How>,
    /// The absentee certificate this station issued to the voter, with what it covers.
    pub certificate: Option<(String, Vec<String>)>,
    /// Whether the voter asked in writing for the mobile box.
    pub mobile_requested: bool,
}

/// Why the desk refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeskError {
    /// Ballots were asked for before the polls open at 07:00 local time.
    #[error("polls open at {opens} (07:00 local time)")]
    NotOpen {
        /// When the polls open.
        opens: Moment,
    },
    /// Ballots were asked for at or after 20:00 local time, when the polls closed.
    #[error("polls closed at {closed} (20:00 local time)")]
    Closed {
        /// When the polls closed.
        closed: Moment,
    },
    /// The station is sealed: the desk issues nothing more.
    #[error("the station is sealed")]
    Sealed,
    /// The voter (this IIN) is not on this station's list and shows no other station's
    /// certificate; or, not on the list, asks for the mobile box or a certificate.
    #[error("{0} is not on this station's list, and shows no absentee certificate")]
    NotOnList(String),
    /// The voter has already received ballots here, in whichever way.
    #[error("{iin} has already received ballots here ({how})")]
    AlreadyIssued {
        /// The voter's IIN.
        iin: String,
        /// How they received them: `paper`, `mobile` or `card`.
        how: &'static str,
    },
    /// The voter took this station's certificate for every contest here, and has nothing
    /// left to vote in at this station.
    #[error(
        "{iin} took absentee certificate {number} for every contest here, and votes elsewhere"
    )]
    VotesElsewhere {
        /// The voter's IIN.
        iin: String,
        /// The number of the certificate they took.
        number: String,
    },
    /// The desk issued or honoured no certificate of that number.
    #[error("this desk {act} no certificate {number}")]
    NoSuchCertificate {
        /// The certificate's number.
        number: String,
        /// `issued` or `used`.
        act: &'static str,
    },
    /// This desk has already honoured the certificate (for its holder, who has ballots).
    #[error("certificate {number} was already honoured at this desk")]
    HonouredHere {
        /// The certificate's number.
        number: String,
    },
    /// The certificate shown is another voter's.
    #[error("certificate {number} belongs to {holder}, not to {iin}")]
    NotTheHolder {
        /// The certificate's number.
        number: String,
        /// The IIN written on the certificate.
        holder: String,
        /// The IIN of the voter who showed it.
        iin: String,
    },
    /// A voter on this station's list shows another station's certificate.
    #[error("{iin} is on this station's list: a certificate is for voting elsewhere")]
    OnListHere {
        /// The voter's IIN.
        iin: String,
    },
    /// A certificate shown gives no ballot here (it is this station's own, or covers none of
    /// its contests); or one being issued covers no contest, names one twice, or names one not
    /// on this station's ballots.
    #[error(transparent)]
    Absentee(#[from] AbsenteeError),
    /// A mobile box request came at or after 12:00 on election day, or a certificate request
    /// at or after 18:00 the day before, local time.
    #[error(transparent)]
    Deadline(#[from] DeadlineError),
    /// Ballots for the mobile box were asked for a voter (this IIN) who made no written
    /// request for it.
    #[error("{0} asked for no mobile box visit (written requests close at 12:00)")]
    NoMobileRequest(String),
    /// The voter (this IIN) has already asked for the mobile box.
    #[error("{0} already asked for the mobile box")]
    AlreadyRequested(String),
    /// The voter already holds a certificate from this station.
    #[error("{iin} already holds certificate {number}")]
    HasCertificate {
        /// The voter's IIN.
        iin: String,
        /// The number of the certificate they hold.
        number: String,
    },
    /// A contest (this id) is not on this station's ballot style.
    #[error("contest {0} is not on this station's ballots")]
    UnknownContest(String),
    /// A card was to be issued, but none is in the desk's reader; nothing is recorded.
    #[error("a card must be in the desk's reader to issue one")]
    NoCard,
    /// The card in the reader cannot be written: the issue is undone, and the voter may try
    /// again with another card.
    #[error(transparent)]
    Card(#[from] CardError),
    /// The station's database cannot be read or written.
    #[error("the station's database: {0}")]
    Store(String),
    /// The station's key or the desk key, held in a token, did not sign: for a card, the
    /// issue is undone as for a card that cannot be written.
    #[error(transparent)]
    Key(#[from] crate::keys::KeyError),
}

impl From<rusqlite::Error> for DeskError {
    fn from(e: rusqlite::Error) -> Self {
        DeskError::Store(e.to_string())
    }
}

fn join(ids: &[String]) -> String {
    ids.join(" ")
}

fn split(s: &str) -> Vec<String> {
    s.split(' ')
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

impl Station {
    fn sealed(&self) -> Result<bool, DeskError> {
        Ok(self
            .db
            .query_row("SELECT 1 FROM meta WHERE key = 'sealed_at'", [], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn polls_open(&self, now: Moment) -> Result<(), DeskError> {
        if self.sealed()? {
            return Err(DeskError::Sealed);
        }
        let (day, offset) = self.day();
        let (opens, closed) = polls(day, offset);
        if now < opens {
            return Err(DeskError::NotOpen { opens });
        }
        if now >= closed {
            return Err(DeskError::Closed { closed });
        }
        Ok(())
    }

    /// What the desk knows of `iin`.
    pub fn voter_status(&self, iin: &Iin) -> Result<VoterStatus, DeskError> {
        let key = iin.to_string();
        let name: Option<String> = self
            .db
            .query_row("SELECT name FROM voters WHERE iin = ?1", [&key], |r| {
                r.get(0)
            })
            .optional()?;
        let issued: Option<String> = self
            .db
            .query_row("SELECT how FROM issued WHERE iin = ?1", [&key], |r| {
                r.get(0)
            })
            .optional()?;
        let certificate: Option<(String, String)> = self
            .db
            .query_row(
                "SELECT number, contests FROM certificates WHERE iin = ?1",
                [&key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let mobile_requested = self
            .db
            .query_row(
                "SELECT 1 FROM mobile_requests WHERE iin = ?1",
                [&key],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        Ok(VoterStatus {
            on_list: name.is_some(),
            name,
            issued: issued.as_deref().and_then(How::from_name),
            certificate: certificate.map(|(n, c)| (n, split(&c))),
            mobile_requested,
        })
    }

    /// Takes a written request for the mobile box, until 12:00 local time on election day.
    pub fn request_mobile(&self, iin: &Iin, now: Moment) -> Result<(), DeskError> {
        let (day, offset) = self.day();
        may_request_mobile(now, day, offset)?;
        let s = self.voter_status(iin)?;
        if !s.on_list {
            return Err(DeskError::NotOnList(iin.to_string()));
        }
        if let Some(how) = s.issued {
            return Err(DeskError::AlreadyIssued {
                iin: iin.to_string(),
                how: how.name(),
            });
        }
        if s.mobile_requested {
            return Err(DeskError::AlreadyRequested(iin.to_string()));
        }
        self.db.execute(
            "INSERT INTO mobile_requests (iin) VALUES (?1)",
            [iin.to_string()],
        )?;
        Ok(())
    }

    /// Issues an absentee certificate for `contests` of this station's ballots, until 18:00
    /// local time the day before. Its holder no longer votes here in those contests.
    pub fn issue_certificate(
        &self,
        iin: &Iin,
        contests: &[String],
        now: Moment,
    ) -> Result<Certificate, DeskError> {
        let (day, offset) = self.day();
        may_issue_certificate(now, day, offset)?;
        let s = self.voter_status(iin)?;
        if !s.on_list {
            return Err(DeskError::NotOnList(iin.to_string()));
        }
        if let Some((number, _)) = s.certificate {
            return Err(DeskError::HasCertificate {
                iin: iin.to_string(),
                number,
            });
        }
        let number: i64 = self
            .db
            .query_row("SELECT count(*) + 1 FROM certificates", [], |r| r.get(0))?;
        let cert = Certificate {
            number: format!("{}-{number:05}", self.precinct),
            iin: *iin,
            home: self.precinct.clone(),
            contests: contests.to_vec(),
        };
        cert.check(&self.style_contests())?;
        self.db.execute(
            "INSERT INTO certificates (iin, number, contests) VALUES (?1, ?2, ?3)",
            params![iin.to_string(), cert.number, join(contests)],
        )?;
        Ok(cert)
    }

    /// The contests `iin` would receive here as `how`, with `certificate` if they show one:
    /// every check [`Station::issue`] makes, and nothing written. The console asks this before
    /// it registers the certificate's use with the CEC, so that the register never holds a
    /// use the desk then refused.
    pub fn may_issue(
        &self,
        iin: &Iin,
        how: How,
        certificate: Option<&Certificate>,
        now: Moment,
    ) -> Result<Vec<String>, DeskError> {
        self.polls_open(now)?;
        let s = self.voter_status(iin)?;
        if let Some(how) = s.issued {
            return Err(DeskError::AlreadyIssued {
                iin: iin.to_string(),
                how: how.name(),
            });
        }
        let style_contests = self.style_contests();
        let contests = match certificate {
            Some(c) => {
                if c.iin != *iin {
                    return Err(DeskError::NotTheHolder {
                        number: c.number.clone(),
                        holder: c.iin.to_string(),
                        iin: iin.to_string(),
                    });
                }
                if s.on_list && c.home != self.precinct {
                    return Err(DeskError::OnListHere {
                        iin: iin.to_string(),
                    });
                }
                honoured_contests(c, &self.precinct, &style_contests)?
            }
            None => {
                if !s.on_list {
                    return Err(DeskError::NotOnList(iin.to_string()));
                }
                let moved = s
                    .certificate
                    .as_ref()
                    .map(|(_, c)| c.clone())
                    .unwrap_or_default();
                let left: Vec<String> = style_contests
                    .iter()
                    .filter(|c| !moved.contains(c))
                    .cloned()
                    .collect();
                if left.is_empty() {
                    return Err(DeskError::VotesElsewhere {
                        iin: iin.to_string(),
                        number: s.certificate.map(|(n, _)| n).unwrap_or_default(),
                    });
                }
                left
            }
        };
        if how == How::MobileBox && !s.mobile_requested {
            return Err(DeskError::NoMobileRequest(iin.to_string()));
        }
        if let Some(c) = certificate {
            if self.honoured_before(&c.number)? {
                return Err(DeskError::HonouredHere {
                    number: c.number.clone(),
                });
            }
        }
        Ok(contests)
    }

    /// Issues ballots to a voter: checks the polls are open, the voter is on the list (or
    /// shows an absentee certificate from another station), and has not received ballots
    /// here ([`Station::may_issue`]); records the issue; for a card, writes the signed token
    /// to `card`.
    pub fn issue(
        &self,
        iin: &Iin,
        how: How,
        certificate: Option<&Certificate>,
        card: Option<&mut dyn Card>,
        now: Moment,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Issued, DeskError> {
        let contests = self.may_issue(iin, how, certificate, now)?;
        let style = self.style();
        let (_, offset) = self.day();
        let hour = now.to_local(offset).map_or(0, |(_, s)| s / 3600);
        let tx = Transaction::new_unchecked(&self.db, TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO issued (iin, how, contests, certificate) VALUES (?1, ?2, ?3, ?4)",
            params![
                iin.to_string(),
                how.name(),
                join(&contests),
                certificate.map(|c| c.number.clone())
            ],
        )?;
        tx.execute(
            "INSERT INTO turnout (hour, voters) VALUES (?1, 1)
             ON CONFLICT (hour) DO UPDATE SET voters = voters + 1",
            [hour],
        )?;
        // An absentee voter joins the station's list for the turnout from this hour on, and
        // the certificate as written is kept for the notice the CEC receives.
        if let Some(c) = certificate {
            tx.execute(
                "INSERT INTO honoured (number, home, contests) VALUES (?1, ?2, ?3)",
                params![c.number, c.home, join(&c.contests)],
            )?;
            tx.execute(
                "INSERT INTO absentee_turnout (hour, voters) VALUES (?1, 1)
                 ON CONFLICT (hour) DO UPDATE SET voters = voters + 1",
                [hour],
            )?;
        }
        let mut card = card;
        if how == How::Card && card.is_none() {
            return Err(DeskError::NoCard);
        }
        // The issue is on disk before the token exists. A crash between the two leaves a voter
        // recorded as issued a card that holds no token: refused a second card (fail closed),
        // never holding a valid token the desk did not record (which would let them vote
        // twice). The protocol shows such a card as issued and not cast.
        tx.commit()?;
        if let Some(card) = card.as_mut().filter(|_| how == How::Card) {
            let mut nonce = [0u8; 32];
            rng.fill_bytes(&mut nonce);
            let mut token = Token {
                election: card::hex(&self.extended_base_hash()),
                precinct: self.precinct.clone(),
                style: style.clone(),
                contests: contests.clone(),
                nonce: card::hex(&nonce),
                desk: card::hex(&self.desk_key.public()),
                signature: String::new(),
            };
            let written = self
                .desk_key
                .sign_digest(&card::token_digest(&token))
                .map_err(DeskError::from)
                .and_then(|signature| {
                    token.signature = card::hex(&signature);
                    let payload = Payload {
                        token: Some(token),
                        ..Payload::blank()
                    };
                    Ok(card.store(&payload)?)
                });
            if let Err(e) = written {
                // The card holds no token (its writes are whole or nothing; a token key that
                // did not sign wrote nothing), so the issue is undone and the voter may try
                // again.
                let undo = Transaction::new_unchecked(&self.db, TransactionBehavior::Immediate)?;
                undo.execute("DELETE FROM issued WHERE iin = ?1", [iin.to_string()])?;
                undo.execute(
                    "UPDATE turnout SET voters = voters - 1 WHERE hour = ?1",
                    [hour],
                )?;
                if let Some(c) = certificate {
                    undo.execute("DELETE FROM honoured WHERE number = ?1", [&c.number])?;
                    undo.execute(
                        "UPDATE absentee_turnout SET voters = voters - 1 WHERE hour = ?1",
                        [hour],
                    )?;
                }
                undo.commit()?;
                return Err(e);
            }
        }
        Ok(Issued {
            how,
            style,
            contests,
        })
    }

    /// Voters who received ballots, by local hour of election day: the turnout curve.
    pub fn turnout(&self) -> Result<Vec<(u32, u64)>, DeskError> {
        let mut q = self
            .db
            .prepare("SELECT hour, voters FROM turnout ORDER BY hour")?;
        let rows = q.query_map([], |r| {
            Ok((r.get::<_, u32>(0)?, r.get::<_, i64>(1)? as u64))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// What the desk counts for the protocol: the paper count checks itself against it, and
/// closing writes it into the protocol.
impl Station {
    /// Voters who received ballots, per (contest, how).
    pub(crate) fn issued_counts(
        &self,
    ) -> Result<std::collections::HashMap<(String, How), u64>, rusqlite::Error> {
        let mut out = std::collections::HashMap::new();
        let mut q = self.db.prepare("SELECT how, contests FROM issued")?;
        let rows = q.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (how, contests) = row?;
            let how = match how.as_str() {
                "paper" => How::Paper,
                "mobile" => How::MobileBox,
                _ => How::Card,
            };
            for c in contests.split(' ').filter(|c| !c.is_empty()) {
                *out.entry((c.to_string(), how)).or_insert(0) += 1;
            }
        }
        Ok(out)
    }

    /// Voters who may vote here as of `hour`:00, for the turnout: the station's list, less
    /// the voters who took its certificate for every contest here (certificates end at 18:00
    /// the day before, so these are known all day), plus the absentee voters from other
    /// stations who received ballots before that hour. Every voter counted in the turnout's
    /// `voted` is among them.
    pub(crate) fn turnout_registered(&self, hour: u8) -> Result<u64, rusqlite::Error> {
        let style = self.style_contests();
        let on_list: i64 = self
            .db
            .query_row("SELECT count(*) FROM voters", [], |r| r.get(0))?;
        let mut moved_away = 0i64;
        let mut q = self.db.prepare("SELECT contests FROM certificates")?;
        for row in q.query_map([], |r| r.get::<_, String>(0))? {
            let covered = split(&row?);
            moved_away += i64::from(style.iter().all(|c| covered.contains(c)));
        }
        let absentees: i64 = self.db.query_row(
            "SELECT coalesce(sum(voters), 0) FROM absentee_turnout WHERE hour < ?1",
            [hour],
            |r| r.get(0),
        )?;
        Ok((on_list - moved_away + absentees) as u64)
    }

    /// Voters on the list per contest at closing: the station's list, less the contests its
    /// voters took certificates for, plus the absentee voters who came, for what they voted.
    pub(crate) fn registered_counts(
        &self,
    ) -> Result<std::collections::HashMap<String, u64>, rusqlite::Error> {
        let style = self.style_contests();
        let on_list: i64 = self
            .db
            .query_row("SELECT count(*) FROM voters", [], |r| r.get(0))?;
        let mut out: std::collections::HashMap<String, u64> =
            style.iter().map(|c| (c.clone(), on_list as u64)).collect();
        let mut q = self.db.prepare("SELECT contests FROM certificates")?;
        for row in q.query_map([], |r| r.get::<_, String>(0))? {
            for c in row?.split(' ').filter(|c| !c.is_empty()) {
                if let Some(n) = out.get_mut(c) {
                    *n -= 1;
                }
            }
        }
        let mut q = self
            .db
            .prepare("SELECT contests FROM issued WHERE certificate IS NOT NULL")?;
        for row in q.query_map([], |r| r.get::<_, String>(0))? {
            for c in row?.split(' ').filter(|c| !c.is_empty()) {
                *out.entry(c.to_string()).or_insert(0) += 1;
            }
        }
        Ok(out)
    }
}

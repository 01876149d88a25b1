//! Absentee certificates and mobile-box requests (docs/law.md, "Voters, absentee certificates,
//! mobile box").
//!
//! - An absentee certificate is issued by the voter's home precinct on a request made before
//!   18:00 local time (the home precinct's offset) on the day before election day (Election law
//!   art. 41 cl. 6-1; the hour is **UNCONFIRMED**, as in `sailau_law::election_day`).
//! - It names the contests it covers, each from the home ballot style; they are counted
//!   separately, so a voter may carry some contests away and vote the others at home.
//! - Elsewhere it gives each covered contest that the destination's ballot style also holds
//!   (the same contest id) and nothing else. A maslikhat ballot is refused with a certificate
//!   from another region because that region's contests are other contests; a single-member
//!   district ballot is given only within the same district (**UNCONFIRMED** reading: the
//!   source speaks only of maslikhat ballots from another region).
//! - It is never honoured at the home precinct, and its holder cannot vote there for the
//!   contests it covers.
//! - A mobile-box request is taken until 12:00 local time on election day (Election law art. 41
//!   cl. 6; the citation is **UNCONFIRMED**).
//!
//! Deadlines compare instants, so a request one second before the hour is taken and one at
//! the hour is not; the caller supplies the instant of the request, never this crate's clock.

use crate::iin::Iin;
use sailau_law::election_day::{absentee_requests_close, mobile_requests_close, Moment, UtcOffset};
use sailau_law::Date;
use std::fmt;

/// An absentee certificate as issued by the home precinct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// The certificate's number, which every message about it names.
    pub number: String,
    /// The holder's IIN.
    pub iin: Iin,
    /// The id of the precinct that issued it, where the holder is on the list.
    pub home: String,
    /// The contests it covers (contest ids of the home ballot style).
    pub contests: Vec<String>,
}

/// What a request was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// A request for an absentee certificate, taken until 18:00 the day before election day.
    AbsenteeCertificate,
    /// A written request for the mobile box, taken until 12:00 on election day.
    MobileBox,
}

/// A request that came at or after its deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineError {
    /// What the request was for.
    pub request: Request,
    /// The first instant at which requests are no longer taken.
    pub closes: Moment,
    /// The instant the request was made.
    pub came: Moment,
    /// The offset in which the deadline is read (the precinct's).
    pub offset: UtcOffset,
}

/// Why a certificate gives no ballot, or cannot be issued as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AbsenteeError {
    /// The certificate is presented at the precinct that issued it.
    #[error(
        "certificate {number} was issued by this precinct ({home}); it is never honoured at \
         home, and its holder votes here only in contests it does not cover"
    )]
    AtHome {
        /// The certificate's number.
        number: String,
        /// The id of the precinct that issued it, where it was presented.
        home: String,
    },
    /// The destination's ballots hold none of the contests the certificate covers.
    #[error(
        "certificate {number} from precinct {home} covers {}; precinct {destination} has none \
         of these contests on its ballots (a maslikhat or district contest of another region or \
         district is another contest), so no ballot is given",
        covered.join(", ")
    )]
    NothingInCommon {
        /// The certificate's number.
        number: String,
        /// The id of the precinct that issued it.
        home: String,
        /// The id of the precinct where it was presented.
        destination: String,
        /// The contests the certificate covers.
        covered: Vec<String>,
    },
    /// The certificate covers no contest.
    #[error("certificate {number} covers no contest")]
    NoContests {
        /// The certificate's number.
        number: String,
    },
    /// The certificate names a contest twice.
    #[error("certificate {number} names contest {contest} twice")]
    DuplicateContest {
        /// The certificate's number.
        number: String,
        /// The contest named twice.
        contest: String,
    },
    /// The certificate names a contest that its home precinct's ballots do not hold.
    #[error("certificate {number} names contest {contest}, which is not on the ballots of its home precinct {home}")]
    NotOnHomeBallot {
        /// The certificate's number.
        number: String,
        /// The contest not on the home ballots.
        contest: String,
        /// The id of the precinct that issued it.
        home: String,
    },
}

impl Certificate {
    /// Checks the certificate against its home precinct's contests: at least one contest,
    /// none twice, every one on the home ballot style.
    pub fn check(&self, home_contests: &[String]) -> Result<(), AbsenteeError> {
        if self.contests.is_empty() {
            return Err(AbsenteeError::NoContests {
                number: self.number.clone(),
            });
        }
        for (i, c) in self.contests.iter().enumerate() {
            if self.contests[..i].contains(c) {
                return Err(AbsenteeError::DuplicateContest {
                    number: self.number.clone(),
                    contest: c.clone(),
                });
            }
            if !home_contests.contains(c) {
                return Err(AbsenteeError::NotOnHomeBallot {
                    number: self.number.clone(),
                    contest: c.clone(),
                    home: self.home.clone(),
                });
            }
        }
        Ok(())
    }

    /// The home contests its holder may still vote at home: those it does not cover.
    pub fn left_at_home(&self, home_contests: &[String]) -> Vec<String> {
        home_contests
            .iter()
            .filter(|c| !self.contests.contains(c))
            .cloned()
            .collect()
    }
}

/// The contests a certificate gives at `destination`, in the order of the destination's
/// ballot style: the covered contests it also holds. An empty result is an error that says
/// why, so that a clerk never hands out nothing without a reason.
pub fn honoured_contests(
    cert: &Certificate,
    destination: &str,
    destination_contests: &[String],
) -> Result<Vec<String>, AbsenteeError> {
    if destination == cert.home {
        return Err(AbsenteeError::AtHome {
            number: cert.number.clone(),
            home: cert.home.clone(),
        });
    }
    let given: Vec<String> = destination_contests
        .iter()
        .filter(|c| cert.contests.contains(c))
        .cloned()
        .collect();
    if given.is_empty() {
        return Err(AbsenteeError::NothingInCommon {
            number: cert.number.clone(),
            home: cert.home.clone(),
            destination: destination.to_string(),
            covered: cert.contests.clone(),
        });
    }
    Ok(given)
}

/// May the home precinct issue a certificate on a request made at `requested`? Requests close
/// at 18:00 on the day before `day`, at the home precinct's offset.
pub fn may_issue_certificate(
    requested: Moment,
    day: Date,
    home_offset: UtcOffset,
) -> Result<(), DeadlineError> {
    before(
        Request::AbsenteeCertificate,
        requested,
        absentee_requests_close(day, home_offset),
        home_offset,
    )
}

/// May the precinct take a mobile-box request made at `requested`? Requests close at 12:00 on
/// election day, at the precinct's offset.
pub fn may_request_mobile(
    requested: Moment,
    day: Date,
    offset: UtcOffset,
) -> Result<(), DeadlineError> {
    before(
        Request::MobileBox,
        requested,
        mobile_requests_close(day, offset),
        offset,
    )
}

fn before(
    request: Request,
    came: Moment,
    closes: Moment,
    offset: UtcOffset,
) -> Result<(), DeadlineError> {
    if came < closes {
        Ok(())
    } else {
        Err(DeadlineError {
            request,
            closes,
            came,
            offset,
        })
    }
}

/// `HH:MM` local time, or `HH:MM:SS` when the seconds are not zero, with the local date.
fn local(m: Moment, offset: UtcOffset) -> Option<(Date, String)> {
    let (date, s) = m.to_local(offset)?;
    let (h, min, sec) = (s / 3_600, s % 3_600 / 60, s % 60);
    let time = if sec == 0 {
        format!("{h:02}:{min:02}")
    } else {
        format!("{h:02}:{min:02}:{sec:02}")
    };
    Some((date, time))
}

impl fmt::Display for DeadlineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.request {
            Request::AbsenteeCertificate => "absentee-certificate requests",
            Request::MobileBox => "mobile-box requests",
        };
        match (
            local(self.closes, self.offset),
            local(self.came, self.offset),
        ) {
            (Some((close_date, close_time)), Some((came_date, came_time))) => {
                write!(
                    f,
                    "{what} close at {close_time} on {close_date} (UTC{}); this one came at \
                     {came_time}",
                    self.offset
                )?;
                if came_date != close_date {
                    write!(f, " on {came_date}")?;
                }
                Ok(())
            }
            // Only instants beyond the calendar's years reach here.
            _ => write!(
                f,
                "{what} close at {}; this one came at {}",
                self.closes, self.came
            ),
        }
    }
}

impl std::error::Error for DeadlineError {}

//! The election calendar: every legal term of a campaign, counted from the day the election is
//! called, from election day, or from the day the results are set (docs/law.md, "The
//! calendar").
//!
//! Like the editions, the terms are data: one row per amendment in [`CALENDARS`], each term
//! with its source and, where the statute's words were not read, the reading taken from the
//! CEC's published calendar and marked **UNCONFIRMED**. A registry asks [`Schedule::check`]
//! before it accepts an act, and a refusal names the term and its end.
//!
//! Terms are local wall-clock times of the commission that runs them (the CEC's for the
//! Mazhilis: Astana time), turned into [`Moment`]s with its UTC offset.

use crate::contest::Body;
use crate::date::Date;
use crate::election_day::{date_from_days, days_since_epoch, Moment, UtcOffset};
use serde::Serialize;
use std::fmt;

/// A term of the campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Term {
    /// Parties nominate their lists; candidates are nominated in districts, or nominate
    /// themselves.
    Nomination,
    /// Commissions register candidates (documents checked, deposit paid) or refuse them.
    Registration,
    /// A candidate, or a party for its list, may withdraw.
    Withdrawal,
    /// Campaigning, with the state's campaign funding.
    Campaign,
    /// The day of silence before election day: no campaigning.
    Silence,
    /// Voters apply for absentee certificates.
    AbsenteeRequests,
    /// The CEC accredits foreign and international observers and foreign journalists.
    ForeignObservers,
    /// Territorial commissions set the results of the councils they run.
    TerritorialResults,
    /// The CEC sets the final results.
    FinalResults,
    /// Each party's governing body names the deputies who take its list seats.
    NamingDeputies,
}

impl Term {
    /// Every term, in calendar order.
    pub const ALL: [Term; 10] = [
        Term::Nomination,
        Term::Registration,
        Term::Withdrawal,
        Term::Campaign,
        Term::Silence,
        Term::AbsenteeRequests,
        Term::ForeignObservers,
        Term::TerritorialResults,
        Term::FinalResults,
        Term::NamingDeputies,
    ];

    /// The term's name, as refusals and the API write it.
    pub fn name(self) -> &'static str {
        match self {
            Term::Nomination => "nomination",
            Term::Registration => "registration",
            Term::Withdrawal => "withdrawal",
            Term::Campaign => "campaign",
            Term::Silence => "silence",
            Term::AbsenteeRequests => "absentee-requests",
            Term::ForeignObservers => "foreign-observers",
            Term::TerritorialResults => "territorial-results",
            Term::FinalResults => "final-results",
            Term::NamingDeputies => "naming-deputies",
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One end of a term: a local time on a day counted from an event of the campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bound {
    /// `hour`:00 on the `days`-th day after the election is called (0: that day).
    AfterCalling {
        /// Days after the calling.
        days: u16,
        /// Local hour, 0..=24 (24: the end of that day).
        hour: u8,
    },
    /// `hour`:00 on the `days`-th day before election day.
    BeforeElection {
        /// Days before election day.
        days: u16,
        /// Local hour, 0..=24.
        hour: u8,
    },
    /// `hour`:00 on the `days`-th day after election day (0: election day itself).
    AfterElection {
        /// Days after election day.
        days: u16,
        /// Local hour, 0..=24.
        hour: u8,
    },
    /// `hour`:00 on the `days`-th day after the final results are set.
    AfterResults {
        /// Days after the results.
        days: u16,
        /// Local hour, 0..=24.
        hour: u8,
    },
}

/// A term as the law states it: when it opens, when it closes (exclusive), and on what
/// authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TermRule {
    /// Which term.
    pub term: Term,
    /// Its first moment.
    pub opens: Bound,
    /// Its end: the first moment no longer in it.
    pub closes: Bound,
    /// Where it is stated, or the calendar it was read from.
    pub source: &'static str,
    /// Set when the statute's words were not read: the reading taken, and from where.
    pub unconfirmed: Option<&'static str>,
}

/// One edition of the calendar: the terms of the bodies it governs from its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CalendarEdition {
    /// Stable identifier, `calendar-<year the edition took effect>`.
    pub id: &'static str,
    /// The bodies whose elections it times.
    pub bodies: &'static [Body],
    /// First election day it governs.
    pub from: Date,
    /// Its terms, in calendar order.
    pub terms: &'static [TermRule],
    /// Set when the whole edition is a reading: why, and from where.
    pub unconfirmed: Option<&'static str>,
}

const CEC_CALENDAR_2023: &str = "CEC calendar plan of 20 January 2023 for the Mazhilis and \
     maslikhat elections of 19 March 2023 (election.gov.kz release ID=8271; The Astana Times, \
     2023-01-20: nomination 20 January - 8 February 18:00, registration until 18 February 18:00, \
     foreign observers accredited until 13 March 18:00, results within 10 days)";
const CAMPAIGN_2023: &str = "Kazinform, 2023-02-08: the campaign runs from 18 February 18:00 to \
     00:00 on 18 March, the day of silence";
const RESULTS_2023: &str = "CEC release of 27 March 2023 (election.gov.kz ID=8937): district and \
     city commissions set the maslikhat results within two days (by 21 March), regional ones \
     within five (by 24 March); the CEC the Mazhilis results within ten";
const NAMING_2023: &str = "Constitutional Law \"On Elections\" as amended in 2022: a party's \
     governing body names the deputies of its list seats within 10 days of the results \
     (vlast.kz, 2023-03-27)";
const CERTIFICATES_2021: &str = "Absentee certificates are issued on a written request until \
     18:00 on the eve of election day (caravan.kz, 2021)";

const NOMINATION_READING: &str = "The 2023 calendar's dates as offsets: nomination from the day \
     after the calling until 18:00 on the 39th day before election day; the statute's count of \
     days was not read, and a regular election may count them otherwise.";
const REGISTRATION_READING: &str = "Registration until 18:00 on the 29th day before election \
     day (18 February 2023), as the 2023 calendar set it; the statute's words were not read.";
const WITHDRAWAL_READING: &str = "Not in the sources read. Sailau lets a candidate withdraw \
     until the end of the 10th day before election day, so that the ballots can still be \
     printed without them.";
const ABSENTEE_READING: &str = "Requests are taken from the day after the calling until 18:00 \
     on the eve (the opening was not found). \"Until 17 February\" for 2023 (the 30th day before) was not \
     found in the sources read and is not applied.";
const OBSERVERS_READING: &str = "Accreditation from the calling until 18:00 on the 6th day \
     before election day (13 March 2023); the statute's words were not read.";

const ALL_BUT_REFERENDUMS: &[Body] = &[
    Body::President,
    Body::Mazhilis,
    Body::Kurultai,
    Body::Senate,
    Body::Maslikhat,
    Body::RuralAkim,
];

/// The calendar editions, by first election day.
pub const CALENDARS: &[CalendarEdition] = &[
    CalendarEdition {
        id: "calendar-1995",
        bodies: ALL_BUT_REFERENDUMS,
        from: Date::ymd(1995, 9, 28),
        terms: TERMS_2022,
        unconfirmed: Some(
            "The terms before the 2022 amendments were not read: the 2023 calendar's offsets \
             are applied, so that registers of earlier elections (their parties, observers \
             and missions) can be kept; no term of theirs is authoritative.",
        ),
    },
    CalendarEdition {
        id: "calendar-2022",
        bodies: ALL_BUT_REFERENDUMS,
        from: Date::ymd(2022, 11, 5),
        terms: TERMS_2022,
        unconfirmed: None,
    },
];

/// The terms of the 2022 amendments, as the 2023 calendar placed them.
const TERMS_2022: &[TermRule] = &[
    TermRule {
        term: Term::Nomination,
        opens: Bound::AfterCalling { days: 1, hour: 0 },
        closes: Bound::BeforeElection { days: 39, hour: 18 },
        source: CEC_CALENDAR_2023,
        unconfirmed: Some(NOMINATION_READING),
    },
    TermRule {
        term: Term::Registration,
        opens: Bound::AfterCalling { days: 1, hour: 0 },
        closes: Bound::BeforeElection { days: 29, hour: 18 },
        source: CEC_CALENDAR_2023,
        unconfirmed: Some(REGISTRATION_READING),
    },
    TermRule {
        term: Term::Withdrawal,
        opens: Bound::AfterCalling { days: 1, hour: 0 },
        closes: Bound::BeforeElection { days: 10, hour: 24 },
        source: "none found",
        unconfirmed: Some(WITHDRAWAL_READING),
    },
    TermRule {
        term: Term::Campaign,
        opens: Bound::BeforeElection { days: 29, hour: 18 },
        closes: Bound::BeforeElection { days: 1, hour: 0 },
        source: CAMPAIGN_2023,
        unconfirmed: None,
    },
    TermRule {
        term: Term::Silence,
        opens: Bound::BeforeElection { days: 1, hour: 0 },
        closes: Bound::AfterElection { days: 0, hour: 0 },
        source: CAMPAIGN_2023,
        unconfirmed: None,
    },
    TermRule {
        term: Term::AbsenteeRequests,
        opens: Bound::AfterCalling { days: 1, hour: 0 },
        closes: Bound::BeforeElection { days: 1, hour: 18 },
        source: CERTIFICATES_2021,
        unconfirmed: Some(ABSENTEE_READING),
    },
    TermRule {
        term: Term::ForeignObservers,
        opens: Bound::AfterCalling { days: 0, hour: 0 },
        closes: Bound::BeforeElection { days: 6, hour: 18 },
        source: CEC_CALENDAR_2023,
        unconfirmed: Some(OBSERVERS_READING),
    },
    TermRule {
        term: Term::TerritorialResults,
        opens: Bound::AfterElection { days: 0, hour: 20 },
        closes: Bound::AfterElection { days: 5, hour: 24 },
        source: RESULTS_2023,
        unconfirmed: None,
    },
    TermRule {
        term: Term::FinalResults,
        opens: Bound::AfterElection { days: 0, hour: 20 },
        closes: Bound::AfterElection { days: 10, hour: 24 },
        source: RESULTS_2023,
        unconfirmed: None,
    },
    TermRule {
        term: Term::NamingDeputies,
        opens: Bound::AfterResults { days: 0, hour: 0 },
        closes: Bound::AfterResults { days: 10, hour: 24 },
        source: NAMING_2023,
        unconfirmed: None,
    },
];

/// The calendar that times an election of `body` held on `day`.
pub fn in_force(body: Body, day: Date) -> Option<&'static CalendarEdition> {
    CALENDARS
        .iter()
        .filter(|c| c.bodies.contains(&body) && c.from <= day)
        .max_by_key(|c| c.from)
}

/// A campaign's events, from which every term is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Events {
    /// The day the election was called (the decree published).
    pub called: Date,
    /// Election day.
    pub election: Date,
    /// The day the final results were set; until then, the last day the law allows.
    pub results: Option<Date>,
    /// The offset of the commission's local time.
    pub offset: UtcOffset,
}

/// One term, placed on the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Placed {
    /// Which term.
    pub term: Term,
    /// Its first moment.
    pub opens: Moment,
    /// Its end, exclusive.
    pub closes: Moment,
    /// The rule it follows.
    pub rule: &'static TermRule,
}

/// An act refused because its term is not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TermError {
    /// Before the term opens.
    #[error("the {term} term opens at {opens}")]
    NotYet {
        /// The term.
        term: Term,
        /// When it opens.
        opens: Moment,
    },
    /// After the term's end.
    #[error("the {term} term ended at {closes}")]
    Ended {
        /// The term.
        term: Term,
        /// When it closed.
        closes: Moment,
    },
    /// The calendar has no such term.
    #[error("the calendar has no {0} term")]
    NoSuchTerm(Term),
}

/// Every term of one election, on the clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    /// The calendar edition applied.
    pub calendar: &'static str,
    /// The events it is counted from.
    pub events: Events,
    /// Every term, in calendar order.
    pub terms: Vec<Placed>,
}

/// Why no schedule can be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// No calendar governs the body on that day.
    #[error("no calendar governs a {body} election on {day}")]
    NoCalendar {
        /// The body.
        body: Body,
        /// Election day.
        day: Date,
    },
    /// The events are out of order.
    #[error("{0}")]
    Order(&'static str),
}

impl Schedule {
    /// The schedule of an election of `body`, counted from `events`.
    pub fn of(body: Body, events: Events) -> Result<Schedule, ScheduleError> {
        let calendar = in_force(body, events.election).ok_or(ScheduleError::NoCalendar {
            body,
            day: events.election,
        })?;
        if events.called >= events.election {
            return Err(ScheduleError::Order(
                "the election must be called before election day",
            ));
        }
        if events.results.is_some_and(|r| r < events.election) {
            return Err(ScheduleError::Order(
                "the results cannot be set before election day",
            ));
        }
        let results = events
            .results
            .unwrap_or_else(|| shift(events.election, i64::from(FINAL_RESULTS_DAYS)));
        let at = |b: Bound| {
            let (day, hour) = match b {
                Bound::AfterCalling { days, hour } => (shift(events.called, days.into()), hour),
                Bound::BeforeElection { days, hour } => {
                    (shift(events.election, -i64::from(days)), hour)
                }
                Bound::AfterElection { days, hour } => (shift(events.election, days.into()), hour),
                Bound::AfterResults { days, hour } => (shift(results, days.into()), hour),
            };
            Moment(Moment::local(day, 0, 0, events.offset).0 + i64::from(hour) * 3_600)
        };
        let terms = calendar
            .terms
            .iter()
            .map(|rule| Placed {
                term: rule.term,
                opens: at(rule.opens),
                closes: at(rule.closes),
                rule,
            })
            .collect();
        Ok(Schedule {
            calendar: calendar.id,
            events,
            terms,
        })
    }

    /// The term on the clock, if the calendar has it.
    pub fn term(&self, term: Term) -> Option<&Placed> {
        self.terms.iter().find(|p| p.term == term)
    }

    /// Whether an act of `term` may be done at `now`; if not, the term and its bound.
    pub fn check(&self, term: Term, now: Moment) -> Result<(), TermError> {
        let p = self.term(term).ok_or(TermError::NoSuchTerm(term))?;
        if now < p.opens {
            Err(TermError::NotYet {
                term,
                opens: p.opens,
            })
        } else if now >= p.closes {
            Err(TermError::Ended {
                term,
                closes: p.closes,
            })
        } else {
            Ok(())
        }
    }
}

/// The last day the law allows for the final results, counted from election day.
const FINAL_RESULTS_DAYS: u16 = 10;

/// `date` moved by `days` (negative: earlier). The calendar's dates stay within the years
/// the [`Date`] type holds, because an election day does.
pub fn shift(date: Date, days: i64) -> Date {
    date_from_days(days_since_epoch(date) + days).unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(s: &str, hour: u8, minute: u8) -> Moment {
        Moment::local(s.parse().unwrap(), hour, minute, UtcOffset::UTC_PLUS_6)
    }

    fn schedule_2023() -> Schedule {
        Schedule::of(
            Body::Mazhilis,
            Events {
                called: "2023-01-19".parse().unwrap(),
                election: "2023-03-19".parse().unwrap(),
                results: Some("2023-03-27".parse().unwrap()),
                offset: UtcOffset::UTC_PLUS_6,
            },
        )
        .unwrap()
    }

    /// The dates of the CEC's 2023 calendar, as published (not as computed here).
    #[test]
    fn the_2023_calendar_falls_on_its_published_days() {
        let s = schedule_2023();
        let t = |term| *s.term(term).unwrap();
        assert_eq!(t(Term::Nomination).opens, local("2023-01-20", 0, 0));
        assert_eq!(t(Term::Nomination).closes, local("2023-02-08", 18, 0));
        assert_eq!(t(Term::Registration).closes, local("2023-02-18", 18, 0));
        assert_eq!(t(Term::Campaign).opens, local("2023-02-18", 18, 0));
        assert_eq!(t(Term::Campaign).closes, local("2023-03-18", 0, 0));
        assert_eq!(t(Term::Silence).closes, local("2023-03-19", 0, 0));
        assert_eq!(t(Term::ForeignObservers).closes, local("2023-03-13", 18, 0));
        // Maslikhats by 24 March; the CEC's results by 29 March; parties name their
        // deputies within 10 days of 27 March.
        assert_eq!(
            t(Term::TerritorialResults).closes,
            local("2023-03-25", 0, 0)
        );
        assert_eq!(t(Term::FinalResults).closes, local("2023-03-30", 0, 0));
        assert_eq!(t(Term::NamingDeputies).closes, local("2023-04-07", 0, 0));
        assert_eq!(t(Term::AbsenteeRequests).closes, local("2023-03-18", 18, 0));
    }

    #[test]
    fn an_act_after_its_term_is_refused_with_the_term_named() {
        let s = schedule_2023();
        assert_eq!(
            s.check(Term::Nomination, local("2023-02-08", 17, 59)),
            Ok(())
        );
        let late = s.check(Term::Nomination, local("2023-02-08", 18, 0));
        assert_eq!(
            late,
            Err(TermError::Ended {
                term: Term::Nomination,
                closes: local("2023-02-08", 18, 0)
            })
        );
        assert!(late
            .unwrap_err()
            .to_string()
            .starts_with("the nomination term ended at 2023-02-08T12:00:00Z"));
        assert!(matches!(
            s.check(Term::NamingDeputies, local("2023-03-26", 12, 0)),
            Err(TermError::NotYet { .. })
        ));
    }

    #[test]
    fn results_not_yet_set_are_awaited_until_the_last_legal_day() {
        let mut e = schedule_2023().events;
        e.results = None;
        let s = Schedule::of(Body::Mazhilis, e).unwrap();
        // 19 March + 10 = 29 March, then 10 more days: naming closes at the end of 8 April.
        assert_eq!(
            s.term(Term::NamingDeputies).unwrap().closes,
            local("2023-04-09", 0, 0)
        );
    }

    #[test]
    fn events_out_of_order_are_refused() {
        let mut e = schedule_2023().events;
        e.called = e.election;
        assert!(Schedule::of(Body::Mazhilis, e).is_err());
        let mut e = schedule_2023().events;
        e.results = Some("2023-03-18".parse().unwrap());
        assert!(Schedule::of(Body::Mazhilis, e).is_err());
        assert!(matches!(
            Schedule::of(Body::Referendum, schedule_2023().events),
            Err(ScheduleError::NoCalendar { .. })
        ));
    }

    #[test]
    fn every_term_closes_after_it_opens_in_every_calendar() {
        let s = schedule_2023();
        for p in &s.terms {
            assert!(p.opens < p.closes, "{}", p.term);
        }
        for c in CALENDARS {
            for t in Term::ALL {
                assert!(c.terms.iter().any(|r| r.term == t), "{} lacks {t}", c.id);
            }
        }
    }
}

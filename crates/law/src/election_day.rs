//! Election day by the clock: when polls open and close, the deadlines for absentee
//! certificates and mobile-box requests, and who is old enough to vote.
//!
//! Every rule here is read in the **local time of the polling station**. Kazakhstan used two
//! time zones (UTC+5 in the west, UTC+6 in the east) until 1 March 2024 and one (UTC+5) since,
//! and stations abroad keep their host country's time; so a station carries a fixed UTC offset
//! for election day, and this module turns local wall-clock rules into [`Moment`]s. Pure
//! arithmetic: the caller supplies "now", which makes every deadline testable with a pinned
//! clock.

use crate::date::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// An instant: whole seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Moment(pub i64);

/// A fixed offset from UTC, in minutes east of Greenwich (UTC+5 is 300).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UtcOffset(i16);

/// Why a text is not a UTC offset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a UTC offset of the form +05:00 or -04:30 (between -12:00 and +14:00)")]
pub struct OffsetError(pub String);

impl UtcOffset {
    /// The offset, or `None` outside −12:00..=+14:00 (the offsets in use on Earth).
    pub const fn minutes(minutes: i16) -> Option<UtcOffset> {
        if minutes < -720 || minutes > 840 {
            None
        } else {
            Some(UtcOffset(minutes))
        }
    }

    /// The offset, in minutes east of Greenwich.
    pub const fn as_minutes(self) -> i16 {
        self.0
    }

    /// Kazakhstan's western zone (and the whole country since 1 March 2024).
    pub const UTC_PLUS_5: UtcOffset = UtcOffset(300);
    /// Kazakhstan's eastern zone until 1 March 2024 (Astana, Almaty).
    pub const UTC_PLUS_6: UtcOffset = UtcOffset(360);
}

/// An offset as the API reads it: `+06:00`, between −12:00 and +14:00.
impl schemars::JsonSchema for UtcOffset {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "UtcOffset".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^(-(0[0-9]|1[01]):[0-5][0-9]|-12:00|\\+(0[0-9]|1[0-3]):[0-5][0-9]|\\+14:00)$",
        })
    }
}

impl FromStr for UtcOffset {
    type Err = OffsetError;

    fn from_str(s: &str) -> Result<UtcOffset, OffsetError> {
        let err = || OffsetError(s.to_string());
        let b = s.as_bytes();
        if b.len() != 6 || b[3] != b':' || !matches!(b[0], b'+' | b'-') {
            return Err(err());
        }
        let digits = |r: std::ops::Range<usize>| -> Result<i16, OffsetError> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        let (h, m) = (digits(1..3)?, digits(4..6)?);
        if m >= 60 {
            return Err(err());
        }
        let minutes = (h * 60 + m) * if b[0] == b'-' { -1 } else { 1 };
        UtcOffset::minutes(minutes).ok_or_else(err)
    }
}

impl fmt::Display for UtcOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { '-' } else { '+' };
        let m = self.0.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}", m / 60, m % 60)
    }
}

impl Serialize for UtcOffset {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for UtcOffset {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<UtcOffset, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Days from 1970-01-01 to `date` (H. Hinnant's days-from-civil).
pub fn days_since_epoch(date: Date) -> i64 {
    let (y, m, d) = (
        i64::from(date.year()) - i64::from(date.month() <= 2),
        i64::from(date.month()),
        i64::from(date.day()),
    );
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01 (the inverse of [`days_since_epoch`]), or `None` outside
/// the years 1..=65535.
pub fn date_from_days(days: i64) -> Option<Date> {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::new(u16::try_from(year).ok()?, month as u8, day as u8)
}

impl Moment {
    /// `hour:minute` local time on `date` at `offset`.
    pub fn local(date: Date, hour: u8, minute: u8, offset: UtcOffset) -> Moment {
        let local =
            days_since_epoch(date) * 86_400 + i64::from(hour) * 3_600 + i64::from(minute) * 60;
        Moment(local - i64::from(offset.0) * 60)
    }

    /// The local date and the seconds since local midnight of this moment at `offset`.
    pub fn to_local(self, offset: UtcOffset) -> Option<(Date, u32)> {
        let local = self.0 + i64::from(offset.0) * 60;
        let date = date_from_days(local.div_euclid(86_400))?;
        Some((date, local.rem_euclid(86_400) as u32))
    }
}

impl fmt::Display for Moment {
    /// RFC 3339 in UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_local(UtcOffset(0)) {
            Some((date, s)) => write!(
                f,
                "{date}T{:02}:{:02}:{:02}Z",
                s / 3_600,
                s % 3_600 / 60,
                s % 60
            ),
            None => write!(f, "@{}", self.0),
        }
    }
}

impl Serialize for Moment {
    /// As its RFC 3339 text.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Polls open at 07:00 local time (Election law, voting procedure; the article was not located:
/// **UNCONFIRMED** citation, the hour itself is in every CEC announcement).
pub const POLLS_OPEN: (u8, u8) = (7, 0);
/// Polls close at 20:00 local time, and counting starts then without a break (Election law,
/// voting and counting procedure; **UNCONFIRMED** citation).
pub const POLLS_CLOSE: (u8, u8) = (20, 0);
/// Written requests for the mobile box are taken until 12:00 local time on election day
/// (Election law, voting outside the premises; **UNCONFIRMED** citation).
pub const MOBILE_REQUESTS_UNTIL: (u8, u8) = (12, 0);
/// Absentee certificates are issued on request until 18:00 local time on the day before
/// election day (Election law, absentee certificates; **UNCONFIRMED** citation).
pub const ABSENTEE_UNTIL: (u8, u8) = (18, 0);
/// The hours of election day at which turnout is published, each "as of HH:00" local time
/// (CEC practice in 2019-2023: turnout announced at 10:00, 12:00, 14:00, 16:00 and 18:00, and
/// the last figure at the close; **UNCONFIRMED**: a CEC practice, not a clause located in the
/// Election law).
pub const TURNOUT_HOURS: [u8; 6] = [10, 12, 14, 16, 18, 20];
/// Territorial commissions pass the protocols up within 2 days of election day (Election law,
/// establishing the results; BRIEF: "Territorial commissions pass protocols up within 2 days";
/// **UNCONFIRMED** citation: the article was not located). Read here as: by the end of the
/// second day after election day, local time.
pub const PROTOCOLS_WITHIN_DAYS: i64 = 2;
/// The CEC establishes the final results within 10 days of election day (Election law,
/// Mazhilis results; **UNCONFIRMED** citation), read the same way.
pub const RESULTS_WITHIN_DAYS: i64 = 10;
/// Voting age (Constitution 1995, art. 33 cl. 2: citizens who have reached 18).
pub const VOTING_AGE: u16 = 18;

/// When a station's polls open and close on election day.
pub fn polls(day: Date, offset: UtcOffset) -> (Moment, Moment) {
    (
        Moment::local(day, POLLS_OPEN.0, POLLS_OPEN.1, offset),
        Moment::local(day, POLLS_CLOSE.0, POLLS_CLOSE.1, offset),
    )
}

/// The last moment (exclusive) a mobile-box request is taken.
pub fn mobile_requests_close(day: Date, offset: UtcOffset) -> Moment {
    let (h, m) = MOBILE_REQUESTS_UNTIL;
    Moment::local(day, h, m, offset)
}

/// The last moment (exclusive) an absentee certificate is issued: 18:00 the day before, at
/// the home station's offset.
pub fn absentee_requests_close(day: Date, offset: UtcOffset) -> Moment {
    let (h, m) = ABSENTEE_UNTIL;
    Moment(Moment::local(day, h, m, offset).0 - 86_400)
}

/// The last moment (exclusive) of a term of `days` days after election day: midnight local
/// time at the end of the `days`-th day after it.
pub fn days_after(day: Date, days: i64, offset: UtcOffset) -> Moment {
    Moment(Moment::local(day, 0, 0, offset).0 + (days + 1) * 86_400)
}

/// The day a person born on `birth` reaches `years` of age. A term in years ends on the same
/// month and day; a person born on 29 February reaches it on 28 February of a common year
/// (the Civil Code's rule for terms, general part: where the month lacks the day, the term ends
/// on its last day; **UNCONFIRMED**: the article was not located).
pub fn anniversary(birth: Date, years: u16) -> Option<Date> {
    let year = birth.year().checked_add(years)?;
    Date::new(year, birth.month(), birth.day()).or_else(|| Date::new(year, birth.month(), 28))
}

/// May a person born on `birth` vote on `day`? True from their 18th birthday on.
pub fn of_voting_age(birth: Date, day: Date) -> bool {
    anniversary(birth, VOTING_AGE).is_some_and(|a| a <= day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn offsets_parse_and_print() {
        assert_eq!("+05:00".parse(), Ok(UtcOffset::UTC_PLUS_5));
        assert_eq!("-04:30".parse::<UtcOffset>().unwrap().as_minutes(), -270);
        assert_eq!(UtcOffset::UTC_PLUS_6.to_string(), "+06:00");
        for bad in ["05:00", "+5:00", "+05:60", "+15:00", "-12:01", "+05-00", ""] {
            assert!(bad.parse::<UtcOffset>().is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn polls_close_at_eight_local_in_each_zone() {
        // 19 March 2023: Astana (UTC+6) closed at 14:00Z, Aktobe (UTC+5) an hour later.
        let day = d("2023-03-19");
        let (open, close) = polls(day, UtcOffset::UTC_PLUS_6);
        assert_eq!(open.to_string(), "2023-03-19T01:00:00Z");
        assert_eq!(close.to_string(), "2023-03-19T14:00:00Z");
        assert_eq!(
            polls(day, UtcOffset::UTC_PLUS_5).1.to_string(),
            "2023-03-19T15:00:00Z"
        );
        // A station in Washington (UTC−4 in March) closes the next UTC day.
        let dc = "-04:00".parse().unwrap();
        assert_eq!(polls(day, dc).1.to_string(), "2023-03-20T00:00:00Z");
    }

    #[test]
    fn deadlines() {
        let day = d("2023-03-19");
        let plus5 = UtcOffset::UTC_PLUS_5;
        assert_eq!(
            mobile_requests_close(day, plus5).to_string(),
            "2023-03-19T07:00:00Z"
        );
        assert_eq!(
            absentee_requests_close(day, plus5).to_string(),
            "2023-03-18T13:00:00Z"
        );
    }

    #[test]
    fn days_round_trip() {
        assert_eq!(days_since_epoch(d("1970-01-01")), 0);
        assert_eq!(days_since_epoch(d("2000-03-01")), 11_017);
        for n in [-719_162, -1, 0, 59, 11_016, 19_435, 2_932_896] {
            assert_eq!(days_since_epoch(date_from_days(n).unwrap()), n);
        }
    }

    #[test]
    fn voting_age_from_the_eighteenth_birthday() {
        let day = d("2023-03-19");
        assert!(of_voting_age(d("2005-03-19"), day));
        assert!(!of_voting_age(d("2005-03-20"), day));
        // Born 29 Feb 2004: 18 on 28 Feb 2022, not 1 March.
        assert_eq!(anniversary(d("2004-02-29"), 18), Some(d("2022-02-28")));
        assert!(of_voting_age(d("2004-02-29"), d("2022-02-28")));
        assert!(!of_voting_age(d("2004-02-29"), d("2022-02-27")));
        // Born 29 Feb 2008: 18 on 29 Feb 2026? No: 2026 is common, so 28 Feb.
        assert_eq!(anniversary(d("2008-02-29"), 18), Some(d("2026-02-28")));
    }

    #[test]
    fn protocols_are_due_by_the_end_of_the_second_day_after() {
        // 19 March 2023, Astana (UTC+6 then): due before 22 March 00:00 local, 21 March
        // 18:00 UTC.
        let due = days_after(
            d("2023-03-19"),
            PROTOCOLS_WITHIN_DAYS,
            UtcOffset::UTC_PLUS_6,
        );
        assert_eq!(due, Moment(1_679_421_600));
        // Final results: before 30 March 00:00 local.
        let final_due = days_after(d("2023-03-19"), RESULTS_WITHIN_DAYS, UtcOffset::UTC_PLUS_6);
        assert_eq!(final_due.0 - due.0, 8 * 86_400);
    }
}

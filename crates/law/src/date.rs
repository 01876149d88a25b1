//! Calendar dates, the key by which a legal edition is chosen.
//!
//! Only the proleptic Gregorian calendar and the ISO form `YYYY-MM-DD` are needed: an election
//! is judged by the edition in force on its day, and no rule here depends on a time of day.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A valid calendar date. Ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The date, or `None` if it does not exist (30 February, month 13, year 0).
    pub const fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if year == 0 || day == 0 || day > days_in_month(year, month) {
            None
        } else {
            Some(Date { year, month, day })
        }
    }

    /// For the edition table: a date known to be valid at compile time.
    pub(crate) const fn ymd(year: u16, month: u8, day: u8) -> Date {
        match Date::new(year, month, day) {
            Some(d) => d,
            None => panic!("invalid date in the edition table"),
        }
    }

    /// The year, 1 to 65535.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1 (January) to 12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    pub fn day(&self) -> u8 {
        self.day
    }

    /// The next day.
    pub fn next_day(&self) -> Date {
        if self.day < days_in_month(self.year, self.month) {
            Date {
                day: self.day + 1,
                ..*self
            }
        } else if self.month < 12 {
            Date {
                month: self.month + 1,
                day: 1,
                ..*self
            }
        } else {
            Date {
                year: self.year.saturating_add(1),
                month: 1,
                day: 1,
            }
        }
    }

    /// The same day `months` calendar months later; where that month is shorter, its last
    /// day (31 December plus two months is 29 February in a leap year).
    pub fn plus_months(&self, months: u8) -> Date {
        let index = u32::from(self.month) - 1 + u32::from(months);
        let year = self.year.saturating_add((index / 12) as u16);
        let month = (index % 12) as u8 + 1;
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a date of the form YYYY-MM-DD")]
pub struct DateError(pub String);

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let err = || DateError(s.to_string());
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u16, DateError> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        // Month and day have two digits, so they fit in `u8`.
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::new(y, m as u8, d as u8).ok_or_else(err)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A calendar date as the API reads it: `YYYY-MM-DD`, a day that exists.
impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        })
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_months_run_on_by_the_calendar() {
        assert_eq!(Date::ymd(2022, 11, 20).next_day(), Date::ymd(2022, 11, 21));
        assert_eq!(Date::ymd(2024, 2, 28).next_day(), Date::ymd(2024, 2, 29));
        assert_eq!(Date::ymd(2023, 2, 28).next_day(), Date::ymd(2023, 3, 1));
        assert_eq!(Date::ymd(2022, 12, 31).next_day(), Date::ymd(2023, 1, 1));
        assert_eq!(
            Date::ymd(2022, 11, 20).plus_months(2),
            Date::ymd(2023, 1, 20)
        );
        assert_eq!(
            Date::ymd(2023, 12, 31).plus_months(2),
            Date::ymd(2024, 2, 29)
        );
        assert_eq!(
            Date::ymd(2023, 8, 31).plus_months(1),
            Date::ymd(2023, 9, 30)
        );
        assert_eq!(
            Date::ymd(2023, 1, 15).plus_months(24),
            Date::ymd(2025, 1, 15)
        );
    }

    #[test]
    fn parses_real_dates_only() {
        assert_eq!("2023-03-19".parse(), Ok(Date::ymd(2023, 3, 19)));
        assert_eq!("2024-02-29".parse(), Ok(Date::ymd(2024, 2, 29)));
        for bad in [
            "2023-02-29",
            "2023-13-01",
            "2023-00-10",
            "2023-3-19",
            "19-03-2023",
            "",
            "2023-03-19T00",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn orders_chronologically() {
        assert!(Date::ymd(2022, 11, 20) < Date::ymd(2023, 3, 19));
        assert!(Date::ymd(2023, 1, 31) < Date::ymd(2023, 2, 1));
        assert_eq!(Date::ymd(2007, 8, 18).to_string(), "2007-08-18");
    }
}

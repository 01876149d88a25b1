//! The IIN (ЖСН / ИИН), the 12-digit individual identification number every citizen has.
//!
//! Layout, digits numbered 1 to 12 from the left:
//!
//! | digits | meaning |
//! |---|---|
//! | 1-6 | birth date, YYMMDD |
//! | 7 | century and sex: 1/2 = 1800s, 3/4 = 1900s, 5/6 = 2000s; odd male, even female |
//! | 8-11 | serial number |
//! | 12 | check digit |
//!
//! The check digit is s = (Σ dᵢ·i, i = 1..11) mod 11; if s = 10, it is
//! s = (Σ dᵢ·wᵢ) mod 11 with w = 3,4,5,6,7,8,9,10,11,1,2; if s is 10 again, no IIN begins
//! with those 11 digits.
//!
//! **What the check digit does not catch.** Digit 11 has weight 11 ≡ 0 (mod 11) in the first
//! sum, so when that sum is not 10 a typo in digit 11 gives another valid IIN, with the same
//! birth date and sex. A typo elsewhere in digits 1-10 is caught, except where one of the two
//! numbers needs the second weights (900115301235 and 900115301735 are both valid). So a clerk
//! cannot rely on the check digit alone: the voter list's birth-date column catches a typo in
//! digits 1-6 and its duplicate rule one that hits another voter's IIN; any other such typo
//! passes (tests/suite/iin.rs checks these statements digit by digit).

use sailau_law::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A valid IIN: 12 digits, a real birth date and a right check digit. Ordering is that of the
/// digit string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Iin([u8; 12]);

/// The sex encoded in digit 7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    /// Digit 7 is odd: 1, 3 or 5.
    Male,
    /// Digit 7 is even: 2, 4 or 6.
    Female,
}

/// Why a text is not an IIN. Each message is meant for a commission clerk with the paper in
/// front of them: it names the digit that is wrong and what it should be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IinError {
    /// A character is not an ASCII digit (a space, a dash, a letter).
    #[error(
        "character {position} is {found:?}, not a digit 0-9 (an IIN is 12 digits, nothing else)"
    )]
    NotDigit {
        /// Its position in the text, in characters from 1.
        position: usize,
        /// The character found.
        found: char,
    },
    /// The text is all digits, but not 12 of them.
    #[error("an IIN has 12 digits; this one has {found}")]
    Length {
        /// The number of digits.
        found: usize,
    },
    /// Digit 5 is 4-6, as in a BIN (business identification number), where an IIN has the
    /// tens of the birth day.
    #[error(
        "digit 5 is {fifth}: this looks like a BIN, a business number; voters have an IIN \
         (digits 5-6 of an IIN are the birth day, 01-31)"
    )]
    LooksLikeBin {
        /// Digit 5 as written.
        fifth: u8,
    },
    /// Digit 7, the century and sex, is 0, 7, 8 or 9.
    #[error(
        "digit 7 is {digit}; it gives the century and sex and must be 1-6 \
         (1/2: born in the 1800s, 3/4: 1900s, 5/6: 2000s)"
    )]
    Century {
        /// Digit 7 as written.
        digit: u8,
    },
    /// Digits 1-6, with the century of digit 7, give no real date.
    #[error(
        "digits 1-6 are {yymmdd}, which is not a date: there is no {year}-{month:02}-{day:02}"
    )]
    BirthDate {
        /// Digits 1-6 as written.
        yymmdd: String,
        /// The year they give, with digit 7's century.
        year: u16,
        /// The month they give (digits 3-4).
        month: u8,
        /// The day they give (digits 5-6).
        day: u8,
    },
    /// Digit 12 is not the check digit of the first 11.
    #[error("check digit is {found}, the first 11 digits give {expected}")]
    CheckDigit {
        /// Digit 12 as written.
        found: u8,
        /// The check digit the first 11 digits give.
        expected: u8,
    },
    /// Both weighted sums of the first 11 digits leave 10, so no IIN begins with them.
    #[error(
        "no IIN begins with {first_eleven}: both weighted sums leave 10, so there is no check \
         digit (a digit is probably mistyped)"
    )]
    NoCheckDigit {
        /// The first 11 digits, as written.
        first_eleven: String,
    },
}

const SECOND_WEIGHTS: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/// The check digit of the first 11 digits, or `None` if none exists.
fn check_digit(first: &[u8]) -> Option<u8> {
    let sum = |w: &dyn Fn(usize) -> u32| -> u32 {
        first[..11]
            .iter()
            .enumerate()
            .map(|(i, &d)| u32::from(d) * w(i))
            .sum::<u32>()
            % 11
    };
    let mut s = sum(&|i| i as u32 + 1);
    if s == 10 {
        s = sum(&|i| SECOND_WEIGHTS[i]);
    }
    // s < 11, so it fits a digit unless it is 10.
    (s < 10).then_some(s as u8)
}

/// The century digit's base year, or `None` for 0, 7, 8, 9.
fn century(digit: u8) -> Option<u16> {
    match digit {
        1 | 2 => Some(1800),
        3 | 4 => Some(1900),
        5 | 6 => Some(2000),
        _ => None,
    }
}

impl Iin {
    /// Reads an IIN. Nothing is trimmed or corrected: spaces, dashes and 11- or 13-digit
    /// numbers are refused with the reason.
    pub fn parse(s: &str) -> Result<Iin, IinError> {
        if let Some((i, c)) = s.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(IinError::NotDigit {
                position: i + 1,
                found: c,
            });
        }
        // Only ASCII digits are left, so bytes and characters are the same count.
        let b = s.as_bytes();
        if b.len() != 12 {
            return Err(IinError::Length { found: b.len() });
        }
        let mut d = [0u8; 12];
        for (x, c) in d.iter_mut().zip(b) {
            *x = c - b'0';
        }
        // A BIN's 5th digit is its type (4-6); an IIN's is the tens of the birth day (0-3).
        // Checked before the date so the clerk learns what kind of number it is.
        if (4..=6).contains(&d[4]) {
            return Err(IinError::LooksLikeBin { fifth: d[4] });
        }
        let base = century(d[6]).ok_or(IinError::Century { digit: d[6] })?;
        let (year, month, day) = (
            base + u16::from(d[0] * 10 + d[1]),
            d[2] * 10 + d[3],
            d[4] * 10 + d[5],
        );
        if Date::new(year, month, day).is_none() {
            return Err(IinError::BirthDate {
                yymmdd: s[..6].to_string(),
                year,
                month,
                day,
            });
        }
        match check_digit(&d) {
            None => Err(IinError::NoCheckDigit {
                first_eleven: s[..11].to_string(),
            }),
            Some(expected) if expected != d[11] => Err(IinError::CheckDigit {
                found: d[11],
                expected,
            }),
            Some(_) => Ok(Iin(d)),
        }
    }

    /// Builds the IIN of a person born on `birth` with `sex` and serial number `serial`
    /// (0..=9999, digits 8-11). `None` if the serial is out of range, the year is outside
    /// 1800-2099, or these 11 digits have no check digit (about 1 serial in 121).
    pub fn issue(birth: Date, sex: Sex, serial: u16) -> Option<Iin> {
        if serial > 9_999 || !(1800..=2099).contains(&birth.year()) {
            return None;
        }
        let century = (birth.year() - 1800) / 100; // 0, 1 or 2
        let digit7 = 1 + 2 * century as u8 + u8::from(sex == Sex::Female);
        let yy = (birth.year() % 100) as u8;
        let mut d = [
            yy / 10,
            yy % 10,
            birth.month() / 10,
            birth.month() % 10,
            birth.day() / 10,
            birth.day() % 10,
            digit7,
            (serial / 1000) as u8,
            (serial / 100 % 10) as u8,
            (serial / 10 % 10) as u8,
            (serial % 10) as u8,
            0,
        ];
        d[11] = check_digit(&d)?;
        Some(Iin(d))
    }

    /// The birth date in digits 1-7 (always a real date: [`Iin::parse`] checked it).
    pub fn birth_date(&self) -> Date {
        let d = &self.0;
        let base = century(d[6]).unwrap_or(1900);
        Date::new(
            base + u16::from(d[0] * 10 + d[1]),
            d[2] * 10 + d[3],
            d[4] * 10 + d[5],
        )
        .expect("an Iin is only built from a real birth date")
    }

    /// The sex encoded in digit 7: odd male, even female.
    pub fn sex(&self) -> Sex {
        if self.0[6] % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The 12 digits, each 0-9.
    pub fn digits(&self) -> [u8; 12] {
        self.0
    }
}

impl FromStr for Iin {
    type Err = IinError;

    fn from_str(s: &str) -> Result<Iin, IinError> {
        Iin::parse(s)
    }
}

impl fmt::Display for Iin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0
            .iter()
            .try_for_each(|&d| fmt::Write::write_char(f, char::from(b'0' + d)))
    }
}

impl Serialize for Iin {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Iin {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Iin, D::Error> {
        let s = String::deserialize(d)?;
        Iin::parse(&s).map_err(serde::de::Error::custom)
    }
}

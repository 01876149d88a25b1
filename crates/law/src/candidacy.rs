//! Who may stand: the age and residence a candidate needs, by body (docs/law.md, "Who may
//! stand"), and what a party may do with its list seats once won.
//!
//! The registry checks these facts when it registers a candidate and names the rule when it
//! refuses one.

use crate::contest::Body;
use crate::date::Date;
use crate::election_day::anniversary;
use serde::Serialize;

/// What a candidate of one body must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Eligibility {
    /// The body.
    pub body: Body,
    /// First election day the rule governs.
    pub from: Date,
    /// Least age on election day.
    pub min_age: u16,
    /// Years of permanent residence in Kazakhstan immediately before the election.
    pub residence_years: u16,
    /// Where it is stated.
    pub source: &'static str,
    /// A reading not found in the law, if any.
    pub unconfirmed: Option<&'static str>,
}

const CONSTITUTION: &str = "Constitution of 1995: art. 41 cl. 2 (the President: 40 years of age, \
     15 years' residence), art. 51 cl. 4 (a deputy of Parliament: 10 years' residence; the \
     Mazhilis 25 years of age, the Senate 30), art. 86 (maslikhat deputies: 20 years of age)";
const CONSTITUTION_2026: &str = "Constitution adopted by the referendum of 15 March 2026";

/// The eligibility rules, by body.
pub const ELIGIBILITY: &[Eligibility] = &[
    Eligibility {
        body: Body::President,
        from: Date::ymd(1995, 8, 30),
        min_age: 40,
        residence_years: 15,
        source: CONSTITUTION,
        unconfirmed: None,
    },
    Eligibility {
        body: Body::Mazhilis,
        from: Date::ymd(1995, 8, 30),
        min_age: 25,
        residence_years: 10,
        source: CONSTITUTION,
        unconfirmed: None,
    },
    Eligibility {
        body: Body::Senate,
        from: Date::ymd(1995, 8, 30),
        min_age: 30,
        residence_years: 10,
        source: CONSTITUTION,
        unconfirmed: Some(
            "The Senate's further conditions (higher education, five years' work, three years' \
             residence in the region) are not checked.",
        ),
    },
    Eligibility {
        body: Body::Maslikhat,
        from: Date::ymd(1995, 8, 30),
        min_age: 20,
        residence_years: 0,
        source: CONSTITUTION,
        unconfirmed: Some("No residence term for maslikhat deputies was found; none is applied."),
    },
    Eligibility {
        body: Body::RuralAkim,
        from: Date::ymd(2021, 7, 25),
        min_age: 25,
        residence_years: 0,
        source: "Election-law amendments of May 2021 (direct election of rural akims)",
        unconfirmed: Some(
            "Age 25 and no residence term are Sailau's reading; the article was not found.",
        ),
    },
    Eligibility {
        body: Body::Kurultai,
        from: Date::ymd(2026, 7, 1),
        min_age: 25,
        residence_years: 10,
        source: CONSTITUTION_2026,
        unconfirmed: Some("The Mazhilis's conditions are carried over; the new text was not read."),
    },
];

/// The rule for `body` on `day`.
pub fn eligibility(body: Body, day: Date) -> Option<&'static Eligibility> {
    ELIGIBILITY
        .iter()
        .filter(|e| e.body == body && e.from <= day)
        .max_by_key(|e| e.from)
}

/// Why a person may not stand, by the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Ineligible {
    /// Too young on election day.
    #[error("must be at least {min_age} on election day ({day})")]
    Age {
        /// The least age.
        min_age: u16,
        /// Election day.
        day: Date,
    },
    /// Too short a residence.
    #[error("must have lived in Kazakhstan for the last {years} years")]
    Residence {
        /// The years required.
        years: u16,
    },
}

impl Eligibility {
    /// Checks a candidate born on `birth`, resident since `resident_since`, for an election on
    /// `day`.
    pub fn check(&self, birth: Date, resident_since: Date, day: Date) -> Result<(), Ineligible> {
        if anniversary(birth, self.min_age).is_none_or(|a| a > day) {
            return Err(Ineligible::Age {
                min_age: self.min_age,
                day,
            });
        }
        if self.residence_years > 0
            && anniversary(resident_since, self.residence_years).is_none_or(|a| a > day)
        {
            return Err(Ineligible::Residence {
                years: self.residence_years,
            });
        }
        Ok(())
    }
}

/// How a party's list seats go to its candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Seating {
    /// In list order.
    ListOrder,
    /// The party's governing body chooses among its list's candidates, still meeting the
    /// list quota.
    PartyChoice,
}

/// How list seats are filled in an election of `body` on `day`: by the party's choice since
/// the 2022 amendments (first used in 2023), before that in list order (**UNCONFIRMED**: the
/// years of list order were not found).
pub fn seating(body: Body, day: Date) -> Seating {
    match body {
        Body::Mazhilis | Body::Maslikhat | Body::Kurultai if day >= Date::ymd(2022, 11, 5) => {
            Seating::PartyChoice
        }
        _ => Seating::ListOrder,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn age_is_reached_on_the_birthday_and_residence_on_its_anniversary() {
        let e = eligibility(Body::Mazhilis, d("2023-03-19")).unwrap();
        let day = d("2023-03-19");
        assert_eq!(e.check(d("1998-03-19"), d("2000-01-01"), day), Ok(()));
        assert_eq!(
            e.check(d("1998-03-20"), d("2000-01-01"), day),
            Err(Ineligible::Age { min_age: 25, day })
        );
        assert_eq!(
            e.check(d("1980-01-01"), d("2013-03-20"), day),
            Err(Ineligible::Residence { years: 10 })
        );
        assert_eq!(e.check(d("1980-01-01"), d("2013-03-19"), day), Ok(()));
    }

    #[test]
    fn each_body_has_its_age() {
        let day = d("2023-03-19");
        let age = |b| eligibility(b, day).unwrap().min_age;
        assert_eq!(
            [
                Body::President,
                Body::Mazhilis,
                Body::Senate,
                Body::Maslikhat
            ]
            .map(age),
            [40, 25, 30, 20]
        );
        assert!(eligibility(Body::Kurultai, day).is_none());
        assert_eq!(seating(Body::Mazhilis, day), Seating::PartyChoice);
        assert_eq!(seating(Body::Mazhilis, d("2021-01-10")), Seating::ListOrder);
    }
}

//! The IIN: hand-computed numbers, every error, and what the check digit does and does not catch.

use proptest::prelude::*;
use sailau_law::election_day::date_from_days;
use sailau_law::Date;
use sailau_voters::iin::{Iin, IinError, Sex};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// The first weighted sum Σ dᵢ·i mod 11, written again here rather than taken from the crate.
fn first_sum(digits: &[u8]) -> u32 {
    (0..11)
        .map(|i| u32::from(digits[i]) * (i as u32 + 1))
        .sum::<u32>()
        % 11
}

#[test]
fn hand_computed_iins() {
    // 1990-01-15, male, 1900s → digit 7 = 3; serial 0123.
    // Digits 9 0 0 1 1 5 3 0 1 2 3, weights 1..11:
    //   9 + 0 + 0 + 4 + 5 + 30 + 21 + 0 + 9 + 20 + 33 = 131; 131 mod 11 = 10 → second weights
    //   3,4,5,6,7,8,9,10,11,1,2: 27 + 0 + 0 + 6 + 7 + 40 + 27 + 0 + 11 + 2 + 6 = 126;
    //   126 mod 11 = 5. Check digit 5.
    let a = Iin::parse("900115301235").unwrap();
    assert_eq!(a.birth_date(), d("1990-01-15"));
    assert_eq!(a.sex(), Sex::Male);
    assert_eq!(a.to_string(), "900115301235");

    // 2000-12-31, male, 2000s → 5; serial 0001. Digits 0 0 1 2 3 1 5 0 0 0 1:
    //   0 + 0 + 3 + 8 + 15 + 6 + 35 + 0 + 0 + 0 + 11 = 78; 78 mod 11 = 1. Check digit 1.
    let b = Iin::parse("001231500011").unwrap();
    assert_eq!((b.birth_date(), b.sex()), (d("2000-12-31"), Sex::Male));

    // 2005-03-19, female, 2000s → 6; serial 0999. Digits 0 5 0 3 1 9 6 0 9 9 9:
    //   0 + 10 + 0 + 12 + 5 + 54 + 42 + 0 + 81 + 90 + 99 = 393; 393 mod 11 = 8.
    let c = Iin::parse("050319609998").unwrap();
    assert_eq!((c.birth_date(), c.sex()), (d("2005-03-19"), Sex::Female));

    // 1896-02-29 (1896 is a leap year), female, 1800s → 2; serial 0042.
    // Digits 9 6 0 2 2 9 2 0 0 4 2: 9 + 12 + 0 + 8 + 10 + 54 + 14 + 0 + 0 + 40 + 22 = 169;
    //   169 mod 11 = 4.
    let e = Iin::parse("960229200424").unwrap();
    assert_eq!((e.birth_date(), e.sex()), (d("1896-02-29"), Sex::Female));

    // 2004-02-29, female → 6; serial 0001. Digits 0 4 0 2 2 9 6 0 0 0 1:
    //   0 + 8 + 0 + 8 + 10 + 54 + 42 + 0 + 0 + 0 + 11 = 133; 133 mod 11 = 1.
    let f = Iin::parse("040229600011").unwrap();
    assert_eq!(f.birth_date(), d("2004-02-29"));

    // `issue` builds the same numbers.
    assert_eq!(Iin::issue(d("1990-01-15"), Sex::Male, 123), Some(a));
    assert_eq!(Iin::issue(d("2000-12-31"), Sex::Male, 1), Some(b));
    assert_eq!(Iin::issue(d("2005-03-19"), Sex::Female, 999), Some(c));
    assert_eq!(Iin::issue(d("1896-02-29"), Sex::Female, 42), Some(e));
    assert_eq!(Iin::issue(d("2004-02-29"), Sex::Female, 1), Some(f));
}

#[test]
fn issue_refuses_what_cannot_exist() {
    // Serial 0120 for 1990-01-15, male: digits 9 0 0 1 1 5 3 0 1 2 0.
    //   First: 9 + 0 + 0 + 4 + 5 + 30 + 21 + 0 + 9 + 20 + 0 = 98; 98 mod 11 = 10.
    //   Second: 27 + 0 + 0 + 6 + 7 + 40 + 27 + 0 + 11 + 2 + 0 = 120; 120 mod 11 = 10.
    // No check digit: no IIN begins with 90011530120.
    assert_eq!(Iin::issue(d("1990-01-15"), Sex::Male, 120), None);
    assert_eq!(
        Iin::parse("900115301200"),
        Err(IinError::NoCheckDigit {
            first_eleven: "90011530120".into()
        })
    );
    assert_eq!(Iin::issue(d("1990-01-15"), Sex::Male, 10_000), None);
    assert_eq!(Iin::issue(d("1799-12-31"), Sex::Male, 1), None);
    assert_eq!(Iin::issue(d("2100-01-01"), Sex::Male, 1), None);
    assert!(Iin::issue(d("1800-01-01"), Sex::Female, 9_999).is_some());
}

#[test]
fn every_error_names_its_reason() {
    let err = |s: &str| Iin::parse(s).unwrap_err();
    assert_eq!(
        err("9001153012 5"),
        IinError::NotDigit {
            position: 11,
            found: ' '
        }
    );
    assert_eq!(
        err(" 900115301235"),
        IinError::NotDigit {
            position: 1,
            found: ' '
        }
    );
    // A Cyrillic letter is one character, whatever its bytes.
    assert_eq!(
        err("ИИН900115301235").to_string(),
        "character 1 is 'И', not a digit 0-9 (an IIN is 12 digits, nothing else)"
    );
    assert_eq!(err("90011530123"), IinError::Length { found: 11 });
    assert_eq!(err("9001153012350"), IinError::Length { found: 13 });
    assert_eq!(err(""), IinError::Length { found: 0 });
    // A BIN: registered 2005-12, 5th digit 4 (a legal entity).
    let bin = err("051240001234");
    assert_eq!(bin, IinError::LooksLikeBin { fifth: 4 });
    assert!(bin
        .to_string()
        .contains("looks like a BIN, a business number; voters have an IIN"));
    assert_eq!(err("900115001235"), IinError::Century { digit: 0 });
    assert_eq!(err("900115701235"), IinError::Century { digit: 7 });
    assert_eq!(err("900115901235"), IinError::Century { digit: 9 });
    // 1985 is not a leap year.
    assert_eq!(
        err("850229301235").to_string(),
        "digits 1-6 are 850229, which is not a date: there is no 1985-02-29"
    );
    assert!(matches!(err("901315301235"), IinError::BirthDate { .. }));
    assert!(matches!(err("900100301235"), IinError::BirthDate { .. }));
    // The hand-computed 900115301235 with its check digit changed to 3.
    assert_eq!(
        err("900115301233").to_string(),
        "check digit is 3, the first 11 digits give 5"
    );
    assert!(err("900115301200")
        .to_string()
        .starts_with("no IIN begins with 90011530120"));
}

#[test]
fn serde_is_the_digit_string() {
    let iin = Iin::parse("001231500011").unwrap();
    let back: Iin = serde::de::Deserialize::deserialize(serde::de::value::StrDeserializer::<
        serde::de::value::Error,
    >::new("001231500011"))
    .unwrap();
    assert_eq!(back, iin);
    let bad: Result<Iin, _> =
        serde::de::Deserialize::deserialize(serde::de::value::StrDeserializer::<
            serde::de::value::Error,
        >::new("001231500012"));
    assert!(bad.is_err());
}

#[test]
fn known_blind_spots_of_the_check_digit() {
    // Digit 11 has weight 11 ≡ 0 in the first sum: 001231500011 (first sum 1) and
    // 001231500021 (78 + 11 = 89, 89 mod 11 = 1) are both valid.
    assert!(Iin::parse("001231500021").is_ok());
    // One number on the second weights, its neighbour on the first: 900115301235 (second
    // weights, 5) and 900115301735 (digit 10 from 2 to 7: 131 + 50 = 181, 181 mod 11 = 5).
    assert!(Iin::parse("900115301735").is_ok());
}

fn any_date() -> impl Strategy<Value = Date> {
    let first = sailau_law::election_day::days_since_epoch(d("1800-01-01"));
    let last = sailau_law::election_day::days_since_epoch(d("2099-12-31"));
    (first..=last).prop_map(|n| date_from_days(n).unwrap())
}

fn any_sex() -> impl Strategy<Value = Sex> {
    prop_oneof![Just(Sex::Male), Just(Sex::Female)]
}

proptest! {
    #[test]
    fn issue_then_parse_round_trips(birth in any_date(), sex in any_sex(), serial in 0u16..=9_999) {
        if let Some(iin) = Iin::issue(birth, sex, serial) {
            let parsed = Iin::parse(&iin.to_string()).unwrap();
            prop_assert_eq!(parsed, iin);
            prop_assert_eq!(parsed.birth_date(), birth);
            prop_assert_eq!(parsed.sex(), sex);
            let serial_digits: String = iin.to_string()[7..11].to_string();
            prop_assert_eq!(serial_digits, format!("{serial:04}"));
        }
    }

    /// "The check digit catches every single-digit change" is false (see the blind spots
    /// above). What is true, for a valid IIN with one digit changed:
    /// - digit 12 changed: always refused;
    /// - digit 11 changed: accepted exactly when the first sum is not 10 (digit 11 counts only
    ///   in the second sum, with weight 2, which no change of one digit leaves unchanged mod 11);
    /// - digits 1-10 changed: the first sum moves by δ·i ≢ 0 (mod 11, since 0 < |δ|, i < 11),
    ///   so if both numbers use the first sum the change is caught; a change is accepted only
    ///   when exactly one of the two numbers has first sum 10.
    #[test]
    fn single_digit_changes(
        birth in any_date(), sex in any_sex(), serial in 0u16..=9_999,
        position in 0usize..12, delta in 1u8..=9,
    ) {
        let Some(iin) = Iin::issue(birth, sex, serial) else { return Ok(()) };
        let digits = iin.digits();
        let mut changed = digits;
        changed[position] = (digits[position] + delta) % 10;
        let text: String = changed.iter().map(|&x| char::from(b'0' + x)).collect();
        let accepted = Iin::parse(&text).is_ok();
        match position {
            11 => prop_assert!(!accepted),
            10 => prop_assert_eq!(accepted, first_sum(&digits) != 10),
            _ => {
                if accepted {
                    prop_assert!((first_sum(&digits) == 10) != (first_sum(&changed) == 10));
                }
            }
        }
    }
}

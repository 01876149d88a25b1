//! Exact non-negative fractions.
//!
//! Every quantity that decides a seat or a winner is an integer or a ratio of integers. Votes are
//! `u64` and seats `u32`, so a product `votes × seats` fits in `u128` with room to spare; that is
//! why the fraction keeps `u128` parts and never needs a big-integer crate. Decimals appear only
//! when a fraction is *shown* to a person, and are produced by integer long division.

use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

/// A fraction `num / den` in lowest terms, `den > 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio {
    num: u128,
    den: u128,
}

const fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        let r = a % b;
        a = b;
        b = r;
    }
    a
}

impl Ratio {
    /// The fraction `num / den`, reduced. Panics only on `den == 0`, which callers rule out
    /// before they divide (a zero denominator is an input error, reported as such).
    pub const fn new(num: u128, den: u128) -> Ratio {
        assert!(den != 0, "Ratio with zero denominator");
        let g = gcd(num, den);
        Ratio {
            num: num / g,
            den: den / g,
        }
    }

    /// The whole number `n`.
    pub const fn integer(n: u128) -> Ratio {
        Ratio { num: n, den: 1 }
    }

    /// The numerator, in lowest terms.
    pub fn num(&self) -> u128 {
        self.num
    }

    /// The denominator, in lowest terms; never 0.
    pub fn den(&self) -> u128 {
        self.den
    }

    /// `floor(num / den)`.
    pub fn floor(&self) -> u128 {
        self.num / self.den
    }

    /// The fraction multiplied by an integer, exactly.
    pub fn times(&self, k: u128) -> Ratio {
        Ratio::new(self.num * k, self.den)
    }

    /// The decimal expansion rounded half up to `places` digits after the point.
    pub fn decimal(&self, places: u32) -> String {
        let scale = 10u128.pow(places);
        // Round half up: floor((num * scale * 2 + den) / (2 * den)).
        let scaled = (self.num * scale * 2 + self.den) / (self.den * 2);
        let whole = scaled / scale;
        if places == 0 {
            return whole.to_string();
        }
        let frac = scaled % scale;
        format!("{whole}.{frac:0width$}", width = places as usize)
    }

    /// The fraction as a percentage, rounded half up to `places` decimals: `1/3` → `"33.33"`.
    pub fn percent(&self, places: u32) -> String {
        Ratio::new(self.num * 100, self.den).decimal(places)
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Ratio) -> Ordering {
        // Cross-multiplication. The fractions compared in this crate have parts below 2^100,
        // so the products fit; `checked_mul` turns a violation of that bound into a loud
        // failure rather than a wrong answer.
        let l = self
            .num
            .checked_mul(other.den)
            .expect("Ratio comparison overflow");
        let r = other
            .num
            .checked_mul(self.den)
            .expect("Ratio comparison overflow");
        l.cmp(&r)
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Ratio) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Ratio {
    /// `num/den (≈ decimal)`, or just the integer when `den == 1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}/{} (≈ {})", self.num, self.den, self.decimal(6))
        }
    }
}

impl Serialize for Ratio {
    /// `{"num": "…", "den": "…", "decimal": "…"}`: the parts as strings, so that no JSON
    /// reader rounds them through a float.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Ratio", 3)?;
        st.serialize_field("num", &self.num.to_string())?;
        st.serialize_field("den", &self.den.to_string())?;
        st.serialize_field("decimal", &self.decimal(6))?;
        st.end()
    }
}

/// A share of a whole, given as a percentage with up to six decimals (`"5"`, `"7.5"`), parsed
/// exactly. Used for thresholds, which the law states in whole percent.
pub fn parse_percent(text: &str) -> Option<Ratio> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) if digits(f) => (i, f),
        Some(_) => return None,
        None => (text, ""),
    };
    if !digits(int) || frac.len() > 6 || int.len() > 3 {
        return None;
    }
    let scale = 10u128.pow(frac.len() as u32);
    let num = int.parse::<u128>().ok()? * scale + frac.parse::<u128>().unwrap_or(0);
    let r = Ratio::new(num, 100 * scale);
    (r <= Ratio::integer(1)).then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduces_and_compares_exactly() {
        assert_eq!(Ratio::new(6, 4), Ratio::new(3, 2));
        assert!(Ratio::new(1, 3) < Ratio::new(334, 1000));
        assert!(Ratio::new(1, 3) > Ratio::new(333, 1000));
    }

    #[test]
    fn decimals_round_half_up() {
        assert_eq!(Ratio::new(1, 3).decimal(2), "0.33");
        assert_eq!(Ratio::new(2, 3).decimal(2), "0.67");
        assert_eq!(Ratio::new(1, 8).decimal(2), "0.13");
        assert_eq!(Ratio::new(5, 1).decimal(0), "5");
        // The 2022 presidential share the CEC published: 81.31%.
        assert_eq!(Ratio::new(6_456_392, 7_940_477).percent(2), "81.31");
    }

    #[test]
    fn percent_parsing_is_exact() {
        assert_eq!(parse_percent("5"), Some(Ratio::new(1, 20)));
        assert_eq!(parse_percent("7"), Some(Ratio::new(7, 100)));
        assert_eq!(parse_percent("0.5"), Some(Ratio::new(1, 200)));
        assert_eq!(parse_percent("100"), Some(Ratio::integer(1)));
        for bad in [
            "",
            "-1",
            "1e2",
            "5,0",
            "101",
            "5.",
            ".5",
            "1.1234567",
            "abc",
        ] {
            assert_eq!(parse_percent(bad), None, "{bad:?} must be refused");
        }
    }
}

//! The measuring function: the Kaplan-Markov bound on the risk of a batch-level comparison
//! audit sampled with probability in proportion to each batch's error bound (Stark 2009,
//! "Risk-limiting postelection audits: conservative P-values from common probability
//! inequalities", IEEE TIFS 4(4); as used by MACRO, Stark 2009 "Efficient post-election
//! audits of multiple contests", EVT/WOTE). docs/audit.md, "The risk".
//!
//! After draws with taints t₁…tₙ (each a batch's overstatement over its bound, at most 1),
//! the risk is P = Πⱼ (1 − 1/U)/(1 − tⱼ). Every factor is a ratio of integers here, so P is
//! kept as an exact fraction of big integers and compared with the risk limit exactly. Only
//! what is shown is rounded, and upwards.

use num_bigint::BigUint;

/// A risk limit: a fraction strictly between 0 and 1, read exactly from its decimal form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Numerator.
    pub num: u128,
    /// Denominator, a power of ten.
    pub den: u128,
}

impl Limit {
    /// `0.05` and the like: digits after `0.`, at most 12 of them, not zero.
    pub fn parse(text: &str) -> Option<Limit> {
        let digits = text.strip_prefix("0.")?;
        if digits.is_empty() || digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let num: u128 = digits.parse().ok()?;
        (num > 0).then(|| Limit {
            num,
            den: 10u128.pow(digits.len() as u32),
        })
    }
}

/// The risk of one assertion so far, after `draws` draws: ((U − 1)/U)ⁿ times the product
/// of m·w/(m·w − e·scale) over the draws that found a discrepancy, kept as an exact fraction;
/// infinite when a draw's batch was wrong by its whole bound. A logarithm in floating point
/// rides along, so that most comparisons with the limit need no big integers: only when it
/// lies within 10⁻⁶ of the limit's is the exact fraction formed, and the answer is always
/// the exact one.
#[derive(Clone, Debug, PartialEq)]
pub struct Risk {
    draws: u64,
    num: BigUint,
    den: BigUint,
    ln: f64,
}

impl Default for Risk {
    fn default() -> Risk {
        Risk {
            draws: 0,
            num: BigUint::from(1u8),
            den: BigUint::from(1u8),
            ln: 0.0,
        }
    }
}

/// Why a draw cannot be measured: the hand count lies outside the batch's bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutsideBound;

/// How far, in natural logarithm, the floating-point estimate may stray from the exact risk
/// before the exact fraction is formed: far more than the rounding of thousands of terms.
const BAND: f64 = 1e-6;

impl Risk {
    /// The risk after one more draw of a batch of `weight` (its bound, in units of 1/`scale`
    /// of the margin), with `overstatement` votes of `margin`, out of a contest of
    /// `total_weight`. The factor is (U − 1)/U · 1/(1 − t), t = scale·e/(margin·weight).
    pub fn draw(
        &mut self,
        total_weight: u128,
        scale: u128,
        weight: u128,
        margin: i128,
        overstatement: i128,
    ) -> Result<(), OutsideBound> {
        if weight == 0 || total_weight < scale || margin <= 0 {
            return Err(OutsideBound);
        }
        let mw = (margin as u128).checked_mul(weight).ok_or(OutsideBound)?;
        let mw = i128::try_from(mw).map_err(|_| OutsideBound)?;
        let left = mw
            .checked_sub(
                (scale as i128)
                    .checked_mul(overstatement)
                    .ok_or(OutsideBound)?,
            )
            .ok_or(OutsideBound)?;
        if left < 0 {
            return Err(OutsideBound);
        }
        self.draws += 1;
        self.ln += (-(scale as f64) / total_weight as f64).ln_1p();
        if overstatement != 0 {
            self.num *= BigUint::from(mw as u128);
            self.den *= BigUint::from(left as u128);
            self.ln += if left == 0 {
                f64::INFINITY
            } else {
                (mw as f64).ln() - (left as f64).ln()
            };
        }
        Ok(())
    }

    /// Draws measured.
    pub fn draws(&self) -> u64 {
        self.draws
    }

    /// Has a draw found a batch wrong by its whole bound?
    pub fn infinite(&self) -> bool {
        self.den == BigUint::ZERO
    }

    /// The risk as an exact fraction, after `more` further draws with no discrepancy.
    fn exact(&self, total_weight: u128, scale: u128, more: u64) -> (BigUint, BigUint) {
        let k = u32::try_from(self.draws + more).unwrap_or(u32::MAX);
        (
            &self.num * BigUint::from(total_weight - scale).pow(k),
            &self.den * BigUint::from(total_weight).pow(k),
        )
    }

    /// Would the risk be at most `limit` after `more` further draws with no discrepancy?
    /// Exact.
    fn within_after(&self, total_weight: u128, scale: u128, limit: Limit, more: u64) -> bool {
        if self.infinite() || total_weight < scale {
            return false;
        }
        let ln = self.ln + more as f64 * (-(scale as f64) / total_weight as f64).ln_1p();
        let line = (limit.num as f64 / limit.den as f64).ln();
        if ln > line + BAND {
            return false;
        }
        if ln < line - BAND {
            return true;
        }
        let (num, den) = self.exact(total_weight, scale, more);
        num * BigUint::from(limit.den) <= den * BigUint::from(limit.num)
    }

    /// Is the risk at most `limit`? Exact.
    pub fn within(&self, total_weight: u128, scale: u128, limit: Limit) -> bool {
        self.within_after(total_weight, scale, limit, 0)
    }

    /// The risk for people: at most 1, to six decimals, rounded up from the exact fraction,
    /// so that it never shows less than it is.
    pub fn shown(&self, total_weight: u128, scale: u128) -> String {
        if self.infinite() || total_weight < scale || self.ln >= 0.0 {
            return "1".into();
        }
        // Far from a step of 10⁻⁶, the logarithm rounds up safely; near one, the exact
        // fraction does.
        let x = self.ln.exp() * 1e6;
        if x < 1.0 - 1e-6 {
            return "0.000001".into();
        }
        if (x - x.round()).abs() > 1e-4 {
            let micro = x.ceil() as u32;
            return if micro >= 1_000_000 {
                "1".into()
            } else {
                format!("0.{micro:06}")
            };
        }
        let (num, den) = self.exact(total_weight, scale, 0);
        if num >= den {
            return "1".into();
        }
        let up = (num * BigUint::from(1_000_000u32) + &den - BigUint::from(1u8)) / den;
        let micro: u32 = up.try_into().unwrap_or(1_000_000);
        if micro >= 1_000_000 {
            "1".into()
        } else {
            format!("0.{micro:06}")
        }
    }
}

/// The fewest further draws with no discrepancy after which `risk` is within `limit`; `None`
/// when no number of draws can bring it there, or more than `cap` would be needed.
pub fn clean_draws(
    risk: &Risk,
    total_weight: u128,
    scale: u128,
    limit: Limit,
    cap: u64,
) -> Option<u64> {
    if risk.within(total_weight, scale, limit) {
        return Some(0);
    }
    if risk.infinite() || total_weight <= scale {
        return None;
    }
    // The estimate from the logarithms, then the exact answer found from it: the count
    // decided is the exact one.
    let step = (-(scale as f64) / total_weight as f64).ln_1p();
    let line = (limit.num as f64 / limit.den as f64).ln();
    let guess = ((line - risk.ln) / step).ceil().max(1.0);
    if !guess.is_finite() || guess > cap as f64 {
        return None;
    }
    let mut n = guess as u64;
    while !risk.within_after(total_weight, scale, limit, n) {
        n += 1;
        if n > cap {
            return None;
        }
    }
    while n > 1 && risk.within_after(total_weight, scale, limit, n - 1) {
        n -= 1;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIVE: Limit = Limit { num: 5, den: 100 };

    #[test]
    fn limits_read_exactly() {
        assert_eq!(Limit::parse("0.05"), Some(FIVE));
        assert_eq!(Limit::parse("0.010"), Some(Limit { num: 10, den: 1000 }));
        for bad in [
            "0",
            "0.",
            "0.0",
            "1.0",
            "5%",
            "0.05 ",
            ".05",
            "0.0000000000001",
        ] {
            assert_eq!(Limit::parse(bad), None, "{bad}");
        }
    }

    /// With U = 20 (in units of the margin), no discrepancy: the risk after n draws is
    /// (19/20)ⁿ, which first falls to 5% at n = 59 (0.95⁵⁹ = 0.048495, 0.95⁵⁸ = 0.051047, rounded up).
    #[test]
    fn clean_draws_match_the_closed_form() {
        let scale = 1_000;
        let u = 20 * scale;
        assert_eq!(
            clean_draws(&Risk::default(), u, scale, FIVE, 1_000_000),
            Some(59)
        );
        let mut r = Risk::default();
        for _ in 0..58 {
            r.draw(u, scale, scale, 7, 0).unwrap();
        }
        assert!(!r.within(u, scale, FIVE));
        assert_eq!(r.shown(u, scale), "0.051047");
        r.draw(u, scale, scale, 7, 0).unwrap();
        assert!(r.within(u, scale, FIVE));
        assert_eq!(r.shown(u, scale), "0.048495");
    }

    /// A taint of 1/2 doubles the risk; a batch wrong by its whole bound makes it infinite;
    /// beyond its bound is refused.
    #[test]
    fn taints_raise_the_risk() {
        let (scale, u) = (10, 100);
        let mut r = Risk::default();
        // weight 10 = one margin; margin 4: overstatement 2 is a taint of 1/2.
        r.draw(u, scale, 10, 4, 2).unwrap();
        assert_eq!(r.shown(u, scale), "1");
        let mut clean = Risk::default();
        clean.draw(u, scale, 10, 4, 0).unwrap();
        assert_eq!(clean.shown(u, scale), "0.900000");
        let mut whole = Risk::default();
        whole.draw(u, scale, 10, 4, 4).unwrap();
        assert!(whole.infinite() && !whole.within(u, scale, Limit { num: 99, den: 100 }));
        assert_eq!(Risk::default().draw(u, scale, 10, 4, 5), Err(OutsideBound));
        // An understatement lowers the risk below the clean draw's.
        let mut under = Risk::default();
        under.draw(u, scale, 10, 4, -2).unwrap();
        assert_eq!(under.shown(u, scale), "0.600000");
    }

    /// At the limit exactly, the exact fraction decides: (1/2)·(1/2) is 0.25, within 0.25.
    #[test]
    fn the_boundary_is_decided_exactly() {
        let (scale, u) = (1, 2);
        let quarter = Limit { num: 25, den: 100 };
        let mut r = Risk::default();
        r.draw(u, scale, 1, 1, 0).unwrap();
        assert!(!r.within(u, scale, quarter));
        r.draw(u, scale, 1, 1, 0).unwrap();
        assert!(r.within(u, scale, quarter));
        assert_eq!(
            clean_draws(&Risk::default(), u, scale, quarter, 10),
            Some(2)
        );
    }
}

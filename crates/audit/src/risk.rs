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

/// The risk of one assertion so far: an exact fraction, infinite when a draw's batch was
/// wrong by its whole bound.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Risk {
    num: BigUint,
    den: BigUint,
}

impl Default for Risk {
    fn default() -> Risk {
        Risk {
            num: BigUint::from(1u8),
            den: BigUint::from(1u8),
        }
    }
}

/// Why a draw cannot be measured: the hand count lies outside the batch's bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutsideBound;

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
        let mw = (margin as u128).checked_mul(weight).ok_or(OutsideBound)? as i128;
        let left = mw
            .checked_sub(
                (scale as i128)
                    .checked_mul(overstatement)
                    .ok_or(OutsideBound)?,
            )
            .ok_or(OutsideBound)?;
        if left < 0 || weight == 0 || total_weight < scale {
            return Err(OutsideBound);
        }
        self.num *= BigUint::from(total_weight - scale) * BigUint::from(mw as u128);
        self.den *= BigUint::from(total_weight) * BigUint::from(left as u128);
        Ok(())
    }

    /// The risk after `draws` more draws with no discrepancy.
    pub fn clean(&self, total_weight: u128, scale: u128, draws: u64) -> Risk {
        let k = u32::try_from(draws).unwrap_or(u32::MAX);
        Risk {
            num: &self.num * BigUint::from(total_weight - scale).pow(k),
            den: &self.den * BigUint::from(total_weight).pow(k),
        }
    }

    /// Is the risk at most `limit`? Exact.
    pub fn within(&self, limit: Limit) -> bool {
        self.den != BigUint::ZERO
            && &self.num * BigUint::from(limit.den) <= &self.den * BigUint::from(limit.num)
    }

    /// Has a draw found a batch wrong by its whole bound?
    pub fn infinite(&self) -> bool {
        self.den == BigUint::ZERO
    }

    /// The risk for people: at most 1, to six decimals, rounded up, so that it never shows
    /// less than it is.
    pub fn shown(&self) -> String {
        let million = BigUint::from(1_000_000u32);
        if self.infinite() || self.num >= self.den {
            return "1".into();
        }
        let up = (&self.num * &million + &self.den - BigUint::from(1u8)) / &self.den;
        let micro: u32 = up.try_into().unwrap_or(1_000_000);
        if micro >= 1_000_000 {
            "1".into()
        } else {
            format!("0.{micro:06}")
        }
    }
}

/// The fewest draws with no discrepancy after which the risk, now `risk`, is within `limit`;
/// `None` when no number of draws can bring it there, or more than `cap` would be needed.
pub fn clean_draws(
    risk: &Risk,
    total_weight: u128,
    scale: u128,
    limit: Limit,
    cap: u64,
) -> Option<u64> {
    if risk.within(limit) {
        return Some(0);
    }
    if risk.infinite() || total_weight < scale {
        return None;
    }
    // An estimate in floating point, then the exact answer found from it: the count
    // decided is the exact one.
    let ratio = 1.0 - scale as f64 / total_weight as f64;
    let now = to_f64(risk);
    let limit_f = limit.num as f64 / limit.den as f64;
    let mut n = if ratio <= 0.0 {
        1
    } else {
        ((limit_f / now).ln() / ratio.ln()).ceil().max(1.0) as u64
    };
    n = n.min(cap.saturating_add(1));
    while !risk.clean(total_weight, scale, n).within(limit) {
        if n > cap {
            return None;
        }
        n += 1 + n / 64;
    }
    while n > 1 && risk.clean(total_weight, scale, n - 1).within(limit) {
        n -= 1;
    }
    (n <= cap).then_some(n)
}

fn to_f64(r: &Risk) -> f64 {
    let shift = r.num.bits().max(r.den.bits()).saturating_sub(60);
    let n: u64 = (&r.num >> shift).try_into().unwrap_or(u64::MAX);
    let d: u64 = (&r.den >> shift).try_into().unwrap_or(u64::MAX);
    n as f64 / d.max(1) as f64
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
        assert!(!r.within(FIVE));
        assert_eq!(r.shown(), "0.051047");
        r.draw(u, scale, scale, 7, 0).unwrap();
        assert!(r.within(FIVE));
        assert_eq!(r.shown(), "0.048495");
    }

    /// A taint of 1/2 doubles the risk; a batch wrong by its whole bound makes it infinite;
    /// beyond its bound is refused.
    #[test]
    fn taints_raise_the_risk() {
        let (scale, u) = (10, 100);
        let mut r = Risk::default();
        // weight 10 = one margin; margin 4: overstatement 2 is a taint of 1/2.
        r.draw(u, scale, 10, 4, 2).unwrap();
        assert_eq!(r.shown(), "1");
        let mut clean = Risk::default();
        clean.draw(u, scale, 10, 4, 0).unwrap();
        assert_eq!(clean.shown(), "0.900000");
        let mut whole = Risk::default();
        whole.draw(u, scale, 10, 4, 4).unwrap();
        assert!(whole.infinite() && !whole.within(Limit { num: 99, den: 100 }));
        assert_eq!(Risk::default().draw(u, scale, 10, 4, 5), Err(OutsideBound));
        // An understatement lowers the risk below the clean draw's.
        let mut under = Risk::default();
        under.draw(u, scale, 10, 4, -2).unwrap();
        assert_eq!(under.shown(), "0.600000");
    }
}

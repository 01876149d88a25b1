//! Recovering a small total from tG (docs/protocol.md §10.3). A total never exceeds the number
//! of ballots counted, so baby-step giant-step over 0..=bound finds it in about 2√bound point
//! additions. The input is a decrypted total, which is public.

use sailau_group::{Identity, RistrettoPoint, G};
use std::collections::HashMap;

/// The t in 0..=bound with tG = m, if there is one. Variable time (public data).
pub fn vartime_small_log(m: &RistrettoPoint, bound: u64) -> Option<u64> {
    SmallLogs::new(bound).vartime_find(m)
}

/// The baby steps of one bound, built once for every total of a contest: the totals of a
/// contest share its bound, the number of ballots it counted.
pub struct SmallLogs {
    bound: u64,
    step: u64,
    baby: HashMap<[u8; 32], u64>,
    giant: RistrettoPoint,
}

impl SmallLogs {
    /// The table for totals in 0..=bound.
    pub fn new(bound: u64) -> SmallLogs {
        let step = bound.isqrt() + 1;
        let mut baby = HashMap::with_capacity(step as usize);
        let mut p = RistrettoPoint::identity();
        for j in 0..step {
            baby.insert(p.compress().to_bytes(), j);
            p += G;
        }
        SmallLogs {
            bound,
            step,
            baby,
            giant: -p, // −step·G
        }
    }

    /// The t in 0..=bound with tG = m, if there is one. Variable time (public data).
    pub fn vartime_find(&self, m: &RistrettoPoint) -> Option<u64> {
        let mut q = *m;
        let mut i = 0;
        while i * self.step <= self.bound {
            if let Some(j) = self.baby.get(&q.compress().to_bytes()) {
                let t = i * self.step + j;
                return (t <= self.bound).then_some(t);
            }
            q += self.giant;
            i += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sailau_group::Scalar;

    #[test]
    fn finds_every_small_total_and_nothing_past_the_bound() {
        for t in [0u64, 1, 2, 99, 100, 101, 9_999, 10_000] {
            let m = G * Scalar::from(t);
            assert_eq!(vartime_small_log(&m, 10_000), Some(t), "t = {t}");
        }
        assert_eq!(
            vartime_small_log(&(G * Scalar::from(10_001u64)), 10_000),
            None
        );
        assert_eq!(vartime_small_log(&(G * Scalar::from(7u64)), 0), None);
    }
}

//! The sample: draws with replacement, each batch with probability in proportion to its
//! weight, from SHA-256 of the public seed (docs/audit.md, "Drawing the sample"). Anyone
//! with the seed and the plan's weights repeats it.
//!
//! Draw `j` (from 1) of contest `c` hashes, for attempt `k` = 0, 1, …,
//! `SHA-256("sailau-audit/1" 0x00 seed 0x00 c 0x00 j 0x00 k)` (numbers in decimal ASCII),
//! reads its first 16 bytes as a big-endian integer `x`, and accepts it when
//! `x < ⌊(2¹²⁸ − 1)/W⌋·W`, W the total weight; then `r = x mod W` is uniform on [0, W), and
//! the batch drawn is the one whose span of the running sum of weights, in the plan's order,
//! holds `r`. Rejection removes the modulo's bias exactly.

use sha2::{Digest, Sha256};

/// The domain of every hash of the sample.
pub const DOMAIN: &str = "sailau-audit/1";

/// The fewest digits a seed may have: 20 decimal digits, about 66 bits, as from dice
/// rolled in public.
pub const SEED_DIGITS: usize = 20;

/// Is `seed` a public seed: decimal digits only, at least [`SEED_DIGITS`] of them?
pub fn valid_seed(seed: &str) -> bool {
    seed.len() >= SEED_DIGITS && seed.len() <= 256 && seed.bytes().all(|b| b.is_ascii_digit())
}

/// The draws of one contest: each the index of a batch, by the running sum of `weights`.
pub struct Draws<'a> {
    seed: &'a str,
    contest: &'a str,
    /// The running sum: `ends[i]` is the sum of the weights of batches `0..=i`.
    ends: Vec<u128>,
    next: u64,
}

impl<'a> Draws<'a> {
    /// The draws over batches of these weights (none may make the sum overflow).
    pub fn new(seed: &'a str, contest: &'a str, weights: &[u128]) -> Draws<'a> {
        let ends = weights
            .iter()
            .scan(0u128, |sum, &w| {
                *sum += w;
                Some(*sum)
            })
            .collect();
        Draws {
            seed,
            contest,
            ends,
            next: 1,
        }
    }

    /// The total weight.
    pub fn total(&self) -> u128 {
        self.ends.last().copied().unwrap_or(0)
    }

    fn uniform(&self, j: u64) -> u128 {
        let total = self.total();
        let zone = (u128::MAX / total) * total;
        (0u64..)
            .map(|k| {
                let mut h = Sha256::new();
                for part in [DOMAIN, self.seed, self.contest, &j.to_string()] {
                    h.update(part.as_bytes());
                    h.update([0u8]);
                }
                h.update(k.to_string().as_bytes());
                let d = h.finalize();
                u128::from_be_bytes(d[..16].try_into().expect("16 bytes"))
            })
            .find(|&x| x < zone)
            .expect("an attempt is accepted with probability above 1/2")
            % total
    }
}

impl Iterator for Draws<'_> {
    type Item = usize;

    /// The next draw's batch; none when every weight is zero.
    fn next(&mut self) -> Option<usize> {
        if self.total() == 0 {
            return None;
        }
        let r = self.uniform(self.next);
        self.next += 1;
        Some(self.ends.partition_point(|&end| end <= r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_are_digits() {
        assert!(valid_seed("12345678901234567890"));
        assert!(!valid_seed("1234567890123456789"));
        assert!(!valid_seed("1234567890123456789x"));
    }

    /// The first draw, hashed here by hand: SHA-256 of
    /// "sailau-audit/1\0" "12345678901234567890\0" "c\0" "1\0" "0".
    #[test]
    fn a_draw_is_the_documented_hash() {
        let mut h = Sha256::new();
        h.update(b"sailau-audit/1\x0012345678901234567890\x00c\x001\x000");
        let d = h.finalize();
        let x = u128::from_be_bytes(d[..16].try_into().unwrap());
        let total = 1_000_003u128;
        assert!(x < (u128::MAX / total) * total);
        let weights = vec![1u128; 1_000_003];
        let mut draws = Draws::new("12345678901234567890", "c", &weights);
        assert_eq!(draws.next(), Some((x % total) as usize));
    }

    /// Zero weights are never drawn, and the draws follow the weights.
    #[test]
    fn draws_follow_the_weights() {
        let weights = [0u128, 1, 0, 3];
        let mut seen = [0u32; 4];
        for b in Draws::new("98765432109876543210", "list", &weights).take(4000) {
            seen[b] += 1;
        }
        assert_eq!((seen[0], seen[2]), (0, 0));
        // 1 : 3, within five standard deviations of 1000 : 3000.
        assert!((seen[1] as i64 - 1000).abs() < 140, "{seen:?}");
    }
}

//! Verification equations and how they are evaluated (docs/protocol.md §6.5).
//!
//! Every check of a proof is an equation gG + kK + Σ sᵢPᵢ = 0 over public points. Evaluated
//! one by one, each is a small multiscalar multiplication. Batched, the equations of many
//! ballots are multiplied by independent random 128-bit weights and added into one large
//! multiscalar multiplication: if any equation is false, the sum is zero with probability at
//! most 2^-128. When a batch fails, bisection finds the ballots at fault (§12).

use rand_core::{CryptoRng, RngCore};
use sailau_group::{Identity, IsIdentity, RistrettoPoint, Scalar, VartimeMultiscalarMul, G};

/// gG + kK + Σ s·points[i] = 0.
#[derive(Clone, Debug)]
pub struct Equation {
    pub g: Scalar,
    pub k: Scalar,
    pub terms: Vec<(Scalar, usize)>,
}

/// Equations over a shared list of points: one ballot's, or one check's.
pub struct System<Id> {
    pub points: Vec<RistrettoPoint>,
    pub equations: Vec<(Id, Equation)>,
}

impl<Id> Default for System<Id> {
    fn default() -> Self {
        System {
            points: Vec::new(),
            equations: Vec::new(),
        }
    }
}

impl<Id: Copy> System<Id> {
    pub fn point(&mut self, p: RistrettoPoint) -> usize {
        self.points.push(p);
        self.points.len() - 1
    }

    /// The ids of the equations that do not hold, each evaluated on its own (variable time:
    /// everything here is public).
    pub fn vartime_failures(&self, k: &RistrettoPoint) -> Vec<Id> {
        self.equations
            .iter()
            .filter(|(_, e)| !vartime_holds(e, &self.points, k))
            .map(|(id, _)| *id)
            .collect()
    }
}

fn vartime_holds(e: &Equation, points: &[RistrettoPoint], k: &RistrettoPoint) -> bool {
    let scalars = [e.g, e.k].into_iter().chain(e.terms.iter().map(|t| t.0));
    let pts = [G, *k]
        .into_iter()
        .chain(e.terms.iter().map(|t| points[t.1]));
    RistrettoPoint::vartime_multiscalar_mul(scalars, pts).is_identity()
}

/// True when every equation of every system holds, tested as one random linear combination.
pub fn vartime_batch_holds<Id>(
    systems: &[&System<Id>],
    k: &RistrettoPoint,
    rng: &mut (impl RngCore + CryptoRng),
) -> bool {
    let n: usize = systems.iter().map(|s| s.points.len()).sum();
    let mut scalars = Vec::with_capacity(n + 2);
    let mut points = Vec::with_capacity(n + 2);
    let (mut g, mut kk) = (Scalar::ZERO, Scalar::ZERO);
    for s in systems {
        let base = scalars.len();
        scalars.extend(std::iter::repeat_n(Scalar::ZERO, s.points.len()));
        points.extend_from_slice(&s.points);
        for (_, e) in &s.equations {
            let z = Scalar::from(u128::from(rng.next_u64()) << 64 | u128::from(rng.next_u64()));
            g += z * e.g;
            kk += z * e.k;
            for (c, i) in &e.terms {
                scalars[base + i] += z * c;
            }
        }
    }
    scalars.push(g);
    points.push(G);
    scalars.push(kk);
    points.push(*k);
    RistrettoPoint::vartime_multiscalar_mul(scalars, points) == RistrettoPoint::identity()
}

/// The positions in `systems` whose equations fail, found by bisection: a batch that holds
/// clears all its systems at once; one that fails is split in two.
pub fn vartime_bisect<Id>(
    systems: &[&System<Id>],
    k: &RistrettoPoint,
    rng: &mut (impl RngCore + CryptoRng),
) -> Vec<usize> {
    let mut bad = Vec::new();
    let mut stack = vec![(0, systems.len())];
    while let Some((lo, hi)) = stack.pop() {
        if lo == hi || vartime_batch_holds(&systems[lo..hi], k, rng) {
            continue;
        }
        if hi - lo == 1 {
            bad.push(lo);
        } else {
            let mid = (lo + hi) / 2;
            stack.push((mid, hi));
            stack.push((lo, mid));
        }
    }
    bad
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    /// One equation xG − P = 0, true when P = xG.
    fn system(x: u64, p: u64) -> System<()> {
        let mut s = System::default();
        let i = s.point(G * Scalar::from(p));
        s.equations.push((
            (),
            Equation {
                g: Scalar::from(x),
                k: Scalar::ZERO,
                terms: vec![(-Scalar::ONE, i)],
            },
        ));
        s
    }

    #[test]
    fn bisection_finds_exactly_the_false_systems() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let k = G * Scalar::from(5u64);
        let bad = [0usize, 7, 8, 29];
        let systems: Vec<System<()>> = (0..30)
            .map(|i| system(i as u64, i as u64 + u64::from(bad.contains(&i))))
            .collect();
        let refs: Vec<&System<()>> = systems.iter().collect();
        let mut found = vartime_bisect(&refs, &k, &mut rng);
        found.sort();
        assert_eq!(found, bad);
        assert!(!vartime_batch_holds(&refs, &k, &mut rng));
        assert!(vartime_batch_holds(&refs[1..7], &k, &mut rng));
        assert!(vartime_bisect(&refs[9..29], &k, &mut rng).is_empty());
    }
}

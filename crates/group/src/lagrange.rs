//! Lagrange coefficients at zero (docs/protocol.md §10.2). Guardians are numbered 1..=n; the
//! secret key is f(0) for the joint polynomial f, and any k distinct shares f(i) give it back as
//! Σ λ_i f(i) with λ_i = Π_{j≠i} j / (j − i). Inputs are public, so plain arithmetic is fine.

use curve25519_dalek::scalar::Scalar;

/// Why coefficients cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LagrangeError {
    /// An index is 0: guardians are numbered from 1, and f(0) is the secret itself.
    #[error("guardian index 0 is not allowed: indices start at 1")]
    Zero,
    /// A guardian's index appears twice, which would make a coefficient divide by zero.
    #[error("guardian {0} appears twice")]
    Duplicate(u32),
}

/// λ_i for each index of `indices`, in the same order.
pub fn lagrange_at_zero(indices: &[u32]) -> Result<Vec<Scalar>, LagrangeError> {
    for (n, &i) in indices.iter().enumerate() {
        if i == 0 {
            return Err(LagrangeError::Zero);
        }
        if indices[..n].contains(&i) {
            return Err(LagrangeError::Duplicate(i));
        }
    }
    Ok(indices
        .iter()
        .map(|&i| {
            let (mut num, mut den) = (Scalar::ONE, Scalar::ONE);
            for &j in indices.iter().filter(|&&j| j != i) {
                num *= Scalar::from(j);
                den *= Scalar::from(j) - Scalar::from(i);
            }
            num * den.invert()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coefficients_interpolate_a_line_and_a_parabola() {
        // f(x) = 7 + 3x + 2x²: the shares at 1, 3, 4 give back f(0) = 7.
        let f = |x: u64| Scalar::from(7 + 3 * x + 2 * x * x);
        let l = lagrange_at_zero(&[1, 3, 4]).unwrap();
        assert_eq!(l[0] * f(1) + l[1] * f(3) + l[2] * f(4), Scalar::from(7u64));
        assert_eq!(lagrange_at_zero(&[2, 2]), Err(LagrangeError::Duplicate(2)));
        assert_eq!(lagrange_at_zero(&[0, 1]), Err(LagrangeError::Zero));
    }
}

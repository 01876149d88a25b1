//! The homomorphic tally (docs/protocol.md §9): for each option, the component-wise sum of its
//! ciphertexts over the cast ballots. Challenged ballots are never added.

use crate::ballot::EncryptedBallot;
use crate::el_gamal::{Ciphertext, Encoded};
use crate::Manifest;
use sailau_group::{Identity, RistrettoPoint};

/// One contest's encrypted totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TalliedContest {
    pub contest: String,
    /// Cast ballots that carried this contest.
    pub ballots: u64,
    /// One ciphertext per option, in manifest order.
    pub options: Vec<Ciphertext>,
}

/// The encrypted totals of every contest, in manifest order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptedTally {
    pub contests: Vec<TalliedContest>,
}

/// Adds up the cast ballots. The caller passes only cast ballots.
pub fn encrypted_tally<'b>(
    manifest: &Manifest,
    cast: impl IntoIterator<Item = &'b EncryptedBallot>,
) -> EncryptedTally {
    let mut sums: Vec<(u64, Vec<(RistrettoPoint, RistrettoPoint)>)> = manifest
        .contests
        .iter()
        .map(|c| {
            let zero = (RistrettoPoint::identity(), RistrettoPoint::identity());
            (0, vec![zero; c.options.len()])
        })
        .collect();
    for b in cast {
        for c in &b.contests {
            let Some(i) = manifest.contests.iter().position(|s| s.id == c.contest) else {
                continue;
            };
            sums[i].0 += 1;
            for (sum, s) in sums[i].1.iter_mut().zip(&c.selections) {
                sum.0 += s.ciphertext.alpha.point;
                sum.1 += s.ciphertext.beta.point;
            }
        }
    }
    EncryptedTally {
        contests: manifest
            .contests
            .iter()
            .zip(sums)
            .map(|(spec, (ballots, options))| TalliedContest {
                contest: spec.id.clone(),
                ballots,
                options: options
                    .into_iter()
                    .map(|(a, b)| Ciphertext {
                        alpha: Encoded::new(a),
                        beta: Encoded::new(b),
                    })
                    .collect(),
            })
            .collect(),
    }
}

impl EncryptedTally {
    /// Only the contests in `ids`, still in manifest order: a polling station tallies (and the
    /// guardians decrypt) the contests of its own ballot style, not every contest of the
    /// election (§9).
    pub fn restricted_to(mut self, ids: &[String]) -> EncryptedTally {
        self.contests.retain(|c| ids.contains(&c.contest));
        self
    }
}

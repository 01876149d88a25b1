//! The homomorphic tally (docs/protocol.md §9): for each option, the component-wise sum of its
//! ciphertexts over the cast ballots. Challenged ballots are never added.

use crate::ballot::EncryptedBallot;
use crate::el_gamal::{Ciphertext, Encoded};
use crate::Manifest;
use sailau_group::{Identity, RistrettoPoint};

/// One contest's encrypted totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TalliedContest {
    /// The id of the manifest contest these totals are for.
    pub contest: String,
    /// Cast ballots that carried this contest.
    pub ballots: u64,
    /// One ciphertext per option, in manifest order.
    pub options: Vec<Ciphertext>,
}

/// The encrypted totals of every contest, in manifest order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptedTally {
    /// The tallied contests in manifest order: every contest, or after
    /// [`EncryptedTally::restricted_to`] those of one ballot style (§9).
    pub contests: Vec<TalliedContest>,
}

/// Running sums of the ciphertexts, per manifest contest: ballots counted and, per option,
/// (Σα, Σβ). Shared by every way of reading ballots into a tally.
pub(crate) struct Sums(Vec<(u64, Vec<(RistrettoPoint, RistrettoPoint)>)>);

impl Sums {
    pub(crate) fn new(manifest: &Manifest) -> Sums {
        let zero = (RistrettoPoint::identity(), RistrettoPoint::identity());
        Sums(
            manifest
                .contests
                .iter()
                .map(|c| (0, vec![zero; c.options.len()]))
                .collect(),
        )
    }

    /// The number of options of manifest contest `i`.
    pub(crate) fn options(&self, i: usize) -> usize {
        self.0[i].1.len()
    }

    /// Adds one ballot's ciphertexts for manifest contest `i`.
    pub(crate) fn add(
        &mut self,
        i: usize,
        cts: impl IntoIterator<Item = (RistrettoPoint, RistrettoPoint)>,
    ) {
        let (ballots, sums) = &mut self.0[i];
        *ballots += 1;
        for (sum, (a, b)) in sums.iter_mut().zip(cts) {
            sum.0 += a;
            sum.1 += b;
        }
    }

    /// The tally, every contest in manifest order, each total encoded.
    pub(crate) fn finish(self, manifest: &Manifest) -> EncryptedTally {
        EncryptedTally {
            contests: manifest
                .contests
                .iter()
                .zip(self.0)
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
}

/// Adds up the cast ballots. The caller passes only cast ballots.
pub fn encrypted_tally<'b>(
    manifest: &Manifest,
    cast: impl IntoIterator<Item = &'b EncryptedBallot>,
) -> EncryptedTally {
    let mut sums = Sums::new(manifest);
    for b in cast {
        for c in &b.contests {
            let Some(i) = manifest.contests.iter().position(|s| s.id == c.contest) else {
                continue;
            };
            sums.add(
                i,
                c.selections
                    .iter()
                    .map(|s| (s.ciphertext.alpha.point, s.ciphertext.beta.point)),
            );
        }
    }
    sums.finish(manifest)
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

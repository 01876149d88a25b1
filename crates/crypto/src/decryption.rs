//! Threshold decryption of the totals (docs/protocol.md §10).
//!
//! Guardian j publishes D = s_jA for each total (A, B), with a Chaum-Pedersen proof (§6.4)
//! that log_G K_j = log_A D. Any set S of at least k guardians combines their shares with the
//! Lagrange coefficients of S (§10.2): Σ λ_j D_j = sA, so B − sA = tG, and t is recovered
//! (§10.3). Fewer than k shares interpolate to the wrong polynomial and give nothing.

use crate::el_gamal::{Ciphertext, Encoded};
use crate::guardian::GuardianKey;
use crate::tally::EncryptedTally;
use crate::{dlog, Election};
use rand_core::CryptoRngCore;
use sailau_group::{
    domain, lagrange_at_zero, IsIdentity, RistrettoPoint, Scalar, Transcript,
    VartimeMultiscalarMul, G, RISTRETTO_BASEPOINT_TABLE,
};
use zeroize::Zeroizing;

/// The commitments (a, b) = (uG, uA) and response v = u − cs_j of §6.4.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecryptionProof {
    /// The commitment a = uG.
    pub a: Encoded,
    /// The commitment b = uA, on the total's α.
    pub b: Encoded,
    /// The response v = u − c·s_j, with c recomputed from the statement.
    pub v: Scalar,
}

/// One guardian's share of one total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecryptionShare {
    /// The guardian's share D = s_jA of the total (A, B) (§10.1).
    pub share: Encoded,
    /// The proof that log_A D = log_G K_j (§6.4).
    pub proof: DecryptionProof,
}

/// One guardian's shares of every total: per contest, per option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartialDecryption {
    /// The guardian's index j, 1..=n (§4.1).
    pub guardian: u32,
    /// Per tallied contest, per option, the guardian's share of that total, in the tally's
    /// order.
    pub shares: Vec<Vec<DecryptionShare>>,
}

/// Why totals cannot be decrypted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecryptionError {
    /// Fewer partial decryptions were given than the quorum k (§10.2).
    #[error("{have} guardians took part; the quorum is {need}")]
    Quorum {
        /// How many guardians took part.
        have: usize,
        /// The quorum k.
        need: u32,
    },
    /// A partial names an index outside 1..=n, or two partials name the same guardian.
    #[error("guardian {0} is not a guardian of this election, or took part twice")]
    Guardian(u32),
    /// A share's decryption proof (§6.4) does not verify against K_j and the total.
    #[error(
        "guardian {guardian}: the share of contest '{contest}', option {option} does not prove"
    )]
    Proof {
        /// The guardian whose share fails.
        guardian: u32,
        /// The contest of the total.
        contest: String,
        /// The option's index in the contest, from 0.
        option: usize,
    },
    /// A guardian's shares are not one per option of every tallied contest.
    #[error("guardian {0}: shares do not match the tally's shape")]
    Shape(u32),
    /// A combined total is tG for no t in 0..=bound: a share or the tally is wrong. It is
    /// reported, never guessed (§10.3).
    #[error("contest '{contest}', option {option}: the total is not between 0 and {bound}")]
    Total {
        /// The contest of the total.
        contest: String,
        /// The option's index in the contest, from 0.
        option: usize,
        /// The contest's number of cast ballots, the largest possible total.
        bound: u64,
    },
}

/// The statement of a decryption proof up to its commitments (§6.4).
pub(crate) fn statement(
    h_e: &[u8; 32],
    guardian: u32,
    contest: &str,
    option: usize,
    vartime_public_share: &[u8; 32],
    ct: &Ciphertext,
    share: &[u8; 32],
) -> Transcript {
    let mut t = Transcript::new(domain::DECRYPTION_PROOF);
    t.bytes(b"extended-base-hash", h_e);
    t.u64(b"guardian", u64::from(guardian));
    t.bytes(b"contest", contest.as_bytes());
    t.u64(b"option", option as u64);
    t.point(b"K_j", vartime_public_share);
    t.point(b"A", &ct.alpha.bytes);
    t.point(b"B", &ct.beta.bytes);
    t.point(b"D", share);
    t
}

/// Guardian `key`'s shares of every total, with proofs (§10.1). Constant time in the share.
pub fn partial_decrypt(
    key: &GuardianKey,
    election: &Election,
    tally: &EncryptedTally,
    rng: &mut impl CryptoRngCore,
) -> PartialDecryption {
    let h_e = election.extended_base_hash();
    let vartime_public_share = Encoded::new(RISTRETTO_BASEPOINT_TABLE * &key.share).bytes;
    let shares = tally
        .contests
        .iter()
        .map(|c| {
            c.options
                .iter()
                .enumerate()
                .map(|(i, ct)| {
                    let share = Encoded::new(ct.alpha.point * key.share);
                    let u = Zeroizing::new(Scalar::random(rng));
                    let a = Encoded::new(RISTRETTO_BASEPOINT_TABLE * &*u);
                    let b = Encoded::new(ct.alpha.point * *u);
                    let mut t = statement(
                        &h_e,
                        key.index,
                        &c.contest,
                        i,
                        &vartime_public_share,
                        ct,
                        &share.bytes,
                    );
                    t.point(b"a", &a.bytes);
                    t.point(b"b", &b.bytes);
                    let ch = t.challenge(b"c");
                    DecryptionShare {
                        share,
                        proof: DecryptionProof {
                            a,
                            b,
                            v: *u - ch * key.share,
                        },
                    }
                })
                .collect()
        })
        .collect();
    PartialDecryption {
        guardian: key.index,
        shares,
    }
}

/// Checks every share's proof and combines them into the totals (§10.2, §10.3).
pub fn vartime_combine(
    election: &Election,
    tally: &EncryptedTally,
    partials: &[PartialDecryption],
) -> Result<Vec<Vec<u64>>, DecryptionError> {
    let joint = &election.joint;
    if partials.len() < joint.quorum as usize {
        return Err(DecryptionError::Quorum {
            have: partials.len(),
            need: joint.quorum,
        });
    }
    let indices: Vec<u32> = partials.iter().map(|p| p.guardian).collect();
    for (n, &i) in indices.iter().enumerate() {
        if i == 0 || i as usize > joint.guardians.len() || indices[..n].contains(&i) {
            return Err(DecryptionError::Guardian(i));
        }
    }
    let lambdas = lagrange_at_zero(&indices).expect("indices checked above");
    let h_e = election.extended_base_hash();
    for p in partials {
        vartime_check_partial(&h_e, election, tally, p)?;
    }
    tally
        .contests
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let logs = dlog::SmallLogs::new(c.ballots);
            c.options
                .iter()
                .enumerate()
                .map(|(oi, ct)| {
                    let combined = RistrettoPoint::vartime_multiscalar_mul(
                        &lambdas,
                        partials.iter().map(|p| p.shares[ci][oi].share.point),
                    );
                    logs.vartime_find(&(ct.beta.point - combined))
                        .ok_or(DecryptionError::Total {
                            contest: c.contest.clone(),
                            option: oi,
                            bound: c.ballots,
                        })
                })
                .collect()
        })
        .collect()
}

/// Checks one guardian's shares of `tally` and their proofs (§10.1, §6.4), as they arrive,
/// before the quorum is complete: a station refuses a bad share at once, naming it.
pub fn vartime_check_one(
    election: &Election,
    tally: &EncryptedTally,
    p: &PartialDecryption,
) -> Result<(), DecryptionError> {
    if p.guardian == 0 || p.guardian as usize > election.joint.guardians.len() {
        return Err(DecryptionError::Guardian(p.guardian));
    }
    vartime_check_partial(&election.extended_base_hash(), election, tally, p)
}

fn vartime_check_partial(
    h_e: &[u8; 32],
    election: &Election,
    tally: &EncryptedTally,
    p: &PartialDecryption,
) -> Result<(), DecryptionError> {
    let k_j = election.joint.vartime_public_share(p.guardian);
    let k_enc = k_j.compress().to_bytes();
    if p.shares.len() != tally.contests.len()
        || p.shares
            .iter()
            .zip(&tally.contests)
            .any(|(s, c)| s.len() != c.options.len())
    {
        return Err(DecryptionError::Shape(p.guardian));
    }
    let challenges: Vec<Vec<Scalar>> = tally
        .contests
        .iter()
        .zip(&p.shares)
        .map(|(c, shares)| {
            c.options
                .iter()
                .zip(shares)
                .enumerate()
                .map(|(i, (ct, s))| {
                    let mut t =
                        statement(h_e, p.guardian, &c.contest, i, &k_enc, ct, &s.share.bytes);
                    t.point(b"a", &s.proof.a.bytes);
                    t.point(b"b", &s.proof.b.bytes);
                    t.challenge(b"c")
                })
                .collect()
        })
        .collect();
    if vartime_batch_holds(tally, p, &k_j, &challenges) {
        return Ok(());
    }
    // The batch failed: the equations one by one decide, and name the share at fault.
    for ((c, shares), chs) in tally.contests.iter().zip(&p.shares).zip(&challenges) {
        for (i, ((ct, s), ch)) in c.options.iter().zip(shares).zip(chs).enumerate() {
            let ok_a = RistrettoPoint::vartime_double_scalar_mul_basepoint(ch, &k_j, &s.proof.v)
                == s.proof.a.point;
            let ok_b = RistrettoPoint::vartime_multiscalar_mul(
                [s.proof.v, *ch],
                [ct.alpha.point, s.share.point],
            ) == s.proof.b.point;
            if !(ok_a && ok_b) {
                return Err(DecryptionError::Proof {
                    guardian: p.guardian,
                    contest: c.contest.clone(),
                    option: i,
                });
            }
        }
    }
    Ok(())
}

/// Every share's two equations a = vG + cK_j and b = vA + cD (§6.4), each weighted by an
/// independent random 128-bit scalar and summed into one multiscalar multiplication (§6.5):
/// if any equation is false, the sum vanishes with probability at most 2^-128.
fn vartime_batch_holds(
    tally: &EncryptedTally,
    p: &PartialDecryption,
    k_j: &RistrettoPoint,
    challenges: &[Vec<Scalar>],
) -> bool {
    let mut w = crate::batch::Weights::new();
    let n: usize = p.shares.iter().map(Vec::len).sum();
    let mut scalars = Vec::with_capacity(4 * n + 2);
    let mut points = Vec::with_capacity(4 * n + 2);
    let (mut g, mut k) = (Scalar::ZERO, Scalar::ZERO);
    for ((c, shares), chs) in tally.contests.iter().zip(&p.shares).zip(challenges) {
        for ((ct, s), ch) in c.options.iter().zip(shares).zip(chs) {
            let (z1, z2) = (w.next(), w.next());
            g += z1 * s.proof.v;
            k += z1 * ch;
            scalars.extend([-z1, z2 * s.proof.v, z2 * ch, -z2]);
            points.extend([
                s.proof.a.point,
                ct.alpha.point,
                s.share.point,
                s.proof.b.point,
            ]);
        }
    }
    scalars.extend([g, k]);
    points.extend([G, *k_j]);
    RistrettoPoint::vartime_multiscalar_mul(scalars, points).is_identity()
}

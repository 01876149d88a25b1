//! Ballot encryption (docs/protocol.md §5), its proofs (§6.1, §6.2), confirmation codes (§7)
//! and the opening of a challenged ballot (§8).
//!
//! A ballot is identified by the device that encrypted it and the device's sequence number;
//! both are bound into every proof, so a ciphertext cannot be moved to another ballot, another
//! contest or another option without its proof failing.

use crate::el_gamal::{Ciphertext, Halves};
use crate::range_proof::{PendingRange, RangeProof};
use crate::Election;
use rand_core::CryptoRngCore;
use sailau_group::{domain, Identity, RistrettoPoint, Scalar, Transcript};
use subtle::{ConditionallySelectable, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// One option's mark, encrypted, with its proof that it is 0 or 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptedSelection {
    /// The mark encrypted under K: (α, β) = (rG, mG + rK) (§5.1).
    pub ciphertext: Ciphertext,
    /// The selection range proof that the mark is 0 or 1: two branches, m = 0, 1 (§6.1).
    pub proof: RangeProof,
}

/// One contest: a selection per option, and a proof that the marks add up to min..=max.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptedContest {
    /// The id of the manifest contest these selections belong to.
    pub contest: String,
    /// One encrypted selection per option, in the manifest's option order.
    pub selections: Vec<EncryptedSelection>,
    /// The contest range proof over the sum of the selections: one branch per allowed number
    /// of marks, min..=max (§6.2).
    pub proof: RangeProof,
}

/// An encrypted ballot with its confirmation code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptedBallot {
    /// The id of the device that encrypted the ballot, bound into every proof and the code.
    pub device: String,
    /// The ballot's sequence number on its device, from 0 (§7.2).
    pub seq: u64,
    /// The id of the voter's ballot style (§5.3).
    pub style: String,
    /// One per contest the voter received, in the style's order (§5.3).
    pub contests: Vec<EncryptedContest>,
    /// The code of the device's previous ballot, or the chain start (§7.2).
    pub prev: [u8; 32],
    /// The confirmation code: the hash of the ballot's place in its chain and of its
    /// ciphertexts (§7.1).
    pub code: [u8; 32],
}

/// A voter's marks: for each contest the voter receives, in order, one flag per option.
///
/// A voter receives every contest of the style, except a voter with an absentee certificate,
/// who receives only the contests it covers: then `contests` lists some of the style's
/// contests, in the style's order (§5.3).
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct PlaintextBallot {
    /// The id of the voter's ballot style.
    #[zeroize(skip)]
    pub style: String,
    /// The ids of the contests the voter receives, in the style's order.
    #[zeroize(skip)]
    pub contests: Vec<String>,
    /// Per contest, one flag per option in option order, true when marked. Secret: zeroized
    /// on drop and never printed by `Debug`.
    pub marks: Vec<Vec<bool>>,
}

impl PlaintextBallot {
    /// Marks for every contest of `style`, in the style's order.
    pub fn full(manifest: &crate::Manifest, style: &str, marks: Vec<Vec<bool>>) -> Self {
        PlaintextBallot {
            style: style.to_string(),
            contests: manifest
                .style(style)
                .map(|s| s.contests.clone())
                .unwrap_or_default(),
            marks,
        }
    }
}

impl std::fmt::Debug for PlaintextBallot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PlaintextBallot({}, marks withheld)", self.style)
    }
}

/// What opens a ballot (§8): each selection's value and nonce. Secret until the voter
/// challenges; wiped on drop, which is its fate when the ballot is cast.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Opening {
    /// Per contest, per selection, the value v the selection encrypts (0 or 1 from an honest
    /// device). Secret until the ballot is challenged; zeroized on drop.
    pub values: Vec<Vec<u64>>,
    /// Per contest, per selection, the nonce r with α = rG (§5.2). Secret until the ballot is
    /// challenged; zeroized on drop.
    pub nonces: Vec<Vec<Scalar>>,
}

impl std::fmt::Debug for Opening {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Opening(withheld)")
    }
}

/// Why a ballot cannot be encrypted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BallotError {
    /// The ballot names a style the manifest does not have.
    #[error("unknown ballot style '{0}'")]
    Style(String),
    /// The ballot's contests are not some of its style's: at least one, each once, in the
    /// style's order (§5.3).
    #[error("the ballot's contests are not some of style '{0}''s contests, in its order")]
    NotInStyle(String),
    /// The ballot lists a different number of contests than it has marks for.
    #[error("the ballot lists {contests} contests and marks {marks}")]
    Contests {
        /// How many contests the ballot lists.
        contests: usize,
        /// How many contests it has marks for.
        marks: usize,
    },
    /// A contest's marks are not one per option.
    #[error("contest '{contest}' has {expected} options; the ballot marks {found}")]
    Options {
        /// The contest at fault.
        contest: String,
        /// Its number of options in the manifest.
        expected: usize,
        /// The number of marks the ballot gives it.
        found: usize,
    },
    /// A contest carries fewer than min or more than max marks; refused before any secret
    /// arithmetic (§5.3).
    #[error("contest '{contest}' allows {min} to {max} marks")]
    Marks {
        /// The contest at fault.
        contest: String,
        /// The fewest marks the contest allows.
        min: u64,
        /// The most marks the contest allows.
        max: u64,
    },
}

/// A device that encrypts ballots: a voting terminal. It keeps only its sequence number and
/// the last confirmation code, never a ballot.
pub struct Device<'e> {
    election: &'e Election,
    id: String,
    seq: u64,
    prev: [u8; 32],
}

/// The start of a device's chain (§7.2).
pub fn chain_start(extended_base_hash: &[u8; 32], device: &str) -> [u8; 32] {
    let mut t = Transcript::new(domain::CHAIN_START);
    t.bytes(b"extended-base-hash", extended_base_hash);
    t.bytes(b"device", device.as_bytes());
    t.digest(b"start")
}

/// The confirmation code (§7.1): a hash of the ballot's place in its device's chain and of its
/// ciphertexts. The ciphertexts reveal nothing of the marks, so neither does the code.
pub fn confirmation_code(extended_base_hash: &[u8; 32], b: &EncryptedBallot) -> [u8; 32] {
    let mut t = Transcript::new(domain::CONFIRMATION_CODE);
    t.bytes(b"extended-base-hash", extended_base_hash);
    t.bytes(b"device", b.device.as_bytes());
    t.u64(b"seq", b.seq);
    t.bytes(b"prev", &b.prev);
    t.bytes(b"style", b.style.as_bytes());
    t.u64(b"contests", b.contests.len() as u64);
    for c in &b.contests {
        t.bytes(b"contest", c.contest.as_bytes());
        t.u64(b"selections", c.selections.len() as u64);
        for s in &c.selections {
            t.point(b"alpha", &s.ciphertext.alpha.bytes);
            t.point(b"beta", &s.ciphertext.beta.bytes);
        }
    }
    t.digest(b"code")
}

/// The code as a voter reads it (§7.3): the first 80 bits in Crockford's base 32, in four
/// groups of four (no I, L, O or U to misread).
pub fn display_code(code: &[u8; 32]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let bits = code[..10]
        .iter()
        .fold(0u128, |acc, &b| acc << 8 | u128::from(b));
    (0..16)
        .map(|i| ALPHABET[(bits >> (75 - 5 * i) & 31) as usize] as char)
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The first 80 bits of a code from its display form (§7.3), as a voter may type it: in
/// either case, with or without the dashes or with spaces, and with the letters Crockford's
/// base 32 reads as digits (O as 0; I and L as 1). None if it is not 16 such characters.
pub fn parse_display_code(text: &str) -> Option<[u8; 10]> {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bits = 0u128;
    let mut n = 0;
    for c in text.chars().filter(|c| !matches!(c, '-' | ' ')) {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        let v = ALPHABET.iter().position(|&a| char::from(a) == c)?;
        bits = bits << 5 | v as u128;
        n += 1;
        if n > 16 {
            return None;
        }
    }
    if n != 16 {
        return None;
    }
    bits.to_be_bytes()[6..].try_into().ok()
}

fn statement(
    dom: &'static [u8],
    h_e: &[u8; 32],
    device: &str,
    seq: u64,
    contest: &str,
) -> Transcript {
    let mut t = Transcript::new(dom);
    t.bytes(b"extended-base-hash", h_e);
    t.bytes(b"device", device.as_bytes());
    t.u64(b"seq", seq);
    t.bytes(b"contest", contest.as_bytes());
    t
}

/// The transcript of a selection proof up to its commitments (§6.1).
pub(crate) fn selection_statement(
    h_e: &[u8; 32],
    device: &str,
    seq: u64,
    contest: &str,
    index: usize,
    ct: &Ciphertext,
) -> Transcript {
    let mut t = statement(domain::SELECTION_PROOF, h_e, device, seq, contest);
    t.u64(b"selection", index as u64);
    t.point(b"alpha", &ct.alpha.bytes);
    t.point(b"beta", &ct.beta.bytes);
    t.u64(b"min", 0);
    t.u64(b"max", 1);
    t
}

/// The transcript of a contest proof up to its commitments (§6.2): every selection's
/// ciphertext, from which the verifier sums (A, B) itself.
pub(crate) fn contest_statement(
    h_e: &[u8; 32],
    device: &str,
    seq: u64,
    contest: &str,
    cts: &[Ciphertext],
    (min, max): (u64, u64),
) -> Transcript {
    let mut t = statement(domain::CONTEST_PROOF, h_e, device, seq, contest);
    t.u64(b"selections", cts.len() as u64);
    for ct in cts {
        t.point(b"alpha", &ct.alpha.bytes);
        t.point(b"beta", &ct.beta.bytes);
    }
    t.u64(b"min", min);
    t.u64(b"max", max);
    t
}

impl<'e> Device<'e> {
    /// A device at the start of its chain.
    pub fn new(election: &'e Election, id: &str) -> Self {
        Self::resume(
            election,
            id,
            0,
            chain_start(&election.extended_base_hash(), id),
        )
    }

    /// A device that has already encrypted `seq` ballots, the last with code `prev`.
    pub fn resume(election: &'e Election, id: &str, seq: u64, prev: [u8; 32]) -> Self {
        Device {
            election,
            id: id.to_string(),
            seq,
            prev,
        }
    }

    /// Encrypts a ballot with all its proofs and advances the chain. The opening is returned
    /// for a Benaloh challenge; a cast ballot's opening is simply dropped (and wiped).
    pub fn encrypt(
        &mut self,
        plain: &PlaintextBallot,
        rng: &mut impl CryptoRngCore,
    ) -> Result<(EncryptedBallot, Opening), BallotError> {
        check(self.election, plain)?;
        let values: Vec<Vec<u64>> = plain
            .marks
            .iter()
            .map(|c| c.iter().map(|&m| u64::from(m)).collect())
            .collect();
        let out = self.encrypt_values_for(&plain.style, &plain.contests, &values, rng);
        let mut values = values;
        values.zeroize();
        Ok(out)
    }

    /// Encrypts arbitrary values without checking them. Only for tests that play a cheating
    /// device: a value outside its range yields a proof that no verifier accepts.
    #[doc(hidden)]
    pub fn encrypt_values(
        &mut self,
        style: &str,
        values: &[Vec<u64>],
        rng: &mut impl CryptoRngCore,
    ) -> (EncryptedBallot, Opening) {
        let contests = self
            .election
            .manifest
            .style(style)
            .expect("a style of the manifest")
            .contests
            .clone();
        self.encrypt_values_for(style, &contests, values, rng)
    }

    /// [`Device::encrypt_values`] for some of the style's contests.
    #[doc(hidden)]
    pub fn encrypt_values_for(
        &mut self,
        style: &str,
        contests: &[String],
        values: &[Vec<u64>],
        rng: &mut impl CryptoRngCore,
    ) -> (EncryptedBallot, Opening) {
        let e = self.election;
        let specs: Vec<&crate::ContestSpec> = contests
            .iter()
            .map(|c| e.manifest.contest(c).expect("validated manifest"))
            .collect();
        let pk = &e.joint.public_key;
        let h_e = e.extended_base_hash();
        let mut halves = Halves::default();
        let mut opening = Opening {
            values: Vec::new(),
            nonces: Vec::new(),
        };
        // The proofs in waiting hold secrets (each nonce, each proof's w) that they wipe on
        // drop. They are finished by reference and dropped where they lie: a Vec that grew or
        // was consumed by value would leave copies in the memory it freed.
        let mut pending = Vec::with_capacity(specs.len());
        for (spec, marks) in specs.iter().zip(values) {
            let mut nonces = Vec::with_capacity(marks.len());
            let mut selections = Vec::with_capacity(marks.len());
            for &mark in marks {
                let r = Scalar::random(rng);
                let alpha = halves.push(pk.half_g_mul(&r));
                // mG/2 for m ∈ {0, 1} without a branch or a multiplication; other values (a
                // cheating device's) by multiplication.
                let bit = mark.ct_eq(&1);
                let plain_half = if mark > 1 {
                    pk.half_g_mul(&Scalar::from(mark))
                } else {
                    RistrettoPoint::conditional_select(
                        &RistrettoPoint::identity(),
                        pk.half_g(),
                        bit,
                    )
                };
                let beta = halves.push(pk.half_k_mul(&r) + plain_half);
                let proof = PendingRange::start(pk, &mut halves, (0, 1), mark, &r, rng);
                nonces.push(r);
                selections.push((alpha, beta, proof));
            }
            // The contest's mark count and nonce are as secret as the marks (§5.2).
            let total = Zeroizing::new(marks.iter().sum::<u64>());
            let sum = Zeroizing::new(nonces.iter().sum::<Scalar>());
            let contest =
                PendingRange::start(pk, &mut halves, (spec.min, spec.max), *total, &sum, rng);
            opening.values.push(marks.clone());
            opening.nonces.push(nonces);
            pending.push((selections, contest));
        }
        let points = halves.finish();
        let contests = specs
            .iter()
            .zip(&pending)
            .map(|(spec, (selections, contest_proof))| {
                let selections: Vec<EncryptedSelection> = selections
                    .iter()
                    .enumerate()
                    .map(|(i, (alpha, beta, proof))| {
                        let ciphertext = Ciphertext {
                            alpha: points[*alpha],
                            beta: points[*beta],
                        };
                        let mut t =
                            selection_statement(&h_e, &self.id, self.seq, &spec.id, i, &ciphertext);
                        let proof = proof.finish(&mut t, &points);
                        EncryptedSelection { ciphertext, proof }
                    })
                    .collect();
                let cts: Vec<Ciphertext> = selections.iter().map(|s| s.ciphertext).collect();
                let mut t = contest_statement(
                    &h_e,
                    &self.id,
                    self.seq,
                    &spec.id,
                    &cts,
                    (spec.min, spec.max),
                );
                EncryptedContest {
                    contest: spec.id.clone(),
                    selections,
                    proof: contest_proof.finish(&mut t, &points),
                }
            })
            .collect();
        let mut ballot = EncryptedBallot {
            device: self.id.clone(),
            seq: self.seq,
            style: style.to_string(),
            contests,
            prev: self.prev,
            code: [0; 32],
        };
        ballot.code = confirmation_code(&h_e, &ballot);
        self.seq += 1;
        self.prev = ballot.code;
        (ballot, opening)
    }
}

/// The contests of the ballot's style, after checking the marks fit them. Whether a ballot is
/// valid is decided here, before any secret arithmetic; a terminal never offers an invalid one.
fn check(e: &Election, plain: &PlaintextBallot) -> Result<(), BallotError> {
    let m = &e.manifest;
    let style = m
        .style(&plain.style)
        .ok_or_else(|| BallotError::Style(plain.style.clone()))?;
    if !is_part_of(&plain.contests, &style.contests) {
        return Err(BallotError::NotInStyle(style.id.clone()));
    }
    if plain.contests.len() != plain.marks.len() {
        return Err(BallotError::Contests {
            contests: plain.contests.len(),
            marks: plain.marks.len(),
        });
    }
    let specs: Vec<_> = plain
        .contests
        .iter()
        .map(|c| m.contest(c).expect("validated manifest"))
        .collect();
    for (spec, marks) in specs.iter().zip(&plain.marks) {
        if marks.len() != spec.options.len() {
            return Err(BallotError::Options {
                contest: spec.id.clone(),
                expected: spec.options.len(),
                found: marks.len(),
            });
        }
        let n = marks.iter().filter(|&&m| m).count() as u64;
        if n < spec.min || n > spec.max {
            return Err(BallotError::Marks {
                contest: spec.id.clone(),
                min: spec.min,
                max: spec.max,
            });
        }
    }
    Ok(())
}

/// Are `contests` some of `style`'s contests, at least one, each once, in the style's order?
pub fn is_part_of(contests: &[String], style: &[String]) -> bool {
    let mut rest = style.iter();
    !contests.is_empty() && contests.iter().all(|c| rest.any(|s| s == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_code_is_four_groups_of_crockford_base32() {
        let mut code = [0u8; 32];
        assert_eq!(display_code(&code), "0000-0000-0000-0000");
        code[..10].copy_from_slice(&[0xff; 10]);
        assert_eq!(display_code(&code), "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        // 0x08 0x42 ... : 00001 00001 00001 ... (five-bit groups of 1).
        code[..10].copy_from_slice(&[0x08, 0x42, 0x10, 0x84, 0x21, 0x08, 0x42, 0x10, 0x84, 0x21]);
        assert_eq!(display_code(&code), "1111-1111-1111-1111");
    }

    #[test]
    fn a_display_code_reads_back_as_it_was_typed() {
        let mut code = [0u8; 32];
        code[..10].copy_from_slice(&[0x9c, 0x01, 0xfe, 0x42, 0x77, 0x00, 0xab, 0xcd, 0xef, 0x13]);
        let shown = display_code(&code);
        let want = Some(code[..10].try_into().unwrap());
        assert_eq!(parse_display_code(&shown), want);
        assert_eq!(parse_display_code(&shown.to_lowercase()), want);
        assert_eq!(parse_display_code(&shown.replace('-', " ")), want);
        assert_eq!(parse_display_code(&shown.replace('-', "")), want);
        // Misread letters: O is 0, I and L are 1.
        assert_eq!(
            parse_display_code("OOOO-0000-IIII-LLLL"),
            parse_display_code("0000-0000-1111-1111")
        );
        assert_eq!(
            parse_display_code("0000-0000-0000-000"),
            None,
            "15 characters"
        );
        assert_eq!(
            parse_display_code("0000-0000-0000-00000"),
            None,
            "17 characters"
        );
        assert_eq!(
            parse_display_code("0000-0000-0000-000U"),
            None,
            "U is not in the alphabet"
        );
    }

    #[test]
    fn a_ballot_may_carry_some_of_its_styles_contests_in_order() {
        let style: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let part = |ids: &[&str]| {
            let ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
            is_part_of(&ids, &style)
        };
        assert!(part(&["a", "b", "c"]));
        assert!(part(&["a", "c"]));
        assert!(part(&["b"]));
        assert!(!part(&[]), "a ballot carries at least one contest");
        assert!(!part(&["c", "a"]), "out of order");
        assert!(!part(&["a", "a"]), "twice");
        assert!(!part(&["d"]), "not in the style");
    }
}

//! The key ceremony (docs/protocol.md §4): n guardians make a joint key that any k of them can
//! use and no k − 1 can, without anyone ever holding the whole secret.
//!
//! Each guardian i picks a random polynomial f_i of degree k − 1 and publishes Feldman
//! commitments C_{i,l} = a_{i,l}G to its coefficients, each with a proof of knowledge (§4.2,
//! §6.3). It sends f_i(j) to guardian j, sealed to j's auxiliary key (§4.4); j checks the share
//! against the commitments (§4.5). The joint key is K = Σ_i C_{i,0}; guardian j's share of the
//! secret is s_j = Σ_i f_i(j), and its public share K_j = s_jG = Σ_i Σ_l j^l C_{i,l} can be
//! computed by anyone (§4.6).

use crate::el_gamal::{Encoded, PublicKey};
use crate::schnorr::{self, SchnorrProof};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::ChaCha20Poly1305;
use rand_core::CryptoRngCore;
use sailau_group::{
    decode_scalar, domain, IsIdentity, RistrettoPoint, Scalar, Transcript, VartimeMultiscalarMul,
    RISTRETTO_BASEPOINT_TABLE,
};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// What a guardian publishes in the key ceremony.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuardianPublic {
    /// 1..=n.
    pub index: u32,
    /// The guardian's name, bound into H_E (§3.3).
    pub name: String,
    /// The key other guardians seal shares to (§4.4).
    pub aux_key: Encoded,
    /// C_{i,0}, …, C_{i,k−1}.
    pub commitments: Vec<Encoded>,
    /// One proof of knowledge per commitment.
    pub proofs: Vec<SchnorrProof>,
}

/// A share of guardian `from`'s polynomial, sealed to guardian `to` and signed by `from`
/// (§4.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptedShare {
    /// The sender's index i.
    pub from: u32,
    /// The recipient's index j.
    pub to: u32,
    /// The ephemeral key R = rG; the recipient derives the shared point e_jR from it.
    pub ephemeral: Encoded,
    /// f_i(j) under ChaCha20-Poly1305: 32 bytes of ciphertext and the 16-byte tag.
    pub sealed: Vec<u8>,
    /// The sender's Schnorr signature under its auxiliary key E_i over everything above, so
    /// that a complaint about the share cannot be denied by its sender nor made up by anyone
    /// else (§4.4, §4.7).
    pub signature: SchnorrProof,
}

/// Why the ceremony cannot go on. Each names the guardian at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CeremonyError {
    /// A guardian does not publish exactly k commitments and k proofs (§4.3).
    #[error("guardian {guardian}: expected {expected} commitments and proofs")]
    Commitments {
        /// The guardian at fault.
        guardian: u32,
        /// k, the number of each expected.
        expected: usize,
    },
    /// A guardian's proof of knowledge of a coefficient does not verify (§6.3).
    #[error("guardian {guardian}: the proof for coefficient {coefficient} does not verify")]
    Proof {
        /// The guardian at fault.
        guardian: u32,
        /// The coefficient's index l, from 0.
        coefficient: usize,
    },
    /// The guardians' indices are not exactly 1..=n, or the quorum is not in 1..=n (§4.1).
    #[error("guardian indices must be 1..={n}, each once")]
    Indices {
        /// n, the number of guardians given.
        n: u32,
    },
    /// Among the shares given, none is from this guardian to the one finishing (§4.4).
    #[error("no share from guardian {0}")]
    MissingShare(u32),
    /// A share does not open, or its plaintext is not a canonical 32-byte scalar (§4.5).
    #[error("the share from guardian {0} cannot be opened")]
    Unreadable(u32),
    /// A share s fails sG = Σ_l j^l·C_{i,l} against its sender's commitments (§4.5).
    #[error("the share from guardian {0} does not match its commitments")]
    Mismatch(u32),
    /// A share's signature does not verify under its sender's auxiliary key (§4.4): it is not
    /// the sender's, or it was changed on the way.
    #[error("the share said to be from guardian {0} is not signed by it")]
    Signature(u32),
    /// A share is addressed to another guardian than the one reading it.
    #[error("the share from guardian {from} is addressed to guardian {to}")]
    Misaddressed {
        /// The sender.
        from: u32,
        /// The guardian it is addressed to.
        to: u32,
    },
    /// A guardian's stored secrets are not those behind its published commitments.
    #[error("guardian {0}'s secrets do not match its published commitments")]
    Secret(u32),
    /// A complaint's proof that it reveals the complainer's shared point fails (§4.7): the
    /// complainer, not the sender, is at fault.
    #[error("guardian {0}'s complaint does not prove the point it reveals")]
    Complaint(u32),
}

/// A guardian in the ceremony. Holds its polynomial: never printed, wiped on drop.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct Guardian {
    #[zeroize(skip)]
    public: GuardianPublic,
    coefficients: Vec<Scalar>,
    aux_secret: Scalar,
}

impl std::fmt::Debug for Guardian {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Guardian({}, secrets withheld)", self.public.index)
    }
}

/// A guardian's share of the joint secret, the result of the ceremony (§4.6).
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct GuardianKey {
    /// The guardian's index j, 1..=n (§4.1). The share s_j itself is private to this crate,
    /// secret and zeroized on drop.
    #[zeroize(skip)]
    pub index: u32,
    pub(crate) share: Scalar,
}

impl std::fmt::Debug for GuardianKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "GuardianKey({}, secret withheld)", self.index)
    }
}

impl Guardian {
    /// Step 1 (§4.2): a fresh polynomial of degree `quorum − 1` and its public commitments.
    pub fn new(
        index: u32,
        name: &str,
        base_hash: &[u8; 32],
        quorum: u32,
        rng: &mut impl CryptoRngCore,
    ) -> Self {
        let coefficients: Vec<Scalar> = (0..quorum).map(|_| Scalar::random(rng)).collect();
        let aux_secret = Scalar::random(rng);
        let commitments: Vec<Encoded> = coefficients
            .iter()
            .map(|a| Encoded::new(RISTRETTO_BASEPOINT_TABLE * a))
            .collect();
        let proofs = coefficients
            .iter()
            .zip(&commitments)
            .enumerate()
            .map(|(l, (a, c))| {
                let t = schnorr::transcript(base_hash, index, l as u32, &c.bytes);
                schnorr::prove(t, a, rng)
            })
            .collect();
        Guardian {
            public: GuardianPublic {
                index,
                name: name.to_string(),
                aux_key: Encoded::new(RISTRETTO_BASEPOINT_TABLE * &aux_secret),
                commitments,
                proofs,
            },
            coefficients,
            aux_secret,
        }
    }

    /// What this guardian publishes: its index, name, auxiliary key, commitments and proofs
    /// (§4.2).
    pub fn public(&self) -> &GuardianPublic {
        &self.public
    }

    /// A guardian again from its stored secrets, between the steps of a ceremony run by
    /// documents: refused unless they are the ones behind `public` (its auxiliary key and
    /// every commitment).
    pub fn restore(
        public: GuardianPublic,
        coefficients: Vec<Scalar>,
        aux_secret: Scalar,
    ) -> Result<Self, CeremonyError> {
        let g = Guardian {
            public,
            coefficients,
            aux_secret,
        };
        let mine = |secret: &Scalar, published: &Encoded| {
            bool::from(
                (RISTRETTO_BASEPOINT_TABLE * secret)
                    .compress()
                    .as_bytes()
                    .ct_eq(&published.bytes),
            )
        };
        let matches = g.coefficients.len() == g.public.commitments.len()
            && mine(&g.aux_secret, &g.public.aux_key)
            && g.coefficients
                .iter()
                .zip(&g.public.commitments)
                .all(|(a, c)| mine(a, c));
        if matches {
            Ok(g)
        } else {
            Err(CeremonyError::Secret(g.public.index))
        }
    }

    /// The polynomial's coefficients and the auxiliary secret, for the guardian's own secret
    /// file (§4.9) only.
    pub(crate) fn secrets(&self) -> (&[Scalar], &Scalar) {
        (&self.coefficients, &self.aux_secret)
    }

    fn evaluate(&self, x: u32) -> Scalar {
        let x = Scalar::from(x);
        self.coefficients
            .iter()
            .rev()
            .fold(Scalar::ZERO, |acc, a| acc * x + a)
    }

    /// Step 2 (§4.4): this guardian's share for `to`, sealed to its auxiliary key.
    pub fn share_for(
        &self,
        to: &GuardianPublic,
        base_hash: &[u8; 32],
        rng: &mut impl CryptoRngCore,
    ) -> EncryptedShare {
        let e = Zeroizing::new(Scalar::random(rng));
        let ephemeral = Encoded::new(RISTRETTO_BASEPOINT_TABLE * &*e);
        let mut shared = Encoded::new(to.aux_key.point * *e);
        let (from, to) = (self.public.index, to.index);
        let cipher = share_cipher(base_hash, from, to, &ephemeral, &shared);
        shared.zeroize(); // S derives the key (§4.4)
        let plain = Zeroizing::new(self.evaluate(to).to_bytes());
        let aad = share_aad(from, to);
        let sealed = cipher
            .encrypt(
                &Default::default(),
                Payload {
                    msg: &plain[..],
                    aad: &aad,
                },
            )
            .expect("sealing 32 bytes cannot fail");
        let t = share_signature_transcript(base_hash, from, to, &ephemeral, &sealed);
        let signature = schnorr::sign(t, &self.aux_secret);
        EncryptedShare {
            from,
            to,
            ephemeral,
            sealed,
            signature,
        }
    }

    /// Signs a share in this guardian's name: for tests that forge a share's value only.
    #[cfg(test)]
    pub(crate) fn sign_share(&self, base_hash: &[u8; 32], s: &EncryptedShare) -> SchnorrProof {
        let t = share_signature_transcript(base_hash, s.from, s.to, &s.ephemeral, &s.sealed);
        schnorr::sign(t, &self.aux_secret)
    }

    /// Opens and checks one share for this guardian from `sender` (§4.4, §4.5): addressed to
    /// it, signed by the sender, and consistent with the sender's commitments.
    pub fn open_share(
        &self,
        base_hash: &[u8; 32],
        sender: &GuardianPublic,
        s: &EncryptedShare,
    ) -> Result<Zeroizing<Scalar>, CeremonyError> {
        let me = self.public.index;
        if s.to != me || s.from != sender.index {
            return Err(CeremonyError::Misaddressed {
                from: s.from,
                to: s.to,
            });
        }
        if !vartime_signed(base_hash, sender, s) {
            return Err(CeremonyError::Signature(s.from));
        }
        let shared = Zeroizing::new(Encoded::new(s.ephemeral.point * self.aux_secret));
        open_with(base_hash, s, &shared, &sender.commitments)
    }

    /// Step 3 (§4.5, §4.6): opens and checks every other guardian's share for this one, and
    /// adds them into this guardian's key. `publics` holds every guardian, this one included.
    pub fn finish(
        &self,
        base_hash: &[u8; 32],
        publics: &[GuardianPublic],
        shares: &[EncryptedShare],
    ) -> Result<GuardianKey, CeremonyError> {
        let me = self.public.index;
        let mut total = Zeroizing::new(self.evaluate(me));
        for p in publics.iter().filter(|p| p.index != me) {
            let s = shares
                .iter()
                .find(|s| s.from == p.index && s.to == me)
                .ok_or(CeremonyError::MissingShare(p.index))?;
            *total += *self.open_share(base_hash, p, s)?;
        }
        Ok(GuardianKey {
            index: me,
            share: *total,
        })
    }
}

/// Opens a share with the shared point S = e_jR = rE_j and checks it against its sender's
/// commitments (§4.5). The recipient computes S from its auxiliary secret; anyone can, from a
/// complaint that reveals S with its proof (§4.7).
pub(crate) fn open_with(
    base_hash: &[u8; 32],
    s: &EncryptedShare,
    shared: &Encoded,
    commitments: &[Encoded],
) -> Result<Zeroizing<Scalar>, CeremonyError> {
    let cipher = share_cipher(base_hash, s.from, s.to, &s.ephemeral, shared);
    let aad = share_aad(s.from, s.to);
    let plain = Zeroizing::new(
        cipher
            .decrypt(
                &Default::default(),
                Payload {
                    msg: &s.sealed,
                    aad: &aad,
                },
            )
            .map_err(|_| CeremonyError::Unreadable(s.from))?,
    );
    let bytes: Zeroizing<[u8; 32]> = Zeroizing::new(
        plain[..]
            .try_into()
            .map_err(|_| CeremonyError::Unreadable(s.from))?,
    );
    let share =
        Zeroizing::new(decode_scalar(&bytes).map_err(|_| CeremonyError::Unreadable(s.from))?);
    let expected = vartime_commitment_at(commitments, s.to);
    let got = RISTRETTO_BASEPOINT_TABLE * &*share;
    if !bool::from(got.compress().ct_eq(&expected.compress())) {
        return Err(CeremonyError::Mismatch(s.from));
    }
    Ok(share)
}

/// The statement a share's signature signs (§4.4): the base hash, both indices, R and the
/// sealed bytes.
fn share_signature_transcript(
    base_hash: &[u8; 32],
    from: u32,
    to: u32,
    ephemeral: &Encoded,
    sealed: &[u8],
) -> Transcript {
    let mut t = Transcript::new(domain::SHARE_SIGNATURE);
    t.bytes(b"base-hash", base_hash);
    t.u64(b"from", u64::from(from));
    t.u64(b"to", u64::from(to));
    t.point(b"ephemeral", &ephemeral.bytes);
    t.bytes(b"sealed", sealed);
    t
}

/// Is `s` signed by `sender` (§4.4)? Public data: variable time.
pub fn vartime_signed(base_hash: &[u8; 32], sender: &GuardianPublic, s: &EncryptedShare) -> bool {
    let t = share_signature_transcript(base_hash, s.from, s.to, &s.ephemeral, &s.sealed);
    s.from == sender.index && schnorr::vartime_holds(t, &s.signature, &sender.aux_key.point)
}

fn share_aad(from: u32, to: u32) -> [u8; 8] {
    let mut aad = [0u8; 8];
    aad[..4].copy_from_slice(&from.to_le_bytes());
    aad[4..].copy_from_slice(&to.to_le_bytes());
    aad
}

/// The sealing key of §4.4: a transcript over the base hash, both indices, the ephemeral key
/// and the shared point; used once, so the nonce is zero.
fn share_cipher(
    base_hash: &[u8; 32],
    from: u32,
    to: u32,
    ephemeral: &Encoded,
    shared: &Encoded,
) -> ChaCha20Poly1305 {
    let mut t = Transcript::new(domain::SHARE_KEY);
    t.bytes(b"base-hash", base_hash);
    t.u64(b"from", u64::from(from));
    t.u64(b"to", u64::from(to));
    t.point(b"ephemeral", &ephemeral.bytes);
    t.point(b"shared", &shared.bytes);
    let key = Zeroizing::new(t.digest(b"key"));
    ChaCha20Poly1305::new((&*key).into())
}

/// Σ_l x^l C_l: what a share at x must be times G (§4.5). Public data: variable time.
fn vartime_commitment_at(commitments: &[Encoded], x: u32) -> RistrettoPoint {
    let mut power = Scalar::ONE;
    let powers: Vec<Scalar> = commitments
        .iter()
        .map(|_| {
            let p = power;
            power *= Scalar::from(x);
            p
        })
        .collect();
    RistrettoPoint::vartime_multiscalar_mul(&powers, commitments.iter().map(|c| c.point))
}

/// Checks another guardian's commitments and proofs (§4.3) before trusting them.
pub fn vartime_check_public(
    p: &GuardianPublic,
    base_hash: &[u8; 32],
    quorum: u32,
) -> Result<(), CeremonyError> {
    let k = quorum as usize;
    if p.commitments.len() != k || p.proofs.len() != k {
        return Err(CeremonyError::Commitments {
            guardian: p.index,
            expected: k,
        });
    }
    let challenges: Vec<Scalar> = p
        .commitments
        .iter()
        .zip(&p.proofs)
        .enumerate()
        .map(|(l, (c, proof))| {
            let mut t = schnorr::transcript(base_hash, p.index, l as u32, &c.bytes);
            t.point(b"h", &proof.h.bytes);
            t.challenge(b"c")
        })
        .collect();
    // h = vG + cC for every coefficient, as one random linear combination (docs/protocol.md
    // §6.5); one by one only when it fails, to name the coefficient.
    let mut w = crate::batch::Weights::new();
    let mut g = Scalar::ZERO;
    let mut scalars = Vec::with_capacity(2 * k + 1);
    let mut points = Vec::with_capacity(2 * k + 1);
    for ((c, proof), ch) in p.commitments.iter().zip(&p.proofs).zip(&challenges) {
        let z = w.next();
        g += z * proof.v;
        scalars.extend([z * ch, -z]);
        points.extend([c.point, proof.h.point]);
    }
    scalars.push(g);
    points.push(sailau_group::G);
    if RistrettoPoint::vartime_multiscalar_mul(scalars, points).is_identity() {
        return Ok(());
    }
    for (l, ((c, proof), ch)) in p
        .commitments
        .iter()
        .zip(&p.proofs)
        .zip(&challenges)
        .enumerate()
    {
        let rhs = RistrettoPoint::vartime_double_scalar_mul_basepoint(ch, &c.point, &proof.v);
        if rhs != proof.h.point {
            return Err(CeremonyError::Proof {
                guardian: p.index,
                coefficient: l,
            });
        }
    }
    Ok(())
}

/// The outcome of the ceremony that everyone can compute (§4.6, §3.3).
pub struct JointKey {
    /// The joint public key K = Σ_i C_{i,0} (§4.6).
    pub public_key: PublicKey,
    /// H_E, which binds H_B, every guardian's public data and K (§3.3).
    pub extended_base_hash: [u8; 32],
    /// Every guardian's public data, in index order 1..=n.
    pub guardians: Vec<GuardianPublic>,
    /// The quorum k: how many guardians it takes to decrypt (§4.1).
    pub quorum: u32,
}

impl JointKey {
    /// Checks every guardian and combines their commitments into K and H_E.
    pub fn new(
        base_hash: &[u8; 32],
        mut guardians: Vec<GuardianPublic>,
        quorum: u32,
    ) -> Result<Self, CeremonyError> {
        guardians.sort_by_key(|g| g.index);
        let n = guardians.len() as u32;
        if guardians.iter().zip(1..).any(|(g, i)| g.index != i) || quorum == 0 || quorum > n {
            return Err(CeremonyError::Indices { n });
        }
        for g in &guardians {
            vartime_check_public(g, base_hash, quorum)?;
        }
        let key: RistrettoPoint = guardians.iter().map(|g| g.commitments[0].point).sum();
        let public_key = PublicKey::new(key);
        let extended_base_hash = extended_base_hash(base_hash, &guardians, &public_key.key.bytes);
        Ok(JointKey {
            public_key,
            extended_base_hash,
            guardians,
            quorum,
        })
    }

    /// K_j = s_jG, guardian j's public share (§4.6).
    pub fn vartime_public_share(&self, index: u32) -> RistrettoPoint {
        self.guardians
            .iter()
            .map(|g| vartime_commitment_at(&g.commitments, index))
            .sum()
    }
}

/// H_E (§3.3): binds the base hash, every guardian's public data and the joint key.
pub fn extended_base_hash(
    base_hash: &[u8; 32],
    guardians: &[GuardianPublic],
    key: &[u8; 32],
) -> [u8; 32] {
    let mut t = Transcript::new(domain::EXTENDED_BASE_HASH);
    t.bytes(b"base-hash", base_hash);
    t.u64(b"guardians", guardians.len() as u64);
    for g in guardians {
        t.u64(b"index", u64::from(g.index));
        t.bytes(b"name", g.name.as_bytes());
        t.point(b"aux-key", &g.aux_key.bytes);
        for (c, p) in g.commitments.iter().zip(&g.proofs) {
            t.point(b"C", &c.bytes);
            t.point(b"h", &p.h.bytes);
            t.bytes(b"v", p.v.as_bytes());
        }
    }
    t.point(b"K", key);
    t.digest(b"extended-base-hash")
}

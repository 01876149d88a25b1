//! What a key ceremony run by documents needs beyond §4.2–4.6: a complaint anyone can judge
//! (§4.7), and each guardian's statement that it finished (§4.8).
//!
//! A guardian whose share from guardian i fails §4.5 reveals the ECDH point S = e_jR of that
//! share with a Chaum–Pedersen proof that log_G E_j = log_R S. With S anyone opens the share
//! and repeats the check, so the complaint is judged without trusting either side: the
//! sender signed the share (§4.4) and cannot deny it, and the complainer cannot reveal a
//! point other than its own. Revealing S discloses f_i(j) only, a share the ceremony then
//! discards with the guardian at fault.

use crate::el_gamal::Encoded;
use crate::guardian::{open_with, vartime_signed, CeremonyError, EncryptedShare};
use crate::guardian::{Guardian, GuardianKey, GuardianPublic, JointKey};
use crate::schnorr::{self, SchnorrProof};
use rand_core::CryptoRngCore;
use sailau_group::{domain, RistrettoPoint, Scalar, Transcript, RISTRETTO_BASEPOINT_TABLE};
use zeroize::Zeroizing;

/// A Chaum–Pedersen proof that the same secret e gives E = eG and S = eR (§4.7).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PointProof {
    /// a = uG.
    pub a: Encoded,
    /// b = uR.
    pub b: Encoded,
    /// v = u − c·e.
    pub v: Scalar,
}

/// Guardian `share.to`'s complaint about the share `share.from` sent it (§4.7).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Complaint {
    /// The share as it was received, with its sender's signature.
    pub share: EncryptedShare,
    /// S = e_jR, the point that opens it.
    pub shared: Encoded,
    /// That S is the complainer's: log_G E_j = log_R S.
    pub proof: PointProof,
}

/// What a complaint shows once judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The share is bad, for the reason given: its sender is at fault.
    Upheld(CeremonyError),
    /// The share opens and matches its sender's commitments: the complaint is unfounded.
    Dismissed,
}

fn complaint_transcript(
    base_hash: &[u8; 32],
    share: &EncryptedShare,
    aux_key: &Encoded,
    shared: &Encoded,
) -> Transcript {
    let mut t = Transcript::new(domain::SHARE_COMPLAINT);
    t.bytes(b"base-hash", base_hash);
    t.u64(b"from", u64::from(share.from));
    t.u64(b"to", u64::from(share.to));
    t.point(b"aux-key", &aux_key.bytes);
    t.point(b"ephemeral", &share.ephemeral.bytes);
    t.bytes(b"sealed", &share.sealed);
    t.point(b"shared", &shared.bytes);
    t
}

impl Guardian {
    /// Step 3, when a share fails (§4.7): the complaint that lets anyone see why.
    pub fn complain(
        &self,
        base_hash: &[u8; 32],
        share: &EncryptedShare,
        rng: &mut impl CryptoRngCore,
    ) -> Complaint {
        let (_, e) = self.secrets();
        let shared = Encoded::new(share.ephemeral.point * e);
        let mut t = complaint_transcript(base_hash, share, &self.public().aux_key, &shared);
        let u = Zeroizing::new(Scalar::random(rng));
        let a = Encoded::new(RISTRETTO_BASEPOINT_TABLE * &*u);
        let b = Encoded::new(share.ephemeral.point * *u);
        t.point(b"a", &a.bytes);
        t.point(b"b", &b.bytes);
        let c = t.challenge(b"c");
        Complaint {
            share: share.clone(),
            shared,
            proof: PointProof {
                a,
                b,
                v: *u - c * e,
            },
        }
    }
}

/// Judges a complaint from the public data alone (§4.7). `publics` holds every guardian.
/// An error names a guardian at fault for the complaint itself: a share its sender did not
/// sign cannot be held against it, and a complainer whose proof fails has made its point up.
pub fn vartime_judge(
    base_hash: &[u8; 32],
    publics: &[GuardianPublic],
    c: &Complaint,
) -> Result<Verdict, CeremonyError> {
    let find = |i: u32| {
        publics
            .iter()
            .find(|p| p.index == i)
            .ok_or(CeremonyError::Indices {
                n: publics.len() as u32,
            })
    };
    let (sender, complainer) = (find(c.share.from)?, find(c.share.to)?);
    if !vartime_signed(base_hash, sender, &c.share) {
        return Err(CeremonyError::Signature(c.share.from));
    }
    let mut t = complaint_transcript(base_hash, &c.share, &complainer.aux_key, &c.shared);
    t.point(b"a", &c.proof.a.bytes);
    t.point(b"b", &c.proof.b.bytes);
    let ch = t.challenge(b"c");
    let a = RistrettoPoint::vartime_double_scalar_mul_basepoint(
        &ch,
        &complainer.aux_key.point,
        &c.proof.v,
    );
    let b = c.share.ephemeral.point * c.proof.v + c.shared.point * ch;
    if a != c.proof.a.point || b != c.proof.b.point {
        return Err(CeremonyError::Complaint(c.share.to));
    }
    Ok(
        match open_with(base_hash, &c.share, &c.shared, &sender.commitments) {
            Ok(_) => Verdict::Dismissed,
            Err(e) => Verdict::Upheld(e),
        },
    )
}

/// Guardian j's statement that it checked every share and holds s_j (§4.8): a proof of
/// knowledge of s_j for K_j, bound to H_E and so to every guardian's published data. The CEC
/// seals `election.json` only when all n agree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ready {
    /// j.
    pub guardian: u32,
    /// Knowledge of s_j with K_j = s_jG.
    pub proof: SchnorrProof,
}

fn ready_transcript(joint: &JointKey, guardian: u32, public_share: &RistrettoPoint) -> Transcript {
    let mut t = Transcript::new(domain::GUARDIAN_READY);
    t.bytes(b"extended-base-hash", &joint.extended_base_hash);
    t.u64(b"guardian", u64::from(guardian));
    t.point(b"K_j", &public_share.compress().to_bytes());
    t
}

/// The statement of §4.8 for `key`, a share of `joint`.
pub fn ready(key: &GuardianKey, joint: &JointKey, rng: &mut impl CryptoRngCore) -> Ready {
    let public_share = joint.vartime_public_share(key.index);
    let t = ready_transcript(joint, key.index, &public_share);
    Ready {
        guardian: key.index,
        proof: schnorr::prove(t, &key.share, rng),
    }
}

/// Does `r` show that its guardian holds its share of `joint`?
pub fn vartime_check_ready(joint: &JointKey, r: &Ready) -> bool {
    if r.guardian == 0 || r.guardian as usize > joint.guardians.len() {
        return false;
    }
    let public_share = joint.vartime_public_share(r.guardian);
    let t = ready_transcript(joint, r.guardian, &public_share);
    schnorr::vartime_holds(t, &r.proof, &public_share)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    fn three(rng: &mut ChaCha20Rng) -> ([u8; 32], Vec<Guardian>, Vec<GuardianPublic>) {
        let base = [7u8; 32];
        let gs: Vec<Guardian> = (1..=3)
            .map(|i| Guardian::new(i, &format!("G{i}"), &base, 2, rng))
            .collect();
        let publics = gs.iter().map(|g| g.public().clone()).collect();
        (base, gs, publics)
    }

    #[test]
    fn a_complaint_about_a_forged_share_is_upheld_and_about_a_good_one_dismissed() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let (base, gs, publics) = three(&mut rng);
        let good = gs[0].share_for(&publics[1], &base, &mut rng);
        assert!(gs[1].open_share(&base, &publics[0], &good).is_ok());
        let unfounded = gs[1].complain(&base, &good, &mut rng);
        assert_eq!(
            vartime_judge(&base, &publics, &unfounded),
            Ok(Verdict::Dismissed)
        );
        // Guardian 1 signs and sends guardian 2 a share of another polynomial: it opens, and
        // it does not match guardian 1's commitments.
        let stranger = Guardian::new(1, "G1", &base, 2, &mut rng);
        let stranger = Guardian::restore(
            stranger.public().clone(),
            stranger.secrets().0.to_vec(),
            *gs[0].secrets().1,
        );
        assert_eq!(stranger.unwrap_err(), CeremonyError::Secret(1));
        let mut forged =
            Guardian::new(1, "G1", &base, 2, &mut rng).share_for(&publics[1], &base, &mut rng);
        // Re-signed by the real guardian 1 (its auxiliary key), so only the value is wrong.
        forged.signature = gs[0].sign_share(&base, &forged);
        assert_eq!(
            gs[1].open_share(&base, &publics[0], &forged).unwrap_err(),
            CeremonyError::Mismatch(1)
        );
        let complaint = gs[1].complain(&base, &forged, &mut rng);
        assert_eq!(
            vartime_judge(&base, &publics, &complaint),
            Ok(Verdict::Upheld(CeremonyError::Mismatch(1)))
        );
        // Guardian 3 cannot complain in guardian 2's name, nor guardian 2 reveal a wrong point.
        let mut lie = complaint.clone();
        lie.shared = Encoded::new(lie.shared.point + sailau_group::G);
        assert_eq!(
            vartime_judge(&base, &publics, &lie),
            Err(CeremonyError::Complaint(2))
        );
        let framed = gs[2].complain(&base, &forged, &mut rng);
        assert_eq!(
            vartime_judge(&base, &publics, &framed),
            Err(CeremonyError::Complaint(2))
        );
        // A share guardian 1 never signed is held against nobody.
        let mut unsigned = forged.clone();
        unsigned.sealed[0] ^= 1;
        let c = gs[1].complain(&base, &unsigned, &mut rng);
        assert_eq!(
            vartime_judge(&base, &publics, &c),
            Err(CeremonyError::Signature(1))
        );
    }

    #[test]
    fn every_guardian_states_it_is_ready_and_nobody_can_for_another() {
        let mut rng = ChaCha20Rng::seed_from_u64(2);
        let (base, gs, publics) = three(&mut rng);
        let shares: Vec<EncryptedShare> = gs
            .iter()
            .flat_map(|g| {
                publics
                    .iter()
                    .filter(|p| p.index != g.public().index)
                    .map(|p| g.share_for(p, &base, &mut ChaCha20Rng::seed_from_u64(9)))
                    .collect::<Vec<_>>()
            })
            .collect();
        let joint = JointKey::new(&base, publics.clone(), 2).unwrap();
        let keys: Vec<GuardianKey> = gs
            .iter()
            .map(|g| g.finish(&base, &publics, &shares).unwrap())
            .collect();
        for k in &keys {
            assert!(vartime_check_ready(&joint, &ready(k, &joint, &mut rng)));
        }
        let mut other = ready(&keys[0], &joint, &mut rng);
        other.guardian = 2;
        assert!(!vartime_check_ready(&joint, &other));
        // Bound to H_E: a statement about another set of guardians' data does not carry over.
        let (base2, _, publics2) = three(&mut rng);
        let joint2 = JointKey::new(&base2, publics2, 2).unwrap();
        assert!(!vartime_check_ready(
            &joint2,
            &ready(&keys[0], &joint, &mut rng)
        ));
    }
}

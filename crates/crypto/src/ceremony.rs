//! The key ceremony as documents (docs/protocol.md §4.9): what guardians exchange when each
//! runs their own steps on their own machine, as at a station's closing (§16). Each document
//! is JSON with a `format` tag and names the election's H_B (or, once the key is made, its
//! H_E), so that a document of another election or another ceremony is refused by name.
//!
//! - `sailau-guardian-public/1`: a guardian's published data (§4.2), to everyone;
//! - `sailau-guardian-secret/1`: its polynomial and auxiliary secret, kept by it alone until
//!   the seal;
//! - `sailau-guardian-share/1`: a signed, sealed share, from one guardian to another (§4.4);
//! - `sailau-guardian-complaint/1`: a share that failed, with the point that opens it (§4.7);
//! - `sailau-guardian-ready/1`: a guardian's statement that it holds its share (§4.8).

use crate::complaint::{Complaint, PointProof, Ready};
use crate::el_gamal::Encoded;
use crate::guardian::{vartime_check_public, EncryptedShare, Guardian, GuardianPublic, JointKey};
use crate::reading::{bytes32, err, guardian_public, number, point, scalar, text, ReadError};
use crate::record::{guardian_value, h, pretty};
use crate::schnorr::SchnorrProof;
use sailau_group::{decode_scalar, from_hex, from_hex32, to_hex};
use serde_json::{json, Value};
use zeroize::Zeroizing;

/// The format tag of a guardian's published data.
pub const PUBLIC_FORMAT: &str = "sailau-guardian-public/1";
/// The format tag of a guardian's secret file.
pub const SECRET_FORMAT: &str = "sailau-guardian-secret/1";
/// The format tag of a share in transit.
pub const SHARE_FORMAT: &str = "sailau-guardian-share/1";
/// The format tag of a complaint.
pub const COMPLAINT_FORMAT: &str = "sailau-guardian-complaint/1";
/// The format tag of a guardian's statement that it is ready.
pub const READY_FORMAT: &str = "sailau-guardian-ready/1";

fn parse(bytes: &[u8], want: &str) -> Result<Value, ReadError> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| err(format!("not JSON: {e}")))?;
    let found = text(&v, "format")?;
    if found != want {
        return Err(err(format!("format '{found}', expected '{want}'")));
    }
    Ok(v)
}

fn same_ceremony(v: &Value, base_hash: &[u8; 32]) -> Result<(), ReadError> {
    if bytes32(v, "base_hash")? != *base_hash {
        return Err(err(
            "it is of another election or ceremony (its base hash H_B differs)",
        ));
    }
    Ok(())
}

fn index(v: &Value, key: &str) -> Result<u32, ReadError> {
    u32::try_from(number(v, key)?).map_err(|_| err(format!("'{key}' is too large")))
}

fn proof_value(p: &SchnorrProof) -> Value {
    json!({ "h": h(&p.h.bytes), "v": h(p.v.as_bytes()) })
}

fn proof_of(v: &Value) -> Result<SchnorrProof, ReadError> {
    Ok(SchnorrProof {
        h: point(v, "h")?,
        v: scalar(v, "v")?,
    })
}

/// What guardian `g` publishes (§4.2), bound to the ceremony's H_B.
pub fn public_json(base_hash: &[u8; 32], g: &GuardianPublic) -> Vec<u8> {
    pretty(&json!({
        "format": PUBLIC_FORMAT,
        "base_hash": h(base_hash),
        "guardian": guardian_value(g),
    }))
}

/// Reads a guardian's published data and checks it (§4.3): this ceremony's, with k
/// commitments whose proofs verify.
pub fn public_from_json(
    base_hash: &[u8; 32],
    quorum: u32,
    bytes: &[u8],
) -> Result<GuardianPublic, ReadError> {
    let v = parse(bytes, PUBLIC_FORMAT)?;
    same_ceremony(&v, base_hash)?;
    let g = guardian_public(v.get("guardian").ok_or_else(|| err("missing 'guardian'"))?)?;
    vartime_check_public(&g, base_hash, quorum).map_err(|e| err(e.to_string()))?;
    Ok(g)
}

/// A guardian's secret file: its published data with the polynomial and auxiliary secret
/// behind it. Whoever holds it can take the guardian's place in the ceremony: it is written
/// readable by its owner only, and wiped from memory.
pub fn secret_json(base_hash: &[u8; 32], g: &Guardian) -> Zeroizing<Vec<u8>> {
    let (coefficients, aux) = g.secrets();
    let mut text = Zeroizing::new(format!(
        "{{\n  \"format\": \"{SECRET_FORMAT}\",\n  \"base_hash\": \"{}\",\n  \"guardian\": {},\n  \"coefficients\": [",
        to_hex(base_hash),
        serde_json::to_string(&guardian_value(g.public())).expect("a value serializes"),
    ));
    for (i, a) in coefficients.iter().enumerate() {
        let hex = Zeroizing::new(to_hex(a.as_bytes()));
        text.push_str(if i == 0 { "\"" } else { ", \"" });
        text.push_str(&hex);
        text.push('"');
    }
    let aux = Zeroizing::new(to_hex(aux.as_bytes()));
    text.push_str("],\n  \"aux_secret\": \"");
    text.push_str(&aux);
    text.push_str("\"\n}\n");
    Zeroizing::new(text.as_bytes().to_vec())
}

fn take_secret(v: &mut Value, what: &str) -> Result<Zeroizing<[u8; 32]>, ReadError> {
    let hex = Zeroizing::new(match v.take() {
        Value::String(s) => s,
        _ => return Err(err(format!("'{what}' is not a string"))),
    });
    Ok(Zeroizing::new(
        from_hex32(&hex).map_err(|e| err(format!("'{what}': {e}")))?,
    ))
}

/// Reads a guardian's secret file of this ceremony: refused unless its secrets are the ones
/// behind the published data it carries.
pub fn secret_from_json(base_hash: &[u8; 32], bytes: &[u8]) -> Result<Guardian, ReadError> {
    let mut v: Value = serde_json::from_slice(bytes).map_err(|e| err(format!("not JSON: {e}")))?;
    // The secrets move out of the parsed value into memory that is wiped when dropped.
    let mut raw = Vec::new();
    match v.get_mut("coefficients") {
        Some(Value::Array(a)) => {
            for c in a.iter_mut() {
                raw.push(take_secret(c, "coefficients")?);
            }
        }
        _ => return Err(err("'coefficients' is missing or not an array")),
    }
    let aux = take_secret(
        v.get_mut("aux_secret")
            .ok_or_else(|| err("missing field 'aux_secret'"))?,
        "aux_secret",
    )?;
    if text(&v, "format")? != SECRET_FORMAT {
        return Err(err(format!("format is not '{SECRET_FORMAT}'")));
    }
    same_ceremony(&v, base_hash)?;
    let public = guardian_public(v.get("guardian").ok_or_else(|| err("missing 'guardian'"))?)?;
    let coefficients = raw
        .iter()
        .map(|b| decode_scalar(b).map_err(|e| err(format!("'coefficients': {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let aux = decode_scalar(&aux).map_err(|e| err(format!("'aux_secret': {e}")))?;
    Guardian::restore(public, coefficients, aux).map_err(|e| err(e.to_string()))
}

fn share_value(base_hash: &[u8; 32], s: &EncryptedShare) -> Value {
    json!({
        "format": SHARE_FORMAT,
        "base_hash": h(base_hash),
        "from": s.from,
        "to": s.to,
        "ephemeral": h(&s.ephemeral.bytes),
        "sealed": to_hex(&s.sealed),
        "signature": proof_value(&s.signature),
    })
}

fn share_of(v: &Value, base_hash: &[u8; 32]) -> Result<EncryptedShare, ReadError> {
    if text(v, "format")? != SHARE_FORMAT {
        return Err(err(format!("the share's format is not '{SHARE_FORMAT}'")));
    }
    same_ceremony(v, base_hash)?;
    let sealed = from_hex(text(v, "sealed")?).map_err(|e| err(format!("'sealed': {e}")))?;
    if sealed.len() != 48 {
        return Err(err(format!(
            "'sealed' is {} bytes, not 48 (a 32-byte share and its tag)",
            sealed.len()
        )));
    }
    Ok(EncryptedShare {
        from: index(v, "from")?,
        to: index(v, "to")?,
        ephemeral: point(v, "ephemeral")?,
        sealed,
        signature: proof_of(
            v.get("signature")
                .ok_or_else(|| err("missing 'signature'"))?,
        )?,
    })
}

/// A share in transit (§4.4): sealed to its recipient, signed by its sender.
pub fn share_json(base_hash: &[u8; 32], s: &EncryptedShare) -> Vec<u8> {
    pretty(&share_value(base_hash, s))
}

/// Reads a share of this ceremony. Its signature and contents are checked by the recipient
/// ([`Guardian::open_share`]).
pub fn share_from_json(base_hash: &[u8; 32], bytes: &[u8]) -> Result<EncryptedShare, ReadError> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| err(format!("not JSON: {e}")))?;
    share_of(&v, base_hash)
}

/// A complaint (§4.7): the share as received, and the point that opens it with its proof.
pub fn complaint_json(base_hash: &[u8; 32], c: &Complaint) -> Vec<u8> {
    pretty(&json!({
        "format": COMPLAINT_FORMAT,
        "base_hash": h(base_hash),
        "share": share_value(base_hash, &c.share),
        "shared": h(&c.shared.bytes),
        "proof": {
            "a": h(&c.proof.a.bytes),
            "b": h(&c.proof.b.bytes),
            "v": h(c.proof.v.as_bytes()),
        },
    }))
}

/// Reads a complaint of this ceremony; [`crate::complaint::vartime_judge`] judges it.
pub fn complaint_from_json(base_hash: &[u8; 32], bytes: &[u8]) -> Result<Complaint, ReadError> {
    let v = parse(bytes, COMPLAINT_FORMAT)?;
    same_ceremony(&v, base_hash)?;
    let proof = v.get("proof").ok_or_else(|| err("missing 'proof'"))?;
    Ok(Complaint {
        share: share_of(
            v.get("share").ok_or_else(|| err("missing 'share'"))?,
            base_hash,
        )?,
        shared: point(&v, "shared")?,
        proof: PointProof {
            a: point(proof, "a")?,
            b: point(proof, "b")?,
            v: scalar(proof, "v")?,
        },
    })
}

/// A guardian's statement that it is ready (§4.8), bound to the finished key's H_E.
pub fn ready_json(joint: &JointKey, r: &Ready) -> Vec<u8> {
    pretty(&json!({
        "format": READY_FORMAT,
        "election": h(&joint.extended_base_hash),
        "guardian": r.guardian,
        "public_share": h(&joint.vartime_public_share(r.guardian).compress().to_bytes()),
        "proof": proof_value(&r.proof),
    }))
}

/// Reads a statement of readiness for this key; its proof is checked by
/// [`crate::complaint::vartime_check_ready`].
pub fn ready_from_json(joint: &JointKey, bytes: &[u8]) -> Result<Ready, ReadError> {
    let v = parse(bytes, READY_FORMAT)?;
    if bytes32(&v, "election")? != joint.extended_base_hash {
        return Err(err(
            "it was made for other guardians' data (its H_E differs from the one they publish)",
        ));
    }
    let guardian = index(&v, "guardian")?;
    if guardian == 0 || guardian as usize > joint.guardians.len() {
        return Err(err(format!("guardian {guardian} is not in this ceremony")));
    }
    let shown: Encoded = point(&v, "public_share")?;
    if shown.point != joint.vartime_public_share(guardian) {
        return Err(err(format!(
            "'public_share' is not guardian {guardian}'s public share K_{guardian}"
        )));
    }
    Ok(Ready {
        guardian,
        proof: proof_of(v.get("proof").ok_or_else(|| err("missing 'proof'"))?)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complaint::{ready, vartime_check_ready};
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    #[test]
    fn every_document_reads_back_as_written_and_only_in_its_own_ceremony() {
        let mut rng = ChaCha20Rng::seed_from_u64(5);
        let base = [3u8; 32];
        let other = [4u8; 32];
        let gs: Vec<Guardian> = (1..=2)
            .map(|i| Guardian::new(i, &format!("Guardian {i}"), &base, 2, &mut rng))
            .collect();
        let publics: Vec<GuardianPublic> = gs.iter().map(|g| g.public().clone()).collect();
        let p = public_json(&base, &publics[0]);
        assert_eq!(public_from_json(&base, 2, &p).unwrap(), publics[0]);
        assert!(public_from_json(&other, 2, &p)
            .unwrap_err()
            .0
            .contains("base hash"));
        assert!(public_from_json(&base, 3, &p)
            .unwrap_err()
            .0
            .contains("expected 3 commitments"));

        let secret = secret_json(&base, &gs[0]);
        let back = secret_from_json(&base, &secret).unwrap();
        assert_eq!(back.public(), gs[0].public());
        assert_eq!(back.secrets().0, gs[0].secrets().0);
        // Another guardian's published data with these secrets is refused.
        let swapped = String::from_utf8(secret.to_vec()).unwrap().replace(
            &to_hex(&publics[0].aux_key.bytes),
            &to_hex(&publics[1].aux_key.bytes),
        );
        assert!(secret_from_json(&base, swapped.as_bytes())
            .unwrap_err()
            .0
            .contains("do not match"));

        let share = gs[0].share_for(&publics[1], &base, &mut rng);
        let bytes = share_json(&base, &share);
        assert_eq!(share_from_json(&base, &bytes).unwrap(), share);
        assert!(gs[1]
            .open_share(&base, &publics[0], &share_from_json(&base, &bytes).unwrap())
            .is_ok());

        let c = gs[1].complain(&base, &share, &mut rng);
        assert_eq!(
            complaint_from_json(&base, &complaint_json(&base, &c)).unwrap(),
            c
        );

        let shares = [share, gs[1].share_for(&publics[0], &base, &mut rng)];
        let key = gs[1].finish(&base, &publics, &shares).unwrap();
        let joint = JointKey::new(&base, publics.clone(), 2).unwrap();
        let r = ready(&key, &joint, &mut rng);
        let back = ready_from_json(&joint, &ready_json(&joint, &r)).unwrap();
        assert!(vartime_check_ready(&joint, &back));
        let joint_other = JointKey::new(&base, vec![publics[1].clone(), publics[0].clone()], 2)
            .map(|mut j| {
                j.extended_base_hash = [0; 32];
                j
            })
            .unwrap();
        assert!(ready_from_json(&joint_other, &ready_json(&joint, &r))
            .unwrap_err()
            .0
            .contains("H_E differs"));
    }
}

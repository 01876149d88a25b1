//! The guardians at a station's closing (docs/protocol.md §16): the documents that travel
//! between a polling station and the guardians, who never come to it and never give it their
//! keys.
//!
//! 1. The station publishes a **decryption request**: its encrypted totals (§9) with the
//!    election's H_E and its precinct.
//! 2. Each guardian, on their own machine, reads the request with their **key file** and
//!    answers with a **partial decryption**: their shares of every total, each with its proof
//!    (§10.1, §6.4).
//! 3. The station checks each partial against its own totals as it arrives
//!    ([`vartime_check_one`](crate::decryption::vartime_check_one)), and combines any quorum of them (§10.2).
//!
//! A partial binds the ciphertexts it decrypts through its proofs' statements; the precinct
//! and H_E in the documents only let a mix-up be named before any arithmetic.

use crate::decryption::{DecryptionProof, DecryptionShare};
use crate::el_gamal::Ciphertext;
use crate::guardian::GuardianKey;
use crate::reading::{array, bytes32, err, number, point, scalar, text, ReadError};
use crate::record::{h, pretty};
use crate::tally::{EncryptedTally, TalliedContest};
use crate::{Election, PartialDecryption};
use sailau_group::decode_scalar;
use serde_json::{json, Value};
use zeroize::Zeroizing;

/// The format tag of a station's decryption request (§16.1).
pub const REQUEST_FORMAT: &str = "sailau-decryption-request/1";
/// The format tag of a guardian's partial decryption (§16.2).
pub const PARTIAL_FORMAT: &str = "sailau-partial-decryption/1";
/// The format tag of a guardian's key file (§16.3).
pub const KEY_FORMAT: &str = "sailau-guardian-key/1";

fn format_is(v: &Value, want: &str) -> Result<(), ReadError> {
    let found = text(v, "format")?;
    if found != want {
        return Err(err(format!("format '{found}', expected '{want}'")));
    }
    Ok(())
}

fn parse(bytes: &[u8]) -> Result<Value, ReadError> {
    serde_json::from_slice(bytes).map_err(|e| err(format!("not JSON: {e}")))
}

/// The station's request (§16.1): its encrypted totals, contest by contest.
pub fn request_json(e: &Election, precinct: &str, tally: &EncryptedTally) -> Vec<u8> {
    let contests: Vec<Value> = tally
        .contests
        .iter()
        .map(|c| {
            let options: Vec<Value> = c
                .options
                .iter()
                .map(|ct| json!({ "alpha": h(&ct.alpha.bytes), "beta": h(&ct.beta.bytes) }))
                .collect();
            json!({ "contest": c.contest, "ballots": c.ballots, "options": options })
        })
        .collect();
    pretty(&json!({
        "format": REQUEST_FORMAT,
        "election": h(&e.extended_base_hash()),
        "precinct": precinct,
        "contests": contests,
    }))
}

/// Reads a request of election `e`: the precinct and its totals. Every contest must be the
/// manifest's, with the manifest's number of options.
pub fn request_from_json(
    e: &Election,
    bytes: &[u8],
) -> Result<(String, EncryptedTally), ReadError> {
    let v = parse(bytes)?;
    format_is(&v, REQUEST_FORMAT)?;
    if bytes32(&v, "election")? != e.extended_base_hash() {
        return Err(err("the request is of another election (its H_E differs)"));
    }
    let precinct = text(&v, "precinct")?.to_string();
    let contests = array(&v, "contests")?
        .iter()
        .map(|c| {
            let id = text(c, "contest")?;
            let spec = e
                .manifest
                .contest(id)
                .ok_or_else(|| err(format!("contest '{id}' is not in the manifest")))?;
            let options = array(c, "options")?
                .iter()
                .map(|o| {
                    Ok(Ciphertext {
                        alpha: point(o, "alpha")?,
                        beta: point(o, "beta")?,
                    })
                })
                .collect::<Result<Vec<_>, ReadError>>()?;
            if options.len() != spec.options.len() {
                return Err(err(format!(
                    "contest '{id}' has {} options, not {}",
                    spec.options.len(),
                    options.len()
                )));
            }
            Ok(TalliedContest {
                contest: id.to_string(),
                ballots: number(c, "ballots")?,
                options,
            })
        })
        .collect::<Result<Vec<_>, ReadError>>()?;
    Ok((precinct, EncryptedTally { contests }))
}

/// A guardian's answer (§16.2): their share of each total with its proof.
pub fn partial_json(
    e: &Election,
    precinct: &str,
    tally: &EncryptedTally,
    p: &PartialDecryption,
) -> Vec<u8> {
    let contests: Vec<Value> = tally
        .contests
        .iter()
        .zip(&p.shares)
        .map(|(c, shares)| {
            let shares: Vec<Value> = shares
                .iter()
                .map(|s| {
                    json!({
                        "share": h(&s.share.bytes),
                        "a": h(&s.proof.a.bytes),
                        "b": h(&s.proof.b.bytes),
                        "v": h(s.proof.v.as_bytes()),
                    })
                })
                .collect();
            json!({ "contest": c.contest, "shares": shares })
        })
        .collect();
    pretty(&json!({
        "format": PARTIAL_FORMAT,
        "election": h(&e.extended_base_hash()),
        "precinct": precinct,
        "guardian": p.guardian,
        "contests": contests,
    }))
}

/// Reads a guardian's answer to this station's request: of this election and precinct, with
/// one share per total of `tally`. The proofs are checked by
/// [`vartime_check_one`](crate::decryption::vartime_check_one).
pub fn partial_from_json(
    e: &Election,
    precinct: &str,
    tally: &EncryptedTally,
    bytes: &[u8],
) -> Result<PartialDecryption, ReadError> {
    let v = parse(bytes)?;
    format_is(&v, PARTIAL_FORMAT)?;
    if bytes32(&v, "election")? != e.extended_base_hash() {
        return Err(err(
            "the partial decryption is of another election (its H_E differs)",
        ));
    }
    let theirs = text(&v, "precinct")?;
    if theirs != precinct {
        return Err(err(format!(
            "the partial decryption is of precinct {theirs}, not of {precinct}"
        )));
    }
    let guardian =
        u32::try_from(number(&v, "guardian")?).map_err(|_| err("'guardian' is too large"))?;
    let contests = array(&v, "contests")?;
    if contests.len() != tally.contests.len() {
        return Err(err(format!(
            "it answers {} contests; the station's totals have {}",
            contests.len(),
            tally.contests.len()
        )));
    }
    let shares = contests
        .iter()
        .zip(&tally.contests)
        .map(|(c, mine)| {
            if text(c, "contest")? != mine.contest {
                return Err(err(format!(
                    "contest '{}' is not in the station's order",
                    text(c, "contest")?
                )));
            }
            let shares = array(c, "shares")?;
            if shares.len() != mine.options.len() {
                return Err(err(format!(
                    "contest '{}': {} shares for {} totals",
                    mine.contest,
                    shares.len(),
                    mine.options.len()
                )));
            }
            shares
                .iter()
                .map(|s| {
                    Ok(DecryptionShare {
                        share: point(s, "share")?,
                        proof: DecryptionProof {
                            a: point(s, "a")?,
                            b: point(s, "b")?,
                            v: scalar(s, "v")?,
                        },
                    })
                })
                .collect()
        })
        .collect::<Result<Vec<Vec<_>>, ReadError>>()?;
    Ok(PartialDecryption { guardian, shares })
}

/// A guardian's key file (§16.3): their secret share of the election key. Whoever holds it
/// can decrypt with them: it is written readable by its owner only, and wiped from memory.
pub fn key_json(e: &Election, key: &GuardianKey) -> Zeroizing<Vec<u8>> {
    let name = e
        .joint
        .guardians
        .get(key.index as usize - 1)
        .map_or("", |g| g.name.as_str());
    let share = Zeroizing::new(sailau_group::to_hex(key.share.as_bytes()));
    let text = Zeroizing::new(format!(
        "{{\n  \"format\": \"{KEY_FORMAT}\",\n  \"election\": \"{}\",\n  \"guardian\": {},\n  \"name\": {},\n  \"share\": \"{}\"\n}}\n",
        sailau_group::to_hex(&e.extended_base_hash()),
        key.index,
        serde_json::to_string(name).expect("a string serializes"),
        share.as_str()
    ));
    Zeroizing::new(text.as_bytes().to_vec())
}

/// Reads a key file: the election's H_E it belongs to, and the key. The key must be this
/// guardian's share of `e` (its public share K_j = s_j·G must match).
pub fn key_from_json(e: &Election, bytes: &[u8]) -> Result<GuardianKey, ReadError> {
    let mut v = parse(bytes)?;
    // The secret moves out of the parsed value into memory that is wiped when dropped.
    let share_hex = Zeroizing::new(match v.get_mut("share").map(Value::take) {
        Some(Value::String(s)) => s,
        _ => return Err(err("'share' is missing or not a string")),
    });
    format_is(&v, KEY_FORMAT)?;
    if bytes32(&v, "election")? != e.extended_base_hash() {
        return Err(err("the key is of another election (its H_E differs)"));
    }
    let index =
        u32::try_from(number(&v, "guardian")?).map_err(|_| err("'guardian' is too large"))?;
    if index == 0 || index as usize > e.joint.guardians.len() {
        return Err(err(format!(
            "guardian {index} is not a guardian of this election"
        )));
    }
    let raw = Zeroizing::new(
        sailau_group::from_hex32(&share_hex).map_err(|x| err(format!("'share': {x}")))?,
    );
    let share = decode_scalar(&raw).map_err(|x| err(format!("'share': {x}")))?;
    let key = GuardianKey { index, share };
    let public = sailau_group::RISTRETTO_BASEPOINT_TABLE * &key.share;
    if public != e.joint.vartime_public_share(index) {
        return Err(err(format!(
            "this is not guardian {index}'s share of the election key"
        )));
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decryption::{partial_decrypt, vartime_check_one, vartime_combine, DecryptionError};
    use crate::simulate::{list_manifest, simulate, Plan, Simulated};
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    fn election(ballots: usize, seed: u64) -> Simulated {
        let plan = Plan {
            guardians: 3,
            quorum: 2,
            absent: vec![],
            ballots,
            devices: 2,
            challenge_every: 0,
        };
        simulate(
            list_manifest(&["a", "b", "against-all"]),
            &plan,
            &mut ChaCha20Rng::seed_from_u64(seed),
        )
        .unwrap()
    }

    #[test]
    fn guardians_decrypt_a_station_through_its_documents_alone() {
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        let run = election(12, 3);
        let e = &run.election;
        let tally = &run.tally.tally;
        let request = request_json(e, "p-00001", tally);
        let (precinct, read) = request_from_json(e, &request).unwrap();
        assert_eq!((precinct.as_str(), &read), ("p-00001", tally));
        // Each guardian: key file and request in, partial out.
        let partials: Vec<PartialDecryption> = run.keys[1..]
            .iter()
            .map(|k| {
                let file = key_json(e, k);
                let key = key_from_json(e, &file).unwrap();
                let p = partial_decrypt(&key, e, &read, &mut rng);
                let bytes = partial_json(e, "p-00001", &read, &p);
                let back = partial_from_json(e, "p-00001", tally, &bytes).unwrap();
                vartime_check_one(e, tally, &back).unwrap();
                back
            })
            .collect();
        // The totals the voters meant, counted in the clear by the simulation.
        assert_eq!(vartime_combine(e, tally, &partials).unwrap(), run.intended);
    }

    #[test]
    fn a_mixed_up_or_forged_partial_is_refused_by_name() {
        let mut rng = ChaCha20Rng::seed_from_u64(4);
        let run = election(6, 4);
        let (e, tally) = (&run.election, &run.tally.tally);
        let p = partial_decrypt(&run.keys[0], e, tally, &mut rng);
        let bytes = partial_json(e, "p-00001", tally, &p);
        let other = partial_from_json(e, "p-00002", tally, &bytes).unwrap_err();
        assert!(
            other.0.contains("precinct p-00001, not of p-00002"),
            "{other}"
        );
        // Another total's share in the place of the first: it reads, and its proof fails,
        // naming the total.
        let mut forged = partial_from_json(e, "p-00001", tally, &bytes).unwrap();
        forged.shares[0][0] = forged.shares[0][1].clone();
        assert!(matches!(
            vartime_check_one(e, tally, &forged),
            Err(DecryptionError::Proof { option: 0, .. })
        ));
        // A key file that claims another guardian's place.
        let file = String::from_utf8(key_json(e, &run.keys[0]).to_vec()).unwrap();
        let wrong = file.replace("\"guardian\": 1", "\"guardian\": 2");
        assert!(key_from_json(e, wrong.as_bytes())
            .unwrap_err()
            .0
            .contains("not guardian 2's share"));
        // A request of another election.
        let stranger = election(3, 9);
        let request = request_json(&stranger.election, "p-00001", &stranger.tally.tally);
        assert!(request_from_json(e, &request)
            .unwrap_err()
            .0
            .contains("another election"));
    }
}

//! The guardians: any k of n decrypt the right totals, k − 1 cannot, and a guardian who
//! cheats in the ceremony or the decryption is named.

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::decryption::DecryptionError;
use sailau_crypto::guardian::{CeremonyError, Guardian, JointKey};
use sailau_crypto::simulate::{ceremony, list_manifest, random_marks};
use sailau_crypto::{
    encrypted_tally, partial_decrypt, vartime_combine, Device, Election, GuardianKey,
};
use sailau_group::{lagrange_at_zero, RistrettoPoint};

const PARTIES: [&str; 4] = ["amanat", "auyl", "respublica", "against-all"];

fn election(n: usize, k: u32, seed: u64) -> (Election, Vec<GuardianKey>, ChaCha20Rng) {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let names: Vec<String> = (1..=n).map(|i| format!("member {i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let (e, keys) = ceremony(list_manifest(&PARTIES), &names, k, &mut rng).unwrap();
    (e, keys, rng)
}

/// Every subset of 1..=n, as a bit mask.
fn subsets(n: u32) -> impl Iterator<Item = Vec<usize>> {
    (1u32..1 << n).map(move |mask| (0..n as usize).filter(|i| mask >> i & 1 == 1).collect())
}

#[test]
fn any_quorum_decrypts_the_right_totals_and_fewer_cannot() {
    let (e, keys, mut rng) = election(5, 3, 11);
    // Ten voters: 4, 3, 0 and 2 marks, and one blank.
    let choices = [0, 0, 1, 0, 3, 1, 0, 1, 3, 4];
    let mut device = Device::new(&e, "terminal-1");
    let mut ballots = Vec::new();
    for &c in &choices {
        let mut plain = random_marks(&e.manifest, "list", &mut rng);
        plain.marks[0] = (0..4).map(|i| i == c).collect();
        ballots.push(device.encrypt(&plain, &mut rng).unwrap().0);
    }
    let tally = encrypted_tally(&e.manifest, &ballots);
    let partials: Vec<_> = keys
        .iter()
        .map(|k| partial_decrypt(k, &e, &tally, &mut rng))
        .collect();
    for set in subsets(5) {
        let chosen: Vec<_> = set.iter().map(|&i| partials[i].clone()).collect();
        let result = vartime_combine(&e, &tally, &chosen);
        if set.len() >= 3 {
            assert_eq!(result.unwrap(), vec![vec![4, 3, 0, 2]], "guardians {set:?}");
        } else {
            assert_eq!(
                result.unwrap_err(),
                DecryptionError::Quorum {
                    have: set.len(),
                    need: 3
                }
            );
        }
    }
}

#[test]
fn fewer_than_quorum_shares_interpolate_to_a_wrong_key() {
    // What k − 1 guardians could compute, at best, from their public shares: not K.
    let (e, _, _) = election(4, 3, 12);
    let key = e.joint.public_key.key.point;
    for set in subsets(4) {
        let indices: Vec<u32> = set.iter().map(|&i| i as u32 + 1).collect();
        let lambdas = lagrange_at_zero(&indices).unwrap();
        let guess: RistrettoPoint = indices
            .iter()
            .zip(&lambdas)
            .map(|(&j, l)| e.joint.vartime_public_share(j) * l)
            .sum();
        assert_eq!(guess == key, set.len() >= 3, "guardians {indices:?}");
    }
}

#[test]
fn a_forged_share_or_an_outsider_is_refused() {
    let (e, keys, mut rng) = election(3, 2, 13);
    let mut device = Device::new(&e, "t");
    let plain = random_marks(&e.manifest, "list", &mut rng);
    let tally = encrypted_tally(&e.manifest, [&device.encrypt(&plain, &mut rng).unwrap().0]);
    let p1 = partial_decrypt(&keys[0], &e, &tally, &mut rng);
    let p2 = partial_decrypt(&keys[1], &e, &tally, &mut rng);
    // Guardian 1's shares presented as guardian 3's.
    let mut forged = p1.clone();
    forged.guardian = 3;
    assert!(matches!(
        vartime_combine(&e, &tally, &[p2.clone(), forged]),
        Err(DecryptionError::Proof { guardian: 3, .. })
    ));
    // Someone who is not a guardian at all.
    let mut outsider = p1.clone();
    outsider.guardian = 4;
    assert_eq!(
        vartime_combine(&e, &tally, &[p2.clone(), outsider]),
        Err(DecryptionError::Guardian(4))
    );
    // The same guardian twice does not make a quorum.
    assert_eq!(
        vartime_combine(&e, &tally, &[p1.clone(), p1]),
        Err(DecryptionError::Guardian(1))
    );
}

#[test]
fn the_ceremony_names_a_guardian_whose_share_or_proof_is_wrong() {
    let mut rng = ChaCha20Rng::seed_from_u64(14);
    let base = list_manifest(&PARTIES).base_hash(3, 2);
    let g: Vec<Guardian> = (1..=3)
        .map(|i| Guardian::new(i, &format!("g{i}"), &base, 2, &mut rng))
        .collect();
    let publics: Vec<_> = g.iter().map(|x| x.public().clone()).collect();
    let mut shares = Vec::new();
    for from in &g {
        for to in publics.iter().filter(|p| p.index != from.public().index) {
            shares.push(from.share_for(to, &base, &mut rng));
        }
    }
    assert!(g[0].finish(&base, &publics, &shares).is_ok());
    // A share altered in transit: its sender's signature no longer holds (§4.4).
    let mut bad = shares.clone();
    let s = bad.iter_mut().find(|s| s.from == 2 && s.to == 1).unwrap();
    s.sealed[0] ^= 1;
    assert_eq!(
        g[0].finish(&base, &publics, &bad).unwrap_err(),
        CeremonyError::Signature(2)
    );
    // A share in guardian 3's name that guardian 2 made: signed, but not by guardian 3.
    let mut bad = shares.clone();
    let from_2 = g[1].share_for(&publics[0], &base, &mut rng);
    let s = bad.iter_mut().find(|s| s.from == 3 && s.to == 1).unwrap();
    *s = sailau_crypto::guardian::EncryptedShare { from: 3, ..from_2 };
    assert_eq!(
        g[0].finish(&base, &publics, &bad).unwrap_err(),
        CeremonyError::Signature(3)
    );
    // A share missing.
    let fewer: Vec<_> = shares.iter().filter(|s| s.from != 3).cloned().collect();
    assert_eq!(
        g[0].finish(&base, &publics, &fewer).unwrap_err(),
        CeremonyError::MissingShare(3)
    );
    // Guardian 2 publishes commitments that do not match the polynomial it shares from
    // (swapped, which guardian 1 could not notice: at x = 1 the order of terms is moot).
    let mut lying = publics.clone();
    lying[1].commitments.swap(0, 1);
    assert_eq!(
        g[2].finish(&base, &lying, &shares).unwrap_err(),
        CeremonyError::Mismatch(2)
    );
    // ... and its proofs then no longer match its commitments either.
    assert_eq!(
        JointKey::new(&base, lying, 2).err(),
        Some(CeremonyError::Proof {
            guardian: 2,
            coefficient: 0
        })
    );
    // Proofs made for another election do not transfer.
    let other = list_manifest(&["x", "y"]).base_hash(3, 2);
    assert!(matches!(
        JointKey::new(&other, publics, 2),
        Err(CeremonyError::Proof { .. })
    ));
}

#[test]
fn secrets_never_show_in_debug_output() {
    let (e, keys, mut rng) = election(3, 2, 15);
    assert_eq!(format!("{:?}", keys[0]), "GuardianKey(1, secret withheld)");
    let g = Guardian::new(1, "member", &e.base_hash, 2, &mut rng);
    assert_eq!(format!("{g:?}"), "Guardian(1, secrets withheld)");
    let plain = random_marks(&e.manifest, "list", &mut rng);
    assert_eq!(
        format!("{plain:?}"),
        "PlaintextBallot(list, marks withheld)"
    );
    let (_, opening) = Device::new(&e, "t").encrypt(&plain, &mut rng).unwrap();
    assert_eq!(format!("{opening:?}"), "Opening(withheld)");
}

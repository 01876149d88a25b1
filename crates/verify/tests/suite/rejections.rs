//! Each way a record can lie is caught by the check that names it, and batched and
//! one-by-one verification always agree (`failed_both_ways` asserts it).

use crate::common::*;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::{Device, EncryptedBallot, Opening};
use serde_json::{json, Value};

/// A device that carries on `terminal-1`'s chain in `s`, under election `e`.
fn next_on_terminal_1<'e>(s: &crate::common::Sim, e: &'e sailau_crypto::Election) -> Device<'e> {
    let last = s
        .ballots
        .iter()
        .rev()
        .find(|(b, _)| b.device == "terminal-1")
        .unwrap();
    Device::resume(e, "terminal-1", last.0.seq + 1, last.0.code)
}

fn with(s: &crate::common::Sim, extra: (EncryptedBallot, Opening)) -> [Vec<u8>; 3] {
    let mut ballots: Vec<_> = s
        .ballots
        .iter()
        .map(|(b, o)| (b.clone(), o.clone()))
        .collect();
    ballots.push((extra.0, None));
    record_of(s, &ballots, false)
}

#[test]
fn the_base_record_is_honest() {
    let s = small(2, 8);
    assert_eq!(
        failed_both_ways(&record_of(&s, &s.ballots, false)),
        Vec::<usize>::new()
    );
}

#[test]
fn a_selection_of_two_is_rejected() {
    let s = small(2, 8);
    let mut rng = ChaCha20Rng::seed_from_u64(5);
    let b = next_on_terminal_1(&s, &s.election).encrypt_values("list", &[vec![2, 0, 0]], &mut rng);
    let failed = failed_both_ways(&with(&s, b));
    assert!(failed.contains(&7), "{failed:?}");
    assert!(!failed.contains(&9) && !failed.contains(&12), "{failed:?}");
}

#[test]
fn a_wrong_contest_total_is_rejected_though_every_selection_is_0_or_1() {
    let s = small(2, 8);
    let mut rng = ChaCha20Rng::seed_from_u64(6);
    let b = next_on_terminal_1(&s, &s.election).encrypt_values("list", &[vec![1, 1, 0]], &mut rng);
    assert_eq!(failed_both_ways(&with(&s, b)), vec![8]);
    // A council ballot with no mark where at least one is required.
    let b = next_on_terminal_1(&s, &s.election).encrypt_values(
        "list+council",
        &[vec![0, 0, 1], vec![0, 0, 0, 0]],
        &mut rng,
    );
    assert_eq!(failed_both_ways(&with(&s, b)), vec![8]);
}

#[test]
fn a_ballot_under_the_wrong_public_key_is_rejected() {
    let s = small(2, 8);
    let other = small(3, 0);
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    let last = s
        .ballots
        .iter()
        .rev()
        .find(|(b, _)| b.device == "terminal-1")
        .unwrap();
    let mut d = Device::resume(&other.election, "terminal-1", last.0.seq + 1, last.0.code);
    let b = d.encrypt_values("list", &[vec![0, 1, 0]], &mut rng);
    let failed = failed_both_ways(&with(&s, b));
    assert!(failed.contains(&7) && failed.contains(&8), "{failed:?}");
    // And a record that names another key than its guardians made.
    let mut f = record_of(&s, &s.ballots, false);
    let key = String::from_utf8(other.files()[0].1.clone()).unwrap();
    let other_key: Value = serde_json::from_str(&key).unwrap();
    let mut e: Value = serde_json::from_slice(&f[0]).unwrap();
    e["public_key"] = other_key["public_key"].clone();
    f[0] = (serde_json::to_string_pretty(&e).unwrap() + "\n").into_bytes();
    assert!(failed_both_ways(&f).contains(&5));
}

#[test]
fn ciphertexts_swapped_between_ballots_are_rejected() {
    let s = small(2, 8);
    let mut f = record_of(&s, &s.ballots, false);
    let mut first = Value::Null;
    edit_ballot(&mut f, 1, |b| {
        first = b["contests"][0]["selections"][0].clone()
    });
    let mut second = Value::Null;
    edit_ballot(&mut f, 2, |b| {
        second = std::mem::replace(&mut b["contests"][0]["selections"][0], first.clone())
    });
    edit_ballot(&mut f, 1, |b| b["contests"][0]["selections"][0] = second);
    let failed = failed_both_ways(&f);
    assert!(failed.contains(&7), "{failed:?}");
}

#[test]
fn a_reused_or_altered_proof_is_rejected() {
    let s = small(2, 8);
    let base = record_of(&s, &s.ballots, false);
    // Ballot 1's proof on ballot 2's ciphertext.
    let mut f = base.clone();
    let mut proof = Value::Null;
    edit_ballot(&mut f, 1, |b| {
        proof = b["contests"][0]["selections"][0]["proof"].clone()
    });
    edit_ballot(&mut f, 2, |b| {
        b["contests"][0]["selections"][0]["proof"] = proof
    });
    assert_eq!(failed_both_ways(&f), vec![7]);
    // A response changed to another valid scalar.
    let mut f = base.clone();
    edit_ballot(&mut f, 3, |b| {
        let branch = &mut b["contests"][0]["proof"][1];
        branch["v"] = branch["c"].clone();
    });
    assert_eq!(failed_both_ways(&f), vec![8]);
    // A whole ballot replayed.
    let mut f = base;
    let lines: Vec<&[u8]> = f[1].split_inclusive(|&c| c == b'\n').collect();
    let mut again = f[1].clone();
    again.extend_from_slice(lines[0]);
    f[1] = again;
    let failed = failed_both_ways(&f);
    assert!(failed.contains(&9) && failed.contains(&11), "{failed:?}");
}

#[test]
fn a_challenged_ballot_in_the_tally_is_rejected() {
    let s = small(2, 8);
    assert!(s.ballots.iter().any(|(_, o)| o.is_some()));
    let failed = failed_both_ways(&record_of(&s, &s.ballots, true));
    assert!(failed.contains(&12), "{failed:?}");
}

#[test]
fn a_challenged_ballot_must_open_to_its_ciphertexts() {
    let s = small(2, 8);
    let mut f = record_of(&s, &s.ballots, false);
    let line = s.ballots.iter().position(|(_, o)| o.is_some()).unwrap() + 1;
    edit_ballot(&mut f, line, |b| {
        let o = &mut b["contests"][0]["selections"][0]["opening"]["value"];
        *o = json!(1 - o.as_u64().unwrap());
    });
    assert_eq!(failed_both_ways(&f), vec![10]);
}

#[test]
fn a_partial_decryption_from_a_non_guardian_is_rejected() {
    let s = small(2, 8);
    let base = record_of(&s, &s.ballots, false);
    // An outsider's share added.
    let mut f = base.clone();
    edit_tally(&mut f, |t| {
        let shares = t["contests"][0]["options"][0]["shares"]
            .as_array_mut()
            .unwrap();
        let mut outsider = shares[0].clone();
        outsider["guardian"] = json!(9);
        shares.push(outsider);
    });
    assert_eq!(failed_both_ways(&f), vec![13]);
    // Guardian 1's share passed off as guardian 2's.
    let mut f = base.clone();
    edit_tally(&mut f, |t| {
        t["contests"][0]["options"][1]["shares"][0]["guardian"] = json!(2);
    });
    assert_eq!(failed_both_ways(&f), vec![13]);
    // The one false proof among the tally's batch is named: its total and its guardian.
    let named = &run(&f, false).unwrap().checks[12].failures;
    assert_eq!(named.len(), 1, "{named:?}");
    assert!(
        named[0].contains("option") && named[0].contains("guardian 2's decryption proof"),
        "{named:?}"
    );
    // Below the quorum.
    let mut f = base.clone();
    edit_tally(&mut f, |t| {
        t["contests"][1]["options"][0]["shares"]
            .as_array_mut()
            .unwrap()
            .pop();
    });
    assert_eq!(failed_both_ways(&f), vec![13]);
    // A total that the shares do not decrypt to.
    let mut f = base;
    edit_tally(&mut f, |t| {
        let c = &mut t["contests"][1]["options"][2]["count"];
        *c = json!(c.as_u64().unwrap() + 1);
    });
    let failed = failed_both_ways(&f);
    assert!(failed.contains(&14), "{failed:?}");
}

#[test]
fn a_record_in_another_spelling_is_refused() {
    let s = small(2, 4);
    let mut f = record_of(&s, &s.ballots, false);
    // Same JSON values, different bytes: compact instead of pretty.
    let v: Value = serde_json::from_slice(&f[2]).unwrap();
    f[2] = serde_json::to_vec(&v).unwrap();
    assert_eq!(failed_both_ways(&f), vec![1]);
}

#[test]
fn unreadable_input_is_an_error_not_a_verdict() {
    let s = small(2, 4);
    let f = record_of(&s, &s.ballots, false);
    for (i, bad) in [&b"{"[..], b"{\"format\":1}", b""].into_iter().enumerate() {
        let mut g = f.clone();
        g[if i == 2 { 0 } else { 2 }] = bad.to_vec();
        assert!(run(&g, false).is_err());
    }
    let mut g = f.clone();
    g[1].pop(); // the last line loses its newline
    assert!(run(&g, false).is_err());
}

#[test]
fn absurd_counts_are_a_failed_check_not_a_crash() {
    let s = small(2, 4);
    let mut f = record_of(&s, &s.ballots, false);
    edit_tally(&mut f, |t| {
        t["contests"][0]["ballots"] = json!(u64::MAX);
        for o in t["contests"][0]["options"].as_array_mut().unwrap() {
            o["count"] = json!(u64::MAX);
        }
    });
    let failed = failed_both_ways(&f);
    assert!(failed.contains(&12) && failed.contains(&15), "{failed:?}");
}

/// Found by the `station_record` fuzz target: a ballot whose `seq` is the largest 64-bit
/// number overflowed the chain check's count of the next one.
#[test]
fn a_ballot_numbered_at_the_end_of_the_integers_is_a_broken_chain_not_a_crash() {
    let s = small(2, 4);
    let mut f = record_of(&s, &s.ballots, false);
    edit_ballot(&mut f, 1, |b| b["seq"] = json!(u64::MAX));
    let failed = failed_both_ways(&f);
    assert!(failed.contains(&9), "{failed:?}");
    let named = &run(&f, false).unwrap().checks[8].failures;
    assert!(
        named.iter().any(|m| m.contains("chain broken")),
        "{named:?}"
    );
}

#[test]
fn a_guardian_proof_that_does_not_hold_is_named_by_its_coefficient() {
    let s = small(2, 4);
    let mut f = record_of(&s, &s.ballots, false);
    // Guardian 2's second response replaced by its first: a valid scalar, a false proof.
    let mut e: Value = serde_json::from_slice(&f[0]).unwrap();
    let first = e["guardian_keys"][1]["proofs"][0]["v"].clone();
    e["guardian_keys"][1]["proofs"][1]["v"] = first;
    f[0] = (serde_json::to_string_pretty(&e).unwrap() + "\n").into_bytes();
    let failed = failed_both_ways(&f);
    assert!(failed.contains(&4), "{failed:?}");
    let named = &run(&f, false).unwrap().checks[3].failures;
    assert_eq!(
        named,
        &vec!["guardian 2, coefficient 1: the proof does not verify".to_string()]
    );
}

//! Ballots as polling stations produce them: in the order voters reach the box, some carrying
//! only the contests of an absentee certificate; and the box's one-ballot intake check.

use crate::common::*;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::{Device, PlaintextBallot};
use sailau_verify::Intake;

#[test]
fn ballots_reaching_the_box_out_of_terminal_order_verify() {
    let s = small(3, 12);
    let mut ballots = s.ballots.clone();
    // The voters served 2nd and 4th by a terminal reach the box in the opposite order.
    ballots.swap(2, 6);
    assert_eq!(ballots[2].0.device, ballots[6].0.device);
    assert_eq!(
        failed_both_ways(&record_of(&s, &ballots, false)),
        Vec::<usize>::new()
    );
}

#[test]
fn a_missing_ballot_still_breaks_its_devices_chain() {
    let s = small(3, 12);
    let mut ballots = s.ballots.clone();
    // Drop a cast ballot from the middle of a chain (not the last of its device).
    let gone = ballots
        .iter()
        .position(|(b, o)| o.is_none() && b.seq == 1)
        .unwrap();
    ballots.remove(gone);
    assert_eq!(failed_both_ways(&record_of(&s, &ballots, false)), vec![9]);
}

#[test]
fn an_absentee_ballot_carries_some_of_its_styles_contests() {
    let s = small(4, 6);
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let mut d = Device::new(&s.election, "terminal-9");
    // A voter from elsewhere: the certificate covers the council only.
    let council_only = PlaintextBallot {
        style: "list+council".into(),
        contests: vec!["council".into()],
        marks: vec![vec![false, true, false, false]],
    };
    let (b, _) = d.encrypt(&council_only, &mut rng).unwrap();
    assert_eq!(b.contests.len(), 1);
    let mut ballots = s.ballots.clone();
    ballots.push((b, None));
    let f = record_of(&s, &ballots, false);
    assert_eq!(failed_both_ways(&f), Vec::<usize>::new());
    // The council total counts the absentee ballot; the list's count does not.
    let list_cast = s
        .ballots
        .iter()
        .filter(|(b, o)| o.is_none() && b.contests.iter().any(|c| c.contest == "list"))
        .count() as u64;
    let t: serde_json::Value = serde_json::from_slice(&f[2]).unwrap();
    assert_eq!(t["contests"][0]["ballots"], list_cast);
    // Out of the style's order, or empty, the device refuses.
    let backwards = PlaintextBallot {
        style: "list+council".into(),
        contests: vec!["council".into(), "list".into()],
        marks: vec![vec![false, true, false, false], vec![true, false, false]],
    };
    assert!(d.encrypt(&backwards, &mut rng).is_err());
}

#[test]
fn a_ballot_listing_its_contests_out_of_order_fails_check_6() {
    let s = small(5, 6);
    let mut f = record_of(&s, &s.ballots, false);
    let line = s
        .ballots
        .iter()
        .position(|(b, _)| b.contests.len() == 2)
        .unwrap()
        + 1;
    edit_ballot(&mut f, line, |v| {
        let c = v["contests"].as_array_mut().unwrap();
        c.swap(0, 1);
    });
    assert!(failed_both_ways(&f).contains(&6));
}

#[test]
fn intake_accepts_honest_ballots_and_names_what_is_wrong_with_others() {
    let s = small(6, 8);
    let f = record_of(&s, &s.ballots, false);
    let intake = Intake::new(&f[0]).unwrap();
    let lines: Vec<&[u8]> = f[1]
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    for (line, (b, o)) in lines.iter().zip(&s.ballots) {
        let a = intake.check(line).unwrap();
        assert_eq!(
            (a.device.as_str(), a.seq, a.code),
            (b.device.as_str(), b.seq, b.code)
        );
        assert_eq!(a.challenged, o.is_some());
    }
    // A flipped bit in a ciphertext: the code and the proofs no longer match.
    let mut bad: serde_json::Value = serde_json::from_slice(lines[0]).unwrap();
    let alpha = bad["contests"][0]["selections"][0]["alpha"]
        .as_str()
        .unwrap()
        .to_string();
    let flipped = format!(
        "{}{}",
        &alpha[..63],
        if alpha.ends_with('0') { '2' } else { '0' }
    );
    bad["contests"][0]["selections"][0]["alpha"] = flipped.into();
    let errs = intake
        .check(serde_json::to_string(&bad).unwrap().as_bytes())
        .unwrap_err();
    assert!(errs.iter().any(|e| e.starts_with("check 9:")), "{errs:?}");
    // Not canonical: a space after a colon.
    let spaced = String::from_utf8(lines[0].to_vec())
        .unwrap()
        .replacen("\":", "\": ", 1);
    let errs = intake.check(spaced.as_bytes()).unwrap_err();
    assert!(errs.iter().any(|e| e.starts_with("check 1:")), "{errs:?}");
    // Not a ballot at all.
    assert!(intake.check(b"{}").is_err());
    // Another election's ballots fail their proofs and code.
    let other = small(7, 2);
    let g = record_of(&other, &other.ballots, false);
    let foreign = g[1].split(|&b| b == b'\n').next().unwrap();
    let errs = intake.check(foreign).unwrap_err();
    assert!(errs.iter().any(|e| e.starts_with("check 7:")), "{errs:?}");
    // A tampered election file is refused outright.
    let mut e: serde_json::Value = serde_json::from_slice(&f[0]).unwrap();
    e["quorum"] = 9.into();
    let tampered = serde_json::to_string_pretty(&e).unwrap() + "\n";
    assert!(Intake::new(tampered.as_bytes()).is_err());
}

/// The chains of `s`'s two terminals as they stood at closing, with `missing` ballots.
fn chains_at_closing(s: &Sim, missing: &[(&str, u64)]) -> Vec<sailau_crypto::record::DeviceChain> {
    ["terminal-1", "terminal-2"]
        .iter()
        .map(|d| {
            let mine: Vec<_> = s.ballots.iter().filter(|(b, _)| b.device == *d).collect();
            sailau_crypto::record::DeviceChain {
                device: d.to_string(),
                ballots: mine.len() as u64,
                last: mine.last().unwrap().0.code,
                missing: missing
                    .iter()
                    .filter(|(x, _)| x == d)
                    .map(|&(_, q)| q)
                    .collect(),
            }
        })
        .collect()
}

#[test]
fn a_declared_missing_ballot_leaves_an_honest_gap() {
    let s = small(8, 12);
    // A voter walked away with the card of terminal-1's ballot 2, and terminal-2's last
    // ballot never reached the box.
    let last2 = s
        .ballots
        .iter()
        .filter(|(b, _)| b.device == "terminal-2")
        .count() as u64
        - 1;
    let kept: Vec<_> = s
        .ballots
        .iter()
        .filter(|(b, _)| {
            let gone = (b.device == "terminal-1" && b.seq == 2)
                || (b.device == "terminal-2" && b.seq == last2);
            !gone
        })
        .cloned()
        .collect();
    let declared = chains_at_closing(&s, &[("terminal-1", 2), ("terminal-2", last2)]);
    let f = record_with_devices(&s, &kept, false, declared);
    assert_eq!(failed_both_ways(&f), Vec::<usize>::new());
    // Undeclared, the same gap breaks the chain.
    assert_eq!(failed_both_ways(&record_of(&s, &kept, false)), vec![9]);
}

#[test]
fn declarations_that_do_not_match_the_board_fail_check_9() {
    let s = small(9, 12);
    let all = s.ballots.clone();
    // A ballot on the board declared missing.
    let f = record_with_devices(&s, &all, false, chains_at_closing(&s, &[("terminal-1", 1)]));
    assert_eq!(failed_both_ways(&f), vec![9]);
    // One ballot more than the board shows (the last was dropped without a word).
    let mut more = chains_at_closing(&s, &[]);
    more[0].ballots += 1;
    assert_eq!(
        failed_both_ways(&record_with_devices(&s, &all, false, more)),
        vec![9]
    );
    // A chain that ends elsewhere than declared.
    let mut wrong = chains_at_closing(&s, &[]);
    wrong[1].last = [7; 32];
    assert_eq!(
        failed_both_ways(&record_with_devices(&s, &all, false, wrong)),
        vec![9]
    );
    // A device with ballots but no declaration, where others are declared.
    let mut one = chains_at_closing(&s, &[]);
    one.pop();
    assert_eq!(
        failed_both_ways(&record_with_devices(&s, &all, false, one)),
        vec![9]
    );
}

/// A station's tally of some contests: `keep` of the manifest's, decrypted by guardians 1, 3.
fn record_tallying(s: &Sim, keep: &[&str]) -> [Vec<u8>; 3] {
    use sailau_crypto::record::{files, PublishedTally};
    use sailau_crypto::{encrypted_tally, partial_decrypt, vartime_combine};
    let e = &s.election;
    let keep: Vec<String> = keep.iter().map(|k| k.to_string()).collect();
    let tally = encrypted_tally(
        &e.manifest,
        s.ballots
            .iter()
            .filter(|(_, o)| o.is_none())
            .map(|(b, _)| b),
    )
    .restricted_to(&keep);
    let mut rng = ChaCha20Rng::seed_from_u64(3);
    let partials: Vec<_> = [0, 2]
        .iter()
        .map(|&i| partial_decrypt(&s.keys[i], e, &tally, &mut rng))
        .collect();
    let counts = vartime_combine(e, &tally, &partials).unwrap();
    let challenged = s.ballots.iter().filter(|(_, o)| o.is_some()).count() as u64;
    let t = PublishedTally {
        tally,
        partials,
        counts,
        challenged,
        devices: Vec::new(),
    };
    let f = files(e, &s.ballots, &t);
    [f[0].1.clone(), f[1].1.clone(), f[2].1.clone()]
}

#[test]
fn a_station_tallies_only_the_contests_its_ballots_carry() {
    // Only list-only ballots: every other ballot of `small` has style "list".
    let s = small(10, 8);
    let list_only: Vec<_> = s
        .ballots
        .iter()
        .filter(|(b, _)| b.style == "list")
        .cloned()
        .collect();
    let s = Sim {
        ballots: list_only,
        ..s
    };
    assert_eq!(
        failed_both_ways(&record_tallying(&s, &["list"])),
        Vec::<usize>::new()
    );
    // Ballots that carry the council contest cannot be left out of the tally.
    let t = small(11, 8);
    let failed = failed_both_ways(&record_tallying(&t, &["list"]));
    assert!(failed.contains(&12), "{failed:?}");
}

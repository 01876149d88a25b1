//! `ballots.bin` carries exactly the lines of `ballots.jsonl`: each way, byte for byte, at
//! well under half the size, and anything that is not one of its entries is refused.

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use sailau_crypto::compact::{lines, to_compact, to_jsonl, MAGIC};
use sailau_crypto::simulate::{list_manifest, simulate, Plan};

/// A station's log of the 2023 Mazhilis list ballot (7 parties and "against all"), one in
/// four ballots challenged and so carrying its opening.
fn log(ballots: usize) -> Vec<u8> {
    let plan = Plan {
        guardians: 3,
        quorum: 2,
        absent: vec![],
        ballots,
        devices: 2,
        challenge_every: 4,
    };
    let parties = [
        "amanat",
        "auyl",
        "respublica",
        "ak-zhol",
        "qhp",
        "ndp",
        "baytaq",
    ];
    let mut options = parties.to_vec();
    options.push("against-all");
    let s = simulate(
        list_manifest(&options),
        &plan,
        &mut ChaCha20Rng::seed_from_u64(7),
    )
    .unwrap();
    s.files()
        .into_iter()
        .find(|(name, _)| *name == "ballots.jsonl")
        .unwrap()
        .1
}

#[test]
fn the_compact_log_reads_back_to_the_same_lines_at_under_half_the_size() {
    let jsonl = log(8);
    let compact = to_compact(&jsonl).unwrap();
    assert!(compact.starts_with(MAGIC));
    assert_eq!(to_jsonl(&compact).unwrap(), jsonl);
    let entries: Vec<String> = lines(&compact).collect::<Result<_, _>>().unwrap();
    assert_eq!(entries.len(), 8);
    // The goal: an 8-option ballot under 3.5 KB in the published record. A cast one
    // is 52 points and 36 scalars (2,816 bytes) with ids, seq and chain; a challenged one
    // adds 8 values and nonces.
    let per_ballot = (compact.len() - MAGIC.len()) / 8;
    assert!(per_ballot < 3_500, "{per_ballot} bytes per ballot");
    assert!(per_ballot > 2_816, "{per_ballot} bytes per ballot");
    assert!(
        compact.len() * 2 < jsonl.len(),
        "{} of {}",
        compact.len(),
        jsonl.len()
    );
}

#[test]
fn an_empty_log_is_the_header_alone() {
    assert_eq!(to_compact(b"").unwrap(), MAGIC);
    assert_eq!(to_jsonl(MAGIC).unwrap(), b"");
}

#[test]
fn a_line_not_in_canonical_form_is_refused_by_its_number() {
    let jsonl = String::from_utf8(log(3)).unwrap();
    let mut lines: Vec<&str> = jsonl.lines().collect();
    let respaced = lines[1].replacen("\":", "\": ", 1);
    lines[1] = &respaced;
    let bad = lines.join("\n") + "\n";
    let e = to_compact(bad.as_bytes()).unwrap_err().to_string();
    assert!(e.starts_with("line 2:"), "{e}");
    let e = to_compact(jsonl.trim_end().as_bytes())
        .unwrap_err()
        .to_string();
    assert!(e.contains("no newline"), "{e}");
}

#[test]
fn a_damaged_compact_log_is_refused_and_never_half_read() {
    let compact = to_compact(&log(3)).unwrap();
    // Not the format's header.
    assert!(to_jsonl(&compact[1..]).is_err());
    let mut other = compact.clone();
    other[MAGIC.len() - 2] = b'2';
    assert!(to_jsonl(&other)
        .unwrap_err()
        .to_string()
        .contains("sailau-ballots/1"));
    // Cut anywhere inside the entries.
    for cut in [MAGIC.len() + 2, MAGIC.len() + 100, compact.len() - 1] {
        assert!(to_jsonl(&compact[..cut]).is_err(), "cut at {cut}");
    }
    // The first entry's length one byte longer: its ballot has a byte left over.
    let mut longer = compact.clone();
    let at = MAGIC.len() + 3;
    longer[at] = longer[at].wrapping_add(1);
    assert!(to_jsonl(&longer).is_err());
    // A state byte that is neither cast (0) nor challenged (1).
    let mut state = compact.clone();
    state[MAGIC.len() + 4] = 2;
    let e = to_jsonl(&state).unwrap_err().to_string();
    assert!(e.contains("entry 1") && e.contains("state"), "{e}");
}
